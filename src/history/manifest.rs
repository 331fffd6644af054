use sha2::{Digest, Sha256};
use std::io;
use std::path::Path;

/// Hex SHA-256 of some bytes.
pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// Every file of a snapshot (relative paths with `/`, sorted) except `release.toml`.
pub fn files(snapshot: &Path) -> io::Result<Vec<String>> {
    scan(snapshot).map(|(files, _)| files)
}

/// An entry that is not a regular file: its relative path and what it is.
pub type Special = (String, &'static str);

/// The regular files of a snapshot as `files` gives them, and the entries that are neither
/// files nor directories (FIFOs, sockets, devices: never opened), with what they are.
pub fn scan(snapshot: &Path) -> io::Result<(Vec<String>, Vec<Special>)> {
    let (mut out, mut special) = (Vec::new(), Vec::new());
    for entry in walkdir::WalkDir::new(snapshot).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let kind = entry.file_type();
        // Symbolic links are not part of a snapshot (`release` copies files only).
        if kind.is_dir() || kind.is_symlink() {
            continue;
        }
        let rel = entry.path().strip_prefix(snapshot).map_err(io::Error::other)?;
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        if kind.is_file() {
            if rel != super::RELEASE_FILE {
                out.push(rel);
            }
        } else {
            special.push((rel, crate::source::special_kind(&kind)));
        }
    }
    out.sort();
    Ok((out, special))
}

/// Whether `bytes` are the text recorded as `hash` with other line endings: LF turned into
/// CRLF (git's `core.autocrlf=true`, the default of Git for Windows), or CRLF into LF.
pub(super) fn only_line_endings(bytes: &[u8], hash: &str) -> bool {
    if !bytes.contains(&b'\n') {
        return false;
    }
    let mut lf = Vec::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
            lf.push(b);
        }
    }
    if sha256(&lf) == hash {
        return true;
    }
    let mut crlf = Vec::with_capacity(lf.len() + lf.len() / 16);
    for &b in &lf {
        if b == b'\n' {
            crlf.push(b'\r');
        }
        crlf.push(b);
    }
    sha256(&crlf) == hash
}

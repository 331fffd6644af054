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

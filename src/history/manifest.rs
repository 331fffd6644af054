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
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(snapshot).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(snapshot).map_err(io::Error::other)?;
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        if rel != super::RELEASE_FILE {
            out.push(rel);
        }
    }
    out.sort();
    Ok(out)
}

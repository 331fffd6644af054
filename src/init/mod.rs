//! `qingdan init`: a new site with a small working example a publisher can edit.

use std::io;
use std::path::Path;

macro_rules! starter {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("site/", $path)))),*]
    };
}

const FILES: &[(&str, &str)] = starter!(
    "qingdan.toml",
    "content/bodies/county.toml",
    "content/bodies/dongcun.toml",
    "content/bodies/zhujian.toml",
    "content/bodies/nongye.toml",
    "content/lists/dongcun.toml",
    "content/territorial.toml",
    "content/admission.toml",
    "content/admission.md",
    "content/guidance/zhifa.toml",
    "content/pages/about.md",
);

/// Keeps the sources and releases byte for byte in git checkouts (no line-ending conversion):
/// a release records every file's SHA-256. Stored without its dot so that it does not apply
/// to the starter's own files in this repository.
const GITATTRIBUTES: (&str, &str) = (".gitattributes", include_str!("site/gitattributes"));

/// Writes the starter site into `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> io::Result<()> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("目录 {} 已存在且不为空", dir.display())));
    }
    for (path, text) in FILES.iter().chain([&GITATTRIBUTES]) {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, text)?;
    }
    Ok(())
}

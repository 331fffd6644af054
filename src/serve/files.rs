//! Which file a request path names, refusing anything outside the site: `..` segments,
//! encoded (`%2e%2e`, `%2f`) or not, backslashes, NUL bytes, and symbolic links that lead out.

use percent_encoding::percent_decode_str;
use std::path::{Path, PathBuf};

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the site.
    File(PathBuf),
    /// A directory asked for without its final `/`: relative links need it, so redirect.
    Slash(String),
    NotFound,
    /// Outside the site, or not a path a site can have.
    Forbidden,
}

/// Resolves the path of a request URI (without the query) against the site at `root`.
pub fn resolve(root: &Path, uri_path: &str) -> Resolved {
    let Ok(decoded) = percent_decode_str(uri_path).decode_utf8() else { return Resolved::Forbidden };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return Resolved::Forbidden;
    }
    let mut path = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(':') {
            return Resolved::Forbidden;
        }
        path.push(segment);
    }
    if path.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::Slash(format!("{uri_path}/"));
        }
        path.push("index.html");
    }
    // Symbolic links inside the output could point anywhere; only files under the root are served.
    match (path.canonicalize(), root.canonicalize()) {
        (Ok(file), Ok(root)) if file.starts_with(&root) && file.is_file() => Resolved::File(file),
        (Ok(_), Ok(_)) => Resolved::Forbidden,
        _ => Resolved::NotFound,
    }
}

/// The Content-Type of a file served from the site, by extension.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|x| x.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xml" | "atom" => "application/atom+xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> PathBuf {
        let root = std::env::temp_dir().join(format!("qingdan-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("site/tangxi")).unwrap();
        std::fs::write(root.join("site/index.html"), "home").unwrap();
        std::fs::write(root.join("site/tangxi/index.html"), "t").unwrap();
        std::fs::write(root.join("secret.txt"), "s").unwrap();
        root
    }

    #[test]
    fn paths_inside_resolve_and_outside_are_refused() {
        let root = site();
        let s = root.join("site");
        let canon = |p: &str| Resolved::File(s.join(p).canonicalize().unwrap());
        assert_eq!(resolve(&s, "/"), canon("index.html"));
        assert_eq!(resolve(&s, "/tangxi/"), canon("tangxi/index.html"));
        assert_eq!(resolve(&s, "/tangxi"), Resolved::Slash("/tangxi/".into()));
        assert_eq!(resolve(&s, "/%E6%B2%A1%E6%9C%89.html"), Resolved::NotFound);
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/tangxi/..%2f..%2fsecret.txt",
            "/%2E%2E%5Csecret.txt",
            "/a%00b",
            "/..",
            "/C:/x",
            "relative",
            "/%ff",
        ] {
            assert_eq!(resolve(&s, bad), Resolved::Forbidden, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("secret.txt"), s.join("link.txt")).unwrap();
            assert_eq!(resolve(&s, "/link.txt"), Resolved::Forbidden);
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}

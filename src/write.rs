//! Output directories. A build writes into a fresh directory beside the target (`Staging`),
//! which then takes the target's place in one step: a failed build never touches the previous
//! site. `serve` updates the served site file by file (`InPlace`), each file replaced
//! atomically, so a request never sees half a page.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

/// Where rendered files go. Paths are relative, with `/`.
pub trait Output: Sync {
    /// The directory files are written into.
    fn dir(&self) -> &Path;

    /// Writes one file; its directory must exist (see `create_dirs`).
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;

    /// Whether a file exists already: content-addressed files (named by their hash) that do
    /// are not written again.
    fn exists(&self, rel: &str) -> bool {
        self.dir().join(rel).is_file()
    }

    /// Creates all directories the files will need up front, once each, so that writing a page
    /// costs one open and one write, whatever the number of pages.
    fn create_dirs(&self, files: &[&str]) -> io::Result<()> {
        let dirs: BTreeSet<&str> = files.iter().filter_map(|f| f.rsplit_once('/').map(|(d, _)| d)).collect();
        for d in dirs {
            std::fs::create_dir_all(self.dir().join(d))?;
        }
        Ok(())
    }
}

/// A directory being filled; dropped without `commit`, it is removed and the target is untouched.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates `.<name>.tmp-<pid>` next to `target`, on the same file system so the final
    /// rename is atomic.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let dir = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging { dir, target: target.to_path_buf(), committed: false })
    }

    /// Puts the staged directory in place of the target: exchanged atomically where the
    /// system allows (Linux `renameat2`), else by two renames. The old output is then removed.
    pub fn commit(mut self) -> io::Result<()> {
        if self.target.exists() {
            let old = self.dir.with_file_name(format!(
                ".{}.old-{}",
                self.target.file_name().unwrap_or_default().to_string_lossy(),
                std::process::id()
            ));
            if exchange(&self.dir, &self.target).is_ok() {
                std::fs::rename(&self.dir, &old)?;
            } else {
                std::fs::rename(&self.target, &old)?;
                std::fs::rename(&self.dir, &self.target)?;
            }
            self.committed = true;
            std::fs::remove_dir_all(&old)?;
        } else {
            std::fs::rename(&self.dir, &self.target)?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Output for Staging {
    fn dir(&self) -> &Path {
        &self.dir
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.dir.join(rel), bytes)
    }
}

/// The live output of `serve`: each file is written beside its target and renamed over it.
pub struct InPlace {
    dir: PathBuf,
}

impl InPlace {
    pub fn new(dir: &Path) -> InPlace {
        InPlace { dir: dir.to_path_buf() }
    }

    /// Removes a file that no longer has a source (a deleted item's page).
    pub fn remove(&self, rel: &str) -> io::Result<()> {
        match std::fs::remove_file(self.dir.join(rel)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

impl Output for InPlace {
    fn dir(&self) -> &Path {
        &self.dir
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.dir.join(rel);
        let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let tmp = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &target)
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let rc =
        unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_staging_leaves_target_untouched() {
        let root = std::env::temp_dir().join(format!("qingdan-write-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let target = root.join("public");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("index.html"), "old").unwrap();
        {
            let s = Staging::new(&target).unwrap();
            s.write("index.html", b"new").unwrap();
        }
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "old");
        let s = Staging::new(&target).unwrap();
        s.create_dirs(&["a/b/c.html"]).unwrap();
        s.write("a/b/c.html", b"x").unwrap();
        s.commit().unwrap();
        assert!(target.join("a/b/c.html").is_file());
        assert!(!target.join("index.html").exists());
        assert_eq!(std::fs::read_dir(&root).unwrap().count(), 1, "no staging or old directory left behind");
        std::fs::remove_dir_all(&root).unwrap();
    }
}

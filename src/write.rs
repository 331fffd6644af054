//! Output directories. A build writes into a fresh directory beside the target (`Staging`),
//! which then takes the target's place in one step: a failed build never touches the previous
//! site, whose unchanged files the new one shares (hard links) rather than writes again.
//! `serve` updates the served site file by file (`InPlace`), each file replaced atomically, so a
//! request never sees half a page.
//!
//! Replacing a directory deletes what was in it, so qingdan only ever replaces a directory it
//! made itself: every output holds a marker file (`MARKER`), and `output_dir` refuses any other
//! non-empty directory, and any place where the output would swallow the site's sources.

use crate::urls;
use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The file in every output directory that says qingdan made it, and may replace it.
pub const MARKER: &str = ".qingdan-output";

/// What the marker says to someone who opens it.
const MARKER_TEXT: &str = "此目录由 qingdan 生成（qingdan build / qingdan serve）。\n\
重新生成网站时，qingdan 会用新生成的网站整体替换此目录，其中原有的文件都会被删除：请不要在这里存放其他文件。\n\
本文件是 qingdan 识别自己的输出目录的标记，请保留；上传网站时可以不上传它。\n";

/// Site directories the output must never be in (or be): the sources, the releases, the
/// theme, qingdan's own data and the version control.
const PROTECTED: [&str; 5] = ["content", "history", "themes", ".qingdan", ".git"];

/// Where the output of the site at `root` may go when asked for `out`: the directory to
/// replace, as an absolute path with no symbolic link in it (a symbolic link `out` stays and
/// keeps pointing at the new output). Refused, with a message saying why and what to do: the
/// site root or a directory containing it (or the current directory), a directory inside the
/// sources, something that is not a directory, and a non-empty directory qingdan did not make.
pub fn output_dir(root: &Path, out: &Path) -> crate::Result<PathBuf> {
    let shown = out.display();
    let resolved = |p: &Path| resolve(p).map_err(|e| crate::Error::io(p.display(), e));
    let (site, target) = (resolved(root)?, resolved(out)?);
    let other = "请换一个输出目录，例如默认的站点目录下的 public/（不写 --out）";
    if target == site {
        return Err(crate::Error::usage_text(format!(
            "输出目录 {shown} 就是站点目录本身。生成网站时会整体替换输出目录，站点的源文件会被删除。{other}。"
        )));
    }
    if site.starts_with(&target) {
        return Err(crate::Error::usage_text(format!(
            "输出目录 {shown}（{}）包含站点目录 {}。生成网站时会整体替换输出目录，站点的源文件会被删除。{other}。",
            target.display(),
            root.display()
        )));
    }
    if let Ok(cwd) = std::env::current_dir().and_then(|d| resolve(&d)) {
        if cwd.starts_with(&target) {
            return Err(crate::Error::usage_text(format!(
                "输出目录 {shown} 是当前目录或包含当前目录。生成网站时会整体替换输出目录，其中原有的文件都会被删除。\
                 请写一个新的子目录，如 --out public。"
            )));
        }
    }
    if let Some(dir) = PROTECTED.iter().find(|d| target.starts_with(site.join(d))) {
        return Err(crate::Error::usage_text(format!(
            "输出目录 {shown} 在站点的 {dir}/ 目录中。生成的网站不能放在源文件、版本、主题或 qingdan 自己的数据中，\
             替换输出目录时会删除其中的文件。{other}。"
        )));
    }
    match std::fs::metadata(&target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(target),
        Err(e) => Err(crate::Error::io(&shown, e)),
        Ok(meta) if !meta.is_dir() => {
            Err(crate::Error::usage_text(format!("输出路径 {shown} 已存在，但不是目录。{other}。")))
        }
        Ok(_) if replaceable(&target) => Ok(target),
        Ok(_) => Err(crate::Error::usage_text(format!(
            "输出目录 {shown} 已存在且不是空目录，但不是 qingdan 生成的（其中没有 {MARKER} 标记文件）。\
             生成网站时会整体替换输出目录、删除其中原有的全部文件，为免误删，qingdan 不使用这个目录。\
             请换一个不存在的或空的目录作输出目录（--out）；如确认其中的文件都不再需要，请自己删除这个目录后再生成。"
        ))),
    }
}

/// Whether an existing directory may be replaced: empty, marked, or an output of a qingdan
/// from before the marker.
fn replaceable(dir: &Path) -> bool {
    let empty = std::fs::read_dir(dir).map(|mut e| e.next().is_none()).unwrap_or(false);
    empty || dir.join(MARKER).is_file() || unmarked_output(dir)
}

/// An output written before outputs were marked: what every such build wrote (home page, 404
/// page, search page, the one style sheet and script, the search index) and none of a site's
/// sources. Its home page loads the theme's script. Such a directory is adopted: the build that
/// replaces it writes the marker.
fn unmarked_output(dir: &Path) -> bool {
    let has = [urls::HOME, urls::NOT_FOUND, urls::SEARCH, urls::STYLE, urls::SCRIPT, "search/meta.json"];
    let sources = [crate::source::CONFIG_FILE, "content", "history", "themes"];
    has.iter().all(|f| dir.join(f).is_file())
        && !sources.iter().any(|f| dir.join(f).exists())
        && std::fs::read_to_string(dir.join(urls::HOME)).is_ok_and(|home| home.contains(urls::SCRIPT))
}

/// `path` made absolute with every symbolic link resolved, also when its end does not exist
/// yet: the part that exists is canonicalised, the rest (which holds no link) is applied to it,
/// `..` included.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut path = std::path::absolute(path)?;
    // A second pass resolves the links the first one reached through `..` after a missing part.
    for _ in 0..2 {
        let parts: Vec<Component> = path.components().collect();
        let (mut base, rest) = (1..=parts.len())
            .rev()
            .find_map(|n| {
                let prefix: PathBuf = parts[..n].iter().collect();
                prefix.canonicalize().ok().map(|c| (c, &parts[n..]))
            })
            .ok_or_else(|| io::Error::other("无法解析路径"))?;
        for part in rest {
            match part {
                Component::ParentDir => {
                    base.pop();
                }
                Component::Normal(name) => base.push(name),
                _ => {}
            }
        }
        if base == path {
            break;
        }
        path = base;
    }
    Ok(path)
}

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
    /// The output this one replaces: a file that would be written with the bytes it already
    /// holds there is hard-linked instead (see `write`).
    previous: Option<PathBuf>,
    committed: bool,
}

/// Why `commit` failed, and whether the target changed all the same.
#[derive(Debug)]
pub struct CommitError {
    pub message: String,
    /// The output directory is no longer what it was (the new site is in place, or the old one
    /// was moved aside); when false, the previous output is exactly as it was.
    pub changed: bool,
}

impl std::fmt::Display for CommitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl Staging {
    /// Creates `.<name>.tmp-<pid>` next to `target` (a path `output_dir` accepted), on the same
    /// file system so the final rename is atomic, with the marker in it. Removes what
    /// interrupted builds of the same target left there.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let prefix = format!(".{name}");
        crate::leftovers::clean(parent, |n| {
            crate::leftovers::pid_after(n, &prefix, ".tmp-")
                .or_else(|| crate::leftovers::pid_after(n, &prefix, ".old-"))
        });
        let dir = parent.join(format!("{prefix}.tmp-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        let previous = target.is_dir().then(|| target.to_path_buf());
        let staging = Staging { dir, target: target.to_path_buf(), previous, committed: false };
        staging.write(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Takes unchanged files from `previous` instead of the target: a county built into a
    /// region's staging directory replaces `<live region output>/<county>/`.
    pub fn reusing(mut self, previous: &Path) -> Staging {
        self.previous = previous.is_dir().then(|| previous.to_path_buf());
        self
    }

    /// Puts the staged directory in place of the target: exchanged atomically where the
    /// system allows (Linux `renameat2`), else by two renames. The old output is then removed.
    pub fn commit(mut self) -> Result<(), CommitError> {
        let target = self.target.display().to_string();
        let unchanged = |message: String| CommitError { message, changed: false };
        if !self.target.exists() {
            std::fs::rename(&self.dir, &self.target)
                .map_err(|e| unchanged(format!("无法把生成的网站移到 {target}：{e}")))?;
            self.committed = true;
            return Ok(());
        }
        // Where the old output goes before it is removed.
        let old = if exchange(&self.dir, &self.target).is_ok() {
            self.committed = true;
            self.dir.clone()
        } else {
            let old = self.dir.with_file_name(format!(
                ".{}.old-{}",
                self.target.file_name().unwrap_or_default().to_string_lossy(),
                std::process::id()
            ));
            std::fs::rename(&self.target, &old).map_err(|e| unchanged(format!("无法替换输出目录 {target}：{e}")))?;
            if let Err(e) = std::fs::rename(&self.dir, &self.target) {
                return Err(match std::fs::rename(&old, &self.target) {
                    Ok(()) => unchanged(format!("无法替换输出目录 {target}：{e}")),
                    Err(_) => CommitError {
                        message: format!("无法替换输出目录 {target}：{e}；原有网站已移到 {}", old.display()),
                        changed: true,
                    },
                });
            }
            self.committed = true;
            old
        };
        std::fs::remove_dir_all(&old).map_err(|e| CommitError {
            message: format!(
                "新网站已生成到 {target}，但无法删除原有网站的文件（在 {}，下次生成时会再尝试删除）：{e}",
                old.display()
            ),
            changed: true,
        })
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

    /// A file the previous output holds with the same bytes becomes a hard link to it. A
    /// rebuild then leaves most files as they were (their modification times too, so a deploy
    /// with `rsync` copies only what changed), and removing the old output only drops names:
    /// creating and later freeing a file costs the file system far more than reading one
    /// (bench/README.md). The previous output is never written: a file is only ever created.
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(previous) = &self.previous {
            let old = previous.join(rel);
            if holds(&old, bytes) && std::fs::hard_link(&old, &path).is_ok() {
                return Ok(());
            }
        }
        create_new(&path, bytes)
    }
}

/// Writes `bytes` to a new file at `path`. A file already there (written twice) is replaced,
/// not written into: it may be a link to the previous output, which must stay as it was.
fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let open = || std::fs::OpenOptions::new().write(true).create_new(true).open(path);
    let mut file = match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            open()?
        }
        file => file?,
    };
    file.write_all(bytes)
}

/// The live output of `serve`: each file is written beside its target and renamed over it.
/// It remembers what it wrote, so that `prune` can remove what a rebuild no longer makes.
pub struct InPlace {
    dir: PathBuf,
    /// Files written, and content-addressed files found already there (`exists`).
    produced: Mutex<BTreeSet<String>>,
}

impl InPlace {
    pub fn new(dir: &Path) -> InPlace {
        InPlace { dir: dir.to_path_buf(), produced: Mutex::new(BTreeSet::new()) }
    }

    fn produced(&self, rel: &str) {
        self.produced.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string());
    }

    /// Counts a file already there as part of this rebuild's output, for `prune`.
    pub fn keep(&self, rel: &str) {
        self.produced(rel);
    }

    /// Removes a file that no longer has a source (a deleted item's page).
    pub fn remove(&self, rel: &str) -> io::Result<()> {
        match std::fs::remove_file(self.dir.join(rel)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Removes every file under the directories `dirs` (relative, ending in `/`) that this
    /// output neither wrote nor kept, and the directories left empty: the parts of the site
    /// that a rebuild writes completely (release pages, feeds, search index) then hold exactly
    /// what a whole build would.
    pub fn prune(&self, dirs: &[&str]) -> io::Result<()> {
        let produced = self.produced.lock().unwrap_or_else(|e| e.into_inner());
        for dir in dirs {
            let top = self.dir.join(dir);
            if !top.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&top).contents_first(true) {
                let entry = entry.map_err(io::Error::other)?;
                let rel = entry.path().strip_prefix(&self.dir).map_err(io::Error::other)?;
                let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                if entry.file_type().is_dir() {
                    if entry.path() != top && std::fs::read_dir(entry.path())?.next().is_none() {
                        std::fs::remove_dir(entry.path())?;
                    }
                } else if !produced.contains(&rel) {
                    std::fs::remove_file(entry.path())?;
                }
            }
        }
        Ok(())
    }

    /// Removes what this output neither wrote nor kept, over the whole output except the
    /// top-level entries `keep` (not walked) and the marker: a directory with nothing written
    /// under it goes whole, one with something written is pruned inside (`prune`). After a
    /// whole rebuild that wrote everything outside `keep`, the output then holds what a clean
    /// build would.
    pub fn prune_except(&self, keep: &[&str]) -> io::Result<()> {
        // The top-level entries written or kept: a file's name, the first part of a path.
        let written: BTreeSet<String> = {
            let produced = self.produced.lock().unwrap_or_else(|e| e.into_inner());
            produced.iter().filter_map(|p| p.split('/').next()).map(str::to_string).collect()
        };
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().to_string();
            let is_dir = entry.file_type()?.is_dir();
            if name == MARKER || keep.contains(&name.as_str()) {
                continue;
            }
            match (written.contains(&name), is_dir) {
                (true, true) => self.prune(&[format!("{name}/").as_str()])?,
                (true, false) => {}
                (false, true) => std::fs::remove_dir_all(entry.path())?,
                (false, false) => std::fs::remove_file(entry.path())?,
            }
        }
        Ok(())
    }
}

impl Output for InPlace {
    fn dir(&self) -> &Path {
        &self.dir
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.dir.join(rel);
        // Most of what a rebuild after an edit renders is what is already there, and replacing
        // a file costs the file system far more than reading it: an unchanged file stays.
        if holds(&target, bytes) {
            self.produced(rel);
            return Ok(());
        }
        let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let tmp = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &target)?;
        self.produced(rel);
        Ok(())
    }

    fn exists(&self, rel: &str) -> bool {
        let exists = self.dir.join(rel).is_file();
        if exists {
            self.produced(rel);
        }
        exists
    }
}

/// Whether the file at `path` (not a symbolic link) holds exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // The system call itself, not libc's wrapper: musl (the static release binary) has none.
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
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

    /// A file with the previous output's bytes is linked, any other is written new; writing a
    /// linked file again replaces it and leaves the previous output as it was; a symbolic link
    /// in the previous output is never linked.
    #[cfg(unix)]
    #[test]
    fn staging_links_unchanged_files_and_never_writes_into_the_previous_output() {
        use std::os::unix::fs::MetadataExt;
        let root = std::env::temp_dir().join(format!("qingdan-reuse-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let target = root.join("public");
        std::fs::create_dir_all(target.join("a")).unwrap();
        std::fs::write(target.join("a/same.html"), "same").unwrap();
        std::fs::write(target.join("a/changed.html"), "old").unwrap();
        std::fs::write(root.join("outside.html"), "link").unwrap();
        std::os::unix::fs::symlink(root.join("outside.html"), target.join("a/link.html")).unwrap();
        let ino = |p: &Path| std::fs::symlink_metadata(p).unwrap().ino();
        let s = Staging::new(&target).unwrap();
        s.create_dirs(&["a/x.html"]).unwrap();
        for (rel, bytes) in [("a/same.html", "same"), ("a/changed.html", "new"), ("a/link.html", "link")] {
            s.write(rel, bytes.as_bytes()).unwrap();
        }
        let staged = |rel: &str| s.dir().join(rel);
        assert_eq!(ino(&staged("a/same.html")), ino(&target.join("a/same.html")));
        assert_ne!(ino(&staged("a/changed.html")), ino(&target.join("a/changed.html")));
        assert!(std::fs::symlink_metadata(staged("a/link.html")).unwrap().is_file(), "a file, not the link");
        // Written a second time, the linked file becomes a file of its own.
        s.write("a/same.html", b"twice").unwrap();
        assert_eq!(std::fs::read_to_string(target.join("a/same.html")).unwrap(), "same");
        assert_eq!(std::fs::read_to_string(staged("a/same.html")).unwrap(), "twice");
        drop(s);
        assert_eq!(std::fs::read_to_string(target.join("a/changed.html")).unwrap(), "old");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn in_place_leaves_an_unchanged_file_as_it_is_and_counts_it_as_written() {
        use std::os::unix::fs::MetadataExt;
        let root = std::env::temp_dir().join(format!("qingdan-inplace-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("releases")).unwrap();
        let inode = |rel: &str| std::fs::metadata(root.join(rel)).unwrap().ino();
        for rel in ["releases/same.html", "releases/changed.html"] {
            std::fs::write(root.join(rel), "old").unwrap();
        }
        let (same, changed) = (inode("releases/same.html"), inode("releases/changed.html"));
        let out = InPlace::new(&root);
        out.write("releases/same.html", b"old").unwrap();
        out.write("releases/changed.html", b"new").unwrap();
        out.prune(&["releases/"]).unwrap();
        assert_eq!(inode("releases/same.html"), same, "an unchanged file is not replaced");
        assert_ne!(inode("releases/changed.html"), changed, "a changed file is replaced whole");
        assert_eq!(std::fs::read_to_string(root.join("releases/changed.html")).unwrap(), "new");
        assert!(root.join("releases/same.html").is_file(), "prune keeps what a rebuild wrote, even unchanged");
        std::fs::remove_dir_all(&root).unwrap();
    }
}

//! Watching the sources: every file a build reads (`qingdan.toml`, `content/`, `themes/`,
//! `history/`) of a site, or of a region and each of its counties, never the output. Editors
//! save in several steps (temporary file, rename, attribute change), so events are gathered
//! until the files have been quiet briefly.

use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the files must be quiet before a rebuild: one editor save is one rebuild.
const QUIET: Duration = Duration::from_millis(30);
/// A rebuild starts at the latest this long after the first event, even if writes go on.
const AT_MOST: Duration = Duration::from_millis(400);

/// The directories under the root that hold sources.
const WATCHED: [&str; 3] = ["content", "themes", "history"];

pub struct Sources {
    /// The site roots: one, or a region's and its counties'.
    roots: Vec<PathBuf>,
    watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    /// Source directories being watched (they may appear later, e.g. `themes/`).
    watching: Vec<PathBuf>,
}

impl Sources {
    /// Watches the sources of the sites at `roots` (a site; or a region, then its counties).
    pub fn watch(roots: &[&Path]) -> notify::Result<Sources> {
        let (tx, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })?;
        let mut canonical = Vec::new();
        for root in roots {
            // Events name absolute paths; `is_source` compares them with the roots.
            let root = root.canonicalize()?;
            // The root itself only for `qingdan.toml` and new source directories: the output
            // (`public/`) lives there too and must not trigger anything.
            watcher.watch(&root, RecursiveMode::NonRecursive)?;
            canonical.push(root);
        }
        let mut sources = Sources { roots: canonical, watcher, events, watching: Vec::new() };
        sources.watch_new_dirs();
        Ok(sources)
    }

    fn watch_new_dirs(&mut self) {
        for root in &self.roots {
            for name in WATCHED {
                let dir = root.join(name);
                if dir.is_dir()
                    && !self.watching.contains(&dir)
                    && self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok()
                {
                    self.watching.push(dir);
                }
            }
        }
    }

    /// Blocks until some source changed and the files are quiet; returns the changed paths.
    /// `None` when the watcher stopped.
    pub fn next_change(&mut self) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        let mut first = None;
        loop {
            let event = match first {
                None => self.events.recv().ok()?,
                Some(started) => {
                    let left = AT_MOST.saturating_sub(Instant::elapsed(&started));
                    match self.events.recv_timeout(QUIET.min(left)) {
                        Ok(event) => event,
                        Err(mpsc::RecvTimeoutError::Timeout) => break,
                        Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                    }
                }
            };
            let Ok(event) = event else { continue };
            if matches!(event.kind, notify::EventKind::Access(_)) {
                continue;
            }
            let relevant: Vec<PathBuf> = event.paths.into_iter().filter(|p| self.is_source(p)).collect();
            if !relevant.is_empty() {
                changed.extend(relevant);
                first.get_or_insert_with(Instant::now);
            }
        }
        self.watch_new_dirs();
        changed.sort();
        changed.dedup();
        Some(changed)
    }

    /// Whether a path is one a build of one of the sites may read.
    fn is_source(&self, path: &Path) -> bool {
        self.roots.iter().any(|root| path.strip_prefix(root).is_ok_and(is_source))
    }
}

/// Whether a path relative to a site's root is one a build may read: under a source directory
/// or `qingdan.toml`, and not a hidden or editor backup file.
fn is_source(rel: &Path) -> bool {
    let name = rel.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let hidden = rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let backup = name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") || name == "4913";
    let top = rel.components().next().map(|c| c.as_os_str().to_string_lossy().to_string()).unwrap_or_default();
    let source = top == crate::source::CONFIG_FILE || WATCHED.contains(&top.as_str());
    source && !hidden && !backup
}

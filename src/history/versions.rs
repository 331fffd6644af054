//! The versions of a site that can be compared: its releases (`history/<id>/`) and the
//! current sources (`content/`), loaded list by list so that comparing two versions reads only
//! the lists whose content differs.

use super::History;
use crate::diag::{Diagnostics, SourceMap};
use crate::model::{Adjustments, Site};
use crate::source;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

/// The versions of a site that can be compared: its releases and the current sources.
pub struct Versions<'r> {
    root: &'r Path,
    pub history: History,
    pub map: SourceMap,
    pub diags: Diagnostics,
    /// Hashes of the current lists, computed once.
    current: OnceLock<BTreeMap<String, String>>,
}

/// The name of the working sources when a version is asked for.
pub const CURRENT: &str = "current";
/// How pages and the comparison data title the working sources.
pub const CURRENT_TITLE: &str = "当前内容（未发布）";

impl<'r> Versions<'r> {
    pub fn open(root: &'r Path) -> Self {
        let mut map = SourceMap::default();
        let mut diags = Diagnostics::default();
        let history = super::load(root, &mut map, &mut diags);
        Versions { root, history, map, diags, current: OnceLock::new() }
    }

    /// Versions over releases already loaded and verified (by the build's checks).
    pub fn from_history(root: &'r Path, history: &History) -> Self {
        let history = history.clone();
        Versions { root, history, map: SourceMap::default(), diags: Diagnostics::default(), current: OnceLock::new() }
    }

    /// Loads two versions for comparison, reading only the lists that differ between them
    /// (by content hash): at province scale most lists are unchanged between releases.
    pub fn pair(&self, a: &str, b: &str) -> crate::Result<(Site, Site)> {
        let (ha, hb) = (self.list_hashes(a)?, self.list_hashes(b)?);
        let differing: BTreeSet<String> =
            ha.keys().chain(hb.keys()).filter(|stem| ha.get(*stem) != hb.get(*stem)).cloned().collect();
        Ok((self.load_lists(a, Some(&differing))?, self.load_lists(b, Some(&differing))?))
    }

    /// SHA-256 of each list file of a version, by body code.
    pub fn list_hashes(&self, id: &str) -> crate::Result<BTreeMap<String, String>> {
        let stem =
            |path: &str| path.strip_prefix("content/lists/").and_then(|p| p.strip_suffix(".toml")).map(str::to_string);
        if id != CURRENT {
            let release = &self.history.releases[self.position(id)?];
            return Ok(release.files.iter().filter_map(|(path, hash)| Some((stem(path)?, hash.clone()))).collect());
        }
        if let Some(hashes) = self.current.get() {
            return Ok(hashes.clone());
        }
        let dir = self.root.join("content").join("lists");
        let files: Vec<_> =
            std::fs::read_dir(&dir).map(|e| e.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
        let hashes: BTreeMap<String, String> = files
            .par_iter()
            // Only regular files: reading a FIFO would never end (`load` reports it).
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
            .filter_map(|p| {
                let code = p.file_stem()?.to_string_lossy().to_string();
                Some((code, super::sha256(&std::fs::read(p).ok()?)))
            })
            .collect();
        Ok(self.current.get_or_init(|| hashes).clone())
    }

    /// Why the lists changed in a version, as its publisher recorded it: a release's frozen
    /// `content/adjustments.toml`, or the current one. The current file is the one being
    /// prepared only while it differs from the latest release's copy: left as it was after
    /// `qingdan release`, it describes that release, not the unreleased changes.
    pub fn adjustments(&self, id: &str) -> Option<Adjustments> {
        let dir = if id == CURRENT {
            let file = |dir: &Path| std::fs::read(dir.join(source::adjustments::FILE)).ok();
            let now = file(self.root)?;
            if self.history.dirs.last().and_then(|d| file(d)).as_deref() == Some(now.as_slice()) {
                return None;
            }
            self.root.to_path_buf()
        } else {
            self.history.dirs.get(self.history.position(id)?)?.clone()
        };
        let mut map = SourceMap::default();
        let mut diags = Diagnostics::default();
        source::adjustments::load(&dir, &mut map, &mut diags).filter(|_| !diags.has_errors())
    }

    /// The versions after `from` up to and including `to`, oldest first (empty when `to` is
    /// not later than `from`): the adjustments between two versions.
    pub fn between(&self, from: &str, to: &str) -> Vec<String> {
        let order =
            |id: &str| if id == CURRENT { Some(self.history.releases.len()) } else { self.history.position(id) };
        let (Some(a), Some(b)) = (order(from), order(to)) else { return Vec::new() };
        (a + 1..=b)
            .map(|v| self.history.releases.get(v).map(|r| r.id.clone()).unwrap_or_else(|| CURRENT.to_string()))
            .collect()
    }

    fn position(&self, id: &str) -> crate::Result<usize> {
        self.history.position(id).ok_or_else(|| {
            let known: Vec<&str> = self.history.releases.iter().map(|r| r.id.as_str()).collect();
            crate::Error::unknown_version(id, &known, CURRENT)
        })
    }

    /// A version's bodies and the lists of `bodies` (none if empty): what pages about that
    /// version need beyond the lists equal to the current ones.
    pub fn lists_of(&self, id: &str, bodies: &BTreeSet<String>) -> crate::Result<Site> {
        self.load_lists(id, Some(bodies))
    }

    fn load_lists(&self, id: &str, lists: Option<&BTreeSet<String>>) -> crate::Result<Site> {
        let dir = if id == CURRENT { self.root.to_path_buf() } else { self.history.dirs[self.position(id)?].clone() };
        let loaded = source::load_lists_of(&dir, lists);
        if loaded.diags.has_errors() {
            return Err(crate::Error::BrokenVersion(id.to_string()));
        }
        Ok(loaded.site)
    }
}

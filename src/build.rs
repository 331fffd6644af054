//! The pipeline: load → check → render → commit. Shared by `build`, `check`, `release`,
//! `diff` (and later `serve`).

use crate::derive::Index;
use crate::diag::{Diagnostics, SourceMap};
use crate::history::{self, History};
use crate::model::Site;
use crate::render::{Renderer, Stats, Theme};
use crate::source;
use crate::timing;
use crate::write::Staging;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

pub mod chronicle;

/// What a run produced: diagnostics always, and the figures when pages were written.
pub struct Outcome {
    pub map: SourceMap,
    pub diags: Diagnostics,
    pub history: History,
    pub stats: Option<Stats>,
    /// A failure after the checks passed (theme error, disk full); the old output is intact.
    pub failure: Option<String>,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        !self.diags.has_errors() && self.failure.is_none()
    }
}

/// Loads the current sources and verifies the releases, then checks the model.
fn load_and_check(root: &Path) -> (Site, Outcome) {
    let t = timing::start();
    let loaded = source::load(root);
    t.report("读取源文件");
    let mut map = loaded.map;
    let mut diags = loaded.diags;
    let t = timing::start();
    let history = history::load(root, &mut map, &mut diags);
    t.report("读取版本");
    let t = timing::start();
    let index = Index::new(&loaded.site);
    diags.extend(crate::check::check(&index, &loaded.broken_bodies));
    diags.sort();
    t.report("检查");
    (loaded.site, Outcome { map, diags, history, stats: None, failure: None })
}

/// Loads and checks the site at `root` without writing anything.
pub fn check(root: &Path) -> Outcome {
    load_and_check(root).1
}

/// Loads, checks and, if there is no error, renders into `out` atomically.
pub fn build(root: &Path, out: &Path) -> Outcome {
    let (site, mut outcome) = load_and_check(root);
    if outcome.diags.has_errors() {
        return outcome;
    }
    crate::memory::release_free();
    let index = Index::new(&site);
    let history = &outcome.history;
    let result = Staging::new(out).map_err(|e| format!("无法创建临时输出目录：{e}")).and_then(|staging| {
        // Releases: consecutive diffs, figures and item timelines, computed once for all pages.
        let t = timing::start();
        let chronicle = crate::render::history::prepare(root, history, &site, &staging)?;
        t.report("版本变化");
        let renderer = Renderer::new(&index, Theme::new(root)).with_history(chronicle.as_ref());
        // Pages and the search indexes (static under search/, tantivy beside the site, installed
        // below) at the same time: each has steps that keep only one core busy.
        let (stats, search) = rayon::join(
            || renderer.render_all(&staging).map_err(|e| e.to_string()),
            || crate::search::build(&index, &staging, root),
        );
        let (stats, search) = (stats?, search?);
        let t = timing::start();
        crate::memory::release_free();
        t.report("归还空闲内存");
        let t = timing::start();
        staging.commit().map_err(|e| format!("无法替换输出目录 {}：{e}", out.display()))?;
        search.install()?;
        t.report("替换输出目录");
        Ok(stats)
    });
    match result {
        Ok(stats) => outcome.stats = Some(stats),
        Err(message) => outcome.failure = Some(message),
    }
    outcome
}

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

impl<'r> Versions<'r> {
    pub fn open(root: &'r Path) -> Self {
        let mut map = SourceMap::default();
        let mut diags = Diagnostics::default();
        let history = history::load(root, &mut map, &mut diags);
        Versions { root, history, map, diags, current: OnceLock::new() }
    }

    /// Versions over releases already loaded and verified (by the build's checks).
    pub fn from_history(root: &'r Path, history: &History) -> Self {
        let history = History { releases: history.releases.clone(), dirs: history.dirs.clone() };
        Versions { root, history, map: SourceMap::default(), diags: Diagnostics::default(), current: OnceLock::new() }
    }

    /// Loads two versions for comparison, reading only the lists that differ between them
    /// (by content hash): at province scale most lists are unchanged between releases.
    pub fn pair(&self, a: &str, b: &str) -> Result<(Site, Site), String> {
        let (ha, hb) = (self.list_hashes(a)?, self.list_hashes(b)?);
        let differing: BTreeSet<String> = ha
            .keys()
            .chain(hb.keys())
            .filter(|stem| ha.get(*stem) != hb.get(*stem))
            .cloned()
            .collect();
        Ok((self.load_lists(a, Some(&differing))?, self.load_lists(b, Some(&differing))?))
    }

    /// SHA-256 of each list file of a version, by body code.
    pub fn list_hashes(&self, id: &str) -> Result<BTreeMap<String, String>, String> {
        let stem = |path: &str| path.strip_prefix("content/lists/").and_then(|p| p.strip_suffix(".toml")).map(str::to_string);
        if id != CURRENT {
            let release = &self.history.releases[self.position(id)?];
            return Ok(release.files.iter().filter_map(|(path, hash)| Some((stem(path)?, hash.clone()))).collect());
        }
        if let Some(hashes) = self.current.get() {
            return Ok(hashes.clone());
        }
        let dir = self.root.join("content").join("lists");
        let files: Vec<_> = std::fs::read_dir(&dir).map(|e| e.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
        let hashes: BTreeMap<String, String> = files
            .par_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .filter_map(|p| {
                let code = p.file_stem()?.to_string_lossy().to_string();
                Some((code, history::sha256(&std::fs::read(p).ok()?)))
            })
            .collect();
        Ok(self.current.get_or_init(|| hashes).clone())
    }

    fn position(&self, id: &str) -> Result<usize, String> {
        self.history.position(id).ok_or_else(|| {
            let known: Vec<&str> = self.history.releases.iter().map(|r| r.id.as_str()).collect();
            let known = if known.is_empty() { "无".to_string() } else { known.join("、") };
            format!("版本 `{id}` 不存在。已有版本：{known}（当前内容写作 {CURRENT}）")
        })
    }

    /// Loads one version: a release id, or `current` for `content/`.
    pub fn load(&self, id: &str) -> Result<Site, String> {
        self.load_lists(id, None)
    }

    fn load_lists(&self, id: &str, lists: Option<&BTreeSet<String>>) -> Result<Site, String> {
        let dir = if id == CURRENT {
            self.root.to_path_buf()
        } else {
            self.history.dirs[self.position(id)?].clone()
        };
        let loaded = source::load_lists_of(&dir, lists);
        if loaded.diags.has_errors() {
            return Err(format!("版本 `{id}` 的源文件有错误，请先运行 qingdan check"));
        }
        Ok(loaded.site)
    }
}

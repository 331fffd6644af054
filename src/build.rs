//! The pipeline: load → check → render → commit. Shared by `build`, `check`, `release`,
//! `diff` (and later `serve`).

use crate::derive::Index;
use crate::diag::{Diagnostics, SourceMap};
use crate::history::{self, History};
use crate::model::Site;
use crate::progress::Progress;
use crate::render::{Renderer, Scope, Stats, Theme};
use crate::source;
use crate::timing;
use crate::write::{Output, Staging};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

pub mod chronicle;
use chronicle::Chronicle;
pub mod session;

/// What a run produced: diagnostics always, and the figures when pages were written.
#[derive(Default)]
pub struct Outcome {
    pub map: SourceMap,
    pub diags: Diagnostics,
    pub history: History,
    pub stats: Option<Stats>,
    /// A failure after the checks passed (theme error, disk full, an output directory that
    /// cannot be used); the old output is intact unless `output_changed`.
    pub failure: Option<String>,
    /// Whether the output directory changed: the new site is in place (even if something after
    /// failed, e.g. the terminal's search index), or a failed replacement moved the old one.
    pub output_changed: bool,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        !self.diags.has_errors() && self.failure.is_none()
    }
}

/// Loads the current sources and verifies the releases, then checks the model.
fn load_and_check(root: &Path) -> (Site, Outcome) {
    load_and_check_with(root, None, None)
}

/// Like `load_and_check`, with the releases already verified when `known` (`serve`: the
/// releases did not change since), and unchanged lists taken from `cache`.
fn load_and_check_with(root: &Path, known: Option<&History>, cache: Option<&mut source::ListCache>) -> (Site, Outcome) {
    let t = timing::start();
    let loaded = match cache {
        Some(cache) => source::load_cached(root, cache),
        None => source::load(root),
    };
    t.report("读取源文件");
    let mut map = loaded.map;
    let mut diags = loaded.diags;
    let t = timing::start();
    let history = match known {
        Some(history) => history.clone(),
        None => history::load(root, &mut map, &mut diags),
    };
    t.report("读取版本");
    let t = timing::start();
    let index = Index::new(&loaded.site);
    diags.extend(crate::check::check(&index, &loaded.broken_bodies));
    diags.sort();
    t.report("检查");
    (loaded.site, Outcome { map, diags, history, ..Outcome::default() })
}

/// Loads and checks the site at `root` without writing anything.
pub fn check(root: &Path) -> Outcome {
    load_and_check(root).1
}

/// Loads, checks and, if there is no error, renders into `out` atomically. `out` must be a
/// place `write::output_dir` accepts (never the sources, never a directory qingdan did not make).
pub fn build(root: &Path, out: &Path, progress: &Progress) -> Outcome {
    let out = match crate::write::output_dir(root, out) {
        Ok(out) => out,
        Err(message) => return Outcome { failure: Some(message), ..Outcome::default() },
    };
    let spinner = progress.spinner("读取和检查源文件");
    let (site, mut outcome) = load_and_check(root);
    drop(spinner);
    if outcome.diags.has_errors() {
        return outcome;
    }
    crate::memory::release_free();
    let staging = match Staging::new(&out) {
        Ok(staging) => staging,
        Err(e) => {
            outcome.failure = Some(format!("无法创建临时输出目录：{e}"));
            return outcome;
        }
    };
    let target = Target { out: &staging, scope: Scope::All, search: Search::Both };
    let rendered = match render(root, &site, &outcome.history, target, None, progress) {
        Ok(rendered) => rendered,
        Err(message) => {
            outcome.failure = Some(message);
            return outcome;
        }
    };
    let t = timing::start();
    let committed = staging.commit();
    outcome.output_changed = committed.as_ref().map_or_else(|e| e.changed, |()| true);
    if let Err(e) = committed {
        outcome.failure = Some(e.message);
        return outcome;
    }
    outcome.stats = Some(rendered.stats);
    if let Err(e) = rendered.search.install() {
        outcome.failure = Some(format!("网站已生成，但 qingdan search 使用的搜索索引未能更新：{e}"));
    }
    t.report("替换输出目录");
    outcome
}

/// What `render` made, besides the files.
struct Rendered {
    stats: Stats,
    /// The tantivy index, to install once the website is in place.
    search: crate::search::Pending,
    /// The releases compared, for the next rebuild (`session`).
    chronicle: Option<Chronicle>,
}

/// Where and what `render` writes.
struct Target<'o> {
    out: &'o dyn Output,
    scope: Scope<'o>,
    search: Search,
}

/// Which search indexes `render` builds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Search {
    /// The static index and the tantivy one (`build`).
    Both,
    /// The static index only: `serve` leaves the tantivy one to `qingdan search`.
    Static,
    /// None yet: `serve` builds the static index once the pages have reloaded.
    Later,
}

/// Writes what the target's scope covers of a checked site: the release pages, the pages and
/// data, and the search index. `previous` is the last chronicle of the same releases, when
/// there is one (see `Chronicle::compute`).
fn render(
    root: &Path,
    site: &Site,
    history: &History,
    target: Target,
    previous: Option<&Chronicle>,
    progress: &Progress,
) -> Result<Rendered, String> {
    let Target { out, scope, search } = target;
    let index = Index::new(site);
    // Releases: consecutive diffs, figures and item timelines, computed once for all pages.
    let t = timing::start();
    let chronicle = crate::render::history::prepare(root, history, site, out, previous)?;
    t.report("版本变化");
    let renderer = Renderer::new(&index, Theme::new(root)).with_history(chronicle.as_ref());
    // Pages and the search indexes (static under search/, tantivy beside the site, installed
    // by the caller) at the same time: each has steps that keep only one core busy.
    let (stats, search) = rayon::join(
        || renderer.render_into(out, &scope, progress).map_err(|e| e.to_string()),
        || match search {
            Search::Later => Ok(crate::search::Pending::none(root)),
            _ => crate::search::build(&index, out, root, search == Search::Both),
        },
    );
    let (stats, search) = (stats?, search?);
    let t = timing::start();
    crate::memory::release_free();
    t.report("归还空闲内存");
    Ok(Rendered { stats, search, chronicle })
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
        let history = history.clone();
        Versions { root, history, map: SourceMap::default(), diags: Diagnostics::default(), current: OnceLock::new() }
    }

    /// Loads two versions for comparison, reading only the lists that differ between them
    /// (by content hash): at province scale most lists are unchanged between releases.
    pub fn pair(&self, a: &str, b: &str) -> Result<(Site, Site), String> {
        let (ha, hb) = (self.list_hashes(a)?, self.list_hashes(b)?);
        let differing: BTreeSet<String> =
            ha.keys().chain(hb.keys()).filter(|stem| ha.get(*stem) != hb.get(*stem)).cloned().collect();
        Ok((self.load_lists(a, Some(&differing))?, self.load_lists(b, Some(&differing))?))
    }

    /// SHA-256 of each list file of a version, by body code.
    pub fn list_hashes(&self, id: &str) -> Result<BTreeMap<String, String>, String> {
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
        let dir = if id == CURRENT { self.root.to_path_buf() } else { self.history.dirs[self.position(id)?].clone() };
        let loaded = source::load_lists_of(&dir, lists);
        if loaded.diags.has_errors() {
            return Err(format!("版本 `{id}` 的源文件有错误，请先运行 qingdan check"));
        }
        Ok(loaded.site)
    }
}

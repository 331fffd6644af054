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

use std::path::Path;

use crate::export::releases::ReleaseFiles;
use crate::history::Chronicle;
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
    pub failure: Option<crate::Error>,
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
    check_adjustments(root, &history, &mut map, &mut diags);
    diags.sort();
    t.report("检查");
    (loaded.site, Outcome { map, diags, history, ..Outcome::default() })
}

/// Reads `content/adjustments.toml` (its problems are the sources' problems) and, while it
/// describes the unreleased changes, warns about entries that cover none of them.
fn check_adjustments(root: &Path, history: &History, map: &mut SourceMap, diags: &mut Diagnostics) {
    let Some(adjustments) = source::adjustments::load(root, map, diags) else { return };
    let Some(latest) = history.latest() else { return };
    let versions = history::Versions::from_history(root, history);
    // Left as it was after the latest release, the file describes that release.
    if versions.adjustments(history::CURRENT).is_none() {
        return;
    }
    if let Ok((a, b)) = versions.pair(&latest.id, history::CURRENT) {
        let diff = crate::diff::diff_sites(&a, &b);
        diags.extend(crate::diff::check_adjustments(&diff, &adjustments, &a, &b));
    }
}

/// Loads and checks the site at `root` without writing anything.
pub fn check(root: &Path) -> Outcome {
    load_and_check(root).1
}

/// Loads, checks and, if there is no error, renders into `out` atomically. `out` must be a
/// place `write::output_dir` accepts (never the sources, never a directory qingdan did not make).
pub fn build(root: &Path, out: &Path, progress: &Progress) -> Outcome {
    build_with(root, out, None, progress, Search::Both)
}

/// `build` for one county of a region: the index `qingdan search` reads in the county's
/// directory is not built but removed, and built when first asked for (a province has a hundred
/// counties, and rarely a search from the terminal in each). `previous` is the county's output
/// in the region's live output, whose unchanged files are reused.
pub fn build_county(root: &Path, out: &Path, previous: &Path, progress: &Progress) -> Outcome {
    build_with(root, out, Some(previous), progress, Search::Static)
}

fn build_with(root: &Path, out: &Path, previous: Option<&Path>, progress: &Progress, search: Search) -> Outcome {
    let out = match crate::write::output_dir(root, out) {
        Ok(out) => out,
        Err(e) => return Outcome { failure: Some(e), ..Outcome::default() },
    };
    let spinner = progress.spinner("读取和检查源文件");
    let (site, mut outcome) = load_and_check(root);
    drop(spinner);
    if outcome.diags.has_errors() {
        return outcome;
    }
    crate::memory::release_free();
    let staging = match Staging::new(&out) {
        Ok(staging) => match previous {
            Some(previous) => staging.reusing(previous),
            None => staging,
        },
        Err(e) => {
            outcome.failure = Some(crate::Error::io(format!("{} 旁的临时输出目录", out.display()), e));
            return outcome;
        }
    };
    let target = Target { out: &staging, scope: Scope::All, search };
    let rendered = match render(root, &site, &outcome.history, target, None, progress) {
        Ok(rendered) => rendered,
        Err(e) => {
            outcome.failure = Some(e);
            return outcome;
        }
    };
    let t = timing::start();
    let committed = staging.commit();
    outcome.output_changed = committed.as_ref().map_or_else(|e| e.changed, |()| true);
    if let Err(e) = committed {
        outcome.failure = Some(crate::Error::failed(out.display(), e.message));
        return outcome;
    }
    outcome.stats = Some(rendered.stats);
    if let Err(e) = rendered.search.install() {
        outcome.failure = Some(crate::Error::failed("qingdan search 使用的搜索索引（网站已生成）", e));
    }
    t.report("替换输出目录");
    outcome
}

/// Loads and checks the site as `build` does, then builds the index `qingdan search` reads: the
/// terminal searches exactly what a build would publish, and a site with errors is refused
/// with its diagnostics.
pub fn search_index(root: &Path) -> Outcome {
    let (site, mut outcome) = load_and_check(root);
    if outcome.diags.has_errors() {
        return outcome;
    }
    if let Err(e) = crate::search::rebuild_index(root, &Index::new(&site)) {
        outcome.failure = Some(e);
    }
    outcome
}

/// What `render` made, besides the files.
struct Rendered {
    stats: Stats,
    /// The tantivy index, to install once the website is in place.
    search: crate::search::Pending,
    /// The releases compared, for the next rebuild (`session`).
    chronicle: Option<Chronicle>,
    /// The pages of items as they stood in the releases (`item_versions`), for the next rebuild.
    item_versions: Vec<String>,
}

/// What the last build of the same releases left valid (`session`, after an edit).
#[derive(Clone, Copy)]
struct Previous<'p> {
    /// The releases compared (see `Chronicle::compute`).
    chronicle: &'p Chronicle,
    /// The pages of items as they stood in the releases, when they are in the output as the
    /// last build wrote them and nothing they show can have changed (an edit to lists only:
    /// such a page shows a release's list, the releases' comparisons and the bodies' names).
    item_versions: Option<&'p [String]>,
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
    /// None yet, and no open data either: after an edit, `serve` writes both once the pages
    /// have reloaded (`session::Session::finish`).
    Later,
}

/// Writes the pages of the items as they stood in each release: the lists equal to the
/// current ones are the loaded ones, the others are read from the release, one release at a
/// time. Returns their paths.
fn item_versions(
    root: &Path,
    history: &History,
    ch: &Chronicle,
    renderer: &Renderer,
    out: &dyn Output,
) -> crate::Result<Vec<String>> {
    let versions = history::Versions::from_history(root, history);
    let current = versions.list_hashes(history::CURRENT)?;
    let mut pages = Vec::new();
    for v in 0..ch.releases.len() {
        let wanted = ch.item_pages(v);
        let load: std::collections::BTreeSet<String> = ch.versions[v]
            .lists
            .iter()
            .filter(|l| wanted.as_ref().is_none_or(|w| w.contains_key(l.body.as_str())))
            .filter(|l| current.get(&l.body) != Some(&l.hash))
            .map(|l| l.body.clone())
            .collect();
        let old = versions.lists_of(&ch.releases[v].id, &load)?;
        pages.extend(renderer.render_item_versions(out, v, &old)?);
    }
    Ok(pages)
}

/// Writes what the target's scope covers of a checked site: the release pages, the pages and
/// data, and the search index. `previous` is what the last build of the same releases left
/// valid, when there is one.
fn render(
    root: &Path,
    site: &Site,
    history: &History,
    target: Target,
    previous: Option<Previous>,
    progress: &Progress,
) -> crate::Result<Rendered> {
    let Target { out, scope, search } = target;
    let later = search == Search::Later;
    // Releases: consecutive diffs, figures and item timelines, computed once for all pages.
    let t = timing::start();
    let chronicle = match history.releases.is_empty() {
        true => None,
        false => {
            let files = ReleaseFiles::new(out, site.config.publisher.as_deref().unwrap_or_default())?;
            let last = previous.map(|p| p.chronicle);
            let chronicle = Chronicle::compute(root, history, site, &|h, l, v| files.write(h, l, v), last)?;
            if let Some(ch) = &chronicle {
                files.write_index(ch)?;
                files.write_manifest(ch, history)?;
                files.write_retired(ch, &Index::new(site))?;
            }
            chronicle
        }
    };
    t.report("版本变化");
    with_renderer(root, site, chronicle.as_ref(), |index, renderer| {
        // Pages and the search indexes (static under search/, tantivy beside the site,
        // installed by the caller) at the same time: each has steps that keep only one core busy.
        let (stats, search) = rayon::join(
            || match search {
                Search::Later => renderer.render_pages(out, &scope, progress),
                _ => renderer.render_into(out, &scope, progress),
            },
            || match search {
                Search::Later => Ok(crate::search::Pending::none(root)),
                _ => crate::search::build(index, out, root, search == Search::Both),
            },
        );
        let (mut stats, search) = (stats?, search?);
        let mut versions = Vec::new();
        if let Some(ch) = &chronicle {
            let t = timing::start();
            // `exists` also counts a page as part of this build's output (`InPlace::prune`).
            let kept = previous.and_then(|p| p.item_versions).filter(|kept| kept.iter().all(|p| out.exists(p)));
            versions = match kept {
                Some(kept) => kept.to_vec(),
                None => {
                    let written = item_versions(root, history, ch, renderer, out)?;
                    stats.pages += written.len();
                    written
                }
            };
            t.report("事项的历史版本");
        }
        // After an edit, the pages reload first; the memory goes back once `finish` is done.
        if !later {
            let t = timing::start();
            crate::memory::release_free();
            t.report("归还空闲内存");
        }
        Ok((stats, search, versions))
    })
    .map(|(stats, search, item_versions)| Rendered { stats, search, chronicle, item_versions })
}

/// Calls `f` with the site's derived indexes and a renderer over them. The downloads carry
/// each item's history (first published, last changed …) from the releases' `chronicle`.
fn with_renderer<R>(
    root: &Path,
    site: &Site,
    chronicle: Option<&Chronicle>,
    f: impl FnOnce(&Index, &Renderer) -> R,
) -> R {
    let index = Index::new(site).with_lineage(chronicle.map(|ch| ch.lineage(site)));
    let renderer = Renderer::new(&index, Theme::new(root)).with_history(chronicle);
    f(&index, &renderer)
}

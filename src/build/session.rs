//! Rebuilding after edits, for `serve`. The first build, and any change to what many pages
//! show (configuration, bodies, catalogs, prose, theme, releases), rebuilds the whole site into
//! a staging directory that then replaces the output, as `build` does. A change to lists only
//! re-renders, in place, what depends on those lists (`Scope::Lists`): their pages, the pages
//! that gather items (home, departments, coverage) and the release pages at once, so the open
//! pages reload; then (`Session::finish`) the open data and the static search index. The pages
//! of items as they stood in the releases show nothing a list edit changes and stay as they
//! are, and a file rendered the same as before is not replaced (`InPlace`). A build with
//! errors writes nothing: the last good site stays.

use super::{load_and_check_with, render, with_renderer, Chronicle, Outcome, Previous, Rendered, Search, Target};
use crate::export::releases::list_version_files;
use crate::history::History;
use crate::model::Site;
use crate::progress::Progress;
use crate::render::Scope;
use crate::source::{stamp, ListCache, Stamp};
use crate::write::{InPlace, Output, Staging};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The parts of the output that the release pages write completely on every rebuild.
const HISTORY_OUTPUT: [&str; 3] = [crate::urls::RELEASES_DIR, crate::urls::FEEDS_DIR, crate::urls::RELEASE_DATA_DIR];

/// Links the files of the released list versions of `previous` from the live output `live`
/// into `staging` (hard links, or copies where links are not possible); false if one is
/// missing. The files are named by the lists' content, so they are the same in every build.
fn link_versions(previous: &Chronicle, live: &Path, staging: &Staging) -> bool {
    let files = list_version_files(previous, 0..previous.current());
    if let Some(first) = files.first() {
        if staging.create_dirs(&[first.as_str()]).is_err() {
            return false;
        }
    }
    files.iter().all(|rel| {
        let (from, to) = (live.join(rel), staging.dir().join(rel));
        to.is_file() || std::fs::hard_link(&from, &to).or_else(|_| std::fs::copy(&from, &to).map(|_| ())).is_ok()
    })
}

/// What a rebuild covered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing qingdan reads changed.
    Nothing,
    /// The whole site.
    Whole,
    /// These lists (body codes) changed, were added or removed.
    Lists(BTreeSet<String>),
}

/// The inputs of a build, as stamps.
#[derive(Default, PartialEq)]
struct Inputs {
    /// `content/lists/<body>.toml` by body code.
    lists: BTreeMap<String, Stamp>,
    /// The releases (`history/`).
    history: BTreeMap<PathBuf, Stamp>,
    /// Every other file qingdan reads.
    others: BTreeMap<PathBuf, Stamp>,
}

impl Inputs {
    /// Stamps everything a build reads: `qingdan.toml`, `content/`, `themes/` and `history/`.
    fn scan(root: &Path) -> Inputs {
        let mut inputs = Inputs::default();
        let lists = root.join("content").join("lists");
        let history = root.join("history");
        let roots = [root.join(crate::source::CONFIG_FILE), root.join("content"), root.join("themes"), history.clone()];
        for top in roots {
            let walk = walkdir::WalkDir::new(&top)
                .into_iter()
                .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
            // Everything but directories: a FIFO appearing is a change (reported, never read).
            for entry in walk.filter_map(Result::ok).filter(|e| !e.file_type().is_dir()) {
                let path = entry.path();
                let stamp = stamp(path);
                let list = path.parent() == Some(lists.as_path()) && path.extension().is_some_and(|x| x == "toml");
                match path.file_stem().filter(|_| list) {
                    Some(stem) => inputs.lists.insert(stem.to_string_lossy().to_string(), stamp),
                    None if path.starts_with(&history) => inputs.history.insert(path.to_path_buf(), stamp),
                    None => inputs.others.insert(path.to_path_buf(), stamp),
                };
            }
        }
        inputs
    }

    /// What changed since `self`.
    fn change_to(&self, now: &Inputs) -> Change {
        if self.others != now.others || self.history != now.history {
            return Change::Whole;
        }
        let lists: BTreeSet<String> = self
            .lists
            .keys()
            .chain(now.lists.keys())
            .filter(|code| self.lists.get(*code) != now.lists.get(*code))
            .cloned()
            .collect();
        if lists.is_empty() {
            Change::Nothing
        } else {
            Change::Lists(lists)
        }
    }
}

/// The last good build: its inputs, the items each list had (their pages to remove when they
/// go), and what stays valid while the releases do not change.
struct Built {
    inputs: Inputs,
    items: BTreeMap<String, BTreeSet<String>>,
    history: History,
    chronicle: Option<Chronicle>,
    /// The pages of items as they stood in the releases, which only the releases and the
    /// bodies change (`Previous::item_versions`).
    item_versions: Vec<String>,
}

/// A site being edited and the output that follows it.
pub struct Session {
    root: PathBuf,
    out: PathBuf,
    last: Option<Built>,
    /// Lists parsed by earlier rebuilds.
    cache: ListCache,
    /// A site whose pages are written but whose open data and search index are not yet, and
    /// the lists that changed (`finish`).
    unfinished: Option<(Site, BTreeSet<String>)>,
}

impl Session {
    pub fn new(root: &Path, out: &Path) -> Session {
        Session {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            last: None,
            cache: ListCache::default(),
            unfinished: None,
        }
    }

    /// Brings the output up to date with the sources; returns the outcome (diagnostics, or a
    /// failure with the previous output intact) and what was rebuilt.
    pub fn rebuild(&mut self, progress: &Progress) -> (Outcome, Change) {
        let inputs = Inputs::scan(&self.root);
        let change = match &self.last {
            None => Change::Whole,
            Some(last) => last.inputs.change_to(&inputs),
        };
        if change == Change::Nothing {
            return (Outcome::default(), change);
        }
        // The releases, verified and compared, while they stay as they were.
        let same_history = self.last.as_ref().filter(|last| last.inputs.history == inputs.history);
        let spinner = progress.spinner("读取和检查源文件");
        let (site, mut outcome) =
            load_and_check_with(&self.root, same_history.map(|last| &last.history), Some(&mut self.cache));
        drop(spinner);
        if outcome.diags.has_errors() {
            return (outcome, change);
        }
        let previous = same_history.and_then(|last| last.chronicle.as_ref());
        let versions = same_history.map(|last| last.item_versions.as_slice());
        let (root, history) = (&self.root, &outcome.history);
        let result = match &change {
            Change::Lists(lists) => {
                let out = InPlace::new(&self.out);
                self.remove_gone(&out, &site, lists).and_then(|()| {
                    let target = Target { out: &out, scope: Scope::Lists(lists), search: Search::Later };
                    let previous = previous.map(|chronicle| Previous { chronicle, item_versions: versions });
                    let rendered = render(root, &site, history, target, previous, progress)?;
                    // The release pages, feeds and list versions are written whole: what is
                    // left of the last build there (pages of changes since undone, versions of
                    // a list no release holds) goes, as a whole build would not write it.
                    if let Some(chronicle) = &rendered.chronicle {
                        for path in list_version_files(chronicle, 0..chronicle.versions.len()) {
                            out.keep(&path);
                        }
                    }
                    out.prune(&HISTORY_OUTPUT).map_err(|e| crate::Error::io("过时的版本文件", e))?;
                    Ok(rendered)
                })
            }
            _ => self.rebuild_whole(&site, history, previous, &inputs, progress),
        };
        match result {
            Ok(rendered) => {
                outcome.stats = Some(rendered.stats);
                let items = site
                    .lists
                    .iter()
                    .map(|l| (l.body.value.clone(), l.items.iter().map(|i| i.code.value.clone()).collect()))
                    .collect();
                let history = outcome.history.clone();
                let (chronicle, item_versions) = (rendered.chronicle, rendered.item_versions);
                self.last = Some(Built { inputs, items, history, chronicle, item_versions });
                self.unfinished = match &change {
                    Change::Lists(lists) => Some((site, lists.clone())),
                    _ => None,
                };
            }
            Err(e) => outcome.failure = Some(e),
        }
        (outcome, change)
    }

    /// Renders the whole site into a staging directory that replaces the output, as `build`
    /// does. With `previous` (the releases did not change), the comparisons between releases
    /// are reused and the files of their list versions, which only a comparison writes, are
    /// linked from the current output instead of written again; when that cannot be done
    /// (the configuration changed, whose publisher the spreadsheets name, or a file is
    /// missing), everything is computed again.
    fn rebuild_whole(
        &self,
        site: &Site,
        history: &History,
        previous: Option<&Chronicle>,
        inputs: &Inputs,
        progress: &Progress,
    ) -> crate::Result<Rendered> {
        let out = crate::write::output_dir(&self.root, &self.out)?;
        let staging =
            Staging::new(&out).map_err(|e| crate::Error::io(format!("{} 旁的临时输出目录", out.display()), e))?;
        let config = self.root.join(crate::source::CONFIG_FILE);
        let same_config =
            self.last.as_ref().is_some_and(|last| last.inputs.others.get(&config) == inputs.others.get(&config));
        let previous = previous.filter(|p| same_config && link_versions(p, &out, &staging));
        let previous = previous.map(|chronicle| Previous { chronicle, item_versions: None });
        let target = Target { out: &staging, scope: Scope::All, search: Search::Static };
        let rendered = render(&self.root, site, history, target, previous, progress)?;
        staging.commit().map_err(|e| crate::Error::failed(out.display(), e.message))?;
        Ok(rendered)
    }

    /// Writes what the last rebuild left for after the reload, when it did (an edit to lists):
    /// the open data (the changed lists' files, everything gathered over all lists, the data
    /// page) and the static search index. A fraction of a second on a county. Returns whether
    /// there was anything to write. When it fails, the next rebuild is a whole one, so no
    /// download stays behind its lists.
    pub fn finish(&mut self) -> crate::Result<bool> {
        let Some((site, lists)) = self.unfinished.take() else { return Ok(false) };
        let t = crate::timing::start();
        let out = InPlace::new(&self.out);
        let chronicle = self.last.as_ref().and_then(|last| last.chronicle.as_ref());
        let written = with_renderer(&self.root, &site, chronicle, |index, renderer| {
            renderer.render_data(&out, &Scope::Lists(&lists), &Progress::hidden())?;
            crate::search::build(index, &out, &self.root, false)?;
            // Fewer documents make fewer files: the index holds only what this build wrote.
            out.prune(&[crate::urls::SEARCH_DIR]).map_err(|e| crate::Error::io(crate::urls::SEARCH_DIR, e))
        });
        if written.is_err() {
            self.last = None;
        }
        crate::memory::release_free();
        t.report("开放数据和搜索索引");
        written.map(|()| true)
    }

    /// Removes the pages of items no longer in the changed lists, and the data files of lists
    /// that are gone.
    fn remove_gone(&self, out: &InPlace, site: &crate::model::Site, lists: &BTreeSet<String>) -> crate::Result<()> {
        let Some(last) = &self.last else { return Ok(()) };
        let empty = BTreeSet::new();
        for body in lists {
            let now: BTreeSet<&str> = site
                .lists
                .iter()
                .filter(|l| l.body.value == *body)
                .flat_map(|l| l.items.iter().map(|i| i.code.value.as_str()))
                .collect();
            let mut gone: Vec<String> = last
                .items
                .get(body)
                .unwrap_or(&empty)
                .iter()
                .filter(|c| !now.contains(c.as_str()))
                .map(|c| crate::urls::item(body, c))
                .collect();
            if !site.lists.iter().any(|l| l.body.value == *body) {
                gone.extend(crate::export::FORMATS.iter().map(|f| crate::urls::data(body, f)));
            }
            for path in gone {
                out.remove(&path).map_err(|e| crate::Error::io(&path, e))?;
            }
        }
        Ok(())
    }
}

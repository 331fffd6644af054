//! Rebuilding after edits, for `serve`. The first build, and any change to what many pages
//! show (configuration, bodies, catalogs, prose, theme, releases), rebuilds the whole site into
//! a staging directory that then replaces the output, as `build` does. A change to lists only
//! re-renders, in place, what depends on those lists (`Scope::Lists`): their pages and data,
//! the pages that gather items (home, departments, coverage), the release pages and the static
//! search index. A build with errors writes nothing: the last good site stays.

use super::{load_and_check_with, render, Chronicle, Outcome, Search, Target};
use crate::derive::Index;
use crate::history::History;
use crate::model::Site;
use crate::progress::Progress;
use crate::render::{item_path, Scope};
use crate::source::{stamp, ListCache, Stamp};
use crate::write::{InPlace, Staging};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
            for entry in walk.filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
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
}

/// A site being edited and the output that follows it.
pub struct Session {
    root: PathBuf,
    out: PathBuf,
    last: Option<Built>,
    /// Lists parsed by earlier rebuilds.
    cache: ListCache,
    /// A site whose pages are written but whose search index is not yet (`update_search`).
    unindexed: Option<Site>,
}

impl Session {
    pub fn new(root: &Path, out: &Path) -> Session {
        Session {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            last: None,
            cache: ListCache::default(),
            unindexed: None,
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
        let (root, history) = (&self.root, &outcome.history);
        let result = match &change {
            Change::Lists(lists) => {
                let out = InPlace::new(&self.out);
                self.remove_gone(&out, &site, lists).and_then(|()| {
                    let target = Target { out: &out, scope: Scope::Lists(lists), search: Search::Later };
                    render(root, &site, history, target, previous, progress)
                })
            }
            _ => Staging::new(&self.out).map_err(|e| format!("无法创建临时输出目录：{e}")).and_then(|staging| {
                let target = Target { out: &staging, scope: Scope::All, search: Search::Static };
                let rendered = render(root, &site, history, target, previous, progress)?;
                staging.commit().map_err(|e| format!("无法替换输出目录 {}：{e}", self.out.display()))?;
                Ok(rendered)
            }),
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
                self.last = Some(Built { inputs, items, history, chronicle: rendered.chronicle });
                self.unindexed = matches!(change, Change::Lists(_)).then_some(site);
            }
            Err(message) => outcome.failure = Some(message),
        }
        (outcome, change)
    }

    /// Writes the static search index of the last rebuild, when it was left for later: after an
    /// edit to a list the pages reload first, and the index follows (a fraction of a second on
    /// a county, a few seconds on a province).
    pub fn update_search(&mut self) -> Result<(), String> {
        let Some(site) = self.unindexed.take() else { return Ok(()) };
        let t = crate::timing::start();
        crate::search::build(&Index::new(&site), &InPlace::new(&self.out), &self.root, false)?;
        t.report("搜索索引");
        Ok(())
    }

    /// Removes the pages of items no longer in the changed lists, and the data files of lists
    /// that are gone.
    fn remove_gone(&self, out: &InPlace, site: &crate::model::Site, lists: &BTreeSet<String>) -> Result<(), String> {
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
                .map(|c| item_path(body, c))
                .collect();
            if !site.lists.iter().any(|l| l.body.value == *body) {
                gone.extend(crate::export::FORMATS.iter().map(|f| format!("{}{body}.{f}", crate::render::DATA_DIR)));
            }
            for path in gone {
                out.remove(&path).map_err(|e| format!("无法删除 {path}：{e}"))?;
            }
        }
        Ok(())
    }
}

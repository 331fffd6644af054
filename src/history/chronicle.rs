//! The site's history as the website shows it, computed once per build: the diff of each pair
//! of consecutive releases (and of the latest release and the current sources), the figures of
//! every version, and every current item's timeline. Knows nothing of pages.
//!
//! Cost: consecutive releases share most list files, so nothing is parsed twice by content.
//! A list whose SHA-256 equals the current file's is taken from the already loaded site; each
//! step parses only the lists whose hashes differ between its two versions (`Versions::pair`),
//! and every list version that is not current appears on the old side of some step, so its
//! figures are taken there. Parsed lists are handed to `sink` (the website writes their JSON)
//! and dropped at the end of their step: memory stays at one step's changed lists.

use super::{History, Release};
use super::{Versions, CURRENT};
use crate::derive::{Counts, Index, ItemHistory, Lineage, Values};
use crate::diff::{annotate, diff_sites, Change, ChangeKind, Diff, Relation};
use crate::model::{BodyKind, Cause, ItemList, Site};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// One body's list in one version.
#[derive(Clone, Debug)]
pub struct VersionList {
    pub body: String,
    /// The body's name in that version (its code when the body file is missing).
    pub name: String,
    pub kind: Option<BodyKind>,
    /// SHA-256 of the list file.
    pub hash: String,
}

/// A release, or the current sources (always the last version).
#[derive(Clone, Debug)]
pub struct Version {
    /// Release id, or `current`.
    pub id: String,
    /// Lists by body code, in code order.
    pub lists: Vec<VersionList>,
}

/// What happened to an item in one version.
#[derive(Clone, Debug)]
pub struct Event {
    /// Index into `Chronicle::versions`; the last one is the current, unreleased content.
    pub version: usize,
    /// `None`: first published in this version (it was in the first release).
    pub kind: Option<ChangeKind>,
    /// Where the change is listed: the body and code the item had before it.
    pub body: String,
    pub code: String,
    /// The name before, when it changed.
    pub old_name: Option<String>,
    /// The code before, when it changed.
    pub old_code: Option<String>,
    /// For moves: the body it went to (`body` is where it came from).
    pub to_body: Option<String>,
    /// Labels of the fields that changed.
    pub fields: Vec<&'static str>,
    /// The item's body and code after this event (the page of this version).
    pub identity: (String, String),
    /// Only punctuation, width or whitespace changed.
    pub cosmetic: bool,
    /// Why, as the publisher recorded it.
    pub causes: Vec<Cause>,
    /// The merge or split the item took part in.
    pub relation: Option<Relation>,
}

/// An item's page as it stood in a release: where it came from and what came after it.
#[derive(Clone, Debug, Default)]
pub struct VersionLinks {
    /// The page of the item's previous version: (version, body, code).
    pub previous: Option<(usize, String, String)>,
    /// The page of its next version in a later release.
    pub next: Option<(usize, String, String)>,
    /// The change that made this version (index into `steps[version].changes`).
    pub change: Option<usize>,
}

/// An item permalink (`<body>/<code>.html`) that no current item has any more: where the item
/// went, so that old links keep working.
#[derive(Clone, Debug)]
pub struct Retired {
    pub body: String,
    pub code: String,
    pub name: String,
    /// The version whose step took it away, and the change there.
    pub version: usize,
    pub change: usize,
    /// Where it is now (current bodies and codes); empty when it was removed.
    pub now: Vec<(String, String)>,
    /// The version holding its last page (`item_page`).
    pub last_page: usize,
}

/// Everything the website shows about releases.
pub struct Chronicle {
    pub releases: Vec<Release>,
    /// One per release, oldest first, then the current sources.
    pub versions: Vec<Version>,
    /// `steps[k]` compares version `k - 1` with version `k`; `steps[0]` is empty. The last step
    /// is the latest release against the current sources.
    pub steps: Vec<Diff>,
    /// Counts of every list version, by hash.
    pub figures: HashMap<String, Counts>,
    /// Body names and kinds in any version (the newest), for bodies that no longer exist.
    pub names: BTreeMap<String, (String, BodyKind)>,
    /// Items with a recorded change, by their current (body, code).
    timelines: HashMap<(String, String), Vec<Event>>,
    /// Bodies (name, kind) of every version, by code.
    bodies: Vec<BTreeMap<String, (String, BodyKind)>>,
    /// Released versions in which an item (body, code) was added or changed, ascending.
    changed: HashMap<(String, String), Vec<usize>>,
    /// Links between the pages of an item's versions, by (version, body, code).
    links: HashMap<(usize, String, String), VersionLinks>,
}

impl Chronicle {
    /// Loads the releases of the site at `root` (already verified in `history`) and compares
    /// them. `site` is the current content, loaded and checked. `sink` receives every distinct
    /// list version once, with its hash. Returns `None` when the site has no releases.
    ///
    /// `previous`, a chronicle of the same releases (`serve`, after an edit), gives the
    /// comparisons between releases, which the current sources cannot change: only the last
    /// step, the latest release against the current sources, is computed again.
    pub fn compute(
        root: &Path,
        history: &History,
        site: &Site,
        sink: &(dyn Fn(&str, &ItemList, &Values) -> crate::Result<()> + Sync),
        previous: Option<&Chronicle>,
    ) -> crate::Result<Option<Chronicle>> {
        if history.releases.is_empty() {
            return Ok(None);
        }
        let versions = Versions::from_history(root, history);
        let current_hashes = versions.list_hashes(CURRENT)?;
        let current_by_hash: HashMap<&str, &ItemList> =
            site.lists.iter().filter_map(|l| Some((current_hashes.get(&l.body.value)?.as_str(), l))).collect();
        let current_index = Index::new(site);
        let figures: Vec<(String, Counts)> = current_by_hash
            .par_iter()
            .map(|(hash, list)| {
                sink(hash, list, &Values::of(&current_index, list)).map(|()| (hash.to_string(), Counts::of(list)))
            })
            .collect::<crate::Result<_>>()?;
        let mut figures: HashMap<String, Counts> = figures.into_iter().collect();

        let mut ids: Vec<&str> = history.releases.iter().map(|r| r.id.as_str()).collect();
        ids.push(CURRENT);
        let mut bodies: Vec<BTreeMap<String, (String, BodyKind)>> = vec![BTreeMap::new(); ids.len()];
        let mut steps = vec![Diff::default()];
        let previous = previous.filter(|p| p.releases.iter().map(|r| &r.id).eq(history.releases.iter().map(|r| &r.id)));
        if let Some(previous) = previous {
            let current = previous.current();
            steps.extend(previous.steps[1..current].iter().cloned());
            bodies[..current].clone_from_slice(&previous.bodies[..current]);
            for list in previous.versions[..current].iter().flat_map(|v| &v.lists) {
                if let Some(f) = previous.figures.get(&list.hash) {
                    figures.entry(list.hash.clone()).or_insert_with(|| f.clone());
                }
            }
        }
        for k in steps.len()..ids.len() {
            let (a, b) = versions.pair(ids[k - 1], ids[k])?;
            for (v, side) in [(k - 1, &a), (k, &b)] {
                bodies[v] = side.bodies.iter().map(|x| (x.code.value.clone(), (x.name.clone(), x.kind))).collect();
            }
            let hashes = (versions.list_hashes(ids[k - 1])?, versions.list_hashes(ids[k])?);
            let (index_a, index_b) = (Index::new(&a), Index::new(&b));
            let parsed: Vec<(&ItemList, &String, &Index)> = a
                .lists
                .iter()
                .filter_map(|l| Some((l, hashes.0.get(&l.body.value)?, &index_a)))
                .chain(b.lists.iter().filter_map(|l| Some((l, hashes.1.get(&l.body.value)?, &index_b))))
                .filter(|(_, hash, _)| !figures.contains_key(hash.as_str()))
                .collect();
            let mut seen = std::collections::HashSet::new();
            let fresh: Vec<(&ItemList, &String, &Index)> =
                parsed.into_iter().filter(|(_, h, _)| seen.insert(h.as_str())).collect();
            let new_figures: Vec<(String, Counts)> = fresh
                .par_iter()
                .map(|(list, hash, index)| {
                    sink(hash, list, &Values::of(index, list)).map(|()| (hash.to_string(), Counts::of(list)))
                })
                .collect::<crate::Result<_>>()?;
            figures.extend(new_figures);
            let mut diff = diff_sites(&a, &b);
            if let Some(adjustments) = versions.adjustments(ids[k]) {
                annotate(&mut diff, &adjustments, &a, &b);
            }
            steps.push(diff);
        }

        let mut names = BTreeMap::new();
        let mut out_versions = Vec::with_capacity(ids.len());
        for (v, id) in ids.iter().enumerate() {
            let hashes = versions.list_hashes(id)?;
            let lists = hashes
                .into_iter()
                .map(|(body, hash)| {
                    let (name, kind) = match bodies[v].get(&body) {
                        Some((name, kind)) => (name.clone(), Some(*kind)),
                        None => (body.clone(), None),
                    };
                    VersionList { body, name, kind, hash }
                })
                .collect();
            names.extend(bodies[v].iter().map(|(code, body)| (code.clone(), body.clone())));
            out_versions.push(Version { id: id.to_string(), lists });
        }
        let timelines = timelines(&steps);
        let (changed, links) = version_pages(&steps[..history.releases.len()]);
        Ok(Some(Chronicle {
            releases: history.releases.clone(),
            versions: out_versions,
            steps,
            figures,
            names,
            timelines,
            bodies,
            changed,
            links,
        }))
    }

    /// Changes of step `k` that concern `body` (as source or destination).
    pub fn body_changes(&self, k: usize, body: &str) -> Vec<&Change> {
        self.steps[k].changes.iter().filter(|c| c.body == body || c.to_body.as_deref() == Some(body)).collect()
    }

    /// Whether `body` had a list in version `v`.
    pub fn has_list(&self, v: usize, body: &str) -> bool {
        self.versions[v].lists.iter().any(|l| l.body == body)
    }

    /// Index of the version that is the current content.
    pub fn current(&self) -> usize {
        self.versions.len() - 1
    }

    /// Whether the current sources differ from the latest release.
    pub fn has_unreleased(&self) -> bool {
        !self.steps[self.current()].is_empty()
    }

    /// The timeline of a current item: when it was first published and every later change,
    /// oldest first; the last event has `version == current()` when it is not yet released.
    pub fn timeline(&self, body: &str, code: &str) -> Vec<Event> {
        match self.timelines.get(&(body.to_string(), code.to_string())) {
            Some(events) => events.clone(),
            None => vec![first(body, code)],
        }
    }

    /// The history of every current item of `site`, for the downloads.
    pub fn lineage(&self, site: &Site) -> Lineage {
        let current = self.current();
        let mut lineage = Lineage::default();
        for list in &site.lists {
            let body = &list.body.value;
            let items = list
                .items
                .iter()
                .map(|item| {
                    let events = self.timeline(body, &item.code.value);
                    let released: Vec<&Event> = events.iter().filter(|e| e.version < current).collect();
                    let date = |v: usize| self.releases.get(v).map(|r| r.effective);
                    let first_published = released.first().and_then(|e| date(e.version));
                    let changes: Vec<&&Event> = released.iter().skip(1).filter(|e| !e.cosmetic).collect();
                    let last_changed = match changes.last() {
                        Some(e) => date(e.version),
                        None => first_published,
                    };
                    let mut history = ItemHistory {
                        first_published,
                        last_changed,
                        change_count: changes.len(),
                        ..ItemHistory::default()
                    };
                    for e in &events {
                        if let Some(old) = &e.old_name {
                            if !history.renamed_from.contains(old) {
                                history.renamed_from.push(old.clone());
                            }
                        }
                        if e.old_code.is_some() || e.to_body.is_some() {
                            let place = format!("{}/{}", e.body, e.code);
                            if !history.moved_from.contains(&place) {
                                history.moved_from.push(place);
                            }
                        }
                    }
                    (item.code.value.clone(), history)
                })
                .collect();
            lineage.bodies.insert(body.clone(), items);
        }
        lineage
    }

    /// The items that get a page as they stood in release `v`: every item of the first
    /// release (`None`), else those added or changed in it, by body.
    pub fn item_pages(&self, v: usize) -> Option<BTreeMap<&str, Vec<&str>>> {
        if v == 0 {
            return None;
        }
        let mut pages: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for c in &self.steps[v].changes {
            if let Some((body, code)) = c.new_identity() {
                pages.entry(body).or_default().push(code);
            }
        }
        Some(pages)
    }

    /// The release whose page shows an item (body, code) as it stood in release `v`: the
    /// latest release up to `v` that added or changed it, else the first.
    pub fn item_page(&self, v: usize, body: &str, code: &str) -> usize {
        self.changed
            .get(&(body.to_string(), code.to_string()))
            .and_then(|versions| versions.iter().rev().find(|u| **u <= v).copied())
            .unwrap_or(0)
    }

    /// How the page of an item in release `v` links to its other versions.
    pub fn version_links(&self, v: usize, body: &str, code: &str) -> VersionLinks {
        self.links.get(&(v, body.to_string(), code.to_string())).cloned().unwrap_or_default()
    }

    /// Every item permalink of a release or of the last build that `site` no longer has, with
    /// where the item went (`now`: current identities).
    pub fn retired(&self, site: &Index) -> Vec<Retired> {
        let exists =
            |body: &str, code: &str| site.list(body).is_some_and(|l| l.items.iter().any(|i| i.code.value == code));
        let mut retired: BTreeMap<(String, String), Retired> = BTreeMap::new();
        for (k, diff) in self.steps.iter().enumerate().skip(1) {
            // Where each identity that left in this step went.
            let mut went: HashMap<(String, String), Vec<(String, String)>> = HashMap::new();
            let mut left: Vec<(usize, &Change)> = Vec::new();
            for (n, c) in diff.changes.iter().enumerate() {
                let old = (c.body.clone(), c.code.clone());
                let new = c.new_identity().map(|(b, code)| (b.to_string(), code.to_string()));
                if new.as_ref() == Some(&old) {
                    continue;
                }
                let to = match (new, diff.relation_of(&c.body, &c.code, true)) {
                    (Some(new), _) => vec![new],
                    (None, Some(r)) => r.into.iter().map(|i| (i.body.clone(), i.code.clone())).collect(),
                    (None, None) => Vec::new(),
                };
                went.insert(old, to);
                left.push((n, c));
            }
            for r in retired.values_mut() {
                r.now = r.now.iter().flat_map(|id| went.get(id).cloned().unwrap_or_else(|| vec![id.clone()])).collect();
            }
            for (n, c) in left {
                let key = (c.body.clone(), c.code.clone());
                let now = went.get(&key).cloned().unwrap_or_default();
                let last_page = self.item_page(k - 1, &c.body, &c.code);
                let entry = Retired {
                    body: key.0.clone(),
                    code: key.1.clone(),
                    name: c.name.clone(),
                    version: k,
                    change: n,
                    now,
                    last_page,
                };
                retired.insert(key, entry);
            }
        }
        retired
            .into_values()
            .filter(|r| !exists(&r.body, &r.code))
            .map(|mut r| {
                r.now.retain(|(b, c)| exists(b, c));
                r.now.dedup();
                r
            })
            .collect()
    }

    /// The figures of a version: grassroots lists summed, and the department lists summed.
    pub fn totals(&self, version: usize) -> (Counts, Counts, usize, usize) {
        let (mut grassroots, mut departments, mut g, mut d) = (Counts::default(), Counts::default(), 0, 0);
        for list in &self.versions[version].lists {
            let Some(f) = self.figures.get(&list.hash) else { continue };
            if list.kind.is_some_and(|k| k.is_grassroots()) {
                grassroots.add(f);
                g += 1;
            } else {
                departments.add(f);
                d += 1;
            }
        }
        (grassroots, departments, g, d)
    }

    pub fn body_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.names.get(code).map(|(name, _)| name.as_str()).unwrap_or(code)
    }

    /// Whether a body is a township or street office (in the newest version that has it).
    pub fn is_grassroots(&self, code: &str) -> bool {
        self.names.get(code).is_some_and(|(_, kind)| kind.is_grassroots())
    }
}

fn first(body: &str, code: &str) -> Event {
    Event {
        version: 0,
        kind: None,
        body: body.to_string(),
        code: code.to_string(),
        old_name: None,
        old_code: None,
        to_body: None,
        fields: Vec::new(),
        identity: (body.to_string(), code.to_string()),
        cosmetic: false,
        causes: Vec::new(),
        relation: None,
    }
}

type PageKey = (usize, String, String);
/// Released versions that added or changed each item, by (body, code).
type Changed = HashMap<(String, String), Vec<usize>>;

/// For each item, the released versions that added or changed it, and how the pages of its
/// versions link to one another. `steps` are the released steps (`steps[0]` empty).
fn version_pages(steps: &[Diff]) -> (Changed, HashMap<PageKey, VersionLinks>) {
    let mut changed: Changed = HashMap::new();
    let mut links: HashMap<PageKey, VersionLinks> = HashMap::new();
    let page = |changed: &HashMap<(String, String), Vec<usize>>, v: usize, body: &str, code: &str| {
        changed
            .get(&(body.to_string(), code.to_string()))
            .and_then(|versions| versions.iter().rev().find(|u| **u <= v).copied())
            .unwrap_or(0)
    };
    for (k, diff) in steps.iter().enumerate().skip(1) {
        let mut here = Vec::new();
        for (n, c) in diff.changes.iter().enumerate() {
            let Some((body, code)) = c.new_identity() else { continue };
            let previous = (c.kind != ChangeKind::Added).then(|| {
                let v = page(&changed, k - 1, &c.body, &c.code);
                (v, c.body.clone(), c.code.clone())
            });
            here.push(((k, body.to_string(), code.to_string()), previous, n));
        }
        for (key, previous, n) in here {
            if let Some(p) = &previous {
                links.entry(p.clone()).or_default().next = Some(key.clone());
            }
            changed.entry((key.1.clone(), key.2.clone())).or_default().push(k);
            let entry = links.entry(key).or_default();
            entry.previous = previous;
            entry.change = Some(n);
        }
    }
    (changed, links)
}

/// Follows every changed item through the steps, keyed by its identity in the newest version.
/// Items never mentioned were in the first release under the same body and code.
fn timelines(steps: &[Diff]) -> HashMap<(String, String), Vec<Event>> {
    let mut map: HashMap<(String, String), Vec<Event>> = HashMap::new();
    for (k, diff) in steps.iter().enumerate().skip(1) {
        let mut next: Vec<((String, String), Vec<Event>)> = Vec::new();
        for c in &diff.changes {
            let old_key = (c.body.clone(), c.code.clone());
            if c.kind == ChangeKind::Removed {
                map.remove(&old_key);
                continue;
            }
            let mut events = if c.kind == ChangeKind::Added {
                Vec::new()
            } else {
                map.remove(&old_key).unwrap_or_else(|| vec![first(&c.body, &c.code)])
            };
            events.push(event(k, c, diff));
            let new_key = (
                c.to_body.clone().unwrap_or_else(|| c.body.clone()),
                c.new_code.clone().unwrap_or_else(|| c.code.clone()),
            );
            next.push((new_key, events));
        }
        map.extend(next);
    }
    map
}

fn event(version: usize, c: &Change, diff: &Diff) -> Event {
    let identity = c.new_identity().map(|(b, code)| (b.to_string(), code.to_string())).unwrap_or_default();
    let relation =
        diff.relation_of(&identity.0, &identity.1, false).or_else(|| diff.relation_of(&c.body, &c.code, true)).cloned();
    Event {
        version,
        kind: Some(c.kind),
        body: c.body.clone(),
        code: c.code.clone(),
        old_name: c.new_name.as_ref().map(|_| c.name.clone()),
        old_code: c.new_code.as_ref().map(|_| c.code.clone()),
        to_body: c.to_body.clone(),
        fields: c.substantive_fields().map(|f| f.label).collect(),
        identity,
        cosmetic: c.cosmetic,
        causes: c.causes.clone(),
        relation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(kind: ChangeKind, body: &str, code: &str, to_body: Option<&str>, new_code: Option<&str>) -> Change {
        Change {
            kind,
            body: body.into(),
            body_name: body.into(),
            to_body: to_body.map(Into::into),
            to_body_name: to_body.map(Into::into),
            code: code.into(),
            new_code: new_code.map(Into::into),
            name: "事项".into(),
            new_name: None,
            power_type: String::new(),
            part: String::new(),
            from_part: None,
            departments: Vec::new(),
            fields: Vec::new(),
            cosmetic: false,
            causes: Vec::new(),
        }
    }

    #[test]
    fn timelines_follow_code_changes_and_moves_back_to_the_first_release() {
        let steps = vec![
            Diff::default(),
            Diff {
                bodies: Vec::new(),
                relations: Vec::new(),
                changes: vec![
                    change(ChangeKind::Modified, "t", "A", None, Some("B")),
                    change(ChangeKind::Added, "t", "N", None, None),
                ],
            },
            Diff {
                bodies: Vec::new(),
                relations: Vec::new(),
                changes: vec![
                    change(ChangeKind::Moved, "t", "B", Some("d"), Some("D-1")),
                    change(ChangeKind::Removed, "t", "N", None, None),
                ],
            },
        ];
        let map = timelines(&steps);
        let events = &map[&("d".to_string(), "D-1".to_string())];
        let summary: Vec<(usize, Option<ChangeKind>, &str, &str)> =
            events.iter().map(|e| (e.version, e.kind, e.body.as_str(), e.code.as_str())).collect();
        assert_eq!(
            summary,
            [(0, None, "t", "A"), (1, Some(ChangeKind::Modified), "t", "A"), (2, Some(ChangeKind::Moved), "t", "B")]
        );
        assert_eq!(events[1].old_code.as_deref(), Some("A"));
        assert_eq!(events[2].to_body.as_deref(), Some("d"));
        assert!(!map.contains_key(&("t".to_string(), "N".to_string())), "removed items have no timeline");
        assert_eq!(map.len(), 1);
    }
}

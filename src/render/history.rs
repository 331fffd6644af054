//! Pages about releases: the releases index, a page per release, the changes between each pair
//! of consecutive releases (overall and per body), the unreleased changes, the browser
//! comparison page, item timelines and the Atom feeds (`feed.rs`), rendered from the finished
//! `history::Chronicle`. The release data (list versions, `index.json`) is written by
//! `export::releases` before any page is rendered.
//!
//! Paths (all under the output root):
//!
//! | path | what |
//! |---|---|
//! | `releases/index.html` | all releases; unreleased changes |
//! | `releases/<id>/index.html` | one release: date, documents, note, figures |
//! | `releases/<id>/changes.html` | changes from the previous release, counts per body and 权力类型 |
//! | `releases/<id>/<body>.html` | one body's changes in that release, field by field |
//! | `releases/current/…` | the same two for the current sources against the latest release |
//! | `releases/compare.html` | any two versions compared in the browser (`compare.js`, part of `static/site.js`) |
//! | `feeds/index.xml`, `feeds/<body>.xml` | Atom feeds of the site and of each body |
//! | `data/releases/index.json` | every version: its bodies and the file of each list |
//! | `data/releases/lists/<hash>.json` | one list version, by the first 16 hex digits of its SHA-256 |

use super::changes::{cosmetic_count, kind_counts, summary};
use super::{feed, Renderer};
use crate::diff::{Change, ChangeKind, Diff, Segment};
use crate::history::{Chronicle, Event};
use crate::model::PowerType;
use crate::urls;
use crate::write::Output;
use minijinja::{context, Value};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A cause as pages show it: its labelled texts.
pub(super) fn cause_view(cause: &crate::model::Cause) -> Value {
    let parts: Vec<Value> = cause.labelled().map(|(label, text)| context! { label => label, text => text }).collect();
    Value::from(parts)
}

/// A merge or split in words, from the side of the item `me` (its newer body and code):
/// "由 A、B 合并而成" / "与 B 一起并入 N" / "由 O 拆分而来，另见 T2".
pub(super) fn relation_text(r: &crate::diff::Relation, me: &(String, String)) -> String {
    use crate::diff::RelationKind;
    let names = |items: &[crate::diff::ItemRef], skip_me: bool| {
        items
            .iter()
            .filter(|i| !(skip_me && i.body == me.0 && i.code == me.1))
            .map(|i| format!("“{}”（{}）", i.name, i.code))
            .collect::<Vec<_>>()
            .join("、")
    };
    let how = if r.declared { "" } else { "（按名称推断）" };
    match r.kind {
        RelationKind::Merge => format!("由{}合并而成{how}", names(&r.from, false)),
        RelationKind::Split => {
            let others = names(&r.into, true);
            let from = names(&r.from, false);
            if others.is_empty() {
                format!("由{from}拆分而来{how}")
            } else {
                format!("由{from}拆分而来，同时拆出{others}{how}")
            }
        }
    }
}

/// A merge or split for the change pages.
fn relation_view(r: &crate::diff::Relation) -> Value {
    context! {
        kind => r.kind.name(),
        from => r.from,
        into => r.into,
        declared => r.declared,
        causes => r.causes.iter().map(cause_view).collect::<Vec<_>>(),
    }
}

/// Equal runs longer than this (characters) are shortened in field diffs.
const ELIDE_OVER: usize = 160;
const ELIDE_KEEP: usize = 60;

/// A version as pages mention it.
#[derive(Serialize, Clone)]
pub(super) struct Meta {
    pub id: String,
    pub title: String,
    pub effective: Option<crate::model::Date>,
    pub documents: Vec<String>,
    pub current: bool,
    /// Its page, from the output root.
    pub href: String,
}

/// One segment of a field diff, with long unchanged runs shortened.
#[derive(Serialize)]
struct Seg<'a> {
    op: &'static str,
    head: &'a str,
    tail: &'a str,
    /// Characters left out between `head` and `tail`.
    elided: usize,
}

#[derive(Serialize)]
struct FieldView<'a> {
    label: &'static str,
    segments: Vec<Seg<'a>>,
}

#[derive(Serialize)]
struct ChangeView<'a> {
    anchor: String,
    kind: ChangeKind,
    kind_name: &'static str,
    code: &'a str,
    new_code: Option<&'a str>,
    name: &'a str,
    new_name: Option<&'a str>,
    power_type: &'a str,
    part: &'a str,
    body: &'a str,
    body_name: &'a str,
    to_body: Option<&'a str>,
    to_body_name: Option<&'a str>,
    /// For moves on the destination's page.
    incoming: bool,
    /// The item's current page, when it still exists there.
    item_href: Option<String>,
    /// The item as it stood after (or, removed, before) this change: its citable page.
    version_href: Option<String>,
    fields: Vec<FieldView<'a>>,
    /// Edits of punctuation, width or whitespace only, shown on request.
    cosmetic_fields: Vec<FieldView<'a>>,
    cosmetic: bool,
    causes: Vec<Value>,
    /// The merge or split it is part of, in words.
    relation: Option<String>,
}

#[derive(Serialize)]
struct CountRow {
    label: String,
    code: Option<String>,
    href: Option<String>,
    counts: Vec<usize>,
    total: usize,
}

fn type_label(label: &str) -> String {
    if label.is_empty() {
        "未注明".to_string()
    } else {
        label.to_string()
    }
}

fn type_rows(changes: &[&Change]) -> Vec<CountRow> {
    let mut rows: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
    for c in changes.iter().filter(|c| !c.cosmetic) {
        let order = if c.power_type.is_empty() { usize::MAX } else { PowerType::parse(&c.power_type).order() };
        rows.entry((order, c.power_type.clone())).or_insert_with(|| vec![0; 6])[c.kind as usize] += 1;
    }
    rows.into_iter()
        .map(|((_, label), counts)| CountRow {
            label: type_label(&label),
            code: None,
            href: None,
            total: counts.iter().sum(),
            counts,
        })
        .collect()
}

/// Changes of one step grouped by the bodies whose pages show them (moves on both).
fn by_body(diff: &Diff) -> BTreeMap<&str, Vec<&Change>> {
    let mut map: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
    for c in &diff.changes {
        map.entry(c.body.as_str()).or_default().push(c);
        if let Some(to) = c.to_body.as_deref().filter(|t| *t != c.body) {
            map.entry(to).or_default().push(c);
        }
    }
    map
}

fn segments(segs: &[Segment]) -> Vec<Seg<'_>> {
    let last = segs.len().saturating_sub(1);
    segs.iter()
        .enumerate()
        .map(|(i, s)| {
            let chars = s.text.chars().count();
            if s.op != "equal" || chars <= ELIDE_OVER {
                return Seg { op: s.op, head: &s.text, tail: "", elided: 0 };
            }
            let byte = |n: usize| s.text.char_indices().nth(n).map(|(b, _)| b).unwrap_or(s.text.len());
            let keep_head = if i == 0 { 0 } else { ELIDE_KEEP };
            let keep_tail = if i == last { 0 } else { ELIDE_KEEP };
            Seg {
                op: s.op,
                head: &s.text[..byte(keep_head)],
                tail: &s.text[byte(chars - keep_tail)..],
                elided: chars - keep_head - keep_tail,
            }
        })
        .collect()
}

/// A page about releases.
enum Page {
    Index,
    Compare,
    Release(usize),
    Changes(usize),
    Body(usize, String),
}

impl<'s, 'i> Renderer<'s, 'i> {
    /// Adds the releases to every page (navigation, feeds) and the timelines to item pages.
    pub fn with_history(mut self, chronicle: Option<&'i Chronicle>) -> Self {
        let Some(ch) = chronicle else { return self };
        let feeds: BTreeMap<&str, bool> = feed::bodies(ch).into_iter().map(|b| (b, true)).collect();
        let extra = context! { has_releases => true, feed_bodies => feeds };
        self.common.extend(&extra);
        self.history = Some(ch);
        self
    }

    /// The directory of a version's pages.
    pub(super) fn version_dir(&self, ch: &Chronicle, v: usize) -> String {
        if v == ch.current() {
            urls::release_dir(None)
        } else {
            urls::release_dir(Some(&ch.versions[v].id))
        }
    }

    /// Whether the unreleased changes get pages (not when a release is named `current`).
    pub(super) fn unreleased_pages(&self, ch: &Chronicle) -> bool {
        ch.has_unreleased() && !ch.releases.iter().any(|r| r.id == "current")
    }

    pub(super) fn meta(&self, ch: &Chronicle, v: usize) -> Meta {
        match ch.releases.get(v) {
            Some(r) => Meta {
                id: r.id.clone(),
                title: r.title.clone(),
                effective: Some(r.effective),
                documents: r.documents.clone(),
                current: false,
                href: urls::release(&r.id),
            },
            None => Meta {
                id: crate::history::CURRENT.into(),
                title: crate::history::CURRENT_TITLE.into(),
                effective: None,
                documents: Vec::new(),
                current: true,
                href: urls::UNRELEASED.into(),
            },
        }
    }

    /// Bodies with a changes page in step `k`.
    fn touched(ch: &Chronicle, k: usize) -> Vec<String> {
        by_body(&ch.steps[k]).into_keys().map(str::to_string).collect()
    }

    fn history_pages(&self, ch: &Chronicle) -> Vec<(String, Page)> {
        let mut pages = vec![(urls::RELEASES.to_string(), Page::Index), (urls::COMPARE.to_string(), Page::Compare)];
        let mut steps: Vec<usize> = (1..ch.releases.len()).collect();
        if self.unreleased_pages(ch) {
            steps.push(ch.current());
        }
        for v in 0..ch.releases.len() {
            pages.push((format!("{}index.html", self.version_dir(ch, v)), Page::Release(v)));
        }
        for k in steps {
            let dir = self.version_dir(ch, k);
            pages.push((urls::changes(&dir), Page::Changes(k)));
            for body in Self::touched(ch, k) {
                pages.push((urls::body_changes(&dir, &body), Page::Body(k, body)));
            }
        }
        pages
    }

    /// Writes the pages, feeds and index about releases; returns how many files.
    pub(super) fn render_history(&self, out: &dyn Output) -> Result<usize, crate::Error> {
        let Some(ch) = self.history else { return Ok(0) };
        let pages = self.history_pages(ch);
        let feeds = feed::feeds(self, ch);
        let retired = self.retired_pages(ch);
        let files: Vec<&str> = pages
            .iter()
            .map(|(p, _)| p.as_str())
            .chain(feeds.iter().map(|(p, _)| p.as_str()))
            .chain(retired.iter().map(|(p, _)| p.as_str()))
            .collect();
        out.create_dirs(&files).map_err(|e| crate::Error::io(out.dir().display().to_string(), e))?;
        pages.par_iter().try_for_each(|(path, page)| {
            let (template, ctx) = match page {
                Page::Index => ("releases.html", self.releases_index(ch)),
                Page::Compare => ("compare.html", self.compare(ch)),
                Page::Release(v) => ("release.html", self.release(ch, *v)),
                Page::Changes(k) => ("changes.html", self.changes(ch, *k)),
                Page::Body(k, body) => ("body-changes.html", self.body_changes(ch, *k, body)),
            };
            let html = self.render_template(path, template, ctx).map_err(crate::Error::Template)?;
            out.write(path, html.as_bytes()).map_err(|e| crate::Error::io(path.clone(), e))
        })?;
        feeds.par_iter().try_for_each(|(path, xml)| {
            out.write(path, xml.as_bytes()).map_err(|e| crate::Error::io(path.clone(), e))
        })?;
        retired.par_iter().try_for_each(|(path, ctx)| {
            let html = self.render_template(path, "item-moved.html", ctx.clone()).map_err(crate::Error::Template)?;
            out.write(path, html.as_bytes()).map_err(|e| crate::Error::io(path.clone(), e))
        })?;
        Ok(pages.len() + feeds.len() + retired.len())
    }

    /// The release a body's current list was published in: the latest release, when the list
    /// is the same there as now; `unreleased` when the list changed since (or is new). `None`
    /// when the site has no releases or the body no list.
    pub(super) fn list_release(&self, body: &str) -> Option<Value> {
        let ch = self.history?;
        let hash = |v: usize| ch.versions[v].lists.iter().find(|l| l.body == body).map(|l| l.hash.as_str());
        let now = hash(ch.current())?;
        let latest = ch.current().checked_sub(1)?;
        if hash(latest) == Some(now) {
            Some(Value::from_serialize(self.meta(ch, latest)))
        } else {
            Some(context! { unreleased => true, latest => self.meta(ch, latest) })
        }
    }

    /// The Atom feed of a current item, once it is in a release.
    pub(super) fn item_feed(&self, body: &str, code: &str) -> Option<String> {
        let ch = self.history?;
        feed::has_item_feed(ch, body, code).then(|| urls::item_feed(body, code))
    }

    /// The timeline on an item page.
    pub(super) fn timeline(&self, body: &str, code: &str) -> Option<Value> {
        let ch = self.history?;
        let events: Vec<Value> = ch.timeline(body, code).iter().map(|e| self.event(ch, e, body)).collect();
        Some(Value::from(events))
    }

    fn event(&self, ch: &Chronicle, e: &Event, now_body: &str) -> Value {
        let unreleased = e.version == ch.current();
        let label = match e.kind {
            None => "首次发布",
            Some(ChangeKind::Added) if unreleased => "尚未发布",
            Some(ChangeKind::Added) if e.version > 0 => "新增",
            Some(_) if e.cosmetic => "格式修改",
            Some(k) => k.name(),
        };
        let mut details: Vec<String> = Vec::new();
        match e.kind {
            None if e.body != now_body => details.push(format!("列入{}清单，编码 {}", ch.body_name(&e.body), e.code)),
            Some(ChangeKind::Added) if unreleased => {
                details.push("本事项是当前内容中新增的，尚未纳入正式发布的版本".into())
            }
            Some(ChangeKind::Recalled) => details.push("由基本履职事项调整为上级部门收回事项".into()),
            Some(ChangeKind::Moved) => details.push(format!(
                "由{}移交至{}",
                ch.body_name(&e.body),
                e.to_body.as_deref().map(|b| ch.body_name(b)).unwrap_or("")
            )),
            Some(_) if e.cosmetic => details.push("只改了标点、全角半角或空白".into()),
            _ => {}
        }
        if let Some(old) = &e.old_name {
            details.push(format!("原名称“{old}”"));
        }
        if let Some(old) = &e.old_code {
            details.push(format!("原编码 {old}"));
        }
        let fields: Vec<&str> = e.fields.iter().copied().filter(|f| e.old_name.is_none() || *f != "事项名称").collect();
        if !fields.is_empty() {
            details.push(format!("修改了{}", fields.join("、")));
        }
        if let Some(r) = &e.relation {
            details.push(relation_text(r, &e.identity));
        }
        let page_body = e.to_body.as_deref().unwrap_or(&e.body);
        let href = match e.kind {
            None => Some(self.meta(ch, e.version).href),
            Some(_) if unreleased && !self.unreleased_pages(ch) => None,
            Some(_) => Some(format!(
                "{}{page_body}.html#{}",
                self.version_dir(ch, e.version),
                urls::change_anchor(&e.body, &e.code)
            )),
        };
        // The page of the item as it stood in this release, for citing.
        let version_href =
            (!unreleased).then(|| urls::item_version(&ch.releases[e.version].id, &e.identity.0, &e.identity.1));
        context! {
            label => label,
            unreleased => unreleased,
            cosmetic => e.cosmetic,
            release => (!unreleased).then(|| self.meta(ch, e.version)),
            details => details.join("；"),
            causes => e.causes.iter().map(cause_view).collect::<Vec<_>>(),
            href => href,
            version_href => version_href,
        }
    }

    fn releases_index(&self, ch: &Chronicle) -> Value {
        let rows: Vec<Value> = (0..ch.releases.len())
            .rev()
            .map(|v| {
                let (grassroots, departments, g, d) = ch.totals(v);
                let changes: Vec<&Change> = if v > 0 { ch.steps[v].changes.iter().collect() } else { Vec::new() };
                context! {
                    meta => self.meta(ch, v),
                    until => ch.releases.get(v + 1).map(|r| r.effective),
                    manifest => ch.releases[v].sha256,
                    first => v == 0,
                    grassroots => grassroots,
                    departments => departments,
                    grassroots_count => g,
                    department_count => d,
                    summary => summary(&changes),
                    changes_href => (v > 0).then(|| urls::changes(&urls::release_dir(Some(&ch.releases[v].id)))),
                }
            })
            .collect();
        context! {
            releases => rows,
            latest => self.meta(ch, ch.releases.len() - 1),
            unreleased => self.unreleased_summary(ch),
            chain_head => ch.releases[ch.releases.len() - 1].sha256,
        }
    }

    fn unreleased_summary(&self, ch: &Chronicle) -> Option<Value> {
        if !ch.has_unreleased() {
            return None;
        }
        let step = &ch.steps[ch.current()];
        let changes: Vec<&Change> = step.changes.iter().collect();
        Some(context! {
            summary => summary(&changes),
            total => changes.len(),
            bodies => step.bodies.iter().map(|b| context! { kind => b.kind.name(), name => b.name }).collect::<Vec<_>>(),
            href => self.unreleased_pages(ch).then(|| urls::changes(&urls::release_dir(None))),
        })
    }

    fn release(&self, ch: &Chronicle, v: usize) -> Value {
        let release = &ch.releases[v];
        let (grassroots, departments, g, d) = ch.totals(v);
        let previous = (v > 0).then(|| ch.totals(v - 1).0);
        let mut types: BTreeMap<(usize, String), (usize, Option<usize>)> = BTreeMap::new();
        let order = |label: &str| if label.is_empty() { usize::MAX } else { PowerType::parse(label).order() };
        for (label, n) in &grassroots.by_type {
            types.entry((order(label), label.clone())).or_insert((0, previous.as_ref().map(|_| 0))).0 = *n;
        }
        if let Some(prev) = &previous {
            for (label, n) in &prev.by_type {
                types.entry((order(label), label.clone())).or_insert((0, Some(0))).1 = Some(*n);
            }
        }
        let types: Vec<Value> = types
            .into_iter()
            .map(|((_, label), (n, before))| {
                let delta = before.map(|b| match n.cmp(&b) {
                    std::cmp::Ordering::Greater => format!("+{}", n - b),
                    std::cmp::Ordering::Less => format!("−{}", b - n),
                    std::cmp::Ordering::Equal => "0".to_string(),
                });
                context! { label => type_label(&label), count => n, before => before, delta => delta }
            })
            .collect();
        let step = (v > 0).then(|| &ch.steps[v]);
        let touched: BTreeMap<&str, usize> =
            step.map(|s| by_body(s).into_iter().map(|(b, c)| (b, c.len())).collect()).unwrap_or_default();
        let rows = |grassroots: bool| -> Vec<Value> {
            ch.versions[v]
                .lists
                .iter()
                .filter(|l| l.kind.is_some_and(|k| k.is_grassroots()) == grassroots)
                .map(|l| {
                    let changed = touched.get(l.body.as_str()).copied().unwrap_or(0);
                    context! {
                        code => l.body,
                        name => l.name,
                        figures => ch.figures.get(&l.hash),
                        changed => changed,
                        href => (changed > 0).then(|| urls::body_changes(&urls::release_dir(Some(&release.id)), &l.body)),
                        csv => crate::urls::list_version_file(&l.hash, "csv"),
                        xlsx => crate::urls::list_version_file(&l.hash, "xlsx"),
                    }
                })
                .collect()
        };
        let changes: Vec<&Change> = step.map(|s| s.changes.iter().collect()).unwrap_or_default();
        // Each cause the publisher gave, with how many changes it covers.
        let mut causes: Vec<(&crate::model::Cause, usize)> = Vec::new();
        for c in &changes {
            for cause in &c.causes {
                match causes.iter_mut().find(|(x, _)| *x == cause) {
                    Some((_, n)) => *n += 1,
                    None => causes.push((cause, 1)),
                }
            }
        }
        context! {
            release => release,
            manifest => release.sha256,
            previous_manifest => release.previous_sha256,
            causes => causes.iter().map(|(c, n)| context! { parts => cause_view(c), count => n }).collect::<Vec<_>>(),
            cosmetic => cosmetic_count(&changes),
            relations => step.map(|s| s.relations.len()).unwrap_or(0),
            meta => self.meta(ch, v),
            previous => (v > 0).then(|| self.meta(ch, v - 1)),
            next => (v + 1 < ch.releases.len()).then(|| self.meta(ch, v + 1)),
            grassroots => grassroots,
            departments => departments,
            grassroots_count => g,
            department_count => d,
            types => types,
            counts => kind_counts(&changes),
            change_total => changes.len() - cosmetic_count(&changes),
            body_changes => step.map(|s| s.bodies.iter().map(|b| context! { kind => b.kind.name(), name => b.name, code => b.code }).collect::<Vec<_>>()),
            changes_href => (v > 0).then(|| urls::changes(&urls::release_dir(Some(&release.id)))),
            grassroots_rows => rows(true),
            department_rows => rows(false),
            data_href => urls::RELEASE_INDEX,
        }
    }

    fn changes(&self, ch: &Chronicle, k: usize) -> Value {
        let step = &ch.steps[k];
        let dir = self.version_dir(ch, k);
        let all: Vec<&Change> = step.changes.iter().collect();
        let mut grouped: Vec<(&str, Vec<&Change>)> = by_body(step).into_iter().collect();
        grouped.sort_by_key(|(code, _)| (!ch.is_grassroots(code), *code));
        let bodies: Vec<CountRow> = grouped
            .into_iter()
            .map(|(code, changes)| {
                let counts: Vec<usize> = kind_counts(&changes).iter().map(|c| c.count).collect();
                CountRow {
                    label: ch.body_name(code).to_string(),
                    code: Some(code.to_string()),
                    href: Some(format!("{dir}{code}.html")),
                    total: counts.iter().sum(),
                    counts,
                }
            })
            .collect();
        context! {
            from => self.meta(ch, k - 1),
            to => self.meta(ch, k),
            kinds => ChangeKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>(),
            counts => kind_counts(&all),
            total => all.len() - cosmetic_count(&all),
            cosmetic => cosmetic_count(&all),
            relations => step.relations.iter().map(relation_view).collect::<Vec<_>>(),
            body_changes => step.bodies.iter().map(|b| context! { kind => b.kind.name(), name => b.name, code => b.code }).collect::<Vec<_>>(),
            by_type => type_rows(&all),
            by_body => bodies,
            has_moves => step.count(ChangeKind::Moved) > 0,
        }
    }

    fn body_changes(&self, ch: &Chronicle, k: usize, body: &str) -> Value {
        let step = &ch.steps[k];
        let groups = by_body(step);
        let changes: &[&Change] = groups.get(body).map(Vec::as_slice).unwrap_or(&[]);
        let sections: Vec<Value> = ChangeKind::ALL
            .iter()
            .filter_map(|kind| {
                let list: Vec<ChangeView> = changes
                    .iter()
                    .filter(|c| c.kind == *kind && !c.cosmetic)
                    .map(|c| self.change_view(ch, k, c, body))
                    .collect();
                (!list.is_empty()).then(|| context! { kind => kind, name => kind.name(), changes => list })
            })
            .collect();
        let cosmetic: Vec<ChangeView> =
            changes.iter().filter(|c| c.cosmetic).map(|c| self.change_view(ch, k, c, body)).collect();
        let relations: Vec<Value> = step
            .relations
            .iter()
            .filter(|r| r.from.iter().chain(&r.into).any(|i| i.body == body))
            .map(relation_view)
            .collect();
        let current_body = self.index.body(body);
        context! {
            from => self.meta(ch, k - 1),
            to => self.meta(ch, k),
            changes_href => format!("{}changes.html", self.version_dir(ch, k)),
            body => context! { code => body, name => ch.body_name(body), exists => current_body.is_some() },
            counts => kind_counts(changes),
            total => changes.len() - cosmetic.len(),
            by_type => type_rows(changes),
            kinds => ChangeKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>(),
            sections => sections,
            cosmetic => cosmetic,
            relations => relations,
            feed => feed::bodies(ch).contains(&body).then(|| urls::body_feed(body)),
        }
    }

    fn change_view<'c>(&self, ch: &Chronicle, k: usize, c: &'c Change, page_body: &str) -> ChangeView<'c> {
        let (now_body, now_code) = match c.kind {
            ChangeKind::Removed => (None, None),
            _ => (Some(c.to_body.as_deref().unwrap_or(&c.body)), Some(c.new_code.as_deref().unwrap_or(&c.code))),
        };
        let item_href = now_body.zip(now_code).and_then(|(b, code)| {
            let list = self.index.list(b)?;
            list.items.iter().any(|i| i.code.value == code).then(|| urls::item(b, code))
        });
        let released = k < ch.releases.len();
        let version_href = match c.new_identity() {
            Some((b, code)) => released.then(|| urls::item_version(&ch.releases[k].id, b, code)),
            None => {
                let v = ch.item_page(k - 1, &c.body, &c.code);
                Some(urls::item_version(&ch.releases[v].id, &c.body, &c.code))
            }
        };
        let relation = ch.steps[k]
            .relation_of(&c.body, &c.code, true)
            .or_else(|| c.new_identity().and_then(|(b, code)| ch.steps[k].relation_of(b, code, false)))
            .map(|r| {
                let me = c.new_identity().map(|(b, code)| (b.to_string(), code.to_string()));
                match me {
                    Some(me) if r.involves(&me.0, &me.1, false) => relation_text(r, &me),
                    _ => format!(
                        "{}为{}",
                        if r.kind == crate::diff::RelationKind::Merge { "并入" } else { "拆分" },
                        r.into.iter().map(|i| format!("“{}”（{}）", i.name, i.code)).collect::<Vec<_>>().join("、")
                    ),
                }
            });
        let view = |f: &'c crate::diff::FieldChange| FieldView { label: f.label, segments: segments(&f.segments) };
        ChangeView {
            anchor: urls::change_anchor(&c.body, &c.code),
            kind: c.kind,
            kind_name: c.kind.name(),
            code: &c.code,
            new_code: c.new_code.as_deref(),
            name: &c.name,
            new_name: c.new_name.as_deref(),
            power_type: &c.power_type,
            part: &c.part,
            body: &c.body,
            body_name: &c.body_name,
            to_body: c.to_body.as_deref(),
            to_body_name: c.to_body_name.as_deref(),
            incoming: c.to_body.as_deref() == Some(page_body) && c.body != page_body,
            item_href,
            version_href,
            fields: c.fields.iter().filter(|f| c.cosmetic || !f.cosmetic).map(view).collect(),
            cosmetic_fields: c.fields.iter().filter(|f| !c.cosmetic && f.cosmetic).map(view).collect(),
            cosmetic: c.cosmetic,
            causes: c.causes.iter().map(cause_view).collect(),
            relation,
        }
    }

    fn compare(&self, ch: &Chronicle) -> Value {
        let mut options: Vec<Meta> = (0..ch.releases.len()).map(|v| self.meta(ch, v)).collect();
        if ch.has_unreleased() {
            options.push(self.meta(ch, ch.current()));
        }
        let n = options.len();
        context! {
            options => options,
            default_from => options[n.saturating_sub(2)].id,
            default_to => options[n - 1].id,
            index_href => urls::RELEASE_INDEX,
            // The version the site's item pages show: links go there only for it.
            live => if ch.has_unreleased() { crate::history::CURRENT.to_string() } else { ch.releases[ch.releases.len() - 1].id.clone() },
        }
    }
}

//! Search documents: what of the model is searchable, in which field, and what a result shows.
//! Every kind is searchable: 权责清单 items, 属地管理 matters, admission items, and the bodies
//! themselves (so "便民服务中心" or a township's name leads to its address and phone).
//!
//! Documents are numbered body by body in site order (the body, then its list), with the
//! territorial matters and admission items after the county; so a body's documents are one
//! range of ids, and the browser finds a result's body from its id without any per-document
//! table.
//!
//! Documents borrow their texts from the model (`Cow`), copying only what is composed (links,
//! "center · window"): at province scale there are 600,000 of them, and copies of every name
//! and title would cost about a gigabyte.

use crate::derive::Index;
use crate::model::{Body, BodyKind, Item, ItemList, Part};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;

/// A text of a document: borrowed from the model, or composed.
pub type Text<'s> = Cow<'s, str>;

fn is_empty(text: &Text) -> bool {
    text.is_empty()
}

/// Fields, with their boosts in `query::FIELD_BOOST`:
/// - `NAME`: what the document is called (item, matter, admission and body names);
/// - `PLACE`: where it is handled (the body's name, the office, the window; on a body's own
///   document its windows and offices);
/// - `DEPT`: county departments concerned (every department of a 配合 item, the 交办部门), 行使主体,
///   领域, 类别 and 二级类别;
/// - `OTHER`: legal basis (law titles), codes, addresses, and the exact keys of the name and
///   code (`analyzer::EXACT_VALUE`);
/// - `DUTY`: what the duty involves: an item's 具体工作事项, the departments' and the
///   township's duties and its 工作方式, window scopes, a body's introduction.
pub const NAME: usize = 0;
pub const PLACE: usize = 1;
pub const DEPT: usize = 2;
pub const OTHER: usize = 3;
pub const DUTY: usize = 4;
pub const FIELDS: usize = 5;
/// Field names (tantivy schema, docs).
pub const FIELD_NAMES: [&str; FIELDS] = ["name", "place", "dept", "other", "duty"];
/// Which fields get pinyin tokens: names of items and places (a citizen types `dibao` or
/// `tangxi`), not department names or legal text, which would double the index for little.
pub const FIELD_NAMES_PINYIN: [bool; FIELDS] = [true, true, false, false, false];

/// The exact key of a name or code as a field value (see `analyzer::EXACT_VALUE`).
fn exact(text: &str) -> Text<'static> {
    let key = super::analyzer::compact(text);
    Cow::Owned(if key.is_empty() { String::new() } else { format!("{}{key}", super::analyzer::EXACT_VALUE) })
}

/// The title a document folds on with its near-duplicates in the same body (`query::fold`):
/// normalized, without parenthesized qualifiers, punctuation and spaces.
pub fn fold_key(title: &str) -> String {
    let mut depth = 0u32;
    let mut out = String::new();
    for c in super::analyzer::normalize(title).chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            c if depth == 0 && (super::analyzer::is_cjk(c) || c.is_ascii_alphanumeric()) => out.push(c),
            _ => {}
        }
    }
    out
}

/// What a document is; shown on results ("results say what they are") and a facet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Item,
    Matter,
    Admission,
    Body,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Item => "权责事项",
            Kind::Matter => "属地管理事项",
            Kind::Admission => "准入事项",
            Kind::Body => "机构",
        }
    }
}

/// What a result shows. Short keys: these records are what the browser downloads.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Record<'s> {
    /// Title
    pub t: Text<'s>,
    /// Kind (权责事项 ...)
    pub k: &'static str,
    /// Body name (实施主体)
    pub b: Text<'s>,
    /// 权力类型 (items), 领域 (matters), 类别 (admission)
    #[serde(skip_serializing_if = "is_empty")]
    pub y: Text<'s>,
    /// Part (基本履职事项 ...)
    #[serde(skip_serializing_if = "is_empty")]
    pub p: Text<'s>,
    /// Link, relative to the site root
    pub u: Text<'s>,
    /// County department concerned
    #[serde(skip_serializing_if = "is_empty")]
    pub d: Text<'s>,
    /// Where to go: service center and window (for a body: its service center and address; for
    /// an office: its duties)
    #[serde(skip_serializing_if = "is_empty")]
    pub w: Text<'s>,
    /// 承办机构, when there is no window
    #[serde(skip_serializing_if = "is_empty")]
    pub o: Text<'s>,
    /// Whom to call
    #[serde(skip_serializing_if = "is_empty")]
    pub ph: Text<'s>,
    /// Status when not simply in force (暂缓, 已收回, 退出 ...)
    #[serde(skip_serializing_if = "is_empty")]
    pub s: Text<'s>,
}

/// One searchable document.
pub struct Doc<'s> {
    pub kind: Kind,
    /// Field values; values of one field are analysed separately (no bigram across them).
    pub fields: [Vec<Text<'s>>; FIELDS],
    /// Index into `site.bodies`: the body whose list (or page) it belongs to.
    pub body: usize,
    /// Indexes into `site.bodies` of the county departments concerned (the department facet):
    /// a 配合 item names one or more.
    pub depts: Vec<usize>,
    /// Facet values: part and 权力类型 label ("" when none).
    pub part: &'static str,
    pub power_type: Text<'s>,
    /// What a result shows, as the JSON the browser downloads (`Record`): serialized once
    /// here, and smaller than the record itself.
    pub record: String,
}

impl Record<'_> {
    fn json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Borrowed texts, for fields.
fn texts<'s>(values: impl IntoIterator<Item = &'s String>) -> impl Iterator<Item = Text<'s>> {
    values.into_iter().map(|v| Cow::Borrowed(v.as_str()))
}

/// All documents of a site, in id order.
pub fn collect<'s>(index: &Index<'s>) -> Vec<Doc<'s>> {
    let site = index.site;
    let positions: std::collections::HashMap<&str, usize> =
        site.bodies.iter().enumerate().rev().map(|(i, b)| (b.code.value.as_str(), i)).collect();
    let pos = |code: &str| positions.get(code).copied();
    // Body by body in parallel, then joined in site order.
    let per_body: Vec<Vec<Doc>> = site
        .bodies
        .par_iter()
        .enumerate()
        .map(|(bi, body)| {
            let mut docs = Vec::new();
            if positions.get(body.code.value.as_str()) != Some(&bi) {
                return docs; // a duplicate code: `check` reports it
            }
            docs.push(body_doc(bi, body));
            docs.extend(body.offices.iter().map(|o| office_doc(bi, body, o)));
            if let Some(list) = index.list(&body.code) {
                for item in &list.items {
                    docs.push(item_doc(index, bi, body, list, item, &pos));
                }
            }
            if *body.code == site.config.jurisdiction {
                if let Some(t) = &site.territorial {
                    for m in &t.matters {
                        let names: Vec<&str> = m.primary.iter().map(|d| index.body_name(d)).collect();
                        let supporting = m.supporting.iter().map(|d| Cow::Borrowed(index.body_name(d)));
                        let mut dept = vec![Cow::Borrowed(m.domain.as_str())];
                        dept.extend(names.iter().map(|n| Cow::Borrowed(*n)));
                        dept.extend(supporting);
                        docs.push(Doc {
                            kind: Kind::Matter,
                            fields: [
                                vec![Cow::Borrowed(m.name.as_str())],
                                vec![],
                                dept,
                                other_basis(&m.basis, &m.code.value, &m.name),
                                vec![],
                            ],
                            body: bi,
                            depts: m.primary.iter().filter_map(|d| pos(d)).collect(),
                            part: "",
                            power_type: Text::default(),
                            record: Record {
                                t: Cow::Borrowed(&m.name),
                                k: Kind::Matter.name(),
                                b: Cow::Borrowed(&body.name),
                                y: Cow::Borrowed(&m.domain),
                                u: Cow::Owned(format!("territorial/index.html#{}", m.code.value)),
                                d: Cow::Owned(names.join("、")),
                                ..Record::default()
                            }
                            .json(),
                        });
                    }
                }
                if let Some(a) = &site.admission {
                    for x in &a.items {
                        let dept = index.body_name(&x.department);
                        let mut other: Vec<Text> = texts([&x.content, &x.document, &x.code.value]).collect();
                        other.extend(texts(&x.basis));
                        other.extend([exact(&x.title), exact(&x.code.value)]);
                        let category = Cow::Borrowed(x.category.name());
                        docs.push(Doc {
                            kind: Kind::Admission,
                            fields: [
                                vec![Cow::Borrowed(x.title.as_str())],
                                vec![],
                                vec![Cow::Borrowed(dept), category.clone()],
                                other,
                                vec![],
                            ],
                            body: bi,
                            depts: pos(&x.department).into_iter().collect(),
                            part: "",
                            power_type: Text::default(),
                            record: Record {
                                t: Cow::Borrowed(&x.title),
                                k: Kind::Admission.name(),
                                b: Cow::Borrowed(&body.name),
                                y: category,
                                u: Cow::Owned(format!("admission/index.html#{}", x.code.value)),
                                d: Cow::Borrowed(dept),
                                s: if x.status == crate::model::AdmissionStatus::Admitted {
                                    Text::default()
                                } else {
                                    Cow::Borrowed(x.status.name())
                                },
                                ..Record::default()
                            }
                            .json(),
                        });
                    }
                }
            }
            docs
        })
        .collect();
    per_body.into_iter().flatten().collect()
}

/// The legal basis as searched: the titles of the laws it cites (so 大气污染防治法 finds every
/// item based on it without the article texts flooding results), or the text itself, cut to
/// 200 characters, when no title could be parsed; the code, findable as one word; and the
/// exact keys of the name and the code.
fn other_basis<'s>(basis: &'s crate::model::Basis, code: &'s str, name: &str) -> Vec<Text<'s>> {
    let mut v: Vec<Text> = texts(basis.sources.iter().map(|s| &s.title)).collect();
    if v.is_empty() && !basis.is_empty() {
        let end = basis.text.char_indices().nth(200).map_or(basis.text.len(), |(i, _)| i);
        v.push(Cow::Borrowed(&basis.text[..end]));
    }
    v.push(Cow::Borrowed(code));
    v.extend([exact(name), exact(code)]);
    v
}

/// A body as a document: its name and its service center's, its windows and offices, the
/// windows' scopes; so that "便民服务中心" or a township's name leads to an address and a phone.
fn body_doc(bi: usize, body: &Body) -> Doc<'_> {
    let mut name = vec![Cow::Borrowed(body.name.as_str())];
    let mut place: Vec<Text> = Vec::new();
    let mut other: Vec<Text> = texts(&body.address).collect();
    other.push(exact(&body.name));
    let mut duty: Vec<Text> = texts(&body.intro).collect();
    let mut record = Record {
        t: Cow::Borrowed(&body.name),
        k: Kind::Body.name(),
        b: Cow::Borrowed(&body.name),
        y: Cow::Borrowed(body.kind.name()),
        u: body_link(body),
        ph: opt(&body.phone),
        ..Record::default()
    };
    if let Some(c) = &body.service_center {
        name.push(Cow::Borrowed(&c.name));
        record.w = match &c.address {
            Some(address) => Cow::Owned(format!("{} · {address}", c.name)),
            None => Cow::Borrowed(&c.name),
        };
        if let Some(p) = &c.phone {
            record.ph = Cow::Borrowed(p);
        }
        for w in &c.windows {
            place.push(Cow::Borrowed(&w.name.value));
            duty.extend(texts(&w.scope));
        }
        other.extend(texts(&c.address));
    }
    place.extend(texts(body.offices.iter().map(|o| &o.name.value)));
    Doc {
        kind: Kind::Body,
        fields: [name, place, vec![Cow::Borrowed(body.kind.name())], other, duty],
        body: bi,
        depts: (body.kind == BodyKind::Department).then_some(bi).into_iter().collect(),
        part: "",
        power_type: Text::default(),
        record: record.json(),
    }
}

/// The page of a body, relative to the site root.
fn body_link(body: &Body) -> Text<'static> {
    if body.kind == BodyKind::County {
        Cow::Borrowed(crate::urls::HOME)
    } else {
        Cow::Owned(crate::urls::body(&body.code.value))
    }
}

/// An optional text, "" when absent.
fn opt(value: &Option<String>) -> Text<'_> {
    Cow::Borrowed(value.as_deref().unwrap_or(""))
}

/// An internal office as a document: what it does and its phone, so that a duty a citizen
/// looks for ("婚姻登记") leads to the office that answers for it.
fn office_doc<'s>(bi: usize, body: &'s Body, office: &'s crate::model::Office) -> Doc<'s> {
    Doc {
        kind: Kind::Body,
        // The duties are where a citizen's words are ("婚姻登记"), so they go with the names
        // (pinyin too: `hydj`); offices are few, so this costs the index little.
        fields: [
            vec![Cow::Borrowed(office.name.value.as_str())],
            texts(std::iter::once(&body.name).chain(&office.duties)).collect(),
            vec![],
            vec![exact(&office.name.value)],
            vec![],
        ],
        body: bi,
        depts: (body.kind == BodyKind::Department).then_some(bi).into_iter().collect(),
        part: "",
        power_type: Text::default(),
        record: Record {
            t: Cow::Borrowed(&office.name.value),
            k: Kind::Body.name(),
            b: Cow::Borrowed(&body.name),
            y: Cow::Borrowed("内设机构"),
            u: body_link(body),
            w: opt(&office.duties),
            ph: opt(if office.phone.is_some() { &office.phone } else { &body.phone }),
            ..Record::default()
        }
        .json(),
    }
}

fn item_doc<'s>(
    index: &Index<'s>,
    bi: usize,
    body: &'s Body,
    list: &'s ItemList,
    item: &'s Item,
    pos: &dyn Fn(&str) -> Option<usize>,
) -> Doc<'s> {
    let dept_bodies: Vec<&Body> = item.departments.iter().filter_map(|r| index.body(&r.department)).collect();
    let mut name = vec![Cow::Borrowed(item.name.as_str())];
    name.extend(texts(&item.sub_items));
    let mut place = vec![Cow::Borrowed(body.name.as_str())];
    place.extend(texts(item.office.as_ref().map(|o| &o.value)));
    place.extend(texts(item.window.as_ref().map(|w| &w.value)));
    // The departments concerned and the duty's 类别: "民政" or "党的建设" finds them.
    let mut dept_texts: Vec<Text> = texts(dept_bodies.iter().map(|d| &d.name)).collect();
    dept_texts.extend(texts(&item.subject));
    dept_texts.extend(texts(&item.category));
    dept_texts.extend(texts(&item.subcategory));
    dept_texts.extend(texts(item.assigned_by.as_ref().and_then(|d| index.body(d)).map(|d| &d.name)));
    // What the duty involves: 具体工作事项, the departments' and the township's duties, how
    // the township still acts on a recalled matter.
    let other = other_basis(&item.basis, &item.code.value, &item.name);
    let mut duty: Vec<Text> = texts(&item.tasks).collect();
    duty.extend(texts(item.departments.iter().filter_map(|r| r.duty.as_ref())));
    duty.extend(texts(&item.township_duty));
    duty.extend(texts(&item.after_recall));
    let mut record = Record {
        t: Cow::Borrowed(&item.name),
        k: Kind::Item.name(),
        b: Cow::Borrowed(&body.name),
        y: Cow::Borrowed(item.power_type.as_ref().map(|t| t.label()).unwrap_or_default()),
        p: Cow::Borrowed(item.part.name()),
        u: Cow::Owned(crate::urls::item(&list.body, &item.code)),
        d: match dept_bodies.as_slice() {
            [] => Text::default(),
            [one] => Cow::Borrowed(one.name.as_str()),
            many => Cow::Owned(many.iter().map(|d| d.name.as_str()).collect::<Vec<_>>().join("、")),
        },
        ..Record::default()
    };
    record.s = Cow::Borrowed(match (item.part, item.status) {
        (Part::Recalled, _) => "已收回",
        (_, crate::model::Status::Suspended) => "暂缓",
        _ => "",
    });
    let window = item.window.as_ref().and_then(|w| body.window(w));
    let office = item.office.as_ref().and_then(|o| body.office(o));
    if let (Some(w), Some(c)) = (window, body.service_center.as_ref()) {
        record.w = Cow::Owned(format!("{} · {}", c.name, w.name.value));
        record.ph = opt(if w.phone.is_some() { &w.phone } else { &c.phone });
    } else if let Some(o) = office {
        record.o = Cow::Borrowed(&o.name.value);
        record.ph = opt(&o.phone);
    } else if let Some(o) = &item.office {
        record.o = Cow::Borrowed(&o.value);
    }
    if record.ph.is_empty() {
        record.ph = opt(&body.phone);
    }
    let depts = if body.kind == BodyKind::Department {
        vec![bi]
    } else {
        let mut d: Vec<usize> = item.departments.iter().filter_map(|r| pos(&r.department)).collect();
        d.sort_unstable();
        d.dedup();
        d
    };
    Doc {
        kind: Kind::Item,
        fields: [name, place, dept_texts, other, duty],
        body: bi,
        depts,
        part: item.part.name(),
        power_type: record.y.clone(),
        record: record.json(),
    }
}

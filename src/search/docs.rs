//! Search documents: what of the model is searchable, in which field, and what a result shows.
//! Every kind is searchable: 权责清单 items, 属地管理 matters, admission items, and the bodies
//! themselves (so "便民服务中心" or a township's name leads to its address and phone).
//!
//! Documents are numbered body by body in site order (the body, then its list), with the
//! territorial matters and admission items after the county; so a body's documents are one
//! range of ids, and the browser finds a result's body from its id without any per-document
//! table.

use crate::derive::Index;
use crate::model::{Body, BodyKind, Item, ItemList, Part};
use serde::Serialize;

/// Fields, with their boosts in `query::FIELD_BOOST`:
/// - `NAME`: what the document is called (item, matter, admission and body names);
/// - `PLACE`: where it is handled (the body's name, the office, the window; on a body's own
///   document its windows and offices);
/// - `DEPT`: county departments concerned, 行使主体, 领域, 类别;
/// - `OTHER`: legal basis (law titles), codes, addresses, window scopes and office duties.
pub const NAME: usize = 0;
pub const PLACE: usize = 1;
pub const DEPT: usize = 2;
pub const OTHER: usize = 3;
pub const FIELDS: usize = 4;
/// Field names (tantivy schema, docs).
pub const FIELD_NAMES: [&str; FIELDS] = ["name", "place", "dept", "other"];
/// Which fields get pinyin tokens: names of items and places (a citizen types `dibao` or
/// `tangxi`), not department names or legal text, which would double the index for little.
pub const FIELD_NAMES_PINYIN: [bool; FIELDS] = [true, true, false, false];

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
pub struct Record {
    /// Title
    pub t: String,
    /// Kind (权责事项 ...)
    pub k: &'static str,
    /// Body name (实施主体)
    pub b: String,
    /// 权力类型 (items), 领域 (matters), 类别 (admission)
    #[serde(skip_serializing_if = "String::is_empty")]
    pub y: String,
    /// Part (基本履职事项 ...)
    #[serde(skip_serializing_if = "String::is_empty")]
    pub p: String,
    /// Link, relative to the site root
    pub u: String,
    /// County department concerned
    #[serde(skip_serializing_if = "String::is_empty")]
    pub d: String,
    /// Where to go: service center and window (for a body: its service center and address; for
    /// an office: its duties)
    #[serde(skip_serializing_if = "String::is_empty")]
    pub w: String,
    /// 承办机构, when there is no window
    #[serde(skip_serializing_if = "String::is_empty")]
    pub o: String,
    /// Whom to call
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ph: String,
    /// Status when not simply in force (暂缓, 已收回, 退出 ...)
    #[serde(skip_serializing_if = "String::is_empty")]
    pub s: String,
}

/// One searchable document.
pub struct Doc {
    pub kind: Kind,
    /// Field values; values of one field are analysed separately (no bigram across them).
    pub fields: [Vec<String>; FIELDS],
    /// Index into `site.bodies`: the body whose list (or page) it belongs to.
    pub body: usize,
    /// Index into `site.bodies` of the county department concerned, if any.
    pub dept: Option<usize>,
    /// Facet values: part and 权力类型 label ("" when none).
    pub part: &'static str,
    pub power_type: String,
    pub record: Record,
}

/// All documents of a site, in id order.
pub fn collect(index: &Index) -> Vec<Doc> {
    let site = index.site;
    let positions: std::collections::HashMap<&str, usize> =
        site.bodies.iter().enumerate().rev().map(|(i, b)| (b.code.value.as_str(), i)).collect();
    let pos = |code: &str| positions.get(code).copied();
    let mut docs = Vec::new();
    for (bi, body) in site.bodies.iter().enumerate() {
        if positions.get(body.code.value.as_str()) != Some(&bi) {
            continue; // a duplicate code: `check` reports it
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
                    let names: Vec<String> = m.primary.iter().map(|d| index.body_name(d).to_string()).collect();
                    let supporting: Vec<String> = m.supporting.iter().map(|d| index.body_name(d).to_string()).collect();
                    let mut dept = vec![m.domain.clone()];
                    dept.extend(names.iter().cloned());
                    dept.extend(supporting);
                    docs.push(Doc {
                        kind: Kind::Matter,
                        fields: [vec![m.name.clone()], vec![], dept, other_basis(&m.basis, &m.code.value)],
                        body: bi,
                        dept: m.primary.first().and_then(|d| pos(d)),
                        part: "",
                        power_type: String::new(),
                        record: Record {
                            t: m.name.clone(),
                            k: Kind::Matter.name(),
                            b: body.name.clone(),
                            y: m.domain.clone(),
                            u: format!("territorial/index.html#{}", m.code.value),
                            d: names.join("、"),
                            ..Record::default()
                        },
                    });
                }
            }
            if let Some(a) = &site.admission {
                for x in &a.items {
                    let dept = index.body_name(&x.department).to_string();
                    let mut other = vec![x.content.clone(), x.document.clone(), x.code.value.clone()];
                    other.extend(x.basis.clone());
                    docs.push(Doc {
                        kind: Kind::Admission,
                        fields: [vec![x.title.clone()], vec![], vec![dept.clone(), x.category.name().to_string()], other],
                        body: bi,
                        dept: pos(&x.department),
                        part: "",
                        power_type: String::new(),
                        record: Record {
                            t: x.title.clone(),
                            k: Kind::Admission.name(),
                            b: body.name.clone(),
                            y: x.category.name().to_string(),
                            u: format!("admission/index.html#{}", x.code.value),
                            d: dept,
                            s: if x.status == crate::model::AdmissionStatus::Admitted { String::new() } else { x.status.name().to_string() },
                            ..Record::default()
                        },
                    });
                }
            }
        }
    }
    docs
}

/// The legal basis as searched: the titles of the laws it cites (so 大气污染防治法 finds every
/// item based on it without the article texts flooding results), or the text itself, cut to
/// 200 characters, when no title could be parsed; and the code, findable as one word.
fn other_basis(basis: &crate::model::Basis, code: &str) -> Vec<String> {
    let mut v: Vec<String> = basis.sources.iter().map(|s| s.title.clone()).collect();
    if v.is_empty() && !basis.is_empty() {
        v.push(basis.text.chars().take(200).collect());
    }
    v.push(code.to_string());
    v
}

/// A body as a document: its name and its service center's, its windows and offices, the
/// windows' scopes; so that "便民服务中心" or a township's name leads to an address and a phone.
fn body_doc(bi: usize, body: &Body) -> Doc {
    let mut name = vec![body.name.clone()];
    let mut place: Vec<String> = Vec::new();
    let mut other: Vec<String> = body.address.iter().cloned().collect();
    let mut record = Record {
        t: body.name.clone(),
        k: Kind::Body.name(),
        b: body.name.clone(),
        y: body.kind.name().to_string(),
        u: if body.kind == BodyKind::County { "index.html".into() } else { format!("{}/index.html", body.code.value) },
        ph: body.phone.clone().unwrap_or_default(),
        ..Record::default()
    };
    if let Some(c) = &body.service_center {
        name.push(c.name.clone());
        record.w = [Some(c.name.as_str()), c.address.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        if let Some(p) = &c.phone {
            record.ph = p.clone();
        }
        for w in &c.windows {
            place.push(w.name.value.clone());
            other.extend(w.scope.clone());
        }
        other.extend(c.address.clone());
    }
    place.extend(body.offices.iter().map(|o| o.name.value.clone()));
    Doc {
        kind: Kind::Body,
        fields: [name, place, vec![body.kind.name().to_string()], other],
        body: bi,
        dept: (body.kind == BodyKind::Department).then_some(bi),
        part: "",
        power_type: String::new(),
        record,
    }
}

/// An internal office as a document: what it does and its phone, so that a duty a citizen
/// looks for ("婚姻登记") leads to the office that answers for it.
fn office_doc(bi: usize, body: &Body, office: &crate::model::Office) -> Doc {
    Doc {
        kind: Kind::Body,
        // The duties are where a citizen's words are ("婚姻登记"), so they go with the names
        // (pinyin too: `hydj`); offices are few, so this costs the index little.
        fields: [vec![office.name.value.clone()], std::iter::once(body.name.clone()).chain(office.duties.clone()).collect(), vec![], vec![]],
        body: bi,
        dept: (body.kind == BodyKind::Department).then_some(bi),
        part: "",
        power_type: String::new(),
        record: Record {
            t: office.name.value.clone(),
            k: Kind::Body.name(),
            b: body.name.clone(),
            y: "内设机构".into(),
            u: if body.kind == BodyKind::County { "index.html".into() } else { format!("{}/index.html", body.code.value) },
            w: office.duties.clone().unwrap_or_default(),
            ph: office.phone.clone().or_else(|| body.phone.clone()).unwrap_or_default(),
            ..Record::default()
        },
    }
}

fn item_doc(
    index: &Index,
    bi: usize,
    body: &Body,
    list: &ItemList,
    item: &Item,
    pos: &dyn Fn(&str) -> Option<usize>,
) -> Doc {
    let dept_body = item.department.as_ref().and_then(|d| index.body(d));
    let mut name = vec![item.name.clone()];
    name.extend(item.sub_items.iter().cloned());
    let mut place = vec![body.name.clone()];
    place.extend(item.office.as_ref().map(|o| o.value.clone()));
    place.extend(item.window.as_ref().map(|w| w.value.clone()));
    let mut depts: Vec<String> = dept_body.map(|d| d.name.clone()).into_iter().collect();
    depts.extend(item.subject.clone());
    let mut record = Record {
        t: item.name.clone(),
        k: Kind::Item.name(),
        b: body.name.clone(),
        y: item.power_type.as_ref().map(|t| t.label().to_string()).unwrap_or_default(),
        p: item.part.name().to_string(),
        u: crate::render::item_path(&list.body, &item.code),
        d: dept_body.map(|d| d.name.clone()).unwrap_or_default(),
        ..Record::default()
    };
    record.s = match (item.part, item.status) {
        (Part::Recalled, _) => "已收回".into(),
        (_, crate::model::Status::Suspended) => "暂缓".into(),
        _ => String::new(),
    };
    let window = item.window.as_ref().and_then(|w| body.window(w));
    let office = item.office.as_ref().and_then(|o| body.office(o));
    if let (Some(w), Some(c)) = (window, body.service_center.as_ref()) {
        record.w = format!("{} · {}", c.name, w.name.value);
        record.ph = w.phone.clone().or_else(|| c.phone.clone()).unwrap_or_default();
    } else if let Some(o) = office {
        record.o = o.name.value.clone();
        record.ph = o.phone.clone().unwrap_or_default();
    } else if let Some(o) = &item.office {
        record.o = o.value.clone();
    }
    if record.ph.is_empty() {
        record.ph = body.phone.clone().unwrap_or_default();
    }
    let dept = if body.kind == BodyKind::Department { Some(bi) } else { item.department.as_ref().and_then(|d| pos(d)) };
    Doc {
        kind: Kind::Item,
        fields: [name, place, depts, other_basis(&item.basis, &item.code.value)],
        body: bi,
        dept,
        part: item.part.name(),
        power_type: record.y.clone(),
        record,
    }
}

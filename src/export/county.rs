//! The county-wide tables: 属地管理事项, 准入清单, guidance catalogs with their coverage, and the
//! register of bodies that every other table's codes refer to. Each is built from model
//! values only, so a release's snapshot exports through the same functions.

use super::dictionary::{self, Column};
use super::table::{self, lines, opt, Sheet, Table};
use crate::derive::Coverage;
use crate::model::{Admission, AdmissionList, Body, Matter, TerritorialList};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

fn sheet(name: &str, columns: Vec<Column>, rows: Vec<Vec<String>>) -> Vec<Sheet<'static>> {
    let rows = rows.into_iter().map(|r| r.into_iter().map(std::borrow::Cow::Owned).collect()).collect();
    vec![Sheet { name: name.into(), columns, rows }]
}

fn codes(values: &[crate::model::Located<String>]) -> String {
    lines(&values.iter().map(|v| v.value.as_str()).collect::<Vec<_>>())
}

fn matter_cell(m: &Matter, key: &str) -> String {
    match key {
        "number" => opt(&m.number),
        "code" => m.code.value.clone(),
        "domain" => m.domain.clone(),
        "name" => m.name.clone(),
        "primary" => codes(&m.primary),
        "primary_duty" => m.primary_duty.clone(),
        "township_duty" => m.township_duty.clone(),
        "supporting" => codes(&m.supporting),
        "supporting_duty" => opt(&m.supporting_duty),
        "basis" => m.basis.text.clone(),
        "note" => opt(&m.note),
        _ => String::new(),
    }
}

pub fn territorial(list: &TerritorialList, author: &str) -> Table<'static> {
    let columns = dictionary::matter_columns();
    let rows = list.matters.iter().map(|m| columns.iter().map(|c| matter_cell(m, &c.key)).collect()).collect();
    Table {
        title: list.title.clone(),
        subtitle: table::subtitle(&[
            ("文号", list.document.clone()),
            ("施行日期", list.effective.map(|d| d.chinese())),
        ]),
        author: author.into(),
        date: list.effective,
        sheets: sheet("属地管理事项", columns, rows),
        notes: table::note_lines(&list.notes),
    }
}

fn admission_cell(a: &Admission, key: &str) -> String {
    match key {
        "code" => a.code.value.clone(),
        "department" => a.department.value.clone(),
        "title" => a.title.clone(),
        "content" => a.content.clone(),
        "category" => a.category.name().into(),
        "basis" => opt(&a.basis),
        "reason" => opt(&a.reason),
        "townships" => codes(&a.townships),
        "period_from" => table::date(a.period_from),
        "period_to" => table::date(a.period_to),
        "long_term" => (if a.long_term { "是" } else { "否" }).into(),
        "staff" => opt(&a.staff),
        "funds" => opt(&a.funds),
        "approved_by" => a.approved_by.clone(),
        "document" => a.document.clone(),
        "approved_on" => a.approved_on.to_string(),
        "status" => a.status.name().into(),
        "note" => opt(&a.note),
        _ => String::new(),
    }
}

pub fn admission(list: &AdmissionList, author: &str) -> Table<'static> {
    let columns = dictionary::admission_columns();
    let rows = list.items.iter().map(|a| columns.iter().map(|c| admission_cell(a, &c.key)).collect()).collect();
    Table {
        title: list.title.clone(),
        subtitle: table::subtitle(&[("文号", list.document.clone())]),
        author: author.into(),
        date: list.items.iter().map(|a| a.approved_on).max(),
        sheets: sheet("准入事项", columns, rows),
        notes: table::note_lines(&list.notes),
    }
}

/// The columns of a catalog's coverage table: its items, then one per township.
pub fn guidance_columns(coverage: &Coverage, name_of: &dyn Fn(&str) -> String) -> Vec<Column> {
    let mut columns = dictionary::guidance_columns();
    columns.extend(coverage.townships.iter().map(|code| dictionary::coverage_column(code, &name_of(code))));
    columns
}

pub fn guidance(coverage: &Coverage, name_of: &dyn Fn(&str) -> String, author: &str) -> Table<'static> {
    let catalog = coverage.catalog;
    let columns = guidance_columns(coverage, name_of);
    let fixed = dictionary::guidance_columns();
    let rows = catalog
        .items
        .iter()
        .enumerate()
        .map(|(row, g)| {
            let mut cells: Vec<String> = fixed
                .iter()
                .map(|c| match c.key.as_str() {
                    "number" => opt(&g.number),
                    "id" => g.id.value.clone(),
                    "name" => g.name.clone(),
                    "type" => g.power_type.raw.clone(),
                    "department" => g.department.as_ref().map(|d| d.value.clone()).unwrap_or_default(),
                    "note" => opt(&g.note),
                    "summary" => coverage.per_item[row].name().into(),
                    _ => String::new(),
                })
                .collect();
            cells.extend(coverage.rows[row].iter().map(|s| s.name().to_string()));
            cells
        })
        .collect();
    Table {
        title: format!("{}（承接情况）", catalog.title),
        subtitle: table::subtitle(&[
            ("发布机关", catalog.issuer.clone()),
            ("文号", catalog.document.clone()),
            ("日期", catalog.date.map(|d| d.chinese())),
        ]),
        author: author.into(),
        date: catalog.date,
        sheets: sheet("指导目录事项", columns, rows),
        notes: table::note_lines(&catalog.notes),
    }
}

fn body_cell(b: &Body, key: &str) -> String {
    match key {
        "code" => b.code.value.clone(),
        "name" => b.name.clone(),
        "kind" => b.kind.name().into(),
        "official_code" => opt(&b.official_code),
        "address" => opt(&b.address),
        "phone" => opt(&b.phone),
        "hours" => opt(&b.hours),
        "website" => opt(&b.website),
        "supervision_phone" => opt(&b.supervision_phone),
        _ => String::new(),
    }
}

pub fn bodies(bodies: &[Body], title: &str, author: &str) -> Table<'static> {
    let columns = dictionary::body_list_columns();
    let rows = bodies.iter().map(|b| columns.iter().map(|c| body_cell(b, &c.key)).collect()).collect();
    Table {
        title: title.into(),
        subtitle: String::new(),
        author: author.into(),
        date: None,
        sheets: sheet("实施主体", columns, rows),
        notes: Vec::new(),
    }
}

/// A model value with the link to its schema first.
#[derive(Serialize)]
pub struct WithSchema<'a, T: Serialize> {
    pub schema: String,
    #[serde(flatten)]
    pub value: &'a T,
}

/// The JSON of a guidance catalog: the catalog, the townships, and per item its coverage.
#[derive(Serialize)]
pub struct GuidanceJson<'a> {
    pub schema: String,
    pub id: &'a str,
    pub title: &'a str,
    pub issuer: &'a Option<String>,
    pub document: &'a Option<String>,
    pub date: Option<crate::model::Date>,
    pub notes: &'a Option<String>,
    pub townships: Vec<Named>,
    pub totals: crate::derive::CoverageTotals,
    pub items: Vec<GuidanceItemJson<'a>>,
}

#[derive(Serialize)]
pub struct Named {
    pub code: String,
    pub name: String,
}

#[derive(Serialize)]
pub struct GuidanceItemJson<'a> {
    pub id: &'a str,
    pub number: &'a Option<String>,
    pub name: &'a str,
    #[serde(rename = "type")]
    pub power_type: &'a crate::model::PowerType,
    pub department: Option<&'a str>,
    pub note: &'a Option<String>,
    pub summary: crate::derive::CoverageStatus,
    pub coverage: ByTownship<'a>,
}

/// Township code → status, in the townships' order.
pub struct ByTownship<'a>(Vec<(&'a str, crate::derive::CoverageStatus)>);

impl Serialize for ByTownship<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

pub fn guidance_json<'a>(
    coverage: &'a Coverage<'a>,
    name_of: &dyn Fn(&str) -> String,
    schema: String,
) -> GuidanceJson<'a> {
    let c = coverage.catalog;
    GuidanceJson {
        schema,
        id: &c.id.value,
        title: &c.title,
        issuer: &c.issuer,
        document: &c.document,
        date: c.date,
        notes: &c.notes,
        townships: coverage
            .townships
            .iter()
            .map(|code| Named { code: code.to_string(), name: name_of(code) })
            .collect(),
        totals: coverage.totals,
        items: c
            .items
            .iter()
            .enumerate()
            .map(|(row, g)| GuidanceItemJson {
                id: &g.id.value,
                number: &g.number,
                name: &g.name,
                power_type: &g.power_type.value,
                department: g.department.as_ref().map(|d| d.value.as_str()),
                note: &g.note,
                summary: coverage.per_item[row],
                coverage: ByTownship(
                    coverage.townships.iter().copied().zip(coverage.rows[row].iter().copied()).collect(),
                ),
            })
            .collect(),
    }
}

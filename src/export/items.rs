//! A 权责清单 (`model::ItemList`) as tables and JSON. Columns are `ITEM_COLUMNS` and every cell
//! is `Item::field`, the same text import reads back.

use super::dictionary::{self, Column, ValueType};
use super::table::{self, Sheet, Table};
use crate::model::fields::ITEM_COLUMNS;
use crate::model::{Body, Item, ItemList, Part, Status};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;

/// The list's title: as published, else the usual name for the body's kind.
pub fn title(list: &ItemList, body: Option<&Body>) -> String {
    if let Some(t) = list.title.as_ref().filter(|t| !t.trim().is_empty()) {
        return t.clone();
    }
    let name = body.map(|b| b.name.as_str()).unwrap_or(list.body.value.as_str());
    match body {
        Some(b) if !b.kind.is_grassroots() => format!("{name}权责清单"),
        _ => format!("{name}履行职责事项清单"),
    }
}

fn subtitle(list: &ItemList, body: Option<&Body>) -> String {
    table::subtitle(&[
        ("实施主体", body.map(|b| b.name.clone())),
        ("文号", list.document.clone()),
        ("施行日期", list.effective.map(|d| d.chinese())),
    ])
}

/// Every item in one sheet with every column (清单部分 first): the CSV layout.
pub fn flat(list: &ItemList) -> Sheet<'_> {
    let columns = dictionary::item_columns(&list.items);
    let rows = list.items.iter().map(|i| row(i, &columns)).collect();
    Sheet { name: "事项".into(), columns, rows }
}

pub fn row<'a>(item: &'a Item, columns: &[Column]) -> Vec<Cow<'a, str>> {
    columns.iter().map(|c| item.field(&c.key)).collect()
}

/// One sheet per part, in the layout 编办 publish: a part's sheet carries the columns that
/// part uses and any other column some of its items fill, so the XLSX imports back to the
/// same items as the CSV. Empty parts are left out, but a
/// table always has at least one sheet.
pub fn table<'a>(list: &'a ItemList, body: Option<&Body>, author: &str) -> Table<'a> {
    let all = dictionary::item_columns(&list.items);
    let mut sheets: Vec<Sheet> = Part::ALL
        .into_iter()
        .filter_map(|part| {
            let items: Vec<&Item> = list.part(part).collect();
            if items.is_empty() {
                return None;
            }
            let columns = sheet_columns(&all, part, &items);
            let rows = items.iter().map(|i| row(i, &columns)).collect();
            Some(Sheet { name: part.name().into(), columns, rows })
        })
        .collect();
    if sheets.is_empty() {
        let columns = sheet_columns(&all, Part::Basic, &[]);
        sheets.push(Sheet { name: Part::Basic.name().into(), columns, rows: Vec::new() });
    }
    Table {
        title: title(list, body),
        subtitle: subtitle(list, body),
        author: author.into(),
        date: list.effective,
        sheets,
    }
}

/// A part's columns in `ITEM_COLUMNS` order, then 备注 as printed lists have it, then
/// 清单部分: people read the sheet name, `qingdan import` reads the column (it marks a file
/// in qingdan's own format, whose values are taken as they are).
fn sheet_columns(all: &[Column], part: Part, items: &[&Item]) -> Vec<Column> {
    let last = ["note", "part"];
    let mut columns: Vec<Column> =
        all.iter().filter(|c| !last.contains(&c.key.as_str()) && shown(part, c, items)).cloned().collect();
    columns.extend(all.iter().filter(|c| c.key == "note").cloned());
    columns.extend(all.iter().filter(|c| c.key == "part").cloned());
    columns
}

/// Whether a part's sheet shows a column: always for the columns that define the part,
/// otherwise when one of its items has a value there (状态 only when one is not 实施).
fn shown(part: Part, column: &Column, items: &[&Item]) -> bool {
    let core: &[&str] = match part {
        Part::Basic => &["number", "code", "name", "type", "basis", "origin", "department", "office", "note"],
        Part::Support => &["number", "code", "name", "department", "department_duty", "township_duty", "basis", "note"],
        Part::Recalled => {
            &["number", "code", "name", "type", "department", "recalled_on", "recall_document", "after_recall", "note"]
        }
    };
    match column.key.as_str() {
        "part" => false,
        "status" => items.iter().any(|i| i.status != Status::Active),
        key if core.contains(&key) => true,
        key => items.iter().any(|i| !i.field(key).is_empty()),
    }
}

/// The JSON of a list: the body, the document, and every item keyed like the sources.
#[derive(Serialize)]
pub struct Json<'a> {
    pub schema: String,
    pub body: JsonBody<'a>,
    pub title: String,
    pub document: &'a Option<String>,
    pub effective: Option<crate::model::Date>,
    pub items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
pub struct JsonBody<'a> {
    pub code: &'a str,
    pub name: Option<&'a str>,
    pub kind: Option<crate::model::BodyKind>,
}

pub fn json<'a>(list: &'a ItemList, body: Option<&'a Body>, schema: String) -> Json<'a> {
    Json {
        schema,
        body: JsonBody { code: &list.body.value, name: body.map(|b| b.name.as_str()), kind: body.map(|b| b.kind) },
        title: title(list, body),
        document: &list.document,
        effective: list.effective,
        items: list.items.iter().map(JsonItem).collect(),
    }
}

/// An item with the keys of `ITEM_COLUMNS`, in that order: texts (`null` when empty),
/// `sub_items` as an array, `type` and `basis` as the model serializes them, and the
/// publisher's other columns under `extra`.
pub struct JsonItem<'a>(pub &'a Item);

impl Serialize for JsonItem<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let item = self.0;
        let mut map = s.serialize_map(None)?;
        for (key, _) in ITEM_COLUMNS {
            match dictionary::item_value(key) {
                ValueType::Lines => map.serialize_entry(key, &item.sub_items)?,
                ValueType::PowerType => map.serialize_entry(key, &item.power_type)?,
                ValueType::Basis => map.serialize_entry(key, &item.basis)?,
                _ => {
                    let text = item.field(key);
                    map.serialize_entry(key, &Some(text).filter(|t| !t.is_empty()))?
                }
            }
        }
        map.serialize_entry("extra", &Extra(&item.extra))?;
        map.end()
    }
}

/// The publisher's other columns as an object, in their order.
struct Extra<'a>(&'a [(String, String)]);

impl Serialize for Extra<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

//! A 权责清单 (`model::ItemList`) as tables and JSON. Columns are the declared item fields
//! (`dictionary::item_columns`) and every cell is the field's effective value
//! (`derive::Values`), the same text the item page shows and import reads back.

use super::dictionary::{self, Cell, Column, ValueType};
use super::table::{self, Sheet, Table};
use crate::derive::Values;
use crate::model::{Body, Field, Item, ItemList, Kind, Part, Status};
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
pub fn flat<'a>(values: &Values<'_, 'a>, list: &'a ItemList) -> Sheet<'a> {
    let columns = dictionary::item_columns(&list.items);
    let rows = list.items.iter().map(|i| row(values, i, &columns)).collect();
    Sheet { name: "事项".into(), columns, rows }
}

pub fn row<'a>(values: &Values<'_, 'a>, item: &'a Item, columns: &[Column]) -> Vec<Cow<'a, str>> {
    columns.iter().map(|c| c.cell.of(values, item, &c.key)).collect()
}

/// One sheet per part, in the layout 编办 publish: a part's sheet carries the columns that
/// part uses and any other column some of its items fill, so the XLSX imports back to the
/// same items as the CSV. Empty parts are left out, but a
/// table always has at least one sheet.
pub fn table<'a>(values: &Values<'_, 'a>, list: &'a ItemList, author: &str) -> Table<'a> {
    let body = values.body();
    let all = dictionary::item_columns(&list.items);
    let mut sheets: Vec<Sheet> = Part::ALL
        .into_iter()
        .filter_map(|part| {
            let items: Vec<&Item> = list.part(part).collect();
            if items.is_empty() {
                return None;
            }
            let columns = sheet_columns(values, &all, part, &items);
            let rows = items.iter().map(|i| row(values, i, &columns)).collect();
            Some(Sheet { name: part.name().into(), columns, rows })
        })
        .collect();
    if sheets.is_empty() {
        let columns = sheet_columns(values, &all, Part::Basic, &[]);
        sheets.push(Sheet { name: Part::Basic.name().into(), columns, rows: Vec::new() });
    }
    Table {
        title: title(list, body),
        subtitle: subtitle(list, body),
        author: author.into(),
        date: list.effective,
        sheets,
        notes: table::note_lines(&list.notes),
    }
}

/// A part's columns in declaration order, each under the part's own header, then 备注 as
/// printed lists have it, then 清单部分: people read the sheet name, `qingdan import` reads the
/// column (it marks a file in qingdan's own format, whose values are taken as they are).
fn sheet_columns(values: &Values, all: &[Column], part: Part, items: &[&Item]) -> Vec<Column> {
    let last = [Cell::Field(Field::Note), Cell::Field(Field::Part)];
    let in_part = |c: &Column| Column { header: c.header_in(part).to_string(), ..c.clone() };
    let mut columns: Vec<Column> =
        all.iter().filter(|c| !last.contains(&c.cell) && shown(values, part, c, items)).map(in_part).collect();
    for cell in &last {
        columns.extend(all.iter().filter(|c| c.cell == *cell).map(in_part));
    }
    columns
}

/// Whether a part's sheet shows a column: always for the columns its fields declare core,
/// otherwise when one of its items has a value there (状态 only when one is not 实施).
fn shown(values: &Values, part: Part, column: &Column, items: &[&Item]) -> bool {
    let field = match &column.cell {
        Cell::Field(f) | Cell::Codes(f) => *f,
        Cell::Extra => return items.iter().any(|i| !i.extra(&column.key).is_empty()),
        // The history is in the CSV and JSON; the sheets keep the layout of the printed lists.
        Cell::None | Cell::History(_) => return false,
    };
    match field {
        Field::Part => true,
        Field::Status => items.iter().any(|i| i.status != Status::Active),
        f if f.spec().core.has(part) => true,
        _ => items.iter().any(|i| !column.cell.of(values, i, &column.key).is_empty()),
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
    pub notes: &'a Option<String>,
    pub items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
pub struct JsonBody<'a> {
    pub code: &'a str,
    pub name: Option<&'a str>,
    pub kind: Option<crate::model::BodyKind>,
}

pub fn json<'a>(values: &Values<'a, 'a>, list: &'a ItemList, schema: String) -> Json<'a> {
    let body = values.body();
    Json {
        schema,
        body: JsonBody { code: &list.body.value, name: body.map(|b| b.name.as_str()), kind: body.map(|b| b.kind) },
        title: title(list, body),
        document: &list.document,
        effective: list.effective,
        notes: &list.notes,
        items: list.items.iter().map(|item| JsonItem { item, values: *values }).collect(),
    }
}

/// An item with one key per item column (`dictionary::field_columns`), in that order:
/// effective texts (`null` when empty), several values (sub-items, departments, codes) as
/// arrays, `type` and `basis` as the model serializes them, and the publisher's other columns
/// under `extra`.
pub struct JsonItem<'a> {
    pub item: &'a Item,
    pub values: Values<'a, 'a>,
}

impl Serialize for JsonItem<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let item = self.item;
        let mut map = s.serialize_map(None)?;
        for c in dictionary::field_columns() {
            match (&c.cell, c.value) {
                // The 办事指南 is one structured object below, not its cells' texts.
                (Cell::Field(f), _) if f.spec().kind == Kind::Guide => {}
                (Cell::Field(Field::Type), _) => map.serialize_entry(&c.key, &item.power_type)?,
                (Cell::Field(Field::Basis), _) => map.serialize_entry(&c.key, &item.basis)?,
                (_, ValueType::Count) => {
                    let text = c.cell.of(&self.values, item, &c.key);
                    map.serialize_entry(&c.key, &text.parse::<u64>().ok())?
                }
                (_, ValueType::Lines | ValueType::Codes) => {
                    let text = c.cell.of(&self.values, item, &c.key);
                    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
                    map.serialize_entry(&c.key, &lines)?
                }
                _ => {
                    let text = c.cell.of(&self.values, item, &c.key);
                    map.serialize_entry(&c.key, &Some(text).filter(|t| !t.is_empty()))?
                }
            }
        }
        map.serialize_entry("guide", &item.guide)?;
        map.serialize_entry("sub_item_fields", &SubItems(&item.sub_item_fields))?;
        map.serialize_entry("extra", &Extra(&item.extra))?;
        map.end()
    }
}

/// What sub-items have of their own: `[{"name": …, "basis": …}]`, keyed like the sources.
struct SubItems<'a>(&'a [crate::model::SubItem]);

impl Serialize for SubItems<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        struct One<'a>(&'a crate::model::SubItem);
        impl Serialize for One<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.fields.len() + 1))?;
                map.serialize_entry("name", &self.0.name)?;
                for (f, v) in &self.0.fields {
                    map.serialize_entry(f.key(), v)?;
                }
                map.end()
            }
        }
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for sub in self.0 {
            seq.serialize_element(&One(sub))?;
        }
        seq.end()
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

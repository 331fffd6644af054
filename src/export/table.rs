//! The shape every exported table takes before it becomes a file: a title, a line under it
//! (document number, dates) and one or more sheets of text cells. CSV writes one sheet, XLSX
//! writes them all; both write exactly these texts, so a CSV and an XLSX of the same list
//! import to the same items.

use super::dictionary::Column;
use std::borrow::Cow;

/// One sheet: its columns and rows of cell texts ("" for empty). Cells borrow from the model
/// where they can (`Item::field`): a list's texts are not copied to be exported.
pub struct Sheet<'a> {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cow<'a, str>>>,
}

/// A table as published: title row, the line under it, and its sheets.
pub struct Table<'a> {
    pub title: String,
    /// 文号、施行日期 and the like, shown under the title in XLSX.
    pub subtitle: String,
    /// Who publishes it, for the workbook's author property.
    pub author: String,
    /// A fixed date for the workbook's creation property, so builds are byte-identical.
    pub date: Option<crate::model::Date>,
    /// Never empty: a table without rows still has one sheet with its header.
    pub sheets: Vec<Sheet<'a>>,
    /// The notes (备注, footnotes) published with the list, a line each, printed under the
    /// table of every sheet.
    pub notes: Vec<String>,
}

/// A list's notes as the lines a table prints under it.
pub fn note_lines(notes: &Option<String>) -> Vec<String> {
    notes
        .as_deref()
        .map(|n| n.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

/// The cell text of multi-valued fields: one value per line.
pub fn lines<S: AsRef<str>>(values: &[S]) -> String {
    values.iter().map(|v| v.as_ref()).collect::<Vec<_>>().join("\n")
}

pub fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

pub fn date(value: Option<crate::model::Date>) -> String {
    value.map(|d| d.to_string()).unwrap_or_default()
}

/// "文号：青编办〔2025〕8号　施行日期：2025年10月1日", leaving out what is unknown.
pub fn subtitle(facts: &[(&str, Option<String>)]) -> String {
    facts
        .iter()
        .filter_map(|(label, value)| value.as_ref().filter(|v| !v.is_empty()).map(|v| format!("{label}：{v}")))
        .collect::<Vec<_>>()
        .join("　")
}

//! The data dictionary: every column of every exported table, with its Chinese header, its
//! meaning and the kind of value it holds. CSV headers, XLSX layouts, the JSON Schemas, the
//! Frictionless `datapackage.json` and the data page are all generated from these columns, so
//! they cannot disagree. Item columns come from the field declarations (`model::field`), other
//! tables' headers and meanings from `model::fields::FIELDS`; nothing here repeats a Chinese
//! name.

use crate::derive::CoverageStatus;
use crate::derive::{HistoryColumn, Values};
use crate::model::fields::{self, FIELDS};
use crate::model::{AdmissionCategory, AdmissionStatus, BodyKind, Field, Item, Kind, Origin, Part, Status};
use std::borrow::Cow;

/// What a column holds. CSV and XLSX write every value as text; JSON and the Frictionless
/// schema give the structured type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    Text,
    /// Several texts: one per line in a CSV/XLSX cell, an array in JSON.
    Lines,
    /// `YYYY-MM-DD`.
    Date,
    /// 是 / 否 in CSV, `true` / `false` in JSON.
    Bool,
    /// One of a closed set of Chinese names.
    Choice(Choices),
    /// 权力类型 as written; in JSON `{raw, official}`.
    PowerType,
    /// Legal text as written; in JSON `{text, sources}`.
    Basis,
    /// Body codes (see `bodies.csv`), one per line; an array in JSON.
    Codes,
    /// A whole number (a count); empty when unknown, `null` in JSON.
    Count,
    /// A figure (a count, an average).
    Number,
}

impl ValueType {
    /// How the data page and `docs/data.md` describe the type.
    pub fn describe(self) -> String {
        match self {
            ValueType::Text => "文本".into(),
            ValueType::Lines => "多值文本（CSV、XLSX 中每行一个，JSON 中为数组）".into(),
            ValueType::Date => "日期，YYYY-MM-DD".into(),
            ValueType::Bool => "是 / 否（JSON 中为 true / false）".into(),
            ValueType::Choice(set) => format!("取值之一：{}", set.names().join("、")),
            ValueType::PowerType => "文本，照录原表；JSON 中为 {raw 原文, official 对应的官方类型}".into(),
            ValueType::Basis => "文本，照录原文；JSON 中为 {text 原文, sources 识别出的法律依据}".into(),
            ValueType::Codes => "主体代码（见实施主体名录），多个时每行一个；JSON 中为数组".into(),
            ValueType::Count => "整数".into(),
            ValueType::Number => "数字".into(),
        }
    }

    /// The Frictionless Table Schema type.
    pub fn table_schema_type(self) -> &'static str {
        match self {
            ValueType::Date => "date",
            ValueType::Bool => "boolean",
            ValueType::Count => "integer",
            ValueType::Number => "number",
            _ => "string",
        }
    }
}

/// How wide a column's content runs, for spreadsheet column widths (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    /// 序号, codes, dates, short choices.
    Narrow,
    /// Departments, offices, windows, document numbers.
    Medium,
    /// Names and titles.
    Name,
    /// Legal basis, duties and other long text.
    Text,
}

impl Width {
    pub fn chars(self) -> f64 {
        match self {
            Width::Narrow => 12.0,
            Width::Medium => 20.0,
            Width::Name => 30.0,
            Width::Text => 60.0,
        }
    }
}

/// Where an item column's cells come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// A field's effective value (`derive::Values`).
    Field(Field),
    /// The body codes a `Kind::Departments` field holds, for joining with `bodies.csv`.
    Codes(Field),
    /// A publisher's own column, by its header.
    Extra,
    /// The item's history from the releases (`derive::Lineage`), not a source field.
    History(HistoryColumn),
    /// Not an item column.
    None,
}

impl Cell {
    /// This column's text for `item`.
    pub fn of<'t>(&self, values: &Values<'_, 't>, item: &'t Item, key: &str) -> Cow<'t, str> {
        match self {
            Cell::Field(f) => values.text(item, *f),
            Cell::Codes(f) => item.text(*f),
            Cell::Extra => Cow::Borrowed(item.extra(key)),
            Cell::History(h) => values.history(item, *h),
            Cell::None => Cow::Borrowed(""),
        }
    }
}

/// One column of an exported table.
#[derive(Clone, Debug)]
pub struct Column {
    /// The key in the sources and in JSON (`name`, `basis` ...); for a publisher's extra
    /// column, its header.
    pub key: String,
    /// The Chinese header that CSV and XLSX files carry.
    pub header: String,
    pub meaning: String,
    pub value: ValueType,
    pub width: Width,
    /// For item tables: what fills the cells.
    pub cell: Cell,
}

impl Column {
    fn new(key: &str, header: &str, value: ValueType) -> Column {
        Column {
            key: key.into(),
            header: header.into(),
            meaning: meaning(key).into(),
            value,
            width: width(key, value),
            cell: Cell::None,
        }
    }

    /// The column of an item field: its key, its Chinese header, its meaning and its kind as
    /// declared.
    pub fn item(field: Field) -> Column {
        let spec = field.spec();
        let value = value_type(spec.kind);
        Column {
            key: spec.key.into(),
            header: spec.label.into(),
            meaning: spec.meaning.into(),
            value,
            width: width(spec.key, value),
            cell: Cell::Field(field),
        }
    }

    /// The codes beside a departments column: `department` shows names, `department_code`
    /// the codes `bodies.csv` lists.
    fn codes(field: Field) -> Column {
        let spec = field.spec();
        Column {
            key: format!("{}_code", spec.key),
            header: format!("{}代码", spec.label),
            meaning: format!("{}的主体代码（见实施主体名录），多个时每行一个", spec.label),
            value: ValueType::Codes,
            width: Width::Medium,
            cell: Cell::Codes(field),
        }
    }

    /// The header of this column in a part's own sheet (相关部门 is 对应上级部门 in 配合).
    pub fn header_in(&self, part: Part) -> &str {
        match &self.cell {
            Cell::Field(f) => f.spec().label_in(part),
            _ => &self.header,
        }
    }

    /// A source field whose header is its Chinese name in `FIELDS`.
    fn field(key: &str, value: ValueType) -> Column {
        Column::new(key, fields::label(key), value)
    }

    /// The meaning in this table, where `FIELDS` gives a more general one.
    fn meaning(mut self, meaning: &str) -> Column {
        self.meaning = meaning.into();
        self
    }
}

fn meaning(key: &str) -> &'static str {
    FIELDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, _, m)| *m)
        .or_else(|| Field::from_key(key).map(|f| f.spec().meaning))
        .unwrap_or("")
}

fn width(key: &str, value: ValueType) -> Width {
    match (key, value) {
        (_, ValueType::Date | ValueType::Bool | ValueType::Choice(_) | ValueType::PowerType | ValueType::Number) => {
            Width::Narrow
        }
        ("number" | "code" | "id" | "kind" | "supervision_phone" | "phone", _) => Width::Narrow,
        ("name" | "title" | "sub_items" | "note" | "address" | "hours", _) => Width::Name,
        (_, ValueType::Basis) => Width::Text,
        (
            "office" | "department" | "window" | "guidance" | "subject" | "level" | "recall_document" | "document"
            | "approved_by" | "domain" | "official_code" | "website",
            _,
        ) => Width::Medium,
        (_, ValueType::Codes) => Width::Medium,
        _ => Width::Text,
    }
}

/// A closed set of values, named as the model names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choices {
    Part,
    Origin,
    Status,
    BodyKind,
    AdmissionCategory,
    AdmissionStatus,
    Coverage,
}

impl Choices {
    pub fn names(self) -> Vec<&'static str> {
        fn first<T>(names: &[(&'static str, T)]) -> Vec<&'static str> {
            names.iter().map(|(n, _)| *n).collect()
        }
        match self {
            Choices::Part => Part::ALL.iter().map(|p| p.name()).collect(),
            Choices::Origin => first(Origin::NAMES),
            Choices::Status => first(Status::NAMES),
            Choices::BodyKind => first(BodyKind::NAMES),
            Choices::AdmissionCategory => first(AdmissionCategory::NAMES),
            Choices::AdmissionStatus => first(AdmissionStatus::NAMES),
            Choices::Coverage => CoverageStatus::ALL.iter().map(|c| c.name()).collect(),
        }
    }
}

/// What a field's kind is in the downloads.
fn value_type(kind: Kind) -> ValueType {
    match kind {
        Kind::Line | Kind::Text | Kind::DepartmentDuties | Kind::Guide => ValueType::Text,
        Kind::Lines | Kind::Departments => ValueType::Lines,
        Kind::Date => ValueType::Date,
        Kind::Choice(c) => ValueType::Choice(match c {
            crate::model::Choices::Part => Choices::Part,
            crate::model::Choices::Origin => Choices::Origin,
            crate::model::Choices::Status => Choices::Status,
        }),
        Kind::PowerType => ValueType::PowerType,
        Kind::Basis => ValueType::Basis,
    }
}

/// The columns of a 权责清单: every declared field in order (departments by name, then by
/// code), then the publishers' extra columns (`extra`) in the order they are first seen.
pub fn item_columns<'a>(items: impl IntoIterator<Item = &'a Item>) -> Vec<Column> {
    let mut columns = field_columns().to_vec();
    for header in extra_headers(items) {
        columns.push(extra_column(&header));
    }
    columns
}

/// The columns every list has, whatever its items: one per declared field, and the codes
/// beside each departments column; then the item's history from the releases. Built once:
/// every item's JSON walks them.
pub fn field_columns() -> &'static [Column] {
    static COLUMNS: std::sync::OnceLock<Vec<Column>> = std::sync::OnceLock::new();
    COLUMNS.get_or_init(build_field_columns)
}

fn build_field_columns() -> Vec<Column> {
    let mut columns = Vec::with_capacity(Field::ALL.len() + 2 + HistoryColumn::ALL.len());
    for &f in Field::ALL {
        columns.push(Column::item(f));
        if f.spec().kind == Kind::Departments {
            columns.push(Column::codes(f));
        }
    }
    columns.extend(HistoryColumn::ALL.into_iter().map(history_column));
    columns
}

/// A column derived from the releases: first published, last changed, how often, where from.
fn history_column(h: HistoryColumn) -> Column {
    let (key, header, meaning) = h.describe();
    let value = match h {
        HistoryColumn::FirstPublished | HistoryColumn::LastChanged => ValueType::Date,
        HistoryColumn::ChangeCount => ValueType::Count,
        HistoryColumn::RenamedFrom | HistoryColumn::MovedFrom => ValueType::Lines,
    };
    Column {
        key: key.into(),
        header: header.into(),
        meaning: meaning.into(),
        value,
        width: if value == ValueType::Lines { Width::Name } else { Width::Narrow },
        cell: Cell::History(h),
    }
}

/// A publisher's own column, kept with its original header.
pub fn extra_column(header: &str) -> Column {
    Column {
        key: header.into(),
        header: header.into(),
        meaning: format!("{}（原表中的其他列，照录）", meaning("extra")),
        value: ValueType::Text,
        width: Width::Name,
        cell: Cell::Extra,
    }
}

/// The headers of the publishers' extra columns, in first-seen order, without duplicates.
pub fn extra_headers<'a>(items: impl IntoIterator<Item = &'a Item>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for item in items {
        for (header, _) in &item.extra {
            if !seen.iter().any(|s| s == header) {
                seen.push(header.clone());
            }
        }
    }
    seen
}

/// The two columns `all-items.csv` puts first: whose item it is.
pub fn body_columns() -> [Column; 2] {
    [
        Column {
            key: "body".into(),
            header: "实施主体代码".into(),
            meaning: "事项所属主体的代码（见实施主体名录）".into(),
            value: ValueType::Text,
            width: Width::Narrow,
            cell: Cell::None,
        },
        Column {
            key: "body_name".into(),
            header: "实施主体".into(),
            meaning: "事项所属主体的名称".into(),
            value: ValueType::Text,
            width: Width::Medium,
            cell: Cell::None,
        },
    ]
}

/// 属地管理事项: one column per field of `model::Matter`, in source order.
pub fn matter_columns() -> Vec<Column> {
    use ValueType::*;
    [
        ("number", Text),
        ("code", Text),
        ("domain", Text),
        ("name", Text),
        ("primary", Codes),
        ("primary_duty", Text),
        ("township_duty", Text),
        ("supporting", Codes),
        ("supporting_duty", Text),
        ("basis", Basis),
        ("note", Text),
    ]
    .into_iter()
    .map(|(k, v)| match k {
        "name" => Column::field(k, v).meaning("属地管理事项名称"),
        "code" => Column::field(k, v).meaning("事项的唯一编码，也是网页上的锚点"),
        _ => Column::field(k, v),
    })
    .collect()
}

/// 准入事项: one column per field of `model::Admission`.
pub fn admission_columns() -> Vec<Column> {
    use ValueType::*;
    [
        ("code", Text),
        ("department", Text),
        ("title", Text),
        ("content", Text),
        ("category", Choice(Choices::AdmissionCategory)),
        ("basis", Text),
        ("reason", Text),
        ("townships", Codes),
        ("period_from", Date),
        ("period_to", Date),
        ("long_term", Bool),
        ("staff", Text),
        ("funds", Text),
        ("approved_by", Text),
        ("document", Text),
        ("approved_on", Date),
        ("status", Choice(Choices::AdmissionStatus)),
        ("note", Text),
    ]
    .into_iter()
    .map(|(k, v)| {
        let c = Column::field(k, v);
        match k {
            "department" => c.meaning("申请把工作交给乡镇（街道）的县直部门（主体代码）"),
            "title" => c.meaning("准入事项名称"),
            "basis" => c.meaning("准入依据"),
            "document" => c.meaning("批准准入的文件文号"),
            "status" => c.meaning("准入事项的状态：准入、调整或退出"),
            _ => c,
        }
    })
    .collect()
}

/// A guidance catalog's items; the coverage columns (one per township) follow, see
/// `coverage_column`.
pub fn guidance_columns() -> Vec<Column> {
    use ValueType::*;
    let mut columns: Vec<Column> =
        [("number", Text), ("id", Text), ("name", Text), ("type", PowerType), ("department", Text), ("note", Text)]
            .into_iter()
            .map(|(k, v)| match k {
                "department" => Column::field(k, v).meaning("行使该权力的县直部门（主体代码）"),
                "name" => Column::field(k, v).meaning("目录事项名称"),
                _ => Column::field(k, v),
            })
            .collect();
    columns.push(Column {
        key: "summary".into(),
        header: "全县承接情况".into(),
        meaning: "全县汇总：有乡镇承接时为最多的承接方式，否则为收回或未下放".into(),
        value: Choice(Choices::Coverage),
        width: Width::Narrow,
        cell: Cell::None,
    });
    columns
}

/// The coverage column of one township in a guidance catalog table.
pub fn coverage_column(code: &str, name: &str) -> Column {
    Column {
        key: code.into(),
        header: name.into(),
        meaning: format!("{name}（{code}）承接该事项的情况，由其清单推算"),
        value: ValueType::Choice(Choices::Coverage),
        width: Width::Narrow,
        cell: Cell::None,
    }
}

/// 实施主体名录: the codes the other tables refer to.
pub fn body_list_columns() -> Vec<Column> {
    use ValueType::*;
    [
        ("code", Text),
        ("name", Text),
        ("kind", Choice(Choices::BodyKind)),
        ("official_code", Text),
        ("address", Text),
        ("phone", Text),
        ("hours", Text),
        ("website", Text),
        ("supervision_phone", Text),
    ]
    .into_iter()
    .map(|(k, v)| match k {
        "code" => Column::field(k, v).meaning("主体代码：其他表引用主体时用它，也是主体网页的地址"),
        "name" => Column::field(k, v).meaning("主体名称"),
        _ => Column::field(k, v),
    })
    .collect()
}

/// A column of the county overview's tables (`export::overview`).
fn figure(key: &str, header: &str, meaning: &str, value: ValueType) -> Column {
    Column {
        key: key.into(),
        header: header.into(),
        meaning: meaning.into(),
        value,
        width: width(key, value),
        cell: Cell::None,
    }
}

/// The columns that count a township's items by part, shared by the overview's tables.
fn part_figures(of: &str) -> [Column; 4] {
    use ValueType::Number;
    [
        figure("basic", "基本履职事项", &format!("{of}基本履职事项数"), Number),
        figure("support", "配合履职事项", &format!("{of}配合履职事项数"), Number),
        figure("recalled", "上级部门收回事项", &format!("{of}上级部门收回事项数"), Number),
        figure("total", "合计", &format!("{of}三部分事项合计"), Number),
    ]
}

/// 各乡镇（街道）事项数: one row per township with a list, then the total and the average.
pub fn overview_township_columns() -> Vec<Column> {
    use ValueType::*;
    let mut c = vec![
        figure("code", "主体代码", "乡镇（街道）的主体代码（见实施主体名录）；合计、平均行为空", Text),
        figure("name", "乡镇（街道）", "乡镇（街道）名称，或“合计”“平均”", Text),
        figure("kind", "类型", "乡、镇或街道", Text),
    ];
    c.extend(part_figures("该乡镇（街道）"));
    c.extend([
        figure("share", "配合和收回占比", "配合履职事项与上级部门收回事项合计占全部事项的百分比", Text),
        figure("service_center", "便民服务中心可办", "在便民服务中心窗口办理的基本履职事项数", Number),
        figure("unique", "独有事项", "其他乡镇（街道）都没有列出的事项数（按规范化的事项名称比较，分部分）", Number),
        figure("missing", "缺少的事项", "其他乡镇（街道）都列出、本乡镇（街道）没有列出的事项数", Number),
    ]);
    c
}

/// 各类别事项数: one row per 类别 across the townships' lists.
pub fn overview_category_columns() -> Vec<Column> {
    use ValueType::*;
    let mut c = vec![figure("category", "类别", "事项类别；“（未分类）”为没有类别的事项", Text)];
    c.extend(part_figures("全部乡镇（街道）该类别的"));
    c.extend([
        figure("townships", "乡镇（街道）数", "清单中有该类别事项的乡镇（街道）数", Number),
        figure("average", "平均每个乡镇（街道）", "该类别事项合计除以有清单的乡镇（街道）数，保留一位小数", Number),
    ]);
    c
}

/// 各县直部门事项数: one row per county department the townships' items name.
pub fn overview_department_columns() -> Vec<Column> {
    use ValueType::*;
    vec![
        figure("code", "部门代码", "县直部门的主体代码（见实施主体名录）", Text),
        figure("name", "县直部门", "部门名称", Text),
        figure("delegated", "下放", "该部门下放给乡镇（街道）的基本履职事项数", Number),
        figure("entrusted", "委托", "该部门委托乡镇（街道）行使的基本履职事项数", Number),
        figure("extended", "延伸", "该部门延伸到乡镇（街道）办理的基本履职事项数", Number),
        figure("support", "配合", "该部门负主体责任、乡镇（街道）配合的配合履职事项数", Number),
        figure("recalled", "收回", "该部门从乡镇（街道）收回的事项数", Number),
        figure("total", "合计", "以上合计", Number),
        figure("townships", "乡镇（街道）数", "清单中有该部门事项的乡镇（街道）数", Number),
    ]
}

/// 乡镇（街道）之间的差异: matters only one township lists, and matters one township alone lacks.
pub fn overview_difference_columns() -> Vec<Column> {
    use ValueType::*;
    vec![
        figure(
            "difference",
            "差异",
            "“独有”：只有该乡镇（街道）列出的事项；“缺少”：其他乡镇（街道）都列出而该乡镇（街道）没有列出的事项",
            Text,
        ),
        figure("body", "主体代码", "乡镇（街道）的主体代码", Text),
        figure("body_name", "乡镇（街道）", "乡镇（街道）名称", Text),
        figure("part", "清单部分", "事项所在的部分", Choice(Choices::Part)),
        figure("category", "类别", "事项类别", Text),
        figure("name", "事项名称", "事项名称（缺少的事项为其他乡镇的写法）", Text),
        figure("item", "事项编码", "独有事项在该乡镇（街道）清单中的事项编码；缺少的事项为空", Text),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_column_has_a_meaning() {
        let all = [
            item_columns([]),
            matter_columns(),
            admission_columns(),
            guidance_columns(),
            body_list_columns(),
            overview_township_columns(),
            overview_category_columns(),
            overview_department_columns(),
            overview_difference_columns(),
        ];
        for c in all.iter().flatten() {
            assert!(!c.meaning.is_empty(), "{} has no meaning in FIELDS", c.key);
        }
        assert_eq!(Choices::Origin.names(), ["法定", "下放", "委托", "延伸"]);
    }
}

//! Finding the header row of a sheet and what each column means.
//!
//! Real lists put titles, "部门名称：…" and "附件" rows above the header, break header text
//! over lines ("事项\n名称"), merge a header over two columns (实施层级及权限) or over a second
//! header row, and name the same column differently from one publisher to the next. Every
//! header an export writes (`model::field`) is recognised, so what `qingdan` exports imports back.

use super::grid::{column_name, Sheet};
use crate::model::fields::{self, Table, TABLE_HEADERS};
use crate::model::{Field, Kind};

/// The column of the codes beside a departments column (`相关部门代码`), as exports write it:
/// its key is the field's key with `_code`.
pub fn codes_key(field: Field) -> &'static str {
    match field {
        Field::AssignedBy => "assigned_by_code",
        _ => "department_code",
    }
}

/// What a table's headers are read as: item fields (`model::field`) or the columns of a
/// county-wide table (`model::fields::TABLE_HEADERS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Vocabulary {
    Items,
    Table(Table),
}

impl Vocabulary {
    /// The key a header means in this vocabulary.
    pub fn field_for(self, label: &str) -> Option<&'static str> {
        match self {
            Vocabulary::Items => field_for(label),
            Vocabulary::Table(table) => {
                let key = normalise(label);
                if key.is_empty() {
                    return None;
                }
                let find = |key: &str| {
                    TABLE_HEADERS.iter().filter(|(t, _, _)| *t == table).find_map(|(_, k, synonyms)| {
                        let own = std::iter::once(fields::label(k));
                        (*k == key || own.chain(synonyms.iter().copied()).any(|h| normalise(h) == key)).then_some(*k)
                    })
                };
                find(&key).or_else(|| {
                    let stripped = strip_bracket_note(&key);
                    (stripped != key).then(|| find(&stripped)).flatten()
                })
            }
        }
    }

    /// Whether `label` is the header qingdan's own exports write for `key` (not a synonym).
    pub fn exact(self, label: &str, key: &str) -> bool {
        let label = normalise(label);
        match self {
            Vocabulary::Items => match Field::from_key(key) {
                Some(f) => {
                    let spec = f.spec();
                    let mut own = std::iter::once(spec.label).chain(spec.part_labels.iter().map(|(_, l)| *l));
                    own.any(|l| normalise(l) == label)
                }
                // The codes beside a departments field; the history columns (首次发布 …).
                None => key.ends_with("_code") || crate::derive::HistoryColumn::from_header(key).is_some(),
            },
            Vocabulary::Table(_) => normalise(fields::label(key)) == label,
        }
    }

    /// The key of the column that names each row's item.
    pub fn name_key(self) -> &'static str {
        match self {
            Vocabulary::Table(Table::Admissions) => "title",
            _ => "name",
        }
    }

    /// Fields one column says fully; a second column with the same meaning is kept as an extra.
    fn single(self, key: &str) -> bool {
        match self {
            Vocabulary::Items => Field::from_key(key).is_some_and(|f| f.spec().single) || key.ends_with("_code"),
            Vocabulary::Table(_) => !matches!(key, "basis" | "note" | "primary_duty" | "township_duty"),
        }
    }
}

/// What a header text means, compared without spaces, line breaks, `*` marks or a note in
/// brackets ("事项名称（必填）").
pub fn field_for(label: &str) -> Option<&'static str> {
    let key = normalise(label);
    if key.is_empty() {
        return None;
    }
    lookup(&key).or_else(|| {
        let stripped = strip_bracket_note(&key);
        (stripped != key).then(|| lookup(&stripped)).flatten()
    })
}

/// A header as declared for an item field (`model::field`): its key, its label, a part's own
/// label or a synonym; or the codes column an export writes beside a departments field.
fn lookup(key: &str) -> Option<&'static str> {
    // The history columns exports add (首次发布 …) are derived from the releases: recognised,
    // and never read into an item.
    if let Some(h) = crate::derive::HistoryColumn::from_header(key) {
        return Some(h.key());
    }
    items_headers().get(key).copied()
}

/// Every header an item field answers to, normalised, built once: import looks up every
/// cell of the first rows of every sheet.
fn items_headers() -> &'static std::collections::HashMap<String, &'static str> {
    static HEADERS: std::sync::OnceLock<std::collections::HashMap<String, &'static str>> = std::sync::OnceLock::new();
    HEADERS.get_or_init(|| {
        let mut map = std::collections::HashMap::new();
        // In declaration order, the first field that claims a header keeps it.
        for &f in Field::ALL {
            let spec = f.spec();
            let labels = std::iter::once(spec.label).chain(spec.part_labels.iter().map(|(_, l)| *l));
            for h in std::iter::once(spec.key).chain(labels).chain(spec.synonyms.iter().copied()) {
                map.entry(normalise(h)).or_insert(spec.key);
            }
            if spec.kind == Kind::Departments {
                map.entry(codes_key(f).to_string()).or_insert(codes_key(f));
                map.entry(normalise(&format!("{}代码", spec.label))).or_insert(codes_key(f));
            }
        }
        map
    })
}

/// Header text as compared: no whitespace, no required-marks, ASCII brackets as Chinese ones.
pub fn normalise(label: &str) -> String {
    label
        .chars()
        .filter(|c| !c.is_whitespace() && !"*＊★※:：".contains(*c))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

fn strip_bracket_note(key: &str) -> String {
    match key.find('（') {
        Some(i) if i > 0 && key.ends_with('）') => key[..i].to_string(),
        _ => key.to_string(),
    }
}

/// The header as a label for `extra`: the text without line breaks and runs of spaces.
pub fn display(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join("")
}

/// One column of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub index: usize,
    /// The header as shown (two-level headers as "上（下）"); "N列" where there is none.
    pub label: String,
    /// The field it fills, or None to keep it in `extra` under `label`.
    pub field: Option<&'static str>,
    /// No header text at all: data found here is kept and reported.
    pub unlabeled: bool,
    /// A second column for a single-valued field, demoted to extra.
    pub duplicate: bool,
    /// No header text of its own, taken to continue the header on its left.
    pub inherited: bool,
    /// The header is the one qingdan's exports write for the field, not a synonym.
    pub exact: bool,
}

/// Where the table starts and what its columns mean.
#[derive(Clone, Debug)]
pub struct Header {
    pub vocabulary: Vocabulary,
    pub row: usize,
    /// The second header row of a two-level header.
    pub sub_row: Option<usize>,
    pub columns: Vec<Column>,
}

impl Header {
    /// First data row.
    pub fn data_start(&self) -> usize {
        self.sub_row.unwrap_or(self.row) + 1
    }

    /// The first column that fills `field`.
    pub fn column(&self, field: &str) -> Option<usize> {
        self.columns.iter().find(|c| c.field == Some(field)).map(|c| c.index)
    }

    /// Written by qingdan (or in its format): an item list with the column "清单部分", or a
    /// county-wide table whose every header is the one exports write. Values are then taken as
    /// they are, without the clean-up real publishers' files need.
    pub fn is_qingdan_format(&self) -> bool {
        match self.vocabulary {
            Vocabulary::Items => self.columns.iter().any(|c| c.field == Some("part") && c.exact),
            Vocabulary::Table(_) => {
                let labelled: Vec<&Column> = self.columns.iter().filter(|c| !c.unlabeled).collect();
                labelled.len() >= 4 && labelled.iter().all(|c| c.exact)
            }
        }
    }

    /// The column naming each row's item.
    pub fn name_column(&self) -> Option<usize> {
        self.column(self.vocabulary.name_key())
    }
}

/// How many rows from the top are searched for the header.
const SEARCH_ROWS: usize = 30;

/// Finds the header: the first row (among the first 30) where at least three cells name known
/// fields, or two including the item name.
#[cfg(test)]
pub fn detect(sheet: &Sheet) -> Option<Header> {
    detect_with(sheet, Vocabulary::Items)
}

/// The distinct keys the cells of a row name in a vocabulary.
pub fn keys_in_row(sheet: &Sheet, row: usize, vocabulary: Vocabulary) -> Vec<&'static str> {
    // Headers are short; long cells are data, not worth normalising.
    let mut keys: Vec<&'static str> = sheet
        .rows
        .get(row)
        .map(|cells| {
            cells.iter().filter(|c| c.text.len() <= 120).filter_map(|c| vocabulary.field_for(&c.text)).collect()
        })
        .unwrap_or_default();
    keys.sort();
    keys.dedup();
    keys
}

/// The header row in a vocabulary: the first row where at least three cells name known keys,
/// or two including the item's name.
pub fn detect_with(sheet: &Sheet, vocabulary: Vocabulary) -> Option<Header> {
    let rows = sheet.rows.len().min(SEARCH_ROWS);
    let row = (0..rows).find(|&r| {
        let distinct = keys_in_row(sheet, r, vocabulary);
        distinct.len() >= 3 || (distinct.len() >= 2 && distinct.contains(&vocabulary.name_key()))
    })?;
    Some(header_at(sheet, row, vocabulary))
}

/// Every table of a sheet: the first header, and each later row that is a header with other
/// columns (a sheet holding the three parts one under the other, each with its own header).
/// A header repeated on every printed page is not a new table.
pub fn detect_all(sheet: &Sheet, vocabulary: Vocabulary) -> Vec<Header> {
    let Some(first) = detect_with(sheet, vocabulary) else { return Vec::new() };
    let mut out = vec![first];
    let start = out[0].data_start();
    for r in start..sheet.rows.len() {
        let distinct = keys_in_row(sheet, r, vocabulary);
        if distinct.len() < 3 || !distinct.contains(&vocabulary.name_key()) {
            continue;
        }
        let last = out.last().expect("one header");
        if r < last.data_start() {
            continue;
        }
        let candidate = header_at(sheet, r, vocabulary);
        let fields = |h: &Header| h.columns.iter().map(|c| c.field).collect::<Vec<_>>();
        if fields(&candidate) != fields(last) {
            out.push(candidate);
        }
    }
    out
}

/// The header in a given row.
fn header_at(sheet: &Sheet, row: usize, vocabulary: Vocabulary) -> Header {
    let field_for = |label: &str| vocabulary.field_for(label);
    let width = sheet.width();
    let top: Vec<String> = (0..width).map(|c| group_label(sheet, row, c)).collect();
    let sub_row = detect_sub_row(sheet, row, &top, width, vocabulary);
    let mut columns = Vec::with_capacity(width);
    let mut left_label = String::new();
    for c in 0..width {
        let mut upper = top[c].clone();
        let lower = sub_row.map(|s| display(sheet.text(s, c))).unwrap_or_default();
        if upper.is_empty() && !lower.is_empty() {
            // CSV has no merges: a blank upper header over a sub-header continues the one on its left.
            upper = left_label.clone();
        }
        if !upper.is_empty() {
            left_label = upper.clone();
        }
        let mut inherited = false;
        if upper.is_empty()
            && lower.is_empty()
            && c > 0
            && !top[c - 1].is_empty()
            && top[c + 1..].iter().any(|t| !t.is_empty())
        {
            // A blank header cell inside the table, right of a header: the header was centred
            // across both cells without merging them (the same file merges it on other sheets).
            upper = top[c - 1].clone();
            inherited = true;
        }
        let (label, field) = if lower.is_empty() {
            if upper.is_empty() {
                (format!("{}列", column_name(c)), None)
            } else {
                (upper.clone(), field_for(&upper))
            }
        } else if upper.is_empty() || normalise(&upper) == normalise(&lower) {
            (lower.clone(), field_for(&lower))
        } else {
            (format!("{upper}（{lower}）"), field_for(&lower).or_else(|| field_for(&upper)))
        };
        let unlabeled = field.is_none() && upper.is_empty() && lower.is_empty();
        let exact = field.is_some_and(|f| vocabulary.exact(&label, f));
        columns.push(Column { index: c, unlabeled, inherited, label, field, duplicate: false, exact });
    }
    // A single-valued field named twice: the first column wins, the others are kept as extras;
    // but one sheet holding all three parts may name the departments once per part
    // (对应上级部门 or 配合部门 for 配合, 承接部门 or 收回部门 for 收回), each row filling its own.
    let part_label = |label: &str, f: &str| {
        Field::from_key(f).is_some_and(|f| f.spec().part_labels.iter().any(|(_, l)| normalise(l) == normalise(label)))
    };
    for i in 0..columns.len() {
        let Some(f) = columns[i].field else { continue };
        let per_part = |c: &Column| {
            let distinct = normalise(&c.label) != normalise(&columns[i].label);
            distinct && (f == "department" || (part_label(&c.label, f) && part_label(&columns[i].label, f)))
        };
        if vocabulary.single(f) && columns[..i].iter().any(|c| c.field == Some(f) && !per_part(c)) {
            columns[i].field = None;
            columns[i].duplicate = true;
        }
    }
    // In qingdan's own format every field is under the header exports write; a column under
    // a synonym is a publisher's own column kept among the others (a department's own
    // "部门职责", which is not the 上级部门职责 of a supporting duty).
    let own_format = vocabulary == Vocabulary::Items && columns.iter().any(|c| c.field == Some("part") && c.exact);
    if own_format {
        for column in columns.iter_mut().filter(|c| c.field.is_some() && !c.exact) {
            column.field = None;
        }
    }
    // Extra labels must be unique within an item, and differ from the fields' own headers.
    let mut seen: Vec<String> =
        columns.iter().filter(|c| c.field.is_some() && !c.duplicate).map(|c| c.label.clone()).collect();
    for col in columns.iter_mut().filter(|c| c.field.is_none()) {
        let base = col.label.clone();
        let mut n = 2;
        while seen.contains(&col.label) {
            col.label = format!("{base}（{n}）");
            n += 1;
        }
        seen.push(col.label.clone());
    }
    Header { vocabulary, row, sub_row, columns }
}

/// The header text over a column: its own, or that of a merge spanning it horizontally.
fn group_label(sheet: &Sheet, row: usize, col: usize) -> String {
    let own = display(sheet.text(row, col));
    if !own.is_empty() {
        return own;
    }
    sheet
        .merges
        .iter()
        .find(|m| m.top <= row && row <= m.bottom && m.left < col && col <= m.right)
        .map(|m| display(sheet.text(m.top, m.left)))
        .unwrap_or_default()
}

/// A second header row: directly under the header, no 序号 or name of its own, text only
/// under a header that spans several columns (or under blank header cells, in CSV).
fn detect_sub_row(sheet: &Sheet, row: usize, top: &[String], width: usize, vocabulary: Vocabulary) -> Option<usize> {
    let next = row + 1;
    if next >= sheet.rows.len() {
        return None;
    }
    let spans = |c: usize| {
        sheet.merges.iter().any(|m| m.top <= row && row <= m.bottom && m.left <= c && c <= m.right && m.left < m.right)
    };
    let vertical =
        |c: usize| sheet.merges.iter().any(|m| m.top == row && m.bottom >= next && m.left <= c && c <= m.right);
    let mut under_group = 0;
    for (c, label) in top.iter().enumerate().take(width) {
        let text = sheet.text(next, c).trim();
        if text.is_empty() {
            continue;
        }
        let number_like = sheet.cell(next, c).is_some_and(|cell| cell.kind == super::grid::Kind::Number)
            || text.chars().all(|ch| ch.is_ascii_digit() || ch == '.');
        if number_like || vertical(c) {
            return None;
        }
        let is_group = spans(c) || (label.is_empty() && c > 0);
        let known_alone = vocabulary.field_for(label).is_some() && !spans(c);
        if !is_group || known_alone {
            return None;
        }
        under_group += 1;
    }
    (under_group > 0).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::grid::{Cell, Merge};

    fn sheet(rows: &[&[&str]], merges: &[Merge]) -> Sheet {
        Sheet {
            name: "t".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|t| Cell { text: t.to_string(), ..Cell::default() }).collect())
                .collect(),
            merges: merges.to_vec(),
            ..Sheet::default()
        }
    }

    #[test]
    fn recognises_synonyms_line_breaks_and_marks() {
        assert_eq!(field_for("事项\n名称"), Some("name"));
        assert_eq!(field_for(" 职权名称 "), Some("name"));
        assert_eq!(field_for("权利类型"), Some("type"));
        assert_eq!(field_for("法定依据"), Some("basis"));
        assert_eq!(field_for("事项主体"), Some("subject"));
        assert_eq!(field_for("追责对象\n范围"), Some("accountability_scope"));
        assert_eq!(field_for("*事项名称（必填）"), Some("name"));
        assert_eq!(field_for("实施层级\n及权限"), Some("level"));
        assert_eq!(field_for("清单部分"), Some("part"));
        assert_eq!(field_for("乡镇配合职责"), Some("township_duty"));
        assert_eq!(field_for("部门职责"), Some("department_duty"));
        assert_eq!(field_for("审批时限"), None);
        assert_eq!(field_for("对应上级部门"), Some("department"));
        assert_eq!(field_for("乡镇（街道）配合职责"), Some("township_duty"));
        assert_eq!(field_for("工作方式"), Some("after_recall"));
        assert_eq!(field_for("相关部门代码"), Some("department_code"));
        for c in crate::export::dictionary::field_columns() {
            assert_eq!(field_for(&c.header).unwrap_or_default(), c.key, "{}", c.header);
        }
    }

    #[test]
    fn skips_title_rows_and_reads_a_merged_two_level_header() {
        let s = sheet(
            &[
                &["某局权责清单"],
                &["部门名称：某局"],
                &["序号", "事项名称", "实施层级及权限", "", "审批时限"],
                &["", "", "层级", "权限", ""],
                &["1", "甲", "市级", "全部", "20日"],
            ],
            &[
                Merge { top: 0, left: 0, bottom: 0, right: 4 },
                Merge { top: 2, left: 2, bottom: 2, right: 3 },
                Merge { top: 2, left: 0, bottom: 3, right: 0 },
                Merge { top: 2, left: 1, bottom: 3, right: 1 },
                Merge { top: 2, left: 4, bottom: 3, right: 4 },
            ],
        );
        let h = detect(&s).unwrap();
        assert_eq!((h.row, h.sub_row, h.data_start()), (2, Some(3), 4));
        let fields: Vec<_> = h.columns.iter().map(|c| (c.label.as_str(), c.field)).collect();
        assert_eq!(
            fields,
            vec![
                ("序号", Some("number")),
                ("事项名称", Some("name")),
                ("实施层级及权限（层级）", Some("level")),
                ("实施层级及权限（权限）", Some("level")),
                ("审批时限", None),
            ]
        );
    }

    #[test]
    fn merged_header_without_sub_row_covers_both_columns() {
        let s = sheet(
            &[
                &["序号", "事项名称", "权力类型", "实施层级及权限", "", "备注"],
                &["1", "甲", "行政许可", "市级", "负责审批", ""],
            ],
            &[Merge { top: 0, left: 3, bottom: 0, right: 4 }],
        );
        let h = detect(&s).unwrap();
        assert_eq!(h.sub_row, None);
        assert_eq!(h.columns[4].field, Some("level"));
        assert_eq!(h.columns[4].label, "实施层级及权限");
    }

    #[test]
    fn blank_headers_and_duplicates_are_kept_as_extras() {
        let s = sheet(
            &[
                &["序号", "事项名称", "项目", "实施依据", "", "备注", "备注", "", ""],
                &["1", "甲", "", "", "", "", "", "", "x"],
            ],
            &[],
        );
        let h = detect(&s).unwrap();
        assert_eq!(h.columns[2].field, None);
        assert!(h.columns[2].duplicate);
        assert_eq!((h.columns[4].label.as_str(), h.columns[4].field), ("实施依据", Some("basis")));
        assert!(h.columns[4].inherited);
        assert_eq!(h.columns[6].field, Some("note"));
        assert_eq!(h.columns[8].label, "I列");
        assert!(h.columns[8].unlabeled);
        assert!(detect(&sheet(&[&["说明"], &["这是一段话"]], &[])).is_none());
    }
}

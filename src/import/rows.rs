//! From the rows under the header to one record per item.
//!
//! An item may take several rows: vertically merged cells (only the top-left holds the text),
//! continuation rows with a blank name that add another 行使主体 or basis, or rows repeating
//! the same 序号 and name. A row may also stand for several items ("2,3"). Rows that are not
//! items — section titles ("一、行政许可"), notes ("备注：…"), a repeated header — are
//! recognised and never mistaken for items or silently dropped.

use super::grid::{Kind, Sheet};
use super::header::{self, Header};
use super::report::Place;
use crate::diag::Diagnostic;
use crate::model::{Part, PowerType};

/// One item as found in the sheet: for each column, the distinct texts of its rows.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// First row of the item (0-based), for cell references.
    pub row: usize,
    /// Per column: distinct non-empty texts in row order, with the row each came from.
    pub values: Vec<Vec<(String, usize)>>,
    /// Per column: every row's text (merged cells filled), in row order, with its row; what
    /// each sub-item's rows say (`items::sub_item_fields`).
    pub all: Vec<Vec<(String, usize)>>,
    /// The part, 权力类型 and category (or 领域) the section rows above the item set.
    pub section_part: Option<Part>,
    pub section_type: Option<String>,
    pub section_category: Option<String>,
    /// The section rows (`SheetRows::sections`) the item is counted under.
    pub sections: Vec<usize>,
    /// For items split from a row that listed several 序号: the row's 序号 and name.
    pub split_from: Option<(String, String)>,
}

impl Record {
    fn new(row: usize, width: usize) -> Record {
        Record { row, values: vec![Vec::new(); width], all: vec![Vec::new(); width], ..Record::default() }
    }

    pub fn first(&self, col: Option<usize>) -> &str {
        col.and_then(|c| self.values.get(c)).and_then(|v| v.first()).map(|(t, _)| t.as_str()).unwrap_or("")
    }

    fn add(&mut self, col: usize, text: &str, row: usize) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.all[col].push((text.to_string(), row));
        let key = squash(text);
        if !self.values[col].iter().any(|(t, _)| squash(t) == key) {
            self.values[col].push((text.to_string(), row));
        }
    }
}

/// Text outside the table: titles above the header, notes below or between items.
#[derive(Clone, Debug)]
pub struct Note {
    pub row: usize,
    pub col: usize,
    pub text: String,
    pub above_header: bool,
}

/// A section row ("二、配合履职事项（共37项）", "一、党的建设") and how many items followed it.
#[derive(Clone, Debug)]
pub struct SectionRow {
    pub row: usize,
    pub col: usize,
    pub text: String,
    pub meaning: Section,
    /// The count it declares ("（共37项）").
    pub declared: Option<usize>,
    /// Records found under it, up to the next section of the same kind.
    pub items: usize,
}

pub struct SheetRows {
    pub records: Vec<Record>,
    pub sections: Vec<SectionRow>,
    /// Non-blank rows under the header.
    pub rows_read: usize,
    pub notes: Vec<Note>,
    /// The count and 权力类型 the sheet's name declares.
    pub declared: Option<usize>,
    pub sheet_type: Option<String>,
}

/// Text compared without any whitespace: "行政\n处罚" is "行政处罚".
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// 序号 as text: "1.0" → "1"; anything else trimmed.
pub fn normalise_number(text: &str) -> String {
    let t = text.trim();
    if let Some(int) = t.strip_suffix(".0").or_else(|| t.strip_suffix(".00")) {
        if !int.is_empty() && int.chars().all(|c| c.is_ascii_digit()) {
            return int.to_string();
        }
    }
    t.to_string()
}

/// Several numbers in one 序号 cell: "2,3", "2、3", "5-7". None for a single number or text.
pub fn several_numbers(text: &str) -> Option<Vec<String>> {
    let t = normalise_number(text);
    let parts: Vec<&str> = t.split([',', '，', '、', ';', '；', '/']).map(str::trim).collect();
    let numeric = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if parts.len() >= 2 && parts.iter().all(|p| numeric(p)) {
        return Some(parts.iter().map(|p| p.to_string()).collect());
    }
    let range: Vec<&str> = t.split(['-', '—', '－', '~', '～', '至']).map(str::trim).collect();
    if let [a, b] = range.as_slice() {
        if numeric(a) && numeric(b) {
            let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
            if a < b && b - a < 50 {
                return Some((a..=b).map(|n| n.to_string()).collect());
            }
        }
    }
    None
}

/// "行政处罚（254项）", "行政征收（ 1 项）" → (Some("行政处罚"), Some(254)).
pub fn sheet_declaration(name: &str) -> (Option<String>, Option<usize>) {
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c != '（' && c != '(' {
            continue;
        }
        let inner: String = chars[i + 1..].iter().take_while(|&&c| c != '）' && c != ')').collect();
        let inner = squash(&inner);
        let inner = inner.trim_start_matches('共');
        if let Some(digits) = inner.strip_suffix('项') {
            if let Ok(n) = digits.parse::<usize>() {
                let before: String = chars[..i].iter().collect();
                let before = before.trim();
                return ((!before.is_empty()).then(|| before.to_string()), Some(n));
            }
        }
    }
    (None, None)
}

/// A section row's meaning: "一、行政许可（11项）", "基本履职事项", or a category of duties
/// ("（一）党的建设（28项）"), whose text is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Section {
    Part(Part),
    Type(String),
    Category(String),
}

/// A section title without its numbering and count: "二、配合履职事项（共37项）" →
/// ("配合履职事项", Some(37)).
pub fn section_title(text: &str) -> (String, Option<usize>) {
    let t = squash(text);
    let t = strip_enumerator(&t);
    let (before, declared) = sheet_declaration(t);
    let t = before.as_deref().unwrap_or(t);
    let t = t.trim_end_matches(['：', ':']);
    (t.to_string(), declared)
}

fn section_of(text: &str) -> Option<Section> {
    let (t, _) = section_title(text);
    let t = t.trim_end_matches("清单");
    if let Some(part) = part_named(t) {
        return Some(Section::Part(part));
    }
    PowerType::parse(t).official.map(|_| Section::Type(t.to_string()))
}

/// The part a title names ("配合履职事项清单（99项）", "塘溪镇上级部门收回事项清单"): exactly one
/// part's name, or its usual short forms, in the text.
pub fn part_named(text: &str) -> Option<Part> {
    let t = squash(text);
    let found: Vec<Part> = Part::ALL
        .into_iter()
        .filter(|p| {
            let forms: &[&str] = match p {
                Part::Basic => &["基本履职事项", "基本职责事项", "基本履职清单", "基本履职"],
                Part::Support => &["配合履职事项", "配合职责事项", "配合履职清单", "配合履职"],
                Part::Recalled => &["上级部门收回事项", "收回事项", "上级收回", "收回履职事项"],
            };
            forms.iter().any(|f| t.contains(f))
        })
        .collect();
    match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// A lone row that may title a group of items: short, not a note, not a list's title.
fn category_title(text: &str) -> Option<(String, Option<usize>)> {
    let (t, declared) = section_title(text);
    let n = t.chars().count();
    let looks = (2..=20).contains(&n)
        && !NOTE_STARTS.iter().any(|s| t.starts_with(s))
        && !t.contains(['：', ':', '。', '；'])
        && !["清单", "目录", "附件", "部门名称", "单位"].iter().any(|w| t.contains(w));
    looks.then_some((t, declared))
}

/// "一、" "（一）" "1." "第一部分" at the start of a title.
pub fn strip_enumerator(t: &str) -> &str {
    let numerals = "0123456789一二三四五六七八九十百";
    let mut rest = t;
    if let Some(r) = rest.strip_prefix('第') {
        let end = r.char_indices().find(|(_, c)| !numerals.contains(*c)).map(|(i, _)| i).unwrap_or(r.len());
        if end > 0 {
            let after = &r[end..];
            if let Some(a) =
                after.strip_prefix("部分").or_else(|| after.strip_prefix('类')).or_else(|| after.strip_prefix('章'))
            {
                return a.trim_start_matches(['、', '：', ':', '.']);
            }
        }
    }
    rest = rest.trim_start_matches(['（', '(']);
    let end = rest.char_indices().find(|(_, c)| !numerals.contains(*c)).map(|(i, _)| i).unwrap_or(rest.len());
    if end == 0 {
        return t;
    }
    let after = rest[end..].trim_start_matches(['）', ')']);
    match after.chars().next() {
        Some('、' | '.' | '．' | '：' | ':' | ' ') => {
            &after[after.chars().next().map(char::len_utf8).unwrap_or(0)..]
        }
        _ if after.len() < rest[end..].len() => after,
        _ => t,
    }
}

/// Words that open a note or signature line under a table.
const NOTE_STARTS: [&str; 10] = ["备注", "注：", "注:", "说明", "附注", "填表人", "审核人", "制表", "填报人", "联系人"];

pub fn read(sheet: &Sheet, header: &Header, place: &Place, diags: &mut Vec<Diagnostic>) -> SheetRows {
    let width = header.columns.len().max(sheet.width());
    let start = header.data_start();
    let number_col = header.column("number");
    let name_col = header.name_column();
    let (sheet_type, declared) = sheet_declaration(&sheet.name);

    let mut notes: Vec<Note> = (0..header.row.min(sheet.rows.len()))
        .flat_map(|r| (0..sheet.rows[r].len()).map(move |c| (r, c)))
        .filter(|&(r, c)| !sheet.text(r, c).trim().is_empty())
        .map(|(r, c)| Note { row: r, col: c, text: sheet.text(r, c).trim().to_string(), above_header: true })
        .collect();

    // Vertical merges in the data: their top text, for each cell below it.
    let mut filled: std::collections::HashMap<(usize, usize), usize> = std::collections::HashMap::new();
    for m in sheet.merges.iter().filter(|m| m.top >= start && m.bottom > m.top) {
        for r in m.top + 1..=m.bottom {
            filled.insert((r, m.left), m.top);
        }
    }
    let value = |r: usize, c: usize| -> &str {
        let own = sheet.text(r, c).trim();
        if !own.is_empty() {
            return own;
        }
        filled.get(&(r, c)).map(|&top| sheet.text(top, c).trim()).unwrap_or("")
    };
    let wide_merges: std::collections::HashSet<(usize, usize)> =
        sheet.merges.iter().filter(|m| m.right >= m.left + 2).map(|m| (m.top, m.left)).collect();
    let header_keys: Vec<String> = (0..width).map(|c| header::normalise(sheet.text(header.row, c))).collect();

    let mut records: Vec<Record> = Vec::new();
    let mut sections: Vec<SectionRow> = Vec::new();
    let mut rows_read = 0;
    let mut section_part = None;
    let mut section_type: Option<String> = None;
    let mut section_category: Option<String> = None;
    // A lone row that may title the items under it; a note if none follow.
    let mut pending: Option<SectionRow> = None;
    for r in start..sheet.rows.len() {
        let nonempty: Vec<usize> = (0..width).filter(|&c| !sheet.text(r, c).trim().is_empty()).collect();
        if nonempty.is_empty() {
            continue;
        }
        rows_read += 1;
        // A header repeated on every printed page.
        let repeats = nonempty
            .iter()
            .filter(|&&c| !header_keys[c].is_empty() && header::normalise(sheet.text(r, c)) == header_keys[c])
            .count();
        if repeats >= 3 && repeats * 2 >= nonempty.len() {
            continue;
        }
        let first = nonempty[0];
        let first_text = sheet.text(r, first).trim();
        let name_empty = name_col.is_none_or(|c| value(r, c).is_empty());
        if nonempty.len() == 1 && standalone(sheet, &wide_merges, r, first, number_col, name_col) {
            if let Some(p) = pending.take() {
                notes.push(Note { row: p.row, col: p.col, text: p.text, above_header: false });
            }
            let (_, declared) = section_title(first_text);
            let section =
                |meaning| SectionRow { row: r, col: first, text: first_text.to_string(), meaning, declared, items: 0 };
            match section_of(first_text) {
                Some(Section::Part(p)) => {
                    section_part = Some(p);
                    section_type = None;
                    section_category = None;
                    sections.push(section(Section::Part(p)));
                }
                Some(Section::Type(t)) => {
                    section_type = Some(t.clone());
                    sections.push(section(Section::Type(t)));
                }
                _ => match category_title(first_text) {
                    Some((title, _)) => pending = Some(section(Section::Category(title))),
                    None => notes.push(Note { row: r, col: first, text: first_text.to_string(), above_header: false }),
                },
            }
            continue;
        }
        if name_empty && NOTE_STARTS.iter().any(|s| first_text.starts_with(s)) {
            if let Some(p) = pending.take() {
                notes.push(Note { row: p.row, col: p.col, text: p.text, above_header: false });
            }
            for &c in &nonempty {
                notes.push(Note { row: r, col: c, text: sheet.text(r, c).trim().to_string(), above_header: false });
            }
            continue;
        }

        let number = number_col.map(|c| normalise_number(value(r, c))).unwrap_or_default();
        let name = name_col.map(|c| squash(value(r, c))).unwrap_or_default();
        let continues = match records.last() {
            None => false,
            Some(cur) if name.is_empty() => {
                let cur_number = normalise_number(cur.first(number_col));
                if !number.is_empty() && number != cur_number {
                    let c = number_col.unwrap_or(0);
                    diags.push(
                        place
                            .warn(
                                r,
                                c,
                                format!("这一行有序号“{number}”但没有事项名称，已并入上一项（序号“{cur_number}”）"),
                            )
                            .hint("如果这是一个单独的事项，请在原表补上事项名称后重新导入"),
                    );
                }
                true
            }
            Some(cur) => {
                squash(cur.first(name_col)) == name
                    && (number.is_empty() || normalise_number(cur.first(number_col)) == number)
            }
        };
        if !continues {
            if name.is_empty() {
                diags.push(
                    place
                        .warn(r, name_col.unwrap_or(first), "事项名称为空")
                        .hint("在原表补上事项名称后重新导入；否则 qingdan check 会报告缺少 name"),
                );
            }
            if let Some(p) = pending.take() {
                if let Section::Category(c) = &p.meaning {
                    section_category = Some(c.clone());
                }
                sections.push(p);
            }
            let mut record = Record::new(r, width);
            record.section_part = section_part;
            record.section_type = section_type.clone();
            record.section_category = section_category.clone();
            records.push(record);
            // The innermost section of each kind the item is under, to count them.
            for kind in 0..3 {
                let is = |s: &Section| {
                    matches!((kind, s), (0, Section::Part(_)) | (1, Section::Type(_)) | (2, Section::Category(_)))
                };
                if let Some(i) = sections.iter().rposition(|s| is(&s.meaning)) {
                    let current = match &sections[i].meaning {
                        Section::Part(p) => section_part == Some(*p),
                        Section::Type(t) => section_type.as_ref() == Some(t),
                        Section::Category(c) => section_category.as_ref() == Some(c),
                    };
                    if current {
                        records.last_mut().expect("just pushed").sections.push(i);
                    }
                }
            }
        }
        let record = records.last_mut().expect("a record exists");
        for c in 0..width {
            let v = value(r, c).to_string();
            record.add(c, &v, r);
        }
        for &c in &nonempty {
            if sheet.cell(r, c).is_some_and(|cell| cell.kind == Kind::Error) {
                diags.push(
                    place
                        .warn(r, c, format!("单元格是公式错误“{}”，已按原文保留", sheet.text(r, c)))
                        .hint("在 Excel/WPS 中修正公式后重新导入"),
                );
            }
        }
    }

    if let Some(p) = pending.take() {
        notes.push(Note { row: p.row, col: p.col, text: p.text, above_header: false });
    }
    let records = split_numbered(records, header, place, diags);
    for r in &records {
        for &i in &r.sections {
            sections[i].items += 1;
        }
    }
    for col in header.columns.iter().filter(|c| c.unlabeled) {
        if let Some((_, row)) = records.iter().flat_map(|r| r.values[col.index].iter()).next() {
            diags.push(
                place
                    .warn(
                        *row,
                        col.index,
                        format!("{}没有表头，其中的内容已按“{}”保存在事项的其他列（extra）中", col.label, col.label),
                    )
                    .hint("如果这一列有意义，请在原表补上表头后重新导入；如果是无关内容（如下拉选项），可以删除这一列"),
            );
        }
    }
    for col in header.columns.iter().filter(|c| c.inherited) {
        if let Some((_, row)) = records.iter().flat_map(|r| r.values[col.index].iter()).next() {
            diags.push(
                place
                    .warn(
                        header.row,
                        col.index,
                        format!(
                            "{}列没有表头，按左边一列的“{}”处理（两列内容合并）",
                            super::grid::column_name(col.index),
                            col.label
                        ),
                    )
                    .hint(format!(
                        "原表中“{}”可能跨两列（第一处内容在 {}）；如果不是，请在原表补上这一列的表头后重新导入",
                        col.label,
                        super::grid::cell_name(*row, col.index)
                    )),
            );
        }
    }
    for col in header.columns.iter().filter(|c| c.duplicate) {
        diags.push(
            place
                .warn(
                    header.row,
                    col.index,
                    format!("“{}”与前面的列含义相同，这一列保存在其他列（extra）中", col.label),
                )
                .hint("检查是否有重复的列"),
        );
    }
    SheetRows { records, sections, rows_read, notes, declared, sheet_type }
}

/// A lone cell that is not part of an item: a title merged across the table, or text in the
/// 序号 (or first) column where no item has a number like that.
fn standalone(
    sheet: &Sheet,
    wide_merges: &std::collections::HashSet<(usize, usize)>,
    r: usize,
    c: usize,
    number_col: Option<usize>,
    name_col: Option<usize>,
) -> bool {
    let wide = wide_merges.contains(&(r, c));
    let text = sheet.text(r, c).trim();
    let numeric = sheet.cell(r, c).is_some_and(|cell| cell.kind == Kind::Number)
        || several_numbers(text).is_some()
        || text.chars().all(|ch| ch.is_ascii_digit() || ch == '.');
    let in_number_col = Some(c) == number_col || (c == 0 && name_col != Some(0));
    let enumerated = text.starts_with(|ch: char| "一二三四五六七八九十（(第".contains(ch))
        && strip_enumerator(&squash(text)).len() < squash(text).len()
        && category_title(text).is_some();
    wide || (in_number_col && !numeric) || (Some(c) == name_col && (section_of(text).is_some() || enumerated))
}

/// Splits records whose 序号 lists several items ("2,3") into one record per number. When the
/// name enumerates exactly that many parts ("…（两项：甲、乙）"), each gets its part as name.
fn split_numbered(records: Vec<Record>, header: &Header, place: &Place, diags: &mut Vec<Diagnostic>) -> Vec<Record> {
    let (Some(number_col), name_col) = (header.column("number"), header.name_column()) else { return records };
    let mut out = Vec::with_capacity(records.len());
    for record in records {
        let Some(numbers) = several_numbers(record.first(Some(number_col))) else {
            out.push(record);
            continue;
        };
        let original_number = record.first(Some(number_col)).to_string();
        let original_name = record.first(name_col).to_string();
        let names = enumerated_names(&original_name).filter(|n| n.len() == numbers.len());
        diags.push(
            place
                .warn(
                    record.row,
                    number_col,
                    match &names {
                        Some(n) => format!(
                            "序号“{original_number}”表示 {} 项，已按名称中列出的“{}”拆分为 {} 项",
                            numbers.len(),
                            n.join("”“"),
                            numbers.len()
                        ),
                        None => format!(
                            "序号“{original_number}”表示 {} 项，已拆分为 {} 个同名事项",
                            numbers.len(),
                            numbers.len()
                        ),
                    },
                )
                .hint("原表的序号和事项名称保存在每项的“原表序号”“原表事项名称”中；请核对拆分结果"),
        );
        for (i, number) in numbers.iter().enumerate() {
            let mut part = record.clone();
            part.values[number_col] = vec![(number.clone(), record.row)];
            if let (Some(c), Some(names)) = (name_col, &names) {
                part.values[c] = vec![(names[i].clone(), record.row)];
            }
            part.split_from = Some((original_number.clone(), original_name.clone()));
            out.push(part);
        }
    }
    out
}

/// "农业植物检疫证书签发（两项：农业植物检疫证书核发、农业植物产地检疫合格证签发）" →
/// the two names listed after "项：".
fn enumerated_names(name: &str) -> Option<Vec<String>> {
    let open = name.rfind(['（', '('])?;
    let inner = name[open..].trim_start_matches(['（', '(']).trim_end_matches(['）', ')']);
    let (_, list) =
        inner.split_once("项：").or_else(|| inner.split_once("项:")).or_else(|| inner.split_once("包括"))?;
    let names: Vec<String> =
        list.split(['、', '，', ',', '；', ';']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    (names.len() >= 2).then_some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_as_published() {
        assert_eq!(normalise_number("1.0"), "1");
        assert_eq!(normalise_number(" 12 "), "12");
        assert_eq!(normalise_number("1.5"), "1.5");
        assert_eq!(several_numbers("2,3"), Some(vec!["2".into(), "3".into()]));
        assert_eq!(several_numbers("2、3、4"), Some(vec!["2".into(), "3".into(), "4".into()]));
        assert_eq!(several_numbers("5-7"), Some(vec!["5".into(), "6".into(), "7".into()]));
        assert_eq!(several_numbers("1.0"), None);
        assert_eq!(several_numbers("一"), None);
    }

    #[test]
    fn reads_declared_counts_from_sheet_names() {
        assert_eq!(sheet_declaration("行政处罚（254项）"), (Some("行政处罚".into()), Some(254)));
        assert_eq!(sheet_declaration("行政征收（ 1 项）"), (Some("行政征收".into()), Some(1)));
        assert_eq!(sheet_declaration("行政检查（ 17项）"), (Some("行政检查".into()), Some(17)));
        assert_eq!(sheet_declaration("其他行政权力(3项)"), (Some("其他行政权力".into()), Some(3)));
        assert_eq!(sheet_declaration("Sheet1"), (None, None));
    }

    #[test]
    fn recognises_sections_and_enumerated_names() {
        assert!(matches!(section_of("一、行政许可（11项）"), Some(Section::Type(t)) if t == "行政许可"));
        assert!(matches!(section_of("（二）行政 处罚"), Some(Section::Type(_))));
        assert!(matches!(section_of("二、配合履职事项清单"), Some(Section::Part(Part::Support))));
        assert!(section_of("备注：包括市、区两级").is_none());
        assert_eq!(strip_enumerator("第一部分 基本履职事项".replace(' ', "").as_str()), "基本履职事项");
        assert_eq!(
            enumerated_names("植物检疫证书签发（两项：农业植物检疫证书核发、农业植物产地检疫合格证签发）"),
            Some(vec!["农业植物检疫证书核发".to_string(), "农业植物产地检疫合格证签发".to_string()])
        );
        assert_eq!(enumerated_names("种子生产经营许可证核发（农作物种子生产经营许可）"), None);
    }
}

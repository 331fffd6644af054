//! From records to model items: each column's text to its field, cleaned the way the field
//! needs; references (承办机构, 办理窗口, 相关部门, 指导目录事项) only where the site knows
//! them, else kept under the original header in `extra` so that `qingdan check` passes; and
//! every column the model has no field for kept in `extra`, never dropped.

use super::header::Header;
use super::report::Place;
use super::rows::{normalise_number, squash, Record};
use crate::diag::Diagnostic;
use crate::model::{
    Basis, Body, BodyKind, Date, Field, Item, Kind, Located, OfficialType, Origin, Part, PowerType, Responsible, Site,
    Span, Status, SubItem,
};
use std::collections::{HashMap, HashSet};

/// What the site already defines, for resolving references.
pub struct Refs<'a> {
    pub site: &'a Site,
    /// The body the list belongs to, when its file exists.
    pub body: Option<&'a Body>,
}

/// An item before codes are assigned (codes must be unique over all files).
pub struct Draft {
    pub item: Item,
    /// 事项编码 as published, with where it was.
    pub published_code: Option<(String, usize, usize)>,
    pub place: Place,
}

/// Fields shown on one line (`Kind::Line` and the other short kinds): line breaks and spaces
/// inside them are layout, not content ("对拒绝\n配合统\n计调查" in a narrow column).
fn one_line(field: &str) -> bool {
    match Field::from_key(field).map(|f| f.spec().kind) {
        Some(Kind::Line | Kind::Choice(_) | Kind::Date | Kind::PowerType) => true,
        Some(_) => false,
        None => field.ends_with("_code"),
    }
}

/// Values that mean "none" in a 子项名称 cell.
pub(super) const NONE_MARKS: [&str; 8] = ["无", "/", "-", "—", "——", "无子项", "无子项目", "－"];

/// Fields that do not apply to a part (as declared in `model::field`): kept in extra for real
/// lists, whose "部门职责" in a power list is the department's own duty, not a 配合 duty.
fn inapplicable(part: Part) -> impl Iterator<Item = &'static str> {
    Field::ALL.iter().filter(move |f| !f.spec().parts.has(part)).map(|f| f.key())
}

/// Removes whitespace that is only layout: between two Chinese characters, or at either end;
/// other runs of whitespace become one space ("ISO 9001" stays).
pub fn clean_line(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let Some(&before) = start.checked_sub(1).and_then(|b| chars.get(b)) else { continue };
            let after = chars.get(i).copied().unwrap_or(' ');
            if before.is_ascii() && after.is_ascii() {
                out.push(' ');
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Long text keeps its lines; only Windows line ends and the ends are tidied.
pub(super) fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n").trim().to_string()
}

/// Long text from a publisher's sheet: as `clean_text`, and text wrapped by hand to fit a
/// column ("负责\n市本\n级拒\n绝配", or every line cut at the same width) is joined again.
/// A line break stays where a numbered line, a 【tag】 or an article ("第三条") starts, or where
/// the line before ends a clause (：；。).
pub(super) fn clean_published(text: &str) -> String {
    let text = clean_text(text);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() < 3 {
        return text;
    }
    let mut lengths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    lengths.sort_unstable();
    let median = lengths[lengths.len() / 2];
    let max = lengths[lengths.len() - 1];
    let at_width = lengths.iter().filter(|&&n| n + 2 >= max).count();
    let wrapped = median <= 8 || (max <= 40 && at_width * 2 >= lines.len() && at_width >= 3);
    if !wrapped {
        return text;
    }
    let mut paragraphs: Vec<String> = Vec::new();
    for line in lines {
        let breaks = paragraphs.last().is_none_or(|p| p.ends_with(['：', ':', '；', ';', '。', '！', '？']))
            || starts_numbered(line)
            || line.starts_with(['【', '第']);
        match paragraphs.last_mut() {
            Some(p) if !breaks => {
                if p.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && line.starts_with(|c: char| c.is_ascii_alphanumeric())
                {
                    p.push(' ');
                }
                p.push_str(line);
            }
            _ => paragraphs.push(line.to_string()),
        }
    }
    paragraphs.iter().map(|p| clean_line(p)).collect::<Vec<_>>().join("\n")
}

/// A sub-item cell: one entry per numbered line ("1.…\n2.…", also "1.甲；2.乙" on one line);
/// other line breaks are layout.
fn split_sub_items(text: &str, verbatim: bool) -> Vec<String> {
    let text = clean_text(text);
    if verbatim {
        return text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    }
    let mut entries: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()).flat_map(split_enumerated) {
        if entries.is_empty() || starts_numbered(&line) {
            entries.push(line);
        } else if let Some(last) = entries.last_mut() {
            last.push('\n');
            last.push_str(&line);
        }
    }
    entries.into_iter().map(|e| clean_line(&e)).filter(|e| !NONE_MARKS.contains(&e.as_str())).collect()
}

/// "1.甲；2.乙；3.丙" → one entry per number, when a line starting with 1 goes on to 2, 3 …
/// after a separator; any other line is one entry.
fn split_enumerated(line: &str) -> Vec<String> {
    let markers =
        |n: usize| [format!("{n}."), format!("{n}、"), format!("{n}．"), format!("（{n}）"), format!("({n})")];
    if !markers(1).iter().any(|m| line.starts_with(m.as_str())) {
        return vec![line.to_string()];
    }
    let mut out = Vec::new();
    let mut rest = line;
    let mut n = 2;
    loop {
        let next = markers(n)
            .iter()
            .filter_map(|m| {
                rest.match_indices(m.as_str())
                    .map(|(i, _)| i)
                    .find(|&i| i > 0 && rest[..i].ends_with(|c: char| c.is_whitespace() || "；;，,。".contains(c)))
            })
            .min();
        match next {
            Some(i) => {
                out.push(rest[..i].trim().trim_end_matches(['；', ';', '，', ',']).to_string());
                rest = &rest[i..];
                n += 1;
            }
            None => {
                out.push(rest.trim().to_string());
                return out;
            }
        }
    }
}

/// Words that end the name of a unit (承办机构, 行使主体 …).
const UNIT_ENDS: [&str; 22] = [
    "办公室",
    "办",
    "室",
    "科",
    "股",
    "队",
    "中心",
    "站",
    "所",
    "局",
    "委",
    "院",
    "部",
    "处",
    "厅",
    "组",
    "会",
    "政府",
    "街道",
    "镇",
    "乡",
    "公司",
];

fn is_unit(line: &str) -> bool {
    let l = line.trim().trim_end_matches(['、', '，', ',', '；', ';']).trim();
    l.chars().count() >= 3 && UNIT_ENDS.iter().any(|e| l.ends_with(e))
}

/// A short field's cell: its line breaks are layout ("政策法\n规科" in a narrow column) unless
/// each line is an entry of its own: numbered lines ("1.…\n2.…"), or a unit on each line
/// ("党政办公室\n综合行政执法队"), which keep a line each.
pub fn clean_short(text: &str) -> String {
    let text = clean_text(text);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() >= 2 {
        if starts_numbered(lines[0]) && lines.iter().filter(|l| starts_numbered(l)).count() >= 2 {
            let mut entries: Vec<String> = Vec::new();
            for line in &lines {
                match entries.last_mut() {
                    Some(last) if !starts_numbered(line) => last.push_str(line),
                    _ => entries.push(line.to_string()),
                }
            }
            return entries.iter().map(|e| clean_line(e)).collect::<Vec<_>>().join("\n");
        }
        if lines.iter().all(|l| is_unit(l)) {
            return lines
                .iter()
                .map(|l| clean_line(l.trim_end_matches(['、', '，', ',', '；', ';'])))
                .collect::<Vec<_>>()
                .join("\n");
        }
    }
    clean_line(&text)
}

/// "1." "2、" "（3）" "①" "一、" at the start of a line.
fn starts_numbered(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(first) = chars.next() else { return false };
    if ('①'..='⑳').contains(&first) {
        return true;
    }
    let rest = super::rows::strip_enumerator(line);
    rest.len() < line.len() && (first.is_ascii_digit() || "一二三四五六七八九十（(".contains(first))
}

/// Turns one sheet's records into drafts.
/// What the sheet says of all its items: the 权力类型 and the part its name (or title) gives.
#[derive(Clone, Copy, Default)]
pub struct SheetFacts<'a> {
    pub sheet_type: Option<&'a str>,
    pub part: Option<Part>,
    /// A power list (a department's 权责清单), whose items all have a 权力类型.
    pub powers: bool,
}

pub fn build(
    records: &[Record],
    header: &Header,
    facts: SheetFacts,
    refs: &Refs,
    place: &Place,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Draft> {
    let verbatim = header.is_qingdan_format();
    let mut unresolved: HashMap<&'static str, (usize, usize, String, usize)> = HashMap::new();
    let mut drafts = Vec::with_capacity(records.len());
    for record in records {
        let mut cx = RecordCx { record, header, verbatim, own: HashMap::new() };
        let subs = sub_item_fields(&cx);
        cx.own = subs.own.clone();
        drafts.push(build_one(&cx, subs.sub_items, facts, refs, place, diags, &mut unresolved));
    }
    // One warning per unresolved reference column, not one per item.
    let mut unresolved: Vec<_> = unresolved.into_iter().collect();
    unresolved.sort_by_key(|(_, (row, col, _, _))| (*row, *col));
    for (field, (row, col, label, count)) in unresolved {
        let (what, hint) = match field {
            "office" => (
                "本主体的内设机构",
                "在主体文件的 [[offices]] 中添加这些机构后重新导入（加 --force），即可作为承办机构关联".to_string(),
            ),
            "window" => (
                "便民服务中心的窗口",
                "在主体文件的 [[service_center.windows]] 中添加窗口后重新导入（加 --force）".to_string(),
            ),
            "department" => (
                "站点中的县直部门",
                "先在 content/bodies/ 中添加这些部门（kind = \"部门\"），再重新导入（加 --force）".to_string(),
            ),
            "guidance" => ("指导目录中的事项编号", "指导目录事项编号见 content/guidance/ 中的 id".to_string()),
            _ => ("本站点中的对象", String::new()),
        };
        diags.push(
            place
                .warn(
                    row,
                    col,
                    format!("“{label}”列有 {count} 项的内容不是{what}，已按原文保存在其他列（extra）的“{label}”中"),
                )
                .hint(hint),
        );
    }
    drafts
}

struct RecordCx<'a> {
    record: &'a Record,
    header: &'a Header,
    verbatim: bool,
    /// The item's own text of the fields its sub-items have their own values of.
    own: HashMap<&'static str, Option<String>>,
}

impl RecordCx<'_> {
    /// Every (text, row, col) of the columns that fill `field`, in column then row order.
    fn raw(&self, field: &str) -> Vec<(String, usize, usize)> {
        self.header
            .columns
            .iter()
            .filter(|c| c.field == Some(field))
            .flat_map(|c| self.record.values[c.index].iter().map(move |(t, r)| (t.clone(), *r, c.index)))
            .collect()
    }

    /// The field's text: distinct values joined by line breaks, cleaned for the field; for a
    /// field its sub-items have their own values of, what the item itself says.
    fn text(&self, field: &str) -> Option<String> {
        if let Some(own) = self.own.get(field) {
            return own.clone();
        }
        self.joined(field, self.raw(field).into_iter().map(|(t, _, _)| t))
    }

    /// Texts of a field's cells, cleaned as the field needs, the same ones once.
    fn joined(&self, field: &str, texts: impl Iterator<Item = String>) -> Option<String> {
        let one_line = one_line(field) && !self.verbatim;
        let short = one_line && Field::from_key(field).is_some_and(|f| f.spec().kind == Kind::Line);
        // Departments and sub-items are one per line: their lines are never layout.
        let listed = !self.verbatim
            && (Field::from_key(field).is_some_and(|f| matches!(f.spec().kind, Kind::Departments | Kind::Lines))
                || field.ends_with("_code"));
        let mut values: Vec<String> = Vec::new();
        for t in texts {
            let v = if listed {
                clean_text(&t).lines().map(clean_line).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
            } else if short {
                clean_short(&t)
            } else if one_line {
                clean_line(&t)
            } else if self.verbatim {
                clean_text(&t)
            } else {
                clean_published(&t)
            };
            if !v.is_empty() && !values.iter().any(|x| squash(x) == squash(&v)) {
                values.push(v);
            }
        }
        (!values.is_empty()).then(|| values.join("\n"))
    }

    /// Where the field's first value is (row, col), else the item's first row.
    fn at(&self, field: &str) -> (usize, usize) {
        self.raw(field)
            .first()
            .map(|(_, r, c)| (*r, *c))
            .unwrap_or((self.record.row, self.header.column(field).unwrap_or(0)))
    }

    fn label(&self, field: &str) -> String {
        self.header
            .columns
            .iter()
            .find(|c| c.field == Some(field))
            .map(|c| c.label.clone())
            .unwrap_or_else(|| field.to_string())
    }
}

/// What an item's sub-items have of their own, and what the item then says itself.
struct SubItems {
    sub_items: Vec<SubItem>,
    own: HashMap<&'static str, Option<String>>,
}

/// Per-sub-item fields. In a publisher's sheet, an item whose sub-items each start their own
/// rows ("1.新建…审批" on rows 4–5, "2.…易地建设审批" on rows 6–7) and whose other columns
/// differ between those rows: each sub-item keeps what its rows say, the item what rows
/// before the first sub-item say. In qingdan's own format, the paragraphs `Item::text`
/// writes ("子项名称：…") are read back.
fn sub_item_fields(cx: &RecordCx) -> SubItems {
    let mut out = SubItems { sub_items: Vec::new(), own: HashMap::new() };
    let per_sub: Vec<Field> = Field::ALL.iter().copied().filter(|f| f.per_sub_item()).collect();
    if cx.verbatim {
        let names: Vec<String> = cx.raw("sub_items").iter().flat_map(|(t, _, _)| split_sub_items(t, true)).collect();
        if names.is_empty() {
            return out;
        }
        for f in per_sub {
            let Some(text) = cx.joined(f.key(), cx.raw(f.key()).into_iter().map(|(t, _, _)| t)) else { continue };
            let mut own: Vec<&str> = Vec::new();
            let mut current: Option<usize> = None;
            let mut values: Vec<(usize, String)> = Vec::new();
            for line in text.split('\n') {
                let start =
                    names.iter().position(|n| line.strip_prefix(n.as_str()).is_some_and(|r| r.starts_with('：')));
                match (start, current) {
                    (Some(i), _) if !values.iter().any(|(j, _)| *j == i) => {
                        current = Some(i);
                        values.push((i, line[names[i].len() + '：'.len_utf8()..].to_string()));
                    }
                    (_, Some(_)) => {
                        let last = values.last_mut().expect("a sub-item started");
                        last.1.push('\n');
                        last.1.push_str(line);
                    }
                    (_, None) => own.push(line),
                }
            }
            if values.is_empty() {
                continue;
            }
            out.own.insert(f.key(), (!own.is_empty()).then(|| own.join("\n")));
            for (i, v) in values {
                sub_item(&mut out.sub_items, &names[i]).fields.push((f, v));
            }
        }
    } else {
        // Each sub-item's first row, in order; a cell naming several sub-items cannot say
        // which rows are whose.
        let mut starts: Vec<(String, usize)> = Vec::new();
        for (t, row) in cx
            .header
            .columns
            .iter()
            .filter(|c| c.field == Some("sub_items"))
            .flat_map(|c| cx.record.all[c.index].iter())
        {
            let names = split_sub_items(t, false);
            match names.as_slice() {
                [] => {}
                [one] => {
                    if !starts.iter().any(|(n, _)| n == one) {
                        starts.push((one.clone(), *row));
                    }
                }
                _ => return out,
            }
        }
        starts.sort_by_key(|(_, r)| *r);
        if starts.len() < 2 {
            return out;
        }
        let range = |i: usize| starts[i].1..starts.get(i + 1).map(|(_, r)| *r).unwrap_or(usize::MAX);
        for f in per_sub {
            let cells: Vec<(String, usize)> = cx
                .header
                .columns
                .iter()
                .filter(|c| c.field == Some(f.key()))
                .flat_map(|c| cx.record.all[c.index].iter().cloned())
                .collect();
            let within = |rows: std::ops::Range<usize>| {
                cx.joined(f.key(), cells.iter().filter(|(_, r)| rows.contains(r)).map(|(t, _)| t.clone()))
            };
            let own = within(0..starts[0].1);
            let values: Vec<Option<String>> = (0..starts.len()).map(|i| within(range(i))).collect();
            if values.iter().all(|v| v == &values[0]) {
                continue;
            }
            out.own.insert(f.key(), own);
            for (i, v) in values.into_iter().enumerate() {
                if let Some(v) = v {
                    sub_item(&mut out.sub_items, &starts[i].0).fields.push((f, v));
                }
            }
        }
        // In sub-item order, as `sub_items` lists them.
        let order: Vec<&String> = starts.iter().map(|(n, _)| n).collect();
        out.sub_items.sort_by_key(|s| order.iter().position(|n| **n == s.name));
    }
    out
}

fn sub_item<'a>(list: &'a mut Vec<SubItem>, name: &str) -> &'a mut SubItem {
    match list.iter().position(|s| s.name == name) {
        Some(i) => &mut list[i],
        None => {
            list.push(SubItem { name: name.to_string(), fields: Vec::new() });
            list.last_mut().expect("just pushed")
        }
    }
}

fn build_one(
    cx: &RecordCx,
    sub_item_fields: Vec<SubItem>,
    facts: SheetFacts,
    refs: &Refs,
    place: &Place,
    diags: &mut Vec<Diagnostic>,
    unresolved: &mut HashMap<&'static str, (usize, usize, String, usize)>,
) -> Draft {
    let record = cx.record;
    let mut to_extra: Vec<&'static str> = Vec::new();
    let mut extra_notes: Vec<(String, String)> = Vec::new();

    let part = match cx.text("part") {
        Some(t) => match parse_part(&t) {
            Some(p) => p,
            None => {
                let (r, c) = cx.at("part");
                diags.push(
                    place
                        .warn(r, c, format!("无法识别清单部分“{t}”，按基本履职事项导入"))
                        .hint("清单部分应为：基本履职事项、配合履职事项、上级部门收回事项"),
                );
                to_extra.push("part");
                Part::Basic
            }
        },
        None => record.section_part.or(facts.part).unwrap_or(Part::Basic),
    };

    let number = cx.text("number").map(|n| normalise_number(&n));
    let name = cx.text("name").unwrap_or_default();

    let mut sub_items: Vec<String> = Vec::new();
    for (t, _, _) in cx.raw("sub_items") {
        for s in split_sub_items(&t, cx.verbatim) {
            if !sub_items.contains(&s) {
                sub_items.push(s);
            }
        }
    }

    let power_type =
        power_type(cx, facts.powers, facts.sheet_type, record.section_type.as_deref(), place, diags, &mut to_extra);

    let basis = cx.text("basis").unwrap_or_default();

    // References: kept only where the site defines them.
    let body = refs.body;
    let mut reference = |field: &'static str, known: &dyn Fn(&str) -> Option<String>| -> Option<Located<String>> {
        let text = cx.text(field)?;
        match known(&text) {
            Some(v) => Some(Located::new(v, Span::default())),
            None => {
                let (r, c) = cx.at(field);
                let entry = unresolved.entry(field).or_insert((r, c, cx.label(field), 0));
                entry.3 += 1;
                to_extra.push(field);
                None
            }
        }
    };
    let office = reference("office", &|t| body.and_then(|b| b.office(t)).map(|o| o.name.value.clone()));
    let window = reference("window", &|t| body.and_then(|b| b.window(t)).map(|w| w.name.value.clone()));
    let guidance = reference("guidance", &|t| {
        refs.site.catalogs.iter().flat_map(|c| c.items.iter()).find(|i| i.id.value == t).map(|i| i.id.value.clone())
    });
    let departments = departments(cx, part, refs, place, diags, unresolved, &mut to_extra);
    let assigned_by = match cx.text("assigned_by_code").or_else(|| cx.text("assigned_by")) {
        None => None,
        Some(t) => match find_department(refs.site, &t) {
            Some(code) => Some(Located::new(code, Span::default())),
            None => {
                to_extra.push("assigned_by");
                None
            }
        },
    };

    let origin = match cx.text("origin") {
        Some(t) => match parse_origin(&t) {
            Some(o) => Some(o),
            None => {
                let (r, c) = cx.at("origin");
                to_extra.push("origin");
                diags.push(
                    place
                        .warn(r, c, format!("无法识别来源“{t}”，已保存在其他列中"))
                        .hint("来源应为：法定、下放、委托、延伸"),
                );
                None
            }
        },
        None => None,
    };
    if let (Some(o), []) = (origin, departments.as_slice()) {
        if part == Part::Basic && o.needs_department() {
            let (r, c) = cx.at("origin");
            diags.push(
                place
                    .warn(r, c, format!("{}事项“{name}”没有写来源部门", o.name()))
                    .hint("导入后请在清单文件中补上 department（部门代码），否则 qingdan check 会报错"),
            );
        }
    }

    let status = match cx.text("status") {
        None => Status::Active,
        Some(t) => match parse_status(&t) {
            Some(s) => s,
            None => {
                let (r, c) = cx.at("status");
                to_extra.push("status");
                diags.push(
                    place
                        .warn(r, c, format!("无法识别状态“{t}”，按“实施”导入，原文保存在其他列中"))
                        .hint("状态应为：实施、暂缓"),
                );
                Status::Active
            }
        },
    };

    let recalled_on = match cx.text("recalled_on") {
        None => None,
        Some(t) => match Date::parse(&t) {
            Some(d) => Some(d),
            None => {
                let (r, c) = cx.at("recalled_on");
                to_extra.push("recalled_on");
                diags.push(
                    place
                        .warn(r, c, format!("收回时间“{t}”不是有效日期，已保存在其他列中"))
                        .hint("日期写作 2025-10-01"),
                );
                None
            }
        },
    };

    // Fields that do not apply to the part are kept as extras in publishers' own lists (their
    // "部门职责" is the department's own duty, not the supporting part's).
    if !cx.verbatim {
        for f in inapplicable(part) {
            if cx.text(f).is_some() && !to_extra.contains(&f) {
                to_extra.push(f);
            }
        }
    }
    let keep = |f: &str| if to_extra.contains(&f) { None } else { cx.text(f) };

    if let Some((number, name)) = &record.split_from {
        extra_notes.push(("原表序号".to_string(), number.clone()));
        extra_notes.push(("原表事项名称".to_string(), clean_line(name)));
    }
    let mut extra: Vec<(String, String)> = Vec::new();
    for col in &cx.header.columns {
        let demoted = match col.field {
            None => true,
            Some(f) => to_extra.contains(&f) && cx.header.column(f) == Some(col.index),
        };
        if !demoted {
            continue;
        }
        let text = match col.field {
            Some(f) => cx.text(f),
            None => {
                let values: Vec<String> = record.values[col.index]
                    .iter()
                    .map(|(t, _)| if cx.verbatim { clean_text(t) } else { clean_published(t) })
                    .collect();
                (!values.is_empty()).then(|| values.join("\n"))
            }
        };
        if let Some(text) = text {
            extra.push((col.label.clone(), text));
        }
    }
    extra.extend(extra_notes);

    let mut item = Item::new(part, Located::new(String::new(), Span::default()), name.clone());
    item.number = number;
    item.sub_items = sub_items;
    item.sub_item_fields = sub_item_fields;
    item.power_type = power_type.map(|t| Located::new(t, Span::default()));
    item.basis = Basis::parse(&basis);
    item.office = office;
    item.origin = origin;
    item.departments = departments;
    item.status = status;
    item.window = window;
    item.guidance = guidance;
    item.assigned_by = assigned_by;
    item.recalled_on = if to_extra.contains(&"recalled_on") { None } else { recalled_on };
    for &f in Field::ALL {
        let plain = matches!(f.spec().kind, Kind::Line | Kind::Text);
        let handled = matches!(f, Field::Number | Field::Name | Field::Office | Field::Window | Field::Guidance);
        if plain && !handled {
            if let Some(text) = keep(f.key()) {
                item.set_text(f, text);
            }
        }
    }
    if item.category.is_none() {
        item.category = record.section_category.clone();
    }
    if let Some(events) = keep(Field::Events.key()) {
        item.events = events.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
    }
    for &f in Field::ALL.iter().filter(|f| f.spec().kind == Kind::Guide) {
        let Some(text) = keep(f.key()) else { continue };
        if let Err(why) = item.set_guide(f, &text) {
            let (r, c) = cx.at(f.key());
            diags
                .push(place.warn(r, c, format!("{}：{why}，原文保存在其他列中", f.label())).hint("改正原表后重新导入"));
            extra.push((f.label().to_string(), text));
        }
    }
    item.extra = extra;
    let published_code = cx.text("code").map(|c| {
        let (r, col) = cx.at("code");
        (c, r, col)
    });
    Draft { item, published_code, place: place.clone() }
}

#[allow(clippy::too_many_arguments)]
fn power_type(
    cx: &RecordCx,
    powers: bool,
    sheet_type: Option<&str>,
    section_type: Option<&str>,
    place: &Place,
    diags: &mut Vec<Diagnostic>,
    to_extra: &mut Vec<&'static str>,
) -> Option<PowerType> {
    let implied = section_type.or(sheet_type).map(PowerType::parse).filter(|t| t.official.is_some());
    let values: Vec<(String, usize, usize)> = cx.raw("type");
    let Some((first, r, c)) = values.first().cloned() else {
        if let Some(t) = implied {
            let (r, c) = cx.at("type");
            let from = if section_type.is_some() { "所在分类标题" } else { "工作表名称" };
            diags.push(
                place
                    .warn(
                        r,
                        c,
                        format!(
                            "“{}”没有填写权力类型，已按{from}定为“{}”",
                            cx.text("name").unwrap_or_default(),
                            t.label()
                        ),
                    )
                    .hint("请核对；如不正确，在原表改正后重新导入"),
            );
            return Some(PowerType { raw: t.label().to_string(), official: t.official });
        }
        // A power list's items are powers, each with its type; a township's duties often have
        // none (the national format of 2024), so only power lists are warned.
        if powers {
            diags.push(
                place
                    .warn(
                        cx.record.row,
                        cx.header.column("type").unwrap_or(0),
                        format!("“{}”没有填写权力类型", cx.text("name").unwrap_or_default()),
                    )
                    .hint("权责清单中的事项都是行政权力，一般都有权力类型；请核对原表，导入后可在清单文件中补上 type"),
            );
        }
        return None;
    };
    let text = if cx.verbatim { first.trim().to_string() } else { clean_line(&first) };
    let t = PowerType::parse(&text);
    let distinct: HashSet<String> = values.iter().map(|(v, _, _)| squash(v)).collect();
    if distinct.len() > 1 {
        diags.push(
            place
                .warn(r, c, format!("同一事项的各行写了不同的权力类型，取第一个“{text}”，其余保存在其他列中"))
                .hint("一个事项只有一个权力类型；请核对原表"),
        );
        to_extra.push("type");
    }
    match (t.official, implied.as_ref().and_then(|i| i.official)) {
        (None, _) if t.is_local() => diags.push(
            place
                .warn(r, c, format!("“{text}”是地方使用的类型，不是官方权力类型，按原文保留"))
                .hint("如能确定对应的官方类型，请改为官方类型，便于统计和比较"),
        ),
        (None, _) => {
            diags.push(place.warn(r, c, format!("无法确定“{text}”对应的官方权力类型，按原文保留")).hint(format!(
                "qingdan check 会把它报告为错误：请改为官方类型之一（{}），最接近的是“{}”",
                OfficialType::ALL.map(|t| t.name()).join("、"),
                t.closest_official().name()
            )))
        }
        (Some(own), Some(sheet)) if own != sheet => diags.push(
            place
                .warn(r, c, format!("权力类型“{text}”与工作表（或分类标题）的“{}”不一致", sheet.name()))
                .hint("按事项自己的权力类型导入；请核对是否放错了工作表"),
        ),
        _ => {}
    }
    Some(t)
}

fn parse_part(text: &str) -> Option<Part> {
    let t = squash(text);
    Part::ALL.into_iter().find(|p| p.name() == t || p.key() == t).or(match t.as_str() {
        "基本" | "基本履职" | "基本事项" => Some(Part::Basic),
        "配合" | "配合履职" | "配合事项" => Some(Part::Support),
        "收回" | "收回事项" | "上级收回" | "上级部门收回" => Some(Part::Recalled),
        _ => None,
    })
}

pub(super) fn parse_origin(text: &str) -> Option<Origin> {
    let t = squash(text);
    Origin::parse(&t).or_else(|| {
        let has = |w: &str| t.contains(w);
        match (has("下放"), has("委托"), has("延伸")) {
            (true, false, false) => Some(Origin::Delegated),
            (false, true, false) => Some(Origin::Entrusted),
            (false, false, true) => Some(Origin::Extended),
            _ if ["法定", "自有", "本级", "原有"].iter().any(|w| has(w)) => Some(Origin::Own),
            _ => None,
        }
    })
}

fn parse_status(text: &str) -> Option<Status> {
    let t = squash(text);
    Status::parse(&t).or_else(|| {
        if ["暂缓", "未下放", "未承接"].iter().any(|w| t.contains(w)) {
            Some(Status::Suspended)
        } else if ["正常", "执行", "在用", "实施中"].contains(&t.as_str()) {
            Some(Status::Active)
        } else {
            None
        }
    })
}

/// A county department by code, by name, or by an abbreviation of its name (住建局).
/// The departments of an item: from the codes column an export writes (`相关部门代码`), else
/// from the names or codes in the departments column, one per line or separated by 、，;
/// each with its duty from the 上级部门职责 column. Names the site does not know are kept for
/// the parts that require a department (so `check` names them), else moved to `extra`.
fn departments(
    cx: &RecordCx,
    part: Part,
    refs: &Refs,
    place: &Place,
    diags: &mut Vec<Diagnostic>,
    unresolved: &mut HashMap<&'static str, (usize, usize, String, usize)>,
    to_extra: &mut Vec<&'static str>,
) -> Vec<Responsible> {
    let required = Field::Department.spec().required.has(part);
    let texts: Vec<String> = match cx.text("department_code") {
        Some(codes) => codes.lines().map(str::to_string).collect(),
        None => cx.text("department").map(|t| split_names(&t)).unwrap_or_default(),
    };
    let mut out: Vec<Responsible> = Vec::new();
    for t in texts {
        let code = match find_department(refs.site, &t) {
            Some(code) => code,
            None if required => {
                let (r, c) = cx.at("department");
                diags.push(place.warn(r, c, format!("找不到县直部门“{t}”，已按原文写入 department")).hint(
                    "先在 content/bodies/ 中添加该部门，或把 department 改为已有部门的代码；否则 qingdan check 会报错",
                ));
                t
            }
            None => {
                let (r, c) = cx.at("department");
                let entry = unresolved.entry("department").or_insert((r, c, cx.label("department"), 0));
                entry.3 += 1;
                to_extra.push("department");
                return Vec::new();
            }
        };
        if !out.iter().any(|r| r.department.value == code) {
            out.push(Responsible { department: Located::new(code, Span::default()), duty: None });
        }
    }
    if let Some(duty) = cx.text("department_duty").filter(|_| Field::DepartmentDuty.spec().parts.has(part)) {
        assign_duties(&mut out, &duty, refs.site);
    }
    out
}

/// Several department names in one cell: one per line, or separated by 、，; .
pub(super) fn split_names(text: &str) -> Vec<String> {
    text.split(['\n', '、', '，', ',', '；', ';'])
        .map(clean_line)
        .filter(|t| !t.is_empty() && !NONE_MARKS.contains(&t.as_str()))
        .collect()
}

/// Gives each department its duty from a 上级部门职责 cell: paragraphs that start with a
/// department's name or code and "：" are that department's (as exports write them);
/// otherwise the whole text is the duty of the only department, or of the first.
fn assign_duties(departments: &mut [Responsible], text: &str, site: &Site) {
    let mut current: Option<usize> = None;
    let mut split: Vec<(usize, String)> = Vec::new();
    for line in text.lines() {
        let owner = line.split_once(['：', ':']).and_then(|(head, rest)| {
            let code = find_department(site, head).unwrap_or_else(|| head.trim().to_string());
            departments.iter().position(|r| r.department.value == code).map(|i| (i, rest))
        });
        match (owner, current) {
            (Some((i, rest)), _) => {
                current = Some(i);
                split.push((i, rest.to_string()));
            }
            (None, Some(_)) => {
                if let Some(last) = split.last_mut() {
                    last.1.push('\n');
                    last.1.push_str(line);
                }
            }
            (None, None) => {
                split.clear();
                break;
            }
        }
    }
    if departments.len() > 1 && !split.is_empty() {
        for (i, duty) in split {
            departments[i].duty = Some(duty);
        }
    } else if let Some(first) = departments.first_mut() {
        first.duty = Some(text.to_string());
    }
}

/// Values equal to the default a field declares are not kept: 行使主体 is the body itself and
/// 监督电话 the body's unless the list says otherwise (exports write the effective values).
pub fn drop_defaults(item: &mut Item, body: Option<&Body>) {
    let Some(body) = body else { return };
    if item.subject.as_deref() == Some(body.name.as_str()) {
        item.subject = None;
    }
    if item.supervision_phone.is_some() && item.supervision_phone == body.supervision_phone {
        item.supervision_phone = None;
    }
}

pub(super) fn find_department(site: &Site, text: &str) -> Option<String> {
    let departments: Vec<&Body> = site.bodies.iter().filter(|b| b.kind == BodyKind::Department).collect();
    let t = text.trim();
    if let Some(b) = departments.iter().find(|b| b.code.value == t || b.name == t) {
        return Some(b.code.value.clone());
    }
    let abbreviated: Vec<&&Body> = departments.iter().filter(|b| is_abbreviation(t, &b.name)).collect();
    match abbreviated.as_slice() {
        [one] => Some(one.code.value.clone()),
        _ => None,
    }
}

fn is_abbreviation(short: &str, name: &str) -> bool {
    let mut rest = name.chars();
    !short.is_ascii() && short.chars().count() >= 2 && short.chars().all(|c| rest.any(|n| n == c))
}

/// Gives every draft its code: the published 事项编码 where it is usable and unique, else
/// `<BODY>-<XK>-<001>` from the body code and the official type's letters ("QT" if unmapped).
pub fn assign_codes(drafts: &mut [Draft], body: &str, diags: &mut Vec<Diagnostic>) {
    let usable = |c: &str| !c.starts_with('.') && c.chars().all(|ch| ch.is_ascii_alphanumeric() || "-_.".contains(ch));
    // Codes are compared ignoring case, as the file systems their pages land on do.
    let mut taken: HashSet<String> = HashSet::new();
    let mut keep = vec![false; drafts.len()];
    for (i, d) in drafts.iter().enumerate() {
        let Some((code, row, col)) = &d.published_code else { continue };
        if usable(code) && (code == "index" || crate::check::file_name_problem(code).is_some()) {
            diags.push(
                d.place
                    .warn(
                        *row,
                        *col,
                        format!("事项编码“{code}”不能用作网页的文件名，已另行生成编码，原编码保存在其他列中"),
                    )
                    .hint(format!(
                        "不能是 index、Windows 的设备名（CON、AUX、COM1 等），也不能超过 {} 字节",
                        crate::check::MAX_CODE_BYTES
                    )),
            );
        } else if !usable(code) {
            diags.push(
                d.place
                    .warn(
                        *row,
                        *col,
                        format!("事项编码“{code}”含有不能用于网址的字符，已另行生成编码，原编码保存在其他列中"),
                    )
                    .hint("事项编码只能包含字母、数字和 - _ ."),
            );
        } else if !taken.insert(code.to_ascii_lowercase()) {
            diags.push(
                d.place
                    .warn(*row, *col, format!("事项编码“{code}”与前面的事项重复，已另行生成编码，原编码保存在其他列中"))
                    .hint("事项编码须唯一"),
            );
        } else {
            keep[i] = true;
        }
    }
    // Room for "-XK-" and the number within the longest code.
    let prefix = body.to_ascii_uppercase().chars().take(crate::check::MAX_CODE_BYTES - 12).collect::<String>();
    let mut counters: HashMap<&'static str, usize> = HashMap::new();
    for (i, d) in drafts.iter_mut().enumerate() {
        if keep[i] {
            d.item.code.value = d.published_code.as_ref().map(|(c, _, _)| c.clone()).unwrap_or_default();
            continue;
        }
        if let Some((code, _, _)) = &d.published_code {
            d.item.extra.push(("事项编码".to_string(), code.clone()));
        }
        let letters = d.item.power_type.as_ref().and_then(|t| t.official).map(OfficialType::letters).unwrap_or("QT");
        let letters = if d.item.part == Part::Support && d.item.power_type.is_none() { "PH" } else { letters };
        let n = counters.entry(letters).or_insert(0);
        let code = loop {
            *n += 1;
            let candidate = format!("{prefix}-{letters}-{:03}", *n);
            if taken.insert(candidate.to_ascii_lowercase()) {
                break candidate;
            }
        };
        d.item.code.value = code;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_layout_whitespace_only() {
        assert_eq!(clean_line("对拒绝\n配合统\n计调查"), "对拒绝配合统计调查");
        assert_eq!(clean_line("  行政 处罚 "), "行政处罚");
        assert_eq!(clean_line("ISO  9001 认证"), "ISO 9001认证");
        assert_eq!(clean_line("政策法\n规科 、\n社会经\n济统计\n科"), "政策法规科、社会经济统计科");
        assert_eq!(clean_text("a\r\nb  \n"), "a\nb");
        assert_eq!(clean_published("负责\n市本\n级拒\n绝配\n合统"), "负责市本级拒绝配合统");
        assert_eq!(
            clean_published("直接实施责\n任：\n1.执行上级统\n计部门制定的\n行政处罚标准\n2.依法依\n规实施"),
            "直接实施责任：\n1.执行上级统计部门制定的行政处罚标准\n2.依法依规实施"
        );
        let long = "【法律】《中华人民共和国统计法》第四十四条：作为统计调查对象的国家机关\n企业事业单位或者其他组织有下列行为之一的\n由县级以上人民政府";
        assert_eq!(clean_published(long), long);
        assert_eq!(
            clean_published("因不履行或不正确履行\n行政职责，有下列情形\n的，行政机关及相关工\n作人员应承担相应的责\n任：\n1.不具备行政执法资格\n实施行政处罚的；"),
            "因不履行或不正确履行行政职责，有下列情形的，行政机关及相关工作人员应承担相应的责任：\n1.不具备行政执法资格实施行政处罚的；"
        );
        let list = "1.具体承办人；\n2.内设机构负责人；\n3.单位法定代表人或分管领导。";
        assert_eq!(clean_published(list), list);
    }

    #[test]
    fn splits_numbered_sub_items_and_reads_none() {
        assert_eq!(
            split_sub_items("1.房地产估价机构资质核准\n2.房地产经纪\n机构备案", false),
            vec!["1.房地产估价机构资质核准", "2.房地产经纪机构备案"]
        );
        assert_eq!(split_sub_items("无", false), Vec::<String>::new());
        assert_eq!(split_sub_items("甲\n乙", true), vec!["甲", "乙"]);
        assert!(starts_numbered("（2）乙"));
        assert!(!starts_numbered("房地产"));
    }

    #[test]
    fn reads_parts_origins_and_statuses() {
        assert_eq!(parse_part("配合履职事项"), Some(Part::Support));
        assert_eq!(parse_part("上级部门收回事项"), Some(Part::Recalled));
        assert_eq!(parse_origin("县农业农村局下放"), Some(Origin::Delegated));
        assert_eq!(parse_origin("法定"), Some(Origin::Own));
        assert_eq!(parse_status("暂缓下放"), Some(Status::Suspended));
        assert_eq!(parse_status("收回"), None);
    }
}

//! The county-wide tables: 属地管理事项清单 (`content/territorial.toml`), 职责准入清单
//! (`content/admission.toml`) and guidance catalogs (`content/guidance/<id>.toml`), from a
//! publisher's workbook or qingdan's own downloads. Rows are read as item lists are
//! (`rows`: merged cells, continuation rows, section rows, notes); departments and townships
//! named in words become body codes where the site knows them.

use super::classify::ListKind;
use super::grid;
use super::header::{self, Header};
use super::items::{clean_line, clean_published, clean_short, clean_text, find_department, split_names, Refs};
use super::meta::{shorten, Meta};
use super::report::{FileReport, Place, SheetReport};
use super::rows::{self, squash, Record};
use super::Input;
use crate::diag::Diagnostic;
use crate::model::{
    Admission, AdmissionCategory, AdmissionStatus, Basis, BodyKind, Date, GuidanceItem, Located, Matter, PowerType,
    Span,
};
use std::collections::HashMap;

/// One row's worth of a county table, before codes are given.
pub struct Row {
    pub place: Place,
    pub row: usize,
    /// The published code (or catalog id) and its cell.
    pub code: Option<(String, usize, usize)>,
    pub value: Value,
}

pub enum Value {
    Matter(Matter),
    Admission(Admission),
    Guidance(GuidanceItem),
}

/// What one file contributed.
#[derive(Default)]
pub struct FileData {
    pub rows: Vec<Row>,
    pub meta: Meta,
}

/// Keys whose cells are short (a line each); the others are long text.
fn short(key: &str) -> bool {
    !matches!(
        key,
        "primary_duty"
            | "township_duty"
            | "supporting_duty"
            | "basis"
            | "note"
            | "content"
            | "reason"
            | "staff"
            | "funds"
    )
}

struct Cx<'a> {
    record: &'a Record,
    header: &'a Header,
    verbatim: bool,
}

impl Cx<'_> {
    fn cells(&self, key: &str) -> Vec<(String, usize, usize)> {
        self.header
            .columns
            .iter()
            .filter(|c| c.field == Some(key))
            .flat_map(|c| self.record.values[c.index].iter().map(move |(t, r)| (t.clone(), *r, c.index)))
            .collect()
    }

    fn text(&self, key: &str) -> Option<String> {
        let mut values: Vec<String> = Vec::new();
        for (t, _, _) in self.cells(key) {
            let v = if self.verbatim {
                if short(key) {
                    t.trim().to_string()
                } else {
                    clean_text(&t)
                }
            } else if short(key) {
                clean_short(&t)
            } else {
                clean_published(&t)
            };
            if !v.is_empty() && !values.iter().any(|x| squash(x) == squash(&v)) {
                values.push(v);
            }
        }
        (!values.is_empty()).then(|| values.join("\n"))
    }

    fn at(&self, key: &str) -> (usize, usize) {
        self.cells(key)
            .first()
            .map(|(_, r, c)| (*r, *c))
            .unwrap_or((self.record.row, self.header.column(key).unwrap_or(0)))
    }
}

fn located(v: String) -> Located<String> {
    Located::new(v, Span::default())
}

/// Department names (or codes) as codes; names the site does not know are kept as written
/// (`qingdan check` then names them), and counted for one warning per column.
fn departments(text: &str, refs: &Refs, unknown: &mut Vec<String>) -> Vec<Located<String>> {
    let mut out: Vec<Located<String>> = Vec::new();
    for name in split_names(text) {
        let code = find_department(refs.site, &name).unwrap_or_else(|| {
            if !unknown.contains(&name) {
                unknown.push(name.clone());
            }
            name
        });
        if !out.iter().any(|d| d.value == code) {
            out.push(located(code));
        }
    }
    out
}

/// Township names as codes; "全县各乡镇" and the like mean all of them (empty).
fn townships(text: &str, refs: &Refs, unknown: &mut Vec<String>) -> Vec<Located<String>> {
    let t = squash(text);
    if t.is_empty() || ["全部", "全县", "所有", "各乡镇", "全体"].iter().any(|w| t.contains(w)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for name in split_names(text) {
        let body =
            refs.site.bodies.iter().find(|b| {
                b.kind.is_grassroots() && b.kind != BodyKind::County && (b.code.value == name || b.name == name)
            });
        let code = match body {
            Some(b) => b.code.value.clone(),
            None => {
                if !unknown.contains(&name) {
                    unknown.push(name.clone());
                }
                name
            }
        };
        out.push(located(code));
    }
    out
}

fn admission_category(text: &str) -> Option<AdmissionCategory> {
    let t = squash(text);
    AdmissionCategory::parse(&t).or_else(|| {
        let has = |w: &str| t.contains(w);
        if has("新增") || has("职责事项") {
            Some(AdmissionCategory::NewDuty)
        } else if has("协助") || has("配合") {
            Some(AdmissionCategory::Assistance)
        } else if has("挂牌") || has("牌子") {
            Some(AdmissionCategory::Signboard)
        } else if has("报表") || has("填报") {
            Some(AdmissionCategory::Reports)
        } else if has("督查") || has("检查") || has("考核") {
            Some(AdmissionCategory::Inspections)
        } else {
            None
        }
    })
}

fn admission_status(text: &str) -> Option<AdmissionStatus> {
    let t = squash(text);
    AdmissionStatus::parse(&t).or_else(|| {
        if t.contains("退出") || t.contains("取消") {
            Some(AdmissionStatus::Exited)
        } else if t.contains("调整") || t.contains("变更") {
            Some(AdmissionStatus::Adjusted)
        } else if t.contains("准入") || t.contains("通过") || t.contains("批准") {
            Some(AdmissionStatus::Admitted)
        } else {
            None
        }
    })
}

/// "长期", "2025-01-01至2025-12-31", "2025年1月1日—2025年12月31日".
fn period(text: &str) -> (Option<Date>, Option<Date>, bool) {
    let t = squash(text);
    let long = t.contains("长期");
    let parts: Vec<&str> = t.split(['至', '~', '～', '—', '到']).collect();
    let dates: Vec<Date> =
        parts.iter().filter_map(|p| Date::parse(p.trim_start_matches('自').trim_end_matches('止'))).collect();
    match dates.as_slice() {
        [from, to] => (Some(*from), Some(*to), long),
        [one] if parts.len() >= 2 && parts[0].is_empty() => (None, Some(*one), long),
        [one] if long => (Some(*one), None, true),
        [one] => (Some(*one), None, long),
        _ => (None, None, long),
    }
}

fn yes(text: &str) -> bool {
    matches!(squash(text).as_str(), "是" | "长期" | "true" | "TRUE" | "√" | "✓" | "Y" | "y")
}

/// Reads every sheet of one file as the table `kind` names.
pub fn read(input: &Input, kind: ListKind, refs: &Refs, report: &mut FileReport) -> FileData {
    let path = &input.path;
    let vocabulary = kind.vocabulary();
    let mut data = FileData::default();
    let mut found_header = false;
    for sheet in &input.sheets {
        if sheet.is_blank() {
            report.sheets.push(SheetReport {
                name: sheet.name.clone(),
                skipped: Some("空工作表，已跳过".into()),
                ..SheetReport::default()
            });
            continue;
        }
        let place = Place::new(path, &sheet.name);
        let Some(header) = header::detect_with(sheet, vocabulary).filter(|h| h.name_column().is_some()) else {
            report.sheets.push(SheetReport {
                name: sheet.name.clone(),
                skipped: Some("没有找到表头，未导入".into()),
                ..SheetReport::default()
            });
            report.diags.push(
                Diagnostic::warning(place.sheet(), format!("找不到{}的表头，这个工作表没有导入", kind.name()))
                    .hint("表头至少要有“事项名称”和另一个可识别的列；列名的写法见 docs/import.md"),
            );
            continue;
        };
        found_header = true;
        let mut diags = Vec::new();
        let rows = rows::read(sheet, &header, &place, &mut diags);
        let verbatim = header.is_qingdan_format();
        // A catalog's coverage (全县承接情况 and a column per township) is derived from the
        // lists, not read: everything from the summary column on.
        if let Some(summary) = header.column("summary") {
            let last = header.columns.len().saturating_sub(1);
            diags.push(
                place
                    .warn(
                        header.row,
                        summary,
                        format!(
                            "{}:{} 列是承接情况，由各乡镇清单推算，没有导入",
                            grid::column_name(summary),
                            grid::column_name(last)
                        ),
                    )
                    .hint("承接情况在生成网站时按乡镇事项的“指导目录事项”重新计算"),
            );
        }
        let summary = header.column("summary");
        let mut unknown_departments: Vec<String> = Vec::new();
        let mut unknown_townships: Vec<String> = Vec::new();
        let mut count = 0;
        for record in &rows.records {
            let cx = Cx { record, header: &header, verbatim };
            let name =
                cx.text(vocabulary.name_key()).map(|n| if verbatim { n } else { clean_line(&n) }).unwrap_or_default();
            let code_key = if kind == ListKind::Guidance { "id" } else { "code" };
            let code = cx.text(code_key).map(|c| {
                let (r, col) = cx.at(code_key);
                (c, r, col)
            });
            // Columns that have no field keep their text in the note, under their header.
            let mut others: Vec<String> = Vec::new();
            for col in header.columns.iter().filter(|c| c.field.is_none() && summary.is_none_or(|s| c.index < s)) {
                let values: Vec<&str> = record.values[col.index].iter().map(|(t, _)| t.as_str()).collect();
                if !values.is_empty() {
                    others.push(format!("{}：{}", col.label, values.join("\n")));
                }
            }
            let note = match (cx.text("note"), others.is_empty()) {
                (n, true) => n,
                (Some(n), false) => Some(format!("{n}\n{}", others.join("\n"))),
                (None, false) => Some(others.join("\n")),
            };
            let value = match kind {
                ListKind::Territorial => {
                    let domain = cx.text("domain").or_else(|| record.section_category.clone()).unwrap_or_default();
                    for (key, what) in [("primary_duty", "主体责任"), ("township_duty", "乡镇（街道）配合责任")]
                    {
                        if cx.text(key).is_none() {
                            diags.push(
                                place
                                    .warn(record.row, header.column(key).unwrap_or(0), format!("“{name}”没有写{what}"))
                                    .hint("导入后请在 content/territorial.toml 中补上，否则 qingdan check 会报错"),
                            );
                        }
                    }
                    if domain.is_empty() {
                        diags.push(place.warn(record.row, 0, format!("“{name}”没有写领域")).hint("表中加“领域”列，或用“一、城乡建设”这样的分类标题行；导入后也可在 content/territorial.toml 中补上 domain"));
                    }
                    Value::Matter(Matter {
                        code: located(String::new()),
                        number: cx.text("number").map(|n| rows::normalise_number(&n)),
                        domain,
                        name,
                        primary: cx
                            .text("primary")
                            .map(|t| departments(&t, refs, &mut unknown_departments))
                            .unwrap_or_default(),
                        primary_duty: cx.text("primary_duty").unwrap_or_default(),
                        township_duty: cx.text("township_duty").unwrap_or_default(),
                        supporting: cx
                            .text("supporting")
                            .map(|t| departments(&t, refs, &mut unknown_departments))
                            .unwrap_or_default(),
                        supporting_duty: cx.text("supporting_duty"),
                        basis: Basis::parse(&cx.text("basis").unwrap_or_default()),
                        note,
                        span: Span::default(),
                    })
                }
                ListKind::Admission => {
                    let (r, c) = (record.row, header.column("category").unwrap_or(0));
                    let mut note = note;
                    let keep_raw = |label: &str, raw: &str, note: &mut Option<String>| {
                        let line = format!("原表{label}：{raw}");
                        *note = Some(match note.take() {
                            Some(n) => format!("{n}\n{line}"),
                            None => line,
                        });
                    };
                    let category = match cx.text("category") {
                        Some(t) => admission_category(&t).unwrap_or_else(|| {
                            diags.push(
                                place
                                    .warn(r, c, format!("无法识别准入类别“{t}”，按“协助事项”导入，原文保存在备注中"))
                                    .hint("准入类别应为：新增职责、协助事项、挂牌、报表填报、督查检查考核"),
                            );
                            keep_raw("准入类别", &t, &mut note);
                            AdmissionCategory::Assistance
                        }),
                        None => {
                            diags.push(
                                place
                                    .warn(r, c, format!("“{name}”没有写准入类别，按“协助事项”导入"))
                                    .hint("准入类别应为：新增职责、协助事项、挂牌、报表填报、督查检查考核；请核对"),
                            );
                            AdmissionCategory::Assistance
                        }
                    };
                    let status = match cx.text("status") {
                        Some(t) => admission_status(&t).unwrap_or_else(|| {
                            let (r, c) = cx.at("status");
                            diags.push(
                                place
                                    .warn(r, c, format!("无法识别准入状态“{t}”，按“准入”导入，原文保存在备注中"))
                                    .hint("状态应为：准入、调整、退出"),
                            );
                            keep_raw("状态", &t, &mut note);
                            AdmissionStatus::Admitted
                        }),
                        None => AdmissionStatus::Admitted,
                    };
                    let (mut from, mut to, mut long_term) =
                        cx.text("period").map(|p| period(&p)).unwrap_or((None, None, false));
                    if let Some(d) = cx.text("period_from").and_then(|t| Date::parse(&t)) {
                        from = Some(d);
                    }
                    if let Some(d) = cx.text("period_to").and_then(|t| Date::parse(&t)) {
                        to = Some(d);
                    }
                    if cx.text("long_term").is_some_and(|t| yes(&t)) {
                        long_term = true;
                    }
                    if to.is_none() && !long_term {
                        let (r, c) = cx.at(if header.column("period").is_some() { "period" } else { "period_to" });
                        diags.push(place.warn(r, c, format!("“{name}”没有写明期限（截止日期或“长期”）")).hint("导入后请在 content/admission.toml 中写 period_to 或 long_term = true，否则 qingdan check 会报错"));
                    }
                    let department = cx
                        .text("department")
                        .map(|t| departments(&t, refs, &mut unknown_departments))
                        .unwrap_or_default();
                    Value::Admission(Admission {
                        code: located(String::new()),
                        department: department.into_iter().next().unwrap_or_else(|| located(String::new())),
                        title: name.clone(),
                        content: cx.text("content").unwrap_or_default(),
                        category,
                        basis: cx.text("basis"),
                        reason: cx.text("reason"),
                        townships: cx
                            .text("townships")
                            .map(|t| townships(&t, refs, &mut unknown_townships))
                            .unwrap_or_default(),
                        period_from: from,
                        period_to: to,
                        long_term,
                        staff: cx.text("staff"),
                        funds: cx.text("funds"),
                        approved_by: cx.text("approved_by").unwrap_or_default(),
                        document: cx.text("document").unwrap_or_default(),
                        // Filled from the list's own date when the row has none (see `finish`).
                        approved_on: cx.text("approved_on").and_then(|t| Date::parse(&t)).unwrap_or(Date {
                            year: 0,
                            month: 0,
                            day: 0,
                        }),
                        status,
                        note,
                        span: Span::default(),
                    })
                }
                ListKind::Guidance | ListKind::Township | ListKind::Department => {
                    let implied = record.section_type.clone().or(rows.sheet_type.clone());
                    let raw = cx.text("type").map(|t| clean_line(&t)).or(implied);
                    if raw.is_none() {
                        diags.push(
                            place
                                .warn(record.row, header.column("type").unwrap_or(0), format!("“{name}”没有写权力类型"))
                                .hint("导入后请在指导目录文件中补上 type，否则 qingdan check 会报错"),
                        );
                    }
                    let department = cx
                        .text("department")
                        .map(|t| departments(&t, refs, &mut unknown_departments))
                        .unwrap_or_default();
                    Value::Guidance(GuidanceItem {
                        id: located(String::new()),
                        number: cx.text("number").map(|n| rows::normalise_number(&n)),
                        name,
                        power_type: Located::new(PowerType::parse(raw.as_deref().unwrap_or("")), Span::default()),
                        department: department.into_iter().next(),
                        note,
                        span: Span::default(),
                    })
                }
            };
            data.rows.push(Row { place: place.clone(), row: record.row, code, value });
            count += 1;
        }
        if !unknown_departments.is_empty() {
            diags.push(
                place
                    .warn(header.row, 0, format!("站点中没有这些县直部门，已按原文写入部门代码：{}", unknown_departments.join("、")))
                    .hint("先在 content/bodies/ 中添加这些部门（kind = \"部门\"）再重新导入（加 --force），或把导入的部门改为已有部门的代码；否则 qingdan check 会报错"),
            );
        }
        if !unknown_townships.is_empty() {
            diags.push(
                place
                    .warn(
                        header.row,
                        0,
                        format!("站点中没有这些乡镇（街道），已按原文写入：{}", unknown_townships.join("、")),
                    )
                    .hint("涉及乡镇应写乡镇（街道）的代码或名称；空着表示全部乡镇（街道）"),
            );
        }
        if let Some(declared) = rows.declared.filter(|d| *d != count) {
            diags.push(
                Diagnostic::warning(place.sheet(), format!("工作表名称写明 {declared} 项，实际导入 {count} 项"))
                    .hint("核对原表是否漏行、多行或序号合并"),
            );
        }
        for section in rows.sections.iter().filter(|s| s.declared.is_some_and(|d| d != s.items)) {
            diags.push(place.warn(
                section.row,
                section.col,
                format!(
                    "分类标题“{}”写明 {} 项，其下实际导入 {} 项",
                    shorten(&section.text, 30),
                    section.declared.unwrap_or(0),
                    section.items
                ),
            ));
        }
        let mut titled = false;
        for r in 0..header.row.min(sheet.rows.len()) {
            for c in 0..sheet.rows[r].len() {
                let text = sheet.text(r, c).trim();
                if !text.is_empty() {
                    let at = format!("{}: {}!{}", super::file_name(path), sheet.name, grid::cell_name(r, c));
                    data.meta.above(text, &at, &mut titled);
                }
            }
        }
        for note in rows.notes.iter().filter(|n| !n.above_header) {
            let at = format!("{}: {}!{}", super::file_name(path), sheet.name, grid::cell_name(note.row, note.col));
            data.meta.below(&note.text, &at);
            diags.push(place.warn(
                note.row,
                note.col,
                format!("表格中的说明文字不是事项，作为清单的说明（notes）导入：“{}”", shorten(&note.text, 40)),
            ));
        }
        report.sheets.push(SheetReport {
            name: sheet.name.clone(),
            rows: rows.rows_read,
            items: count,
            parts: None,
            declared: rows.declared,
            skipped: None,
        });
        report.diags.extend(diags);
    }
    if !found_header {
        report.diags.push(
            Diagnostic::error(super::file_location(path), format!("找不到{}的表头", kind.name()))
                .hint("表头至少要有“事项名称”和另一个可识别的列；可识别的列名见 docs/import.md"),
        );
    } else if data.rows.is_empty() {
        report.diags.push(
            Diagnostic::error(super::file_location(path), "表格中没有任何事项（只有表头）")
                .hint("检查是否选错了文件或工作表"),
        );
    }
    data
}

/// Codes for every row: the published one where usable and unique, else `<prefix>-001` ….
pub fn assign_codes(rows: &mut [Row], prefix: &str, diags: &mut HashMap<std::path::PathBuf, Vec<Diagnostic>>) {
    let usable = |c: &str| {
        !c.is_empty()
            && !c.starts_with('.')
            && c.chars().all(|ch| ch.is_ascii_alphanumeric() || "-_.".contains(ch))
            && crate::check::file_name_problem(c).is_none()
    };
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut keep = vec![false; rows.len()];
    for (i, r) in rows.iter().enumerate() {
        let Some((code, row, col)) = &r.code else { continue };
        if usable(code) && taken.insert(code.to_ascii_lowercase()) {
            keep[i] = true;
        } else {
            diags.entry(r.place.file.clone()).or_default().push(
                r.place
                    .warn(
                        *row,
                        *col,
                        format!("编码“{code}”不能用（含有字母、数字和 - _ . 以外的字符，或与前面重复），已另行生成"),
                    )
                    .hint("编码只能包含字母、数字和 - _ .，且不能重复"),
            );
        }
    }
    let mut n = 0;
    for (i, r) in rows.iter_mut().enumerate() {
        let code = if keep[i] {
            r.code.as_ref().map(|(c, _, _)| c.clone()).unwrap_or_default()
        } else {
            loop {
                n += 1;
                let candidate = format!("{prefix}-{n:03}");
                if taken.insert(candidate.to_ascii_lowercase()) {
                    break candidate;
                }
            }
        };
        match &mut r.value {
            Value::Matter(m) => m.code = located(code),
            Value::Admission(a) => a.code = located(code),
            Value::Guidance(g) => g.id = located(code),
        }
    }
}

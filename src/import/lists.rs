//! An item list's sheets to drafts: a department's 权责清单 (powers, one sheet per 权力类型 or
//! one sheet) or a township's 履行职责事项清单 in any layout publishers use — a sheet per part
//! ("配合履职事项清单（99项）"), one sheet with section rows ("二、配合履职事项（共37项）"), one
//! sheet with a part column, one file per part — with the counts their names declare checked.

use super::classify::ListKind;
use super::grid::{self, Sheet};
use super::header::{self, Header, Vocabulary};
use super::items::{self, Draft, Refs, SheetFacts};
use super::meta::{shorten, Meta};
use super::report::{FileReport, Place, SheetReport};
use super::rows::{self, part_named, Section};
use super::Input;
use crate::diag::Diagnostic;
use crate::model::{Part, PowerType};

/// What one file contributed to a list.
#[derive(Default)]
pub struct FileData {
    pub drafts: Vec<Draft>,
    pub meta: Meta,
}

/// The levels a workbook may hold one sheet each of, and the words that name them.
const LEVELS: [(&str, &[&str]); 4] = [
    ("省级", &["自治区级", "省级", "省本级", "自治区本级"]),
    ("县级", &["县市区级", "县（市、区）级", "县区级", "县级", "区级", "县本级", "区本级", "旗级"]),
    ("市级", &["地州市级", "市级", "市本级", "州级", "地级", "盟级"]),
    ("乡镇级", &["乡镇级", "乡级", "镇级", "街道级"]),
];

/// The level a sheet's name (or title) names: "市级", "县级" ….
pub fn level_of(text: &str) -> Option<&'static str> {
    let t = rows::squash(text);
    LEVELS.iter().find(|(_, words)| words.iter().any(|w| t.contains(w))).map(|(l, _)| *l)
}

fn level_matches(wanted: &str, level: &str) -> bool {
    let w = rows::squash(wanted);
    w == level || LEVELS.iter().any(|(l, words)| *l == level && words.contains(&w.as_str()))
}

/// Where the section rows above a later table's header begin: blank rows and rows of one
/// cell directly above it, but not into the previous table's header.
fn preamble_start(sheet: &Sheet, header_row: usize, floor: usize) -> usize {
    let mut r = header_row;
    while r > floor {
        let cells =
            sheet.rows.get(r - 1).map(|row| row.iter().filter(|c| !c.text.trim().is_empty()).count()).unwrap_or(0);
        if cells > 1 {
            break;
        }
        r -= 1;
    }
    // Blank rows belong to neither; start at the first text.
    while r < header_row && sheet.rows.get(r).is_none_or(|row| row.iter().all(|c| c.text.trim().is_empty())) {
        r += 1;
    }
    r
}

/// The rows `start..end` of a sheet, the others blank, so that cells keep their names.
fn slice(sheet: &Sheet, start: usize, end: usize) -> Sheet {
    let rows = sheet
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| if (start..end).contains(&r) { row.clone() } else { Vec::new() })
        .collect();
    let merges = sheet.merges.iter().filter(|m| m.top >= start && m.top < end).copied().collect();
    Sheet { rows, merges, ..sheet.clone() }
}

/// Text above a sheet's header, cell by cell in reading order.
fn above_header(sheet: &Sheet, header_row: usize) -> Vec<(usize, usize, String)> {
    (0..header_row.min(sheet.rows.len()))
        .flat_map(|r| (0..sheet.rows[r].len()).map(move |c| (r, c)))
        .filter(|&(r, c)| !sheet.text(r, c).trim().is_empty())
        .map(|(r, c)| (r, c, sheet.text(r, c).trim().to_string()))
        .collect()
}

/// A "类别" column that holds 权力类型 (行政许可 …) rather than categories: read as the type
/// when there is no type column, else kept as a column of its own. In a township's list, a
/// "事项类别" column (a 权力类型 header) holding categories of duties (党的建设 …) is read as
/// the category. Decided by content.
fn category_holding_types(
    sheet: &Sheet,
    header: &mut Header,
    township: bool,
    place: &Place,
    diags: &mut Vec<Diagnostic>,
) {
    if township && header.column("category").is_none() {
        if let Some(col) = header.column("type") {
            let values: Vec<String> = (header.data_start()..sheet.rows.len())
                .map(|r| rows::squash(sheet.text(r, col)))
                .filter(|t| !t.is_empty())
                .collect();
            let types = values.iter().filter(|v| {
                let t = PowerType::parse(v);
                t.official.is_some() || t.is_local()
            });
            if !values.is_empty() && types.count() * 2 < values.len() {
                let label = header.columns[col].label.clone();
                header.columns[col].field = Some("category");
                // A 权力类型 column set aside as a second type column is the type after all.
                if let Some(other) = header
                    .columns
                    .iter_mut()
                    .find(|c| c.duplicate && Vocabulary::Items.field_for(&c.label) == Some("type"))
                {
                    other.field = Some("type");
                    other.duplicate = false;
                }
                diags.push(
                    place
                        .warn(
                            header.row,
                            col,
                            format!("“{label}”列填的是职责类别（如“{}”），不是权力类型，按类别导入", values[0]),
                        )
                        .hint("2025 年的履行职责事项清单按类别（党的建设、经济发展……）分组；请核对"),
                );
            }
        }
        return;
    }
    let Some(col) = header.column("category") else { return };
    let values: Vec<String> = (header.data_start()..sheet.rows.len())
        .map(|r| rows::squash(sheet.text(r, col)))
        .filter(|t| !t.is_empty())
        .collect();
    let types = values.iter().filter(|v| PowerType::parse(v).official.is_some()).count();
    if values.is_empty() || types * 2 < values.len() {
        return;
    }
    let label = header.columns[col].label.clone();
    let has_type = header.column("type").is_some();
    let column = &mut header.columns[col];
    if has_type {
        column.field = None;
        column.duplicate = true;
        diags.push(
            place
                .warn(header.row, col, format!("“{label}”列填的是权力类型（{types} 项，如“{}”），表中已有权力类型列，这一列按原列名保存在其他列中", values[0]))
                .hint("“类别”在 2025 年的清单中指职责类别（党的建设、经济发展……）；请核对"),
        );
    } else {
        column.field = Some("type");
        diags.push(
            place
                .warn(header.row, col, format!("“{label}”列填的是权力类型（{types} 项，如“{}”），按权力类型导入", values[0]))
                .hint("“类别”在 2025 年的清单中指职责类别（党的建设、经济发展……）；这一列的内容是权力类型，所以按权力类型导入"),
        );
    }
}

/// Imports every sheet of one file into drafts, filling its report.
pub fn read(input: &Input, kind: ListKind, opts: &super::Options, refs: &Refs, report: &mut FileReport) -> FileData {
    let path = &input.path;
    let mut data = FileData::default();
    let sheets: Vec<&Sheet> = input.sheets.iter().collect();

    // Headers first: the levels a workbook holds are decided over all its sheets.
    let mut found: Vec<(&Sheet, Option<Header>)> = Vec::new();
    for sheet in &sheets {
        if sheet.is_blank() {
            report.sheets.push(SheetReport {
                name: sheet.name.clone(),
                skipped: Some("空工作表，已跳过".into()),
                ..SheetReport::default()
            });
            continue;
        }
        found.push((sheet, header::detect_with(sheet, Vocabulary::Items)));
    }
    let levels: Vec<(&str, &'static str)> = found
        .iter()
        .filter(|(_, h)| h.is_some())
        .filter_map(|(s, h)| {
            let title: String =
                h.as_ref().map(|h| above_header(s, h.row).into_iter().map(|(_, _, t)| t).collect()).unwrap_or_default();
            level_of(&s.name).or_else(|| level_of(&title)).map(|l| (s.name.as_str(), l))
        })
        .collect();
    let mut distinct: Vec<&str> = levels.iter().map(|(_, l)| *l).collect();
    distinct.sort();
    distinct.dedup();
    let mut skip_level: Vec<&str> = Vec::new();
    if distinct.len() >= 2 {
        let listing: Vec<String> = levels.iter().map(|(s, l)| format!("工作表“{s}”（{l}）")).collect();
        match &opts.level {
            Some(wanted) => {
                if !distinct.iter().any(|l| level_matches(wanted, l)) {
                    report.diags.push(
                        Diagnostic::error(
                            super::file_location(path),
                            format!("工作簿中没有“{wanted}”的清单：{}", listing.join("、")),
                        )
                        .hint(format!("--level 可选：{}", distinct.join("、"))),
                    );
                    return data;
                }
                skip_level = levels.iter().filter(|(_, l)| !level_matches(wanted, l)).map(|(s, _)| *s).collect();
            }
            None if opts.sheets.is_empty() => {
                report.diags.push(
                    Diagnostic::error(
                        super::file_location(path),
                        format!(
                            "工作簿中有 {} 级清单：{}；没有合并导入（合并后每个事项会出现两次）",
                            distinct.len(),
                            listing.join("、")
                        ),
                    )
                    .hint(format!("用 --level {} 只导入其中一级，或用 --sheet 工作表名称 选择工作表", distinct[0])),
                );
                return data;
            }
            None => {}
        }
    }

    let mut names_by_sheet: Vec<(String, Vec<String>)> = Vec::new();
    let mut no_header: Vec<&Sheet> = Vec::new();
    let mut found_header = false;
    for (sheet, header) in found {
        let place = Place::new(path, &sheet.name);
        if skip_level.contains(&sheet.name.as_str()) {
            report.sheets.push(SheetReport {
                name: sheet.name.clone(),
                skipped: Some(format!("另一级的清单，按 --level {} 没有导入", opts.level.as_deref().unwrap_or(""))),
                ..SheetReport::default()
            });
            continue;
        }
        let Some(header) = header else {
            no_header.push(sheet);
            report.sheets.push(SheetReport {
                name: sheet.name.clone(),
                skipped: Some("没有找到表头，未导入".into()),
                ..SheetReport::default()
            });
            continue;
        };
        found_header = true;
        if header.name_column().is_none() {
            report.diags.push(
                Diagnostic::error(place.cell(header.row, 0), "表头中没有“事项名称”列，无法分清各个事项")
                    .hint("把事项名称所在列的表头改为“事项名称”后重新导入；可识别的列名见 docs/import.md"),
            );
            report.sheets.push(SheetReport {
                name: sheet.name.clone(),
                skipped: Some("没有“事项名称”列，未导入".into()),
                ..SheetReport::default()
            });
            continue;
        }
        let mut diags = Vec::new();
        for (r, c, formula) in &sheet.uncomputed {
            diags.push(
                place
                    .warn(*r, *c, format!("单元格只有公式“={formula}”，没有保存计算结果，按空白导入"))
                    .hint("在 Excel/WPS 中打开并保存（让公式算出结果）后重新导入"),
            );
        }
        // The tables of the sheet: usually one; the three parts one under another, each under
        // its own header, make several. Each table reads from the section rows above its header
        // to the section rows above the next.
        let mut headers = header::detect_all(sheet, Vocabulary::Items);
        if headers.is_empty() {
            headers.push(header);
        }
        let mut starts: Vec<usize> = vec![0];
        for k in 1..headers.len() {
            starts.push(preamble_start(sheet, headers[k].row, headers[k - 1].data_start()));
        }
        let mut sheet_report = SheetReport { name: sheet.name.clone(), parts: Some([0; 3]), ..SheetReport::default() };
        let mut sheet_drafts: Vec<Draft> = Vec::new();
        let mut declared = None;
        for (k, mut header) in headers.into_iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(sheet.rows.len());
            let view;
            let table: &Sheet = if starts.len() == 1 {
                sheet
            } else {
                view = slice(sheet, starts[k], end);
                &view
            };
            category_holding_types(table, &mut header, kind == ListKind::Township, &place, &mut diags);
            let above = above_header(table, header.row);
            // Section rows above the header ("二、配合履职事项（共37项）") say the table's part.
            let mut table_part = None;
            let mut text_above: Vec<(usize, usize, String)> = Vec::new();
            for (r, c, text) in above {
                let (title, count) = rows::section_title(&text);
                match part_named(&title).filter(|_| title.chars().count() <= 30 && kind == ListKind::Township) {
                    Some(p) => {
                        // "塘溪镇配合履职事项清单" titles the list as well; "二、配合履职事项（共
                        // 37项）" only the table.
                        let numbered = rows::strip_enumerator(&rows::squash(&text)).len() < rows::squash(&text).len();
                        if !numbered && title.contains("清单") {
                            text_above.push((r, c, text.clone()));
                        }
                        table_part = Some((p, r, c, text, count));
                    }
                    None => text_above.push((r, c, text)),
                }
            }
            let title_text: String = text_above.iter().map(|(_, _, t)| t.as_str()).collect::<Vec<_>>().join("\n");
            let sheet_part = match kind {
                ListKind::Township => table_part
                    .as_ref()
                    .map(|t| t.0)
                    .or_else(|| part_named(&sheet.name))
                    .or_else(|| part_named(&title_text))
                    .or_else(|| (sheets.len() == 1).then(|| part_named(&input.stem)).flatten()),
                _ => None,
            };
            let rows = rows::read(table, &header, &place, &mut diags);
            declared = rows.declared;
            let facts = SheetFacts {
                sheet_type: rows.sheet_type.as_deref(),
                part: sheet_part,
                powers: kind == ListKind::Department,
            };
            let drafts = items::build(&rows.records, &header, facts, refs, &place, &mut diags);
            if let Some((p, r, c, text, Some(count))) = &table_part {
                let found = drafts.iter().filter(|d| d.item.part == *p).count();
                if *count != found {
                    diags.push(
                        place
                            .warn(
                                *r,
                                *c,
                                format!("分类标题“{}”写明 {count} 项，其下实际导入 {found} 项", shorten(text, 30)),
                            )
                            .hint("核对原表是否漏行、多行或序号合并；也可能是标题中的数字没有更新"),
                    );
                }
            }
            for section in &rows.sections {
                if let Some(declared) = section.declared.filter(|d| *d != section.items) {
                    diags.push(
                        place
                            .warn(
                                section.row,
                                section.col,
                                format!(
                                    "分类标题“{}”写明 {declared} 项，其下实际导入 {} 项",
                                    shorten(&section.text, 30),
                                    section.items
                                ),
                            )
                            .hint("核对原表是否漏行、多行或序号合并；也可能是标题中的数字没有更新"),
                    );
                }
                if kind == ListKind::Department {
                    if let Section::Part(p) = section.meaning {
                        diags.push(place.warn(
                            section.row,
                            section.col,
                            format!("部门清单中有“{}”分类标题，其下事项按该部分导入", p.name()),
                        ));
                    }
                }
            }
            // The first table's text above the header is the list's title and facts; what stands
            // between tables is a note.
            let mut titled = k > 0;
            for (r, c, text) in &text_above {
                let at = format!("{}: {}!{}", super::file_name(path), sheet.name, grid::cell_name(*r, *c));
                data.meta.above(text, &at, &mut titled);
            }
            for note in rows.notes.iter().filter(|n| !n.above_header) {
                let at = format!("{}: {}!{}", super::file_name(path), sheet.name, grid::cell_name(note.row, note.col));
                data.meta.below(&note.text, &at);
                let text = note.text.split_whitespace().collect::<Vec<_>>().join(" ");
                diags.push(
                    place
                        .warn(
                            note.row,
                            note.col,
                            format!("表格中的说明文字不是事项，作为清单的说明（notes）导入：“{}”", shorten(&text, 40)),
                        )
                        .hint("说明显示在清单页面上；如果它其实是一个事项，请在原表补上序号和事项名称后重新导入"),
                );
            }
            sheet_report.rows += rows.rows_read;
            sheet_drafts.extend(drafts);
        }
        if let Some(declared) = declared {
            if declared != sheet_drafts.len() {
                diags.push(
                    Diagnostic::warning(
                        place.sheet(),
                        format!("工作表名称写明 {declared} 项，实际导入 {} 项", sheet_drafts.len()),
                    )
                    .hint("核对原表是否漏行、多行或序号合并；也可能是表名中的数字没有更新"),
                );
            }
        }
        let mut parts = [0usize; 3];
        for d in &sheet_drafts {
            parts[Part::ALL.iter().position(|p| *p == d.item.part).unwrap_or(0)] += 1;
        }
        sheet_report.items = sheet_drafts.len();
        sheet_report.parts = Some(parts);
        sheet_report.declared = declared;
        report.sheets.push(sheet_report);
        names_by_sheet.push((sheet.name.clone(), sheet_drafts.iter().map(|d| rows::squash(&d.item.name)).collect()));
        report.diags.extend(diags);
        data.drafts.extend(sheet_drafts);
    }

    // Sheets that repeat each other's items are probably levels the names did not say.
    for (i, (a, names_a)) in names_by_sheet.iter().enumerate() {
        for (b, names_b) in &names_by_sheet[i + 1..] {
            let shared = names_b.iter().filter(|n| names_a.contains(n)).count();
            let smaller = names_a.len().min(names_b.len());
            if smaller >= 3 && shared * 2 >= smaller {
                report.diags.push(
                    Diagnostic::warning(
                        super::file_location(path),
                        format!("工作表“{a}”和“{b}”有 {shared} 个同名事项，都已导入"),
                    )
                    .hint("如果它们是不同层级（如市级、县级）的清单，请用 --sheet 选择其中一个工作表重新导入"),
                );
            }
        }
    }

    if !found_header {
        if no_header.is_empty() && report.diags.iter().all(|d| !d.is_error()) {
            let names: Vec<String> = input.sheets.iter().map(|s| format!("“{}”", s.name)).collect();
            let message = if names.is_empty() {
                "工作簿中没有可导入的工作表".to_string()
            } else {
                format!("工作簿是空的：工作表{}都没有内容", names.join(""))
            };
            report.diags.push(Diagnostic::error(super::file_location(path), message).hint("检查是否选错了文件"));
        }
        for sheet in no_header {
            let place = Place::new(path, &sheet.name);
            report.diags.push(
                Diagnostic::error(place.sheet(), "找不到表头：前 30 行中没有一行同时含有“事项名称”“权力类型”“实施依据”等列名")
                    .hint("表头至少要有“事项名称”和另一个可识别的列（如“序号”“权力类型”“实施依据”）；列名的写法见 docs/import.md"),
            );
        }
        return data;
    }
    for sheet in no_header {
        let place = Place::new(path, &sheet.name);
        let first = sheet.rows.iter().flatten().map(|c| c.text.trim()).find(|t| !t.is_empty()).unwrap_or("");
        report.diags.push(
            Diagnostic::warning(
                place.sheet(),
                format!("找不到表头，这个工作表没有导入（开头是“{}”）", shorten(first, 20)),
            )
            .hint("如果其中有事项，请补上“事项名称”等列名后重新导入"),
        );
    }
    if data.drafts.is_empty() && report.diags.iter().all(|d| !d.is_error()) {
        report.diags.push(
            Diagnostic::error(super::file_location(path), "表格中没有任何事项（只有表头）")
                .hint("检查是否选错了文件或工作表"),
        );
    }
    data
}

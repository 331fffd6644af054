//! Which list a workbook holds: a township's 履行职责事项清单 (three parts), a department's
//! 权责清单, the county's 属地管理事项清单, its 职责准入清单, or a guidance catalog (指导目录).
//! Decided from the words of the titles, sheet names and file name, and from which columns
//! each vocabulary recognises in the headers; `--as` overrides. What cannot be told is refused
//! with what was found, never imported as a made-up department list.

use super::grid::{cell_name, Sheet};
use super::header::{self, Vocabulary};
use super::rows::{part_named, squash};
use crate::model::fields::Table;

/// What a workbook holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    /// A township's or street's 履行职责事项清单, in up to three parts.
    Township,
    /// A county department's (or any body's) 权责清单: powers, all in the basic part.
    Department,
    Territorial,
    Admission,
    Guidance,
}

impl ListKind {
    pub const ALL: [ListKind; 5] =
        [ListKind::Township, ListKind::Department, ListKind::Territorial, ListKind::Admission, ListKind::Guidance];

    pub fn name(self) -> &'static str {
        match self {
            ListKind::Township => "乡镇（街道）履行职责事项清单",
            ListKind::Department => "部门权责清单",
            ListKind::Territorial => "属地管理事项清单",
            ListKind::Admission => "职责准入清单",
            ListKind::Guidance => "指导目录",
        }
    }

    /// The values `--as` takes: a short Chinese name, or the English word.
    pub const CHOICES: [(&'static str, &'static str, ListKind); 5] = [
        ("乡镇清单", "township", ListKind::Township),
        ("部门清单", "department", ListKind::Department),
        ("属地管理", "territorial", ListKind::Territorial),
        ("准入", "admission", ListKind::Admission),
        ("指导目录", "guidance", ListKind::Guidance),
    ];

    pub fn parse(text: &str) -> Option<ListKind> {
        let t = squash(text).to_lowercase();
        Self::CHOICES.iter().find(|(zh, en, _)| t == *zh || t == *en).map(|(_, _, k)| *k).or(match t.as_str() {
            "乡镇" | "街道" | "履职清单" | "履行职责事项清单" | "三张清单" => {
                Some(ListKind::Township)
            }
            "部门" | "权责清单" | "权力清单" => Some(ListKind::Department),
            "属地" | "属地清单" | "属地管理事项清单" => Some(ListKind::Territorial),
            "准入清单" | "职责准入清单" => Some(ListKind::Admission),
            "目录" | "指导清单" => Some(ListKind::Guidance),
            _ => None,
        })
    }

    pub fn vocabulary(self) -> Vocabulary {
        match self {
            ListKind::Township | ListKind::Department => Vocabulary::Items,
            ListKind::Territorial => Vocabulary::Table(Table::Matters),
            ListKind::Admission => Vocabulary::Table(Table::Admissions),
            ListKind::Guidance => Vocabulary::Table(Table::Guidance),
        }
    }

    pub fn is_item_list(self) -> bool {
        matches!(self, ListKind::Township | ListKind::Department)
    }
}

/// The decision and what it rests on, for the report.
#[derive(Clone, Debug)]
pub struct Decision {
    pub kind: ListKind,
    pub why: String,
}

/// Keys only one kind of table has (a column that says which table it is).
fn telling(kind: ListKind, key: &str) -> bool {
    match kind {
        ListKind::Territorial => {
            matches!(key, "domain" | "primary" | "primary_duty" | "supporting" | "supporting_duty")
        }
        ListKind::Admission => matches!(
            key,
            "content"
                | "reason"
                | "townships"
                | "period"
                | "period_from"
                | "period_to"
                | "long_term"
                | "staff"
                | "funds"
                | "approved_by"
                | "approved_on"
        ),
        ListKind::Guidance => key == "summary",
        ListKind::Township => {
            matches!(key, "part" | "township_duty" | "after_recall" | "tasks" | "category" | "recalled_on")
        }
        ListKind::Department => matches!(
            key,
            "type"
                | "subject"
                | "office"
                | "level"
                | "duties"
                | "duty_basis"
                | "accountability_scope"
                | "accountability"
        ),
    }
}

/// The words titles use for each kind; qingdan's own downloads are named `territorial`,
/// `admission` and `guidance-<id>`.
fn named(kind: ListKind, text: &str) -> bool {
    let has = |w: &str| text.contains(w);
    let download = |w: &str| text == w || text.starts_with(&format!("{w}-"));
    match kind {
        ListKind::Territorial => has("属地管理") || has("属地责任") || download("territorial"),
        ListKind::Admission => has("准入") || download("admission"),
        ListKind::Guidance => {
            download("guidance")
                || (has("指导目录") || has("指导清单") || has("可下放") || has("赋权事项") || has("下放事项目录"))
                    && !has("权责清单")
                    && !has("权力清单")
                    && !has("履行职责")
        }
        ListKind::Township => {
            has("履行职责事项") || has("履职事项清单") || part_named(text).is_some() || township_title(text)
        }
        ListKind::Department => has("权责清单") || has("权力清单") || has("责任清单"),
    }
}

/// "塘溪镇权责清单", "城关街道…清单": a township names itself in the title.
fn township_title(text: &str) -> bool {
    super::meta::name_from_title(text).is_some_and(|n| {
        matches!(
            super::meta::kind_from_name(&n),
            crate::model::BodyKind::Town | crate::model::BodyKind::Township | crate::model::BodyKind::Street
        )
    })
}

/// The texts that name a sheet's contents: its name and the cells above its header (the first
/// rows when it has none).
fn titles(sheet: &Sheet, header_row: Option<usize>) -> String {
    let last = header_row.unwrap_or(3).min(sheet.rows.len());
    let mut out = squash(&sheet.name);
    for row in &sheet.rows[..last] {
        for c in row {
            out.push('\n');
            out.push_str(&squash(&c.text));
        }
    }
    out
}

/// Decides what the sheets hold; `Err` says what was found when nothing fits.
pub fn classify(sheets: &[&Sheet], stem: &str) -> Result<Decision, String> {
    let mut scores: Vec<(ListKind, i32, Vec<String>)> = ListKind::ALL.iter().map(|k| (*k, 0, Vec::new())).collect();
    let mut any_header = false;
    for sheet in sheets {
        let items_header = header::detect_with(sheet, Vocabulary::Items);
        let text = titles(sheet, items_header.as_ref().map(|h| h.row));
        for (kind, score, why) in scores.iter_mut() {
            let Some(h) = header::detect_with(sheet, kind.vocabulary()) else { continue };
            any_header = true;
            // The list's name in its title, sheet name or file name decides most files.
            let words = titles(sheet, Some(h.row));
            if named(*kind, &words) || named(*kind, &squash(stem)) {
                *score += 10;
                if why.is_empty() {
                    why.push("标题".into());
                }
            }
            let telling: Vec<&str> = h
                .columns
                .iter()
                .filter(|c| c.field.is_some_and(|f| telling(*kind, f)))
                .map(|c| c.label.as_str())
                .collect();
            *score += 3 * telling.len() as i32 + 1;
            // A catalog's coverage column is in qingdan's downloads only.
            if *kind == ListKind::Guidance && h.column("summary").is_some() {
                *score += 20;
            }
            for t in telling {
                let t = format!("“{t}”");
                if !why.contains(&t) {
                    why.push(t);
                }
            }
        }
        // Items in sections or sheets named after the three parts.
        if items_header.is_some() && (part_named(&sheet.name).is_some() || part_named(&text).is_some()) {
            scores[0].1 += 5;
        }
    }
    if !any_header {
        return Err(found(sheets));
    }
    // A township's list is an item list first: compare it with the department list only by
    // what tells them apart.
    let best = scores.iter().max_by_key(|(kind, score, _)| (*score, *kind == ListKind::Department)).cloned();
    let Some((mut kind, score, why)) = best else { return Err(found(sheets)) };
    if score < 3 {
        return Err(found(sheets));
    }
    if kind == ListKind::Department && scores[0].1 > 1 && scores[0].2.iter().any(|w| w == "标题") {
        kind = ListKind::Township;
    }
    let why = match kind {
        ListKind::Township | ListKind::Department if why.is_empty() => "按表头识别".to_string(),
        _ => {
            let (title, columns): (Vec<&String>, Vec<&String>) = why.iter().partition(|w| *w == "标题");
            let mut parts = Vec::new();
            if !title.is_empty() {
                parts.push("按标题、工作表名称或文件名".to_string());
            }
            if !columns.is_empty() {
                let cols: Vec<&str> = columns.iter().take(4).map(|s| s.as_str()).collect();
                parts.push(format!("按表头{}", cols.join("")));
            }
            parts.join("，")
        }
    };
    Ok(Decision { kind, why })
}

/// What the sheets hold, for the refusal: each sheet's name and the cells of its first rows
/// that look most like a header.
pub fn found(sheets: &[&Sheet]) -> String {
    if sheets.is_empty() {
        return "工作簿中没有可导入的工作表".into();
    }
    let mut parts = Vec::new();
    for sheet in sheets {
        let rows = sheet.rows.len().min(30);
        let best = (0..rows).max_by_key(|&r| {
            let cells =
                sheet.rows[r].iter().filter(|c| !c.text.trim().is_empty() && c.text.chars().count() <= 20).count();
            (cells, std::cmp::Reverse(r))
        });
        let described = match best {
            Some(r) if sheet.rows[r].iter().any(|c| !c.text.trim().is_empty()) => {
                let cells: Vec<String> = sheet.rows[r]
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.text.trim().is_empty())
                    .take(8)
                    .map(|(c, cell)| format!("{}“{}”", cell_name(r, c), super::meta::shorten(&squash(&cell.text), 12)))
                    .collect();
                format!("工作表“{}”第 {} 行：{}", sheet.name, r + 1, cells.join(" "))
            }
            _ => format!("工作表“{}”是空的", sheet.name),
        };
        parts.push(described);
    }
    parts.join("；")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::grid::Cell;

    fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: name.into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|t| Cell { text: t.to_string(), ..Cell::default() }).collect())
                .collect(),
            ..Sheet::default()
        }
    }

    #[test]
    fn tells_the_lists_apart() {
        let territorial = sheet(
            "Sheet1",
            &[
                &["青山县乡镇（街道）属地管理事项主体责任和配合责任清单"],
                &["序号", "领域", "事项名称", "主体责任部门", "主体责任", "乡镇（街道）配合责任"],
                &["1", "城乡建设", "违法建设查处", "县住建局", "查处", "巡查"],
            ],
        );
        assert_eq!(classify(&[&territorial], "x").unwrap().kind, ListKind::Territorial);
        let admission = sheet(
            "准入",
            &[
                &["序号", "申请部门", "准入事项", "事项内容及要求", "准入类别", "审批机关", "批准日期"],
                &["1", "县民政局", "协助排查", "每季度", "协助事项", "县委、县政府", "2025-02-20"],
            ],
        );
        assert_eq!(classify(&[&admission], "x").unwrap().kind, ListKind::Admission);
        let township = sheet(
            "配合履职事项清单（2项）",
            &[
                &["序号", "事项名称", "对应上级部门", "上级部门职责", "乡镇（街道）配合职责"],
                &["1", "秸秆禁烧", "县农业农村局", "查处", "巡查"],
            ],
        );
        assert_eq!(classify(&[&township], "x").unwrap().kind, ListKind::Township);
        let department = sheet(
            "Sheet1",
            &[&["某局2024年权责清单"], &["序号", "事项名称", "权力类型", "实施依据"], &["1", "甲", "行政许可", "某法"]],
        );
        assert_eq!(classify(&[&department], "x").unwrap().kind, ListKind::Department);
        let roster = sheet("花名册", &[&["姓名", "电话", "住址"], &["张三", "123", "某村"]]);
        let err = classify(&[&roster], "x").unwrap_err();
        assert!(err.contains("工作表“花名册”第 1 行：A1“姓名” B1“电话” C1“住址”"), "{err}");
        assert_eq!(ListKind::parse("属地管理"), Some(ListKind::Territorial));
        assert_eq!(ListKind::parse("guidance"), Some(ListKind::Guidance));
    }
}

//! What an import did, per file and sheet, and its warnings as `file: sheet!B7: message`.

use super::grid::cell_name;
use crate::diag::{Diagnostic, Location, Severity};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A sheet of a file, for naming cells in diagnostics.
#[derive(Clone, Debug)]
pub struct Place {
    pub file: PathBuf,
    pub sheet: String,
}

impl Place {
    pub fn new(file: &Path, sheet: &str) -> Place {
        Place { file: file.to_path_buf(), sheet: sheet.to_string() }
    }

    /// A cell, 0-based.
    pub fn cell(&self, row: usize, col: usize) -> Location {
        Location::Cell { file: self.file.clone(), sheet: self.sheet.clone(), cell: cell_name(row, col) }
    }

    /// The sheet as a whole.
    pub fn sheet(&self) -> Location {
        Location::Cell { file: self.file.clone(), sheet: self.sheet.clone(), cell: String::new() }
    }

    pub fn warn(&self, row: usize, col: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(self.cell(row, col), message)
    }
}

#[derive(Debug, Default, Serialize)]
pub struct SheetReport {
    pub name: String,
    /// Non-blank rows below the header.
    pub rows: usize,
    pub items: usize,
    /// Items per part of a 履行职责事项清单 (基本, 配合, 收回), for item lists.
    pub parts: Option<[usize; 3]>,
    /// The count the sheet's name declares ("行政处罚（254项）").
    pub declared: Option<usize>,
    /// Why the sheet was not imported (empty, no header).
    pub skipped: Option<String>,
}

#[derive(Debug, Default)]
pub struct FileReport {
    pub path: PathBuf,
    /// Format and, for CSV, the encoding used.
    pub format: String,
    /// Which list the file holds (`ListKind::name`) and why that was decided.
    pub kind: Option<String>,
    pub kind_why: Option<String>,
    /// Where the list's facts came from: ("主体名称", "塘溪镇", "取自 …").
    pub facts: Vec<(String, String, String)>,
    pub sheets: Vec<SheetReport>,
    pub diags: Vec<Diagnostic>,
}

impl FileReport {
    pub fn failed(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }

    fn warnings_in(&self, sheet: &str) -> usize {
        self.diags.iter().filter(|d| matches!(&d.location, Location::Cell { sheet: s, .. } if s == sheet)).count()
    }
}

/// The whole run.
#[derive(Debug, Default)]
pub struct Outcome {
    pub files: Vec<FileReport>,
    /// Files written (list, and body when it was created).
    pub written: Vec<PathBuf>,
    pub items: usize,
    pub dry_run: bool,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.files.iter().any(FileReport::failed)
    }

    /// 0 on success (even with warnings), 1 when any file failed.
    pub fn exit_code(&self) -> i32 {
        if self.failed() {
            1
        } else {
            0
        }
    }

    /// The report in Chinese, for stderr.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for f in &self.files {
            out.push_str(&format!("{}：{}\n", f.path.display(), f.format));
            if let Some(kind) = &f.kind {
                let why = f.kind_why.as_deref().map(|w| format!("（{w}）")).unwrap_or_default();
                out.push_str(&format!("  内容：{kind}{why}\n"));
            }
            for (what, value, source) in &f.facts {
                out.push_str(&format!("  {what}：{value}（{source}）\n"));
            }
            for s in &f.sheets {
                match &s.skipped {
                    Some(why) => out.push_str(&format!("  {}：{why}\n", s.name)),
                    None => {
                        let declared = match s.declared {
                            Some(n) if n == s.items => format!("，与表名所列 {n} 项一致"),
                            Some(n) => format!("，表名写明 {n} 项"),
                            None => String::new(),
                        };
                        let parts = match s.parts {
                            Some([b, p, r]) if p + r > 0 => format!("（基本 {b}，配合 {p}，收回 {r}）"),
                            _ => String::new(),
                        };
                        out.push_str(&format!(
                            "  {}：读取 {} 行，生成 {} 项{parts}，警告 {} 条{declared}\n",
                            s.name,
                            s.rows,
                            s.items,
                            f.warnings_in(&s.name)
                        ));
                    }
                }
            }
            for d in &f.diags {
                out.push_str(&line(d));
                if let Some(hint) = &d.hint {
                    out.push_str(&format!("    提示：{hint}\n"));
                }
            }
            out.push('\n');
        }
        let failed: Vec<_> = self.files.iter().filter(|f| f.failed()).collect();
        if !failed.is_empty() {
            out.push_str(&format!(
                "有 {} 个文件无法导入，没有写入任何文件。请修正上面的错误后重新导入。\n",
                failed.len()
            ));
        } else if self.dry_run {
            out.push_str(&format!("共 {} 项。试运行（--dry-run），没有写入文件。\n", self.items));
        } else {
            let files: Vec<String> = self.written.iter().map(|p| p.display().to_string()).collect();
            out.push_str(&format!("共 {} 项，已写入 {}。\n", self.items, files.join("、")));
            out.push_str("接下来运行 qingdan check 检查导入结果。\n");
        }
        out
    }
}

/// `file: sheet!B7: message` (warnings) or `file: sheet!B7: 错误：message`.
fn line(d: &Diagnostic) -> String {
    let severity = if d.severity == Severity::Error { "错误：" } else { "" };
    format!("{}: {severity}{}\n", place(d), d.message)
}

fn place(d: &Diagnostic) -> String {
    match &d.location {
        Location::Cell { file, sheet, cell } if cell.is_empty() => format!("{}: {sheet}", file.display()),
        Location::Cell { file, sheet, cell } => format!("{}: {sheet}!{cell}", file.display()),
        Location::File(path) => path.display().to_string(),
        Location::Span(_) => String::new(),
    }
}

impl Outcome {
    /// The report as JSON (`--report json`): per file its format, kind, the list's facts with
    /// where they came from, per sheet rows read and items (per part), and every diagnostic
    /// with its file, sheet and cell.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Fact<'a> {
            field: &'a str,
            value: &'a str,
            source: &'a str,
        }
        #[derive(Serialize)]
        struct Diag<'a> {
            severity: &'static str,
            file: Option<String>,
            sheet: Option<&'a str>,
            cell: Option<&'a str>,
            message: &'a str,
            hint: Option<&'a str>,
        }
        #[derive(Serialize)]
        struct File<'a> {
            path: String,
            format: &'a str,
            kind: Option<&'a str>,
            kind_why: Option<&'a str>,
            facts: Vec<Fact<'a>>,
            sheets: &'a [SheetReport],
            warnings: usize,
            errors: usize,
            diagnostics: Vec<Diag<'a>>,
        }
        #[derive(Serialize)]
        struct Report<'a> {
            files: Vec<File<'a>>,
            items: usize,
            written: Vec<String>,
            dry_run: bool,
            exit_code: i32,
        }
        fn diag(d: &Diagnostic) -> Diag<'_> {
            let (file, sheet, cell) = match &d.location {
                Location::Cell { file, sheet, cell } => (
                    Some(file.display().to_string()),
                    Some(sheet.as_str()),
                    Some(cell.as_str()).filter(|c| !c.is_empty()),
                ),
                Location::File(path) => (Some(path.display().to_string()), None, None),
                Location::Span(_) => (None, None, None),
            };
            Diag {
                severity: if d.severity == Severity::Error { "error" } else { "warning" },
                file,
                sheet,
                cell,
                message: &d.message,
                hint: d.hint.as_deref(),
            }
        }
        let report = Report {
            files: self
                .files
                .iter()
                .map(|f| File {
                    path: f.path.display().to_string(),
                    format: &f.format,
                    kind: f.kind.as_deref(),
                    kind_why: f.kind_why.as_deref(),
                    facts: f.facts.iter().map(|(field, value, source)| Fact { field, value, source }).collect(),
                    sheets: &f.sheets,
                    warnings: f.diags.iter().filter(|d| !d.is_error()).count(),
                    errors: f.diags.iter().filter(|d| d.is_error()).count(),
                    diagnostics: f.diags.iter().map(diag).collect(),
                })
                .collect(),
            items: self.items,
            written: self.written.iter().map(|p| p.display().to_string()).collect(),
            dry_run: self.dry_run,
            exit_code: self.exit_code(),
        };
        serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
    }
}

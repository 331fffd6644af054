//! `qingdan import`: real spreadsheets (.xlsx, .xls, .csv) to the sources of one body.
//!
//! workbook (bytes → grids, by magic bytes) → header (where the table starts, what columns
//! mean) → rows (rows → one record per item) → items (records → model items, references
//! resolved against the site) → `source::emit` (model → TOML), written atomically. Nothing is
//! written when any file fails, so a broken file never leaves a half-imported list.

mod biff;
pub mod encoding;
mod header;
mod items;
pub mod limits;
pub mod report;
mod rows;
pub mod workbook;

pub use report::Outcome;

use crate::diag::{Diagnostic, Location};
use crate::model::{Body, BodyKind, ItemList, Located, Span};
use items::{Draft, Refs};
use report::{FileReport, Place, SheetReport};
use std::path::{Path, PathBuf};

/// What the command line asked for.
pub struct Options {
    pub files: Vec<PathBuf>,
    /// Code of the body the list is for.
    pub into: String,
    pub root: PathBuf,
    /// Name for a body file created by the import.
    pub name: Option<String>,
    pub kind: Option<BodyKind>,
    /// CSV encoding, instead of detecting it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub force: bool,
    pub dry_run: bool,
}

/// A mistake in the command itself (exit code 2).
#[derive(Debug)]
pub struct UsageError {
    pub message: String,
    pub hint: Option<String>,
}

impl UsageError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> UsageError {
        UsageError { message: message.into(), hint: Some(hint.into()) }
    }
}

/// What one file contributed.
#[derive(Default)]
struct FileData {
    drafts: Vec<Draft>,
    /// Text outside the tables (titles, notes), as `file: sheet!A1：text`.
    notes: Vec<String>,
    titles: Vec<String>,
    body_name: Option<String>,
    document: Option<String>,
    effective: Option<crate::model::Date>,
}

pub fn run(opts: &Options) -> Result<Outcome, UsageError> {
    let code = opts.into.trim();
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(UsageError::new(
            format!("主体代码 `{code}` 只能包含小写字母、数字和 -"),
            "代码用于网址，建议用名称的拼音，如 --into tangxi",
        ));
    }
    if let Some(problem) = crate::check::file_name_problem(code) {
        let why = match problem {
            crate::check::NameProblem::Device(device) => format!("在 Windows 上是设备名 {device}"),
            crate::check::NameProblem::TooLong(len) => {
                format!("长 {len} 字节，超过 {} 字节的上限", crate::check::MAX_CODE_BYTES)
            }
        };
        return Err(UsageError::new(
            format!("主体代码 `{code}` {why}，不能用作网站的目录名"),
            "换一个代码，建议用名称的拼音，如 --into tangxi",
        ));
    }
    let list_path = opts.root.join("content").join("lists").join(format!("{code}.toml"));
    let body_path = opts.root.join("content").join("bodies").join(format!("{code}.toml"));
    if list_path.exists() && !opts.force && !opts.dry_run {
        return Err(UsageError::new(
            format!("清单文件 {} 已存在，没有覆盖", list_path.display()),
            "确认要用表格内容替换它时，加上 --force；先看导入结果可加 --dry-run",
        ));
    }

    let loaded = crate::source::load(&opts.root);
    let site = &loaded.site;
    let body = site.bodies.iter().find(|b| b.code.value == code);
    let refs = Refs { site, body };

    let mut outcome = Outcome { dry_run: opts.dry_run, ..Outcome::default() };
    let mut data = Vec::new();
    for path in &opts.files {
        let (report, file) = import_file(path, opts, &refs);
        outcome.files.push(report);
        data.push(file);
    }
    if outcome.failed() {
        return Ok(outcome);
    }

    let mut drafts: Vec<Draft> = data.iter_mut().flat_map(|f| std::mem::take(&mut f.drafts)).collect();
    let mut code_diags = Vec::new();
    items::assign_codes(&mut drafts, code, &mut code_diags);
    for d in code_diags {
        if let Location::Cell { file, .. } = &d.location {
            if let Some(report) = outcome.files.iter_mut().find(|r| &r.path == file) {
                report.diags.push(d);
            }
        }
    }
    outcome.items = drafts.len();

    // Titles of one file's sheets are merged; with several files, the first file's is used.
    let title = data.iter().find_map(|f| common_title(&f.titles));
    let mut list = ItemList {
        body: Located::new(code.to_string(), Span::default()),
        title: title.clone(),
        document: data.iter().find_map(|f| f.document.clone()),
        effective: data.iter().find_map(|f| f.effective),
        items: drafts.into_iter().map(|d| d.item).collect(),
        span: Span::default(),
    };
    let names: Vec<String> = opts.files.iter().map(|p| file_name(p)).collect();
    let mut comments = vec![format!("由 qingdan import 从 {} 导入。字段说明见 docs/sources.md。", names.join("、"))];
    let notes: Vec<String> = data.iter().flat_map(|f| f.notes.iter().cloned()).collect();
    if !notes.is_empty() {
        comments.push("原表中表格以外的文字（标题、说明），未作为事项导入：".to_string());
        comments.extend(notes);
    }

    let mut new_body = None;
    if !body_path.exists() {
        let body_name = opts
            .name
            .clone()
            .or_else(|| data.iter().find_map(|f| f.body_name.clone()))
            .or_else(|| title.as_deref().and_then(name_from_title));
        let name = body_name.unwrap_or_else(|| {
            if let Some(first) = outcome.files.first_mut() {
                first.diags.push(
                    Diagnostic::warning(
                        Location::File(first.path.clone()),
                        format!("表中没有找到主体名称，暂用代码“{code}”作为名称"),
                    )
                    .hint(format!("用 --name 指定，或导入后修改 {} 中的 name", body_path.display())),
                );
            }
            code.to_string()
        });
        let kind = opts.kind.unwrap_or_else(|| kind_from_name(&name));
        new_body = Some(Body {
            code: Located::new(code.to_string(), Span::default()),
            name,
            kind,
            official_code: None,
            address: None,
            phone: None,
            hours: None,
            website: None,
            supervision_phone: None,
            intro: None,
            service_center: None,
            offices: Vec::new(),
            span: Span::default(),
        });
    } else if opts.name.is_some() || opts.kind.is_some() {
        if let Some(first) = outcome.files.first_mut() {
            first.diags.push(
                Diagnostic::warning(Location::File(body_path.clone()), "主体文件已存在，--name 和 --kind 没有使用")
                    .hint("要修改主体名称或类型，请直接编辑主体文件"),
            );
        }
    }

    // Exports write effective values; what equals the body's own default is not kept.
    let owner = body.or(new_body.as_ref());
    for item in &mut list.items {
        items::drop_defaults(item, owner);
    }
    let list_text = crate::source::emit::list(&list, &comments);

    if opts.dry_run {
        return Ok(outcome);
    }
    let mut written = Vec::new();
    let result = (|| -> std::io::Result<()> {
        if let Some(b) = &new_body {
            write_atomic(&body_path, &crate::source::emit::body(b))?;
            written.push(body_path.clone());
        }
        write_atomic(&list_path, &list_text)?;
        written.push(list_path.clone());
        Ok(())
    })();
    if let Err(e) = result {
        for path in &written {
            if path == &body_path {
                let _ = std::fs::remove_file(path);
            }
        }
        if let Some(first) = outcome.files.first_mut() {
            first.diags.push(Diagnostic::error(Location::File(list_path.clone()), format!("无法写入文件：{e}")));
        }
        return Ok(outcome);
    }
    written.reverse();
    outcome.written = written;
    Ok(outcome)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| path.display().to_string())
}

fn import_file(path: &Path, opts: &Options, refs: &Refs) -> (FileReport, FileData) {
    let mut report = FileReport { path: path.to_path_buf(), ..FileReport::default() };
    let mut data = FileData::default();
    let file = || Location::File(path.to_path_buf());
    // Large files are refused before they are read into memory.
    if let Err(t) = std::fs::metadata(path).map_or(Ok(()), |m| limits::check_file_size(m.len())) {
        report.format = "无法读取".into();
        report.diags.push(Diagnostic::error(file(), t.message.clone()).hint(t.hint()));
        return (report, data);
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            report.format = "无法读取".into();
            let message = if e.kind() == std::io::ErrorKind::NotFound {
                "文件不存在".to_string()
            } else {
                format!("无法读取文件：{e}")
            };
            report.diags.push(Diagnostic::error(file(), message).hint("检查文件路径是否正确"));
            return (report, data);
        }
    };
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "CSV".into());
    let wb = match workbook::read(bytes, &stem, opts.encoding) {
        Ok(wb) => wb,
        Err(e) => {
            report.format = "无法读取".into();
            let at = match &e {
                workbook::ReadError::TooLarge(t) => match (&t.sheet, t.cell) {
                    (Some(sheet), Some((r, c))) => Place::new(path, sheet).cell(r, c),
                    (Some(sheet), None) => Place::new(path, sheet).sheet(),
                    _ => file(),
                },
                _ => file(),
            };
            report.diags.push(Diagnostic::error(at, e.message()).hint(e.hint()));
            return (report, data);
        }
    };
    report.format = match &wb.encoding {
        Some(enc) => {
            if enc.had_errors {
                report.diags.push(
                    Diagnostic::warning(file(), format!("按 {} 编码读取时有无法识别的字节，已替换为 �", enc.name))
                        .hint("用 --encoding 指定正确的编码（如 gbk、gb18030、utf-8）后重新导入"),
                );
            } else if !enc.certain && !enc.name.starts_with("GBK") {
                report.diags.push(
                    Diagnostic::warning(file(), format!("文件没有标明编码，按猜测的 {} 编码读取", enc.name))
                        .hint("如果导入的文字是乱码，用 --encoding 指定编码（如 gbk、utf-8）后重新导入"),
                );
            }
            format!("{}，{} 编码{}", wb.format.name(), enc.name, if enc.certain { "" } else { "（自动识别）" })
        }
        None => wb.format.name().to_string(),
    };
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if !wb.format.extensions().contains(&extension.as_str()) && wb.format != workbook::Format::Csv {
        report.format.push_str(&format!("；扩展名是 .{extension}，已按实际格式读取"));
    }

    let mut no_header: Vec<&workbook::Sheet> = Vec::new();
    let mut found_header = false;
    for sheet in &wb.sheets {
        let place = Place::new(path, &sheet.name);
        if sheet.is_blank() {
            report.sheets.push(SheetReport {
                name: sheet.name.clone(),
                skipped: Some("空工作表，已跳过".into()),
                ..SheetReport::default()
            });
            continue;
        }
        if sheet.hidden {
            report.diags.push(
                Diagnostic::warning(place.sheet(), "隐藏的工作表，没有导入")
                    .hint("如需导入，请在 Excel/WPS 中取消隐藏后重新导入"),
            );
            report.sheets.push(SheetReport {
                name: sheet.name.clone(),
                skipped: Some("隐藏的工作表，已跳过".into()),
                ..SheetReport::default()
            });
            continue;
        }
        let Some(header) = header::detect(sheet) else {
            no_header.push(sheet);
            report.sheets.push(SheetReport {
                name: sheet.name.clone(),
                skipped: Some("没有找到表头，未导入".into()),
                ..SheetReport::default()
            });
            continue;
        };
        if header.column("name").is_none() {
            report.diags.push(
                Diagnostic::error(place.cell(header.row, 0), "表头中没有“事项名称”列，无法分清各个事项")
                    .hint("把事项名称所在列的表头改为“事项名称”后重新导入；可识别的列名见 docs/import.md"),
            );
            report.sheets.push(SheetReport {
                name: sheet.name.clone(),
                skipped: Some("没有“事项名称”列，未导入".into()),
                ..SheetReport::default()
            });
            found_header = true;
            continue;
        }
        found_header = true;
        let mut diags = Vec::new();
        for (r, c, formula) in &sheet.uncomputed {
            diags.push(
                place
                    .warn(*r, *c, format!("单元格只有公式“={formula}”，没有保存计算结果，按空白导入"))
                    .hint("在 Excel/WPS 中打开并保存（让公式算出结果）后重新导入"),
            );
        }
        let rows = rows::read(sheet, &header, &place, &mut diags);
        let drafts = items::build(&rows.records, &header, rows.sheet_type.as_deref(), refs, &place, &mut diags);
        if let Some(declared) = rows.declared {
            if declared != drafts.len() {
                diags.push(
                    Diagnostic::warning(
                        place.sheet(),
                        format!("工作表名称写明 {declared} 项，实际导入 {} 项", drafts.len()),
                    )
                    .hint("核对原表是否漏行、多行或序号合并；也可能是表名中的数字没有更新"),
                );
            }
        }
        for note in &rows.notes {
            let text = note.text.split_whitespace().collect::<Vec<_>>().join(" ");
            data.notes.push(format!(
                "{}: {}!{}：{}",
                file_name(path),
                sheet.name,
                workbook::cell_name(note.row, note.col),
                note.text
            ));
            if note.above_header {
                classify_preamble(&text, &mut data);
            } else {
                diags.push(
                    place
                        .warn(note.row, note.col, format!("表格中的说明文字没有作为事项导入：“{}”", shorten(&text, 40)))
                        .hint("原文已作为注释写在清单文件开头"),
                );
            }
        }
        report.sheets.push(SheetReport {
            name: sheet.name.clone(),
            rows: rows.rows_read,
            items: drafts.len(),
            declared: rows.declared,
            skipped: None,
        });
        report.diags.extend(diags);
        data.drafts.extend(drafts);
    }

    if !found_header {
        if no_header.is_empty() {
            let names: Vec<String> = wb.sheets.iter().map(|s| format!("“{}”", s.name)).collect();
            let message = if names.is_empty() {
                "工作簿中没有工作表".to_string()
            } else {
                format!("工作簿是空的：工作表{}都没有内容", names.join(""))
            };
            report.diags.push(Diagnostic::error(file(), message).hint("检查是否选错了文件"));
        }
        for sheet in no_header {
            let place = Place::new(path, &sheet.name);
            report.diags.push(
                Diagnostic::error(place.sheet(), "找不到表头：前 30 行中没有一行同时含有“事项名称”“权力类型”“实施依据”等列名")
                    .hint("表头至少要有“事项名称”和另一个可识别的列（如“序号”“权力类型”“实施依据”）；列名的写法见 docs/import.md"),
            );
        }
        return (report, data);
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
    if data.drafts.is_empty() {
        report
            .diags
            .push(Diagnostic::error(file(), "表格中没有任何事项（只有表头）").hint("检查是否选错了文件或工作表"));
    }
    let assumed = 0;
    if assumed > 0 {
        report.diags.push(
            Diagnostic::warning(file(), format!("原表没有“来源”列，{assumed} 项基本履职事项按“法定”导入"))
                .hint("有下放、委托、延伸的事项时，请在清单文件中改正 origin 并填写 department（来源部门代码）"),
        );
    }
    (report, data)
}

/// Text above a header: "附件", the list's title, or facts such as "部门名称：…" (qingdan's
/// own exports write "实施主体：…　文号：…　施行日期：…").
fn classify_preamble(text: &str, data: &mut FileData) {
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if squashed.is_empty() || squashed.starts_with("附件") && squashed.chars().count() <= 4 {
        return;
    }
    let mut known = false;
    for segment in text.split_whitespace() {
        let Some((label, value)) = segment.split_once(['：', ':']) else { continue };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match label.trim() {
            "部门名称" | "单位名称" | "填报单位" | "实施主体" | "部门" | "单位" => {
                known = true;
                data.body_name.get_or_insert_with(|| value.to_string());
            }
            "文号" | "发文字号" | "发布文号" => {
                known = true;
                data.document.get_or_insert_with(|| value.to_string());
            }
            "施行日期" | "实施日期" | "生效日期" => {
                if let Some(d) = crate::model::Date::parse(value) {
                    known = true;
                    data.effective.get_or_insert(d);
                }
            }
            _ => {}
        }
    }
    if !known {
        data.titles.push(items::clean_line(text));
    }
}

/// The list's title: the one title, or what several sheets' titles share
/// ("…指导目录（行政许可类）" and "…指导目录（行政处罚类）" → "…指导目录").
fn common_title(titles: &[String]) -> Option<String> {
    let first = titles.first()?;
    if titles.iter().all(|t| t == first) {
        return Some(first.clone());
    }
    let mut prefix: Vec<char> = first.chars().collect();
    for t in &titles[1..] {
        let n = prefix.iter().zip(t.chars()).take_while(|(a, b)| **a == *b).count();
        prefix.truncate(n);
    }
    let mut common: String = prefix.into_iter().collect();
    if let Some(open) = common.rfind(['（', '(']) {
        if !common[open..].contains(['）', ')']) {
            common.truncate(open);
        }
    }
    let common = common.trim().to_string();
    if common.chars().count() >= 4 {
        Some(common)
    } else {
        Some(first.clone())
    }
}

/// "克拉玛依市机关事务管理局2024年权责清单" → "克拉玛依市机关事务管理局".
fn name_from_title(title: &str) -> Option<String> {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let t = strip_year(&t);
    let mut end = t.len();
    for marker in ["权责清单", "权力清单", "责任清单", "履行职责事项清单", "职责清单", "清单", "目录"]
    {
        if let Some(i) = t.find(marker) {
            end = end.min(i);
        }
    }
    if let Some(i) = find_year(t) {
        end = end.min(i);
    }
    let name = t[..end].trim_end_matches(['的', '（', '(']).to_string();
    (name.chars().count() >= 2).then_some(name)
}

fn strip_year(t: &str) -> &str {
    match find_year(t) {
        Some(0) => {
            let after_digits = t.char_indices().find(|(_, c)| !c.is_ascii_digit()).map(|(i, _)| i).unwrap_or(t.len());
            t[after_digits..].trim_start_matches('年').trim_start_matches("度")
        }
        _ => t,
    }
}

/// Byte position of "2024年".
fn find_year(t: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    (0..chars.len().saturating_sub(4))
        .find(|&i| chars[i..i + 4].iter().all(|(_, c)| c.is_ascii_digit()) && chars[i + 4].1 == '年')
        .map(|i| chars[i].0)
}

/// 镇, 乡, 街道 by the name's ending; anything else is a department.
fn kind_from_name(name: &str) -> BodyKind {
    let n = name.trim();
    if n.ends_with("街道") || n.ends_with("街道办事处") {
        BodyKind::Street
    } else if n.ends_with('镇') || n.ends_with("镇人民政府") {
        BodyKind::Town
    } else if n.ends_with('乡') || n.ends_with("乡人民政府") {
        BodyKind::Township
    } else {
        BodyKind::Department
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// Writes through a temporary file in the same directory, then renames it into place.
fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_names_and_kinds() {
        assert_eq!(
            name_from_title("克拉玛依市机关事务管理局2024年权责清单").as_deref(),
            Some("克拉玛依市机关事务管理局")
        );
        assert_eq!(name_from_title("2025年克拉玛依市统计局权责清单").as_deref(), Some("克拉玛依市统计局"));
        assert_eq!(name_from_title("克拉玛依市人防系统权责清单指导目录").as_deref(), Some("克拉玛依市人防系统"));
        assert_eq!(kind_from_name("塘溪镇"), BodyKind::Town);
        assert_eq!(kind_from_name("城关街道"), BodyKind::Street);
        assert_eq!(kind_from_name("克拉玛依市统计局"), BodyKind::Department);
        assert_eq!(
            common_title(&["人防权责清单指导目录（行政检查类）".into(), "人防权责清单指导目录（行政许可类）".into()])
                .as_deref(),
            Some("人防权责清单指导目录")
        );
        let mut data = FileData::default();
        classify_preamble("  部门名称：市机关事务管理局       ", &mut data);
        classify_preamble("附件", &mut data);
        assert_eq!(data.body_name.as_deref(), Some("市机关事务管理局"));
        assert!(data.titles.is_empty());
        let mut data = FileData::default();
        classify_preamble("实施主体：东村镇　文号：示编办〔2025〕1号　施行日期：2025年10月1日", &mut data);
        classify_preamble("东村镇履行职责事项清单", &mut data);
        assert_eq!(data.body_name.as_deref(), Some("东村镇"));
        assert_eq!(data.document.as_deref(), Some("示编办〔2025〕1号"));
        assert_eq!(data.effective.map(|d| d.to_string()).as_deref(), Some("2025-10-01"));
        assert_eq!(data.titles, ["东村镇履行职责事项清单"]);
    }
}

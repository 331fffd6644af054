//! `qingdan import`: real spreadsheets (.xlsx, .xls, .csv) to sources.
//!
//! workbook (bytes → grids, by magic bytes; hidden rows, columns and merged-over values set
//! aside, `hidden`) → classify (which list it holds: a township's three-part list, a
//! department's power list, 属地管理, 准入, a guidance catalog) → header (where the table
//! starts, what columns mean) → rows (rows → one record per item) → items / county (records →
//! model, references resolved against the site) → `source::emit` (model → TOML), written
//! atomically. Nothing is written when any file fails, so a broken file never leaves a
//! half-imported list.

mod biff;
pub mod classify;
mod county;
pub mod encoding;
pub mod grid;
mod header;
mod hidden;
mod items;
pub mod limits;
mod lists;
mod meta;
pub mod report;
mod rows;
mod visibility;
pub mod workbook;

pub use classify::ListKind;
pub use report::Outcome;

use crate::diag::{Diagnostic, Location};
use crate::error::Error;
use crate::model::{AdmissionList, Body, BodyKind, Catalog, ItemList, Located, Span, TerritorialList};
use items::Refs;
use meta::{Found, Meta};
use report::{FileReport, Place, SheetReport};
use std::path::{Path, PathBuf};

/// What the command line asked for.
pub struct Options {
    pub files: Vec<PathBuf>,
    /// Code of the body the list is for (item lists), or the catalog's id (guidance).
    pub into: Option<String>,
    pub root: PathBuf,
    /// Name for a body file created by the import.
    pub name: Option<String>,
    pub kind: Option<BodyKind>,
    /// What the workbook holds, instead of recognising it (`--as`).
    pub list_kind: Option<ListKind>,
    /// CSV encoding, instead of detecting it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Import hidden sheets, rows and columns and values under merged cells too.
    pub include_hidden: bool,
    /// Only these sheets (names, or numbers from 1).
    pub sheets: Vec<String>,
    /// Of a workbook with one sheet per level, the level to import ("市级").
    pub level: Option<String>,
    pub force: bool,
    pub dry_run: bool,
}

/// One file as read: its sheets (hidden content set aside), for classifying and importing.
pub struct Input {
    pub path: PathBuf,
    /// The file name without its extension: the name of a CSV's one sheet, and a clue to
    /// what it holds ("塘溪镇配合履职事项清单.csv").
    pub stem: String,
    pub csv: bool,
    pub sheets: Vec<grid::Sheet>,
}

fn file_location(path: &Path) -> Location {
    Location::File(path.to_path_buf())
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| path.display().to_string())
}

/// A body code or catalog id given with `--into`: it becomes a file name and part of URLs.
fn check_code(code: &str, what: &str) -> crate::error::Result<()> {
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(Error::usage(
            format!("{what} `{code}` 只能包含小写字母、数字和 -"),
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
        return Err(Error::usage(
            format!("{what} `{code}` {why}，不能用作网站的目录名"),
            "换一个代码，建议用名称的拼音，如 --into tangxi",
        ));
    }
    Ok(())
}

pub fn run(opts: &Options) -> crate::error::Result<Outcome> {
    let into = opts.into.as_deref().map(str::trim);
    if let Some(code) = into {
        check_code(code, "主体代码")?;
    }
    // The bodies, catalogs and county tables are what references resolve against; the lists
    // (most of a site) are not needed.
    let loaded = crate::source::load_lists_of(&opts.root, Some(&std::collections::BTreeSet::new()));
    let site = &loaded.site;

    let mut outcome = Outcome { dry_run: opts.dry_run, ..Outcome::default() };
    let mut inputs = Vec::new();
    for path in &opts.files {
        let (report, input) = read_input(path, opts);
        outcome.files.push(report);
        inputs.push(input);
    }
    if outcome.failed() {
        return Ok(outcome);
    }
    let inputs: Vec<Input> = inputs.into_iter().flatten().collect();

    for (input, report) in inputs.iter().zip(outcome.files.iter_mut()) {
        if input.sheets.iter().all(|s| s.is_blank()) {
            let names: Vec<String> = input.sheets.iter().map(|s| format!("“{}”", s.name)).collect();
            let message = if names.is_empty() {
                "工作簿中没有可导入的工作表".to_string()
            } else {
                format!("工作簿是空的：工作表{}都没有内容", names.join(""))
            };
            report.diags.push(Diagnostic::error(file_location(&input.path), message).hint("检查是否选错了文件"));
        }
    }
    if outcome.failed() {
        return Ok(outcome);
    }
    // What each file holds; all must hold the same kind of list.
    let mut kind: Option<ListKind> = None;
    for (input, report) in inputs.iter().zip(outcome.files.iter_mut()) {
        let decided = match opts.list_kind {
            Some(k) => Ok(classify::Decision { kind: k, why: "按 --as 指定".into() }),
            None => {
                let sheets: Vec<&grid::Sheet> = input.sheets.iter().filter(|s| !s.is_blank()).collect();
                classify::classify(&sheets, &input.stem)
            }
        };
        match decided {
            Ok(d) => {
                report.kind = Some(d.kind.name().to_string());
                report.kind_why = Some(d.why.clone());
                let family = |k: ListKind| if k.is_item_list() { ListKind::Department } else { k };
                match kind {
                    None => kind = Some(d.kind),
                    Some(k) if family(k) == family(d.kind) => {
                        if d.kind == ListKind::Township {
                            kind = Some(ListKind::Township);
                        }
                    }
                    Some(k) => report.diags.push(
                        Diagnostic::error(
                            file_location(&input.path),
                            format!("这个文件是{}，前面的文件是{}，不能导入到同一处", d.kind.name(), k.name()),
                        )
                        .hint("不同种类的清单请分别导入"),
                    ),
                }
            }
            Err(found) => report.diags.push(
                Diagnostic::error(file_location(&input.path), format!("无法判断这是哪一种清单。表格中有：{found}"))
                    .hint(format!(
                        "qingdan 能导入乡镇（街道）履行职责事项清单、部门权责清单、属地管理事项清单、职责准入清单和指导目录。如果这是其中之一，请确认表头有“事项名称”等列名（见 docs/import.md），或用 --as 指定：{}",
                        ListKind::CHOICES.iter().map(|(zh, _, _)| *zh).collect::<Vec<_>>().join("、")
                    )),
            ),
        }
    }
    if outcome.failed() {
        return Ok(outcome);
    }
    let Some(kind) = kind else { return Ok(outcome) };
    let refs_body = into.and_then(|code| site.bodies.iter().find(|b| b.code.value == code));
    let refs = Refs { site, body: if kind.is_item_list() { refs_body } else { None } };
    match kind {
        ListKind::Township | ListKind::Department => {
            let Some(code) = into else {
                return Err(Error::usage(
                    format!("导入{}需要用 --into 指定主体代码", kind.name()),
                    "例如 qingdan import 塘溪镇清单.xlsx --into tangxi；代码用于网址，建议用名称的拼音",
                ));
            };
            import_list(code, kind, &inputs, opts, &refs, &mut outcome)?;
        }
        _ => import_county(kind, into, &inputs, opts, &refs, &mut outcome)?,
    }
    Ok(outcome)
}

fn read_input(path: &Path, opts: &Options) -> (FileReport, Option<Input>) {
    let mut report = FileReport { path: path.to_path_buf(), ..FileReport::default() };
    let file = || Location::File(path.to_path_buf());
    // Large files are refused before they are read into memory.
    if let Err(t) = std::fs::metadata(path).map_or(Ok(()), |m| limits::check_file_size(m.len())) {
        report.format = "无法读取".into();
        report.diags.push(Diagnostic::error(file(), t.message.clone()).hint(t.hint()));
        return (report, None);
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
            return (report, None);
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
            return (report, None);
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
    let csv = wb.format == workbook::Format::Csv;

    // --sheet: by name, or by number from 1.
    let total = wb.sheets.len();
    let mut sheets = Vec::new();
    if !opts.sheets.is_empty() && !csv {
        for wanted in &opts.sheets {
            let found = wb
                .sheets
                .iter()
                .position(|s| s.name == *wanted || s.name.trim() == wanted.trim())
                .or_else(|| wanted.trim().parse::<usize>().ok().filter(|n| (1..=total).contains(n)).map(|n| n - 1));
            if found.is_none() {
                let names: Vec<String> =
                    wb.sheets.iter().enumerate().map(|(i, s)| format!("{}“{}”", i + 1, s.name)).collect();
                report.diags.push(
                    Diagnostic::error(file(), format!("没有名为“{wanted}”的工作表"))
                        .hint(format!("--sheet 写工作表名称或序号（从 1 起）：{}", names.join("、"))),
                );
            }
        }
    }
    for (i, mut sheet) in wb.sheets.into_iter().enumerate() {
        let chosen = opts.sheets.is_empty()
            || csv
            || opts
                .sheets
                .iter()
                .any(|w| sheet.name == *w || sheet.name.trim() == w.trim() || w.trim() == (i + 1).to_string());
        if !chosen {
            report.sheets.push(SheetReport {
                name: sheet.name.clone(),
                skipped: Some("没有用 --sheet 选择，未导入".into()),
                ..SheetReport::default()
            });
            continue;
        }
        let place = Place::new(path, &sheet.name);
        if sheet.hidden && !sheet.is_blank() {
            if opts.include_hidden {
                report.diags.push(
                    Diagnostic::warning(place.sheet(), "隐藏的工作表，按 --include-hidden 导入")
                        .hint("这个工作表在原表中看不到，请核对是否应当公布"),
                );
            } else {
                report.diags.push(
                    Diagnostic::warning(place.sheet(), "隐藏的工作表，没有导入")
                        .hint("原表中看不到的内容视为没有公布；确需导入时加 --include-hidden"),
                );
                report.sheets.push(SheetReport {
                    name: sheet.name.clone(),
                    skipped: Some("隐藏的工作表，已跳过".into()),
                    ..SheetReport::default()
                });
                continue;
            }
        }
        let groups = hidden::apply(&mut sheet, opts.include_hidden);
        report.diags.extend(hidden::report(&groups, &place, opts.include_hidden));
        sheets.push(sheet);
    }
    if report.failed() {
        return (report, None);
    }
    let input = Input { path: path.to_path_buf(), stem, csv, sheets };
    (report, Some(input))
}

/// The list-level facts of a CSV that qingdan exported: the JSON download of the same list
/// beside it (`tangxi.csv` and `tangxi.json`) has the title, 文号 and 施行日期 a CSV has no
/// room for.
fn companion(input: &Input, meta: &mut Meta) {
    if !input.csv || !meta.titles.is_empty() {
        return;
    }
    let json = input.path.with_extension("json");
    let Ok(text) = std::fs::read_to_string(&json) else { return };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else { return };
    let at = format!("同目录的 {}", file_name(&json));
    let get = |k: &str| value.get(k).and_then(|v| v.as_str()).filter(|v| !v.is_empty());
    let found = |v: &str, k: &str| Found { value: v.to_string(), at: at.clone(), text: format!("{k}: {v}") };
    if let Some(t) = get("title") {
        meta.titles.push(found(t, "title"));
    }
    if let Some(d) = get("document") {
        meta.document.get_or_insert_with(|| found(d, "document"));
    }
    if let Some(d) = get("effective").and_then(crate::model::Date::parse) {
        meta.effective.get_or_insert_with(|| Found { value: d, at: at.clone(), text: format!("effective: {d}") });
    }
    if let Some(d) = get("date").and_then(crate::model::Date::parse) {
        meta.date.get_or_insert_with(|| Found { value: d, at: at.clone(), text: format!("date: {d}") });
    }
    if let Some(i) = get("issuer") {
        meta.issuer.get_or_insert_with(|| found(i, "issuer"));
    }
    if let Some(n) = get("notes") {
        for line in n.lines() {
            meta.notes.push(found(line, "notes"));
        }
    }
}

fn fact<T: ToString>(report: &mut FileReport, what: &str, found: &Found<T>) {
    report.facts.push((what.to_string(), found.value.to_string(), found.source()));
}

/// The list's own facts, over all files: the first file that states each.
fn merged(metas: &[Meta]) -> Meta {
    let mut out = Meta::default();
    for m in metas {
        if out.titles.is_empty() {
            if let Some(t) = m.title() {
                out.titles.push(t);
            }
        }
        out.body_name = out.body_name.take().or_else(|| m.body_name.clone());
        out.document = out.document.take().or_else(|| m.document.clone());
        out.effective = out.effective.take().or_else(|| m.effective.clone());
        out.issuer = out.issuer.take().or_else(|| m.issuer.clone());
        out.date = out.date.take().or_else(|| m.date.clone());
        for n in &m.notes {
            if !out.notes.iter().any(|x| x.value == n.value) {
                out.notes.push(n.clone());
            }
        }
    }
    out
}

/// The comments atop a written file: where it came from, and the sheets' own titles where
/// they differ from the list's ("…指导目录（行政许可类）" over each sheet of "…指导目录").
fn comments(opts: &Options, metas: &[Meta], title: Option<&str>) -> Vec<String> {
    let names: Vec<String> = opts.files.iter().map(|p| file_name(p)).collect();
    let mut out = vec![format!("由 qingdan import 从 {} 导入。字段说明见 docs/sources.md。", names.join("、"))];
    let own: Vec<String> = metas
        .iter()
        .flat_map(|m| &m.titles)
        .filter(|t| Some(t.value.as_str()) != title)
        .map(|t| format!("{}：{}", t.at, t.text))
        .collect();
    if !own.is_empty() {
        out.push(format!("各工作表的标题：\n{}", own.join("\n")));
    }
    // Facts stated beside the table ("部门名称：…"), with the cell they were read from.
    let mut facts: Vec<String> = Vec::new();
    for m in metas {
        for f in [&m.body_name, &m.document, &m.issuer].into_iter().flatten() {
            facts.push(format!("{}：{}", f.at, f.text));
        }
        for f in [&m.effective, &m.date].into_iter().flatten() {
            facts.push(format!("{}：{}", f.at, f.text));
        }
    }
    facts.dedup();
    if !facts.is_empty() {
        out.push(format!("表格以外写明的信息：\n{}", facts.join("\n")));
    }
    out
}

/// Where a target file already exists and `--force` was not given.
fn refuse_overwrite(path: &Path, opts: &Options) -> crate::error::Result<()> {
    if path.exists() && !opts.force && !opts.dry_run {
        return Err(Error::usage(
            format!("文件 {} 已存在，没有覆盖", path.display()),
            "确认要用表格内容替换它时，加上 --force；先看导入结果可加 --dry-run",
        ));
    }
    Ok(())
}

fn import_list(
    code: &str,
    kind: ListKind,
    inputs: &[Input],
    opts: &Options,
    refs: &Refs,
    outcome: &mut Outcome,
) -> crate::error::Result<()> {
    let list_path = opts.root.join("content").join("lists").join(format!("{code}.toml"));
    let body_path = opts.root.join("content").join("bodies").join(format!("{code}.toml"));
    refuse_overwrite(&list_path, opts)?;
    let mut data = Vec::new();
    for (input, report) in inputs.iter().zip(outcome.files.iter_mut()) {
        let mut file = lists::read(input, kind, opts, refs, report);
        companion(input, &mut file.meta);
        data.push(file);
    }
    if outcome.failed() {
        return Ok(());
    }
    let mut drafts: Vec<items::Draft> = data.iter_mut().flat_map(|f| std::mem::take(&mut f.drafts)).collect();
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
    let metas: Vec<Meta> = data.into_iter().map(|f| f.meta).collect();
    let meta = merged(&metas);
    let county =
        refs.site.bodies.iter().find(|b| b.code.value == refs.site.config.jurisdiction.value).map(|b| b.name.as_str());

    let first = outcome.files.first_mut().expect("one file at least");
    let title = meta.title();
    if let Some(t) = &title {
        fact(first, "清单名称", t);
    }
    if let Some(d) = &meta.document {
        fact(first, "文号", d);
    }
    if let Some(d) = &meta.effective {
        fact(first, "施行日期", d);
    }
    let mut list = ItemList {
        body: Located::new(code.to_string(), Span::default()),
        title: title.map(|t| t.value),
        document: meta.document.as_ref().map(|d| d.value.clone()),
        effective: meta.effective.as_ref().map(|d| d.value),
        notes: meta.notes_text(),
        items: drafts.into_iter().map(|d| d.item).collect(),
        span: Span::default(),
    };
    if !meta.notes.is_empty() {
        first.facts.push((
            "说明".into(),
            format!("{} 段", meta.notes.len()),
            format!("取自 {}", meta.notes.iter().map(|n| n.at.as_str()).collect::<Vec<_>>().join("、")),
        ));
    }

    let mut new_body = None;
    if !body_path.exists() {
        let named: Option<Found<String>> = match &opts.name {
            Some(n) => Some(Found { value: n.clone(), at: "--name".into(), text: n.clone() }),
            None => meta
                .body_name
                .clone()
                .or_else(|| meta.title().and_then(|t| meta::name_from_title(&t.value).map(|n| Found { value: n, ..t })))
                .or_else(|| {
                    // A file name names the body only when it is a list's title ("塘溪镇权责清单.xlsx").
                    let stem = &inputs[0].stem;
                    let titled = ["清单", "目录", "事项"].iter().any(|w| stem.contains(w));
                    titled.then(|| meta::name_from_title(stem)).flatten().map(|n| Found {
                        value: n,
                        at: format!("文件名 {}", file_name(&inputs[0].path)),
                        text: stem.clone(),
                    })
                }),
        };
        let grassroots = |k: BodyKind| matches!(k, BodyKind::Town | BodyKind::Township | BodyKind::Street);
        let name = match named {
            Some(mut found) => {
                if kind == ListKind::Township && opts.name.is_none() {
                    found.value = meta::township_name(&found.value, county);
                }
                first.facts.push(("主体名称".into(), found.value.clone(), found.source()));
                found.value
            }
            None => {
                first.diags.push(
                    Diagnostic::warning(
                        Location::File(first.path.clone()),
                        format!("表中没有找到主体名称，暂用代码“{code}”作为名称"),
                    )
                    .hint(format!("用 --name 指定，或导入后修改 {} 中的 name", body_path.display())),
                );
                code.to_string()
            }
        };
        let by_name = meta::kind_from_name(&name);
        let body_kind = match (opts.kind, kind) {
            (Some(k), _) => k,
            (None, ListKind::Township) if !grassroots(by_name) => {
                first.diags.push(
                    Diagnostic::warning(Location::File(first.path.clone()), format!("主体“{name}”的类型按“镇”新建"))
                        .hint(format!(
                            "用 --kind 乡 或 --kind 街道 指定，或导入后修改 {} 中的 kind",
                            body_path.display()
                        )),
                );
                BodyKind::Town
            }
            (None, _) => by_name,
        };
        new_body = Some(Body {
            code: Located::new(code.to_string(), Span::default()),
            name,
            kind: body_kind,
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
        first.diags.push(
            Diagnostic::warning(Location::File(body_path.clone()), "主体文件已存在，--name 和 --kind 没有使用")
                .hint("要修改主体名称或类型，请直接编辑主体文件"),
        );
    }

    // Exports write effective values; what equals the body's own default is not kept.
    let owner = refs.body.or(new_body.as_ref());
    for item in &mut list.items {
        items::drop_defaults(item, owner);
    }
    let list_text = crate::source::emit::list(&list, &comments(opts, &metas, list.title.as_deref()));
    let mut files = Vec::new();
    if let Some(b) = &new_body {
        files.push((body_path, crate::source::emit::body(b), true));
    }
    files.push((list_path, list_text, false));
    write_all(files, opts, outcome);
    Ok(())
}

fn import_county(
    kind: ListKind,
    into: Option<&str>,
    inputs: &[Input],
    opts: &Options,
    refs: &Refs,
    outcome: &mut Outcome,
) -> crate::error::Result<()> {
    let content = opts.root.join("content");
    // A catalog's id: --into, or the file name of qingdan's download (guidance-<id>.csv).
    let catalog_id = match kind {
        ListKind::Guidance => {
            let id = into
                .map(str::to_string)
                .or_else(|| inputs.first().and_then(|i| i.stem.strip_prefix("guidance-")).map(str::to_string));
            let Some(id) = id else {
                return Err(Error::usage(
                    "导入指导目录需要用 --into 指定目录代码",
                    "例如 --into dongjiang-zhifa；目录代码是 content/guidance/ 中的文件名，用于网址",
                ));
            };
            check_code(&id, "目录代码")?;
            Some(id)
        }
        _ => None,
    };
    if into.is_some() && kind != ListKind::Guidance {
        if let Some(first) = outcome.files.first_mut() {
            first.diags.push(
                Diagnostic::warning(
                    Location::File(first.path.clone()),
                    format!("{}是全县一份，--into 没有使用", kind.name()),
                )
                .hint("属地管理和准入清单写入 content/territorial.toml、content/admission.toml"),
            );
        }
    }
    let target = match kind {
        ListKind::Territorial => content.join("territorial.toml"),
        ListKind::Admission => content.join("admission.toml"),
        _ => content.join("guidance").join(format!("{}.toml", catalog_id.as_deref().unwrap_or("catalog"))),
    };
    refuse_overwrite(&target, opts)?;
    let mut data = Vec::new();
    for (input, report) in inputs.iter().zip(outcome.files.iter_mut()) {
        let mut file = county::read(input, kind, refs, report);
        companion(input, &mut file.meta);
        data.push(file);
    }
    if outcome.failed() {
        return Ok(());
    }
    let mut rows: Vec<county::Row> = data.iter_mut().flat_map(|f| std::mem::take(&mut f.rows)).collect();
    let metas: Vec<Meta> = data.into_iter().map(|f| f.meta).collect();
    let meta = merged(&metas);
    let prefix = match kind {
        ListKind::Territorial => "SD".to_string(),
        ListKind::Admission => "ZR".to_string(),
        _ => catalog_id.as_deref().unwrap_or("ML").to_ascii_uppercase(),
    };
    let mut code_diags = std::collections::HashMap::new();
    county::assign_codes(&mut rows, &prefix, &mut code_diags);
    for report in outcome.files.iter_mut() {
        if let Some(d) = code_diags.remove(&report.path) {
            report.diags.extend(d);
        }
    }
    outcome.items = rows.len();
    let county_name = refs
        .site
        .bodies
        .iter()
        .find(|b| b.code.value == refs.site.config.jurisdiction.value)
        .map(|b| b.name.clone())
        .unwrap_or_default();
    let first = outcome.files.first_mut().expect("one file at least");
    let title = match meta.title() {
        Some(t) => {
            let mut t = t;
            if let Some(stripped) = t.value.strip_suffix("（承接情况）") {
                t.value = stripped.to_string();
            }
            fact(first, "名称", &t);
            t.value
        }
        None => {
            let default = match kind {
                ListKind::Territorial => format!("{county_name}乡镇（街道）属地管理事项主体责任和配合责任清单"),
                ListKind::Admission => format!("{county_name}乡镇（街道）职责准入清单"),
                _ => inputs[0].stem.clone(),
            };
            first.diags.push(
                Diagnostic::warning(Location::File(first.path.clone()), format!("表中没有标题，名称暂定为“{default}”"))
                    .hint(format!("导入后修改 {} 中的 title", target.display())),
            );
            default
        }
    };
    if let Some(d) = &meta.document {
        fact(first, "文号", d);
    }
    if let Some(d) = &meta.effective {
        fact(first, "施行日期", d);
    }
    let notes = meta.notes_text();
    let comment = comments(opts, &metas, Some(&title));
    let text = match kind {
        ListKind::Territorial => {
            let list = TerritorialList {
                title,
                document: meta.document.as_ref().map(|d| d.value.clone()),
                effective: meta.effective.as_ref().map(|d| d.value),
                notes,
                matters: rows
                    .into_iter()
                    .filter_map(|r| match r.value {
                        county::Value::Matter(m) => Some(m),
                        _ => None,
                    })
                    .collect(),
            };
            crate::source::emit::territorial(&list, &comment)
        }
        ListKind::Admission => {
            let list_date = meta.effective.as_ref().map(|d| d.value).or(meta.date.as_ref().map(|d| d.value));
            let list_document = meta.document.as_ref().map(|d| d.value.clone());
            let mut items = Vec::new();
            let (mut no_date, mut no_document, mut no_approver) = (0, 0, 0);
            for r in rows {
                let county::Value::Admission(mut a) = r.value else { continue };
                if a.approved_on.year == 0 {
                    match list_date {
                        Some(d) => {
                            a.approved_on = d;
                            no_date += 1;
                        }
                        None => first.diags.push(
                            r.place
                                .warn(r.row, 0, format!("准入事项“{}”没有批准日期", a.title))
                                .hint("表中加“批准日期”列，或在表头上方写明“施行日期：2025年1月1日”后重新导入"),
                        ),
                    }
                }
                if a.document.is_empty() {
                    if let Some(d) = &list_document {
                        a.document = d.clone();
                        no_document += 1;
                    }
                }
                if a.approved_by.is_empty() {
                    a.approved_by = "县委、县政府".into();
                    no_approver += 1;
                }
                items.push(a);
            }
            let path = first.path.clone();
            for (n, what) in [
                (no_date, "批准日期按清单的施行日期导入"),
                (no_document, "批准文号按清单的文号导入"),
                (no_approver, "审批机关按“县委、县政府”导入（乡镇职责准入须经县委、县政府批准）"),
            ] {
                if n > 0 {
                    first.diags.push(
                        Diagnostic::warning(
                            Location::File(path.clone()),
                            format!("表中没有写，{n} 项准入事项的{what}"),
                        )
                        .hint("请核对 content/admission.toml 中的 approved_on、document、approved_by"),
                    );
                }
            }
            if first.diags.iter().any(Diagnostic::is_error) {
                return Ok(());
            }
            let list = AdmissionList { title, document: list_document, notes, items, procedure: None };
            crate::source::emit::admission(&list, &comment)
        }
        _ => {
            let catalog = Catalog {
                id: Located::new(catalog_id.clone().unwrap_or_default(), Span::default()),
                title,
                issuer: meta.issuer.as_ref().map(|d| d.value.clone()),
                document: meta.document.as_ref().map(|d| d.value.clone()),
                date: meta.date.as_ref().or(meta.effective.as_ref()).map(|d| d.value),
                notes,
                items: rows
                    .into_iter()
                    .filter_map(|r| match r.value {
                        county::Value::Guidance(g) => Some(g),
                        _ => None,
                    })
                    .collect(),
            };
            crate::source::emit::catalog(&catalog, &comment)
        }
    };
    write_all(vec![(target, text, false)], opts, outcome);
    Ok(())
}

/// Writes every file atomically (none on a dry run); on a failure, removes the files this run
/// created and reports it.
fn write_all(files: Vec<(PathBuf, String, bool)>, opts: &Options, outcome: &mut Outcome) {
    if opts.dry_run {
        return;
    }
    let mut written: Vec<(PathBuf, bool)> = Vec::new();
    for (path, text, created) in files {
        if let Err(e) = write_atomic(&path, &text) {
            for (p, created) in &written {
                if *created {
                    let _ = std::fs::remove_file(p);
                }
            }
            if let Some(first) = outcome.files.first_mut() {
                first.diags.push(Diagnostic::error(Location::File(path.clone()), format!("无法写入文件：{e}")));
            }
            return;
        }
        written.push((path, created));
    }
    outcome.written = written.into_iter().rev().map(|(p, _)| p).collect();
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

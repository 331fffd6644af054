//! Loading: `qingdan.toml` and `content/` to the model, with every problem as a diagnostic.
//! Files are read and parsed in parallel; the result does not depend on thread order.

mod admission;
mod bodies;
mod config;
pub mod emit;
mod front_matter;
mod guidance;
mod lists;
mod pages;
pub(crate) mod table;
mod territorial;

use crate::diag::{Diagnostic, Diagnostics, Location, SourceMap};
use crate::model::{ItemList, Site};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use table::{FileCx, Table};

pub use front_matter::split_front_matter;

/// The file that marks a site root.
pub const CONFIG_FILE: &str = "qingdan.toml";

/// A loaded site with the files its diagnostics refer to.
pub struct Loaded {
    pub site: Site,
    pub map: SourceMap,
    pub diags: Diagnostics,
    /// Codes of bodies whose files exist but could not be read; references to them are
    /// already explained by the file's own errors and are not reported again.
    pub broken_bodies: BTreeSet<String>,
}

/// Loads the site at `root`. Never fails: unreadable or broken files become diagnostics and
/// the rest is loaded, so `check` can report every problem in one run.
pub fn load(root: &Path) -> Loaded {
    load_lists_of(root, None)
}

/// Like `load`, but reads only the lists of the bodies named in `lists` (all when `None`):
/// comparing two versions needs only the lists that differ.
pub fn load_lists_of(root: &Path, only: Option<&BTreeSet<String>>) -> Loaded {
    load_with(root, only, None)
}

/// Like `load`, reusing the lists of earlier loads kept in `cache` while their files are
/// unchanged (`serve`: an edit to one list parses one list).
pub fn load_cached(root: &Path, cache: &mut ListCache) -> Loaded {
    load_with(root, None, Some(cache))
}

/// A file's size and modification time: a change of either means the file was written.
pub type Stamp = (u64, Option<std::time::SystemTime>);

pub fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path).map(|m| (m.len(), m.modified().ok())).unwrap_or_default()
}

/// Lists as parsed by earlier loads, with their diagnostics, by path. An entry is reused while
/// its file has the same stamp and the same place in the source map (the spans refer to it).
#[derive(Default)]
pub struct ListCache {
    entries: HashMap<PathBuf, Cached>,
}

struct Cached {
    stamp: Stamp,
    file: u32,
    list: Option<ItemList>,
    diags: Vec<Diagnostic>,
}

fn load_with(root: &Path, only: Option<&BTreeSet<String>>, cache: Option<&mut ListCache>) -> Loaded {
    let mut map = SourceMap::default();
    let mut diags = Diagnostics::default();
    let content = root.join("content");

    let config_file = map.add(root.join(CONFIG_FILE));
    let config = read(&map, config_file, &mut diags, config::read);

    let body_files = toml_files(&content.join("bodies"));
    let stems: Vec<String> =
        body_files.iter().filter_map(|p| Some(p.file_stem()?.to_string_lossy().to_string())).collect();
    let bodies = read_files(&mut map, &mut diags, body_files, bodies::read);
    let broken_bodies = stems.into_iter().zip(&bodies).filter(|(_, b)| b.is_none()).map(|(s, _)| s).collect();
    let list_files = toml_files(&content.join("lists"))
        .into_iter()
        .filter(|p| only.is_none_or(|keep| p.file_stem().is_some_and(|s| keep.contains(s.to_string_lossy().as_ref()))))
        .collect();
    let lists = match cache {
        Some(cache) => read_lists_cached(&mut map, &mut diags, list_files, cache),
        None => read_files(&mut map, &mut diags, list_files, lists::read),
    };
    let catalogs = read_files(&mut map, &mut diags, toml_files(&content.join("guidance")), guidance::read);
    let territorial = read_optional(&mut map, &mut diags, &content.join("territorial.toml"), territorial::read);
    let mut admission = read_optional(&mut map, &mut diags, &content.join("admission.toml"), admission::read).flatten();
    let procedure = content.join("admission.md");
    if let (Some(list), true) = (admission.as_mut(), procedure.is_file()) {
        let file = map.add(procedure);
        list.procedure = read_text(&map, file, &mut diags).map(|text| split_front_matter(&text).1.to_string());
    }
    let pages = pages::read_all(&mut map, &mut diags, &content.join("pages"));
    if only.is_none() {
        warn_missing_lists(&content, bodies.iter().flatten(), lists.iter().flatten(), &mut diags);
    }
    warn_unknown_files(&content, &mut diags);

    let site = Site {
        config: config.unwrap_or_else(config::empty),
        bodies: bodies.into_iter().flatten().collect(),
        lists: lists.into_iter().flatten().collect(),
        territorial: territorial.flatten(),
        admission,
        catalogs: catalogs.into_iter().flatten().collect(),
        pages,
    };
    diags.sort();
    Loaded { site, map, diags, broken_bodies }
}

pub(crate) fn read_text(map: &SourceMap, file: u32, diags: &mut Diagnostics) -> Option<String> {
    let path = map.path(file);
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => {
                diags.push(
                    Diagnostic::error(Location::File(path.to_path_buf()), "文件不是 UTF-8 编码")
                        .hint("用文本编辑器另存为 UTF-8 编码；表格文件请用 qingdan import 导入"),
                );
                None
            }
        },
        Err(e) => {
            diags.push(Diagnostic::error(Location::File(path.to_path_buf()), format!("无法读取文件：{e}")));
            None
        }
    }
}

/// Reads and parses one TOML file, then hands its top table to `reader`.
fn read<T>(
    map: &SourceMap,
    file: u32,
    diags: &mut Diagnostics,
    reader: fn(&mut FileCx, &mut Table, &Path) -> Option<T>,
) -> Option<T> {
    let text = read_text(map, file, diags)?;
    let mut cx = FileCx::new(file);
    let result = parse_toml(&mut cx, &text).and_then(|top| {
        let mut table = Table::new(top.get_ref(), top.span(), "");
        let value = reader(&mut cx, &mut table, map.path(file));
        table.finish(&mut cx);
        value
    });
    diags.extend(cx.diags);
    result
}

fn read_optional<T: Send>(
    map: &mut SourceMap,
    diags: &mut Diagnostics,
    path: &Path,
    reader: fn(&mut FileCx, &mut Table, &Path) -> Option<T>,
) -> Option<Option<T>> {
    path.is_file().then(|| {
        let file = map.add(path.to_path_buf());
        read(map, file, diags, reader)
    })
}

/// Reads the given files in parallel; results keep the order of `paths`.
fn read_files<T: Send>(
    map: &mut SourceMap,
    diags: &mut Diagnostics,
    paths: Vec<PathBuf>,
    reader: fn(&mut FileCx, &mut Table, &Path) -> Option<T>,
) -> Vec<Option<T>> {
    let files: Vec<u32> = paths.into_iter().map(|p| map.add(p)).collect();
    let map = &*map;
    let results: Vec<(Option<T>, Diagnostics)> = files
        .par_iter()
        .map(|&file| {
            let mut local = Diagnostics::default();
            let value = read(map, file, &mut local, reader);
            (value, local)
        })
        .collect();
    results
        .into_iter()
        .map(|(value, local)| {
            diags.extend(local.list);
            value
        })
        .collect()
}

/// `read_files` for lists, through the cache; the cache then holds exactly these files.
fn read_lists_cached(
    map: &mut SourceMap,
    diags: &mut Diagnostics,
    paths: Vec<PathBuf>,
    cache: &mut ListCache,
) -> Vec<Option<ItemList>> {
    // Stamped before reading: a write during the read leaves a newer stamp, so it is read again.
    let files: Vec<(u32, Stamp)> = paths.into_iter().map(|p| (stamp(&p), map.add(p))).map(|(s, f)| (f, s)).collect();
    let map = &*map;
    let mut old = std::mem::take(&mut cache.entries);
    let hits: Vec<Option<Cached>> = files
        .iter()
        .map(|&(file, stamp)| old.remove(map.path(file)).filter(|c| c.stamp == stamp && c.file == file))
        .collect();
    let results: Vec<(Option<ItemList>, Vec<Diagnostic>)> = files
        .par_iter()
        .zip(hits)
        .map(|(&(file, _), hit)| match hit {
            Some(c) => (c.list, c.diags),
            None => {
                let mut local = Diagnostics::default();
                let value = read(map, file, &mut local, lists::read);
                (value, local.list)
            }
        })
        .collect();
    cache.entries = files
        .iter()
        .zip(&results)
        .map(|(&(file, stamp), (list, diags))| {
            (map.path(file).to_path_buf(), Cached { stamp, file, list: list.clone(), diags: diags.clone() })
        })
        .collect();
    results
        .into_iter()
        .map(|(value, local)| {
            diags.extend(local);
            value
        })
        .collect()
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Parses TOML, reporting every syntax error with a hint for the mistakes publishers make.
pub(crate) fn parse_toml<'i>(cx: &mut FileCx, text: &'i str) -> Option<toml::Spanned<toml::de::DeTable<'i>>> {
    let (table, errors) = toml::de::DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(table);
    }
    for e in errors {
        let range = e.span().unwrap_or(0..0);
        let at = text.get(range.start..).and_then(|rest| rest.chars().next());
        let message = e.message().trim().to_string();
        let hint = if message.contains("date") || message.contains("time") {
            "日期写作 2025-10-01（年-月-日），且须是实际存在的日期"
        } else if message.contains("duplicate") {
            "同一个表里同一字段只能写一次；新事项要另起一个 [[basic]] 等表头"
        } else if at.is_some_and(|c| !c.is_ascii()) {
            "TOML 的键名不能是不加引号的中文：字段名请用英文（见 docs/sources.md），文字内容要加英文双引号"
        } else {
            "检查引号、方括号和等号是否成对；多行文字请用三个双引号 \"\"\"…\"\"\" 包围"
        };
        cx.error(range, format!("TOML 语法错误：{message}")).hint = Some(hint.to_string());
    }
    None
}

/// Files under `content/` that qingdan does not read are reported, so nothing is ignored silently.
fn warn_unknown_files(content: &Path, diags: &mut Diagnostics) {
    const KNOWN_DIRS: [&str; 4] = ["bodies", "lists", "guidance", "pages"];
    const KNOWN_FILES: [&str; 3] = ["territorial.toml", "admission.toml", "admission.md"];
    let Ok(entries) = std::fs::read_dir(content) else { return };
    let mut unknown: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let is_dir = e.path().is_dir();
            !name.starts_with('.')
                && !(is_dir && KNOWN_DIRS.contains(&name.as_str()))
                && !(!is_dir && KNOWN_FILES.contains(&name.as_str()))
        })
        .map(|e| e.path())
        .collect();
    unknown.sort();
    for path in unknown {
        diags.push(
            Diagnostic::warning(Location::File(path), "qingdan 不读取此文件，已忽略")
                .hint("文件位置见 docs/sources.md 的“目录结构”"),
        );
    }
}

/// A township without a list is probably not finished. (A list file that exists but is broken
/// or misnamed has its own errors; it is not reported again here.)
fn warn_missing_lists<'a>(
    content: &Path,
    bodies: impl Iterator<Item = &'a crate::model::Body>,
    lists: impl Iterator<Item = &'a crate::model::ItemList>,
    diags: &mut Diagnostics,
) {
    let listed: BTreeSet<&str> = lists.map(|l| l.body.value.as_str()).collect();
    for b in bodies.filter(|b| b.kind.is_grassroots()) {
        let file = content.join("lists").join(format!("{}.toml", b.code.value));
        if !listed.contains(b.code.value.as_str()) && !file.exists() {
            diags.push(
                Diagnostic::warning(Location::Span(b.code.span), format!("{}还没有权责清单", b.name))
                    .hint(format!("添加 content/lists/{}.toml，或用 qingdan import 从表格导入", b.code.value)),
            );
        }
    }
}

/// Checks that a file is named after the code inside it (`bodies/tangxi.toml` holds `tangxi`).
fn check_file_name(cx: &mut FileCx, path: &Path, code: &crate::model::Located<String>) {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    if stem != code.value {
        cx.error_at(code.span, format!("文件名 `{stem}` 与代码 `{}` 不一致", code.value)).hint =
            Some(format!("把文件改名为 {}.toml，或把代码改为 \"{stem}\"", code.value));
    }
}

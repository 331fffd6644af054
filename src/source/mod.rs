//! Loading: `qingdan.toml` and `content/` to the model, with every problem as a diagnostic.
//! Files are read and parsed in parallel; the result does not depend on thread order.

pub mod adjustments;
mod admission;
mod bodies;
mod config;
pub mod emit;
mod front_matter;
mod guidance;
mod guide;
mod lists;
mod pages;
mod region;
pub(crate) mod table;
mod territorial;

use crate::diag::{Diagnostic, Diagnostics, Location, SourceMap};
use crate::model::{ItemList, Site};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use table::{FileCx, Table};

pub use front_matter::split_front_matter;
pub use region::RESERVED as REGION_RESERVED;

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
    let mut config = read(&map, config_file, &mut diags, config::read);

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
    let mut catalog_files = toml_files(&content.join("guidance"));
    // A county of a region shares the region's guidance catalogs, shows the region above
    // itself on every page, and is published under the region's address unless it has its own
    // (docs/region.md).
    if let Some(config) = config.as_mut() {
        if let Some(province) = &config.province {
            let dir = root.join(&province.value);
            if dir.join(CONFIG_FILE).is_file() {
                catalog_files.extend(toml_files(&dir.join("content").join("guidance")));
            }
            config.parent = region::parent(root, province, &mut diags);
        }
        if config.base_url.is_none() {
            config.base_url = config.parent.as_ref().and_then(region::county_base_url);
        }
    }
    let catalogs = read_files(&mut map, &mut diags, catalog_files, guidance::read);
    let territorial = read_optional(&mut map, &mut diags, &content.join("territorial.toml"), territorial::read);
    let mut admission = read_optional(&mut map, &mut diags, &content.join("admission.toml"), admission::read).flatten();
    let procedure = content.join("admission.md");
    if let (Some(list), true) = (admission.as_mut(), present(&procedure)) {
        let file = map.add(procedure);
        list.procedure = read_text(&map, file, &mut diags).map(|text| split_front_matter(&text).1.to_string());
    }
    let pages = pages::read_all(&mut map, &mut diags, &content.join("pages"));
    let files = served_files(&content.join(guide::FILES_DIR), &mut diags);
    if only.is_none() {
        warn_missing_lists(&content, bodies.iter().flatten(), lists.iter().flatten(), &mut diags);
    }
    warn_unknown_files(&content, &mut diags);
    // The theme is read while rendering, after the checks: a FIFO there is refused here.
    refuse_special_files(&root.join("themes"), &mut diags);

    let site = Site {
        config: config.unwrap_or_else(config::empty),
        bodies: bodies.into_iter().flatten().collect(),
        lists: lists.into_iter().flatten().collect(),
        territorial: territorial.flatten(),
        admission,
        catalogs: catalogs.into_iter().flatten().collect(),
        pages,
        files,
    };
    diags.sort();
    Loaded { site, map, diags, broken_bodies }
}

/// Whether the site at `root` covers a region (a province or a city of several county sites):
/// its `qingdan.toml` has a `[region]` table.
pub fn is_region(root: &Path) -> bool {
    let path = root.join(CONFIG_FILE);
    // Only a regular file is read here: a FIFO would wait for a writer forever (the county
    // pipeline then reports what it is, `read_text`).
    if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| toml::de::DeTable::parse(&text).ok().map(|t| t.get_ref().contains_key("region")))
        .unwrap_or(false)
}

/// A region's configuration with the files its diagnostics refer to.
pub struct LoadedRegion {
    pub config: Option<crate::model::RegionConfig>,
    pub map: SourceMap,
    pub diags: Diagnostics,
}

/// The directory of a region's county site.
pub fn county_dir(root: &Path, code: &str) -> PathBuf {
    root.join("counties").join(code)
}

/// Reads a region's `qingdan.toml` and checks that every county it lists is a site.
pub fn load_region(root: &Path) -> LoadedRegion {
    let mut map = SourceMap::default();
    let mut diags = Diagnostics::default();
    let file = map.add(root.join(CONFIG_FILE));
    let config = read(&map, file, &mut diags, region::read);
    if let Some(config) = &config {
        for (_, county) in config.counties() {
            let dir = county_dir(root, &county.value);
            if !dir.join(CONFIG_FILE).is_file() {
                diags.push(
                    Diagnostic::at(county.span, format!("找不到县（市、区）站点 {}", dir.join(CONFIG_FILE).display()))
                        .hint("每个县是 counties/<代码>/ 下的一个普通县级站点（qingdan.toml 和 content/）"),
                );
            }
        }
    }
    diags.sort();
    LoadedRegion { config, map, diags }
}

/// The files under `content/files/`, sorted, with paths that are safe in a URL and on every
/// file system; anything else there (links, FIFOs, odd names) is reported and left out.
fn served_files(dir: &Path, diags: &mut Diagnostics) -> Vec<crate::model::SiteFile> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(|e| e.ok()) {
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(dir) else { continue };
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        if parts.is_empty() || parts.iter().any(|p| p.starts_with('.')) || entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            diags.push(
                Diagnostic::warning(Location::File(path.to_path_buf()), "这不是普通文件，网站不发布它")
                    .hint("content/files/ 中只放要在网站上提供下载的普通文件（空白表格、样表）"),
            );
            continue;
        }
        let rel = parts.join("/");
        if rel
            .chars()
            .any(|c| c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '#' | '%'))
        {
            diags.push(
                Diagnostic::warning(Location::File(path.to_path_buf()), "文件名含有不能用于网址的字符，网站不发布它")
                    .hint("改用只含汉字、字母、数字和 - _ . 的文件名"),
            );
            continue;
        }
        out.push(crate::model::SiteFile { path: rel, source: path.to_path_buf() });
    }
    out
}

/// Reads a source file as UTF-8 text. What is not a regular file (a FIFO, a socket, a device,
/// a directory) is refused without being opened: reading a FIFO would wait for a writer forever.
/// Text that is not UTF-8 is reported at its first invalid byte.
pub(crate) fn read_text(map: &SourceMap, file: u32, diags: &mut Diagnostics) -> Option<String> {
    let path = map.path(file);
    if let Some(meta) = std::fs::metadata(path).ok().filter(|m| !m.is_file()) {
        let what = if meta.is_dir() { "目录" } else { special_kind(&meta.file_type()) };
        diags.push(
            Diagnostic::error(
                Location::File(path.to_path_buf()),
                format!("这不是普通文件，而是{what}，qingdan 不读取它"),
            )
            .hint("源文件必须是普通的文本文件：删除它，或换成同名的普通文件"),
        );
        return None;
    }
    match std::fs::read(path) {
        Ok(bytes) => match utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                diags.push(not_utf8(file, e));
                None
            }
        },
        Err(e) => {
            diags.push(Diagnostic::error(Location::File(path.to_path_buf()), format!("无法读取文件：{e}")));
            None
        }
    }
}

/// The bytes as a string when they are UTF-8. The SIMD check finds valid text several times
/// faster than `String::from_utf8` on Chinese; invalid text takes the standard path, for the
/// error's position.
fn utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `simdutf8` has just checked that the bytes are valid UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes)
}

/// A file that is not UTF-8, pointed at its first invalid byte. Diagnostics show such a file
/// with each invalid sequence replaced by U+FFFD (`diag::Reporter`): the text before it is the
/// same, so the offset holds, and the span covers that one replacement character.
fn not_utf8(file: u32, e: std::string::FromUtf8Error) -> Diagnostic {
    let at = e.utf8_error().valid_up_to();
    let bytes = e.as_bytes();
    let bad = e.utf8_error().error_len().unwrap_or(bytes.len() - at).clamp(1, 4);
    let hex: Vec<String> = bytes[at..(at + bad).min(bytes.len())].iter().map(|b| format!("0x{b:02X}")).collect();
    // Chinese text without control characters once decoded as GB18030: most likely saved as GBK.
    let gbk = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes).is_some_and(|text| {
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            && !text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    });
    let hint = if gbk {
        "这个文件看起来是 GBK（GB18030）编码：用文本编辑器打开，另存为 UTF-8 编码（Windows 记事本：“另存为”，编码选 UTF-8）；\
         表格文件请用 qingdan import 导入"
    } else {
        "用文本编辑器把文件另存为 UTF-8 编码；表格文件请用 qingdan import 导入"
    };
    let span = crate::model::Span::new(file, at..at + char::REPLACEMENT_CHARACTER.len_utf8());
    Diagnostic::at(span, "文件不是 UTF-8 编码").label(format!("第一个无效的字节：{}", hex.join(" "))).hint(hint)
}

/// What a file that is neither a regular file nor a directory is, for messages.
pub(crate) fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "命名管道（FIFO）";
        }
        if kind.is_socket() {
            return "套接字（socket）";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "设备文件";
        }
    }
    if kind.is_symlink() {
        return "符号链接";
    }
    "特殊文件"
}

/// Reports the entries under `dir` that are neither regular files nor directories (following
/// symbolic links to see what they point to), so none is silently passed over or opened.
fn refuse_special_files(dir: &Path, diags: &mut Diagnostics) {
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        if entry.file_type().is_dir() || entry.file_type().is_file() {
            continue;
        }
        let Ok(meta) = std::fs::metadata(entry.path()) else { continue };
        if !meta.is_file() && !meta.is_dir() {
            diags.push(
                Diagnostic::error(
                    Location::File(entry.path().to_path_buf()),
                    format!("这不是普通文件，而是{}，qingdan 不读取它", special_kind(&meta.file_type())),
                )
                .hint("站点目录中只能有普通文件和目录：删除它，或换成同名的普通文件"),
            );
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
    // Anything there is read (or refused, if it is not a regular file): never silently absent.
    present(path).then(|| {
        let file = map.add(path.to_path_buf());
        read(map, file, diags, reader)
    })
}

/// Whether something is at `path` that a reader should look at: anything but a directory
/// (a FIFO or a broken link is then reported by `read_text`).
fn present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok() && !path.is_dir()
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
                .filter(|p| p.extension().is_some_and(|x| x == "toml") && !p.is_dir())
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
    const KNOWN_DIRS: [&str; 5] = ["bodies", "lists", "guidance", "pages", guide::FILES_DIR];
    const KNOWN_FILES: [&str; 4] = ["territorial.toml", "admission.toml", "admission.md", "adjustments.toml"];
    let Ok(entries) = std::fs::read_dir(content) else { return };
    let mut unknown: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let is_dir = e.path().is_dir();
            let known = if is_dir { KNOWN_DIRS.contains(&name.as_str()) } else { KNOWN_FILES.contains(&name.as_str()) };
            !name.starts_with('.') && !known
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

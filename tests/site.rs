//! The generated site, checked against its sources: the starter that `qingdan init` writes and,
//! when present, the example county bundled with the repository (`qingdan.toml` + `content/`).
//!
//! Every expected figure is computed here from the TOML sources (parsed with the `toml` crate),
//! never copied from the output: item pages, township pages and their counts, department pages,
//! home page figures and guidance coverage. Every page is also checked for the site's
//! conventions (language, skip link, one theme script and nothing inline, a strict CSP, no
//! external loads, table headers) and every
//! relative link for a target that exists.

use crate::common;

use common::{build_ok, decode, escape, html_pages, normalize_extra_escapes, resolve, tags, text_content, tree, Tag};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use toml::{Table, Value};

// ---------------------------------------------------------------------------------------------
// Sources, read independently of qingdan

struct Sources {
    /// Body files in file-name order (the order qingdan lists townships in).
    bodies: Vec<Table>,
    /// List files in file-name order.
    lists: Vec<Table>,
    /// Guidance catalogs by id (file stem), in file-name order.
    catalogs: Vec<(String, Table)>,
    territorial: Option<Table>,
    admission: Option<Table>,
}

fn parse(path: &Path) -> Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse::<Table>().unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect())
        .unwrap_or_default();
    files.sort();
    files
}

impl Sources {
    fn read(root: &Path) -> Sources {
        let content = root.join("content");
        let optional = |name: &str| Some(content.join(name)).filter(|p| p.is_file()).map(|p| parse(&p));
        Sources {
            bodies: toml_files(&content.join("bodies")).iter().map(|p| parse(p)).collect(),
            lists: toml_files(&content.join("lists")).iter().map(|p| parse(p)).collect(),
            catalogs: toml_files(&content.join("guidance"))
                .iter()
                .map(|p| (p.file_stem().unwrap().to_string_lossy().to_string(), parse(p)))
                .collect(),
            territorial: optional("territorial.toml"),
            admission: optional("admission.toml"),
        }
    }

    fn list(&self, body: &str) -> Option<&Table> {
        self.lists.iter().find(|l| text(l, "body") == Some(body))
    }

    fn grassroots(&self) -> Vec<&Table> {
        self.bodies.iter().filter(|b| is_grassroots(b)).collect()
    }

    fn departments(&self) -> Vec<&Table> {
        self.bodies.iter().filter(|b| text(b, "kind") == Some("部门")).collect()
    }

    /// Every item of every list: (body code, part key, item).
    fn items(&self) -> Vec<(&str, &'static str, &Table)> {
        let mut out = Vec::new();
        for list in &self.lists {
            let body = text(list, "body").unwrap();
            for part in PARTS {
                for item in tables(list, part) {
                    out.push((body, part, item));
                }
            }
        }
        out
    }
}

const PARTS: [&str; 3] = ["basic", "support", "recalled"];

/// A text field; empty text counts as absent (as in qingdan).
fn text<'a>(t: &'a Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
}

fn tables<'a>(t: &'a Table, key: &str) -> Vec<&'a Table> {
    t.get(key).and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_table).collect()).unwrap_or_default()
}

fn is_grassroots(b: &Table) -> bool {
    matches!(text(b, "kind"), Some("乡" | "镇" | "街道"))
}

fn suspended(item: &Table) -> bool {
    text(item, "status").map(str::trim) == Some("暂缓")
}

fn origin(item: &Table) -> Option<&str> {
    text(item, "origin").map(str::trim)
}

/// Handled at the service center: a basic item with a window, not suspended.
fn at_service_center(part: &str, item: &Table) -> bool {
    part == "basic" && text(item, "window").is_some() && !suspended(item)
}

/// White space collapsed, as `text_content` does with page text.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// Built sites, each built once per test run

struct Built {
    name: &'static str,
    sources: Sources,
    files: BTreeMap<String, Vec<u8>>,
}

impl Built {
    fn build(name: &'static str, root: &Path, out: &Path) -> Built {
        if out.exists() {
            std::fs::remove_dir_all(out).unwrap();
        }
        build_ok(root, out);
        Built { name, sources: Sources::read(root), files: tree(out) }
    }

    fn pages(&self) -> Vec<(&str, String)> {
        html_pages(&self.files)
    }

    fn page(&self, rel: &str) -> String {
        let bytes = self.files.get(rel).unwrap_or_else(|| panic!("[{}] no page {rel}", self.name));
        String::from_utf8(bytes.clone()).unwrap()
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("site-{name}"));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Where `starter()` put its site.
fn scratch_root(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("site-{name}")).join("site")
}

fn starter() -> Option<&'static Built> {
    static BUILT: OnceLock<Built> = OnceLock::new();
    Some(BUILT.get_or_init(|| {
        let dir = scratch("starter");
        let root = dir.join("site");
        qingdan::init::init(&root).unwrap();
        Built::build("starter", &root, &dir.join("out"))
    }))
}

/// The example bundled with the repository, when it is there (it is being written).
fn example() -> Option<&'static Built> {
    static BUILT: OnceLock<Option<Built>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let (config, content) = (root.join("qingdan.toml").is_file(), root.join("content").is_dir());
            assert_eq!(config, content, "the repository is a site: qingdan.toml and content/ come together");
            if !config {
                eprintln!("no bundled example (qingdan.toml + content/) yet: skipped");
                return None;
            }
            Some(Built::build("example", root, &scratch("example").join("out")))
        })
        .as_ref()
}

/// Collects problems so one run shows all of them.
struct Problems(Vec<String>);

impl Problems {
    fn new() -> Self {
        Problems(Vec::new())
    }

    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0.push(what());
        }
    }

    #[track_caller]
    fn assert_none(self, site: &str) {
        let n = self.0.len();
        let mut shown = self.0;
        shown.truncate(40);
        assert!(n == 0, "[{site}] {n} problems:\n  {}", shown.join("\n  "));
    }
}

// ---------------------------------------------------------------------------------------------
// Every page

fn is_external(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("http:") || u.starts_with("https:") || u.starts_with("//")
}

fn is_canonical(tag: &Tag) -> bool {
    tag.name == "link"
        && tag.attr("rel").is_some_and(|r| r.split_whitespace().any(|r| r.eq_ignore_ascii_case("canonical")))
}

/// Attributes that load or point at another resource.
const URL_ATTRS: [&str; 6] = ["href", "src", "srcset", "poster", "action", "data"];

fn page_conventions(b: &Built) {
    let mut p = Problems::new();
    let mut outward: BTreeSet<String> =
        ["https://beian.miit.gov.cn/", "https://beian.mps.gov.cn/"].map(String::from).into();
    let mut strings: Vec<&Value> = b.sources.lists.iter().flat_map(|t| t.values()).collect();
    while let Some(value) = strings.pop() {
        match value {
            Value::String(s) if s.starts_with("https://") => {
                outward.insert(s.clone());
            }
            Value::Array(values) => strings.extend(values),
            Value::Table(table) => strings.extend(table.values()),
            _ => {}
        }
    }
    let pages = b.pages();
    assert!(!pages.is_empty(), "[{}] no pages", b.name);
    for (rel, html) in &pages {
        let all = tags(html);
        p.check(html.contains("<html lang=\"zh-CN\">"), || format!("{rel}: no <html lang=\"zh-CN\">"));
        // Scripts, if any, are the theme's own files: none inline, none from elsewhere.
        for t in all.iter().filter(|t| t.name == "script") {
            p.check(t.attr("src").is_some_and(|s| !is_external(s)), || {
                format!("{rel}: an inline or external <script {:?}>", t.attrs)
            });
        }
        // A skip link: a link to an anchor in the page, before the header, with a target.
        let ids = common::ids(html);
        let skip = all.iter().find(|t| t.name == "a");
        let skip_target = skip.and_then(|t| t.attr("href")).and_then(|h| h.strip_prefix('#'));
        p.check(skip_target.is_some_and(|id| ids.iter().any(|i| i == id)), || {
            format!("{rel}: the first link is not a skip link to an anchor in the page: {:?}", skip.map(|t| &t.attrs))
        });
        p.check(html.contains("跳到正文"), || format!("{rel}: no skip link text"));
        // No external loads or links, except the canonical link and the links a citizen follows
        // on purpose: the online-service addresses the sources give and the registration sites
        // the footer's 备案号 must link to.
        for t in all.iter().filter(|t| !is_canonical(t)) {
            for attr in URL_ATTRS {
                if let Some(v) = t.attr(attr) {
                    let followed = t.name == "a" && attr == "href" && outward.contains(v);
                    p.check(!is_external(v) || followed, || {
                        format!("{rel}: <{} {attr}=\"{v}\"> points outside the site", t.name)
                    });
                }
            }
            if let Some(style) = t.attr("style") {
                p.check(!style.contains("url("), || format!("{rel}: inline style loads {style}"));
            }
        }
        // Every table has header cells with a scope.
        for (i, chunk) in html.split("<table").skip(1).enumerate() {
            let table = chunk.split("</table>").next().unwrap_or(chunk);
            p.check(table.contains("<th scope="), || format!("{rel}: table {} has no <th scope=", i + 1));
        }
        // One main heading.
        let h1 = all.iter().filter(|t| t.name == "h1").count();
        p.check(h1 == 1, || format!("{rel}: {h1} <h1> elements"));
        p.check(all.iter().any(|t| t.name == "main"), || format!("{rel}: no <main>"));
    }
    // Style sheets load nothing from outside either.
    for (rel, bytes) in b.files.iter().filter(|(r, _)| r.ends_with(".css")) {
        let css = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        for marker in ["url(http", "url(\"http", "url('http", "url(//", "@import"] {
            p.check(!css.contains(marker), || format!("{rel}: `{marker}`"));
        }
    }
    p.assert_none(b.name);
}

/// Scripts and styles come only from the theme's two files: every page loads the one script
/// (`static/site.js`: 大字版, and search and comparison where the page has them) and nothing
/// else; no inline script, no `<style>` element, no `style=""` attribute, no `on…=` handler
/// anywhere, so the strict Content-Security-Policy every page declares can hold. (That every
/// page is readable with JavaScript off is checked in Chromium: tests/website.rs.)
fn no_scripts(b: &Built) {
    const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'";
    let mut p = Problems::new();
    for (rel, html) in b.pages() {
        // The 404 page links from the site's path (these sites are at a domain root).
        let root = if rel == "404.html" { "/".to_string() } else { "../".repeat(rel.matches('/').count()) };
        let all = tags(&html);
        let scripts: Vec<_> = all.iter().filter(|t| t.name == "script").collect();
        let expected = format!("{root}static/site.js");
        p.check(scripts.len() == 1 && scripts[0].attr("src") == Some(expected.as_str()), || {
            format!(
                "{rel}: scripts {:?}, expected the one <script src=\"{expected}\">",
                scripts.iter().map(|t| &t.attrs).collect::<Vec<_>>()
            )
        });
        p.check(!html.contains("<script>") && html.matches("></script>").count() == scripts.len(), || {
            format!("{rel}: a script with inline content")
        });
        p.check(!all.iter().any(|t| t.name == "style"), || format!("{rel}: a <style> element"));
        for t in &all {
            for (key, _) in &t.attrs {
                p.check(key != "style" && !(key.starts_with("on") && key.len() > 2), || {
                    format!("{rel}: <{} {key}=…>", t.name)
                });
            }
        }
        let csp: Vec<_> = all
            .iter()
            .filter(|t| {
                t.name == "meta"
                    && t.attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
            })
            .collect();
        p.check(csp.len() == 1 && csp[0].attr("content") == Some(CSP), || {
            format!("{rel}: Content-Security-Policy {:?}", csp.iter().map(|t| t.attr("content")).collect::<Vec<_>>())
        });
        let styles: Vec<_> = all.iter().filter(|t| t.name == "link" && t.attr("rel") == Some("stylesheet")).collect();
        p.check(
            styles.len() == 1 && styles[0].attr("href") == Some(format!("{root}static/style.css").as_str()),
            || format!("{rel}: style sheets {:?}", styles.iter().map(|t| t.attr("href")).collect::<Vec<_>>()),
        );
    }
    let statics: Vec<&str> = b.files.keys().filter(|k| k.starts_with("static/")).map(String::as_str).collect();
    p.check(statics == ["static/site.js", "static/style.css"], || format!("static files: {statics:?}"));
    for (rel, bytes) in b.files.iter().filter(|(r, _)| r.ends_with(".css")) {
        p.check(!String::from_utf8_lossy(bytes).to_ascii_lowercase().contains("@font-face"), || {
            format!("{rel}: a web font")
        });
    }
    p.assert_none(b.name);
}

fn links_resolve(b: &Built) {
    let mut p = Problems::new();
    let pages = b.pages();
    let ids: BTreeMap<&str, BTreeSet<String>> =
        pages.iter().map(|(rel, html)| (*rel, common::ids(html).into_iter().collect())).collect();
    let mut checked = 0;
    for (rel, html) in &pages {
        for t in tags(html).iter().filter(|t| !is_canonical(t)) {
            for attr in ["href", "src"] {
                let Some(link) = t.attr(attr) else { continue };
                let lower = link.to_ascii_lowercase();
                if lower.starts_with("tel:")
                    || lower.starts_with("mailto:")
                    || lower.starts_with("data:")
                    || is_external(link)
                {
                    continue;
                }
                checked += 1;
                let (path, fragment) = match link.split_once('#') {
                    Some((path, fragment)) => (path, Some(fragment)),
                    None => (link, None),
                };
                let path = path.split('?').next().unwrap();
                let target = match path.strip_prefix('/') {
                    // The 404 page links from the site's path (these sites are at a domain root).
                    Some(from_root) if *rel == "404.html" => Some(from_root.to_string()),
                    _ if path.is_empty() => Some(rel.to_string()),
                    _ => resolve(rel, path),
                };
                let Some(target) = target else {
                    p.check(false, || format!("{rel}: {attr}=\"{link}\" climbs above the site"));
                    continue;
                };
                let target =
                    if target.is_empty() || target.ends_with('/') { format!("{target}index.html") } else { target };
                if !b.files.contains_key(&target) {
                    p.check(false, || format!("{rel}: {attr}=\"{link}\" → {target} does not exist"));
                    continue;
                }
                if let (Some(fragment), Some(target_ids)) =
                    (fragment.filter(|f| !f.is_empty()), ids.get(target.as_str()))
                {
                    p.check(target_ids.contains(fragment), || {
                        format!("{rel}: {attr}=\"{link}\": no id=\"{fragment}\" in {target}")
                    });
                }
            }
        }
    }
    assert!(checked > pages.len(), "[{}] links were found and checked ({checked})", b.name);
    p.assert_none(b.name);
}

// ---------------------------------------------------------------------------------------------
// Content

fn item_pages(b: &Built) {
    let mut p = Problems::new();
    let items = b.sources.items();
    assert!(!items.is_empty(), "[{}] the sources have items", b.name);
    for (body, part, item) in &items {
        let code = text(item, "code").unwrap();
        let rel = format!("{body}/{code}.html");
        let Some(bytes) = b.files.get(&rel) else {
            p.check(false, || format!("[[{part}]] {code} of {body}: no page {rel}"));
            continue;
        };
        let html = normalize_extra_escapes(&String::from_utf8_lossy(bytes));
        let name = text(item, "name").unwrap();
        p.check(html.contains(&escape(name)), || format!("{rel}: lacks the item name {name}"));
        if let Some(basis) = text(item, "basis") {
            p.check(html.contains(&escape(basis)), || format!("{rel}: lacks the 实施依据 text {basis:?}"));
        }
    }
    // An item that left the lists keeps its address: a page saying where it went (retired.json).
    let retired: std::collections::BTreeSet<String> = b
        .files
        .get("data/releases/retired.json")
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(bytes).ok())
        .and_then(|json| json["items"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|item| item["page"].as_str().map(str::to_string))
        .collect();
    let pages = b
        .files
        .keys()
        .filter(|k| k.ends_with(".html") && k.matches('/').count() == 1 && !k.ends_with("/index.html"))
        .filter(|k| !k.starts_with("guidance/") && !k.starts_with("pages/") && !k.starts_with("releases/"))
        .filter(|k| !k.starts_with("events/"))
        .filter(|k| !retired.contains(*k))
        .count();
    p.check(pages == items.len(), || format!("{pages} item pages for {} items (duplicates or strays)", items.len()));
    p.assert_none(b.name);
}

fn township_pages(b: &Built) {
    let mut p = Problems::new();
    let towns = b.sources.grassroots();
    assert!(!towns.is_empty(), "[{}] the sources have townships", b.name);
    for town in towns {
        let code = text(town, "code").unwrap();
        let rel = format!("{code}/index.html");
        let html = b.page(&rel);
        let page = text_content(&html);
        let name = text(town, "name").unwrap();
        p.check(page.contains(&collapse(name)), || format!("{rel}: lacks the name {name}"));
        if let Some(center) = town.get("service_center").and_then(Value::as_table) {
            let center_name = text(center, "name").unwrap();
            p.check(page.contains(&collapse(center_name)), || format!("{rel}: lacks the service center {center_name}"));
            for w in tables(center, "windows") {
                let window = text(w, "name").unwrap();
                p.check(page.contains(&collapse(window)), || format!("{rel}: lacks the window {window}"));
            }
        }
        let Some(list) = b.sources.list(code) else {
            p.check(false, || {
                format!("{code} has no list in the sources (a warning); its page is still checked above")
            });
            continue;
        };
        let count = |part: &str| tables(list, part).len();
        let (basic, support, recalled) = (count("basic"), count("support"), count("recalled"));
        let total = basic + support + recalled;
        let service = tables(list, "basic").iter().filter(|i| at_service_center("basic", i)).count();
        for phrase in [
            format!("共 {total} 项"),
            format!("基本履职事项 {basic} 项"),
            format!("配合履职事项 {support} 项"),
            format!("上级部门收回事项 {recalled} 项"),
            format!("可办理 {service} 项"),
        ] {
            p.check(page.contains(&phrase), || format!("{rel}: lacks “{phrase}”"));
        }
        // Every item is linked from its township's page.
        let targets: BTreeSet<String> =
            tags(&html).iter().filter_map(|t| t.attr("href")).filter_map(|h| resolve(&rel, h)).collect();
        for part in PARTS {
            for item in tables(list, part) {
                let target = format!("{code}/{}.html", text(item, "code").unwrap());
                p.check(targets.contains(&target), || format!("{rel}: no link to {target}"));
            }
        }
    }
    p.assert_none(b.name);
}

/// The county departments an item names: `department` (one code or an array of codes) or one
/// `[[<part>.departments]]` table each.
fn departments_of(item: &Table) -> Vec<&str> {
    let mut out: Vec<&str> = match item.get("department") {
        Some(Value::String(d)) if !d.trim().is_empty() => vec![d.as_str()],
        Some(Value::Array(ds)) => ds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    out.extend(tables(item, "departments").iter().filter_map(|d| text(d, "department")));
    out
}

/// For a department: the items of every list that refer to it (delegated, entrusted or
/// extended basic items, supporting items, recalled items).
fn department_items<'s>(s: &'s Sources, dept: &str) -> Vec<(&'s str, &'static str, &'s Table)> {
    s.items()
        .into_iter()
        .filter(|(_, part, item)| {
            departments_of(item).contains(&dept)
                && match *part {
                    "basic" => matches!(origin(item), Some("下放" | "委托" | "延伸")),
                    _ => true,
                }
        })
        .collect()
}

fn department_pages(b: &Built) {
    let mut p = Problems::new();
    let s = &b.sources;
    let departments = s.departments();
    assert!(!departments.is_empty(), "[{}] the sources have departments", b.name);
    let index = b.page("departments/index.html");
    let mut referred = 0;
    for dept in departments {
        let code = text(dept, "code").unwrap();
        let rel = format!("{code}/index.html");
        let html = b.page(&rel);
        let page = text_content(&html);
        let targets: BTreeSet<String> =
            tags(&html).iter().filter_map(|t| t.attr("href")).filter_map(|h| resolve(&rel, h)).collect();
        let items = department_items(s, code);
        referred += items.len();
        for (body, part, item) in &items {
            let target = format!("{body}/{}.html", text(item, "code").unwrap());
            p.check(targets.contains(&target), || format!("{rel}: no link to [[{part}]] {target}"));
            let name = text(item, "name").unwrap();
            p.check(page.contains(&collapse(name)), || format!("{rel}: lacks {name}"));
        }
        let primary: Vec<&Table> = s
            .territorial
            .iter()
            .flat_map(|t| tables(t, "matter"))
            .filter(|m| {
                m.get("primary").and_then(Value::as_array).is_some_and(|a| a.iter().any(|d| d.as_str() == Some(code)))
            })
            .collect();
        for m in &primary {
            let name = text(m, "name").unwrap();
            p.check(page.contains(&collapse(name)), || format!("{rel}: lacks the territorial matter {name}"));
        }
        let admissions: Vec<&Table> = s
            .admission
            .iter()
            .flat_map(|a| tables(a, "item"))
            .filter(|a| text(a, "department") == Some(code))
            .collect();
        for a in &admissions {
            let title = text(a, "title").unwrap();
            p.check(page.contains(&collapse(title)), || format!("{rel}: lacks the admission item {title}"));
        }

        // The overview row: delegated/entrusted/extended, supported, recalled, primary matters,
        // admissions.
        let delegated = items.iter().filter(|(_, part, _)| *part == "basic").count();
        let supported = items.iter().filter(|(_, part, _)| *part == "support").count();
        let recalled = items.iter().filter(|(_, part, _)| *part == "recalled").count();
        let expected = vec![delegated, supported, recalled, primary.len(), admissions.len()];
        let row = index.split("<tr").find(|row| {
            tags(row)
                .iter()
                .any(|t| t.attr("href").and_then(|h| resolve("departments/index.html", h)) == Some(rel.clone()))
        });
        match row {
            None => p.check(false, || format!("departments/index.html: no row for {code}")),
            Some(row) => {
                let cells: Vec<usize> = row
                    .split("<td")
                    .skip(1)
                    .filter_map(|c| c.split_once('>').map(|(_, rest)| rest.split("</td>").next().unwrap_or("")))
                    .filter_map(|c| text_content(c).trim().parse().ok())
                    .collect();
                p.check(cells == expected, || {
                    format!("departments/index.html row {code}: {cells:?}, expected {expected:?}")
                });
            }
        }
    }
    assert!(referred > 0, "[{}] some items refer to departments, so the pages have something to show", b.name);
    p.assert_none(b.name);
}

fn home_page(b: &Built) {
    let mut p = Problems::new();
    let s = &b.sources;
    let page = text_content(&b.page("index.html"));
    let towns = s.grassroots();
    let lists: Vec<&Table> = towns.iter().filter_map(|t| s.list(text(t, "code").unwrap())).collect();
    let sum = |f: &dyn Fn(&Table) -> usize| lists.iter().map(|l| f(l)).sum::<usize>();
    let basic = sum(&|l| tables(l, "basic").len());
    let support = sum(&|l| tables(l, "support").len());
    let recalled = sum(&|l| tables(l, "recalled").len());
    let service = sum(&|l| tables(l, "basic").iter().filter(|i| at_service_center("basic", i)).count());
    let delegated = sum(&|l| tables(l, "basic").iter().filter(|i| matches!(origin(i), Some("下放" | "委托"))).count());
    let matters = s.territorial.as_ref().map(|t| tables(t, "matter").len()).unwrap_or(0);
    // Only admissions in force count: an exited one no longer admits anything.
    let admissions = s
        .admission
        .as_ref()
        .map(|a| tables(a, "item").iter().filter(|i| text(i, "status") != Some("退出")).count())
        .unwrap_or(0);
    let mut phrases = vec![
        format!("{} 个乡镇（街道）", towns.len()),
        format!("{basic} 项基本履职事项"),
        format!("{service} 项可在便民服务中心办理"),
        format!("{delegated} 项由县直部门下放或委托"),
        format!("{support} 项配合履职事项"),
        format!("{recalled} 项已被上级部门收回"),
    ];
    if matters > 0 {
        phrases.push(format!("{matters} 项属地管理事项"));
    }
    if admissions > 0 {
        phrases.push(format!("{admissions} 项现行职责准入事项"));
    }
    for phrase in phrases {
        p.check(page.contains(&phrase), || format!("index.html: lacks “{phrase}”"));
    }
    for t in &towns {
        let name = text(t, "name").unwrap();
        p.check(page.contains(&collapse(name)), || format!("index.html: lacks the township {name}"));
    }
    p.assert_none(b.name);
}

// ---------------------------------------------------------------------------------------------
// Guidance coverage (docs/sources.md, 指导目录): a township's basic item that refers to a catalog
// item counts by its origin as 法定/下放/委托 (暂缓 counts as 未下放); a recalled item that refers
// to it counts as 收回; no reference counts as 未下放.

/// The documented status of catalog item `id` in township `town`.
fn documented_status(s: &Sources, town: &str, id: &str) -> &'static str {
    let Some(list) = s.list(town) else { return "未下放" };
    for item in tables(list, "basic") {
        if text(item, "guidance") == Some(id) {
            return match (suspended(item), origin(item)) {
                (true, _) => "未下放",
                (false, Some("法定")) => "法定",
                (false, Some("委托")) => "委托",
                // 下放; the docs do not say how 延伸 counts: qingdan counts it as 下放.
                (false, _) => "下放",
            };
        }
    }
    if tables(list, "recalled").iter().any(|i| text(i, "guidance") == Some(id)) {
        return "收回";
    }
    "未下放"
}

/// The figure following `label` in a coverage sentence.
fn figure_after(text: &str, label: &str) -> Option<usize> {
    let at = text.find(label)? + label.len();
    let digits: String = text[at..].trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Figures {
    total: usize,
    own: usize,
    delegated: usize,
    entrusted: usize,
    not_delegated: usize,
    recalled: usize,
}

fn figures(sentence: &str) -> Option<Figures> {
    let total_end = sentence.find(" 项中下放")?;
    let before = &sentence[..total_end];
    let digits = before.len() - before.chars().rev().take_while(char::is_ascii_digit).count();
    let total = before[digits..].parse().ok()?;
    // Only after the total: a catalog title before it may contain the same words.
    let figures = &sentence[total_end..];
    Some(Figures {
        total,
        delegated: figure_after(figures, "项中下放")?,
        entrusted: figure_after(figures, "委托")?,
        own: figure_after(figures, "乡镇原有")?,
        not_delegated: figure_after(figures, "未下放")?,
        recalled: figure_after(figures, "收回").unwrap_or(0),
    })
}

/// The coverage sentences of a page (`<p class="coverage-line">`), as text.
fn coverage_lines(html: &str) -> Vec<String> {
    html.split("<p class=\"coverage-line\">")
        .skip(1)
        .map(|chunk| text_content(chunk.split("</p>").next().unwrap_or(chunk)))
        .collect()
}

fn guidance_coverage(b: &Built) {
    let mut p = Problems::new();
    let s = &b.sources;
    if s.catalogs.is_empty() {
        assert!(!b.files.contains_key("guidance/index.html"), "[{}] no catalogs, no guidance page", b.name);
        return;
    }
    let towns: Vec<&str> = s.grassroots().iter().map(|t| text(t, "code").unwrap()).collect();
    let overview = b.page("guidance/index.html");
    let home = b.page("index.html");
    for (id, catalog) in &s.catalogs {
        let rel = format!("guidance/{id}.html");
        let html = b.page(&rel);
        let items = tables(catalog, "item");
        let ids: Vec<&str> = items.iter().map(|g| text(g, "id").unwrap()).collect();

        // Each catalog item is shown once (issue 11): in a list of the items every township
        // holds the same way (`<ul class="cov-list" data-status=…>`, `<li data-item=…>`), or
        // as a row of the matrix of the others (`<tr data-item=…>`, one cell per township).
        // The townships, in order, are the rows of the per-township table (their links).
        let towns_table = html
            .split("coverage-towns")
            .nth(1)
            .and_then(|t| t.split("<tbody>").nth(1))
            .and_then(|t| t.split("</tbody>").next())
            .unwrap_or_else(|| panic!("{rel}: no table of townships"));
        let town_of = |row: &str| {
            tags(row)
                .iter()
                .filter_map(|t| t.attr("href"))
                .filter_map(|h| resolve(&rel, h))
                .find_map(|t| t.strip_suffix("/index.html").map(str::to_string))
        };
        let town_rows: Vec<&str> = towns_table.split("<tr").skip(1).collect();
        let columns: Vec<String> = town_rows.iter().filter_map(|r| town_of(r)).collect();
        let expected_columns: BTreeSet<&str> = towns.iter().copied().collect();
        p.check(columns.iter().map(String::as_str).collect::<BTreeSet<_>>() == expected_columns, || {
            format!("{rel}: townships {columns:?}, expected {towns:?}")
        });
        let mut shown: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
        for list in html.split("<ul class=\"cov-list\" data-status=\"").skip(1) {
            let (status, rest) = list.split_once('"').unwrap();
            for li in rest.split("</ul>").next().unwrap().split("data-item=\"").skip(1) {
                let id = li.split('"').next().unwrap().to_string();
                shown.entry(id).or_default().push(vec![status.to_string(); columns.len()]);
            }
        }
        if let Some(matrix) = html.split("<table class=\"matrix\">").nth(1) {
            let (head, body) = matrix.split_once("<tbody>").unwrap_or_else(|| panic!("{rel}: no <tbody>"));
            let heads: Vec<String> = head.split("</th>").filter_map(town_of).collect();
            p.check(heads == columns, || format!("{rel}: matrix columns {heads:?}, townships {columns:?}"));
            for row in body.split("</tbody>").next().unwrap().split("<tr data-item=\"").skip(1) {
                let id = row.split('"').next().unwrap().to_string();
                let cells = tags(row)
                    .iter()
                    .filter_map(|t| t.attr("class").and_then(|c| c.strip_prefix("cov cov-")).map(str::to_string))
                    .collect();
                shown.entry(id).or_default().push(cells);
            }
        }
        let mut expected_rows = Vec::new();
        for id in &ids {
            let expected: Vec<&str> = columns.iter().map(|town| documented_status(s, town, id)).collect();
            match shown.get(*id).map(Vec::as_slice) {
                Some([row]) => p.check(*row == expected, || {
                    format!("{rel}: item {id}: {row:?}, expected {expected:?} for {columns:?}")
                }),
                other => p.check(false, || format!("{rel}: item {id} is shown {} times", other.map_or(0, |r| r.len()))),
            }
            expected_rows.push(expected);
        }
        p.check(shown.len() == ids.len(), || {
            format!("{rel}: {} items shown for {} catalog items", shown.len(), ids.len())
        });
        // 承接 per township: the items held in its column.
        let sums: Vec<usize> = town_rows
            .iter()
            .filter_map(|row| {
                let cell = row.split("class=\"num held\"").nth(1)?.split_once('>')?.1;
                text_content(cell.split("</td>").next()?).trim_end_matches('项').trim().parse().ok()
            })
            .collect();
        let expected: Vec<usize> = (0..columns.len())
            .map(|c| expected_rows.iter().filter(|row| matches!(row[c], "法定" | "下放" | "委托")).count())
            .collect();
        p.check(sums == expected, || format!("{rel}: 承接 {sums:?}, expected {expected:?}"));

        // The totals count catalog items. The docs give each township's status; for an item the
        // townships treat differently they do not say which status it counts under, so these
        // checks hold under any choice: the held figures together are the items held somewhere;
        // 收回 the items recalled somewhere and held nowhere; 未下放 the rest. Each held figure
        // lies between the items held only that way and the items held that way somewhere.
        let held = |st: &str| matches!(st, "法定" | "下放" | "委托");
        let held_anywhere = expected_rows.iter().filter(|r| r.iter().any(|x| held(x))).count();
        let recalled_only = expected_rows.iter().filter(|r| !r.iter().any(|x| held(x)) && r.contains(&"收回")).count();
        let neither = ids.len() - held_anywhere - recalled_only;
        let bounds = |st: &str| {
            let only = expected_rows
                .iter()
                .filter(|r| r.iter().copied().filter(|x| held(x)).collect::<BTreeSet<&str>>().into_iter().eq([st]))
                .count();
            let some = expected_rows.iter().filter(|r| r.contains(&st)).count();
            (only, some)
        };
        let title = text(catalog, "title").unwrap();
        let pages: Vec<(String, Option<String>)> = vec![
            (rel.clone(), coverage_lines(&html).into_iter().next()),
            ("guidance/index.html".into(), section_line(&overview, title)),
            ("index.html".into(), coverage_lines(&home).into_iter().find(|l| l.contains(&collapse(title)))),
        ];
        for (page, line) in pages {
            let Some(line) = line else {
                p.check(false, || format!("{page}: no coverage sentence for {title}"));
                continue;
            };
            let Some(f) = figures(&line) else {
                p.check(false, || format!("{page}: cannot read the figures of “{line}”"));
                continue;
            };
            p.check(f.total == ids.len(), || format!("{page}: total {} for {} items: “{line}”", f.total, ids.len()));
            p.check(f.own + f.delegated + f.entrusted == held_anywhere, || {
                format!(
                    "{page}: held {} + {} + {}, expected {held_anywhere} items held somewhere: “{line}”",
                    f.own, f.delegated, f.entrusted
                )
            });
            p.check(f.recalled == recalled_only, || {
                format!("{page}: 收回 {}, expected {recalled_only}: “{line}”", f.recalled)
            });
            p.check(f.not_delegated == neither, || {
                format!("{page}: 未下放 {}, expected {neither}: “{line}”", f.not_delegated)
            });
            for (st, value) in [("法定", f.own), ("下放", f.delegated), ("委托", f.entrusted)] {
                let (only, some) = bounds(st);
                p.check(only <= value && value <= some, || {
                    format!("{page}: {st} {value} outside [{only}, {some}]: “{line}”")
                });
            }
            if let Some(sum) = figure_after(&line, "合计承接") {
                p.check(sum == held_anywhere, || format!("{page}: 合计承接 {sum}, expected {held_anywhere}"));
            }
        }
    }
    p.assert_none(b.name);
}

/// The text of a page's first `<h1>`.
fn h1(html: &str) -> String {
    let after = html.split("<h1").nth(1).unwrap_or("");
    let inner = after.split_once('>').map(|(_, rest)| rest).unwrap_or("");
    text_content(inner.split("</h1>").next().unwrap_or(""))
}

/// On the guidance overview, the coverage sentence in the section titled `title`.
fn section_line(html: &str, title: &str) -> Option<String> {
    html.split("<section")
        .skip(1)
        .find(|s| text_content(s).contains(&collapse(title)))
        .and_then(|s| coverage_lines(s).into_iter().next())
}

// ---------------------------------------------------------------------------------------------
// The national three-part list (issue 13): township pages grouped and counted, department pages
// grouped by matter, the county overview and its CSV files, the 准入 page.

/// The name as lists are compared across townships: white space dropped, full-width brackets
/// and punctuation folded (docs/sources.md; written here again, not taken from qingdan).
fn matter_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '，' | '、' => ',',
            '；' => ';',
            '：' => ':',
            c => c,
        })
        .collect()
}

/// The html between the start of the element holding `start` and the first `end` after it.
fn between<'h>(html: &'h str, start: &str, end: &str) -> Option<&'h str> {
    let at = html.find(start)?;
    let rest = &html[at..];
    Some(&rest[..rest[start.len()..].find(end).map(|e| e + start.len()).unwrap_or(rest.len())])
}

/// The text inside the first element after `marker` (up to the next `<`).
fn text_after<'h>(html: &'h str, marker: &str) -> Option<&'h str> {
    let at = html.find(marker)? + marker.len();
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    Some(rest[start..].split('<').next().unwrap_or(""))
}

/// The `N` of "N 项" (or of "N 个…") at the start of `text`.
fn leading_number(text: &str) -> Option<usize> {
    text.trim().split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// Links (resolved from `page`) to item pages, in order.
fn item_links(page: &str, html: &str) -> Vec<String> {
    tags(html)
        .iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href").and_then(|h| resolve(page, h)))
        .filter(|l| l.ends_with(".html") && !l.ends_with("/index.html"))
        .collect()
}

/// One group of a part as the township page shows it: label, count, the items' links.
#[derive(Debug, PartialEq)]
struct Group {
    label: String,
    count: usize,
    links: Vec<String>,
}

/// The groups of part `key` (basic, support, recalled) on a list page, with the part's count.
fn page_groups(rel: &str, html: &str, key: &str) -> Option<(usize, Vec<Group>)> {
    let part = between(html, &format!("<details class=\"part\" id=\"{key}\""), "<details class=\"part\"")?;
    let heading = between(part, "<summary>", "</summary>")?;
    let count = leading_number(text_after(heading, "class=\"count\"")?)?;
    let groups = part
        .split("<details class=\"group\"")
        .skip(1)
        .map(|g| Group {
            label: text_after(g, "class=\"group-label\"").unwrap_or("").to_string(),
            count: text_after(g, "class=\"count\"").and_then(leading_number).unwrap_or(usize::MAX),
            links: item_links(rel, g.split("<tbody>").nth(1).unwrap_or("")),
        })
        .collect();
    Some((count, groups))
}

/// Every township page: each part a collapsible section with its count; a part whose items
/// have categories grouped by 类别 in the order the list first uses them (items without one in
/// a group of their own), each group with its count and its items in source order; other parts
/// (grouped by 权力类型) hold each of their items once.
fn township_groups(b: &Built) {
    let mut p = Problems::new();
    let mut categorised = 0;
    for town in b.sources.grassroots() {
        let code = text(town, "code").unwrap();
        let Some(list) = b.sources.list(code) else { continue };
        let rel = format!("{code}/index.html");
        let html = b.page(&rel);
        for key in PARTS {
            let items = tables(list, key);
            let Some((count, groups)) = page_groups(&rel, &html, key) else {
                p.check(items.is_empty(), || format!("{rel}: no collapsible part {key} for its {} items", items.len()));
                continue;
            };
            p.check(count == items.len(), || {
                format!("{rel} {key}: heading says {count} items, the list has {}", items.len())
            });
            let link = |i: &Table| format!("{code}/{}.html", text(i, "code").unwrap());
            if items.iter().any(|i| text(i, "category").is_some()) {
                categorised += 1;
                let mut expected: Vec<Group> = Vec::new();
                for item in &items {
                    let label = text(item, "category").unwrap_or("其他");
                    match expected.iter_mut().find(|g| g.label == label) {
                        Some(g) => g.links.push(link(item)),
                        None => expected.push(Group { label: label.to_string(), count: 0, links: vec![link(item)] }),
                    }
                }
                // Items without a category come where the list first has one, like any group.
                for g in &mut expected {
                    g.count = g.links.len();
                }
                p.check(groups == expected, || {
                    let show = |gs: &[Group]| gs.iter().map(|g| format!("{} {}", g.label, g.count)).collect::<Vec<_>>();
                    format!("{rel} {key}: groups {:?}, expected {:?}", show(&groups), show(&expected))
                });
            } else {
                let mut shown: Vec<String> = groups.iter().flat_map(|g| g.links.clone()).collect();
                let sum: usize = groups.iter().map(|g| g.count).sum();
                p.check(groups.iter().all(|g| g.count == g.links.len()) && sum == items.len(), || {
                    format!(
                        "{rel} {key}: group counts {:?} for {} items",
                        groups.iter().map(|g| g.count).collect::<Vec<_>>(),
                        items.len()
                    )
                });
                let mut expected: Vec<String> = items.iter().map(|i| link(i)).collect();
                shown.sort();
                expected.sort();
                p.check(shown == expected, || format!("{rel} {key}: the groups do not hold each item once"));
            }
        }
    }
    if b.name == "example" && b.sources.items().iter().any(|(_, _, i)| text(i, "category").is_some()) {
        assert!(categorised > 0, "[example] some part is grouped by category");
    }
    p.assert_none(b.name);
}

/// (delegated, entrusted, extended, support, recalled) of the items naming `dept` in `list`.
fn department_figures(list: &Table, dept: &str) -> [usize; 5] {
    let mut f = [0; 5];
    for key in PARTS {
        for item in tables(list, key) {
            let n = departments_of(item).iter().filter(|d| **d == dept).count();
            let slot = match (key, origin(item)) {
                ("basic", Some("下放")) => 0,
                ("basic", Some("委托")) => 1,
                ("basic", Some("延伸")) => 2,
                ("support", _) => 3,
                ("recalled", _) => 4,
                _ => continue,
            };
            f[slot] += n;
        }
    }
    f
}

/// The figures of a row of a counts table whose first cell links to `target`.
fn row_figures(page: &str, html: &str, target: &str) -> Option<Vec<String>> {
    let row = html.split("<tr").find(|row| {
        tags(row.split("</tr>").next().unwrap_or(""))
            .iter()
            .any(|t| t.attr("href").and_then(|h| resolve(page, h)).as_deref() == Some(target))
    })?;
    let row = row.split("</tr>").next().unwrap_or("");
    Some(
        row.split("<td")
            .skip(1)
            .map(|c| text_content(c.split_once('>').map(|(_, r)| r).unwrap_or("").split("</td>").next().unwrap_or("")))
            .collect(),
    )
}

/// A department's page across the townships: a row per township counting what the department
/// delegated, entrusted, extended, where it is primary (配合) and what it took back; and the
/// 配合 and 收回 items grouped by matter (name as compared), each with how many townships list it
/// and a link to every township's item.
fn department_aggregates(b: &Built) {
    let mut p = Problems::new();
    let s = &b.sources;
    let mut groups_seen = 0;
    for dept in s.departments() {
        let code = text(dept, "code").unwrap();
        let rel = format!("{code}/index.html");
        let html = b.page(&rel);
        for town in s.grassroots() {
            let t = text(town, "code").unwrap();
            let Some(list) = s.list(t) else { continue };
            let f = department_figures(list, code);
            let row = row_figures(&rel, &html, &format!("{t}/index.html"));
            if f.iter().sum::<usize>() == 0 {
                continue;
            }
            let expected: Vec<String> = f.iter().map(|n| n.to_string()).collect();
            p.check(row.as_ref() == Some(&expected), || format!("{rel}: row of {t} is {row:?}, expected {expected:?}"));
        }
        for (key, id) in [("support", "supported"), ("recalled", "recalled")] {
            // Matter key → (townships, links), over every list, in list order.
            let mut expected: BTreeMap<String, (BTreeSet<&str>, BTreeSet<String>)> = BTreeMap::new();
            let mut total = 0;
            for (body, part, item) in s.items() {
                if part != key || !departments_of(item).contains(&code) {
                    continue;
                }
                total += 1;
                let e = expected.entry(matter_key(text(item, "name").unwrap())).or_default();
                e.0.insert(body);
                e.1.insert(format!("{body}/{}.html", text(item, "code").unwrap()));
            }
            let section =
                between(&html, &format!("<section class=\"matters\" aria-labelledby=\"{id}-h\""), "</section>");
            let Some(section) = section else {
                p.check(total == 0, || format!("{rel}: no section {id} for {total} items"));
                continue;
            };
            let heading = text_after(section, "class=\"count\"").and_then(leading_number);
            p.check(heading == Some(total), || format!("{rel} {id}: heading says {heading:?} items, expected {total}"));
            let mut shown: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
            for g in section.split("<details class=\"group matter-group\"").skip(1) {
                let name = decode(text_after(g, "class=\"group-label\"").unwrap_or(""));
                let towns = text_after(g, "class=\"count\"").and_then(leading_number).unwrap_or(usize::MAX);
                shown.insert(matter_key(&name), (towns, item_links(&rel, g).into_iter().collect()));
                groups_seen += 1;
            }
            let expected: BTreeMap<String, (usize, BTreeSet<String>)> =
                expected.into_iter().map(|(k, (towns, links))| (k, (towns.len(), links))).collect();
            p.check(shown == expected, || {
                let diff: Vec<&String> =
                    expected.keys().filter(|k| shown.get(*k) != expected.get(*k)).take(3).collect();
                format!("{rel} {id}: {} matters shown, {} expected; differ: {diff:?}", shown.len(), expected.len())
            });
        }
    }
    if b.name == "example" {
        assert!(groups_seen > 0, "[example] some department page groups matters");
    }
    p.assert_none(b.name);
}

/// `part / whole` as the overview writes it.
fn percent_text(part: usize, whole: usize) -> String {
    if whole == 0 {
        "0%".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

fn average_text(n: usize, count: usize) -> String {
    if count == 0 {
        "0".into()
    } else {
        format!("{:.1}", n as f64 / count as f64)
    }
}

/// A data file of the built site as rows of cells (header first), read with the `csv` crate.
fn csv_rows(b: &Built, rel: &str) -> Vec<Vec<String>> {
    let bytes = b.files.get(rel).unwrap_or_else(|| panic!("[{}] no {rel}", b.name));
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{rel}: starts with the UTF-8 BOM");
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect()
}

/// The county overview: per township the three parts, their total, the share of 配合 + 收回 and
/// how many of its matters no other township lists (or all others list and it does not);
/// the totals and averages; the categories and the departments; the differences. Each table
/// on the page equals its CSV download, and both equal what the sources give.
fn overview(b: &Built) {
    let mut p = Problems::new();
    let s = &b.sources;
    let towns: Vec<(&str, &str, &str, &Table)> = s
        .grassroots()
        .into_iter()
        .filter_map(|t| {
            let code = text(t, "code").unwrap();
            s.list(code).map(|l| (code, text(t, "name").unwrap(), text(t, "kind").unwrap(), l))
        })
        .collect();
    let n = towns.len();
    let count = |l: &Table, key: &str| tables(l, key).len();
    // Which townships list each matter, per part.
    let mut listed: BTreeMap<(&str, String), Vec<usize>> = BTreeMap::new();
    for (t, (_, _, _, l)) in towns.iter().enumerate() {
        for key in PARTS {
            for item in tables(l, key) {
                let towns_of = listed.entry((key, matter_key(text(item, "name").unwrap()))).or_default();
                if towns_of.last() != Some(&t) {
                    towns_of.push(t);
                }
            }
        }
    }
    let mut unique = vec![0; n];
    let mut missing = vec![0; n];
    let mut differences: BTreeSet<(String, String, String, String)> = BTreeSet::new();
    for ((key, name), towns_of) in &listed {
        let part = match *key {
            "basic" => "基本履职事项",
            "support" => "配合履职事项",
            _ => "上级部门收回事项",
        };
        if n >= 2 && towns_of.len() == 1 {
            unique[towns_of[0]] += 1;
            differences.insert(("独有".into(), towns[towns_of[0]].0.into(), part.into(), name.clone()));
        } else if n >= 3 && towns_of.len() == n - 1 {
            let t = (0..n).find(|t| !towns_of.contains(t)).unwrap();
            missing[t] += 1;
            differences.insert(("缺少".into(), towns[t].0.into(), part.into(), name.clone()));
        }
    }

    // The townships' table, on the page and in its CSV.
    let mut expected: Vec<Vec<String>> = Vec::new();
    let (mut basic, mut support, mut recalled, mut service) = (0, 0, 0, 0);
    for (t, (code, name, kind, l)) in towns.iter().enumerate() {
        let (b_, s_, r_) = (count(l, "basic"), count(l, "support"), count(l, "recalled"));
        let sc = tables(l, "basic").iter().filter(|i| at_service_center("basic", i)).count();
        (basic, support, recalled, service) = (basic + b_, support + s_, recalled + r_, service + sc);
        let total = b_ + s_ + r_;
        expected.push(
            [code.to_string(), name.to_string(), kind.to_string()]
                .into_iter()
                .chain([b_, s_, r_, total].map(|x| x.to_string()))
                .chain([percent_text(s_ + r_, total), sc.to_string(), unique[t].to_string(), missing[t].to_string()])
                .collect(),
        );
    }
    let total = basic + support + recalled;
    let share = percent_text(support + recalled, total);
    let mut totals: Vec<String> = vec!["".into(), "合计".into(), "".into()];
    totals.extend([basic, support, recalled, total].map(|x| x.to_string()));
    totals.extend([share.clone(), service.to_string(), "".into(), "".into()]);
    let mut averages: Vec<String> = vec!["".into(), "平均".into(), "".into()];
    averages.extend([basic, support, recalled, total].map(|x| average_text(x, n)));
    averages.extend([share.clone(), "".into(), "".into(), "".into()]);
    let rows = csv_rows(b, "data/overview-townships.csv");
    p.check(rows.len() == n + 3 && rows[1..n + 1] == expected[..], || {
        format!("overview-townships.csv: {:?}\nexpected {:?}", &rows[1..], expected)
    });
    p.check(rows.get(n + 1) == Some(&totals) && rows.get(n + 2) == Some(&averages), || {
        format!("overview-townships.csv totals and averages: {:?}, expected {totals:?} {averages:?}", rows.get(n + 1..))
    });
    let rel = "overview/index.html";
    let html = b.page(rel);
    for row in &expected {
        let shown = row_figures(rel, &html, &format!("{}/index.html", row[0]));
        let want: Vec<String> = [&row[3..8], &row[9..11]].concat();
        p.check(shown.as_ref() == Some(&want), || format!("{rel}: row of {} is {shown:?}, expected {want:?}", row[0]));
    }
    let page = text_content(&html);
    let figures = [
        format!("{total} 项事项"),
        format!("{} 项平均每个乡镇（街道）", average_text(total, n)),
        format!("{share} 为配合和收回事项"),
    ];
    for f in figures {
        p.check(page.contains(&f), || format!("{rel}: lacks “{f}”"));
    }

    // Categories, in the order the lists first use them, those without one last.
    let mut order: Vec<String> = Vec::new();
    let mut by_category: BTreeMap<String, ([usize; 3], BTreeSet<&str>)> = BTreeMap::new();
    for (code, _, _, l) in &towns {
        for (i, key) in PARTS.iter().enumerate() {
            for item in tables(l, key) {
                let c = text(item, "category").unwrap_or("").to_string();
                if !order.contains(&c) {
                    order.push(c.clone());
                }
                let e = by_category.entry(c).or_default();
                e.0[i] += 1;
                e.1.insert(code);
            }
        }
    }
    if let Some(i) = order.iter().position(String::is_empty) {
        let none = order.remove(i);
        order.push(none);
    }
    let expected: Vec<Vec<String>> = order
        .iter()
        .map(|c| {
            let (parts, towns_of) = &by_category[c];
            let sum: usize = parts.iter().sum();
            let label = if c.is_empty() { "（未分类）".to_string() } else { c.clone() };
            [label]
                .into_iter()
                .chain(parts.iter().chain([&sum, &towns_of.len()]).map(|x| x.to_string()))
                .chain([average_text(sum, n)])
                .collect()
        })
        .collect();
    let rows = csv_rows(b, "data/overview-categories.csv");
    p.check(rows[1..] == expected[..], || format!("overview-categories.csv: {:?}\nexpected {expected:?}", &rows[1..]));
    let table = between(&html, "id=\"overview-categories\"", "</table>").unwrap_or("");
    let shown: Vec<String> = table
        .split("<tr")
        .skip(2)
        .map(|r| text_content(&format!("<tr{}", r.split("</tr>").next().unwrap_or(""))))
        .collect();
    let want: Vec<String> = expected.iter().map(|r| r.join(" ")).collect();
    p.check(shown == want, || format!("{rel}: categories {shown:?}, expected {want:?}"));

    // Departments: per department, its items in the townships' lists.
    let mut expected: Vec<Vec<String>> = Vec::new();
    for d in s.departments() {
        let code = text(d, "code").unwrap();
        let per_town: Vec<[usize; 5]> = towns.iter().map(|(_, _, _, l)| department_figures(l, code)).collect();
        let mut f = [0; 5];
        for t in &per_town {
            for (a, b) in f.iter_mut().zip(t) {
                *a += b;
            }
        }
        let sum: usize = f.iter().sum();
        if sum == 0 {
            continue;
        }
        let with = per_town.iter().filter(|t| t.iter().sum::<usize>() > 0).count();
        let mut row = vec![code.to_string(), text(d, "name").unwrap().to_string()];
        row.extend(f.iter().chain([&sum, &with]).map(|x| x.to_string()));
        expected.push(row);
    }
    let rows = csv_rows(b, "data/overview-departments.csv");
    let known: Vec<Vec<String>> =
        rows[1..].iter().filter(|r| s.departments().iter().any(|d| text(d, "code") == Some(&r[0]))).cloned().collect();
    p.check(known == expected, || format!("overview-departments.csv: {known:?}\nexpected {expected:?}"));
    for row in &expected {
        let shown = row_figures(rel, &html, &format!("{}/index.html", row[0]));
        let want: Vec<String> = [&row[2..7], &row[8..9]].concat();
        p.check(shown.as_ref() == Some(&want), || {
            format!("{rel}: department {} is {shown:?}, expected {want:?}", row[0])
        });
    }

    // Differences: the CSV lists each, the page counts them per township.
    let rows = csv_rows(b, "data/overview-differences.csv");
    let shown: BTreeSet<(String, String, String, String)> =
        rows[1..].iter().map(|r| (r[0].clone(), r[1].clone(), r[3].clone(), matter_key(&r[5]))).collect();
    p.check(shown == differences && rows.len() - 1 == differences.len(), || {
        let extra: Vec<_> = shown.difference(&differences).take(3).collect();
        let lacking: Vec<_> = differences.difference(&shown).take(3).collect();
        format!(
            "overview-differences.csv: {} rows for {} differences; extra {extra:?}, lacking {lacking:?}",
            rows.len() - 1,
            differences.len()
        )
    });
    if b.name == "example" {
        assert!(n >= 2 && !differences.is_empty(), "[example] the townships differ somewhere");
    }
    p.assert_none(b.name);
}

/// The 准入 page ("清单之外无事项"): every basic item handed down by a department (`assigned_by`)
/// without a valid admission — none named, unknown, of another department, exited, or not
/// covering the township — is listed with a link; every admission item lists the items that
/// name it.
fn admission_page(b: &Built) {
    let Some(list) = &b.sources.admission else { return };
    let mut p = Problems::new();
    let rel = "admission/index.html";
    let html = b.page(rel);
    let admissions: BTreeMap<&str, &Table> =
        tables(list, "item").into_iter().map(|a| (text(a, "code").unwrap(), a)).collect();
    let mut outside: BTreeSet<String> = BTreeSet::new();
    let mut references: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (body, part, item) in b.sources.items() {
        if part != "basic" {
            continue;
        }
        let link = format!("{body}/{}.html", text(item, "code").unwrap());
        if let Some(code) = text(item, "admission") {
            references.entry(code).or_default().insert(link.clone());
        }
        let Some(by) = text(item, "assigned_by") else { continue };
        let valid = text(item, "admission").and_then(|c| admissions.get(c)).is_some_and(|a| {
            let towns: Vec<&str> = a
                .get("townships")
                .and_then(Value::as_array)
                .map(|t| t.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            text(a, "department") == Some(by)
                && text(a, "status") != Some("退出")
                && (towns.is_empty() || towns.contains(&body))
        });
        if !valid {
            outside.insert(link);
        }
    }
    let section = between(&html, "<section class=\"outside\"", "</section>").unwrap_or("");
    let heading = text_after(section, "class=\"count\"").and_then(leading_number);
    p.check(heading == Some(outside.len()), || {
        format!("{rel}: says {heading:?} unadmitted items, expected {}", outside.len())
    });
    let shown: BTreeSet<String> = item_links(rel, section).into_iter().collect();
    p.check(shown == outside, || format!("{rel}: unadmitted items {shown:?}, expected {outside:?}"));
    for code in admissions.keys() {
        let item = between(&html, &format!("id=\"{code}\""), "</section>").unwrap_or("");
        let shown: BTreeSet<String> = item_links(rel, item).into_iter().collect();
        let want = references.get(code).cloned().unwrap_or_default();
        p.check(shown == want, || format!("{rel} {code}: items {shown:?}, expected {want:?}"));
    }
    if b.name == "example" && b.sources.items().iter().any(|(_, _, i)| text(i, "assigned_by").is_some()) {
        assert!(!references.is_empty(), "[example] some item names an admission item");
    }
    p.assert_none(b.name);
}

/// Issue 17: every item with a 办事指南 shows it and has a 一次性告知单 with each material, the
/// service center's place, hours and phone; every form it names is served byte for byte; every
/// 一件事 of the sources has a page linking each township's item.
fn guides_and_events(b: &Built, root: &Path) {
    let mut p = Problems::new();
    let mut guides = 0;
    let mut events: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (body, part, item) in b.sources.items() {
        let code = text(item, "code").unwrap();
        if part == "basic" && !suspended(item) {
            for e in item.get("events").and_then(Value::as_array).into_iter().flatten() {
                events.entry(e.as_str().unwrap().to_string()).or_default().insert(format!("{body}/{code}.html"));
            }
        }
        let Some(guide) = item.get("guide").and_then(Value::as_table) else {
            p.check(!b.files.contains_key(&format!("{body}/notice/{code}.html")), || {
                format!("{body}/{code}: a notice without a guide")
            });
            continue;
        };
        guides += 1;
        let rel = format!("{body}/notice/{code}.html");
        let Some(bytes) = b.files.get(&rel) else {
            p.check(false, || format!("no notice {rel}"));
            continue;
        };
        let notice = normalize_extra_escapes(&String::from_utf8_lossy(bytes));
        let page = normalize_extra_escapes(&b.page(&format!("{body}/{code}.html")));
        p.check(page.contains("办事指南") && page.contains(&format!("notice/{code}.html")), || {
            format!("{body}/{code}: no guide or notice link")
        });
        for m in tables(guide, "materials") {
            let name = escape(text(m, "name").unwrap());
            p.check(notice.contains(&name) && page.contains(&name), || format!("{rel}: lacks material {name}"));
            for key in ["blank", "sample"] {
                if let Some(file) = text(m, key) {
                    let served = b.files.get(&format!("files/{file}"));
                    let source = std::fs::read(root.join("content/files").join(file)).ok();
                    p.check(served.is_some() && served == source.as_ref(), || {
                        format!("files/{file} not served as it is")
                    });
                    p.check(page.contains(&format!("files/{}", escape(file))), || {
                        format!("{body}/{code}: no link to {file}")
                    });
                }
            }
        }
        let town = b.sources.bodies.iter().find(|t| text(t, "code") == Some(body)).unwrap();
        if let Some(sc) = town.get("service_center").and_then(Value::as_table) {
            for key in ["name", "address", "phone"] {
                if let Some(v) = text(sc, key) {
                    p.check(text_content(&notice).contains(v), || {
                        format!("{rel}: lacks the service center's {key} {v}")
                    });
                }
            }
        }
    }
    if b.name == "example" {
        assert!(guides > 200, "[example] every window item has a guide: {guides}");
        assert!(events.len() >= 6, "[example] 一件事: {:?}", events.keys());
    }
    let index = b.files.get("events/index.html").map(|x| String::from_utf8_lossy(x).into_owned());
    p.check(events.is_empty() == index.is_none(), || "events/index.html exists without events, or is missing".into());
    for (event, items) in &events {
        let page = b
            .pages()
            .into_iter()
            .find(|(rel, html)| rel.starts_with("events/") && *rel != "events/index.html" && h1(html) == *event);
        let Some((rel, html)) = page else {
            p.check(false, || format!("no page for 一件事 {event}"));
            continue;
        };
        let links: BTreeSet<String> = item_links(rel, &html)
            .into_iter()
            .filter(|l| l.matches('/').count() == 1)
            .filter(|l| !["pages/", "events/", "guidance/", "data/", "releases/"].iter().any(|d| l.starts_with(d)))
            .collect();
        p.check(&links == items, || format!("{rel}: items {links:?}, expected {items:?}"));
    }
    p.assert_none(b.name);
}

// ---------------------------------------------------------------------------------------------
// The tests, for each site

macro_rules! site_tests {
    ($site:ident) => {
        mod $site {
            use super::*;

            #[test]
            fn every_page_follows_the_conventions() {
                if let Some(b) = super::$site() {
                    page_conventions(b);
                }
            }

            #[test]
            fn one_script_one_style_sheet_nothing_inline_and_a_strict_csp() {
                if let Some(b) = super::$site() {
                    no_scripts(b);
                }
            }

            #[test]
            fn every_relative_link_resolves() {
                if let Some(b) = super::$site() {
                    links_resolve(b);
                }
            }

            #[test]
            fn every_item_has_a_page_with_its_name_and_basis() {
                if let Some(b) = super::$site() {
                    item_pages(b);
                }
            }

            #[test]
            fn township_pages_show_service_center_windows_and_counts() {
                if let Some(b) = super::$site() {
                    township_pages(b);
                }
            }

            #[test]
            fn department_pages_list_what_the_department_delegated() {
                if let Some(b) = super::$site() {
                    department_pages(b);
                }
            }

            #[test]
            fn home_page_figures_match_the_sources() {
                if let Some(b) = super::$site() {
                    home_page(b);
                }
            }

            #[test]
            fn township_parts_are_counted_and_grouped_by_category() {
                if let Some(b) = super::$site() {
                    township_groups(b);
                }
            }

            #[test]
            fn department_pages_count_per_township_and_group_by_matter() {
                if let Some(b) = super::$site() {
                    department_aggregates(b);
                }
            }

            #[test]
            fn the_county_overview_and_its_csv_files_match_the_sources() {
                if let Some(b) = super::$site() {
                    overview(b);
                }
            }

            #[test]
            fn the_admission_page_lists_unadmitted_duties_and_references() {
                if let Some(b) = super::$site() {
                    admission_page(b);
                }
            }

            #[test]
            fn guides_have_notices_and_events_have_pages() {
                if let Some(b) = super::$site() {
                    let root = match b.name {
                        "starter" => scratch_root("starter"),
                        _ => Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
                    };
                    guides_and_events(b, &root);
                }
            }

            #[test]
            fn guidance_coverage_follows_the_documented_rule() {
                if let Some(b) = super::$site() {
                    guidance_coverage(b);
                }
            }
        }
    };
}

site_tests!(starter);
site_tests!(example);

// ---------------------------------------------------------------------------------------------
// Sites that differ from the starter in one way

/// Builds a patched starter and returns (site, output tree).
fn build_variant(tag: &str, patch: impl FnOnce(&common::Site)) -> (common::Site, Built) {
    let site = common::Site::init(tag);
    patch(&site);
    let out = site.tmp.join("out");
    let root = site.root.clone();
    let built = Built::build("variant", &root, &out);
    (site, built)
}

#[test]
fn a_township_without_a_list_still_gets_a_township_page() {
    // A town whose list is not written yet (a warning) still has a page; it must present the
    // town (its service center and windows), not the county-department template.
    let (_site, b) = build_variant("town-no-list", |site| {
        site.write(
            "content/bodies/xicun.toml",
            "code = \"xicun\"\nname = \"西村镇\"\nkind = \"镇\"\n\n[service_center]\nname = \"西村镇便民服务中心\"\n\n[[service_center.windows]]\nname = \"综合受理窗口\"\n",
        );
    });
    let page = text_content(&b.page("xicun/index.html"));
    assert!(page.contains("西村镇便民服务中心"), "the service center is shown: {page}");
    assert!(page.contains("综合受理窗口"), "the window is shown: {page}");
    assert!(!page.contains("本部门"), "a town is not a department: {page}");
}

#[test]
fn an_item_code_cannot_replace_the_township_page() {
    // Item pages live at <body>/<code>.html beside <body>/index.html: an item coded `index`
    // must be rejected by check, or the township page is silently overwritten.
    let site = common::Site::init("item-index");
    site.replace(common::LIST, "code = \"DC-GF-001\"", "code = \"index\"");
    let diags = site.check();
    if diags.iter().any(|d| d.error) {
        return; // rejected: fine
    }
    let out = site.tmp.join("out");
    build_ok(&site.root, &out);
    let page = std::fs::read_to_string(out.join("dongcun/index.html")).unwrap();
    let links: Vec<Tag> =
        tags(&page).into_iter().filter(|t| t.attr("href").is_some_and(|h| h.ends_with("DC-XK-001.html"))).collect();
    assert_eq!(h1(&page), "东村镇", "dongcun/index.html is no longer the township page:\n{page}");
    assert!(!links.is_empty(), "dongcun/index.html no longer lists the township's items:\n{page}");
}

#[test]
fn a_catalog_id_cannot_replace_the_guidance_overview() {
    // Catalog pages live at guidance/<file stem>.html beside guidance/index.html.
    let site = common::Site::init("catalog-index");
    site.rename("content/guidance/zhifa.toml", "content/guidance/index.toml");
    let diags = site.check();
    if diags.iter().any(|d| d.error) {
        return; // rejected: fine
    }
    let out = site.tmp.join("out");
    build_ok(&site.root, &out);
    let page = std::fs::read_to_string(out.join("guidance/index.html")).unwrap();
    assert_eq!(h1(&page), "指导目录承接情况", "guidance/index.html is no longer the overview:\n{page}");
}

#[test]
fn links_resolve_when_departments_and_the_county_have_lists() {
    let (_site, b) = build_variant("more-lists", |site| {
        for (body, code) in [("zhujian", "ZJ-XK-001"), ("county", "XJ-XK-001")] {
            site.write(
                &format!("content/lists/{body}.toml"),
                format!("body = \"{body}\"\n\n[[basic]]\ncode = \"{code}\"\nname = \"测试事项\"\ntype = \"行政许可\"\norigin = \"法定\"\nbasis = \"《测试法》第一条\"\n"),
            );
        }
    });
    assert!(b.files.contains_key("zhujian/ZJ-XK-001.html"), "a department's own item has a page");
    item_pages(&b);
    links_resolve(&b);
}

// ---------------------------------------------------------------------------------------------
// The checks above can fail: a site theme (themes/default/ in the site root overrides the
// built-in one) that breaks the conventions is caught.

fn fails(check: fn(&Built), b: &Built) -> bool {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(b))).is_err()
}

#[test]
fn the_checks_catch_a_theme_that_breaks_the_rules() {
    let base = include_str!("../themes/default/templates/base.html");
    let item = include_str!("../themes/default/templates/item.html");
    let (_site, b) = build_variant("bad-theme", |site| {
        let bad_base = base.replace("</head>", "<script src=\"https://cdn.example.com/x.js\"></script>\n</head>");
        assert_ne!(bad_base, base);
        site.write("themes/default/templates/base.html", bad_base);
        let bad_item = item.replace("{{ item.basis.text }}", "").replace("{{ root }}", "{{ root }}../");
        assert_ne!(bad_item, item);
        site.write("themes/default/templates/item.html", bad_item);
    });
    assert!(fails(page_conventions, &b), "a script from a CDN is caught");
    assert!(fails(no_scripts, &b), "a second script is caught");
    assert!(fails(item_pages, &b), "a missing 实施依据 is caught");
    assert!(fails(links_resolve, &b), "links that climb too high are caught");
    assert!(!fails(home_page, &b), "the home page is untouched");
}

#[test]
fn markdown_tables_in_pages_have_header_cells_with_scope() {
    // Publishers write tables in Markdown pages (the bundled example does); like the
    // templates' tables, they need header cells with a scope for screen readers.
    let (_site, b) = build_variant("markdown-table", |site| {
        site.append("content/pages/about.md", "\n| 窗口 | 电话 |\n|---|---|\n| 社会事务窗口 | 0571-00000111 |\n");
    });
    let html = b.page("pages/about.html");
    assert!(html.contains("<table"), "the table is rendered:\n{html}");
    page_conventions(&b);
}

#[test]
fn a_site_overrides_templates_and_static_files_of_the_theme() {
    // docs/theming.md: files under <site>/themes/default/ replace the built-in ones.
    let (_site, b) = build_variant("theme-override", |site| {
        site.write("themes/default/static/style.css", "/* 本站样式 */\nbody { color: #222; }\n");
        site.write(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1><p class=\"site-own\">本站自定义模板</p>{{ page.markdown | markdown }}{% endblock %}",
        );
        site.write("themes/default/static/textsize.js", "/* site's own textsize.js */\n");
    });
    assert_eq!(b.files["static/style.css"], "/* 本站样式 */\nbody { color: #222; }\n".as_bytes());
    let about = b.page("pages/about.html");
    assert!(about.contains("<p class=\"site-own\">本站自定义模板</p>"), "{about}");
    // Other templates are still the built-in ones, with the site's base.html around them.
    assert!(about.contains("跳到正文") && b.page("index.html").contains("class=\"figures"));
    // One part of the script replaced; the others still there.
    let js = String::from_utf8(b.files["static/site.js"].clone()).unwrap();
    // The URL scheme comes first (urls::script_constants), then the parts in order.
    let (constants, parts) = js.split_once('\n').unwrap();
    assert!(constants.starts_with("var QINGDAN_URLS = "), "{constants}");
    assert!(parts.starts_with("/* site's own textsize.js */"), "{}", &parts[..200]);
    assert!(js.contains("QingdanSearch") && js.contains("compare-app") && !js.contains("qingdan-large-text"));
    page_conventions(&b);
    no_scripts(&b);
}

/// The theme's script parts reach phones without indentation and comment lines (theme.rs,
/// `compact_script`), which keeps their meaning only while no string literal spans lines.
#[test]
fn the_script_parts_can_be_compacted_line_by_line() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "js") {
            continue;
        }
        let part = path.file_name().unwrap().to_string_lossy().into_owned();
        let js = std::fs::read_to_string(&path).unwrap();
        for (n, line) in js.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            assert_eq!(code.matches('`').count() % 2, 0, "{part}:{}: a template literal spans lines", n + 1);
        }
    }
    let b = example().expect("the bundled example");
    let js = String::from_utf8_lossy(&b.files["static/site.js"]).into_owned();
    assert!(!js.lines().any(|l| l.starts_with(' ') || l.trim_start().starts_with("//")), "site.js is compacted");
}

#[test]
fn a_site_can_replace_the_whole_script() {
    let (_site, b) = build_variant("theme-script", |site| {
        site.write("themes/default/static/site.js", "/* all of it */\n");
    });
    assert_eq!(b.files["static/site.js"], b"/* all of it */\n".to_vec());
}

/// "清单之外无事项" on the 准入 page: a duty handed down without naming an admission item and one
/// whose admission item has exited are both listed, with what is wrong, and `check` warns about
/// each (the same rule, `derive::Assignment`).
#[test]
fn the_admission_page_lists_duties_handed_down_without_a_valid_admission() {
    let (site, b) = build_variant("admission-outside", |site| {
        site.replace("content/admission.toml", "status = \"准入\"", "status = \"退出\"");
        site.append(
            common::LIST,
            "\n[[basic]]\ncode = \"DC-JB-099\"\ncategory = \"城乡建设\"\nname = \"协助开展农村危房排查\"\nassigned_by = \"zhujian\"\n",
        );
    });
    admission_page(&b);
    let html = b.page("admission/index.html");
    let section = text_content(between(&html, "<section class=\"outside\"", "</section>").unwrap());
    for want in [
        "未经准入的交办事项 2 项",
        "协助开展农作物秸秆综合利用情况统计",
        "准入事项已退出",
        "协助开展农村危房排查",
        "没有对应的准入事项",
    ] {
        assert!(section.contains(want), "the 准入 page lacks “{want}”: {section}");
    }
    let warnings: Vec<String> = site.check().into_iter().filter(|d| !d.error).map(|d| d.message).collect();
    for want in ["已退出，不能再据此交办", "“协助开展农村危房排查”由"] {
        assert!(warnings.iter().any(|w| w.contains(want)), "no warning with “{want}”: {warnings:?}");
    }
}

/// Addresses in the pages are written as they are (`../data/x.csv`), so a reader can find and
/// cite them in the page source; only `&<>"'` are escaped.
#[test]
fn addresses_in_pages_are_written_as_they_are() {
    let b = example().expect("the bundled example");
    let pages = b.pages();
    let slashes: Vec<&str> = pages.iter().filter(|(_, html)| html.contains("&#x2f;")).map(|(rel, _)| *rel).collect();
    assert!(
        slashes.is_empty(),
        "{} pages write / as &#x2f;, e.g. {:?}",
        slashes.len(),
        &slashes[..slashes.len().min(5)]
    );
    let data_links = pages.iter().filter(|(_, html)| html.contains("href=\"../data/")).count();
    assert!(data_links > 10, "township and department pages link their downloads ({data_links})");
}

//! The theme: templates and static assets. The default theme is compiled into the binary so
//! `qingdan` works anywhere; a site overrides any file by putting its own copy under
//! `themes/default/` in the site root.

use minijinja::{Environment, Value};
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $name)))),*]
    };
}

/// The default theme's files, by path inside the theme.
const DEFAULT: &[(&str, &str)] = embed!(
    "templates/base.html",
    "templates/macros.html",
    "templates/home.html",
    "templates/township.html",
    "templates/department.html",
    "templates/departments.html",
    "templates/item.html",
    "templates/territorial.html",
    "templates/admission.html",
    "templates/overview.html",
    "templates/guidance.html",
    "templates/catalog.html",
    "templates/page.html",
    "templates/data.html",
    "templates/404.html",
    "templates/search.html",
    "templates/history-macros.html",
    "templates/releases.html",
    "templates/release.html",
    "templates/changes.html",
    "templates/body-changes.html",
    "templates/compare.html",
    "templates/item-version.html",
    "templates/item-moved.html",
    "templates/guide.html",
    "templates/notice.html",
    "templates/events.html",
    "templates/event.html",
    "templates/region-base.html",
    "templates/region-home.html",
    "templates/region-city.html",
    "templates/region-catalog.html",
    "templates/region-search.html",
    "templates/region-404.html",
    "static/style.css",
    "static/textsize.js",
    "static/search.js",
    "static/compare.js",
    "static/asof.js",
    "static/lists.js",
    "static/township.js",
    "static/region.js",
);

/// The one style sheet, copied to `static/style.css` in the output.
pub const STYLE: &str = "style.css";

/// The one script every page loads, `static/site.js` in the output.
pub const SCRIPT: &str = "site.js";

/// The theme files the script is made of, in order. Each is one concept (larger text, search,
/// release comparison, collapsing and filtering a long list, as-of lookup, a region's county search) and starts only on
/// the pages that have its elements; joined, they are one request per site visit instead of one
/// per feature. A site's own `static/site.js` replaces the whole script; its own copy of one part
/// replaces that part.
pub const SCRIPT_PARTS: &[&str] =
    &["textsize.js", "search.js", "compare.js", "lists.js", "asof.js", "township.js", "region.js"];

pub struct Theme {
    dir: PathBuf,
}

impl Theme {
    pub fn new(site_root: &Path) -> Theme {
        Theme { dir: site_root.join("themes").join("default") }
    }

    /// A theme file: the site's copy if it has one, else the built-in default.
    pub fn file(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.dir.join(name))
            .ok()
            .or_else(|| DEFAULT.iter().find(|(n, _)| *n == name).map(|(_, text)| text.to_string()))
    }

    /// The style sheet: a site's own as it wrote it, else the theme's without comments,
    /// indentation and blank lines (what phones need not download).
    pub fn style(&self) -> String {
        let name = format!("static/{STYLE}");
        match std::fs::read_to_string(self.dir.join(&name)) {
            Ok(own) => own,
            Err(_) => compact_style(&self.file(&name).unwrap_or_default()),
        }
    }

    /// The site's script: its own `static/site.js` if it has one, else the parts joined.
    pub fn script(&self) -> String {
        if let Ok(own) = std::fs::read_to_string(self.dir.join("static").join(SCRIPT)) {
            return own;
        }
        // The URL scheme first: the parts build their links from it (see `urls`).
        let mut out = crate::urls::script_constants();
        for part in SCRIPT_PARTS {
            out.push_str(&compact_script(&self.file(&format!("static/{part}")).unwrap_or_default()));
        }
        out
    }

    pub fn environment(&self) -> Environment<'static> {
        let mut env = Environment::new();
        let dir = self.dir.clone();
        env.set_loader(move |name| Ok(Theme { dir: dir.clone() }.file(&format!("templates/{name}"))));
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        env.set_formatter(|out, state, value| match value.as_str() {
            Some(text) if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() => {
                super::escape::html_into(out, text)
                    .map_err(|_| minijinja::Error::from(minijinja::ErrorKind::WriteFailure))
            }
            _ => minijinja::escape_formatter(out, state, value),
        });
        env.add_filter("markdown", |text: Option<String>| {
            Value::from_safe_string(text.map(|t| super::markdown::to_html(&t)).unwrap_or_default())
        });
        env.add_filter("cndate", |date: String| crate::model::Date::parse(&date).map(|d| d.chinese()).unwrap_or(date));
        env.add_filter("keep", |text: Option<String>| {
            Value::from_safe_string(super::tokens::keep(&text.unwrap_or_default()))
        });
        env.add_filter("tel", |text: Option<String>| {
            Value::from_safe_string(super::tokens::tel(&text.unwrap_or_default()))
        });
        add_urls(&mut env);
        env.add_filter("percent", |part: usize, whole: usize| {
            if whole == 0 {
                "0%".to_string()
            } else {
                format!("{:.0}%", part as f64 * 100.0 / whole as f64)
            }
        });
        env
    }
}

/// The URL scheme for templates: `urls.home`, `urls.releases` … and `url_body(code)`,
/// `url_item(body, code)` …, all from `crate::urls`, so templates write no paths of their own.
/// Paths come out as safe strings with the characters HTML needs escaped (`&<>"'`), so links
/// read `tangxi/index.html`, not `tangxi&#x2f;index.html`.
fn add_urls(env: &mut Environment<'static>) {
    use crate::urls;
    fn path(p: String) -> Value {
        Value::from_safe_string(super::escape::html(&p))
    }
    let constants = [
        ("home", urls::HOME),
        ("search", urls::SEARCH),
        ("style", urls::STYLE),
        ("script", urls::SCRIPT),
        ("data", urls::DATA_PAGE),
        ("departments", urls::DEPARTMENTS),
        ("overview", urls::OVERVIEW),
        ("territorial", urls::TERRITORIAL),
        ("admission", urls::ADMISSION),
        ("guidance", urls::GUIDANCE),
        ("releases", urls::RELEASES),
        ("compare", urls::COMPARE),
        ("site_feed", urls::SITE_FEED),
        ("new_support_feed", urls::NEW_SUPPORT_FEED),
        ("new_recalled_feed", urls::NEW_RECALLED_FEED),
        ("release_index", urls::RELEASE_INDEX),
        ("release_manifest", urls::RELEASE_MANIFEST),
        ("unreleased", urls::UNRELEASED),
        ("events", urls::EVENTS),
    ];
    let map: std::collections::BTreeMap<&str, Value> =
        constants.into_iter().map(|(k, v)| (k, path(v.to_string()))).collect();
    env.add_global("urls", Value::from_iter(map));
    env.add_function("url_body", |code: String| path(urls::body(&code)));
    env.add_function("url_item", |body: String, code: String| path(urls::item(&body, &code)));
    env.add_function("url_data", |stem: String, ext: String| path(urls::data(&stem, &ext)));
    env.add_function("url_catalog", |id: String| path(urls::catalog(&id)));
    env.add_function("url_notice", |body: String, code: String| path(urls::notice(&body, &code)));
    env.add_function("url_file", |file: String| path(urls::file(&file)));
    env.add_function("url_page", |slug: String| path(urls::page(&slug)));
    env.add_function("url_region_city", |code: String| path(urls::region_city(&code)));
    env.add_function("url_feed", |body: String| path(urls::body_feed(&body)));
    env.add_function("url_item_feed", |body: String, code: String| path(urls::item_feed(&body, &code)));
    env.add_function("url_department_feed", |body: String| path(urls::department_feed(&body)));
    env.add_function("url_part_feed", |part: String| path(urls::part_feed(&part)));
    env.add_function("url_item_version", |release: String, body: String, code: String| {
        path(urls::item_version(&release, &body, &code))
    });
    env.add_function("url_release", |id: String| path(urls::release(&id)));
    env.add_function("url_list_version", |hash: String, ext: String| path(urls::list_version_file(&hash, &ext)));
}

/// A style sheet without `/* … */` comments (the theme's say why a rule exists, for its
/// maintainers), indentation and blank lines; no rule or string changes.
fn compact_style(css: &str) -> String {
    let mut uncommented = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        uncommented.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    uncommented.push_str(rest);
    let mut out = String::with_capacity(uncommented.len());
    for line in uncommented.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A script part as phones download it: without indentation, blank lines and whole-line `//`
/// comments (about an eighth of the theme's scripts). Line breaks stay, so automatic semicolon
/// insertion reads the code as written; the parts hold no multi-line string literal.
fn compact_script(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    for line in js.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    /// A starter site has no `themes/` of its own: a theme file left out of `DEFAULT` breaks
    /// its build (the 办事指南 templates once did).
    #[test]
    fn every_file_of_the_default_theme_is_compiled_in() {
        let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk = Vec::new();
        for dir in ["templates", "static"] {
            for entry in std::fs::read_dir(theme.join(dir)).unwrap() {
                on_disk.push(format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy()));
            }
        }
        on_disk.sort();
        let mut embedded: Vec<String> = super::DEFAULT.iter().map(|(name, _)| name.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn compacting_a_style_sheet_drops_only_comments_and_layout() {
        let css = "/* why */\nmain {\n  color: red; /* inline */\n}\n\n/* open";
        assert_eq!(super::compact_style(css), "main {\ncolor: red;\n}\n");
    }
}

//! The site's URL scheme, in one place: every page and data file the build writes, relative to
//! the output root and written with `/`. Rendering, exports, search, feeds, `serve`'s rebuilds,
//! the templates (through the `href` function, see `render/theme.rs`) and the scripts (through
//! `SCRIPT_CONSTANTS`, joined into `site.js`) all take their paths from here, so a link and the
//! file it points at cannot disagree.

/// The home page.
pub const HOME: &str = "index.html";
/// Shown by servers for any missing path.
pub const NOT_FOUND: &str = "404.html";
/// The search page.
pub const SEARCH: &str = "search.html";
/// The static search index (see `search::shards`).
pub const SEARCH_DIR: &str = "search/";
/// The one style sheet and the one script.
pub const STYLE: &str = "static/style.css";
pub const SCRIPT: &str = "static/site.js";

/// Open data: each list and county table as CSV, XLSX and JSON, and the data page.
pub const DATA_DIR: &str = "data/";
pub const DATA_PAGE: &str = "data/index.html";
/// A county's figures for its region (`export::summary`), read when a region combines counties.
pub const SUMMARY: &str = "data/summary.json";

pub const DEPARTMENTS: &str = "departments/index.html";
/// The county overview: the townships' lists compared and counted (`derive::Overview`).
pub const OVERVIEW: &str = "overview/index.html";
pub const TERRITORIAL: &str = "territorial/index.html";
pub const ADMISSION: &str = "admission/index.html";
pub const GUIDANCE: &str = "guidance/index.html";

/// Release pages: one directory per release, `releases/current/` for unreleased changes.
pub const RELEASES: &str = "releases/index.html";
pub const COMPARE: &str = "releases/compare.html";
pub const RELEASES_DIR: &str = "releases/";
pub const CURRENT_RELEASE_DIR: &str = "releases/current/";
/// Release data: every list version (by content hash) and the index the comparison reads.
pub const RELEASE_DATA_DIR: &str = "data/releases/";
pub const RELEASE_INDEX: &str = "data/releases/index.json";
/// The published chain of releases: each release's manifest hash, its files' hashes, the head
/// (see `export::releases::manifest_json` and `qingdan verify`).
pub const RELEASE_MANIFEST: &str = "data/releases/manifest.json";
/// Every item address that is no longer a current item, with where the item went.
pub const RETIRED_ITEMS: &str = "data/releases/retired.json";
pub const LIST_VERSIONS_DIR: &str = "data/releases/lists/";

/// Atom feeds.
pub const FEEDS_DIR: &str = "feeds/";
pub const SITE_FEED: &str = "feeds/index.xml";
/// Items newly in a 配合履职事项 part, and newly recalled (上级部门收回事项), site-wide.
pub const NEW_SUPPORT_FEED: &str = "feeds/new-support.xml";
pub const NEW_RECALLED_FEED: &str = "feeds/new-recalled.xml";

/// A body's page (township, street office, department, county).
pub fn body(code: &str) -> String {
    format!("{code}/index.html")
}

/// An item's permalink: one file per item, beside its body's page.
pub fn item(body: &str, code: &str) -> String {
    format!("{body}/{code}.html")
}

/// An item's 一次性告知单: the printable one-page notice of what to bring, where and when. In
/// a directory of its own, so no item code can take its name.
pub fn notice(body: &str, code: &str) -> String {
    format!("{body}/notice/{code}.html")
}

/// 一件事: the situations citizens recognise (生育, 上学 …), and one page each.
pub const EVENTS: &str = "events/index.html";

/// A 一件事 page; `slug` is the event's name in pinyin (`render::events`).
pub fn event(slug: &str) -> String {
    format!("events/{slug}.html")
}

/// Files the sources name (blank forms, filled samples), served as they are from
/// `content/files/`.
pub const FILES_DIR: &str = "files/";

pub fn file(path: &str) -> String {
    format!("{FILES_DIR}{path}")
}

/// An open data file (`tangxi`, `csv` → `data/tangxi.csv`).
pub fn data(stem: &str, ext: &str) -> String {
    format!("{DATA_DIR}{stem}.{ext}")
}

/// A guidance catalog's coverage page.
pub fn catalog(id: &str) -> String {
    format!("guidance/{id}.html")
}

/// A page of a county's own site inside a region's output (`region/`): the county's site is
/// `<code>/` there, so its home is `in_county(code, HOME)`.
pub fn in_county(code: &str, path: &str) -> String {
    format!("{code}/{path}")
}

/// From a county's root to its region's, where the county is `in_county(code, …)` in the
/// region's output: the county's pages link up to the region's home and city pages with it
/// (when the region has no `base_url` to make them absolute).
pub const REGION_ROOT: &str = "../";

/// A region's page of one city (`region/`: a province or a city over county sites).
pub fn region_city(code: &str) -> String {
    format!("cities/{code}.html")
}

/// A region's comparison of one guidance catalog across its counties, and its CSV.
pub fn region_catalog(id: &str) -> String {
    format!("guidance/{id}.html")
}

pub fn region_catalog_csv(id: &str) -> String {
    format!("guidance/{id}.csv")
}

/// A prose page from `content/pages/`.
pub fn page(slug: &str) -> String {
    format!("pages/{slug}.html")
}

/// The directory of a release's pages; `None` for the unreleased changes.
pub fn release_dir(id: Option<&str>) -> String {
    match id {
        Some(id) => format!("{RELEASES_DIR}{id}/"),
        None => CURRENT_RELEASE_DIR.to_string(),
    }
}

/// A release's page.
pub fn release(id: &str) -> String {
    format!("{RELEASES_DIR}{id}/index.html")
}

/// The changes of a release (or of the unreleased content) against the one before.
pub fn changes(dir: &str) -> String {
    format!("{dir}changes.html")
}

/// One body's changes in a release directory.
pub fn body_changes(dir: &str, body: &str) -> String {
    format!("{dir}{body}.html")
}

/// Where the unreleased changes are listed on the releases page.
pub const UNRELEASED: &str = "releases/index.html#unreleased";

/// A list version's JSON, named by its content hash: consecutive releases share it.
pub fn list_version(hash: &str) -> String {
    list_version_file(hash, "json")
}

/// A list version as a download (`json`, `csv`, `xlsx`), by content hash like its JSON.
pub fn list_version_file(hash: &str, ext: &str) -> String {
    format!("{LIST_VERSIONS_DIR}{}.{ext}", &hash[..16.min(hash.len())])
}

/// A body's Atom feed.
pub fn body_feed(body: &str) -> String {
    format!("{FEEDS_DIR}{body}.xml")
}

/// A county department's beat: changes of every item that names it (delegated, supporting,
/// recalled, assigned), in any list.
pub fn department_feed(body: &str) -> String {
    format!("{FEEDS_DIR}departments/{body}.xml")
}

/// One item's changes.
pub fn item_feed(body: &str, code: &str) -> String {
    format!("{FEEDS_DIR}items/{body}/{code}.xml")
}

/// Changes in one part of every list (`basic`, `support`, `recalled`).
pub fn part_feed(part: &str) -> String {
    format!("{FEEDS_DIR}parts/{part}.xml")
}

/// An item as it stood in a release (in which it was first published or changed): a citable
/// page that never changes.
pub fn item_version(release: &str, body: &str, code: &str) -> String {
    format!("{RELEASES_DIR}{release}/{body}/{code}.html")
}

/// The anchor of a change on a body's changes page: the item's body and code before the
/// change (`c-tangxi-TX-XK-001`); item timelines and feeds link to it.
pub fn change_anchor(body: &str, code: &str) -> String {
    let clean = |s: &str| s.chars().map(|c| if c.is_whitespace() || c == '#' { '_' } else { c }).collect::<String>();
    format!("c-{}-{}", clean(body), clean(code))
}

/// The URL scheme as the scripts need it, JavaScript joined at the top of `site.js`: the
/// search index's directory, and an item's permalink built by `item` itself.
pub fn script_constants() -> String {
    let template = item("\u{1}", "\u{2}");
    let (before, rest) = template.split_once('\u{1}').unwrap_or(("", ""));
    let (between, after) = rest.split_once('\u{2}').unwrap_or(("", ""));
    let release = release("\u{1}");
    let (r_before, r_after) = release.split_once('\u{1}').unwrap_or(("", ""));
    format!(
        "var QINGDAN_URLS = {{ search: {SEARCH_DIR:?}, itemUrl: function (body, code) {{ \
         return {before:?} + encodeURIComponent(body) + {between:?} + encodeURIComponent(code) + {after:?}; }}, \
         releaseUrl: function (id) {{ return {r_before:?} + encodeURIComponent(id) + {r_after:?}; }} }};\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_and_nest_as_the_site_does() {
        assert_eq!(item("tangxi", "TX-XK-001"), "tangxi/TX-XK-001.html");
        assert_eq!(body("tangxi"), "tangxi/index.html");
        assert_eq!(changes(&release_dir(Some("2025-10-01"))), "releases/2025-10-01/changes.html");
        assert_eq!(changes(&release_dir(None)), "releases/current/changes.html");
        assert!(list_version("0123456789abcdef0123").starts_with(RELEASE_DATA_DIR));
        assert_eq!(list_version("0123456789abcdef0123"), "data/releases/lists/0123456789abcdef.json");
        assert_eq!(item_version("2025-10-01", "tangxi", "TX-XK-001"), "releases/2025-10-01/tangxi/TX-XK-001.html");
        assert_ne!(item_version("2025-10-01", "tangxi", "x"), body_changes(&release_dir(Some("2025-10-01")), "tangxi"));
        assert!(item_feed("tangxi", "TX-XK-001").starts_with(FEEDS_DIR) && department_feed("nongye").ends_with(".xml"));
        let js = script_constants();
        assert!(js.contains(r#"encodeURIComponent(body) + "/" + encodeURIComponent(code) + ".html""#), "{js}");
        assert!(js.contains(r#""releases/" + encodeURIComponent(id) + "/index.html""#), "{js}");
        // Up from a county's root is where `in_county` went down.
        assert_eq!(REGION_ROOT.matches("../").count(), in_county("qingshan", "").matches('/').count());
        for p in [HOME, SEARCH, DATA_PAGE, DEPARTMENTS, RELEASES, SITE_FEED, &data("all-items", "csv")] {
            assert!(!p.starts_with('/') && !p.contains('\\'), "{p}");
        }
    }
}

//! Region sites (docs/region.md): a province whose counties are ordinary county sites in
//! `counties/<code>/`. The example region is made in a temporary directory from the bundled
//! example county (`qingdan.toml` + `content/`): 青山县 whole, and 丽水县, the same county
//! renamed with six of its lists, in two cities, sharing the province's guidance catalogs.

use crate::common;

use common::{copy_dir, qingdan, tree, TempDir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const REGION_TOML: &str = r#"title = "东江省乡镇（街道）权责清单公开"
publisher = "中共东江省委机构编制委员会办公室"

[region]
code = "dongjiang"
name = "东江省"
kind = "省"

[[region.city]]
code = "qingjiang"
name = "青江市"
counties = ["qingshan"]

[[region.city]]
code = "dongshan"
name = "东山市"
counties = ["lishui"]
"#;

/// The lists 丽水县 keeps (the others are left out to keep the test quick).
const LISHUI_LISTS: &[&str] = &["nongye", "shuili", "tangxi", "yunling", "zhujian", "zhuyuan"];

fn replace_in_tree(dir: &Path, from: &str, to: &str) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            replace_in_tree(&path, from, to);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            std::fs::write(&path, text.replace(from, to)).unwrap();
        }
    }
}

/// Writes the example region into `root` (see the module's comment).
pub fn example_region(root: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("qingdan.toml"), REGION_TOML).unwrap();
    copy_dir(&repo.join("content/guidance"), &root.join("content/guidance"));
    for county in ["qingshan", "lishui"] {
        let dir = root.join("counties").join(county);
        copy_dir(&repo.join("content"), &dir.join("content"));
        std::fs::remove_dir_all(dir.join("content/guidance")).unwrap();
        // It describes changes since the repository's releases, which a copy does not have.
        std::fs::remove_file(dir.join("content/adjustments.toml")).unwrap();
        let config = std::fs::read_to_string(repo.join("qingdan.toml")).unwrap();
        std::fs::write(dir.join("qingdan.toml"), format!("{config}province = \"../..\"\n")).unwrap();
    }
    let lishui = root.join("counties/lishui");
    replace_in_tree(&lishui, "青山", "丽水");
    for entry in std::fs::read_dir(lishui.join("content/lists")).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if !LISHUI_LISTS.contains(&stem.as_str()) {
            std::fs::remove_file(path).unwrap();
        }
    }
}

/// The example region in a new temporary directory: (the directory, the region's root in it).
pub fn new_example_region(tag: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new(tag);
    let root = tmp.join("region");
    example_region(&root);
    (tmp, root)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The example region built once with `qingdan build`, shared by the tests that only read it.
/// Under target/ and replaced on the next run, like the other shared builds (a static is never
/// dropped, so a temporary directory would be left behind by every run).
struct Built {
    root: PathBuf,
    out: PathBuf,
}

fn built() -> &'static Built {
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("region-built");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        let root = dir.join("dongjiang");
        example_region(&root);
        let run = qingdan(["build", "--root", s(&root)]);
        assert_eq!(run.code, 0, "{run}");
        assert!(run.stderr.contains("已生成 2 个县（市、区）"), "{run}");
        let out = root.join("public");
        Built { root, out }
    })
}

/// The example region's output, built once: the browser checks of `website.rs` run on it.
pub fn built_output() -> &'static Path {
    &built().out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `href`s of a page, resolved against the page's directory, relative to the output.
fn links(out: &Path, page: &str) -> Vec<String> {
    let html = read(&out.join(page));
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|h| !h.starts_with('#') && !h.starts_with("data:"))
        .filter_map(|h| common::resolve(page, h.split('#').next().unwrap()))
        .collect()
}

#[test]
fn a_region_builds_every_county_as_its_own_site_and_the_region_pages_over_them() {
    let b = built();
    for county in ["qingshan", "lishui"] {
        for page in ["index.html", "search.html", "data/summary.json", "guidance/dongjiang-zhifa.html"] {
            assert!(b.out.join(county).join(page).is_file(), "{county}/{page}");
        }
    }
    for page in ["index.html", "search.html", "cities/qingjiang.html", "cities/dongshan.html", "static/style.css"] {
        assert!(b.out.join(page).is_file(), "{page}");
    }
    // Home → cities → counties, and every link of the region's pages leads to a file.
    let home = links(&b.out, "index.html");
    assert!(home.contains(&"cities/qingjiang.html".to_string()), "{home:?}");
    assert!(home.contains(&"guidance/dongjiang-zhifa.html".to_string()), "{home:?}");
    let city = links(&b.out, "cities/dongshan.html");
    assert!(city.contains(&"lishui/index.html".to_string()), "{city:?}");
    assert!(!city.contains(&"qingshan/index.html".to_string()), "a city lists only its counties: {city:?}");
    assert!(city.contains(&"lishui/data/index.html".to_string()), "the county's downloads: {city:?}");
    for page in
        ["index.html", "search.html", "cities/qingjiang.html", "cities/dongshan.html", "guidance/dongjiang-zhifa.html"]
    {
        for link in links(&b.out, page) {
            assert!(b.out.join(&link).is_file(), "{page} links to {link}, which is missing");
        }
        let html = read(&b.out.join(page));
        assert!(html.contains("东江省"), "{page}");
        assert!(!html.contains("<script>") && !html.contains("style=\""), "{page}: nothing inline");
    }
    // A county's site is the one its own build makes: the same pages as a county build.
    let home = read(&b.out.join("lishui/index.html"));
    assert!(home.contains("丽水县"), "the county's own home page");
}

#[test]
fn each_guidance_catalog_is_compared_across_counties_with_the_figures_of_their_own_pages() {
    let b = built();
    let csv = read(&b.out.join("guidance/dongjiang-zhifa.csv"));
    let rows: Vec<Vec<&str>> = csv.trim_start_matches('\u{feff}').lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0][..6], ["市", "县（市、区）代码", "县（市、区）", "乡镇（街道）数", "目录事项数", "承接"]);
    assert_eq!(rows.len(), 3, "one row per county: {csv}");
    let page = read(&b.out.join("guidance/dongjiang-zhifa.html"));
    for row in &rows[1..] {
        let (code, name) = (row[1], row[2]);
        let summary: serde_json::Value =
            serde_json::from_str(&read(&b.out.join(code).join("data/summary.json"))).unwrap();
        let zhifa = summary["catalogs"].as_array().unwrap().iter().find(|c| c["id"] == "dongjiang-zhifa").unwrap();
        assert_eq!(row[4], zhifa["items"].to_string(), "{code}");
        assert_eq!(row[5], zhifa["held"].to_string(), "{code}");
        assert_eq!(row[6], zhifa["delegated"].to_string(), "{code}");
        // The county's own coverage page says the same "111 项中下放 N 项".
        let own = read(&b.out.join(code).join("guidance/dongjiang-zhifa.html"));
        let figure = format!("{} 项中下放 {} 项", zhifa["items"], zhifa["delegated"]);
        assert!(own.contains(&figure), "{code}'s own page lacks {figure}");
        assert!(page.contains(&figure) && page.contains(name), "the region's page lacks {name}: {figure}");
    }
    // Each row is its own county's: 丽水县 publishes fewer lists.
    let items = |code: &str| -> u64 {
        let summary: serde_json::Value =
            serde_json::from_str(&read(&b.out.join(code).join("data/summary.json"))).unwrap();
        summary["items"].as_u64().unwrap()
    };
    assert!(items("lishui") < items("qingshan"));
}

/// A region build leaves each county's terminal index (`qingdan search`) to be built when first
/// asked for; asked in a county's directory, it finds the county's items.
#[test]
fn a_county_s_terminal_search_index_is_built_when_first_asked_for() {
    let (_tmp, root) = new_example_region("region-terminal");
    let county = root.join("counties/lishui");
    let run = qingdan(["build", "--root", s(&county)]);
    assert_eq!(run.code, 0, "{run}");
    let index = county.join(".qingdan/search-index");
    assert!(index.is_dir(), "a county's own build makes its terminal index");
    let run = qingdan(["build", "--root", s(&root)]);
    assert_eq!(run.code, 0, "{run}");
    assert!(!index.exists(), "the region's build removes it rather than leave it behind the sources");
    let run = qingdan(["search", "--root", s(&county), "--json", "低保"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("tangxi") || run.stdout.contains("丽水"), "{run}");
    assert!(index.is_dir(), "built on the first search");
}

#[test]
fn the_region_search_narrows_to_one_county_s_index() {
    let b = built();
    let html = read(&b.out.join("search.html"));
    for county in ["qingshan", "lishui"] {
        let value = format!("value=\"{county}/search.html\"");
        assert!(html.contains(&value), "an option for {county}");
        // Without JavaScript, a plain form per county sends the query to its search page.
        let form = format!("<form class=\"region-county-search\" action=\"{county}/search.html\" method=\"get\">");
        assert!(html.contains(&form), "a form for {county} without JavaScript");
        assert!(b.out.join(county).join("search.html").is_file());
        assert!(b.out.join(county).join("search").is_dir(), "{county} has its own index");
    }
    let script = read(&b.out.join("static/site.js"));
    assert!(script.contains("data-region-search"), "the region's script part is in the one script");
}

/// Each county built as a separate job, then combined: the same output as the region's build.
#[test]
fn counties_built_separately_combine_into_the_region_s_output_without_rebuilding() {
    let b = built();
    let tmp = TempDir::new("region-combine");
    let jobs = tmp.join("jobs");
    for county in ["qingshan", "lishui"] {
        let run = qingdan([
            "build",
            "--quiet",
            "--root",
            s(&b.root.join("counties").join(county)),
            "--out",
            s(&jobs.join(county)),
        ]);
        assert_eq!(run.code, 0, "{run}");
    }
    // Built alone, a county shows its region above it all the same: the links up are part of
    // what must be byte for byte the region's.
    let alone = read(&jobs.join("lishui/tangxi/index.html"));
    assert!(alone.contains("class=\"region-trail\"") && alone.contains("东山市"), "the county built alone");
    assert!(alone == read(&b.out.join("lishui/tangxi/index.html")), "the same page in the region's build");
    let out = tmp.join("combined");
    let run = qingdan(["combine", "--root", s(&b.root), "--from", s(&jobs), "--out", s(&out)]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.contains("已生成 2 个县（市、区）"), "{run}");
    let (a, c): (BTreeMap<_, _>, BTreeMap<_, _>) = (tree(&b.out), tree(&out));
    assert_eq!(a.keys().collect::<Vec<_>>(), c.keys().collect::<Vec<_>>(), "the same files");
    for (path, bytes) in &a {
        assert!(c[path] == *bytes, "{path} differs between build and combine");
    }
    // The combined output links the jobs' files rather than copying them, where it can.
    use std::os::unix::fs::MetadataExt;
    let linked = std::fs::metadata(out.join("qingshan/index.html")).unwrap();
    assert!(linked.nlink() >= 2, "hard link to the job's file");

    // A county that was not built is named, with what to do; the old output stays.
    std::fs::remove_dir_all(jobs.join("lishui")).unwrap();
    let run = qingdan(["combine", "--root", s(&b.root), "--from", s(&jobs), "--out", s(&out)]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("lishui") && run.stderr.contains("提示：") && run.stderr.contains("qingdan build"),
        "{run}"
    );
    assert!(out.join("lishui/index.html").is_file(), "the old output is untouched");
}

#[test]
fn a_county_the_region_names_but_does_not_have_is_reported_at_its_place() {
    let tmp = TempDir::new("region-missing");
    let root = tmp.join("r");
    std::fs::create_dir_all(root.join("counties")).unwrap();
    let text = REGION_TOML.replace("counties = [\"lishui\"]", "counties = [\"lishui\", \"static\"]");
    std::fs::write(root.join("qingdan.toml"), &text).unwrap();
    let run = qingdan(["check", "--root", s(&root)]);
    assert_eq!(run.code, 1, "{run}");
    let line = text.lines().position(|l| l.contains("\"static\"")).unwrap() + 1;
    let col = text.lines().nth(line - 1).unwrap().find("\"lishui\"").unwrap() + 1;
    assert!(run.stderr.contains(&format!("qingdan.toml:{line}:{col}")), "the place of lishui: {run}");
    assert!(run.stderr.contains("找不到县（市、区）站点"), "{run}");
    assert!(run.stderr.contains("与省（市）级页面的目录同名"), "a reserved code: {run}");
    assert!(!run.stderr.contains("panicked"), "{run}");
    // The region's build refuses the same way and writes nothing.
    let run = qingdan(["build", "--root", s(&root)]);
    assert_eq!(run.code, 1, "{run}");
    assert!(!root.join("public").exists());
}

#[test]
fn a_region_never_replaces_a_directory_qingdan_did_not_make() {
    let (tmp, root) = new_example_region("region-foreign");
    let foreign = tmp.join("mine");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "keep").unwrap();
    for args in [
        vec!["build", "--root", s(&root), "--out", s(&foreign)],
        vec!["combine", "--root", s(&root), "--out", s(&foreign)],
    ] {
        let run = qingdan(&args);
        assert_eq!(run.code, 2, "{run}");
        assert_eq!(read(&foreign.join("notes.txt")), "keep");
    }
}

/// A city site lists its counties on its home page, with no city pages; a city's own
/// `[[region.city]]` is refused at its place.
#[test]
fn a_city_site_lists_its_counties_directly() {
    let (_tmp, root) = new_example_region("region-city");
    std::fs::remove_dir_all(root.join("counties/qingshan")).unwrap();
    let wrong = "title = \"东山市乡镇（街道）权责清单公开\"\n\n[region]\ncode = \"dongshan\"\nname = \"东山市\"\nkind = \"市\"\n\n[[region.city]]\ncode = \"x\"\nname = \"某市\"\ncounties = [\"lishui\"]\n";
    std::fs::write(root.join("qingdan.toml"), wrong).unwrap();
    let run = qingdan(["check", "--root", s(&root)]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("qingdan.toml:9:8") && run.stderr.contains("市级站点直接列出所辖县"), "{run}");
    assert!(run.stderr.contains("提示"), "{run}");

    let city = "title = \"东山市乡镇（街道）权责清单公开\"\n\n[region]\ncode = \"dongshan\"\nname = \"东山市\"\nkind = \"市\"\ncounties = [\"lishui\"]\n";
    std::fs::write(root.join("qingdan.toml"), city).unwrap();
    let run = qingdan(["build", "--root", s(&root)]);
    assert_eq!(run.code, 0, "{run}");
    let out = root.join("public");
    let home = links(&out, "index.html");
    assert!(home.contains(&"lishui/index.html".to_string()), "{home:?}");
    assert!(!out.join("cities").exists(), "a city has no city pages");
    let html = read(&out.join("index.html"));
    assert!(html.contains("东山市：1 个县（市、区）"), "the city's figures");
    // A county of a city site shows the city alone above it: 东山市 › 丽水县.
    let page = "lishui/tangxi/index.html";
    let html = read(&out.join(page));
    let trail = html.split("class=\"region-trail\"").nth(1).unwrap().split("</nav>").next().unwrap();
    assert!(trail.contains(">东山市</a>") && trail.contains("丽水县"), "{trail}");
    let up: Vec<String> = hrefs(trail).iter().filter_map(|h| common::resolve(page, h)).collect();
    assert_eq!(up, ["index.html"], "{trail}");
}

/// The `href`s of a page as written (unresolved).
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect()
}

/// A county's pages show the region above it (东江省 › 青江市 › 青山县): the region's name
/// links to the region's home, the city's name to the city's page, and both are files of the
/// region's output. The same county built alone is byte for byte its part of the region
/// (`counties_built_separately_combine_into_the_region_s_output_without_rebuilding`).
#[test]
fn a_county_s_pages_link_up_to_its_region_and_its_city() {
    let b = built();
    for (county, city, city_name) in [("qingshan", "qingjiang", "青江市"), ("lishui", "dongshan", "东山市")] {
        for page in ["index.html", "tangxi/index.html", "search.html", "guidance/dongjiang-zhifa.html"] {
            let page = format!("{county}/{page}");
            let html = read(&b.out.join(&page));
            let trail =
                html.split("class=\"region-trail\"").nth(1).unwrap_or_else(|| panic!("{page}: no region trail"));
            let trail = trail.split("</nav>").next().unwrap();
            assert!(trail.contains(">东江省</a>") && trail.contains(&format!(">{city_name}</a>")), "{page}: {trail}");
            let up: Vec<String> = hrefs(trail).iter().filter_map(|h| common::resolve(&page, h)).collect();
            assert_eq!(up, ["index.html".to_string(), format!("cities/{city}.html")], "{page}: {trail}");
            for link in &up {
                assert!(b.out.join(link).is_file(), "{page} links up to {link}, which is missing");
            }
        }
    }
    // The region's own pages do not show a county's trail.
    assert!(!read(&b.out.join("index.html")).contains("region-trail"));
}

/// A county's 404 page links from the county's own address (any missing path on its server
/// gets it), which for these counties is the root of their domain: there is no region above
/// it to link to, so no trail. It linked to `/../index.html`, the county's own home page.
#[test]
fn a_county_s_404_page_at_its_domain_root_links_to_no_region() {
    let b = built();
    for county in ["qingshan", "lishui"] {
        let html = read(&b.out.join(format!("{county}/404.html")));
        assert!(!html.contains("region-trail"), "{county}/404.html shows a region trail");
        assert!(!hrefs(&html).iter().any(|h| h.contains("/../")), "{county}/404.html: {:?}", hrefs(&html));
    }
}

/// A region site with a `base_url`: the example region in `root`, with `base_url` set.
const REGION_BASE: &str = "https://qd.dongjiang.example.gov.cn/";

fn region_with_base_url(root: &Path) {
    example_region(root);
    let config = root.join("qingdan.toml");
    let text = read(&config).replace("[region]", &format!("base_url = \"{REGION_BASE}\"\n\n[region]"));
    std::fs::write(&config, text).unwrap();
}

/// Removes the `base_url` line of a county's `qingdan.toml`.
fn without_base_url(county: &Path) {
    let config = county.join("qingdan.toml");
    let text: String = read(&config).lines().filter(|l| !l.starts_with("base_url")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&config, text).unwrap();
}

/// A county of a region with a `base_url` is published at `<region>/<county>/` unless it says
/// otherwise: canonical links, the data's schema addresses and the data package's homepage all
/// say so, and its links up to the region are absolute, so they hold wherever it is published.
#[test]
fn a_county_without_its_own_address_is_published_under_its_region_s() {
    let tmp = TempDir::new("region-base");
    let root = tmp.join("dongjiang");
    region_with_base_url(&root);
    let lishui = root.join("counties/lishui");
    without_base_url(&lishui);
    // As loaded: one public address, read by everything that writes an absolute URL.
    let own = qingdan::source::load(&root.join("counties/qingshan"));
    assert_eq!(own.site.config.base_url.as_deref(), Some("https://qd.qingshan.example.gov.cn/"), "its own, kept");
    let loaded = qingdan::source::load(&lishui);
    assert!(!loaded.diags.list.iter().any(|d| d.is_error()), "{:?}", loaded.diags.list);
    let base = format!("{REGION_BASE}lishui/");
    assert_eq!(loaded.site.config.base_url.as_deref(), Some(base.as_str()));
    let parent = loaded.site.config.parent.as_ref().expect("the region");
    assert_eq!((parent.name.as_str(), parent.county.as_str()), ("东江省", "lishui"));
    assert_eq!(parent.city.as_ref().map(|c| c.name.as_str()), Some("东山市"));

    let out = tmp.join("lishui-out");
    let run = qingdan(["build", "--quiet", "--root", s(&lishui), "--out", s(&out)]);
    assert_eq!(run.code, 0, "{run}");
    let home = read(&out.join("index.html"));
    assert!(home.contains(&format!("<link rel=\"canonical\" href=\"{base}\">")), "canonical of the home page");
    let page = read(&out.join("tangxi/index.html"));
    assert!(page.contains(&format!("<link rel=\"canonical\" href=\"{base}tangxi/\">")), "canonical of a page");
    let trail = page.split("class=\"region-trail\"").nth(1).unwrap().split("</nav>").next().unwrap();
    assert_eq!(hrefs(trail), [format!("{REGION_BASE}index.html"), format!("{REGION_BASE}cities/dongshan.html")]);
    let package = read(&out.join("data/datapackage.json"));
    assert!(package.contains(&format!("\"homepage\": \"{base}\"")), "{package}");
    let list = read(&out.join("data/tangxi.json"));
    assert!(list.contains(&format!("{base}data/schema/list.json")), "the list's schema address");
    assert!(!home.contains("qd.qingshan.example.gov.cn"), "nothing of another county's address");
}

/// `province` that points to no region site is reported at its line, with what to write.
#[test]
fn a_province_line_that_points_to_no_region_is_reported_at_its_place() {
    let (_tmp, root) = new_example_region("region-province");
    let lishui = root.join("counties/lishui");
    let config = read(&lishui.join("qingdan.toml"));
    let line = config.lines().position(|l| l.starts_with("province")).unwrap() + 1;
    let at = format!("counties/lishui/qingdan.toml:{line}:12");
    let check = |what: &str| {
        let run = qingdan(["check", "--root", s(&lishui)]);
        assert_eq!(run.code, 1, "{what}: {run}");
        assert!(run.stderr.contains(&format!("qingdan.toml:{line}:12")), "{what}: at the province line ({at}): {run}");
        assert!(run.stderr.contains("提示"), "{what}: {run}");
        run
    };
    // A site, but not a region.
    let region = root.join("qingdan.toml");
    let text = read(&region);
    std::fs::write(&region, "title = \"东江省\"\njurisdiction = \"dongjiang\"\n").unwrap();
    let run = check("no [region]");
    assert!(run.stderr.contains("没有 [region]") && run.stderr.contains("docs/region.md"), "{run}");
    // A region's configuration with an error of its own.
    std::fs::write(&region, text.replace("kind = \"省\"", "kind = \"州\"")).unwrap();
    let run = check("broken");
    assert!(run.stderr.contains("有错误") && run.stderr.contains("qingdan check"), "{run}");
    // No site at all.
    std::fs::remove_file(&region).unwrap();
    let run = check("missing");
    assert!(run.stderr.contains("中没有 qingdan.toml"), "{run}");
    // A region that does not list the county: a warning, and the pages show no region.
    std::fs::write(&region, text.replace("counties = [\"lishui\"]", "counties = []")).unwrap();
    let run = qingdan(["check", "--root", s(&lishui)]);
    assert!(run.stderr.contains("没有列出本县") && run.stderr.contains("\"lishui\""), "{run}");
    // A county without `province` shows nothing of a region.
    let plain = qingdan::source::load(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(plain.site.config.parent.is_none());
}

/// A region's rebuild takes each county's unchanged files from the region's previous output
/// (the same inode), and gives the same site as a build into an empty directory.
#[cfg(unix)]
#[test]
fn a_region_rebuild_keeps_the_counties_unchanged_files() {
    use std::os::unix::fs::MetadataExt;
    let (tmp, root) = new_example_region("region-rebuild");
    let out = root.join("public");
    let pages = ["qingshan/index.html", "lishui/tangxi/TX-CF-001.html", "index.html"];
    let inodes = || pages.map(|p| std::fs::metadata(out.join(p)).unwrap().ino());
    let run = qingdan(["build", "--root", s(&root)]);
    assert_eq!(run.code, 0, "{run}");
    let before = inodes();
    let run = qingdan(["build", "--root", s(&root)]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(inodes(), before, "unchanged pages of the counties and the region are the old files");
    let fresh = tmp.join("fresh");
    assert_eq!(qingdan(["build", "--root", s(&root), "--out", s(&fresh)]).code, 0);
    assert!(tree(&out) == tree(&fresh), "a rebuild gives what a build into an empty directory gives");
}

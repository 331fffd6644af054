//! Releases end to end, through the binary: release the starter, change its lists (a rename,
//! a recall, a field change, a move to a department list), release again; the diff is exactly
//! what happened; the website shows the releases, the changes and item timelines, publishes
//! valid Atom feeds (validated against the RELAX NG schema of RFC 4287 with xmllint) and data
//! the browser comparison reads (checked in headless Chromium against `qingdan diff`); builds
//! are byte-identical; tampering with a release fails `check` naming the file.
//!
//! Needs `xmllint` (Debian libxml2-utils) and `chromium`; scripts/test installs both.

use crate::common;

use common::{qingdan, tree, Run, Site};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The starter's township list, as first released.
const DONGCUN_V1: &str = r#"body = "dongcun"
title = "东村镇履行职责事项清单"
document = "示编办〔2025〕1号"
effective = 2025-10-01

[[basic]]
code = "DC-XK-001"
name = "农村村民宅基地审批"
type = "行政许可"
origin = "法定"
office = "村镇建设办公室"
window = "建设管理窗口"
basis = "【法律】《中华人民共和国土地管理法》第六十二条第四款"

[[basic]]
code = "DC-GF-001"
name = "最低生活保障审核确认"
type = "行政给付"
origin = "法定"
office = "社会事务办公室"
basis = "【规章】《社会救助暂行办法》第十一条"

[[basic]]
code = "DC-CF-001"
name = "对露天焚烧秸秆、落叶等产生烟尘污染物质的处罚"
type = "行政处罚"
origin = "下放"
department = "nongye"
office = "综合行政执法队"
basis = "【法律】《中华人民共和国大气污染防治法》第一百一十九条"

[[basic]]
code = "DC-CF-002"
name = "对在人口集中地区焚烧沥青、油毡等产生有毒有害烟尘的处罚"
type = "行政处罚"
origin = "下放"
department = "nongye"
office = "综合行政执法队"
basis = "【法律】《中华人民共和国大气污染防治法》第一百一十九条第二款"
"#;

/// The second release: DC-XK-001 recalled by 住建局, DC-GF-001's basis extended, DC-CF-001
/// renamed, DC-CF-002 gone to the 农业农村局's own list as NY-CF-001.
const DONGCUN_V2: &str = r#"body = "dongcun"
title = "东村镇履行职责事项清单"
document = "示编办〔2026〕1号"
effective = 2026-01-01

[[basic]]
code = "DC-GF-001"
name = "最低生活保障审核确认"
type = "行政给付"
origin = "法定"
office = "社会事务办公室"
basis = "【规章】《社会救助暂行办法》第十一条、第十二条"

[[basic]]
code = "DC-CF-001"
name = "对露天焚烧秸秆、落叶、垃圾等产生烟尘污染物质的处罚"
type = "行政处罚"
origin = "下放"
department = "nongye"
office = "综合行政执法队"
basis = "【法律】《中华人民共和国大气污染防治法》第一百一十九条"

[[recalled]]
code = "DC-XK-001"
name = "农村村民宅基地审批"
type = "行政许可"
department = "zhujian"
basis = "【法律】《中华人民共和国土地管理法》第六十二条第四款"
recalled_on = 2026-01-01
recall_document = "示编办〔2026〕1号"
after_recall = "由县住房和城乡建设局直接行使。"
"#;

const NONGYE_V2: &str = r#"body = "nongye"
title = "示例县农业农村局权责清单（涉及乡镇事项）"
document = "示编办〔2026〕1号"
effective = 2026-01-01

[[basic]]
code = "NY-CF-001"
name = "对在人口集中地区焚烧沥青、油毡等产生有毒有害烟尘的处罚"
type = "行政处罚"
origin = "法定"
basis = "【法律】《中华人民共和国大气污染防治法》第一百一十九条第二款"
"#;

const LIST: &str = "content/lists/dongcun.toml";
/// Markup in a title must come out escaped in pages and feeds.
const TITLE_2: &str = "第一次调整（<试行> & “意见”）";

#[track_caller]
fn ok(run: Run) -> Run {
    assert_eq!(run.code, 0, "{run}");
    run
}

fn root_arg(site: &Site) -> String {
    site.root.to_str().unwrap().to_string()
}

fn release(site: &Site, title: &str, effective: &str, document: &str) -> Run {
    let root = root_arg(site);
    qingdan(["release", "--root", &root, "--title", title, "--effective", effective, "--document", document])
}

fn build(site: &Site, out: &Path) -> Run {
    qingdan(["build", "--root", &root_arg(site), "--out", out.to_str().unwrap()])
}

/// The starter with a base URL, released twice as described above.
fn two_releases(tag: &str, base_url: bool) -> Site {
    let site = Site::init(tag);
    if base_url {
        site.replace(
            "qingdan.toml",
            "jurisdiction = \"county\"\n",
            "jurisdiction = \"county\"\nbase_url = \"https://qd.example.gov.cn/\"\n",
        );
    }
    site.write(LIST, DONGCUN_V1);
    ok(release(&site, "首次公布", "2025-10-01", "示编办〔2025〕1号"));
    site.write(LIST, DONGCUN_V2);
    site.write("content/lists/nongye.toml", NONGYE_V2);
    ok(release(&site, TITLE_2, "2026-01-01", "示编办〔2026〕1号"));
    site
}

fn diff_json(site: &Site, from: &str, to: &str) -> serde_json::Value {
    let run = ok(qingdan(["diff", from, to, "--root", &root_arg(site), "--format", "json"]));
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("diff JSON: {e}\n{}", run.stdout))
}

fn field(key: &str, label: &str, old: &str, new: &str, segments: serde_json::Value) -> serde_json::Value {
    json!({ "key": key, "label": label, "old": old, "new": new, "segments": segments, "cosmetic": false })
}

fn seg(op: &str, text: &str) -> serde_json::Value {
    json!({ "op": op, "text": text })
}

#[test]
fn the_diff_of_two_releases_is_exact() {
    let site = two_releases("history-diff", false);
    let actual = diff_json(&site, "2025-10-01", "2026-01-01");
    let change = |kind: &str, code: &str, name: &str, part: &str, power_type: &str| {
        json!({
            "kind": kind, "body": "dongcun", "body_name": "东村镇", "to_body": null, "to_body_name": null,
            "code": code, "new_code": null, "name": name, "new_name": null,
            "power_type": power_type, "part": part, "fields": [], "causes": [], "cosmetic": false,
            "departments": [], "from_part": null, "moved_to": null, "renamed_from": null
        })
    };
    let mut recalled = change("recalled", "DC-XK-001", "农村村民宅基地审批", "上级部门收回事项", "行政许可");
    recalled["departments"] = json!(["zhujian"]);
    recalled["fields"] = json!([
        field("office", "承办机构", "村镇建设办公室", "", json!([seg("delete", "村镇建设办公室")])),
        field("origin", "来源", "法定", "", json!([seg("delete", "法定")])),
        field("department", "相关部门", "", "zhujian", json!([seg("insert", "zhujian")])),
        field("window", "办理窗口", "建设管理窗口", "", json!([seg("delete", "建设管理窗口")])),
        field("recalled_on", "收回时间", "", "2026-01-01", json!([seg("insert", "2026-01-01")])),
        field("recall_document", "收回文号", "", "示编办〔2026〕1号", json!([seg("insert", "示编办〔2026〕1号")])),
        field(
            "after_recall",
            "工作方式",
            "",
            "由县住房和城乡建设局直接行使。",
            json!([seg("insert", "由县住房和城乡建设局直接行使。")])
        ),
    ]);
    let mut moved = change(
        "moved",
        "DC-CF-002",
        "对在人口集中地区焚烧沥青、油毡等产生有毒有害烟尘的处罚",
        "基本履职事项",
        "行政处罚",
    );
    moved["to_body"] = json!("nongye");
    moved["to_body_name"] = json!("示例县农业农村局");
    moved["new_code"] = json!("NY-CF-001");
    moved["departments"] = json!(["nongye"]);
    moved["moved_to"] = json!({ "body": "nongye", "body_name": "示例县农业农村局", "code": "NY-CF-001" });
    moved["fields"] = json!([
        field("office", "承办机构", "综合行政执法队", "", json!([seg("delete", "综合行政执法队")])),
        field("origin", "来源", "下放", "法定", json!([seg("delete", "下放"), seg("insert", "法定")])),
        field("department", "相关部门", "nongye", "", json!([seg("delete", "nongye")])),
    ]);
    let old_name = "对露天焚烧秸秆、落叶等产生烟尘污染物质的处罚";
    let new_name = "对露天焚烧秸秆、落叶、垃圾等产生烟尘污染物质的处罚";
    let mut renamed = change("renamed", "DC-CF-001", old_name, "基本履职事项", "行政处罚");
    renamed["new_name"] = json!(new_name);
    renamed["departments"] = json!(["nongye"]);
    renamed["renamed_from"] = json!(old_name);
    renamed["fields"] = json!([field(
        "name",
        "事项名称",
        old_name,
        new_name,
        json!([
            seg("equal", "对露天焚烧秸秆、落叶"),
            seg("insert", "、垃圾"),
            seg("equal", "等产生烟尘污染物质的处罚")
        ])
    )]);
    let mut modified = change("modified", "DC-GF-001", "最低生活保障审核确认", "基本履职事项", "行政给付");
    modified["fields"] = json!([field(
        "basis",
        "实施依据",
        "【规章】《社会救助暂行办法》第十一条",
        "【规章】《社会救助暂行办法》第十一条、第十二条",
        json!([seg("equal", "【规章】《社会救助暂行办法》第十一条"), seg("insert", "、第十二条")])
    )]);
    let expected = json!({
        "from": "2025-10-01",
        "to": "2026-01-01",
        "schema_version": 2,
        "cosmetic_included": false,
        "summary": {
            "added": 0, "removed": 0, "recalled": 1, "moved": 1, "renamed": 1, "modified": 1,
            "merged": 0, "split": 0, "cosmetic": 0, "total": 4
        },
        "relations": [],
        "bodies": [],
        "changes": [recalled, moved, renamed, modified],
    });
    assert_eq!(actual, expected, "actual:\n{}", serde_json::to_string_pretty(&actual).unwrap());
}

// ---------------------------------------------------------------------------------------------
// The website

/// A built site: the pages as text, by path.
struct Built {
    out: PathBuf,
    files: BTreeMap<String, Vec<u8>>,
}

impl Built {
    fn new(site: &Site, name: &str) -> Built {
        let out = site.tmp.join(name);
        ok(build(site, &out));
        Built { files: tree(&out), out }
    }

    #[track_caller]
    fn page(&self, rel: &str) -> String {
        let bytes = self
            .files
            .get(rel)
            .unwrap_or_else(|| panic!("{rel} was not written; files: {:?}", self.names("releases/")));
        String::from_utf8(bytes.clone()).unwrap()
    }

    fn names(&self, prefix: &str) -> Vec<&str> {
        self.files.keys().filter(|k| k.starts_with(prefix)).map(String::as_str).collect()
    }

    /// Text of a page with tags removed and entities decoded, whitespace collapsed.
    fn text(&self, rel: &str) -> String {
        collapse(&common::text_content(&self.page(rel)))
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `needle` is in `haystack`, both without whitespace: page text gets spaces where
/// tags were.
#[track_caller]
fn has_text(haystack: &str, needle: &str, what: &str) {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert!(squash(haystack).contains(&squash(needle)), "{what}: `{needle}` not found in:\n{haystack}");
}

#[track_caller]
fn contains(haystack: &str, needle: &str, what: &str) {
    assert!(haystack.contains(needle), "{what}: `{needle}` not found in:\n{haystack}");
}

/// Decoded hrefs of a page.
fn hrefs(html: &str) -> Vec<String> {
    common::tags(html).iter().filter_map(|t| t.attr("href").map(common::decode)).collect()
}

#[test]
fn the_website_shows_releases_changes_and_timelines() {
    let site = two_releases("history-site", true);
    let b = Built::new(&site, "public");
    // A page per item version: every item as it stood in the release where it first appeared or
    // changed (the second release changed the four items of the diff above).
    let releases = [
        "releases/2025-10-01/dongcun/DC-CF-001.html",
        "releases/2025-10-01/dongcun/DC-CF-002.html",
        "releases/2025-10-01/dongcun/DC-GF-001.html",
        "releases/2025-10-01/dongcun/DC-XK-001.html",
        "releases/2025-10-01/index.html",
        "releases/2026-01-01/changes.html",
        "releases/2026-01-01/dongcun.html",
        "releases/2026-01-01/dongcun/DC-CF-001.html",
        "releases/2026-01-01/dongcun/DC-GF-001.html",
        "releases/2026-01-01/dongcun/DC-XK-001.html",
        "releases/2026-01-01/index.html",
        "releases/2026-01-01/nongye.html",
        "releases/2026-01-01/nongye/NY-CF-001.html",
        "releases/compare.html",
        "releases/index.html",
    ];
    assert_eq!(b.names("releases/"), releases, "release pages");
    // The comparison runs from the one script (theme::SCRIPT_PARTS), which holds compare.js.
    assert!(String::from_utf8_lossy(&b.files["static/site.js"]).contains("compare-app"));

    // The index: both releases, newest first, with the changes counted.
    let index = b.text("releases/index.html");
    has_text(&index, "第一次调整（<试行> & “意见”）", "title, decoded");
    contains(&b.page("releases/index.html"), "&lt;试行&gt; &amp;", "title escaped in HTML");
    assert!(index.find("第一次调整").unwrap() < index.find("首次公布").unwrap(), "newest first");
    has_text(&index, "收回 1 项，移交 1 项，更名 1 项，修改 1 项", "summary");
    assert!(!index.contains("当前内容与最新发布版本相比"), "no unreleased changes yet");
    assert!(hrefs(&b.page("releases/index.html")).contains(&"../releases/2026-01-01/changes.html".to_string()));

    // A release: date, documents, previous release, figures.
    let r2 = b.text("releases/2026-01-01/index.html");
    for s in [
        "2026年1月1日",
        "示编办〔2026〕1号",
        "首次公布（2025年10月1日施行）",
        "1 个乡镇（街道）清单",
        "3 项乡镇（街道）事项",
        "2 项基本履职事项",
        "1 项上级部门收回事项",
        "1 个县直部门清单，1 项",
    ] {
        has_text(&r2, s, "release page");
    }
    has_text(&b.text("releases/2025-10-01/index.html"), "这是首次发布的版本", "first release");

    // The diff overall: per 权力类型 and per body, linking to the body pages.
    let changes = b.page("releases/2026-01-01/changes.html");
    let links = hrefs(&changes);
    assert!(links.contains(&"../../releases/2026-01-01/dongcun.html".to_string()), "{links:?}");
    assert!(links.contains(&"../../releases/2026-01-01/nongye.html".to_string()), "{links:?}");
    let text = collapse(&common::text_content(&changes));
    has_text(&text, "各权力类型的事项变化", "type table");
    contains(&text, "行政许可 1 1", "行政许可: one recall");
    contains(&text, "行政处罚 1 1 2", "行政处罚: one move, one rename");
    contains(&text, "行政给付 1 1", "行政给付: one field change");
    contains(&text, "东村镇 1 1 1 1 4", "dongcun row");
    contains(&text, "示例县农业农村局 1 1", "nongye row");

    // A body's changes, field by field, marked for screen readers as well.
    let dongcun = b.page("releases/2026-01-01/dongcun.html");
    for id in ["c-dongcun-DC-XK-001", "c-dongcun-DC-CF-002", "c-dongcun-DC-CF-001", "c-dongcun-DC-GF-001"] {
        assert!(common::ids(&dongcun).iter().any(|i| i == id), "anchor {id}");
    }
    contains(
        &dongcun,
        "<ins><span class=\"visually-hidden\">［新增：</span>、垃圾<span class=\"visually-hidden\">］</span></ins>",
        "rename",
    );
    contains(
        &dongcun,
        "<ins><span class=\"visually-hidden\">［新增：</span>、第十二条<span class=\"visually-hidden\">］</span></ins>",
        "basis",
    );
    contains(&dongcun, "<del><span class=\"visually-hidden\">［删除：</span>建设管理窗口<span class=\"visually-hidden\">］</span></del>", "recall");
    let dtext = collapse(&common::text_content(&dongcun));
    has_text(&dtext, "移交至示例县农业农村局", "move out");
    has_text(
        &collapse(&common::text_content(&b.page("releases/2026-01-01/nongye.html"))),
        "由东村镇移交而来",
        "move in",
    );

    // Item timelines, following the move and its new code back to the first release.
    let timeline = |rel: &str| {
        let html = b.page(rel);
        let section = html
            .split("id=\"timeline-h\"")
            .nth(1)
            .unwrap_or_else(|| panic!("{rel}: no timeline"))
            .split("</section>")
            .next()
            .unwrap()
            .to_string();
        (collapse(&common::text_content(&section)), hrefs(&section))
    };
    let (t, links) = timeline("dongcun/DC-CF-001.html");
    has_text(&t, "2025年10月1日 首次公布：首次发布", "first release");
    has_text(
        &t,
        "2026年1月1日 第一次调整（<试行> & “意见”）：更名，原名称“对露天焚烧秸秆、落叶等产生烟尘污染物质的处罚”",
        "rename",
    );
    assert!(links.contains(&"../releases/2026-01-01/dongcun.html#c-dongcun-DC-CF-001".to_string()), "{links:?}");
    has_text(&timeline("dongcun/DC-XK-001.html").0, "收回，由基本履职事项调整为上级部门收回事项；修改了承办机构、来源、相关部门、办理窗口、收回时间、收回文号、工作方式", "recall");
    has_text(&timeline("dongcun/DC-GF-001.html").0, "修改，修改了实施依据", "field change");
    let (t, links) = timeline("nongye/NY-CF-001.html");
    has_text(&t, "首次发布，列入东村镇清单，编码 DC-CF-002", "moved item's first release");
    has_text(&t, "移交，由东村镇移交至示例县农业农村局；原编码 DC-CF-002；修改了承办机构、来源、相关部门", "move");
    assert!(links.contains(&"../releases/2026-01-01/nongye.html#c-dongcun-DC-CF-002".to_string()), "{links:?}");

    // Every page: the navigation and the site feed; body pages also their own feed.
    assert!(hrefs(&b.page("index.html")).contains(&"releases/index.html".to_string()), "nav link to the releases");
    contains(&b.page("dongcun/index.html"), "type=\"application/atom+xml\"", "feed link");
    assert!(hrefs(&b.page("dongcun/DC-GF-001.html")).contains(&"../feeds/dongcun.xml".to_string()), "body feed link");

    // The data the comparison page reads.
    let index: serde_json::Value = serde_json::from_slice(&b.files["data/releases/index.json"]).unwrap();
    let versions: Vec<&str> = index["versions"].as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(versions, ["2025-10-01", "2026-01-01"]);
    for v in index["versions"].as_array().unwrap() {
        for body in v["bodies"].as_array().unwrap() {
            let file = format!("data/releases/{}", body["list"].as_str().unwrap());
            let list: serde_json::Value =
                serde_json::from_slice(&b.files[&file]).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(list["items"].as_array().unwrap().len() as u64, body["items"].as_u64().unwrap(), "{file}");
        }
    }

    links_resolve(&b);
}

/// Every relative link of the pages about releases and of item pages reaches a file (and
/// its anchor).
fn links_resolve(b: &Built) {
    let pages: Vec<(&String, String)> = b
        .files
        .iter()
        .filter(|(k, _)| {
            k.ends_with(".html") && (k.starts_with("releases/") || k.contains("/DC-") || k.contains("/NY-"))
        })
        .map(|(k, v)| (k, String::from_utf8_lossy(v).into_owned()))
        .collect();
    let mut problems = Vec::new();
    for (rel, html) in &pages {
        for link in hrefs(html) {
            if link.starts_with("http")
                || link.starts_with("tel:")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
            {
                continue;
            }
            let (path, fragment) = link.split_once('#').map(|(p, f)| (p, Some(f))).unwrap_or((link.as_str(), None));
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() { Some(rel.to_string()) } else { common::resolve(rel, path) };
            let Some(target) = target else {
                problems.push(format!("{rel}: {link} climbs above the site"));
                continue;
            };
            let Some(bytes) = b.files.get(&target) else {
                problems.push(format!("{rel}: {link} → {target} does not exist"));
                continue;
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                if !common::ids(&String::from_utf8_lossy(bytes)).iter().any(|i| i == fragment) {
                    problems.push(format!("{rel}: {link}: no id {fragment}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Feeds

fn xmllint(schema: &Path, file: &Path) -> (bool, String) {
    let out = Command::new("xmllint").arg("--noout").arg("--relaxng").arg(schema).arg(file).output().expect(
        "xmllint is needed to validate the Atom feeds (Debian package libxml2-utils; scripts/test installs it)",
    );
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn atom_schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/atom.rng")
}

#[track_caller]
fn assert_valid_atom(b: &Built) -> Vec<String> {
    let feeds: Vec<String> = b.names("feeds/").into_iter().map(str::to_string).collect();
    for feed in &feeds {
        let (valid, report) = xmllint(&atom_schema(), &b.out.join(feed));
        assert!(valid, "{feed} is not valid Atom:\n{report}\n{}", b.page(feed));
    }
    feeds
}

#[test]
fn feeds_are_valid_atom_with_tag_ids_and_absolute_links() {
    let site = two_releases("history-feeds", true);
    let b = Built::new(&site, "public");
    assert_eq!(
        assert_valid_atom(&b),
        [
            "feeds/departments/nongye.xml",
            "feeds/departments/zhujian.xml",
            "feeds/dongcun.xml",
            "feeds/index.xml",
            "feeds/items/dongcun/DC-CF-001.xml",
            "feeds/items/dongcun/DC-GF-001.xml",
            "feeds/items/dongcun/DC-XK-001.xml",
            "feeds/items/nongye/NY-CF-001.xml",
            "feeds/new-recalled.xml",
            "feeds/new-support.xml",
            "feeds/nongye.xml",
            "feeds/parts/basic.xml",
            "feeds/parts/recalled.xml",
            "feeds/parts/support.xml",
        ]
    );

    let feed = b.page("feeds/index.xml");
    contains(&feed, "<id>tag:qd.example.gov.cn,2026-01-01:release/2026-01-01</id>", "entry id");
    contains(&feed, "<updated>2026-01-01T00:00:00+08:00</updated>", "updated");
    contains(
        &feed,
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://qd.example.gov.cn/feeds/index.xml\"/>",
        "self link",
    );
    contains(&feed, "href=\"https://qd.example.gov.cn/releases/2026-01-01/index.html\"", "absolute entry link");
    contains(&feed, "<title>第一次调整（&lt;试行&gt; &amp; “意见”）（2026年1月1日施行）</title>", "escaped title");
    assert!(feed.find("release/2026-01-01<").unwrap() < feed.find("release/2025-10-01<").unwrap(), "newest first");

    let dongcun = b.page("feeds/dongcun.xml");
    contains(&dongcun, "<id>tag:qd.example.gov.cn,2026-01-01:release/2026-01-01/dongcun</id>", "body entry id");
    contains(&dongcun, "<summary>东村镇清单：收回 1 项，移交 1 项，更名 1 项，修改 1 项。</summary>", "summary");
    contains(&dongcun, "<summary>首次公布东村镇清单，共 4 项。</summary>", "first release entry");
    contains(&dongcun, "releases/2026-01-01/dongcun.html#c-dongcun-DC-CF-001", "link to the change");
}

#[test]
fn feeds_without_a_base_url_are_valid_with_uuid_ids_and_relative_links() {
    let site = two_releases("history-feeds-nobase", false);
    let b = Built::new(&site, "public");
    assert_valid_atom(&b);
    let feed = b.page("feeds/index.xml");
    assert!(!feed.contains("rel=\"self\""), "no self link without an absolute address");
    contains(&feed, "href=\"../releases/2026-01-01/index.html\"", "relative link");
    let ids: Vec<&str> = feed.split("<id>").skip(1).map(|s| s.split("</id>").next().unwrap()).collect();
    assert_eq!(ids.len(), 3);
    for id in &ids {
        assert!(id.starts_with("urn:uuid:") && id.len() == "urn:uuid:".len() + 36, "{id}");
    }
    assert!(ids[1] != ids[2]);
}

// ---------------------------------------------------------------------------------------------
// Unreleased changes, determinism, tampering

#[test]
fn unreleased_changes_are_shown_and_new_items_are_not_yet_released() {
    let site = two_releases("history-unreleased", true);
    site.append(LIST, "\n[[basic]]\ncode = \"DC-XK-009\"\nname = \"临时占用道路审批\"\ntype = \"行政许可\"\norigin = \"法定\"\nbasis = \"【法规】《城市道路管理条例》第三十一条\"\n");
    site.replace(LIST, "第十一条、第十二条", "第十一条、第十二条、第十三条");
    let b = Built::new(&site, "public");
    let index = b.text("releases/index.html");
    has_text(&index, "当前内容与最新发布版本相比", "unreleased section");
    has_text(&index, "新增 1 项，修改 1 项", "unreleased summary");
    assert!(b.files.contains_key("releases/current/changes.html"));
    assert!(b.files.contains_key("releases/current/dongcun.html"));
    let new_item = b.text("dongcun/DC-XK-009.html");
    has_text(&new_item, "当前内容：尚未发布", "never released");
    let changed = b.text("dongcun/DC-GF-001.html");
    has_text(&changed, "当前内容（尚未发布）：修改，修改了实施依据", "unreleased change");
    let versions: Vec<String> = serde_json::from_slice::<serde_json::Value>(&b.files["data/releases/index.json"])
        .unwrap()["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(versions, ["2025-10-01", "2026-01-01", "current"]);
    assert_valid_atom(&b);
    links_resolve(&b);
}

#[test]
fn builds_with_releases_are_byte_identical() {
    let site = two_releases("history-determinism", true);
    site.replace(LIST, "第十一条、第十二条", "第十一条、第十二条、第十三条");
    let (a, b) = (Built::new(&site, "first"), Built::new(&site, "second"));
    assert!(a.files.len() > 30);
    for (name, bytes) in &a.files {
        assert!(b.files.get(name) == Some(bytes), "{name} differs between two builds");
    }
    assert_eq!(a.files.len(), b.files.len());
}

#[test]
fn editing_a_released_snapshot_fails_check_naming_the_file() {
    let site = two_releases("history-tamper-file", false);
    ok(qingdan(["check", "--root", &root_arg(&site)]));
    let snapshot = "history/2025-10-01/content/lists/dongcun.toml";
    site.replace(snapshot, "第十一条", "第十一条、第十四条");
    let run = qingdan(["check", "--root", &root_arg(&site)]);
    assert_eq!(run.code, 1, "{run}");
    contains(&run.stderr, "已发布版本 2025-10-01的文件被修改", "message");
    contains(&run.stderr, snapshot, "the file is named");
    // The build refuses too, and writes nothing.
    let out = site.tmp.join("public");
    assert_eq!(build(&site, &out).code, 1);
    assert!(!out.exists());
}

#[test]
fn editing_an_old_release_toml_fails_check_naming_the_file() {
    let site = two_releases("history-tamper-meta", false);
    site.replace("history/2025-10-01/release.toml", "title = \"首次公布\"", "title = \"首次公布（修订）\"");
    let run = qingdan(["check", "--root", &root_arg(&site)]);
    assert_eq!(run.code, 1, "{run}");
    contains(&run.stderr, "已发布版本 2025-10-01 的 release.toml 被修改", "message");
    contains(&run.stderr, "history/2025-10-01/release.toml", "the file is named");
}

/// `qingdan release` with `SOURCE_DATE_EPOCH` set (scripts/county-releases uses it to give the
/// example's releases their real dates).
fn release_at(site: &Site, epoch: &str, effective: &str) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["release", "--root", &root_arg(site), "--title", "首次公布", "--effective", effective])
        .args(["--document", "示编办〔2025〕1号"])
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .expect("run qingdan");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn the_release_date_honours_source_date_epoch() {
    let site = Site::init("history-source-date");
    site.write(LIST, DONGCUN_V1);
    // 1750377600 s after 1970-01-01 is 2025-06-20 00:00 UTC; a second before is still the 19th.
    ok(release_at(&site, "1750377599", "2025-10-01"));
    let meta = site.read("history/2025-10-01/release.toml");
    contains(&meta, "\ncreated = 2025-06-19\n", "the release is stamped with the given date");
    ok(release_at(&site, " 1750377600\n", "2026-01-01"));
    contains(
        &site.read("history/2026-01-01/release.toml"),
        "\ncreated = 2025-06-20\n",
        "surrounding blanks are ignored",
    );
}

#[test]
fn an_invalid_source_date_epoch_is_refused_and_nothing_is_released() {
    let site = Site::init("history-source-date-bad");
    site.write(LIST, DONGCUN_V1);
    let run = release_at(&site, "2025-06-20", "2025-10-01");
    assert_eq!(run.code, 1, "{run}");
    contains(&run.stderr, "环境变量 SOURCE_DATE_EPOCH 的值“2025-06-20”不是从 1970-01-01 起的秒数", "message");
    let history = site.root.join("history");
    let left: Vec<_> =
        std::fs::read_dir(&history).map(|d| d.map(|e| e.unwrap().file_name()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "no release and no staging directory is left: {left:?}");
}

/// Every file under `dir`, with LF line endings turned into CRLF: what git does on checkout with
/// `core.autocrlf=true` (the default of Git for Windows).
fn to_crlf(dir: &Path) -> usize {
    let mut n = 0;
    for (rel, bytes) in tree(dir) {
        if bytes.contains(&b'\n') {
            let text = String::from_utf8(bytes).unwrap().replace("\r\n", "\n").replace('\n', "\r\n");
            std::fs::write(dir.join(rel), text).unwrap();
            n += 1;
        }
    }
    n
}

/// A checkout that converted the releases' line endings is one error that says so and how to
/// fix it, not one report of tampering per file; the content is otherwise as released.
#[test]
fn releases_with_converted_line_endings_are_one_diagnostic_with_the_fix() {
    let site = two_releases("history-crlf", false);
    // The latest release.toml is verified by no hash (the next release will record it).
    let converted = to_crlf(&site.path("history")) - 1;
    assert!(converted > 10, "{converted} files converted");
    let run = qingdan(["check", "--root", &root_arg(&site)]);
    assert_eq!(run.code, 1, "{run}");
    contains(&run.stderr, "共 1 个错误", "one error for all files");
    contains(&run.stderr, &format!("已发布版本中有 {converted} 个文件只有换行符与发布时不同"), "what is wrong");
    contains(&run.stderr, "history/2025-10-01/content/admission.md、", "the first files are named");
    contains(&run.stderr, &format!("等，共 {converted} 个文件"), "and how many there are");
    contains(&run.stderr, "git config core.autocrlf false", "how to fix it");
    contains(&run.stderr, ".gitattributes", "what prevents it");
    assert!(!run.stderr.contains("被修改"), "no talk of tampering: {run}");

    // A real change among the converted files is still reported as one.
    site.replace("history/2025-10-01/content/lists/dongcun.toml", "第十一条", "第十一条、第十四条");
    let run = qingdan(["check", "--root", &root_arg(&site)]);
    contains(&run.stderr, "共 2 个错误", "the edit and the line endings");
    contains(&run.stderr, "已发布版本 2025-10-01的文件被修改", "the edit");
    contains(&run.stderr, &format!("已发布版本中有 {} 个文件只有换行符", converted - 1), "the rest");
}

/// The `.gitattributes` that `qingdan init` writes (and this repository has) keeps the sources
/// and the releases byte for byte in a checkout with `core.autocrlf=true`.
#[test]
fn the_shipped_gitattributes_keep_releases_intact_in_a_crlf_checkout() {
    let site = two_releases("history-gitattributes", false);
    let git = |dir: &Path, args: &[&str]| {
        let out = Command::new("git")
            .current_dir(dir)
            .args([
                "-c",
                "user.name=qingdan",
                "-c",
                "user.email=qingdan@example.invalid",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .output()
            .expect("git is needed for this test");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&site.root, &["init", "-q"]);
    git(&site.root, &["add", "."]);
    git(&site.root, &["commit", "-q", "-m", "site"]);
    let clone = site.tmp.join("windows-checkout");
    git(
        site.tmp.path(),
        &["-c", "core.autocrlf=true", "clone", "-q", site.root.to_str().unwrap(), clone.to_str().unwrap()],
    );
    let crlf: Vec<String> = tree(&clone.join("history"))
        .into_iter()
        .filter(|(_, b)| b.windows(2).any(|w| w == b"\r\n"))
        .map(|(p, _)| p)
        .collect();
    assert!(crlf.is_empty(), "converted on checkout: {crlf:?}");
    let run = qingdan(["check", "--root", clone.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");

    // The repository's own attributes say the same for its example site.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "history/2025-10-01/release.toml",
        "content/lists/tangxi.toml",
        "qingdan.toml",
        "themes/default/static/style.css",
    ] {
        let out = Command::new("git").current_dir(repo).args(["check-attr", "text", "--", file]).output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.trim_end().ends_with("text: unset"), "{file}: {said}");
    }
}

/// A release whose id sorts before the latest release of the same day would break the chain
/// of releases for good: refused before anything is written, with an id that would do.
#[test]
fn a_release_id_that_sorts_before_a_release_of_the_same_day_is_refused() {
    let site = two_releases("history-same-day", false);
    site.replace(LIST, "第十一条", "第十一条、第十四条");
    let before = tree(&site.path("history"));
    let root = root_arg(&site);
    let release_as = |id: Option<&str>| {
        let mut args = vec!["release", "--root", &root, "--title", "同日调整", "--effective", "2026-01-01"];
        args.extend(id.iter().flat_map(|id| ["--id", *id]));
        qingdan(args)
    };
    for id in [Some("2025-12-31"), Some("2026-01-01"), None] {
        let run = release_as(id);
        assert_eq!(run.code, 2, "{id:?}: {run}");
        contains(&run.stderr, "--id 2026-01-01-2", "an id that would do");
        contains(&run.stderr, "没有写入任何文件", "nothing written");
        assert!(before == tree(&site.path("history")), "{id:?}: history/ changed");
    }
    ok(qingdan(["check", "--root", &root]));
    ok(release_as(Some("2026-01-01-2")));
    ok(qingdan(["check", "--root", &root]));
    ok(build(&site, &site.tmp.join("public")));
    ok(qingdan(["release", "--root", &root, "--title", "再调整", "--effective", "2026-03-01"]));
}

#[test]
fn a_site_without_releases_has_no_release_pages() {
    let site = Site::init("history-none");
    let b = Built::new(&site, "public");
    assert!(b.names("releases/").is_empty() && b.names("feeds/").is_empty() && b.names("data/releases/").is_empty());
    assert!(!b.page("index.html").contains("版本记录"));
    assert!(!b.page("dongcun/DC-XK-001.html").contains("变化记录"));
}

// ---------------------------------------------------------------------------------------------
// The comparison in the browser

/// Serves `dir` over HTTP on a free local port, for as long as the test runs.
fn serve(dir: PathBuf) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                let n = stream.read(&mut buf).unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]);
                let path = request
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .split('?')
                    .next()
                    .unwrap()
                    .trim_start_matches('/')
                    .to_string();
                let file = dir.join(if path.is_empty() { "index.html".into() } else { path.clone() });
                let response = match std::fs::read(&file) {
                    Ok(body) if !path.contains("..") => {
                        let kind = match file.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("js") => "text/javascript; charset=utf-8",
                            Some("json") => "application/json",
                            Some("css") => "text/css",
                            _ => "application/octet-stream",
                        };
                        let mut r = format!("HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
                        r.extend(body);
                        r
                    }
                    _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
                };
                let _ = stream.write_all(&response);
            });
        }
    });
    port
}

/// The page's DOM after its scripts ran, from headless Chromium.
fn dom(url: &str) -> String {
    let profile = common::TempDir::new("chromium-profile");
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--virtual-time-budget=10000", "--dump-dom", url])
        .output()
        .expect("chromium is needed for the comparison page test (scripts/test installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_comparison_page_finds_what_qingdan_diff_finds() {
    let site = two_releases("history-compare", true);
    // Unreleased edits too, so "current" is a version the page offers.
    site.append(LIST, "\n[[basic]]\ncode = \"DC-XK-009\"\nname = \"临时占用道路审批\"\ntype = \"行政许可\"\norigin = \"法定\"\nbasis = \"【法规】《城市道路管理条例》第三十一条\"\n");
    let b = Built::new(&site, "public");
    let port = serve(b.out.clone());
    for (from, to) in [("2025-10-01", "2026-01-01"), ("2025-10-01", "current"), ("2026-01-01", "current")] {
        let html = dom(&format!("http://127.0.0.1:{port}/releases/compare.html?from={from}&to={to}"));
        let mut found: Vec<(String, String)> = html
            .split("<article class=\"change kind-")
            .skip(1)
            .map(|s| {
                let kind = s.split('"').next().unwrap().to_string();
                let id = s.split("id=\"cmp-").nth(1).unwrap().split('"').next().unwrap().to_string();
                (kind, id)
            })
            .collect();
        found.sort();
        found.dedup();
        let diff = diff_json(&site, from, to);
        let mut expected: Vec<(String, String)> = diff["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["kind"].as_str().unwrap().to_string(),
                    format!("{}-{}", c["body"].as_str().unwrap(), c["code"].as_str().unwrap()),
                )
            })
            .collect();
        expected.sort();
        assert!(!expected.is_empty());
        assert_eq!(
            found,
            expected,
            "{from} → {to}: the page's changes differ from qingdan diff\n{}",
            &html[html.find("compare-status").unwrap_or(0)..].chars().take(600).collect::<String>()
        );
        contains(&html, "比较完成", "status");
    }
}

/// The item names of a list source, in all three parts.
fn source_names(list_toml: &str) -> Vec<String> {
    let value: toml::Value = toml::from_str(list_toml).expect("list source parses");
    ["basic", "support", "recalled"]
        .iter()
        .filter_map(|part| value.get(part).and_then(|v| v.as_array()))
        .flatten()
        .filter_map(|item| item.get("name").and_then(|n| n.as_str()).map(str::to_string))
        .collect()
}

#[test]
fn every_release_offers_its_own_lists_as_spreadsheets() {
    let site = two_releases("history-downloads", false);
    let b = Built::new(&site, "public");
    for (release, source) in [("2025-10-01", DONGCUN_V1), ("2026-01-01", DONGCUN_V2)] {
        let page = format!("releases/{release}/index.html");
        let links = hrefs(&b.page(&page));
        for ext in ["csv", "xlsx"] {
            let files: Vec<&String> = links.iter().filter(|h| h.ends_with(&format!(".{ext}"))).collect();
            assert!(!files.is_empty(), "{page} links no {ext} download");
            for href in files {
                let rel = href.trim_start_matches("../../");
                assert!(b.files.contains_key(rel), "{page}: {href} was not written");
            }
        }
        // The township's CSV of this release holds exactly this release's items.
        let csv_href = links
            .iter()
            .filter(|h| h.ends_with(".csv"))
            .map(|h| h.trim_start_matches("../../").to_string())
            .find(|rel| String::from_utf8_lossy(&b.files[rel]).contains("DC-"))
            .unwrap_or_else(|| panic!("{page}: no CSV of 东村镇"));
        let csv = String::from_utf8_lossy(&b.files[&csv_href]).to_string();
        assert!(csv.starts_with('\u{feff}'), "{csv_href}: BOM for Excel");
        let names = source_names(source);
        for name in &names {
            assert!(csv.contains(name.as_str()), "{csv_href} lacks {name} of release {release}");
        }
        let rows = csv.trim_end().split("\r\n").filter(|l| l.contains(",DC-")).count();
        assert_eq!(rows, names.len(), "{csv_href}: one row per item of release {release}");
    }
}

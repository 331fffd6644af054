//! History a journalist can cite (issue 16), on the bundled example county 青山县, whose four
//! releases (scripts/county.py, docs/example.md) include a rename, recalls, a move to another
//! township, a merge, a split, a new 配合 and a new 收回 item, an edit of punctuation only, and
//! the causes of the last adjustment (content/adjustments.toml):
//!
//! - each item can be cited as it stood in each release (its version pages), and the item's
//!   timeline carries what the browser needs to find the version in force on a date (the lookup
//!   itself runs in Chromium: tests/browser/asof.spec.js);
//! - old addresses keep working after a rename, a move, a merge, a split or a recall, and the
//!   data says where each item went (`moved_to`, `renamed_from`, `moved_from`);
//! - the causes are on the change pages, the item timeline, in `diff` JSON and CSV;
//! - cosmetic edits are hidden by default, in `diff` and on the site, with a switch;
//! - beat feeds (department, item, part, new 配合 / new 收回) exist and every feed is valid
//!   RFC 4287 (RELAX NG schema, xmllint) and publishes the newest release's manifest hash;
//! - every CSV and JSON row carries first_published, last_changed and change_count;
//! - `diff` JSON has a versioned, documented schema with a summary of counts;
//! - tamper evidence: editing the newest release (even with its hash updated), deleting it, or
//!   deleting history/CHAIN fails `check` and `build` naming the file; `qingdan verify` finds an
//!   edited data file, an edited or deleted release in a downloaded site, manifest or file.
//!
//! Needs `xmllint` (Debian libxml2-utils); scripts/test installs it.

use crate::common::{self, qingdan, Run, TempDir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const REPO: &str = env!("CARGO_MANIFEST_DIR");
/// The example's releases, oldest first.
const RELEASES: [&str; 4] = ["2025-06-30", "2025-10-01", "2026-03-01", "2026-07-01"];
const NEWEST: &str = "2026-07-01";

/// The example built once under target/.
fn site() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("citable-example");
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        let outcome = qingdan::build::build(Path::new(REPO), &out, &qingdan::progress::Progress::hidden());
        assert!(outcome.ok(), "the example must build: {:?} {:?}", outcome.failure, outcome.diags.list.first());
        out
    })
}

fn page(rel: &str) -> String {
    let path = site().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A page's visible text, whitespace collapsed.
fn text(rel: &str) -> String {
    common::text_content(&page(rel)).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&page(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[track_caller]
fn has(haystack: &str, needle: &str, what: &str) {
    assert!(haystack.contains(needle), "{what}: no {needle:?} in\n{}", &haystack[..haystack.len().min(4000)]);
}

/// Hrefs of a page, decoded, resolved against the page to paths from the site root.
fn links(rel: &str) -> Vec<String> {
    common::tags(&page(rel))
        .iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href").map(common::decode))
        .filter_map(|href| common::resolve(rel, href.split('#').next().unwrap_or_default()))
        .collect()
}

#[track_caller]
fn links_to(rel: &str, target: &str) {
    let found = links(rel);
    assert!(found.iter().any(|l| l == target), "{rel} does not link {target}: {found:?}");
    assert!(site().join(target).is_file(), "{rel} links {target}, which does not exist");
}

fn repo_qingdan(args: &[&str]) -> Run {
    let mut all = vec!["--root".to_string(), REPO.to_string()];
    all.splice(0..0, args.iter().map(|a| a.to_string()));
    qingdan(all)
}

// ---------------------------------------------------------------------------------------------
// Citing an item as it stood

#[test]
fn each_item_can_be_cited_as_it_stood_in_each_release() {
    // CG-DJ-003 changed (punctuation only) in the newest release: two versions, each with its
    // own page, linked from the item's timeline.
    let item = "chengguan/CG-DJ-003.html";
    let old = format!("releases/{}/chengguan/CG-DJ-003.html", RELEASES[0]);
    let new = format!("releases/{NEWEST}/chengguan/CG-DJ-003.html");
    links_to(item, &old);
    links_to(item, &new);
    has(&text(&old), "《党委（党组）意识形态工作责任制实施办法》", "the first version as published");
    has(&text(&new), "《党委(党组)意识形态工作责任制实施办法》", "the newest version as published");
    // Each version page says which release it is and gives its permanent address to cite.
    for (rel, release) in [(&old, RELEASES[0]), (&new, NEWEST)] {
        let t = text(rel);
        has(&t, release.split('-').next().unwrap(), "the release's date");
        has(&t, "CG-DJ-003", "the code");
    }
    // The timeline gives the browser each version's effective date and page (the as-of lookup).
    let html = page(item);
    let dated: Vec<(String, String)> = common::tags(&html)
        .iter()
        .filter_map(|t| Some((t.attr("data-effective")?.to_string(), common::decode(t.attr("data-version-href")?))))
        .collect();
    assert_eq!(
        dated,
        [(RELEASES[0].to_string(), format!("../{old}")), (NEWEST.to_string(), format!("../{new}")),],
        "timeline dates and version pages"
    );
    // The releases page has the date lookup, and the index it reads has every release's date.
    has(&page("releases/index.html"), "class=\"asof\"", "the as-of form");
    let index = json("data/releases/index.json");
    let dates: Vec<(&str, &str)> = index["versions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["current"] != true)
        .map(|v| (v["id"].as_str().unwrap(), v["effective"].as_str().unwrap()))
        .collect();
    assert_eq!(dates, RELEASES.map(|r| (r, r)), "each release with its effective date");
}

// ---------------------------------------------------------------------------------------------
// Old links

#[test]
fn old_addresses_keep_working_after_a_rename_move_merge_split_or_recall() {
    // (old address, where it went, what the page says)
    let cases = [
        ("chengguan/CG-DJ-007.html", vec!["chengguan/CG-DJ-023.html"], "已并入其他事项"),
        ("chengguan/CG-DJ-010.html", vec!["chengguan/CG-DJ-023.html"], "已并入其他事项"),
        ("chengguan/CG-JJ-007.html", vec!["chengguan/CG-JJ-008.html", "chengguan/CG-JJ-009.html"], "拆分"),
        ("chengguan/CG-CF-035.html", vec!["chengguan/CG-SH-133.html"], "上级部门收回事项"),
        ("qiaotou/QT-ST-003.html", vec!["jiangbin/JB-ST-003.html"], "移交"),
    ];
    let retired = json("data/releases/retired.json");
    let items = retired["items"].as_array().unwrap();
    for (old, now, says) in &cases {
        has(&text(old), says, old);
        has(&text(old), "这个网址不再是现行事项", old);
        for target in now {
            links_to(old, target);
        }
        let (body, code) = old.trim_end_matches(".html").split_once('/').unwrap();
        let row = items
            .iter()
            .find(|i| i["body"] == body && i["code"] == code)
            .unwrap_or_else(|| panic!("{old} is not in data/releases/retired.json"));
        let moved_to: Vec<String> = now.iter().map(|t| t.trim_end_matches(".html").to_string()).collect();
        assert_eq!(row["moved_to"], serde_json::json!(moved_to), "{old}: moved_to");
        assert_eq!(row["page"], *old);
    }
    // The merged item's page names what it was made of; the current data says where it was.
    has(&text("chengguan/CG-DJ-023.html"), "合并而成", "the merged item's timeline");
    let jiangbin = json("data/jiangbin.json");
    let moved = jiangbin["items"].as_array().unwrap().iter().find(|i| i["code"] == "JB-ST-003").unwrap();
    assert_eq!(moved["moved_from"], serde_json::json!(["qiaotou/QT-ST-003"]), "moved_from in the data");
    // A rename keeps the address; the data keeps the earlier name.
    let renamed = "做好农村道路交通安全劝导站管理和隐患治理";
    let (list, item) = ["baishi", "longtan", "tangxi", "shimen", "qiaotou", "yunling", "zhuyuan"]
        .iter()
        .find_map(|b| {
            let data = json(&format!("data/{b}.json"));
            let found = data["items"].as_array().unwrap().iter().find(|i| i["name"] == renamed).cloned();
            found.map(|i| (b.to_string(), i))
        })
        .expect("a township lists the renamed duty");
    assert_eq!(item["renamed_from"], serde_json::json!(["做好农村道路交通安全劝导和隐患治理"]));
    let code = item["code"].as_str().unwrap();
    has(&text(&format!("{list}/{code}.html")), "更名", "the renamed item's timeline");
}

// ---------------------------------------------------------------------------------------------
// Causes

const MERGE_REASON: &str = "社区党组织建设和软弱涣散党组织整顿由同一办公室承担，合并后便于统筹";
const RECALL_REASON: &str = "店招店牌设置涉及规划和安全评估，专业性强，街道难以有效承接";

#[test]
fn causes_are_on_change_pages_timelines_and_in_diff_json_and_csv() {
    let changes = text(&format!("releases/{NEWEST}/chengguan.html"));
    for needle in ["情形", "乡镇申请", "申请单位", "城关街道办事处", MERGE_REASON, RECALL_REASON, "青编办〔2026〕5号"]
    {
        has(&changes, needle, "the township's change page");
    }
    has(&text("chengguan/CG-DJ-023.html"), MERGE_REASON, "the merged item's timeline");
    has(&text("chengguan/CG-SH-133.html"), RECALL_REASON, "the recalled item's timeline");

    let run = repo_qingdan(&["diff", RELEASES[2], NEWEST, "--format", "json"]);
    assert_eq!(run.code, 0, "{run}");
    let diff: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let change = |code: &str| {
        diff["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("{code}"))
    };
    let recalled = change("CG-CF-035");
    assert_eq!(recalled["kind"], "recalled");
    assert_eq!(
        recalled["causes"],
        serde_json::json!([{
            "situation": "上级收回",
            "applicant": "青山县综合行政执法局",
            "reason": RECALL_REASON,
            "basis": "【法规】《东江省城市市容和环境卫生管理条例》",
            "document": "青编办〔2026〕5号",
        }])
    );
    assert_eq!(change("CG-DJ-023")["causes"][0]["reason"], MERGE_REASON);
    let merge = diff["relations"].as_array().unwrap().iter().find(|r| r["kind"] == "merge").unwrap();
    assert_eq!(merge["causes"][0]["reason"], MERGE_REASON);
    assert_eq!(merge["declared"], true);

    let run = repo_qingdan(&["diff", RELEASES[2], NEWEST, "--format", "csv"]);
    assert_eq!(run.code, 0, "{run}");
    let mut rows = csv::Reader::from_reader(run.stdout.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    for column in ["情形", "申请单位", "理由", "依据", "审定文号"] {
        assert!(header.iter().any(|h| h == column), "CSV column {column}: {header:?}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[col("事项编码")] == "CG-CF-035")
        .expect("the recall is a CSV row");
    assert_eq!(&row[col("情形")], "上级收回");
    assert_eq!(&row[col("理由")], RECALL_REASON);
    assert_eq!(&row[col("审定文号")], "青编办〔2026〕5号");
}

// ---------------------------------------------------------------------------------------------
// Cosmetic changes

#[test]
fn cosmetic_edits_are_hidden_by_default_with_a_switch_in_diff_and_on_the_site() {
    let edited: Vec<&str> = vec!["CG-DJ-003", "BS-DJ-003", "TX-DJ-003"];
    let plain = repo_qingdan(&["diff", RELEASES[2], NEWEST]);
    assert_eq!(plain.code, 0, "{plain}");
    has(&plain.stdout, "只改了标点、全角半角或空白，未列出（加 --cosmetic 显示）", "the switch is named");
    for code in &edited {
        assert!(!plain.stdout.contains(code), "{code} is hidden by default:\n{}", plain.stdout);
    }
    let all = repo_qingdan(&["diff", RELEASES[2], NEWEST, "--cosmetic"]);
    for code in &edited {
        has(&all.stdout, &format!("[修改] {code} 落实意识形态工作责任制（基本履职事项，仅格式）"), "with --cosmetic");
    }
    let json = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["diff", RELEASES[2], NEWEST, "--format", "json"];
        args.extend_from_slice(extra);
        serde_json::from_str(&repo_qingdan(&args).stdout).unwrap()
    };
    let (hidden, shown) = (json(&[]), json(&["--cosmetic"]));
    assert_eq!(hidden["cosmetic_included"], false);
    assert_eq!(shown["cosmetic_included"], true);
    let cosmetic =
        |d: &serde_json::Value| d["changes"].as_array().unwrap().iter().filter(|c| c["cosmetic"] == true).count();
    assert_eq!(cosmetic(&hidden), 0);
    assert_eq!(cosmetic(&shown) as u64, hidden["summary"]["cosmetic"].as_u64().unwrap());
    assert_eq!(shown["summary"]["cosmetic"], 10, "one edited duty in each of the ten townships");

    // On the site: the substantive changes first, the cosmetic ones in a closed section that
    // a reader opens (no script needed).
    let html = page(&format!("releases/{NEWEST}/chengguan.html"));
    let section = html.find("<section class=\"changes cosmetic\"").expect("a section of cosmetic edits");
    let cg = html.find("c-chengguan-CG-DJ-003").expect("the cosmetic edit is on the page");
    assert!(cg > section, "the cosmetic edit is in the cosmetic section");
    let details = &html[section..];
    let open = details.find("<details").expect("the section is a <details> switch");
    assert!(!details[open..details[open..].find('>').unwrap() + open].contains("open"), "closed by default");
    assert!(html[..section].contains("c-chengguan-CG-CF-035"), "the recall is shown before it");
    has(&text("chengguan/CG-DJ-003.html"), "只改了标点、全角半角或空白", "the timeline marks it");
}

// ---------------------------------------------------------------------------------------------
// Feeds

fn xmllint_all(files: &[PathBuf]) -> Vec<String> {
    let schema = Path::new(REPO).join("tests/fixtures/atom.rng");
    let mut failed = Vec::new();
    for chunk in files.chunks(400) {
        let out = Command::new("xmllint").arg("--noout").arg("--relaxng").arg(&schema).args(chunk).output().expect(
            "xmllint is needed to validate the Atom feeds (Debian package libxml2-utils; scripts/test installs it)",
        );
        let report = String::from_utf8_lossy(&out.stderr);
        failed.extend(report.lines().filter(|l| !l.ends_with(" validates")).map(str::to_string));
    }
    failed
}

#[test]
fn beat_feeds_exist_and_every_feed_is_valid_atom_with_the_manifest_hash() {
    let feeds: Vec<PathBuf> =
        common::tree(&site().join("feeds")).keys().map(|k| site().join("feeds").join(k)).collect();
    let names: Vec<String> =
        feeds.iter().map(|p| p.strip_prefix(site()).unwrap().to_string_lossy().into_owned()).collect();
    for feed in [
        "feeds/index.xml",
        "feeds/chengguan.xml",
        "feeds/departments/zhujian.xml",
        "feeds/items/chengguan/CG-DJ-023.xml",
        "feeds/parts/support.xml",
        "feeds/parts/recalled.xml",
        "feeds/new-support.xml",
        "feeds/new-recalled.xml",
    ] {
        assert!(names.iter().any(|n| n == feed), "{feed} is published");
    }
    let failed = xmllint_all(&feeds);
    assert!(failed.is_empty(), "feeds that are not valid Atom (RFC 4287):\n{}", failed.join("\n"));

    // The new 配合 item is in the new-supporting feed and the department's; the new 收回 item in
    // the new-recalled feed; an item's feed has its own change.
    has(&page("feeds/new-support.xml"), "城市内涝防治和排水设施巡查", "new 配合 feed");
    has(&page("feeds/departments/zhujian.xml"), "城市内涝防治和排水设施巡查", "the department's feed");
    has(&page("feeds/new-recalled.xml"), "对店招店牌设置不符合规范或者破损、污浊未及时修复的处罚", "new 收回 feed");
    assert!(!page("feeds/new-recalled.xml").contains("城市内涝防治"), "a 配合 item is not in the 收回 feed");
    has(&page("feeds/items/chengguan/CG-DJ-023.xml"), "合并", "the merged item's feed");

    // Every feed publishes the newest release's manifest hash (the SHA-256 of its release.toml).
    let newest = sha256_file(&Path::new(REPO).join("history").join(NEWEST).join("release.toml"));
    let without: Vec<&String> = names
        .iter()
        .zip(&feeds)
        .filter(|(_, p)| !std::fs::read_to_string(p).unwrap().contains(&newest))
        .map(|(n, _)| n)
        .collect();
    assert!(without.is_empty(), "feeds without the manifest hash {newest}: {without:?}");
}

/// SHA-256 in lowercase hex, computed here rather than by qingdan.
fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_file(path: &Path) -> String {
    sha256(&std::fs::read(path).unwrap())
}

#[test]
fn every_release_page_publishes_its_manifest_hash() {
    let manifest = json("data/releases/manifest.json");
    let listed: Vec<&str> =
        manifest["releases"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(listed, RELEASES);
    for id in RELEASES {
        let hash = sha256_file(&Path::new(REPO).join("history").join(id).join("release.toml"));
        has(&text(&format!("releases/{id}/index.html")), &hash, &format!("release page {id}"));
        // The releases table shows the first 16 digits (the newest in full, below it).
        has(&text("releases/index.html"), &hash[..16], "the releases page");
        let published = manifest["releases"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap();
        assert_eq!(published["sha256"], hash, "{id} in manifest.json");
    }
    assert_eq!(manifest["chain_head"]["id"], NEWEST);
    let newest = sha256_file(&Path::new(REPO).join("history").join(NEWEST).join("release.toml"));
    has(&text("releases/index.html"), &newest, "the newest release's hash in full");
    let chain = std::fs::read_to_string(Path::new(REPO).join("history/CHAIN")).unwrap();
    for id in RELEASES {
        let hash = sha256_file(&Path::new(REPO).join("history").join(id).join("release.toml"));
        assert!(chain.contains(&format!("{id} {id} {hash}")), "history/CHAIN lists {id}: {chain}");
    }
}

// ---------------------------------------------------------------------------------------------
// Novelty columns

#[test]
fn every_csv_and_json_row_carries_first_published_last_changed_and_change_count() {
    // (code, first_published, last_changed, change_count)
    let expected = [
        ("CG-DJ-023", NEWEST, NEWEST, 0),
        ("CG-SH-133", RELEASES[0], NEWEST, 1),
        // Its only edit was cosmetic: not counted.
        ("CG-DJ-003", RELEASES[0], RELEASES[0], 0),
    ];
    let data = json("data/chengguan.json");
    let items = data["items"].as_array().unwrap();
    for item in items {
        for key in ["first_published", "last_changed", "change_count"] {
            assert!(!item[key].is_null(), "{}: no {key}", item["code"]);
        }
    }
    let csv_text = page("data/chengguan.csv");
    let mut rows = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no CSV column {name}"));
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), items.len());
    for r in &records {
        for name in ["首次发布", "最近变化", "变化次数"] {
            assert!(!r[col(name)].is_empty(), "{}: {name} empty", &r[col("事项编码")]);
        }
    }
    for (code, first, last, count) in expected {
        let item = items.iter().find(|i| i["code"] == code).unwrap();
        assert_eq!(
            (item["first_published"].as_str(), item["last_changed"].as_str(), item["change_count"].as_u64()),
            (Some(first), Some(last), Some(count)),
            "{code} in JSON"
        );
        let r = records.iter().find(|r| &r[col("事项编码")] == code).unwrap();
        assert_eq!(
            (&r[col("首次发布")], &r[col("最近变化")], &r[col("变化次数")]),
            (first, last, count.to_string().as_str()),
            "{code} in CSV"
        );
    }
    // The county-wide CSV too.
    let all = page("data/all-items.csv");
    let head = all.lines().next().unwrap();
    for name in ["首次发布", "最近变化", "变化次数"] {
        assert!(head.contains(name), "all-items.csv has {name}: {head}");
    }
}

// ---------------------------------------------------------------------------------------------
// diff JSON schema

#[test]
fn diff_json_has_a_documented_versioned_schema_with_counts_per_kind() {
    let run = repo_qingdan(&["diff", RELEASES[0], RELEASES[1], "--format", "json"]);
    assert_eq!(run.code, 0, "{run}");
    let diff: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let version = diff["schema_version"].as_u64().expect("schema_version");
    let changes = diff["changes"].as_array().unwrap();
    let summary = diff["summary"].as_object().unwrap();
    let mut counted: BTreeMap<String, u64> = BTreeMap::new();
    for c in changes {
        *counted.entry(c["kind"].as_str().unwrap().to_string()).or_default() += 1;
    }
    for (kind, n) in &counted {
        assert_eq!(summary[kind].as_u64(), Some(*n), "summary.{kind}");
    }
    assert_eq!(summary["total"].as_u64(), Some(changes.len() as u64));
    assert!(counted["recalled"] > 300, "the second release recalled the specialised enforcement items");
    // The schema is documented: its version and every top-level and summary key.
    let docs = std::fs::read_to_string(Path::new(REPO).join("docs/history.md")).unwrap();
    has(&docs, &format!("\"schema_version\": {version}"), "docs/history.md documents the schema version");
    for key in diff.as_object().unwrap().keys().chain(summary.keys()).chain(changes[0].as_object().unwrap().keys()) {
        has(&docs, &format!("`{key}`"), "docs/history.md documents each key");
    }
}

// ---------------------------------------------------------------------------------------------
// Tamper evidence: check and build

/// A copy of the example site (sources and releases) to tamper with.
fn example_copy(tag: &str) -> TempDir {
    let tmp = TempDir::new(tag);
    std::fs::copy(Path::new(REPO).join("qingdan.toml"), tmp.join("qingdan.toml")).unwrap();
    for dir in ["content", "history"] {
        common::copy_dir(&Path::new(REPO).join(dir), &tmp.join(dir));
    }
    tmp
}

fn check(root: &Path) -> Run {
    qingdan(["check", "--root", root.to_str().unwrap()])
}

/// `check` fails with `message`, naming `file`, with a hint; `build` fails too and writes nothing.
#[track_caller]
fn refused(root: &Path, file: &str, message: &str) {
    let run = check(root);
    assert_eq!(run.code, 1, "{run}");
    has(&run.stderr, message, "the message");
    has(&run.stderr, file, "the file is named");
    has(&run.stderr, "从版本库恢复", "how to fix it");
    let out = root.join("public");
    let build = qingdan(["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(build.code, 1, "{build}");
    assert!(!out.exists(), "a refused build writes nothing");
}

/// Replaces `from` by `to` in a file of the copy.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn editing_the_newest_release_with_its_hash_updated_fails_check_and_build() {
    let tmp = example_copy("tamper-newest-file");
    assert_eq!(check(tmp.path()).code, 0, "the copy checks clean");
    let list = format!("history/{NEWEST}/content/lists/chengguan.toml");
    let old_hash = sha256_file(&tmp.join(&list));
    edit(tmp.path(), &list, "城市内涝防治和排水设施巡查", "城市内涝防治和排水设施巡查（已取消）");
    let new_hash = sha256_file(&tmp.join(&list));
    // The forger updates the manifest in release.toml, so the release is consistent in itself.
    edit(tmp.path(), &format!("history/{NEWEST}/release.toml"), &old_hash, &new_hash);
    refused(
        tmp.path(),
        &format!("history/{NEWEST}/release.toml"),
        &format!("已发布版本 {NEWEST} 的 release.toml 被修改：与 history/CHAIN 第"),
    );
}

#[test]
fn editing_the_newest_release_toml_fails_check_and_build() {
    let tmp = example_copy("tamper-newest-meta");
    edit(tmp.path(), &format!("history/{NEWEST}/release.toml"), "青编办〔2026〕5号", "青编办〔2026〕6号");
    refused(tmp.path(), &format!("history/{NEWEST}/release.toml"), "release.toml 被修改");
}

#[test]
fn deleting_the_newest_release_fails_check_and_build() {
    let tmp = example_copy("tamper-delete");
    std::fs::remove_dir_all(tmp.join("history").join(NEWEST)).unwrap();
    refused(tmp.path(), &format!("history/{NEWEST}"), &format!("已发布版本 {NEWEST} 不见了"));
}

#[test]
fn deleting_the_chain_with_the_newest_release_fails_check_and_build() {
    let tmp = example_copy("tamper-delete-chain");
    std::fs::remove_dir_all(tmp.join("history").join(NEWEST)).unwrap();
    std::fs::remove_file(tmp.join("history/CHAIN")).unwrap();
    refused(tmp.path(), "history/CHAIN", "history/CHAIN 不见了");
}

#[test]
fn a_release_missing_from_the_chain_fails_check() {
    let tmp = example_copy("tamper-chain-line");
    let chain = std::fs::read_to_string(tmp.join("history/CHAIN")).unwrap();
    let kept: String = chain.lines().filter(|l| !l.starts_with(NEWEST)).map(|l| format!("{l}\n")).collect();
    std::fs::write(tmp.join("history/CHAIN"), kept).unwrap();
    refused(tmp.path(), &format!("history/{NEWEST}/release.toml"), &format!("版本 {NEWEST} 不在 history/CHAIN 中"));
}

// ---------------------------------------------------------------------------------------------
// Tamper evidence: qingdan verify

fn verify(args: &[&str]) -> Run {
    let mut all = vec!["verify"];
    all.extend_from_slice(args);
    qingdan(all)
}

/// A downloaded copy of the site's release data (`data/releases/`), to tamper with.
fn downloaded(tag: &str) -> TempDir {
    let tmp = TempDir::new(tag);
    common::copy_dir(&site().join("data/releases"), &tmp.join("data/releases"));
    tmp
}

#[track_caller]
fn differs(run: &Run, file: &str, message: &str) {
    assert_eq!(run.code, 3, "verify exits 3 on a difference: {run}");
    has(&run.stdout, &format!("不一致：{file}"), "the file is named");
    has(&run.stdout, message, "what differs");
}

#[test]
fn verify_accepts_the_site_as_published() {
    let site_dir = site().to_str().unwrap();
    let run = verify(&[site_dir, "--root", REPO]);
    assert_eq!(run.code, 0, "{run}");
    has(&run.stdout, "一致", "verdict");
    let manifest = json("data/releases/manifest.json");
    let file = manifest["releases"][3]["files"].as_object().unwrap().keys().next().unwrap().clone();
    let run = verify(&[site().join(&file).to_str().unwrap(), "--against", site_dir]);
    assert_eq!(run.code, 0, "{run}");
    has(&run.stdout, &format!("公布的 {file}（版本"), "which published file it is");
}

#[test]
fn verify_finds_an_edited_data_file_in_a_downloaded_site() {
    let tmp = downloaded("verify-data");
    let manifest = json("data/releases/manifest.json");
    let file =
        manifest["releases"][3]["files"].as_object().unwrap().keys().find(|k| k.ends_with(".csv")).unwrap().clone();
    let path = tmp.join(&file);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice("篡改,添加的一行\r\n".as_bytes());
    std::fs::write(&path, bytes).unwrap();
    let run = verify(&[tmp.path().to_str().unwrap(), "--against", site().to_str().unwrap()]);
    differs(&run, &file, "与");
    has(&run.stdout, "应为", "the expected hash");
    // One file on its own, against the published site.
    let run = verify(&[path.to_str().unwrap(), "--against", site().to_str().unwrap()]);
    differs(&run, path.to_str().unwrap(), &format!("中的 {file} 不同"));
}

#[test]
fn verify_finds_a_deleted_or_edited_release_in_a_downloaded_manifest() {
    let reference = site().to_str().unwrap();
    // The newest release taken out of the manifest (the forger rewrote chain_head too).
    let tmp = downloaded("verify-deleted");
    let path = tmp.join("data/releases/manifest.json");
    let mut manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    manifest["releases"].as_array_mut().unwrap().pop();
    manifest["chain_head"] = serde_json::json!({ "id": RELEASES[2], "sha256": manifest["releases"][2]["sha256"] });
    std::fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
    let run = verify(&[path.to_str().unwrap(), "--against", reference]);
    differs(&run, &format!("版本 {NEWEST}"), "版本被删除");

    // The newest release's text edited in the manifest, its hash left: the text no longer hashes
    // to it. With the hash updated as well, it differs from the published one.
    let tmp = downloaded("verify-edited");
    let path = tmp.join("data/releases/manifest.json");
    let original: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let mut manifest = original.clone();
    let toml =
        manifest["releases"][3]["release_toml"].as_str().unwrap().replace("青编办〔2026〕5号", "青编办〔2026〕6号");
    manifest["releases"][3]["release_toml"] = toml.clone().into();
    std::fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
    let run = verify(&[path.to_str().unwrap(), "--against", reference]);
    differs(&run, &format!("{}（版本 {NEWEST}）", path.display()), "release.toml 的内容与记录的指纹不符");
    let forged = sha256(toml.as_bytes());
    manifest["releases"][3]["sha256"] = forged.clone().into();
    manifest["chain_head"]["sha256"] = forged.clone().into();
    std::fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
    let run = verify(&[path.to_str().unwrap(), "--against", reference]);
    differs(&run, &format!("history/{NEWEST}/release.toml"), "的指纹与");
    has(&run.stdout, &forged, "the forged hash");
    has(&run.stdout, original["releases"][3]["sha256"].as_str().unwrap(), "the published hash");
}

#[test]
fn verify_finds_the_newest_release_of_a_site_edited_against_its_published_manifest() {
    // A copy of the sources whose newest release was rewritten consistently, history/CHAIN
    // included, so `check` passes; the manifest the site published still tells.
    let tmp = example_copy("verify-forged-site");
    let list = format!("history/{NEWEST}/content/lists/chengguan.toml");
    let meta = format!("history/{NEWEST}/release.toml");
    let old_file = sha256_file(&tmp.join(&list));
    let old_meta = sha256_file(&tmp.join(&meta));
    edit(tmp.path(), &list, "城市内涝防治和排水设施巡查", "城市内涝防治和排水设施巡查（已取消）");
    edit(tmp.path(), &meta, &old_file, &sha256_file(&tmp.join(&list)));
    edit(tmp.path(), "history/CHAIN", &old_meta, &sha256_file(&tmp.join(&meta)));
    assert_eq!(check(tmp.path()).code, 0, "a consistent rewrite passes check");
    let run = verify(&["--root", tmp.path().to_str().unwrap(), "--against", site().to_str().unwrap()]);
    differs(&run, &meta, "的指纹与");
    has(&run.stdout, &format!("不一致：{list}"), "the edited source file is named");
}

//! Every page stays small at province scale (issue 18): on a county of 200 townships, pages that
//! gather all townships (home, departments, overview, coverage, territorial, admission) group
//! and link onward instead of listing everything, and no page passes `BUDGET` compressed. The
//! site is made in a temporary directory from the bundled example: its ten townships twenty
//! times over (新 codes and names), each list thinned to every `KEEP_EVERY`-th item of each part
//! so that the debug build stays quick. The output's file count per 100,000 items is checked
//! against the figure docs/region.md publishes.

use crate::common;

use common::{copy_dir, qingdan, TempDir};
use std::io::Write;
use std::path::Path;

/// Compressed (gzip, as web servers send it) size no page may pass.
const BUDGET: usize = 100 * 1024;
/// Uncompressed size no page may pass: what a phone parses and lays out.
const RAW_BUDGET: usize = 400 * 1024;
const COPIES: usize = 20;
const KEEP_EVERY: usize = 6;
/// docs/region.md: at most this many files per 100,000 items (items' pages, the lists' pages
/// and downloads, search shards), plus a fixed part per site.
const FILES_PER_100K: usize = 125_000;

const TOWNSHIPS: &[&str] =
    &["baishi", "chengguan", "dongcheng", "jiangbin", "longtan", "qiaotou", "shimen", "tangxi", "yunling", "zhuyuan"];

/// A list with every `KEEP_EVERY`-th item of each part (an item's sub-tables stay with it).
fn thin(list: &str) -> String {
    let mut blocks = list.split("\n[[");
    let mut out = blocks.next().unwrap().to_string();
    let mut seen = std::collections::HashMap::new();
    let mut keep = true;
    for block in blocks {
        let table = block.split("]]").next().unwrap();
        if !table.contains('.') {
            let n = seen.entry(table.to_string()).or_insert(0usize);
            keep = *n % KEEP_EVERY == 0;
            *n += 1;
        }
        if keep {
            out.push_str("\n[[");
            out.push_str(block);
        }
    }
    out
}

/// The example county with 200 townships (see the module's comment).
fn county_of_200(root: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("qingdan.toml"), root.join("qingdan.toml")).unwrap();
    copy_dir(&repo.join("content"), &root.join("content"));
    std::fs::remove_file(root.join("content/adjustments.toml")).unwrap();
    let content = root.join("content");
    for town in TOWNSHIPS {
        let body = std::fs::read_to_string(content.join(format!("bodies/{town}.toml"))).unwrap();
        let list = thin(&std::fs::read_to_string(content.join(format!("lists/{town}.toml"))).unwrap());
        let name = body.lines().find_map(|l| l.strip_prefix("name = \"")).unwrap().trim_end_matches('"').to_string();
        std::fs::write(content.join(format!("lists/{town}.toml")), &list).unwrap();
        for k in 2..=COPIES {
            let code = format!("{town}{k}");
            let body = body.replacen(&format!("code = \"{town}\""), &format!("code = \"{code}\""), 1).replacen(
                &format!("name = \"{name}\""),
                &format!("name = \"{name}{k}\""),
                1,
            );
            std::fs::write(content.join(format!("bodies/{code}.toml")), body).unwrap();
            let list = list.replacen(&format!("body = \"{town}\""), &format!("body = \"{code}\""), 1);
            std::fs::write(content.join(format!("lists/{code}.toml")), list).unwrap();
        }
    }
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

#[test]
fn no_page_of_a_200_township_county_passes_the_budget_and_files_stay_in_proportion() {
    let tmp = TempDir::new("weight");
    let root = tmp.join("site");
    std::fs::create_dir_all(&root).unwrap();
    county_of_200(&root);
    let run = qingdan(["build", "--root", root.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    let out = root.join("public");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["townships"], 200, "the site has 200 townships");
    let items = summary["items"].as_u64().unwrap() as usize;

    let mut files = 0;
    let mut heaviest: Vec<(usize, String)> = Vec::new();
    for entry in walk(&out) {
        files += 1;
        if entry.extension().is_some_and(|x| x == "html") {
            let bytes = std::fs::read(&entry).unwrap();
            let page = common::relative(&out, &entry);
            assert!(bytes.len() <= RAW_BUDGET, "{page}: {} KB uncompressed", bytes.len() / 1024);
            heaviest.push((gzip_len(&bytes), page));
        }
    }
    heaviest.sort_by(|a, b| b.cmp(a));
    let over: Vec<_> = heaviest.iter().filter(|(size, _)| *size > BUDGET).collect();
    assert!(over.is_empty(), "pages over {} KB compressed: {over:?}", BUDGET / 1024);
    // The pages that gather every township are among those checked.
    for page in
        ["index.html", "departments/index.html", "overview/index.html", "zhifa/index.html", "minzheng/index.html"]
    {
        assert!(heaviest.iter().any(|(_, p)| p == page), "{page} was built and weighed");
    }
    // A department page names the few townships that lack a matter most list, not all 200.
    let zhifa = std::fs::read_to_string(out.join("zhifa/index.html")).unwrap();
    assert!(zhifa.contains("个乡镇（街道）列出了这一事项"), "matters listed by most townships are summarised");

    // Files per 100,000 items: a fixed part (the county's pages, data and search shards) and
    // then about one page per item.
    let fixed = 3_000;
    let allowed = fixed + items * FILES_PER_100K / 100_000;
    assert!(files <= allowed, "{files} files for {items} items (allowed {allowed})");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

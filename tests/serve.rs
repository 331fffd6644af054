//! `qingdan serve`, run as a publisher runs it, over real sockets on loopback:
//! - an edit to a list rebuilds only what depends on it, and open pages are told to reload;
//! - a region follows edits county by county, and its output stays that of a clean build;
//! - a broken edit reports its diagnostics (terminal and event stream) and the last good site
//!   stays served; fixing it reloads again;
//! - requests outside the site (`..`, encoded or not) are refused;
//! - concurrent requests under load all succeed;
//! - in Debian's chromium: the page reloads by itself and shows the overlay
//!   (tests/browser/serve.spec.js).

use crate::common;

use common::{qingdan, Site, TempDir, LIST};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

/// A running `qingdan serve` on a free port; killed when dropped.
struct Served {
    child: Child,
    addr: SocketAddr,
    /// The server's terminal output, line by line.
    lines: mpsc::Receiver<String>,
}

impl Served {
    fn start(root: &Path) -> Served {
        Served::start_with(root, &[])
    }

    /// `qingdan serve` with more arguments (`--verbose`, `--out`).
    fn start_with(root: &Path, args: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(args)
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start qingdan serve");
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut served = Served { child, addr: "127.0.0.1:1".parse().unwrap(), lines };
        let line = served.wait_for("预览网址：");
        let url = line.split("http://").nth(1).unwrap().trim_end_matches('/');
        served.addr = url.parse().unwrap();
        assert!(served.addr.ip().is_loopback(), "serves on loopback by default: {line}");
        served
    }

    /// The next terminal line containing `text` (all lines until then are returned in the panic).
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut seen = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if line.contains(text) {
                return line;
            }
            seen.push(line);
        }
        panic!("no line with {text:?}; the server printed:\n{}", seen.join("\n"));
    }

    fn get(&self, path: &str) -> (u16, String) {
        get(self.addr, path)
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        write!(stream, "GET /__qingdan/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n", self.addr)
            .unwrap();
        Events { reader: BufReader::new(stream) }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One GET over a fresh connection: status and body. The path is sent as is (no client-side
/// normalisation of `..`).
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status in {text:?}"));
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// The server-sent events of the preview: one `status` per build.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next status: (build id, error text).
    fn next(&mut self) -> (u64, Option<String>) {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(self.reader.read_line(&mut line).unwrap() > 0, "event stream closed");
            if let Some(data) = line.strip_prefix("data: ").or_else(|| line.strip_prefix("data:")) {
                let status: serde_json::Value = serde_json::from_str(data.trim()).unwrap();
                let error = status["error"].as_str().map(str::to_string);
                return (status["build"].as_u64().unwrap(), error);
            }
        }
    }
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).and_then(|m| m.modified()).unwrap()
}

#[test]
fn edits_rebuild_what_depends_on_them_and_broken_edits_keep_the_last_good_site() {
    let site = Site::init("serve-edit");
    let served = Served::start(&site.root);
    let out = site.path("public");
    let (status, home) = served.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("<script src=\"/__qingdan/reload.js\" defer></script></body>"), "reload script injected");
    assert!(
        !std::fs::read_to_string(out.join("index.html")).unwrap().contains("__qingdan"),
        "never in the built files"
    );
    assert_eq!(served.get("/__qingdan/reload.js").0, 200);
    let (_, css) = served.get("/static/style.css");
    assert!(!css.contains("__qingdan"), "only pages get the script");

    let mut events = served.events();
    let (first, error) = events.next();
    assert_eq!(error, None);
    let untouched = ["search.html", "404.html", "static/style.css"].map(|p| (p, modified(&out.join(p))));
    let item = out.join("dongcun/DC-XK-001.html");
    let before = modified(&item);

    // An edit to the list: its pages and the department pages follow, the rest is left alone.
    site.replace(LIST, "name = \"农村村民宅基地审批\"", "name = \"农村村民宅基地审批（含翻建）\"");
    let (second, error) = events.next();
    assert_ne!(second, first, "a new build id makes pages reload");
    assert_eq!(error, None);
    assert!(served.wait_for("已更新").contains("清单 dongcun"));
    assert!(served.get("/dongcun/DC-XK-001.html").1.contains("农村村民宅基地审批（含翻建）"));
    assert!(modified(&item) > before, "the edited list's item pages are rendered again");
    for (path, time) in untouched {
        assert_eq!(modified(&out.join(path)), time, "{path} does not depend on the list and is not rewritten");
    }
    // The open data and the search index follow right after the reload.
    let docs = || -> String {
        std::fs::read_dir(out.join("search/docs"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
            .collect()
    };
    let csv = || std::fs::read_to_string(out.join("data/dongcun.csv")).unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !docs().contains("含翻建") || !csv().contains("（含翻建）") {
        assert!(Instant::now() < deadline, "the search index and the data files follow the edit");
        std::thread::sleep(Duration::from_millis(50));
    }

    // An edit to a body rebuilds the whole site (in a staging directory, swapped in).
    site.replace("content/bodies/dongcun.toml", "phone = \"0571-00000110\"", "phone = \"0571-00000118\"");
    let (whole, error) = events.next();
    assert_ne!(whole, second);
    assert_eq!(error, None);
    assert!(served.wait_for("已更新").contains("整个网站"));
    assert!(served.get("/dongcun/").1.contains("0571-00000118"));
    let second = whole;

    // A broken edit: diagnostics in the terminal and the event stream; the old site stays.
    site.replace(LIST, "code = \"DC-GF-001\"", "code = \"DC-GF-001");
    let (third, error) = events.next();
    assert_eq!(third, second, "no reload while the sources are broken");
    let error = error.expect("the overlay gets the diagnostics");
    assert!(error.contains("content/lists/dongcun.toml") && error.contains("TOML 语法错误"), "{error}");
    served.wait_for("网站未更新");
    let (status, page) = served.get("/dongcun/DC-XK-001.html");
    assert_eq!(status, 200);
    assert!(page.contains("（含翻建）"), "the last good site is still served");

    // Fixed, with an item removed: its page goes.
    site.replace(LIST, "code = \"DC-GF-001", "code = \"DC-GF-001\"");
    let text = site.read(LIST);
    let start = text.find("[[basic]]\ncode = \"DC-CF-001\"").unwrap();
    let end = start + text[start + 1..].find("\n[[").unwrap() + 1;
    site.write(LIST, format!("{}{}", &text[..start], &text[end + 1..]));
    let (fourth, error) = events.next();
    // The fix and the removal may arrive as one rebuild or two.
    let (fourth, error) =
        if error.is_none() && served.get("/dongcun/DC-CF-001.html").0 == 404 { (fourth, error) } else { events.next() };
    assert_eq!(error, None);
    assert_ne!(fourth, second);
    assert_eq!(served.get("/dongcun/DC-CF-001.html").0, 404, "a removed item's page is removed");
    assert!(!out.join("dongcun/DC-CF-001.html").exists());
}

#[test]
fn requests_outside_the_site_are_refused() {
    let site = Site::init("serve-escape");
    let served = Served::start(&site.root);
    for path in [
        "/../qingdan.toml",
        "/%2e%2e/qingdan.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/dongcun/..%2f..%2fqingdan.toml",
        "/..%5cqingdan.toml",
        "/static/%2e%2e/%2e%2e/qingdan.toml",
        "/%00",
    ] {
        let (status, body) = served.get(path);
        assert_eq!(status, 403, "{path}");
        assert!(!body.contains("jurisdiction") && !body.contains("root:"), "{path} leaked a file");
    }
    assert_eq!(served.get("/dongcun").0, 301, "directories redirect to their slash");
    let (status, body) = served.get("/dongcun/no-such-page.html");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the site's own 404 page");
    // Its links work wherever it is shown (the starter has no base_url: from the domain root).
    let body = common::normalize_extra_escapes(&body);
    assert!(body.contains("href=\"/static/style.css\"") && body.contains("href=\"/index.html\""), "{body}");
    assert_eq!(served.get("/static/style.css").0, 200);
}

#[test]
fn concurrent_requests_all_succeed() {
    let site = Site::init("serve-load");
    let served = Served::start(&site.root);
    let paths =
        ["/", "/dongcun/", "/dongcun/DC-XK-001.html", "/static/style.css", "/data/dongcun.csv", "/search/meta.json"];
    let addr = served.addr;
    let threads: Vec<_> = (0..16)
        .map(|t| {
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..100 {
                    let path = paths[(t + i) % paths.len()];
                    let (status, body) = get(addr, path);
                    if status != 200 || body.is_empty() {
                        failures.push(format!("{path}: {status}"));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    assert!(
        failures.is_empty(),
        "{} of 1600 requests failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
}

#[test]
fn the_browser_reloads_and_shows_the_overlay() {
    let site = Site::init("serve-browser");
    let served = Served::start(&site.root);
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/serve.spec.js");
    let out = Command::new("node")
        .arg(&spec)
        .arg(format!("http://{}/dongcun/DC-XK-001.html", served.addr))
        .arg(site.path(LIST))
        .output()
        .expect("node is needed for the browser tests (scripts/test)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "browser test failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_site_broken_from_the_start_is_built_once_fixed() {
    let site = Site::init("serve-broken");
    site.replace(LIST, "code = \"DC-GF-001\"", "code = \"DC-GF-001");
    let served = Served::start(&site.root);
    let (status, page) = served.get("/");
    assert_eq!(status, 503);
    assert!(page.contains("网站尚未生成") && page.contains("/__qingdan/reload.js"), "{page}");
    let mut events = served.events();
    let (first, error) = events.next();
    assert!(error.is_some_and(|e| e.contains("content/lists/dongcun.toml")), "the overlay shows the errors");
    site.replace(LIST, "code = \"DC-GF-001", "code = \"DC-GF-001\"");
    let (built, error) = events.next();
    assert_eq!(error, None);
    assert_ne!(built, first);
    assert_eq!(served.get("/").0, 200);
}

/// `serve --out` refuses what `build --out` refuses, before building or serving anything.
#[test]
fn serve_refuses_an_output_directory_it_must_not_replace() {
    let site = Site::init("serve-out");
    let documents = site.tmp.join("documents");
    std::fs::create_dir_all(&documents).unwrap();
    std::fs::write(documents.join("工作报告.docx"), "报告").unwrap();
    let before = common::tree(site.tmp.path());
    for out in [site.root.clone(), site.path("content"), site.tmp.path().to_path_buf(), documents] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
            .args(["serve", "--port", "0", "--root"])
            .arg(&site.root)
            .arg("--out")
            .arg(&out)
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start qingdan serve");
        // A serve that accepted the directory would run until stopped.
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        assert_eq!(status.and_then(|s| s.code()), Some(2), "serve --out {}: {stderr}", out.display());
        assert!(stderr.contains("错误：输出"), "{stderr}");
    }
    assert!(before == common::tree(site.tmp.path()), "nothing was changed");
}

/// Releases the starter twice (with an edit between) and leaves one unreleased edit, so the site
/// has list versions that only older releases hold.
fn released_starter(tag: &str) -> Site {
    let site = Site::init(tag);
    let root = site.root.to_str().unwrap().to_string();
    let release = |title: &str, effective: &str| {
        let run = qingdan(["release", "--root", &root, "--title", title, "--effective", effective]);
        assert_eq!(run.code, 0, "{run}");
    };
    release("首次公布", "2025-10-01");
    site.replace(LIST, "name = \"最低生活保障审核确认\"", "name = \"最低生活保障审核确认（含特困）\"");
    site.write("content/lists/nongye.toml", NONGYE);
    release("第一次调整", "2026-01-01");
    site.replace(LIST, "name = \"违法建设查处\"", "name = \"违法建设巡查和制止\"");
    site
}

const NONGYE: &str = r#"body = "nongye"
title = "示例县农业农村局权责清单"

[[basic]]
code = "NY-CF-001"
name = "对在人口集中地区焚烧沥青、油毡等产生有毒有害烟尘的处罚"
type = "行政处罚"
origin = "法定"
basis = "【法律】《中华人民共和国大气污染防治法》第一百一十九条第二款"
"#;

/// Asserts that the output `served` equals a clean build's output `fresh`, file for file.
fn assert_same_tree(step: &str, served: &Path, fresh: &Path) {
    let differences = tree_differences(served, fresh);
    assert!(
        differences.is_empty(),
        "after {step}, serve's output differs from a clean build in {} files:\n{}",
        differences.len(),
        differences.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The files of `served` and `fresh` that differ (missing on one side, or different bytes).
fn tree_differences(served: &Path, fresh: &Path) -> Vec<String> {
    let (a, b): (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>) = (common::tree(served), common::tree(fresh));
    let mut out = Vec::new();
    for (path, bytes) in &a {
        match b.get(path) {
            None => out.push(format!("only in serve's output: {path}")),
            Some(other) if other != bytes => out.push(format!("differs: {path}")),
            _ => {}
        }
    }
    out.extend(b.keys().filter(|p| !a.contains_key(*p)).map(|p| format!("missing from serve's output: {p}")));
    out
}

/// The pages of items as they stood in the releases show only the releases: an edit to a list
/// re-renders the pages that depend on it, not those (it took seconds on the bundled example).
#[test]
fn a_list_edit_leaves_the_pages_of_released_item_versions_unrendered() {
    let site = released_starter("serve-versions");
    let served = Served::start(&site.root);
    // "已生成 N 个页面，…" and "已更新清单 …：N 个页面，…"
    let pages = |line: &str| -> usize {
        let before = line.split(" 个页面").next().expect(line);
        before.rsplit([' ', '：']).next().and_then(|n| n.parse().ok()).expect(line)
    };
    let versions = walkdir::WalkDir::new(site.path("public/releases"))
        .min_depth(3)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.depth() == 3)
        .count();
    assert!(versions > 0, "the released starter has pages of released item versions ({versions})");
    site.replace(LIST, "name = \"农村村民宅基地审批\"", "name = \"农村村民宅基地审批（含翻建）\"");
    let edited = pages(&served.wait_for("已更新清单"));
    site.replace("content/bodies/dongcun.toml", "phone = \"0571-00000110\"", "phone = \"0571-00000118\"");
    let whole = pages(&served.wait_for("已更新整个网站"));
    assert!(
        edited + versions <= whole,
        "a list edit rendered {edited} pages of {whole}, so some of the {versions} released item versions"
    );
}

/// Whatever `serve` writes after any kind of edit equals what a clean `build` of the same sources
/// writes, file for file and byte for byte. Nothing is excluded: the reload script is only added
/// to responses, and serve writes no other file into the output.
#[test]
fn after_every_kind_of_edit_serve_output_equals_a_clean_build() {
    let site = released_starter("serve-parity");
    let fresh = TempDir::new("serve-parity-fresh");
    let served = Served::start_with(&site.root, &["--verbose"]);
    let out = site.path("public");
    let compare = |step: &str| {
        common::build_ok(&site.root, &fresh.join("public"));
        assert_same_tree(step, &out, &fresh.join("public"));
    };
    compare("the first build");
    // Edits to lists are rebuilt in place; the search index follows the reload.
    let list_edit = |step: &str, edit: &dyn Fn()| {
        edit();
        assert!(served.wait_for("已更新").contains("清单"), "{step} rebuilds lists only");
        served.wait_for("已更新开放数据和搜索索引");
        compare(step);
    };
    // Everything else rebuilds the whole site.
    let whole_edit = |step: &str, edit: &dyn Fn()| {
        edit();
        assert!(served.wait_for("已更新").contains("整个网站"), "{step} rebuilds the whole site");
        compare(step);
    };
    list_edit("an edit to a list item", &|| {
        site.replace(LIST, "name = \"农村村民宅基地审批\"", "name = \"农村村民宅基地审批（含翻建）\"")
    });
    list_edit("undoing that edit", &|| {
        site.replace(LIST, "name = \"农村村民宅基地审批（含翻建）\"", "name = \"农村村民宅基地审批\"")
    });
    list_edit("making a list equal to the latest release", &|| {
        site.replace(LIST, "name = \"违法建设巡查和制止\"", "name = \"违法建设查处\"")
    });
    list_edit("removing an item", &|| {
        let text = site.read(LIST);
        let start = text.find("[[basic]]\ncode = \"DC-CF-001\"").unwrap();
        let end = start + text[start + 1..].find("\n[[").unwrap() + 1;
        site.write(LIST, format!("{}{}", &text[..start], &text[end + 1..]));
    });
    list_edit("removing a list", &|| std::fs::remove_file(site.path("content/lists/nongye.toml")).unwrap());
    list_edit("adding a list", &|| {
        site.write("content/lists/nongye.toml", NONGYE.replace("焚烧沥青", "焚烧沥青、橡胶"))
    });
    whole_edit("an edit to a body", &|| {
        site.replace("content/bodies/dongcun.toml", "phone = \"0571-00000110\"", "phone = \"0571-00000118\"")
    });
    whole_edit("an edit to a Markdown page", &|| site.append("content/pages/about.md", "\n监督电话见各乡镇页面。\n"));
    whole_edit("an edit to qingdan.toml", &|| {
        site.replace("qingdan.toml", "publisher = \"中共示例县委机构编制委员会办公室\"", "publisher = \"示例县委编办\"")
    });
    whole_edit("a new theme file", &|| {
        site.write("themes/default/static/textsize.js", "document.documentElement.dataset.theme = \"site\";\n")
    });
    whole_edit("an edit to the admission list", &|| {
        site.replace("content/admission.toml", "协助开展农作物秸秆综合利用情况统计", "协助开展秸秆综合利用统计")
    });
    whole_edit("an edit to the territorial list", &|| {
        site.replace("content/territorial.toml", "负责日常巡查，发现违法建设", "负责日常巡查和宣传，发现违法建设")
    });
    whole_edit("an edit to a guidance catalog", &|| {
        site.replace("content/guidance/zhifa.toml", "示政办发〔2024〕1号", "示政办发〔2024〕2号")
    });
    // A broken edit leaves the last good site; its fix (with another change) rebuilds.
    site.replace(LIST, "code = \"DC-GF-001\"", "code = \"DC-GF-001");
    served.wait_for("网站未更新");
    list_edit("fixing a broken edit", &|| {
        let text = site.read(LIST).replace("code = \"DC-GF-001", "code = \"DC-GF-001\"");
        site.write(LIST, text.replace("name = \"最低生活保障审核确认（含特困）\"", "name = \"最低生活保障审核确认\""));
    });
    // And the same through the whole-site path.
    site.replace("content/bodies/dongcun.toml", "phone = \"0571-00000118\"", "phone = \"0571-00000118");
    served.wait_for("网站未更新");
    whole_edit("fixing a broken body file", &|| {
        site.replace("content/bodies/dongcun.toml", "phone = \"0571-00000118", "phone = \"0571-00000119\"")
    });
}

/// A region served: an edit to one county's list rebuilds that county's pages (the other
/// county is left alone), the region's pages follow the county's new figures, and after every
/// kind of edit the output equals a clean `build` of the region, file for file.
#[test]
fn a_region_follows_edits_county_by_county_and_stays_equal_to_a_clean_build() {
    let (_tmp, root) = crate::region::new_example_region("serve-region");
    let fresh = TempDir::new("serve-region-fresh");
    let served = Served::start_with(&root, &["--verbose"]);
    let out = root.join("public");
    let compare = |step: &str| {
        let run = qingdan(["build", "--root", root.to_str().unwrap(), "--out", fresh.join("public").to_str().unwrap()]);
        assert_eq!(run.code, 0, "{run}");
        assert_same_tree(step, &out, &fresh.join("public"));
    };
    compare("the first build");
    let other = out.join("lishui/tangxi/index.html");
    let untouched = modified(&other);
    let list = root.join("counties/qingshan/content/lists/tangxi.toml");
    let text = std::fs::read_to_string(&list).unwrap();
    std::fs::write(
        &list,
        text.replace("name = \"落实全面从严治党主体责任\"", "name = \"落实全面从严治党主体责任（示例）\""),
    )
    .unwrap();
    let line = served.wait_for("已更新");
    assert!(line.contains("县（市、区）qingshan") && line.contains("清单 tangxi"), "{line}");
    assert!(served.get("/qingshan/tangxi/TX-DJ-002.html").1.contains("落实全面从严治党主体责任（示例）"));
    served.wait_for("已更新开放数据、搜索索引和省（市）级页面");
    assert_eq!(modified(&other), untouched, "the other county is not rebuilt");
    compare("an edit to a county's list");

    // An item fewer: the region's figures follow the county's.
    let total = || {
        let home = served.get("/").1;
        let figure =
            home.split("共 ").nth(1).and_then(|t| t.split(" 项清单事项").next()).unwrap_or_default().to_string();
        figure.parse::<usize>().unwrap_or_else(|_| panic!("the region's total in {home}"))
    };
    let before = total();
    let text = std::fs::read_to_string(&list).unwrap();
    let start = text.find("[[basic]]\ncode = \"TX-DJ-003\"").unwrap();
    let end = start + text[start + 1..].find("\n[[").unwrap() + 1;
    std::fs::write(&list, format!("{}{}", &text[..start], &text[end + 1..])).unwrap();
    served.wait_for("已更新开放数据、搜索索引和省（市）级页面");
    assert_eq!(served.get("/qingshan/tangxi/TX-DJ-003.html").0, 404);
    assert_eq!(total(), before - 1, "the region's home counts the county's items anew");
    compare("removing an item from a county's list");

    // The region's own configuration: everything again.
    let config = root.join("qingdan.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("name = \"青江市\"", "name = \"青江市（示例）\"")).unwrap();
    served.wait_for("已生成 2 个县（市、区）");
    assert!(served.get("/").1.contains("青江市（示例）"));
    compare("an edit to the region's qingdan.toml");

    // A city and its county taken out: their pages go, as a clean build has none.
    let text = std::fs::read_to_string(&config).unwrap();
    let city = text.find("[[region.city]]\ncode = \"dongshan\"").unwrap();
    std::fs::write(&config, &text[..city]).unwrap();
    served.wait_for("已生成 1 个县（市、区）");
    assert!(!out.join("lishui").exists(), "the county taken out has no output left");
    compare("taking a city and its county out of the region");
    std::fs::write(&config, text).unwrap();
    served.wait_for("已生成 2 个县（市、区）");
    compare("putting them back");

    // A broken county list: the overlay, and the county's last good pages stay.
    std::fs::write(
        &list,
        std::fs::read_to_string(&list).unwrap().replace("code = \"TX-DJ-004\"", "code = \"TX-DJ-004"),
    )
    .unwrap();
    served.wait_for("县（市、区）qingshan 未更新");
    assert!(served.get("/qingshan/tangxi/TX-DJ-002.html").1.contains("（示例）"), "the last good pages stay");
}

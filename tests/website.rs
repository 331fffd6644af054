//! The website as citizens get it (issue 7), checked in Debian's chromium through
//! playwright-core on the bundled example (青山县), built once per run:
//!
//! - accessibility: axe-core finds no WCAG 2.1 A/AA violation on any page type, keyboard-only
//!   use works, 大字版 persists (`tests/browser/a11y.spec.js`);
//! - mobile first: nothing scrolls sideways at 360 px, item tables become cards
//!   (`mobile.spec.js`); every table and text block is readable there: no column narrower
//!   than four characters, no broken word, no absurdly tall page (`readable.spec.js`);
//!   screenshots for review in `target/screenshots/` (`screenshots.js`);
//! - the comparison of two versions puts them in order (`compare.spec.js`);
//! - what was in force on a date is found on the releases page and an item's page, with no
//!   server (`asof.spec.js`);
//! - light: one style sheet and one script, no font, nothing from outside the site, a strict
//!   CSP under which search and the comparison work (`light.spec.js`); a township page with
//!   300 items stays under 100 KB compressed (here, with the `synth` example's generator);
//! - print: a township's list printed to PDF reads as the official list (`print.spec.js`);
//! - a long list on a phone: the largest township's parts and groups collapse and expand, a
//!   filter narrows a part, nothing scrolls sideways, axe and the readability checks pass, and
//!   printed it is all three tables (`lists.spec.js`);
//! - without JavaScript every page type is readable (`nojs.spec.js`);
//! - a region of county sites fits a phone, and its search reaches one county's search page
//!   without JavaScript (`region.spec.js`, on the example region of `region.rs`).
//!
//! Needs chromium, poppler-utils (pdftotext) and `npm ci` in tests/browser: scripts/test
//! installs them. The browser runs one at a time (the machines have 2 cores).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The example built into a directory under target/, once per run.
fn example() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("website-example");
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        let outcome = qingdan::build::build(Path::new(REPO), &out, &qingdan::progress::Progress::hidden());
        assert!(outcome.ok(), "the example must build: {:?} {:?}", outcome.failure, outcome.diags.list.first());
        out
    })
}

/// Runs `node tests/browser/<script> <site> <args>` (one browser at a time) and returns its
/// output; fails the test with the output when a check failed.
fn browser(script: &str, site: &Path, args: &[&Path]) -> String {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let dir = Path::new(REPO).join("tests/browser");
    assert!(
        dir.join("node_modules/playwright-core").is_dir()
            && dir.join("node_modules/axe-core").is_dir()
            && Path::new("/usr/bin/chromium").exists(),
        "the browser tests need chromium, playwright-core and axe-core: run ./scripts/test (it installs them)"
    );
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let out = Command::new("node").arg(dir.join(script)).arg(site).args(args).output().expect("node");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    eprintln!("{stdout}");
    assert!(out.status.success(), "{script} failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains(" passed, 0 failed"), "{script} ran no check:\n{stdout}");
    stdout
}

#[test]
fn axe_finds_no_violation_and_the_keyboard_reaches_everything() {
    let out = browser("a11y.spec.js", example(), &[]);
    let axe = out.lines().find_map(|l| l.strip_prefix("AXE ")).expect("AXE figures line");
    let figures: serde_json::Value = serde_json::from_str(axe).unwrap();
    assert_eq!(figures["violations"], 0, "{axe}");
    assert!(figures["pages"].as_u64().unwrap() >= 3 * 19, "every page type in three modes: {axe}");
}

#[test]
fn at_360_px_nothing_scrolls_sideways_and_tables_become_cards() {
    browser("mobile.spec.js", example(), &[]);
}

/// Issue 11: at 360 px (and 大字版) no text wraps in a column narrower than four characters, no
/// word or token (CSV, a date, a phone number) is broken, no page is absurdly tall for its
/// text. Prints one `READ` line per page type and mode with its height and narrowest column.
#[test]
fn at_360_px_every_table_and_text_block_is_readable() {
    let out = browser("readable.spec.js", example(), &[]);
    let pages = out.lines().filter(|l| l.starts_with("READ ")).count();
    assert!(pages >= 3 * 19, "every page type in three modes: {pages} READ lines");
}

/// Issue 11: two versions chosen the wrong way round are compared older → newer, and the page
/// says so, instead of reporting every item as cancelled.
#[test]
fn the_browser_comparison_puts_two_versions_in_order() {
    browser("compare.spec.js", example(), &[]);
}

#[test]
fn what_was_in_force_on_a_date_is_found_on_the_static_site() {
    browser("asof.spec.js", example(), &[]);
}

#[test]
fn one_css_one_js_no_external_request_and_a_strict_csp() {
    browser("light.spec.js", example(), &[]);
}

#[test]
fn every_page_is_readable_without_javascript() {
    browser("nojs.spec.js", example(), &[]);
}

/// A region of county sites (tests/region.rs): no region page and no county page with the
/// region above it scrolls sideways at 360 px; without JavaScript the region's search page
/// still takes a query for one county to that county's search page; with it, as before.
#[test]
fn a_region_fits_a_phone_and_its_search_reaches_a_county_without_javascript() {
    browser("region.spec.js", crate::region::built_output(), &[]);
}

#[test]
fn a_township_list_prints_as_the_official_table() {
    assert!(
        Command::new("pdftotext").arg("-v").output().is_ok(),
        "the print test reads PDFs with pdftotext: apt-get install poppler-utils (scripts/test does)"
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("website-print");
    browser("print.spec.js", example(), &[&dir]);
    let text = std::fs::read_to_string(dir.join("tangxi-print.txt")).unwrap();
    assert!(text.contains("塘溪镇履行职责事项清单"), "{text}");
}

/// The township (or street office) with the most items in the example's sources: its page is
/// the longest a citizen meets.
/// Issue 17: the township's service center in two taps from the home page, tap-to-call phones,
/// search within a township, the township remembered, and every 一次性告知单 on one A4 page.
#[test]
fn a_citizen_reaches_the_service_center_in_two_taps_and_prints_a_one_page_notice() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("citizen");
    std::fs::create_dir_all(&dir).unwrap();
    let out = browser("citizen.spec.js", example(), &[&dir]);
    assert!(out.contains("notices, each one page"), "{out}");
}

fn largest_township() -> String {
    let content = Path::new(REPO).join("content");
    let read = |p: &Path| -> toml::Table { std::fs::read_to_string(p).unwrap().parse().unwrap() };
    let mut best = (0, String::new());
    for entry in std::fs::read_dir(content.join("bodies")).unwrap() {
        let body = read(&entry.unwrap().path());
        if !matches!(body.get("kind").and_then(|k| k.as_str()), Some("乡" | "镇" | "街道")) {
            continue;
        }
        let code = body["code"].as_str().unwrap().to_string();
        let list = content.join("lists").join(format!("{code}.toml"));
        if !list.exists() {
            continue;
        }
        let list = read(&list);
        let n: usize = ["basic", "support", "recalled"]
            .iter()
            .map(|k| list.get(*k).and_then(|v| v.as_array()).map_or(0, |a| a.len()))
            .sum();
        if n > best.0 || (n == best.0 && code < best.1) {
            best = (n, code);
        }
    }
    assert!(!best.1.is_empty(), "the example has townships with lists");
    best.1
}

/// Issue 13: the largest township's page at 360 px: short as loaded, parts and groups that open
/// and close, a filter that narrows a part, no sideways scrolling, no axe violation, readable
/// text, and printed the three tables of the official notice with every item. Prints one
/// `SCREENS` line with the page's height in screens and its size.
#[test]
fn the_largest_township_list_is_usable_on_a_phone_and_prints_whole() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("website-lists");
    let page = PathBuf::from(format!("{}/index.html", largest_township()));
    let out = browser("lists.spec.js", example(), &[&page, &dir]);
    assert!(out.lines().any(|l| l.starts_with("SCREENS ")), "no SCREENS line:\n{out}");
}

/// Width and height of a PNG file, from its header.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{} is not a PNG", path.display());
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn screenshots_for_review_at_360_and_1280_px() {
    let dir = Path::new(REPO).join("target/screenshots");
    let _ = std::fs::remove_dir_all(&dir);
    browser("screenshots.js", example(), &[&dir]);
    for page in ["home", "township", "item", "search"] {
        for width in [360, 1280] {
            let (w, h) = png_size(&dir.join(format!("{page}-{width}.png")));
            assert_eq!(w, width, "{page}-{width}.png is {w} px wide");
            assert!(h >= 400, "{page}-{width}.png is only {h} px high");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Weight of a township page with 300 items

/// The `synth` example (examples/synth.rs), built by `cargo test` next to the test binaries;
/// built here when a single test binary runs.
fn synth() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(Path::parent).unwrap();
    let synth = profile_dir.join("examples").join(format!("synth{}", std::env::consts::EXE_SUFFIX));
    if !synth.exists() {
        let release = profile_dir.file_name().is_some_and(|n| n == "release");
        let mut cargo = Command::new(env!("CARGO"));
        cargo.args(["build", "--quiet", "--example", "synth"]).current_dir(REPO);
        if release {
            cargo.arg("--release");
        }
        let status = cargo.status().expect("cargo");
        assert!(status.success() && synth.exists(), "could not build the synth example at {}", synth.display());
    }
    synth
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

#[test]
fn a_township_page_with_300_items_is_under_100_kb_compressed() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("website-300");
    let _ = std::fs::remove_dir_all(&dir);
    let root = dir.join("site");
    let status = Command::new(synth())
        .args(["--townships", "1", "--items", "300", "--out"])
        .arg(&root)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run synth");
    assert!(status.success(), "synth failed");
    let out = dir.join("public");
    let outcome = qingdan::build::build(&root, &out, &qingdan::progress::Progress::hidden());
    assert!(outcome.ok(), "the synthetic site must build: {:?} {:?}", outcome.failure, outcome.diags.list.first());

    let html = std::fs::read(out.join("t0001/index.html")).unwrap();
    let text = String::from_utf8_lossy(&html);
    let rows = text.matches("<th scope=\"row\" data-label=\"事项名称\">").count();
    assert_eq!(rows, 300, "the page lists its 300 items");
    assert!(text.contains("class=\"qr-code\""), "with its QR code (the synthetic site has a base_url)");
    let css = std::fs::read(out.join("static/style.css")).unwrap();
    let js = std::fs::read(out.join("static/site.js")).unwrap();
    let (h, c, j) = (gzip_len(&html), gzip_len(&css), gzip_len(&js));
    let total = h + c + j;
    eprintln!(
        "township page with 300 items: HTML {} KB ({} KB gzip), CSS {} KB gzip, JS {} KB gzip; total {:.1} KB gzip",
        html.len() / 1024,
        h / 1024,
        c / 1024,
        j / 1024,
        total as f64 / 1024.0
    );
    assert!(total < 100 * 1024, "page, style sheet and script are {total} bytes compressed");
    assert!(css.len() < 20 * 1024 && js.len() < 80 * 1024, "CSS {} bytes, JS {} bytes", css.len(), js.len());
    let css_text = String::from_utf8_lossy(&css).to_ascii_lowercase();
    assert!(!css_text.contains("@font-face") && !css_text.contains("@import"), "no web fonts, no imports");
}

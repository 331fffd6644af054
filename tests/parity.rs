//! One truth in every channel: every figure and field a township's list publishes is derived
//! here once, from the TOML sources read directly (not through qingdan's model), and the home
//! page, the township page and its printed heading, every item page, the CSV, the XLSX and the
//! JSON must all show exactly that. (`serve`'s output equals a clean build: tests/serve.rs.)

use crate::common;

use calamine::{Data, Reader, Xlsx};
use common::{build_ok, decode, text_content, TempDir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

const PARTS: [(&str, &str); 3] =
    [("basic", "基本履职事项"), ("support", "配合履职事项"), ("recalled", "上级部门收回事项")];

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn toml_file(path: &Path) -> Table {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).parse().unwrap()
}

fn str_of<'a>(t: &'a Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
}

/// What one item must show wherever it is published.
#[derive(Debug)]
struct Expected {
    code: String,
    part: &'static str,
    subject: String,
    phone: String,
    departments: Vec<String>,
}

/// A township's list as its sources say, with the body's defaults applied by hand.
struct Township {
    code: String,
    name: String,
    items: Vec<Expected>,
}

impl Township {
    fn count(&self, part: &str) -> usize {
        self.items.iter().filter(|i| i.part == part).count()
    }
}

fn townships(root: &Path) -> Vec<Township> {
    let bodies: BTreeMap<String, Table> = std::fs::read_dir(root.join("content/bodies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().to_string(), toml_file(&p)))
        .collect();
    let name_of = |code: &str| bodies.get(code).and_then(|b| str_of(b, "name")).unwrap_or(code).to_string();
    let mut out = Vec::new();
    for (code, body) in &bodies {
        if !["乡", "镇", "街道"].contains(&str_of(body, "kind").unwrap_or("")) {
            continue;
        }
        let path = root.join(format!("content/lists/{code}.toml"));
        if !path.exists() {
            continue;
        }
        let list = toml_file(&path);
        let mut items = Vec::new();
        for (key, part) in PARTS {
            for item in list.get(key).and_then(Value::as_array).into_iter().flatten() {
                let item = item.as_table().unwrap();
                let mut departments: Vec<String> = match item.get("department") {
                    Some(Value::String(d)) => vec![d.clone()],
                    Some(Value::Array(ds)) => ds.iter().filter_map(Value::as_str).map(str::to_string).collect(),
                    _ => Vec::new(),
                };
                for d in item.get("departments").and_then(Value::as_array).into_iter().flatten() {
                    departments.push(str_of(d.as_table().unwrap(), "department").unwrap().to_string());
                }
                items.push(Expected {
                    code: str_of(item, "code").unwrap().to_string(),
                    part,
                    subject: str_of(item, "subject").or(str_of(body, "name")).unwrap_or("").to_string(),
                    phone: str_of(item, "supervision_phone").or(str_of(body, "supervision_phone")).unwrap_or("").into(),
                    departments: departments.iter().map(|d| name_of(d)).collect(),
                });
            }
        }
        out.push(Township { code: code.clone(), name: name_of(code), items });
    }
    out
}

/// The text of the `<dd>` after `<dt>{label}</dt>` in an item page, "" when there is none.
fn field(html: &str, label: &str) -> String {
    let open = format!("<dt>{label}</dt><dd");
    let Some(at) = html.find(&open) else { return String::new() };
    let rest = &html[at + open.len()..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest.find("</dd>").unwrap();
    decode(&text_content(&rest[start..end])).trim().to_string()
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    let mut r = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    (header, r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect())
}

#[test]
fn every_channel_shows_the_same_figures_and_fields() {
    let tmp = TempDir::new("parity");
    let out = tmp.join("public");
    let root = example();
    build_ok(&root, &out);
    let towns = townships(&root);
    assert!(towns.len() >= 10, "the example has at least ten townships");
    let home = decode(&text_content(&std::fs::read_to_string(out.join("index.html")).unwrap()));

    for t in &towns {
        let (total, basic, support, recalled) =
            (t.items.len(), t.count("基本履职事项"), t.count("配合履职事项"), t.count("上级部门收回事项"));
        // The home page's card, the township page and its printed heading.
        let card = format!("共 {total} 项（基本 {basic} · 配合 {support} · 收回 {recalled}）");
        assert!(home.contains(&card), "home card of {}: lacks “{card}”", t.name);
        let page = std::fs::read_to_string(out.join(&t.code).join("index.html")).unwrap();
        let text = decode(&text_content(&page));
        let summary = format!(
            "共 {total} 项：基本履职事项 {basic} 项，配合履职事项 {support} 项，上级部门收回事项 {recalled} 项"
        );
        assert!(text.contains(&summary), "{}: lacks “{summary}”", t.code);
        let printed = format!(
            "共 {total} 项（基本履职事项 {basic} 项，配合履职事项 {support} 项，上级部门收回事项 {recalled} 项）"
        );
        assert!(text.contains(&printed), "{}: the printed heading lacks “{printed}”", t.code);
        assert!(!text.contains("未分类"), "{}: a heading says 未分类", t.code);
        assert!(!page.contains(">none<") && !page.contains("none</td>"), "{}: a cell shows “none”", t.code);
        for (_, part) in PARTS {
            let n = t.count(part);
            if n > 0 {
                let heading = format!("{part} {n} 项");
                assert!(text.contains(&heading), "{}: part heading “{heading}”", t.code);
            }
        }

        // The CSV: one row per item, the same parts, and the effective values.
        let (header, rows) = read_csv(&out.join(format!("data/{}.csv", t.code)));
        let col = |h: &str| header.iter().position(|x| x == h).unwrap_or_else(|| panic!("CSV column {h}"));
        assert_eq!(rows.len(), total, "{}.csv rows", t.code);
        for (row, item) in rows.iter().zip(&t.items) {
            assert_eq!(row[col("事项编码")], item.code);
            assert_eq!(row[col("清单部分")], item.part, "{} part", item.code);
            assert_eq!(row[col("监督电话")], item.phone, "{}.csv {} 监督电话", t.code, item.code);
            assert_eq!(row[col("行使主体")], item.subject, "{}.csv {} 行使主体", t.code, item.code);
            assert_eq!(row[col("相关部门")], item.departments.join("\n"), "{}.csv {} 相关部门", t.code, item.code);
        }

        // The XLSX: one sheet per part with that part's items.
        let mut wb: Xlsx<_> = calamine::open_workbook(out.join(format!("data/{}.xlsx", t.code))).unwrap();
        for (_, part) in PARTS {
            let n = t.count(part);
            match wb.worksheet_range(part) {
                Ok(range) => {
                    let rows = range.end().map(|(r, _)| r as usize + 1).unwrap_or(0);
                    assert_eq!(rows - 3, n, "{}.xlsx {part}: title, subtitle, header, then one row per item", t.code);
                    let header: Vec<String> = (0..range.width() as u32)
                        .map(|c| match range.get_value((2, c)) {
                            Some(Data::String(s)) => s.clone(),
                            _ => String::new(),
                        })
                        .collect();
                    let phone = header.iter().position(|h| h == "监督电话").expect("监督电话 column");
                    let items: Vec<&Expected> = t.items.iter().filter(|i| i.part == part).collect();
                    for (r, item) in items.iter().enumerate() {
                        let cell = range.get_value((3 + r as u32, phone as u32));
                        assert_eq!(cell, Some(&Data::String(item.phone.clone())), "{}.xlsx {}", t.code, item.code);
                    }
                }
                Err(_) => assert_eq!(n, 0, "{}.xlsx has no sheet {part} but {n} items", t.code),
            }
        }

        // The JSON.
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(format!("data/{}.json", t.code))).unwrap()).unwrap();
        let items = json["items"].as_array().unwrap();
        assert_eq!(items.len(), total);
        for (j, item) in items.iter().zip(&t.items) {
            assert_eq!(j["part"], item.part);
            assert_eq!(j["supervision_phone"].as_str().unwrap_or(""), item.phone, "{}.json {}", t.code, item.code);
            assert_eq!(j["subject"].as_str().unwrap_or(""), item.subject, "{}.json {}", t.code, item.code);
            let names: Vec<&str> = j["department"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
            assert_eq!(names, item.departments, "{}.json {}", t.code, item.code);
        }

        // Every item page.
        for item in &t.items {
            let html = std::fs::read_to_string(out.join(&t.code).join(format!("{}.html", item.code))).unwrap();
            assert_eq!(field(&html, "监督电话"), item.phone, "{}/{}.html 监督电话", t.code, item.code);
            assert_eq!(field(&html, "行使主体"), item.subject, "{}/{}.html 行使主体", t.code, item.code);
            let label = match item.part {
                "配合履职事项" => Some("对应上级部门"),
                "上级部门收回事项" => Some("承接部门"),
                _ => None,
            };
            if let Some(label) = label {
                // Names are links: text between elements may carry spaces.
                let shown = field(&html, label).replace(' ', "");
                assert_eq!(shown, item.departments.join("、"), "{}/{}.html {label}", t.code, item.code);
            }
        }
    }
}

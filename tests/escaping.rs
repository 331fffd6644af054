//! Escaping: markup in any text a publisher writes is shown as text, never run.
//!
//! The starter site gets `<script>alert(1)</script>` and `"'><img src=x onerror=alert(1)>`
//! appended to every text field of every source file (bodies, the three parts of the list,
//! territorial, admission, guidance, Markdown pages and the admission procedure, the site
//! title), with every optional text field filled in too. Codes and references stay valid: names
//! that are referred to (offices, windows) are changed the same way where they are defined and
//! where they are used. The site must build, and no output file may contain a live tag.

use crate::common;

use common::{build_ok, decode, tags, text_content, tree, Site};
use qingdan::model::{Field, Kind, Part};
use std::collections::{BTreeMap, HashMap};
use toml::{Table, Value};

const PAYLOAD: &str = "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>";

/// Keys whose values are codes, references, fixed choices, dates or flags: left alone.
const KEEP: &[&str] = &[
    "code",
    "body",
    "department",
    "guidance",
    "id",
    "kind",
    "type",
    "origin",
    "status",
    "category",
    "assigned_by",
    "admission",
    "territorial",
    "primary",
    "supporting",
    "townships",
    "jurisdiction",
    "long_term",
    "period_from",
    "period_to",
    "approved_on",
    "effective",
    "recalled_on",
    "date",
    "order",
    "base_url",
];

/// Optional text fields added where missing, so every field the format has is exercised.
/// The free-text fields of an item in `part`, as declared (references and choices excluded).
fn item_fields(part: Part) -> Vec<&'static str> {
    const REFERENCES: [Field; 6] =
        [Field::Code, Field::Office, Field::Territorial, Field::Window, Field::Guidance, Field::Admission];
    Field::ALL
        .iter()
        .filter(|f| matches!(f.spec().kind, Kind::Line | Kind::Text) && !REFERENCES.contains(f))
        .filter(|f| f.spec().parts.has(part) && **f != Field::Name)
        .map(|f| f.key())
        .collect()
}
const BODY_FIELDS: &[&str] = &["official_code", "address", "phone", "hours", "website", "supervision_phone", "intro"];

/// Appends the payload to text, with a unique marker so each field can be found in the output.
struct Poisoner {
    count: usize,
    /// Referenced names (offices, windows): the same original gets the same poisoned text.
    names: HashMap<String, String>,
    /// marker → where it was put.
    markers: BTreeMap<String, String>,
}

impl Poisoner {
    fn poison(&mut self, original: &str, place: &str) -> String {
        self.count += 1;
        let marker = format!("〔{}〕", self.count);
        self.markers.insert(marker.clone(), place.to_string());
        format!("{original}{marker}{PAYLOAD}")
    }

    fn name(&mut self, original: &str, place: &str) -> String {
        if let Some(done) = self.names.get(original) {
            return done.clone();
        }
        let poisoned = self.poison(original, place);
        self.names.insert(original.to_string(), poisoned.clone());
        poisoned
    }

    /// Poisons every text value of `table` except those under `KEEP` keys.
    fn table(&mut self, table: &mut Table, place: &str) {
        let referable = place.ends_with(']') && (place.contains("offices[") || place.contains("windows["));
        for (key, value) in table.iter_mut() {
            if KEEP.contains(&key.as_str()) {
                continue;
            }
            let here = format!("{place}.{key}");
            match value {
                Value::String(s) if key == "office" || key == "window" || (key == "name" && referable) => {
                    *s = self.name(s, &here);
                }
                Value::String(s) => *s = self.poison(s, &here),
                Value::Array(items) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        let here = format!("{here}[{i}]");
                        match item {
                            Value::String(s) => *s = self.poison(s, &here),
                            Value::Table(t) => self.table(t, &here),
                            _ => {}
                        }
                    }
                }
                Value::Table(t) => self.table(t, &here),
                _ => {}
            }
        }
    }
}

fn add(table: &mut Table, keys: &[&str]) {
    for key in keys {
        table.entry(key.to_string()).or_insert_with(|| Value::String(format!("{key}内容")));
    }
}

fn arrays<'t>(table: &'t mut Table, key: &str) -> impl Iterator<Item = &'t mut Table> {
    table.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten().filter_map(Value::as_table_mut)
}

fn load(site: &Site, rel: &str) -> Table {
    site.read(rel).parse::<Table>().unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn save(site: &Site, rel: &str, table: &Table) {
    site.write(rel, toml::to_string(table).unwrap());
}

/// A Markdown file with `+++` front matter: poisons the title and the text, and adds raw HTML
/// and a script link to the text.
fn poison_markdown(site: &Site, rel: &str, p: &mut Poisoner) {
    let source = site.read(rel);
    let (front, body) = qingdan::source::split_front_matter(&source);
    let mut front: Table = front.unwrap_or("").parse().unwrap();
    p.table(&mut front, rel);
    let body = format!(
        "{body}\n{}\n\n- {}\n\n[链接](javascript:alert(1)) <a href=\"javascript:alert(1)\">x</a>\n\n<img src=x onerror=alert(1)>\n",
        p.poison("", &format!("{rel} text")),
        p.poison("列表项", &format!("{rel} list item")),
    );
    site.write(rel, format!("+++\n{}+++\n{body}", toml::to_string(&front).unwrap()));
}

/// The starter with the payload everywhere; returns the markers and where they were put.
fn poisoned_site() -> (Site, BTreeMap<String, String>) {
    let site = Site::init("escaping");
    let mut p = Poisoner { count: 0, names: HashMap::new(), markers: BTreeMap::new() };

    let mut config = load(&site, "qingdan.toml");
    add(&mut config, &["publisher", "description"]);
    config.insert("base_url".into(), Value::String(format!("https://qd.example.gov.cn/{PAYLOAD}/")));
    p.table(&mut config, "qingdan.toml");
    save(&site, "qingdan.toml", &config);

    // Bodies first: the office and window names they define are referred to by the list.
    let mut bodies: Vec<String> = std::fs::read_dir(site.path("content/bodies"))
        .unwrap()
        .map(|e| format!("content/bodies/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    bodies.sort();
    for rel in bodies {
        let mut body = load(&site, &rel);
        add(&mut body, BODY_FIELDS);
        if let Some(center) = body.get_mut("service_center").and_then(Value::as_table_mut) {
            add(center, &["address", "phone", "hours"]);
            for w in arrays(center, "windows") {
                add(w, &["phone", "scope"]);
            }
        }
        for o in arrays(&mut body, "offices") {
            add(o, &["duties", "phone"]);
        }
        p.table(&mut body, &rel);
        save(&site, &rel, &body);
    }

    let rel = common::LIST;
    let mut list = load(&site, rel);
    add(&mut list, &["title", "document"]);
    for part in ["basic", "support", "recalled"] {
        for item in arrays(&mut list, part) {
            let kind = Part::ALL.into_iter().find(|p| p.key() == part).expect("a part");
            add(item, &item_fields(kind));
            item.insert(
                "sub_items".into(),
                Value::Array(vec![Value::String("子项一".into()), Value::String("子项二".into())]),
            );
            let mut extra = Table::new();
            extra.insert(format!("其他列{PAYLOAD}"), Value::String("其他内容".into()));
            item.insert("extra".into(), Value::Table(extra));
            if part == "support" {
                add(item, &["department_duty"]);
            }
        }
    }
    p.table(&mut list, rel);
    save(&site, rel, &list);

    let rel = "content/territorial.toml";
    let mut territorial = load(&site, rel);
    add(&mut territorial, &["title", "document"]);
    for m in arrays(&mut territorial, "matter") {
        add(m, &["number", "supporting_duty", "basis", "note"]);
        // A supporting department (a valid code) so that the supporting duty is shown.
        let other = if m
            .get("primary")
            .and_then(|v| v.as_array())
            .is_some_and(|a| a.iter().any(|d| d.as_str() == Some("nongye")))
        {
            "zhujian"
        } else {
            "nongye"
        };
        m.insert("supporting".into(), Value::Array(vec![Value::String(other.into())]));
    }
    p.table(&mut territorial, rel);
    save(&site, rel, &territorial);

    let rel = "content/admission.toml";
    let mut admission = load(&site, rel);
    add(&mut admission, &["title", "document"]);
    for a in arrays(&mut admission, "item") {
        add(a, &["basis", "reason", "staff", "funds", "note"]);
    }
    p.table(&mut admission, rel);
    save(&site, rel, &admission);

    let rel = "content/guidance/zhifa.toml";
    let mut catalog = load(&site, rel);
    add(&mut catalog, &["issuer", "document"]);
    for g in arrays(&mut catalog, "item") {
        add(g, &["number", "note"]);
    }
    p.table(&mut catalog, rel);
    save(&site, rel, &catalog);

    poison_markdown(&site, "content/pages/about.md", &mut p);
    poison_markdown(&site, "content/admission.md", &mut p);

    let diags = site.check();
    assert!(
        diags.is_empty(),
        "the poisoned site is valid:\n{}",
        diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
    );
    (site, p.markers)
}

#[test]
fn markup_in_every_text_field_is_shown_as_text() {
    let (site, markers) = poisoned_site();
    assert!(markers.len() > 100, "the payload went into many fields ({})", markers.len());
    let out = site.tmp.join("out");
    build_ok(&site.root, &out);
    let files = tree(&out);

    let mut problems = Vec::new();
    let mut shown = String::new();
    // Markup matters where a browser parses it: HTML (and SVG/XML). Data downloads (CSV,
    // JSON, XLSX) carry the publisher's text verbatim, as data.
    let parsed_as_markup = |rel: &str| [".html", ".htm", ".xhtml", ".svg", ".xml"].iter().any(|x| rel.ends_with(x));
    let markup: Vec<&String> = files.keys().filter(|r| parsed_as_markup(r)).collect();
    assert!(markup.len() > 10, "the site has pages: {markup:?}");
    for (rel, bytes) in files.iter().filter(|(r, _)| parsed_as_markup(r)) {
        let text = String::from_utf8_lossy(bytes);
        let lower = text.to_ascii_lowercase();
        for live in ["<script>alert", "<img"] {
            if let Some(at) = lower.find(live) {
                let start = text.floor_char_boundary(at.saturating_sub(80));
                let end = text.ceil_char_boundary((at + 80).min(text.len()));
                problems.push(format!("{rel}: `{live}` unescaped: …{}…", &text[start..end]));
            }
        }
        for t in tags(&text) {
            for (name, value) in &t.attrs {
                if name.starts_with("on") || name.contains('"') || name.contains('\'') || name.contains('<') {
                    problems.push(format!("{rel}: <{} …> has an injected attribute `{name}`", t.name));
                }
                if value.trim_start().to_ascii_lowercase().starts_with("javascript:") {
                    problems.push(format!("{rel}: <{} {name}=\"{value}\">", t.name));
                }
                shown.push_str(value);
                shown.push('\n');
            }
            // The theme may load its own script file; any other script is injected.
            let theme_script = t.name == "script"
                && t.attr("src").is_some_and(|s| !s.contains(':') && !s.starts_with("//") && s.ends_with(".js"))
                && t.attrs.iter().all(|(n, _)| matches!(n.as_str(), "src" | "defer" | "async" | "type"));
            if t.name == "script" && !theme_script {
                problems.push(format!("{rel}: <script {:?}>", t.attrs));
            }
            if matches!(t.name.as_str(), "img" | "iframe" | "object" | "embed") {
                problems.push(format!("{rel}: a <{}> element", t.name));
            }
        }
        // The payload is there, as text: every page shows the site title.
        let decoded = text_content(&text);
        if !decoded.contains(PAYLOAD) {
            problems.push(format!("{rel}: the payload is not shown as text"));
        }
        shown.push_str(&decode(&text));
        shown.push('\n');
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));

    // Which poisoned fields appear somewhere in the site (as text or in an attribute).
    let missing: Vec<String> =
        markers.iter().filter(|(m, _)| !shown.contains(m.as_str())).map(|(m, place)| format!("{m} {place}")).collect();
    eprintln!(
        "{} of {} poisoned fields are not shown anywhere:\n  {}",
        missing.len(),
        markers.len(),
        missing.join("\n  ")
    );
    assert!(missing.len() < markers.len() / 2, "most poisoned fields are shown, so the test exercises escaping");
}

//! Model → source TOML text: the inverse of the loader, used by `qingdan import`. What this
//! writes loads back to the same model (a test proves it on tricky text), in the layout
//! `docs/sources.md` shows, so that publishers can read and edit the result.

use crate::model::{Body, Item, ItemList};
use std::fmt::Write;

/// A key, bare where TOML allows (`code`), else quoted (`"部门职责"`).
pub fn key(k: &str) -> String {
    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        k.to_string()
    } else {
        basic_string(k)
    }
}

/// A string value: one line as `"…"`, several lines as `"""…"""`, everything escaped that
/// TOML requires (quotes, backslashes, control characters).
pub fn string(s: &str) -> String {
    if s.contains('\n') {
        multi_line_string(s)
    } else {
        basic_string(s)
    }
}

fn escape_control(out: &mut String, c: char) -> bool {
    match c {
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\r' => out.push_str("\\r"),
        c if (c < '\u{20}' && c != '\t' && c != '\n') || c == '\u{7f}' => {
            let _ = write!(out, "\\u{:04X}", c as u32);
        }
        _ => return false,
    }
    true
}

fn basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if escape_control(&mut out, c) => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `"""` then a newline (which TOML drops), the text, `"""`. A quote is escaped when another
/// follows it or it ends the text, so three never meet and the closing delimiter is unambiguous.
fn multi_line_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str("\"\"\"\n");
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '"' if chars.get(i + 1).is_none_or(|&n| n == '"') => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\t' => out.push(c),
            c if escape_control(&mut out, c) => {}
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

fn field(out: &mut String, k: &str, v: Option<&str>) {
    if let Some(v) = v.filter(|v| !v.is_empty()) {
        let _ = writeln!(out, "{} = {}", key(k), string(v));
    }
}

fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        let line: String = line.chars().filter(|c| !c.is_control()).collect();
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            let _ = writeln!(out, "# {line}");
        }
    }
}

/// A list file: `comments` (each may span lines) go at the top as `#` lines.
pub fn list(list: &ItemList, comments: &[String]) -> String {
    let mut out = String::new();
    for c in comments {
        comment(&mut out, c);
    }
    if !comments.is_empty() {
        out.push('\n');
    }
    field(&mut out, "body", Some(&list.body.value));
    field(&mut out, "title", list.title.as_deref());
    field(&mut out, "document", list.document.as_deref());
    if let Some(d) = list.effective {
        let _ = writeln!(out, "effective = {d}");
    }
    for item in &list.items {
        out.push('\n');
        write_item(&mut out, item);
    }
    out
}

fn write_item(out: &mut String, item: &Item) {
    let part = item.part.key();
    let _ = writeln!(out, "[[{part}]]");
    let opt = |o: &Option<String>| o.clone();
    let loc = |o: &Option<crate::model::Located<String>>| o.as_ref().map(|l| l.value.clone());
    field(out, "code", Some(&item.code.value));
    field(out, "number", item.number.as_deref());
    field(out, "name", Some(&item.name));
    match item.sub_items.as_slice() {
        [] => {}
        subs => {
            let values: Vec<String> = subs.iter().map(|s| string(s)).collect();
            let _ = writeln!(out, "sub_items = [{}]", values.join(", "));
        }
    }
    field(out, "type", item.power_type.as_ref().map(|t| t.raw.as_str()));
    field(out, "origin", item.origin.map(|o| o.name()));
    if item.status != crate::model::Status::Active {
        field(out, "status", Some(item.status.name()));
    }
    let texts: [(&str, Option<String>); 15] = [
        ("department", loc(&item.department)),
        ("office", loc(&item.office)),
        ("window", loc(&item.window)),
        ("guidance", loc(&item.guidance)),
        ("subject", opt(&item.subject)),
        ("level", opt(&item.level)),
        ("basis", Some(item.basis.text.clone())),
        ("duties", opt(&item.duties)),
        ("duty_basis", opt(&item.duty_basis)),
        ("accountability_scope", opt(&item.accountability_scope)),
        ("accountability", opt(&item.accountability)),
        ("supervision_phone", opt(&item.supervision_phone)),
        ("note", opt(&item.note)),
        ("department_duty", opt(&item.department_duty)),
        ("township_duty", opt(&item.township_duty)),
    ];
    for (k, v) in &texts {
        field(out, k, v.as_deref());
    }
    if let Some(d) = item.recalled_on {
        let _ = writeln!(out, "recalled_on = {d}");
    }
    field(out, "recall_document", item.recall_document.as_deref());
    field(out, "after_recall", item.after_recall.as_deref());
    if !item.extra.is_empty() {
        let _ = writeln!(out, "[{part}.extra]");
        for (k, v) in &item.extra {
            let _ = writeln!(out, "{} = {}", key(k), string(v));
        }
    }
}

/// A body file.
pub fn body(body: &Body) -> String {
    let mut out = String::new();
    field(&mut out, "code", Some(&body.code.value));
    field(&mut out, "name", Some(&body.name));
    field(&mut out, "kind", Some(body.kind.name()));
    field(&mut out, "official_code", body.official_code.as_deref());
    field(&mut out, "address", body.address.as_deref());
    field(&mut out, "phone", body.phone.as_deref());
    field(&mut out, "hours", body.hours.as_deref());
    field(&mut out, "website", body.website.as_deref());
    field(&mut out, "supervision_phone", body.supervision_phone.as_deref());
    field(&mut out, "intro", body.intro.as_deref());
    if let Some(sc) = &body.service_center {
        out.push_str("\n[service_center]\n");
        field(&mut out, "name", Some(&sc.name));
        field(&mut out, "address", sc.address.as_deref());
        field(&mut out, "phone", sc.phone.as_deref());
        field(&mut out, "hours", sc.hours.as_deref());
        for w in &sc.windows {
            out.push_str("\n[[service_center.windows]]\n");
            field(&mut out, "name", Some(&w.name.value));
            field(&mut out, "phone", w.phone.as_deref());
            field(&mut out, "scope", w.scope.as_deref());
        }
    }
    for o in &body.offices {
        out.push_str("\n[[offices]]\n");
        field(&mut out, "name", Some(&o.name.value));
        field(&mut out, "duties", o.duties.as_deref());
        field(&mut out, "phone", o.phone.as_deref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(value: &str) -> String {
        let doc = format!("v = {value}\n");
        let table: toml::Table = doc.parse().unwrap_or_else(|e| panic!("{e}\n{doc}"));
        table["v"].as_str().unwrap().to_string()
    }

    #[test]
    fn strings_survive_toml() {
        for s in [
            "plain",
            "引号\"在中间\"",
            "\"",
            "\"\"",
            "\"\"\"",
            "a\"\"\"b",
            "ends with quote\"",
            "back\\slash\\",
            "line\nbreak",
            "\nleading newline",
            "trailing newline\n",
            "tab\there",
            "cr\r\nlf",
            "bell\u{7}nul\u{0}del\u{7f}",
            "multi\n\"\"\"\nquotes\"",
            "line end backslash\\\nnext",
            "【法律】《中华人民共和国土地管理法》第六十二条\n\t第四款：“引号”",
        ] {
            assert_eq!(parse(&string(s)), s, "{s:?} → {}", string(s));
        }
    }

    #[test]
    fn keys_are_quoted_when_needed() {
        assert_eq!(key("code"), "code");
        assert_eq!(key("部门职责"), "\"部门职责\"");
        assert_eq!(key("a.b"), "\"a.b\"");
        let doc = format!("{} = 1\n{} = 2\n", key("追责对象 范围"), key("say \"x\""));
        let table: toml::Table = doc.parse().unwrap();
        assert!(table.contains_key("追责对象 范围") && table.contains_key("say \"x\""));
    }
}

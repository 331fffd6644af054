//! Model → source TOML text: the inverse of the loader, used by `qingdan import`. What this
//! writes loads back to the same model (a test proves it on tricky text), in the layout
//! `docs/sources.md` shows, so that publishers can read and edit the result.

use crate::model::{Body, Field, Item, ItemList, Kind, Status};
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

/// One item: `code` first, then every other field that has a value in `Field::ALL` order,
/// each written as the loader reads it back (see `model::field`).
fn write_item(out: &mut String, item: &Item) {
    let part = item.part.key();
    let _ = writeln!(out, "[[{part}]]");
    field(out, "code", Some(&item.code.value));
    let mut nested = false;
    for &f in Field::ALL {
        let key = f.key();
        match (f, f.spec().kind) {
            (Field::Part | Field::Code, _) => {}
            (Field::Status, _) if item.status == Status::Active => {}
            (Field::Department, _) => match item.departments.as_slice() {
                [] => {}
                [one] => {
                    field(out, key, Some(&one.department.value));
                    field(out, Field::DepartmentDuty.key(), one.duty.as_deref());
                }
                _ if item.departments.iter().all(|r| r.duty.is_none()) => {
                    let codes: Vec<String> = item.departments.iter().map(|r| string(&r.department.value)).collect();
                    let _ = writeln!(out, "{key} = [{}]", codes.join(", "));
                }
                _ => nested = true,
            },
            (Field::DepartmentDuty, _) => {}
            (_, Kind::Lines) => {
                let values: Vec<String> = item.sub_items.iter().map(|s| string(s)).collect();
                if !values.is_empty() {
                    let _ = writeln!(out, "{key} = [{}]", values.join(", "));
                }
            }
            (_, Kind::Date) => {
                if let Some(d) = item.recalled_on.filter(|_| f == Field::RecalledOn) {
                    let _ = writeln!(out, "{key} = {d}");
                }
            }
            _ => field(out, key, Some(&item.text(f))),
        }
    }
    if !item.extra.is_empty() {
        let _ = writeln!(out, "[{part}.extra]");
        for (k, v) in &item.extra {
            let _ = writeln!(out, "{} = {}", key(k), string(v));
        }
    }
    if nested {
        for r in &item.departments {
            let _ = writeln!(out, "\n[[{part}.departments]]");
            field(out, "department", Some(&r.department.value));
            field(out, "duty", r.duty.as_deref());
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

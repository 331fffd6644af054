//! Model → source TOML text: the inverse of the loader, used by `qingdan import`. What this
//! writes loads back to the same model (a test proves it on tricky text), in the layout
//! `docs/sources.md` shows, so that publishers can read and edit the result.

use crate::model::{
    AdmissionList, Body, Catalog, Date, Field, Guide, Item, ItemList, Kind, Located, Status, TerritorialList,
};
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
    field(&mut out, "notes", list.notes.as_deref());
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
            (_, Kind::Guide) => {}
            (_, Kind::Lines) => {
                let list = if f == Field::Events { &item.events } else { &item.sub_items };
                let values: Vec<String> = list.iter().map(|s| string(s)).collect();
                if !values.is_empty() {
                    let _ = writeln!(out, "{key} = [{}]", values.join(", "));
                }
            }
            (_, Kind::Date) => {
                if let Some(d) = item.recalled_on.filter(|_| f == Field::RecalledOn) {
                    let _ = writeln!(out, "{key} = {d}");
                }
            }
            _ => field(out, key, Some(&item.own_text(f))),
        }
    }
    if !item.extra.is_empty() {
        let _ = writeln!(out, "[{part}.extra]");
        for (k, v) in &item.extra {
            let _ = writeln!(out, "{} = {}", key(k), string(v));
        }
    }
    if let Some(g) = &item.guide {
        write_guide(out, part, g);
    }
    if nested {
        for r in &item.departments {
            let _ = writeln!(out, "\n[[{part}.departments]]");
            field(out, "department", Some(&r.department.value));
            field(out, "duty", r.duty.as_deref());
        }
    }
    for s in &item.sub_item_fields {
        let _ = writeln!(out, "\n[[{part}.sub_item_fields]]");
        field(out, "name", Some(&s.name));
        for (f, v) in &s.fields {
            field(out, f.key(), Some(v));
        }
    }
}

/// `[<part>.guide]` and its materials, steps and questions, as `source::guide` reads them.
fn write_guide(out: &mut String, part: &str, g: &Guide) {
    let _ = writeln!(out, "\n[{part}.guide]");
    field(out, "service_code", g.service_code.as_deref());
    field(out, "conditions", g.conditions.as_deref());
    field(out, "legal_limit", g.legal_limit.as_deref());
    field(out, "promised_limit", g.promised_limit.as_deref());
    if let Some(fee) = g.fee {
        let _ = writeln!(out, "fee = {fee}");
    }
    field(out, "fee_standard", g.fee_standard.as_deref());
    field(out, "fee_basis", g.fee_basis.as_deref());
    if let Some(v) = g.visits {
        let _ = writeln!(out, "visits = {v}");
    }
    field(out, "result", g.result.as_deref());
    field(out, "online", g.online.as_ref().map(|v| v.value.as_str()));
    field(out, "mobile", g.mobile.as_ref().map(|v| v.value.as_str()));
    for m in &g.materials {
        let _ = writeln!(out, "\n[[{part}.guide.materials]]");
        field(out, "name", Some(&m.name));
        field(out, "form", m.form.as_deref());
        if let Some(c) = m.copies {
            let _ = writeln!(out, "copies = {c}");
        }
        field(out, "blank", m.blank.as_ref().map(|v| v.value.as_str()));
        field(out, "sample", m.sample.as_ref().map(|v| v.value.as_str()));
    }
    for s in &g.steps {
        let _ = writeln!(out, "\n[[{part}.guide.steps]]");
        field(out, "name", Some(&s.name));
        field(out, "limit", s.limit.as_deref());
    }
    for q in &g.questions {
        let _ = writeln!(out, "\n[[{part}.guide.questions]]");
        field(out, "question", Some(&q.question));
        field(out, "answer", Some(&q.answer));
    }
}

fn header_comments(out: &mut String, comments: &[String]) {
    for c in comments {
        comment(out, c);
    }
    if !comments.is_empty() {
        out.push('\n');
    }
}

fn codes(out: &mut String, k: &str, values: &[Located<String>]) {
    if !values.is_empty() {
        let list: Vec<String> = values.iter().map(|v| string(&v.value)).collect();
        let _ = writeln!(out, "{} = [{}]", key(k), list.join(", "));
    }
}

fn date(out: &mut String, k: &str, d: Option<Date>) {
    if let Some(d) = d {
        let _ = writeln!(out, "{} = {d}", key(k));
    }
}

/// `content/territorial.toml`.
pub fn territorial(list: &TerritorialList, comments: &[String]) -> String {
    let mut out = String::new();
    header_comments(&mut out, comments);
    field(&mut out, "title", Some(&list.title));
    field(&mut out, "document", list.document.as_deref());
    date(&mut out, "effective", list.effective);
    field(&mut out, "notes", list.notes.as_deref());
    for m in &list.matters {
        out.push_str("\n[[matter]]\n");
        field(&mut out, "code", Some(&m.code.value));
        field(&mut out, "number", m.number.as_deref());
        field(&mut out, "domain", Some(&m.domain));
        field(&mut out, "name", Some(&m.name));
        codes(&mut out, "primary", &m.primary);
        field(&mut out, "primary_duty", Some(&m.primary_duty));
        field(&mut out, "township_duty", Some(&m.township_duty));
        codes(&mut out, "supporting", &m.supporting);
        field(&mut out, "supporting_duty", m.supporting_duty.as_deref());
        field(&mut out, "basis", Some(&m.basis.text));
        field(&mut out, "note", m.note.as_deref());
    }
    out
}

/// `content/admission.toml` (the procedure is `admission.md`, written by hand).
pub fn admission(list: &AdmissionList, comments: &[String]) -> String {
    let mut out = String::new();
    header_comments(&mut out, comments);
    field(&mut out, "title", Some(&list.title));
    field(&mut out, "document", list.document.as_deref());
    field(&mut out, "notes", list.notes.as_deref());
    for a in &list.items {
        out.push_str("\n[[item]]\n");
        field(&mut out, "code", Some(&a.code.value));
        field(&mut out, "department", Some(&a.department.value));
        field(&mut out, "title", Some(&a.title));
        field(&mut out, "content", Some(&a.content));
        field(&mut out, "category", Some(a.category.name()));
        field(&mut out, "basis", a.basis.as_deref());
        field(&mut out, "reason", a.reason.as_deref());
        let townships: Vec<String> = a.townships.iter().map(|t| string(&t.value)).collect();
        let _ = writeln!(out, "townships = [{}]", townships.join(", "));
        date(&mut out, "period_from", a.period_from);
        date(&mut out, "period_to", a.period_to);
        if a.long_term {
            out.push_str("long_term = true\n");
        }
        field(&mut out, "staff", a.staff.as_deref());
        field(&mut out, "funds", a.funds.as_deref());
        field(&mut out, "approved_by", Some(&a.approved_by));
        field(&mut out, "document", Some(&a.document));
        date(&mut out, "approved_on", Some(a.approved_on));
        field(&mut out, "status", Some(a.status.name()));
        field(&mut out, "note", a.note.as_deref());
    }
    out
}

/// `content/guidance/<id>.toml` (the id is the file's name).
pub fn catalog(catalog: &Catalog, comments: &[String]) -> String {
    let mut out = String::new();
    header_comments(&mut out, comments);
    field(&mut out, "title", Some(&catalog.title));
    field(&mut out, "issuer", catalog.issuer.as_deref());
    field(&mut out, "document", catalog.document.as_deref());
    date(&mut out, "date", catalog.date);
    field(&mut out, "notes", catalog.notes.as_deref());
    for g in &catalog.items {
        out.push_str("\n[[item]]\n");
        field(&mut out, "id", Some(&g.id.value));
        field(&mut out, "number", g.number.as_deref());
        field(&mut out, "name", Some(&g.name));
        field(&mut out, "type", Some(&g.power_type.raw));
        field(&mut out, "department", g.department.as_ref().map(|d| d.value.as_str()));
        field(&mut out, "note", g.note.as_deref());
    }
    out
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

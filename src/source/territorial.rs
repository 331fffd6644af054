use super::table::{FileCx, Table};
use crate::model::{Basis, Matter, TerritorialList};
use std::path::Path;

pub fn read(cx: &mut FileCx, t: &mut Table, _path: &Path) -> Option<TerritorialList> {
    let title = t.req_text(cx, "title");
    let document = t.text(cx, "document").map(|v| v.value);
    let effective = t.date(cx, "effective");
    let notes = t.text(cx, "notes").map(|v| v.value);
    let matters = t
        .tables(cx, "matter")
        .into_iter()
        .filter_map(|mut m| {
            let matter = read_matter(cx, &mut m);
            m.finish(cx);
            matter
        })
        .collect();
    Some(TerritorialList { title: title?.value, document, effective, notes, matters })
}

fn read_matter(cx: &mut FileCx, t: &mut Table) -> Option<Matter> {
    let code = t.req_text(cx, "code");
    let domain = t.req_text(cx, "domain");
    let name = t.req_text(cx, "name");
    let primary = t.texts(cx, "primary");
    if primary.is_empty() {
        let span = t.span(cx);
        cx.error_at(span, format!("{}缺少主体责任部门 `primary`", t.what())).hint =
            Some("写成 primary = [\"部门代码\"]，至少一个部门".into());
    }
    let primary_duty = t.req_text(cx, "primary_duty");
    let township_duty = t.req_text(cx, "township_duty");
    Some(Matter {
        number: t.text_or_number(cx, "number"),
        supporting: t.texts(cx, "supporting"),
        supporting_duty: t.text(cx, "supporting_duty").map(|v| v.value),
        basis: t.text(cx, "basis").map(|b| Basis::parse(&b.value)).unwrap_or_default(),
        note: t.text(cx, "note").map(|v| v.value),
        span: t.span(cx),
        code: code?,
        domain: domain?.value,
        name: name?.value,
        primary,
        primary_duty: primary_duty?.value,
        township_duty: township_duty?.value,
    })
}

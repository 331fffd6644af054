use super::table::{FileCx, Table};
use crate::model::{Admission, AdmissionCategory, AdmissionList, AdmissionStatus};
use std::path::Path;

pub fn read(cx: &mut FileCx, t: &mut Table, _path: &Path) -> Option<AdmissionList> {
    let title = t.req_text(cx, "title");
    let document = t.text(cx, "document").map(|v| v.value);
    let notes = t.text(cx, "notes").map(|v| v.value);
    let items = t
        .tables(cx, "item")
        .into_iter()
        .filter_map(|mut a| {
            let item = read_admission(cx, &mut a);
            a.finish(cx);
            item
        })
        .collect();
    Some(AdmissionList { title: title?.value, document, notes, items, procedure: None })
}

fn read_admission(cx: &mut FileCx, t: &mut Table) -> Option<Admission> {
    let code = t.req_text(cx, "code");
    let department = t.req_text(cx, "department");
    let title = t.req_text(cx, "title");
    let content = t.req_text(cx, "content");
    let category = t.req_choice(cx, "category", AdmissionCategory::NAMES);
    let period_to = t.date(cx, "period_to");
    let long_term = t.bool(cx, "long_term").unwrap_or(false);
    if period_to.is_none() && !long_term {
        let span = t.span(cx);
        cx.error_at(span, format!("{}没有写明期限", t.what())).hint =
            Some("写 period_to = 2026-12-31，或长期事项写 long_term = true".into());
    }
    let approved_by = t.req_text(cx, "approved_by");
    let document = t.req_text(cx, "document");
    let approved_on = t.req_date(cx, "approved_on");
    let status = t.req_choice(cx, "status", AdmissionStatus::NAMES);
    Some(Admission {
        basis: t.text(cx, "basis").map(|v| v.value),
        reason: t.text(cx, "reason").map(|v| v.value),
        townships: t.texts(cx, "townships"),
        period_from: t.date(cx, "period_from"),
        staff: t.text(cx, "staff").map(|v| v.value),
        funds: t.text(cx, "funds").map(|v| v.value),
        note: t.text(cx, "note").map(|v| v.value),
        span: t.span(cx),
        code: code?,
        department: department?,
        title: title?.value,
        content: content?.value,
        category: category?,
        period_to,
        long_term,
        approved_by: approved_by?.value,
        document: document?.value,
        approved_on: approved_on?,
        status: status?,
    })
}

use super::table::{FileCx, Table};
use crate::model::{Basis, Item, ItemList, Located, Origin, Part, PowerType, Status};
use std::path::Path;

pub fn read(cx: &mut FileCx, t: &mut Table, path: &Path) -> Option<ItemList> {
    let body = t.req_text(cx, "body");
    let title = t.text(cx, "title").map(|v| v.value);
    let document = t.text(cx, "document").map(|v| v.value);
    let effective = t.date(cx, "effective");
    let mut items = Vec::new();
    for part in Part::ALL {
        for mut table in t.tables(cx, part.key()) {
            if let Some(item) = read_item(cx, &mut table, part) {
                items.push(item);
            }
            table.finish(cx);
        }
    }
    let list = ItemList { body: body?, title, document, effective, items, span: t.span(cx) };
    super::check_file_name(cx, path, &list.body);
    Some(list)
}

/// Reads one item. Which fields are required depends on the part; fields that belong to
/// another part are still read (so they are not "unknown") and `check` says they do not apply.
fn read_item(cx: &mut FileCx, t: &mut Table, part: Part) -> Option<Item> {
    let code = t.req_text(cx, "code");
    let name = t.req_text(cx, "name");
    let power_type = match part {
        Part::Support => t.text(cx, "type"),
        _ => t.req_text(cx, "type"),
    }
    .map(|v| Located::new(PowerType::parse(&v.value), v.span));
    let basis = match part {
        Part::Basic => t.req_text(cx, "basis"),
        _ => t.text(cx, "basis"),
    };
    let origin = match part {
        Part::Basic => t.req_choice(cx, "origin", &Origin::NAMES),
        _ => t.choice(cx, "origin", &Origin::NAMES),
    };
    let department = match part {
        Part::Basic => t.text(cx, "department"),
        _ => t.req_text(cx, "department"),
    };
    let (department_duty, township_duty) = match part {
        Part::Support => (t.req_text(cx, "department_duty"), t.req_text(cx, "township_duty")),
        _ => (t.text(cx, "department_duty"), t.text(cx, "township_duty")),
    };
    let item = Item {
        part,
        number: t.text_or_number(cx, "number"),
        sub_items: t.texts(cx, "sub_items").into_iter().map(|v| v.value).collect(),
        power_type,
        basis: basis.map(|b| Basis::parse(&b.value)).unwrap_or_default(),
        subject: t.text(cx, "subject").map(|v| v.value),
        office: t.text(cx, "office"),
        level: t.text(cx, "level").map(|v| v.value),
        duties: t.text(cx, "duties").map(|v| v.value),
        duty_basis: t.text(cx, "duty_basis").map(|v| v.value),
        accountability_scope: t.text(cx, "accountability_scope").map(|v| v.value),
        accountability: t.text(cx, "accountability").map(|v| v.value),
        supervision_phone: t.text(cx, "supervision_phone").map(|v| v.value),
        note: t.text(cx, "note").map(|v| v.value),
        origin,
        department,
        status: t.choice(cx, "status", &Status::NAMES).unwrap_or(Status::Active),
        window: t.text(cx, "window"),
        guidance: t.text(cx, "guidance"),
        department_duty: department_duty.map(|v| v.value),
        township_duty: township_duty.map(|v| v.value),
        recalled_on: t.date(cx, "recalled_on"),
        recall_document: t.text(cx, "recall_document").map(|v| v.value),
        after_recall: t.text(cx, "after_recall").map(|v| v.value),
        extra: t.pairs(cx, "extra"),
        span: t.span(cx),
        code: code?,
        name: name?.value,
    };
    if part == Part::Basic && item.origin.is_none() {
        return None;
    }
    Some(item)
}

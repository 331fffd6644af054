use super::table::{FileCx, Table};
use crate::model::{
    Basis, Choices, Field, Item, ItemList, Kind, Located, Origin, Part, PowerType, Responsible, Status, SubItem,
};
use std::path::Path;

pub fn read(cx: &mut FileCx, t: &mut Table, path: &Path) -> Option<ItemList> {
    let body = t.req_text(cx, "body");
    let title = t.text(cx, "title").map(|v| v.value);
    let document = t.text(cx, "document").map(|v| v.value);
    let effective = t.date(cx, "effective");
    let notes = t.text(cx, "notes").map(|v| v.value);
    let mut items = Vec::new();
    for part in Part::ALL {
        for mut table in t.tables(cx, part.key()) {
            if let Some(item) = read_item(cx, &mut table, part, path) {
                items.push(item);
            }
            table.finish(cx);
        }
    }
    let list = ItemList { body: body?, title, document, effective, notes, items, span: t.span(cx) };
    super::check_file_name(cx, path, &list.body);
    Some(list)
}

/// Reads one item, field by field as `model::field` declares them: what a field holds decides
/// how it is read, and the part decides whether it is required. Fields that belong to another
/// part are still read (so they are not "unknown") and `check` says they do not apply.
fn read_item(cx: &mut FileCx, t: &mut Table, part: Part, path: &Path) -> Option<Item> {
    let code = t.req_text(cx, "code");
    let name = t.req_text(cx, "name");
    let mut item = Item::new(part, Located::default(), String::new());
    for &field in Field::ALL {
        let spec = field.spec();
        let (key, required) = (spec.key, spec.required.has(part));
        match (field, spec.kind) {
            (Field::Part | Field::Code | Field::Name, _) => {}
            (Field::Number, _) => item.number = t.text_or_number(cx, key),
            (Field::Department, _) => item.departments = departments(cx, t, part),
            (Field::DepartmentDuty, _) => {} // read with the departments
            (_, Kind::Lines) => set(&mut item, field, t.texts(cx, key).into_iter().map(|v| v.value).collect()),
            (_, Kind::Date) => item.recalled_on = t.date(cx, key).filter(|_| field == Field::RecalledOn),
            (_, Kind::Choice(Choices::Origin)) => item.origin = t.choice(cx, key, Origin::NAMES),
            (_, Kind::Choice(Choices::Status)) => {
                item.status = t.choice(cx, key, Status::NAMES).unwrap_or(Status::Active)
            }
            (_, Kind::Choice(Choices::Part)) => {}
            (_, Kind::Guide) => {} // the `[<part>.guide]` table, read below
            (_, Kind::PowerType) => {
                item.power_type = text(cx, t, key, required).map(|v| Located::new(PowerType::parse(&v.value), v.span))
            }
            (_, Kind::Basis) => {
                item.basis = text(cx, t, key, required).map(|b| Basis::parse(&b.value)).unwrap_or_default()
            }
            (_, Kind::Line | Kind::Text | Kind::Departments | Kind::DepartmentDuties) => {
                if let Some(v) = text(cx, t, key, required) {
                    item.set_located(field, v);
                }
            }
        }
    }
    item.extra = t.pairs(cx, "extra");
    item.guide = super::guide::read(cx, t, path);
    item.sub_item_fields = sub_item_fields(cx, t, &item.sub_items);
    item.span = t.span(cx);
    item.code = code?;
    item.name = name?.value;
    Some(item)
}

/// `[[<part>.sub_item_fields]]`: one table per sub-item that has values of its own, named by
/// one of the item's `sub_items`.
fn sub_item_fields(cx: &mut FileCx, t: &mut Table, names: &[String]) -> Vec<SubItem> {
    let mut out: Vec<SubItem> = Vec::new();
    for mut table in t.tables(cx, "sub_item_fields") {
        let name = table.req_text(cx, "name");
        let fields: Vec<(Field, String)> = Field::ALL
            .iter()
            .filter(|f| f.per_sub_item())
            .filter_map(|&f| table.text(cx, f.key()).map(|v| (f, v.value)))
            .collect();
        table.finish(cx);
        let Some(name) = name else { continue };
        if !names.contains(&name.value) {
            cx.error_at(name.span, format!("子项“{}”不在本事项的 sub_items 中", name.value)).hint =
                Some("name 须与 sub_items 中的一个子项名称完全相同".into());
        } else if out.iter().any(|s| s.name == name.value) {
            cx.error_at(name.span, format!("子项“{}”写了两次", name.value)).hint =
                Some("同一子项的字段写在一个 [[sub_item_fields]] 中".into());
        } else {
            out.push(SubItem { name: name.value, fields });
        }
    }
    out
}

fn text(cx: &mut FileCx, t: &mut Table, key: &'static str, required: bool) -> Option<Located<String>> {
    if required {
        t.req_text(cx, key)
    } else {
        t.text(cx, key)
    }
}

fn set(item: &mut Item, field: Field, values: Vec<String>) {
    match field {
        Field::SubItems => item.sub_items = values,
        Field::Events => item.events = values,
        _ => {}
    }
}

/// The departments an item names, in either form: `department = "code"` (or a list of codes)
/// with `department_duty`, or one `[[<part>.departments]]` table per department with its own
/// `duty` — the form of a 配合 item whose departments each have their duty.
fn departments(cx: &mut FileCx, t: &mut Table, part: Part) -> Vec<Responsible> {
    let codes = t.texts(cx, "department");
    let duty = t.text(cx, "department_duty");
    let mut out: Vec<Responsible> = Vec::new();
    for mut table in t.tables(cx, "departments") {
        let department = table.req_text(cx, "department");
        let duty = table.text(cx, "duty").map(|v| v.value);
        table.finish(cx);
        if let Some(department) = department {
            out.push(Responsible { department, duty });
        }
    }
    if !out.is_empty() && !codes.is_empty() {
        let span = codes[0].span;
        cx.error_at(span, "同一事项不能同时写 department 和 [[departments]]").hint =
            Some("多个部门各有职责时只用 [[departments]]（每个部门写 department 和 duty），否则只用 department".into());
    }
    if out.is_empty() {
        let single = codes.len() == 1;
        out = codes
            .into_iter()
            .map(|department| Responsible {
                department,
                duty: duty.as_ref().filter(|_| single).map(|d| d.value.clone()),
            })
            .collect();
        if let (false, Some(d)) = (single || out.is_empty(), &duty) {
            cx.error_at(d.span, "有多个部门时，department_duty 分不清是哪个部门的职责").hint =
                Some("改用 [[departments]]，每个部门一项：department = \"部门代码\"，duty = \"该部门的职责\"".into());
        } else if let (true, Some(d)) = (out.is_empty(), &duty) {
            cx.error_at(d.span, "写了 department_duty，但没有写是哪个部门").hint =
                Some("添加 department = \"部门代码\"".into());
        }
    }
    if out.is_empty() && crate::model::Field::Department.spec().required.has(part) {
        let what = t.what().to_string();
        let span = t.span(cx);
        cx.error_at(span, format!("{what}缺少必填字段 `department`（{}）", Field::Department.spec().label_in(part)))
            .hint = Some("写 department = \"部门代码\"，或用 [[departments]] 列出多个部门".into());
    }
    out
}

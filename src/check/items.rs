use super::{body_ref, unique, Cx};
use crate::diag::{closest, Diagnostic};
use crate::model::{Body, BodyKind, Field, Item, ItemList, Located, Part, PowerType};
use std::collections::HashMap;

const DEPARTMENT: &[BodyKind] = &[BodyKind::Department];

pub(super) fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let index = cx.index;
    for list in &index.site.lists {
        let Some(body) = index.body(&list.body) else {
            if cx.broken.contains(&list.body.value) {
                continue;
            }
            out.push(
                Diagnostic::at(list.body.span, format!("清单所属主体 `{}` 不存在", list.body.value))
                    .hint(format!("先添加 content/bodies/{}.toml", list.body.value)),
            );
            continue;
        };
        check_list(cx, body, list, out);
    }
}

fn check_list(cx: &Cx, body: &Body, list: &ItemList, out: &mut Vec<Diagnostic>) {
    unique(out, "事项编码", list.items.iter().map(|i| &i.code));
    super::names::case_collisions(out, "事项编码", list.items.iter().map(|i| &i.code));
    let mut guidance_seen: HashMap<&str, &Located<String>> = HashMap::new();
    for item in &list.items {
        check_code(item, out);
        if let Some(t) = &item.power_type {
            check_power_type(t, out);
        }
        check_references(cx, body, item, out);
        check_part_fields(item, out);
        super::guide::check(item, out);
        if let Some(g) = &item.guidance {
            if guidance_seen.insert(g.value.as_str(), g).is_some() {
                out.push(
                    Diagnostic::at(g.span, format!("指导目录事项 `{}` 在本清单中被引用了两次", g.value))
                        .hint("一个指导目录事项在一个主体的清单中只能对应一项；承接情况由此推算"),
                );
            }
        }
    }
}

/// Item codes become file names in links: keep them to characters safe in every URL.
fn check_code(item: &Item, out: &mut Vec<Diagnostic>) {
    let code = &item.code.value;
    if code == "index" {
        out.push(
            Diagnostic::at(item.code.span, "事项编码不能是 `index`：它是主体页面的文件名")
                .hint("换一个编码，如加上主体和类型前缀 TX-QT-001"),
        );
    } else if !code.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) || code.starts_with('.') {
        out.push(
            Diagnostic::at(item.code.span, format!("事项编码 `{code}` 含有不能用于网址的字符"))
                .hint("事项编码只能包含字母、数字和 - _ .，如 TX-XK-001"),
        );
    } else {
        super::names::portable(out, "事项编码", &item.code, "TX-XK-001");
    }
}

pub(super) fn check_power_type(t: &Located<PowerType>, out: &mut Vec<Diagnostic>) {
    if t.official.is_some() {
        return;
    }
    if t.is_local() {
        out.push(
            Diagnostic::warning(
                crate::diag::Location::Span(t.span),
                format!("“{}”不是官方权力类型，按原文保留", t.raw.trim()),
            )
            .hint("如能确定对应的官方类型，请改为官方类型，便于统计和比较"),
        );
    } else {
        let closest = t.closest_official();
        out.push(Diagnostic::at(t.span, format!("未知的权力类型“{}”", t.raw)).label("不是官方权力类型").hint(format!(
            "是否应为“{}”？官方类型：{}",
            closest.name(),
            official_names()
        )));
    }
}

fn official_names() -> String {
    crate::model::OfficialType::ALL.map(|t| t.name()).join("、")
}

fn check_references(cx: &Cx, body: &Body, item: &Item, out: &mut Vec<Diagnostic>) {
    let index = cx.index;
    if let Some(office) = &item.office {
        if body.office(&office.value).is_none() {
            let names: Vec<&str> = body.offices.iter().map(|o| o.name.value.as_str()).collect();
            out.push(Diagnostic::at(office.span, format!("{}没有名为“{}”的内设机构", body.name, office.value)).hint(
                match closest(&office.value, names.iter().copied()) {
                    Some(n) => format!("是否应为“{n}”？"),
                    None => format!("在 content/bodies/{}.toml 的 [[offices]] 中添加该机构", body.code.value),
                },
            ));
        }
    }
    if let Some(window) = &item.window {
        if body.window(&window.value).is_none() {
            let names: Vec<&str> =
                body.service_center.iter().flat_map(|sc| sc.windows.iter().map(|w| w.name.value.as_str())).collect();
            out.push(Diagnostic::at(window.span, format!("{}的便民服务中心没有“{}”", body.name, window.value)).hint(
                match closest(&window.value, names.iter().copied()) {
                    Some(n) => format!("是否应为“{n}”？"),
                    None => {
                        format!("在 content/bodies/{}.toml 的 [[service_center.windows]] 中添加该窗口", body.code.value)
                    }
                },
            ));
        }
    }
    for r in &item.departments {
        body_ref(cx, out, &r.department, DEPARTMENT, "县直部门");
    }
    if let (None, Some(origin)) = (item.department(), item.origin) {
        if item.part == Part::Basic && origin.needs_department() {
            out.push(
                Diagnostic::at(item.code.span, format!("{}事项“{}”没有写来源部门", origin.name(), item.name))
                    .hint("添加 department = \"部门代码\"，写明由哪个县直部门下放、委托或延伸"),
            );
        }
    }
    super::duties::check_item(cx, body, item, out);
    if let Some(g) = &item.guidance {
        if index.guidance(&g.value).is_none() {
            let ids = index.site.catalogs.iter().flat_map(|c| c.items.iter().map(|i| i.id.value.as_str()));
            out.push(Diagnostic::at(g.span, format!("找不到指导目录事项 `{}`", g.value)).hint(
                match closest(&g.value, ids) {
                    Some(id) => format!("是否应为 `{id}`？"),
                    None => "指导目录事项编号见 content/guidance/ 中的 id".to_string(),
                },
            ));
        }
    }
}

/// Fields written in a part they do not belong to (as `model::field` declares) are probably in
/// the wrong table.
fn check_part_fields(item: &Item, out: &mut Vec<Diagnostic>) {
    for &f in Field::ALL {
        let spec = f.spec();
        if !spec.parts.has(item.part) && f.is_set(item) {
            out.push(
                Diagnostic::warning(
                    crate::diag::Location::Span(item.span),
                    format!("{}中的“{}”不适用字段 `{}`（{}）", item.part.name(), item.name, spec.key, spec.label),
                )
                .hint(format!(
                    "该字段只用于{}；检查该事项是否放在了正确的部分（[[basic]]、[[support]] 或 [[recalled]]）",
                    spec.parts.names()
                )),
            );
        }
    }
}

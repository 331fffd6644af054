//! How a township's items agree with the county's other lists: a 配合 item that is a
//! 属地管理 matter names the departments that list makes primary, and a duty a department
//! handed down after the lists took effect came through the 准入 list ("清单之外无事项").

use super::{body_ref, Cx};
use crate::derive::Assignment;
use crate::diag::{Diagnostic, Location};
use crate::model::{normalize_name, Body, BodyKind, Item, Matter, Part};
use std::collections::BTreeSet;

pub(super) fn check_item(cx: &Cx, body: &Body, item: &Item, out: &mut Vec<Diagnostic>) {
    if item.part == Part::Support {
        check_territorial(cx, item, out);
    }
    if item.part == Part::Basic {
        check_admission(cx, body, item, out);
    }
}

/// The 属地管理 matter a 配合 item is: the one it names, else one with the same name.
fn matter_of<'s>(cx: &Cx<'_, 's>, item: &Item, out: &mut Vec<Diagnostic>) -> Option<&'s Matter> {
    let index = cx.index;
    if let Some(code) = &item.territorial {
        let found = index.matter(&code.value);
        if found.is_none() {
            let codes = index.site.territorial.iter().flat_map(|t| t.matters.iter().map(|m| m.code.value.as_str()));
            out.push(Diagnostic::at(code.span, format!("找不到属地管理事项 `{}`", code.value)).hint(
                match crate::diag::closest(&code.value, codes) {
                    Some(c) => format!("是否应为 `{c}`？"),
                    None => "属地管理事项编码见 content/territorial.toml 中的 code".to_string(),
                },
            ));
        }
        return found;
    }
    let name = normalize_name(&item.name);
    index.site.territorial.iter().flat_map(|t| &t.matters).find(|m| normalize_name(&m.name) == name)
}

/// The departments of a 配合 item that is a 属地管理 matter must be that matter's primary
/// departments, plus only its supporting ones: the two lists must not disagree on who is
/// responsible.
fn check_territorial(cx: &Cx, item: &Item, out: &mut Vec<Diagnostic>) {
    let Some(matter) = matter_of(cx, item, out) else { return };
    // A department that does not exist is reported where it is named; comparing would only
    // say the same again.
    if item.departments.is_empty() || item.departments.iter().any(|r| cx.index.body(&r.department.value).is_none()) {
        return;
    }
    let named: BTreeSet<&str> = item.departments.iter().map(|r| r.department.value.as_str()).collect();
    let primary: BTreeSet<&str> = matter.primary.iter().map(|d| d.value.as_str()).collect();
    let supporting: BTreeSet<&str> = matter.supporting.iter().map(|d| d.value.as_str()).collect();
    let missing: Vec<&str> = primary.difference(&named).copied().collect();
    let foreign: Vec<&str> =
        named.iter().filter(|d| !primary.contains(*d) && !supporting.contains(*d)).copied().collect();
    if missing.is_empty() && foreign.is_empty() {
        return;
    }
    let names = |codes: &[&str]| codes.iter().map(|c| describe(cx, c)).collect::<Vec<_>>().join("、");
    let at = item.department().map(|d| d.span).unwrap_or(item.code.span);
    let how = if item.territorial.is_some() { "" } else { "（按事项名称对应）" };
    let mut message =
        format!("配合事项“{}”与属地管理事项 `{}`{how}的主体责任部门不一致：", item.name, matter.code.value);
    if !missing.is_empty() {
        message.push_str(&format!("缺少{}", names(&missing)));
    }
    if !foreign.is_empty() {
        if !missing.is_empty() {
            message.push('；');
        }
        message.push_str(&format!("{}不是该事项的主体责任或配合部门", names(&foreign)));
    }
    let primary_list: Vec<&str> = matter.primary.iter().map(|d| d.value.as_str()).collect();
    out.push(Diagnostic::at(at, message).hint(format!(
        "属地管理清单（content/territorial.toml）写明主体责任部门为{}；两份清单须一致，请改正其中一份{}",
        names(&primary_list),
        if item.territorial.is_none() {
            format!("，并写上 territorial = \"{}\"", matter.code.value)
        } else {
            String::new()
        }
    )));
}

fn describe(cx: &Cx, code: &str) -> String {
    match cx.index.body(code) {
        Some(b) => format!("{}（`{code}`）", b.name),
        None => format!("`{code}`"),
    }
}

/// A duty handed down by a department (`assigned_by`) needs an admitted 准入 item of that
/// department that covers this township; otherwise it is outside the lists. The rule is
/// `derive::Assignment`, which the 准入 page shares.
fn check_admission(cx: &Cx, body: &Body, item: &Item, out: &mut Vec<Diagnostic>) {
    let index = cx.index;
    if let Some(d) = &item.assigned_by {
        body_ref(cx, out, d, &[BodyKind::Department], "县直部门");
    }
    let Some(by) = &item.assigned_by else {
        if let Some(code) = &item.admission {
            if index.admission(&code.value).is_none() {
                out.push(unknown_admission(cx, code));
            }
        }
        return;
    };
    let warn = |message: String, hint: &str| {
        Diagnostic::warning(Location::Span(item.admission.as_ref().map(|a| a.span).unwrap_or(by.span)), message)
            .hint(hint.to_string())
    };
    let code = item.admission.as_ref().map(|c| c.value.as_str()).unwrap_or_default();
    let problem = match Assignment::of(index, &body.code.value, item) {
        Assignment::NotAssigned | Assignment::Admitted(_) => return,
        Assignment::Missing => {
            out.push(warn(
                format!("“{}”由{}交办，但没有对应的准入事项（清单之外无事项）", item.name, describe(cx, &by.value)),
                "县直部门向乡镇（街道）交办职责须经准入：在 content/admission.toml 中登记准入事项，并在本事项写 admission = \"准入事项编码\"",
            ));
            return;
        }
        Assignment::Unknown(code) => {
            out.push(unknown_admission(cx, code));
            return;
        }
        Assignment::OtherDepartment(admission) => format!(
            "准入事项 `{code}` 是{}申请的，不是{}",
            describe(cx, &admission.department.value),
            describe(cx, &by.value)
        ),
        Assignment::Exited(_) => format!("准入事项 `{code}` 已退出，不能再据此交办"),
        Assignment::NotConcerned(_) => format!("准入事项 `{code}` 不涉及{}", body.name),
    };
    out.push(warn(
        format!("“{}”的交办没有有效的准入依据：{problem}（清单之外无事项）", item.name),
        "核对 admission 是否写错；准入已退出或不涉及本乡镇（街道）的，该事项应从清单中删除或重新申请准入",
    ));
}

fn unknown_admission(cx: &Cx, code: &crate::model::Located<String>) -> Diagnostic {
    let codes = cx.index.site.admission.iter().flat_map(|a| a.items.iter().map(|i| i.code.value.as_str()));
    Diagnostic::at(code.span, format!("找不到准入事项 `{}`", code.value)).hint(
        match crate::diag::closest(&code.value, codes) {
            Some(c) => format!("是否应为 `{c}`？"),
            None => "准入事项编码见 content/admission.toml 中的 code".to_string(),
        },
    )
}

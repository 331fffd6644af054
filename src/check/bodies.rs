use super::{unique, Cx};
use crate::diag::{Diagnostic, Location};
use crate::model::BodyKind;

/// Paths the site uses at its root; a body code must not take one of them.
/// Paths the site uses at its root, and names of county-wide data files (`data/<code>.csv`
/// sits beside `data/all-items.csv`); a body code must not take one of them.
pub const RESERVED: [&str; 21] = [
    "static",
    "data",
    "pages",
    "search",
    "releases",
    "territorial",
    "admission",
    "guidance",
    "departments",
    "townships",
    "feeds",
    "items",
    "index",
    "all-items",
    "bodies",
    "datapackage",
    "schema",
    "404",
    "compare",
    "changes",
    "current",
];

pub(super) fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let index = cx.index;
    let site = index.site;
    unique(out, "主体代码", site.bodies.iter().map(|b| &b.code));
    for b in &site.bodies {
        let code = &b.code.value;
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            out.push(
                Diagnostic::at(b.code.span, format!("主体代码 `{code}` 只能包含小写字母、数字和 -"))
                    .hint("代码用于网址，建议用名称的拼音，如 tangxi"),
            );
        } else if RESERVED.contains(&code.as_str()) || code.starts_with("guidance-") {
            out.push(
                Diagnostic::at(b.code.span, format!("主体代码 `{code}` 是网站保留的路径"))
                    .hint("换一个代码，如加上后缀 -zhen"),
            );
        } else {
            super::names::portable(out, "主体代码", &b.code, "tangxi");
        }
        unique(out, "内设机构名称", b.offices.iter().map(|o| &o.name));
        if let Some(sc) = &b.service_center {
            unique(out, "窗口名称", sc.windows.iter().map(|w| &w.name));
        }
    }

    let jurisdiction = &site.config.jurisdiction;
    let at = Location::Span(jurisdiction.span);
    match index.body(jurisdiction) {
        Some(b) if b.kind == BodyKind::County => {}
        Some(b) => out.push(Diagnostic::error(at, format!("`jurisdiction` 指向的 `{}` 不是县级主体", b.code.value))),
        None if !jurisdiction.is_empty() && !cx.broken.contains(&jurisdiction.value) => out.push(
            Diagnostic::error(at, format!("`jurisdiction` 指向的主体 `{}` 不存在", jurisdiction.value))
                .hint("在 content/bodies/ 中添加该县的主体文件（kind = \"县\"）"),
        ),
        None => {}
    }
}

use super::unique;
use crate::derive::Index;
use crate::diag::{Diagnostic, Location};
use crate::model::BodyKind;
use std::path::PathBuf;

/// Paths the site uses at its root; a body code must not take one of them.
pub const RESERVED: [&str; 13] = [
    "static", "data", "pages", "search", "releases", "territorial", "admission", "guidance", "departments",
    "townships", "feeds", "items", "index",
];

pub fn check(index: &Index, out: &mut Vec<Diagnostic>) {
    let site = index.site;
    unique(out, "主体代码", site.bodies.iter().map(|b| &b.code));
    for b in &site.bodies {
        let code = &b.code.value;
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            out.push(
                Diagnostic::at(b.code.span, format!("主体代码 `{code}` 只能包含小写字母、数字和 -"))
                    .hint("代码用于网址，建议用名称的拼音，如 tangxi"),
            );
        } else if RESERVED.contains(&code.as_str()) {
            out.push(Diagnostic::at(b.code.span, format!("主体代码 `{code}` 是网站保留的路径")).hint("换一个代码，如加上后缀 -zhen"));
        }
        unique(out, "内设机构名称", b.offices.iter().map(|o| &o.name));
        if let Some(sc) = &b.service_center {
            unique(out, "窗口名称", sc.windows.iter().map(|w| &w.name));
        }
    }

    let config = &site.config;
    let config_path = Location::File(PathBuf::from(crate::source::CONFIG_FILE));
    match index.body(&config.jurisdiction) {
        Some(b) if b.kind == BodyKind::County => {}
        Some(b) => out.push(Diagnostic::error(config_path, format!("`jurisdiction` 指向的 `{}` 不是县级主体", b.code.value))),
        None if !config.jurisdiction.is_empty() => out.push(
            Diagnostic::error(config_path, format!("`jurisdiction` 指向的主体 `{}` 不存在", config.jurisdiction))
                .hint("在 content/bodies/ 中添加该县的主体文件（kind = \"县\"）"),
        ),
        None => {}
    }
}

use super::{body_ref, items::check_power_type, unique, Cx};
use crate::diag::Diagnostic;
use crate::model::BodyKind;

pub(super) fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let index = cx.index;
    let catalogs = &index.site.catalogs;
    for c in catalogs {
        let id = &c.id.value;
        if id == "index"
            || id.is_empty()
            || !id.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        {
            out.push(
                Diagnostic::at(c.id.span, format!("指导目录文件名 `{id}` 不能用作网址"))
                    .hint("指导目录的代码取自文件名：只用小写字母、数字和 -，且不能是 index，如 dongjiang-zhifa.toml"),
            );
        } else {
            super::names::portable(out, "指导目录文件名", &c.id, "dongjiang-zhifa");
        }
    }
    unique(out, "指导目录事项编号", catalogs.iter().flat_map(|c| c.items.iter().map(|i| &i.id)));
    for g in catalogs.iter().flat_map(|c| &c.items) {
        check_power_type(&g.power_type, out);
        if let Some(d) = &g.department {
            body_ref(cx, out, d, &[BodyKind::Department], "县直部门");
        }
    }
}

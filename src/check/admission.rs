use super::{body_ref, unique, Cx};
use crate::diag::Diagnostic;
use crate::model::BodyKind;

pub(super) fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let index = cx.index;
    let Some(list) = &index.site.admission else { return };
    unique(out, "准入事项编码", list.items.iter().map(|a| &a.code));
    for a in &list.items {
        body_ref(cx, out, &a.department, &[BodyKind::Department], "县直部门");
        for t in &a.townships {
            body_ref(cx, out, t, &[BodyKind::Township, BodyKind::Town, BodyKind::Street], "乡镇（街道）");
        }
        if let (Some(from), Some(to)) = (a.period_from, a.period_to) {
            if to < from {
                out.push(
                    Diagnostic::at(a.code.span, format!("准入事项“{}”的截止日期 {to} 早于起始日期 {from}", a.title))
                        .hint("检查 period_from 和 period_to"),
                );
            }
        }
    }
}

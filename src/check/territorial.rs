use super::{body_ref, unique, Cx};
use crate::diag::Diagnostic;
use crate::model::BodyKind;

pub(super) fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let index = cx.index;
    let Some(list) = &index.site.territorial else { return };
    unique(out, "属地管理事项编码", list.matters.iter().map(|m| &m.code));
    for m in &list.matters {
        for d in m.primary.iter().chain(&m.supporting) {
            body_ref(cx, out, d, &[BodyKind::Department], "县直部门");
        }
    }
}

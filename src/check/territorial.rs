use super::{body_ref, unique};
use crate::derive::Index;
use crate::diag::Diagnostic;
use crate::model::BodyKind;

pub fn check(index: &Index, out: &mut Vec<Diagnostic>) {
    let Some(list) = &index.site.territorial else { return };
    unique(out, "属地管理事项编码", list.matters.iter().map(|m| &m.code));
    for m in &list.matters {
        for d in m.primary.iter().chain(&m.supporting) {
            body_ref(index, out, d, &[BodyKind::Department], "县直部门");
        }
    }
}

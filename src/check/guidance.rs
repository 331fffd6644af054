use super::{body_ref, items::check_power_type, unique};
use crate::derive::Index;
use crate::diag::Diagnostic;
use crate::model::BodyKind;

pub fn check(index: &Index, out: &mut Vec<Diagnostic>) {
    let catalogs = &index.site.catalogs;
    unique(out, "指导目录事项编号", catalogs.iter().flat_map(|c| c.items.iter().map(|i| &i.id)));
    for g in catalogs.iter().flat_map(|c| &c.items) {
        check_power_type(&g.power_type, out);
        if let Some(d) = &g.department {
            body_ref(index, out, d, &[BodyKind::Department], "县直部门");
        }
    }
}

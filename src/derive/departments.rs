use super::Index;
use crate::model::{Admission, Item, Matter, Origin, Part};
use serde::Serialize;
use std::collections::HashMap;

/// An item in some body's list, for pages that gather items across bodies.
#[derive(Clone, Copy, Serialize)]
pub struct ItemRef<'s> {
    pub body: &'s str,
    pub body_name: &'s str,
    pub item: &'s Item,
}

/// What one county department does towards the townships.
#[derive(Default, Serialize)]
pub struct DepartmentView<'s> {
    pub delegated: Vec<ItemRef<'s>>,
    pub entrusted: Vec<ItemRef<'s>>,
    pub extended: Vec<ItemRef<'s>>,
    pub recalled: Vec<ItemRef<'s>>,
    /// 配合履职事项 where this department is primary.
    pub supported_by_townships: Vec<ItemRef<'s>>,
    pub primary_matters: Vec<&'s Matter>,
    pub supporting_matters: Vec<&'s Matter>,
    pub admissions: Vec<&'s Admission>,
}

impl<'s> DepartmentView<'s> {
    /// One pass over all items and matters, grouping them by department code.
    pub fn all(index: &Index<'s>) -> HashMap<&'s str, DepartmentView<'s>> {
        let mut views: HashMap<&'s str, DepartmentView<'s>> = HashMap::new();
        for (list, item) in index.items() {
            for dept in &item.departments {
                let r = ItemRef { body: &list.body.value, body_name: index.body_name(&list.body), item };
                let view = views.entry(dept.department.value.as_str()).or_default();
                match (item.part, item.origin) {
                    (Part::Basic, Some(Origin::Delegated)) => view.delegated.push(r),
                    (Part::Basic, Some(Origin::Entrusted)) => view.entrusted.push(r),
                    (Part::Basic, Some(Origin::Extended)) => view.extended.push(r),
                    (Part::Support, _) => view.supported_by_townships.push(r),
                    (Part::Recalled, _) => view.recalled.push(r),
                    _ => {}
                }
            }
        }
        if let Some(t) = &index.site.territorial {
            for m in &t.matters {
                for d in &m.primary {
                    views.entry(d.value.as_str()).or_default().primary_matters.push(m);
                }
                for d in &m.supporting {
                    views.entry(d.value.as_str()).or_default().supporting_matters.push(m);
                }
            }
        }
        if let Some(a) = &index.site.admission {
            for item in &a.items {
                views.entry(item.department.value.as_str()).or_default().admissions.push(item);
            }
        }
        views
    }
}

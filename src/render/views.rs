//! Shapes of the data that pages show, computed from the model and the derived indexes.
//! Templates only lay these out; they make no decisions.

use crate::derive::Index;
use crate::model::{Body, Item, ItemList, Part, Window};
use serde::Serialize;

/// An item row in a list page.
#[derive(Serialize)]
pub struct Row<'s> {
    #[serde(flatten)]
    pub item: &'s Item,
    /// Names of the county departments the item names, joined with 、 (the same text as the
    /// downloads' 相关部门, one per line there).
    pub department_name: Option<String>,
}

/// Items of one part that share a 类别 (duties) or a 权力类型 (powers).
#[derive(Serialize)]
pub struct TypeGroup<'s> {
    /// The category, the official 权力类型 name or what the publisher wrote for local types;
    /// "" for the items that have neither.
    pub label: &'s str,
    pub slug: String,
    pub items: Vec<Row<'s>>,
}

#[derive(Serialize)]
pub struct PartGroup<'s> {
    pub part: Part,
    pub slug: &'static str,
    pub count: usize,
    pub types: Vec<TypeGroup<'s>>,
}

/// Items handled at one window of the service center: what a citizen can get done there.
#[derive(Serialize)]
pub struct WindowGroup<'s> {
    pub window: &'s Window,
    pub items: Vec<Row<'s>>,
}

pub fn row<'s>(index: &Index<'s>, item: &'s Item) -> Row<'s> {
    let names: Vec<&str> = item.departments.iter().map(|r| index.name_or_code(&r.department.value)).collect();
    Row { item, department_name: (!names.is_empty()).then(|| names.join("、")) }
}

/// How a part's items are grouped: by 类别 where the part's items have categories (the
/// national format's duties), else by 权力类型 in official order (power lists).
fn group_key(by_category: bool, item: &Item) -> (usize, &str) {
    if by_category {
        return (0, item.category.as_deref().unwrap_or(""));
    }
    item.power_type.as_ref().map(|t| (t.order(), t.label())).unwrap_or((usize::MAX, ""))
}

/// The list grouped by part, then by category in order of first appearance or by 权力类型 in
/// official order, keeping source order inside.
pub fn group<'s>(index: &Index<'s>, list: &'s ItemList) -> Vec<PartGroup<'s>> {
    Part::ALL
        .into_iter()
        .filter_map(|part| {
            let mut items: Vec<&Item> = list.part(part).collect();
            if items.is_empty() {
                return None;
            }
            let by_category = items.iter().any(|i| i.category.is_some());
            if by_category {
                // Categories in the order the list first uses them.
                let mut order: Vec<&str> = Vec::new();
                for i in &items {
                    let c = i.category.as_deref().unwrap_or("");
                    if !order.contains(&c) {
                        order.push(c);
                    }
                }
                items.sort_by_key(|i| order.iter().position(|c| *c == i.category.as_deref().unwrap_or("")));
            } else {
                items.sort_by_key(|i| group_key(false, i));
            }
            let mut types: Vec<TypeGroup> = Vec::new();
            for item in items {
                let label = group_key(by_category, item).1;
                match types.last_mut() {
                    Some(g) if g.label == label => g.items.push(row(index, item)),
                    _ => types.push(TypeGroup {
                        label,
                        slug: format!("{}-{}", part.key(), types.len() + 1),
                        items: vec![row(index, item)],
                    }),
                }
            }
            let count = types.iter().map(|t| t.items.len()).sum();
            Some(PartGroup { part, slug: part.key(), count, types })
        })
        .collect()
}

/// The service center's windows in the order the body lists them, each with the items it
/// accepts: what a citizen can get done there. Windows are shown even before a list exists.
pub fn windows<'s>(index: &Index<'s>, body: &'s Body, list: Option<&'s ItemList>) -> Vec<WindowGroup<'s>> {
    let Some(center) = &body.service_center else { return Vec::new() };
    let items = list.map(|l| l.items.as_slice()).unwrap_or_default();
    center
        .windows
        .iter()
        .map(|window| WindowGroup {
            window,
            items: items
                .iter()
                .filter(|i| i.at_service_center() && i.window.as_ref().is_some_and(|w| w.value == *window.name))
                .map(|i| row(index, i))
                .collect(),
        })
        .collect()
}

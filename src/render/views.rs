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
    /// Name of the county department the item refers to.
    pub department_name: Option<&'s str>,
}

#[derive(Serialize)]
pub struct TypeGroup<'s> {
    /// Official 权力类型 name, or what the publisher wrote for local types; "" when none.
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
    let department_name = item.department.as_ref().and_then(|d| index.body(&d.value)).map(|b| b.name.as_str());
    Row { item, department_name }
}

/// The list grouped by part, then by 权力类型 in official order, keeping source order inside.
pub fn group<'s>(index: &Index<'s>, list: &'s ItemList) -> Vec<PartGroup<'s>> {
    Part::ALL
        .into_iter()
        .filter_map(|part| {
            let mut items: Vec<&Item> = list.part(part).collect();
            if items.is_empty() {
                return None;
            }
            let key = |i: &Item| {
                i.power_type.as_ref().map(|t| (t.order(), t.label().to_string())).unwrap_or((usize::MAX, String::new()))
            };
            items.sort_by_cached_key(|i| key(i));
            let mut types: Vec<TypeGroup> = Vec::new();
            for item in items {
                let label = item.power_type.as_ref().map(|t| t.label()).unwrap_or("");
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

/// Headline counts of one list.
#[derive(Serialize, Default, Clone, Copy)]
pub struct Counts {
    pub total: usize,
    pub basic: usize,
    pub support: usize,
    pub recalled: usize,
    pub service_center: usize,
    pub delegated: usize,
}

pub fn counts(list: &ItemList) -> Counts {
    use crate::model::Origin;
    let mut c = Counts { total: list.items.len(), ..Counts::default() };
    for i in &list.items {
        match i.part {
            Part::Basic => c.basic += 1,
            Part::Support => c.support += 1,
            Part::Recalled => c.recalled += 1,
        }
        c.service_center += i.at_service_center() as usize;
        c.delegated += matches!(i.origin, Some(Origin::Delegated | Origin::Entrusted)) as usize;
    }
    c
}

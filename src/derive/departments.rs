use super::counts::DepartmentCounts;
use super::{Counts, Index};
use crate::model::{Admission, Item, Matter, Origin, Part};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// An item in some body's list, for pages that gather items across bodies.
#[derive(Clone, Copy, Serialize)]
pub struct ItemRef<'s> {
    pub body: &'s str,
    pub body_name: &'s str,
    /// Pages that gather items link to them by name: the item's code and name are all they are
    /// given (a department page over hundreds of townships gathers thousands).
    #[serde(serialize_with = "code_and_name")]
    pub item: &'s Item,
}

fn code_and_name<S: serde::Serializer>(item: &&Item, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut brief = s.serialize_struct("Item", 2)?;
    brief.serialize_field("code", &item.code.value)?;
    brief.serialize_field("name", &item.name)?;
    brief.end()
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

/// The items of several townships that are one matter (the same name once normalised), for
/// pages that gather a department's items across hundreds of townships: one entry per matter
/// listing the townships, instead of one row per item.
#[derive(Serialize)]
pub struct MatterGroup<'s> {
    /// The name as the first township writes it.
    pub name: &'s str,
    pub category: Option<&'s str>,
    /// 权力类型 label of the first item ("" when none).
    pub power_type: &'s str,
    /// The items, in township order.
    pub items: Vec<ItemRef<'s>>,
    /// Distinct townships among `items`.
    pub townships: usize,
    /// Set by `Section::of` when most of the section's many townships list the matter: the
    /// page then names the townships that do not (`absent`) instead of linking every item, so
    /// a department over hundreds of townships stays small (docs/region.md, page weight).
    pub most: bool,
    pub absent: Vec<Absent<'s>>,
}

/// A township of a section that does not list one of its matters.
#[derive(Serialize, Clone, Copy)]
pub struct Absent<'s> {
    pub body: &'s str,
    pub body_name: &'s str,
}

/// From this many townships in a section, a matter most of them list is shown by the ones that
/// do not list it.
pub const MANY_TOWNSHIPS: usize = 20;

/// `refs` grouped by matter: the matters most townships list first, then in order of first
/// appearance.
pub fn by_matter<'s>(refs: &[ItemRef<'s>]) -> Vec<MatterGroup<'s>> {
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<MatterGroup<'s>> = Vec::new();
    for r in refs {
        let id = *ids.entry(crate::model::normalize_name(&r.item.name)).or_insert_with(|| {
            groups.push(MatterGroup {
                name: &r.item.name,
                category: r.item.category.as_deref(),
                power_type: r.item.power_type.as_ref().map(|t| t.label()).unwrap_or(""),
                items: Vec::new(),
                townships: 0,
                most: false,
                absent: Vec::new(),
            });
            groups.len() - 1
        });
        let g = &mut groups[id];
        // A township's items come together (`refs` are in list order).
        if g.items.last().is_none_or(|x| x.body != r.body) {
            g.townships += 1;
        }
        g.items.push(*r);
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.townships));
    groups
}

/// A township's items that name one department, counted (`Counts::by_department`).
#[derive(Serialize)]
pub struct TownshipCounts<'s> {
    pub body: &'s str,
    pub body_name: &'s str,
    pub counts: DepartmentCounts,
}

/// The townships (and street offices) whose lists name `department`, in site order, from the
/// counts of every list (`counts`, by body code).
pub fn per_township<'s>(
    index: &Index<'s>,
    counts: &HashMap<&str, Counts>,
    department: &str,
) -> Vec<TownshipCounts<'s>> {
    index
        .grassroots
        .iter()
        .filter_map(|b| {
            let c = counts.get(b.code.value.as_str())?.by_department.get(department)?;
            (c.total() > 0).then_some(TownshipCounts { body: &b.code.value, body_name: &b.name, counts: *c })
        })
        .collect()
}

/// One kind of a department's items across the townships (what it delegated, took back …),
/// grouped by matter.
#[derive(Serialize)]
pub struct Section<'s> {
    pub items: usize,
    /// How many matters (`matters.len()`).
    pub matter_count: usize,
    /// Distinct townships (bodies) among the items.
    pub townships: usize,
    pub matters: Vec<MatterGroup<'s>>,
}

impl<'s> Section<'s> {
    pub fn of(refs: &[ItemRef<'s>]) -> Section<'s> {
        // The section's townships in list order (a township's items come together).
        let mut bodies: Vec<Absent<'s>> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for r in refs {
            if seen.insert(r.body) {
                bodies.push(Absent { body: r.body, body_name: r.body_name });
            }
        }
        let mut matters = by_matter(refs);
        if bodies.len() >= MANY_TOWNSHIPS {
            for m in matters.iter_mut().filter(|m| m.townships * 2 > bodies.len()) {
                let listing: HashSet<&str> = m.items.iter().map(|r| r.body).collect();
                m.most = true;
                m.absent = bodies.iter().filter(|b| !listing.contains(b.body)).copied().collect();
            }
        }
        Section { items: refs.len(), matter_count: matters.len(), townships: bodies.len(), matters }
    }
}

//! Shapes of the data that pages show, computed from the model and the derived indexes.
//! Templates only lay these out; they make no decisions.

use crate::derive::{Index, Values};
use crate::model::{Body, Field, Item, ItemList, Origin, Part, Window};
use minijinja::value::{Enumerator, Object, Value};
use serde::Serialize;
use std::sync::Arc;

/// An item row in a list page: templates see the item's fields (as its own page has them)
/// and, over them, what the row adds (see `Serialize` below).
pub struct Row<'s> {
    pub item: &'s Item,
    pub own: RowOwn,
}

/// What a row adds beside its item's fields.
#[derive(Serialize)]
pub struct RowOwn {
    /// Names of the county departments the item names, joined with 、 (the same text as the
    /// downloads' 相关部门, one per line there).
    pub department_name: Option<String>,
    /// 上级部门职责 as the downloads have it (配合 items), "" when the list gives none.
    pub department_duty: String,
    /// What the row says the item is: a power's 权力类型 (with its 来源 when it came from a
    /// department), else a duty's 二级类别, or its 类别 where the part is not grouped by category.
    pub kind: String,
    /// The label of `kind` on a phone card: 权力类型 or 类别.
    pub kind_label: &'static str,
}

/// A row is the item's fields with the row's own over them, as `#[serde(flatten)]` would give,
/// but without building an ordered map of some forty entries per row, which cost list pages
/// more than laying the rows out: both parts are serialized as structs and looked up through.
impl Serialize for Row<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = RowFields { item: Value::from_serialize(self.item), own: Value::from_serialize(&self.own) };
        Value::from_object(fields).serialize(serializer)
    }
}

#[derive(Debug)]
struct RowFields {
    item: Value,
    own: Value,
}

impl Object for RowFields {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let defined = |v: Result<Value, _>| v.ok().filter(|v: &Value| !v.is_undefined());
        defined(self.own.get_attr(key)).or_else(|| defined(self.item.get_attr(key)))
    }

    /// The item's fields in their order, then the row's own (as flattening would list them).
    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let keys = |v: &Value| v.try_iter().into_iter().flatten().collect::<Vec<_>>();
        let own = keys(&self.own);
        let item = keys(&self.item).into_iter().filter(|k| !own.contains(k));
        Enumerator::Values(item.chain(own.iter().cloned()).collect())
    }
}

/// Lists with at most this many items show every part and group open.
const SMALL_LIST: usize = 60;
/// Parts with at most this many items show their groups open.
const SMALL_PART: usize = 30;

/// Items of one part that share a 类别 (duties) or a 权力类型 (powers).
#[derive(Serialize)]
pub struct TypeGroup<'s> {
    /// The category, the official 权力类型 name or what the publisher wrote for local types;
    /// "" for the items that have neither.
    pub label: &'s str,
    pub slug: String,
    pub count: usize,
    /// Shown open: a small part, or the part's only group.
    pub open: bool,
    pub items: Vec<Row<'s>>,
}

#[derive(Serialize)]
pub struct PartGroup<'s> {
    pub part: Part,
    pub slug: &'static str,
    pub count: usize,
    /// Grouped by 类别 (else by 权力类型).
    pub by_category: bool,
    /// Shown open: the first part, or every part of a small list.
    pub open: bool,
    pub types: Vec<TypeGroup<'s>>,
}

/// Items handled at one window of the service center: what a citizen can get done there.
#[derive(Serialize)]
pub struct WindowGroup<'s> {
    pub window: &'s Window,
    pub count: usize,
    pub items: Vec<Row<'s>>,
}

pub fn row<'s>(values: &Values<'_, 's>, item: &'s Item, by_category: bool) -> Row<'s> {
    let names: Vec<_> = item.departments.iter().map(|r| values.department_name(&r.department.value)).collect();
    let department_name = (!names.is_empty()).then(|| names.join("、"));
    let (kind, kind_label) = match &item.power_type {
        Some(t) => {
            let from = match item.origin {
                Some(o @ (Origin::Delegated | Origin::Entrusted | Origin::Extended)) => format!(" · {}", o.name()),
                _ => String::new(),
            };
            (format!("{}{from}", t.label()), "权力类型")
        }
        None => match (&item.subcategory, &item.category) {
            (Some(sub), _) => (sub.clone(), "二级类别"),
            (None, Some(c)) if !by_category => (c.clone(), "类别"),
            _ => (String::new(), "类别"),
        },
    };
    let department_duty =
        if item.part == Part::Support { values.text(item, Field::DepartmentDuty).into_owned() } else { String::new() };
    Row { item, own: RowOwn { department_name, department_duty, kind, kind_label } }
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
    let values = Values::of(index, list);
    let small_list = list.items.len() <= SMALL_LIST;
    let mut first = true;
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
            let count = items.len();
            let mut types: Vec<TypeGroup> = Vec::new();
            for item in items {
                let label = group_key(by_category, item).1;
                match types.last_mut() {
                    Some(g) if g.label == label => g.items.push(row(&values, item, by_category)),
                    _ => types.push(TypeGroup {
                        label,
                        slug: format!("{}-{}", part.key(), types.len() + 1),
                        count: 0,
                        open: false,
                        items: vec![row(&values, item, by_category)],
                    }),
                }
            }
            let single = types.len() == 1;
            for t in &mut types {
                t.count = t.items.len();
                t.open = small_list || count <= SMALL_PART || single;
            }
            let open = small_list || first;
            first = false;
            Some(PartGroup { part, slug: part.key(), count, by_category, open, types })
        })
        .collect()
}

/// The service center's windows in the order the body lists them, each with the items it
/// accepts: what a citizen can get done there. Windows are shown even before a list exists.
pub fn windows<'s>(index: &Index<'s>, body: &'s Body, list: Option<&'s ItemList>) -> Vec<WindowGroup<'s>> {
    let Some(center) = &body.service_center else { return Vec::new() };
    let items = list.map(|l| l.items.as_slice()).unwrap_or_default();
    let Some(values) = list.map(|l| Values::of(index, l)) else {
        return center.windows.iter().map(|window| WindowGroup { window, count: 0, items: Vec::new() }).collect();
    };
    center
        .windows
        .iter()
        .map(|window| {
            let items: Vec<Row> = items
                .iter()
                .filter(|i| i.at_service_center() && i.window.as_ref().is_some_and(|w| w.value == *window.name))
                .map(|i| row(&values, i, false))
                .collect();
            WindowGroup { window, count: items.len(), items }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Row, RowOwn};
    use crate::model::{Item, Located, Part, Span};
    use minijinja::Value;

    /// What `#[serde(flatten)]` gave: the item's fields, the row's own over them.
    #[derive(serde::Serialize)]
    struct Flattened<'s> {
        #[serde(flatten)]
        item: &'s Item,
        #[serde(flatten)]
        own: &'s RowOwn,
    }

    #[test]
    fn a_row_shows_what_flattening_the_item_showed() {
        let mut item = Item::new(Part::Support, Located::new("X-001".into(), Span::default()), "秸秆禁烧".into());
        item.tasks = Some("巡查".into());
        let own = RowOwn {
            department_name: Some("生态环境局".into()),
            department_duty: "执法".into(),
            kind: "其他".into(),
            kind_label: "类别",
        };
        let flat = Flattened { item: &item, own: &own };
        let flat = Value::from_serialize(&flat);
        let row = Row { item: &item, own };
        let row = Value::from_serialize(&row);
        let keys = |v: &Value| v.try_iter().unwrap().map(|k| k.to_string()).collect::<Vec<_>>();
        let mut sorted = keys(&row);
        sorted.sort();
        assert_eq!(sorted, keys(&flat), "the same fields");
        for key in keys(&flat) {
            assert_eq!(row.get_attr(&key).unwrap(), flat.get_attr(&key).unwrap(), "{key}");
        }
        assert_eq!(row.get_attr("name").unwrap().as_str(), Some("秸秆禁烧"));
        assert_eq!(row.get_attr("kind").unwrap().as_str(), Some("其他"));
        assert!(row.get_attr("no_such_field").unwrap().is_undefined());
        // serde_json sees the same object as before.
        assert_eq!(serde_json::to_value(&row).unwrap(), serde_json::to_value(&flat).unwrap());
    }
}

//! The county overview for 编办 and journalists: each township's three parts, totals and
//! averages, the share of 配合 and 收回, the items by category and by county department, and
//! how the townships' lists compare (which township lists a matter no other township lists,
//! and which lacks one all the others list, matched by `model::normalize_name`). Computed once
//! per build from `Counts`; the overview page and its CSV files show these values as they are.

use super::counts::{part_index, DepartmentCounts};
use super::{Counts, Index, ItemRef};
use crate::model::{normalize_name, Body, Item, Part};
use serde::Serialize;
use std::collections::HashMap;

/// One township (or street office) with a list.
#[derive(Serialize)]
pub struct TownshipRow<'s> {
    pub body: &'s Body,
    pub counts: Counts,
    /// 配合 + 收回 over all items, as a percentage text ("65.2%").
    pub share: String,
    /// Items per part that no other township lists: [basic, support, recalled].
    pub unique: [usize; 3],
    /// Matters per part that every other township lists but this one does not.
    pub missing: [usize; 3],
    /// `unique` and `missing` added over the parts.
    pub unique_total: usize,
    pub missing_total: usize,
    /// Where this township's entries are in `Overview::unique` and `Overview::missing`
    /// (start, end), which list township by township.
    pub unique_at: [usize; 2],
    pub missing_at: [usize; 2],
}

/// One 类别 across the townships' lists.
#[derive(Serialize)]
pub struct CategoryRow {
    /// "" for items without a category.
    pub label: String,
    /// Items per part: [basic, support, recalled].
    pub parts: [usize; 3],
    pub total: usize,
    /// Townships whose list uses the category.
    pub townships: usize,
    /// Items per township with a list, one decimal ("23.4").
    pub average: String,
}

/// One county department across the townships' lists.
#[derive(Serialize)]
pub struct DepartmentRow<'s> {
    pub code: &'s str,
    /// Its name, or the code when the site has no such body.
    pub name: &'s str,
    /// Whether it has a page.
    pub exists: bool,
    pub counts: DepartmentCounts,
    /// Townships with at least one of its items.
    pub townships: usize,
}

/// A matter (item name, normalised) that one township lists and no other does, or that every
/// other township lists and one does not.
#[derive(Serialize)]
pub struct Difference<'s> {
    pub part: Part,
    /// The township that differs.
    pub body: &'s str,
    pub body_name: &'s str,
    /// The name as (first) written.
    pub name: &'s str,
    pub category: Option<&'s str>,
    /// The township's item (only for a matter it alone lists).
    pub item: Option<ItemRef<'s>>,
}

#[derive(Serialize)]
pub struct Overview<'s> {
    pub townships: Vec<TownshipRow<'s>>,
    /// How many townships (and street offices) have a list.
    pub township_count: usize,
    /// The townships' lists added together.
    pub totals: Counts,
    /// Per part and in all, items per township with a list, one decimal.
    pub averages: Averages,
    /// 配合 + 收回 over all items, as a percentage text.
    pub share: String,
    /// Categories in the order the lists first use them, items without one last.
    pub categories: Vec<CategoryRow>,
    /// County departments in site order, then codes the site does not know.
    pub departments: Vec<DepartmentRow<'s>>,
    /// Matters only one township lists, township by township, in list order.
    pub unique: Vec<Difference<'s>>,
    /// Matters all other townships list and one does not, township by township.
    pub missing: Vec<Difference<'s>>,
}

#[derive(Default, Serialize)]
pub struct Averages {
    pub basic: String,
    pub support: String,
    pub recalled: String,
    pub total: String,
}

/// `part / whole` as a percentage with one decimal; "0%" when there is nothing.
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "0%".into();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

/// `n / count` with one decimal; "0" when there is nothing to divide by.
pub fn average(n: usize, count: usize) -> String {
    if count == 0 {
        return "0".into();
    }
    format!("{:.1}", n as f64 / count as f64)
}

/// A matter as the comparison sees it: its part and normalised name.
type Key = (Part, String);

impl<'s> Overview<'s> {
    /// The overview of the townships (and street offices) that have a list, in site order.
    pub fn of(index: &Index<'s>) -> Overview<'s> {
        let towns: Vec<(&'s Body, &'s crate::model::ItemList)> =
            index.grassroots.iter().filter_map(|b| index.list(&b.code).map(|l| (*b, l))).collect();
        let n = towns.len();
        // Each matter (part and normalised name) in the order the lists first have it, with
        // the townships that list it (each once, in order) and the first such item of each.
        let mut ids: HashMap<Key, usize> = HashMap::new();
        let mut matters: Vec<Vec<(usize, &'s Item)>> = Vec::new();
        let mut item_matter: Vec<Vec<usize>> = Vec::with_capacity(n);
        for (t, (_, list)) in towns.iter().enumerate() {
            let mut of_list = Vec::with_capacity(list.items.len());
            for item in &list.items {
                let id = *ids.entry((item.part, normalize_name(&item.name))).or_insert_with(|| {
                    matters.push(Vec::new());
                    matters.len() - 1
                });
                if matters[id].last().is_none_or(|(last, _)| *last != t) {
                    matters[id].push((t, item));
                }
                of_list.push(id);
            }
            item_matter.push(of_list);
        }
        drop(ids);
        let difference = |t: usize, item: &'s Item, link: bool| {
            let body = towns[t].0;
            Difference {
                part: item.part,
                body: &body.code.value,
                body_name: &body.name,
                name: &item.name,
                category: item.category.as_deref(),
                item: link.then_some(ItemRef { body: &body.code.value, body_name: &body.name, item }),
            }
        };
        let mut unique: Vec<Difference<'s>> = Vec::new();
        let mut unique_n = vec![[0usize; 3]; n];
        let mut missing_by_town: Vec<Vec<Difference<'s>>> = (0..n).map(|_| Vec::new()).collect();
        let mut missing_n = vec![[0usize; 3]; n];
        if n >= 2 {
            // Township by township, in the order of its list.
            for (t, (_, list)) in towns.iter().enumerate() {
                for (item, id) in list.items.iter().zip(&item_matter[t]) {
                    if let [(only, first)] = matters[*id].as_slice() {
                        if *only == t && std::ptr::eq(*first, item) {
                            unique_n[t][part_index(item.part)] += 1;
                            unique.push(difference(t, item, true));
                        }
                    }
                }
            }
            // With only two townships, a matter one lacks is the other's own: said once.
            if n >= 3 {
                for towns_of in matters.iter().filter(|m| m.len() == n - 1) {
                    let lacking = (0..n).zip(towns_of.iter().map(|(t, _)| *t).chain([n])).find(|(a, b)| a != b);
                    let Some((t, _)) = lacking else { continue };
                    let item = towns_of[0].1;
                    missing_n[t][part_index(item.part)] += 1;
                    missing_by_town[t].push(difference(t, item, false));
                }
            }
        }
        let mut missing_at = Vec::with_capacity(n);
        let mut missing: Vec<Difference<'s>> = Vec::new();
        for m in missing_by_town {
            missing_at.push([missing.len(), missing.len() + m.len()]);
            missing.extend(m);
        }
        let mut unique_at = Vec::with_capacity(n);
        let mut at = 0;
        for u in &unique_n {
            let len: usize = u.iter().sum();
            unique_at.push([at, at + len]);
            at += len;
        }

        let mut totals = Counts::default();
        let mut townships = Vec::with_capacity(n);
        let mut category_towns: HashMap<String, usize> = HashMap::new();
        let mut department_towns: HashMap<String, usize> = HashMap::new();
        let mut category_order: Vec<String> = Vec::new();
        for (t, (body, list)) in towns.iter().enumerate() {
            let counts = Counts::of(list);
            totals.add(&counts);
            for item in &list.items {
                let c = item.category.as_deref().unwrap_or("");
                if !category_order.iter().any(|x| x == c) {
                    category_order.push(c.to_string());
                }
            }
            for (label, parts) in &counts.by_category_part {
                if parts.iter().sum::<usize>() > 0 {
                    *category_towns.entry(label.clone()).or_default() += 1;
                }
            }
            for (code, d) in &counts.by_department {
                if d.total() > 0 {
                    *department_towns.entry(code.clone()).or_default() += 1;
                }
            }
            townships.push(TownshipRow {
                body,
                share: percent(counts.support + counts.recalled, counts.total),
                counts,
                unique: unique_n[t],
                missing: missing_n[t],
                unique_total: unique_n[t].iter().sum(),
                missing_total: missing_n[t].iter().sum(),
                unique_at: unique_at[t],
                missing_at: missing_at[t],
            });
        }
        // Items without a category last.
        if let Some(i) = category_order.iter().position(|c| c.is_empty()) {
            let none = category_order.remove(i);
            category_order.push(none);
        }
        let categories = category_order
            .into_iter()
            .map(|label| {
                let parts = totals.by_category_part.get(&label).copied().unwrap_or_default();
                let total = parts.iter().sum();
                CategoryRow {
                    townships: category_towns.get(&label).copied().unwrap_or(0),
                    average: average(total, n),
                    label,
                    parts,
                    total,
                }
            })
            .collect();
        let mut departments: Vec<DepartmentRow<'s>> = Vec::new();
        let known = index.departments.iter().map(|b| (b.code.value.as_str(), true));
        let unknown = totals
            .by_department
            .keys()
            .filter(|code| !index.departments.iter().any(|b| b.code.value == **code))
            .map(|code| (code.as_str(), false));
        for (code, _) in known.chain(unknown) {
            let Some(counts) = totals.by_department.get(code) else { continue };
            if counts.total() == 0 {
                continue;
            }
            // Borrow the code from the site, not from `totals`, which is moved below.
            let (code, name, exists) = match index.body(code) {
                Some(b) => (b.code.value.as_str(), b.name.as_str(), true),
                None => match first_department_code(&towns, code) {
                    Some(c) => (c, c, false),
                    None => continue,
                },
            };
            departments.push(DepartmentRow {
                code,
                name,
                exists,
                counts: *counts,
                townships: department_towns.get(code).copied().unwrap_or(0),
            });
        }
        let averages = Averages {
            basic: average(totals.basic, n),
            support: average(totals.support, n),
            recalled: average(totals.recalled, n),
            total: average(totals.total, n),
        };
        Overview {
            share: percent(totals.support + totals.recalled, totals.total),
            township_count: n,
            townships,
            totals,
            averages,
            categories,
            departments,
            unique,
            missing,
        }
    }
}

/// The department code as an item writes it, borrowed from the model.
fn first_department_code<'s>(towns: &[(&'s Body, &'s crate::model::ItemList)], code: &str) -> Option<&'s str> {
    towns
        .iter()
        .flat_map(|(_, l)| &l.items)
        .flat_map(|i| &i.departments)
        .find(|r| r.department.value == code)
        .map(|r| r.department.value.as_str())
}

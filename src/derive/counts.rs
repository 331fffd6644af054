//! Every figure the site publishes about lists, counted in one place: the home page, the
//! township and department pages, the printed notice, the release pages and the feeds all add
//! up the same `Counts`, so no two of them can disagree.

use crate::model::{AdmissionList, AdmissionStatus, Item, ItemList, Origin, Part};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Counts of one list, or of several added together.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub total: usize,
    pub basic: usize,
    pub support: usize,
    pub recalled: usize,
    /// Basic items handled at a 便民服务中心 window.
    pub service_center: usize,
    /// Basic items delegated or entrusted by a county department.
    pub delegated: usize,
    /// Items per 权力类型 label ("" for items without one).
    pub by_type: BTreeMap<String, usize>,
    /// Items per 类别 ("" for items without one).
    pub by_category: BTreeMap<String, usize>,
    /// Items per 类别 ("" for items without one), per part: [basic, support, recalled].
    pub by_category_part: BTreeMap<String, [usize; 3]>,
    /// Items per county department they name (by code): what it delegated, where it is
    /// primary, what it took back. An item naming several departments counts for each.
    pub by_department: BTreeMap<String, DepartmentCounts>,
}

/// What one department's items number in a list, or in several added together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DepartmentCounts {
    /// Basic items it delegated (下放).
    pub delegated: usize,
    /// Basic items it entrusted (委托).
    pub entrusted: usize,
    /// Basic items it extended to the township (延伸).
    pub extended: usize,
    /// 配合 items where it is primary.
    pub support: usize,
    /// Items it took back.
    pub recalled: usize,
}

impl DepartmentCounts {
    fn add(&mut self, other: &DepartmentCounts) {
        self.delegated += other.delegated;
        self.entrusted += other.entrusted;
        self.extended += other.extended;
        self.support += other.support;
        self.recalled += other.recalled;
    }

    /// All its items in the list.
    pub fn total(&self) -> usize {
        self.delegated + self.entrusted + self.extended + self.support + self.recalled
    }

    /// Delegated, entrusted and extended together: what it handed to the township.
    pub fn handed_down(&self) -> usize {
        self.delegated + self.entrusted + self.extended
    }
}

impl Counts {
    pub fn of(list: &ItemList) -> Counts {
        let mut c = Counts::default();
        for item in &list.items {
            c.count(item);
        }
        c
    }

    /// The counts of every list by body code (the list `Index::list` finds), computed once
    /// for the pages that show many lists' figures.
    pub fn of_lists<'s>(index: &super::Index<'s>) -> HashMap<&'s str, Counts> {
        use rayon::prelude::*;
        index
            .site
            .lists
            .par_iter()
            .filter(|l| index.list(&l.body).is_some_and(|x| std::ptr::eq(x, *l)))
            .map(|l| (l.body.value.as_str(), Counts::of(l)))
            .collect()
    }

    fn count(&mut self, item: &Item) {
        self.total += 1;
        match item.part {
            Part::Basic => self.basic += 1,
            Part::Support => self.support += 1,
            Part::Recalled => self.recalled += 1,
        }
        self.service_center += item.at_service_center() as usize;
        self.delegated +=
            (item.part == Part::Basic && matches!(item.origin, Some(Origin::Delegated | Origin::Entrusted))) as usize;
        let label = item.power_type.as_ref().map(|t| t.label()).unwrap_or("");
        *slot_of(&mut self.by_type, label) += 1;
        let category = item.category.as_deref().unwrap_or("");
        *slot_of(&mut self.by_category, category) += 1;
        slot_of(&mut self.by_category_part, category)[part_index(item.part)] += 1;
        let slot: Option<fn(&mut DepartmentCounts) -> &mut usize> = match (item.part, item.origin) {
            (Part::Basic, Some(Origin::Delegated)) => Some(|d| &mut d.delegated),
            (Part::Basic, Some(Origin::Entrusted)) => Some(|d| &mut d.entrusted),
            (Part::Basic, Some(Origin::Extended)) => Some(|d| &mut d.extended),
            (Part::Support, _) => Some(|d| &mut d.support),
            (Part::Recalled, _) => Some(|d| &mut d.recalled),
            _ => None,
        };
        if let Some(slot) = slot {
            for r in &item.departments {
                *slot(slot_of(&mut self.by_department, &r.department.value)) += 1;
            }
        }
    }

    pub fn add(&mut self, other: &Counts) {
        self.total += other.total;
        self.basic += other.basic;
        self.support += other.support;
        self.recalled += other.recalled;
        self.service_center += other.service_center;
        self.delegated += other.delegated;
        for (label, n) in &other.by_type {
            *self.by_type.entry(label.clone()).or_default() += n;
        }
        for (label, n) in &other.by_category {
            *self.by_category.entry(label.clone()).or_default() += n;
        }
        for (label, n) in &other.by_category_part {
            let mine = self.by_category_part.entry(label.clone()).or_default();
            for (a, b) in mine.iter_mut().zip(n) {
                *a += b;
            }
        }
        for (code, n) in &other.by_department {
            self.by_department.entry(code.clone()).or_default().add(n);
        }
    }

    /// The items of one part.
    pub fn part(&self, part: Part) -> usize {
        match part {
            Part::Basic => self.basic,
            Part::Support => self.support,
            Part::Recalled => self.recalled,
        }
    }
}

/// The value under `key`, inserted as the default the first time: keys are copied once per
/// distinct key, not once per item.
fn slot_of<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).expect("inserted above")
}

/// The position of a part in `[basic, support, recalled]` arrays.
pub fn part_index(part: Part) -> usize {
    match part {
        Part::Basic => 0,
        Part::Support => 1,
        Part::Recalled => 2,
    }
}

/// The 准入 list's items by status: only those in force count as admitted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AdmissionCounts {
    pub total: usize,
    /// 准入 or 调整: in force.
    pub in_force: usize,
    pub exited: usize,
}

impl AdmissionCounts {
    pub fn of(list: Option<&AdmissionList>) -> AdmissionCounts {
        let mut c = AdmissionCounts::default();
        for item in list.iter().flat_map(|l| &l.items) {
            c.total += 1;
            if item.status == AdmissionStatus::Exited {
                c.exited += 1;
            } else {
                c.in_force += 1;
            }
        }
        c
    }
}

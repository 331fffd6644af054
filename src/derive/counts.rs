//! Every figure the site publishes about lists, counted in one place: the home page, the
//! township and department pages, the printed notice, the release pages and the feeds all add
//! up the same `Counts`, so no two of them can disagree.

use crate::model::{AdmissionList, AdmissionStatus, Item, ItemList, Origin, Part};
use serde::Serialize;
use std::collections::BTreeMap;

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
}

impl Counts {
    pub fn of(list: &ItemList) -> Counts {
        let mut c = Counts::default();
        for item in &list.items {
            c.count(item);
        }
        c
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
        *self.by_type.entry(label.to_string()).or_default() += 1;
        *self.by_category.entry(item.category.clone().unwrap_or_default()).or_default() += 1;
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

//! "清单之外无事项": whether a duty a county department handed down after the lists took effect
//! came through the 准入 list. One rule, used by `check` (a warning per item) and by the 准入
//! page (the items without a valid admission, and the items each admission item admitted).

use super::{Index, ItemRef};
use crate::model::{Admission, AdmissionStatus, Item, ItemList, Located, Part};
use serde::Serialize;
use std::collections::HashMap;

/// How a basic item's 交办 (`assigned_by`) stands against the 准入 list.
#[derive(Clone, Copy, Debug)]
pub enum Assignment<'s> {
    /// Not handed down by a department (no `assigned_by`).
    NotAssigned,
    /// Admitted by an item in force, of the assigning department, covering the township.
    Admitted(&'s Admission),
    /// Handed down without naming an admission item.
    Missing,
    /// The admission code names no admission item (an error in `check`).
    Unknown(&'s Located<String>),
    /// The admission item was requested by another department.
    OtherDepartment(&'s Admission),
    /// The admission item has exited the list.
    Exited(&'s Admission),
    /// The admission item does not cover this township.
    NotConcerned(&'s Admission),
}

impl<'s> Assignment<'s> {
    /// The rule for `item` of `body`'s list.
    pub fn of(index: &Index<'s>, body: &str, item: &'s Item) -> Assignment<'s> {
        let Some(by) = &item.assigned_by else { return Assignment::NotAssigned };
        let Some(code) = &item.admission else { return Assignment::Missing };
        let Some(admission) = index.admission(&code.value) else { return Assignment::Unknown(code) };
        if admission.department.value != by.value {
            Assignment::OtherDepartment(admission)
        } else if admission.status == AdmissionStatus::Exited {
            Assignment::Exited(admission)
        } else if !admission.townships.is_empty() && !admission.townships.iter().any(|t| t.value == body) {
            Assignment::NotConcerned(admission)
        } else {
            Assignment::Admitted(admission)
        }
    }

    /// Whether the item is a duty handed down without a valid admission: outside the lists.
    pub fn is_outside(&self) -> bool {
        !matches!(self, Assignment::NotAssigned | Assignment::Admitted(_))
    }

    /// What is wrong, as the 准入 page says it ("" when nothing is).
    pub fn problem(&self) -> &'static str {
        match self {
            Assignment::NotAssigned | Assignment::Admitted(_) => "",
            Assignment::Missing => "没有对应的准入事项",
            Assignment::Unknown(_) => "所写的准入事项不存在",
            Assignment::OtherDepartment(_) => "准入事项由其他部门申请",
            Assignment::Exited(_) => "准入事项已退出",
            Assignment::NotConcerned(_) => "准入事项不涉及本乡镇（街道）",
        }
    }
}

/// A basic item handed down without a valid admission, for the 准入 page.
#[derive(Serialize)]
pub struct Outside<'s> {
    #[serde(flatten)]
    pub item: ItemRef<'s>,
    /// Name of the assigning department (its code when the site has no such body).
    pub assigned_by: &'s str,
    /// The admission code the item gives, if any.
    pub admission: Option<&'s str>,
    pub problem: &'static str,
}

/// The 准入 list against the lists: the duties handed down without a valid admission, and per
/// admission item the items that name it.
#[derive(Default, Serialize)]
pub struct AdmissionUse<'s> {
    /// In list order (bodies in site order), items in source order.
    pub outside: Vec<Outside<'s>>,
    /// Admission code → the basic items that give it as their `admission`, in list order.
    pub references: HashMap<&'s str, Vec<ItemRef<'s>>>,
}

impl<'s> AdmissionUse<'s> {
    pub fn of(index: &Index<'s>) -> AdmissionUse<'s> {
        let mut out = AdmissionUse::default();
        let lists: Vec<&'s ItemList> =
            index.site.lists.iter().filter(|l| index.list(&l.body).is_some_and(|x| std::ptr::eq(x, *l))).collect();
        for list in lists {
            let body = list.body.value.as_str();
            for item in list.items.iter().filter(|i| i.part == Part::Basic) {
                let r = ItemRef { body, body_name: index.body_name(body), item };
                if let Some(code) = &item.admission {
                    out.references.entry(code.value.as_str()).or_default().push(r);
                }
                let assignment = Assignment::of(index, body, item);
                if assignment.is_outside() {
                    let by = item.assigned_by.as_ref().map(|d| index.name_or_code(&d.value)).unwrap_or_default();
                    out.outside.push(Outside {
                        item: r,
                        assigned_by: by,
                        admission: item.admission.as_ref().map(|a| a.value.as_str()),
                        problem: assignment.problem(),
                    });
                }
            }
        }
        out
    }
}

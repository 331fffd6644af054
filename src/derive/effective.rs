//! Effective values: what an item's field means once the defaults its declaration names
//! (`model::Effective`) are applied. The item pages, every download and the printout read
//! fields through here, so 监督电话, 行使主体 and the departments' names are the same in all of
//! them.

use super::Index;
use crate::model::{Body, Effective, Field, Item, ItemList};
use std::borrow::Cow;

/// The effective values of one list's items.
#[derive(Clone, Copy)]
pub struct Values<'a, 's> {
    index: &'a Index<'s>,
    body: Option<&'s Body>,
    /// The history of the list's items, when the site has releases.
    history: Option<&'a std::collections::HashMap<String, super::ItemHistory>>,
}

impl<'a, 's> Values<'a, 's> {
    pub fn of(index: &'a Index<'s>, list: &ItemList) -> Self {
        let history = index.lineage().and_then(|l| l.bodies.get(&list.body.value));
        Values { index, body: index.body(&list.body), history }
    }

    /// A history column of an item of this list (empty when the site has no releases).
    pub fn history(&self, item: &Item, column: super::HistoryColumn) -> Cow<'static, str> {
        column.text(self.history.and_then(|h| h.get(&item.code.value)), item)
    }

    /// The body the list belongs to, when it exists.
    pub fn body(&self) -> Option<&'s Body> {
        self.body
    }

    /// A department's name, or its code when the site has no such body.
    pub fn department_name<'t>(&self, code: &'t str) -> Cow<'t, str>
    where
        's: 't,
    {
        Cow::Borrowed(self.index.name_or_code(code))
    }

    /// The field as published, with its declared default applied ("" when it has none).
    pub fn text<'t>(&self, item: &'t Item, field: Field) -> Cow<'t, str>
    where
        's: 't,
    {
        if field == Field::DepartmentDuty {
            return item.duties_text(|code| self.department_name(code));
        }
        let written = item.text(field);
        match field.spec().effective {
            Effective::AsWritten => written,
            Effective::OrBodyName if written.is_empty() => {
                self.body.map_or(written, |b| Cow::Borrowed(b.name.as_str()))
            }
            Effective::OrBodySupervisionPhone if written.is_empty() => {
                self.body.and_then(|b| b.supervision_phone.as_deref()).map_or(written, Cow::Borrowed)
            }
            Effective::OrBodyName | Effective::OrBodySupervisionPhone => written,
            Effective::DepartmentNames => match field {
                Field::Department => {
                    let names: Vec<Cow<str>> =
                        item.departments.iter().map(|r| self.department_name(&r.department.value)).collect();
                    match names.len() {
                        0 => written,
                        1 => names.into_iter().next().unwrap_or_default(),
                        _ => Cow::Owned(names.join("\n")),
                    }
                }
                _ if written.is_empty() => written,
                _ => match written {
                    Cow::Borrowed(code) => self.department_name(code),
                    Cow::Owned(code) => Cow::Owned(self.department_name(&code).into_owned()),
                },
            },
        }
    }
}

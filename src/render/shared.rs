//! Template values that many pages show, converted once per build. Converting a body to a
//! template value (its service center, windows and offices) costs more than laying out an item
//! page, and every item page shows its body and often a department: at province scale that is
//! 600,000 conversions of the same 2,000 bodies. Template values are reference-counted, so a
//! page takes a shared one for the cost of a clone.

use crate::derive::Index;
use crate::model::ItemList;
use minijinja::{context, Value};
use std::collections::HashMap;

pub struct Shared<'s> {
    /// By code; the first body with a code, as `Index::body` finds it.
    bodies: HashMap<&'s str, Value>,
    /// What a page says of a list: title, document number, effective date; by body code.
    lists: HashMap<&'s str, Value>,
}

impl<'s> Shared<'s> {
    pub fn new(index: &Index<'s>) -> Self {
        let site = index.site;
        let mut bodies = HashMap::with_capacity(site.bodies.len());
        for body in &site.bodies {
            bodies.entry(body.code.value.as_str()).or_insert_with(|| Value::from_serialize(body));
        }
        let mut lists = HashMap::with_capacity(site.lists.len());
        for list in &site.lists {
            lists.entry(list.body.value.as_str()).or_insert_with(|| list_header(list));
        }
        Shared { bodies, lists }
    }

    /// The body with this code, as a template value.
    pub fn body(&self, code: &str) -> Option<Value> {
        self.bodies.get(code).cloned()
    }

    /// The header of a list (title, document, effective date), as a template value.
    pub fn list(&self, list: &ItemList) -> Value {
        match self.lists.get(list.body.value.as_str()) {
            Some(header) => header.clone(),
            None => list_header(list),
        }
    }
}

fn list_header(list: &ItemList) -> Value {
    context! { title => list.title, document => list.document, effective => list.effective, notes => list.notes }
}

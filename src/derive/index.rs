use crate::model::{Admission, Body, BodyKind, GuidanceItem, Item, ItemList, Matter, Site};
use std::collections::HashMap;

/// Lookups by code over a loaded site, so nothing downstream scans lists (no quadratic work
/// at province scale).
pub struct Index<'s> {
    pub site: &'s Site,
    bodies: HashMap<&'s str, &'s Body>,
    lists: HashMap<&'s str, &'s ItemList>,
    guidance: HashMap<&'s str, (usize, &'s GuidanceItem)>,
    matters: HashMap<&'s str, &'s Matter>,
    admissions: HashMap<&'s str, &'s Admission>,
    /// Townships and street offices in source order (file name order).
    pub grassroots: Vec<&'s Body>,
    pub departments: Vec<&'s Body>,
    /// Each current item's history, when the site has releases (see `with_lineage`).
    lineage: Option<super::Lineage>,
}

impl<'s> Index<'s> {
    /// Builds the index; on duplicate codes the first wins (`check` reports the duplicates).
    pub fn new(site: &'s Site) -> Self {
        let mut bodies = HashMap::with_capacity(site.bodies.len());
        for b in &site.bodies {
            bodies.entry(b.code.value.as_str()).or_insert(b);
        }
        let mut lists = HashMap::with_capacity(site.lists.len());
        for l in &site.lists {
            lists.entry(l.body.value.as_str()).or_insert(l);
        }
        let mut guidance = HashMap::new();
        for (c, catalog) in site.catalogs.iter().enumerate() {
            for g in &catalog.items {
                guidance.entry(g.id.value.as_str()).or_insert((c, g));
            }
        }
        let mut matters = HashMap::new();
        for m in site.territorial.iter().flat_map(|t| &t.matters) {
            matters.entry(m.code.value.as_str()).or_insert(m);
        }
        let mut admissions = HashMap::new();
        for a in site.admission.iter().flat_map(|a| &a.items) {
            admissions.entry(a.code.value.as_str()).or_insert(a);
        }
        let grassroots = site.bodies.iter().filter(|b| b.kind.is_grassroots()).collect();
        let departments = site.bodies.iter().filter(|b| b.kind == BodyKind::Department).collect();
        Index { site, bodies, lists, guidance, matters, admissions, grassroots, departments, lineage: None }
    }

    /// The index with the items' history from the releases, for the downloads.
    pub fn with_lineage(mut self, lineage: Option<super::Lineage>) -> Self {
        self.lineage = lineage;
        self
    }

    pub fn lineage(&self) -> Option<&super::Lineage> {
        self.lineage.as_ref()
    }

    pub fn body(&self, code: &str) -> Option<&'s Body> {
        self.bodies.get(code).copied()
    }

    pub fn list(&self, body: &str) -> Option<&'s ItemList> {
        self.lists.get(body).copied()
    }

    /// A guidance item and the index of its catalog.
    pub fn guidance(&self, id: &str) -> Option<(usize, &'s GuidanceItem)> {
        self.guidance.get(id).copied()
    }

    /// A 属地管理 matter by its code.
    pub fn matter(&self, code: &str) -> Option<&'s Matter> {
        self.matters.get(code).copied()
    }

    /// A 准入 item by its code.
    pub fn admission(&self, code: &str) -> Option<&'s Admission> {
        self.admissions.get(code).copied()
    }

    /// How pages and downloads name a body an item refers to: its name, or the code as written
    /// when the site has no such body.
    pub fn name_or_code<'t>(&self, code: &'t str) -> &'t str
    where
        's: 't,
    {
        self.body(code).map(|b| b.name.as_str()).unwrap_or(code)
    }

    pub fn body_name(&self, code: &str) -> &'s str {
        self.body(code).map(|b| b.name.as_str()).unwrap_or("")
    }

    /// All items of all lists with the body they belong to.
    pub fn items(&self) -> impl Iterator<Item = (&'s ItemList, &'s Item)> + '_ {
        self.site.lists.iter().flat_map(|l| l.items.iter().map(move |i| (l, i)))
    }
}

use super::Index;
use crate::model::{Catalog, Origin, Part, Status};
use serde::Serialize;
use std::collections::HashMap;

/// How a township holds a guidance catalog item. Derived from its list, never written by hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CoverageStatus {
    Own,
    Delegated,
    Entrusted,
    NotDelegated,
    Recalled,
}

crate::model::serialize_as_name!(CoverageStatus);

impl CoverageStatus {
    pub const ALL: [CoverageStatus; 5] = [
        CoverageStatus::Own,
        CoverageStatus::Delegated,
        CoverageStatus::Entrusted,
        CoverageStatus::NotDelegated,
        CoverageStatus::Recalled,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CoverageStatus::Own => "法定",
            CoverageStatus::Delegated => "下放",
            CoverageStatus::Entrusted => "委托",
            CoverageStatus::NotDelegated => "未下放",
            CoverageStatus::Recalled => "收回",
        }
    }

    /// Whether the township exercises the item (the numerator of coverage figures).
    pub fn held(self) -> bool {
        matches!(self, CoverageStatus::Own | CoverageStatus::Delegated | CoverageStatus::Entrusted)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CoverageTotals {
    pub own: usize,
    pub delegated: usize,
    pub entrusted: usize,
    pub not_delegated: usize,
    pub recalled: usize,
}

impl CoverageTotals {
    fn add(&mut self, s: CoverageStatus) {
        match s {
            CoverageStatus::Own => self.own += 1,
            CoverageStatus::Delegated => self.delegated += 1,
            CoverageStatus::Entrusted => self.entrusted += 1,
            CoverageStatus::NotDelegated => self.not_delegated += 1,
            CoverageStatus::Recalled => self.recalled += 1,
        }
    }

    pub fn held(&self) -> usize {
        self.own + self.delegated + self.entrusted
    }
}

/// The items × townships matrix of one catalog.
#[derive(Serialize)]
pub struct Coverage<'s> {
    pub catalog: &'s Catalog,
    /// Codes of the townships, the matrix's columns.
    pub townships: Vec<&'s str>,
    /// One row per catalog item, one status per township.
    pub rows: Vec<Vec<CoverageStatus>>,
    pub per_township: Vec<CoverageTotals>,
    /// Per item, the best status across townships (held anywhere counts as held): the figure
    /// "111 项中下放 84 项" counts items, not item-township pairs.
    pub per_item: Vec<CoverageStatus>,
    pub totals: CoverageTotals,
}

impl<'s> Coverage<'s> {
    pub fn of(index: &Index<'s>, catalog_index: usize) -> Coverage<'s> {
        let catalog = &index.site.catalogs[catalog_index];
        let townships: Vec<&'s str> = index.grassroots.iter().map(|b| b.code.value.as_str()).collect();
        let row_of: HashMap<&str, usize> =
            catalog.items.iter().enumerate().map(|(i, g)| (g.id.value.as_str(), i)).collect();
        let mut rows = vec![vec![CoverageStatus::NotDelegated; townships.len()]; catalog.items.len()];
        for (col, code) in townships.iter().enumerate() {
            let Some(list) = index.list(code) else { continue };
            for item in &list.items {
                let Some(row) = item.guidance.as_ref().and_then(|g| row_of.get(g.value.as_str())) else { continue };
                rows[*row][col] = match (item.part, item.origin, item.status) {
                    (Part::Recalled, _, _) => CoverageStatus::Recalled,
                    (Part::Basic, _, Status::Suspended) => CoverageStatus::NotDelegated,
                    (Part::Basic, Some(Origin::Own), _) => CoverageStatus::Own,
                    (Part::Basic, Some(Origin::Entrusted), _) => CoverageStatus::Entrusted,
                    (Part::Basic, Some(_), _) => CoverageStatus::Delegated,
                    _ => continue,
                };
            }
        }
        let mut per_township = vec![CoverageTotals::default(); townships.len()];
        let mut totals = CoverageTotals::default();
        let mut per_item = Vec::with_capacity(rows.len());
        for row in &rows {
            for (col, s) in row.iter().enumerate() {
                per_township[col].add(*s);
            }
            let best = summarize(row);
            totals.add(best);
            per_item.push(best);
        }
        Coverage { catalog, townships, rows, per_township, per_item, totals }
    }
}

/// The status that describes an item county-wide: the most common held status if any
/// township holds it, else recalled if recalled anywhere, else not delegated.
fn summarize(row: &[CoverageStatus]) -> CoverageStatus {
    let count = |s: CoverageStatus| row.iter().filter(|x| **x == s).count();
    let held = [CoverageStatus::Own, CoverageStatus::Delegated, CoverageStatus::Entrusted];
    if let Some(best) = held.into_iter().filter(|s| count(*s) > 0).max_by_key(|s| count(*s)) {
        best
    } else if count(CoverageStatus::Recalled) > 0 {
        CoverageStatus::Recalled
    } else {
        CoverageStatus::NotDelegated
    }
}

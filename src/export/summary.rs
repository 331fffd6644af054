//! A county's figures for its region (`data/summary.json`): townships, items, and each guidance
//! catalog's coverage, written by every build so a region can combine county outputs built
//! elsewhere (separate CI jobs) without reading their sources again (docs/region.md).

use crate::derive::{Coverage, Index};
use serde::{Deserialize, Serialize};

/// What a region page shows of one county.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Summary {
    /// The county body's code and name, and the site's title.
    pub code: String,
    pub name: String,
    pub title: String,
    /// Townships and street offices (bodies that publish a grassroots list).
    pub townships: usize,
    pub departments: usize,
    /// Items in all lists of the county (townships' and departments').
    pub items: usize,
    pub catalogs: Vec<CatalogSummary>,
}

/// "111 项中下放 84 项": a catalog's items by their best status across the county's townships
/// (`derive::Coverage::totals`, the figure the county's own coverage page shows).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CatalogSummary {
    pub id: String,
    pub title: String,
    pub items: usize,
    /// Held somewhere in the county (法定 + 下放 + 委托).
    pub held: usize,
    pub own: usize,
    pub delegated: usize,
    pub entrusted: usize,
    pub not_delegated: usize,
    pub recalled: usize,
}

pub fn summary(index: &Index) -> Summary {
    let site = index.site;
    let code = site.config.jurisdiction.value.clone();
    let catalogs = (0..site.catalogs.len())
        .map(|i| {
            let c = Coverage::of(index, i);
            let t = c.totals;
            CatalogSummary {
                id: c.catalog.id.value.clone(),
                title: c.catalog.title.clone(),
                items: c.catalog.items.len(),
                held: t.held(),
                own: t.own,
                delegated: t.delegated,
                entrusted: t.entrusted,
                not_delegated: t.not_delegated,
                recalled: t.recalled,
            }
        })
        .collect();
    Summary {
        name: index.body_name(&code).to_string(),
        code,
        title: site.config.title.clone(),
        townships: index.grassroots.len(),
        departments: index.departments.len(),
        items: site.lists.iter().map(|l| l.items.len()).sum(),
        catalogs,
    }
}

/// Its file name in the data directory (`urls::SUMMARY` in the site).
pub const FILE: &str = "summary.json";

/// Reads a county output's summary.
pub fn read(county_out: &std::path::Path) -> crate::Result<Summary> {
    let path = county_out.join(crate::urls::SUMMARY);
    let bytes = std::fs::read(&path).map_err(|e| crate::Error::io(path.display(), e))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        crate::Error::failed(
            path.display(),
            format!("不是 qingdan 写出的县级汇总（{e}）；在该县的站点目录中重新运行 qingdan build"),
        )
    })
}

//! A site that covers a city or a province: a jurisdiction tree (province → city → county)
//! whose counties are ordinary county sites in `counties/<code>/`, each with its own bodies and
//! lists, sharing the region's guidance catalogs (`content/guidance/`).

use super::Located;
use serde::Serialize;

named! {
    /// What the region is: a province with cities, or a city with counties.
    pub enum RegionKind {
        Province = "省",
        City = "市",
    }
}

/// One city of a province (for a city site, the city itself) and its counties, in the order the
/// configuration gives them.
#[derive(Clone, Debug, Serialize)]
pub struct City {
    pub code: Located<String>,
    pub name: String,
    /// County codes: each is the directory `counties/<code>/` and the output `<code>/`.
    pub counties: Vec<Located<String>>,
}

/// The region's `qingdan.toml`.
#[derive(Clone, Debug, Serialize)]
pub struct RegionConfig {
    pub title: String,
    pub base_url: Option<String>,
    pub publisher: Option<String>,
    pub description: Option<String>,
    pub code: Located<String>,
    pub name: String,
    pub kind: RegionKind,
    pub cities: Vec<City>,
}

impl RegionConfig {
    /// Every county with its city, in order.
    pub fn counties(&self) -> impl Iterator<Item = (&City, &Located<String>)> {
        self.cities.iter().flat_map(|c| c.counties.iter().map(move |k| (c, k)))
    }
}

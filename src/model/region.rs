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

/// The region a county site belongs to (its `province` line), as the county's pages show it
/// above the county: `东江省 › 青江市 › 青山县`, each linking to the region's page.
#[derive(Clone, Debug, Serialize)]
pub struct Parent {
    /// The region's name (`东江省`) and kind.
    pub name: String,
    pub kind: RegionKind,
    /// The region site's title.
    pub title: String,
    /// Where the region site is published, if it says: the county's pages then link to it with
    /// absolute addresses, and a county without a `base_url` of its own is published at
    /// `<this>/<county>/` (docs/region.md).
    pub base_url: Option<String>,
    /// The county's code in the region: its directory under `counties/`, its output `<code>/`.
    pub county: String,
    /// The county's city, in a province (none in a city site: the region is the city).
    pub city: Option<ParentCity>,
}

/// The city of a county in a province, with the code of the city's page.
#[derive(Clone, Debug, Serialize)]
pub struct ParentCity {
    pub code: String,
    pub name: String,
}

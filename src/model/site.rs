use super::{AdmissionList, Body, Catalog, ItemList, TerritorialList};
use serde::Serialize;

/// Site-wide settings from `qingdan.toml`.
#[derive(Clone, Debug, Serialize)]
pub struct SiteConfig {
    pub title: String,
    /// Code of the county body whose jurisdiction the site covers.
    pub jurisdiction: super::Located<String>,
    /// Absolute URL where the site is published, for QR codes, feeds, data schemas and canonical
    /// links: the site's own `base_url`, else, for a county of a region that has one, the
    /// region's followed by the county's directory (`<region>/<county>/`, set when loading).
    pub base_url: Option<String>,
    /// Who publishes the site (usually the county 编办), shown in the footer as 主办.
    pub publisher: Option<String>,
    /// 承办: who runs the site, when not the publisher.
    pub organizer: Option<String>,
    /// 网站标识码 (government websites, GB/T 33486).
    pub site_code: Option<String>,
    /// ICP 备案号.
    pub icp: Option<String>,
    /// 公安机关备案号.
    pub police_record: Option<String>,
    pub description: Option<String>,
    /// The region site this county belongs to, relative to the county's root (`"../.."`): its
    /// guidance catalogs are read with the county's own (docs/region.md).
    pub province: Option<super::Located<String>>,
    /// That region, read from its `qingdan.toml` when loading: shown above the county on every
    /// page.
    pub parent: Option<super::Parent>,
}

/// A prose page from `content/pages/*.md`.
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub markdown: String,
    pub order: i64,
}

/// Everything published, as loaded from the sources.
#[derive(Clone, Debug, Serialize)]
pub struct Site {
    pub config: SiteConfig,
    pub bodies: Vec<Body>,
    pub lists: Vec<ItemList>,
    pub territorial: Option<TerritorialList>,
    pub admission: Option<AdmissionList>,
    pub catalogs: Vec<Catalog>,
    pub pages: Vec<Page>,
    /// Files under `content/files/` (blank forms, samples), served as they are.
    pub files: Vec<SiteFile>,
}

/// A file the site serves as it is: its path under `content/files/` (with `/`) and where it is
/// read from.
#[derive(Clone, Debug, Serialize)]
pub struct SiteFile {
    pub path: String,
    #[serde(skip)]
    pub source: std::path::PathBuf,
}

impl Site {
    pub fn body(&self, code: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| *b.code == code)
    }

    pub fn list(&self, body: &str) -> Option<&ItemList> {
        self.lists.iter().find(|l| *l.body == body)
    }
}

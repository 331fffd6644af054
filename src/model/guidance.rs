use super::{Date, Located, PowerType, Span};
use serde::Serialize;

/// An item of a guidance catalog: a power that may be delegated to townships.
#[derive(Clone, Debug, Serialize)]
pub struct GuidanceItem {
    /// Unique across all catalogs; township items refer to it by `guidance = "..."`.
    pub id: Located<String>,
    pub number: Option<String>,
    pub name: String,
    pub power_type: Located<PowerType>,
    /// The county department that holds the power (code), where known.
    pub department: Option<Located<String>>,
    pub note: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

/// A province's or city's 指导目录 of items that may be delegated to townships.
#[derive(Clone, Debug, Serialize)]
pub struct Catalog {
    pub id: Located<String>,
    pub title: String,
    pub issuer: Option<String>,
    pub document: Option<String>,
    pub date: Option<Date>,
    /// 备注 and footnotes published with the catalog, shown with it.
    pub notes: Option<String>,
    pub items: Vec<GuidanceItem>,
}

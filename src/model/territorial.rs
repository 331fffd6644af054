use super::{Basis, Located, Span};
use serde::Serialize;

/// One matter of the 属地管理事项主体责任和配合责任清单.
#[derive(Clone, Debug, Serialize)]
pub struct Matter {
    pub code: Located<String>,
    pub number: Option<String>,
    /// 领域: 城乡建设, 生态环境, 应急管理 ...
    pub domain: String,
    pub name: String,
    /// County departments bearing 主体责任 (codes).
    pub primary: Vec<Located<String>>,
    pub primary_duty: String,
    /// 乡镇（街道）配合责任
    pub township_duty: String,
    /// Other supporting departments (codes) and what they do.
    pub supporting: Vec<Located<String>>,
    pub supporting_duty: Option<String>,
    pub basis: Basis,
    pub note: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

/// The county's territorial list; it applies to every township (scope notes go in `note`).
#[derive(Clone, Debug, Serialize)]
pub struct TerritorialList {
    pub title: String,
    pub document: Option<String>,
    pub effective: Option<super::Date>,
    /// 备注 and footnotes published with the list, shown with it.
    pub notes: Option<String>,
    pub matters: Vec<Matter>,
}

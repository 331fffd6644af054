use super::{Located, Span};
use serde::Serialize;

named! {
    /// What kind of 实施主体 a body is.
    pub enum BodyKind {
        /// The jurisdiction the site covers (县、县级市、区).
        County = "县",
        /// 乡
        Township = "乡",
        /// 镇
        Town = "镇",
        /// 街道
        Street = "街道",
        /// 县直部门
        Department = "部门",
    }
}

impl BodyKind {
    /// Townships, towns and street offices: the bodies whose lists citizens look up.
    pub fn is_grassroots(self) -> bool {
        matches!(self, BodyKind::Township | BodyKind::Town | BodyKind::Street)
    }
}

/// An internal office (内设机构): 党政办公室, 综合行政执法队, 便民服务中心 ...
#[derive(Clone, Debug, Serialize)]
pub struct Office {
    pub name: Located<String>,
    pub duties: Option<String>,
    pub phone: Option<String>,
}

/// A window (窗口) of the service center, where citizens hand in their matters.
#[derive(Clone, Debug, Serialize)]
pub struct Window {
    pub name: Located<String>,
    pub phone: Option<String>,
    pub scope: Option<String>,
}

/// 便民服务中心: where a citizen goes.
#[derive(Clone, Debug, Serialize)]
pub struct ServiceCenter {
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub hours: Option<String>,
    pub windows: Vec<Window>,
}

/// A body (实施主体): the county, a township or street office, or a county department.
#[derive(Clone, Debug, Serialize)]
pub struct Body {
    /// Short stable id used in links (`tangxi`), unique in the site.
    pub code: Located<String>,
    pub name: String,
    pub kind: BodyKind,
    /// 统一社会信用代码 or 行政区划代码, where published.
    pub official_code: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub hours: Option<String>,
    pub website: Option<String>,
    /// 监督电话 for the whole body; items may override it.
    pub supervision_phone: Option<String>,
    /// Markdown introduction, rendered by the theme.
    pub intro: Option<String>,
    pub service_center: Option<ServiceCenter>,
    pub offices: Vec<Office>,
    #[serde(skip)]
    pub span: Span,
}

impl Body {
    pub fn office(&self, name: &str) -> Option<&Office> {
        self.offices.iter().find(|o| *o.name == name)
    }

    pub fn window(&self, name: &str) -> Option<&Window> {
        self.service_center.as_ref()?.windows.iter().find(|w| *w.name == name)
    }
}

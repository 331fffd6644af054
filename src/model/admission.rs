use super::{Date, Located, Span};
use serde::Serialize;

named! {
    /// 准入类别
    pub enum AdmissionCategory {
        /// 新增职责事项
        NewDuty = "新增职责",
        /// 协助事项
        Assistance = "协助事项",
        /// 挂牌
        Signboard = "挂牌",
        /// 报表填报
        Reports = "报表填报",
        /// 督查检查考核
        Inspections = "督查检查考核",
    }
}

named! {
    /// 准入状态
    pub enum AdmissionStatus {
        Admitted = "准入",
        Adjusted = "调整",
        Exited = "退出",
    }
}

/// A task a county department was allowed to hand down to townships (准入事项).
#[derive(Clone, Debug, Serialize)]
pub struct Admission {
    pub code: Located<String>,
    /// 申请部门 (code).
    pub department: Located<String>,
    pub title: String,
    /// 事项内容及要求
    pub content: String,
    pub category: AdmissionCategory,
    pub basis: Option<String>,
    /// 准入理由
    pub reason: Option<String>,
    /// Townships concerned (codes); empty means all.
    pub townships: Vec<Located<String>>,
    pub period_from: Option<Date>,
    /// `None` with `long_term` means 长期.
    pub period_to: Option<Date>,
    pub long_term: bool,
    /// 人员保障
    pub staff: Option<String>,
    /// 经费保障 (费随事转)
    pub funds: Option<String>,
    /// 审批机关
    pub approved_by: String,
    /// 批准文号
    pub document: String,
    pub approved_on: Date,
    pub status: AdmissionStatus,
    pub note: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

/// The 准入清单 and its procedure (Markdown prose).
#[derive(Clone, Debug, Serialize)]
pub struct AdmissionList {
    pub title: String,
    pub document: Option<String>,
    /// 备注 and footnotes published with the list, shown with it.
    pub notes: Option<String>,
    pub items: Vec<Admission>,
    /// 准入程序, as Markdown.
    pub procedure: Option<String>,
}

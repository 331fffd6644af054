//! Why lists changed: the causes a publisher records for one adjustment (`content/adjustments.toml`,
//! frozen with each release). Each entry names the cause (情形, 申请单位, 理由, 依据, 审定文号) and
//! what it covers: one body's items, all of one body's changes, or the whole release; it may
//! also state a merge or a split the comparison cannot see.

use super::{Located, Span};
use serde::Serialize;

/// Situations a 编办 usually records (情形). Others are accepted as written.
pub const SITUATIONS: [&str; 8] =
    ["法律立改废释", "乡镇申请", "部门申请", "职责准入", "上级收回", "机构改革", "名称规范", "其他"];

/// The cause of a change as published: every text as the publisher wrote it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Cause {
    /// 情形: 法律立改废释, 乡镇申请 …
    pub situation: Option<String>,
    /// 申请单位.
    pub applicant: Option<String>,
    /// 理由.
    pub reason: Option<String>,
    /// 依据.
    pub basis: Option<String>,
    /// 审定文号.
    pub document: Option<String>,
}

impl Cause {
    pub fn is_empty(&self) -> bool {
        self == &Cause::default()
    }

    /// The cause in one line, for feeds and CSV: "情形：…；申请单位：…".
    pub fn summary(&self) -> String {
        self.labelled().map(|(label, text)| format!("{label}：{text}")).collect::<Vec<_>>().join("；")
    }

    /// Each text the publisher gave, with its Chinese label, in the order above.
    pub fn labelled(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            (Self::LABELS[0], &self.situation),
            (Self::LABELS[1], &self.applicant),
            (Self::LABELS[2], &self.reason),
            (Self::LABELS[3], &self.basis),
            (Self::LABELS[4], &self.document),
        ]
        .into_iter()
        .filter_map(|(label, text)| Some((label, text.as_deref()?)))
    }

    pub const LABELS: [&'static str; 5] = ["情形", "申请单位", "理由", "依据", "审定文号"];
}

/// What an entry states about the shape of the change, beyond its cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Relation {
    None,
    /// `items` (codes in the older version) became this one item (code in the newer version).
    MergeInto(Located<String>),
    /// The one item of `items` (code in the older version) became these (codes in the newer).
    SplitInto(Vec<Located<String>>),
}

/// One `[[adjustment]]` entry.
#[derive(Clone, Debug)]
pub struct Adjustment {
    pub cause: Cause,
    /// The body whose changes it covers; `None`: every change of the release.
    pub body: Option<Located<String>>,
    /// Item codes (old or new) it covers; empty: every change of `body`.
    pub items: Vec<Located<String>>,
    /// Change kinds it covers (their Chinese names: 新增, 收回 …); empty: all.
    pub kinds: Vec<Located<String>>,
    pub relation: Relation,
    /// The whole `[[adjustment]]` table, for diagnostics.
    pub span: Span,
}

/// The file's entries, in order.
#[derive(Clone, Debug, Default)]
pub struct Adjustments {
    pub entries: Vec<Adjustment>,
}

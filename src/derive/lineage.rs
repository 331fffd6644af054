//! Each current item's history as the downloads carry it (first published, last changed, how
//! often, earlier names and places), computed from the releases (`history::Chronicle`) and
//! handed to the exports with the `Index`. Plain data: the derivation knows no releases.

use crate::model::{Date, Item};
use std::borrow::Cow;
use std::collections::HashMap;

/// The history of one current item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemHistory {
    /// Effective date of the release that first published it; `None` while unreleased.
    pub first_published: Option<Date>,
    /// Effective date of the latest release that published or changed it in substance.
    pub last_changed: Option<Date>,
    /// Releases since the first that changed it in substance (cosmetic edits not counted).
    pub change_count: usize,
    /// Its earlier names, oldest first.
    pub renamed_from: Vec<String>,
    /// Where it was before (`body/code`), oldest first: earlier bodies (moves) and codes.
    pub moved_from: Vec<String>,
}

/// Every current item's history, by body and code.
#[derive(Clone, Debug, Default)]
pub struct Lineage {
    pub bodies: HashMap<String, HashMap<String, ItemHistory>>,
}

impl Lineage {
    pub fn of(&self, body: &str, code: &str) -> Option<&ItemHistory> {
        self.bodies.get(body)?.get(code)
    }
}

/// The columns the history adds to each item row of the downloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryColumn {
    FirstPublished,
    LastChanged,
    ChangeCount,
    RenamedFrom,
    MovedFrom,
}

impl HistoryColumn {
    pub const ALL: [HistoryColumn; 5] = [
        HistoryColumn::FirstPublished,
        HistoryColumn::LastChanged,
        HistoryColumn::ChangeCount,
        HistoryColumn::RenamedFrom,
        HistoryColumn::MovedFrom,
    ];

    /// Key in JSON, label in CSV headers, meaning for the data dictionary.
    pub fn describe(self) -> (&'static str, &'static str, &'static str) {
        match self {
            HistoryColumn::FirstPublished => {
                ("first_published", "首次发布", "首次发布该事项的版本的施行日期（由版本记录推算；尚未发布的事项为空）")
            }
            HistoryColumn::LastChanged => (
                "last_changed",
                "最近变化",
                "最近一次发布或实质修改该事项的版本的施行日期（只改标点、全角半角或空白的不算）",
            ),
            HistoryColumn::ChangeCount => {
                ("change_count", "变化次数", "首次发布之后有实质修改的版本数（整数；只改标点、全角半角或空白的不算）")
            }
            HistoryColumn::RenamedFrom => ("renamed_from", "曾用名称", "该事项以前的名称，按时间先后每行一个"),
            HistoryColumn::MovedFrom => (
                "moved_from",
                "原主体及编码",
                "该事项以前所在的实施主体和编码（主体代码/事项编码），按时间先后每行一个：移交或改编码前的位置",
            ),
        }
    }

    pub fn key(self) -> &'static str {
        self.describe().0
    }

    pub fn label(self) -> &'static str {
        self.describe().1
    }

    /// The column a header names (its key or its label), for import, which skips them.
    pub fn from_header(header: &str) -> Option<HistoryColumn> {
        Self::ALL.into_iter().find(|c| c.key() == header || c.label() == header)
    }

    /// This column's text for an item; empty without releases.
    pub fn text(self, history: Option<&ItemHistory>, _item: &Item) -> Cow<'static, str> {
        let Some(h) = history else { return Cow::Borrowed("") };
        let date = |d: Option<Date>| d.map(|d| Cow::Owned(d.to_string())).unwrap_or(Cow::Borrowed(""));
        match self {
            HistoryColumn::FirstPublished => date(h.first_published),
            HistoryColumn::LastChanged => date(h.last_changed),
            HistoryColumn::ChangeCount => match h.first_published {
                Some(_) => Cow::Owned(h.change_count.to_string()),
                None => Cow::Borrowed(""),
            },
            HistoryColumn::RenamedFrom => Cow::Owned(h.renamed_from.join("\n")),
            HistoryColumn::MovedFrom => Cow::Owned(h.moved_from.join("\n")),
        }
    }
}

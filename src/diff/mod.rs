//! Comparing two versions of the lists: which items were added, removed, renamed, modified
//! field by field, recalled by a department or moved to another body. Knows nothing of pages.
//!
//! Items are matched within a body by code, then by normalised name, then by name similarity
//! (normalised Levenshtein over characters ≥ `RENAME_THRESHOLD`, same part and 权力类型 family);
//! items left over on both sides are matched across bodies by name, which finds items a
//! department took back from a township.

mod matching;
mod output;
mod text;

pub use matching::diff_sites;
pub use output::{to_json, to_text};
pub use text::Segment;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    /// Moved from a township's basic part to its 上级部门收回事项 part.
    Recalled,
    /// Left one body's list and appeared in another's (typically a department's).
    Moved,
    Renamed,
    Modified,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 6] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Recalled,
        ChangeKind::Moved,
        ChangeKind::Renamed,
        ChangeKind::Modified,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "新增",
            ChangeKind::Removed => "取消",
            ChangeKind::Recalled => "收回",
            ChangeKind::Moved => "移交",
            ChangeKind::Renamed => "更名",
            ChangeKind::Modified => "修改",
        }
    }
}

/// One field that changed, with a character-level diff for highlighting.
#[derive(Clone, Debug, Serialize)]
pub struct FieldChange {
    pub key: &'static str,
    pub label: &'static str,
    pub old: String,
    pub new: String,
    pub segments: Vec<Segment>,
}

/// One item-level change.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The body whose list changed (for moves: where the item was).
    pub body: String,
    pub body_name: String,
    /// For moves: where the item went.
    pub to_body: Option<String>,
    pub to_body_name: Option<String>,
    pub code: String,
    /// Code in the newer version when it differs.
    pub new_code: Option<String>,
    pub name: String,
    /// Name in the newer version when it differs.
    pub new_name: Option<String>,
    /// 权力类型 label (newer version where there is one).
    pub power_type: String,
    pub part: String,
    pub fields: Vec<FieldChange>,
}

/// Bodies that appear or disappear between versions (a township added, a department merged).
#[derive(Clone, Debug, Serialize)]
pub struct BodyChange {
    pub kind: ChangeKind,
    pub code: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Diff {
    pub bodies: Vec<BodyChange>,
    pub changes: Vec<Change>,
}

impl Diff {
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty() && self.changes.is_empty()
    }

    /// Only the changes that concern one body (as source or destination).
    pub fn for_body(&self, code: &str) -> Diff {
        Diff {
            bodies: self.bodies.iter().filter(|b| b.code == code).cloned().collect(),
            changes: self
                .changes
                .iter()
                .filter(|c| c.body == code || c.to_body.as_deref() == Some(code))
                .cloned()
                .collect(),
        }
    }

    /// Counts per change kind and 权力类型, for summary tables.
    pub fn counts_by_type(&self) -> Vec<(String, Vec<usize>)> {
        let mut rows: Vec<(String, Vec<usize>)> = Vec::new();
        for c in &self.changes {
            let i = match rows.iter().position(|(t, _)| *t == c.power_type) {
                Some(i) => i,
                None => {
                    rows.push((c.power_type.clone(), vec![0; ChangeKind::ALL.len()]));
                    rows.len() - 1
                }
            };
            rows[i].1[c.kind as usize] += 1;
        }
        let order = |label: &str| crate::model::PowerType::parse(label).order();
        rows.sort_by(|a, b| (order(&a.0), &a.0).cmp(&(order(&b.0), &b.0)));
        rows
    }
}

//! Comparing two versions of the lists: which items were added, removed, renamed, modified
//! field by field, recalled by a department or moved to another body. Knows nothing of pages.
//!
//! Items are matched within a body by code, then by normalised name, then by name similarity
//! (normalised Levenshtein over characters ≥ `RENAME_THRESHOLD`, same part and 权力类型 family);
//! items left over on both sides are matched across bodies by name, which finds items a
//! department took back from a township. What is left over within a body is examined for
//! merges (several items became one) and splits (one became several, `relations.rs`); the
//! publisher can state these and the causes of the changes (`annotate.rs`). Changes whose
//! every edit is punctuation, width or whitespace are marked cosmetic (`cosmetic.rs`).

mod annotate;
pub mod cosmetic;
mod matching;
mod output;
mod relations;
mod text;

pub use annotate::{annotate, check as check_adjustments};
pub use matching::diff_sites;
pub use output::{to_json, to_text, Options};
pub use text::Segment;

use crate::model::Cause;
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
    /// Only punctuation, width or whitespace changed.
    pub cosmetic: bool,
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
    /// The part in the older version, when the item changed part (other than a recall, which
    /// its kind says).
    pub from_part: Option<String>,
    /// Codes of the departments the item names (相关部门, 交办部门), in either version.
    pub departments: Vec<String>,
    pub fields: Vec<FieldChange>,
    /// Every edit is punctuation, width or whitespace (see `cosmetic`).
    pub cosmetic: bool,
    /// Why it changed, as the publisher recorded it (`content/adjustments.toml`).
    pub causes: Vec<Cause>,
}

impl Change {
    /// The item's body and code in the newer version (`None` when it was removed).
    pub fn new_identity(&self) -> Option<(&str, &str)> {
        (self.kind != ChangeKind::Removed)
            .then(|| (self.to_body.as_deref().unwrap_or(&self.body), self.new_code.as_deref().unwrap_or(&self.code)))
    }

    /// The fields that changed in substance.
    pub fn substantive_fields(&self) -> impl Iterator<Item = &FieldChange> {
        self.fields.iter().filter(|f| !f.cosmetic)
    }
}

/// An item on one side of a merge or a split.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemRef {
    pub body: String,
    pub body_name: String,
    pub code: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RelationKind {
    /// Several items of the older version became one.
    Merge,
    /// One item of the older version became several.
    Split,
}

impl RelationKind {
    pub fn name(self) -> &'static str {
        match self {
            RelationKind::Merge => "合并",
            RelationKind::Split => "拆分",
        }
    }
}

/// A merge or a split: items of the older version (`from`) and what they became (`into`).
#[derive(Clone, Debug, Serialize)]
pub struct Relation {
    pub kind: RelationKind,
    pub from: Vec<ItemRef>,
    pub into: Vec<ItemRef>,
    /// Stated by the publisher (`merge_into`, `split_into`), not found by name similarity.
    pub declared: bool,
    pub causes: Vec<Cause>,
}

impl Relation {
    /// Whether an item of the older version (`old`) or of the newer one is part of it.
    pub fn involves(&self, body: &str, code: &str, old: bool) -> bool {
        let side = if old { &self.from } else { &self.into };
        side.iter().any(|r| r.body == body && r.code == code)
    }
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
    /// Merges and splits, found or stated.
    pub relations: Vec<Relation>,
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
            relations: self
                .relations
                .iter()
                .filter(|r| r.from.iter().chain(&r.into).any(|i| i.body == code))
                .cloned()
                .collect(),
        }
    }

    /// Without the cosmetic changes, and without the cosmetic field edits of the others.
    pub fn substantive(&self) -> Diff {
        let changes = self
            .changes
            .iter()
            .filter(|c| !c.cosmetic)
            .map(|c| Change { fields: c.substantive_fields().cloned().collect(), ..c.clone() })
            .collect();
        Diff { bodies: self.bodies.clone(), changes, relations: self.relations.clone() }
    }

    /// How many changes are cosmetic.
    pub fn cosmetic_count(&self) -> usize {
        self.changes.iter().filter(|c| c.cosmetic).count()
    }

    /// The merge or split an item takes part in: `old` for an item of the older version.
    pub fn relation_of(&self, body: &str, code: &str, old: bool) -> Option<&Relation> {
        self.relations.iter().find(|r| r.involves(body, code, old))
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

//! Changes between two versions as pages and feeds tell them: counts per kind of change and
//! the one-line summary ("新增 2 项，更名 1 项"). Shared by `history.rs` and `feed.rs`.
//! Cosmetic changes (only punctuation, width or whitespace) are counted apart: pages hide them
//! by default, so figures count what changed in substance.

use crate::diff::{Change, ChangeKind};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct KindCount {
    pub kind: ChangeKind,
    pub name: &'static str,
    pub count: usize,
}

/// How many substantive changes of each kind, in the order of `ChangeKind::ALL`.
pub(super) fn kind_counts(changes: &[&Change]) -> Vec<KindCount> {
    let mut counts = [0usize; 6];
    for c in changes.iter().filter(|c| !c.cosmetic) {
        counts[c.kind as usize] += 1;
    }
    ChangeKind::ALL.iter().map(|k| KindCount { kind: *k, name: k.name(), count: counts[*k as usize] }).collect()
}

/// How many of the changes are cosmetic.
pub(super) fn cosmetic_count(changes: &[&Change]) -> usize {
    changes.iter().filter(|c| c.cosmetic).count()
}

/// "新增 2 项，更名 1 项" (empty when nothing changed), then "另有 1 项仅格式修改".
pub(super) fn summary(changes: &[&Change]) -> String {
    let mut text = kind_counts(changes)
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| format!("{} {} 项", c.name, c.count))
        .collect::<Vec<_>>()
        .join("，");
    let cosmetic = cosmetic_count(changes);
    if cosmetic > 0 {
        if !text.is_empty() {
            text.push('，');
        }
        text.push_str(&format!("另有 {cosmetic} 项仅格式修改"));
    }
    text
}

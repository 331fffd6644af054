//! Changes between two versions as pages and feeds tell them: counts per kind of change and
//! the one-line summary ("新增 2 项，更名 1 项"). Shared by `history.rs` and `feed.rs`.

use crate::diff::{Change, ChangeKind};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct KindCount {
    pub kind: ChangeKind,
    pub name: &'static str,
    pub count: usize,
}

/// How many changes of each kind, in the order of `ChangeKind::ALL`.
pub(super) fn kind_counts(changes: &[&Change]) -> Vec<KindCount> {
    let mut counts = [0usize; 6];
    for c in changes {
        counts[c.kind as usize] += 1;
    }
    ChangeKind::ALL.iter().map(|k| KindCount { kind: *k, name: k.name(), count: counts[*k as usize] }).collect()
}

/// "新增 2 项，更名 1 项" (empty when nothing changed).
pub(super) fn summary(changes: &[&Change]) -> String {
    kind_counts(changes)
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| format!("{} {} 项", c.name, c.count))
        .collect::<Vec<_>>()
        .join("，")
}

//! Merges and splits found by name: what a comparison leaves unexplained within one body.
//!
//! Several old items whose names are each largely contained in one new item's name became
//! that item (a merge: "对未取得施工许可证擅自施工的处罚" and "对未按规定办理施工许可的处罚" →
//! "对未取得施工许可证擅自施工或未按规定办理施工许可的处罚"); new items whose names are each
//! largely contained in one old item's name came from it (a split). "Contained" is measured on
//! character bigrams, which suits Chinese: the share of one name's bigrams found in the other.
//! Only items of the same kind of power are related, and a group needs at least two members on
//! its side (the partner an item was matched with counts), so a lone look-alike stays a removal
//! and an addition.

use super::RelationKind;
use crate::model::{normalize_name, Item};
use std::collections::{BTreeMap, BTreeSet};

/// At least this share of an item's name bigrams must occur in the other name.
pub const CONTAINMENT: f64 = 0.6;

/// Merges and splits among `gone` (unmatched old indexes) and `came` (unmatched new indexes),
/// given the `pairs` matched in the body: `(kind, old indexes, new indexes)`.
pub fn detect(
    old: &[Item],
    new: &[Item],
    pairs: &[(usize, usize)],
    gone: &[usize],
    came: &[usize],
) -> Vec<(RelationKind, Vec<usize>, Vec<usize>)> {
    if gone.is_empty() && came.is_empty() {
        return Vec::new();
    }
    let grams = |items: &[Item]| -> Vec<BTreeSet<(char, char)>> { items.iter().map(|i| bigrams(&i.name)).collect() };
    let (old_grams, new_grams) = (grams(old), grams(new));
    let partner_of_new: BTreeMap<usize, usize> = pairs.iter().map(|&(i, j)| (j, i)).collect();
    let partner_of_old: BTreeMap<usize, usize> = pairs.iter().copied().collect();
    let mut out = Vec::new();

    // Merges: each gone item to the new item that best contains its name.
    let mut into: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in gone {
        let best = (0..new.len())
            .filter(|&j| comparable(&old[i], &new[j]))
            .map(|j| (containment(&old_grams[i], &new_grams[j]), j))
            .filter(|(score, _)| *score >= CONTAINMENT)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((_, j)) = best {
            into.entry(j).or_default().push(i);
        }
    }
    let mut merged_old: BTreeSet<usize> = BTreeSet::new();
    let mut merge_targets: BTreeSet<usize> = BTreeSet::new();
    for (j, mut sources) in into {
        sources.extend(partner_of_new.get(&j));
        if sources.len() < 2 {
            continue;
        }
        sources.sort_unstable();
        merged_old.extend(sources.iter().copied());
        merge_targets.insert(j);
        out.push((RelationKind::Merge, sources, vec![j]));
    }

    // Splits: each new item (not a merge's result) to the old item whose name best contains it.
    let mut from: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &j in came.iter().filter(|j| !merge_targets.contains(j)) {
        let best = (0..old.len())
            .filter(|i| !merged_old.contains(i) && comparable(&old[*i], &new[j]))
            .map(|i| (containment(&new_grams[j], &old_grams[i]), i))
            .filter(|(score, _)| *score >= CONTAINMENT)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((_, i)) = best {
            from.entry(i).or_default().push(j);
        }
    }
    for (i, mut targets) in from {
        targets.extend(partner_of_old.get(&i));
        if targets.len() < 2 {
            continue;
        }
        targets.sort_unstable();
        out.push((RelationKind::Split, vec![i], targets));
    }
    out
}

/// The distinct character bigrams of a name as matching compares it.
fn bigrams(name: &str) -> BTreeSet<(char, char)> {
    let chars: Vec<char> = normalize_name(name).chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// The share of `part`'s bigrams that occur in `whole`.
fn containment(part: &BTreeSet<(char, char)>, whole: &BTreeSet<(char, char)>) -> f64 {
    if part.is_empty() {
        return 0.0;
    }
    part.intersection(whole).count() as f64 / part.len() as f64
}

/// Similar names only count as a rename within the same kind of power.
pub(super) fn comparable(a: &Item, b: &Item) -> bool {
    let ta = a.power_type.as_ref().and_then(|t| t.official);
    let tb = b.power_type.as_ref().and_then(|t| t.official);
    ta.is_none() || tb.is_none() || ta == tb
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(names: &[&str]) -> Vec<Item> {
        names
            .iter()
            .enumerate()
            .map(|(n, name)| {
                let code = crate::model::Located::new(format!("C-{n}"), crate::model::Span::default());
                Item::new(crate::model::Part::Basic, code, name.to_string())
            })
            .collect()
    }

    #[test]
    fn two_items_in_one_name_are_a_merge_and_one_in_two_a_split() {
        let old = items(&["对未取得施工许可证擅自施工的处罚", "对未按规定办理施工许可的处罚", "最低生活保障审核确认"]);
        let new = items(&["对未取得施工许可证擅自施工或未按规定办理施工许可的处罚", "最低生活保障审核确认"]);
        let found = detect(&old, &new, &[(2, 1)], &[0, 1], &[0]);
        assert_eq!(found, vec![(RelationKind::Merge, vec![0, 1], vec![0])]);

        let old = items(&["农村村民宅基地审批和乡村建设规划许可证核发"]);
        let new = items(&["农村村民宅基地审批", "乡村建设规划许可证核发"]);
        assert_eq!(detect(&old, &new, &[], &[0], &[0, 1]), vec![(RelationKind::Split, vec![0], vec![0, 1])]);
    }

    #[test]
    fn a_lone_look_alike_or_an_unrelated_name_is_no_relation() {
        let old = items(&["对违法建房的处罚"]);
        let new = items(&["对违法建房行为的处罚和强制拆除"]);
        assert!(detect(&old, &new, &[], &[0], &[0]).is_empty(), "one to one is no merge");
        let old = items(&["对违法建房的处罚", "对非法采砂的处罚"]);
        let new = items(&["对在人口集中地区焚烧沥青的处罚"]);
        assert!(detect(&old, &new, &[], &[0, 1], &[0]).is_empty(), "the shared 的处罚 is not enough");
    }
}

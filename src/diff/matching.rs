use super::cosmetic::only_format;
use super::relations::comparable;
use super::text::char_diff;
use super::{BodyChange, Change, ChangeKind, Diff, FieldChange, ItemRef, Relation};
use crate::model::normalize_name;
use crate::model::{Field, Item, Part, Site};
use std::collections::{BTreeSet, HashMap};

/// Two names at least this similar (normalised Levenshtein over characters, 0..1) are taken as
/// a rename of one item, when nothing better matches. 0.7 accepts "对露天焚烧秸秆的处罚" →
/// "对露天焚烧秸秆、落叶的处罚" (0.77) and rejects unrelated items of the same pattern.
pub const RENAME_THRESHOLD: f64 = 0.7;

/// Above this many candidate pairs in one body, similarity matching is skipped (exact code and
/// name matching still apply), so a wholesale rewrite cannot make the diff quadratic.
const MAX_SIMILARITY_PAIRS: usize = 250_000;

/// Columns not compared: `part` is reported as the change kind, `number` (序号) shifts whenever
/// an item is inserted above and would drown the real changes.
const NOT_COMPARED: [Field; 3] = [Field::Part, Field::Number, Field::Code];

struct Side<'s> {
    body: &'s str,
    item: &'s Item,
    /// Its index in its body's list.
    index: usize,
}

pub fn diff_sites(a: &Site, b: &Site) -> Diff {
    let names: HashMap<&str, &str> =
        a.bodies.iter().chain(&b.bodies).map(|x| (x.code.value.as_str(), x.name.as_str())).collect();
    let name_of = |code: &str| names.get(code).copied().unwrap_or(code).to_string();

    let codes_a: BTreeSet<&str> = a.bodies.iter().map(|x| x.code.value.as_str()).collect();
    let codes_b: BTreeSet<&str> = b.bodies.iter().map(|x| x.code.value.as_str()).collect();
    let mut diff = Diff::default();
    for code in codes_a.difference(&codes_b) {
        diff.bodies.push(BodyChange { kind: ChangeKind::Removed, code: code.to_string(), name: name_of(code) });
    }
    for code in codes_b.difference(&codes_a) {
        diff.bodies.push(BodyChange { kind: ChangeKind::Added, code: code.to_string(), name: name_of(code) });
    }

    let lists_a: HashMap<&str, &[Item]> = a.lists.iter().map(|l| (l.body.value.as_str(), l.items.as_slice())).collect();
    let lists_b: HashMap<&str, &[Item]> = b.lists.iter().map(|l| (l.body.value.as_str(), l.items.as_slice())).collect();
    let list_codes: BTreeSet<&str> = lists_a.keys().chain(lists_b.keys()).copied().collect();

    let mut removed: Vec<Side> = Vec::new();
    let mut added: Vec<Side> = Vec::new();
    // Per body: its two lists and the pairs matched within it, for merges and splits.
    let mut matched: Vec<BodyMatch> = Vec::new();
    for body in list_codes {
        let old = lists_a.get(body).copied().unwrap_or(&[]);
        let new = lists_b.get(body).copied().unwrap_or(&[]);
        let (pairs, only_old, only_new) = match_items(old, new, true);
        for &(i, j) in &pairs {
            if let Some(change) = compare(body, &old[i], &new[j], &name_of) {
                diff.changes.push(change);
            }
        }
        removed.extend(only_old.into_iter().map(|i| Side { body, item: &old[i], index: i }));
        added.extend(only_new.into_iter().map(|j| Side { body, item: &new[j], index: j }));
        matched.push(BodyMatch { body, old, new, pairs });
    }

    // Across bodies: an item that left one list and appeared in another is a move.
    let old_items: Vec<Item> = removed.iter().map(|s| s.item.clone()).collect();
    let new_items: Vec<Item> = added.iter().map(|s| s.item.clone()).collect();
    let (moves, mut still_removed, mut still_added) = match_items(&old_items, &new_items, false);
    for (i, j) in moves {
        let (from, to) = (&removed[i], &added[j]);
        if from.body == to.body {
            still_removed.push(i);
            still_added.push(j);
            continue;
        }
        let mut change = compare(from.body, from.item, to.item, &name_of)
            .unwrap_or_else(|| plain(ChangeKind::Moved, from.body, from.item, &name_of));
        change.kind = ChangeKind::Moved;
        change.cosmetic = false;
        change.to_body = Some(to.body.to_string());
        change.to_body_name = Some(name_of(to.body));
        diff.changes.push(change);
    }
    still_removed.sort_unstable();
    still_added.sort_unstable();
    for &i in &still_removed {
        diff.changes.push(plain(ChangeKind::Removed, removed[i].body, removed[i].item, &name_of));
    }
    for &j in &still_added {
        diff.changes.push(plain(ChangeKind::Added, added[j].body, added[j].item, &name_of));
    }
    // Merges and splits within a body, among what is still unexplained.
    for m in &matched {
        let gone: Vec<usize> =
            still_removed.iter().filter(|&&i| removed[i].body == m.body).map(|&i| removed[i].index).collect();
        let came: Vec<usize> =
            still_added.iter().filter(|&&j| added[j].body == m.body).map(|&j| added[j].index).collect();
        for (kind, from, into) in super::relations::detect(m.old, m.new, &m.pairs, &gone, &came) {
            let refs = |items: &[Item], idx: &[usize]| -> Vec<ItemRef> {
                idx.iter()
                    .map(|&i| ItemRef {
                        body: m.body.to_string(),
                        body_name: name_of(m.body),
                        code: items[i].code.value.clone(),
                        name: items[i].name.clone(),
                    })
                    .collect()
            };
            diff.relations.push(Relation {
                kind,
                from: refs(m.old, &from),
                into: refs(m.new, &into),
                declared: false,
                causes: Vec::new(),
            });
        }
    }
    diff.changes.sort_by(|x, y| (&x.body, x.kind, &x.code).cmp(&(&y.body, y.kind, &y.code)));
    diff
}

/// One body's lists in the two versions and the items matched within it.
struct BodyMatch<'s> {
    body: &'s str,
    old: &'s [Item],
    new: &'s [Item],
    pairs: Vec<(usize, usize)>,
}

/// Matches items of two versions: by code (when `by_code`), then by normalised name, then by
/// similarity. Returns matched index pairs and the unmatched indexes of each side.
fn match_items(old: &[Item], new: &[Item], by_code: bool) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let mut taken_old = vec![false; old.len()];
    let mut taken_new = vec![false; new.len()];
    let mut pairs = Vec::new();

    if by_code {
        let by_code: HashMap<&str, usize> = new.iter().enumerate().map(|(j, it)| (it.code.value.as_str(), j)).collect();
        for (i, it) in old.iter().enumerate() {
            if let Some(&j) = by_code.get(it.code.value.as_str()) {
                if !taken_new[j] {
                    taken_old[i] = true;
                    taken_new[j] = true;
                    pairs.push((i, j));
                }
            }
        }
    }

    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, it) in new.iter().enumerate().filter(|(j, _)| !taken_new[*j]) {
        by_name.entry(normalize_name(&it.name)).or_default().push(j);
    }
    for (i, it) in old.iter().enumerate() {
        if taken_old[i] {
            continue;
        }
        if let Some(js) = by_name.get_mut(&normalize_name(&it.name)) {
            if let Some(pos) = js.iter().position(|j| !taken_new[*j]) {
                let j = js.remove(pos);
                taken_old[i] = true;
                taken_new[j] = true;
                pairs.push((i, j));
            }
        }
    }

    let left: Vec<usize> = (0..old.len()).filter(|i| !taken_old[*i]).collect();
    let right: Vec<usize> = (0..new.len()).filter(|j| !taken_new[*j]).collect();
    if !left.is_empty() && !right.is_empty() && left.len() * right.len() <= MAX_SIMILARITY_PAIRS {
        let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
        for &i in &left {
            for &j in &right {
                if !comparable(&old[i], &new[j]) {
                    continue;
                }
                let score =
                    strsim::normalized_levenshtein(&normalize_name(&old[i].name), &normalize_name(&new[j].name));
                if score >= RENAME_THRESHOLD {
                    candidates.push((score, i, j));
                }
            }
        }
        candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        for (_, i, j) in candidates {
            if !taken_old[i] && !taken_new[j] {
                taken_old[i] = true;
                taken_new[j] = true;
                pairs.push((i, j));
            }
        }
    }
    pairs.sort();
    let only_old = (0..old.len()).filter(|i| !taken_old[*i]).collect();
    let only_new = (0..new.len()).filter(|j| !taken_new[*j]).collect();
    (pairs, only_old, only_new)
}

/// The change between two matched items, or `None` if nothing published changed.
fn compare(body: &str, old: &Item, new: &Item, name_of: &dyn Fn(&str) -> String) -> Option<Change> {
    let fields: Vec<FieldChange> = Field::ALL
        .iter()
        .filter(|f| !NOT_COMPARED.contains(f))
        // 状态 belongs to basic items: a recall says more than "实施" becoming empty.
        .filter(|f| !(**f == Field::Status && old.part != new.part))
        .filter_map(|&f| {
            let (o, n) = (old.text(f), new.text(f));
            (o != n).then(|| FieldChange {
                key: f.key(),
                label: f.label(),
                segments: char_diff(&o, &n),
                cosmetic: only_format(&o, &n),
                old: o.into_owned(),
                new: n.into_owned(),
            })
        })
        .chain(extra_changes(old, new))
        .collect();
    let code_changed = old.code.value != new.code.value;
    let kind = if old.part != Part::Recalled && new.part == Part::Recalled {
        ChangeKind::Recalled
    } else if normalize_name(&old.name) != normalize_name(&new.name) {
        ChangeKind::Renamed
    } else if !fields.is_empty() || code_changed || old.part != new.part {
        ChangeKind::Modified
    } else {
        return None;
    };
    let part_changed = old.part != new.part;
    let mut change = plain(kind, body, new, name_of);
    change.code = old.code.value.clone();
    change.name = old.name.clone();
    change.new_code = code_changed.then(|| new.code.value.clone());
    change.new_name = (old.name != new.name).then(|| new.name.clone());
    change.from_part = (part_changed && kind != ChangeKind::Recalled).then(|| old.part.name().to_string());
    for code in departments(old) {
        if !change.departments.iter().any(|d| d == code) {
            change.departments.push(code.to_string());
        }
    }
    change.departments.sort();
    change.cosmetic = matches!(kind, ChangeKind::Modified | ChangeKind::Renamed)
        && !code_changed
        && !part_changed
        && !fields.is_empty()
        && fields.iter().all(|f| f.cosmetic);
    change.fields = fields;
    Some(change)
}

/// Changes in the publisher's own extra columns.
fn extra_changes<'a>(old: &'a Item, new: &'a Item) -> impl Iterator<Item = FieldChange> + 'a {
    let keys: BTreeSet<&str> = old.extra.iter().chain(&new.extra).map(|(k, _)| k.as_str()).collect();
    keys.into_iter().filter_map(move |k| {
        let (o, n) = (old.extra(k), new.extra(k));
        (o != n).then(|| FieldChange {
            key: "extra",
            label: "其他列",
            segments: char_diff(o, n),
            cosmetic: only_format(o, n),
            old: format!("{k}：{o}"),
            new: format!("{k}：{n}"),
        })
    })
}

fn plain(kind: ChangeKind, body: &str, item: &Item, name_of: &dyn Fn(&str) -> String) -> Change {
    Change {
        kind,
        body: body.to_string(),
        body_name: name_of(body),
        to_body: None,
        to_body_name: None,
        code: item.code.value.clone(),
        new_code: None,
        name: item.name.clone(),
        new_name: None,
        power_type: item.power_type.as_ref().map(|t| t.label().to_string()).unwrap_or_default(),
        part: item.part.name().to_string(),
        from_part: None,
        departments: {
            let mut codes: Vec<String> = departments(item).map(str::to_string).collect();
            codes.sort();
            codes.dedup();
            codes
        },
        fields: Vec::new(),
        cosmetic: false,
        causes: Vec::new(),
    }
}

/// The departments an item names: 相关部门 and 交办部门.
fn departments(item: &Item) -> impl Iterator<Item = &str> {
    item.departments
        .iter()
        .map(|r| r.department.value.as_str())
        .chain(item.assigned_by.iter().map(|d| d.value.as_str()))
}

//! The publisher's word on a comparison (`content/adjustments.toml` of the newer version): the
//! cause of each change it covers, and the merges and splits it states. Stated relations
//! replace any found by name that share an item with them.

use super::{Change, Diff, ItemRef, Relation, RelationKind};
use crate::diag::{Diagnostic, Location};
use crate::model::{Adjustment, Adjustments, Site};

/// Whether an entry covers a change.
fn covers(entry: &Adjustment, c: &Change) -> bool {
    if let Some(body) = &entry.body {
        if c.body != body.value && c.to_body.as_deref() != Some(body.value.as_str()) {
            return false;
        }
    }
    if !entry.kinds.is_empty() && !entry.kinds.iter().any(|k| k.value == c.kind.name()) {
        return false;
    }
    if entry.items.is_empty() {
        return true;
    }
    let codes = [Some(c.code.as_str()), c.new_code.as_deref()];
    let targets = match &entry.relation {
        crate::model::Relation::MergeInto(into) => vec![into.value.as_str()],
        crate::model::Relation::SplitInto(into) => into.iter().map(|c| c.value.as_str()).collect(),
        crate::model::Relation::None => Vec::new(),
    };
    entry.items.iter().map(|i| i.value.trim()).chain(targets).any(|code| codes.contains(&Some(code)))
}

/// An item of a version by body and code, as a relation names it.
fn item_ref(site: &Site, body: &str, code: &str) -> Option<ItemRef> {
    let list = site.lists.iter().find(|l| l.body.value == body)?;
    let item = list.items.iter().find(|i| i.code.value == code)?;
    let body_name = site.bodies.iter().find(|b| b.code.value == body).map(|b| b.name.clone());
    Some(ItemRef {
        body: body.to_string(),
        body_name: body_name.unwrap_or_else(|| body.to_string()),
        code: code.to_string(),
        name: item.name.clone(),
    })
}

/// The relation an entry states, when all its items are found in the two versions.
fn stated(entry: &Adjustment, a: &Site, b: &Site) -> Option<Relation> {
    let body = entry.body.as_ref()?.value.as_str();
    let from: Option<Vec<ItemRef>> = entry.items.iter().map(|c| item_ref(a, body, c.value.trim())).collect();
    let (kind, into): (RelationKind, Option<Vec<ItemRef>>) = match &entry.relation {
        crate::model::Relation::None => return None,
        crate::model::Relation::MergeInto(into) => {
            (RelationKind::Merge, item_ref(b, body, into.value.trim()).map(|r| vec![r]))
        }
        crate::model::Relation::SplitInto(into) => {
            (RelationKind::Split, into.iter().map(|c| item_ref(b, body, c.value.trim())).collect())
        }
    };
    let (from, into) = (from?, into?);
    let enough = match kind {
        RelationKind::Merge => from.len() >= 2 && into.len() == 1,
        RelationKind::Split => from.len() == 1 && into.len() >= 2,
    };
    enough.then(|| Relation { kind, from, into, declared: true, causes: vec![entry.cause.clone()] })
}

/// Adds the causes and stated relations of `adjustments` (those of the newer version `b`) to
/// the comparison of `a` with `b`.
pub fn annotate(diff: &mut Diff, adjustments: &Adjustments, a: &Site, b: &Site) {
    for entry in &adjustments.entries {
        if entry.cause.is_empty() {
            continue;
        }
        for c in diff.changes.iter_mut().filter(|c| covers(entry, c)) {
            if !c.causes.contains(&entry.cause) {
                c.causes.push(entry.cause.clone());
            }
        }
    }
    for entry in &adjustments.entries {
        let Some(relation) = stated(entry, a, b) else { continue };
        let members: Vec<(bool, &ItemRef)> =
            relation.from.iter().map(|r| (true, r)).chain(relation.into.iter().map(|r| (false, r))).collect();
        diff.relations.retain(|r| r.declared || !members.iter().any(|(old, m)| r.involves(&m.body, &m.code, *old)));
        diff.relations.push(relation);
    }
    // A found relation takes the causes of the changes it explains.
    for r in diff.relations.iter_mut().filter(|r| !r.declared) {
        for c in &diff.changes {
            let old = r.involves(&c.body, &c.code, true);
            let new = c.new_identity().is_some_and(|(body, code)| r.involves(body, code, false));
            if old || new {
                for cause in &c.causes {
                    if !r.causes.contains(cause) {
                        r.causes.push(cause.clone());
                    }
                }
            }
        }
    }
}

/// Warnings for entries that cover nothing in the comparison they describe (of the latest
/// release with the sources being prepared): a wrong code, a body without changes, an entry
/// left over from the last release.
pub fn check(diff: &Diff, adjustments: &Adjustments, a: &Site, b: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let hint = "调整说明只写本次调整（最近一个版本之后）的变化；上一次调整的说明已随版本冻结，可以删除";
    for entry in &adjustments.entries {
        if let Some(body) = &entry.body {
            let known = |s: &Site| s.bodies.iter().any(|x| x.code.value == body.value);
            if !known(a) && !known(b) {
                out.push(
                    Diagnostic::warning(Location::Span(body.span), format!("没有代码为 `{}` 的实施主体", body.value))
                        .hint("body 写实施主体代码（content/bodies/ 中的文件名），如 tangxi"),
                );
                continue;
            }
        }
        for code in &entry.items {
            let changed = diff
                .changes
                .iter()
                .any(|c| covers(&Adjustment { items: vec![code.clone()], kinds: Vec::new(), ..entry.clone() }, c));
            if !changed {
                let body = entry.body.as_ref().map(|b| b.value.as_str()).unwrap_or_default();
                out.push(
                    Diagnostic::warning(
                        Location::Span(code.span),
                        format!(
                            "事项 `{}` 在本次调整中没有变化（与最近发布的版本相比，{body} 的清单中没有它的变化）",
                            code.value
                        ),
                    )
                    .hint(hint),
                );
            }
        }
        if !diff.changes.iter().any(|c| covers(entry, c)) && entry.items.is_empty() {
            out.push(Diagnostic::warning(Location::Span(entry.span), "这条调整说明没有对应的变化").hint(hint));
        }
        if !matches!(entry.relation, crate::model::Relation::None) && stated(entry, a, b).is_none() {
            out.push(
                Diagnostic::warning(Location::Span(entry.span), "合并或拆分中有事项编码找不到")
                    .hint("items 写最近发布版本中的原事项编码，merge_into、split_into 写当前清单中的新事项编码"),
            );
        }
    }
    out
}

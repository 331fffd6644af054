//! The changes between two versions as a CSV table (`qingdan diff --format csv`), one row per
//! changed field, through the same guarded writer as every other CSV.

use crate::diff::{Change, Diff, RelationKind};
use crate::model::Cause;

/// One row per changed field (or per change without field changes), UTF-8 with BOM for Excel,
/// written like every other CSV of qingdan (formula-looking cells neutralised). Each row
/// carries the change's causes and the merge or split it is part of.
pub fn to_csv(diff: &Diff) -> String {
    let mut header = vec![
        "变化",
        "实施主体代码",
        "实施主体",
        "移交至",
        "事项编码",
        "新事项编码",
        "事项名称",
        "新事项名称",
        "权力类型",
        "清单部分",
        "仅格式修改",
        "合并拆分",
    ];
    header.extend(Cause::LABELS);
    header.extend(["字段", "原内容", "新内容"]);
    // Writing to memory cannot fail.
    let Ok(mut w) = super::csv::Writer::new(Vec::new(), &header) else { return String::new() };
    for c in &diff.changes {
        let relation = relation_text(diff, c);
        let causes: Vec<String> = (0..Cause::LABELS.len()).map(|k| cause_column(&c.causes, k)).collect();
        let mut base: Vec<&str> = vec![
            c.kind.name(),
            &c.body,
            &c.body_name,
            c.to_body_name.as_deref().unwrap_or(""),
            &c.code,
            c.new_code.as_deref().unwrap_or(""),
            &c.name,
            c.new_name.as_deref().unwrap_or(""),
            &c.power_type,
            &c.part,
            if c.cosmetic { "是" } else { "否" },
            &relation,
        ];
        base.extend(causes.iter().map(String::as_str));
        if c.fields.is_empty() {
            let _ = w.row(&[&base[..], &["", "", ""]].concat());
        }
        for f in &c.fields {
            let _ = w.row(&[&base[..], &[f.label, f.old.as_str(), f.new.as_str()]].concat());
        }
    }
    String::from_utf8(w.finish().unwrap_or_default()).unwrap_or_default()
}

/// One cause text (the `k`-th label) of every cause, one per line.
fn cause_column(causes: &[Cause], k: usize) -> String {
    let texts: Vec<&str> = causes
        .iter()
        .filter_map(|c| c.labelled().find(|(label, _)| *label == Cause::LABELS[k]).map(|(_, t)| t))
        .collect();
    texts.join("\n")
}

/// "并入 TX-CF-010 …" / "由 TX-CF-003、TX-CF-004 合并" / "拆分为 …" / "由 … 拆分".
fn relation_text(diff: &Diff, c: &Change) -> String {
    let list = |items: &[crate::diff::ItemRef]| {
        items.iter().map(|i| format!("{} {}", i.code, i.name)).collect::<Vec<_>>().join("、")
    };
    if let Some(r) = diff.relation_of(&c.body, &c.code, true) {
        return match r.kind {
            RelationKind::Merge => format!("并入 {}", list(&r.into)),
            RelationKind::Split => format!("拆分为 {}", list(&r.into)),
        };
    }
    if let Some((body, code)) = c.new_identity() {
        if let Some(r) = diff.relation_of(body, code, false) {
            return match r.kind {
                RelationKind::Merge => format!("由 {} 合并而成", list(&r.from)),
                RelationKind::Split => format!("由 {} 拆分而来", list(&r.from)),
            };
        }
    }
    String::new()
}

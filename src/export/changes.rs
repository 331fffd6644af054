//! The changes between two versions as a CSV table (`qingdan diff --format csv`), one row per
//! changed field, through the same guarded writer as every other CSV.

use crate::diff::Diff;

/// One row per changed field (or per change without field changes), UTF-8 with BOM for Excel,
/// written like every other CSV of qingdan (formula-looking cells neutralised).
pub fn to_csv(diff: &Diff) -> String {
    let header = [
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
        "字段",
        "原内容",
        "新内容",
    ];
    // Writing to memory cannot fail.
    let Ok(mut w) = super::csv::Writer::new(Vec::new(), &header) else { return String::new() };
    for c in &diff.changes {
        let base = [
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
        ];
        if c.fields.is_empty() {
            let _ = w.row(&[&base[..], &["", "", ""]].concat());
        }
        for f in &c.fields {
            let _ = w.row(&[&base[..], &[f.label, f.old.as_str(), f.new.as_str()]].concat());
        }
    }
    String::from_utf8(w.finish().unwrap_or_default()).unwrap_or_default()
}

//! `content/adjustments.toml`: why the lists changed in the adjustment being prepared. Optional;
//! `qingdan release` freezes it with the rest of `content/`, so each release keeps its own.
//!
//! ```toml
//! [[adjustment]]
//! situation = "上级收回"            # 情形
//! applicant = "县住房和城乡建设局"    # 申请单位
//! reason = "专业性强，乡镇难以承接"    # 理由
//! basis = "《浙江省……》"             # 依据
//! document = "青编办〔2025〕8号"      # 审定文号
//! body = "tangxi"                   # 不写：本次全部变化
//! items = ["TX-XK-003"]             # 不写：该主体的全部变化
//! kinds = ["收回"]                   # 不写：各类变化
//! ```

use super::table::{FileCx, Table};
use crate::diag::{Diagnostics, SourceMap};
use crate::model::{Adjustment, Adjustments, Cause, Relation};
use std::path::Path;

/// Where the file lives, relative to the site root (or a release's snapshot).
pub const FILE: &str = "content/adjustments.toml";

/// The change kinds an entry may name in `kinds`.
pub const KIND_NAMES: [&str; 6] = ["新增", "取消", "收回", "移交", "更名", "修改"];

/// Reads `content/adjustments.toml` under `root`, if there is one.
pub fn load(root: &Path, map: &mut SourceMap, diags: &mut Diagnostics) -> Option<Adjustments> {
    let path = root.join(FILE);
    super::read_optional(map, diags, &path, read).flatten()
}

fn read(cx: &mut FileCx, t: &mut Table, _path: &Path) -> Option<Adjustments> {
    let entries = t
        .tables(cx, "adjustment")
        .into_iter()
        .filter_map(|mut e| {
            let entry = read_entry(cx, &mut e);
            e.finish(cx);
            entry
        })
        .collect();
    Some(Adjustments { entries })
}

fn read_entry(cx: &mut FileCx, t: &mut Table) -> Option<Adjustment> {
    let text = |t: &mut Table, cx: &mut FileCx, key| t.text(cx, key).map(|v| v.value.trim().to_string());
    let cause = Cause {
        situation: text(t, cx, "situation"),
        applicant: text(t, cx, "applicant"),
        reason: text(t, cx, "reason"),
        basis: text(t, cx, "basis"),
        document: text(t, cx, "document"),
    };
    let body = t.text(cx, "body");
    let items = t.texts(cx, "items");
    let kinds = t.texts(cx, "kinds");
    let merge = t.text(cx, "merge_into");
    let split = t.texts(cx, "split_into");
    let span = t.span(cx);
    let what = t.what().to_string();
    if cause.is_empty() && merge.is_none() && split.is_empty() {
        cx.error_at(span, format!("{what}没有写调整原因")).hint = Some(
            "至少写一项：situation（情形）、applicant（申请单位）、reason（理由）、basis（依据）、document（审定文号）"
                .into(),
        );
    }
    for k in &kinds {
        if !KIND_NAMES.contains(&k.value.as_str()) {
            let d = cx.error_at(k.span, format!("变化类型“{}”无效", k.value));
            d.label = Some(format!("可选值：{}", KIND_NAMES.join("、")));
        }
    }
    if body.is_none() && !items.is_empty() {
        cx.error_at(span, format!("{what}列出了事项 items，但没有写 body（实施主体代码）")).hint =
            Some("事项编码只在一个主体内唯一：添加一行 body = \"主体代码\"".into());
    }
    let relation = match (merge, split.is_empty()) {
        (Some(_), false) => {
            cx.error_at(span, format!("{what}不能同时写 merge_into 和 split_into"));
            Relation::None
        }
        (Some(into), true) => {
            if body.is_none() || items.len() < 2 {
                cx.error_at(into.span, "合并（merge_into）需要 body 和至少两个被合并的事项 items").hint =
                    Some("写成 body = \"tangxi\"、items = [\"原编码1\", \"原编码2\"]、merge_into = \"新编码\"".into());
            }
            Relation::MergeInto(into)
        }
        (None, false) => {
            if body.is_none() || items.len() != 1 || split.len() < 2 {
                cx.error_at(span, "拆分（split_into）需要 body、一个被拆分的事项 items 和至少两个新事项").hint = Some(
                    "写成 body = \"tangxi\"、items = [\"原编码\"]、split_into = [\"新编码1\", \"新编码2\"]".into(),
                );
            }
            Relation::SplitInto(split)
        }
        (None, true) => Relation::None,
    };
    Some(Adjustment { cause, body, items, kinds, relation, span })
}

//! Diff output for the terminal (text), for programs (JSON) and for spreadsheets (CSV).
//! The JSON and CSV layouts are documented in docs/history.md.

use super::{ChangeKind, Diff, RelationKind};

/// The version of the JSON layout `to_json` writes (`schema_version`), raised whenever a key
/// changes meaning or goes away; documented in docs/history.md.
pub const SCHEMA_VERSION: u32 = 2;

/// What the output shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Also the changes (and field edits) that are only punctuation, width or whitespace.
    pub cosmetic: bool,
    pub color: bool,
}

/// The diff as shown: without cosmetic changes unless asked for.
fn shown(diff: &Diff, options: Options) -> std::borrow::Cow<'_, Diff> {
    if options.cosmetic {
        std::borrow::Cow::Borrowed(diff)
    } else {
        std::borrow::Cow::Owned(diff.substantive())
    }
}

/// Readable in a terminal: one block per change, removed text in [-…-], inserted in {+…+}
/// (and red/green when `color`).
pub fn to_text(diff: &Diff, from: &str, to: &str, options: Options) -> String {
    let hidden = if options.cosmetic { 0 } else { diff.cosmetic_count() };
    let diff = shown(diff, options);
    let (red, green, bold, reset) =
        if options.color { ("\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m") } else { ("", "", "", "") };
    let mut out = format!("{bold}{from} → {to}{reset}\n");
    let mut summary: Vec<String> = ChangeKind::ALL
        .iter()
        .filter(|k| diff.count(**k) > 0)
        .map(|k| format!("{} {} 项", k.name(), diff.count(*k)))
        .collect();
    for kind in [RelationKind::Merge, RelationKind::Split] {
        let n = diff.relations.iter().filter(|r| r.kind == kind).count();
        if n > 0 {
            summary.push(format!("{} {n} 处", kind.name()));
        }
    }
    let hidden_note = if hidden > 0 {
        format!("另有 {hidden} 项只改了标点、全角半角或空白，未列出（加 --cosmetic 显示）。\n")
    } else {
        String::new()
    };
    if diff.is_empty() {
        out.push_str("没有变化。\n");
        out.push_str(&hidden_note);
        return out;
    }
    out.push_str(&format!("{}\n", summary.join("，")));
    out.push_str(&hidden_note);
    for b in &diff.bodies {
        out.push_str(&format!("\n{bold}{}主体{reset}：{}（{}）\n", b.kind.name(), b.name, b.code));
    }
    for r in &diff.relations {
        let names = |items: &[super::ItemRef]| {
            items.iter().map(|i| format!("{} {}", i.code, i.name)).collect::<Vec<_>>().join("、")
        };
        let how = if r.declared { "发布单位说明" } else { "按名称推断" };
        out.push_str(&format!(
            "\n{bold}[{}]{reset}（{how}）{}：{} → {}\n",
            r.kind.name(),
            r.from.first().map(|i| i.body_name.as_str()).unwrap_or(""),
            names(&r.from),
            names(&r.into)
        ));
        for cause in &r.causes {
            out.push_str(&format!("    原因：{}\n", cause.summary()));
        }
    }
    let mut current = "";
    for c in &diff.changes {
        if c.body != current {
            current = &c.body;
            out.push_str(&format!("\n{bold}== {}（{}）{reset}\n", c.body_name, c.body));
        }
        let name = match &c.new_name {
            Some(new) => format!("{} → {}", c.name, new),
            None => c.name.clone(),
        };
        let dest = c.to_body_name.as_ref().map(|n| format!(" → {n}")).unwrap_or_default();
        let format_only = if c.cosmetic { "，仅格式" } else { "" };
        // Most duties have no 权力类型: then only the part.
        let what = if c.power_type.is_empty() { c.part.clone() } else { format!("{}，{}", c.power_type, c.part) };
        out.push_str(&format!("[{}] {} {}{}（{what}{format_only}）\n", c.kind.name(), c.code, name, dest));
        for cause in &c.causes {
            out.push_str(&format!("    原因：{}\n", cause.summary()));
        }
        for f in &c.fields {
            let mut line = String::new();
            for s in &f.segments {
                match s.op {
                    "delete" => line.push_str(&format!("{red}[-{}-]{reset}", s.text)),
                    "insert" => line.push_str(&format!("{green}{{+{}+}}{reset}", s.text)),
                    _ => line.push_str(&elide(&s.text)),
                }
            }
            let mark = if f.cosmetic && !c.cosmetic { "（仅格式）" } else { "" };
            out.push_str(&format!("    {}{mark}：{}\n", f.label, line));
        }
    }
    out
}

/// Long unchanged runs are shortened in the terminal so the change stands out.
fn elide(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 40 {
        return text.to_string();
    }
    let head: String = chars[..15].iter().collect();
    let tail: String = chars[chars.len() - 15..].iter().collect();
    format!("{head}……{tail}")
}

/// The whole diff as JSON, in the layout of `SCHEMA_VERSION` (docs/history.md): `summary`
/// counts each kind of change shown, the relations, and the cosmetic changes (shown or not).
pub fn to_json(diff: &Diff, from: &str, to: &str, options: Options) -> String {
    let all = diff;
    let diff = shown(all, options);
    let mut summary = serde_json::Map::new();
    for k in ChangeKind::ALL {
        summary.insert(format!("{k:?}").to_lowercase(), diff.count(k).into());
    }
    for (key, kind) in [("merged", RelationKind::Merge), ("split", RelationKind::Split)] {
        summary.insert(key.into(), diff.relations.iter().filter(|r| r.kind == kind).count().into());
    }
    summary.insert("cosmetic".into(), all.cosmetic_count().into());
    summary.insert("total".into(), diff.changes.len().into());
    let changes: Vec<serde_json::Value> = diff.changes.iter().map(change_json).collect();
    let value = serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "from": from,
        "to": to,
        "cosmetic_included": options.cosmetic,
        "summary": summary,
        "bodies": diff.bodies,
        "changes": changes,
        "relations": diff.relations,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// One change: what it was, and where it went (`renamed_from`, `moved_to`) for readers that
/// follow an item.
fn change_json(c: &super::Change) -> serde_json::Value {
    let moved_to = (c.kind == ChangeKind::Moved).then(|| {
        serde_json::json!({
            "body": c.to_body,
            "body_name": c.to_body_name,
            "code": c.new_code.as_deref().unwrap_or(&c.code),
        })
    });
    serde_json::json!({
        "kind": c.kind,
        "body": c.body,
        "body_name": c.body_name,
        "to_body": c.to_body,
        "to_body_name": c.to_body_name,
        "code": c.code,
        "new_code": c.new_code,
        "name": c.name,
        "new_name": c.new_name,
        "renamed_from": c.new_name.as_ref().map(|_| &c.name),
        "moved_to": moved_to,
        "power_type": c.power_type,
        "part": c.part,
        "from_part": c.from_part,
        "departments": c.departments,
        "cosmetic": c.cosmetic,
        "causes": c.causes,
        "fields": c.fields,
    })
}

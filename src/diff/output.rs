//! Diff output for the terminal (text), for programs (JSON) and for spreadsheets (CSV).
//! The JSON and CSV layouts are documented in docs/history.md.

use super::{ChangeKind, Diff};

/// Readable in a terminal: one block per change, removed text in [-…-], inserted in {+…+}
/// (and red/green when `color`).
pub fn to_text(diff: &Diff, from: &str, to: &str, color: bool) -> String {
    let (red, green, bold, reset) =
        if color { ("\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m") } else { ("", "", "", "") };
    let mut out = format!("{bold}{from} → {to}{reset}\n");
    let summary: Vec<String> = ChangeKind::ALL
        .iter()
        .filter(|k| diff.count(**k) > 0)
        .map(|k| format!("{} {} 项", k.name(), diff.count(*k)))
        .collect();
    if diff.is_empty() {
        out.push_str("没有变化。\n");
        return out;
    }
    out.push_str(&format!("{}\n", summary.join("，")));
    for b in &diff.bodies {
        out.push_str(&format!("\n{bold}{}主体{reset}：{}（{}）\n", b.kind.name(), b.name, b.code));
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
        out.push_str(&format!("[{}] {} {}{}（{}，{}）\n", c.kind.name(), c.code, name, dest, c.power_type, c.part));
        for f in &c.fields {
            let mut line = String::new();
            for s in &f.segments {
                match s.op {
                    "delete" => line.push_str(&format!("{red}[-{}-]{reset}", s.text)),
                    "insert" => line.push_str(&format!("{green}{{+{}+}}{reset}", s.text)),
                    _ => line.push_str(&elide(&s.text)),
                }
            }
            out.push_str(&format!("    {}：{}\n", f.label, line));
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

/// The whole diff as JSON: `{ "from", "to", "counts", "bodies", "changes" }`.
pub fn to_json(diff: &Diff, from: &str, to: &str) -> String {
    let counts: serde_json::Map<String, serde_json::Value> =
        ChangeKind::ALL.iter().map(|k| (format!("{k:?}").to_lowercase(), diff.count(*k).into())).collect();
    let value = serde_json::json!({
        "from": from,
        "to": to,
        "counts": counts,
        "bodies": diff.bodies,
        "changes": diff.changes,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

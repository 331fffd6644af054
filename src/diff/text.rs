use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// A run of characters that is the same, removed or inserted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// "equal", "delete" or "insert".
    pub op: &'static str,
    pub text: String,
}

/// A character-level diff (Chinese has no spaces, so words are no unit), with adjacent runs of
/// the same kind merged. When less than half of the longer text survives, the scattered
/// matches say nothing ("综合行政执法队" → "水政监察大队") and the whole value is shown replaced.
pub fn char_diff(old: &str, new: &str) -> Vec<Segment> {
    let segments = raw_char_diff(old, new);
    let kept: usize = segments.iter().filter(|s| s.op == "equal").map(|s| s.text.chars().count()).sum();
    let longer = old.chars().count().max(new.chars().count());
    if kept * 2 >= longer {
        return segments;
    }
    [("delete", old), ("insert", new)]
        .into_iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(op, text)| Segment { op, text: text.to_string() })
        .collect()
}

fn raw_char_diff(old: &str, new: &str) -> Vec<Segment> {
    let diff = TextDiff::configure().timeout(std::time::Duration::from_millis(200)).diff_chars(old, new);
    let mut out: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Delete => "delete",
            ChangeTag::Insert => "insert",
        };
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => out.push(Segment { op, text: change.value().to_string() }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_chinese_by_character() {
        let segs = char_diff("对露天焚烧秸秆的处罚", "对露天焚烧秸秆、落叶的处罚");
        let ops: Vec<_> = segs.iter().map(|s| (s.op, s.text.as_str())).collect();
        assert_eq!(ops, vec![("equal", "对露天焚烧秸秆"), ("insert", "、落叶"), ("equal", "的处罚")]);
    }

    #[test]
    fn unrelated_values_are_replaced_whole() {
        let ops: Vec<_> = char_diff("综合行政执法队", "水政监察大队").into_iter().map(|s| s.op).collect();
        assert_eq!(ops, vec!["delete", "insert"]);
    }
}

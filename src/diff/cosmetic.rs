//! Cosmetic edits: text that differs only in punctuation, full-/half-width forms or whitespace
//! says the same thing ("第十一条，第十二条" → "第十一条、第十二条", "（一）" → "(一)",
//! "《 办法 》" → "《办法》"). Such changes are recorded but hidden by default, so the
//! substantive ones stand out.

use unicode_normalization::UnicodeNormalization;

/// Whether two texts differ only in punctuation, character width and whitespace.
pub fn only_format(old: &str, new: &str) -> bool {
    old != new && skeleton(old) == skeleton(new)
}

/// The text without whitespace and punctuation, full-width forms folded to half-width (NFKC).
/// A full stop between two digits ("1.5") is kept: it is part of a number.
pub fn skeleton(text: &str) -> String {
    let folded: Vec<char> = text.nfkc().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in folded.iter().enumerate() {
        if c == '.' {
            let digit = |j: Option<usize>| j.and_then(|j| folded.get(j)).is_some_and(|c| c.is_ascii_digit());
            if digit(i.checked_sub(1)) && digit(Some(i + 1)) {
                out.push(c);
            }
            continue;
        }
        if c.is_whitespace() || is_punctuation(c) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Punctuation as Chinese and ASCII text use it (not symbols such as % or +, which change
/// meaning).
fn is_punctuation(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '\'' | '"' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '-' | '_' | '/' | '\\' | '`')
        // General punctuation: dashes, quotes, ellipsis, the middle dot.
        || ('\u{2010}'..='\u{2027}').contains(&c)
        || c == '\u{00B7}'
        // CJK symbols and punctuation: 、。〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟 and the ideographic space.
        || ('\u{3000}'..='\u{303F}').contains(&c)
        // Vertical, small and compatibility forms.
        || ('\u{FE10}'..='\u{FE1F}').contains(&c)
        || ('\u{FE30}'..='\u{FE6F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_width_and_whitespace_are_format() {
        for (a, b) in [
            ("第十一条，第十二条", "第十一条、第十二条"),
            ("乡村建设规划许可证核发（村民住宅）", "乡村建设规划许可证核发(村民住宅)"),
            ("《中华人民共和国土地管理法》 第六十二条", "《中华人民共和国土地管理法》第六十二条。"),
            ("ＡＢＣ１２３", "ABC123"),
            ("青编办〔2025〕8号", "青编办[2025]8号"),
            ("行政\n处罚", "行政处罚"),
        ] {
            assert!(only_format(a, b), "{a} → {b}");
        }
    }

    #[test]
    fn words_digits_and_numbers_are_substance() {
        for (a, b) in [
            ("第十一条", "第十二条"),
            ("罚款1.5万元", "罚款15万元"),
            ("2025-10-01", "2025-10-10"),
            ("对露天焚烧秸秆的处罚", "对露天焚烧秸秆、落叶的处罚"),
            ("同一", "同一"),
        ] {
            assert!(!only_format(a, b), "{a} → {b}");
        }
    }
}

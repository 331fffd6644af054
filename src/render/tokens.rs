//! The `keep` template filter: short technical tokens in free text stay on one line.
//!
//! Browsers may break "0576-88641101" after its hyphen, "8:30-12:00" after a colon or
//! "青编办〔2025〕8号" after its bracket when a line runs out on a phone, which makes a phone
//! number or a document number hard to read or copy. The filter escapes the text and wraps such
//! tokens in `<span class="nowrap">` (style.css keeps them whole); the text itself is unchanged.

/// Tokens longer than this may wrap: kept whole they could be wider than a phone's line.
const MAX_CHARS: usize = 24;

/// Characters that join the parts of a token: "0576-88641101", "8:30", "TX-XK-001", "1.5".
fn joiner(c: char) -> bool {
    matches!(c, '-' | ':' | '.' | '/' | '_' | '+' | '~' | '–' | '—' | '～')
}

fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || joiner(c)
}

/// `text` as escaped HTML with its tokens in `<span class="nowrap">`: runs of ASCII letters and
/// digits joined by hyphens, colons, dots or slashes (phone numbers, times, codes), the number
/// of a 文号 (`〔2025〕8号`) and dates written 2025年10月1日.
pub fn keep(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 32);
    let mut i = 0;
    while i < chars.len() {
        let end = ascii_token(&chars, i).or_else(|| document_number(&chars, i)).or_else(|| chinese_date(&chars, i));
        match end {
            Some(end) => {
                out.push_str("<span class=\"nowrap\">");
                escape_into(&mut out, &chars[i..end]);
                out.push_str("</span>");
                i = end;
            }
            None => {
                escape_into(&mut out, &chars[i..i + 1]);
                i += 1;
            }
        }
    }
    out
}

/// The end of a token of letters and digits with at least one joiner inside, starting at `i`
/// (at the start of such a run only).
fn ascii_token(chars: &[char], i: usize) -> Option<usize> {
    if !chars[i].is_ascii_alphanumeric() || (i > 0 && token_char(chars[i - 1])) {
        return None;
    }
    let mut end = i;
    while end < chars.len() && token_char(chars[end]) {
        end += 1;
    }
    // A trailing full stop or dash ends the sentence, not the token.
    while end > i && joiner(chars[end - 1]) {
        end -= 1;
    }
    let run = &chars[i..end];
    let joined = run.windows(3).any(|w| w[0].is_ascii_alphanumeric() && joiner(w[1]) && w[2].is_ascii_alphanumeric());
    (joined && run.len() <= MAX_CHARS).then_some(end)
}

fn digits(chars: &[char], mut i: usize) -> Option<usize> {
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    (i > start).then_some(i)
}

/// `〔2025〕8号` (or with 〔〕 written as [] or ()), the number part of a 文号.
fn document_number(chars: &[char], i: usize) -> Option<usize> {
    let close = match chars[i] {
        '〔' => '〕',
        '[' => ']',
        '（' => '）',
        '(' => ')',
        _ => return None,
    };
    let year = digits(chars, i + 1)?;
    if year - (i + 1) != 4 || chars.get(year) != Some(&close) {
        return None;
    }
    let number = digits(chars, year + 1)?;
    (chars.get(number) == Some(&'号')).then_some(number + 1)
}

/// `2025年10月1日` or `2025年10月`.
fn chinese_date(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && chars[i - 1].is_ascii_digit() {
        return None;
    }
    let year = digits(chars, i)?;
    if year - i != 4 || chars.get(year) != Some(&'年') {
        return None;
    }
    let month = digits(chars, year + 1)?;
    if chars.get(month) != Some(&'月') {
        return None;
    }
    match digits(chars, month + 1) {
        Some(day) if chars.get(day) == Some(&'日') => Some(day + 1),
        _ => Some(month + 1),
    }
}

/// A phone field (`0576-88641101`, `0576-88641101、88641102`, `12345`) as escaped HTML with each
/// number a tap-to-call link that never breaks (`a.tel`, `white-space: nowrap` in style.css).
/// Only for fields that hold phone numbers: in free text a date would look like one.
pub fn tel(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let number_char = |c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '(' | ')');
    let mut out = String::with_capacity(text.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() && chars[i] != '+' && chars[i] != '(' {
            escape_into(&mut out, &chars[i..i + 1]);
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len() && number_char(chars[end]) {
            end += 1;
        }
        while end > i && matches!(chars[end - 1], '-' | '(' | '+') {
            end -= 1;
        }
        let digits: String = chars[i..end].iter().filter(|c| c.is_ascii_digit() || **c == '+').collect();
        if end == i || digits.chars().filter(char::is_ascii_digit).count() < 3 {
            escape_into(&mut out, &chars[i..i + 1]);
            i += 1;
            continue;
        }
        out.push_str("<a class=\"tel\" href=\"tel:");
        out.push_str(&digits);
        out.push_str("\">");
        escape_into(&mut out, &chars[i..end]);
        out.push_str("</a>");
        i = end;
    }
    out
}

fn escape_into(out: &mut String, chars: &[char]) {
    for &c in chars {
        match super::escape::entity(c) {
            Some(entity) => out.push_str(entity),
            None => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{keep, tel};

    #[test]
    fn phone_numbers_become_whole_tap_to_call_links() {
        assert_eq!(tel("0576-88641101"), r#"<a class="tel" href="tel:057688641101">0576-88641101</a>"#);
        assert_eq!(
            tel("0576-88641101、88641102（传真）"),
            r#"<a class="tel" href="tel:057688641101">0576-88641101</a>、<a class="tel" href="tel:88641102">88641102</a>（传真）"#
        );
        assert_eq!(tel("12345 热线"), r#"<a class="tel" href="tel:12345">12345</a> 热线"#);
        assert_eq!(tel("转 8 <b>"), "转 8 &lt;b&gt;");
    }

    const OPEN: &str = "<span class=\"nowrap\">";

    #[test]
    fn phone_numbers_times_and_codes_are_kept_whole() {
        assert_eq!(keep("电话 0576-88641101"), format!("电话 {OPEN}0576-88641101</span>"));
        assert_eq!(
            keep("周一至周五 8:30-12:00，14:30-18:00。"),
            format!("周一至周五 {OPEN}8:30-12:00</span>，{OPEN}14:30-18:00</span>。")
        );
        assert_eq!(keep("见 TX-XK-001."), format!("见 {OPEN}TX-XK-001</span>."));
    }

    #[test]
    fn document_numbers_and_dates_are_kept_whole() {
        assert_eq!(keep("青编办〔2025〕8号"), format!("青编办{OPEN}〔2025〕8号</span>"));
        assert_eq!(keep("2025年10月1日起施行"), format!("{OPEN}2025年10月1日</span>起施行"));
        assert_eq!(keep("2025年10月"), format!("{OPEN}2025年10月</span>"));
    }

    #[test]
    fn plain_words_long_tokens_and_markup_are_left_alone_but_escaped() {
        assert_eq!(keep("CSV 与 XLSX"), "CSV 与 XLSX");
        assert_eq!(keep("12345年"), "12345年");
        let hash = "data/releases/lists/0123456789abcdef0123456789abcdef.json";
        assert_eq!(keep(hash), hash);
        assert_eq!(keep("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(keep("a<1-2>"), format!("a&lt;{OPEN}1-2</span>&gt;"));
    }
}

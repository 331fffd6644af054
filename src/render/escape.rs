//! Escaping text for markup, defined once: the pages (HTML text and quoted attributes), the
//! filters that wrap parts of a text in markup (`tokens`) and the Atom feeds (XML).

use std::borrow::Cow;
use std::fmt::{self, Write};

/// What a character becomes in HTML text and quoted attributes, if anything. `/` stays, so
/// addresses in the pages read `../data/x.csv` and can be found and cited as written. The
/// entities are XML's too, so the feeds use the same table.
pub fn entity(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        _ => None,
    }
}

/// Writes `text` escaped. The characters escaped are ASCII, which never occurs inside a
/// multi-byte character, so the text between them is copied whole: pages are mostly Chinese.
pub fn html_into<W: Write + ?Sized>(out: &mut W, text: &str) -> fmt::Result {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time past those that cannot be escaped: every byte of a Chinese
        // character is 0x80 or above and every escaped character is below 0x40.
        if let Some(word) = bytes.get(i..i + 8) {
            if !has_byte_below_0x40(u64::from_le_bytes(word.try_into().unwrap_or_default())) {
                i += 8;
                continue;
            }
        }
        // A byte of a multi-byte character is never one of the ASCII characters `entity` knows.
        if let Some(entity) = entity(bytes[i] as char) {
            out.write_str(&text[start..i])?;
            out.write_str(entity)?;
            start = i + 1;
        }
        i += 1;
    }
    out.write_str(&text[start..])
}

/// Whether any of the eight bytes of `word` is below 0x40 (a bit trick: subtracting 0x40 from a
/// byte below it borrows into its high bit, which `!word` keeps only for bytes below 0x80).
fn has_byte_below_0x40(word: u64) -> bool {
    const LOW: u64 = 0x4040_4040_4040_4040;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    word.wrapping_sub(LOW) & !word & HIGH != 0
}

/// `text` escaped for HTML.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = html_into(&mut out, text);
    out
}

/// `text` escaped for XML content and attribute values, without the characters XML 1.0
/// forbids (control characters other than tab and line breaks, U+FFFE, U+FFFF).
pub fn xml(text: &str) -> String {
    let forbidden =
        |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    let allowed = match text.contains(forbidden) {
        true => Cow::Owned(text.replace(forbidden, "")),
        false => Cow::Borrowed(text),
    };
    html(&allowed)
}

#[cfg(test)]
mod tests {
    use super::{html, xml};

    #[test]
    fn html_escapes_markup_and_keeps_slashes_and_chinese() {
        assert_eq!(
            html("<a href=\"../x/y.csv\">乡镇&'街道'</a>"),
            "&lt;a href=&quot;../x/y.csv&quot;&gt;乡镇&amp;&#39;街道&#39;&lt;/a&gt;"
        );
        assert_eq!(html("清单"), "清单");
        assert_eq!(html(""), "");
    }

    #[test]
    fn escapes_every_special_character_at_every_position_of_a_word() {
        // Against the character-by-character definition, with each special character (and
        // characters just above 0x40 and in multi-byte text) at each offset of the 8-byte scan.
        let naive =
            |t: &str| -> String { t.chars().map(|c| super::entity(c).map_or(c.to_string(), str::to_string)).collect() };
        for special in ['&', '<', '>', '"', '\'', '@', 'A', '/', '\n', '办'] {
            for len in 0..20 {
                for at in 0..len {
                    let text: String = (0..len)
                        .map(|i| {
                            if i == at {
                                special
                            } else if i % 3 == 0 {
                                '清'
                            } else {
                                'x'
                            }
                        })
                        .collect();
                    assert_eq!(html(&text), naive(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn xml_also_drops_what_xml_forbids() {
        assert_eq!(xml("<a href=\"x\">&'\u{1}\n\t\u{FFFE}办"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\n\t办");
    }
}

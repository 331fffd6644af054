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
    let mut start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        // A byte of a multi-byte character is never one of the ASCII characters `entity` knows.
        if let Some(entity) = entity(b as char) {
            out.write_str(&text[start..i])?;
            out.write_str(entity)?;
            start = i + 1;
        }
    }
    out.write_str(&text[start..])
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
    fn xml_also_drops_what_xml_forbids() {
        assert_eq!(xml("<a href=\"x\">&'\u{1}\n\t\u{FFFE}办"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\n\t办");
    }
}

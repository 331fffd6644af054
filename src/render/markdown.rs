use pulldown_cmark::{html, Event, Options, Parser};

/// Markdown to HTML for publisher prose. Raw HTML in the source is shown as text, never
/// passed through: the site must not carry scripts or markup a publisher pasted by mistake.
/// Phone numbers, times, 文号 and dates in the text are kept on one line (`super::tokens`),
/// except in an image's alt text, which is an attribute.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut images = 0usize;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => text(raw, images),
        Event::Text(t) => text(t, images),
        Event::Start(pulldown_cmark::Tag::Link { link_type, dest_url, title, id }) if is_script_url(&dest_url) => {
            Event::Start(pulldown_cmark::Tag::Link { link_type, dest_url: "#".into(), title, id })
        }
        Event::Start(tag @ pulldown_cmark::Tag::Image { .. }) => {
            images += 1;
            Event::Start(tag)
        }
        Event::End(tag @ pulldown_cmark::TagEnd::Image) => {
            images -= 1;
            Event::End(tag)
        }
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    // Header cells of Markdown tables are column headers; say so for screen readers.
    out.replace("<th>", "<th scope=\"col\">").replace("<th style=", "<th scope=\"col\" style=")
}

/// Text, escaped, with its tokens kept whole (`tokens::keep` escapes); plain text in alt text.
fn text(t: pulldown_cmark::CowStr<'_>, images: usize) -> Event<'_> {
    if images > 0 {
        Event::Text(t)
    } else {
        Event::Html(super::tokens::keep(&t).into())
    }
}

fn is_script_url(url: &str) -> bool {
    let u: String = url.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    u.starts_with("javascript:") || u.starts_with("vbscript:") || u.starts_with("data:")
}

#[cfg(test)]
mod tests {
    #[test]
    fn raw_html_and_script_links_are_inert() {
        let html = super::to_html("你好 <script>alert(1)</script>\n\n[点击](javascript:alert(1))");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn phone_numbers_stay_whole_but_not_in_alt_text() {
        let html = super::to_html("电话 0576-87340010 ![电话 0576-1](a.png) `x<y`");
        assert!(html.contains("电话 <span class=\"nowrap\">0576-87340010</span>"), "{html}");
        assert!(html.contains("alt=\"电话 0576-1\""), "{html}");
        assert!(html.contains("<code>x&lt;y</code>"), "{html}");
    }

    #[test]
    fn table_headers_have_scope() {
        let html = super::to_html("| 事项 | 电话 |\n|---|:-:|\n| 低保 | 12345 |\n");
        assert!(html.contains("<th scope=\"col\">事项</th>"), "{html}");
        assert!(html.contains("<th scope=\"col\" style="), "{html}");
    }
}

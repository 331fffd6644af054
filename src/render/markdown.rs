use pulldown_cmark::{html, Event, Options, Parser};

/// Markdown to HTML for publisher prose. Raw HTML in the source is shown as text, never
/// passed through: the site must not carry scripts or markup a publisher pasted by mistake.
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(pulldown_cmark::Tag::Link { link_type, dest_url, title, id }) if is_script_url(&dest_url) => {
            Event::Start(pulldown_cmark::Tag::Link { link_type, dest_url: "#".into(), title, id })
        }
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    // Header cells of Markdown tables are column headers; say so for screen readers.
    out.replace("<th>", "<th scope=\"col\">").replace("<th style=", "<th scope=\"col\" style=")
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
    fn table_headers_have_scope() {
        let html = super::to_html("| 事项 | 电话 |\n|---|:-:|\n| 低保 | 12345 |\n");
        assert!(html.contains("<th scope=\"col\">事项</th>"), "{html}");
        assert!(html.contains("<th scope=\"col\" style="), "{html}");
    }
}

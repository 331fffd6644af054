//! Atom feeds (RFC 4287) of releases and changes: `feeds/index.xml` for the site (one entry per
//! release) and `feeds/<body>.xml` for every body that had a list in a release (one entry per
//! release that first published or changed its list). Written by hand, every text escaped.
//!
//! Entry ids are tag URIs (RFC 4151) on the host of `base_url`, dated by the release's
//! effective date: `tag:qd.qingshan.example.gov.cn,2025-10-01:release/2025-10-01/tangxi`.
//! Without `base_url` they are name-based `urn:uuid:` ids from the site's title and code, and
//! links are relative to the feed. `updated` is the effective date at midnight China time.

use super::changes::summary as counts_text;
use super::Renderer;
use crate::diff::{Change, ChangeKind};
use crate::history::Chronicle;
use crate::model::Date;
use crate::urls;

/// Bodies that get a feed: those with a list in some release.
pub(super) fn bodies(ch: &Chronicle) -> Vec<&str> {
    let mut codes: Vec<&str> =
        ch.versions[..ch.releases.len()].iter().flat_map(|v| v.lists.iter().map(|l| l.body.as_str())).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// RFC 3339 time of a date at midnight in China (UTC+8).
pub fn rfc3339(date: Date) -> String {
    format!("{date}T00:00:00+08:00")
}

/// The host of a URL (`https://qd.example.gov.cn:8443/x/` → `qd.example.gov.cn`), if it is a name.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?.to_ascii_lowercase();
    let ok = !host.is_empty()
        && host.contains('.')
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !host.chars().all(|c| c.is_ascii_digit() || c == '.');
    ok.then_some(host)
}

struct Cx<'a> {
    /// `base_url` with a trailing `/`.
    base: Option<String>,
    host: Option<String>,
    /// Seed of `urn:uuid:` ids when there is no host.
    seed: String,
    site_title: &'a str,
    author: &'a str,
}

impl Cx<'_> {
    /// A link to a page of the site (path from the output root), from a feed in `feeds/`.
    fn url(&self, path: &str) -> String {
        match &self.base {
            Some(base) => format!("{base}{path}"),
            None => format!("../{path}"),
        }
    }

    fn id(&self, date: Date, specific: &str) -> String {
        match &self.host {
            Some(host) => format!("tag:{host},{date}:{specific}"),
            None => {
                let hash = crate::history::sha256(format!("{}\n{specific}", self.seed).as_bytes());
                // A name-based UUID (version 8, RFC 9562) from the SHA-256.
                let h = &hash[..32];
                let variant = ["8", "9", "a", "b"][usize::from_str_radix(&h[16..17], 16).unwrap_or(0) % 4];
                format!("urn:uuid:{}-{}-8{}-{variant}{}-{}", &h[..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
            }
        }
    }
}

/// One entry, its content as HTML.
struct Entry {
    id: String,
    title: String,
    updated: Date,
    link: String,
    summary: String,
    html: String,
}

fn feed_xml(cx: &Cx, id: &str, title: &str, self_path: &str, alternate: &str, entries: &[Entry]) -> String {
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(Date { year: 1970, month: 1, day: 1 });
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n");
    x.push_str(&format!("  <title>{}</title>\n", escape(title)));
    x.push_str(&format!("  <id>{}</id>\n", escape(id)));
    x.push_str(&format!("  <updated>{}</updated>\n", rfc3339(updated)));
    if cx.base.is_some() {
        x.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape(&cx.url(self_path))
        ));
    }
    x.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(&cx.url(alternate))));
    x.push_str(&format!("  <author>\n    <name>{}</name>\n  </author>\n", escape(cx.author)));
    x.push_str("  <generator>qingdan</generator>\n");
    x.push_str(&format!("  <rights>{}</rights>\n", escape(&format!("© {}", cx.author))));
    for e in entries {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", escape(&e.title)));
        x.push_str(&format!("    <id>{}</id>\n", escape(&e.id)));
        x.push_str(&format!("    <updated>{}</updated>\n", rfc3339(e.updated)));
        x.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", escape(&e.link)));
        x.push_str(&format!("    <summary>{}</summary>\n", escape(&e.summary)));
        x.push_str(&format!("    <content type=\"html\">{}</content>\n", escape(&e.html)));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

fn h(text: &str) -> String {
    escape(text)
}

/// Every feed: (path, XML).
pub(super) fn feeds(r: &Renderer, ch: &Chronicle) -> Vec<(String, String)> {
    let config = &r.index.site.config;
    let base = config.base_url.as_ref().map(|b| format!("{}/", b.trim_end_matches('/')));
    let cx = Cx {
        host: config.base_url.as_deref().and_then(host),
        base,
        seed: format!("qingdan\n{}\n{}", config.jurisdiction, config.title),
        site_title: &config.title,
        author: config.publisher.as_deref().unwrap_or(&config.title),
    };
    let first_date = ch.releases[0].effective;
    let mut out = vec![(urls::SITE_FEED.to_string(), site_feed(r, ch, &cx, first_date))];
    for body in bodies(ch) {
        out.push((urls::body_feed(body), body_feed(r, ch, &cx, first_date, body)));
    }
    out
}

fn site_feed(r: &Renderer, ch: &Chronicle, cx: &Cx, first_date: Date) -> String {
    let entries: Vec<Entry> = (0..ch.releases.len())
        .rev()
        .map(|v| {
            let release = &ch.releases[v];
            let figures = ch.totals(v).0;
            let mut html = String::new();
            let mut facts = format!("施行日期：{}", release.effective.chinese());
            if !release.documents.is_empty() {
                facts.push_str(&format!("；依据：{}", release.documents.join("、")));
            }
            html.push_str(&format!("<p>{}。</p>", h(&facts)));
            if let Some(note) = &release.note {
                html.push_str(&super::markdown::to_html(note));
            }
            let summary;
            if v == 0 {
                summary = format!("首次发布：乡镇（街道）清单共 {} 项。", figures.total);
                html.push_str(&format!("<p>{}</p>", h(&summary)));
            } else {
                let changes: Vec<&Change> = ch.steps[v].changes.iter().collect();
                let counts = counts_text(&changes);
                summary = if counts.is_empty() {
                    format!("与上一版本相比事项没有变化；乡镇（街道）清单共 {} 项。", figures.total)
                } else {
                    format!("与上一版本相比：{counts}。乡镇（街道）清单共 {} 项。", figures.total)
                };
                html.push_str(&format!(
                    "<p>{} <a href=\"{}\">查看全部变化</a></p>",
                    h(&summary),
                    h(&cx.url(&urls::changes(&urls::release_dir(Some(&release.id)))))
                ));
                let mut per_body: std::collections::BTreeMap<&str, Vec<&Change>> = Default::default();
                for c in &changes {
                    per_body.entry(c.body.as_str()).or_default().push(c);
                    if let Some(to) = c.to_body.as_deref().filter(|t| *t != c.body) {
                        per_body.entry(to).or_default().push(c);
                    }
                }
                if !per_body.is_empty() {
                    html.push_str("<ul>");
                    for (body, list) in per_body {
                        html.push_str(&format!(
                            "<li><a href=\"{}\">{}</a>：{}</li>",
                            h(&cx.url(&urls::body_changes(&urls::release_dir(Some(&release.id)), body))),
                            h(ch.body_name(body)),
                            h(&counts_text(&list))
                        ));
                    }
                    html.push_str("</ul>");
                }
            }
            Entry {
                id: cx.id(release.effective, &format!("release/{}", release.id)),
                title: format!("{}（{}施行）", release.title, release.effective.chinese()),
                updated: release.effective,
                link: cx.url(&urls::release(&release.id)),
                summary,
                html,
            }
        })
        .collect();
    let title = format!("{}：清单版本更新", cx.site_title);
    let _ = r;
    feed_xml(cx, &cx.id(first_date, "releases"), &title, urls::SITE_FEED, urls::RELEASES, &entries)
}

fn body_feed(r: &Renderer, ch: &Chronicle, cx: &Cx, first_date: Date, body: &str) -> String {
    let name = ch.body_name(body);
    let mut entries = Vec::new();
    for v in 0..ch.releases.len() {
        let listed_before = v > 0 && ch.has_list(v - 1, body);
        if !ch.has_list(v, body) && !listed_before {
            continue;
        }
        let release = &ch.releases[v];
        let mut html = format!("<p>{}</p>", h(&format!("{}，{}施行。", release.title, release.effective.chinese())));
        let (summary, link);
        let first = !listed_before;
        if first {
            let total = ch.versions[v]
                .lists
                .iter()
                .find(|l| l.body == body)
                .and_then(|l| ch.figures.get(&l.hash))
                .map(|f| f.total);
            summary = format!("首次公布{name}清单，共 {} 项。", total.unwrap_or(0));
            html.push_str(&format!("<p>{}</p>", h(&summary)));
            link = cx.url(&urls::release(&release.id));
        } else {
            let changes = ch.body_changes(v, body);
            if changes.is_empty() {
                continue;
            }
            summary = format!("{name}清单：{}。", counts_text(&changes));
            html.push_str(&format!("<p>{}</p><ul>", h(&summary)));
            let page = urls::body_changes(&urls::release_dir(Some(&release.id)), body);
            for c in &changes {
                let mut line = format!("【{}】", c.kind.name());
                line.push_str(&c.name);
                if let Some(new) = &c.new_name {
                    line.push_str(&format!(" → {new}"));
                }
                if c.kind == ChangeKind::Moved {
                    let to = c.to_body_name.as_deref().unwrap_or("");
                    line.push_str(&if c.body == body {
                        format!("（移交至{to}）")
                    } else {
                        format!("（由{}移交）", c.body_name)
                    });
                }
                let fields: Vec<&str> = c.fields.iter().map(|f| f.label).filter(|l| *l != "事项名称").collect();
                if !fields.is_empty() {
                    line.push_str(&format!("；修改了{}", fields.join("、")));
                }
                html.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    h(&cx.url(&format!("{page}#{}", urls::change_anchor(&c.body, &c.code)))),
                    h(&line)
                ));
            }
            html.push_str("</ul>");
            link = cx.url(&page);
        }
        entries.push(Entry {
            id: cx.id(release.effective, &format!("release/{}/{body}", release.id)),
            title: format!("{name}：{}", release.title),
            updated: release.effective,
            link,
            summary,
            html,
        });
    }
    entries.reverse();
    let alternate = if r.index.body(body).is_some() { urls::body(body) } else { urls::RELEASES.into() };
    let title = format!("{name}权责清单变化 · {}", cx.site_title);
    feed_xml(cx, &cx.id(first_date, &format!("releases/{body}")), &title, &urls::body_feed(body), &alternate, &entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_ids_use_the_host_name_only() {
        assert_eq!(host("https://qd.qingshan.example.gov.cn/").as_deref(), Some("qd.qingshan.example.gov.cn"));
        assert_eq!(host("https://user@QD.Example.gov.cn:8443/sub/?q#f").as_deref(), Some("qd.example.gov.cn"));
        assert_eq!(host("http://127.0.0.1:8080/"), None);
        assert_eq!(host("localhost"), None);
    }

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(escape("<a href=\"x\">&'\u{1}\n"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\n");
    }

    #[test]
    fn uuid_ids_are_well_formed_and_stable() {
        let cx = Cx { base: None, host: None, seed: "qingdan\nx\ny".into(), site_title: "", author: "" };
        let date = Date { year: 2025, month: 10, day: 1 };
        let id = cx.id(date, "release/2025-10-01");
        assert_eq!(id, cx.id(date, "release/2025-10-01"));
        assert_ne!(id, cx.id(date, "release/2025-10-02"));
        let uuid = id.strip_prefix("urn:uuid:").unwrap();
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(uuid.as_bytes()[14] == b'8' && b"89ab".contains(&uuid.as_bytes()[19]), "{uuid}");
    }
}

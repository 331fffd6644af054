//! Atom feeds (RFC 4287) of releases and changes, one entry per release that concerns the feed:
//!
//! | feed | what |
//! |---|---|
//! | `feeds/index.xml` | the site: every release |
//! | `feeds/<body>.xml` | a body's list: first published, then each release that changed it |
//! | `feeds/departments/<body>.xml` | a county department's beat: changes of every item, in any list, that names it |
//! | `feeds/items/<body>/<code>.xml` | one current item: first published, then each change |
//! | `feeds/parts/<basic|support|recalled>.xml` | changes in one part of every list |
//! | `feeds/new-support.xml`, `feeds/new-recalled.xml` | items newly in a 配合 or 收回 part |
//!
//! Cosmetic changes (only punctuation, width or whitespace) are left out of the entries. Every
//! release entry carries the release's manifest hash. Written by hand, every text escaped.
//!
//! Entry ids are tag URIs (RFC 4151) on the host of `base_url`, dated by the release's
//! effective date: `tag:qd.qingshan.example.gov.cn,2025-10-01:release/2025-10-01/tangxi`.
//! Without `base_url` they are name-based `urn:uuid:` ids from the site's title and code, and
//! links are relative to the feed. `updated` is the effective date at midnight China time.

use super::changes::summary as counts_text;
use super::Renderer;
use crate::diff::{Change, ChangeKind};
use crate::history::Chronicle;
use crate::model::{BodyKind, Date, Part};
use crate::urls;
use rayon::prelude::*;

/// Bodies that get a feed: those with a list in some release.
pub(super) fn bodies(ch: &Chronicle) -> Vec<&str> {
    let mut codes: Vec<&str> =
        ch.versions[..ch.releases.len()].iter().flat_map(|v| v.lists.iter().map(|l| l.body.as_str())).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
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
    /// The newest release and its manifest hash, published in every feed's subtitle so a
    /// reader can check a download against it (`qingdan verify`).
    head: Option<(&'a str, &'a str)>,
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
    x.push_str(&format!("  <title>{}</title>\n", h(title)));
    x.push_str(&format!("  <id>{}</id>\n", h(id)));
    x.push_str(&format!("  <updated>{}</updated>\n", rfc3339(updated)));
    if let Some((release, sha256)) = cx.head {
        x.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            h(&format!("最新发布版本 {release} 的版本指纹（release.toml 的 SHA-256）：{sha256}"))
        ));
    }
    if cx.base.is_some() {
        x.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            h(&cx.url(self_path))
        ));
    }
    x.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", h(&cx.url(alternate))));
    x.push_str(&format!("  <author>\n    <name>{}</name>\n  </author>\n", h(cx.author)));
    x.push_str("  <generator>qingdan</generator>\n");
    x.push_str(&format!("  <rights>{}</rights>\n", h(&format!("© {}", cx.author))));
    for e in entries {
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", h(&e.title)));
        x.push_str(&format!("    <id>{}</id>\n", h(&e.id)));
        x.push_str(&format!("    <updated>{}</updated>\n", rfc3339(e.updated)));
        x.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", h(&e.link)));
        x.push_str(&format!("    <summary>{}</summary>\n", h(&e.summary)));
        x.push_str(&format!("    <content type=\"html\">{}</content>\n", h(&e.html)));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

fn h(text: &str) -> String {
    super::escape::xml(text)
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
        head: ch.releases.last().map(|r| (r.id.as_str(), r.sha256.as_str())),
    };
    let first_date = ch.releases[0].effective;
    let mut out = vec![(urls::SITE_FEED.to_string(), site_feed(r, ch, &cx, first_date))];
    for body in bodies(ch) {
        out.push((urls::body_feed(body), body_feed(r, ch, &cx, first_date, body)));
    }
    for dept in departments(r, ch) {
        out.push((urls::department_feed(dept), department_feed(ch, &cx, first_date, dept)));
    }
    for part in Part::ALL {
        out.push((urls::part_feed(part.key()), part_feed(ch, &cx, first_date, part)));
    }
    out.push((urls::NEW_SUPPORT_FEED.into(), new_in_part_feed(ch, &cx, first_date, Part::Support)));
    out.push((urls::NEW_RECALLED_FEED.into(), new_in_part_feed(ch, &cx, first_date, Part::Recalled)));
    let items: Vec<(&str, &str)> = r
        .index
        .site
        .lists
        .iter()
        .flat_map(|l| l.items.iter().map(move |i| (l.body.value.as_str(), i.code.value.as_str())))
        .filter(|(body, code)| has_item_feed(ch, body, code))
        .collect();
    let item_feeds: Vec<(String, String)> =
        items.par_iter().map(|(body, code)| (urls::item_feed(body, code), item_feed(r, ch, &cx, body, code))).collect();
    out.extend(item_feeds);
    out
}

/// Whether a current item has a feed: it is in a release.
pub(super) fn has_item_feed(ch: &Chronicle, body: &str, code: &str) -> bool {
    ch.timeline(body, code).first().is_some_and(|e| e.version < ch.current())
}

/// County departments that get a beat feed: every department of the current site or of a
/// release.
fn departments<'c>(r: &'c Renderer, ch: &'c Chronicle) -> Vec<&'c str> {
    let mut codes: Vec<&str> = r.index.departments.iter().map(|d| d.code.value.as_str()).collect();
    codes.extend(ch.names.iter().filter(|(_, (_, kind))| *kind == BodyKind::Department).map(|(c, _)| c.as_str()));
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The release's manifest hash as a feed entry shows it.
fn fingerprint(ch: &Chronicle, v: usize) -> String {
    format!("<p>{}</p>", h(&format!("版本指纹（release.toml 的 SHA-256）：{}", ch.releases[v].sha256)))
}

/// One change as a line of a feed entry, seen from `body` (moves read differently on each
/// side), with its causes.
fn change_line(c: &Change, body: Option<&str>) -> String {
    let mut line = format!("【{}】", c.kind.name());
    line.push_str(&c.name);
    if let Some(new) = &c.new_name {
        line.push_str(&format!(" → {new}"));
    }
    if (body.is_none() || c.body != body.unwrap_or_default()) && (c.kind != ChangeKind::Moved || body.is_none()) {
        line.push_str(&format!("（{}）", c.body_name));
    }
    if c.kind == ChangeKind::Moved {
        let to = c.to_body_name.as_deref().unwrap_or("");
        line.push_str(&if Some(c.body.as_str()) == body || body.is_none() {
            format!("（移交至{to}）")
        } else {
            format!("（由{}移交）", c.body_name)
        });
    }
    let fields: Vec<&str> = c.substantive_fields().map(|f| f.label).filter(|l| *l != "事项名称").collect();
    if !fields.is_empty() {
        line.push_str(&format!("；修改了{}", fields.join("、")));
    }
    for cause in &c.causes {
        line.push_str(&format!("。原因：{}", cause.summary()));
    }
    line
}

/// The link of a change on its body's changes page in release `v`.
fn change_href(cx: &Cx, ch: &Chronicle, v: usize, c: &Change) -> String {
    let page_body = c.to_body.as_deref().filter(|_| c.kind == ChangeKind::Moved).unwrap_or(&c.body);
    let page = urls::body_changes(&urls::release_dir(Some(&ch.releases[v].id)), page_body);
    cx.url(&format!("{page}#{}", urls::change_anchor(&c.body, &c.code)))
}

/// A feed of the released changes that `pick` selects: one entry per release with any, listing
/// them, newest first.
fn changes_feed(
    ch: &Chronicle,
    cx: &Cx,
    first_date: Date,
    (path, alternate, id, title): (&str, &str, &str, &str),
    pick: &dyn Fn(&Change) -> bool,
) -> String {
    let mut entries = Vec::new();
    for v in 1..ch.releases.len() {
        let changes: Vec<&Change> = ch.steps[v].changes.iter().filter(|c| !c.cosmetic && pick(c)).collect();
        if changes.is_empty() {
            continue;
        }
        let release = &ch.releases[v];
        let summary = format!("{}：{}。", release.title, counts_text(&changes));
        let mut html = format!(
            "<p>{}</p><ul>",
            h(&format!("{}，{}施行。{}", release.title, release.effective.chinese(), counts_text(&changes)))
        );
        for c in &changes {
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                h(&change_href(cx, ch, v, c)),
                h(&change_line(c, None))
            ));
        }
        html.push_str("</ul>");
        html.push_str(&fingerprint(ch, v));
        entries.push(Entry {
            id: cx.id(release.effective, &format!("{id}/{}", release.id)),
            title: format!("{title}：{}", release.title),
            updated: release.effective,
            link: cx.url(&urls::changes(&urls::release_dir(Some(&release.id)))),
            summary,
            html,
        });
    }
    entries.reverse();
    feed_xml(cx, &cx.id(first_date, id), &format!("{title} · {}", cx.site_title), path, alternate, &entries)
}

fn department_feed(ch: &Chronicle, cx: &Cx, first_date: Date, dept: &str) -> String {
    let name = ch.body_name(dept);
    let path = urls::department_feed(dept);
    let title = format!("{name}相关事项的变化");
    let pick =
        |c: &Change| c.departments.iter().any(|d| d == dept) || c.body == dept || c.to_body.as_deref() == Some(dept);
    changes_feed(ch, cx, first_date, (&path, &urls::body(dept), &format!("departments/{dept}"), &title), &pick)
}

fn part_feed(ch: &Chronicle, cx: &Cx, first_date: Date, part: Part) -> String {
    let path = urls::part_feed(part.key());
    let title = format!("{}的变化", part.name());
    let pick = |c: &Change| {
        c.part == part.name()
            || c.from_part.as_deref() == Some(part.name())
            || (part == Part::Basic && c.kind == ChangeKind::Recalled)
    };
    changes_feed(ch, cx, first_date, (&path, urls::RELEASES, &format!("parts/{}", part.key()), &title), &pick)
}

/// Items that are newly in `part`: added there, moved there from another part or body, or
/// (收回) recalled.
fn new_in_part_feed(ch: &Chronicle, cx: &Cx, first_date: Date, part: Part) -> String {
    let path = if part == Part::Support { urls::NEW_SUPPORT_FEED } else { urls::NEW_RECALLED_FEED };
    let title = format!("新增的{}", part.name());
    let pick = |c: &Change| {
        c.part == part.name()
            && (matches!(c.kind, ChangeKind::Added | ChangeKind::Recalled | ChangeKind::Moved) || c.from_part.is_some())
    };
    changes_feed(ch, cx, first_date, (path, urls::RELEASES, &format!("new/{}", part.key()), &title), &pick)
}

fn item_feed(r: &Renderer, ch: &Chronicle, cx: &Cx, body: &str, code: &str) -> String {
    let name = r
        .index
        .list(body)
        .and_then(|l| l.items.iter().find(|i| i.code.value == code))
        .map(|i| i.name.as_str())
        .unwrap_or(code);
    let events = ch.timeline(body, code);
    let first_date = events
        .first()
        .and_then(|e| ch.releases.get(e.version))
        .map(|r| r.effective)
        .unwrap_or(ch.releases[0].effective);
    let mut entries = Vec::new();
    for e in events.iter().filter(|e| e.version < ch.current() && !e.cosmetic) {
        let release = &ch.releases[e.version];
        let what = match e.kind {
            None => "首次发布".to_string(),
            Some(k) => k.name().to_string(),
        };
        let c = e.kind.and_then(|_| ch.steps[e.version].changes.iter().find(|c| c.body == e.body && c.code == e.code));
        let summary = match c {
            Some(c) => change_line(c, Some(body)),
            None => format!("{what}：{name}"),
        };
        let version_page = cx.url(&urls::item_version(&release.id, &e.identity.0, &e.identity.1));
        let mut html =
            format!("<p>{}</p>", h(&format!("{}，{}施行。{summary}", release.title, release.effective.chinese())));
        html.push_str(&format!("<p><a href=\"{}\">{}</a></p>", h(&version_page), h("本版本中的事项内容")));
        if let Some(c) = c {
            html.push_str(&format!(
                "<p><a href=\"{}\">{}</a></p>",
                h(&change_href(cx, ch, e.version, c)),
                h("逐字段的变化")
            ));
        }
        html.push_str(&fingerprint(ch, e.version));
        entries.push(Entry {
            id: cx.id(release.effective, &format!("item/{}/{}/{}", release.id, e.identity.0, e.identity.1)),
            title: format!("{name}：{what}（{}）", release.title),
            updated: release.effective,
            link: version_page,
            summary,
            html,
        });
    }
    entries.reverse();
    let title = format!("{name}（{}）的变化", ch.body_name(body));
    feed_xml(
        cx,
        &cx.id(first_date, &format!("items/{body}/{code}")),
        &format!("{title} · {}", cx.site_title),
        &urls::item_feed(body, code),
        &urls::item(body, code),
        &entries,
    )
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
            html.push_str(&fingerprint(ch, v));
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
            let changes: Vec<&Change> = ch.body_changes(v, body).into_iter().filter(|c| !c.cosmetic).collect();
            if changes.is_empty() {
                continue;
            }
            summary = format!("{name}清单：{}。", counts_text(&changes));
            html.push_str(&format!("<p>{}</p><ul>", h(&summary)));
            let page = urls::body_changes(&urls::release_dir(Some(&release.id)), body);
            for c in &changes {
                html.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    h(&cx.url(&format!("{page}#{}", urls::change_anchor(&c.body, &c.code)))),
                    h(&change_line(c, Some(body)))
                ));
            }
            html.push_str("</ul>");
            link = cx.url(&page);
        }
        html.push_str(&fingerprint(ch, v));
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
    fn uuid_ids_are_well_formed_and_stable() {
        let cx = Cx { base: None, host: None, seed: "qingdan\nx\ny".into(), site_title: "", author: "", head: None };
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

//! Rendering: the model and derived indexes to HTML pages and assets. Pages are rendered and
//! written in parallel, each straight to the staging directory, so memory stays flat however
//! many pages there are.

mod changes;
mod context;
mod county;
mod escape;
mod feed;
mod history;
mod markdown;
mod qr;
mod shared;
mod theme;
mod tokens;
mod versions;
mod views;

/// Up to this many townships a guidance catalog's page shows the items × townships matrix;
/// past it, each item's count of townships per status (the cells are in the catalog's CSV), so
/// the page stays within the page-weight budget (tests/weight.rs).
const MATRIX_TOWNSHIPS: usize = 40;

pub use theme::{Theme, STYLE as STYLE_FILE};

use crate::derive::{AdmissionCounts, AdmissionUse, Counts, Coverage, DepartmentView, Event, Index, Overview, Values};
use crate::export::{self, Exporter};
use crate::model::{Body, Field, Item, ItemList};
use crate::progress::Progress;
use crate::timing;
use crate::urls;
use crate::write::Output;
use minijinja::{context, Environment, Value};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// What to render: the whole site, or what depends on some lists (after an edit, in `serve`):
/// their pages, the department and county pages that gather items, the data and history.
pub enum Scope<'c> {
    All,
    /// Lists by body code.
    Lists(&'c BTreeSet<String>),
}

impl Scope<'_> {
    fn is_all(&self) -> bool {
        matches!(self, Scope::All)
    }

    /// Whether the list of `body` is rendered.
    fn has(&self, body: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Lists(lists) => lists.contains(body),
        }
    }
}

/// A page to render: its output path and what it shows.
enum Page<'s> {
    Home,
    Body(&'s Body),
    Item(&'s ItemList, &'s Item),
    Departments,
    Territorial,
    Admission,
    Overview,
    Guidance,
    Catalog(usize),
    Prose(usize),
    NotFound,
    Search,
    /// An item's 一次性告知单.
    Notice(&'s ItemList, &'s Item),
    Events,
    Event(usize),
}

/// Figures about a finished render.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub pages: usize,
    pub items: usize,
}

pub struct Renderer<'s, 'i> {
    index: &'i Index<'s>,
    env: Environment<'static>,
    theme: Theme,
    departments: HashMap<&'s str, DepartmentView<'s>>,
    /// Context shared by every page, converted to a template value once.
    common: context::Names,
    /// Releases, diffs and timelines (`history.rs`), when the site has releases.
    history: Option<&'i crate::history::Chronicle>,
    /// Bodies and list headers as template values, converted once.
    shared: shared::Shared<'s>,
    /// The figures of every list by body code, counted once.
    counts: HashMap<&'s str, Counts>,
    /// The county overview (`overview.html`, its CSV files are exported separately).
    overview: Overview<'s>,
    /// The 准入 list against the lists.
    admission_use: AdmissionUse<'s>,
    /// 一件事, in life order, and the slug of each page.
    events: Vec<Event<'s>>,
    event_slugs: Vec<String>,
}

impl<'s, 'i> Renderer<'s, 'i> {
    pub fn new(index: &'i Index<'s>, theme: Theme) -> Self {
        let site = index.site;
        let jurisdiction = index.body(&site.config.jurisdiction);
        let pages: Vec<_> = site.pages.iter().map(|p| context! { slug => p.slug, title => p.title }).collect();
        let common = context! {
            site => site.config,
            jurisdiction => jurisdiction,
            nav_pages => pages,
            has_territorial => site.territorial.is_some(),
            has_admission => site.admission.is_some(),
            has_guidance => !site.catalogs.is_empty(),
        };
        let shared = shared::Shared::new(index);
        let events = crate::derive::events(index);
        let event_slugs = slugs(events.iter().map(|e| e.name));
        let event_links: Vec<Value> = events
            .iter()
            .zip(&event_slugs)
            .map(|(e, slug)| context! { name => e.name, href => urls::event(slug), count => e.items.len() })
            .collect();
        let common = {
            let mut names = context::Names::default();
            names.extend(&common);
            names.extend(&context! { event_links => event_links });
            names
        };
        Renderer {
            env: theme.environment(),
            theme,
            departments: DepartmentView::all(index),
            index,
            common,
            history: None,
            shared,
            counts: Counts::of_lists(index),
            overview: Overview::of(index),
            admission_use: AdmissionUse::of(index),
            events,
            event_slugs,
        }
    }

    fn pages(&self, scope: &Scope) -> Vec<(String, Page<'s>)> {
        let site = self.index.site;
        let mut pages = vec![(urls::HOME.to_string(), Page::Home)];
        if scope.is_all() {
            pages.push((urls::NOT_FOUND.to_string(), Page::NotFound));
            pages.push((urls::SEARCH.to_string(), Page::Search));
        }
        // Department pages gather the items of every list, so they follow any list.
        for body in site.bodies.iter().filter(|b| scope.is_all() || !b.kind.is_grassroots() || scope.has(&b.code)) {
            pages.push((urls::body(&body.code.value), Page::Body(body)));
        }
        for list in site.lists.iter().filter(|l| scope.has(&l.body)) {
            if self.index.body(&list.body).is_none() {
                continue;
            }
            for item in &list.items {
                pages.push((urls::item(&list.body, &item.code), Page::Item(list, item)));
                if item.guide.is_some() {
                    pages.push((urls::notice(&list.body, &item.code), Page::Notice(list, item)));
                }
            }
        }
        // Event pages gather the items of every list, so they follow any list.
        if !self.events.is_empty() {
            pages.push((urls::EVENTS.into(), Page::Events));
            for (i, slug) in self.event_slugs.iter().enumerate() {
                pages.push((urls::event(slug), Page::Event(i)));
            }
        }
        pages.push((urls::DEPARTMENTS.into(), Page::Departments));
        pages.push((urls::OVERVIEW.into(), Page::Overview));
        if site.territorial.is_some() {
            pages.push((urls::TERRITORIAL.into(), Page::Territorial));
        }
        if site.admission.is_some() {
            pages.push((urls::ADMISSION.into(), Page::Admission));
        }
        if !site.catalogs.is_empty() {
            pages.push((urls::GUIDANCE.into(), Page::Guidance));
            for (i, c) in site.catalogs.iter().enumerate() {
                pages.push((urls::catalog(&c.id.value), Page::Catalog(i)));
            }
        }
        if scope.is_all() {
            for (i, p) in site.pages.iter().enumerate() {
                pages.push((urls::page(&p.slug), Page::Prose(i)));
            }
        }
        pages
    }

    /// Renders the pages, data and assets in `scope` into `out`.
    pub fn render_into(&self, out: &dyn Output, scope: &Scope, progress: &Progress) -> Result<Stats, crate::Error> {
        // Open data first: the data page shows the sizes of the files written.
        let data_pages = self.render_data(out, scope, progress)?;
        let stats = self.render_pages(out, scope, progress)?;
        Ok(Stats { pages: stats.pages + data_pages, ..stats })
    }

    /// Renders the pages and assets in `scope`, all but the open data and its page
    /// (`render_data`): after an edit, `serve` reloads the pages first and writes the data next.
    pub fn render_pages(&self, out: &dyn Output, scope: &Scope, progress: &Progress) -> Result<Stats, crate::Error> {
        let pages = self.pages(scope);
        let mut files: Vec<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
        let assets = [
            (format!("static/{}", theme::STYLE), self.theme.style()),
            (format!("static/{}", theme::SCRIPT), self.theme.script()),
        ];
        files.extend(assets.iter().map(|(p, _)| p.as_str()));
        let served: Vec<String> = self.index.site.files.iter().map(|f| urls::file(&f.path)).collect();
        if scope.is_all() {
            files.extend(served.iter().map(String::as_str));
        }
        out.create_dirs(&files).map_err(|e| crate::Error::io(out.dir().display().to_string(), e))?;
        if scope.is_all() {
            for (path, text) in &assets {
                out.write(path, text.as_bytes()).map_err(|e| crate::Error::io(path.clone(), e))?;
            }
            // Forms and samples, as they are.
            for (file, path) in self.index.site.files.iter().zip(&served) {
                let bytes =
                    std::fs::read(&file.source).map_err(|e| crate::Error::io(file.source.display().to_string(), e))?;
                out.write(path, &bytes).map_err(|e| crate::Error::io(path.clone(), e))?;
            }
        }
        let phase = progress.phase("生成页面", pages.len());
        pages.par_iter().try_for_each(|(path, page)| {
            let html = self.render(path, page).map_err(crate::Error::Template)?;
            phase.inc(1);
            out.write(path, html.as_bytes()).map_err(|e| crate::Error::io(path.clone(), e))
        })?;
        drop(phase);
        let t = timing::start();
        let history_files = self.render_history(out)?;
        t.report("版本页面");
        let items = pages.iter().filter(|(_, p)| matches!(p, Page::Item(..))).count();
        Ok(Stats { pages: pages.len() + history_files, items })
    }

    /// Writes the open data of `scope` (the changed lists' files and everything gathered over
    /// all lists) and the data page, which shows the files' sizes; returns the pages written.
    pub fn render_data(&self, out: &dyn Output, scope: &Scope, progress: &Progress) -> Result<usize, crate::Error> {
        let mut exporter = Exporter::new(self.index, urls::DATA_DIR);
        if let Scope::Lists(lists) = scope {
            exporter = exporter.only(lists);
        }
        let (data_files, data_page) = (exporter.paths(), exporter.page_path());
        let files: Vec<&str> = data_files.iter().map(String::as_str).chain([data_page.as_str()]).collect();
        out.create_dirs(&files).map_err(|e| crate::Error::io(out.dir().display().to_string(), e))?;
        let phase = progress.phase("导出数据", 0);
        let datasets = exporter.write(out)?;
        drop(phase);
        let data = Value::from_serialize(export::page_context(&datasets, urls::DATA_DIR));
        let html =
            self.render_template(&data_page, "data.html", context! { data => data }).map_err(crate::Error::Template)?;
        out.write(&data_page, html.as_bytes()).map_err(|e| crate::Error::io(data_page.clone(), e))?;
        Ok(1)
    }

    fn render(&self, path: &str, page: &Page<'s>) -> Result<String, minijinja::Error> {
        let index = self.index;
        let site = index.site;
        let (template, ctx) = match page {
            Page::Home => ("home.html", self.home()),
            Page::Body(body) if body.kind.is_grassroots() => {
                ("township.html", self.township(body, index.list(&body.code)))
            }
            Page::Body(body) => ("department.html", self.department(body, index.list(&body.code))),
            Page::Item(list, item) => ("item.html", self.item(list, item)),
            Page::Departments => ("departments.html", self.departments()),
            Page::Territorial => ("territorial.html", context! { list => site.territorial, names => self.names() }),
            Page::Admission => ("admission.html", self.admission()),
            Page::Overview => ("overview.html", self.overview()),
            Page::Guidance => ("guidance.html", self.guidance()),
            Page::Catalog(i) => (
                "catalog.html",
                context! {
                    coverage => Coverage::of(index, *i),
                    bodies => self.grassroots_names(),
                    matrix_limit => MATRIX_TOWNSHIPS,
                },
            ),
            Page::Prose(i) => ("page.html", context! { page => site.pages[*i] }),
            Page::NotFound => ("404.html", context! {}),
            Page::Search => ("search.html", context! {}),
            Page::Notice(list, item) => ("notice.html", self.notice(list, item)),
            Page::Events => ("events.html", self.events_page()),
            Page::Event(i) => ("event.html", context! { event => self.events[*i] }),
        };
        self.render_template(path, template, ctx)
    }

    /// Renders the page at `path` with `template`, adding what every page shares.
    fn render_template(&self, path: &str, template: &str, ctx: Value) -> Result<String, minijinja::Error> {
        let root = match path {
            // Servers answer any missing path with this page, so its links cannot be relative:
            // they start from the site's path (that of `base_url`, or the domain root).
            urls::NOT_FOUND => Value::from(site_path(self.index.site.config.base_url.as_deref())),
            // Our own text, marked safe so links read `../x.html`, not `..&#x2f;x.html`.
            _ => Value::from_safe_string("../".repeat(path.matches('/').count())),
        };
        let up = self.up(&root);
        // What every page shares, the page's own values, and where the page is.
        let mut names = self.common.clone();
        names.extend_new(&ctx);
        names.insert("root", root);
        names.insert("path", Value::from(path));
        names.insert("up", Value::from(up));
        self.env.get_template(template)?.render(names.into_value())
    }

    /// Where a county's links up to its region (`site.parent`) start: the region's address
    /// when it has one, so they hold wherever the county is published; else the region's root
    /// seen from the county's root, `root`, where `build` and `combine` put the county.
    fn up(&self, root: &Value) -> Option<Value> {
        let parent = self.index.site.config.parent.as_ref()?;
        Some(match parent.base_url.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            Some(base) => Value::from(format!("{}/", base.trim_end_matches('/'))),
            None => Value::from_safe_string(region_root(root.as_str().unwrap_or(""))?),
        })
    }

    fn grassroots_names(&self) -> Vec<Value> {
        self.index.grassroots.iter().map(|b| context! { code => b.code, name => b.name, kind => b.kind }).collect()
    }

    fn home(&self) -> Value {
        let index = self.index;
        let townships: Vec<Value> = index
            .grassroots
            .iter()
            .map(|b| {
                let counts = self.counts.get(b.code.value.as_str()).cloned().unwrap_or_default();
                context! { body => b, counts => counts }
            })
            .collect();
        let totals = &self.overview.totals;
        let coverage: Vec<Value> = (0..index.site.catalogs.len())
            .map(|i| {
                let c = Coverage::of(index, i);
                context! { catalog => c.catalog.title, id => c.catalog.id, total => c.catalog.items.len(), totals => c.totals }
            })
            .collect();
        context! {
            townships => townships,
            totals => totals,
            share => self.overview.share,
            department_count => index.departments.len(),
            matter_count => index.site.territorial.as_ref().map(|t| t.matters.len()).unwrap_or(0),
            admissions => AdmissionCounts::of(index.site.admission.as_ref()),
            coverage => coverage,
        }
    }

    /// A township's page; without a list yet it still shows where to go and whom to call.
    fn township(&self, body: &'s Body, list: Option<&'s ItemList>) -> Value {
        context! {
            body => body,
            list => list.map(|l| self.shared.list(l)),
            counts => list.and_then(|l| self.counts.get(l.body.value.as_str())).cloned().unwrap_or_default(),
            groups => list.map(|list| views::group(self.index, list)).unwrap_or_default(),
            windows => views::windows(self.index, body, list),
            matter_count => self.index.site.territorial.as_ref().map(|t| t.matters.len()).unwrap_or(0),
            online => self.online(&format!("{}/", body.code.value), &format!("{}履行职责事项清单网页版二维码", body.name)),
            release => self.list_release(&body.code),
            events => self.township_events(body),
        }
    }

    /// The page at `dir` (a directory under the output root, or "" for the home page) on the
    /// web: its absolute address and a QR code of it for printed lists. `None` without a
    /// configured `base_url`: a relative address means nothing on paper.
    fn online(&self, dir: &str, label: &str) -> Option<Value> {
        let base = self.index.site.config.base_url.as_deref()?.trim();
        if base.is_empty() {
            return None;
        }
        let url = format!("{}/{dir}", base.trim_end_matches('/'));
        let svg = qr::svg(&url, label)?;
        Some(context! { url => url, qr => Value::from_safe_string(svg) })
    }

    fn item(&self, list: &'s ItemList, item: &'s Item) -> Value {
        let index = self.index;
        let body = index.body(&list.body);
        let values = Values::of(index, list);
        let window = item.window.as_ref().and_then(|w| body?.window(&w.value));
        let office = item.office.as_ref().and_then(|o| body?.office(&o.value));
        let departments: Vec<Value> = item
            .departments
            .iter()
            .map(|r| {
                context! {
                    code => r.department.value,
                    name => index.name_or_code(&r.department.value),
                    exists => index.body(&r.department.value).is_some(),
                    duty => r.duty,
                }
            })
            .collect();
        let guidance = item.guidance.as_ref().and_then(|g| index.guidance(&g.value)).map(|(c, g)| {
            context! { item => g, catalog => index.site.catalogs[c].title, catalog_id => index.site.catalogs[c].id }
        });
        let text = |f: Field| values.text(item, f).into_owned();
        context! {
            item => item,
            body => self.shared.body(&list.body),
            list => self.shared.list(list),
            window => window,
            office => office,
            departments => departments,
            department => item.department().and_then(|d| index.body(&d.value)).and_then(|d| self.shared.body(&d.code)),
            assigned_by => item.assigned_by.as_ref().map(|d| index.name_or_code(&d.value)),
            admission => item.admission.as_ref().and_then(|a| index.admission(&a.value)),
            matter => item.territorial.as_ref().and_then(|m| index.matter(&m.value)),
            guidance => guidance,
            subject => text(Field::Subject),
            supervision_phone => Some(text(Field::SupervisionPhone)).filter(|p| !p.is_empty()),
            timeline => self.timeline(&list.body, &item.code),
            notice => item.guide.as_ref().map(|_| urls::notice(&list.body, &item.code)),
            events => self.event_refs(&item.events),
            files_dir => urls::FILES_DIR,
            item_feed => self.item_feed(&list.body, &item.code),
        }
    }

    /// The 一次性告知单 of an item with a 办事指南: what to bring, where, when, whom to call,
    /// and a QR code of where to do it online (else of the item's page).
    fn notice(&self, list: &'s ItemList, item: &'s Item) -> Value {
        let index = self.index;
        let body = index.body(&list.body);
        let window = item.window.as_ref().and_then(|w| body?.window(&w.value));
        let guide = item.guide.as_deref();
        let online = guide.and_then(|g| g.online.as_ref().or(g.mobile.as_ref())).and_then(|url| {
            let svg = qr::svg(&url.value, &format!("{}网上办理二维码", item.name))?;
            Some(context! { url => url.value, qr => Value::from_safe_string(svg), label => "扫码网上办理" })
        });
        let online = online.or_else(|| {
            let page = urls::item(&list.body, &item.code);
            let (dir, file) = page.rsplit_once('/').unwrap_or(("", &page));
            let base = self.index.site.config.base_url.as_deref()?.trim().trim_end_matches('/').to_string();
            let url = format!("{base}/{dir}/{file}");
            let svg = qr::svg(&url, &format!("{}办事指南网页二维码", item.name))?;
            Some(context! { url => url, qr => Value::from_safe_string(svg), label => "扫码查看办事指南" })
        });
        context! {
            item => item,
            guide => guide,
            body => self.shared.body(&list.body),
            list => self.shared.list(list),
            window => window,
            online => online,
            files_dir => urls::FILES_DIR,
        }
    }

    /// The 一件事 index: every event with its items' count and the townships concerned.
    fn events_page(&self) -> Value {
        let events: Vec<Value> = self
            .events
            .iter()
            .zip(&self.event_slugs)
            .map(|(e, slug)| {
                let names: Vec<&str> = e.items.iter().map(|i| i.name).collect();
                context! { name => e.name, href => urls::event(slug), items => names, townships => e.townships }
            })
            .collect();
        context! { events => events }
    }

    /// Links to the 一件事 pages of `names`.
    fn event_refs(&self, names: &[String]) -> Vec<Value> {
        names
            .iter()
            .filter_map(|n| {
                let i = self.events.iter().position(|e| e.name == n.as_str())?;
                Some(context! { name => n, href => urls::event(&self.event_slugs[i]) })
            })
            .collect()
    }

    /// A township's 一件事, each with its items there.
    fn township_events(&self, body: &'s Body) -> Vec<Value> {
        crate::derive::events_of(self.index, body)
            .into_iter()
            .map(|(name, items)| {
                let href = self.events.iter().position(|e| e.name == name).map(|i| urls::event(&self.event_slugs[i]));
                let items: Vec<Value> =
                    items.iter().map(|i| context! { code => i.code.value, name => i.name }).collect();
                context! { name => name, href => href, items => items }
            })
            .collect()
    }

    fn departments(&self) -> Value {
        let rows: Vec<Value> = self
            .index
            .departments
            .iter()
            .map(|d| {
                let v = self.departments.get(d.code.value.as_str());
                let n = |f: fn(&DepartmentView) -> usize| v.map(f).unwrap_or(0);
                context! {
                    body => d,
                    delegated => n(|v| v.delegated.len() + v.entrusted.len() + v.extended.len()),
                    supported => n(|v| v.supported_by_townships.len()),
                    recalled => n(|v| v.recalled.len()),
                    primary => n(|v| v.primary_matters.len()),
                    admissions => n(|v| v.admissions.len()),
                }
            })
            .collect();
        context! { departments => rows }
    }

    /// Body names by code, for pages that mention many bodies.
    fn names(&self) -> Value {
        let names: std::collections::BTreeMap<&str, &str> =
            self.index.site.bodies.iter().map(|b| (b.code.value.as_str(), b.name.as_str())).collect();
        Value::from_serialize(names)
    }

    fn guidance(&self) -> Value {
        let catalogs: Vec<Value> = (0..self.index.site.catalogs.len())
            .map(|i| {
                let c = Coverage::of(self.index, i);
                context! { catalog => c.catalog, totals => c.totals, total => c.catalog.items.len() }
            })
            .collect();
        context! { catalogs => catalogs }
    }
}

/// File names for the 一件事 pages: each name in pinyin (生育 → `shengyu`), letters and digits
/// kept, anything else as its code point; a second event with the same spelling gets `-2`.
fn slugs<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let mut slug = String::new();
        for c in name.chars() {
            match crate::search::pinyin::reading(c) {
                Some(p) => slug.push_str(p),
                None if c.is_ascii_alphanumeric() => slug.push(c.to_ascii_lowercase()),
                None => slug.push_str(&format!("u{:x}", c as u32)),
            }
        }
        let base = if slug.is_empty() { "event".to_string() } else { slug };
        let mut candidate = base.clone();
        let mut n = 2;
        while out.contains(&candidate) || candidate == "index" {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        out.push(candidate);
    }
    out
}

/// The path part of the site's address, ending in `/`: `https://a.gov.cn/qingshan` → `/qingshan/`.
/// The region's root seen from a county whose root is `root`: `root` and `urls::REGION_ROOT`
/// for a relative root; for the absolute one of the 404 page (the county's path on its
/// server), the directory above it, and none for a county at its domain's root, which has no
/// region above it to link to.
fn region_root(root: &str) -> Option<String> {
    if !root.starts_with('/') {
        return Some(format!("{root}{}", urls::REGION_ROOT));
    }
    let county = root.trim_end_matches('/');
    county.rfind('/').map(|i| county[..=i].to_string())
}

fn site_path(base_url: Option<&str>) -> String {
    let after_host =
        base_url.and_then(|u| u.split_once("://")).map(|(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let path = after_host.unwrap_or("").trim_end_matches('/');
    format!("{path}/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_region_is_the_directory_above_the_county() {
        use super::region_root;
        assert_eq!(region_root("").as_deref(), Some("../"));
        assert_eq!(region_root("../../").as_deref(), Some("../../../"));
        // The 404 page: the county's path on its server.
        assert_eq!(region_root("/shi/c001/").as_deref(), Some("/shi/"));
        assert_eq!(region_root("/c001/").as_deref(), Some("/"));
        // A county published at the root of its domain: nothing above it to link to (it was
        // `/../index.html`, the county's own home page).
        assert_eq!(region_root("/"), None);
    }

    #[test]
    fn event_pages_are_named_in_pinyin_and_never_twice() {
        let names = ["生育", "上学", "养老", "Ab 1", "生育", "index"];
        assert_eq!(
            super::slugs(names.into_iter()),
            ["shengyu", "shangxue", "yanglao", "abu201", "shengyu-2", "index-2"]
        );
    }

    #[test]
    fn the_not_found_page_links_from_the_site_path() {
        assert_eq!(super::site_path(None), "/");
        assert_eq!(super::site_path(Some("https://qd.example.gov.cn")), "/");
        assert_eq!(super::site_path(Some("https://qd.example.gov.cn/")), "/");
        assert_eq!(super::site_path(Some("https://example.gov.cn/qingshan/")), "/qingshan/");
        assert_eq!(super::site_path(Some("https://example.gov.cn/a/qingshan")), "/a/qingshan/");
    }
}

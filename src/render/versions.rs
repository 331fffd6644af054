//! Items as they stood, and where they went.
//!
//! - `releases/<id>/<body>/<code>.html`: an item as published in a release, for every item of
//!   the first release and every item added or changed in a later one. The page of an item in
//!   any release is the latest of these up to it (`Chronicle::item_page`). Such a page depends
//!   only on the releases, so its address can be cited for good.
//! - `<body>/<code>.html` of an item that no longer has that permalink (moved to another body,
//!   given another code, merged, split or removed): a page saying where it went, with links, so
//!   that old links keep working.

use super::history::{cause_view, relation_text};
use super::Renderer;
use crate::derive::{Index, Values};
use crate::diff::{ChangeKind, RelationKind};
use crate::history::{Chronicle, Retired};
use crate::model::{Field, Item, ItemList, Site};
use crate::urls;
use crate::write::Output;
use minijinja::{context, Value};
use rayon::prelude::*;

impl<'s, 'i> Renderer<'s, 'i> {
    /// Writes the pages of the items as they stood in release `v`. `old` holds the lists of
    /// that release that differ from the current ones (and its bodies); the others are the
    /// current lists. Returns their paths.
    pub fn render_item_versions(&self, out: &dyn Output, v: usize, old: &Site) -> Result<Vec<String>, crate::Error> {
        let Some(ch) = self.history else { return Ok(Vec::new()) };
        let needed = ch.item_pages(v);
        let old_index = Index::new(old);
        let mut pages: Vec<(String, &ItemList, &Index, &Item)> = Vec::new();
        for l in &ch.versions[v].lists {
            let wanted = match &needed {
                None => None,
                Some(map) => match map.get(l.body.as_str()) {
                    Some(codes) => Some(codes),
                    None => continue,
                },
            };
            let (list, index) = match old.lists.iter().find(|x| x.body.value == l.body) {
                Some(list) => (list, &old_index),
                None => match self.index.list(&l.body) {
                    Some(list) => (list, self.index),
                    None => continue,
                },
            };
            for item in &list.items {
                if wanted.is_some_and(|codes| !codes.contains(&item.code.value.as_str())) {
                    continue;
                }
                pages.push((urls::item_version(&ch.releases[v].id, &l.body, &item.code), list, index, item));
            }
        }
        let paths: Vec<&str> = pages.iter().map(|(p, ..)| p.as_str()).collect();
        out.create_dirs(&paths).map_err(|e| crate::Error::io(out.dir().display().to_string(), e))?;
        pages.par_iter().try_for_each(|(path, list, index, item)| {
            let ctx = self.item_version(ch, v, list, index, item);
            let html = self.render_template(path, "item-version.html", ctx).map_err(crate::Error::Template)?;
            out.write(path, html.as_bytes()).map_err(|e| crate::Error::io(path.clone(), e))
        })?;
        Ok(pages.into_iter().map(|(path, ..)| path).collect())
    }

    fn item_version(&self, ch: &Chronicle, v: usize, list: &ItemList, index: &Index, item: &Item) -> Value {
        let body = &list.body.value;
        let code = &item.code.value;
        let values = Values::of(index, list);
        let fields: Vec<Value> = Field::ALL
            .iter()
            .filter(|f| !matches!(f, Field::Part | Field::Name))
            .filter_map(|&f| {
                let text = values.text(item, f);
                (!text.is_empty())
                    .then(|| context! { label => f.spec().label_in(item.part), text => text.into_owned() })
            })
            .chain(item.extra.iter().map(|(k, v)| context! { label => k, text => v }))
            .collect();
        let links = ch.version_links(v, body, code);
        let page_of = |(u, b, c): &(usize, String, String)| {
            context! { href => urls::item_version(&ch.releases[*u].id, b, c), release => self.meta(ch, *u), code => c }
        };
        let change = links.change.map(|n| {
            let c = &ch.steps[v].changes[n];
            let anchor = urls::change_anchor(&c.body, &c.code);
            let page_body = c.to_body.as_deref().unwrap_or(&c.body);
            let me = (body.to_string(), code.to_string());
            context! {
                kind => if c.cosmetic { "格式修改" } else { c.kind.name() },
                added => c.kind == ChangeKind::Added,
                fields => c.substantive_fields().map(|f| f.label).collect::<Vec<_>>(),
                old_name => c.new_name.as_ref().map(|_| &c.name),
                old_code => c.new_code.as_ref().map(|_| &c.code),
                from_body => c.to_body.as_ref().map(|_| ch.body_name(&c.body)),
                causes => c.causes.iter().map(cause_view).collect::<Vec<_>>(),
                relation => ch.steps[v].relation_of(body, code, false).map(|r| relation_text(r, &me)),
                href => format!("{}#{anchor}", urls::body_changes(&urls::release_dir(Some(&ch.releases[v].id)), page_body)),
            }
        });
        let path = urls::item_version(&ch.releases[v].id, body, code);
        let body_name = index.body(body).map(|b| b.name.as_str()).unwrap_or_else(|| ch.body_name(body));
        context! {
            meta => self.meta(ch, v),
            release => ch.releases[v],
            next_release => (v + 1 < ch.releases.len()).then(|| self.meta(ch, v + 1)),
            body => context! { code => body, name => body_name },
            item => context! { name => item.name, code => code, part => item.part, power_type => item.power_type.as_ref().map(|t| t.label().to_string()) },
            fields => fields,
            change => change,
            first => v == 0,
            previous => links.previous.as_ref().map(page_of),
            next => links.next.as_ref().map(page_of),
            permalink => urls::item(body, code),
            url => self.absolute(&path),
            manifest => ch.releases[v].sha256,
        }
    }

    /// The address of a page on the web, when `base_url` is set; its path otherwise.
    pub(super) fn absolute(&self, path: &str) -> String {
        match self.index.site.config.base_url.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            Some(base) => format!("{}/{path}", base.trim_end_matches('/')),
            None => path.to_string(),
        }
    }

    /// The pages at the permalinks of items that went elsewhere: (path, context).
    pub(super) fn retired_pages(&self, ch: &Chronicle) -> Vec<(String, Value)> {
        ch.retired(self.index).into_iter().map(|r| (urls::item(&r.body, &r.code), self.retired(ch, &r))).collect()
    }

    fn retired(&self, ch: &Chronicle, r: &Retired) -> Value {
        let step = &ch.steps[r.version];
        let c = &step.changes[r.change];
        let relation = step.relation_of(&r.body, &r.code, true);
        let how = match (c.kind, relation.map(|x| x.kind)) {
            (ChangeKind::Removed, Some(RelationKind::Merge)) => "并入其他事项",
            (ChangeKind::Removed, Some(RelationKind::Split)) => "拆分为多个事项",
            (ChangeKind::Removed, None) => "取消",
            (ChangeKind::Moved, _) => "移交",
            (ChangeKind::Recalled, _) => "调整为上级部门收回事项，并改用新的事项编码",
            _ => "改用新的事项编码",
        };
        let now: Vec<Value> = r
            .now
            .iter()
            .map(|(b, code)| {
                let name = self.index.list(b).and_then(|l| l.items.iter().find(|i| i.code.value == *code)).map(|i| i.name.clone());
                context! { href => urls::item(b, code), body_name => self.index.name_or_code(b), code => code, name => name }
            })
            .collect();
        let unreleased = r.version == ch.current();
        let dir = self.version_dir(ch, r.version);
        let page_body = c.to_body.as_deref().unwrap_or(&c.body);
        let change_href = (!unreleased || self.unreleased_pages(ch))
            .then(|| format!("{}#{}", urls::body_changes(&dir, page_body), urls::change_anchor(&c.body, &c.code)));
        context! {
            item => context! { body => r.body, body_name => ch.body_name(&r.body), code => r.code, name => r.name },
            how => how,
            unreleased => unreleased,
            release => (!unreleased).then(|| self.meta(ch, r.version)),
            causes => c.causes.iter().map(cause_view).collect::<Vec<_>>(),
            now => now,
            last => context! {
                href => urls::item_version(&ch.releases[r.last_page].id, &r.body, &r.code),
                release => self.meta(ch, r.last_page),
            },
            change_href => change_href,
        }
    }
}

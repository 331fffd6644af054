use super::table::{FileCx, Table};
use crate::diag::{Diagnostic, Diagnostics, Location, SourceMap};
use crate::model::Page;
use std::path::Path;

/// Reads `content/pages/*.md`: Markdown with `+++` TOML front matter (`title`, `order`).
pub fn read_all(map: &mut SourceMap, diags: &mut Diagnostics, dir: &Path) -> Vec<Page> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|e| {
            e.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "md")).collect()
        })
        .unwrap_or_default();
    paths.sort();
    let mut pages: Vec<Page> = paths
        .into_iter()
        .filter_map(|path| {
            let file = map.add(path.clone());
            let text = super::read_text(map, file, diags)?;
            read_page(file, &path, &text, diags)
        })
        .collect();
    pages.sort_by(|a, b| (a.order, &a.slug).cmp(&(b.order, &b.slug)));
    pages
}

fn read_page(file: u32, path: &Path, text: &str, diags: &mut Diagnostics) -> Option<Page> {
    let slug = path.file_stem()?.to_string_lossy().to_string();
    let (front, body) = super::split_front_matter(text);
    let Some(front) = front else {
        diags.push(
            Diagnostic::error(Location::File(path.to_path_buf()), "页面缺少 +++ 包围的标题信息")
                .hint("在文件开头写：\n+++\ntitle = \"页面标题\"\n+++"),
        );
        return None;
    };
    let mut cx = FileCx::new(file);
    cx.base = front.as_ptr() as usize - text.as_ptr() as usize;
    let page = super::parse_toml(&mut cx, front).and_then(|top| {
        let mut t = Table::new(top.get_ref(), top.span(), "");
        let title = t.req_text(&mut cx, "title");
        let order = t.int(&mut cx, "order").unwrap_or(0);
        t.finish(&mut cx);
        Some(Page { slug, title: title?.value, markdown: body.to_string(), order })
    });
    diags.extend(cx.diags);
    page
}

use super::table::{FileCx, Table};
use crate::model::{Catalog, GuidanceItem, Located, PowerType};
use std::path::Path;

/// A catalog's id is its file name (`guidance/dongjiang-zhifa.toml` is `dongjiang-zhifa`).
pub fn read(cx: &mut FileCx, t: &mut Table, path: &Path) -> Option<Catalog> {
    let id = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let title = t.req_text(cx, "title");
    let issuer = t.text(cx, "issuer").map(|v| v.value);
    let document = t.text(cx, "document").map(|v| v.value);
    let date = t.date(cx, "date");
    let notes = t.text(cx, "notes").map(|v| v.value);
    let items = t
        .tables(cx, "item")
        .into_iter()
        .filter_map(|mut g| {
            let id = g.req_text(cx, "id");
            let name = g.req_text(cx, "name");
            let power_type = g.req_text(cx, "type");
            let number = g.text_or_number(cx, "number");
            let department = g.text(cx, "department");
            let note = g.text(cx, "note").map(|v| v.value);
            g.finish(cx);
            Some(GuidanceItem {
                number,
                department,
                note,
                span: g.span(cx),
                id: id?,
                name: name?.value,
                power_type: power_type.map(|v| Located::new(PowerType::parse(&v.value), v.span))?,
            })
        })
        .collect();
    Some(Catalog { id: Located::new(id, t.span(cx)), title: title?.value, issuer, document, date, notes, items })
}

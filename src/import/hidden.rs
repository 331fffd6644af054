//! What a publisher did not show: hidden rows and columns, and values under a merged cell
//! (only its top-left cell is displayed). They were not published, so by default they are not
//! imported; the report names every such cell, and `--include-hidden` takes them in.

use super::grid::{cell_name, column_name, Merge, Sheet};
use super::report::Place;
use crate::diag::Diagnostic;

/// Why cells were not shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    Row(usize),
    Column(usize),
    /// Under a merged range, whose top-left cell alone is shown.
    Merged(Merge),
}

/// Cells with text that were not shown, grouped by why.
#[derive(Clone, Debug)]
pub struct Group {
    pub why: Why,
    /// (row, column, text), 0-based.
    pub cells: Vec<(usize, usize, String)>,
}

/// Finds the hidden cells that hold text and, unless `include`, blanks them so that nothing
/// downstream sees them.
pub fn apply(sheet: &mut Sheet, include: bool) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut add = |why: Why, r: usize, c: usize, text: &str| match groups.iter_mut().find(|g| g.why == why) {
        Some(g) => g.cells.push((r, c, text.to_string())),
        None => groups.push(Group { why, cells: vec![(r, c, text.to_string())] }),
    };
    // The cells merges cover, but their top-left ones: each cell of the grid at most once, so
    // overlapping merges in a broken file cost no more than the grid.
    let mut covered: std::collections::HashMap<(usize, usize), usize> = std::collections::HashMap::new();
    for (i, m) in sheet.merges.iter().enumerate() {
        for (r, row) in sheet.rows.iter().enumerate().take(m.bottom + 1).skip(m.top) {
            for (c, cell) in row.iter().enumerate().take(m.right + 1).skip(m.left) {
                if (r, c) != (m.top, m.left) && !cell.text.trim().is_empty() {
                    covered.entry((r, c)).or_insert(i);
                }
            }
        }
    }
    let mut blank: Vec<(usize, usize)> = Vec::new();
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.text.trim().is_empty() {
                continue;
            }
            let why = if sheet.hidden_rows.contains(&r) {
                Why::Row(r)
            } else if sheet.hidden_cols.contains(&c) {
                Why::Column(c)
            } else if let Some(&i) = covered.get(&(r, c)) {
                Why::Merged(sheet.merges[i])
            } else {
                continue;
            };
            add(why, r, c, &cell.text);
            blank.push((r, c));
        }
    }
    if !include {
        for (r, c) in blank {
            sheet.rows[r][c].text.clear();
        }
    }
    groups
}

/// One warning per group, at its first cell, naming every cell.
pub fn report(groups: &[Group], place: &Place, include: bool) -> Vec<Diagnostic> {
    groups
        .iter()
        .map(|g| {
            let (r, c, _) = g.cells[0];
            let cells: Vec<String> = g.cells.iter().map(|(r, c, _)| cell_name(*r, *c)).collect();
            let what = match &g.why {
                Why::Row(r) => format!("第 {} 行是隐藏行", r + 1),
                Why::Column(c) => format!("{} 列是隐藏列", column_name(*c)),
                Why::Merged(m) => format!(
                    "{}被合并单元格 {}:{} 遮住（合并后只显示左上角 {} 的内容）",
                    if g.cells.len() == 1 { "这个单元格" } else { "这些单元格" },
                    cell_name(m.top, m.left),
                    cell_name(m.bottom, m.right),
                    cell_name(m.top, m.left)
                ),
            };
            let first = shorten(&g.cells[0].2, 20);
            if include {
                place
                    .warn(
                        r,
                        c,
                        format!(
                            "{what}，按 --include-hidden 导入了其中 {} 个单元格：{}（“{first}”…）",
                            g.cells.len(),
                            cells.join("、")
                        ),
                    )
                    .hint("这些内容在原表中看不到，请核对是否应当公布")
            } else {
                place
                    .warn(
                        r,
                        c,
                        format!("{what}，其中 {} 个单元格没有导入：{}（“{first}”…）", g.cells.len(), cells.join("、")),
                    )
                    .hint("原表中看不到的内容视为没有公布；确需导入时加 --include-hidden")
            }
        })
        .collect()
}

fn shorten(text: &str, max: usize) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() <= max {
        t
    } else {
        t.chars().take(max).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::grid::Cell;

    fn sheet() -> Sheet {
        let cell = |t: &str| Cell { text: t.to_string(), ..Cell::default() };
        Sheet {
            name: "表".into(),
            rows: vec![
                vec![cell("序号"), cell("事项名称"), cell("备注")],
                vec![cell("1"), cell("甲"), cell("影子")],
                vec![cell("2"), cell("乙"), cell("")],
                vec![cell("3"), cell("丙"), cell("旧")],
            ],
            merges: vec![Merge { top: 1, left: 1, bottom: 1, right: 2 }],
            hidden_rows: [3].into(),
            hidden_cols: [].into(),
            ..Sheet::default()
        }
    }

    #[test]
    fn blanks_hidden_rows_and_shadowed_cells_unless_included() {
        let mut s = sheet();
        let groups = apply(&mut s, false);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].why, Why::Merged(Merge { top: 1, left: 1, bottom: 1, right: 2 }));
        assert_eq!(groups[1].why, Why::Row(3));
        assert_eq!(groups[1].cells.len(), 3);
        assert_eq!((s.text(1, 2), s.text(3, 1), s.text(1, 1)), ("", "", "甲"));
        let place = Place::new(std::path::Path::new("a.xlsx"), "表");
        let d = report(&groups, &place, false);
        assert!(d[1].message.contains("第 4 行是隐藏行，其中 3 个单元格没有导入：A4、B4、C4"), "{}", d[1].message);
        let mut s = sheet();
        apply(&mut s, true);
        assert_eq!(s.text(3, 1), "丙");
    }
}

//! A spreadsheet as the importer sees it: sheets of cells with their merged ranges and hidden
//! rows and columns, and the `B7` names that point a publisher at a cell. Reading a file into
//! this shape is `workbook`'s job; everything after reads only this.

/// One cell's text as the publisher saw it: numbers without a spurious ".0", dates as
/// `2025-10-01`, errors as Excel writes them (`#N/A`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub kind: Kind,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    #[default]
    Text,
    Number,
    /// A formula error (`#DIV/0!`); the text is kept and reported.
    Error,
}

/// A merged range, inclusive, in absolute 0-based positions. Only its top-left cell holds text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub top: usize,
    pub left: usize,
    pub bottom: usize,
    pub right: usize,
}

/// One worksheet: rows of cells from A1, so positions are the ones the publisher sees.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    pub merges: Vec<Merge>,
    pub hidden: bool,
    /// Hidden rows and columns (0-based), whose cells the publisher did not show.
    pub hidden_rows: std::collections::BTreeSet<usize>,
    pub hidden_cols: std::collections::BTreeSet<usize>,
    /// Cells that hold a formula without a cached value (position, formula).
    pub uncomputed: Vec<(usize, usize, String)>,
}

impl Sheet {
    /// The text at a position, "" outside the used range.
    pub fn text(&self, row: usize, col: usize) -> &str {
        self.rows.get(row).and_then(|r| r.get(col)).map(|c| c.text.as_str()).unwrap_or("")
    }

    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows.get(row).and_then(|r| r.get(col))
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    pub fn is_blank(&self) -> bool {
        self.rows.iter().flatten().all(|c| c.text.trim().is_empty())
    }
}

/// Column letters of a 0-based index: 0 → A, 27 → AB.
pub fn column_name(mut col: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// `B7` for row 6, column 1 (0-based).
pub fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", column_name(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cells_like_excel() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 1), "B7");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }
}

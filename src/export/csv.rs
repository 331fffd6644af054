//! CSV as Excel opens it: UTF-8 with a byte-order mark, CRLF between records, fields quoted
//! when they hold a comma, quote or line break (multi-valued cells keep their newlines), and
//! cells that would run as formulas prefixed with `'` (see [`guard`]). Every CSV qingdan
//! writes goes through [`Writer`]: the data files, release downloads and `qingdan diff`.

use super::table::Sheet;
use std::borrow::Cow;
use std::io::{self, Write};

/// The UTF-8 byte-order mark: without it, Excel on Chinese Windows reads the file as GBK.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV being written row by row, for files too big to build in memory (`all-items.csv`).
pub struct Writer<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> Writer<W> {
    /// Writes the BOM and the header row.
    pub fn new<S: AsRef<str>>(mut out: W, headers: &[S]) -> io::Result<Writer<W>> {
        out.write_all(BOM)?;
        let mut w = Writer::after(out);
        w.row(headers)?;
        Ok(w)
    }

    /// Goes on with a CSV that `out` has begun: more records, no BOM or header.
    pub fn after(out: W) -> Writer<W> {
        Writer { inner: csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out) }
    }

    /// Writes one record, each cell through [`guard`].
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> io::Result<()> {
        for c in cells {
            self.inner.write_field(guard(c.as_ref()).as_bytes())?;
        }
        // An empty record ends the one whose fields were just written.
        self.inner.write_record(None::<&[u8]>).map_err(io::Error::from)
    }

    pub fn finish(self) -> io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }

    /// What has been written so far, every record whole.
    fn written(&mut self) -> io::Result<&W> {
        self.inner.flush()?;
        Ok(self.inner.get_ref())
    }
}

/// A sheet as CSV bytes, and where its header and each of its rows end in them:
/// `all-items.csv` repeats a list's rows from the list's own file instead of encoding them
/// again (export/mod.rs).
pub struct Encoded {
    pub bytes: Vec<u8>,
    /// Where the rows begin (after the BOM and the header row).
    pub header_end: usize,
    /// Where each row ends, after its CRLF.
    pub ends: Vec<usize>,
}

impl Encoded {
    /// The rows, each with its CRLF.
    pub fn rows(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(self.header_end).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, &end)| &self.bytes[start..end])
    }
}

/// One sheet as CSV: header row of Chinese headers, then its rows.
pub fn encode(sheet: &Sheet<'_>) -> io::Result<Encoded> {
    let headers: Vec<&str> = sheet.columns.iter().map(|c| c.header.as_str()).collect();
    let mut w = Writer::new(Vec::with_capacity(sheet.rows.len() * 1024), &headers)?;
    let header_end = w.written()?.len();
    let mut ends = Vec::with_capacity(sheet.rows.len());
    for row in &sheet.rows {
        w.row(row)?;
        ends.push(w.written()?.len());
    }
    Ok(Encoded { bytes: w.finish()?, header_end, ends })
}

/// The cells of one record as CSV, without its line end: what `all-items.csv` puts before
/// the rows of a list.
pub fn cells<S: AsRef<str>>(cells: &[S]) -> io::Result<Vec<u8>> {
    let mut w = Writer::after(Vec::new());
    w.row(cells)?;
    let mut bytes = w.finish()?;
    bytes.truncate(bytes.len().saturating_sub(2));
    Ok(bytes)
}

/// First characters that make Excel, WPS or LibreOffice read a cell as a formula (OWASP's
/// list against CSV injection).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written to CSV: one that begins like a formula gets a leading `'`, so spreadsheet
/// programs show it as text instead of running it (`=HYPERLINK(…)`, `@SUM(…)`, and also the
/// harmless `-`, `-3`, `+86 …`: no rule can tell those apart). A cell that already starts
/// with quotes followed by such a character gets one more, so [`unguard`] gives back every
/// value exactly and `import` reads qingdan's CSV back unchanged.
pub fn guard(cell: &str) -> Cow<'_, str> {
    if cell.trim_start_matches('\'').starts_with(FORMULA_START) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The inverse of [`guard`], for `import`: drops the one quote `guard` added (the CSV cell
/// `'=1+1` is the text `=1+1`); every other cell is kept as it is.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(FORMULA_START) => rest,
        _ => cell,
    }
}

/// One sheet as CSV bytes: header row of Chinese headers, then its rows.
pub fn to_bytes(sheet: &Sheet<'_>) -> io::Result<Vec<u8>> {
    encode(sheet).map(|e| e.bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_header_and_quoted_newlines() {
        let mut w = Writer::new(Vec::new(), &["事项名称", "子项名称"]).unwrap();
        w.row(&["宅基地审批", "初审\n复审"]).unwrap();
        let bytes = w.finish().unwrap();
        assert!(bytes.starts_with(BOM));
        assert_eq!(&bytes[3..], "事项名称,子项名称\r\n宅基地审批,\"初审\n复审\"\r\n".as_bytes());
    }

    #[test]
    fn encoded_rows_and_cells_are_the_bytes_of_the_records() {
        use crate::export::dictionary::extra_column as column;
        let rows: Vec<Vec<Cow<str>>> =
            vec![vec!["宅基地审批".into(), "初审\n复审".into()], vec!["=1".into(), "a,b".into()]];
        let sheet = Sheet { name: "事项".into(), columns: vec![column("名称"), column("子项")], rows };
        let e = encode(&sheet).unwrap();
        assert_eq!(&e.bytes[..e.header_end], "\u{FEFF}名称,子项\r\n".as_bytes());
        let rows: Vec<&[u8]> = e.rows().collect();
        assert_eq!(rows, ["宅基地审批,\"初审\n复审\"\r\n".as_bytes(), "'=1,\"a,b\"\r\n".as_bytes()]);
        assert_eq!(e.bytes, to_bytes(&sheet).unwrap());
        assert_eq!(cells(&["tangxi", "塘溪镇, 东"]).unwrap(), "tangxi,\"塘溪镇, 东\"".as_bytes());
        assert_eq!(cells(&["-x"]).unwrap(), b"'-x");
    }

    #[test]
    fn formula_cells_are_quoted_and_unguard_restores_every_value() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("+86 571", "'+86 571"),
            ("-", "'-"),
            ("-3", "'-3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\r=x", "'\r=x"),
            ("'=x", "''=x"),
            ("''-", "'''-"),
            ("'不变", "'不变"),
            ("'", "'"),
            ("", ""),
            ("a=b", "a=b"),
            (" =x", " =x"),
            ("宅基地审批", "宅基地审批"),
        ];
        for (value, written) in cases {
            assert_eq!(guard(value), written, "{value:?}");
            assert_eq!(unguard(&guard(value)), value, "{value:?}");
        }
        let mut w = Writer::new(Vec::new(), &["=表头", "-"]).unwrap();
        w.row(&["@x", ""]).unwrap();
        assert_eq!(&w.finish().unwrap()[3..], "'=表头,'-\r\n'@x,\r\n".as_bytes());
    }
}

//! CSV as Excel opens it: UTF-8 with a byte-order mark, CRLF between records, fields quoted
//! when they hold a comma, quote or line break (multi-valued cells keep their newlines).

use super::table::Sheet;
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
        let mut inner = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
        inner.write_record(headers.iter().map(|h| h.as_ref()))?;
        Ok(Writer { inner })
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> io::Result<()> {
        self.inner.write_record(cells.iter().map(|c| c.as_ref())).map_err(io::Error::from)
    }

    pub fn finish(self) -> io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

/// One sheet as CSV bytes: header row of Chinese headers, then its rows.
pub fn to_bytes(sheet: &Sheet<'_>) -> io::Result<Vec<u8>> {
    let headers: Vec<&str> = sheet.columns.iter().map(|c| c.header.as_str()).collect();
    let mut w = Writer::new(Vec::new(), &headers)?;
    for row in &sheet.rows {
        w.row(row)?;
    }
    w.finish()
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
}

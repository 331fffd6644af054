//! A spreadsheet file as plain grids of text, one per sheet, with its merged ranges.
//!
//! The format is decided by the file's first bytes, never by its name: publishers save legacy
//! .xls files under an .xlsx name and the reverse. Formulas give their cached values (what
//! Excel/WPS showed when the file was saved). Reading never panics: a reader that does is
//! caught and reported as a damaged file. Sizes are bounded (`limits`) before anything large
//! is allocated: an .xlsx's archive is measured before it is opened, and its sheets are read
//! cell by cell, stopping at the first cell past a limit.

use super::encoding;
use super::grid::{Cell, Kind, Merge, Sheet};
use super::limits::{self, Extent, TooLarge};
use calamine::{Data, Reader, SheetType, SheetVisible, Sheets};
use std::collections::HashMap;
use std::io::Cursor;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xls,
    Xlsx,
    /// Another format calamine reads (xlsb, ods).
    OtherSpreadsheet,
    Csv,
}

impl Format {
    /// The extensions files of this format usually have.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Xls => &["xls", "et"],
            Format::Xlsx => &["xlsx", "xlsm"],
            Format::OtherSpreadsheet => &["xlsb", "ods"],
            Format::Csv => &["csv", "txt", "tsv"],
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Xls => "Excel 97-2003 工作簿",
            Format::Xlsx => "Excel 工作簿",
            Format::OtherSpreadsheet => "表格",
            Format::Csv => "CSV",
        }
    }
}

#[derive(Debug)]
pub struct Workbook {
    pub format: Format,
    pub sheets: Vec<Sheet>,
    /// For CSV: the encoding used and whether it was detected (not given with --encoding).
    pub encoding: Option<encoding::Decoded>,
}

/// Why a file could not be read at all.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    Empty,
    Encrypted,
    /// An HTML or XML "spreadsheet" saved with an Excel name, as some systems export.
    WebPage,
    Damaged(String),
    /// Larger than import accepts (see `limits`).
    TooLarge(TooLarge),
}

impl ReadError {
    pub fn message(&self) -> String {
        match self {
            ReadError::Empty => "文件是空的（0 字节）".into(),
            ReadError::Encrypted => "工作簿设置了打开密码（已加密），无法读取".into(),
            ReadError::WebPage => "这不是真正的 Excel 文件，而是网页（HTML/XML）格式的表格".into(),
            ReadError::Damaged(why) => format!("文件已损坏或不是表格文件：{why}"),
            ReadError::TooLarge(t) => t.message.clone(),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            ReadError::Empty => "检查是否选错了文件，或文件是否在下载、复制时中断",
            ReadError::Encrypted => "在 Excel/WPS 中打开（输入密码），取消“用密码进行加密”后另存，再导入",
            ReadError::WebPage => "在 Excel/WPS 中打开，另存为“Excel 工作簿（.xlsx）”，再导入",
            ReadError::Damaged(_) => "在 Excel/WPS 中打开并另存为 .xlsx 再导入；打不开的文件请向发布单位重新索取",
            ReadError::TooLarge(t) => t.hint(),
        }
    }
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads a file's bytes as a workbook. `name` names CSV's single sheet (the file stem).
pub fn read(bytes: Vec<u8>, name: &str, forced: Option<&'static encoding_rs::Encoding>) -> Result<Workbook, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(&CFB_MAGIC) {
        return guarded(|| read_cfb(bytes));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return guarded(|| read_zip(bytes));
    }
    if looks_like_markup(&bytes) {
        return Err(ReadError::WebPage);
    }
    if looks_binary(&bytes) {
        return Err(ReadError::Damaged("无法识别的文件格式（既不是 .xlsx/.xls，也不是文本）".into()));
    }
    let decoded = encoding::decode(&bytes, forced);
    let rows = encoding::parse_csv(&decoded.text, name).map_err(ReadError::TooLarge)?;
    let sheet = Sheet { name: name.to_string(), rows, ..Sheet::default() };
    Ok(Workbook { format: Format::Csv, sheets: vec![sheet], encoding: Some(decoded) })
}

/// Runs a reader, turning a panic inside the spreadsheet library into a "damaged file" error.
fn guarded(f: impl FnOnce() -> Result<Workbook, ReadError>) -> Result<Workbook, ReadError> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    result.unwrap_or_else(|_| Err(ReadError::Damaged("读取时遇到无法解析的内容".into())))
}

fn read_cfb(bytes: Vec<u8>) -> Result<Workbook, ReadError> {
    // A CFB container is a legacy .xls, or an encrypted .xlsx (which Excel wraps in CFB).
    if contains_utf16(&bytes, "EncryptedPackage") {
        return Err(ReadError::Encrypted);
    }
    super::biff::check(&bytes).map_err(ReadError::TooLarge)?;
    let hidden = super::biff::hidden(&bytes);
    match calamine::Xls::new(Cursor::new(bytes)) {
        Ok(xls) => collect(Sheets::Xls(xls), Format::Xls, hidden),
        Err(calamine::XlsError::Password) => Err(ReadError::Encrypted),
        Err(e) => Err(ReadError::Damaged(e.to_string())),
    }
}

fn read_zip(bytes: Vec<u8>) -> Result<Workbook, ReadError> {
    limits::check_archive(&bytes).map_err(ReadError::TooLarge)?;
    let hidden = super::visibility::xlsx(&bytes);
    match calamine::Xlsx::new(Cursor::new(bytes.clone())) {
        Ok(xlsx) => collect(Sheets::Xlsx(xlsx), Format::Xlsx, hidden),
        Err(calamine::XlsxError::Password) => Err(ReadError::Encrypted),
        Err(xlsx_error) => match calamine::open_workbook_auto_from_rs(Cursor::new(bytes)) {
            Ok(other) => collect(other, Format::OtherSpreadsheet, HashMap::new()),
            Err(_) => Err(ReadError::Damaged(xlsx_error.to_string())),
        },
    }
}

fn collect(
    mut wb: Sheets<Cursor<Vec<u8>>>,
    format: Format,
    mut hidden: HashMap<String, super::visibility::Hidden>,
) -> Result<Workbook, ReadError> {
    let meta: Vec<_> = wb.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    for m in meta {
        if m.typ != SheetType::WorkSheet {
            continue;
        }
        let damaged = |e: &dyn std::fmt::Display| ReadError::Damaged(format!("工作表“{}”：{e}", m.name));
        let mut extent = Extent::new(&m.name);
        let (rows, uncomputed) = match &mut wb {
            // Cell by cell: calamine's ranges allocate every cell of the used area at once.
            Sheets::Xlsx(x) => xlsx_cells(x, &m.name, &mut extent).map_err(|e| match e {
                XlsxRead::TooLarge(t) => ReadError::TooLarge(t),
                XlsxRead::Damaged(e) => damaged(&e),
            })?,
            // Legacy .xls (checked by `biff` before calamine read it) and the rare others.
            _ => {
                let range = wb.worksheet_range(&m.name).map_err(|e| damaged(&e))?;
                if let Some((r0, c0)) = range.start() {
                    for (r, c, _) in range.used_cells() {
                        extent.add(r + r0 as usize, c + c0 as usize).map_err(ReadError::TooLarge)?;
                    }
                }
                (grid(&range), Vec::new())
            }
        };
        let merges = match &mut wb {
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&m.name).unwrap_or_default(),
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&m.name).unwrap_or_default(),
            _ => Vec::new(),
        };
        extent.merges(merges.len()).map_err(ReadError::TooLarge)?;
        // Merges reaching past the grid are cut one past its end: what lies further holds no
        // text, and import never looks there.
        let (height, width) = (rows.len(), rows.iter().map(Vec::len).max().unwrap_or(0));
        let mut sheet = Sheet {
            name: m.name.clone(),
            rows,
            merges: merges
                .iter()
                .map(|d| Merge {
                    top: d.start.0 as usize,
                    left: d.start.1 as usize,
                    bottom: (d.end.0 as usize).min(height),
                    right: (d.end.1 as usize).min(width),
                })
                .filter(|m| m.top <= m.bottom && m.left <= m.right)
                .collect(),
            hidden: m.visible != SheetVisible::Visible,
            uncomputed,
            ..Sheet::default()
        };
        if let Some(h) = hidden.remove(&m.name) {
            sheet.hidden_rows = h.rows;
            sheet.hidden_cols = h.cols;
        }
        if !matches!(wb, Sheets::Xlsx(_)) {
            if let Ok(formulas) = wb.worksheet_formula(&m.name) {
                if let Some((r0, c0)) = formulas.start() {
                    for (r, c, f) in formulas.used_cells() {
                        let (r, c) = (r + r0 as usize, c + c0 as usize);
                        if !f.is_empty() && sheet.text(r, c).is_empty() {
                            sheet.uncomputed.push((r, c, f.clone()));
                        }
                    }
                }
            }
        }
        sheets.push(sheet);
    }
    Ok(Workbook { format, sheets, encoding: None })
}

enum XlsxRead {
    TooLarge(TooLarge),
    Damaged(calamine::XlsxError),
}

impl From<calamine::XlsxError> for XlsxRead {
    fn from(e: calamine::XlsxError) -> Self {
        XlsxRead::Damaged(e)
    }
}

/// One .xlsx sheet read cell by cell within the limits: its rows from A1 (as `grid` makes
/// them) and its formulas without a cached value.
#[allow(clippy::type_complexity)]
fn xlsx_cells(
    x: &mut calamine::Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    extent: &mut Extent,
) -> Result<(Vec<Vec<Cell>>, Vec<(usize, usize, String)>), XlsxRead> {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut reader = match x.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(e.into()),
    };
    while let Some(c) = reader.next_cell()? {
        if matches!(c.get_value(), calamine::DataRef::Empty) {
            continue;
        }
        let (r, col) = (c.get_position().0 as usize, c.get_position().1 as usize);
        let value = cell(&Data::from(c.get_value().clone()));
        // Blank text far away changes nothing, so it never fails a limit.
        if let Err(t) = extent.add(r, col) {
            if value.text.trim().is_empty() {
                continue;
            }
            return Err(XlsxRead::TooLarge(t));
        }
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= col {
            row.resize_with(col + 1, Cell::default);
        }
        row[col] = value;
    }
    drop(reader);
    for row in &mut rows {
        while row.last().is_some_and(|c| c.text.is_empty()) {
            row.pop();
        }
    }
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    let text = |r: usize, c: usize| rows.get(r).and_then(|row| row.get(c)).is_some_and(|c| !c.text.is_empty());
    let mut uncomputed = Vec::new();
    let mut formulas = Extent::new(name);
    if let Ok(mut reader) = x.worksheet_cells_reader(name) {
        while let Ok(Some(f)) = reader.next_formula() {
            let (r, c) = (f.get_position().0 as usize, f.get_position().1 as usize);
            if f.get_value().is_empty() || text(r, c) {
                continue;
            }
            formulas.add(r, c).map_err(XlsxRead::TooLarge)?;
            uncomputed.push((r, c, f.get_value().clone()));
        }
    }
    Ok((rows, uncomputed))
}

/// The used range as rows from A1 (calamine's range starts at the first used cell).
fn grid(range: &calamine::Range<Data>) -> Vec<Vec<Cell>> {
    let Some((r0, c0)) = range.start() else { return Vec::new() };
    let (r0, c0) = (r0 as usize, c0 as usize);
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0];
    for row in range.rows() {
        let mut cells = vec![Cell::default(); c0];
        cells.extend(row.iter().map(cell));
        while cells.last().is_some_and(|c| c.text.is_empty()) {
            cells.pop();
        }
        rows.push(cells);
    }
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    rows
}

fn cell(d: &Data) -> Cell {
    let (text, kind) = match d {
        Data::Empty => (String::new(), Kind::Text),
        Data::String(s) => (s.clone(), Kind::Text),
        Data::Int(i) => (i.to_string(), Kind::Number),
        Data::Float(f) => (number_text(*f), Kind::Number),
        Data::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).to_string(), Kind::Text),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, min, s, _) = dt.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                (format!("{y:04}-{m:02}-{d:02}"), Kind::Text)
            } else {
                (format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}:{s:02}"), Kind::Text)
            }
        }
        Data::DateTime(dt) => (number_text(dt.as_f64()), Kind::Number),
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), Kind::Text),
        Data::Error(e) => (e.to_string(), Kind::Error),
    };
    Cell { text, kind }
}

/// `1.0` → `1`, `2.5` → `2.5`: how a spreadsheet shows a number in a general-format cell.
pub fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(pattern.len()).any(|w| w == pattern.as_slice())
}

fn looks_like_markup(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<html")
        || head.starts_with("<!doctype html")
        || head.starts_with("<table")
        || (head.starts_with("<?xml") && head.contains("urn:schemas-microsoft-com:office:spreadsheet"))
        || (head.starts_with("<?xml") && head.contains("<html"))
}

/// NUL bytes in the first kilobytes mean a binary file (UTF-16 text is caught by its BOM).
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    bytes[..bytes.len().min(8192)].contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_in_a_general_cell() {
        assert_eq!(number_text(1.0), "1");
        assert_eq!(number_text(254.0), "254");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(number_text(-3.0), "-3");
    }

    #[test]
    fn rejects_garbage_without_panicking() {
        assert_eq!(read(Vec::new(), "x", None).unwrap_err(), ReadError::Empty);
        let mut fake = CFB_MAGIC.to_vec();
        fake.extend(std::iter::repeat_n(0x41, 600));
        assert!(matches!(read(fake, "x", None), Err(ReadError::Damaged(_))));
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend(std::iter::repeat_n(7u8, 300));
        assert!(matches!(read(zip, "x", None), Err(ReadError::Damaged(_))));
        assert_eq!(read(b"<html><table></table></html>".to_vec(), "x", None).unwrap_err(), ReadError::WebPage);
    }
}

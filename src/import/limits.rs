//! How large a spreadsheet `import` accepts. Real lists are far smaller (a county's list has
//! fewer than 10,000 rows and 40 columns, and its workbook unpacks to well under 100 MB); the
//! limits stop hostile or broken files (one value in cell XFD1048576, a zip bomb, a CSV line
//! of a million cells) before anything large is allocated, with an error naming the file,
//! sheet and cell instead of an abort or minutes of work. docs/import.md lists them.

use super::grid::{cell_name, column_name};
use std::io::Cursor;

const MB: u64 = 1 << 20;
/// The file itself, read into memory whole (a CSV's text, a workbook's compressed bytes).
pub const MAX_FILE_BYTES: u64 = 256 * MB;
/// All parts of an .xlsx (a zip archive) together, unpacked, by the sizes its directory
/// declares; the zip reader refuses to unpack a part beyond its declared size.
pub const MAX_UNPACKED_BYTES: u64 = 512 * MB;
/// Parts in an .xlsx archive (a real workbook has a few dozen).
pub const MAX_PARTS: usize = 10_000;
pub const MAX_ROWS: usize = 100_000;
pub const MAX_COLUMNS: usize = 1_000;
/// Rows × columns of a sheet counted from A1 (the grid import holds), and cells read.
pub const MAX_CELLS: usize = 5_000_000;
/// Merged ranges in one sheet.
pub const MAX_MERGES: usize = 100_000;

/// A limit a file or one of its sheets goes over.
#[derive(Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// The sheet, when the limit is one sheet's.
    pub sheet: Option<String>,
    /// The first cell found past the limit (0-based row, column).
    pub cell: Option<(usize, usize)>,
    pub message: String,
}

impl TooLarge {
    pub fn hint(&self) -> &'static str {
        if self.cell.is_some() {
            "真实的清单不会这么大，多半是远处的单元格误填了内容：在 Excel/WPS 中按 Ctrl+End 找到最后一个有内容的单元格，删除多余的行和列后另存，再导入；导入上限见 docs/import.md"
        } else {
            "这不像正常的清单文件（可能已损坏，或是有意构造的）：检查是否选错了文件，或请发布单位重新提供；导入上限见 docs/import.md"
        }
    }
}

fn mb(bytes: u64) -> String {
    format!("{} MB", bytes.div_ceil(MB))
}

/// The file's size, before it is read.
pub fn check_file_size(len: u64) -> Result<(), TooLarge> {
    if len <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(TooLarge {
        sheet: None,
        cell: None,
        message: format!("文件有 {}，超过导入上限（每个文件最多 {}）", mb(len), mb(MAX_FILE_BYTES)),
    })
}

/// The extent of a sheet's cells, checked cell by cell as they are read, so reading stops at
/// the first cell past a limit.
#[derive(Default)]
pub struct Extent {
    sheet: String,
    rows: usize,
    columns: usize,
    cells: usize,
}

impl Extent {
    pub fn new(sheet: &str) -> Extent {
        Extent { sheet: sheet.to_string(), ..Extent::default() }
    }

    pub fn name(&self) -> &str {
        &self.sheet
    }

    /// Takes one more cell at a 0-based position.
    pub fn add(&mut self, row: usize, col: usize) -> Result<(), TooLarge> {
        let at = cell_name(row, col);
        let message = if row >= MAX_ROWS {
            format!("单元格 {at} 在第 {} 行，超过导入上限（每个工作表最多 {MAX_ROWS} 行）", row + 1)
        } else if col >= MAX_COLUMNS {
            format!(
                "单元格 {at} 在第 {} 列（{} 列），超过导入上限（每个工作表最多 {MAX_COLUMNS} 列）",
                col + 1,
                column_name(col)
            )
        } else {
            self.rows = self.rows.max(row + 1);
            self.columns = self.columns.max(col + 1);
            self.cells += 1;
            if self.rows * self.columns > MAX_CELLS {
                format!(
                    "表格从 A1 到 {} 共 {} 行 × {} 列，超过导入上限（每个工作表最多 {MAX_CELLS} 个单元格）",
                    cell_name(self.rows - 1, self.columns - 1),
                    self.rows,
                    self.columns
                )
            } else if self.cells > MAX_CELLS {
                format!("单元格超过 {MAX_CELLS} 个，超过导入上限（每个工作表最多 {MAX_CELLS} 个单元格）")
            } else {
                return Ok(());
            }
        };
        Err(TooLarge { sheet: Some(self.sheet.clone()), cell: Some((row, col)), message })
    }

    pub fn merges(&self, count: usize) -> Result<(), TooLarge> {
        if count <= MAX_MERGES {
            return Ok(());
        }
        Err(TooLarge {
            sheet: Some(self.sheet.clone()),
            cell: None,
            message: format!("有 {count} 个合并单元格，超过导入上限（每个工作表最多 {MAX_MERGES} 个）"),
        })
    }
}

/// A zip-based workbook (.xlsx, .xlsb, .ods): how many parts it has and how large they
/// unpack, from its central directory, before any part is unpacked. An archive the zip reader
/// cannot open passes: the spreadsheet reader then reports it as damaged.
pub fn check_archive(bytes: &[u8]) -> Result<(), TooLarge> {
    let too_large = |message: String| Err(TooLarge { sheet: None, cell: None, message });
    // The directory is read into memory: refuse an absurd number of parts before that.
    if let Some(parts) = declared_parts(bytes) {
        if parts > MAX_PARTS {
            return too_large(format!("压缩包中有 {parts} 个部件，超过导入上限（最多 {MAX_PARTS} 个）"));
        }
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    if zip.len() > MAX_PARTS {
        return too_large(format!("压缩包中有 {} 个部件，超过导入上限（最多 {MAX_PARTS} 个）", zip.len()));
    }
    let mut total: u64 = 0;
    let mut largest = (0u64, String::new());
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else { continue };
        total = total.saturating_add(part.size());
        if part.size() > largest.0 {
            largest = (part.size(), part.name().map(|n| n.to_string()).unwrap_or_default());
        }
    }
    if total <= MAX_UNPACKED_BYTES {
        return Ok(());
    }
    let (size, name) = largest;
    let part = match sheet_of_part(&mut zip, &name) {
        Some(sheet) => format!("工作表“{sheet}”（{name}）"),
        None => name,
    };
    Err(TooLarge {
        sheet: None,
        cell: None,
        message: format!(
            "文件解压后共 {}（最大的部件是{part}，{}），超过导入上限（解压后最多 {}）",
            mb(total),
            mb(size),
            mb(MAX_UNPACKED_BYTES)
        ),
    })
}

/// The number of parts the end-of-directory record declares; zip64 archives (more than
/// 65,534 parts or 4 GB, never a real workbook) count as too many.
fn declared_parts(bytes: &[u8]) -> Option<usize> {
    const END: &[u8] = b"PK\x05\x06";
    const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let at = tail_start + bytes[tail_start..].windows(4).rposition(|w| w == END)?;
    let record = bytes.get(at..at + 22)?;
    let parts = u16::from_le_bytes([record[10], record[11]]);
    let zip64 = at >= 20 && &bytes[at - 20..at - 16] == ZIP64_LOCATOR;
    Some(if parts == u16::MAX || zip64 { usize::MAX } else { parts as usize })
}

/// The name of the sheet stored in `part` (`xl/worksheets/sheet1.xml`), from the workbook and
/// its relationships, for the message only; `None` when they do not say.
fn sheet_of_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, part: &str) -> Option<String> {
    let small = |zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str| -> Option<String> {
        use std::io::Read;
        let file = zip.by_name(name).ok()?;
        if file.size() > MB {
            return None;
        }
        let mut text = String::new();
        file.take(MB).read_to_string(&mut text).ok()?;
        Some(text)
    };
    let rels = small(zip, "xl/_rels/workbook.xml.rels")?;
    let target = part.strip_prefix("xl/")?;
    let id = elements(&rels, "Relationship").into_iter().find_map(|e| {
        let t = attribute(e, "Target")?;
        (t.trim_start_matches("/xl/") == target).then(|| attribute(e, "Id")).flatten()
    })?;
    let workbook = small(zip, "xl/workbook.xml")?;
    let name = elements(&workbook, "sheet")
        .into_iter()
        .find(|e| attribute(e, "r:id") == Some(id))
        .and_then(|e| attribute(e, "name"))
        .map(|name| name.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\""));
    name
}

/// The attribute text of each `<name …>` element.
fn elements<'t>(xml: &'t str, name: &str) -> Vec<&'t str> {
    let open = format!("<{name} ");
    xml.match_indices(&open).filter_map(|(i, _)| xml[i..].find('>').map(|end| &xml[i + open.len()..i + end])).collect()
}

fn attribute<'t>(attributes: &'t str, name: &str) -> Option<&'t str> {
    let at = attributes.match_indices(name).find(|(i, _)| {
        let before = attributes[..*i].chars().next_back();
        before.is_none_or(char::is_whitespace) && attributes[i + name.len()..].starts_with("=\"")
    })?;
    let rest = &attributes[at.0 + name.len() + 2..];
    rest.find('"').map(|end| &rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extent_stops_at_the_first_cell_past_a_limit() {
        let mut e = Extent::new("表一");
        assert!(e.add(0, 0).is_ok());
        assert!(e.add(MAX_ROWS - 1, 3).is_ok());
        let err = e.add(MAX_ROWS, 0).unwrap_err();
        assert_eq!((err.sheet.as_deref(), err.cell), (Some("表一"), Some((MAX_ROWS, 0))));
        assert!(err.message.contains(&format!("最多 {MAX_ROWS} 行")), "{}", err.message);
        let err = e.add(0, MAX_COLUMNS).unwrap_err();
        assert!(err.message.contains("ALM1") && err.message.contains("1000 列"), "{}", err.message);
        let err = e.add(10, MAX_CELLS / MAX_ROWS).unwrap_err();
        assert!(err.message.contains("个单元格"), "{}", err.message);
        assert!(e.merges(MAX_MERGES).is_ok() && e.merges(MAX_MERGES + 1).is_err());
    }

    #[test]
    fn finds_attributes_of_elements() {
        let xml =
            r#"<sheets><sheet name="行政&amp;许可" sheetId="1" r:id="rId3"/><sheet name="b" r:id="rId4"/></sheets>"#;
        let sheets = elements(xml, "sheet");
        assert_eq!(sheets.len(), 2);
        assert_eq!(attribute(sheets[0], "r:id"), Some("rId3"));
        assert_eq!(attribute(sheets[0], "id"), None);
        assert_eq!(attribute(sheets[1], "name"), Some("b"));
    }
}

//! XLSX in the layout 编办 publish: one sheet per part, the list's title merged across the top,
//! its document number and date under it, then a styled header row frozen above wrapped text.
//! The creation date is fixed (the list's own date) so two builds give identical bytes.

use super::dictionary::Width;
use super::table::{Sheet, Table};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// Excel's limit for the text of one cell.
const CELL_LIMIT: usize = 32_767;

/// Rows above the data: title, subtitle, header.
pub const HEADER_ROW: u32 = 2;

struct Formats {
    title: Format,
    subtitle: Format,
    header: Format,
    cell: Format,
    narrow: Format,
}

impl Formats {
    fn new() -> Formats {
        let font = "宋体";
        let cell = Format::new()
            .set_font_name(font)
            .set_font_size(10)
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: Format::new().set_font_name(font).set_font_size(10).set_align(FormatAlign::Left),
            header: Format::new()
                .set_font_name(font)
                .set_font_size(10)
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color("#DDEBF7")
                .set_border(FormatBorder::Thin),
            narrow: cell.clone().set_align(FormatAlign::Center),
            cell,
        }
    }
}

/// The workbook of a table, as bytes.
pub fn to_bytes(table: &Table<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let date = table.date.unwrap_or(crate::model::Date { year: 2000, month: 1, day: 1 });
    let created = ExcelDateTime::from_ymd(date.year, date.month, date.day)?;
    let mut properties = DocProperties::new().set_title(&table.title).set_creation_datetime(&created);
    if !table.author.is_empty() {
        properties = properties.set_author(&table.author).set_company(&table.author);
    }
    workbook.set_properties(&properties);
    // Deflate dominates the cost of a workbook. Level 1 (zlib-rs's quick strategy) takes a
    // fraction of the default 6's time, and of 3's; a township's workbook grows from about
    // 100 to 150 KB (bench/README.md, 性能分析记录).
    workbook.set_zip_compression_level(1);
    let formats = Formats::new();
    for sheet in &table.sheets {
        write_sheet(workbook.add_worksheet(), table, sheet, &formats)?;
    }
    workbook.save_to_buffer()
}

fn write_sheet(ws: &mut Worksheet, table: &Table<'_>, sheet: &Sheet<'_>, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    let last = sheet.columns.len().max(1) as u16 - 1;
    for (row, text, format, height) in [(0, &table.title, &f.title, 36.0), (1, &table.subtitle, &f.subtitle, 20.0)] {
        if last > 0 {
            ws.merge_range(row, 0, row, last, text, format)?;
        } else {
            ws.write_string_with_format(row, 0, text, format)?;
        }
        ws.set_row_height(row, height)?;
    }
    for (col, column) in sheet.columns.iter().enumerate() {
        let col = col as u16;
        ws.set_column_width(col, column.width.chars())?;
        ws.write_string_with_format(HEADER_ROW, col, &column.header, &f.header)?;
    }
    for (r, cells) in sheet.rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + r as u32;
        for (col, text) in cells.iter().take(sheet.columns.len()).enumerate() {
            if !text.is_empty() {
                ws.write_string(row, col as u16, clip(text))?;
            }
        }
    }
    // Each column's format once for all its cells, empty ones included: rust_xlsxwriter finds
    // a format's index by hashing the whole format, which per cell was a tenth of a workbook.
    if !sheet.rows.is_empty() {
        let last_row = HEADER_ROW + sheet.rows.len() as u32;
        for (col, column) in sheet.columns.iter().enumerate() {
            let format = if column.width == Width::Narrow { &f.narrow } else { &f.cell };
            ws.set_range_format(HEADER_ROW + 1, col as u16, last_row, col as u16, format)?;
        }
    }
    // The list's notes under the table, after a blank row, each across the table's width.
    let below = HEADER_ROW + 2 + sheet.rows.len() as u32;
    for (i, note) in table.notes.iter().enumerate() {
        let row = below + i as u32;
        if last > 0 {
            ws.merge_range(row, 0, row, last, clip(note), &f.subtitle)?;
        } else {
            ws.write_string_with_format(row, 0, clip(note), &f.subtitle)?;
        }
    }
    ws.set_freeze_panes(HEADER_ROW + 1, 0)?;
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + sheet.rows.len() as u32, last)?;
    ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    Ok(())
}

/// Text beyond Excel's cell limit is cut (the CSV and JSON keep it whole).
fn clip(text: &str) -> &str {
    if text.len() <= CELL_LIMIT {
        return text;
    }
    match text.char_indices().nth(CELL_LIMIT) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

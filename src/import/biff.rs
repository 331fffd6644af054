//! A look at a legacy .xls before calamine reads it: the workbook stream is found in the
//! compound file, and each sheet's declared dimensions and cell positions are checked against
//! the limits. calamine reserves a sheet's declared dimensions and then allocates every cell
//! of its used area, so one record claiming 4 billion rows (or a value in IV65536) would
//! abort the process or take a gigabyte before any of our checks could run.
//!
//! Only what the check needs is read (MS-CFB: header, FAT, directory, mini stream; MS-XLS:
//! record headers, BOF, BOUNDSHEET, DIMENSIONS and the cell records calamine keeps). A file
//! this reader cannot follow is left to calamine, which reports it as damaged or reads it.

use super::grid::cell_name;
use super::limits::{Extent, TooLarge, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use std::collections::HashMap;

const END_OF_CHAIN: u32 = 0xFFFF_FFFA;

/// Checks every sheet of an .xls; `Ok` also when the file cannot be followed (see above).
pub fn check(bytes: &[u8]) -> Result<(), TooLarge> {
    match workbook_stream(bytes) {
        Some(stream) => check_records(&stream),
        None => Ok(()),
    }
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// The "Workbook" (BIFF8) or "Book" (BIFF5) stream of a compound file.
fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let shift = u16_at(bytes, 0x1E)?;
    let mini_shift = u16_at(bytes, 0x20)?;
    if !(shift == 9 || shift == 12) || mini_shift != 6 {
        return None;
    }
    let size = 1usize << shift;
    let sector = |n: u32| -> Option<&[u8]> {
        let start = (n as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..(start + size).min(bytes.len()))
    };
    let sectors = bytes.len() / size;
    // The FAT's sectors: 109 in the header, the rest in a chain of DIFAT sectors.
    let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 0x4C + 4 * i)).collect();
    let mut difat = u32_at(bytes, 0x44)?;
    for _ in 0..sectors {
        if difat >= END_OF_CHAIN {
            break;
        }
        let s = sector(difat)?;
        let per = size / 4 - 1;
        fat_sectors.extend((0..per).filter_map(|i| u32_at(s, 4 * i)));
        difat = u32_at(s, 4 * per)?;
    }
    let mut fat: Vec<u32> = Vec::new();
    for n in fat_sectors.into_iter().filter(|&n| n < END_OF_CHAIN) {
        let s = sector(n)?;
        fat.extend((0..s.len() / 4).filter_map(|i| u32_at(s, 4 * i)));
        if fat.len() > sectors + size {
            break;
        }
    }
    // A chain of sectors, at most as many as the file has, so a loop cannot run forever.
    let chain = |start: u32, table: &[u32], limit: usize| -> Vec<u32> {
        let mut out = Vec::new();
        let mut n = start;
        while n < END_OF_CHAIN && out.len() <= limit {
            out.push(n);
            n = table.get(n as usize).copied().unwrap_or(END_OF_CHAIN);
        }
        out
    };
    let read = |start: u32| -> Vec<u8> {
        chain(start, &fat, sectors).into_iter().filter_map(sector).flatten().copied().collect()
    };
    let directory = read(u32_at(bytes, 0x30)?);
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let name = |e: &[u8]| -> String {
        let len = (u16_at(e, 0x40).unwrap_or(0) as usize).min(64).saturating_sub(2);
        let units: Vec<u16> = (0..len / 2).filter_map(|i| u16_at(e, 2 * i)).collect();
        String::from_utf16_lossy(&units)
    };
    let entry = ["Workbook", "Book"]
        .iter()
        .find_map(|wanted| entries.iter().find(|e| e[0x42] == 2 && name(e).eq_ignore_ascii_case(wanted)))?;
    let start = u32_at(entry, 0x74)?;
    let len = u32_at(entry, 0x78)? as usize;
    let cutoff = u32_at(bytes, 0x38)? as usize;
    let mut stream = if len < cutoff {
        // Small streams live in the mini stream, in 64-byte sectors indexed by the mini FAT.
        let root = entries.first()?;
        let mini_stream = read(u32_at(root, 0x74)?);
        let mini_fat_bytes = read(u32_at(bytes, 0x3C)?);
        let mini_fat: Vec<u32> = (0..mini_fat_bytes.len() / 4).filter_map(|i| u32_at(&mini_fat_bytes, 4 * i)).collect();
        chain(start, &mini_fat, mini_stream.len() / 64)
            .into_iter()
            .filter_map(|n| mini_stream.get(n as usize * 64..(n as usize * 64 + 64).min(mini_stream.len())))
            .flatten()
            .copied()
            .collect()
    } else {
        read(start)
    };
    stream.truncate(len);
    Some(stream)
}

/// Walks the records: sheet names from BOUNDSHEET, then per worksheet its DIMENSIONS and the
/// position of every cell record calamine keeps.
fn check_records(stream: &[u8]) -> Result<(), TooLarge> {
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut extent: Option<Extent> = None;
    let mut sheets = 0;
    let mut pos = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(stream, pos), u16_at(stream, pos + 2)) {
        let data = stream.get(pos + 4..pos + 4 + len as usize).unwrap_or(&[]);
        let offset = pos as u32;
        pos += 4 + len as usize;
        let row = || u16_at(data, 0).map(usize::from);
        let col = |at: usize| u16_at(data, at).map(usize::from);
        match typ {
            // FILEPASS: the rest is encrypted; calamine reports the password.
            0x002F => return Ok(()),
            // BOUNDSHEET: where a sheet's substream starts, and its name.
            0x0085 => {
                if let Some(at) = u32_at(data, 0) {
                    names.insert(at, sheet_name(data.get(6..).unwrap_or(&[])));
                }
            }
            // BOF of a worksheet.
            0x0809 if u16_at(data, 2) == Some(0x0010) => {
                sheets += 1;
                let name = names.get(&offset).cloned().unwrap_or_else(|| format!("第 {sheets} 个工作表"));
                extent = Some(Extent::new(&name));
            }
            // DIMENSIONS: calamine reserves room for every cell it declares.
            0x0200 => {
                if let Some(e) = &extent {
                    let (first_row, rows, columns) = match len {
                        10 => (u16_at(data, 0).map(u32::from), u16_at(data, 2).map(u32::from), u16_at(data, 6)),
                        _ => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 10)),
                    };
                    if let (Some(first_row), Some(rows), Some(columns)) = (first_row, rows, columns) {
                        declared(e, first_row as usize, rows as usize, columns as usize)?;
                    }
                }
            }
            // Number, Label, RString, BoolErr, RK, LabelSst, Formula: one cell each.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(e), Some(r), Some(c)) = (&mut extent, row(), col(2)) {
                    e.add(r, c)?;
                }
            }
            // MulRk: a run of cells in one row, the last column in its last two bytes.
            0x00BD => {
                if let (Some(e), Some(r), Some(c)) = (&mut extent, row(), col(data.len().saturating_sub(2))) {
                    e.add(r, c)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Hidden rows (ROW records with fDyZero) and columns (COLINFO with fHidden or zero width)
/// of each worksheet, by sheet name; empty when the file cannot be followed.
pub fn hidden(bytes: &[u8]) -> HashMap<String, super::visibility::Hidden> {
    let mut out: HashMap<String, super::visibility::Hidden> = HashMap::new();
    let Some(stream) = workbook_stream(bytes) else { return out };
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut current: Option<String> = None;
    let mut pos = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(&stream, pos), u16_at(&stream, pos + 2)) {
        let data = stream.get(pos + 4..pos + 4 + len as usize).unwrap_or(&[]);
        let offset = pos as u32;
        pos += 4 + len as usize;
        match typ {
            0x002F => break,
            0x0085 => {
                if let Some(at) = u32_at(data, 0) {
                    names.insert(at, sheet_name(data.get(6..).unwrap_or(&[])));
                }
            }
            0x0809 => current = (u16_at(data, 2) == Some(0x0010)).then(|| names.get(&offset).cloned()).flatten(),
            0x000A => current = None,
            // ROW: the row, and fDyZero (bit 5 of the flags at offset 12).
            0x0208 => {
                if let (Some(name), Some(row), Some(flags)) = (&current, u16_at(data, 0), u16_at(data, 12)) {
                    if flags & 0x20 != 0 {
                        out.entry(name.clone()).or_default().rows.insert(row as usize);
                    }
                }
            }
            // COLINFO: first and last column, width, flags (bit 0 fHidden).
            0x007D => {
                if let (Some(name), Some(first), Some(last), Some(width), Some(flags)) =
                    (&current, u16_at(data, 0), u16_at(data, 2), u16_at(data, 4), u16_at(data, 8))
                {
                    if flags & 1 != 0 || width == 0 {
                        let last = (last as usize).min(MAX_COLUMNS);
                        out.entry(name.clone()).or_default().cols.extend(first as usize..=last);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A sheet's declared dimensions: rows `first_row..rows` and `columns` columns.
fn declared(e: &Extent, first_row: usize, rows: usize, columns: usize) -> Result<(), TooLarge> {
    if rows <= MAX_ROWS && columns <= MAX_COLUMNS && rows * columns <= MAX_CELLS && first_row <= rows {
        return Ok(());
    }
    let last = cell_name(rows.saturating_sub(1).min(u32::MAX as usize), columns.saturating_sub(1));
    Err(TooLarge {
        sheet: Some(e.name().to_string()),
        cell: None,
        message: format!(
            "工作表声明的范围到 {last} 为止，共 {rows} 行 × {columns} 列，超过导入上限（每个工作表最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列、{MAX_CELLS} 个单元格）"
        ),
    })
}

/// A BOUNDSHEET name (ShortXLUnicodeString): a length, a flag for 16-bit characters, the text.
fn sheet_name(b: &[u8]) -> String {
    let (Some(&len), Some(&flags)) = (b.first(), b.get(1)) else { return String::new() };
    let text = &b[2.min(b.len())..];
    if flags & 1 == 1 {
        let units: Vec<u16> = (0..len as usize).filter_map(|i| u16_at(text, 2 * i)).collect();
        String::from_utf16_lossy(&units)
    } else {
        text.iter().take(len as usize).map(|&c| c as char).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn cell(row: u16, col: u16) -> Vec<u8> {
        [row.to_le_bytes(), col.to_le_bytes(), [0, 0], [0, 0], [0, 0]].concat()
    }

    #[test]
    fn refuses_far_cells_and_declared_dimensions_naming_the_sheet() {
        let sheet = |records: &[Vec<u8>]| {
            let mut s = record(0x0809, &[0, 6, 0x10, 0]);
            s.extend(records.concat());
            s
        };
        assert!(check_records(&sheet(&[record(0x00FD, &cell(10, 5))])).is_ok());
        let err = check_records(&sheet(&[record(0x00FD, &cell(65535, 255))])).unwrap_err();
        assert_eq!(err.cell, Some((65535, 255)));
        assert!(err.message.contains("IV65536"), "{}", err.message);
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(u32::MAX.to_le_bytes());
        dims.extend([0, 0, 0xFF, 0xFF, 0, 0]);
        let err = check_records(&sheet(&[record(0x0200, &dims)])).unwrap_err();
        assert_eq!(err.sheet.as_deref(), Some("第 1 个工作表"));
        assert!(err.message.contains("4294967295 行 × 65535 列"), "{}", err.message);
        // MulRk ends with its last column.
        let mulrk = [&5u16.to_le_bytes()[..], &0u16.to_le_bytes(), &[0; 6], &2000u16.to_le_bytes()].concat();
        assert!(check_records(&sheet(&[record(0x00BD, &mulrk)])).unwrap_err().message.contains("1000 列"));
        // Named by BOUNDSHEET, which points at the sheet's BOF.
        let mut globals = record(0x0809, &[0, 6, 0x05, 0]);
        let name: Vec<u8> = "清单".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let bof_at = (globals.len() + 4 + 8 + name.len()) as u32;
        globals.extend(record(0x0085, &[&bof_at.to_le_bytes()[..], &[0, 0, 2, 1], &name].concat()));
        globals.extend(sheet(&[record(0x0203, &cell(1, 5000))]));
        assert_eq!(check_records(&globals).unwrap_err().sheet.as_deref(), Some("清单"));
    }

    /// A compound file (512-byte sectors) holding `stream` as "Workbook": in the mini stream
    /// when it is under 4096 bytes, else in sectors of its own.
    fn compound(stream: &[u8]) -> Vec<u8> {
        const FREE: u32 = 0xFFFF_FFFF;
        const END: u32 = 0xFFFF_FFFE;
        let mini = stream.len() < 4096;
        let pad = |b: &[u8], to: usize| [b, &vec![0; b.len().div_ceil(to) * to - b.len()]].concat();
        let data = pad(stream, if mini { 64 } else { 512 });
        // Sectors: 0 FAT, 1 directory, 2 mini FAT, then the data.
        let data_sectors = data.len().div_ceil(512);
        let mut fat = vec![0xFFFF_FFFD, END, END];
        for i in 0..data_sectors {
            fat.push(if i + 1 == data_sectors { END } else { 3 + i as u32 + 1 });
        }
        fat.resize(128, FREE);
        let mut mini_fat: Vec<u32> = Vec::new();
        if mini {
            let n = data.len() / 64;
            mini_fat.extend((0..n).map(|i| if i + 1 == n { END } else { i as u32 + 1 }));
        }
        mini_fat.resize(128, FREE);
        let entry = |name: &str, typ: u8, start: u32, size: u32| {
            let mut e = vec![0u8; 128];
            let units: Vec<u8> = name.encode_utf16().chain([0]).flat_map(|u| u.to_le_bytes()).collect();
            e[..units.len()].copy_from_slice(&units);
            e[0x40..0x42].copy_from_slice(&(units.len() as u16).to_le_bytes());
            e[0x42] = typ;
            e[0x74..0x78].copy_from_slice(&start.to_le_bytes());
            e[0x78..0x7C].copy_from_slice(&size.to_le_bytes());
            e
        };
        let (root_size, book_start) = if mini { (data.len() as u32, 0) } else { (0, 3) };
        let directory = [
            entry("Root Entry", 5, if mini { 3 } else { END }, root_size),
            entry("Workbook", 2, book_start, stream.len() as u32),
        ]
        .concat();
        let mut header = vec![0u8; 512];
        header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        for (at, v) in [(0x1A, 3u16), (0x1C, 0xFFFE), (0x1E, 9), (0x20, 6)] {
            header[at..at + 2].copy_from_slice(&v.to_le_bytes());
        }
        for (at, v) in [(0x2C, 1u32), (0x30, 1), (0x38, 4096), (0x3C, 2), (0x40, 1), (0x44, END), (0x48, 0), (0x4C, 0)]
        {
            header[at..at + 4].copy_from_slice(&v.to_le_bytes());
        }
        for i in 1..109 {
            header[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&FREE.to_le_bytes());
        }
        let words = |w: &[u32]| w.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>();
        [header, words(&fat), pad(&directory, 512), words(&mini_fat), pad(&data, 512)].concat()
    }

    #[test]
    fn reads_the_workbook_stream_from_sectors_and_from_the_mini_stream() {
        let far = [record(0x0809, &[0, 6, 0x10, 0]), record(0x00FD, &cell(65535, 255))].concat();
        for padding in [0, 5000] {
            let stream = [record(0x0809, &[0, 6, 0x05, 0]), record(0x00FC, &vec![0; padding]), far.clone()].concat();
            let file = compound(&stream);
            assert_eq!(workbook_stream(&file).as_deref(), Some(stream.as_slice()), "padding {padding}");
            assert_eq!(check(&file).unwrap_err().cell, Some((65535, 255)), "padding {padding}");
        }
    }

    #[test]
    fn garbage_is_left_to_calamine() {
        assert!(check(&[]).is_ok());
        assert!(check(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 1, 2, 3]).is_ok());
    }
}

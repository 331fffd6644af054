//! CSV text: decoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GBK/GB18030 and whatever
//! chardetng recognises, or the encoding given with `--encoding`) and splitting into cells.

use super::grid::Cell;
use super::limits::{Extent, TooLarge, MAX_COLUMNS, MAX_ROWS};
use crate::export::csv::unguard;
use encoding_rs::Encoding;

/// Decoded text and how it was decoded, for the report.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// The encoding's name as people know it ("UTF-8", "GBK/GB18030").
    pub name: String,
    /// False when the encoding was a guess from the bytes (no BOM, not valid UTF-8, not forced).
    pub certain: bool,
    /// Bytes that did not decode and were replaced with U+FFFD.
    pub had_errors: bool,
}

/// Looks up an encoding label as given on the command line (`gbk`, `GB18030`, `utf-8`, `big5`).
pub fn by_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

fn display_name(e: &'static Encoding) -> String {
    if e == encoding_rs::GBK || e == encoding_rs::GB18030 {
        // encoding_rs decodes GBK as the full GB18030, so both names fit.
        "GBK/GB18030".to_string()
    } else {
        e.name().to_string()
    }
}

pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    if let Some(encoding) = forced {
        // A BOM still wins over a wrong label, as it does in every spreadsheet program.
        let (text, used, had_errors) = encoding.decode(bytes);
        return Decoded { text: text.into_owned(), name: display_name(used), certain: true, had_errors };
    }
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        let (text, used, had_errors) = encoding.decode(bytes);
        return Decoded {
            text: text.into_owned(),
            name: format!("{}（带 BOM）", display_name(used)),
            certain: true,
            had_errors,
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded { text: text.to_string(), name: "UTF-8".into(), certain: true, had_errors: false };
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // The `cn` hint makes chardetng prefer GBK among the legacy CJK encodings.
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    let (text, used, had_errors) = guess.decode(bytes);
    Decoded { text: text.into_owned(), name: display_name(used), certain: false, had_errors }
}

/// Splits CSV (or tab/semicolon separated) text into rows of cells. The delimiter is the one
/// of `,` `\t` `;` most frequent in the first line outside quotes. Empty cells at the end of
/// a row are dropped (as for a workbook's rows); the rows and columns that hold text must
/// stay within the limits, named after `sheet` (the file's stem) when they do not.
pub fn parse_csv(text: &str, sheet: &str) -> Result<Vec<Vec<Cell>>, TooLarge> {
    let text = text.trim_start_matches('\u{feff}');
    let delimiter = sniff_delimiter(text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut extent = Extent::new(sheet);
    for r in 0.. {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // The text is valid UTF-8 already, so errors are structural; keep what was read.
            Err(_) => break,
        }
        let mut len = (0..record.len()).rposition(|i| !record[i].is_empty()).map_or(0, |i| i + 1);
        if len > MAX_COLUMNS || r >= MAX_ROWS {
            // Blank cells far to the right change nothing, so they never fail the limit.
            len = (0..record.len()).rposition(|i| !record[i].trim().is_empty()).map_or(0, |i| i + 1);
        }
        if len == 0 && r >= MAX_ROWS {
            continue;
        }
        if len > 0 {
            extent.add(r, len - 1)?;
        }
        // A cell qingdan (or another careful program) prefixed with `'` against formula
        // injection is read as it was before.
        rows.push(record.iter().take(len).map(|f| Cell { text: unguard(f).to_string(), ..Cell::default() }).collect());
    }
    while rows.last().is_some_and(|r: &Vec<Cell>| r.iter().all(|c| c.text.trim().is_empty())) {
        rows.pop();
    }
    Ok(rows)
}

fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b'\t', 0), (b';', 0)];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            _ if quoted => {}
            _ => {
                for (d, n) in counts.iter_mut() {
                    if c as u32 == *d as u32 {
                        *n += 1;
                    }
                }
            }
        }
    }
    counts.iter().max_by_key(|(_, n)| *n).filter(|(_, n)| *n > 0).map(|(d, _)| *d).unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_encodings_publishers_use() {
        let text = "序号,事项名称,权力类型\n1,农村村民宅基地审批,行政许可\n";
        assert_eq!(decode(text.as_bytes(), None).text, text);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom, None).text.trim_start_matches('\u{feff}'), text);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let d = decode(&gbk, None);
        assert_eq!(d.text, text);
        assert_eq!(d.name, "GBK/GB18030");
        assert!(!d.certain);
        let rare = "序号,事项名称\n1,𠀾𪚥处罚\n";
        let (gb18030, _, _) = encoding_rs::GB18030.encode(rare);
        assert_eq!(decode(&gb18030, by_label("gb18030")).text, rare);
    }

    #[test]
    fn splits_quoted_cells_with_newlines_and_sniffs_the_delimiter() {
        let rows = parse_csv("a,b\n\"x,\ny\",\"say \"\"hi\"\"\"\n", "t").unwrap();
        assert_eq!(rows[1][0].text, "x,\ny");
        assert_eq!(rows[1][1].text, "say \"hi\"");
        let rows = parse_csv("序号\t事项名称\n1\t名称,带逗号\n", "t").unwrap();
        assert_eq!(rows[1][1].text, "名称,带逗号");
    }
}

//! Which rows and columns of each sheet are hidden. calamine reads every cell whether it is
//! shown or not, and says nothing of hidden rows and columns; a publisher who hides a row
//! (an old item, a draft, a filter) did not publish it. An .xlsx says so in each worksheet's
//! XML (`<row hidden="1">`, `<col hidden="1">`, or a zero height or width), read here with the
//! `zip` crate the limits already use; an .xls in its ROW and COLINFO records (`biff`).

use std::collections::{BTreeSet, HashMap};
use std::io::{Cursor, Read};

/// The hidden rows and columns of one sheet, 0-based.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hidden {
    pub rows: BTreeSet<usize>,
    pub cols: BTreeSet<usize>,
}

impl Hidden {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.cols.is_empty()
    }
}

/// Hidden rows and columns by sheet name, for an .xlsx; empty when the archive cannot be
/// followed (calamine then reports what is wrong with it).
pub fn xlsx(bytes: &[u8]) -> HashMap<String, Hidden> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return out };
    let (Some(workbook), Some(rels)) =
        (small_part(&mut zip, "xl/workbook.xml"), small_part(&mut zip, "xl/_rels/workbook.xml.rels"))
    else {
        return out;
    };
    let targets: HashMap<String, String> = tags(&rels, "Relationship")
        .into_iter()
        .filter_map(|attrs| Some((attribute(&attrs, "Id")?, attribute(&attrs, "Target")?)))
        .collect();
    for attrs in tags(&workbook, "sheet") {
        let Some(name) = attribute(&attrs, "name") else { continue };
        let Some(id) = attrs.iter().find(|(k, _)| k.ends_with(":id")).map(|(_, v)| v.clone()) else { continue };
        let Some(target) = targets.get(&id) else { continue };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Ok(part) = zip.by_name(&path) else { continue };
        let hidden = scan_sheet(part);
        if !hidden.is_empty() {
            out.insert(name, hidden);
        }
    }
    out
}

/// A part small enough to hold in memory (the workbook and its relationships).
fn small_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let part = zip.by_name(name).ok()?;
    if part.size() > 16 << 20 {
        return None;
    }
    let mut text = String::new();
    part.take(16 << 20).read_to_string(&mut text).ok()?;
    Some(text)
}

/// Streams a worksheet's XML, looking only at the start tags of rows and columns, and stops
/// at the end of the cell data (what follows is merges, print settings and the like).
fn scan_sheet(mut part: impl Read) -> Hidden {
    let mut hidden = Hidden::default();
    let mut buf = vec![0u8; 1 << 16];
    let mut tag: Vec<u8> = Vec::new();
    let mut in_tag = false;
    let mut next_row = 0usize;
    loop {
        let n = match part.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        for &b in &buf[..n] {
            if in_tag {
                if b == b'>' {
                    in_tag = false;
                    if !on_tag(&tag, &mut hidden, &mut next_row) {
                        return hidden;
                    }
                    tag.clear();
                } else if tag.len() < 4096 {
                    tag.push(b);
                }
            } else if b == b'<' {
                in_tag = true;
            }
        }
    }
    hidden
}

/// One tag's text between `<` and `>`; false once the cell data has ended.
fn on_tag(tag: &[u8], hidden: &mut Hidden, next_row: &mut usize) -> bool {
    let text = String::from_utf8_lossy(tag);
    if let Some(closing) = text.strip_prefix('/') {
        return closing.trim().rsplit(':').next() != Some("sheetData");
    }
    let name_end = text.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(text.len());
    let full = &text[..name_end];
    let local = full.rsplit(':').next().unwrap_or(full);
    match local {
        "row" => {
            let attrs = attributes(&text[name_end..]);
            let row = attribute(&attrs, "r").and_then(|r| r.trim().parse::<usize>().ok()).map(|r| r.saturating_sub(1));
            let row = row.unwrap_or(*next_row);
            *next_row = row + 1;
            let flagged = attribute(&attrs, "hidden").is_some_and(|v| truthy(&v));
            let flat = attribute(&attrs, "ht").and_then(|h| h.trim().parse::<f64>().ok()).is_some_and(|h| h == 0.0);
            if flagged || flat {
                hidden.rows.insert(row);
            }
        }
        "col" => {
            let attrs = attributes(&text[name_end..]);
            let number = |k: &str| attribute(&attrs, k).and_then(|v| v.trim().parse::<usize>().ok());
            let flagged = attribute(&attrs, "hidden").is_some_and(|v| truthy(&v));
            let narrow =
                attribute(&attrs, "width").and_then(|w| w.trim().parse::<f64>().ok()).is_some_and(|w| w == 0.0);
            if let (true, Some(min), Some(max)) = (flagged || narrow, number("min"), number("max")) {
                // A hidden range "to the last column" (16384) beyond the limits holds nothing.
                let max = max.min(super::limits::MAX_COLUMNS);
                hidden.cols.extend(min.saturating_sub(1)..max);
            }
        }
        _ => {}
    }
    true
}

fn truthy(v: &str) -> bool {
    matches!(v.trim(), "1" | "true")
}

/// The attributes of each `<name …>` element (any namespace prefix), in document order.
fn tags(xml: &str, name: &str) -> Vec<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let name_end = tag.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(tag.len());
        let full = &tag[..name_end];
        if full.rsplit(':').next() == Some(name) {
            out.push(attributes(&tag[name_end..]));
        }
        rest = &rest[end.min(rest.len())..];
    }
    out
}

/// `a="1" b='x'` as pairs, values with XML entities decoded.
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim().trim_start_matches('/').trim().to_string();
        let after = rest[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else { break };
        let Some(close) = after[1..].find(quote) else { break };
        out.push((key, decode(&after[1..1 + close])));
        rest = &after[close + 2..];
    }
    out
}

fn attribute(attrs: &[(String, String)], name: &str) -> Option<String> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// XML's five entities and numeric character references.
pub fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hidden_rows_and_columns_from_sheet_xml() {
        let xml = r#"<worksheet><cols><col min="2" max="3" width="0" customWidth="1"/><col min="5" max="5" hidden="1"/><col min="6" max="6" width="12"/></cols>
            <sheetData><row r="1"><c r="A1"/></row><x:row r="4" hidden="1" spans="1:3"></x:row><row ht="0" customHeight="1"/><row r="9" hidden="true"/></sheetData>
            <mergeCells><row r="20" hidden="1"/></mergeCells></worksheet>"#;
        let hidden = scan_sheet(xml.as_bytes());
        assert_eq!(hidden.rows.into_iter().collect::<Vec<_>>(), vec![3, 4, 8]);
        assert_eq!(hidden.cols.into_iter().collect::<Vec<_>>(), vec![1, 2, 4]);
    }

    #[test]
    fn decodes_entities_and_finds_prefixed_tags() {
        assert_eq!(decode("行政&amp;许可&#x4E00;&#20108;&bogus"), "行政&许可一二&bogus");
        let found =
            tags(r#"<x:sheets><x:sheet name="a&lt;b" r:id="rId1"/><sheet name='c' r:id="rId2"/></x:sheets>"#, "sheet");
        assert_eq!(attribute(&found[0], "name").as_deref(), Some("a<b"));
        assert_eq!(attribute(&found[1], "r:id").as_deref(), Some("rId2"));
    }
}

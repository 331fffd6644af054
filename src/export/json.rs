//! JSON files: UTF-8 (no BOM), keys in the order the sources use. Metadata (schemas,
//! `datapackage.json`) is pretty-printed; a table ([`records`]) puts each record on a line.

use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

/// Pretty-printed, for the files people read as documents.
pub fn to_bytes<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// A table's JSON (a list and its items, the territorial list and its matters …): the first
/// two levels indented like [`to_bytes`], each value below them on one line. A list of 340
/// items reads one item per line in any editor and diffs item by item, at about two thirds of
/// the size of indenting every field (bytes that, at a city's 200 lists, cost real time to
/// write).
pub fn records<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(64 * 1024);
    let mut ser = serde_json::Serializer::with_formatter(&mut bytes, Records { depth: 0, has_value: false });
    value.serialize(&mut ser)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Containers opened this deep or less are indented; deeper ones are written compactly.
const INDENTED: usize = 2;

/// serde_json's pretty formatter down to `INDENTED`, its compact one below.
struct Records {
    /// Containers open around the value being written.
    depth: usize,
    /// Whether the container just closed had values (as in serde_json's `PrettyFormatter`).
    has_value: bool,
}

impl Records {
    fn indented(&self) -> bool {
        self.depth <= INDENTED
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        let indented = self.indented();
        self.depth -= 1;
        if indented && self.has_value {
            new_line(w, self.depth)?;
        }
        w.write_all(bracket)
    }

    fn next<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        match self.indented() {
            true => new_line(w, self.depth),
            false => Ok(()),
        }
    }
}

fn new_line<W: ?Sized + Write>(w: &mut W, depth: usize) -> io::Result<()> {
    w.write_all(b"\n")?;
    (0..depth).try_for_each(|_| w.write_all(b"  "))
}

impl Formatter for Records {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(if self.indented() { b": " } else { b":" })
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn records_indent_two_levels_and_put_each_record_on_a_line() {
        #[derive(Serialize)]
        struct List {
            title: &'static str,
            notes: Vec<&'static str>,
            empty: Vec<u8>,
            items: Vec<serde_json::Value>,
        }
        let value = List {
            title: "东村镇履行职责事项清单",
            notes: vec!["一", "二"],
            empty: vec![],
            items: vec![
                json!({"code": "DC-1", "sub_items": [], "type": {"official": null, "raw": "行政许可"}}),
                json!({"code": "DC-2", "extra": {}}),
            ],
        };
        let text = String::from_utf8(records(&value).unwrap()).unwrap();
        let expected = r#"{
  "title": "东村镇履行职责事项清单",
  "notes": [
    "一",
    "二"
  ],
  "empty": [],
  "items": [
    {"code":"DC-1","sub_items":[],"type":{"official":null,"raw":"行政许可"}},
    {"code":"DC-2","extra":{}}
  ]
}
"#;
        assert_eq!(text, expected);
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, serde_json::to_value(&value).unwrap());
        assert_eq!(records(&json!([])).unwrap(), b"[]\n");
        assert_eq!(records(&json!("x")).unwrap(), b"\"x\"\n");
    }
}

//! `datapackage.json`: a Frictionless Data Package (profile `tabular-data-package`, spec v1)
//! describing every CSV, so tools such as `frictionless validate` or R's `frictionless` read
//! the tables with their types.

use super::dictionary::{Column, ValueType};
use super::ordered::{Node, Obj};
use crate::model::SiteConfig;
use serde_json::{json, Value};

/// One CSV as a tabular data resource.
pub struct Resource {
    /// Lower-case resource name (`tangxi`, `all-items`).
    pub name: String,
    /// Path relative to `datapackage.json`.
    pub path: String,
    pub title: String,
    pub bytes: u64,
    pub columns: Vec<Column>,
    /// Headers of the columns that identify a row.
    pub primary_key: Vec<String>,
    /// A Table Schema file shared by several resources (path relative to the package), used
    /// instead of `columns`: at province scale, thousands of lists share one layout.
    pub shared_schema: Option<String>,
}

/// The path of the Table Schema shared by every list without extra columns.
pub const LIST_TABLE_SCHEMA: &str = "schema/list-csv.json";

fn field(c: &Column) -> Obj {
    let mut description = c.meaning.clone();
    if c.key != c.header {
        description.push_str(&format!("（JSON 键 {}）", c.key));
    }
    let mut f = Obj::new()
        .with("name", c.header.as_str())
        .with("title", c.header.as_str())
        .with("type", c.value.table_schema_type())
        .with("description", description);
    match c.value {
        ValueType::Date => f.push("format", "default"),
        ValueType::Bool => {
            f.push("trueValues", json!(["是"]));
            f.push("falseValues", json!(["否"]));
        }
        ValueType::Choice(set) => {
            f.push("constraints", Obj::new().with("enum", Value::from(set.names())));
        }
        _ => {}
    }
    f
}

/// A Frictionless Table Schema for CSV columns.
pub fn table_schema(columns: &[Column], primary_key: &[String]) -> Obj {
    let mut schema =
        Obj::new().with("fields", columns.iter().map(field).collect::<Vec<_>>()).with("missingValues", json!([""]));
    if !primary_key.is_empty() {
        schema.push("primaryKey", json!(primary_key));
    }
    schema
}

fn resource(r: &Resource) -> Obj {
    let schema: Node = match &r.shared_schema {
        Some(path) => path.as_str().into(),
        None => table_schema(&r.columns, &r.primary_key).into(),
    };
    let mut obj = Obj::new()
        .with("profile", "tabular-data-resource")
        .with("name", r.name.as_str())
        .with("path", r.path.as_str())
        .with("title", r.title.as_str())
        .with("description", "UTF-8 编码，文件开头带字节顺序标记（BOM），Excel 可直接打开；多值单元格内每行一个值。")
        .with("format", "csv")
        .with("mediatype", "text/csv")
        .with("encoding", "utf-8")
        .with("bytes", r.bytes)
        .with(
            "dialect",
            Obj::new()
                .with("delimiter", ",")
                .with("lineTerminator", "\r\n")
                .with("quoteChar", "\"")
                .with("doubleQuote", true)
                .with("header", true),
        )
        .with("schema", schema);
    // `all-items.csv.gz` past its size limit (Frictionless v1.1 `compression`).
    if r.path.ends_with(".gz") {
        obj.push("compression", "gz");
    }
    obj
}

/// The package for a site's data directory.
pub fn to_bytes(config: &SiteConfig, resources: &[Resource]) -> serde_json::Result<Vec<u8>> {
    let name: String = format!("qingdan-{}", config.jurisdiction)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "-._".contains(c) { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let mut package = Obj::new()
        .with("profile", "tabular-data-package")
        .with("name", name)
        .with("title", format!("{}（开放数据）", config.title));
    if let Some(d) = &config.description {
        package.push("description", d.as_str());
    }
    if let Some(url) = &config.base_url {
        package.push("homepage", url.as_str());
    }
    if let Some(p) = &config.publisher {
        package.push("contributors", vec![Obj::new().with("title", p.as_str()).with("role", "publisher")]);
    }
    package.push("resources", resources.iter().map(resource).collect::<Vec<_>>());
    super::json::to_bytes(&package)
}

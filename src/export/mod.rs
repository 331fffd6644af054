//! Open data: every list as CSV (UTF-8 with BOM), XLSX and JSON, a CSV of all items, JSON
//! Schemas, a Frictionless `datapackage.json`, and what the data page shows (downloads with
//! their sizes, the data dictionary).
//!
//! Everything is built from model values (`Index` over a `Site`), never from the live
//! directory, so a release's snapshot exports through the same code under another prefix
//! (`data/releases/<id>/`). Files are generated per list in parallel and written straight to
//! the staging directory; only their sizes are kept.

mod changes;
mod county;
pub mod csv;
mod datapackage;
pub mod dictionary;
mod items;
mod json;
mod ordered;
pub(crate) mod overview;
mod page;
pub mod releases;
mod schema;
pub mod spill;
pub mod summary;
mod table;
mod xlsx;

pub use changes::to_csv as changes_csv;
pub use page::{page_context, size_text};

use crate::derive::{Coverage, Index, Values};
use crate::model::{Body, ItemList};
use crate::write::Output;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::io::{self, Write};

/// One list as published in the spreadsheet formats, `(extension, bytes)`: for the files of
/// past releases, which are written by content hash and have no page of their own.
pub fn list_spreadsheets<'s>(
    values: &Values<'_, 's>,
    list: &'s ItemList,
    author: &str,
) -> crate::Result<[(&'static str, Vec<u8>); 2]> {
    let csv = csv::to_bytes(&items::flat(values, list)).map_err(|e| crate::Error::failed("CSV", e))?;
    let xlsx = xlsx::to_bytes(&items::table(values, list, author)).map_err(|e| crate::Error::failed("XLSX", e))?;
    Ok([("csv", csv), ("xlsx", xlsx)])
}

/// The formats every list is published in, in the order the data page shows them.
pub const FORMATS: [&str; 3] = ["csv", "xlsx", "json"];

/// One file written: its path from the output root and its size.
#[derive(Clone, Debug, serde::Serialize)]
pub struct DataFile {
    pub path: String,
    /// `csv`, `xlsx` or `json`.
    pub format: &'static str,
    pub bytes: u64,
}

/// Which block of the data page a dataset belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Group {
    /// Lists of townships and street offices.
    Grassroots,
    /// Lists of county departments (and of the county itself).
    Departments,
    /// County-wide tables: all items, territorial, admission, guidance, bodies.
    County,
    /// datapackage.json and the JSON Schemas.
    Metadata,
}

/// A list or table and the files it was written as.
#[derive(Clone, Debug)]
pub struct Dataset {
    /// File stem and Frictionless resource name (`tangxi`, `territorial`, `all-items`).
    pub name: String,
    pub title: String,
    pub group: Group,
    /// Code of the body whose list this is.
    pub body: Option<String>,
    pub files: Vec<DataFile>,
}

/// What to export.
enum Job<'s> {
    List(&'s ItemList, Option<&'s Body>),
    AllItems,
    Territorial,
    Admission,
    Guidance(usize),
    Bodies,
    /// One table of the county overview, by its key in `overview::FILES`.
    Overview(&'static str),
    Schemas,
}

/// The exports of one site (or one release's snapshot) under one directory.
///
/// ```text
/// let exporter = Exporter::new(&Index::new(&snapshot), "data/releases/2025-10/");
/// staging.create_dirs(&exporter.paths().iter().map(String::as_str).collect::<Vec<_>>())?;
/// let datasets = exporter.write(&staging)?;          // then page_context(&datasets, prefix)
/// ```
pub struct Exporter<'s, 'i> {
    index: &'i Index<'s>,
    /// Directory of the files relative to the output root, ending in `/` (`data/`).
    prefix: String,
    jobs: Vec<Job<'s>>,
    /// The lists to write (all when `None`), see `only`.
    fresh: Option<BTreeSet<String>>,
    /// The county overview, computed by the first of its tables written.
    overview: std::sync::OnceLock<crate::derive::Overview<'s>>,
}

impl<'s, 'i> Exporter<'s, 'i> {
    pub fn new(index: &'i Index<'s>, prefix: &str) -> Self {
        let site = index.site;
        let mut jobs = vec![Job::AllItems];
        // Townships first (the order of the home page), then every other body with a list.
        let mut lists: Vec<&'s ItemList> = index.grassroots.iter().filter_map(|b| index.list(&b.code)).collect();
        lists.extend(site.lists.iter().filter(|l| !index.body(&l.body).is_some_and(|b| b.kind.is_grassroots())));
        let mut seen = std::collections::HashSet::new();
        for list in lists {
            if seen.insert(list.body.value.as_str()) {
                jobs.push(Job::List(list, index.body(&list.body)));
            }
        }
        if site.territorial.is_some() {
            jobs.push(Job::Territorial);
        }
        if site.admission.is_some() {
            jobs.push(Job::Admission);
        }
        jobs.extend((0..site.catalogs.len()).map(Job::Guidance));
        jobs.push(Job::Bodies);
        jobs.extend(overview::FILES.iter().map(|(key, _, _)| Job::Overview(key)));
        jobs.push(Job::Schemas);
        let prefix = if prefix.is_empty() || prefix.ends_with('/') { prefix.to_string() } else { format!("{prefix}/") };
        Exporter { index, prefix, jobs, fresh: None, overview: std::sync::OnceLock::new() }
    }

    /// The data page's path.
    pub fn page_path(&self) -> String {
        format!("{}index.html", self.prefix)
    }

    fn stem(&self, job: &Job) -> String {
        match job {
            Job::List(list, _) => list.body.value.clone(),
            Job::AllItems => "all-items".into(),
            Job::Territorial => "territorial".into(),
            Job::Admission => "admission".into(),
            Job::Guidance(i) => format!("guidance-{}", self.index.site.catalogs[*i].id.value),
            Job::Bodies => "bodies".into(),
            Job::Overview(key) => overview::FILES
                .iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, stem, _)| stem.to_string())
                .unwrap_or_default(),
            Job::Schemas => "schema".into(),
        }
    }

    /// Every file `write` will create, for `Staging::create_dirs`.
    pub fn paths(&self) -> Vec<String> {
        let mut paths = Vec::new();
        for job in &self.jobs {
            let stem = self.stem(job);
            match job {
                Job::AllItems | Job::Overview(_) => paths.push(format!("{}{stem}.csv", self.prefix)),
                Job::Schemas => {
                    paths.extend(schema::NAMES.iter().map(|n| format!("{}schema/{n}.json", self.prefix)));
                    paths.push(format!("{}{}", self.prefix, datapackage::LIST_TABLE_SCHEMA));
                }
                _ => paths.extend(FORMATS.iter().map(|f| format!("{}{stem}.{f}", self.prefix))),
            }
        }
        paths.push(format!("{}datapackage.json", self.prefix));
        paths.push(format!("{}{}", self.prefix, summary::FILE));
        paths
    }

    /// Writes every file (directories must exist, see `paths`) and returns what was written,
    /// in the data page's order, with `datapackage.json` and the schemas last.
    pub fn write(&self, out: &dyn Output) -> Result<Vec<Dataset>, crate::Error> {
        // Every file but all-items.csv in parallel; all-items.csv then repeats the lists' rows.
        let mut results: Vec<Option<Written>> = self
            .jobs
            .par_iter()
            .map(|job| match job {
                Job::AllItems => Ok(None),
                _ => self.run(job, out).map(Some),
            })
            .collect::<Result<_, _>>()?;
        let rows: HashMap<&str, &csv::Encoded> =
            results.iter().flatten().filter_map(|w| Some((w.dataset.body.as_deref()?, w.rows.as_ref()?))).collect();
        let all_items = self.all_items(out, &rows)?;
        let mut datasets = Vec::with_capacity(results.len());
        let mut resources = Vec::new();
        let mut all_items = Some(all_items);
        for written in results.iter_mut().map(|w| w.take().or_else(|| all_items.take())) {
            let Some(written) = written else { continue };
            datasets.push(written.dataset);
            resources.extend(written.resource);
        }
        let bytes = datapackage::to_bytes(&self.index.site.config, &resources)
            .map_err(|e| self.error("datapackage.json", e))?;
        let file = self.put(out, "datapackage.json", "json", &bytes)?;
        let summary =
            serde_json::to_vec_pretty(&summary::summary(self.index)).map_err(|e| self.error(summary::FILE, e))?;
        let summary = self.put(out, summary::FILE, "json", &summary)?;
        // The schemas' dataset comes last; the package and the summary join it.
        if let Some(meta) = datasets.iter_mut().find(|d| d.group == Group::Metadata) {
            meta.files.insert(0, file);
            meta.files.insert(1, summary);
        }
        Ok(datasets)
    }

    fn error(&self, name: &str, e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> crate::Error {
        crate::Error::Failed { what: format!("{}{name}", self.prefix), detail: e.into().to_string() }
    }

    /// Writes one file under the prefix.
    fn put(&self, out: &dyn Output, name: &str, format: &'static str, bytes: &[u8]) -> Result<DataFile, crate::Error> {
        let path = format!("{}{name}", self.prefix);
        out.write(&path, bytes).map_err(|error| crate::Error::io(&path, error))?;
        Ok(DataFile { path, format, bytes: bytes.len() as u64 })
    }

    fn schema_ref(&self, name: &str) -> String {
        match &self.index.site.config.base_url {
            Some(base) => format!("{}/{}schema/{name}.json", base.trim_end_matches('/'), self.prefix),
            None => format!("schema/{name}.json"),
        }
    }

    fn author(&self) -> &str {
        self.index.site.config.publisher.as_deref().unwrap_or("")
    }

    /// Only these lists are written again; the files of the others are already in the output
    /// (`serve` after an edit). Their sizes are read back for the data page.
    pub fn only(mut self, lists: &BTreeSet<String>) -> Self {
        self.fresh = Some(lists.clone());
        self
    }

    /// The files of a list that is not to be written again, with its CSV's size.
    fn unchanged_files(&self, list: &ItemList, out: &dyn Output, stem: &str) -> Option<(Vec<DataFile>, u64)> {
        if self.fresh.as_ref().is_none_or(|fresh| fresh.contains(&list.body.value)) {
            return None;
        }
        let files = FORMATS
            .iter()
            .map(|&format| {
                let path = format!("{}{stem}.{format}", self.prefix);
                let bytes = std::fs::metadata(out.dir().join(&path)).ok()?.len();
                Some(DataFile { path, format, bytes })
            })
            .collect::<Option<Vec<_>>>()?;
        let csv = files[0].bytes;
        Some((files, csv))
    }

    /// Writes a table as CSV (`csv`: its first sheet, or a list's flat sheet), XLSX and JSON;
    /// returns the files and the CSV's size.
    fn table_files(
        &self,
        out: &dyn Output,
        stem: &str,
        table: &table::Table<'_>,
        csv: &[u8],
        json: &[u8],
    ) -> Result<(Vec<DataFile>, u64), crate::Error> {
        let name = |f: &str| format!("{stem}.{f}");
        let xlsx = xlsx::to_bytes(table).map_err(|e| self.error(&name("xlsx"), e))?;
        let files = vec![
            self.put(out, &name("csv"), "csv", csv)?,
            self.put(out, &name("xlsx"), "xlsx", &xlsx)?,
            self.put(out, &name("json"), "json", json)?,
        ];
        Ok((files, csv.len() as u64))
    }

    fn json<T: serde::Serialize>(&self, stem: &str, value: &T) -> Result<Vec<u8>, crate::Error> {
        json::records(value).map_err(|e| self.error(&format!("{stem}.json"), e))
    }

    fn run(&self, job: &Job<'s>, out: &dyn Output) -> Result<Written, crate::Error> {
        let site = self.index.site;
        let stem = self.stem(job);
        match job {
            Job::List(list, body) => {
                let title = items::title(list, *body);
                let values = Values::of(self.index, list);
                let flat = items::flat(&values, list);
                let (files, csv_bytes, rows) = match self.unchanged_files(list, out, &stem) {
                    Some((files, csv_bytes)) => (files, csv_bytes, None),
                    None => {
                        let table = items::table(&values, list, self.author());
                        let json = self.json(&stem, &items::json(&values, list, self.schema_ref("list")))?;
                        let csv = csv::encode(&flat).map_err(|e| self.error(&format!("{stem}.csv"), e))?;
                        let (files, csv_bytes) = self.table_files(out, &stem, &table, &csv.bytes, &json)?;
                        (files, csv_bytes, Some(csv))
                    }
                };
                let group = match body {
                    Some(b) if b.kind.is_grassroots() => Group::Grassroots,
                    _ => Group::Departments,
                };
                let shared = flat.columns.len() == dictionary::field_columns().len();
                let key = vec![header(&flat.columns, "code")];
                let mut resource = Written::resource(&stem, &title, csv_bytes, flat.columns, key);
                if shared {
                    resource.shared_schema = Some(datapackage::LIST_TABLE_SCHEMA.into());
                }
                let dataset = Dataset { name: stem, title, group, body: Some(list.body.value.clone()), files };
                Ok(Written { dataset, resource: Some(resource), rows })
            }
            Job::AllItems => unreachable!("written by `all_items` after the lists"),
            Job::Territorial => {
                let list = site.territorial.as_ref().expect("planned only when present");
                let json =
                    self.json(&stem, &county::WithSchema { schema: self.schema_ref("territorial"), value: list })?;
                self.county(out, stem, county::territorial(list, self.author()), &json, "code")
            }
            Job::Admission => {
                let list = site.admission.as_ref().expect("planned only when present");
                let json =
                    self.json(&stem, &county::WithSchema { schema: self.schema_ref("admission"), value: list })?;
                self.county(out, stem, county::admission(list, self.author()), &json, "code")
            }
            Job::Guidance(i) => {
                let coverage = Coverage::of(self.index, *i);
                let name_of = |code: &str| self.index.body_name(code).to_string();
                let json =
                    self.json(&stem, &county::guidance_json(&coverage, &name_of, self.schema_ref("guidance")))?;
                self.county(out, stem, county::guidance(&coverage, &name_of, self.author()), &json, "id")
            }
            Job::Bodies => {
                #[derive(serde::Serialize)]
                struct Bodies<'a> {
                    schema: String,
                    bodies: &'a [Body],
                }
                let title = format!("{}实施主体名录", self.index.body_name(&site.config.jurisdiction));
                let json = self.json(&stem, &Bodies { schema: self.schema_ref("bodies"), bodies: &site.bodies })?;
                self.county(out, stem, county::bodies(&site.bodies, &title, self.author()), &json, "code")
            }
            Job::Overview(key) => {
                let o = self.overview.get_or_init(|| crate::derive::Overview::of(self.index));
                let sheet = overview::sheet(o, key);
                let name = format!("{stem}.csv");
                let bytes = csv::to_bytes(&sheet).map_err(|e| self.error(&name, e))?;
                let file = self.put(out, &name, "csv", &bytes)?;
                let title = overview::title(key).to_string();
                let resource = Written::resource(&stem, &title, file.bytes, sheet.columns, Vec::new());
                let dataset = Dataset { name: stem, title, group: Group::County, body: None, files: vec![file] };
                Ok(Written { dataset, resource: Some(resource), rows: None })
            }
            Job::Schemas => {
                let mut files = Vec::new();
                for name in schema::NAMES {
                    let path = format!("schema/{name}.json");
                    let id = site.config.base_url.as_ref().map(|_| self.schema_ref(name));
                    let bytes = json::to_bytes(&schema::schema(name, id)).map_err(|e| self.error(&path, e))?;
                    files.push(self.put(out, &path, "json", &bytes)?);
                }
                let columns = dictionary::item_columns([]);
                let table = datapackage::table_schema(&columns, &[header(&columns, "code")]);
                let bytes = json::to_bytes(&table).map_err(|e| self.error(datapackage::LIST_TABLE_SCHEMA, e))?;
                files.push(self.put(out, datapackage::LIST_TABLE_SCHEMA, "json", &bytes)?);
                let title = "数据说明（JSON Schema 与 datapackage.json）".to_string();
                Ok(Written {
                    dataset: Dataset { name: stem, title, group: Group::Metadata, body: None, files },
                    resource: None,
                    rows: None,
                })
            }
        }
    }

    /// A county-wide table: its three files and its CSV as a resource keyed by `key`.
    fn county(
        &self,
        out: &dyn Output,
        stem: String,
        table: table::Table<'_>,
        json: &[u8],
        key: &str,
    ) -> Result<Written, crate::Error> {
        let csv = csv::to_bytes(&table.sheets[0]).map_err(|e| self.error(&format!("{stem}.csv"), e))?;
        let (files, csv_bytes) = self.table_files(out, &stem, &table, &csv, json)?;
        let title = table.title.clone();
        let columns = table.sheets.into_iter().next().map(|s| s.columns).unwrap_or_default();
        let key = vec![header(&columns, key)];
        let resource = Written::resource(&stem, &title, csv_bytes, columns, key);
        Ok(Written {
            dataset: Dataset { name: stem, title, group: Group::County, body: None, files },
            resource: Some(resource),
            rows: None,
        })
    }

    /// `all-items.csv`, streamed: whose item it is, then the item columns (with every list's
    /// extra columns), one row per item of every list. A list written in this run has its rows
    /// encoded already (`rows`): when its columns begin the item columns, each row is repeated
    /// after its two cells, with empty cells for the extra columns it lacks. Any other list
    /// (kept from the last run by `only`, or with other extra columns) is encoded here.
    fn all_items(&self, out: &dyn Output, rows: &HashMap<&str, &csv::Encoded>) -> Result<Written, crate::Error> {
        let stem = self.stem(&Job::AllItems);
        let path = format!("{}{stem}.csv", self.prefix);
        let err = |error: io::Error| crate::Error::io(&path, error);
        let lists: Vec<(&ItemList, &str)> = self
            .jobs
            .iter()
            .filter_map(|j| match j {
                Job::List(l, b) => Some((*l, b.map(|b| b.name.as_str()).unwrap_or(""))),
                _ => None,
            })
            .collect();
        let mut columns: Vec<dictionary::Column> = dictionary::body_columns().into();
        columns.extend(dictionary::item_columns(lists.iter().flat_map(|(l, _)| &l.items)));
        let headers: Vec<&str> = columns.iter().map(|c| c.header.as_str()).collect();
        let mut file = spill::Spill::new(&out.dir().join(&path), spill::GZIP_ABOVE);
        csv::Writer::new(&mut file, &headers).and_then(csv::Writer::finish).map_err(err)?;
        for (list, name) in &lists {
            let own = dictionary::item_columns(&list.items);
            let begins = own.len() <= columns.len() - 2 && columns[2..].iter().zip(&own).all(|(a, b)| a.key == b.key);
            match rows.get(list.body.value.as_str()).filter(|_| begins) {
                Some(encoded) => {
                    let mut before = csv::cells(&[list.body.value.as_str(), name]).map_err(err)?;
                    before.push(b',');
                    let after = ",".repeat(columns.len().saturating_sub(2 + own.len())) + "\r\n";
                    for row in encoded.rows() {
                        file.write_all(&before).map_err(err)?;
                        file.write_all(row.strip_suffix(b"\r\n").unwrap_or(row)).map_err(err)?;
                        file.write_all(after.as_bytes()).map_err(err)?;
                    }
                }
                None => {
                    let values = Values::of(self.index, list);
                    let mut w = csv::Writer::after(&mut file);
                    for item in &list.items {
                        let mut row: Vec<std::borrow::Cow<str>> = Vec::with_capacity(columns.len());
                        row.push(list.body.value.as_str().into());
                        row.push((*name).into());
                        row.extend(columns[2..].iter().map(|c| c.cell.of(&values, item, &c.key)));
                        w.row(&row).map_err(err)?;
                    }
                    w.finish().map_err(err)?;
                }
            }
        }
        let (written, bytes) = file.finish().map_err(err)?;
        // Past `GZIP_ABOVE` the file is `all-items.csv.gz`.
        // The other form, left by an earlier rebuild in place (`serve`), goes.
        let gzip = written.extension().is_some_and(|x| x == "gz");
        let (path, other) = if gzip { (format!("{path}.gz"), path) } else { (path.clone(), format!("{path}.gz")) };
        match std::fs::remove_file(out.dir().join(&other)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(crate::Error::io(&other, e)),
            _ => {}
        }
        let file = DataFile { path, format: "csv", bytes };
        let title = "全部事项（各主体清单合并）".to_string();
        let key = vec![columns[0].header.clone(), header(&columns, "code")];
        let mut resource = Written::resource(&stem, &title, file.bytes, columns, key);
        resource.path = file.path.strip_prefix(&self.prefix).unwrap_or(&file.path).to_string();
        let dataset = Dataset { name: stem, title, group: Group::County, body: None, files: vec![file] };
        Ok(Written { dataset, resource: Some(resource), rows: None })
    }
}

/// What one job wrote: its files, and its CSV as a datapackage resource; for a list, its CSV
/// as encoded, for `all-items.csv` to repeat.
struct Written {
    dataset: Dataset,
    resource: Option<datapackage::Resource>,
    rows: Option<csv::Encoded>,
}

impl Written {
    fn resource(
        stem: &str,
        title: &str,
        bytes: u64,
        columns: Vec<dictionary::Column>,
        key: Vec<String>,
    ) -> datapackage::Resource {
        datapackage::Resource {
            name: stem.to_string(),
            path: format!("{stem}.csv"),
            title: title.to_string(),
            bytes,
            columns,
            primary_key: key,
            shared_schema: None,
        }
    }
}

fn header(columns: &[dictionary::Column], key: &str) -> String {
    columns.iter().find(|c| c.key == key).map(|c| c.header.clone()).unwrap_or_default()
}

//! The data of every release: each list version once, named by its content hash (JSON for the
//! browser comparison, CSV and XLSX for download), and `data/releases/index.json`, which lists
//! every version with its bodies and their list files. Consecutive releases share most lists,
//! so five releases cost little more than one.

use crate::derive::Values;
use crate::history::{sha256, Chronicle, History};
use crate::model::{Field, Item, ItemList};
use crate::urls;
use crate::write::Output;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

/// The version of `manifest.json`'s layout (docs/history.md).
pub const MANIFEST_VERSION: u32 = 1;

/// Writes list versions into an output as the chronicle hands them over.
pub struct ReleaseFiles<'o> {
    out: &'o dyn Output,
    /// The publisher, as the spreadsheets' author.
    author: String,
    /// SHA-256 of each file written, by path, for `manifest.json`.
    written: Mutex<HashMap<String, String>>,
}

impl<'o> ReleaseFiles<'o> {
    pub fn new(out: &'o dyn Output, author: &str) -> Result<Self, crate::Error> {
        let dir = format!("{}x.json", urls::LIST_VERSIONS_DIR);
        out.create_dirs(&[dir.as_str()]).map_err(|e| crate::Error::io(urls::LIST_VERSIONS_DIR, e))?;
        Ok(ReleaseFiles { out, author: author.to_string(), written: Mutex::new(HashMap::new()) })
    }

    /// One list version, unless the output already has it (named by content, a file that is
    /// there is this version: `serve` after an edit).
    pub fn write(&self, hash: &str, list: &ItemList, values: &Values) -> Result<(), crate::Error> {
        let path = urls::list_version(hash);
        if self.out.exists(&path) {
            return Ok(());
        }
        let bytes = serde_json::to_vec(&ListJson(list)).map_err(|e| crate::Error::failed(&path, e))?;
        self.out.write(&path, &bytes).map_err(|e| crate::Error::io(&path, e))?;
        let mut hashes = vec![(path, sha256(&bytes))];
        for (ext, bytes) in super::list_spreadsheets(values, list, &self.author)? {
            let path = urls::list_version_file(hash, ext);
            self.out.write(&path, &bytes).map_err(|e| crate::Error::io(&path, e))?;
            hashes.push((path, sha256(&bytes)));
        }
        self.written.lock().unwrap_or_else(|e| e.into_inner()).extend(hashes);
        Ok(())
    }

    /// `data/releases/manifest.json`: the chain of releases as published. For each release its
    /// `release.toml` (text and SHA-256, the manifest hash the next release records), and the
    /// SHA-256 of every data file the site publishes for it; the head of the chain. Anyone who
    /// keeps a copy can later tell an edited or deleted release (`qingdan verify`).
    pub fn write_manifest(&self, chronicle: &Chronicle, history: &History) -> Result<(), crate::Error> {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let hash_of = |path: &str| -> Result<String, crate::Error> {
            match written.get(path) {
                Some(h) => Ok(h.clone()),
                // Written by an earlier build (content-addressed, see `write`).
                None => {
                    std::fs::read(self.out.dir().join(path)).map(|b| sha256(&b)).map_err(|e| crate::Error::io(path, e))
                }
            }
        };
        let mut releases = Vec::new();
        for (v, release) in chronicle.releases.iter().enumerate() {
            let dir = &history.dirs[v];
            let meta = dir.join(crate::history::RELEASE_FILE);
            let text = std::fs::read_to_string(&meta).map_err(|e| crate::Error::io(meta.display(), e))?;
            let mut files = serde_json::Map::new();
            for l in &chronicle.versions[v].lists {
                for path in [
                    urls::list_version(&l.hash),
                    urls::list_version_file(&l.hash, "csv"),
                    urls::list_version_file(&l.hash, "xlsx"),
                ] {
                    let hash = hash_of(&path)?;
                    files.insert(path, hash.into());
                }
            }
            let sources: serde_json::Map<String, serde_json::Value> =
                release.files.iter().map(|(p, h)| (p.clone(), h.clone().into())).collect();
            releases.push(serde_json::json!({
                "id": release.id,
                "title": release.title,
                "effective": release.effective,
                "documents": release.documents,
                "previous": release.previous,
                "previous_sha256": release.previous_sha256,
                "sha256": release.sha256,
                "release_toml": text,
                "sources": sources,
                "files": files,
            }));
        }
        let head = chronicle.releases.last().map(|r| serde_json::json!({ "id": r.id, "sha256": r.sha256 }));
        let json = serde_json::json!({
            "schema_version": MANIFEST_VERSION,
            "algorithm": "sha256",
            "chain_head": head,
            "releases": releases,
        });
        let bytes = serde_json::to_vec_pretty(&json).map_err(|e| crate::Error::failed(urls::RELEASE_MANIFEST, e))?;
        self.out.write(urls::RELEASE_MANIFEST, &bytes).map_err(|e| crate::Error::io(urls::RELEASE_MANIFEST, e))
    }

    /// `data/releases/retired.json`: every item address (body and code) of a release that is
    /// no longer a current item, where it went (`moved_to`: current `body/code`, empty when the
    /// item was cancelled), when and how. The same facts as the pages at those addresses.
    pub fn write_retired(&self, chronicle: &Chronicle, site: &crate::derive::Index) -> Result<(), crate::Error> {
        let items: Vec<serde_json::Value> = chronicle
            .retired(site)
            .iter()
            .map(|r| {
                let change = &chronicle.steps[r.version].changes[r.change];
                let relation =
                    chronicle.steps[r.version].relation_of(&r.body, &r.code, true).map(|rel| rel.kind.name());
                let release = chronicle.releases.get(r.version);
                serde_json::json!({
                    "body": r.body,
                    "code": r.code,
                    "name": r.name,
                    "kind": relation.unwrap_or(change.kind.name()),
                    "release": chronicle.versions[r.version].id,
                    "effective": release.map(|rel| rel.effective),
                    "moved_to": r.now.iter().map(|(b, c)| format!("{b}/{c}")).collect::<Vec<_>>(),
                    "page": urls::item(&r.body, &r.code),
                    "causes": change.causes,
                })
            })
            .collect();
        let json = serde_json::json!({ "schema_version": 1, "items": items });
        let bytes = serde_json::to_vec_pretty(&json).map_err(|e| crate::Error::failed(urls::RETIRED_ITEMS, e))?;
        self.out.write(urls::RETIRED_ITEMS, &bytes).map_err(|e| crate::Error::io(urls::RETIRED_ITEMS, e))
    }

    /// `data/releases/index.json`: what the comparison page reads.
    pub fn write_index(&self, chronicle: &Chronicle) -> Result<(), crate::Error> {
        let json =
            serde_json::to_vec(&index_json(chronicle)).map_err(|e| crate::Error::failed(urls::RELEASE_INDEX, e))?;
        self.out.write(urls::RELEASE_INDEX, &json).map_err(|e| crate::Error::io(urls::RELEASE_INDEX, e))
    }
}

/// Every file `ReleaseFiles` publishes for the list versions of `versions` (indexes into
/// `chronicle.versions`).
pub fn list_version_files(chronicle: &Chronicle, versions: std::ops::Range<usize>) -> BTreeSet<String> {
    chronicle.versions[versions]
        .iter()
        .flat_map(|v| &v.lists)
        .flat_map(|l| {
            [
                urls::list_version(&l.hash),
                urls::list_version_file(&l.hash, "csv"),
                urls::list_version_file(&l.hash, "xlsx"),
            ]
        })
        .collect()
}

/// `{"columns": [{key, label}…], "versions": [{id, title, effective, documents, current,
/// bodies: [{code, name, kind, list, items}]}]}`; `list` is relative to `data/releases/`.
fn index_json(ch: &Chronicle) -> serde_json::Value {
    let columns: Vec<serde_json::Value> =
        Field::ALL.iter().map(|f| serde_json::json!({ "key": f.key(), "label": f.label() })).collect();
    let mut versions = Vec::new();
    for v in 0..ch.versions.len() {
        if v == ch.current() && !ch.has_unreleased() {
            continue;
        }
        let bodies: Vec<serde_json::Value> = ch.versions[v]
            .lists
            .iter()
            .map(|l| {
                serde_json::json!({
                    "code": l.body,
                    "name": l.name,
                    "kind": l.kind.map(|k| k.name()),
                    "list": urls::list_version(&l.hash).trim_start_matches(urls::RELEASE_DATA_DIR),
                    "items": ch.figures.get(&l.hash).map(|f| f.total),
                })
            })
            .collect();
        let release = ch.releases.get(v);
        versions.push(serde_json::json!({
            "id": release.map(|r| r.id.as_str()).unwrap_or(crate::history::CURRENT),
            "title": release.map(|r| r.title.as_str()).unwrap_or(crate::history::CURRENT_TITLE),
            "effective": release.map(|r| r.effective),
            "documents": release.map(|r| r.documents.clone()).unwrap_or_default(),
            "current": release.is_none(),
            "bodies": bodies,
        }));
    }
    serde_json::json!({ "columns": columns, "versions": versions })
}

/// `{"body": code, "items": [[value per column…, {extra columns}?], …]}`: values in the order
/// of `columns` in `index.json` (the item fields as published), "" when empty.
struct ListJson<'a>(&'a ItemList);

impl Serialize for ListJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("body", &self.0.body.value)?;
        let rows: Vec<Row> = self.0.items.iter().map(Row).collect();
        map.serialize_entry("items", &rows)?;
        map.end()
    }
}

/// One item: its values in column order, then its extra columns as an object when it has any.
struct Row<'a>(&'a Item);

impl Serialize for Row<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct Extra<'a>(&'a [(String, String)]);
        impl Serialize for Extra<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
        let item = self.0;
        let mut seq = s.serialize_seq(None)?;
        for &field in Field::ALL {
            seq.serialize_element(&item.text(field))?;
        }
        if !item.extra.is_empty() {
            seq.serialize_element(&Extra(&item.extra))?;
        }
        seq.end()
    }
}

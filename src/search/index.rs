//! The tantivy index behind `qingdan search`. It lives outside the website, in
//! `<site>/.qingdan/search-index/` (tantivy's segment files carry random ids, so the directory
//! is not byte-for-byte reproducible; the website is).
//!
//! tantivy indexes the **distinct field values** of the site, each once, with the one
//! analyzer registered as the tokenizers `qingdan` (plain) and `qingdan_names` (with pinyin).
//! The same item is published by every township, the same department and law titles recur in
//! thousands of items: 60,000 items hold only a few thousand distinct texts besides their codes,
//! so indexing values instead of items makes the build several times cheaper. Beside the
//! tantivy files, plain files say which documents hold which value in which field
//! (`values.bin`), each document's field lengths and class (`docs.bin`) and what a result shows
//! (`records.jsonl`). A query term's documents are then: the values tantivy finds for it, and
//! the documents holding them; `query::weight`, `cap`, `idf` and `rank` rank them exactly as
//! the browser does.

use super::analyzer::{self, Memo, Tokenizer};
use super::docs::{Doc, FIELDS, FIELD_NAMES_PINYIN};
use super::query::{self, Hit, Posting};
use super::shards::Analysis;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST};
use tantivy::{DocId, Index, IndexWriter, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term};

/// Where the index of the site at `root` lives.
pub fn dir(root: &Path) -> PathBuf {
    root.join(".qingdan").join("search-index")
}

/// What ranking needs besides the postings, saved beside the index.
#[derive(Serialize, Deserialize)]
struct Figures {
    version: u32,
    n: u32,
    avg: [f64; super::docs::FIELDS],
    base_url: Option<String>,
    /// Near-duplicate titles (`shards::Analysis::dups`).
    dups: Vec<(u32, u32)>,
}

const FIGURES: &str = "qingdan-search.json";
const VALUES: &str = "values.bin";
const DOCS: &str = "docs.bin";
const RECORDS: &str = "records.jsonl";
/// tantivy text fields: values analysed plain, and as names (with pinyin).
const TEXT_FIELDS: [&str; 2] = ["plain", "names"];

fn schema() -> Schema {
    let mut b = Schema::builder();
    b.add_u64_field("value", FAST);
    for (i, name) in TEXT_FIELDS.iter().enumerate() {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(if i == 1 { "qingdan_names" } else { "qingdan" })
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false);
        b.add_text_field(name, TextOptions::default().set_indexing_options(indexing));
    }
    b.build()
}

fn register(index: &Index, memo: Option<&Arc<Memo>>) {
    index.tokenizers().register("qingdan", Tokenizer { names: false, memo: memo.cloned() });
    index.tokenizers().register("qingdan_names", Tokenizer { names: true, memo: memo.cloned() });
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> crate::Error + '_ {
    move |e| crate::Error::io(path.display(), e)
}

/// Builds the index of `docs` into `<dir>.tmp-…`; `install` then puts it in place.
pub fn build(root: &Path, docs: &[Doc<'_>], a: &Analysis, base_url: Option<&str>) -> crate::Result<PathBuf> {
    let err = |e: tantivy::TantivyError| crate::Error::failed("搜索索引", e);
    let target = dir(root);
    // Interrupted builds leave their temporary indexes (tens of megabytes each): remove those of
    // ended processes.
    if let Some(parent) = target.parent() {
        crate::leftovers::clean(parent, |n| {
            let pid = crate::leftovers::pid_after;
            pid(n, "search-index", ".tmp-").or_else(|| pid(n, "search-index", ".old-"))
        });
    }
    let tmp = target.with_file_name(format!("search-index.tmp-{}", unique()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| crate::Error::io(tmp.display(), e))?;
    }
    std::fs::create_dir_all(&tmp).map_err(|e| crate::Error::io(tmp.display(), e))?;
    let schema = schema();
    let index = Index::create_in_dir(&tmp, schema.clone()).map_err(err)?;
    register(&index, Some(&a.memo));
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000).map_err(err)?;
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    let value = schema.get_field("value").unwrap();
    let text = TEXT_FIELDS.map(|n| schema.get_field(n).unwrap());
    for (i, (v, names)) in a.values.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_u64(value, i as u64);
        doc.add_text(text[*names as usize], v);
        writer.add_document(doc).map_err(err)?;
    }
    writer.commit().map_err(err)?;
    writer.wait_merging_threads().map_err(err)?;

    // values.bin: for each value, the (document, field) pairs holding it, as little-endian u32
    // counts followed by u32 pairs.
    let mut holders: Vec<Vec<(u32, u32)>> = vec![Vec::new(); a.values.len()];
    for d in 0..a.doc_values.len() {
        for (f, values) in a.doc_values.of(d).iter().enumerate() {
            for &v in *values {
                holders[v as usize].push((d as u32, f as u32));
            }
        }
    }
    let path = tmp.join(VALUES);
    let mut w = BufWriter::new(std::fs::File::create(&path).map_err(io_err(&path))?);
    for list in &holders {
        w.write_all(&(list.len() as u32).to_le_bytes()).map_err(io_err(&path))?;
        for (d, f) in list {
            w.write_all(&d.to_le_bytes()).and_then(|_| w.write_all(&f.to_le_bytes())).map_err(io_err(&path))?;
        }
    }
    w.flush().map_err(io_err(&path))?;
    // docs.bin: per document, its field lengths and class.
    let path = tmp.join(DOCS);
    let mut w = BufWriter::new(std::fs::File::create(&path).map_err(io_err(&path))?);
    for (units, cls) in a.units.iter().zip(&a.cls) {
        for u in units.iter().chain([cls]) {
            w.write_all(&u.to_le_bytes()).map_err(io_err(&path))?;
        }
    }
    w.flush().map_err(io_err(&path))?;
    // records.jsonl: one result record per line, in document order.
    let path = tmp.join(RECORDS);
    let mut w = BufWriter::new(std::fs::File::create(&path).map_err(io_err(&path))?);
    for d in docs {
        w.write_all(d.record.as_bytes()).and_then(|_| w.write_all(b"\n")).map_err(io_err(&path))?;
    }
    w.flush().map_err(io_err(&path))?;
    let figures = Figures {
        version: super::shards::VERSION,
        n: a.n,
        avg: a.avg,
        base_url: base_url.map(str::to_string),
        dups: a.dups.clone(),
    };
    std::fs::write(tmp.join(FIGURES), serde_json::to_string(&figures).unwrap_or_default())
        .map_err(|e| crate::Error::failed("搜索索引", e))?;
    Ok(tmp)
}

/// A name part no other build in this or another process uses at the same time.
fn unique() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    format!("{}-{}", std::process::id(), NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

/// Replaces the index at `dir(root)` by the one built in `tmp`.
pub fn install(root: &Path, tmp: &Path) -> crate::Result<()> {
    let target = dir(root);
    let old = target.with_file_name(format!("search-index.old-{}", unique()));
    if target.exists() {
        std::fs::rename(&target, &old).map_err(|e| crate::Error::io(target.display(), e))?;
    }
    std::fs::rename(tmp, &target).map_err(|e| crate::Error::io(target.display(), e))?;
    if old.exists() {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

/// Removes the index at `dir(root)`, stale after the sources changed without it being rebuilt
/// (`serve`): moved aside first, so a concurrent `qingdan search` never opens half of it.
pub fn remove(root: &Path) {
    let target = dir(root);
    let old = target.with_file_name(format!("search-index.old-{}", unique()));
    if std::fs::rename(&target, &old).is_ok() {
        let _ = std::fs::remove_dir_all(&old);
    }
}

/// One ranked result.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    pub id: u32,
    pub score: u64,
    pub matched: u32,
    pub exact: bool,
    pub record: serde_json::Value,
    /// Near-duplicate titles of the same body folded into this result: (id, record).
    pub variants: Vec<(u32, serde_json::Value)>,
}

/// Searches the index at a directory, ranking like the browser.
pub struct Searcher {
    dir: PathBuf,
    index: Index,
    reader: tantivy::IndexReader,
    figures: Figures,
    /// Per value: (document, field) pairs.
    holders: Vec<Vec<(u32, u8)>>,
    /// Per document: field lengths and class.
    docs: Vec<([u32; FIELDS], u32)>,
    dups: HashMap<u32, u32>,
}

fn read_u32s(path: &Path) -> crate::Result<Vec<u32>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| crate::Error::io(path.display(), e))?;
    Ok(bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
}

impl Searcher {
    pub fn open(dir: &Path) -> crate::Result<Searcher> {
        let figures: Figures = std::fs::read_to_string(dir.join(FIGURES))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .filter(|f: &Figures| f.version == super::shards::VERSION)
            .ok_or_else(|| crate::Error::failed(dir.display(), "不是可用的搜索索引"))?;
        let index = Index::open_in_dir(dir).map_err(|e| crate::Error::failed("搜索索引", e))?;
        register(&index, None);
        let reader = index.reader().map_err(|e| crate::Error::failed("搜索索引", e))?;
        let raw = read_u32s(&dir.join(VALUES))?;
        let mut holders = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            let n = raw[i] as usize;
            let list: Vec<(u32, u8)> =
                raw.get(i + 1..i + 1 + 2 * n).unwrap_or(&[]).chunks_exact(2).map(|p| (p[0], p[1] as u8)).collect();
            holders.push(list);
            i += 1 + 2 * n;
        }
        let docs = read_u32s(&dir.join(DOCS))?
            .chunks_exact(FIELDS + 1)
            .map(|c| {
                let mut units = [0u32; FIELDS];
                units.copy_from_slice(&c[..FIELDS]);
                (units, c[FIELDS])
            })
            .collect();
        let dups = figures.dups.iter().copied().collect();
        Ok(Searcher { dir: dir.to_path_buf(), index, reader, figures, holders, docs, dups })
    }

    pub fn base_url(&self) -> Option<&str> {
        self.figures.base_url.as_deref()
    }

    /// The term as ranking sees it: the values tantivy finds for it, the documents and fields
    /// holding those values, weighted and capped.
    pub fn term(&self, term: &str) -> crate::Result<query::Term> {
        let searcher = self.reader.searcher();
        let schema = self.index.schema();
        let mut masks: HashMap<u32, u8> = HashMap::new();
        for (variant, name) in TEXT_FIELDS.iter().enumerate() {
            // Only the fields analysed this way can hold the value.
            if !FIELD_NAMES_PINYIN.contains(&(variant == 1)) {
                continue;
            }
            let field = schema.get_field(name).unwrap();
            let q = TermQuery::new(Term::from_field_text(field, term), IndexRecordOption::Basic);
            for v in searcher.search(&q, &Values).map_err(|e| crate::Error::failed("搜索结果", e))? {
                for &(doc, f) in self.holders.get(v as usize).map(Vec::as_slice).unwrap_or(&[]) {
                    *masks.entry(doc).or_insert(0) |= 1 << f;
                }
            }
        }
        let df = masks.len() as u32;
        let mut postings: Vec<Posting> = masks
            .into_iter()
            .map(|(doc, mask)| {
                let (units, cls) = self.docs[doc as usize];
                Posting { doc, weight: query::weight(mask, &units, &self.figures.avg), cls }
            })
            .collect();
        query::cap(&mut postings);
        Ok(query::Term { idf: query::idf(df, self.figures.n), df, postings, ..Default::default() })
    }

    /// The whole search (`query::search`): folded results, terms, fallback.
    pub fn outcome(&self, q: &str) -> crate::Result<query::Outcome> {
        query::search(&analyzer::plan(q), &self.dups, |t| self.term(t))
    }

    /// Ranked (folded) hits for a query (all of them; callers cut).
    pub fn hits(&self, q: &str) -> crate::Result<Vec<Hit>> {
        Ok(self.outcome(q)?.results.into_iter().map(|f| f.hit).collect())
    }

    /// The number of results, the first `limit` with their records, and the fallback used
    /// (`query::Outcome::fallback`).
    pub fn search(&self, q: &str, limit: usize) -> crate::Result<(usize, Vec<Found>, u8)> {
        let outcome = self.outcome(q)?;
        let hits = &outcome.results;
        let shown = &hits[..hits.len().min(limit)];
        let mut wanted: Vec<u32> =
            shown.iter().flat_map(|f| std::iter::once(f.hit.doc).chain(f.variants.iter().copied())).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut records: HashMap<u32, serde_json::Value> = HashMap::new();
        if !wanted.is_empty() {
            let path = self.dir.join(RECORDS);
            let file = std::fs::File::open(&path).map_err(|e| crate::Error::io(path.display(), e))?;
            let mut reader = std::io::BufReader::new(file);
            reader.rewind().ok();
            let mut line = String::new();
            let mut next = wanted.iter().peekable();
            let mut doc = 0u32;
            while let Some(&&want) = next.peek() {
                line.clear();
                if reader.read_line(&mut line).map_err(|e| crate::Error::io(path.display(), e))? == 0 {
                    break;
                }
                if doc == want {
                    records.insert(doc, serde_json::from_str(&line).unwrap_or(serde_json::Value::Null));
                    next.next();
                }
                doc += 1;
            }
        }
        let record = |d: u32| records.get(&d).cloned().unwrap_or(serde_json::Value::Null);
        let found = shown
            .iter()
            .map(|f| Found {
                id: f.hit.doc,
                score: f.hit.score,
                matched: f.hit.matched,
                exact: f.hit.exact,
                record: record(f.hit.doc),
                variants: f.variants.iter().map(|&d| (d, record(d))).collect(),
            })
            .collect();
        Ok((hits.len(), found, outcome.fallback))
    }
}

/// Collects the value ids of matching tantivy documents, from the fast field.
struct Values;

struct SegmentValues {
    value: Column<u64>,
    out: Vec<u32>,
}

impl Collector for Values {
    type Fruit = Vec<u32>;
    type Child = SegmentValues;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentValues> {
        Ok(SegmentValues { value: reader.fast_fields().u64("value")?, out: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u32>>) -> tantivy::Result<Vec<u32>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentValues {
    type Fruit = Vec<u32>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(v) = self.value.first(doc) {
            self.out.push(v as u32);
        }
    }

    fn harvest(self) -> Vec<u32> {
        self.out
    }
}

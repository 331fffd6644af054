//! The tantivy index behind `qingdan search`. It lives outside the website, in
//! `<site>/.qingdan/search-index/` (tantivy's segment files carry random ids, so the directory
//! is not byte-for-byte reproducible; the website is). Its text fields use the one analyzer,
//! registered as the tokenizers `qingdan` and `qingdan_names`. tantivy finds the candidate
//! documents of each query term; `query::rank` ranks them exactly as the browser does.

use super::analyzer::{self, Memo, Tokenizer};
use super::docs::{Doc, FIELDS, FIELD_NAMES, FIELD_NAMES_PINYIN};
use super::query::{self, Hit, Posting};
use super::shards::Analysis;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED};
use tantivy::{DocAddress, DocId, Index, IndexWriter, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term};

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
}

const FIGURES: &str = "qingdan-search.json";
const UNIT_FIELDS: [&str; FIELDS] = ["units_name", "units_place", "units_dept", "units_other"];

fn schema() -> Schema {
    let mut b = Schema::builder();
    b.add_u64_field("id", FAST | STORED | INDEXED);
    b.add_u64_field("cls", FAST);
    for f in 0..FIELDS {
        let tokenizer = if FIELD_NAMES_PINYIN[f] { "qingdan_names" } else { "qingdan" };
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false);
        b.add_text_field(FIELD_NAMES[f], TextOptions::default().set_indexing_options(indexing));
        b.add_u64_field(UNIT_FIELDS[f], FAST);
    }
    b.add_text_field("record", STORED);
    b.build()
}

fn register(index: &Index, memo: Option<&Arc<Memo>>) {
    index.tokenizers().register("qingdan", Tokenizer { names: false, memo: memo.cloned() });
    index.tokenizers().register("qingdan_names", Tokenizer { names: true, memo: memo.cloned() });
}

/// Builds the index of `docs` into `<dir>.tmp-<pid>`; `install` then puts it in place.
pub fn build(root: &Path, docs: &[Doc], a: &Analysis, base_url: Option<&str>) -> Result<PathBuf, String> {
    let err = |e: tantivy::TantivyError| format!("搜索索引：{e}");
    let target = dir(root);
    let tmp = target.with_file_name(format!("search-index.tmp-{}", unique()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| format!("无法清理 {}：{e}", tmp.display()))?;
    }
    std::fs::create_dir_all(&tmp).map_err(|e| format!("无法创建 {}：{e}", tmp.display()))?;
    let schema = schema();
    let index = Index::create_in_dir(&tmp, schema.clone()).map_err(err)?;
    register(&index, Some(&a.memo));
    let mut writer: IndexWriter = index.writer_with_num_threads(2, 120_000_000).map_err(err)?;
    // A few segments search as fast as one at this size; merging them would cost build time.
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    let id = schema.get_field("id").unwrap();
    let record = schema.get_field("record").unwrap();
    let fields: Vec<_> = FIELD_NAMES.iter().map(|n| schema.get_field(n).unwrap()).collect();
    let units: Vec<_> = UNIT_FIELDS.iter().map(|n| schema.get_field(n).unwrap()).collect();
    let cls = schema.get_field("cls").unwrap();
    for (i, d) in docs.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_u64(id, i as u64);
        doc.add_u64(cls, a.cls[i] as u64);
        for f in 0..FIELDS {
            for v in &d.fields[f] {
                doc.add_text(fields[f], v);
            }
            doc.add_u64(units[f], a.units[i][f] as u64);
        }
        doc.add_text(record, serde_json::to_string(&d.record).unwrap_or_default());
        writer.add_document(doc).map_err(err)?;
    }
    writer.commit().map_err(err)?;
    writer.wait_merging_threads().map_err(err)?;
    let figures = Figures { version: super::shards::VERSION, n: a.n, avg: a.avg, base_url: base_url.map(str::to_string) };
    std::fs::write(tmp.join(FIGURES), serde_json::to_string(&figures).unwrap_or_default())
        .map_err(|e| format!("无法写入搜索索引：{e}"))?;
    Ok(tmp)
}

/// A name part no other build in this or another process uses at the same time.
fn unique() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    format!("{}-{}", std::process::id(), NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

/// Replaces the index at `dir(root)` by the one built in `tmp`.
pub fn install(root: &Path, tmp: &Path) -> Result<(), String> {
    let target = dir(root);
    let old = target.with_file_name(format!("search-index.old-{}", unique()));
    if target.exists() {
        std::fs::rename(&target, &old).map_err(|e| format!("无法替换 {}：{e}", target.display()))?;
    }
    std::fs::rename(tmp, &target).map_err(|e| format!("无法替换 {}：{e}", target.display()))?;
    if old.exists() {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

/// One ranked result.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    pub id: u32,
    pub score: u64,
    pub matched: u32,
    pub record: serde_json::Value,
}

/// Results of a query against the index at `dir`, ranked like the browser: the query's terms
/// (`analyzer::query_terms`), each term's documents from tantivy (in any of the three fields),
/// weighted, capped and ranked by `query`.
pub struct Searcher {
    index: Index,
    reader: tantivy::IndexReader,
    figures: Figures,
}

impl Searcher {
    pub fn open(dir: &Path) -> Result<Searcher, String> {
        let figures: Figures = std::fs::read_to_string(dir.join(FIGURES))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .filter(|f: &Figures| f.version == super::shards::VERSION)
            .ok_or_else(|| format!("{} 不是可用的搜索索引", dir.display()))?;
        let index = Index::open_in_dir(dir).map_err(|e| format!("无法打开搜索索引：{e}"))?;
        register(&index, None);
        let reader = index.reader().map_err(|e| format!("无法打开搜索索引：{e}"))?;
        Ok(Searcher { index, reader, figures })
    }

    pub fn base_url(&self) -> Option<&str> {
        self.figures.base_url.as_deref()
    }

    /// The term as ranking sees it, from tantivy's postings.
    pub fn term(&self, term: &str) -> Result<query::Term, String> {
        let searcher = self.reader.searcher();
        let schema = self.index.schema();
        let mut docs: HashMap<u32, (u8, [u32; FIELDS], u32)> = HashMap::new();
        for f in 0..FIELDS {
            let field = schema.get_field(FIELD_NAMES[f]).unwrap();
            let q = TermQuery::new(Term::from_field_text(field, term), IndexRecordOption::Basic);
            let found = searcher.search(&q, &Ids).map_err(|e| format!("搜索失败：{e}"))?;
            for (id, units, cls) in found {
                docs.entry(id).or_insert((0, units, cls)).0 |= 1 << f;
            }
        }
        let df = docs.len() as u32;
        let mut postings: Vec<Posting> = docs
            .into_iter()
            .map(|(doc, (mask, units, cls))| Posting { doc, weight: query::weight(mask, &units, &self.figures.avg), cls })
            .collect();
        query::cap(&mut postings);
        Ok(query::Term { idf: query::idf(df, self.figures.n), postings })
    }

    /// Ranked hits for a query (all of them; callers cut).
    pub fn hits(&self, q: &str) -> Result<Vec<Hit>, String> {
        let terms = analyzer::query_terms(q).iter().map(|t| self.term(t)).collect::<Result<Vec<_>, _>>()?;
        Ok(query::rank(&terms))
    }

    /// The first `limit` results with their records.
    pub fn search(&self, q: &str, limit: usize) -> Result<(usize, Vec<Found>), String> {
        let hits = self.hits(q)?;
        let searcher = self.reader.searcher();
        let schema = self.index.schema();
        let id_field = schema.get_field("id").unwrap();
        let record_field = schema.get_field("record").unwrap();
        let mut found = Vec::new();
        for h in hits.iter().take(limit) {
            let q = tantivy::query::TermQuery::new(Term::from_field_u64(id_field, h.doc as u64), IndexRecordOption::Basic);
            let addr: Vec<DocAddress> = searcher
                .search(&q, &tantivy::collector::DocSetCollector)
                .map_err(|e| format!("搜索失败：{e}"))?
                .into_iter()
                .collect();
            let record = match addr.first() {
                Some(a) => {
                    let doc: TantivyDocument = searcher.doc(*a).map_err(|e| format!("搜索失败：{e}"))?;
                    doc.get_first(record_field)
                        .and_then(|v| v.as_str())
                        .and_then(|s| serde_json::from_str(s).ok())
                        .unwrap_or(serde_json::Value::Null)
                }
                None => serde_json::Value::Null,
            };
            found.push(Found { id: h.doc, score: h.score, matched: h.matched, record });
        }
        Ok((hits.len(), found))
    }
}

/// Collects the id and field lengths of every matching document, from fast fields.
struct Ids;

struct SegmentIds {
    id: Column<u64>,
    cls: Column<u64>,
    units: Vec<Column<u64>>,
    out: Vec<(u32, [u32; FIELDS], u32)>,
}

impl Collector for Ids {
    type Fruit = Vec<(u32, [u32; FIELDS], u32)>;
    type Child = SegmentIds;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentIds> {
        let ff = reader.fast_fields();
        let units = UNIT_FIELDS.iter().map(|n| ff.u64(n)).collect::<tantivy::Result<Vec<_>>>()?;
        Ok(SegmentIds { id: ff.u64("id")?, cls: ff.u64("cls")?, units, out: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentIds {
    type Fruit = Vec<(u32, [u32; FIELDS], u32)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let mut units = [0u32; FIELDS];
        for (f, c) in self.units.iter().enumerate() {
            units[f] = c.first(doc).unwrap_or(0) as u32;
        }
        self.out.push((self.id.first(doc).unwrap_or(0) as u32, units, self.cls.first(doc).unwrap_or(0) as u32));
    }

    fn harvest(self) -> Self::Fruit {
        self.out
    }
}

//! The static index the browser reads, under `search/` in the output:
//!
//! - `meta.json`: counts, the shard count, facet classes, which documents belong to which body,
//!   the syllable list and the traditional→simplified pairs the runtime needs (see below).
//! - `shards/<n>.json`: the postings of every term whose hash (FNV-1a over UTF-16 code units)
//!   modulo the shard count is n: `{"term": [idf, df, "postings"]}`. A query fetches only the
//!   shards of its terms.
//! - `exact/<n>.json`: the same for exact keys (`analyzer::EXACT_MARK`), in small files of their
//!   own (`EXACT_BYTES`): every query looks up its key, which rarely has more than a few documents.
//! - `terms/<n>.json`: the postings of a common term (longer than `BIG_TERM`), which its
//!   shard then gives as the number n instead of a string.
//! - `docs/<n>.json`: result records, `DOC_CHUNK` documents per file, fetched for the results
//!   on screen only.
//! - `labels/<n>.json`: `[code, name]` of bodies, `LABEL_CHUNK` per file, for facet labels.
//!
//! Postings are one string per term: for each document, in id order, four numbers — id minus
//! the previous id, weight, class (kind, part and 权力类型 of the document, an index into
//! `meta.classes`), departments (0: none; n up to `meta.bodies`: the body n − 1; above: the set
//! `meta.deptSets[n − bodies − 1]` of body indexes, for items naming several) — each written in base 32 digits, least
//! significant first, as characters of `ALPHABET`: the first 32 characters end a number, the
//! last 32 continue it.
//!
//! Everything here is deterministic: the same site gives byte-identical files.

use super::analyzer::{self, FieldTokens, Memo};
use super::docs::{Doc, FIELDS, FIELD_NAMES_PINYIN};
use super::query::{self, Posting};
use crate::urls;
use crate::write::Output;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub use super::numbers::{push_number, read_numbers, ALPHABET};
/// Result records per file.
pub const DOC_CHUNK: usize = 16;
/// Body labels per file.
pub const LABEL_CHUNK: usize = 500;
/// Aimed-at size of a shard file: the shard count is the index size divided by this.
pub const SHARD_BYTES: usize = 16 * 1024;
/// Aimed-at size of a file of exact keys (`exact/<n>.json`): every query looks one up, and
/// a key has few documents, so these files are small.
pub const EXACT_BYTES: usize = 2 * 1024;
/// Postings longer than this (in characters) go to a file of their own, `terms/<n>.json`.
pub const BIG_TERM: usize = 6 * 1024;
/// Format version, checked by the runtime.
pub const VERSION: u32 = 3;

/// The analysis of every document that both indexes are built from (the inverted lists,
/// which only the static index needs, are made separately by `invert`).
pub struct Analysis {
    pub n: u32,
    /// Field lengths in units, per document.
    pub units: Vec<[u32; FIELDS]>,
    /// Average field length over documents where the field is not empty.
    pub avg: [f64; FIELDS],
    /// Token texts by id, and the tokens of each distinct field value (tantivy reads these).
    pub memo: Arc<Memo>,
    /// Facet classes: [kind, part, 权力类型], in order of first appearance.
    pub classes: Vec<[String; 3]>,
    /// Class of each document.
    pub cls: Vec<u32>,
    /// `query::weight` of each field mask, per document (computed once, not per posting).
    weights: Vec<[u32; 1 << FIELDS]>,
    /// Per document, per field, the distinct values it holds (indexes into `value_ids`).
    pub doc_values: DocValues,
    /// Token ids of each distinct value.
    value_ids: Vec<Vec<u32>>,
    /// Each distinct value, and whether it is analysed as a name (pinyin).
    pub values: Vec<(String, bool)>,
    /// Near-duplicate titles (`docs::fold_key`): (document, first document of its group), for
    /// documents that are not the first, in document order.
    pub dups: Vec<(u32, u32)>,
}

/// Near-duplicate titles of one body and kind: (document, first document with that key).
fn near_duplicates(docs: &[Doc<'_>]) -> Vec<(u32, u32)> {
    let mut first: HashMap<(usize, super::docs::Kind, String), u32> = HashMap::default();
    let mut dups = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let Some(title) = d.fields[super::docs::NAME].first() else { continue };
        let key = super::docs::fold_key(title);
        if key.is_empty() {
            continue;
        }
        match first.entry((d.body, d.kind, key)) {
            std::collections::hash_map::Entry::Occupied(e) => dups.push((i as u32, *e.get())),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(i as u32);
            }
        }
    }
    dups
}

/// The documents of one token: how many hold it, and those that can be among its `query::CAP`
/// best (document, field mask), documents ascending.
#[derive(Clone, Default)]
pub struct TermDocs {
    pub df: u32,
    pub docs: Vec<(u32, u8)>,
    /// The weight a later document needs to be among the best: once `docs` has been cut to
    /// the best `CAP`, one more than the weakest kept (a later document has a higher id, so it
    /// loses ties).
    floor: u32,
}

/// Per token id, its documents.
pub type Postings = Vec<TermDocs>;

/// The values each document holds in each field, in one flat list: at province scale, four
/// small vectors per document would cost more than the values themselves.
#[derive(Default)]
pub struct DocValues {
    values: Vec<u32>,
    /// Where document d's field f starts in `values`: `starts[d * FIELDS + f]`; one more at the
    /// end.
    starts: Vec<u32>,
}

impl DocValues {
    fn push(&mut self, fields: [&[u32]; FIELDS]) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        for f in fields {
            self.values.extend_from_slice(f);
            self.starts.push(self.values.len() as u32);
        }
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1) / FIELDS
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values of document `doc`, per field.
    pub fn of(&self, doc: usize) -> [&[u32]; FIELDS] {
        std::array::from_fn(|f| {
            let i = doc * FIELDS + f;
            &self.values[self.starts[i] as usize..self.starts[i + 1] as usize]
        })
    }
}

/// The distinct (kind, part, 权力类型) of the documents, and each document's.
fn classes(docs: &[Doc<'_>]) -> (Vec<[String; 3]>, Vec<u32>) {
    let mut classes: Vec<[String; 3]> = Vec::new();
    let mut ids: HashMap<(&str, &str, &str), u32> = HashMap::default();
    let cls = docs
        .iter()
        .map(|d| {
            let key = (d.kind.name(), d.part, d.power_type.as_ref());
            *ids.entry(key).or_insert_with(|| {
                classes.push([key.0.to_string(), key.1.to_string(), key.2.to_string()]);
                classes.len() as u32 - 1
            })
        })
        .collect();
    (classes, cls)
}

/// Analyses every document, then empties the documents' fields, which nothing reads after.
/// Field values repeat a lot (body and department names, law titles, the same item in every
/// township), so each distinct value is analysed once.
pub fn prepare(docs: &mut [Doc<'_>]) -> Analysis {
    // Distinct values, by analysis variant (plain, names).
    let mut distinct: [HashMap<&str, u32>; 2] = [HashMap::default(), HashMap::default()];
    let mut values: Vec<(&str, bool)> = Vec::new();
    let mut doc_values = DocValues::default();
    for d in docs.iter() {
        let mut dv: [Vec<u32>; FIELDS] = Default::default();
        for f in 0..FIELDS {
            let k = FIELD_NAMES_PINYIN[f] as usize;
            for v in &d.fields[f] {
                let id = *distinct[k].entry(v.as_ref()).or_insert_with(|| {
                    values.push((v.as_ref(), k == 1));
                    values.len() as u32 - 1
                });
                dv[f].push(id);
            }
        }
        doc_values.push(std::array::from_fn(|f| dv[f].as_slice()));
    }
    // The vocabulary, with the abbreviations the lists give themselves ("……（城乡居保）").
    let mut derived: Vec<(String, String)> = values
        .par_iter()
        .filter(|(v, _)| v.contains('（') || v.contains('('))
        .flat_map_iter(|(v, _)| super::vocab::derive(v))
        .collect();
    derived.sort();
    derived.dedup();
    let vocab = super::vocab::Vocab::new(&derived);
    let analysed: Vec<FieldTokens> = values
        .par_iter()
        .map(|(v, names)| {
            let mut ft = FieldTokens::default();
            analyzer::index_tokens(v, *names, &vocab, &mut ft);
            ft
        })
        .collect();
    let mut ids: HashMap<String, u32> = HashMap::default();
    let mut terms: Vec<String> = Vec::new();
    let mut value_ids: Vec<Vec<u32>> = Vec::with_capacity(analysed.len());
    let mut value_units: Vec<u32> = Vec::with_capacity(analysed.len());
    for ft in analysed {
        value_units.push(ft.units);
        let mut v = Vec::with_capacity(ft.tokens.len());
        for t in ft.tokens {
            let id = match ids.get(&t) {
                Some(&id) => id,
                None => {
                    let id = terms.len() as u32;
                    ids.insert(t.clone(), id);
                    terms.push(t);
                    id
                }
            };
            v.push(id);
        }
        value_ids.push(v);
    }
    let units: Vec<[u32; FIELDS]> = (0..doc_values.len())
        .map(|d| {
            let dv = doc_values.of(d);
            let mut u = [0u32; FIELDS];
            for f in 0..FIELDS {
                u[f] = dv[f].iter().map(|&v| value_units[v as usize]).sum();
            }
            u
        })
        .collect();
    let mut avg = [0.0; FIELDS];
    for (f, a) in avg.iter_mut().enumerate() {
        let (sum, count) = units.iter().filter(|u| u[f] > 0).fold((0u64, 0u64), |(s, c), u| (s + u[f] as u64, c + 1));
        *a = if count == 0 { 1.0 } else { sum as f64 / count as f64 };
    }
    let weights = units
        .par_iter()
        .map(|u| {
            let mut w = [0u32; 1 << FIELDS];
            for (mask, x) in w.iter_mut().enumerate().skip(1) {
                *x = query::weight(mask as u8, u, &avg);
            }
            w
        })
        .collect();
    let mut memo_values: [HashMap<String, Vec<u32>>; 2] = [HashMap::default(), HashMap::default()];
    for ((v, names), ids) in values.iter().zip(&value_ids) {
        memo_values[*names as usize].insert(v.to_string(), ids.clone());
    }
    let values: Vec<(String, bool)> = values.into_iter().map(|(v, n)| (v.to_string(), n)).collect();
    let (classes, cls) = classes(docs);
    let dups = near_duplicates(docs);
    // The field values are analysed: from here on only the analysis is needed.
    for d in docs.iter_mut() {
        d.fields = Default::default();
    }
    Analysis {
        n: docs.len() as u32,
        units,
        avg,
        memo: Arc::new(Memo { terms, values: memo_values }),
        classes,
        cls,
        weights,
        doc_values,
        value_ids,
        values,
        dups,
    }
}

/// One document's tokens for `invert`: (token, fields, whether it may be kept), grouped by
/// range of tokens, and where each range starts among them.
struct DocTokens {
    toks: Vec<(u32, u8, bool)>,
    starts: Vec<u32>,
}

/// The inverted lists: for every token, the documents holding it and in which fields. Only
/// the `query::CAP` best of a token are published, so a list is cut back to them whenever it
/// reaches twice that, and from then on only documents that would beat the weakest kept are
/// added: a common token at province scale is in most of 600,000 documents, and keeping all of
/// them would take gigabytes for postings that are then dropped.
pub fn invert(a: &Analysis) -> Postings {
    let mut postings: Postings = vec![TermDocs::default(); a.memo.terms.len()];
    const BLOCK: usize = 8192;
    for b in 0..a.doc_values.len().div_ceil(BLOCK) {
        let block = b * BLOCK..((b + 1) * BLOCK).min(a.doc_values.len());
        let floors = &postings;
        // Each task below appends to its own range of tokens, `per` of them: common tokens have
        // low ids (first seen), so the ranges are many and small for the threads to share.
        let per = postings.len().div_ceil(rayon::current_num_threads().max(1) * 16).max(1);
        let ranges = postings.len().div_ceil(per);
        // Per document: its tokens, merged over fields, with their weight; tokens it cannot
        // place among the best are counted but not kept. A floor only rises, so the floors as
        // they were before the block are safe to use for all of it.
        let terms = postings.len();
        let lists: Vec<DocTokens> = block
            .into_par_iter()
            .map_init(
                || (vec![0u8; terms], Vec::new()),
                |(fields, seen), doc| {
                    // Each token once, with the fields it is in (`fields` is all zeros between
                    // documents), in order of first appearance.
                    for (f, values) in a.doc_values.of(doc).iter().enumerate() {
                        for &v in *values {
                            for &t in &a.value_ids[v as usize] {
                                if fields[t as usize] == 0 {
                                    seen.push(t);
                                }
                                fields[t as usize] |= 1u8 << f;
                            }
                        }
                    }
                    // Then placed by range (a counting sort: within a range the order does not
                    // matter, every token of the document gets one posting).
                    let mut starts = vec![0u32; ranges + 1];
                    for &t in seen.iter() {
                        starts[t as usize / per + 1] += 1;
                    }
                    for r in 0..ranges {
                        starts[r + 1] += starts[r];
                    }
                    let mut next = starts.clone();
                    let mut toks = vec![(0u32, 0u8, false); seen.len()];
                    for t in seen.drain(..) {
                        let m = std::mem::take(&mut fields[t as usize]);
                        let keep = a.weights[doc][m as usize] >= floors[t as usize].floor;
                        let slot = &mut next[t as usize / per];
                        toks[*slot as usize] = (t, m, keep);
                        *slot += 1;
                    }
                    DocTokens { toks, starts }
                },
            )
            .collect();
        // Lists stay in document order within each range.
        postings.par_chunks_mut(per).enumerate().for_each(|(ci, part)| {
            let lo = (ci * per) as u32;
            for (j, DocTokens { toks, starts }) in lists.iter().enumerate() {
                let doc = (b * BLOCK + j) as u32;
                for &(t, m, keep) in &toks[starts[ci] as usize..starts[ci + 1] as usize] {
                    let term = &mut part[(t - lo) as usize];
                    term.df += 1;
                    if keep && a.weights[doc as usize][m as usize] >= term.floor {
                        term.docs.push((doc, m));
                        if term.docs.len() >= 2 * query::CAP {
                            term.floor = keep_best(a, &mut term.docs) + 1;
                        }
                    }
                }
            }
        });
    }
    postings
}

/// Cuts a token's documents to the `query::CAP` that `query::cap` would keep (best weight,
/// then lowest id: a strict order, so the best of a part are among the best of the whole),
/// in id order; returns the weakest weight kept.
fn keep_best(a: &Analysis, docs: &mut Vec<(u32, u8)>) -> u32 {
    let weight = |&(doc, mask): &(u32, u8)| a.weights[doc as usize][mask as usize];
    docs.select_nth_unstable_by(query::CAP - 1, |x, y| weight(y).cmp(&weight(x)).then(x.0.cmp(&y.0)));
    docs.truncate(query::CAP);
    let weakest = docs.iter().map(weight).min().unwrap_or(0);
    docs.sort_unstable_by_key(|p| p.0);
    weakest
}

/// The postings of a term as ranking sees them: weighted, capped, in id order.
pub fn term_postings(a: &Analysis, raw: &[(u32, u8)]) -> Vec<Posting> {
    let mut postings: Vec<Posting> = raw
        .iter()
        .map(|&(doc, mask)| Posting { doc, weight: a.weights[doc as usize][mask as usize], cls: a.cls[doc as usize] })
        .collect();
    query::cap(&mut postings);
    postings
}

/// FNV-1a over the UTF-16 code units of a term: which shard holds it.
pub fn shard_of(term: &str, shards: u32) -> u32 {
    analyzer::fnv1a(term) % shards
}

/// The number each document's departments are written as in postings (see the module's
/// documentation), and the sets of several departments in order of first use.
fn dept_codes(docs: &[Doc<'_>], bodies: usize) -> (Vec<u64>, Vec<Vec<usize>>) {
    let mut sets: Vec<Vec<usize>> = Vec::new();
    let mut ids: HashMap<&[usize], usize> = HashMap::default();
    let codes = docs
        .iter()
        .map(|d| match d.depts.as_slice() {
            [] => 0,
            [one] => *one as u64 + 1,
            many => {
                let id = *ids.entry(many).or_insert_with(|| {
                    sets.push(many.to_vec());
                    sets.len() - 1
                });
                (bodies + 1 + id) as u64
            }
        })
        .collect();
    (codes, sets)
}

/// A term's postings in its shard: the string itself, or the number of its own file.
#[derive(Serialize, Clone, Copy)]
#[serde(untagged)]
enum Stored<'a> {
    Inline(&'a str),
    File(u32),
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    n: u32,
    shards: u32,
    /// Files of exact keys (`exact/<n>.json`, see `EXACT_BYTES`).
    #[serde(rename = "exactShards")]
    exact_shards: u32,
    chunk: usize,
    #[serde(rename = "labelChunk")]
    label_chunk: usize,
    cap: usize,
    bodies: usize,
    mark: char,
    /// [kind, part, 权力类型] per class
    classes: &'a [[String; 3]],
    /// Pairs (first document id − previous first id, body index) of each run of documents.
    runs: String,
    syllables: String,
    /// Traditional/simplified pairs, concatenated, for the simplified characters in the index.
    t2s: String,
    /// Sets of departments (body indexes) of documents that name several.
    #[serde(rename = "deptSets")]
    dept_sets: Vec<Vec<usize>>,
    /// Near-duplicate titles: pairs (document − previous document, document − first document of
    /// its group), see `Analysis::dups`.
    dups: String,
}

/// Figures about the static index.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    pub docs: usize,
    pub terms: usize,
    pub shards: u32,
    pub bytes: usize,
}

/// Writes `search/` into the output.
pub fn write(
    site: &crate::model::Site,
    docs: &[Doc<'_>],
    a: &Analysis,
    postings: Postings,
    out: &dyn Output,
) -> std::io::Result<Summary> {
    let started = crate::timing::start();
    let io = |e: serde_json::Error| std::io::Error::other(e);
    let (dept_codes, dept_sets) = dept_codes(docs, site.bodies.len());
    // Terms, encoded.
    let mut encoded: Vec<(&String, u32, u32, String)> = a
        .memo
        .terms
        .par_iter()
        .zip(postings.into_par_iter())
        .map(|(term, raw)| {
            // Each token's raw list is freed as soon as it is encoded.
            let postings = term_postings(a, &raw.docs);
            let mut s = String::with_capacity(postings.len() * 5);
            let mut prev = 0u32;
            for p in &postings {
                push_number(&mut s, (p.doc - prev) as u64);
                prev = p.doc;
                push_number(&mut s, p.weight as u64);
                push_number(&mut s, p.cls as u64);
                push_number(&mut s, dept_codes[p.doc as usize]);
            }
            (term, query::idf(raw.df, a.n), raw.df, s)
        })
        .collect();
    encoded.sort_by(|x, y| x.0.cmp(y.0));
    started.report("搜索：编码倒排");
    // Terms whose postings are long (common terms) get a file of their own, so that no shard
    // is much larger than `SHARD_BYTES` and a query fetches a long list only when it needs it.
    let mut big: Vec<&str> = Vec::new();
    let is_exact = |t: &str| t.starts_with(analyzer::EXACT_MARK);
    let size = |want_exact: bool| -> usize {
        encoded
            .iter()
            .filter(|e| e.3.len() <= BIG_TERM && is_exact(e.0) == want_exact)
            .map(|(t, _, _, s)| t.len() + s.len() + 20)
            .sum()
    };
    let shards = size(false).div_ceil(SHARD_BYTES).clamp(1, 1 << 16) as u32;
    let exact_shards = size(true).div_ceil(EXACT_BYTES).clamp(1, 1 << 16) as u32;
    let mut by_shard: Vec<BTreeMap<&str, (u32, u32, Stored)>> = vec![BTreeMap::new(); shards as usize];
    let mut by_exact: Vec<BTreeMap<&str, (u32, u32, Stored)>> = vec![BTreeMap::new(); exact_shards as usize];
    for (t, idf, df, s) in &encoded {
        let postings = if s.len() > BIG_TERM {
            big.push(s.as_str());
            Stored::File(big.len() as u32 - 1)
        } else {
            Stored::Inline(s.as_str())
        };
        if is_exact(t) {
            by_exact[shard_of(t, exact_shards) as usize].insert(t.as_str(), (*idf, *df, postings));
        } else {
            by_shard[shard_of(t, shards) as usize].insert(t.as_str(), (*idf, *df, postings));
        }
    }
    let label_chunks = site.bodies.len().div_ceil(LABEL_CHUNK).max(1);
    let dirs: Vec<String> =
        ["meta.json", "shards/0.json", "exact/0.json", "docs/0.json", "labels/0.json", "terms/0.json", "pinyin/0.json"]
            .map(|f| format!("{}{f}", urls::SEARCH_DIR))
            .into();
    out.create_dirs(&dirs.iter().map(String::as_str).collect::<Vec<_>>())?;
    let bytes = std::sync::atomic::AtomicUsize::new(0);
    let put = |path: String, text: String| -> std::io::Result<()> {
        bytes.fetch_add(text.len(), std::sync::atomic::Ordering::Relaxed);
        out.write(&path, text.as_bytes())
    };
    by_shard.par_iter().enumerate().try_for_each(|(i, m)| {
        put(format!("{}shards/{i}.json", urls::SEARCH_DIR), serde_json::to_string(m).map_err(io)?)
    })?;
    by_exact.par_iter().enumerate().try_for_each(|(i, m)| {
        put(format!("{}exact/{i}.json", urls::SEARCH_DIR), serde_json::to_string(m).map_err(io)?)
    })?;
    big.par_iter().enumerate().try_for_each(|(i, s)| {
        put(format!("{}terms/{i}.json", urls::SEARCH_DIR), serde_json::to_string(s).map_err(io)?)
    })?;
    docs.par_chunks(DOC_CHUNK).enumerate().try_for_each(|(i, chunk)| {
        let records: Vec<&str> = chunk.iter().map(|d| d.record.as_str()).collect();
        put(format!("{}docs/{i}.json", urls::SEARCH_DIR), format!("[{}]", records.join(",")))
    })?;
    for i in 0..label_chunks {
        let labels: Vec<[&str; 2]> = site
            .bodies
            .iter()
            .skip(i * LABEL_CHUNK)
            .take(LABEL_CHUNK)
            .map(|b| [b.code.value.as_str(), b.name.as_str()])
            .collect();
        put(format!("{}labels/{i}.json", urls::SEARCH_DIR), serde_json::to_string(&labels).map_err(io)?)?;
    }
    // First readings of characters, for the homophone fallback (fetched only when a query's
    // bigrams find nothing): per character, its syllable's index in `syllables` plus one, 0 for
    // none, as numbers.
    {
        use super::pinyin::{char_reading, syllables, READING_CHUNK, READING_END, READING_FIRST};
        let index: HashMap<&str, usize> = syllables().iter().enumerate().map(|(i, s)| (*s, i)).collect();
        for (n, start) in (READING_FIRST..READING_END).step_by(READING_CHUNK as usize).enumerate() {
            let mut text = String::new();
            for cp in start..(start + READING_CHUNK).min(READING_END) {
                let r = char::from_u32(cp).and_then(char_reading).and_then(|s| index.get(s));
                push_number(&mut text, r.map_or(0, |i| *i as u64 + 1));
            }
            put(format!("{}pinyin/{n}.json", urls::SEARCH_DIR), serde_json::to_string(&text).map_err(io)?)?;
        }
    }
    // Runs of documents by body.
    let mut runs = String::new();
    let (mut prev_start, mut prev_body) = (0u32, usize::MAX);
    for (i, d) in docs.iter().enumerate() {
        if d.body != prev_body {
            push_number(&mut runs, (i as u32 - prev_start) as u64);
            push_number(&mut runs, d.body as u64);
            prev_start = i as u32;
            prev_body = d.body;
        }
    }
    // Traditional forms of the simplified characters present in the index.
    let present: BTreeSet<char> = a
        .memo
        .terms
        .iter()
        .filter_map(|t| {
            let mut c = t.chars();
            match (c.next(), c.next()) {
                (Some(ch), None) if analyzer::is_cjk(ch) => Some(ch),
                _ => None,
            }
        })
        .collect();
    let mut pairs: Vec<(char, char)> =
        analyzer::t2s_table().iter().filter(|(_, s)| present.contains(s)).map(|(t, s)| (*t, *s)).collect();
    pairs.sort();
    let mut dups = String::new();
    let mut prev = 0u32;
    for &(d, first) in &a.dups {
        push_number(&mut dups, (d - prev) as u64);
        push_number(&mut dups, (d - first) as u64);
        prev = d;
    }
    let meta = Meta {
        v: VERSION,
        n: a.n,
        shards,
        exact_shards,
        chunk: DOC_CHUNK,
        label_chunk: LABEL_CHUNK,
        cap: query::CAP,
        bodies: site.bodies.len(),
        mark: analyzer::INITIALS_MARK,
        classes: &a.classes,
        runs,
        syllables: super::pinyin::syllables().join(" "),
        t2s: pairs.iter().flat_map(|(t, s)| [*t, *s]).collect(),
        dept_sets,
        dups,
    };
    put(format!("{}meta.json", urls::SEARCH_DIR), serde_json::to_string(&meta).map_err(io)?)?;
    Ok(Summary { docs: docs.len(), terms: encoded.len(), shards, bytes: bytes.into_inner() })
}

/// Reads the static index back (tests, and checking that the terminal and the browser agree):
/// a term's idf and decoded postings as ranking sees them.
pub fn read_term(dir: &std::path::Path, term: &str) -> std::io::Result<query::Term> {
    let meta: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json"))?)?;
    let shard: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join(term_file(&meta, term)))?)?;
    let Some(entry) = shard.get(term) else { return Ok(query::Term::default()) };
    let postings = match &entry[2] {
        serde_json::Value::Number(n) => {
            serde_json::from_str::<String>(&std::fs::read_to_string(dir.join(format!("terms/{n}.json")))?)?
        }
        v => v.as_str().unwrap_or("").to_string(),
    };
    let numbers = read_numbers(&postings);
    let mut postings = Vec::new();
    let mut doc = 0u32;
    for p in numbers.chunks(4) {
        doc += p[0] as u32;
        postings.push(Posting { doc, weight: p[1] as u32, cls: p[2] as u32 });
    }
    let (idf, df) = (entry[0].as_u64().unwrap_or(0) as u32, entry[1].as_u64().unwrap_or(0) as u32);
    Ok(query::Term { idf, df, postings, ..Default::default() })
}

/// The file that holds a term: `exact/<n>.json` for exact keys, else `shards/<n>.json`.
fn term_file(meta: &serde_json::Value, term: &str) -> String {
    if term.starts_with(analyzer::EXACT_MARK) {
        format!("exact/{}.json", shard_of(term, meta["exactShards"].as_u64().unwrap_or(1) as u32))
    } else {
        format!("shards/{}.json", shard_of(term, meta["shards"].as_u64().unwrap_or(1) as u32))
    }
}

/// The near-duplicate map of the static index in `dir` (`meta.json`'s `dups`).
pub fn read_dups(dir: &std::path::Path) -> std::io::Result<std::collections::HashMap<u32, u32>> {
    let meta: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json"))?)?;
    let numbers = read_numbers(meta["dups"].as_str().unwrap_or(""));
    let mut out = std::collections::HashMap::new();
    let mut doc = 0u32;
    for p in numbers.chunks_exact(2) {
        doc += p[0] as u32;
        out.insert(doc, doc - p[1] as u32);
    }
    Ok(out)
}

/// The departments (body indexes) of each document in a term's postings, decoded as the
/// browser's department facet does: (document, departments).
pub fn read_departments(dir: &std::path::Path, term: &str) -> std::io::Result<Vec<(u32, Vec<usize>)>> {
    let meta: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json"))?)?;
    let bodies = meta["bodies"].as_u64().unwrap_or(0);
    let shard: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join(term_file(&meta, term)))?)?;
    let Some(entry) = shard.get(term) else { return Ok(Vec::new()) };
    let postings = match &entry[2] {
        serde_json::Value::Number(n) => {
            serde_json::from_str::<String>(&std::fs::read_to_string(dir.join(format!("terms/{n}.json")))?)?
        }
        v => v.as_str().unwrap_or("").to_string(),
    };
    let mut doc = 0u32;
    let mut out = Vec::new();
    for p in read_numbers(&postings).chunks(4) {
        let [gap, _, _, code] = p else { break };
        doc += *gap as u32;
        let depts = match *code {
            0 => Vec::new(),
            n if n <= bodies => vec![n as usize - 1],
            n => meta["deptSets"][(n - bodies - 1) as usize]
                .as_array()
                .map(|set| set.iter().filter_map(|d| d.as_u64()).map(|d| d as usize).collect())
                .unwrap_or_default(),
        };
        out.push((doc, depts));
    }
    Ok(out)
}

/// Searches the static index in `dir` (the website's `search/`), as the browser does.
pub fn static_search(dir: &std::path::Path, q: &str) -> std::io::Result<query::Outcome> {
    let dups = read_dups(dir)?;
    query::search(&analyzer::plan(q), &dups, |t| read_term(dir, t))
}

/// The ranked (folded) results of a query on the static index in `dir`.
pub fn static_hits(dir: &std::path::Path, q: &str) -> std::io::Result<Vec<query::Hit>> {
    Ok(static_search(dir, q)?.results.into_iter().map(|f| f.hit).collect())
}

/// The result record of document `doc` in the static index in `dir`.
pub fn read_record(dir: &std::path::Path, doc: u32) -> std::io::Result<serde_json::Value> {
    let chunk: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(format!("docs/{}.json", doc as usize / DOC_CHUNK)))?)?;
    Ok(chunk[doc as usize % DOC_CHUNK].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        let mut s = String::new();
        for v in [0u64, 1, 31, 32, 1000, 1 << 40] {
            push_number(&mut s, v);
        }
        assert_eq!(read_numbers(&s), vec![0, 1, 31, 32, 1000, 1 << 40]);
        assert_eq!(shard_of("低保", 1), 0);
    }
}

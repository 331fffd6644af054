//! Ranking, shared by every place that ranks: the static browser index is built with
//! `weight`, `idf` and `cap`; `qingdan search` ranks tantivy's candidates with `rank`; the
//! browser runtime (`search.js`) implements `rank` line for line, on the integers computed
//! here, so the terminal and the browser give the same results in the same order (a test
//! checks it). All arithmetic after the index is built is on integers: no floating-point
//! difference between Rust and JavaScript can reorder results.
//!
//! score(d) = Σ over query terms t matched by d of idf(t) × weight(t, d)
//! weight(t, d) = Σ over fields f of d containing t of boost(f) × BM25 length factor (tf = 1)
//! Results: documents matching the most query terms; among them, higher score first, then
//! lower id (source order).

/// Field boosts (`docs::NAME`, `PLACE`, `DEPT`, `OTHER`): names first, then where it is
/// handled and which department, then legal basis and other text.
pub const FIELD_BOOST: [f64; super::docs::FIELDS] = [8.0, 3.0, 2.0, 1.0];
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Postings kept per term: the `CAP` best-weighted documents (ties: lower id). Terms found in
/// more documents than this (行政, 中华, the commonest characters) keep only their best
/// postings, so no single term costs more than about 20 KB to download; their `df` stays the
/// true count, so idf is unaffected.
pub const CAP: usize = 4000;

/// The weight of a term in a document, from the fields that contain it (`mask`, bit f = field
/// f) and the length of those fields in units against the site's average.
pub fn weight(mask: u8, units: &[u32; super::docs::FIELDS], avg: &[f64; super::docs::FIELDS]) -> u32 {
    let mut w = 0.0;
    for f in 0..super::docs::FIELDS {
        if mask & (1 << f) != 0 {
            let len = units[f] as f64 / if avg[f] > 0.0 { avg[f] } else { 1.0 };
            w += FIELD_BOOST[f] * (K1 + 1.0) / (1.0 + K1 * (1.0 - B + B * len));
        }
    }
    ((w * 10.0).round() as u32).max(1)
}

/// Inverse document frequency (BM25's), times 100, at least 1.
pub fn idf(df: u32, n: u32) -> u32 {
    let (df, n) = (df as f64, n as f64);
    let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    ((idf * 100.0).round() as u32).max(1)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub weight: u32,
    /// The document's class (kind, part, 权力类型): see `diversify`.
    pub cls: u32,
}

/// One query term as looked up: its idf and its (capped) postings in id order.
#[derive(Clone, Debug, Default)]
pub struct Term {
    pub idf: u32,
    pub postings: Vec<Posting>,
}

/// Keeps the `CAP` best postings and puts them back in id order.
pub fn cap(postings: &mut Vec<Posting>) {
    if postings.len() > CAP {
        postings.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.doc.cmp(&b.doc)));
        postings.truncate(CAP);
    }
    postings.sort_by_key(|p| p.doc);
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    /// How many of the query's terms the document contains.
    pub matched: u32,
    pub score: u64,
    pub cls: u32,
}

/// Ranks documents for a query's terms (see the module documentation), then `diversify`.
pub fn rank(terms: &[Term]) -> Vec<Hit> {
    let mut acc: std::collections::HashMap<u32, Hit> = std::collections::HashMap::new();
    for t in terms {
        for p in &t.postings {
            let e = acc.entry(p.doc).or_insert(Hit { doc: p.doc, matched: 0, score: 0, cls: p.cls });
            e.matched += 1;
            e.score += t.idf as u64 * p.weight as u64;
        }
    }
    let best = acc.values().map(|h| h.matched).max().unwrap_or(0);
    let mut hits: Vec<Hit> = acc.into_values().filter(|h| h.matched == best).collect();
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.doc.cmp(&b.doc)));
    diversify(hits)
}

/// The same item, published by every township, scores the same in each; unchecked, one item
/// would fill the first page ten times over. So hits are dealt in rounds: first the best hit of
/// each (matched, score, class), in rank order; then the second of each; and so on. A citizen
/// sees the different items first, and the township facet picks their own.
pub fn diversify(hits: Vec<Hit>) -> Vec<Hit> {
    let mut seen: std::collections::HashMap<(u32, u64, u32), u32> = std::collections::HashMap::new();
    let mut dealt: Vec<(u32, usize, Hit)> = hits
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            let round = seen.entry((h.matched, h.score, h.cls)).or_insert(0);
            *round += 1;
            (*round, i, h)
        })
        .collect();
    dealt.sort_by_key(|(round, i, _)| (*round, *i));
    dealt.into_iter().map(|(_, _, h)| h).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_by_coverage_then_score_then_id() {
        let p = |doc, weight| Posting { doc, weight, cls: 0 };
        let terms = vec![
            Term { idf: 100, postings: vec![p(1, 10), p(2, 10), p(3, 50)] },
            Term { idf: 300, postings: vec![p(1, 10), p(2, 20)] },
        ];
        let hits = rank(&terms);
        assert_eq!(hits.iter().map(|h| h.doc).collect::<Vec<_>>(), vec![2, 1]);
        assert_eq!(hits[1].score, 4000);
    }

    #[test]
    fn deals_copies_of_one_item_in_rounds() {
        let p = |doc, weight| Posting { doc, weight, cls: 0 };
        let terms = vec![Term { idf: 100, postings: vec![p(1, 20), p(2, 20), p(3, 20), p(4, 10), p(5, 10)] }];
        let order: Vec<u32> = rank(&terms).iter().map(|h| h.doc).collect();
        assert_eq!(order, vec![1, 4, 2, 5, 3]);
    }

    #[test]
    fn short_names_weigh_more() {
        let avg = [10.0; 4];
        assert!(weight(1, &[4, 0, 0, 0], &avg) > weight(1, &[30, 0, 0, 0], &avg));
        assert!(weight(1, &[10; 4], &avg) > weight(2, &[10; 4], &avg));
        assert!(weight(2, &[10; 4], &avg) > weight(8, &[10; 4], &avg));
        assert!(idf(1, 1000) > idf(100, 1000));
    }
}

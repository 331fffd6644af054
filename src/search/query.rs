//! Ranking, shared by every place that ranks: the static browser index is built with
//! `weight`, `idf` and `cap`; `qingdan search` and the static index read from Rust rank with
//! `search`; the browser runtime (`search.js`) implements `search`, `rank`, `diversify` and
//! `fold` line for line, on the integers computed here, so the terminal and the browser give
//! the same results in the same order (a test checks it). All arithmetic after the index is
//! built is on integers: no floating-point difference between Rust and JavaScript can reorder
//! results.
//!
//! coverage(d) = the number of query positions covered by the terms d has (`QueryTerm::span`)
//! score(d) = Σ over query terms t matched by d of idf(t) × weight(t, d)
//! weight(t, d) = Σ over fields f of d containing t of boost(f) × BM25 length factor (tf = 1)
//! Results: every document with at least one term; exact key first, then higher coverage, then
//! higher score, then lower id (source order); copies dealt in rounds (`diversify`) and
//! near-duplicate titles of one body folded into one result (`fold`).

/// Field boosts (`docs::NAME`, `PLACE`, `DEPT`, `OTHER`, `DUTY`): names first, then where it
/// is handled and which department, then legal basis, then what the duty involves.
pub const FIELD_BOOST: [f64; super::docs::FIELDS] = [8.0, 3.0, 2.0, 1.0, 0.6];
const K1: f64 = 1.2;
/// BM25 length normalisation per field: weaker on names, so that a short name does not always
/// come first (耕地保护科 before 最低生活保障审核确认 for `dibao`).
const B: [f64; super::docs::FIELDS] = [0.6, 0.75, 0.75, 0.75, 0.75];

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
            w += FIELD_BOOST[f] * (K1 + 1.0) / (1.0 + K1 * (1.0 - B[f] + B[f] * len));
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

/// One query term as looked up: its idf, df and (capped) postings in id order, and what the
/// query plan says of it (`analyzer::QueryTerm`).
#[derive(Clone, Debug, Default)]
pub struct Term {
    pub idf: u32,
    pub df: u32,
    pub postings: Vec<Posting>,
    pub span: u32,
    pub group: u32,
    pub exact: bool,
}

/// Keeps the `CAP` best postings and puts them back in id order.
pub fn cap(postings: &mut Vec<Posting>) {
    if postings.len() > CAP {
        // The best `CAP` (a strict order: documents are unique), found without sorting them all.
        postings.select_nth_unstable_by(CAP - 1, |a, b| b.weight.cmp(&a.weight).then(a.doc.cmp(&b.doc)));
        postings.truncate(CAP);
    }
    postings.sort_unstable_by_key(|p| p.doc);
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    /// How many query positions the document's terms cover.
    pub matched: u32,
    pub score: u64,
    pub cls: u32,
    /// It has the exact key of the query (its name or code is the query).
    pub exact: bool,
}

/// Ranks documents for a query's terms (see the module documentation), then `diversify`.
pub fn rank(terms: &[Term]) -> Vec<Hit> {
    use std::collections::HashMap;
    // Initials groups: only documents with every term of the group count for it.
    let mut in_group: HashMap<(u32, u32), u32> = HashMap::new();
    let mut group_size: HashMap<u32, u32> = HashMap::new();
    for t in terms.iter().filter(|t| t.group != 0) {
        *group_size.entry(t.group).or_insert(0) += 1;
        for p in &t.postings {
            *in_group.entry((t.group, p.doc)).or_insert(0) += 1;
        }
    }
    let mut acc: HashMap<u32, (Hit, u32)> = HashMap::new();
    for t in terms {
        for p in &t.postings {
            if t.group != 0 && in_group.get(&(t.group, p.doc)) != group_size.get(&t.group) {
                continue;
            }
            let e = acc.entry(p.doc).or_insert((Hit { doc: p.doc, matched: 0, score: 0, cls: p.cls, exact: false }, 0));
            if t.exact {
                e.0.exact = true;
            } else {
                e.1 |= t.span;
                e.0.score += t.idf as u64 * p.weight as u64;
            }
        }
    }
    let mut hits: Vec<Hit> = acc
        .into_values()
        .map(|(mut h, mask)| {
            h.matched = mask.count_ones();
            h
        })
        .filter(|h| h.matched > 0 || h.exact)
        .collect();
    hits.sort_by(|a, b| {
        b.exact.cmp(&a.exact).then(b.matched.cmp(&a.matched)).then(b.score.cmp(&a.score)).then(a.doc.cmp(&b.doc))
    });
    diversify(hits)
}

/// The same item, published by every township, scores the same in each; unchecked, one item
/// would fill the first page ten times over. So hits are dealt in rounds: first the best hit of
/// each (exact, matched, score, class), in rank order; then the second of each; and so on. A
/// citizen sees the different items first, and the township facet picks their own.
pub fn diversify(hits: Vec<Hit>) -> Vec<Hit> {
    let mut seen: std::collections::HashMap<(bool, u32, u64, u32), u32> = std::collections::HashMap::new();
    let mut dealt: Vec<(u32, usize, Hit)> = hits
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            let round = seen.entry((h.exact, h.matched, h.score, h.cls)).or_insert(0);
            *round += 1;
            (*round, i, h)
        })
        .collect();
    dealt.sort_by_key(|(round, i, _)| (*round, *i));
    dealt.into_iter().map(|(_, _, h)| h).collect()
}

/// A result: the best-ranked document of a group of near-duplicates, and the others (variants).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folded {
    pub hit: Hit,
    pub variants: Vec<u32>,
}

/// Folds near-duplicate titles of one body (`dups`: document → the first document of its
/// group, for documents that are not the first) into the first of them in rank order.
pub fn fold(hits: Vec<Hit>, dups: &std::collections::HashMap<u32, u32>) -> Vec<Folded> {
    let mut at: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    let mut out: Vec<Folded> = Vec::new();
    for h in hits {
        let key = dups.get(&h.doc).copied().unwrap_or(h.doc);
        match at.get(&key) {
            Some(&i) => out[i].variants.push(h.doc),
            None => {
                at.insert(key, out.len());
                out.push(Folded { hit: h, variants: Vec::new() });
            }
        }
    }
    out
}

/// What a search found: the folded results, the terms looked up (text, df), and the fallback
/// used: 0 none, 1 homophones of bigrams nothing has, 2 single characters as well.
#[derive(Debug, Default)]
pub struct Outcome {
    pub results: Vec<Folded>,
    pub terms: Vec<(String, u32)>,
    pub fallback: u8,
}

/// The whole search: the plan's terms; homophones for the bigrams nothing has; when that finds
/// nothing, single characters; rank and fold. `lookup` gives a term's idf, df and postings.
pub fn search<E>(
    plan: &super::analyzer::Plan,
    dups: &std::collections::HashMap<u32, u32>,
    mut lookup: impl FnMut(&str) -> Result<Term, E>,
) -> Result<Outcome, E> {
    let mut terms: Vec<Term> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut get = |list: &[super::analyzer::QueryTerm], terms: &mut Vec<Term>, names: &mut Vec<String>| {
        for q in list {
            let mut t = lookup(&q.text)?;
            t.span = q.span;
            t.group = q.group;
            t.exact = q.exact;
            terms.push(t);
            names.push(q.text.clone());
        }
        Ok(())
    };
    get(&plan.terms, &mut terms, &mut names)?;
    let zero: std::collections::HashSet<&str> =
        names.iter().zip(&terms).filter(|(_, t)| t.df == 0).map(|(n, _)| n.as_str()).collect();
    let homophones = plan.homophones(&|t| zero.contains(t));
    let mut fallback = 0;
    if !homophones.is_empty() {
        let before = terms.len();
        get(&homophones, &mut terms, &mut names)?;
        if terms[before..].iter().any(|t| t.df > 0) {
            fallback = 1;
        }
    }
    let mut hits = rank(&terms);
    if hits.is_empty() {
        let unigrams = plan.unigrams();
        if !unigrams.is_empty() {
            get(&unigrams, &mut terms, &mut names)?;
            hits = rank(&terms);
            fallback = 2;
        }
    }
    Ok(Outcome {
        results: fold(hits, dups),
        terms: names.into_iter().zip(terms.iter().map(|t| t.df)).collect(),
        fallback,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cap` keeps what sorting every posting by weight kept, ties going to the lower id.
    #[test]
    fn cap_keeps_the_best_postings_in_id_order() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        // Few distinct weights, so that many ties sit at the cut.
        let all: Vec<Posting> = (0..3 * CAP as u32).map(|doc| Posting { doc, weight: next() % 50, cls: 0 }).collect();
        let mut expected = all.clone();
        expected.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.doc.cmp(&b.doc)));
        expected.truncate(CAP);
        expected.sort_by_key(|p| p.doc);
        let mut capped = all.clone();
        cap(&mut capped);
        let ids = |v: &[Posting]| v.iter().map(|p| (p.doc, p.weight)).collect::<Vec<_>>();
        assert_eq!(ids(&capped), ids(&expected));
        let mut short = all[..10].to_vec();
        short.reverse();
        cap(&mut short);
        assert_eq!(ids(&short), ids(&all[..10]));
    }

    #[test]
    fn ranks_by_coverage_then_score_then_id_and_keeps_partial_matches() {
        let p = |doc, weight| Posting { doc, weight, cls: 0 };
        let t = |idf, span, postings| Term { idf, df: 1, postings, span, group: 0, exact: false };
        let terms = vec![t(100, 0b011, vec![p(1, 10), p(2, 10), p(3, 50)]), t(300, 0b110, vec![p(1, 10), p(2, 20)])];
        let hits = rank(&terms);
        assert_eq!(hits.iter().map(|h| h.doc).collect::<Vec<_>>(), vec![2, 1, 3]);
        assert_eq!((hits[1].score, hits[1].matched, hits[2].matched), (4000, 3, 2));
        // A term over positions already covered adds score, not coverage.
        let terms =
            vec![t(100, 0b11, vec![p(1, 10), p(2, 10)]), t(100, 0b01, vec![p(2, 90)]), t(1, 0b100, vec![p(1, 1)])];
        assert_eq!(rank(&terms).iter().map(|h| h.doc).collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn exact_key_first_and_initials_all_or_nothing() {
        let p = |doc, weight| Posting { doc, weight, cls: 0 };
        let terms = vec![
            Term { idf: 500, df: 2, postings: vec![p(1, 90), p(2, 10)], span: 0b1, group: 0, exact: false },
            Term { idf: 100, df: 1, postings: vec![p(2, 10)], span: 0, group: 0, exact: true },
        ];
        assert_eq!(rank(&terms).iter().map(|h| h.doc).collect::<Vec<_>>(), vec![2, 1]);
        let g = |postings| Term { idf: 100, df: 1, postings, span: 0b111, group: 1, exact: false };
        let terms = vec![g(vec![p(1, 10), p(2, 10)]), g(vec![p(2, 10)])];
        assert_eq!(rank(&terms).iter().map(|h| h.doc).collect::<Vec<_>>(), vec![2]);
    }

    #[test]
    fn near_duplicates_fold_into_the_best_ranked() {
        let h = |doc| Hit { doc, matched: 1, score: 1, cls: 0, exact: false };
        let dups: std::collections::HashMap<u32, u32> = [(5, 2), (7, 2)].into_iter().collect();
        let folded = fold(vec![h(5), h(3), h(2), h(7)], &dups);
        assert_eq!(folded.len(), 2);
        assert_eq!((folded[0].hit.doc, folded[0].variants.clone()), (5, vec![2, 7]));
    }

    #[test]
    fn deals_copies_of_one_item_in_rounds() {
        let p = |doc, weight| Posting { doc, weight, cls: 0 };
        let postings = vec![p(1, 20), p(2, 20), p(3, 20), p(4, 10), p(5, 10)];
        let terms = vec![Term { idf: 100, df: 5, postings, span: 1, group: 0, exact: false }];
        let order: Vec<u32> = rank(&terms).iter().map(|h| h.doc).collect();
        assert_eq!(order, vec![1, 4, 2, 5, 3]);
    }

    #[test]
    fn short_names_weigh_more() {
        let avg = [10.0; 5];
        assert!(weight(1, &[4, 0, 0, 0, 0], &avg) > weight(1, &[30, 0, 0, 0, 0], &avg));
        assert!(weight(1, &[10; 5], &avg) > weight(2, &[10; 5], &avg));
        assert!(weight(2, &[10; 5], &avg) > weight(8, &[10; 5], &avg));
        assert!(weight(8, &[10; 5], &avg) > weight(16, &[10; 5], &avg), "basis over duties");
        assert!(idf(1, 1000) > idf(100, 1000));
    }
}

//! The one analyzer. Every text that enters the search index and every query goes through the
//! functions here: the tantivy tokenizer, the static browser index and `qingdan search` call
//! them, and `themes/default/static/search.js` mirrors `normalize` and `query_terms` exactly
//! (a test runs both on the same queries). The specification, in Chinese, is `docs/search.md`.
//!
//! 1. `normalize`: Unicode NFKC (full-width to half-width), traditional to simplified one
//!    character at a time (OpenCC's character table, via ferrous-opencc), ASCII lowercase, and
//!    `ü` to `v`.
//! 2. The normalized text is cut into runs: CJK runs (consecutive ideographs) and words
//!    (consecutive `[a-z0-9]`); everything else separates.
//! 3. Index side: every CJK character (unigram) and every pair of neighbours (bigram); every word
//!    as it is; and the tokens of the everyday words of the official terms it contains (the
//!    vocabulary, `vocab.rs`). Names (of items, matters, bodies, offices and windows) also get
//!    pinyin tokens (see `pinyin.rs`). Exact keys of names and codes get one token each.
//! 4. Query side (`plan`): a CJK run of one character gives its unigram, a longer run its
//!    bigrams only; ASCII words are read as pinyin or as initials; and the exact key of the
//!    whole query. Each term says which query positions it covers (ranking grades coverage).

use super::pinyin;
use rustc_hash::FxHashMap as HashMap;

/// Marks tokens made of pinyin initials (`~hy` for 婚姻), so that they never collide with
/// words or syllables.
pub const INITIALS_MARK: char = '~';

/// Marks the full pinyin of a vocabulary word present in a name (`^dibao` for 低保, see
/// `vocab::Vocab::words`): a pinyin query also looks it up, so that the word a citizen means
/// ranks above other characters read the same way (耕地保护 also reads `dibao`).
pub const LEXICON_MARK: char = '^';
/// Marks the key of an exact name or code (`exact_token`).
pub const EXACT_MARK: char = '=';
/// A field value starting with this character is an exact key (`docs.rs` adds one per name and
/// code): it is analysed to its `exact_token` only, and has no length.
pub const EXACT_VALUE: char = '\u{1}';
/// Query positions past this one count as this one (coverage is a 32-bit mask).
pub const MAX_POSITION: u32 = 31;

pub use super::text::{is_cjk, is_word_char, normalize, t2s, t2s_table};

/// A run of normalized text: CJK characters, or one ASCII word.
#[derive(Debug, PartialEq)]
pub enum Seg {
    Cjk(Vec<char>),
    Word(String),
}

/// Cuts normalized text into CJK runs and words; anything else separates.
pub fn segments(norm: &str) -> Vec<Seg> {
    let mut segs = Vec::new();
    let mut cjk: Vec<char> = Vec::new();
    let mut word = String::new();
    for c in norm.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                segs.push(Seg::Word(std::mem::take(&mut word)));
            }
            cjk.push(c);
        } else {
            if !cjk.is_empty() {
                segs.push(Seg::Cjk(std::mem::take(&mut cjk)));
            }
            if is_word_char(c) {
                word.push(c);
            } else if !word.is_empty() {
                segs.push(Seg::Word(std::mem::take(&mut word)));
            }
        }
    }
    if !cjk.is_empty() {
        segs.push(Seg::Cjk(cjk));
    }
    if !word.is_empty() {
        segs.push(Seg::Word(word));
    }
    segs
}

/// What analysing one field gives: its tokens (with repeats, in text order) and its length in
/// units (CJK characters plus words), which ranking uses to prefer short names.
#[derive(Debug, Default, Clone)]
pub struct FieldTokens {
    pub tokens: Vec<String>,
    pub units: u32,
}

/// The compact form of a text for exact matching: normalized, CJK characters and `[a-z0-9]`
/// only (`TX-XK-002` → `txxk002`, `农村村民宅基地审批` as it is).
pub fn compact(text: &str) -> String {
    normalize(text).chars().filter(|&c| is_cjk(c) || is_word_char(c)).collect()
}

/// FNV-1a over the UTF-16 code units of a text (shards and exact keys; the browser has the same).
pub fn fnv1a(text: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for u in text.encode_utf16() {
        h ^= u as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The token of an exact key: `=` and the hash of the compact text in base 32 (`ALPHABET`
/// digits of `shards::push_number`), so a long name costs a few characters.
pub fn exact_token(compact: &str) -> String {
    let mut s = String::with_capacity(8);
    s.push(EXACT_MARK);
    super::numbers::push_number(&mut s, fnv1a(compact) as u64);
    s
}

/// Index-side tokens of one text, with the everyday words of the official terms it contains
/// (`vocab`). `names` adds pinyin tokens (name fields only), and for each vocabulary word present
/// its full pinyin (`LEXICON_MARK`).
pub fn index_tokens(text: &str, names: bool, vocab: &super::vocab::Vocab, out: &mut FieldTokens) {
    if let Some(key) = text.strip_prefix(EXACT_VALUE) {
        if !key.is_empty() {
            out.tokens.push(exact_token(key));
        }
        return;
    }
    let norm = normalize(text);
    push_index_tokens(&norm, names, out);
    // Everyday words add tokens, not length: a name is not longer for having a nickname.
    let units = out.units;
    let aliases = vocab.aliases(&norm);
    for colloquial in &aliases {
        push_index_tokens(colloquial, names, out);
    }
    if names {
        let mut words = vocab.words(&norm);
        for a in &aliases {
            if !words.contains(a) && vocab.words(a).contains(a) {
                words.push(a);
            }
        }
        for w in words {
            let chars: Vec<char> = w.chars().collect();
            let syllables = pinyin::run_syllables(&chars);
            if syllables.iter().all(Option::is_some) {
                let mut t = String::from(LEXICON_MARK);
                syllables.iter().flatten().for_each(|s| t.push_str(s));
                out.tokens.push(t);
            }
        }
    }
    out.units = units;
}

fn push_index_tokens(norm: &str, names: bool, out: &mut FieldTokens) {
    for seg in segments(norm) {
        match seg {
            Seg::Cjk(chars) => {
                out.units += chars.len() as u32;
                for (i, c) in chars.iter().enumerate() {
                    out.tokens.push(c.to_string());
                    if let Some(next) = chars.get(i + 1) {
                        out.tokens.push([*c, *next].iter().collect());
                    }
                }
                if names {
                    pinyin_tokens(&chars, &mut out.tokens);
                }
            }
            Seg::Word(w) => {
                out.units += 1;
                out.tokens.push(w);
            }
        }
    }
}

/// Pinyin tokens of one CJK run: each syllable (`hun`), each pair of neighbouring syllables
/// written together (`hunyin`), and the initials of each two and three neighbours (`~hy`,
/// `~hyd`). A character without pinyin breaks the pairs.
fn pinyin_tokens(chars: &[char], out: &mut Vec<String>) {
    let syllables = pinyin::run_syllables(chars);
    for (i, s) in syllables.iter().enumerate() {
        let Some(s) = s else { continue };
        out.push(s.to_string());
        if let Some(Some(next)) = syllables.get(i + 1) {
            out.push(format!("{s}{next}"));
            let mut initials = String::with_capacity(4);
            initials.push(INITIALS_MARK);
            initials.push_str(&s[..1]);
            initials.push_str(&next[..1]);
            out.push(initials.clone());
            if let Some(Some(third)) = syllables.get(i + 2) {
                initials.push_str(&third[..1]);
                out.push(initials);
            }
        }
    }
}

/// One term a query looks up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    pub text: String,
    /// The query positions it covers: bit i for unit i (a CJK character, a pinyin syllable, a
    /// letter of initials, a word), units past `MAX_POSITION` as that one.
    pub span: u32,
    /// Non-zero for the initials of one typed word (`hydj` → `~hyd`, `~ydj`): a document counts
    /// for them only if it has all of them.
    pub group: u32,
    /// The exact key of the whole query: documents with it come first.
    pub exact: bool,
    /// For a CJK bigram: its characters (the homophone fallback reads them).
    pub pair: Option<[char; 2]>,
}

/// What a query looks up: its terms, and its CJK characters with their positions (for the
/// single-character fallback).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub terms: Vec<QueryTerm>,
    pub chars: Vec<(char, u32)>,
}

fn bit(pos: u32) -> u32 {
    1 << pos.min(MAX_POSITION)
}

fn bits(from: u32, len: u32) -> u32 {
    (from..from + len).fold(0, |m, p| m | bit(p))
}

impl Plan {
    fn push(&mut self, text: String, span: u32, group: u32, pair: Option<[char; 2]>) {
        match self.terms.iter_mut().find(|t| t.text == text) {
            Some(t) => t.span |= span,
            None => self.terms.push(QueryTerm { text, span, group, exact: false, pair }),
        }
    }

    /// Homophones of the bigrams no document has (`df_zero`) and whose characters the found
    /// terms do not already cover: the two first readings written together (`宅鸡地` → `zhaiji`),
    /// which name fields index. Terms already in the plan are left out.
    pub fn homophones(&self, df_zero: &dyn Fn(&str) -> bool) -> Vec<QueryTerm> {
        let covered = self.terms.iter().filter(|t| !t.exact && !df_zero(&t.text)).fold(0, |m, t| m | t.span);
        let mut out: Vec<QueryTerm> = Vec::new();
        for t in &self.terms {
            let Some([a, b]) = t.pair else { continue };
            if !df_zero(&t.text) || t.span & !covered == 0 {
                continue;
            }
            if let (Some(x), Some(y)) = (pinyin::char_reading(a), pinyin::char_reading(b)) {
                let text = format!("{x}{y}");
                if !self.terms.iter().chain(&out).any(|u| u.text == text) {
                    out.push(QueryTerm { text, span: t.span, group: 0, exact: false, pair: None });
                }
            }
        }
        out
    }

    /// The single characters of CJK runs of two or more, for when nothing else is found.
    pub fn unigrams(&self) -> Vec<QueryTerm> {
        let mut out: Vec<QueryTerm> = Vec::new();
        for &(c, pos) in &self.chars {
            let text = c.to_string();
            match out.iter_mut().find(|t| t.text == text) {
                Some(t) => t.span |= bit(pos),
                None if !self.terms.iter().any(|t| t.text == text) => {
                    out.push(QueryTerm { text, span: bit(pos), group: 0, exact: false, pair: None })
                }
                None => {}
            }
        }
        out
    }
}

/// The terms a query looks up, in order, without repeats (`plan` says what each covers).
pub fn query_terms(query: &str) -> Vec<String> {
    plan(query).terms.into_iter().map(|t| t.text).collect()
}

/// The query plan.
///
/// - A CJK run of one character: that character. Longer: its bigrams (so `宅基地` looks up
///   宅基 and 基地, never the very common 地).
/// - Consecutive ASCII words that are all pinyin (each splits into syllables, see
///   `pinyin::split`) form one pinyin run: one syllable looks up itself, more look up each pair
///   of neighbouring syllables written together (`zhaijidi` → `zhaiji`, `jidi`; `di bao` and
///   `dibao` → `dibao`) and the whole run as a vocabulary word (`^dibao`). A word of two or more
///   syllables is also looked up as it is.
/// - Any other word is looked up as it is and, if it has two or more letters and no digit, as
///   initials: two letters as a pair (`~xk`), more as each three neighbouring letters, all of
///   which a document must have (`hydj` → `~hyd`, `~ydj`).
/// - Last, the exact key of the whole query (`exact_token`).
pub fn plan(query: &str) -> Plan {
    let norm = normalize(query);
    let mut plan = Plan::default();
    let mut pos: u32 = 0;
    let mut group: u32 = 0;
    // The pending pinyin run: (word, syllables, first position).
    let mut run: Vec<(String, Vec<&'static str>, u32)> = Vec::new();
    fn flush(plan: &mut Plan, run: &mut Vec<(String, Vec<&'static str>, u32)>) {
        let syllables: Vec<(&str, u32)> =
            run.iter().flat_map(|(_, s, p)| s.iter().enumerate().map(move |(i, x)| (*x, p + i as u32))).collect();
        if syllables.len() == 1 {
            plan.push(syllables[0].0.to_string(), bit(syllables[0].1), 0, None);
        } else if syllables.len() > 1 {
            for (word, s, p) in run.iter() {
                if s.len() >= 2 {
                    plan.push(word.clone(), bits(*p, s.len() as u32), 0, None);
                }
            }
            for pair in syllables.windows(2) {
                plan.push(format!("{}{}", pair[0].0, pair[1].0), bit(pair[0].1) | bit(pair[1].1), 0, None);
            }
            let whole: String = syllables.iter().map(|s| s.0).collect();
            let span = syllables.iter().fold(0, |m, s| m | bit(s.1));
            plan.push(format!("{LEXICON_MARK}{whole}"), span, 0, None);
        }
        run.clear();
    }
    for seg in segments(&norm) {
        match seg {
            Seg::Cjk(chars) => {
                flush(&mut plan, &mut run);
                if chars.len() == 1 {
                    plan.push(chars[0].to_string(), bit(pos), 0, None);
                } else {
                    for (i, pair) in chars.windows(2).enumerate() {
                        let p = pos + i as u32;
                        plan.push(pair.iter().collect(), bit(p) | bit(p + 1), 0, Some([pair[0], pair[1]]));
                    }
                    plan.chars.extend(chars.iter().enumerate().map(|(i, c)| (*c, pos + i as u32)));
                }
                pos += chars.len() as u32;
            }
            Seg::Word(w) => {
                let letters = w.chars().all(|c| c.is_ascii_lowercase());
                match if letters { pinyin::split(&w) } else { None } {
                    Some(syllables) => {
                        let n = syllables.len() as u32;
                        run.push((w, syllables, pos));
                        pos += n;
                    }
                    None => {
                        flush(&mut plan, &mut run);
                        let n = if letters { w.len() as u32 } else { 1 };
                        plan.push(w.clone(), bits(pos, n), 0, None);
                        if letters && w.len() == 2 {
                            plan.push(format!("{INITIALS_MARK}{w}"), bits(pos, 2), 0, None);
                        } else if letters && w.len() > 2 {
                            group += 1;
                            for i in 0..w.len() - 2 {
                                let t = format!("{INITIALS_MARK}{}", &w[i..i + 3]);
                                plan.push(t, bits(pos + i as u32, 3), group, None);
                            }
                        }
                        pos += n;
                    }
                }
            }
        }
    }
    flush(&mut plan, &mut run);
    let key = compact(query);
    if !key.is_empty() {
        plan.terms.push(QueryTerm { text: exact_token(&key), span: 0, group: 0, exact: true, pair: None });
    }
    plan
}

/// Field values analysed earlier in the same build, so that tantivy reads the tokens instead of
/// analysing again: token texts by id, and the token ids of each distinct value, without
/// (`values[0]`) and with (`values[1]`) name tokens.
#[derive(Default)]
pub struct Memo {
    pub terms: Vec<String>,
    pub values: [HashMap<String, Vec<u32>>; 2],
}

/// The analyzer as a tantivy tokenizer: `names` selects the name-field variant; `memo`, when
/// given, holds analyses already made by this same analyzer.
#[derive(Clone)]
pub struct Tokenizer {
    pub names: bool,
    pub memo: Option<std::sync::Arc<Memo>>,
}

enum Source<'a> {
    Memo(&'a [u32], &'a [String]),
    Owned(Vec<String>),
}

pub struct TokenStream<'a> {
    source: Source<'a>,
    next: usize,
    token: tantivy::tokenizer::Token,
}

impl tantivy::tokenizer::Tokenizer for Tokenizer {
    type TokenStream<'a> = TokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokenStream<'a> {
        let memo = self.memo.as_deref().and_then(|m| Some((m.values[self.names as usize].get(text)?, &m.terms)));
        let source = match memo {
            Some((ids, terms)) => Source::Memo(ids, terms),
            None => {
                let mut field = FieldTokens::default();
                index_tokens(text, self.names, super::vocab::Vocab::builtin(), &mut field);
                Source::Owned(field.tokens)
            }
        };
        TokenStream { source, next: 0, token: tantivy::tokenizer::Token::default() }
    }
}

impl tantivy::tokenizer::TokenStream for TokenStream<'_> {
    fn advance(&mut self) -> bool {
        let text = match &self.source {
            Source::Memo(ids, terms) => ids.get(self.next).map(|&i| terms[i as usize].as_str()),
            Source::Owned(tokens) => tokens.get(self.next).map(String::as_str),
        };
        let Some(text) = text else { return false };
        self.token.text.clear();
        self.token.text.push_str(text);
        self.token.position = self.next;
        self.next += 1;
        true
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str, names: bool) -> Vec<String> {
        let mut f = FieldTokens::default();
        index_tokens(text, names, crate::search::vocab::Vocab::builtin(), &mut f);
        f.tokens
    }

    #[test]
    fn normalizes_width_script_and_case() {
        assert_eq!(normalize("ＨＹＤＪ　婚姻登記"), "hydj 婚姻登记");
        assert_eq!(normalize("Lü"), "lv");
    }

    #[test]
    fn cjk_unigrams_and_bigrams() {
        assert_eq!(tokens("低保，秸秆", false), vec!["低", "低保", "保", "秸", "秸秆", "秆"]);
        assert_eq!(tokens("第119条", false), vec!["第", "119", "条"]);
    }

    #[test]
    fn names_get_pinyin_and_initials() {
        let t = tokens("婚姻登记", true);
        for want in ["hun", "hunyin", "~hy", "~hyd", "yindeng", "~yd", "~ydj", "dengji", "~dj", "ji"] {
            assert!(t.contains(&want.to_string()), "{want} missing from {t:?}");
        }
        let t = tokens("最低生活保障审核确认", true);
        assert!(t.contains(&"低保".to_string()) && t.contains(&"^dibao".to_string()), "{t:?}");
        assert!(!tokens("耕地保护科", true).contains(&"^dibao".to_string()));
        assert_eq!(tokens("\u{1}txxk002", false), vec![exact_token("txxk002")]);
    }

    #[test]
    fn the_tantivy_tokenizer_is_the_analyzer() {
        use tantivy::tokenizer::{TokenStream as _, Tokenizer as _};
        let text = "对露天焚烧秸秆、落叶等产生烟尘污染物质的处罚（第119条）";
        for names in [false, true] {
            let mut memo = Memo::default();
            let expected = tokens(text, names);
            memo.terms = expected.clone();
            memo.values[names as usize].insert(text.to_string(), (0..expected.len() as u32).collect());
            for memo in [None, Some(std::sync::Arc::new(memo))] {
                let mut tokenizer = Tokenizer { names, memo };
                let mut stream = tokenizer.token_stream(text);
                let mut got = Vec::new();
                while stream.advance() {
                    got.push(stream.token().text.clone());
                }
                assert_eq!(got, expected);
            }
        }
    }

    #[test]
    fn query_terms_follow_the_specification() {
        let terms = |q: &str| {
            let mut t = query_terms(q);
            assert_eq!(t.pop(), Some(exact_token(&compact(q))), "the exact key comes last");
            t
        };
        assert_eq!(terms("低"), vec!["低"]);
        assert_eq!(terms("宅基地"), vec!["宅基", "基地"]);
        assert_eq!(terms("婚姻登記"), vec!["婚姻", "姻登", "登记"]);
        assert_eq!(terms("dibao"), vec!["dibao", "^dibao"]);
        assert_eq!(terms("di bao"), vec!["dibao", "^dibao"]);
        assert_eq!(terms("zhaijidi"), vec!["zhaijidi", "zhaiji", "jidi", "^zhaijidi"]);
        assert_eq!(terms("hydj"), vec!["hydj", "~hyd", "~ydj"]);
        assert_eq!(terms("XK 2021"), vec!["xk", "~xk", "2021"]);
        assert!(query_terms(" ，").is_empty());
        let p = plan("办理低保 hydj");
        let span = |t: &str| p.terms.iter().find(|x| x.text == t).unwrap().span;
        assert_eq!((span("办理"), span("理低"), span("低保")), (0b11, 0b110, 0b1100));
        assert_eq!(span("~ydj"), 0b1110_0000);
        assert!(p.terms.iter().filter(|t| t.text.starts_with('~')).all(|t| t.group == 1));
    }
}

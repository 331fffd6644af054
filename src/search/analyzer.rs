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
//!    as it is; and the tokens of the colloquial names of `ALIASES`. Names (of items, matters,
//!    bodies, offices and windows) also get pinyin tokens (see `pinyin.rs`).
//! 4. Query side (`query_terms`): a CJK run of one character gives its unigram, a longer run its
//!    bigrams only; ASCII words are read as pinyin or as initials (see `query_terms`).

use super::pinyin;
use std::collections::HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// Marks tokens made of pinyin initials (`~hy` for 婚姻), so that they never collide with
/// words or syllables.
pub const INITIALS_MARK: char = '~';

/// Colloquial and short names a citizen types for official ones: when an indexed value
/// contains the official phrase (left), the tokens of the colloquial ones (right) are added to
/// the same field. Index side only, so the browser needs no copy of this table.
pub const ALIASES: &[(&str, &str)] = &[
    ("最低生活保障", "低保"),
    ("城乡居民基本养老保险", "养老保险 城乡居保"),
    ("城乡居民基本医疗保险", "医保 医疗保险"),
    ("新型农村合作医疗", "新农合"),
    ("生育登记", "准生证 生育服务证"),
    ("计划生育", "计生"),
    ("特困人员", "五保"),
    ("残疾人", "残疾"),
    ("高龄津贴", "高龄补贴 老年补贴"),
    ("退役军人", "退伍军人"),
    ("个体工商户", "个体户"),
    ("宅基地", "建房"),
    ("乡村建设规划许可", "建房许可"),
    ("露天焚烧", "禁烧"),
    ("森林防火", "防火 山火"),
    ("殡葬", "丧葬"),
    ("遗体", "丧葬"),
    ("土葬", "丧葬"),
    ("建筑垃圾", "渣土"),
    ("户外广告", "广告牌 招牌"),
    ("占道经营", "摆摊"),
    ("城市生活垃圾", "垃圾"),
    ("无照经营", "无证经营"),
    ("村民自治章程", "村规民约"),
    ("犬", "狗 养狗"),
    ("违法建设", "违建"),
    ("违法建筑", "违建"),
    ("社会保障卡", "社保卡"),
    ("畜禽", "猪 牛 羊 鸡"),
    ("病媒生物", "灭鼠 蚊蝇"),
    // Short names of county departments (部门简称)
    ("住房和城乡建设", "住建"),
    ("人力资源和社会保障", "人社"),
    ("市场监督管理", "市场监管"),
    ("自然资源和规划", "自然资源 规划局"),
    ("生态环境", "环保"),
    ("综合行政执法", "城管"),
    ("卫生健康", "卫健"),
    ("医疗保障", "医保"),
    ("退役军人事务", "退役军人"),
    ("机构编制委员会办公室", "编办"),
    ("残疾人联合会", "残联"),
];

/// Whether `c` is a CJK ideograph (after normalization). 〇 counts, as in 二〇二五.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x323AF)
}

/// OpenCC's traditional-to-simplified character table (only the characters that change),
/// built once from ferrous-opencc by converting each CJK character on its own.
pub fn t2s_table() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let cc = ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s)
            .expect("ferrous-opencc's built-in t2s configuration");
        let ranges = [0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF, 0x20000..=0x2A6DF];
        let mut map = HashMap::new();
        let mut buf = String::new();
        for range in ranges {
            for cp in range {
                let Some(c) = char::from_u32(cp) else { continue };
                buf.clear();
                buf.push(c);
                let s = cc.convert(&buf);
                let mut it = s.chars();
                if let (Some(first), None) = (it.next(), it.next()) {
                    if first != c {
                        map.insert(c, first);
                    }
                }
            }
        }
        map
    })
}

/// Traditional to simplified for one character (unchanged when OpenCC has no entry).
pub fn t2s(c: char) -> char {
    t2s_table().get(&c).copied().unwrap_or(c)
}

/// NFKC, traditional to simplified, ASCII lowercase, `ü` to `v`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkc() {
        let c = match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'ü' | 'Ü' => 'v',
            c if is_cjk(c) => t2s(c),
            c => c,
        };
        out.push(c);
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

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

/// Index-side tokens of one text, with its aliases' tokens. `names` adds pinyin tokens (name
/// fields only).
pub fn index_tokens(text: &str, names: bool, out: &mut FieldTokens) {
    let norm = normalize(text);
    push_index_tokens(&norm, names, out);
    for (official, colloquial) in ALIASES {
        if norm.contains(official) {
            // Aliases add tokens, not length: a name is not longer for having a nickname.
            let units = out.units;
            push_index_tokens(colloquial, names, out);
            out.units = units;
        }
    }
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
/// written together (`hunyin`), and each pair of neighbouring initials (`~hy`). A character
/// without pinyin breaks the pairs.
fn pinyin_tokens(chars: &[char], out: &mut Vec<String>) {
    let syllables = pinyin::run_syllables(chars);
    for (i, s) in syllables.iter().enumerate() {
        let Some(s) = s else { continue };
        out.push(s.to_string());
        if let Some(Some(next)) = syllables.get(i + 1) {
            out.push(format!("{s}{next}"));
            let mut initials = String::with_capacity(3);
            initials.push(INITIALS_MARK);
            initials.push_str(&s[..1]);
            initials.push_str(&next[..1]);
            out.push(initials);
        }
    }
}

/// The terms a query looks up, in order, without repeats.
///
/// - A CJK run of one character: that character. Longer: its bigrams (so `宅基地` looks up
///   宅基 and 基地, never the very common 地).
/// - Consecutive ASCII words that are all pinyin (each splits into syllables, see
///   `pinyin::split`) form one pinyin run: one syllable looks up itself, more look up each pair
///   of neighbouring syllables written together (`zhaijidi` → `zhaiji`, `jidi`; `di bao` and
///   `dibao` → `dibao`). A word of two or more syllables is also looked up as it is.
/// - Any other word is looked up as it is and, if it has two or more letters and no digit, as
///   initials: each pair of neighbouring letters (`hydj` → `~hy`, `~yd`, `~dj`).
pub fn query_terms(query: &str) -> Vec<String> {
    let norm = normalize(query);
    let mut terms: Vec<String> = Vec::new();
    let mut run: Vec<(String, Vec<&'static str>)> = Vec::new();
    fn push(terms: &mut Vec<String>, t: String) {
        if !terms.contains(&t) {
            terms.push(t);
        }
    }
    fn flush(terms: &mut Vec<String>, run: &mut Vec<(String, Vec<&'static str>)>) {
        let syllables: Vec<&str> = run.iter().flat_map(|(_, s)| s.iter().copied()).collect();
        if syllables.len() == 1 {
            push(terms, syllables[0].to_string());
        } else {
            for (word, s) in run.iter() {
                if s.len() >= 2 {
                    push(terms, word.clone());
                }
            }
            for pair in syllables.windows(2) {
                push(terms, format!("{}{}", pair[0], pair[1]));
            }
        }
        run.clear();
    }
    for seg in segments(&norm) {
        match seg {
            Seg::Cjk(chars) => {
                flush(&mut terms, &mut run);
                if chars.len() == 1 {
                    push(&mut terms, chars[0].to_string());
                } else {
                    for pair in chars.windows(2) {
                        push(&mut terms, pair.iter().collect());
                    }
                }
            }
            Seg::Word(w) => {
                let letters = w.chars().all(|c| c.is_ascii_lowercase());
                match if letters { pinyin::split(&w) } else { None } {
                    Some(syllables) => run.push((w, syllables)),
                    None => {
                        flush(&mut terms, &mut run);
                        push(&mut terms, w.clone());
                        if letters && w.len() >= 2 {
                            let b = w.as_bytes();
                            for pair in b.windows(2) {
                                push(&mut terms, format!("{INITIALS_MARK}{}{}", pair[0] as char, pair[1] as char));
                            }
                        }
                    }
                }
            }
        }
    }
    flush(&mut terms, &mut run);
    terms
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
                index_tokens(text, self.names, &mut field);
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
        index_tokens(text, names, &mut f);
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
        for want in ["hun", "hunyin", "~hy", "yindeng", "~yd", "dengji", "~dj", "ji"] {
            assert!(t.contains(&want.to_string()), "{want} missing from {t:?}");
        }
        assert!(tokens("最低生活保障审核确认", true).contains(&"低保".to_string()));
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
        assert_eq!(query_terms("低"), vec!["低"]);
        assert_eq!(query_terms("宅基地"), vec!["宅基", "基地"]);
        assert_eq!(query_terms("婚姻登記"), vec!["婚姻", "姻登", "登记"]);
        assert_eq!(query_terms("dibao"), vec!["dibao"]);
        assert_eq!(query_terms("di bao"), vec!["dibao"]);
        assert_eq!(query_terms("zhaijidi"), vec!["zhaijidi", "zhaiji", "jidi"]);
        assert_eq!(query_terms("hydj"), vec!["hydj", "~hy", "~yd", "~dj"]);
        assert_eq!(query_terms("XK 2021"), vec!["xk", "~xk", "2021"]);
    }
}

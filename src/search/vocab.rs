//! The vocabulary layer: citizens' words for official terms. The reviewed table is
//! `vocabulary.tsv` (domain, everyday words, official term, source or reason, one entry a line);
//! a build adds what the lists themselves say (`derive`: "城乡居民基本养老保险（城乡居保）",
//! "（以下简称“低保”）"). Index side only: a field containing an official term also gets the
//! tokens of its everyday words, so the browser needs no copy of the table. See `docs/search.md`.

use super::text::{is_cjk, normalize};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The reviewed table, in the repository beside this file.
pub const TABLE: &str = include_str!("vocabulary.tsv");

/// One line of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub line: usize,
    pub domain: String,
    pub everyday: Vec<String>,
    pub official: String,
    pub source: String,
}

/// The entries of `TABLE` (normalized), or the first malformed line.
pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [domain, everyday, official, source] = cols[..] else {
            return Err(format!(
                "vocabulary.tsv:{}: 应为四列（领域、群众说法、正式说法、来源或理由），用制表符分开",
                i + 1
            ));
        };
        let everyday: Vec<String> = everyday.split(' ').filter(|w| !w.is_empty()).map(normalize).collect();
        let official = normalize(official.trim());
        if everyday.is_empty() || official.is_empty() || source.trim().is_empty() {
            return Err(format!("vocabulary.tsv:{}: 群众说法、正式说法和来源都不能为空", i + 1));
        }
        out.push(Entry {
            line: i + 1,
            domain: domain.trim().to_string(),
            everyday,
            official,
            source: source.to_string(),
        });
    }
    Ok(out)
}

/// The built-in entries.
pub fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| parse(TABLE).unwrap_or_default())
}

/// Official terms (patterns) with their everyday words, and the lexicon of everyday words
/// whose full pinyin is indexed (see `analyzer::LEXICON_MARK`).
pub struct Vocab {
    officials: AhoCorasick,
    everyday: Vec<Vec<String>>,
    words: AhoCorasick,
    word_list: Vec<String>,
}

impl Vocab {
    /// The table alone.
    pub fn builtin() -> &'static Vocab {
        static V: OnceLock<Vocab> = OnceLock::new();
        V.get_or_init(|| Vocab::new(&[]))
    }

    /// The table and pairs (official, everyday) derived from a site's texts.
    pub fn new(derived: &[(String, String)]) -> Vocab {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let pairs = entries()
            .iter()
            .flat_map(|e| e.everyday.iter().map(move |w| (e.official.clone(), w.clone())))
            .chain(derived.iter().cloned());
        for (official, word) in pairs {
            let list = map.entry(official).or_default();
            if !list.contains(&word) {
                list.push(word);
            }
        }
        let (patterns, everyday): (Vec<String>, Vec<Vec<String>>) = map.into_iter().unzip();
        let mut word_list: Vec<String> = everyday
            .iter()
            .flatten()
            .filter(|w| (2..=4).contains(&w.chars().count()) && w.chars().all(is_cjk))
            .cloned()
            .collect();
        word_list.sort();
        word_list.dedup();
        let build = |p: &[String]| {
            AhoCorasick::builder().match_kind(MatchKind::Standard).build(p).expect("vocabulary patterns")
        };
        Vocab { officials: build(&patterns), everyday, words: build(&word_list), word_list }
    }

    /// The everyday words of the official terms found in `norm`, each once, in table order.
    pub fn aliases(&self, norm: &str) -> Vec<&str> {
        let mut ids: Vec<usize> = self.officials.find_overlapping_iter(norm).map(|m| m.pattern().as_usize()).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out: Vec<&str> = Vec::new();
        for id in ids {
            for w in &self.everyday[id] {
                if !out.contains(&w.as_str()) {
                    out.push(w);
                }
            }
        }
        out
    }

    /// The lexicon words found in `norm`, each once.
    pub fn words(&self, norm: &str) -> Vec<&str> {
        let mut ids: Vec<usize> = self.words.find_overlapping_iter(norm).map(|m| m.pattern().as_usize()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().map(|i| self.word_list[i].as_str()).collect()
    }
}

/// Abbreviations the lists give themselves: `X（Y）` where Y (2–6 characters) is an
/// abbreviation of the end of X (its characters appear in X in order, the first starting the
/// official term), and `X（以下简称“Y”）`. Returns (official, everyday) pairs, normalized.
pub fn derive(text: &str) -> Vec<(String, String)> {
    let norm = normalize(text);
    let chars: Vec<char> = norm.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '（' && chars[i] != '(' {
            i += 1;
            continue;
        }
        let close = chars[i + 1..].iter().position(|&c| c == '）' || c == ')').map(|p| i + 1 + p);
        let Some(close) = close else { break };
        let inner: String = chars[i + 1..close].iter().collect();
        let inner = inner.trim_start_matches("以下简称").trim_start_matches("简称");
        let short: Vec<char> = inner.chars().filter(|c| !"“”\"《》「」".contains(*c)).collect();
        // The CJK run right before the parenthesis.
        let mut start = i;
        while start > 0 && is_cjk(chars[start - 1]) && i - start < 16 {
            start -= 1;
        }
        let before = &chars[start..i];
        if (2..=6).contains(&short.len()) && short.iter().all(|&c| is_cjk(c)) && before.len() > short.len() {
            if let Some(official) = abbreviated(before, &short) {
                if official.len() >= 4 && official.len() > short.len() {
                    out.push((official.iter().collect(), short.iter().collect()));
                }
            }
        }
        i = close + 1;
    }
    out
}

/// The shortest end of `long` of which `short` is an abbreviation (same first character, the
/// others in order), if any.
fn abbreviated<'a>(long: &'a [char], short: &[char]) -> Option<&'a [char]> {
    let starts = long.iter().enumerate().filter(|(_, c)| **c == short[0]).map(|(i, _)| i).rev();
    for s in starts {
        let mut rest = short[1..].iter().peekable();
        for c in &long[s + 1..] {
            if rest.peek() == Some(&c) {
                rest.next();
            }
        }
        if rest.peek().is_none() && long.len() - s > short.len() {
            return Some(&long[s..]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_with_enough_entries_over_the_domains() {
        let e = parse(TABLE).expect("vocabulary.tsv parses");
        assert!(e.len() >= 300, "{} entries", e.len());
        for d in [
            "民生保障",
            "市场监管",
            "城市管理",
            "交通运输",
            "农业农村",
            "生态环境",
            "文化旅游",
            "安全生产",
            "自然资源",
            "卫生健康",
        ] {
            assert!(e.iter().filter(|x| x.domain == d).count() >= 10, "{d} has fewer than 10 entries");
        }
        assert!(parse("民生保障\t低保\t最低生活保障").unwrap_err().contains("vocabulary.tsv:1"));
        // An everyday word inside its own official term would add nothing.
        for x in &e {
            for w in &x.everyday {
                assert!(!x.official.contains(w.as_str()), "vocabulary.tsv:{}: {w} is part of {}", x.line, x.official);
            }
        }
    }

    #[test]
    fn aliases_and_lexicon_words() {
        let v = Vocab::builtin();
        let a = v.aliases("最低生活保障审核确认");
        assert!(a.contains(&"低保"), "{a:?}");
        assert!(v.words("办理低保").contains(&"低保"));
    }

    #[test]
    fn abbreviations_from_the_lists() {
        assert_eq!(
            derive("参加城乡居民基本养老保险（城乡居保）登记"),
            vec![("城乡居民基本养老保险".to_string(), "城乡居保".to_string())]
        );
        assert_eq!(
            derive("《中华人民共和国土地管理法》以外的土地承包经营权（以下简称“承包权”）"),
            vec![("承包经营权".to_string(), "承包权".to_string())]
        );
        // A qualifier, not an abbreviation.
        assert!(derive("乡村建设规划许可证核发（农村村民住宅）").is_empty());
    }
}

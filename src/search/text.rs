//! Text normalization, the first step of the one analyzer (`analyzer.rs`): a file of its own so
//! that the vocabulary (`vocab.rs`) can normalize its table without depending on the analyzer
//! that reads it. The browser runtime mirrors it (`search.js`).

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

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
        let mut map = HashMap::default();
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

pub fn is_word_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

//! Pinyin for the index side of the analyzer. The `pinyin` crate reads one character at a time
//! and gives its most common reading first (长 → zhang, 调 → diao, 给 → gei), which is wrong in
//! many place names and in words of this field (长期, 调解, 行政给付). `OVERRIDES` fixes those:
//! a phrase found there takes its readings from the table, everything else the crate's first
//! reading. Only names are converted, at build time; the browser never needs pinyin for
//! characters, only `syllables()` (a few hundred strings, shipped in the index) to split a typed
//! word such as `zhaijidi` into syllables.

use pinyin::{ToPinyin, ToPinyinMulti};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Readings for phrases with several possible readings: place names, then words of the field.
/// Keys are simplified (the analyzer normalizes before it looks them up).
pub const OVERRIDES: &[(&str, &str)] = &[
    // Place names (地名多音字)
    ("重庆", "chong qing"),
    ("长沙", "chang sha"),
    ("长春", "chang chun"),
    ("长治", "chang zhi"),
    ("长安", "chang an"),
    ("长江", "chang jiang"),
    ("长城", "chang cheng"),
    ("长汀", "chang ting"),
    ("长兴", "chang xing"),
    ("长乐", "chang le"),
    ("长寿", "chang shou"),
    ("长岭", "chang ling"),
    ("长垣", "chang yuan"),
    ("长丰", "chang feng"),
    ("长阳", "chang yang"),
    ("长白", "chang bai"),
    ("六安", "lu an"),
    ("六合", "lu he"),
    ("蚌埠", "beng bu"),
    ("番禺", "pan yu"),
    ("厦门", "xia men"),
    ("乐清", "yue qing"),
    ("乐亭", "lao ting"),
    ("单县", "shan xian"),
    ("莘县", "shen xian"),
    ("浚县", "xun xian"),
    ("蔚县", "yu xian"),
    ("铅山", "yan shan"),
    ("涡阳", "guo yang"),
    ("荥阳", "xing yang"),
    ("荥经", "ying jing"),
    ("东阿", "dong e"),
    ("阿城", "a cheng"),
    ("大埔", "da bu"),
    ("黄埔", "huang pu"),
    ("台州", "tai zhou"),
    ("天台", "tian tai"),
    ("丽水", "li shui"),
    ("丽江", "li jiang"),
    ("朝阳", "chao yang"),
    ("西藏", "xi zang"),
    ("吐鲁番", "tu lu fan"),
    ("洪洞", "hong tong"),
    ("解州", "xie zhou"),
    ("曾都", "zeng du"),
    ("尉氏", "wei shi"),
    ("盱眙", "xu yi"),
    ("堡子", "pu zi"),
    ("十里堡", "shi li pu"),
    ("屯留", "tun liu"),
    ("给事", "ji shi"),
    // Words of the field (行业用词)
    ("长期", "chang qi"),
    ("长度", "chang du"),
    ("延长", "yan chang"),
    ("长效", "chang xiao"),
    ("特长", "te chang"),
    ("擅长", "shan chang"),
    ("银行", "yin hang"),
    ("行业", "hang ye"),
    ("行列", "hang lie"),
    ("重新", "chong xin"),
    ("重复", "chong fu"),
    ("重建", "chong jian"),
    ("重阳", "chong yang"),
    ("重叠", "chong die"),
    ("调解", "tiao jie"),
    ("调处", "tiao chu"),
    ("调整", "tiao zheng"),
    ("调剂", "tiao ji"),
    ("调控", "tiao kong"),
    ("调节", "tiao jie"),
    ("调和", "tiao he"),
    ("协调", "xie tiao"),
    ("空调", "kong tiao"),
    ("给付", "ji fu"),
    ("供给", "gong ji"),
    ("补给", "bu ji"),
    ("给水", "ji shui"),
    ("自给", "zi ji"),
    ("会计", "kuai ji"),
    ("归还", "gui huan"),
    ("偿还", "chang huan"),
    ("退还", "tui huan"),
    ("返还", "fan huan"),
    ("还款", "huan kuan"),
    ("便宜", "pian yi"),
    ("出差", "chu chai"),
    ("差额", "cha e"),
    ("差错", "cha cuo"),
    ("音乐", "yin yue"),
    ("湖泊", "hu po"),
    ("停泊", "ting bo"),
    ("单于", "chan yu"),
    ("传记", "zhuan ji"),
    ("宿舍", "su she"),
    ("率先", "shuai xian"),
    ("表率", "biao shuai"),
    ("省得", "sheng de"),
    ("反省", "fan xing"),
    ("处理", "chu li"),
    ("处罚", "chu fa"),
    ("强制", "qiang zhi"),
    ("勉强", "mian qiang"),
    ("尽管", "jin guan"),
    ("尽快", "jin kuai"),
    ("参差", "cen ci"),
    ("人参", "ren shen"),
    ("着火", "zhao huo"),
    ("着重", "zhuo zhong"),
    ("落实", "luo shi"),
    ("露天", "lu tian"),
    ("暴露", "bao lu"),
    ("薄弱", "bo ruo"),
    ("血液", "xue ye"),
    ("角色", "jue se"),
    ("模样", "mu yang"),
    ("模具", "mu ju"),
    ("间隔", "jian ge"),
    ("期间", "qi jian"),
    ("中间", "zhong jian"),
    ("应当", "ying dang"),
    ("相当", "xiang dang"),
    ("当日", "dang ri"),
    ("恰当", "qia dang"),
    ("适当", "shi dang"),
    ("上当", "shang dang"),
    ("正当", "zheng dang"),
    ("数量", "shu liang"),
    ("测量", "ce liang"),
    ("丈量", "zhang liang"),
    ("称重", "cheng zhong"),
    ("相称", "xiang chen"),
    ("扎实", "zha shi"),
    ("挣扎", "zheng zha"),
    ("埋怨", "man yuan"),
    ("殖民", "zhi min"),
    ("骨殖", "gu shi"),
    ("鸟瞰", "niao kan"),
];

/// The syllables the analyzer knows: every reading the crate gives to a character of the BMP
/// CJK blocks, written in `[a-z]` (`ü` as `v`), with at least one vowel (so 嗯 `n`/`ng` and
/// 呣 `m` are left out: an initials string must never read as pinyin because of them).
pub fn syllables() -> &'static [&'static str] {
    &tables().list
}

struct Tables {
    list: Vec<&'static str>,
    set: HashSet<&'static str>,
    overrides: HashMap<Vec<char>, Vec<&'static str>>,
    longest_override: usize,
}

fn clean(reading: &str) -> Option<String> {
    let s = reading.replace('ü', "v");
    let ok = !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase()) && s.bytes().any(|b| b"aeiouv".contains(&b));
    ok.then_some(s)
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut all: Vec<String> = Vec::new();
        for cp in (0x3400..=0x4DBF).chain(0x4E00..=0x9FFF) {
            let Some(c) = char::from_u32(cp) else { continue };
            if let Some(multi) = c.to_pinyin_multi() {
                all.extend(multi.into_iter().filter_map(|p| clean(p.plain())));
            }
        }
        for (_, readings) in OVERRIDES {
            all.extend(readings.split(' ').map(str::to_string));
        }
        all.sort();
        all.dedup();
        let list: Vec<&'static str> = all.into_iter().map(|s| &*Box::leak(s.into_boxed_str())).collect();
        let set: HashSet<&'static str> = list.iter().copied().collect();
        let mut overrides = HashMap::new();
        let mut longest_override = 0;
        for (phrase, readings) in OVERRIDES {
            let chars: Vec<char> = phrase.chars().collect();
            let syls: Vec<&'static str> =
                readings.split(' ').map(|r| *set.get(r).expect("override syllable")).collect();
            assert_eq!(chars.len(), syls.len(), "override {phrase}: one syllable per character");
            longest_override = longest_override.max(chars.len());
            overrides.insert(chars, syls);
        }
        Tables { list, set, overrides, longest_override }
    })
}

/// The first (most common) reading of one character, if it has a usable one.
pub fn reading(c: char) -> Option<&'static str> {
    let p = c.to_pinyin()?;
    let t = tables();
    match t.set.get(p.plain()) {
        Some(s) => Some(s),
        None => clean(p.plain()).and_then(|s| t.set.get(s.as_str()).copied()),
    }
}

/// The characters whose first reading the website ships (`search/pinyin/<n>.json`, `READING_CHUNK`
/// characters a file) for the browser's homophone fallback.
pub const READING_FIRST: u32 = 0x3400;
pub const READING_END: u32 = 0xA000;
pub const READING_CHUNK: u32 = 4096;

/// The reading the homophone fallback uses for one character: its first reading within
/// `READING_FIRST..READING_END`, none elsewhere (the browser has no more).
pub fn char_reading(c: char) -> Option<&'static str> {
    (READING_FIRST..READING_END).contains(&(c as u32)).then(|| reading(c)).flatten()
}

/// Readings of a run of (normalized) CJK characters: the longest phrase of `OVERRIDES` that
/// starts at a character wins; other characters take their first reading.
pub fn run_syllables(chars: &[char]) -> Vec<Option<&'static str>> {
    let t = tables();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    'outer: while i < chars.len() {
        for len in (2..=t.longest_override.min(chars.len() - i)).rev() {
            if let Some(syls) = t.overrides.get(&chars[i..i + len]) {
                out.extend(syls.iter().map(|s| Some(*s)));
                i += len;
                continue 'outer;
            }
        }
        out.push(reading(chars[i]));
        i += 1;
    }
    out
}

/// Splits a typed word into syllables: the split with the fewest syllables, and among those
/// the one whose first syllables are longest (`xian` is one syllable; `fangan` is fang+an).
/// `None` when the word is not pinyin. The browser runtime implements the same rule.
pub fn split(word: &str) -> Option<Vec<&'static str>> {
    const MAX: usize = 6;
    let t = tables();
    let n = word.len();
    if n == 0 || !word.is_ascii() {
        return None;
    }
    let mut best = vec![usize::MAX; n + 1];
    best[n] = 0;
    for i in (0..n).rev() {
        for len in 1..=MAX.min(n - i) {
            if best[i + len] != usize::MAX && t.set.contains(&word[i..i + len]) {
                best[i] = best[i].min(best[i + len] + 1);
            }
        }
    }
    if best[0] == usize::MAX {
        return None;
    }
    let mut out = Vec::with_capacity(best[0]);
    let mut i = 0;
    while i < n {
        let len = (1..=MAX.min(n - i)).rev().find(|&len| {
            best[i + len] != usize::MAX && best[i + len] + 1 == best[i] && t.set.contains(&word[i..i + len])
        })?;
        out.push(*t.set.get(&word[i..i + len])?);
        i += len;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<&'static str> {
        let chars: Vec<char> = text.chars().collect();
        run_syllables(&chars).into_iter().map(|s| s.unwrap_or("?")).collect()
    }

    #[test]
    fn overrides_win_over_first_readings() {
        assert_eq!(run("重庆市长期"), vec!["chong", "qing", "shi", "chang", "qi"]);
        assert_eq!(run("人民调解"), vec!["ren", "min", "tiao", "jie"]);
        assert_eq!(run("行政给付"), vec!["xing", "zheng", "ji", "fu"]);
        assert_eq!(run("宅基地"), vec!["zhai", "ji", "di"]);
        assert_eq!(run("绿化"), vec!["lv", "hua"]);
    }

    #[test]
    fn syllables_are_standard_pinyin() {
        let s = syllables();
        assert!(s.len() > 380 && s.len() < 450, "{} syllables", s.len());
        for x in ["a", "zhuang", "lv", "lve", "er"] {
            assert!(s.contains(&x), "{x}");
        }
        for x in ["n", "ng", "m", "hm", "hng"] {
            assert!(!s.contains(&x), "{x}");
        }
    }

    #[test]
    fn splits_typed_words() {
        assert_eq!(split("zhaijidi"), Some(vec!["zhai", "ji", "di"]));
        assert_eq!(split("xian"), Some(vec!["xian"]));
        assert_eq!(split("fangan"), Some(vec!["fang", "an"]));
        assert_eq!(split("hydj"), None);
        assert_eq!(split("jgjs"), None);
    }
}

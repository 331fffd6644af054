//! 实施依据: long legal text kept verbatim, and parsed into structured sources where the
//! text allows, so pages can link and group items by law.

use serde::Serialize;

/// The level of a legal source, as tagged 【法律】【法规】… in published lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LegalLevel {
    Law,
    Regulation,
    Rule,
    StateCouncilDecision,
    NormativeDocument,
    Other,
}

impl LegalLevel {
    pub fn name(self) -> &'static str {
        match self {
            LegalLevel::Law => "法律",
            LegalLevel::Regulation => "法规",
            LegalLevel::Rule => "规章",
            LegalLevel::StateCouncilDecision => "国务院决定",
            LegalLevel::NormativeDocument => "规范性文件",
            LegalLevel::Other => "其他",
        }
    }

    fn from_tag(tag: &str) -> LegalLevel {
        match tag.trim() {
            "法律" => LegalLevel::Law,
            "法规" | "行政法规" | "地方性法规" => LegalLevel::Regulation,
            "规章" | "部门规章" | "地方政府规章" => LegalLevel::Rule,
            "国务院决定" => LegalLevel::StateCouncilDecision,
            "规范性文件" => LegalLevel::NormativeDocument,
            _ => LegalLevel::Other,
        }
    }

    /// Guesses the level from a title when the publisher gave no tag.
    fn from_title(title: &str) -> LegalLevel {
        if title.starts_with("中华人民共和国") && title.ends_with('法') || title.ends_with("法") && title.len() <= 30
        {
            LegalLevel::Law
        } else if title.ends_with("条例") {
            LegalLevel::Regulation
        } else if title.ends_with("规定") || title.ends_with("办法") || title.ends_with("细则") {
            LegalLevel::Rule
        } else if title.contains("决定") {
            LegalLevel::StateCouncilDecision
        } else {
            LegalLevel::Other
        }
    }
}

/// One source cited in a basis: level, title (without 《》) and the articles cited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LegalSource {
    pub level: LegalLevel,
    /// True when the level was guessed from the title rather than tagged by the publisher.
    pub level_inferred: bool,
    pub title: String,
    pub articles: Vec<String>,
}

/// A legal basis: the publisher's verbatim text and what could be parsed from it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Basis {
    pub text: String,
    pub sources: Vec<LegalSource>,
}

impl Basis {
    pub fn parse(text: &str) -> Basis {
        Basis { text: text.to_string(), sources: parse_sources(text) }
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Splits a basis into sources. A source starts at a 【level】 tag, or at a 《title》 that opens
/// the text or follows a separator (newline, ；, 。, a list number); a 《title》 quoted inside an
/// article's text does not start a new source.
fn parse_sources(text: &str) -> Vec<LegalSource> {
    let chars: Vec<char> = text.chars().collect();
    let mut sources = Vec::new();
    let mut pending_tag: Option<LegalLevel> = None;
    let mut at_boundary = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '【' => {
                if let Some(end) = find(&chars, i + 1, '】') {
                    let tag: String = chars[i + 1..end].iter().collect();
                    pending_tag = Some(LegalLevel::from_tag(&tag));
                    at_boundary = true;
                    i = end + 1;
                    continue;
                }
            }
            '《' if at_boundary || pending_tag.is_some() => {
                if let Some(end) = find(&chars, i + 1, '》') {
                    let title: String = chars[i + 1..end].iter().collect::<String>().trim().to_string();
                    let (articles, next) = read_articles(&chars, end + 1);
                    let (level, level_inferred) = match pending_tag.take() {
                        Some(level) => (level, false),
                        None => (LegalLevel::from_title(&title), true),
                    };
                    if !title.is_empty() {
                        sources.push(LegalSource { level, level_inferred, title, articles });
                    }
                    at_boundary = false;
                    i = next;
                    continue;
                }
            }
            '\n' | '；' | ';' | '。' => at_boundary = true,
            c if c.is_whitespace() || c.is_ascii_digit() || list_number(c) => {}
            _ => at_boundary = false,
        }
        i += 1;
    }
    sources
}

fn find(chars: &[char], from: usize, target: char) -> Option<usize> {
    chars[from..].iter().position(|&c| c == target).map(|p| from + p)
}

/// 一 to 十, in list numbers (“三、”, “（二）”) and article numbers (第六十二条).
fn chinese_digit(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// Characters of a list number before a source ("1.", "（二）", "三、"): they keep a boundary.
fn list_number(c: char) -> bool {
    chinese_digit(c) || matches!(c, '、' | '.' | '．' | ')' | '）' | '(' | '（')
}

/// Digits of an article number (第六十二条, 第62条).
fn numeral(c: char) -> bool {
    c.is_ascii_digit() || chinese_digit(c) || matches!(c, '零' | '〇' | '百' | '千')
}

/// Reads article references (第六十二条第四款、第六十五条) right after a title.
fn read_articles(chars: &[char], mut i: usize) -> (Vec<String>, usize) {
    let mut articles = Vec::new();
    loop {
        let start = i;
        while i < chars.len() && chars[i].is_whitespace() && chars[i] != '\n' {
            i += 1;
        }
        let mut article = String::new();
        // One reference: 第X条 optionally followed by 第X款 and 第X项.
        while i < chars.len() && chars[i] == '第' {
            let mut j = i + 1;
            while j < chars.len() && numeral(chars[j]) {
                j += 1;
            }
            if j == i + 1 || j >= chars.len() || !matches!(chars[j], '条' | '款' | '项') {
                break;
            }
            article.extend(&chars[i..=j]);
            i = j + 1;
        }
        if article.is_empty() {
            return (articles, start);
        }
        articles.push(article);
        if i < chars.len() && matches!(chars[i], '、' | '，' | ',' | '和' | '及') {
            i += 1;
        } else {
            return (articles, i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tagged_sources_with_articles() {
        let b = Basis::parse(
            "1.【法律】《中华人民共和国土地管理法》第六十二条第四款：农村村民住宅用地，由乡（镇）人民政府审核批准。\n\
             2.【规章】《农村宅基地管理办法》第十条、第十二条 依照《中华人民共和国城乡规划法》办理。",
        );
        assert_eq!(b.sources.len(), 2, "{:?}", b.sources);
        assert_eq!(b.sources[0].title, "中华人民共和国土地管理法");
        assert_eq!(b.sources[0].level, LegalLevel::Law);
        assert!(!b.sources[0].level_inferred);
        assert_eq!(b.sources[0].articles, vec!["第六十二条第四款"]);
        assert_eq!(b.sources[1].articles, vec!["第十条", "第十二条"]);
        assert!(b.text.starts_with("1.【法律】"));
    }

    #[test]
    fn infers_levels_without_tags_and_ignores_quoted_titles() {
        let b = Basis::parse(
            "《森林防火条例》第五十条 违反本条例规定，依照《中华人民共和国森林法》处罚；《城市建筑垃圾管理规定》",
        );
        let titles: Vec<_> = b.sources.iter().map(|s| (s.title.as_str(), s.level)).collect();
        assert_eq!(titles, vec![("森林防火条例", LegalLevel::Regulation), ("城市建筑垃圾管理规定", LegalLevel::Rule)]);
    }

    #[test]
    fn unparseable_text_is_kept_verbatim() {
        let b = Basis::parse("国发〔2015〕52号");
        assert!(b.sources.is_empty());
        assert_eq!(b.text, "国发〔2015〕52号");
    }
}

//! What a workbook says of the list as a whole, outside its table: the title, the body's
//! name ("部门名称：…"), 文号, 施行日期, the catalog's issuer, and notes (备注, footnotes). Each
//! fact keeps the cell it came from, so the report can say where it was found.

use super::items::clean_line;
use super::rows::squash;
use crate::model::{BodyKind, Date};

/// A fact and the cell it was read from (`文件: 工作表!A2`), with that cell's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found<T> {
    pub value: T,
    pub at: String,
    pub text: String,
}

impl<T> Found<T> {
    fn new(value: T, at: &str, text: &str) -> Found<T> {
        Found { value, at: at.to_string(), text: text.split_whitespace().collect::<Vec<_>>().join(" ") }
    }

    /// "取自 文件: 工作表!A2“部门名称：市机关事务管理局”", for the report.
    pub fn source(&self) -> String {
        format!("取自 {}“{}”", self.at, shorten(&self.text, 40))
    }
}

/// What the text outside the tables of one file says.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    /// Titles above each sheet's table, in sheet order, one per sheet.
    pub titles: Vec<Found<String>>,
    pub body_name: Option<Found<String>>,
    pub document: Option<Found<String>>,
    pub effective: Option<Found<Date>>,
    /// A catalog's 发布机关 and 日期.
    pub issuer: Option<Found<String>>,
    pub date: Option<Found<Date>>,
    /// Everything else outside the tables: notes, footnotes, signatures, further title lines.
    pub notes: Vec<Found<String>>,
}

impl Meta {
    /// Text above a sheet's header. `first` is true for the first such text of a sheet, which
    /// is its title unless it states a fact ("部门名称：…") or is "附件".
    pub fn above(&mut self, text: &str, at: &str, sheet_has_title: &mut bool) {
        let squashed = squash(text);
        if squashed.is_empty() || (squashed.starts_with("附件") && squashed.chars().count() <= 4) {
            return;
        }
        if self.facts(text, at) {
            return;
        }
        if !*sheet_has_title {
            *sheet_has_title = true;
            self.titles.push(Found::new(clean_line(text), at, text));
        } else {
            self.notes.push(Found::new(text.trim().to_string(), at, text));
        }
    }

    /// Text under or between the items: a note.
    pub fn below(&mut self, text: &str, at: &str) {
        // Exports write a list's notes under each part's sheet: the same note once.
        if !squash(text).is_empty() && !self.notes.iter().any(|n| n.value == text.trim()) {
            self.notes.push(Found::new(text.trim().to_string(), at, text));
        }
    }

    /// "label：value" segments that state facts of the list (qingdan's exports write
    /// "实施主体：…　文号：…　施行日期：…"); true when the text is only such facts.
    fn facts(&mut self, text: &str, at: &str) -> bool {
        let mut known = false;
        let mut other = false;
        for segment in text.split(['　', '\n']).flat_map(|s| s.split("  ")).map(str::trim).filter(|s| !s.is_empty()) {
            let Some((label, value)) = segment.split_once(['：', ':']) else {
                other = true;
                continue;
            };
            let (label, value) = (squash(label), value.trim());
            if value.is_empty() {
                other = true;
                continue;
            }
            let found = || Found::new(value.to_string(), at, text);
            match label.as_str() {
                "部门名称" | "单位名称" | "填报单位" | "实施主体" | "部门" | "单位" | "主体名称" | "乡镇名称"
                | "乡镇（街道）" | "乡镇" | "街道" => {
                    known = true;
                    self.body_name.get_or_insert_with(found);
                }
                "文号" | "发文字号" | "发布文号" | "批准文号" => {
                    known = true;
                    self.document.get_or_insert_with(found);
                }
                "施行日期" | "实施日期" | "生效日期" | "执行日期" => match Date::parse(value) {
                    Some(d) => {
                        known = true;
                        self.effective.get_or_insert_with(|| Found::new(d, at, text));
                    }
                    None => other = true,
                },
                "发布机关" | "发布单位" | "印发单位" => {
                    known = true;
                    self.issuer.get_or_insert_with(found);
                }
                "日期" | "发布日期" | "印发日期" => match Date::parse(value) {
                    Some(d) => {
                        known = true;
                        self.date.get_or_insert_with(|| Found::new(d, at, text));
                    }
                    None => other = true,
                },
                _ => other = true,
            }
        }
        known && !other
    }

    /// The list's title: the one title, or what several sheets' titles share. Titles of one
    /// part each ("塘溪镇基本履职事项清单", "塘溪镇配合履职事项清单") title the whole list
    /// ("塘溪镇履行职责事项清单").
    pub fn title(&self) -> Option<Found<String>> {
        let first = self.titles.first()?;
        let texts: Vec<String> = self.titles.iter().map(|t| whole_list(&t.value)).collect();
        let common = common_title(&texts)?;
        Some(Found { value: common, ..first.clone() })
    }

    /// The notes as one text, a line each.
    pub fn notes_text(&self) -> Option<String> {
        let lines: Vec<&str> = self.notes.iter().map(|n| n.value.as_str()).collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }
}

/// The title several sheets share ("…指导目录（行政许可类）" and "…指导目录（行政处罚类）" →
/// "…指导目录"), or the first.
pub fn common_title(titles: &[String]) -> Option<String> {
    let first = titles.first()?;
    if titles.iter().all(|t| t == first) {
        return Some(first.clone());
    }
    let mut prefix: Vec<char> = first.chars().collect();
    for t in &titles[1..] {
        let n = prefix.iter().zip(t.chars()).take_while(|(a, b)| **a == *b).count();
        prefix.truncate(n);
    }
    let mut common: String = prefix.into_iter().collect();
    if let Some(open) = common.rfind(['（', '(']) {
        if !common[open..].contains(['）', ')']) {
            common.truncate(open);
        }
    }
    let common = common.trim().to_string();
    if common.chars().count() >= 4 {
        Some(common)
    } else {
        Some(first.clone())
    }
}

/// A part's title as the whole list's: "塘溪镇配合履职事项清单（10项）" → "塘溪镇履行职责事项清单".
fn whole_list(title: &str) -> String {
    let forms = [
        "基本履职事项清单",
        "配合履职事项清单",
        "上级部门收回事项清单",
        "基本履职事项",
        "配合履职事项",
        "上级部门收回事项",
    ];
    for form in forms {
        if let Some(at) = title.find(form) {
            let before = &title[..at];
            if before.chars().count() >= 2 {
                return format!("{before}履行职责事项清单");
            }
        }
    }
    title.to_string()
}

/// Where a list's name ends in a title.
const LIST_MARKERS: [&str; 16] = [
    "履行职责事项清单",
    "履职事项清单",
    "基本履职事项",
    "配合履职事项",
    "上级部门收回事项",
    "属地管理事项",
    "职责准入",
    "权责清单",
    "权力清单",
    "责任清单",
    "职责清单",
    "事项清单",
    "指导目录",
    "清单",
    "目录",
    "一览表",
];

/// The body a title names: "克拉玛依市机关事务管理局2024年权责清单" → "克拉玛依市机关事务管理局";
/// "关于公布塘溪镇履行职责事项清单的通知" → "塘溪镇"; "克拉玛依市权责清单（财政局）" →
/// "克拉玛依市财政局". A bare place ("克拉玛依市") names no body: `None`.
pub fn name_from_title(title: &str) -> Option<String> {
    let mut t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    for prefix in ["关于公布", "关于印发", "关于调整", "关于"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.to_string();
            break;
        }
    }
    let t = remove_years(&t);
    let end = LIST_MARKERS.iter().filter_map(|m| t.find(m)).min().unwrap_or(t.len());
    let mut name = t[..end].trim_end_matches(['的', '（', '(', '、']).to_string();
    if is_bare_place(&name) {
        // The unit may follow in brackets: "克拉玛依市权责清单（财政局）".
        let after = &t[end..];
        let unit = after
            .find(['（', '('])
            .map(|open| after[open..].trim_start_matches(['（', '(']))
            .and_then(|inner| inner.split(['）', ')']).next())
            .filter(|u| u.chars().count() >= 2 && !u.ends_with('类') && !u.contains('项'));
        match unit {
            Some(u) => name.push_str(u),
            None => return None,
        }
    }
    (name.chars().count() >= 2).then_some(name)
}

/// "2024年", "2024年度" and "（2025年版）" removed wherever they stand.
fn remove_years(t: &str) -> String {
    let chars: Vec<char> = t.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 4 < chars.len() && chars[i..i + 4].iter().all(|c| c.is_ascii_digit()) && chars[i + 4] == '年' {
            i += 5;
            if chars.get(i) == Some(&'度') || chars.get(i) == Some(&'版') {
                i += 1;
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out.replace("（版）", "").replace("(版)", "")
}

/// A place name alone: "克拉玛依市", "青山县", "东江省".
fn is_bare_place(name: &str) -> bool {
    let n = name.chars().count();
    n <= 8
        && ["省", "市", "县", "区", "州", "盟", "旗", "自治区"].iter().any(|e| name.ends_with(e))
        && !["局", "委", "办", "厅", "院", "中心", "政府", "系统"].iter().any(|w| name.contains(w))
}

/// 镇, 乡, 街道 by the name's ending; anything else is a department.
pub fn kind_from_name(name: &str) -> BodyKind {
    let n = name.trim();
    if n.ends_with("街道") || n.ends_with("街道办事处") {
        BodyKind::Street
    } else if n.ends_with('镇') || n.ends_with("镇人民政府") {
        BodyKind::Town
    } else if n.ends_with('乡') || n.ends_with("乡人民政府") {
        BodyKind::Township
    } else {
        BodyKind::Department
    }
}

/// "塘溪镇人民政府" → "塘溪镇"; "青山县塘溪镇" → "塘溪镇" when the site's county is 青山县.
pub fn township_name(name: &str, county: Option<&str>) -> String {
    let mut n = name.trim().to_string();
    for suffix in ["人民政府", "办事处"] {
        if let Some(rest) = n.strip_suffix(suffix) {
            if rest.ends_with(['镇', '乡']) || rest.ends_with("街道") {
                n = rest.to_string();
            }
        }
    }
    if let Some(county) = county.filter(|c| !c.is_empty()) {
        if let Some(rest) = n.strip_prefix(county) {
            if rest.chars().count() >= 2 {
                n = rest.to_string();
            }
        }
    }
    n
}

pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_names_and_kinds() {
        assert_eq!(
            name_from_title("克拉玛依市机关事务管理局2024年权责清单").as_deref(),
            Some("克拉玛依市机关事务管理局")
        );
        assert_eq!(name_from_title("2025年克拉玛依市统计局权责清单").as_deref(), Some("克拉玛依市统计局"));
        assert_eq!(name_from_title("克拉玛依市人防系统权责清单指导目录").as_deref(), Some("克拉玛依市人防系统"));
        assert_eq!(name_from_title("关于公布塘溪镇履行职责事项清单的通知").as_deref(), Some("塘溪镇"));
        assert_eq!(name_from_title("塘溪镇配合履职事项清单（99项）").as_deref(), Some("塘溪镇"));
        assert_eq!(name_from_title("克拉玛依市2024年权责清单（财政局）").as_deref(), Some("克拉玛依市财政局"));
        assert_eq!(name_from_title("克拉玛依市2024年权责清单"), None, "a city's name is not a body's");
        assert_eq!(township_name("青山县塘溪镇人民政府", Some("青山县")), "塘溪镇");
        assert_eq!(kind_from_name("塘溪镇"), BodyKind::Town);
        assert_eq!(kind_from_name("城关街道"), BodyKind::Street);
        assert_eq!(kind_from_name("克拉玛依市统计局"), BodyKind::Department);
        assert_eq!(
            common_title(&["人防权责清单指导目录（行政检查类）".into(), "人防权责清单指导目录（行政许可类）".into()])
                .as_deref(),
            Some("人防权责清单指导目录")
        );
    }

    #[test]
    fn reads_facts_titles_and_notes_with_their_cells() {
        let mut meta = Meta::default();
        let mut titled = false;
        meta.above("附件", "a.xls: 表!A1", &mut titled);
        meta.above("  部门名称：市机关事务管理局       ", "a.xls: 表!A2", &mut titled);
        assert_eq!(meta.body_name.as_ref().map(|f| f.value.as_str()), Some("市机关事务管理局"));
        assert_eq!(meta.body_name.as_ref().unwrap().at, "a.xls: 表!A2");
        assert!(meta.titles.is_empty() && !titled);
        let mut meta = Meta::default();
        let mut titled = false;
        meta.above("东村镇履行职责事项清单", "x: 基本!A1", &mut titled);
        meta.above("实施主体：东村镇　文号：示编办〔2025〕1号　施行日期：2025年10月1日", "x: 基本!A2", &mut titled);
        meta.above("（2025年9月修订）", "x: 基本!A3", &mut titled);
        meta.below("备注：1.本清单由县委编办负责解释。", "x: 基本!A30");
        assert_eq!(meta.title().map(|t| t.value).as_deref(), Some("东村镇履行职责事项清单"));
        assert_eq!(meta.document.as_ref().map(|d| d.value.as_str()), Some("示编办〔2025〕1号"));
        assert_eq!(meta.effective.as_ref().map(|d| d.value.to_string()).as_deref(), Some("2025-10-01"));
        assert_eq!(meta.notes_text().as_deref(), Some("（2025年9月修订）\n备注：1.本清单由县委编办负责解释。"));
    }
}

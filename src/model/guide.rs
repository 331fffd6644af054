//! 办事指南: what a citizen needs to get an item done — conditions, materials, steps, time
//! limits, fees, visits, the result, common questions and where to do it online.
//!
//! Sources and JSON hold it structured (`[<part>.guide]`); CSV and XLSX hold each part as one
//! text cell (`Guide::text`), which import reads back (`Guide::set_text`), so a download
//! imports to the same guide. The fields a sheet shows are declared in `model::field`
//! (`Kind::Guide`).

use super::{Field, Located, Span};
use serde::Serialize;

/// One 申请材料.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Material {
    pub name: String,
    /// 原件, 复印件, 原件和复印件 … as written.
    pub form: Option<String>,
    /// 份数.
    pub copies: Option<u32>,
    /// A blank form the site serves, relative to `content/files/`.
    pub blank: Option<Located<String>>,
    /// A filled-in sample the site serves, relative to `content/files/`.
    pub sample: Option<Located<String>>,
}

/// One step of 办理流程 with its time limit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Step {
    pub name: String,
    pub limit: Option<String>,
}

/// One 常见问题.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Question {
    pub question: String,
    pub answer: String,
}

/// The 办事指南 of an item.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Guide {
    /// 实施编码 in the government-service system (not the list's 事项编码).
    pub service_code: Option<String>,
    /// 受理条件.
    pub conditions: Option<String>,
    pub materials: Vec<Material>,
    pub steps: Vec<Step>,
    /// 法定时限.
    pub legal_limit: Option<String>,
    /// 承诺时限.
    pub promised_limit: Option<String>,
    /// 是否收费.
    pub fee: Option<bool>,
    /// 收费标准.
    pub fee_standard: Option<String>,
    /// 收费依据.
    pub fee_basis: Option<String>,
    /// 到现场次数.
    pub visits: Option<u32>,
    /// 办理结果.
    pub result: Option<String>,
    pub questions: Vec<Question>,
    /// 网上办理地址.
    pub online: Option<Located<String>>,
    /// 移动端办理地址.
    pub mobile: Option<Located<String>>,
    #[serde(skip)]
    pub span: Span,
}

impl Guide {
    pub fn is_empty(&self) -> bool {
        *self == Guide { span: self.span, ..Guide::default() }
    }

    /// One part as a cell's text ("" when empty): `field` is one of the `Kind::Guide` fields.
    pub fn text(&self, field: Field) -> String {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let loc = |v: &Option<Located<String>>| v.as_ref().map(|l| l.value.clone()).unwrap_or_default();
        match field {
            Field::GuideCode => opt(&self.service_code),
            Field::GuideConditions => opt(&self.conditions),
            Field::GuideMaterials => self.materials.iter().map(material_line).collect::<Vec<_>>().join("\n"),
            Field::GuideSteps => self
                .steps
                .iter()
                .map(|s| match &s.limit {
                    Some(l) => format!("{}（时限：{l}）", s.name),
                    None => s.name.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Field::GuideLegalLimit => opt(&self.legal_limit),
            Field::GuidePromisedLimit => opt(&self.promised_limit),
            Field::GuideFee => self.fee.map(|f| if f { "收费" } else { "不收费" }.to_string()).unwrap_or_default(),
            Field::GuideFeeStandard => opt(&self.fee_standard),
            Field::GuideFeeBasis => opt(&self.fee_basis),
            Field::GuideVisits => self.visits.map(|v| v.to_string()).unwrap_or_default(),
            Field::GuideResult => opt(&self.result),
            Field::GuideQuestions => self
                .questions
                .iter()
                .map(|q| format!("问：{}\n答：{}", q.question, q.answer))
                .collect::<Vec<_>>()
                .join("\n"),
            Field::GuideOnline => loc(&self.online),
            Field::GuideMobile => loc(&self.mobile),
            _ => String::new(),
        }
    }

    /// Sets one part from a cell's text (the inverse of `text`); `Err` says what could not be
    /// read, in Chinese, for import's report. An empty text clears the part.
    pub fn set_text(&mut self, field: Field, value: &str) -> Result<(), String> {
        let value = value.trim();
        let some = |v: &str| Some(v.to_string()).filter(|v| !v.is_empty());
        match field {
            Field::GuideCode => self.service_code = some(value),
            Field::GuideConditions => self.conditions = some(value),
            Field::GuideMaterials => {
                self.materials = value.lines().map(str::trim).filter(|l| !l.is_empty()).map(parse_material).collect()
            }
            Field::GuideSteps => {
                self.steps = value
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(|l| match trailing(l).and_then(|(name, inner)| Some((name, inner.strip_prefix("时限：")?)))
                    {
                        Some((name, limit)) => Step { name: name.to_string(), limit: some(limit) },
                        None => Step { name: l.to_string(), limit: None },
                    })
                    .collect()
            }
            Field::GuideLegalLimit => self.legal_limit = some(value),
            Field::GuidePromisedLimit => self.promised_limit = some(value),
            Field::GuideFee => {
                self.fee = match value {
                    "" => None,
                    "收费" | "是" => Some(true),
                    "不收费" | "否" | "免费" => Some(false),
                    other => return Err(format!("“{other}”不是“收费”或“不收费”")),
                }
            }
            Field::GuideFeeStandard => self.fee_standard = some(value),
            Field::GuideFeeBasis => self.fee_basis = some(value),
            Field::GuideVisits => {
                let digits = value.trim_end_matches('次');
                self.visits = match digits {
                    "" => None,
                    d => Some(d.parse().map_err(|_| format!("“{value}”不是次数（写 0、1、2 这样的整数）"))?),
                }
            }
            Field::GuideResult => self.result = some(value),
            Field::GuideQuestions => self.questions = parse_questions(value),
            Field::GuideOnline => self.online = some(value).map(|v| Located::new(v, Span::default())),
            Field::GuideMobile => self.mobile = some(value).map(|v| Located::new(v, Span::default())),
            _ => {}
        }
        Ok(())
    }
}

/// `居民身份证（原件，1份，空白表格：a.docx，样表：b.pdf）`: the name, then what is known.
fn material_line(m: &Material) -> String {
    let mut facts: Vec<String> = Vec::new();
    facts.extend(m.form.clone());
    facts.extend(m.copies.map(|c| format!("{c}份")));
    facts.extend(m.blank.as_ref().map(|b| format!("空白表格：{}", b.value)));
    facts.extend(m.sample.as_ref().map(|s| format!("样表：{}", s.value)));
    if facts.is_empty() {
        m.name.clone()
    } else {
        format!("{}（{}）", m.name, facts.join("，"))
    }
}

fn parse_material(line: &str) -> Material {
    let whole = Material { name: line.to_string(), ..Material::default() };
    let Some((name, inner)) = trailing(line) else { return whole };
    let mut m = Material { name: name.to_string(), ..Material::default() };
    for fact in inner.split('，').map(str::trim) {
        let located = |v: &str| Some(Located::new(v.trim().to_string(), Span::default()));
        if let Some(b) = fact.strip_prefix("空白表格：") {
            m.blank = located(b);
        } else if let Some(s) = fact.strip_prefix("样表：") {
            m.sample = located(s);
        } else if let Some(n) = fact.strip_suffix('份').and_then(|n| n.parse().ok()) {
            m.copies = Some(n);
        } else if m.form.is_none() && fact.contains('件') && !fact.is_empty() {
            m.form = Some(fact.to_string());
        } else {
            return whole;
        }
    }
    m
}

/// `name（inner）` at the end of a line.
fn trailing(line: &str) -> Option<(&str, &str)> {
    let body = line.strip_suffix('）')?;
    let open = body.rfind('（')?;
    let name = body[..open].trim();
    (!name.is_empty()).then_some((name, &body[open + '（'.len_utf8()..]))
}

fn parse_questions(text: &str) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    let mut in_answer = false;
    for line in text.lines() {
        if let Some(q) = line.strip_prefix("问：") {
            out.push(Question { question: q.trim().to_string(), answer: String::new() });
            in_answer = false;
        } else if let (Some(a), Some(last)) = (line.strip_prefix("答："), out.last_mut()) {
            last.answer = a.trim().to_string();
            in_answer = true;
        } else if let Some(last) = out.last_mut().filter(|_| in_answer) {
            last.answer.push('\n');
            last.answer.push_str(line);
        } else if !line.trim().is_empty() {
            out.push(Question { question: line.trim().to_string(), answer: String::new() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Guide {
        let at = |s: &str| Some(Located::new(s.to_string(), Span::default()));
        Guide {
            service_code: Some("11330726MB1234567X4000117001".into()),
            conditions: Some("本镇户籍居民".into()),
            materials: vec![
                Material {
                    name: "居民身份证".into(),
                    form: Some("原件".into()),
                    copies: Some(1),
                    blank: None,
                    sample: None,
                },
                Material {
                    name: "申请表（2025 版）".into(),
                    form: Some("原件".into()),
                    copies: Some(2),
                    blank: at("forms/a.docx"),
                    sample: at("forms/a-sample.pdf"),
                },
                Material { name: "户口簿（首页）".into(), ..Material::default() },
            ],
            steps: vec![
                Step { name: "受理".into(), limit: Some("即时".into()) },
                Step { name: "办结".into(), limit: None },
            ],
            legal_limit: Some("20个工作日".into()),
            promised_limit: Some("5个工作日".into()),
            fee: Some(false),
            fee_standard: None,
            fee_basis: None,
            visits: Some(1),
            result: Some("证明".into()),
            questions: vec![Question {
                question: "能代办吗？".into(), answer: "可以。\n须带委托书。".into()
            }],
            online: at("https://zwfw.example.gov.cn/item/1"),
            mobile: None,
            span: Span::default(),
        }
    }

    #[test]
    fn every_part_reads_back_from_its_text() {
        let guide = sample();
        let mut back = Guide::default();
        for f in Field::ALL.iter().filter(|f| f.spec().kind == super::super::Kind::Guide) {
            back.set_text(*f, &guide.text(*f)).unwrap();
        }
        assert_eq!(back, guide);
        assert!(guide.text(Field::GuideMaterials).contains("申请表（2025 版）（原件，2份，空白表格：forms/a.docx"));
        assert_eq!(back.materials[2].name, "户口簿（首页）");
    }

    #[test]
    fn unreadable_cells_say_why() {
        let mut g = Guide::default();
        assert!(g.set_text(Field::GuideVisits, "一次").unwrap_err().contains("一次"));
        assert!(g.set_text(Field::GuideFee, "看情况").is_err());
        g.set_text(Field::GuideVisits, "2次").unwrap();
        assert_eq!(g.visits, Some(2));
    }
}

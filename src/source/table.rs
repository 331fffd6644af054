//! Typed reading of a parsed TOML table that reports every problem at once.
//!
//! Each getter records the key it was asked for; `finish` then reports every key nobody asked
//! for as unknown, with the closest known key as "did you mean". So the list of known fields is
//! the code that reads them, and cannot drift from it.

use crate::diag::{closest, Diagnostic};
use crate::model::{Date, Located, Span};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Where diagnostics go while one file is read.
pub struct FileCx {
    pub file: u32,
    /// Where the parsed text starts in the file (non-zero for Markdown front matter).
    pub base: usize,
    pub diags: Vec<Diagnostic>,
}

impl FileCx {
    pub fn new(file: u32) -> Self {
        FileCx { file, base: 0, diags: Vec::new() }
    }

    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.file, range.start + self.base..range.end + self.base)
    }

    pub fn error(&mut self, range: std::ops::Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.error_at(self.span(range), message)
    }

    pub fn error_at(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let d = Diagnostic::at(span, message);
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }
}

pub struct Table<'t, 'i> {
    table: &'t DeTable<'i>,
    /// Span of the table itself, where "missing field" is reported.
    span: std::ops::Range<usize>,
    /// Human name of the table for messages, e.g. "[[basic]] 第 3 项".
    what: String,
    asked: Vec<&'static str>,
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "字符串",
        DeValue::Integer(_) => "整数",
        DeValue::Float(_) => "小数",
        DeValue::Boolean(_) => "布尔值",
        DeValue::Datetime(_) => "日期",
        DeValue::Array(_) => "数组",
        DeValue::Table(_) => "表",
    }
}

impl<'t, 'i> Table<'t, 'i> {
    pub fn new(table: &'t DeTable<'i>, span: std::ops::Range<usize>, what: impl Into<String>) -> Self {
        Table { table, span, what: what.into(), asked: Vec::new() }
    }

    pub fn span(&self, cx: &FileCx) -> Span {
        cx.span(self.span.clone())
    }

    pub fn what(&self) -> &str {
        &self.what
    }

    fn get(&mut self, key: &'static str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.asked.push(key);
        self.table.get(key)
    }

    fn missing(&self, cx: &mut FileCx, key: &'static str) {
        let label = crate::model::fields::label(key);
        cx.error(self.span.clone(), format!("{}缺少必填字段 `{key}`（{label}）", self.what)).hint =
            Some(format!("添加一行：{key} = \"…\""));
    }

    fn wrong_type(&self, cx: &mut FileCx, key: &str, v: &Spanned<DeValue<'_>>, expected: &str) {
        cx.error(v.span(), format!("字段 `{key}` 应为{expected}，实际是{}", type_name(v.get_ref()))).hint =
            Some(format!("写成 {key} = {}", example_of(expected)));
    }

    /// An optional text field. Empty text counts as absent.
    pub fn text(&mut self, cx: &mut FileCx, key: &'static str) -> Option<Located<String>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => None,
            DeValue::String(s) => Some(Located::new(s.to_string(), cx.span(v.span()))),
            _ => {
                self.wrong_type(cx, key, v, "字符串");
                None
            }
        }
    }

    /// A required text field.
    pub fn req_text(&mut self, cx: &mut FileCx, key: &'static str) -> Option<Located<String>> {
        let present = self.table.contains_key(key);
        let v = self.text(cx, key);
        if v.is_none() && !present {
            self.missing(cx, key);
        } else if v.is_none() && self.table.get(key).is_some_and(|v| v.get_ref().is_str()) {
            let span = self.table.get(key).map(|v| v.span()).unwrap_or(self.span.clone());
            cx.error(span, format!("必填字段 `{key}`（{}）不能为空", crate::model::fields::label(key)));
        }
        v
    }

    /// Text that publishers also write as a number (序号 `1`, `1.0`).
    pub fn text_or_number(&mut self, cx: &mut FileCx, key: &'static str) -> Option<String> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()).filter(|s| !s.trim().is_empty()),
            DeValue::Integer(i) => Some(i.as_str().to_string()),
            DeValue::Float(f) => Some(f.as_str().to_string()),
            _ => {
                self.wrong_type(cx, key, v, "字符串");
                None
            }
        }
    }

    pub fn bool(&mut self, cx: &mut FileCx, key: &'static str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(cx, key, v, "布尔值");
                None
            }
        }
    }

    pub fn int(&mut self, cx: &mut FileCx, key: &'static str) -> Option<i64> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                Ok(n) => Some(n),
                Err(_) => {
                    cx.error(v.span(), format!("字段 `{key}` 的数值超出范围"));
                    None
                }
            },
            _ => {
                self.wrong_type(cx, key, v, "整数");
                None
            }
        }
    }

    /// A date written as a TOML date (`2025-10-01`) or as text (`"2025年10月1日"`).
    pub fn date(&mut self, cx: &mut FileCx, key: &'static str) -> Option<Date> {
        let v = self.get(key)?;
        let parsed = match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => Date::new(d.year, d.month, d.day),
                _ => None,
            },
            DeValue::String(s) if s.trim().is_empty() => return None,
            DeValue::String(s) => Date::parse(s),
            _ => {
                self.wrong_type(cx, key, v, "日期");
                return None;
            }
        };
        if parsed.is_none() {
            cx.error(v.span(), format!("字段 `{key}` 不是有效日期")).hint =
                Some("日期写作 2025-10-01（年-月-日），且须是实际存在的日期".into());
        }
        parsed
    }

    pub fn req_date(&mut self, cx: &mut FileCx, key: &'static str) -> Option<Date> {
        let present = self.table.contains_key(key);
        let d = self.date(cx, key);
        if !present {
            self.missing(cx, key);
        }
        d
    }

    /// A list of texts; a single text is accepted as a list of one.
    pub fn texts(&mut self, cx: &mut FileCx, key: &'static str) -> Vec<Located<String>> {
        let Some(v) = self.get(key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::String(s) if s.trim().is_empty() => Vec::new(),
            DeValue::String(s) => vec![Located::new(s.to_string(), cx.span(v.span()))],
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::String(s) => Some(Located::new(s.to_string(), cx.span(item.span()))),
                    _ => {
                        self.wrong_type(cx, key, item, "字符串");
                        None
                    }
                })
                .collect(),
            _ => {
                self.wrong_type(cx, key, v, "字符串数组");
                Vec::new()
            }
        }
    }

    /// A value from a fixed set of Chinese names (来源, 状态, 类型 ...).
    pub fn choice<T: Copy>(&mut self, cx: &mut FileCx, key: &'static str, names: &[(&'static str, T)]) -> Option<T> {
        let v = self.text(cx, key)?;
        if let Some((_, value)) = names.iter().find(|(n, _)| *n == v.value.trim()) {
            return Some(*value);
        }
        let allowed: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
        let suggestion = closest(v.value.trim(), allowed.iter().copied());
        let d = cx.error_at(v.span, format!("字段 `{key}` 的值“{}”无效", v.value));
        d.label = Some(format!("可选值：{}", allowed.join("、")));
        d.hint = suggestion.map(|s| format!("是否应为“{s}”？"));
        None
    }

    pub fn req_choice<T: Copy>(
        &mut self,
        cx: &mut FileCx,
        key: &'static str,
        names: &[(&'static str, T)],
    ) -> Option<T> {
        let present = self.table.contains_key(key);
        let v = self.choice(cx, key, names);
        if !present {
            self.missing(cx, key);
        }
        v
    }

    /// A sub-table (`[service_center]`).
    pub fn table(&mut self, cx: &mut FileCx, key: &'static str) -> Option<Table<'t, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Table::new(t, v.span(), format!("[{key}] "))),
            _ => {
                self.wrong_type(cx, key, v, "表");
                None
            }
        }
    }

    /// An array of tables (`[[basic]]`), each named for messages as "[[key]] 第 N 项 ".
    pub fn tables(&mut self, cx: &mut FileCx, key: &'static str) -> Vec<Table<'t, 'i>> {
        let Some(v) = self.get(key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(n, item)| match item.get_ref() {
                    DeValue::Table(t) => Some(Table::new(t, item.span(), format!("[[{key}]] 第 {} 项", n + 1))),
                    _ => {
                        self.wrong_type(cx, key, item, "表");
                        None
                    }
                })
                .collect(),
            _ => {
                self.wrong_type(cx, key, v, "表数组");
                Vec::new()
            }
        }
    }

    /// A table of free-form text pairs, kept in source order (`extra = { "列名" = "内容" }`).
    pub fn pairs(&mut self, cx: &mut FileCx, key: &'static str) -> Vec<(String, String)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        match v.get_ref() {
            DeValue::Table(t) => t
                .iter()
                .filter_map(|(k, val)| match val.get_ref() {
                    DeValue::String(s) => Some((k.get_ref().to_string(), s.to_string())),
                    _ => {
                        self.wrong_type(cx, k.get_ref(), val, "字符串");
                        None
                    }
                })
                .collect(),
            _ => {
                self.wrong_type(cx, key, v, "表");
                Vec::new()
            }
        }
    }

    /// Reports every key that no getter asked for.
    pub fn finish(&self, cx: &mut FileCx) {
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if self.asked.contains(&name) {
                continue;
            }
            let d = cx.error(key.span(), format!("{}有未知字段 `{name}`", self.what));
            d.hint = Some(match closest(name, self.asked.iter().copied()) {
                Some(s) => format!("是否应为 `{s}`（{}）？", crate::model::fields::label(s)),
                None => format!("可用字段：{}", self.asked.join("、")),
            });
        }
    }
}

fn example_of(expected: &str) -> &'static str {
    match expected {
        "字符串" => "\"…\"",
        "布尔值" => "true",
        "日期" => "2025-10-01",
        "整数" => "1",
        "字符串数组" => "[\"…\", \"…\"]",
        _ => "…",
    }
}

//! The county overview's tables as CSV (`data/overview-*.csv`): the same figures the overview
//! page shows (`derive::Overview`), with the columns `dictionary` declares.

use super::dictionary;
use super::table::Sheet;
use crate::derive::Counts;
use crate::derive::{Difference, Overview};
use std::borrow::Cow;

/// The overview's tables: (key, file stem, title); each is `urls::data(stem, "csv")`.
pub const FILES: [(&str, &str, &str); 4] = [
    ("townships", "overview-townships", "全县概况：各乡镇（街道）事项数"),
    ("categories", "overview-categories", "全县概况：各类别事项数"),
    ("departments", "overview-departments", "全县概况：各县直部门事项数"),
    ("differences", "overview-differences", "全县概况：乡镇（街道）之间的差异"),
];

/// What the overview calls items without a category.
pub const NO_CATEGORY: &str = "（未分类）";

/// The table `key` (one of `FILES`) of the overview.
pub fn sheet<'a>(overview: &'a Overview<'a>, key: &str) -> Sheet<'a> {
    let (columns, rows) = match key {
        "townships" => (dictionary::overview_township_columns(), townships(overview)),
        "categories" => (dictionary::overview_category_columns(), categories(overview)),
        "departments" => (dictionary::overview_department_columns(), departments(overview)),
        _ => (dictionary::overview_difference_columns(), differences(overview)),
    };
    Sheet { name: title(key).into(), columns, rows }
}

/// The title of table `key`.
pub fn title(key: &str) -> &'static str {
    FILES.iter().find(|(k, _, _)| *k == key).map(|(_, _, t)| *t).unwrap_or("")
}

fn n<'a>(value: usize) -> Cow<'a, str> {
    Cow::Owned(value.to_string())
}

fn parts<'a>(c: &Counts) -> [Cow<'a, str>; 4] {
    [n(c.basic), n(c.support), n(c.recalled), n(c.total)]
}

fn townships<'a>(o: &'a Overview<'a>) -> Vec<Vec<Cow<'a, str>>> {
    let mut rows: Vec<Vec<Cow<str>>> = o
        .townships
        .iter()
        .map(|t| {
            let mut row: Vec<Cow<str>> =
                vec![Cow::Borrowed(&t.body.code.value), Cow::Borrowed(&t.body.name), Cow::Borrowed(t.body.kind.name())];
            row.extend(parts(&t.counts));
            row.extend([
                Cow::Borrowed(t.share.as_str()),
                n(t.counts.service_center),
                n(t.unique.iter().sum()),
                n(t.missing.iter().sum()),
            ]);
            row
        })
        .collect();
    let mut total: Vec<Cow<str>> = vec!["".into(), "合计".into(), "".into()];
    total.extend(parts(&o.totals));
    total.extend([Cow::Borrowed(o.share.as_str()), n(o.totals.service_center), "".into(), "".into()]);
    let a = &o.averages;
    let mut average: Vec<Cow<str>> = vec!["".into(), "平均".into(), "".into()];
    average.extend([&a.basic, &a.support, &a.recalled, &a.total].map(|v| Cow::Borrowed(v.as_str())));
    average.extend([Cow::Borrowed(o.share.as_str()), "".into(), "".into(), "".into()]);
    rows.push(total);
    rows.push(average);
    rows
}

fn categories<'a>(o: &'a Overview<'a>) -> Vec<Vec<Cow<'a, str>>> {
    o.categories
        .iter()
        .map(|c| {
            let label = if c.label.is_empty() { NO_CATEGORY } else { c.label.as_str() };
            vec![
                Cow::Borrowed(label),
                n(c.parts[0]),
                n(c.parts[1]),
                n(c.parts[2]),
                n(c.total),
                n(c.townships),
                Cow::Borrowed(c.average.as_str()),
            ]
        })
        .collect()
}

fn departments<'a>(o: &'a Overview<'a>) -> Vec<Vec<Cow<'a, str>>> {
    o.departments
        .iter()
        .map(|d| {
            let c = &d.counts;
            vec![
                Cow::Borrowed(d.code),
                Cow::Borrowed(d.name),
                n(c.delegated),
                n(c.entrusted),
                n(c.extended),
                n(c.support),
                n(c.recalled),
                n(c.total()),
                n(d.townships),
            ]
        })
        .collect()
}

fn difference<'a>(what: &'static str, d: &'a Difference<'a>) -> Vec<Cow<'a, str>> {
    vec![
        Cow::Borrowed(what),
        Cow::Borrowed(d.body),
        Cow::Borrowed(d.body_name),
        Cow::Borrowed(d.part.name()),
        Cow::Borrowed(d.category.unwrap_or("")),
        Cow::Borrowed(d.name),
        Cow::Borrowed(d.item.as_ref().map(|r| r.item.code.value.as_str()).unwrap_or("")),
    ]
}

fn differences<'a>(o: &'a Overview<'a>) -> Vec<Vec<Cow<'a, str>>> {
    let unique = o.unique.iter().map(|d| difference("独有", d));
    unique.chain(o.missing.iter().map(|d| difference("缺少", d))).collect()
}

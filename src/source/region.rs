//! A region's `qingdan.toml` (a province or a city covering several county sites): see
//! docs/region.md.

use super::table::{FileCx, Table};
use crate::model::{City, Located, RegionConfig, RegionKind};
use std::collections::BTreeSet;
use std::path::Path;

/// Names a county code may not take: the region's own pages and files sit beside the counties'
/// directories in the output.
pub const RESERVED: &[&str] = &["static", "cities", "guidance", "search", "data", "counties", "content", "themes"];

pub fn read(cx: &mut FileCx, t: &mut Table, _path: &Path) -> Option<RegionConfig> {
    let title = t.req_text(cx, "title");
    let base_url = t.text(cx, "base_url").map(|v| v.value);
    let publisher = t.text(cx, "publisher").map(|v| v.value);
    let description = t.text(cx, "description").map(|v| v.value);
    let mut region = t.table(cx, "region")?;
    let code = region.req_text(cx, "code");
    let name = region.req_text(cx, "name");
    let kind = region.req_choice(cx, "kind", RegionKind::NAMES);
    let mut cities: Vec<City> = region
        .tables(cx, "city")
        .into_iter()
        .filter_map(|mut c| {
            let code = c.req_text(cx, "code");
            let name = c.req_text(cx, "name");
            let counties = c.texts(cx, "counties");
            c.finish(cx);
            Some(City { code: code?, name: name?.value, counties })
        })
        .collect();
    let direct = region.texts(cx, "counties");
    region.finish(cx);
    let (code, name, kind) = (code?, name?.value, kind?);
    match kind {
        RegionKind::City if !cities.is_empty() => {
            cx.error_at(cities[0].code.span, "市级站点直接列出所辖县（市、区），不再分市").hint =
                Some("把 [[region.city]] 中的县写到 [region] 的 counties = [\"…\"] 中".into());
        }
        RegionKind::City => cities.push(City { code: code.clone(), name: name.clone(), counties: direct }),
        RegionKind::Province if !direct.is_empty() => {
            cx.error_at(direct[0].span, "省级站点的县（市、区）要写在所属的市下").hint =
                Some("写成 [[region.city]]，其中 code、name 和 counties = [\"…\"]".into());
        }
        RegionKind::Province => {}
    }
    let mut seen = BTreeSet::new();
    for county in cities.iter().flat_map(|c| &c.counties) {
        check_code(cx, county, "县（市、区）");
        if !seen.insert(county.value.as_str()) {
            cx.error_at(county.span, format!("县（市、区）代码“{}”重复", county.value)).hint =
                Some("每个县只在一个市下列出一次".into());
        }
    }
    for city in cities.iter().filter(|_| kind == RegionKind::Province) {
        check_code(cx, &city.code, "市");
    }
    if cities.iter().all(|c| c.counties.is_empty()) {
        cx.error_at(region.span(cx), "[region] 中没有列出任何县（市、区）").hint =
            Some("在 counties = [\"…\"] 中列出 counties/ 下各县站点的目录名".into());
    }
    Some(RegionConfig { title: title?.value, base_url, publisher, description, code, name, kind, cities })
}

/// County and city codes become directory names beside the region's pages.
fn check_code(cx: &mut FileCx, code: &Located<String>, what: &str) {
    let ok = !code.value.is_empty()
        && code.value.len() <= 64
        && code.value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        cx.error_at(code.span, format!("{what}代码“{}”只能包含小写字母、数字和 -，且不超过 64 个字节", code.value))
            .hint = Some("代码会成为网址中的目录名，建议用拼音，如 qingshan".into());
    } else if RESERVED.contains(&code.value.as_str()) {
        cx.error_at(code.span, format!("{what}代码“{}”与省（市）级页面的目录同名", code.value)).hint =
            Some(format!("换一个代码；这些名称留作他用：{}", RESERVED.join("、")));
    }
}

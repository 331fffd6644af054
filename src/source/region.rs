//! A region's `qingdan.toml` (a province or a city covering several county sites): see
//! docs/region.md.

use super::table::{FileCx, Table};
use crate::diag::{Diagnostic, Diagnostics, Location, SourceMap};
use crate::model::{City, Located, Parent, ParentCity, RegionConfig, RegionKind};
use std::collections::BTreeSet;
use std::path::Path;

/// Names a county code may not take: the region's own pages and files sit beside the counties'
/// directories in the output.
pub const RESERVED: &[&str] = &["static", "cities", "guidance", "search", "data", "counties", "content", "themes"];

pub fn read(cx: &mut FileCx, t: &mut Table, _path: &Path) -> Option<RegionConfig> {
    let title = t.req_text(cx, "title");
    let base_url = t.text(cx, "base_url");
    if let Some(url) = base_url.as_ref().filter(|u| !(u.starts_with("https://") || u.starts_with("http://"))) {
        cx.error_at(url.span, "`base_url` 须以 https:// 或 http:// 开头").hint =
            Some("例如 base_url = \"https://qd.example.gov.cn/\"".into());
    }
    let base_url = base_url.map(|v| v.value);
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

/// The region of the county site at `root`, read from the `qingdan.toml` its `province` line
/// points to. Problems are reported at that line: no site there, no `[region]`, a region with
/// errors of its own, a region that does not list the county (whose code is the name of its
/// directory, `counties/<code>/`). Returns the region when the county's pages can link to it.
pub fn parent(root: &Path, province: &Located<String>, diags: &mut Diagnostics) -> Option<Parent> {
    // Shown without the `..` where it exists: `/…/dongjiang`, not `counties/x/../..`.
    let dir = root.join(&province.value);
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    let file = dir.join(super::CONFIG_FILE);
    let at = |message: String, hint: &str| Diagnostic::at(province.span, message).hint(hint);
    if !file.is_file() {
        diags.push(at(
            format!("`province` 指向的目录 {} 中没有 {}", dir.display(), super::CONFIG_FILE),
            "province 写省（市）级站点根目录相对于本县站点的路径，通常是 \"../..\"（本县站点在 counties/<代码>/ 中）",
        ));
        return None;
    }
    if !super::is_region(&dir) {
        diags.push(at(
            format!("`province` 指向的 {} 中没有 [region]，不是省（市）级站点", file.display()),
            "province 指向省（市）级站点的根目录，它的 qingdan.toml 中有 [region]（行政区划，见 docs/region.md）；\
             本县站点在 counties/<代码>/ 中时通常写 \"../..\"",
        ));
        return None;
    }
    // The region's own problems are reported by `qingdan check` in its directory; here, that
    // there are some.
    let mut map = SourceMap::default();
    let id = map.add(file.clone());
    let mut local = Diagnostics::default();
    let config = super::read(&map, id, &mut local, read).filter(|_| !local.list.iter().any(|d| d.is_error()));
    let Some(config) = config else {
        diags.push(at(
            format!("`province` 指向的省（市）级站点配置 {} 有错误，无法读取", file.display()),
            &format!("在 {} 中运行 qingdan check，按提示修改省（市）级站点的 qingdan.toml", dir.display()),
        ));
        return None;
    };
    let code = std::fs::canonicalize(root)
        .ok()
        .and_then(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let Some((city, _)) = config.counties().find(|(_, county)| county.value == code) else {
        diags.push(
            Diagnostic::warning(
                Location::Span(province.span),
                format!("{}的 [region] 中没有列出本县（县代码即本县站点的目录名 {code}）", config.name),
            )
            .hint(format!(
                "在 {} 的 counties = [\"…\"] 中加上 \"{code}\"，或把本县站点的目录改为省级列出的县代码；\
                 列出之前，本县的页面上不显示{}",
                file.display(),
                config.name
            )),
        );
        return None;
    };
    let city = (config.kind == RegionKind::Province)
        .then(|| ParentCity { code: city.code.value.clone(), name: city.name.clone() });
    Some(Parent {
        title: config.title,
        base_url: config.base_url,
        city,
        name: config.name,
        kind: config.kind,
        county: code,
    })
}

/// Where a county of a region is published when it does not say itself: in the region's
/// output at `<region base_url>/<county>/`, as `build` and `combine` lay it out.
pub fn county_base_url(parent: &Parent) -> Option<String> {
    let base = parent.base_url.as_deref().map(str::trim).filter(|b| !b.is_empty())?;
    Some(format!("{}/{}", base.trim_end_matches('/'), crate::urls::in_county(&parent.county, "")))
}

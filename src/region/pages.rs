//! The region's own pages: the jurisdiction tree (home), a page per city, each guidance
//! catalog's coverage compared across counties (page and CSV, the same rows), the search
//! page that narrows to a county, and the page for addresses that do not exist. Counties' pages are their own sites under `<county>/`.

use crate::export::summary::{CatalogSummary, Summary};
use crate::model::{RegionConfig, RegionKind};
use crate::render::Theme;
use crate::write::Output;
use minijinja::context;
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
struct CountyView<'a> {
    code: &'a str,
    name: &'a str,
    href: String,
    search: String,
    /// The county's open data page (its per-list downloads).
    data: String,
    townships: usize,
    departments: usize,
    items: usize,
    /// Per region catalog, in order: the county's coverage, if it has that catalog.
    coverage: Vec<Option<&'a CatalogSummary>>,
}

#[derive(Serialize)]
struct CityView<'a> {
    code: &'a str,
    name: &'a str,
    href: String,
    townships: usize,
    items: usize,
    counties: Vec<CountyView<'a>>,
}

#[derive(Serialize)]
struct CatalogView {
    id: String,
    title: String,
    /// The title without the issuer's words, for navigation ("综合行政执法事项指导目录").
    short: String,
    items: usize,
    href: String,
    csv: String,
}

/// One county's row of a catalog's comparison, on the page and in the CSV.
#[derive(Serialize)]
struct Row<'a> {
    city: &'a str,
    county: &'a str,
    code: &'a str,
    href: String,
    townships: usize,
    c: Option<&'a CatalogSummary>,
    /// "111 项中下放 84 项、委托 3 项，乡镇原有 2 项（合计承接 89 项，80%），未下放 22 项": the
    /// county coverage page's sentence.
    line: String,
}

/// The sentence of a county's coverage, as the county's own guidance page writes it.
pub fn coverage_line(c: &CatalogSummary) -> String {
    let percent = if c.items == 0 { 0.0 } else { c.held as f64 * 100.0 / c.items as f64 };
    let mut line = format!(
        "{} 项中下放 {} 项、委托 {} 项，乡镇原有 {} 项（合计承接 {} 项，{percent:.0}%），未下放 {} 项",
        c.items, c.delegated, c.entrusted, c.own, c.held, c.not_delegated
    );
    if c.recalled > 0 {
        line.push_str(&format!("，收回 {} 项", c.recalled));
    }
    line
}

/// The region's catalogs: its own `content/guidance/*.toml`, in file order, with their titles
/// and sizes as the counties read them.
fn catalogs(root: &Path, counties: &[Summary]) -> Vec<CatalogView> {
    let dir = root.join("content").join("guidance");
    let mut ids: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .filter_map(|p| Some(p.file_stem()?.to_string_lossy().to_string()))
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids.into_iter()
        .filter_map(|id| {
            let c = counties.iter().flat_map(|k| &k.catalogs).find(|c| c.id == id)?;
            let short = c.title.rsplit_once(['省', '市']).map(|(_, s)| s).filter(|s| !s.is_empty()).unwrap_or(&c.title);
            Some(CatalogView {
                href: crate::urls::region_catalog(&id),
                csv: crate::urls::region_catalog_csv(&id),
                short: short.to_string(),
                title: c.title.clone(),
                items: c.items,
                id,
            })
        })
        .collect()
}

/// Writes the region's pages and the comparison CSVs into `out`; returns the number of pages.
pub fn write(root: &Path, config: &RegionConfig, counties: &[Summary], out: &dyn Output) -> crate::Result<usize> {
    let theme = Theme::new(root);
    let env = theme.environment();
    let catalogs = catalogs(root, counties);
    let mut summaries = counties.iter();
    let cities: Vec<CityView> = config
        .cities
        .iter()
        .map(|city| {
            let counties: Vec<CountyView> = city
                .counties
                .iter()
                .filter_map(|code| {
                    let s = summaries.next()?;
                    Some(CountyView {
                        code: &code.value,
                        name: &s.name,
                        href: crate::urls::in_county(&code.value, crate::urls::HOME),
                        search: crate::urls::in_county(&code.value, crate::urls::SEARCH),
                        data: crate::urls::in_county(&code.value, crate::urls::DATA_PAGE),
                        townships: s.townships,
                        departments: s.departments,
                        items: s.items,
                        coverage: catalogs.iter().map(|c| s.catalogs.iter().find(|k| k.id == c.id)).collect(),
                    })
                })
                .collect();
            CityView {
                code: &city.code.value,
                name: &city.name,
                href: crate::urls::region_city(&city.code.value),
                townships: counties.iter().map(|k| k.townships).sum(),
                items: counties.iter().map(|k| k.items).sum(),
                counties,
            }
        })
        .collect();
    let site = context! {
        title => &config.title, publisher => &config.publisher,
        description => &config.description, base_url => &config.base_url,
    };
    let region = context! { name => &config.name, kind => config.kind.name(), code => &config.code.value };
    let totals = context! {
        counties => counties.len(),
        townships => counties.iter().map(|s| s.townships).sum::<usize>(),
        items => counties.iter().map(|s| s.items).sum::<usize>(),
    };
    let render = |template: &str, path: &str, extra: minijinja::Value| -> crate::Result<()> {
        let root = "../".repeat(path.matches('/').count());
        let ctx = context! { site, region, catalogs => &catalogs, cities => &cities, totals, root, path, ..extra };
        let html = env
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(|e| crate::Error::failed(format!("模板 {template}"), e))?;
        out.write(path, html.as_bytes()).map_err(|e| crate::Error::io(path, e))
    };
    let mut dirs = vec![crate::urls::STYLE, crate::urls::SCRIPT];
    let city_paths: Vec<String> = cities.iter().map(|c| c.href.clone()).collect();
    let catalog_paths: Vec<String> = catalogs.iter().flat_map(|c| [c.href.clone(), c.csv.clone()]).collect();
    if config.kind == RegionKind::Province {
        dirs.extend(city_paths.iter().map(String::as_str));
    }
    dirs.extend(catalog_paths.iter().map(String::as_str));
    out.create_dirs(&dirs).map_err(|e| crate::Error::io(out.dir().display(), e))?;
    let style = theme.file(&format!("static/{}", crate::render::STYLE_FILE)).unwrap_or_default();
    out.write(crate::urls::STYLE, style.as_bytes()).map_err(|e| crate::Error::io(crate::urls::STYLE, e))?;
    out.write(crate::urls::SCRIPT, theme.script().as_bytes()).map_err(|e| crate::Error::io(crate::urls::SCRIPT, e))?;
    let mut pages = 0;
    render("region-home.html", crate::urls::HOME, context! {})?;
    render("region-search.html", crate::urls::SEARCH, context! {})?;
    render("region-404.html", crate::urls::NOT_FOUND, context! {})?;
    pages += 3;
    if config.kind == RegionKind::Province {
        for city in &cities {
            render("region-city.html", &city.href, context! { city })?;
            pages += 1;
        }
    }
    for (at, catalog) in catalogs.iter().enumerate() {
        let rows: Vec<Row> = cities
            .iter()
            .flat_map(|city| {
                city.counties.iter().map(move |k| {
                    let c = k.coverage[at];
                    Row {
                        city: city.name,
                        county: k.name,
                        code: k.code,
                        href: crate::urls::in_county(k.code, &crate::urls::catalog(&catalog.id)),
                        townships: k.townships,
                        c,
                        line: c.map(coverage_line).unwrap_or_else(|| "本县未对照这一目录".into()),
                    }
                })
            })
            .collect();
        out.write(&catalog.csv, &csv(&rows).map_err(|e| crate::Error::io(&catalog.csv, e))?)
            .map_err(|e| crate::Error::io(&catalog.csv, e))?;
        render("region-catalog.html", &catalog.href, context! { catalog, rows })?;
        pages += 1;
    }
    Ok(pages)
}

/// The comparison as CSV: the page's rows and figures, column for column.
fn csv(rows: &[Row]) -> std::io::Result<Vec<u8>> {
    let headers = [
        "市",
        "县（市、区）代码",
        "县（市、区）",
        "乡镇（街道）数",
        "目录事项数",
        "承接",
        "下放",
        "委托",
        "原有",
        "未下放",
        "收回",
        "承接情况",
    ];
    let mut w = crate::export::csv::Writer::new(Vec::new(), &headers)?;
    for r in rows {
        let n = |f: fn(&CatalogSummary) -> usize| r.c.map(|c| f(c).to_string()).unwrap_or_default();
        w.row(&[
            r.city.to_string(),
            r.code.to_string(),
            r.county.to_string(),
            r.townships.to_string(),
            n(|c| c.items),
            n(|c| c.held),
            n(|c| c.delegated),
            n(|c| c.entrusted),
            n(|c| c.own),
            n(|c| c.not_delegated),
            n(|c| c.recalled),
            r.line.clone(),
        ])?;
    }
    w.finish()
}

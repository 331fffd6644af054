//! Region sites: a province or a city whose counties are ordinary county sites in
//! `counties/<code>/` (docs/region.md). `build` builds every county into `<out>/<code>/`, each
//! exactly as `qingdan build` in the county's directory would, then writes the region's pages;
//! `combine` assembles county outputs built elsewhere (one CI job per county) without building
//! them again. Both swap the whole output in atomically, like a county build.

mod pages;
mod session;

use crate::export::summary::Summary;
use crate::model::RegionConfig;
use crate::progress::Progress;
use crate::source::county_dir;
use crate::write::{Output, Staging};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub use crate::source::{is_region, load_region as load};
pub use session::RegionSession;

/// What a region build or combination wrote.
#[derive(Debug)]
pub struct Combined {
    /// Each county's figures, in the configuration's order.
    pub counties: Vec<Summary>,
    /// Pages of the region itself (home, cities, catalogs, search).
    pub pages: usize,
}

/// Builds every county of `config` into `<out>/<county>/`, then the region's pages. `report` is
/// given each county's outcome (its diagnostics), in order, as soon as it and the county built
/// beside it are done; the first county that fails stops the build and leaves the old output
/// as it was.
pub fn build(
    root: &Path,
    config: &RegionConfig,
    out: &Path,
    progress: &Progress,
    report: &mut dyn FnMut(&str, &crate::build::Outcome),
) -> crate::Result<Combined> {
    let out = crate::write::output_dir(root, out)?;
    let staging = staging(&out)?;
    // Two counties at a time: each build is parallel itself but has steps that keep one core
    // busy, which the other county's work fills. Reported in order, stopping after the pair
    // that holds the first failure. One bar counts the counties: two counties' own bars would
    // draw over each other.
    let counties: Vec<_> = config.counties().map(|(_, county)| county).collect();
    let bar = progress.phase("生成各县（市、区）", counties.len());
    for pair in counties.chunks(2) {
        let outcomes: Vec<_> = pair
            .par_iter()
            .map(|county| {
                let dir = staging.dir().join(&county.value);
                crate::build::build_county(&county_dir(root, county), &dir, &Progress::hidden())
            })
            .collect();
        bar.inc(pair.len() as u64);
        for (county, outcome) in pair.iter().zip(&outcomes) {
            bar.suspend(|| report(&county.value, outcome));
            county_built(&county.value, outcome, "原有网站未改动")?;
        }
    }
    drop(bar);
    finish(root, config, staging, &out)
}

/// A county's outcome as the region's: a county that failed, or whose sources have errors,
/// stops the region; `kept` says what became of its output.
fn county_built(code: &str, outcome: &crate::build::Outcome, kept: &str) -> crate::Result<()> {
    let what = || format!("县（市、区）{code}");
    match &outcome.failure {
        Some(failure) => Err(crate::Error::failed(what(), failure)),
        None if !outcome.ok() => Err(crate::Error::failed(what(), format!("源文件有错误，未生成；{kept}"))),
        None => Ok(()),
    }
}

/// Assembles county outputs already built (`qingdan build` in each county's directory, e.g. one
/// CI job each) into `out` with the region's pages. Each county's output is taken from
/// `from/<county>/` when `from` is given, else from the county's own `public/`. Files are hard
/// links where the file system allows (copies elsewhere): nothing is rendered again.
pub fn combine(root: &Path, config: &RegionConfig, out: &Path, from: Option<&Path>) -> crate::Result<Combined> {
    let out = crate::write::output_dir(root, out)?;
    let staging = staging(&out)?;
    for (_, county) in config.counties() {
        let source = match from {
            Some(dir) => dir.join(&county.value),
            None => county_dir(root, county).join("public"),
        };
        if !source.join(crate::urls::SUMMARY).is_file() {
            return Err(crate::Error::usage(
                format!("{} 不是县（市、区）{} 生成的网站（没有 {}）", source.display(), county.value, crate::urls::SUMMARY),
                format!(
                    "先在 {} 中运行 qingdan build，或用 --from 指定各县输出所在的目录（其中每个县一个以代码命名的子目录）",
                    county_dir(root, county).display()
                ),
            ));
        }
        link_tree(&source, &staging.dir().join(&county.value))
            .map_err(|e| crate::Error::io(format!("复制 {} 的输出", county.value), e))?;
    }
    finish(root, config, staging, &out)
}

fn staging(out: &Path) -> crate::Result<Staging> {
    Staging::new(out).map_err(|e| crate::Error::io(format!("{} 旁的临时输出目录", out.display()), e))
}

/// Reads the counties' summaries from the staging directory, writes the region's pages, and
/// swaps the result in.
fn finish(root: &Path, config: &RegionConfig, staging: Staging, out: &Path) -> crate::Result<Combined> {
    let counties = config
        .counties()
        .map(|(_, county)| crate::export::summary::read(&staging.dir().join(&county.value)))
        .collect::<crate::Result<Vec<Summary>>>()?;
    let pages = pages::write(root, config, &counties, &staging)?;
    staging.commit().map_err(|e| crate::Error::failed(out.display(), e.message))?;
    Ok(Combined { counties, pages })
}

/// Recreates the tree `from` at `to` with hard links (copies where links fail: another file
/// system). The county's own output marker comes along; it is harmless inside the region's.
fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry.path().strip_prefix(from).map_err(std::io::Error::other)?;
        let target: PathBuf = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

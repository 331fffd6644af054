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
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

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
/// given each county's outcome (its diagnostics), in order, as soon as it and those before it
/// are done; the first county that fails stops the build and leaves the old output as it was.
pub fn build(
    root: &Path,
    config: &RegionConfig,
    out: &Path,
    progress: &Progress,
    report: &mut dyn FnMut(&str, &crate::build::Outcome),
) -> crate::Result<Combined> {
    let out = crate::write::output_dir(root, out)?;
    let staging = staging(&out)?;
    let counties: Vec<_> = config.counties().map(|(_, county)| county).collect();
    // One bar counts the counties: two counties' own bars would draw over each other.
    let bar = progress.phase("生成各县（市、区）", counties.len());
    build_counties(
        &counties,
        |county| {
            let dir = staging.dir().join(&county.value);
            let live = out.join(&county.value);
            crate::build::build_county(&county_dir(root, county), &dir, &live, &Progress::hidden())
        },
        |county, outcome| {
            bar.inc(1);
            bar.suspend(|| report(&county.value, outcome));
            county_built(&county.value, outcome, "原有网站未改动")
        },
    )?;
    drop(bar);
    finish(root, config, staging, &out)
}

/// How many counties build at once. Each build is parallel itself but has steps that keep one
/// core busy, which another county's work fills; more at once would only add memory.
const COUNTIES_AT_ONCE: usize = 2;

/// Builds `counties` with `build`, `COUNTIES_AT_ONCE` at a time, the next one starting as soon
/// as one is done, and hands each outcome to `done` in the counties' order. The first error
/// `done` returns stops the build: no further county starts, those already started finish,
/// and what comes after the failed county is not reported.
fn build_counties<C: Sync, O: Send>(
    counties: &[C],
    build: impl Fn(&C) -> O + Sync,
    mut done: impl FnMut(&C, &O) -> crate::Result<()>,
) -> crate::Result<()> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel();
        for _ in 0..COUNTIES_AT_ONCE.min(counties.len()) {
            let (tx, next, stop, build) = (tx.clone(), &next, &stop, &build);
            s.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(county) = counties.get(i) else { break };
                    if tx.send((i, build(county))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Outcomes arrive as counties finish; each is reported once those before it are.
        let mut finished: Vec<Option<O>> = counties.iter().map(|_| None).collect();
        let mut reported = 0;
        for (i, outcome) in rx {
            finished[i] = Some(outcome);
            while let Some(outcome) = finished.get_mut(reported).and_then(Option::take) {
                if let Err(e) = done(&counties[reported], &outcome) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                reported += 1;
            }
        }
        Ok(())
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::time::Duration;

    /// Builds that finish out of order (the first takes longest) are reported in order.
    #[test]
    fn outcomes_are_reported_in_the_counties_order() {
        let counties: Vec<u64> = vec![60, 1, 1, 30, 1, 1, 1];
        let mut seen = Vec::new();
        let finished = Mutex::new(Vec::new());
        build_counties(
            &counties,
            |&ms| {
                std::thread::sleep(Duration::from_millis(ms));
                finished.lock().unwrap().push(ms);
                ms
            },
            |&county, &outcome| {
                assert_eq!(county, outcome);
                seen.push(county);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, counties);
        // The short builds did not wait for the long first one: they finished before it.
        assert_ne!(finished.into_inner().unwrap(), counties);
    }

    /// A failure stops the build: later counties are not reported, and no county starts after it.
    #[test]
    fn the_first_failure_stops_the_build() {
        let counties: Vec<usize> = (0..20).collect();
        let started = Mutex::new(Vec::new());
        let mut seen = Vec::new();
        let result = build_counties(
            &counties,
            |&i| {
                started.lock().unwrap().push(i);
                std::thread::sleep(Duration::from_millis(5));
                i
            },
            |&county, _| {
                seen.push(county);
                if county == 3 {
                    return Err(crate::Error::failed(format!("县 {county}"), "失败"));
                }
                Ok(())
            },
        );
        assert!(result.is_err());
        assert_eq!(seen, vec![0, 1, 2, 3]);
        let started = started.into_inner().unwrap();
        assert!(started.len() < counties.len(), "every county started: {started:?}");
    }
}

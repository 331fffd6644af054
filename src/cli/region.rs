//! `build`, `check`, `serve` and `combine` on a region site (a province or a city whose counties
//! are county sites in `counties/<code>/`, docs/region.md).

use super::report;
use crate::build::session::Change;
use crate::progress::{Progress, Verbosity};
use crate::region::{self, Combined, RegionSession};
use crate::serve::{Preview, Sources};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct CombineArgs {
    /// 省（市）级站点目录（qingdan.toml 中有 [region]），默认为当前目录
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// 各县已生成的网站所在的目录，其中每个县一个以县代码命名的子目录；默认取各县站点自己的 public/
    #[arg(long)]
    from: Option<PathBuf>,
    /// 输出目录，默认为省（市）级站点目录下的 public/
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Reads the region's `qingdan.toml`; its problems are reported with their places.
fn config(root: &Path, verbosity: Verbosity) -> Result<crate::model::RegionConfig, i32> {
    let loaded = region::load(root);
    report(&loaded.map, &loaded.diags, verbosity);
    match loaded.config {
        Some(config) if !loaded.diags.has_errors() => Ok(config),
        _ => {
            eprintln!("请先修正 {} 中的错误。", root.join(crate::source::CONFIG_FILE).display());
            Err(1)
        }
    }
}

fn summary(combined: &Combined, started: Instant, out: &Path, verbosity: Verbosity) {
    if verbosity == Verbosity::Quiet {
        return;
    }
    let townships: usize = combined.counties.iter().map(|c| c.townships).sum();
    let items: usize = combined.counties.iter().map(|c| c.items).sum();
    eprintln!(
        "已生成 {} 个县（市、区）（{townships} 个乡镇（街道），{items} 个事项）和 {} 个省（市）级页面，用时 {:.2} 秒，输出到 {}",
        combined.counties.len(),
        combined.pages,
        started.elapsed().as_secs_f64(),
        out.display()
    );
}

/// Builds every county, then the region's pages, into `out`.
pub fn build(root: &Path, out: &Path, verbosity: Verbosity) -> i32 {
    let config = match config(root, verbosity) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let started = Instant::now();
    let progress = Progress::new(verbosity);
    let mut on_county = |code: &str, outcome: &crate::build::Outcome| county_done(code, outcome, verbosity);
    match region::build(root, &config, out, &progress, &mut on_county) {
        Ok(combined) => {
            summary(&combined, started, out, verbosity);
            0
        }
        Err(e) => {
            let code = e.report();
            eprintln!("原有网站未改动。");
            code
        }
    }
}

/// Checks the region's configuration and every county's sources.
pub fn check(root: &Path, verbosity: Verbosity) -> i32 {
    let config = match config(root, verbosity) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let mut failed = false;
    for (_, county) in config.counties() {
        let outcome = crate::build::check(&crate::source::county_dir(root, county));
        report(&outcome.map, &outcome.diags, verbosity);
        failed |= outcome.diags.has_errors();
    }
    if failed {
        return 1;
    }
    if verbosity != Verbosity::Quiet {
        eprintln!("检查通过（{} 个县（市、区））。", config.counties().count());
    }
    0
}

/// Serves the region and follows its sources: an edit in a county rebuilds what depends on it
/// in that county, as `serve` in the county's directory would, then the region's pages; an edit
/// to the region's own `qingdan.toml`, `content/` or `themes/` builds everything again.
pub fn serve(root: &Path, out: &Path, addr: SocketAddr, verbosity: Verbosity) -> i32 {
    let mut session = match config(root, verbosity) {
        Ok(config) => RegionSession::new(root, config, out),
        Err(code) => return code,
    };
    let first = whole(&mut session, out, verbosity);
    if first.is_some() && !out.join(crate::urls::HOME).is_file() {
        return 1;
    }
    let preview = match Preview::start(out, addr) {
        Ok(preview) => preview,
        Err(e) => {
            eprintln!("错误：无法在 {addr} 启动预览服务器：{e}");
            eprintln!("提示：端口可能已被占用，用 --port 换一个端口，如 --port 8001");
            return 2;
        }
    };
    preview.publish(first);
    let watch = |session: &RegionSession| {
        Sources::watch(&session.roots()).inspect_err(|e| eprintln!("错误：无法监视源文件的修改：{e}")).ok()
    };
    let Some(mut sources) = watch(&session) else { return 2 };
    eprintln!("预览网址：http://{}/", preview.addr());
    eprintln!("修改某个县的源文件后只更新这个县和省（市）级页面；修改省（市）级的 content/、themes/ 或 qingdan.toml 后全部重新生成。按 Ctrl+C 停止。");
    while let Some(paths) = sources.next_change() {
        let started = Instant::now();
        let error = if paths.iter().any(|p| session.county_of(p).is_none()) {
            let error = match config(root, verbosity) {
                Ok(config) => {
                    session = RegionSession::new(root, config, out);
                    whole(&mut session, out, verbosity)
                }
                Err(_) => Some(UNCHANGED.to_string()),
            };
            // The counties may be others now.
            match watch(&session) {
                Some(watched) => sources = watched,
                None => return 2,
            }
            error
        } else {
            let rebuilt = session.rebuild(&paths, &Progress::hidden());
            if rebuilt.counties.iter().all(|(_, _, change)| *change == Change::Nothing) {
                continue;
            }
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            let mut error = None;
            for (code, outcome, change) in &rebuilt.counties {
                report(&outcome.map, &outcome.diags, verbosity);
                match (super::failure_text(outcome, verbosity), &outcome.stats) {
                    (Some(text), _) => {
                        eprintln!("县（市、区）{code} 未更新，仍提供上一次成功生成的版本。");
                        error.get_or_insert(text);
                    }
                    (None, Some(stats)) if verbosity != Verbosity::Quiet => {
                        let what = super::change_text(change);
                        eprintln!("已更新县（市、区）{code} 的{what}：{} 个页面，用时 {ms:.0} 毫秒", stats.pages);
                    }
                    _ => {}
                }
            }
            error
        };
        let done = "已更新开放数据、搜索索引和省（市）级页面";
        super::publish_then_finish(&preview, error, verbosity, done, || session.finish());
    }
    0
}

/// What the browser overlay shows when the region's sources cannot be read.
const UNCHANGED: &str = "网站未更新，请看终端中的错误信息。";

/// Builds the whole region in place; the overlay's text when it failed.
fn whole(session: &mut RegionSession, out: &Path, verbosity: Verbosity) -> Option<String> {
    let started = Instant::now();
    let progress = Progress::new(verbosity);
    let mut on_county = |code: &str, outcome: &crate::build::Outcome| county_done(code, outcome, verbosity);
    match session.rebuild_all(&progress, &mut on_county) {
        Ok(combined) => {
            summary(&combined, started, out, verbosity);
            None
        }
        Err(e) => {
            e.report();
            eprintln!("网站未全部更新，出错的县仍提供上一次成功生成的版本。");
            Some(UNCHANGED.to_string())
        }
    }
}

/// Reports a county's outcome as the region builds it.
fn county_done(code: &str, outcome: &crate::build::Outcome, verbosity: Verbosity) {
    report(&outcome.map, &outcome.diags, verbosity);
    if verbosity != Verbosity::Quiet && outcome.ok() {
        let items = outcome.stats.as_ref().map_or(0, |s| s.items);
        eprintln!("  县（市、区）{code}：{items} 个事项");
    }
}

pub fn combine(args: CombineArgs, verbosity: Verbosity) -> i32 {
    if !crate::source::is_region(&args.root) {
        eprintln!(
            "错误：{} 不是省（市）级站点（qingdan.toml 中没有 [region]）。",
            args.root.join(crate::source::CONFIG_FILE).display()
        );
        eprintln!("提示：用 --root 指定省（市）级站点目录；格式见 docs/region.md。");
        return 2;
    }
    let config = match config(&args.root, verbosity) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let out = args.out.unwrap_or_else(|| args.root.join("public"));
    let started = Instant::now();
    match region::combine(&args.root, &config, &out, args.from.as_deref()) {
        Ok(combined) => {
            summary(&combined, started, &out, verbosity);
            0
        }
        Err(e) => {
            let code = e.report();
            eprintln!("原有网站未改动。");
            code
        }
    }
}

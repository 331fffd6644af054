use super::{report, require_site};
use crate::progress::{Progress, Verbosity};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct BuildArgs {
    /// 站点目录（含 qingdan.toml），默认为当前目录
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// 输出目录，默认为站点目录下的 public/
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: BuildArgs, verbosity: Verbosity) -> i32 {
    if let Err(code) = require_site(&args.root) {
        return code;
    }
    let out = args.out.unwrap_or_else(|| args.root.join("public"));
    // An output directory that must not be replaced is a usage error, found before any work.
    if let Err(e) = crate::write::output_dir(&args.root, &out) {
        return e.report();
    }
    if crate::source::is_region(&args.root) {
        return super::region::build(&args.root, &out, verbosity);
    }
    let started = Instant::now();
    let outcome = crate::build::build(&args.root, &out, &Progress::new(verbosity));
    report(&outcome.map, &outcome.diags, verbosity);
    if let Some(failure) = &outcome.failure {
        let code = failure.report();
        if !outcome.output_changed {
            eprintln!("原有网站未改动。");
        }
        return code;
    }
    match outcome.stats {
        Some(stats) => {
            if verbosity != Verbosity::Quiet {
                let seconds = started.elapsed().as_secs_f64();
                eprintln!(
                    "已生成 {} 个页面（{} 个事项），用时 {seconds:.2} 秒（每秒 {:.0} 个事项），输出到 {}",
                    stats.pages,
                    stats.items,
                    stats.items as f64 / seconds.max(0.001),
                    out.display()
                );
            }
            0
        }
        None => {
            eprintln!("未生成网站：请先修正上面的错误。原有网站未改动。");
            1
        }
    }
}

pub fn check(root: &Path, verbosity: Verbosity) -> i32 {
    if let Err(code) = require_site(root) {
        return code;
    }
    let outcome = crate::build::check(root);
    report(&outcome.map, &outcome.diags, verbosity);
    if outcome.ok() {
        if verbosity != Verbosity::Quiet {
            eprintln!("检查通过。");
        }
        0
    } else {
        1
    }
}

//! The command line. Messages are for publishers, in Chinese. Exit codes: 0 ok, 1 content
//! errors, 2 usage errors, 3 `verify` found differences. One file per command.

mod build;
mod diff;
mod import;
mod region;
mod release;
mod search;
mod serve;
mod verify;

use crate::build::session::Change;
use crate::diag::{Diagnostics, Reporter, Severity, SourceMap};
use crate::progress::Verbosity;
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(name = "qingdan", version, about = "乡镇（街道）权责清单公开网站生成器", disable_help_subcommand = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// 只显示错误，不显示警告、进度和统计
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// 另外显示每个阶段的用时
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// 把 content/ 生成网站，输出到 public/（失败时保留原有网站）
    Build(build::BuildArgs),
    /// 生成网站并在本机预览（默认 http://127.0.0.1:8000/），修改源文件后自动更新页面
    Serve(serve::ServeArgs),
    /// 检查全部源文件，报告所有问题，不生成网站
    Check {
        /// 站点目录（含 qingdan.toml），默认为当前目录
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// 新建一个带示例内容的站点
    Init {
        /// 新站点的目录
        dir: PathBuf,
    },
    /// 把当前清单冻结为一个新的发布版本（history/<版本号>/）
    Release(release::ReleaseArgs),
    /// 比较两个版本：新增、取消、收回、移交、更名和逐字段修改
    Diff(diff::DiffArgs),
    /// 从 Excel/WPS 表格（.xlsx、.xls、.csv）导入一个主体的权责清单
    Import(import::ImportArgs),
    /// 搜索事项、机构和法规，排序与网站搜索相同
    Search(search::SearchArgs),
    /// 把各县分别生成的网站（如 CI 中每县一个任务）合并为省（市）级网站，不重新生成
    Combine(region::CombineArgs),
    /// 核对下载的网站或数据文件是否与公布的版本一致（逐个文件比较 SHA-256）
    Verify(verify::VerifyArgs),
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    if verbosity == Verbosity::Verbose {
        crate::timing::enable();
    }
    match cli.command {
        Command::Build(args) => build::run(args, verbosity),
        Command::Serve(args) => serve::run(args, verbosity),
        Command::Check { root } if crate::source::is_region(&root) => region::check(&root, verbosity),
        Command::Check { root } => build::check(&root, verbosity),
        Command::Combine(args) => region::combine(args, verbosity),
        Command::Init { dir } => match crate::init::init(&dir) {
            Ok(()) => {
                eprintln!("已在 {} 新建站点。接下来：", dir.display());
                eprintln!("  cd {} && qingdan serve      # 生成网站并在 http://127.0.0.1:8000/ 预览", dir.display());
                0
            }
            Err(e) => {
                eprintln!("错误：{e}");
                2
            }
        },
        Command::Release(args) => release::run(args, verbosity),
        Command::Diff(args) => diff::run(args, verbosity),
        Command::Import(args) => import::run(args),
        Command::Search(args) => search::run(args, verbosity),
        Command::Verify(args) => verify::run(args),
    }
}

/// Exits with 2 unless `root` is a site (has `qingdan.toml`).
fn require_site(root: &Path) -> Result<(), i32> {
    // Present is enough: one that is not a regular file is reported when it is read.
    if root.join(crate::source::CONFIG_FILE).exists() {
        Ok(())
    } else {
        eprintln!("错误：{} 中没有 {}，这不是 qingdan 站点目录。", root.display(), crate::source::CONFIG_FILE);
        eprintln!("提示：用 --root 指定站点目录，或用 qingdan init <目录> 新建站点。");
        Err(2)
    }
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints every diagnostic (only errors when quiet) and a summary line to stderr.
fn report(map: &SourceMap, diags: &Diagnostics, verbosity: Verbosity) {
    eprint!("{}", diagnostics_text(map, diags, verbosity, color()));
}

/// The diagnostics as the terminal shows them; `serve` also sends them to the browser.
fn diagnostics_text(map: &SourceMap, diags: &Diagnostics, verbosity: Verbosity, color: bool) -> String {
    let mut reporter = Reporter::new(map, color);
    let quiet = verbosity == Verbosity::Quiet;
    let mut text = String::new();
    for d in diags.list.iter().filter(|d| !quiet || d.severity == Severity::Error) {
        text.push_str(&format!("{}\n\n", reporter.render(d)));
    }
    let (errors, warnings) = (diags.error_count(), diags.warning_count());
    if errors + warnings > 0 && !(quiet && errors == 0) {
        text.push_str(&format!("共 {errors} 个错误，{warnings} 个警告。\n"));
    }
    text
}

/// What a rebuild covered, for the terminal: "清单 t0005" or "整个网站".
pub fn change_text(change: &Change) -> String {
    match change {
        Change::Lists(lists) => format!("清单 {}", lists.iter().cloned().collect::<Vec<_>>().join("、")),
        _ => "整个网站".to_string(),
    }
}

/// What the browser overlay shows when a build fails; `None` when it succeeded.
pub fn failure_text(outcome: &crate::build::Outcome, verbosity: Verbosity) -> Option<String> {
    if outcome.ok() {
        return None;
    }
    let mut text = diagnostics_text(&outcome.map, &outcome.diags, verbosity, false);
    if let Some(failure) = &outcome.failure {
        text.push_str(&format!("错误：{failure}\n"));
    }
    Some(text)
}

/// Tells the open pages about a rebuild (`serve`); when it succeeded, writes what it left for
/// after the reload (`finish`) and, when verbose, says so: `done`, with the time it took.
pub fn publish_then_finish(
    preview: &crate::serve::Preview,
    error: Option<String>,
    verbosity: Verbosity,
    done: &str,
    finish: impl FnOnce() -> crate::Result<bool>,
) {
    let ok = error.is_none();
    preview.publish(error);
    if !ok {
        return;
    }
    let started = std::time::Instant::now();
    match finish() {
        Err(e) => eprintln!("错误：{e}"),
        Ok(true) if verbosity == Verbosity::Verbose => {
            eprintln!("{done}，用时 {:.0} 毫秒", started.elapsed().as_secs_f64() * 1000.0)
        }
        Ok(_) => {}
    }
}

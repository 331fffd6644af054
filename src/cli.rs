//! The command line. Messages are for publishers, in Chinese. Exit codes: 0 ok, 1 content
//! errors, 2 usage errors.

use crate::build::{self, Outcome};
use crate::diag::Reporter;
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser)]
#[command(name = "qingdan", version, about = "乡镇（街道）权责清单公开网站生成器", disable_help_subcommand = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 把 content/ 生成网站，输出到 public/（失败时保留原有网站）
    Build {
        /// 站点目录（含 qingdan.toml），默认为当前目录
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 输出目录，默认为站点目录下的 public/
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// 检查全部源文件，报告所有问题，不生成网站
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// 新建一个带示例内容的站点
    Init {
        /// 新站点的目录
        dir: PathBuf,
    },
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Build { root, out } => {
            if let Err(code) = require_site(&root) {
                return code;
            }
            let out = out.unwrap_or_else(|| root.join("public"));
            let started = Instant::now();
            let outcome = build::build(&root, &out);
            report(&outcome);
            if let Some(failure) = &outcome.failure {
                eprintln!("错误：{failure}");
                eprintln!("原有网站未改动。");
                return 1;
            }
            match outcome.stats {
                Some(stats) => {
                    eprintln!(
                        "已生成 {} 个页面（{} 个事项），用时 {:.2} 秒，输出到 {}",
                        stats.pages,
                        stats.items,
                        started.elapsed().as_secs_f64(),
                        out.display()
                    );
                    0
                }
                None => {
                    eprintln!("未生成网站：请先修正上面的错误。原有网站未改动。");
                    1
                }
            }
        }
        Command::Check { root } => {
            if let Err(code) = require_site(&root) {
                return code;
            }
            let outcome = build::check(&root);
            report(&outcome);
            if outcome.ok() {
                eprintln!("检查通过。");
                0
            } else {
                1
            }
        }
        Command::Init { dir } => match crate::init::init(&dir) {
            Ok(()) => {
                eprintln!("已在 {} 新建站点。接下来：", dir.display());
                eprintln!("  cd {} && qingdan build", dir.display());
                0
            }
            Err(e) => {
                eprintln!("错误：{e}");
                2
            }
        },
    }
}

fn require_site(root: &Path) -> Result<(), i32> {
    if root.join(crate::source::CONFIG_FILE).is_file() {
        Ok(())
    } else {
        eprintln!("错误：{} 中没有 {}，这不是 qingdan 站点目录。", root.display(), crate::source::CONFIG_FILE);
        eprintln!("提示：用 --root 指定站点目录，或用 qingdan init <目录> 新建站点。");
        Err(2)
    }
}

/// Prints every diagnostic and a summary line to stderr.
fn report(outcome: &Outcome) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut reporter = Reporter::new(&outcome.map, color);
    for d in &outcome.diags.list {
        eprintln!("{}\n", reporter.render(d));
    }
    let (errors, warnings) = (outcome.diags.error_count(), outcome.diags.warning_count());
    if errors + warnings > 0 {
        eprintln!("共 {errors} 个错误，{warnings} 个警告。");
    }
}

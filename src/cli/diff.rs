use super::require_site;
use crate::diff;
use crate::progress::Verbosity;
use std::path::PathBuf;

#[derive(clap::ValueEnum, Clone, Copy)]
enum Format {
    Text,
    Json,
    Csv,
}

#[derive(clap::Args)]
pub struct DiffArgs {
    /// 较早的版本号（或 current 表示当前 content/）
    from: String,
    /// 较新的版本号（或 current 表示当前 content/）
    to: String,
    /// 站点目录（含 qingdan.toml），默认为当前目录
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// 只看一个主体（代码）
    #[arg(long)]
    body: Option<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// 也列出只改了标点、全角半角或空白的修改（默认不列出）
    #[arg(long)]
    cosmetic: bool,
}

pub fn run(args: DiffArgs, verbosity: Verbosity) -> i32 {
    if let Err(code) = require_site(&args.root) {
        return code;
    }
    let versions = crate::history::Versions::open(&args.root);
    if versions.diags.has_errors() {
        super::report(&versions.map, &versions.diags, verbosity);
        return 1;
    }
    let (a, b) = match versions.pair(&args.from, &args.to) {
        Ok(pair) => pair,
        Err(e) => return e.report(),
    };
    let mut result = diff::diff_sites(&a, &b);
    for id in versions.between(&args.from, &args.to) {
        if let Some(adjustments) = versions.adjustments(&id) {
            diff::annotate(&mut result, &adjustments, &a, &b);
        }
    }
    if let Some(body) = &args.body {
        if a.body(body).is_none() && b.body(body).is_none() {
            eprintln!("错误：两个版本中都没有主体 `{body}`。");
            return 2;
        }
        result = result.for_body(body);
    }
    let color = std::io::IsTerminal::is_terminal(&std::io::stdout()) && std::env::var_os("NO_COLOR").is_none();
    let options = diff::Options { cosmetic: args.cosmetic, color };
    let text = match args.format {
        Format::Text => diff::to_text(&result, &args.from, &args.to, options),
        Format::Json => diff::to_json(&result, &args.from, &args.to, options),
        Format::Csv if args.cosmetic => crate::export::changes_csv(&result),
        Format::Csv => crate::export::changes_csv(&result.substantive()),
    };
    print!("{text}");
    0
}

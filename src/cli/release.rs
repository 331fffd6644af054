use super::require_site;
use crate::history::{self, NewRelease};
use crate::model::Date;
use crate::progress::Verbosity;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ReleaseArgs {
    /// 站点目录（含 qingdan.toml），默认为当前目录
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// 版本标题，如 “2025年第二次动态调整”
    #[arg(long)]
    title: String,
    /// 施行日期，如 2025-10-01
    #[arg(long, value_parser = parse_date)]
    effective: Date,
    /// 调整所依据的文号，可写多次，如 --document 青编办〔2025〕8号
    #[arg(long = "document")]
    documents: Vec<String>,
    /// 版本号（网址中使用），默认为施行日期
    #[arg(long)]
    id: Option<String>,
    /// 版本说明（Markdown）
    #[arg(long, conflicts_with = "note_file")]
    note: Option<String>,
    /// 从文件读取版本说明（Markdown）
    #[arg(long)]
    note_file: Option<PathBuf>,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("“{text}”不是有效日期，请写作 2025-10-01"))
}

pub fn run(args: ReleaseArgs, verbosity: Verbosity) -> i32 {
    if let Err(code) = require_site(&args.root) {
        return code;
    }
    let note = match (&args.note, &args.note_file) {
        (Some(n), _) => Some(n.clone()),
        (None, Some(path)) => match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(e) => {
                eprintln!("错误：无法读取版本说明 {}：{e}", path.display());
                return 2;
            }
        },
        (None, None) => None,
    };
    let checked = crate::build::check(&args.root);
    super::report(&checked.map, &checked.diags, verbosity);
    if !checked.ok() {
        eprintln!("未发布：请先修正上面的错误。");
        return 1;
    }
    let history = &checked.history;
    let new = NewRelease {
        id: args.id.unwrap_or_else(|| args.effective.to_string()),
        title: args.title,
        effective: args.effective,
        documents: args.documents,
        note,
    };
    if let Err(e) = history::check_new(history, &new) {
        let code = e.report();
        eprintln!("未发布，没有写入任何文件。");
        return code;
    }
    let previous = history.latest().map(|r| r.id.as_str()).zip(history.dirs.last().map(|d| d.as_path()));
    match history::create(&args.root, &new, previous) {
        Ok(dir) => {
            eprintln!("已发布版本 {}（{}），快照保存在 {}。", new.id, new.title, dir.display());
            eprintln!("运行 qingdan build 更新网站上的版本记录和变化对比。");
            0
        }
        Err(e) => {
            eprintln!("错误：{e}");
            1
        }
    }
}

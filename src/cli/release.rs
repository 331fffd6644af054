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
    #[arg(long, required_unless_present = "seal")]
    title: Option<String>,
    /// 施行日期，如 2025-10-01
    #[arg(long, value_parser = parse_date, required_unless_present = "seal")]
    effective: Option<Date>,
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
    /// 不发布新版本，只为已有的版本生成 history/CHAIN（qingdan 早期版本发布的站点）
    #[arg(long, conflicts_with_all = ["title", "effective", "id", "note", "note_file", "documents"])]
    seal: bool,
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
    if args.seal {
        return seal(&args.root, history);
    }
    let (Some(title), Some(effective)) = (args.title, args.effective) else { return 2 };
    let new = NewRelease {
        id: args.id.unwrap_or_else(|| effective.to_string()),
        title,
        effective,
        documents: args.documents,
        note,
    };
    if let Err(e) = history::check_new(history, &new) {
        let code = e.report();
        eprintln!("未发布，没有写入任何文件。");
        return code;
    }
    let previous = history.latest().map(|r| r.id.as_str()).zip(history.dirs.last().map(|d| d.as_path()));
    let dir = match history::create(&args.root, &new, previous) {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("错误：{e}");
            return 1;
        }
    };
    eprintln!("已发布版本 {}（{}），快照保存在 {}。", new.id, new.title, dir.display());
    // The chain: every release before, then this one with its manifest hash.
    let meta = dir.join(history::RELEASE_FILE);
    let sha256 = match std::fs::read(&meta) {
        Ok(bytes) => history::sha256(&bytes),
        Err(e) => return crate::Error::io(meta.display(), e).report(),
    };
    let mut releases = history.releases.clone();
    releases.push(history::Release {
        id: new.id.clone(),
        title: new.title.clone(),
        effective: new.effective,
        documents: new.documents.clone(),
        note: None,
        created: None,
        previous: None,
        previous_sha256: None,
        chained: true,
        files: Vec::new(),
        sha256: sha256.clone(),
    });
    if let Err(e) = history::chain::write(&args.root, &releases) {
        eprintln!("错误：版本已发布，但无法更新 history/CHAIN：{e}");
        eprintln!("提示：运行 qingdan release --seal 重新生成它。");
        return 1;
    }
    eprintln!("版本指纹（release.toml 的 SHA-256）：{sha256}，已记入 history/CHAIN。");
    if args.root.join(crate::source::adjustments::FILE).exists() {
        eprintln!(
            "content/adjustments.toml 中的调整原因已随版本冻结；准备下一次调整时请清空或改写它（内容不变时不会算作下一次调整的原因）。"
        );
    }
    eprintln!("运行 qingdan build 更新网站上的版本记录和变化对比。");
    0
}

/// Writes `history/CHAIN` for the releases of a site released before it existed. The releases
/// were verified by the checks; a chain that is there already is left alone.
fn seal(root: &std::path::Path, history: &history::History) -> i32 {
    let path = history::chain::path(root);
    if path.exists() {
        eprintln!("history/CHAIN 已存在，与已发布的版本一致，没有改动。");
        return 0;
    }
    if history.releases.is_empty() {
        eprintln!("站点还没有发布的版本，不需要 history/CHAIN。");
        return 0;
    }
    match history::chain::write(root, &history.releases) {
        Ok(()) => {
            eprintln!("已生成 history/CHAIN，记录了 {} 个版本。", history.releases.len());
            0
        }
        Err(e) => crate::Error::io(path.display(), e).report(),
    }
}

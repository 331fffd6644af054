use super::require_site;
use crate::import::{self, Options};
use crate::model::BodyKind;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ImportArgs {
    /// 表格文件（.xlsx、.xls、.csv），可写多个，事项按顺序合并
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 清单所属主体的代码（如 tangxi），写入 content/lists/<代码>.toml
    #[arg(long)]
    into: String,
    /// 站点目录（含 qingdan.toml），默认为当前目录
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// 主体名称（主体文件不存在、需要新建时使用），默认取表中的“部门名称”或标题
    #[arg(long)]
    name: Option<String>,
    /// 主体类型：县、乡、镇、街道、部门（新建主体文件时使用），默认按名称判断
    #[arg(long, value_parser = parse_kind)]
    kind: Option<BodyKind>,
    /// CSV 文件的编码，如 gbk、gb18030、utf-8；默认自动识别
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<&'static encoding_rs::Encoding>,
    /// 清单文件已存在时覆盖它
    #[arg(long)]
    force: bool,
    /// 只读取并报告，不写入文件
    #[arg(long)]
    dry_run: bool,
}

fn parse_kind(text: &str) -> Result<BodyKind, String> {
    BodyKind::parse(text).ok_or_else(|| format!("“{text}”不是主体类型，可选：县、乡、镇、街道、部门"))
}

fn parse_encoding(text: &str) -> Result<&'static encoding_rs::Encoding, String> {
    import::encoding::by_label(text).ok_or_else(|| format!("不认识编码“{text}”，常用的有 gbk、gb18030、utf-8"))
}

pub fn run(args: ImportArgs) -> i32 {
    if let Err(code) = require_site(&args.root) {
        return code;
    }
    let options = Options {
        files: args.files,
        into: args.into,
        root: args.root,
        name: args.name,
        kind: args.kind,
        encoding: args.encoding,
        force: args.force,
        dry_run: args.dry_run,
    };
    match import::run(&options) {
        Ok(outcome) => {
            eprint!("{}", outcome.render());
            outcome.exit_code()
        }
        Err(e) => {
            eprintln!("错误：{}", e.message);
            if let Some(hint) = e.hint {
                eprintln!("提示：{hint}");
            }
            2
        }
    }
}

use super::require_site;
use crate::import::{self, ListKind, Options};
use crate::model::BodyKind;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ImportArgs {
    /// 表格文件（.xlsx、.xls、.csv），可写多个，事项按顺序合并
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 清单所属主体的代码（如 tangxi），写入 content/lists/<代码>.toml；导入指导目录时是目录代码
    #[arg(long)]
    into: Option<String>,
    /// 表格是哪一种清单：乡镇清单、部门清单、属地管理、准入、指导目录；默认按标题和表头识别
    #[arg(long = "as", value_name = "清单类型", value_parser = parse_list_kind)]
    list_kind: Option<ListKind>,
    /// 站点目录（含 qingdan.toml），默认为当前目录
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// 主体名称（主体文件不存在、需要新建时使用），默认取表中的“部门名称”或标题
    #[arg(long)]
    name: Option<String>,
    /// 主体类型：县、乡、镇、街道、部门（新建主体文件时使用），默认按名称判断
    #[arg(long, value_parser = parse_kind)]
    kind: Option<BodyKind>,
    /// 只导入这些工作表（名称或从 1 起的序号），可写多次
    #[arg(long = "sheet", value_name = "工作表")]
    sheets: Vec<String>,
    /// 工作簿中有几级清单（如市级、县级各一张表）时，只导入这一级
    #[arg(long, value_name = "层级")]
    level: Option<String>,
    /// 也导入隐藏的工作表、行、列和被合并单元格遮住的内容（默认不导入，只在报告中列出）
    #[arg(long)]
    include_hidden: bool,
    /// CSV 文件的编码，如 gbk、gb18030、utf-8；默认自动识别
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<&'static encoding_rs::Encoding>,
    /// 报告的格式：text（默认，中文）或 json（写到标准输出，供程序读取）
    #[arg(long, value_name = "格式", default_value = "text", value_parser = ["text", "json"])]
    report: String,
    /// 目标文件已存在时覆盖它
    #[arg(long)]
    force: bool,
    /// 只读取并报告，不写入文件
    #[arg(long)]
    dry_run: bool,
}

fn parse_kind(text: &str) -> Result<BodyKind, String> {
    BodyKind::parse(text).ok_or_else(|| format!("“{text}”不是主体类型，可选：县、乡、镇、街道、部门"))
}

fn parse_list_kind(text: &str) -> Result<ListKind, String> {
    ListKind::parse(text).ok_or_else(|| {
        let choices: Vec<String> = ListKind::CHOICES.iter().map(|(zh, en, _)| format!("{zh}（{en}）")).collect();
        format!("“{text}”不是清单类型，可选：{}", choices.join("、"))
    })
}

fn parse_encoding(text: &str) -> Result<&'static encoding_rs::Encoding, String> {
    import::encoding::by_label(text).ok_or_else(|| format!("不认识编码“{text}”，常用的有 gbk、gb18030、utf-8"))
}

pub fn run(args: ImportArgs) -> i32 {
    if let Err(code) = require_site(&args.root) {
        return code;
    }
    let json = args.report == "json";
    let options = Options {
        files: args.files,
        into: args.into,
        root: args.root,
        name: args.name,
        kind: args.kind,
        list_kind: args.list_kind,
        encoding: args.encoding,
        include_hidden: args.include_hidden,
        sheets: args.sheets,
        level: args.level,
        force: args.force,
        dry_run: args.dry_run,
    };
    match import::run(&options) {
        Ok(outcome) => {
            if json {
                print!("{}", outcome.to_json());
            } else {
                eprint!("{}", outcome.render());
            }
            outcome.exit_code()
        }
        Err(e) => e.report(),
    }
}

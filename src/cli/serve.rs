use super::{change_text, failure_text, publish_then_finish, report, require_site};
use crate::build::session::{Change, Session};
use crate::progress::{Progress, Verbosity};
use crate::serve::{Preview, Sources};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// 站点目录（含 qingdan.toml），默认为当前目录
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// 输出目录，默认为站点目录下的 public/
    #[arg(long)]
    out: Option<PathBuf>,
    /// 端口
    #[arg(long, short, default_value_t = 8000)]
    port: u16,
    /// 监听地址。默认只有本机能访问；要让局域网内其他电脑访问，写 --bind 0.0.0.0
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
}

pub fn run(args: ServeArgs, verbosity: Verbosity) -> i32 {
    if let Err(code) = require_site(&args.root) {
        return code;
    }
    let out = args.out.unwrap_or_else(|| args.root.join("public"));
    let out = match crate::write::output_dir(&args.root, &out) {
        Ok(out) => out,
        Err(e) => return e.report(),
    };
    if crate::source::is_region(&args.root) {
        return super::region::serve(&args.root, &out, SocketAddr::new(args.bind, args.port), verbosity);
    }
    let mut session = Session::new(&args.root, &out);
    let started = Instant::now();
    let (outcome, _) = session.rebuild(&Progress::new(verbosity));
    report(&outcome.map, &outcome.diags, verbosity);
    let first_error = failure_text(&outcome, verbosity);
    if first_error.is_some() {
        match out.join("index.html").is_file() {
            true => eprintln!("网站未更新，仍提供上一次成功生成的版本。"),
            false => eprintln!("网站尚未生成：修正上面的错误并保存后自动生成。"),
        }
    }
    let preview = match Preview::start(&out, SocketAddr::new(args.bind, args.port)) {
        Ok(preview) => preview,
        Err(e) => {
            eprintln!("错误：无法在 {}:{} 启动预览服务器：{e}", args.bind, args.port);
            eprintln!("提示：端口可能已被占用，用 --port 换一个端口，如 --port 8001");
            return 2;
        }
    };
    preview.publish(first_error);
    let mut sources = match Sources::watch(&[&args.root]) {
        Ok(sources) => sources,
        Err(e) => {
            eprintln!("错误：无法监视源文件的修改：{e}");
            return 2;
        }
    };
    if let Some(stats) = outcome.stats {
        eprintln!("已生成 {} 个页面，用时 {:.2} 秒。", stats.pages, started.elapsed().as_secs_f64());
    }
    eprintln!("预览网址：http://{}/", preview.addr());
    eprintln!("修改 content/、themes/ 或 qingdan.toml 后页面自动更新。按 Ctrl+C 停止。");
    while let Some(paths) = sources.next_change() {
        let started = Instant::now();
        let (outcome, change) = session.rebuild(&Progress::hidden());
        if change == Change::Nothing {
            continue;
        }
        report(&outcome.map, &outcome.diags, verbosity);
        let error = failure_text(&outcome, verbosity);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        match (&error, &outcome.stats) {
            (None, Some(stats)) if verbosity != Verbosity::Quiet => {
                let what = change_text(&change);
                eprintln!("已更新{what}：{} 个页面，用时 {ms:.0} 毫秒（{} 个文件有改动）", stats.pages, paths.len());
            }
            (Some(_), _) => eprintln!("网站未更新，仍提供上一次成功生成的版本。"),
            _ => {}
        }
        publish_then_finish(&preview, error, verbosity, "已更新开放数据和搜索索引", || session.finish());
    }
    0
}

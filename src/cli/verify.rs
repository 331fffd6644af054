//! `qingdan verify`: is a downloaded site, a manifest or a data file what the publisher
//! published? Compared with a published `data/releases/manifest.json` (a URL, a copy of a
//! site, the file itself) or a site's own `history/`. Exit codes: 0 the same, 3 differences
//! (each printed with the file, the expected and the actual SHA-256), 1 could not check, 2 usage.

use crate::history::verify::{check_files, compare, Finding, Published};
use crate::history::{sha256, HISTORY_DIR};
use crate::urls::RELEASE_MANIFEST;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// 要核对的内容：下载的网站目录、manifest.json、一个数据文件或站点目录；不写时核对 --root 站点的 history/
    target: Option<PathBuf>,
    /// 以哪里公布的版本为准：网站地址（https://…）、网站副本目录、manifest.json 或站点目录；默认为 --root 站点的 history/
    #[arg(long)]
    against: Option<String>,
    /// 站点目录（含 qingdan.toml），默认为当前目录
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

pub fn run(args: VerifyArgs) -> i32 {
    match verify(&args) {
        Ok(()) => 0,
        Err(e) => e.report(),
    }
}

fn is_site(dir: &Path) -> bool {
    dir.join(crate::source::CONFIG_FILE).is_file() && dir.join(HISTORY_DIR).is_dir()
}

/// A publication from a path: a site root (its history), a built site (its manifest), a
/// manifest file.
fn open(path: &Path) -> crate::Result<Published> {
    if path.is_dir() {
        if path.join(RELEASE_MANIFEST).is_file() {
            return open(&path.join(RELEASE_MANIFEST));
        }
        if is_site(path) {
            return Ok(Published::from_site(path));
        }
        return Err(crate::Error::usage(
            format!("{} 既不是 qingdan 站点目录，也不是生成的网站（没有 {RELEASE_MANIFEST}）", path.display()),
            "指定站点目录（含 qingdan.toml 和 history/）、生成或下载的网站目录，或 manifest.json",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path.display(), e))?;
    Published::from_manifest(&bytes, &path.display().to_string()).map_err(crate::Error::usage_text)
}

/// Downloads a site's manifest with `curl` (present on Linux, macOS and Windows 10 and later).
fn fetch(url: &str) -> crate::Result<Published> {
    let url = if url.ends_with(".json") {
        url.to_string()
    } else {
        format!("{}/{RELEASE_MANIFEST}", url.trim_end_matches('/'))
    };
    let out = std::process::Command::new("curl")
        .args(["--fail", "--silent", "--show-error", "--location", "--max-time", "120", &url])
        .output()
        .map_err(|e| {
            crate::Error::usage(
                format!("无法运行 curl 下载 {url}：{e}"),
                "安装 curl，或先用浏览器下载该文件，再用 --against <文件> 核对",
            )
        })?;
    if !out.status.success() {
        return Err(crate::Error::failed(&url, String::from_utf8_lossy(&out.stderr).trim()));
    }
    Published::from_manifest(&out.stdout, &url).map_err(crate::Error::usage_text)
}

fn reference(args: &VerifyArgs) -> crate::Result<Published> {
    match &args.against {
        Some(a) if a.starts_with("http://") || a.starts_with("https://") => fetch(a),
        Some(a) => open(Path::new(a)),
        None if is_site(&args.root) => Ok(Published::from_site(&args.root)),
        None => Err(crate::Error::usage(
            format!("{} 不是有发布版本的 qingdan 站点，没有可作参照的版本", args.root.display()),
            "用 --against 指定以哪里公布的版本为准，如 --against https://qd.example.gov.cn/",
        )),
    }
}

fn verify(args: &VerifyArgs) -> crate::Result<()> {
    let reference = reference(args)?;
    let (what, findings) = match &args.target {
        None => {
            if args.against.is_none() {
                return Err(crate::Error::usage(
                    "没有指定要核对的内容",
                    "qingdan verify <下载的网站目录或文件> [--against 网站地址]；核对本站点的版本时写 --against 网站地址",
                ));
            }
            let copy = Published::from_site(&args.root);
            (copy.origin.clone(), compare(&copy, &reference))
        }
        Some(target) if target.is_file() && target.file_name().is_none_or(|n| n != "manifest.json") => {
            return one_file(target, &reference);
        }
        Some(target) => {
            let copy = open(target)?;
            let mut findings = compare(&copy, &reference);
            if target.is_dir() && target.join(RELEASE_MANIFEST).is_file() {
                findings.extend(check_files(target, &reference));
                // Files of newer releases than the reference's, against the copy's own manifest.
                let own: Vec<Finding> = check_files(target, &copy)
                    .into_iter()
                    .filter(|f| !findings.iter().any(|g| g.file == f.file))
                    .collect();
                findings.extend(own);
            }
            (target.display().to_string(), findings)
        }
    };
    let mut findings = findings;
    findings.dedup();
    println!("核对 {what}，以 {} 公布的 {} 个版本为准。", reference.origin, reference.releases.len());
    if findings.is_empty() {
        let head =
            reference.releases.last().map(|r| format!("，最新版本 {} 的指纹 {}", r.id, r.sha256)).unwrap_or_default();
        println!("一致{head}。");
        return Ok(());
    }
    for f in &findings {
        println!("不一致：{f}");
    }
    Err(crate::Error::Mismatch { count: findings.len() })
}

/// One downloaded file: published in some release under some path, or not.
fn one_file(path: &Path, reference: &Published) -> crate::Result<()> {
    let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path.display(), e))?;
    let actual = sha256(&bytes);
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let found = reference.find_hash(&actual);
    let problems: Vec<&Finding> = reference.problems.iter().collect();
    for p in &problems {
        println!("不一致：{p}");
    }
    if let Some((release, published)) = found.first() {
        let releases: Vec<&str> = found.iter().map(|(r, _)| *r).collect();
        println!(
            "一致：{} 就是 {} 公布的 {published}（版本 {}），SHA-256 {actual}。",
            path.display(),
            reference.origin,
            if releases.len() > 1 { releases.join("、") } else { release.to_string() }
        );
        return if problems.is_empty() { Ok(()) } else { Err(crate::Error::Mismatch { count: problems.len() }) };
    }
    let same_name = reference.find_name(&name);
    if same_name.is_empty() && reference.releases.iter().all(|r| r.files.is_empty()) {
        // A site's own history/ lists its sources; the data files are in the built site's manifest.
        println!(
            "无法核对：{}：{} 的 history/ 只记录各版本的源文件，网站的数据文件记录在生成的网站的 {RELEASE_MANIFEST} 中（SHA-256 {actual}）",
            path.display(),
            reference.origin,
        );
        return Err(crate::Error::usage(
            format!("没有可用来核对 {} 的记录", path.display()),
            format!("用 --against 指定网站地址、下载的网站目录或 {RELEASE_MANIFEST}，如 --against https://qd.example.gov.cn/"),
        ));
    }
    if same_name.is_empty() {
        println!(
            "不一致：{}：{} 公布的版本中没有这个文件（SHA-256 {actual}）。只能核对各版本的数据文件（{}…）和源文件；\
             当前内容的 data/*.csv 等随每次生成而变，请核对对应版本的文件",
            path.display(),
            reference.origin,
            crate::urls::LIST_VERSIONS_DIR
        );
        return Err(crate::Error::Mismatch { count: problems.len() + 1 });
    }
    for (release, published, expected) in &same_name {
        let f = Finding {
            file: path.display().to_string(),
            message: format!("与 {} 公布的版本 {release} 中的 {published} 不同", reference.origin),
            expected: Some(expected.to_string()),
            actual: Some(actual.clone()),
        };
        println!("不一致：{f}");
    }
    Err(crate::Error::Mismatch { count: problems.len() + same_name.len() })
}

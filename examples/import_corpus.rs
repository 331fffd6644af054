//! The import corpus (导入测试语料): writes the workbooks of `tests/corpus` into a directory,
//! imports each (and the six real workbooks in ../shared/samples/real/, when present) into a
//! fresh site with `qingdan import --dry-run`, and prints a table of what each gave.
//!
//! ```text
//! cargo run --example import_corpus -- DIR
//! ```
//!
//! DIR must not exist or be empty; the corpus files stay there for opening in Excel or WPS.

#[path = "../tests/corpus/mod.rs"]
mod corpus;

use qingdan::import::{self, Options, Outcome};
use std::path::{Path, PathBuf};

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("用法: import_corpus 目录（不存在或为空）");
        std::process::exit(2);
    };
    if dir.exists() && std::fs::read_dir(&dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!("import_corpus: {} 不是空目录", dir.display());
        std::process::exit(2);
    }
    let files = dir.join("files");
    std::fs::create_dir_all(&files).expect("create the corpus directory");
    let cases = corpus::write(&files);
    let site = dir.join("site");
    qingdan::init::init(&site).expect("qingdan init");
    corpus::add_bodies(&site);

    println!("| 文件 | 识别为 | 工作表 | 读取行数 | 事项（基本/配合/收回） | 警告 | 其中隐藏内容（条） | 结果 |");
    println!("|---|---|---|---|---|---|---|---|");
    for case in &cases {
        let opts = options(&site, &case.files, case.into, &case.options);
        row(case.name, &opts);
    }
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples/real");
    let mut samples: Vec<PathBuf> =
        std::fs::read_dir(&real).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    samples.sort();
    for path in samples {
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let opts = options(&site, std::slice::from_ref(&path), Some("real"), &[]);
        row(&format!("真实样本 {name}"), &opts);
    }
}

fn options(site: &Path, files: &[PathBuf], into: Option<&str>, extra: &[&str]) -> Options {
    let arg = |name: &str| extra.iter().position(|a| *a == name).and_then(|i| extra.get(i + 1)).map(|s| s.to_string());
    Options {
        files: files.to_vec(),
        into: into.map(str::to_string),
        root: site.to_path_buf(),
        name: arg("--name"),
        kind: None,
        list_kind: arg("--as").and_then(|k| import::ListKind::parse(&k)),
        encoding: None,
        include_hidden: extra.contains(&"--include-hidden"),
        sheets: arg("--sheet").into_iter().collect(),
        level: arg("--level"),
        force: true,
        dry_run: true,
    }
}

fn row(name: &str, opts: &Options) {
    let outcome = match import::run(opts) {
        Ok(o) => o,
        Err(e) => {
            println!("| {name} | | | | | | | 用法错误：{e} |");
            return;
        }
    };
    let Outcome { files, .. } = &outcome;
    let kind = files.iter().find_map(|f| f.kind.clone()).unwrap_or_default();
    let sheets: usize = files.iter().map(|f| f.sheets.iter().filter(|s| s.skipped.is_none()).count()).sum();
    let rows: usize = files.iter().flat_map(|f| &f.sheets).map(|s| s.rows).sum();
    let items: usize = files.iter().flat_map(|f| &f.sheets).map(|s| s.items).sum();
    let parts = files
        .iter()
        .flat_map(|f| &f.sheets)
        .filter_map(|s| s.parts)
        .fold([0; 3], |a, p| [a[0] + p[0], a[1] + p[1], a[2] + p[2]]);
    let counted = if parts.iter().sum::<usize>() > 0 {
        format!("{items}（{}/{}/{}）", parts[0], parts[1], parts[2])
    } else {
        items.to_string()
    };
    let warnings: usize = files.iter().map(|f| f.diags.iter().filter(|d| !d.is_error()).count()).sum();
    // Hidden rows, columns, sheets and values under merged cells, as the report names them.
    let hidden: usize = files
        .iter()
        .flat_map(|f| &f.diags)
        .filter(|d| !d.is_error() && (d.message.contains("隐藏") || d.message.contains("遮住")))
        .count();
    let result = match outcome.exit_code() {
        0 => "导入".to_string(),
        code => {
            let first = files
                .iter()
                .flat_map(|f| &f.diags)
                .find(|d| d.is_error())
                .map(|d| d.message.clone())
                .unwrap_or_default();
            let short: String = first.chars().take(40).collect();
            format!("拒绝（退出码 {code}）：{short}…")
        }
    };
    println!("| {name} | {kind} | {sheets} | {rows} | {counted} | {warnings} | {hidden} | {result} |");
}

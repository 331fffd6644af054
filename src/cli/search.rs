use super::require_site;
use crate::progress::Verbosity;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct SearchArgs {
    /// 搜索词：事项名称、机构、法律法规名称，或拼音、拼音首字母（如 低保、dibao、hydj）
    #[arg(required = true, num_args = 1..)]
    query: Vec<String>,
    /// 站点目录（含 qingdan.toml），默认为当前目录
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// 显示多少条结果
    #[arg(long, short = 'n', default_value_t = 10)]
    limit: usize,
    /// 以 JSON 输出（供脚本使用）
    #[arg(long)]
    json: bool,
    /// 先重建搜索索引（.qingdan/search-index/）
    #[arg(long)]
    rebuild: bool,
}

/// `qingdan search`: the website's search from the terminal, ranked the same way.
pub fn run(args: SearchArgs, verbosity: Verbosity) -> i32 {
    if let Err(code) = require_site(&args.root) {
        return code;
    }
    let query = args.query.join(" ");
    // The index is built through the same pipeline as `build`: loaded, checked, then indexed.
    if args.rebuild || !crate::search::has_index(&args.root) {
        let outcome = crate::build::search_index(&args.root);
        super::report(&outcome.map, &outcome.diags, verbosity);
        if outcome.diags.has_errors() {
            eprintln!("未建立搜索索引：请先修正上面的错误。");
            return 1;
        }
        if let Some(e) = &outcome.failure {
            return e.report();
        }
    }
    let searcher = match crate::search::index::Searcher::open(&crate::search::index::dir(&args.root)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("错误：{e}（可用 --rebuild 重建）");
            return 1;
        }
    };
    let (total, found, fallback) = match searcher.search(&query, args.limit) {
        Ok(r) => r,
        Err(e) => return e.report(),
    };
    let link = |u: &str| match searcher.base_url() {
        Some(base) => format!("{}/{u}", base.trim_end_matches('/')),
        None => u.to_string(),
    };
    if args.json {
        let results: Vec<serde_json::Value> = found
            .iter()
            .map(|f| {
                let mut r = f.record.clone();
                if let Some(o) = r.as_object_mut() {
                    o.insert("id".into(), f.id.into());
                    o.insert("score".into(), f.score.into());
                    o.insert("matched".into(), f.matched.into());
                    o.insert("exact".into(), f.exact.into());
                    let url = o.get("u").and_then(|u| u.as_str()).map(&link).unwrap_or_default();
                    o.insert("link".into(), url.into());
                    let variants: Vec<serde_json::Value> = f
                        .variants
                        .iter()
                        .map(|(id, v)| {
                            let u = v.get("u").and_then(|u| u.as_str()).map(&link).unwrap_or_default();
                            serde_json::json!({"id": id, "t": v.get("t"), "link": u})
                        })
                        .collect();
                    o.insert("variants".into(), variants.into());
                }
                r
            })
            .collect();
        let out = serde_json::json!({
            "query": query,
            "terms": crate::search::analyzer::query_terms(&query),
            "total": total,
            "fallback": fallback,
            "suggestion": suggestion(fallback, &found),
            "results": results,
        });
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return 0;
    }
    if total == 0 {
        println!("没有找到与“{query}”相符的结果。可以换一个更短的词，或用拼音、拼音首字母（如 dibao、hydj）。");
        return 0;
    }
    println!(
        "“{query}”：找到 {total} 条结果{}。",
        if total > found.len() { format!("，显示前 {} 条", found.len()) } else { String::new() }
    );
    if let Some(t) = suggestion(fallback, &found) {
        println!("没有完全相符的结果，以下是读音相近或部分相符的结果。您是不是要找：“{t}”？");
    }
    for (i, f) in found.iter().enumerate() {
        let r = &f.record;
        let s = |k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or("");
        println!();
        println!(
            "{:>2}. {}{}",
            i + 1,
            s("t"),
            if s("s").is_empty() { String::new() } else { format!("（{}）", s("s")) }
        );
        let body = if s("b") == s("t") { "" } else { s("b") };
        let facts: Vec<&str> = [s("k"), s("p"), s("y"), body].into_iter().filter(|x| !x.is_empty()).collect();
        println!("    {}", facts.join(" · "));
        if !s("d").is_empty() && s("d") != s("b") {
            println!("    相关部门：{}", s("d"));
        }
        let mut where_ = String::new();
        if !s("w").is_empty() {
            where_.push_str(&if s("k") == "机构" {
                s("w").to_string()
            } else {
                format!("到哪里办：{}", s("w"))
            });
        } else if !s("o").is_empty() {
            where_.push_str(&format!("承办：{}", s("o")));
        }
        if !s("ph").is_empty() {
            if !where_.is_empty() {
                where_.push_str(" · ");
            }
            where_.push_str(&format!("电话 {}", s("ph")));
        }
        if !where_.is_empty() {
            println!("    {where_}");
        }
        println!("    {}", link(s("u")));
        if !f.variants.is_empty() {
            println!("    相近条目 {} 个：", f.variants.len());
            for (_, v) in &f.variants {
                let t = v.get("t").and_then(|v| v.as_str()).unwrap_or("");
                println!("      {t} {}", link(v.get("u").and_then(|v| v.as_str()).unwrap_or("")));
            }
        }
    }
    0
}

/// "Did you mean": the title of the first result, when only the fallback found results.
fn suggestion(fallback: u8, found: &[crate::search::index::Found]) -> Option<String> {
    let first = found.first()?.record.get("t")?.as_str()?;
    (fallback > 0).then(|| first.to_string())
}

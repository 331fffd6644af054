//! `history/CHAIN`: the releases in order with the SHA-256 of each `release.toml` (its
//! manifest hash). Each release already records the hash of the one before it, which protects
//! every release but the newest; the chain file protects the newest too: editing its files
//! (even with the hashes in its `release.toml` updated) or deleting it no longer passes
//! `check` unless this file is edited as well. What no file in the repository can prevent, a
//! consistent rewrite of everything, shows against any copy of the published
//! `data/releases/manifest.json` (`qingdan verify`).
//!
//! One line per release, oldest first: `<id> <effective> <sha256>`; `#` starts a comment.
//! Written by `qingdan release` (and `qingdan release --seal` for releases made before it).

use super::{Release, HISTORY_DIR};
use crate::diag::{Diagnostic, Diagnostics, Location};
use std::io;
use std::path::{Path, PathBuf};

/// The file name under `history/`.
pub const CHAIN_FILE: &str = "CHAIN";

/// One line of the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub id: String,
    pub effective: String,
    pub sha256: String,
    /// 1-based line number, for messages.
    pub line: usize,
}

pub fn path(root: &Path) -> PathBuf {
    root.join(HISTORY_DIR).join(CHAIN_FILE)
}

/// The chain's text for these releases.
pub fn text(releases: &[Release]) -> String {
    let mut out = String::from(
        "# 已发布版本的链：每行一个版本（按施行日期先后），依次为版本号、施行日期、release.toml 的 SHA-256。\n\
         # 由 qingdan release 写入，不要手工修改；qingdan check 核对它与 history/ 中的版本是否一致。\n",
    );
    for r in releases {
        out.push_str(&format!("{} {} {}\n", r.id, r.effective, r.sha256));
    }
    out
}

/// Writes the chain atomically (a temporary file renamed over it).
pub fn write(root: &Path, releases: &[Release]) -> io::Result<()> {
    let target = path(root);
    let tmp = target.with_file_name(format!(".{CHAIN_FILE}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, text(releases))?;
    std::fs::rename(&tmp, &target).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Parses the chain; lines that are not three fields are errors at their line.
pub fn parse(text: &str) -> Result<Vec<Link>, (usize, String)> {
    let mut links = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [id, effective, sha256] if sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit()) => links
                .push(Link {
                    id: id.to_string(),
                    effective: effective.to_string(),
                    sha256: sha256.to_ascii_lowercase(),
                    line: n + 1,
                }),
            _ => return Err((n + 1, line.to_string())),
        }
    }
    Ok(links)
}

fn hint_restore() -> &'static str {
    "history/CHAIN 记录了每个已发布版本的 release.toml 的 SHA-256：已发布的版本不能修改或删除，请从版本库恢复（git checkout -- history/）"
}

/// Compares the releases found (in order, verified one by one) with the chain. Returns the
/// `release.toml` files that differ from the chain only in line endings (reported together by
/// the caller).
pub fn verify(root: &Path, found: &[(Release, PathBuf)], diags: &mut Diagnostics) -> Vec<PathBuf> {
    let file = path(root);
    let mut line_endings = Vec::new();
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(_) if !file.exists() => {
            if let Some((r, dir)) = found.iter().find(|(r, _)| r.chained) {
                diags.push(
                    Diagnostic::error(
                        Location::File(file),
                        format!(
                            "history/CHAIN 不见了：版本 {} 发布时已记入它，它被删除后无法发现最新版本被改动或删除",
                            r.id
                        ),
                    )
                    .label(format!("{} 中写有 chain = true", dir.join(super::RELEASE_FILE).display()))
                    .hint(hint_restore()),
                );
            } else if !found.is_empty() {
                diags.push(
                    Diagnostic::warning(Location::File(file), "history/CHAIN 不存在：最新发布的版本被改动或删除时无法发现")
                        .hint("运行 qingdan release --seal 为已有的版本生成它（只写入 history/CHAIN）；以后 qingdan release 会自动更新它"),
                );
            }
            return line_endings;
        }
        Err(e) => {
            diags.push(Diagnostic::error(Location::File(file), format!("无法读取 history/CHAIN：{e}")));
            return line_endings;
        }
    };
    let links = match parse(&text) {
        Ok(links) => links,
        Err((line, content)) => {
            diags.push(
                Diagnostic::error(Location::File(file), format!("history/CHAIN 第 {line} 行格式不对：“{content}”"))
                    .hint("每行应为：版本号 施行日期 SHA-256。这个文件由 qingdan release 写入，请从版本库恢复"),
            );
            return line_endings;
        }
    };
    let hint = hint_restore();
    for link in &links {
        match found.iter().find(|(r, _)| r.id == link.id) {
            None => diags.push(
                Diagnostic::error(
                    Location::File(root.join(HISTORY_DIR).join(&link.id)),
                    format!(
                        "已发布版本 {} 不见了：history/CHAIN 第 {} 行记录了它，但 history/ 中没有这个版本",
                        link.id, link.line
                    ),
                )
                .hint(hint),
            ),
            Some((r, dir)) if r.sha256 != link.sha256 => {
                let meta = dir.join(super::RELEASE_FILE);
                let bytes = std::fs::read(&meta).unwrap_or_default();
                if super::manifest::only_line_endings(&bytes, &link.sha256) {
                    line_endings.push(meta);
                    continue;
                }
                diags.push(
                    Diagnostic::error(
                        Location::File(meta),
                        format!(
                            "已发布版本 {} 的 release.toml 被修改：与 history/CHAIN 第 {} 行记录的 SHA-256 不符",
                            r.id, link.line
                        ),
                    )
                    .label(format!("应为 {}，实际 {}", link.sha256, r.sha256))
                    .hint(hint),
                )
            }
            Some(_) => {}
        }
    }
    for (r, dir) in found.iter().filter(|(r, _)| !links.iter().any(|l| l.id == r.id)) {
        diags.push(
            Diagnostic::error(
                Location::File(dir.join(super::RELEASE_FILE)),
                format!("版本 {} 不在 history/CHAIN 中：它不是用 qingdan release 发布的，或者 CHAIN 被改动", r.id),
            )
            .hint("版本只能用 qingdan release 创建；误建的目录请删除，CHAIN 被改动的请从版本库恢复"),
        );
    }
    let order: Vec<&str> =
        links.iter().map(|l| l.id.as_str()).filter(|id| found.iter().any(|(r, _)| r.id == *id)).collect();
    let found_order: Vec<&str> =
        found.iter().map(|(r, _)| r.id.as_str()).filter(|id| links.iter().any(|l| l.id == *id)).collect();
    if order != found_order {
        diags.push(
            Diagnostic::error(Location::File(file), "history/CHAIN 中版本的先后与版本的施行日期不一致")
                .hint("版本的施行日期被改动，或者 CHAIN 被改动：请从版本库恢复"),
        );
    }
    line_endings
}

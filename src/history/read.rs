use super::{manifest, valid_id, Release, HISTORY_DIR, RELEASE_FILE};
use crate::diag::{Diagnostic, Diagnostics, Location, SourceMap};
use crate::source::table::{FileCx, Table};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// All releases of a site, oldest first, verified.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub releases: Vec<Release>,
    /// Root of each release's snapshot, same order.
    pub dirs: Vec<PathBuf>,
}

impl History {
    pub fn latest(&self) -> Option<&Release> {
        self.releases.last()
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.releases.iter().position(|r| r.id == id)
    }
}

/// Reads `history/*/release.toml`, verifies every snapshot against its manifest and the chain
/// of releases, and reports any edit to a past release as an error naming the file.
pub fn load(root: &Path, map: &mut SourceMap, diags: &mut Diagnostics) -> History {
    let dir = root.join(HISTORY_DIR);
    let mut found: Vec<(Release, PathBuf)> = Vec::new();
    // Files that differ from their release only in line endings, reported together.
    let mut line_endings: Vec<PathBuf> = Vec::new();
    // A release being written (`qingdan release` in another process) is not a release yet;
    // one whose process ended is removed.
    super::clean_staging(&dir);
    let staging = |p: &Path| p.file_name().and_then(|n| n.to_str()).and_then(super::staging_pid).is_some();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|e| e.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir() && !staging(p)).collect())
        .unwrap_or_default();
    entries.sort();
    for snapshot in entries {
        let meta = snapshot.join(RELEASE_FILE);
        if !meta.exists() {
            diags.push(
                Diagnostic::error(Location::File(snapshot.clone()), "版本目录缺少 release.toml")
                    .hint("版本只能用 qingdan release 创建；如是误建的目录，请删除"),
            );
            continue;
        }
        let file = map.add(meta.clone());
        let Some(release) = read_release(map, file, diags) else { continue };
        let name = snapshot.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if name != release.id {
            diags.push(Diagnostic::error(
                Location::File(meta),
                format!("版本目录名 `{name}` 与版本号 `{}` 不一致", release.id),
            ));
            continue;
        }
        line_endings.extend(verify_files(&snapshot, &release, diags));
        found.push((release, snapshot));
    }
    found.sort_by(|(a, _), (b, _)| (a.effective, &a.id).cmp(&(b.effective, &b.id)));
    line_endings.extend(verify_chain(&found, diags));
    line_endings.extend(super::chain::verify(root, &found, diags));
    line_endings.sort();
    line_endings.dedup();
    report_line_endings(root, line_endings, diags);
    let (releases, dirs) = found.into_iter().unzip();
    History { releases, dirs }
}

fn read_release(map: &SourceMap, file: u32, diags: &mut Diagnostics) -> Option<Release> {
    let text = crate::source::read_text(map, file, diags)?;
    let mut cx = FileCx::new(file);
    let release = crate::source::parse_toml(&mut cx, &text).and_then(|top| {
        let mut t = Table::new(top.get_ref(), top.span(), "");
        let id = t.req_text(&mut cx, "id");
        let title = t.req_text(&mut cx, "title");
        let effective = t.req_date(&mut cx, "effective");
        let documents = t.texts(&mut cx, "documents").into_iter().map(|d| d.value).collect();
        let note = t.text(&mut cx, "note").map(|v| v.value);
        let created = t.date(&mut cx, "created");
        let previous = t.text(&mut cx, "previous").map(|v| v.value);
        let previous_sha256 = t.text(&mut cx, "previous_sha256").map(|v| v.value);
        let chained = t.bool(&mut cx, "chain").unwrap_or(false);
        let files = t.pairs(&mut cx, "files");
        t.finish(&mut cx);
        let id = id?;
        if !valid_id(&id.value) {
            cx.error_at(id.span, format!("版本号 `{}` 只能包含小写字母、数字和 -", id.value));
        }
        Some(super::Release {
            sha256: manifest::sha256(text.as_bytes()),
            id: id.value,
            title: title?.value,
            effective: effective?,
            documents,
            note,
            created,
            previous,
            previous_sha256,
            chained,
            files,
        })
    });
    diags.extend(cx.diags);
    release
}

const FROZEN_HINT: &str =
    "已发布的版本不能修改：请把该文件恢复原样；要调整清单，请修改 content/ 后用 qingdan release 发布新版本";

/// What a file of a snapshot is, compared with its manifest.
enum Found {
    Same,
    /// The same text with other line endings (a checkout that converted them).
    LineEndings(PathBuf),
    Problem(Diagnostic),
}

/// Every file in the snapshot must be in the manifest with the same hash, and vice versa.
/// Returns the files that differ only in line endings, which `report_line_endings` reports
/// together.
fn verify_files(snapshot: &Path, release: &Release, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let expected: BTreeMap<&str, &str> = release.files.iter().map(|(p, h)| (p.as_str(), h.as_str())).collect();
    let (actual, special) = match manifest::scan(snapshot) {
        Ok(files) => files,
        Err(e) => {
            diags.push(Diagnostic::error(Location::File(snapshot.to_path_buf()), format!("无法读取版本目录：{e}")));
            return Vec::new();
        }
    };
    for (rel, kind) in &special {
        diags.push(
            Diagnostic::error(
                Location::File(snapshot.join(rel)),
                format!("已发布版本 {} 中的这个文件不是普通文件，而是{kind}", release.id),
            )
            .hint("版本目录中只能有 qingdan release 写入的普通文件：请删除它，并从版本库恢复原来的文件"),
        );
    }
    let found: Vec<Found> = actual
        .par_iter()
        .map(|rel| {
            let path = snapshot.join(rel);
            let message = match expected.get(rel.as_str()) {
                None => "中多出了文件",
                Some(hash) => {
                    let bytes = std::fs::read(&path).unwrap_or_default();
                    if manifest::sha256(&bytes) == *hash {
                        return Found::Same;
                    }
                    if manifest::only_line_endings(&bytes, hash) {
                        return Found::LineEndings(path);
                    }
                    "的文件被修改"
                }
            };
            Found::Problem(
                Diagnostic::error(Location::File(path), format!("已发布版本 {}{message}", release.id))
                    .hint(FROZEN_HINT),
            )
        })
        .collect();
    let mut line_endings = Vec::new();
    for f in found {
        match f {
            Found::Same => {}
            Found::LineEndings(path) => line_endings.push(path),
            Found::Problem(d) => diags.push(d),
        }
    }
    let actual: BTreeSet<&str> = actual.iter().chain(special.iter().map(|(rel, _)| rel)).map(String::as_str).collect();
    for rel in expected.keys().filter(|rel| !actual.contains(*rel)) {
        diags.push(
            Diagnostic::error(Location::File(snapshot.join(rel)), format!("已发布版本 {} 的文件被删除", release.id))
                .hint(FROZEN_HINT),
        );
    }
    line_endings
}

/// One error for all files whose only difference is their line endings: a checkout converted
/// them (one cause, one fix), not hundreds of reports of tampering.
fn report_line_endings(root: &Path, mut files: Vec<PathBuf>, diags: &mut Diagnostics) {
    if files.is_empty() {
        return;
    }
    files.sort();
    let shown: Vec<String> =
        files.iter().take(5).map(|p| p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/")).collect();
    let more = if files.len() > shown.len() { format!(" 等，共 {} 个文件", files.len()) } else { String::new() };
    diags.push(
        Diagnostic::error(
            Location::File(root.join(HISTORY_DIR)),
            format!(
                "已发布版本中有 {} 个文件只有换行符与发布时不同（LF 换行变成了 Windows 的 CRLF 换行，或者相反），内容没有改动",
                files.len()
            ),
        )
        .label(format!("{}{more}", shown.join("、")))
        .hint(
            "这通常是 git 在检出时转换了换行符（Windows 上的 Git 默认 core.autocrlf=true）。已发布的版本按字节记录了每个文件的 SHA-256，\
             换行符也不能改。修复：保留站点根目录的 .gitattributes（qingdan init 生成，其中 history/ 和 content/ 等设为 -text，检出时不转换），\
             在站点目录中运行 git config core.autocrlf false，再重新检出这些文件：\
             git rm -r -q --cached history && git checkout HEAD -- history（只重写 history/，不影响其他未提交的修改）",
        ),
    );
}

/// Each release names the one before it and the hash of its `release.toml`. Returns the
/// `release.toml` files that differ from their recorded hash only in line endings.
fn verify_chain(found: &[(Release, PathBuf)], diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut line_endings = Vec::new();
    for pair in found.windows(2) {
        let ((prev, prev_dir), (next, next_dir)) = (&pair[0], &pair[1]);
        let prev_meta = prev_dir.join(RELEASE_FILE);
        let prev_bytes = std::fs::read(&prev_meta).unwrap_or_default();
        let prev_hash = manifest::sha256(&prev_bytes);
        if next.previous.as_deref() != Some(prev.id.as_str()) {
            diags.push(
                Diagnostic::error(
                    Location::File(next_dir.join(RELEASE_FILE)),
                    format!(
                        "版本 {} 记录的上一版本是 {}，但按施行日期排在它前面的是 {}",
                        next.id,
                        next.previous.as_deref().unwrap_or("（无）"),
                        prev.id
                    ),
                )
                .hint("版本的施行日期或上一版本记录被改动；请恢复原样"),
            );
        } else if next.previous_sha256.as_deref() != Some(prev_hash.as_str()) {
            if next
                .previous_sha256
                .as_deref()
                .is_some_and(|recorded| manifest::only_line_endings(&prev_bytes, recorded))
            {
                line_endings.push(prev_meta);
                continue;
            }
            diags.push(
                Diagnostic::error(Location::File(prev_meta), format!("已发布版本 {} 的 release.toml 被修改", prev.id))
                    .hint(FROZEN_HINT),
            );
        }
    }
    if let Some((first, dir)) = found.first() {
        if first.previous.is_some() {
            diags.push(
                Diagnostic::error(
                    Location::File(dir.join(RELEASE_FILE)),
                    format!(
                        "版本 {} 记录的上一版本 {} 不存在",
                        first.id,
                        first.previous.as_deref().unwrap_or_default()
                    ),
                )
                .hint("已发布的版本被删除了；请从版本库恢复"),
            );
        }
    }
    line_endings
}

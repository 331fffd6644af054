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
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|e| e.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    entries.sort();
    for snapshot in entries {
        let meta = snapshot.join(RELEASE_FILE);
        if !meta.is_file() {
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
        verify_files(&snapshot, &release, diags);
        found.push((release, snapshot));
    }
    found.sort_by(|(a, _), (b, _)| (a.effective, &a.id).cmp(&(b.effective, &b.id)));
    verify_chain(&found, diags);
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
        let files = t.pairs(&mut cx, "files");
        t.finish(&mut cx);
        let id = id?;
        if !valid_id(&id.value) {
            cx.error_at(id.span, format!("版本号 `{}` 只能包含小写字母、数字和 -", id.value));
        }
        Some(super::Release {
            id: id.value,
            title: title?.value,
            effective: effective?,
            documents,
            note,
            created,
            previous,
            previous_sha256,
            files,
        })
    });
    diags.extend(cx.diags);
    release
}

const FROZEN_HINT: &str =
    "已发布的版本不能修改：请把该文件恢复原样；要调整清单，请修改 content/ 后用 qingdan release 发布新版本";

/// Every file in the snapshot must be in the manifest with the same hash, and vice versa.
fn verify_files(snapshot: &Path, release: &Release, diags: &mut Diagnostics) {
    let expected: BTreeMap<&str, &str> = release.files.iter().map(|(p, h)| (p.as_str(), h.as_str())).collect();
    let actual = match manifest::files(snapshot) {
        Ok(files) => files,
        Err(e) => {
            diags.push(Diagnostic::error(Location::File(snapshot.to_path_buf()), format!("无法读取版本目录：{e}")));
            return;
        }
    };
    let problems: Vec<Diagnostic> = actual
        .par_iter()
        .filter_map(|rel| {
            let path = snapshot.join(rel);
            let message = match expected.get(rel.as_str()) {
                None => "中多出了文件",
                Some(hash) => {
                    let bytes = std::fs::read(&path).unwrap_or_default();
                    if manifest::sha256(&bytes) == *hash {
                        return None;
                    }
                    "的文件被修改"
                }
            };
            Some(
                Diagnostic::error(Location::File(path), format!("已发布版本 {}{message}", release.id))
                    .hint(FROZEN_HINT),
            )
        })
        .collect();
    diags.extend(problems);
    let actual: BTreeSet<&str> = actual.iter().map(String::as_str).collect();
    for rel in expected.keys().filter(|rel| !actual.contains(*rel)) {
        diags.push(
            Diagnostic::error(Location::File(snapshot.join(rel)), format!("已发布版本 {} 的文件被删除", release.id))
                .hint(FROZEN_HINT),
        );
    }
}

/// Each release names the one before it and the hash of its `release.toml`.
fn verify_chain(found: &[(Release, PathBuf)], diags: &mut Diagnostics) {
    for pair in found.windows(2) {
        let ((prev, prev_dir), (next, next_dir)) = (&pair[0], &pair[1]);
        let prev_meta = prev_dir.join(RELEASE_FILE);
        let prev_hash = std::fs::read(&prev_meta).map(|b| manifest::sha256(&b)).unwrap_or_default();
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
}

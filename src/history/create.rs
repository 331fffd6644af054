use super::{manifest, valid_id, History, HISTORY_DIR, RELEASE_FILE};
use crate::model::Date;
use crate::source::emit::{self, string as quote};
use std::io;
use std::path::{Path, PathBuf};

/// What the publisher says about a new release.
pub struct NewRelease {
    pub id: String,
    pub title: String,
    pub effective: Date,
    pub documents: Vec<String>,
    pub note: Option<String>,
}

/// Whether `new` can follow the releases of `history`, before anything is written: a valid id
/// that is not taken, and a place after the latest release. Releases are ordered by effective
/// date, then by id; each records the one before it, so a new release that sorted before the
/// latest would break the chain for good. The message says which id would do.
pub fn check_new(history: &History, new: &NewRelease) -> crate::Result<()> {
    if !valid_id(&new.id) {
        return Err(crate::Error::usage_text(format!(
            "版本号 `{}` 只能包含小写字母、数字和 -，例如 --id 2025-10-01",
            new.id
        )));
    }
    let Some(latest) = history.latest() else { return Ok(()) };
    if new.effective < latest.effective {
        return Err(crate::Error::usage_text(format!(
            "施行日期 {} 早于最近版本 {} 的施行日期 {}：新版本的施行日期不能早于已发布的版本。",
            new.effective, latest.id, latest.effective
        )));
    }
    if history.position(&new.id).is_some() {
        let suggestion = later_id(history, &latest.id);
        return Err(crate::Error::usage_text(format!(
            "版本 {} 已存在；已发布的版本不能覆盖。请用 --id 另起一个版本号，例如 --id {suggestion}",
            new.id
        )));
    }
    if new.effective == latest.effective && new.id < latest.id {
        let suggestion = later_id(history, &latest.id);
        return Err(crate::Error::usage_text(format!(
            "版本号 {} 排在同一天（{}）施行的最近版本 {} 之前。同一天施行的版本按版本号排序，新版本必须排在最后，\
             否则版本的先后记录会断开，之后 check、build 和 release 都会出错。\
             请换一个排在 {} 之后的版本号，例如 --id {suggestion}",
            new.id, new.effective, latest.id, latest.id
        )));
    }
    Ok(())
}

/// An id that sorts after `latest` and is not taken: `latest` with its last number increased
/// (`2025-10-01-2` → `2025-10-01-3`) when that still sorts after it, else `latest-2`
/// (`2025-10-01` → `2025-10-01-2`).
fn later_id(history: &History, latest: &str) -> String {
    // A date id (`2025-10-01`) ends in a number that is its day, not a count.
    let next = latest.rsplit_once('-').filter(|_| Date::parse(latest).is_none()).and_then(|(base, n)| {
        let n: u64 = n.parse().ok().filter(|_| n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0'))?;
        Some(format!("{base}-{}", n + 1))
    });
    let mut candidate = next.filter(|c| c.as_str() > latest).unwrap_or_else(|| format!("{latest}-2"));
    while history.position(&candidate).is_some() {
        candidate.push_str("-2");
    }
    candidate
}

/// Freezes `qingdan.toml` and `content/` as `history/<id>/`. The caller has checked the
/// sources. Written into a temporary directory first, so a failure leaves no half release.
pub fn create(root: &Path, new: &NewRelease, previous: Option<(&str, &Path)>) -> io::Result<PathBuf> {
    if !valid_id(&new.id) {
        return Err(io::Error::other(format!("版本号 `{}` 只能包含小写字母、数字和 -", new.id)));
    }
    let history = root.join(HISTORY_DIR);
    let target = history.join(&new.id);
    if target.exists() {
        return Err(io::Error::other(format!("版本 {} 已存在；已发布的版本不能覆盖，请换一个版本号", new.id)));
    }
    std::fs::create_dir_all(&history)?;
    super::clean_staging(&history);
    let staging = history.join(super::staging_name(&new.id));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| {
        copy_tree(&root.join(crate::source::CONFIG_FILE), &staging.join(crate::source::CONFIG_FILE))?;
        copy_tree(&root.join("content"), &staging.join("content"))?;
        let mut text = String::new();
        text.push_str("# 已发布版本的元数据。本目录中的文件已冻结，任何改动都会被 qingdan check 发现。\n");
        text.push_str(&format!("id = {}\n", quote(&new.id)));
        text.push_str(&format!("title = {}\n", quote(&new.title)));
        text.push_str(&format!("effective = {}\n", new.effective));
        let docs: Vec<String> = new.documents.iter().map(|d| quote(d)).collect();
        text.push_str(&format!("documents = [{}]\n", docs.join(", ")));
        text.push_str(&format!("created = {}\n", Date::today().map_err(io::Error::other)?));
        if let Some((id, dir)) = previous {
            let hash = manifest::sha256(&std::fs::read(dir.join(RELEASE_FILE))?);
            text.push_str(&format!("previous = {}\nprevious_sha256 = {}\n", quote(id), quote(&hash)));
        }
        if let Some(note) = &new.note {
            text.push_str(&format!("note = {}\n", quote(note)));
        }
        // history/CHAIN lists this release (written by the caller).
        text.push_str("chain = true\n");
        text.push_str("\n[files]\n");
        for rel in manifest::files(&staging)? {
            let hash = manifest::sha256(&std::fs::read(staging.join(&rel))?);
            text.push_str(&format!("{} = {}\n", emit::key(&rel), quote(&hash)));
        }
        std::fs::write(staging.join(RELEASE_FILE), text)?;
        std::fs::rename(&staging, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result.map(|()| target)
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    if from.is_file() {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, to)?;
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(from).map_err(io::Error::other)?;
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && !rel.as_os_str().is_empty() {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(ids: &[&str]) -> History {
        let releases = ids
            .iter()
            .map(|id| super::super::Release {
                id: id.to_string(),
                title: String::new(),
                effective: Date::parse("2025-10-01").unwrap(),
                documents: Vec::new(),
                note: None,
                created: None,
                previous: None,
                previous_sha256: None,
                chained: false,
                files: Vec::new(),
                sha256: String::new(),
            })
            .collect();
        History { releases, dirs: Vec::new() }
    }

    #[test]
    fn the_suggested_id_sorts_after_the_latest_and_is_free() {
        let cases = [
            ("2025-10-01", "2025-10-01-2"),
            ("2025-10-01-2", "2025-10-01-3"),
            ("v-9", "v-9-2"),
            ("tiaozheng", "tiaozheng-2"),
            ("a-01", "a-01-2"),
        ];
        for (latest, expected) in cases {
            let got = later_id(&history(&[latest]), latest);
            assert_eq!(got, expected, "after {latest}");
            assert!(got.as_str() > latest && valid_id(&got));
        }
        assert_eq!(later_id(&history(&["x-2", "x-1"]), "x-1"), "x-2-2", "a taken id is skipped");
    }
}

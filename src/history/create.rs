use super::{manifest, valid_id, HISTORY_DIR, RELEASE_FILE};
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
    let staging = history.join(format!(".{}.tmp-{}", new.id, std::process::id()));
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

//! Releases: immutable, dated snapshots of everything published. A release is a directory
//! `history/<id>/` holding a copy of `qingdan.toml` and `content/` as they were, and a
//! `release.toml` with its metadata and the SHA-256 of every file. Each release also records
//! the hash of the previous `release.toml`, so editing an old release, or its manifest, is
//! detected. No git needed: a shallow clone has the full history.

pub mod chain;
mod chronicle;
mod create;
mod manifest;
mod read;
pub mod verify;
mod versions;

pub use chronicle::{Chronicle, Event, Retired};
pub use create::{check_new, create, NewRelease};
pub use manifest::sha256;
pub use read::{load, History};
pub use versions::{Versions, CURRENT, CURRENT_TITLE};

use crate::model::Date;
use serde::Serialize;

/// Directory under the site root that holds the releases.
pub const HISTORY_DIR: &str = "history";
/// The metadata file of a release.
pub const RELEASE_FILE: &str = "release.toml";

/// A release's metadata, as frozen.
#[derive(Clone, Debug, Serialize)]
pub struct Release {
    pub id: String,
    pub title: String,
    /// 施行日期 of the adjustment.
    pub effective: Date,
    /// 文号 of the documents that made the adjustment (e.g. 青编办〔2025〕8号).
    pub documents: Vec<String>,
    /// Markdown.
    pub note: Option<String>,
    /// When the release was frozen.
    pub created: Option<Date>,
    /// Id of the release before this one.
    pub previous: Option<String>,
    #[serde(skip)]
    pub previous_sha256: Option<String>,
    /// Made by a qingdan that keeps `history/CHAIN` (`chain = true`): once such a release
    /// exists, a missing chain file is an error, not a site from before the chain.
    #[serde(skip)]
    pub chained: bool,
    /// Path inside the snapshot → SHA-256 (hex).
    #[serde(skip)]
    pub files: Vec<(String, String)>,
    /// SHA-256 of its `release.toml`: the release's manifest hash, which the next release
    /// records, `history/CHAIN` lists and the website publishes.
    pub sha256: String,
}

/// The directory `release` fills before renaming it to `history/<id>/`.
fn staging_name(id: &str) -> String {
    format!(".{id}.tmp-{}", std::process::id())
}

/// The process id in the name of a release's staging directory (`.<id>.tmp-<pid>`).
fn staging_pid(name: &str) -> Option<u32> {
    let (id, pid) = name.strip_prefix('.')?.rsplit_once(".tmp-")?;
    let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    if valid_id(id) && digits {
        pid.parse().ok()
    } else {
        None
    }
}

/// Removes the staging directories of releases whose process ended before finishing.
fn clean_staging(history: &std::path::Path) {
    crate::leftovers::clean(history, staging_pid);
}

/// Release ids become URL segments: lowercase letters, digits and `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

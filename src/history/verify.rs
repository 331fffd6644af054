//! Proving a file official: comparing a downloaded site, a manifest or one data file with the
//! releases as published (`data/releases/manifest.json` of a site, or a site's own `history/`).
//!
//! A published manifest lists, for every release, its `release.toml` (text and SHA-256), the
//! SHA-256 of its sources and of every data file the site published for it, and the head of
//! the chain. Each release's `release.toml` names the previous one's hash, so a manifest is
//! checked on its own first (every text hashes to its recorded value, every link holds); two
//! manifests then agree when the older one's releases are all in the newer one with the same
//! hashes. Whatever differs is a `Finding` naming the file, the hash expected and the one found.

use super::{sha256, Versions};
use crate::diag::{Diagnostics, Location, SourceMap};
use std::collections::BTreeMap;
use std::path::Path;

/// One release as a manifest publishes it.
#[derive(Clone, Debug, Default)]
pub struct PublishedRelease {
    pub id: String,
    pub effective: String,
    pub sha256: String,
    pub previous_sha256: Option<String>,
    /// The text of `release.toml`, when the manifest carries it.
    pub release_toml: Option<String>,
    /// Source files of the snapshot → SHA-256.
    pub sources: BTreeMap<String, String>,
    /// Data files the site published for this release → SHA-256.
    pub files: BTreeMap<String, String>,
}

/// The releases as one place publishes them.
#[derive(Clone, Debug, Default)]
pub struct Published {
    /// Where they come from, for messages.
    pub origin: String,
    pub releases: Vec<PublishedRelease>,
    /// What is wrong inside this publication itself.
    pub problems: Vec<Finding>,
}

/// One difference: the file (or release), what is wrong, and the hashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub file: String,
    pub message: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
}

impl Finding {
    fn new(file: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding { file: file.into(), message: message.into(), expected: None, actual: None }
    }

    fn hashes(mut self, expected: &str, actual: &str) -> Finding {
        self.expected = Some(expected.to_string());
        self.actual = Some(actual.to_string());
        self
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}：{}", self.file, self.message)?;
        if let (Some(e), Some(a)) = (&self.expected, &self.actual) {
            write!(f, "\n    应为 {e}\n    实际 {a}")?;
        }
        Ok(())
    }
}

fn text_map(value: Option<&serde_json::Value>) -> BTreeMap<String, String> {
    value
        .and_then(|v| v.as_object())
        .map(|o| o.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
        .unwrap_or_default()
}

impl Published {
    /// Reads a published `manifest.json` (`origin` names it in messages).
    pub fn from_manifest(bytes: &[u8], origin: &str) -> Result<Published, String> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| format!("{origin} 不是有效的 manifest.json：{e}"))?;
        let releases = value
            .get("releases")
            .and_then(|r| r.as_array())
            .ok_or_else(|| format!("{origin} 不是 qingdan 的 manifest.json：没有 releases"))?;
        let text = |r: &serde_json::Value, key: &str| r.get(key).and_then(|v| v.as_str()).map(str::to_string);
        let releases = releases
            .iter()
            .map(|r| PublishedRelease {
                id: text(r, "id").unwrap_or_default(),
                effective: text(r, "effective").unwrap_or_default(),
                sha256: text(r, "sha256").unwrap_or_default(),
                previous_sha256: text(r, "previous_sha256"),
                release_toml: text(r, "release_toml"),
                sources: text_map(r.get("sources")),
                files: text_map(r.get("files")),
            })
            .collect();
        let mut published = Published { origin: origin.to_string(), releases, problems: Vec::new() };
        published.problems =
            published.self_check(value.get("chain_head").and_then(|h| h.get("sha256")).and_then(|h| h.as_str()));
        Ok(published)
    }

    /// The releases of a site's own `history/`, verified as `qingdan check` verifies them (an
    /// edited file, an edited `release.toml`, a release missing from `history/CHAIN` are
    /// findings). No data files: those are in a built site's manifest.
    pub fn from_site(root: &Path) -> Published {
        let versions = Versions::open(root);
        let mut problems: Vec<Finding> = Vec::new();
        report(&versions.map, &versions.diags, root, &mut problems);
        let releases = versions
            .history
            .releases
            .iter()
            .zip(&versions.history.dirs)
            .map(|(r, dir)| PublishedRelease {
                id: r.id.clone(),
                effective: r.effective.to_string(),
                sha256: r.sha256.clone(),
                previous_sha256: r.previous_sha256.clone(),
                release_toml: std::fs::read_to_string(dir.join(super::RELEASE_FILE)).ok(),
                sources: r.files.iter().cloned().collect(),
                files: BTreeMap::new(),
            })
            .collect();
        let origin = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()).display().to_string();
        Published { origin, releases, problems }
    }

    /// A manifest on its own: each `release.toml` hashes to its recorded value, each release
    /// records the hash of the one before, the head is the last.
    fn self_check(&self, head: Option<&str>) -> Vec<Finding> {
        let mut out = Vec::new();
        for (n, r) in self.releases.iter().enumerate() {
            let name = format!("{}（版本 {}）", self.origin, r.id);
            if let Some(text) = &r.release_toml {
                let actual = sha256(text.as_bytes());
                if actual != r.sha256 {
                    out.push(Finding::new(&name, "release.toml 的内容与记录的指纹不符").hashes(&r.sha256, &actual));
                }
            }
            let previous = n.checked_sub(1).map(|p| self.releases[p].sha256.as_str());
            if r.previous_sha256.as_deref() != previous {
                out.push(
                    Finding::new(&name, "版本链断开：记录的上一版本指纹与上一个版本不符")
                        .hashes(previous.unwrap_or("（无）"), r.previous_sha256.as_deref().unwrap_or("（无）")),
                );
            }
        }
        if let (Some(head), Some(last)) = (head, self.releases.last()) {
            if head != last.sha256 {
                out.push(Finding::new(&self.origin, "chain_head 不是最后一个版本的指纹").hashes(&last.sha256, head));
            }
        }
        out
    }

    /// Every published file: (release id, path, hash), data files and sources alike.
    fn published(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.releases
            .iter()
            .flat_map(|r| r.files.iter().chain(&r.sources).map(move |(p, h)| (r.id.as_str(), p.as_str(), h.as_str())))
    }

    /// Where a data file with this hash was published: (release id, path).
    pub fn find_hash(&self, hash: &str) -> Vec<(&str, &str)> {
        self.published().filter(|(_, _, h)| *h == hash).map(|(id, p, _)| (id, p)).collect()
    }

    /// The hash published for a file of that name (its last path segment), with its release
    /// and path.
    pub fn find_name(&self, name: &str) -> Vec<(&str, &str, &str)> {
        self.published().filter(|(_, p, _)| p.rsplit('/').next() == Some(name)).collect()
    }
}

/// Diagnostics of a site's releases as findings.
fn report(map: &SourceMap, diags: &Diagnostics, root: &Path, out: &mut Vec<Finding>) {
    for d in diags.list.iter().filter(|d| d.is_error()) {
        let file = match &d.location {
            Location::File(path) => path.clone(),
            Location::Span(span) => map.path(span.file).to_path_buf(),
            Location::Cell { file, .. } => file.clone(),
        };
        let file = file.strip_prefix(root).unwrap_or(&file).to_string_lossy().replace('\\', "/");
        let mut f = Finding::new(file, d.message.clone());
        if let Some(label) = &d.label {
            f.message.push_str(&format!("（{label}）"));
        }
        out.push(f);
    }
}

/// Compares a publication (`copy`) with the reference: every release the reference published
/// must be in the copy with the same manifest hash, sources and data files. Releases the copy
/// has after the reference's last one are newer releases, not differences, when they continue
/// its chain.
pub fn compare(copy: &Published, reference: &Published) -> Vec<Finding> {
    let mut out = copy.problems.clone();
    out.extend(reference.problems.iter().cloned());
    for r in &reference.releases {
        let Some(c) = copy.releases.iter().find(|c| c.id == r.id) else {
            out.push(
                Finding::new(
                    format!("版本 {}", r.id),
                    format!(
                        "{} 公布过这个版本（{}施行），{} 中却没有：版本被删除",
                        reference.origin, r.effective, copy.origin
                    ),
                )
                .hashes(&r.sha256, "（无）"),
            );
            continue;
        };
        if c.sha256 != r.sha256 {
            out.push(
                Finding::new(
                    format!("history/{}/release.toml", r.id),
                    format!("版本 {} 的指纹与 {} 公布的不同", r.id, reference.origin),
                )
                .hashes(&r.sha256, &c.sha256),
            );
        }
        let both =
            |a: &BTreeMap<String, String>, b: &BTreeMap<String, String>, prefix: &str, out: &mut Vec<Finding>| {
                if a.is_empty() || b.is_empty() {
                    return;
                }
                for (path, expected) in a {
                    let file = format!("{prefix}{path}");
                    match b.get(path) {
                        None => out.push(
                            Finding::new(file, format!("版本 {} 中公布过这个文件，现在没有", r.id))
                                .hashes(expected, "（无）"),
                        ),
                        Some(actual) if actual != expected => out.push(
                            Finding::new(file, format!("版本 {} 的这个文件与公布的不同", r.id))
                                .hashes(expected, actual),
                        ),
                        Some(_) => {}
                    }
                }
                for (path, actual) in b.iter().filter(|(p, _)| !a.contains_key(*p)) {
                    out.push(
                        Finding::new(format!("{prefix}{path}"), format!("版本 {} 中多出了这个文件", r.id))
                            .hashes("（无）", actual),
                    );
                }
            };
        both(&r.sources, &c.sources, &format!("history/{}/", r.id), &mut out);
        both(&r.files, &c.files, "", &mut out);
    }
    // Releases only in the copy: newer ones continue the reference's chain.
    let mut head = reference.releases.last().map(|r| r.sha256.clone());
    for c in copy.releases.iter().filter(|c| !reference.releases.iter().any(|r| r.id == c.id)) {
        if c.previous_sha256 == head {
            head = Some(c.sha256.clone());
            continue;
        }
        out.push(Finding::new(
            format!("版本 {}", c.id),
            format!("{} 没有公布过这个版本，它也不是接在最后一个公布的版本之后", reference.origin),
        ));
    }
    out
}

/// The files of a downloaded site (`dir`) against the hashes a publication lists for them.
pub fn check_files(dir: &Path, reference: &Published) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for r in &reference.releases {
        for (path, expected) in &r.files {
            if !seen.insert(path.as_str()) {
                continue;
            }
            match std::fs::read(dir.join(path)) {
                Ok(bytes) => {
                    let actual = sha256(&bytes);
                    if &actual != expected {
                        out.push(
                            Finding::new(path, format!("与 {} 公布的版本 {} 中的文件不同", reference.origin, r.id))
                                .hashes(expected, &actual),
                        );
                    }
                }
                Err(_) => out.push(
                    Finding::new(
                        path,
                        format!("{} 在版本 {} 中公布了这个文件，下载的网站中没有", reference.origin, r.id),
                    )
                    .hashes(expected, "（无）"),
                ),
            }
        }
    }
    out
}

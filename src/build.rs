//! The pipeline: load → check → render → commit. Shared by `build`, `check` and (later) `serve`.

use crate::derive::Index;
use crate::diag::{Diagnostics, SourceMap};
use crate::render::{Renderer, Stats, Theme};
use crate::source;
use crate::write::Staging;
use std::path::Path;

/// What a run produced: diagnostics always, and the figures when pages were written.
pub struct Outcome {
    pub map: SourceMap,
    pub diags: Diagnostics,
    pub stats: Option<Stats>,
    /// A failure after the checks passed (theme error, disk full); the old output is intact.
    pub failure: Option<String>,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        !self.diags.has_errors() && self.failure.is_none()
    }
}

/// Loads and checks the site at `root` without writing anything.
pub fn check(root: &Path) -> Outcome {
    let loaded = source::load(root);
    let mut diags = loaded.diags;
    let index = Index::new(&loaded.site);
    diags.extend(crate::check::check(&index));
    diags.sort();
    Outcome { map: loaded.map, diags, stats: None, failure: None }
}

/// Loads, checks and, if there is no error, renders into `out` atomically.
pub fn build(root: &Path, out: &Path) -> Outcome {
    let loaded = source::load(root);
    let mut diags = loaded.diags;
    let index = Index::new(&loaded.site);
    diags.extend(crate::check::check(&index));
    diags.sort();
    let mut outcome = Outcome { map: loaded.map, diags, stats: None, failure: None };
    if outcome.diags.has_errors() {
        return outcome;
    }
    let result = Staging::new(out).map_err(|e| format!("无法创建临时输出目录：{e}")).and_then(|staging| {
        let stats = Renderer::new(&index, Theme::new(root)).render_all(&staging).map_err(|e| e.to_string())?;
        staging.commit().map_err(|e| format!("无法替换输出目录 {}：{e}", out.display()))?;
        Ok(stats)
    });
    match result {
        Ok(stats) => outcome.stats = Some(stats),
        Err(message) => outcome.failure = Some(message),
    }
    outcome
}

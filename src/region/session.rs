//! Rebuilding a region after edits, for `serve`. Each county follows its own directory with its
//! own `build::session::Session` writing into `<out>/<county>/`: an edit to one county's list
//! re-renders what depends on that list in that county only, and the region's pages follow
//! once the county's figures are written. A change to the region's own sources (its
//! `qingdan.toml`, `content/`, `themes/`) is the caller's to handle: a new session, built whole.

use super::Combined;
use crate::build::session::{Change, Session};
use crate::build::Outcome;
use crate::model::RegionConfig;
use crate::progress::Progress;
use crate::source::county_dir;
use crate::write::InPlace;
use std::path::{Path, PathBuf};

/// One county of the region being edited.
struct County {
    code: String,
    /// Its directory, canonical (watched paths are).
    dir: PathBuf,
    session: Session,
}

/// A region being edited and the output that follows it.
pub struct RegionSession {
    root: PathBuf,
    out: PathBuf,
    config: RegionConfig,
    counties: Vec<County>,
    /// Whether some county's figures changed since the region's pages were written.
    stale: bool,
}

/// What a rebuild of changed counties did.
pub struct Rebuilt {
    /// Each county rebuilt: its code, outcome and what was rebuilt in it.
    pub counties: Vec<(String, Outcome, Change)>,
}

impl RegionSession {
    /// A session over the region at `root` whose output is `out` (checked with
    /// `write::output_dir` by the caller).
    pub fn new(root: &Path, config: RegionConfig, out: &Path) -> RegionSession {
        let counties = config
            .counties()
            .map(|(_, code)| {
                let dir = county_dir(root, &code.value);
                let session = Session::new(&dir, &out.join(&code.value));
                let dir = dir.canonicalize().unwrap_or(dir);
                County { code: code.value.clone(), dir, session }
            })
            .collect();
        RegionSession { root: root.to_path_buf(), out: out.to_path_buf(), config, counties, stale: false }
    }

    /// The directories to watch: the region's, then each county's.
    pub fn roots(&self) -> Vec<&Path> {
        std::iter::once(self.root.as_path()).chain(self.counties.iter().map(|c| c.dir.as_path())).collect()
    }

    /// Builds every county whole into `<out>/<county>/`, then the region's pages, as
    /// `region::build` would (there in a staging directory, here in place: a county that fails
    /// keeps its last good output). `report` is given each county's outcome.
    pub fn rebuild_all(
        &mut self,
        progress: &Progress,
        report: &mut dyn FnMut(&str, &Outcome),
    ) -> crate::Result<Combined> {
        if !self.out.join(crate::write::MARKER).is_file() {
            // A new output: marked as qingdan's before the counties go in.
            super::staging(&self.out)?.commit().map_err(|e| crate::Error::failed(self.out.display(), e.message))?;
        }
        for county in &mut self.counties {
            // Whole: nothing is left for `finish`.
            let (outcome, _) = county.session.rebuild(progress);
            report(&county.code, &outcome);
            super::county_built(&county.code, &outcome, "修正后保存即重新生成")?;
        }
        let out = InPlace::new(&self.out);
        let combined = self.write_pages(&out)?;
        // What the region no longer has (a county, city or catalog taken out of its
        // configuration while serving) goes, as a clean build would not write it.
        let counties: Vec<&str> = self.counties.iter().map(|c| c.code.as_str()).collect();
        out.prune_except(&counties).map_err(|e| crate::Error::io(self.out.display(), e))?;
        Ok(combined)
    }

    /// The county whose sources hold `path`, if any (else the path is the region's own).
    pub fn county_of(&self, path: &Path) -> Option<&str> {
        self.counties.iter().find(|c| path.starts_with(&c.dir)).map(|c| c.code.as_str())
    }

    /// Rebuilds the counties that hold some of `paths` (see `county_of`), each as its own
    /// `serve` would: the pages now, the open data and search index in `finish`.
    pub fn rebuild(&mut self, paths: &[PathBuf], progress: &Progress) -> Rebuilt {
        let mut rebuilt = Vec::new();
        for county in &mut self.counties {
            if !paths.iter().any(|p| p.starts_with(&county.dir)) {
                continue;
            }
            let (outcome, change) = county.session.rebuild(progress);
            self.stale |= outcome.ok() && change != Change::Nothing;
            rebuilt.push((county.code.clone(), outcome, change));
        }
        Rebuilt { counties: rebuilt }
    }

    /// Writes what the rebuilt counties left for after the reload (their open data and search
    /// indexes), then the region's pages over the counties' new figures. Returns whether there
    /// was anything to write.
    pub fn finish(&mut self) -> crate::Result<bool> {
        let mut finished = false;
        for county in &mut self.counties {
            finished |= county.session.finish()?;
        }
        if std::mem::take(&mut self.stale) {
            self.write_pages(&InPlace::new(&self.out))?;
            finished = true;
        }
        Ok(finished)
    }

    /// The region's pages over the figures the counties' outputs hold.
    fn write_pages(&self, out: &InPlace) -> crate::Result<Combined> {
        let counties = self
            .counties
            .iter()
            .map(|c| crate::export::summary::read(&self.out.join(&c.code)))
            .collect::<crate::Result<Vec<_>>>()?;
        let pages = super::pages::write(&self.root, &self.config, &counties, out)?;
        Ok(Combined { counties, pages })
    }
}

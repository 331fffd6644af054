//! Search: one analyzer (`analyzer`, `pinyin`), the documents it reads (`docs`), one ranking
//! (`query`), and two indexes built from the same analysis: the static, sharded index the
//! browser runtime reads (`shards`, under `search/` in the website) and the tantivy index
//! behind `qingdan search` (`index`, under `.qingdan/` in the site). See `docs/search.md`.

pub mod analyzer;
pub mod docs;
pub mod index;
pub mod numbers;
pub mod pinyin;
pub mod query;
pub mod shards;
pub mod text;
pub mod vocab;

use crate::derive::Index;
use crate::write::Output;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A tantivy index built during `build`, put in place once the website is.
pub struct Pending {
    root: PathBuf,
    tmp: Option<PathBuf>,
}

impl Pending {
    /// Nothing to install.
    pub fn none(root: &Path) -> Pending {
        Pending { root: root.to_path_buf(), tmp: None }
    }

    pub fn install(mut self) -> crate::Result<()> {
        match self.tmp.take() {
            Some(tmp) => index::install(&self.root, &tmp),
            None => Ok(()),
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_dir_all(tmp);
        }
    }
}

pub(crate) use crate::timing::report as timing;

/// The build step: writes the static index into the output and, with `tantivy`, builds the
/// tantivy index beside the site (in a thread of its own, while the static index is written),
/// to be installed after the website is committed. Without it (`serve` after an edit), the
/// old tantivy index is removed: `qingdan search` rebuilds it when next asked.
pub fn build(index: &Index, out: &dyn Output, root: &Path, tantivy: bool) -> crate::Result<Pending> {
    // For bench/search.sh only: the same build without search, to measure what search adds.
    if std::env::var_os("QINGDAN_BENCH_NO_SEARCH").is_some() {
        return Ok(Pending::none(root));
    }
    let phase = crate::timing::start();
    let mut docs = docs::collect(index);
    let analysis = shards::prepare(&mut docs);
    phase.report("搜索：分析");
    let base_url = index.site.config.base_url.as_deref();
    let (built, written) = std::thread::scope(|s| {
        let built = tantivy.then(|| {
            s.spawn(|| {
                let t = Instant::now();
                let r = index::build(root, &docs, &analysis, base_url);
                timing("搜索：tantivy 索引（与静态索引同时）", t);
                r
            })
        });
        let t = crate::timing::start();
        let postings = shards::invert(&analysis);
        t.report("搜索：倒排");
        let written = shards::write(index.site, &docs, &analysis, postings, out);
        t.report("搜索：静态索引");
        (built.map(|b| b.join()), written)
    });
    let tmp = match built {
        Some(joined) => Some(joined.unwrap_or_else(|_| Err(crate::Error::failed("搜索索引", "tantivy 线程意外退出")))?),
        None => {
            index::remove(root);
            None
        }
    };
    let pending = Pending { root: root.to_path_buf(), tmp };
    written.map_err(|e| crate::Error::failed("搜索索引", e))?;
    phase.report("搜索：合计");
    Ok(pending)
}

/// Builds (again) the tantivy index `qingdan search` reads, for a site already loaded and
/// checked (`build::search_index`).
pub fn rebuild_index(root: &Path, idx: &Index) -> crate::Result<()> {
    let mut docs = docs::collect(idx);
    let analysis = shards::prepare(&mut docs);
    let tmp = index::build(root, &docs, &analysis, idx.site.config.base_url.as_deref())?;
    Pending { root: root.to_path_buf(), tmp: Some(tmp) }.install()
}

/// Whether the tantivy index of the site at `root` is there and usable.
pub fn has_index(root: &Path) -> bool {
    index::Searcher::open(&index::dir(root)).is_ok()
}

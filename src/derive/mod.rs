//! Derivations computed once from the model and shared by checks, pages and data files:
//! lookups by code, what each department delegated or recalled, guidance coverage.

mod coverage;
mod departments;
mod index;

pub use coverage::{Coverage, CoverageStatus, CoverageTotals};
pub use departments::{DepartmentView, ItemRef};
pub use index::Index;

//! Derivations computed once from the model and shared by checks, pages and data files:
//! lookups by code, what each department delegated or recalled, guidance coverage.

mod counts;
mod coverage;
mod departments;
pub mod effective;
mod index;
pub mod lineage;

pub use counts::{AdmissionCounts, Counts};
pub use coverage::{Coverage, CoverageStatus, CoverageTotals};
pub use departments::{DepartmentView, ItemRef};
pub use effective::Values;
pub use index::Index;
pub use lineage::{HistoryColumn, ItemHistory, Lineage};

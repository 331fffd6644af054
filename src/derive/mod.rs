//! Derivations computed once from the model and shared by checks, pages and data files:
//! lookups by code, what each department delegated or recalled, guidance coverage, the county
//! overview, and whether duties handed down came through the 准入 list.

mod admission;
mod counts;
mod coverage;
mod departments;
pub mod effective;
mod events;
mod index;
pub mod lineage;
mod overview;

pub use admission::{AdmissionUse, Assignment, Outside};
pub use counts::{AdmissionCounts, Counts, DepartmentCounts};
pub use coverage::{Coverage, CoverageStatus, CoverageTotals};
pub use departments::{by_matter, per_township, DepartmentView, ItemRef, MatterGroup, Section, TownshipCounts};
pub use effective::Values;
pub use events::{events, events_of, Event, EventItem, Place};
pub use index::Index;
pub use lineage::{HistoryColumn, ItemHistory, Lineage};
pub use overview::{Difference, Overview};

//! qingdan: sources (TOML + Markdown) → model → checks → derived indexes → pages, written
//! atomically. Each stage is a module; data flows one way (tests/architecture.rs keeps every
//! module to its layer). Modules are public only where the tests, the examples and the
//! binary use them.

pub mod build;
pub(crate) mod check;
pub mod cli;
pub mod derive;
pub mod diag;
pub(crate) mod diff;
pub(crate) mod error;
pub mod export;
pub(crate) mod history;
pub mod import;
pub mod init;
pub(crate) mod leftovers;
pub mod memory;
pub mod model;
pub mod progress;
pub mod region;
pub(crate) mod render;
pub mod search;
pub(crate) mod serve;
pub mod source;
pub(crate) mod timing;
pub(crate) mod urls;
pub mod write;

pub use error::{Error, Result};

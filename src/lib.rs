//! qingdan: sources (TOML + Markdown) → model → checks → derived indexes → pages, written
//! atomically. Each stage is a module; data flows one way.

pub mod build;
pub mod check;
pub mod cli;
pub mod derive;
pub mod diag;
pub mod diff;
pub mod error;
pub mod export;
pub mod history;
pub mod import;
pub mod init;
pub mod leftovers;
pub mod memory;
pub mod model;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod source;
pub mod timing;
pub mod urls;
pub mod write;

pub use error::{Error, Result};

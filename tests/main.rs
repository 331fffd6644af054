//! The integration tests, one module per area, in one binary: one link instead of one per
//! file. tests/README.md says where a new test goes.

mod common;
mod corpus;

mod architecture;
mod build_output;
mod citable;
mod diagnostics;
mod escaping;
mod example;
mod export;
mod history;
mod import;
mod import_corpus;
mod import_round_trip;
mod parity;
mod search;
mod serve;
mod site;
mod website;

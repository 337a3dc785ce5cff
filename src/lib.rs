//! budgetdb: Chinese government final-accounts disclosures (部门决算公开)
//! as an SQLite database.
//!
//! The binary is a thin layer over this library; each module owns one
//! concern (see ARCHITECTURE.md).

pub mod check;
pub mod db;
pub mod diag;
pub mod extract;
pub mod import;
pub mod kinds;
pub mod metric;
pub mod names;
pub mod output;
pub mod progress;
pub mod query;
pub mod reader;
pub mod schema_doc;
pub mod value;
pub mod vocab;

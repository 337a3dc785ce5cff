//! budgetdb: Chinese government final-accounts disclosures (部门决算公开)
//! as an SQLite database.
//!
//! The binary is a thin layer over this library; each module owns one
//! concern (see ARCHITECTURE.md).

pub mod check;
pub mod datasette;
pub mod export;
pub mod extract;
pub mod filters;
pub mod import;
pub mod io;
pub mod model;
pub mod query;
pub mod report;
pub mod storage;
pub mod why;

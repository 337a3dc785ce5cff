//! The data model: what a report's figures are and how a cell becomes one.
//! Declared once here and read by import, check, extract and the queries.

pub mod classes;
pub mod kinds;
pub mod label;
pub mod metric;
pub mod names;
pub mod texts;
pub mod value;
pub mod vocab;

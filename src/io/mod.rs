//! Input and output at the edges: reading a delimited file or a workbook, writing rows in
//! every output format, diagnostics with their locations, the progress bar.

pub mod diag;
pub mod output;
pub mod progress;
pub mod reader;
pub mod rows;
pub mod workbook;

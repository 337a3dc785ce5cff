//! Input and output at the edges: reading a delimited file or a workbook, writing rows in
//! every output format, diagnostics with their locations, the progress bar, and the child process a risky read
//! is tried in first.

pub mod diag;
pub mod output;
pub mod progress;
pub mod reader;
pub mod rows;
pub mod sandbox;
pub mod workbook;

//! Input and output at the edges: reading a delimited file, writing rows in
//! every output format, diagnostics with their locations, the progress bar.

pub mod diag;
pub mod output;
pub mod progress;
pub mod reader;

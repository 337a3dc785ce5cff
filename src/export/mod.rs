//! `budgetdb export`: the database in formats other tools read directly.
//!
//! `--parquet DIR` writes one Parquet file per table (`parquet.rs`, built
//! with the `parquet` cargo feature), so DuckDB, Spark or Trino can read a
//! national dataset without SQLite. `--xlsx FILE` writes a workbook in
//! contract form that `budgetdb import` reads back (`xlsx.rs`).

#[cfg(feature = "parquet")]
pub mod parquet;
pub mod xlsx;

use std::path::{Path, PathBuf};

use anyhow::Result;
use rusqlite::Connection;

/// One table written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub table: String,
    pub path: PathBuf,
    pub rows: u64,
}

/// The tables an export writes: every table of the database but SQLite's
/// own, in the order `schema.sql` creates them.
pub fn tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
    )?;
    let names = stmt.query_map([], |r| r.get(0))?;
    names.collect()
}

/// Writes every table as `DIR/TABLE.parquet`.
#[cfg(feature = "parquet")]
pub fn parquet(conn: &Connection, dir: &Path) -> Result<Vec<Written>> {
    parquet::write_all(conn, dir)
}

/// Without the `parquet` feature there is no Parquet writer.
#[cfg(not(feature = "parquet"))]
pub fn parquet(_conn: &Connection, _dir: &Path) -> Result<Vec<Written>> {
    anyhow::bail!(
        "this budgetdb was built without Parquet support; build it with `cargo install budgetdb --features parquet` (or `cargo build --release --features parquet`)"
    )
}

//! Opening a budgetdb database: created with the schema on first use,
//! checked on every later use.
//!
//! A budgetdb database carries its own mark (`PRAGMA application_id`) and
//! schema version (`PRAGMA user_version`). Any other SQLite file, or a file
//! that is not SQLite at all, is refused before anything is written to it:
//! pointing `--db` at the wrong file must never damage that file.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use rusqlite::{Connection, OpenFlags};

/// The whole schema, applied to a new database.
pub const SCHEMA: &str = include_str!("../schema.sql");

/// `PRAGMA application_id` of budgetdb databases: "BDB!" in ASCII.
pub const APPLICATION_ID: i64 = 0x4244_4221;

/// Version of `schema.sql`; a database with a lower `user_version` is
/// migrated, one with a higher one was made by a newer budgetdb.
pub const SCHEMA_VERSION: i64 = 1;

/// How long a writer waits for another writer to finish.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Opens the database at `path` for reading and writing, creating it with
/// the schema if it does not exist yet.
pub fn open(path: &Path) -> Result<Connection> {
    let is_new = !path.exists()
        || std::fs::metadata(path)
            .map(|m| m.len() == 0)
            .unwrap_or(false);
    if !is_new {
        verify(path)?;
    }
    let conn = Connection::open(path)
        .with_context(|| format!("{}: cannot open the database", path.display()))?;
    configure(&conn)?;
    initialize(&conn).with_context(|| format!("{}: cannot create the schema", path.display()))?;
    // Write-ahead logging: queries keep reading the last committed data
    // while an import writes, instead of waiting for it.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    Ok(conn)
}

/// Opens the database read-only, for queries: no statement on this
/// connection can change the file.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    if !path.exists() {
        // First use: create it, so a query on a new database sees empty tables.
        drop(open(path)?);
    }
    verify(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )
    .with_context(|| format!("{}: cannot open the database", path.display()))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "query_only", true)?;
    Ok(conn)
}

/// An in-memory database with the schema, for `--dry-run` on a database
/// that does not exist yet.
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    initialize(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

/// Checks, through a read-only connection, that `path` is a budgetdb
/// database this version can use.
fn verify(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("{}: cannot open the database", path.display()))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let read = |pragma: &str| -> Result<i64> {
        conn.pragma_query_value(None, pragma, |row| row.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => anyhow::anyhow!(
                    "{}: not an SQLite database; budgetdb leaves it untouched (use --db to choose another file)",
                    path.display()
                ),
                _ => anyhow::Error::new(e).context(format!("{}: cannot read the database", path.display())),
            })
    };
    let application_id = read("application_id")?;
    let version = read("user_version")?;
    if application_id == 0 && version == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if tables == 0 {
            return Ok(()); // an empty SQLite file: ours to initialize
        }
    }
    if application_id != APPLICATION_ID {
        bail!(
            "{}: an SQLite database, but not a budgetdb one; budgetdb leaves it untouched (use --db to choose another file)",
            path.display()
        );
    }
    if version > SCHEMA_VERSION {
        bail!(
            "{}: made by a newer budgetdb (schema version {version}; this one knows up to {SCHEMA_VERSION}); upgrade budgetdb",
            path.display()
        );
    }
    Ok(())
}

/// Applies the schema to a new database, or migrates an older one.
fn initialize(conn: &Connection) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    // Another process may have initialized it while this one waited.
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let result = match version {
        0 => conn.execute_batch(SCHEMA).and_then(|()| {
            conn.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
            ))
        }),
        // Later schema versions add their migrations here, one step each.
        _ => Ok(()),
    };
    match result {
        Ok(()) => conn.execute_batch("COMMIT")?,
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(e.into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab;

    #[test]
    fn schema_vocabularies_match_the_code() {
        let conn = open_in_memory().expect("schema applies");
        for vocabulary in vocab::ALL {
            let id_column = if vocabulary.table == "grades" {
                "grade"
            } else {
                "id"
            };
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT {id_column} FROM {} ORDER BY 1",
                    vocabulary.table
                ))
                .expect("lookup table exists");
            let mut in_schema: Vec<String> = stmt
                .query_map([], |r| r.get(0))
                .expect("query runs")
                .collect::<rusqlite::Result<_>>()
                .expect("rows read");
            let mut in_code: Vec<String> =
                vocabulary.terms.iter().map(|t| t.id.to_string()).collect();
            in_schema.sort();
            in_code.sort();
            assert_eq!(in_schema, in_code, "{}", vocabulary.table);
        }
    }

    #[test]
    fn every_kind_column_exists_in_its_table() {
        let conn = open_in_memory().expect("schema applies");
        for kind in crate::kinds::KINDS {
            for column in kind.columns {
                for db_column in column.db_columns() {
                    conn.prepare(&format!("SELECT {db_column} FROM {}", kind.table))
                        .unwrap_or_else(|e| panic!("{}.{db_column}: {e}", kind.table));
                }
            }
        }
    }
}

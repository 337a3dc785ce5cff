//! Where the rows of findings were imported from: the file and line
//! `row_sources` records for each, looked up for a whole batch of findings
//! in one statement (one department's, or the few a terminal shows), so a
//! check over a million rows does not pay a query per finding.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use rusqlite::Connection;

use super::data::checked_tables;
use super::finding::{Finding, Location};

/// Bits of a packed row number that hold its table's number.
const TABLE_BITS: u32 = 4;

/// One statement for every row asked, each packed as id × 16 + table (a
/// JSON array of integers, read without parsing objects): the run holding
/// each id (the last run of its table starting at or before it), its file
/// and the id's line in it.
fn lookup_sql() -> String {
    let tables: Vec<String> = checked_tables()
        .enumerate()
        .map(|(n, t)| format!("({n}, '{t}')"))
        .collect();
    format!(
        "WITH tables(n, name) AS (VALUES {}),
              wanted(n, id) AS (SELECT value & {mask}, value >> {TABLE_BITS} FROM json_each(?1))
         SELECT w.n, w.id, s.file_id, s.first_line + (w.id - s.first_id)
           FROM wanted w
           JOIN tables t ON t.n = w.n
           JOIN row_sources s ON s.tbl = t.name
            AND s.first_id = (SELECT max(first_id) FROM row_sources
                               WHERE tbl = t.name AND first_id <= w.id)
          WHERE w.id <= s.last_id",
        tables.join(", "),
        mask = (1 << TABLE_BITS) - 1,
    )
}

/// Fills in [`Finding::locations`] of `findings` from their rows.
pub fn locate<'a>(
    conn: &Connection,
    findings: impl IntoIterator<Item = &'a mut Finding>,
) -> rusqlite::Result<()> {
    let mut findings: Vec<&mut Finding> = findings
        .into_iter()
        .filter(|f| !f.rows.is_empty())
        .collect();
    // A table's number is its place in `checked_tables`, as in the query.
    let number = |table: &str| checked_tables().position(|t| t == table).map(|n| n as i64);
    let mut list = String::from("[");
    for row in findings.iter().flat_map(|f| &f.rows) {
        if let Some(n) = number(row.table) {
            if list.len() > 1 {
                list.push(',');
            }
            let _ = write!(list, "{}", (row.id << TABLE_BITS) | n);
        }
    }
    if list.len() == 1 {
        return Ok(());
    }
    list.push(']');
    let mut found: HashMap<(i64, i64), (i64, i64)> = HashMap::new();
    let mut statement = conn.prepare_cached(&lookup_sql())?;
    let mut rows = statement.query([list])?;
    while let Some(row) = rows.next()? {
        found.insert((row.get(0)?, row.get(1)?), (row.get(2)?, row.get(3)?));
    }
    let mut paths: HashMap<i64, Arc<str>> = HashMap::new();
    let mut path_of = conn.prepare_cached("SELECT path FROM import_files WHERE id = ?1")?;
    for finding in &mut findings {
        let mut locations = Vec::with_capacity(finding.rows.len());
        for row in &finding.rows {
            let Some(&(file, line)) = number(row.table).and_then(|n| found.get(&(n, row.id)))
            else {
                continue;
            };
            let path = match paths.get(&file) {
                Some(path) => path.clone(),
                None => {
                    let path: Arc<str> =
                        path_of.query_row([file], |r| r.get::<_, String>(0))?.into();
                    paths.insert(file, path.clone());
                    path
                }
            };
            locations.push(Location { path, line });
        }
        finding.locations = locations;
    }
    Ok(())
}

//! Where the rows of findings were imported from: the file and line
//! `row_sources` records for each, looked up for a whole batch of findings
//! in one statement (one department's, or the few a terminal shows), so a
//! check over a million rows does not pay a query per finding.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;

use super::finding::{Finding, Location, RowRef};

/// One statement for every row asked: the run holding each id (the last
/// run of its table starting at or before it) and that run's file.
const LOOKUP: &str = "
WITH wanted(tbl, id) AS (
    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1)
)
SELECT w.tbl, w.id, f.path, s.first_line + (w.id - s.first_id)
  FROM wanted w
  JOIN row_sources s ON s.tbl = w.tbl
   AND s.first_id = (SELECT max(first_id) FROM row_sources
                      WHERE tbl = w.tbl AND first_id <= w.id)
  JOIN import_files f ON f.id = s.file_id
 WHERE w.id <= s.last_id";

/// Fills in [`Finding::locations`] of `findings` from their rows.
pub fn locate<'a>(
    conn: &Connection,
    findings: impl IntoIterator<Item = &'a mut Finding>,
) -> rusqlite::Result<()> {
    let mut findings: Vec<&mut Finding> = findings
        .into_iter()
        .filter(|f| !f.rows.is_empty())
        .collect();
    let wanted: BTreeSet<RowRef> = findings.iter().flat_map(|f| f.rows.clone()).collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let list = serde_json::Value::Array(
        wanted
            .iter()
            .map(|r| serde_json::json!([r.table, r.id]))
            .collect(),
    )
    .to_string();
    let mut found: BTreeMap<(String, i64), Location> = BTreeMap::new();
    let mut statement = conn.prepare_cached(LOOKUP)?;
    let mut rows = statement.query([list])?;
    while let Some(row) = rows.next()? {
        found.insert(
            (row.get(0)?, row.get(1)?),
            Location {
                path: row.get(2)?,
                line: row.get(3)?,
            },
        );
    }
    for finding in &mut findings {
        finding.locations = finding
            .rows
            .iter()
            .filter_map(|r| found.get(&(r.table.to_string(), r.id)).cloned())
            .collect();
    }
    Ok(())
}

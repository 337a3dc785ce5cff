//! Recording where each row came from (`row_sources`) and what replaced
//! it (`row_history`); see `schema.sql` for the tables.
//!
//! Sources are kept as runs of row ids, which [`super::seen::Seen`]
//! already builds while an import writes: at the end they become the new
//! owners of their rows, cutting the older runs they cover. So a first
//! import of a million rows writes one row here, and an import that reads
//! unchanged files costs a handful. History is written only for a row
//! whose values change, with the columns that changed.

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use super::plan::Plan;
use crate::model::kinds::KINDS;

/// The file and line that last stated row `id` of `table`, if recorded.
pub fn source_of(conn: &Connection, table: &str, id: i64) -> rusqlite::Result<Option<(i64, i64)>> {
    conn.prepare_cached(
        "SELECT file_id, first_line + (?2 - first_id), last_id FROM row_sources
          WHERE tbl = ?1 AND first_id <= ?2 ORDER BY first_id DESC LIMIT 1",
    )?
    .query_row(params![table, id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })
    .optional()
    .map(|found| found.and_then(|(file, line, last)| (id <= last).then_some((file, line))))
}

/// Records that `file_id`:`line` replaced row `id`'s `old` values by `new`.
pub fn record_replacement(
    conn: &Connection,
    plan: &Plan,
    id: i64,
    file_id: i64,
    line: u64,
    old: &[Value],
    new: &[Value],
) -> rusqlite::Result<()> {
    let table = plan.kind.table;
    let mut changes = Vec::new();
    for ((column, old), new) in plan.db_columns.iter().zip(old).zip(new) {
        if old != new {
            changes.push(serde_json::json!([column, json(old), json(new)]));
        }
    }
    let before = source_of(conn, table, id)?;
    conn.prepare_cached(
        "INSERT INTO row_history (tbl, row_id, key, file_id, line, old_file_id, old_line, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        table,
        id,
        plan.describe_key(new),
        file_id,
        line as i64,
        before.map(|b| b.0),
        before.map(|b| b.1),
        serde_json::Value::Array(changes).to_string()
    ])?;
    Ok(())
}

fn json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => serde_json::Value::from(*i),
        Value::Real(r) => serde_json::Value::from(*r),
        Value::Text(t) => serde_json::Value::from(t.as_str()),
        Value::Blob(_) => serde_json::Value::from("(blob)"),
    }
}

/// Makes the runs of this import (`temp.import_runs`, with file numbers)
/// the sources of their rows: `file_ids[n]` is file n's `import_files.id`.
pub fn record_sources(conn: &Connection, file_ids: &[Option<i64>]) -> rusqlite::Result<()> {
    let runs = {
        let mut stmt = conn.prepare(
            "SELECT tbl, first_id, last_id, file, first_line FROM temp.import_runs ORDER BY tbl, first_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    for (tag, first, last, file, line) in runs {
        let (Some(kind), Some(Some(file_id))) = (
            KINDS.get(tag as usize),
            usize::try_from(file).ok().and_then(|f| file_ids.get(f)),
        ) else {
            continue;
        };
        take_over(conn, kind.table, first, last)?;
        conn.prepare_cached(
            "INSERT INTO row_sources (tbl, first_id, last_id, file_id, first_line) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![kind.table, first, last, file_id, line])?;
    }
    Ok(())
}

/// Cuts ids `first..=last` of `table` out of the runs that hold them.
/// Runs never overlap, so at most one starts before `first`, and the runs
/// that start inside the range are found by the key.
fn take_over(conn: &Connection, table: &str, first: i64, last: i64) -> rusqlite::Result<()> {
    let before = conn
        .prepare_cached(
            "SELECT first_id, last_id, file_id, first_line FROM row_sources
              WHERE tbl = ?1 AND first_id < ?2 ORDER BY first_id DESC LIMIT 1",
        )?
        .query_row(params![table, first], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .optional()?;
    if let Some((run_first, run_last, file_id, run_line)) = before {
        if run_last >= first {
            if run_last > last {
                insert_piece(
                    conn,
                    table,
                    last + 1,
                    run_last,
                    file_id,
                    run_line + (last + 1 - run_first),
                )?;
            }
            conn.prepare_cached(
                "UPDATE row_sources SET last_id = ?3 WHERE tbl = ?1 AND first_id = ?2",
            )?
            .execute(params![table, run_first, first - 1])?;
        }
    }
    let inside_last = conn
        .prepare_cached(
            "SELECT first_id, last_id, file_id, first_line FROM row_sources
              WHERE tbl = ?1 AND first_id BETWEEN ?2 AND ?3 ORDER BY first_id DESC LIMIT 1",
        )?
        .query_row(params![table, first, last], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .optional()?;
    if let Some((run_first, run_last, file_id, run_line)) = inside_last {
        conn.prepare_cached(
            "DELETE FROM row_sources WHERE tbl = ?1 AND first_id BETWEEN ?2 AND ?3",
        )?
        .execute(params![table, first, last])?;
        if run_last > last {
            insert_piece(
                conn,
                table,
                last + 1,
                run_last,
                file_id,
                run_line + (last + 1 - run_first),
            )?;
        }
    }
    Ok(())
}

fn insert_piece(
    conn: &Connection,
    table: &str,
    first: i64,
    last: i64,
    file_id: i64,
    line: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO row_sources (tbl, first_id, last_id, file_id, first_line) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![table, first, last, file_id, line])?;
    Ok(())
}

/// The runs of `file_id`: (table, first id, last id, first line).
pub fn runs_of(conn: &Connection, file_id: i64) -> rusqlite::Result<Vec<(String, i64, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT tbl, first_id, last_id, first_line FROM row_sources WHERE file_id = ?1 ORDER BY tbl, first_id",
    )?;
    let rows = stmt.query_map([file_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    rows.collect()
}

/// A row of file `file_id`'s runs that this import has written already
/// (its table and row id): the file cannot be skipped as unchanged when
/// another file of the same import stated its keys.
pub fn written_again(conn: &Connection, file_id: i64) -> rusqlite::Result<Option<(i64, i64)>> {
    let runs = {
        let mut stmt = conn
            .prepare_cached("SELECT tbl, first_id, last_id FROM row_sources WHERE file_id = ?1")?;
        let rows = stmt.query_map([file_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    for (table, first, last) in runs {
        let Some(tag) = KINDS.iter().position(|k| k.table == table) else {
            continue;
        };
        // This import's runs do not overlap either: only the last one
        // starting at or before `last` can reach into the range.
        let hit = conn
            .prepare_cached(
                "SELECT max(first_id, ?2), file, last_id FROM temp.import_runs
                  WHERE tbl = ?1 AND first_id <= ?3 ORDER BY first_id DESC LIMIT 1",
            )?
            .query_row(params![tag as i64, first, last], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .optional()?;
        if let Some((id, file, run_last)) = hit {
            if run_last >= first {
                return Ok(Some((file, id)));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(conn: &Connection) -> Vec<(i64, i64, i64, i64)> {
        let mut stmt = conn
            .prepare(
                "SELECT first_id, last_id, file_id, first_line FROM row_sources ORDER BY first_id",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
    }

    #[test]
    fn a_later_run_takes_over_the_rows_it_covers() {
        let conn = crate::storage::db::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", false).unwrap();
        // File 1: ids 1..=100 from lines 2..=101.
        insert_piece(&conn, "reports", 1, 100, 1, 2).unwrap();
        // File 2 states ids 10..=19 again (lines 5..=14 of it).
        take_over(&conn, "reports", 10, 19).unwrap();
        insert_piece(&conn, "reports", 10, 19, 2, 5).unwrap();
        assert_eq!(
            runs(&conn),
            [(1, 9, 1, 2), (10, 19, 2, 5), (20, 100, 1, 21)]
        );
        assert_eq!(source_of(&conn, "reports", 25).unwrap(), Some((1, 26)));
        assert_eq!(source_of(&conn, "reports", 12).unwrap(), Some((2, 7)));
        assert_eq!(source_of(&conn, "reports", 101).unwrap(), None);
        // File 3 covers 5..=50: the start of one, all of one, the end of one.
        take_over(&conn, "reports", 5, 50).unwrap();
        insert_piece(&conn, "reports", 5, 50, 3, 2).unwrap();
        assert_eq!(runs(&conn), [(1, 4, 1, 2), (5, 50, 3, 2), (51, 100, 1, 52)]);
        // File 4 covers everything.
        take_over(&conn, "reports", 1, 200).unwrap();
        assert_eq!(runs(&conn), []);
    }
}

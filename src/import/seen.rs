//! Which stored rows this import has written, and from which file and line.
//!
//! Needed for two things: a key given twice in one import is an error that
//! names both places, and the final rules locate the rows they refuse.
//!
//! Rows are written in file order, so the row ids an import writes come in
//! long runs where the id and the line go up together (every inserted row
//! takes the next id; a re-import meets the stored ids in the order they
//! were inserted). A run is kept as one entry: (table, first id, last id,
//! file, line of the first id). The run being extended lives in memory;
//! finished runs go to the temporary table `temp.import_runs`, so memory
//! stays the same however many rows are imported, and a million-row file
//! costs a handful of entries instead of a million.

use rusqlite::{params, Connection, OptionalExtension};

/// A run of consecutive row ids written from consecutive lines of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    table: i64,
    first_id: i64,
    last_id: i64,
    file: i64,
    /// The line of `first_id`; the line of id `i` is `first_line + i - first_id`.
    first_line: i64,
}

impl Run {
    fn contains(&self, table: i64, id: i64) -> bool {
        self.table == table && (self.first_id..=self.last_id).contains(&id)
    }

    fn line_of(&self, id: i64) -> i64 {
        self.first_line + (id - self.first_id)
    }
}

/// The rows written so far by this import.
#[derive(Debug, Default)]
pub struct Seen {
    current: Option<Run>,
    /// The first [`RUNS_IN_MEMORY`] finished runs, also kept here so that
    /// looking an id up (once per stored row a re-import meets) rarely
    /// needs SQL.
    finished: Vec<Run>,
    /// More runs were finished than `finished` holds.
    spilled: bool,
}

/// Finished runs looked up in memory before asking `temp.import_runs`.
const RUNS_IN_MEMORY: usize = 256;

impl Seen {
    /// Creates (or empties) the temporary table of finished runs.
    pub fn start(conn: &Connection) -> rusqlite::Result<Seen> {
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS import_runs (
                 tbl INTEGER NOT NULL, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL,
                 file INTEGER NOT NULL, first_line INTEGER NOT NULL,
                 PRIMARY KEY (tbl, first_id)) WITHOUT ROWID;
             DELETE FROM temp.import_runs;",
        )?;
        Ok(Seen::default())
    }

    /// Where this import wrote row `id` of `table`: (file number, line).
    pub fn find(
        &self,
        conn: &Connection,
        table: i64,
        id: i64,
    ) -> rusqlite::Result<Option<(i64, i64)>> {
        if let Some(run) = self.current.filter(|run| run.contains(table, id)) {
            return Ok(Some((run.file, run.line_of(id))));
        }
        if let Some(run) = self.finished.iter().find(|run| run.contains(table, id)) {
            return Ok(Some((run.file, run.line_of(id))));
        }
        if !self.spilled {
            return Ok(None);
        }
        conn.prepare_cached(
            "SELECT file, first_line + (?2 - first_id) FROM temp.import_runs
              WHERE tbl = ?1 AND first_id <= ?2 AND last_id >= ?2
              ORDER BY first_id DESC LIMIT 1",
        )?
        .query_row(params![table, id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
    }

    /// Records that this import wrote row `id` of `table` from `file`:`line`.
    pub fn record(
        &mut self,
        conn: &Connection,
        table: i64,
        id: i64,
        file: i64,
        line: i64,
    ) -> rusqlite::Result<()> {
        if let Some(run) = self.current.as_mut() {
            if run.table == table
                && run.file == file
                && id == run.last_id + 1
                && line == run.line_of(id)
            {
                run.last_id = id;
                return Ok(());
            }
        }
        self.flush(conn)?;
        self.current = Some(Run {
            table,
            first_id: id,
            last_id: id,
            file,
            first_line: line,
        });
        Ok(())
    }

    /// Records a whole run at once: rows `first_id..=last_id` of `table`,
    /// stated by lines `first_line`… of `file` (a file skipped as
    /// unchanged, whose rows count as this import's).
    pub fn record_run(
        &mut self,
        conn: &Connection,
        table: i64,
        (first_id, last_id): (i64, i64),
        file: i64,
        first_line: i64,
    ) -> rusqlite::Result<()> {
        self.flush(conn)?;
        self.current = Some(Run {
            table,
            first_id,
            last_id,
            file,
            first_line,
        });
        self.flush(conn)
    }

    /// Moves the run in memory to `temp.import_runs`, so that SQL (the
    /// final rules) sees every row written.
    pub fn flush(&mut self, conn: &Connection) -> rusqlite::Result<()> {
        if let Some(run) = self.current.take() {
            if self.finished.len() < RUNS_IN_MEMORY {
                self.finished.push(run);
            } else {
                self.spilled = true;
            }
            conn.prepare_cached(
                "INSERT INTO temp.import_runs (tbl, first_id, last_id, file, first_line)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                run.table,
                run.first_id,
                run.last_id,
                run.file,
                run.first_line
            ])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rows_in_the_current_and_in_finished_runs() {
        let conn = Connection::open_in_memory().unwrap();
        let mut seen = Seen::start(&conn).unwrap();
        // File 0: ids 10..=12 from lines 2..=4, then id 13 after a blank line.
        for (id, line) in [(10, 2), (11, 3), (12, 4), (13, 6)] {
            seen.record(&conn, 1, id, 0, line).unwrap();
        }
        // File 1 meets stored ids 3 and 4 (a re-import), same table.
        seen.record(&conn, 1, 3, 1, 2).unwrap();
        seen.record(&conn, 1, 4, 1, 3).unwrap();
        assert_eq!(seen.find(&conn, 1, 11).unwrap(), Some((0, 3)));
        assert_eq!(seen.find(&conn, 1, 13).unwrap(), Some((0, 6)));
        assert_eq!(seen.find(&conn, 1, 4).unwrap(), Some((1, 3)));
        assert_eq!(seen.find(&conn, 1, 5).unwrap(), None);
        assert_eq!(seen.find(&conn, 2, 11).unwrap(), None, "another table");
        seen.flush(&conn).unwrap();
        let runs: i64 = conn
            .query_row("SELECT count(*) FROM temp.import_runs", [], |r| r.get(0))
            .unwrap();
        assert_eq!(runs, 3);
        assert_eq!(seen.find(&conn, 1, 3).unwrap(), Some((1, 2)));
    }

    #[test]
    fn finds_runs_beyond_those_kept_in_memory() {
        let conn = Connection::open_in_memory().unwrap();
        let mut seen = Seen::start(&conn).unwrap();
        // Every row its own run: ids 0, 2, 4, ... from lines 2, 3, 4, ...
        for i in 0..(RUNS_IN_MEMORY as i64 + 50) {
            seen.record(&conn, 1, 2 * i, 0, i + 2).unwrap();
        }
        seen.flush(&conn).unwrap();
        let last = RUNS_IN_MEMORY as i64 + 49;
        assert_eq!(seen.find(&conn, 1, 2 * last).unwrap(), Some((0, last + 2)));
        assert_eq!(seen.find(&conn, 1, 4).unwrap(), Some((0, 4)));
        assert_eq!(seen.find(&conn, 1, 2 * last + 1).unwrap(), None);
    }
}

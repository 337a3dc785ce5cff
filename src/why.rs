//! `budgetdb why TABLE KEY...`: where a stored row came from and what
//! happened to it since, from the provenance tables (`row_sources`,
//! `row_history`, `import_files`; see `schema.sql`).
//!
//! The key is given as it would be written in a file (`2021 南昌市人社局
//! 三公 2080101` or `2021 … fiscal 2080101`) and read by the importer's
//! own cell parser, so names resolve through aliases and vocabulary terms
//! match by their Chinese labels too.

use anyhow::{anyhow, bail, Result};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

use crate::import::cells::{parse_cell, CellContext};
use crate::import::plan::Plan;
use crate::import::{parse_changes, provenance};
use crate::io::output::{Cell, Table};
use crate::model::kinds::{self, Kind, KINDS};
use crate::model::names::Aliases;
use crate::model::value::AmountUnit;

/// One stored row and its history.
#[derive(Debug)]
pub struct History {
    pub table: &'static str,
    pub key: String,
    pub id: i64,
    /// Column and value, as stored now.
    pub values: Vec<(String, Value)>,
    /// What happened to it, oldest first.
    pub events: Vec<Event>,
}

/// One import that stated the row.
#[derive(Debug, PartialEq)]
pub struct Event {
    /// `inserted`, `replaced`, or `stated again` (read again, unchanged).
    pub what: &'static str,
    pub import_id: Option<i64>,
    pub at: Option<String>,
    pub path: Option<String>,
    pub line: Option<i64>,
    /// Column, old value, new value.
    pub changes: Vec<(String, String, String)>,
}

/// The kind whose table or kind name is `name`.
pub fn kind_named(name: &str) -> Result<&'static Kind> {
    KINDS
        .iter()
        .copied()
        .find(|k| k.table == name || k.name == name)
        .ok_or_else(|| {
            let hint = kinds::suggest(name, KINDS.iter().map(|k| k.table))
                .map(|s| format!(" (did you mean \"{s}\"?)"))
                .unwrap_or_default();
            let all: Vec<&str> = KINDS.iter().map(|k| k.table).collect();
            anyhow!(
                "no table \"{name}\"{hint}; expected one of {}",
                all.join(", ")
            )
        })
}

/// The history of the row of `kind` whose key is `key` (one value per key
/// column, in the kind's key order); `Ok(None)` when no row has that key.
pub fn history(conn: &Connection, kind: &'static Kind, key: &[String]) -> Result<Option<History>> {
    if key.len() != kind.key.len() {
        bail!(
            "{} has a key of {} values ({}); {} given",
            kind.table,
            kind.key.len(),
            kind.key.join(", "),
            key.len()
        );
    }
    let aliases = Aliases::load(conn)?;
    let ctx = CellContext {
        unit: AmountUnit::Wan,
        aliases: &aliases,
    };
    let plan = Plan::new(kind);
    let mut clauses = Vec::new();
    let mut values = Vec::new();
    for (name, raw) in kind.key.iter().zip(key) {
        let column = kind
            .column(name)
            .ok_or_else(|| anyhow!("{}: no key column {name}", kind.table))?;
        let value = match parse_cell(column, raw, &ctx) {
            Ok(Some([value, _])) => value,
            Ok(None) => Value::Null,
            Err(e) => bail!("{name}: {e}"),
        };
        clauses.push(format!("{name} IS ?{}", values.len() + 1));
        values.push(value);
    }
    let columns = plan.db_columns.join(", ");
    let sql = format!(
        "SELECT id, {columns} FROM {} WHERE {}",
        kind.table,
        clauses.join(" AND ")
    );
    let found = conn
        .query_row(&sql, params_from_iter(values.iter()), |r| {
            let id: i64 = r.get(0)?;
            let mut stored = Vec::new();
            for (i, column) in plan.db_columns.iter().enumerate() {
                stored.push((column.clone(), r.get::<_, Value>(i + 1)?));
            }
            Ok((id, stored))
        })
        .optional()?;
    let Some((id, stored)) = found else {
        return Ok(None);
    };
    let row: Vec<Value> = stored.iter().map(|(_, v)| v.clone()).collect();
    let events = events(conn, kind.table, id)?;
    Ok(Some(History {
        table: kind.table,
        key: plan.describe_key(&row),
        id,
        values: stored,
        events,
    }))
}

fn events(conn: &Connection, table: &str, id: i64) -> Result<Vec<Event>> {
    let file = |file_id: Option<i64>, line: Option<i64>| -> Result<Event> {
        let found = match file_id {
            Some(file_id) => conn
                .query_row(
                    "SELECT f.import_id, i.started_at, f.path FROM import_files f
                       JOIN imports i ON i.id = f.import_id WHERE f.id = ?1",
                    [file_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?,
            None => None,
        };
        let (import_id, at, path) = match found {
            Some((i, a, p)) => (Some(i), Some(a), Some(p)),
            None => (None, None, None),
        };
        Ok(Event {
            what: "inserted",
            import_id,
            at,
            path,
            line,
            changes: Vec::new(),
        })
    };
    let mut stmt = conn.prepare(
        "SELECT file_id, line, old_file_id, old_line, changes FROM row_history
          WHERE tbl = ?1 AND row_id = ?2 ORDER BY id",
    )?;
    let replaced = stmt
        .query_map(rusqlite::params![table, id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut events = Vec::new();
    let mut last = None;
    for (n, (file_id, line, old_file_id, old_line, changes)) in replaced.into_iter().enumerate() {
        if n == 0 {
            events.push(file(old_file_id, old_line)?);
        }
        let mut event = file(Some(file_id), Some(line))?;
        event.what = "replaced";
        event.changes = parse_changes(&changes);
        events.push(event);
        last = Some((file_id, line));
    }
    let source = provenance::source_of(conn, table, id)?;
    match (source, last) {
        (Some((file_id, line)), None) => events.push(file(Some(file_id), Some(line))?),
        (Some(now), Some(last)) if now != last => {
            let mut event = file(Some(now.0), Some(now.1))?;
            event.what = "stated again";
            events.push(event);
        }
        _ => {}
    }
    Ok(events)
}

impl History {
    /// The events as a table: one line per changed column.
    pub fn table(&self) -> Table {
        let columns = [
            "event", "import", "at", "file", "line", "column", "old", "new",
        ];
        let mut rows = Vec::new();
        for event in &self.events {
            let head = |cells: &mut Vec<Cell>| {
                cells.push(Cell::Text(event.what.to_string()));
                cells.push(event.import_id.map_or(Cell::Null, Cell::Integer));
                cells.push(event.at.clone().map_or(Cell::Null, Cell::Text));
                cells.push(event.path.clone().map_or(Cell::Null, Cell::Text));
                cells.push(event.line.map_or(Cell::Null, Cell::Integer));
            };
            if event.changes.is_empty() {
                let mut cells = Vec::new();
                head(&mut cells);
                cells.extend([Cell::Null, Cell::Null, Cell::Null]);
                rows.push(cells);
            }
            for (column, old, new) in &event.changes {
                let mut cells = Vec::new();
                head(&mut cells);
                cells.push(Cell::Text(column.clone()));
                cells.push(Cell::Text(old.clone()));
                cells.push(Cell::Text(new.clone()));
                rows.push(cells);
            }
        }
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        }
    }

    /// `TABLE (KEY), row ID: column value, …` for a reader on a terminal.
    pub fn heading(&self) -> String {
        let values: Vec<String> = self
            .values
            .iter()
            .filter(|(_, v)| *v != Value::Null)
            .map(|(c, v)| format!("{c} {}", show(v)))
            .collect();
        format!(
            "{} ({}), row {}: {}",
            self.table,
            self.key,
            self.id,
            values.join(", ")
        )
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(_) => "(blob)".into(),
    }
}

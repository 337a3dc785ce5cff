//! The SQL for one kind, and writing a row by its natural key.
//!
//! Every kind is written the same way: look the key up, then insert a new
//! row, replace a changed one, or leave an identical one alone. Comparing
//! before writing is what lets an import report inserted / replaced /
//! unchanged and makes re-importing the same files change nothing.
//!
//! For speed, each row is written on a guess of what it will be: like the
//! row before it. After a new row, the insert comes first (`ON CONFLICT DO
//! NOTHING`), so a new key costs one statement; after a stored one, the
//! lookup comes first, so a re-imported row costs one key lookup and the
//! comparison instead of a failed insert, the lookup and the comparison.
//! Files are new or re-imported as a whole, so the guess is nearly always
//! right; a wrong one costs one extra statement. The statements are
//! prepared once per import ([`Statements`]).

use rusqlite::types::{Value, ValueRef};
use rusqlite::{params_from_iter, Connection, OptionalExtension, Statement};

use crate::model::kinds::{Column, Kind};

/// A kind's database columns and statements, built once per import.
#[derive(Debug)]
pub struct Plan {
    pub kind: &'static Kind,
    /// Database columns in row order.
    pub db_columns: Vec<String>,
    /// For each of the kind's columns, the index of its first database column.
    pub slots: Vec<usize>,
    key_slots: Vec<usize>,
    select_sql: String,
    insert_sql: String,
    update_sql: String,
}

/// What writing a row did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Inserted(i64),
    Replaced(i64),
    Unchanged(i64),
}

impl Written {
    pub fn row_id(self) -> i64 {
        match self {
            Written::Inserted(id) | Written::Replaced(id) | Written::Unchanged(id) => id,
        }
    }
}

impl Plan {
    pub fn new(kind: &'static Kind) -> Plan {
        let mut db_columns = Vec::new();
        let mut slots = Vec::with_capacity(kind.columns.len());
        for column in kind.columns {
            slots.push(db_columns.len());
            db_columns.extend(column.db_columns());
        }
        let key_slots: Vec<usize> = kind
            .key
            .iter()
            .filter_map(|name| kind.columns.iter().position(|c| c.name == *name))
            .map(|index| slots[index])
            .collect();
        let table = kind.table;
        let list = db_columns.join(", ");
        let key_match = key_slots
            .iter()
            .enumerate()
            .map(|(i, slot)| format!("{} IS ?{}", db_columns[*slot], i + 1))
            .collect::<Vec<_>>()
            .join(" AND ");
        let placeholders = (1..=db_columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let assignments = db_columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        Plan {
            kind,
            select_sql: format!("SELECT id, {list} FROM {table} WHERE {key_match}"),
            insert_sql: format!(
                "INSERT OR FAIL INTO {table} ({list}) VALUES ({placeholders}) ON CONFLICT DO NOTHING"
            ),
            update_sql: format!(
                "UPDATE OR FAIL {table} SET {assignments} WHERE id = ?{}",
                db_columns.len() + 1
            ),
            db_columns,
            slots,
            key_slots,
        }
    }

    /// An empty row of this kind.
    pub fn empty_row(&self) -> Vec<Value> {
        vec![Value::Null; self.db_columns.len()]
    }

    /// The index of `column`'s first database column.
    pub fn slot(&self, column: &str) -> Option<usize> {
        self.kind
            .columns
            .iter()
            .position(|c| c.name == column)
            .map(|i| self.slots[i])
    }

    pub fn column_slot(&self, index: usize) -> usize {
        self.slots[index]
    }

    /// Prepares this kind's statements on `conn`.
    pub fn prepare<'conn>(&self, conn: &'conn Connection) -> rusqlite::Result<Statements<'conn>> {
        Ok(Statements {
            insert: conn.prepare(&self.insert_sql)?,
            select: conn.prepare(&self.select_sql)?,
            update: conn.prepare(&self.update_sql)?,
            expect_stored: false,
        })
    }

    /// A short description of the row's key for messages: "2021, 某部门, fiscal".
    pub fn describe_key(&self, row: &[Value]) -> String {
        self.key_slots
            .iter()
            .map(|slot| match &row[*slot] {
                Value::Null => "(empty)".to_string(),
                Value::Integer(i) => i.to_string(),
                Value::Real(r) => r.to_string(),
                Value::Text(t) => t.clone(),
                Value::Blob(_) => "(blob)".to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What is stored under a row's key.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub id: i64,
    /// The stored values when some column differs from the row's (copied
    /// out only then, for the row's history); `None` when every column
    /// equals the row's.
    pub old: Option<Vec<Value>>,
}

/// One kind's statements, prepared once for the whole import.
pub struct Statements<'conn> {
    insert: Statement<'conn>,
    select: Statement<'conn>,
    update: Statement<'conn>,
    /// The last row written had its key stored already, so the next one is
    /// looked up before it is inserted (see the module documentation).
    expect_stored: bool,
}

/// What [`Statements::insert_or_find`] met under a row's key.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// Nothing: the row is now inserted under this id.
    Inserted(i64),
    /// A stored row, left as it is.
    Stored(Stored),
}

impl Statements<'_> {
    /// Inserts `row` if its key is new, else finds the stored row, in the
    /// order the last row suggests (see the module documentation).
    pub fn insert_or_find(
        &mut self,
        conn: &Connection,
        plan: &Plan,
        row: &[Value],
    ) -> rusqlite::Result<Found> {
        if !self.expect_stored {
            if let Some(id) = self.insert_new(conn, row)? {
                return Ok(Found::Inserted(id));
            }
        }
        match self.find(plan, row)? {
            Some(stored) => {
                self.expect_stored = true;
                Ok(Found::Stored(stored))
            }
            None if self.expect_stored => {
                self.expect_stored = false;
                match self.insert_new(conn, row)? {
                    Some(id) => Ok(Found::Inserted(id)),
                    None => Err(conflict(plan)),
                }
            }
            None => Err(conflict(plan)),
        }
    }

    /// Inserts `row` unless its key is stored already: the new row id, or
    /// `None` when the key was there (nothing written).
    fn insert_new(&mut self, conn: &Connection, row: &[Value]) -> rusqlite::Result<Option<i64>> {
        let changed = self.insert.execute(params_from_iter(row))?;
        Ok((changed == 1).then(|| conn.last_insert_rowid()))
    }

    /// The stored row with `row`'s key, compared in place (nothing is copied
    /// out of SQLite).
    fn find(&mut self, plan: &Plan, row: &[Value]) -> rusqlite::Result<Option<Stored>> {
        let key = plan.key_slots.iter().map(|slot| &row[*slot]);
        self.select
            .query_row(params_from_iter(key), |r| {
                let id: i64 = r.get(0)?;
                for (i, value) in row.iter().enumerate() {
                    if r.get_ref(i + 1)? != ValueRef::from(value) {
                        let old = (0..row.len())
                            .map(|j| r.get::<_, Value>(j + 1))
                            .collect::<rusqlite::Result<Vec<Value>>>()?;
                        return Ok(Stored { id, old: Some(old) });
                    }
                }
                Ok(Stored { id, old: None })
            })
            .optional()
    }

    /// Overwrites the stored row `id` with `row`.
    pub fn replace(&mut self, row: &[Value], id: i64) -> rusqlite::Result<()> {
        let id = Value::Integer(id);
        self.update
            .execute(params_from_iter(row.iter().chain(std::iter::once(&id))))?;
        Ok(())
    }
}

/// Typed access to a row's values by column name, for the row rules.
pub struct Record<'a> {
    pub plan: &'a Plan,
    pub values: &'a mut [Value],
}

impl Record<'_> {
    fn value(&self, column: &str) -> Option<&Value> {
        self.plan
            .slot(column)
            .and_then(|slot| self.values.get(slot))
    }

    pub fn integer(&self, column: &str) -> Option<i64> {
        match self.value(column) {
            Some(Value::Integer(i)) => Some(*i),
            _ => None,
        }
    }

    pub fn real(&self, column: &str) -> Option<f64> {
        match self.value(column) {
            Some(Value::Real(r)) => Some(*r),
            _ => None,
        }
    }

    pub fn text(&self, column: &str) -> Option<&str> {
        match self.value(column) {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub fn set(&mut self, column: &str, value: Value) {
        if let Some(slot) = self.plan.slot(column) {
            if let Some(cell) = self.values.get_mut(slot) {
                *cell = value;
            }
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.plan.kind.column(name)
    }
}

/// An insert that met a uniqueness constraint the key lookup does not see.
fn conflict(plan: &Plan) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT),
        Some(format!(
            "another row of {} conflicts with it",
            plan.kind.table
        )),
    )
}

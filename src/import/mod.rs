//! `budgetdb import`: files in, rows written, all or nothing.
//!
//! One invocation is one transaction. Every file is read and every row
//! validated and written inside it; if anything at all is wrong the
//! transaction is rolled back, so a failed import leaves the database
//! exactly as it was, and the user gets every problem (up to 100) at once.

pub mod cells;
pub mod discover;
pub mod plan;
pub mod rules;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::db;
use crate::diag::{Diagnostic, Diagnostics};
use crate::kinds::{self, Kind, ValueType, KINDS};
use crate::names::Aliases;
use crate::reader::{CsvFile, ReadError, Row};
use crate::value::AmountUnit;
use cells::{parse_cell, CellContext, Header};
use discover::{DiscoverError, ImportFile};
use plan::{Plan, Record, Written};

/// What to import and how.
#[derive(Debug)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// Read the (single) file as this kind whatever its name says.
    pub kind: Option<String>,
    /// The unit every amount of the invocation is written in.
    pub unit: AmountUnit,
    /// Validate and count, write nothing.
    pub dry_run: bool,
}

/// Rows read and what became of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub rows: u64,
    pub inserted: u64,
    pub replaced: u64,
    pub unchanged: u64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.rows += other.rows;
        self.inserted += other.inserted;
        self.replaced += other.replaced;
        self.unchanged += other.unchanged;
    }
}

/// One imported file.
#[derive(Debug)]
pub struct FileSummary {
    pub path: String,
    pub kind: &'static str,
    pub encoding: &'static str,
    pub sha256: String,
    pub counts: Counts,
}

/// A successful import.
#[derive(Debug)]
pub struct Summary {
    pub files: Vec<FileSummary>,
    /// Paths named on the command line and skipped: not `.csv` or `.tsv`.
    pub skipped: Vec<String>,
    pub dry_run: bool,
}

impl Summary {
    /// Counts per kind, in processing order, for kinds that had files.
    pub fn by_kind(&self) -> Vec<(&'static str, Counts)> {
        KINDS
            .iter()
            .filter_map(|kind| {
                let mut total = Counts::default();
                let mut any = false;
                for file in self.files.iter().filter(|f| f.kind == kind.name) {
                    total.add(file.counts);
                    any = true;
                }
                any.then_some((kind.name, total))
            })
            .collect()
    }
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum Failure {
    /// The invocation itself is wrong (exit status 2).
    Usage(String),
    /// The data is wrong: every problem found (exit status 1).
    Invalid(Vec<Diagnostic>),
    /// Something outside the data: the database, the file system.
    Fatal(anyhow::Error),
}

impl From<rusqlite::Error> for Failure {
    fn from(error: rusqlite::Error) -> Failure {
        Failure::Fatal(database_error(error))
    }
}

fn database_error(error: rusqlite::Error) -> anyhow::Error {
    db::describe(error)
}

/// Imports `options.paths` into the database at `db_path`.
pub fn import(db_path: &Path, options: &Options) -> Result<Summary, Failure> {
    let discovered =
        discover::discover(&options.paths, options.kind.as_deref()).map_err(|e| match e {
            DiscoverError::Usage(message) => Failure::Usage(message),
            DiscoverError::Files(diagnostics) => Failure::Invalid(diagnostics),
        })?;
    let mut result = if !db_path.exists() && !options.dry_run {
        import_new(db_path, &discovered.files, options)
    } else {
        let mut conn = if options.dry_run && !db_path.exists() {
            db::open_in_memory().map_err(Failure::Fatal)?
        } else {
            db::open(db_path).map_err(Failure::Fatal)?
        };
        import_into(&mut conn, &discovered.files, options)
    };
    if let Ok(summary) = result.as_mut() {
        summary.skipped = discovered.skipped;
    }
    result
}

/// The first import into a database that does not exist yet. It is built
/// under a name of its own beside `db_path` and appears under `db_path`
/// only once it has committed: a failed first import leaves no file, and
/// can never remove a database another process created meanwhile.
fn import_new(db_path: &Path, files: &[ImportFile], options: &Options) -> Result<Summary, Failure> {
    let draft = db::Draft::new(db_path);
    let summary = db::open(draft.path())
        .map_err(|e| {
            Failure::Fatal(e.context(format!(
                "{}: cannot create the database (does its folder exist, and may it be written?)",
                db_path.display()
            )))
        })
        .and_then(|mut conn| {
            let summary = import_into(&mut conn, files, options)?;
            // Everything into the main file, which is all that is published.
            let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
            if busy != 0 {
                return Err(Failure::Fatal(anyhow::anyhow!(
                    "{}: cannot complete the new database",
                    draft.path().display()
                )));
            }
            Ok(summary)
        })?;
    match draft.publish() {
        Ok(true) => Ok(summary),
        // Another process created the database first: import into it.
        Ok(false) => {
            let mut conn = db::open(db_path).map_err(Failure::Fatal)?;
            import_into(&mut conn, files, options)
        }
        Err(e) => Err(Failure::Fatal(e)),
    }
}

/// Imports `files` inside one transaction on `conn`.
pub fn import_into(
    conn: &mut Connection,
    files: &[ImportFile],
    options: &Options,
) -> Result<Summary, Failure> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS import_seen (
             tbl INTEGER NOT NULL, rid INTEGER NOT NULL, file INTEGER NOT NULL, line INTEGER NOT NULL,
             PRIMARY KEY (tbl, rid)) WITHOUT ROWID;
         DELETE FROM temp.import_seen;",
    )?;
    tx.execute(
        "INSERT INTO imports (started_at, unit, version) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?1, ?2)",
        params![options.unit.label(), env!("CARGO_PKG_VERSION")],
    )?;
    let import_id = tx.last_insert_rowid();
    let aliases = Aliases::load(&tx)?;
    let mut importer = Importer {
        tx: &tx,
        unit: options.unit,
        aliases,
        diagnostics: Diagnostics::default(),
        plans: HashMap::new(),
        files,
    };
    let mut summaries = Vec::with_capacity(files.len());
    for (file_no, file) in files.iter().enumerate() {
        if importer.diagnostics.full() {
            break;
        }
        if let Some(summary) = importer.import_file(file_no, file)? {
            importer.tx.execute(
                "INSERT INTO import_files (import_id, path, sha256, kind, encoding, rows, inserted, replaced, unchanged)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    import_id,
                    summary.path,
                    summary.sha256,
                    summary.kind,
                    summary.encoding,
                    summary.counts.rows,
                    summary.counts.inserted,
                    summary.counts.replaced,
                    summary.counts.unchanged
                ],
            )?;
            summaries.push(summary);
        }
    }
    importer.final_rules()?;
    let diagnostics = std::mem::take(&mut importer.diagnostics);
    drop(importer);
    if !diagnostics.is_empty() {
        tx.rollback()?;
        return Err(Failure::Invalid(diagnostics.into_vec()));
    }
    tx.execute(
        "UPDATE imports SET finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
        [import_id],
    )?;
    if options.dry_run {
        tx.rollback()?;
    } else {
        tx.commit().map_err(|e| Failure::Fatal(database_error(e)))?;
    }
    Ok(Summary {
        files: summaries,
        skipped: Vec::new(),
        dry_run: options.dry_run,
    })
}

/// The state of one invocation while it runs.
struct Importer<'a> {
    tx: &'a Transaction<'a>,
    unit: AmountUnit,
    aliases: Aliases,
    diagnostics: Diagnostics,
    plans: HashMap<&'static str, Rc<Plan>>,
    files: &'a [ImportFile],
}

impl Importer<'_> {
    fn report(
        &mut self,
        file: &ImportFile,
        line: Option<u64>,
        column: Option<usize>,
        message: impl Into<String>,
    ) {
        self.diagnostics.push(Diagnostic {
            path: file.display.clone(),
            line,
            column,
            message: message.into(),
        });
    }

    fn report_read(&mut self, file: &ImportFile, error: ReadError) {
        self.report(file, error.line, error.column, error.message);
    }

    /// Reads and writes one file; `None` if it could not be read at all.
    fn import_file(
        &mut self,
        file_no: usize,
        file: &ImportFile,
    ) -> Result<Option<FileSummary>, Failure> {
        let kind = file.kind;
        let mut csv = match CsvFile::open(&file.path) {
            Ok(csv) => csv,
            Err(e) => {
                self.report_read(file, e);
                return Ok(None);
            }
        };
        let header = match csv.next_row() {
            Ok(Some(row)) => row,
            Ok(None) => {
                self.report(
                    file,
                    None,
                    None,
                    format!(
                        "the file is empty; expected a header row naming the columns of {}",
                        kind.name
                    ),
                );
                return Ok(None);
            }
            Err(e) => {
                self.report_read(file, e);
                return Ok(None);
            }
        };
        let header = match Header::match_columns(kind, &header.fields) {
            Ok(header) => header,
            Err(problems) => {
                for (position, message) in problems {
                    self.report(file, Some(header.line), position.map(|p| p + 1), message);
                }
                return Ok(None);
            }
        };
        self.plans
            .entry(kind.name)
            .or_insert_with(|| Rc::new(Plan::new(kind)));
        let mut counts = Counts::default();
        loop {
            if self.diagnostics.full() {
                return Ok(None);
            }
            match csv.next_row() {
                Ok(Some(row)) => self.import_row(file_no, file, &header, &row, &mut counts)?,
                Ok(None) => break,
                Err(e @ ReadError { line: Some(_), .. }) => self.report_read(file, e),
                Err(e) => {
                    self.report_read(file, e);
                    return Ok(None);
                }
            }
        }
        let encoding = csv.encoding().name();
        let sha256 = match csv.finish() {
            Ok(hash) => hash,
            Err(e) => {
                self.report_read(file, e);
                return Ok(None);
            }
        };
        Ok(Some(FileSummary {
            path: file.display.clone(),
            kind: kind.name,
            encoding,
            sha256,
            counts,
        }))
    }

    fn import_row(
        &mut self,
        file_no: usize,
        file: &ImportFile,
        header: &Header,
        row: &Row,
        counts: &mut Counts,
    ) -> Result<(), Failure> {
        if row.fields.iter().all(|f| f.trim().is_empty()) {
            return Ok(()); // spreadsheets leave rows of empty cells behind
        }
        let kind = file.kind;
        let line = row.line;
        if row.fields.len() != header.fields.len() {
            let column = row.fields.len().min(header.fields.len()) + 1;
            self.report(
                file,
                Some(line),
                Some(column),
                format!(
                    "the row has {} fields but the header has {}; check for a missing or extra separator or an unclosed quote",
                    row.fields.len(),
                    header.fields.len()
                ),
            );
            return Ok(());
        }
        counts.rows += 1;
        let Some(plan) = self.plans.get(kind.name).cloned() else {
            return Ok(());
        };
        let plan = plan.as_ref();
        let mut values = plan.empty_row();
        let mut problems: Vec<(Option<usize>, String)> = Vec::new();
        {
            let ctx = CellContext {
                unit: self.unit,
                aliases: &self.aliases,
            };
            for (position, raw) in row.fields.iter().enumerate() {
                let index = header.fields[position];
                let column = &kind.columns[index];
                match parse_cell(column, raw, &ctx) {
                    Ok(Some(parsed)) => store(
                        &mut values,
                        plan.column_slot(index),
                        column.db_columns().len(),
                        parsed,
                    ),
                    Ok(None) => {}
                    Err(e) => problems.push((Some(position), format!("{}: {e}", column.name))),
                }
            }
            for (index, column) in kind.columns.iter().enumerate() {
                let slot = plan.column_slot(index);
                let position = header.positions[index];
                if values[slot] != Value::Null
                    || problems.iter().any(|(p, _)| p.is_some() && *p == position)
                {
                    continue;
                }
                let fill = match (column.ty, column.default) {
                    (ValueType::ImportUnit, _) => parse_cell(column, "", &ctx).ok().flatten(),
                    (_, Some(default)) => parse_cell(column, default, &ctx).ok().flatten(),
                    _ => None,
                };
                match fill {
                    Some(parsed) => store(&mut values, slot, column.db_columns().len(), parsed),
                    None if column.required => {
                        problems.push((position, format!("{} is required", column.name)))
                    }
                    None => {}
                }
            }
        }
        if problems.is_empty() {
            let mut record = Record {
                plan,
                values: &mut values,
            };
            let mut broken = rules::check_row(&mut record, self.unit);
            if broken.is_empty() {
                broken = rules::check_references(self.tx, &record)?;
            }
            for error in broken {
                let position = kind
                    .columns
                    .iter()
                    .position(|c| c.name == error.column)
                    .and_then(|i| header.positions[i]);
                problems.push((position, error.message));
            }
        }
        if problems.is_empty() && kind.name == kinds::ALIASES.name {
            if let Err(message) = self.learn_alias(&values) {
                problems.push((header.positions.first().copied().flatten(), message));
            }
        }
        if !problems.is_empty() {
            for (position, message) in problems {
                self.report(file, Some(line), position.map(|p| p + 1), message);
            }
            return Ok(());
        }
        // A duplicate key is reported at the first key column in the file.
        let key_column = kind
            .key
            .iter()
            .filter_map(|name| kind.columns.iter().position(|c| c.name == *name))
            .find_map(|index| header.positions[index])
            .map(|p| p + 1);
        self.write(file_no, file, line, key_column, &values, counts)
    }

    /// Writes a valid row by its key, refusing a key already written by this import.
    fn write(
        &mut self,
        file_no: usize,
        file: &ImportFile,
        line: u64,
        key_column: Option<usize>,
        values: &[Value],
        counts: &mut Counts,
    ) -> Result<(), Failure> {
        let kind = file.kind;
        let Some(plan) = self.plans.get(kind.name).cloned() else {
            return Ok(());
        };
        let tag = kinds::order(kind) as i64;
        let stored = plan.find(self.tx, values)?;
        if let Some((id, _)) = &stored {
            if let Some((first_file, first_line)) = self.seen(tag, *id)? {
                let first = self
                    .files
                    .get(first_file as usize)
                    .map(|f| f.display.as_str())
                    .unwrap_or("?");
                let key = plan.describe_key(values);
                self.report(
                    file,
                    Some(line),
                    key_column,
                    format!("duplicate key ({key}) of {}: the same key as {first}:{first_line}; each key may appear once per import", kind.name),
                );
                return Ok(());
            }
        }
        let written = match plan.write(self.tx, values, stored) {
            Ok(written) => written,
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
                self.report(
                    file,
                    Some(line),
                    None,
                    format!("the database refused the row: {e}"),
                );
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO temp.import_seen (tbl, rid, file, line) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![tag, written.row_id(), file_no as i64, line as i64])?;
        match written {
            Written::Inserted(_) => counts.inserted += 1,
            Written::Replaced(_) => counts.replaced += 1,
            Written::Unchanged(_) => counts.unchanged += 1,
        }
        if kind.name == kinds::ALIASES.name && !matches!(written, Written::Unchanged(_)) {
            self.rename_stored(file, line, values)?;
        }
        Ok(())
    }

    fn seen(&self, tag: i64, id: i64) -> rusqlite::Result<Option<(i64, i64)>> {
        self.tx
            .prepare_cached("SELECT file, line FROM temp.import_seen WHERE tbl = ?1 AND rid = ?2")?
            .query_row(params![tag, id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
    }

    /// Adds an aliases row to the names this import resolves.
    fn learn_alias(&mut self, values: &[Value]) -> Result<(), String> {
        match (values.first(), values.get(1)) {
            (Some(Value::Text(alias)), Some(Value::Text(canonical))) => {
                self.aliases.insert(alias, canonical)
            }
            _ => Ok(()),
        }
    }

    /// Moves rows already stored under a name that has just become an alias
    /// to its canonical name, so stored names stay canonical.
    fn rename_stored(
        &mut self,
        file: &ImportFile,
        line: u64,
        values: &[Value],
    ) -> Result<(), Failure> {
        let Some(Value::Text(alias)) = values.first() else {
            return Ok(());
        };
        let canonical = self.aliases.resolve(alias).to_string();
        for kind in KINDS {
            for column in kind
                .columns
                .iter()
                .filter(|c| matches!(c.ty, ValueType::Name))
            {
                let sql = format!(
                    "UPDATE {} SET {} = ?1 WHERE {} = ?2",
                    kind.table, column.name, column.name
                );
                match self.tx.execute(&sql, params![canonical, alias]) {
                    Ok(_) => {}
                    Err(e)
                        if e.sqlite_error_code()
                            == Some(rusqlite::ErrorCode::ConstraintViolation) =>
                    {
                        self.report(
                            file,
                            Some(line),
                            Some(1),
                            format!(
                                "{} holds rows under both \"{alias}\" and \"{canonical}\" with the same key; storing them under \"{canonical}\" would merge them; remove one set first",
                                kind.table
                            ),
                        );
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        Ok(())
    }

    /// Rules over rows of several files, run once all are written.
    fn final_rules(&mut self) -> Result<(), Failure> {
        let tag = kinds::order(&kinds::THREE_PUBLIC) as i64;
        for error in rules::check_vehicle_parts(self.tx, tag)? {
            let Some(file) = self.files.get(error.file as usize) else {
                continue;
            };
            let column = header_position(file, error.column);
            self.report(file, Some(error.line as u64), column, error.message);
        }
        Ok(())
    }
}

fn store(values: &mut [Value], slot: usize, width: usize, parsed: [Value; 2]) {
    for (offset, value) in parsed.into_iter().take(width).enumerate() {
        if let Some(cell) = values.get_mut(slot + offset) {
            *cell = value;
        }
    }
}

/// The 1-based position of `column` in a file's header, read again for
/// the rare messages raised after the file was closed.
fn header_position(file: &ImportFile, column: &str) -> Option<usize> {
    let mut csv = CsvFile::open(&file.path).ok()?;
    let row = csv.next_row().ok()??;
    let kind: &Kind = file.kind;
    let header = Header::match_columns(kind, &row.fields).ok()?;
    let index = kind.columns.iter().position(|c| c.name == column)?;
    header
        .positions
        .get(index)
        .copied()
        .flatten()
        .map(|p| p + 1)
}

//! `budgetdb import`: files in, rows written, all or nothing.
//!
//! One invocation is one transaction. Every file is read and every row
//! validated and written inside it; if anything at all is wrong the
//! transaction is rolled back, so a failed import leaves the database
//! exactly as it was, and the user gets every problem (up to 100) at once.

pub mod cells;
pub mod discover;
pub mod layout;
pub mod parse;
pub mod plan;
pub mod provenance;
pub mod rules;
pub mod seen;
pub mod skip;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

use rusqlite::types::Value;
use rusqlite::{params, Connection, Transaction, TransactionBehavior};

use crate::io::diag::{Diagnostic, Diagnostics};
use crate::io::rows;
use crate::model::kinds::{self, Kind, ValueType, KINDS};
use crate::model::names::Aliases;
use crate::model::value::AmountUnit;
use crate::storage::db;
use discover::{DiscoverError, ImportFile};
use parse::{Event, ValidRow};
use plan::{Found, Plan, Record, Statements, Written};
use seen::Seen;
use skip::Skippable;

/// What to import and how.
#[derive(Debug, Default)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// Read the (single) file as this kind whatever its name says.
    pub kind: Option<String>,
    /// `--unit`: the unit every amount of the invocation is written in.
    /// Without it, a file's 单位 row gives its unit, else 万元.
    pub unit: Option<AmountUnit>,
    /// Validate and count, write nothing.
    pub dry_run: bool,
    /// Read every file, even one unchanged since an earlier import.
    pub force: bool,
    /// Columns to pass over in every file (`--ignore-column`), as written.
    pub ignore_columns: Vec<String>,
    /// Succeed when the paths hold no file to import.
    pub allow_empty: bool,
}

impl Options {
    fn settings(&self) -> parse::Settings {
        parse::Settings {
            unit: self.unit,
            ignored: self
                .ignore_columns
                .iter()
                .map(|name| crate::model::value::fold_for_matching(name))
                .collect(),
        }
    }
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
    /// Not read: the same bytes were imported before and their rows all
    /// stand (its rows count as unchanged).
    pub skipped: bool,
}

/// A successful import.
#[derive(Debug)]
pub struct Summary {
    pub files: Vec<FileSummary>,
    /// Paths named on the command line and skipped: not `.csv`, `.tsv`, `.xlsx` or `.xls`.
    pub skipped: Vec<String>,
    pub dry_run: bool,
    /// The rows a dry run would replace, with their old and new values (at
    /// most [`REPLACEMENTS_LISTED`]; `replaced_rows` counts them all).
    pub replacements: Vec<Replacement>,
}

/// A dry run lists this many replaced rows at most.
pub const REPLACEMENTS_LISTED: usize = 1000;

/// A stored row an import replaces.
#[derive(Debug, Clone, PartialEq)]
pub struct Replacement {
    pub table: String,
    /// The row's key as messages show it.
    pub key: String,
    /// The file and line that replace it.
    pub path: String,
    pub line: i64,
    /// Column, old value, new value, for each column that changes.
    pub changes: Vec<(String, String, String)>,
}

impl Summary {
    /// The files not read because they were unchanged.
    pub fn unchanged_files(&self) -> impl Iterator<Item = &FileSummary> {
        self.files.iter().filter(|f| f.skipped)
    }

    /// Rows replaced, over all files.
    pub fn replaced_rows(&self) -> u64 {
        self.files.iter().map(|f| f.counts.replaced).sum()
    }

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
    import_with_progress(db_path, options, &NoProgress)
}

/// [`import`], telling `progress` how far it is.
pub fn import_with_progress(
    db_path: &Path,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Summary, Failure> {
    let discovered =
        discover::discover(&options.paths, options.kind.as_deref()).map_err(|e| match e {
            DiscoverError::Usage(message) => Failure::Usage(message),
            DiscoverError::Files(diagnostics) => Failure::Invalid(diagnostics),
        })?;
    if discovered.files.is_empty() && !options.allow_empty {
        return Err(Failure::Invalid(nothing_to_import(
            options,
            &discovered.skipped,
        )));
    }
    let mut result = if !db_path.exists() && !options.dry_run {
        import_new(db_path, &discovered.files, options, progress)
    } else {
        let mut conn = if options.dry_run && !db_path.exists() {
            db::open_in_memory().map_err(Failure::Fatal)?
        } else {
            db::open(db_path).map_err(Failure::Fatal)?
        };
        import_into_with(&mut conn, &discovered.files, options, progress)
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
fn import_new(
    db_path: &Path,
    files: &[ImportFile],
    options: &Options,
    progress: &dyn Progress,
) -> Result<Summary, Failure> {
    let cannot_create = |e: anyhow::Error| {
        Failure::Fatal(e.context(format!(
            "{}: cannot create the database (does its folder exist, and may it be written?)",
            db_path.display()
        )))
    };
    let draft = db::Draft::new(db_path).map_err(cannot_create)?;
    let mut conn = draft.open().map_err(|e| {
        Failure::Fatal(e.context(format!(
            "{}: cannot create the database (does its folder exist, and may it be written?)",
            db_path.display()
        )))
    })?;
    let summary = import_into_with(&mut conn, files, options, progress)?;
    draft.finish(conn).map_err(Failure::Fatal)?;
    match draft.publish() {
        Ok(true) => Ok(summary),
        // Another process created the database first: import into it.
        Ok(false) if files.iter().any(|f| f.origin == discover::Origin::Stdin) => {
            Err(Failure::Fatal(anyhow::anyhow!(
                "{}: another process created the database while this import read standard input, which cannot be read a second time; nothing was imported: run the import again",
                db_path.display()
            )))
        }
        Ok(false) => {
            let mut conn = db::open(db_path).map_err(Failure::Fatal)?;
            import_into_with(&mut conn, files, options, progress)
        }
        Err(e) => Err(Failure::Fatal(e)),
    }
}

/// Told how an import advances, to draw a progress bar.
pub trait Progress {
    /// The import reads `total_bytes` of files.
    fn start(&self, total_bytes: u64);
    /// `bytes` of them are read and `rows` rows written so far.
    fn advance(&self, bytes: u64, rows: u64);
    /// Reading and writing are done (committing may still take a moment).
    fn finish(&self);
    /// The rows that follow come from `path` (as the user named it).
    fn reading(&self, _path: &str) {}
}

/// No progress shown.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64) {}
    fn advance(&self, _: u64, _: u64) {}
    fn finish(&self) {}
}

/// Imports `files` inside one transaction on `conn`.
pub fn import_into(
    conn: &mut Connection,
    files: &[ImportFile],
    options: &Options,
) -> Result<Summary, Failure> {
    import_into_with(conn, files, options, &NoProgress)
}

/// [`import_into`], telling `progress` how far it is.
///
/// Two threads share the work: one reads and checks the files
/// ([`parse::read_files`]), this one writes what it sends. Everything the
/// reader finds arrives in order, so the result is the same as reading and
/// writing each row in turn.
pub fn import_into_with(
    conn: &mut Connection,
    files: &[ImportFile],
    options: &Options,
    progress: &dyn Progress,
) -> Result<Summary, Failure> {
    // A page cache large enough for the index pages an import keeps
    // writing into, so they are not written out and read back while it
    // runs. A fixed size: memory does not grow with the files.
    conn.pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
    // SQLite's foreign-key checks repeat, for every row, what the importer
    // has already checked: every referencing column holds an id taken from
    // `vocab.rs`, whose terms are the rows of the referenced tables (a test
    // keeps the two equal). Off for the import, they save a lookup per row;
    // the guard turns them back on however the import ends.
    let conn = ForeignKeysOff::new(conn)?;
    let tx = conn
        .conn
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let seen = Seen::start(&tx)?;
    // Columns ignored change what a file reads as: such an import reads everything.
    let skippable = if options.force || !options.ignore_columns.is_empty() {
        Skippable::none()
    } else {
        Skippable::load(&tx, options.unit.unwrap_or(AmountUnit::Wan).label())?
    };
    tx.execute(
        "INSERT INTO imports (started_at, unit, version) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?1, ?2)",
        params![
            options.unit.unwrap_or(AmountUnit::Wan).label(),
            env!("CARGO_PKG_VERSION")
        ],
    )?;
    let import_id = tx.last_insert_rowid();
    let aliases = Aliases::load(&tx)?;
    let total_bytes = files.iter().map(ImportFile::size).sum();
    progress.start(total_bytes);
    let mut importer = Importer {
        tx: &tx,
        import_id,
        diagnostics: Diagnostics::default(),
        writers: HashMap::new(),
        seen,
        files,
        file_ids: vec![None; files.len()],
        positions: Vec::new(),
        counts: vec![Counts::default(); files.len()],
        summaries: Vec::with_capacity(files.len()),
        rows_written: 0,
    };
    let (sender, receiver) = std::sync::mpsc::sync_channel(parse::BATCHES_IN_FLIGHT);
    let (recycle, recycled) = std::sync::mpsc::channel();
    let settings = options.settings();
    let written = std::thread::scope(|scope| {
        let settings = &settings;
        let skippable = &skippable;
        scope.spawn(move || {
            parse::read_files(files, settings, aliases, skippable, sender, recycled)
        });
        let result = importer.write_all(&receiver, &recycle, progress);
        // Hang up first, so a reader still sending stops at once.
        drop(receiver);
        result
    });
    written?;
    progress.finish();
    importer.seen.flush(importer.tx)?;
    importer.final_rules(options)?;
    let diagnostics = std::mem::take(&mut importer.diagnostics);
    let summaries = std::mem::take(&mut importer.summaries);
    let file_ids = std::mem::take(&mut importer.file_ids);
    drop(importer);
    if !diagnostics.is_empty() {
        tx.rollback()?;
        return Err(Failure::Invalid(diagnostics.into_vec()));
    }
    provenance::record_sources(&tx, &file_ids)?;
    let replacements = if options.dry_run {
        replacements(&tx, import_id)?
    } else {
        Vec::new()
    };
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
        replacements,
    })
}

/// The rows import `import_id` replaced, as its history records them.
fn replacements(conn: &Connection, import_id: i64) -> rusqlite::Result<Vec<Replacement>> {
    let mut stmt = conn.prepare(
        "SELECT h.tbl, h.key, f.path, h.line, h.changes FROM row_history h
           JOIN import_files f ON f.id = h.file_id
          WHERE f.import_id = ?1 ORDER BY h.id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![import_id, REPLACEMENTS_LISTED as i64], |r| {
        let changes: String = r.get(4)?;
        Ok(Replacement {
            table: r.get(0)?,
            key: r.get(1)?,
            path: r.get(2)?,
            line: r.get(3)?,
            changes: parse_changes(&changes),
        })
    })?;
    rows.collect()
}

/// `row_history.changes` as (column, old, new), values as SQL shows them.
pub fn parse_changes(json: &str) -> Vec<(String, String, String)> {
    let Ok(serde_json::Value::Array(changes)) = serde_json::from_str(json) else {
        return Vec::new();
    };
    let show = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => "NULL".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    changes
        .iter()
        .map(|change| {
            (
                show(change.get(0)),
                show(change.get(1)),
                show(change.get(2)),
            )
        })
        .collect()
}

/// A connection with `PRAGMA foreign_keys` off until it is dropped.
struct ForeignKeysOff<'c> {
    conn: &'c mut Connection,
    was_on: bool,
}

impl<'c> ForeignKeysOff<'c> {
    fn new(conn: &'c mut Connection) -> rusqlite::Result<ForeignKeysOff<'c>> {
        let was_on: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
        conn.pragma_update(None, "foreign_keys", false)?;
        Ok(ForeignKeysOff { conn, was_on })
    }
}

impl Drop for ForeignKeysOff<'_> {
    fn drop(&mut self) {
        if self.was_on {
            let _ = self.conn.pragma_update(None, "foreign_keys", true);
        }
    }
}

/// `PRAGMA cache_size` during an import: 16 MiB (negative means KiB).
/// Measured on a million rows: 4 MiB and 16 MiB import as fast as 64 MiB,
/// which only adds 60 MiB of memory.
const IMPORT_CACHE_KIB: i64 = -16384;

/// The state of one invocation while it runs.
struct Importer<'a> {
    tx: &'a Transaction<'a>,
    import_id: i64,
    diagnostics: Diagnostics,
    /// Each kind's plan and statements, made when its first file starts.
    writers: HashMap<&'static str, (Plan, Statements<'a>)>,
    seen: Seen,
    files: &'a [ImportFile],
    /// Each file's `import_files.id`, once its header is read (or it is skipped).
    file_ids: Vec<Option<i64>>,
    /// Field positions of the kind's columns in the file being written.
    positions: Vec<Option<usize>>,
    counts: Vec<Counts>,
    summaries: Vec<FileSummary>,
    rows_written: u64,
}

impl<'a> Importer<'a> {
    fn report(
        &mut self,
        file: usize,
        line: Option<u64>,
        column: Option<usize>,
        message: impl Into<String>,
    ) {
        let path = self
            .files
            .get(file)
            .map(|f| f.display.clone())
            .unwrap_or_default();
        self.diagnostics.push(Diagnostic {
            path,
            line,
            column,
            message: message.into(),
        });
    }

    /// Writes what the reader sends until it is done or enough is wrong.
    fn write_all(
        &mut self,
        receiver: &Receiver<parse::Batch>,
        recycle: &std::sync::mpsc::Sender<Vec<Event>>,
        progress: &dyn Progress,
    ) -> Result<(), Failure> {
        for mut batch in receiver.iter() {
            for event in batch.events.iter_mut() {
                if self.diagnostics.full() {
                    return Ok(());
                }
                if let Event::Header { file, .. } = event {
                    if let Some(import_file) = self.files.get(*file) {
                        progress.reading(&import_file.display);
                    }
                }
                self.handle(event)?;
            }
            progress.advance(batch.bytes_read, self.rows_written);
            // Back to the reader, which frees what it allocated.
            let _ = recycle.send(std::mem::take(&mut batch.events));
        }
        Ok(())
    }

    fn handle(&mut self, event: &mut Event) -> Result<(), Failure> {
        match event {
            Event::Problem {
                file,
                line,
                column,
                message,
            } => self.report(*file, *line, *column, std::mem::take(message)),
            Event::Header { file, positions } => {
                self.positions = std::mem::take(positions);
                if let Some(import_file) = self.files.get(*file) {
                    // Logged now, so the rows it replaces can name it;
                    // its hash and counts follow when it is read through.
                    self.tx.execute(
                        "INSERT INTO import_files (import_id, path, sha256, kind, encoding, rows, inserted, replaced, unchanged)
                         VALUES (?1, ?2, '', ?3, '', 0, 0, 0, 0)",
                        params![self.import_id, import_file.display, import_file.kind.name],
                    )?;
                    if let Some(id) = self.file_ids.get_mut(*file) {
                        *id = Some(self.tx.last_insert_rowid());
                    }
                    let kind = import_file.kind;
                    if !self.writers.contains_key(kind.name) {
                        let plan = Plan::new(kind);
                        let statements = plan.prepare(self.tx)?;
                        self.writers.insert(kind.name, (plan, statements));
                    }
                }
            }
            Event::Row(row) => self.write(row)?,
            Event::Finished {
                file,
                rows,
                encoding,
                sha256,
            } => {
                let (Some(import_file), Some(counts)) =
                    (self.files.get(*file), self.counts.get(*file))
                else {
                    return Ok(());
                };
                let counts = Counts {
                    rows: *rows,
                    ..*counts
                };
                let summary = FileSummary {
                    path: import_file.display.clone(),
                    kind: import_file.kind.name,
                    encoding,
                    sha256: std::mem::take(sha256),
                    counts,
                    skipped: false,
                };
                if let Some(Some(id)) = self.file_ids.get(*file) {
                    self.tx.execute(
                        "UPDATE import_files SET sha256 = ?2, encoding = ?3, rows = ?4, inserted = ?5, replaced = ?6, unchanged = ?7
                          WHERE id = ?1",
                        params![
                            id,
                            summary.sha256,
                            summary.encoding,
                            summary.counts.rows,
                            summary.counts.inserted,
                            summary.counts.replaced,
                            summary.counts.unchanged
                        ],
                    )?;
                }
                self.summaries.push(summary);
            }
            Event::Abandoned { .. } => {}
            Event::Skipped {
                file,
                same_as,
                sha256,
            } => self.skip(*file, same_as, std::mem::take(sha256))?,
        }
        Ok(())
    }

    /// Logs a file not read because an earlier import read the same bytes
    /// (`skip.rs`), unless a file of this import stated its rows already:
    /// then it holds keys given twice, as reading it would have found.
    fn skip(&mut self, file: usize, same_as: &skip::Intact, sha256: String) -> Result<(), Failure> {
        let Some(import_file) = self.files.get(file) else {
            return Ok(());
        };
        self.seen.flush(self.tx)?;
        if let Some((other, _)) = provenance::written_again(self.tx, same_as.file_id)? {
            let other = self
                .files
                .get(other as usize)
                .map(|f| f.display.clone())
                .unwrap_or_default();
            let message = format!(
                "its rows (unchanged since an earlier import, so not read) have keys that {other} of this import also gives; each key may appear once per import"
            );
            self.report(file, None, None, message);
            return Ok(());
        }
        let rows = same_as.rows;
        self.tx.execute(
            "INSERT INTO import_files (import_id, path, sha256, kind, encoding, rows, inserted, replaced, unchanged)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, ?6)",
            params![
                self.import_id,
                import_file.display,
                sha256,
                import_file.kind.name,
                same_as.encoding,
                rows
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        self.tx.execute(
            "INSERT INTO import_skips (file_id, same_as) VALUES (?1, ?2)",
            params![id, same_as.file_id],
        )?;
        // Its rows count as stated by this import, so a later file giving
        // one of its keys is a duplicate, as if it had been read. They stay
        // the earlier read's (no `file_ids` entry: not recorded as sources).
        for (table, first, last, line) in provenance::runs_of(self.tx, same_as.file_id)? {
            if let Some(tag) = KINDS.iter().position(|k| k.table == table) {
                self.seen
                    .record_run(self.tx, tag as i64, (first, last), file as i64, line)?;
            }
        }
        self.summaries.push(FileSummary {
            path: import_file.display.clone(),
            kind: import_file.kind.name,
            encoding: if same_as.encoding == "GB18030" {
                "GB18030"
            } else {
                "UTF-8"
            },
            sha256,
            counts: Counts {
                rows,
                unchanged: rows,
                ..Counts::default()
            },
            skipped: true,
        });
        Ok(())
    }

    /// Writes a valid row by its key, refusing a key already written by this import.
    fn write(&mut self, row: &mut ValidRow) -> Result<(), Failure> {
        let Some(import_file) = self.files.get(row.file) else {
            return Ok(());
        };
        let kind = import_file.kind;
        let Some((plan, statements)) = self.writers.get_mut(kind.name) else {
            return Ok(());
        };
        let record = Record {
            plan,
            values: &mut row.values,
        };
        let broken = rules::check_references(self.tx, &record)?;
        if !broken.is_empty() {
            for error in broken {
                let column = parse::column_position(&self.positions, kind, error.column);
                self.report(
                    row.file,
                    Some(row.line),
                    column.map(|p| p + 1),
                    error.message,
                );
            }
            return Ok(());
        }
        let tag = kinds::order(kind) as i64;
        let values = &row.values;
        let file_id = self.file_ids.get(row.file).copied().flatten();
        let written = match write_row(self.tx, plan, statements, &self.seen, tag, values) {
            Ok(Ok((written, old))) => {
                if let (Some(old), Some(file_id)) = (old, file_id) {
                    provenance::record_replacement(
                        self.tx,
                        plan,
                        written.row_id(),
                        file_id,
                        row.line,
                        &old,
                        values,
                    )?;
                }
                written
            }
            Ok(Err(first)) => {
                let first_place = self
                    .files
                    .get(first.0 as usize)
                    .map(|f| f.display.as_str())
                    .unwrap_or("?");
                let key = plan.describe_key(values);
                let message = format!("duplicate key ({key}) of {}: the same key as {first_place}:{}; each key may appear once per import", kind.name, first.1);
                self.report(row.file, Some(row.line), row.key_column, message);
                return Ok(());
            }
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
                self.report(
                    row.file,
                    Some(row.line),
                    None,
                    format!("the database refused the row: {e}"),
                );
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        self.seen.record(
            self.tx,
            tag,
            written.row_id(),
            row.file as i64,
            row.line as i64,
        )?;
        self.rows_written += 1;
        if let Some(counts) = self.counts.get_mut(row.file) {
            match written {
                Written::Inserted(_) => counts.inserted += 1,
                Written::Replaced(_) => counts.replaced += 1,
                Written::Unchanged(_) => counts.unchanged += 1,
            }
        }
        if kind.name == kinds::ALIASES.name && !matches!(written, Written::Unchanged(_)) {
            if let (Some(Value::Text(alias)), Some(canonical)) =
                (row.values.first(), row.canonical.as_deref())
            {
                self.rename_stored(row.file, row.line, alias, canonical)?;
            }
        }
        Ok(())
    }

    /// Moves rows already stored under a name that has just become an alias
    /// to its canonical name, so stored names stay canonical.
    fn rename_stored(
        &mut self,
        file: usize,
        line: u64,
        alias: &str,
        canonical: &str,
    ) -> Result<(), Failure> {
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
    fn final_rules(&mut self, options: &Options) -> Result<(), Failure> {
        let ignored = options.settings().ignored;
        let tag = kinds::order(&kinds::THREE_PUBLIC) as i64;
        for error in rules::check_vehicle_parts(self.tx, tag)? {
            let Some(file) = self.files.get(error.file as usize) else {
                continue;
            };
            let column = header_position(file, error.column, &ignored);
            self.diagnostics.push(Diagnostic {
                path: file.display.clone(),
                line: Some(error.line as u64),
                column,
                message: error.message,
            });
        }
        Ok(())
    }
}

/// What [`write_row`] did, and the values a replaced row held before.
type WriteOutcome = (Written, Option<Vec<Value>>);

/// Writes `values` by its key: inserted when the key is new, otherwise
/// compared with the stored row and replaced (with the old values
/// returned) or left unchanged. A key this import has already written is
/// not written again: `Ok(Err((file, line)))` gives the place that wrote
/// it first.
fn write_row(
    conn: &Connection,
    plan: &Plan,
    statements: &mut Statements,
    seen: &Seen,
    tag: i64,
    values: &[Value],
) -> rusqlite::Result<Result<WriteOutcome, (i64, i64)>> {
    let stored = match statements.insert_or_find(conn, plan, values)? {
        Found::Inserted(id) => return Ok(Ok((Written::Inserted(id), None))),
        Found::Stored(stored) => stored,
    };
    if let Some(first) = seen.find(conn, tag, stored.id)? {
        return Ok(Err(first));
    }
    let Some(old) = stored.old else {
        return Ok(Ok((Written::Unchanged(stored.id), None)));
    };
    statements.replace(values, stored.id)?;
    Ok(Ok((Written::Replaced(stored.id), Some(old))))
}

/// The 1-based position of `column` in a file's header, read again for
/// the rare messages raised after the file was closed.
fn header_position(file: &ImportFile, column: &str, ignored: &[String]) -> Option<usize> {
    // Standard input has gone by: such a message names the column only.
    if file.origin == discover::Origin::Stdin {
        return None;
    }
    let mut source = rows::open(&file.origin).ok()?;
    let kind: &Kind = file.kind;
    let start = layout::find_start(source.as_mut(), kind, ignored).ok()?;
    let index = kind.columns.iter().position(|c| c.name == column)?;
    start
        .header
        .positions
        .get(index)
        .copied()
        .flatten()
        .map(|p| p + source.first_column())
}

/// The error for an import that found no file to read.
fn nothing_to_import(options: &Options, skipped: &[String]) -> Vec<Diagnostic> {
    let skipped = match skipped {
        [] => String::new(),
        some => format!(" (skipped: {})", some.join(", ")),
    };
    let paths: Vec<String> = options
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    vec![Diagnostic::file(
        &paths.join(" "),
        format!("no file to import: no .csv, .tsv, .xlsx or .xls file (or workbook sheet with data) here{skipped}; pass --allow-empty when an empty import is expected"),
    )]
}

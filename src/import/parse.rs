//! The reading half of an import: files to validated rows.
//!
//! Runs on its own thread, ahead of the thread that writes to the database
//! (`import/mod.rs`), so that reading, decoding and checking cells overlaps
//! with SQLite's work. It needs nothing from the database but the aliases
//! known when the import began; the rules that look at the database
//! (`rules::check_references`) and everything about keys are left to the
//! writer. What it finds is sent in file and line order as [`Event`]s, so
//! the writer reports problems in exactly the order a single thread would.
//!
//! Aliases are learned here, as their rows are read: `aliases` files come
//! first, so every later row is resolved with them.

use std::sync::mpsc::{Receiver, SyncSender};

use rusqlite::types::Value;

use super::cells::{parse_cell, CellContext, Header};
use super::discover::ImportFile;
use super::layout::{self, StartError};
use super::plan::{Plan, Record};
use super::rules;
use super::skip::{self, Intact, Skippable};
use crate::io::reader::{ReadError, Row};
use crate::io::rows;
use crate::model::kinds::{self, ValueType};
use crate::model::names::Aliases;
use crate::model::value::AmountUnit;

/// Events sent together: one channel message per batch keeps the cost of
/// passing rows between threads negligible.
const BATCH: usize = 256;

/// Batches in flight at most; bounds the memory held between the threads.
pub const BATCHES_IN_FLIGHT: usize = 16;

/// What the invocation says about reading every file.
#[derive(Debug, Default)]
pub struct Settings {
    /// `--unit`, when given: a file's 单位 row must agree with it.
    pub unit: Option<AmountUnit>,
    /// Columns to pass over (`--ignore-column`), folded for matching.
    pub ignored: Vec<String>,
}

/// What the reader found, in order.
#[derive(Debug)]
pub enum Event {
    /// A problem at `file` (an index into the import's files).
    Problem {
        file: usize,
        line: Option<u64>,
        column: Option<usize>,
        message: String,
    },
    /// The file's header was matched; its rows follow. `positions` gives,
    /// for each of the kind's columns, its 0-based field position.
    Header {
        file: usize,
        positions: Vec<Option<usize>>,
    },
    /// A row whose cells and row rules are valid, ready to be written.
    Row(ValidRow),
    /// The file was read to its end.
    Finished {
        file: usize,
        rows: u64,
        encoding: &'static str,
        sha256: String,
    },
    /// The file could not be read on; it gets no entry in the import log.
    Abandoned { file: usize },
    /// The file was not read: an earlier import read the same bytes and
    /// its rows all stand (`skip.rs`).
    Skipped {
        file: usize,
        same_as: Intact,
        sha256: String,
    },
}

/// A valid row and where it came from.
#[derive(Debug)]
pub struct ValidRow {
    pub file: usize,
    pub line: u64,
    /// The 1-based column a duplicate key is reported at.
    pub key_column: Option<usize>,
    pub values: Vec<Value>,
    /// For an `aliases` row: the canonical name its alias now resolves to.
    pub canonical: Option<String>,
}

/// A batch of events and how many bytes of input are read after it.
#[derive(Debug)]
pub struct Batch {
    pub events: Vec<Event>,
    pub bytes_read: u64,
}

/// Reads `files` in order and sends what it finds. Stops early when the
/// writer hangs up (it has seen enough problems, or failed).
///
/// The writer sends each batch's events back once written (`recycled`), so
/// that they are freed here, by the thread that allocated them: a block
/// freed by another thread costs the allocator a lock, once per string.
pub fn read_files(
    files: &[ImportFile],
    settings: &Settings,
    mut aliases: Aliases,
    skippable: &Skippable,
    sender: SyncSender<Batch>,
    recycled: Receiver<Vec<Event>>,
) {
    let mut out = Sender {
        sender,
        recycled,
        events: Vec::with_capacity(BATCH),
        bytes_before: 0,
        bytes_in_file: 0,
    };
    // An alias that now names another canonical name may change how any
    // later file's names resolve: from then on every file is read.
    let mut aliases_changed = false;
    for (file_no, file) in files.iter().enumerate() {
        let size = file.size();
        if let Some((same_as, sha256)) = unchanged(skippable, file, aliases_changed) {
            out.bytes_before += size;
            let event = Event::Skipped {
                file: file_no,
                same_as,
                sha256,
            };
            if out.send(event).and_then(|()| out.flush()).is_err() {
                return;
            }
            continue;
        }
        let plan = Plan::new(file.kind);
        let mut reader = FileReader {
            file_no,
            file,
            first_column: 1,
            plan: &plan,
            settings,
            unit: settings.unit.unwrap_or(AmountUnit::Wan),
            aliases: &mut aliases,
            aliases_changed: &mut aliases_changed,
            out: &mut out,
        };
        if reader.read().is_err() {
            return; // the writer has stopped listening
        }
        out.bytes_before += size;
        out.bytes_in_file = 0;
        if out.flush().is_err() {
            return;
        }
    }
}

/// The earlier read `file` stands for, and its SHA-256, when it need not be read.
fn unchanged(
    skippable: &Skippable,
    file: &ImportFile,
    aliases_changed: bool,
) -> Option<(Intact, String)> {
    // A workbook's sheets share the workbook's SHA-256, so it cannot tell
    // one sheet from another: sheets are always read (workbooks are small).
    // Standard input cannot be read twice, so it is always read.
    let path = file.delimited_path()?;
    if aliases_changed || !skippable.has_kind(file.kind.name) {
        return None;
    }
    let sha256 = skip::sha256_of(path).ok()?;
    let intact = skippable.find(file.kind.name, &sha256)?;
    Some((intact.clone(), sha256))
}

/// The writer stopped listening.
struct HungUp;

struct Sender {
    sender: SyncSender<Batch>,
    recycled: Receiver<Vec<Event>>,
    events: Vec<Event>,
    /// Sizes of the files before the current one.
    bytes_before: u64,
    bytes_in_file: u64,
}

impl Sender {
    fn send(&mut self, event: Event) -> Result<(), HungUp> {
        self.events.push(event);
        if self.events.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), HungUp> {
        if self.events.is_empty() {
            return Ok(());
        }
        let next = match self.recycled.try_recv() {
            Ok(mut written) => {
                written.clear();
                written
            }
            Err(_) => Vec::with_capacity(BATCH),
        };
        let events = std::mem::replace(&mut self.events, next);
        self.sender
            .send(Batch {
                events,
                bytes_read: self.bytes_before + self.bytes_in_file,
            })
            .map_err(|_| HungUp)
    }
}

struct FileReader<'a> {
    file_no: usize,
    file: &'a ImportFile,
    /// The 1-based column of a row's first field.
    first_column: usize,
    plan: &'a Plan,
    settings: &'a Settings,
    /// The unit of the file's amounts: its 单位 row's, `--unit`, or 万元.
    unit: AmountUnit,
    aliases: &'a mut Aliases,
    aliases_changed: &'a mut bool,
    out: &'a mut Sender,
}

impl FileReader<'_> {
    fn problem(
        &mut self,
        line: Option<u64>,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Result<(), HungUp> {
        self.out.send(Event::Problem {
            file: self.file_no,
            line,
            column: column.map(|c| c + self.first_column - 1),
            message: message.into(),
        })
    }

    fn read_error(&mut self, error: ReadError) -> Result<(), HungUp> {
        self.problem(error.line, error.column, error.message)
    }

    fn start_error(&mut self, error: StartError) -> Result<(), HungUp> {
        let kind = self.file.kind;
        match error {
            StartError::NoHeader { titles: 0 } => self.problem(
                None,
                None,
                format!(
                    "the file is empty; expected a header row naming the columns of {}",
                    kind.name
                ),
            ),
            StartError::NoHeader { titles } => self.problem(
                None,
                None,
                format!(
                    "the file holds only {titles} title row{} and no header; expected a header row naming the columns of {}",
                    if titles == 1 { "" } else { "s" },
                    kind.name
                ),
            ),
            StartError::Read(e) => self.read_error(e),
            StartError::At {
                line,
                column,
                message,
            } => self.problem(Some(line), column, message),
            StartError::Header { line, problems } => {
                for (position, message) in problems {
                    self.problem(Some(line), position.map(|p| p + 1), message)?;
                }
                Ok(())
            }
        }
    }

    fn abandon(&mut self) -> Result<(), HungUp> {
        self.out.send(Event::Abandoned { file: self.file_no })
    }

    /// Reads the whole file.
    fn read(&mut self) -> Result<(), HungUp> {
        let kind = self.file.kind;
        let mut csv = match rows::open(&self.file.origin) {
            Ok(source) => source,
            Err(e) => {
                self.read_error(e)?;
                return self.abandon();
            }
        };
        self.first_column = csv.first_column();
        let start = match layout::find_start(csv.as_mut(), kind, &self.settings.ignored) {
            Ok(start) => start,
            Err(error) => {
                self.start_error(error)?;
                return self.abandon();
            }
        };
        match (start.unit, self.settings.unit) {
            (Some((declared, line, column)), Some(given)) if declared != given => {
                self.problem(
                    Some(line),
                    Some(column),
                    format!(
                        "the file declares its amounts in {} but --unit {} was given; drop --unit, or correct the file's 单位 row",
                        declared.label(),
                        given.label()
                    ),
                )?;
                return self.abandon();
            }
            (Some((declared, _, _)), _) => self.unit = declared,
            (None, given) => self.unit = given.unwrap_or(AmountUnit::Wan),
        }
        let header = start.header;
        self.out.send(Event::Header {
            file: self.file_no,
            positions: header.positions.clone(),
        })?;
        // A duplicate key is reported at the first key column in the file.
        let key_column = kind
            .key
            .iter()
            .filter_map(|name| kind.columns.iter().position(|c| c.name == *name))
            .find_map(|index| header.positions[index])
            .map(|p| p + self.first_column);
        let mut rows = 0;
        let mut row = Row::default();
        loop {
            match csv.read_row(&mut row) {
                Ok(true) => {
                    if self.row(&header, &row, key_column)? {
                        rows += 1;
                    }
                }
                Ok(false) => break,
                Err(e @ ReadError { line: Some(_), .. }) => self.read_error(e)?,
                Err(e) => {
                    self.read_error(e)?;
                    return self.abandon();
                }
            }
            self.out.bytes_in_file = csv.bytes_read();
        }
        let encoding = csv.format();
        match csv.finish() {
            Ok(sha256) => self.out.send(Event::Finished {
                file: self.file_no,
                rows,
                encoding,
                sha256,
            }),
            Err(e) => {
                self.read_error(e)?;
                self.abandon()
            }
        }
    }

    /// Checks one row and sends it or its problems. True when the row
    /// counts as read (it has the header's number of fields).
    fn row(
        &mut self,
        header: &Header,
        row: &Row,
        key_column: Option<usize>,
    ) -> Result<bool, HungUp> {
        if row.fields.iter().all(|f| f.trim().is_empty()) {
            return Ok(false); // spreadsheets leave rows of empty cells behind
        }
        let kind = self.file.kind;
        let line = row.line;
        if let Some((position, extent)) = &row.merged {
            self.problem(
                Some(line),
                Some(position + 1),
                layout::merged_message(extent),
            )?;
            return Ok(true);
        }
        if row.fields.len() != header.fields.len() {
            let column = row.fields.len().min(header.fields.len()) + 1;
            self.problem(
                Some(line),
                Some(column),
                format!(
                    "the row has {} fields but the header has {}; check for a missing or extra separator or an unclosed quote",
                    row.fields.len(),
                    header.fields.len()
                ),
            )?;
            return Ok(false);
        }
        let plan = self.plan;
        let mut values = plan.empty_row();
        let mut problems: Vec<(Option<usize>, String)> = Vec::new();
        {
            let ctx = CellContext {
                unit: self.unit,
                aliases: self.aliases,
            };
            for (position, raw) in row.fields.iter().enumerate() {
                let Some(index) = header.fields[position] else {
                    continue; // an ignored column
                };
                let column = &kind.columns[index];
                match parse_cell(column, raw, &ctx) {
                    Ok(Some(parsed)) => store(
                        &mut values,
                        plan.column_slot(index),
                        column.db_width(),
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
                    Some(parsed) => store(&mut values, slot, column.db_width(), parsed),
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
            for error in rules::check_row(&mut record, self.unit) {
                problems.push((
                    column_position(&header.positions, kind, error.column),
                    error.message,
                ));
            }
        }
        let mut canonical = None;
        if problems.is_empty() && kind.name == kinds::ALIASES.name {
            match self.learn_alias(&values) {
                Ok(resolved) => canonical = resolved,
                Err(message) => {
                    problems.push((header.positions.first().copied().flatten(), message))
                }
            }
        }
        if !problems.is_empty() {
            for (position, message) in problems {
                self.problem(Some(line), position.map(|p| p + 1), message)?;
            }
            return Ok(true);
        }
        self.out.send(Event::Row(ValidRow {
            file: self.file_no,
            line,
            key_column,
            values,
            canonical,
        }))?;
        Ok(true)
    }

    /// Adds an aliases row to the names this import resolves; returns the
    /// canonical name the alias now resolves to.
    fn learn_alias(&mut self, values: &[Value]) -> Result<Option<String>, String> {
        match (values.first(), values.get(1)) {
            (Some(Value::Text(alias)), Some(Value::Text(canonical))) => {
                if self
                    .aliases
                    .get(alias)
                    .is_some_and(|known| known != canonical)
                {
                    *self.aliases_changed = true;
                }
                self.aliases.insert(alias, canonical)?;
                Ok(Some(self.aliases.resolve(alias).to_string()))
            }
            _ => Ok(None),
        }
    }
}

/// The 0-based field position of the kind's column `name` in this file.
pub fn column_position(
    positions: &[Option<usize>],
    kind: &kinds::Kind,
    name: &str,
) -> Option<usize> {
    kind.columns
        .iter()
        .position(|c| c.name == name)
        .and_then(|i| positions.get(i).copied().flatten())
}

fn store(values: &mut [Value], slot: usize, width: usize, parsed: [Value; 2]) {
    for (offset, value) in parsed.into_iter().take(width).enumerate() {
        if let Some(cell) = values.get_mut(slot + offset) {
            *cell = value;
        }
    }
}

//! Saved queries and ad-hoc SQL.
//!
//! A saved query is one `.sql` file whose header says what it is:
//!
//! ```sql
//! -- name: three_public
//! -- description: "三公" expenditure by category, with change on the year before
//! -- param year: integer; fiscal year, e.g. 2021
//! -- param department: department name
//! SELECT … WHERE (:year IS NULL OR year = :year)
//! ```
//!
//! The project's `queries/` are built into the binary; files in a user's
//! queries directory add to them or override them by name. Parameters are
//! SQL named parameters, always bound, never spliced into the text. A
//! value is bound as TEXT unless the query declares the parameter's type
//! (`integer`, `real` or `text`, then `;` and the meaning): codes such as
//! 208 are TEXT in the database, and a digit string bound as an INTEGER
//! would match none of them.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;

use crate::io::output::{CellRef, RowWriter};
use crate::model::kinds::suggest;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_queries.rs"));
}

/// A saved query and what its header says about it.
#[derive(Clone, Debug)]
pub struct SavedQuery {
    pub name: String,
    pub description: String,
    /// Declared parameters and their meaning, in header order.
    pub params: Vec<(String, String)>,
    /// The parameters whose type the header declares (others are TEXT).
    pub param_types: BTreeMap<String, ParamType>,
    pub sql: String,
    /// Where it came from: "built-in" or the file's path.
    pub origin: String,
}

impl SavedQuery {
    /// Reads a query file's header. `file_name` names the query when the
    /// header has no `-- name:` line.
    pub fn parse(file_name: &str, text: &str, origin: &str) -> Result<SavedQuery> {
        let mut name = None;
        let mut description = String::new();
        let mut params = Vec::new();
        let mut param_types = BTreeMap::new();
        for line in text.lines() {
            let Some(comment) = line.trim().strip_prefix("--") else {
                if line.trim().is_empty() {
                    continue;
                }
                break; // the header ends at the first line of SQL
            };
            let comment = comment.trim();
            if let Some(value) = comment.strip_prefix("name:") {
                name = Some(value.trim().to_string());
            } else if let Some(value) = comment.strip_prefix("description:") {
                description = value.trim().to_string();
            } else if let Some(rest) = comment.strip_prefix("param ") {
                let Some((param, meaning)) = rest.split_once(':') else {
                    bail!("{origin}: malformed parameter line \"-- {comment}\"; expected \"-- param NAME: meaning\"");
                };
                let param = param.trim().to_string();
                let (kind, meaning) = ParamType::split(meaning.trim());
                if let Some(kind) = kind {
                    param_types.insert(param.clone(), kind);
                }
                params.push((param, meaning.to_string()));
            }
        }
        let name = name.unwrap_or_else(|| file_name.trim_end_matches(".sql").to_string());
        Ok(SavedQuery {
            name,
            description,
            params,
            param_types,
            sql: text.to_string(),
            origin: origin.to_string(),
        })
    }
}

/// The type a saved query declares for a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    Integer,
    Real,
    Text,
}

impl ParamType {
    /// Splits a parameter line's text after the colon into its declared
    /// type, if it starts with one (`integer; fiscal year` or `integer`),
    /// and the meaning.
    fn split(text: &str) -> (Option<ParamType>, &str) {
        let (head, rest) = text.split_once(';').unwrap_or((text, ""));
        let kind = match head.trim().to_ascii_lowercase().as_str() {
            "integer" => ParamType::Integer,
            "real" => ParamType::Real,
            "text" => ParamType::Text,
            _ => return (None, text),
        };
        (Some(kind), rest.trim())
    }

    fn bind(self, key: &str, text: &str) -> Result<Value, String> {
        let wrong = |what: &str| format!("parameter {key}: expected {what}, got \"{text}\"");
        match self {
            ParamType::Text => Ok(Value::Text(text.to_string())),
            ParamType::Integer => crate::model::value::normalize(text)
                .parse::<i64>()
                .map(Value::Integer)
                .map_err(|_| wrong("an integer")),
            ParamType::Real => match crate::model::value::normalize(text).parse::<f64>() {
                Ok(r) if r.is_finite() => Ok(Value::Real(r)),
                _ => Err(wrong("a number")),
            },
        }
    }
}

/// The saved queries available: built-in ones, then those of `dir` (which
/// override built-ins of the same name).
pub fn load(dir: Option<&Path>) -> Result<BTreeMap<String, SavedQuery>> {
    let mut queries = BTreeMap::new();
    for (file_name, text) in builtin::BUILTIN {
        let query = SavedQuery::parse(file_name, text, "built-in")?;
        queries.insert(query.name.clone(), query);
    }
    if let Some(dir) = dir {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("{}: cannot read the queries directory", dir.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "sql"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("{}: cannot read", path.display()))?;
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let query = SavedQuery::parse(&file_name, &text, &path.display().to_string())?;
            queries.insert(query.name.clone(), query);
        }
    }
    Ok(queries)
}

/// The query called `name`, or an error suggesting the closest name.
pub fn find<'a>(
    queries: &'a BTreeMap<String, SavedQuery>,
    name: &str,
) -> Result<&'a SavedQuery, String> {
    queries.get(name).ok_or_else(|| {
        let hint = suggest(name, queries.keys().map(String::as_str))
            .map(|s| format!(" (did you mean \"{s}\"?)"))
            .unwrap_or_default();
        format!(
            "no saved query \"{name}\"{hint}; `budgetdb query --list` lists them: {}",
            queries.keys().cloned().collect::<Vec<_>>().join(", ")
        )
    })
}

/// Parses `KEY=VALUE` parameter arguments, each value as TEXT (a saved
/// query's declared types apply in [`check_params`]). A key given twice
/// is an error: which value was meant cannot be known.
pub fn parse_params(args: &[String]) -> Result<Vec<(String, Value)>, String> {
    let mut params: Vec<(String, Value)> = Vec::with_capacity(args.len());
    for arg in args {
        let Some((key, value)) = arg.split_once('=') else {
            return Err(format!("parameter \"{arg}\" is not KEY=VALUE"));
        };
        let key = key.trim().trim_start_matches([':', '@', '$']).to_string();
        if key.is_empty() {
            return Err(format!("parameter \"{arg}\" has no name"));
        }
        if params.iter().any(|(k, _)| *k == key) {
            return Err(format!(
                "parameter \"{key}\" given twice (-p {arg} and an earlier -p {key}=…); give each parameter once"
            ));
        }
        params.push((key, Value::Text(value.trim().to_string())));
    }
    Ok(params)
}

/// Checks given parameters against a saved query's declared ones.
pub fn check_params(query: &SavedQuery, given: &[(String, Value)]) -> Result<(), String> {
    for (key, _) in given {
        if !query.params.iter().any(|(name, _)| name == key) {
            let declared: Vec<&str> = query.params.iter().map(|(n, _)| n.as_str()).collect();
            return Err(format!(
                "query {} has no parameter \"{key}\"; its parameters are: {}",
                query.name,
                if declared.is_empty() {
                    "(none)".to_string()
                } else {
                    declared.join(", ")
                }
            ));
        }
    }
    Ok(())
}

/// Binds each given TEXT value as the type its saved query declares (a
/// value already typed, such as a year the filters have read, stays).
pub fn type_params(
    query: &SavedQuery,
    given: &[(String, Value)],
) -> Result<Vec<(String, Value)>, String> {
    given
        .iter()
        .map(|(key, value)| {
            let value = match (query.param_types.get(key), value) {
                (Some(kind), Value::Text(text)) => kind.bind(key, text)?,
                _ => value.clone(),
            };
            Ok((key.clone(), value))
        })
        .collect()
}

/// A mistake in the invocation that only shows once the statement is
/// compiled (a `-p` naming none of its parameters): exit status 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Bounds on one statement of `sql` or `query`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Limits {
    /// Time SQLite may spend computing the result (waiting for the reader
    /// of the output does not count); `None` for no limit.
    pub timeout: Option<std::time::Duration>,
    /// Reject a given parameter the statement does not use.
    pub strict_params: bool,
}

/// The default `--timeout`, in seconds.
pub const DEFAULT_TIMEOUT_SECONDS: u64 = 60;

/// The default `--memory-limit`, in MiB.
pub const DEFAULT_MEMORY_LIMIT_MIB: u64 = 512;

/// Caps the memory SQLite may allocate in this process at `mib` MiB (0:
/// no cap): an allocation beyond it fails, and the statement with it, as
/// "out of memory" ([`sql_error`] words it). Must run before the first
/// connection opens: the cap needs SQLite's memory statistics, which the
/// build turns off by default (they cost a lock per allocation, which an
/// import does not need).
pub fn limit_memory(mib: u64) -> Result<()> {
    use rusqlite::ffi;
    let bytes = i64::try_from(mib.saturating_mul(1 << 20)).unwrap_or(i64::MAX);
    // SAFETY: sqlite3_config is called before SQLite is initialized (no
    // connection is open yet in this process) with an int argument, as
    // SQLITE_CONFIG_MEMSTATUS takes; the heap limit takes a plain integer.
    unsafe {
        if ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 1 as std::os::raw::c_int)
            != ffi::SQLITE_OK
        {
            bail!("cannot enable the memory limit: SQLite is already initialized");
        }
        ffi::sqlite3_hard_heap_limit64(bytes);
    }
    MEMORY_LIMIT_MIB.store(mib, std::sync::atomic::Ordering::Relaxed);
    Ok(())
}

/// The cap [`limit_memory`] set, for the message when it is reached.
static MEMORY_LIMIT_MIB: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The clock of [`Limits::timeout`]: SQLite's progress handler, called
/// every few thousand virtual-machine steps, interrupts the statement
/// once the time spent inside SQLite's steps exceeds the budget.
struct Clock {
    origin: std::time::Instant,
    /// Nanoseconds after `origin` at which the current step must stop.
    deadline: std::sync::Arc<std::sync::atomic::AtomicU64>,
    left: std::time::Duration,
}

impl Clock {
    fn install(conn: &Connection, limit: std::time::Duration) -> Clock {
        let origin = std::time::Instant::now();
        let deadline = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(u64::MAX));
        let seen = std::sync::Arc::clone(&deadline);
        conn.progress_handler(
            1000,
            Some(move || {
                let now = u64::try_from(origin.elapsed().as_nanos()).unwrap_or(u64::MAX);
                now > seen.load(std::sync::atomic::Ordering::Relaxed)
            }),
        );
        Clock {
            origin,
            deadline,
            left: limit,
        }
    }

    /// Runs one step of the statement against the time left.
    fn step<T>(&mut self, step: impl FnOnce() -> T) -> T {
        let started = self.origin.elapsed();
        let end = u64::try_from((started + self.left).as_nanos()).unwrap_or(u64::MAX);
        self.deadline
            .store(end, std::sync::atomic::Ordering::Relaxed);
        let result = step();
        self.left = self.left.saturating_sub(self.origin.elapsed() - started);
        self.deadline
            .store(u64::MAX, std::sync::atomic::Ordering::Relaxed);
        result
    }
}

/// What to say when [`Clock`] stopped a statement.
fn timeout_message(limit: std::time::Duration) -> String {
    format!(
        "stopped after {} s: the statement ran longer than --timeout allows; give it more time with --timeout SECONDS (0: no limit), or narrow it (a WHERE, a LIMIT)",
        limit.as_secs()
    )
}

/// Runs one statement with `given` parameters (one not given is NULL) and
/// hands its rows, as SQLite produces them, to the writer that `start`
/// makes from the column names: nothing is collected, so a result of
/// millions of rows prints in the memory of one (CSV, JSON). `read_only`
/// refuses anything that would write. An error of the writer (a closed
/// pipe) comes back as the `std::io::Error` it is. Returns how many rows
/// were printed.
pub fn run<'w>(
    conn: &Connection,
    sql: &str,
    given: &[(String, Value)],
    read_only: bool,
    start: impl FnOnce(&[String]) -> std::io::Result<RowWriter<'w>>,
) -> Result<u64> {
    run_limited(conn, sql, given, read_only, Limits::default(), start)
}

/// [`run`] within `limits`. A parameter given but not in the statement is
/// a [`UsageError`] when `limits.strict_params`.
pub fn run_limited<'w>(
    conn: &Connection,
    sql: &str,
    given: &[(String, Value)],
    read_only: bool,
    limits: Limits,
    start: impl FnOnce(&[String]) -> std::io::Result<RowWriter<'w>>,
) -> Result<u64> {
    let _guard = read_only.then(|| ReadOnlyGuard::install(conn));
    let mut stmt = conn.prepare(sql).map_err(|e| match e {
        rusqlite::Error::MultipleStatement => {
            anyhow::anyhow!("only one SQL statement can run at a time")
        }
        e => anyhow::anyhow!("{}", sql_error(&e)),
    })?;
    if read_only && !stmt.readonly() {
        bail!("read-only: this statement would change the database, so it was not run; use `budgetdb import` to change data");
    }
    let mut names = Vec::new();
    for index in 1..=stmt.parameter_count() {
        let Some(name) = stmt.parameter_name(index).map(str::to_string) else {
            bail!("positional parameters (?) are not supported; use named parameters such as :year with -p year=2021");
        };
        let key = name.trim_start_matches([':', '@', '$']);
        let value = given
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Null);
        stmt.raw_bind_parameter(index, value)?;
        names.push(name);
    }
    if limits.strict_params {
        if let Some((key, _)) = given
            .iter()
            .find(|(k, _)| !names.iter().any(|n| n[1..] == **k))
        {
            let known = if names.is_empty() {
                "(none)".to_string()
            } else {
                names.join(", ")
            };
            return Err(UsageError(format!(
                "the statement has no parameter \"{key}\" (-p {key}=…); its parameters are: {known}"
            ))
            .into());
        }
    }
    let mut clock = limits.timeout.map(|limit| Clock::install(conn, limit));
    let stepped = |e: rusqlite::Error| match (&e, limits.timeout) {
        (e, Some(limit))
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) =>
        {
            anyhow::anyhow!("{}", timeout_message(limit))
        }
        _ => anyhow::anyhow!("{}", sql_error(&e)),
    };
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let mut cursor = stmt.raw_query();
    let mut step = |cursor: &mut rusqlite::Rows<'_>| -> Result<bool> {
        let advanced = match clock.as_mut() {
            Some(clock) => clock.step(|| cursor.advance()),
            None => cursor.advance(),
        };
        advanced.map_err(stepped)?;
        Ok(cursor.get().is_some())
    };
    // The first row is stepped before anything is printed, so an error
    // there (most are found there) leaves the output empty.
    let mut more = step(&mut cursor)?;
    let mut writer = start(&columns)?;
    let mut rows = 0;
    while more {
        if let Some(row) = cursor.get() {
            rows += 1;
            let mut cells = Vec::with_capacity(columns.len());
            for i in 0..columns.len() {
                cells.push(cell(row.get_ref(i)?)?);
            }
            writer.row(cells)?;
        }
        more = step(&mut cursor)?;
    }
    writer.finish()?;
    if limits.timeout.is_some() {
        conn.progress_handler(0, None::<fn() -> bool>);
    }
    Ok(rows)
}

/// A value of a result row as a cell to print.
fn cell(value: ValueRef<'_>) -> Result<CellRef<'_>> {
    Ok(match value {
        ValueRef::Null => CellRef::Null,
        ValueRef::Integer(i) => CellRef::Integer(i),
        ValueRef::Real(r) => CellRef::Real(r),
        ValueRef::Text(bytes) => CellRef::Text(
            std::str::from_utf8(bytes).context("a text value of the result is not valid UTF-8")?,
        ),
        ValueRef::Blob(bytes) => CellRef::Blob(bytes.len()),
    })
}

/// Pragmas that only report (with or without an argument naming a table
/// or an index).
const REPORTING_PRAGMAS: &[&str] = &[
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "integrity_check",
    "quick_check",
];

/// Pragmas that report a value without an argument and set it with one.
const VALUE_PRAGMAS: &[&str] = &[
    "user_version",
    "application_id",
    "schema_version",
    "data_version",
    "page_count",
    "page_size",
    "freelist_count",
    "encoding",
    "compile_options",
    "database_list",
    "function_list",
    "pragma_list",
    "collation_list",
    "module_list",
];

/// What read-only SQL may do, decided by SQLite as it compiles each part
/// of a statement: read tables and views, call functions (but not
/// `load_extension`) and ask reporting pragmas. Everything else (writes,
/// schema changes, ATTACH, DETACH, pragmas that set) is refused before
/// anything runs. It backs up the read-only connection and `query_only`.
fn read_only_authorizer(context: AuthContext<'_>) -> Authorization {
    let allowed = match context.action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => true,
        AuthAction::Function { function_name } => {
            !function_name.eq_ignore_ascii_case("load_extension")
        }
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let name = pragma_name.to_ascii_lowercase();
            REPORTING_PRAGMAS.contains(&name.as_str())
                || (pragma_value.is_none() && VALUE_PRAGMAS.contains(&name.as_str()))
        }
        _ => false,
    };
    if allowed {
        Authorization::Allow
    } else {
        Authorization::Deny
    }
}

/// Keeps [`read_only_authorizer`] installed while a statement runs.
struct ReadOnlyGuard<'a> {
    conn: &'a Connection,
}

impl<'a> ReadOnlyGuard<'a> {
    fn install(conn: &'a Connection) -> ReadOnlyGuard<'a> {
        conn.authorizer(Some(read_only_authorizer));
        ReadOnlyGuard { conn }
    }
}

impl Drop for ReadOnlyGuard<'_> {
    fn drop(&mut self) {
        self.conn
            .authorizer(None::<fn(AuthContext<'_>) -> Authorization>);
    }
}

/// SQLite's message, reworded where it would puzzle a user.
fn sql_error(error: &rusqlite::Error) -> String {
    if error.to_string().contains("not authorized") {
        // load_extension and other refusals reported as plain errors.
        return sql_error_for(
            Some(rusqlite::ErrorCode::AuthorizationForStatementDenied),
            error,
        );
    }
    sql_error_for(error.sqlite_error_code(), error)
}

fn sql_error_for(code: Option<rusqlite::ErrorCode>, error: &rusqlite::Error) -> String {
    match code {
        Some(rusqlite::ErrorCode::AuthorizationForStatementDenied) => {
            "read-only: the statement would change the database or the connection (a write, a schema change, ATTACH, a pragma that sets, load_extension), so it was not run; `budgetdb sql` only reads, use `budgetdb import` to change data".into()
        }
        Some(rusqlite::ErrorCode::ReadOnly) => {
            "read-only: the statement tried to change the database; use `budgetdb import` to change data".into()
        }
        Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
            crate::storage::db::busy_message()
        }
        Some(rusqlite::ErrorCode::OutOfMemory) | Some(rusqlite::ErrorCode::TooBig) => {
            match MEMORY_LIMIT_MIB.load(std::sync::atomic::Ordering::Relaxed) {
                0 => format!("{error}: the statement needs more memory than there is"),
                mib => format!(
                    "stopped: the statement needs more memory than --memory-limit allows ({mib} MiB); narrow it (a WHERE, a LIMIT, smaller values), or raise the limit with --memory-limit MIB (0: no limit)"
                ),
            }
        }
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::output::{Format, Style};

    #[test]
    fn reads_the_header() {
        let query = SavedQuery::parse(
            "x.sql",
            "-- name: three_public\n-- description: 三公\n-- param year: fiscal year\nSELECT :year",
            "built-in",
        )
        .expect("parses");
        assert_eq!(query.name, "three_public");
        assert_eq!(query.description, "三公");
        assert_eq!(
            query.params,
            vec![("year".to_string(), "fiscal year".to_string())]
        );
    }

    #[test]
    fn builtin_queries_declare_exactly_the_parameters_they_use() {
        let conn = crate::storage::db::open_in_memory().expect("schema");
        for query in load(None).expect("built-ins load").values() {
            assert!(
                !query.description.is_empty(),
                "{} has no description",
                query.name
            );
            let stmt = conn
                .prepare(&query.sql)
                .unwrap_or_else(|e| panic!("{}: {e}", query.name));
            let mut used: Vec<String> = (1..=stmt.parameter_count())
                .filter_map(|i| {
                    stmt.parameter_name(i)
                        .map(|n| n.trim_start_matches(':').to_string())
                })
                .collect();
            let mut declared: Vec<String> = query.params.iter().map(|(n, _)| n.clone()).collect();
            used.sort();
            declared.sort();
            assert_eq!(used, declared, "{}", query.name);
            assert!(stmt.readonly(), "{} must only read", query.name);
        }
    }

    /// Runs `sql` and returns what it prints as CSV.
    fn run_csv(
        conn: &Connection,
        sql: &str,
        given: &[(String, Value)],
        read_only: bool,
    ) -> Result<String> {
        let mut out = Vec::new();
        run(conn, sql, given, read_only, |columns| {
            RowWriter::new(&mut out, Format::Csv, Style::default(), columns)
        })?;
        Ok(String::from_utf8(out)?)
    }

    #[test]
    fn rows_stream_to_the_writer_and_errors_print_nothing() {
        let conn = crate::storage::db::open_in_memory().expect("schema");
        let given = [("n".to_string(), Value::Integer(3))];
        let csv = run_csv(
            &conn,
            "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < :n)
             SELECT n, n / 2.0 AS half, x'00ff' AS b, NULL AS z FROM s",
            &given,
            true,
        )
        .expect("runs");
        assert_eq!(
            csv,
            "n,half,b,z\r\n1,0.50,<2 bytes>,\r\n2,1.00,<2 bytes>,\r\n3,1.50,<2 bytes>,\r\n"
        );
        // An error found on the first step prints not even the header.
        let mut out = Vec::new();
        let error = run(
            &conn,
            "SELECT abs(-9223372036854775808)",
            &[],
            true,
            |columns| RowWriter::new(&mut out, Format::Csv, Style::default(), columns),
        )
        .expect_err("integer overflow");
        assert!(error.to_string().contains("overflow"), "{error}");
        assert!(out.is_empty());
    }

    #[test]
    fn read_only_runs_reads_and_reporting_pragmas_and_nothing_else() {
        let conn = crate::storage::db::open_in_memory().expect("schema");
        for sql in [
            "SELECT count(*) FROM reports",
            "SELECT * FROM three_public_comparison",
            "PRAGMA table_info(reports)",
            "SELECT name FROM pragma_table_info('reports')",
            "PRAGMA user_version",
        ] {
            run_csv(&conn, sql, &[], true).unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        for sql in [
            "PRAGMA user_version = 3",
            "PRAGMA writable_schema = ON",
            "ATTACH DATABASE ':memory:' AS other",
            "CREATE TEMP TABLE t (x)",
            "SELECT load_extension('x')",
        ] {
            let error = run_csv(&conn, sql, &[], true).expect_err(sql).to_string();
            assert!(error.starts_with("read-only"), "{sql}: {error}");
        }
        // The same connection still runs anything without read_only.
        run_csv(&conn, "PRAGMA user_version = 3", &[], false).expect("not read-only");
    }

    #[test]
    fn parameters_bind_as_text_unless_declared() {
        let params = parse_params(&[
            "year=2021".into(),
            "department=南昌市人社局".into(),
            "code=208".into(),
        ])
        .expect("parses");
        assert_eq!(params[0].1, Value::Text("2021".into()));
        assert_eq!(params[2].1, Value::Text("208".into()));
        assert!(parse_params(&["year".into()]).is_err());
        assert!(parse_params(&["v=1".into(), "v=2".into()])
            .expect_err("twice")
            .contains("given twice"));
        let query = SavedQuery::parse(
            "q.sql",
            "-- param year: integer; fiscal year\n-- param code: a code\n-- param r: REAL\nSELECT :year, :code, :r",
            "built-in",
        )
        .expect("parses");
        assert_eq!(query.params[0], ("year".into(), "fiscal year".into()));
        assert_eq!(query.params[2], ("r".into(), String::new()));
        check_params(&query, &params[..1]).expect("declared");
        assert!(check_params(&query, &params[1..2]).is_err(), "undeclared");
        let typed = type_params(&query, &params[..1]).expect("declared");
        assert_eq!(typed[0].1, Value::Integer(2021));
        let typed =
            type_params(&query, &[("code".into(), Value::Text("208".into()))]).expect("declared");
        assert_eq!(typed[0].1, Value::Text("208".into()));
        let typed =
            type_params(&query, &[("r".into(), Value::Text("0.5".into()))]).expect("declared");
        assert_eq!(typed[0].1, Value::Real(0.5));
        assert!(type_params(&query, &[("year".into(), Value::Text("x".into()))]).is_err());
    }
}

//! Saved queries and ad-hoc SQL.
//!
//! A saved query is one `.sql` file whose header says what it is:
//!
//! ```sql
//! -- name: three_public
//! -- description: "三公" expenditure by category, with change on the year before
//! -- param year: fiscal year, e.g. 2021
//! SELECT … WHERE (:year IS NULL OR year = :year)
//! ```
//!
//! The project's `queries/` are built into the binary; files in a user's
//! queries directory add to them or override them by name. Parameters are
//! SQL named parameters, always bound, never spliced into the text.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
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
                params.push((param.trim().to_string(), meaning.trim().to_string()));
            }
        }
        let name = name.unwrap_or_else(|| file_name.trim_end_matches(".sql").to_string());
        Ok(SavedQuery {
            name,
            description,
            params,
            sql: text.to_string(),
            origin: origin.to_string(),
        })
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

/// Parses `KEY=VALUE` parameter arguments. A value that is a whole number is
/// bound as an integer, anything else as text.
pub fn parse_params(args: &[String]) -> Result<Vec<(String, Value)>, String> {
    args.iter()
        .map(|arg| {
            let Some((key, value)) = arg.split_once('=') else {
                return Err(format!("parameter \"{arg}\" is not KEY=VALUE"));
            };
            let key = key.trim().trim_start_matches([':', '@', '$']).to_string();
            if key.is_empty() {
                return Err(format!("parameter \"{arg}\" has no name"));
            }
            let value = value.trim();
            // "0208" or "+5" stay text: a code or a literal, not a number.
            let looks_numeric =
                !value.starts_with('+') && (value == "0" || !value.starts_with('0'));
            let bound = match value.parse::<i64>() {
                Ok(i) if looks_numeric => Value::Integer(i),
                _ => Value::Text(value.to_string()),
            };
            Ok((key, bound))
        })
        .collect()
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
    }
    let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
    let mut cursor = stmt.raw_query();
    // The first row is stepped before anything is printed, so an error
    // there (most are found there) leaves the output empty.
    let mut next = cursor
        .next()
        .map_err(|e| anyhow::anyhow!("{}", sql_error(&e)))?;
    let mut writer = start(&columns)?;
    let mut rows = 0;
    while let Some(row) = next {
        rows += 1;
        let mut cells = Vec::with_capacity(columns.len());
        for i in 0..columns.len() {
            cells.push(cell(row.get_ref(i)?)?);
        }
        writer.row(cells)?;
        next = cursor
            .next()
            .map_err(|e| anyhow::anyhow!("{}", sql_error(&e)))?;
    }
    writer.finish()?;
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
    fn parameters_bind_integers_as_integers() {
        let params = parse_params(&[
            "year=2021".into(),
            "department=南昌市人社局".into(),
            "code=0208".into(),
        ])
        .expect("parses");
        assert_eq!(params[0].1, Value::Integer(2021));
        assert_eq!(params[1].1, Value::Text("南昌市人社局".into()));
        assert_eq!(params[2].1, Value::Text("0208".into()));
        assert!(parse_params(&["year".into()]).is_err());
    }
}

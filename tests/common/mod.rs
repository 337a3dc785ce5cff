//! Helpers shared by the integration tests: a scratch directory to write
//! files into, running the real `budgetdb` binary there, and reading the
//! database it leaves behind.
//!
//! Every command runs with the scratch directory as its working directory
//! and `--db` pointing at `budget.db` inside it, so messages show the short
//! relative paths the tests pass (`a.reports.csv:2:3: ...`).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rusqlite::types::{FromSql, Value};
use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;

/// The database file name every workspace uses.
pub const DB: &str = "budget.db";

/// A temporary directory holding import files and the database.
pub struct Workspace {
    dir: TempDir,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace {
            dir: tempfile::Builder::new()
                .prefix("budgetdb-test-")
                .tempdir()
                .expect("create a temporary directory"),
        }
    }

    /// A workspace whose database holds the shipped data (`imports/`).
    pub fn seeded() -> Workspace {
        let ws = Workspace::new();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("imports"),
            &ws.path("imports"),
        );
        ws.import_ok(&[]);
        ws
    }

    /// The directory itself.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the directory.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// The database the commands use.
    pub fn db(&self) -> PathBuf {
        self.path(DB)
    }

    /// Writes `contents` to `relative`, creating parent directories.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent directories");
        }
        std::fs::write(&path, contents).expect("write a test file");
        path
    }

    /// The bytes of a file in the directory.
    pub fn read(&self, relative: &str) -> Vec<u8> {
        std::fs::read(self.path(relative)).expect("read a test file")
    }

    /// `budgetdb --db budget.db ARGS...` run in the directory.
    pub fn command(&self) -> Command {
        let mut command = Command::cargo_bin("budgetdb").expect("the budgetdb binary is built");
        command
            .current_dir(self.root())
            .env_remove("BUDGETDB_DB")
            .arg("--db")
            .arg(self.db());
        command
    }

    /// Runs `budgetdb --db budget.db import ARGS...` and captures the outcome.
    pub fn import(&self, args: &[&str]) -> Run {
        let mut command = self.command();
        command.arg("import").args(args);
        Run::from(command.output().expect("run budgetdb"))
    }

    /// Like [`Workspace::import`], asserting that it succeeded.
    pub fn import_ok(&self, args: &[&str]) -> Run {
        let run = self.import(args);
        run.assert_success();
        run
    }

    /// Runs `budgetdb --db budget.db check ARGS...` as a pipe sees it (no
    /// COLUMNS from the terminal running the tests).
    pub fn check(&self, args: &[&str]) -> Run {
        let mut command = self.command();
        command.arg("check").args(args).env_remove("COLUMNS");
        Run::from(command.output().expect("run budgetdb check"))
    }

    /// A dump of every data table of the database (see [`dump`]).
    pub fn dump(&self) -> String {
        dump(&self.db(), false)
    }

    /// One value from the database.
    pub fn scalar<T: FromSql>(&self, sql: &str) -> T {
        scalar(&self.db(), sql)
    }

    /// Every row of a query, values as SQLite returns them.
    pub fn rows(&self, sql: &str) -> Vec<Vec<Value>> {
        rows(&self.db(), sql)
    }
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<std::process::Output> for Run {
    fn from(output: std::process::Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Rows of one kind in the import summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counts {
    pub rows: u64,
    pub inserted: u64,
    pub replaced: u64,
    pub unchanged: u64,
}

/// Shorthand for an expected [`Counts`].
pub fn counts(rows: u64, inserted: u64, replaced: u64, unchanged: u64) -> Counts {
    Counts {
        rows,
        inserted,
        replaced,
        unchanged,
    }
}

impl Run {
    pub fn assert_success(&self) {
        assert_eq!(
            self.code,
            Some(0),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
    }

    pub fn assert_code(&self, code: i32) {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit status {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
    }

    /// Asserts exit status 1 and that the summary line says nothing was imported.
    pub fn assert_invalid(&self, problems: usize) {
        self.assert_code(1);
        let plural = if problems == 1 { "" } else { "s" };
        let summary =
            format!("budgetdb import: {problems} problem{plural} found; nothing was imported");
        assert!(
            self.stderr.lines().any(|l| l == summary),
            "expected \"{summary}\" in stderr:\n{}",
            self.stderr
        );
    }

    /// The diagnostics printed on stderr, each as (location, message), where
    /// location is `PATH`, `PATH:LINE` or `PATH:LINE:COLUMN`. Lines that do not
    /// start with such a location (the final summary, continuation lines of
    /// a message that quotes a multi-line cell) are left out.
    pub fn diagnostics(&self) -> Vec<(String, String)> {
        self.stderr
            .lines()
            .filter(|line| !line.starts_with("budgetdb "))
            .filter_map(|line| {
                let (location, message) = line.split_once(": ")?;
                let mut parts = location.split(':');
                let path = parts.next()?;
                let numbers: Vec<&str> = parts.collect();
                let plausible = !path.is_empty()
                    && !path.contains(' ')
                    && numbers.len() <= 2
                    && numbers
                        .iter()
                        .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                plausible.then(|| (location.to_string(), message.to_string()))
            })
            .collect()
    }

    /// Just the locations of [`Run::diagnostics`], in the order printed.
    pub fn locations(&self) -> Vec<String> {
        self.diagnostics().into_iter().map(|(l, _)| l).collect()
    }

    /// The message printed for `location`; panics unless there is exactly one.
    pub fn message_at(&self, location: &str) -> String {
        let found: Vec<String> = self
            .diagnostics()
            .into_iter()
            .filter(|(l, _)| l == location)
            .map(|(_, m)| m)
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected one diagnostic at {location}, stderr:\n{}",
            self.stderr
        );
        found.into_iter().next().unwrap_or_default()
    }

    /// The per-kind table printed on success: kind -> counts.
    pub fn counts(&self) -> BTreeMap<String, Counts> {
        self.stdout
            .lines()
            .filter_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let [kind, rows, inserted, replaced, unchanged] = fields.as_slice() else {
                    return None;
                };
                Some((
                    kind.to_string(),
                    Counts {
                        rows: rows.parse().ok()?,
                        inserted: inserted.parse().ok()?,
                        replaced: replaced.parse().ok()?,
                        unchanged: unchanged.parse().ok()?,
                    },
                ))
            })
            .collect()
    }

    /// The counts printed for one kind; panics if the kind is not listed.
    pub fn counts_of(&self, kind: &str) -> Counts {
        match self.counts().get(kind) {
            Some(counts) => *counts,
            None => panic!("no counts for {kind} in stdout:\n{}", self.stdout),
        }
    }
}

fn open(db: &Path) -> Connection {
    assert!(db.exists(), "{} does not exist", db.display());
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| panic!("open {}: {e}", db.display()))
}

/// One value from `db`.
pub fn scalar<T: FromSql>(db: &Path, sql: &str) -> T {
    open(db)
        .query_row(sql, [], |row| row.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every row of `sql` on `db`.
pub fn rows(db: &Path, sql: &str) -> Vec<Vec<Value>> {
    let conn = open(db);
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let width = stmt.column_count();
    let result = stmt
        .query_map([], |row| {
            (0..width)
                .map(|i| row.get::<_, Value>(i))
                .collect::<rusqlite::Result<Vec<Value>>>()
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    result
}

/// Every table of `db` with every row, in rowid order, as text: two equal
/// dumps mean two databases hold the same data. The import log (`imports`,
/// `import_files`, and the provenance that points into it: `row_sources`,
/// `row_history`, `import_skips`) is left out unless `with_log`; it changes
/// on every run.
pub fn dump(db: &Path, with_log: bool) -> String {
    let conn = open(db);
    let mut tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .and_then(|mut stmt| {
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .expect("list tables");
    if !with_log {
        const LOG: [&str; 5] = [
            "imports",
            "import_files",
            "row_sources",
            "row_history",
            "import_skips",
        ];
        tables.retain(|t| !LOG.contains(&t.as_str()));
    }
    let mut out = String::new();
    for table in tables {
        let _ = writeln!(out, "== {table}");
        // `row_sources` has no rowid; its key comes first.
        let order = if table == "row_sources" {
            "1, 2"
        } else {
            "rowid"
        };
        for row in rows(db, &format!("SELECT * FROM \"{table}\" ORDER BY {order}")) {
            let _ = writeln!(out, "{row:?}");
        }
    }
    out
}

/// Copies the directory `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy's directory");
    for entry in std::fs::read_dir(from).expect("read a directory to copy") {
        let entry = entry.expect("read a directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// A test fixture under `tests/fixtures/`.
pub fn fixture(relative: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// CSV text from lines, each ended by `\n`.
pub fn csv(lines: &[&str]) -> String {
    lines.iter().map(|line| format!("{line}\n")).collect()
}

/// Rows of `sql` as `a|b|c` strings, NULL as `NULL`, reals as Rust prints them.
pub fn table(ws: &Workspace, sql: &str) -> Vec<String> {
    ws.rows(sql)
        .into_iter()
        .map(|row| {
            row.iter()
                .map(|value| match value {
                    Value::Null => "NULL".to_string(),
                    Value::Integer(i) => i.to_string(),
                    Value::Real(r) => format!("{r:?}"),
                    Value::Text(t) => t.clone(),
                    Value::Blob(b) => format!("{b:?}"),
                })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

/// Asserts that the diagnostic at `location` holds every one of `parts`.
pub fn assert_message(run: &Run, location: &str, parts: &[&str]) {
    let message = run.message_at(location);
    for part in parts {
        assert!(
            message.contains(part),
            "message at {location} lacks {part:?}: {message}"
        );
    }
}

/// Whether a test that reads a PDF is to be skipped: pdftotext (from
/// poppler-utils) is not installed, and neither `CI` nor
/// `BUDGETDB_REQUIRE_PDFTOTEXT` is set. Where one is (`.ci/run` sets the
/// latter and installs poppler-utils), a missing pdftotext fails the test.
pub fn no_pdftotext() -> bool {
    let installed = std::process::Command::new("pdftotext")
        .arg("-v")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    if installed {
        return false;
    }
    let required = ["CI", "BUDGETDB_REQUIRE_PDFTOTEXT"].iter().any(|v| {
        std::env::var(v).is_ok_and(|value| !value.is_empty() && value != "0" && value != "false")
    });
    assert!(
        !required,
        "pdftotext is required here (CI or BUDGETDB_REQUIRE_PDFTOTEXT is set) but was not found: install poppler-utils (Debian: apt-get install poppler-utils)"
    );
    eprintln!("skipped: no pdftotext (Debian: apt-get install poppler-utils)");
    true
}

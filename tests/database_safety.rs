//! The database is only ever changed by `budgetdb import`: read-only SQL
//! cannot write by any route, saved-query parameters are bound and never
//! spliced, and a file that is not a budgetdb database of this version is
//! refused by every command and left byte for byte as it was.

mod common;

use std::path::Path;

use common::{copy_dir, Run, Workspace, DB};
use rusqlite::Connection;

fn run(ws: &Workspace, args: &[&str]) -> Run {
    Run::from(ws.command().args(args).output().expect("run budgetdb"))
}

/// The names of the files in the workspace's top folder.
fn files(ws: &Workspace) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(ws.root())
        .expect("read the workspace")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Statements that would write, each by another route.
const HOSTILE: &[&str] = &[
    // DML
    "INSERT INTO aliases (alias, canonical) VALUES ('a', 'b')",
    "UPDATE reports SET year = 1999",
    "DELETE FROM three_public",
    "REPLACE INTO aliases (alias, canonical) VALUES ('a', 'b')",
    "WITH x AS (SELECT 1) INSERT INTO aliases (alias, canonical) SELECT 'a', 'b' FROM x",
    // DDL
    "CREATE TABLE evil (x)",
    "CREATE TEMP TABLE evil (x)",
    "CREATE INDEX evil ON reports (region)",
    "CREATE VIEW evil AS SELECT 1",
    "CREATE TRIGGER evil AFTER INSERT ON reports BEGIN DELETE FROM reports; END",
    "DROP TABLE three_public",
    "DROP VIEW three_public_comparison",
    "ALTER TABLE reports ADD COLUMN evil",
    "ALTER TABLE reports RENAME TO evil",
    "REINDEX",
    "ANALYZE",
    "VACUUM",
    "VACUUM INTO 'evil.db'",
    // Other databases, and the connection's own settings
    "ATTACH DATABASE 'evil.db' AS evil",
    "ATTACH DATABASE 'budget.db' AS again",
    "ATTACH DATABASE 'file:evil.db?mode=rwc' AS evil",
    "DETACH DATABASE main",
    "PRAGMA writable_schema = ON",
    "PRAGMA writable_schema = 1",
    "PRAGMA query_only = 0",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA user_version = 7",
    "PRAGMA application_id = 0",
    "PRAGMA foreign_keys = OFF",
    "SELECT load_extension('evil')",
    "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libsqlite3.so.0', 'sqlite3_extension_init')",
    "BEGIN IMMEDIATE",
    "SAVEPOINT evil",
    // More than one statement
    "ATTACH DATABASE 'evil.db' AS evil; CREATE TABLE evil.t (x)",
    "SELECT 1; DELETE FROM reports",
    "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'x'",
];

#[test]
fn read_only_sql_cannot_write_by_any_route() {
    let ws = Workspace::seeded();
    let before_files = files(&ws);
    let before = ws.read(DB);
    let dump = ws.dump();
    for statement in HOSTILE {
        for via_stdin in [false, true] {
            let mut command = ws.command();
            let output = if via_stdin {
                command.args(["sql", "-"]).write_stdin(*statement).output()
            } else {
                command.args(["sql", statement]).output()
            };
            let run = Run::from(output.expect("run budgetdb"));
            assert_eq!(run.code, Some(1), "{statement}: {run:?}");
            assert!(
                run.stderr.contains("read-only") || run.stderr.contains("one SQL statement"),
                "{statement}: {}",
                run.stderr
            );
            assert!(!run.stderr.contains("panicked"), "{statement}");
            // A reader of a WAL database keeps SQLite's shared-memory index
            // and an empty log beside it; nothing else may appear.
            let mut now = files(&ws);
            now.retain(|f| f != "budget.db-shm" && f != "budget.db-wal");
            assert_eq!(now, before_files, "{statement} created a file");
            let wal = ws.path("budget.db-wal");
            assert!(
                !wal.exists() || std::fs::metadata(&wal).expect("wal").len() == 0,
                "{statement} wrote to the log"
            );
            assert!(
                ws.read(DB) == before,
                "{statement} changed the database file"
            );
        }
    }
    assert_eq!(ws.dump(), dump);
    // Reading still works, reporting pragmas included.
    let run = run(
        &ws,
        &["sql", "PRAGMA table_info(reports)", "--format", "csv"],
    );
    run.assert_success();
    assert!(run.stdout.contains("income_total_fen"), "{}", run.stdout);
}

#[test]
fn a_saved_query_that_writes_is_refused() {
    let ws = Workspace::seeded();
    ws.write(
        "queries/evil.sql",
        "-- name: evil\n-- description: tries to write\nDELETE FROM three_public",
    );
    let before = ws.read(DB);
    let run = run(&ws, &["query", "evil", "--queries", "queries"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert!(ws.read(DB) == before);
}

const INJECTION: &str = "x'; DROP TABLE three_public; --";

#[test]
fn saved_query_parameters_are_always_bound() {
    let ws = Workspace::seeded();
    let before = ws.read(DB);
    let rows: i64 = ws.scalar("SELECT count(*) FROM three_public");
    let list = run(&ws, &["query", "--list", "--format", "csv"]);
    list.assert_success();
    let mut tried = 0;
    for line in list.stdout.lines().skip(1) {
        let fields: Vec<&str> = line.trim_end().splitn(3, ',').collect();
        let [name, _, params] = fields.as_slice() else {
            continue;
        };
        for param in params
            .trim_matches('"')
            .split(", ")
            .filter(|p| !p.is_empty())
        {
            let run = run(&ws, &["query", name, "-p", &format!("{param}={INJECTION}")]);
            assert!(!run.stderr.contains("panicked"), "{name} {param}");
            assert!(
                !run.stderr.contains("syntax error"),
                "{name} {param}: the value reached the SQL text: {}",
                run.stderr
            );
            tried += 1;
        }
    }
    assert!(tried >= 20, "only {tried} parameters tried");
    assert!(ws.read(DB) == before, "the database file changed");
    assert_eq!(ws.scalar::<i64>("SELECT count(*) FROM three_public"), rows);
    // The value arrives as itself, one string.
    let echo = run(
        &ws,
        &[
            "sql",
            "SELECT :v AS v",
            "-p",
            &format!("v={INJECTION}"),
            "--format",
            "csv",
        ],
    );
    echo.assert_success();
    assert_eq!(echo.stdout, format!("v\r\n{INJECTION}\r\n"));
}

/// Every command, run on a database that must be refused.
const COMMANDS: &[&[&str]] = &[
    &["import"],
    &["import", "--dry-run"],
    &["query", "summary"],
    &["sql", "SELECT 1"],
    &["check"],
    &["schema"],
];

/// Runs every command on the workspace's database and checks each is
/// refused with `words` and leaves the folder byte for byte as it was.
fn assert_refused_by_every_command(ws: &Workspace, words: &str) {
    copy_dir(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/imports")),
        &ws.path("imports"),
    );
    let before = ws.read(DB);
    let before_files = files(ws);
    for args in COMMANDS {
        let run = run(ws, args);
        assert_eq!(run.code, Some(1), "{args:?}: {run:?}");
        assert!(run.stderr.contains(words), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(DB),
            "{args:?} names the file: {}",
            run.stderr
        );
        assert!(ws.read(DB) == before, "{args:?} changed the file");
        assert_eq!(files(ws), before_files, "{args:?} left a file behind");
    }
}

#[test]
fn an_sqlite_file_of_another_application_is_refused_by_every_command() {
    let ws = Workspace::new();
    let conn = Connection::open(ws.db()).expect("create");
    conn.execute_batch("CREATE TABLE notes (x); INSERT INTO notes VALUES ('keep me');")
        .expect("write");
    drop(conn);
    assert_refused_by_every_command(&ws, "an SQLite database, but not a budgetdb one");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_by_every_command() {
    let ws = Workspace::new();
    ws.write(DB, "year,department\n2021,测试局\n".repeat(100));
    assert_refused_by_every_command(&ws, "not an SQLite database");
}

/// A budgetdb database of the shipped data, its `user_version` then set to `version`.
fn with_schema_version(version: i64) -> Workspace {
    let ws = Workspace::seeded();
    std::fs::remove_dir_all(ws.path("imports")).expect("remove imports");
    let conn = Connection::open(ws.db()).expect("open");
    conn.pragma_update(None, "user_version", version)
        .expect("set the version");
    conn.pragma_update(None, "journal_mode", "DELETE")
        .expect("leave WAL");
    drop(conn);
    ws
}

#[test]
fn a_database_of_a_newer_schema_is_refused_by_every_command() {
    let ws = with_schema_version(99);
    assert_refused_by_every_command(&ws, "made by a newer budgetdb (schema version 99");
}

#[test]
fn a_database_of_an_older_schema_without_a_migration_is_refused_by_every_command() {
    let ws = with_schema_version(0);
    assert_refused_by_every_command(&ws, "schema version 0, which this budgetdb");
}

/// A database of the shipped data made with the schema of version 2
/// (`tests/fixtures/schema-v2.sql`), its `user_version` then set to
/// `version` (version 1 differs from 2 only in its views).
fn with_older_schema(version: i64) -> Workspace {
    let ws = Workspace::seeded();
    std::fs::remove_dir_all(ws.path("imports")).expect("remove imports");
    let current = ws.path("current.db");
    std::fs::rename(ws.db(), &current).expect("move the current database aside");
    let _ = std::fs::remove_file(ws.path("budget.db-wal"));
    let _ = std::fs::remove_file(ws.path("budget.db-shm"));
    let conn = Connection::open(ws.db()).expect("create");
    conn.execute_batch(include_str!("fixtures/schema-v2.sql"))
        .expect("the version 2 schema");
    conn.execute(
        "ATTACH DATABASE ?1 AS current",
        [current.to_str().expect("a UTF-8 path")],
    )
    .expect("attach");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    for table in tables {
        let columns: Vec<String> = conn
            .prepare(&format!(
                "SELECT name FROM pragma_table_info('{table}') WHERE name IN (SELECT name FROM pragma_table_info('{table}', 'current'))"
            ))
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("columns");
        let list = columns.join(", ");
        // The lookup tables come filled by their schema.
        conn.execute_batch(&format!(
            "INSERT INTO main.{table} ({list}) SELECT {list} FROM current.{table} WHERE NOT EXISTS (SELECT 1 FROM main.{table})"
        ))
        .expect("copy the rows");
    }
    conn.execute_batch(&format!(
        "DETACH DATABASE current; PRAGMA application_id = 1111769633; PRAGMA user_version = {version}"
    ))
    .expect("mark it");
    drop(conn);
    std::fs::remove_file(&current).expect("remove the copy");
    ws
}

/// A database of schema version 2 is migrated on first use: the new
/// tables and columns are there, the data is untouched, the version is
/// recorded, and it then checks and imports as a new database does.
#[test]
fn a_version_2_database_gets_the_new_tables_and_columns_and_keeps_its_data() {
    let ws = with_older_schema(2);
    let before = common::dump(&ws.db(), false);
    let fresh = Workspace::seeded();
    // The shipped texts.csv fills a kind version 2 did not have.
    Connection::open(fresh.db())
        .and_then(|c| c.execute_batch("DELETE FROM texts"))
        .expect("empty texts");
    let run_check = |ws: &Workspace| run(ws, &["check", "--format", "json"]);
    let migrated_check = run_check(&ws);
    assert_eq!(
        ws.scalar::<i64>("PRAGMA user_version"),
        budgetdb::storage::db::SCHEMA_VERSION,
        "{migrated_check:?}"
    );
    // The same findings; only where their rows came from is not known for
    // rows imported before provenance was recorded.
    let without_locations = |stdout: &str| {
        let mut findings: serde_json::Value = serde_json::from_str(stdout).expect("json");
        for finding in findings.as_array_mut().expect("an array") {
            let finding = finding.as_object_mut().expect("an object");
            for field in ["file", "line", "locations"] {
                finding.remove(field).expect("the field is there");
            }
        }
        findings
    };
    let fresh_check = run_check(&fresh);
    assert_eq!(
        without_locations(&migrated_check.stdout),
        without_locations(&fresh_check.stdout)
    );
    assert!(migrated_check.stdout.contains("\"file\": null"));
    assert!(fresh_check.stdout.contains("\"file\": \"imports/"));
    assert_eq!(migrated_check.code, Some(1), "{migrated_check:?}");
    // Every value of version 2 is where it was; the new columns are NULL.
    let after = common::dump(&ws.db(), false);
    assert_eq!(after, common::dump(&fresh.db(), false));
    assert_ne!(before, after, "the new columns and tables show in the dump");
    ws.write(
        "new.fund_accounts.csv",
        "year,department,fund,carryover_begin,income,expenditure,carryover_end,source\n\
         2021,南昌市人力资源和社会保障局,fiscal,0,127006.76,127006.76,0,report.pdf p.5\n",
    );
    ws.write(
        "new.reports.csv",
        "year,department,nonfiscal_balance_used,balance_distribution\n2021,南昌市人力资源和社会保障局,0,0\n",
    );
    ws.import_ok(&["new.fund_accounts.csv", "new.reports.csv"]);
    assert_eq!(
        ws.scalar::<String>("SELECT source || ' ' || income_fen FROM fund_accounts"),
        "report.pdf p.5 127006760000"
    );
    assert_eq!(
        ws.scalar::<i64>("SELECT balance_distribution_fen FROM reports WHERE year = 2021"),
        0
    );
}

/// A database of schema version 1 (whose function views joined the whole
/// rollup to itself) is migrated on first use: the views `schema.sql`
/// defines are made anew, a view the user added is kept, the data is
/// untouched and the version recorded.
#[test]
fn a_version_1_database_gets_the_current_views_and_keeps_its_own() {
    let ws = with_older_schema(1);
    let conn = Connection::open(ws.db()).expect("open");
    conn.execute_batch(
        "DROP VIEW function_comparison;
         CREATE VIEW function_comparison AS SELECT 'old' AS year;
         CREATE VIEW my_departments AS SELECT DISTINCT department FROM expenditures;",
    )
    .expect("an older schema");
    let rows_before: i64 = conn
        .query_row("SELECT count(*) FROM expenditures", [], |r| r.get(0))
        .expect("count");
    drop(conn);

    let run = run(
        &ws,
        &[
            "sql",
            "SELECT count(*) FROM function_comparison WHERE year = 2021 AND level = '类'",
            "--format",
            "csv",
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let classes: i64 =
        ws.scalar("SELECT count(*) FROM expenditures WHERE year = 2021 AND length(code) = 3");
    assert!(classes > 0);
    assert!(
        run.stdout.ends_with(&format!("\r\n{classes}\r\n")),
        "{run:?}"
    );
    assert_eq!(
        ws.scalar::<i64>("PRAGMA user_version"),
        budgetdb::storage::db::SCHEMA_VERSION
    );
    // Version 5's tables were created, with their vocabularies.
    assert_eq!(ws.scalar::<i64>("SELECT count(*) FROM text_roles"), 6);
    assert_eq!(
        ws.scalar::<i64>("SELECT count(*) FROM expenditures"),
        rows_before
    );
    assert_eq!(
        ws.scalar::<i64>("SELECT count(*) FROM my_departments"),
        ws.scalar::<i64>("SELECT count(DISTINCT department) FROM expenditures")
    );
    let fresh = Connection::open_in_memory().expect("memory");
    fresh
        .execute_batch(include_str!("../schema.sql"))
        .expect("schema");
    let wanted: String = fresh
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'function_comparison'",
            [],
            |r| r.get(0),
        )
        .expect("view");
    assert_eq!(
        ws.scalar::<String>("SELECT sql FROM sqlite_schema WHERE name = 'function_comparison'"),
        wanted
    );
}

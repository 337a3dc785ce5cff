//! Parameters bind as text unless a saved query declares their type;
//! `-p` given twice or naming no parameter is a usage error; `sql` and
//! `query` stop a statement that runs too long or needs too much memory,
//! and the table format refuses a result too long to hold.

mod common;

use std::io::Read;
use std::time::{Duration, Instant};

use common::{Run, Workspace};

fn run(ws: &Workspace, args: &[&str]) -> Run {
    Run::from(ws.command().args(args).output().expect("run budgetdb"))
}

fn csv(ws: &Workspace, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--format", "csv"]);
    let run = run(ws, &all);
    run.assert_success();
    run.stdout
}

/// The values of a one-column CSV result.
fn column(csv: &str) -> Vec<String> {
    csv.lines().skip(1).map(|l| l.trim().to_string()).collect()
}

#[test]
fn a_code_parameter_matches_its_rows_in_every_view_with_a_code() {
    let ws = Workspace::seeded();
    let views = column(&csv(
        &ws,
        &[
            "sql",
            "SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) p
              WHERE m.type = 'view' AND p.name = 'code' ORDER BY 1",
        ],
    ));
    assert!(views.len() >= 3, "{views:?}");
    for view in &views {
        let codes = column(&csv(
            &ws,
            &[
                "sql",
                &format!(
                    "SELECT DISTINCT code FROM {view} WHERE code GLOB '[1-9]*' AND code NOT GLOB '*[^0-9]*' ORDER BY 1 LIMIT 3"
                ),
            ],
        ));
        assert!(!codes.is_empty(), "{view} has no numeric code");
        for code in codes {
            let literal = column(&csv(
                &ws,
                &[
                    "sql",
                    &format!("SELECT count(*) FROM {view} WHERE code = '{code}'"),
                ],
            ));
            let bound = column(&csv(
                &ws,
                &[
                    "sql",
                    &format!("SELECT count(*) FROM {view} WHERE code = :c"),
                    "-p",
                    &format!("c={code}"),
                ],
            ));
            assert_ne!(literal, vec!["0".to_string()], "{view} {code}");
            assert_eq!(bound, literal, "{view}: code = :c with -p c={code}");
        }
    }
}

#[test]
fn a_saved_query_types_the_parameters_it_declares() {
    let ws = Workspace::seeded();
    ws.write(
        "mine/types.sql",
        "-- name: types\n\
         -- description: the type each parameter is bound as\n\
         -- param n: integer; a count\n\
         -- param r: real; a ratio\n\
         -- param code: a functional code\n\
         SELECT typeof(:n) AS n, typeof(:r) AS r, typeof(:code) AS code\n",
    );
    let out = csv(
        &ws,
        &[
            "query",
            "types",
            "--queries",
            "mine",
            "-p",
            "n=5",
            "-p",
            "r=0.5",
            "-p",
            "code=208",
        ],
    );
    assert_eq!(out, "n,r,code\r\ninteger,real,text\r\n");
    let bad = run(
        &ws,
        &["query", "types", "--queries", "mine", "-p", "n=five"],
    );
    bad.assert_code(2);
    assert!(
        bad.stderr.contains("parameter n") && bad.stderr.contains("an integer"),
        "{}",
        bad.stderr
    );
    // The built-in queries declare their years: a year still filters.
    let rows = csv(&ws, &["query", "summary", "-p", "year=2021"]);
    assert!(rows.lines().count() > 2, "{rows}");
    assert!(
        rows.lines().skip(1).all(|l| l.starts_with("2021,")),
        "{rows}"
    );
    let levels = csv(
        &ws,
        &["query", "functions", "-p", "year=2021", "-p", "level=1"],
    );
    assert!(levels.lines().count() > 2, "{levels}");
}

#[test]
fn a_parameter_given_twice_or_naming_nothing_is_a_usage_error() {
    let ws = Workspace::seeded();
    for args in [
        &["sql", "SELECT :v", "-p", "v=a", "-p", "v=b"][..],
        &["query", "summary", "-p", "year=2021", "-p", "year=2020"][..],
    ] {
        let run = run(&ws, args);
        run.assert_code(2);
        assert!(
            run.stderr.contains("given twice"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
    let unknown = run(&ws, &["sql", "SELECT :v", "-p", "w=1"]);
    unknown.assert_code(2);
    assert!(
        unknown.stderr.contains("no parameter \"w\"") && unknown.stderr.contains(":v"),
        "{}",
        unknown.stderr
    );
    let none = run(&ws, &["sql", "SELECT 1", "-p", "w=1"]);
    none.assert_code(2);
    assert!(none.stderr.contains("(none)"), "{}", none.stderr);
}

/// Runs a command that must end by itself, killing it (and failing) if it
/// has not ended after `limit`.
fn run_bounded(ws: &Workspace, args: &[&str], limit: Duration) -> (Run, Duration) {
    let started = Instant::now();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("budgetdb"))
        .current_dir(ws.root())
        .env_remove("BUDGETDB_DB")
        .arg("--db")
        .arg(ws.db())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start budgetdb");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        text
    });
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            let _ = child
                .stderr
                .take()
                .expect("stderr")
                .read_to_string(&mut stderr);
            let stdout = reader.join().expect("reader");
            let run = Run {
                code: status.code(),
                stdout: String::from_utf8_lossy(&stdout).into_owned(),
                stderr,
            };
            return (run, started.elapsed());
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} still ran after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

const ENDLESS: &str =
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r";

#[test]
fn a_statement_that_runs_too_long_is_stopped_with_a_message() {
    let ws = Workspace::seeded();
    let (stopped, took) = run_bounded(
        &ws,
        &["sql", "--timeout", "1", ENDLESS],
        Duration::from_secs(60),
    );
    stopped.assert_code(1);
    assert!(
        stopped.stderr.contains("stopped after 1 s") && stopped.stderr.contains("--timeout"),
        "{}",
        stopped.stderr
    );
    assert!(took >= Duration::from_secs(1), "{took:?}");

    ws.write(
        "mine/endless.sql",
        format!("-- name: endless\n-- description: never ends\n{ENDLESS}\n"),
    );
    let (saved, _) = run_bounded(
        &ws,
        &["query", "endless", "--queries", "mine", "--timeout", "1"],
        Duration::from_secs(60),
    );
    saved.assert_code(1);
    assert!(saved.stderr.contains("--timeout"), "{}", saved.stderr);
}

#[test]
fn a_statement_that_needs_too_much_memory_is_stopped_with_a_message() {
    let ws = Workspace::seeded();
    let (big, _) = run_bounded(
        &ws,
        &["sql", "SELECT length(randomblob(1000000000))"],
        Duration::from_secs(120),
    );
    big.assert_code(1);
    assert!(
        big.stderr.contains("memory") && big.stderr.contains("--memory-limit"),
        "{}",
        big.stderr
    );
    let (small, _) = run_bounded(
        &ws,
        &[
            "sql",
            "--memory-limit",
            "16",
            "SELECT length(randomblob(1000000))",
            "--format",
            "csv",
        ],
        Duration::from_secs(60),
    );
    small.assert_success();
    assert!(small.stdout.ends_with("\r\n1000000\r\n"), "{small:?}");
    let (refused, _) = run_bounded(
        &ws,
        &[
            "sql",
            "--memory-limit",
            "16",
            "SELECT length(randomblob(100000000))",
        ],
        Duration::from_secs(60),
    );
    refused.assert_code(1);
    assert!(refused.stderr.contains("16 MiB"), "{}", refused.stderr);
}

#[test]
fn the_table_format_refuses_a_result_too_long_to_hold_and_csv_streams_it() {
    let ws = Workspace::seeded();
    let long =
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 200000) SELECT n FROM r";
    let (table, _) = run_bounded(&ws, &["sql", long], Duration::from_secs(120));
    table.assert_code(1);
    assert!(
        table.stderr.contains("--format csv") && table.stderr.contains("100000 rows"),
        "{}",
        table.stderr
    );
    assert!(table.stdout.is_empty(), "{}", &table.stdout[..200]);
    let (streamed, _) = run_bounded(
        &ws,
        &["sql", long, "--format", "csv"],
        Duration::from_secs(120),
    );
    streamed.assert_success();
    assert_eq!(streamed.stdout.lines().count(), 200_001);
}

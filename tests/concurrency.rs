//! Concurrency: two imports at once, and queries during an import.
//!
//! The database is in write-ahead-log mode: readers see the last committed
//! state while an import writes, and never a part of an import. A second
//! writer waits for the first (the busy timeout), then runs; when the wait
//! runs out it fails with a message about the other process's lock, never
//! SQLite's bare "database is locked".

mod common;

use std::io::Write as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, Workspace, DB};
use rusqlite::Connection;

const BIG_ROWS: usize = 20_000;

/// `expenditures` rows, the header first.
fn big_rows() -> Vec<String> {
    let mut lines = vec!["year,department,fund,code,name,basic,project,total".to_string()];
    for i in 0..BIG_ROWS {
        lines.push(format!(
            "{},并发测试部门{:04},all,{},项目,{}.{:02},1.00,",
            2012 + (i / 50) % 10,
            i / 500,
            2_010_101 + i % 50,
            i % 9973,
            i % 100
        ));
    }
    lines
}

fn write_big(ws: &Workspace) {
    ws.write("big/big.expenditures.csv", big_rows().join("\n") + "\n");
}

/// Starts budgetdb; its standard input is a pipe, closed when it is waited for.
fn spawn(ws: &Workspace, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("budgetdb"))
        .current_dir(ws.root())
        .env_remove("BUDGETDB_DB")
        .env_remove("BUDGETDB_BUSY_TIMEOUT")
        .arg("--db")
        .arg(DB)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start budgetdb")
}

fn finish(child: Child) -> Run {
    Run::from(child.wait_with_output().expect("budgetdb runs"))
}

fn count_via_cli(ws: &Workspace) -> Run {
    let mut command = ws.command();
    command.args([
        "sql",
        "SELECT count(*) AS n FROM expenditures",
        "--format",
        "csv",
    ]);
    Run::from(command.output().expect("run budgetdb sql"))
}

fn parse_count(run: &Run) -> i64 {
    run.assert_success();
    run.stdout
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count in {:?}", run.stdout))
}

/// Whether another connection holds the database's write lock: a write
/// transaction cannot begin at once.
fn write_lock_held(ws: &Workspace) -> bool {
    let probe = Connection::open(ws.db()).expect("open");
    probe.busy_timeout(Duration::ZERO).expect("no waiting");
    match probe.execute_batch("BEGIN IMMEDIATE") {
        Ok(()) => {
            probe.execute_batch("ROLLBACK").expect("rollback");
            false
        }
        Err(e) => {
            assert!(e.to_string().contains("locked"), "{e}");
            true
        }
    }
}

/// The first import reads standard input, and so holds its transaction
/// open, half its rows written, for as long as the test keeps the pipe
/// open: what readers and a second writer see then does not depend on how
/// fast the machine is.
#[test]
fn a_second_import_waits_for_the_first_and_readers_never_see_half_an_import() {
    let ws = Workspace::seeded();
    ws.write(
        "small/small.three_public.csv",
        "year,department,category,actual\n2021,并发测试部门0000,reception,2.5\n",
    );
    let before = parse_count(&count_via_cli(&ws));
    let after = before + BIG_ROWS as i64;

    let mut first = spawn(&ws, &["import", "-", "--kind", "expenditures"]);
    let mut pipe = first.stdin.take().expect("stdin");
    let lines = big_rows();
    let (first_half, second_half) = lines.split_at(lines.len() / 2);
    pipe.write_all((first_half.join("\n") + "\n").as_bytes())
        .expect("write the first half");
    pipe.flush().expect("flush");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !write_lock_held(&ws) {
        assert!(
            Instant::now() < deadline,
            "the import never took the write lock"
        );
        assert!(
            first.try_wait().expect("poll").is_none(),
            "the import ended early: {:?}",
            finish(first)
        );
        std::thread::sleep(Duration::from_millis(5));
    }

    let mut second = spawn(&ws, &["import", "small"]);
    for _ in 0..3 {
        let run = count_via_cli(&ws);
        assert!(!run.stderr.contains("locked"), "{}", run.stderr);
        assert_eq!(parse_count(&run), before, "a reader saw part of an import");
    }
    let summary = Run::from(
        ws.command()
            .args(["query", "summary", "--format", "csv"])
            .output()
            .expect("run a query"),
    );
    summary.assert_success();
    assert!(
        second.try_wait().expect("poll").is_none(),
        "the second import did not wait for the first"
    );

    pipe.write_all((second_half.join("\n") + "\n").as_bytes())
        .expect("write the second half");
    drop(pipe);
    let first = finish(first);
    first.assert_success();
    let second_done = finish(second);
    second_done.assert_success();
    assert!(
        !second_done.stderr.contains("locked"),
        "{}",
        second_done.stderr
    );
    assert_eq!(parse_count(&count_via_cli(&ws)), after);
    assert_eq!(
        ws.scalar::<i64>(
            "SELECT actual_fen FROM three_public WHERE department = '并发测试部门0000'"
        ),
        2_500_000
    );
}

#[test]
fn a_writer_that_waits_too_long_fails_clearly_and_readers_carry_on() {
    let ws = Workspace::seeded();
    ws.write(
        "more/more.aliases.csv",
        "alias,canonical\n人社局,南昌市人力资源和社会保障局\n",
    );
    let before = ws.dump();
    let aliases: i64 = ws.scalar("SELECT count(*) FROM aliases");

    // Another program holds the write lock with a change it has not committed.
    let holder = Connection::open(ws.db()).expect("open");
    holder
        .execute_batch(
            "BEGIN IMMEDIATE; INSERT INTO aliases (alias, canonical) VALUES ('未提交', '南昌市人力资源和社会保障局');",
        )
        .expect("hold the write lock");

    let started = Instant::now();
    let mut command = ws.command();
    command
        .env("BUDGETDB_BUSY_TIMEOUT", "1")
        .args(["import", "more"]);
    let run = Run::from(command.output().expect("run budgetdb import"));
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "it did not wait"
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr
            .contains("another process holds the database's write lock"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 s"), "{}", run.stderr);
    assert!(!run.stderr.contains("database is locked"), "{}", run.stderr);

    // Readers see the committed data, not the uncommitted row, and do not wait.
    let mut command = ws.command();
    command.env("BUDGETDB_BUSY_TIMEOUT", "1").args([
        "sql",
        "SELECT count(*) AS n FROM aliases",
        "--format",
        "csv",
    ]);
    let read = Run::from(command.output().expect("run budgetdb sql"));
    read.assert_success();
    assert_eq!(read.stdout, format!("n\r\n{aliases}\r\n"));
    let mut command = ws.command();
    command.env("BUDGETDB_BUSY_TIMEOUT", "1").args(["check"]);
    let check = Run::from(command.output().expect("run budgetdb check"));
    assert!(!check.stderr.contains("locked"), "{}", check.stderr);
    assert!(matches!(check.code, Some(0 | 1)), "{check:?}");

    holder.execute_batch("ROLLBACK").expect("release the lock");
    drop(holder);
    assert_eq!(ws.dump(), before, "the refused import wrote something");
    // With the lock released the same import goes through.
    ws.import_ok(&["more"]);
}

#[test]
fn first_imports_at_once_into_a_new_database_lose_nothing_and_leave_no_drafts() {
    let ws = Workspace::new();
    write_big(&ws);
    ws.write(
        "small/small.three_public.csv",
        "year,department,category,actual\n2021,并发测试部门0000,reception,2.5\n",
    );
    ws.write(
        "bad/bad.three_public.csv",
        "year,department,category,actual\n21,并发测试部门0000,reception,2.5\n",
    );
    assert!(!ws.db().exists());
    // Started together: the failing one must not remove the database the
    // others are creating, and the two valid ones must both land.
    let bad = spawn(&ws, &["import", "bad"]);
    let big = spawn(&ws, &["import", "big"]);
    let small = spawn(&ws, &["import", "small"]);
    let bad = finish(bad);
    bad.assert_code(1);
    finish(small).assert_success();
    finish(big).assert_success();
    assert_eq!(parse_count(&count_via_cli(&ws)), BIG_ROWS as i64);
    assert_eq!(
        ws.scalar::<i64>("SELECT count(*) FROM three_public"),
        1,
        "the small import is there too"
    );
    let leftovers: Vec<String> = std::fs::read_dir(ws.root())
        .expect("read the workspace")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".new-"))
        .collect();
    assert!(leftovers.is_empty(), "drafts left behind: {leftovers:?}");
}

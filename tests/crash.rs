//! Crash safety: `budgetdb import` killed with SIGKILL at any point of a
//! large import leaves the database intact (`PRAGMA integrity_check` is
//! ok) and holding exactly what it held before, import log included.
//!
//! One full import of 200,000 generated rows measures how long an import
//! takes on this machine (and proves the data imports); then the same
//! import is started again from the same database and killed at fractions
//! of that time. `Child::kill` sends SIGKILL on Unix: the process gets no
//! chance to clean up, as in a power cut of the process.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{copy_dir, dump, Workspace, DB};
use rusqlite::Connection;

/// Rows in the generated import.
const ROWS: usize = 200_000;
/// Functional codes per department and year.
const CODES: usize = 50;
/// When to kill, as fractions of a full import's time.
const KILL_AT: [f64; 4] = [0.05, 0.35, 0.65, 0.92];

/// A deterministic `expenditures` file of [`ROWS`] rows: departments ×
/// years × codes, amounts from a simple linear congruential sequence.
fn generate(path: &Path) {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(ROWS * 70);
    text.push_str("year,department,fund,code,name,budget_initial,basic,project,total\n");
    let mut state: u64 = 0x2021;
    let mut amount = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let fen = (state >> 33) % 10_000_000;
        format!("{}.{:02}", fen / 100, fen % 100)
    };
    let years = 10;
    let departments = ROWS / CODES / years;
    for department in 0..departments {
        for year in 2012..2012 + years {
            for code in 0..CODES {
                let _ = writeln!(
                    text,
                    "{year},压力测试部门{department:04},all,{},项目{code},{},{},{},",
                    2_010_101 + code,
                    amount(),
                    amount(),
                    amount()
                );
            }
        }
    }
    std::fs::write(path, text).expect("write the generated import");
}

fn binary() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("budgetdb")
}

/// Starts `budgetdb --db DB import big` in the workspace.
fn start_import(ws: &Workspace) -> std::process::Child {
    Command::new(binary())
        .current_dir(ws.root())
        .env_remove("BUDGETDB_DB")
        .args(["--db", DB, "import", "big"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start budgetdb")
}

/// Puts the pre-import database back: the file, and no log beside it.
fn restore(ws: &Workspace, bytes: &[u8]) {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(ws.path(&format!("{DB}{suffix}")));
    }
    std::fs::write(ws.db(), bytes).expect("restore the database");
}

fn count(db: &Path) -> i64 {
    Connection::open(db)
        .and_then(|c| c.query_row("SELECT count(*) FROM expenditures", [], |r| r.get(0)))
        .expect("count expenditures")
}

#[test]
fn sigkill_at_any_point_of_a_large_import_leaves_the_database_as_it_was() {
    let ws = Workspace::new();
    copy_dir(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/imports")),
        &ws.path("imports"),
    );
    ws.import_ok(&[]);
    std::fs::create_dir(ws.path("big")).expect("mkdir");
    generate(&ws.path("big/generated.expenditures.csv"));
    assert!(
        !ws.path("budget.db-wal").exists(),
        "the seed import left its log"
    );
    let pristine = ws.read(DB);
    let before = dump(&ws.db(), true);
    let before_rows = count(&ws.db());

    // A full import: how long it takes, and that the data is valid.
    let started = Instant::now();
    let full = start_import(&ws).wait_with_output().expect("import runs");
    let full_time = started.elapsed();
    assert!(
        full.status.success(),
        "the generated data must import: {}",
        String::from_utf8_lossy(&full.stderr)
    );
    let after_rows = count(&ws.db());
    assert_eq!(after_rows, before_rows + ROWS as i64);

    let mut killed_mid_import = 0;
    for fraction in KILL_AT {
        restore(&ws, &pristine);
        let mut child = start_import(&ws);
        std::thread::sleep(full_time.mul_f64(fraction));
        let finished = child.try_wait().expect("poll the import").is_some();
        if !finished {
            child.kill().expect("SIGKILL the import");
        }
        let status = child.wait().expect("reap the import");
        let wal = std::fs::metadata(ws.path("budget.db-wal")).map_or(0, |m| m.len());

        let conn = Connection::open(ws.db()).expect("open after the kill");
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity_check runs");
        drop(conn);
        assert_eq!(integrity, "ok", "killed at {fraction}: corrupt database");
        let rows = count(&ws.db());
        if finished {
            // The import won the race: it must then be complete.
            assert!(status.success(), "killed at {fraction}");
            assert_eq!(rows, after_rows, "killed at {fraction}: half an import");
            continue;
        }
        assert_eq!(
            rows, before_rows,
            "killed at {fraction} ({wal} bytes of log): rows of an unfinished import are visible"
        );
        assert_eq!(
            dump(&ws.db(), true),
            before,
            "killed at {fraction}: the data or the import log changed"
        );
        eprintln!("killed at {fraction} of {full_time:?}: {wal} bytes of log, database as before");
        killed_mid_import += 1;
    }
    assert!(
        killed_mid_import >= 3,
        "only {killed_mid_import} kills landed during the import ({full_time:?} per import)"
    );

    // After a crash the database takes the next import as usual.
    ws.write(
        "more/more.three_public.csv",
        "year,department,category,actual\n2021,测试局,reception,1.5\n",
    );
    ws.import_ok(&["more"]);
    assert_eq!(
        ws.scalar::<i64>("SELECT count(*) FROM three_public WHERE department = '测试局'"),
        1
    );
}

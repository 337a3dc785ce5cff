//! Crash safety: `budgetdb import` killed with SIGKILL at any point of a
//! large import leaves the database intact (`PRAGMA integrity_check` is
//! ok) and holding exactly what it held before, import log included.
//!
//! One full import of 200,000 generated rows proves the data imports and
//! measures how far its write-ahead log grows; then the same import is
//! started again from the same database and killed as its log reaches
//! fractions of that size. `Child::kill` sends SIGKILL on Unix: the process gets no
//! chance to clean up, as in a power cut of the process.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{copy_dir, dump, Workspace, DB};
use rusqlite::Connection;

/// Rows in the generated import.
const ROWS: usize = 200_000;
/// Functional codes per department and year.
const CODES: usize = 50;
/// When to kill: at the first byte of log (the import has begun to write),
/// then with these fractions of a full import's log written.
const KILL_AT: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 0.97];

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

    // A full import: that the data is valid, and how many bytes it writes
    // before it commits: the largest of its write-ahead log, its rollback
    // journal and the growth of the database file (whichever the journal
    // mode uses). Within one transaction that only grows, so it measures an
    // import's progress whatever the machine's speed.
    let size = |name: &str| std::fs::metadata(ws.path(name)).map_or(0, |m| m.len());
    let start_size = pristine.len() as u64;
    let wal_size = || {
        size("budget.db-wal")
            .max(size("budget.db-journal"))
            .max(size(DB).saturating_sub(start_size))
    };
    let mut full = start_import(&ws);
    let mut peak = 0;
    let full_status = loop {
        peak = peak.max(wal_size());
        if let Some(status) = full.try_wait().expect("poll the import") {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    assert!(full_status.success(), "the generated data must import");
    let after_rows = count(&ws.db());
    assert_eq!(after_rows, before_rows + ROWS as i64);
    assert!(
        peak > 1_000_000,
        "the import wrote only {peak} bytes before it committed"
    );

    let mut killed_mid_import = 0;
    for fraction in KILL_AT {
        restore(&ws, &pristine);
        let mut child = start_import(&ws);
        let threshold = (peak as f64 * fraction) as u64;
        let finished = loop {
            if child.try_wait().expect("poll the import").is_some() {
                break true;
            }
            if wal_size() >= threshold {
                child.kill().expect("SIGKILL the import");
                break false;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        let status = child.wait().expect("reap the import");
        let written = wal_size();

        let conn = Connection::open(ws.db()).expect("open after the kill");
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity_check runs");
        drop(conn);
        assert_eq!(integrity, "ok", "killed at {fraction}: corrupt database");
        let rows = count(&ws.db());
        if finished {
            // The import ended before the threshold: it must be complete.
            assert!(status.success(), "killed at {fraction}");
        }
        if rows == after_rows {
            // Killed after its commit (checkpointing or closing): all there.
            eprintln!("killed with {written} of {peak} bytes written: after the commit");
            continue;
        }
        assert_eq!(
            rows, before_rows,
            "killed at {fraction} ({written} bytes written): half an import is visible"
        );
        assert!(
            dump(&ws.db(), true) == before,
            "killed at {fraction}: the data or the import log changed"
        );
        eprintln!("killed with {written} of {peak} bytes written: database as before");
        killed_mid_import += 1;
    }
    assert!(
        killed_mid_import >= 3,
        "only {killed_mid_import} kills landed during the import"
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

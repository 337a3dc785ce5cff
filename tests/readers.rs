//! Read commands (`query`, `sql`, `check`, `schema`) never create or change
//! a file: a missing, empty or misnamed database is an error that says what
//! to do, readers leave no `-wal` or `-shm` file behind, and a database in a
//! folder (or a file) the reader may not write to is still readable.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::{Run, Workspace, DB};

/// One run of each read command.
const READERS: &[&[&str]] = &[
    &["query", "summary"],
    &["sql", "SELECT count(*) FROM reports"],
    &["check"],
    &["schema", "reports"],
];

/// Asserts that a read command ran to its end (`check` exits 1 for the
/// errors it finds in the shipped report, and says how many).
fn assert_read(run: &Run, args: &[&str]) {
    if args[0] == "check" {
        assert!(run.stderr.contains(" 个错误，"), "{args:?}: {run:?}");
    } else {
        run.assert_success();
    }
    assert!(!run.stdout.is_empty(), "{args:?}: {run:?}");
}

fn run(ws: &Workspace, args: &[&str]) -> Run {
    Run::from(ws.command().args(args).output().expect("run budgetdb"))
}

/// Every file under the workspace with its size and bytes' length, so
/// that a file created, removed or changed shows.
fn listing(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in walk(root) {
        let bytes = if entry.is_file() {
            std::fs::read(&entry).expect("read")
        } else {
            b"<dir>".to_vec()
        };
        let name = entry
            .strip_prefix(root)
            .expect("inside")
            .to_string_lossy()
            .into_owned();
        found.push((name, bytes));
    }
    found.sort();
    found
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            all.extend(walk(&path));
        }
        all.push(path);
    }
    all
}

fn names(root: &Path) -> Vec<String> {
    listing(root).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn a_missing_database_is_an_error_for_readers_and_creates_nothing() {
    let ws = Workspace::new();
    ws.write("notes.txt", "keep");
    let before = listing(ws.root());
    for args in &READERS[..3] {
        let run = run(&ws, args);
        run.assert_code(1);
        let wanted = format!(
            "no database at {}; run `budgetdb import` first",
            ws.db().display()
        );
        assert!(run.stderr.contains(&wanted), "{args:?}: {}", run.stderr);
        assert_eq!(listing(ws.root()), before, "{args:?} changed the folder");
    }
}

#[test]
fn schema_without_a_database_prints_the_embedded_schema() {
    let ws = Workspace::new();
    let run = run(&ws, &["schema", "reports"]);
    run.assert_success();
    assert!(run.stdout.contains("reports (table)"), "{}", run.stdout);
    assert!(run.stdout.contains("income_total"), "{}", run.stdout);
    assert!(names(ws.root()).is_empty(), "{:?}", names(ws.root()));
    let all = self::run(&ws, &["schema"]);
    all.assert_success();
    assert!(all.stdout.contains("three_public_comparison"));
    assert!(names(ws.root()).is_empty());
}

#[test]
fn a_zero_byte_database_is_no_database_for_readers_and_a_new_one_for_import() {
    let ws = Workspace::new();
    ws.write(DB, "");
    for args in &READERS[..3] {
        let run = run(&ws, args);
        run.assert_code(1);
        assert!(
            run.stderr.contains("is empty (0 bytes)")
                && run.stderr.contains("run `budgetdb import` first"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(names(ws.root()), vec![DB.to_string()], "{args:?}");
        assert!(ws.read(DB).is_empty());
    }
    let schema = run(&ws, &["schema", "reports"]);
    schema.assert_success();
    assert!(ws.read(DB).is_empty());

    ws.write(
        "a.reports.csv",
        "year,department,income_total\n2021,测试局,1\n",
    );
    ws.import_ok(&["a.reports.csv"]);
    let counted = run(
        &ws,
        &["sql", "SELECT count(*) FROM reports", "--format", "csv"],
    );
    counted.assert_success();
    assert_eq!(counted.stdout.trim_end(), "count(*)\r\n1");
}

#[test]
fn a_directory_as_the_database_gets_a_clear_message() {
    let ws = Workspace::new();
    std::fs::create_dir(ws.db()).expect("a folder named like the database");
    ws.write("a.reports.csv", "year,department\n2021,测试局\n");
    let before_import = listing(ws.root());
    for args in READERS
        .iter()
        .chain([&["import", "a.reports.csv"][..]].iter())
    {
        let run = run(&ws, args);
        run.assert_code(1);
        assert!(
            run.stderr.contains("is a directory, not a database file"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(listing(ws.root()), before_import, "{args:?}");
    }
}

#[test]
fn readers_leave_no_log_or_shared_memory_file_behind() {
    let ws = Workspace::seeded();
    let before = listing(ws.root());
    assert!(
        !before
            .iter()
            .any(|(n, _)| n.ends_with("-wal") || n.ends_with("-shm")),
        "the import left its log: {:?}",
        names(ws.root())
    );
    for args in READERS {
        assert_read(&run(&ws, args), args);
        assert_eq!(
            names(ws.root()),
            before.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
            "{args:?}"
        );
        assert!(listing(ws.root()) == before, "{args:?} changed a file");
    }
}

/// The `budgetdb` binary copied where any user may run it (the build
/// folder may be private to its owner).
fn public_binary() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let binary = dir.path().join("budgetdb");
    std::fs::copy(assert_cmd::cargo::cargo_bin("budgetdb"), &binary).expect("copy the binary");
    std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    (dir, binary)
}

/// Runs the binary as the unprivileged user `nobody` (tests run as root,
/// whom permission bits do not stop), with `setpriv` from util-linux.
///
/// The copy of the binary may still be open for writing in a process
/// another test thread is forking at that moment (the descriptor lives
/// until that child execs), and executing it then fails with "Text file
/// busy": such a run is tried again, as the moment passes at once.
fn as_nobody(binary: &Path, ws: &Workspace, args: &[&str]) -> Run {
    let mut attempts = 0;
    loop {
        let output = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(binary)
            .arg("--db")
            .arg(ws.db())
            .args(args)
            .current_dir("/")
            .env_remove("BUDGETDB_DB")
            .output()
            .expect("setpriv (util-linux) runs the binary as nobody");
        let busy = String::from_utf8_lossy(&output.stderr).contains("Text file busy");
        attempts += 1;
        if !busy || attempts == 100 {
            return Run::from(output);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn a_database_in_a_folder_the_reader_cannot_write_is_readable() {
    let ws = Workspace::seeded();
    let (_keep, binary) = public_binary();
    chmod(ws.root(), 0o755);
    chmod(&ws.db(), 0o644);
    let before = listing(ws.root());
    for args in READERS {
        assert_read(&as_nobody(&binary, &ws, args), args);
        assert!(listing(ws.root()) == before, "{args:?} changed the folder");
    }
    let counted = as_nobody(
        &binary,
        &ws,
        &["sql", "SELECT count(*) > 0 FROM reports", "--format", "csv"],
    );
    assert_eq!(
        counted.stdout.trim_end(),
        "count(*) > 0\r\n1",
        "{counted:?}"
    );
    chmod(ws.root(), 0o700);
}

#[test]
fn a_read_only_database_file_is_readable_and_left_alone() {
    let ws = Workspace::seeded();
    let (_keep, binary) = public_binary();
    chmod(ws.root(), 0o777);
    chmod(&ws.db(), 0o444);
    let before = listing(ws.root());
    for args in READERS {
        assert_read(&as_nobody(&binary, &ws, args), args);
        assert!(listing(ws.root()) == before, "{args:?} changed the folder");
    }
    chmod(ws.root(), 0o700);
}

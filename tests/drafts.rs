//! A first import builds its database under a name of its own, made
//! unique by a random part and created exclusively: a killed import's
//! draft is never opened again, even by an import that gets the same
//! process id (as every run in a container or PID namespace does), and the
//! next import removes it once no process holds its lock.

mod common;

use std::fmt::Write as _;
use std::io::Write as _;
use std::os::unix::io::AsRawFd;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Workspace;

/// `units` rows, the header first, many enough to take a while to import.
fn units(rows: usize) -> String {
    let mut text = String::from("year,department,unit,note\n");
    for n in 0..rows {
        let _ = writeln!(text, "2021,压力测试部门{:03},单位{n:07},备注", n % 997);
    }
    text
}

/// The drafts beside the database: `.budget.db.new-…` without the
/// journal, log and shared-memory files SQLite keeps beside them.
fn drafts(ws: &Workspace) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(ws.root())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".budget.db.new-"))
        .collect();
    found.sort();
    found
}

/// Makes a file look as if it was last written an hour ago.
fn age(path: &Path) {
    let status = Command::new("touch")
        .args(["-d", "1 hour ago"])
        .arg(path)
        .status()
        .expect("touch");
    assert!(status.success());
}

/// `budgetdb --db budget.db import ARGS` in a new PID namespace, where it
/// is process 1 every time; `None` when namespaces are not available.
fn in_pid_namespace(ws: &Workspace, args: &[&str]) -> Option<Command> {
    let probe = Command::new("unshare")
        .args(["--pid", "--fork", "--kill-child=SIGKILL", "true"])
        .stderr(Stdio::null())
        .status()
        .ok()?;
    if !probe.success() {
        return None;
    }
    let mut command = Command::new("unshare");
    command
        .args(["--pid", "--fork", "--kill-child=SIGKILL"])
        .arg(assert_cmd::cargo::cargo_bin("budgetdb"))
        .arg("--db")
        .arg(ws.db())
        .arg("import")
        .args(args)
        .current_dir(ws.root())
        .env_remove("BUDGETDB_DB");
    Some(command)
}

#[test]
fn a_killed_first_import_is_never_reused_by_the_next_under_the_same_pid() {
    let ws = Workspace::new();
    ws.write(
        "small.units.csv",
        "year,department,unit\n2021,测试局,唯一的单位\n",
    );
    let stale = match in_pid_namespace(&ws, &["-", "--kind", "units"]) {
        Some(mut first) => {
            let mut child = first
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start");
            // The rows arrive through a pipe held open, so the import cannot
            // end before it is killed, however fast the machine: it is
            // killed once its draft holds written pages.
            let mut pipe = child.stdin.take().expect("stdin");
            pipe.write_all(units(400_000).as_bytes())
                .expect("write the rows");
            pipe.flush().expect("flush");
            let started = Instant::now();
            loop {
                let written = drafts(&ws)
                    .iter()
                    .any(|name| std::fs::metadata(ws.path(name)).is_ok_and(|m| m.len() > 1 << 20));
                if written {
                    break;
                }
                assert!(
                    child.try_wait().expect("wait").is_none(),
                    "the first import ended before it could be killed"
                );
                assert!(started.elapsed() < Duration::from_secs(120), "no draft");
                std::thread::sleep(Duration::from_millis(20));
            }
            child.kill().expect("kill");
            child.wait().expect("wait");
            drop(pipe);
            // The import itself dies with its parent (--kill-child).
            std::thread::sleep(Duration::from_millis(500));
            let left = drafts(&ws);
            assert!(!left.is_empty(), "the killed import left its draft");
            let bytes: Vec<Vec<u8>> = left.iter().map(|n| ws.read(n)).collect();

            let second = in_pid_namespace(&ws, &["small.units.csv"])
                .expect("namespaces")
                .output()
                .expect("run");
            assert!(
                second.status.success(),
                "{}",
                String::from_utf8_lossy(&second.stderr)
            );
            for (name, before) in left.iter().zip(&bytes) {
                assert!(ws.path(name).exists(), "{name} was opened and published");
                assert!(ws.read(name) == *before, "{name} was written to");
            }
            left
        }
        None => {
            // No PID namespaces here: a draft as a killed import leaves it.
            let name = ".budget.db.new-1".to_string();
            std::fs::write(ws.path(&name), b"SQLite format 3\0 torn pages").expect("write");
            ws.import_ok(&["small.units.csv"]);
            vec![name]
        }
    };
    assert_eq!(
        ws.rows("SELECT unit FROM units"),
        vec![vec![rusqlite::types::Value::Text("唯一的单位".into())]],
        "the new database holds exactly the second import"
    );
    assert_eq!(ws.scalar::<String>("PRAGMA integrity_check"), "ok");

    // Once old enough, the killed import's draft is removed by the next import.
    for name in &stale {
        assert!(ws.path(name).exists(), "{name} was removed while young");
        age(&ws.path(name));
    }
    ws.import_ok(&["small.units.csv"]);
    assert_eq!(drafts(&ws), Vec::<String>::new());
}

#[test]
fn a_draft_whose_lock_is_held_is_left_alone_however_old() {
    let ws = Workspace::new();
    ws.write(
        "small.units.csv",
        "year,department,unit\n2021,测试局,单位\n",
    );
    let name = ".budget.db.new-4242-00000000deadbeef";
    let path = ws.write(name, b"being built");
    age(&path);
    let held = std::fs::File::open(&path).expect("open");
    // SAFETY: a valid descriptor, kept open for the lock's lifetime.
    assert_eq!(unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX) }, 0);
    ws.import_ok(&["small.units.csv"]);
    assert_eq!(
        drafts(&ws),
        vec![name.to_string()],
        "a live draft was removed"
    );
    drop(held);
    ws.import_ok(&["small.units.csv"]);
    assert_eq!(drafts(&ws), Vec::<String>::new());
}

//! Trying a risky read in a child process first, with its memory capped.
//!
//! A damaged or hostile workbook can make calamine ask for tens of
//! gigabytes at once (a cell record at row 65 535, column 65 535 of an
//! `.xls`; two cells at the far corners of an `.xlsx` sheet; a shared
//! string count of a trillion). A failed allocation is not a panic that
//! `catch_unwind` could turn into an error: the process aborts, and with it
//! an import that was to write nothing or a report's extraction. So the
//! workbook is read once in a child — this same binary, run with a hidden
//! subcommand and its address space capped — and only a workbook the child
//! read to its end is read again here. The read is deterministic: the same
//! bytes take the same allocations in both processes.
//!
//! The binary turns this on at start ([`enable`]); the library's own unit
//! tests, with no budgetdb binary to run, read in process.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The hidden subcommand the child runs.
pub const PROBE_COMMAND: &str = "probe-workbook";

/// The child's address space: far above what any real workbook takes to
/// read (a 100 000-row sheet of 30 columns is about 100 MiB), far below
/// what a damaged one asks for.
pub const MEMORY_CAP: u64 = 4 << 30;

static PROGRAM: OnceLock<PathBuf> = OnceLock::new();

/// Reads workbooks through the child from now on: `program` is this
/// binary (its `current_exe`).
pub fn enable(program: PathBuf) {
    let _ = PROGRAM.set(program);
}

/// What the child made of the bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Trial {
    /// It read them to its end (its errors, if any, are the in-process
    /// read's too); or no child could be run, so there is nothing to learn.
    Survived,
    /// It was killed: out of memory under the cap, or another abort.
    Killed,
}

/// Runs the probe subcommand with `args` on `input` under [`MEMORY_CAP`].
pub fn trial(args: &[&str], input: &[u8]) -> Trial {
    let Some(program) = PROGRAM.get() else {
        return Trial::Survived;
    };
    let mut command = Command::new(program);
    command
        .arg(PROBE_COMMAND)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        // The child's "memory allocation of … bytes failed" is not the
        // user's business: the error that replaces it names the file.
        .stderr(Stdio::null());
    cap_memory(&mut command);
    let Ok(mut child) = command.spawn() else {
        return Trial::Survived;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A child that dies early closes the pipe: its status tells why.
        let _ = stdin.write_all(input);
    }
    match child.wait() {
        Ok(status) if status.success() => Trial::Survived,
        Ok(_) => Trial::Killed,
        Err(_) => Trial::Survived,
    }
}

#[cfg(unix)]
fn cap_memory(command: &mut Command) {
    use std::os::unix::process::CommandExt as _;
    // SAFETY: the closure runs in the child between fork and exec and calls
    // only setrlimit, which is async-signal-safe; it touches no memory of
    // the parent's other threads.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: MEMORY_CAP as libc::rlim_t,
                rlim_max: MEMORY_CAP as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn cap_memory(_command: &mut Command) {}

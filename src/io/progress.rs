//! The import's progress bar on stderr.
//!
//! Drawn only when stderr is a terminal, and only once the import has run
//! for [`SHOW_AFTER`] (or [`SHOW_AFTER_VAR`]): a small import finishes before anything would be
//! worth drawing, and a pipe or a log file gets no escape codes at all.
//! The total is the size of the files, so the bar and its ETA follow the
//! bytes read; the message names the file being read and gives the rows
//! written and their rate.

use std::cell::Cell;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::import::Progress;

/// How long an import runs before its bar appears.
pub const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Environment variable that changes [`SHOW_AFTER`], in milliseconds (the
/// tests set 0 to check that a piped stderr stays clean).
pub const SHOW_AFTER_VAR: &str = "BUDGETDB_PROGRESS_AFTER_MS";

/// A progress bar for `budgetdb import`.
pub struct ImportBar {
    bar: ProgressBar,
    started: Instant,
    show_after: Duration,
    /// Whether the bar may be drawn at all (stderr is a terminal).
    drawable: bool,
    shown: Cell<bool>,
    /// The file being read, as the user named it.
    file: std::cell::RefCell<String>,
}

impl ImportBar {
    /// A bar drawn on stderr if stderr is a terminal.
    pub fn for_stderr() -> ImportBar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{wide_bar} {percent:>3}% {msg} ETA {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        ImportBar {
            bar,
            started: Instant::now(),
            show_after: std::env::var(SHOW_AFTER_VAR)
                .ok()
                .and_then(|ms| ms.parse().ok())
                .map(Duration::from_millis)
                .unwrap_or(SHOW_AFTER),
            drawable: std::io::stderr().is_terminal(),
            shown: Cell::new(false),
            file: std::cell::RefCell::new(String::new()),
        }
    }

    /// A bar never drawn (`--quiet`).
    pub fn hidden() -> ImportBar {
        let mut bar = ImportBar::for_stderr();
        bar.drawable = false;
        bar
    }
}

impl Progress for ImportBar {
    fn start(&self, total_bytes: u64) {
        self.bar.set_length(total_bytes.max(1));
    }

    fn advance(&self, bytes: u64, rows: u64) {
        let elapsed = self.started.elapsed();
        if self.drawable && !self.shown.get() && elapsed >= self.show_after {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown.set(true);
        }
        if !self.shown.get() {
            return;
        }
        let per_second = rows as f64 / elapsed.as_secs_f64().max(0.001);
        self.bar.set_position(bytes);
        self.bar.set_message(format!(
            "{} {} rows, {} rows/s",
            self.file.borrow(),
            group_thousands(rows),
            group_thousands(per_second as u64)
        ));
    }

    fn reading(&self, path: &str) {
        // A long path keeps its end, which names the file.
        let chars: Vec<char> = path.chars().collect();
        let shown = if chars.len() > 40 {
            let tail: String = chars[chars.len() - 39..].iter().collect();
            format!("…{tail}")
        } else {
            path.to_string()
        };
        *self.file.borrow_mut() = shown;
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// `1234567` as `1,234,567`.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1234567), "1,234,567");
    }
}

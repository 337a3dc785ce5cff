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
    /// Where the bar is drawn once shown; `None` when it is never drawn
    /// (stderr is not a terminal, or `--quiet`).
    target: Cell<Option<ProgressDrawTarget>>,
    shown: Cell<bool>,
    /// The file being read, as the user named it.
    file: std::cell::RefCell<String>,
}

impl ImportBar {
    /// A bar drawn on stderr if stderr is a terminal.
    pub fn for_stderr() -> ImportBar {
        let show_after = std::env::var(SHOW_AFTER_VAR)
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map(Duration::from_millis)
            .unwrap_or(SHOW_AFTER);
        let target = std::io::stderr()
            .is_terminal()
            .then(ProgressDrawTarget::stderr);
        ImportBar::drawn_on(target, show_after)
    }

    /// A bar never drawn (`--quiet`).
    pub fn hidden() -> ImportBar {
        ImportBar::drawn_on(None, SHOW_AFTER)
    }

    fn drawn_on(target: Option<ProgressDrawTarget>, show_after: Duration) -> ImportBar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{wide_bar} {percent:>3}% {msg} ETA {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        ImportBar {
            bar,
            started: Instant::now(),
            show_after,
            target: Cell::new(target),
            shown: Cell::new(false),
            file: std::cell::RefCell::new(String::new()),
        }
    }
}

impl Progress for ImportBar {
    fn start(&self, total_bytes: u64) {
        self.bar.set_length(total_bytes.max(1));
    }

    fn advance(&self, bytes: u64, rows: u64) {
        let elapsed = self.started.elapsed();
        if !self.shown.get() && elapsed >= self.show_after {
            if let Some(target) = self.target.take() {
                self.bar.set_draw_target(target);
                self.shown.set(true);
            }
        }
        if !self.shown.get() {
            return;
        }
        let per_second = rows as f64 / elapsed.as_secs_f64().max(0.001);
        // The message first: each call may draw, and a draw soon after
        // another is skipped, so the one that draws shows the new file.
        self.bar.set_message(format!(
            "{} {} rows, {} rows/s",
            self.file.borrow(),
            group_thousands(rows),
            group_thousands(per_second as u64)
        ));
        self.bar.set_position(bytes);
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
    use std::sync::{Arc, Mutex};

    use indicatif::TermLike;

    use super::*;

    /// A 100-column terminal that keeps what is written to it.
    #[derive(Debug, Clone, Default)]
    struct Screen(Arc<Mutex<String>>);

    impl Screen {
        fn put(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().expect("screen").push_str(s);
            Ok(())
        }
    }

    impl TermLike for Screen {
        fn width(&self) -> u16 {
            100
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.put(s)?;
            self.put("\n")
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.put(s)
        }
        fn clear_line(&self) -> std::io::Result<()> {
            self.put("\n")
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn drawn(paths: &[&str]) -> String {
        let screen = Screen::default();
        let target = ProgressDrawTarget::term_like_with_hz(Box::new(screen.clone()), 200);
        let bar = ImportBar::drawn_on(Some(target), Duration::ZERO);
        bar.start(1000);
        for (n, path) in paths.iter().enumerate() {
            bar.reading(path);
            // Longer than the 5 ms between draws at 200 Hz.
            std::thread::sleep(Duration::from_millis(25));
            bar.advance(100 * (n as u64 + 1), 1234 * (n as u64 + 1));
        }
        let text = screen.0.lock().expect("screen").clone();
        text
    }

    #[test]
    fn the_bar_names_the_file_being_read_and_keeps_the_end_of_a_long_path() {
        let screen = drawn(&[
            "imports/2021.expenditures.csv",
            "imports/省级部门/a-very-long-folder-name-that-goes-on/2022.three_public.csv",
        ]);
        assert!(
            screen.contains("imports/2021.expenditures.csv 1,234 rows"),
            "{screen}"
        );
        assert!(screen.contains("…"), "{screen}");
        assert!(
            screen.contains("2022.three_public.csv 2,468 rows"),
            "{screen}"
        );
        assert!(!screen.contains("imports/省级部门"), "{screen}");
        for line in screen.lines() {
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 100, "{line}");
        }
    }

    #[test]
    fn a_bar_without_a_target_draws_nothing() {
        let bar = ImportBar::drawn_on(None, Duration::ZERO);
        bar.start(10);
        bar.reading("imports/x.csv");
        bar.advance(5, 5);
        assert!(!bar.shown.get());
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1234567), "1,234,567");
    }
}

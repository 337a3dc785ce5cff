//! Prints every figure the standard-table reader finds in a report, one a
//! line, `TABLE<TAB>SIDE<TAB>KEY<TAB>COLUMN<TAB>AMOUNT` (AMOUNT in 万元, six
//! places), the form `tests/fixtures/tables/generate.py` writes its
//! figures in, so `bench/tables-producers` can score a PDF figure by figure:
//! `cargo run --release --example table_figures -- REPORT.pdf|REPORT.xlsx`.
//! The reader's errors and notes go to stderr; the exit status is 1 when
//! it refused.

use std::process::{Command, ExitCode};

use budgetdb::extract::model::LineKey;
use budgetdb::extract::tables::{self, Read};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: table_figures REPORT.pdf|REPORT.xlsx");
        return ExitCode::from(2);
    };
    let read = if path.to_ascii_lowercase().ends_with(".pdf") {
        let words = match Command::new("pdftotext")
            .args(["-bbox", "-enc", "UTF-8", &path, "-"])
            .output()
        {
            Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
            Ok(out) => return refuse(&String::from_utf8_lossy(&out.stderr)),
            Err(e) => return refuse(&format!("pdftotext: {e}")),
        };
        tables::from_pdf(&path, &words)
    } else {
        match std::fs::read(&path) {
            Ok(bytes) => tables::from_workbook(&path, bytes).map(|(read, _)| read),
            Err(e) => Err(format!("{path}: {e}")),
        }
    };
    match read {
        Ok(read) => {
            print(&read);
            for table in &read.tables {
                for note in &table.notes {
                    eprintln!("note: {} {}: {note}", table.place, table.id.title());
                }
            }
            for error in &read.errors {
                eprintln!("{error}");
            }
            if read.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(why) => refuse(&why),
    }
}

fn refuse(why: &str) -> ExitCode {
    eprintln!("{why}");
    ExitCode::FAILURE
}

fn print(read: &Read) {
    for table in &read.tables {
        for line in &table.lines {
            let key = match &line.key {
                LineKey::Code(c) => format!("code:{c}"),
                LineKey::Total => "total".to_string(),
                LineKey::Item(i) => format!("item:{i}"),
            };
            for (column, stated) in &line.amounts {
                let fen = stated.fen;
                let sign = if fen < 0 { "-" } else { "" };
                let fen = fen.unsigned_abs();
                println!(
                    "{}\t{}\t{key}\t{column}\t{sign}{}.{:06}",
                    table.id.title(),
                    line.side,
                    fen / 1_000_000,
                    fen % 1_000_000
                );
            }
        }
    }
}

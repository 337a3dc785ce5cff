//! The `budgetdb` command line: parses arguments, calls the library,
//! prints results, and maps outcomes to exit statuses (0 success, 1 data or
//! validation failure, 2 usage error).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use budgetdb::import::{self, Failure, Summary};
use budgetdb::value::AmountUnit;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "budgetdb",
    version,
    about = "Chinese government final accounts (部门决算) as an SQLite database you can query across years and departments."
)]
struct Cli {
    /// The database file; created with the schema on first use.
    #[arg(
        long,
        global = true,
        env = "BUDGETDB_DB",
        default_value = "budget.db",
        value_name = "PATH"
    )]
    db: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import contract CSV/TSV files (default: ./imports, recursively).
    Import(ImportArgs),
}

#[derive(clap::Args)]
struct ImportArgs {
    /// Files or directories to import; directories are read recursively in sorted order.
    #[arg(value_name = "PATH", default_value = "imports")]
    paths: Vec<PathBuf>,

    /// Validate and report without writing anything.
    #[arg(long)]
    dry_run: bool,

    /// Read the single file given as this kind, whatever its name says.
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,

    /// The unit every amount in these files is written in: 万元 (default) or 元.
    #[arg(long, value_name = "UNIT", default_value = "万元", value_parser = parse_unit)]
    unit: AmountUnit,
}

fn parse_unit(text: &str) -> Result<AmountUnit, String> {
    AmountUnit::parse(text).ok_or_else(|| format!("unknown unit \"{text}\"; expected 万元 or 元"))
}

const EXIT_DATA: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Import(args) => run_import(&cli.db, args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

fn run_import(db: &std::path::Path, args: ImportArgs) -> Result<(), u8> {
    let options = import::Options {
        paths: args.paths,
        kind: args.kind,
        unit: args.unit,
        dry_run: args.dry_run,
    };
    match import::import(db, &options) {
        Ok(summary) => {
            print_summary(db, &summary);
            Ok(())
        }
        Err(Failure::Usage(message)) => {
            eprintln!("budgetdb import: {message}");
            Err(EXIT_USAGE)
        }
        Err(Failure::Invalid(diagnostics)) => {
            let mut stderr = std::io::stderr().lock();
            for diagnostic in &diagnostics {
                let _ = writeln!(stderr, "{diagnostic}");
            }
            let more = if diagnostics.len() >= budgetdb::diag::MAX_REPORTED {
                " (stopped after the first 100)"
            } else {
                ""
            };
            let _ = writeln!(
                stderr,
                "budgetdb import: {} problem{} found{more}; nothing was imported",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" }
            );
            Err(EXIT_DATA)
        }
        Err(Failure::Fatal(error)) => {
            eprintln!("budgetdb import: {error:#}");
            Err(EXIT_DATA)
        }
    }
}

fn print_summary(db: &std::path::Path, summary: &Summary) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{:<24}{:>10}{:>10}{:>10}{:>11}",
        "kind", "rows", "inserted", "replaced", "unchanged"
    );
    for (kind, counts) in summary.by_kind() {
        let _ = writeln!(
            out,
            "{kind:<24}{:>10}{:>10}{:>10}{:>11}",
            counts.rows, counts.inserted, counts.replaced, counts.unchanged
        );
    }
    let files = summary.files.len();
    let plural = if files == 1 { "" } else { "s" };
    if summary.dry_run {
        let _ = writeln!(
            out,
            "dry run: {files} file{plural} valid; nothing was written to {}",
            db.display()
        );
    } else {
        let _ = writeln!(out, "imported {files} file{plural} into {}", db.display());
    }
}

//! The `budgetdb` command line: parses arguments, calls the library,
//! prints results, and maps outcomes to exit statuses (0 success, 1 data or
//! validation failure, 2 usage error).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use budgetdb::import::{self, Failure, Summary};
use budgetdb::io::output::{self, Cell, Format, Numbers, Style, Table};
use budgetdb::model::value::AmountUnit;
use budgetdb::query;
use budgetdb::storage::{db, schema_doc};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "budgetdb",
    version,
    about = "Chinese government final accounts (部门决算) as an SQLite database you can query across years and departments."
)]
struct Cli {
    /// The database file; `import` creates it with the schema on first use,
    /// the read commands need it to exist.
    #[arg(
        long,
        global = true,
        env = "BUDGETDB_DB",
        default_value = "budget.db",
        value_name = "PATH"
    )]
    db: PathBuf,

    /// Print no notes, summaries or progress on stderr; errors still print.
    #[arg(short, long, global = true)]
    quiet: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import contract CSV/TSV files and .xlsx/.xls workbooks (default: ./imports, recursively).
    Import(ImportArgs),
    /// Run a saved query; `--list` shows them all, `query NAME --help` one's parameters.
    #[command(disable_help_flag = true)]
    Query(QueryArgs),
    /// Run one ad-hoc SQL statement on a read-only connection.
    Sql(SqlArgs),
    /// Show every table and view with its columns and what they mean.
    Schema(SchemaArgs),
    /// Reconcile the loaded data: every inconsistency, where, and by how much.
    Check(CheckArgs),
    /// Turn a report's text (or PDF) into contract CSV files ready to import.
    Extract(ExtractArgs),
    /// Write a department's years as one self-contained HTML page (or every department's).
    Report(ReportArgs),
    /// Where a stored row came from: the imports that wrote and replaced it, old → new values.
    Why(WhyArgs),
    /// Print Datasette metadata: descriptions, labels, units, saved queries as canned queries.
    DatasetteMetadata(DatasetteArgs),
    /// Write the database in other formats: every table as Parquet (--parquet DIR), the loaded
    /// data as a workbook that import reads back (--xlsx FILE).
    Export(ExportArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `budgetdb manpage > budgetdb.1`.
    Manpage,
    /// Read a workbook from stdin and end (budgetdb's own child process,
    /// run under a memory cap before a workbook is read for real).
    #[command(name = "probe-workbook", hide = true)]
    ProbeWorkbook(ProbeArgs),
}

#[derive(clap::Args)]
struct ProbeArgs {
    /// Try .xls first (otherwise .xlsx).
    #[arg(long)]
    xls: bool,
}

#[derive(clap::Args)]
struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(clap::Args)]
#[group(id = "formats", required = true, multiple = true)]
struct ExportArgs {
    /// Write every table as DIR/TABLE.parquet (amounts as INTEGER 分, codes as strings).
    #[arg(long, value_name = "DIR", group = "formats")]
    parquet: Option<PathBuf>,

    /// Write every kind as a sheet of the workbook FILE in contract form, which
    /// `budgetdb import` reads back to the same rows.
    #[arg(long, value_name = "FILE", group = "formats")]
    xlsx: Option<PathBuf>,
}

#[derive(clap::Args)]
struct WhyArgs {
    /// The table (or kind), e.g. expenditures.
    #[arg(value_name = "TABLE")]
    table: String,

    /// The row's key, one value per key column in order, as a file would write them
    /// (expenditures: year department fund code).
    #[arg(value_name = "KEY", required = true)]
    key: Vec<String>,

    #[command(flatten)]
    output: OutputArgs,
}

#[derive(clap::Args)]
struct DatasetteArgs {
    /// Saved queries that add to or override the built-in ones (default: ./queries if present).
    #[arg(long, value_name = "DIR")]
    queries: Option<PathBuf>,

    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ReportArgs {
    /// The department (its canonical name or any alias).
    #[arg(long, value_name = "NAME", required_unless_present = "all")]
    department: Option<String>,

    /// The year the tables show (default: the department's latest); the charts show every year.
    #[arg(long, value_name = "YEAR")]
    year: Option<i64>,

    /// One page per department into the --out folder, with an index.html ranking them.
    #[arg(long, conflicts_with = "department")]
    all: bool,

    /// The HTML file to write (default: standard output); with --all, the folder (default: report).
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// The report: its text as pdftotext writes it, a .pdf (needs pdftotext)
    /// or a workbook; `-` reads it from standard input.
    #[arg(value_name = "REPORT")]
    input: PathBuf,

    /// The folder to write the CSV files to (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,

    /// The report's year, when the text does not tell it.
    #[arg(long, value_name = "YEAR")]
    year: Option<i64>,

    /// The department's name, instead of the one the title gives.
    #[arg(long, value_name = "NAME")]
    department: Option<String>,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Only findings about this year.
    #[arg(long, value_name = "YEAR")]
    year: Option<i64>,

    /// Only findings about this department (its canonical name or any alias).
    #[arg(long, value_name = "NAME")]
    department: Option<String>,

    /// Only this rule, or a family such as `claim` or `identity` (repeatable).
    #[arg(long = "rule", value_name = "RULE")]
    rules: Vec<String>,

    /// Output format [default: blocks on a terminal, table otherwise].
    #[arg(long, value_enum)]
    format: Option<CheckFormat>,

    #[command(flatten)]
    short: ShortFormats,

    /// Leave out the header row of csv and tsv.
    #[arg(long)]
    no_headers: bool,

    /// Start CSV output with a byte-order mark, for Excel.
    #[arg(long)]
    bom: bool,

    /// Line width for blocks and table [default: the terminal's, else $COLUMNS, else 100].
    #[arg(long, value_name = "CELLS")]
    width: Option<usize>,

    /// Language of blocks and table: zh (default) or en; rule ids and csv/json fields stay English.
    #[arg(long, value_enum, default_value = "zh")]
    lang: LangArg,

    /// Show every finding in blocks and table, not only the first 5 of each rule.
    #[arg(long)]
    all: bool,
}

/// How `check` prints findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum CheckFormat {
    /// One block per finding, grouped by report, fitting the width.
    Blocks,
    /// A compact table fitting the width (long cells cut with …).
    Table,
    /// Every field of every finding, RFC 4180.
    Csv,
    /// Every field of every finding, an array of objects.
    Json,
    /// Every field of every finding, a GitHub-flavoured table.
    Markdown,
    /// Every field of every finding, tab-separated.
    Tsv,
    /// Every field of every finding, one JSON object per line.
    Nl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// Files or directories to import; directories are read recursively in sorted order.
    /// `-` reads CSV from standard input (with --kind).
    #[arg(value_name = "PATH", default_value = "imports")]
    paths: Vec<PathBuf>,

    /// Validate and report without writing anything; lists the rows it would replace.
    #[arg(long)]
    dry_run: bool,

    /// Read every file, also those unchanged since an earlier import (skipped otherwise).
    #[arg(long)]
    force: bool,

    /// Read the single file given as this kind, whatever its name says.
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,

    /// The unit every amount in these files is written in: 万元 or 元 (default: a file's
    /// 单位：万元 / 单位：元 row, else 万元).
    #[arg(long, value_name = "UNIT", value_parser = parse_unit)]
    unit: Option<AmountUnit>,

    /// Pass over this column in every file, such as 备注 (repeatable); 序号 always is.
    #[arg(long = "ignore-column", value_name = "NAME")]
    ignore_columns: Vec<String>,

    /// Succeed even when the paths hold no file to import.
    #[arg(long)]
    allow_empty: bool,

    /// How to print the summary and the problems: text (default) or json, for scripts.
    #[arg(long, value_enum, default_value = "text")]
    format: ImportFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ImportFormat {
    /// The per-kind table on stdout, problems on stderr.
    Text,
    /// One JSON object on stdout: the counts, or the problems.
    Json,
}

#[derive(clap::Args)]
struct QueryArgs {
    /// The saved query to run.
    #[arg(value_name = "NAME", required_unless_present_any = ["list", "help"])]
    name: Option<String>,

    /// Print help; with NAME, that query's parameters, their meaning and defaults.
    #[arg(short = 'h', long)]
    help: bool,

    /// List every saved query with its description and parameters.
    #[arg(long, conflicts_with = "name")]
    list: bool,

    /// A query parameter, bound to :KEY (repeatable).
    #[arg(short = 'p', long = "param", value_name = "KEY=VALUE")]
    params: Vec<String>,

    /// Saved queries that add to or override the built-in ones (default: ./queries if present).
    #[arg(long, value_name = "DIR")]
    queries: Option<PathBuf>,

    #[command(flatten)]
    limits: LimitArgs,

    /// In csv and json, print decimals as stored instead of with two decimals.
    #[arg(long)]
    exact: bool,

    #[command(flatten)]
    output: OutputArgs,
}

#[derive(clap::Args)]
struct SqlArgs {
    /// The SQL statement, or - to read it from standard input.
    #[arg(value_name = "SQL")]
    sql: String,

    /// A named parameter, bound to :KEY (repeatable).
    #[arg(short = 'p', long = "param", value_name = "KEY=VALUE")]
    params: Vec<String>,

    #[command(flatten)]
    limits: LimitArgs,

    #[command(flatten)]
    output: OutputArgs,
}

#[derive(clap::Args)]
struct LimitArgs {
    /// Stop the statement after this many seconds of work (0: no limit).
    #[arg(long, value_name = "SECONDS", default_value_t = query::DEFAULT_TIMEOUT_SECONDS)]
    timeout: u64,

    /// Stop the statement if SQLite needs more than this much memory (0: no limit).
    #[arg(long, value_name = "MIB", default_value_t = query::DEFAULT_MEMORY_LIMIT_MIB)]
    memory_limit: u64,
}

impl LimitArgs {
    /// Sets the memory limit (before any connection opens) and returns
    /// the statement's limits.
    fn apply(&self, command: &str, strict_params: bool) -> Result<query::Limits, u8> {
        if self.memory_limit > 0 {
            query::limit_memory(self.memory_limit)
                .map_err(|e| fail(command, EXIT_DATA, format!("{e:#}")))?;
        }
        Ok(query::Limits {
            timeout: (self.timeout > 0).then(|| std::time::Duration::from_secs(self.timeout)),
            strict_params,
        })
    }
}

#[derive(clap::Args)]
struct SchemaArgs {
    /// Show only this table or view.
    #[arg(value_name = "NAME")]
    name: Option<String>,
}

#[derive(clap::Args)]
struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: Format,

    #[command(flatten)]
    short: ShortFormats,

    /// Leave out the header row of csv and tsv (and the header lines of table).
    #[arg(long)]
    no_headers: bool,

    /// Start CSV output with a byte-order mark, for Excel.
    #[arg(long)]
    bom: bool,
}

impl OutputArgs {
    /// Settles `format` from a short form (`--csv`, ...) if one was given.
    fn settle(&mut self) {
        if let Some(format) = self.short.format() {
            self.format = format;
        }
    }
}

/// The short forms of `--format`, as sqlite-utils and xsv users expect.
#[derive(clap::Args, Default)]
struct ShortFormats {
    /// Short for --format csv.
    #[arg(long, conflicts_with_all = ["format", "json", "tsv", "nl"])]
    csv: bool,
    /// Short for --format json.
    #[arg(long, conflicts_with_all = ["format", "tsv", "nl"])]
    json: bool,
    /// Short for --format tsv.
    #[arg(long, conflicts_with_all = ["format", "nl"])]
    tsv: bool,
    /// Short for --format nl (newline-delimited JSON).
    #[arg(long, conflicts_with = "format")]
    nl: bool,
}

impl ShortFormats {
    fn format(&self) -> Option<Format> {
        [
            (self.csv, Format::Csv),
            (self.json, Format::Json),
            (self.tsv, Format::Tsv),
            (self.nl, Format::Nl),
        ]
        .into_iter()
        .find(|(given, _)| *given)
        .map(|(_, format)| format)
    }
}

/// Whether `--quiet` was given: notes, summaries and progress stay off stderr.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Prints a note (not an error) on stderr unless `--quiet`.
fn print_note(message: impl std::fmt::Display) {
    if !QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        eprintln!("{message}");
    }
}

fn parse_unit(text: &str) -> Result<AmountUnit, String> {
    AmountUnit::parse(text).ok_or_else(|| format!("unknown unit \"{text}\"; expected 万元 or 元"))
}

const EXIT_DATA: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
    if let Command::ProbeWorkbook(args) = &cli.command {
        budgetdb::io::workbook::Workbook::probe(args.xls);
        return ExitCode::SUCCESS;
    }
    if let Ok(program) = std::env::current_exe() {
        budgetdb::io::sandbox::enable(program);
    }
    match &mut cli.command {
        Command::Query(args) => args.output.settle(),
        Command::Sql(args) => args.output.settle(),
        Command::Why(args) => args.output.settle(),
        _ => {}
    }
    let outcome = match cli.command {
        Command::Import(args) => run_import(&cli.db, args),
        Command::Query(args) => run_query(&cli.db, args),
        Command::Sql(args) => run_sql(&cli.db, args),
        Command::Schema(args) => run_schema(&cli.db, args),
        Command::Check(args) => run_check(&cli.db, args),
        Command::Extract(args) => run_extract(args),
        Command::Report(args) => run_report(&cli.db, args),
        Command::Why(args) => run_why(&cli.db, args),
        Command::DatasetteMetadata(args) => run_datasette_metadata(&cli.db, args),
        Command::Export(args) => run_export(&cli.db, args),
        Command::Completions(args) => {
            use clap::CommandFactory;
            let mut command = Cli::command();
            clap_complete::generate(args.shell, &mut command, "budgetdb", &mut std::io::stdout());
            Ok(())
        }
        Command::ProbeWorkbook(_) => Ok(()),
        Command::Manpage => {
            use clap::CommandFactory;
            match clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()) {
                Err(e) if !closed_pipe(&e) => Err(fail("manpage", EXIT_DATA, e)),
                _ => Ok(()),
            }
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

fn run_import(db: &std::path::Path, args: ImportArgs) -> Result<(), u8> {
    let args_format = args.format;
    let options = import::Options {
        paths: args.paths,
        kind: args.kind,
        unit: args.unit,
        dry_run: args.dry_run,
        force: args.force,
        ignore_columns: args.ignore_columns,
        allow_empty: args.allow_empty,
    };
    let progress = if QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        budgetdb::io::progress::ImportBar::hidden()
    } else {
        budgetdb::io::progress::ImportBar::for_stderr()
    };
    let was_empty = matches!(db::locate(db), Ok(db::Found::Empty));
    match import::import_with_progress(db, &options, &progress) {
        Ok(summary) => {
            if was_empty && !options.dry_run {
                eprintln!(
                    "budgetdb import: {} was an empty file (0 bytes); it now holds a new database",
                    db.display()
                );
            }
            if args_format == ImportFormat::Json {
                print_json(&summary_json(db, &summary));
            } else {
                print_summary(db, &summary);
            }
            Ok(())
        }
        Err(Failure::Invalid(diagnostics)) if args_format == ImportFormat::Json => {
            let problems: Vec<serde_json::Value> = diagnostics
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "path": d.path, "line": d.line, "column": d.column, "message": d.message,
                    })
                })
                .collect();
            print_json(&serde_json::json!({
                "imported": false,
                "problems": problems,
                "stopped_early": diagnostics.len() >= budgetdb::io::diag::MAX_REPORTED,
            }));
            Err(EXIT_DATA)
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
            let more = if diagnostics.len() >= budgetdb::io::diag::MAX_REPORTED {
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

/// The import summary for scripts (`import --format json`).
fn summary_json(db: &std::path::Path, summary: &Summary) -> serde_json::Value {
    let kinds: Vec<serde_json::Value> = summary
        .by_kind()
        .into_iter()
        .map(|(kind, c)| {
            serde_json::json!({
                "kind": kind, "rows": c.rows, "inserted": c.inserted,
                "replaced": c.replaced, "unchanged": c.unchanged,
            })
        })
        .collect();
    serde_json::json!({
        "imported": !summary.dry_run,
        "dry_run": summary.dry_run,
        "database": db.display().to_string(),
        "files": summary.files.len(),
        "kinds": kinds,
        "skipped": summary.skipped,
    })
}

fn print_json(value: &serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = serde_json::to_writer_pretty(&mut out, value);
    let _ = writeln!(out);
}

fn print_summary(db: &std::path::Path, summary: &Summary) {
    const SKIPPED_SHOWN: usize = 10;
    for path in summary.skipped.iter().take(SKIPPED_SHOWN) {
        print_note(format!(
            "budgetdb import: skipped {path}: not a .csv, .tsv, .xlsx or .xls file"
        ));
    }
    if summary.skipped.len() > SKIPPED_SHOWN {
        print_note(format!(
            "budgetdb import: skipped {} more files that are not .csv, .tsv, .xlsx or .xls",
            summary.skipped.len() - SKIPPED_SHOWN
        ));
    }
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
    let (unchanged_files, unchanged_rows) = summary
        .unchanged_files()
        .fold((0, 0), |(n, rows), f| (n + 1, rows + f.counts.rows));
    if unchanged_files > 0 {
        let _ = writeln!(
            out,
            "skipped (unchanged): {unchanged_files} of {files} file{plural} ({unchanged_rows} rows), imported before and not read again; --force reads them"
        );
    }
    if summary.dry_run {
        print_replacements(&mut out, summary);
    }
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

/// A dry run's replaced rows, old → new, one line per changed column.
fn print_replacements(out: &mut impl Write, summary: &Summary) {
    let total = summary.replaced_rows();
    if total == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "would replace {total} row{}:",
        if total == 1 { "" } else { "s" }
    );
    for replacement in &summary.replacements {
        let _ = writeln!(
            out,
            "  {} ({}) from {}:{}",
            replacement.table, replacement.key, replacement.path, replacement.line
        );
        for (column, old, new) in &replacement.changes {
            let _ = writeln!(out, "      {column}: {old} → {new}");
        }
    }
    let listed = summary.replacements.len() as u64;
    if total > listed {
        let _ = writeln!(out, "  … and {} more", total - listed);
    }
}

/// Prints a usage error (exit 2) or a data error (exit 1) and returns its status.
fn fail(command: &str, code: u8, message: impl std::fmt::Display) -> u8 {
    eprintln!("budgetdb {command}: {message}");
    code
}

/// Writes a result; a closed pipe (`| head`) ends output quietly.
fn print_table(
    command: &str,
    table: &Table,
    args: &OutputArgs,
    numbers: Numbers,
) -> Result<(), u8> {
    let mut out = std::io::stdout().lock();
    let style = Style {
        bom: args.bom,
        numbers,
        no_headers: args.no_headers,
    };
    match output::write(&mut out, table, args.format, style).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if closed_pipe(&e) => Ok(()),
        Err(e) => Err(fail(command, EXIT_DATA, e)),
    }
}

/// The reader of standard output went away (`| head`): output ends quietly.
fn closed_pipe(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::BrokenPipe
}

/// Runs `sql` read-only and prints its rows as they come; a closed pipe
/// (`| head`) ends output quietly. The error is the message to print.
fn print_rows(
    conn: &rusqlite::Connection,
    sql: &str,
    params: &[(String, rusqlite::types::Value)],
    args: &OutputArgs,
    numbers: Numbers,
    limits: query::Limits,
) -> Result<u64, (u8, String)> {
    let mut out = std::io::stdout().lock();
    let style = Style {
        bom: args.bom,
        numbers,
        no_headers: args.no_headers,
    };
    let result = query::run_limited(conn, sql, params, true, limits, |columns| {
        output::RowWriter::new(&mut out, args.format, style, columns)
    });
    match result {
        Ok(rows) => Ok(rows),
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(closed_pipe) => Ok(1),
        Err(e) if e.downcast_ref::<query::UsageError>().is_some() => {
            Err((EXIT_USAGE, e.to_string()))
        }
        Err(e) => Err((EXIT_DATA, db::explain(&e))),
    }
}

/// Checks filters against the data (see `budgetdb::filters`): a missing
/// year, department or project is exit 1, a term outside its vocabulary 2.
fn filter_failure(command: &str, problem: budgetdb::filters::Problem) -> u8 {
    use budgetdb::filters::Problem;
    match problem {
        Problem::Usage(message) => fail(command, EXIT_USAGE, message),
        Problem::Missing(message) => fail(command, EXIT_DATA, message),
    }
}

fn run_query(db_path: &std::path::Path, args: QueryArgs) -> Result<(), u8> {
    let dir = args.queries.clone().or_else(|| {
        let local = PathBuf::from("queries");
        local.is_dir().then_some(local)
    });
    if args.help && args.name.is_none() {
        use clap::CommandFactory;
        let mut command = Cli::command();
        command.build();
        if let Some(query) = command.find_subcommand_mut("query") {
            let _ = query.print_long_help();
        }
        return Ok(());
    }
    let queries =
        query::load(dir.as_deref()).map_err(|e| fail("query", EXIT_USAGE, format!("{e:#}")))?;
    if args.help {
        let name = args.name.as_deref().unwrap_or_default();
        let saved = query::find(&queries, name).map_err(|e| fail("query", EXIT_USAGE, e))?;
        print!("{}", query_help(saved));
        return Ok(());
    }
    if args.list {
        let rows = queries
            .values()
            .map(|q| {
                let params = q
                    .params
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                vec![
                    Cell::Text(q.name.clone()),
                    Cell::Text(q.description.clone()),
                    Cell::Text(params),
                ]
            })
            .collect();
        let table = Table {
            columns: vec!["name".into(), "description".into(), "parameters".into()],
            rows,
        };
        return print_table("query", &table, &args.output, Numbers::Rounded);
    }
    let name = args.name.as_deref().unwrap_or_default();
    let saved = query::find(&queries, name).map_err(|e| fail("query", EXIT_USAGE, e))?;
    let mut params = query::parse_params(&args.params).map_err(|e| fail("query", EXIT_USAGE, e))?;
    query::check_params(saved, &params).map_err(|e| fail("query", EXIT_USAGE, e))?;
    let limits = args.limits.apply("query", false)?;
    let conn =
        db::open_read_only(db_path).map_err(|e| fail("query", EXIT_DATA, db::explain(&e)))?;
    let loaded = budgetdb::filters::Loaded::read(&conn)
        .map_err(|e| fail("query", EXIT_DATA, db::explain(&e.into())))?;
    let empty_pair = budgetdb::filters::query_params(&loaded, &mut params)
        .map_err(|p| filter_failure("query", p))?;
    let params = query::type_params(saved, &params).map_err(|e| fail("query", EXIT_USAGE, e))?;
    // The contract promises the saved queries' amounts and percentages
    // with two decimals; --exact prints them as stored.
    let numbers = if args.exact {
        Numbers::Exact
    } else {
        Numbers::Rounded
    };
    let rows = print_rows(&conn, &saved.sql, &params, &args.output, numbers, limits)
        .map_err(|(code, e)| fail("query", code, format!("{}: {e}", saved.name)))?;
    if rows == 0 {
        let note = match empty_pair {
            Some(pair) => format!("no rows: {pair}"),
            None => budgetdb::filters::empty_result(&saved.name, &params),
        };
        print_note(format!("budgetdb query: {note}"));
    }
    Ok(())
}

/// `query NAME --help`: what the saved query answers and each parameter
/// with its type, meaning and default, from the query's header.
fn query_help(saved: &query::SavedQuery) -> String {
    use std::fmt::Write as _;
    let mut text = format!("{}: {}\n\n", saved.name, saved.description);
    let _ = writeln!(
        text,
        "Usage: budgetdb query {} [-p KEY=VALUE]... [--format table|csv|json|markdown|tsv|nl]\n",
        saved.name
    );
    if saved.params.is_empty() {
        text.push_str("Parameters: none\n");
    } else {
        text.push_str("Parameters (-p KEY=VALUE; one not given is NULL):\n");
        let width = saved.params.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        for (name, meaning) in &saved.params {
            let kind = saved
                .param_types
                .get(name)
                .map(|t| format!("{t:?}").to_lowercase())
                .unwrap_or_else(|| "text".into());
            let _ = writeln!(text, "  {name:<width$}  {kind:<7}  {meaning}");
            if let Some(default) = param_default(meaning) {
                let _ = writeln!(text, "  {:<width$}  {:<7}  default: {default}", "", "");
            }
        }
    }
    let _ = writeln!(text, "\nDefined in: {}", saved.origin);
    text
}

/// The default a parameter's meaning states: "(default fiscal)" → fiscal,
/// "(all years when omitted)" → all years.
fn param_default(meaning: &str) -> Option<String> {
    let open = meaning.rfind('(')?;
    let inside = meaning[open + 1..].trim_end().strip_suffix(')')?;
    if let Some(default) = inside.strip_prefix("default ") {
        return Some(default.trim().to_string());
    }
    inside
        .strip_suffix(" when omitted")
        .map(|d| d.trim().to_string())
}

fn run_sql(db_path: &std::path::Path, args: SqlArgs) -> Result<(), u8> {
    let sql = if args.sql == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
            fail(
                "sql",
                EXIT_USAGE,
                format!("cannot read SQL from standard input: {e}"),
            )
        })?;
        text
    } else {
        args.sql.clone()
    };
    let params = query::parse_params(&args.params).map_err(|e| fail("sql", EXIT_USAGE, e))?;
    let limits = args.limits.apply("sql", true)?;
    let conn = db::open_read_only(db_path).map_err(|e| fail("sql", EXIT_DATA, db::explain(&e)))?;
    print_rows(&conn, &sql, &params, &args.output, Numbers::Exact, limits)
        .map_err(|(code, e)| fail("sql", code, e))?;
    Ok(())
}

fn run_check(db_path: &std::path::Path, args: CheckArgs) -> Result<(), u8> {
    let filters = budgetdb::check::Filters {
        year: args.year,
        department: args.department.clone(),
        rules: args.rules.clone(),
    };
    filters
        .validate()
        .map_err(|e| fail("check", EXIT_USAGE, e))?;
    let conn =
        db::open_read_only(db_path).map_err(|e| fail("check", EXIT_DATA, db::explain(&e)))?;
    let loaded = budgetdb::filters::Loaded::read(&conn)
        .map_err(|e| fail("check", EXIT_DATA, db::explain(&e.into())))?;
    if let Some(note) = loaded
        .year_and_department(filters.year, filters.department.as_deref())
        .map_err(|p| filter_failure("check", p))?
    {
        print_note(format!("budgetdb check: nothing to check: {note}"));
    }
    // csv and json stream, also by their short forms (--csv, --json).
    let streamed = match args.format {
        Some(CheckFormat::Csv) => Some(Format::Csv),
        Some(CheckFormat::Json) => Some(Format::Json),
        Some(_) => None,
        None => args
            .short
            .format()
            .filter(|f| matches!(f, Format::Csv | Format::Json)),
    };
    if let Some(format) = streamed {
        return stream_findings(&conn, &filters, &args, format);
    }
    let tally = print_findings(&conn, &filters, &args)?;
    if tally.count(budgetdb::check::Severity::Error) > 0 {
        Err(EXIT_DATA)
    } else {
        Ok(())
    }
}

/// csv and json: findings written as each department's are found, in
/// constant memory (department by department, each in print order), with
/// the same counts on stderr as the other formats.
fn stream_findings(
    conn: &rusqlite::Connection,
    filters: &budgetdb::check::Filters,
    args: &CheckArgs,
    format: Format,
) -> Result<(), u8> {
    use budgetdb::check::{finding, render, Severity};
    let style = Style {
        bom: args.bom,
        numbers: Numbers::Rounded,
        no_headers: args.no_headers,
    };
    let columns: Vec<String> = finding::COLUMNS.iter().map(|c| c.to_string()).collect();
    let mut tally = finding::Tally::default();
    let mut out = std::io::stdout().lock();
    let result = (|| -> anyhow::Result<()> {
        let mut writer = output::RowWriter::new(&mut out, format, style, &columns)?;
        budgetdb::check::run_each_located(conn, filters, |found| {
            for f in found {
                tally.add(f);
                let cells = finding::cells(f);
                writer.row(cells.iter().map(Cell::as_ref))?;
            }
            Ok(())
        })?;
        writer.finish()?;
        Ok(())
    })();
    match result {
        Ok(()) => {}
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(closed_pipe) => {}
        Err(e) => return Err(fail("check", EXIT_DATA, db::explain(&e))),
    }
    let lang = match args.lang {
        LangArg::Zh => budgetdb::model::label::Lang::Zh,
        LangArg::En => budgetdb::model::label::Lang::En,
    };
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{}", render::rule_summary_of(&tally, None, lang));
    let _ = writeln!(err, "{}", render::totals(&tally, lang));
    if tally.count(Severity::Error) > 0 {
        Err(EXIT_DATA)
    } else {
        Ok(())
    }
}

fn run_why(db_path: &std::path::Path, args: WhyArgs) -> Result<(), u8> {
    use budgetdb::why;
    let kind = why::kind_named(&args.table).map_err(|e| fail("why", EXIT_USAGE, e))?;
    if args.key.len() != kind.key.len() {
        return Err(fail(
            "why",
            EXIT_USAGE,
            format!(
                "{} has a key of {} values ({}); {} given",
                kind.table,
                kind.key.len(),
                kind.key.join(", "),
                args.key.len()
            ),
        ));
    }
    let conn = db::open_read_only(db_path).map_err(|e| fail("why", EXIT_DATA, db::explain(&e)))?;
    let history = why::history(&conn, kind, &args.key)
        .map_err(|e| fail("why", EXIT_DATA, db::explain(&e)))?
        .ok_or_else(|| {
            fail(
                "why",
                EXIT_DATA,
                format!(
                    "no row of {} with key ({})",
                    kind.table,
                    args.key.join(", ")
                ),
            )
        })?;
    if matches!(args.output.format, Format::Table) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", history.heading());
    }
    print_table("why", &history.table(), &args.output, Numbers::Exact)
}

/// The width to render for: `--width`, the terminal's, `$COLUMNS`, or 100.
fn output_width(given: Option<usize>) -> usize {
    use std::io::IsTerminal;
    given
        .or_else(|| {
            std::io::stdout()
                .is_terminal()
                .then(|| terminal_size::terminal_size_of(std::io::stdout()))
                .flatten()
                .map(|(terminal_size::Width(w), _)| usize::from(w))
        })
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .filter(|&w| w > 0)
        .unwrap_or(100)
}

/// Prints findings: blocks or a compact table for reading (a few per rule
/// unless --all), every field of every one for scripts; then a count per
/// rule and the totals on stderr.
fn print_findings(
    conn: &rusqlite::Connection,
    filters: &budgetdb::check::Filters,
    args: &CheckArgs,
) -> Result<budgetdb::check::finding::Tally, u8> {
    use budgetdb::check::render;
    use budgetdb::model::label::Lang;
    use std::io::IsTerminal;
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let short = args.short.format().map(|format| match format {
        Format::Csv => CheckFormat::Csv,
        Format::Json => CheckFormat::Json,
        Format::Tsv => CheckFormat::Tsv,
        _ => CheckFormat::Nl,
    });
    let format = args
        .format
        .or(short)
        .unwrap_or(if std::io::stdout().is_terminal() {
            CheckFormat::Blocks
        } else {
            CheckFormat::Table
        });
    let reading = matches!(format, CheckFormat::Blocks | CheckFormat::Table);
    let per_rule = (reading && !args.all).then_some(render::PER_RULE);
    let options = render::Options {
        width: output_width(args.width),
        lang,
        per_rule,
    };
    // Only the findings shown are kept and located.
    let (findings, tally) = budgetdb::check::run_shown(conn, filters, per_rule)
        .map_err(|e| fail("check", EXIT_DATA, db::explain(&e)))?;
    let shown: Vec<&budgetdb::check::Finding> = findings.iter().collect();
    let text = match format {
        CheckFormat::Blocks => Some(render::blocks(&shown, &options)),
        CheckFormat::Table => Some(render::table(&shown, &options)),
        _ => None,
    };
    match text {
        Some(text) => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => {}
                Err(e) if closed_pipe(&e) => {}
                Err(e) => return Err(fail("check", EXIT_DATA, e)),
            }
        }
        None => {
            let output = OutputArgs {
                format: match format {
                    CheckFormat::Csv => Format::Csv,
                    CheckFormat::Json => Format::Json,
                    CheckFormat::Tsv => Format::Tsv,
                    CheckFormat::Nl => Format::Nl,
                    _ => Format::Markdown,
                },
                short: ShortFormats::default(),
                no_headers: args.no_headers,
                bom: args.bom,
            };
            // Findings' figures print with two decimals, as the contract shows them.
            print_table(
                "check",
                &budgetdb::check::table(&findings),
                &output,
                Numbers::Rounded,
            )?;
        }
    }
    if !QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{}", render::rule_summary_of(&tally, per_rule, lang));
        let _ = writeln!(err, "{}", render::totals(&tally, lang));
    }
    Ok(tally)
}

fn run_export(db_path: &std::path::Path, args: ExportArgs) -> Result<(), u8> {
    let conn =
        db::open_read_only(db_path).map_err(|e| fail("export", EXIT_DATA, db::explain(&e)))?;
    if let Some(dir) = &args.parquet {
        let written = budgetdb::export::parquet(&conn, dir)
            .map_err(|e| fail("export", EXIT_DATA, db::explain(&e)))?;
        let mut out = std::io::stdout().lock();
        for table in &written {
            let plural = if table.rows == 1 { "" } else { "s" };
            let _ = writeln!(
                out,
                "wrote {} ({} row{plural})",
                table.path.display(),
                table.rows
            );
        }
    }
    if let Some(path) = &args.xlsx {
        let sheets = budgetdb::export::xlsx::export(&conn, path)
            .map_err(|e| fail("export", EXIT_DATA, format!("{e:#}")))?;
        let mut out = std::io::stdout().lock();
        for sheet in &sheets {
            let plural = if sheet.rows == 1 { "" } else { "s" };
            let _ = writeln!(
                out,
                "{}: sheet {} ({}, {} row{plural})",
                path.display(),
                sheet.sheet,
                sheet.kind,
                sheet.rows
            );
        }
    }
    Ok(())
}

fn run_extract(args: ExtractArgs) -> Result<(), u8> {
    use budgetdb::extract::{self, Failure};
    if let Some(year) = args.year {
        budgetdb::model::value::parse_year(&year.to_string())
            .map_err(|e| fail("extract", EXIT_USAGE, format!("--year: {e}")))?;
    }
    let options = extract::Options {
        input: args.input,
        out: args.out,
        overrides: extract::model::Overrides {
            year: args.year,
            department: args.department,
        },
    };
    let outcome = extract::run(&options).map_err(|failure| match failure {
        Failure::Usage(message) => fail("extract", EXIT_USAGE, message),
        Failure::Data(message) => fail("extract", EXIT_DATA, message),
    })?;
    let found = &outcome.extracted;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{} {}", found.year, found.department);
    let _ = write!(out, "{}", extract::summary::render(&outcome.accounts));
    for (path, rows) in &outcome.files {
        let plural = if *rows == 1 { "" } else { "s" };
        let _ = writeln!(out, "wrote {} ({rows} row{plural})", path.display());
    }
    let _ = writeln!(out, "next: budgetdb import {}", options.out.display());
    Ok(())
}

fn run_report(db_path: &std::path::Path, args: ReportArgs) -> Result<(), u8> {
    use budgetdb::report;
    let conn =
        db::open_read_only(db_path).map_err(|e| fail("report", EXIT_DATA, db::explain(&e)))?;
    if args.all {
        let dir = args.out.unwrap_or_else(|| PathBuf::from("report"));
        let written =
            report::all(&conn, &dir, args.year).map_err(|e| fail("report", EXIT_DATA, e))?;
        let skipped = match written.skipped {
            0 => String::new(),
            n => format!(" ({n} without data in that year left out)"),
        };
        let plural = if written.pages == 1 { "" } else { "s" };
        eprintln!(
            "wrote {} department page{plural} and index.html into {}{skipped}",
            written.pages,
            written.dir.display()
        );
        return Ok(());
    }
    let name = args.department.unwrap_or_default();
    let html =
        report::department(&conn, &name, args.year).map_err(|e| fail("report", EXIT_DATA, e))?;
    match args.out {
        Some(path) => std::fs::write(&path, html).map_err(|e| {
            fail(
                "report",
                EXIT_DATA,
                format!("{}: cannot write: {e}", path.display()),
            )
        }),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(html.as_bytes()).and_then(|()| out.flush()) {
                Err(e) if !closed_pipe(&e) => Err(fail("report", EXIT_DATA, e)),
                _ => Ok(()),
            }
        }
    }
}

fn run_datasette_metadata(db_path: &std::path::Path, args: DatasetteArgs) -> Result<(), u8> {
    let dir = args.queries.clone().or_else(|| {
        let local = PathBuf::from("queries");
        local.is_dir().then_some(local)
    });
    let queries = query::load(dir.as_deref())
        .map_err(|e| fail("datasette-metadata", EXIT_USAGE, format!("{e:#}")))?;
    let objects = schema_doc::parse(db::SCHEMA);
    let document = budgetdb::datasette::metadata(
        &budgetdb::datasette::database_name(db_path),
        &objects,
        &queries,
    );
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    match args.out {
        Some(path) => std::fs::write(&path, text).map_err(|e| {
            fail(
                "datasette-metadata",
                EXIT_DATA,
                format!("{}: cannot write: {e}", path.display()),
            )
        }),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Err(e) if !closed_pipe(&e) => Err(fail("datasette-metadata", EXIT_DATA, e)),
                _ => Ok(()),
            }
        }
    }
}

fn run_schema(db_path: &std::path::Path, args: SchemaArgs) -> Result<(), u8> {
    let objects = schema_doc::parse(db::SCHEMA);
    let chosen: Vec<&schema_doc::Object> = match &args.name {
        None => objects.iter().collect(),
        Some(name) => match objects.iter().find(|o| &o.name == name) {
            Some(object) => vec![object],
            None => {
                let hint =
                    budgetdb::model::kinds::suggest(name, objects.iter().map(|o| o.name.as_str()))
                        .map(|s| format!(" (did you mean \"{s}\"?)"))
                        .unwrap_or_default();
                return Err(fail(
                    "schema",
                    EXIT_USAGE,
                    format!("no table or view \"{name}\"{hint}"),
                ));
            }
        },
    };
    let conn = db::open_read_only_or_blank(db_path)
        .map_err(|e| fail("schema", EXIT_DATA, db::explain(&e)))?;
    let style = OutputArgs {
        format: Format::Table,
        short: ShortFormats::default(),
        no_headers: false,
        bom: false,
    };
    for (n, object) in chosen.iter().enumerate() {
        let columns =
            schema_doc::columns(&conn, object).map_err(|e| fail("schema", EXIT_DATA, e))?;
        let mut out = std::io::stdout().lock();
        let separator = if n == 0 { "" } else { "\n" };
        if writeln!(
            out,
            "{separator}{} ({}): {}",
            object.name, object.kind, object.description
        )
        .is_err()
        {
            return Ok(());
        }
        drop(out);
        print_table("schema", &columns, &style, Numbers::Rounded)?;
    }
    Ok(())
}

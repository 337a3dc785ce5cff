//! Unchanged files skipped, and where every stored row came from:
//! `row_sources`, `row_history`, `budgetdb why`, `import --dry-run`.

mod common;

use common::{counts, csv, Run, Workspace};

const REPORTS: &[&str] = &[
    "year,department,income_total,expenditure_total",
    "2021,甲局,100.5,90",
    "2021,乙局,200,180",
];

const EXPENDITURES: &[&str] = &[
    "year,department,fund,code,total",
    "2021,甲局,all,2010101,10",
    "2021,甲局,all,2010102,20",
    "2021,乙局,all,2010101,30",
];

/// A workspace with `data/a.reports.csv` and `data/a.expenditures.csv` imported.
fn imported() -> Workspace {
    let ws = Workspace::new();
    ws.write("data/a.reports.csv", csv(REPORTS));
    ws.write("data/a.expenditures.csv", csv(EXPENDITURES));
    ws.import_ok(&["data"]);
    ws
}

/// Changes a stored value behind the importer's back, so a test can tell
/// whether a file was read again (reading it restores the value).
fn tamper(ws: &Workspace, sql: &str) {
    let conn = rusqlite::Connection::open(ws.db()).expect("open the database");
    conn.execute_batch(sql).expect("tamper");
}

fn skipped_line(run: &Run) -> Option<&str> {
    run.stdout
        .lines()
        .find(|l| l.starts_with("skipped (unchanged):"))
}

fn why(ws: &Workspace, args: &[&str]) -> Run {
    let mut command = ws.command();
    command.arg("why").args(args);
    Run::from(command.output().expect("run budgetdb"))
}

#[test]
fn an_unchanged_file_is_skipped_without_reading_its_rows_and_counted() {
    let ws = imported();
    tamper(
        &ws,
        "UPDATE reports SET income_total_fen = 1 WHERE department = '甲局'",
    );
    let before = ws.dump();

    let run = ws.import_ok(&["data"]);
    assert_eq!(
        skipped_line(&run),
        Some("skipped (unchanged): 2 of 2 files (5 rows), imported before and not read again; --force reads them"),
        "{}",
        run.stdout
    );
    assert_eq!(run.counts_of("reports"), counts(2, 0, 0, 2));
    assert_eq!(run.counts_of("expenditures"), counts(3, 0, 0, 3));
    // Not read: the value changed behind its back stays as it is.
    assert_eq!(ws.dump(), before);
    assert_eq!(
        ws.scalar::<i64>("SELECT count(*) FROM import_skips s JOIN import_files f ON f.id = s.file_id WHERE f.import_id = 2"),
        2
    );
    assert_eq!(
        ws.scalar::<i64>(
            "SELECT count(*) FROM import_files WHERE import_id = 2 AND unchanged = rows"
        ),
        2
    );
}

#[test]
fn a_file_changed_by_one_byte_is_read_and_the_others_skipped() {
    let ws = imported();
    let changed = csv(REPORTS).replace("100.5", "100.6");
    assert_eq!(changed.len(), csv(REPORTS).len());
    ws.write("data/a.reports.csv", changed);

    let run = ws.import_ok(&["data"]);
    assert_eq!(run.counts_of("reports"), counts(2, 0, 1, 1));
    assert!(
        skipped_line(&run).is_some_and(|l| l.contains("1 of 2 files (3 rows)")),
        "{}",
        run.stdout
    );
    assert_eq!(
        ws.scalar::<i64>("SELECT income_total_fen FROM reports WHERE department = '甲局'"),
        100_600_000
    );
}

#[test]
fn force_reads_every_file() {
    let ws = imported();
    tamper(
        &ws,
        "UPDATE reports SET income_total_fen = 1 WHERE department = '甲局'",
    );
    let run = ws.import_ok(&["data", "--force"]);
    assert_eq!(skipped_line(&run), None, "{}", run.stdout);
    assert_eq!(run.counts_of("reports"), counts(2, 0, 1, 1));
    assert_eq!(run.counts_of("expenditures"), counts(3, 0, 0, 3));
    assert_eq!(
        ws.scalar::<i64>("SELECT income_total_fen FROM reports WHERE department = '甲局'"),
        100_500_000
    );
    // Read again, the rows now come from the second import's files.
    assert_eq!(
        ws.scalar::<i64>("SELECT count(DISTINCT f.import_id) FROM row_sources s JOIN import_files f ON f.id = s.file_id"),
        1
    );
    assert_eq!(
        ws.scalar::<i64>(
            "SELECT min(f.import_id) FROM row_sources s JOIN import_files f ON f.id = s.file_id"
        ),
        2
    );
}

#[test]
fn a_file_whose_rows_another_file_replaced_is_read_again() {
    let ws = imported();
    ws.write(
        "other/b.reports.csv",
        csv(&["year,department,income_total", "2021,甲局,7"]),
    );
    ws.import_ok(&["other"]);
    let run = ws.import_ok(&["data"]);
    // The reports file lost a row to b.reports.csv, so it is read; the
    // expenditures file still owns all of its rows.
    assert_eq!(run.counts_of("reports"), counts(2, 0, 1, 1));
    assert!(
        skipped_line(&run).is_some_and(|l| l.contains("1 of 2 files (3 rows)")),
        "{}",
        run.stdout
    );
    assert_eq!(
        ws.scalar::<i64>("SELECT income_total_fen FROM reports WHERE department = '甲局'"),
        100_500_000
    );
}

#[test]
fn a_skipped_file_whose_keys_another_file_of_the_import_gives_is_an_error() {
    let ws = imported();
    // The same reports, changed, under another name sorted before it.
    ws.write("data/0.reports.csv", csv(REPORTS).replace("100.5", "1"));
    let before = ws.dump();
    let run = ws.import(&["data"]);
    run.assert_invalid(1);
    assert!(
        run.stderr.contains("data/a.reports.csv: its rows (unchanged since an earlier import, so not read) have keys that data/0.reports.csv of this import also gives"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.dump(), before);
}

#[test]
fn every_row_records_its_file_and_line_and_sql_can_join_them() {
    let ws = imported();
    let rows = ws.rows(
        "SELECT e.department, e.code, f.path, s.first_line + e.id - s.first_id
           FROM expenditures e
           JOIN row_sources s ON s.tbl = 'expenditures'
            AND s.first_id = (SELECT max(first_id) FROM row_sources
                               WHERE tbl = 'expenditures' AND first_id <= e.id)
            AND e.id <= s.last_id
           JOIN import_files f ON f.id = s.file_id
          ORDER BY e.id",
    );
    let text: Vec<String> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| match v {
                    rusqlite::types::Value::Text(t) => t.clone(),
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    other => format!("{other:?}"),
                })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert_eq!(
        text,
        [
            "甲局|2010101|data/a.expenditures.csv|2",
            "甲局|2010102|data/a.expenditures.csv|3",
            "乙局|2010101|data/a.expenditures.csv|4",
        ]
    );
}

#[test]
fn why_shows_both_imports_of_a_replaced_row_with_old_and_new_values() {
    let ws = imported();
    ws.write(
        "later/b.expenditures.csv",
        csv(&[
            "year,department,fund,code,total",
            "2021,乙局,all,2010101,30",
            "2021,甲局,all,2010102,25.5",
        ]),
    );
    ws.import_ok(&["later"]);

    let run = why(
        &ws,
        &[
            "expenditures",
            "2021",
            "甲局",
            "all",
            "2010102",
            "--format",
            "csv",
        ],
    );
    run.assert_success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "event,import,at,file,line,column,old,new");
    let cells: Vec<Vec<&str>> = lines[1..].iter().map(|l| l.split(',').collect()).collect();
    assert_eq!(cells.len(), 2, "{}", run.stdout);
    assert_eq!(cells[0][0], "inserted");
    assert_eq!(cells[0][1], "1");
    assert_eq!(cells[0][3..6], ["data/a.expenditures.csv", "3", ""]);
    assert_eq!(cells[1][0], "replaced");
    assert_eq!(cells[1][1], "2");
    assert_eq!(
        cells[1][3..],
        [
            "later/b.expenditures.csv",
            "3",
            "total_fen",
            "20000000",
            "25500000"
        ]
    );

    // A row never replaced: its one import.
    let run = why(
        &ws,
        &[
            "expenditures",
            "2021",
            "甲局",
            "全部资金",
            "2010101",
            "--format",
            "csv",
        ],
    );
    run.assert_success();
    assert!(
        run.stdout.lines().nth(1).is_some_and(
            |l| l.starts_with("inserted,1,") && l.contains(",data/a.expenditures.csv,2,")
        ),
        "{}",
        run.stdout
    );
    // The heading shows the stored row.
    let run = why(&ws, &["expenditures", "2021", "甲局", "all", "2010102"]);
    run.assert_success();
    assert!(
        run.stdout.starts_with("expenditures (2021, 甲局, all, 2010102), row 2: year 2021, department 甲局, fund all, code 2010102, total_fen 25500000"),
        "{}",
        run.stdout
    );
}

#[test]
fn why_refuses_an_unknown_table_a_wrong_key_and_a_missing_row() {
    let ws = imported();
    let run = why(&ws, &["expenditure", "2021"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("did you mean \"expenditures\""),
        "{}",
        run.stderr
    );
    let run = why(&ws, &["expenditures", "2021", "甲局"]);
    run.assert_code(2);
    assert!(
        run.stderr
            .contains("key of 4 values (year, department, fund, code); 2 given"),
        "{}",
        run.stderr
    );
    let run = why(&ws, &["reports", "2022", "甲局"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("no row of reports with key (2022, 甲局)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_dry_run_lists_the_rows_it_would_replace_with_old_and_new_values() {
    let ws = imported();
    ws.write(
        "data/a.reports.csv",
        csv(REPORTS).replace("2021,乙局,200,180", "2021,乙局,201,"),
    );
    let before = ws.dump();
    let run = ws.import_ok(&["data", "--dry-run"]);
    assert_eq!(ws.dump(), before);
    let listed: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("would replace"))
        .take(4)
        .collect();
    assert_eq!(
        listed,
        [
            "would replace 1 row:",
            "  reports (2021, 乙局) from data/a.reports.csv:3",
            "      income_total_fen: 200000000 → 201000000",
            "      expenditure_total_fen: 180000000 → NULL",
        ],
        "{}",
        run.stdout
    );
}

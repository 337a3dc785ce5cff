//! What spreadsheets put around a table and in its cells, and `import`
//! accepts (docs/imports.md "Title rows, 单位 rows and ignored columns"):
//! title rows and a `单位` row above the header, `序号` and
//! `--ignore-column`, negative amounts in parentheses, a unit after an
//! amount; and an import that finds nothing to read.

mod common;

use common::{csv, Workspace};
use rusqlite::types::Value::{Integer as I, Null, Text as T};

/// A 三公 table as a spreadsheet saves it: a title, a unit row beside the
/// compiling unit, a 序号 column and a 备注 column.
fn report_style(unit: &str) -> String {
    csv(&[
        "2021年“三公”经费支出决算表,,,,,,",
        &format!("编制单位：某局,,,,,单位：{unit},"),
        "序号,年度,部门,项目,预算数,决算数,备注",
        "1,2021,某局,公务接待费,\"37,740.00\",（1.00）,去年同期",
        "2,2021,某局,因公出国（境）费,0,(12.30),",
    ])
}

#[test]
fn title_rows_a_unit_row_and_numbered_rows_are_read_as_the_table_they_frame() {
    let ws = Workspace::new();
    ws.write("a.three_public.csv", report_style("元"));
    let run = ws.import_ok(&["a.three_public.csv", "--ignore-column", "备注"]);
    assert_eq!(run.counts_of("three_public").inserted, 2, "{}", run.stdout);
    assert_eq!(
        ws.rows("SELECT category, budget_fen, actual_fen FROM three_public ORDER BY category"),
        vec![
            vec![T("outbound".into()), I(0), I(-1_230)],
            vec![T("reception".into()), I(3_774_000), I(-100)],
        ]
    );
}

#[test]
fn a_column_not_ignored_is_still_an_unknown_column() {
    let ws = Workspace::new();
    ws.write("a.three_public.csv", report_style("元"));
    let run = ws.import(&["a.three_public.csv"]);
    run.assert_invalid(1);
    let message = run.message_at("a.three_public.csv:3:7");
    assert!(message.contains("unknown column \"备注\""), "{message}");
}

#[test]
fn the_unit_row_must_agree_with_unit_when_both_are_given() {
    let ws = Workspace::new();
    ws.write("a.three_public.csv", report_style("元"));
    let args = ["a.three_public.csv", "--ignore-column", "备注"];
    let run = ws.import(&[&args[..], &["--unit", "万元"]].concat());
    run.assert_invalid(1);
    let message = run.message_at("a.three_public.csv:2:6");
    assert!(
        message.contains("declares its amounts in 元 but --unit 万元 was given"),
        "{message}"
    );
    ws.import_ok(&[&args[..], &["--unit", "元"]].concat());
    assert_eq!(
        ws.scalar::<i64>("SELECT budget_fen FROM three_public WHERE category = 'reception'"),
        3_774_000
    );
}

#[test]
fn a_unit_row_in_wan_and_amounts_with_their_unit() {
    let ws = Workspace::new();
    ws.write(
        "b.three_public.csv",
        csv(&[
            "单位：万元,,",
            "year,department,category,budget,actual",
            "2021,某局,reception,12.3万元,1230元",
        ]),
    );
    ws.import_ok(&["b.three_public.csv"]);
    assert_eq!(
        ws.rows("SELECT budget_fen, actual_fen FROM three_public"),
        vec![vec![I(12_300_000), I(123_000)]]
    );
    // 万元 in a file whose amounts are in 元 contradicts the file.
    ws.write(
        "c.three_public.csv",
        csv(&[
            "year,department,category,budget",
            "2021,某局,outbound,12.3万元",
        ]),
    );
    let run = ws.import(&["c.three_public.csv", "--unit", "元"]);
    run.assert_invalid(1);
    assert!(run
        .message_at("c.three_public.csv:2:4")
        .contains("is in 万元 but the amounts of this file are in 元"));
}

#[test]
fn claims_keep_their_unit_and_precision_from_the_unit_row() {
    let ws = Workspace::new();
    ws.write(
        "d.claims.csv",
        csv(&[
            "单位：元",
            "year,department,metric,value",
            "2021,某局,income_total,1234.50",
        ]),
    );
    ws.import_ok(&["d.claims.csv"]);
    assert_eq!(
        ws.rows("SELECT value_fen, value_decimals, unit FROM claims"),
        vec![vec![I(123_450), I(2), T("元".into())]]
    );
}

#[test]
fn two_unit_rows_that_disagree_are_an_error() {
    let ws = Workspace::new();
    ws.write(
        "e.three_public.csv",
        csv(&[
            "单位：万元",
            "（单位：元）",
            "year,department,category,budget",
            "2021,某局,outbound,1",
        ]),
    );
    let run = ws.import(&["e.three_public.csv"]);
    run.assert_invalid(1);
    assert!(run
        .message_at("e.three_public.csv:2:1")
        .contains("declares the unit 元 but line 1 declared 万元"));
}

#[test]
fn a_data_row_is_never_taken_for_a_title_row() {
    let ws = Workspace::new();
    // No header: the first row of values is reported as the header it should be.
    ws.write(
        "f.three_public.csv",
        csv(&["2021年“三公”经费", "2021,某局,outbound,1"]),
    );
    let run = ws.import(&["f.three_public.csv"]);
    run.assert_invalid(1);
    assert!(run
        .message_at("f.three_public.csv:2")
        .contains("names none of the columns of three_public"));
    // After the header, a row with one value is a row with missing values.
    ws.write(
        "g.three_public.csv",
        csv(&["year,department,category,budget", "2021,,,"]),
    );
    let run = ws.import(&["g.three_public.csv"]);
    run.assert_invalid(2);
    assert!(run
        .message_at("g.three_public.csv:2:2")
        .contains("department is required"));
    // A header that names a single column is a header, not a title.
    ws.write("h.three_public.csv", csv(&["项目", "reception"]));
    let run = ws.import(&["h.three_public.csv"]);
    run.assert_code(1);
    assert!(run
        .stderr
        .contains("h.three_public.csv:1: missing required column year"));
}

#[test]
fn a_file_of_title_rows_only_says_so() {
    let ws = Workspace::new();
    ws.write("i.reports.csv", csv(&["2021年部门决算", "单位：万元"]));
    let run = ws.import(&["i.reports.csv"]);
    run.assert_invalid(1);
    assert!(run
        .message_at("i.reports.csv")
        .contains("only 2 title rows and no header"));
}

#[test]
fn a_workbook_with_a_merged_title_and_a_unit_row_imports() {
    let ws = Workspace::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("三公经费").expect("name");
    sheet
        .merge_range(
            0,
            0,
            0,
            4,
            "2021年“三公”经费支出决算表",
            &Default::default(),
        )
        .expect("merge");
    sheet.write_string(1, 4, "单位：元").expect("write");
    for (c, name) in ["序号", "年度", "部门", "项目", "决算数"]
        .iter()
        .enumerate()
    {
        sheet.write_string(2, c as u16, *name).expect("write");
    }
    sheet.write_number(3, 0, 1.0).expect("write");
    sheet.write_number(3, 1, 2021.0).expect("write");
    sheet.write_string(3, 2, "某局").expect("write");
    sheet.write_string(3, 3, "公务接待费").expect("write");
    sheet.write_number(3, 4, 19_300.5).expect("write");
    ws.write("2021.xlsx", book.save_to_buffer().expect("save"));
    ws.import_ok(&["2021.xlsx"]);
    assert_eq!(
        ws.rows("SELECT category, budget_fen, actual_fen FROM three_public"),
        vec![vec![T("reception".into()), Null, I(1_930_050)]]
    );
}

#[test]
fn an_import_that_finds_no_file_is_an_error_unless_allowed() {
    let ws = Workspace::new();
    ws.write("empty/notes.txt", "nothing to import");
    let run = ws.import(&["empty"]);
    run.assert_invalid(1);
    let message = run.message_at("empty");
    assert!(message.contains("no file to import"), "{message}");
    assert!(message.contains("skipped: empty/notes.txt"), "{message}");
    assert!(message.contains("--allow-empty"), "{message}");
    assert!(!ws.db().exists());
    let run = ws.import_ok(&["empty", "--allow-empty"]);
    assert!(run.stdout.contains("imported 0 files"), "{}", run.stdout);
}

//! `budgetdb import` of `.xlsx` / `.xls` workbooks in contract form
//! (contract §6 "Excel"): the same headers, values and errors as CSV,
//! located as `PATH!SHEET:ROW:COLUMN`, in the one transaction.

mod common;

use common::Workspace;
use rust_xlsxwriter::{Format, Formula, Workbook};
use sha2::{Digest, Sha256};

/// A cell of a test sheet.
#[derive(Clone, Copy)]
pub enum C<'a> {
    /// A text cell.
    S(&'a str),
    /// A number cell (an IEEE double, as Excel stores every number).
    N(f64),
    /// A formula whose cached result is this number.
    F(&'a str, f64),
    /// A date cell.
    D(f64),
    /// Nothing.
    E,
}

use C::*;

/// An .xlsx workbook of `sheets`, each (name, rows), starting at `origin`
/// (0-based row and column of its first cell).
fn workbook_at(sheets: &[(&str, Vec<Vec<C>>)], origin: (u32, u16)) -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (origin.0 + r as u32, origin.1 + c as u16);
                match *cell {
                    S(text) => sheet.write_string(r, c, text).map(|_| ()),
                    N(value) => sheet.write_number(r, c, value).map(|_| ()),
                    F(formula, value) => sheet
                        .write_formula(r, c, Formula::new(formula).set_result(value.to_string()))
                        .map(|_| ()),
                    D(serial) => sheet
                        .write_number_with_format(r, c, serial, &date)
                        .map(|_| ()),
                    E => Ok(()),
                }
                .expect("write a cell");
            }
        }
    }
    book.save_to_buffer().expect("an .xlsx workbook")
}

fn workbook(sheets: &[(&str, Vec<Vec<C>>)]) -> Vec<u8> {
    workbook_at(sheets, (0, 0))
}

fn three_public_rows() -> Vec<Vec<C<'static>>> {
    vec![
        vec![
            S("year"),
            S("department"),
            S("category"),
            S("budget"),
            S("actual"),
            S("batches"),
            S("persons"),
        ],
        vec![
            N(2021.0),
            S("某局"),
            S("reception"),
            N(37.74),
            N(1234.56),
            N(23.0),
            N(231.0),
        ],
        vec![
            N(2021.0),
            S("某局"),
            S("因公出国（境）费"),
            F("=0.1+0.2", 0.30000000000000004),
            N(0.000001),
            E,
            E,
        ],
    ]
}

fn reports_rows() -> Vec<Vec<C<'static>>> {
    vec![
        vec![S("年度"), S("部门"), S("收入总计"), S("单位数")],
        vec![S("2021"), S("某局"), N(112409.66), N(3.0)],
    ]
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_workbook_named_after_its_kind_imports_number_cells_exactly() {
    let ws = Workspace::new();
    let bytes = workbook(&[("Sheet1", three_public_rows())]);
    ws.write("2021.three_public.xlsx", &bytes);
    ws.import_ok(&["2021.three_public.xlsx"]);
    let rows = ws.rows(
        "SELECT category, budget_fen, actual_fen, batches, persons FROM three_public ORDER BY category",
    );
    use rusqlite::types::Value::{Integer as I, Null, Text as T};
    assert_eq!(
        rows,
        vec![
            vec![T("outbound".into()), I(300_000), I(1), Null, Null],
            vec![
                T("reception".into()),
                I(37_740_000),
                I(1_234_560_000),
                I(23),
                I(231)
            ],
        ]
    );
    let logged = ws.rows("SELECT path, sha256, kind, encoding, rows FROM import_files");
    assert_eq!(
        logged,
        vec![vec![
            T("2021.three_public.xlsx!Sheet1".into()),
            T(sha256_hex(&bytes)),
            T("three_public".into()),
            T("xlsx".into()),
            I(2)
        ]]
    );
}

#[test]
fn each_sheet_of_a_workbook_of_several_kinds_is_the_kind_its_name_says() {
    let ws = Workspace::new();
    ws.write(
        "2021.xlsx",
        workbook(&[
            ("三公经费", three_public_rows()),
            ("reports", reports_rows()),
            ("Sheet3", vec![]),
        ]),
    );
    let run = ws.import_ok(&["2021.xlsx"]);
    assert_eq!(run.counts_of("three_public").inserted, 2, "{}", run.stdout);
    assert_eq!(run.counts_of("reports").inserted, 1, "{}", run.stdout);
    assert_eq!(
        ws.scalar::<i64>("SELECT income_total_fen FROM reports"),
        112_409_660_000
    );
    // Processing order is by kind, as for CSV files: reports before three_public.
    let paths: Vec<String> = ws
        .rows("SELECT path FROM import_files ORDER BY id")
        .into_iter()
        .map(|r| match &r[0] {
            rusqlite::types::Value::Text(t) => t.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(paths, ["2021.xlsx!reports", "2021.xlsx!三公经费"]);
    // Importing again changes nothing.
    let again = ws.import_ok(&["2021.xlsx"]);
    assert_eq!(again.counts_of("three_public").unchanged, 2);
}

#[test]
fn a_bad_cell_in_any_sheet_writes_nothing_and_is_located_by_sheet_row_and_column() {
    let ws = Workspace::new();
    let mut bad = three_public_rows();
    bad[2][4] = S("12..3");
    ws.write(
        "book.xlsx",
        workbook(&[("reports", reports_rows()), ("三公经费", bad)]),
    );
    let run = ws.import(&["book.xlsx"]);
    run.assert_invalid(1);
    let message = run.message_at("book.xlsx!三公经费:3:5");
    assert!(message.starts_with("actual: \"12..3\""), "{message}");
    assert!(
        !ws.db().exists(),
        "a failed first import leaves no database"
    );
}

#[test]
fn error_and_date_cells_are_errors_at_their_cell() {
    let ws = Workspace::new();
    let mut rows = three_public_rows();
    rows[1][3] = D(44197.0);
    ws.write("three_public.xlsx", workbook(&[("data", rows)]));
    let run = ws.import(&["three_public.xlsx"]);
    run.assert_invalid(1);
    let message = run.message_at("three_public.xlsx!data:2:4");
    assert!(message.contains("cell D2"), "{message}");
    assert!(message.contains("date"), "{message}");
}

#[test]
fn a_table_to_the_right_of_column_a_is_located_by_its_sheet_columns() {
    let ws = Workspace::new();
    let mut rows = three_public_rows();
    rows[2][5] = N(1.5);
    ws.write("three_public.xlsx", workbook_at(&[("data", rows)], (2, 1)));
    let run = ws.import(&["three_public.xlsx"]);
    run.assert_invalid(1);
    // The sixth field (batches) is in column G; the second data row is row 5.
    let message = run.message_at("three_public.xlsx!data:5:7");
    assert!(message.starts_with("batches: \"1.5\""), "{message}");
}

#[test]
fn a_sheet_with_data_and_no_kind_is_an_error_but_empty_sheets_are_passed_over() {
    let ws = Workspace::new();
    ws.write(
        "2021.xlsx",
        workbook(&[
            ("reports", reports_rows()),
            ("三公经", three_public_rows()),
            ("Sheet2", vec![]),
        ]),
    );
    let run = ws.import(&["2021.xlsx"]);
    run.assert_code(1);
    let message = run.message_at("2021.xlsx!三公经");
    assert!(message.contains("did you mean \"三公经费\"?"), "{message}");
    assert!(!ws.db().exists());
}

#[test]
fn merged_cells_in_the_data_are_an_error() {
    let ws = Workspace::new();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("data").expect("name");
    for (c, name) in ["year", "department", "category", "actual"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *name).expect("write");
    }
    sheet
        .merge_range(1, 1, 2, 1, "某局", &Format::new())
        .expect("merge");
    for r in 1..3 {
        sheet.write_number(r, 0, 2021.0).expect("write");
        sheet.write_number(r, 3, 1.0).expect("write");
    }
    sheet.write_string(1, 2, "reception").expect("write");
    sheet.write_string(2, 2, "outbound").expect("write");
    ws.write("three_public.xlsx", book.save_to_buffer().expect("save"));
    let run = ws.import(&["three_public.xlsx"]);
    run.assert_code(1);
    let message = run.message_at("three_public.xlsx!data:2:2");
    assert!(message.contains("B2:B3 are merged"), "{message}");
    assert!(!ws.db().exists());
}

#[test]
fn files_that_are_not_workbooks_are_refused_with_a_reason() {
    let ws = Workspace::new();
    ws.write("a.reports.xlsx", b"PK\x03\x04 not really a zip");
    ws.write(
        "b.reports.xls",
        b"<html><body><table></table></body></html>",
    );
    ws.write("c.reports.xlsx", b"year,department\n");
    let run = ws.import(&["a.reports.xlsx", "b.reports.xls", "c.reports.xlsx"]);
    run.assert_code(1);
    assert!(run.message_at("a.reports.xlsx").contains("zip archive"));
    assert!(run.message_at("b.reports.xls").contains("web page (HTML)"));
    assert!(run
        .message_at("c.reports.xlsx")
        .contains("cannot read the file as an Excel workbook"));
    assert!(!ws.db().exists());
}

/// Workbooks whose cells calamine would spread over a grid of tens of
/// gigabytes, which aborts a process rather than panicking: an .xls cell
/// record moved to row 65 535, column 65 535, and an .xlsx with a value at
/// XFD1048576 beside A1. Both are refused at the file, by import and by
/// extract alike, and nothing is written.
#[test]
fn a_workbook_that_would_take_more_memory_than_any_real_one_is_refused() {
    let ws = Workspace::new();
    ws.write(
        "2021.three_public.xls",
        common::fixture("excel/bad/2021.three_public.xls"),
    );
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "year").expect("a cell");
    sheet
        .write_number(1_048_575, 16_383, 1.0)
        .expect("the last cell of a sheet");
    ws.write(
        "2021.reports.xlsx",
        book.save_to_buffer().expect("an .xlsx workbook"),
    );
    let memory = "cannot read the workbook: reading it takes more than 4 GiB of memory";
    for file in ["2021.three_public.xls", "2021.reports.xlsx"] {
        let run = ws.import(&[file]);
        run.assert_code(1);
        assert!(run.message_at(file).contains(memory), "{run:?}");
        assert!(!ws.db().exists());
        let extract = ws
            .command()
            .args(["extract", file, "--out", "out"])
            .output()
            .expect("run extract");
        assert_eq!(extract.status.code(), Some(1), "{extract:?}");
        let stderr = String::from_utf8_lossy(&extract.stderr);
        assert!(stderr.contains(file) && stderr.contains(memory), "{stderr}");
        assert!(!ws.path("out").exists());
    }
}

#[test]
fn a_directory_import_reads_workbooks_beside_csv_files() {
    let ws = Workspace::new();
    ws.write("imports/reports.csv", "year,department\n2021,某局\n");
    ws.write(
        "imports/2021.three_public.xlsx",
        workbook(&[("Sheet1", three_public_rows())]),
    );
    let run = ws.import_ok(&[]);
    assert_eq!(run.counts_of("three_public").inserted, 2, "{}", run.stdout);
    assert_eq!(run.counts_of("reports").inserted, 1, "{}", run.stdout);
}

#[test]
fn an_xls_workbook_imports_as_its_csv_does() {
    let from_csv = Workspace::new();
    let from_xls = Workspace::new();
    let fixture = |name: &str| common::fixture(&format!("excel/{name}"));
    from_csv.write("2021.three_public.csv", fixture("2021.three_public.csv"));
    from_xls.write("2021.three_public.xls", fixture("2021.three_public.xls"));
    from_csv.import_ok(&["2021.three_public.csv"]);
    let run = from_xls.import_ok(&["2021.three_public.xls"]);
    assert_eq!(run.counts_of("three_public").inserted, 2, "{}", run.stdout);
    assert_eq!(from_xls.dump(), from_csv.dump());
    assert_eq!(
        from_xls.scalar::<String>("SELECT encoding FROM import_files"),
        "xls"
    );
}

#[test]
fn sheets_of_one_kind_share_the_workbook_hash_and_are_each_read_again() {
    let ws = Workspace::new();
    let mut other = three_public_rows();
    other[1][1] = S("另一局");
    other[2][1] = S("另一局");
    ws.write(
        "2021.three_public.xlsx",
        workbook(&[("a", three_public_rows()), ("b", other)]),
    );
    let first = ws.import_ok(&["2021.three_public.xlsx"]);
    assert_eq!(
        first.counts_of("three_public").inserted,
        4,
        "{}",
        first.stdout
    );
    let again = ws.import_ok(&["2021.three_public.xlsx"]);
    assert_eq!(
        again.counts_of("three_public").unchanged,
        4,
        "{}",
        again.stdout
    );
    assert_eq!(ws.scalar::<i64>("SELECT count(*) FROM three_public"), 4);
    assert_eq!(
        ws.scalar::<i64>("SELECT count(DISTINCT sha256) FROM import_files"),
        1
    );
}

mod no_panic {
    use super::*;
    use budgetdb::io::rows::RowSource;
    use budgetdb::io::workbook::{SheetRows, Workbook};
    use proptest::prelude::*;

    /// Reads every sheet of the workbook at `path` to its end; errors are fine.
    /// Reads every sheet as the binary does: each workbook tried first in
    /// its memory-capped child, so a damaged one that would make calamine
    /// ask for all the memory there is is refused rather than aborting.
    fn read_all(path: &std::path::Path) {
        budgetdb::io::sandbox::enable(env!("CARGO_BIN_EXE_budgetdb").into());
        let Ok(mut book) = Workbook::open(path) else {
            return;
        };
        let Ok(sheets) = book.sheets() else { return };
        for sheet in sheets {
            if let Ok(mut rows) = SheetRows::open(path, &sheet.name) {
                for _ in 0..10_000 {
                    match rows.next_row() {
                        Ok(Some(_)) | Err(_) => {}
                        Ok(None) => break,
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn arbitrary_bytes_are_refused_without_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), xls in any::<bool>()) {
            let dir = tempfile::tempdir().expect("temporary directory");
            let path = dir.path().join(if xls { "a.xls" } else { "a.xlsx" });
            std::fs::write(&path, &bytes).expect("write");
            read_all(&path);
        }

        #[test]
        fn a_damaged_workbook_is_refused_without_a_panic(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8), xls in any::<bool>()) {
            let mut bytes = if xls {
                common::fixture("excel/2021.three_public.xls")
            } else {
                workbook(&[("三公经费", three_public_rows()), ("reports", reports_rows())])
            };
            for (at, byte) in flips {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
            let dir = tempfile::tempdir().expect("temporary directory");
            let path = dir.path().join(if xls { "a.xls" } else { "a.xlsx" });
            std::fs::write(&path, &bytes).expect("write");
            read_all(&path);
        }
    }
}

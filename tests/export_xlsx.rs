//! `budgetdb export --xlsx`: every kind to a workbook and back
//! (docs/export.md). The fixture `tests/fixtures/every_kind/` fills every
//! column of every kind once and leaves every optional one empty once; a
//! test checks that it still does, so a new kind or column must join it.

mod common;

use std::path::Path;

use budgetdb::model::kinds::{Column, KINDS};
use common::Workspace;

fn fixture_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/every_kind")
}

/// A workspace whose database holds the every-kind fixture.
fn loaded() -> Workspace {
    let ws = Workspace::new();
    common::copy_dir(&fixture_dir(), &ws.path("every_kind"));
    ws.import_ok(&["every_kind"]);
    ws
}

fn db_columns(columns: &[Column]) -> Vec<String> {
    columns.iter().flat_map(|c| c.db_columns()).collect()
}

/// Every kind's rows as `budgetdb sql` prints them in csv, ids left out,
/// in a fixed order.
fn sql_dump(ws: &Workspace) -> String {
    let mut out = String::new();
    for kind in KINDS {
        let columns = db_columns(kind.columns).join(", ");
        let sql = format!("SELECT {columns} FROM {} ORDER BY {columns}", kind.table);
        let output = ws
            .command()
            .args(["sql", &sql, "--format", "csv"])
            .output()
            .expect("run budgetdb sql");
        assert!(output.status.success(), "{sql}: {output:?}");
        out.push_str(&format!("== {}\n", kind.name));
        out.push_str(&String::from_utf8_lossy(&output.stdout));
    }
    out
}

#[test]
fn the_fixture_fills_every_column_of_every_kind_and_leaves_each_optional_one_empty() {
    let ws = loaded();
    for kind in KINDS {
        for column in kind.columns {
            for db_column in column.db_columns() {
                let filled: i64 = ws.scalar(&format!(
                    "SELECT count(*) FROM {} WHERE {db_column} IS NOT NULL",
                    kind.table
                ));
                assert!(filled > 0, "{}.{db_column} is never filled", kind.name);
                let empty: i64 = ws.scalar(&format!(
                    "SELECT count(*) FROM {} WHERE {db_column} IS NULL",
                    kind.table
                ));
                let optional = !column.required && column.default.is_none() && column.from_header();
                assert!(
                    !optional || empty > 0,
                    "{}.{db_column} is never empty",
                    kind.name
                );
            }
        }
    }
}

#[test]
fn every_kind_exported_to_a_workbook_imports_back_to_the_same_rows() {
    let ws = loaded();
    let run = ws
        .command()
        .args(["export", "--xlsx", "out.xlsx"])
        .output()
        .expect("run export");
    assert!(run.status.success(), "{run:?}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("claims (元)"), "{stdout}");

    let fresh = Workspace::new();
    fresh.write("out.xlsx", ws.read("out.xlsx"));
    let again = fresh.import_ok(&["out.xlsx"]);
    assert!(
        // One sheet a kind, and claims in 元 on a sheet of their own.
        again.stdout.contains(&format!(
            "imported {} files",
            budgetdb::model::kinds::KINDS.len() + 1
        )),
        "{}",
        again.stdout
    );
    let before = sql_dump(&ws);
    assert!(before.contains("某局"), "{before}");
    assert_eq!(sql_dump(&fresh), before);
    // Nothing changes when the same workbook is imported over the data it came from.
    let over = ws.import_ok(&["out.xlsx"]);
    for kind in KINDS {
        let counts = over.counts_of(kind.name);
        assert_eq!(
            counts.inserted + counts.replaced,
            0,
            "{}: {}",
            kind.name,
            over.stdout
        );
    }
}

#[test]
fn an_empty_database_exports_a_workbook_of_headers() {
    let ws = Workspace::new();
    ws.write("aliases.csv", "alias,canonical\n");
    ws.import_ok(&["aliases.csv"]);
    let run = ws
        .command()
        .args(["export", "--xlsx", "empty.xlsx"])
        .output()
        .expect("run export");
    assert!(run.status.success(), "{run:?}");
    let fresh = Workspace::new();
    fresh.write("empty.xlsx", ws.read("empty.xlsx"));
    let again = fresh.import(&["empty.xlsx", "--allow-empty"]);
    again.assert_success();
}

/// Where LibreOffice is, if installed.
fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|name| {
        std::process::Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn the_workbook_opens_in_libreoffice() {
    let Some(soffice) = soffice() else {
        assert!(
            std::env::var_os("BUDGETDB_REQUIRE_LIBREOFFICE").is_none()
                && std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is not installed, and CI or BUDGETDB_REQUIRE_LIBREOFFICE requires it: apt-get install libreoffice-calc"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    let ws = loaded();
    let run = ws
        .command()
        .args(["export", "--xlsx", "out.xlsx"])
        .output()
        .expect("run export");
    assert!(run.status.success(), "{run:?}");
    // A profile of its own, so that conversions running at once do not collide.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        ws.path("lo-profile").display()
    );
    let converted = std::process::Command::new(soffice)
        .current_dir(ws.root())
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            "csv",
            "out.xlsx",
        ])
        .output()
        .expect("run soffice");
    assert!(converted.status.success(), "{converted:?}");
    // The first sheet, as LibreOffice read it (written in UTF-8: 76).
    let csv = String::from_utf8(ws.read("csv/out.csv")).expect("UTF-8");
    assert!(csv.starts_with("alias,canonical,source"), "{csv}");
    assert!(csv.contains("某局（旧称）,某局,2020年机构改革"), "{csv}");
}

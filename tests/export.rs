//! `budgetdb export --parquet DIR`: every table as a Parquet file whose
//! counts and sums are those of the database. Built with the `parquet`
//! feature (`cargo test --features parquet --test export`, as CI does);
//! the DuckDB read-back needs the duckdb Python package and fails rather
//! than skips when `BUDGETDB_REQUIRE_DUCKDB` is set.

mod common;

use common::{Run, Workspace};

fn export(ws: &Workspace, args: &[&str]) -> Run {
    let mut command = ws.command();
    command.arg("export").args(args);
    Run::from(command.output().expect("run budgetdb"))
}

#[test]
fn export_without_a_format_is_a_usage_error() {
    let ws = Workspace::seeded();
    let run = export(&ws, &[]);
    run.assert_code(2);
    assert!(run.stderr.contains("--parquet"), "{}", run.stderr);
}

#[cfg(not(feature = "parquet"))]
#[test]
fn without_the_feature_parquet_export_says_how_to_get_it() {
    let ws = Workspace::seeded();
    let run = export(&ws, &["--parquet", "out"]);
    run.assert_code(1);
    assert!(run.stderr.contains("--features parquet"), "{}", run.stderr);
    assert!(!ws.path("out").exists());
}

#[cfg(feature = "parquet")]
mod parquet_files {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    /// A table, its row count, and the sum of each INTEGER column.
    type Sums = (String, i64, Vec<(String, Option<i64>)>);

    /// Every table's [`Sums`], as SQLite computes them.
    fn sums_in_sqlite(ws: &Workspace) -> Vec<Sums> {
        let tables: Vec<String> = ws
            .rows("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
            .into_iter()
            .map(|r| match &r[0] {
                rusqlite::types::Value::Text(t) => t.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        tables
            .into_iter()
            .map(|table| {
                let count: i64 = ws.scalar(&format!("SELECT count(*) FROM {table}"));
                let columns: Vec<String> = ws
                    .rows(&format!(
                        "SELECT name FROM pragma_table_xinfo('{table}') WHERE type LIKE '%INT%' ORDER BY cid"
                    ))
                    .into_iter()
                    .map(|r| match &r[0] {
                        rusqlite::types::Value::Text(t) => t.clone(),
                        other => panic!("{other:?}"),
                    })
                    .collect();
                let sums = columns
                    .into_iter()
                    .map(|c| {
                        let sum: Option<i64> = ws.scalar(&format!("SELECT sum({c}) FROM {table}"));
                        (c, sum)
                    })
                    .collect();
                (table, count, sums)
            })
            .collect()
    }

    #[test]
    fn every_table_is_written_with_its_rows_and_exact_sums() {
        let ws = Workspace::seeded();
        let run = export(&ws, &["--parquet", "out"]);
        run.assert_success();
        let expected = sums_in_sqlite(&ws);
        assert!(expected
            .iter()
            .any(|(t, n, _)| t == "expenditures" && *n > 0));
        for (table, count, sums) in expected {
            let path = ws.path(&format!("out/{table}.parquet"));
            assert!(
                run.stdout
                    .contains(&format!("out/{table}.parquet ({count} row")),
                "{}",
                run.stdout
            );
            let file =
                std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let reader = SerializedFileReader::new(file).expect("a Parquet file");
            let mut rows = 0i64;
            let mut totals: Vec<(String, Option<i64>)> =
                sums.iter().map(|(c, _)| (c.clone(), None)).collect();
            for row in reader.get_row_iter(None).expect("rows") {
                let row = row.expect("a row");
                rows += 1;
                for (name, field) in row.get_column_iter() {
                    if let (Some(total), Field::Long(v)) =
                        (totals.iter_mut().find(|(c, _)| c == name), field)
                    {
                        total.1 = Some(total.1.unwrap_or(0) + v);
                    }
                }
            }
            assert_eq!(rows, count, "{table}");
            assert_eq!(totals, sums, "{table}");
        }
        // Codes stay strings, with their leading digits.
        let file = std::fs::File::open(ws.path("out/expenditures.parquet")).expect("open");
        let reader = SerializedFileReader::new(file).expect("a Parquet file");
        let schema = reader.metadata().file_metadata().schema_descr();
        let code = schema
            .columns()
            .iter()
            .find(|c| c.name() == "code")
            .expect("a code column");
        assert_eq!(code.physical_type(), parquet::basic::Type::BYTE_ARRAY);
    }

    /// DuckDB reads the files back and gets the sums `budgetdb sql` gives.
    #[test]
    fn duckdb_reads_the_files_back_with_the_same_sums() {
        let python = std::process::Command::new("python3")
            .args(["-c", "import duckdb"])
            .output();
        if !python.is_ok_and(|o| o.status.success()) {
            assert!(
                std::env::var_os("BUDGETDB_REQUIRE_DUCKDB").is_none(),
                "BUDGETDB_REQUIRE_DUCKDB is set but `python3 -c 'import duckdb'` fails: pip install duckdb"
            );
            eprintln!("skipped: the duckdb Python package is not installed");
            return;
        }
        let ws = Workspace::seeded();
        export(&ws, &["--parquet", "out"]).assert_success();
        let sql =
            "SELECT count(*) AS n, sum(total_fen) AS total, sum(budget_initial_fen) AS budget, \
                   count(DISTINCT department) AS departments FROM expenditures";
        let mut command = ws.command();
        command.args(["sql", sql, "--format", "csv"]);
        let ours = Run::from(command.output().expect("run budgetdb"));
        ours.assert_success();
        let duck_sql = sql.replace("FROM expenditures", "FROM 'out/expenditures.parquet'");
        let script = format!(
            "import duckdb\n\
             n, total, budget, departments = duckdb.sql({duck_sql:?}).fetchall()[0]\n\
             print('n,total,budget,departments')\n\
             print(','.join('' if v is None else str(v) for v in (n, total, budget, departments)))\n"
        );
        let output = std::process::Command::new("python3")
            .current_dir(ws.root())
            .args(["-c", &script])
            .output()
            .expect("run python3");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let theirs = String::from_utf8_lossy(&output.stdout).replace('\n', "\r\n");
        let mut lines = theirs.split("\r\n");
        let duck = format!(
            "{}\r\n{}\r\n",
            lines.next().unwrap_or_default(),
            lines.next().unwrap_or_default()
        );
        assert_eq!(duck, ours.stdout);
    }
}

//! What the output formats print: exact values for scripts (csv, json),
//! rounded ones for reading (table, markdown), through the real binary.

mod common;

use common::Workspace;

/// Runs `budgetdb ARGS...` in `ws` and returns its standard output,
/// asserting success.
fn out(ws: &Workspace, args: &[&str]) -> String {
    let run = common::Run::from(ws.command().args(args).output().expect("runs"));
    run.assert_success();
    run.stdout
}

/// A workspace holding three_public amounts with up to six decimals
/// (分 precision in 万元), large and small.
fn precise() -> Workspace {
    let ws = Workspace::new();
    ws.write(
        "p.three_public.csv",
        "year,department,category,budget,actual\n\
         2020,甲局,reception,3,1.1\n\
         2021,甲局,reception,123456789.123456,1.234567\n\
         2021,甲局,outbound,0.1,0.2\n",
    );
    ws.import_ok(&["p.three_public.csv"]);
    ws
}

#[test]
fn sql_prints_reals_as_stored_in_csv_and_json() {
    // The read commands need a database (they never create one).
    let ws = precise();
    let csv = out(
        &ws,
        &["sql", "select 1.0/3 as third, 0.004 as small, 1.6 as amount, 3.0 as whole, 0.1 + 0.2 as noise, 7 as n", "--format", "csv"],
    );
    assert_eq!(
        csv,
        "third,small,amount,whole,noise,n\r\n0.3333333333333333,0.004,1.60,3.00,0.30000000000000004,7\r\n"
    );
    let json: serde_json::Value = serde_json::from_str(&out(
        &ws,
        &["sql", "select 1.0/3 as third, 7 as n", "--format", "json"],
    ))
    .expect("valid json");
    assert_eq!(json[0]["third"], serde_json::json!(1.0 / 3.0));
    assert_eq!(json[0]["n"], serde_json::json!(7));
    // The formats for reading still round.
    let table = out(&ws, &["sql", "select 1.0/3 as third"]);
    assert!(table.contains("0.33\n"), "{table}");
    assert!(!table.contains("0.333"), "{table}");
}

#[test]
fn view_amounts_print_to_the_fen_without_float_noise() {
    let ws = precise();
    let csv = out(
        &ws,
        &[
            "sql",
            "select category, budget, actual, prior_actual, change from three_public_comparison where year = 2021 and category <> '合计' order by category",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        csv,
        "category,budget,actual,prior_actual,change\r\n\
         公务接待费,123456789.123456,1.234567,1.10,0.134567\r\n\
         因公出国（境）费,0.10,0.20,,\r\n"
    );
}

/// The contract promises the saved queries' amounts and percentages with
/// two decimals in csv and json; `--exact` prints them as stored.
#[test]
fn saved_queries_round_unless_exact() {
    let ws = precise();
    let args = |extra: &[&'static str]| {
        let mut args = vec![
            "query",
            "three_public",
            "-p",
            "year=2021",
            "--format",
            "csv",
        ];
        args.extend_from_slice(extra);
        args
    };
    let rounded = out(&ws, &args(&[]));
    assert!(rounded.contains(",123456789.12,1.23,"), "{rounded}");
    let exact = out(&ws, &args(&["--exact"]));
    assert!(exact.contains(",123456789.123456,1.234567,"), "{exact}");
    assert!(exact.contains(",1.10,0.134567,"), "{exact}");
}

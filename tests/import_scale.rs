//! `budgetdb import` on files of thousands of rows: more than one batch
//! between the reading and the writing thread, long runs of row ids, and
//! the progress bar, through the real binary.

mod common;

use common::{counts, Workspace};

/// An expenditures file of `departments` × 50 rows for `year`; `total`
/// is derived (basic + project) unless `bump` adds to one row's basic.
fn expenditures(year: u32, departments: u32, bump: Option<(u32, u32)>) -> String {
    let mut text = String::from("year,department,fund,code,basic,project\n");
    for d in 0..departments {
        for item in 0..50u32 {
            let basic = 1 + item + bump.filter(|b| *b == (d, item)).map_or(0, |_| 7);
            text.push_str(&format!(
                "{year},第{d:03}局,all,2080{:01}{:02},{basic}.25,{}.5\n",
                item % 10,
                item / 10 + 1,
                d % 7
            ));
        }
    }
    text
}

#[test]
fn a_large_import_counts_every_row_and_a_reimport_changes_nothing() {
    let ws = Workspace::new();
    ws.write("a.expenditures.csv", expenditures(2021, 60, None));
    ws.write("b.expenditures.csv", expenditures(2022, 60, None));
    let run = ws.import_ok(&["."]);
    assert_eq!(
        run.counts().get("expenditures").copied(),
        Some(counts(6000, 6000, 0, 0))
    );
    let before = ws.dump();
    let run = ws.import_ok(&["."]);
    assert_eq!(
        run.counts().get("expenditures").copied(),
        Some(counts(6000, 0, 0, 6000))
    );
    assert_eq!(ws.dump(), before);
    // One changed row in the middle of the second file.
    ws.write("b.expenditures.csv", expenditures(2022, 60, Some((41, 17))));
    let run = ws.import_ok(&["."]);
    assert_eq!(
        run.counts().get("expenditures").copied(),
        Some(counts(6000, 0, 1, 5999))
    );
    assert_eq!(
        ws.scalar::<i64>(
            "SELECT basic_fen FROM expenditures WHERE year = 2022 AND department = '第041局' AND code = '2080702'"
        ),
        25_250_000
    );
}

#[test]
fn a_duplicate_far_into_a_file_names_the_first_place() {
    let ws = Workspace::new();
    let first = expenditures(2021, 60, None);
    // Line 2 + 1234 of the first file, repeated at the end of a second file.
    let repeated = first.lines().nth(1 + 1234).unwrap().to_string();
    let mut second = expenditures(2022, 30, None);
    second.push_str(&repeated);
    second.push('\n');
    ws.write("a.expenditures.csv", &first);
    ws.write("b.expenditures.csv", &second);
    let run = ws.import(&["a.expenditures.csv", "b.expenditures.csv"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "b.expenditures.csv:{}:1: duplicate key",
            30 * 50 + 2
        )) && run
            .stderr
            .contains("the same key as a.expenditures.csv:1236;"),
        "{}",
        run.stderr
    );
    assert!(
        !ws.db().exists(),
        "a failed first import leaves no database"
    );

    // The same on a re-import, where the key is found among stored rows.
    ws.write("b.expenditures.csv", expenditures(2022, 30, None));
    ws.import_ok(&["a.expenditures.csv", "b.expenditures.csv"]);
    ws.write("b.expenditures.csv", &second);
    let run = ws.import(&["a.expenditures.csv", "b.expenditures.csv"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the same key as a.expenditures.csv:1236;"),
        "{}",
        run.stderr
    );
}

#[test]
fn problems_far_apart_come_in_file_order_and_stop_at_100() {
    let ws = Workspace::new();
    let mut text = expenditures(2021, 60, None);
    text = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            // Every 20th data row gets a bad year: 150 problems in all.
            if i > 0 && i % 20 == 0 {
                format!("{}\n", line.replacen("2021", "21", 1))
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    ws.write("a.expenditures.csv", text);
    let run = ws.import(&["a.expenditures.csv"]);
    assert_eq!(run.code, Some(1));
    let lines: Vec<u64> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("a.expenditures.csv:"))
        .filter_map(|l| l.split(':').next()?.parse().ok())
        .collect();
    let expected: Vec<u64> = (1..=100).map(|k| 20 * k + 1).collect();
    assert_eq!(lines, expected);
    assert!(run.stderr.contains("(stopped after the first 100)"));
}

#[test]
fn no_progress_is_drawn_when_stderr_is_not_a_terminal() {
    let ws = Workspace::new();
    ws.write("a.expenditures.csv", expenditures(2021, 100, None));
    // Show the bar at once: only the terminal check keeps it away.
    let output = ws
        .command()
        .env(budgetdb::io::progress::SHOW_AFTER_VAR, "0")
        .args(["import", "a.expenditures.csv"])
        .output()
        .expect("run budgetdb");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(String::from_utf8_lossy(&output.stdout).contains("expenditures"));
}

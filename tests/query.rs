//! `budgetdb query`, `sql` and `schema` through the real binary, on the
//! shipped seed data and on small fixtures.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

const DEPARTMENT: &str = "南昌市人力资源和社会保障局";

fn budgetdb(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("budgetdb").expect("binary builds");
    cmd.arg("--db").arg(db).env_remove("BUDGETDB_DB");
    cmd
}

/// A temp dir with the shipped `imports/` loaded into `budget.db`.
fn seeded() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("budget.db");
    let imports = Path::new(env!("CARGO_MANIFEST_DIR")).join("imports");
    budgetdb(&db).arg("import").arg(&imports).assert().success();
    (dir, db)
}

fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().expect("runs");
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.expect("valid csv").iter().map(str::to_string).collect())
        .collect()
}

fn query_csv(db: &Path, args: &[&str]) -> Vec<Vec<String>> {
    csv_rows(&stdout(
        budgetdb(db)
            .arg("query")
            .args(args)
            .args(["--format", "csv"]),
    ))
}

#[test]
fn three_public_matches_the_report() {
    let (_dir, db) = seeded();
    let rows = query_csv(&db, &["three_public", "-p", "year=2021"]);
    assert_eq!(
        rows[0],
        [
            "year",
            "department",
            "category",
            "budget",
            "actual",
            "execution_pct",
            "prior_actual",
            "change",
            "change_pct"
        ]
    );
    let reception = rows
        .iter()
        .find(|r| r[2] == "公务接待费")
        .expect("reception row");
    assert_eq!(
        reception[3..],
        ["37.74", "1.93", "5.11", "1.60", "0.33", "20.63"]
    );
    let total = rows.last().expect("total row");
    assert_eq!(total[2], "合计");
    assert_eq!(
        total[3..],
        ["47.44", "1.93", "4.07", "1.60", "0.33", "20.63"]
    );
    let outbound = rows
        .iter()
        .find(|r| r[2] == "因公出国（境）费")
        .expect("outbound row");
    assert_eq!(outbound[8], "", "change_pct on a prior of zero is NULL");
}

#[test]
fn summary_compares_with_the_year_before() {
    let (_dir, db) = seeded();
    let rows = query_csv(&db, &["summary", "-p", "year=2021"]);
    assert_eq!(
        rows[0],
        [
            "year",
            "department",
            "metric",
            "amount",
            "prior",
            "change",
            "change_pct"
        ]
    );
    let metrics: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        metrics,
        [
            "收入总计",
            "上年结转和结余",
            "本年收入合计",
            "支出总计",
            "本年支出合计",
            "年末结转和结余",
            "基本支出",
            "项目支出",
            "机关运行经费"
        ]
    );
    let income = rows.iter().find(|r| r[2] == "本年收入合计").expect("row");
    assert_eq!(income[3..], ["127006.76", "38009.35", "88997.41", "234.15"]);
}

#[test]
fn functions_by_class_with_execution() {
    let (_dir, db) = seeded();
    let rows = query_csv(&db, &["functions", "-p", "year=2021", "-p", "level=类"]);
    assert_eq!(
        rows[0],
        [
            "year",
            "department",
            "fund",
            "code",
            "name",
            "level",
            "budget_initial",
            "total",
            "execution_pct",
            "prior_total",
            "change",
            "change_pct"
        ]
    );
    let codes: Vec<&str> = rows[1..].iter().map(|r| r[3].as_str()).collect();
    assert_eq!(codes, ["208", "213", "221", "229"]);
    assert_eq!(rows[1][8], "1091.49");
    assert_eq!(rows[1][4], "社会保障和就业支出");
    // level by number and fund by Chinese name mean the same.
    let same = query_csv(
        &db,
        &[
            "functions",
            "-p",
            "year=2021",
            "-p",
            "level=1",
            "-p",
            "fund=财政拨款",
        ],
    );
    assert_eq!(same, rows);
    assert_eq!(
        query_csv(&db, &["functions", "-p", "year=2021", "-p", "level=项"]).len(),
        1
    );
}

#[test]
fn every_builtin_query_has_pinned_columns_and_a_value() {
    let (dir, db) = seeded();
    // The shipped report has no fund accounts or disclosures: two of each.
    let more = dir.path().join("more");
    std::fs::create_dir(&more).expect("mkdir");
    std::fs::write(
        more.join("fund_accounts.csv"),
        format!(
            "year,department,fund,carryover_begin,income,expenditure,carryover_end\n\
             2020,{DEPARTMENT},fiscal,0,100,100,0\n2021,{DEPARTMENT},fiscal,0,127006.76,125,2006.76\n"
        ),
    )
    .expect("write");
    std::fs::write(
        more.join("disclosures.csv"),
        format!(
            "year,department,table,status,page\n2021,{DEPARTMENT},支出决算表,present,5\n\
             2021,{DEPARTMENT},收入支出决算总表,present,3\n"
        ),
    )
    .expect("write");
    budgetdb(&db).arg("import").arg(&more).assert().success();
    let cases: &[(&str, &[&str], &str, &str)] = &[
        (
            "funds",
            &[
                "year",
                "department",
                "fund",
                "code",
                "name",
                "carryover_begin",
                "income",
                "expenditure",
                "basic",
                "project",
                "carryover_end",
                "prior_income",
                "prior_expenditure",
                "change",
                "change_pct",
            ],
            "127006.76",
            "25.00",
        ),
        (
            "disclosures",
            &[
                "year",
                "department",
                "table",
                "status",
                "status_label",
                "page",
                "note",
                "core",
                "source",
            ],
            "支出决算表",
            "已公开",
        ),
        (
            "claims",
            &[
                "year",
                "department",
                "metric",
                "value",
                "change",
                "change_pct",
                "budget",
                "execution_pct",
                "share_pct",
                "text",
            ],
            "econ:310",
            "397.67",
        ),
        (
            "departments",
            &["department", "kind", "years", "rows"],
            "three_public",
            "2020, 2021",
        ),
        (
            "economic",
            &[
                "year",
                "department",
                "fund",
                "code",
                "name",
                "level",
                "amount",
                "prior",
                "change",
                "change_pct",
            ],
            "310",
            "396.67",
        ),
        (
            "evaluations",
            &[
                "year",
                "department",
                "project",
                "method",
                "unit",
                "evaluator",
                "budget_full_year",
                "executed",
                "execution_pct",
                "score",
                "grade",
                "points_lost",
                "indicator_count",
                "weight_total",
                "indicator_score_total",
            ],
            "部门评价",
            "96.00",
        ),
        (
            "income",
            &[
                "year",
                "department",
                "source",
                "amount",
                "share_pct",
                "prior",
                "change",
                "change_pct",
            ],
            "财政拨款收入",
            "100.00",
        ),
        (
            "indicators",
            &[
                "year",
                "department",
                "project",
                "method",
                "level1",
                "level2",
                "level3",
                "target",
                "actual",
                "weight",
                "score",
                "points_lost",
                "note",
            ],
            "参保人员满意度",
            "4.00",
        ),
        (
            "operating_costs",
            &[
                "year",
                "department",
                "operating_costs",
                "prior",
                "change",
                "change_pct",
                "staff_active",
                "per_active_staff",
            ],
            "2021",
            "-35.45",
        ),
        (
            "procurement",
            &[
                "year",
                "department",
                "total",
                "goods",
                "works",
                "services",
                "sme",
                "sme_share_pct",
                "small_micro",
                "small_micro_share_pct",
                "prior_total",
                "change",
                "change_pct",
            ],
            "2021",
            "14.94",
        ),
        (
            "staff",
            &[
                "year",
                "department",
                "unit_count",
                "staff_total",
                "staff_active",
                "staff_retired",
                "pensioners",
                "prior_staff_total",
                "staff_change",
            ],
            "2021",
            "301",
        ),
        (
            "summary",
            &[
                "year",
                "department",
                "metric",
                "amount",
                "prior",
                "change",
                "change_pct",
            ],
            "机关运行经费",
            "342.63",
        ),
        (
            "three_public",
            &[
                "year",
                "department",
                "category",
                "budget",
                "actual",
                "execution_pct",
                "prior_actual",
                "change",
                "change_pct",
            ],
            "公务接待费",
            "20.63",
        ),
        (
            "functions",
            &[
                "year",
                "department",
                "fund",
                "code",
                "name",
                "level",
                "budget_initial",
                "total",
                "execution_pct",
                "prior_total",
                "change",
                "change_pct",
            ],
            "221",
            "109.01",
        ),
    ];
    let listed = stdout(budgetdb(&db).args(["query", "--list", "--format", "csv"]));
    let listed_names: Vec<String> = csv_rows(&listed)[1..]
        .iter()
        .map(|r| r[0].clone())
        .collect();
    let mut pinned: Vec<String> = cases.iter().map(|c| c.0.to_string()).collect();
    pinned.sort();
    assert_eq!(listed_names, pinned, "every built-in query is pinned here");
    for (name, columns, row_marker, value) in cases {
        let rows = query_csv(&db, &[name]);
        assert_eq!(rows[0], *columns, "{name} columns");
        let found = rows[1..]
            .iter()
            .any(|r| r.iter().any(|c| c == row_marker) && r.iter().any(|c| c == value));
        assert!(
            found,
            "{name}: no row with {row_marker} and {value}: {rows:?}"
        );
    }
}

#[test]
fn json_output_parses_back_with_numbers_and_nulls() {
    let (_dir, db) = seeded();
    let text = stdout(budgetdb(&db).args([
        "query",
        "three_public",
        "-p",
        "year=2021",
        "--format",
        "json",
    ]));
    let rows: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let rows = rows.as_array().expect("an array");
    assert_eq!(rows.len(), 5);
    let total = &rows[4];
    assert_eq!(total["category"], "合计");
    assert_eq!(total["year"], serde_json::json!(2021));
    assert_eq!(total["budget"], serde_json::json!(47.44));
    assert_eq!(total["change_pct"], serde_json::json!(20.63));
    assert_eq!(rows[0]["change_pct"], serde_json::Value::Null);
}

#[test]
fn table_aligns_chinese_text_by_display_width() {
    let (_dir, db) = seeded();
    let text = stdout(budgetdb(&db).args(["query", "summary", "-p", "year=2021"]));
    let lines: Vec<&str> = text.lines().collect();
    // Every line has the "amount" column ending at the same display column.
    let header_end = lines[0]
        .find("amount")
        .map(|at| lines[0][..at + "amount".len()].width())
        .expect("header");
    for line in &lines[2..] {
        let mut fields = line.split_whitespace();
        let amount = fields.nth(3).expect("amount field");
        let at = line.find(amount).expect("amount in line");
        assert_eq!(line[..at + amount.len()].width(), header_end, "{line}");
    }
    // Chinese text takes two cells per character: the department column
    // (13 characters) is 26 cells wide.
    assert!(lines[2].starts_with(&format!("2021  {DEPARTMENT}  ")));
}

#[test]
fn markdown_and_csv_bom() {
    let (_dir, db) = seeded();
    let markdown = stdout(budgetdb(&db).args(["query", "staff", "--format", "markdown"]));
    assert!(markdown.starts_with("| year | department | unit_count |"));
    assert!(markdown
        .lines()
        .nth(1)
        .is_some_and(|l| l.starts_with("| ---: | --- | ---: |")));
    let output = budgetdb(&db)
        .args(["query", "staff", "--format", "csv", "--bom"])
        .output()
        .expect("runs");
    assert!(output.stdout.starts_with(b"\xEF\xBB\xBFyear,"));
}

#[test]
fn department_filter_matches_aliases() {
    let (_dir, db) = seeded();
    let by_alias = query_csv(&db, &["three_public", "-p", "department=南昌市人社局"]);
    let by_name = query_csv(
        &db,
        &["three_public", "-p", &format!("department={DEPARTMENT}")],
    );
    assert_eq!(by_alias, by_name);
    assert_eq!(
        by_alias.len(),
        11,
        "header + 2 years x (4 categories + total)"
    );
    // A name neither canonical nor an alias is refused, not an empty table.
    let unknown = budgetdb(&db)
        .args(["query", "three_public", "-p", "department=某某局"])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no department \"某某局\""));
}

#[test]
fn functions_roll_up_levels_that_were_not_imported() {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("budget.db");
    let file = dir.path().join("expenditures.csv");
    std::fs::write(
        &file,
        "year,department,fund,code,budget_initial,basic,project\n\
         2021,局,fiscal,2080101,10,4,1\n\
         2021,局,fiscal,2080102,,2,3\n\
         2021,局,fiscal,2080505,1,0.5,0\n\
         2020,局,fiscal,2080101,,2,2\n",
    )
    .expect("write fixture");
    budgetdb(&db).arg("import").arg(&file).assert().success();
    let rows = query_csv(&db, &["functions", "-p", "year=2021"]);
    let by_code = |code: &str| {
        rows.iter()
            .find(|r| r[3] == code)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(by_code("208")[6..9], ["11.00", "10.50", "95.45"]);
    assert_eq!(by_code("20801")[6..8], ["10.00", "10.00"]);
    assert_eq!(by_code("20801")[9..], ["4.00", "6.00", "150.00"]);
    assert_eq!(by_code("20805")[7], "0.50");
}

#[test]
fn user_queries_add_and_override_and_parameters_are_checked() {
    let (dir, db) = seeded();
    let queries = dir.path().join("myqueries");
    std::fs::create_dir(&queries).expect("mkdir");
    std::fs::write(
        queries.join("reception.sql"),
        "-- name: reception\n-- description: reception only\n-- param year: fiscal year\n\
         SELECT actual FROM three_public_comparison WHERE category_id = 'reception' AND year = :year",
    )
    .expect("write");
    std::fs::write(
        queries.join("summary.sql"),
        "-- description: overridden\nSELECT 42 AS answer",
    )
    .expect("write");
    let dir_arg = queries.to_string_lossy().to_string();
    let rows = query_csv(
        &db,
        &["reception", "--queries", &dir_arg, "-p", "year=2021"],
    );
    assert_eq!(rows, [["actual"], ["1.93"]]);
    assert_eq!(
        query_csv(&db, &["summary", "--queries", &dir_arg]),
        [["answer"], ["42"]]
    );

    let undeclared = budgetdb(&db)
        .args(["query", "three_public", "-p", "yaer=2021"])
        .output()
        .expect("runs");
    assert_eq!(undeclared.status.code(), Some(2));
    let message = String::from_utf8_lossy(&undeclared.stderr);
    assert!(
        message.contains("no parameter \"yaer\"") && message.contains("year, department"),
        "{message}"
    );

    let unknown = budgetdb(&db)
        .args(["query", "three_publc"])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean \"three_public\""));
}

#[test]
fn parameters_are_bound_never_spliced() {
    let (_dir, db) = seeded();
    let hostile = "x'; DROP TABLE three_public; --";
    let refused = budgetdb(&db)
        .args([
            "query",
            "three_public",
            "-p",
            &format!("department={hostile}"),
        ])
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1), "no department of that name");
    let rows = csv_rows(&stdout(budgetdb(&db).args([
        "sql",
        "SELECT count(*) AS n FROM three_public WHERE department = :d",
        "-p",
        &format!("d={hostile}"),
        "--format",
        "csv",
    ])));
    assert_eq!(rows[1], ["0"], "bound as a value");
    assert_eq!(
        query_csv(&db, &["three_public", "-p", "year=2021"]).len(),
        6,
        "table intact"
    );
}

#[test]
fn sql_is_read_only_and_takes_parameters_and_stdin() {
    let (_dir, db) = seeded();
    for statement in [
        "DELETE FROM reports",
        "DROP TABLE reports",
        "INSERT INTO aliases (alias, canonical) VALUES ('a', 'b')",
        "UPDATE reports SET year = 1999",
    ] {
        let output = budgetdb(&db)
            .args(["sql", statement])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1), "{statement}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("read-only"),
            "{statement}"
        );
    }
    let count = stdout(budgetdb(&db).args([
        "sql",
        "SELECT count(*) AS n FROM reports WHERE year >= :from",
        "-p",
        "from=2020",
        "--format",
        "csv",
    ]));
    assert_eq!(count, "n\r\n2\r\n");
    let piped = stdout(
        budgetdb(&db)
            .args(["sql", "-", "--format", "csv"])
            .write_stdin("SELECT year FROM reports ORDER BY year"),
    );
    assert_eq!(piped, "year\r\n2020\r\n2021\r\n");
    let bad = budgetdb(&db)
        .args(["sql", "SELEC 1"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(1));
}

/// CSV and JSON print rows as SQLite produces them; a table waits for
/// every row (it needs the widths). An error part way stops the output
/// with exit status 1 and the message; a reader that closes the pipe early
/// ends the output quietly.
#[test]
fn rows_print_as_they_come_and_an_error_part_way_stops_them() {
    let (_dir, db) = seeded();
    let failing_third =
        "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 5)
        SELECT n, CASE WHEN n = 3 THEN abs(-9223372036854775808) ELSE n END AS v FROM s";
    let csv = budgetdb(&db)
        .args(["sql", failing_third, "--format", "csv"])
        .output()
        .expect("runs");
    assert_eq!(csv.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&csv.stdout),
        "n,v\r\n1,1\r\n2,2\r\n"
    );
    assert!(
        String::from_utf8_lossy(&csv.stderr).contains("integer overflow"),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    let table = budgetdb(&db)
        .args(["sql", failing_third])
        .output()
        .expect("runs");
    assert_eq!(table.status.code(), Some(1));
    assert!(table.stdout.is_empty());

    // 200,000 rows into a pipe that is closed after the first line.
    let many = "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 200000)
        SELECT n, n / 3.0 AS third FROM s";
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("budgetdb"))
        .arg("--db")
        .arg(&db)
        .args(["sql", many, "--format", "csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let mut first = String::new();
    {
        let stdout = child.stdout.take().expect("stdout");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut first)
            .expect("reads a line");
    }
    let output = child.wait_with_output().expect("ends");
    assert_eq!(first, "n,third\r\n");
    assert!(output.status.success(), "{output:?}");
    assert!(output.stderr.is_empty(), "{output:?}");
}

#[test]
fn schema_documents_tables_and_views() {
    let (_dir, db) = seeded();
    let all = stdout(budgetdb(&db).arg("schema"));
    for name in [
        "reports (table)",
        "claims (table)",
        "three_public_comparison (view)",
        "function_comparison (view)",
    ] {
        assert!(all.contains(name), "{name} missing");
    }
    let one = stdout(budgetdb(&db).args(["schema", "reports"]));
    assert!(
        one.contains("income_total_fen") && one.contains("收入总计, 分"),
        "{one}"
    );
    let unknown = budgetdb(&db)
        .args(["schema", "report"])
        .output()
        .expect("runs");
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn every_view_runs_on_a_plain_sqlite_connection() {
    let (_dir, db) = seeded();
    let conn = rusqlite::Connection::open(&db).expect("plain open");
    let views: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'view'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("list views");
    assert!(views.len() >= 8, "{views:?}");
    for view in views {
        let count: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {view}"), [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{view}: {e}"));
        assert!(
            count > 0 || view == "alias_resolution" || view == "procurement_comparison",
            "{view} is empty"
        );
    }
}

/// The saved `functions` query is written for speed rather than over the
/// view `function_comparison`; both must give the same figures for every
/// combination of parameters.
#[test]
fn functions_query_agrees_with_the_function_comparison_view() {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("budget.db");
    std::fs::write(
        dir.path().join("aliases.csv"),
        "alias,canonical\n乙局简称,乙局\n",
    )
    .expect("write aliases");
    // 2020: 项 only; 2021: 款 20801 imported next to its 项, 类 213 imported
    // alone; 2022: a 项 without the year before; two funds, two departments.
    std::fs::write(
        dir.path().join("expenditures.csv"),
        "year,department,fund,code,name,budget_initial,basic,project\n\
         2020,甲局,fiscal,2080101,行政运行,10,4,1\n\
         2020,甲局,fiscal,2080102,,5,2,3\n\
         2020,甲局,fiscal,2130101,,1,1,0\n\
         2020,乙局,fiscal,2080101,,3,1,1\n\
         2021,甲局,fiscal,2080101,行政运行,12,5,1\n\
         2021,甲局,fiscal,2080102,,5,2,4\n\
         2021,甲局,fiscal,20801,人力资源事务,17,7,5\n\
         2021,甲局,fiscal,213,农林水支出,2,2,0\n\
         2021,甲局,all,2080101,,20,9,9\n\
         2021,乙局,fiscal,2080101,,4,2,1\n\
         2021,乙局,fiscal,2210201,,0,0.5,0\n\
         2022,甲局,fiscal,2080505,,1,0.5,0\n\
         2022,乙局,fiscal,2080101,,4,2,2\n",
    )
    .expect("write expenditures");
    budgetdb(&db)
        .arg("import")
        .arg(dir.path())
        .assert()
        .success();
    let columns = "year, department, fund, code, name, level, budget_initial, total, execution_pct, prior_total, change, change_pct";
    let cases: &[(&[&str], &str)] = &[
        (&[], "fund = 'fiscal'"),
        (&["year=2021"], "fund = 'fiscal' AND year = 2021"),
        (&["year=2020"], "fund = 'fiscal' AND year = 2020"),
        (&["year=2022"], "fund = 'fiscal' AND year = 2022"),
        (
            &["department=甲局"],
            "fund = 'fiscal' AND department = '甲局'",
        ),
        (
            &["department=乙局简称", "year=2021"],
            "fund = 'fiscal' AND department = '乙局' AND year = 2021",
        ),
        (&["fund=all", "year=2021"], "fund = 'all' AND year = 2021"),
        (&["fund=财政拨款"], "fund = 'fiscal'"),
        (&["level=款"], "fund = 'fiscal' AND level = '款'"),
        (
            &["level=1", "year=2021"],
            "fund = 'fiscal' AND level_number = 1 AND year = 2021",
        ),
    ];
    for (params, filter) in cases {
        let mut args = vec!["functions", "--exact"];
        for p in *params {
            args.extend(["-p", p]);
        }
        let from_query = query_csv(&db, &args);
        let from_view = csv_rows(&stdout(budgetdb(&db).args([
            "sql",
            &format!("SELECT {columns} FROM function_comparison WHERE {filter} ORDER BY year, department, code"),
            "--format",
            "csv",
        ])));
        assert!(
            from_query.len() > 1 || *filter == "0",
            "{params:?}: no rows"
        );
        assert_eq!(from_query, from_view, "{params:?}");
    }
}

/// `functions` lists any fund's table: its `fund` takes every fund by id
/// or Chinese name, `all` (支出决算表) included.
#[test]
fn functions_take_every_fund() {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("budget.db");
    let file = dir.path().join("expenditures.csv");
    let mut text = String::from("year,department,fund,code,total\n");
    for (i, fund) in ["all", "fiscal", "general", "gov_fund", "state_capital"]
        .iter()
        .enumerate()
    {
        text.push_str(&format!("2024,D,{fund},2080505,{}\n", i + 1));
    }
    std::fs::write(&file, text).expect("write");
    budgetdb(&db).arg("import").arg(&file).assert().success();
    for (fund, total) in [
        ("all", "1.00"),
        ("全部资金", "1.00"),
        ("fiscal", "2.00"),
        ("general", "3.00"),
        ("一般公共预算财政拨款", "3.00"),
        ("一般公共预算", "3.00"),
        ("gov_fund", "4.00"),
        ("政府性基金预算财政拨款", "4.00"),
        ("state_capital", "5.00"),
    ] {
        let rows = query_csv(
            &db,
            &["functions", "-p", &format!("fund={fund}"), "-p", "level=项"],
        );
        assert_eq!(rows.len(), 2, "{fund}: {rows:?}");
        assert_eq!(rows[1][7], total, "{fund}: {rows:?}");
    }
    // Without fund: the fiscal fund, as in v1.
    assert_eq!(
        query_csv(&db, &["functions", "-p", "level=3"])[1][7],
        "2.00"
    );
}

/// `funds` has a row per account with the year before; `disclosures` a
/// row per table in print order; both filter by fund or status.
#[test]
fn funds_and_disclosures_filter_and_compare() {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("budget.db");
    std::fs::write(
        dir.path().join("fund_accounts.csv"),
        "year,department,fund,code,income,expenditure\n\
         2023,D,gov_fund,,8,8\n2024,D,gov_fund,,10,10\n2024,D,gov_fund,229,10,10\n\
         2024,D,fiscal,,110,105\n2024,D,general,,100,95\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("disclosures.csv"),
        "year,department,table,status,note\n2024,D,政府采购情况表,present,\n\
         2024,D,国有资本经营预算财政拨款收入支出决算表,empty,本表无数据\n2024,D,收入支出决算总表,present,\n",
    )
    .expect("write");
    budgetdb(&db)
        .arg("import")
        .arg(dir.path())
        .assert()
        .success();
    let rows = query_csv(&db, &["funds", "-p", "year=2024"]);
    let keys: Vec<(&str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[2].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("fiscal", ""),
            ("general", ""),
            ("gov_fund", ""),
            ("gov_fund", "229")
        ]
    );
    let rows = query_csv(
        &db,
        &[
            "funds",
            "-p",
            "fund=政府性基金预算财政拨款",
            "-p",
            "year=2024",
        ],
    );
    assert_eq!(rows.len(), 3, "{rows:?}");
    // The whole gov_fund: 10 on a prior of 8.
    assert_eq!(&rows[1][12..], ["8.00", "2.00", "25.00"], "{rows:?}");
    // Its code had no prior: NULL, not zero.
    assert_eq!(&rows[2][12..], ["", "", ""], "{rows:?}");
    let rows = query_csv(&db, &["disclosures"]);
    let tables: Vec<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        tables,
        [
            "收入支出决算总表",
            "国有资本经营预算财政拨款收入支出决算表",
            "政府采购情况表"
        ]
    );
    assert_eq!(
        &rows[2][3..],
        ["empty", "无数据", "", "本表无数据", "1", ""]
    );
    let rows = query_csv(&db, &["disclosures", "-p", "status=无数据"]);
    assert_eq!(rows.len(), 2, "{rows:?}");
}

/// The parts of fiscal income are inside it: the year's income, and so
/// each source's share, counts fiscal once.
#[test]
fn income_shares_count_the_parts_of_fiscal_once() {
    let dir = TempDir::new().expect("temp dir");
    let db = dir.path().join("budget.db");
    let file = dir.path().join("income.csv");
    std::fs::write(
        &file,
        "year,department,source,amount\n2024,D,fiscal,80\n2024,D,general,60\n2024,D,gov_fund,20\n2024,D,business,20\n",
    )
    .expect("write");
    budgetdb(&db).arg("import").arg(&file).assert().success();
    let rows = query_csv(&db, &["income"]);
    let shares: Vec<(&str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[2].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        shares,
        [
            ("财政拨款收入", "80.00"),
            ("事业收入", "20.00"),
            ("一般公共预算财政拨款收入", "60.00"),
            ("政府性基金预算财政拨款收入", "20.00"),
        ]
    );
}

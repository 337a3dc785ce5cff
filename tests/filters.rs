//! No silent empties: a filter naming a year, department, fund, level or
//! project the data or its vocabulary does not hold fails with a
//! did-you-mean; a valid filter that selects nothing says so on stderr.

mod common;

use common::{Run, Workspace};

fn run(ws: &Workspace, args: &[&str]) -> Run {
    Run::from(ws.command().args(args).output().expect("runs"))
}

/// Asserts the exit status and that stderr holds `message`.
fn fails(ws: &Workspace, args: &[&str], code: i32, message: &str) {
    let run = run(ws, args);
    run.assert_code(code);
    assert!(
        run.stderr.contains(message),
        "{args:?}: expected {message:?} in\n{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{args:?}: printed {}", run.stdout);
}

#[test]
fn an_unknown_department_fails_with_the_nearest_name() {
    let ws = Workspace::seeded();
    fails(
        &ws,
        &["query", "summary", "-p", "department=不存在的局"],
        1,
        "budgetdb query: no department \"不存在的局\" in the database; `budgetdb query departments` lists them",
    );
    // Near an alias: the alias and what it stands for.
    fails(
        &ws,
        &["query", "three_public", "-p", "department=人社局"],
        1,
        "(did you mean \"南昌市人社局\", an alias of \"南昌市人力资源和社会保障局\"?)",
    );
    fails(
        &ws,
        &[
            "query",
            "summary",
            "-p",
            "department=南昌市人力资源和社会保障",
        ],
        1,
        "(did you mean \"南昌市人力资源和社会保障局\"?)",
    );
    fails(
        &ws,
        &["check", "--department", "不存在的局"],
        1,
        "budgetdb check: no department \"不存在的局\" in the database",
    );
    // An alias is a valid filter.
    run(&ws, &["query", "summary", "-p", "department=南昌市人社局"]).assert_success();
}

#[test]
fn an_unknown_year_fails_with_the_years_held() {
    let ws = Workspace::seeded();
    let held = "no data for year 2023; the database holds 2020, 2021";
    fails(&ws, &["query", "summary", "-p", "year=2023"], 1, held);
    fails(&ws, &["query", "functions", "-p", "year=2023"], 1, held);
    fails(&ws, &["check", "--year", "2023"], 1, held);
    fails(
        &ws,
        &["query", "summary", "-p", "year=abc"],
        2,
        "year: \"abc\" is not a year",
    );
    // 2021年 reads as 2021.
    run(&ws, &["query", "summary", "-p", "year=2021年"]).assert_success();
    // A database holding only aliases holds no year.
    let empty = Workspace::new();
    empty.write("aliases.csv", "alias,canonical\n甲,甲局\n");
    empty.import_ok(&["aliases.csv"]);
    fails(
        &empty,
        &["query", "summary", "-p", "year=2021"],
        1,
        "the database is empty; run `budgetdb import` first",
    );
}

#[test]
fn fund_and_level_must_be_terms_of_their_vocabulary() {
    let ws = Workspace::seeded();
    fails(
        &ws,
        &["query", "functions", "-p", "fund=fiscl"],
        2,
        "fund: no fund \"fiscl\" (did you mean \"fiscal\"?); expected one of all (全部资金), fiscal (财政拨款)",
    );
    fails(
        &ws,
        &["query", "economic", "-p", "fund=基金"],
        2,
        "fund: no fund \"基金\"",
    );
    fails(
        &ws,
        &["query", "functions", "-p", "level=目"],
        2,
        "level: \"目\" is not a level; expected 类, 款 or 项 (or 1, 2 or 3)",
    );
    // Any name of a fund works, not only its id and label.
    let by_name = run(
        &ws,
        &[
            "query",
            "functions",
            "-p",
            "fund=财政拨款资金",
            "--format",
            "csv",
        ],
    );
    by_name.assert_success();
    assert!(by_name.stdout.lines().count() > 1, "{}", by_name.stdout);
}

#[test]
fn an_unknown_project_fails_with_the_nearest_name() {
    let ws = Workspace::seeded();
    fails(
        &ws,
        &["query", "indicators", "-p", "project=档案管理项目"],
        1,
        "no project \"档案管理项目\" in the evaluations (did you mean \"档案管理费项目\"?)",
    );
}

#[test]
fn a_valid_filter_that_selects_nothing_says_so() {
    let ws = Workspace::seeded();
    // 2020 is loaded, but not its functional expenditure.
    let none = run(
        &ws,
        &[
            "query",
            "functions",
            "-p",
            "year=2020",
            "-p",
            "fund=gov_fund",
        ],
    );
    none.assert_success();
    assert!(
        none.stderr
            .contains("budgetdb query: no rows: 2020 has no functions data (fund=gov_fund)"),
        "{}",
        none.stderr
    );
    assert!(none.stdout.starts_with("year"), "the header still prints");
    let pair = Workspace::new();
    pair.write(
        "r.reports.csv",
        "year,department,income_total\n2020,甲局,1\n2021,乙局,2\n",
    );
    pair.import_ok(&["r.reports.csv"]);
    let none = run(
        &pair,
        &[
            "query",
            "summary",
            "-p",
            "year=2021",
            "-p",
            "department=甲局",
        ],
    );
    none.assert_success();
    assert!(
        none.stderr
            .contains("budgetdb query: no rows: 2021 has no data for 甲局; it has 2020"),
        "{}",
        none.stderr
    );
    let none = run(&pair, &["check", "--year", "2021", "--department", "甲局"]);
    none.assert_success();
    assert!(
        none.stderr
            .contains("budgetdb check: nothing to check: 2021 has no data for 甲局; it has 2020"),
        "{}",
        none.stderr
    );
}

//! `budgetdb check` through the binary: the seed's exact findings, and for
//! every rule a fixture that triggers it and one that passes.

mod common;

use common::Workspace;
use serde_json::Value;

const DEPT: &str = "测试局";

/// One finding as `check --format json` prints it.
#[derive(Debug)]
struct Found {
    severity: String,
    rule: String,
    year: i64,
    subject: String,
    expected: Option<f64>,
    found: Option<f64>,
    case: String,
}

/// Imports `files` (name, contents) into a fresh workspace.
fn loaded(files: &[(&str, &str)]) -> Workspace {
    let ws = Workspace::new();
    for (name, contents) in files {
        ws.write(&format!("data/{name}"), contents);
    }
    ws.import_ok(&["data"]);
    ws
}

/// Runs `check --format json ARGS`, returning the exit status and findings.
fn check(ws: &Workspace, args: &[&str]) -> (i32, Vec<Found>) {
    let output = ws
        .command()
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("run budgetdb check");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let parsed: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "check printed no JSON ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    let findings = parsed
        .as_array()
        .expect("an array of findings")
        .iter()
        .map(|v| Found {
            severity: text(v, "severity"),
            rule: text(v, "rule"),
            year: v["year"].as_i64().expect("a year"),
            subject: text(v, "subject"),
            expected: v["expected"].as_f64(),
            found: v["found"].as_f64(),
            case: text(v, "case"),
        })
        .collect();
    (output.status.code().unwrap_or(-1), findings)
}

/// The findings of one rule.
fn of_rule(ws: &Workspace, rule: &str) -> Vec<Found> {
    check(ws, &["--rule", rule]).1
}

/// Asserts that `rule` gives exactly one finding of `severity` on `ws`.
fn triggers(ws: &Workspace, rule: &str, severity: &str) -> Found {
    let mut found = of_rule(ws, rule);
    assert_eq!(
        found.len(),
        1,
        "{rule}: expected one finding, got {found:#?}"
    );
    let finding = found.remove(0);
    assert_eq!(finding.severity, severity, "{finding:#?}");
    assert_eq!(finding.rule, rule);
    finding
}

fn passes(ws: &Workspace, rule: &str) {
    let found = of_rule(ws, rule);
    assert!(
        found.is_empty(),
        "{rule}: expected no finding, got {found:#?}"
    );
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

fn report(columns: &str, values: &str) -> String {
    format!("year,department,{columns}\n2021,{DEPT},{values}\n")
}

#[test]
fn the_seed_has_exactly_two_errors() {
    let ws = Workspace::seeded();
    let (code, findings) = check(&ws, &[]);
    assert_eq!(code, 1, "errors make check exit 1");
    let errors: Vec<&Found> = findings.iter().filter(|f| f.severity == "error").collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    // 资本性支出 grew by 11.9 on a prior of 3.00: 11.9 / 3.00 = 396.67 %,
    // the report says 397.67 %.
    assert_eq!(errors[0].rule, "claim.change_pct");
    assert_eq!(errors[0].subject, "econ:310");
    assert!(close(errors[0].expected, 396.67), "{:?}", errors[0]);
    assert!(close(errors[0].found, 397.67), "{:?}", errors[0]);
    // 因公出国（境）费 "下降100%" from a 2020 actual of 0.
    assert_eq!(errors[1].rule, "claim.change_pct");
    assert_eq!(errors[1].subject, "three_public:outbound");
    assert!(close(errors[1].found, -100.0), "{:?}", errors[1]);
    assert!(errors[1].case.contains("prior of zero"), "{:?}", errors[1]);
    // No warnings: every other figure reconciles or cannot be verified.
    assert!(
        findings.iter().all(|f| f.severity != "warning"),
        "{findings:#?}"
    );
    assert!(findings
        .iter()
        .filter(|f| f.severity == "info")
        .all(|f| f.case.starts_with("unverifiable")));
}

#[test]
fn table_output_and_filters() {
    let ws = loaded(&[
        (
            "reports.csv",
            "year,department,income_total,carryover_begin,income_current,nonfiscal_balance_used\n\
             2020,测试局,100,10,80,0\n2021,测试局,100,10,90,\n",
        ),
        ("aliases.csv", "alias,canonical\n测试旧局,测试局\n"),
    ]);
    let run = ws.command().arg("check").output().expect("run check");
    assert_eq!(run.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.starts_with("severity"), "{stdout}");
    assert!(stdout.contains("identity.income"), "{stdout}");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.ends_with("\n共 1 个错误，0 个警告，0 个提示\n"),
        "{stderr}"
    );
    let english = ws
        .command()
        .args(["check", "--lang", "en"])
        .output()
        .expect("run check");
    let stderr = String::from_utf8_lossy(&english.stderr);
    assert!(
        stderr.ends_with("\n1 error, 0 warnings, 0 notes\n"),
        "{stderr}"
    );

    let (code, found) = check(&ws, &["--year", "2021"]);
    assert_eq!((code, found.len()), (0, 0));
    let (code, found) = check(&ws, &["--year", "2020", "--department", "测试旧局"]);
    assert_eq!((code, found.len()), (1, 1));
    // A department the data does not hold is not a clean result.
    let unknown = common::Run::from(
        ws.command()
            .args(["check", "--department", "别的局"])
            .output()
            .expect("run check"),
    );
    unknown.assert_code(1);
    assert!(
        unknown
            .stderr
            .contains("no department \"别的局\" in the database"),
        "{}",
        unknown.stderr
    );
    assert_eq!(check(&ws, &["--rule", "claim"]).1.len(), 0);
    assert_eq!(check(&ws, &["--rule", "identity"]).1.len(), 1);

    let bad = ws
        .command()
        .args(["check", "--rule", "identity.incme"])
        .output()
        .expect("run check");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("did you mean \"identity.income\""));
}

// ---- identities -------------------------------------------------------

/// The reports identities, each with a passing and a failing row. The
/// passing rows are off by one 分 where rounding allows it.
#[test]
fn report_identities() {
    let cases = [
        (
            "identity.income",
            "income_total,carryover_begin,income_current,nonfiscal_balance_used",
            "100.00,10.00,85.01,5",
            "100.00,10.00,85.02,5",
        ),
        (
            "identity.income",
            "income_total,carryover_begin,income_current",
            "100.00,10.00,90.01",
            // Without nonfiscal_balance_used a mismatch is a note (below).
            "",
        ),
        (
            "identity.expenditure",
            "expenditure_total,expenditure_current,balance_distribution,carryover_end",
            "100,93,2,5",
            "100,93,2,6",
        ),
        (
            "identity.balance",
            "income_total,expenditure_total",
            "100,100",
            "100,100.01",
        ),
        (
            "identity.basic_project",
            "expenditure_current,basic_expenditure,project_expenditure",
            "95,60,35",
            "95,60,36",
        ),
        (
            "identity.staff",
            "staff_total,staff_active,staff_retired",
            "10,8,2",
            "10,8,3",
        ),
    ];
    for (rule, columns, good, bad) in cases {
        passes(&loaded(&[("reports.csv", &report(columns, good))]), rule);
        if bad.is_empty() {
            continue;
        }
        triggers(
            &loaded(&[("reports.csv", &report(columns, bad))]),
            rule,
            "error",
        );
    }
}

/// 本年支出合计 is 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助
/// 支出: the other terms its 支出决算表 states count, and still add up.
#[test]
fn basic_project_counts_the_other_spending_the_expenditure_table_states() {
    let expenditures = |operating: &str| {
        format!(
            "year,department,fund,code,total,basic,project,remit_superior,operating\n\
             2021,{DEPT},all,201,100,60,35,3,{operating}\n"
        )
    };
    let reports = report(
        "expenditure_current,basic_expenditure,project_expenditure",
        "100,60,35",
    );
    passes(
        &loaded(&[
            ("reports.csv", &reports),
            ("expenditures.csv", &expenditures("2")),
        ]),
        "identity.basic_project",
    );
    triggers(
        &loaded(&[
            ("reports.csv", &reports),
            ("expenditures.csv", &expenditures("1")),
        ]),
        "identity.basic_project",
        "error",
    );
}

/// The other spending summed over the 类 lines is allowed the rounding of
/// each line: ten lines of 0.105 printed 0.11 make 1.10 against a 1.05
/// printed once, within the ±0.005 of each of the thirteen figures.
#[test]
fn basic_project_allows_the_rounding_of_every_line_of_the_other_spending() {
    let mut expenditures =
        String::from("year,department,fund,code,total,basic,project,remit_superior\n");
    for code in [201, 203, 204, 205, 206, 207, 208, 210, 211, 212] {
        expenditures.push_str(&format!("2021,{DEPT},all,{code},0.11,0,0,0.11\n"));
    }
    let reports = report(
        "expenditure_current,basic_expenditure,project_expenditure",
        "1.05,0,0",
    );
    passes(
        &loaded(&[
            ("reports.csv", &reports),
            ("expenditures.csv", &expenditures),
        ]),
        "identity.basic_project",
    );
}

/// A term of the 总表 that is not stated is not zero: where the other
/// terms do not make the total, the finding is a note naming it.
#[test]
fn a_report_identity_with_a_term_not_stated_is_a_note() {
    for (rule, columns, values, missing) in [
        (
            "identity.income",
            "income_total,carryover_begin,income_current",
            "100,10,80",
            "nonfiscal_balance_used not stated",
        ),
        (
            "identity.income",
            "income_total,carryover_begin,income_current",
            "100,10,95",
            "nonfiscal_balance_used not stated",
        ),
        (
            "identity.expenditure",
            "expenditure_total,expenditure_current,carryover_end",
            "100,90,5",
            "balance_distribution not stated",
        ),
        (
            "identity.basic_project",
            "expenditure_current,basic_expenditure",
            "95,60",
            "project_expenditure not stated",
        ),
    ] {
        let finding = triggers(
            &loaded(&[("reports.csv", &report(columns, values))]),
            rule,
            "info",
        );
        assert!(
            finding.case.starts_with("unverifiable: ") && finding.case.contains(missing),
            "{finding:#?}"
        );
    }
}

#[test]
fn procurement_identities() {
    let file = |values: &str| {
        format!(
            "year,department,total,goods,works,services,sme,small_micro\n2021,{DEPT},{values}\n"
        )
    };
    let good = loaded(&[("procurement.csv", &file("10,5,3,2,8,6"))]);
    passes(&good, "identity.procurement");
    passes(&good, "identity.sme");
    let sum = triggers(
        &loaded(&[("procurement.csv", &file("10,5,3,3,8,6"))]),
        "identity.procurement",
        "error",
    );
    assert!(
        close(sum.expected, 11.0) && close(sum.found, 10.0),
        "{sum:?}"
    );
    triggers(
        &loaded(&[("procurement.csv", &file("10,5,3,2,11,6"))]),
        "identity.sme",
        "error",
    );
    triggers(
        &loaded(&[("procurement.csv", &file("10,5,3,2,8,9"))]),
        "identity.sme",
        "error",
    );
}

#[test]
fn carryover_links_years() {
    let file = |begin: &str| {
        format!(
            "year,department,carryover_begin,carryover_end\n2020,{DEPT},3,10\n2021,{DEPT},{begin},0\n"
        )
    };
    passes(
        &loaded(&[("reports.csv", &file("10"))]),
        "identity.carryover",
    );
    let found = triggers(
        &loaded(&[("reports.csv", &file("11"))]),
        "identity.carryover",
        "error",
    );
    assert_eq!(found.year, 2021);
}

// ---- hierarchy --------------------------------------------------------

#[test]
fn classes_equal_the_sum_of_their_parts() {
    let file = |class: &str, item: &str| {
        format!(
            "year,department,fund,code,total\n\
             2021,{DEPT},fiscal,208,{class}\n\
             2021,{DEPT},fiscal,20801,60\n\
             2021,{DEPT},fiscal,20802,40\n\
             2021,{DEPT},fiscal,2080201,30\n\
             2021,{DEPT},fiscal,2080202,{item}\n"
        )
    };
    let classes = "code,name\n208,社会保障和就业支出\n20801,人力资源和社会保障管理事务\n\
                   20802,民政管理事务\n2080201,行政运行\n2080202,一般行政管理事务\n";
    let good = loaded(&[
        ("function_classes.csv", classes),
        ("expenditures.csv", &file("100", "10")),
    ]);
    passes(&good, "hierarchy");
    let class = triggers(
        &loaded(&[
            ("function_classes.csv", classes),
            ("expenditures.csv", &file("101", "10")),
        ]),
        "hierarchy.sum",
        "error",
    );
    assert!(class.subject.starts_with("208 total"), "{class:?}");
    let section = triggers(
        &loaded(&[
            ("function_classes.csv", classes),
            ("expenditures.csv", &file("100", "11")),
        ]),
        "hierarchy.sum",
        "error",
    );
    assert!(section.subject.starts_with("20802 total"), "{section:?}");
    // 20802 lost from the classes: its code is unknown.
    let unknown = triggers(
        &loaded(&[
            (
                "function_classes.csv",
                &classes.replace("20802,民政管理事务\n", ""),
            ),
            ("expenditures.csv", &file("100", "10")),
        ]),
        "hierarchy.unknown_code",
        "warning",
    );
    assert_eq!(unknown.subject, "20802");
}

// ---- evaluations ------------------------------------------------------

const EVALUATIONS: &str = "year,department,project,method,budget_full_year,executed,score\n";
const INDICATORS: &str = "year,department,project,method,level1,level3,weight,score\n";

fn evaluation(budget: &str, executed: &str, score: &str) -> String {
    format!("{EVALUATIONS}2021,{DEPT},档案项目,self,{budget},{executed},{score}\n")
}

fn indicators(rows: &[(&str, &str)]) -> String {
    let mut text = INDICATORS.to_string();
    for (n, (weight, score)) in rows.iter().enumerate() {
        text.push_str(&format!(
            "2021,{DEPT},档案项目,self,产出指标,指标{n},{weight},{score}\n"
        ));
    }
    text
}

#[test]
fn indicator_weights_and_scores_add_up() {
    let good = loaded(&[
        ("evaluations.csv", &evaluation("10", "9", "95")),
        ("indicators.csv", &indicators(&[("60", "58"), ("40", "37")])),
    ]);
    passes(&good, "evaluation");
    let weights = triggers(
        &loaded(&[
            ("evaluations.csv", &evaluation("10", "9", "95")),
            (
                "indicators.csv",
                &indicators(&[("50", "48"), ("40", "37"), ("5", "5")]),
            ),
        ]),
        "evaluation.weights",
        "error",
    );
    assert!(close(weights.found, 95.0), "{weights:?}");
    let scores = triggers(
        &loaded(&[
            ("evaluations.csv", &evaluation("10", "9", "96")),
            ("indicators.csv", &indicators(&[("60", "58"), ("40", "37")])),
        ]),
        "evaluation.scores",
        "error",
    );
    assert!(
        close(scores.expected, 96.0) && close(scores.found, 95.0),
        "{scores:?}"
    );
}

#[test]
fn executed_within_the_full_year_budget() {
    passes(
        &loaded(&[("evaluations.csv", &evaluation("10", "10", ""))]),
        "evaluation.executed",
    );
    triggers(
        &loaded(&[("evaluations.csv", &evaluation("10", "10.02", ""))]),
        "evaluation.executed",
        "error",
    );
}

/// Import refuses a grade that disagrees with its score, but a database
/// edited by another SQLite client can still hold one.
#[test]
fn grade_agrees_with_score_even_after_an_outside_edit() {
    let ws = loaded(&[("evaluations.csv", &evaluation("", "", "89.5"))]);
    passes(&ws, "evaluation.grade");
    let conn = rusqlite::Connection::open(ws.db()).expect("open the database");
    conn.execute("UPDATE evaluations SET grade = '优'", [])
        .expect("edit the grade");
    drop(conn);
    let found = triggers(&ws, "evaluation.grade", "error");
    assert!(found.case.contains("良"), "{found:?}");
}

// ---- three_public -----------------------------------------------------

fn three_public(rows: &str) -> String {
    format!("year,department,category,budget,actual,batches,persons\n{rows}")
}

#[test]
fn three_public_execution_and_reception_counts() {
    let good = loaded(&[(
        "three_public.csv",
        &three_public(&format!(
            "2021,{DEPT},reception,5,4.99,3,20\n2021,{DEPT},outbound,2,0,,\n"
        )),
    )]);
    passes(&good, "three_public");
    let over = triggers(
        &loaded(&[(
            "three_public.csv",
            &three_public(&format!("2021,{DEPT},vehicle_operation,5,6,,\n")),
        )]),
        "three_public.execution",
        "warning",
    );
    assert!(over.case.contains("120"), "{over:?}");
    triggers(
        &loaded(&[(
            "three_public.csv",
            &three_public(&format!("2021,{DEPT},reception,5,4,0,20\n")),
        )]),
        "three_public.reception_counts",
        "warning",
    );
    // Counts not stated at all cannot be judged: a note, not a warning.
    triggers(
        &loaded(&[(
            "three_public.csv",
            &three_public(&format!("2021,{DEPT},reception,5,4,,\n")),
        )]),
        "three_public.reception_counts",
        "info",
    );
}

// ---- claims -----------------------------------------------------------

const CLAIMS: &str =
    "year,department,metric,value,change,change_pct,budget,execution_pct,share_pct,text\n";

fn claims(rows: &[&str]) -> String {
    let mut text = CLAIMS.to_string();
    for row in rows {
        text.push_str(&format!("2021,{DEPT},{row},原文\n"));
    }
    text
}

/// Two years of headline figures and 三公, one 类 with a budget.
fn tables() -> Vec<(&'static str, String)> {
    vec![
        (
            "reports.csv",
            format!(
                "year,department,income_total,expenditure_current,basic_expenditure,project_expenditure\n\
                 2020,{DEPT},1.60,80,,\n2021,{DEPT},1.93,100,62.5,37.5\n"
            ),
        ),
        (
            "three_public.csv",
            three_public(&format!(
                "2020,{DEPT},reception,5,1.60,2,9\n2020,{DEPT},outbound,1,0,,\n\
                 2020,{DEPT},vehicle_operation,4,3.00,,\n2020,{DEPT},vehicle_purchase,0,0,,\n\
                 2021,{DEPT},reception,37.74,1.93,3,10\n2021,{DEPT},outbound,9.7,0.5,,\n\
                 2021,{DEPT},vehicle_operation,4,5.00,,\n2021,{DEPT},vehicle_purchase,0,0,,\n"
            )),
        ),
        (
            "expenditures.csv",
            format!("year,department,fund,code,budget_initial,total\n2021,{DEPT},fiscal,221,564.65,615.51\n"),
        ),
    ]
}

fn with_claims(rows: &[&str]) -> Workspace {
    let mut files = tables();
    files.push(("claims.csv", claims(rows)));
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, c)| (*n, c.as_str())).collect();
    loaded(&borrowed)
}

#[test]
fn claimed_values_and_budgets_match_the_tables() {
    // Reports round amounts to 2 decimals even where they print fewer:
    // a stated 5.0 is 5.00 and matches the table's 5.00; a stated 1.94
    // cannot be the table's 1.93.
    let ws = with_claims(&[
        "income_total,1.93,,,,,",
        "function:221,615.51,,,564.65,,",
        "three_public:vehicle_operation,5.0,,,,,",
        "three_public,7.43,,,,,",
    ]);
    passes(&ws, "claim.value");
    passes(&ws, "claim.budget");
    passes(&ws, "three_public.total");
    let ws = with_claims(&[
        "income_total,1.94,,,,,",
        "function:221,615.51,,,564.6,,",
        "three_public,7.4,,,,,",
    ]);
    let value = triggers(&ws, "claim.value", "error");
    assert!(
        close(value.expected, 1.93) && close(value.found, 1.94),
        "{value:?}"
    );
    triggers(&ws, "claim.budget", "error");
    let total = triggers(&ws, "three_public.total", "error");
    assert!(close(total.expected, 7.43), "{total:?}");
}

#[test]
fn claimed_changes_are_this_year_minus_last() {
    passes(&with_claims(&["income_total,,0.33,,,,"]), "claim.change");
    let found = triggers(
        &with_claims(&["income_total,,0.34,,,,"]),
        "claim.change",
        "error",
    );
    assert!(close(found.expected, 0.33), "{found:?}");
}

#[test]
fn claimed_percentage_changes_at_their_printed_precision() {
    // 0.33 / 1.60 = 20.625 %: 20.63, 20.62 (the midpoint), 20.6 and 21
    // are right.
    for good in ["20.63", "20.62", "20.6", "21"] {
        let ws = with_claims(&[&format!("three_public:reception,1.93,0.33,{good},,,")]);
        passes(&ws, "claim.change_pct");
    }
    // 2.00 / 3.00 = 66.667 %, truncated instead of rounded: a warning.
    let ws = with_claims(&["three_public:vehicle_operation,5,2,66.66,,,"]);
    triggers(&ws, "claim.change_pct", "warning");
    let ws = with_claims(&["three_public:vehicle_operation,5,2,66.67,,,"]);
    passes(&ws, "claim.change_pct");
    // Off by two units of its last digit: an error.
    let ws = with_claims(&["three_public:reception,1.93,0.33,20.65,,,"]);
    let found = triggers(&ws, "claim.change_pct", "error");
    assert!(
        close(found.expected, 20.63) || close(found.expected, 20.625),
        "{found:?}"
    );
    // A ratio written as a percent: 120.63 for a growth of 20.63 %.
    let ws = with_claims(&["three_public:reception,1.93,0.33,120.63,,,"]);
    triggers(&ws, "claim.change_pct", "error");
    // "增长100%" on a prior of zero.
    let ws = with_claims(&["three_public:outbound,0.5,0.5,100,,,"]);
    let found = triggers(&ws, "claim.change_pct", "error");
    assert!(found.case.contains("prior of zero"), "{found:?}");
}

#[test]
fn claimed_execution_and_shares() {
    // 615.51 / 564.65 = 109.007 %; 1.93 / 37.74 = 5.114 %.
    let ws = with_claims(&[
        "function:221,615.51,,,564.65,109,",
        "three_public:reception,1.93,,,37.74,5.11,",
        "basic_expenditure,62.5,,,,,62.5",
        "project_expenditure,37.5,,,,,37.50",
    ]);
    passes(&ws, "claim.execution_pct");
    passes(&ws, "claim.share_pct");
    let ws = with_claims(&[
        "function:221,615.51,,,564.65,108,",
        "basic_expenditure,62.5,,,,,6.25",
    ]);
    triggers(&ws, "claim.execution_pct", "error");
    let share = triggers(&ws, "claim.share_pct", "error");
    assert!(close(share.expected, 62.5), "{share:?}");
}

#[test]
fn a_claim_without_its_counterpart_is_unverifiable_never_passing() {
    let ws = with_claims(&["procurement,12.5,1,,,,", "econ:302,3,,,,,"]);
    let (code, findings) = check(&ws, &["--rule", "claim"]);
    assert_eq!(code, 0, "notes alone do not fail check");
    assert_eq!(findings.len(), 3, "{findings:#?}");
    assert!(findings
        .iter()
        .all(|f| f.severity == "info" && f.case.starts_with("unverifiable")));
}

/// Claims of a report with no tables but its "三公" statements.
fn three_public_claims_only(rows: &[&str], table: &str) -> Workspace {
    let claims = claims(rows);
    let table = three_public(table);
    loaded(&[("claims.csv", &claims), ("three_public.csv", &table)])
}

#[test]
fn nothing_on_nothing_is_no_change() {
    // `增长0%` of an income of 0 that was 0: nothing to charge.
    let zero = loaded(&[(
        "claims.csv",
        &claims(&["income:other,0,0,0,,,", "income:business,0.00,0.00,0,,,"]),
    )]);
    passes(&zero, "claim.change_pct");
    // A rise from zero is still stated on a prior of zero.
    let rise = loaded(&[("claims.csv", &claims(&["income:other,5,5,100,,,"]))]);
    let found = triggers(&rise, "claim.change_pct", "error");
    assert!(found.case.contains("prior of zero"), "{found:?}");
}

#[test]
fn a_negative_implied_prior_is_suspect_not_wrong() {
    // 3 this year after a stated rise of 5: the year before was −2, which
    // no spending can be; the percentage cannot be judged.
    let ws = loaded(&[("claims.csv", &claims(&["operating_costs,3,5,40,,,"]))]);
    let found = triggers(&ws, "claim.change_pct", "info");
    assert!(found.case.contains("negative"), "{found:?}");
    let ws = loaded(&[("claims.csv", &claims(&["operating_costs,7,5,250,,,"]))]);
    passes(&ws, "claim.change_pct");
}

#[test]
fn a_three_public_total_with_a_category_not_loaded_is_unverifiable() {
    // 公务用车 is not stated: the categories loaded (5) are not the total (35).
    let missing = three_public_claims_only(
        &["three_public,35,,,,,"],
        &format!("2021,{DEPT},outbound,,0,,\n2021,{DEPT},reception,,30,,\n"),
    );
    let found = triggers(&missing, "three_public.total", "info");
    assert!(found.case.contains("vehicle"), "{found:?}");
    // All of them: a total that is their sum passes, one that is not fails.
    let all = format!(
        "2021,{DEPT},outbound,,0,,\n2021,{DEPT},reception,,30,,\n2021,{DEPT},vehicle,,5,,\n"
    );
    passes(
        &three_public_claims_only(&["three_public,35,,,,,"], &all),
        "three_public.total",
    );
    triggers(
        &three_public_claims_only(&["three_public,36,,,,,"], &all),
        "three_public.total",
        "error",
    );
}

#[test]
fn a_category_share_is_of_the_stated_total_when_the_categories_are_incomplete() {
    // Only 公务接待费 is loaded; the total the text states is the whole.
    let table = format!("2021,{DEPT},reception,,6.28,,\n2021,{DEPT},outbound,,0,,\n");
    passes(
        &three_public_claims_only(
            &[
                "three_public,6.28,,,,,",
                "three_public:reception,6.28,,,,,100",
            ],
            &table,
        ),
        "claim.share_pct",
    );
    let found = triggers(
        &three_public_claims_only(
            &[
                "three_public,6.28,,,,,",
                "three_public:reception,6.28,,,,,34.88",
            ],
            &table,
        ),
        "claim.share_pct",
        "error",
    );
    assert!(close(found.expected, 100.0), "{found:?}");
    // Without a stated total, it cannot be told.
    let found = triggers(
        &three_public_claims_only(&["three_public:reception,6.28,,,,,34.88"], &table),
        "claim.share_pct",
        "info",
    );
    assert!(found.case.contains("unverifiable"), "{found:?}");
}

// ---- contract v2: the standard tables -----------------------------------

/// A disclosures file recording `titles` as present for 2021.
fn disclosed(titles: &[&str]) -> String {
    let mut text = String::from("year,department,table,status\n");
    for title in titles {
        text.push_str(&format!("2021,{DEPT},{title},present\n"));
    }
    text
}

fn assert_unverifiable(finding: &Found, part: &str) {
    assert!(
        finding.case.starts_with("unverifiable: ") && finding.case.contains(part),
        "{finding:#?}"
    );
}

#[test]
fn income_fiscal_is_the_sum_of_its_parts() {
    let income = |fiscal: &str, parts: &str| {
        format!(
            "year,department,source,amount\n2021,{DEPT},fiscal,{fiscal}\n{}",
            parts
                .split(' ')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (source, amount) = p.split_once('=').expect("source=amount");
                    format!("2021,{DEPT},{source},{amount}\n")
                })
                .collect::<String>()
        )
    };
    let rule = "identity.fiscal_income";
    passes(
        &loaded(&[(
            "income.csv",
            &income("10", "general=7.005 gov_fund=2 state_capital=1"),
        )]),
        rule,
    );
    // A part not loaded that the others do not need: nothing to report.
    passes(
        &loaded(&[("income.csv", &income("10", "general=8 gov_fund=2"))]),
        rule,
    );
    triggers(
        &loaded(&[(
            "income.csv",
            &income("10", "general=7 gov_fund=2 state_capital=2"),
        )]),
        rule,
        "error",
    );
    let note = triggers(
        &loaded(&[("income.csv", &income("10", "general=7 gov_fund=2"))]),
        rule,
        "info",
    );
    assert_unverifiable(&note, "state_capital not stated");
    // No parts at all: nothing to compare.
    passes(&loaded(&[("income.csv", &income("10", ""))]), rule);
}

const FUNDS: &str =
    "year,department,fund,code,carryover_begin,income,expenditure,basic,project,carryover_end\n";

fn fund_rows(rows: &[&str]) -> String {
    let mut text = FUNDS.to_string();
    for row in rows {
        text.push_str(&format!("2021,{DEPT},{row}\n"));
    }
    text
}

#[test]
fn fund_accounts_balance() {
    let rule = "fund.balance";
    passes(
        &loaded(&[(
            "fund_accounts.csv",
            &fund_rows(&["fiscal,,3,100,98.01,,,5"]),
        )]),
        rule,
    );
    let error = triggers(
        &loaded(&[("fund_accounts.csv", &fund_rows(&["fiscal,,3,100,98,,,6"]))]),
        rule,
        "error",
    );
    assert_eq!(
        error.subject,
        "fiscal: carryover_begin + income = expenditure + carryover_end"
    );
    // The finding names where the row came from.
    let with_source = loaded(&[(
        "fund_accounts.csv",
        &format!("year,department,fund,carryover_begin,income,expenditure,carryover_end,source\n2021,{DEPT},fiscal,0,100,98,0,report.pdf p.10\n"),
    )]);
    let output = with_source
        .command()
        .args(["check", "--rule", "fund.balance", "--format", "json"])
        .output()
        .expect("run check");
    let findings: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(findings[0]["source"], "report.pdf p.10", "{findings}");
    // By code too.
    let error = triggers(
        &loaded(&[(
            "fund_accounts.csv",
            &fund_rows(&["gov_fund,229,0,10,9,,,0"]),
        )]),
        rule,
        "error",
    );
    assert!(error.subject.starts_with("gov_fund 229:"), "{error:#?}");
    // A carryover not printed, and the rest balancing without it: passes;
    // not balancing: a note.
    passes(
        &loaded(&[("fund_accounts.csv", &fund_rows(&["general,,,10,10,,,"]))]),
        rule,
    );
    let note = triggers(
        &loaded(&[("fund_accounts.csv", &fund_rows(&["general,,,10,9,,,"]))]),
        rule,
        "info",
    );
    assert_unverifiable(&note, "carryover_begin, carryover_end not stated");
}

#[test]
fn fund_expenditure_is_basic_plus_project() {
    let rule = "fund.basic_project";
    passes(
        &loaded(&[("fund_accounts.csv", &fund_rows(&["general,,,,98,60,38,"]))]),
        rule,
    );
    triggers(
        &loaded(&[("fund_accounts.csv", &fund_rows(&["general,,,,98,60,37,"]))]),
        rule,
        "error",
    );
    // gov_fund tables often print no basic column: project alone passes.
    passes(
        &loaded(&[("fund_accounts.csv", &fund_rows(&["gov_fund,,,,10,,10,"]))]),
        rule,
    );
    assert_unverifiable(
        &triggers(
            &loaded(&[("fund_accounts.csv", &fund_rows(&["gov_fund,,,,10,,9,"]))]),
            rule,
            "info",
        ),
        "basic not stated",
    );
}

#[test]
fn the_fiscal_fund_is_the_sum_of_the_three() {
    let rule = "fund.parts";
    let rows = |state_capital: &str| {
        let mut rows = vec![
            "fiscal,,3,100,98,60,38,5",
            "general,,3,90,88,60,28,5",
            "gov_fund,,0,10,10,0,10,0",
        ];
        if !state_capital.is_empty() {
            rows.push(state_capital);
        }
        fund_rows(&rows)
    };
    passes(
        &loaded(&[("fund_accounts.csv", &rows("state_capital,,0,0,0,0,0,0"))]),
        rule,
    );
    // No state_capital row, and the other two make the whole: passes.
    passes(&loaded(&[("fund_accounts.csv", &rows(""))]), rule);
    let error = triggers(
        &loaded(&[("fund_accounts.csv", &rows("state_capital,,0,1,0,0,0,0"))]),
        rule,
        "error",
    );
    assert_eq!(
        error.subject,
        "fiscal income = general + gov_fund + state_capital"
    );
}

const EXPENDITURES_ALL: &str = "year,department,fund,code,basic,project,total\n";

#[test]
fn the_expenditure_table_total_is_the_summary_tables() {
    let rule = "table.expenditure";
    let reports = |current: &str| {
        report(
            "expenditure_current,basic_expenditure,project_expenditure",
            &format!("{current},60,40"),
        )
    };
    let expenditures =
        format!("{EXPENDITURES_ALL}2021,{DEPT},all,208,50,30,\n2021,{DEPT},all,221,10,10,\n");
    passes(
        &loaded(&[
            ("reports.csv", &reports("100")),
            ("expenditures.csv", &expenditures),
        ]),
        rule,
    );
    // The 类 loaded do not make the total: without the disclosures saying
    // 支出决算表 was read whole, a 类 may be missing (a note) ...
    let note = triggers(
        &loaded(&[
            ("reports.csv", &reports("101")),
            ("expenditures.csv", &expenditures),
        ]),
        rule,
        "info",
    );
    assert_unverifiable(&note, "支出决算表");
    // ... with them, an error.
    let error = triggers(
        &loaded(&[
            ("reports.csv", &reports("101")),
            ("expenditures.csv", &expenditures),
            ("disclosures.csv", &disclosed(&["支出决算表"])),
        ]),
        rule,
        "error",
    );
    assert_eq!(
        error.subject,
        "reports.expenditure_current = Σ 类 total (all)"
    );
    assert!(
        close(error.expected, 100.0) && close(error.found, 101.0),
        "{error:#?}"
    );
}

#[test]
fn a_funds_total_row_is_the_sum_of_its_classes() {
    let rule = "table.fund_expenditure";
    let accounts = |expenditure: &str| fund_rows(&[&format!("general,,,,{expenditure},60,38,")]);
    let expenditures = format!(
        "{EXPENDITURES_ALL}2021,{DEPT},general,208,50,30,\n2021,{DEPT},general,221,10,8,\n"
    );
    let disclosures = disclosed(&["一般公共预算财政拨款支出决算表"]);
    passes(
        &loaded(&[
            ("fund_accounts.csv", &accounts("98")),
            ("expenditures.csv", &expenditures),
            ("disclosures.csv", &disclosures),
        ]),
        rule,
    );
    let error = triggers(
        &loaded(&[
            ("fund_accounts.csv", &accounts("99")),
            ("expenditures.csv", &expenditures),
            ("disclosures.csv", &disclosures),
        ]),
        rule,
        "error",
    );
    assert_eq!(
        error.subject,
        "fund_accounts general expenditure = Σ 类 total (general)"
    );
}

#[test]
fn the_general_basic_total_is_the_sum_of_the_economic_classes() {
    let rule = "table.general_basic";
    let economic = format!(
        "year,department,code,amount\n2021,{DEPT},301,40\n2021,{DEPT},302,15\n2021,{DEPT},303,3\n2021,{DEPT},310,2\n"
    );
    let accounts = |basic: &str| fund_rows(&[&format!("general,,,,,{basic},,")]);
    let disclosures = disclosed(&["一般公共预算财政拨款基本支出决算表"]);
    passes(
        &loaded(&[
            ("fund_accounts.csv", &accounts("60")),
            ("economic_expenditures.csv", &economic),
            ("disclosures.csv", &disclosures),
        ]),
        rule,
    );
    triggers(
        &loaded(&[
            ("fund_accounts.csv", &accounts("61")),
            ("economic_expenditures.csv", &economic),
            ("disclosures.csv", &disclosures),
        ]),
        rule,
        "error",
    );
    // Against the general fund's 类 where its accounts are not loaded.
    let expenditures = format!("{EXPENDITURES_ALL}2021,{DEPT},general,208,61,0,\n");
    let error = triggers(
        &loaded(&[
            ("expenditures.csv", &expenditures),
            ("economic_expenditures.csv", &economic),
            ("disclosures.csv", &disclosures),
        ]),
        rule,
        "error",
    );
    assert_eq!(
        error.subject,
        "Σ 类 basic (general) = Σ economic 类 (general)"
    );
}

#[test]
fn the_income_sources_make_the_income_of_the_year() {
    let rule = "table.income";
    let reports = report("income_current", "100");
    let income = |business: &str| {
        format!("year,department,source,amount\n2021,{DEPT},fiscal,90\n2021,{DEPT},business,{business}\n")
    };
    passes(
        &loaded(&[("reports.csv", &reports), ("income.csv", &income("10"))]),
        rule,
    );
    // Sources not loaded may make up the rest: a note naming them.
    let note = triggers(
        &loaded(&[("reports.csv", &reports), ("income.csv", &income("9"))]),
        rule,
        "info",
    );
    assert_unverifiable(&note, "superior, operating, affiliated, other not stated");
    let every = format!(
        "year,department,source,amount\n2021,{DEPT},fiscal,90\n2021,{DEPT},business,9\n\
         2021,{DEPT},superior,0\n2021,{DEPT},operating,0\n2021,{DEPT},affiliated,0\n2021,{DEPT},other,0\n"
    );
    triggers(
        &loaded(&[("reports.csv", &reports), ("income.csv", &every)]),
        rule,
        "error",
    );
}

#[test]
fn a_funds_income_is_the_income_of_that_source() {
    let rule = "table.fund_income";
    let accounts = fund_rows(&["fiscal,,,100,,,,"]);
    let income =
        |amount: &str| format!("year,department,source,amount\n2021,{DEPT},fiscal,{amount}\n");
    passes(
        &loaded(&[
            ("fund_accounts.csv", &accounts),
            ("income.csv", &income("100")),
        ]),
        rule,
    );
    triggers(
        &loaded(&[
            ("fund_accounts.csv", &accounts),
            ("income.csv", &income("99")),
        ]),
        rule,
        "error",
    );
}

#[test]
fn the_income_tables_classes_and_levels_add_up() {
    let income = |class: &str| {
        format!(
            "year,department,source,code,amount\n2021,{DEPT},fiscal,,10\n2021,{DEPT},fiscal,208,{class}\n\
             2021,{DEPT},fiscal,20801,4\n2021,{DEPT},fiscal,20802,3\n2021,{DEPT},fiscal,221,3\n"
        )
    };
    let disclosures = disclosed(&["收入决算表"]);
    let good = loaded(&[
        ("income.csv", &income("7")),
        ("disclosures.csv", &disclosures),
    ]);
    passes(&good, "table.income_codes");
    passes(&good, "hierarchy.income");
    let bad = loaded(&[
        ("income.csv", &income("8")),
        ("disclosures.csv", &disclosures),
    ]);
    let error = triggers(&bad, "table.income_codes", "error");
    assert_eq!(error.subject, "income fiscal = Σ 类");
    let error = triggers(&bad, "hierarchy.income", "error");
    assert_eq!(error.subject, "208 income fiscal");
    assert!(
        error.case.starts_with("类 ≠ the sum of its 2 款"),
        "{error:#?}"
    );
    // Without the disclosures: notes.
    let unsure = loaded(&[("income.csv", &income("8"))]);
    assert_unverifiable(&triggers(&unsure, "hierarchy.income", "info"), "收入决算表");
}

#[test]
fn economic_classes_and_fund_codes_add_up() {
    let economic = |class: &str| {
        format!(
            "year,department,code,amount\n2021,{DEPT},302,{class}\n2021,{DEPT},30201,1\n2021,{DEPT},30202,2\n"
        )
    };
    let disclosures = disclosed(&["一般公共预算财政拨款基本支出决算表"]);
    passes(
        &loaded(&[
            ("economic_expenditures.csv", &economic("3")),
            ("disclosures.csv", &disclosures),
        ]),
        "hierarchy.economic",
    );
    let error = triggers(
        &loaded(&[
            ("economic_expenditures.csv", &economic("4")),
            ("disclosures.csv", &disclosures),
        ]),
        "hierarchy.economic",
        "error",
    );
    assert_eq!(error.subject, "302 economic (general)");
    let accounts = |class: &str| {
        fund_rows(&[
            &format!("gov_fund,229,0,{class},{class},,{class},0"),
            "gov_fund,22960,0,4,4,,4,0",
            "gov_fund,22999,0,6,6,,6,0",
        ])
    };
    let disclosures = disclosed(&["政府性基金预算财政拨款收入支出决算表"]);
    passes(
        &loaded(&[
            ("fund_accounts.csv", &accounts("10")),
            ("disclosures.csv", &disclosures),
        ]),
        "hierarchy.fund_accounts",
    );
    let bad = loaded(&[
        ("fund_accounts.csv", &accounts("11")),
        ("disclosures.csv", &disclosures),
    ]);
    let found = of_rule(&bad, "hierarchy.fund_accounts");
    let subjects: Vec<&str> = found.iter().map(|f| f.subject.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "229 expenditure (gov_fund)",
            "229 income (gov_fund)",
            "229 project (gov_fund)"
        ],
        "{found:#?}"
    );
    assert!(found.iter().all(|f| f.severity == "error"));
}

#[test]
fn expenditure_classes_add_up_in_every_column() {
    let rows = |basic: &str| {
        format!(
            "{EXPENDITURES_ALL}2021,{DEPT},all,208,{basic},5,\n2021,{DEPT},all,20801,3,2,\n2021,{DEPT},all,20802,2,3,\n"
        )
    };
    passes(
        &loaded(&[("expenditures.csv", &rows("5"))]),
        "hierarchy.sum",
    );
    let found = of_rule(
        &loaded(&[("expenditures.csv", &rows("6"))]),
        "hierarchy.sum",
    );
    let subjects: Vec<&str> = found.iter().map(|f| f.subject.as_str()).collect();
    assert_eq!(
        subjects,
        ["208 basic (all)", "208 total (all)"],
        "{found:#?}"
    );
}

#[test]
fn a_missing_standard_table_is_a_note() {
    let core = [
        "收入支出决算总表",
        "收入决算表",
        "支出决算表",
        "财政拨款收入支出决算总表",
        "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算表",
        "财政拨款“三公”经费支出决算表",
        "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款收入支出决算表",
    ];
    let every = loaded(&[("disclosures.csv", &disclosed(&core))]);
    passes(&every, "completeness");
    let mut text = disclosed(&core[..8]);
    text.push_str(&format!(
        "2021,{DEPT},国有资本经营预算财政拨款收入支出决算表,missing\n"
    ));
    let missing = triggers(
        &loaded(&[("disclosures.csv", &text)]),
        "completeness.table_missing",
        "info",
    );
    assert_eq!(missing.subject, "国有资本经营预算财政拨款收入支出决算表");
    let unlisted = triggers(
        &loaded(&[("disclosures.csv", &disclosed(&core[1..]))]),
        "completeness.table_unlisted",
        "info",
    );
    assert_eq!(unlisted.subject, "收入支出决算总表");
    // An empty table is carried (printed with 无数据): no note.
    let mut text = disclosed(&core[..8]);
    text.push_str(&format!(
        "2021,{DEPT},国有资本经营预算财政拨款收入支出决算表,empty\n"
    ));
    passes(&loaded(&[("disclosures.csv", &text)]), "completeness");
    // A report without disclosures: nothing is known, nothing is noted.
    passes(
        &loaded(&[("reports.csv", &report("income_total", "1"))]),
        "completeness",
    );
}

#[test]
fn claims_about_funds_other_tables_and_basic_halves() {
    let claims = |rows: &[&str]| {
        let mut text = String::from("year,department,metric,value,share_pct\n");
        for row in rows {
            text.push_str(&format!("2021,{DEPT},{row}\n"));
        }
        text
    };
    let accounts = fund_rows(&["general,,3,90,88,60,28,5"]);
    let expenditures = format!(
        "{EXPENDITURES_ALL}2021,{DEPT},general,208,50,30,\n2021,{DEPT},general,2080505,10,0,\n"
    );
    let economic = format!(
        "year,department,code,amount\n2021,{DEPT},301,40\n2021,{DEPT},302,15\n2021,{DEPT},303,3\n2021,{DEPT},310,2\n"
    );
    let tables = [
        ("fund_accounts.csv", accounts.as_str()),
        ("expenditures.csv", expenditures.as_str()),
        ("economic_expenditures.csv", economic.as_str()),
    ];
    let with = |rows: &[&str]| {
        let claims = claims(rows);
        let mut files = tables.to_vec();
        files.push(("claims.csv", &claims));
        loaded(&files)
    };
    let good = with(&[
        "fund:general,88,",
        "fund:general:carryover_end,5,",
        "function:208@general,80,",
        "function:2080505@general,10,12.5",
        "basic:personnel,43,71.67",
        "basic:public,17,",
    ]);
    passes(&good, "claim");
    let bad = with(&[
        "fund:general,87,",
        "fund:general:income,91,",
        "function:208@general,81,",
        "basic:personnel,44,",
        "basic:public,17,30",
    ]);
    let found = of_rule(&bad, "claim");
    let got: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|f| (f.severity.as_str(), f.rule.as_str(), f.subject.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("error", "claim.share_pct", "basic:public"),
            ("error", "claim.value", "basic:personnel"),
            ("error", "claim.value", "function:208@general"),
            ("error", "claim.value", "fund:general"),
            ("error", "claim.value", "fund:general:income"),
        ],
        "{found:#?}"
    );
    // A half of basic expenditure with one of its codes not loaded, and
    // no disclosures saying the table was read whole: unverifiable.
    let partial = format!("year,department,code,amount\n2021,{DEPT},301,40\n");
    let claims = claims(&["basic:personnel,43,"]);
    let ws = loaded(&[
        ("economic_expenditures.csv", &partial),
        ("claims.csv", &claims),
    ]);
    assert_unverifiable(&triggers(&ws, "claim.value", "info"), "303");
    // With it: the code not printed has nothing in it.
    let ws = loaded(&[
        ("economic_expenditures.csv", &partial),
        ("claims.csv", &claims),
        (
            "disclosures.csv",
            &disclosed(&["一般公共预算财政拨款基本支出决算表"]),
        ),
    ]);
    assert!(close(triggers(&ws, "claim.value", "error").expected, 40.0));
}

#[test]
fn claimed_changes_on_the_budget() {
    let claims = |rows: &[&str]| {
        let mut text =
            String::from("year,department,metric,value,budget,budget_change,budget_change_pct\n");
        for row in rows {
            text.push_str(&format!("2021,{DEPT},{row}\n"));
        }
        text
    };
    let expenditures =
        format!("year,department,fund,code,budget_initial,total\n2021,{DEPT},fiscal,208,80,100\n");
    let with = |rows: &[&str]| {
        let claims = claims(rows);
        loaded(&[("expenditures.csv", &expenditures), ("claims.csv", &claims)])
    };
    passes(&with(&["function:208,100,80,20,25"]), "claim.budget_change");
    passes(
        &with(&["function:208,100,80,20,25"]),
        "claim.budget_change_pct",
    );
    // From the tables' budget when the claim states none.
    passes(
        &with(&["function:208,,,20,25.0"]),
        "claim.budget_change_pct",
    );
    let error = triggers(
        &with(&["function:208,100,80,21,"]),
        "claim.budget_change",
        "error",
    );
    assert!(
        close(error.expected, 20.0) && close(error.found, 21.0),
        "{error:#?}"
    );
    triggers(
        &with(&["function:208,100,80,,26"]),
        "claim.budget_change_pct",
        "error",
    );
    // A metric with no budget in the tables or the claim: unverifiable.
    let ws = loaded(&[("claims.csv", &claims(&["fund:general,88,,8,"]))]);
    assert_unverifiable(&triggers(&ws, "claim.budget_change", "info"), "no budget");
}

/// Income in all (`income` claims, shares of income) counts fiscal once:
/// its parts are inside it.
#[test]
fn a_claim_of_all_income_counts_the_parts_of_fiscal_once() {
    let income = format!(
        "year,department,source,amount\n2021,{DEPT},fiscal,80\n2021,{DEPT},general,60\n\
         2021,{DEPT},gov_fund,20\n2021,{DEPT},business,20\n"
    );
    let with = |value: &str| {
        let claims = format!("year,department,metric,value\n2021,{DEPT},income,{value}\n");
        loaded(&[("income.csv", &income), ("claims.csv", &claims)])
    };
    passes(&with("100"), "claim.value");
    let error = triggers(&with("180"), "claim.value", "error");
    assert!(close(error.expected, 100.0), "{error:#?}");
}

//! The publication against itself (`consistency.*`, `completeness.contents`)
//! through the binary: the seed report and variants of it that each carry
//! one template mistake are extracted, imported and checked; each variant
//! raises its rule once and changes nothing else. The real sample PDF, a
//! correct report, raises none of them.

mod common;

use std::path::Path;

use common::{fixture, Run, Workspace};

/// The seed report's text, as pdftotext wrote it.
const SEED: &str = "extract/nanchang-hrss-2021.txt";

/// The families these rules belong to.
const RULES: [&str; 2] = ["consistency", "completeness.contents"];

/// Extracts `text`, imports it, and returns every finding as CSV lines
/// `severity,rule,subject,case` (sorted), and the run of `check`.
fn findings(text: &str) -> (Vec<String>, Run) {
    let ws = Workspace::new();
    ws.write("report.txt", text);
    let mut extract = ws.command();
    extract.args(["extract", "report.txt", "--out", "out"]);
    Run::from(extract.output().expect("run budgetdb")).assert_success();
    ws.import_ok(&["out"]);
    let mut check = ws.command();
    check.args(["check", "--format", "json"]);
    let run = Run::from(check.output().expect("run budgetdb"));
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json findings");
    let mut lines: Vec<String> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            let field = |name: &str| f[name].as_str().unwrap_or_default().to_string();
            format!(
                "{},{},{},{}",
                field("severity"),
                field("rule"),
                field("subject"),
                field("case")
            )
        })
        .collect();
    lines.sort();
    (lines, run)
}

fn seed() -> String {
    String::from_utf8(fixture(SEED)).expect("UTF-8 fixture")
}

/// The seed with `from` replaced by `to` (exactly once).
fn variant(from: &str, to: &str) -> String {
    let seed = seed();
    assert_eq!(
        seed.matches(from).count(),
        1,
        "{from:?} must occur once in the seed"
    );
    seed.replacen(from, to, 1)
}

fn of_these_rules(lines: &[String]) -> Vec<&String> {
    lines
        .iter()
        .filter(|l| {
            RULES
                .iter()
                .any(|r| l.split(',').nth(1).is_some_and(|rule| rule.starts_with(r)))
        })
        .collect()
}

/// Checks that `text` raises exactly one finding of these rules, of `rule`
/// and `severity`, and otherwise the same findings as the seed.
fn raises_once(text: &str, rule: &str, severity: &str) -> String {
    let (baseline, _) = findings(&seed());
    let (found, _) = findings(text);
    let ours = of_these_rules(&found);
    assert_eq!(ours.len(), 1, "expected one finding of {rule}: {ours:#?}");
    let finding = ours[0].clone();
    assert!(
        finding.starts_with(&format!("{severity},{rule},")),
        "{finding}"
    );
    let others: Vec<&String> = found.iter().filter(|l| **l != finding).collect();
    let baseline: Vec<&String> = baseline.iter().collect();
    assert_eq!(others, baseline, "the variant must change nothing else");
    finding
}

#[test]
fn the_seed_raises_none_of_these_rules() {
    let (found, _) = findings(&seed());
    assert_eq!(of_these_rules(&found), Vec::<&String>::new());
}

#[test]
fn a_placeholder_left_in_a_heading_is_an_error() {
    let finding = raises_once(
        &variant("一、部门主要职能", "一、XX局部门主要职能"),
        "consistency.placeholder",
        "error",
    );
    assert!(finding.contains(",heading,"), "{finding}");
}

#[test]
fn a_heading_of_another_year_is_an_error() {
    let finding = raises_once(
        &variant(
            "第二部分 2021 年度部门决算表",
            "第二部分 2019 年度部门决算表",
        ),
        "consistency.year",
        "error",
    );
    assert!(
        finding.contains("names 2019, but the report is of 2021"),
        "{finding}"
    );
}

#[test]
fn a_closing_date_of_another_year_is_an_error() {
    let text = variant(
        "八、国有资产占用情况说明\n",
        "八、国有资产占用情况说明\n截至2020年12月31日，本部门共有车辆2辆。\n",
    );
    let finding = raises_once(&text, "consistency.year", "error");
    assert!(finding.contains("sentence"), "{finding}");
}

#[test]
fn the_year_before_is_fine_where_a_heading_compares() {
    let text = variant(
        "第二部分 2021 年度部门决算表",
        "第二部分 2021 年度部门决算表（与2020年度对比）",
    );
    let (found, _) = findings(&text);
    assert_eq!(of_these_rules(&found), Vec::<&String>::new());
}

#[test]
fn a_table_title_naming_another_department_is_a_warning() {
    let text = variant(
        "第二部分 2021 年度部门决算表\n",
        "第二部分 2021 年度部门决算表\n南昌市财政局2021年度收入支出决算总表\n",
    );
    let finding = raises_once(&text, "consistency.department", "warning");
    assert!(finding.contains("names 南昌市财政局"), "{finding}");
}

#[test]
fn words_that_contradict_their_figures_are_an_error() {
    let text = variant(
        "八、国有资产占用情况说明\n",
        "八、国有资产占用情况说明\n年初预算为1560.05万元，支出决算为1511.89万元。决算数大于预算数的主要原因是项目提前实施。\n",
    );
    let finding = raises_once(&text, "consistency.comparison_word", "error");
    assert!(
        finding.contains("1511.89") && finding.contains("1560.05"),
        "{finding}"
    );
}

#[test]
fn words_that_agree_with_their_figures_within_rounding_are_fine() {
    for (words, actual) in [
        ("大于", "1560.10"),
        ("小于", "1511.89"),
        ("持平", "1560.05"),
    ] {
        let text = variant(
            "八、国有资产占用情况说明\n",
            &format!("八、国有资产占用情况说明\n年初预算为1560.05万元，支出决算为{actual}万元。决算数{words}年初预算数。\n"),
        );
        let (found, _) = findings(&text);
        assert_eq!(
            of_these_rules(&found),
            Vec::<&String>::new(),
            "{words} {actual}"
        );
    }
}

#[test]
fn a_table_listed_in_the_contents_and_missing_from_the_body_is_an_error() {
    let contents = "目录\n第一部分 南昌市人社局部门概况\n第二部分 2021 年度部门决算表\n一、收入支出决算总表\n二、收入决算表\n第三部分 2021 年度部门决算情况说明\n";
    let seed = seed();
    let with_contents = format!("{contents}{seed}");
    // The body's part heading is the last one of that text; a table title follows it.
    let part = "第二部分 2021 年度部门决算表\n";
    let at = with_contents.rfind(part).expect("the body's part heading") + part.len();
    let text = format!(
        "{}收入支出决算总表\n{}",
        &with_contents[..at],
        &with_contents[at..]
    );
    let finding = raises_once(&text, "completeness.contents", "error");
    assert!(finding.contains("收入决算表"), "{finding}");
    // Without any table title in the body, the 目录 cannot be verified: a note.
    let (found, _) = findings(&with_contents);
    let ours = of_these_rules(&found);
    assert_eq!(ours.len(), 1, "{ours:#?}");
    assert!(
        ours[0].starts_with("info,completeness.contents,"),
        "{}",
        ours[0]
    );
}

#[test]
fn the_real_sample_raises_none_of_these_rules() {
    if common::no_pdftotext() {
        return;
    }
    let sample =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/samples/putuo-shgzb-2024.pdf");
    let ws = Workspace::new();
    let mut extract = ws.command();
    extract.arg("extract").arg(&sample).args(["--out", "out"]);
    Run::from(extract.output().expect("run budgetdb")).assert_success();
    let texts = std::fs::read_to_string(ws.path("out/texts.csv")).expect("texts.csv written");
    for role in ["title", "contents", "heading", "table_title", "comparison"] {
        assert!(
            texts.contains(&format!(",{role},")),
            "no {role} kept:\n{texts}"
        );
    }
    ws.import_ok(&["out"]);
    let mut check = ws.command();
    check.args([
        "check",
        "--format",
        "json",
        "--rule",
        "consistency",
        "--rule",
        "completeness.contents",
    ]);
    let run = Run::from(check.output().expect("run budgetdb"));
    run.assert_success();
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).expect("json findings");
    assert_eq!(findings, serde_json::json!([]), "{}", run.stdout);
}

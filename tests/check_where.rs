//! A finding names the file and line its rows were imported from: in the
//! blocks a person reads (`--> PATH:LINE`), and as fields in csv and json
//! (`file`, `line`, and every row's in `locations`).

mod common;

use common::{Run, Workspace};

const DEPT: &str = "甲局";

fn check(ws: &Workspace, args: &[&str]) -> Run {
    ws.check(args)
}

/// The json findings of `rule`.
fn json_of(ws: &Workspace, rule: &str) -> Vec<serde_json::Value> {
    let run = check(ws, &["--format", "json", "--rule", rule]);
    let all: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    all.as_array().expect("an array").clone()
}

/// The csv findings as header → value maps.
fn csv_of(ws: &Workspace, rule: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let run = check(ws, &["--format", "csv", "--rule", rule]);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let headers = reader.headers().expect("a header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("a record");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A 类 whose total is not the sum of its 款 (line 4 of its file, the 款
/// on lines 2 and 3), below a report whose headline figures add up.
fn class_off(ws: &Workspace) {
    ws.write(
        "data/2021.expenditures.csv",
        format!(
            "year,department,code,total\n\
             2021,{DEPT},20801,10\n\
             2021,{DEPT},20802,20\n\
             2021,{DEPT},208,31\n"
        ),
    );
    ws.import_ok(&["data"]);
}

#[test]
fn a_table_row_finding_names_its_file_and_line() {
    let ws = Workspace::new();
    class_off(&ws);
    let blocks = check(&ws, &["--format", "blocks", "--lang", "en"]);
    blocks.assert_code(1);
    assert!(
        blocks
            .stdout
            .contains("error[hierarchy.sum]: a class is not the sum of its parts\n  --> data/2021.expenditures.csv:4 (and 2 more rows)\n  subject 208 total (all): "),
        "{}",
        blocks.stdout
    );
    let found = json_of(&ws, "hierarchy.sum");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], "data/2021.expenditures.csv");
    assert_eq!(found[0]["line"], 4);
    assert_eq!(
        found[0]["locations"],
        "data/2021.expenditures.csv:4; data/2021.expenditures.csv:2; data/2021.expenditures.csv:3"
    );
    // The short forms print the same.
    assert_eq!(
        check(&ws, &["--json"]).stdout,
        check(&ws, &["--format", "json"]).stdout
    );
    assert_eq!(
        check(&ws, &["--csv"]).stdout,
        check(&ws, &["--format", "csv"]).stdout
    );
    let rows = csv_of(&ws, "hierarchy.sum");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["file"], "data/2021.expenditures.csv");
    assert_eq!(rows[0]["line"], "4");
    // The fields are added after the ones there were.
    let csv = check(&ws, &["--format", "csv"]);
    assert!(csv.stdout.starts_with(
        "severity,rule,year,department,subject,expected,found,difference,case,text,subject_label,source,file,line,locations\r\n"
    ), "{}", csv.stdout);

    // A later file that states the 类 again becomes where it came from.
    ws.write(
        "fix.expenditures.csv",
        format!("year,department,code,total\n2021,{DEPT},208,32\n"),
    );
    ws.import_ok(&["fix.expenditures.csv"]);
    let found = json_of(&ws, "hierarchy.sum");
    assert_eq!(found[0]["file"], "fix.expenditures.csv", "{found:?}");
    assert_eq!(found[0]["line"], 2);
    let blocks = check(&ws, &["--format", "blocks"]);
    assert!(
        blocks
            .stdout
            .contains("  --> fix.expenditures.csv:2（另有 2 行）\n  事项 "),
        "{}",
        blocks.stdout
    );
}

#[test]
fn a_narrative_claim_finding_names_its_file_and_line() {
    let ws = Workspace::new();
    ws.write(
        "r.reports.csv",
        format!("year,department,income_total\n2021,{DEPT},100\n"),
    );
    ws.write(
        "r.claims.csv",
        format!(
            "year,department,metric,value,text\n\
             2021,{DEPT},income_total,100,收入总计100万元。\n\
             2021,{DEPT},expenditure_total,50,支出总计50万元。\n\
             2021,{DEPT},income_current,,本年收入未列。\n"
        ),
    );
    ws.import_ok(&["r.reports.csv", "r.claims.csv"]);
    // The stated income total is replaced by a wrong one from another file.
    ws.write(
        "t.claims.csv",
        format!(
            "year,department,metric,value,text\n\
             2021,{DEPT},carryover_begin,5,年初结转5万元。\n\
             2021,{DEPT},income_total,120,收入总计120万元。\n"
        ),
    );
    ws.import_ok(&["t.claims.csv"]);
    let blocks = check(&ws, &["--format", "blocks", "--rule", "claim.value"]);
    blocks.assert_code(1);
    assert!(
        blocks.stdout.contains(
            "错误[claim.value]: 陈述数与表中数不符\n  --> t.claims.csv:3（另有 1 行）\n  事项 收入总计\n"
        ),
        "{}",
        blocks.stdout
    );
    let found = json_of(&ws, "claim.value");
    let wrong: Vec<_> = found.iter().filter(|f| f["severity"] == "error").collect();
    assert_eq!(wrong.len(), 1, "{found:?}");
    assert_eq!(wrong[0]["file"], "t.claims.csv");
    assert_eq!(wrong[0]["line"], 3);
    // Both figures compared: the claim first, then the table row.
    assert_eq!(wrong[0]["locations"], "t.claims.csv:3; r.reports.csv:2");
    // The notes about the claims not in the tables point at their own lines.
    let lines: Vec<(String, i64)> = found
        .iter()
        .filter(|f| f["severity"] == "info")
        .map(|f| {
            (
                f["file"].as_str().expect("a file").to_string(),
                f["line"].as_i64().expect("a line"),
            )
        })
        .collect();
    assert!(lines.contains(&("r.claims.csv".into(), 3)), "{lines:?}");
    assert!(lines.contains(&("t.claims.csv".into(), 2)), "{lines:?}");
    let rows = csv_of(&ws, "claim.value");
    let wrong: Vec<_> = rows.iter().filter(|r| r["severity"] == "error").collect();
    assert_eq!(wrong[0]["file"], "t.claims.csv");
    assert_eq!(wrong[0]["line"], "3");
}

/// A derived figure is located at the claim and at every table row it was
/// computed from: the prior year's for a change, the part's and the whole's
/// for a share.
#[test]
fn a_derived_claim_finding_names_the_table_rows_it_was_computed_from() {
    let ws = Workspace::new();
    ws.write(
        "a.reports.csv",
        format!("year,department,expenditure_total\n2020,{DEPT},100\n"),
    );
    ws.write(
        "e.expenditures.csv",
        format!(
            "year,department,fund,code,total\n\
             2021,{DEPT},fiscal,201,30\n\
             2021,{DEPT},fiscal,208,70\n"
        ),
    );
    ws.write(
        "c.claims.csv",
        format!(
            "year,department,metric,value,change_pct,share_pct,text\n\
             2021,{DEPT},expenditure_total,150,40,,支出总计150万元，增长40%。\n\
             2021,{DEPT},function:201,30,,35,一般公共服务支出30万元，占35%。\n"
        ),
    );
    ws.import_ok(&["a.reports.csv", "e.expenditures.csv", "c.claims.csv"]);
    let change = json_of(&ws, "claim.change_pct");
    let wrong: Vec<_> = change.iter().filter(|f| f["severity"] == "error").collect();
    assert_eq!(wrong.len(), 1, "{change:?}");
    assert_eq!(wrong[0]["locations"], "c.claims.csv:2; a.reports.csv:2");
    let share = json_of(&ws, "claim.share_pct");
    let wrong: Vec<_> = share.iter().filter(|f| f["severity"] == "error").collect();
    assert_eq!(wrong.len(), 1, "{share:?}");
    assert_eq!(
        wrong[0]["locations"],
        "c.claims.csv:3; e.expenditures.csv:2; e.expenditures.csv:3"
    );
}

#[test]
fn a_text_of_the_publication_names_its_file_and_line() {
    let ws = Workspace::new();
    ws.write(
        "p.texts.csv",
        format!(
            "year,department,seq,role,text\n\
             2021,{DEPT},1,title,甲局2021年度部门决算\n\
             2021,{DEPT},2,heading,XX局基本情况\n"
        ),
    );
    ws.import_ok(&["p.texts.csv"]);
    let found = json_of(&ws, "consistency.placeholder");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["file"], "p.texts.csv");
    assert_eq!(found[0]["line"], 3);
}

/// Blocks and table keep only the findings they show (the first 5 of each
/// rule in print order), and locate those: here the file states the codes
/// from the last to the first, so the first five are its last five lines.
#[test]
fn the_findings_shown_are_the_first_of_each_rule_and_located() {
    let ws = Workspace::new();
    let mut rows = String::from("year,department,code,total\n");
    for i in (0..12).rev() {
        rows.push_str(&format!("2021,{DEPT},9{i:02},1\n"));
    }
    ws.write("e.expenditures.csv", rows);
    ws.import_ok(&["e.expenditures.csv"]);
    let blocks = check(&ws, &["--format", "blocks"]);
    blocks.assert_success();
    for i in 0..12 {
        let shown = format!("  --> e.expenditures.csv:{}\n  事项 9{i:02}\n", 13 - i);
        assert_eq!(
            blocks.stdout.contains(&shown),
            i < 5,
            "{i}: {}",
            blocks.stdout
        );
    }
    assert!(
        blocks
            .stderr
            .contains("hierarchy.unknown_code: 12 个警告，只显示前 5 个"),
        "{}",
        blocks.stderr
    );
    let table = check(&ws, &["--format", "table", "--width", "200"]);
    assert!(
        table
            .stdout
            .lines()
            .nth(2)
            .is_some_and(|l| l.ends_with("e.expenditures.csv:13")),
        "{}",
        table.stdout
    );
    assert_eq!(table.stdout.lines().count(), 7, "{}", table.stdout);
}

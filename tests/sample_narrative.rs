//! The narrative of the real sample PDF (a Shanghai district's 2024
//! report) through the binary: what its own sentence forms state lands in
//! the database, and what the contract has no place for stays a note.
//! Needs pdftotext (poppler-utils); skipped without it (see
//! `common::no_pdftotext`).

mod common;

use common::{fixture, Run, Workspace};

fn sample_extracted() -> (Workspace, Run) {
    let ws = Workspace::new();
    ws.write("report.pdf", fixture("tables/putuo-shgzb-2024.pdf"));
    let mut command = ws.command();
    command.args(["extract", "report.pdf", "--out", "out"]);
    let run = Run::from(command.output().expect("run budgetdb"));
    run.assert_success();
    ws.import_ok(&["out"]);
    (ws, run)
}

#[test]
fn the_samples_procurement_lands_and_its_small_firm_figures_stay_notes() {
    if common::no_pdftotext() {
        return;
    }
    let (ws, run) = sample_extracted();
    let row = ws.rows(
        "SELECT total_fen, goods_fen, works_fen, services_fen, sme_fen, small_micro_fen \
         FROM procurement WHERE year = 2024",
    );
    let row: Vec<String> = row[0].iter().map(|c| format!("{c:?}")).collect();
    assert_eq!(
        row,
        [
            "Integer(21070000)",
            "Integer(21070000)",
            "Integer(0)",
            "Integer(0)",
            "Null",
            "Null"
        ]
    );
    let claims: String = ws.scalar(
        "SELECT group_concat(metric || '=' || value_fen, ' ') FROM \
         (SELECT metric, value_fen FROM claims WHERE metric LIKE 'procurement%' ORDER BY metric)",
    );
    assert_eq!(
        claims,
        "procurement=21070000 procurement:goods=21070000 procurement:services=0 procurement:works=0"
    );
    // The reserved budgets and the awards within reserved and other
    // projects are told, not taken for 授予中小企业合同金额.
    assert_eq!(
        run.stdout
            .matches("not the amount awarded to small firms")
            .count(),
        5,
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains(
            "no subject the reader knows (\"中共上海市普陀区委社会工作部2024年度政府采购"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn the_samples_nil_three_public_and_its_self_evaluated_funds_are_claims() {
    if common::no_pdftotext() {
        return;
    }
    let (ws, run) = sample_extracted();
    // `2024年度无“三公”经费财政拨款支出`: the total, 0; its categories unset.
    let total: Option<i64> =
        ws.scalar("SELECT value_fen FROM claims WHERE metric = 'three_public'");
    assert_eq!(total, Some(0));
    let categories: i64 =
        ws.scalar("SELECT count(*) FROM claims WHERE metric LIKE 'three_public:%'");
    assert_eq!(categories, 0);
    // `绩效自评的2024年度项目1个，涉及预算金额175.52万元`.
    let covered: Option<i64> =
        ws.scalar("SELECT value_fen FROM claims WHERE metric = 'evaluations:self'");
    assert_eq!(covered, Some(175_520_000));
    assert!(
        run.stdout.contains("found:   three_public 0.00"),
        "{}",
        run.stdout
    );
    // The composition table: `序号 单位名称 备注`, `1 …（本级）`, `2 …中心`.
    let units: String =
        ws.scalar("SELECT group_concat(unit, ',') FROM (SELECT unit FROM units ORDER BY unit)");
    assert_eq!(
        units,
        "上海市普陀区社会工作发展服务中心,中共上海市普陀区委社会工作部"
    );
    let count: i64 = ws.scalar("SELECT unit_count FROM reports WHERE year = 2024");
    assert_eq!(count, 2);
    // `收入支出总计307.82万元`: both totals.
    let totals: i64 = ws.scalar(
        "SELECT count(*) FROM claims WHERE year = 2024 AND value_fen = 307820000 \
         AND metric IN ('income_total', 'expenditure_total')",
    );
    assert_eq!(totals, 2);
    // Its `增长100%` on a zero prior is one printed figure: one error.
    let check = ws.check(&["--format", "json", "--rule", "claim.change_pct"]);
    let findings: serde_json::Value = serde_json::from_str(&check.stdout).expect("json");
    let on_totals: Vec<&serde_json::Value> = findings
        .as_array()
        .expect("an array")
        .iter()
        .filter(|f| f["subject"] == "income_total" || f["subject"] == "expenditure_total")
        .collect();
    assert_eq!(on_totals.len(), 1, "{findings:#}");
    assert_eq!(on_totals[0]["subject"], "expenditure_total");
}

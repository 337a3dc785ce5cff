//! Integration tests of what contract v2 (§6) adds to `budgetdb import`:
//! the kinds `fund_accounts` and `disclosures`, the new columns of
//! `reports`, `expenditures` and `claims`, the parts of fiscal income, the
//! new claims metrics, and the `source` column every kind accepts.

mod common;

use common::{assert_message, counts, csv, table, Workspace};

// ---------------------------------------------------------------------------
// reports, income, expenditures: the new columns and terms

#[test]
fn reports_store_the_balance_terms_of_the_summary_table() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        csv(&[
            "年度,部门,收入总计,本年收入合计,使用非财政拨款结余,上年结转和结余,支出总计,本年支出合计,结余分配,年末结转和结余,来源",
            "2024,D,120,100,5,15,120,90,2,28,report.pdf p.3 收入支出决算总表",
        ]),
    );
    ws.import_ok(&["reports.csv"]);
    assert_eq!(
        table(
            &ws,
            "SELECT nonfiscal_balance_used_fen, balance_distribution_fen, source FROM reports"
        ),
        ["5000000|2000000|report.pdf p.3 收入支出决算总表"]
    );
    let summary = ws
        .command()
        .args(["query", "summary", "--format", "csv"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&summary.stdout);
    assert!(text.contains("使用非财政拨款结余"), "{text}");
    assert!(text.contains("结余分配"), "{text}");
}

#[test]
fn income_takes_the_three_parts_of_fiscal_and_keeps_its_source_column() {
    let ws = Workspace::new();
    ws.write(
        "2024.income.csv",
        csv(&[
            "year,department,source,code,amount,来源",
            "2024,D,fiscal,,10,p.3",
            "2024,D,一般公共预算财政拨款收入,,7,p.3",
            "2024,D,政府性基金预算财政拨款,,2,p.3",
            "2024,D,state_capital,,1,",
        ]),
    );
    ws.import_ok(&["2024.income.csv"]);
    assert_eq!(
        table(
            &ws,
            "SELECT source, amount_fen, provenance FROM income ORDER BY id"
        ),
        [
            "fiscal|10000000|p.3",
            "general|7000000|p.3",
            "gov_fund|2000000|p.3",
            "state_capital|1000000|NULL",
        ]
    );
    assert_eq!(
        table(
            &ws,
            "SELECT id, part_of FROM income_sources WHERE part_of IS NOT NULL ORDER BY id"
        ),
        ["general|fiscal", "gov_fund|fiscal", "state_capital|fiscal"]
    );
}

#[test]
fn income_provenance_may_also_be_named_in_english() {
    let ws = Workspace::new();
    ws.write(
        "income.csv",
        "year,department,source,amount,provenance\n2024,D,fiscal,1,x.xlsx 公开02表!B7\n",
    );
    ws.import_ok(&["income.csv"]);
    assert_eq!(
        ws.scalar::<String>("SELECT provenance FROM income"),
        "x.xlsx 公开02表!B7"
    );
}

#[test]
fn expenditures_store_the_other_columns_of_the_expenditure_table() {
    let ws = Workspace::new();
    ws.write(
        "expenditures.csv",
        csv(&[
            "科目编码,year,department,基本支出,项目支出,上缴上级支出,经营支出,对附属单位补助支出,合计",
            // All five parts: the total sums them.
            "208,2024,D,1,2,0.5,0.25,0.25,4",
            "209,2024,D,1,2,0.5,0.25,0.25,",
            // None of the three: the v1 rule, total = basic + project.
            "210,2024,D,1,2,,,,",
            // Some of the three: the sum is unknown, total is not derived
            // and a stated one is not checked.
            "211,2024,D,1,2,0.5,,,",
            "212,2024,D,1,2,0.5,,,9",
        ]),
    );
    ws.import_ok(&["expenditures.csv"]);
    assert_eq!(
        table(&ws, "SELECT code, basic_fen, project_fen, remit_superior_fen, operating_fen, affiliated_subsidy_fen, total_fen FROM expenditures ORDER BY code"),
        [
            "208|1000000|2000000|500000|250000|250000|4000000",
            "209|1000000|2000000|500000|250000|250000|4000000",
            "210|1000000|2000000|NULL|NULL|NULL|3000000",
            "211|1000000|2000000|500000|NULL|NULL|NULL",
            "212|1000000|2000000|500000|NULL|NULL|9000000",
        ]
    );
}

#[test]
fn an_expenditure_total_that_is_not_the_sum_of_all_five_parts_is_an_error() {
    let ws = Workspace::new();
    ws.write(
        "expenditures.csv",
        csv(&[
            "year,department,code,basic,project,remit_superior,operating,affiliated_subsidy,total",
            "2024,D,208,1,2,0.5,0.25,0.25,4",
            "2024,D,209,1,2,0.5,0.25,0.25,3",
            // The v1 rule still holds where none of the three is given.
            "2024,D,210,1,2,,,,3.5",
        ]),
    );
    let run = ws.import(&["expenditures.csv"]);
    run.assert_invalid(2);
    assert_eq!(
        run.locations(),
        ["expenditures.csv:3:9", "expenditures.csv:4:9"]
    );
    assert_message(
        &run,
        "expenditures.csv:3:9",
        &["total 3.00 is not basic 1.00 + project 2.00 + remit_superior 0.50 + operating 0.25 + affiliated_subsidy 0.25 = 4.00"],
    );
    assert_message(
        &run,
        "expenditures.csv:4:9",
        &["total 3.50 is not basic 1.00 + project 2.00 = 3.00"],
    );
    assert!(!ws.db().exists(), "a failed first import creates nothing");
}

// ---------------------------------------------------------------------------
// fund_accounts

#[test]
fn fund_accounts_store_whole_funds_and_codes() {
    let ws = Workspace::new();
    ws.write(
        "2024.fund_accounts.csv",
        csv(&[
            "年度,部门,资金性质,科目编码,科目名称,年初结转和结余,本年收入,本年支出,基本支出,项目支出,年末结转和结余,来源",
            "2024,D,财政拨款,,,3,100,98,60,38,5,report.pdf p.4 财政拨款收入支出决算总表",
            "2024,D,general,,,3,90,88,60,28,5,",
            "2024,D,政府性基金预算财政拨款,,,0,10,10,,10,0,",
            "2024,D,gov_fund,229,其他支出,0,10,10,,10,0,",
            "2024,D,state_capital,,,,,,,,,",
        ]),
    );
    let run = ws.import_ok(&["2024.fund_accounts.csv"]);
    assert_eq!(run.counts_of("fund_accounts"), counts(5, 5, 0, 0));
    assert_eq!(
        table(&ws, "SELECT fund, code, name, carryover_begin_fen, income_fen, expenditure_fen, basic_fen, project_fen, carryover_end_fen, source FROM fund_accounts ORDER BY id"),
        [
            "fiscal|NULL|NULL|3000000|100000000|98000000|60000000|38000000|5000000|report.pdf p.4 财政拨款收入支出决算总表",
            "general|NULL|NULL|3000000|90000000|88000000|60000000|28000000|5000000|NULL",
            "gov_fund|NULL|NULL|0|10000000|10000000|NULL|10000000|0|NULL",
            "gov_fund|229|其他支出|0|10000000|10000000|NULL|10000000|0|NULL",
            "state_capital|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
        ]
    );
    // The same file again changes nothing; a changed figure replaces its row.
    let again = ws.import_ok(&["2024.fund_accounts.csv"]);
    assert_eq!(again.counts_of("fund_accounts"), counts(5, 0, 0, 5));
}

/// Published tables do not always add up, and a report should import as
/// printed: the balance of a fund's accounts is `check`'s (fund.balance).
#[test]
fn fund_accounts_that_do_not_balance_still_import() {
    let ws = Workspace::new();
    ws.write(
        "fund_accounts.csv",
        "year,department,fund,carryover_begin,income,expenditure,basic,project,carryover_end\n2024,D,fiscal,3,100,98,60,30,9\n",
    );
    ws.import_ok(&["fund_accounts.csv"]);
    assert_eq!(ws.scalar::<i64>("SELECT count(*) FROM fund_accounts"), 1);
}

#[test]
fn fund_accounts_refuse_the_all_fund_and_a_missing_fund() {
    let ws = Workspace::new();
    ws.write(
        "a.fund_accounts.csv",
        csv(&[
            "year,department,fund,income",
            "2024,D,all,1",
            "2024,D,全部资金,1",
            "2024,D,,1",
            "2024,D,nowhere,1",
        ]),
    );
    ws.write("b.fund_accounts.csv", "year,department,income\n2024,D,1\n");
    let run = ws.import(&["a.fund_accounts.csv", "b.fund_accounts.csv"]);
    run.assert_invalid(5);
    assert_message(
        &run,
        "a.fund_accounts.csv:2:3",
        &[
            "fund all has no accounts of its own",
            "fiscal, general, gov_fund, state_capital",
        ],
    );
    assert_message(
        &run,
        "a.fund_accounts.csv:3:3",
        &["fund all has no accounts"],
    );
    assert_message(&run, "a.fund_accounts.csv:4:3", &["fund"]);
    assert_message(
        &run,
        "a.fund_accounts.csv:5:3",
        &["unknown fund \"nowhere\""],
    );
    assert!(
        run.stderr.contains("b.fund_accounts.csv:1")
            && run.stderr.contains("missing required column fund"),
        "{}",
        run.stderr
    );
}

#[test]
fn fund_accounts_with_the_same_fund_and_no_code_twice_are_duplicates() {
    let ws = Workspace::new();
    ws.write(
        "fund_accounts.csv",
        "year,department,fund,code,income\n2024,D,fiscal,,1\n2024,D,财政拨款,,2\n",
    );
    let run = ws.import(&["fund_accounts.csv"]);
    run.assert_invalid(1);
    assert_message(
        &run,
        "fund_accounts.csv:3:1",
        &[
            "duplicate key (2024, D, fiscal, (empty))",
            "fund_accounts.csv:2",
        ],
    );
}

// ---------------------------------------------------------------------------
// disclosures

#[test]
fn disclosures_store_standard_titles_and_statuses() {
    let ws = Workspace::new();
    ws.write(
        "2024.disclosures.csv",
        csv(&[
            "year,department,table,status,page,note,source",
            "2024,D,收入支出决算总表,present,3,,report.pdf",
            "2024,D,部门收支决算总表,present,3,,",
            "2024,D,财政拨款\"三公\"经费支出决算表,present,9,,",
            "2024,D,国有资本经营预算财政拨款支出决算表,empty,11,本表无数据,",
            "2024,D,政府性基金预算财政拨款收入支出决算表,未公开,,,",
        ]),
    );
    let run = ws.import(&["2024.disclosures.csv"]);
    // 部门收支决算总表 is another name of 收入支出决算总表: the same key.
    run.assert_invalid(1);
    assert!(
        run.stderr.contains("2024.disclosures.csv:3"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(ws.path("2024.disclosures.csv")).expect("read");
    ws.write(
        "2024.disclosures.csv",
        text.replace("2024,D,部门收支决算总表,present,3,,\n", ""),
    );
    ws.import_ok(&["2024.disclosures.csv"]);
    assert_eq!(
        table(
            &ws,
            "SELECT title, status, page, note, source FROM disclosures ORDER BY id"
        ),
        [
            "收入支出决算总表|present|3|NULL|report.pdf",
            "财政拨款“三公”经费支出决算表|present|9|NULL|NULL",
            "国有资本经营预算财政拨款收入支出决算表|empty|11|本表无数据|NULL",
            "政府性基金预算财政拨款收入支出决算表|missing|NULL|NULL|NULL",
        ]
    );
}

#[test]
fn disclosures_accept_chinese_headers_and_the_column_name_title() {
    let ws = Workspace::new();
    ws.write(
        "disclosures.csv",
        "年度,部门,表名,状态,页码,说明\n2024,D,支出决算表,已公开,5,\n",
    );
    ws.write(
        "more.disclosures.csv",
        "year,department,title,status\n2024,D,收入决算表,present\n",
    );
    ws.import_ok(&["disclosures.csv", "more.disclosures.csv"]);
    assert_eq!(
        table(
            &ws,
            "SELECT title, status, page FROM disclosures ORDER BY title"
        ),
        ["支出决算表|present|5", "收入决算表|present|NULL"]
    );
}

#[test]
fn disclosures_refuse_unknown_tables_statuses_and_pages() {
    let ws = Workspace::new();
    ws.write(
        "disclosures.csv",
        csv(&[
            "year,department,table,status,page",
            "2024,D,部门预算表,present,1",
            "2024,D,支出决算表,printed,1",
            "2024,D,收入决算表,present,-1",
            "2024,D,,present,1",
        ]),
    );
    let run = ws.import(&["disclosures.csv"]);
    run.assert_invalid(4);
    assert_message(
        &run,
        "disclosures.csv:2:3",
        &["unknown standard table \"部门预算表\"", "收入支出决算总表"],
    );
    assert_message(
        &run,
        "disclosures.csv:3:4",
        &["unknown status \"printed\"", "present", "empty", "missing"],
    );
    assert_message(&run, "disclosures.csv:4:5", &["-1"]);
    assert_message(&run, "disclosures.csv:5:3", &["title"]);
}

// ---------------------------------------------------------------------------
// source, on every kind

#[test]
fn every_kind_stores_its_source() {
    let ws = Workspace::new();
    let files: [(&str, &str, &str); 15] = [
        ("aliases", "alias,canonical", "某局旧名,D"),
        ("function_classes", "code,name", "208,社会保障和就业支出"),
        ("reports", "year,department", "2024,D"),
        ("units", "year,department,unit", "2024,D,D本级"),
        ("income", "year,department,source,amount", "2024,D,fiscal,1"),
        ("expenditures", "year,department,code,total", "2024,D,208,1"),
        (
            "economic_expenditures",
            "year,department,code,amount",
            "2024,D,301,1",
        ),
        (
            "fund_accounts",
            "year,department,fund,income",
            "2024,D,fiscal,1",
        ),
        (
            "three_public",
            "year,department,category,actual",
            "2024,D,reception,1",
        ),
        ("procurement", "year,department,total", "2024,D,1"),
        ("assets", "year,department,item", "2024,D,车辆总数"),
        (
            "evaluations",
            "year,department,project,method",
            "2024,D,P,self",
        ),
        (
            "indicators",
            "year,department,project,method,level1,level3",
            "2024,D,P,self,产出指标,数量",
        ),
        (
            "claims",
            "year,department,metric,value",
            "2024,D,income_total,1",
        ),
        (
            "disclosures",
            "year,department,table,status",
            "2024,D,支出决算表,present",
        ),
    ];
    let mut paths = Vec::new();
    for (kind, header, row) in files {
        // The provenance column of income is `provenance` (来源), since its
        // `source` is the income source.
        let column = if kind == "income" { "来源" } else { "source" };
        let name = format!("{kind}.csv");
        ws.write(
            &name,
            format!("{header},{column}\n{row},report.pdf p.7 {kind}\n"),
        );
        paths.push(name);
    }
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    ws.import_ok(&paths);
    for (kind, _, _) in files {
        let column = if kind == "income" {
            "provenance"
        } else {
            "source"
        };
        assert_eq!(
            ws.scalar::<String>(&format!("SELECT {column} FROM {kind}")),
            format!("report.pdf p.7 {kind}"),
            "{kind}"
        );
    }
}

#[test]
fn a_changed_source_replaces_the_row() {
    let ws = Workspace::new();
    ws.write(
        "reports.csv",
        "year,department,income_total,source\n2024,D,1,p.3\n",
    );
    ws.import_ok(&["reports.csv"]);
    ws.write(
        "reports.csv",
        "year,department,income_total,source\n2024,D,1,p.4\n",
    );
    let run = ws.import_ok(&["reports.csv"]);
    assert_eq!(run.counts_of("reports"), counts(1, 0, 1, 0));
    assert_eq!(ws.scalar::<String>("SELECT source FROM reports"), "p.4");
}

// ---------------------------------------------------------------------------
// claims: the new fields and metrics

#[test]
fn claims_keep_the_change_on_the_budget_with_its_decimals() {
    let ws = Workspace::new();
    ws.write(
        "claims.csv",
        csv(&[
            "year,department,metric,value,budget,较预算增减,较预算增减率",
            "2024,D,function:2080505@general,12.5,10,2.5,25.0%",
        ]),
    );
    ws.import_ok(&["claims.csv"]);
    assert_eq!(
        table(&ws, "SELECT metric, budget_change_fen, budget_change_decimals, budget_change_pct, budget_change_pct_decimals FROM claims"),
        ["function:2080505@general|2500000|1|25.0|1"]
    );
}

#[test]
fn claims_take_the_fund_function_and_basic_metrics_in_canonical_form() {
    let ws = Workspace::new();
    ws.write(
        "claims.csv",
        csv(&[
            "year,department,metric,value",
            "2024,D,fund:general,1",
            "2024,D,fund:fiscal:income,1",
            "2024,D,fund:政府性基金预算财政拨款:年末结转和结余,1",
            "2024,D,function:208@国有资本经营预算财政拨款,1",
            "2024,D,function:20805@fiscal,1",
            "2024,D,basic:人员经费,1",
            "2024,D,basic:public,1",
        ]),
    );
    ws.import_ok(&["claims.csv"]);
    assert_eq!(
        table(&ws, "SELECT metric FROM claims ORDER BY id"),
        [
            "fund:general",
            "fund:fiscal:income",
            "fund:gov_fund:carryover_end",
            "function:208@state_capital",
            "function:20805",
            "basic:personnel",
            "basic:public",
        ]
    );
    // fund:general and fund:general:expenditure are one key.
    ws.write(
        "more.claims.csv",
        "year,department,metric,value\n2024,D,fund:general:expenditure,2\n",
    );
    let run = ws.import_ok(&["more.claims.csv"]);
    assert_eq!(run.counts_of("claims"), counts(1, 0, 1, 0));
}

#[test]
fn claims_refuse_malformed_fund_function_and_basic_metrics() {
    let ws = Workspace::new();
    ws.write(
        "claims.csv",
        csv(&[
            "year,department,metric,value",
            "2024,D,fund:all,1",
            "2024,D,fund:general:spending,1",
            "2024,D,function:208@nowhere,1",
            "2024,D,function:2080@general,1",
            "2024,D,basic:other,1",
        ]),
    );
    let run = ws.import(&["claims.csv"]);
    run.assert_invalid(5);
    assert_message(&run, "claims.csv:2:3", &["unknown fund \"all\""]);
    assert_message(
        &run,
        "claims.csv:3:3",
        &["unknown fund figure \"spending\"", "carryover_begin"],
    );
    assert_message(&run, "claims.csv:4:3", &["unknown fund \"nowhere\""]);
    assert_message(&run, "claims.csv:5:3", &["4 digits"]);
    assert_message(
        &run,
        "claims.csv:6:3",
        &["personnel (人员经费) or public (公用经费)"],
    );
}

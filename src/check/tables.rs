//! Rule family `table.*`: the same figure in two standard tables, and each
//! table's 合计 row against the rows it sums.
//!
//! A sum over a table's rows is only known when every row is loaded. That
//! is certain when the report's `disclosures` record the table as present
//! (it was read whole); otherwise a failing sum is a note, since the rows
//! not loaded may make up the difference (see [`balance`]).

use rust_decimal::Decimal;

use super::balance;
use super::data::{Data, ExpColumn, Key};
use super::finding::Finding;
use super::interval::Figure;
use crate::model::vocab::{ACCOUNT_FUNDS, FISCAL_PARTS};

pub fn check(data: &Data, findings: &mut Vec<Finding>) {
    let mut keys: Vec<&Key> = data
        .reports
        .keys()
        .chain(data.expenditures.iter().map(|e| &e.key))
        .chain(data.income.iter().map(|i| &i.key))
        .chain(data.fund_accounts.iter().map(|f| &f.key))
        .chain(data.economic.iter().map(|e| &e.key))
        .collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        expenditure_table(data, key, findings);
        fund_expenditure(data, key, findings);
        general_basic(data, key, findings);
        income_sources(data, key, findings);
        fund_income(data, key, findings);
        income_codes(data, key, findings);
    }
}

/// The standard table that holds a fund's expenditure by code.
pub fn table_of_fund(fund: &str) -> &'static str {
    match fund {
        "all" => "支出决算表",
        "fiscal" => "财政拨款收入支出决算总表",
        "general" => "一般公共预算财政拨款支出决算表",
        "gov_fund" => "政府性基金预算财政拨款收入支出决算表",
        _ => "国有资本经营预算财政拨款收入支出决算表",
    }
}

/// The note for a sum over the rows of `title` that the disclosures do not
/// record as present.
pub fn not_all_rows(title: &str) -> impl FnOnce() -> String + '_ {
    move || {
        format!("not every row of {title} may be loaded (its disclosures row does not say present)")
    }
}

/// The sum of a fund's 类 in one column, `None` when no 类 gives it; a 类
/// without it leaves the sum unknown too (the column is not stated there).
fn classes_sum(data: &Data, key: &Key, fund: &str, column: ExpColumn) -> Option<Figure> {
    if !data
        .expenditures_of(key, fund)
        .any(|e| column.of(e).is_some())
    {
        return None;
    }
    data.function_total(key, fund, column)
}

/// The ids of a fund's 类 rows (the rows a sum over 类 reads).
fn class_rows<'a>(data: &'a Data, key: &'a Key, fund: &'a str) -> impl Iterator<Item = i64> + 'a {
    data.expenditures_of(key, fund)
        .filter(|e| e.code.len() == 3)
        .map(|e| e.id)
}

/// 支出决算表's 合计 row is the 总表's 本年支出合计 and its basic and
/// project columns: reports.expenditure_current, basic_expenditure,
/// project_expenditure = the sum of the fund `all` 类.
fn expenditure_table(data: &Data, key: &Key, findings: &mut Vec<Finding>) {
    let Some(report) = data.reports.get(key) else {
        return;
    };
    let title = table_of_fund("all");
    for (column, reported) in [
        (ExpColumn::Total, "expenditure_current"),
        (ExpColumn::Basic, "basic_expenditure"),
        (ExpColumn::Project, "project_expenditure"),
    ] {
        let Some(sum) = classes_sum(data, key, "all", column) else {
            continue;
        };
        let outcome = balance::rows(
            report.amount(reported),
            Some(sum),
            data.carries(key, title),
            not_all_rows(title),
        );
        findings.extend(
            balance::finding(
                outcome,
                "table.expenditure",
                key,
                format!("reports.{reported} = Σ 类 {} (all)", column.name()),
            )
            .map(|f| {
                f.at("reports", report.id)
                    .at_all("expenditures", class_rows(data, key, "all"))
            }),
        );
    }
}

/// A fund's 合计 row (its whole accounts: expenditure, basic, project) =
/// the sum of that fund's 类 in `expenditures`.
fn fund_expenditure(data: &Data, key: &Key, findings: &mut Vec<Finding>) {
    for fund in ACCOUNT_FUNDS {
        let Some(account) = data.fund_account(key, fund) else {
            continue;
        };
        let title = table_of_fund(fund);
        for (column, field) in [
            (ExpColumn::Total, "expenditure"),
            (ExpColumn::Basic, "basic"),
            (ExpColumn::Project, "project"),
        ] {
            let Some(sum) = classes_sum(data, key, fund, column) else {
                continue;
            };
            let outcome = balance::rows(
                account.field(field),
                Some(sum),
                data.carries(key, title),
                not_all_rows(title),
            );
            findings.extend(
                balance::finding(
                    outcome,
                    "table.fund_expenditure",
                    key,
                    format!(
                        "fund_accounts {fund} {field} = Σ 类 {} ({fund})",
                        column.name()
                    ),
                )
                .map(|f| {
                    f.at("fund_accounts", account.id)
                        .at_all("expenditures", class_rows(data, key, fund))
                }),
            );
        }
    }
}

/// 一般公共预算财政拨款支出决算表's basic total (the general fund's
/// accounts, else its 类) = the sum of 基本支出决算表's 3-digit economic
/// codes.
fn general_basic(data: &Data, key: &Key, findings: &mut Vec<Finding>) {
    let rows: Vec<_> = data
        .economic
        .iter()
        .filter(|e| &e.key == key && e.fund == "general" && e.code.len() == 3)
        .collect();
    let classes: Vec<Decimal> = rows.iter().map(|e| e.amount).collect();
    if classes.is_empty() {
        return;
    }
    let account = data.fund_account(key, "general");
    let (total, whose, total_rows): (_, _, Vec<(&'static str, i64)>) =
        match account.and_then(|a| a.field("basic")) {
            Some(basic) => (
                Some(basic),
                "fund_accounts general basic",
                account
                    .map(|a| ("fund_accounts", a.id))
                    .into_iter()
                    .collect(),
            ),
            None => match classes_sum(data, key, "general", ExpColumn::Basic) {
                Some(sum) => (
                    Some(sum.value),
                    "Σ 类 basic (general)",
                    class_rows(data, key, "general")
                        .map(|id| ("expenditures", id))
                        .collect(),
                ),
                None => return,
            },
        };
    let title = "一般公共预算财政拨款基本支出决算表";
    let outcome = balance::rows(
        total,
        balance::sum(classes),
        data.carries(key, title),
        not_all_rows(title),
    );
    findings.extend(
        balance::finding(
            outcome,
            "table.general_basic",
            key,
            format!("{whose} = Σ economic 类 (general)"),
        )
        .map(|f| {
            f.at_rows(&total_rows)
                .at_all("economic_expenditures", rows.iter().map(|e| e.id))
        }),
    );
}

/// The sources' totals (收入决算表's 合计 row, the 总表's income side) =
/// reports.income_current. fiscal stands for its parts; where it is not
/// given, its parts stand for it.
fn income_sources(data: &Data, key: &Key, findings: &mut Vec<Finding>) {
    let Some(report) = data.reports.get(key) else {
        return;
    };
    let total_of = |source: &str| {
        data.income
            .iter()
            .find(|i| &i.key == key && i.code.is_none() && i.source == source)
            .map(|i| i.amount)
    };
    let fiscal = total_of("fiscal").or_else(|| {
        let parts: Vec<Decimal> = FISCAL_PARTS.iter().filter_map(|p| total_of(p)).collect();
        (!parts.is_empty()).then(|| parts.iter().sum())
    });
    let mut terms = vec![("fiscal", fiscal)];
    for source in ["superior", "business", "operating", "affiliated", "other"] {
        terms.push((source, total_of(source)));
    }
    let outcome = balance::named(report.amount("income_current"), &terms);
    let sources = data
        .income
        .iter()
        .filter(|i| &i.key == key && i.code.is_none())
        .map(|i| i.id);
    findings.extend(
        balance::finding(
            outcome,
            "table.income",
            key,
            "reports.income_current = Σ income sources",
        )
        .map(|f| f.at("reports", report.id).at_all("income", sources)),
    );
}

/// A fund's 本年收入 in its accounts = the income of that source (财政拨款
/// 收入支出决算总表 against 收入支出决算总表).
fn fund_income(data: &Data, key: &Key, findings: &mut Vec<Finding>) {
    for fund in ACCOUNT_FUNDS {
        let Some(account) = data.fund_account(key, fund) else {
            continue;
        };
        let Some(row) = data
            .income
            .iter()
            .find(|i| &i.key == key && i.code.is_none() && i.source == fund)
        else {
            continue;
        };
        let outcome = balance::named(account.field("income"), &[(fund, Some(row.amount))]);
        findings.extend(
            balance::finding(
                outcome,
                "table.fund_income",
                key,
                format!("fund_accounts {fund} income = income {fund}"),
            )
            .map(|f| f.at("fund_accounts", account.id).at("income", row.id)),
        );
    }
}

/// 收入决算表: each source's total (no code) = the sum of its 类.
fn income_codes(data: &Data, key: &Key, findings: &mut Vec<Finding>) {
    let title = "收入决算表";
    for total in data
        .income
        .iter()
        .filter(|i| &i.key == key && i.code.is_none())
    {
        let rows: Vec<_> = data
            .income
            .iter()
            .filter(|i| &i.key == key && i.source == total.source)
            .filter(|i| i.code.as_ref().is_some_and(|c| c.len() == 3))
            .collect();
        let classes: Vec<Decimal> = rows.iter().map(|i| i.amount).collect();
        if classes.is_empty() {
            continue;
        }
        let outcome = balance::rows(
            Some(total.amount),
            balance::sum(classes),
            data.carries(key, title),
            not_all_rows(title),
        );
        findings.extend(
            balance::finding(
                outcome,
                "table.income_codes",
                key,
                format!("income {} = Σ 类", total.source),
            )
            .map(|f| {
                f.at("income", total.id)
                    .at_all("income", rows.iter().map(|i| i.id))
            }),
        );
    }
}

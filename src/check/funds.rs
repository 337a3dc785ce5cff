//! Rule family `fund.*`: a fund's accounts (`fund_accounts`) balance, and
//! the fiscal fund is the sum of its three parts.
//!
//! Import takes the accounts as printed (a published table that does not
//! add up must still load); these rules judge them within rounding, and a
//! term not stated makes a failing balance a note, never an error.

use rust_decimal::Decimal;

use super::balance;
use super::data::{Data, FundAccount};
use super::finding::Finding;
use crate::model::kinds::FUND_FIELDS;
use crate::model::vocab::FISCAL_PARTS;

pub fn check(data: &Data, findings: &mut Vec<Finding>) {
    for account in &data.fund_accounts {
        accounts(account, findings);
    }
    parts(data, findings);
}

/// What a finding about one account is about: `fiscal` or `gov_fund 229`.
fn subject(account: &FundAccount, what: &str) -> String {
    match &account.code {
        Some(code) => format!("{} {code}: {what}", account.fund),
        None => format!("{}: {what}", account.fund),
    }
}

fn accounts(account: &FundAccount, findings: &mut Vec<Finding>) {
    let f = |name: &'static str| (name, account.field(name));
    let outcome = balance::sides(
        &[f("carryover_begin"), f("income")],
        &[f("expenditure"), f("carryover_end")],
    );
    let source = account.source.as_deref();
    findings.extend(
        balance::finding(
            outcome,
            "fund.balance",
            &account.key,
            subject(
                account,
                "carryover_begin + income = expenditure + carryover_end",
            ),
        )
        .map(|f| f.source(source).at("fund_accounts", account.id)),
    );
    let outcome = balance::named(account.field("expenditure"), &[f("basic"), f("project")]);
    findings.extend(
        balance::finding(
            outcome,
            "fund.basic_project",
            &account.key,
            subject(account, "expenditure = basic + project"),
        )
        .map(|f| f.source(source).at("fund_accounts", account.id)),
    );
}

/// Each figure of the fiscal fund's whole accounts = the sum of the same
/// figure of general, gov_fund and state_capital (财政拨款收入支出决算总表
/// prints the three under it). A report without a fund's row usually has
/// nothing in it; where the others do not make the total, that is a note.
fn parts(data: &Data, findings: &mut Vec<Finding>) {
    for fiscal in data
        .fund_accounts
        .iter()
        .filter(|a| a.fund == "fiscal" && a.code.is_none())
    {
        let accounts: Vec<Option<&FundAccount>> = FISCAL_PARTS
            .iter()
            .map(|fund| data.fund_account(&fiscal.key, fund))
            .collect();
        for (field, _) in FUND_FIELDS {
            let terms: Vec<(&str, Option<Decimal>)> = FISCAL_PARTS
                .iter()
                .zip(&accounts)
                .map(|(fund, account)| (*fund, account.and_then(|a| a.field(field))))
                .collect();
            let outcome = balance::named(fiscal.field(field), &terms);
            findings.extend(
                balance::finding(
                    outcome,
                    "fund.parts",
                    &fiscal.key,
                    format!("fiscal {field} = general + gov_fund + state_capital"),
                )
                .map(|f| {
                    f.at("fund_accounts", fiscal.id)
                        .at_all("fund_accounts", accounts.iter().flatten().map(|a| a.id))
                }),
            );
        }
    }
}

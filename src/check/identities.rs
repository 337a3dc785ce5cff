//! Rule family `identity.*`: figures of one report that must add up, and
//! the carryover that links one year to the next. Each table figure is
//! ±0.005 万元; an identity holds when its two sides differ by no more than
//! the sum of their terms' half-widths.

use rust_decimal::Decimal;

use super::balance;
use super::data::{Data, Key, Report};
use super::finding::{Finding, Severity, OFF};
use super::interval::Figure;
use crate::model::vocab::FISCAL_PARTS;

pub fn check(data: &Data, findings: &mut Vec<Finding>) {
    for (key, report) in &data.reports {
        reports(key, report, &other_spending(data, key), findings);
        carryover(data, key, report, findings);
    }
    fiscal_income(data, findings);
    for (key, p) in &data.procurement {
        let sum = [p.goods, p.works, p.services];
        let at = [("procurement", p.id)];
        equal(
            key,
            "identity.procurement",
            "procurement total = goods + works + services",
            p.total,
            &sum,
            &at,
            findings,
        );
        at_most(
            key,
            "procurement small_micro ≤ sme",
            p.small_micro,
            p.sme,
            &at,
            findings,
        );
        at_most(
            key,
            "procurement sme ≤ total",
            p.sme,
            p.total,
            &at,
            findings,
        );
    }
}

/// One column of an expenditure line.
type Column = fn(&super::data::Expenditure) -> Option<Decimal>;

/// 上缴上级支出, 经营支出 and 对附属单位补助支出 of a report, as the 类 lines
/// of its 支出决算表 (fund all) state them: the terms of 本年支出合计 besides
/// 基本支出 and 项目支出. Each line's figure is a term of its own, so the
/// sum is allowed the rounding of every printed figure in it, not of one.
fn other_spending(data: &Data, key: &Key) -> Vec<(&'static str, Option<Decimal>)> {
    let lines: Vec<_> = data
        .expenditures
        .iter()
        .filter(|e| &e.key == key && e.fund == "all" && e.code.len() == 3)
        .collect();
    let columns: [(&'static str, Column); 3] = [
        ("remit_superior", |e| e.remit_superior),
        ("operating", |e| e.operating),
        ("affiliated_subsidy", |e| e.affiliated_subsidy),
    ];
    columns
        .into_iter()
        .flat_map(|(name, pick)| {
            lines
                .iter()
                .filter_map(move |e| pick(e))
                .map(move |v| (name, Some(v)))
        })
        .collect()
}

/// The identities of the 收入支出决算总表's headline figures. A term not
/// stated is not zero: where the stated terms make the total there is
/// nothing to report, where they do not the finding is a note (see
/// [`balance`]). So a report without the v2 terms (使用非财政拨款结余,
/// 结余分配) whose other terms make the total passes, and one whose other
/// terms do not is a note: the term not stated may be the difference.
fn reports(
    key: &Key,
    r: &Report,
    other_spending: &[(&'static str, Option<Decimal>)],
    findings: &mut Vec<Finding>,
) {
    let identities: [(&'static str, &str, &str, &[&str]); 4] = [
        (
            "identity.income",
            "income_total = carryover_begin + income_current + nonfiscal_balance_used",
            "income_total",
            &[
                "carryover_begin",
                "income_current",
                "nonfiscal_balance_used",
            ],
        ),
        (
            "identity.expenditure",
            "expenditure_total = expenditure_current + balance_distribution + carryover_end",
            "expenditure_total",
            &[
                "expenditure_current",
                "balance_distribution",
                "carryover_end",
            ],
        ),
        (
            "identity.balance",
            "income_total = expenditure_total",
            "income_total",
            &["expenditure_total"],
        ),
        (
            "identity.basic_project",
            "expenditure_current = basic_expenditure + project_expenditure",
            "expenditure_current",
            &["basic_expenditure", "project_expenditure"],
        ),
    ];
    for (rule, subject, lhs, rhs) in identities {
        let mut parts: Vec<(&str, Option<Decimal>)> =
            rhs.iter().map(|c| (*c, r.amount(c))).collect();
        // 本年支出合计 = 基本 + 项目 + the other spending its 支出决算表 states.
        if rule == "identity.basic_project" {
            parts.extend_from_slice(other_spending);
        }
        let outcome = balance::named(r.amount(lhs), &parts);
        findings
            .extend(balance::finding(outcome, rule, key, subject).map(|f| f.at("reports", r.id)));
    }
    if let (Some(total), Some(active), Some(retired)) =
        (r.staff_total, r.staff_active, r.staff_retired)
    {
        if total != active + retired {
            findings.push(
                Finding::new(
                    Severity::Error,
                    "identity.staff",
                    key.0,
                    &key.1,
                    "staff_total = staff_active + staff_retired",
                    "counts must add up exactly",
                )
                .at("reports", r.id)
                .figures(
                    Some(Decimal::from(active + retired)),
                    Some(Decimal::from(total)),
                ),
            );
        }
    }
}

/// Income fiscal (财政拨款收入) = general + gov_fund + state_capital, the
/// parts the 收入支出决算总表 prints under it, for each source total (no
/// code) of a report that gives fiscal and at least one part.
fn fiscal_income(data: &Data, findings: &mut Vec<Finding>) {
    for fiscal in data
        .income
        .iter()
        .filter(|i| i.source == "fiscal" && i.code.is_none())
    {
        let part = |source: &str| {
            data.income
                .iter()
                .find(|i| i.key == fiscal.key && i.code.is_none() && i.source == source)
                .map(|i| i.amount)
        };
        let parts: Vec<(&str, Option<Decimal>)> =
            FISCAL_PARTS.iter().map(|p| (*p, part(p))).collect();
        let outcome = balance::named(Some(fiscal.amount), &parts);
        let parts = data
            .income
            .iter()
            .filter(|i| i.key == fiscal.key && i.code.is_none())
            .filter(|i| FISCAL_PARTS.contains(&i.source.as_str()))
            .map(|i| i.id);
        findings.extend(
            balance::finding(
                outcome,
                "identity.fiscal_income",
                &fiscal.key,
                "income fiscal = general + gov_fund + state_capital",
            )
            .map(|f| f.at("income", fiscal.id).at_all("income", parts)),
        );
    }
}

/// lhs = the sum of `terms`, within rounding; skipped when any is NULL.
fn equal(
    key: &Key,
    rule: &'static str,
    subject: &str,
    lhs: Option<Decimal>,
    terms: &[Option<Decimal>],
    at: &[(&'static str, i64)],
    findings: &mut Vec<Finding>,
) {
    let Some(lhs) = lhs.map(Figure::table) else {
        return;
    };
    let terms: Option<Vec<Decimal>> = terms.iter().copied().collect();
    let Some(rhs) = terms.and_then(|t| Figure::sum(t.into_iter().map(Figure::table))) else {
        return;
    };
    let tolerance = lhs.half + rhs.half;
    if !lhs.overlaps(&rhs) {
        findings.push(
            Finding::new(
                Severity::Error,
                rule,
                key.0,
                &key.1,
                subject,
                format!("{OFF} (±{})", tolerance.normalize()),
            )
            .figures(Some(rhs.value), Some(lhs.value))
            .at_rows(at),
        );
    }
}

/// part ≤ whole, within rounding (identity.sme).
fn at_most(
    key: &Key,
    subject: &str,
    part: Option<Decimal>,
    whole: Option<Decimal>,
    at: &[(&'static str, i64)],
    findings: &mut Vec<Finding>,
) {
    let (Some(part), Some(whole)) = (part, whole) else {
        return;
    };
    let tolerance = Figure::table(part).half + Figure::table(whole).half;
    if !Figure::table(part).can_be_at_most(&Figure::table(whole)) {
        findings.push(
            Finding::new(
                Severity::Error,
                "identity.sme",
                key.0,
                &key.1,
                subject,
                format!(
                    "the part exceeds the whole by more than rounding allows (±{})",
                    tolerance.normalize()
                ),
            )
            .figures(Some(whole), Some(part))
            .at_rows(at),
        );
    }
}

/// carryover_end of year − 1 = carryover_begin of year.
fn carryover(data: &Data, key: &Key, report: &Report, findings: &mut Vec<Finding>) {
    let prior_key = (key.0 - 1, key.1.clone());
    let Some(prior) = data.reports.get(&prior_key) else {
        return;
    };
    equal(
        key,
        "identity.carryover",
        &format!("carryover_begin = carryover_end of {}", key.0 - 1),
        report.amount("carryover_begin"),
        &[prior.amount("carryover_end")],
        &[("reports", report.id), ("reports", prior.id)],
        findings,
    );
}

//! Rule family `three_public.*` over the "三公" table itself. (The stated
//! total against the sum of the categories, `three_public.total`, is a
//! claim and is checked with the claims.)

use rust_decimal::Decimal;

use super::data::Data;
use super::finding::{Finding, Severity};

pub fn check(data: &Data, findings: &mut Vec<Finding>) {
    for row in &data.three_public {
        let new = |rule: &'static str, case: String| {
            Finding::new(
                Severity::Warning,
                rule,
                row.key.0,
                &row.key.1,
                format!("three_public:{}", row.category),
                case,
            )
            .at("three_public", row.id)
        };
        if let (Some(budget), Some(actual)) = (row.budget, row.actual) {
            if actual > budget {
                let case = if budget.is_zero() {
                    "actual spending without a budget".to_string()
                } else {
                    let pct = (actual * Decimal::ONE_HUNDRED / budget).round_dp(2);
                    format!("actual is {pct}% of budget (over 100%)")
                };
                findings
                    .push(new("three_public.execution", case).figures(Some(budget), Some(actual)));
            }
        }
        if row.category == "reception" && row.actual.is_some_and(|a| a > Decimal::ZERO) {
            let counts = [("batches", row.batches), ("persons", row.persons)];
            let named = |pick: fn(Option<i64>) -> bool| {
                counts
                    .iter()
                    .filter(|(_, n)| pick(*n))
                    .map(|(name, _)| *name)
                    .collect::<Vec<&str>>()
                    .join(" or ")
            };
            // A stated zero contradicts the spending; a count not stated
            // (often a figure derived from next year's report) only leaves
            // the spending unexplained.
            let zero = named(|n| n == Some(0));
            let missing = named(|n| n.is_none());
            if !zero.is_empty() {
                findings.push(
                    new(
                        "three_public.reception_counts",
                        format!("reception spending with zero {zero}"),
                    )
                    .figures(None, row.actual),
                );
            } else if !missing.is_empty() {
                let mut finding = new(
                    "three_public.reception_counts",
                    format!("unverifiable: reception spending, {missing} not stated"),
                )
                .figures(None, row.actual);
                finding.severity = Severity::Info;
                findings.push(finding);
            }
        }
    }
}

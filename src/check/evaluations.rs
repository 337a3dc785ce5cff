//! Rule family `evaluation.*`: an evaluation's indicators add up to it,
//! its grade agrees with its score, and it did not spend more than its
//! budget.

use rust_decimal::Decimal;

use super::data::{Data, Evaluation};
use super::finding::{Finding, Severity};
use super::interval::{decimal_from_real, Figure};
use crate::model::vocab::grade_for_score;

/// Points are REALs: sums must match to 1e-6.
fn points_tolerance() -> Decimal {
    Decimal::new(1, 6)
}

pub fn check(data: &Data, findings: &mut Vec<Finding>) {
    for e in &data.evaluations {
        indicators(data, e, findings);
        grade(e, findings);
        executed(e, findings);
    }
}

fn subject(e: &Evaluation) -> String {
    format!("{} ({})", e.project, e.method)
}

fn finding(e: &Evaluation, severity: Severity, rule: &'static str, case: String) -> Finding {
    Finding::new(severity, rule, e.key.0, &e.key.1, subject(e), case).at("evaluations", e.id)
}

/// The sum of some points; `None` when any is NULL.
fn total(points: impl Iterator<Item = Option<f64>>) -> Option<Decimal> {
    points
        .map(|p| p.and_then(|p| decimal_from_real(p, None)))
        .sum::<Option<Decimal>>()
}

fn indicators(data: &Data, e: &Evaluation, findings: &mut Vec<Finding>) {
    let mine: Vec<_> = data
        .indicators
        .iter()
        .filter(|i| i.key == e.key && i.project == e.project && i.method == e.method)
        .collect();
    if mine.is_empty() {
        return;
    }
    if let Some(weights) = total(mine.iter().map(|i| i.weight)) {
        let expected = Decimal::ONE_HUNDRED;
        if (weights - expected).abs() > points_tolerance() {
            findings.push(
                finding(
                    e,
                    Severity::Error,
                    "evaluation.weights",
                    format!(
                        "the weights of its {} indicators do not sum to 100",
                        mine.len()
                    ),
                )
                .figures(Some(expected), Some(weights))
                .at_all("indicators", mine.iter().map(|i| i.id)),
            );
        }
    }
    let score = e.score.and_then(|s| decimal_from_real(s, None));
    if let (Some(score), Some(scores)) = (score, total(mine.iter().map(|i| i.score))) {
        if (scores - score).abs() > points_tolerance() {
            findings.push(
                finding(
                    e,
                    Severity::Error,
                    "evaluation.scores",
                    format!(
                        "the scores of its {} indicators do not sum to the evaluation's score",
                        mine.len()
                    ),
                )
                .figures(Some(score), Some(scores))
                .at_all("indicators", mine.iter().map(|i| i.id)),
            );
        }
    }
}

fn grade(e: &Evaluation, findings: &mut Vec<Finding>) {
    let (Some(score), Some(grade)) = (e.score, e.grade.as_deref()) else {
        return;
    };
    let expected = grade_for_score(score);
    if grade != expected {
        findings.push(
            finding(
                e,
                Severity::Error,
                "evaluation.grade",
                format!(
                    "grade {grade} disagrees with score {score}, which is {expected} (优 ≥ 90, 良 80–90, 中 60–80, 差 < 60)"
                ),
            )
            .figures(None, decimal_from_real(score, None)),
        );
    }
}

fn executed(e: &Evaluation, findings: &mut Vec<Finding>) {
    let (Some(executed), Some(budget)) = (e.executed, e.budget_full_year) else {
        return;
    };
    let tolerance = Figure::table(executed).half + Figure::table(budget).half;
    if !Figure::table(executed).can_be_at_most(&Figure::table(budget)) {
        findings.push(
            finding(
                e,
                Severity::Error,
                "evaluation.executed",
                format!(
                    "executed exceeds budget_full_year by more than rounding allows (±{})",
                    tolerance.normalize()
                ),
            )
            .figures(Some(budget), Some(executed)),
        );
    }
}

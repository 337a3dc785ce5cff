//! Rule family `hierarchy.*`: the functional classification adds up (a 类
//! is the sum of its 款, a 款 of its 项) and every code is a known one.

use std::collections::BTreeSet;

use super::data::{Data, ExpColumn, Key};
use super::finding::{Finding, Severity, OFF};
use super::interval::Figure;
use crate::model::metric::Metric;

pub fn check(data: &Data, findings: &mut Vec<Finding>) {
    sums(data, findings);
    unknown_codes(data, findings);
}

fn level(code: &str) -> (&'static str, &'static str) {
    match code.len() {
        3 => ("类", "款"),
        _ => ("款", "项"),
    }
}

/// Each imported 类 or 款 against the sum of the level below, when that
/// level is loaded (imported, or for a 类, rolled up from 项).
fn sums(data: &Data, findings: &mut Vec<Finding>) {
    for row in data.expenditures.iter().filter(|e| e.code.len() < 7) {
        let children = data.child_codes(&row.key, &row.fund, &row.code);
        if children.is_empty() {
            continue;
        }
        for column in [ExpColumn::Total, ExpColumn::BudgetInitial] {
            let parent = match column {
                ExpColumn::Total => row.total,
                ExpColumn::BudgetInitial => row.budget_initial,
            };
            let Some(parent) = parent.map(Figure::table) else {
                continue;
            };
            let parts: Option<Vec<Figure>> = children
                .iter()
                .map(|c| data.function_figure(&row.key, &row.fund, c, column))
                .collect();
            let Some(sum) = parts.and_then(Figure::sum) else {
                continue;
            };
            let tolerance = parent.half + sum.half;
            if !parent.overlaps(&sum) {
                let (this, below) = level(&row.code);
                findings.push(
                    Finding::new(
                        Severity::Error,
                        "hierarchy.sum",
                        row.key.0,
                        &row.key.1,
                        format!("{} {} ({})", row.code, column.name(), row.fund),
                        format!(
                            "{this} ≠ the sum of its {} {below}: {OFF} (±{})",
                            children.len(),
                            tolerance.normalize()
                        ),
                    )
                    .figures(Some(sum.value), Some(parent.value)),
                );
            }
        }
    }
}

/// Functional codes not in function_classes, once per code and
/// department-year.
fn unknown_codes(data: &Data, findings: &mut Vec<Finding>) {
    let mut used: BTreeSet<(Key, String)> = BTreeSet::new();
    for e in &data.expenditures {
        used.insert((e.key.clone(), e.code.clone()));
    }
    for i in &data.income {
        if let Some(code) = &i.code {
            used.insert((i.key.clone(), code.clone()));
        }
    }
    for c in &data.claims {
        if let Ok(Metric::Function(Some(code))) = Metric::parse(&c.metric) {
            used.insert((c.key.clone(), code));
        }
    }
    for (key, code) in used {
        if !data.function_classes.contains(&code) {
            findings.push(Finding::new(
                Severity::Warning,
                "hierarchy.unknown_code",
                key.0,
                &key.1,
                code,
                "unknown code: not in function_classes",
            ));
        }
    }
}

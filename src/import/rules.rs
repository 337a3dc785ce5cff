//! The contract's rules that involve more than one cell.
//!
//! Row rules see one row; reference rules look at the database as the
//! import has left it so far; the final rules run once every file has been
//! written, because the rows they relate may come in any order.

use rusqlite::types::Value;
use rusqlite::{params, Transaction};

use super::plan::Record;
use crate::model::value::{format_amount, AmountUnit};
use crate::model::vocab::{self, grade_for_score};

/// A broken rule, at the column the user should look at.
#[derive(Debug)]
pub struct RuleError {
    pub column: &'static str,
    pub message: String,
}

fn broken(column: &'static str, message: String) -> Vec<RuleError> {
    vec![RuleError { column, message }]
}

/// Completes derived values and checks a row's rules.
pub fn check_row(record: &mut Record, unit: AmountUnit) -> Vec<RuleError> {
    match record.plan.kind.name {
        "expenditures" => expenditure_total(record, unit),
        "fund_accounts" => account_fund(record),
        "evaluations" => evaluation_grade(record),
        "indicators" => indicator_score(record),
        _ => Vec::new(),
    }
}

/// The columns of `expenditures` beside basic and project that `total`
/// also sums (支出决算表's other columns, contract v2).
const OTHER_PARTS: [&str; 3] = ["remit_superior", "operating", "affiliated_subsidy"];

/// total = basic + project (+ remit_superior + operating +
/// affiliated_subsidy): derived when empty, checked when given.
///
/// An empty part is unknown, not zero. A row that gives none of the three
/// other parts is a v1 row, where total = basic + project; a row that gives
/// all of them sums all five. A row that gives some of the three but not
/// all leaves the sum unknown: total is neither derived nor checked here,
/// and `check` has nothing certain to charge it with either.
fn expenditure_total(record: &mut Record, unit: AmountUnit) -> Vec<RuleError> {
    let basic = record.integer("basic");
    let project = record.integer("project");
    let others: Vec<Option<i64>> = OTHER_PARTS.iter().map(|c| record.integer(c)).collect();
    let others_given: Vec<(&str, i64)> = OTHER_PARTS
        .iter()
        .zip(&others)
        .filter_map(|(name, v)| v.map(|v| (*name, v)))
        .collect();
    if !others_given.is_empty() && others_given.len() < OTHER_PARTS.len() {
        return Vec::new();
    }
    let (Some(b), Some(p)) = (basic, project) else {
        return Vec::new();
    };
    let sum = others_given
        .iter()
        .try_fold(b.checked_add(p), |acc, (_, v)| Some(acc?.checked_add(*v)))
        .flatten();
    let Some(sum) = sum else {
        return Vec::new();
    };
    match record.integer("total") {
        None => {
            record.set("total", Value::Integer(sum));
            Vec::new()
        }
        Some(total) if total != sum => {
            let mut terms = format!(
                "basic {} + project {}",
                format_amount(b, unit),
                format_amount(p, unit)
            );
            for (name, v) in &others_given {
                terms.push_str(&format!(" + {name} {}", format_amount(*v, unit)));
            }
            broken(
                "total",
                format!(
                    "total {} is not {terms} = {}; correct one of them, or leave total empty to have it derived",
                    format_amount(total, unit),
                    format_amount(sum, unit)
                ),
            )
        }
        Some(_) => Vec::new(),
    }
}

/// A fund's accounts are a fiscal fund's: `all` (全部资金) has none.
fn account_fund(record: &Record) -> Vec<RuleError> {
    match record.text("fund") {
        Some(fund) if !vocab::ACCOUNT_FUNDS.contains(&fund) => broken(
            "fund",
            format!(
                "fund {fund} has no accounts of its own; expected one of {} (财政拨款, 一般公共预算财政拨款, 政府性基金预算财政拨款, 国有资本经营预算财政拨款)",
                vocab::ACCOUNT_FUNDS.join(", ")
            ),
        ),
        _ => Vec::new(),
    }
}

/// grade follows from score: derived when empty, checked when given.
fn evaluation_grade(record: &mut Record) -> Vec<RuleError> {
    let Some(score) = record.real("score") else {
        return Vec::new();
    };
    if !(0.0..=100.0).contains(&score) {
        return broken("score", format!("score {score} is outside 0–100"));
    }
    let expected = grade_for_score(score);
    match record.text("grade") {
        None => {
            record.set("grade", Value::Text(expected.to_string()));
            Vec::new()
        }
        Some(grade) if grade != expected => broken(
            "grade",
            format!(
                "grade {grade} disagrees with score {score}, which is {expected} (优 ≥ 90, 良 80–90, 中 60–80, 差 < 60); correct one, or leave grade empty to have it derived"
            ),
        ),
        Some(_) => Vec::new(),
    }
}

/// An indicator scores at most its weight.
fn indicator_score(record: &mut Record) -> Vec<RuleError> {
    let weight = record.real("weight");
    let score = record.real("score");
    if let Some(w) = weight.filter(|w| *w < 0.0) {
        return broken("weight", format!("weight {w} is negative"));
    }
    if let Some(s) = score.filter(|s| *s < 0.0) {
        return broken("score", format!("score {s} is negative"));
    }
    match (weight, score) {
        (Some(w), Some(s)) if s > w => broken(
            "score",
            format!("score {s} is more than the indicator's weight {w}"),
        ),
        _ => Vec::new(),
    }
}

/// An indicator must belong to an evaluation already in the database or
/// earlier in this import (evaluations are imported before indicators).
pub fn check_references(tx: &Transaction, record: &Record) -> rusqlite::Result<Vec<RuleError>> {
    if record.plan.kind.name != "indicators" {
        return Ok(Vec::new());
    }
    let (Some(year), Some(department), Some(project), Some(method)) = (
        record.integer("year"),
        record.text("department"),
        record.text("project"),
        record.text("method"),
    ) else {
        return Ok(Vec::new());
    };
    let exists: bool = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM evaluations WHERE year = ?1 AND department = ?2 AND project = ?3 AND method = ?4)",
        )?
        .query_row(params![year, department, project, method], |r| r.get(0))?;
    if exists {
        return Ok(Vec::new());
    }
    Ok(broken(
        "project",
        format!(
            "no evaluation of \"{project}\" ({}) for {year} {department}; import its evaluations row first or in the same import",
            vocab::EVALUATION_METHODS.label(method)
        ),
    ))
}

/// A rule broken across rows, located at a row this import wrote.
#[derive(Debug)]
pub struct CrossRowError {
    pub file: i64,
    pub line: i64,
    pub column: &'static str,
    pub message: String,
}

/// `vehicle` (公务用车购置及运行维护费) stands for its two parts only where
/// they are not given: a year and department may not have both.
pub fn check_vehicle_parts(
    tx: &Transaction,
    table_tag: i64,
) -> rusqlite::Result<Vec<CrossRowError>> {
    let mut stmt = tx.prepare(
        "SELECT s.file, s.first_line + (t.id - s.first_id), t.year, t.department, t.category,
                (SELECT group_concat(p.category, ' and ') FROM three_public p
                  WHERE p.year = t.year AND p.department = t.department
                    AND ((t.category = ?2 AND p.category IN (?3, ?4)) OR (t.category <> ?2 AND p.category = ?2)))
           FROM three_public t
           JOIN temp.import_runs s ON s.tbl = ?1 AND t.id BETWEEN s.first_id AND s.last_id
          WHERE t.category IN (?2, ?3, ?4)
            AND EXISTS (SELECT 1 FROM three_public v WHERE v.year = t.year AND v.department = t.department AND v.category = ?2)
            AND EXISTS (SELECT 1 FROM three_public p WHERE p.year = t.year AND p.department = t.department AND p.category IN (?3, ?4))
          ORDER BY 1, 2",
    )?;
    let rows = stmt.query_map(
        params![table_tag, vocab::VEHICLE, vocab::VEHICLE_PARTS[0], vocab::VEHICLE_PARTS[1]],
        |r| {
            let year: i64 = r.get(2)?;
            let department: String = r.get(3)?;
            let category: String = r.get(4)?;
            let others: String = r.get::<_, Option<String>>(5)?.unwrap_or_default();
            Ok(CrossRowError {
                file: r.get(0)?,
                line: r.get(1)?,
                column: "category",
                message: format!(
                    "{category} for {year} {department} is given together with {others}; give either vehicle (公务用车购置及运行维护费) or its two parts (vehicle_purchase, vehicle_operation), not both"
                ),
            })
        },
    )?;
    rows.collect()
}

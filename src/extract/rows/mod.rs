//! What was extracted, as rows of the contract's kinds: the year's files,
//! and the year before's figures that follow from stated changes
//! (`prior/`), each with how it was derived.
//!
//! Derived figures follow three rules, nothing else:
//! - a stated change: prior = value − change (`较上年增加0.33万元`);
//! - an identity of the template: 收入总计 = 上年结转和结余 + 本年收入合计,
//!   支出总计 = 本年支出合计 + 年末结转和结余;
//! - a remainder: when a total and all its parts but one are known, the
//!   missing part is the total minus the others ("三公" categories, and
//!   公务用车运行维护费 as 公务用车购置及运行维护费 − 公务用车购置费).

mod tables;
mod three_public;

use std::collections::BTreeMap;

pub use super::model::amount;
use super::model::{Evaluation, Extracted, Stated};
use crate::model::classes::{economic_class_name, function_class_name};
use crate::model::kinds::{self, Kind};
use crate::model::metric::Metric;
use crate::model::value::{AmountUnit, Printed};

/// One CSV row: column name → cell.
pub type Row = BTreeMap<&'static str, String>;

/// The rows of one kind.
#[derive(Debug)]
pub struct Table {
    pub kind: &'static Kind,
    pub rows: Vec<Row>,
}

/// A derived figure and how it follows from the stated ones.
#[derive(Debug, PartialEq, Eq)]
pub struct Derivation {
    pub kind: &'static str,
    pub figure: String,
    pub value: String,
    pub how: String,
}

/// Everything to write.
#[derive(Debug)]
pub struct Tables {
    pub current: Vec<Table>,
    pub prior: Vec<Table>,
    /// Figures of `current` that are derived, not stated.
    pub completed: Vec<Derivation>,
    /// How each figure of `prior` was derived.
    pub derivations: Vec<Derivation>,
    /// Figures two standard tables print differently (the first is kept).
    pub notes: Vec<String>,
}

fn percent(printed: Printed) -> String {
    printed.value.to_string()
}

pub(super) fn sum(parts: &[Stated]) -> Stated {
    Stated {
        fen: parts.iter().map(|p| p.fen).sum(),
        decimals: parts.iter().map(|p| p.decimals).max().unwrap_or(0),
        printed: AmountUnit::Wan,
    }
}

pub(super) fn minus(a: Stated, b: Stated) -> Stated {
    Stated {
        fen: a.fen - b.fen,
        decimals: a.decimals.max(b.decimals),
        printed: AmountUnit::Wan,
    }
}

/// The extracted report, and the rows every kind starts from.
pub(super) struct Builder<'a> {
    pub found: &'a Extracted,
}

impl Builder<'_> {
    pub fn row(&self, year: i64) -> Row {
        let mut row = Row::new();
        row.insert("year", year.to_string());
        row.insert("department", self.found.department.clone());
        row
    }

    pub fn value(&self, metric: &Metric) -> Option<Stated> {
        self.found.claim(metric).and_then(|c| c.figures.value)
    }

    pub fn prior(&self, metric: &Metric) -> Option<Stated> {
        let figures = &self.found.claim(metric)?.figures;
        Some(minus(figures.value?, figures.change?))
    }
}

pub fn build(found: &Extracted) -> Tables {
    let b = Builder { found };
    let mut completed = Vec::new();
    let mut derivations = Vec::new();
    let three_public = three_public::rows(&b, &mut completed);
    let current = vec![
        table(&kinds::ALIASES, aliases(&b)),
        table(&kinds::FUNCTION_CLASSES, function_classes(&b)),
        table(&kinds::REPORTS, vec![reports(&b)]),
        table(&kinds::UNITS, units(&b)),
        table(&kinds::INCOME, income(&b, false, &mut derivations)),
        table(&kinds::EXPENDITURES, expenditures(&b)),
        table(
            &kinds::ECONOMIC_EXPENDITURES,
            economic(&b, false, &mut derivations),
        ),
        table(&kinds::THREE_PUBLIC, three_public.current),
        table(
            &kinds::PROCUREMENT,
            procurement(&b, false, &mut derivations),
        ),
        table(&kinds::ASSETS, assets(&b)),
        table(&kinds::EVALUATIONS, evaluations(&b)),
        table(&kinds::INDICATORS, indicators(&b)),
        table(&kinds::CLAIMS, claims(&b)),
        table(&kinds::TEXTS, texts(&b)),
    ];
    let from_tables = tables::rows(found);
    let mut current = current;
    for kind in [&kinds::FUND_ACCOUNTS, &kinds::DISCLOSURES] {
        current.push(table(kind, Vec::new()));
    }
    for table in &mut current {
        merge(table, &from_tables);
    }
    current.sort_by_key(|t| kinds::KINDS.iter().position(|k| k.name == t.kind.name));
    let prior = vec![
        table(
            &kinds::REPORTS,
            prior_reports(&b, &mut derivations).into_iter().collect(),
        ),
        table(&kinds::INCOME, income(&b, true, &mut derivations)),
        table(
            &kinds::EXPENDITURES,
            prior_expenditures(&b, &mut derivations),
        ),
        table(
            &kinds::ECONOMIC_EXPENDITURES,
            economic(&b, true, &mut derivations),
        ),
        table(&kinds::THREE_PUBLIC, three_public.prior),
        table(&kinds::PROCUREMENT, procurement(&b, true, &mut derivations)),
    ];
    derivations.extend(three_public.derivations);
    // In file order, as the README lists them.
    derivations.sort_by_key(|d| kinds::KINDS.iter().position(|k| k.name == d.kind));
    Tables {
        current: current.into_iter().filter(|t| !t.rows.is_empty()).collect(),
        prior: prior.into_iter().filter(|t| !t.rows.is_empty()).collect(),
        completed,
        derivations,
        notes: from_tables.notes,
    }
}

/// The tables' rows of a kind replace the narrative's rows of the same key:
/// a table prints the figure, the narrative's statement of it stays a
/// claim. `reports` and `procurement` have one row, the tables' columns
/// over the narrative's.
fn merge(table: &mut Table, from_tables: &tables::TableRows) {
    let kind = table.kind;
    let key = |row: &Row| -> Vec<String> {
        kind.key
            .iter()
            .map(|k| row.get(k).cloned().unwrap_or_default())
            .collect()
    };
    for row in from_tables.of(kind) {
        match table.rows.iter_mut().find(|r| key(r) == key(row)) {
            Some(existing) if matches!(kind.name, "reports" | "procurement") => {
                existing.extend(row.iter().map(|(c, v)| (*c, v.clone())));
            }
            Some(existing) => *existing = row.clone(),
            None => table.rows.push(row.clone()),
        }
    }
}

/// `value − change`, negative changes in brackets.
pub(super) fn stated_change(value: Stated, change: Stated) -> String {
    let change = if change.fen < 0 {
        format!("({})", amount(change))
    } else {
        amount(change)
    };
    format!("{} − {change} (stated change)", amount(value))
}

fn table(kind: &'static Kind, rows: Vec<Row>) -> Table {
    Table { kind, rows }
}

fn aliases(b: &Builder) -> Vec<Row> {
    b.found
        .short_name
        .iter()
        .map(|short| {
            Row::from([
                ("alias", short.clone()),
                ("canonical", b.found.department.clone()),
            ])
        })
        .collect()
}

fn function_classes(b: &Builder) -> Vec<Row> {
    let mut codes: Vec<&str> = b.found.expenditures.iter().map(|e| e.code).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
        .into_iter()
        .filter_map(|code| {
            let name = function_class_name(code)?;
            Some(Row::from([
                ("code", code.to_string()),
                ("name", name.to_string()),
            ]))
        })
        .collect()
}

fn reports(b: &Builder) -> Row {
    let mut row = b.row(b.found.year);
    for (column, count) in &b.found.counts {
        row.insert(column, count.to_string());
    }
    for (column, _) in kinds::REPORT_AMOUNTS {
        if let Some(value) = b.value(&Metric::Report(column)) {
            row.insert(column, amount(value));
        }
    }
    row
}

fn prior_reports(b: &Builder, derivations: &mut Vec<Derivation>) -> Option<Row> {
    let prior_year = b.found.year - 1;
    let mut values: BTreeMap<&'static str, Stated> = BTreeMap::new();
    for (column, label) in kinds::REPORT_AMOUNTS {
        if let (Some(prior), Some(claim)) = (
            b.prior(&Metric::Report(column)),
            b.found.claim(&Metric::Report(column)),
        ) {
            values.insert(column, prior);
            derivations.push(Derivation {
                kind: "reports",
                figure: format!("{column} ({label})"),
                value: amount(prior),
                how: claim
                    .figures
                    .value
                    .zip(claim.figures.change)
                    .map(|(v, c)| stated_change(v, c))
                    .unwrap_or_default(),
            });
        }
    }
    for (total, parts) in [
        ("income_total", ["carryover_begin", "income_current"]),
        (
            "expenditure_total",
            ["expenditure_current", "carryover_end"],
        ),
    ] {
        if values.contains_key(total) {
            continue;
        }
        if let [Some(a), Some(c)] = parts.map(|p| values.get(p).copied()) {
            let value = sum(&[a, c]);
            values.insert(total, value);
            derivations.push(Derivation {
                kind: "reports",
                figure: total.to_string(),
                value: amount(value),
                how: format!("{} + {} (identity of the template)", parts[0], parts[1]),
            });
        }
    }
    if values.is_empty() {
        return None;
    }
    let mut row = b.row(prior_year);
    for (column, value) in values {
        row.insert(column, amount(value));
    }
    Some(row)
}

fn units(b: &Builder) -> Vec<Row> {
    let mut seen = Vec::new();
    b.found
        .units
        .iter()
        .filter(|u| {
            let new = !seen.contains(u);
            seen.push(u);
            new
        })
        .map(|unit| {
            let mut row = b.row(b.found.year);
            row.insert("unit", unit.clone());
            row
        })
        .collect()
}

/// Rows of a kind keyed by one metric family, this year or derived prior.
fn stated_rows(
    b: &Builder,
    prior: bool,
    derivations: &mut Vec<Derivation>,
    kind: &'static str,
    metrics: Vec<(Metric, Row)>,
    column: &'static str,
) -> Vec<Row> {
    metrics
        .into_iter()
        .filter_map(|(metric, mut row)| {
            let value = if prior {
                let value = b.prior(&metric)?;
                let figures = &b.found.claim(&metric)?.figures;
                derivations.push(Derivation {
                    kind,
                    figure: metric.to_string(),
                    value: amount(value),
                    how: figures
                        .value
                        .zip(figures.change)
                        .map(|(v, c)| stated_change(v, c))
                        .unwrap_or_default(),
                });
                value
            } else {
                b.value(&metric)?
            };
            let year = if prior {
                b.found.year - 1
            } else {
                b.found.year
            };
            row.insert("year", year.to_string());
            row.insert("department", b.found.department.clone());
            row.insert(column, amount(value));
            Some(row)
        })
        .collect()
}

fn income(b: &Builder, prior: bool, derivations: &mut Vec<Derivation>) -> Vec<Row> {
    let metrics = b
        .found
        .claims
        .iter()
        .filter_map(|c| match c.metric {
            Metric::Income(Some(source)) => Some((
                c.metric.clone(),
                Row::from([("source", source.to_string())]),
            )),
            _ => None,
        })
        .collect();
    stated_rows(b, prior, derivations, "income", metrics, "amount")
}

fn economic(b: &Builder, prior: bool, derivations: &mut Vec<Derivation>) -> Vec<Row> {
    let metrics = b
        .found
        .claims
        .iter()
        .filter_map(|c| match &c.metric {
            Metric::Econ(Some(code)) => {
                let mut row = Row::from([("fund", "general".to_string()), ("code", code.clone())]);
                if let Some(name) = economic_class_name(code) {
                    row.insert("name", name.to_string());
                }
                Some((c.metric.clone(), row))
            }
            _ => None,
        })
        .collect();
    stated_rows(
        b,
        prior,
        derivations,
        "economic_expenditures",
        metrics,
        "amount",
    )
}

fn procurement(b: &Builder, prior: bool, derivations: &mut Vec<Derivation>) -> Vec<Row> {
    let year = if prior {
        b.found.year - 1
    } else {
        b.found.year
    };
    let mut row = b.row(year);
    let mut any = false;
    for (part, column) in [
        (None, "total"),
        (Some("goods"), "goods"),
        (Some("works"), "works"),
        (Some("services"), "services"),
        (Some("sme"), "sme"),
        (Some("small_micro"), "small_micro"),
    ] {
        let metric = Metric::Procurement(part);
        let cells = stated_rows(
            b,
            prior,
            derivations,
            "procurement",
            vec![(metric, Row::new())],
            column,
        );
        if let Some(cell) = cells.first().and_then(|r| r.get(column)) {
            row.insert(column, cell.clone());
            any = true;
        }
    }
    if any {
        vec![row]
    } else {
        Vec::new()
    }
}

fn expenditures(b: &Builder) -> Vec<Row> {
    b.found
        .expenditures
        .iter()
        .map(|e| {
            let mut row = b.row(b.found.year);
            row.insert("fund", e.fund.to_string());
            row.insert("code", e.code.to_string());
            if let Some(name) = function_class_name(e.code) {
                row.insert("name", name.to_string());
            }
            if let Some(budget) = e.budget {
                row.insert("budget_initial", amount(budget));
            }
            if let Some(total) = e.total {
                row.insert("total", amount(total));
            }
            row
        })
        .collect()
}

fn prior_expenditures(b: &Builder, derivations: &mut Vec<Derivation>) -> Vec<Row> {
    b.found
        .expenditures
        .iter()
        .filter_map(|e| {
            let (total, change) = (e.total?, e.change?);
            let prior = minus(total, change);
            derivations.push(Derivation {
                kind: "expenditures",
                figure: format!("{} {}", e.fund, e.code),
                value: amount(prior),
                how: stated_change(total, change),
            });
            let mut row = b.row(b.found.year - 1);
            row.insert("fund", e.fund.to_string());
            row.insert("code", e.code.to_string());
            if let Some(name) = function_class_name(e.code) {
                row.insert("name", name.to_string());
            }
            row.insert("total", amount(prior));
            Some(row)
        })
        .collect()
}

/// The asset items both readers gave, one row each (the model already
/// kept the table's figure over the narrative's).
fn assets(b: &Builder) -> Vec<Row> {
    b.found
        .assets
        .iter()
        .map(|a| {
            let mut row = b.row(b.found.year);
            row.insert("item", a.item.clone());
            if let Some(quantity) = a.quantity {
                row.insert("quantity", percent(quantity));
            }
            if let Some(measure) = &a.measure {
                row.insert("measure", measure.clone());
            }
            if let Some(value) = a.value {
                row.insert("value", amount(value));
            }
            if !a.source.is_empty() {
                row.insert("source", a.source.clone());
            }
            row
        })
        .collect()
}

fn evaluations(b: &Builder) -> Vec<Row> {
    b.found
        .evaluations
        .iter()
        .map(|e: &Evaluation| {
            let mut row = b.row(b.found.year);
            row.insert("project", e.project.clone());
            row.insert("method", e.method.to_string());
            let optional = [
                ("unit", e.unit.clone()),
                ("evaluator", e.evaluator.clone()),
                ("budget_initial", e.budget_initial.map(amount)),
                ("budget_full_year", e.budget_full_year.map(amount)),
                ("executed", e.executed.map(amount)),
                ("score", e.score.map(percent)),
                ("grade", e.grade.map(str::to_string)),
            ];
            for (column, value) in optional {
                if let Some(value) = value {
                    row.insert(column, value);
                }
            }
            row
        })
        .collect()
}

fn indicators(b: &Builder) -> Vec<Row> {
    b.found
        .indicators
        .iter()
        .map(|i| {
            let mut row = b.row(b.found.year);
            row.insert("project", i.project.clone());
            row.insert("method", i.method.to_string());
            row.insert("level1", i.level1.clone());
            if let Some(level2) = &i.level2 {
                row.insert("level2", level2.clone());
            }
            row.insert("level3", i.level3.clone());
            row.insert("weight", percent(i.weight));
            if let Some(score) = i.score {
                row.insert("score", percent(score));
            }
            for (column, text) in [("target", &i.target), ("actual", &i.actual)] {
                if let Some(text) = text {
                    row.insert(column, text.clone());
                }
            }
            row
        })
        .collect()
}

fn claims(b: &Builder) -> Vec<Row> {
    b.found
        .claims
        .iter()
        .map(|c| {
            let mut row = b.row(b.found.year);
            row.insert("metric", c.metric.to_string());
            let f = &c.figures;
            let cells = [
                ("value", f.value.map(amount)),
                ("change", f.change.map(amount)),
                ("change_pct", f.change_pct.map(percent)),
                ("budget", f.budget.map(amount)),
                ("execution_pct", f.execution_pct.map(percent)),
                ("share_pct", f.share_pct.map(percent)),
                ("budget_change", f.budget_change.map(amount)),
                ("budget_change_pct", f.budget_change_pct.map(percent)),
            ];
            for (column, value) in cells {
                // Columns of a newer contract, written once the kind has them.
                if kinds::CLAIMS.column(column).is_none() {
                    continue;
                }
                if let Some(value) = value {
                    row.insert(column, value);
                }
            }
            row.insert("text", c.text.clone());
            row
        })
        .collect()
}

/// The publication's own lines, numbered in print order.
fn texts(b: &Builder) -> Vec<Row> {
    let mut rows = Vec::new();
    for (seq, text) in b.found.texts.iter().enumerate() {
        let mut row = b.row(b.found.year);
        row.insert("seq", (seq + 1).to_string());
        row.insert("role", text.role.to_string());
        row.insert("text", text.text.clone());
        if let Some(page) = text.page {
            row.insert("page", page.to_string());
        }
        if let Some(relation) = text.relation {
            row.insert("relation", relation.to_string());
        }
        if let Some(actual) = text.actual {
            row.insert("actual", amount(actual));
        }
        if let Some(budget) = text.budget {
            row.insert("budget", amount(budget));
        }
        rows.push(row);
    }
    rows
}

impl Tables {
    /// Rows written for a kind this year.
    pub fn rows_of(&self, kind: &str) -> usize {
        self.current
            .iter()
            .filter(|t| t.kind.name == kind)
            .map(|t| t.rows.len())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_keep_their_printed_decimals() {
        let s = |fen, decimals| Stated {
            fen,
            decimals,
            printed: AmountUnit::Wan,
        };
        assert_eq!(amount(s(11_900_000, 1)), "11.9");
        assert_eq!(amount(s(14_900_000, 2)), "14.90");
        assert_eq!(amount(s(126_318_000_000, 0)), "126318");
        assert_eq!(amount(s(12_700_676, 6)), "12.700676");
        assert_eq!(amount(minus(s(1_930_000, 2), s(330_000, 2))), "1.60");
        assert_eq!(amount(s(0, 0)), "0");
    }
}

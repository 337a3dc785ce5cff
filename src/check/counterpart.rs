//! Where a claim's figures are in the tables: the counterpart of each
//! metric's value and budget, and the whole its share is of.
//!
//! Every lookup gives a table figure with the stored rows it was read from
//! (so a finding can point at them as well as at the claim), or the reason
//! it cannot (the finding then says "unverifiable: …").

use rust_decimal::Decimal;

use super::data::{sum_column, Data, ExpColumn, Key};
use super::interval::Figure;
use crate::model::metric::{Metric, BASIC_PARTS};
use crate::model::vocab::{FISCAL_PARTS, VEHICLE, VEHICLE_PARTS};

/// Which figure of a metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// 本年数 (决算数, executed, actual, …).
    Value,
    /// 年初预算数 (budget).
    Budget,
}

/// A table figure and the rows it is the sum of, each as (table, id).
/// A figure the text states instead (a whole taken from a claim) has no
/// rows of its own.
#[derive(Clone, Debug)]
pub struct Found {
    pub figure: Figure,
    pub rows: Vec<(&'static str, i64)>,
}

pub type Lookup = Result<Found, String>;

/// One stored amount and the row it is in.
type Part = (Option<Decimal>, &'static str, i64);

fn sum_of(parts: impl IntoIterator<Item = Part>, what: &str) -> Lookup {
    let mut figures = Vec::new();
    let mut rows = Vec::new();
    for (amount, table, id) in parts {
        let Some(amount) = amount else {
            return Err(format!("{what} has an empty figure"));
        };
        figures.push(Figure::table(amount));
        rows.push((table, id));
    }
    if figures.is_empty() {
        return Err(format!("{what} not loaded"));
    }
    Figure::sum(figures)
        .map(|figure| Found { figure, rows })
        .ok_or_else(|| format!("{what} not loaded"))
}

fn one(amount: Option<Decimal>, table: &'static str, id: i64, what: &str) -> Lookup {
    amount
        .map(|value| stored(value, table, id))
        .ok_or_else(|| format!("{what} not loaded"))
}

/// A figure of one stored row.
fn stored(value: Decimal, table: &'static str, id: i64) -> Found {
    Found {
        figure: Figure::table(value),
        rows: vec![(table, id)],
    }
}

/// A functional code's figure (imported or rolled up) with its rows.
fn function(
    data: &Data,
    key: &Key,
    fund: &str,
    code: Option<&str>,
    column: ExpColumn,
) -> Option<Found> {
    let rows = match code {
        Some(code) => data.function_rows(key, fund, code)?,
        None => data.total_rows(key, fund)?,
    };
    Some(Found {
        figure: sum_column(&rows, column)?,
        rows: rows.iter().map(|r| ("expenditures", r.id)).collect(),
    })
}

/// The table figure a claim's value or budget should match.
pub fn lookup(data: &Data, key: &Key, metric: &Metric, field: Field) -> Lookup {
    let year = key.0;
    let no_budget = |what: &str| Err(format!("{what} has no budget in the tables"));
    match (metric, field) {
        (Metric::Report(column), Field::Value) => match data.reports.get(key) {
            Some(report) => one(
                report.amount(column),
                "reports",
                report.id,
                &format!("reports.{column} of {year}"),
            ),
            None => Err(format!("reports of {year} not loaded")),
        },
        (Metric::Report(column), Field::Budget) => no_budget(&format!("reports.{column}")),
        (Metric::Income(source), Field::Value) => {
            // The parts of fiscal count in the whole only where fiscal
            // itself is not given: they are inside it, not beside it.
            let has_fiscal = data
                .income
                .iter()
                .any(|i| &i.key == key && i.code.is_none() && i.source == "fiscal");
            let rows = data
                .income
                .iter()
                .filter(|i| &i.key == key && i.code.is_none())
                .filter(|i| match source {
                    Some(s) => i.source == *s,
                    None => !(has_fiscal && FISCAL_PARTS.contains(&i.source.as_str())),
                });
            let what = match source {
                Some(s) => format!("income {s} of {year}"),
                None => format!("income of {year}"),
            };
            sum_of(rows.map(|i| (Some(i.amount), "income", i.id)), &what)
        }
        (Metric::Income(_), Field::Budget) => no_budget("income"),
        (Metric::Function(code), Field::Value | Field::Budget) => {
            let column = match field {
                Field::Value => ExpColumn::Total,
                Field::Budget => ExpColumn::BudgetInitial,
            };
            function(data, key, "fiscal", code.as_deref(), column).ok_or_else(|| {
                format!(
                    "fiscal-fund expenditure {}{} of {year} not loaded",
                    code.as_deref().unwrap_or("total"),
                    if column == ExpColumn::BudgetInitial { " budget_initial" } else { "" }
                )
            })
        }
        (Metric::Econ(code), Field::Value) => {
            let rows = data.economic.iter().filter(|e| &e.key == key && e.fund == "general");
            match code {
                Some(code) => match rows.clone().find(|e| &e.code == code) {
                    Some(e) => Ok(stored(e.amount, "economic_expenditures", e.id)),
                    None => Err(format!("general-fund economic code {code} of {year} not loaded")),
                },
                None => sum_of(
                    rows.filter(|e| e.code.len() == 3)
                        .map(|e| (Some(e.amount), "economic_expenditures", e.id)),
                    &format!("general-fund economic expenditure of {year}"),
                ),
            }
        }
        (Metric::Econ(_), Field::Budget) => no_budget("economic expenditure"),
        (Metric::ThreePublic(category), _) => three_public(data, key, *category, field),
        (Metric::FunctionOf(code, fund), _) => {
            let column = match field {
                Field::Value => ExpColumn::Total,
                Field::Budget => ExpColumn::BudgetInitial,
            };
            function(data, key, fund, Some(code), column).ok_or_else(|| {
                format!(
                    "{fund}-fund expenditure {code}{} of {year} not loaded",
                    if column == ExpColumn::BudgetInitial { " budget_initial" } else { "" }
                )
            })
        }
        (Metric::Fund(fund, name), Field::Value) => match data.fund_account(key, fund) {
            Some(account) => one(
                account.field(name),
                "fund_accounts",
                account.id,
                &format!("fund_accounts {fund} {name} of {year}"),
            ),
            None => Err(format!("fund_accounts {fund} (whole fund) of {year} not loaded")),
        },
        (Metric::Fund(..), Field::Budget) => no_budget("fund_accounts"),
        (Metric::Basic(part), Field::Value) => basic_part(data, key, part),
        (Metric::Basic(_), Field::Budget) => no_budget("economic expenditure"),
        (Metric::Procurement(part), Field::Value) => match data.procurement.get(key) {
            Some(p) => {
                let part = part.unwrap_or("total");
                one(p.part(part), "procurement", p.id, &format!("procurement {part} of {year}"))
            }
            None => Err(format!("procurement of {year} not loaded")),
        },
        (Metric::Procurement(_), Field::Budget) => no_budget("procurement"),
        (Metric::Evaluations(method), _) => Err(format!(
            "the amount covered by {method} evaluations is not in the tables (reports list only some projects)"
        )),
        (Metric::Evaluation(project), _) => {
            let candidates: Vec<_> = data
                .evaluations
                .iter()
                .filter(|e| &e.key == key && &e.project == project)
                .collect();
            let chosen = ["self", "department", "finance", "overall"]
                .iter()
                .find_map(|m| candidates.iter().find(|e| e.method == *m));
            match chosen {
                None => Err(format!("evaluation of {project} in {year} not loaded")),
                Some(e) => match field {
                    Field::Value => one(
                        e.executed,
                        "evaluations",
                        e.id,
                        &format!("executed of {project} ({}) in {year}", e.method),
                    ),
                    Field::Budget => one(
                        e.budget_full_year,
                        "evaluations",
                        e.id,
                        &format!("budget_full_year of {project} ({}) in {year}", e.method),
                    ),
                },
            }
        }
    }
}

/// 人员经费 = 301 + 303, 公用经费 = 302 + 310 of the general fund's
/// economic codes. A code not loaded is unknown, unless the report carries
/// 基本支出决算表 whole: then a 类 it does not print has nothing in it.
fn basic_part(data: &Data, key: &Key, part: &str) -> Lookup {
    let year = key.0;
    let Some((_, label, codes)) = BASIC_PARTS.iter().find(|(name, _, _)| *name == part) else {
        return Err(format!("basic:{part} is not a part of basic expenditure"));
    };
    let whole_table = data.carries(key, "一般公共预算财政拨款基本支出决算表");
    let rows: Vec<_> = codes
        .iter()
        .map(|code| {
            data.economic
                .iter()
                .find(|e| &e.key == key && e.fund == "general" && e.code == *code)
        })
        .collect();
    if rows.iter().all(Option::is_none) {
        return Err(format!(
            "general-fund economic codes {} of {year} not loaded",
            codes.join(", ")
        ));
    }
    if !whole_table && rows.iter().any(Option::is_none) {
        let missing: Vec<&str> = codes
            .iter()
            .zip(&rows)
            .filter(|(_, a)| a.is_none())
            .map(|(c, _)| *c)
            .collect();
        return Err(format!(
            "{label} is {}; general-fund economic code {} of {year} not loaded",
            codes.join(" + "),
            missing.join(", ")
        ));
    }
    sum_of(
        rows.into_iter()
            .flatten()
            .map(|e| (Some(e.amount), "economic_expenditures", e.id)),
        &format!("{label} of {year}"),
    )
}

fn three_public(data: &Data, key: &Key, category: Option<&str>, field: Field) -> Lookup {
    let year = key.0;
    let rows: Vec<_> = data.three_public.iter().filter(|t| &t.key == key).collect();
    let pick = |t: &super::data::ThreePublic| match field {
        Field::Value => t.actual,
        Field::Budget => t.budget,
    };
    let column = match field {
        Field::Value => "actual",
        Field::Budget => "budget",
    };
    match category {
        // A total is the sum of every category: with one not loaded it
        // cannot be told (`公务用车…` left out of the text is not zero).
        None => {
            let has = |id: &str| rows.iter().any(|t| t.category == id);
            let missing: Vec<&str> = ["outbound", "reception"]
                .into_iter()
                .filter(|id| !has(id))
                .chain((!has(VEHICLE) && !VEHICLE_PARTS.iter().all(|p| has(p))).then_some(VEHICLE))
                .collect();
            if !rows.is_empty() && !missing.is_empty() {
                return Err(format!(
                    "three_public {column} of {year} has no {} loaded",
                    missing.join(", ")
                ));
            }
            sum_of(
                rows.iter().map(|t| (pick(t), "three_public", t.id)),
                &format!("three_public {column} of {year}"),
            )
        }
        Some(category) => {
            if let Some(row) = rows.iter().find(|t| t.category == category) {
                return one(
                    pick(row),
                    "three_public",
                    row.id,
                    &format!("three_public {category} {column} of {year}"),
                );
            }
            if category == VEHICLE {
                let parts: Vec<_> = VEHICLE_PARTS
                    .iter()
                    .map(|p| rows.iter().find(|t| t.category == *p))
                    .collect();
                if parts.iter().all(Option::is_some) {
                    return sum_of(
                        parts
                            .into_iter()
                            .flatten()
                            .map(|t| (pick(t), "three_public", t.id)),
                        &format!(
                            "three_public vehicle_purchase + vehicle_operation {column} of {year}"
                        ),
                    );
                }
            }
            Err(format!("three_public {category} of {year} not loaded"))
        }
    }
}

/// The whole a claim's share is a percentage of.
pub fn whole(data: &Data, key: &Key, metric: &Metric) -> Lookup {
    let year = key.0;
    match metric {
        Metric::Report("basic_expenditure" | "project_expenditure") => lookup(
            data,
            key,
            &Metric::Report("expenditure_current"),
            Field::Value,
        ),
        Metric::Income(Some(_)) => {
            lookup(data, key, &Metric::Report("income_current"), Field::Value)
        }
        Metric::Procurement(Some(_)) => lookup(data, key, &Metric::Procurement(None), Field::Value),
        // The total the text states is the whole its shares are of, when the
        // categories do not all add up to one.
        Metric::ThreePublic(Some(_)) => lookup(data, key, &Metric::ThreePublic(None), Field::Value)
            .or_else(|why| {
                data.claims
                    .iter()
                    .find(|c| &c.key == key && c.metric == "three_public")
                    .and_then(|c| c.value)
                    .map(|(fen, decimals)| Found {
                        figure: Figure::stated_amount(
                            super::data::wan(fen),
                            decimals,
                            claim_unit(data, key),
                        ),
                        rows: Vec::new(),
                    })
                    .ok_or(why)
            }),
        Metric::Function(Some(_)) => function(data, key, "fiscal", None, ExpColumn::Total)
            .ok_or_else(|| format!("fiscal-fund expenditure of {year} not loaded")),
        Metric::Econ(Some(_)) | Metric::Basic(_) => {
            lookup(data, key, &Metric::Econ(None), Field::Value)
        }
        Metric::FunctionOf(_, fund) => function(data, key, fund, None, ExpColumn::Total)
            .ok_or_else(|| format!("{fund}-fund expenditure of {year} not loaded")),
        Metric::Evaluations(method) => Err(format!(
            "the whole of {method} evaluations' share is not in the tables"
        )),
        other => Err(format!("no whole is defined for a share of {other}")),
    }
}

/// 万元 per unit of a report's stated amounts: 0.0001 when its claims were
/// imported in 元.
fn claim_unit(data: &Data, key: &Key) -> Decimal {
    match data.claims.iter().find(|c| &c.key == key) {
        Some(c) if c.unit == "元" => Decimal::new(1, 4),
        _ => Decimal::ONE,
    }
}

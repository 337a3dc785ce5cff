//! Rule family `hierarchy.*`: the functional classification adds up (a 类
//! is the sum of its 款, a 款 of its 项) and every code is a known one.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::balance;
use super::data::{Data, ExpColumn, Key};
use super::finding::{Finding, Severity, OFF};
use super::interval::Figure;
use crate::model::metric::Metric;

pub fn check(data: &Data, findings: &mut Vec<Finding>) {
    sums(data, findings);
    unknown_codes(data, findings);
    other_tables(data, findings);
}

/// One column of one table's rows of a report, by code: what
/// [`levels`] sums.
struct Column<'a> {
    key: &'a Key,
    /// What the subject names besides the code: `income fiscal`.
    what: String,
    values: BTreeMap<&'a str, Option<Decimal>>,
    /// The stored row of each code (its table's id).
    ids: BTreeMap<&'a str, i64>,
    table: &'static str,
    /// Whether every row of the table is known to be loaded.
    complete: bool,
    title: &'static str,
    rule: &'static str,
}

/// The other tables with codes by level: 收入决算表 (income by source and
/// functional code), the fund tables (fund_accounts by code) and
/// 基本支出决算表 (economic codes, 3 digits = the sum of their 5-digit
/// codes). A failing sum is an error only when the report's disclosures
/// record the table as present (every row loaded), a note otherwise.
fn other_tables(data: &Data, findings: &mut Vec<Finding>) {
    let mut columns: BTreeMap<(&Key, String), Column> = BTreeMap::new();
    for i in &data.income {
        if let Some(code) = &i.code {
            push(
                &mut columns,
                data,
                &i.key,
                format!("income {}", i.source),
                (code, Some(i.amount)),
                ("income", i.id),
                ("hierarchy.income", "收入决算表"),
            );
        }
    }
    for a in &data.fund_accounts {
        if let Some(code) = &a.code {
            for (field, _) in crate::model::kinds::FUND_FIELDS {
                push(
                    &mut columns,
                    data,
                    &a.key,
                    format!("{field} ({})", a.fund),
                    (code, a.field(field)),
                    ("fund_accounts", a.id),
                    (
                        "hierarchy.fund_accounts",
                        super::tables::table_of_fund(&a.fund),
                    ),
                );
            }
        }
    }
    for e in &data.economic {
        push(
            &mut columns,
            data,
            &e.key,
            format!("economic ({})", e.fund),
            (&e.code, Some(e.amount)),
            ("economic_expenditures", e.id),
            ("hierarchy.economic", "一般公共预算财政拨款基本支出决算表"),
        );
    }
    for column in columns.values() {
        levels(column, findings);
    }
}

/// Adds one cell (its code and value) of row `id` of `table` to its column.
fn push<'a>(
    columns: &mut BTreeMap<(&'a Key, String), Column<'a>>,
    data: &Data,
    key: &'a Key,
    what: String,
    (code, value): (&'a str, Option<Decimal>),
    (table, id): (&'static str, i64),
    (rule, title): (&'static str, &'static str),
) {
    let column = columns
        .entry((key, what.clone()))
        .or_insert_with(|| Column {
            key,
            what,
            values: BTreeMap::new(),
            ids: BTreeMap::new(),
            table,
            complete: data.carries(key, title),
            title,
            rule,
        });
    column.values.insert(code, value);
    column.ids.insert(code, id);
}

/// Each code of a column with codes two digits longer under it = their
/// sum (a 类 = Σ 款, a 款 = Σ 项), when every one of them is stated.
fn levels(column: &Column, findings: &mut Vec<Finding>) {
    for (code, value) in &column.values {
        let length = code.len() + 2;
        let below = |c: &&str| c.len() == length && c.starts_with(code);
        let children: Vec<Option<Decimal>> = column
            .values
            .iter()
            .filter(|(c, _)| below(c))
            .map(|(_, v)| *v)
            .collect();
        let rows = column
            .ids
            .get(code)
            .into_iter()
            .chain(
                column
                    .ids
                    .iter()
                    .filter(|(c, _)| below(c))
                    .map(|(_, id)| id),
            )
            .copied()
            .collect::<Vec<i64>>();
        if children.is_empty() || value.is_none() {
            continue;
        }
        let Some(children) = children.into_iter().collect::<Option<Vec<Decimal>>>() else {
            continue;
        };
        let count = children.len();
        let outcome = balance::rows(
            *value,
            balance::sum(children),
            column.complete,
            super::tables::not_all_rows(column.title),
        );
        let (this, below) = if length == 5 {
            ("类", "款")
        } else {
            ("款", "项")
        };
        let mut finding = balance::finding(
            outcome,
            column.rule,
            column.key,
            format!("{code} {}", column.what),
        )
        .map(|f| f.at_all(column.table, rows));
        if let Some(f) = finding.as_mut().filter(|f| f.severity == Severity::Error) {
            f.case = format!("{this} ≠ the sum of its {count} {below}: {}", f.case);
        }
        findings.extend(finding);
    }
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
        for column in ExpColumn::ALL {
            let Some(parent) = column.of(row).map(Figure::table) else {
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
                    .figures(Some(sum.value), Some(parent.value))
                    .at("expenditures", row.id)
                    .at_all(
                        "expenditures",
                        data.expenditures_of(&row.key, &row.fund)
                            .filter(|e| children.contains(&e.code))
                            .map(|e| e.id),
                    ),
                );
            }
        }
    }
}

/// Functional codes not in function_classes, once per code and
/// department-year.
fn unknown_codes(data: &Data, findings: &mut Vec<Finding>) {
    // Each code with the rows that use it, the first one found the main one.
    let mut used: BTreeMap<(Key, String), Vec<(&'static str, i64)>> = BTreeMap::new();
    let mut note = |key: &Key, code: &str, row: (&'static str, i64)| {
        if !data.function_classes.contains(code) {
            used.entry((key.clone(), code.to_string()))
                .or_default()
                .push(row);
        }
    };
    for e in &data.expenditures {
        note(&e.key, &e.code, ("expenditures", e.id));
    }
    for i in &data.income {
        if let Some(code) = &i.code {
            note(&i.key, code, ("income", i.id));
        }
    }
    for c in &data.claims {
        if let Ok(Metric::Function(Some(code)) | Metric::FunctionOf(code, _)) =
            Metric::parse(&c.metric)
        {
            note(&c.key, &code, ("claims", c.id));
        }
    }
    for a in &data.fund_accounts {
        if let Some(code) = &a.code {
            note(&a.key, code, ("fund_accounts", a.id));
        }
    }
    for ((key, code), rows) in used {
        findings.push(
            Finding::new(
                Severity::Warning,
                "hierarchy.unknown_code",
                key.0,
                &key.1,
                code,
                "unknown code: not in function_classes",
            )
            .at_rows(&rows),
        );
    }
}

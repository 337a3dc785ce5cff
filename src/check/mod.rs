//! `budgetdb check`: reconciles the loaded data and reports every
//! inconsistency: what, where, and by how much.
//!
//! Each rule family lives in its own module; [`interval`] holds the
//! rounding arithmetic they share. `check` computes every finding, then
//! filters (`--year`, `--department`, `--rule`) and sorts them. Passing
//! checks produce no finding. The rules and the precision model are
//! documented for users in `docs/check.md`.

pub mod balance;
pub mod claims;
pub mod completeness;
pub mod consistency;
pub mod counterpart;
pub mod data;
pub mod evaluations;
pub mod finding;
pub mod funds;
pub mod hierarchy;
pub mod identities;
pub mod interval;
pub mod locate;
pub mod render;
pub mod tables;
pub mod three_public;

use anyhow::{Context, Result};
use rusqlite::Connection;

pub use finding::{table, Finding, Location, RowRef, Severity};
pub use locate::locate;

use crate::model::names::Aliases;

/// Every rule id, in documentation order.
pub const RULES: [&str; 45] = [
    "claim.value",
    "claim.budget",
    "claim.change",
    "claim.change_pct",
    "claim.execution_pct",
    "claim.share_pct",
    "claim.budget_change",
    "claim.budget_change_pct",
    "identity.income",
    "identity.expenditure",
    "identity.balance",
    "identity.basic_project",
    "identity.staff",
    "identity.procurement",
    "identity.sme",
    "identity.carryover",
    "identity.fiscal_income",
    "hierarchy.sum",
    "hierarchy.unknown_code",
    "hierarchy.income",
    "hierarchy.fund_accounts",
    "hierarchy.economic",
    "table.expenditure",
    "table.fund_expenditure",
    "table.general_basic",
    "table.income",
    "table.fund_income",
    "table.income_codes",
    "fund.balance",
    "fund.basic_project",
    "fund.parts",
    "completeness.table_missing",
    "completeness.table_unlisted",
    "evaluation.weights",
    "evaluation.scores",
    "evaluation.grade",
    "evaluation.executed",
    "three_public.total",
    "three_public.execution",
    "three_public.reception_counts",
    "consistency.placeholder",
    "consistency.year",
    "consistency.department",
    "consistency.comparison_word",
    "completeness.contents",
];

/// Whether `selector` (a rule id, or a family prefix like `claim`) selects `rule`.
fn selects(selector: &str, rule: &str) -> bool {
    rule == selector
        || rule
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// What to report.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub year: Option<i64>,
    /// A department name or any of its aliases.
    pub department: Option<String>,
    /// Rule ids or family prefixes; empty selects every rule.
    pub rules: Vec<String>,
}

impl Filters {
    /// Refuses a `--rule` that selects no rule (a usage error).
    pub fn validate(&self) -> Result<(), String> {
        for selector in &self.rules {
            if !RULES.iter().any(|r| selects(selector, r)) {
                let families: Vec<&str> = RULES
                    .iter()
                    .map(|r| r.split('.').next().unwrap_or(r))
                    .fold(Vec::new(), |mut acc, f| {
                        if !acc.contains(&f) {
                            acc.push(f);
                        }
                        acc
                    });
                let hint = crate::model::kinds::suggest(
                    selector,
                    RULES.iter().copied().chain(families.iter().copied()),
                )
                .map(|s| format!(" (did you mean \"{s}\"?)"))
                .unwrap_or_default();
                return Err(format!(
                    "unknown rule \"{selector}\"{hint}; expected a family ({}) or a rule id: {}",
                    families.join(", "),
                    RULES.join(", ")
                ));
            }
        }
        Ok(())
    }
}

/// Every finding about the data behind `conn`, filtered and in print order.
pub fn run(conn: &Connection, filters: &Filters) -> Result<Vec<Finding>> {
    let mut findings = Vec::new();
    run_each(conn, filters, |found| {
        findings.append(found);
        Ok(())
    })?;
    finding::sort(&mut findings);
    Ok(findings)
}

/// What a reader is shown: per rule the first `per_rule` findings in print
/// order (all with `None`), located, in print order, and the count of
/// every finding. Only those shown are kept, so memory holds a few
/// findings per rule however many the data has (a database of a million
/// unknown codes is a million warnings).
pub fn run_shown(
    conn: &Connection,
    filters: &Filters,
    per_rule: Option<usize>,
) -> Result<(Vec<Finding>, finding::Tally)> {
    let mut tally = finding::Tally::default();
    let mut kept: std::collections::BTreeMap<&'static str, Vec<Finding>> = Default::default();
    run_each(conn, filters, |found| {
        for f in found.drain(..) {
            tally.add(&f);
            let list = kept.entry(f.rule).or_default();
            let Some(limit) = per_rule else {
                list.push(f);
                continue;
            };
            // Each list is kept sorted and at most `limit` long, so a
            // finding after its last is not shown. Departments come in
            // order and each batch is in print order, so a stable sort
            // keeps ties as one sort of everything would.
            if list.len() >= limit && list.last().is_some_and(|l| f.sort_key() >= l.sort_key()) {
                continue;
            }
            list.push(f);
            finding::sort(list);
            list.truncate(limit);
        }
        Ok(())
    })?;
    let mut shown: Vec<Finding> = kept.into_values().flatten().collect();
    finding::sort(&mut shown);
    locate(conn, shown.iter_mut()).context("cannot read where the rows came from")?;
    Ok((shown, tally))
}

/// [`run`], handing the findings to `emit` one department at a time
/// (each batch in print order), so that csv and json stream them in
/// constant memory however many there are. Every rule looks within one
/// department, so reading one at a time judges exactly as reading all.
pub fn run_each(
    conn: &Connection,
    filters: &Filters,
    mut emit: impl FnMut(&mut Vec<Finding>) -> Result<()>,
) -> Result<()> {
    let aliases = Aliases::load(conn).context("cannot read the aliases")?;
    let department = filters
        .department
        .as_deref()
        .map(|d| aliases.resolve(d.trim()).to_string());
    let years = match filters.year {
        // A claim compares with the year before.
        Some(year) => vec![year - 1, year],
        None => data::stored_years(conn).context("cannot read the database")?,
    };
    let names = data::departments(conn, department.as_deref(), &aliases)
        .context("cannot read the database")?;
    for name in names {
        let data = data::Data::load_scoped(conn, data::Scope::Department(&name, &years))
            .context("cannot read the database")?;
        let mut found = every_rule(&data);
        consistency::check(conn, &aliases, &name, &mut found)
            .context("cannot read the publication's texts")?;
        found.retain(|f| {
            filters.year.is_none_or(|y| f.year == y)
                && department
                    .as_deref()
                    .is_none_or(|d| aliases.resolve(&f.department) == d)
                && (filters.rules.is_empty() || filters.rules.iter().any(|s| selects(s, f.rule)))
        });
        finding::sort(&mut found);
        emit(&mut found)?;
    }
    Ok(())
}

/// [`run_each`] with every finding located (its file and line, see
/// [`locate`]): one lookup per department, for output that carries every
/// finding.
pub fn run_each_located(
    conn: &Connection,
    filters: &Filters,
    mut emit: impl FnMut(&[Finding]) -> Result<()>,
) -> Result<()> {
    run_each(conn, filters, |found| {
        locate(conn, found.iter_mut()).context("cannot read where the rows came from")?;
        emit(found)
    })
}

/// Every rule over `data`.
fn every_rule(data: &data::Data) -> Vec<Finding> {
    let mut findings = Vec::new();
    claims::check(data, &mut findings);
    identities::check(data, &mut findings);
    hierarchy::check(data, &mut findings);
    evaluations::check(data, &mut findings);
    three_public::check(data, &mut findings);
    funds::check(data, &mut findings);
    tables::check(data, &mut findings);
    completeness::check(data, &mut findings);
    findings
}

/// The findings about one department (canonical name) in `years` (all
/// the years it has data for), in print order: the same as [`run`]
/// filtered by that department, reading only its rows, so a caller going
/// through thousands of departments holds one at a time.
pub fn run_department(conn: &Connection, department: &str, years: &[i64]) -> Result<Vec<Finding>> {
    let data = data::Data::load_scoped(conn, data::Scope::Department(department, years))
        .context("cannot read the database")?;
    let mut findings = every_rule(&data);
    let aliases = Aliases::load(conn).context("cannot read the aliases")?;
    consistency::check(conn, &aliases, department, &mut findings)
        .context("cannot read the publication's texts")?;
    findings.retain(|f| f.department == department && years.contains(&f.year));
    finding::sort(&mut findings);
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_selectors() {
        assert!(selects("claim", "claim.value"));
        assert!(selects("claim.value", "claim.value"));
        assert!(!selects("claim.val", "claim.value"));
        assert!(!selects("clai", "claim.value"));
        let filters = |r: &str| Filters {
            rules: vec![r.to_string()],
            ..Filters::default()
        };
        assert!(filters("identity").validate().is_ok());
        assert!(filters("three_public.total").validate().is_ok());
        let err = filters("identity.incme").validate().unwrap_err();
        assert!(err.contains("did you mean \"identity.income\""), "{err}");
    }
}

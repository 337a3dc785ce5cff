//! The per-section account `extract` prints: what it found, what it
//! expected and could not find, and what it noticed.

use std::fmt::Write as _;

use super::model::Extracted;
use super::model::Stated;
use super::rows::Tables;
use super::Section;
use crate::model::metric::Metric;

/// One section's account.
#[derive(Debug)]
pub struct Account {
    pub section: Section,
    pub found: Vec<String>,
    pub missing: Vec<String>,
    pub notes: Vec<String>,
}

/// Every section's account, in report order.
pub fn accounts(found: &Extracted, tables: &Tables) -> Vec<Account> {
    Section::ALL
        .iter()
        .filter(|&&section| section != Section::Tables || found.tables_read)
        .map(|&section| {
            let (found_items, missing) = items(section, found);
            let mut notes: Vec<String> = found
                .notes
                .iter()
                .filter(|(s, _)| *s == section)
                .map(|(_, n)| n.clone())
                .collect();
            if section == Section::Tables {
                for table in &found.tables {
                    notes.extend(
                        table
                            .notes
                            .iter()
                            .map(|n| format!("{}: {n}", table.id.title())),
                    );
                }
                notes.extend(tables.notes.iter().cloned());
            }
            for d in tables
                .completed
                .iter()
                .filter(|d| Section::of_kind(d.kind) == section)
            {
                notes.push(format!("derived {} = {} ({})", d.figure, d.value, d.how));
            }
            Account {
                section,
                found: found_items,
                missing,
                notes,
            }
        })
        .collect()
}

/// `p.7`, or `sheet NAME` for a workbook.
fn where_printed(table: &super::model::StandardTable) -> String {
    match table.page {
        Some(_) => table.place.clone(),
        None => format!("sheet {}", table.place),
    }
}

fn claim_items(
    found: &Extracted,
    metrics: &[Metric],
    out: &mut Vec<String>,
    missing: &mut Vec<String>,
) {
    for metric in metrics {
        match found.claim(metric) {
            Some(claim) => out.push(describe(metric, claim)),
            None => missing.push(metric.to_string()),
        }
    }
}

/// An amount for reading: 万元 with two decimals or as many as it needs.
fn amount(stated: Stated) -> String {
    crate::model::value::format_amount(stated.fen, crate::model::value::AmountUnit::Wan)
}

fn describe(metric: &Metric, claim: &super::model::Claim) -> String {
    let f = &claim.figures;
    let mut text = metric.to_string();
    if let Some(v) = f.value {
        let _ = write!(text, " {}", amount(v));
    }
    let mut extra = Vec::new();
    if let Some(b) = f.budget {
        extra.push(format!("budget {}", amount(b)));
    }
    if let Some(c) = f.change {
        extra.push(format!("change {}", amount(c)));
    }
    if let Some(p) = f.change_pct {
        extra.push(format!("{}%", p.value));
    }
    if let Some(p) = f.execution_pct {
        extra.push(format!("executed {}%", p.value));
    }
    if let Some(p) = f.share_pct {
        extra.push(format!("share {}%", p.value));
    }
    if let Some(c) = f.budget_change {
        extra.push(format!("{} on the budget", amount(c)));
    }
    if let Some(p) = f.budget_change_pct {
        extra.push(format!("{}% on the budget", p.value));
    }
    if !extra.is_empty() {
        let _ = write!(text, " ({})", extra.join(", "));
    }
    text
}

fn reports(columns: &[&'static str]) -> Vec<Metric> {
    columns.iter().map(|c| Metric::Report(c)).collect()
}

fn items(section: Section, found: &Extracted) -> (Vec<String>, Vec<String>) {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    let others = |pick: fn(&Metric) -> bool| -> Vec<String> {
        found
            .claims
            .iter()
            .filter(|c| pick(&c.metric))
            .map(|c| describe(&c.metric, c))
            .collect()
    };
    match section {
        Section::Tables => {
            for table in &found.tables {
                let figures: usize = table.lines.iter().map(|l| l.amounts.len()).sum();
                match table.status {
                    super::model::TableStatus::Present => out.push(format!(
                        "{} {} ({} lines, {figures} figures, {})",
                        table.id.title(),
                        where_printed(table),
                        table.lines.len(),
                        table.unit.label()
                    )),
                    super::model::TableStatus::Empty => out.push(format!(
                        "{} {} (empty)",
                        table.id.title(),
                        where_printed(table)
                    )),
                }
            }
            if found.tables_read {
                for id in super::model::TableId::ALL {
                    if !found.tables.iter().any(|t| t.id == id) {
                        missing.push(id.title().to_string());
                    }
                }
            }
        }
        Section::Basics => {
            out.push(format!("department {}", found.department));
            if let Some(short) = &found.short_name {
                out.push(format!("alias {short}"));
            }
            out.push(format!("year {}", found.year));
            for column in [
                "unit_count",
                "staff_total",
                "staff_active",
                "staff_retired",
                "pensioners",
            ] {
                match found.counts.get(column) {
                    Some(n) => out.push(format!("{column} {n}")),
                    None => missing.push(column.to_string()),
                }
            }
            if found.units.is_empty() {
                missing.push("the list of units".into());
            } else {
                out.push(format!("{} units", found.units.len()));
            }
        }
        Section::Income => {
            claim_items(
                found,
                &reports(&["income_total", "carryover_begin", "income_current"]),
                &mut out,
                &mut missing,
            );
            let sources = others(|m| matches!(m, Metric::Income(_)));
            if sources.is_empty() {
                missing.push("income by source".into());
            }
            out.extend(sources);
        }
        Section::Expenditure => claim_items(
            found,
            &reports(&[
                "expenditure_total",
                "expenditure_current",
                "carryover_end",
                "basic_expenditure",
                "project_expenditure",
            ]),
            &mut out,
            &mut missing,
        ),
        Section::Functions => {
            claim_items(found, &[Metric::Function(None)], &mut out, &mut missing);
            out.extend(others(|m| {
                matches!(
                    m,
                    Metric::Function(Some(_)) | Metric::FunctionOf(..) | Metric::Fund(..)
                )
            }));
            if found.expenditures.is_empty() {
                missing.push("expenditure by 类".into());
            }
        }
        Section::Economic => {
            claim_items(found, &[Metric::Econ(None)], &mut out, &mut missing);
            let classes = others(|m| matches!(m, Metric::Econ(Some(_))));
            out.extend(others(|m| matches!(m, Metric::Basic(_))));
            if classes.is_empty() {
                missing.push("basic expenditure by economic 类".into());
            }
            out.extend(classes);
        }
        Section::ThreePublic => {
            claim_items(found, &[Metric::ThreePublic(None)], &mut out, &mut missing);
            for id in ["outbound", "reception"] {
                claim_items(
                    found,
                    &[Metric::ThreePublic(Some(id))],
                    &mut out,
                    &mut missing,
                );
            }
            let vehicles =
                others(|m| matches!(m, Metric::ThreePublic(Some(id)) if id.starts_with("vehicle")));
            if vehicles.is_empty() {
                missing.push("vehicle costs".into());
            }
            out.extend(vehicles);
            match found.reception {
                (Some(b), Some(p)) => out.push(format!("reception {b} batches, {p} persons")),
                _ => missing.push("reception batches and persons".into()),
            }
            if let (Some(b), Some(p)) = found.outbound {
                out.push(format!("outbound {b} groups, {p} persons"));
            }
            if let Some(n) = found.vehicles {
                out.push(format!("{n} vehicles kept"));
            }
        }
        Section::OperatingCosts => claim_items(
            found,
            &reports(&["operating_costs"]),
            &mut out,
            &mut missing,
        ),
        Section::Procurement => claim_items(
            found,
            &[
                None,
                Some("goods"),
                Some("works"),
                Some("services"),
                Some("sme"),
                Some("small_micro"),
            ]
            .map(Metric::Procurement),
            &mut out,
            &mut missing,
        ),
        Section::Assets => {
            for a in &found.assets {
                let mut text = a.item.clone();
                if let Some(q) = a.quantity {
                    let _ = write!(text, " {}{}", q.value, a.measure.as_deref().unwrap_or(""));
                }
                if let Some(v) = a.value {
                    let _ = write!(text, " {}万元", super::model::amount(v));
                }
                out.push(text);
            }
            if found.assets.is_empty() {
                missing.push("state-owned assets (车辆, 设备)".into());
            }
        }
        Section::Evaluations => {
            out.extend(others(|m| {
                matches!(m, Metric::Evaluations(_) | Metric::Evaluation(_))
            }));
            for e in &found.evaluations {
                let mut text = format!("{} {}", e.method, e.project);
                if let Some(score) = e.score {
                    let _ = write!(text, " score {}", score.value);
                }
                if let Some(grade) = e.grade {
                    let _ = write!(text, " grade {grade}");
                }
                out.push(text);
            }
            if found.evaluations.is_empty() {
                missing.push("evaluations".into());
            }
        }
        Section::Indicators => {
            let mut projects: Vec<(&str, &str, usize)> = Vec::new();
            for i in &found.indicators {
                match projects
                    .iter_mut()
                    .find(|p| p.0 == i.project && p.1 == i.method)
                {
                    Some(p) => p.2 += 1,
                    None => projects.push((&i.project, i.method, 1)),
                }
            }
            for (project, method, n) in projects {
                out.push(format!("{n} indicators of {project} ({method})"));
            }
            for e in &found.evaluations {
                let has = found
                    .indicators
                    .iter()
                    .any(|i| i.project == e.project && i.method == e.method);
                if !has && e.method != "overall" {
                    missing.push(format!("indicators of {} ({})", e.project, e.method));
                }
            }
        }
    }
    (out, missing)
}

/// The accounts as text, one block per section.
pub fn render(accounts: &[Account]) -> String {
    let mut text = String::new();
    for a in accounts {
        let _ = writeln!(text, "{}", a.section.title());
        let list = |items: &[String]| {
            if items.is_empty() {
                "—".to_string()
            } else {
                items.join("; ")
            }
        };
        let _ = writeln!(text, "  found:   {}", list(&a.found));
        let _ = writeln!(text, "  missing: {}", list(&a.missing));
        for note in &a.notes {
            let _ = writeln!(text, "  note:    {note}");
        }
    }
    text
}

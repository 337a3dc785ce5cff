//! Rule families `consistency.*` and `completeness.contents`: the
//! publication against itself, from the lines `extract` kept of it (kind
//! `texts`). Mistakes a template leaves behind are rarely sums: a heading
//! that still reads XX局, a title dated the year before, another
//! department's name in a table title, words that contradict the figures
//! they explain, a 目录 that lists a table the body lacks.
//!
//! Each rule judges only what the lines show. A comparison whose two
//! figures extract could not pin down is not judged; a 目录 is compared
//! with the body only when the body's table titles were read at all.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::Connection;

use super::data::wan;
use super::finding::{Finding, Severity};
use super::interval::Figure;
use crate::model::names::Aliases;
use crate::model::texts::{
    abbreviates, dated_years, has_placeholder, organisation_named, table_id, years_named,
};
use crate::model::value::normalize;

/// One `texts` row.
struct Text {
    /// Its id in `texts`, to say where it was imported from.
    id: i64,
    role: String,
    page: Option<i64>,
    text: String,
    relation: Option<String>,
    actual: Option<Figure>,
    budget: Option<Figure>,
}

impl Text {
    /// Where it is printed, for the finding's subject: `heading p.4`.
    fn place(&self) -> String {
        match self.page {
            Some(page) => format!("{} p.{page}", self.role),
            None => self.role.clone(),
        }
    }
}

type Key = (i64, String);

/// The findings about one department's (canonical name) publications.
pub fn check(
    conn: &Connection,
    aliases: &Aliases,
    department: &str,
    findings: &mut Vec<Finding>,
) -> rusqlite::Result<()> {
    let reports = load(conn, department)?;
    if reports.is_empty() {
        return Ok(());
    }
    let names = known_names(conn, aliases, department)?;
    for ((year, department), texts) in &reports {
        let new = |severity, rule, text: &Text, case: String| {
            Finding::new(severity, rule, *year, department, text.place(), case)
                .text(Some(&text.text))
                .at("texts", text.id)
        };
        let empty = BTreeSet::new();
        let known = names.get(&(*year, department.clone())).unwrap_or(&empty);
        for text in texts {
            let placeholder = has_placeholder(&text.text);
            if placeholder {
                findings.push(new(
                    Severity::Error,
                    "consistency.placeholder",
                    text,
                    "text left from the template (a placeholder such as XX, ××× or 【】)".into(),
                ));
            }
            if let Some(case) = wrong_year(text, *year) {
                findings.push(new(Severity::Error, "consistency.year", text, case));
            }
            if !placeholder {
                if let Some(case) = other_department(text, department, known) {
                    findings.push(new(Severity::Warning, "consistency.department", text, case));
                }
            }
            if let Some(finding) = contradicted(text) {
                findings.push(
                    new(
                        Severity::Error,
                        "consistency.comparison_word",
                        text,
                        finding.case,
                    )
                    .figures(finding.budget, finding.actual),
                );
            }
        }
        contents(*year, department, texts, findings);
    }
    Ok(())
}

/// The department's texts by report, in print order.
fn load(conn: &Connection, department: &str) -> rusqlite::Result<BTreeMap<Key, Vec<Text>>> {
    let mut statement = conn.prepare(
        "SELECT year, department, role, page, text, relation, actual_fen, actual_decimals, \
                budget_fen, budget_decimals, unit, id \
         FROM texts WHERE department = ?1 ORDER BY year, seq",
    )?;
    let mut rows = statement.query([department])?;
    let mut reports: BTreeMap<Key, Vec<Text>> = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let unit_in_wan = if row.get::<_, String>(10)? == "元" {
            rust_decimal::Decimal::new(1, 4)
        } else {
            rust_decimal::Decimal::ONE
        };
        let figure = |fen: Option<i64>, decimals: Option<i64>| {
            fen.map(|fen| {
                let decimals = decimals.and_then(|d| u32::try_from(d).ok()).unwrap_or(2);
                Figure::stated_amount(wan(fen), decimals, unit_in_wan)
            })
        };
        let text = Text {
            id: row.get(11)?,
            role: row.get(2)?,
            page: row.get(3)?,
            text: row.get(4)?,
            relation: row.get(5)?,
            actual: figure(row.get(6)?, row.get(7)?),
            budget: figure(row.get(8)?, row.get(9)?),
        };
        reports
            .entry((row.get(0)?, row.get(1)?))
            .or_default()
            .push(text);
    }
    Ok(reports)
}

/// The names a report may print for itself: its department, every alias
/// that resolves to it, and its units that year.
fn known_names(
    conn: &Connection,
    aliases: &Aliases,
    department: &str,
) -> rusqlite::Result<BTreeMap<Key, BTreeSet<String>>> {
    let mut names: BTreeMap<Key, BTreeSet<String>> = BTreeMap::new();
    let mut statement =
        conn.prepare("SELECT DISTINCT year, department FROM texts WHERE department = ?1")?;
    let keys: Vec<Key> = statement
        .query_map([department], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut alias_rows = conn.prepare("SELECT alias FROM aliases")?;
    let all_aliases: Vec<String> = alias_rows
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut units = conn.prepare("SELECT unit FROM units WHERE year = ?1 AND department = ?2")?;
    for key in keys {
        let mut known = BTreeSet::from([key.1.clone()]);
        for alias in &all_aliases {
            if aliases.resolve(alias) == key.1 {
                known.insert(alias.clone());
            }
        }
        let unit_names = units.query_map((key.0, &key.1), |row| row.get::<_, String>(0))?;
        for unit in unit_names {
            known.insert(unit?);
        }
        names.insert(key, known);
    }
    Ok(names)
}

/// Words that make the year before a fair thing to name: a comparison.
const COMPARING: [&str; 8] = ["比", "较", "相比", "对比", "同比", "上年", "增减", "变动"];

/// A heading, title, 目录 entry or table title naming a year other than the
/// report's, or a 截至 date of another year; the year before is allowed
/// where the line compares.
fn wrong_year(text: &Text, year: i64) -> Option<String> {
    let folded = normalize(&text.text);
    let years: Vec<i64> = match text.role.as_str() {
        "title" | "heading" | "contents" | "table_title" => years_named(&folded),
        "sentence" | "comparison" => dated_years(&folded),
        _ => Vec::new(),
    };
    let compares = COMPARING.iter().any(|w| folded.contains(w));
    let wrong = years
        .into_iter()
        .find(|y| *y != year && !(*y == year - 1 && compares))?;
    Some(format!("names {wrong}, but the report is of {year}"))
}

/// A title, heading or table title naming an organisation that is not the
/// report's department, one of its aliases or units, or an abbreviation of
/// one of them.
fn other_department(text: &Text, department: &str, known: &BTreeSet<String>) -> Option<String> {
    if !matches!(
        text.role.as_str(),
        "title" | "heading" | "contents" | "table_title"
    ) {
        return None;
    }
    let named = organisation_named(&normalize(&text.text))?;
    let fits = |name: &String| {
        let name = normalize(name);
        *name == named || abbreviates(&named, &name) || named.contains(&*name)
    };
    if known.iter().any(fits) {
        return None;
    }
    Some(format!("names {named}, but the report is of {department}"))
}

/// A comparison word its figures contradict beyond rounding.
struct Contradiction {
    case: String,
    budget: Option<rust_decimal::Decimal>,
    actual: Option<rust_decimal::Decimal>,
}

fn contradicted(text: &Text) -> Option<Contradiction> {
    let (Some(relation), Some(actual), Some(budget)) = (&text.relation, text.actual, text.budget)
    else {
        return None;
    };
    let gap = actual.half + budget.half;
    let difference = actual.value - budget.value;
    let (contradicts, says) = match relation.as_str() {
        "greater" => (-difference >= gap, "决算数 greater than 预算数"),
        "less" => (difference >= gap, "决算数 less than 预算数"),
        "equal" => (!actual.overlaps(&budget), "决算数 equal to 预算数"),
        _ => return None,
    };
    contradicts.then(|| Contradiction {
        case: format!(
            "the words say {says}, but the figures are {} (决算) and {} (预算)",
            actual.value.normalize(),
            budget.value.normalize()
        ),
        budget: Some(budget.value),
        actual: Some(actual.value),
    })
}

/// The 目录's tables against the body's: a table listed and not printed,
/// or printed and not listed. Judged only when both lists were read.
fn contents(year: i64, department: &str, texts: &[Text], findings: &mut Vec<Finding>) {
    let tables = |role: &str| -> Vec<(String, &Text)> {
        texts
            .iter()
            .filter(|t| t.role == role)
            .filter(|t| !t.text.starts_with('第'))
            .filter_map(|t| table_id(&t.text).map(|name| (name, t)))
            .collect()
    };
    let listed = tables("contents");
    let printed = tables("table_title");
    if listed.is_empty() {
        return;
    }
    let new = |text: &Text, case: String| {
        Finding::new(
            Severity::Error,
            "completeness.contents",
            year,
            department,
            text.place(),
            case,
        )
        .text(Some(&text.text))
        .at("texts", text.id)
    };
    if printed.is_empty() {
        let mut note = Finding::new(
            Severity::Info,
            "completeness.contents",
            year,
            department,
            "contents",
            format!(
                "unverifiable: the 目录 lists {} tables, and no table title of the body was read",
                listed.len()
            ),
        );
        note.text = None;
        findings.push(note);
        return;
    }
    for (name, text) in &listed {
        if !printed.iter().any(|(p, _)| p == name) {
            findings.push(new(
                text,
                format!("the 目录 lists {name}, which the body does not print"),
            ));
        }
    }
    for (name, text) in &printed {
        if !listed.iter().any(|(l, _)| l == name) {
            findings.push(new(
                text,
                format!("the body prints {name}, which the 目录 does not list"),
            ));
        }
    }
}

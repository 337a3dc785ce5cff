//! A finding: what `check` reports about one figure or identity.

use std::fmt;

use rust_decimal::Decimal;

use crate::io::output::{Cell, Table};

/// How serious a finding is; the order is the order findings print in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One inconsistency (or a figure that could not be verified).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// Stable rule id, e.g. `claim.change_pct` (see [`super::RULES`]).
    pub rule: &'static str,
    pub year: i64,
    /// Canonical department name.
    pub department: String,
    /// The metric, code or project the finding is about.
    pub subject: String,
    /// The value computed from the other figures.
    pub expected: Option<Decimal>,
    /// The value stated (or stored).
    pub found: Option<Decimal>,
    /// found − expected.
    pub difference: Option<Decimal>,
    /// Which case applies, in words.
    pub case: String,
    /// The claim's original text, when there is one.
    pub text: Option<String>,
    /// Where the figure came from in the publication (the row's `source`).
    pub source: Option<String>,
    /// The stored rows the finding is about, the main one first: the row
    /// whose figure is off (a claim, a total), then the others involved.
    pub rows: Vec<RowRef>,
    /// Where [`Finding::rows`] were imported from, in the same order, once
    /// [`super::locate`] has looked them up (a row imported before
    /// provenance was recorded has none).
    pub locations: Vec<Location>,
}

/// One stored row: its table and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowRef {
    pub table: &'static str,
    pub id: i64,
}

/// A line of an imported file (`PATH:LINE`, or `FILE!SHEET:ROW` for a
/// workbook's sheet, as import errors name it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// Shared: a million findings of one file hold one copy.
    pub path: std::sync::Arc<str>,
    pub line: i64,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

/// Wording of the cases.
pub const OFF: &str = "off by more than rounding allows";
pub const WITHIN_INPUTS: &str = "within what unrounded or truncated inputs give";
pub const PRIOR_ZERO: &str = "stated on a prior of zero";

impl Finding {
    /// A finding about `subject` with no figures yet.
    pub fn new(
        severity: Severity,
        rule: &'static str,
        year: i64,
        department: &str,
        subject: impl Into<String>,
        case: impl Into<String>,
    ) -> Finding {
        Finding {
            severity,
            rule,
            year,
            department: department.to_string(),
            subject: subject.into(),
            expected: None,
            found: None,
            difference: None,
            case: case.into(),
            text: None,
            source: None,
            rows: Vec::new(),
            locations: Vec::new(),
        }
    }

    /// Sets expected and found, and their difference.
    pub fn figures(mut self, expected: Option<Decimal>, found: Option<Decimal>) -> Finding {
        self.expected = expected;
        self.found = found;
        self.difference = match (expected, found) {
            (Some(e), Some(f)) => Some(f - e),
            _ => None,
        };
        self
    }

    pub fn text(mut self, text: Option<&str>) -> Finding {
        self.text = text.map(str::to_string);
        self
    }

    pub fn source(mut self, source: Option<&str>) -> Finding {
        self.source = source.map(str::to_string);
        self
    }

    /// Adds a row the finding is about; the first one added is the main one.
    pub fn at(mut self, table: &'static str, id: i64) -> Finding {
        let row = RowRef { table, id };
        if !self.rows.contains(&row) {
            self.rows.push(row);
        }
        self
    }

    /// [`Finding::at`] for several rows.
    pub fn at_all(mut self, table: &'static str, ids: impl IntoIterator<Item = i64>) -> Finding {
        for id in ids {
            self = self.at(table, id);
        }
        self
    }

    /// [`Finding::at`] for rows named by table and id, the main one first.
    pub fn at_rows(mut self, rows: &[(&'static str, i64)]) -> Finding {
        for (table, id) in rows {
            self = self.at(table, *id);
        }
        self
    }

    /// The main location, if known.
    pub fn location(&self) -> Option<&Location> {
        self.locations.first()
    }

    /// The print order: severity, year, department, rule, subject.
    pub(crate) fn sort_key(&self) -> (Severity, i64, &str, &str, &str) {
        (
            self.severity,
            self.year,
            &self.department,
            self.rule,
            &self.subject,
        )
    }
}

/// Sorts findings into print order (stable within equal keys).
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// The output columns, also the JSON field names.
pub const COLUMNS: [&str; 15] = [
    "severity",
    "rule",
    "year",
    "department",
    "subject",
    "expected",
    "found",
    "difference",
    "case",
    "text",
    "subject_label",
    "source",
    "file",
    "line",
    "locations",
];

/// Findings as a table for [`crate::io::output::write`].
pub fn table(findings: &[Finding]) -> Table {
    Table {
        columns: COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows: findings.iter().map(cells).collect(),
    }
}

/// Findings counted by rule and severity: what the summaries need, kept
/// while findings stream out without the findings themselves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Per rule: errors, warnings, notes.
    pub by_rule: std::collections::BTreeMap<&'static str, [usize; 3]>,
}

impl Tally {
    pub fn of(findings: &[Finding]) -> Tally {
        let mut tally = Tally::default();
        for finding in findings {
            tally.add(finding);
        }
        tally
    }

    pub fn add(&mut self, finding: &Finding) {
        let slot = match finding.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        self.by_rule.entry(finding.rule).or_default()[slot] += 1;
    }

    pub fn count(&self, severity: Severity) -> usize {
        let slot = severity as usize;
        self.by_rule.values().map(|n| n[slot]).sum()
    }
}

/// One finding's cells, in [`COLUMNS`] order.
pub fn cells(f: &Finding) -> Vec<Cell> {
    let number = |d: Option<Decimal>| d.map_or(Cell::Null, Cell::Decimal);
    vec![
        Cell::Text(f.severity.as_str().to_string()),
        Cell::Text(f.rule.to_string()),
        Cell::Integer(f.year),
        Cell::Text(f.department.clone()),
        Cell::Text(f.subject.clone()),
        number(f.expected),
        number(f.found),
        number(f.difference),
        Cell::Text(f.case.clone()),
        f.text.clone().map_or(Cell::Null, Cell::Text),
        Cell::Text(crate::model::label::subject(
            &f.subject,
            crate::model::label::Lang::Zh,
        )),
        f.source.clone().map_or(Cell::Null, Cell::Text),
        f.location()
            .map_or(Cell::Null, |l| Cell::Text(l.path.to_string())),
        f.location().map_or(Cell::Null, |l| Cell::Integer(l.line)),
        if f.locations.is_empty() {
            Cell::Null
        } else {
            Cell::Text(locations_text(&f.locations))
        },
    ]
}

/// Every location of a finding, `PATH:LINE; PATH:LINE`.
pub fn locations_text(locations: &[Location]) -> String {
    locations
        .iter()
        .map(Location::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

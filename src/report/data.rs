//! What a report shows, read from the database with SQL.
//!
//! Every query of one department names its year and department, so it
//! reaches the key index every data table has on (year, department, …):
//! a page costs the same in a database of one department as of thousands.
//! Amounts stay integer 分 until `html` formats them.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection};

use crate::model::kinds::{self, REPORT_AMOUNTS};
use crate::model::names::Aliases;

/// The departments with data and the years of each.
pub struct Catalog {
    pub years_of: BTreeMap<String, BTreeSet<i64>>,
    pub aliases: Aliases,
    /// Every alias name, for suggestions.
    pub alias_names: Vec<String>,
}

/// The tables of the kinds keyed by year and department: every kind a
/// report could show, including kinds added later.
fn data_tables() -> impl Iterator<Item = &'static str> {
    kinds::KINDS
        .iter()
        .filter(|k| k.key.starts_with(&["year", "department"]))
        .map(|k| k.table)
}

impl Catalog {
    pub fn load(conn: &Connection) -> rusqlite::Result<Catalog> {
        let mut years_of: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
        for table in data_tables() {
            let mut stmt = conn.prepare(&format!(
                "SELECT DISTINCT year, department FROM \"{table}\""
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                years_of.entry(row.get(1)?).or_default().insert(row.get(0)?);
            }
        }
        let alias_names = conn
            .prepare("SELECT alias FROM aliases ORDER BY alias")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(Catalog {
            years_of,
            aliases: Aliases::load(conn)?,
            alias_names,
        })
    }
}

/// One `reports` row.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub region: Option<String>,
    pub unit_count: Option<i64>,
    pub staff_total: Option<i64>,
    pub staff_active: Option<i64>,
    /// In the order of [`REPORT_AMOUNTS`].
    pub amounts: Vec<Option<i64>>,
}

impl Report {
    /// The amount of the `reports` column `name` (without `_fen`).
    pub fn amount(&self, name: &str) -> Option<i64> {
        REPORT_AMOUNTS
            .iter()
            .position(|(column, _)| *column == name)
            .and_then(|i| self.amounts.get(i).copied().flatten())
    }
}

/// One "三公" category of a year.
#[derive(Clone, Debug)]
pub struct ThreePublic {
    pub category: String,
    pub label: String,
    pub budget: Option<i64>,
    pub actual: Option<i64>,
}

#[derive(Clone, Debug, Default)]
pub struct Procurement {
    pub total: Option<i64>,
    pub goods: Option<i64>,
    pub works: Option<i64>,
    pub services: Option<i64>,
    pub sme: Option<i64>,
    pub small_micro: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct Unit {
    pub name: String,
    pub unit_type: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Evaluation {
    pub project: String,
    pub method: String,
    pub unit: Option<String>,
    pub evaluator: Option<String>,
    pub budget_full_year: Option<i64>,
    pub executed: Option<i64>,
    pub score: Option<f64>,
    pub grade: Option<String>,
}

/// Spending by functional 类 of one fund, per year.
#[derive(Clone, Debug, Default)]
pub struct Composition {
    /// The fund's Chinese label; empty when no functional data is loaded.
    pub fund: String,
    /// 类 code → name.
    pub names: BTreeMap<String, String>,
    /// year → 类 code → total 分.
    pub totals: BTreeMap<i64, BTreeMap<String, i64>>,
}

/// Everything one department's page shows.
#[derive(Clone, Debug)]
pub struct Department {
    pub name: String,
    /// Every year with data, ascending: the charts' axis.
    pub years: Vec<i64>,
    /// The year the tables show.
    pub year: i64,
    pub reports: BTreeMap<i64, Report>,
    pub three_public: BTreeMap<i64, Vec<ThreePublic>>,
    pub procurement: BTreeMap<i64, Procurement>,
    pub composition: Composition,
    /// Units and evaluations of the shown year.
    pub units: Vec<Unit>,
    pub evaluations: Vec<Evaluation>,
}

/// Funds in the order the composition prefers them: all funds (支出决算表),
/// else fiscal appropriations, else the general public budget.
const COMPOSITION_FUNDS: [&str; 3] = ["all", "fiscal", "general"];

impl Department {
    /// Reads `name` (canonical) for `years`, showing `year` in the tables.
    pub fn load(
        conn: &Connection,
        name: &str,
        years: &BTreeSet<i64>,
        year: i64,
    ) -> rusqlite::Result<Department> {
        let mut department = Department {
            name: name.to_string(),
            years: years.iter().copied().collect(),
            year,
            reports: BTreeMap::new(),
            three_public: BTreeMap::new(),
            procurement: BTreeMap::new(),
            composition: Composition::default(),
            units: Vec::new(),
            evaluations: Vec::new(),
        };
        let amount_columns: Vec<String> = REPORT_AMOUNTS
            .iter()
            .map(|(c, _)| format!("{c}_fen"))
            .collect();
        let mut reports = conn.prepare_cached(&format!(
            "SELECT region, unit_count, staff_total, staff_active, {} FROM reports WHERE year = ?1 AND department = ?2",
            amount_columns.join(", ")
        ))?;
        let mut three_public = conn.prepare_cached(
            "SELECT t.category, c.label, t.budget_fen, t.actual_fen
               FROM three_public t JOIN three_public_categories c ON c.id = t.category
              WHERE t.year = ?1 AND t.department = ?2 ORDER BY c.sort_order",
        )?;
        let mut procurement = conn.prepare_cached(
            "SELECT total_fen, goods_fen, works_fen, services_fen, sme_fen, small_micro_fen
               FROM procurement WHERE year = ?1 AND department = ?2",
        )?;
        let mut classes = conn.prepare_cached(
            "SELECT fund, code, name, total_fen FROM function_expenditures
              WHERE year = ?1 AND department = ?2 AND level_number = 1 AND total_fen IS NOT NULL",
        )?;
        // fund → year → code → total, and code → name.
        let mut by_fund: BTreeMap<String, BTreeMap<i64, BTreeMap<String, i64>>> = BTreeMap::new();
        for &y in years {
            let mut rows = reports.query(params![y, name])?;
            if let Some(row) = rows.next()? {
                let mut amounts = Vec::with_capacity(REPORT_AMOUNTS.len());
                for i in 0..REPORT_AMOUNTS.len() {
                    amounts.push(row.get(4 + i)?);
                }
                department.reports.insert(
                    y,
                    Report {
                        region: row.get(0)?,
                        unit_count: row.get(1)?,
                        staff_total: row.get(2)?,
                        staff_active: row.get(3)?,
                        amounts,
                    },
                );
            }
            let rows = three_public
                .query_map(params![y, name], |r| {
                    Ok(ThreePublic {
                        category: r.get(0)?,
                        label: r.get(1)?,
                        budget: r.get(2)?,
                        actual: r.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            if !rows.is_empty() {
                department.three_public.insert(y, rows);
            }
            let mut rows = procurement.query(params![y, name])?;
            if let Some(r) = rows.next()? {
                department.procurement.insert(
                    y,
                    Procurement {
                        total: r.get(0)?,
                        goods: r.get(1)?,
                        works: r.get(2)?,
                        services: r.get(3)?,
                        sme: r.get(4)?,
                        small_micro: r.get(5)?,
                    },
                );
            }
            let mut rows = classes.query(params![y, name])?;
            while let Some(r) = rows.next()? {
                let (fund, code, class_name, total): (String, String, Option<String>, i64) =
                    (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                if let Some(class_name) = class_name {
                    department
                        .composition
                        .names
                        .entry(code.clone())
                        .or_insert(class_name);
                }
                by_fund
                    .entry(fund)
                    .or_default()
                    .entry(y)
                    .or_default()
                    .insert(code, total);
            }
        }
        if let Some(fund) = COMPOSITION_FUNDS.iter().find(|f| by_fund.contains_key(**f)) {
            department.composition.fund = crate::model::vocab::FUNDS.label(fund).to_string();
            department.composition.totals = by_fund.remove(*fund).unwrap_or_default();
        }

        department.units = conn
            .prepare_cached(
                "SELECT unit, unit_type, note FROM units WHERE year = ?1 AND department = ?2 ORDER BY id",
            )?
            .query_map(params![year, name], |r| {
                Ok(Unit {
                    name: r.get(0)?,
                    unit_type: r.get(1)?,
                    note: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        department.evaluations = conn
            .prepare_cached(
                "SELECT e.project, m.label, e.unit, e.evaluator, e.budget_full_year_fen, e.executed_fen, e.score, e.grade
                   FROM evaluations e JOIN evaluation_methods m ON m.id = e.method
                  WHERE e.year = ?1 AND e.department = ?2 ORDER BY e.project, m.rowid",
            )?
            .query_map(params![year, name], |r| {
                Ok(Evaluation {
                    project: r.get(0)?,
                    method: r.get(1)?,
                    unit: r.get(2)?,
                    evaluator: r.get(3)?,
                    budget_full_year: r.get(4)?,
                    executed: r.get(5)?,
                    score: r.get(6)?,
                    grade: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(department)
    }

    /// The report of `year`, if loaded.
    pub fn report(&self, year: i64) -> Option<&Report> {
        self.reports.get(&year)
    }

    /// The "三公" total (sum of the categories) of `year`: (budget, actual).
    pub fn three_public_total(&self, year: i64) -> (Option<i64>, Option<i64>) {
        let Some(rows) = self.three_public.get(&year) else {
            return (None, None);
        };
        let sum = |f: fn(&ThreePublic) -> Option<i64>| {
            rows.iter().filter_map(f).fold(None, |acc: Option<i64>, v| {
                Some(acc.unwrap_or(0).saturating_add(v))
            })
        };
        (sum(|r| r.budget), sum(|r| r.actual))
    }
}

//! The loaded data `check` reconciles, read once into memory with amounts
//! as exact decimals in 万元.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, Row};
use rust_decimal::Decimal;

use super::interval::Figure;
use crate::model::kinds::{FUND_FIELDS, REPORT_AMOUNTS};

/// (year, department).
pub type Key = (i64, String);

/// 分 to 万元, exactly.
pub fn wan(fen: i64) -> Decimal {
    Decimal::new(fen, 6)
}

fn amount(row: &Row, i: usize) -> rusqlite::Result<Option<Decimal>> {
    Ok(row.get::<_, Option<i64>>(i)?.map(wan))
}

/// One `reports` row.
#[derive(Debug, Default)]
pub struct Report {
    /// The row's id in its table, to say where it came from.
    pub id: i64,
    /// The amount columns by name (REPORT_AMOUNTS), NULL as `None`.
    pub amounts: BTreeMap<&'static str, Option<Decimal>>,
    pub staff_total: Option<i64>,
    pub staff_active: Option<i64>,
    pub staff_retired: Option<i64>,
}

impl Report {
    pub fn amount(&self, column: &str) -> Option<Decimal> {
        self.amounts.get(column).copied().flatten()
    }
}

#[derive(Debug)]
pub struct Income {
    /// The row's id in its table, to say where it came from.
    pub id: i64,
    pub key: Key,
    pub source: String,
    pub code: Option<String>,
    pub amount: Decimal,
}

#[derive(Debug)]
pub struct Expenditure {
    /// The row's id in its table, to say where it came from.
    pub id: i64,
    pub key: Key,
    pub fund: String,
    pub code: String,
    pub budget_initial: Option<Decimal>,
    pub total: Option<Decimal>,
    pub basic: Option<Decimal>,
    pub project: Option<Decimal>,
    pub remit_superior: Option<Decimal>,
    pub operating: Option<Decimal>,
    pub affiliated_subsidy: Option<Decimal>,
}

/// The amount columns of `expenditures`, each of which rolls up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpColumn {
    Total,
    BudgetInitial,
    Basic,
    Project,
    RemitSuperior,
    Operating,
    AffiliatedSubsidy,
}

impl ExpColumn {
    pub const ALL: [ExpColumn; 7] = [
        ExpColumn::Total,
        ExpColumn::BudgetInitial,
        ExpColumn::Basic,
        ExpColumn::Project,
        ExpColumn::RemitSuperior,
        ExpColumn::Operating,
        ExpColumn::AffiliatedSubsidy,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExpColumn::Total => "total",
            ExpColumn::BudgetInitial => "budget_initial",
            ExpColumn::Basic => "basic",
            ExpColumn::Project => "project",
            ExpColumn::RemitSuperior => "remit_superior",
            ExpColumn::Operating => "operating",
            ExpColumn::AffiliatedSubsidy => "affiliated_subsidy",
        }
    }

    pub fn of(self, row: &Expenditure) -> Option<Decimal> {
        match self {
            ExpColumn::Total => row.total,
            ExpColumn::BudgetInitial => row.budget_initial,
            ExpColumn::Basic => row.basic,
            ExpColumn::Project => row.project,
            ExpColumn::RemitSuperior => row.remit_superior,
            ExpColumn::Operating => row.operating,
            ExpColumn::AffiliatedSubsidy => row.affiliated_subsidy,
        }
    }
}

/// One `fund_accounts` row: a fund's whole accounts (code `None`) or one
/// functional code's.
#[derive(Debug)]
pub struct FundAccount {
    /// The row's id in its table, to say where it came from.
    pub id: i64,
    pub key: Key,
    pub fund: String,
    pub code: Option<String>,
    /// The amount columns by name (FUND_FIELDS), NULL as `None`.
    pub fields: BTreeMap<&'static str, Option<Decimal>>,
    /// Where the row came from in the publication.
    pub source: Option<String>,
}

impl FundAccount {
    pub fn field(&self, name: &str) -> Option<Decimal> {
        self.fields.get(name).copied().flatten()
    }
}

/// One `disclosures` row.
#[derive(Debug)]
pub struct Disclosure {
    /// The row's id in its table, to say where it came from.
    pub id: i64,
    pub key: Key,
    /// The standard title.
    pub title: String,
    /// present, empty or missing.
    pub status: String,
}

#[derive(Debug)]
pub struct Economic {
    /// The row's id in its table, to say where it came from.
    pub id: i64,
    pub key: Key,
    pub fund: String,
    pub code: String,
    pub amount: Decimal,
}

#[derive(Debug)]
pub struct ThreePublic {
    /// The row's id in its table, to say where it came from.
    pub id: i64,
    pub key: Key,
    pub category: String,
    pub budget: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub batches: Option<i64>,
    pub persons: Option<i64>,
}

#[derive(Debug, Default)]
pub struct Procurement {
    /// The row's id in its table, to say where it came from.
    pub id: i64,
    pub total: Option<Decimal>,
    pub goods: Option<Decimal>,
    pub works: Option<Decimal>,
    pub services: Option<Decimal>,
    pub sme: Option<Decimal>,
    pub small_micro: Option<Decimal>,
}

impl Procurement {
    pub fn part(&self, name: &str) -> Option<Decimal> {
        match name {
            "total" => self.total,
            "goods" => self.goods,
            "works" => self.works,
            "services" => self.services,
            "sme" => self.sme,
            "small_micro" => self.small_micro,
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct Evaluation {
    /// The row's id in its table, to say where it came from.
    pub id: i64,
    pub key: Key,
    pub project: String,
    pub method: String,
    pub budget_full_year: Option<Decimal>,
    pub executed: Option<Decimal>,
    pub score: Option<f64>,
    pub grade: Option<String>,
}

#[derive(Debug)]
pub struct Indicator {
    /// The row's id in its table, to say where it came from.
    pub id: i64,
    pub key: Key,
    pub project: String,
    pub method: String,
    pub weight: Option<f64>,
    pub score: Option<f64>,
}

#[derive(Debug)]
pub struct Claim {
    /// The row's id in its table, to say where it came from.
    pub id: i64,
    pub key: Key,
    pub metric: String,
    pub value: Option<(i64, u32)>,
    pub change: Option<(i64, u32)>,
    pub change_pct: Option<(f64, u32)>,
    pub budget: Option<(i64, u32)>,
    pub execution_pct: Option<(f64, u32)>,
    pub share_pct: Option<(f64, u32)>,
    pub budget_change: Option<(i64, u32)>,
    pub budget_change_pct: Option<(f64, u32)>,
    /// 万元 or 元.
    pub unit: String,
    pub text: Option<String>,
    /// Where the claim came from in the publication.
    pub source: Option<String>,
}

/// Everything `check` reads.
#[derive(Debug, Default)]
pub struct Data {
    pub reports: BTreeMap<Key, Report>,
    pub income: Vec<Income>,
    pub expenditures: Vec<Expenditure>,
    pub economic: Vec<Economic>,
    pub three_public: Vec<ThreePublic>,
    pub procurement: BTreeMap<Key, Procurement>,
    pub evaluations: Vec<Evaluation>,
    pub indicators: Vec<Indicator>,
    pub function_classes: BTreeSet<String>,
    pub claims: Vec<Claim>,
    pub fund_accounts: Vec<FundAccount>,
    pub disclosures: Vec<Disclosure>,
}

/// Which rows [`Data::load_scoped`] reads.
#[derive(Clone, Copy, Debug)]
pub enum Scope<'a> {
    /// Every row.
    All,
    /// One department (canonical name) in the years given: each table is
    /// read through its (year, department) key index, so the cost is the
    /// department's rows, whatever the size of the database.
    Department(&'a str, &'a [i64]),
}

/// The tables `check` reads by (year, department).
pub const SCOPED_TABLES: [&str; 11] = [
    "reports",
    "income",
    "expenditures",
    "economic_expenditures",
    "three_public",
    "procurement",
    "evaluations",
    "indicators",
    "claims",
    "fund_accounts",
    "disclosures",
];

/// The departments a check reads one after another, so that memory holds
/// one department's rows at a time: every stored name, or those that
/// resolve to `department` (through `aliases`).
pub fn departments(
    conn: &Connection,
    department: Option<&str>,
    aliases: &crate::model::names::Aliases,
) -> rusqlite::Result<Vec<String>> {
    if let Some(canonical) = department {
        let mut names = vec![canonical.to_string()];
        let mut stmt = conn.prepare("SELECT alias FROM aliases")?;
        for alias in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let alias = alias?;
            if alias != canonical && aliases.resolve(&alias) == canonical {
                names.push(alias);
            }
        }
        return Ok(names);
    }
    // A publication's texts alone are something to check too.
    let union = checked_tables()
        .map(|t| format!("SELECT department FROM {t}"))
        .collect::<Vec<_>>()
        .join(" UNION ");
    let mut stmt = conn.prepare(&format!("{union} ORDER BY 1"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    names.collect()
}

/// Every table a department's findings can be about: those read by
/// (year, department), and the publication's `texts`.
pub fn checked_tables() -> impl Iterator<Item = &'static str> {
    SCOPED_TABLES.into_iter().chain(["texts"])
}

/// Every year any table holds, found by seeking the key index year by year.
pub fn stored_years(conn: &Connection) -> rusqlite::Result<Vec<i64>> {
    let mut years = BTreeSet::new();
    for table in SCOPED_TABLES {
        let mut stmt = conn.prepare(&format!("SELECT min(year) FROM {table} WHERE year > ?1"))?;
        let mut after = i64::MIN;
        while let Some(year) = stmt.query_row([after], |r| r.get::<_, Option<i64>>(0))? {
            years.insert(year);
            after = year;
        }
    }
    Ok(years.into_iter().collect())
}

fn rows<T>(
    conn: &Connection,
    scope: Scope<'_>,
    sql: &str,
    read: impl Fn(&Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    match scope {
        Scope::All => {
            let mut stmt = conn.prepare(sql)?;
            let result = stmt.query_map([], |row| read(row))?.collect();
            result
        }
        Scope::Department(department, years) => {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT * FROM ({sql}) WHERE year = ?1 AND department = ?2"
            ))?;
            let mut found = Vec::new();
            for year in years {
                let part = stmt
                    .query_map(rusqlite::params![year, department], |row| read(row))?
                    .collect::<rusqlite::Result<Vec<T>>>()?;
                found.extend(part);
            }
            Ok(found)
        }
    }
}

fn key(row: &Row) -> rusqlite::Result<Key> {
    Ok((row.get(0)?, row.get(1)?))
}

fn stated_amount(row: &Row, i: usize) -> rusqlite::Result<Option<(i64, u32)>> {
    let value: Option<i64> = row.get(i)?;
    let decimals: Option<i64> = row.get(i + 1)?;
    Ok(value.map(|v| (v, decimals.unwrap_or(2).clamp(0, 28) as u32)))
}

fn stated_percent(row: &Row, i: usize) -> rusqlite::Result<Option<(f64, u32)>> {
    let value: Option<f64> = row.get(i)?;
    let decimals: Option<i64> = row.get(i + 1)?;
    Ok(value.map(|v| (v, decimals.unwrap_or(2).clamp(0, 28) as u32)))
}

impl Data {
    pub fn load(conn: &Connection) -> rusqlite::Result<Data> {
        Data::load_scoped(conn, Scope::All)
    }

    /// The rows of `scope` only.
    pub fn load_scoped(conn: &Connection, scope: Scope<'_>) -> rusqlite::Result<Data> {
        let amount_columns: Vec<String> = REPORT_AMOUNTS
            .iter()
            .map(|(name, _)| format!("{name}_fen"))
            .collect();
        let reports = rows(
            conn,
            scope,
            &format!(
                "SELECT year, department, staff_total, staff_active, staff_retired, {}, id FROM reports",
                amount_columns.join(", ")
            ),
            |row| {
                let mut report = Report {
                    id: row.get(5 + REPORT_AMOUNTS.len())?,
                    staff_total: row.get(2)?,
                    staff_active: row.get(3)?,
                    staff_retired: row.get(4)?,
                    ..Report::default()
                };
                for (i, (name, _)) in REPORT_AMOUNTS.iter().enumerate() {
                    report.amounts.insert(name, amount(row, 5 + i)?);
                }
                Ok((key(row)?, report))
            },
        )?
        .into_iter()
        .collect();
        let income = rows(
            conn,
            scope,
            "SELECT year, department, source, code, amount_fen, id FROM income",
            |row| {
                Ok(Income {
                    id: row.get(5)?,
                    key: key(row)?,
                    source: row.get(2)?,
                    code: row.get(3)?,
                    amount: wan(row.get(4)?),
                })
            },
        )?;
        let expenditures = rows(
            conn,
            scope,
            "SELECT year, department, fund, code, budget_initial_fen, total_fen, basic_fen, project_fen, \
                    remit_superior_fen, operating_fen, affiliated_subsidy_fen, id FROM expenditures",
            |row| {
                Ok(Expenditure {
                    id: row.get(11)?,
                    key: key(row)?,
                    fund: row.get(2)?,
                    code: row.get(3)?,
                    budget_initial: amount(row, 4)?,
                    total: amount(row, 5)?,
                    basic: amount(row, 6)?,
                    project: amount(row, 7)?,
                    remit_superior: amount(row, 8)?,
                    operating: amount(row, 9)?,
                    affiliated_subsidy: amount(row, 10)?,
                })
            },
        )?;
        let economic = rows(
            conn,
            scope,
            "SELECT year, department, fund, code, amount_fen, id FROM economic_expenditures",
            |row| {
                Ok(Economic {
                    id: row.get(5)?,
                    key: key(row)?,
                    fund: row.get(2)?,
                    code: row.get(3)?,
                    amount: wan(row.get(4)?),
                })
            },
        )?;
        let three_public = rows(
            conn,
            scope,
            "SELECT year, department, category, budget_fen, actual_fen, batches, persons, id FROM three_public",
            |row| {
                Ok(ThreePublic {
                    id: row.get(7)?,
                    key: key(row)?,
                    category: row.get(2)?,
                    budget: amount(row, 3)?,
                    actual: amount(row, 4)?,
                    batches: row.get(5)?,
                    persons: row.get(6)?,
                })
            },
        )?;
        let procurement = rows(
            conn,
            scope,
            "SELECT year, department, total_fen, goods_fen, works_fen, services_fen, sme_fen, small_micro_fen, id FROM procurement",
            |row| {
                Ok((
                    key(row)?,
                    Procurement {
                        id: row.get(8)?,
                        total: amount(row, 2)?,
                        goods: amount(row, 3)?,
                        works: amount(row, 4)?,
                        services: amount(row, 5)?,
                        sme: amount(row, 6)?,
                        small_micro: amount(row, 7)?,
                    },
                ))
            },
        )?
        .into_iter()
        .collect();
        let evaluations = rows(
            conn,
            scope,
            "SELECT year, department, project, method, budget_full_year_fen, executed_fen, score, grade, id FROM evaluations",
            |row| {
                Ok(Evaluation {
                    id: row.get(8)?,
                    key: key(row)?,
                    project: row.get(2)?,
                    method: row.get(3)?,
                    budget_full_year: amount(row, 4)?,
                    executed: amount(row, 5)?,
                    score: row.get(6)?,
                    grade: row.get(7)?,
                })
            },
        )?;
        let indicators = rows(
            conn,
            scope,
            "SELECT year, department, project, method, weight, score, id FROM indicators",
            |row| {
                Ok(Indicator {
                    id: row.get(6)?,
                    key: key(row)?,
                    project: row.get(2)?,
                    method: row.get(3)?,
                    weight: row.get(4)?,
                    score: row.get(5)?,
                })
            },
        )?;
        let function_classes = rows(
            conn,
            Scope::All,
            "SELECT code FROM function_classes",
            |row| row.get(0),
        )?
        .into_iter()
        .collect();
        let claims = rows(
            conn,
            scope,
            "SELECT year, department, metric, value_fen, value_decimals, change_fen, change_decimals, \
                    change_pct, change_pct_decimals, budget_fen, budget_decimals, \
                    execution_pct, execution_pct_decimals, share_pct, share_pct_decimals, unit, text, source, \
                    budget_change_fen, budget_change_decimals, budget_change_pct, budget_change_pct_decimals, id \
               FROM claims ORDER BY year, department, id",
            |row| {
                Ok(Claim {
                    id: row.get(22)?,
                    key: key(row)?,
                    metric: row.get(2)?,
                    value: stated_amount(row, 3)?,
                    change: stated_amount(row, 5)?,
                    change_pct: stated_percent(row, 7)?,
                    budget: stated_amount(row, 9)?,
                    execution_pct: stated_percent(row, 11)?,
                    share_pct: stated_percent(row, 13)?,
                    unit: row.get(15)?,
                    text: row.get(16)?,
                    source: row.get(17)?,
                    budget_change: stated_amount(row, 18)?,
                    budget_change_pct: stated_percent(row, 20)?,
                })
            },
        )?;
        let fund_columns: Vec<String> = FUND_FIELDS
            .iter()
            .map(|(name, _)| format!("{name}_fen"))
            .collect();
        let fund_accounts = rows(
            conn,
            scope,
            &format!(
                "SELECT year, department, fund, code, source, {}, id FROM fund_accounts",
                fund_columns.join(", ")
            ),
            |row| {
                let mut fields = BTreeMap::new();
                for (i, (name, _)) in FUND_FIELDS.iter().enumerate() {
                    fields.insert(*name, amount(row, 5 + i)?);
                }
                Ok(FundAccount {
                    id: row.get(5 + FUND_FIELDS.len())?,
                    key: key(row)?,
                    fund: row.get(2)?,
                    code: row.get(3)?,
                    fields,
                    source: row.get(4)?,
                })
            },
        )?;
        let disclosures = rows(
            conn,
            scope,
            "SELECT year, department, title, status, id FROM disclosures",
            |row| {
                Ok(Disclosure {
                    id: row.get(4)?,
                    key: key(row)?,
                    title: row.get(2)?,
                    status: row.get(3)?,
                })
            },
        )?;
        Ok(Data {
            reports,
            income,
            expenditures,
            economic,
            three_public,
            procurement,
            evaluations,
            indicators,
            function_classes,
            claims,
            fund_accounts,
            disclosures,
        })
    }

    /// Whether the report's disclosures record `title` as printed with its
    /// figures: then the rows of that table are all there, and a sum over
    /// them that fails is the report's own, not a gap in what was loaded.
    pub fn carries(&self, key: &Key, title: &str) -> bool {
        self.disclosures
            .iter()
            .any(|d| &d.key == key && d.title == title && d.status == "present")
    }

    /// A fund's whole accounts (the row without a code).
    pub fn fund_account(&self, key: &Key, fund: &str) -> Option<&FundAccount> {
        self.fund_accounts
            .iter()
            .find(|f| &f.key == key && f.fund == fund && f.code.is_none())
    }

    /// The expenditure rows of one department-year and fund.
    pub fn expenditures_of<'a>(
        &'a self,
        key: &'a Key,
        fund: &'a str,
    ) -> impl Iterator<Item = &'a Expenditure> + 'a {
        self.expenditures
            .iter()
            .filter(move |e| &e.key == key && e.fund == fund)
    }

    /// The codes one level below `code` that are imported or rolled up from
    /// the level below them.
    pub fn child_codes(&self, key: &Key, fund: &str, code: &str) -> BTreeSet<String> {
        let length = code.len() + 2;
        self.expenditures_of(key, fund)
            .filter(|e| e.code.starts_with(code))
            // `get` rather than indexing: a database edited by another
            // client may hold a code that is not ASCII digits.
            .filter_map(|e| e.code.get(..length))
            .map(str::to_string)
            .collect()
    }

    /// The rows a functional code's figure is read from: its imported row,
    /// else (rolled up) those of the codes one level below it, when every
    /// one of them has rows.
    pub fn function_rows(&self, key: &Key, fund: &str, code: &str) -> Option<Vec<&Expenditure>> {
        let mut imported = self.expenditures.iter();
        if let Some(row) = imported.find(|e| &e.key == key && e.fund == fund && e.code == code) {
            return Some(vec![row]);
        }
        if code.len() >= 7 {
            return None;
        }
        let children = self.child_codes(key, fund, code);
        if children.is_empty() {
            return None;
        }
        let mut rows = Vec::new();
        for child in &children {
            rows.extend(self.function_rows(key, fund, child)?);
        }
        Some(rows)
    }

    /// The rows of a fund's whole expenditure: those of its 类 (imported or
    /// rolled up).
    pub fn total_rows(&self, key: &Key, fund: &str) -> Option<Vec<&Expenditure>> {
        let classes: BTreeSet<String> = self
            .expenditures_of(key, fund)
            .filter_map(|e| e.code.get(..3))
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for class in &classes {
            rows.extend(self.function_rows(key, fund, class)?);
        }
        (!rows.is_empty()).then_some(rows)
    }

    /// A functional code's figure in one column: the imported row's, else
    /// the sum of its children's ([`Data::function_rows`]); unknown when one
    /// of them leaves the column empty.
    pub fn function_figure(
        &self,
        key: &Key,
        fund: &str,
        code: &str,
        column: ExpColumn,
    ) -> Option<Figure> {
        sum_column(&self.function_rows(key, fund, code)?, column)
    }

    /// The whole of a fund's expenditure: the sum of its 类 (imported or
    /// rolled up).
    pub fn function_total(&self, key: &Key, fund: &str, column: ExpColumn) -> Option<Figure> {
        sum_column(&self.total_rows(key, fund)?, column)
    }
}

/// The sum of one column over expenditure rows; unknown when a row leaves
/// it empty.
pub fn sum_column(rows: &[&Expenditure], column: ExpColumn) -> Option<Figure> {
    let figures: Option<Vec<Figure>> = rows
        .iter()
        .map(|r| column.of(r).map(Figure::table))
        .collect();
    Figure::sum(figures?)
}

//! Filters checked against the data before a command runs them, so that a
//! typo never reads as a clean result: `check --department 不存在的局` used
//! to print "0 errors", `query summary -p year=2032` an empty table.
//!
//! A year or department the database does not hold, or a project no
//! evaluation names, is a data failure (exit 1) with a did-you-mean from the
//! names it does hold (canonical names and aliases); a fund or level outside
//! its vocabulary is a usage error (exit 2). A filter that is valid but
//! selects nothing is not an error: [`empty_result`] words the note that
//! says so on stderr.
//!
//! Existence is asked through each kind's key index, which starts with
//! (year, department): the years of a table are read by hopping from one to
//! the next (a seek each), and a department is looked up under each year,
//! so a database of a million rows answers in a few seeks. Only when a name
//! is missing are all names read, for the suggestion.

use std::collections::BTreeSet;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::model::kinds::{self, suggest};
use crate::model::names::Aliases;
use crate::model::value::parse_year;
use crate::model::vocab;

/// Why a filter cannot run.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// The value is not a term of its vocabulary, or not a year at all (exit 2).
    Usage(String),
    /// The data holds no such year, department or project (exit 1).
    Missing(String),
}

/// The tables of the kinds that hold a year's figures for a department.
fn data_tables() -> impl Iterator<Item = &'static str> {
    kinds::KINDS
        .iter()
        .filter(|k| k.column("year").is_some() && k.column("department").is_some())
        .map(|k| k.table)
}

/// The years `table` holds, read by hopping through its key index.
fn years_of(conn: &Connection, table: &str) -> rusqlite::Result<Vec<i64>> {
    let sql = format!(
        "WITH RECURSIVE y(v) AS (SELECT min(year) FROM \"{table}\" \
         UNION ALL SELECT (SELECT min(year) FROM \"{table}\" WHERE year > y.v) FROM y WHERE y.v IS NOT NULL) \
         SELECT v FROM y WHERE v IS NOT NULL"
    );
    let mut stmt = conn.prepare(&sql)?;
    let years = stmt.query_map([], |row| row.get(0))?.collect();
    years
}

/// What the database holds, read as far as a question needs it.
pub struct Loaded<'c> {
    conn: &'c Connection,
    /// Per data table, its years.
    years: Vec<(&'static str, Vec<i64>)>,
    aliases: Aliases,
}

impl<'c> Loaded<'c> {
    pub fn read(conn: &'c Connection) -> rusqlite::Result<Loaded<'c>> {
        let mut years = Vec::new();
        for table in data_tables() {
            years.push((table, years_of(conn, table)?));
        }
        Ok(Loaded {
            conn,
            years,
            aliases: Aliases::load(conn)?,
        })
    }

    /// Every year any kind holds, in order.
    pub fn all_years(&self) -> BTreeSet<i64> {
        self.years
            .iter()
            .flat_map(|(_, y)| y.iter().copied())
            .collect()
    }

    /// The canonical name a department filter stands for.
    pub fn canonical<'a>(&'a self, name: &'a str) -> &'a str {
        self.aliases.resolve(name.trim())
    }

    /// The years that hold data for `department` (canonical).
    fn years_of_department(&self, department: &str) -> rusqlite::Result<BTreeSet<i64>> {
        let mut found = BTreeSet::new();
        for (table, years) in &self.years {
            let sql =
                format!("SELECT 1 FROM \"{table}\" WHERE year = ?1 AND department = ?2 LIMIT 1");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            for &year in years {
                if !found.contains(&year)
                    && stmt
                        .query_row(rusqlite::params![year, department], |_| Ok(()))
                        .optional()?
                        .is_some()
                {
                    found.insert(year);
                }
            }
        }
        Ok(found)
    }

    /// Every department name the data holds, and every alias.
    fn all_names(&self) -> rusqlite::Result<BTreeSet<String>> {
        let mut names = BTreeSet::new();
        for (table, years) in &self.years {
            let sql = format!("SELECT DISTINCT department FROM \"{table}\" WHERE year = ?1");
            let mut stmt = self.conn.prepare_cached(&sql)?;
            for &year in years {
                for name in stmt.query_map([year], |row| row.get::<_, String>(0))? {
                    names.insert(name?);
                }
            }
        }
        let mut stmt = self.conn.prepare("SELECT alias FROM aliases")?;
        for alias in stmt.query_map([], |row| row.get::<_, String>(0))? {
            names.insert(alias?);
        }
        Ok(names)
    }

    /// Refuses a year no kind holds.
    pub fn year(&self, year: i64) -> Result<(), Problem> {
        let years = self.all_years();
        if years.contains(&year) {
            return Ok(());
        }
        Err(Problem::Missing(if years.is_empty() {
            format!("no data for year {year}: the database is empty; run `budgetdb import` first")
        } else {
            format!(
                "no data for year {year}; the database holds {}",
                listing(&years)
            )
        }))
    }

    /// Refuses a department (or alias) the data does not hold, suggesting
    /// the nearest name; returns the years it has data for.
    pub fn department(&self, name: &str) -> Result<BTreeSet<i64>, Problem> {
        let canonical = self.canonical(name);
        let years = self.years_of_department(canonical).map_err(db_problem)?;
        if !years.is_empty() {
            return Ok(years);
        }
        let names = self.all_names().map_err(db_problem)?;
        let hint = nearest_name(name.trim(), &names)
            .map(|n| {
                let resolved = self.aliases.resolve(n);
                if resolved == n {
                    format!(" (did you mean \"{n}\"?)")
                } else {
                    format!(" (did you mean \"{n}\", an alias of \"{resolved}\"?)")
                }
            })
            .unwrap_or_default();
        Err(Problem::Missing(format!(
            "no department \"{}\" in the database{hint}; `budgetdb query departments` lists them",
            name.trim()
        )))
    }

    /// Refuses a project no evaluation or indicator names.
    pub fn project(&self, project: &str) -> Result<(), Problem> {
        let exists = self
            .conn
            .query_row(
                "SELECT 1 FROM evaluations WHERE project = ?1 UNION ALL SELECT 1 FROM indicators WHERE project = ?1 LIMIT 1",
                [project],
                |_| Ok(()),
            )
            .optional()
            .map_err(db_problem)?
            .is_some();
        if exists {
            return Ok(());
        }
        let mut names = BTreeSet::new();
        let mut stmt = self
            .conn
            .prepare("SELECT project FROM evaluations UNION SELECT project FROM indicators")
            .map_err(db_problem)?;
        let rows = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(db_problem)?;
        for name in rows {
            names.insert(name.map_err(db_problem)?);
        }
        let hint = nearest_name(project, &names)
            .map(|n| format!(" (did you mean \"{n}\"?)"))
            .unwrap_or_default();
        Err(Problem::Missing(format!(
            "no project \"{project}\" in the evaluations{hint}; `budgetdb query evaluations` lists them"
        )))
    }

    /// Checks a year and department given together: each must exist, and
    /// `Ok(Some(note))` says when the pair selects nothing.
    pub fn year_and_department(
        &self,
        year: Option<i64>,
        department: Option<&str>,
    ) -> Result<Option<String>, Problem> {
        if let Some(year) = year {
            self.year(year)?;
        }
        let Some(department) = department else {
            return Ok(None);
        };
        let years = self.department(department)?;
        Ok(year.filter(|y| !years.contains(y)).map(|y| {
            format!(
                "{y} has no data for {}; it has {}",
                self.canonical(department),
                listing(&years)
            )
        }))
    }
}

/// A database error while checking a filter, reported as a failure of the data.
fn db_problem(error: rusqlite::Error) -> Problem {
    Problem::Missing(crate::storage::db::explain(&error.into()))
}

/// "2020, 2021".
fn listing(years: &BTreeSet<i64>) -> String {
    years
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A plausible name for a typo: the nearest by edit distance, else the
/// shortest name that contains what was typed (人社局 → 南昌市人社局) or is
/// contained in it.
fn nearest_name<'a>(text: &str, names: &'a BTreeSet<String>) -> Option<&'a str> {
    if text.is_empty() {
        return None;
    }
    suggest(text, names.iter().map(String::as_str)).or_else(|| {
        names
            .iter()
            .filter(|n| n.contains(text) || (n.chars().count() >= 2 && text.contains(n.as_str())))
            .min_by_key(|n| n.chars().count())
            .map(String::as_str)
    })
}

/// The year a parameter value names: an integer, or text such as `2021年`.
fn year_value(value: &Value) -> Result<i64, Problem> {
    match value {
        Value::Integer(year) => Ok(*year),
        Value::Text(text) => {
            parse_year(text.trim()).map_err(|e| Problem::Usage(format!("year: {}", e.0)))
        }
        _ => Err(Problem::Usage("year: expected a year such as 2021".into())),
    }
}

/// Checks the filters a saved query's parameters carry (`year`,
/// `department`, `fund`, `level`, `project`) and binds a fund by its id, so
/// any of its names works. `Ok(Some(note))` when the year and department
/// are each valid but select nothing together.
pub fn query_params(
    loaded: &Loaded<'_>,
    params: &mut [(String, Value)],
) -> Result<Option<String>, Problem> {
    let mut year = None;
    let mut department = None;
    for (key, value) in params.iter_mut() {
        // An empty value is no value: `-p year=` means all years, as an
        // empty field of a Datasette canned query's form does.
        if matches!(value, Value::Text(text) if text.trim().is_empty()) {
            *value = Value::Null;
        }
        if *value == Value::Null {
            continue;
        }
        match key.as_str() {
            "year" => {
                let parsed = year_value(value)?;
                *value = Value::Integer(parsed);
                year = Some(parsed);
            }
            "department" => {
                if let Value::Text(name) = value {
                    department = Some(name.clone());
                }
            }
            "fund" => {
                let text = value_text(value);
                let Some(term) = vocab::FUNDS.find(text.trim()) else {
                    let hint = suggest(
                        text.trim(),
                        vocab::FUNDS
                            .terms
                            .iter()
                            .flat_map(|t| std::iter::once(t.id).chain(t.names.iter().copied())),
                    )
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                    return Err(Problem::Usage(format!(
                        "fund: no fund \"{text}\"{hint}; expected one of {}",
                        vocab::FUNDS.listing()
                    )));
                };
                *value = Value::Text(term.id.to_string());
            }
            "level" => {
                let text = value_text(value);
                if !["类", "款", "项", "1", "2", "3"].contains(&text.trim()) {
                    return Err(Problem::Usage(format!(
                        "level: \"{text}\" is not a level; expected 类, 款 or 项 (or 1, 2 or 3)"
                    )));
                }
                *value = Value::Text(text.trim().to_string());
            }
            "project" => loaded.project(value_text(value).trim())?,
            _ => {}
        }
    }
    loaded.year_and_department(year, department.as_deref())
}

fn value_text(value: &Value) -> String {
    match value {
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => t.clone(),
        _ => String::new(),
    }
}

/// The note for a saved query that printed no rows, saying what was asked:
/// "no rows: 2020 has no functions data for 甲局 (fund=gov_fund)".
pub fn empty_result(query: &str, params: &[(String, Value)]) -> String {
    let given = |key: &str| {
        params
            .iter()
            .find(|(k, v)| k == key && *v != Value::Null)
            .map(|(_, v)| value_text(v))
    };
    let others: Vec<String> = params
        .iter()
        .filter(|(k, v)| *v != Value::Null && k != "year" && k != "department")
        .map(|(k, v)| format!("{k}={}", value_text(v)))
        .collect();
    let mut note = match given("year") {
        Some(year) => format!("no rows: {year} has no {query} data"),
        None => format!("no rows: no {query} data"),
    };
    if let Some(department) = given("department") {
        note.push_str(&format!(" for {department}"));
    }
    if !others.is_empty() {
        note.push_str(&format!(" ({})", others.join(", ")));
    }
    note
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_names_by_distance_then_containment() {
        let names: BTreeSet<String> = ["南昌市人力资源和社会保障局", "南昌市人社局", "乙局"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(nearest_name("南昌市人杜局", &names), Some("南昌市人社局"));
        assert_eq!(nearest_name("人社局", &names), Some("南昌市人社局"));
        assert_eq!(
            nearest_name("南昌市人力资源和社会保障局机关", &names),
            Some("南昌市人力资源和社会保障局")
        );
        assert_eq!(nearest_name("不存在的单位名称", &names), None);
        assert_eq!(nearest_name("", &names), None);
    }

    #[test]
    fn fund_and_level_are_checked_against_their_vocabularies() {
        let conn = crate::storage::db::open_in_memory().expect("schema");
        let loaded = Loaded::read(&conn).expect("reads");
        let mut params = vec![("fund".to_string(), Value::Text("一般公共预算".into()))];
        assert_eq!(query_params(&loaded, &mut params), Ok(None));
        assert_eq!(params[0].1, Value::Text("general".into()));
        let mut params = vec![("fund".to_string(), Value::Text("fiscl".into()))];
        match query_params(&loaded, &mut params) {
            Err(Problem::Usage(m)) => assert!(m.contains("did you mean \"fiscal\""), "{m}"),
            other => panic!("{other:?}"),
        }
        let mut params = vec![("level".to_string(), Value::Text("目".into()))];
        assert!(matches!(
            query_params(&loaded, &mut params),
            Err(Problem::Usage(_))
        ));
        let mut params = vec![("year".to_string(), Value::Integer(2021))];
        match query_params(&loaded, &mut params) {
            Err(Problem::Missing(m)) => assert!(m.contains("database is empty"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}

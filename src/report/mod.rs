//! `budgetdb report`: a department's years on one self-contained HTML page
//! (styles inline, charts as inline SVG, no script, nothing fetched), or
//! with `--all` one page per department and an index ranking them.
//!
//! `data` reads the figures with SQL, `svg` draws the charts, `page` lays
//! out one department, `index` the ranking, `html` holds the escaping,
//! exact number formatting and style sheet they share. Findings come from
//! the check library itself, so the page and `budgetdb check` never differ.

pub mod data;
pub mod html;
pub mod index;
pub mod page;
pub mod svg;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::check;
use data::{Catalog, Department};

/// Why a report could not be written.
#[derive(Debug)]
pub enum Failure {
    /// No department of that name (exit 1), with the closest names.
    Unknown(String),
    /// The department or year has nothing loaded (exit 1).
    NoData(String),
    /// Reading the database or writing a file failed (exit 1).
    Fatal(anyhow::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Unknown(m) | Failure::NoData(m) => f.write_str(m),
            Failure::Fatal(e) => write!(f, "{e:#}"),
        }
    }
}

impl From<rusqlite::Error> for Failure {
    fn from(error: rusqlite::Error) -> Failure {
        Failure::Fatal(crate::storage::db::describe(error))
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Failure {
        Failure::Fatal(error)
    }
}

/// The canonical name `name` stands for and the years it has data for.
fn resolve<'c>(catalog: &'c Catalog, name: &str) -> Result<(String, &'c BTreeSet<i64>), Failure> {
    let name = name.trim();
    let canonical = catalog.aliases.resolve(name).to_string();
    if let Some(years) = catalog.years_of.get(&canonical) {
        return Ok((canonical, years));
    }
    if catalog.years_of.is_empty() {
        return Err(Failure::NoData(
            "the database holds no data yet; `budgetdb import` loads some".to_string(),
        ));
    }
    let known_alias = catalog.alias_names.iter().any(|a| a == name) || canonical != name;
    if known_alias {
        return Err(Failure::NoData(format!(
            "no data is loaded for department \"{canonical}\"{}; `budgetdb query departments` lists what is",
            if canonical != name {
                format!(" (\"{name}\" is an alias of it)")
            } else {
                String::new()
            }
        )));
    }
    let candidates = catalog
        .years_of
        .keys()
        .map(String::as_str)
        .chain(catalog.alias_names.iter().map(String::as_str));
    let hint = crate::model::kinds::suggest(name, candidates)
        .map(|s| format!(" (did you mean \"{s}\"?)"))
        .unwrap_or_default();
    Err(Failure::Unknown(format!(
        "no department \"{name}\"{hint}; `budgetdb query departments` lists the departments loaded"
    )))
}

/// The page of department `name` (or an alias), its tables showing `year`
/// (default: its latest year with data).
pub fn department(conn: &Connection, name: &str, year: Option<i64>) -> Result<String, Failure> {
    let catalog = Catalog::load(conn)?;
    let (canonical, years) = resolve(&catalog, name)?;
    let shown = match year {
        Some(y) if years.contains(&y) => y,
        Some(y) => {
            let listed: Vec<String> = years.iter().map(i64::to_string).collect();
            return Err(Failure::NoData(format!(
                "no data is loaded for \"{canonical}\" in {y}; its years are {}",
                listed.join(", ")
            )));
        }
        None => *years.last().unwrap_or(&0),
    };
    let department = Department::load(conn, &canonical, years, shown)?;
    let findings = check::run_department(conn, &canonical, &department.years)?;
    Ok(page::render(&department, &findings))
}

/// What `all` wrote.
#[derive(Debug)]
pub struct Written {
    pub dir: PathBuf,
    pub pages: usize,
    /// Departments left out because they have no data in the chosen year.
    pub skipped: usize,
}

/// A file name for `name`: the name itself where the file system allows,
/// unique within `used`.
fn file_name(name: &str, used: &mut HashSet<String>) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_control() || c.is_whitespace() || "/\\:*?\"<>|#%&'".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let stem = if stem.is_empty() || stem.starts_with('.') {
        format!("_{stem}")
    } else {
        stem
    };
    let mut candidate = format!("{stem}.html");
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{stem}-{n}.html");
        n += 1;
    }
    candidate
}

/// One page per department into `dir` and `index.html` ranking them. With
/// `year`, each page shows that year and departments without it are left
/// out. Pages are written as they are made, each department's figures and
/// findings read for it alone: memory holds one department at a time, plus
/// a line of the index per department.
pub fn all(conn: &Connection, dir: &Path, year: Option<i64>) -> Result<Written, Failure> {
    let catalog = Catalog::load(conn)?;
    if catalog.years_of.is_empty() {
        return Err(Failure::NoData(
            "the database holds no data yet; `budgetdb import` loads some".to_string(),
        ));
    }
    if let Some(y) = year {
        if !catalog.years_of.values().any(|years| years.contains(&y)) {
            return Err(Failure::NoData(format!("no data is loaded for {y}")));
        }
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("{}: cannot create the folder: {e}", dir.display()))?;
    let mut used = HashSet::from(["index.html".to_string()]);
    let mut lines = Vec::with_capacity(catalog.years_of.len());
    let mut skipped = 0;
    for (name, years) in &catalog.years_of {
        let shown = match year {
            Some(y) if years.contains(&y) => y,
            Some(_) => {
                skipped += 1;
                continue;
            }
            None => *years.last().unwrap_or(&0),
        };
        let department = Department::load(conn, name, years, shown)?;
        let own = check::run_department(conn, name, &department.years)?;
        let file = file_name(name, &mut used);
        let path = dir.join(&file);
        std::fs::write(&path, page::render(&department, &own))
            .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", path.display()))?;
        lines.push(index::Line::of(&department, &own, file));
    }
    let path = dir.join("index.html");
    std::fs::write(&path, index::render(&mut lines, year, skipped))
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", path.display()))?;
    Ok(Written {
        dir: dir.to_path_buf(),
        pages: lines.len(),
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_unique() {
        let mut used = HashSet::from(["index.html".to_string()]);
        assert_eq!(file_name("南昌市人社局", &mut used), "南昌市人社局.html");
        assert_eq!(file_name("a/b c", &mut used), "a_b_c.html");
        assert_eq!(file_name("a:b?c", &mut used), "a_b_c-2.html");
        assert_eq!(file_name("..", &mut used), "_...html");
        assert_eq!(file_name("index", &mut used), "index-2.html");
    }
}

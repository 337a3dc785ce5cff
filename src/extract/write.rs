//! Writing the tables as contract CSV files, with the csv crate.
//!
//! Each kind goes to `KIND.csv` (header: the kind's English column names,
//! in contract order), derived prior-year figures to
//! `prior/derived.KIND.csv` — the name marks them in the import log too —
//! with a `prior/README.md` that says how each was derived. Files of an
//! earlier run that this run has no rows for are removed, so importing the
//! folder never picks up stale figures.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::rows::{Derivation, Table, Tables};
use crate::model::kinds::KINDS;

/// The folder derived prior-year figures go to.
pub const PRIOR_DIR: &str = "prior";

/// The start of a derived file's name: `derived.reports.csv`.
pub const DERIVED_PREFIX: &str = "derived.";

/// Writes everything; returns (path, rows) of each file written.
pub fn write_all(tables: &Tables, out: &Path, prior_year: i64) -> Result<Vec<(PathBuf, usize)>> {
    let mut written = write_dir(&tables.current, out, "")?;
    let prior_dir = out.join(PRIOR_DIR);
    written.extend(write_dir(&tables.prior, &prior_dir, DERIVED_PREFIX)?);
    let readme = prior_dir.join("README.md");
    if tables.prior.is_empty() {
        remove_if_present(&readme)?;
    } else {
        std::fs::write(&readme, prior_readme(&tables.derivations, prior_year))
            .with_context(|| format!("cannot write {}", readme.display()))?;
    }
    Ok(written)
}

fn write_dir(tables: &[Table], dir: &Path, prefix: &str) -> Result<Vec<(PathBuf, usize)>> {
    let mut written = Vec::new();
    if !tables.is_empty() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    for kind in KINDS {
        let path = dir.join(format!("{prefix}{}.csv", kind.name));
        match tables.iter().find(|t| t.kind.name == kind.name) {
            Some(table) => {
                write_table(table, &path)?;
                written.push((path, table.rows.len()));
            }
            None => remove_if_present(&path)?,
        }
    }
    Ok(written)
}

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove the stale {}", path.display()))
        }
        _ => Ok(()),
    }
}

fn write_table(table: &Table, path: &Path) -> Result<()> {
    let columns: Vec<&str> = table
        .kind
        .columns
        .iter()
        .filter(|c| c.from_header())
        .map(|c| c.name)
        .collect();
    let mut writer =
        csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
    writer.write_record(&columns)?;
    for row in &table.rows {
        writer.write_record(
            columns
                .iter()
                .map(|c| row.get(c).map_or("", String::as_str)),
        )?;
    }
    writer
        .flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn prior_readme(derivations: &[Derivation], year: i64) -> String {
    let mut text = format!(
        "# Derived {year} figures\n\nThese figures are not printed in the report: each follows from a figure of the\nyear after and its stated change (prior = value − change), from an identity of\nthe template, or as the remainder of a total. Amounts in 万元.\n\n| file | figure | value | derivation |\n|---|---|---|---|\n"
    );
    for d in derivations {
        text.push_str(&format!(
            "| {DERIVED_PREFIX}{}.csv | {} | {} | {} |\n",
            d.kind, d.figure, d.value, d.how
        ));
    }
    text
}

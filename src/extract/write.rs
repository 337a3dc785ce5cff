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
use crate::io::reader::MAX_FIELD_BYTES;
use crate::model::kinds::{Column, ValueType, KINDS};
use crate::model::value;

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
    let columns: Vec<&Column> = table
        .kind
        .columns
        .iter()
        .filter(|c| c.from_header())
        .collect();
    let mut writer =
        csv::Writer::from_path(path).with_context(|| format!("cannot write {}", path.display()))?;
    writer.write_record(columns.iter().map(|c| c.name))?;
    for row in &table.rows {
        let cells: Vec<_> = columns
            .iter()
            .map(|c| importable(row.get(c.name).map_or("", String::as_str), c))
            .collect();
        writer.write_record(cells.iter().map(|cell| cell.as_bytes()))?;
    }
    writer
        .flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// A cell as `budgetdb import` accepts it, whatever the report held: the
/// characters import refuses (control characters, zero-width and
/// bidirectional marks, a byte-order mark; in a name also tabs and line
/// breaks) left out, and text beyond import's longest field cut off,
/// ending in `…`. Only a damaged or hostile text has either; what
/// `extract` writes must import.
fn importable<'a>(cell: &'a str, column: &Column) -> std::borrow::Cow<'a, str> {
    let one_line = matches!(column.ty, ValueType::Name);
    if cell.len() <= MAX_FIELD_BYTES && !cell.chars().any(|c| value::is_refused(c, one_line)) {
        return cell.into();
    }
    let mut kept = String::with_capacity(cell.len().min(MAX_FIELD_BYTES));
    for c in cell.chars().filter(|&c| !value::is_refused(c, one_line)) {
        if kept.len() + c.len_utf8() > MAX_FIELD_BYTES - '…'.len_utf8() {
            kept.push('…');
            break;
        }
        kept.push(c);
    }
    kept.into()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::kinds::find;

    #[test]
    fn cells_are_written_as_import_accepts_them() {
        let claims = find("claims").unwrap();
        let (text, department) = (
            claims.column("text").unwrap(),
            claims.column("department").unwrap(),
        );
        assert_eq!(
            importable("收入\u{1b}[31m总计\u{200b}\n", text),
            "收入[31m总计\n"
        );
        assert_eq!(importable("某\t局\u{feff}", department), "某局");
        assert_eq!(importable("收入总计", text), "收入总计");
        let long = "南".repeat(MAX_FIELD_BYTES);
        let cut = importable(&long, text);
        assert!(
            cut.len() <= MAX_FIELD_BYTES && cut.ends_with("南…"),
            "{}",
            cut.len()
        );
    }
}

//! `budgetdb export --xlsx FILE`: the loaded data as a workbook in contract
//! form, one sheet per kind (built from `kinds.rs`, so every kind is
//! there), that `budgetdb import` reads back to the same rows.
//!
//! How values are written so they read back exactly:
//! - amounts as number cells in 万元: a number of up to 15 significant
//!   digits (every amount below 10⁹ 万元, 6 decimals) is one IEEE double
//!   whose shortest form is that decimal, which is what the workbook
//!   reader takes (`io/workbook.rs`); larger amounts are written as text;
//! - figures a report states (claims' amounts and percentages) as text
//!   with exactly their printed decimals, since a number cell would drop
//!   the trailing zeros that say how precise `11.90` is;
//! - years, counts and scores as numbers, codes, terms and names as text,
//!   NULL as an empty cell.
//!
//! A sheet whose kind has amounts starts with a `单位：万元` row. A kind
//! whose rows carry their own unit (claims) gets one sheet per unit:
//! `claims` in 万元, `claims (元)` with a `单位：元` row. A kind with more
//! rows than a sheet holds continues on `KIND (2)`, `KIND (3)`, …

use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::types::Value;
use rusqlite::Connection;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, Worksheet};

use crate::model::kinds::{Column, Kind, ValueType, KINDS};
use crate::model::value::{format_amount, AmountUnit};

/// Rows of data a sheet holds besides its unit and header rows (Excel's
/// limit is 1,048,576 rows).
const ROWS_PER_SHEET: usize = 1_048_576 - 2;

/// Largest 分 written as a number cell: 15 significant digits.
const LARGEST_NUMBER_FEN: i64 = 999_999_999_999_999;

/// One sheet written.
#[derive(Debug)]
pub struct SheetWritten {
    pub sheet: String,
    pub kind: &'static str,
    pub rows: u64,
}

/// Writes every kind's rows to the workbook `path`.
pub fn export(conn: &Connection, path: &Path) -> Result<Vec<SheetWritten>> {
    let mut book = Workbook::new();
    let mut written = Vec::new();
    for kind in KINDS {
        export_kind(conn, kind, &mut book, &mut written)?;
    }
    if written.is_empty() {
        // A workbook needs a sheet; an empty database gives the first kind's header.
        let kind = KINDS[0];
        let sheet = Sheet::new(&mut book, kind, kind.name.to_string(), AmountUnit::Wan)?;
        sheet.finish();
        written.push(SheetWritten {
            sheet: kind.name.to_string(),
            kind: kind.name,
            rows: 0,
        });
    }
    book.save(path)
        .with_context(|| format!("{}: cannot write the workbook", path.display()))?;
    Ok(written)
}

/// The columns written: those a file carries (not the import's unit).
fn file_columns(kind: &Kind) -> impl Iterator<Item = &Column> {
    kind.columns.iter().filter(|c| c.from_header())
}

fn has_amounts(kind: &Kind) -> bool {
    file_columns(kind).any(|c| matches!(c.ty, ValueType::Amount | ValueType::StatedAmount))
}

fn export_kind(
    conn: &Connection,
    kind: &'static Kind,
    book: &mut Workbook,
    written: &mut Vec<SheetWritten>,
) -> Result<()> {
    let unit_column = kind
        .columns
        .iter()
        .find(|c| matches!(c.ty, ValueType::ImportUnit));
    let units: Vec<AmountUnit> = match unit_column {
        Some(column) => {
            let sql = format!(
                "SELECT DISTINCT {} FROM {} ORDER BY 1 DESC",
                column.name, kind.table
            );
            let mut stmt = conn.prepare(&sql)?;
            let labels = stmt
                .query_map([], |r| r.get::<_, Option<String>>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut units: Vec<AmountUnit> = labels
                .iter()
                .map(|l| {
                    l.as_deref()
                        .and_then(AmountUnit::parse)
                        .unwrap_or(AmountUnit::Wan)
                })
                .collect();
            units.dedup();
            units
        }
        None => vec![AmountUnit::Wan],
    };
    let columns: Vec<String> = file_columns(kind).flat_map(|c| c.db_columns()).collect();
    for unit in units {
        let mut filter = String::new();
        if let Some(column) = unit_column {
            filter = match unit {
                AmountUnit::Wan => format!(" WHERE {} IS NOT '元'", column.name),
                AmountUnit::Yuan => format!(" WHERE {} = '元'", column.name),
            };
        }
        let sql = format!(
            "SELECT {} FROM {}{filter} ORDER BY rowid",
            columns.join(", "),
            kind.table
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        let base = match unit {
            AmountUnit::Wan => kind.name.to_string(),
            AmountUnit::Yuan => format!("{} (元)", kind.name),
        };
        let mut part = 1;
        let mut sheet: Option<Sheet> = None;
        let mut values = Vec::with_capacity(columns.len());
        while let Some(row) = rows.next()? {
            if sheet.as_ref().is_some_and(|s| s.rows >= ROWS_PER_SHEET) {
                if let Some(full) = sheet.take() {
                    written.push(full.finish());
                }
                part += 1;
            }
            if sheet.is_none() {
                let name = if part == 1 {
                    base.clone()
                } else {
                    format!("{base} ({part})")
                };
                sheet = Some(Sheet::new(book, kind, name, unit)?);
            }
            values.clear();
            for index in 0..columns.len() {
                values.push(row.get::<_, Value>(index)?);
            }
            if let Some(sheet) = sheet.as_mut() {
                sheet.write_row(&values)?;
            }
        }
        if let Some(sheet) = sheet {
            written.push(sheet.finish());
        }
    }
    Ok(())
}

/// A sheet being written.
struct Sheet<'b> {
    worksheet: &'b mut Worksheet,
    kind: &'static Kind,
    name: String,
    unit: AmountUnit,
    /// The sheet row the next data row goes to.
    next: u32,
    rows: usize,
}

impl<'b> Sheet<'b> {
    fn new(
        book: &'b mut Workbook,
        kind: &'static Kind,
        name: String,
        unit: AmountUnit,
    ) -> Result<Sheet<'b>> {
        let worksheet = book.add_worksheet();
        worksheet.set_name(&name)?;
        let mut next = 0;
        if has_amounts(kind) {
            worksheet.write_string(0, 0, format!("单位：{}", unit.label()))?;
            next = 1;
        }
        for (index, column) in file_columns(kind).enumerate() {
            worksheet.write_string(next, index as u16, column.name)?;
        }
        worksheet.set_freeze_panes(next + 1, 0)?;
        Ok(Sheet {
            worksheet,
            kind,
            name,
            unit,
            next: next + 1,
            rows: 0,
        })
    }

    /// Writes one row: `values` are the kind's database columns in order.
    fn write_row(&mut self, values: &[Value]) -> Result<()> {
        let mut at = 0;
        let row = self.next;
        for (index, column) in file_columns(self.kind).enumerate() {
            let width = column.db_width();
            let cell = &values[at..at + width];
            at += width;
            let col = index as u16;
            match cell_of(column, cell, self.unit) {
                Cell::Empty => {}
                Cell::Number(n) => {
                    self.worksheet.write_number(row, col, n)?;
                }
                Cell::Text(t) => {
                    self.worksheet.write_string(row, col, t)?;
                }
            }
        }
        self.next += 1;
        self.rows += 1;
        Ok(())
    }

    fn finish(self) -> SheetWritten {
        self.worksheet.set_autofit_max_width(300).autofit();
        SheetWritten {
            sheet: self.name,
            kind: self.kind.name,
            rows: self.rows as u64,
        }
    }
}

/// What one cell holds.
#[derive(Debug, PartialEq)]
enum Cell {
    Empty,
    Number(f64),
    Text(String),
}

/// The cell for a column's database values (`cell` is one value, or two
/// for stated figures: the value and its printed decimals).
fn cell_of(column: &Column, cell: &[Value], unit: AmountUnit) -> Cell {
    let decimals = || match cell.get(1) {
        Some(Value::Integer(d)) => u32::try_from(*d).ok(),
        _ => None,
    };
    match (column.ty, cell.first()) {
        (_, None | Some(Value::Null)) => Cell::Empty,
        (ValueType::Amount, Some(Value::Integer(fen))) => amount_cell(*fen, unit),
        (ValueType::StatedAmount, Some(Value::Integer(fen))) => {
            Cell::Text(stated_amount(*fen, decimals(), unit))
        }
        (ValueType::StatedPercent, Some(Value::Real(value))) => Cell::Text(match decimals() {
            Some(d) => format!("{value:.*}", d as usize),
            None => value.to_string(),
        }),
        (ValueType::Year | ValueType::Count, Some(Value::Integer(n))) => Cell::Number(*n as f64),
        (ValueType::Number, Some(Value::Real(n))) => Cell::Number(*n),
        (_, Some(Value::Integer(n))) => Cell::Text(n.to_string()),
        (_, Some(Value::Real(n))) => Cell::Number(*n),
        (_, Some(Value::Text(t))) => Cell::Text(t.clone()),
        (_, Some(Value::Blob(_))) => Cell::Empty,
    }
}

/// An amount as a number cell when its decimal reads back exactly.
fn amount_cell(fen: i64, unit: AmountUnit) -> Cell {
    let text = format_amount(fen, unit);
    if fen.unsigned_abs() <= LARGEST_NUMBER_FEN as u64 {
        if let Ok(number) = text.parse::<f64>() {
            return Cell::Number(number);
        }
    }
    Cell::Text(text)
}

/// A stated amount with exactly its printed decimals (`11.90` stays `11.90`).
fn stated_amount(fen: i64, decimals: Option<u32>, unit: AmountUnit) -> String {
    let exact = Decimal::from(fen) / Decimal::from(unit.fen());
    let Some(decimals) = decimals else {
        return exact.normalize().to_string();
    };
    let mut printed = exact;
    printed.rescale(decimals);
    if printed == exact {
        printed.to_string()
    } else {
        exact.normalize().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::workbook::number_text;

    #[test]
    fn amounts_are_numbers_that_read_back_as_written() {
        for fen in [
            0,
            1,
            1_234_560_000,
            -3_200_000,
            112_409_660_000,
            999_999_999_999_999,
        ] {
            let Cell::Number(n) = amount_cell(fen, AmountUnit::Wan) else {
                panic!("{fen} is not a number cell");
            };
            let read = crate::model::value::parse_amount(&number_text(n), AmountUnit::Wan);
            assert_eq!(read.map(|r| r.0), Ok(fen), "{fen}");
        }
        assert_eq!(
            amount_cell(1_000_000_000_000_000, AmountUnit::Wan),
            Cell::Text("1000000000.00".into())
        );
    }

    #[test]
    fn stated_figures_keep_their_printed_decimals() {
        assert_eq!(stated_amount(11_900_000, Some(2), AmountUnit::Wan), "11.90");
        assert_eq!(stated_amount(11_900_000, Some(0), AmountUnit::Wan), "11.9");
        assert_eq!(stated_amount(126_318, Some(2), AmountUnit::Yuan), "1263.18");
        assert_eq!(stated_amount(5, None, AmountUnit::Wan), "0.000005");
    }
}

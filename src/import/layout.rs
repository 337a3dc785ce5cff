//! Where a table starts: the title rows and the `单位` row a spreadsheet
//! puts above the header, and the header itself.
//!
//! A **title row** is a row before the header none of whose cells names a
//! column of the kind (or a column to ignore), and which either has at most
//! one non-empty cell, without a separator (`,` `;` tab `|`) in it (a title
//! such as `2021年“三公”经费支出决算表`, or a
//! row left blank) or declares the unit (`单位：万元`, possibly beside
//! `编制单位：某局`). The first row that is not a title row is the header.
//! A data row is never a title row: every kind has at least two required
//! columns, so a valid row has two values, and a row that names a column
//! is a header. At most [`MAX_TITLE_ROWS`] are passed over, so a file
//! without a header is reported at its first rows, not at its end.

use crate::import::cells::Header;
use crate::io::reader::{ReadError, Row};
use crate::io::rows::RowSource;
use crate::model::kinds::Kind;
use crate::model::value::{self, AmountUnit};

/// Title rows passed over at most before the row taken as the header.
pub const MAX_TITLE_ROWS: usize = 10;

/// A table's header and what the rows above it declared.
#[derive(Debug)]
pub struct Start {
    pub row: Row,
    pub header: Header,
    /// The unit a `单位` row declared, and where: (unit, line, 1-based field).
    pub unit: Option<(AmountUnit, u64, usize)>,
}

/// Why a table has no usable header.
#[derive(Debug)]
pub enum StartError {
    /// Nothing but title rows, or nothing at all.
    NoHeader {
        titles: usize,
    },
    Read(ReadError),
    /// A problem at (line, 1-based field): a merged header cell, two
    /// units that disagree.
    At {
        line: u64,
        column: Option<usize>,
        message: String,
    },
    /// The header row does not match the kind: (0-based position, message).
    Header {
        line: u64,
        problems: Vec<(Option<usize>, String)>,
    },
}

/// Reads `source` up to and including its header.
pub fn find_start(
    source: &mut dyn RowSource,
    kind: &Kind,
    ignored: &[String],
) -> Result<Start, StartError> {
    let mut unit: Option<(AmountUnit, u64, usize)> = None;
    let mut titles = 0;
    loop {
        let row = match source.next_row() {
            Ok(Some(row)) => row,
            Ok(None) => return Err(StartError::NoHeader { titles }),
            Err(e) => return Err(StartError::Read(e)),
        };
        let title = (titles < MAX_TITLE_ROWS)
            .then(|| title_row(&row, kind, ignored))
            .flatten();
        let Some(declared) = title else {
            if let Some((position, extent)) = &row.merged {
                return Err(StartError::At {
                    line: row.line,
                    column: Some(position + 1),
                    message: merged_message(extent),
                });
            }
            return match Header::match_columns(kind, &row.fields, ignored) {
                Ok(header) => Ok(Start { row, header, unit }),
                Err(problems) => Err(StartError::Header {
                    line: row.line,
                    problems,
                }),
            };
        };
        titles += 1;
        if let Some((declared, position)) = declared {
            if let Some((first, line, _)) = unit {
                if first != declared {
                    return Err(StartError::At {
                        line: row.line,
                        column: Some(position + 1),
                        message: format!(
                            "this row declares the unit {} but line {line} declared {}; a file has one unit",
                            declared.label(),
                            first.label()
                        ),
                    });
                }
            }
            unit = Some((declared, row.line, position + 1));
        }
    }
}

/// `Some` when `row` is a title row, with the unit it declares (and the
/// field that declares it).
fn title_row(row: &Row, kind: &Kind, ignored: &[String]) -> Option<Option<(AmountUnit, usize)>> {
    let mut filled = 0;
    let mut unit = None;
    let mut separated = false;
    for (position, cell) in row.fields.iter().enumerate() {
        let normalized = value::normalize(cell);
        if normalized.is_empty() {
            continue;
        }
        separated |= cell.contains(SEPARATORS);
        let folded = value::fold_for_matching(&normalized);
        if Header::names_a_column(kind, &folded, ignored) {
            return None;
        }
        filled += 1;
        if unit.is_none() {
            unit = value::unit_declaration(&normalized).map(|u| (u, position));
        }
    }
    // A lone cell holding a separator is a whole row of a file split at
    // the wrong character (`a;b;c` in a .csv): its header, not a title.
    (unit.is_some() || (filled <= 1 && !separated)).then_some(unit)
}

/// The separators of delimited files, which a title does not contain.
const SEPARATORS: [char; 4] = [',', ';', '\t', '|'];

/// A merged region in the header or the data: only its first cell holds
/// the value, so the others would silently read as empty.
pub fn merged_message(extent: &str) -> String {
    format!("the cells {extent} are merged; in a contract sheet every cell holds its own value: unmerge them and fill in each cell")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::kinds::THREE_PUBLIC;

    fn row(cells: &[&str]) -> Row {
        Row {
            line: 1,
            fields: cells.iter().map(|c| c.to_string()).collect(),
            merged: None,
        }
    }

    fn title(cells: &[&str]) -> Option<Option<AmountUnit>> {
        title_row(&row(cells), &THREE_PUBLIC, &["备注".to_string()])
            .map(|unit| unit.map(|(u, _)| u))
    }

    #[test]
    fn title_rows_are_single_cells_blank_rows_and_unit_rows() {
        assert_eq!(title(&["2021年“三公”经费支出决算表", "", ""]), Some(None));
        assert_eq!(title(&["", "", ""]), Some(None));
        assert_eq!(title(&[]), Some(None));
        assert_eq!(title(&["", "", "单位：万元"]), Some(Some(AmountUnit::Wan)));
        assert_eq!(
            title(&["编制单位：某局", "", "单位：元"]),
            Some(Some(AmountUnit::Yuan))
        );
        assert_eq!(title(&["公开08表"]), Some(None));
    }

    #[test]
    fn headers_and_data_rows_are_never_title_rows() {
        // A header, even one that names a single column.
        assert_eq!(title(&["year", "department", "category"]), None);
        assert_eq!(title(&["项目", "", ""]), None);
        assert_eq!(title(&["备注"]), None);
        // A row of values: two or more cells and no unit.
        assert_eq!(title(&["2021", "某局", "reception", "1.5"]), None);
        assert_eq!(title(&["编制单位：某局", "2021年"]), None);
        // A row with a unit cell that also names a column is a header.
        assert_eq!(title(&["year", "单位：万元"]), None);
        // A row of a file split at the wrong separator is its header.
        assert_eq!(title(&["year;department;category"]), None);
        assert_eq!(title(&["2021\t某局\treception"]), None);
        assert_eq!(title(&["2021年部门决算，三公经费"]), Some(None));
    }
}

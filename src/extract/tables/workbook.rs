//! A workbook's sheets as pages (calamine: .xlsx, .xlsm, .xls, .ods): each
//! non-empty cell is a piece whose box is its column and row, a merged
//! cell a box over every column and row it covers, so the recogniser
//! reads a sheet as it reads a PDF page. One table a sheet: a sheet whose
//! first rows print no title but whose name is one (`收入决算表`,
//! `公开02表`) gets that title as its first line.

use calamine::Data;

use super::catalogue;
use super::layout::{Line, Page, Piece, Place};
use crate::extract::model::TableId;
use crate::io::workbook::Workbook;

/// The sheets of a workbook, or why it cannot be read. It is opened and
/// read through [`Workbook`], as `import` reads one, so a damaged file is
/// refused, never a panic.
pub fn pages(bytes: Vec<u8>) -> Result<Vec<Page>, String> {
    let xls_first = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let mut book = Workbook::from_bytes(bytes.into(), xls_first).map_err(|e| e.message)?;
    let names = book.sheet_names().map_err(|e| e.message)?;
    let mut pages = Vec::with_capacity(names.len());
    for name in names {
        let range = book
            .range(&name)
            .map_err(|e| format!("sheet {name}: {}", e.message))?;
        let merged = book
            .merges(&name)
            .map_err(|e| format!("sheet {name}: {}", e.message))?;
        let mut pieces = Vec::new();
        for (row, col, data) in range.used_cells() {
            let Some(text) = text_of(data) else {
                continue;
            };
            let (row, col) = (
                range.start().map_or(0, |s| s.0) + row as u32,
                range.start().map_or(0, |s| s.1) + col as u32,
            );
            let (end_row, end_col) = merged
                .iter()
                .find(|m| m.start == (row, col))
                .map_or((row, col), |m| m.end);
            pieces.push(Piece {
                text,
                x0: f64::from(col),
                x1: f64::from(end_col) + 1.0,
                y0: f64::from(row),
                y1: f64::from(end_row) + 1.0,
                cell: Some(reference(row, col)),
            });
        }
        let mut page = Page::new(Place::Sheet(name.clone()), pieces);
        title_from_name(&mut page, &name);
        pages.push(page);
    }
    Ok(pages)
}

/// A cell's text: numbers as the shortest decimal of at most six places
/// (a workbook stores 17.70 as the binary 17.7; six places of 万元 is 1 分).
fn text_of(data: &Data) -> Option<String> {
    let text = match data {
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.is_finite() => {
            let fixed = format!("{f:.6}");
            let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
            if trimmed == "-0" {
                "0".to_string()
            } else {
                trimmed.to_string()
            }
        }
        _ => return None,
    };
    (!text.trim().is_empty()).then_some(text)
}

/// `B12` for row 11, column 1 (both from 0).
pub fn reference(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

/// `公开01表` … `公开09表`: the national numbering of the nine tables.
fn numbered(name: &str) -> Option<TableId> {
    let folded = catalogue::fold(name);
    let digits: String = folded
        .strip_prefix("公开")?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let n: usize = digits.parse().ok()?;
    TableId::ALL.get(n.checked_sub(1)?).copied()
}

fn title_from_name(page: &mut Page, name: &str) {
    let has_title = page
        .lines
        .iter()
        .take(6)
        .any(|l| catalogue::title(&l.text()).is_some());
    if has_title {
        return;
    }
    let title = catalogue::title(name)
        .map(|s| s.id)
        .or_else(|| numbered(name));
    if let Some(id) = title {
        let top = page.lines.first().map_or(0.0, Line::top);
        page.lines.insert(
            0,
            Line {
                pieces: vec![Piece {
                    text: id.title().to_string(),
                    x0: 0.0,
                    x1: 1.0,
                    y0: top - 1.0,
                    y1: top,
                    cell: Some(name.to_string()),
                }],
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_count_columns_as_a_spreadsheet_does() {
        assert_eq!(reference(11, 1), "B12");
        assert_eq!(reference(0, 25), "Z1");
        assert_eq!(reference(0, 26), "AA1");
        assert_eq!(reference(2, 27), "AB3");
    }

    #[test]
    fn numbers_read_as_their_shortest_decimals() {
        assert_eq!(text_of(&Data::Float(17.7)).as_deref(), Some("17.7"));
        assert_eq!(text_of(&Data::Float(0.1 + 0.2)).as_deref(), Some("0.3"));
        assert_eq!(text_of(&Data::Float(201.0)).as_deref(), Some("201"));
        assert_eq!(text_of(&Data::Float(-0.0)).as_deref(), Some("0"));
        assert_eq!(text_of(&Data::Empty), None);
    }

    #[test]
    fn sheet_names_of_the_national_numbering() {
        assert_eq!(numbered("公开01表"), Some(TableId::Overview));
        assert_eq!(numbered("公开09表"), Some(TableId::StateCapital));
        assert_eq!(numbered("公开10表"), None);
        assert_eq!(numbered("Sheet1"), None);
    }

    #[test]
    fn what_is_not_a_workbook_is_refused_with_a_reason() {
        let why = pages(b"PK\x03\x04not really a zip".to_vec()).unwrap_err();
        assert!(
            why.contains("zip archive but not an Excel workbook"),
            "{why}"
        );
        let why = pages(b"hello".to_vec()).unwrap_err();
        assert!(
            why.contains("cannot read the file as an Excel workbook"),
            "{why}"
        );
    }
}

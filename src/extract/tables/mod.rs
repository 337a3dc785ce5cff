//! The standard-table reader: a report's 收入支出决算总表 … 国有资本经营预算
//! 财政拨款收入支出决算表 → [`StandardTable`]s in the model.
//!
//! Two layout sources, one recogniser:
//! - [`pdf`]: a PDF's words with their boxes (`pdftotext -bbox`), and
//!   [`workbook`]: a workbook's cells, one table a sheet, merged cells as
//!   wide boxes; both give [`layout::Page`]s of lines of boxed pieces;
//! - the recogniser: [`catalogue`] (titles, header and line names as
//!   data), [`find`] (where each table is, across pages, its unit and
//!   header band), [`header`] (the header band → columns), [`body`] (the
//!   lines → codes, labels and amounts by column).
//!
//! It imports only the extract model, `crate::model` and
//! `crate::io::workbook` (which opens every workbook, guarded).

pub mod assets;
pub mod body;
pub mod catalogue;
pub mod find;
pub mod header;
pub mod layout;
pub mod pdf;
pub mod workbook;

use crate::extract::model::StandardTable;

/// What was read, and what stops the tables being trusted.
#[derive(Debug, Default)]
pub struct Read {
    pub tables: Vec<StandardTable>,
    /// Complete messages (`FILE p.7 支出决算表: …`): extract writes nothing
    /// when there are any.
    pub errors: Vec<String>,
}

/// The standard tables of a PDF, from `pdftotext -bbox` output.
pub fn from_pdf(file: &str, bbox_html: &str) -> Result<Read, String> {
    let pages = pdf::pages(bbox_html);
    if pages.is_empty() {
        return Err(format!("{file}: pdftotext found no page in it"));
    }
    if pdf::has_no_text(&pages) {
        return Err(format!(
            "{file}: its {} page(s) have no text layer (a scan, or pages printed as images); \
             extract reads text, so run OCR first (e.g. ocrmypdf) or use the published workbook",
            pages.len()
        ));
    }
    Ok(find::recognise(file, &pages))
}

/// The standard tables of a workbook, one a sheet, and its cells' text
/// line by line (for the narrative reader: who and when).
pub fn from_workbook(file: &str, bytes: Vec<u8>) -> Result<(Read, String), String> {
    let pages = workbook::pages(bytes).map_err(|why| format!("{file}: {why}"))?;
    let text: String = pages
        .iter()
        .flat_map(|p| p.lines.iter())
        .map(|l| {
            let mut t: String = l
                .pieces
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            t.push('\n');
            t
        })
        .collect();
    let read = find::recognise(file, &pages);
    if read.tables.is_empty() && read.errors.is_empty() {
        return Err(format!(
            "{file}: no sheet holds a standard table (looked for titles such as 收入支出决算总表 or 支出决算表 in the first rows and in the sheet names)"
        ));
    }
    Ok((read, text))
}

#[cfg(test)]
mod forms_tests;
#[cfg(test)]
mod tests;

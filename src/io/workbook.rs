//! Reading `.xlsx` and `.xls` workbooks (calamine): the sheets a workbook
//! holds, and one sheet's rows as text cells for the importer.
//!
//! Cells become the text a user would type, so every value goes through
//! the one value parser exactly as a CSV field does. A number cell is an
//! IEEE double: it is written in its shortest form that reads back as the
//! same double (`1234.56`, never `1234.5599999999999`), or, when that needs
//! more than the 15 significant digits Excel itself keeps, rounded to 15
//! (a formula's `1234.5600000000002` is the `1234.56` Excel shows). Money
//! is then parsed from that text as an exact decimal; it is never kept as
//! a float. Cells that hold no typed value (errors such as `#DIV/0!`,
//! dates, TRUE/FALSE) are errors at their cell.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Dimensions, Range, Reader, Sheets};
use sha2::{Digest, Sha256};

use crate::io::reader::{ReadError, Row};
use crate::io::rows::RowSource;
use crate::io::sandbox::{self, Trial};

/// Runs a calamine call, turning a panic into an error. calamine can
/// panic on a damaged file (a truncated `.xls` stream indexes past its
/// end); budgetdb must not, on any input. The panic is not printed: the
/// error that replaces it names the file.
fn guarded<T>(what: &str, call: impl FnOnce() -> T) -> Result<T, ReadError> {
    use std::cell::Cell;
    use std::panic::{self, AssertUnwindSafe};
    thread_local! {
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(call));
    QUIET.with(|q| q.set(false));
    result.map_err(|_| {
        whole(format!(
            "cannot read the {what}: the workbook is damaged; save it again from Excel or LibreOffice as .xlsx"
        ))
    })
}

/// Digits of precision Excel keeps and shows.
const EXCEL_DIGITS: usize = 15;

/// The extensions read as workbooks.
const EXTENSIONS: [&str; 2] = ["xlsx", "xls"];

/// True for a path with a workbook extension.
pub fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

type Bytes = Cursor<Arc<[u8]>>;

/// An open workbook and the hash of its bytes.
pub struct Workbook {
    sheets: Sheets<Bytes>,
    sha256: String,
    size: u64,
    format: &'static str,
    /// An `.ods`'s merged regions by sheet, read from its content.xml.
    ods_merges: HashMap<String, Vec<Dimensions>>,
}

/// A sheet of a workbook: its name and whether it holds any value.
#[derive(Debug)]
pub struct SheetInfo {
    pub name: String,
    pub empty: bool,
}

fn whole(message: String) -> ReadError {
    ReadError {
        line: None,
        column: None,
        message,
    }
}

impl Workbook {
    /// Opens `path`, by its extension first; a file whose extension lies
    /// (an `.xlsx` saved as `.xls`, common on government sites) is read by
    /// what its bytes are.
    pub fn open(path: &Path) -> Result<Workbook, ReadError> {
        let bytes: Arc<[u8]> = std::fs::read(path)
            .map_err(|e| whole(format!("cannot open: {e}")))?
            .into();
        let xls = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xls"));
        Workbook::from_bytes(bytes, xls)
    }

    /// A workbook from its bytes (a file or standard input): `.xlsx`
    /// first, or `.xls` first when `xls`, then the other, then `.ods`.
    /// Every reader of workbooks opens them here, so none of them can be
    /// brought down by a damaged file: a panic is caught, and a workbook
    /// that would take more memory than any real one is tried in a child
    /// process first ([`sandbox`]) and refused when it kills the child.
    pub fn from_bytes(bytes: Arc<[u8]>, xls: bool) -> Result<Workbook, ReadError> {
        let first: &[&str] = if xls { &["--xls"] } else { &[] };
        if sandbox::trial(first, &bytes) == Trial::Killed {
            return Err(whole(format!(
                "cannot read the workbook: reading it takes more than {} GiB of memory, so it is damaged or holds a value far outside its tables (a stray cell in a sheet's last row or column); delete that cell, or save the workbook again from Excel or LibreOffice as .xlsx",
                sandbox::MEMORY_CAP >> 30
            )));
        }
        Workbook::in_process(bytes, xls)
    }

    /// What the child of [`sandbox::trial`] runs: reads a workbook from
    /// standard input with every sheet and its merged cells, as any reader
    /// of it may, and ends normally whatever it found (its errors are the
    /// parent's to report). Only a read that needs more memory than the
    /// cap, or another abort, ends it otherwise.
    pub fn probe(xls: bool) {
        let mut bytes = Vec::new();
        if std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).is_err() {
            return;
        }
        let Ok(mut book) = Workbook::in_process(bytes.into(), xls) else {
            return;
        };
        for name in book.sheet_names().unwrap_or_default() {
            let _ = book.range(&name);
            let _ = book.merges(&name);
        }
    }

    fn in_process(bytes: Arc<[u8]>, xls: bool) -> Result<Workbook, ReadError> {
        let sha256 = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let size = bytes.len() as u64;
        let as_xlsx = || {
            calamine::open_workbook_from_rs(Cursor::new(Arc::clone(&bytes)))
                .map(Sheets::Xlsx)
                .map_err(|e: calamine::XlsxError| e.to_string())
        };
        let as_xls = || {
            calamine::open_workbook_from_rs(Cursor::new(Arc::clone(&bytes)))
                .map(Sheets::Xls)
                .map_err(|e: calamine::XlsError| e.to_string())
        };
        let as_ods = || {
            calamine::open_workbook_from_rs(Cursor::new(Arc::clone(&bytes)))
                .map(Sheets::Ods)
                .map_err(|e: calamine::OdsError| e.to_string())
        };
        let opened: Result<Sheets<Bytes>, String> = guarded("workbook", || {
            let first = if xls { as_xls() } else { as_xlsx() };
            first
                .or_else(|why| if xls { as_xlsx() } else { as_xls() }.map_err(|_| why))
                .or_else(|why| as_ods().map_err(|_| why))
        })?;
        let sheets = opened.map_err(|error| whole(not_a_workbook(&bytes, xls, &error)))?;
        let format = match sheets {
            Sheets::Xls(_) => "xls",
            Sheets::Ods(_) => "ods",
            _ => "xlsx",
        };
        let ods_merges = match sheets {
            Sheets::Ods(_) => guarded("workbook", || ods_merges(&bytes))?,
            _ => HashMap::new(),
        };
        Ok(Workbook {
            sheets,
            sha256,
            size,
            format,
            ods_merges,
        })
    }

    /// The names of its sheets, in workbook order.
    pub fn sheet_names(&mut self) -> Result<Vec<String>, ReadError> {
        guarded("workbook", || self.sheets.sheet_names())
    }

    /// The sheets in workbook order.
    pub fn sheets(&mut self) -> Result<Vec<SheetInfo>, ReadError> {
        let names = self.sheet_names()?;
        let mut sheets = Vec::with_capacity(names.len());
        for name in names {
            let range = self.range(&name)?;
            sheets.push(SheetInfo {
                empty: range.used_cells().all(|(_, _, cell)| is_blank(cell)),
                name,
            });
        }
        Ok(sheets)
    }

    /// A sheet's cells.
    pub fn range(&mut self, name: &str) -> Result<Range<Data>, ReadError> {
        guarded(&format!("sheet \"{name}\""), || {
            self.sheets.worksheet_range(name)
        })?
        .map_err(|e| whole(format!("cannot read sheet \"{name}\": {e}")))
    }

    /// The merged regions of a sheet (formats without them: none).
    pub fn merges(&mut self, name: &str) -> Result<Vec<Dimensions>, ReadError> {
        guarded(&format!("sheet \"{name}\""), || match &mut self.sheets {
            Sheets::Xlsx(book) => book.merge_cells_by_sheet_name(name).unwrap_or_default(),
            Sheets::Xls(book) => book.merge_cells_by_sheet_name(name).unwrap_or_default(),
            Sheets::Ods(_) => self.ods_merges.get(name).cloned().unwrap_or_default(),
            _ => Vec::new(),
        })
    }
}

/// The most of an `.ods`'s content.xml read for its merges, decompressed:
/// calamine has read the whole of it already, this only bounds a second
/// pass over a hostile archive.
const ODS_CONTENT_LIMIT: u64 = 256 << 20;

/// The most merged regions kept of one workbook.
const ODS_MERGES_LIMIT: usize = 1 << 16;

/// The merged regions of each sheet of an `.ods`: calamine reads none
/// from OpenDocument, whose merged cell is a `table:table-cell` with
/// `table:number-columns-spanned` / `table:number-rows-spanned`, followed
/// by the `table:covered-table-cell`s it hides. Rows and columns are
/// counted with their `number-…-repeated`, as calamine counts them, so the
/// regions are in the coordinates of its ranges. What cannot be read (no
/// content.xml, broken XML) ends the reading with what was read before:
/// merges only place header texts, and calamine has already refused a
/// workbook it cannot read.
fn ods_merges(bytes: &[u8]) -> HashMap<String, Vec<Dimensions>> {
    use quick_xml::events::{BytesStart, Event};
    use std::io::Read;
    fn number(e: &BytesStart, name: &str) -> u32 {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse().ok())
            .filter(|n| *n >= 1)
            .unwrap_or(1)
    }
    let mut out: HashMap<String, Vec<Dimensions>> = HashMap::new();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return out;
    };
    let mut reader =
        quick_xml::Reader::from_reader(std::io::BufReader::new(content.take(ODS_CONTENT_LIMIT)));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut sheet: Option<String> = None;
    let (mut row, mut col, mut rows_repeated) = (0u32, 0u32, 1u32);
    let mut kept = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                "table:table" => {
                    sheet = e
                        .try_get_attribute("table:name")
                        .ok()
                        .flatten()
                        .and_then(|a| {
                            Some(quick_xml::escape::unescape(&a.value).ok()?.into_owned())
                        });
                    row = 0;
                }
                "table:table-row" => {
                    col = 0;
                    rows_repeated = number(&e, "table:number-rows-repeated");
                }
                name @ ("table:table-cell" | "table:covered-table-cell") => {
                    let across = number(&e, "table:number-columns-spanned");
                    let down = number(&e, "table:number-rows-spanned");
                    let spans = name == "table:table-cell" && (across > 1 || down > 1);
                    if let (true, Some(sheet)) = (spans && kept < ODS_MERGES_LIMIT, &sheet) {
                        out.entry(sheet.clone()).or_default().push(Dimensions {
                            start: (row, col),
                            end: (row.saturating_add(down - 1), col.saturating_add(across - 1)),
                        });
                        kept += 1;
                    }
                    col = col.saturating_add(number(&e, "table:number-columns-repeated"));
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.name().as_ref() {
                "table:table-row" => row = row.saturating_add(rows_repeated),
                "table:table" => sheet = None,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
    out
}

/// Why bytes that should be a workbook are not one, and what to do.
fn not_a_workbook(bytes: &[u8], xls: bool, error: &str) -> String {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|at| &bytes[at..])
        .unwrap_or_default();
    let what = if xls { ".xls" } else { ".xlsx" };
    if start.starts_with(b"<") {
        format!("this is not a workbook but a web page (HTML) saved under a {what} name; open it in Excel or LibreOffice and save it as .xlsx")
    } else if start.starts_with(b"PK") {
        format!("this is a zip archive but not an Excel workbook ({error}); save it from Excel or LibreOffice as .xlsx")
    } else {
        format!("cannot read the file as an Excel workbook ({error}); save it from Excel or LibreOffice as .xlsx")
    }
}

fn is_blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// The text of a number cell: the shortest decimal that reads back as the
/// same double, or its 15 significant digits when that is longer.
pub fn number_text(value: f64) -> String {
    let shortest = value.to_string();
    let digits = shortest
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&b| b == b'0')
        .count();
    if digits <= EXCEL_DIGITS || !value.is_finite() {
        return shortest;
    }
    format!("{value:.*e}", EXCEL_DIGITS - 1)
        .parse::<f64>()
        .map(|rounded| rounded.to_string())
        .unwrap_or(shortest)
}

/// The column letters of a 0-based column (0 → A, 27 → AB).
pub fn column_letters(mut column: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A cell reference such as `B3` for 0-based (row, column).
pub fn cell_name((row, column): (u32, u32)) -> String {
    format!("{}{}", column_letters(column), row + 1)
}

/// One sheet's rows, from its first used row to its last, between the
/// first and last columns that hold a value.
pub struct SheetRows {
    range: Range<Data>,
    merges: Vec<Dimensions>,
    /// 0-based sheet row and column of the range's first cell.
    origin: (u32, u32),
    /// Columns of the range kept: the used ones.
    columns: std::ops::Range<usize>,
    next: usize,
    sha256: String,
    size: u64,
    format: &'static str,
}

impl SheetRows {
    pub fn open(path: &Path, sheet: &str) -> Result<SheetRows, ReadError> {
        let mut book = Workbook::open(path)?;
        let range = book.range(sheet)?;
        let merges = book.merges(sheet)?;
        let origin = range.start().unwrap_or((0, 0));
        let used = |row: &[Data]| {
            let first = row.iter().position(|c| !is_blank(c))?;
            let last = row.iter().rposition(|c| !is_blank(c))?;
            Some((first, last))
        };
        let (first, last) = range
            .rows()
            .filter_map(used)
            .fold(None, |acc: Option<(usize, usize)>, (f, l)| match acc {
                Some((a, b)) => Some((a.min(f), b.max(l))),
                None => Some((f, l)),
            })
            .unwrap_or((0, 0));
        let columns = if range.width() == 0 {
            0..0
        } else {
            first..last + 1
        };
        Ok(SheetRows {
            origin: (origin.0, origin.1 + columns.start as u32),
            range,
            merges,
            columns,
            next: 0,
            sha256: book.sha256,
            size: book.size,
            format: book.format,
        })
    }

    /// The first merged region starting on 0-based sheet row `row` that
    /// covers a kept cell: its field position and its extent.
    fn merged_on(&self, row: u32) -> Option<(usize, String)> {
        let first = self.origin.1;
        let last = first + self.columns.len() as u32;
        self.merges
            .iter()
            .filter(|m| m.start.0 == row && m.start != m.end)
            .filter(|m| m.end.1 >= first && m.start.1 < last)
            .min_by_key(|m| m.start.1)
            .map(|m| {
                let position = m.start.1.saturating_sub(first) as usize;
                (
                    position,
                    format!("{}:{}", cell_name(m.start), cell_name(m.end)),
                )
            })
    }
}

impl RowSource for SheetRows {
    fn read_row(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        if self.next >= self.range.height() {
            return Ok(false);
        }
        let relative = self.next;
        let sheet_row = self.origin.0 + relative as u32;
        self.next += 1;
        row.line = u64::from(sheet_row) + 1;
        row.fields.resize_with(self.columns.len(), String::new);
        let mut problem = None;
        for (index, field) in row.fields.iter_mut().enumerate() {
            field.clear();
            let cell = self
                .range
                .get((relative, self.columns.start + index))
                .unwrap_or(&Data::Empty);
            match cell_text(cell) {
                Ok(text) => field.push_str(&text),
                Err(message) => {
                    problem.get_or_insert(ReadError {
                        line: Some(row.line),
                        column: Some(index + 1),
                        message: format!(
                            "cell {}: {message}",
                            cell_name((sheet_row, self.origin.1 + index as u32))
                        ),
                    });
                }
            }
        }
        row.merged = self.merged_on(sheet_row);
        match problem {
            Some(error) => Err(error),
            None => Ok(true),
        }
    }

    fn bytes_read(&self) -> u64 {
        let height = self.range.height().max(1) as u64;
        self.size * (self.next as u64).min(height) / height
    }

    fn format(&self) -> &'static str {
        self.format
    }

    fn first_column(&self) -> usize {
        self.origin.1 as usize + 1
    }

    fn finish(self: Box<Self>) -> Result<String, ReadError> {
        Ok(self.sha256)
    }
}

/// The text of a cell as the value parser reads it.
fn cell_text(cell: &Data) -> Result<std::borrow::Cow<'_, str>, String> {
    use std::borrow::Cow;
    match cell {
        Data::Empty => Ok(Cow::Borrowed("")),
        Data::String(text) => Ok(Cow::Borrowed(text)),
        Data::Int(value) => Ok(Cow::Owned(value.to_string())),
        Data::Float(value) => Ok(Cow::Owned(number_text(*value))),
        Data::Error(error) => Err(format!(
            "the cell holds the error {error}; correct the formula or type the value"
        )),
        Data::Bool(value) => Err(format!(
            "the cell holds the logical value {}; expected a number or text",
            if *value { "TRUE" } else { "FALSE" }
        )),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => Err(
            "the cell holds a date or time; contract files have no dates: format the cell as a number or as text and type the value".to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An .ods archive holding `content` as its content.xml.
    fn ods(content: &str) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        zip.start_file("META-INF/manifest.xml", stored).unwrap();
        zip.write_all(br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
            .unwrap();
        zip.start_file("content.xml", stored).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    const SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:office-value="x"><office:body><office:spreadsheet>
<table:table table:name="三公&amp;表">
<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="2" office:value-type="string"><text:p>决算数</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
<table:table-row><table:covered-table-cell table:number-columns-repeated="5"/></table:table-row>
</table:table>
<table:table table:name="Other"><table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;

    #[test]
    fn merged_cells_of_an_ods_are_read_from_its_content() {
        let bytes = ods(SHEET);
        let merges = ods_merges(&bytes);
        let regions: Vec<_> = merges["三公&表"].iter().map(|m| (m.start, m.end)).collect();
        // Two repeated rows above, two repeated columns to the left.
        assert_eq!(regions, [((2, 2), (3, 4))]);
        assert!(!merges.contains_key("Other"));
        // Through the opener, in calamine's coordinates: the spanned cell is
        // where calamine puts its text.
        let mut book = Workbook::from_bytes(bytes.into(), false).unwrap();
        assert_eq!(book.format, "ods");
        let range = book.range("三公&表").unwrap();
        let start = range.start().unwrap();
        let (row, col, _) = range
            .used_cells()
            .find(|(_, _, c)| matches!(c, Data::String(s) if s == "决算数"))
            .unwrap();
        assert_eq!((start.0 + row as u32, start.1 + col as u32), (2, 2));
        let merged = book.merges("三公&表").unwrap();
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].end, (3, 4));
    }

    #[test]
    fn a_damaged_ods_content_gives_what_was_read_and_no_panic() {
        let cut = &SHEET[..SHEET
            .find("<table:covered-table-cell table:number-columns-repeated=\"5\"")
            .unwrap()];
        assert_eq!(ods_merges(&ods(cut))["三公&表"].len(), 1);
        for content in [
            "",
            "<",
            "not xml at all \u{0}\u{ff}",
            r#"<table:table table:name="a"><table:table-row table:number-rows-repeated="4294967295"><table:table-cell table:number-columns-spanned="4294967295" table:number-rows-spanned="-3"/></table:table-row><table:table-row><table:table-cell table:number-columns-spanned="2"/></table:table-row></table:table>"#,
        ] {
            let merges = ods_merges(&ods(content));
            for m in merges.values().flatten() {
                assert!(
                    m.start.0 <= m.end.0 && m.start.1 <= m.end.1,
                    "{content}: {m:?}"
                );
            }
        }
        assert!(ods_merges(b"PK\x03\x04 not a zip").is_empty());
        assert!(ods_merges(&[]).is_empty());
    }

    #[test]
    fn numbers_read_back_as_typed() {
        assert_eq!(number_text(1234.56), "1234.56");
        assert_eq!(number_text(1234.0), "1234");
        assert_eq!(number_text(-3.2), "-3.2");
        assert_eq!(number_text(0.000001), "0.000001");
        assert_eq!(number_text(112409.66), "112409.66");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1234.56 * 3.0 / 3.0 + 2e-13), "1234.56");
        assert_eq!(number_text(123_456_789_012.345_67), "123456789012.346");
        assert_eq!(number_text(1e20), "100000000000000000000");
    }

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(cell_name((2, 1)), "B3");
    }
}

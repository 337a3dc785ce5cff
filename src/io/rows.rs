//! Where an import's records come from: a delimited file or a workbook's
//! sheet, behind one interface, so the importer reads both with one
//! mechanism (header matching, cell parsing and every message are the same).

use std::path::PathBuf;

use crate::io::reader::{CsvFile, ReadError, Row};
use crate::io::workbook::SheetRows;

/// The records of one table, in order, each with its location.
pub trait RowSource {
    /// Reads the next record into `row`, reusing its buffers; false at the end.
    fn read_row(&mut self, row: &mut Row) -> Result<bool, ReadError>;

    /// Bytes of the file consumed so far (for progress).
    fn bytes_read(&self) -> u64;

    /// What the import log records as the file's encoding: the text
    /// encoding of a delimited file, the format of a workbook.
    fn format(&self) -> &'static str;

    /// The 1-based column of a row's first field: a sheet's table may
    /// start to the right of column A.
    fn first_column(&self) -> usize {
        1
    }

    /// The file's SHA-256 as hex, once every record is read.
    fn finish(self: Box<Self>) -> Result<String, ReadError>;

    /// The next record, or `None` at the end.
    fn next_row(&mut self) -> Result<Option<Row>, ReadError> {
        let mut row = Row::default();
        Ok(self.read_row(&mut row)?.then_some(row))
    }
}

impl RowSource for CsvFile {
    fn read_row(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        CsvFile::read_row(self, row)
    }

    fn bytes_read(&self) -> u64 {
        CsvFile::bytes_read(self)
    }

    fn format(&self) -> &'static str {
        self.encoding().name()
    }

    fn finish(self: Box<Self>) -> Result<String, ReadError> {
        CsvFile::finish(*self)
    }
}

/// Where a table's records are read from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// A delimited file (`.csv`, or `.tsv` for tabs).
    File(PathBuf),
    /// One sheet of a workbook.
    Sheet { path: PathBuf, sheet: String },
    /// Standard input (`-` on the command line), read as CSV as it arrives.
    Stdin,
}

/// Opens the records of `origin`: a workbook's sheet, a delimited file,
/// or standard input.
pub fn open(origin: &Origin) -> Result<Box<dyn RowSource>, ReadError> {
    match origin {
        Origin::Sheet { path, sheet } => Ok(Box::new(SheetRows::open(path, sheet)?)),
        Origin::File(path) => Ok(Box::new(CsvFile::open(path)?)),
        Origin::Stdin => Ok(Box::new(CsvFile::stdin()?)),
    }
}

//! Reading one import file: delimiter, encoding, records, and its SHA-256.
//!
//! Files are streamed, never held whole in memory. The CSV parser works on
//! raw bytes: in both UTF-8 and GB18030 every byte of a multi-byte character
//! is outside the ASCII range the delimiters, quotes and line ends use
//! (GB18030 trail bytes are 0x30–0x39 and 0x40–0xFE), so fields split
//! correctly before decoding. Each field is then decoded strictly, so a bad
//! byte is reported at its line and column instead of becoming U+FFFD.
//!
//! Line numbers are counted here, not by the CSV parser: it counts only `\n`
//! and dates a record from where the previous one ended, so `\r\n` files
//! (Excel on Windows) and blank lines would shift every line reported.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use sha2::{Digest, Sha256};

/// Bytes looked at to tell UTF-8 from GB18030.
const SNIFF_LEN: usize = 64 * 1024;

/// Longest field accepted, in bytes. The longest real cell, a paragraph of a
/// report quoted in `claims.text`, is a few kilobytes; a field this long is
/// almost always a quote that was never closed swallowing the file.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

/// The text encoding of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GB18030",
        }
    }

    /// Appends `bytes` decoded to `out`; false if they are not valid.
    fn decode_into(self, bytes: &[u8], out: &mut String) -> bool {
        match self {
            Encoding::Utf8 => match std::str::from_utf8(bytes) {
                Ok(text) => {
                    out.push_str(text);
                    true
                }
                Err(_) => false,
            },
            Encoding::Gb18030 => match self.decode(bytes) {
                Some(text) => {
                    out.push_str(&text);
                    true
                }
                None => false,
            },
        }
    }

    fn decode(self, bytes: &[u8]) -> Option<String> {
        match self {
            Encoding::Utf8 => std::str::from_utf8(bytes).ok().map(str::to_string),
            // WHATWG's GB18030 decoder reads a lone 0x80 as "€" (a Windows
            // code page 936 extension); GB18030 itself has no such byte, and
            // in practice it is a stray byte of a broken UTF-8 file.
            Encoding::Gb18030 if has_gb18030_lead_0x80(bytes) => None,
            Encoding::Gb18030 => encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|text| text.into_owned()),
        }
    }
}

/// True when a 0x80 byte stands where a GB18030 character starts. Trail
/// bytes may be 0x80, so the walk follows GB18030's structure: ASCII is one
/// byte, a lead byte starts two bytes, or four when the second is a digit.
fn has_gb18030_lead_0x80(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        i += match byte {
            0x00..=0x7F => 1,
            0x80 => return true,
            _ if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => 4,
            _ => 2,
        };
    }
    false
}

/// Updates a SHA-256 with every byte read through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

type Source = io::Chain<io::Cursor<Vec<u8>>, Hashing<Box<dyn Read>>>;

/// Offsets of the line breaks in the stream the parser reads, and where a
/// quoted field was left open.
#[derive(Debug, Default)]
struct LineBreaks {
    /// Offsets of the breaks not yet passed, in increasing order.
    pending: VecDeque<u64>,
    /// Breaks before the first pending one.
    passed: u64,
    quotes: QuoteTracker,
}

/// Follows the quoting of the stream as the CSV parser does (RFC 4180:
/// a field that starts with `"` is quoted, `""` inside it is one quote),
/// to catch what the parser accepts silently: a quoted field still open at
/// the end of the file, which has swallowed every line after its start,
/// and text after a closing quote (`"12"3`, which it would read as `123`).
#[derive(Debug, Default)]
struct QuoteTracker {
    state: QuoteState,
    /// Line breaks seen so far.
    lines: u64,
    /// 0-based position of the current field in its record.
    field: usize,
    /// Where the quoted field being read began: (line, 1-based column).
    opened: Option<(u64, usize)>,
    /// Quoted fields with text after their closing quote, not yet
    /// reported: where each opened (line, column) and the line it closed on.
    strays: VecDeque<(u64, usize, u64)>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum QuoteState {
    #[default]
    FieldStart,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted field: its end, or the first half of `""`.
    QuoteInQuoted,
    /// Spaces after the closing quote, before the separator.
    AfterQuoted,
}

impl QuoteTracker {
    /// Takes one byte of the stream (line breaks already folded to `\n`).
    fn feed(&mut self, byte: u8, delimiter: u8) {
        use QuoteState::*;
        let ends_field = byte == delimiter || byte == b'\n';
        self.state = match (self.state, byte) {
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => Quoted,
            (QuoteInQuoted, b'"') => Quoted,
            (QuoteInQuoted | AfterQuoted, b' ' | b'\t') if !ends_field => AfterQuoted,
            (QuoteInQuoted | AfterQuoted, _) if !ends_field => {
                if let Some((line, column)) = self.opened {
                    self.strays.push_back((line, column, self.lines + 1));
                }
                Unquoted
            }
            (FieldStart, b'"') => {
                self.opened = Some((self.lines + 1, self.field + 1));
                Quoted
            }
            (_, _) if ends_field => {
                self.field = if byte == b'\n' { 0 } else { self.field + 1 };
                FieldStart
            }
            (_, _) => Unquoted,
        };
        if byte == b'\n' {
            self.lines += 1;
        }
    }

    /// Outside any quoted field, where [`QuoteTracker::feed_unquoted`] may
    /// take over.
    fn outside_quotes(&self) -> bool {
        matches!(self.state, QuoteState::FieldStart | QuoteState::Unquoted)
    }

    /// What [`QuoteTracker::feed`] does byte by byte, for a whole chunk
    /// without quotes or carriage returns while [`outside_quotes`]: only
    /// line and field counting is left, which `memchr` does many bytes at a
    /// time. Nearly every chunk of a plain CSV file takes this way.
    ///
    /// [`outside_quotes`]: QuoteTracker::outside_quotes
    fn feed_unquoted(&mut self, chunk: &[u8], delimiter: u8) {
        let Some(&last) = chunk.last() else { return };
        let fields_after = |bytes: &[u8]| memchr::memchr_iter(delimiter, bytes).count();
        self.lines += memchr::memchr_iter(b'\n', chunk).count() as u64;
        self.field = match memchr::memrchr(b'\n', chunk) {
            Some(at) => fields_after(&chunk[at + 1..]),
            None => self.field + fields_after(chunk),
        };
        self.state = if last == delimiter || last == b'\n' {
            QuoteState::FieldStart
        } else {
            QuoteState::Unquoted
        };
    }

    /// The first quoted field opened on lines `first..=last` with text
    /// after its closing quote: (line, column, line it closed on). Forgets
    /// those opened up to `last`.
    fn stray_in(&mut self, first: u64, last: u64) -> Option<(u64, usize, u64)> {
        let mut found = None;
        while let Some(&(line, column, closed)) = self.strays.front() {
            if line > last {
                break;
            }
            self.strays.pop_front();
            if line >= first && found.is_none() {
                found = Some((line, column, closed));
            }
        }
        found
    }

    /// Where a quoted field began that the end of the stream left open.
    fn unclosed(&self) -> Option<(u64, usize)> {
        (self.state == QuoteState::Quoted)
            .then_some(self.opened)
            .flatten()
    }
}

impl LineBreaks {
    /// The line of a record the parser began reading at `offset`: the
    /// parser skips empty lines before a record, so it starts at the first
    /// byte from `offset` on that is not a line break. Forgets the breaks
    /// before it.
    fn record_line(&mut self, offset: u64) -> u64 {
        let mut start = offset;
        while let Some(&at) = self.pending.front() {
            if at > start {
                break;
            }
            if at == start {
                start += 1;
            }
            self.pending.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

/// Passes bytes on with every line break (`\r\n`, `\r` or `\n`) as one
/// `\n`, noting where each is. CR and LF never occur inside a multi-byte
/// character of UTF-8 or GB18030.
struct LineEnds<R> {
    inner: R,
    delimiter: u8,
    after_cr: bool,
    offset: u64,
    breaks: Rc<RefCell<LineBreaks>>,
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let mut breaks = self.breaks.borrow_mut();
            let chunk = &buf[..n];
            if !self.after_cr
                && breaks.quotes.outside_quotes()
                && memchr::memchr2(b'\r', b'"', chunk).is_none()
            {
                let offset = self.offset;
                breaks
                    .pending
                    .extend(memchr::memchr_iter(b'\n', chunk).map(|at| offset + at as u64));
                breaks.quotes.feed_unquoted(chunk, self.delimiter);
                self.offset += n as u64;
                return Ok(n);
            }
            let mut out = 0;
            for i in 0..n {
                let byte = buf[i];
                let after_cr = std::mem::replace(&mut self.after_cr, byte == b'\r');
                if byte == b'\n' && after_cr {
                    continue; // the second half of a \r\n
                }
                if byte == b'\r' || byte == b'\n' {
                    breaks.pending.push_back(self.offset);
                    buf[out] = b'\n';
                } else {
                    buf[out] = byte;
                }
                breaks.quotes.feed(buf[out], self.delimiter);
                out += 1;
                self.offset += 1;
            }
            if out > 0 {
                return Ok(out);
            }
            // Everything read was the \n of a \r\n; 0 would mean the end.
        }
    }
}

/// An open import file, positioned at its header.
pub struct CsvFile {
    reader: csv::Reader<LineEnds<Source>>,
    breaks: Rc<RefCell<LineBreaks>>,
    /// Known once a non-ASCII byte has been seen; ASCII decodes the same either way.
    encoding: Option<Encoding>,
    record: csv::ByteRecord,
    /// Set once the end of the file has been checked for an open quote.
    at_end: bool,
}

const UNCLOSED_QUOTE: &str = "this field opens a quote (\") that is never closed, so everything after it to the end of the file was read as one field; add the closing quote (a quote inside a quoted field is written \"\")";

/// A problem reading the file, with the line it was found on if known.
#[derive(Debug)]
pub struct ReadError {
    pub line: Option<u64>,
    pub column: Option<usize>,
    pub message: String,
}

impl ReadError {
    fn whole(message: impl Into<String>) -> ReadError {
        ReadError {
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// One data row: its line (a sheet's row number for a workbook) and
/// decoded fields.
#[derive(Debug, Default)]
pub struct Row {
    pub line: u64,
    pub fields: Vec<String>,
    /// A merged region starting on this row (workbooks only): the field
    /// position of its first cell and its extent, such as `A3:A9`.
    pub merged: Option<(usize, String)>,
}

impl CsvFile {
    /// Opens `path`, choosing the delimiter from its extension (tab for
    /// `.tsv`) and the encoding from its first bytes.
    pub fn open(path: &Path) -> Result<CsvFile, ReadError> {
        let file = File::open(path).map_err(|e| ReadError::whole(format!("cannot open: {e}")))?;
        let tsv = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
        CsvFile::from_reader(Box::new(BufReader::new(file)), tsv)
    }

    /// Reads standard input as a comma-separated file, as it arrives: an
    /// import from a pipe holds no more of it in memory than of a file.
    pub fn stdin() -> Result<CsvFile, ReadError> {
        CsvFile::from_reader(Box::new(BufReader::new(io::stdin().lock())), false)
    }

    fn from_reader(inner: Box<dyn Read>, tsv: bool) -> Result<CsvFile, ReadError> {
        let mut hashing = Hashing {
            inner,
            hasher: Sha256::new(),
        };
        let mut head = Vec::with_capacity(SNIFF_LEN);
        (&mut hashing)
            .take(SNIFF_LEN as u64)
            .read_to_end(&mut head)
            .map_err(|e| ReadError::whole(format!("cannot read: {e}")))?;
        let encoding = sniff(&mut head)?;
        let breaks = Rc::new(RefCell::new(LineBreaks::default()));
        let delimiter = if tsv { b'\t' } else { b',' };
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(LineEnds {
                inner: io::Cursor::new(head).chain(hashing),
                delimiter,
                after_cr: false,
                offset: 0,
                breaks: Rc::clone(&breaks),
            });
        Ok(CsvFile {
            reader,
            breaks,
            encoding,
            record: csv::ByteRecord::new(),
            at_end: false,
        })
    }

    /// The encoding detected so far: UTF-8 until a non-ASCII byte says otherwise.
    pub fn encoding(&self) -> Encoding {
        self.encoding.unwrap_or(Encoding::Utf8)
    }

    /// Bytes of the file the parser has consumed so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The next row, or `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<Row>, ReadError> {
        let mut row = Row::default();
        Ok(self.read_row(&mut row)?.then_some(row))
    }

    /// Reads the next row into `row`, reusing its strings (no allocation
    /// per field once the buffers have grown); false at the end of the file.
    pub fn read_row(&mut self, row: &mut Row) -> Result<bool, ReadError> {
        let offset = self.reader.position().byte();
        let more = self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(|e| {
                let line = e.position().map(|p| p.line());
                ReadError {
                    line,
                    column: None,
                    message: csv_error_message(&e),
                }
            })?;
        if !more {
            if std::mem::replace(&mut self.at_end, true) {
                return Ok(false);
            }
            return match self.breaks.borrow().quotes.unclosed() {
                Some((line, column)) => Err(ReadError {
                    line: Some(line),
                    column: Some(column),
                    message: UNCLOSED_QUOTE.into(),
                }),
                None => Ok(false),
            };
        }
        let line = self.breaks.borrow_mut().record_line(offset);
        let last_line = line
            + self
                .record
                .as_slice()
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
        // A quote opened in this record and still open after every byte
        // read so far swallowed the rest of the file into this record:
        // report it here, before its fields (the header's, say) are read
        // as anything else.
        let unclosed = self.breaks.borrow().quotes.unclosed();
        if let Some((at, column)) = unclosed.filter(|&(at, _)| (line..=last_line).contains(&at)) {
            self.at_end = true;
            return Err(ReadError {
                line: Some(at),
                column: Some(column),
                message: UNCLOSED_QUOTE.into(),
            });
        }
        let stray = self.breaks.borrow_mut().quotes.stray_in(line, last_line);
        if let Some((at, column, closed)) = stray {
            let message = if closed == at {
                "text follows the closing quote of this quoted field; put the whole cell inside the quotes (a quote inside a quoted field is written \"\")".to_string()
            } else {
                format!("the quote that opens this field is closed only on line {closed}, where text follows it; is the closing quote missing here? (a quote inside a quoted field is written \"\")")
            };
            return Err(ReadError {
                line: Some(at),
                column: Some(column),
                message,
            });
        }
        row.line = line;
        row.fields.resize_with(self.record.len(), String::new);
        for (index, bytes) in self.record.iter().enumerate() {
            let column = Some(index + 1);
            if bytes.len() > MAX_FIELD_BYTES {
                return Err(ReadError {
                    line: Some(line),
                    column,
                    message: format!(
                        "the field is {} bytes long; at most {MAX_FIELD_BYTES} are allowed; check for a quote that is never closed",
                        bytes.len()
                    ),
                });
            }
            if bytes.contains(&0) {
                return Err(ReadError {
                    line: Some(line),
                    column,
                    message: "contains a NUL byte; is this a binary or UTF-16 file? Save it as CSV (UTF-8)".into(),
                });
            }
            let Some(field) = row.fields.get_mut(index) else {
                continue;
            };
            field.clear();
            if bytes.is_ascii() {
                // ASCII is valid in both encodings.
                field.push_str(std::str::from_utf8(bytes).unwrap_or_default());
                continue;
            }
            let encoding = match self.encoding {
                Some(encoding) => encoding,
                None => {
                    // Judge the whole row, not just this field: a short
                    // GB18030 field can happen to be valid UTF-8 too.
                    let detected = detect(self.record.as_slice())
                        .or_else(|| detect(bytes))
                        .ok_or_else(|| undecodable(line, column, bytes))?;
                    self.encoding = Some(detected);
                    detected
                }
            };
            if (encoding == Encoding::Gb18030 && utf8_in_gb18030(bytes))
                || !encoding.decode_into(bytes, field)
            {
                return Err(wrong_encoding(line, column, bytes, encoding));
            }
        }
        Ok(true)
    }

    /// Reads to the end and returns the file's SHA-256 as hex.
    pub fn finish(self) -> Result<String, ReadError> {
        let mut source = self.reader.into_inner().inner;
        io::copy(&mut source, &mut io::sink())
            .map_err(|e| ReadError::whole(format!("cannot read: {e}")))?;
        let (_, hashing) = source.into_inner();
        Ok(hashing
            .hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect())
    }
}

/// Decides the encoding from the first bytes, strips a UTF-8 BOM, and
/// refuses encodings the contract does not cover.
fn sniff(head: &mut Vec<u8>) -> Result<Option<Encoding>, ReadError> {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        head.drain(..3);
        return Ok(Some(Encoding::Utf8));
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::whole(
            "the file is UTF-16 (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\" or as CSV in GB18030/GBK",
        ));
    }
    if head.is_ascii() {
        return Ok(None);
    }
    Ok(choose(head, true))
}

/// The encoding of a file's first non-ASCII bytes (`partial`: a sample
/// that may end inside a character). UTF-8 whenever they are valid UTF-8,
/// or mostly UTF-8 with some damage (the damage is then an error at its
/// cell, not a reason to read the whole file as GB18030, where UTF-8
/// Chinese is usually valid too: two bytes at a time, 南昌市 reads as
/// 鍗楁槍甯); GB18030 only when they are not, are valid GB18030, and
/// read as plausible text. `None` when neither fits.
fn choose(bytes: &[u8], partial: bool) -> Option<Encoding> {
    match std::str::from_utf8(bytes) {
        Ok(_) => return Some(Encoding::Utf8),
        Err(e) if partial && e.error_len().is_none() => return Some(Encoding::Utf8),
        Err(_) => {}
    }
    if mostly_utf8(bytes) {
        return Some(Encoding::Utf8);
    }
    if has_gb18030_lead_0x80(bytes) {
        return None;
    }
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() * 2);
    let (result, _) = decoder.decode_to_string_without_replacement(bytes, &mut text, !partial);
    match result {
        encoding_rs::DecoderResult::Malformed(_, _) => None,
        _ => plausible_chinese(&text).then_some(Encoding::Gb18030),
    }
}

/// True when at least half of the non-ASCII bytes belong to well-formed
/// UTF-8 sequences of three or four bytes (Chinese in UTF-8 is three
/// bytes a character). GB18030 text rarely forms them: a few percent.
pub fn mostly_utf8(bytes: &[u8]) -> bool {
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    non_ascii > 0 && utf8_long_sequence_bytes(bytes) * 2 >= non_ascii
}

/// Bytes inside well-formed UTF-8 sequences of three or four bytes.
fn utf8_long_sequence_bytes(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let length = match byte {
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 1,
        };
        let well_formed = length > 1
            && bytes
                .get(i..i + length)
                .is_some_and(|sequence| std::str::from_utf8(sequence).is_ok());
        if well_formed {
            count += length;
            i += length;
        } else {
            i += 1;
        }
    }
    count
}

/// What a Chinese file's text looks like: no control characters but tab
/// and line ends, no private-use characters, and nine in ten non-ASCII
/// characters CJK ideographs or the punctuation and full-width forms
/// printed with them.
fn plausible_chinese(text: &str) -> bool {
    let mut non_ascii = 0usize;
    let mut usual = 0usize;
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r') {
                return false;
            }
            continue;
        }
        non_ascii += 1;
        match u32::from(c) {
            0xE000..=0xF8FF => return false,
            0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0x3000..=0x303F
            | 0xFF00..=0xFFEF
            | 0x2000..=0x206F
            | 0x2100..=0x218F
            | 0x2460..=0x24FF
            | 0x00B7
            | 0x00D7 => usual += 1,
            _ => {}
        }
    }
    usual * 10 >= non_ascii * 9
}

/// The encoding of a field, for a file whose first bytes were all ASCII.
fn detect(bytes: &[u8]) -> Option<Encoding> {
    choose(bytes, false)
}

/// A field of a file read as GB18030 whose bytes are UTF-8 Chinese: valid
/// UTF-8 with at least two characters of three bytes. Genuine GB18030
/// text is almost never valid UTF-8 beyond a character or two, so such a
/// field means the file mixes encodings, and reading it as GB18030 would
/// store mojibake.
fn utf8_in_gb18030(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok() && utf8_long_sequence_bytes(bytes) >= 6
}

/// The error for a field that does not decode in the file's encoding,
/// naming both candidates.
fn wrong_encoding(line: u64, column: Option<usize>, bytes: &[u8], file: Encoding) -> ReadError {
    let (other, fits_other) = match file {
        Encoding::Utf8 => (Encoding::Gb18030, Encoding::Gb18030.decode(bytes).is_some()),
        Encoding::Gb18030 => (Encoding::Utf8, utf8_in_gb18030(bytes)),
    };
    let mut error = undecodable(line, column, bytes);
    error.message = if fits_other {
        format!(
            "line {line} is not {} but {}, and the file began as {}; a file must be in one encoding throughout: save the whole file again as CSV (UTF-8)",
            file.name(),
            other.name(),
            file.name()
        )
    } else {
        format!(
            "line {line} is not {}, the encoding the file began in, nor {}: {}; is the file damaged? Save it again as CSV (UTF-8)",
            file.name(),
            other.name(),
            error.message
        )
    };
    error
}

fn undecodable(line: u64, column: Option<usize>, bytes: &[u8]) -> ReadError {
    let sample: Vec<String> = bytes
        .iter()
        .filter(|b| !b.is_ascii())
        .take(6)
        .map(|b| format!("{b:02X}"))
        .collect();
    ReadError {
        line: Some(line),
        column,
        message: format!(
            "bytes {} are neither UTF-8 nor GB18030; save the file as CSV (UTF-8) or CSV in GB18030/GBK",
            sample.join(" ")
        ),
    }
}

fn csv_error_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Io(e) => format!("cannot read: {e}"),
        _ => format!("malformed CSV: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row's fields, or the error's line, column and message.
    type Read = Result<Vec<String>, (Option<u64>, Option<usize>, String)>;

    /// Every row of `bytes` saved as `name`.
    fn read(name: &str, bytes: &[u8]) -> Vec<Read> {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let mut file = CsvFile::open(&path).expect("opens");
        let mut rows = Vec::new();
        loop {
            match file.next_row() {
                Ok(Some(row)) => rows.push(Ok(row.fields)),
                Ok(None) => break,
                Err(e) => rows.push(Err((e.line, e.column, e.message))),
            }
            assert!(rows.len() < 100, "reading never ends");
        }
        rows
    }

    /// The tracker after `chunks`, fed through the chunk fast path where it
    /// applies, against the same bytes fed one at a time.
    fn tracked(chunks: &[&[u8]]) -> (QuoteTracker, QuoteTracker) {
        let mut chunked = QuoteTracker::default();
        let mut bytewise = QuoteTracker::default();
        for chunk in chunks {
            if chunked.outside_quotes() && !chunk.contains(&b'"') && !chunk.contains(&b'\r') {
                chunked.feed_unquoted(chunk, b',');
            } else {
                chunk.iter().for_each(|&b| chunked.feed(b, b','));
            }
            chunk.iter().for_each(|&b| bytewise.feed(b, b','));
        }
        (chunked, bytewise)
    }

    #[test]
    fn counting_a_chunk_at_once_agrees_with_feeding_it_byte_by_byte() {
        let cases: &[&[&[u8]]] = &[
            &[b"a,b,c\n1,2,3\n"],
            &[b"a,b", b",c\n1", b",2,", b"3"],
            &[b"x,\"q,\n\"", b",y\nz,"],
            &[b"\"q\"\"\",", b"1,2\n,", b"\n\n"],
            &[b"", b",,,", b"\n"],
            &[b"\"open", b" still,\n", b"closed\" ,", b"more\n1,2"],
        ];
        for chunks in cases {
            let (chunked, bytewise) = tracked(chunks);
            assert_eq!(chunked.state, bytewise.state, "{chunks:?}");
            assert_eq!(chunked.lines, bytewise.lines, "{chunks:?}");
            assert_eq!(chunked.field, bytewise.field, "{chunks:?}");
            assert_eq!(chunked.opened, bytewise.opened, "{chunks:?}");
            assert_eq!(chunked.strays, bytewise.strays, "{chunks:?}");
        }
    }

    #[test]
    fn a_lone_0x80_is_refused_but_a_gb18030_trail_byte_0x80_is_not() {
        assert_eq!(Encoding::Gb18030.decode(b"abc\x80"), None);
        assert_eq!(Encoding::Gb18030.decode(b"\x81\x80").as_deref(), Some("亐"));
        let rows = read("a.csv", b"a,b\nabc\x80,1\n");
        let Err((Some(2), Some(1), message)) = &rows[1] else {
            panic!("{rows:?}");
        };
        assert!(
            message.contains("bytes 80 are neither UTF-8 nor GB18030"),
            "{message}"
        );
    }

    #[test]
    fn a_quote_left_open_at_the_end_is_reported_once_where_it_opened() {
        let rows = read("a.csv", b"a,b\n1,2\n3,\"x\n4,5\n");
        // Reported before the record that swallowed the rest is used.
        assert_eq!(rows.len(), 3, "{rows:?}");
        let Err((Some(3), Some(2), message)) = &rows[2] else {
            panic!("{rows:?}");
        };
        assert!(message.contains("never closed"), "{message}");
    }

    #[test]
    fn closed_and_escaped_quotes_and_quotes_inside_unquoted_fields_are_fine() {
        let text = "a,b\n\"x,\"\"y\"\"\",\"multi\r\nline\"\nab\"c,d\"\n\"\",\"\"\"\"\n";
        let rows = read("a.csv", text.as_bytes());
        assert!(rows.iter().all(Result::is_ok), "{rows:?}");
        assert_eq!(
            rows[1],
            Ok(vec!["x,\"y\"".to_string(), "multi\nline".to_string()])
        );
        assert_eq!(rows[3], Ok(vec![String::new(), "\"".to_string()]));
        let tsv = read("a.tsv", b"a\tb\n\"x\ty\"\t\"z\"\n");
        assert!(tsv.iter().all(Result::is_ok), "{tsv:?}");
    }

    #[test]
    fn text_after_a_closing_quote_is_an_error_but_spaces_are_not() {
        let rows = read(
            "a.csv",
            b"a,b\n\"12\"3,x\n\"ok\"  ,\"y\"\t\n1,\"multi\nline\"z\n",
        );
        let Err((Some(2), Some(1), message)) = &rows[1] else {
            panic!("{rows:?}");
        };
        assert!(
            message.contains("text follows the closing quote"),
            "{message}"
        );
        assert_eq!(rows[2], Ok(vec!["ok  ".to_string(), "y\t".to_string()]));
        let Err((Some(4), Some(2), message)) = &rows[3] else {
            panic!("{rows:?}");
        };
        assert!(message.contains("closed only on line 5"), "{message}");
        assert_eq!(rows.len(), 4, "{rows:?}");
    }

    #[test]
    fn a_field_longer_than_the_limit_is_an_error_at_its_cell() {
        let mut bytes = b"a,b\n1,".to_vec();
        bytes.resize(bytes.len() + MAX_FIELD_BYTES + 1, b'x');
        bytes.extend_from_slice(b"\n2,3\n");
        let rows = read("a.csv", &bytes);
        let Err((Some(2), Some(2), message)) = &rows[1] else {
            panic!("{:?}", rows[1].as_ref().map(|_| "ok"));
        };
        assert!(message.contains("at most 65536"), "{message}");
        assert_eq!(rows[2], Ok(vec!["2".to_string(), "3".to_string()]));
    }
}

//! The one output writer: every command that prints rows (query, sql,
//! check) goes through a [`RowWriter`], row by row ([`write()`] for a whole
//! [`Table`]). CSV and JSON are written as the rows come, so a query's
//! memory does not grow with its result; an aligned table and Markdown
//! need every width (and whether a column is all numbers) before their
//! first line, so they keep the rendered text, not the values.
//!
//! Numbers are formatted here, at the edge, and nowhere else. INTEGER
//! values (years, counts) print as they are. REAL values (amounts in 万元,
//! percentages, scores) print one of two ways ([`Numbers`]):
//!
//! - rounded, for reading (`table`, `markdown`, and the saved queries' csv
//!   and json, which the contract promises with two decimals): two
//!   decimals, half away from zero on the decimal value, so 20.625 prints
//!   as 20.63 as a reader doing the sum by hand expects;
//! - exact, for scripts (`sql` and `check` in csv/json/tsv/nl, `query
//!   --exact`): the shortest decimal that reads back as the same double,
//!   with at least two decimals (`1.60`, `0.3333333333333333`). The views
//!   turn integer 分 into 万元 with one division (`fen / 1000000.0`), whose
//!   double is the one nearest the exact decimal; for any amount below
//!   10^9 万元 (15 significant digits) the shortest form *is* that decimal,
//!   so an amount prints to the 分 with no float noise.
//!
//! Exact decimals (check's figures) print as they are in exact mode.

use std::fmt::Write as _;
use std::io::{self, Write};

use rust_decimal::{Decimal, RoundingStrategy};
use unicode_width::UnicodeWidthStr;

/// A cell of a result.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Integer(i64),
    Real(f64),
    /// An exact decimal (check's computed figures): a number, never a float.
    Decimal(Decimal),
    Text(String),
}

impl Cell {
    pub fn as_ref(&self) -> CellRef<'_> {
        match self {
            Cell::Null => CellRef::Null,
            Cell::Integer(i) => CellRef::Integer(*i),
            Cell::Real(r) => CellRef::Real(*r),
            Cell::Decimal(d) => CellRef::Decimal(*d),
            Cell::Text(t) => CellRef::Text(t),
        }
    }
}

/// A cell borrowed from where it lives (a [`Cell`], or SQLite's row while
/// a query steps), so printing a row copies nothing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CellRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Decimal(Decimal),
    Text(&'a str),
    /// A blob, printed as its size.
    Blob(usize),
}

impl CellRef<'_> {
    fn is_number(&self) -> bool {
        matches!(
            self,
            CellRef::Integer(_) | CellRef::Real(_) | CellRef::Decimal(_)
        )
    }

    /// Appends the cell as printed to `text` (nothing for NULL): the
    /// writers render hundreds of thousands of cells into one reused buffer
    /// instead of a string each.
    pub fn render_into(&self, text: &mut String, numbers: Numbers) {
        match self {
            CellRef::Null => {}
            CellRef::Integer(i) => {
                let _ = write!(text, "{i}");
            }
            CellRef::Real(r) => match numbers {
                Numbers::Rounded => two_decimals_into(*r, text),
                Numbers::Exact => shortest_into(*r, text),
            },
            CellRef::Decimal(d) => match numbers {
                Numbers::Rounded => {
                    let mut rounded =
                        d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
                    rounded.rescale(2);
                    if rounded.is_zero() {
                        rounded.set_sign_positive(true);
                    }
                    let _ = write!(text, "{rounded}");
                }
                Numbers::Exact => {
                    let start = text.len();
                    let _ = write!(text, "{}", d.normalize());
                    pad_two_decimals(text, start);
                }
            },
            CellRef::Text(t) => text.push_str(t),
            CellRef::Blob(bytes) => {
                let _ = write!(text, "<{bytes} bytes>");
            }
        }
    }
}

impl From<rusqlite::types::Value> for Cell {
    fn from(value: rusqlite::types::Value) -> Cell {
        use rusqlite::types::Value;
        match value {
            Value::Null => Cell::Null,
            Value::Integer(i) => Cell::Integer(i),
            Value::Real(r) => Cell::Real(r),
            Value::Text(t) => Cell::Text(t),
            Value::Blob(b) => Cell::Text(format!("<{} bytes>", b.len())),
        }
    }
}

/// Appends the shortest decimal that reads back as `value`, with at least
/// two decimals (`1.60`, `0.3333333333333333`); `{}` on a float never
/// writes an exponent.
fn shortest_into(value: f64, text: &mut String) {
    let start = text.len();
    let _ = write!(text, "{value}");
    if value.is_finite() {
        pad_two_decimals(text, start);
    }
}

/// Pads the number written from `start` with zeros to two decimals.
fn pad_two_decimals(text: &mut String, start: usize) {
    let decimals = match text[start..].find('.') {
        Some(dot) => text.len() - start - dot - 1,
        None => {
            text.push('.');
            0
        }
    };
    for _ in decimals..2 {
        text.push('0');
    }
}

/// Appends a float with two decimals to `text`, rounding its shortest
/// decimal form half away from zero.
fn two_decimals_into(value: f64, text: &mut String) {
    let start = text.len();
    // `{}` prints the shortest decimal that reads back as the same float.
    let _ = write!(text, "{value}");
    if !value.is_finite() {
        return;
    }
    if let Some((negative, hundredths)) = rounded_hundredths(&text[start..]) {
        text.truncate(start);
        let sign = if negative && hundredths != 0 { "-" } else { "" };
        let _ = write!(text, "{sign}{}.{:02}", hundredths / 100, hundredths % 100);
        return;
    }
    let shortest = text.split_off(start);
    match shortest
        .parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&format!("{value:e}")))
    {
        Ok(decimal) => {
            let mut rounded =
                decimal.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            rounded.rescale(2);
            if rounded.is_zero() {
                rounded.set_sign_positive(true);
            }
            let _ = write!(text, "{rounded}");
        }
        Err(_) => {
            let _ = write!(text, "{value:.2}");
        }
    }
}

/// A plain decimal such as `-20.625` rounded to hundredths, half away from
/// zero, on its digits: (negative, 2063). What [`two_decimals_into`] would do
/// through `Decimal`, at a fraction of the cost. `None` for anything but
/// `-?digits(.digits)?` of at most 15 whole digits.
fn rounded_hundredths(shortest: &str) -> Option<(bool, u64)> {
    let (negative, unsigned) = match shortest.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, shortest),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 15 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let mut hundredths: u64 = whole.parse().ok()?;
    let mut decimals = fraction.bytes().map(|b| u64::from(b - b'0'));
    for _ in 0..2 {
        hundredths = hundredths * 10 + decimals.next().unwrap_or(0);
    }
    if decimals.next().is_some_and(|d| d >= 5) {
        hundredths += 1;
    }
    Some((negative, hundredths))
}

/// The width of `text` in terminal cells (CJK characters count two).
fn display_width(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.width()
    }
}

/// Column names and rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// How to print a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading in a terminal.
    Table,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// An array of objects.
    Json,
    /// A GitHub-flavoured Markdown table.
    Markdown,
    /// Tab-separated values with a header row.
    Tsv,
    /// Newline-delimited JSON: one object per line.
    Nl,
}

/// How REAL values print in the formats for scripts (csv, json); the
/// formats for reading always round.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Numbers {
    /// Two decimals (the saved queries' promise).
    #[default]
    Rounded,
    /// As stored: the shortest form that reads back as the same value.
    Exact,
}

/// Options that only some formats use.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Start CSV output with a UTF-8 BOM so Excel reads it as UTF-8.
    pub bom: bool,
    /// How csv and json print REAL values.
    pub numbers: Numbers,
    /// Leave out the header row (csv, tsv) and the header lines (table).
    pub no_headers: bool,
}

/// Prints `table` whole.
pub fn write(out: &mut dyn Write, table: &Table, format: Format, style: Style) -> io::Result<()> {
    let mut writer = RowWriter::new(out, format, style, &table.columns)?;
    for row in &table.rows {
        writer.row(row.iter().map(Cell::as_ref))?;
    }
    writer.finish()
}

/// Prints rows in one format as they are handed over: [`RowWriter::new`]
/// with the column names, [`RowWriter::row`] for each row, then
/// [`RowWriter::finish`].
pub struct RowWriter<'w> {
    columns: Vec<String>,
    rows: u64,
    /// Scratch for one rendered cell.
    field: String,
    /// How csv and json print REAL values.
    numbers: Numbers,
    sink: Sink<'w>,
}

/// Where each format's output goes. Output is buffered: a locked stdout is
/// line-buffered, a write per row otherwise.
enum Sink<'w> {
    Csv(csv::Writer<&'w mut dyn Write>),
    /// An array of objects, or (`lines`) one object per line.
    Json {
        out: io::BufWriter<&'w mut dyn Write>,
        lines: bool,
    },
    /// Table and Markdown print once every cell is known.
    Kept {
        out: io::BufWriter<&'w mut dyn Write>,
        kept: Kept,
        markdown: bool,
        headers: bool,
    },
}

const BUFFER_BYTES: usize = 1 << 16;

/// The most rows the table and Markdown formats keep (they align columns
/// over the whole result, so they hold it): beyond it they refuse, instead
/// of holding gigabytes, and point to the streaming formats.
pub const MAX_KEPT_ROWS: usize = 100_000;

/// The most rendered text they keep, for results of few but huge cells.
pub const MAX_KEPT_BYTES: usize = 64 << 20;

impl<'w> RowWriter<'w> {
    /// Starts the output: a CSV header (after the BOM if asked), a JSON `[`.
    pub fn new(
        out: &'w mut dyn Write,
        format: Format,
        style: Style,
        columns: &[String],
    ) -> io::Result<RowWriter<'w>> {
        let buffered = |out| io::BufWriter::with_capacity(BUFFER_BYTES, out);
        let sink = match format {
            Format::Csv | Format::Tsv => {
                if style.bom {
                    out.write_all(b"\xEF\xBB\xBF")?;
                }
                let tsv = format == Format::Tsv;
                let mut csv = csv::WriterBuilder::new()
                    .delimiter(if tsv { b'\t' } else { b',' })
                    .terminator(if tsv {
                        csv::Terminator::Any(b'\n')
                    } else {
                        csv::Terminator::CRLF
                    })
                    .buffer_capacity(BUFFER_BYTES)
                    .from_writer(out);
                if !style.no_headers {
                    csv.write_record(columns).map_err(csv_error)?;
                }
                Sink::Csv(csv)
            }
            Format::Json | Format::Nl => {
                let mut out = buffered(out);
                let lines = format == Format::Nl;
                if !lines {
                    out.write_all(b"[\n")?;
                }
                Sink::Json { out, lines }
            }
            Format::Table | Format::Markdown => Sink::Kept {
                out: buffered(out),
                kept: Kept::default(),
                markdown: format == Format::Markdown,
                headers: !style.no_headers,
            },
        };
        Ok(RowWriter {
            columns: columns.to_vec(),
            rows: 0,
            field: String::new(),
            numbers: style.numbers,
            sink,
        })
    }

    /// One row.
    pub fn row<'c>(&mut self, cells: impl IntoIterator<Item = CellRef<'c>>) -> io::Result<()> {
        self.rows += 1;
        match &mut self.sink {
            Sink::Csv(csv) => {
                for cell in cells {
                    self.field.clear();
                    cell.render_into(&mut self.field, self.numbers);
                    csv.write_field(&self.field).map_err(csv_error)?;
                }
                csv.write_record(None::<&[u8]>).map_err(csv_error)?;
                Ok(())
            }
            Sink::Json { out, lines } => {
                if *lines {
                    json_object(out, &self.columns, cells, &mut self.field, self.numbers)?;
                    return out.write_all(b"\n");
                }
                out.write_all(if self.rows > 1 { b",\n  " } else { b"  " })?;
                json_object(out, &self.columns, cells, &mut self.field, self.numbers)
            }
            Sink::Kept { kept, .. } => {
                if self.rows > MAX_KEPT_ROWS as u64 || kept.text.len() > MAX_KEPT_BYTES {
                    return Err(io::Error::other(format!(
                        "the table format holds at most {MAX_KEPT_ROWS} rows ({} MiB of text) to align them, and this result has more; use --format csv or json, which stream any number of rows, or narrow the statement (a WHERE, a LIMIT)",
                        MAX_KEPT_BYTES >> 20
                    )));
                }
                kept.keep(cells);
                Ok(())
            }
        }
    }

    /// Ends the output (prints everything, for a table or Markdown).
    pub fn finish(self) -> io::Result<()> {
        match self.sink {
            Sink::Csv(mut csv) => csv.flush(),
            Sink::Json { mut out, lines } => {
                if !lines {
                    if self.rows > 0 {
                        out.write_all(b"\n")?;
                    }
                    out.write_all(b"]\n")?;
                }
                out.flush()
            }
            Sink::Kept {
                mut out,
                kept,
                markdown,
                headers,
            } => {
                if markdown {
                    print_markdown(&mut out, &self.columns, &kept)?;
                } else {
                    print_aligned(&mut out, &self.columns, &kept, headers)?;
                }
                out.flush()
            }
        }
    }
}

/// Rendered cells kept for the formats that print only once all are known.
#[derive(Default)]
struct Kept {
    /// The cells' text, one after another.
    text: String,
    /// Per cell: where its text ends and its display width.
    cells: Vec<(usize, usize)>,
    /// Cells per row.
    row_lengths: Vec<usize>,
    widths: Vec<usize>,
    /// Per column: some cell is not NULL / some such cell is not a number.
    any_value: Vec<bool>,
    any_text: Vec<bool>,
}

impl Kept {
    fn keep<'c>(&mut self, cells: impl IntoIterator<Item = CellRef<'c>>) {
        let mut length = 0;
        for (i, cell) in cells.into_iter().enumerate() {
            let start = self.text.len();
            cell.render_into(&mut self.text, Numbers::Rounded);
            let width = display_width(&self.text[start..]);
            if self.widths.len() <= i {
                self.widths.resize(i + 1, 0);
                self.any_value.resize(i + 1, false);
                self.any_text.resize(i + 1, false);
            }
            self.widths[i] = self.widths[i].max(width);
            if cell != CellRef::Null {
                self.any_value[i] = true;
                self.any_text[i] |= !cell.is_number();
            }
            self.cells.push((self.text.len(), width));
            length += 1;
        }
        self.row_lengths.push(length);
    }

    /// Whether column `i` holds numbers (right-aligned): every non-NULL cell is one.
    fn numeric(&self, i: usize) -> bool {
        self.any_value.get(i).copied().unwrap_or(false)
            && !self.any_text.get(i).copied().unwrap_or(true)
    }

    /// Each kept row as (text, width) per cell.
    fn rows(&self) -> impl Iterator<Item = Vec<(&str, usize)>> + '_ {
        let mut cells = self.cells.iter();
        let mut start = 0;
        self.row_lengths.iter().map(move |&length| {
            cells
                .by_ref()
                .take(length)
                .map(|&(end, width)| {
                    let cell = &self.text[start..end];
                    start = end;
                    (cell, width)
                })
                .collect()
        })
    }
}

/// The I/O error inside a CSV writer's error, so a closed pipe is still
/// seen as one.
fn csv_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// One row as a JSON object on one line: numbers as numbers, NULL (and
/// a float that is not finite) as null.
fn json_object<'c>(
    out: &mut dyn Write,
    columns: &[String],
    cells: impl IntoIterator<Item = CellRef<'c>>,
    scratch: &mut String,
    numbers: Numbers,
) -> io::Result<()> {
    out.write_all(b"{")?;
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.write_all(b", ")?;
        }
        let name = columns.get(i).map(String::as_str).unwrap_or("");
        serde_json::to_writer(&mut *out, name)?;
        out.write_all(b": ")?;
        match cell {
            CellRef::Null => out.write_all(b"null")?,
            CellRef::Real(r) if !r.is_finite() => out.write_all(b"null")?,
            CellRef::Text(t) => serde_json::to_writer(&mut *out, t)?,
            blob @ CellRef::Blob(_) => {
                scratch.clear();
                blob.render_into(scratch, numbers);
                serde_json::to_writer(&mut *out, scratch.as_str())?;
            }
            number => {
                scratch.clear();
                number.render_into(scratch, numbers);
                out.write_all(scratch.as_bytes())?;
            }
        }
    }
    out.write_all(b"}")
}

/// Aligned columns: text left, numbers right, CJK characters two cells wide.
fn print_aligned(
    out: &mut dyn Write,
    columns: &[String],
    kept: &Kept,
    headers: bool,
) -> io::Result<()> {
    let mut widths = kept.widths.clone();
    if widths.len() < columns.len() {
        widths.resize(columns.len(), 0);
    }
    for (width, name) in widths.iter_mut().zip(columns) {
        *width = (*width).max(display_width(name));
    }
    let header: Vec<(&str, usize)> = columns
        .iter()
        .map(|c| (c.as_str(), display_width(c)))
        .collect();
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let rule: Vec<(&str, usize)> = rule.iter().map(|r| (r.as_str(), r.len())).collect();
    let mut line = String::new();
    let heading = if headers { vec![header, rule] } else { vec![] };
    for cells in heading.into_iter().chain(kept.rows()) {
        line.clear();
        for (i, (cell, width)) in cells.into_iter().enumerate() {
            let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(width);
            if i > 0 {
                line.push_str("  ");
            }
            let spaces = std::iter::repeat_n(' ', pad);
            if kept.numeric(i) {
                line.extend(spaces);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(spaces);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// A GitHub-flavoured Markdown table, numeric columns right-aligned.
fn print_markdown(out: &mut dyn Write, columns: &[String], kept: &Kept) -> io::Result<()> {
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('|', "\\|")
            .replace(['\n', '\r'], " ")
    };
    let header: Vec<String> = columns.iter().map(|c| escape(c)).collect();
    writeln!(out, "| {} |", header.join(" | "))?;
    let rule: Vec<&str> = (0..columns.len())
        .map(|i| if kept.numeric(i) { "---:" } else { "---" })
        .collect();
    writeln!(out, "| {} |", rule.join(" | "))?;
    for cells in kept.rows() {
        let cells: Vec<String> = cells.iter().map(|(cell, _)| escape(cell)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_decimals(value: f64) -> String {
        let mut text = String::new();
        two_decimals_into(value, &mut text);
        text
    }

    fn sample() -> Table {
        Table {
            columns: vec!["category".into(), "actual".into(), "year".into()],
            rows: vec![
                vec![
                    Cell::Text("公务接待费".into()),
                    Cell::Real(1.93),
                    Cell::Integer(2021),
                ],
                vec![Cell::Text("合计".into()), Cell::Real(20.625), Cell::Null],
            ],
        }
    }

    fn render(format: Format) -> String {
        let mut out = Vec::new();
        write(&mut out, &sample(), format, Style::default()).expect("writes to memory");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn rounds_half_away_from_zero_on_the_decimal_value() {
        assert_eq!(two_decimals(20.625), "20.63");
        assert_eq!(two_decimals(5.115), "5.12");
        assert_eq!(two_decimals(-0.905), "-0.91");
        assert_eq!(two_decimals(1.6), "1.60");
        assert_eq!(two_decimals(-0.001), "0.00");
        assert_eq!(two_decimals(1091.4907), "1091.49");
        assert_eq!(two_decimals(1e-7), "0.00");
        assert_eq!(two_decimals(-0.005), "-0.01");
        assert_eq!(two_decimals(-0.004), "0.00");
        assert_eq!(two_decimals(99.995), "100.00");
        assert_eq!(two_decimals(0.0), "0.00");
        assert_eq!(two_decimals(-0.0), "0.00");
        assert_eq!(two_decimals(1e20), "100000000000000000000.00");
    }

    /// The digit rounding agrees with rounding the `Decimal`.
    #[test]
    fn rounding_digits_agrees_with_decimal() {
        let by_decimal = |value: f64| {
            let mut rounded = format!("{value}")
                .parse::<Decimal>()
                .expect("decimal")
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            rounded.rescale(2);
            if rounded.is_zero() {
                rounded.set_sign_positive(true);
            }
            rounded.to_string()
        };
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let scale = [1.0, 1e-3, 1e3, 1e6, 1e12][i % 5];
            let value = (x % 2_000_001) as f64 / 1000.0 * scale - 1000.0 * scale;
            let shortest = format!("{value}");
            assert!(rounded_hundredths(&shortest).is_some(), "{shortest}");
            assert_eq!(two_decimals(value), by_decimal(value), "{shortest}");
        }
        for value in [20.625, 5.115, -0.905, 0.005, -0.005, 0.015, 1091.4907, 1.6] {
            assert_eq!(two_decimals(value), by_decimal(value));
        }
    }

    fn exact(cell: CellRef<'_>) -> String {
        let mut text = String::new();
        cell.render_into(&mut text, Numbers::Exact);
        text
    }

    #[test]
    fn exact_prints_the_shortest_round_trip_with_two_decimals_at_least() {
        assert_eq!(exact(CellRef::Real(1.0 / 3.0)), "0.3333333333333333");
        assert_eq!(exact(CellRef::Real(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(exact(CellRef::Real(1.6)), "1.60");
        assert_eq!(exact(CellRef::Real(3.0)), "3.00");
        assert_eq!(exact(CellRef::Real(-0.004)), "-0.004");
        assert_eq!(exact(CellRef::Real(1e-7)), "0.0000001");
        assert_eq!(exact(CellRef::Real(f64::NAN)), "NaN");
        assert_eq!(exact(CellRef::Integer(2021)), "2021");
        // 分 in 万元: one division of the integer prints the exact decimal.
        for fen in [1_i64, 123_456_789_123_456, -999_999, 1_234_567, 100] {
            let printed = exact(CellRef::Real(fen as f64 / 1_000_000.0));
            let decimal = Decimal::new(fen, 6);
            assert_eq!(printed.parse::<Decimal>().expect("decimal"), decimal);
        }
        let d = Decimal::new(3966666, 4);
        assert_eq!(exact(CellRef::Decimal(d)), "396.6666");
        assert_eq!(exact(CellRef::Decimal(Decimal::new(15, 1))), "1.50");
        let mut rounded = String::new();
        CellRef::Decimal(d).render_into(&mut rounded, Numbers::Rounded);
        assert_eq!(rounded, "396.67");
    }

    #[test]
    fn table_aligns_by_display_width() {
        let text = render(Format::Table);
        let lines: Vec<&str> = text.lines().collect();
        // 公务接待费 is five characters but ten cells wide.
        assert_eq!(lines[0], "category    actual  year");
        assert_eq!(lines[2], "公务接待费    1.93  2021");
        assert_eq!(lines[3], "合计         20.63");
        let widths: Vec<usize> = lines[..3].iter().map(|l| l.width()).collect();
        assert_eq!(widths, vec![24, 24, 24]);
    }

    #[test]
    fn csv_json_markdown() {
        assert_eq!(
            render(Format::Csv),
            "category,actual,year\r\n公务接待费,1.93,2021\r\n合计,20.63,\r\n"
        );
        let json: serde_json::Value =
            serde_json::from_str(&render(Format::Json)).expect("valid json");
        assert_eq!(json[0]["actual"], serde_json::json!(1.93));
        assert_eq!(json[1]["year"], serde_json::Value::Null);
        assert_eq!(json[0]["category"], "公务接待费");
        let markdown = render(Format::Markdown);
        assert!(markdown.starts_with("| category | actual | year |\n| --- | ---: | ---: |\n"));
    }
}

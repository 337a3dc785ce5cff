//! The one output writer: every command that prints rows (query, sql,
//! check) hands a [`Table`] to [`write`].
//!
//! Numbers are formatted here, at the edge, and nowhere else: REAL values
//! (amounts in 万元, percentages, scores) print with two decimals, rounded
//! half away from zero on their decimal value, so 20.625 prints as 20.63 as
//! a reader doing the sum by hand expects; INTEGER values (years, counts)
//! print as they are.

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
    Text(String),
}

impl Cell {
    fn is_number(&self) -> bool {
        matches!(self, Cell::Integer(_) | Cell::Real(_))
    }

    /// The cell as printed; `None` for NULL.
    pub fn render(&self) -> Option<String> {
        if *self == Cell::Null {
            return None;
        }
        let mut text = String::new();
        self.render_into(&mut text);
        Some(text)
    }

    /// Appends the cell as printed to `text` (nothing for NULL): the
    /// writers render hundreds of thousands of cells into one reused buffer
    /// instead of a string each.
    pub fn render_into(&self, text: &mut String) {
        match self {
            Cell::Null => {}
            Cell::Integer(i) => {
                let _ = write!(text, "{i}");
            }
            Cell::Real(r) => two_decimals_into(*r, text),
            Cell::Text(t) => text.push_str(t),
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

/// Formats a float with two decimals, rounding its shortest decimal form
/// half away from zero.
pub fn two_decimals(value: f64) -> String {
    let mut text = String::new();
    two_decimals_into(value, &mut text);
    text
}

/// [`two_decimals`], appended to `text`.
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
/// zero, on its digits: (negative, 2063). What [`two_decimals`] would do
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
}

/// Options that only some formats use.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Start CSV output with a UTF-8 BOM so Excel reads it as UTF-8.
    pub bom: bool,
}

pub fn write(out: &mut dyn Write, table: &Table, format: Format, style: Style) -> io::Result<()> {
    // Buffered: a locked stdout is line-buffered, a write per row otherwise.
    let mut buffered = io::BufWriter::with_capacity(1 << 16, out);
    let out: &mut dyn Write = &mut buffered;
    match format {
        Format::Table => write_aligned(out, table),
        Format::Csv => write_csv(out, table, style),
        Format::Json => write_json(out, table),
        Format::Markdown => write_markdown(out, table),
    }?;
    buffered.flush()
}

/// Whether a column holds numbers (right-aligned): every non-NULL cell is one.
fn numeric_columns(table: &Table) -> Vec<bool> {
    (0..table.columns.len())
        .map(|i| {
            let mut cells = table
                .rows
                .iter()
                .filter_map(|r| r.get(i))
                .filter(|c| **c != Cell::Null)
                .peekable();
            cells.peek().is_some() && cells.all(Cell::is_number)
        })
        .collect()
}

fn write_aligned(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    let numeric = numeric_columns(table);
    // Every cell is rendered once, into one buffer, remembering where it
    // ends and how wide it is: the widths must be known before the first
    // line is printed.
    let mut text = String::new();
    let mut cells: Vec<(usize, usize)> = Vec::with_capacity(table.rows.len() * table.columns.len());
    let mut widths: Vec<usize> = table.columns.iter().map(|c| display_width(c)).collect();
    for row in &table.rows {
        for (i, cell) in row.iter().enumerate() {
            let start = text.len();
            cell.render_into(&mut text);
            let width = display_width(&text[start..]);
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width);
            }
            cells.push((text.len(), width));
        }
    }
    let mut line = String::new();
    let mut print = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = (&str, usize)>| {
        line.clear();
        for (i, (cell, width)) in cells.enumerate() {
            let pad = widths.get(i).copied().unwrap_or(0).saturating_sub(width);
            if i > 0 {
                line.push_str("  ");
            }
            let spaces = std::iter::repeat(' ').take(pad);
            if numeric.get(i).copied().unwrap_or(false) {
                line.extend(spaces);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(spaces);
            }
        }
        writeln!(out, "{}", line.trim_end())
    };
    let header = table.columns.iter().map(|c| (c.as_str(), display_width(c)));
    print(out, &mut header.collect::<Vec<_>>().into_iter())?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    print(out, &mut rule.iter().map(|r| (r.as_str(), r.len())))?;
    let mut next = cells.iter();
    let mut start = 0;
    for row in &table.rows {
        let mut row_cells = next.by_ref().take(row.len()).map(|&(end, width)| {
            let cell = &text[start..end];
            start = end;
            (cell, width)
        });
        print(out, &mut row_cells)?;
    }
    Ok(())
}

fn write_csv(out: &mut dyn Write, table: &Table, style: Style) -> io::Result<()> {
    if style.bom {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(&table.columns)?;
    let mut field = String::new();
    for row in &table.rows {
        for cell in row {
            field.clear();
            cell.render_into(&mut field);
            writer.write_field(&field)?;
        }
        writer.write_record(None::<&[u8]>)?;
    }
    writer.flush()
}

fn write_json(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    let json_string = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    writeln!(out, "[")?;
    for (n, row) in table.rows.iter().enumerate() {
        let fields: Vec<String> = table
            .columns
            .iter()
            .zip(row)
            .map(|(name, cell)| {
                let value = match cell {
                    Cell::Null => "null".to_string(),
                    Cell::Integer(i) => i.to_string(),
                    Cell::Real(r) if r.is_finite() => two_decimals(*r),
                    Cell::Real(_) => "null".to_string(),
                    Cell::Text(t) => json_string(t),
                };
                format!("{}: {value}", json_string(name))
            })
            .collect();
        let comma = if n + 1 < table.rows.len() { "," } else { "" };
        writeln!(out, "  {{{}}}{comma}", fields.join(", "))?;
    }
    writeln!(out, "]")
}

fn write_markdown(out: &mut dyn Write, table: &Table) -> io::Result<()> {
    let numeric = numeric_columns(table);
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('|', "\\|")
            .replace(['\n', '\r'], " ")
    };
    let header: Vec<String> = table.columns.iter().map(|c| escape(c)).collect();
    writeln!(out, "| {} |", header.join(" | "))?;
    let rule: Vec<&str> = numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" })
        .collect();
    writeln!(out, "| {} |", rule.join(" | "))?;
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| escape(&c.render().unwrap_or_default()))
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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

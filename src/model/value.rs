//! The one value parser: every cell of every import goes through here.
//!
//! Reports are typed by hand, exported from Excel or WPS, or copied out of
//! PDFs, so the same number arrives as `1234.56`, `1,234.56`, `１２３４.５６`
//! or ` 1234.56 `. This module accepts exactly the forms of the contract's
//! value table and rejects everything else with a message that says what was
//! wrong and what was expected. Money never passes through floating point:
//! amounts are parsed as [`Decimal`] and converted to an exact integer number
//! of 分 (fen).

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;

/// Most decimal places a number may have. Six decimals of 万元 is exactly
/// one 分, the smallest unit money is stored in.
pub const MAX_DECIMALS: u32 = 6;

/// 分 per 万元.
pub const FEN_PER_WAN: i64 = 1_000_000;

/// The unit the amounts of an import are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountUnit {
    /// 万元, the unit of the standard disclosure tables (default).
    Wan,
    /// 元.
    Yuan,
}

impl AmountUnit {
    /// Parses `--unit`: `万元`/`wan` or `元`/`yuan`.
    pub fn parse(text: &str) -> Option<AmountUnit> {
        match text.trim() {
            "万元" | "wan" | "wanyuan" => Some(AmountUnit::Wan),
            "元" | "yuan" => Some(AmountUnit::Yuan),
            _ => None,
        }
    }

    /// 分 in one of this unit.
    pub fn fen(self) -> i64 {
        match self {
            AmountUnit::Wan => FEN_PER_WAN,
            AmountUnit::Yuan => 100,
        }
    }

    /// The Chinese name, as stored in `claims.unit`.
    pub fn label(self) -> &'static str {
        match self {
            AmountUnit::Wan => "万元",
            AmountUnit::Yuan => "元",
        }
    }
}

/// Why a cell was rejected. The message is complete: the caller prefixes
/// only the location and column name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueError(pub String);

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

type Result<T> = std::result::Result<T, ValueError>;

fn reject<T>(message: impl Into<String>) -> Result<T> {
    Err(ValueError(message.into()))
}

/// Folds the forms spreadsheets and PDFs produce into plain ASCII where it
/// matters: full-width ASCII (`１２３．４５`, `（`, `％`) to half-width, the
/// ideographic space to a space, and the minus-like dashes to `-`; then trims
/// surrounding whitespace. Other characters are kept as they are.
pub fn normalize(raw: &str) -> Cow<'_, str> {
    // Nearly every cell is ASCII, where nothing folds (checked many bytes at a time).
    let needs_folding = !raw.is_ascii() && raw.chars().any(|c| folded(c) != c);
    let text: Cow<'_, str> = if needs_folding {
        Cow::Owned(raw.chars().map(folded).collect())
    } else {
        Cow::Borrowed(raw)
    };
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
        Cow::Owned(s) => {
            let trimmed = s.trim();
            if trimmed.len() == s.len() {
                Cow::Owned(s)
            } else {
                Cow::Owned(trimmed.to_string())
            }
        }
    }
}

fn folded(c: char) -> char {
    match c {
        // Full-width forms of printable ASCII.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        '\u{2212}' => '-', // minus sign
        _ => c,
    }
}

/// A character [`check_characters`] refuses; `extract` removes them from
/// a report so that what it writes imports.
pub fn is_refused(c: char, one_line: bool) -> bool {
    match c {
        '\t' | '\n' | '\r' => one_line,
        c if c.is_control() => true,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}' => true,
        _ => false,
    }
}

/// Refuses the characters a name or a text cell must not hold: control
/// characters (terminal escapes would reach every terminal that prints
/// the data; tab and line breaks are allowed in free text, `one_line`
/// refuses them too), and the invisible ones that make two names look
/// alike but differ (zero-width spaces and joiners, a byte-order mark
/// where a second file was pasted after the first, and the marks that
/// change the direction text is shown in). Refused rather than removed:
/// the cell's owner should see what their file holds.
pub fn check_characters(raw: &str, one_line: bool) -> Result<()> {
    let Some(bad) = raw.chars().find(|&c| is_refused(c, one_line)) else {
        return Ok(());
    };
    let what = match bad {
        '\u{1B}' => "an escape character (ESC), which starts terminal control sequences",
        '\t' | '\n' | '\r' => "a tab or line break, which a name cannot hold",
        '\u{FEFF}' => "a byte-order mark, left where a second file was pasted into this one",
        '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' => {
            "an invisible zero-width character, which makes two names that look the same differ"
        }
        '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}' => "a bidirectional mark, which changes the order text is shown in",
        _ => "a control character",
    };
    reject(format!(
        "contains U+{:04X}, {what}; delete it from the cell",
        u32::from(bad)
    ))
}

/// True when a (normalized) cell means "no value": an empty cell or one of
/// the dashes and slashes Chinese tables print in empty cells.
pub fn is_empty_marker(normalized: &str) -> bool {
    matches!(normalized, "" | "-" | "—" | "——" | "--" | "/")
}

/// A decimal number as printed, with the number of decimals it was printed
/// with (a stated `11.9` and `11.90` are different claims of precision).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Printed {
    pub value: Decimal,
    pub decimals: u32,
}

/// Parses a plain decimal number: optional sign, digits with optional
/// thousands separators in groups of three, optional fraction of at most
/// [`MAX_DECIMALS`] digits. `text` must already be normalized and non-empty.
pub fn parse_decimal(text: &str) -> Result<Printed> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if ["nan", "inf", "infinity"]
        .iter()
        .any(|word| unsigned.eq_ignore_ascii_case(word))
    {
        return reject(format!(
            "\"{text}\" is not a number; expected digits such as 1234.56"
        ));
    }
    if unsigned.contains(['e', 'E']) && unsigned.chars().any(|c| c.is_ascii_digit()) {
        return reject(format!(
            "\"{text}\" uses exponent notation; write the number out in full, such as 100000"
        ));
    }
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let not_a_number = || {
        reject(format!(
            "\"{text}\" is not a number; expected digits with at most one decimal point, such as 1234.56"
        ))
    };
    if fraction.is_some_and(|f| f.contains('.')) {
        return not_a_number();
    }
    let fraction = fraction.unwrap_or("");
    if (whole.is_empty() && fraction.is_empty())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || !whole.bytes().all(|b| b.is_ascii_digit() || b == b',')
    {
        return not_a_number();
    }
    let digits = if whole.contains(',') {
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or("");
        let well_grouped = (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3);
        if !well_grouped {
            return reject(format!(
                "\"{text}\" has misplaced thousands separators; expected groups of three digits such as 1,234.56"
            ));
        }
        Cow::Owned(whole.replace(',', ""))
    } else {
        Cow::Borrowed(whole)
    };
    let decimals = fraction.len() as u32;
    if decimals > MAX_DECIMALS {
        return reject(format!(
            "\"{text}\" has {decimals} decimal places; at most {MAX_DECIMALS} are allowed"
        ));
    }
    // The digits of whole and fraction as one integer, without building a string.
    let mut mantissa: i128 = 0;
    for digit in digits.bytes().chain(fraction.bytes()) {
        mantissa = match mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(i128::from(digit - b'0')))
        {
            Some(m) => m,
            None => return not_a_number(),
        };
    }
    if negative {
        mantissa = -mantissa;
    }
    match Decimal::try_from_i128_with_scale(mantissa, decimals) {
        Ok(value) => Ok(Printed { value, decimals }),
        Err(_) => reject(format!("\"{text}\" is too large")),
    }
}

/// Converts an amount in `unit` to an exact number of 分.
pub fn to_fen(printed: Printed, unit: AmountUnit, text: &str) -> Result<i64> {
    // Exact integer arithmetic on the decimal's mantissa and scale: the
    // same result as multiplying the Decimal, at a fraction of the cost.
    let too_large = || ValueError(format!("\"{text}\" is too large"));
    let scaled = printed
        .value
        .mantissa()
        .checked_mul(i128::from(unit.fen()))
        .ok_or_else(too_large)?;
    let divisor = 10_i128
        .checked_pow(printed.value.scale())
        .ok_or_else(too_large)?;
    if scaled % divisor != 0 {
        return reject(format!(
            "\"{text}\" {} is finer than 1 分; amounts in {} have at most 2 decimal places",
            unit.label(),
            unit.label()
        ));
    }
    i64::try_from(scaled / divisor).map_err(|_| too_large())
}

/// An amount of money in `unit` (the file's), as exact 分, with its printed
/// precision in `unit`. Besides a plain decimal it accepts what
/// spreadsheets and printed tables write: the accountant's negative in
/// parentheses, `(5.00)` (and `（12.3）`, once normalized), and a unit
/// after the number, `12.3万元` or `1230元`. A stated `元` converts, exactly
/// (in a 万元 file `1230元` is 0.123 万元, printed to 4 more decimals); a
/// stated `万元` is accepted only in a file whose amounts are in 万元,
/// since in a 元 file it contradicts the file's own unit.
pub fn parse_amount(text: &str, unit: AmountUnit) -> Result<(i64, u32)> {
    let (body, stated) = split_unit(text);
    let (body, negative) = match body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        Some(inner) => (inner.trim(), true),
        None => (body, false),
    };
    let (body, stated) = match stated {
        None if negative => split_unit(body),
        _ => (body, stated),
    };
    if negative && body.starts_with(['-', '+', '(']) {
        return reject(format!(
            "\"{text}\" has a sign inside parentheses; parentheses alone mean negative: write (5.00) or -5.00"
        ));
    }
    let cell_unit = match stated {
        Some(AmountUnit::Wan) if unit == AmountUnit::Yuan => {
            return reject(format!(
                "\"{text}\" is in 万元 but the amounts of this file are in 元 (--unit 元 or its 单位 row); write it in 元, or import the file in 万元"
            ))
        }
        Some(stated) => stated,
        None => unit,
    };
    let quoted =
        |e: ValueError| ValueError(e.0.replacen(&format!("\"{body}\""), &format!("\"{text}\""), 1));
    let mut printed = parse_decimal(body).map_err(quoted)?;
    if negative {
        printed.value = -printed.value;
    }
    let fen = to_fen(printed, cell_unit, text)?;
    // The printed precision in the file's unit: 1 元 is 0.0001 万元.
    let decimals = match (cell_unit, unit) {
        (AmountUnit::Yuan, AmountUnit::Wan) => printed.decimals + 4,
        _ => printed.decimals,
    };
    Ok((fen, decimals))
}

/// Splits a unit written after an amount (`12.3万元`, `12.3 元`) from it.
fn split_unit(text: &str) -> (&str, Option<AmountUnit>) {
    if let Some(body) = text.strip_suffix("万元") {
        (body.trim_end(), Some(AmountUnit::Wan))
    } else if let Some(body) = text.strip_suffix('元') {
        (body.trim_end(), Some(AmountUnit::Yuan))
    } else {
        (text, None)
    }
}

/// The unit a table declares in a cell above its header: `单位：万元`,
/// `单位:元`, `金额单位：万元`, `（单位：万元）`, also at the end of a title
/// (`2021年“三公”经费支出决算表 单位：万元`). Only 万元 and 元 are units;
/// `编制单位：某局` declares none. `cell` must be normalized.
pub fn unit_declaration(cell: &str) -> Option<AmountUnit> {
    let (_, after) = cell.rsplit_once("单位")?;
    let after = after.trim_start().strip_prefix(':')?;
    let after = after.trim().trim_end_matches([')', ']']).trim_end();
    match after {
        "万元" => Some(AmountUnit::Wan),
        "元" => Some(AmountUnit::Yuan),
        _ => None,
    }
}

/// Formats an exact number of 分 in `unit`, with at least two decimals and
/// as many more as needed to be exact ("112409.66", "0.000001").
pub fn format_amount(fen: i64, unit: AmountUnit) -> String {
    let mut value = Decimal::from(fen) / Decimal::from(unit.fen());
    value = value.normalize();
    if value.scale() < 2 {
        value.rescale(2);
    }
    value.to_string()
}

/// A percentage: `12.5` or `12.5%`.
pub fn parse_percent(text: &str) -> Result<Printed> {
    match text.strip_suffix('%').map(str::trim_end) {
        // Messages quote the cell as written, "%" included.
        Some(number) => parse_decimal(number).map_err(|e| {
            ValueError(e.0.replacen(&format!("\"{number}\""), &format!("\"{text}\""), 1))
        }),
        None => parse_decimal(text),
    }
}

/// A non-money decimal (score, weight, quantity) as a float for storage.
/// Parsing goes through the decimal grammar, so the same cell always yields
/// the same float and two floats compare as the decimals they came from.
pub fn to_real(printed: Printed) -> f64 {
    printed.value.to_string().parse().unwrap_or(f64::NAN)
}

/// A count: a non-negative whole number, thousands separators allowed.
pub fn parse_count(text: &str) -> Result<i64> {
    let printed = parse_decimal(text).map_err(|_| {
        ValueError(format!(
            "\"{text}\" is not a count; expected a whole number such as 301"
        ))
    })?;
    if printed.decimals > 0 {
        return reject(format!(
            "\"{text}\" is not a whole number; a count has no decimal places"
        ));
    }
    if printed.value.is_sign_negative() && !printed.value.is_zero() {
        return reject(format!("\"{text}\" is negative; a count is 0 or more"));
    }
    i64::try_from(printed.value).map_err(|_| ValueError(format!("\"{text}\" is too large")))
}

/// First and last year a report can be for.
pub const YEARS: std::ops::RangeInclusive<i64> = 1990..=2100;

/// A calendar year: `2021` or `2021年`.
pub fn parse_year(text: &str) -> Result<i64> {
    let digits = text.strip_suffix('年').map(str::trim_end).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return reject(format!(
            "\"{text}\" is not a year; expected a four-digit year such as 2021"
        ));
    }
    match digits.parse::<i64>() {
        Ok(year) if YEARS.contains(&year) => Ok(year),
        _ => reject(format!(
            "year \"{text}\" is out of range; expected a four-digit year from {} to {}",
            YEARS.start(),
            YEARS.end()
        )),
    }
}

/// Which classification a code belongs to, and so which lengths it may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    /// 支出功能分类: 3 digits 类, 5 款, 7 项.
    Functional,
    /// 支出经济分类: 3 digits 类, 5 款.
    Economic,
}

impl CodeKind {
    fn lengths(self) -> &'static [usize] {
        match self {
            CodeKind::Functional => &[3, 5, 7],
            CodeKind::Economic => &[3, 5],
        }
    }

    fn describe(self) -> &'static str {
        match self {
            CodeKind::Functional => "a functional code has 3 (类), 5 (款) or 7 (项) digits",
            CodeKind::Economic => "an economic code has 3 (类) or 5 (款) digits",
        }
    }
}

/// A classification code: digits only, of a length the classification uses.
pub fn parse_code(text: &str, kind: CodeKind) -> Result<String> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return reject(format!(
            "code \"{text}\" must be digits only, such as 2080101"
        ));
    }
    if !kind.lengths().contains(&text.len()) {
        return reject(format!(
            "code \"{text}\" has {} digits; {}",
            text.len(),
            kind.describe()
        ));
    }
    Ok(text.to_string())
}

/// Folds a name or header for matching: normalized, lower case, full-width
/// brackets as half-width, inner runs of spaces as one space.
pub fn fold_for_matching(text: &str) -> String {
    let normalized = normalize(text);
    let mut out = String::with_capacity(normalized.len());
    let mut last_space = false;
    for c in normalized.chars() {
        let c = match c {
            '【' | '〔' => '[',
            '】' | '〕' => ']',
            _ => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.extend(c.to_lowercase());
            last_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Result<i64> {
        parse_amount(&normalize(text), AmountUnit::Wan).map(|(fen, _)| fen)
    }

    #[test]
    fn accepts_the_contract_forms_of_an_amount() {
        assert_eq!(amount("1234.56"), Ok(1_234_560_000));
        assert_eq!(amount("1,234.56"), Ok(1_234_560_000));
        assert_eq!(amount("-3.2"), Ok(-3_200_000));
        assert_eq!(amount("１２３.４"), Ok(123_400_000));
        assert_eq!(amount("１２３．４"), Ok(123_400_000));
        assert_eq!(amount("  7 "), Ok(7_000_000));
        assert_eq!(amount("\u{3000}7\u{3000}"), Ok(7_000_000));
        assert_eq!(amount("0.000001"), Ok(1));
        assert_eq!(amount("1,234,567"), Ok(1_234_567_000_000));
        assert_eq!(amount(".5"), Ok(500_000));
        assert_eq!(amount("5."), Ok(5_000_000));
        assert_eq!(amount("+5"), Ok(5_000_000));
        assert_eq!(amount("−5"), Ok(-5_000_000));
    }

    #[test]
    fn rejects_malformed_amounts_with_a_reason() {
        for (text, reason) in [
            ("12..3", "not a number"),
            ("abc", "not a number"),
            ("1.2.3", "not a number"),
            ("1.2345678", "7 decimal places"),
            ("NaN", "not a number"),
            ("inf", "not a number"),
            ("1e5", "exponent"),
            ("1E-3", "exponent"),
            ("12,34", "thousands separators"),
            ("1234,567", "thousands separators"),
            (",123", "thousands separators"),
            ("-", "not a number"),
            (".", "not a number"),
            ("1 234", "not a number"),
            ("12%", "not a number"),
            ("99999999999999999999999", "too large"),
        ] {
            let err = amount(text).expect_err(text);
            assert!(err.0.contains(reason), "{text}: {err}");
        }
    }

    #[test]
    fn accepts_negatives_in_parentheses() {
        assert_eq!(amount("(5.00)"), Ok(-5_000_000));
        assert_eq!(amount("（12.3）"), Ok(-12_300_000));
        assert_eq!(amount("( 1,234.5 )"), Ok(-1_234_500_000));
        assert_eq!(amount("(0)"), Ok(0));
        for (text, reason) in [
            ("(-5)", "sign inside parentheses"),
            ("((5))", "sign inside parentheses"),
            ("(5", "not a number"),
            ("5)", "not a number"),
            ("()", "not a number"),
        ] {
            let err = amount(text).expect_err(text);
            assert!(err.0.contains(reason), "{text}: {err}");
            assert!(err.0.contains(&format!("\"{text}\"")), "{text}: {err}");
        }
    }

    #[test]
    fn accepts_a_unit_after_the_number_where_it_agrees_with_the_file() {
        assert_eq!(amount("12.3万元"), Ok(12_300_000));
        assert_eq!(amount("12.3 万元"), Ok(12_300_000));
        assert_eq!(amount("1,230元"), Ok(123_000));
        assert_eq!(amount("(12.3万元)"), Ok(-12_300_000));
        assert_eq!(amount("（12.3）万元"), Ok(-12_300_000));
        let wan = |t: &str| parse_amount(&normalize(t), AmountUnit::Wan);
        let yuan = |t: &str| parse_amount(&normalize(t), AmountUnit::Yuan);
        // Printed precision stays in the file's unit: 1 元 is 0.0001 万元.
        assert_eq!(wan("1230元"), Ok((123_000, 4)));
        assert_eq!(wan("12.30元"), Ok((1_230, 6)));
        assert_eq!(wan("12.3万元"), Ok((12_300_000, 1)));
        assert_eq!(yuan("12.30元"), Ok((1_230, 2)));
        assert!(yuan("12.3万元").unwrap_err().0.contains("are in 元"));
        assert!(wan("12.345元").unwrap_err().0.contains("finer than 1 分"));
        assert!(wan("12.3万").unwrap_err().0.contains("not a number"));
        assert!(wan("万元")
            .unwrap_err()
            .0
            .contains("\"万元\" is not a number"));
        assert!(wan("12.3美元").is_err());
    }

    #[test]
    fn a_unit_is_declared_by_a_unit_cell_only() {
        let unit = |t: &str| unit_declaration(&normalize(t));
        assert_eq!(unit("单位：万元"), Some(AmountUnit::Wan));
        assert_eq!(unit("单位:元"), Some(AmountUnit::Yuan));
        assert_eq!(unit(" 金额单位： 万元 "), Some(AmountUnit::Wan));
        assert_eq!(unit("（单位：万元）"), Some(AmountUnit::Wan));
        assert_eq!(
            unit("2021年“三公”经费支出决算表  单位：万元"),
            Some(AmountUnit::Wan)
        );
        assert_eq!(unit("编制单位：某局"), None);
        assert_eq!(unit("单位：个"), None);
        assert_eq!(unit("单位名称"), None);
        assert_eq!(unit("单位"), None);
        assert_eq!(unit("万元"), None);
    }

    #[test]
    fn amounts_in_yuan_are_exact_fen() {
        let yuan = |t: &str| parse_amount(t, AmountUnit::Yuan).map(|(fen, _)| fen);
        assert_eq!(yuan("1234567.89"), Ok(123_456_789));
        assert_eq!(yuan("12.300000"), Ok(1_230));
        assert!(yuan("0.001").unwrap_err().0.contains("finer than 1 分"));
    }

    #[test]
    fn formats_amounts_exactly() {
        assert_eq!(format_amount(112_409_660_000, AmountUnit::Wan), "112409.66");
        assert_eq!(format_amount(1, AmountUnit::Wan), "0.000001");
        assert_eq!(format_amount(-3_200_000, AmountUnit::Wan), "-3.20");
        assert_eq!(format_amount(0, AmountUnit::Wan), "0.00");
        assert_eq!(format_amount(12_345, AmountUnit::Yuan), "123.45");
    }

    #[test]
    fn keeps_the_printed_precision() {
        assert_eq!(parse_decimal("11.9").map(|p| p.decimals), Ok(1));
        assert_eq!(parse_decimal("11.90").map(|p| p.decimals), Ok(2));
        assert_eq!(parse_decimal("126318").map(|p| p.decimals), Ok(0));
    }

    #[test]
    fn empty_markers() {
        for text in ["", " ", "—", "-", "－", "/", "／", "——"] {
            assert!(is_empty_marker(&normalize(text)), "{text:?}");
        }
        assert!(!is_empty_marker("0"));
    }

    #[test]
    fn a_bad_percentage_is_quoted_as_written() {
        let message = parse_percent("12.5%%").expect_err("two signs").0;
        assert!(
            message.starts_with("\"12.5%%\" is not a number"),
            "{message}"
        );
        let message = parse_percent("1.1234567%").expect_err("7 decimals").0;
        assert!(
            message.starts_with("\"1.1234567%\" has 7 decimal places"),
            "{message}"
        );
    }

    #[test]
    fn percents() {
        assert_eq!(
            parse_percent("12.5").map(|p| p.value.to_string()),
            Ok("12.5".into())
        );
        assert_eq!(
            parse_percent("12.5%").map(|p| p.value.to_string()),
            Ok("12.5".into())
        );
        assert_eq!(
            parse_percent(&normalize("12.5％")).map(|p| p.decimals),
            Ok(1)
        );
        assert!(parse_percent("12.5%%").is_err());
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2021"), Ok(2021));
        assert_eq!(parse_year("2021年"), Ok(2021));
        assert_eq!(parse_year(&normalize("２０２１年")), Ok(2021));
        assert!(parse_year("21").unwrap_err().0.contains("out of range"));
        assert!(parse_year("1899").unwrap_err().0.contains("out of range"));
        assert!(parse_year("2101").is_err());
        assert!(parse_year("2021.5").unwrap_err().0.contains("not a year"));
        assert!(parse_year("年").is_err());
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("301"), Ok(301));
        assert_eq!(parse_count("1,301"), Ok(1301));
        assert_eq!(parse_count("0"), Ok(0));
        assert!(parse_count("3.5").unwrap_err().0.contains("whole number"));
        assert!(parse_count("-1").unwrap_err().0.contains("negative"));
        assert!(parse_count("x").unwrap_err().0.contains("not a count"));
    }

    #[test]
    fn codes() {
        assert_eq!(parse_code("208", CodeKind::Functional), Ok("208".into()));
        assert_eq!(
            parse_code("20801", CodeKind::Functional),
            Ok("20801".into())
        );
        assert_eq!(
            parse_code("2080101", CodeKind::Functional),
            Ok("2080101".into())
        );
        assert!(parse_code("20a01", CodeKind::Functional)
            .unwrap_err()
            .0
            .contains("digits only"));
        assert!(parse_code("2080", CodeKind::Functional)
            .unwrap_err()
            .0
            .contains("4 digits"));
        assert!(parse_code("3010101", CodeKind::Economic).is_err());
        assert_eq!(parse_code("30101", CodeKind::Economic), Ok("30101".into()));
    }

    #[test]
    fn folding_for_matching() {
        assert_eq!(fold_for_matching(" Budget_Initial "), "budget_initial");
        assert_eq!(
            fold_for_matching("因公出国(境)费"),
            fold_for_matching("因公出国（境）费")
        );
        assert_eq!(fold_for_matching("年初预算数"), "年初预算数");
    }

    #[test]
    fn reals_compare_as_their_decimals() {
        let real = |t: &str| {
            to_real(parse_decimal(t).unwrap_or(Printed {
                value: Decimal::ZERO,
                decimals: 0,
            }))
        };
        assert_eq!(real("96.5"), 96.5);
        assert!(real("89.999999") < real("90"));
    }
}

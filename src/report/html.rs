//! The pieces every page is built from: escaping, exact number formatting,
//! the style sheet, and the page shell.
//!
//! Amounts arrive as integer 分 and leave as 万元 text with thousands
//! separators, rounded half away from zero in integer arithmetic, so a page
//! shows exactly what the database holds to the cent of a 万元.

use std::fmt::Write;

use rust_decimal::{Decimal, RoundingStrategy};

/// `text` safe to place in HTML text and in a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Digits with a comma every three, from the right.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `value / 10^scale` rounded half away from zero to two decimals, grouped.
fn two_decimals(value: i128, scale: u32) -> String {
    let divisor = 10_i128.pow(scale.saturating_sub(2));
    let hundredths = if scale < 2 {
        value * 10_i128.pow(2 - scale)
    } else {
        let quotient = value / divisor;
        let remainder = value % divisor;
        if remainder.abs() * 2 >= divisor {
            quotient + value.signum()
        } else {
            quotient
        }
    };
    let sign = if hundredths < 0 { "-" } else { "" };
    let magnitude = hundredths.unsigned_abs();
    format!(
        "{sign}{}.{:02}",
        group(&(magnitude / 100).to_string()),
        magnitude % 100
    )
}

/// An amount of 分 as 万元: `134159570000` → `134,159.57`.
pub fn wan(fen: i64) -> String {
    two_decimals(i128::from(fen), 6)
}

/// `wan` of a value that may be missing: empty when it is.
pub fn wan_or_blank(fen: Option<i64>) -> String {
    fen.map(wan).unwrap_or_default()
}

/// `part / whole × 100` to two decimals, from the integers; none when the
/// whole is zero or either is missing.
pub fn percent(part: Option<i64>, whole: Option<i64>) -> Option<String> {
    let (part, whole) = (i128::from(part?), i128::from(whole?));
    if whole == 0 {
        return None;
    }
    // Hundredths of a percent, rounded half away from zero.
    let scaled = part * 10_000;
    let quotient = scaled / whole;
    let remainder = scaled % whole;
    let rounded = if remainder.abs() * 2 >= whole.abs() {
        quotient + (scaled.signum() * whole.signum())
    } else {
        quotient
    };
    Some(two_decimals(rounded, 2))
}

/// The change from `prior` to `now` as a percentage of `prior`.
pub fn change_percent(now: Option<i64>, prior: Option<i64>) -> Option<String> {
    percent(Some(now?.checked_sub(prior?)?), prior)
}

/// A decimal (a finding's figure, a score) to two decimals, grouped.
pub fn decimal(value: Decimal) -> String {
    let rounded = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let mantissa = rounded.mantissa();
    two_decimals(mantissa, rounded.scale())
}

/// A score or weight as printed: whole numbers without decimals.
pub fn score(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

/// One table row of cells; `numeric` cells are right-aligned.
pub fn row(out: &mut String, cells: &[(String, bool)]) {
    out.push_str("<tr>");
    for (text, numeric) in cells {
        let class = if *numeric { " class=\"n\"" } else { "" };
        let _ = write!(out, "<td{class}>{}</td>", escape(text));
    }
    out.push_str("</tr>\n");
}

/// A table header row; the columns at `numeric` (indexes) are
/// right-aligned like their numbers.
pub fn head(out: &mut String, labels: &[&str], numeric: std::ops::Range<usize>) {
    out.push_str("<thead><tr>");
    for (i, label) in labels.iter().enumerate() {
        let class = if numeric.contains(&i) {
            " class=\"n\""
        } else {
            ""
        };
        let _ = write!(out, "<th{class}>{}</th>", escape(label));
    }
    out.push_str("</tr></thead>\n");
}

/// A text cell.
pub fn text(value: impl Into<String>) -> (String, bool) {
    (value.into(), false)
}

/// A number cell.
pub fn number(value: impl Into<String>) -> (String, bool) {
    (value.into(), true)
}

/// Styles for screen and print (A4). System fonts only: the page must
/// render without a network.
pub const STYLE: &str = r#"
:root { --ink: #1d2733; --muted: #5b6573; --rule: #d5dbe3; --band: #f3f6f9; --bad: #b3261e; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: var(--ink); line-height: 1.5;
       font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-bottom: .2rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
p.meta, p.note, figcaption { color: var(--muted); font-size: .9rem; margin: .25rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
article.finding { border-left: 4px solid var(--rule); padding: .3rem .7rem; margin: .6rem 0; break-inside: avoid; }
article.finding.error { border-color: var(--bad); }
article.finding.warning { border-color: var(--warn); }
article.finding h3 { margin: 0; font-size: .95rem; }
article.finding.error .severity { color: var(--bad); }
article.finding.warning .severity { color: var(--warn); }
article.finding p { margin: .15rem 0; font-size: .9rem; }
blockquote { margin: .3rem 0 0; padding-left: .6rem; border-left: 3px solid var(--rule); color: var(--muted); font-size: .9rem; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
figure { margin: 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
svg text { font-family: inherit; fill: var(--ink); }
nav a { margin-right: .8rem; }
a { color: #1a4f8b; }
@media (max-width: 48rem) { .charts { grid-template-columns: 1fr; } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  table, figure, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// A whole page: `title` (escaped here) and the body, already HTML.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"budgetdb {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_wan_exactly() {
        assert_eq!(wan(134_159_570_000), "134,159.57");
        assert_eq!(wan(0), "0.00");
        assert_eq!(wan(-7_152_810_000), "-7,152.81");
        assert_eq!(wan(5_000), "0.01"); // half a hundredth rounds away from zero
        assert_eq!(wan(4_999), "0.00");
        assert_eq!(wan(-5_000), "-0.01");
        assert_eq!(wan(999_995_000), "1,000.00");
        assert_eq!(wan(i64::MAX), "9,223,372,036,854.78");
        assert_eq!(wan(i64::MIN), "-9,223,372,036,854.78");
    }

    #[test]
    fn percentages_from_integers() {
        assert_eq!(percent(Some(193), Some(3774)).as_deref(), Some("5.11"));
        assert_eq!(percent(Some(1), Some(0)), None);
        assert_eq!(percent(None, Some(3)), None);
        assert_eq!(
            change_percent(Some(1_930_000), Some(1_600_000)).as_deref(),
            Some("20.63")
        );
        assert_eq!(change_percent(Some(0), Some(5)).as_deref(), Some("-100.00"));
        assert_eq!(percent(Some(-1), Some(-3)).as_deref(), Some("33.33"));
        assert_eq!(percent(Some(2), Some(-3)).as_deref(), Some("-66.67"));
    }

    #[test]
    fn decimals_and_escaping() {
        assert_eq!(decimal(Decimal::new(3966667, 4)), "396.67");
        assert_eq!(decimal(Decimal::new(-1, 0)), "-1.00");
        assert_eq!(decimal(Decimal::new(12345678, 1)), "1,234,567.80");
        assert_eq!(
            escape("<b>\"三公\" & 'x'</b>"),
            "&lt;b&gt;&quot;三公&quot; &amp; &#39;x&#39;&lt;/b&gt;"
        );
        assert_eq!(score(96.0), "96");
        assert_eq!(score(91.5), "91.50");
    }
}

//! Finding the figures of a sentence: numbers with the unit printed after
//! them (`134159.57万元`, `127006.76元`, `2.76%`, `23批`, `97分`).
//!
//! Numbers are read by the project's one value parser
//! ([`crate::model::value::parse_decimal`]), so a figure here means exactly what
//! the same text would mean in an import cell. Years (`2021年`) and
//! numbers without a unit are not figures.

use crate::extract::model::Stated;
use crate::model::value::{parse_decimal, to_fen, AmountUnit, Printed};

/// What a number counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Money(AmountUnit),
    Percent,
    /// 人, 个, 家, 批, 批次, 人次, 分 …: the unit as printed.
    Count(&'static str),
}

/// A figure in a folded sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub number: Printed,
    pub unit: Unit,
    /// Char positions of the number and its unit in the sentence.
    pub start: usize,
    pub end: usize,
    /// The same positions as byte offsets, to slice the sentence without
    /// walking it from its start (which made a long sentence quadratic).
    pub start_byte: usize,
    pub end_byte: usize,
}

impl Token {
    /// The amount of a money token, in 万元.
    pub fn stated(&self) -> Option<Stated> {
        let Unit::Money(unit) = self.unit else {
            return None;
        };
        let fen = to_fen(self.number, unit, "").ok()?;
        let extra = if unit == AmountUnit::Yuan { 4 } else { 0 };
        Some(Stated {
            fen,
            decimals: self.number.decimals + extra,
            printed: unit,
        })
    }
}

/// Count units, longest first so `人次` wins over `人`.
const COUNT_UNITS: [&str; 12] = [
    "个批次",
    "批次",
    "人次",
    "人",
    "个",
    "家",
    "批",
    "分",
    "套",
    "项",
    "辆",
    "次",
];

/// Every figure in `folded`, in order.
pub fn tokens(folded: &str) -> Vec<Token> {
    let chars: Vec<char> = folded.chars().collect();
    let byte_at: Vec<usize> = folded
        .char_indices()
        .map(|(at, _)| at)
        .chain(std::iter::once(folded.len()))
        .collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit()
            || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if !starts_number || (i > 0 && (chars[i - 1].is_ascii_digit() || chars[i - 1] == '.')) {
            i += 1;
            continue;
        }
        let negative = i > 0
            && chars[i - 1] == '-'
            && !chars
                .get(i.wrapping_sub(2))
                .is_some_and(char::is_ascii_digit);
        let mut end = i;
        while end < chars.len()
            && (chars[end].is_ascii_digit() || chars[end] == '.' || is_grouping(&chars, end))
        {
            end += 1;
        }
        let literal: String = chars[i..end].iter().collect();
        let rest: String = chars[end..chars.len().min(end + 3)].iter().collect();
        let unit = unit_after(&rest).or_else(|| list_unit(&chars, end, 3).map(|u| (u, 0)));
        if let (Some((unit, unit_len)), Ok(mut number)) =
            (unit, parse_decimal(literal.trim_end_matches('.')))
        {
            if negative {
                number.value = -number.value;
            }
            let start = if negative { i - 1 } else { i };
            found.push(Token {
                number,
                unit,
                start,
                end: end + unit_len,
                start_byte: byte_at[start],
                end_byte: byte_at[end + unit_len],
            });
        }
        i = end.max(i + 1);
    }
    found
}

/// A comma between digits that is a thousands separator (`1,234.56`), not
/// a list separator (`4125.49,4143.91`).
fn is_grouping(chars: &[char], at: usize) -> bool {
    chars[at] == ','
        && (1..=3).all(|k| chars.get(at + k).is_some_and(char::is_ascii_digit))
        && !chars.get(at + 4).is_some_and(char::is_ascii_digit)
        && !chars[..at]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit() || **c == ',')
            .any(|c| *c == '.')
        && chars[..at]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count()
            <= 3
}

/// The unit of a number in a list whose last number carries it
/// (`4125.49,4143.91万元`, `5、6万元`): the unit of the next number when a
/// `,` or `、` is all that separates them.
fn list_unit(chars: &[char], end: usize, depth: usize) -> Option<Unit> {
    if depth == 0 || !matches!(chars.get(end), Some(',' | '、')) {
        return None;
    }
    let start = end + 1;
    let mut next = start;
    while next < chars.len() && (chars[next].is_ascii_digit() || chars[next] == '.') {
        next += 1;
    }
    if next == start {
        return None;
    }
    let rest: String = chars[next..chars.len().min(next + 3)].iter().collect();
    unit_after(&rest)
        .map(|(u, _)| u)
        .filter(|u| !matches!(u, Unit::Count(_)))
        .or_else(|| list_unit(chars, next, depth - 1))
}

/// The unit at the start of `rest` and its length in chars.
fn unit_after(rest: &str) -> Option<(Unit, usize)> {
    if rest.starts_with("万元") {
        return Some((Unit::Money(AmountUnit::Wan), 2));
    }
    if rest.starts_with('元') {
        return Some((Unit::Money(AmountUnit::Yuan), 1));
    }
    if rest.starts_with('%') {
        return Some((Unit::Percent, 1));
    }
    COUNT_UNITS
        .iter()
        .find(|u| rest.starts_with(*u))
        .map(|u| (Unit::Count(u), u.chars().count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(text: &str) -> Vec<(String, Unit)> {
        tokens(text)
            .into_iter()
            .map(|t| (t.number.value.to_string(), t.unit))
            .collect()
    }

    const WAN: Unit = Unit::Money(AmountUnit::Wan);

    #[test]
    fn reads_amounts_percents_and_counts() {
        assert_eq!(
            figures("收入总计134159.57万元,增长140.27%;接待23批,231人次,共6个"),
            [
                ("134159.57".into(), WAN),
                ("140.27".into(), Unit::Percent),
                ("23".into(), Unit::Count("批")),
                ("231".into(), Unit::Count("人次")),
                ("6".into(), Unit::Count("个")),
            ]
        );
    }

    #[test]
    fn years_and_bare_numbers_are_not_figures() {
        assert!(figures("本部门2021年度,洪财绩[2022]1号").is_empty());
    }

    #[test]
    fn yuan_amounts_keep_their_precision_in_wan() {
        let t = &tokens("支出2476260.58元")[0];
        assert_eq!(t.unit, Unit::Money(AmountUnit::Yuan));
        assert_eq!(
            t.stated(),
            Some(Stated {
                fen: 247_626_058,
                decimals: 6,
                printed: AmountUnit::Yuan
            })
        );
    }

    #[test]
    fn thousands_separators_and_lists() {
        assert_eq!(figures("合计1,234.56万元"), [("1234.56".into(), WAN)]);
        // A list whose last number carries the unit.
        assert_eq!(
            figures("各是4125.49,4143.91万元"),
            [("4125.49".into(), WAN), ("4143.91".into(), WAN)]
        );
        assert_eq!(
            figures("各下降23.51%、38.28%,5、6个"),
            [
                ("23.51".into(), Unit::Percent),
                ("38.28".into(), Unit::Percent),
                ("6".into(), Unit::Count("个"))
            ]
        );
    }

    #[test]
    fn positions_cover_number_and_unit() {
        let t = &tokens("占5.84%;")[0];
        assert_eq!((t.start, t.end), (1, 6));
        assert_eq!(&"占5.84%;"[t.start_byte..t.end_byte], "5.84%");
    }

    #[test]
    fn survives_odd_text() {
        for text in [
            "",
            ".",
            "..5%",
            "9999999999999999999999999999万元",
            "1.2.3万元",
            "-",
            "-5%",
            "5,",
        ] {
            let _ = tokens(text);
        }
        assert_eq!(figures("-5%"), [("-5".into(), Unit::Percent)]);
    }
}

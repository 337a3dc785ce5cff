//! A total against the sum of its parts when not every part may be loaded:
//! the judgement the table rules share.
//!
//! An empty cell is not stated, never zero, so a sum with a part missing
//! is not known. Where the parts that are stated already make the total
//! (within rounding), the missing ones are consistent with nothing and
//! there is nothing to report; where they do not, the difference may be
//! the missing part, and the finding is a note, never an error. The same
//! holds for a sum over rows (the 类 of a table): it is an error only when
//! every row is known to be there.

use rust_decimal::Decimal;

use super::data::Key;
use super::finding::{Finding, Severity, OFF};
use super::interval::Figure;

/// What a total and its parts come to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The parts make the total within rounding.
    Holds,
    /// They do not, and every part is there.
    Off { sum: Figure, total: Figure },
    /// They do not, and the parts named (or described) may make up the rest.
    Unverifiable {
        sum: Figure,
        total: Figure,
        missing: String,
    },
}

/// `total` = the sum of the named `parts`; `None` when the total or every
/// part is not stated (nothing to compare).
pub fn named(total: Option<Decimal>, parts: &[(&str, Option<Decimal>)]) -> Option<Outcome> {
    let total = Figure::table(total?);
    let given: Vec<Figure> = parts
        .iter()
        .filter_map(|(_, v)| v.map(Figure::table))
        .collect();
    let sum = Figure::sum(given)?;
    Some(judge(total, sum, not_stated(parts)))
}

/// The sum of the named terms of `left` = that of `right`
/// (carryover_begin + income = expenditure + carryover_end); `None` when
/// either side has no term stated.
pub fn sides(
    left: &[(&str, Option<Decimal>)],
    right: &[(&str, Option<Decimal>)],
) -> Option<Outcome> {
    let sum_of = |terms: &[(&str, Option<Decimal>)]| {
        Figure::sum(terms.iter().filter_map(|(_, v)| v.map(Figure::table)))
    };
    let (total, sum) = (sum_of(left)?, sum_of(right)?);
    let terms: Vec<(&str, Option<Decimal>)> = left.iter().chain(right).copied().collect();
    Some(judge(total, sum, not_stated(&terms)))
}

/// "A, B not stated" for the terms without a value; `None` when every one has one.
fn not_stated(terms: &[(&str, Option<Decimal>)]) -> Option<String> {
    let missing: Vec<&str> = terms
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(name, _)| *name)
        .collect();
    (!missing.is_empty()).then(|| format!("{} not stated", missing.join(", ")))
}

/// `total` = `sum`, the sum of rows of one table; `complete` says whether
/// every row of that table is known to be loaded, `why_not` what the note
/// says when it is not.
pub fn rows(
    total: Option<Decimal>,
    sum: Option<Figure>,
    complete: bool,
    why_not: impl FnOnce() -> String,
) -> Option<Outcome> {
    Some(judge(
        Figure::table(total?),
        sum?,
        (!complete).then(why_not),
    ))
}

/// The sum of table figures, `None` for none.
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Option<Figure> {
    Figure::sum(values.into_iter().map(Figure::table))
}

fn judge(total: Figure, sum: Figure, missing: Option<String>) -> Outcome {
    if total.overlaps(&sum) {
        return Outcome::Holds;
    }
    match missing {
        None => Outcome::Off { sum, total },
        Some(missing) => Outcome::Unverifiable {
            sum,
            total,
            missing,
        },
    }
}

/// The finding an outcome gives, if any: an error for `Off`, a note for
/// `Unverifiable`; expected is the sum, found the total.
pub fn finding(
    outcome: Option<Outcome>,
    rule: &'static str,
    key: &Key,
    subject: impl Into<String>,
) -> Option<Finding> {
    let (severity, sum, total, case) = match outcome? {
        Outcome::Holds => return None,
        Outcome::Off { sum, total } => (
            Severity::Error,
            sum,
            total,
            format!("{OFF} (±{})", (sum.half + total.half).normalize()),
        ),
        Outcome::Unverifiable {
            sum,
            total,
            missing,
        } => (
            Severity::Info,
            sum,
            total,
            format!(
                "unverifiable: {missing}; the stated parts differ from the total by {}",
                (total.value - sum.value).normalize()
            ),
        ),
    };
    Some(
        Finding::new(severity, rule, key.0, &key.1, subject, case)
            .figures(Some(sum.value), Some(total.value)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Option<Decimal> {
        Some(Decimal::from_str(text).expect("a decimal"))
    }

    #[test]
    fn named_parts() {
        assert_eq!(named(None, &[("a", d("1"))]), None);
        assert_eq!(named(d("1"), &[("a", None), ("b", None)]), None);
        assert_eq!(
            named(d("3"), &[("a", d("1")), ("b", d("2"))]),
            Some(Outcome::Holds)
        );
        // Four parts rounded to 分 may make one 分 more than the total.
        assert_eq!(
            named(d("3.01"), &[("a", d("1.005")), ("b", d("2"))]),
            Some(Outcome::Holds)
        );
        assert!(matches!(
            named(d("4"), &[("a", d("1")), ("b", d("2"))]),
            Some(Outcome::Off { .. })
        ));
        // A missing part consistent with nothing: the total holds.
        assert_eq!(
            named(d("3"), &[("a", d("3")), ("b", None)]),
            Some(Outcome::Holds)
        );
        // Not consistent: the missing part may be the difference.
        match named(d("4"), &[("a", d("3")), ("b", None), ("c", None)]) {
            Some(Outcome::Unverifiable { missing, .. }) => assert_eq!(missing, "b, c not stated"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rows_are_an_error_only_when_complete() {
        let parts = || sum([Decimal::ONE, Decimal::TWO]);
        assert_eq!(
            rows(d("3"), parts(), false, String::new),
            Some(Outcome::Holds)
        );
        assert!(matches!(
            rows(d("4"), parts(), true, String::new),
            Some(Outcome::Off { .. })
        ));
        assert!(matches!(
            rows(d("4"), parts(), false, || "x".into()),
            Some(Outcome::Unverifiable { .. })
        ));
        assert_eq!(rows(d("4"), sum([]), true, String::new), None);
    }

    #[test]
    fn two_sides() {
        let (begin, income, spent, end) = (d("3"), d("100"), d("98"), d("5"));
        assert_eq!(
            sides(&[("b", begin), ("i", income)], &[("x", spent), ("e", end)]),
            Some(Outcome::Holds)
        );
        assert!(matches!(
            sides(
                &[("b", begin), ("i", income)],
                &[("x", spent), ("e", d("9"))]
            ),
            Some(Outcome::Off { .. })
        ));
        match sides(&[("b", None), ("i", income)], &[("x", spent), ("e", end)]) {
            Some(Outcome::Unverifiable { missing, .. }) => assert_eq!(missing, "b not stated"),
            other => panic!("{other:?}"),
        }
        assert_eq!(sides(&[("b", None)], &[("x", spent)]), None);
    }
}

//! The rounding arithmetic of `check`: what a printed figure stands for,
//! what a derived figure may be, and whether a stated figure fits.
//!
//! A printed figure is a [`Figure`]: its value plus or minus half a unit
//! of its last printed decimal. A figure derived from others (a change, a
//! percentage) has a central value, computed from the central values of
//! its inputs, and a [`Range`]: every value obtainable from inputs inside
//! their intervals. All of it is exact decimal arithmetic.

use std::str::FromStr;

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};

/// Half a unit of a table figure, treated as printed with 2 decimals: 0.005.
pub fn table_half() -> Decimal {
    Decimal::new(5, 3)
}

/// Slack for comparisons, against the last bits of a long division.
pub fn slack() -> Decimal {
    Decimal::new(1, 9)
}

/// Half a unit of the `decimals`-th decimal: 0.5 × 10^−decimals.
pub fn half_unit(decimals: u32) -> Decimal {
    Decimal::new(5, decimals.min(27) + 1)
}

/// A printed figure: `value` ± `half`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Figure {
    pub value: Decimal,
    pub half: Decimal,
}

impl Figure {
    /// A figure known exactly.
    pub fn exact(value: Decimal) -> Figure {
        Figure {
            value,
            half: Decimal::ZERO,
        }
    }

    /// A table figure (万元, treated as printed with 2 decimals).
    pub fn table(value: Decimal) -> Figure {
        Figure {
            value,
            half: table_half(),
        }
    }

    /// An amount a claim states, printed with `decimals` decimals of a unit
    /// worth `unit_in_wan` 万元 (1 for 万元, 0.0001 for 元); `value` is in
    /// 万元. Reports round amounts to at least two decimals, so the half
    /// unit is that of max(decimals, 2).
    pub fn stated_amount(value: Decimal, decimals: u32, unit_in_wan: Decimal) -> Figure {
        Figure {
            value,
            half: half_unit(decimals.max(2)) * unit_in_wan,
        }
    }

    /// A percentage a claim states with `decimals` decimals.
    pub fn stated_percent(value: Decimal, decimals: u32) -> Figure {
        Figure {
            value,
            half: half_unit(decimals),
        }
    }

    /// The same value with another half-width.
    pub fn with_half(self, half: Decimal) -> Figure {
        Figure { half, ..self }
    }

    pub fn lo(&self) -> Decimal {
        self.value - self.half
    }

    pub fn hi(&self) -> Decimal {
        self.value + self.half
    }

    pub fn interval(&self) -> Interval {
        Interval {
            lo: self.lo(),
            hi: self.hi(),
        }
    }

    /// The sum of figures: values add, and so do the half-widths. `None`
    /// for no figures at all.
    pub fn sum(figures: impl IntoIterator<Item = Figure>) -> Option<Figure> {
        figures.into_iter().fold(None, |total, f| {
            Some(match total {
                None => f,
                Some(t) => Figure {
                    value: t.value + f.value,
                    half: t.half + f.half,
                },
            })
        })
    }

    /// Whether the two figures can stand for the same value. Amounts are
    /// exact decimals, and a rounded figure's interval is half-open (1.93
    /// stands for 1.925 ≤ x < 1.935), so intervals that only touch share no
    /// value: 1.93 and 1.94 cannot print the same amount.
    pub fn overlaps(&self, other: &Figure) -> bool {
        (self.value - other.value).abs() < self.half + other.half
            || (self.half.is_zero() && other.half.is_zero() && self.value == other.value)
    }

    /// Whether some value of this figure can be at most some value of `other`.
    pub fn can_be_at_most(&self, other: &Figure) -> bool {
        self.value - other.value < self.half + other.half || self.value <= other.value
    }
}

/// A closed interval [lo, hi].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    pub lo: Decimal,
    pub hi: Decimal,
}

impl Interval {
    pub fn contains_zero(&self) -> bool {
        self.lo <= Decimal::ZERO && self.hi >= Decimal::ZERO
    }

    pub fn intersects(&self, other: &Interval) -> bool {
        self.lo <= other.hi + slack() && other.lo <= self.hi + slack()
    }
}

/// The values a derived figure may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    Within(Interval),
    /// Any value: its divisor's interval contains zero.
    Any,
}

/// A figure computed from others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Derived {
    /// Computed from the central values of the inputs.
    pub central: Decimal,
    pub range: Range,
}

/// The interval of `f` over the box of its inputs' intervals, from the
/// corners of the box. Exact for the formulas used here, each monotone in
/// each input while the others are held (and a divisor keeps its sign).
fn over_corners(inputs: &[Figure], f: &dyn Fn(&[Decimal]) -> Option<Decimal>) -> Range {
    let mut lo: Option<Decimal> = None;
    let mut hi: Option<Decimal> = None;
    for corner in 0..(1u32 << inputs.len()) {
        let point: Vec<Decimal> = inputs
            .iter()
            .enumerate()
            .map(|(i, x)| {
                if corner & (1 << i) == 0 {
                    x.lo()
                } else {
                    x.hi()
                }
            })
            .collect();
        let Some(value) = f(&point) else {
            return Range::Any;
        };
        lo = Some(lo.map_or(value, |l| l.min(value)));
        hi = Some(hi.map_or(value, |h| h.max(value)));
    }
    match (lo, hi) {
        (Some(lo), Some(hi)) => Range::Within(Interval { lo, hi }),
        _ => Range::Any,
    }
}

fn hundred() -> Decimal {
    Decimal::ONE_HUNDRED
}

fn percent(num: Decimal, den: Decimal) -> Option<Decimal> {
    num.checked_mul(hundred())?.checked_div(den)
}

/// a − b.
pub fn difference(a: Figure, b: Figure) -> Derived {
    Derived {
        central: a.value - b.value,
        range: Range::Within(Interval {
            lo: a.lo() - b.hi(),
            hi: a.hi() - b.lo(),
        }),
    }
}

/// part / whole × 100; `None` when the whole is zero.
pub fn percent_of(part: Figure, whole: Figure) -> Option<Derived> {
    let central = percent(part.value, whole.value)?;
    let range = if whole.interval().contains_zero() {
        Range::Any
    } else {
        over_corners(&[part, whole], &|x| percent(x[0], x[1]))
    };
    Some(Derived { central, range })
}

/// (value − prior) / prior × 100 = (value / prior − 1) × 100, each input
/// used once; `None` when the prior is zero.
pub fn growth_percent(value: Figure, prior: Figure) -> Option<Derived> {
    let f = |v: Decimal, p: Decimal| percent(v, p).map(|x| x - hundred());
    let central = f(value.value, prior.value)?;
    let range = if prior.interval().contains_zero() {
        Range::Any
    } else {
        over_corners(&[value, prior], &|x| f(x[0], x[1]))
    };
    Some(Derived { central, range })
}

/// change / (value − change) × 100: a percentage change whose prior is
/// only known as value − change; `None` when that prior is zero.
pub fn percent_on_implied_prior(change: Figure, value: Figure) -> Option<Derived> {
    let f = |c: Decimal, v: Decimal| percent(c, v - c);
    let central = f(change.value, value.value)?;
    let implied_prior = Interval {
        lo: value.lo() - change.hi(),
        hi: value.hi() - change.lo(),
    };
    let range = if implied_prior.contains_zero() {
        Range::Any
    } else {
        over_corners(&[change, value], &|x| f(x[0], x[1]))
    };
    Some(Derived { central, range })
}

impl Derived {
    pub fn interval(&self) -> Option<Interval> {
        match self.range {
            Range::Within(i) => Some(i),
            Range::Any => None,
        }
    }
}

/// How a stated figure compares with the figure computed for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Within half a unit of its last printed digit of the central value.
    Ok,
    /// Off by less than one unit, and some admissible inputs give it.
    Warning,
    /// Anything else.
    Error,
}

/// Judges a stated derived figure against the value computed for it.
pub fn judge(stated: Figure, computed: &Derived) -> Verdict {
    let off = (stated.value - computed.central).abs();
    if off <= stated.half + slack() {
        return Verdict::Ok;
    }
    let reachable = match computed.range {
        Range::Any => true,
        Range::Within(range) => stated.interval().intersects(&range),
    };
    if off < stated.half * Decimal::TWO && reachable {
        Verdict::Warning
    } else {
        Verdict::Error
    }
}

/// A REAL from the database as the decimal it was printed as, rounded to
/// `decimals` places when known.
pub fn decimal_from_real(value: f64, decimals: Option<u32>) -> Option<Decimal> {
    let parsed = Decimal::from_str(&format!("{value}"))
        .ok()
        .or_else(|| Decimal::from_f64(value))?;
    Some(match decimals {
        Some(d) => parsed.round_dp_with_strategy(d.min(28), RoundingStrategy::MidpointAwayFromZero),
        None => parsed,
    })
}

/// A decimal for the output writer (the edge, where it is only printed).
pub fn to_f64(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(f64::NAN)
}

/// An interval as text, rounded outwards to `decimals` places.
pub fn describe(range: &Range, decimals: u32) -> String {
    match range {
        Range::Any => "inputs admit any value (the divisor's interval contains 0)".to_string(),
        Range::Within(i) => {
            let lo =
                i.lo.round_dp_with_strategy(decimals, RoundingStrategy::ToNegativeInfinity);
            let hi =
                i.hi.round_dp_with_strategy(decimals, RoundingStrategy::ToPositiveInfinity);
            format!("inputs admit {} to {}", lo.normalize(), hi.normalize())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).expect("a decimal")
    }

    fn wan(text: &str, decimals: u32) -> Figure {
        Figure::stated_amount(d(text), decimals, Decimal::ONE)
    }

    fn pct(text: &str, decimals: u32) -> Figure {
        Figure::stated_percent(d(text), decimals)
    }

    #[test]
    fn amounts_stand_for_at_least_two_decimals() {
        assert_eq!(wan("11.9", 1).half, d("0.005"));
        assert_eq!(wan("126318", 0).half, d("0.005"));
        assert_eq!(wan("1.234", 3).half, d("0.0005"));
        // 元: the same half unit, in 元 (0.005 元 = 0.0000005 万元).
        assert_eq!(
            Figure::stated_amount(d("0.0126"), 2, d("0.0001")).half,
            d("0.0000005")
        );
        assert_eq!(pct("109", 0).half, d("0.5"));
        assert_eq!(pct("20.63", 2).half, d("0.005"));
        assert_eq!(Figure::table(d("3")).half, d("0.005"));
    }

    #[test]
    fn seed_capital_expenditure_growth_is_an_error() {
        // econ:310: 11.9 on a prior of 3.00 is 396.67 %, stated 397.67 %.
        let computed =
            percent_of(wan("11.9", 1), Figure::table(d("3.00"))).expect("prior is not zero");
        assert_eq!(computed.central.round_dp(2), d("396.67"));
        let range = computed.interval().expect("bounded");
        assert_eq!(range.lo.round_dp(2), d("395.84"));
        assert_eq!(range.hi.round_dp(2), d("397.50"));
        assert_eq!(judge(pct("397.67", 2), &computed), Verdict::Error);
        assert_eq!(judge(pct("396.67", 2), &computed), Verdict::Ok);
    }

    #[test]
    fn contract_examples() {
        // A stated 20.63 for a computed 20.625 (0.33 / 1.60).
        let c = percent_of(wan("0.33", 2), Figure::table(d("1.60"))).unwrap();
        assert_eq!(c.central, d("20.625"));
        assert_eq!(judge(pct("20.63", 2), &c), Verdict::Ok);
        // 20.65 stated, 20.63 computed: off by two units of its last digit.
        assert_eq!(judge(pct("20.65", 2), &c), Verdict::Error);
        // A stated 109 for 109.007 (615.51 / 564.65).
        let c = percent_of(wan("615.51", 2), wan("564.65", 2)).unwrap();
        assert_eq!(judge(pct("109", 0), &c), Verdict::Ok);
        // 12.34 stated where every admissible input gives 12.3466–12.3471:
        // off by less than one unit, but no input gives it.
        let c = Derived {
            central: d("12.3468"),
            range: Range::Within(Interval {
                lo: d("12.3466"),
                hi: d("12.3471"),
            }),
        };
        assert_eq!(judge(pct("12.34", 2), &c), Verdict::Error);
        assert_eq!(judge(pct("12.35", 2), &c), Verdict::Ok);
    }

    #[test]
    fn warning_when_unrounded_inputs_give_it() {
        // 1.00 on 3.00 is 33.333 %; the inputs admit 33.11–33.56.
        let c = percent_of(wan("1.00", 2), Figure::table(d("3.00"))).unwrap();
        assert_eq!(judge(pct("33.33", 2), &c), Verdict::Ok);
        assert_eq!(judge(pct("33.34", 2), &c), Verdict::Warning);
        // One whole unit off is an error even though inputs admit it.
        assert_eq!(judge(pct("33.35", 2), &c), Verdict::Error);
        assert_eq!(judge(pct("33.32", 2), &c), Verdict::Error);
        // 2.00 on 3.00 is 66.667 %: truncated to 66.66 is a warning.
        let c = percent_of(wan("2.00", 2), Figure::table(d("3.00"))).unwrap();
        assert_eq!(judge(pct("66.67", 2), &c), Verdict::Ok);
        assert_eq!(judge(pct("66.66", 2), &c), Verdict::Warning);
    }

    #[test]
    fn division_by_zero_and_intervals_containing_zero() {
        assert_eq!(percent_of(wan("1", 0), Figure::table(Decimal::ZERO)), None);
        assert_eq!(
            growth_percent(wan("1", 0), Figure::table(Decimal::ZERO)),
            None
        );
        assert_eq!(percent_on_implied_prior(wan("0", 0), wan("0", 0)), None);
        // A divisor of 0.003 ± 0.005 contains zero: any value is admissible.
        let c = percent_of(wan("1", 0), wan("0.003", 3).with_half(d("0.005"))).unwrap();
        assert_eq!(c.range, Range::Any);
        assert_eq!(judge(pct("33333.34", 2), &c), Verdict::Warning);
        assert_eq!(judge(pct("1", 0), &c), Verdict::Error);
    }

    #[test]
    fn differences_and_growth() {
        let c = difference(Figure::table(d("14.90")), Figure::table(d("3.00")));
        assert_eq!(c.central, d("11.90"));
        assert_eq!(
            c.range,
            Range::Within(Interval {
                lo: d("11.89"),
                hi: d("11.91")
            })
        );
        assert_eq!(judge(wan("11.9", 1), &c), Verdict::Ok);
        // 14.90 on 3.00 grows 396.67 %.
        let g = growth_percent(Figure::table(d("14.90")), Figure::table(d("3.00"))).unwrap();
        assert_eq!(g.central.round_dp(2), d("396.67"));
        // −7152.81 on an implied prior of 0 − (−7152.81): −100 %.
        let p = percent_on_implied_prior(wan("-7152.81", 2), wan("0", 0)).unwrap();
        assert_eq!(p.central, d("-100"));
        assert_eq!(judge(pct("-100", 0), &p), Verdict::Ok);
    }

    #[test]
    fn sums_and_overlaps() {
        let parts = [d("112409.66"), d("973.46"), d("615.51"), d("20000")];
        let sum = Figure::sum(parts.map(Figure::table)).unwrap();
        assert_eq!(sum.value, d("133998.63"));
        assert_eq!(sum.half, d("0.020"));
        // Four rounded parts may sum to .63 while the total rounds to .62.
        assert!(wan("133998.62", 2).overlaps(&sum));
        assert!(!wan("133998.60", 2).overlaps(&sum));
        assert_eq!(Figure::sum([]), None);
    }

    #[test]
    fn reals_read_back_as_printed() {
        assert_eq!(decimal_from_real(397.67, Some(2)), Some(d("397.67")));
        assert_eq!(decimal_from_real(-0.9, Some(2)), Some(d("-0.90")));
        assert_eq!(decimal_from_real(0.1 + 0.2, Some(2)), Some(d("0.30")));
        assert_eq!(decimal_from_real(96.5, None), Some(d("96.5")));
    }

    #[test]
    fn describes_ranges_outwards() {
        let r = Range::Within(Interval {
            lo: d("395.840266"),
            hi: d("397.495826"),
        });
        assert_eq!(describe(&r, 4), "inputs admit 395.8402 to 397.4959");
    }
}

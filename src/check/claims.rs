//! Rule family `claim.*` (and `three_public.total`): each figure a report's
//! text states, reconciled with the tables at the precision it was printed
//! with.

use rust_decimal::Decimal;

use super::counterpart::{self, Field, Found};
use super::data::{wan, Claim, Data, Key};
use super::finding::{Finding, Severity, OFF, PRIOR_ZERO, WITHIN_INPUTS};
use super::interval::{
    decimal_from_real, describe, difference, growth_percent, judge, percent_of,
    percent_on_implied_prior, Derived, Figure, Interval, Range, Verdict,
};
use crate::model::metric::Metric;

pub fn check(data: &Data, findings: &mut Vec<Finding>) {
    for claim in &data.claims {
        let Ok(metric) = Metric::parse(&claim.metric) else {
            findings.push(
                Finding::new(
                    Severity::Info,
                    "claim.value",
                    claim.key.0,
                    &claim.key.1,
                    claim.metric.clone(),
                    "unverifiable: metric not understood",
                )
                .text(claim.text.as_deref())
                .source(claim.source.as_deref())
                .at("claims", claim.id),
            );
            continue;
        };
        let one = OneClaim::new(data, claim, metric);
        one.value(findings);
        one.budget(findings);
        one.change(findings);
        one.change_pct(findings);
        one.execution_pct(findings);
        one.share_pct(findings);
        one.budget_change(findings);
        one.budget_change_pct(findings);
    }
}

/// A stated figure with how to print it.
#[derive(Clone, Copy)]
struct Stated {
    figure: Figure,
    decimals: u32,
}

struct OneClaim<'a> {
    data: &'a Data,
    claim: &'a Claim,
    metric: Metric,
    /// 万元 per unit of the claim's amounts: 1 for 万元, 0.0001 for 元.
    unit_in_wan: Decimal,
}

impl<'a> OneClaim<'a> {
    fn new(data: &'a Data, claim: &'a Claim, metric: Metric) -> OneClaim<'a> {
        let unit_in_wan = if claim.unit == "元" {
            Decimal::new(1, 4)
        } else {
            Decimal::ONE
        };
        OneClaim {
            data,
            claim,
            metric,
            unit_in_wan,
        }
    }

    fn key(&self) -> &Key {
        &self.claim.key
    }

    fn prior_key(&self) -> Key {
        (self.claim.key.0 - 1, self.claim.key.1.clone())
    }

    fn amount(&self, stated: Option<(i64, u32)>) -> Option<Stated> {
        stated.map(|(fen, decimals)| Stated {
            figure: Figure::stated_amount(wan(fen), decimals, self.unit_in_wan),
            decimals: decimals.max(2),
        })
    }

    fn percent(&self, stated: Option<(f64, u32)>) -> Option<Stated> {
        let (value, decimals) = stated?;
        decimal_from_real(value, Some(decimals)).map(|v| Stated {
            figure: Figure::stated_percent(v, decimals),
            decimals,
        })
    }

    /// An amount in 万元 as printed in the claim's unit.
    fn shown(&self, value: Decimal) -> Decimal {
        value / self.unit_in_wan
    }

    fn finding(&self, severity: Severity, rule: &'static str, case: impl Into<String>) -> Finding {
        Finding::new(
            severity,
            rule,
            self.claim.key.0,
            &self.claim.key.1,
            self.metric.to_string(),
            case,
        )
        .text(self.claim.text.as_deref())
        .source(self.claim.source.as_deref())
        .at("claims", self.claim.id)
    }

    fn unverifiable(&self, rule: &'static str, why: &str, found: Decimal) -> Finding {
        self.finding(Severity::Info, rule, format!("unverifiable: {why}"))
            .figures(None, Some(found))
    }

    /// The claim's stated value, else the table's.
    fn value_figure(&self) -> Result<Found, String> {
        match self.amount(self.claim.value) {
            Some(stated) => Ok(own(stated)),
            None => counterpart::lookup(self.data, self.key(), &self.metric, Field::Value),
        }
    }

    /// value and budget against their table counterparts: the intervals of
    /// the stated and the table figure must overlap.
    fn compare_with_table(
        &self,
        stated: Option<(i64, u32)>,
        field: Field,
        findings: &mut Vec<Finding>,
    ) {
        let Some(stated) = self.amount(stated) else {
            return;
        };
        let rule = match (&self.metric, field) {
            (Metric::ThreePublic(None), _) => "three_public.total",
            (_, Field::Value) => "claim.value",
            (_, Field::Budget) => "claim.budget",
        };
        let found = self.shown(stated.figure.value);
        match counterpart::lookup(self.data, self.key(), &self.metric, field) {
            Err(why) => findings.push(self.unverifiable(rule, &why, found)),
            Ok(Found {
                figure: table,
                rows,
            }) if !stated.figure.overlaps(&table) => findings.push(
                self.finding(
                    Severity::Error,
                    rule,
                    format!(
                        "{OFF} (stated ±{}, table ±{})",
                        self.shown(stated.figure.half).normalize(),
                        self.shown(table.half).normalize()
                    ),
                )
                .figures(Some(self.shown(table.value)), Some(found))
                .at_rows(&rows),
            ),
            Ok(_) => {}
        }
    }

    fn value(&self, findings: &mut Vec<Finding>) {
        self.compare_with_table(self.claim.value, Field::Value, findings);
    }

    fn budget(&self, findings: &mut Vec<Finding>) {
        self.compare_with_table(self.claim.budget, Field::Budget, findings);
    }

    /// A stated derived figure against the value computed for it.
    fn judged(
        &self,
        rule: &'static str,
        stated: Stated,
        computed: &Derived,
        is_amount: bool,
    ) -> Option<Finding> {
        let verdict = judge(stated.figure, computed);
        let scale = |v: Decimal| if is_amount { self.shown(v) } else { v };
        let range = match computed.range {
            Range::Any => Range::Any,
            Range::Within(i) => Range::Within(Interval {
                lo: scale(i.lo),
                hi: scale(i.hi),
            }),
        };
        let (severity, wording) = match verdict {
            Verdict::Ok => return None,
            Verdict::Warning => (Severity::Warning, WITHIN_INPUTS),
            Verdict::Error => (Severity::Error, OFF),
        };
        Some(
            self.finding(
                severity,
                rule,
                format!("{wording} ({})", describe(&range, stated.decimals + 2)),
            )
            .figures(
                Some(scale(computed.central)),
                Some(scale(stated.figure.value)),
            ),
        )
    }

    /// change vs this year's table value − the prior year's.
    fn change(&self, findings: &mut Vec<Finding>) {
        let rule = "claim.change";
        let Some(stated) = self.amount(self.claim.change) else {
            return;
        };
        let found = self.shown(stated.figure.value);
        let this = counterpart::lookup(self.data, self.key(), &self.metric, Field::Value)
            .or_else(|why| self.amount(self.claim.value).map(own).ok_or(why));
        let prior = counterpart::lookup(self.data, &self.prior_key(), &self.metric, Field::Value);
        match (this, prior) {
            (Ok(this), Ok(prior)) => {
                let judged =
                    self.judged(rule, stated, &difference(this.figure, prior.figure), true);
                findings.extend(judged.map(|f| f.at_rows(&this.rows).at_rows(&prior.rows)));
            }
            (Err(why), _) | (_, Err(why)) => findings.push(self.unverifiable(rule, &why, found)),
        }
    }

    /// change_pct vs change / prior × 100.
    fn change_pct(&self, findings: &mut Vec<Finding>) {
        let rule = "claim.change_pct";
        let Some(stated) = self.percent(self.claim.change_pct) else {
            return;
        };
        let found = stated.figure.value;
        let change = self.amount(self.claim.change).map(|s| s.figure);
        let prior_year = self.claim.key.0 - 1;
        // `增长0%` of nothing on nothing changes nothing: only a rise or a
        // fall of a stated percentage from zero is wrong.
        let no_change = found.is_zero()
            && match change {
                Some(change) => change.value.is_zero(),
                None => self.value_figure().is_ok_and(|v| v.figure.value.is_zero()),
            };
        let prior_zero = || {
            self.finding(
                Severity::Error,
                rule,
                format!("{PRIOR_ZERO} ({} of {prior_year} is 0)", self.metric),
            )
            .figures(None, Some(found))
        };
        let prior = counterpart::lookup(self.data, &self.prior_key(), &self.metric, Field::Value);
        // The rows the computed percentage is read from, for the finding.
        let mut read: Vec<(&'static str, i64)> = Vec::new();
        let computed = match prior.map(|p| {
            read.extend(&p.rows);
            p.figure
        }) {
            Ok(prior) if prior.value.is_zero() && no_change => return,
            Ok(prior) if prior.value.is_zero() => {
                return findings.push(prior_zero().at_rows(&read))
            }
            Ok(prior) if prior.value.is_sign_negative() => {
                return findings.push(self.unverifiable(
                    rule,
                    &format!(
                        "the prior of {prior_year} is negative ({}), so it is suspect",
                        prior.value.normalize()
                    ),
                    found,
                ))
            }
            Ok(prior) => match change {
                Some(change) => percent_of(change, prior),
                None => match self.value_figure() {
                    Ok(value) => {
                        read.extend(&value.rows);
                        growth_percent(value.figure, prior)
                    }
                    Err(why) => return findings.push(self.unverifiable(rule, &why, found)),
                },
            },
            Err(why) => match (change, self.value_figure().map(|v| v.figure)) {
                (Some(change), Ok(value)) => {
                    let implied = value.value - change.value;
                    if implied.is_zero() && no_change {
                        return;
                    }
                    if implied.is_zero() {
                        return findings.push(prior_zero());
                    }
                    if implied.is_sign_negative() {
                        let why = format!(
                                "the prior implied by the stated change ({} − {}) is negative, so one of them is suspect",
                                value.value.normalize(),
                                change.value.normalize()
                            );
                        return findings.push(self.unverifiable(rule, &why, found));
                    }
                    percent_on_implied_prior(change, value)
                }
                _ => return findings.push(self.unverifiable(rule, &why, found)),
            },
        };
        if let Some(computed) = computed {
            findings.extend(
                self.judged(rule, stated, &computed, false)
                    .map(|f| f.at_rows(&read)),
            );
        }
    }

    /// execution_pct vs value / budget × 100.
    fn execution_pct(&self, findings: &mut Vec<Finding>) {
        let rule = "claim.execution_pct";
        let Some(stated) = self.percent(self.claim.execution_pct) else {
            return;
        };
        let found = stated.figure.value;
        match (self.value_figure(), self.budget_figure()) {
            (Err(why), _) | (_, Err(why)) => findings.push(self.unverifiable(rule, &why, found)),
            (Ok(value), Ok(budget)) => match percent_of(value.figure, budget.figure) {
                None => findings.push(self.unverifiable(rule, "the budget is zero", found)),
                Some(computed) => findings.extend(
                    self.judged(rule, stated, &computed, false)
                        .map(|f| f.at_rows(&value.rows).at_rows(&budget.rows)),
                ),
            },
        }
    }

    /// The claim's stated budget, else the table's.
    fn budget_figure(&self) -> Result<Found, String> {
        match self.amount(self.claim.budget) {
            Some(stated) => Ok(own(stated)),
            None => counterpart::lookup(self.data, self.key(), &self.metric, Field::Budget),
        }
    }

    /// budget_change (较预算增减) vs value − budget.
    fn budget_change(&self, findings: &mut Vec<Finding>) {
        let rule = "claim.budget_change";
        let Some(stated) = self.amount(self.claim.budget_change) else {
            return;
        };
        let found = self.shown(stated.figure.value);
        match (self.value_figure(), self.budget_figure()) {
            (Ok(value), Ok(budget)) => {
                let judged =
                    self.judged(rule, stated, &difference(value.figure, budget.figure), true);
                findings.extend(judged.map(|f| f.at_rows(&value.rows).at_rows(&budget.rows)));
            }
            (Err(why), _) | (_, Err(why)) => findings.push(self.unverifiable(rule, &why, found)),
        }
    }

    /// budget_change_pct (较预算增减率) vs budget_change / budget × 100, or
    /// (value / budget − 1) × 100 when no change is stated.
    fn budget_change_pct(&self, findings: &mut Vec<Finding>) {
        let rule = "claim.budget_change_pct";
        let Some(stated) = self.percent(self.claim.budget_change_pct) else {
            return;
        };
        let found = stated.figure.value;
        let budget = match self.budget_figure() {
            Ok(budget) => budget,
            Err(why) => return findings.push(self.unverifiable(rule, &why, found)),
        };
        let mut read = budget.rows;
        let computed = match self.amount(self.claim.budget_change) {
            Some(change) => percent_of(change.figure, budget.figure),
            None => match self.value_figure() {
                Ok(value) => {
                    read.extend(value.rows);
                    growth_percent(value.figure, budget.figure)
                }
                Err(why) => return findings.push(self.unverifiable(rule, &why, found)),
            },
        };
        match computed {
            None => findings.push(self.unverifiable(rule, "the budget is zero", found)),
            Some(computed) => findings.extend(
                self.judged(rule, stated, &computed, false)
                    .map(|f| f.at_rows(&read)),
            ),
        }
    }

    /// share_pct vs value / whole × 100.
    fn share_pct(&self, findings: &mut Vec<Finding>) {
        let rule = "claim.share_pct";
        let Some(stated) = self.percent(self.claim.share_pct) else {
            return;
        };
        let found = stated.figure.value;
        let whole = counterpart::whole(self.data, self.key(), &self.metric);
        match (self.value_figure(), whole) {
            (Err(why), _) | (_, Err(why)) => findings.push(self.unverifiable(rule, &why, found)),
            (Ok(value), Ok(whole)) => match percent_of(value.figure, whole.figure) {
                None => findings.push(self.unverifiable(rule, "the whole is zero", found)),
                Some(computed) => findings.extend(
                    self.judged(rule, stated, &computed, false)
                        .map(|f| f.at_rows(&value.rows).at_rows(&whole.rows)),
                ),
            },
        }
    }
}

/// A figure the claim states: its own row (the claim) already names it.
fn own(stated: Stated) -> Found {
    Found {
        figure: stated.figure,
        rows: Vec::new(),
    }
}

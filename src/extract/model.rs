//! The report as extracted: what the narrative (and, in time, the standard
//! tables) state, in one model. The readers fill it (`super::text` reads
//! the narrative); `super::rows` turns it into contract rows. It imports
//! neither, so the readers and the writers depend on it and not on each
//! other.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::model::metric::Metric;
use crate::model::value::{AmountUnit, Printed};

/// The parts of a report `extract` gives an account of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Basics,
    Income,
    Expenditure,
    Functions,
    Economic,
    ThreePublic,
    OperatingCosts,
    Procurement,
    Evaluations,
    Indicators,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::Basics,
        Section::Income,
        Section::Expenditure,
        Section::Functions,
        Section::Economic,
        Section::ThreePublic,
        Section::OperatingCosts,
        Section::Procurement,
        Section::Evaluations,
        Section::Indicators,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Basics => "部门基本情况 (department, year, units, staff)",
            Section::Income => "收入决算 (income)",
            Section::Expenditure => "支出决算 (expenditure)",
            Section::Functions => "财政拨款支出 by 类 (fiscal expenditure by function)",
            Section::Economic => {
                "一般公共预算财政拨款基本支出 by 类 (basic expenditure by economic class)"
            }
            Section::ThreePublic => "“三公”经费 (three public expenses)",
            Section::OperatingCosts => "机关运行经费 (operating costs)",
            Section::Procurement => "政府采购 (procurement)",
            Section::Evaluations => "预算绩效 (evaluations)",
            Section::Indicators => "绩效指标 (indicators)",
        }
    }

    /// The section a claim metric belongs to.
    pub fn of_metric(metric: &Metric) -> Section {
        match metric {
            Metric::Report("operating_costs") => Section::OperatingCosts,
            Metric::Report(c) if c.starts_with("income") || *c == "carryover_begin" => {
                Section::Income
            }
            Metric::Report(_) => Section::Expenditure,
            Metric::Income(_) => Section::Income,
            Metric::Function(_) => Section::Functions,
            Metric::Econ(_) => Section::Economic,
            Metric::ThreePublic(_) => Section::ThreePublic,
            Metric::Procurement(_) => Section::Procurement,
            Metric::Evaluations(_) | Metric::Evaluation(_) => Section::Evaluations,
        }
    }

    /// The section a kind's rows belong to.
    pub fn of_kind(kind: &str) -> Section {
        match kind {
            "three_public" => Section::ThreePublic,
            "procurement" => Section::Procurement,
            "economic_expenditures" => Section::Economic,
            "expenditures" => Section::Functions,
            "income" => Section::Income,
            "evaluations" => Section::Evaluations,
            "indicators" => Section::Indicators,
            _ => Section::Basics,
        }
    }
}

/// An amount as a report states it, in 万元: exact 分 and the decimals it
/// stands for in 万元 (an amount printed in 元 has four more).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stated {
    pub fen: i64,
    pub decimals: u32,
    /// The unit it was printed in.
    pub printed: AmountUnit,
}

/// The figures stated about one subject.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub value: Option<Stated>,
    pub change: Option<Stated>,
    pub change_pct: Option<Printed>,
    pub budget: Option<Stated>,
    pub execution_pct: Option<Printed>,
    pub share_pct: Option<Printed>,
    pub count: Option<i64>,
    /// `value` came from an unmarked amount (no `决算数为`).
    pub(crate) value_unmarked: bool,
}

/// One evaluation row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evaluation {
    pub project: String,
    pub method: &'static str,
    pub unit: Option<String>,
    pub evaluator: Option<String>,
    pub budget_initial: Option<Stated>,
    pub budget_full_year: Option<Stated>,
    pub executed: Option<Stated>,
    pub score: Option<Printed>,
    pub grade: Option<&'static str>,
}

/// One indicator row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    pub project: String,
    pub method: &'static str,
    pub level1: String,
    pub level2: Option<String>,
    pub level3: String,
    pub weight: Printed,
    pub score: Option<Printed>,
    /// 年度指标值 and 实际完成值, as printed, where the analysis states them.
    pub target: Option<String>,
    pub actual: Option<String>,
}

/// A figure as the narrative states it, with its sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    pub metric: Metric,
    pub figures: Figures,
    pub text: String,
}

/// A functional 类 figure of one fund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expenditure {
    pub fund: &'static str,
    pub code: &'static str,
    pub budget: Option<Stated>,
    pub total: Option<Stated>,
    /// The stated change on the year before.
    pub change: Option<Stated>,
}

/// Everything extracted from one report.
#[derive(Debug, Default)]
pub struct Extracted {
    pub year: i64,
    pub department: String,
    /// The name the title prints, when it is an abbreviation of `department`.
    pub short_name: Option<String>,
    pub units: Vec<String>,
    /// `reports` count columns.
    pub counts: BTreeMap<&'static str, i64>,
    pub claims: Vec<Claim>,
    pub expenditures: Vec<Expenditure>,
    /// 公务接待 batches and persons.
    pub reception: (Option<i64>, Option<i64>),
    pub evaluations: Vec<Evaluation>,
    pub indicators: Vec<Indicator>,
    /// What was noticed on the way, by section.
    pub notes: Vec<(Section, String)>,
}

/// Who and when, when the caller knows better than the text.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub year: Option<i64>,
    pub department: Option<String>,
}

impl Extracted {
    /// The claim of a metric, if stated.
    pub fn claim(&self, metric: &Metric) -> Option<&Claim> {
        self.claims.iter().find(|c| &c.metric == metric)
    }

    pub fn note(&mut self, section: Section, note: impl Into<String>) {
        self.notes.push((section, note.into()));
    }
}

/// An amount with the decimals it was printed with, in 万元.
pub fn amount(stated: Stated) -> String {
    let mut value = Decimal::new(stated.fen, 6);
    value.rescale(stated.decimals.min(6));
    value.to_string()
}

//! The report as extracted: what the narrative and the standard tables
//! state, in one model. The readers fill it (`super::text` reads the
//! narrative, `super::tables` the tables); `super::rows` turns it into contract rows. It imports
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
    Assets,
    Evaluations,
    Indicators,
    /// The standard tables: which are printed, and what they say.
    Tables,
}

impl Section {
    pub const ALL: [Section; 12] = [
        Section::Basics,
        Section::Income,
        Section::Expenditure,
        Section::Functions,
        Section::Economic,
        Section::ThreePublic,
        Section::OperatingCosts,
        Section::Procurement,
        Section::Assets,
        Section::Evaluations,
        Section::Indicators,
        Section::Tables,
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
            Section::Assets => "国有资产占用 (assets)",
            Section::Evaluations => "预算绩效 (evaluations)",
            Section::Indicators => "绩效指标 (indicators)",
            Section::Tables => "决算表 (the standard tables)",
        }
    }

    /// The section a claim metric belongs to.
    pub fn of_metric(metric: &Metric) -> Section {
        match metric {
            Metric::Report("operating_costs") => Section::OperatingCosts,
            Metric::Report(c)
                if c.starts_with("income")
                    || *c == "carryover_begin"
                    || *c == "nonfiscal_balance_used" =>
            {
                Section::Income
            }
            Metric::Report(_) => Section::Expenditure,
            Metric::Income(_) => Section::Income,
            Metric::Function(_) | Metric::FunctionOf(..) => Section::Functions,
            Metric::Fund(_, "income" | "carryover_begin") => Section::Income,
            Metric::Fund(..) => Section::Functions,
            Metric::Basic(_) => Section::Economic,
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
            "assets" => Section::Assets,
            "economic_expenditures" => Section::Economic,
            "expenditures" => Section::Functions,
            "income" => Section::Income,
            "evaluations" => Section::Evaluations,
            "indicators" => Section::Indicators,
            "fund_accounts" | "disclosures" => Section::Tables,
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
    /// The stated difference from the budget (`比预算减少1万元`,
    /// `决算数大于预算数5万元`), and in percent.
    pub budget_change: Option<Stated>,
    pub budget_change_pct: Option<Printed>,
    pub count: Option<i64>,
    /// `value` came from an unmarked amount (no `决算数为`).
    pub(crate) value_unmarked: bool,
    /// `budget` is not printed: it is `value − budget_change`.
    pub budget_derived: bool,
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
    /// 因公出国(境) groups (团组) and persons (人次).
    pub outbound: (Option<i64>, Option<i64>),
    /// 公务用车保有量: the vehicles kept.
    pub vehicles: Option<i64>,
    pub evaluations: Vec<Evaluation>,
    pub indicators: Vec<Indicator>,
    /// 国有资产占用: the narrative's counts (`共有车辆2辆，其中：一般公务用车1辆`)
    /// and the 国有资产占用情况表's lines, one per item; see [`Extracted::put_asset`].
    pub assets: Vec<Asset>,
    /// The publication's own lines that its consistency rules read: title,
    /// headings, the 目录's entries, table titles, and the sentences that
    /// date a figure or compare a 决算数 with a 预算数 in words.
    pub texts: Vec<PublicationText>,
    /// What was noticed on the way, by section.
    pub notes: Vec<(Section, String)>,
    /// The standard tables the report prints, as `super::tables` read them.
    pub tables: Vec<StandardTable>,
    /// The file the tables were read from, as `source` names it.
    pub file: String,
    /// The input was one tables can be read from (a PDF or a workbook), so
    /// a standard table not found is missing, not unknown.
    pub tables_read: bool,
}

/// One state-owned asset item (an `assets` row): a count with its measure
/// (`一般公务用车`, 2, `辆`), a value, or both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    /// As printed, folded (`一般公务用车`, `单价100万元(含)以上设备(不含车辆)`);
    /// the whole fleet is `车辆总数` however it is printed (`车辆`, `车辆数`).
    pub item: String,
    pub quantity: Option<Printed>,
    /// 计量单位 (`辆`, `台(套)`).
    pub measure: Option<String>,
    pub value: Option<Stated>,
    /// Where it is printed: a table line's source, or `text` for the narrative.
    pub source: String,
    /// Read from a table (the narrative's item of the same name gives way).
    pub from_table: bool,
}

/// The standard tables of a 部门决算, in the order reports print them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableId {
    /// 收入支出决算总表
    Overview,
    /// 收入决算表
    Income,
    /// 支出决算表
    Expenditure,
    /// 财政拨款收入支出决算总表
    FiscalOverview,
    /// 一般公共预算财政拨款支出决算表
    GeneralExpenditure,
    /// 一般公共预算财政拨款基本支出决算表
    GeneralBasic,
    /// 财政拨款“三公”经费支出决算表
    ThreePublic,
    /// 政府性基金预算财政拨款收入支出决算表
    GovFund,
    /// 国有资本经营预算财政拨款收入支出决算表
    StateCapital,
    /// 国有资产占用情况表 (some reports add it, as the next two).
    Assets,
    /// 机关运行经费支出决算表
    OperatingCosts,
    /// 政府采购情况表
    Procurement,
    /// The three in one table: 机构运行经费支出、国有资产占用情况及政府采购支出信息表
    /// (Inner Mongolia), 机构运行信息表.
    OperationInfo,
}

impl TableId {
    pub const ALL: [TableId; 9] = [
        TableId::Overview,
        TableId::Income,
        TableId::Expenditure,
        TableId::FiscalOverview,
        TableId::GeneralExpenditure,
        TableId::GeneralBasic,
        TableId::ThreePublic,
        TableId::GovFund,
        TableId::StateCapital,
    ];

    /// The standard title, as `disclosures.table` holds it.
    pub fn title(self) -> &'static str {
        match self {
            TableId::Overview => "收入支出决算总表",
            TableId::Income => "收入决算表",
            TableId::Expenditure => "支出决算表",
            TableId::FiscalOverview => "财政拨款收入支出决算总表",
            TableId::GeneralExpenditure => "一般公共预算财政拨款支出决算表",
            TableId::GeneralBasic => "一般公共预算财政拨款基本支出决算表",
            TableId::ThreePublic => "财政拨款“三公”经费支出决算表",
            TableId::GovFund => "政府性基金预算财政拨款收入支出决算表",
            TableId::StateCapital => "国有资本经营预算财政拨款收入支出决算表",
            TableId::Assets => "国有资产占用情况表",
            TableId::OperatingCosts => "机关运行经费支出决算表",
            TableId::Procurement => "政府采购情况表",
            TableId::OperationInfo => "机构运行经费支出、国有资产占用情况及政府采购支出信息表",
        }
    }

    /// The tables only some reports carry: a `disclosures` row when printed,
    /// never `missing`.
    pub const OPTIONAL: [TableId; 4] = [
        TableId::Assets,
        TableId::OperatingCosts,
        TableId::Procurement,
        TableId::OperationInfo,
    ];

    pub fn is_optional(self) -> bool {
        Self::OPTIONAL.contains(&self)
    }

    /// The `disclosures` titles a printed table stands for: its own, or the
    /// three a combined table holds.
    pub fn disclosed(self) -> &'static [TableId] {
        match self {
            TableId::OperationInfo => &[
                TableId::OperatingCosts,
                TableId::Assets,
                TableId::Procurement,
            ],
            TableId::Assets => &[TableId::Assets],
            TableId::OperatingCosts => &[TableId::OperatingCosts],
            TableId::Procurement => &[TableId::Procurement],
            _ => &[],
        }
    }
}

/// Whether a printed table holds figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableStatus {
    Present,
    /// Printed with a 本表无数据 note, or with no figure.
    Empty,
}

/// One standard table as printed: where, in which unit, and its lines.
#[derive(Clone, Debug, PartialEq)]
pub struct StandardTable {
    pub id: TableId,
    pub status: TableStatus,
    /// The first page (a PDF) or the sheet (a workbook) it is printed on.
    pub place: String,
    /// The page number, for a PDF.
    pub page: Option<u32>,
    pub unit: AmountUnit,
    pub lines: Vec<TableLine>,
    /// What the reader noticed (a unit line missing, a note).
    pub notes: Vec<String>,
}

/// What a line of a standard table is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineKey {
    /// A functional or economic code (3, 5 or 7 digits), printed or
    /// told by a 类 name.
    Code(String),
    /// The table's 合计 (or 总计 of a code table).
    Total,
    /// A named line of a label table: an income source (`general`), a
    /// `reports` column (`income_current`), or a table's own item
    /// (`carryover_begin:general`); the catalogue of `super::tables`
    /// names them.
    Item(&'static str),
}

/// One line of a standard table: its key, its label as printed, and its
/// amounts by column (`total`, `basic`, `fiscal`, `budget:reception` …).
#[derive(Clone, Debug, PartialEq)]
pub struct TableLine {
    /// 0 for the left (or only) side, 1 for the right side of a
    /// two-sided table, 2 for a third.
    pub side: u8,
    pub key: LineKey,
    pub label: String,
    pub amounts: Vec<(&'static str, Stated)>,
    /// Its words by column (`measure`: the 计量单位 of an asset line).
    pub texts: Vec<(&'static str, String)>,
    /// Where it is printed: `p.7 支出决算表` or `公开03表!B12`.
    pub source: String,
}

impl TableLine {
    pub fn amount(&self, column: &str) -> Option<Stated> {
        self.amounts
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, s)| *s)
    }

    pub fn text(&self, column: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, t)| t.as_str())
    }
}

impl StandardTable {
    /// The table's lines on a side with a key.
    pub fn line(&self, side: u8, key: &LineKey) -> Option<&TableLine> {
        self.lines.iter().find(|l| l.side == side && &l.key == key)
    }
}

/// A line or sentence of the publication kept as printed (a `texts` row).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicationText {
    /// A `vocab::TEXT_ROLES` id: title, heading, contents, table_title,
    /// sentence, comparison.
    pub role: &'static str,
    /// The page it is printed on (1-based), when the input has page breaks.
    pub page: Option<u32>,
    /// As printed, whitespace removed.
    pub text: String,
    /// For a comparison: what its words say and the two figures they
    /// compare, each only when certain which figure it is.
    pub relation: Option<&'static str>,
    pub actual: Option<Stated>,
    pub budget: Option<Stated>,
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

    /// Adds an asset item. One rule for a figure both readers give: the
    /// table's wins (it prints the figure in its own column), the
    /// narrative's gives way, and a narrative figure that disagrees is noted.
    /// Two lines of one item in tables: the first is kept, the other noted.
    pub fn put_asset(&mut self, asset: Asset) {
        let Some(at) = self.assets.iter().position(|a| a.item == asset.item) else {
            self.assets.push(asset);
            return;
        };
        let kept = &self.assets[at];
        let differs = |a: &Asset, b: &Asset| {
            (a.quantity.is_some() && b.quantity.is_some() && a.quantity != b.quantity)
                || (a.value.is_some() && b.value.is_some() && a.value != b.value)
        };
        let (note, replace) = match (kept.from_table, asset.from_table) {
            (false, true) => (
                differs(kept, &asset).then(|| {
                    format!(
                        "assets {}: the text states {}, {} prints {}; the table's is kept",
                        asset.item,
                        asset_figure(kept),
                        asset.source,
                        asset_figure(&asset)
                    )
                }),
                true,
            ),
            (true, false) => (
                differs(kept, &asset).then(|| {
                    format!(
                        "assets {}: the text states {}, {} prints {}; the table's is kept",
                        asset.item,
                        asset_figure(&asset),
                        kept.source,
                        asset_figure(kept)
                    )
                }),
                false,
            ),
            _ => (
                Some(format!(
                    "assets {}: printed again at {} ({}); the first, at {}, is kept",
                    asset.item,
                    asset.source,
                    asset_figure(&asset),
                    kept.source
                )),
                false,
            ),
        };
        if let Some(note) = note {
            self.note(Section::Assets, note);
        }
        if replace {
            let mut asset = asset;
            let kept = &self.assets[at];
            asset.measure = asset.measure.or_else(|| kept.measure.clone());
            self.assets[at] = asset;
        }
    }
}

fn asset_figure(asset: &Asset) -> String {
    let mut parts = Vec::new();
    if let Some(q) = asset.quantity {
        parts.push(format!(
            "{}{}",
            q.value,
            asset.measure.as_deref().unwrap_or("")
        ));
    }
    if let Some(v) = asset.value {
        parts.push(format!("{}万元", amount(v)));
    }
    parts.join(", ")
}

/// An amount with the decimals it was printed with, in 万元.
pub fn amount(stated: Stated) -> String {
    let mut value = Decimal::new(stated.fen, 6);
    value.rescale(stated.decimals.min(6));
    value.to_string()
}

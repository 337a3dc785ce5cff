//! One sentence of the narrative to the figures it states.
//!
//! The template states a figure as LABEL [marker] AMOUNT followed by what
//! qualifies it, in any order and any number:
//!
//! - a change on the year before: `较上年|比上年|较2020年|与2020年相比|同比`,
//!   then `增加|增长|上升` or `减少|下降|降低`, then an amount; the same verbs
//!   before a percentage; `持平`, `相同`, `无增减变化` mean a change of 0;
//! - a budget: `年初预算数为|预算数为|全年预算数为` + amount, with the
//!   actual figure after `决算数为|执行数为`;
//! - execution: `完成(年初|全年)预算(的)` or `预算执行率` + percentage;
//! - a share: `占…(的)` + percentage.
//!
//! Each figure is read by what is printed right before it (its *lead*), so
//! the order of clauses, the comparison words and the punctuation may vary.
//! A change measured against the budget (`较年初预算数减少`) is not a change
//! on the year before and is left out.

use super::labels::{self, Label, Target};
use super::scan::{self, Token, Unit};
use crate::extract::model::{Figures, Stated};
use crate::model::metric::Metric;

/// Which table a bare 类 name belongs to, from the section it is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// No 类 figures expected.
    None,
    /// Functional 类 of this fund (`all`, `fiscal`, `general`).
    Functions(&'static str),
    /// Economic 类 of general-fund basic expenditure.
    Economic,
}

impl Scope {
    /// The scope a section heading opens.
    pub fn of_heading(heading: &str) -> Scope {
        if heading.contains("基本支出") {
            Scope::Economic
        } else if heading.contains("政府性基金") {
            Scope::Functions("gov_fund")
        } else if heading.contains("国有资本经营") {
            Scope::Functions("state_capital")
        } else if heading.contains("一般公共预算财政拨款支出") {
            Scope::Functions("general")
        } else if heading.contains("财政拨款支出") {
            Scope::Functions("fiscal")
        } else if heading.contains("支出决算") {
            Scope::Functions("all")
        } else {
            Scope::None
        }
    }

    fn allows(self, target: &Target) -> bool {
        match target {
            Target::FunctionClass(_) => matches!(self, Scope::Functions(_)),
            Target::EconomicClass(_) => self == Scope::Economic,
            _ => true,
        }
    }
}

/// What a statement is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    Claim(Metric),
    /// A functional 类 of `fund`.
    Function {
        fund: &'static str,
        code: &'static str,
    },
    /// An economic 类 of general-fund basic expenditure.
    Economic(&'static str),
    /// A `reports` count column.
    Count(&'static str),
    /// A figure with no place in the contract, by its label.
    Unrecorded(String),
}

/// A subject and what the sentence says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub subject: Subject,
    pub figures: Figures,
}

/// What a sentence parser needs to know of the text around the sentence.
#[derive(Clone, Debug)]
pub struct Context {
    pub scope: Scope,
    /// The project the last evaluation paragraph named.
    pub project: Option<String>,
    /// The last statement of the sentence before, in the same paragraph: a
    /// sentence that opens with a change ("…的资金。较2020年度决算数减少
    /// 157.86万元，下降29.2%") qualifies it.
    pub carried: Option<Statement>,
}

impl Figures {
    /// Whether these figures keep every figure of `earlier` and perhaps
    /// add some: a restatement that completes, not contradicts.
    pub fn extends(&self, earlier: &Figures) -> bool {
        fn keeps<T: PartialEq>(now: &Option<T>, before: &Option<T>) -> bool {
            before.is_none() || now == before
        }
        keeps(&self.value, &earlier.value)
            && keeps(&self.change, &earlier.change)
            && keeps(&self.change_pct, &earlier.change_pct)
            && keeps(&self.budget, &earlier.budget)
            && keeps(&self.execution_pct, &earlier.execution_pct)
            && keeps(&self.share_pct, &earlier.share_pct)
            && keeps(&self.count, &earlier.count)
    }
}

const RISE: [&str; 4] = ["增加", "增长", "上升", "增长率"];
const FALL: [&str; 5] = ["减少", "下降", "降低", "减", "下降率"];
const COMPARATORS: [&str; 5] = ["较", "比", "与", "同比", "相比"];
const FLAT: [&str; 5] = ["持平", "相同", "无增减变化", "无变化", "一致"];

/// The statements of one folded sentence.
///
/// A figure that names nothing known and is not marked as the current
/// subject's (`决算数为`) is left out, and so are the changes and
/// percentages that follow it until the next subject: they qualify it, not
/// the statement before.
pub fn parse(folded: &str, labels: &[Label], context: &mut Context) -> Vec<Statement> {
    let mut reader = Reader {
        labels,
        current: context.carried.take(),
        context,
        out: Vec::new(),
        orphaned: false,
        after_budget_comparison: false,
    };
    let mut previous_end = 0;
    for token in scan::tokens(folded) {
        let lead = scan::slice(folded, previous_end, token.start);
        previous_end = token.end;
        reader.flat(&lead);
        match token.unit {
            Unit::Money(_) => {
                if let Some(amount) = token.stated() {
                    reader.money(&lead, amount, &scan::slice(folded, 0, token.start));
                }
            }
            Unit::Percent => reader.percent(&lead, &token),
            Unit::Count("人" | "个" | "家") => reader.count(&lead, &token),
            Unit::Count(_) => {}
        }
    }
    reader.flat(&scan::slice(folded, previous_end, usize::MAX));
    reader.finish();
    let Reader {
        out,
        orphaned,
        context,
        ..
    } = reader;
    context.carried = out.last().cloned().filter(|_| !orphaned);
    out
}

/// The state of reading one sentence.
struct Reader<'a> {
    labels: &'a [Label],
    context: &'a mut Context,
    /// The statement the figures read now qualify.
    current: Option<Statement>,
    out: Vec<Statement>,
    /// The last amount belonged to no known subject: what follows it
    /// qualifies it, and is left out too.
    orphaned: bool,
    /// The last change was measured against the budget.
    after_budget_comparison: bool,
}

impl Reader<'_> {
    fn finish(&mut self) {
        if let Some(statement) = self.current.take() {
            self.out.push(statement);
        }
    }

    /// The statement figures may be added to now.
    fn qualified(&mut self) -> Option<&mut Figures> {
        if self.orphaned {
            return None;
        }
        self.current.as_mut().map(|s| &mut s.figures)
    }

    /// `持平`, `相同`, `无增减变化` in a clause that is not about the
    /// budget: no change on the year before.
    fn flat(&mut self, text: &str) {
        let flat = text
            .split([',', ';', '。'])
            .any(|clause| FLAT.iter().any(|f| clause.contains(f)) && !clause.contains("预算"));
        if let Some(figures) = self.qualified().filter(|f| flat && f.change.is_none()) {
            figures.change = Some(Stated {
                fen: 0,
                decimals: 0,
                printed: crate::model::value::AmountUnit::Wan,
            });
        }
    }

    /// An amount; `before` is the sentence up to it.
    fn money(&mut self, lead: &str, amount: Stated, before: &str) {
        if let Some(sign) = change_verb(lead) {
            self.after_budget_comparison = compares_with_budget(lead);
            if self.after_budget_comparison {
                return;
            }
            if let Some(figures) = self.qualified() {
                let fen = if amount.fen == 0 {
                    0
                } else {
                    sign * amount.fen
                };
                figures.change = Some(Stated { fen, ..amount });
            }
            return;
        }
        self.after_budget_comparison = false;
        let (role, rest) = role(lead);
        if let Some(subject) = subject(rest, before, self.labels, self.context) {
            self.finish();
            self.current = Some(Statement {
                subject,
                figures: Figures::default(),
            });
            self.orphaned = false;
        } else if role == Role::Unmarked || !names_nothing(rest) {
            self.orphaned = true;
        }
        let Some(figures) = self.qualified() else {
            self.orphaned = true;
            return;
        };
        match role {
            Role::Budget => figures.budget = Some(amount),
            Role::Actual => {
                // "其他支出0万元，决算数为20000万元": with the 决算数 stated
                // explicitly, the unmarked amount before it was the budget.
                if figures.value_unmarked && figures.budget.is_none() {
                    figures.budget = figures.value;
                }
                figures.value = Some(amount);
                figures.value_unmarked = false;
            }
            Role::Unmarked => {
                if figures.value.is_none() {
                    figures.value = Some(amount);
                    figures.value_unmarked = true;
                }
            }
        }
    }

    fn percent(&mut self, lead: &str, token: &Token) {
        let after_budget_comparison = self.after_budget_comparison;
        let Some(figures) = self.qualified() else {
            return;
        };
        let text = lead.trim_end_matches(['的', '为', '了', '达', ':']);
        let clause = last_clause(text);
        if let Some(sign) = verb_at_end(text) {
            if !after_budget_comparison && !clause.contains("预算") && figures.change_pct.is_none()
            {
                let mut number = token.number;
                if sign < 0 && !number.value.is_zero() {
                    number.value = -number.value;
                }
                figures.change_pct = Some(number);
            }
        } else if (clause.contains("完成") && text.ends_with("预算"))
            || text.ends_with("执行率")
            || text.ends_with("执行比例")
            || text.ends_with("预算数")
        {
            figures.execution_pct = Some(token.number);
        } else if clause.contains('占') {
            figures.share_pct = Some(token.number);
        }
    }

    /// A count of a `reports` column (`年末职工人数301人`).
    fn count(&mut self, lead: &str, token: &Token) {
        let label = labels::find(self.labels, lead, |t| matches!(t, Target::Count(_)));
        let count = i64::try_from(token.number.value).ok().filter(|n| *n >= 0);
        if let (Some(Target::Count(column)), Some(count)) = (label.map(|l| &l.target), count) {
            self.finish();
            self.out.push(Statement {
                subject: Subject::Count(column),
                figures: Figures {
                    count: Some(count),
                    ..Figures::default()
                },
            });
        }
    }
}

/// How an amount is introduced.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Budget,
    Actual,
    Unmarked,
}

const BUDGET_MARKERS: [&str; 7] = [
    "年初预算数",
    "年初预算",
    "全年预算数",
    "全年预算",
    "调整预算数",
    "预算数",
    "预算",
];
const ACTUAL_MARKERS: [&str; 6] = [
    "支出决算数",
    "全年执行数",
    "决算数",
    "执行数",
    "决算",
    "实际支出",
];

/// The role marker at the end of a lead and the lead without it.
fn role(lead: &str) -> (Role, &str) {
    let text = lead.trim_end_matches(['为', ':', '是']);
    if let Some(rest) = BUDGET_MARKERS.iter().find_map(|m| text.strip_suffix(m)) {
        return (Role::Budget, rest);
    }
    if let Some(rest) = ACTUAL_MARKERS.iter().find_map(|m| text.strip_suffix(m)) {
        return (Role::Actual, rest);
    }
    (Role::Unmarked, lead)
}

/// Whether the words before a marked amount name no subject of their own
/// (`，决算数为`, `，支出决算为`), so the amount is the current subject's.
fn names_nothing(rest: &str) -> bool {
    let words = rest.trim_matches([',', ';', ':', '。', '、']);
    let words = words.strip_prefix("其中").unwrap_or(words);
    words.chars().count() <= 2
}

/// The subject a lead names, updating the scope for the 类 that follow.
/// `before` is the whole sentence up to the figure: the evaluation method
/// of `涉及资金` may be named anywhere in it.
fn subject(rest: &str, before: &str, labels: &[Label], context: &mut Context) -> Option<Subject> {
    if let Some(project) = &context.project {
        let bare = rest.trim_start_matches([',', ';', ':', '。']);
        if matches!(bare, "项目" | "本项目" | "该项目") || bare.ends_with(project.as_str())
        {
            return Some(Subject::Claim(Metric::Evaluation(project.clone())));
        }
    }
    let scope = context.scope;
    let label = labels::find(labels, rest, |t| {
        scope.allows(t) && !matches!(t, Target::Count(_))
    })?;
    let subject = match &label.target {
        // 基本支出 of one fund is not the department's.
        Target::Claim(Metric::Report("basic_expenditure" | "project_expenditure"))
            if matches!(
                scope,
                Scope::Economic | Scope::Functions("fiscal" | "general")
            ) =>
        {
            Subject::Unrecorded(format!("{} of a fund", label.text))
        }
        Target::Claim(metric) => {
            context.scope = match metric {
                Metric::Function(None) => Scope::Functions("fiscal"),
                Metric::Econ(None) => Scope::Economic,
                Metric::Report("expenditure_total" | "expenditure_current") => {
                    Scope::Functions("all")
                }
                _ => context.scope,
            };
            Subject::Claim(metric.clone())
        }
        Target::FundTotal(fund) => {
            context.scope = Scope::Functions(fund);
            return None;
        }
        Target::FunctionClass(code) => match context.scope {
            Scope::Functions(fund) => Subject::Function { fund, code },
            _ => return None,
        },
        Target::EconomicClass(code) => Subject::Economic(code),
        Target::Covered => Subject::Claim(Metric::Evaluations(method_named(before)?)),
        Target::Unrecorded => Subject::Unrecorded(label.text.clone()),
        Target::Count(_) => return None,
    };
    Some(subject)
}

/// The evaluation method a sentence names before the funds it covered.
pub fn method_named(text: &str) -> Option<&'static str> {
    let at = |word: &str| text.rfind(word);
    [
        (at("整体支出"), "overall"),
        (at("部门评价"), "department"),
        (at("财政评价").or(at("重点评价")), "finance"),
        (at("自评"), "self"),
    ]
    .into_iter()
    .filter_map(|(position, method)| position.map(|p| (p, method)))
    .max_by_key(|(p, _)| *p)
    .map(|(_, method)| method)
}

/// The part of a lead after its last comma or semicolon.
fn last_clause(text: &str) -> &str {
    text.rsplit([',', ';']).next().unwrap_or(text)
}

/// +1 or −1 when `text` ends with a verb of change.
fn verb_at_end(text: &str) -> Option<i64> {
    let text = text.trim_end_matches(['了', '为']);
    if RISE.iter().any(|v| text.ends_with(v)) {
        Some(1)
    } else if FALL.iter().any(|v| text.ends_with(v)) {
        Some(-1)
    } else {
        None
    }
}

/// The sign of a change amount: a verb of change at the end of the lead
/// and a comparison (较, 比, 与…相比, 同比) before it.
fn change_verb(lead: &str) -> Option<i64> {
    let sign = verb_at_end(lead)?;
    COMPARATORS.iter().any(|c| lead.contains(c)).then_some(sign)
}

/// Whether the comparison in a lead is with the budget, not the year before.
fn compares_with_budget(lead: &str) -> bool {
    let from = COMPARATORS
        .iter()
        .filter_map(|c| lead.rfind(c))
        .min()
        .unwrap_or(0);
    lead.get(from..).is_some_and(|after| after.contains("预算"))
}

/// The project an evaluation sentence is about: the name printed before
/// `绩效自评`, `自评得分` or `绩效评价`, back to the previous punctuation.
pub fn project_named(folded: &str) -> Option<String> {
    let at = ["绩效自评", "自评得分", "绩效评价得分"]
        .iter()
        .filter_map(|w| folded.find(w))
        .min()?;
    let before = &folded[..at];
    let name: String = before
        .chars()
        .rev()
        .take_while(|c| !matches!(c, ',' | ';' | ':' | '、' | '。' | '“' | '”' | '(' | ')'))
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    let name = name
        .trim_start_matches("根据年初设定的绩效目标")
        .to_string();
    let plausible = (2..=40).contains(&name.chars().count())
        && !name.chars().any(|c| c.is_ascii_digit())
        && !name.ends_with("开展");
    plausible.then_some(name)
}

#[cfg(test)]
mod tests;

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

mod forms;

pub use forms::{budget_heading, years_named};

use rust_decimal::Decimal;

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
    /// The report's year: a figure stated for another one is not taken.
    pub year: Option<i64>,
    /// The section is about the budget (`…预算安排情况`): nothing in it is
    /// a final account.
    pub budget_page: bool,
    /// What was left out, and why, for the section's account.
    pub skipped: Vec<String>,
    /// The paragraph compares a budget with another year's figure.
    pub comparing_budget: bool,
}

impl Default for Context {
    fn default() -> Context {
        Context {
            scope: Scope::None,
            project: None,
            carried: None,
            year: None,
            budget_page: false,
            skipped: Vec::new(),
            comparing_budget: false,
        }
    }
}

impl Figures {
    /// Adds the figures of a restatement that this one lacks; false when
    /// the restatement contradicts one (the first is kept).
    pub fn merge(&mut self, later: &Figures) -> bool {
        fn take<T: PartialEq + Copy>(mine: &mut Option<T>, theirs: &Option<T>) -> bool {
            match (mine.as_ref(), theirs) {
                (_, None) => true,
                (None, Some(v)) => {
                    *mine = Some(*v);
                    true
                }
                (Some(a), Some(b)) => a == b,
            }
        }
        let value_was = self.value.is_none();
        let agree = [
            take(&mut self.value, &later.value),
            take(&mut self.change, &later.change),
            take(&mut self.change_pct, &later.change_pct),
            take(&mut self.budget, &later.budget),
            take(&mut self.execution_pct, &later.execution_pct),
            take(&mut self.share_pct, &later.share_pct),
            take(&mut self.budget_change, &later.budget_change),
            take(&mut self.budget_change_pct, &later.budget_change_pct),
            take(&mut self.count, &later.count),
        ];
        if value_was && self.value.is_some() {
            self.value_unmarked = later.value_unmarked;
        }
        agree.iter().all(|a| *a)
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
/// the statement before. What is left out for a reason worth telling (a
/// figure of another year, a comparison with a year other than the one
/// before) is said in `Context::skipped`.
/// The longest sentence read, in bytes. Reading is linear in a
/// sentence's length, but no report has a sentence near this long; one
/// that is (a text with no full stops, a dump of figures) is skipped with
/// a note instead of being read figure by figure.
pub const MAX_SENTENCE_BYTES: usize = 1 << 20;

pub fn parse(folded: &str, labels: &[Label], context: &mut Context) -> Vec<Statement> {
    let carried = context.carried.take();
    let unchanged = carried.clone();
    let mut reader = Reader {
        labels,
        current: carried,
        context,
        out: Vec::new(),
        orphaned: false,
        after_budget_comparison: false,
        after_other_year: false,
        compared: false,
        budget_lead: None,
        in_list: false,
        completion_budget: false,
        coordinated: Vec::new(),
        filled: [0; 3],
        filled_last: None,
        skip_rest: false,
        initial_budget: false,
    };
    if folded.len() > MAX_SENTENCE_BYTES {
        reader.context.skipped.push(format!(
            "a sentence of {} bytes, longer than the {MAX_SENTENCE_BYTES} read (a report's longest are a few hundred): not a report's text",
            folded.len()
        ));
        return Vec::new();
    }
    if reader.context.budget_page {
        if scan::tokens(folded)
            .iter()
            .any(|t| matches!(t.unit, Unit::Money(_)))
        {
            reader
                .context
                .skipped
                .push("the figures of a 预算 (budget) section: plans, not final accounts".into());
        }
        return Vec::new();
    }
    let mut previous_end = 0;
    for token in scan::tokens(folded) {
        let raw_lead = folded
            .get(previous_end..token.start_byte)
            .unwrap_or_default();
        previous_end = token.end_byte;
        if reader.skip_rest {
            continue;
        }
        if raw_lead.contains("其中") {
            reader.in_list = true;
        }
        reader.flat(raw_lead);
        // A separator right before a number is a stray one (`占,88.19%`).
        let lead = raw_lead.trim_end_matches([',', ':', ' ']).to_string();
        match token.unit {
            Unit::Money(_) => {
                if let Some(amount) = token.stated() {
                    reader.money(
                        &lead,
                        amount,
                        folded.get(..token.start_byte).unwrap_or_default(),
                    );
                }
            }
            Unit::Percent => reader.percent(&lead, &token),
            Unit::Count("人" | "个" | "家") => reader.count(&lead, &token),
            Unit::Count(_) => {}
        }
        if !matches!(token.unit, Unit::Money(_)) {
            reader.completion_budget = false;
        }
    }
    reader.flat(folded.get(previous_end..).unwrap_or_default());
    reader.finish();
    reader.out.append(&mut reader.coordinated);
    let Reader {
        out,
        orphaned,
        context,
        ..
    } = reader;
    let out: Vec<Statement> = out
        .into_iter()
        .filter(|s| s.figures != Figures::default() && Some(s) != unchanged.as_ref())
        .collect();
    context.carried = out
        .last()
        .cloned()
        .filter(|_| !orphaned)
        .or(unchanged.filter(|_| out.is_empty() && !orphaned));
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
    /// The last comparison was with another year than the one before: the
    /// percentage after it is left out too.
    after_other_year: bool,
    /// A change on the year before was stated: the items of a `其中` list
    /// after it state theirs with the verb alone (`其中：A减少1万元`).
    compared: bool,
    /// The sentence opened with a budget (`“三公”经费预算11万元，其中：…`):
    /// the unmarked amounts of its `其中` items are budgets too.
    budget_lead: Option<bool>,
    /// A `其中` has been read.
    in_list: bool,
    /// The last amount was the budget of `完成预算X万元的Y%`.
    completion_budget: bool,
    /// Subjects named together (`收、支总计各是A,B万元`).
    coordinated: Vec<Statement>,
    /// How many of them have a value, a change, a percentage change.
    filled: [usize; 3],
    /// Which of them the last figure went to.
    filled_last: Option<usize>,
    /// The sentence is about another year, or compares a budget with
    /// another year's actual: nothing more of it is taken.
    skip_rest: bool,
    /// The current subject's budget was given as its 年初预算.
    initial_budget: bool,
}

impl Reader<'_> {
    fn finish(&mut self) {
        if let Some(statement) = self.current.take() {
            self.out.push(statement);
        }
    }

    fn open(&mut self, subject: Subject) {
        self.finish();
        self.coordination_ends();
        self.current = Some(Statement {
            subject,
            figures: Figures::default(),
        });
        self.orphaned = false;
        self.initial_budget = false;
    }

    fn coordination_ends(&mut self) {
        self.out.append(&mut self.coordinated);
        self.filled = [0; 3];
        self.filled_last = None;
    }

    /// A lead that only separates this figure from the last of a list of
    /// coordinated subjects' figures (`1267.86,2570.97万元`).
    fn continues_list(&self, lead: &str) -> bool {
        !self.coordinated.is_empty()
            && self.filled_last.is_some()
            && lead.chars().all(|c| matches!(c, ',' | '、'))
    }

    /// The statement figures may be added to now.
    fn qualified(&mut self) -> Option<&mut Figures> {
        if self.orphaned {
            return None;
        }
        self.current.as_mut().map(|s| &mut s.figures)
    }

    /// `持平`, `相同`, `无增减变化` in a clause: no change on the year
    /// before, or, in a clause about the budget, none on the budget. A
    /// clause that opens with a "三公" category names whose it is
    /// (`公务用车购置支出决算比预算无增减变化，比去年无增减变化`).
    fn flat(&mut self, text: &str) {
        if !FLAT.iter().any(|f| text.contains(f)) {
            return;
        }
        let zero = Stated {
            fen: 0,
            decimals: 0,
            printed: crate::model::value::AmountUnit::Wan,
        };
        for clause in text.split([',', ';', '。']) {
            let opening = forms::at_start(clause, self.labels, |t| {
                matches!(t, Target::Claim(Metric::ThreePublic(_)))
            });
            if let Some((label, rest)) = opening.filter(|(_, rest)| !rest.is_empty()) {
                if let Target::Claim(metric) = &label.target {
                    let named = Subject::Claim(metric.clone());
                    let flat_here = FLAT.iter().any(|f| rest.contains(f));
                    if flat_here && self.current.as_ref().map(|s| &s.subject) != Some(&named) {
                        self.open(named);
                    }
                }
            }
            if !FLAT.iter().any(|f| clause.contains(f)) {
                continue;
            }
            let Some(figures) = self.qualified() else {
                continue;
            };
            if mentions_budget(clause) {
                if figures.budget_change.is_none() {
                    figures.budget_change = Some(zero);
                }
            } else if figures.change.is_none() {
                figures.change = Some(zero);
            }
        }
    }

    /// A subject named at the start of a clause, before what qualifies it.
    fn named_subject(&mut self, lead: &str) {
        let scope = self.context.scope;
        let Some(label) = forms::named_at_clause_start(lead, self.labels, |t| {
            scope.allows(t) && matches!(t, Target::Claim(_) | Target::FunctionClass(_))
        }) else {
            return;
        };
        let subject = match &label.target {
            Target::Claim(metric) => Subject::Claim(metric.clone()),
            Target::FunctionClass(code) => match scope {
                Scope::Functions(fund) => Subject::Function { fund, code },
                _ => return,
            },
            _ => return,
        };
        if self.current.as_ref().map(|s| &s.subject) != Some(&subject) || self.orphaned {
            self.open(subject);
        }
    }

    /// Whether a comparison is with another year than the one before.
    fn other_year(&self, lead: &str) -> bool {
        match (forms::year_compared(lead), self.context.year) {
            (Some(compared), Some(year)) => compared != year - 1,
            _ => false,
        }
    }

    /// An amount; `before` is the sentence up to it.
    fn money(&mut self, lead: &str, amount: Stated, before: &str) {
        self.completion_budget = false;
        if self.continues_list(lead) {
            match self.filled_last {
                Some(1) => {
                    // The list's verb signs every figure of it.
                    let negative = self
                        .coordinated
                        .first()
                        .and_then(|s| s.figures.change)
                        .is_some_and(|c| c.fen < 0);
                    let fen = if negative {
                        -amount.fen.abs()
                    } else {
                        amount.fen
                    };
                    return self.distribute(1, |f| &mut f.change, Stated { fen, ..amount });
                }
                Some(0) => return self.distribute(0, |f| &mut f.value, amount),
                _ => {}
            }
        }
        // `收、支总计各减少A,B万元`: subjects named together with the verb.
        if self.coordinated.is_empty() && verb_at_end(lead).is_some() {
            let clause = last_clause(lead);
            let named = RISE
                .iter()
                .chain(FALL.iter())
                .find_map(|v| clause.strip_suffix(v))
                .and_then(forms::coordinated);
            if let Some(metrics) = named {
                self.finish();
                self.orphaned = false;
                self.coordinated = metrics
                    .into_iter()
                    .map(|m| Statement {
                        subject: Subject::Claim(m),
                        figures: Figures::default(),
                    })
                    .collect();
            }
        }
        let coordinated = !self.coordinated.is_empty();
        let sign = change_verb(lead).or_else(|| {
            // `其中：A减少1万元` after a change on the year before; `各减少`
            // after subjects named together.
            let verb = verb_at_end(lead)?;
            (self.compared && self.in_list || coordinated && forms::distributes(lead))
                .then_some(verb)
        });
        if let Some(sign) = sign {
            if compares_a_budget(lead) {
                self.finish();
                self.orphaned = true;
                self.skip_rest = true;
                self.context.comparing_budget = true;
                self.context
                    .skipped
                    .push("a budget compared with another year's figure".into());
                return;
            }
            self.named_subject(lead);
            // The paragraph compares budgets with last year's actuals: a
            // subject with no figure of its own continues that comparison.
            if self.context.comparing_budget && self.qualified().is_none_or(|f| f.value.is_none()) {
                self.after_other_year = true;
                self.context
                    .skipped
                    .push("a budget compared with another year's figure".into());
                return;
            }
            let fen = sign * amount.fen.abs();
            let change = Stated { fen, ..amount };
            self.after_budget_comparison = compares_with_budget(lead);
            self.after_other_year = !self.after_budget_comparison && self.other_year(lead);
            if self.after_other_year {
                let note = format!(
                    "a change of {} on {} (not the year before) was left out",
                    crate::extract::model::amount(change),
                    forms::year_compared(lead).unwrap_or_default()
                );
                self.context.skipped.push(note);
                return;
            }
            if !self.coordinated.is_empty() && forms::distributes(lead) {
                self.distribute(1, |f| &mut f.change, change);
                return;
            }
            let budget_comparison = self.after_budget_comparison;
            if !budget_comparison {
                self.compared = true;
            }
            if let Some(figures) = self.qualified() {
                if budget_comparison {
                    figures.budget_change = Some(change);
                } else {
                    figures.change = Some(change);
                }
            }
            return;
        }
        if let Some(sign) = forms::against_budget(lead) {
            self.after_budget_comparison = true;
            let change = Stated {
                fen: sign * amount.fen.abs(),
                ..amount
            };
            if let Some(figures) = self.qualified() {
                figures.budget_change = Some(change);
            }
            return;
        }
        self.after_budget_comparison = false;
        self.after_other_year = false;
        let (role, rest) = role(lead);
        if !self.coordinated.is_empty() && role == Role::Unmarked && forms::distributes(rest) {
            self.distribute(0, |f| &mut f.value, amount);
            return;
        }
        if let Some(metrics) = forms::coordinated(rest) {
            self.finish();
            self.coordination_ends();
            self.coordinated = metrics
                .into_iter()
                .map(|m| Statement {
                    subject: Subject::Claim(m),
                    figures: Figures::default(),
                })
                .collect();
            let all = rest.trim_end_matches(['为', '是']).ends_with('均');
            if all {
                for s in &mut self.coordinated {
                    s.figures.value = Some(amount);
                }
                self.filled[0] = self.coordinated.len();
            } else {
                self.distribute(0, |f| &mut f.value, amount);
            }
            return;
        }
        let other_year = self
            .context
            .year
            .is_some_and(|year| forms::years_named(rest).iter().any(|named| *named != year));
        if other_year {
            // `141.55万元，2014年为107.89万元，较2014年增加33.66万元`: the
            // subject's figure of another year, in passing.
            let in_passing = names_nothing(&strip_years(rest));
            if !in_passing {
                self.finish();
                self.orphaned = true;
                self.skip_rest = true;
            }
            let note = format!(
                "{} stated for {} (another year than the report's) was left out",
                crate::extract::model::amount(amount),
                forms::years_named(rest)
                    .iter()
                    .find(|y| Some(**y) != self.context.year)
                    .copied()
                    .unwrap_or_default()
            );
            self.context.skipped.push(note);
            return;
        }
        let new_subject = subject(rest, before, self.labels, self.context);
        if let Some(subject) = new_subject {
            self.open(subject);
        } else if role == Role::Unmarked || !names_nothing(rest) {
            self.orphaned = true;
            let words: String = last_clause(rest)
                .trim_start_matches(['其', '中', ':'])
                .chars()
                .rev()
                .take(16)
                .collect::<Vec<char>>()
                .into_iter()
                .rev()
                .collect();
            if !words.is_empty() {
                self.context.skipped.push(format!(
                    "{} after \"{words}\": no subject the reader knows",
                    crate::extract::model::amount(amount)
                ));
            }
        }
        let budget_lead = self.budget_lead;
        let in_list = self.in_list;
        // `年初预算为0万元，全年预算为321.02万元`: the contract's budget is the
        // 年初预算数; a later 全年 or 调整 budget does not replace it (an
        // evaluation's budget is its 全年预算数, and takes the last).
        let initial = budget_kind(lead) == Some(true);
        let keeps_initial = budget_kind(lead) == Some(false)
            && self.initial_budget
            && !matches!(
                self.current.as_ref().map(|s| &s.subject),
                Some(Subject::Claim(Metric::Evaluation(_)))
            );
        if initial {
            self.initial_budget = true;
        }
        if self.current.is_none() && !self.orphaned {
            // `全年预算为52.00万元，支出决算为51.32万元` after a sentence that
            // names its 项 by name alone: a figure with nothing to qualify.
            self.context.skipped.push(format!(
                "{} after \"{}\": no subject named before it in its paragraph",
                crate::extract::model::amount(amount),
                last_clause(lead)
            ));
        }
        let Some(figures) = self.qualified() else {
            self.orphaned = true;
            return;
        };
        // The items of a list after a budget are budgets.
        let role = match role {
            Role::Unmarked if in_list && budget_lead == Some(true) => Role::Budget,
            other => other,
        };
        match role {
            Role::Budget if keeps_initial => {}
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
        if self.budget_lead.is_none() && !in_list {
            self.budget_lead = Some(role == Role::Budget);
        }
        self.completion_budget = role == Role::Budget && rest.ends_with("完成");
    }

    /// A figure of the `n`th kind (value, change, percentage change) for the
    /// next coordinated subject that lacks one.
    fn distribute<T>(&mut self, kind: usize, field: fn(&mut Figures) -> &mut Option<T>, value: T) {
        self.filled_last = Some(kind);
        let at = self.filled[kind];
        if let Some(statement) = self.coordinated.get_mut(at) {
            *field(&mut statement.figures) = Some(value);
            self.filled[kind] += 1;
        }
    }

    fn percent(&mut self, lead: &str, token: &Token) {
        if self.continues_list(lead) && self.filled_last == Some(2) {
            let mut number = token.number;
            if let Some(previous) = self.coordinated.first().and_then(|s| s.figures.change_pct) {
                if previous.value.is_sign_negative() {
                    number.value = -number.value.abs();
                }
            }
            return self.distribute(2, |f| &mut f.change_pct, number);
        }
        let after_budget_comparison = self.after_budget_comparison;
        let after_other_year = self.after_other_year;
        let completion_budget = std::mem::take(&mut self.completion_budget);
        let text = lead.trim_end_matches(['的', '为', '了', '达', ':']);
        let clause = last_clause(text);
        if let Some(sign) = verb_at_end(text) {
            // A doubled sign (`下降-81.75%`) says it once.
            let mut number = token.number;
            number.value = Decimal::from(sign) * number.value.abs();
            if after_other_year || (self.other_year(lead) && !compares_with_budget(lead)) {
                return;
            }
            let budget = after_budget_comparison || mentions_budget(clause);
            if !self.coordinated.is_empty() && forms::distributes(lead) && !budget {
                self.distribute(2, |f| &mut f.change_pct, number);
                return;
            }
            if !budget {
                self.named_subject(lead);
            }
            let Some(figures) = self.qualified() else {
                return;
            };
            if budget {
                if figures.budget_change_pct.is_none() {
                    figures.budget_change_pct = Some(number);
                }
            } else if figures.change_pct.is_none() {
                figures.change_pct = Some(number);
            }
            return;
        }
        let Some(figures) = self.qualified() else {
            return;
        };
        if completion_budget && text.is_empty()
            || (clause.contains("完成") && text.ends_with("预算"))
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
    let text = text.strip_suffix("总计").unwrap_or(text);
    if let Some(rest) = BUDGET_MARKERS.iter().find_map(|m| text.strip_suffix(m)) {
        return (Role::Budget, rest);
    }
    if let Some(rest) = ACTUAL_MARKERS.iter().find_map(|m| text.strip_suffix(m)) {
        return (Role::Actual, rest);
    }
    (Role::Unmarked, lead)
}

/// Whether a lead's budget marker is the 年初预算 (`Some(true)`) or a
/// budget of the whole year, adjusted (`全年预算`, `调整预算`: `Some(false)`).
fn budget_kind(lead: &str) -> Option<bool> {
    let text = lead.trim_end_matches(['为', ':', '是']);
    let text = text.strip_suffix('数').unwrap_or(text);
    if text.ends_with("年初预算") {
        Some(true)
    } else if text.ends_with("全年预算") || text.ends_with("调整预算") {
        Some(false)
    } else {
        None
    }
}

/// A lead without its `2014年` / `2014年度`.
fn strip_years(rest: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = rest.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if i + 4 < chars.len()
            && chars[i..i + 4].iter().all(char::is_ascii_digit)
            && chars[i + 4] == '年'
        {
            i += 5;
            if chars.get(i) == Some(&'度') {
                i += 1;
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out.trim_end_matches(['为', '是']).to_string()
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
        // 基本支出 of one fund is not the department's: it is the fund's.
        Target::Claim(Metric::Report(column @ ("basic_expenditure" | "project_expenditure")))
            if matches!(
                scope,
                Scope::Economic
                    | Scope::Functions("fiscal" | "general" | "gov_fund" | "state_capital")
            ) =>
        {
            let field = if *column == "basic_expenditure" {
                "basic"
            } else {
                "project"
            };
            match scope {
                Scope::Functions(fund) => Subject::Claim(Metric::Fund(fund, field)),
                _ => Subject::Unrecorded(format!("{} of a fund", label.text)),
            }
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
            Subject::Claim(Metric::Fund(fund, "expenditure"))
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
    // `减少支出613.80万元`
    let text = text.strip_suffix("支出").unwrap_or(text);
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

/// Whether what a lead compares is a budget (`“三公”经费预算较2021年度增加`):
/// a plan set against another year's figure is neither a change nor a
/// difference from the budget.
fn compares_a_budget(lead: &str) -> bool {
    let Some(at) = COMPARATORS.iter().filter_map(|c| lead.find(c)).min() else {
        return false;
    };
    let before = last_clause(&lead[..at]);
    let before = before.trim_end_matches(['数', '为']);
    before.ends_with("预算") && !before.ends_with("一般公共预算") && !compares_with_budget(lead)
}

/// Whether the comparison in a lead is with the budget, not the year before.
fn compares_with_budget(lead: &str) -> bool {
    let from = COMPARATORS
        .iter()
        .filter_map(|c| lead.rfind(c))
        .min()
        .unwrap_or(0);
    lead.get(from..).is_some_and(mentions_budget)
}

/// Whether a text speaks of a budget (预算), not of a fund whose name has
/// the word (一般公共预算财政拨款).
fn mentions_budget(text: &str) -> bool {
    let mut text = text.to_string();
    for fund in [
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
        "社会保险基金预算",
    ] {
        text = text.replace(fund, "");
    }
    text.contains("预算")
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

//! What a claim is about: the `metric` column of `claims`.
//!
//! A metric names the table figure a stated figure should match, so `check`
//! can find it. The grammar is small and closed; anything else is rejected
//! at import rather than left for `check` to ignore.

use std::fmt;

use crate::model::kinds::{FUND_FIELDS, REPORT_AMOUNTS};
use crate::model::value::{fold_for_matching, parse_code, CodeKind, ValueError};
use crate::model::vocab::{
    ACCOUNT_FUNDS, EVALUATION_METHODS, FUNDS, INCOME_SOURCES, THREE_PUBLIC_CATEGORIES,
};

/// Procurement figures a claim can name after `procurement:`.
pub const PROCUREMENT_PARTS: [&str; 5] = ["goods", "works", "services", "sme", "small_micro"];

/// The halves of basic expenditure a claim can name after `basic:`, with
/// the Chinese names reports print and the economic 类 each is the sum of.
pub const BASIC_PARTS: [(&str, &str, [&str; 2]); 2] = [
    ("personnel", "人员经费", ["301", "303"]),
    ("public", "公用经费", ["302", "310"]),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Metric {
    /// A `reports` amount column, e.g. `income_current`.
    Report(&'static str),
    /// `income` (本年收入合计 by source total) or `income:SOURCE`.
    Income(Option<&'static str>),
    /// `function`: fiscal-fund expenditure in all; `function:CODE`: one code.
    Function(Option<String>),
    /// `function:CODE@FUND`: one code of another fund's table (a fiscal
    /// one is [`Metric::Function`], the v1 form).
    FunctionOf(String, &'static str),
    /// `fund:FUND[:FIELD]`: a figure of a fund's whole accounts
    /// (`fund_accounts`); FIELD defaults to `expenditure`.
    Fund(&'static str, &'static str),
    /// `basic:personnel` (人员经费) or `basic:public` (公用经费).
    Basic(&'static str),
    /// `econ`: general-fund basic expenditure in all; `econ:CODE`: one code.
    Econ(Option<String>),
    /// `three_public`: the "三公" total; `three_public:CATEGORY`: one category.
    ThreePublic(Option<&'static str>),
    /// `procurement`: the total; `procurement:PART`.
    Procurement(Option<&'static str>),
    /// `evaluations:METHOD`: funds covered by that method's evaluations.
    Evaluations(&'static str),
    /// `evaluation:PROJECT`: one evaluated project's funds.
    Evaluation(String),
}

impl Metric {
    pub fn parse(text: &str) -> Result<Metric, ValueError> {
        let (head, tail) = match text.split_once([':', '：']) {
            Some((head, tail)) => (head.trim(), Some(tail.trim())),
            None => (text.trim(), None),
        };
        let bad = |why: String| Err(ValueError(why));
        let folded = fold_for_matching(head);
        let metric = match (folded.as_str(), tail) {
            ("income", None) => Metric::Income(None),
            ("income", Some(source)) => match INCOME_SOURCES.find(source) {
                Some(term) => Metric::Income(Some(term.id)),
                None => return bad(format!("unknown income source \"{source}\" in metric \"{text}\"; expected one of {}", INCOME_SOURCES.listing())),
            },
            ("function", None) => Metric::Function(None),
            ("function", Some(tail)) => match tail.split_once(['@', '＠']) {
                None => Metric::Function(Some(code_in(tail, CodeKind::Functional, text)?)),
                Some((code, fund)) => {
                    let code = code_in(code.trim(), CodeKind::Functional, text)?;
                    match FUNDS.find(fund) {
                        Some(term) if term.id == "fiscal" => Metric::Function(Some(code)),
                        Some(term) => Metric::FunctionOf(code, term.id),
                        None => return bad(format!("unknown fund \"{}\" in metric \"{text}\"; expected one of {}", fund.trim(), FUNDS.listing())),
                    }
                }
            },
            ("fund", Some(tail)) => {
                let (fund, field) = match tail.split_once([':', '：']) {
                    Some((fund, field)) => (fund.trim(), Some(field.trim())),
                    None => (tail, None),
                };
                let fund = match FUNDS.find(fund) {
                    Some(term) if ACCOUNT_FUNDS.contains(&term.id) => term.id,
                    _ => return bad(format!("unknown fund \"{fund}\" in metric \"{text}\"; expected one of {}", ACCOUNT_FUNDS.join(", "))),
                };
                let field = match field {
                    None => "expenditure",
                    Some(field) => match FUND_FIELDS.iter().find(|(name, label)| {
                        fold_for_matching(name) == fold_for_matching(field) || *label == field
                    }) {
                        Some((name, _)) => name,
                        None => return bad(format!(
                            "unknown fund figure \"{field}\" in metric \"{text}\"; expected one of {}",
                            FUND_FIELDS.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
                        )),
                    },
                };
                Metric::Fund(fund, field)
            }
            ("basic", Some(part)) => match BASIC_PARTS
                .iter()
                .find(|(name, label, _)| fold_for_matching(name) == fold_for_matching(part) || *label == part)
            {
                Some((name, _, _)) => Metric::Basic(name),
                None => return bad(format!("unknown basic expenditure part \"{part}\" in metric \"{text}\"; expected personnel (人员经费) or public (公用经费)")),
            },
            ("econ", None) => Metric::Econ(None),
            ("econ", Some(code)) => Metric::Econ(Some(code_in(code, CodeKind::Economic, text)?)),
            ("three_public", None) => Metric::ThreePublic(None),
            ("three_public", Some(category)) => match THREE_PUBLIC_CATEGORIES.find(category) {
                Some(term) => Metric::ThreePublic(Some(term.id)),
                None => return bad(format!("unknown category \"{category}\" in metric \"{text}\"; expected one of {}", THREE_PUBLIC_CATEGORIES.listing())),
            },
            ("procurement", None) => Metric::Procurement(None),
            ("procurement", Some(part)) => match PROCUREMENT_PARTS.iter().find(|p| p.eq_ignore_ascii_case(part)) {
                Some(part) => Metric::Procurement(Some(part)),
                None => return bad(format!("unknown procurement figure \"{part}\" in metric \"{text}\"; expected one of {}", PROCUREMENT_PARTS.join(", "))),
            },
            ("evaluations", Some(method)) => match EVALUATION_METHODS.find(method) {
                Some(term) => Metric::Evaluations(term.id),
                None => return bad(format!("unknown evaluation method \"{method}\" in metric \"{text}\"; expected one of {}", EVALUATION_METHODS.listing())),
            },
            ("evaluation", Some(project)) if !project.is_empty() => Metric::Evaluation(project.to_string()),
            (_, None) => match REPORT_AMOUNTS
                .iter()
                .find(|(name, label)| fold_for_matching(name) == folded || fold_for_matching(label) == folded)
            {
                Some((name, _)) => Metric::Report(name),
                None => return bad(unknown(text)),
            },
            _ => return bad(unknown(text)),
        };
        Ok(metric)
    }
}

fn code_in(code: &str, kind: CodeKind, metric: &str) -> Result<String, ValueError> {
    parse_code(code, kind).map_err(|e| ValueError(format!("{e} (in metric \"{metric}\")")))
}

fn unknown(text: &str) -> String {
    let reports: Vec<&str> = REPORT_AMOUNTS.iter().map(|(name, _)| *name).collect();
    let hint = crate::model::kinds::suggest(
        text,
        reports.iter().copied().chain([
            "three_public",
            "procurement",
            "function",
            "econ",
            "income",
            "fund",
            "basic",
        ]),
    )
    .map(|s| format!(" (did you mean \"{s}\"?)"))
    .unwrap_or_default();
    format!(
        "unknown metric \"{text}\"{hint}; expected a reports amount column ({}), income[:SOURCE], function[:CODE[@FUND]], econ[:CODE], fund:FUND[:FIELD], basic:personnel, basic:public, three_public[:CATEGORY], procurement[:PART], evaluations:METHOD or evaluation:PROJECT",
        reports.join(", ")
    )
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn with(f: &mut fmt::Formatter<'_>, head: &str, tail: Option<&str>) -> fmt::Result {
            match tail {
                Some(tail) => write!(f, "{head}:{tail}"),
                None => f.write_str(head),
            }
        }
        match self {
            Metric::Report(name) => f.write_str(name),
            Metric::Income(source) => with(f, "income", *source),
            Metric::Function(code) => with(f, "function", code.as_deref()),
            Metric::FunctionOf(code, fund) => write!(f, "function:{code}@{fund}"),
            Metric::Fund(fund, "expenditure") => write!(f, "fund:{fund}"),
            Metric::Fund(fund, field) => write!(f, "fund:{fund}:{field}"),
            Metric::Basic(part) => with(f, "basic", Some(part)),
            Metric::Econ(code) => with(f, "econ", code.as_deref()),
            Metric::ThreePublic(category) => with(f, "three_public", *category),
            Metric::Procurement(part) => with(f, "procurement", *part),
            Metric::Evaluations(method) => with(f, "evaluations", Some(method)),
            Metric::Evaluation(project) => with(f, "evaluation", Some(project)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(text: &str) -> String {
        Metric::parse(text)
            .map(|m| m.to_string())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn parses_and_canonicalises_every_form() {
        assert_eq!(canonical("income_current"), "income_current");
        assert_eq!(canonical("本年收入合计"), "income_current");
        assert_eq!(canonical("three_public"), "three_public");
        assert_eq!(
            canonical("three_public:公务接待费"),
            "three_public:reception"
        );
        assert_eq!(canonical("three_public:outbound"), "three_public:outbound");
        assert_eq!(canonical("function:208"), "function:208");
        assert_eq!(canonical("econ:310"), "econ:310");
        assert_eq!(canonical("procurement:sme"), "procurement:sme");
        assert_eq!(canonical("procurement:SME"), "procurement:sme");
        assert_eq!(canonical("income:财政拨款收入"), "income:fiscal");
        assert_eq!(canonical("evaluations:自评"), "evaluations:self");
        assert_eq!(
            canonical("evaluation:档案管理费项目"),
            "evaluation:档案管理费项目"
        );
        assert_eq!(
            canonical("function:2080505@general"),
            "function:2080505@general"
        );
        assert_eq!(
            canonical("function:208@政府性基金预算财政拨款"),
            "function:208@gov_fund"
        );
        assert_eq!(canonical("function:208@all"), "function:208@all");
        assert_eq!(canonical("function:208@fiscal"), "function:208");
        assert_eq!(canonical("fund:general"), "fund:general");
        assert_eq!(canonical("fund:general:expenditure"), "fund:general");
        assert_eq!(canonical("fund:fiscal:income"), "fund:fiscal:income");
        assert_eq!(
            canonical("fund:财政拨款:年末结转和结余"),
            "fund:fiscal:carryover_end"
        );
        assert_eq!(canonical("basic:personnel"), "basic:personnel");
        assert_eq!(canonical("basic:公用经费"), "basic:public");
    }

    #[test]
    fn rejects_unknown_metrics() {
        assert!(canonical("function:2080").contains("4 digits"));
        assert!(canonical("econ:3010101").contains("error"));
        assert!(canonical("three_public:会议费").contains("unknown category"));
        assert!(canonical("income_totl").contains("did you mean \"income_total\""));
        assert!(canonical("procurement:foo").contains("unknown procurement"));
        assert!(canonical("evaluation:").contains("unknown metric"));
        assert!(canonical("function:208@nowhere").contains("unknown fund"));
        assert!(canonical("function:20@general").contains("error"));
        assert!(canonical("fund:all").contains("unknown fund"));
        assert!(canonical("fund").contains("unknown metric"));
        assert!(canonical("fund:general:spending").contains("unknown fund figure"));
        assert!(canonical("basic:other").contains("unknown basic expenditure part"));
        assert!(canonical("basic").contains("unknown metric"));
    }
}

//! The clause forms a sentence reader recognises before it reads a figure:
//! which year a clause is about, whether a comparison is with the budget or
//! with another year than the one before, subjects named in coordination
//! (`收、支总计各是A,B万元`), a subject named at the start of a clause
//! without a figure of its own (`公务接待费支出决算比预算无增减变化，比去年增加…`),
//! and the 大于/小于预算数 form of a budget comparison.

use super::super::labels::{Label, Target};
use crate::model::metric::Metric;

/// The years printed in `text` (`2021年`, `2021年度`) that are not the year
/// compared with (a year right after `较`, `比`, `与`, `同`, `于`).
pub fn years_named(text: &str) -> Vec<i64> {
    years(text)
        .into_iter()
        .filter(|(compared, _)| !compared)
        .map(|(_, y)| y)
        .collect()
}

/// Every `NNNN年` in `text`, with whether a comparison word precedes it.
fn years(text: &str) -> Vec<(bool, i64)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 4 < chars.len() {
        let digits = &chars[i..i + 4];
        let starts = i == 0 || !chars[i - 1].is_ascii_digit();
        if starts && digits.iter().all(char::is_ascii_digit) && chars[i + 4] == '年' {
            let year: i64 = digits.iter().collect::<String>().parse().unwrap_or(0);
            if (1990..=2100).contains(&year) {
                let compared = i > 0 && matches!(chars[i - 1], '较' | '比' | '与' | '同' | '于');
                found.push((compared, year));
            }
            i += 5;
        } else {
            i += 1;
        }
    }
    found
}

/// The year a comparison is with, when it names one (`较2020年度`,
/// `比2019年(疫情前)`).
pub fn year_compared(lead: &str) -> Option<i64> {
    years(lead)
        .into_iter()
        .rev()
        .find(|(compared, _)| *compared)
        .map(|(_, y)| y)
}

/// Subjects named together, their figures given in the same order:
/// `收、支总计各是A,B万元`, `收入、支出总计分别为…`, `收、支总计均为X万元`.
/// The fiscal fund's `财政拨款收入支出总计` is not the department's.
pub fn coordinated(rest: &str) -> Option<Vec<Metric>> {
    let text = rest.trim_end_matches(['为', '是', ':']);
    let text = ["各", "分别", "均"]
        .iter()
        .find_map(|w| text.strip_suffix(w))
        .unwrap_or(text);
    const PAIRS: [(&str, [&str; 2]); 6] = [
        ("收、支总计", ["income_total", "expenditure_total"]),
        ("收入、支出总计", ["income_total", "expenditure_total"]),
        ("收入总计、支出总计", ["income_total", "expenditure_total"]),
        ("收、支合计", ["income_current", "expenditure_current"]),
        ("收入、支出合计", ["income_current", "expenditure_current"]),
        (
            "本年收入、支出合计",
            ["income_current", "expenditure_current"],
        ),
    ];
    PAIRS.iter().find_map(|(words, columns)| {
        let before = text.strip_suffix(words)?;
        (!before.ends_with("财政拨款")).then(|| columns.map(Metric::Report).to_vec())
    })
}

/// Whether a lead distributes its figures over coordinated subjects
/// (`各减少`, `分别下降`, `均为`), or continues a list (`,`, `、`).
pub fn distributes(lead: &str) -> bool {
    lead.contains('各')
        || lead.contains("分别")
        || lead.contains('均')
        || lead.chars().all(|c| matches!(c, ',' | '、' | ';'))
}

/// A subject named at the start of a clause of `lead` and followed by
/// what qualifies it rather than by its figure: `公务接待费支出决算比预算无增减变化`,
/// `其中:因公出国(境)费支出决算减少`. The label must not end the lead (a
/// label right before a figure is read the usual way).
pub fn named_at_clause_start<'a>(
    lead: &str,
    labels: &'a [Label],
    allowed: impl Fn(&Target) -> bool,
) -> Option<&'a Label> {
    let clauses: Vec<&str> = lead.split([',', ';', '。']).collect();
    let last = clauses.len().saturating_sub(1);
    clauses.iter().enumerate().rev().find_map(|(n, clause)| {
        let (label, after) = at_start(clause, labels, &allowed)?;
        // In the last clause the label must be followed by words that
        // qualify it, not be the label of the figure that follows.
        let qualifies = QUALIFIERS.iter().any(|q| after.contains(q));
        if n == last && !qualifies {
            return None;
        }
        (n < last || qualifies).then_some(label)
    })
}

/// The label a clause opens with (after `其中`, an enumeration, the year,
/// `本部门`), and the rest of the clause.
pub fn at_start<'a, 'c>(
    clause: &'c str,
    labels: &'a [Label],
    allowed: impl Fn(&Target) -> bool,
) -> Option<(&'a Label, &'c str)> {
    let clause = clause.trim_start_matches([':', '、', ' ']);
    let clause = clause.strip_prefix("其中").unwrap_or(clause);
    let clause = clause.trim_start_matches([':', '、', ' ']);
    let clause = strip_opening(strip_enumeration(clause));
    // The longest label decides what the clause is about: when it is not
    // allowed here (`财政拨款收入支出总计`, a total no column records), a
    // shorter one it starts with (`财政拨款收入`) is another subject, and
    // must not take its figures.
    let longest = labels
        .iter()
        .filter(|l| clause.starts_with(l.text.as_str()))
        .map(|l| l.text.len())
        .max()?;
    let label = labels.iter().find(|l| {
        l.text.len() == longest && clause.starts_with(l.text.as_str()) && allowed(&l.target)
    })?;
    Some((label, &clause[label.text.len()..]))
}

/// Words after a subject that say how it compares, not what it is.
const QUALIFIERS: [&str; 12] = [
    "比",
    "较",
    "与",
    "同比",
    "增加",
    "减少",
    "增长",
    "下降",
    "降低",
    "持平",
    "无变化",
    "无增减",
];

/// The words a clause may open with before its subject: the year
/// (`2017年度`), the department (`本部门`), `全年`.
fn strip_opening(clause: &str) -> &str {
    let mut text = clause;
    let digits = text.trim_start_matches(|c: char| c.is_ascii_digit());
    if text.len() - digits.len() == 4 {
        if let Some(rest) = digits.strip_prefix('年') {
            text = rest.strip_prefix('度').unwrap_or(rest);
        }
    }
    for word in ["本部门", "本单位", "全年"] {
        text = text.strip_prefix(word).unwrap_or(text);
    }
    text
}

/// `1.`, `2、`, `(三)` at the start of a clause.
fn strip_enumeration(clause: &str) -> &str {
    let rest = clause.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() != clause.len() {
        if let Some(r) = rest.strip_prefix(['.', '、']) {
            return r;
        }
    }
    clause
}

/// The sign of a `决算数大于预算数X万元` form: +1 (大于, 超过, 超出, 高于),
/// −1 (小于, 低于, 少于), or `None`.
pub fn against_budget(lead: &str) -> Option<i64> {
    let text = lead.trim_end_matches(['了', ':']);
    let budget = ["年初预算数", "全年预算数", "年初预算", "预算数", "预算"]
        .iter()
        .find_map(|b| text.strip_suffix(b))?;
    if ["大于", "超过", "超出", "高于", "多于"]
        .iter()
        .any(|w| budget.ends_with(w))
    {
        Some(1)
    } else if ["小于", "低于", "少于"].iter().any(|w| budget.ends_with(w)) {
        Some(-1)
    } else {
        None
    }
}

/// A heading of a budget (预算) section: its figures are plans, not final
/// accounts. The funds' names (一般公共预算 …) do not count.
pub fn budget_heading(heading: &str) -> bool {
    let mut text = heading.to_string();
    for fund in [
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
        "社会保险基金预算",
    ] {
        text = text.replace(fund, "");
    }
    text.contains("预算") && !["决算", "执行", "绩效"].iter().any(|w| text.contains(w))
}

/// The labels of a lead's named subject that `labels::find` would also
/// accept, for tests.
#[cfg(test)]
pub fn named(lead: &str) -> Option<Target> {
    let labels = super::super::labels::labels();
    named_at_clause_start(lead, &labels, |_| true).map(|l| l.target.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_the_year_compared_with() {
        assert_eq!(years_named("2022年“三公”经费支出决算为"), [2022]);
        assert_eq!(years_named("较2020年度决算数增加"), Vec::<i64>::new());
        assert_eq!(year_compared("比2019年(疫情前)决算数减少"), Some(2019));
        assert_eq!(year_compared("比上年减少"), None);
        assert_eq!(years_named("国发〔2014〕45号"), Vec::<i64>::new());
    }

    #[test]
    fn coordinated_subjects() {
        assert_eq!(
            coordinated("2022年度收、支总计各是"),
            Some(vec![
                Metric::Report("income_total"),
                Metric::Report("expenditure_total")
            ])
        );
        assert!(coordinated("收入、支出总计均为").is_some());
        assert!(coordinated("财政拨款收、支总计各是").is_none());
        assert!(coordinated("收入总计").is_none());
    }

    #[test]
    fn subjects_named_before_their_comparison() {
        assert_eq!(
            named(",公务接待费支出决算比预算无增减变化,比去年增加"),
            Some(Target::Claim(Metric::ThreePublic(Some("reception"))))
        );
        assert_eq!(
            named("其中:因公出国(境)费支出决算减少"),
            Some(Target::Claim(Metric::ThreePublic(Some("outbound"))))
        );
        assert_eq!(named(",公务接待费"), None);
        assert_eq!(
            named("2017年度“三公”经费财政拨款支出决算数比2016年度减少"),
            Some(Target::Claim(Metric::ThreePublic(None)))
        );
        assert_eq!(named(",主要原因是公务接待费增加"), None);
    }

    #[test]
    fn budget_comparisons_and_headings() {
        assert_eq!(against_budget(",决算数大于预算数"), Some(1));
        assert_eq!(against_budget("决算数小于年初预算数"), Some(-1));
        assert_eq!(against_budget("预算数"), None);
        assert!(budget_heading("一、2022年“三公”经费预算安排情况"));
        assert!(!budget_heading("五、一般公共预算财政拨款支出决算情况说明"));
        assert!(!budget_heading("一般公共预算财政拨款支出情况说明"));
    }
}

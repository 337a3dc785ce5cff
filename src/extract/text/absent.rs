//! Figures a report states by saying there were none: `本部门2024年度无
//! “三公”经费财政拨款支出`, `未发生政府采购支出`, `无公务接待费支出`. Each is
//! its subject's figure, 0, and only when the words after `无` name the
//! subject whole (`无“三公”经费预算` or `无增减变化` name none).

use super::labels::{self, Label, Target};
use super::sentences::years_named;
use super::sentences::{Statement, Subject};
use crate::extract::model::{Figures, Stated};
use crate::model::metric::Metric;
use crate::model::value::AmountUnit;

/// The words that say a figure is nil.
const NONE: [&str; 4] = ["未发生", "没有", "未有", "无"];

/// The statements of nil figures in one folded sentence of the report's
/// `year`.
pub fn statements(folded: &str, labels: &[Label], year: Option<i64>) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    for clause in folded.split([',', ';', '。', '、']) {
        let Some((at, word)) = NONE
            .iter()
            .filter_map(|w| clause.find(w).map(|at| (at, *w)))
            .min_by_key(|(at, w)| (*at, std::cmp::Reverse(w.len())))
        else {
            continue;
        };
        let before = &clause[..at];
        let other_year = year.is_some_and(|y| years_named(before).iter().any(|n| *n != y));
        if other_year || before.contains("预算") {
            continue;
        }
        let named = clause[at + word.len()..].trim_end_matches(['的', ' ']);
        let Some(label) = labels::find(labels, named, |t| {
            matches!(
                t,
                Target::Claim(
                    Metric::ThreePublic(_)
                        | Metric::Procurement(None)
                        | Metric::Report("operating_costs")
                )
            )
        }) else {
            continue;
        };
        let Target::Claim(metric) = &label.target else {
            continue;
        };
        // The label and its fillers must be all the clause names:
        // `无“三公”经费预算安排` is a plan, `无公务接待费超支` something else.
        if !named.starts_with(label.text.as_str()) {
            continue;
        }
        let subject = Subject::Claim(metric.clone());
        if out.iter().any(|s| s.subject == subject) {
            continue;
        }
        out.push(Statement {
            subject,
            figures: Figures {
                value: Some(Stated {
                    fen: 0,
                    decimals: 0,
                    printed: AmountUnit::Wan,
                }),
                ..Figures::default()
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::value::normalize;

    fn nil(text: &str) -> Vec<Metric> {
        statements(&normalize(text), &labels::labels(), Some(2024))
            .into_iter()
            .map(|s| match s.subject {
                Subject::Claim(m) => m,
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_nil_figure_is_a_zero() {
        assert_eq!(
            nil("中共上海市普陀区委社会工作部2024年度无“三公”经费财政拨款支出。"),
            [Metric::ThreePublic(None)]
        );
        assert_eq!(
            nil("本部门未发生政府采购支出。"),
            [Metric::Procurement(None)]
        );
        assert_eq!(
            nil("2024年度无因公出国（境）费用支出，无公务接待费支出。"),
            [
                Metric::ThreePublic(Some("outbound")),
                Metric::ThreePublic(Some("reception"))
            ]
        );
    }

    #[test]
    fn only_a_subject_named_whole_is_nil() {
        for text in [
            "公务接待费支出决算比预算无增减变化。",
            "2023年度无“三公”经费财政拨款支出。",
            "本部门2024年度无“三公”经费预算安排。",
            "“三公”经费预算无“三公”经费支出。",
            "无政府性基金预算财政拨款收入和支出。",
            "无公务接待费超支情况。",
            "本部门无其他说明。",
        ] {
            assert_eq!(nil(text), [], "{text}");
        }
    }
}

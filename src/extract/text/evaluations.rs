//! Performance evaluations (预算绩效): project self-evaluations (自评),
//! department or finance evaluations with their own report (部门评价报告),
//! and the department's overall evaluation (整体支出绩效评价).
//!
//! - a self-evaluation: `XX项目绩效自评得分为97分` with the project's
//!   `全年预算数` / `执行数` (the `evaluation:XX项目` claim), and its
//!   `年初预算数` from the table row `年度资金总额 a b c …` when that row
//!   survived on one line and agrees with the narrative;
//! - an evaluation report: a line `XX项目支出部门评价报告`; in it the score
//!   (`评价结果为96分`, `综合得分为…`) and the grade (`等级为“优”`);
//! - the overall evaluation: `开展整体支出绩效评价`;
//! - the implementing unit: `某中心“XX项目”`; the evaluator:
//!   `委托第三方机构某公司开展…`, for the method named last.

use super::document::{squeeze, strip_marker, Document, Sentence};
use super::scan::{self, Unit};
use super::sentences::{method_named, project_named};
use crate::extract::model::{Evaluation, Extracted, Section, Stated};
use crate::model::metric::Metric;
use crate::model::value::{normalize, parse_decimal, Printed};
use crate::model::vocab::{grade_for_score, GRADES};

/// The project name used for a department's overall evaluation.
pub const OVERALL_PROJECT: &str = "部门整体支出";

/// Words a total score follows.
const SCORE_LEADS: [&str; 7] = [
    "评价结果为",
    "综合得分为",
    "综合得分",
    "最终得分为",
    "评价得分为",
    "自评得分为",
    "得分为",
];

/// The evaluations, and notes on figures left out because the import
/// would refuse them (a score outside 0–100, a grade the score contradicts).
pub fn extract(doc: &Document, found: &Extracted) -> (Vec<Evaluation>, Vec<(Section, String)>) {
    let mut all: Vec<Evaluation> = Vec::new();
    self_evaluations(doc, found, &mut all);
    reports(doc, &mut all);
    overall(doc, &mut all);
    units_and_evaluators(doc, &mut all);
    let mut notes = Vec::new();
    for e in &mut all {
        let score = e.score.map(crate::model::value::to_real);
        if let Some(score) = score.filter(|s| !(0.0..=100.0).contains(s)) {
            notes.push((
                Section::Evaluations,
                format!(
                    "{} ({}): score {score} is outside 0–100; left out",
                    e.project, e.method
                ),
            ));
            e.score = None;
        }
        let expected = e
            .score
            .map(|s| grade_for_score(crate::model::value::to_real(s)));
        if let (Some(grade), Some(expected)) = (e.grade, expected) {
            if grade != expected {
                notes.push((Section::Evaluations, format!("{} ({}): grade {grade} disagrees with its score, which is {expected}; the grade is left out", e.project, e.method)));
                e.grade = None;
            }
        }
    }
    (all, notes)
}

fn self_evaluations(doc: &Document, found: &Extracted, all: &mut Vec<Evaluation>) {
    let scored: Vec<(&Sentence, String, Printed)> = doc
        .sentences
        .iter()
        .filter(|s| s.folded.contains("自评得分"))
        .filter_map(|s| Some((s, project_named(&s.folded)?, score(&s.folded)?)))
        .collect();
    for (n, (sentence, project, score)) in scored.iter().enumerate() {
        if all
            .iter()
            .any(|e| &e.project == project && e.method == "self")
        {
            continue;
        }
        let claim = found.claim(&Metric::Evaluation(project.clone()));
        let budget_full_year = claim.and_then(|c| c.figures.budget);
        let executed = claim.and_then(|c| c.figures.value);
        let until = scored
            .get(n + 1)
            .map_or(doc.lines.len(), |(s, _, _)| s.line);
        let budget_initial = funding_row(doc, sentence.line, until)
            .filter(|(_, full, done)| Some(*full) == budget_full_year && Some(*done) == executed)
            .map(|(initial, _, _)| initial);
        all.push(Evaluation {
            project: project.clone(),
            method: "self",
            budget_initial,
            budget_full_year,
            executed,
            score: Some(*score),
            ..Evaluation::default()
        });
    }
}

/// The first score in a text: a number of 分 right after a score word.
fn score(folded: &str) -> Option<Printed> {
    let mut previous_end = 0;
    for token in scan::tokens(folded) {
        let lead = folded
            .get(previous_end..token.start_byte)
            .unwrap_or_default();
        previous_end = token.end_byte;
        if token.unit == Unit::Count("分") && SCORE_LEADS.iter().any(|w| lead.ends_with(w)) {
            return Some(token.number);
        }
    }
    None
}

/// The `年度资金总额` row of a self-evaluation table between two lines, if it
/// kept its cells on one line: 年初预算数, 全年预算数, 全年执行数.
fn funding_row(doc: &Document, from: usize, until: usize) -> Option<(Stated, Stated, Stated)> {
    let line = doc
        .lines
        .get(from..until.min(doc.lines.len()))?
        .iter()
        .find(|l| squeeze(l).starts_with("年度资金总额"))?;
    let cells: Vec<Stated> = line
        .split_whitespace()
        .skip_while(|cell| !cell.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .take(3)
        .map(|cell| {
            let printed = parse_decimal(cell).ok()?;
            let fen =
                crate::model::value::to_fen(printed, crate::model::value::AmountUnit::Wan, cell)
                    .ok()?;
            Some(Stated {
                fen,
                decimals: printed.decimals,
                printed: crate::model::value::AmountUnit::Wan,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    match cells.as_slice() {
        [initial, full, done] => Some((*initial, *full, *done)),
        _ => None,
    }
}

/// Lines `XX项目支出部门评价报告`: (line, project, method).
pub fn report_titles(doc: &Document) -> Vec<(usize, String, &'static str)> {
    doc.lines
        .iter()
        .enumerate()
        .filter_map(|(n, line)| {
            let title = normalize(&squeeze(line)).into_owned();
            let body = title.strip_suffix("报告")?;
            let plain = !title
                .chars()
                .any(|c| c.is_ascii_digit() || c.is_ascii_punctuation());
            if title.chars().count() > 40 || !plain || strip_marker(&title).is_some() {
                return None;
            }
            let (method, body) = [
                ("部门评价", "department"),
                ("财政重点评价", "finance"),
                ("财政评价", "finance"),
                ("绩效自评", "self"),
                ("绩效评价", "department"),
            ]
            .iter()
            .find_map(|(word, method)| body.strip_suffix(word).map(|b| (*method, b)))?;
            let project = body.strip_suffix("支出").unwrap_or(body);
            (project.chars().count() >= 2).then(|| (n, project.to_string(), method))
        })
        .collect()
}

/// The line range of each evaluation report: to the next report or part.
pub fn report_ranges(doc: &Document) -> Vec<(std::ops::Range<usize>, String, &'static str)> {
    let titles = report_titles(doc);
    titles
        .iter()
        .enumerate()
        .map(|(n, (line, project, method))| {
            let next_title = titles.get(n + 1).map_or(usize::MAX, |t| t.0);
            let next_part = doc
                .headings
                .iter()
                .filter(|h| h.part && h.line > *line)
                .map(|h| h.line)
                .min()
                .unwrap_or(usize::MAX);
            (*line..next_title.min(next_part), project.clone(), *method)
        })
        .collect()
}

fn reports(doc: &Document, all: &mut Vec<Evaluation>) {
    for (range, project, method) in report_ranges(doc) {
        let inside: Vec<&Sentence> = doc
            .sentences
            .iter()
            .filter(|s| range.contains(&s.line))
            .collect();
        let score = inside.iter().find_map(|s| score(&s.folded));
        let grade = inside.iter().find_map(|s| grade(&s.folded));
        if all
            .iter()
            .any(|e| e.project == project && e.method == method)
        {
            continue;
        }
        all.push(Evaluation {
            project,
            method,
            score,
            grade,
            ..Evaluation::default()
        });
    }
}

/// `等级为“优”`, `评价等级为良`.
fn grade(folded: &str) -> Option<&'static str> {
    let at = folded.find("等级为")?;
    let after: String = folded[at + "等级为".len()..]
        .chars()
        .skip_while(|c| matches!(c, '“' | '"' | '‘'))
        .take(1)
        .collect();
    GRADES.find(&after).map(|t| t.id)
}

fn overall(doc: &Document, all: &mut Vec<Evaluation>) {
    let stated = doc
        .sentences
        .iter()
        .any(|s| s.folded.contains("整体支出绩效评价") || s.folded.contains("整体支出绩效自评"));
    if stated && !all.iter().any(|e| e.method == "overall") {
        all.push(Evaluation {
            project: OVERALL_PROJECT.to_string(),
            method: "overall",
            ..Evaluation::default()
        });
    }
}

fn units_and_evaluators(doc: &Document, all: &mut [Evaluation]) {
    let mut last_method = None;
    for sentence in &doc.sentences {
        let folded = &sentence.folded;
        for evaluation in all.iter_mut().filter(|e| e.unit.is_none()) {
            evaluation.unit = unit_before(sentence, &evaluation.project);
        }
        let named = method_named(folded.split("委托").next().unwrap_or(""));
        if let Some(method) = named.or(method_named(folded)) {
            last_method = Some(method);
        }
        if let (Some(evaluator), Some(method)) = (evaluator(folded), last_method) {
            for evaluation in all
                .iter_mut()
                .filter(|e| e.method == method && e.evaluator.is_none())
            {
                evaluation.evaluator = Some(evaluator.clone());
            }
        }
    }
}

/// `某中心“XX项目”`: the unit printed before the quoted project name.
fn unit_before(sentence: &Sentence, project: &str) -> Option<String> {
    let quoted = format!("“{project}”");
    let at = sentence.folded.find(&quoted)?;
    let unit: String = sentence.folded[..at]
        .chars()
        .rev()
        .take_while(|c| !matches!(c, '对' | '、' | ',' | ';' | ':' | '。' | '和' | '”'))
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    (2..=40).contains(&unit.chars().count()).then_some(unit)
}

/// `委托第三方机构某公司开展绩效评价`: the evaluator.
fn evaluator(folded: &str) -> Option<String> {
    let at = folded.find("委托")?;
    let after = &folded[at + "委托".len()..];
    let after = ["第三方机构", "第三方评价机构", "第三方"]
        .iter()
        .find_map(|w| after.strip_prefix(w))
        .unwrap_or(after);
    let end = ["开展", "对", "进行"]
        .iter()
        .filter_map(|w| after.find(w))
        .min()?;
    let name = &after[..end];
    (2..=40)
        .contains(&name.chars().count())
        .then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::Overrides;
    use crate::extract::text::read as extract_all;

    const REPORT: &str = "九、预算绩效情况说明
根据要求，我局组织对 2022 年度项目支出 3 个二级项目开展绩效自评，共涉及资金 30 万元，占一般公共预算项目支出总额的 100%。
组织对某市某中心“甲项目”等 2 个项目开展了部门评价，涉及一般公共预算支出 20 万元。并且项目委托第三方机构某某咨询有限公司开展绩效评价。
组织对部门本级开展整体支出绩效评价试点，涉及一般公共预算支出 90 万元。
(1)甲项目绩效自评总体综述：根据年初设定的绩效目标，甲项目绩效自评得分为 92 分。项目全年预算数为 10 万元，执行数为 9.5 万元，完成预算的 95%。
项目支出绩效自评表
年度资金总额 8 10 9.5 10 95% 9.5
甲项目支出部门评价报告
一、基本情况
最终评价结果为 88.5 分，本项目绩效评价等级为“良”。
第四部分 名词解释
";

    fn evaluations() -> Vec<Evaluation> {
        let doc = Document::parse(REPORT);
        let overrides = Overrides {
            department: Some("某市某局".into()),
            ..Overrides::default()
        };
        extract_all(&doc, &overrides).unwrap().evaluations
    }

    fn wan(fen: i64, decimals: u32) -> Option<Stated> {
        Some(Stated {
            fen,
            decimals,
            printed: crate::model::value::AmountUnit::Wan,
        })
    }

    #[test]
    fn a_self_evaluation_with_its_table_row() {
        let all = evaluations();
        let e = &all[0];
        assert_eq!((e.project.as_str(), e.method), ("甲项目", "self"));
        assert_eq!(e.score.map(|s| s.value.to_string()), Some("92".into()));
        assert_eq!(e.budget_initial, wan(8_000_000, 0));
        assert_eq!(e.budget_full_year, wan(10_000_000, 0));
        assert_eq!(e.executed, wan(9_500_000, 1));
        assert_eq!(e.unit.as_deref(), Some("某市某中心"));
        assert_eq!(e.evaluator, None);
    }

    #[test]
    fn a_department_evaluation_report() {
        let all = evaluations();
        let e = &all[1];
        assert_eq!((e.project.as_str(), e.method), ("甲项目", "department"));
        assert_eq!(e.score.map(|s| s.value.to_string()), Some("88.5".into()));
        assert_eq!(e.grade, Some("良"));
        assert_eq!(e.evaluator.as_deref(), Some("某某咨询有限公司"));
        assert_eq!(e.unit.as_deref(), Some("某市某中心"));
    }

    #[test]
    fn the_overall_evaluation() {
        let all = evaluations();
        assert_eq!(all.len(), 3);
        assert_eq!(
            (all[2].project.as_str(), all[2].method),
            (OVERALL_PROJECT, "overall")
        );
    }

    #[test]
    fn a_grade_the_score_contradicts_is_left_out() {
        let raw = REPORT.replace(
            "88.5 分，本项目绩效评价等级为“良”",
            "70 分，本项目绩效评价等级为“优”",
        );
        let doc = Document::parse(&raw);
        let overrides = Overrides {
            department: Some("某市某局".into()),
            ..Overrides::default()
        };
        let found = extract_all(&doc, &overrides).unwrap();
        let e = &found.evaluations[1];
        assert_eq!(
            (e.score.map(|s| s.value.to_string()), e.grade),
            (Some("70".into()), None)
        );
        assert!(
            found
                .notes
                .iter()
                .any(|(_, n)| n.contains("grade 优 disagrees")),
            "{:?}",
            found.notes
        );
    }

    #[test]
    fn grades_and_evaluators() {
        assert_eq!(grade("绩效评价等级为“优”"), Some("优"));
        assert_eq!(grade("评价等级为良好"), Some("良"));
        assert_eq!(grade("等级为"), None);
        assert_eq!(
            evaluator("委托江西某某公司对项目进行评价"),
            Some("江西某某公司".into())
        );
        assert_eq!(evaluator("委托"), None);
    }
}

//! Performance indicators (绩效指标), where the text keeps them.
//!
//! The indicator tables (项目支出绩效自评表, 绩效评分表) do not survive
//! pdftotext: their cells come out one character per line, in no reliable
//! order, so they are not read (the per-section report says how many were
//! seen). An evaluation report's analysis section (`四、绩效评价指标分析`)
//! does keep them, as a numbered outline:
//!
//! ```text
//! （一）项目决策情况（15 分）        level 1 → 决策指标
//! 1.项目立项（5 分）                 level 2
//! （1）立项依据充分性（2 分）        level 3, weight 2
//! …根据评分标准，本项分值 2 分，得 2 分。   score 2
//! ```
//!
//! A level-3 item may also follow its level-2 line without a marker
//! (`1.产出数量（15分）` then `机房精密维保服务数量（15分）`).

use super::document::{squeeze, Document, Marker, Sentence};
use super::evaluations::report_ranges;
use super::scan::{self, Unit};
use crate::extract::model::{Indicator, Section};
use crate::model::value::{parse_decimal, Printed};

pub fn extract(doc: &Document, notes: &mut Vec<(Section, String)>) -> Vec<Indicator> {
    let tables = doc
        .lines
        .iter()
        .filter(|l| {
            let l = squeeze(l);
            l.ends_with("绩效自评表") || l.ends_with("绩效评分表") || l.ends_with("评分表")
        })
        .count();
    if tables > 0 {
        notes.push((
            Section::Indicators,
            format!("{tables} indicator table(s) (自评表, 评分表) seen; their cells are broken apart in the text and were not read"),
        ));
    }
    let mut all = Vec::new();
    for (range, project, method) in report_ranges(doc) {
        let Some(heading) = doc
            .headings
            .iter()
            .position(|h| range.contains(&h.line) && h.text.contains("指标分析"))
        else {
            continue;
        };
        let inside: Vec<&Sentence> = doc
            .sentences
            .iter()
            .filter(|s| s.heading == Some(heading))
            .collect();
        outline(&inside, &project, method, &mut all);
    }
    keep_importable(all, notes)
}

/// Leaves out what the import would refuse: a negative weight (the
/// indicator) or score, a score above its weight (the score; each with a
/// note) and a second indicator of the same name.
fn keep_importable(all: Vec<Indicator>, notes: &mut Vec<(Section, String)>) -> Vec<Indicator> {
    let mut kept: Vec<Indicator> = Vec::new();
    for mut i in all {
        let key = |x: &Indicator| {
            (
                x.project.clone(),
                x.method,
                x.level1.clone(),
                x.level2.clone(),
                x.level3.clone(),
            )
        };
        if kept.iter().any(|k| key(k) == key(&i)) {
            notes.push((
                Section::Indicators,
                format!("{} is listed twice; the first is kept", i.level3),
            ));
            continue;
        }
        if i.weight.value.is_sign_negative() && !i.weight.value.is_zero() {
            notes.push((
                Section::Indicators,
                format!(
                    "{}: a negative weight {} is not an indicator's; left out",
                    i.level3, i.weight.value
                ),
            ));
            continue;
        }
        if i.score
            .is_some_and(|s| s.value.is_sign_negative() && !s.value.is_zero())
        {
            notes.push((
                Section::Indicators,
                format!("{}: the score found is negative; left out", i.level3),
            ));
            i.score = None;
        }
        if i.score.is_some_and(|s| s.value > i.weight.value) {
            notes.push((
                Section::Indicators,
                format!(
                    "{}: the score found is more than its weight {}; left out",
                    i.level3, i.weight.value
                ),
            ));
            i.score = None;
        }
        kept.push(i);
    }
    kept
}

/// Walks the numbered outline of an analysis section. An item opens with
/// its marker (or, for a level-3 item right under its level 2, without
/// one); its score is the last `得X分` before the next item opens.
fn outline(sentences: &[&Sentence], project: &str, method: &'static str, all: &mut Vec<Indicator>) {
    let mut level1 = String::new();
    let mut level2: Option<String> = None;
    let mut open: Option<Indicator> = None;
    let mut previous_paragraph = None;
    for sentence in sentences {
        let starts_paragraph = previous_paragraph != Some(sentence.paragraph);
        previous_paragraph = Some(sentence.paragraph);
        let heads = if starts_paragraph {
            leading_items(&sentence.folded)
        } else {
            Vec::new()
        };
        let mut level3 = None;
        match (sentence.marker, heads.as_slice()) {
            (Some(Marker::Chinese), [(name, _), ..]) => {
                all.extend(open.take());
                level1 = level1_name(name);
                level2 = None;
            }
            (Some(Marker::Dotted), [(name, _), rest @ ..]) => {
                all.extend(open.take());
                level2 = Some(name.clone());
                level3 = rest.first().cloned();
            }
            (Some(Marker::Number), [item, ..]) => level3 = Some(item.clone()),
            (None, [item, ..]) if open.is_none() && level2.is_some() => level3 = Some(item.clone()),
            _ => {}
        }
        if let Some((name, weight)) = level3.filter(|_| !level1.is_empty()) {
            all.extend(open.take());
            open = Some(Indicator {
                project: project.to_string(),
                method,
                level1: level1.clone(),
                level2: level2.clone(),
                level3: name,
                weight,
                score: None,
                target: None,
                actual: None,
            });
        }
        if let Some(item) = open.as_mut() {
            if let Some(score) = last_score(&sentence.folded) {
                item.score = Some(score);
            }
            let (target, actual) = target_and_actual(&sentence.folded);
            item.target = item.target.take().or(target);
            item.actual = item.actual.take().or(actual);
        }
    }
    all.extend(open);
}

/// `项目决策情况` → `决策指标`.
fn level1_name(name: &str) -> String {
    let core = name.strip_prefix("项目").unwrap_or(name);
    let core = core.strip_suffix("情况").unwrap_or(core);
    if core.ends_with("指标") {
        core.to_string()
    } else {
        format!("{core}指标")
    }
}

/// The `NAME(N分)` items a paragraph starts with.
fn leading_items(folded: &str) -> Vec<(String, Printed)> {
    let mut items = Vec::new();
    let mut rest = folded;
    while let Some((name, weight, after)) = item(rest) {
        items.push((name, weight));
        rest = after;
    }
    items
}

fn item(text: &str) -> Option<(String, Printed, &str)> {
    let open = text.find('(')?;
    let name = &text[..open];
    let plain = !name.is_empty()
        && name.chars().count() <= 25
        && !name
            .chars()
            .any(|c| c.is_ascii_punctuation() || c.is_ascii_digit() || "，。；：、“”".contains(c));
    if !plain {
        return None;
    }
    let inside = &text[open + 1..];
    let close = inside.find("分)")?;
    let weight = parse_decimal(&inside[..close]).ok()?;
    Some((name.to_string(), weight, &inside[close + "分)".len()..]))
}

/// What an analysis sentence says was planned and achieved:
/// `预计2套，实际完成2套`, `成本预算145.6万元内，实际支出145.6万元`, or a
/// rate worked out as `…*100%=(145.6/145.6)*100%=100%` (achieved only).
fn target_and_actual(folded: &str) -> (Option<String>, Option<String>) {
    if let Some((_, result)) = folded.rsplit_once("*100%=") {
        let rate = result.split('%').next().unwrap_or("");
        if !rate.is_empty() && parse_decimal(rate).is_ok() {
            return (None, Some(format!("{rate}%")));
        }
    }
    let mut target = None;
    let mut actual = None;
    let mut previous_end = 0;
    for token in scan::tokens(folded) {
        let clause = folded
            .get(previous_end..token.start_byte)
            .unwrap_or_default()
            .rsplit([',', ';', '。'])
            .next()
            .unwrap_or("")
            .to_string();
        previous_end = token.end_byte;
        if token.unit == Unit::Count("分") || clause.contains('=') {
            continue;
        }
        let printed = folded
            .get(token.start_byte..token.end_byte)
            .unwrap_or_default()
            .to_string();
        if clause.contains("实际") {
            actual = actual.or(Some(printed));
        } else if ["预计", "计划", "预算", "目标"]
            .iter()
            .any(|w| clause.contains(w))
        {
            target = target.or(Some(printed));
        }
    }
    // An achievement is read only beside what was planned.
    let planned = target.is_some();
    (target, actual.filter(|_| planned))
}

/// The last `得X分` of a sentence: the points awarded.
fn last_score(folded: &str) -> Option<Printed> {
    let mut previous_end = 0;
    let mut found = None;
    for token in scan::tokens(folded) {
        let lead = folded
            .get(previous_end..token.start_byte)
            .unwrap_or_default();
        previous_end = token.end_byte;
        if token.unit == Unit::Count("分") && lead.ends_with('得') {
            found = Some(token.number);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANALYSIS: &str = "甲项目支出部门评价报告
一、基本情况
最终评价结果为 90 分。
四、绩效评价指标分析
（一）项目决策情况（5 分）
1.项目立项（5 分）
（1）立项依据充分性（2 分）
项目依据充分。根据评分标准，本项分值 2 分，得 2 分。
（2）立项程序规范性（3 分）
按程序申请。本项分值 3 分，得 1.5 分。
（二）项目产出情况（10 分）
1.产出数量（10 分）
服务数量（10 分）
预计 2 套，实际完成 2 套。本项分值 10 分，按照评分标准，得 10 分。
五、主要经验及做法
第四部分 名词解释
";

    #[test]
    fn reads_the_outline_of_an_analysis_section() {
        let doc = Document::parse(ANALYSIS);
        let mut notes = Vec::new();
        let all = extract(&doc, &mut notes);
        type Shown = (String, Option<String>, String, String, Option<String>);
        let rows: Vec<Shown> = all
            .iter()
            .map(|i| {
                (
                    i.level1.clone(),
                    i.level2.clone(),
                    i.level3.clone(),
                    i.weight.value.to_string(),
                    i.score.map(|s| s.value.to_string()),
                )
            })
            .collect();
        let row = |l1: &str, l2: &str, l3: &str, w: &str, s: &str| {
            (
                l1.to_string(),
                Some(l2.to_string()),
                l3.to_string(),
                w.to_string(),
                Some(s.to_string()),
            )
        };
        assert_eq!(
            rows,
            [
                row("决策指标", "项目立项", "立项依据充分性", "2", "2"),
                row("决策指标", "项目立项", "立项程序规范性", "3", "1.5"),
                row("产出指标", "产出数量", "服务数量", "10", "10"),
            ]
        );
        assert!(all
            .iter()
            .all(|i| i.project == "甲项目" && i.method == "department"));
        assert!(notes.is_empty());
    }

    #[test]
    fn what_the_import_would_refuse_is_left_out() {
        let weight = parse_decimal("5").unwrap();
        let item = |name: &str, score: &str| Indicator {
            project: "甲".into(),
            method: "department",
            level1: "产出指标".into(),
            level2: None,
            level3: name.into(),
            weight,
            score: Some(parse_decimal(score).unwrap()),
            target: None,
            actual: None,
        };
        let mut notes = Vec::new();
        let kept = keep_importable(
            vec![item("a", "6"), item("b", "5"), item("b", "4")],
            &mut notes,
        );
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].score, None);
        assert_eq!(notes.len(), 2);
        // Negative figures, as a damaged text can print them (`得-2021分`,
        // `（-12.5分）`).
        let mut notes = Vec::new();
        let negative_weight = Indicator {
            weight: parse_decimal("-12.5").unwrap(),
            score: None,
            ..item("c", "0")
        };
        let kept = keep_importable(vec![item("d", "-2021"), negative_weight], &mut notes);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].level3, "d");
        assert_eq!(kept[0].score, None);
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn planned_and_achieved() {
        let pair = |text: &str| target_and_actual(&crate::model::value::normalize(&squeeze(text)));
        assert_eq!(
            pair("服务数量预计 2 套，实际完成 2 套。"),
            (Some("2套".into()), Some("2套".into()))
        );
        assert_eq!(
            pair("项目成本预算 145.6 万元内，实际支出运维费 145.6 万元。"),
            (Some("145.6万元".into()), Some("145.6万元".into()))
        );
        assert_eq!(
            pair("资金到位率=（实际到位资金/预算资金）*100%=（145.6/145.6）*100%=100%，保障程度较高。"),
            (None, Some("100%".into()))
        );
        assert_eq!(pair("本项分值 2 分，得 2 分。"), (None, None));
        assert_eq!(pair("实际完成 3 套。"), (None, None));
    }

    #[test]
    fn items_and_names() {
        assert_eq!(level1_name("项目效益情况"), "效益指标");
        assert_eq!(
            leading_items("产出数量(15分)机房维保数量(15分)南昌市").len(),
            2
        );
        assert!(leading_items("资金到位率=(实际到位资金/预算资金)").is_empty());
        assert!(leading_items("(").is_empty());
    }
}

//! Findings for a person at a terminal: one block per finding, grouped by
//! report, in the manner of compiler diagnostics, or a compact table; both
//! fit the given width, and both show at most a few findings per rule
//! (a million identical warnings help nobody) with a count per rule at the
//! end. Scripts get csv/json with every field and every finding instead
//! ([`super::finding::table`]). The rules' own wording stays English; the
//! words a reader needs are put in Chinese here (subjects through
//! [`crate::model::label`], the rule's title, the known phrases of a case),
//! so the rule modules never deal with presentation.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::finding::{Finding, Severity};
use crate::model::label::{self, Lang};

/// How many findings of one rule a terminal shows unless `--all`.
pub const PER_RULE: usize = 5;

/// The narrowest width rendered; below it lines still wrap at this width.
const MIN_WIDTH: usize = 40;

/// How findings are shown.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Terminal cells per line.
    pub width: usize,
    pub lang: Lang,
    /// At most this many findings per rule; `None` shows all.
    pub per_rule: Option<usize>,
}

/// The findings shown: per rule the first `per_rule`, in the order given.
pub fn shown(findings: &[Finding], per_rule: Option<usize>) -> Vec<&Finding> {
    let mut within = within_limit(per_rule);
    findings.iter().filter(|f| within(f)).collect()
}

/// Whether each finding in turn is among the first `per_rule` of its rule.
fn within_limit(per_rule: Option<usize>) -> impl FnMut(&Finding) -> bool {
    let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
    move |f| {
        let n = seen.entry(f.rule).or_default();
        *n += 1;
        per_rule.is_none_or(|limit| *n <= limit)
    }
}

fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match (lang, severity) {
        (Lang::Zh, Severity::Error) => "错误",
        (Lang::Zh, Severity::Warning) => "警告",
        (Lang::Zh, Severity::Info) => "提示",
        (Lang::En, s) => s.as_str(),
    }
}

/// A rule's title for a reader (its id stays beside it).
pub fn rule_title(rule: &str, lang: Lang) -> Option<&'static str> {
    const TITLES: &[(&str, &str, &str)] = &[
        (
            "claim.value",
            "陈述数与表中数不符",
            "stated value differs from the table",
        ),
        (
            "claim.budget",
            "陈述的预算数与表中不符",
            "stated budget differs from the table",
        ),
        (
            "claim.change",
            "陈述的增减额与两年之差不符",
            "stated change differs from this year − last",
        ),
        (
            "claim.change_pct",
            "陈述的增减率与计算不符",
            "stated percentage change differs from the computed one",
        ),
        (
            "claim.execution_pct",
            "陈述的预算完成率与计算不符",
            "stated budget execution differs from the computed one",
        ),
        (
            "claim.share_pct",
            "陈述的占比与计算不符",
            "stated share differs from the computed one",
        ),
        (
            "identity.income",
            "收入总计不等于各项之和",
            "income total is not the sum of its parts",
        ),
        (
            "identity.expenditure",
            "支出总计不等于各项之和",
            "expenditure total is not the sum of its parts",
        ),
        (
            "identity.balance",
            "收入总计不等于支出总计",
            "income total differs from expenditure total",
        ),
        (
            "identity.basic_project",
            "本年支出不等于基本支出加项目支出",
            "current expenditure is not basic + project",
        ),
        ("identity.staff", "人数不相加", "staff counts do not add up"),
        (
            "identity.procurement",
            "政府采购总额不等于货物、工程、服务之和",
            "procurement total is not goods + works + services",
        ),
        ("identity.sme", "部分大于整体", "a part exceeds its whole"),
        (
            "identity.carryover",
            "年初结转和结余不等于上年年末数",
            "carryover differs from the year before's",
        ),
        (
            "hierarchy.sum",
            "上级科目不等于下级之和",
            "a class is not the sum of its parts",
        ),
        (
            "hierarchy.unknown_code",
            "未知的功能分类科目编码",
            "unknown functional code",
        ),
        (
            "evaluation.weights",
            "指标分值之和不为100",
            "indicator weights do not sum to 100",
        ),
        (
            "evaluation.scores",
            "指标得分之和不等于评价得分",
            "indicator scores do not sum to the score",
        ),
        (
            "evaluation.grade",
            "等级与得分不符",
            "grade disagrees with the score",
        ),
        (
            "evaluation.executed",
            "执行数超过全年预算数",
            "executed exceeds the full-year budget",
        ),
        (
            "three_public.total",
            "“三公”经费合计不等于各项之和",
            "三公 total is not the sum of its categories",
        ),
        (
            "three_public.execution",
            "“三公”经费超出预算",
            "三公 spending over budget",
        ),
        (
            "three_public.reception_counts",
            "公务接待费与批次、人次不符",
            "reception spending without batches or persons",
        ),
        (
            "claim.budget_change",
            "陈述的较预算增减额与计算不符",
            "stated change on the budget differs from value − budget",
        ),
        (
            "claim.budget_change_pct",
            "陈述的较预算增减率与计算不符",
            "stated percentage change on the budget differs from the computed one",
        ),
        (
            "identity.fiscal_income",
            "财政拨款收入不等于三项财政拨款之和",
            "fiscal income is not general + gov_fund + state_capital",
        ),
        (
            "hierarchy.income",
            "收入决算表上级科目不等于下级之和",
            "an income class is not the sum of its parts",
        ),
        (
            "hierarchy.fund_accounts",
            "资金收支表上级科目不等于下级之和",
            "a fund account's class is not the sum of its parts",
        ),
        (
            "hierarchy.economic",
            "经济分类类级不等于款级之和",
            "an economic class is not the sum of its items",
        ),
        (
            "table.expenditure",
            "支出决算表合计与收支总表不符",
            "the expenditure table's total differs from the summary table",
        ),
        (
            "table.fund_expenditure",
            "资金合计行不等于各类之和",
            "a fund's total row is not the sum of its classes",
        ),
        (
            "table.general_basic",
            "一般公共预算基本支出与经济分类之和不符",
            "general-fund basic expenditure differs from its economic classes",
        ),
        (
            "table.income",
            "本年收入合计不等于各收入来源之和",
            "income of the year is not the sum of its sources",
        ),
        (
            "table.fund_income",
            "资金本年收入与收入来源不符",
            "a fund's income differs from that income source",
        ),
        (
            "table.income_codes",
            "收入来源合计不等于各类之和",
            "an income source's total is not the sum of its classes",
        ),
        (
            "fund.balance",
            "年初结转和结余加本年收入不等于本年支出加年末结转和结余",
            "carryover + income is not expenditure + carryover",
        ),
        (
            "fund.basic_project",
            "本年支出不等于基本支出加项目支出",
            "a fund's expenditure is not basic + project",
        ),
        (
            "fund.parts",
            "财政拨款不等于三项财政拨款之和",
            "the fiscal fund is not the sum of its three parts",
        ),
        (
            "completeness.table_missing",
            "报告未公开该标准表",
            "the report does not carry this standard table",
        ),
        (
            "completeness.table_unlisted",
            "公开情况中未列出该标准表",
            "the disclosures do not list this standard table",
        ),
        (
            "consistency.placeholder",
            "模板占位符未替换",
            "text left from the template",
        ),
        (
            "consistency.year",
            "年份与报告年度不符",
            "another year named",
        ),
        (
            "consistency.department",
            "部门名称与报告不符",
            "another department named",
        ),
        (
            "consistency.comparison_word",
            "文字与数字矛盾",
            "words contradict their figures",
        ),
        (
            "completeness.contents",
            "目录与正文的表格不一致",
            "contents and body list different tables",
        ),
    ];
    TITLES
        .iter()
        .find(|(id, _, _)| *id == rule)
        .map(|(_, zh, en)| if lang == Lang::Zh { *zh } else { *en })
}

/// The known phrases of the rules' cases, in Chinese; what is not known
/// stays as the rule wrote it.
const CASE_PHRASES: &[(&str, &str)] = &[
    (
        "text left from the template (a placeholder such as XX, ××× or 【】)",
        "模板遗留文字（XX、×××、【】等占位符）",
    ),
    ("names ", "写的是 "),
    (", but the report is of ", "，而本报告是 "),
    ("the words say ", "文字称"),
    (" greater than ", "大于"),
    (" less than ", "小于"),
    (" equal to ", "等于"),
    (", but the figures are ", "，而数字为 "),
    (" (决算) and ", "（决算）与 "),
    (" (预算)", "（预算）"),
    ("the 目录 lists ", "目录列有 "),
    (", which the body does not print", "，正文中没有此表"),
    ("the body prints ", "正文印有 "),
    (", which the 目录 does not list", "，目录未列"),
    (
        " tables, and no table title of the body was read",
        " 张表，而正文的表名一个也未读到",
    ),
    ("off by more than rounding allows", "超出舍入所允许的误差"),
    (
        "within what unrounded or truncated inputs give",
        "在未舍入或截断的输入可得的范围内",
    ),
    ("stated on a prior of zero", "上年数为零，增减率无从计算"),
    (
        "inputs admit any value (the divisor's interval contains 0)",
        "输入可得任意值（除数区间含零）",
    ),
    (
        "the part exceeds the whole by more than rounding allows",
        "部分大于整体，超出舍入所允许的误差",
    ),
    (
        "executed exceeds budget_full_year by more than rounding allows",
        "全年执行数超过全年预算数，超出舍入所允许的误差",
    ),
    (
        "unknown code: not in function_classes",
        "未知编码：function_classes 中没有",
    ),
    ("counts must add up exactly", "人数须完全相加一致"),
    ("actual spending without a budget", "无预算而有支出"),
    ("metric not understood", "无法识别的指标"),
    ("the budget is zero", "预算数为零"),
    ("the whole is zero", "总数为零"),
    ("reports list only some projects", "报告只列出部分项目"),
    ("self evaluations", "自评"),
    ("department evaluations", "部门评价"),
    ("finance evaluations", "财政评价"),
    ("overall evaluations", "整体支出评价"),
    ("the amount covered by ", ""),
    ("the whole of ", ""),
    ("' share is not in the tables", "占比的总数不在表中"),
    (" is not in the tables", "所涉资金不在表中"),
    ("reception spending with zero ", "公务接待费支出而为零的："),
    ("reception spending, ", "公务接待费的"),
    ("batches or persons", "批次或人次"),
    ("batches", "批次"),
    ("persons", "人次"),
    (" is 0", "为 0"),
    ("not in the tables", "不在表中"),
    ("three_public actual", "three_public 决算数"),
    ("three_public budget", "three_public 预算数"),
    (" not loaded", "未导入"),
    (" not stated", "未填报"),
    ("unverifiable: ", "无法核对："),
    ("over 100%", "超过100%"),
    (
        "the report's disclosures do not list this standard table (most reports carry it)",
        "报告的公开情况未列出该标准表（多数报告都有此表）",
    ),
    ("not every row of ", ""),
    (
        " may be loaded (its disclosures row does not say present)",
        " 的行可能未全部导入（公开情况未注明此表已公开）",
    ),
    (" has no budget in the tables", " 在表中没有预算数"),
    (" has an empty figure", " 的数为空"),
    ("no whole is defined for a share of ", "未规定占比的总数："),
    (
        " is not a part of basic expenditure",
        " 不是基本支出的组成部分",
    ),
    (
        "the stated parts differ from the total by ",
        "所列各部分与合计相差 ",
    ),
    (
        "general-fund economic code ",
        "一般公共预算财政拨款基本支出 经济分类 ",
    ),
    (
        "general-fund economic expenditure",
        "一般公共预算财政拨款基本支出",
    ),
    ("fiscal-fund expenditure", "财政拨款支出"),
    ("general-fund expenditure", "一般公共预算财政拨款支出"),
    ("gov_fund-fund expenditure", "政府性基金预算财政拨款支出"),
    (
        "state_capital-fund expenditure",
        "国有资本经营预算财政拨款支出",
    ),
    (" (whole fund)", "（全部）"),
    ("evaluation of ", "绩效评价 "),
];

/// A case in the reader's language: known phrases, metric ids and column
/// names put in Chinese, the range "inputs admit A to B" as "输入可得 A 至 B".
pub fn case_text(case: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return case.to_string();
    }
    let mut text = case.to_string();
    for (en, zh) in CASE_PHRASES {
        text = text.replace(en, zh);
    }
    if let Some(start) = text.find("inputs admit ") {
        let rest = text[start..]
            .replacen("inputs admit ", "输入可得 ", 1)
            .replacen(" to ", " 至 ", 1);
        text.replace_range(start.., &rest);
    }
    text = label::ids_zh(&text).0;
    // "X of 2020" and "X in 2020" → "X（2020年）".
    for joint in [" of ", " in "] {
        let mut from = 0;
        while let Some(at) = text[from..].find(joint).map(|i| from + i) {
            let year = &text[at + 4..];
            if year.len() >= 4 && year.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
                let replaced = format!("（{}年）", &year[..4]);
                text.replace_range(at..at + 8, &replaced);
                from = at + replaced.len();
            } else {
                from = at + 4;
            }
        }
    }
    text
}

/// A figure for reading: two decimals, as the tables print.
fn figure(value: Option<Decimal>) -> String {
    match value {
        None => "—".into(),
        Some(d) => {
            let mut rounded = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            rounded.rescale(2);
            if rounded.is_zero() {
                rounded.set_sign_positive(true);
            }
            rounded.to_string()
        }
    }
}

/// Breaks `text` into lines of at most `width` cells, the first after
/// `first` (already on the line) and the others after `indent`: at spaces
/// where the text has them, between CJK characters otherwise, never inside
/// a number or an ASCII word that fits on a line.
fn wrap(out: &mut String, first: &str, indent: usize, text: &str, width: usize) {
    let width = width.max(MIN_WIDTH);
    let mut line = first.to_string();
    let mut line_width = first.width();
    // Where the current run of ASCII letters and digits starts in `line`.
    let mut word_start: Option<usize> = None;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if line_width + w > width && line_width > indent {
            let space = line
                .rfind(' ')
                .filter(|&at| at > 0 && line[..at].width() > indent);
            let cut = match (c == ' ', word_start, space) {
                (true, _, _) => line.len(),
                (false, Some(at), _) if line[..at].trim_end().width() > indent => at,
                (false, _, Some(at)) => at,
                _ => line.len(),
            };
            let carried = line[cut..].trim_start().to_string();
            out.push_str(line[..cut].trim_end());
            out.push('\n');
            line = " ".repeat(indent) + &carried;
            line_width = line.width();
            word_start = (!carried.is_empty() && carried.is_ascii()).then_some(indent);
            if c == ' ' {
                continue;
            }
        }
        if c.is_ascii() && c != ' ' {
            word_start.get_or_insert(line.len());
        } else {
            word_start = None;
        }
        line.push(c);
        line_width += w;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// One block per finding, under a heading per report (year, department).
pub fn blocks(findings: &[&Finding], options: &Options) -> String {
    let lang = options.lang;
    let width = options.width;
    let mut ordered: Vec<&Finding> = findings.to_vec();
    ordered.sort_by(|a, b| {
        (a.year, &a.department, a.severity).cmp(&(b.year, &b.department, b.severity))
    });
    let mut out = String::new();
    let mut report: Option<(i64, &str)> = None;
    let (about, stated, computed, difference, why, quoted, source) = match lang {
        Lang::Zh => ("事项", "陈述", "计算", "差额", "原因", "原文", "来源"),
        Lang::En => (
            "subject",
            "stated",
            "computed",
            "difference",
            "why",
            "text",
            "source",
        ),
    };
    let label_width = [about, stated, why, quoted, source]
        .iter()
        .map(|l| l.width())
        .max()
        .unwrap_or(0);
    let pad = |label: &str| format!("  {label}{} ", " ".repeat(label_width - label.width()));
    let indent = 2 + label_width + 1;
    for f in ordered {
        if report != Some((f.year, f.department.as_str())) {
            if report.is_some() {
                out.push('\n');
            }
            let heading = match lang {
                Lang::Zh => format!("{}年度 {}", f.year, f.department),
                Lang::En => format!("{} {}", f.year, f.department),
            };
            wrap(&mut out, "", 0, &format!("== {heading}"), width);
            report = Some((f.year, f.department.as_str()));
        }
        out.push('\n');
        // A note is a figure that could not be verified, not a disagreement.
        let title = rule_title(f.rule, lang)
            .filter(|_| f.severity != Severity::Info)
            .map(|t| format!(": {t}"))
            .unwrap_or_default();
        wrap(
            &mut out,
            "",
            2,
            &format!("{}[{}]{title}", severity_word(f.severity, lang), f.rule),
            width,
        );
        if let Some(at) = f.location() {
            let more = match (f.locations.len() - 1, lang) {
                (0, _) => String::new(),
                (n, Lang::Zh) => format!("（另有 {n} 行）"),
                (1, Lang::En) => " (and 1 more row)".to_string(),
                (n, Lang::En) => format!(" (and {n} more rows)"),
            };
            wrap(&mut out, "  --> ", 6, &format!("{at}{more}"), width);
        }
        wrap(
            &mut out,
            &pad(about),
            indent,
            &label::subject(&f.subject, lang),
            width,
        );
        if f.found.is_some() || f.expected.is_some() {
            let mut figures = figure(f.found);
            if f.expected.is_some() {
                let _ = write!(figures, "  {computed} {}", figure(f.expected));
            }
            if f.difference.is_some() {
                let _ = write!(figures, "  {difference} {}", figure(f.difference));
            }
            wrap(&mut out, &pad(stated), indent, &figures, width);
        }
        wrap(
            &mut out,
            &pad(why),
            indent,
            &case_text(&f.case, lang),
            width,
        );
        if let Some(text) = &f.text {
            let text = match lang {
                Lang::Zh => format!("“{text}”"),
                Lang::En => format!("\"{text}\""),
            };
            wrap(&mut out, &pad(quoted), indent, &text, width);
        }
        if let Some(where_from) = &f.source {
            wrap(&mut out, &pad(source), indent, where_from, width);
        }
    }
    out
}

/// Cuts `text` to `width` cells, ending with … when cut.
fn truncate(text: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// A compact table of the findings, every line within the width: the
/// short columns keep their width, the long ones (department, subject,
/// case, text) share what is left and are cut with ….
pub fn table(findings: &[&Finding], options: &Options) -> String {
    let lang = options.lang;
    let headers = [
        "severity",
        "rule",
        "year",
        "department",
        "subject",
        "found",
        "expected",
        "difference",
        "case",
        "text",
        "location",
    ];
    let numeric = [
        false, false, true, false, false, true, true, true, false, false, false,
    ];
    // A location is shown whole or not at all: cut, it points nowhere.
    let flexible = [
        false, false, false, true, true, false, false, false, true, true, false,
    ];
    let rows: Vec<[String; 11]> = findings
        .iter()
        .map(|f| {
            [
                severity_word(f.severity, lang).to_string(),
                f.rule.to_string(),
                f.year.to_string(),
                f.department.clone(),
                label::subject(&f.subject, lang),
                f.found.map_or(String::new(), |d| figure(Some(d))),
                f.expected.map_or(String::new(), |d| figure(Some(d))),
                f.difference.map_or(String::new(), |d| figure(Some(d))),
                case_text(&f.case, lang),
                f.text.clone().unwrap_or_default(),
                f.location().map_or(String::new(), |l| l.to_string()),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let width = options.width.max(MIN_WIDTH);
    // Columns are left out, least needed first, until the short ones and a
    // few cells of each long one fit.
    const LEAST_NEEDED_FIRST: [usize; 7] = [9, 10, 3, 7, 2, 6, 8];
    const LONG_MIN: usize = 8;
    let mut kept: Vec<usize> = (0..headers.len()).collect();
    let needed = |kept: &[usize]| {
        kept.iter()
            .map(|&i| {
                if flexible[i] {
                    LONG_MIN.min(widths[i])
                } else {
                    widths[i]
                }
            })
            .sum::<usize>()
            + 2 * kept.len().saturating_sub(1)
    };
    for drop in LEAST_NEEDED_FIRST {
        if needed(&kept) <= width {
            break;
        }
        kept.retain(|&i| i != drop);
    }
    let fixed: usize = kept
        .iter()
        .filter(|&&i| !flexible[i])
        .map(|&i| widths[i])
        .sum();
    let mut room = width.saturating_sub(fixed + 2 * kept.len().saturating_sub(1));
    // Share the room: the narrowest long column first takes what it needs
    // up to an equal share of what is left, then the next.
    let mut order: Vec<usize> = kept.iter().copied().filter(|&i| flexible[i]).collect();
    order.sort_by_key(|&i| widths[i]);
    let mut left = order.len();
    for i in order {
        let share = room / left.max(1);
        widths[i] = widths[i].min(share);
        room = room.saturating_sub(widths[i]);
        left -= 1;
    }
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        let mut text = String::new();
        for (n, &i) in kept.iter().enumerate() {
            if n > 0 {
                text.push_str("  ");
            }
            let cell = truncate(&cells[i], widths[i]);
            let pad = " ".repeat(widths[i].saturating_sub(cell.width()));
            if numeric[i] {
                text.push_str(&pad);
                text.push_str(&cell);
            } else {
                text.push_str(&cell);
                text.push_str(&pad);
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    let header: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    line(&header, &mut out);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&rule, &mut out);
    for row in &rows {
        line(row, &mut out);
    }
    out
}

/// "1 000 000": digits in groups of three, for counts a reader scans.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Counts of the three severities in words (`2 errors, 1 warning`,
/// `2 个错误，1 个警告`); a zero count is left out unless `with_zeros`.
fn counted(counts: [usize; 3], with_zeros: bool, lang: Lang) -> String {
    let words: Vec<String> = [
        (counts[0], "error", "个错误"),
        (counts[1], "warning", "个警告"),
        (counts[2], "note", "个提示"),
    ]
    .iter()
    .filter(|(count, _, _)| with_zeros || *count > 0)
    .map(|(count, en, zh)| match lang {
        Lang::En => format!(
            "{} {en}{}",
            grouped(*count),
            if *count == 1 { "" } else { "s" }
        ),
        Lang::Zh => format!("{} {zh}", grouped(*count)),
    })
    .collect();
    words.join(if lang == Lang::Zh { "，" } else { ", " })
}

/// One line per rule: how many findings of each severity, and how many
/// were shown when not all were (`hierarchy.unknown_code: 1 000 000
/// warnings, first 5 shown`).
pub fn rule_summary(findings: &[Finding], per_rule: Option<usize>, lang: Lang) -> String {
    rule_summary_of(&super::finding::Tally::of(findings), per_rule, lang)
}

/// [`rule_summary`] from a [`super::finding::Tally`].
pub fn rule_summary_of(
    tally: &super::finding::Tally,
    per_rule: Option<usize>,
    lang: Lang,
) -> String {
    let mut out = String::new();
    for (rule, n) in tally.by_rule.iter().map(|(r, n)| (*r, *n)) {
        let total: usize = n.iter().sum();
        let cut = per_rule
            .filter(|&limit| total > limit)
            .map(|limit| match lang {
                Lang::En => format!(", first {limit} shown (--all shows all)"),
                Lang::Zh => format!("，只显示前 {limit} 个（--all 显示全部）"),
            })
            .unwrap_or_default();
        let _ = writeln!(out, "{rule}: {}{cut}", counted(n, false, lang));
    }
    out
}

/// The last line: every severity counted, zeros too (`2 errors,
/// 0 warnings, 7 notes`; `共 2 个错误，0 个警告，7 个提示`).
pub fn totals(tally: &super::finding::Tally, lang: Lang) -> String {
    let counts = [Severity::Error, Severity::Warning, Severity::Info].map(|s| tally.count(s));
    match lang {
        Lang::En => counted(counts, true, lang),
        Lang::Zh => format!("共 {}", counted(counts, true, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &'static str, subject: &str) -> Finding {
        Finding::new(Severity::Error, rule, 2021, "南昌市人力资源和社会保障局", subject, "off by more than rounding allows (inputs admit 395.8402 to 397.4959)")
            .figures(Some(Decimal::new(39667, 2)), Some(Decimal::new(39767, 2)))
            .text(Some("资本性支出14.90万元，较2020年增加11.9万元，增长397.67%，主要原因是：办公设备购置增加。资本性支出14.90万元，较2020年增加11.9万元，增长397.67%。"))
    }

    #[test]
    fn blocks_fit_the_width_and_name_the_subject_in_chinese() {
        let f = finding("claim.change_pct", "econ:310");
        for width in [40, 60, 100] {
            let options = Options {
                width,
                lang: Lang::Zh,
                per_rule: None,
            };
            let text = blocks(&[&f], &options);
            for line in text.lines() {
                assert!(line.width() <= width, "{width}: {line:?}");
            }
            assert!(text.contains("资本性支出 (310)"), "{text}");
            assert!(text.contains("错误[claim.change_pct]"), "{text}");
            if width == 100 {
                assert!(text.contains("输入可得 395.8402 至 397.4959"), "{text}");
            }
            assert!(!text.contains("1\n"), "a number is not cut: {text}");
            let table = table(&[&f], &options);
            for line in table.lines() {
                assert!(line.width() <= width, "{width}: {line:?}");
            }
        }
        let en = blocks(
            &[&f],
            &Options {
                width: 100,
                lang: Lang::En,
                per_rule: None,
            },
        );
        assert!(en.contains("error[claim.change_pct]"), "{en}");
        assert!(en.contains("inputs admit"), "{en}");
    }

    #[test]
    fn at_most_a_few_per_rule_with_a_count() {
        let many: Vec<Finding> = (0..12)
            .map(|i| finding("hierarchy.unknown_code", &format!("9{i:02}")))
            .chain([finding("claim.value", "income_total")])
            .collect();
        assert_eq!(shown(&many, Some(PER_RULE)).len(), 6);
        assert_eq!(shown(&many, None).len(), 13);
        let summary = rule_summary(&many, Some(PER_RULE), Lang::En);
        assert!(
            summary.contains("hierarchy.unknown_code: 12 errors, first 5 shown"),
            "{summary}"
        );
        assert!(summary.contains("claim.value: 1 error\n"), "{summary}");
        assert_eq!(grouped(1_000_000), "1 000 000");
        assert_eq!(grouped(999), "999");
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_between_cjk() {
        let mut out = String::new();
        wrap(&mut out, "", 2, &"word ".repeat(30), 40);
        assert!(out.lines().all(|l| l.width() <= 40 && !l.ends_with(' ')));
        assert!(
            out.lines().skip(1).all(|l| l.starts_with("  word")),
            "{out}"
        );
        let mut out = String::new();
        wrap(&mut out, "原文 ", 5, &"资".repeat(50), 40);
        assert!(out.lines().all(|l| l.width() <= 40), "{out}");
        assert_eq!(out.chars().filter(|&c| c == '资').count(), 50);
    }
}

//! One department's page: who it is, its headline figures against the year
//! before, charts over every loaded year, the "三公", procurement and
//! evaluation tables, and every `check` finding.

use std::fmt::Write;

use super::data::{Department, Report};
use super::html::{
    change_percent, decimal, escape, head, number, page, percent, row, score, text, wan,
    wan_or_blank,
};
use super::svg::{bars, Layout, Series};
use crate::check::{render, Finding, Severity};
use crate::model::kinds::REPORT_AMOUNTS;
use crate::model::label::{self, Lang};

/// How many 类 the composition chart names; the rest are 其他.
const NAMED_CLASSES: usize = 7;

/// The Chinese word for a severity.
pub fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

/// The whole page of `department` with its `findings`.
pub fn render(department: &Department, findings: &[Finding]) -> String {
    let mut body = String::new();
    header(&mut body, department);
    units(&mut body, department);
    headline(&mut body, department);
    charts(&mut body, department);
    three_public(&mut body, department);
    procurement(&mut body, department);
    evaluations(&mut body, department);
    findings_section(&mut body, findings);
    let _ = writeln!(
        body,
        "<footer><p class=\"note\">金额单位：万元（由数据库中以分为单位的整数精确换算）。由 budgetdb {} 生成。</p></footer>",
        env!("CARGO_PKG_VERSION")
    );
    page(
        &format!("{} {}年度部门决算", department.name, department.year),
        &body,
    )
}

fn header(out: &mut String, d: &Department) {
    let region = d
        .report(d.year)
        .and_then(|r| r.region.clone())
        .map(|r| format!("{r} · "))
        .unwrap_or_default();
    let years: Vec<String> = d.years.iter().map(i64::to_string).collect();
    let _ = write!(
        out,
        "<header><h1>{}</h1><p class=\"meta\">{}{}年度部门决算 · 已载入年度：{}</p></header>\n\
         <nav><a href=\"#headline\">主要指标</a><a href=\"#charts\">历年变化</a><a href=\"#three-public\">“三公”经费</a>\
         <a href=\"#procurement\">政府采购</a><a href=\"#evaluations\">绩效评价</a><a href=\"#findings\">检查发现</a></nav>\n",
        escape(&d.name),
        escape(&region),
        d.year,
        escape(&years.join("、"))
    );
}

fn units(out: &mut String, d: &Department) {
    out.push_str("<section id=\"units\"><h2>部门及所属单位</h2>\n");
    let report = d.report(d.year);
    let counts = [
        ("单位数", report.and_then(|r| r.unit_count)),
        ("年末职工人数", report.and_then(|r| r.staff_total)),
        ("在职人员", report.and_then(|r| r.staff_active)),
    ];
    let stated: Vec<String> = counts
        .iter()
        .filter_map(|(label, n)| n.map(|n| format!("{label} {n}")))
        .collect();
    if !stated.is_empty() {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&stated.join(" · ")));
    }
    if d.units.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}年度未载入所属单位名单。</p>",
            d.year
        );
    } else {
        out.push_str("<table>");
        head(out, &["单位", "单位性质", "备注"], 0..0);
        out.push_str("<tbody>");
        for unit in &d.units {
            row(
                out,
                &[
                    text(unit.name.clone()),
                    text(unit.unit_type.clone().unwrap_or_default()),
                    text(unit.note.clone().unwrap_or_default()),
                ],
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
}

/// A figure of the shown year next to the year before.
fn comparison(label: &str, now: Option<i64>, prior: Option<i64>) -> Vec<(String, bool)> {
    vec![
        text(label),
        number(wan_or_blank(now)),
        number(wan_or_blank(prior)),
        number(match (now, prior) {
            (Some(n), Some(p)) => n.checked_sub(p).map(wan).unwrap_or_default(),
            _ => String::new(),
        }),
        number(change_percent(now, prior).unwrap_or_default()),
    ]
}

fn headline(out: &mut String, d: &Department) {
    let (year, prior_year) = (d.year, d.year - 1);
    let _ = write!(
        out,
        "<section id=\"headline\"><h2>主要指标（万元）</h2>\n<table>"
    );
    let labels = [
        "指标".to_string(),
        format!("{year}年"),
        format!("{prior_year}年"),
        "增减".to_string(),
        "增减率（%）".to_string(),
    ];
    head(
        out,
        &labels.iter().map(String::as_str).collect::<Vec<_>>(),
        1..5,
    );
    out.push_str("<tbody>");
    let now = d.report(year);
    let prior = d.report(prior_year);
    for (column, label) in REPORT_AMOUNTS {
        let value = |r: Option<&Report>| r.and_then(|r| r.amount(column));
        if value(now).is_none() && value(prior).is_none() {
            continue;
        }
        row(out, &comparison(label, value(now), value(prior)));
    }
    let (_, actual) = d.three_public_total(year);
    let (_, prior_actual) = d.three_public_total(prior_year);
    if actual.is_some() || prior_actual.is_some() {
        row(out, &comparison("“三公”经费合计", actual, prior_actual));
    }
    out.push_str("</tbody></table>\n");
    if now.is_none() {
        let _ = writeln!(
            out,
            "<p class=\"note\">{year}年度未载入收入支出决算总表（reports）。</p>"
        );
    }
    out.push_str("</section>\n");
}

/// The values of `reports` column `name` over every year.
fn report_series(d: &Department, column: &str, label: &str) -> Series {
    Series {
        label: label.to_string(),
        values: d
            .years
            .iter()
            .map(|y| d.report(*y).and_then(|r| r.amount(column)))
            .collect(),
    }
}

fn figure(out: &mut String, id: &str, caption: &str, svg: &str) {
    let _ = writeln!(
        out,
        "<figure id=\"{id}\"><figcaption>{}</figcaption>{svg}</figure>",
        escape(caption)
    );
}

/// Series with at least one value; one empty series when none has any, so
/// the chart still draws its axis and says there is no data.
fn with_values(series: Vec<Series>, empty_label: &str, years: usize) -> Vec<Series> {
    let kept: Vec<Series> = series
        .into_iter()
        .filter(|s| s.values.iter().any(Option::is_some))
        .collect();
    if kept.is_empty() {
        vec![Series {
            label: empty_label.to_string(),
            values: vec![None; years],
        }]
    } else {
        kept
    }
}

fn charts(out: &mut String, d: &Department) {
    let n = d.years.len();
    out.push_str("<section id=\"charts\"><h2>历年变化（万元）</h2>\n<div class=\"charts\">\n");

    let totals = with_values(
        vec![
            report_series(d, "income_total", "收入总计"),
            report_series(d, "income_current", "本年收入合计"),
            report_series(d, "expenditure_total", "支出总计"),
            report_series(d, "expenditure_current", "本年支出合计"),
        ],
        "收入支出",
        n,
    );
    figure(
        out,
        "chart-totals",
        "收入与支出总计",
        &bars("收入与支出总计", &d.years, &totals, Layout::Grouped),
    );

    let split = with_values(
        vec![
            report_series(d, "basic_expenditure", "基本支出"),
            report_series(d, "project_expenditure", "项目支出"),
        ],
        "基本支出",
        n,
    );
    figure(
        out,
        "chart-basic-project",
        "基本支出与项目支出",
        &bars("基本支出与项目支出", &d.years, &split, Layout::Stacked),
    );

    // "三公" categories in the order reports list them, as loaded.
    let mut categories: Vec<(String, String)> = Vec::new();
    for rows in d.three_public.values() {
        for r in rows {
            if !categories.iter().any(|(id, _)| *id == r.category) {
                categories.push((r.category.clone(), r.label.clone()));
            }
        }
    }
    let order = |id: &str| {
        crate::model::vocab::THREE_PUBLIC_CATEGORIES
            .terms
            .iter()
            .position(|t| t.id == id)
    };
    categories.sort_by_key(|(id, _)| order(id));
    let three: Vec<Series> = categories
        .iter()
        .map(|(id, label)| Series {
            label: label.clone(),
            values: d
                .years
                .iter()
                .map(|y| {
                    d.three_public
                        .get(y)
                        .and_then(|rows| rows.iter().find(|r| r.category == *id))
                        .and_then(|r| r.actual)
                })
                .collect(),
        })
        .collect();
    figure(
        out,
        "chart-three-public",
        "“三公”经费决算数（分类别）",
        &bars(
            "“三公”经费决算数",
            &d.years,
            &with_values(three, "“三公”经费", n),
            Layout::Stacked,
        ),
    );

    let operating = with_values(
        vec![report_series(d, "operating_costs", "机关运行经费")],
        "机关运行经费",
        n,
    );
    figure(
        out,
        "chart-operating-costs",
        "机关运行经费",
        &bars("机关运行经费", &d.years, &operating, Layout::Grouped),
    );

    let composition = &d.composition;
    let mut classes: Vec<(&String, i128)> = composition
        .names
        .keys()
        .chain(composition.totals.values().flat_map(|m| m.keys()))
        .map(|code| {
            let sum = composition
                .totals
                .values()
                .filter_map(|m| m.get(code))
                .map(|v| i128::from(*v))
                .sum::<i128>();
            (code, sum)
        })
        .collect();
    classes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    classes.dedup_by(|a, b| a.0 == b.0);
    let named: Vec<&String> = classes
        .iter()
        .take(NAMED_CLASSES)
        .map(|(c, _)| *c)
        .collect();
    let mut spending: Vec<Series> = named
        .iter()
        .map(|code| Series {
            label: format!(
                "{} {}",
                code,
                composition
                    .names
                    .get(*code)
                    .map(String::as_str)
                    .unwrap_or("")
            )
            .trim()
            .to_string(),
            values: d
                .years
                .iter()
                .map(|y| {
                    composition
                        .totals
                        .get(y)
                        .and_then(|m| m.get(*code))
                        .copied()
                })
                .collect(),
        })
        .collect();
    if classes.len() > NAMED_CLASSES {
        spending.push(Series {
            label: "其他".to_string(),
            values: d
                .years
                .iter()
                .map(|y| {
                    let rest = composition.totals.get(y)?;
                    let sum: i64 = rest
                        .iter()
                        .filter(|(code, _)| !named.contains(code))
                        .map(|(_, v)| *v)
                        .fold(0_i64, i64::saturating_add);
                    Some(sum)
                })
                .collect(),
        });
    }
    let caption = if composition.fund.is_empty() {
        "支出功能分类（类）构成".to_string()
    } else {
        format!("支出功能分类（类）构成 · {}", composition.fund)
    };
    figure(
        out,
        "chart-classes",
        &caption,
        &bars(
            "支出功能分类构成",
            &d.years,
            &with_values(spending, "支出功能分类", n),
            Layout::Stacked,
        ),
    );
    out.push_str("</div></section>\n");
}

fn three_public(out: &mut String, d: &Department) {
    let (year, prior_year) = (d.year, d.year - 1);
    let _ = writeln!(
        out,
        "<section id=\"three-public\"><h2>“三公”经费（{year}年，万元）</h2>"
    );
    let Some(rows) = d.three_public.get(&year) else {
        let _ = writeln!(
            out,
            "<p class=\"note\">{year}年度未载入“三公”经费。</p></section>"
        );
        return;
    };
    out.push_str("<table>");
    let prior_label = format!("{prior_year}年决算数");
    head(
        out,
        &[
            "项目",
            "预算数",
            "决算数",
            "执行率（%）",
            &prior_label,
            "增减",
            "增减率（%）",
        ],
        1..7,
    );
    out.push_str("<tbody>");
    let prior_of = |category: &str| {
        d.three_public
            .get(&prior_year)
            .and_then(|rows| rows.iter().find(|r| r.category == category))
            .and_then(|r| r.actual)
    };
    let line = |label: &str, budget: Option<i64>, actual: Option<i64>, prior: Option<i64>| {
        let mut cells = vec![
            text(label),
            number(wan_or_blank(budget)),
            number(wan_or_blank(actual)),
            number(percent(actual, budget).unwrap_or_default()),
        ];
        cells.extend(comparison("", actual, prior).into_iter().skip(2));
        cells
    };
    for r in rows {
        row(
            out,
            &line(&r.label, r.budget, r.actual, prior_of(&r.category)),
        );
    }
    let (budget, actual) = d.three_public_total(year);
    let (_, prior) = d.three_public_total(prior_year);
    row(out, &line("合计", budget, actual, prior));
    out.push_str("</tbody></table></section>\n");
}

fn procurement(out: &mut String, d: &Department) {
    out.push_str("<section id=\"procurement\"><h2>政府采购（万元）</h2>\n");
    if d.procurement.is_empty() {
        out.push_str("<p class=\"note\">未载入政府采购情况。</p></section>\n");
        return;
    }
    out.push_str("<table>");
    head(
        out,
        &[
            "年度",
            "采购总额",
            "货物",
            "工程",
            "服务",
            "授予中小企业",
            "占比（%）",
            "授予小微企业",
            "占比（%）",
        ],
        1..9,
    );
    out.push_str("<tbody>");
    for (year, p) in &d.procurement {
        row(
            out,
            &[
                text(year.to_string()),
                number(wan_or_blank(p.total)),
                number(wan_or_blank(p.goods)),
                number(wan_or_blank(p.works)),
                number(wan_or_blank(p.services)),
                number(wan_or_blank(p.sme)),
                number(percent(p.sme, p.total).unwrap_or_default()),
                number(wan_or_blank(p.small_micro)),
                number(percent(p.small_micro, p.total).unwrap_or_default()),
            ],
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn evaluations(out: &mut String, d: &Department) {
    let _ = writeln!(
        out,
        "<section id=\"evaluations\"><h2>绩效评价（{}年）</h2>",
        d.year
    );
    if d.evaluations.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}年度未载入绩效评价。</p></section>",
            d.year
        );
        return;
    }
    out.push_str("<table>");
    head(
        out,
        &[
            "项目",
            "评价方式",
            "实施单位",
            "全年预算数",
            "全年执行数",
            "执行率（%）",
            "得分",
            "等级",
        ],
        3..7,
    );
    out.push_str("<tbody>");
    for e in &d.evaluations {
        let unit = match (&e.unit, &e.evaluator) {
            (Some(u), Some(by)) => format!("{u}（评价机构：{by}）"),
            (Some(u), None) => u.clone(),
            (None, Some(by)) => format!("评价机构：{by}"),
            (None, None) => String::new(),
        };
        row(
            out,
            &[
                text(e.project.clone()),
                text(e.method.clone()),
                text(unit),
                number(wan_or_blank(e.budget_full_year)),
                number(wan_or_blank(e.executed)),
                number(percent(e.executed, e.budget_full_year).unwrap_or_default()),
                number(e.score.map(score).unwrap_or_default()),
                text(e.grade.clone().unwrap_or_default()),
            ],
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn findings_section(out: &mut String, findings: &[Finding]) {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let _ = write!(
        out,
        "<section id=\"findings\"><h2>检查发现</h2>\n<p class=\"meta\">错误 {} · 警告 {} · 提示 {}（budgetdb check）</p>\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    if findings.is_empty() {
        out.push_str("<p class=\"note\">没有发现问题。</p></section>\n");
        return;
    }
    let figure = |label: &str, v: Option<rust_decimal::Decimal>| {
        v.map(|v| format!("{label} {}", decimal(v)))
    };
    for f in findings {
        let figures: Vec<String> = [
            figure("应为", f.expected),
            figure("实为", f.found),
            figure("差额", f.difference),
        ]
        .into_iter()
        .flatten()
        .collect();
        let label = label::subject(&f.subject, Lang::Zh);
        let subject = if label == f.subject {
            escape(&f.subject)
        } else {
            format!("{}（{}）", escape(&label), escape(&f.subject))
        };
        let _ = write!(
            out,
            "<article class=\"finding {}\" data-rule=\"{}\" data-year=\"{}\" data-subject=\"{}\">\
             <h3><span class=\"severity\">{}</span> {} <code>{}</code> · {}年 · {}</h3>",
            f.severity.as_str(),
            escape(f.rule),
            f.year,
            escape(&f.subject),
            severity_label(f.severity),
            escape(render::rule_title(f.rule, Lang::Zh).unwrap_or("")),
            escape(f.rule),
            f.year,
            subject
        );
        if !figures.is_empty() {
            let _ = write!(
                out,
                "<p class=\"figures\">{}</p>",
                escape(&figures.join(" · "))
            );
        }
        let _ = write!(
            out,
            "<p class=\"case\">{}</p>",
            escape(&render::case_text(&f.case, Lang::Zh))
        );
        if let Some(sentence) = &f.text {
            let _ = write!(out, "<blockquote>{}</blockquote>", escape(sentence));
        }
        if let Some(source) = &f.source {
            let _ = write!(out, "<p class=\"source\">来源：{}</p>", escape(source));
        }
        out.push_str("</article>\n");
    }
    out.push_str("</section>\n");
}

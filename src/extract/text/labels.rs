//! What a figure is about: the words printed just before it.
//!
//! The standard narrative names each figure and then gives it
//! ("本年收入合计127006.76万元", "公务接待费支出年初预算数为37.74万元").
//! A label is recognised at the *end* of the text before the figure, the
//! longest label winning, so "一般公共预算财政拨款基本支出" is not taken
//! for "基本支出". Labels come from the project's own tables wherever they
//! exist: the `reports` columns and their Chinese aliases
//! ([`crate::model::kinds::REPORTS`]), and the vocabularies of income sources and
//! "三公" categories ([`crate::model::vocab`]); the functional and economic 类
//! names are the national classification's ([`FUNCTION_CLASSES`],
//! [`ECONOMIC_CLASSES`]).

use crate::model::classes::{ECONOMIC_CLASSES, FUNCTION_CLASSES};
use crate::model::kinds::{ValueType, REPORTS};
use crate::model::metric::{Metric, BASIC_PARTS};
use crate::model::value::normalize;
use crate::model::vocab::{INCOME_SOURCES, THREE_PUBLIC_CATEGORIES};

/// What a label names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A figure with a claims metric of its own.
    Claim(Metric),
    /// A functional 类: which fund it is depends on the section.
    FunctionClass(&'static str),
    /// An economic 类 of basic expenditure.
    EconomicClass(&'static str),
    /// A `reports` count column (`staff_total`, `unit_count`, …).
    Count(&'static str),
    /// A fund's expenditure (`fund:FUND`), which also tells which fund the
    /// 类 after it are (一般公共预算财政拨款支出 → `general`).
    FundTotal(&'static str),
    /// The funds an evaluation covered (涉及资金); the method is named
    /// earlier in the sentence.
    Covered,
    /// A figure the contract has no place for (人员经费, the fund parts of
    /// 财政拨款收入): read so it is not taken for another, then reported.
    Unrecorded,
}

/// One label.
#[derive(Clone, Debug)]
pub struct Label {
    /// Folded, as matched.
    pub text: String,
    pub target: Target,
}

/// Every label, longest first.
pub fn labels() -> Vec<Label> {
    let mut all: Vec<(String, Target)> = Vec::new();
    for column in REPORTS.columns {
        let target = match column.ty {
            ValueType::Amount => Target::Claim(Metric::Report(column.name)),
            ValueType::Count => Target::Count(column.name),
            _ => continue,
        };
        for alias in column.aliases {
            all.push((alias.to_string(), target.clone()));
        }
    }
    let extra_reports: [(&str, &str); 6] = [
        ("本年收入", "income_current"),
        ("本年支出", "expenditure_current"),
        ("总收入", "income_total"),
        ("总支出", "expenditure_total"),
        ("年初结转结余", "carryover_begin"),
        ("年末结转结余", "carryover_end"),
    ];
    for (text, column) in extra_reports {
        if let Some(c) = REPORTS.column(column) {
            all.push((text.into(), Target::Claim(Metric::Report(c.name))));
        }
    }
    all.push(("单位".into(), Target::Count("unit_count")));
    all.push(("职工人数".into(), Target::Count("staff_total")));
    for term in INCOME_SOURCES.terms {
        for name in term.names.iter().filter(|n| n.ends_with("收入")) {
            all.push((
                name.to_string(),
                Target::Claim(Metric::Income(Some(term.id))),
            ));
        }
    }
    for term in THREE_PUBLIC_CATEGORIES.terms {
        for name in term.names {
            let target = Target::Claim(Metric::ThreePublic(Some(term.id)));
            all.push((name.to_string(), target.clone()));
            // The stem without 费/费用/支出 also names it (公务用车运行支出).
            let stem = ["支出", "费用", "费"]
                .iter()
                .find_map(|s| name.strip_suffix(s))
                .unwrap_or(name);
            all.push((stem.to_string(), target.clone()));
            all.push((format!("{stem}经费"), target));
        }
    }
    for covered in [
        "涉及资金",
        "涉及金额",
        "涉及一般公共预算支出",
        "涉及预算资金",
        "涉及预算金额",
    ] {
        all.push((covered.into(), Target::Covered));
    }
    // The "三公" total, however its name is quoted and qualified.
    for stem in ["“三公”经费", "“三公经费”", "三公经费", "\"三公\"经费"] {
        for suffix in [
            "",
            "财政拨款",
            "支出",
            "财政拨款支出",
            "公共财政拨款",
            "公共财政拨款支出",
        ] {
            all.push((
                format!("{stem}{suffix}"),
                Target::Claim(Metric::ThreePublic(None)),
            ));
        }
    }
    all.push((
        "公务车购置".into(),
        Target::Claim(Metric::ThreePublic(Some("vehicle_purchase"))),
    ));
    // 机关运行经费 by its definition (`为保障机构正常运行…各项支出合计`).
    all.push((
        "为保障机构正常运行而发生的购买货物和服务各项支出".into(),
        Target::Claim(Metric::Report("operating_costs")),
    ));
    for (text, column) in [
        ("本单位收入", "income_current"),
        ("本部门收入", "income_current"),
        ("本单位支出", "expenditure_current"),
        ("本部门支出", "expenditure_current"),
    ] {
        all.push((text.into(), Target::Claim(Metric::Report(column))));
    }
    for (text, column) in [
        ("正式教职工", "staff_active"),
        ("实有在职人数", "staff_active"),
        ("实有在职人员", "staff_active"),
        ("实有人数", "staff_total"),
    ] {
        all.push((text.into(), Target::Count(column)));
    }
    for unrecorded in [
        "财政拨款收入支出总计",
        "财政拨款收入总计",
        "财政拨款支出总计",
        "收支总计",
        "用事业基金弥补收支差额",
        "上缴上级支出",
        "经营支出",
        "对附属单位补助支出",
    ] {
        all.push((unrecorded.into(), Target::Unrecorded));
    }
    all.push(("财政拨款支出".into(), Target::Claim(Metric::Function(None))));
    for (text, fund) in [
        ("一般公共预算财政拨款支出", "general"),
        ("政府性基金预算财政拨款支出", "gov_fund"),
        ("政府性基金预算支出", "gov_fund"),
        ("国有资本经营预算财政拨款支出", "state_capital"),
        ("国有资本经营预算支出", "state_capital"),
        ("一般公共预算支出", "general"),
    ] {
        all.push((text.into(), Target::FundTotal(fund)));
    }
    for (part, name, _) in BASIC_PARTS {
        all.push((name.into(), Target::Claim(Metric::Basic(part))));
    }
    all.push((
        "一般公共预算财政拨款基本支出".into(),
        Target::Claim(Metric::Econ(None)),
    ));
    for (code, name) in FUNCTION_CLASSES {
        all.push((name.into(), Target::FunctionClass(code)));
        // "一般公共服务(类)支出", "一般公共服务支出(类)"
        let stem = name.strip_suffix("支出").unwrap_or(name);
        all.push((format!("{stem}(类)支出"), Target::FunctionClass(code)));
        all.push((format!("{name}(类)"), Target::FunctionClass(code)));
    }
    // Names of 类 before the 2018 and 2019 reforms of the classification.
    for (name, code) in [
        ("医疗卫生与计划生育支出", "210"),
        ("医疗卫生支出", "210"),
        ("文化体育与传媒支出", "207"),
        ("国土资源气象等支出", "220"),
        ("国土海洋气象等支出", "220"),
    ] {
        all.push((name.into(), Target::FunctionClass(code)));
    }
    for (code, name, variants) in ECONOMIC_CLASSES {
        all.push((name.into(), Target::EconomicClass(code)));
        for v in variants {
            all.push((v.to_string(), Target::EconomicClass(code)));
        }
    }
    // The national template's names and Shanghai's (`政府采购金额（以合同签订
    // 为准）为…，其中：货物采购金额…、工程采购金额…、服务采购金额…`); a
    // trailing `（以…为准）` is stripped as a filler by [`find`].
    let procurement: [(&str, Option<&'static str>); 16] = [
        ("政府采购支出总额", None),
        ("政府采购支出", None),
        ("政府采购金额", None),
        ("政府采购合同金额", None),
        ("政府采购货物支出", Some("goods")),
        ("政府采购工程支出", Some("works")),
        ("政府采购服务支出", Some("services")),
        ("货物采购", Some("goods")),
        ("工程采购", Some("works")),
        ("服务采购", Some("services")),
        ("货物类采购", Some("goods")),
        ("工程类采购", Some("works")),
        ("服务类采购", Some("services")),
        ("授予中小企业合同金额", Some("sme")),
        ("授予中小企业合同总金额", Some("sme")),
        ("授予小微企业合同金额", Some("small_micro")),
    ];
    for (text, part) in procurement {
        all.push((text.into(), Target::Claim(Metric::Procurement(part))));
    }
    // Shanghai's figures of the projects reserved for small firms: a
    // reserved budget, and what small firms won within one group of
    // projects, neither the amount awarded to them over all procurement
    // that `sme` and `small_micro` hold (docs/extract.md §5).
    for firms in ["中小企业", "小微企业"] {
        for reserved in ["预留政府采购项目预算", "预留的政府采购项目预算"] {
            all.push((format!("面向{firms}{reserved}"), Target::Unrecorded));
        }
        for won in ["中标或成交的，采购", "中标或成交，采购"] {
            all.push((format!("由{firms}供应商{won}"), Target::Unrecorded));
        }
    }
    let mut labels: Vec<Label> = all
        .into_iter()
        .map(|(text, target)| Label {
            text: normalize(&text).into_owned(),
            target,
        })
        .collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.text.chars().count()));
    labels
}

/// Words that may stand between a label and its figure, stripped one at a
/// time from the end of the text before the figure.
const FILLERS: [&str; 19] = [
    "为", "是", "共", "共计", "合计", "总计", "计", "达", ":", "支出", "总额", "金额", "经费",
    "费用", "决算", "数", "”", "\"", ")",
];

/// The label the text before a figure ends with, trying again after each
/// filler word is stripped ("机关运行经费支出为" → 机关运行经费).
/// Only labels `allowed` accepts are considered (a 类 name means a
/// functional class in one section and nothing in another).
pub fn find<'a>(
    labels: &'a [Label],
    lead: &str,
    allowed: impl Fn(&Target) -> bool,
) -> Option<&'a Label> {
    // The longest label found at any depth: `财政拨款收入合计` is 财政拨款收入
    // with a filler, not the 收入合计 its last four characters spell.
    let mut text = lead;
    let mut best: Option<&Label> = None;
    loop {
        if let Some(label) = labels
            .iter()
            .find(|l| text.ends_with(l.text.as_str()) && allowed(&l.target))
        {
            if best.is_none_or(|b| b.text.chars().count() < label.text.chars().count()) {
                best = Some(label);
            }
        }
        if let Some(rest) = without_basis(text) {
            text = rest;
            continue;
        }
        let Some(filler) = FILLERS.iter().find(|f| text.ends_with(*f)) else {
            return best;
        };
        text = &text[..text.len() - filler.len()];
    }
}

/// The text before a trailing note of the basis a figure is counted on,
/// `(以合同签订为准)`, `(以合同金额为准)`: it stands between a label and
/// its figure as a filler does.
fn without_basis(text: &str) -> Option<&str> {
    let inner = text.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let note = &inner[open + 1..];
    (note.starts_with('以') && note.ends_with("为准")).then(|| &text[..open])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(lead: &str) -> Option<Target> {
        find(&labels(), &normalize(lead), |_| true).map(|l| l.target.clone())
    }

    #[test]
    fn the_longest_label_wins() {
        assert_eq!(
            target("本部门2021年度一般公共预算财政拨款基本支出"),
            Some(Target::Claim(Metric::Econ(None)))
        );
        assert_eq!(
            target("本年支出的具体构成为:基本支出"),
            Some(Target::Claim(Metric::Report("basic_expenditure")))
        );
        assert_eq!(
            target("本年收入合计"),
            Some(Target::Claim(Metric::Report("income_current")))
        );
    }

    #[test]
    fn fillers_between_label_and_figure_are_skipped() {
        assert_eq!(
            target("本部门2021年度机关运行经费支出为"),
            Some(Target::Claim(Metric::Report("operating_costs")))
        );
        assert_eq!(
            target("公务接待费支出"),
            Some(Target::Claim(Metric::ThreePublic(Some("reception"))))
        );
        assert_eq!(
            target("因公出国(境)费用共计"),
            Some(Target::Claim(Metric::ThreePublic(Some("outbound"))))
        );
        assert_eq!(
            target("对个人和家庭补助支出"),
            Some(Target::EconomicClass("303"))
        );
        assert_eq!(target("住房保障支出"), Some(Target::FunctionClass("221")));
        assert_eq!(
            target("公务用车运行支出"),
            Some(Target::Claim(Metric::ThreePublic(Some(
                "vehicle_operation"
            ))))
        );
        assert_eq!(
            target("因公出国(境)经费支出"),
            Some(Target::Claim(Metric::ThreePublic(Some("outbound"))))
        );
    }

    #[test]
    fn labels_come_from_the_project_tables() {
        assert_eq!(
            target("由养老保险基金发放养老金的离退休人员"),
            Some(Target::Count("pensioners"))
        );
        assert_eq!(
            target("本年收入的具体构成为:财政拨款收入"),
            Some(Target::Claim(Metric::Income(Some("fiscal"))))
        );
        assert_eq!(
            target("事业收入"),
            Some(Target::Claim(Metric::Income(Some("business"))))
        );
        assert_eq!(
            target("上年结转和结余"),
            Some(Target::Claim(Metric::Report("carryover_begin")))
        );
        assert_eq!(
            target("年初结转和结余"),
            Some(Target::Claim(Metric::Report("carryover_begin")))
        );
    }

    #[test]
    fn unknown_text_has_no_label() {
        assert_eq!(target("项目资金"), None);
        assert_eq!(target(""), None);
    }
}

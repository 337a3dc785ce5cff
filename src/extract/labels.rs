//! What a figure is about: the words printed just before it.
//!
//! The standard narrative names each figure and then gives it
//! ("本年收入合计127006.76万元", "公务接待费支出年初预算数为37.74万元").
//! A label is recognised at the *end* of the text before the figure, the
//! longest label winning, so "一般公共预算财政拨款基本支出" is not taken
//! for "基本支出". Labels come from the project's own tables wherever they
//! exist: the `reports` columns and their Chinese aliases
//! ([`crate::kinds::REPORTS`]), and the vocabularies of income sources and
//! "三公" categories ([`crate::vocab`]); the functional and economic 类
//! names are the national classification's ([`FUNCTION_CLASSES`],
//! [`ECONOMIC_CLASSES`]).

use crate::kinds::{ValueType, REPORTS};
use crate::metric::Metric;
use crate::value::normalize;
use crate::vocab::{INCOME_SOURCES, THREE_PUBLIC_CATEGORIES};

/// The 类 of the functional classification (支出功能分类科目).
pub const FUNCTION_CLASSES: [(&str, &str); 30] = [
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
    ("230", "转移性支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
    ("234", "抗疫特别国债安排的支出"),
];

/// The 类 of the economic classification (部门预算支出经济分类科目) that
/// basic expenditure uses, with the names reports print for them.
pub const ECONOMIC_CLASSES: [(&str, &str, &[&str]); 9] = [
    ("301", "工资福利支出", &[]),
    ("302", "商品和服务支出", &[]),
    (
        "303",
        "对个人和家庭的补助",
        &[
            "对个人和家庭补助",
            "对个人和家庭的补助支出",
            "对个人和家庭补助支出",
        ],
    ),
    ("307", "债务利息及费用支出", &[]),
    ("309", "资本性支出(基本建设)", &[]),
    ("310", "资本性支出", &["其他资本性支出"]),
    ("312", "对企业补助", &[]),
    ("313", "对社会保障基金补助", &[]),
    ("399", "其他支出", &[]),
];

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
    /// A fund's total that has no metric but tells which fund the 类 after
    /// it are (一般公共预算财政拨款支出 → `general`).
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
    ] {
        all.push((covered.into(), Target::Covered));
    }
    for total in [
        "“三公”经费",
        "三公经费",
        "“三公”经费财政拨款",
        "“三公”经费支出",
        "“三公”经费财政拨款支出",
        "三公经费财政拨款支出",
    ] {
        all.push((total.into(), Target::Claim(Metric::ThreePublic(None))));
    }
    for unrecorded in [
        "财政拨款收入支出总计",
        "财政拨款收入总计",
        "财政拨款支出总计",
        "收支总计",
        "一般公共预算财政拨款收入",
        "政府性基金预算财政拨款收入",
        "国有资本经营预算财政拨款收入",
        "人员经费",
        "公用经费",
        "使用非财政拨款结余",
        "用事业基金弥补收支差额",
        "结余分配",
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
    ] {
        all.push((text.into(), Target::FundTotal(fund)));
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
    for (code, name, variants) in ECONOMIC_CLASSES {
        all.push((name.into(), Target::EconomicClass(code)));
        for v in variants {
            all.push((v.to_string(), Target::EconomicClass(code)));
        }
    }
    let procurement: [(&str, Option<&'static str>); 7] = [
        ("政府采购支出总额", None),
        ("政府采购支出", None),
        ("政府采购货物支出", Some("goods")),
        ("政府采购工程支出", Some("works")),
        ("政府采购服务支出", Some("services")),
        ("授予中小企业合同金额", Some("sme")),
        ("授予小微企业合同金额", Some("small_micro")),
    ];
    for (text, part) in procurement {
        all.push((text.into(), Target::Claim(Metric::Procurement(part))));
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
const FILLERS: [&str; 14] = [
    "为", "是", "共", "共计", "合计", "计", "达", ":", "支出", "总额", "金额", "经费", "费用",
    "决算",
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
    let mut text = lead;
    loop {
        if let Some(label) = labels
            .iter()
            .find(|l| text.ends_with(l.text.as_str()) && allowed(&l.target))
        {
            return Some(label);
        }
        let filler = FILLERS.iter().find(|f| text.ends_with(*f))?;
        text = &text[..text.len() - filler.len()];
    }
}

/// The functional 类 code of a name, for `function_classes.csv`.
pub fn function_class_name(code: &str) -> Option<&'static str> {
    FUNCTION_CLASSES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}

/// The economic 类 name of a code.
pub fn economic_class_name(code: &str) -> Option<&'static str> {
    ECONOMIC_CLASSES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, n, _)| *n)
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

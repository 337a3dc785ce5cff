//! Every sentence form the parser supports, in sentences written for these
//! tests (figures invented) in the forms published reports use.

use super::*;
use crate::model::value::Printed;
use crate::model::value::{normalize, AmountUnit};

fn parse_in(scope: Scope, text: &str) -> Vec<Statement> {
    let mut context = Context {
        scope,
        project: None,
        carried: None,
        ..Context::default()
    };
    parse(&folded(text), &labels::labels(), &mut context)
}

/// A sentence as the document normaliser leaves it.
fn folded(text: &str) -> String {
    normalize(&crate::extract::text::document::squeeze(text)).into_owned()
}

fn statements(text: &str) -> Vec<Statement> {
    parse_in(Scope::None, text)
}

fn one(text: &str) -> Statement {
    let all = statements(text);
    assert_eq!(all.len(), 1, "{text}: {all:#?}");
    all.into_iter().next().unwrap()
}

fn wan(text: &str) -> Option<Stated> {
    let p = crate::model::value::parse_decimal(text).unwrap();
    Some(Stated {
        fen: crate::model::value::to_fen(p, AmountUnit::Wan, text).unwrap(),
        decimals: p.decimals,
        printed: AmountUnit::Wan,
    })
}

fn pct(text: &str) -> Option<Printed> {
    Some(crate::model::value::parse_decimal(text).unwrap())
}

fn report(column: &'static str) -> Subject {
    Subject::Claim(Metric::Report(column))
}

#[test]
fn total_with_change_and_percentage() {
    let s = one("本部门2022年度机关运行经费88.50万元，较上年增加6.2万元，增长7.53%。");
    assert_eq!(s.subject, report("operating_costs"));
    assert_eq!(s.figures.value, wan("88.50"));
    assert_eq!(s.figures.change, wan("6.2"));
    assert_eq!(s.figures.change_pct, pct("7.53"));
}

#[test]
fn decreases_are_negative_whatever_the_verb() {
    for (text, change, percent) in [
        (
            "机关运行经费12万元，比上年减少3万元，下降20%。",
            "-3",
            "-20",
        ),
        (
            "机关运行经费12万元，较2021年减少3万元，降低20%。",
            "-3",
            "-20",
        ),
        (
            "机关运行经费12万元，与2021年相比，减少3万元，下降了20%。",
            "-3",
            "-20",
        ),
        (
            "机关运行经费12万元，较2021年度决算数减少3万元，下降20 %。",
            "-3",
            "-20",
        ),
        ("机关运行经费12万元，同比增加3万元，增长25%。", "3", "25"),
        (
            "机关运行经费12万元，比上年决算增长3万元，上升25%。",
            "3",
            "25",
        ),
    ] {
        let s = one(text);
        assert_eq!(s.figures.change, wan(change), "{text}");
        assert_eq!(s.figures.change_pct, pct(percent), "{text}");
    }
}

#[test]
fn several_figures_in_one_sentence() {
    let all = statements(
        "本部门2022年度收入总计500万元，其中上年结转和结余20万元，较2021年减少5万元，下降20%；本年收入合计480万元，较2021年增加30万元,增长6.67%，主要原因是：人员增加。",
    );
    let subjects: Vec<&Subject> = all.iter().map(|s| &s.subject).collect();
    assert_eq!(
        subjects,
        [
            &report("income_total"),
            &report("carryover_begin"),
            &report("income_current")
        ]
    );
    assert_eq!(all[0].figures.change, None);
    assert_eq!(all[1].figures.change, wan("-5"));
    assert_eq!(all[2].figures.change_pct, pct("6.67"));
}

#[test]
fn shares() {
    let all = statements("本年支出的具体构成为：基本支出300万元，占60%；项目支出200万元，占40%。");
    assert_eq!(all[0].subject, report("basic_expenditure"));
    assert_eq!(all[0].figures.share_pct, pct("60"));
    assert_eq!(all[1].subject, report("project_expenditure"));
    assert_eq!(all[1].figures.share_pct, pct("40"));
    let s = one("授予中小企业合同金额8万元，占政府采购支出总额的80.00%。");
    assert_eq!(s.subject, Subject::Claim(Metric::Procurement(Some("sme"))));
    assert_eq!(s.figures.share_pct, pct("80.00"));
}

#[test]
fn income_sources_with_shares() {
    let all = statements("本年收入合计100万元，其中：财政拨款收入90万元，占90%；事业收入10万元，占10%；其他收入0万元，占0%。");
    assert_eq!(
        all[1].subject,
        Subject::Claim(Metric::Income(Some("fiscal")))
    );
    assert_eq!(
        all[2].subject,
        Subject::Claim(Metric::Income(Some("business")))
    );
    assert_eq!(
        all[3].subject,
        Subject::Claim(Metric::Income(Some("other")))
    );
    assert_eq!(all[3].figures.share_pct, pct("0"));
}

#[test]
fn budget_actual_and_execution() {
    let s = parse_in(
        Scope::Functions("fiscal"),
        "教育支出年初预算数为50.00万元，决算数为45万元，完成年初预算的90%，原因为：压减开支。",
    );
    assert_eq!(s.len(), 1);
    assert_eq!(
        s[0].subject,
        Subject::Function {
            fund: "fiscal",
            code: "205"
        }
    );
    assert_eq!(s[0].figures.budget, wan("50.00"));
    assert_eq!(s[0].figures.value, wan("45"));
    assert_eq!(s[0].figures.execution_pct, pct("90"));
    let s = one("“三公”经费财政拨款支出预算为10万元，支出决算为4万元，完成预算的40%。");
    assert_eq!(s.subject, Subject::Claim(Metric::ThreePublic(None)));
    assert_eq!(s.figures.budget, wan("10"));
    assert_eq!(s.figures.value, wan("4"));
    let s = one("因公出国（境）费支出0万元，完成预算0%。");
    assert_eq!(s.figures.execution_pct, pct("0"));
}

#[test]
fn an_explicit_actual_makes_the_unmarked_amount_the_budget() {
    let s = parse_in(
        Scope::Functions("fiscal"),
        "其他支出0万元，决算数为30万元，原因为：追加。",
    );
    assert_eq!(
        s[0].subject,
        Subject::Function {
            fund: "fiscal",
            code: "229"
        }
    );
    assert_eq!(s[0].figures.budget, wan("0"));
    assert_eq!(s[0].figures.value, wan("30"));
}

#[test]
fn changes_against_the_budget_are_not_changes_on_the_year_before() {
    let s = one("公务接待费支出决算3万元，比预算减少1万元，下降25%，较上年增加0.5万元，增长20%。");
    assert_eq!(s.figures.value, wan("3"));
    assert_eq!(s.figures.change, wan("0.5"));
    assert_eq!(s.figures.change_pct, pct("20"));
}

#[test]
fn flat_means_no_change() {
    for text in [
        "公务用车购置费0万元，与上年持平。",
        "公务用车购置费0万元，决算数于2021年相同。",
        "公务用车购置费0万元，比去年无增减变化。",
    ] {
        assert_eq!(
            one(text).figures.change,
            Some(Stated {
                fen: 0,
                decimals: 0,
                printed: AmountUnit::Wan
            }),
            "{text}"
        );
    }
    assert_eq!(
        one("公务用车购置费0万元，与预算持平。").figures.change,
        None
    );
}

#[test]
fn a_subtotal_and_its_part() {
    let all = statements("公务用车购置及运行维护费支出5万元，其中公务用车购置年初预算数为0万元，决算数为0万元，完成预算的0%；公务用车运行支出5万元。");
    let subjects: Vec<&Subject> = all.iter().map(|s| &s.subject).collect();
    assert_eq!(
        subjects,
        [
            &Subject::Claim(Metric::ThreePublic(Some("vehicle"))),
            &Subject::Claim(Metric::ThreePublic(Some("vehicle_purchase"))),
            &Subject::Claim(Metric::ThreePublic(Some("vehicle_operation"))),
        ]
    );
    assert_eq!(all[1].figures.budget, wan("0"));
}

#[test]
fn amounts_in_yuan() {
    let s = one("一般公共预算财政拨款基本支出 2476260.58 元，较上年减少 4966.66 元，下降 0.2%。");
    assert_eq!(s.subject, Subject::Claim(Metric::Econ(None)));
    let value = s.figures.value.unwrap();
    assert_eq!(
        (value.fen, value.decimals, value.printed),
        (247_626_058, 6, AmountUnit::Yuan)
    );
    assert_eq!(s.figures.change.map(|c| c.fen), Some(-496_666));
}

#[test]
fn economic_classes_only_in_their_section() {
    let text = "工资福利支出60万元，较上年增加1万元，增长1.69%。";
    assert_eq!(
        parse_in(Scope::Economic, text)[0].subject,
        Subject::Economic("301")
    );
    assert!(parse_in(Scope::Functions("fiscal"), text).is_empty());
    let s = parse_in(
        Scope::Economic,
        "对个人和家庭补助支出5万元，较上年减少1万元，降低16.67%。",
    );
    assert_eq!(s[0].subject, Subject::Economic("303"));
    assert_eq!(
        parse_in(Scope::Economic, "其他支出1万元。")[0].subject,
        Subject::Economic("399")
    );
}

#[test]
fn a_fund_total_sets_the_scope_of_the_classes_after_it() {
    let mut context = Context {
        scope: Scope::None,
        project: None,
        carried: None,
        ..Context::default()
    };
    let labels = labels::labels();
    let total = parse(
        &normalize("本部门财政拨款支出年初预算数为9万元，决算数为10万元，其中："),
        &labels,
        &mut context,
    );
    assert_eq!(total[0].subject, Subject::Claim(Metric::Function(None)));
    assert_eq!(context.scope, Scope::Functions("fiscal"));
    let _ = parse(
        &normalize("一般公共预算财政拨款支出8万元，其中："),
        &labels,
        &mut context,
    );
    assert_eq!(context.scope, Scope::Functions("general"));
    let s = parse(&normalize("住房保障支出2万元。"), &labels, &mut context);
    assert_eq!(
        s[0].subject,
        Subject::Function {
            fund: "general",
            code: "221"
        }
    );
}

#[test]
fn the_budget_is_the_initial_one_when_both_are_stated() {
    let s = one("一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。");
    assert_eq!(s.figures.budget, wan("0"));
    assert_eq!(s.figures.value, wan("307.82"));
    assert_eq!(s.figures.execution_pct, pct("95.89"));
    // Alone, a 全年预算 is the budget, as before.
    let s = one("公务接待费全年预算数为5万元，全年执行数为5万元，完成全年预算的100%。");
    assert_eq!(s.figures.budget, wan("5"));
    // A new subject starts afresh.
    let all = statements("公务接待费年初预算数为5万元，决算数为4万元；因公出国（境）费全年预算数为3万元，决算数为2万元。");
    assert_eq!(all[1].figures.budget, wan("3"), "{all:#?}");
}

#[test]
fn figures_with_no_subject_before_them_are_told() {
    let mut context = Context::default();
    let all = parse(
        &folded("全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%。"),
        &labels::labels(),
        &mut context,
    );
    assert!(all.is_empty(), "{all:#?}");
    assert_eq!(context.skipped.len(), 1, "{:?}", context.skipped);
    assert!(
        context.skipped[0].starts_with("52.00 after \"全年预算为\": no subject named"),
        "{:?}",
        context.skipped
    );
}

#[test]
fn procurement_parts() {
    let all = statements("本部门2022年度政府采购支出总额10万元，其中：政府采购货物支出6万元、政府采购工程支出3万元、政府采购服务支出1万元。");
    let parts: Vec<Subject> = all.into_iter().map(|s| s.subject).collect();
    assert_eq!(
        parts,
        [None, Some("goods"), Some("works"), Some("services")]
            .map(|p| Subject::Claim(Metric::Procurement(p)))
    );
}

#[test]
fn procurement_in_shanghais_words() {
    let all = statements("某部2024年度政府采购金额（以合同签订为准）为21.07万元，其中：货物采购金额20万元、工程采购金额0万元、服务采购金额1.07万元。");
    let parts: Vec<(Subject, Option<Stated>)> = all
        .into_iter()
        .map(|s| (s.subject, s.figures.value))
        .collect();
    assert_eq!(
        parts,
        [
            (None, "21.07"),
            (Some("goods"), "20"),
            (Some("works"), "0"),
            (Some("services"), "1.07")
        ]
        .map(|(p, v)| (Subject::Claim(Metric::Procurement(p)), wan(v)))
    );
}

#[test]
fn procurement_in_other_words() {
    for (text, part) in [
        ("本部门政府采购支出金额10万元。", None),
        ("本部门政府采购合同金额为10万元。", None),
        ("政府采购金额（以合同金额为准）10万元。", None),
        ("其中：货物类采购10万元。", Some("goods")),
        ("授予中小企业合同总金额10万元。", Some("sme")),
    ] {
        let s = one(text);
        assert_eq!(
            s.subject,
            Subject::Claim(Metric::Procurement(part)),
            "{text}"
        );
        assert_eq!(s.figures.value, wan("10"), "{text}");
    }
    // A parenthesis that is not a note of the basis is not skipped.
    let all = statements("政府采购金额（不含涉密项目）10万元。");
    assert!(all.is_empty(), "{all:?}");
}

#[test]
fn small_firms_reserved_projects_are_not_the_sme_awards() {
    let all = statements("2024年度本部门面向中小企业预留政府采购项目预算金额21.07万元，面向小微企业预留政府采购项目预算金额21.07万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额21.07万元；在面向小微企业预留政府采购项目中，由小微企业供应商中标或成交的，采购金额21.07万元；在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额21.07万元。");
    assert_eq!(all.len(), 5, "{all:#?}");
    for s in &all {
        assert!(matches!(s.subject, Subject::Unrecorded(_)), "{s:?}");
        assert_eq!(s.figures.value, wan("21.07"));
    }
}

#[test]
fn staff_and_units() {
    let all = statements("本部门2022年年末职工人数40人，其中在职人员35人，离休人员1人；由养老保险基金发放养老金的离退休人员12人。");
    let counts: Vec<(Subject, Option<i64>)> = all
        .into_iter()
        .map(|s| (s.subject, s.figures.count))
        .collect();
    assert_eq!(
        counts,
        [
            (Subject::Count("staff_total"), Some(40)),
            (Subject::Count("staff_active"), Some(35)),
            (Subject::Count("staff_retired"), Some(1)),
            (Subject::Count("pensioners"), Some(12)),
        ]
    );
    assert_eq!(
        one("纳入本套部门决算汇编范围的单位共3个，包括：甲、乙、丙")
            .figures
            .count,
        Some(3)
    );
}

#[test]
fn evaluations_and_their_funds() {
    let s = one("我局对2022年度一般公共预算项目支出8个二级项目开展绩效自评，共涉及资金20万元，占一般公共预算项目支出总额的100%。");
    assert_eq!(s.subject, Subject::Claim(Metric::Evaluations("self")));
    assert_eq!(s.figures.share_pct, pct("100"));
    let s = one("组织对某中心“甲项目”等3个项目开展了部门评价，涉及一般公共预算支出9万元。");
    assert_eq!(s.subject, Subject::Claim(Metric::Evaluations("department")));
    let mut context = Context {
        scope: Scope::None,
        project: Some("甲项目".into()),
        carried: None,
        ..Context::default()
    };
    let s = parse(
        &normalize("项目全年预算数为9万元，执行数为8.5万元，完成预算的94.44%。"),
        &labels::labels(),
        &mut context,
    );
    assert_eq!(
        s[0].subject,
        Subject::Claim(Metric::Evaluation("甲项目".into()))
    );
    assert_eq!(s[0].figures.budget, wan("9"));
    assert_eq!(s[0].figures.value, wan("8.5"));
    assert_eq!(s[0].figures.execution_pct, pct("94.44"));
}

#[test]
fn project_names() {
    assert_eq!(
        project_named(&normalize(
            "根据年初设定的绩效目标，甲费项目绩效自评得分为90分"
        )),
        Some("甲费项目".into())
    );
    assert_eq!(
        project_named(&normalize("乙项目绩效自评总体综述：")),
        Some("乙项目".into())
    );
    assert_eq!(project_named("没有项目"), None);
}

#[test]
fn unrecognised_figures_are_left_out() {
    assert!(statements("项目资金10万元已全部使用完毕。").is_empty());
    assert!(statements("").is_empty());
    assert!(statements("较上年增加5万元，增长3%。").is_empty());
}

#[test]
fn personnel_and_public_costs_of_basic_expenditure() {
    let all = parse_in(
        Scope::Economic,
        "一般公共预算财政拨款基本支出50万元，其中：人员经费40万元，公用经费10万元。",
    );
    let subjects: Vec<&Subject> = all.iter().map(|s| &s.subject).collect();
    assert_eq!(
        subjects,
        [
            &Subject::Claim(Metric::Econ(None)),
            &Subject::Claim(Metric::Basic("personnel")),
            &Subject::Claim(Metric::Basic("public")),
        ]
    );
    assert_eq!(all[0].figures.value, wan("50"));
}

#[test]
fn a_share_of_a_budget_comparison_is_dropped_and_execution_forms() {
    let s = one("公务接待费支出决算8万元，预算执行比例为80%。");
    assert_eq!(s.figures.execution_pct, pct("80"));
    let s = one("公务接待费支出决算8万元，预算执行率达80.5%。");
    assert_eq!(s.figures.execution_pct, pct("80.5"));
}

#[test]
fn an_unknown_figure_takes_its_qualifiers_with_it() {
    let all = statements("机关运行经费12万元，较上年增加1万元；其中办公费3万元，占25%，较上年减少2万元，决算数为3万元。");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].figures.value, wan("12"));
    assert_eq!(all[0].figures.change, wan("1"));
    assert_eq!(all[0].figures.share_pct, None);
}

#[test]
fn basic_expenditure_of_a_fund_is_the_funds() {
    let all = parse_in(
        Scope::Functions("fiscal"),
        "财政拨款支出10万元，其中：基本支出6万元，占60%；项目支出4万元。",
    );
    let subjects: Vec<&Subject> = all.iter().map(|s| &s.subject).collect();
    assert_eq!(
        subjects,
        [
            &Subject::Claim(Metric::Function(None)),
            &Subject::Claim(Metric::Fund("fiscal", "basic")),
            &Subject::Claim(Metric::Fund("fiscal", "project")),
        ]
    );
    assert_eq!(all[0].figures.share_pct, None);
}

#[test]
fn fiscal_totals_are_not_the_departments_totals() {
    let s = one("本部门财政拨款收入支出总计30万元，较上年增加3万元。");
    assert_eq!(
        s.subject,
        Subject::Unrecorded("财政拨款收入支出总计".into())
    );
}

#[test]
fn the_change_of_a_fiscal_total_is_not_the_fiscal_incomes() {
    let all = statements("与2023年度相比，财政拨款收入支出总计增加307.82万元，增长100.00%。");
    assert!(
        all.iter()
            .all(|s| s.subject != Subject::Claim(Metric::Income(Some("fiscal")))),
        "{all:?}"
    );
}

#[test]
fn a_sentence_that_opens_with_a_change_qualifies_the_one_before() {
    let mut context = Context {
        scope: Scope::None,
        project: None,
        carried: None,
        ..Context::default()
    };
    let labels = labels::labels();
    let first = parse(
        &folded("上年结转和结余20万元，为以前年度结转的资金。"),
        &labels,
        &mut context,
    );
    assert_eq!(first[0].figures.change, None);
    let second = parse(
        &folded("较2021年度决算数减少5万元，下降20%，主要原因是项目完成。"),
        &labels,
        &mut context,
    );
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].subject, report("carryover_begin"));
    assert_eq!(second[0].figures.value, wan("20"));
    assert_eq!(second[0].figures.change, wan("-5"));
    assert_eq!(second[0].figures.change_pct, pct("-20"));
}

#[test]
fn more_budget_and_actual_markers() {
    for (text, budget, value) in [
        ("公务接待费预算数为5万元，实际支出4万元。", "5", "4"),
        ("公务接待费调整预算数为6万元，决算为4.5万元。", "6", "4.5"),
        (
            "公务接待费全年预算数为5万元，全年执行数为5万元，完成全年预算的100%。",
            "5",
            "5",
        ),
    ] {
        let s = one(text);
        assert_eq!(s.figures.budget, wan(budget), "{text}");
        assert_eq!(s.figures.value, wan(value), "{text}");
    }
    assert_eq!(
        one("公务接待费全年预算数为5万元，全年执行数为5万元，完成全年预算的100%。")
            .figures
            .execution_pct,
        pct("100")
    );
}

#[test]
fn more_ways_to_say_no_change() {
    for text in [
        "公务用车购置费0万元，与上年无变化。",
        "公务用车购置费0万元，与上年一致。",
    ] {
        assert_eq!(one(text).figures.change.map(|c| c.fen), Some(0), "{text}");
    }
}

#[test]
fn full_width_digits_punctuation_and_separators() {
    let s = one("机关运行经费１２．５万元，较上年增加１．５万元，增长１３．６４％。");
    assert_eq!(s.figures.value, wan("12.5"));
    assert_eq!(s.figures.change, wan("1.5"));
    assert_eq!(s.figures.change_pct, pct("13.64"));
    let s = one("本年支出合计1,234.56万元，比上年增加1,000万元。");
    assert_eq!(s.figures.value, wan("1234.56"));
    assert_eq!(s.figures.change, wan("1000"));
}

#[test]
fn the_fund_funds_and_class_forms() {
    assert_eq!(
        Scope::of_heading("八、政府性基金预算支出决算情况说明"),
        Scope::Functions("gov_fund")
    );
    assert_eq!(
        Scope::of_heading("三、财政拨款支出决算情况说明"),
        Scope::Functions("fiscal")
    );
    assert_eq!(
        Scope::of_heading("二、支出决算情况说明"),
        Scope::Functions("all")
    );
    let mut context = Context {
        scope: Scope::None,
        project: None,
        carried: None,
        ..Context::default()
    };
    let labels = labels::labels();
    assert_eq!(
        parse(
            &folded("2022年政府性基金预算财政拨款支出0万元。"),
            &labels,
            &mut context
        )[0]
        .subject,
        Subject::Claim(Metric::Fund("gov_fund", "expenditure"))
    );
    assert_eq!(context.scope, Scope::Functions("gov_fund"));
    let s = parse(
        &folded("主要用于以下方面：一般公共服务(类)支出160.19万元，占4.15%；住房保障支出（类）20万元，占0.5%。"),
        &labels,
        &mut context,
    );
    assert_eq!(
        s[0].subject,
        Subject::Function {
            fund: "gov_fund",
            code: "201"
        }
    );
    assert_eq!(s[0].figures.share_pct, pct("4.15"));
    assert_eq!(
        s[1].subject,
        Subject::Function {
            fund: "gov_fund",
            code: "221"
        }
    );
}

#[test]
fn kuan_and_xiang_lines_are_left_out() {
    let all = parse_in(
        Scope::Functions("general"),
        "一般公共服务支出（类）160万元。其中：一般公共服务支出（类）人大事务（款）行政运行（项）：支出决算为50万元，完成预算100%。",
    );
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(
        all[0].subject,
        Subject::Function {
            fund: "general",
            code: "201"
        }
    );
    assert_eq!(all[0].figures.value, wan("160"));
    assert_eq!(all[0].figures.execution_pct, None);
}

#[test]
fn the_method_of_the_funds_covered_may_be_named_anywhere_before() {
    let s = one("组织对本部门开展整体支出绩效评价，评价范围包括3家单位，涉及资金90万元。");
    assert_eq!(s.subject, Subject::Claim(Metric::Evaluations("overall")));
    assert!(statements("组织开展评价，涉及资金90万元。").is_empty());
}

fn in_year(year: i64, text: &str) -> Vec<Statement> {
    let mut context = Context {
        year: Some(year),
        ..Context::default()
    };
    parse(&folded(text), &labels::labels(), &mut context)
}

fn tp(category: &'static str) -> Subject {
    Subject::Claim(Metric::ThreePublic(Some(category)))
}

#[test]
fn a_comparison_with_another_year_is_not_the_change() {
    let all = in_year(
        2023,
        "“三公”经费支出决算为62.07万元，比上年决算数增加38.97万元，增长168.7%；比2019年决算数减少24.87万元，降低28.6%。",
    );
    assert_eq!(all[0].figures.change, wan("38.97"));
    assert_eq!(all[0].figures.change_pct, pct("168.7"));
}

#[test]
fn a_figure_of_another_year_is_left_out_with_its_list() {
    let mut context = Context {
        year: Some(2023),
        ..Context::default()
    };
    let all = parse(
        &folded("2022年“三公”经费支出决算为3.46万元，其中：公务接待费1万元，较上年增加2.4万元。"),
        &labels::labels(),
        &mut context,
    );
    assert!(all.is_empty(), "{all:#?}");
    assert_eq!(context.skipped.len(), 1, "{:?}", context.skipped);
    assert_eq!(
        in_year(2023, "2023年公务接待费支出决算1.5万元。")[0].subject,
        tp("reception")
    );
}

#[test]
fn nothing_of_a_budget_section_is_taken() {
    let mut context = Context {
        budget_page: true,
        ..Context::default()
    };
    assert!(parse(
        &folded("“三公”经费预算总计21.8万元。"),
        &labels::labels(),
        &mut context
    )
    .is_empty());
    assert_eq!(context.skipped.len(), 1);
    // A budget compared with last year's actual is neither a change nor a
    // difference from the budget, and neither are the items after it.
    let all = in_year(
        2022,
        "“三公”经费预算较2021年度增加1.68万元，其中公务接待较上年同期减少0.58万元，减少4.68%。",
    );
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn the_items_of_a_budget_list_are_budgets() {
    let all = statements(
        "“三公”经费预算11324.44万元，其中：因公出国(境)费9605.80万元，公务接待费307.70万元。",
    );
    assert_eq!(all.len(), 3, "{all:#?}");
    assert_eq!(all[1].subject, tp("outbound"));
    assert_eq!(all[1].figures.budget, wan("9605.80"));
    assert_eq!(all[1].figures.value, None);
    assert_eq!(all[2].figures.budget, wan("307.70"));
}

#[test]
fn list_items_inherit_the_comparison_and_name_their_subject_first() {
    let all = statements("“三公”经费支出决算数比2016年度减少0.28万元，降低3.09%，其中：因公出国(境)费支出决算减少0万元，降低0%；公务接待费支出决算增加0.01万元，增长3.45%。");
    assert_eq!(all[0].subject, Subject::Claim(Metric::ThreePublic(None)));
    assert_eq!(all[0].figures.change, wan("-0.28"));
    assert_eq!(all[1].subject, tp("outbound"));
    assert_eq!(all[1].figures.change_pct, pct("0"));
    assert_eq!(all[2].subject, tp("reception"));
    assert_eq!(all[2].figures.change, wan("0.01"));
    assert_eq!(all[2].figures.change_pct, pct("3.45"));
}

#[test]
fn a_subject_named_before_its_comparisons() {
    let all = statements("公务用车购置支出决算比预算无增减变化，比去年无增减变化，公务用车运行维护费支出决算比预算无增减变化，比去年增加1.05万元，增长35.8%。");
    let operation = all
        .iter()
        .find(|s| s.subject == tp("vehicle_operation"))
        .expect("公务用车运行维护费");
    assert_eq!(operation.figures.change, wan("1.05"));
    assert_eq!(operation.figures.change_pct, pct("35.8"));
    assert_eq!(operation.figures.budget_change.map(|c| c.fen), Some(0));
    let purchase = all.iter().find(|s| s.subject == tp("vehicle_purchase"));
    assert_eq!(
        purchase.and_then(|s| s.figures.change).map(|c| c.fen),
        Some(0)
    );
}

#[test]
fn execution_with_the_budget_between() {
    let s = one("公务接待费支出决算为22.59万元，完成预算43.2万元的52.3%，比上年决算数增加20.63万元，增长1,055.4%。");
    assert_eq!(s.figures.budget, wan("43.2"));
    assert_eq!(s.figures.execution_pct, pct("52.3"));
    assert_eq!(s.figures.change_pct, pct("1055.4"));
}

#[test]
fn doubled_signs_and_stray_separators() {
    let s = one("机关运行经费12万元，较上年减少53.6万元，下降-81.75%。");
    assert_eq!(s.figures.change, wan("-53.6"));
    assert_eq!(s.figures.change_pct, pct("-81.75"));
    let s = one("事业收入8万元，占,88.19%。");
    assert_eq!(s.figures.share_pct, pct("88.19"));
    let s = one("“三公”经费支出0万元，0；");
    assert_eq!(s.figures.value.map(|v| v.fen), Some(0));
}

#[test]
fn odd_quotes_and_qualified_totals() {
    let s = one("2019年实际支出“三公经费”决算为22.62万元。");
    assert_eq!(s.subject, Subject::Claim(Metric::ThreePublic(None)));
    assert_eq!(s.figures.value, wan("22.62"));
    for text in [
        "区级“三公”经费公共财政拨款支出1360.13万元，比上年减少支出613.80万元。",
        "“三公”经费决算支出数为1165.08万元，同比减少63.96万元。",
    ] {
        let s = one(text);
        assert_eq!(
            s.subject,
            Subject::Claim(Metric::ThreePublic(None)),
            "{text}"
        );
        assert!(s.figures.change.is_some_and(|c| c.fen < 0), "{text}");
    }
}

#[test]
fn coordinated_subjects_and_lists_of_numbers() {
    let all = statements("2022年度收、支总计各是4125.49,4143.91万元。");
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_eq!(all[0].subject, report("income_total"));
    assert_eq!(all[0].figures.value, wan("4125.49"));
    assert_eq!(all[1].subject, report("expenditure_total"));
    assert_eq!(all[1].figures.value, wan("4143.91"));
    let all = statements(
        "与2021年相比，收、支总计各是5、6万元，各减少1267.86,2570.97万元，各下降23.51%、38.28%。",
    );
    assert_eq!(all[1].figures.change, wan("-2570.97"));
    assert_eq!(all[0].figures.change_pct, pct("-23.51"));
    assert_eq!(all[1].figures.change_pct, pct("-38.28"));
    let all = statements("收入、支出总计均为10万元。");
    assert_eq!(all[1].figures.value, wan("10"));
}

#[test]
fn differences_from_the_budget() {
    let s = one("公务接待费支出5.21万元，与2021年度预算相比，减少0.1万元，下降0.006%。");
    assert_eq!(s.figures.budget_change, wan("-0.1"));
    assert_eq!(s.figures.budget_change_pct, pct("-0.006"));
    assert_eq!(s.figures.change, None);
    let s = one("公务接待费决算支出238万元，较年初预算下降42%。");
    assert_eq!(s.figures.budget_change_pct, pct("-42"));
    let s = one("“三公经费”财政拨款预算3,786.49万元，实际支出3,535.78万元，比预算减少250.71万元。");
    assert_eq!(s.figures.budget, wan("3786.49"));
    assert_eq!(s.figures.value, wan("3535.78"));
    assert_eq!(s.figures.budget_change, wan("-250.71"));
    let s = one("公务接待费支出10万元，完成年初预算100%，决算数大于预算数5.5万元。");
    assert_eq!(s.figures.budget_change, wan("5.5"));
}

#[test]
fn headline_and_staff_label_variants() {
    let s = one("2017年度，本单位收入为1687.45万元。");
    assert_eq!(s.subject, report("income_current"));
    let s = one("本单位支出为1942.57万元。");
    assert_eq!(s.subject, report("expenditure_current"));
    let counts: Vec<Subject> = statements("实际正式教职工62人，实有在职人数111人。")
        .into_iter()
        .map(|s| s.subject)
        .collect();
    assert_eq!(
        counts,
        [
            Subject::Count("staff_active"),
            Subject::Count("staff_active")
        ]
    );
    let s = one("2015年决算为保障机构正常运行而发生的购买货物和服务各项支出合计141.55万元，较2014年增加33.66万元。");
    assert_eq!(s.subject, report("operating_costs"));
    assert_eq!(s.figures.change, wan("33.66"));
}

#[test]
fn class_names_before_the_reforms() {
    let s = parse_in(
        Scope::Functions("general"),
        "医疗卫生与计划生育支出30万元。",
    );
    assert_eq!(
        s[0].subject,
        Subject::Function {
            fund: "general",
            code: "210"
        }
    );
}

//! The standard tables as data: the titles each is printed under, what
//! its header's columns are called, and what its named lines mean. The
//! recogniser reads only this; a new variant of a title, a column or a
//! line is one entry here.
//!
//! Header texts are matched on their whole path (a column's own text with
//! the texts printed above it, `本年支出` + `合计`), folded: no spaces,
//! full-width forms as ASCII, no quotation marks.

use crate::extract::model::TableId;
use crate::model::classes::FUNCTION_CLASSES;

/// What a column of a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A functional or economic code, whole (`2080505`).
    Code,
    /// One level of a code printed in three columns: 类 (3 digits), 款 or
    /// 项 (2 digits each).
    CodePart(u8),
    /// 科目名称, or 项目 in a label table.
    Label,
    /// 行次 / 栏次: printed line numbers, not figures.
    Ignored,
    /// Amounts, under this column id.
    Amount(&'static str),
    /// Words, under this column id (`measure`: 计量单位).
    Text(&'static str),
}

/// A rule: a header path containing every `all` needle and no `none`
/// needle names this column.
struct Rule {
    all: &'static [&'static str],
    none: &'static [&'static str],
    role: Role,
}

const fn rule(
    all: &'static [&'static str],
    none: &'static [&'static str],
    id: &'static str,
) -> Rule {
    Rule {
        all,
        none,
        role: Role::Amount(id),
    }
}

/// One standard table.
pub struct Spec {
    pub id: TableId,
    /// Titles as printed, folded; the longest that ends a line wins.
    pub titles: &'static [&'static str],
    /// Lines are named by their label (总表), not by a code.
    pub labelled: bool,
    rules: &'static [Rule],
}

pub static SPECS: [Spec; 13] = [
    Spec {
        id: TableId::Overview,
        titles: &["收入支出决算总表", "部门收入支出决算总表", "收支决算总表"],
        labelled: true,
        rules: &[
            rule(&["决算"], &[], "amount"),
            rule(&["预算"], &[], "budget"),
            rule(&["金额"], &[], "amount"),
        ],
    },
    Spec {
        id: TableId::Income,
        titles: &[
            "收入决算表",
            "部门收入决算表",
            "收入决算明细表",
            "收入决算总表",
        ],
        labelled: false,
        rules: &[
            rule(&["一般公共预算"], &[], "general"),
            rule(&["政府性基金"], &[], "gov_fund"),
            rule(&["国有资本"], &[], "state_capital"),
            rule(&["财政拨款"], &[], "fiscal"),
            rule(&["上级补助"], &[], "superior"),
            rule(&["事业收入"], &[], "business"),
            rule(&["经营收入"], &[], "operating"),
            rule(&["附属单位"], &[], "affiliated"),
            rule(&["其他收入"], &[], "other"),
            rule(&["合计"], &[], "total"),
            rule(&["决算"], &[], "total"),
        ],
    },
    Spec {
        id: TableId::Expenditure,
        titles: &[
            "支出决算表",
            "部门支出决算表",
            "支出决算明细表",
            "支出决算总表",
        ],
        labelled: false,
        rules: &[
            rule(&["基本支出"], &[], "basic"),
            rule(&["项目支出"], &[], "project"),
            rule(&["上缴上级"], &[], "remit_superior"),
            rule(&["附属单位"], &[], "affiliated_subsidy"),
            rule(&["经营支出"], &[], "operating"),
            rule(&["合计"], &[], "total"),
            rule(&["决算"], &[], "total"),
        ],
    },
    Spec {
        id: TableId::FiscalOverview,
        titles: &[
            "财政拨款收入支出决算总表",
            "财政拨款收支决算总表",
            "部门财政拨款收入支出决算总表",
            // Liaoning prints it without 总.
            "财政拨款收入支出决算表",
        ],
        labelled: true,
        rules: &[
            rule(&["一般公共预算"], &[], "general"),
            rule(&["政府性基金"], &[], "gov_fund"),
            rule(&["国有资本"], &[], "state_capital"),
            rule(&["合计"], &[], "fiscal"),
            rule(&["小计"], &[], "fiscal"),
            rule(&["决算"], &[], "fiscal"),
            rule(&["金额"], &[], "fiscal"),
        ],
    },
    Spec {
        id: TableId::GeneralExpenditure,
        titles: &[
            "一般公共预算财政拨款支出决算表",
            "一般公共预算财政拨款支出决算明细表",
            "一般公共预算支出决算表",
        ],
        labelled: false,
        rules: &[
            rule(&["预算", "基本"], &["决算"], "budget:basic"),
            rule(&["预算", "项目"], &["决算"], "budget:project"),
            rule(&["预算"], &["决算"], "budget_initial"),
            rule(&["基本支出"], &[], "basic"),
            rule(&["项目支出"], &[], "project"),
            rule(&["合计"], &[], "total"),
            rule(&["决算"], &[], "total"),
            rule(&["金额"], &[], "total"),
        ],
    },
    Spec {
        id: TableId::GeneralBasic,
        titles: &[
            "一般公共预算财政拨款基本支出决算表",
            "一般公共预算财政拨款基本支出决算明细表",
            "一般公共预算基本支出决算表",
        ],
        labelled: false,
        rules: &[
            // 人员经费 | 公用经费 over the national form's three parts name
            // groups of 决算数 columns, not columns of their own.
            rule(&["人员经费"], &["决算", "金额"], "personnel"),
            rule(&["公用经费"], &["决算", "金额"], "public"),
            rule(&["决算"], &[], "amount"),
            rule(&["金额"], &[], "amount"),
            rule(&["合计"], &[], "amount"),
        ],
    },
    Spec {
        id: TableId::ThreePublic,
        titles: &[
            "财政拨款三公经费支出决算表",
            "一般公共预算财政拨款三公经费支出决算表",
            "三公经费支出决算表",
            // Shaanxi adds the meeting and training costs.
            "三公经费及会议费、培训费支出决算表",
            "三公经费及会议费培训费支出决算表",
        ],
        labelled: false,
        rules: &[
            // Shaanxi's table adds 会议费 and 培训费, which no kind holds.
            Rule {
                all: &["会议费"],
                none: &[],
                role: Role::Ignored,
            },
            Rule {
                all: &["培训费"],
                none: &[],
                role: Role::Ignored,
            },
            rule(&["小计", "预算"], &[], "budget:vehicle"),
            rule(&["小计", "决算"], &[], "actual:vehicle"),
            rule(&["购置费", "预算"], &[], "budget:vehicle_purchase"),
            rule(&["购置费", "决算"], &[], "actual:vehicle_purchase"),
            rule(&["用车运行", "预算"], &[], "budget:vehicle_operation"),
            rule(&["用车运行", "决算"], &[], "actual:vehicle_operation"),
            rule(&["购置及运行", "预算"], &[], "budget:vehicle"),
            rule(&["购置及运行", "决算"], &[], "actual:vehicle"),
            rule(&["出国", "预算"], &[], "budget:outbound"),
            rule(&["出国", "决算"], &[], "actual:outbound"),
            rule(&["接待", "预算"], &[], "budget:reception"),
            rule(&["接待", "决算"], &[], "actual:reception"),
            rule(&["合计", "预算"], &[], "budget:total"),
            rule(&["合计", "决算"], &[], "actual:total"),
            // A vertical layout: categories down, 预算数 and 决算数 across.
            rule(&["预算"], &[], "budget"),
            rule(&["决算"], &[], "actual"),
        ],
    },
    Spec {
        id: TableId::GovFund,
        titles: &[
            "政府性基金预算财政拨款收入支出决算表",
            "政府性基金预算财政拨款支出决算表",
            "政府性基金预算财政拨款收支决算表",
        ],
        labelled: false,
        rules: FUND_RULES,
    },
    Spec {
        id: TableId::StateCapital,
        titles: &[
            "国有资本经营预算财政拨款收入支出决算表",
            "国有资本经营预算财政拨款支出决算表",
            "国有资本经营预算财政拨款收支决算表",
        ],
        labelled: false,
        rules: FUND_RULES,
    },
    Spec {
        id: TableId::Assets,
        titles: &[
            "国有资产占用情况表",
            "国有资产占有使用情况表",
            "国有资产占用表",
            "部门国有资产占用情况表",
        ],
        labelled: true,
        rules: &[
            text(&["计量单位"], "measure"),
            text(&["单位"], "measure"),
            // The national form across: one line (合计) of the items as
            // columns, amounts but for the fleet's count.
            rule(&["车辆", "辆"], &[], "quantity:车辆总数"),
            rule(&["车辆", "数"], &["金额", "价值"], "quantity:车辆总数"),
            rule(&["资产总额"], &COUNTED, "value:资产总额"),
            rule(&["流动资产"], &COUNTED, "value:流动资产"),
            rule(&["固定资产"], &COUNTED, "value:固定资产"),
            rule(&["对外投资"], &COUNTED, "value:对外投资"),
            rule(&["长期投资"], &COUNTED, "value:长期投资"),
            rule(&["无形资产"], &COUNTED, "value:无形资产"),
            rule(&["在建工程"], &COUNTED, "value:在建工程"),
            rule(&["数量"], &[], "quantity"),
            rule(&["金额"], &[], "value"),
            rule(&["价值"], &[], "value"),
            rule(&["原值"], &[], "value"),
            rule(&["账面"], &[], "value"),
            rule(&["决算"], &[], "amount"),
            rule(&["统计"], &[], "amount"),
            rule(&["年末"], &[], "amount"),
        ],
    },
    Spec {
        id: TableId::OperatingCosts,
        titles: &[
            "机关运行经费支出决算表",
            "机关运行经费支出情况表",
            "机关运行经费支出表",
            "机关运行经费决算表",
            "机构运行经费支出决算表",
        ],
        labelled: true,
        rules: &[
            ignored(&["预算"]),
            rule(&["决算"], &[], "amount"),
            rule(&["金额"], &[], "amount"),
            rule(&["合计"], &[], "amount"),
            rule(&["运行经费"], &[], "amount"),
        ],
    },
    Spec {
        id: TableId::Procurement,
        titles: &[
            "政府采购情况表",
            "政府采购支出情况表",
            "政府采购支出决算表",
            "政府采购决算表",
            "政府采购支出表",
        ],
        labelled: true,
        rules: &[
            ignored(&["预算"]),
            ignored(&["计划"]),
            rule(&["小微企业"], &[], "small_micro"),
            rule(&["中小企业"], &[], "sme"),
            rule(&["货物"], &[], "goods"),
            rule(&["工程"], &[], "works"),
            rule(&["服务"], &[], "services"),
            rule(&["总额"], &[], "total"),
            rule(&["合计"], &[], "total"),
            rule(&["决算"], &[], "amount"),
            rule(&["金额"], &[], "amount"),
        ],
    },
    Spec {
        id: TableId::OperationInfo,
        titles: &[
            "机构运行经费支出、国有资产占用情况及政府采购支出信息表",
            "机构运行经费支出国有资产占用情况及政府采购支出信息表",
            "机关运行经费支出、国有资产占用情况及政府采购支出信息表",
            "机构运行信息表",
        ],
        labelled: true,
        rules: &[
            text(&["计量单位"], "measure"),
            text(&["单位"], "measure"),
            ignored(&["预算"]),
            rule(&["决算"], &[], "amount"),
            rule(&["统计"], &[], "amount"),
            rule(&["数量"], &[], "amount"),
            rule(&["金额"], &[], "amount"),
        ],
    },
];

/// Words that make a column a count, not an amount.
const COUNTED: [&str; 5] = ["数量", "平方米", "辆", "台", "套"];

const fn text(all: &'static [&'static str], id: &'static str) -> Rule {
    Rule {
        all,
        none: &[],
        role: Role::Text(id),
    }
}

const fn ignored(all: &'static [&'static str]) -> Rule {
    Rule {
        all,
        none: &[],
        role: Role::Ignored,
    }
}

const FUND_RULES: &[Rule] = &[
    rule(&["年初"], &[], "carryover_begin"),
    rule(&["上年结转"], &[], "carryover_begin"),
    rule(&["年末"], &[], "carryover_end"),
    rule(&["基本支出"], &[], "basic"),
    rule(&["项目支出"], &[], "project"),
    rule(&["本年收入"], &[], "income"),
    rule(&["本年支出"], &[], "expenditure"),
    rule(&["合计"], &[], "expenditure"),
    rule(&["决算"], &[], "expenditure"),
];

/// Folds a text for matching: no whitespace, full-width forms as ASCII,
/// no quotation marks or brackets of a title.
pub fn fold(text: &str) -> String {
    crate::model::value::normalize(text)
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | '《' | '》')
        })
        .collect()
}

/// The table a title line names, when it ends with one of the titles
/// (after a department and year, before a `(公开01表)`).
pub fn title(line: &str) -> Option<&'static Spec> {
    let text = fold(line);
    let text = strip_table_number(&text);
    if text.chars().count() > 60 {
        return None;
    }
    SPECS
        .iter()
        .flat_map(|s| s.titles.iter().map(move |t| (s, *t)))
        .filter(|(s, t)| {
            text.strip_suffix(t)
                .is_some_and(|before| s.id == TableId::ThreePublic || !qualifies(before))
        })
        .max_by_key(|(_, t)| t.len())
        .map(|(s, _)| s)
}

/// Whether the words before a title make it another table's title rather
/// than following a department and year: Sichuan's 财政拨款支出决算明细表 is
/// not the 支出决算明细表, Yunnan's 一般公共预算财政拨款项目支出决算表 not the
/// 支出决算表, a 收入支出决算表 not the 支出决算表. A title is taken only
/// whole; the "三公" table is the same whichever fund's words precede it.
fn qualifies(before: &str) -> bool {
    ["财政拨款", "预算", "基本", "项目", "收入", "支出"]
        .iter()
        .any(|word| before.ends_with(word))
}

/// Drops a trailing `(公开01表)`, `（表一）`, `表1` or `(分科目)`.
fn strip_table_number(text: &str) -> &str {
    let mut text = text;
    if text.ends_with(')') {
        if let Some(open) = text.rfind('(') {
            let inner = &text[open..];
            // Zhejiang prints 收入决算表 and 支出决算表 twice: (分单位), by unit,
            // which is not the standard table, and (分科目), which is.
            if inner.contains('表')
                || inner == "(分科目)"
                || inner.chars().filter(|c| c.is_ascii_digit()).count() > 0
            {
                text = &text[..open];
            }
        }
    }
    text
}

impl Spec {
    /// What a header path names, if anything.
    pub fn role(&self, path: &str, leaf: &str) -> Option<Role> {
        let path = fold(path);
        let leaf = fold(leaf);
        if path.contains("行次") || path.contains("栏次") {
            return Some(Role::Ignored);
        }
        // 类 / 款 / 项 under 科目编码 (however the narrow cell above them
        // wrapped it: `功能分类科目编`); a 款 ending a wrapped 财政拨款 is not one.
        let above = path.strip_suffix(leaf.as_str()).unwrap_or(&path);
        let code_parent = above.is_empty()
            || ["编码", "科目", "项目", "分类", "科目编"]
                .iter()
                .any(|p| above.contains(p));
        match leaf.as_str() {
            "类" if code_parent => return Some(Role::CodePart(0)),
            "款" if code_parent => return Some(Role::CodePart(1)),
            "项" if code_parent => return Some(Role::CodePart(2)),
            _ => {}
        }
        // A code column's header wrapped in a narrow cell loses its last
        // character to the line below (`功能分类科目编` / `码`), or prints
        // only `功能分类`.
        if path.contains("编码")
            || path.contains("代码")
            || path.ends_with("科目编号")
            || path.ends_with("科目编")
            || path.ends_with("分类")
        {
            return Some(Role::Code);
        }
        if path.contains("名称") || path.ends_with("项目") || path.ends_with("科目") {
            return Some(Role::Label);
        }
        self.rules
            .iter()
            .find(|r| {
                r.all.iter().all(|n| path.contains(n)) && !r.none.iter().any(|n| path.contains(n))
            })
            .map(|r| r.role)
    }

    /// What a named line of a label table means on its side, given the
    /// line named before it on that side (the fund lines under 年初财政拨款
    /// 结转和结余 are that fund's carry-over).
    pub fn item(&self, side: u8, label: &str, after: Option<&'static str>) -> Option<Item> {
        let folded = fold(label);
        let label = strip_enumeration(&folded);
        let label = label.trim_start_matches("其中:").trim_start_matches("其中");
        if label.is_empty() {
            return None;
        }
        if self.id.is_optional() {
            return optional_item(self.id, label).map(Item::Named);
        }
        if matches!(self.id, TableId::Overview | TableId::FiscalOverview) && side == 1 {
            if let Some(code) = class_code(label) {
                return Some(Item::Code(code));
            }
        }
        let table: &[(&str, &'static str)] = match (self.id, side) {
            (TableId::Overview, 0) => OVERVIEW_INCOME,
            (TableId::Overview, _) => OVERVIEW_EXPENDITURE,
            (TableId::FiscalOverview, 0) => FISCAL_INCOME,
            (TableId::FiscalOverview, _) => FISCAL_EXPENDITURE,
            (TableId::ThreePublic, _) => THREE_PUBLIC_LINES,
            _ => &[],
        };
        let found = table.iter().find(|(l, _)| *l == label).map(|(_, id)| *id)?;
        // A fund line after a carry-over line is that fund's carry-over.
        let carried = matches!(after, Some(a) if a.starts_with("carryover"));
        if self.id == TableId::FiscalOverview && carried && FUNDS.contains(&found) {
            let base = after
                .unwrap_or_default()
                .split(':')
                .next()
                .unwrap_or_default();
            return Some(Item::Named(match (base, found) {
                ("carryover_begin", "general") => "carryover_begin:general",
                ("carryover_begin", "gov_fund") => "carryover_begin:gov_fund",
                ("carryover_begin", "state_capital") => "carryover_begin:state_capital",
                (_, "general") => "carryover_end:general",
                (_, "gov_fund") => "carryover_end:gov_fund",
                _ => "carryover_end:state_capital",
            }));
        }
        Some(Item::Named(found))
    }
}

impl Spec {
    /// Whether a label is the beginning of the name of one of the table's
    /// lines on that side (a name wrapped over printed lines).
    pub fn begins_item(&self, side: u8, label: &str) -> bool {
        let folded = fold(label);
        let label = strip_enumeration(&folded);
        let table: &[(&str, &'static str)] = match (self.id, side) {
            (TableId::Overview, 0) => OVERVIEW_INCOME,
            (TableId::Overview, _) => OVERVIEW_EXPENDITURE,
            (TableId::FiscalOverview, 0) => FISCAL_INCOME,
            (TableId::FiscalOverview, _) => FISCAL_EXPENDITURE,
            (TableId::ThreePublic, _) => THREE_PUBLIC_LINES,
            _ => &[],
        };
        !label.is_empty() && table.iter().any(|(l, _)| l.starts_with(label))
    }
}

/// A line of an optional table: `operating_costs`, `procurement:FIELD`,
/// `asset` (an asset item, named by its label), or `total` (合计, of a
/// table whose 合计 means one thing). Words naming none of them (a 办公费
/// line, a "三公" line of the combined table) are no line of the table.
fn optional_item(id: TableId, label: &str) -> Option<&'static str> {
    let total = matches!(label, "合计" | "总计");
    let operating = label.contains("运行经费");
    let procurement = PROCUREMENT_LINES
        .iter()
        .find(|(needle, _)| label.contains(needle))
        .map(|(_, id)| *id);
    // Things, not costs: 一般公务用车, 单价50万元以上通用设备, 房屋 — and not
    // the "三公" counts of the combined table (公务用车购置数, 公务用车保有量,
    // 团组, 接待批次), which no asset item holds.
    let asset = !["费", "采购", "购置", "保有量", "团组", "接待", "出国"]
        .iter()
        .any(|w| label.contains(w))
        && ["车", "设备", "房屋", "用房", "土地", "资产"]
            .iter()
            .any(|w| label.contains(w));
    match id {
        TableId::OperatingCosts if total || operating => Some("operating_costs"),
        TableId::Procurement if total => Some("procurement:total"),
        TableId::Procurement => procurement,
        TableId::Assets if total => Some("total"),
        TableId::Assets if asset => Some("asset"),
        TableId::OperationInfo if operating => Some("operating_costs"),
        TableId::OperationInfo if procurement.is_some() => procurement,
        TableId::OperationInfo if asset => Some("asset"),
        _ => None,
    }
}

/// The lines of a 政府采购 table printed down the side, the narrower first.
const PROCUREMENT_LINES: [(&str, &str); 7] = [
    ("小微企业", "procurement:small_micro"),
    ("中小企业", "procurement:sme"),
    ("货物", "procurement:goods"),
    ("工程", "procurement:works"),
    ("服务", "procurement:services"),
    ("采购支出总额", "procurement:total"),
    ("政府采购", "procurement:total"),
];

/// A named line: a code (a 类 told by its name) or an item id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Code(String),
    Named(&'static str),
}

const FUNDS: [&str; 3] = ["general", "gov_fund", "state_capital"];

const OVERVIEW_INCOME: &[(&str, &str)] = &[
    ("一般公共预算财政拨款收入", "general"),
    ("一般公共预算财政拨款", "general"),
    ("政府性基金预算财政拨款收入", "gov_fund"),
    ("政府性基金预算财政拨款", "gov_fund"),
    ("国有资本经营预算财政拨款收入", "state_capital"),
    ("国有资本经营预算财政拨款", "state_capital"),
    ("财政拨款收入", "fiscal"),
    ("上级补助收入", "superior"),
    ("事业收入", "business"),
    ("经营收入", "operating"),
    ("附属单位上缴收入", "affiliated"),
    ("其他收入", "other"),
    ("本年收入合计", "income_current"),
    ("本年收入", "income_current"),
    ("使用非财政拨款结余", "nonfiscal_balance_used"),
    ("使用非财政拨款结余(含专用结余)", "nonfiscal_balance_used"),
    ("年初结转和结余", "carryover_begin"),
    ("上年结转和结余", "carryover_begin"),
    ("总计", "income_total"),
    ("收入总计", "income_total"),
];

const OVERVIEW_EXPENDITURE: &[(&str, &str)] = &[
    ("本年支出合计", "expenditure_current"),
    ("本年支出", "expenditure_current"),
    ("结余分配", "balance_distribution"),
    ("年末结转和结余", "carryover_end"),
    ("总计", "expenditure_total"),
    ("支出总计", "expenditure_total"),
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("上缴上级支出", "remit_superior"),
    ("经营支出", "operating"),
    ("对附属单位补助支出", "affiliated_subsidy"),
];

const FISCAL_INCOME: &[(&str, &str)] = &[
    ("一般公共预算财政拨款", "general"),
    ("一般公共预算财政拨款收入", "general"),
    ("政府性基金预算财政拨款", "gov_fund"),
    ("政府性基金预算财政拨款收入", "gov_fund"),
    ("国有资本经营预算财政拨款", "state_capital"),
    ("国有资本经营预算财政拨款收入", "state_capital"),
    ("本年收入合计", "income"),
    ("本年收入", "income"),
    ("年初财政拨款结转和结余", "carryover_begin"),
    ("年初结转和结余", "carryover_begin"),
    ("上年结转", "carryover_begin"),
    ("总计", "total"),
    ("收入总计", "total"),
];

const FISCAL_EXPENDITURE: &[(&str, &str)] = &[
    ("本年支出合计", "expenditure"),
    ("本年支出", "expenditure"),
    ("年末财政拨款结转和结余", "carryover_end"),
    ("年末结转和结余", "carryover_end"),
    ("一般公共预算财政拨款", "general"),
    ("政府性基金预算财政拨款", "gov_fund"),
    ("国有资本经营预算财政拨款", "state_capital"),
    ("总计", "total"),
    ("支出总计", "total"),
];

/// The "三公" table printed with its categories down the side.
const THREE_PUBLIC_LINES: &[(&str, &str)] = &[
    ("合计", "total"),
    ("因公出国(境)费", "outbound"),
    ("因公出国(境)费用", "outbound"),
    ("公务用车购置及运行维护费", "vehicle"),
    ("公务用车购置及运行费", "vehicle"),
    ("公务用车购置费", "vehicle_purchase"),
    ("公务用车运行维护费", "vehicle_operation"),
    ("公务接待费", "reception"),
];

/// A 类 told by its name (`一般公共服务支出`, `一般公共服务`).
pub fn class_code(label: &str) -> Option<String> {
    let label = label.trim_end_matches("(类)");
    FUNCTION_CLASSES
        .iter()
        .find(|(_, name)| *name == label || name.strip_suffix("支出") == Some(label))
        .map(|(code, _)| code.to_string())
}

/// Drops `一、`, `(一)`, `1.`, `1、` at the start of a label.
pub fn strip_enumeration(text: &str) -> &str {
    const NUMERALS: &str = "一二三四五六七八九十";
    let trimmed = text.trim_start_matches('(');
    let digits = trimmed
        .char_indices()
        .take_while(|(_, c)| NUMERALS.contains(*c) || c.is_ascii_digit())
        .last()
        .map(|(i, c)| i + c.len_utf8());
    if let Some(end) = digits {
        let rest = &trimmed[end..];
        for mark in ["、", ".", ")", "．"] {
            if let Some(after) = rest.strip_prefix(mark) {
                if !after.is_empty() {
                    return after;
                }
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_title_ending_a_line_names_the_table() {
        let id = |line: &str| title(line).map(|s| s.id);
        assert_eq!(id("收入支出决算总表"), Some(TableId::Overview));
        assert_eq!(
            id("财政拨款收入支出决算总表"),
            Some(TableId::FiscalOverview)
        );
        assert_eq!(
            id("财政拨款“三公”经费支出决算表"),
            Some(TableId::ThreePublic)
        );
        assert_eq!(
            id("某局2024年度一般公共预算财政拨款支出决算表（公开05表）"),
            Some(TableId::GeneralExpenditure)
        );
        assert_eq!(id("支出决算表"), Some(TableId::Expenditure));
        // Titles of other provinces: 收入决算总表 / 支出决算总表 (Shaanxi),
        // 财政拨款收入支出决算表 (Liaoning), "三公" with 会议费、培训费.
        assert_eq!(id("收入决算总表"), Some(TableId::Income));
        assert_eq!(id("二、支出决算总表"), Some(TableId::Expenditure));
        assert_eq!(id("财政拨款收入支出决算表"), Some(TableId::FiscalOverview));
        assert_eq!(
            id("政府性基金预算财政拨款收入支出决算表"),
            Some(TableId::GovFund)
        );
        assert_eq!(
            id("一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表"),
            Some(TableId::ThreePublic)
        );
        assert_eq!(id("一、收入支出决算总体情况说明"), None);
        assert_eq!(id("某局2024年度部门决算表"), None);
    }

    #[test]
    fn a_title_is_matched_whole_not_as_the_end_of_another() {
        let id = |line: &str| title(line).map(|s| s.id);
        // Sichuan's fiscal detail table, printed before the 支出决算表.
        assert_eq!(id("财政拨款支出决算明细表"), None);
        assert_eq!(id("五、某局2024年度财政拨款支出决算明细表"), None);
        assert_eq!(id("一般公共预算财政拨款项目支出决算表"), None);
        assert_eq!(id("一般公共预算财政拨款项目支出决算明细表"), None);
        assert_eq!(id("一般公共预算财政拨款收入支出决算表"), None);
        assert_eq!(id("项目收入支出决算表"), None);
        assert_eq!(id("收入支出决算表"), None);
        // After a department and year, or a numbering, a title still names
        // its table.
        assert_eq!(id("某局2024年度支出决算明细表"), Some(TableId::Expenditure));
        assert_eq!(id("四川省某厅支出决算表"), Some(TableId::Expenditure));
        assert_eq!(id("三、部门支出决算表"), Some(TableId::Expenditure));
        assert_eq!(id("某局收入决算表（公开02表）"), Some(TableId::Income));
        assert_eq!(
            id("某局2024年度一般公共预算财政拨款基本支出决算表"),
            Some(TableId::GeneralBasic)
        );
    }

    #[test]
    fn header_paths_name_columns() {
        let spec = |id| SPECS.iter().find(|s| s.id == id).unwrap();
        let three = spec(TableId::ThreePublic);
        assert_eq!(
            three.role(
                "财政拨款“三公”经费公务用车购置及运行维护费公务用车运行维护费预算数",
                "预算数"
            ),
            Some(Role::Amount("budget:vehicle_operation"))
        );
        assert_eq!(
            three.role(
                "财政拨款“三公”经费公务用车购置及运行维护费小计决算数",
                "决算数"
            ),
            Some(Role::Amount("actual:vehicle"))
        );
        assert_eq!(
            three.role(
                "财政拨款“三公”经费公务用车购置及运行维护费公务用车购置费预算数",
                "预算数"
            ),
            Some(Role::Amount("budget:vehicle_purchase"))
        );
        assert_eq!(three.role("会议费预算数", "预算数"), Some(Role::Ignored));
        assert_eq!(three.role("培训费决算数", "决算数"), Some(Role::Ignored));
        let fund = spec(TableId::GovFund);
        assert_eq!(
            fund.role("本年支出合计", "合计"),
            Some(Role::Amount("expenditure"))
        );
        assert_eq!(
            fund.role("年初结转和结余", "结余"),
            Some(Role::Amount("carryover_begin"))
        );
        let exp = spec(TableId::Expenditure);
        assert_eq!(
            exp.role("项目支出", "项目支出"),
            Some(Role::Amount("project"))
        );
        assert_eq!(
            exp.role("项目功能分类科目编码", "科目编码"),
            Some(Role::Code)
        );
        assert_eq!(exp.role("项目科目名称", "科目名称"), Some(Role::Label));
        // Wrapped in a narrow cell, the 码 went to the line below.
        assert_eq!(exp.role("项目功能分类科目编", "科目编"), Some(Role::Code));
        assert_eq!(exp.role("项目功能分类", "功能分类"), Some(Role::Code));
        assert_eq!(exp.role("科目编码类", "类"), Some(Role::CodePart(0)));
        assert_eq!(exp.role("功能分类科目编类", "类"), Some(Role::CodePart(0)));
        assert_eq!(exp.role("项目功能分类科项", "项"), Some(Role::CodePart(2)));
        let income = spec(TableId::Income);
        assert_eq!(income.role("财政拨款", "款"), Some(Role::Amount("fiscal")));
        assert_eq!(
            exp.role("本年支出合计", "本年支出合计"),
            Some(Role::Amount("total"))
        );
        assert_eq!(exp.role("备注", "备注"), None);
    }

    #[test]
    fn the_optional_tables_by_title_and_line() {
        let id = |line: &str| title(line).map(|s| s.id);
        assert_eq!(id("政府采购支出决算表"), Some(TableId::Procurement));
        assert_eq!(id("某局2024年度政府采购情况表"), Some(TableId::Procurement));
        assert_eq!(id("机关运行经费支出决算表"), Some(TableId::OperatingCosts));
        assert_eq!(id("国有资产占用情况表(公开10表)"), Some(TableId::Assets));
        assert_eq!(
            id("十二、机构运行经费支出、国有资产占用情况及政府采购支出信息表"),
            Some(TableId::OperationInfo)
        );
        assert_eq!(id("支出决算表"), Some(TableId::Expenditure));
        assert_eq!(id("十二、机构运行经费支出决算情况说明"), None);
        let spec = |id| SPECS.iter().find(|s| s.id == id).unwrap();
        let named = |id, label: &str| match spec(id).item(0, label, None) {
            Some(Item::Named(n)) => Some(n),
            _ => None,
        };
        use TableId::*;
        assert_eq!(
            named(Procurement, "其中：授予小微企业合同金额"),
            Some("procurement:small_micro")
        );
        assert_eq!(named(Procurement, "合计"), Some("procurement:total"));
        assert_eq!(
            named(OperatingCosts, "机关运行经费合计"),
            Some("operating_costs")
        );
        assert_eq!(named(OperatingCosts, "办公费"), None);
        assert_eq!(named(OperationInfo, "公务用车购置费"), None);
        assert_eq!(named(OperationInfo, "其中：一般公务用车"), Some("asset"));
        assert_eq!(named(OperationInfo, "合计"), None);
        assert_eq!(named(OperationInfo, "公务用车购置数(辆)"), None);
        assert_eq!(named(OperationInfo, "公务用车保有量(辆)"), None);
        assert_eq!(named(OperationInfo, "车辆数合计(辆)"), Some("asset"));
        assert_eq!(
            named(OperationInfo, "政府采购货物支出"),
            Some("procurement:goods")
        );
        assert_eq!(named(Assets, "单价50万元以上通用设备"), Some("asset"));
        assert_eq!(
            spec(Assets).role("计量单位", "计量单位"),
            Some(Role::Text("measure"))
        );
        assert_eq!(
            spec(Procurement).role(
                "授予中小企业合同金额其中:授予小微企业合同金额",
                "其中:授予小微企业合同金额"
            ),
            Some(Role::Amount("small_micro"))
        );
    }

    #[test]
    fn named_lines_of_the_overviews() {
        let fiscal = SPECS
            .iter()
            .find(|s| s.id == TableId::FiscalOverview)
            .unwrap();
        assert_eq!(
            fiscal.item(0, "一、一般公共预算财政拨款", None),
            Some(Item::Named("general"))
        );
        assert_eq!(
            fiscal.item(0, "一、一般公共预算财政拨款", Some("carryover_begin")),
            Some(Item::Named("carryover_begin:general"))
        );
        assert_eq!(
            fiscal.item(1, "十九、住房保障支出", None),
            Some(Item::Code("221".into()))
        );
        assert_eq!(strip_enumeration("(一)一般"), "一般");
        assert_eq!(strip_enumeration("二十六、抗疫"), "抗疫");
        assert_eq!(strip_enumeration("一般公共服务"), "一般公共服务");
    }
}

//! The kinds of import file and their columns: the one header-alias table.
//!
//! Everything the importer knows about a kind is declared here: its table,
//! its natural key, and for each column the English name, the Chinese
//! headers that mean the same, the value type and whether it is required.
//! The importer, the docs test and `budgetdb schema` all read this table, so
//! adding a column is a one-line change here plus one in `schema.sql`.

use crate::model::value::{fold_for_matching, CodeKind};
use crate::model::vocab::{self, Vocabulary};

/// How a cell is parsed and stored.
#[derive(Clone, Copy, Debug)]
pub enum ValueType {
    /// A calendar year, INTEGER.
    Year,
    /// A department or unit name, resolved through `aliases`, TEXT.
    Name,
    /// Free text, TEXT.
    Text,
    /// A non-negative whole number, INTEGER.
    Count,
    /// Money, stored as INTEGER 分 in `NAME_fen`.
    Amount,
    /// Money as a report states it: `NAME_fen` and `NAME_decimals`.
    StatedAmount,
    /// A percentage as a report states it: REAL `NAME` and `NAME_decimals`.
    StatedPercent,
    /// A score, weight or quantity, REAL.
    Number,
    /// A classification code, TEXT.
    Code(CodeKind),
    /// A term of a closed vocabulary, stored as its id.
    Term(&'static Vocabulary),
    /// What a claim is about (`income_total`, `function:208`, ...).
    Metric,
    /// Not read from the file: the unit of the invocation (`claims.unit`).
    ImportUnit,
}

/// One column of a kind.
#[derive(Debug)]
pub struct Column {
    /// English header name, also the contract's name.
    pub name: &'static str,
    /// Chinese headers accepted for it.
    pub aliases: &'static [&'static str],
    pub ty: ValueType,
    pub required: bool,
    /// Value used when the column is absent or the cell empty.
    pub default: Option<&'static str>,
}

impl Column {
    /// How many database columns the column fills: [`Column::db_columns`]
    /// without building their names (asked once per cell on import).
    pub fn db_width(&self) -> usize {
        match self.ty {
            ValueType::StatedAmount | ValueType::StatedPercent => 2,
            _ => 1,
        }
    }

    /// The database columns this column is stored in.
    pub fn db_columns(&self) -> Vec<String> {
        match self.ty {
            ValueType::Amount => vec![format!("{}_fen", self.name)],
            ValueType::StatedAmount => vec![
                format!("{}_fen", self.name),
                format!("{}_decimals", self.name),
            ],
            ValueType::StatedPercent => {
                vec![self.name.to_string(), format!("{}_decimals", self.name)]
            }
            _ => vec![self.name.to_string()],
        }
    }

    /// Whether the column comes from the file's header.
    pub fn from_header(&self) -> bool {
        !matches!(self.ty, ValueType::ImportUnit)
    }

    /// Whether a header names this column.
    pub fn matches_header(&self, folded_header: &str) -> bool {
        fold_for_matching(self.name) == folded_header
            || self
                .aliases
                .iter()
                .any(|alias| fold_for_matching(alias) == folded_header)
    }
}

/// A kind of import file.
#[derive(Debug)]
pub struct Kind {
    /// The name files carry: `KIND.csv` or `NAME.KIND.csv`.
    pub name: &'static str,
    /// The table rows go to.
    pub table: &'static str,
    /// One line on what a row is.
    pub about: &'static str,
    /// Its Chinese names: a workbook sheet named so (or `name`) holds this kind.
    pub chinese: &'static [&'static str],
    pub columns: &'static [Column],
    /// Column names forming the natural key.
    pub key: &'static [&'static str],
}

impl Kind {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

const fn col(name: &'static str, aliases: &'static [&'static str], ty: ValueType) -> Column {
    Column {
        name,
        aliases,
        ty,
        required: false,
        default: None,
    }
}

const fn req(name: &'static str, aliases: &'static [&'static str], ty: ValueType) -> Column {
    Column {
        name,
        aliases,
        ty,
        required: true,
        default: None,
    }
}

const YEAR: Column = req("year", &["年度", "年份"], ValueType::Year);
const DEPARTMENT: Column = req("department", &["部门", "部门名称"], ValueType::Name);

/// Where a row came from in the publication (`report.pdf p.7 支出决算表`),
/// accepted by every kind and stored with the row, so a finding can point
/// at the page a figure was read from.
const SOURCE: Column = col("source", &["来源", "provenance"], ValueType::Text);

/// [`SOURCE`] for `income`, whose `source` is the income source (v1): the
/// same Chinese header, stored as `provenance`.
const PROVENANCE: Column = col("provenance", &["来源"], ValueType::Text);

use ValueType::*;

/// The amount columns of `reports`, in contract order. `summary` and the
/// claim metrics refer to them by these names.
pub const REPORT_AMOUNTS: [(&str, &str); 11] = [
    ("income_total", "收入总计"),
    ("carryover_begin", "上年结转和结余"),
    ("income_current", "本年收入合计"),
    ("expenditure_total", "支出总计"),
    ("expenditure_current", "本年支出合计"),
    ("carryover_end", "年末结转和结余"),
    ("basic_expenditure", "基本支出"),
    ("project_expenditure", "项目支出"),
    ("operating_costs", "机关运行经费"),
    ("nonfiscal_balance_used", "使用非财政拨款结余"),
    ("balance_distribution", "结余分配"),
];

pub static REPORTS: Kind = Kind {
    name: "reports",
    table: "reports",
    about: "one department's final accounts for a year: headline figures",
    chinese: &["部门决算", "决算报告"],
    columns: &[
        YEAR,
        DEPARTMENT,
        col("region", &["地区"], Text),
        col("unit_count", &["单位数"], Count),
        col("staff_total", &["年末职工人数"], Count),
        col("staff_active", &["在职人员"], Count),
        col("staff_retired", &["离休人员"], Count),
        col(
            "pensioners",
            &[
                "养老保险基金发放养老金的离退休人员",
                "由养老保险基金发放养老金的离退休人员",
            ],
            Count,
        ),
        col("income_total", &["收入总计"], Amount),
        col(
            "carryover_begin",
            &["上年结转和结余", "年初结转和结余"],
            Amount,
        ),
        col("income_current", &["本年收入合计"], Amount),
        col("expenditure_total", &["支出总计"], Amount),
        col("expenditure_current", &["本年支出合计"], Amount),
        col("carryover_end", &["年末结转和结余"], Amount),
        col("basic_expenditure", &["基本支出"], Amount),
        col("project_expenditure", &["项目支出"], Amount),
        col("operating_costs", &["机关运行经费"], Amount),
        col(
            "nonfiscal_balance_used",
            &["使用非财政拨款结余", "使用非财政拨款结余（含专用结余）"],
            Amount,
        ),
        col("balance_distribution", &["结余分配"], Amount),
        SOURCE,
    ],
    key: &["year", "department"],
};

pub static INCOME: Kind = Kind {
    name: "income",
    table: "income",
    about: "income by source, optionally by functional code",
    chinese: &["收入"],
    columns: &[
        YEAR,
        DEPARTMENT,
        req("source", &["收入来源"], Term(&vocab::INCOME_SOURCES)),
        col("code", &["科目编码"], Code(CodeKind::Functional)),
        req("amount", &["金额"], Amount),
        PROVENANCE,
    ],
    key: &["year", "department", "source", "code"],
};

pub static UNITS: Kind = Kind {
    name: "units",
    table: "units",
    about: "a unit consolidated in a department's report",
    chinese: &["单位"],
    columns: &[
        YEAR,
        DEPARTMENT,
        req("unit", &["单位", "单位名称"], Name),
        col("unit_type", &["单位性质"], Text),
        col("note", &["备注"], Text),
        SOURCE,
    ],
    key: &["year", "department", "unit"],
};

pub static ALIASES: Kind = Kind {
    name: "aliases",
    table: "aliases",
    about: "a department or unit name that means the same as another",
    chinese: &["别名"],
    columns: &[
        req("alias", &["别名"], Text),
        req("canonical", &["标准名称"], Text),
        SOURCE,
    ],
    key: &["alias"],
};

pub static FUNCTION_CLASSES: Kind = Kind {
    name: "function_classes",
    table: "function_classes",
    about: "a functional classification code and its name",
    chinese: &["功能分类科目", "科目"],
    columns: &[
        req("code", &["科目编码"], Code(CodeKind::Functional)),
        req("name", &["科目名称"], Text),
        SOURCE,
    ],
    key: &["code"],
};

pub static EXPENDITURES: Kind = Kind {
    name: "expenditures",
    table: "expenditures",
    about: "expenditure by functional classification",
    chinese: &["支出"],
    columns: &[
        YEAR,
        DEPARTMENT,
        Column {
            default: Some("all"),
            ..col("fund", &["资金性质"], Term(&vocab::FUNDS))
        },
        req("code", &["科目编码"], Code(CodeKind::Functional)),
        col("name", &["科目名称"], Text),
        col("budget_initial", &["年初预算数"], Amount),
        col("basic", &["基本支出"], Amount),
        col("project", &["项目支出"], Amount),
        col("total", &["决算数", "合计"], Amount),
        col("remit_superior", &["上缴上级支出"], Amount),
        col("operating", &["经营支出"], Amount),
        col("affiliated_subsidy", &["对附属单位补助支出"], Amount),
        SOURCE,
    ],
    key: &["year", "department", "fund", "code"],
};

pub static ECONOMIC_EXPENDITURES: Kind = Kind {
    name: "economic_expenditures",
    table: "economic_expenditures",
    about: "basic expenditure by economic classification",
    chinese: &["经济分类支出", "基本支出经济分类"],
    columns: &[
        YEAR,
        DEPARTMENT,
        Column {
            default: Some("general"),
            ..col("fund", &["资金性质"], Term(&vocab::FUNDS))
        },
        req("code", &["科目编码"], Code(CodeKind::Economic)),
        col("name", &["科目名称"], Text),
        req("amount", &["金额", "决算数"], Amount),
        SOURCE,
    ],
    key: &["year", "department", "fund", "code"],
};

pub static THREE_PUBLIC: Kind = Kind {
    name: "three_public",
    table: "three_public",
    about: "\"三公\" expenditure by category",
    chinese: &["三公经费", "“三公”经费"],
    columns: &[
        YEAR,
        DEPARTMENT,
        req("category", &["项目"], Term(&vocab::THREE_PUBLIC_CATEGORIES)),
        col("budget", &["预算数", "年初预算数"], Amount),
        col("actual", &["决算数"], Amount),
        col("batches", &["批次"], Count),
        col("persons", &["人次"], Count),
        col("vehicles", &["车辆数"], Count),
        SOURCE,
    ],
    key: &["year", "department", "category"],
};

pub static PROCUREMENT: Kind = Kind {
    name: "procurement",
    table: "procurement",
    about: "government procurement for a year",
    chinese: &["政府采购"],
    columns: &[
        YEAR,
        DEPARTMENT,
        col("total", &["政府采购支出总额"], Amount),
        col("goods", &["货物"], Amount),
        col("works", &["工程"], Amount),
        col("services", &["服务"], Amount),
        col("sme", &["授予中小企业合同金额"], Amount),
        col("small_micro", &["授予小微企业合同金额"], Amount),
        SOURCE,
    ],
    key: &["year", "department"],
};

pub static ASSETS: Kind = Kind {
    name: "assets",
    table: "assets",
    about: "a state-owned asset item",
    chinese: &["国有资产"],
    columns: &[
        YEAR,
        DEPARTMENT,
        req("item", &["项目"], Text),
        col("quantity", &["数量"], Number),
        col("measure", &["计量单位"], Text),
        col("value", &["金额"], Amount),
        SOURCE,
    ],
    key: &["year", "department", "item"],
};

pub static EVALUATIONS: Kind = Kind {
    name: "evaluations",
    table: "evaluations",
    about: "a performance evaluation of a project or department",
    chinese: &["绩效评价"],
    columns: &[
        YEAR,
        DEPARTMENT,
        req("project", &["项目名称"], Text),
        req("method", &["评价方式"], Term(&vocab::EVALUATION_METHODS)),
        col("unit", &["实施单位"], Name),
        col("evaluator", &["评价机构"], Text),
        col("budget_initial", &["年初预算数"], Amount),
        col("budget_full_year", &["全年预算数"], Amount),
        col("executed", &["全年执行数"], Amount),
        col("score", &["得分"], Number),
        col("grade", &["等级"], Term(&vocab::GRADES)),
        SOURCE,
    ],
    key: &["year", "department", "project", "method"],
};

pub static INDICATORS: Kind = Kind {
    name: "indicators",
    table: "indicators",
    about: "a performance indicator of an evaluation",
    chinese: &["绩效指标"],
    columns: &[
        YEAR,
        DEPARTMENT,
        req("project", &["项目名称"], Text),
        req("method", &["评价方式"], Term(&vocab::EVALUATION_METHODS)),
        req("level1", &["一级指标"], Text),
        col("level2", &["二级指标"], Text),
        req("level3", &["三级指标"], Text),
        col("target", &["年度指标值"], Text),
        col("actual", &["实际完成值"], Text),
        col("weight", &["分值"], Number),
        col("score", &["得分"], Number),
        col("note", &["偏差原因分析及改进措施"], Text),
        SOURCE,
    ],
    key: &[
        "year",
        "department",
        "project",
        "method",
        "level1",
        "level2",
        "level3",
    ],
};

pub static CLAIMS: Kind = Kind {
    name: "claims",
    table: "claims",
    about: "a figure as the report's text states it",
    chinese: &["文中数据"],
    columns: &[
        YEAR,
        DEPARTMENT,
        req("metric", &["指标"], Metric),
        col("value", &["本年数"], StatedAmount),
        col("change", &["较上年增减"], StatedAmount),
        col("change_pct", &["增减率"], StatedPercent),
        col("budget", &["年初预算数"], StatedAmount),
        col("execution_pct", &["完成预算"], StatedPercent),
        col("share_pct", &["占比"], StatedPercent),
        col("budget_change", &["较预算增减"], StatedAmount),
        col("budget_change_pct", &["较预算增减率"], StatedPercent),
        col("text", &["原文"], Text),
        col("unit", &[], ImportUnit),
        SOURCE,
    ],
    key: &["year", "department", "metric"],
};

/// The amount columns of `fund_accounts`, in table order; `fund:FUND:FIELD`
/// claims name them.
pub const FUND_FIELDS: [(&str, &str); 6] = [
    ("carryover_begin", "年初结转和结余"),
    ("income", "本年收入"),
    ("expenditure", "本年支出"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("carryover_end", "年末结转和结余"),
];

pub static FUND_ACCOUNTS: Kind = Kind {
    name: "fund_accounts",
    table: "fund_accounts",
    about: "a fiscal fund's accounts, whole or for one functional code",
    chinese: &["资金收支", "财政拨款收支"],
    columns: &[
        YEAR,
        DEPARTMENT,
        req("fund", &["资金性质"], Term(&vocab::FUNDS)),
        col("code", &["科目编码"], Code(CodeKind::Functional)),
        col("name", &["科目名称"], Text),
        col(
            "carryover_begin",
            &["年初结转和结余", "上年结转和结余"],
            Amount,
        ),
        col("income", &["本年收入"], Amount),
        col("expenditure", &["本年支出"], Amount),
        col("basic", &["基本支出"], Amount),
        col("project", &["项目支出"], Amount),
        col("carryover_end", &["年末结转和结余"], Amount),
        SOURCE,
    ],
    key: &["year", "department", "fund", "code"],
};

pub static DISCLOSURES: Kind = Kind {
    name: "disclosures",
    table: "disclosures",
    about: "whether a report carries one of the standard tables",
    chinese: &["公开表格"],
    columns: &[
        YEAR,
        DEPARTMENT,
        // The contract's `table`; stored as `title`, since TABLE is an SQL
        // keyword that every query would have to quote.
        req(
            "title",
            &["table", "表名", "表格"],
            Term(&vocab::STANDARD_TABLES),
        ),
        req("status", &["状态"], Term(&vocab::DISCLOSURE_STATUSES)),
        col("page", &["页码"], Count),
        col("note", &["说明", "备注"], Text),
        SOURCE,
    ],
    key: &["year", "department", "title"],
};

pub static TEXTS: Kind = Kind {
    name: "texts",
    table: "texts",
    chinese: &["文本", "原文"],
    about: "a line of the publication its consistency rules read (title, heading, 目录 entry, table title, dated or comparing sentence)",
    columns: &[
        YEAR,
        DEPARTMENT,
        req("seq", &["顺序"], Count),
        req("role", &["类型"], Term(&vocab::TEXT_ROLES)),
        col("page", &["页码"], Count),
        req("text", &["原文"], Text),
        col("relation", &["比较"], Term(&vocab::RELATIONS)),
        col("actual", &["决算数"], StatedAmount),
        col("budget", &["预算数"], StatedAmount),
        col("unit", &[], ImportUnit),
        SOURCE,
    ],
    key: &["year", "department", "seq"],
};

/// Every kind, in the order an import processes them: aliases first so data
/// in the same import is stored under canonical names, evaluations before
/// the indicators that refer to them.
pub static KINDS: [&Kind; 16] = [
    &ALIASES,
    &FUNCTION_CLASSES,
    &REPORTS,
    &UNITS,
    &INCOME,
    &EXPENDITURES,
    &ECONOMIC_EXPENDITURES,
    &FUND_ACCOUNTS,
    &THREE_PUBLIC,
    &PROCUREMENT,
    &ASSETS,
    &EVALUATIONS,
    &INDICATORS,
    &CLAIMS,
    &DISCLOSURES,
    &TEXTS,
];

/// The kind with this name.
pub fn find(name: &str) -> Option<&'static Kind> {
    KINDS.iter().copied().find(|k| k.name == name)
}

/// The kind a workbook sheet's name declares: the kind's name or one of
/// its Chinese names (case, spaces and full-width forms aside), with any
/// remarks in parentheses after it, as in `claims (元)` or `支出 (2)`
/// (what a second sheet of one kind is named).
pub fn find_by_sheet_name(sheet: &str) -> Option<&'static Kind> {
    let mut folded = fold_for_matching(sheet);
    while folded.ends_with(')') {
        match folded.rfind('(') {
            Some(open) if open > 0 => folded = folded[..open].trim_end().to_string(),
            _ => break,
        }
    }
    KINDS.iter().copied().find(|kind| {
        std::iter::once(kind.name)
            .chain(kind.chinese.iter().copied())
            .any(|name| fold_for_matching(name) == folded)
    })
}

/// Position of a kind in [`KINDS`], the processing order.
pub fn order(kind: &Kind) -> usize {
    KINDS
        .iter()
        .position(|k| k.name == kind.name)
        .unwrap_or(KINDS.len())
}

/// The closest of `candidates` to `text`, if one is close enough to be a
/// plausible typo.
pub fn suggest<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = fold_for_matching(text);
    candidates
        .into_iter()
        .map(|c| (c, strsim::levenshtein(&folded, &fold_for_matching(c))))
        .filter(|(c, distance)| {
            let length = c.chars().count().max(folded.chars().count());
            *distance > 0 && *distance <= (length / 3).max(1)
        })
        .min_by_key(|(_, distance)| *distance)
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_width_counts_db_columns() {
        for kind in KINDS {
            for column in kind.columns {
                assert_eq!(
                    column.db_width(),
                    column.db_columns().len(),
                    "{}",
                    column.name
                );
            }
        }
    }

    #[test]
    fn every_key_column_exists() {
        for kind in KINDS {
            for key in kind.key {
                assert!(kind.column(key).is_some(), "{}.{}", kind.name, key);
            }
        }
    }

    #[test]
    fn headers_are_unambiguous_within_a_kind() {
        for kind in KINDS {
            let mut seen = std::collections::HashSet::new();
            for column in kind.columns {
                for header in std::iter::once(&column.name).chain(column.aliases) {
                    assert!(
                        seen.insert(fold_for_matching(header)),
                        "{}: {}",
                        kind.name,
                        header
                    );
                }
            }
        }
    }

    #[test]
    fn every_kind_has_a_chinese_sheet_name_of_its_own() {
        for kind in KINDS {
            assert!(!kind.chinese.is_empty(), "{}", kind.name);
            assert_eq!(
                find_by_sheet_name(kind.name).map(|k| k.name),
                Some(kind.name)
            );
            for name in kind.chinese {
                assert_eq!(find_by_sheet_name(name).map(|k| k.name), Some(kind.name));
            }
        }
        assert_eq!(
            find_by_sheet_name(" Three_Public ").map(|k| k.name),
            Some("three_public")
        );
        assert!(find_by_sheet_name("Sheet1").is_none());
        assert_eq!(
            find_by_sheet_name("claims (元)").map(|k| k.name),
            Some("claims")
        );
        assert_eq!(
            find_by_sheet_name("支出（2）").map(|k| k.name),
            Some("expenditures")
        );
        assert_eq!(
            find_by_sheet_name("three_public (元) (2)").map(|k| k.name),
            Some("three_public")
        );
        assert!(find_by_sheet_name("(元)").is_none());
        assert!(find_by_sheet_name("“三公”经费").is_some());
    }

    #[test]
    fn suggests_close_names_only() {
        let names = KINDS.iter().map(|k| k.name);
        assert_eq!(suggest("three_publc", names.clone()), Some("three_public"));
        assert_eq!(suggest("expenditure", names.clone()), Some("expenditures"));
        assert_eq!(suggest("zzz", names), None);
        assert_eq!(suggest("决算", ["决算数", "年初预算数"]), Some("决算数"));
    }
}

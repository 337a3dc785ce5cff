//! Closed vocabularies: funds, income sources, "三公" categories, evaluation
//! methods and grades.
//!
//! A cell may name a term by its English id or by any of its Chinese names;
//! the database stores the id, and `schema.sql` holds the same ids with their
//! labels in small lookup tables (a test keeps the two in step).

use crate::model::value::fold_for_matching;

/// One term: the id stored in the database and the names a cell may use.
#[derive(Debug)]
pub struct Term {
    pub id: &'static str,
    /// Chinese names; the first is the label reports print.
    pub names: &'static [&'static str],
}

/// A closed set of terms, e.g. the funds an expenditure table can cover.
#[derive(Debug)]
pub struct Vocabulary {
    /// What the terms are, for messages ("fund", "category", ...).
    pub what: &'static str,
    /// The lookup table in `schema.sql` with the same ids.
    pub table: &'static str,
    pub terms: &'static [Term],
}

impl Vocabulary {
    /// The term a cell names, matched ignoring case, surrounding spaces and
    /// full-width vs half-width brackets.
    pub fn find(&self, text: &str) -> Option<&'static Term> {
        // Most cells spell an id or name exactly: no folding needed.
        let exact = self
            .terms
            .iter()
            .find(|term| term.id == text || term.names.contains(&text));
        if exact.is_some() {
            return exact;
        }
        let folded = fold_for_matching(text);
        self.terms.iter().find(|term| {
            fold_for_matching(term.id) == folded
                || term
                    .names
                    .iter()
                    .any(|name| fold_for_matching(name) == folded)
        })
    }

    /// `id (名称), ...` for error messages.
    pub fn listing(&self) -> String {
        self.terms
            .iter()
            .map(|t| match t.names.first() {
                Some(name) => format!("{} ({})", t.id, name),
                None => t.id.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The term with this id; ids are the constants below, so a miss is a
    /// programming error that tests catch.
    pub fn label(&self, id: &str) -> &'static str {
        self.terms
            .iter()
            .find(|t| t.id == id)
            .and_then(|t| t.names.first().copied())
            .unwrap_or("")
    }
}

pub static FUNDS: Vocabulary = Vocabulary {
    what: "fund",
    table: "funds",
    terms: &[
        Term {
            id: "all",
            names: &["全部资金", "合计"],
        },
        Term {
            id: "fiscal",
            names: &["财政拨款", "财政拨款资金"],
        },
        Term {
            id: "general",
            names: &["一般公共预算财政拨款", "一般公共预算"],
        },
        Term {
            id: "gov_fund",
            names: &["政府性基金预算财政拨款", "政府性基金预算"],
        },
        Term {
            id: "state_capital",
            names: &["国有资本经营预算财政拨款", "国有资本经营预算"],
        },
    ],
};

pub static INCOME_SOURCES: Vocabulary = Vocabulary {
    what: "income source",
    table: "income_sources",
    terms: &[
        Term {
            id: "fiscal",
            names: &["财政拨款收入", "财政拨款"],
        },
        Term {
            id: "superior",
            names: &["上级补助收入", "上级补助"],
        },
        Term {
            id: "business",
            names: &["事业收入"],
        },
        Term {
            id: "operating",
            names: &["经营收入"],
        },
        Term {
            id: "affiliated",
            names: &["附属单位上缴收入", "附属单位上缴"],
        },
        Term {
            id: "other",
            names: &["其他收入"],
        },
        // The three parts of fiscal, as 收入支出决算总表 prints them: an
        // income row of one of them is part of the fiscal row, not beside it.
        Term {
            id: "general",
            names: &["一般公共预算财政拨款收入", "一般公共预算财政拨款"],
        },
        Term {
            id: "gov_fund",
            names: &["政府性基金预算财政拨款收入", "政府性基金预算财政拨款"],
        },
        Term {
            id: "state_capital",
            names: &["国有资本经营预算财政拨款收入", "国有资本经营预算财政拨款"],
        },
    ],
};

/// The income sources that are parts of `fiscal` (财政拨款收入).
pub const FISCAL_PARTS: [&str; 3] = ["general", "gov_fund", "state_capital"];

/// The funds with accounts of their own (`fund_accounts.fund`): every fund
/// but `all`, which is not a fiscal fund.
pub const ACCOUNT_FUNDS: [&str; 4] = ["fiscal", "general", "gov_fund", "state_capital"];

/// The "三公" total of the three parts where a report gives only it.
pub const VEHICLE: &str = "vehicle";
/// The two parts `vehicle` stands for.
pub const VEHICLE_PARTS: [&str; 2] = ["vehicle_purchase", "vehicle_operation"];

pub static THREE_PUBLIC_CATEGORIES: Vocabulary = Vocabulary {
    what: "category",
    table: "three_public_categories",
    terms: &[
        Term {
            id: "outbound",
            names: &[
                "因公出国（境）费",
                "因公出国（境）费用",
                "因公出国（境）支出",
            ],
        },
        Term {
            id: "vehicle",
            names: &["公务用车购置及运行维护费", "公务用车购置及运行费"],
        },
        Term {
            id: "vehicle_purchase",
            names: &["公务用车购置费", "公务用车购置"],
        },
        Term {
            id: "vehicle_operation",
            names: &["公务用车运行维护费", "公务用车运行费"],
        },
        Term {
            id: "reception",
            names: &["公务接待费", "公务接待费支出"],
        },
    ],
};

pub static EVALUATION_METHODS: Vocabulary = Vocabulary {
    what: "evaluation method",
    table: "evaluation_methods",
    terms: &[
        Term {
            id: "self",
            names: &["自评", "绩效自评"],
        },
        Term {
            id: "department",
            names: &["部门评价"],
        },
        Term {
            id: "finance",
            names: &["财政评价", "财政重点评价"],
        },
        Term {
            id: "overall",
            names: &["整体支出评价", "部门整体支出绩效评价"],
        },
    ],
};

/// Grades are stored by their Chinese name; the id is the name.
pub static GRADES: Vocabulary = Vocabulary {
    what: "grade",
    table: "grades",
    terms: &[
        Term {
            id: "优",
            names: &["优", "优秀"],
        },
        Term {
            id: "良",
            names: &["良", "良好"],
        },
        Term {
            id: "中",
            names: &["中", "中等"],
        },
        Term {
            id: "差",
            names: &["差", "较差"],
        },
    ],
};

/// The standard tables of a 部门决算 (`disclosures.table`), stored by their
/// standard title, as grades are; `standard_tables` holds them with their
/// order and whether a report is expected to carry them.
pub static STANDARD_TABLES: Vocabulary = Vocabulary {
    what: "standard table",
    table: "standard_tables",
    terms: &[
        Term {
            id: "收入支出决算总表",
            names: &[
                "收入支出决算总表",
                "部门收支决算总表",
                "收支决算总表",
                "部门收入支出决算总表",
            ],
        },
        Term {
            id: "收入决算表",
            names: &["收入决算表", "部门收入决算表"],
        },
        Term {
            id: "支出决算表",
            names: &["支出决算表", "部门支出决算表"],
        },
        Term {
            id: "财政拨款收入支出决算总表",
            names: &["财政拨款收入支出决算总表", "财政拨款收支决算总表"],
        },
        Term {
            id: "一般公共预算财政拨款支出决算表",
            names: &[
                "一般公共预算财政拨款支出决算表",
                "一般公共预算财政拨款支出决算明细表",
            ],
        },
        Term {
            id: "一般公共预算财政拨款基本支出决算表",
            names: &[
                "一般公共预算财政拨款基本支出决算表",
                "一般公共预算财政拨款基本支出决算明细表",
            ],
        },
        Term {
            id: "财政拨款“三公”经费支出决算表",
            names: &[
                "财政拨款“三公”经费支出决算表",
                "财政拨款\"三公\"经费支出决算表",
                "财政拨款三公经费支出决算表",
                "一般公共预算财政拨款“三公”经费支出决算表",
                "一般公共预算财政拨款\"三公\"经费支出决算表",
                "“三公”经费支出决算表",
            ],
        },
        Term {
            id: "政府性基金预算财政拨款收入支出决算表",
            names: &[
                "政府性基金预算财政拨款收入支出决算表",
                "政府性基金预算财政拨款支出决算表",
                "政府性基金预算财政拨款收支决算表",
            ],
        },
        Term {
            id: "国有资本经营预算财政拨款收入支出决算表",
            names: &[
                "国有资本经营预算财政拨款收入支出决算表",
                "国有资本经营预算财政拨款支出决算表",
                "国有资本经营预算财政拨款收支决算表",
            ],
        },
        Term {
            id: "国有资产占用情况表",
            names: &["国有资产占用情况表"],
        },
        Term {
            id: "机关运行经费支出决算表",
            names: &["机关运行经费支出决算表", "机关运行经费支出情况表"],
        },
        Term {
            id: "政府采购情况表",
            names: &["政府采购情况表", "政府采购支出情况表"],
        },
    ],
};

/// How many of [`STANDARD_TABLES`], from the first, a report is expected
/// to carry: the nine most reports publish (the others only some add).
pub const CORE_STANDARD_TABLES: usize = 9;

/// Whether a standard table is printed, printed empty, or left out.
pub static DISCLOSURE_STATUSES: Vocabulary = Vocabulary {
    what: "status",
    table: "disclosure_statuses",
    terms: &[
        Term {
            id: "present",
            names: &["已公开", "有数据"],
        },
        Term {
            id: "empty",
            names: &["无数据", "本表无数据", "空表"],
        },
        Term {
            id: "missing",
            names: &["未公开", "缺失"],
        },
    ],
};

/// What a `texts` row is: the publication's lines its consistency rules read.
pub static TEXT_ROLES: Vocabulary = Vocabulary {
    what: "text role",
    table: "text_roles",
    terms: &[
        Term {
            id: "title",
            names: &["封面标题"],
        },
        Term {
            id: "heading",
            names: &["章节标题"],
        },
        Term {
            id: "contents",
            names: &["目录"],
        },
        Term {
            id: "table_title",
            names: &["表格标题"],
        },
        Term {
            id: "sentence",
            names: &["语句"],
        },
        Term {
            id: "comparison",
            names: &["预决算比较"],
        },
    ],
};

/// How a sentence compares a 决算数 with a 预算数 in words.
pub static RELATIONS: Vocabulary = Vocabulary {
    what: "relation",
    table: "relations",
    terms: &[
        Term {
            id: "greater",
            names: &["大于", "超过", "高于", "多于"],
        },
        Term {
            id: "less",
            names: &["小于", "低于", "少于"],
        },
        Term {
            id: "equal",
            names: &["等于", "持平", "相等", "一致", "相同"],
        },
    ],
};

/// The grade a score earns: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60.
pub fn grade_for_score(score: f64) -> &'static str {
    if score >= 90.0 {
        "优"
    } else if score >= 80.0 {
        "良"
    } else if score >= 60.0 {
        "中"
    } else {
        "差"
    }
}

/// Every vocabulary, for the schema consistency test and the docs.
pub static ALL: [&Vocabulary; 9] = [
    &FUNDS,
    &INCOME_SOURCES,
    &THREE_PUBLIC_CATEGORIES,
    &EVALUATION_METHODS,
    &GRADES,
    &STANDARD_TABLES,
    &DISCLOSURE_STATUSES,
    &TEXT_ROLES,
    &RELATIONS,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_terms_by_id_or_chinese_name() {
        assert_eq!(FUNDS.find("fiscal").map(|t| t.id), Some("fiscal"));
        assert_eq!(FUNDS.find(" 财政拨款 ").map(|t| t.id), Some("fiscal"));
        assert_eq!(
            THREE_PUBLIC_CATEGORIES.find("因公出国(境)费").map(|t| t.id),
            Some("outbound")
        );
        assert_eq!(
            THREE_PUBLIC_CATEGORIES.find("Reception").map(|t| t.id),
            Some("reception")
        );
        assert!(THREE_PUBLIC_CATEGORIES.find("会议费").is_none());
    }

    #[test]
    fn grades_follow_the_thresholds() {
        assert_eq!(grade_for_score(100.0), "优");
        assert_eq!(grade_for_score(90.0), "优");
        assert_eq!(grade_for_score(89.99), "良");
        assert_eq!(grade_for_score(80.0), "良");
        assert_eq!(grade_for_score(60.0), "中");
        assert_eq!(grade_for_score(59.5), "差");
    }
}

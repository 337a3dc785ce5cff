//! The one place that names a subject for a reader: a claim metric
//! (`econ:310`, `three_public:outbound`, `evaluations:self`), a functional
//! or economic code, a reports column, or a formula over reports columns,
//! in the words a report prints (资本性支出 (310), 因公出国（境）费,
//! 自评项目资金). Chinese names come from the vocabularies, the
//! classifications and the kinds' column aliases; nothing is translated
//! twice. In English the id stays first and the report's name follows, as
//! the report has no English names.

use crate::model::classes::{economic_class_name, function_class_name};
use crate::model::kinds::{FUND_FIELDS, REPORT_AMOUNTS};
use crate::model::metric::{Metric, BASIC_PARTS};
use crate::model::vocab::{EVALUATION_METHODS, FUNDS, INCOME_SOURCES, THREE_PUBLIC_CATEGORIES};

/// The language of text for a reader (terminal output); ids, rule names
/// and field names of csv/json stay English whatever it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// The Chinese name of a `reports` amount column or another column name
/// check speaks of (staff counts, procurement parts).
pub fn column(name: &str) -> Option<&'static str> {
    const OTHERS: [(&str, &str); 14] = [
        ("staff_total", "年末职工人数"),
        ("staff_active", "在职人员"),
        ("staff_retired", "离休人员"),
        ("total", "合计"),
        ("goods", "货物"),
        ("works", "工程"),
        ("services", "服务"),
        ("sme", "授予中小企业合同金额"),
        ("small_micro", "授予小微企业合同金额"),
        ("basic", "基本支出"),
        ("project", "项目支出"),
        ("budget_initial", "年初预算数"),
        ("budget_full_year", "全年预算数"),
        ("executed", "全年执行数"),
    ];
    REPORT_AMOUNTS
        .iter()
        .chain(OTHERS.iter())
        .find(|(n, _)| *n == name)
        .map(|(_, label)| *label)
}

/// A code with its name where the classification gives one:
/// "社会保障和就业支出 (208)" or, for a code below a 类, just the code.
fn code(code: &str, economic: bool) -> String {
    let name = if economic {
        economic_class_name(code)
    } else {
        function_class_name(code)
    };
    match name {
        Some(name) => format!("{name} ({code})"),
        None => code.to_string(),
    }
}

/// What a metric is about, in Chinese.
fn metric_zh(metric: &Metric) -> String {
    match metric {
        Metric::Report(name) => column(name).unwrap_or(name).to_string(),
        Metric::Income(None) => "本年收入合计".into(),
        Metric::Income(Some(source)) => INCOME_SOURCES.label(source).into(),
        Metric::Function(None) => "财政拨款支出".into(),
        Metric::Function(Some(c)) => format!("财政拨款支出 {}", code(c, false)),
        Metric::FunctionOf(c, fund) => format!("{}支出 {}", FUNDS.label(fund), code(c, false)),
        Metric::Fund(fund, field) => {
            let field = FUND_FIELDS
                .iter()
                .find(|(n, _)| n == field)
                .map_or(*field, |(_, l)| *l);
            format!("{} {field}", FUNDS.label(fund))
        }
        Metric::Basic(part) => BASIC_PARTS
            .iter()
            .find(|(n, _, _)| n == part)
            .map_or(part.to_string(), |(_, l, _)| l.to_string()),
        Metric::Econ(None) => "一般公共预算财政拨款基本支出".into(),
        Metric::Econ(Some(c)) => code(c, true),
        Metric::ThreePublic(None) => "“三公”经费".into(),
        Metric::ThreePublic(Some(category)) => THREE_PUBLIC_CATEGORIES.label(category).into(),
        Metric::Procurement(None) => "政府采购支出总额".into(),
        Metric::Procurement(Some(part)) => column(part).unwrap_or(part).to_string(),
        Metric::Evaluations(method) => format!("{}项目资金", EVALUATION_METHODS.label(method)),
        Metric::Evaluation(project) => format!("{project} 项目资金"),
    }
}

/// The Chinese of one id a rule writes in its subjects and cases: a
/// column (`income_total`, `reports.income_total`), a metric
/// (`econ:310`), a table's kind, a fund, an income source or a 三公
/// category. None for any other word.
pub fn word(word: &str) -> Option<String> {
    const KIND_WORDS: [(&str, &str); 8] = [
        ("reports", "收入支出决算总表"),
        ("fund_accounts", "财政拨款收支"),
        ("three_public", "“三公”经费"),
        ("procurement", "政府采购"),
        ("income", "收入"),
        ("economic", "经济分类"),
        ("sources", "各来源"),
        ("executed", "全年执行数"),
    ];
    if let Some(name) = word.strip_prefix("reports.") {
        return column(name).map(str::to_string);
    }
    if word.contains(':') {
        return Metric::parse(word).ok().map(|m| metric_zh(&m));
    }
    if let Some(label) = column(word) {
        return Some(label.to_string());
    }
    if let Some((_, zh)) = KIND_WORDS
        .iter()
        .chain(FUND_FIELDS.iter())
        .find(|(id, _)| *id == word)
    {
        return Some(zh.to_string());
    }
    // An id of a fund first (财政拨款, not 财政拨款收入: a fund's name reads
    // right beside an income source too), then the sources and categories
    // that are not funds.
    [&FUNDS, &INCOME_SOURCES, &THREE_PUBLIC_CATEGORIES]
        .iter()
        .find_map(|vocabulary| vocabulary.find(word).filter(|t| t.id == word))
        .map(|term| term.names[0].to_string())
}

/// `text` with every id in it (a run of ASCII letters, digits, `_`, `.`
/// and `:`) that [`word`] knows put in Chinese, and whether any was.
pub fn ids_zh(text: &str) -> (String, bool) {
    let is_id = |c: char| c.is_ascii_alphanumeric() || "_.:".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut any = false;
    let mut rest = text;
    while let Some(start) = rest.find(is_id) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let end = run.find(|c: char| !is_id(c)).unwrap_or(run.len());
        // A sentence's full stop or a code's colon is not part of the id.
        let id = run[..end].trim_end_matches(['.', ':']);
        match word(id) {
            Some(zh) if !id.is_empty() => {
                any = true;
                out.push_str(&zh);
                rest = &run[id.len()..];
            }
            // Not an id: the whole run as it is (".", "p.13", "2020").
            _ => {
                out.push_str(&run[..end]);
                rest = &run[end..];
            }
        }
    }
    out.push_str(rest);
    (out, any)
}

/// Replaces each id of a formula (`income_total = carryover_begin +
/// income_current`, `fund_accounts general basic = Σ 类 basic (general)`)
/// by its Chinese name; None when no word is one.
fn formula_zh(text: &str) -> Option<String> {
    let (zh, any) = ids_zh(text);
    any.then_some(zh)
}

/// A check subject for a reader: a metric, a code (with its column and
/// fund: `208 total (fiscal)`), a category, or a formula.
pub fn subject(text: &str, lang: Lang) -> String {
    let zh = zh_subject(text);
    match (lang, zh) {
        (Lang::Zh, Some(zh)) => zh,
        (Lang::En, Some(zh)) if zh != text => format!("{text}: {zh}"),
        _ => text.to_string(),
    }
}

fn zh_subject(text: &str) -> Option<String> {
    // `CODE COLUMN (FUND)`, as hierarchy findings name a figure.
    let words: Vec<&str> = text.split(' ').collect();
    if let [c, column_name, fund] = words.as_slice() {
        if c.bytes().all(|b| b.is_ascii_digit()) {
            let fund = fund.trim_start_matches('(').trim_end_matches(')');
            let fund = FUNDS.find(fund).map_or(fund, |t| t.names[0]);
            let column_name = column(column_name).unwrap_or(column_name);
            return Some(format!("{} {column_name} ({fund})", code(c, false)));
        }
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(code(text, false));
    }
    // `ROLE p.N`, as the consistency rules name a line of the publication.
    if let Some(role) = crate::model::vocab::TEXT_ROLES
        .find(words[0])
        .filter(|t| t.id == words[0])
    {
        let page = words.get(1).and_then(|p| p.strip_prefix("p."));
        return Some(match (words.len(), page) {
            (1, _) => role.names[0].to_string(),
            (2, Some(page)) => format!("{} 第{page}页", role.names[0]),
            _ => return None,
        });
    }
    if text.contains(' ') {
        return formula_zh(text);
    }
    Metric::parse(text).ok().map(|m| metric_zh(&m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_in_the_words_reports_print() {
        let zh = |s: &str| subject(s, Lang::Zh);
        assert_eq!(zh("econ:310"), "资本性支出 (310)");
        assert_eq!(zh("three_public:outbound"), "因公出国（境）费");
        assert_eq!(zh("evaluations:self"), "自评项目资金");
        assert_eq!(zh("income_total"), "收入总计");
        assert_eq!(zh("function:208"), "财政拨款支出 社会保障和就业支出 (208)");
        assert_eq!(zh("three_public"), "“三公”经费");
        assert_eq!(
            zh("income_total = carryover_begin + income_current"),
            "收入总计 = 上年结转和结余 + 本年收入合计"
        );
        assert_eq!(
            zh("208 total (fiscal)"),
            "社会保障和就业支出 (208) 合计 (财政拨款)"
        );
        assert_eq!(zh("2080101"), "2080101");
        assert_eq!(zh("heading p.17"), "章节标题 第17页");
        assert_eq!(zh("contents"), "目录");
        assert_eq!(zh("something else"), "something else");
        assert_eq!(subject("econ:310", Lang::En), "econ:310: 资本性支出 (310)");
        assert_eq!(
            zh("reports.income_current = Σ income sources"),
            "本年收入合计 = Σ 收入 各来源"
        );
        assert_eq!(
            zh("fund_accounts general basic = Σ 类 basic (general)"),
            "财政拨款收支 一般公共预算财政拨款 基本支出 = Σ 类 基本支出 (一般公共预算财政拨款)"
        );
        assert_eq!(zh("income superior = Σ 类"), "收入 上级补助收入 = Σ 类");
        assert_eq!(ids_zh("… (±0.01). p.13: x").0, "… (±0.01). p.13: x");
        assert_eq!(ids_zh("reports.income_total.").0, "收入总计.");
    }
}

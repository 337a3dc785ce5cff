//! The publication's own lines, for the rules that test it against itself
//! (`check`'s consistency.* and completeness.contents): the cover's title,
//! every heading, each entry of the 目录 (table of contents), each table
//! title of the body, the sentences that date a figure (`截至2024年12月31日`)
//! or hold a template placeholder, and each sentence that compares a 决算数
//! with a 预算数 in words (`决算数小于预算数的主要原因…`) with the two
//! figures it compares.
//!
//! Nothing here judges: a line is kept as printed, and `check` decides.
//! A comparison's figures are recorded only when it is certain which they
//! are: the paragraph, up to the comparison, states exactly one 决算数 and
//! exactly one 预算数 of the kind the words name (年初 / 全年 / 调整); a
//! paragraph that states a 年初预算 and a 全年预算 and then compares with
//! the bare 预算数 gets no figures.

use super::document::{squeeze, Document, Sentence};
use super::scan::{self, Unit};
use crate::extract::model::{PublicationText, Stated};
use crate::model::texts::{dated_years, has_placeholder, is_standard_table, table_id};
use crate::model::value::normalize;
use crate::model::vocab::RELATIONS;

/// The longest 目录 this reader accepts, in lines.
const CONTENTS_LIMIT: usize = 120;

/// Every line of `raw` (as [`Document::parse`] splits it) and what the
/// consistency rules need of it, in the order printed.
pub fn read(raw: &str, doc: &Document) -> Vec<PublicationText> {
    let pages = pages_of_lines(raw);
    let page = |line: usize| pages.as_ref().and_then(|p| p.get(line).copied());
    let contents = contents(doc);
    let body_start = contents.as_ref().map_or(0, |c| c.end);
    // (line, order within the line, text)
    let mut found: Vec<(usize, usize, PublicationText)> = Vec::new();
    let mut keep = |line: usize, role: &'static str, text: String| {
        found.push((line, 0, text_row(role, page(line), text)));
    };

    if let Some((line, title)) = title(doc, contents.as_ref().map(|c| c.marker)) {
        keep(line, "title", title);
    }
    if let Some(contents) = &contents {
        for (line, entry) in &contents.entries {
            keep(*line, "contents", entry.clone());
        }
    }
    let listed: Vec<String> = contents
        .iter()
        .flat_map(|c| c.entries.iter())
        .filter_map(|(_, entry)| table_id(entry))
        .collect();
    let mut table_lines = Vec::new();
    for (index, line) in doc.lines.iter().enumerate().skip(body_start) {
        let compact = squeeze(line);
        let Some(id) = table_id(&compact) else {
            continue;
        };
        if is_standard_table(&compact) || listed.contains(&id) {
            table_lines.push(index);
            keep(index, "table_title", compact);
        }
    }
    // A table's rows (`一、一般公共预算财政拨款收入`) read like headings: a
    // heading after a table title and before the next part is one of them.
    let mut in_table = false;
    let mut titles = table_lines.iter().peekable();
    for heading in &doc.headings {
        while titles.next_if(|t| **t <= heading.line).is_some() {
            in_table = true;
        }
        if heading.part {
            in_table = false;
        }
        let inside_contents = contents
            .as_ref()
            .is_some_and(|c| (c.marker..c.end).contains(&heading.line));
        if !inside_contents && !in_table && !table_lines.contains(&heading.line) {
            let mut printed = squeeze(&doc.lines[heading.line]);
            if part_number(&printed).is_some_and(|_| printed.ends_with("部分")) {
                printed.push_str(&part_title(doc, heading.line));
            }
            keep(heading.line, "heading", printed);
        }
    }

    let mut order = 1;
    for (index, sentence) in doc.sentences.iter().enumerate() {
        if sentence.line < body_start {
            continue;
        }
        let line = sentence.line;
        if let Some(comparison) = comparison(doc, index) {
            found.push((line, order, comparison.with_page(page(line))));
        } else if !dated_years(&sentence.folded).is_empty() || has_placeholder(&sentence.text) {
            found.push((
                line,
                order,
                text_row("sentence", page(line), sentence.text.clone()),
            ));
        }
        order += 1;
    }
    found.sort_by_key(|(line, order, _)| (*line, *order));
    found.into_iter().map(|(_, _, text)| text).collect()
}

fn text_row(role: &'static str, page: Option<u32>, text: String) -> PublicationText {
    PublicationText {
        role,
        page,
        text,
        relation: None,
        actual: None,
        budget: None,
    }
}

impl PublicationText {
    fn with_page(mut self, page: Option<u32>) -> PublicationText {
        self.page = page;
        self
    }
}

/// The page (1-based) of each line, when the input has page breaks (form
/// feeds, as pdftotext writes them); lines split as [`Document::parse`]
/// splits them.
fn pages_of_lines(raw: &str) -> Option<Vec<u32>> {
    if !raw.contains('\u{c}') {
        return None;
    }
    let mut pages = vec![1];
    let mut page = 1;
    for c in raw.chars() {
        match c {
            '\n' | '\r' => pages.push(page),
            '\u{c}' => {
                page += 1;
                pages.push(page);
            }
            _ => {}
        }
    }
    Some(pages)
}

/// Where the 目录 is: its marker line, its entries, and the first line
/// after it.
struct Contents {
    marker: usize,
    entries: Vec<(usize, String)>,
    end: usize,
}

/// The 目录: a line `目录` (or `目` and `录` on two lines), then entry lines
/// until the body starts: a part heading numbered again from the start, an
/// entry printed a second time, or a line of prose.
fn contents(doc: &Document) -> Option<Contents> {
    let lines: Vec<(usize, String)> = doc
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i, squeeze(l)))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let head = lines
        .iter()
        .take(40)
        .position(|(_, l)| l == "目录" || l == "目次")
        .map(|p| (p, 1))
        .or_else(|| {
            lines
                .windows(2)
                .take(40)
                .position(|w| w[0].1 == "目" && w[1].1 == "录")
                .map(|p| (p, 2))
        })?;
    let (at, width) = head;
    let marker = lines[at].0;
    let mut entries: Vec<(usize, String)> = Vec::new();
    let mut last_part = 0;
    let mut end = doc.lines.len();
    for (index, line) in lines.iter().skip(at + width).take(CONTENTS_LIMIT) {
        let entry = strip_leaders(line);
        if entry.is_empty() {
            continue;
        }
        let prose = entry.chars().count() > 40 || entry.contains(['，', '。', '；', ',', ';']);
        let part = part_number(&entry);
        let restarts = part.is_some_and(|n| n <= last_part);
        let repeated = entries.iter().any(|(_, e)| *e == entry);
        if prose || restarts || repeated {
            end = *index;
            break;
        }
        if let Some(n) = part {
            last_part = n;
        }
        entries.push((*index, entry));
    }
    if entries.is_empty() {
        return None;
    }
    Some(Contents {
        marker,
        entries,
        end,
    })
}

/// An entry without its dot leaders and page number (`一、收入决算表……3`).
fn strip_leaders(line: &str) -> String {
    let trimmed = line.trim_end_matches(|c: char| c.is_ascii_digit());
    let trimmed = trimmed.trim_end_matches(['…', '.', '·', '．', '-', '—', '_']);
    if trimmed.len() < line.len() && trimmed.chars().count() >= 2 {
        trimmed.to_string()
    } else if line.chars().all(|c| c.is_ascii_digit()) {
        String::new()
    } else {
        line.to_string()
    }
}

const NUMERALS: &str = "一二三四五六七八九十";

/// The number of a part heading `第三部分…`.
fn part_number(line: &str) -> Option<u32> {
    let rest = line.strip_prefix('第')?;
    let numeral: String = rest.chars().take_while(|c| NUMERALS.contains(*c)).collect();
    if numeral.is_empty() || !rest[numeral.len()..].starts_with("部分") {
        return None;
    }
    chinese_number(&numeral)
}

/// 一 … 九十九.
fn chinese_number(numeral: &str) -> Option<u32> {
    let digit = |c: char| NUMERALS.chars().position(|n| n == c).map(|p| p as u32 + 1);
    let chars: Vec<char> = numeral.chars().collect();
    match chars.as_slice() {
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// The title of a part whose heading stands alone (`第一部分` on its own
/// line, `某局概况` on the next): the next line, when it reads as a title.
fn part_title(doc: &Document, line: usize) -> String {
    let next = doc.lines[line + 1..]
        .iter()
        .map(|l| squeeze(l))
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let is_heading = doc.headings.iter().any(|h| h.text == normalize(&next));
    let reads_as_title = next.chars().count() <= 40 && !next.contains(['，', '。', '；', ',', ';']);
    if reads_as_title && !is_heading {
        next
    } else {
        String::new()
    }
}

/// The cover's title: the lines before the 目录 (or before the first
/// heading), when they name a 决算.
fn title(doc: &Document, contents_marker: Option<usize>) -> Option<(usize, String)> {
    let first_heading = doc.headings.first().map_or(doc.lines.len(), |h| h.line);
    let stop = contents_marker.unwrap_or(first_heading).min(first_heading);
    let lines: Vec<(usize, String)> = doc.lines[..stop.min(doc.lines.len())]
        .iter()
        .enumerate()
        .map(|(i, l)| (i, squeeze(l)))
        .filter(|(_, l)| !l.is_empty())
        .take(6)
        .collect();
    let text: String = lines.iter().map(|(_, l)| l.as_str()).collect();
    (text.contains("决算") && text.chars().count() <= 80).then(|| (lines[0].0, text))
}

/// Which 预算 a comparison or a figure names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Budget {
    /// `预算数` alone.
    Bare,
    Initial,
    FullYear,
    Adjusted,
}

/// The comparison a sentence states in words, with its figures when
/// certain; `None` when it states none.
fn comparison(doc: &Document, index: usize) -> Option<PublicationText> {
    let sentence = &doc.sentences[index];
    let (at, relation, budget) = relation_words(&sentence.folded)?;
    let mut actuals = Vec::new();
    let mut budgets = Vec::new();
    let same_paragraph = doc.sentences[..=index]
        .iter()
        .rev()
        .take_while(|s| s.paragraph == sentence.paragraph);
    for earlier in same_paragraph {
        let limit = if std::ptr::eq(earlier, sentence) {
            at
        } else {
            usize::MAX
        };
        marked_figures(earlier, limit, &mut actuals, &mut budgets);
    }
    let actual = match actuals.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    let candidates: Vec<Stated> = budgets
        .iter()
        .filter(|(kind, _)| budget == Budget::Bare || *kind == budget)
        .map(|(_, amount)| *amount)
        .collect();
    let budget = match candidates.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    Some(PublicationText {
        role: "comparison",
        page: None,
        text: sentence.text.clone(),
        relation: Some(relation),
        actual,
        budget,
    })
}

/// The relation words of a folded sentence: their char position, the
/// `RELATIONS` id, and which 预算 they name. `决算数小于预算数`,
/// `决算数与全年预算数持平`; `基本持平` states no exact relation.
fn relation_words(folded: &str) -> Option<(usize, &'static str, Budget)> {
    for (byte, _) in folded.match_indices("决算") {
        let rest = &folded[byte + "决算".len()..];
        let after_actual = rest.strip_prefix('数').unwrap_or(rest);
        let at = || folded[..byte].chars().count();
        // 决算数大于(年初)预算数
        for term in RELATIONS.terms.iter().filter(|t| t.id != "equal") {
            for word in term.names {
                if let Some(budget) = after_actual.strip_prefix(word).and_then(budget_named) {
                    return Some((at(), term.id, budget));
                }
            }
        }
        // 决算数与(全年)预算数持平
        let Some(tail) = after_actual
            .strip_prefix('与')
            .or_else(|| after_actual.strip_prefix('和'))
        else {
            continue;
        };
        let Some(budget) = budget_named(tail) else {
            continue;
        };
        let after_budget = tail.split_once("预算").map_or("", |(_, a)| a);
        let after_budget = after_budget.strip_prefix('数').unwrap_or(after_budget);
        let equal = RELATIONS
            .find("equal")
            .is_some_and(|t| t.names.iter().any(|w| after_budget.starts_with(w)));
        if equal {
            return Some((at(), "equal", budget));
        }
    }
    None
}

/// `预算数…`, `年初预算数…`, `全年预算…`, `调整预算…` at the start of `tail`.
fn budget_named(tail: &str) -> Option<Budget> {
    for (prefix, budget) in [
        ("年初预算", Budget::Initial),
        ("全年预算", Budget::FullYear),
        ("调整后预算", Budget::Adjusted),
        ("调整预算", Budget::Adjusted),
        ("预算", Budget::Bare),
    ] {
        if tail.starts_with(prefix) {
            return Some(budget);
        }
    }
    None
}

/// The amounts of a sentence (before char `limit`) that a 决算 or 预算
/// marker introduces: `支出决算为307.82万元`, `全年预算为321.02万元`.
fn marked_figures(
    sentence: &Sentence,
    limit: usize,
    actuals: &mut Vec<Stated>,
    budgets: &mut Vec<(Budget, Stated)>,
) {
    let chars: Vec<char> = sentence.folded.chars().collect();
    let mut previous_end = 0;
    for token in scan::tokens(&sentence.folded) {
        if token.start >= limit {
            break;
        }
        let lead: String = chars[previous_end.min(token.start)..token.start]
            .iter()
            .collect();
        previous_end = token.end;
        let (Unit::Money(_), Some(amount)) = (token.unit, token.stated()) else {
            continue;
        };
        match marker(&lead) {
            Some(None) => actuals.push(amount),
            Some(Some(budget)) => budgets.push((budget, amount)),
            None => {}
        }
    }
}

/// What the words before an amount introduce: `Some(None)` a 决算数,
/// `Some(Some(kind))` a 预算数 of that kind. Fund names that end in 预算
/// (一般公共预算, 政府性基金预算, 国有资本经营预算) are not budgets.
fn marker(lead: &str) -> Option<Option<Budget>> {
    let core = lead.trim_end_matches(['为', '是', ':', '共', '计', '合']);
    if core.ends_with("决算数") || core.ends_with("决算") {
        return Some(None);
    }
    let stem = core
        .strip_suffix("预算数")
        .or_else(|| core.strip_suffix("预算"))?;
    if stem.ends_with("公共") || stem.ends_with("基金") || stem.ends_with("经营") {
        return None;
    }
    let kind = if stem.ends_with("年初") {
        Budget::Initial
    } else if stem.ends_with("全年") {
        Budget::FullYear
    } else if stem.ends_with("调整") || stem.ends_with("调整后") {
        Budget::Adjusted
    } else {
        Budget::Bare
    };
    Some(Some(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(raw: &str) -> Vec<PublicationText> {
        read(raw, &Document::parse(raw))
    }

    #[test]
    fn contents_end_where_the_parts_start_again() {
        let raw = "某局\n2024年度部门决算\n目\n录\n第一部分 某局概况\n第二部分 2024年度部门决算表\n一、收入支出决算总表\n二、收入决算表……5\n第一部分\n某局概况\n一、主要职能\n某局负责全市的某项工作，主要职责是。\n收入支出决算总表\n";
        let found = texts(raw);
        let roles: Vec<(&str, &str)> = found.iter().map(|t| (t.role, t.text.as_str())).collect();
        assert_eq!(
            roles,
            [
                ("title", "某局2024年度部门决算"),
                ("contents", "第一部分某局概况"),
                ("contents", "第二部分2024年度部门决算表"),
                ("contents", "一、收入支出决算总表"),
                ("contents", "二、收入决算表"),
                ("heading", "第一部分某局概况"),
                ("heading", "一、主要职能"),
                ("table_title", "收入支出决算总表"),
            ]
        );
    }

    #[test]
    fn a_comparison_gets_the_figures_it_certainly_names() {
        let raw = "一、情况\n全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%。决算数小于全年预算数的主要原因：人员变动。\n";
        let found = texts(raw);
        let comparison = found.iter().find(|t| t.role == "comparison").unwrap();
        assert_eq!(comparison.relation, Some("less"));
        assert_eq!(comparison.actual.map(|a| a.fen), Some(51_320_000));
        assert_eq!(comparison.budget.map(|a| a.fen), Some(52_000_000));
    }

    #[test]
    fn a_bare_budget_after_two_kinds_of_budget_gets_none() {
        let raw = "一、情况\n一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。决算数小于预算数的主要原因：人员经费支出数小于预算数。\n";
        let found = texts(raw);
        let comparison = found.iter().find(|t| t.role == "comparison").unwrap();
        assert_eq!(comparison.actual.map(|a| a.fen), Some(307_820_000));
        assert_eq!(comparison.budget, None);
        let raw =
            "一、情况\n全年预算为202.24万元，支出决算为202.24万元。决算数与全年预算数持平。\n";
        let comparison = texts(raw)
            .into_iter()
            .find(|t| t.role == "comparison")
            .unwrap();
        assert_eq!(comparison.relation, Some("equal"));
        assert!(comparison.budget.is_some() && comparison.actual.is_some());
        let raw = "一、情况\n决算数与预算数基本持平。\n";
        assert!(texts(raw).iter().all(|t| t.role != "comparison"));
    }

    #[test]
    fn dated_sentences_and_pages() {
        let raw = "一、情况\n截至2023年12月31日，共有车辆3辆。\u{c}二、其他\n本年无变化。\n";
        let found = texts(raw);
        let dated = found.iter().find(|t| t.role == "sentence").unwrap();
        assert_eq!(dated.text, "截至2023年12月31日，共有车辆3辆。");
        assert_eq!(dated.page, Some(1));
        let heading = found.iter().find(|t| t.text == "二、其他").unwrap();
        assert_eq!(heading.page, Some(2));
    }
}

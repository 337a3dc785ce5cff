//! The narrative reader: from a report's text to the model. One module per
//! step: [`document`] (pdftotext output → headings and sentences), [`scan`]
//! (the figures of a sentence), [`labels`] and [`sentences`] (what each
//! figure is and how it qualifies its subject), [`absent`] (figures stated
//! as none: `无“三公”经费财政拨款支出`), [`identity`] (department and
//! year), [`evaluations`] and [`indicators`]. This file walks the sentences
//! and adds what they state to [`Extracted`].

mod absent;
mod assets;
mod counts;
pub mod document;
pub mod evaluations;
pub mod identity;
pub mod indicators;
pub mod labels;
pub mod publication;
pub mod scan;
pub mod sentences;

use rust_decimal::Decimal;

use super::model::{Claim, Expenditure, Extracted, Figures, Overrides, Section, Stated};
use crate::model::metric::Metric;
use crate::model::value::AmountUnit;
use document::{Document, Sentence};
use sentences::{Context, Scope, Statement, Subject};

/// The section a heading opens, for the notes of what was left out there.
fn section_of_heading(heading: &str) -> Option<Section> {
    let section = if heading.contains("三公") {
        Section::ThreePublic
    } else if heading.contains("机关运行") {
        Section::OperatingCosts
    } else if heading.contains("采购") {
        Section::Procurement
    } else if heading.contains("国有资产") {
        Section::Assets
    } else if heading.contains("基本支出") {
        Section::Economic
    } else if heading.contains("收入") && !heading.contains("支出") {
        Section::Income
    } else if heading.contains("财政拨款") {
        Section::Functions
    } else if heading.contains("支出") || heading.contains("收入") {
        Section::Expenditure
    } else if heading.contains("绩效") {
        Section::Evaluations
    } else {
        return None;
    };
    Some(section)
}

/// A budget not printed but given by a stated difference from it
/// (`决算数大于预算数55.93万元`): value − that difference, with a note.
fn derive_budgets(out: &mut Extracted) {
    let mut notes = Vec::new();
    for claim in &mut out.claims {
        let f = &mut claim.figures;
        if let (None, Some(value), Some(difference)) = (f.budget, f.value, f.budget_change) {
            let budget = Stated {
                fen: value.fen - difference.fen,
                decimals: value.decimals.max(difference.decimals),
                printed: AmountUnit::Wan,
            };
            f.budget = Some(budget);
            f.budget_derived = true;
            notes.push((
                Section::of_metric(&claim.metric),
                format!(
                    "{} budget {} derived: {} − {} (the stated difference from the budget)",
                    claim.metric,
                    super::model::amount(budget),
                    super::model::amount(value),
                    super::model::amount(difference)
                ),
            ));
        }
    }
    out.notes.extend(notes);
}

/// Extracts a report; `Err` says why nothing usable was found.
pub fn read(doc: &Document, overrides: &Overrides) -> Result<Extracted, String> {
    let labels = labels::labels();
    let mut out = Extracted::default();
    let year = overrides.year.or_else(|| identity::year_of(doc));
    let mut context = Context {
        year,
        ..Context::default()
    };
    let mut heading = None;
    let mut paragraph = None;
    let mut section = Section::Basics;
    // The section (a heading, or a `（三）国有资产占有使用情况说明` item and
    // the paragraphs up to the next item) speaks of the state-owned assets.
    let mut on_assets = false;
    // The note of the first sentence too long to read: if nothing else is
    // found, it is why, and the failure must say so.
    let mut too_long = None;
    for sentence in &doc.sentences {
        if paragraph != Some(sentence.paragraph) {
            paragraph = Some(sentence.paragraph);
            if sentence.marker.is_some() {
                on_assets = false;
            }
            context.carried = None;
            context.comparing_budget = false;
        }
        if sentence.heading != heading {
            heading = sentence.heading;
            let text = doc.heading_of(sentence);
            context.scope = Scope::of_heading(text);
            context.budget_page = sentences::budget_heading(text);
            context.project = None;
            section = section_of_heading(text).unwrap_or(section);
            on_assets = assets::about_assets(text);
        }
        if let Some(project) = sentences::project_named(&sentence.folded) {
            context.project = Some(project);
        }
        let joint = joint_total(&sentence.folded);
        for statement in sentences::parse(&sentence.folded, &labels, &mut context) {
            if joint && statement.subject == Subject::Claim(Metric::Report("expenditure_total")) {
                // The amount only: the change printed after it is one
                // statement, judged once, under expenditure_total.
                let income = Statement {
                    subject: Subject::Claim(Metric::Report("income_total")),
                    figures: Figures {
                        value: statement.figures.value,
                        ..Figures::default()
                    },
                };
                add(&mut out, income, sentence);
            }
            add(&mut out, statement, sentence);
        }
        for why in context.skipped.drain(..) {
            let what = format!("{why} (\"{}\")", quoted(claim_text(&sentence.text), 60));
            if too_long.is_none() && sentence.folded.len() > sentences::MAX_SENTENCE_BYTES {
                too_long = Some(what.clone());
            }
            out.note(section, format!("not recorded: {what}"));
        }
        if context.budget_page {
            continue;
        }
        for statement in absent::statements(&sentence.folded, &labels, year) {
            add(&mut out, statement, sentence);
        }
        if out.reception == (None, None) {
            out.reception = counts::reception(&sentence.folded);
        }
        if out.outbound == (None, None) {
            out.outbound = counts::outbound(&sentence.folded);
        }
        if out.vehicles.is_none() {
            out.vehicles = counts::vehicles(&sentence.folded);
        }
        on_assets |= assets::about_assets(&sentence.folded);
        if on_assets {
            for asset in assets::read(&sentence.folded) {
                out.put_asset(asset);
            }
        }
        if out.units.is_empty() {
            out.units = unit_list(sentence);
        }
    }
    let listed = unit_table(doc);
    if !listed.is_empty() {
        out.counts
            .entry("unit_count")
            .or_insert(listed.len() as i64);
        if listed.len() > out.units.len() {
            out.units = listed;
        }
    }
    if out.claims.is_empty() && out.counts.is_empty() {
        if let Some(note) = too_long {
            return Err(format!(
                "{note}: skipped, and no figures of a 部门决算 were recognised in the rest; a report's text breaks into sentences at 。"
            ));
        }
        return Err("no figures of a 部门决算 were recognised: expected the narrative of a final-accounts report, such as \"本部门2021年度收入总计134159.57万元\"".into());
    }
    correct_misprinted_units(&mut out);
    derive_budgets(&mut out);
    out.year = match year {
        Some(year) => year,
        None => return Err("the report's year cannot be told from the text (no \"2021年度\" in it); give it with --year".into()),
    };
    identity::name_department(doc, &mut out, overrides.department.as_deref())?;
    let (evaluations, notes) = evaluations::extract(doc, &out);
    out.evaluations = evaluations;
    out.notes.extend(notes);
    out.indicators = indicators::extract(doc, &mut out.notes);
    Ok(out)
}

fn add(out: &mut Extracted, statement: Statement, sentence: &Sentence) {
    let Statement { subject, figures } = statement;
    let metric = match subject {
        Subject::Count(column) => {
            if let Some(count) = figures.count {
                out.counts.entry(column).or_insert(count);
            }
            return;
        }
        Subject::Function { fund, code } => {
            let row = Expenditure {
                fund,
                code,
                budget: figures.budget,
                total: figures.value,
                change: figures.change,
            };
            match out
                .expenditures
                .iter_mut()
                .find(|e| e.fund == fund && e.code == code)
            {
                // A restatement that completes the first fills its gaps.
                Some(first) => {
                    first.budget = first.budget.or(row.budget);
                    first.total = first.total.or(row.total);
                    first.change = first.change.or(row.change);
                }
                None => out.expenditures.push(row),
            }
            if fund == "fiscal" {
                Metric::Function(Some(code.to_string()))
            } else {
                Metric::FunctionOf(code.to_string(), fund)
            }
        }
        Subject::Economic(code) => Metric::Econ(Some(code.to_string())),
        Subject::Claim(metric) => metric,
        Subject::Unrecorded(label) => {
            if let Some(value) = figures.value {
                let (section, why) = if label.contains("采购") {
                    (
                        Section::Procurement,
                        "; not recorded: not the amount awarded to small firms over all procurement (授予中小企业合同金额)",
                    )
                } else if label.contains("收入") {
                    (Section::Income, "; not recorded")
                } else if label.ends_with("经费") {
                    (Section::Economic, "; not recorded")
                } else {
                    (Section::Expenditure, "; not recorded")
                };
                let note = format!(
                    "{label} {} is stated but has no column in the contract{why}",
                    super::model::amount(value)
                );
                out.note(section, note);
            }
            return;
        }
    };
    match out.claims.iter_mut().find(|c| c.metric == metric) {
        // A restatement that adds a figure (the actual after the budget)
        // merges; one that contradicts a figure keeps the first.
        Some(first) => {
            let before = first.figures.clone();
            let merged = first.figures.merge(&figures);
            // The quote shows every sentence a figure came from: the change
            // in "与2023年度相比，…增长100%" is checked against its own words.
            let text = claim_text(&sentence.text);
            if merged && first.figures != before && !first.text.contains(text) {
                first.text.push_str(text);
            }
            if !merged {
                let note = format!(
                    "{metric} is stated again with other figures (\"{}\"); the first figures were kept",
                    quoted(claim_text(&sentence.text), 200)
                );
                out.note(Section::of_metric(&metric), note);
            }
        }
        None => out.claims.push(Claim {
            metric,
            figures,
            text: claim_text(&sentence.text).to_string(),
        }),
    }
}

/// Whether the only 总计 a sentence names is the department's
/// `收入支出总计` (`2024年度收入支出总计307.82万元`): the total of both sides of
/// the 收入支出决算总表, which are equal, so its figures are `income_total`'s
/// as well as the `expenditure_total` its last words name. The fiscal
/// fund's `财政拨款收入支出总计` is not the department's.
fn joint_total(folded: &str) -> bool {
    let joint = folded.matches("收入支出总计").count();
    let fiscal = folded.matches("财政拨款收入支出总计").count();
    joint > fiscal
        && fiscal == 0
        && folded.matches("支出总计").count() == joint
        && !folded.contains("收入总计")
}

/// The start of a sentence, for a note: a note quoting a whole long
/// sentence for each of its figures made the account quadratic in it.
fn quoted(text: &str, shown: usize) -> String {
    match text.char_indices().nth(shown) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// A sentence as a claim's `text`: without a dangling `，其中：`.
fn claim_text(text: &str) -> &str {
    let trimmed = text.trim_end_matches(['：', ':']);
    match trimmed.strip_suffix("其中") {
        Some(rest) => rest.trim_end_matches(['，', ',', '；', ';']),
        None => text,
    }
}

/// The units listed after `包括：` in the sentence giving their number.
fn unit_list(sentence: &Sentence) -> Vec<String> {
    let folded = &sentence.folded;
    if !folded.contains("单位") {
        return Vec::new();
    }
    let Some(at) = folded.find("包括:") else {
        return Vec::new();
    };
    let start = folded[..at].chars().count() + 3;
    let original: String = sentence.text.chars().skip(start).collect();
    let list = original
        .split(|c: char| c.is_ascii_digit() || matches!(c, '，' | ',' | '；' | ';' | '。'))
        .next()
        .unwrap_or("");
    let list = ["本部门", "本单位"]
        .iter()
        .filter_map(|w| list.find(w))
        .min()
        .map_or(list, |end| &list[..end]);
    list.split(['、', '，']).filter_map(unit_name).collect()
}

/// The units a composition table lists under its header (`序号 单位名称
/// 备注`, after words such as `纳入…范围的单位包括：`): the items numbered 1,
/// 2, … in order, each number followed by its name on its line (a layout
/// text) or on the next (pdftotext's plain text puts each cell on a line,
/// and may print a header cell such as `备注` after the items). A line
/// after them that may be a name wrapped in its cell, or a number out of
/// order, makes the list uncertain, and nothing is taken from it.
fn unit_table(doc: &Document) -> Vec<String> {
    let lines: Vec<Vec<&str>> = doc
        .lines
        .iter()
        .map(|l| l.split_whitespace().collect::<Vec<&str>>())
        .filter(|fields| !fields.is_empty())
        .collect();
    let joined = |fields: &[&str]| fields.concat();
    let Some(header) = (0..lines.len()).find(|&at| {
        let header = joined(&lines[at]);
        let next = lines.get(at + 1).map(|f| joined(f)).unwrap_or_default();
        let before: String = lines[at.saturating_sub(3)..at]
            .iter()
            .map(|f| joined(f))
            .collect();
        header.starts_with("序号")
            && (header.contains("单位名称") || next.starts_with("单位名称"))
            && before.contains("单位")
            && ["包括", "构成", "范围"].iter().any(|w| before.contains(w))
    }) else {
        return Vec::new();
    };
    let mut units = Vec::new();
    let mut rest = lines[header + 1..].iter();
    while let Some(fields) = rest.next() {
        if fields.iter().all(|f| matches!(*f, "单位名称" | "备注")) {
            continue;
        }
        if fields[0] == (units.len() + 1).to_string() {
            let name = match fields.get(1) {
                Some(name) => Some(*name),
                None => rest.next().and_then(|next| next.first().copied()),
            };
            match name.and_then(unit_name) {
                Some(name) => units.push(name),
                None => return Vec::new(),
            }
            continue;
        }
        let line = joined(fields);
        let wrapped = fields.len() == 1 && line.chars().count() <= 20 && !line.contains("决算");
        if wrapped || line.starts_with(|c: char| c.is_ascii_digit()) {
            return Vec::new();
        }
        break;
    }
    units
}

/// A unit's name as a composition list prints it: "某部本级决算" and
/// "某部（本级）" name 某部; "下属行政事业单位决算" names no unit.
fn unit_name(item: &str) -> Option<String> {
    let mut name = item.trim().trim_end_matches('等');
    name = name.strip_suffix("决算").unwrap_or(name);
    for suffix in ["（本级）", "(本级)", "本级"] {
        name = name.strip_suffix(suffix).unwrap_or(name);
    }
    let generic = ["下属", "所属", "其他", "二级单位", "基层单位"]
        .iter()
        .any(|w| name.starts_with(w));
    (name.chars().count() >= 2 && !generic).then(|| name.to_string())
}

/// A printed 元 whose stated share fits only when read as 万元 (a 万元 report
/// with "财政拨款收入127006.76元，占100%"): read as 万元, with a note.
fn correct_misprinted_units(out: &mut Extracted) {
    let parents: Vec<(Metric, Option<Stated>)> = out
        .claims
        .iter()
        .map(|c| {
            let parent = parent_of(&c.metric);
            let value = parent
                .and_then(|p| out.claim(&p))
                .and_then(|p| p.figures.value);
            (c.metric.clone(), value)
        })
        .collect();
    let mut notes = Vec::new();
    for (claim, (_, parent)) in out.claims.iter_mut().zip(parents) {
        let (Some(value), Some(share), Some(parent)) =
            (claim.figures.value, claim.figures.share_pct, parent)
        else {
            continue;
        };
        if value.printed != AmountUnit::Yuan || parent.fen == 0 {
            continue;
        }
        let share_of =
            |fen: i64| Decimal::from(fen) * Decimal::from(100) / Decimal::from(parent.fen);
        let off = |fen: i64| (share_of(fen) - share.value).abs();
        let as_wan = value.fen.checked_mul(10_000);
        if let Some(as_wan) =
            as_wan.filter(|w| off(*w) <= Decimal::new(5, 1) && off(value.fen) > Decimal::ONE)
        {
            claim.figures.value = Some(Stated {
                fen: as_wan,
                decimals: value.decimals.saturating_sub(4),
                printed: AmountUnit::Wan,
            });
            notes.push((
                Section::of_metric(&claim.metric),
                format!(
                    "{} is printed in 元 but read as 万元: its stated share of {}% fits only that",
                    claim.metric, share.value
                ),
            ));
        }
    }
    out.notes.extend(notes);
}

/// The total a stated share is a share of.
fn parent_of(metric: &Metric) -> Option<Metric> {
    match metric {
        Metric::Income(Some(_)) => Some(Metric::Report("income_current")),
        Metric::Report("basic_expenditure" | "project_expenditure") => {
            Some(Metric::Report("expenditure_current"))
        }
        Metric::Procurement(Some(_)) => Some(Metric::Procurement(None)),
        Metric::ThreePublic(Some(_)) => Some(Metric::ThreePublic(None)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract_text(raw: &str) -> Result<Extracted, String> {
        read(&Document::parse(raw), &Overrides::default())
    }

    #[test]
    fn the_parts_of_fiscal_income_are_claims_of_their_own() {
        let raw = "某局2022年度部门决算\n本年收入合计10万元，其中：一般公共预算财政拨款收入8万元，占80%；政府性基金预算财政拨款收入2万元，占20%。";
        let out = extract_text(raw).unwrap();
        assert!(out.claim(&Metric::Income(Some("fiscal"))).is_none());
        let general = out.claim(&Metric::Income(Some("general"))).unwrap();
        assert_eq!(general.figures.value.map(|v| v.fen), Some(8_000_000));
        let gov_fund = out.claim(&Metric::Income(Some("gov_fund"))).unwrap();
        assert_eq!(gov_fund.figures.value.map(|v| v.fen), Some(2_000_000));
        assert!(out.notes.is_empty(), "{:?}", out.notes);
    }

    #[test]
    fn a_change_in_the_next_sentence_completes_the_claim() {
        let raw = "某局2021年度部门决算\n1.一般公共预算财政拨款收入 8 万元，为当年拨付的资金。较 2020 年度决算数减少 2 万元，下降 20%。\n2.事业收入 3 万元，为开展业务活动取得的收入。较 2020 年度决算数增加 1 万元，增长 50%。\n3.其他收入 1 万元。\n（四）其他情况\n增长 100%。";
        let out = extract_text(raw).unwrap();
        let business = out.claim(&Metric::Income(Some("business"))).unwrap();
        assert_eq!(business.figures.change.map(|c| c.fen), Some(1_000_000));
        assert!(
            business.text.starts_with("事业收入3万元"),
            "{}",
            business.text
        );
        // A new paragraph does not carry: the last 增长 qualifies nothing.
        let other = out.claim(&Metric::Income(Some("other"))).unwrap();
        assert_eq!(other.figures.change_pct, None);
    }

    #[test]
    fn a_small_report() {
        let raw = "第一部分 某市某局部门概况\n纳入本套部门决算汇编范围的单位共 2 个，包括：某市某局、某市某中心\n本部门 2022 年年末职工人数 10 人。\n一、收入决算情况说明\n本部门 2022 年度收入总计 100 万元，其中：财政拨款收入 1000000 元，占 100%。\n本年收入合计 100 万元。";
        let out = extract_text(raw).unwrap();
        assert_eq!(out.year, 2022);
        assert_eq!(out.department, "某市某局");
        assert_eq!(out.units, ["某市某局", "某市某中心"]);
        assert_eq!(out.counts.get("unit_count"), Some(&2));
        assert_eq!(out.counts.get("staff_total"), Some(&10));
        let fiscal = out.claim(&Metric::Income(Some("fiscal"))).unwrap();
        assert_eq!(fiscal.figures.value.map(|v| v.fen), Some(100_000_000));
        assert!(out.notes.is_empty(), "{:?}", out.notes);
    }

    #[test]
    fn a_composition_list_names_the_department_not_its_budget_level() {
        let raw = "第一部分 中共某区委社会工作部概况\n二、部门决算单位构成\n从预算单位构成看，中共某区委社会工作部决算包括：中共某区委社会工作部本级决算、下属行政事业单位决算。\n本部门2024年度收入总计100万元，其中：财政拨款收入100万元，占100%。";
        let out = extract_text(raw).unwrap();
        assert_eq!(out.department, "中共某区委社会工作部");
        assert_eq!(out.units, ["中共某区委社会工作部"]);
        assert_eq!(unit_name("某中心（本级）").as_deref(), Some("某中心"));
        assert_eq!(unit_name("下属事业单位"), None);
    }

    #[test]
    fn a_composition_table_lists_the_units_and_their_number() {
        let raw = "第一部分 某区某部概况\n从预算单位构成看，某区某部决算包括：某区某部本级决算、下属行政事业单位决算。\n纳入某区某部2024年度部门决算编制范\n围的单位包括：\n序号            单位名称            备注\n\n 1    某区某部（本级）\n\n 2    某区某服务中心\n     某区某部 2024 年度部门决算表\n本部门2024年度收入总计100万元，其中：财政拨款收入100万元，占100%。";
        let out = extract_text(raw).unwrap();
        assert_eq!(out.units, ["某区某部", "某区某服务中心"]);
        assert_eq!(out.counts.get("unit_count"), Some(&2));
        // pdftotext's plain text: a cell a line, 备注 after the items.
        let plain = "第一部分 某区某部概况\n从预算单位构成看，某区某部决算包括：某区某部本级决算、下属行政事业单位决算。\n围的单位包括：\n序号\n\n单位名称\n\n1\n\n某区某部（本级）\n\n2\n\n某区某服务中心\n\n备注\n\n某区某部 2024 年度部门决算表\n本部门2024年度收入总计100万元，其中：财政拨款收入100万元，占100%。";
        let out = extract_text(plain).unwrap();
        assert_eq!(out.units, ["某区某部", "某区某服务中心"]);
        assert_eq!(out.counts.get("unit_count"), Some(&2));
        // A name wrapped in its cell, or a number out of order: not taken.
        for broken in [
            raw.replace("某区某服务中心\n", "某区某服务\n中心\n 3    某区某站\n"),
            raw.replace(" 2    某区某服务中心", " 3    某区某服务中心"),
        ] {
            let out = extract_text(&broken).unwrap();
            assert_eq!(out.units, ["某区某部"], "{broken}");
            assert_eq!(out.counts.get("unit_count"), None, "{broken}");
        }
    }

    #[test]
    fn the_departments_income_and_expenditure_total_is_both_totals() {
        let raw = "第一部分 某部概况\n一、收入支出决算总体情况说明\n某部2024年度收入支出总计307.82万元。与2023年度相比，收入支出总计增加7.82万元，增长2.61%。\n四、财政拨款收入支出决算总体情况说明\n某部2024年度财政拨款收入支出总计300万元。";
        let out = extract_text(raw).unwrap();
        for column in ["income_total", "expenditure_total"] {
            let claim = out.claim(&Metric::Report(column)).unwrap();
            assert_eq!(
                claim.figures.value.map(|v| v.fen),
                Some(307_820_000),
                "{column}"
            );
        }
        // The change is stated once, so it is judged once.
        let change = |column| {
            let claim = out.claim(&Metric::Report(column)).unwrap();
            (
                claim.figures.change.map(|v| v.fen),
                claim.figures.change_pct.is_some(),
            )
        };
        assert_eq!(change("expenditure_total"), (Some(7_820_000), true));
        assert_eq!(change("income_total"), (None, false));
        assert!(!joint_total(
            "收入总计10万元，支出总计10万元，收入支出总计10万元"
        ));
        assert!(!joint_total("财政拨款收入支出总计10万元"));
    }

    #[test]
    fn a_yuan_misprint_is_read_by_its_share() {
        let raw = "某局2022年度部门决算\n本部门2022年度本年收入合计 50.5 万元，其中财政拨款收入 50.5 元，占 100%。";
        let out = extract_text(raw).unwrap();
        let fiscal = out.claim(&Metric::Income(Some("fiscal"))).unwrap();
        assert_eq!(
            fiscal.figures.value.map(|v| (v.fen, v.decimals)),
            Some((50_500_000, 1))
        );
        assert_eq!(out.notes.len(), 1);
    }

    #[test]
    fn nothing_recognisable_is_an_error() {
        for raw in [
            "",
            "hello world",
            "\u{0}\u{ff}\u{fffd}\u{fffd}",
            "一、收入决算情况说明\n",
        ] {
            assert!(extract_text(raw).is_err(), "{raw:?}");
        }
        let no_year = extract_text("收入总计 5 万元。").unwrap_err();
        assert!(no_year.contains("--year"), "{no_year}");
    }
}

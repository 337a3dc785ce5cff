//! Who and when: the department a report is about and its year.
//!
//! - The year is the `20XX年度` printed most often in the headings (else in
//!   the text); a year right after `较`, `比`, `与`, `于` is the year
//!   compared with, not the report's.
//! - The department is the title's (`第一部分 XX部门概况`, `XX2021年度部门决算`,
//!   `2021年XX部门决算`). When the first unit listed (the department's own
//!   office) spells out the title's abbreviation, it is the name and the
//!   title's form becomes an alias.

use std::collections::BTreeMap;

use super::document::{squeeze, Document};
use crate::extract::model::Extracted;
use crate::model::value::parse_year;

/// The report's year: the `20XX年度` printed most often in headings, or
/// else in the text.
pub fn year_of(doc: &Document) -> Option<i64> {
    let headings = doc.headings.iter().map(|h| h.text.as_str());
    most_frequent_year(headings)
        .or_else(|| most_frequent_year(doc.sentences.iter().map(|s| s.folded.as_str())))
}

fn most_frequent_year<'a>(texts: impl Iterator<Item = &'a str>) -> Option<i64> {
    let mut seen: BTreeMap<i64, usize> = BTreeMap::new();
    for text in texts {
        let chars: Vec<char> = text.chars().collect();
        for i in 0..chars.len().saturating_sub(5) {
            let digits = &chars[i..i + 4];
            // "较2020年度" names the year before, not the report's.
            let compared = i > 0 && matches!(chars[i - 1], '较' | '比' | '与' | '于');
            let at_year = !compared
                && digits.iter().all(char::is_ascii_digit)
                && chars[i + 4] == '年'
                && chars[i + 5] == '度'
                && (i == 0 || !chars[i - 1].is_ascii_digit());
            if at_year {
                if let Ok(year) = parse_year(&digits.iter().collect::<String>()) {
                    *seen.entry(year).or_default() += 1;
                }
            }
        }
    }
    seen.into_iter()
        .max_by_key(|(year, n)| (*n, *year))
        .map(|(y, _)| y)
}

/// The department: given, or from the title (`第一部分 XX部门概况`,
/// `XX2021年度部门决算`). When the first unit listed (the department's own
/// office) spells out the title's abbreviation, it is the name and the
/// title's form becomes an alias.
pub fn name_department(
    doc: &Document,
    out: &mut Extracted,
    given: Option<&str>,
) -> Result<(), String> {
    if let Some(name) = given {
        out.department = name.to_string();
        return Ok(());
    }
    let title = doc
        .headings
        .iter()
        .map(|h| h.text.as_str())
        .chain(doc.lines.iter().take(10).map(String::as_str))
        .find_map(title_name);
    let first_unit = out.units.first().cloned();
    out.department = match (title, first_unit) {
        (Some(title), Some(unit)) if unit != title && is_abbreviation(&title, &unit) => {
            out.short_name = Some(title);
            unit
        }
        (Some(title), _) => title,
        (None, Some(unit)) => unit,
        (None, None) => {
            return Err("the department cannot be told from the text (no title such as \"第一部分 某某局部门概况\"); give it with --department".into())
        }
    };
    Ok(())
}

/// The department a title line names.
fn title_name(line: &str) -> Option<String> {
    let line = squeeze(line);
    // A sentence run into the title line (`…普遍加强。某区政府办公室2021年度
    // 部门决算`) is not part of the name: the title is what follows it.
    let line = match line.rsplit_once('。') {
        Some((_, title)) if !title.is_empty() => title.to_string(),
        _ => line,
    };
    let body = match line.strip_prefix('第') {
        Some(rest) => rest.split_once("部分").map(|(_, b)| b)?,
        None => line.as_str(),
    };
    let body = body.trim_start_matches([':', '：']);
    // "一、某园概况": a section number goes.
    let body = match body.split_once('、') {
        Some((number, rest))
            if !number.is_empty() && number.chars().all(|c| "一二三四五六七八九十".contains(c)) =>
        {
            rest
        }
        _ => body,
    };
    // "2021年某局部门决算": a leading year goes.
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    let body = match (digits, body.get(digits..)) {
        (4, Some(rest)) => rest.trim_start_matches(['年', '度']),
        _ => body,
    };
    let infix = ["年度部门决算", "年度单位决算", "年部门决算"]
        .iter()
        .find_map(|w| body.find(w))
        .and_then(|at| {
            let before = &body[..at];
            let digits = before
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .count();
            (digits == 4).then(|| &before[..before.len() - 4])
        });
    let name = infix.or_else(|| {
        ["部门概况", "单位概况", "概况", "部门决算", "单位决算"]
            .iter()
            .find_map(|suffix| body.strip_suffix(suffix))
    })?;
    let name = name.trim_matches(|c: char| c.is_ascii_punctuation() || c == '：');
    let plausible =
        (2..=40).contains(&name.chars().count()) && !name.chars().any(|c| c.is_ascii_digit());
    plausible.then(|| name.to_string())
}

/// Whether `short`'s characters appear in `full` in order (人社局 in
/// 人力资源和社会保障局), starting with the same character.
fn is_abbreviation(short: &str, full: &str) -> bool {
    let mut rest = full.chars();
    short.chars().next() == full.chars().next()
        && short.chars().all(|c| rest.any(|f| f == c))
        && short.chars().count() < full.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_years() {
        assert_eq!(
            title_name("一、天水市幼儿园概况").as_deref(),
            Some("天水市幼儿园")
        );
        assert_eq!(
            title_name("第一部分 南昌市人社局部门概况").as_deref(),
            Some("南昌市人社局")
        );
        assert_eq!(
            title_name("某县审计局2020年度部门决算").as_deref(),
            Some("某县审计局")
        );
        assert_eq!(title_name("第三部分 2021 年度部门决算情况说明"), None);
        assert_eq!(
            title_name("2021年某市行政服务中心部门决算").as_deref(),
            Some("某市行政服务中心")
        );
        assert_eq!(
            title_name("第一部分：某市某中心概况").as_deref(),
            Some("某市某中心")
        );
        assert_eq!(title_name("第二部分 2021 年度部门决算表"), None);
        assert_eq!(
            title_name("防护能力普遍加强。淮北市某区人民政府办公室2021年度部门决算").as_deref(),
            Some("淮北市某区人民政府办公室")
        );
        assert!(is_abbreviation(
            "南昌市人社局",
            "南昌市人力资源和社会保障局"
        ));
        assert!(!is_abbreviation(
            "南昌市人社局",
            "九江市人力资源和社会保障局"
        ));
    }

    #[test]
    fn the_year_is_the_reports_not_the_one_compared_with() {
        let raw = "本单位2021年度总收入5万元，较2020年度决算数减少1万元；总支出5万元，较2020年度决算数减少1万元。";
        assert_eq!(year_of(&Document::parse(raw)), Some(2021));
    }
}

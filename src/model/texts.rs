//! What a publication's own lines say, read alike by extract (which keeps
//! them) and check (which judges them): template placeholders, the
//! standard tables' titles, the years and the organisation a heading names.

use crate::model::value::normalize;
use crate::model::vocab::STANDARD_TABLES;

/// A text without its quotation marks: reports quote 三公 in every style.
fn unquoted(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !matches!(
                c,
                '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」' | '『' | '』'
            )
        })
        .collect()
}

/// The standard table (its `vocab::STANDARD_TABLES` id) a line titles: the
/// [`table_name`] of the line, matched against every name reports print
/// the table under; for a table title not among them, its name.
pub fn table_id(line: &str) -> Option<String> {
    let name = table_name(line)?;
    let standard = STANDARD_TABLES.terms.iter().find(|term| {
        std::iter::once(&term.id)
            .chain(term.names)
            .any(|n| unquoted(&normalize(n)) == name)
    });
    Some(standard.map_or(name, |term| term.id.to_string()))
}

/// Whether a line titles one of the standard tables.
pub fn is_standard_table(line: &str) -> bool {
    table_id(line).is_some_and(|id| STANDARD_TABLES.find(&id).is_some())
}

/// The standard-table name a line prints, if it is a table title: the line
/// without an enumeration (`七、`), quotes, a bracketed note (`（公开07表）`)
/// and whatever precedes a `年度` (department and year); `None` for lines
/// that do not end in 表 or read as prose.
pub fn table_name(line: &str) -> Option<String> {
    let folded = normalize(line);
    let mut name = unquoted(&folded);
    if let Some(open) = name.rfind('(') {
        if name.ends_with(')') {
            name.truncate(open);
        }
    }
    if name.chars().count() > 40 || name.contains([',', '。', ';', ':']) || !name.ends_with('表')
    {
        return None;
    }
    if let Some((_, rest)) = name.split_once('、') {
        name = rest.to_string();
    }
    if let Some(at) = name.rfind("年度") {
        name = name[at + "年度".len()..].to_string();
    }
    let name = name.strip_prefix("部门").unwrap_or(&name).to_string();
    // A part title ("…2024年度部门决算表") is not a table.
    (name.chars().count() >= 4 && name != "决算表").then_some(name)
}

/// Text left from a template: `XX局`, `XX万元`, `×××`, `□□`, `***`, an
/// empty `【】`. Two X in a row are a placeholder unless they are part of a
/// Latin word (`XXL`); a single × is a multiplication sign, and ○ is not
/// one at all (二○二四年).
pub fn has_placeholder(text: &str) -> bool {
    let folded = normalize(text);
    let chars: Vec<char> = folded.chars().collect();
    let is_mark = |c: char| matches!(c, 'X' | 'x' | '×' | '╳' | '□' | '*');
    let latin = |at: Option<usize>| {
        at.and_then(|p| chars.get(p))
            .is_some_and(char::is_ascii_alphabetic)
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_mark(c) {
            let run = chars[i..].iter().take_while(|m| is_mark(**m)).count();
            let needed = if c == '*' { 3 } else { 2 };
            let in_word =
                c.is_ascii_alphabetic() && (latin(i.checked_sub(1)) || latin(Some(i + run)));
            if run >= needed && !in_word {
                return true;
            }
            i += run;
            continue;
        }
        if c == '【' {
            let inner: Vec<char> = chars[i + 1..]
                .iter()
                .copied()
                .take_while(|c| *c != '】')
                .collect();
            let closed = chars.get(i + 1 + inner.len()) == Some(&'】');
            if closed && inner.iter().all(|c| c.is_whitespace() || is_mark(*c)) {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// The years a line names (`2024年`, `2023年度`), in order.
pub fn years_named(folded: &str) -> Vec<i64> {
    let chars: Vec<char> = folded.chars().collect();
    let mut years = Vec::new();
    for i in 0..chars.len().saturating_sub(4) {
        let digits = &chars[i..i + 4];
        let bounded = i == 0 || !chars[i - 1].is_ascii_digit();
        if bounded && digits.iter().all(char::is_ascii_digit) && chars[i + 4] == '年' {
            let year: String = digits.iter().collect();
            if let Ok(year) = year.parse() {
                years.push(year);
            }
        }
    }
    years
}

/// The years of the dates a sentence states a figure at: `截至2024年12月31日`,
/// `截止2024年底`.
pub fn dated_years(folded: &str) -> Vec<i64> {
    ["截至", "截止"]
        .iter()
        .flat_map(|word| folded.match_indices(word))
        .filter_map(|(at, word)| {
            let date = &folded[at + word.len()..];
            let year = date
                .get(..4)
                .filter(|y| y.chars().all(|c| c.is_ascii_digit()))?;
            date[4..]
                .starts_with('年')
                .then(|| year.parse().ok())
                .flatten()
        })
        .collect()
}

/// The endings of an organisation's name (局, 委员会, 中心 …).
const ORGANISATION_ENDINGS: [&str; 24] = [
    "局",
    "委员会",
    "委",
    "厅",
    "部",
    "办公室",
    "办",
    "中心",
    "院",
    "所",
    "馆",
    "站",
    "队",
    "处",
    "会",
    "政府",
    "学校",
    "医院",
    "公司",
    "社",
    "室",
    "署",
    "团",
    "园",
];

/// The organisation a title, heading or table title names before its year
/// or its subject (`中共某区委社会工作部2024年度部门决算` → `中共某区委社会工作部`;
/// `第一部分某局概况` → `某局`), when what precedes reads as an
/// organisation's name.
pub fn organisation_named(folded: &str) -> Option<String> {
    let mut text = folded;
    if let Some(rest) = text.strip_prefix('第') {
        if let Some((_, after)) = rest.split_once("部分") {
            text = after;
        }
    }
    if let Some((numeral, rest)) = text.split_once('、') {
        if numeral.chars().count() <= 3 {
            text = rest;
        }
    }
    let end = [
        text.find(|c: char| c.is_ascii_digit()),
        text.find("部门决算"),
        text.find("决算"),
        text.find("部门概况"),
        text.find("概况"),
    ]
    .into_iter()
    .flatten()
    .min()?;
    let name = text[..end].trim_end_matches("本级");
    let long_enough = name.chars().count() >= 3;
    (long_enough && ORGANISATION_ENDINGS.iter().any(|e| name.ends_with(e)))
        .then(|| name.to_string())
}

/// Whether `short` can abbreviate `full`: its characters appear in `full`
/// in order (南昌市人社局 for 南昌市人力资源和社会保障局).
pub fn abbreviates(short: &str, full: &str) -> bool {
    let mut rest = full.chars();
    short.chars().all(|c| rest.any(|f| f == c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_their_look_alikes() {
        for text in [
            "上海市XX局2024年度部门决算",
            "支出XX万元",
            "×××单位",
            "【】",
            "【 XX 】",
            "ＸＸ局",
            "第xx号",
            "□□单位",
        ] {
            assert!(has_placeholder(text), "{text}");
        }
        for text in [
            "XML格式",
            "XXL",
            "2024年度部门决算",
            "【说明】",
            "单价50万元×2",
            "二○二四年",
            "注*",
        ] {
            assert!(!has_placeholder(text), "{text}");
        }
    }

    #[test]
    fn standard_tables_by_any_of_their_names() {
        assert_eq!(
            table_id("七、财政拨款\"三公\"经费支出决算表").as_deref(),
            Some("财政拨款“三公”经费支出决算表")
        );
        assert_eq!(
            table_id("部门收支决算总表").as_deref(),
            Some("收入支出决算总表")
        );
        assert!(is_standard_table("收入决算表（公开02表）"));
        assert!(!is_standard_table("项目支出绩效自评表"));
        assert_eq!(
            table_id("项目支出绩效自评表").as_deref(),
            Some("项目支出绩效自评表")
        );
    }

    #[test]
    fn table_names_without_their_decoration() {
        assert_eq!(
            table_name("七、财政拨款“三公”经费支出决算表").as_deref(),
            Some("财政拨款三公经费支出决算表")
        );
        assert_eq!(
            table_name("收入决算表（公开02表）").as_deref(),
            Some("收入决算表")
        );
        assert_eq!(
            table_name("上海市某局2023年度收入支出决算总表").as_deref(),
            Some("收入支出决算总表")
        );
        assert_eq!(table_name("第二部分某局2024年度部门决算表"), None);
        assert_eq!(table_name("详见收入决算表，单位万元"), None);
    }

    #[test]
    fn years_and_organisations_named() {
        assert_eq!(
            years_named("第二部分2023年度部门决算表,较2022年"),
            [2023, 2022]
        );
        assert_eq!(years_named("12024年"), Vec::<i64>::new());
        assert_eq!(
            organisation_named("中共上海市普陀区委社会工作部2024年度部门决算").as_deref(),
            Some("中共上海市普陀区委社会工作部")
        );
        assert_eq!(
            organisation_named("第一部分南昌市人社局部门概况").as_deref(),
            Some("南昌市人社局")
        );
        assert_eq!(organisation_named("第三部分2021年度部门决算情况说明"), None);
        assert_eq!(organisation_named("一、收入支出决算总体情况说明"), None);
        assert!(abbreviates("南昌市人社局", "南昌市人力资源和社会保障局"));
        assert!(!abbreviates("南昌市财政局", "南昌市人力资源和社会保障局"));
    }
}

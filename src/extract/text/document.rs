//! Normalising the text `pdftotext` writes into headings and sentences.
//!
//! pdftotext breaks a paragraph wherever the page's line ended, puts blank
//! lines between lines, splits numbers and words with stray spaces
//! ("1 00%", "2 021 年"), and mixes page numbers and page breaks into the
//! text. Chinese prose has no meaningful spaces, so a paragraph is rebuilt
//! by joining its lines and deleting every whitespace character; that
//! repairs broken numbers and words at once. Paragraphs end at headings
//! (`一、…`, `第三部分 …`) and at enumeration markers (`（一）`, `(1)`,
//! `1.`, `①`) that start a line; sentences end at `。`.
//!
//! Each sentence is kept twice, char for char aligned: as printed (for the
//! claim's `text`) and folded by [`crate::model::value::normalize`] (full-width
//! digits, brackets, `，`, `％` to ASCII) for parsing.

use crate::model::value::normalize;

/// A heading line: a part (`第二部分 …`) or a numbered section (`三、…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// The heading without spaces, folded.
    pub text: String,
    /// `第…部分`: a part of the report, which ends any section.
    pub part: bool,
    /// The line it starts on (0-based).
    pub line: usize,
}

/// One sentence of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// As printed, whitespace removed.
    pub text: String,
    /// Folded for matching; the same number of chars as `text`.
    pub folded: String,
    /// The heading in effect (index into [`Document::headings`]).
    pub heading: Option<usize>,
    /// The paragraph it belongs to, counted from 0.
    pub paragraph: usize,
    /// The line it starts on (0-based).
    pub line: usize,
    /// The enumeration marker its paragraph started with, if any.
    pub marker: Option<Marker>,
}

/// An enumeration marker at the start of a line: the level of an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// `（一）`
    Chinese,
    /// `（1）`
    Number,
    /// `1.`, `1、`
    Dotted,
    /// `①`
    Circled,
}

/// A report's text, normalised.
#[derive(Debug, Default)]
pub struct Document {
    pub headings: Vec<Heading>,
    pub sentences: Vec<Sentence>,
    /// The input's lines, trimmed, with their spaces (tables need them).
    pub lines: Vec<String>,
}

impl Document {
    /// Normalises `raw` (any text; invalid UTF-8 was already replaced).
    pub fn parse(raw: &str) -> Document {
        let mut doc = Document {
            lines: raw
                .split(['\n', '\r', '\u{c}'])
                .map(|l| l.trim().to_string())
                .collect(),
            ..Document::default()
        };
        let mut paragraph = Paragraph::default();
        let mut count = 0;
        // Taken out while the rest of `doc` is filled, not cloned line by
        // line: a report's one long line was a copy more in memory.
        let lines = std::mem::take(&mut doc.lines);
        for (index, line) in lines.iter().enumerate() {
            if line.is_empty() || is_page_number(line) {
                continue;
            }
            let compact = squeeze(line);
            if let Some(heading) = heading(&compact, index) {
                paragraph.flush(&mut doc, &mut count);
                doc.headings.push(heading);
                continue;
            }
            match strip_marker(&compact) {
                Some((marker, rest)) => {
                    paragraph.flush(&mut doc, &mut count);
                    paragraph.marker = Some(marker);
                    paragraph.push(rest, index);
                    // A numbered sub-heading ("（一）机关运行经费支出情况")
                    // is a paragraph of its own, not the start of the next.
                    if is_subheading(rest) {
                        paragraph.flush(&mut doc, &mut count);
                    }
                }
                None => paragraph.push(&compact, index),
            }
        }
        paragraph.flush(&mut doc, &mut count);
        doc.lines = lines;
        doc
    }

    /// The folded text of the heading a sentence sits under ("" if none).
    pub fn heading_of(&self, sentence: &Sentence) -> &str {
        sentence
            .heading
            .and_then(|h| self.headings.get(h))
            .map_or("", |h| h.text.as_str())
    }
}

/// The lines of one paragraph being joined.
#[derive(Default)]
struct Paragraph {
    text: String,
    marker: Option<Marker>,
    /// (byte offset in `text`, line) where each line starts.
    starts: Vec<(usize, usize)>,
}

impl Paragraph {
    fn push(&mut self, body: &str, line: usize) {
        self.starts.push((self.text.len(), line));
        self.text.push_str(body);
    }

    /// Ends the paragraph: splits it into sentences at `。`, by byte
    /// offsets (a copy of the paragraph as `char`s was four times its
    /// size in memory).
    fn flush(&mut self, doc: &mut Document, count: &mut usize) {
        let text = std::mem::take(&mut self.text);
        let starts = std::mem::take(&mut self.starts);
        let marker = self.marker.take();
        if text.is_empty() {
            return;
        }
        let heading = doc.headings.len().checked_sub(1);
        let stops = text
            .match_indices('。')
            .map(|(at, stop)| at + stop.len())
            .chain((!text.ends_with('。')).then_some(text.len()));
        let mut begin = 0;
        // The line a sentence starts on: the last start at or before it,
        // found by walking `starts` once for the whole paragraph.
        let mut start = 0;
        for stop in stops {
            let printed = text[begin..stop].trim_start_matches(['，', ',', '；', ';', '：', ':']);
            if printed.chars().any(|c| c != '。') {
                while starts
                    .get(start + 1)
                    .is_some_and(|(offset, _)| *offset <= begin)
                {
                    start += 1;
                }
                let line = starts
                    .get(start)
                    .filter(|(offset, _)| *offset <= begin)
                    .map_or(0, |(_, line)| *line);
                doc.sentences.push(Sentence {
                    folded: normalize(printed).into_owned(),
                    text: printed.to_string(),
                    heading,
                    paragraph: *count,
                    line,
                    marker,
                });
            }
            begin = stop;
        }
        *count += 1;
    }
}

/// A line with every whitespace character removed.
pub fn squeeze(line: &str) -> String {
    line.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A short line without figures or closing punctuation.
fn is_subheading(rest: &str) -> bool {
    let folded = normalize(rest);
    folded.chars().count() <= 20
        && !folded.contains("万元")
        && !folded.contains('%')
        && !folded.ends_with([',', ';', '、', '。', ':'])
        && !folded.is_empty()
}

/// Page numbers: a line of at most four digits, perhaps between dashes.
fn is_page_number(line: &str) -> bool {
    let core = line.trim_matches(|c: char| c == '-' || c == '—' || c.is_whitespace());
    !core.is_empty() && core.chars().count() <= 4 && core.chars().all(|c| c.is_ascii_digit())
}

const CHINESE_NUMERALS: &str = "一二三四五六七八九十";

/// A heading: `第…部分 …`, or a short `三、…` line without figures.
fn heading(compact: &str, line: usize) -> Option<Heading> {
    let folded = normalize(compact).into_owned();
    if let Some(rest) = folded.strip_prefix('第') {
        let numeral: String = rest
            .chars()
            .take_while(|c| CHINESE_NUMERALS.contains(*c))
            .collect();
        if !numeral.is_empty() && rest[numeral.len()..].starts_with("部分") {
            return Some(Heading {
                text: folded,
                part: true,
                line,
            });
        }
    }
    let numeral_len: usize = folded
        .chars()
        .take_while(|c| CHINESE_NUMERALS.contains(*c))
        .map(char::len_utf8)
        .sum();
    let after = &folded[numeral_len..];
    let short = folded.chars().count() <= 32;
    let has_figures = folded.contains('%') || folded.contains("万元");
    let ends_open = folded.ends_with([',', ';', '、']);
    (numeral_len > 0 && after.starts_with('、') && short && !has_figures && !ends_open).then_some(
        Heading {
            text: folded,
            part: false,
            line,
        },
    )
}

/// The rest of a line after an enumeration marker at its start, if it has
/// one: `（一）`, `(1)`, `1.`, `1、`, `①`.
pub fn strip_marker(compact: &str) -> Option<(Marker, &str)> {
    let mut chars = compact.char_indices();
    let (_, first) = chars.next()?;
    if ('①'..='⑳').contains(&first) {
        return Some((Marker::Circled, &compact[first.len_utf8()..]));
    }
    if matches!(first, '(' | '（') {
        let inner: String = compact[first.len_utf8()..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || CHINESE_NUMERALS.contains(*c))
            .collect();
        let rest = &compact[first.len_utf8() + inner.len()..];
        if !inner.is_empty() && inner.chars().count() <= 3 {
            if let Some(close) = rest.chars().next().filter(|c| matches!(c, ')' | '）')) {
                let marker = if inner.chars().all(|c| c.is_ascii_digit()) {
                    Marker::Number
                } else {
                    Marker::Chinese
                };
                return Some((marker, &rest[close.len_utf8()..]));
            }
        }
        return None;
    }
    let digits: usize = compact
        .chars()
        .take_while(char::is_ascii_digit)
        .count()
        .min(3);
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = &compact[digits..];
    let mark = rest.chars().next()?;
    if matches!(mark, '.' | '、' | '．') {
        let after = &rest[mark.len_utf8()..];
        let next = after.chars().next()?;
        if !next.is_ascii_digit() && next != '%' && next != '％' {
            return Some((Marker::Dotted, after));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(raw: &str) -> Vec<String> {
        Document::parse(raw)
            .sentences
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn joins_broken_lines_and_repairs_split_numbers() {
        let raw = "本部门 2 021 年度收入总计 134159.57 万元，其中上年结转\n\n和结余 7152.81 万元，增长\n\n1 40.27 %。";
        assert_eq!(
            sentences(raw),
            ["本部门2021年度收入总计134159.57万元，其中上年结转和结余7152.81万元，增长140.27%。"]
        );
    }

    #[test]
    fn folded_text_is_aligned_with_the_printed_text() {
        let doc = Document::parse("财政拨款收入１２３．４万元，占１００％。");
        let s = &doc.sentences[0];
        assert_eq!(s.folded, "财政拨款收入123.4万元,占100%。");
        assert_eq!(s.text.chars().count(), s.folded.chars().count());
    }

    #[test]
    fn headings_and_markers_end_paragraphs() {
        let raw = "二、支出决算情况说明\n本部门支出总计 5 万元，其中：\n （一）工资福利支出 3 万元，\n较上年增加 1 万元。\n(2)其他 2 万元\n（三）政府采购支出情况\n本部门 1 万元。\n 第四部分 名词解释\n";
        let doc = Document::parse(raw);
        assert_eq!(doc.headings.len(), 2);
        assert_eq!(doc.headings[0].text, "二、支出决算情况说明");
        assert!(doc.headings[1].part);
        let texts: Vec<&str> = doc.sentences.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "本部门支出总计5万元，其中：",
                "工资福利支出3万元，较上年增加1万元。",
                "其他2万元",
                "政府采购支出情况",
                "本部门1万元。"
            ]
        );
        assert_eq!(doc.sentences[1].line, 2);
        assert_eq!(doc.heading_of(&doc.sentences[2]), "二、支出决算情况说明");
    }

    #[test]
    fn page_numbers_are_dropped() {
        assert_eq!(
            sentences("项目资金使用未\n\n25\n\n超出预算。"),
            ["项目资金使用未超出预算。"]
        );
        assert_eq!(sentences("甲\n- 3 -\n乙"), ["甲乙"]);
    }

    #[test]
    fn a_line_starting_with_a_decimal_is_not_a_marker() {
        assert_eq!(strip_marker("1233.49%，其"), None);
        assert_eq!(
            strip_marker("2.阶段性目标"),
            Some((Marker::Dotted, "阶段性目标"))
        );
        assert_eq!(
            strip_marker("3、产出时效"),
            Some((Marker::Dotted, "产出时效"))
        );
        assert_eq!(
            strip_marker("（十一）承办"),
            Some((Marker::Chinese, "承办"))
        );
        assert_eq!(strip_marker("(一)工资"), Some((Marker::Chinese, "工资")));
        assert_eq!(strip_marker("（2）系统"), Some((Marker::Number, "系统")));
        assert_eq!(strip_marker("2021年"), None);
        assert_eq!(strip_marker("①相关性"), Some((Marker::Circled, "相关性")));
    }

    #[test]
    fn long_or_figure_lines_are_not_headings() {
        assert!(heading("一、收入决算情况说明", 0).is_some());
        assert!(heading("一是围绕党中央", 0).is_none());
        assert!(heading("三、住房保障支出5万元", 0).is_none());
    }

    #[test]
    fn anything_at_all_is_survived() {
        for raw in ["", "\u{0}\u{1}\u{fffd}", "。。。", "（", "1.", "第", "一、"] {
            let _ = Document::parse(raw);
        }
    }
}

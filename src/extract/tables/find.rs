//! Where each standard table is: its title line (confirmed by a unit line
//! or header words right after it, so a table of contents is not taken for
//! the tables), its unit (`单位：万元` or `单位：元`), its header band (the
//! lines before the first line with a figure), and its body, which runs to
//! a `注：` / `说明：` line, the next title, or the end of the page — and on
//! to the next page when that page goes on with figures (its repeated
//! header lines dropped).

use super::body::{self, Located};
use super::catalogue::{self, Role, Spec};
use super::header;
use super::layout::{Line, Page, Place};
use super::Read;
use crate::extract::model::{StandardTable, TableStatus};
use crate::model::value::{self, AmountUnit};

/// Header words: one of them right after a title confirms it.
const HEADER_WORDS: [&str; 9] = [
    "单位:",
    "项目",
    "科目",
    "编码",
    "名称",
    "预算数",
    "决算数",
    "金额",
    "合计",
];

/// A title line and its table.
struct Title {
    page: usize,
    line: usize,
    spec: &'static Spec,
}

/// Reads every standard table of the pages.
pub fn recognise(file: &str, pages: &[Page]) -> Read {
    let titles = titles(pages);
    let mut read = Read::default();
    let mut open_ended: Vec<bool> = Vec::new();
    let mut alignment = None;
    for (k, title) in titles.iter().enumerate() {
        let next = titles.get(k + 1).map(|t| (t.page, t.line));
        let region = region(pages, title, next);
        let table = table(
            file,
            pages,
            title,
            &region,
            &mut alignment,
            &mut read.errors,
        );
        match read.tables.iter().position(|t| t.id == table.id) {
            Some(at) if open_ended[at] => {
                // The same title again on the next page: the table goes on.
                let earlier = &mut read.tables[at];
                earlier.lines.extend(table.lines);
                if table.status == TableStatus::Present {
                    earlier.status = TableStatus::Present;
                }
                open_ended[at] = region.open_ended;
            }
            Some(at) => read.tables[at].notes.push(format!(
                "printed again at {}; the first is kept",
                table.place
            )),
            None => {
                read.tables.push(table);
                open_ended.push(region.open_ended);
            }
        }
    }
    read
}

fn titles(pages: &[Page]) -> Vec<Title> {
    let mut found = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for (l, line) in page.lines.iter().enumerate() {
            let Some(spec) = catalogue::title(&line.text()) else {
                continue;
            };
            let confirmed = page.lines[l + 1..].iter().take(4).any(|next| {
                let text = catalogue::fold(&next.text());
                catalogue::title(&text).is_none() && HEADER_WORDS.iter().any(|w| text.contains(w))
            });
            if confirmed {
                found.push(Title {
                    page: p,
                    line: l,
                    spec,
                });
            }
        }
    }
    found
}

/// The lines of a table after its title, page by page.
struct Region<'a> {
    /// (page index, line) in print order.
    lines: Vec<(usize, &'a Line)>,
    /// A 本表无数据 note after the table.
    says_empty: bool,
    /// It ran to the end of its last page without a closing note.
    open_ended: bool,
    /// The page its header is printed on: the title's, or the next when
    /// the title ends a page and the table begins the next.
    header_page: usize,
}

fn is_note(text: &str) -> bool {
    ["注:", "说明:", "备注:", "注：", "说明：", "备注："]
        .iter()
        .any(|m| text.starts_with(m))
}

fn says_empty(text: &str) -> bool {
    text.contains("无数据") || text.contains("本表为空") || text.contains("故本表无")
}

fn region<'a>(pages: &'a [Page], title: &Title, next: Option<(usize, usize)>) -> Region<'a> {
    let mut region = Region {
        lines: Vec::new(),
        says_empty: false,
        open_ended: false,
        header_page: title.page,
    };
    let mut page = title.page;
    let mut start = title.line + 1;
    loop {
        let lines = &pages[page].lines;
        let end = match next {
            Some((p, l)) if p == page => l,
            _ => lines.len(),
        };
        let mut closed = false;
        for line in lines.get(start..end).unwrap_or_default() {
            let text = catalogue::fold(&line.text());
            if is_browser_margin(&text) {
                continue;
            }
            if closed {
                region.says_empty |= says_empty(&text);
                continue;
            }
            if is_note(&text) {
                closed = true;
                region.says_empty |= says_empty(&text);
                continue;
            }
            region.lines.push((page, line));
        }
        if closed || end < lines.len() {
            return region;
        }
        // Ran to the end of the page: a page number is not part of it.
        while matches!(region.lines.last(), Some((p, l)) if *p == page && is_page_number(l)) {
            region.lines.pop();
        }
        let following = page + 1;
        if following >= pages.len() || next.is_some_and(|(p, l)| p == following && l == 0) {
            region.open_ended = next.is_some_and(|(p, _)| p == following);
            return region;
        }
        // Only the title and its unit line on this page: the table, header
        // and all, begins on the next.
        if region.lines.iter().all(|(_, l)| is_above_header(l)) {
            page = following;
            start = 0;
            region.header_page = following;
            continue;
        }
        // The header printed again at the top of the page: short lines, no
        // figure, up to the first line with one.
        let Some(first) = pages[following]
            .lines
            .iter()
            .take(10)
            .position(|l| is_body(l) || starts_item(title.spec, l) || !is_repeated_header(l))
        else {
            return region;
        };
        let first_line = &pages[following].lines[first];
        if !is_body(first_line) && !starts_item(title.spec, first_line) {
            return region;
        }
        page = following;
        start = first;
    }
}

/// A line printed between a title and its header: the unit, the table's
/// number, the department.
fn is_above_header(line: &Line) -> bool {
    let text = catalogue::fold(&line.text());
    unit_of(&text).is_some()
        || is_table_number(&text)
        || text.starts_with("部门:")
        || text.starts_with("编制单位")
}

/// The lines a browser prints in a page's margins: the date and time
/// (`12/3/26, 1:19 PM`) and the page's address with its number.
fn is_browser_margin(text: &str) -> bool {
    let stamp = text.contains(':')
        && text.contains('/')
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '/' | ',' | ':' | 'A' | 'P' | 'M'));
    stamp
        || ["file:", "http:", "https:"]
            .iter()
            .any(|s| text.starts_with(s))
}

fn is_page_number(line: &Line) -> bool {
    let text = line.text();
    let digits = text.trim_matches(|c: char| matches!(c, '-' | '—' | '第' | '页'));
    !digits.is_empty() && digits.len() <= 3 && digits.chars().all(|c| c.is_ascii_digit())
}

/// A line of a header printed again on a continuation page: no figure,
/// no note, only short texts.
fn is_repeated_header(line: &Line) -> bool {
    let text = catalogue::fold(&line.text());
    !is_body(line)
        && !is_note(&text)
        && catalogue::title(&text).is_none()
        && line.pieces.iter().all(|p| p.text.chars().count() <= 12)
}

fn is_header_like(line: &Line) -> bool {
    let text = catalogue::fold(&line.text());
    !is_body(line)
        && (HEADER_WORDS.iter().any(|w| text.contains(w)) || catalogue::title(&text).is_some())
}

/// A line with a figure or a code: the body has begun.
fn is_body(line: &Line) -> bool {
    let text = line.text();
    if text.contains("栏次") || text.contains("行次") {
        return false;
    }
    line.pieces.iter().any(|p| {
        let t = value::normalize(&p.text).replace(',', "");
        let t = t.trim_start_matches('-');
        !t.is_empty()
            && t.chars().all(|c| c.is_ascii_digit() || c == '.')
            && t.chars().next().is_some_and(|c| c.is_ascii_digit())
    })
}

/// A line that is only the table's number, printed on a line of its own
/// under the title (`公开01表`, `表一`, `附表1-2`, `（公开05表）`): not header.
fn is_table_number(text: &str) -> bool {
    let inner = text
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）', ':', '：']);
    let Some(rest) = ["公开", "附表", "表"]
        .iter()
        .find_map(|p| inner.strip_prefix(p))
    else {
        return false;
    };
    let rest = rest.strip_suffix('表').unwrap_or(rest);
    !rest.is_empty()
        && rest.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, '-' | '－' | '_')
                || "一二三四五六七八九十".contains(c)
        })
}

/// The unit a unit line declares. The line may name the department first
/// (`编制单位：某局 单位：元`): the 单位: followed by a unit counts.
fn unit_of(text: &str) -> Option<AmountUnit> {
    text.match_indices("单位:").find_map(|(at, marker)| {
        let rest = &text[at + marker.len()..];
        if rest.starts_with("万元") {
            Some(AmountUnit::Wan)
        } else if rest.starts_with('元') {
            Some(AmountUnit::Yuan)
        } else {
            None
        }
    })
}

fn table(
    file: &str,
    pages: &[Page],
    title: &Title,
    region: &Region,
    alignment: &mut Option<body::Align>,
    errors: &mut Vec<String>,
) -> StandardTable {
    let spec = title.spec;
    let first_place = pages[title.page].place.clone();
    let mut notes = Vec::new();
    let mut unit = None;
    let mut band: Vec<Line> = Vec::new();
    let mut body_lines: Vec<Located> = Vec::new();
    let title_unit = unit_of(&catalogue::fold(
        &pages[title.page].lines[title.line].text(),
    ));
    for &(page, line) in &region.lines {
        let text = catalogue::fold(&line.text());
        if let Some(u) = unit_of(&text) {
            unit.get_or_insert(u);
            continue;
        }
        let on_first_page = page == region.header_page;
        if body_lines.is_empty() && is_table_number(&text) {
            continue; // its digits are no figure
        }
        if body_lines.is_empty() && on_first_page && !is_body(line) && !starts_item(spec, line) {
            if !text.contains("栏次") && !text.starts_with("部门:") && !text.starts_with("编制单位")
            {
                band.push(line.clone());
            }
            continue;
        }
        if !on_first_page
            && is_header_like(line)
            && !body_lines
                .iter()
                .any(|b| b.place == pages[page].place.to_string())
        {
            continue; // the header printed again on a continuation page
        }
        body_lines.push(Located {
            line,
            place: pages[page].place.to_string(),
        });
    }
    for located in &body_lines {
        for piece in located.line.pieces.iter().filter(|p| p.cell.is_some()) {
            let rows = (piece.y1 - piece.y0).round();
            let numeric = piece
                .text
                .trim()
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'));
            let wide = piece.x1 - piece.x0 > 1.5;
            if (rows > 1.0 || (wide && numeric)) && !says_empty(&piece.text) {
                errors.push(format!(
                    "{file} {}!{}: a merged cell across the lines of {} (\"{}\"); unmerge it so that every line has cells of its own",
                    located.place,
                    piece.cell.as_deref().unwrap_or_default(),
                    spec.id.title(),
                    piece.text.trim()
                ));
            }
        }
    }
    let unit = match unit.or(title_unit) {
        Some(unit) => unit,
        None => {
            notes.push("no 单位 line above it; its amounts are read as 万元".to_string());
            AmountUnit::Wan
        }
    };
    let mut columns = header::columns(spec, &band);
    if !spec.labelled {
        // The first part of a wrapped 科目名称 printed above its line's
        // figures is not header: it goes back to the body.
        let mut moved = 0;
        while let Some(last) = band.last() {
            let text = catalogue::fold(&last.text());
            let in_labels = last.pieces.iter().all(|p| {
                columns.iter().any(|c| {
                    matches!(c.role, Some(Role::Label | Role::Code))
                        && p.cx() >= c.x0
                        && p.cx() < c.x1
                })
            });
            if !in_labels || HEADER_WORDS.iter().any(|w| text.contains(w)) || band.len() == 1 {
                break;
            }
            band.pop();
            moved += 1;
        }
        if moved > 0 {
            let start = region
                .lines
                .iter()
                .position(|(p, l)| {
                    *p == title.page
                        && std::ptr::eq(*l, body_lines.first().map_or(std::ptr::null(), |b| b.line))
                })
                .unwrap_or(region.lines.len());
            for &(page, line) in region.lines[..start].iter().rev().take(moved) {
                body_lines.insert(
                    0,
                    Located {
                        line,
                        place: pages[page].place.to_string(),
                    },
                );
            }
            columns = header::columns(spec, &band);
        }
    }
    let title_text = spec.id.title();
    let source = |place: &str, cell: Option<&str>| match cell {
        Some(cell) => format!("{file} {place}!{cell}"),
        None => format!("{file} {place} {title_text}"),
    };
    let body = if columns.is_empty() {
        body::Body::default()
    } else {
        body::read(spec, &columns, &body_lines, unit, &source, alignment)
    };
    if columns.is_empty() && !body_lines.is_empty() {
        errors.push(format!(
            "{file} {first_place} {title_text}: no header found under the title; expected the column names (项目, 科目编码, 决算数 …) above its figures"
        ));
    }
    for problem in body.problems {
        errors.push(format!("{file} {first_place} {title_text}: {problem}"));
    }
    notes.extend(body.notes);
    let has_figures = body.lines.iter().any(|l| !l.amounts.is_empty());
    let status = if has_figures {
        TableStatus::Present
    } else {
        TableStatus::Empty
    };
    if has_figures && (region.says_empty || body.says_empty) {
        notes.push("says 本表无数据 but prints figures; the figures are kept".to_string());
    }
    StandardTable {
        id: spec.id,
        status,
        page: match first_place {
            Place::Page(n) => Some(n),
            Place::Sheet(_) => None,
        },
        place: first_place.to_string(),
        unit,
        lines: body.lines,
        notes,
    }
}

/// A line of a label table that starts one of its numbered items (`一、…
/// 收入`), even with no figure, or even cut short by a narrow cell (`一、一`
/// / `般公共` / `预算财` / `政拨款`): the body has begun. No header text is
/// numbered.
fn starts_item(spec: &Spec, line: &Line) -> bool {
    spec.labelled
        && line.pieces.first().is_some_and(|p| {
            let text = catalogue::fold(&p.text);
            catalogue::strip_enumeration(&text) != text
        })
}

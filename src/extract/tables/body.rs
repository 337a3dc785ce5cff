//! A table's body → its lines: each piece goes to the column it sits
//! under (a number to an amount column, a code to the code column, text
//! to the label), lines with a code or a figure are the table's lines, and
//! the text-only lines between them (a wrapped 科目名称) join the nearest.

use super::catalogue::{self, Item, Role, Spec};
use super::header::Column;
use super::layout::{Line, Piece};
use crate::extract::model::{LineKey, Stated, TableId, TableLine};
use crate::model::value::{self, AmountUnit};

/// A body line of one side, with where it was printed.
pub struct Located<'a> {
    pub line: &'a Line,
    /// `p.7` or the sheet name, for `source`; lines of one page share it.
    pub place: String,
}

/// What reading a body found.
#[derive(Default)]
pub struct Body {
    pub lines: Vec<TableLine>,
    /// A 本表无数据 note printed inside the table.
    pub says_empty: bool,
    /// Figures that could not be placed or read: messages, each complete
    /// but for the file, page and table.
    pub problems: Vec<String>,
    /// Lines left out, and why.
    pub notes: Vec<String>,
}

/// One side's reading of one printed line.
#[derive(Clone, Default)]
struct Draft {
    code: String,
    code_parts: [Option<String>; 3],
    label: String,
    amounts: Vec<(&'static str, Stated)>,
    texts: Vec<(&'static str, String)>,
    y: f64,
    place: String,
    cell: Option<String>,
}

/// Reads the body lines of a table.
pub fn read(
    spec: &Spec,
    columns: &[Column],
    body: &[Located],
    unit: AmountUnit,
    source: &dyn Fn(&str, Option<&str>) -> String,
    alignment_seen: &mut Option<Align>,
) -> Body {
    let mut out = Body::default();
    let sides = columns.iter().map(|c| c.side).max().map_or(1, |s| s + 1);
    let placement = Placement::new(columns, body, alignment_seen);
    let split: Vec<Vec<Option<Draft>>> = body
        .iter()
        .map(|located| split_line(spec, columns, &placement, located, unit, sides, &mut out))
        .collect();
    for side in 0..sides {
        let mut anchors: Vec<Draft> = Vec::new();
        let mut fragments: Vec<Draft> = Vec::new();
        let drafts_of_side = split
            .iter()
            .filter_map(|drafts| drafts.get(usize::from(side)).and_then(Option::as_ref));
        let drafts: Vec<Draft> = if spec.labelled {
            items(spec, side, drafts_of_side.cloned().collect())
        } else {
            drafts_of_side.cloned().collect()
        };
        for draft in drafts {
            let is_anchor = !draft.code.is_empty()
                || draft.code_parts.iter().any(Option::is_some)
                || !draft.amounts.is_empty()
                || (spec.labelled && spec.item(side, &draft.label, None).is_some())
                || is_total(&draft.label);
            if is_anchor {
                anchors.push(draft);
            } else if !draft.label.is_empty() {
                fragments.push(draft);
            }
        }
        attach(&mut anchors, fragments);
        let mut parts: [Option<String>; 3] = [None, None, None];
        let mut after: Option<&'static str> = None;
        for draft in anchors {
            let key = key_of(spec, side, &draft, &mut parts, &mut after, &mut out);
            let Some(key) = key else {
                continue;
            };
            // A 总表 prints its lines numbered (`十九、住房保障支出`): the name
            // is what follows.
            let label = if spec.labelled {
                catalogue::strip_enumeration(&catalogue::fold(&draft.label)).to_string()
            } else {
                draft.label.clone()
            };
            out.lines.push(TableLine {
                side,
                key,
                label,
                amounts: draft.amounts,
                texts: draft.texts,
                source: source(&draft.place, draft.cell.as_deref()),
            });
        }
    }
    out
}

/// 合计 / 总计, also with the last character of a header wrapped onto its
/// line (`科目编` / `码` beside 合计, in a narrow cell).
fn is_total(label: &str) -> bool {
    let folded = catalogue::fold(label);
    let rest = folded
        .strip_prefix(['码', '称', '目'])
        .unwrap_or(folded.as_str());
    matches!(rest, "合计" | "总计" | "总合计")
}

/// Where a line's pieces go: each to its side and column, read into one
/// draft per side.
fn split_line(
    spec: &Spec,
    columns: &[Column],
    placement: &Placement,
    located: &Located,
    unit: AmountUnit,
    sides: u8,
    out: &mut Body,
) -> Vec<Option<Draft>> {
    // A text is on the last side whose first column starts left of it,
    // judged by the amount header before that side (labels are printed
    // from the left edge of their column).
    let text_starts: Vec<f64> = (0..sides)
        .map(|side| {
            columns
                .iter()
                .filter(|c| c.side + 1 == side && matches!(c.role, Some(Role::Amount(_))))
                .map(|c| c.leaf_x1)
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    let mut drafts: Vec<Option<Draft>> = (0..sides).map(|_| None).collect();
    for piece in &located.line.pieces {
        let text = value::normalize(&piece.text).replace([' ', '\u{3000}'], "");
        if value::is_empty_marker(&text) {
            continue;
        }
        // A code printed in its name's cell (`2010101 行政运行`) is no figure.
        let is_figure = !is_joined_code(columns, piece, &text)
            && (text.chars().all(|c| c.is_ascii_digit()) || number(&text).is_some());
        let placed = if is_figure {
            placement.column(columns, piece, &text)
        } else {
            None
        };
        let side = if is_figure {
            placed.map_or(0, |c| c.side)
        } else {
            text_starts
                .iter()
                .rposition(|&start| piece.x0 >= start - 0.5)
                .map_or(0, |s| s as u8)
        };
        let Some(slot) = drafts.get_mut(usize::from(side)) else {
            continue;
        };
        let draft = slot.get_or_insert_with(|| Draft {
            place: located.place.clone(),
            y: piece.cy(),
            cell: piece.cell.clone(),
            ..Draft::default()
        });
        let on_side: Vec<&Column> = columns.iter().filter(|c| c.side == side).collect();
        read_piece(spec, &on_side, placed, piece, &text, unit, draft, out);
    }
    if !spec.labelled {
        join_label_across_sides(&mut drafts);
    }
    drafts
}

/// A label centred in a cell merged across a side's end (`公用经费合计`
/// under the last two parts of the national economic table) lands on one
/// side and its figure on the next: the figure's side takes it. Only a
/// 合计 of a code table: a 总表's labels wrap on their own side.
fn join_label_across_sides(drafts: &mut [Option<Draft>]) {
    for side in 1..drafts.len() {
        let bare = |d: &Draft| d.code.is_empty() && d.code_parts.iter().all(Option::is_none);
        let label_only = matches!(&drafts[side - 1], Some(d) if bare(d) && d.amounts.is_empty() && d.label.ends_with("合计"));
        let figures_only = matches!(&drafts[side], Some(d) if bare(d) && !d.amounts.is_empty() && d.label.is_empty());
        if label_only && figures_only {
            let label = drafts[side - 1].take().map(|d| d.label).unwrap_or_default();
            if let Some(d) = drafts[side].as_mut() {
                d.label = label;
            }
        }
    }
}

/// Where the figures go. A code goes to the code column it sits in. The
/// numbers are grouped into the runs of boxes that overlap down the table
/// (a column's figures, right-aligned or centred), and the runs are matched
/// to the amount columns in order, each to the nearest header it can take:
/// a number printed flush right in a wide cell under a centred header is
/// still under that header, not the next one.
pub struct Placement {
    /// A run's x-interval and the index of its column.
    runs: Vec<(f64, f64, usize)>,
}

impl Placement {
    /// `seen`: the alignment of the tables before, for a table whose own
    /// figures do not tell it (one line, figures of one width); updated.
    fn new(columns: &[Column], body: &[Located], seen: &mut Option<Align>) -> Placement {
        let mut boxes: Vec<(f64, f64, usize)> = body
            .iter()
            .enumerate()
            .flat_map(|(i, l)| l.line.pieces.iter().map(move |p| (i, p)))
            .filter_map(|(line, piece)| {
                let text = value::normalize(&piece.text).replace([' ', '\u{3000}'], "");
                (number(&text).is_some()
                    && code_column(columns, piece, &text).is_none()
                    && !is_joined_code(columns, piece, &text))
                .then_some((piece.x0, piece.x1, line))
            })
            .collect();
        boxes.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Two figures of one line are never one column's, however close.
        let mut runs: Vec<(f64, f64)> = Vec::new();
        let mut members: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut lines_in_run: Vec<usize> = Vec::new();
        for (x0, x1, line) in boxes {
            match (runs.last_mut(), members.last_mut()) {
                (Some(run), Some(m)) if x0 < run.1 && !lines_in_run.contains(&line) => {
                    run.1 = run.1.max(x1);
                    m.push((x0, x1));
                    lines_in_run.push(line);
                }
                _ => {
                    runs.push((x0, x1));
                    members.push(vec![(x0, x1)]);
                    lines_in_run = vec![line];
                }
            }
        }
        let alignment = match alignment(&members) {
            Some(own) => {
                *seen = Some(own);
                own
            }
            None => seen.unwrap_or(Align::Centre),
        };
        let targets: Vec<usize> = (0..columns.len())
            .filter(|&i| {
                !matches!(
                    columns[i].role,
                    Some(Role::Code | Role::CodePart(_) | Role::Label)
                )
            })
            .collect();
        let matched = match_in_order(&runs, &targets, columns, alignment);
        Placement {
            runs: runs
                .iter()
                .zip(matched)
                .map(|(&(x0, x1), column)| (x0, x1, column))
                .collect(),
        }
    }

    fn column<'c>(&self, columns: &'c [Column], piece: &Piece, text: &str) -> Option<&'c Column> {
        if let Some(code) = code_column(columns, piece, text) {
            return Some(code);
        }
        let run = self
            .runs
            .iter()
            .find(|(x0, x1, _)| piece.x0 >= *x0 - 0.01 && piece.x1 <= *x1 + 0.01)?;
        columns.get(run.2)
    }
}

/// The code column a piece of digits of a code's length is printed in:
/// inside the span of the code columns of its side, the one whose header it
/// is under, else the first whose header is right of its start (codes are
/// printed flush left in their cells), of a column taking its length.
fn code_column<'c>(columns: &'c [Column], piece: &Piece, text: &str) -> Option<&'c Column> {
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let fits = |c: &Column| match c.role {
        Some(Role::Code) => matches!(text.len(), 3 | 5 | 7),
        Some(Role::CodePart(0)) => text.len() == 3,
        Some(Role::CodePart(_)) => text.len() == 2,
        _ => false,
    };
    let is_code = |c: &Column| matches!(c.role, Some(Role::Code | Role::CodePart(_)));
    let side = best(columns, piece, &|_| true)?.side;
    let codes: Vec<&Column> = columns
        .iter()
        .filter(|c| c.side == side && is_code(c))
        .collect();
    let (first, last) = (codes.first()?, codes.last()?);
    if piece.cx() < first.x0 || piece.cx() >= last.x1 {
        return None;
    }
    let candidates: Vec<&Column> = codes.into_iter().filter(|c| fits(c)).collect();
    candidates
        .iter()
        .find(|c| piece.x_overlap(c.leaf_x0, c.leaf_x1) > 0.0)
        .or_else(|| {
            candidates
                .iter()
                .find(|c| (c.leaf_x0 + c.leaf_x1) / 2.0 >= piece.x0)
        })
        .or_else(|| candidates.last())
        .copied()
}

/// A code printed in the cell of its name (`2010101 行政运行` under 项目),
/// in a table whose side has no code column: digits of a code's length in
/// a label column.
fn is_joined_code<C: std::borrow::Borrow<Column>>(
    columns: &[C],
    piece: &Piece,
    text: &str,
) -> bool {
    if !matches!(text.len(), 3 | 5 | 7) || !text.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let Some(under) = best(columns, piece, &|_| true) else {
        return false;
    };
    under.role == Some(Role::Label)
        && !columns
            .iter()
            .map(|c| c.borrow())
            .any(|c| c.side == under.side && matches!(c.role, Some(Role::Code | Role::CodePart(_))))
}

/// How a table's figures sit in their cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// The alignment most runs of several figures agree on: the edge (or the
/// centre) their boxes share.
fn alignment(members: &[Vec<(f64, f64)>]) -> Option<Align> {
    let spread = |values: Vec<f64>| {
        let max = values.iter().copied().fold(f64::MIN, f64::max);
        let min = values.iter().copied().fold(f64::MAX, f64::min);
        max - min
    };
    let mut votes = [0usize; 3];
    for run in members {
        let widths = spread(run.iter().map(|(a, b)| b - a).collect());
        if run.len() < 2 || widths < 0.5 {
            continue; // figures of one width tell nothing
        }
        let spreads = [
            spread(run.iter().map(|b| b.0).collect()),
            spread(run.iter().map(|b| (b.0 + b.1) / 2.0).collect()),
            spread(run.iter().map(|b| b.1).collect()),
        ];
        let (best, _) = spreads
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .unwrap_or((1, &0.0));
        votes[best] += 1;
    }
    match votes
        .iter()
        .enumerate()
        .max_by_key(|(i, v)| (**v, usize::from(*i == 1)))
    {
        Some((0, v)) if *v > 0 => Some(Align::Left),
        Some((2, v)) if *v > 0 => Some(Align::Right),
        Some((1, v)) if *v > 0 => Some(Align::Centre),
        _ => None,
    }
}

/// Runs to columns, left to right, no two runs to one column, at the
/// least total distance from each run to its column's header text; with
/// more runs than columns, each run to its nearest.
fn match_in_order(
    runs: &[(f64, f64)],
    targets: &[usize],
    columns: &[Column],
    align: Align,
) -> Vec<usize> {
    // A header is centred in its cell: a figure flush right ends right of
    // its own header's centre and left of the next one's (flush left: the
    // mirror image); a centred figure shares its header's centre.
    const BEYOND: f64 = 1.0e4;
    let cost = |r: usize, t: usize| -> f64 {
        let (x0, x1) = runs[r];
        let c = &columns[targets[t]];
        let centre = (c.leaf_x0 + c.leaf_x1) / 2.0;
        match align {
            Align::Right if centre <= x1 => x1 - centre,
            Align::Right => BEYOND + centre - x1,
            Align::Left if centre >= x0 => centre - x0,
            Align::Left => BEYOND + x0 - centre,
            Align::Centre => {
                let gap = (c.leaf_x0 - x1).max(x0 - c.leaf_x1).max(0.0);
                gap + ((x0 + x1) / 2.0 - centre).abs() * 0.001
            }
        }
    };
    let nearest = |r: usize| {
        (0..targets.len())
            .min_by(|&a, &b| cost(r, a).total_cmp(&cost(r, b)))
            .map_or(0, |t| targets[t])
    };
    let (n, m) = (runs.len(), targets.len());
    if n == 0 || n > m {
        return (0..n).map(nearest).collect();
    }
    // best[i][j]: runs 0..i placed in targets 0..j.
    let mut best = vec![vec![f64::INFINITY; m + 1]; n + 1];
    best[0].fill(0.0);
    for i in 1..=n {
        for j in i..=m {
            let skip = best[i][j - 1];
            let take = best[i - 1][j - 1] + cost(i - 1, j - 1);
            best[i][j] = skip.min(take);
        }
    }
    let mut out = vec![0; n];
    let (mut i, mut j) = (n, m);
    while i > 0 {
        if j > i && best[i][j] == best[i][j - 1] {
            j -= 1;
        } else {
            out[i - 1] = targets[j - 1];
            i -= 1;
            j -= 1;
        }
    }
    out
}

/// The column a piece overlaps most, among those `wanted`.
fn best<'c, C: std::borrow::Borrow<Column>>(
    columns: &'c [C],
    piece: &Piece,
    wanted: &dyn Fn(Option<Role>) -> bool,
) -> Option<&'c Column> {
    columns
        .iter()
        .map(|c| c.borrow())
        .filter(|c| wanted(c.role))
        .max_by(|a, b| {
            piece
                .x_overlap(a.x0, a.x1)
                .total_cmp(&piece.x_overlap(b.x0, b.x1))
        })
}

#[allow(clippy::too_many_arguments)]
fn read_piece(
    spec: &Spec,
    columns: &[&Column],
    placed: Option<&Column>,
    piece: &Piece,
    text: &str,
    unit: AmountUnit,
    draft: &mut Draft,
    out: &mut Body,
) {
    if text.contains("无数据") || text.contains("本表为空") {
        out.says_empty = true;
        return;
    }
    let text = text.to_string();
    let under = placed.or_else(|| best(columns, piece, &|_| true));
    let digits = text.chars().all(|c| c.is_ascii_digit());
    if digits {
        if let Some(column) = under {
            match column.role {
                Some(Role::Code) if matches!(text.len(), 3 | 5 | 7) => {
                    draft.code = text;
                    return;
                }
                Some(Role::CodePart(level)) if text.len() == if level == 0 { 3 } else { 2 } => {
                    draft.code_parts[usize::from(level)] = Some(text);
                    return;
                }
                Some(Role::Label)
                    if !spec.labelled
                        && draft.code.is_empty()
                        && is_joined_code(columns, piece, &text) =>
                {
                    draft.code = text;
                    return;
                }
                _ => {}
            }
        }
    }
    if let Some(amount) = number(&text) {
        match under.map(|c| c.role) {
            Some(Some(Role::Amount(id))) if draft.amounts.iter().any(|(c, _)| *c == id) => {
                out.problems.push(format!(
                    "two figures of one line under one header (\"{}\", {}); expected one figure a column",
                    under.map_or("", |c| c.path.as_str()),
                    piece.text
                ));
                optional_noted(spec, out);
            }
            Some(Some(Role::Amount(id))) => match amount(unit) {
                Ok(stated) => draft.amounts.push((id, stated)),
                Err(why) => out.problems.push(format!("\"{}\": {why}", piece.text)),
            },
            Some(Some(Role::Ignored)) => {}
            Some(Some(Role::Label)) if !spec.labelled => draft.label.push_str(&piece.text),
            _ => {
                let path = under.map_or("", |c| c.path.as_str());
                out.problems.push(format!(
                    "the figure {} is in a column the tool cannot place (header \"{path}\"); expected a column of {}",
                    piece.text,
                    spec.id.title()
                ));
                optional_noted(spec, out);
            }
        }
        return;
    }
    if let Some(Some(Role::Text(id))) = under.map(|c| c.role) {
        match draft.texts.iter_mut().find(|(c, _)| *c == id) {
            Some((_, words)) => words.push_str(&text),
            None => draft.texts.push((id, text)),
        }
        return;
    }
    // Text: a label, or a code and its label in one piece (`310资本性支出`).
    let split = text
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .map_or(text.len(), |(i, _)| i);
    if !spec.labelled && matches!(split, 3 | 5 | 7) && draft.code.is_empty() {
        draft.code = text[..split].to_string();
        draft.label.push_str(text[split..].trim());
        return;
    }
    draft.label.push_str(&text);
}

/// A figure an optional table prints where no contract column takes it
/// (a 办公费 column of a 机关运行经费 table) is not the report's error: the
/// problem just pushed becomes a note, and the figure is left out.
fn optional_noted(spec: &Spec, out: &mut Body) {
    if spec.id.is_optional() {
        if let Some(problem) = out.problems.pop() {
            out.notes.push(format!("{problem}; left out"));
        }
    }
}

/// A number as a table prints it: `1,234.56`, `-3.2`, `(3.20)`.
fn number(text: &str) -> Option<impl Fn(AmountUnit) -> Result<Stated, String> + '_> {
    let (negative, body) = match text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        Some(inner) => (true, inner),
        None => (false, text),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+'))
    {
        return None;
    }
    if !body.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(move |unit: AmountUnit| {
        let mut printed = value::parse_decimal(body).map_err(|e| e.to_string())?;
        if negative {
            printed.value = -printed.value;
        }
        let fen = value::to_fen(printed, unit, body).map_err(|e| e.to_string())?;
        let extra = if unit == AmountUnit::Yuan { 4 } else { 0 };
        Ok(Stated {
            fen,
            decimals: printed.decimals + extra,
            printed: unit,
        })
    })
}

/// Each text-only line joins the table line nearest to it on its page.
/// The printed lines of a label table grouped into its lines: a narrow
/// label column wraps `一、一般公共预算财政拨款` over four printed lines with
/// its figures on one of them. A line starts at a numbered label, at a
/// label that is a whole line's name (`本年收入合计`) or begins one after a
/// whole one (`年初财政拨款结转和` / `结余`), and at a second printed line of
/// figures; every other printed line goes on with the line before.
fn items(spec: &Spec, side: u8, drafts: Vec<Draft>) -> Vec<Draft> {
    let numbered = |label: &str| {
        let folded = catalogue::fold(label);
        !folded.is_empty() && catalogue::strip_enumeration(&folded) != folded
    };
    let known = |label: &str| spec.item(side, label, None).is_some() || is_total(label);
    let mut out: Vec<Draft> = Vec::new();
    for draft in drafts {
        if draft.label.is_empty() && draft.amounts.is_empty() && draft.code.is_empty() {
            continue;
        }
        let starts = match out.last() {
            None => true,
            Some(line) => {
                let joined = format!("{}{}", line.label, draft.label);
                numbered(&draft.label)
                    || (known(&draft.label) && !known(&joined))
                    || (!line.amounts.is_empty() && !draft.amounts.is_empty())
                    || (known(&line.label)
                        && !known(&joined)
                        && spec.begins_item(side, &draft.label))
                    // A numbered heading with no figure of its own (三、国有资产
                    // 占用情况) does not take the named line under it.
                    || (spec.id.is_optional()
                        && numbered(&line.label)
                        && line.amounts.is_empty()
                        && known(&draft.label))
            }
        };
        match out.last_mut() {
            Some(line) if !starts => {
                line.label.push_str(&draft.label);
                if line.amounts.is_empty() && !draft.amounts.is_empty() {
                    line.y = draft.y;
                    line.place = draft.place;
                    line.cell = draft.cell;
                }
                line.amounts.extend(draft.amounts);
                line.texts.extend(draft.texts);
            }
            _ => out.push(draft),
        }
    }
    out
}

fn attach(anchors: &mut [Draft], fragments: Vec<Draft>) {
    let mut extra: Vec<Vec<(f64, String)>> = vec![Vec::new(); anchors.len()];
    for fragment in fragments {
        let nearest = anchors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.place == fragment.place)
            .min_by(|(_, a), (_, b)| {
                (a.y - fragment.y)
                    .abs()
                    .total_cmp(&(b.y - fragment.y).abs())
            })
            .map(|(i, _)| i);
        if let Some(i) = nearest {
            extra[i].push((fragment.y, fragment.label));
        }
    }
    for (anchor, mut extra) in anchors.iter_mut().zip(extra) {
        if extra.is_empty() {
            continue;
        }
        extra.push((anchor.y, std::mem::take(&mut anchor.label)));
        extra.sort_by(|a, b| a.0.total_cmp(&b.0));
        anchor.label = extra.into_iter().map(|(_, t)| t).collect();
    }
}

/// What a table line is about.
fn key_of(
    spec: &Spec,
    side: u8,
    draft: &Draft,
    parts: &mut [Option<String>; 3],
    after: &mut Option<&'static str>,
    out: &mut Body,
) -> Option<LineKey> {
    if spec.labelled {
        // A line of figures with no name, in a table of one line: the
        // table's own figure.
        if draft.label.is_empty() && !draft.amounts.is_empty() {
            match spec.id {
                TableId::OperatingCosts => return Some(LineKey::Item("operating_costs")),
                TableId::Procurement => return Some(LineKey::Item("procurement:total")),
                TableId::Assets => return Some(LineKey::Item("total")),
                _ => {}
            }
        }
        return match spec.item(side, &draft.label, *after) {
            Some(Item::Code(code)) => Some(LineKey::Code(code)),
            Some(Item::Named(id)) => {
                if !id.contains(':') {
                    *after = Some(id);
                }
                Some(LineKey::Item(id))
            }
            None => {
                if !draft.amounts.is_empty() {
                    out.notes.push(format!(
                        "line \"{}\" of {} has figures but is not a line of the standard table; left out",
                        draft.label,
                        spec.id.title()
                    ));
                }
                None
            }
        };
    }
    if draft.code_parts.iter().any(Option::is_some) {
        // 类 / 款 / 项 in three columns; a part left blank is the line above's.
        let [class, section, item] = &draft.code_parts;
        if let Some(class) = class {
            *parts = [Some(class.clone()), None, None];
        }
        if let Some(section) = section {
            parts[1] = Some(section.clone());
            parts[2] = None;
        }
        if let Some(item) = item {
            parts[2] = Some(item.clone());
        }
        let depth = if item.is_some() {
            3
        } else if section.is_some() {
            2
        } else {
            1
        };
        let code: Option<String> = parts[..depth].iter().cloned().collect();
        return code.map(LineKey::Code);
    }
    if !draft.code.is_empty() {
        return Some(LineKey::Code(draft.code.clone()));
    }
    // A code printed in the label column, before the name.
    let digits = draft.label.chars().take_while(char::is_ascii_digit).count();
    if matches!(digits, 3 | 5 | 7) {
        return Some(LineKey::Code(draft.label[..digits].to_string()));
    }
    if is_total(&draft.label)
        || (draft.label.is_empty() && spec.id == crate::extract::model::TableId::ThreePublic)
    {
        return Some(LineKey::Total);
    }
    let label = catalogue::fold(&draft.label);
    if spec.id == crate::extract::model::TableId::ThreePublic {
        if let Some(Item::Named(id)) = spec.item(side, &label, None) {
            return Some(LineKey::Item(id));
        }
    }
    if label.starts_with("人员经费") {
        return Some(LineKey::Item("personnel"));
    }
    if label.starts_with("公用经费") {
        return Some(LineKey::Item("public"));
    }
    if !draft.amounts.is_empty() {
        out.notes.push(format!(
            "line \"{}\" of {} has figures but no code; left out",
            draft.label,
            spec.id.title()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_with_a_header_character_wrapped_onto_its_line() {
        assert!(is_total("合计"));
        assert!(is_total("总 计"));
        assert!(is_total("码合计"));
        assert!(!is_total("人员经费合计"));
        assert!(!is_total("小计"));
    }
}

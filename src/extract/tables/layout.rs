//! The layout both sources produce: pieces of text with a box, on a page
//! of a PDF or a sheet of a workbook, grouped into lines. The recogniser
//! reads nothing else, so a PDF and a workbook are read by the same rules.
//!
//! Coordinates grow rightwards and downwards. A PDF word's box is in
//! points; a workbook cell's is in columns and rows (a merged cell spans
//! several), so "overlaps in x" means the same for both.

/// One word of a PDF, or one cell of a sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    /// A workbook cell's reference (`B12`); none for a PDF word.
    pub cell: Option<String>,
}

impl Piece {
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// How far the two boxes overlap in x (negative: the gap between them).
    pub fn x_overlap(&self, x0: f64, x1: f64) -> f64 {
        self.x1.min(x1) - self.x0.max(x0)
    }
}

/// Where a page comes from, for messages and each row's `source`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A PDF page, counted from 1.
    Page(u32),
    /// A workbook sheet, by name.
    Sheet(String),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Page(n) => write!(f, "p.{n}"),
            Place::Sheet(name) => write!(f, "{name}"),
        }
    }
}

/// One page or sheet, its pieces grouped into lines from top to bottom.
#[derive(Clone, Debug)]
pub struct Page {
    pub place: Place,
    pub lines: Vec<Line>,
}

/// Pieces printed side by side, left to right.
#[derive(Clone, Debug, Default)]
pub struct Line {
    pub pieces: Vec<Piece>,
}

impl Line {
    /// The line's text without spaces, for matching titles and labels.
    pub fn text(&self) -> String {
        self.pieces
            .iter()
            .flat_map(|p| p.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    pub fn top(&self) -> f64 {
        self.pieces.iter().map(|p| p.y0).fold(f64::MAX, f64::min)
    }

    pub fn bottom(&self) -> f64 {
        self.pieces.iter().map(|p| p.y1).fold(f64::MIN, f64::max)
    }

    pub fn cy(&self) -> f64 {
        (self.top() + self.bottom()) / 2.0
    }
}

impl Page {
    /// Groups pieces into lines: a piece joins the line whose vertical
    /// centre is within half a piece's height of its own. Numbers and CJK
    /// text of one row have slightly different boxes, their centres agree.
    pub fn new(place: Place, mut pieces: Vec<Piece>) -> Page {
        pieces.retain(|p| !p.text.trim().is_empty() && p.x0.is_finite() && p.y0.is_finite());
        pieces.sort_by(|a, b| a.cy().total_cmp(&b.cy()).then(a.x0.total_cmp(&b.x0)));
        let mut lines: Vec<(f64, f64, Line)> = Vec::new();
        for piece in pieces {
            let (cy, half) = (piece.cy(), (piece.height() / 2.0).max(0.01));
            match lines.last_mut() {
                Some((centre, tolerance, line)) if (cy - *centre).abs() < half.min(*tolerance) => {
                    line.pieces.push(piece);
                }
                _ => lines.push((
                    cy,
                    half,
                    Line {
                        pieces: vec![piece],
                    },
                )),
            }
        }
        let lines = lines
            .into_iter()
            .map(|(_, _, mut line)| {
                line.pieces.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                line
            })
            .collect();
        Page { place, lines }
    }
}

/// Joins the pieces of a line that are printed as one phrase, so a wrapped
/// header such as `信息 网络 及软件` is one box: a gap under a third of a
/// character. The character's width, not the box's height, is the measure:
/// some producers (Chromium) give words boxes twice the font's height, and
/// the texts of two narrow cells side by side are then only half a
/// character apart. Workbook cells are never joined: each is its own box.
pub fn phrases(line: &Line) -> Vec<Piece> {
    let em = |p: &Piece| {
        let chars = p.text.chars().count().max(1) as f64;
        ((p.x1 - p.x0) / chars).min(p.height())
    };
    let mut out: Vec<Piece> = Vec::new();
    for piece in &line.pieces {
        if let Some(last) = out.last_mut() {
            let gap = piece.x0 - last.x1;
            let scale = em(last).min(em(piece));
            if last.cell.is_none() && piece.cell.is_none() && gap < scale * 0.35 {
                last.text.push_str(&piece.text);
                last.x1 = last.x1.max(piece.x1);
                last.y0 = last.y0.min(piece.y0);
                last.y1 = last.y1.max(piece.y1);
                continue;
            }
        }
        out.push(piece.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, x0: f64, y0: f64) -> Piece {
        let width = text.chars().count() as f64 * 10.0;
        Piece {
            text: text.into(),
            x0,
            x1: x0 + width,
            y0,
            y1: y0 + 10.5,
            cell: None,
        }
    }

    #[test]
    fn pieces_of_one_row_share_a_line_despite_their_boxes() {
        let mut number = word("2.22", 300.0, 95.4);
        number.y1 = 109.1;
        let page = Page::new(
            Place::Page(1),
            vec![
                number,
                word("行政单位医疗", 130.0, 96.9),
                word("2101101", 76.0, 95.4),
                word("事业单位医疗", 130.0, 120.3),
            ],
        );
        assert_eq!(page.lines.len(), 2);
        assert_eq!(page.lines[0].text(), "2101101行政单位医疗2.22");
    }

    #[test]
    fn close_words_are_one_phrase_far_ones_are_not() {
        let line = Line {
            pieces: vec![
                word("信息", 370.0, 635.0),
                word("网络", 391.0, 635.0),
                word("0.00", 497.0, 635.0),
            ],
        };
        let texts: Vec<String> = phrases(&line).into_iter().map(|p| p.text).collect();
        assert_eq!(texts, ["信息网络", "0.00"]);
    }

    #[test]
    fn headers_of_narrow_cells_in_tall_boxes_stay_apart() {
        // Chromium: 9-point text in boxes 23 points high, two cells' texts
        // 5.5 points (0.6 of a character) apart.
        let tall = |text: &str, x0: f64, x1: f64| Piece {
            text: text.into(),
            x0,
            x1,
            y0: 102.1,
            y1: 125.5,
            cell: None,
        };
        let line = Line {
            pieces: vec![
                tall("本年支出合计", 249.8, 303.8),
                tall("基本支出", 309.3, 345.3),
            ],
        };
        let texts: Vec<String> = phrases(&line).into_iter().map(|p| p.text).collect();
        assert_eq!(texts, ["本年支出合计", "基本支出"]);
    }
}

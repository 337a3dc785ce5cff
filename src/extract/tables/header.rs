//! A table's header band → its columns: each leaf of the header (a text
//! with nothing printed under it) is a column, its x-interval runs to the
//! middle of the gaps to its neighbours, and its name is the path of every
//! header text above it that overlaps that interval (`本年支出` + `合计`;
//! `年初结转和` + `结余`). The catalogue says what each path means.

use super::catalogue::{Role, Spec};
use super::layout::{phrases, Line, Piece};

/// One column of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub x0: f64,
    pub x1: f64,
    /// The header texts above it, top to bottom, joined.
    pub path: String,
    /// None: the header names nothing the catalogue knows.
    pub role: Option<Role>,
    /// 0 for the left side of a two-sided table, 1 for the right.
    pub side: u8,
    /// The header text's own box: labels are printed from the left edge of
    /// their column, so a text right of an amount header's box is on the
    /// next side.
    pub leaf_x0: f64,
    pub leaf_x1: f64,
    /// The bottom of the header texts over it.
    pub header_bottom: f64,
}

/// The columns of a header band, left to right.
pub fn columns(spec: &Spec, band: &[Line]) -> Vec<Column> {
    let boxes: Vec<Piece> = band.iter().flat_map(phrases).collect();
    let is_leaf = |a: &Piece| {
        let tolerance = if a.cell.is_some() {
            0.0
        } else {
            a.height() * 0.3
        };
        !boxes.iter().any(|b| {
            b.cy() > a.y1 - a.height() * 0.25
                && b.x_overlap(a.x0 - tolerance, a.x1 + tolerance) > 0.0
                && !std::ptr::eq(a, b)
        })
    };
    let mut leaves: Vec<&Piece> = boxes.iter().filter(|a| is_leaf(a)).collect();
    leaves.sort_by(|a, b| a.cx().total_cmp(&b.cx()));
    let first = build(spec, &boxes, &leaves, &[]);
    // A text naming no column of its own, printed higher than the columns on
    // either side of it (a 合计 centred over 预算数 | 决算数, narrower than the
    // gap between them), is their parent, not a column.
    let parents: Vec<usize> = (1..leaves.len().saturating_sub(1))
        .filter(|&i| {
            // 公用经费 over the national economic table's last two parts, in
            // the gap between them, names a column by itself but is a head.
            (first[i].role.is_none() || leaves[i].text.ends_with("经费"))
                && leaves[i].y1 <= leaves[i - 1].y0 + 0.01
                && leaves[i].y1 <= leaves[i + 1].y0 + 0.01
                && leaves[i].cell.is_none()
        })
        .collect();
    if parents.is_empty() {
        return first;
    }
    let over: Vec<(&Piece, &Piece, &Piece)> = parents
        .iter()
        .map(|&i| (leaves[i], leaves[i - 1], leaves[i + 1]))
        .collect();
    leaves = leaves
        .iter()
        .enumerate()
        .filter(|(i, _)| !parents.contains(i))
        .map(|(_, l)| *l)
        .collect();
    build(spec, &boxes, &leaves, &over)
}

/// The columns of the leaves, each named by the boxes above it and by the
/// `parents` (parent, left child, right child) it is a child of.
fn build(
    spec: &Spec,
    boxes: &[Piece],
    leaves: &[&Piece],
    parents: &[(&Piece, &Piece, &Piece)],
) -> Vec<Column> {
    let mut bounds = Vec::with_capacity(leaves.len() + 1);
    bounds.push(f64::NEG_INFINITY);
    for pair in leaves.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        bounds.push(if b.x0 >= a.x1 {
            (a.x1 + b.x0) / 2.0
        } else {
            (a.cx() + b.cx()) / 2.0
        });
    }
    bounds.push(f64::INFINITY);
    let groups = group_heads(boxes, leaves);
    let mut out: Vec<Column> = Vec::with_capacity(leaves.len());
    for (i, leaf) in leaves.iter().enumerate() {
        let (x0, x1) = (bounds[i], bounds[i + 1]);
        let mut above: Vec<&Piece> = boxes
            .iter()
            .filter(|b| b.cy() <= leaf.cy() + 0.01 && overlaps(b, x0, x1) && spans(b, x0, x1))
            .collect();
        for (head, from, to) in &groups {
            let under = head.y1 <= leaf.y0 + 0.01 && leaf.cx() >= *from && leaf.cx() < *to;
            if under && !above.iter().any(|b| std::ptr::eq(*b, *head)) {
                above.push(head);
            }
        }
        for (parent, left, right) in parents {
            if std::ptr::eq(*left, *leaf) || std::ptr::eq(*right, *leaf) {
                above.push(parent);
            }
        }
        above.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
        let path: String = above.iter().map(|b| b.text.as_str()).collect();
        let role = spec.role(&path, &leaf.text);
        out.push(Column {
            x0,
            x1,
            path,
            role,
            side: 0,
            leaf_x0: leaf.x0,
            leaf_x1: leaf.x1,
            header_bottom: above.iter().map(|b| b.y1).fold(leaf.y1, f64::max),
        });
    }
    assign_sides(&mut out);
    out
}

/// The heads of column groups printed side by side on a line of their own
/// (`预算数` | `决算数` over six columns each, `人员经费` | `公用经费`): a
/// word's box is only as wide as its text, not its merged cell, so each is
/// over the columns up to halfway to the next head on its line. Only a line
/// of two or more texts none of which is a column itself, each with two
/// columns or more under it, nothing beside it, and not wrapped.
fn group_heads<'a>(boxes: &'a [Piece], leaves: &[&Piece]) -> Vec<(&'a Piece, f64, f64)> {
    let is_leaf = |b: &Piece| leaves.iter().any(|l| std::ptr::eq(*l, b));
    let same_line =
        |a: &Piece, b: &Piece| (a.cy() - b.cy()).abs() < 0.5 * a.height().min(b.height());
    let mut out = Vec::new();
    for b in boxes.iter().filter(|b| !is_leaf(b)) {
        let mut line: Vec<&Piece> = boxes.iter().filter(|o| same_line(b, o)).collect();
        if line.len() < 2 || line.iter().any(|o| is_leaf(o)) {
            continue;
        }
        line.sort_by(|a, c| a.cx().total_cmp(&c.cx()));
        let Some(at) = line.iter().position(|o| std::ptr::eq(*o, b)) else {
            continue;
        };
        let from = if at == 0 {
            f64::NEG_INFINITY
        } else {
            (line[at - 1].cx() + b.cx()) / 2.0
        };
        let to = line
            .get(at + 1)
            .map_or(f64::INFINITY, |next| (b.cx() + next.cx()) / 2.0);
        // Everything in its range is printed below it: the first lines of
        // wrapped headers side by side (`上缴` beside `基本`) are no heads.
        let within = |o: &Piece| o.cx() >= from && o.cx() < to;
        // Centres and the character's width, not the boxes' heights: some
        // producers (Chromium) give words boxes twice the font's height.
        let em = (b.x1 - b.x0) / b.text.chars().count().max(1) as f64;
        let below = boxes
            .iter()
            .filter(|o| !std::ptr::eq(*o, b) && within(o))
            .all(|o| o.cy() > b.cy() + 0.5 * em);
        let children = leaves.iter().filter(|l| within(l)).count();
        // A text going on in the line right under it (`年初结` / `转和结` /
        // `余`) is one column's wrapped header, not a head.
        let wrapped = boxes.iter().any(|o| {
            !std::ptr::eq(o, b)
                && o.cy() > b.cy() + 0.5 * em
                && o.cy() < b.cy() + 2.0 * em
                && o.x_overlap(b.x0, b.x1) > 0.0
                && (o.cx() - b.cx()).abs() < 0.25 * (b.x1 - b.x0)
        });
        if below && !wrapped && children >= 2 {
            out.push((b, from, to));
        }
    }
    out
}

/// A header box belongs over a column when it covers a real part of it:
/// a PDF word by a quarter of its height, a merged cell by any width.
fn overlaps(b: &Piece, x0: f64, x1: f64) -> bool {
    let needed = if b.cell.is_some() {
        0.0
    } else {
        b.height() * 0.25
    };
    b.x_overlap(x0, x1) > needed
}

/// A header box is over a column it is centred in, or that takes a real
/// share of its width (a parent over two or three columns): not over the
/// column beside its own that the end of a long wrapped header reaches
/// into (`一般公共预算财政` / `拨款` in a narrow cell next to `合计`).
fn spans(b: &Piece, x0: f64, x1: f64) -> bool {
    b.cell.is_some() || (b.cx() >= x0 && b.cx() < x1) || b.x_overlap(x0, x1) >= 0.25 * (b.x1 - b.x0)
}

/// A new side starts where a code or label column follows an amount.
fn assign_sides(columns: &mut [Column]) {
    let mut side = 0u8;
    let mut seen_amount = false;
    for column in columns {
        match column.role {
            Some(Role::Code | Role::Label | Role::CodePart(0)) if seen_amount => {
                side = side.saturating_add(1);
                seen_amount = false;
            }
            Some(Role::Amount(_)) => seen_amount = true,
            _ => {}
        }
        column.side = side;
    }
}

#[cfg(test)]
mod tests {
    use super::super::catalogue::SPECS;
    use super::super::layout::{Page, Place};
    use super::*;
    use crate::extract::model::TableId;

    fn word(text: &str, x0: f64, x1: f64, y0: f64) -> Piece {
        Piece {
            text: text.into(),
            x0,
            x1,
            y0,
            y1: y0 + 10.5,
            cell: None,
        }
    }

    fn spec(id: TableId) -> &'static Spec {
        SPECS.iter().find(|s| s.id == id).unwrap()
    }

    fn names(columns: &[Column]) -> Vec<(Option<Role>, u8)> {
        columns.iter().map(|c| (c.role, c.side)).collect()
    }

    #[test]
    fn a_parent_narrower_than_the_gap_between_its_children_still_names_them() {
        // The "三公" header of the sample: 合计 sits between 预算数 and 决算数.
        let band = Page::new(
            Place::Page(1),
            vec![
                word("合计", 141.4, 162.2, 153.3),
                word("因公出国", 238.4, 280.3, 146.5),
                word("（境）费", 238.4, 280.3, 160.2),
                word("预算数", 109.2, 140.6, 198.4),
                word("决算数", 163.1, 194.5, 198.4),
                word("预算数", 216.8, 248.3, 198.4),
                word("决算数", 270.6, 302.0, 198.4),
            ],
        );
        let columns = columns(spec(TableId::ThreePublic), &band.lines);
        assert_eq!(
            names(&columns),
            [
                (Some(Role::Amount("budget:total")), 0),
                (Some(Role::Amount("actual:total")), 0),
                (Some(Role::Amount("budget:outbound")), 0),
                (Some(Role::Amount("actual:outbound")), 0),
            ]
        );
    }

    #[test]
    fn a_long_header_wrapped_in_its_narrow_cell_names_only_its_column() {
        // Chromium, 财政拨款收入支出决算总表: `一般公共预算财政` / `拨款` reaches
        // over the column of 合计 beside it, whose box is 23 points high.
        let tall = |text: &str, x0: f64, x1: f64, y0: f64| Piece {
            text: text.into(),
            x0,
            x1,
            y0,
            y1: y0 + 23.4,
            cell: None,
        };
        let band = Page::new(
            Place::Page(1),
            vec![
                tall("项目", 218.7, 236.7, 110.4),
                tall("合计", 286.0, 304.0, 110.4),
                tall("一般公共预算财政", 316.0, 388.0, 104.4),
                tall("拨款", 343.0, 361.0, 117.1),
                tall("政府性基金预算财政", 397.9, 478.9, 104.4),
                tall("拨款", 429.4, 447.4, 117.1),
            ],
        );
        let columns = columns(spec(TableId::FiscalOverview), &band.lines);
        let roles: Vec<Option<Role>> = columns.iter().map(|c| c.role).collect();
        assert_eq!(
            roles,
            [
                Some(Role::Label),
                Some(Role::Amount("fiscal")),
                Some(Role::Amount("general")),
                Some(Role::Amount("gov_fund")),
            ]
        );
    }

    #[test]
    fn wrapped_headers_and_two_sides() {
        let band = Page::new(
            Place::Page(1),
            vec![
                word("经济分类", 65.9, 107.8, 101.2),
                word("经济分类", 305.0, 346.9, 101.2),
                word("科目名称", 148.6, 190.4, 108.1),
                word("决算数", 245.5, 277.0, 108.1),
                word("科目名称", 394.8, 436.7, 108.1),
                word("决算数", 491.0, 522.5, 108.1),
                word("科目编码", 65.9, 107.8, 114.9),
                word("科目编码", 305.0, 346.9, 114.9),
            ],
        );
        let columns = columns(spec(TableId::GeneralBasic), &band.lines);
        assert_eq!(
            names(&columns),
            [
                (Some(Role::Code), 0),
                (Some(Role::Label), 0),
                (Some(Role::Amount("amount")), 0),
                (Some(Role::Code), 1),
                (Some(Role::Label), 1),
                (Some(Role::Amount("amount")), 1),
            ]
        );
        assert_eq!(columns[0].path, "经济分类科目编码");
    }
}

//! The index of `report --all`: every department ranked by the change of
//! its "三公" spending, with its budget execution and its findings.

use std::cmp::Ordering;
use std::fmt::Write;

use super::data::Department;
use super::html::{change_percent, escape, head, page, percent, wan_or_blank};
use crate::check::{Finding, Severity};

/// One department's line of the index.
#[derive(Debug)]
pub struct Line {
    pub name: String,
    pub file: String,
    pub year: i64,
    pub budget: Option<i64>,
    pub actual: Option<i64>,
    pub prior: Option<i64>,
    /// Errors, warnings, notes.
    pub findings: [usize; 3],
}

impl Line {
    pub fn of(department: &Department, findings: &[Finding], file: String) -> Line {
        let (budget, actual) = department.three_public_total(department.year);
        let (_, prior) = department.three_public_total(department.year - 1);
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        Line {
            name: department.name.clone(),
            file,
            year: department.year,
            budget,
            actual,
            prior,
            findings: [
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info),
            ],
        }
    }

    /// The change as a fraction (numerator, denominator > 0), for ranking
    /// exactly without dividing.
    fn change(&self) -> Option<(i128, i128)> {
        let (now, prior) = (i128::from(self.actual?), i128::from(self.prior?));
        if prior == 0 {
            return None;
        }
        let (numerator, denominator) = (now - prior, prior);
        Some(if denominator < 0 {
            (-numerator, -denominator)
        } else {
            (numerator, denominator)
        })
    }
}

/// Largest rise first; departments without a comparable prior last.
fn by_change(a: &Line, b: &Line) -> Ordering {
    match (a.change(), b.change()) {
        (Some((an, ad)), Some((bn, bd))) => (bn * ad).cmp(&(an * bd)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| b.findings[0].cmp(&a.findings[0]))
    .then_with(|| a.name.cmp(&b.name))
}

/// The index page; sorts `lines` into rank order.
pub fn render(lines: &mut [Line], year: Option<i64>, skipped: usize) -> String {
    lines.sort_by(by_change);
    let mut body = String::new();
    let scope = match year {
        Some(y) => format!("{y}年度"),
        None => "各部门最近一个已载入年度".to_string(),
    };
    let _ = write!(
        body,
        "<header><h1>部门决算报告索引</h1><p class=\"meta\">{} 个部门 · {}{}</p></header>\n\
         <p class=\"note\">按“三公”经费决算数较上年的增减率从高到低排列；无上年数可比的部门排在最后。金额单位：万元。</p>\n\
         <table>",
        lines.len(),
        escape(&scope),
        if skipped > 0 {
            format!(" · {skipped} 个部门该年度无数据，未列入")
        } else {
            String::new()
        }
    );
    head(
        &mut body,
        &[
            "排名",
            "部门",
            "年度",
            "“三公”预算数",
            "“三公”决算数",
            "上年决算数",
            "增减率（%）",
            "执行率（%）",
            "错误",
            "警告",
            "提示",
        ],
        2..11,
    );
    body.push_str("<tbody>\n");
    for (rank, line) in lines.iter().enumerate() {
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            rank + 1,
            escape(&line.file),
            escape(&line.name),
            line.year,
            wan_or_blank(line.budget),
            wan_or_blank(line.actual),
            wan_or_blank(line.prior),
            change_percent(line.actual, line.prior).unwrap_or_default(),
            percent(line.actual, line.budget).unwrap_or_default(),
            line.findings[0],
            line.findings[1],
            line.findings[2]
        );
    }
    body.push_str("</tbody></table>\n");
    page("部门决算报告索引", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str, actual: Option<i64>, prior: Option<i64>) -> Line {
        Line {
            name: name.to_string(),
            file: format!("{name}.html"),
            year: 2021,
            budget: None,
            actual,
            prior,
            findings: [0; 3],
        }
    }

    #[test]
    fn ranks_by_change_exactly() {
        let mut lines = vec![
            line("flat", Some(100), Some(100)),
            line("none", Some(100), None),
            line("up", Some(300), Some(100)),
            line("down", Some(50), Some(100)),
            line("from-negative", Some(0), Some(-100)),
        ];
        let html = render(&mut lines, None, 0);
        let order: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(order, ["up", "flat", "down", "from-negative", "none"]);
        assert!(html.contains("href=\"up.html\""));
    }
}

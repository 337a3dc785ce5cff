//! Bar charts as inline SVG, drawn by hand.
//!
//! A report needs one kind of chart — amounts per year, side by side or
//! stacked — and must render with no network and no script. A charting
//! crate (plotters) would bring a font stack and a dependency tree for
//! what is a few rectangles and labels; this module is that, with the
//! axis ticks computed from integer 分 so the labels are exact.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::html::{escape, wan};

/// One series: a label and a value of 分 per year (none where not stated).
#[derive(Clone, Debug)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<i64>>,
}

/// How several series share a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Bars next to each other.
    Grouped,
    /// Bars on top of each other: the parts of a whole.
    Stacked,
}

const WIDTH: f64 = 640.0;
const PLOT_TOP: f64 = 12.0;
const PLOT_HEIGHT: f64 = 200.0;
const LEFT: f64 = 92.0;
const RIGHT: f64 = 12.0;
const YEAR_ROW: f64 = 26.0;
const LEGEND_ROW: f64 = 20.0;
const FONT: f64 = 14.0;

/// Fill colours, distinguishable in print and for common colour blindness
/// (Okabe–Ito, then greys).
const PALETTE: [&str; 10] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#999999", "#5D3A9B",
];

/// The colour of series `index`.
pub fn colour(index: usize) -> &'static str {
    PALETTE[index % PALETTE.len()]
}

/// A step of 1, 2 or 5 × 10^k 分 (at least 0.01 万元) that divides the
/// range into about four parts.
fn nice_step(range: i128) -> i128 {
    let raw = (range / 4).max(10_000);
    let mut magnitude: i128 = 10_000;
    loop {
        for factor in [1, 2, 5] {
            let step = factor * magnitude;
            if step >= raw {
                return step;
            }
        }
        magnitude *= 10;
    }
}

/// A tick label: whole 万元 without decimals when the step allows.
fn tick_label(value: i128, step: i128) -> String {
    let text = wan(value.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64);
    if step % 1_000_000 == 0 {
        text.trim_end_matches(".00").to_string()
    } else {
        text
    }
}

/// The lowest and highest value the axis must show (including zero).
fn extent(series: &[Series], years: usize, layout: Layout) -> (i128, i128) {
    let (mut low, mut high) = (0_i128, 0_i128);
    for year in 0..years {
        let values = series
            .iter()
            .filter_map(|s| s.values.get(year).copied().flatten())
            .map(i128::from);
        match layout {
            Layout::Grouped => {
                for v in values {
                    low = low.min(v);
                    high = high.max(v);
                }
            }
            Layout::Stacked => {
                let (negative, positive) =
                    values.fold(
                        (0, 0),
                        |(n, p), v| {
                            if v < 0 {
                                (n + v, p)
                            } else {
                                (n, p + v)
                            }
                        },
                    );
                low = low.min(negative);
                high = high.max(positive);
            }
        }
    }
    (low, high)
}

/// The legend laid out in rows: (x, row, series index).
fn legend_layout(series: &[Series]) -> Vec<(f64, usize, usize)> {
    let mut placed = Vec::new();
    let (mut x, mut row) = (LEFT, 0);
    for (i, s) in series.iter().enumerate() {
        let width = 18.0 + s.label.width() as f64 * FONT * 0.55 + 14.0;
        if x + width > WIDTH - RIGHT && x > LEFT {
            x = LEFT;
            row += 1;
        }
        placed.push((x, row, i));
        x += width;
    }
    placed
}

/// A bar chart of `series` over `years`, labelled `title` for screen
/// readers. Every year gets its place and label on the axis, with or
/// without values; a chart with no value at all says so.
pub fn bars(title: &str, years: &[i64], series: &[Series], layout: Layout) -> String {
    let legend = if series.len() > 1 {
        legend_layout(series)
    } else {
        Vec::new()
    };
    let legend_rows = legend.iter().map(|(_, row, _)| row + 1).max().unwrap_or(0);
    let height = PLOT_TOP + PLOT_HEIGHT + YEAR_ROW + legend_rows as f64 * LEGEND_ROW + 6.0;
    let plot_width = WIDTH - LEFT - RIGHT;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"{}\" \
         width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" font-size=\"{FONT}\">",
        escape(title)
    );

    let (low, high) = extent(series, years.len(), layout);
    let step = nice_step(high - low);
    let axis_low = low.div_euclid(step) * step;
    let axis_high = {
        let top = -((-high).div_euclid(step)) * step;
        if top == axis_low {
            axis_low + step
        } else {
            top
        }
    };
    let y_of = |value: i128| -> f64 {
        PLOT_TOP + PLOT_HEIGHT * (axis_high - value) as f64 / (axis_high - axis_low) as f64
    };

    // Grid lines and tick labels.
    let mut tick = axis_low;
    while tick <= axis_high {
        let y = y_of(tick);
        let class = if tick == 0 { "axis" } else { "grid" };
        let stroke = if tick == 0 { "#1d2733" } else { "#d5dbe3" };
        let _ = write!(
            out,
            "<line class=\"{class}\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{stroke}\"/>\
             <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT + plot_width,
            LEFT - 6.0,
            y + 4.0,
            escape(&tick_label(tick, step))
        );
        tick += step;
    }

    let slot = plot_width / years.len().max(1) as f64;
    let any_value = series.iter().any(|s| s.values.iter().any(Option::is_some));
    for (index, year) in years.iter().enumerate() {
        let centre = LEFT + slot * (index as f64 + 0.5);
        let _ = write!(
            out,
            "<text class=\"year\" x=\"{centre:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{year}</text>",
            PLOT_TOP + PLOT_HEIGHT + 18.0
        );
        let present: Vec<(usize, i64)> = series
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.values.get(index).copied().flatten().map(|v| (i, v)))
            .collect();
        if present.is_empty() && any_value {
            let _ = write!(
                out,
                "<text class=\"gap\" x=\"{centre:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill-opacity=\"0.6\">无数据</text>",
                y_of(0) - 4.0
            );
            continue;
        }
        match layout {
            Layout::Grouped => {
                let group = slot * 0.72;
                let width = group / series.len().max(1) as f64;
                for (i, value) in &present {
                    let x = centre - group / 2.0 + width * *i as f64;
                    bar(
                        &mut out,
                        x,
                        width * 0.92,
                        &y_of,
                        0,
                        i128::from(*value),
                        *i,
                        &series[*i].label,
                        *year,
                        *value,
                    );
                }
            }
            Layout::Stacked => {
                let width = slot * 0.5;
                let (mut below, mut above) = (0_i128, 0_i128);
                for (i, value) in &present {
                    let value = i128::from(*value);
                    let base = if value < 0 { &mut below } else { &mut above };
                    let start = *base;
                    *base += value;
                    bar(
                        &mut out,
                        centre - width / 2.0,
                        width,
                        &y_of,
                        start,
                        *base,
                        *i,
                        &series[*i].label,
                        *year,
                        value as i64,
                    );
                }
            }
        }
    }
    if !any_value {
        let _ = write!(
            out,
            "<text class=\"empty\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">无数据</text>",
            LEFT + plot_width / 2.0,
            PLOT_TOP + PLOT_HEIGHT / 2.0
        );
    }

    for (x, row, i) in legend {
        let y = PLOT_TOP + PLOT_HEIGHT + YEAR_ROW + row as f64 * LEGEND_ROW;
        let _ = write!(
            out,
            "<g class=\"legend\"><rect x=\"{x:.1}\" y=\"{:.1}\" width=\"13\" height=\"13\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            y,
            colour(i),
            x + 18.0,
            y + 11.5,
            escape(&series[i].label)
        );
    }
    out.push_str("</svg>");
    out
}

/// One rectangle from `from` to `to` (分), with its value as a tooltip.
#[allow(clippy::too_many_arguments)]
fn bar(
    out: &mut String,
    x: f64,
    width: f64,
    y_of: &dyn Fn(i128) -> f64,
    from: i128,
    to: i128,
    series: usize,
    label: &str,
    year: i64,
    value: i64,
) {
    let (top, bottom) = (y_of(from.max(to)), y_of(from.min(to)));
    let _ = write!(
        out,
        "<rect class=\"bar\" x=\"{x:.1}\" y=\"{top:.1}\" width=\"{width:.1}\" height=\"{:.1}\" fill=\"{}\">\
         <title>{} {year}年：{} 万元</title></rect>",
        (bottom - top).max(0.0),
        colour(series),
        escape(label),
        wan(value)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(label: &str, values: &[Option<i64>]) -> Series {
        Series {
            label: label.to_string(),
            values: values.to_vec(),
        }
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(0), 10_000);
        assert_eq!(nice_step(4_000_000), 1_000_000);
        assert_eq!(nice_step(4_100_000), 2_000_000);
        assert_eq!(nice_step(134_159_570_000), 50_000_000_000);
        assert_eq!(tick_label(50_000_000_000, 50_000_000_000), "50,000");
        assert_eq!(tick_label(20_000, 10_000), "0.02");
    }

    #[test]
    fn every_year_is_labelled_and_every_value_drawn() {
        let years = [2019, 2020, 2021];
        let svg = bars(
            "收入与支出",
            &years,
            &[
                series("收入", &[Some(100), None, Some(300)]),
                series("支出", &[Some(-50), None, Some(250)]),
            ],
            Layout::Grouped,
        );
        for year in years {
            assert!(svg.contains(&format!(">{year}</text>")), "{svg}");
        }
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 4);
        assert!(svg.contains("无数据"), "the empty year says so");
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn an_empty_or_single_year_chart_still_draws() {
        let svg = bars("x", &[2021], &[series("a", &[None])], Layout::Stacked);
        assert!(svg.contains(">2021</text>") && svg.contains("无数据"));
        assert!(!svg.contains("NaN"));
        let svg = bars("x", &[2021], &[series("a", &[Some(0)])], Layout::Stacked);
        assert!(!svg.contains("NaN") && svg.contains("class=\"bar\""));
        let svg = bars("x", &[], &[], Layout::Grouped);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn labels_are_escaped() {
        let svg = bars(
            "<t>",
            &[2021],
            &[series("a<b", &[Some(1)]), series("c&d", &[Some(2)])],
            Layout::Stacked,
        );
        assert!(!svg.contains("<t>") && !svg.contains("a<b") && !svg.contains("c&d"));
    }
}

//! Items by status per area as horizontal stacked bars.

use askama::Template;

use super::{WIDTH, Words};

/// One bar of a stacked bar chart: its label and its parts, drawn left to right.
pub struct Bar {
    pub label: String,
    /// (status class, status label, count)
    pub parts: Vec<(&'static str, &'static str, u32)>,
}

struct Segment {
    x: String,
    width: String,
    colour: &'static str,
    title: String,
}

struct BarRow {
    y: String,
    text_y: String,
    label: String,
    segments: Vec<Segment>,
    total: String,
    total_x: String,
}

#[derive(Template)]
#[template(path = "status_bars.svg")]
struct Bars<'a> {
    title: &'a str,
    id: &'a str,
    width: f64,
    height: String,
    rows: Vec<BarRow>,
    bar_height: String,
    /// (x, y, colour, label)
    legend: Vec<(String, String, &'static str, &'static str)>,
}

/// About how wide `s` is at the charts' 12px: a Chinese character is square, others
/// about half as wide.
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c >= '\u{2e80}' { 12.0 } else { 7.0 })
        .sum()
}

/// Items by status per area as horizontal stacked bars (one per area), each segment
/// coloured by status and titled with its count.
pub fn status_bars_svg(bars: &[Bar], title: &str, id: &str) -> String {
    status_bars_svg_in(bars, title, id, &Words::ZH)
}

/// As [`status_bars_svg`], with the chart's own words given.
pub fn status_bars_svg_in(bars: &[Bar], title: &str, id: &str, words: &Words<'_>) -> String {
    const LABEL: f64 = 170.0;
    const ROW: f64 = 28.0;
    const BAR: f64 = 18.0;
    let pw = WIDTH - LABEL - 40.0;
    let most = bars
        .iter()
        .map(|b| b.parts.iter().map(|p| p.2).sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1);
    let rows = bars
        .iter()
        .enumerate()
        .map(|(n, b)| {
            let y = 8.0 + n as f64 * ROW;
            let mut x = LABEL;
            let mut segments = Vec::new();
            for (class, label, count) in &b.parts {
                if *count == 0 {
                    continue;
                }
                let w = f64::from(*count) / f64::from(most) * pw;
                segments.push(Segment {
                    x: format!("{x:.1}"),
                    width: format!("{w:.1}"),
                    colour: super::colour(class),
                    title: (words.part)(label, *count),
                });
                x += w;
            }
            let total: u32 = b.parts.iter().map(|p| p.2).sum();
            BarRow {
                y: format!("{y:.1}"),
                text_y: format!("{:.1}", y + BAR - 4.0),
                label: if b.label.chars().count() > 13 {
                    b.label.chars().take(12).chain(['…']).collect()
                } else {
                    b.label.clone()
                },
                segments,
                total: (words.total)(total),
                total_x: format!("{:.1}", x + 4.0),
            }
        })
        .collect();
    // The legend's keys left to right, on a new line when the next would not fit.
    let legend_y = 8.0 + bars.len() as f64 * ROW + 12.0;
    let mut legend = Vec::new();
    let (mut x, mut y) = (8.0, legend_y);
    for (class, label, _) in bars.first().map_or(&[][..], |b| &b.parts[..]) {
        let text = text_width(label);
        if x > 8.0 && x + 16.0 + text > WIDTH {
            (x, y) = (8.0, y + 18.0);
        }
        legend.push((
            format!("{x:.1}"),
            format!("{y:.1}"),
            super::colour(class),
            *label,
        ));
        x += (16.0 + text + 12.0).max(84.0);
    }
    Bars {
        title,
        id,
        width: WIDTH,
        height: format!("{:.1}", y + 16.0),
        rows,
        bar_height: format!("{BAR:.1}"),
        legend,
    }
    .render()
    .expect("the chart template renders")
}

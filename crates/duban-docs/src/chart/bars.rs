//! Items by status per area as horizontal stacked bars.

use askama::Template;

use super::WIDTH;

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
    /// (x, colour, label)
    legend: Vec<(String, &'static str, &'static str)>,
    legend_y: String,
}

/// Items by status per area as horizontal stacked bars (one per area), each segment
/// coloured by status and titled with its count.
pub fn status_bars_svg(bars: &[Bar], title: &str, id: &str) -> String {
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
                    title: format!("{label}{count}项"),
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
                total: format!("{total}项"),
                total_x: format!("{:.1}", x + 4.0),
            }
        })
        .collect();
    let legend_y = 8.0 + bars.len() as f64 * ROW + 12.0;
    let legend = bars
        .first()
        .map(|b| {
            b.parts
                .iter()
                .enumerate()
                .map(|(k, (class, label, _))| {
                    (
                        format!("{:.1}", 8.0 + k as f64 * 84.0),
                        super::colour(class),
                        *label,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Bars {
        title,
        id,
        width: WIDTH,
        height: format!("{:.1}", legend_y + 16.0),
        rows,
        bar_height: format!("{BAR:.1}"),
        legend,
        legend_y: format!("{legend_y:.1}"),
    }
    .render()
    .expect("the chart template renders")
}

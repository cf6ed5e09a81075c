//! Charts as SVG, drawn on the server: an indicator's trajectory (the plan curve, the
//! target and the approved values). Text is plain SVG `<text>` in the reader's own
//! fonts, so Chinese shows without any font being fetched. Written by an askama
//! template, which escapes the labels.

use askama::Template;
use duban_domain::trajectory::Trajectory;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 30.0;

/// The words a chart prints around its data: Chinese ([`Words::ZH`]) for the documents,
/// the reader's language on the pages.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    /// The trajectory's legend: the plan curve and the approved values.
    pub plan: &'a str,
    pub actual: &'a str,
    /// After the trajectory's title: what it shows.
    pub shows: &'a str,
    /// The months on the trajectory's axis.
    pub months: [&'a str; 12],
    /// The target line's label, from the target with its unit.
    pub target: fn(&str) -> String,
    /// A bar segment's title, from a status and its count of items.
    pub part: fn(&str, u32) -> String,
    /// A bar's total count of items.
    pub total: fn(u32) -> String,
}

impl Words<'static> {
    pub const ZH: Words<'static> = Words {
        plan: "计划进度",
        actual: "审定完成值",
        shows: ":计划进度与审定完成值",
        months: [
            "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
        ],
        target: |v| format!("目标{v}"),
        part: |label, n| format!("{label}{n}项"),
        total: |n| format!("{n}项"),
    };
}

struct Tick {
    pos: String,
    label: String,
}

struct Dot {
    x: String,
    y: String,
    label: String,
}

#[derive(Template)]
#[template(path = "trajectory.svg")]
struct Chart<'a> {
    title: &'a str,
    words: &'a Words<'a>,
    id: &'a str,
    width: f64,
    height: f64,
    left: String,
    right: String,
    top: String,
    bottom: String,
    plan: String,
    actual: String,
    dots: Vec<Dot>,
    target: Option<(String, String)>,
    months: Vec<Tick>,
    levels: Vec<Tick>,
}

/// A number as the axis prints it: whole when it is, else one decimal.
fn axis(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// The chart of `t`, titled `title`, values in `unit`; `id` makes its element ids
/// unique on a page with several charts.
pub fn trajectory_svg(t: &Trajectory, title: &str, unit: &str, id: &str) -> String {
    trajectory_svg_in(t, title, unit, id, &Words::ZH)
}

/// As [`trajectory_svg`], with the chart's own words given.
pub fn trajectory_svg_in(
    t: &Trajectory,
    title: &str,
    unit: &str,
    id: &str,
    words: &Words<'_>,
) -> String {
    let pw = WIDTH - LEFT - RIGHT;
    let ph = HEIGHT - TOP - BOTTOM;
    let values = t
        .plan
        .iter()
        .chain(&t.actual)
        .map(|p| p.value.to_f64())
        .chain(t.target.map(|v| v.to_f64()));
    let top = values.fold(0.0_f64, f64::max);
    let max = if top > 0.0 { top * 1.1 } else { 1.0 };
    let span = f64::from(t.days.max(2) - 1);
    let x = |day: u32| LEFT + f64::from(day.saturating_sub(1)) / span * pw;
    let y = |v: f64| TOP + ph - v / max * ph;
    let line = |ps: &[duban_domain::trajectory::Point]| {
        ps.iter()
            .map(|p| format!("{:.1},{:.1}", x(p.day), y(p.value.to_f64())))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let dots = t
        .actual
        .iter()
        .map(|p| Dot {
            x: format!("{:.1}", x(p.day)),
            y: format!("{:.1}", y(p.value.to_f64())),
            label: format!("{}{unit}", p.value),
        })
        .collect();
    // Month labels sit at the middle of each month.
    let months = (1..=12u32)
        .map(|m| {
            let mid = (f64::from(m) - 0.5) / 12.0 * pw + LEFT;
            Tick {
                pos: format!("{mid:.1}"),
                label: words.months[m as usize - 1].to_string(),
            }
        })
        .collect();
    let levels = (0..=4)
        .map(|k| {
            let v = max * f64::from(k) / 4.0;
            Tick {
                pos: format!("{:.1}", y(v)),
                label: axis(v),
            }
        })
        .collect();
    let chart = Chart {
        title,
        words,
        id,
        width: WIDTH,
        height: HEIGHT,
        left: format!("{LEFT:.1}"),
        right: format!("{:.1}", WIDTH - RIGHT),
        top: format!("{TOP:.1}"),
        bottom: format!("{:.1}", HEIGHT - BOTTOM),
        plan: line(&t.plan),
        actual: line(&t.actual),
        dots,
        target: t.target.map(|v| {
            (
                format!("{:.1}", y(v.to_f64())),
                (words.target)(&format!("{v}{unit}")),
            )
        }),
        months,
        levels,
    };
    chart.render().expect("the chart template renders")
}

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

/// The colour of a status, as the stylesheet paints its badges. Given as an attribute:
/// the pages' Content-Security-Policy allows no inline `<style>`.
fn colour(class: &str) -> &'static str {
    match class {
        "done" | "exceeded" => "#1b6e2a",
        "on_track" => "#1f4e96",
        "lagging" => "#9a5b00",
        "seriously_lagging" => "#a0161b",
        "not_started" => "#555555",
        _ => "#aaaaaa",
    }
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
                    colour: colour(class),
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
    let (mut x, mut y) = (LABEL, legend_y);
    for (class, label, _) in bars.first().map_or(&[][..], |b| &b.parts[..]) {
        let text = text_width(label);
        if x > LABEL && x + 16.0 + text > WIDTH {
            (x, y) = (LABEL, y + 18.0);
        }
        legend.push((format!("{x:.1}"), format!("{y:.1}"), colour(class), *label));
        x += (16.0 + text + 12.0).max(80.0);
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

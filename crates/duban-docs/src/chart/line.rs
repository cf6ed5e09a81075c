//! Line charts over one year: an indicator's trajectory (the plan curve, the target and
//! the approved values) and the plan's completion at each period beside the plan
//! curve. Both share one frame: days of the year along x, months labelled at their
//! middles, values from 0 up y with four level lines.

use askama::Template;
use duban_domain::trajectory::{Point, Trajectory};
use duban_domain::{Date, Decimal, date::days_in_year};

use super::{ACTUAL, FORECAST, PLAN, WIDTH, Words};

const HEIGHT: f64 = 240.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 30.0;

struct Tick {
    pos: String,
    label: String,
}

struct Dot {
    x: String,
    y: String,
    /// Shown when hovered.
    title: String,
    /// Printed beside the dot, when the chart prints its values.
    text: Option<String>,
}

/// The forecast: a fan from the latest approved value to the year-end range, and a
/// dashed line to the point forecast.
struct Fan {
    points: String,
    x1: String,
    y1: String,
    x2: String,
    y2: String,
    title: String,
}

#[derive(Template)]
#[template(path = "line_chart.svg")]
struct LineChart<'a> {
    title: &'a str,
    id: &'a str,
    width: f64,
    height: f64,
    left: String,
    right: String,
    top: String,
    bottom: String,
    plan: String,
    /// The approved values as runs of points; a period without one breaks the line.
    actual: Vec<String>,
    dots: Vec<Dot>,
    target: Option<(String, String)>,
    months: Vec<Tick>,
    levels: Vec<Tick>,
    plan_label: &'a str,
    actual_label: &'a str,
    plan_colour: &'a str,
    actual_colour: &'a str,
    fan: Option<Fan>,
    forecast_label: &'a str,
    forecast_colour: &'a str,
}

/// A number as the axis prints it: whole when it is, else one decimal.
fn axis(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// The plot area of a year's chart with values from 0 to `max`.
struct Frame {
    days: u32,
    max: f64,
}

impl Frame {
    fn x(&self, day: u32) -> f64 {
        let span = f64::from(self.days.max(2) - 1);
        LEFT + f64::from(day.saturating_sub(1)) / span * (WIDTH - LEFT - RIGHT)
    }

    fn y(&self, v: f64) -> f64 {
        let ph = HEIGHT - TOP - BOTTOM;
        TOP + ph - v / self.max * ph
    }

    fn line(&self, ps: &[Point]) -> String {
        ps.iter()
            .map(|p| format!("{:.1},{:.1}", self.x(p.day), self.y(p.value.to_f64())))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn dot(&self, p: &Point, title: String, text: Option<String>) -> Dot {
        Dot {
            x: format!("{:.1}", self.x(p.day)),
            y: format!("{:.1}", self.y(p.value.to_f64())),
            title,
            text,
        }
    }

    /// The chart around the lines: axes, month and level labels (`unit` after each
    /// level), the legend.
    fn chart<'a>(
        &self,
        title: &'a str,
        id: &'a str,
        unit: &str,
        words: &Words<'a>,
    ) -> LineChart<'a> {
        let pw = WIDTH - LEFT - RIGHT;
        LineChart {
            title,
            id,
            width: WIDTH,
            height: HEIGHT,
            left: format!("{LEFT:.1}"),
            right: format!("{:.1}", WIDTH - RIGHT),
            top: format!("{TOP:.1}"),
            bottom: format!("{:.1}", HEIGHT - BOTTOM),
            plan: String::new(),
            actual: Vec::new(),
            dots: Vec::new(),
            target: None,
            months: (1..=12u32)
                .map(|m| Tick {
                    pos: format!("{:.1}", (f64::from(m) - 0.5) / 12.0 * pw + LEFT),
                    label: words.months[m as usize - 1].to_string(),
                })
                .collect(),
            levels: (0..=4)
                .map(|k| {
                    let v = self.max * f64::from(k) / 4.0;
                    Tick {
                        pos: format!("{:.1}", self.y(v)),
                        label: format!("{}{unit}", axis(v)),
                    }
                })
                .collect(),
            plan_label: words.plan,
            actual_label: words.actual,
            plan_colour: PLAN,
            actual_colour: ACTUAL,
            fan: None,
            forecast_label: words.forecast,
            forecast_colour: FORECAST,
        }
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
    let values = t
        .plan
        .iter()
        .chain(&t.actual)
        .map(|p| p.value.to_f64())
        .chain(t.target.map(|v| v.to_f64()))
        .chain(t.forecast.map(|f| f.high.to_f64()));
    let top = values.fold(0.0_f64, f64::max);
    let frame = Frame {
        days: t.days,
        max: if top > 0.0 { top * 1.1 } else { 1.0 },
    };
    let full = format!("{title}{}", words.shows);
    let mut chart = frame.chart(&full, id, "", words);
    chart.plan = frame.line(&t.plan);
    if !t.actual.is_empty() {
        chart.actual = vec![frame.line(&t.actual)];
    }
    chart.dots = t
        .actual
        .iter()
        .map(|p| frame.dot(p, format!("{}{unit}", p.value), None))
        .collect();
    chart.fan = t.forecast.map(|f| {
        let (x0, y0) = (frame.x(f.last_cutoff.ordinal()), frame.y(f.last.to_f64()));
        let x1 = frame.x(t.days);
        let (lo, hi, pt) = (
            frame.y(f.low.to_f64()),
            frame.y(f.high.to_f64()),
            frame.y(f.point.to_f64()),
        );
        let text = |v: Decimal| format!("{}{unit}", v.round(1));
        Fan {
            points: format!("{x0:.1},{y0:.1} {x1:.1},{lo:.1} {x1:.1},{hi:.1}"),
            x1: format!("{x0:.1}"),
            y1: format!("{y0:.1}"),
            x2: format!("{x1:.1}"),
            y2: format!("{pt:.1}"),
            title: (words.forecast_at)(&text(f.point), &text(f.low), &text(f.high)),
        }
    });
    chart.target = t.target.map(|v| {
        (
            format!("{:.1}", frame.y(v.to_f64())),
            (words.target)(&format!("{v}{unit}")),
        )
    });
    chart.render().expect("the chart template renders")
}

/// One period of the completion trend: its cut-off, the completion (none when nothing
/// was approved) and the plan curve's, in percent.
pub struct Sample {
    pub cutoff: Date,
    pub completion: Option<Decimal>,
    pub planned: Option<Decimal>,
}

/// The plan's completion at each period of `year` (`samples` in time order) beside
/// the plan curve, from 0 to 100%, each completion printed by its dot.
pub fn trend_svg(year: i32, samples: &[Sample], title: &str, id: &str) -> String {
    trend_svg_in(year, samples, title, id, &Words::ZH)
}

/// As [`trend_svg`], with the chart's own words given.
pub fn trend_svg_in(
    year: i32,
    samples: &[Sample],
    title: &str,
    id: &str,
    words: &Words<'_>,
) -> String {
    let frame = Frame {
        days: days_in_year(year),
        max: 100.0,
    };
    let at = |d: Date, v: Decimal| Point {
        day: if d.year() == year { d.ordinal() } else { 1 },
        // Completions are capped at 100 per item, so the mean stays within the frame.
        value: v.min(Decimal::HUNDRED),
    };
    let mut chart = frame.chart(title, id, "%", words);
    chart.actual_label = words.mean;
    let planned: Vec<Point> = samples
        .iter()
        .filter_map(|s| Some(at(s.cutoff, s.planned?)))
        .collect();
    chart.plan = frame.line(&planned);
    // A period without a completion breaks the line into runs.
    let mut run: Vec<Point> = Vec::new();
    for s in samples {
        match s.completion {
            Some(v) => {
                let p = at(s.cutoff, v);
                chart.dots.push(frame.dot(
                    &p,
                    (words.mean_at)(
                        words.months[s.cutoff.month() as usize - 1],
                        &format!("{v}%"),
                    ),
                    Some(format!("{v}%")),
                ));
                run.push(p);
            }
            None if !run.is_empty() => chart.actual.push(frame.line(&std::mem::take(&mut run))),
            None => {}
        }
    }
    if !run.is_empty() {
        chart.actual.push(frame.line(&run));
    }
    chart.render().expect("the chart template renders")
}

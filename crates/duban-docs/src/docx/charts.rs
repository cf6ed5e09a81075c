//! The bulletin's charts as native DrawingML charts (`word/charts/chartN.xml`), which
//! Word, WPS and LibreOffice draw themselves: a stacked bar chart of items by status
//! per area and a line chart of the completion trend. The values are written as the
//! charts' caches (`c:strCache`, `c:numCache`) with no embedded workbook, so the
//! document stays a few kilobytes and the same bulletin still gives the same bytes;
//! Word shows the chart and only declines to edit its data.

use askama::Template;
use duban_domain::bulletin::{Bulletin, Figure};

use crate::chart::{ACTUAL, PLAN, colour};

/// One series: its name, colour (RRGGBB), worksheet column, and its values by category
/// index; a category without a value is left out of the cache (drawn as a gap).
struct Series {
    name: String,
    colour: String,
    column: char,
    values: Vec<(usize, String)>,
    /// The plan curve: dashed, without markers or labels.
    dashed: bool,
}

#[derive(Template)]
#[template(path = "docx/chart_bars.xml", escape = "html")]
struct BarChart {
    title: String,
    categories: Vec<String>,
    last_row: usize,
    series: Vec<Series>,
    major_unit: u32,
}

#[derive(Template)]
#[template(path = "docx/chart_line.xml", escape = "html")]
struct LineChart {
    title: String,
    categories: Vec<String>,
    last_row: usize,
    series: Vec<Series>,
}

/// A chart placed in the text: its relationship id, size and alternative text.
pub(super) struct Drawing {
    pub rid: String,
    /// Unique among the document's drawings (`wp:docPr/@id`).
    pub id: usize,
    pub name: String,
    pub descr: String,
    /// Width and height in EMU (1 mm = 36 000).
    pub cx: u64,
    pub cy: u64,
}

/// A chart's part: its drawing and the XML of `word/charts/chartN.xml`.
pub(super) struct ChartPart {
    pub drawing: Drawing,
    pub xml: Vec<u8>,
}

const MM: u64 = 36_000;
/// The width of the type area (版心), 156 mm.
const WIDTH: u64 = 156 * MM;

fn hex(c: &str) -> String {
    c.trim_start_matches('#').to_ascii_uppercase()
}

fn value(f: &Figure) -> Option<String> {
    f.value.map(|v| v.to_string())
}

fn column(k: usize) -> char {
    // B, C, … after the categories in column A; at most seven statuses.
    char::from(b'B' + k as u8)
}

fn bars(b: &Bulletin, n: usize) -> Option<ChartPart> {
    let chart = &b.charts.status;
    if chart.areas.is_empty() {
        return None;
    }
    // A bar chart draws its first category at the bottom: the areas go in reversed,
    // so that they read top to bottom in the bulletin's order.
    let areas: Vec<_> = chart.areas.iter().rev().collect();
    let series: Vec<Series> = chart
        .statuses()
        .into_iter()
        .enumerate()
        .map(|(k, s)| Series {
            name: s.label_zh().to_string(),
            colour: hex(colour(s.as_str())),
            column: column(k),
            values: areas
                .iter()
                .enumerate()
                .filter_map(|(i, a)| {
                    let c = a.counts.iter().find(|c| c.status == s)?;
                    Some((i, value(&c.count)?))
                })
                .collect(),
            dashed: false,
        })
        .collect();
    let widest = chart
        .areas
        .iter()
        .map(|a| chart.statuses().iter().map(|s| a.count(*s)).sum::<u32>())
        .max()
        .unwrap_or(1);
    let descr = chart
        .areas
        .iter()
        .map(|a| {
            let parts: Vec<String> = a
                .counts
                .iter()
                .map(|c| format!("{}{}项", c.status.label_zh(), c.count.text))
                .collect();
            format!("{} {}", a.title, parts.join("、"))
        })
        .collect::<Vec<_>>()
        .join(";");
    let xml = BarChart {
        title: chart.title.clone(),
        categories: areas.iter().map(|a| a.title.clone()).collect(),
        last_row: areas.len() + 1,
        series,
        // Whole items: a step of one, or of a tenth of the longest bar.
        major_unit: widest.div_ceil(10).max(1),
    }
    .render()
    .expect("the chart template renders");
    Some(ChartPart {
        drawing: Drawing {
            rid: format!("rIdChart{n}"),
            id: n,
            name: format!("图表 {n}"),
            descr: format!("{}:{descr}", chart.title),
            cx: WIDTH,
            // Room for the title and legend, and a row per area.
            cy: (40 + 12 * chart.areas.len() as u64) * MM,
        },
        xml: xml.into_bytes(),
    })
}

fn trend(b: &Bulletin, n: usize) -> Option<ChartPart> {
    let chart = &b.charts.trend;
    if chart.points.is_empty() {
        return None;
    }
    let pick = |f: fn(&duban_domain::bulletin::TrendChartPoint) -> &Option<Figure>| {
        chart
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((i, value(f(p).as_ref()?)?)))
            .collect::<Vec<_>>()
    };
    let series = vec![
        Series {
            name: "平均完成率".into(),
            colour: hex(ACTUAL),
            column: 'B',
            values: pick(|p| &p.completion),
            dashed: false,
        },
        Series {
            name: "计划进度".into(),
            colour: hex(PLAN),
            column: 'C',
            values: pick(|p| &p.planned),
            dashed: true,
        },
    ];
    let text = |f: &Option<Figure>| f.as_ref().map_or("—".to_string(), |f| f.text.clone());
    let descr = chart
        .points
        .iter()
        .map(|p| {
            format!(
                "{}月 平均完成率{}%、计划进度{}%",
                p.label.month,
                text(&p.completion),
                text(&p.planned)
            )
        })
        .collect::<Vec<_>>()
        .join(";");
    let title = format!("{}(%)", chart.title);
    let xml = LineChart {
        title: title.clone(),
        categories: chart
            .points
            .iter()
            .map(|p| format!("{}月", p.label.month))
            .collect(),
        last_row: chart.points.len() + 1,
        series,
    }
    .render()
    .expect("the chart template renders");
    Some(ChartPart {
        drawing: Drawing {
            rid: format!("rIdChart{n}"),
            id: n,
            name: format!("图表 {n}"),
            descr: format!("{title}:{descr}"),
            cx: WIDTH,
            cy: 80 * MM,
        },
        xml: xml.into_bytes(),
    })
}

/// The bulletin's charts that have something to draw, numbered from 1 in order.
pub(super) fn parts(b: &Bulletin) -> Vec<ChartPart> {
    let mut out = Vec::new();
    if let Some(p) = bars(b, out.len() + 1) {
        out.push(p);
    }
    if let Some(p) = trend(b, out.len() + 1) {
        out.push(p);
    }
    out
}

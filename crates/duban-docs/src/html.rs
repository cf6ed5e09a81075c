//! A bulletin as HTML: a fragment the pages embed, or a whole document to save. Each
//! figure shows its source when hovered (`title`) and links to its line in the
//! 数据来源 annex, numbered in document order as [`Bulletin::figures`] lists them.
//! The charts are inline SVG, each followed by its numbers as a table (its text
//! alternative), after the overview as in the DOCX.
//! Written by an askama template, which escapes everything it prints.

use askama::Template;
use duban_domain::bulletin::numbering::date_zh;
use duban_domain::bulletin::{AnnexRow, Bulletin, Figure, Paragraph, Span};

use crate::chart::{Bar, Sample, status_bars_svg, trend_svg};

/// A run of text or a numbered figure.
pub(crate) struct Piece {
    pub(crate) text: String,
    /// The figure's number in the 数据来源 annex (1-based), its source in words, and
    /// whether the source is approved.
    pub(crate) figure: Option<(usize, String, bool)>,
}

struct Area {
    heading: String,
    /// Each passage and its ending (";" or "。").
    passages: Vec<(Vec<Piece>, String)>,
}

pub(crate) struct Row {
    pub(crate) item_number: i64,
    pub(crate) item_title: String,
    pub(crate) indicator: String,
    pub(crate) unit: String,
    pub(crate) cells: [Vec<Piece>; 4],
    pub(crate) status: String,
    pub(crate) lead_unit: String,
}

pub(crate) struct SourceLine {
    pub(crate) n: usize,
    pub(crate) label: String,
    pub(crate) text: String,
    pub(crate) location: String,
    pub(crate) source: String,
    pub(crate) sourced: bool,
}

/// A chart: its SVG and its numbers as a table, the text alternative, whose cells
/// link to their source lines like any figure.
struct Chart {
    title: String,
    svg: String,
    head: Vec<String>,
    /// Each row's heading and cells.
    rows: Vec<(String, Vec<Vec<Piece>>)>,
}

#[derive(Template)]
#[template(path = "bulletin.html")]
struct Fragment<'a> {
    b: &'a Bulletin,
    date: String,
    fiscal: Option<Vec<Piece>>,
    status: Vec<Piece>,
    charts: Vec<Chart>,
    areas: Vec<Area>,
    problems: Vec<Vec<Piece>>,
    rows: Vec<Row>,
    sources: Vec<SourceLine>,
}

#[derive(Template)]
#[template(path = "standalone.html")]
struct Standalone<'a> {
    title: &'a str,
    body: &'a str,
}

/// Numbers figures as they are met; the order is the document's.
pub(crate) struct Counter(pub(crate) usize);

impl Counter {
    fn figure(&mut self, f: &Figure) -> Piece {
        self.0 += 1;
        Piece {
            text: f.text.clone(),
            figure: Some((self.0, f.source.describe_zh(), f.is_sourced())),
        }
    }

    pub(crate) fn paragraph(&mut self, p: &Paragraph) -> Vec<Piece> {
        p.0.iter()
            .map(|s| match s {
                Span::Text(t) => Piece {
                    text: t.clone(),
                    figure: None,
                },
                Span::Figure(f) => self.figure(f),
            })
            .collect()
    }

    /// An annex row, its figures numbered.
    pub(crate) fn row(&mut self, r: &AnnexRow) -> Row {
        Row {
            item_number: r.item_number,
            item_title: r.item_title.clone(),
            indicator: r.indicator_name.clone(),
            unit: if r.unit.is_empty() {
                "—".into()
            } else {
                r.unit.clone()
            },
            cells: [
                self.cell(&r.target),
                self.cell(&r.value),
                self.cell(&r.completion),
                self.cell(&r.change),
            ],
            status: r.status_label.clone(),
            lead_unit: r.lead_unit.clone(),
        }
    }

    fn cell(&mut self, f: &Option<Figure>) -> Vec<Piece> {
        match f {
            Some(f) => vec![self.figure(f)],
            None => vec![Piece {
                text: "—".into(),
                figure: None,
            }],
        }
    }
}

/// The 数据来源 lines of `figures`, numbered in their order.
pub(crate) fn sources(figures: Vec<(String, &Figure)>) -> Vec<SourceLine> {
    figures
        .into_iter()
        .enumerate()
        .map(|(n, (location, f))| SourceLine {
            n: n + 1,
            label: f.label.clone(),
            text: f.text.clone(),
            location,
            source: f.source.describe_zh(),
            sourced: f.is_sourced(),
        })
        .collect()
}

fn plain(t: &str) -> Vec<Piece> {
    vec![Piece {
        text: t.to_string(),
        figure: None,
    }]
}

/// The charts in the order [`Bulletin::figures`] lists their numbers: the status bars
/// (area by area, statuses in order), then the trend (each period's completion, then
/// its plan). A chart with nothing to draw is left out.
fn charts(b: &Bulletin, c: &mut Counter) -> Vec<Chart> {
    let mut out = Vec::new();
    let status = &b.charts.status;
    let statuses = status.statuses();
    if !status.areas.is_empty() {
        let bars: Vec<Bar> = status
            .areas
            .iter()
            .map(|a| Bar {
                label: a.title.clone(),
                parts: statuses
                    .iter()
                    .map(|s| (s.as_str(), s.label_zh(), a.count(*s)))
                    .collect(),
            })
            .collect();
        out.push(Chart {
            title: status.title.clone(),
            svg: status_bars_svg(&bars, &status.title, "bulletin-status"),
            head: std::iter::once("方面".to_string())
                .chain(statuses.iter().map(|s| s.label_zh().to_string()))
                .collect(),
            rows: status
                .areas
                .iter()
                .map(|a| {
                    let cells = statuses
                        .iter()
                        .map(|s| match a.counts.iter().find(|x| x.status == *s) {
                            Some(x) => vec![c.figure(&x.count)],
                            None => plain("0"),
                        })
                        .collect();
                    (a.title.clone(), cells)
                })
                .collect(),
        });
    }
    let trend = &b.charts.trend;
    if !trend.points.is_empty() {
        let samples: Vec<Sample> = trend
            .points
            .iter()
            .map(|p| Sample {
                cutoff: p.cutoff,
                completion: p.completion.as_ref().and_then(|f| f.value),
                planned: p.planned.as_ref().and_then(|f| f.value),
            })
            .collect();
        out.push(Chart {
            title: trend.title.clone(),
            svg: trend_svg(trend.year, &samples, &trend.title, "bulletin-trend"),
            head: ["月份", "平均完成率(%)", "计划进度(%)"]
                .map(String::from)
                .to_vec(),
            rows: trend
                .points
                .iter()
                .map(|p| {
                    let cells = vec![c.cell(&p.completion), c.cell(&p.planned)];
                    (format!("{}月", p.label.month), cells)
                })
                .collect(),
        });
    }
    out
}

fn fragment(b: &Bulletin) -> Fragment<'_> {
    let mut c = Counter(0);
    let fiscal = b.overview.fiscal.as_ref().map(|p| c.paragraph(p));
    let status = c.paragraph(&b.overview.status);
    let charts = charts(b, &mut c);
    let areas = b
        .progress
        .areas
        .iter()
        .map(|a| Area {
            heading: a.heading.clone(),
            passages: a
                .passages
                .iter()
                .map(|p| (c.paragraph(&p.body), p.end.clone()))
                .collect(),
        })
        .collect();
    let problems = b
        .problems
        .paragraphs
        .iter()
        .map(|p| c.paragraph(p))
        .collect();
    let rows = b.annex.rows.iter().map(|r| c.row(r)).collect();
    let sources = sources(b.figures());
    Fragment {
        b,
        date: b.header.date.map(date_zh).unwrap_or_default(),
        fiscal,
        status,
        charts,
        areas,
        problems,
        rows,
        sources,
    }
}

/// The bulletin as an `<article>`, for a page to embed.
pub fn render_fragment(b: &Bulletin) -> String {
    fragment(b)
        .render()
        .expect("the bulletin template renders any bulletin")
}

/// The bulletin as a whole HTML document with its own styles: nothing is fetched.
/// Deterministic: the same bulletin gives the same bytes.
pub fn render(b: &Bulletin) -> String {
    let body = render_fragment(b);
    Standalone {
        title: &b.title,
        body: &body,
    }
    .render()
    .expect("the page template renders")
}

//! A bulletin as HTML: a fragment the pages embed, or a whole document to save. Each
//! figure shows its source when hovered (`title`) and links to its line in the
//! 数据来源 annex, numbered in document order as [`Bulletin::figures`] lists them.
//! Written by an askama template, which escapes everything it prints.

use askama::Template;
use duban_domain::bulletin::numbering::date_zh;
use duban_domain::bulletin::{AnnexRow, Bulletin, Figure, Paragraph, Span};

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

#[derive(Template)]
#[template(path = "bulletin.html")]
struct Fragment<'a> {
    b: &'a Bulletin,
    date: String,
    fiscal: Option<Vec<Piece>>,
    status: Vec<Piece>,
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

fn fragment(b: &Bulletin) -> Fragment<'_> {
    let mut c = Counter(0);
    let fiscal = b.overview.fiscal.as_ref().map(|p| c.paragraph(p));
    let status = c.paragraph(&b.overview.status);
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

//! A bulletin as HTML: a fragment the pages embed, or a whole document to save. Each
//! figure shows its source when hovered (`title`) and links to its line in the
//! 数据来源 annex, numbered in document order as [`Bulletin::figures`] lists them.
//! Written by an askama template, which escapes everything it prints.

use askama::Template;
use duban_domain::bulletin::numbering::date_zh;
use duban_domain::bulletin::{Bulletin, Figure, Paragraph, Span};

/// A run of text or a numbered figure.
struct Piece {
    text: String,
    /// The figure's number in the 数据来源 annex (1-based), its source in words, and
    /// whether the source is approved.
    figure: Option<(usize, String, bool)>,
}

struct Area {
    heading: String,
    /// Each passage and its ending (";" or "。").
    passages: Vec<(Vec<Piece>, String)>,
}

struct Row {
    item_number: i64,
    item_title: String,
    indicator: String,
    unit: String,
    cells: [Vec<Piece>; 4],
    status: String,
    lead_unit: String,
}

struct SourceLine {
    n: usize,
    label: String,
    text: String,
    location: String,
    source: String,
    sourced: bool,
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
struct Counter(usize);

impl Counter {
    fn figure(&mut self, f: &Figure) -> Piece {
        self.0 += 1;
        Piece {
            text: f.text.clone(),
            figure: Some((self.0, f.source.describe_zh(), f.is_sourced())),
        }
    }

    fn paragraph(&mut self, p: &Paragraph) -> Vec<Piece> {
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
    let rows = b
        .annex
        .rows
        .iter()
        .map(|r| Row {
            item_number: r.item_number,
            item_title: r.item_title.clone(),
            indicator: r.indicator_name.clone(),
            unit: if r.unit.is_empty() {
                "—".into()
            } else {
                r.unit.clone()
            },
            cells: [
                c.cell(&r.target),
                c.cell(&r.value),
                c.cell(&r.completion),
                c.cell(&r.change),
            ],
            status: r.status_label.clone(),
            lead_unit: r.lead_unit.clone(),
        })
        .collect();
    let sources = b
        .figures()
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
        .collect();
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

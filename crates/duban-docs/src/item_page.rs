//! An item's progress page (事项进展) as an HTML fragment for the portal: its passage,
//! its indicator table and the 数据来源 list, printed with the bulletin's own parts so
//! that a figure reads and links the same on both.

use askama::Template;
use duban_domain::bulletin::ItemProgress;

use crate::html::{Counter, Piece, Row, SourceLine, sources};

#[derive(Template)]
#[template(path = "item_page.html")]
struct Fragment {
    title: String,
    area: String,
    lead_unit: String,
    passage: Vec<Piece>,
    rows: Vec<Row>,
    sources: Vec<SourceLine>,
}

/// The page as an `<article>`, for the portal to embed.
pub fn render_fragment(page: &ItemProgress) -> String {
    let mut c = Counter(0);
    let passage = c.paragraph(&page.passage);
    let rows = page.rows.iter().map(|r| c.row(r)).collect();
    Fragment {
        title: page.title(),
        area: page.area.clone(),
        lead_unit: page.lead_unit.clone(),
        passage,
        rows,
        sources: sources(page.figures()),
    }
    .render()
    .expect("the item page template renders any page")
}

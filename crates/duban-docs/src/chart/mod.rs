//! Charts as SVG, drawn on the server: an indicator's trajectory and the plan's
//! completion over its periods (line charts on one year's axis), and items by status
//! per area (stacked bars). Text is plain SVG `<text>` in the reader's own fonts, so
//! Chinese shows without any font being fetched. Written by askama templates, which
//! escape the labels; colours are attributes, since the pages' Content-Security-Policy
//! allows no inline `<style>`. Made to be inline in HTML, they carry no `xmlns`: the
//! HTML parser puts `<svg>` in the SVG namespace, and a page names no outside address.

mod bars;
mod line;

pub use bars::{Bar, status_bars_svg};
pub use line::{Sample, trajectory_svg, trend_svg};

const WIDTH: f64 = 600.0;

/// The colour of a status, as the stylesheet paints its badges; the DOCX charts use
/// the same.
pub fn colour(class: &str) -> &'static str {
    match class {
        "exceeded" => "#2e8b57",
        "done" => "#1b6e2a",
        "on_track" => "#1f4e96",
        "lagging" => "#9a5b00",
        "seriously_lagging" => "#a0161b",
        "not_started" => "#555555",
        _ => "#aaaaaa",
    }
}

/// The completion line's colour; the plan curve's is [`PLAN`].
pub const ACTUAL: &str = "#a0161b";
pub const PLAN: &str = "#767676";

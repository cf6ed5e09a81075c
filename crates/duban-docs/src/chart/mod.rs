//! Charts as SVG, drawn on the server: an indicator's trajectory and the plan's
//! completion over its periods (line charts on one year's axis), and items by status
//! per area (stacked bars). Text is plain SVG `<text>` in the reader's own fonts, so
//! Chinese shows without any font being fetched. Written by askama templates, which
//! escape the labels; colours are attributes, since the pages' Content-Security-Policy
//! allows no inline `<style>`. Made to be inline in HTML, they carry no `xmlns`: the
//! HTML parser puts `<svg>` in the SVG namespace, and a page names no outside address.

mod bars;
mod line;

pub use bars::{Bar, status_bars_svg, status_bars_svg_in};
pub use line::{Sample, trajectory_svg, trajectory_svg_in, trend_svg, trend_svg_in};

/// The words a chart prints around its data: Chinese ([`Words::ZH`]) for the
/// documents, the reader's language on the pages.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    /// The line charts' legend: the plan curve and the approved values.
    pub plan: &'a str,
    pub actual: &'a str,
    /// After the trajectory's title: what it shows.
    pub shows: &'a str,
    /// The trend's line: the plan's mean completion.
    pub mean: &'a str,
    /// The months on the axis.
    pub months: [&'a str; 12],
    /// The target line's label, from the target with its unit.
    pub target: fn(&str) -> String,
    /// A trend point's title, from its month and its completion with "%".
    pub mean_at: fn(&str, &str) -> String,
    /// A bar segment's title, from a status and its count of items.
    pub part: fn(&str, u32) -> String,
    /// A bar's total count of items.
    pub total: fn(u32) -> String,
    /// The trajectory's forecast fan in the legend, and its title from the point,
    /// the low and the high end, each with its unit.
    pub forecast: &'a str,
    pub forecast_at: fn(&str, &str, &str) -> String,
}

impl Words<'static> {
    pub const ZH: Words<'static> = Words {
        plan: "计划进度",
        actual: "审定完成值",
        shows: ":计划进度与审定完成值",
        mean: "平均完成率",
        months: [
            "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
        ],
        target: |v| format!("目标{v}"),
        mean_at: |month, v| format!("{month} 平均完成率{v}"),
        part: |label, n| format!("{label}{n}项"),
        total: |n| format!("{n}项"),
        forecast: "年底预测",
        forecast_at: |p, lo, hi| format!("年底预测{p}(区间{lo}至{hi})"),
    };
}

const WIDTH: f64 = 600.0;

/// The colour of a status, as the stylesheet paints its badges; the DOCX charts use
/// the same.
pub fn colour(class: &str) -> &'static str {
    match class {
        "exceeded" => "#2e8b57",
        "done" => "#1b6e2a",
        "on_track" => "#1f4e96",
        "at_risk" => "#6a3d9a",
        "lagging" => "#9a5b00",
        "seriously_lagging" => "#a0161b",
        "not_started" => "#555555",
        _ => "#aaaaaa",
    }
}

/// The completion line's colour; the plan curve's is [`PLAN`].
pub const ACTUAL: &str = "#a0161b";
pub const PLAN: &str = "#767676";
/// The forecast fan's colour.
pub const FORECAST: &str = "#6a3d9a";

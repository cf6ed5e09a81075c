//! The same bulletin as HTML: every figure links to its numbered source line and shows
//! the source on hover; the unsourced one is marked; text is escaped; bytes repeat.

mod common;

use common::bulletin;
use duban_docs::html::{render, render_fragment};

#[test]
fn each_figure_links_to_its_source_line_and_shows_it_on_hover() {
    let b = bulletin();
    let html = render_fragment(&b);
    let figures = b.figures();
    for (n, (_, f)) in figures.iter().enumerate() {
        let anchor = format!("<li id=\"src-{}\"", n + 1);
        assert!(html.contains(&anchor), "{anchor} missing");
        assert!(
            html.contains(&format!("href=\"#src-{}\"", n + 1)),
            "figure {} ({}) not linked",
            n + 1,
            f.text
        );
    }
    assert!(
        html.contains("title=\"市扶贫开发领导小组办公室填报(填报编号31,第2版)"),
        "{html}"
    );
    assert!(
        html.contains("<strong>(一)特殊群体关爱服务保障方面。</strong>"),
        "{html}"
    );
    assert!(
        html.contains("class=\"fig unsourced\""),
        "the unsourced figure is marked"
    );
}

#[test]
fn office_text_is_escaped_and_the_document_stands_alone() {
    let mut b = bulletin();
    b.recommendations.paragraphs = vec!["<script>alert(1)</script>要加快".into()];
    let page = render(&b);
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("&#60;script&#62;alert(1)"), "{page}");
    assert!(page.starts_with("<!doctype html>\n<html lang=\"zh-CN\">"));
    for outside in ["http://", "https://", "src=\"", "<link"] {
        assert!(
            !page.contains(outside),
            "{outside} in a standalone bulletin"
        );
    }
    assert_eq!(render(&b).as_bytes(), page.as_bytes());
}

#[test]
fn both_charts_are_inline_svg_after_the_overview_with_their_numbers_as_linked_tables() {
    let b = bulletin();
    let html = render_fragment(&b);
    let at = |s: &str| {
        html.find(s)
            .unwrap_or_else(|| panic!("{s} missing:\n{html}"))
    };
    let status = at("aria-labelledby=\"bulletin-status-title\"");
    let trend = at("aria-labelledby=\"bulletin-trend-title\"");
    assert!(at("</p>") < status && status < trend && trend < at("<h2>一、"));
    // One bar per area, the second area only here: its item has nothing to report.
    assert!(html.contains(">扶持就业及社会保障方面</text>"), "{html}");
    assert!(html.contains("<title>待评估1项</title>"));
    // March and May have a completion, April none: two dots.
    let svg = &html[trend..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    assert_eq!(svg.matches("<circle ").count(), 2, "{svg}");
    assert!(
        svg.contains(">87.2%</text>"),
        "May is the ledger's completion: {svg}"
    );
    // The text alternative: each number a linked figure.
    assert!(html.contains("<figcaption>实事平均完成率走势</figcaption>"));
    assert_eq!(html.matches("<summary>数据表</summary>").count(), 2);
    assert!(
        html.contains("<th scope=\"row\">4月</th><td class=\"num\">—</td>"),
        "{html}"
    );
    let may = b.charts.trend.points[2].completion.as_ref().unwrap();
    let n = b
        .figures()
        .iter()
        .position(|(_, f)| std::ptr::eq(*f, may))
        .unwrap()
        + 1;
    assert!(
        html.contains(&format!(
            "href=\"#src-{n}\" title=\"计算:截至5月31日各项实事完成率的平均数"
        )),
        "{html}"
    );
}

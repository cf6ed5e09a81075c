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

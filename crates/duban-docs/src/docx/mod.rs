//! A bulletin as DOCX, laid out after GB/T 9704 (党政机关公文格式) as far as a bulletin
//! uses it: A4 with the standard margins (天头 37 mm, 订口 28 mm, 版心 156 × 225 mm),
//! the red masthead and rule, 第N期 and the date, the title in 小标宋, the body in
//! 仿宋 三号 (16 pt) on a grid of 28 lines of 28 characters, headings in 黑体 and 楷体,
//! page numbers "— 1 —", and the annexes (the indicator table, the figures' sources).
//! Fonts are named as offices have them (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312);
//! a reader without them gets its own substitutes, e.g. Noto CJK from `fonts-noto-cjk`.
//! The two charts follow the overview, before 一、工作开展情况: they picture the
//! overview's counts and the completion to date, and the seed reads summary first,
//! item by item after. They are native charts (see [`charts`]), so Word, WPS and
//! LibreOffice draw them and the PDF keeps them as vector drawings with real text.
//! The XML comes from askama templates, which escape every text they print.

mod charts;

use askama::Template;
use duban_domain::bulletin::numbering::date_zh;
use duban_domain::bulletin::{Bulletin, Figure, Paragraph, Span};

/// One run of text in a paragraph.
struct Run {
    text: String,
    /// An area's heading inside its paragraph: 楷体, bold.
    lead: bool,
    /// A figure without an approved source: red.
    red: bool,
}

/// A paragraph: its style (see styles.xml) and its runs.
struct Para {
    style: &'static str,
    runs: Vec<Run>,
    /// Starts a new page (the annexes).
    page_break: bool,
}

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

enum Block {
    Para(Para),
    Table(Table),
    Chart(charts::Drawing),
}

#[derive(Template)]
#[template(path = "docx/document.xml", escape = "html")]
struct Document {
    blocks: Vec<Block>,
    series: String,
    number: String,
    issuer: String,
    date: String,
}

#[derive(Template)]
#[template(path = "docx/styles.xml", escape = "html")]
struct Styles;

#[derive(Template)]
#[template(path = "docx/footer.xml", escape = "html")]
struct Footer;

/// The parts' types: the chart parts are numbered 1, 2, ….
#[derive(Template)]
#[template(path = "docx/content_types.xml", escape = "html")]
struct ContentTypes {
    charts: Vec<usize>,
}

/// The document's relationships: styles, footer, and (id, number) of each chart.
#[derive(Template)]
#[template(path = "docx/document.xml.rels", escape = "html")]
struct DocumentRels {
    charts: Vec<(String, usize)>,
}

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn text(t: &str) -> Run {
    Run {
        text: t.to_string(),
        lead: false,
        red: false,
    }
}

fn figure(f: &Figure) -> Vec<Run> {
    let mut out = vec![Run {
        text: f.text.clone(),
        lead: false,
        red: !f.is_sourced(),
    }];
    if !f.is_sourced() {
        out.push(Run {
            text: "【待核实】".into(),
            lead: false,
            red: true,
        });
    }
    out
}

fn runs(p: &Paragraph) -> Vec<Run> {
    p.0.iter()
        .flat_map(|s| match s {
            Span::Text(t) => vec![text(t)],
            Span::Figure(f) => figure(f),
        })
        .collect()
}

fn para(style: &'static str, runs: Vec<Run>) -> Block {
    Block::Para(Para {
        style,
        runs,
        page_break: false,
    })
}

fn cell(f: &Option<Figure>) -> String {
    match f {
        Some(f) if f.is_sourced() => f.text.clone(),
        Some(f) => format!("{}【待核实】", f.text),
        None => "—".into(),
    }
}

fn blocks(b: &Bulletin, drawings: Vec<charts::Drawing>) -> Vec<Block> {
    let mut out = vec![para("Title", vec![text(&b.title)])];
    if let Some(intro) = &b.overview.intro {
        out.push(para("Body", vec![text(intro)]));
    }
    if let Some(f) = &b.overview.fiscal {
        out.push(para("Body", runs(f)));
    }
    out.push(para("Body", runs(&b.overview.status)));
    out.extend(drawings.into_iter().map(Block::Chart));
    out.push(para("Heading1", vec![text(&b.progress.heading)]));
    for a in &b.progress.areas {
        let mut r = vec![Run {
            text: a.heading.clone(),
            lead: true,
            red: false,
        }];
        for p in &a.passages {
            r.extend(runs(&p.body));
            r.push(text(&p.end));
        }
        out.push(para("Body", r));
    }
    out.push(para("Heading1", vec![text(&b.problems.heading)]));
    for p in &b.problems.paragraphs {
        out.push(para("Body", runs(p)));
    }
    out.push(para("Heading1", vec![text(&b.recommendations.heading)]));
    if b.recommendations.paragraphs.is_empty() {
        out.push(para(
            "Body",
            vec![Run {
                text: "【待核实】意见建议尚未填写。".into(),
                lead: false,
                red: true,
            }],
        ));
    }
    for p in &b.recommendations.paragraphs {
        out.push(para("Body", vec![text(p)]));
    }
    out.push(Block::Para(Para {
        style: "AnnexTitle",
        runs: vec![text(&b.annex.title)],
        page_break: true,
    }));
    out.push(Block::Table(Table {
        header: [
            "序号",
            "事项",
            "指标",
            "单位",
            "年度目标",
            "完成值",
            "完成率(%)",
            "状态",
            "牵头单位",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows: b
            .annex
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.item_number.to_string(),
                    r.item_title.clone(),
                    r.indicator_name.clone(),
                    if r.unit.is_empty() {
                        "—".into()
                    } else {
                        r.unit.clone()
                    },
                    cell(&r.target),
                    cell(&r.value),
                    cell(&r.completion),
                    r.status_label.clone(),
                    r.lead_unit.clone(),
                ]
            })
            .collect(),
    }));
    out.push(Block::Para(Para {
        style: "AnnexTitle",
        runs: vec![text("附件:数据来源")],
        page_break: true,
    }));
    for (n, (loc, f)) in b.figures().into_iter().enumerate() {
        let mark = if f.is_sourced() {
            ""
        } else {
            "【待核实】"
        };
        out.push(para(
            "Source",
            vec![text(&format!(
                "{}. {mark}{}“{}”({}):{}",
                n + 1,
                f.label,
                f.text,
                loc,
                f.source.describe_zh()
            ))],
        ));
    }
    out
}

/// The bulletin as the bytes of a .docx file. Deterministic: the same bulletin gives
/// the same bytes.
pub fn render(b: &Bulletin) -> Vec<u8> {
    let (drawings, chart_xml): (Vec<_>, Vec<_>) = charts::parts(b)
        .into_iter()
        .map(|p| (p.drawing, p.xml))
        .unzip();
    let numbers: Vec<usize> = drawings.iter().map(|d| d.id).collect();
    let rels = DocumentRels {
        charts: drawings.iter().map(|d| (d.rid.clone(), d.id)).collect(),
    };
    let document = Document {
        blocks: blocks(b, drawings),
        series: b.header.series.clone(),
        number: b.header.number_label.clone(),
        issuer: b.header.issuer.clone(),
        date: b.header.date.map(date_zh).unwrap_or_default(),
    };
    let xml = |t: &dyn askama::DynTemplate| -> Vec<u8> {
        t.dyn_render()
            .expect("the DOCX templates render any bulletin")
            .into_bytes()
    };
    let names: Vec<String> = numbers
        .iter()
        .map(|n| format!("word/charts/chart{n}.xml"))
        .collect();
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        (
            "[Content_Types].xml",
            xml(&ContentTypes { charts: numbers }),
        ),
        ("_rels/.rels", RELS.as_bytes().to_vec()),
        ("word/document.xml", xml(&document)),
        ("word/styles.xml", xml(&Styles)),
        ("word/footer1.xml", xml(&Footer)),
        ("word/_rels/document.xml.rels", xml(&rels)),
    ];
    files.extend(names.iter().map(String::as_str).zip(chart_xml));
    crate::zip::stored(&files)
}

//! A bulletin as Markdown (CommonMark with GitHub tables).
//!
//! Layout: the masthead, the title, the overview and the charts' numbers as tables,
//! sections 一 to 三, then two annexes:
//! the indicator table and 数据来源, which numbers every figure in document order and
//! says where it comes from. A figure without an approved source is printed followed
//! by 【待核实】 wherever it appears.

use duban_domain::bulletin::numbering::date_zh;
use duban_domain::bulletin::{Bulletin, Figure, Paragraph, Span};

/// The mark after a figure that has no approved source.
pub const UNSOURCED_MARK: &str = "【待核实】";

/// Escapes the characters Markdown would read as markup.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn figure(f: &Figure) -> String {
    if f.is_sourced() {
        escape(&f.text)
    } else {
        format!("{}{UNSOURCED_MARK}", escape(&f.text))
    }
}

fn spans(p: &Paragraph) -> String {
    p.0.iter()
        .map(|s| match s {
            Span::Text(t) => escape(t),
            Span::Figure(f) => figure(f),
        })
        .collect()
}

fn cell(f: &Option<Figure>) -> String {
    f.as_ref().map(figure).unwrap_or_else(|| "—".to_string())
}

/// The charts' numbers as small tables (a text document draws no chart): items by
/// status per area, and the completion at each period beside the plan.
fn charts(b: &Bulletin) -> Vec<String> {
    let mut out = Vec::new();
    let status = &b.charts.status;
    if !status.areas.is_empty() {
        let statuses = status.statuses();
        out.push(format!("**{}**", escape(&status.title)));
        out.push(String::new());
        let head: Vec<&str> = statuses.iter().map(|s| s.label_zh()).collect();
        out.push(format!("| 方面 | {} |", head.join(" | ")));
        out.push(format!("| --- |{}", " ---: |".repeat(statuses.len())));
        for a in &status.areas {
            let cells: Vec<String> = statuses
                .iter()
                .map(|s| match a.counts.iter().find(|c| c.status == *s) {
                    Some(c) => figure(&c.count),
                    None => "0".into(),
                })
                .collect();
            out.push(format!("| {} | {} |", escape(&a.title), cells.join(" | ")));
        }
        out.push(String::new());
    }
    let trend = &b.charts.trend;
    if !trend.points.is_empty() {
        out.push(format!("**{}**", escape(&trend.title)));
        out.push(String::new());
        out.push("| 月份 | 平均完成率(%) | 计划进度(%) |".into());
        out.push("| --- | ---: | ---: |".into());
        for p in &trend.points {
            out.push(format!(
                "| {}月 | {} | {} |",
                p.label.month,
                cell(&p.completion),
                cell(&p.planned)
            ));
        }
        out.push(String::new());
    }
    out
}

/// Renders the bulletin. Deterministic: the same bulletin gives the same bytes.
pub fn render(b: &Bulletin) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    line(&format!("# {}", escape(&b.header.series)));
    line("");
    let mut mast = format!("{}　　{}", escape(&b.header.issuer), b.header.number_label);
    if let Some(d) = b.header.date {
        mast.push_str(&format!("　　{}", date_zh(d)));
    }
    line(&mast);
    line("");
    line(&format!("## {}", escape(&b.title)));
    line("");
    if let Some(intro) = &b.overview.intro {
        line(&escape(intro));
        line("");
    }
    if let Some(f) = &b.overview.fiscal {
        line(&spans(f));
        line("");
    }
    line(&spans(&b.overview.status));
    line("");
    for t in charts(b) {
        line(&t);
    }

    line(&format!("## {}", escape(&b.progress.heading)));
    line("");
    for a in &b.progress.areas {
        let mut p = format!("**{}**", escape(&a.heading));
        for s in &a.passages {
            p.push_str(&spans(&s.body));
            p.push_str(&s.end);
        }
        line(&p);
        line("");
    }

    line(&format!("## {}", escape(&b.problems.heading)));
    line("");
    for p in &b.problems.paragraphs {
        line(&spans(p));
        line("");
    }

    line(&format!("## {}", escape(&b.recommendations.heading)));
    line("");
    if b.recommendations.paragraphs.is_empty() {
        line(&format!("{UNSOURCED_MARK}意见建议尚未填写。"));
        line("");
    }
    for p in &b.recommendations.paragraphs {
        line(&escape(p));
        line("");
    }

    line(&format!("## {}", escape(&b.annex.title)));
    line("");
    line(
        "| 序号 | 事项 | 指标 | 单位 | 年度目标 | 完成值 | 完成率(%) | 比上期 | 状态 | 牵头单位 |",
    );
    line("| ---: | --- | --- | --- | ---: | ---: | ---: | --- | --- | --- |");
    for r in &b.annex.rows {
        line(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.item_number,
            escape(&r.item_title),
            escape(&r.indicator_name),
            if r.unit.is_empty() {
                "—".to_string()
            } else {
                escape(&r.unit)
            },
            cell(&r.target),
            cell(&r.value),
            cell(&r.completion),
            cell(&r.change),
            escape(&r.status_label),
            escape(&r.lead_unit),
        ));
    }
    line("");

    line("## 附件:数据来源");
    line("");
    for (n, (loc, f)) in b.figures().into_iter().enumerate() {
        let mark = if f.is_sourced() { "" } else { UNSOURCED_MARK };
        line(&format!(
            "{}. {mark}{}“{}”({}):{}",
            n + 1,
            escape(&f.label),
            escape(&f.text),
            escape(&loc),
            escape(&f.source.describe_zh()),
        ));
    }
    let blockers = b.issue_blockers();
    if !blockers.is_empty() {
        line("");
        line(&format!(
            "## 待核实事项({}项,核实前不能印发)",
            blockers.len()
        ));
        line("");
        for x in &blockers {
            line(&format!(
                "- {}:{}",
                escape(&x.location),
                escape(&x.message_zh)
            ));
        }
    }
    out
}

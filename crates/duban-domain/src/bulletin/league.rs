//! The evaluation's results in section 二 (绩效考评), once the office has approved them:
//! the top of each league and its last place, each total sourced with its breakdown.

use crate::evaluation::{Approved, Measure, Named, Ranked};

use super::input::DraftInput;
use super::model::{Figure, Paragraph, Source};
use super::numbering::{CLOSE, COLON, COMMA, LIST, OPEN, PERIOD, SEMICOLON, point};

/// How many of the top of each league the paragraph names.
const TOP: usize = 3;

/// A total as printed, sourced by the scheme's sum of its parts.
fn total(period: &str, r: &Ranked<Named>) -> Option<Figure> {
    let t = r.evaluation.total?;
    let parts: Vec<String> = r
        .evaluation
        .lines
        .iter()
        .map(|l| match (&l.measure, l.effective_weight) {
            (Measure::Scored { score, .. }, Some(w)) => {
                format!(
                    "{}{}分×{}%",
                    l.criterion.label_zh(),
                    score.to_fixed(2),
                    w.to_fixed(2)
                )
            }
            _ => format!("{}不适用", l.criterion.label_zh()),
        })
        .collect();
    Some(Figure {
        label: format!("{}考评总分", r.subject.name),
        text: t.to_fixed(2),
        value: Some(t),
        source: Source::Derived {
            formula: format!("{period}绩效考评(已审定):{}", parts.join(" + ")),
            inputs: vec![],
        },
    })
}

/// Names `rows` with their totals: 甲(93.50分)、乙(90.00分).
fn named(p: &mut Paragraph, period: &str, rows: &[&Ranked<Named>]) {
    for (k, r) in rows.iter().enumerate() {
        if k > 0 {
            p.push_text(LIST);
        }
        p.push_text(&format!("{}{OPEN}", r.subject.name));
        if let Some(f) = total(period, r) {
            p.push_figure(f);
        }
        p.push_text(&format!("分{CLOSE}"));
    }
}

/// The paragraph, numbered `n`; None while the period's evaluation is not approved.
pub fn paragraph(input: &DraftInput, n: u32) -> Option<Paragraph> {
    let Approved { tables, .. } = input.evaluation.as_ref()?;
    let period = input.period.label.to_string();
    let mut p = Paragraph::text(point(n));
    p.push_text(&format!("绩效考评结果已审定{COLON}"));
    let mut first = true;
    for t in tables.iter().filter(|t| !t.rows.is_empty()) {
        if !first {
            p.push_text(SEMICOLON);
        }
        first = false;
        let ranked: Vec<&Ranked<Named>> = t.rows.iter().filter(|r| r.rank.is_some()).collect();
        let top: Vec<&Ranked<Named>> = ranked.iter().copied().take(TOP).collect();
        p.push_text(&format!("{}得分居前的是", t.league.label_zh()));
        named(&mut p, &period, &top);
        if let Some(last) = ranked.last().filter(|_| ranked.len() > TOP) {
            p.push_text(&format!("{COMMA}得分末位的是"));
            named(&mut p, &period, &[last]);
        }
    }
    if first {
        return None;
    }
    p.push_text(PERIOD);
    Some(p)
}

//! An item's passage in section 一: its indicators' sentences joined with ",", stage
//! indicators grouped by region ("市本级、沂水县和平邑县处于规划设计阶段"), the item's
//! narrative before or after; or the office's rewrite of it.

use crate::decimal::Decimal;

use super::facts::Facts;
use super::input::{Narrative, NarrativePlace};
use super::model::{Figure, Paragraph, Source, Span};
use super::numbering::{COMMA, list_and};
use super::template::{Placeholder, Segment};

/// One sentence of an indicator: its template filled. A stage indicator decomposed by
/// region gives one clause per stage reached, least advanced first.
pub fn sentence(f: &Facts<'_>) -> Paragraph {
    let groups: Vec<Option<usize>> = if f.stage_groups.is_empty() {
        vec![None]
    } else {
        (0..f.stage_groups.len()).map(Some).collect()
    };
    let mut out = Paragraph::default();
    for (n, g) in groups.into_iter().enumerate() {
        if n > 0 {
            out.push_text(COMMA);
        }
        for seg in f.template.segments() {
            match seg {
                Segment::Text(t) => out.push_text(t),
                Segment::Slot(p) => match fill(f, *p, g) {
                    Span::Text(t) => out.push_text(&t),
                    Span::Figure(fig) => out.push_figure(fig),
                },
            }
        }
    }
    out
}

fn missing(f: &Facts<'_>, what: &str, reason: &str) -> Span {
    Span::Figure(Figure::unsourced(format!("{} {what}", f.ind.name), reason))
}

fn fill(f: &Facts<'_>, p: Placeholder, group: Option<usize>) -> Span {
    let fig = |x: &Option<Figure>, what: &str, reason: &str| match x {
        Some(v) => Span::Figure(v.clone()),
        None => missing(f, what, reason),
    };
    match p {
        Placeholder::Name => Span::Text(f.ind.name.clone()),
        Placeholder::Unit => Span::Text(f.unit.clone()),
        Placeholder::Value => fig(&f.value, "完成值", "本期无审定数据"),
        Placeholder::Target => fig(&f.target, "年度目标", "未设定年度目标"),
        Placeholder::Completion => fig(&f.completion, "完成率", "缺少完成值或年度目标"),
        Placeholder::Remaining => fig(&f.remaining, "剩余", "缺少完成值或年度目标"),
        Placeholder::Change => fig(&f.change, "比上期", "缺少上期数值"),
        Placeholder::Status => Span::Figure(f.status_figure.clone()),
        Placeholder::Stage => match group.map(|g| &f.stage_groups[g]) {
            Some(g) => Span::Figure(g.stage.clone()),
            None => fig(&f.stage, "阶段", "本期无审定的阶段"),
        },
        Placeholder::Regions => match group.map(|g| &f.stage_groups[g]) {
            Some(g) => Span::Text(list_and(&g.regions)),
            None => Span::Text(String::new()),
        },
    }
}

/// Strips the closing punctuation a passage's parts may come with: the passage adds
/// its own.
pub fn trim_end(s: &str) -> &str {
    s.trim().trim_end_matches(['。', ';', ';', ',', ',', '.'])
}

/// An item's drafted passage: sentences joined with ",", the narrative before or after.
pub fn drafted(sentences: Vec<Paragraph>, narrative: Option<&Narrative>) -> Paragraph {
    let mut body = Paragraph::default();
    let narrative = narrative.filter(|n| !trim_end(&n.text).is_empty());
    let mut parts: Vec<Paragraph> = sentences.into_iter().filter(|s| !s.is_empty()).collect();
    if let Some(n) = narrative {
        let p = Paragraph::text(trim_end(&n.text));
        match n.place {
            NarrativePlace::Before => parts.insert(0, p),
            NarrativePlace::After => parts.push(p),
        }
    }
    for (i, p) in parts.into_iter().enumerate() {
        if i > 0 {
            body.push_text(COMMA);
        }
        body.append(p);
    }
    body
}

/// The office's rewrite of a passage. `{N}` keeps the drafted passage's N-th figure
/// (from 1) with its source; any other run of digits is a number typed in by hand and
/// becomes a figure marked unsourced. Other braces are kept as typed.
pub fn rewritten(text: &str, drafted: &Paragraph) -> Paragraph {
    let figures: Vec<&Figure> = drafted.figures().collect();
    let mut out = Paragraph::default();
    let chars: Vec<char> = trim_end(text).chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{'
            && let Some(close) = chars[i + 1..].iter().position(|c| *c == '}')
            && close > 0
            && chars[i + 1..i + 1 + close].iter().all(char::is_ascii_digit)
        {
            let n: String = chars[i + 1..i + 1 + close].iter().collect();
            match n
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|n| figures.get(n))
            {
                Some(f) => out.push_figure((*f).clone()),
                None => out.push_figure(Figure::unsourced(
                    format!("引用{{{n}}}"),
                    format!("改写文字引用的第{n}个数据不存在"),
                )),
            }
            i += close + 2;
        } else if is_digit(c) {
            let start = i;
            while i < chars.len()
                && (is_digit(chars[i])
                    || (chars[i] == '.' && i + 1 < chars.len() && is_digit(chars[i + 1])))
            {
                i += 1;
            }
            let typed: String = chars[start..i].iter().collect();
            let ascii: String = typed
                .chars()
                .map(|c| match c {
                    c if FULLWIDTH.contains(&c) => {
                        char::from_u32(c as u32 - 0xFF10 + '0' as u32).unwrap_or(c)
                    }
                    c => c,
                })
                .collect();
            out.push_figure(Figure {
                label: "改写时录入的数字".into(),
                text: typed,
                value: Decimal::parse(&ascii),
                source: Source::Unsourced {
                    reason: "改写时手工录入的数字,未关联审定数据".into(),
                },
            });
        } else {
            out.push_text(&c.to_string());
            i += 1;
        }
    }
    if out.is_empty() {
        out.push_figure(Figure::unsourced("改写文字", "改写后的文字为空"));
    }
    out
}

/// Full-width digits, as Chinese input methods may type them.
const FULLWIDTH: std::ops::RangeInclusive<char> = '\u{FF10}'..='\u{FF19}';

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || FULLWIDTH.contains(&c)
}

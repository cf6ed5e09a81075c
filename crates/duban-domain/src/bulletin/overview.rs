//! The overview: the office's opening words, the fiscal figures of the span
//! (1-5月份全市民生支出248.2亿元,增长3.6%,占财政支出比重达81.4%。) and the items by
//! status with their shares, which add up to exactly 100%.

use crate::decimal::Decimal;
use crate::rollup::StatusCounts;
use crate::status::Status;

use super::facts::change_text;
use super::input::DraftInput;
use super::model::{Figure, Overview, Paragraph, Source, StatusShare};
use super::number::NumberStyle;
use super::numbering::{COMMA, PERIOD, SEMICOLON};

fn count_of(c: &StatusCounts, s: Status) -> u32 {
    match s {
        Status::Exceeded => c.exceeded,
        Status::Done => c.done,
        Status::OnTrack => c.on_track,
        Status::AtRisk => c.at_risk,
        Status::Lagging => c.lagging,
        Status::SeriouslyLagging => c.seriously_lagging,
        Status::NotStarted => c.not_started,
        Status::Unassessed => c.unassessed,
    }
}

/// Shares of `total` in percent at `decimals` decimals that add up to exactly 100:
/// each share is rounded down, and the units left over go to the largest remainders
/// (the earlier one first on a tie). Rounding each share on its own can print 33%
/// three times, which adds up to 99%.
pub fn shares(counts: &[u32], decimals: u8) -> Vec<Decimal> {
    let total: u64 = counts.iter().map(|c| *c as u64).sum();
    if total == 0 {
        return counts.iter().map(|_| Decimal::ZERO).collect();
    }
    let decimals = decimals.min(4) as u32;
    let units = 100 * 10u64.pow(decimals);
    let mut floor: Vec<u64> = counts.iter().map(|c| *c as u64 * units / total).collect();
    let rems: Vec<u64> = counts.iter().map(|c| *c as u64 * units % total).collect();
    let left = units - floor.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|a, b| rems[*b].cmp(&rems[*a]).then(a.cmp(b)));
    for i in order.into_iter().take(left as usize) {
        floor[i] += 1;
    }
    let per_unit = 10i64.pow(4 - decimals);
    floor
        .into_iter()
        .map(|f| Decimal::from_scaled(f as i64 * per_unit))
        .collect()
}

fn fiscal(input: &DraftInput) -> Option<Paragraph> {
    let f = input.period.fiscal;
    if f.spending.is_none() && f.growth_pct.is_none() && f.share_pct.is_none() {
        return None;
    }
    let fig = |label: &str, v: Decimal| Figure {
        label: label.into(),
        text: v.to_string(),
        value: Some(v),
        source: Source::Period {
            period_id: input.period.id,
            label: input.period.label,
        },
    };
    let mut p = Paragraph::text(format!("{}份全市", input.period.label.span_zh()));
    let mut first = true;
    let mut sep = |p: &mut Paragraph| {
        if !first {
            p.push_text(COMMA);
        }
        first = false;
    };
    if let Some(v) = f.spending {
        sep(&mut p);
        p.push_text("民生支出");
        p.push_figure(fig("民生支出(亿元)", v));
        p.push_text("亿元");
    }
    if let Some(v) = f.growth_pct {
        sep(&mut p);
        let abs = if v < Decimal::ZERO {
            Decimal::ZERO.checked_sub(v).unwrap_or(v)
        } else {
            v
        };
        p.push_text(if v < Decimal::ZERO {
            "下降"
        } else {
            "增长"
        });
        p.push_figure(Figure {
            text: abs.to_string(),
            ..fig("民生支出同比增幅(%)", v)
        });
        p.push_text("%");
    }
    if let Some(v) = f.share_pct {
        sep(&mut p);
        p.push_text("占财政支出比重达");
        p.push_figure(fig("民生支出占财政支出比重(%)", v));
        p.push_text("%");
    }
    p.push_text(PERIOD);
    Some(p)
}

/// "截至5月底" or "截至5月20日".
fn as_of(input: &DraftInput) -> String {
    let c = input.period.cutoff;
    if c == input.period.label.end() {
        format!("截至{}月底", c.month())
    } else {
        format!("截至{}月{}日", c.month(), c.day())
    }
}

pub fn overview(input: &DraftInput) -> Overview {
    let counts = input.ledger.counts;
    let statuses: Vec<Status> = Status::ALL
        .into_iter()
        .filter(|s| count_of(&counts, *s) > 0)
        .collect();
    let values: Vec<u32> = statuses.iter().map(|s| count_of(&counts, *s)).collect();
    let decimals = input.issue.share_decimals;
    let pct = shares(&values, decimals);
    let style = NumberStyle::percent(decimals);
    let total = Figure {
        label: "事项总数".into(),
        text: counts.total.to_string(),
        value: Some(Decimal::from_int(counts.total as i64)),
        source: Source::Derived {
            formula: "台账中的事项数".into(),
            inputs: vec![],
        },
    };
    let mut status = Paragraph::text(format!(
        "{}{COMMA}{}中{COMMA}共",
        as_of(input),
        input.plan.title
    ));
    status.push_figure(total.clone());
    status.push_text("项");
    let mut out = Vec::new();
    for ((s, n), share) in statuses.iter().zip(&values).zip(pct) {
        let numbers: Vec<String> = input
            .items
            .iter()
            .filter(|i| input.ledger.items.get(&i.id).map(|x| x.status) == Some(*s))
            .map(|i| i.number.to_string())
            .collect();
        let count = Figure {
            label: format!("{}事项数", s.label_zh()),
            text: n.to_string(),
            value: Some(Decimal::from_int(*n as i64)),
            source: Source::Derived {
                formula: format!("台账中{}的事项:第{}项", s.label_zh(), numbers.join("、")),
                inputs: vec![],
            },
        };
        let share_fig = Figure {
            label: format!("{}事项占比(%)", s.label_zh()),
            text: style.number(share),
            value: Some(share),
            source: Source::Derived {
                formula: "事项数 ÷ 事项总数 × 100%,按最大余数法取舍,各项合计100%".into(),
                inputs: vec![count.clone(), total.clone()],
            },
        };
        let change = input.previous.as_ref().and_then(|p| {
            let before = count_of(&p.counts?, *s) as i64;
            let then = Figure {
                label: format!("上期{}事项数", s.label_zh()),
                text: before.to_string(),
                value: Some(Decimal::from_int(before)),
                source: Source::PreviousIssue { number: p.number },
            };
            let diff = Decimal::from_int(*n as i64 - before);
            Some(Figure {
                label: format!("{}事项数比上期", s.label_zh()),
                text: change_text(diff, &NumberStyle::percent(0), "项"),
                value: Some(diff),
                source: Source::Derived {
                    formula: "本期事项数 − 上期事项数".into(),
                    inputs: vec![count.clone(), then],
                },
            })
        });
        status.push_text(if out.is_empty() { COMMA } else { SEMICOLON });
        status.push_text(s.label_zh());
        status.push_figure(count.clone());
        status.push_text(&format!("项{COMMA}占"));
        status.push_figure(share_fig.clone());
        status.push_text("%");
        if let Some(c) = &change {
            status.push_text(&format!("{COMMA}比上期"));
            status.push_figure(c.clone());
        }
        out.push(StatusShare {
            status: *s,
            label: s.label_zh().to_string(),
            count,
            share: share_fig,
            change,
        });
    }
    status.push_text(PERIOD);
    Overview {
        intro: input.edits.intro.clone().filter(|t| !t.trim().is_empty()),
        fiscal: fiscal(input),
        status,
        shares: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(v: &[Decimal]) -> Decimal {
        v.iter()
            .fold(Decimal::ZERO, |a, b| a.checked_add(*b).unwrap())
    }

    #[test]
    fn shares_of_three_thirds_add_up_to_a_hundred() {
        let s = shares(&[1, 1, 1], 0);
        assert_eq!(
            s.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            ["34", "33", "33"]
        );
        assert_eq!(sum(&shares(&[1, 1, 1], 1)), Decimal::HUNDRED);
        assert_eq!(shares(&[1, 1, 1], 1)[0].to_string(), "33.4");
    }

    #[test]
    fn shares_that_divide_evenly_are_exact() {
        let s = shares(&[3, 12, 4, 1], 0);
        assert_eq!(
            s.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            ["15", "60", "20", "5"]
        );
        assert!(shares(&[], 0).is_empty());
        assert_eq!(shares(&[0, 0], 0), [Decimal::ZERO, Decimal::ZERO]);
    }

    proptest::proptest! {
        #[test]
        fn shares_always_add_up_to_a_hundred(counts in proptest::collection::vec(0u32..50, 1..8), d in 0u8..3) {
            proptest::prop_assume!(counts.iter().any(|c| *c > 0));
            let s = shares(&counts, d);
            proptest::prop_assert_eq!(sum(&s), Decimal::HUNDRED);
            // No share strays more than one printed unit from its exact value.
            let total: u32 = counts.iter().sum();
            for (c, s) in counts.iter().zip(&s) {
                let exact = Decimal::from_int(*c as i64).percent_of(Decimal::from_int(total as i64), 4).unwrap();
                let step = Decimal::from_scaled(10i64.pow(4 - d as u32));
                let gap = if *s > exact { s.checked_sub(exact) } else { exact.checked_sub(*s) }.unwrap();
                proptest::prop_assert!(gap < step);
            }
        }
    }
}

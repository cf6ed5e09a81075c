//! The plan's completion over its periods (完成率走势): at each monthly period up to
//! the one asked about, the plan's completion as the ledger gives it (the mean of its
//! items' completions, `Ledger::completion`), judged from that period's approved
//! figures at its cut-off, beside the completion the plan curve expects by then.
//!
//! The expected completion is rolled up exactly as completion is — each indicator's
//! planned share (its quarterly plan, else the time schedule 序时进度), averaged per
//! item, then over items — over every indicator that can have a completion. Without
//! quarterly plans it is the time schedule itself.

use serde::Serialize;

use crate::date::Date;
use crate::decimal::Decimal;
use crate::ids::PeriodId;
use crate::indicator::{Indicator, IndicatorKind};
use crate::ledger::evaluate;
use crate::period::{Period, PeriodLabel};
use crate::plan::{Area, Item, Plan};
use crate::report::Figure;
use crate::rollup::{mean_completion, total_target};
use crate::schedule::planned_share;

/// One period's point of the trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    pub period_id: PeriodId,
    pub label: PeriodLabel,
    pub cutoff: Date,
    /// The plan's completion, percent with one decimal; None when no item has one.
    pub completion: Option<Decimal>,
    /// The completion the plan curve expects by the cut-off, rolled up the same way.
    pub planned: Option<Decimal>,
}

/// The start a completion is measured from: the baseline, or nothing for a stage.
fn start(ind: &Indicator) -> Decimal {
    match ind.kind {
        IndicatorKind::Stage => Decimal::ZERO,
        _ => ind.baseline.unwrap_or(Decimal::ZERO),
    }
}

/// Whether the indicator can have a completion: a count, rate or stage with a target
/// away from its start. Ceilings and qualitative targets never have one.
fn measurable(ind: &Indicator) -> bool {
    let counted = matches!(
        ind.kind,
        IndicatorKind::Cumulative | IndicatorKind::Rate | IndicatorKind::Stage
    );
    counted && total_target(ind).is_some_and(|t| t != start(ind))
}

/// The completion the plan curve expects of the plan at `cutoff`: per item the mean
/// planned share of its measurable indicators, then the mean over items, as
/// [`mean_completion`] rolls completions up. None when nothing is measurable.
pub fn planned_completion(
    year: i32,
    items: &[Item],
    indicators: &[Indicator],
    cutoff: Date,
) -> Option<Decimal> {
    mean_completion(items.iter().map(|item| {
        mean_completion(
            indicators
                .iter()
                .filter(|i| i.item_id == item.id && measurable(i))
                // Rounded as the ledger rounds each indicator's schedule.
                .map(|i| Some(planned_share(i, year, cutoff).round(1))),
        )
    }))
}

/// The trend up to `upto` from each period's approved figures: one point per period of
/// the plan's year up to `upto`, in time order. Each period is judged at its cut-off
/// from its own figures, as the ledger of that period would be.
pub fn completion_trend(
    plan: &Plan,
    areas: &[Area],
    items: &[Item],
    indicators: &[Indicator],
    periods: &[(Period, Vec<Figure>)],
    upto: PeriodLabel,
) -> Vec<TrendPoint> {
    let mut shown: Vec<&(Period, Vec<Figure>)> = periods
        .iter()
        .filter(|(p, _)| p.label.year == plan.year && p.label <= upto)
        .collect();
    shown.sort_by_key(|(p, _)| (p.label, p.id));
    shown
        .into_iter()
        .map(|(p, figures)| TrendPoint {
            period_id: p.id,
            label: p.label,
            cutoff: p.cutoff,
            completion: evaluate(plan, areas, items, indicators, p.cutoff, figures).completion,
            planned: planned_completion(plan.year, items, indicators, p.cutoff),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AreaId, IndicatorId, ItemId, PlanId, UnitId};
    use crate::indicator::QuarterlyPlan;
    use crate::period::{FiscalOverview, PeriodState};
    use crate::plan::{PlanState, Thresholds};
    use crate::report::Reading;
    use crate::status::Status;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).expect("decimal")
    }

    fn plan() -> Plan {
        Plan {
            id: PlanId(1),
            year: 2019,
            title: "2019年民生实事".into(),
            state: PlanState::Approved,
            thresholds: Thresholds::default(),
        }
    }

    fn item(id: i64) -> Item {
        Item {
            id: ItemId(id),
            plan_id: PlanId(1),
            area_id: AreaId(id),
            number: id,
            title: format!("实事{id}"),
            lead_unit_id: UnitId(1),
            co_unit_ids: vec![],
            region_ids: vec![],
            leader: None,
        }
    }

    fn ind(id: i64, item: i64, kind: IndicatorKind, target: Option<&str>) -> Indicator {
        Indicator {
            id: IndicatorId(id),
            item_id: ItemId(item),
            seq: id,
            name: format!("指标{id}"),
            kind,
            unit: "个".into(),
            target: target.map(d),
            baseline: None,
            decimals: 0,
            stages: vec![],
            regions: vec![],
            quarterly: None,
        }
    }

    /// Item 1: a count of 100 on the time schedule and a count of 10 planned 2, 5, 8,
    /// 10 by quarter. Item 2: a count of 200, a qualitative target and a ceiling, which
    /// have no completion and no place in the plan curve.
    fn tree() -> (Vec<Area>, Vec<Item>, Vec<Indicator>) {
        let areas = (1..=2)
            .map(|n| Area {
                id: AreaId(n),
                plan_id: PlanId(1),
                seq: n,
                title: format!("方面{n}"),
            })
            .collect();
        let mut quarterly = ind(12, 1, IndicatorKind::Cumulative, Some("10"));
        quarterly.quarterly = Some(QuarterlyPlan(["2", "5", "8", "10"].map(d)));
        let indicators = vec![
            ind(11, 1, IndicatorKind::Cumulative, Some("100")),
            quarterly,
            ind(21, 2, IndicatorKind::Cumulative, Some("200")),
            ind(22, 2, IndicatorKind::Qualitative, None),
            ind(23, 2, IndicatorKind::Ceiling, Some("4.3")),
        ];
        (areas, vec![item(1), item(2)], indicators)
    }

    fn period(id: i64, label: &str) -> Period {
        let label = PeriodLabel::parse(label).expect("label");
        Period {
            id: PeriodId(id),
            plan_id: PlanId(1),
            label,
            cutoff: label.end(),
            deadline: label.end(),
            state: PeriodState::Closed,
            fiscal: FiscalOverview::default(),
        }
    }

    fn value(ind: i64, v: &str) -> Figure {
        Figure {
            indicator_id: IndicatorId(ind),
            region_id: None,
            reading: Reading::Value(d(v)),
        }
    }

    #[test]
    fn the_plan_curve_is_the_time_schedule_and_the_quarterly_plan_rolled_up_like_completion() {
        let (_, items, indicators) = tree();
        let at = |s: &str| {
            planned_completion(2019, &items, &indicators, Date::parse(s).expect("date"))
                .map(|v| v.to_string())
        };
        // 31 March, day 90: 90/365 = 24.7%; the quarterly count is at 2 of 10 = 20%.
        // Item 1: (24.7 + 20) / 2 = 22.35 → 22.4; item 2: 24.7; plan: 23.55 → 23.6.
        assert_eq!(at("2019-03-31").as_deref(), Some("23.6"));
        // 30 April, day 120: 32.9%; 2 + 3 × 30/91 = 2.989 of 10 = 29.9%.
        // Item 1: 31.4; item 2: 32.9; plan: 32.15 → 32.2.
        assert_eq!(at("2019-04-30").as_deref(), Some("32.2"));
        // 31 May, day 151: 41.4%; 2 + 3 × 61/91 = 4.011 of 10 = 40.1%.
        // Item 1: 40.75 → 40.8; item 2: 41.4; plan: 41.1.
        assert_eq!(at("2019-05-31").as_deref(), Some("41.1"));
        assert_eq!(at("2019-12-31").as_deref(), Some("100"));
        // Nothing measurable: no curve.
        let unmeasured = [ind(1, 1, IndicatorKind::Qualitative, None)];
        assert_eq!(
            planned_completion(
                2019,
                &items,
                &unmeasured,
                Date::parse("2019-05-31").unwrap()
            ),
            None
        );
    }

    #[test]
    fn each_period_is_judged_from_its_own_figures_up_to_the_period_asked_about() {
        let (areas, items, indicators) = tree();
        let care = Figure {
            indicator_id: IndicatorId(22),
            region_id: None,
            reading: Reading::Assessment(Status::OnTrack),
        };
        let periods = vec![
            // Listed out of order, as a store might: the trend is in time order.
            (
                period(5, "2019-05"),
                vec![value(11, "50"), value(12, "4"), value(21, "250"), care],
            ),
            (period(3, "2019-03"), vec![value(11, "20"), value(21, "40")]),
            (period(4, "2019-04"), vec![]),
            // After the period asked about: left out.
            (period(6, "2019-06"), vec![value(11, "90")]),
        ];
        let t = completion_trend(
            &plan(),
            &areas,
            &items,
            &indicators,
            &periods,
            PeriodLabel::parse("2019-05").expect("label"),
        );
        let shown: Vec<(String, Option<String>, Option<String>)> = t
            .iter()
            .map(|p| {
                (
                    p.label.to_string(),
                    p.completion.map(|v| v.to_string()),
                    p.planned.map(|v| v.to_string()),
                )
            })
            .collect();
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            shown,
            [
                // March: 20 of 100 and 40 of 200, both 20%.
                ("2019-03".to_string(), s("20"), s("23.6")),
                // April: nothing approved, nothing to average.
                ("2019-04".to_string(), None, s("32.2")),
                // May: item 1 (50% + 40%) / 2 = 45; item 2 at 125% counts as 100.
                ("2019-05".to_string(), s("72.5"), s("41.1")),
            ]
        );
        assert_eq!(t[2].cutoff.to_string(), "2019-05-31");
        // The last point is the ledger's headline completion of that period.
        let may = evaluate(
            &plan(),
            &areas,
            &items,
            &indicators,
            periods[0].0.cutoff,
            &periods[0].1,
        );
        assert_eq!(t[2].completion, may.completion);
    }
}

//! The ledger (台账) at a cut-off: every indicator, item, area and the plan judged from
//! the approved figures of one period.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::Date;
use crate::decimal::Decimal;
use crate::forecast::{Forecast, Series, forecast, with_forecast};
use crate::ids::{AreaId, IndicatorId, ItemId, UnitId};
use crate::indicator::Indicator;
use crate::plan::{Area, Item, Plan};
use crate::report::{Figure, Reading};
use crate::rollup::{
    Context, IndicatorProgress, StatusCounts, indicator_progress, item_progress, mean_completion,
};
use crate::status::{Status, combine, worst};

/// An item's or an area's standing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    pub status: Status,
    pub completion: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaStanding {
    pub status: Status,
    pub completion: Option<Decimal>,
    /// Items by status.
    pub counts: StatusCounts,
}

/// Everything judged at one cut-off.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Ledger {
    pub indicators: BTreeMap<IndicatorId, IndicatorProgress>,
    pub items: BTreeMap<ItemId, Standing>,
    pub areas: BTreeMap<AreaId, AreaStanding>,
    /// The plan's items by status.
    pub counts: StatusCounts,
    pub completion: Option<Decimal>,
    pub status: Option<Status>,
    /// The year-end forecast of each indicator that has one (see `forecast`); empty
    /// when judged without a history.
    pub forecasts: BTreeMap<IndicatorId, Forecast>,
}

impl Ledger {
    /// An item's status in each region that has a share of it: the worst of its
    /// indicators' regional statuses there. Regions without a share are absent.
    pub fn region_statuses(
        &self,
        item: ItemId,
        indicators: &[Indicator],
    ) -> BTreeMap<UnitId, Status> {
        let mut by_region: BTreeMap<UnitId, Vec<Status>> = BTreeMap::new();
        let regional = indicators
            .iter()
            .filter(|i| i.item_id == item)
            .filter_map(|i| self.indicators.get(&i.id))
            .flat_map(|p| &p.regions);
        for r in regional {
            by_region
                .entry(r.region_id)
                .or_default()
                .push(r.progress.status);
        }
        by_region
            .into_iter()
            .map(|(region, statuses)| (region, worst(statuses)))
            .collect()
    }
}

/// Judges a plan at `cutoff` from approved `figures`. Indicators without figures are
/// judged too (待评估), so every part of the plan has a standing. Without a history
/// nothing is forecast, so nothing is at risk (有风险): pages and documents that show
/// statuses use [`evaluate_with`].
pub fn evaluate(
    plan: &Plan,
    areas: &[Area],
    items: &[Item],
    indicators: &[Indicator],
    cutoff: Date,
    figures: &[Figure],
) -> Ledger {
    evaluate_with(
        plan,
        areas,
        items,
        indicators,
        cutoff,
        figures,
        &Series::new(),
    )
}

/// [`evaluate`], with each indicator's approved values at earlier cut-offs
/// (`forecast::series`): an indicator on track whose forecast misses its target is
/// at risk (有风险), and its item, area and plan are judged with that.
pub fn evaluate_with(
    plan: &Plan,
    areas: &[Area],
    items: &[Item],
    indicators: &[Indicator],
    cutoff: Date,
    figures: &[Figure],
    history: &Series,
) -> Ledger {
    let ctx = Context {
        year: plan.year,
        cutoff,
        thresholds: plan.thresholds,
    };
    let mut totals: BTreeMap<IndicatorId, Reading> = BTreeMap::new();
    let mut regional: BTreeMap<IndicatorId, Vec<(UnitId, Reading)>> = BTreeMap::new();
    for f in figures {
        match f.region_id {
            None => {
                totals.insert(f.indicator_id, f.reading);
            }
            Some(r) => regional
                .entry(f.indicator_id)
                .or_default()
                .push((r, f.reading)),
        }
    }
    let mut ledger = Ledger::default();
    for ind in indicators {
        let p = indicator_progress(
            ind,
            totals.get(&ind.id).copied(),
            regional.get(&ind.id).map(Vec::as_slice).unwrap_or(&[]),
            &ctx,
        );
        let mut p = p;
        if let Some(past) = history.get(&ind.id) {
            // This cut-off's value as judged here, in place of any stored for it.
            let mut values: Vec<(Date, Decimal)> =
                past.iter().copied().filter(|(d, _)| *d < cutoff).collect();
            values.extend(p.total.value.map(|v| (cutoff, v)));
            if let Some(f) = forecast(ind, plan.year, cutoff, &values) {
                p.total.status = with_forecast(p.total.status, Some(&f));
                ledger.forecasts.insert(ind.id, f);
            }
        }
        ledger.indicators.insert(ind.id, p);
    }
    for item in items {
        let parts: Vec<_> = indicators
            .iter()
            .filter(|i| i.item_id == item.id)
            .filter_map(|i| ledger.indicators.get(&i.id).map(|p| &p.total))
            .collect();
        let (status, completion) = item_progress(parts.iter().copied());
        ledger
            .items
            .insert(item.id, Standing { status, completion });
    }
    for area in areas {
        let standings: Vec<&Standing> = items
            .iter()
            .filter(|i| i.area_id == area.id)
            .filter_map(|i| ledger.items.get(&i.id))
            .collect();
        ledger.areas.insert(
            area.id,
            AreaStanding {
                status: combine(standings.iter().map(|s| s.status)),
                completion: mean_completion(standings.iter().map(|s| s.completion)),
                counts: StatusCounts::of(standings.iter().map(|s| s.status)),
            },
        );
    }
    ledger.counts = StatusCounts::of(ledger.items.values().map(|s| s.status));
    ledger.completion = mean_completion(ledger.items.values().map(|s| s.completion));
    ledger.status = (!items.is_empty()).then(|| combine(ledger.items.values().map(|s| s.status)));
    ledger
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::PlanId;
    use crate::indicator::IndicatorKind;
    use crate::plan::{PlanState, Thresholds};

    #[test]
    fn a_plan_is_judged_item_by_item_from_its_approved_figures() {
        let plan = Plan {
            id: PlanId(1),
            year: 2019,
            title: "2019年民生实事".into(),
            state: PlanState::Approved,
            thresholds: Thresholds::default(),
        };
        let area = Area {
            id: AreaId(1),
            plan_id: plan.id,
            seq: 1,
            title: "医疗保障方面".into(),
        };
        let item = |id, n| Item {
            id: ItemId(id),
            plan_id: plan.id,
            area_id: area.id,
            number: n,
            title: format!("实事{n}"),
            lead_unit_id: UnitId(1),
            co_unit_ids: vec![],
            region_ids: vec![],
            leader: None,
        };
        let ind = |id, item, target: i64| Indicator {
            id: IndicatorId(id),
            item_id: ItemId(item),
            seq: 1,
            name: "x".into(),
            kind: IndicatorKind::Cumulative,
            unit: "家".into(),
            target: Some(Decimal::from_int(target)),
            baseline: None,
            decimals: 0,
            stages: vec![],
            regions: vec![],
            quarterly: None,
        };
        let items = [item(1, 1), item(2, 2), item(3, 3)];
        let indicators = [ind(1, 1, 70), ind(2, 2, 100), ind(3, 3, 10)];
        let fig = |i, v| Figure {
            indicator_id: IndicatorId(i),
            region_id: None,
            reading: Reading::Value(Decimal::from_int(v)),
        };
        // 57 of 70 on track; 20 of 100 lagging (41.4 − 20 = 21.4 points); item 3 unreported.
        let l = evaluate(
            &plan,
            std::slice::from_ref(&area),
            &items,
            &indicators,
            Date::parse("2019-05-31").unwrap(),
            &[fig(1, 57), fig(2, 20)],
        );
        assert_eq!(l.items[&ItemId(1)].status, Status::OnTrack);
        assert_eq!(l.items[&ItemId(2)].status, Status::Lagging);
        assert_eq!(l.items[&ItemId(3)].status, Status::Unassessed);
        assert_eq!(
            (l.counts.on_track, l.counts.lagging, l.counts.unassessed),
            (1, 1, 1)
        );
        assert_eq!(l.areas[&AreaId(1)].status, Status::Lagging);
        assert_eq!(l.completion, Some(Decimal::parse("50.7").unwrap()));
    }

    #[test]
    fn an_items_region_takes_the_worst_status_of_its_indicators_there() {
        let plan = Plan {
            id: PlanId(1),
            year: 2019,
            title: "2019年民生实事".into(),
            state: PlanState::Approved,
            thresholds: Thresholds::default(),
        };
        let item = Item {
            id: ItemId(1),
            plan_id: plan.id,
            area_id: AreaId(1),
            number: 1,
            title: "特殊教育学校建设".into(),
            lead_unit_id: UnitId(1),
            co_unit_ids: vec![],
            region_ids: vec![UnitId(10), UnitId(11), UnitId(12)],
            leader: None,
        };
        let ind = |id, regions: &[i64]| Indicator {
            id: IndicatorId(id),
            item_id: item.id,
            seq: id,
            name: format!("指标{id}"),
            kind: IndicatorKind::Cumulative,
            unit: "处".into(),
            target: None,
            baseline: None,
            decimals: 0,
            stages: vec![],
            regions: regions
                .iter()
                .map(|r| crate::indicator::RegionTarget {
                    region_id: UnitId(*r),
                    target: Some(Decimal::from_int(10)),
                })
                .collect(),
            quarterly: None,
        };
        // Region 12 has a share of the second indicator only; 13 of none.
        let indicators = [ind(1, &[10, 11]), ind(2, &[10, 11, 12])];
        let fig = |i, r, v| Figure {
            indicator_id: IndicatorId(i),
            region_id: Some(UnitId(r)),
            reading: Reading::Value(Decimal::from_int(v)),
        };
        let l = evaluate(
            &plan,
            &[],
            std::slice::from_ref(&item),
            &indicators,
            Date::parse("2019-05-31").unwrap(),
            // 41.4% expected: 10 of 10 done, 4 on track, 2 lagging, 0 not started.
            &[fig(1, 10, 10), fig(2, 10, 2), fig(1, 11, 4), fig(2, 12, 0)],
        );
        let st = l.region_statuses(item.id, &indicators);
        assert_eq!(
            st[&UnitId(10)],
            Status::Lagging,
            "done and lagging: lagging"
        );
        assert_eq!(
            st[&UnitId(11)],
            Status::OnTrack,
            "an unreported part is left out"
        );
        assert_eq!(st[&UnitId(12)], Status::NotStarted);
        assert!(!st.contains_key(&UnitId(13)));
        assert!(l.region_statuses(ItemId(2), &indicators).is_empty());
    }
}

//! Who owes what in a period (一表通): derived from the plan, never entered by hand.
//!
//! A lead unit (牵头单位) reports every indicator of its items city-wide, except the
//! regional shares of additive indicators, which each region reports for itself; a
//! region reports its share of every indicator decomposed over it; a co-responsible
//! unit (责任单位) reports its progress on the item in words, and figures where it
//! has them.

use serde::Serialize;

use crate::ids::{IndicatorId, ItemId, UnitId};
use crate::indicator::{Indicator, IndicatorKind};
use crate::plan::Item;
use crate::report::ReportState;

/// Why a unit owes a report on an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    Lead,
    CoUnit,
    Region,
}

impl Capacity {
    pub fn label_zh(self) -> &'static str {
        match self {
            Capacity::Lead => "牵头单位",
            Capacity::CoUnit => "责任单位",
            Capacity::Region => "县区",
        }
    }
}

/// One figure a unit owes: an indicator, city-wide (region none) or for a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Owed {
    pub indicator_id: IndicatorId,
    pub region_id: Option<UnitId>,
}

/// A unit's duty on one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duty {
    pub item_id: ItemId,
    pub capacity: Capacity,
    /// The figures owed; empty for a co-unit, which reports in words.
    pub figures: Vec<Owed>,
}

/// Every duty of `unit` in a plan, in item order.
pub fn duties(unit: UnitId, items: &[Item], indicators: &[Indicator]) -> Vec<Duty> {
    let mut out = Vec::new();
    for item in items {
        let of_item = || indicators.iter().filter(move |i| i.item_id == item.id);
        if item.lead_unit_id == unit {
            let figures = of_item()
                // A split indicator's total comes from its regions (summed, or judged
                // region by region for stages), except rates and ceilings, which never
                // add up and are reported for the whole city.
                .filter(|i| {
                    i.regions.is_empty()
                        || matches!(i.kind, IndicatorKind::Rate | IndicatorKind::Ceiling)
                })
                .map(|i| Owed {
                    indicator_id: i.id,
                    region_id: None,
                })
                .collect();
            out.push(Duty {
                item_id: item.id,
                capacity: Capacity::Lead,
                figures,
            });
        }
        if item.region_ids.contains(&unit) {
            let figures: Vec<Owed> = of_item()
                .filter(|i| i.has_region(unit))
                .map(|i| Owed {
                    indicator_id: i.id,
                    region_id: Some(unit),
                })
                .collect();
            if !figures.is_empty() {
                out.push(Duty {
                    item_id: item.id,
                    capacity: Capacity::Region,
                    figures,
                });
            }
        }
        if item.co_unit_ids.contains(&unit) {
            out.push(Duty {
                item_id: item.id,
                capacity: Capacity::CoUnit,
                figures: Vec::new(),
            });
        }
    }
    out
}

/// The items on which `unit` still owes its report in an open period: each item of its
/// duties, once, unless it has a report of that item that is past draft and not
/// returned. `reports` are the period's, as (item, unit, state).
pub fn outstanding<'a>(
    unit: UnitId,
    items: &'a [Item],
    indicators: &[Indicator],
    reports: &[(ItemId, UnitId, ReportState)],
) -> Vec<&'a Item> {
    let mut out: Vec<&Item> = Vec::new();
    for d in duties(unit, items, indicators) {
        let Some(item) = items.iter().find(|i| i.id == d.item_id) else {
            continue;
        };
        let handed_in = reports.iter().any(|&(i, u, state)| {
            i == item.id
                && u == unit
                && !matches!(state, ReportState::Draft | ReportState::Returned)
        });
        if !handed_in && !out.iter().any(|o| o.id == item.id) {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::Decimal;
    use crate::ids::{AreaId, PlanId};
    use crate::indicator::RegionTarget;

    fn item(co: &[i64], regions: &[i64]) -> Item {
        Item {
            id: ItemId(1),
            plan_id: PlanId(1),
            area_id: AreaId(1),
            number: 1,
            title: "农村改厕".into(),
            lead_unit_id: UnitId(100),
            co_unit_ids: co.iter().copied().map(UnitId).collect(),
            region_ids: regions.iter().copied().map(UnitId).collect(),
            leader: None,
        }
    }

    fn ind(id: i64, kind: IndicatorKind, regions: &[i64]) -> Indicator {
        Indicator {
            id: IndicatorId(id),
            item_id: ItemId(1),
            seq: id,
            name: format!("指标{id}"),
            kind,
            unit: "户".into(),
            target: None,
            baseline: None,
            decimals: 0,
            stages: vec![],
            regions: regions
                .iter()
                .map(|r| RegionTarget {
                    region_id: UnitId(*r),
                    target: Some(Decimal::from_int(1)),
                })
                .collect(),
            quarterly: None,
        }
    }

    #[test]
    fn regions_report_their_shares_and_the_lead_unit_the_rest() {
        let items = [item(&[200], &[1, 2])];
        let inds = [
            ind(1, IndicatorKind::Cumulative, &[1, 2]),
            ind(2, IndicatorKind::Rate, &[1, 2]),
            ind(3, IndicatorKind::Cumulative, &[]),
            ind(4, IndicatorKind::Stage, &[1]),
        ];
        let lead = duties(UnitId(100), &items, &inds);
        assert_eq!(lead.len(), 1);
        let owed: Vec<i64> = lead[0].figures.iter().map(|o| o.indicator_id.0).collect();
        // The additive and the stage split indicators come from the regions; the rate not.
        assert_eq!(owed, [2, 3]);
        let region = duties(UnitId(1), &items, &inds);
        assert_eq!(region[0].capacity, Capacity::Region);
        assert_eq!(region[0].figures.len(), 3);
        assert!(
            region[0]
                .figures
                .iter()
                .all(|o| o.region_id == Some(UnitId(1)))
        );
        let co = duties(UnitId(200), &items, &inds);
        assert_eq!((co[0].capacity, co[0].figures.len()), (Capacity::CoUnit, 0));
        assert!(duties(UnitId(999), &items, &inds).is_empty());
    }

    #[test]
    fn a_report_is_outstanding_until_it_is_submitted_and_not_returned() {
        let mut other = item(&[], &[]);
        other.id = ItemId(2);
        other.number = 2;
        let items = [item(&[200], &[1]), other];
        let inds = [ind(1, IndicatorKind::Cumulative, &[1])];
        let ids = |v: Vec<&Item>| v.iter().map(|i| i.id.0).collect::<Vec<_>>();
        let lead = UnitId(100);
        // The lead unit owes both items; a draft and a returned report still count as owed.
        assert_eq!(ids(outstanding(lead, &items, &inds, &[])), [1, 2]);
        let drafts = [
            (ItemId(1), lead, ReportState::Draft),
            (ItemId(2), lead, ReportState::Returned),
        ];
        assert_eq!(ids(outstanding(lead, &items, &inds, &drafts)), [1, 2]);
        let sent = [
            (ItemId(1), lead, ReportState::Submitted),
            // Another unit's report is not this unit's.
            (ItemId(2), UnitId(200), ReportState::Approved),
        ];
        assert_eq!(ids(outstanding(lead, &items, &inds, &sent)), [2]);
        assert_eq!(ids(outstanding(UnitId(1), &items, &inds, &sent)), [1]);
        assert_eq!(ids(outstanding(UnitId(200), &items, &inds, &sent)), [1]);
        assert!(outstanding(UnitId(999), &items, &inds, &[]).is_empty());
    }
}

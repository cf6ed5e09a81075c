//! Roll-ups: an indicator's total from its regions, an item from its indicators, an area
//! and a plan from their items.
//!
//! Regional values of additive indicators sum to the city total (市本级 included); rates
//! and ceilings never do: their total is the figure reported for the whole city.

use serde::Serialize;

use crate::date::Date;
use crate::decimal::Decimal;
use crate::ids::UnitId;
use crate::indicator::{Indicator, IndicatorKind};
use crate::plan::Thresholds;
use crate::report::Reading;
use crate::schedule::planned_share;
use crate::status::{Judge, Progress, Status, assess, behind, combine};

/// What progress is judged at: the plan's year, the cut-off and the thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    pub year: i32,
    pub cutoff: Date,
    pub thresholds: Thresholds,
}

impl Context {
    fn judge(&self) -> Judge {
        Judge {
            thresholds: self.thresholds,
            year_end: self.cutoff.year() > self.year
                || (self.cutoff.month() == 12 && self.cutoff.day() == 31),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionProgress {
    pub region_id: UnitId,
    #[serde(flatten)]
    pub progress: Progress,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorProgress {
    #[serde(flatten)]
    pub total: Progress,
    pub regions: Vec<RegionProgress>,
}

/// The total target: the indicator's own, or for an additive indicator without one,
/// the sum of its regions' targets when every region has one.
pub fn total_target(ind: &Indicator) -> Option<Decimal> {
    if let Some(t) = ind.effective_target() {
        return Some(t);
    }
    if !ind.kind.is_additive() || ind.regions.is_empty() {
        return None;
    }
    ind.regions
        .iter()
        .map(|r| r.target)
        .try_fold(Decimal::ZERO, |acc, t| acc.checked_add(t?))
}

/// An indicator's progress at `ctx` from its approved figures: the city-wide one (if
/// reported) and the regional ones.
pub fn indicator_progress(
    ind: &Indicator,
    total: Option<Reading>,
    regional: &[(UnitId, Reading)],
    ctx: &Context,
) -> IndicatorProgress {
    let schedule = Some(planned_share(ind, ctx.year, ctx.cutoff).round(1));
    let judge = ctx.judge();
    let baseline = match ind.kind {
        IndicatorKind::Stage => None,
        _ => ind.baseline,
    };
    let regions: Vec<RegionProgress> = ind
        .regions
        .iter()
        .map(|r| {
            let reading = regional
                .iter()
                .find(|(id, _)| *id == r.region_id)
                .map(|(_, x)| *x);
            let target = ind.region_target(r.region_id);
            RegionProgress {
                region_id: r.region_id,
                progress: assess(ind.kind, reading, target, None, schedule, judge),
            }
        })
        .collect();
    let target = total_target(ind);
    let summed = (ind.kind.is_additive() && !regional.is_empty()).then(|| {
        regional
            .iter()
            .filter_map(|(_, r)| r.as_number())
            .try_fold(Decimal::ZERO, Decimal::checked_add)
    });
    let total = match (summed, total) {
        (Some(Some(sum)), _) => assess(
            ind.kind,
            Some(Reading::Value(sum)),
            target,
            baseline,
            schedule,
            judge,
        ),
        (_, Some(r)) => assess(ind.kind, Some(r), target, baseline, schedule, judge),
        _ if !regions.is_empty()
            && matches!(ind.kind, IndicatorKind::Stage | IndicatorKind::Qualitative) =>
        {
            from_regions(&regions, target, schedule, ctx.thresholds)
        }
        _ => assess(ind.kind, None, target, baseline, schedule, judge),
    };
    IndicatorProgress { total, regions }
}

/// A stage or qualitative indicator with no city-wide figure: the mean completion of
/// its regions, done when every region is done.
fn from_regions(
    regions: &[RegionProgress],
    target: Option<Decimal>,
    schedule: Option<Decimal>,
    th: Thresholds,
) -> Progress {
    let statuses: Vec<Status> = regions.iter().map(|r| r.progress.status).collect();
    let completion = mean_completion(regions.iter().map(|r| r.progress.completion));
    let status = match (combine(statuses.iter().copied()), completion) {
        (s, _) if s.is_done() || s == Status::NotStarted || s == Status::Unassessed => s,
        (_, Some(c)) if regions.iter().all(|r| r.progress.completion.is_some()) => {
            behind(c, schedule, th)
        }
        (s, _) => s,
    };
    Progress {
        value: None,
        target,
        completion,
        schedule,
        status,
    }
}

/// The mean of the known completions, each capped at 100 so that one exceeded part
/// does not hide another's delay; one decimal.
pub fn mean_completion(parts: impl IntoIterator<Item = Option<Decimal>>) -> Option<Decimal> {
    let known: Vec<Decimal> = parts
        .into_iter()
        .flatten()
        .map(|c| c.min(Decimal::HUNDRED))
        .collect();
    if known.is_empty() {
        return None;
    }
    let sum = known
        .iter()
        .try_fold(Decimal::ZERO, |a, c| a.checked_add(*c))?;
    sum.mul_div(Decimal::from_int(1), Decimal::from_int(known.len() as i64))
        .map(|m| m.round(1))
}

/// An item's status and completion from its indicators.
pub fn item_progress<'a>(
    indicators: impl IntoIterator<Item = &'a Progress> + Clone,
) -> (Status, Option<Decimal>) {
    let status = combine(indicators.clone().into_iter().map(|p| p.status));
    let completion = mean_completion(indicators.into_iter().map(|p| p.completion));
    (status, completion)
}

/// How many items are in each status, with shares: the bulletin's overview and the
/// cockpit's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct StatusCounts {
    pub total: u32,
    pub exceeded: u32,
    pub done: u32,
    pub on_track: u32,
    pub at_risk: u32,
    pub lagging: u32,
    pub seriously_lagging: u32,
    pub not_started: u32,
    pub unassessed: u32,
}

impl StatusCounts {
    pub fn add(&mut self, s: Status) {
        self.total += 1;
        let slot = match s {
            Status::Exceeded => &mut self.exceeded,
            Status::Done => &mut self.done,
            Status::OnTrack => &mut self.on_track,
            Status::AtRisk => &mut self.at_risk,
            Status::Lagging => &mut self.lagging,
            Status::SeriouslyLagging => &mut self.seriously_lagging,
            Status::NotStarted => &mut self.not_started,
            Status::Unassessed => &mut self.unassessed,
        };
        *slot += 1;
    }

    pub fn of(statuses: impl IntoIterator<Item = Status>) -> StatusCounts {
        let mut c = StatusCounts::default();
        statuses.into_iter().for_each(|s| c.add(s));
        c
    }

    /// A count's share of the total, percent with one decimal.
    pub fn share(&self, n: u32) -> Option<Decimal> {
        Decimal::from_int(n as i64).percent_of(Decimal::from_int(self.total as i64), 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{IndicatorId, ItemId};
    use crate::indicator::RegionTarget;
    use proptest::prelude::*;

    fn d(v: i64) -> Decimal {
        Decimal::from_int(v)
    }

    fn ctx() -> Context {
        Context {
            year: 2019,
            cutoff: Date::parse("2019-05-31").unwrap(),
            thresholds: Thresholds::default(),
        }
    }

    fn regional(
        kind: IndicatorKind,
        target: Option<i64>,
        regions: &[(i64, Option<i64>)],
    ) -> Indicator {
        Indicator {
            id: IndicatorId(1),
            item_id: ItemId(1),
            seq: 1,
            name: "x".into(),
            kind,
            unit: "个".into(),
            target: target.map(d),
            baseline: None,
            decimals: 0,
            stages: if kind == IndicatorKind::Stage {
                crate::indicator::DEFAULT_STAGES
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            } else {
                vec![]
            },
            regions: regions
                .iter()
                .map(|(id, t)| RegionTarget {
                    region_id: UnitId(*id),
                    target: t.map(d),
                })
                .collect(),
            quarterly: None,
        }
    }

    #[test]
    fn additive_regions_sum_to_the_city_total() {
        let ind = regional(
            IndicatorKind::Cumulative,
            None,
            &[(1, Some(60)), (2, Some(40))],
        );
        let p = indicator_progress(
            &ind,
            None,
            &[
                (UnitId(1), Reading::Value(d(30))),
                (UnitId(2), Reading::Value(d(20))),
            ],
            &ctx(),
        );
        assert_eq!(p.total.value, Some(d(50)));
        assert_eq!(p.total.target, Some(d(100)));
        assert_eq!(p.total.completion, Some(d(50)));
        assert_eq!(p.regions[0].progress.completion, Some(d(50)));
    }

    #[test]
    fn rates_never_sum_over_regions() {
        let ind = regional(
            IndicatorKind::Rate,
            Some(100),
            &[(1, Some(100)), (2, Some(100))],
        );
        let p = indicator_progress(
            &ind,
            Some(Reading::Value(d(35))),
            &[
                (UnitId(1), Reading::Value(d(30))),
                (UnitId(2), Reading::Value(d(40))),
            ],
            &ctx(),
        );
        assert_eq!(p.total.value, Some(d(35)));
    }

    #[test]
    fn regional_stages_are_done_only_when_every_region_is() {
        // The seed's five special-education schools: three in design, two being fitted out.
        let ind = regional(IndicatorKind::Stage, None, &[(1, None), (2, None)]);
        let p = indicator_progress(
            &ind,
            None,
            &[
                (UnitId(1), Reading::Stage(5)),
                (UnitId(2), Reading::Stage(3)),
            ],
            &ctx(),
        );
        assert_eq!(p.total.completion, Some(d(80)));
        assert_eq!(p.total.status, Status::OnTrack);
        let p = indicator_progress(
            &ind,
            None,
            &[
                (UnitId(1), Reading::Stage(5)),
                (UnitId(2), Reading::Stage(5)),
            ],
            &ctx(),
        );
        assert_eq!(p.total.status, Status::Done);
    }

    #[test]
    fn counts_give_shares_of_the_total() {
        let c = StatusCounts::of([
            Status::Done,
            Status::OnTrack,
            Status::OnTrack,
            Status::Lagging,
        ]);
        assert_eq!((c.total, c.on_track), (4, 2));
        assert_eq!(c.share(c.on_track), Some(d(50)));
    }

    proptest! {
        #[test]
        fn the_total_of_an_additive_indicator_is_the_sum_of_its_regions(
            vals in proptest::collection::vec(0i64..1_000_000_000, 1..17)
        ) {
            let regions: Vec<(i64, Option<i64>)> = (0..vals.len() as i64).map(|i| (i + 1, None)).collect();
            let ind = regional(IndicatorKind::Cumulative, Some(1), &regions);
            let figures: Vec<(UnitId, Reading)> = vals.iter().enumerate()
                .map(|(i, v)| (UnitId(i as i64 + 1), Reading::Value(Decimal::from_scaled(*v)))).collect();
            let p = indicator_progress(&ind, None, &figures, &ctx());
            prop_assert_eq!(p.total.value, Some(Decimal::from_scaled(vals.iter().sum())));
        }

        #[test]
        fn mean_completion_lies_between_its_parts(parts in proptest::collection::vec(0i64..2_000_000, 1..10)) {
            let m = mean_completion(parts.iter().map(|p| Some(Decimal::from_scaled(*p)))).unwrap();
            let capped: Vec<_> = parts.iter().map(|p| Decimal::from_scaled(*p).min(Decimal::HUNDRED)).collect();
            prop_assert!(m >= capped.iter().min().unwrap().round(1).checked_sub(Decimal::parse("0.1").unwrap()).unwrap());
            prop_assert!(m <= capped.iter().max().unwrap().checked_add(Decimal::parse("0.1").unwrap()).unwrap());
        }
    }
}

//! A generated month's figures: each indicator moves along the schedule (序时进度) at its
//! item's pace, never backwards; regions at paces of their own around it, and the city
//! figure of a decomposed indicator is what its regions add up to.

use duban_domain::{Decimal, Figure, Indicator, IndicatorKind, Reading, Status, UnitId};

use super::rng::Rng;

/// How fast an item goes: 1.0 keeps to the schedule, below 0.85 lags.
#[derive(Debug, Clone, Copy)]
pub struct Pace(pub f64);

impl Pace {
    pub fn draw(rng: &mut Rng) -> Pace {
        // One item in six lags; a few run ahead.
        if rng.chance(1.0 / 6.0) {
            Pace(rng.between(0.55, 0.85))
        } else {
            Pace(rng.between(0.92, 1.15))
        }
    }

    /// The share of the year's work done by the end of `month`, capped a little above
    /// the whole.
    fn share(self, month: u8) -> f64 {
        (f64::from(month) / 12.0 * self.0).min(1.1)
    }

    /// A region's pace around its item's: drawn from the region and indicator alone, so
    /// that it is the same every month.
    fn of_region(self, ind: &Indicator, region: UnitId, seed: u64) -> Pace {
        let mut r = Rng::new(seed ^ ((ind.id.0 as u64) << 20) ^ (region.0 as u64));
        Pace(self.0 * r.between(0.85, 1.15))
    }

    pub fn lags(self) -> bool {
        self.0 < 0.85
    }
}

/// The figure an indicator reads at the end of `month`: its city-wide one (`None`) or a
/// region's.
pub fn figure(ind: &Indicator, region: Option<UnitId>, pace: Pace, month: u8, seed: u64) -> Figure {
    let reading = match region {
        Some(r) => reading(
            ind,
            region_target(ind, r),
            pace.of_region(ind, r, seed),
            month,
            seed,
        ),
        None if !ind.regions.is_empty() && ind.kind == IndicatorKind::Cumulative => {
            // The city figure is the sum of its regions'.
            let sum = ind
                .regions
                .iter()
                .map(|rt| {
                    let p = pace.of_region(ind, rt.region_id, seed);
                    value_of(&reading(ind, rt.target, p, month, seed))
                })
                .sum::<i64>();
            Reading::Value(Decimal::from_scaled(sum))
        }
        None => reading(ind, ind.target, pace, month, seed),
    };
    Figure {
        indicator_id: ind.id,
        region_id: region,
        reading,
    }
}

fn region_target(ind: &Indicator, region: UnitId) -> Option<Decimal> {
    ind.regions
        .iter()
        .find(|r| r.region_id == region)
        .and_then(|r| r.target)
}

fn value_of(r: &Reading) -> i64 {
    match r {
        Reading::Value(v) => v.scaled(),
        _ => 0,
    }
}

fn reading(ind: &Indicator, target: Option<Decimal>, pace: Pace, month: u8, seed: u64) -> Reading {
    let share = pace.share(month);
    let round = |x: f64| {
        let unit = 10f64.powi(i32::from(ind.decimals));
        Decimal::from_f64((x * unit).round() / unit).unwrap_or(Decimal::ZERO)
    };
    let target = target.map_or(0.0, Decimal::to_f64);
    match ind.kind {
        IndicatorKind::Cumulative => Reading::Value(round(target * share)),
        IndicatorKind::Rate => {
            let base = ind.baseline.map_or(0.0, Decimal::to_f64);
            Reading::Value(round(base + (target - base) * share.min(1.0)))
        }
        IndicatorKind::Ceiling => {
            // Wanders under the ceiling, and now and then over it.
            let mut r = Rng::new(seed ^ ((ind.id.0 as u64) << 8) ^ u64::from(month));
            Reading::Value(round(target * r.between(0.8, 1.02 + (1.0 - pace.0) / 4.0)))
        }
        IndicatorKind::Stage => {
            let last = ind.stages.len().saturating_sub(1);
            Reading::Stage(((share.min(1.0) * last as f64).round() as usize).min(last))
        }
        IndicatorKind::Qualitative => Reading::Assessment(if pace.lags() {
            Status::Lagging
        } else if month == 12 {
            Status::Done
        } else {
            Status::OnTrack
        }),
    }
}

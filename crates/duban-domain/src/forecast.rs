//! Where an indicator will end the year at its pace so far (预测), the monthly pace
//! still needed to reach its target, and plans that leave most of the work to the
//! last quarter.
//!
//! # Method
//!
//! The approved cumulative values are placed not on the calendar but on the plan
//! curve: each cut-off `t` becomes the share `s(t)` of the year's work the plan
//! expects by then (the quarterly plan when there is one, else the time schedule
//! 序时进度; see [`planned_share`]). The baseline on 1 January is the point
//! `(0, baseline)`. An indicator that keeps to its plan is then a straight line from
//! `(0, baseline)` to `(100 %, target)`, whatever the plan's shape.
//!
//! Through those points a Theil–Sen line is fitted: its slope is the median of the
//! slopes between every pair of points (pairs at the same share are skipped), so one
//! odd month moves it little. The forecast starts from the latest approved value and
//! adds the slope times the share of the plan still to come:
//!
//! `point = y_last + median_slope × (1 − s_last)`
//!
//! The range is the same with the lower and upper quartiles of the pairwise slopes
//! (linear interpolation between order statistics), so it always contains the point
//! and narrows as the months agree. When the plan expects nothing at any cut-off yet
//! (a quarterly plan starting at zero), the time schedule shapes the line instead.
//!
//! A series exactly on the plan forecasts the target; a cumulative series that
//! never falls is never forecast to fall; a higher latest value never lowers the
//! forecast. The fit is done in binary floating point and rounded to four decimals:
//! a forecast is an estimate, never a ledger figure.
//!
//! A rate (percent) is never forecast past 100%.
//!
//! The pace needed is what is left to the target over the months left after the
//! cut-off (a month-end cut-off in May leaves 7); the pace so far is the progress from
//! the baseline over the months elapsed.
//!
//! An indicator is **at risk** (有风险) when it is not behind its schedule (正常推进)
//! but even the high end of the forecast range falls short of the target.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::{Date, days_in_month};
use crate::decimal::Decimal;
use crate::ids::{IndicatorId, UnitId};
use crate::indicator::{Indicator, IndicatorKind};
use crate::period::Period;
use crate::plan::Plan;
use crate::report::{Figure, Reading};
use crate::rollup::{Context, indicator_progress};
use crate::schedule::{planned_share, time_schedule};
use crate::status::Status;

/// Approved city-wide values of each indicator at its periods' cut-offs, oldest first.
pub type Series = BTreeMap<IndicatorId, Vec<(Date, Decimal)>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Forecast {
    /// The forecast year-end value.
    pub point: Decimal,
    pub low: Decimal,
    pub high: Decimal,
    /// The latest approved value the forecast starts from, and its cut-off.
    pub last: Decimal,
    pub last_cutoff: Date,
    /// Cut-offs the line was fitted through (the baseline not counted).
    pub observations: u32,
    /// The quarterly plan shaped the line (else the time schedule did).
    pub shaped_by_plan: bool,
    /// Months of the year left after the last cut-off, four decimals.
    pub months_left: Decimal,
    /// Per month still needed to reach the target; zero once reached.
    pub needed_pace: Option<Decimal>,
    /// Per month so far, from the baseline.
    pub pace_so_far: Option<Decimal>,
    pub target: Option<Decimal>,
    /// Even the high end of the range falls short of the target.
    pub misses_target: bool,
}

/// Indicators that count towards a target, higher being better, have a forecast.
pub fn forecastable(ind: &Indicator) -> bool {
    matches!(ind.kind, IndicatorKind::Cumulative | IndicatorKind::Rate)
}

/// Months of `year` left after `cutoff`: whole months after its month, and the part
/// of its own month after its day.
pub fn months_left(year: i32, cutoff: Date) -> f64 {
    if cutoff.year() < year {
        return 12.0;
    }
    if cutoff.year() > year {
        return 0.0;
    }
    let dim = days_in_month(year, cutoff.month()) as f64;
    (12 - cutoff.month()) as f64 + (dim - cutoff.day() as f64) / dim
}

/// The `q`-quantile (0..=1) of sorted values, linearly interpolated.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

fn slopes(points: &[(f64, f64)]) -> Vec<f64> {
    let mut out = Vec::new();
    for (i, a) in points.iter().enumerate() {
        for b in &points[i + 1..] {
            let ds = b.0 - a.0;
            if ds.abs() > 1e-9 {
                out.push((b.1 - a.1) / ds);
            }
        }
    }
    out.sort_by(f64::total_cmp);
    out
}

fn dec(v: f64) -> Option<Decimal> {
    Decimal::from_f64(v)
}

/// The forecast of `ind`'s year-end value in `year` from its approved values up to
/// `cutoff` (later ones are ignored). None for indicators without a forecast, without
/// a value by the cut-off, or with nothing to fit a line through.
pub fn forecast(
    ind: &Indicator,
    year: i32,
    cutoff: Date,
    values: &[(Date, Decimal)],
) -> Option<Forecast> {
    if !forecastable(ind) {
        return None;
    }
    let mut seen: Vec<(Date, Decimal)> = values
        .iter()
        .copied()
        .filter(|(d, _)| *d <= cutoff && d.year() == year)
        .collect();
    seen.sort_by_key(|(d, _)| *d);
    seen.dedup_by_key(|(d, _)| *d);
    let (last_cutoff, last) = *seen.last()?;
    let baseline = ind.baseline.unwrap_or(Decimal::ZERO).to_f64();
    let fit = |share: &dyn Fn(Date) -> Decimal| {
        let mut points = vec![(0.0, baseline)];
        points.extend(
            seen.iter()
                .map(|(d, v)| (share(*d).to_f64() / 100.0, v.to_f64())),
        );
        (slopes(&points), share(last_cutoff).to_f64() / 100.0)
    };
    let shaped_by_plan = ind.quarterly.is_some();
    let (mut s, mut s_last) = fit(&|d| planned_share(ind, year, d));
    let mut shaped = shaped_by_plan;
    if s.is_empty() && shaped_by_plan {
        (s, s_last) = fit(&|d| time_schedule(year, d));
        shaped = false;
    }
    if s.is_empty() {
        return None;
    }
    let rest = (1.0 - s_last).max(0.0);
    let y = last.to_f64();
    // A rate is a share of something: it is never forecast past 100% (unless it is
    // there already).
    let cap = match ind.kind {
        IndicatorKind::Rate => y.max(100.0),
        _ => f64::INFINITY,
    };
    let at = |q: f64| dec((y + quantile(&s, q) * rest).min(cap));
    let (low, point, high) = (at(0.25)?, at(0.5)?, at(0.75)?);
    let target = ind.effective_target();
    let left = months_left(year, last_cutoff);
    let elapsed = 12.0 - left;
    let needed_pace = target.and_then(|t| {
        let gap = (t.to_f64() - y).max(0.0);
        (left > 1e-9).then(|| dec(gap / left)).flatten()
    });
    let pace_so_far = (elapsed > 1e-9)
        .then(|| dec((y - baseline) / elapsed))
        .flatten();
    Some(Forecast {
        point,
        low,
        high,
        last,
        last_cutoff,
        observations: seen.len() as u32,
        shaped_by_plan: shaped,
        months_left: dec(left)?,
        needed_pace,
        pace_so_far,
        target,
        // Read at the indicator's own precision, so that rounding in the fit never
        // puts a series on its plan at risk.
        misses_target: target.is_some_and(|t| high.round(ind.decimals.into()) < t),
    })
}

/// The status with the forecast taken into account: 正常推进 becomes 有风险 when the
/// forecast misses the target; every other status stands.
pub fn with_forecast(status: Status, f: Option<&Forecast>) -> Status {
    match (status, f) {
        (Status::OnTrack, Some(f)) if f.misses_target => Status::AtRisk,
        (s, _) => s,
    }
}

/// The share of the year's work (percent, one decimal) a quarterly plan leaves to the
/// last quarter, when that is more than half: such plans are flagged (计划后置).
pub fn back_loaded(ind: &Indicator) -> Option<Decimal> {
    let q = ind.quarterly?.0;
    let start = ind.baseline.unwrap_or(Decimal::ZERO);
    let span = q[3].checked_sub(start)?;
    let last = q[3].checked_sub(q[2])?;
    let share = last.percent_of(span, 1)?;
    (span > Decimal::ZERO && share > Decimal::from_int(50)).then_some(share)
}

/// Each forecastable indicator's city-wide value at each period's cut-off, judged as
/// the ledger judges it (additive indicators summed over their regions).
pub fn series(plan: &Plan, indicators: &[Indicator], periods: &[(Period, Vec<Figure>)]) -> Series {
    let mut out = Series::new();
    for (period, figures) in periods {
        let ctx = Context {
            year: plan.year,
            cutoff: period.cutoff,
            thresholds: plan.thresholds,
        };
        for ind in indicators.iter().filter(|i| forecastable(i)) {
            let mine = figures.iter().filter(|f| f.indicator_id == ind.id);
            let total = mine
                .clone()
                .find(|f| f.region_id.is_none())
                .map(|f| f.reading);
            let regional: Vec<(UnitId, Reading)> = mine
                .filter_map(|f| f.region_id.map(|r| (r, f.reading)))
                .collect();
            if total.is_none() && regional.is_empty() {
                continue;
            }
            let p = indicator_progress(ind, total, &regional, &ctx);
            if let Some(v) = p.total.value {
                out.entry(ind.id).or_default().push((period.cutoff, v));
            }
        }
    }
    for v in out.values_mut() {
        v.sort_by_key(|(d, _)| *d);
    }
    out
}

#[cfg(test)]
mod tests;

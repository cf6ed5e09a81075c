//! An indicator's trajectory over its year: where the plan curve says it should be at
//! each month's end (the quarterly plan, else the time schedule 序时进度 from the
//! baseline to the target), and the approved cumulative values at each period's
//! cut-off, and the forecast of the year-end value from them (`forecast`). The item
//! page draws it; the bulletin will embed the same chart.

use serde::Serialize;

use crate::date::{Date, days_in_year};
use crate::decimal::Decimal;
use crate::forecast::{Forecast, forecast};
use crate::indicator::{Indicator, IndicatorKind};
use crate::schedule::{planned_value, time_schedule};

/// A value on a day of the year (1 = 1 January).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Point {
    pub day: u32,
    pub value: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trajectory {
    pub year: i32,
    /// Days in the year: 365 or 366.
    pub days: u32,
    pub target: Option<Decimal>,
    /// The plan curve at 1 January and each month's end; empty without a target.
    pub plan: Vec<Point>,
    /// Approved values at the cut-offs, in time order.
    pub actual: Vec<Point>,
    /// Where the year will end at the pace so far, from the latest approved value.
    pub forecast: Option<Forecast>,
}

/// The trajectory of `ind` in `year` from approved values at their cut-offs. Only
/// indicators that count towards a target have a curve: stages and qualitative
/// indicators have none, nor do ceilings (a limit is not a path).
pub fn trajectory(ind: &Indicator, year: i32, actual: &[(Date, Decimal)]) -> Trajectory {
    let days = days_in_year(year);
    let target = ind.effective_target();
    let charted = matches!(ind.kind, IndicatorKind::Cumulative | IndicatorKind::Rate);
    let start = ind.baseline.unwrap_or(Decimal::ZERO);
    let plan = match target {
        Some(t) if charted => {
            let mut out = vec![Point {
                day: 1,
                value: start,
            }];
            for m in 1..=12 {
                let Some(end) = Date::end_of_month(year, m) else {
                    continue;
                };
                let planned = planned_value(ind, year, end).or_else(|| {
                    let span = t.checked_sub(start)?;
                    let share = time_schedule(year, end);
                    start.checked_add(span.mul_div(share, Decimal::from_int(100))?)
                });
                if let Some(v) = planned {
                    out.push(Point {
                        day: end.ordinal(),
                        value: v,
                    });
                }
            }
            out
        }
        _ => Vec::new(),
    };
    let mut points: Vec<Point> = if charted {
        actual
            .iter()
            .filter(|(d, _)| d.year() == year)
            .map(|(d, v)| Point {
                day: d.ordinal(),
                value: *v,
            })
            .collect()
    } else {
        Vec::new()
    };
    points.sort_by_key(|p| p.day);
    let latest = actual
        .iter()
        .filter(|(d, _)| d.year() == year)
        .map(|(d, _)| *d)
        .max();
    let forecast = latest.and_then(|last| forecast(ind, year, last, actual));
    Trajectory {
        year,
        days,
        target,
        plan,
        actual: points,
        forecast,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{IndicatorId, ItemId};
    use crate::indicator::QuarterlyPlan;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).expect("decimal")
    }

    fn teachers(quarterly: Option<[&str; 4]>) -> Indicator {
        Indicator {
            id: IndicatorId(1),
            item_id: ItemId(1),
            seq: 1,
            name: "公开招聘教师".into(),
            kind: IndicatorKind::Cumulative,
            unit: "人".into(),
            target: Some(d("1200")),
            baseline: None,
            decimals: 0,
            stages: Vec::new(),
            regions: Vec::new(),
            quarterly: quarterly.map(|q| QuarterlyPlan([d(q[0]), d(q[1]), d(q[2]), d(q[3])])),
        }
    }

    #[test]
    fn without_a_quarterly_plan_the_curve_is_the_time_schedule() {
        let t = trajectory(&teachers(None), 2019, &[]);
        assert_eq!(t.plan.len(), 13);
        assert_eq!(
            t.plan[0],
            Point {
                day: 1,
                value: Decimal::ZERO
            }
        );
        // 31 May 2019 is day 151 of 365: 1200 × 41.3699% (151/365 to four decimals).
        let may = t.plan[5];
        assert_eq!(may.day, 151);
        assert_eq!(may.value, d("496.4388"));
        assert_eq!(
            t.plan[12],
            Point {
                day: 365,
                value: d("1200")
            }
        );
    }

    #[test]
    fn with_a_quarterly_plan_the_curve_passes_through_each_quarters_end() {
        let t = trajectory(&teachers(Some(["0", "100", "1000", "1200"])), 2019, &[]);
        let at = |day: u32| t.plan.iter().find(|p| p.day == day).map(|p| p.value);
        assert_eq!(at(90), Some(d("0")), "31 March");
        assert_eq!(at(181), Some(d("100")), "30 June");
        assert_eq!(at(273), Some(d("1000")), "30 September");
        assert_eq!(at(365), Some(d("1200")));
    }

    #[test]
    fn actual_values_are_placed_at_their_cut_offs_in_time_order_and_other_years_are_left_out() {
        let may = Date::parse("2019-05-31").expect("date");
        let april = Date::parse("2019-04-30").expect("date");
        let old = Date::parse("2018-12-31").expect("date");
        let t = trajectory(
            &teachers(None),
            2019,
            &[(may, d("600")), (april, d("300")), (old, d("5"))],
        );
        assert_eq!(
            t.actual,
            vec![
                Point {
                    day: 120,
                    value: d("300")
                },
                Point {
                    day: 151,
                    value: d("600")
                }
            ]
        );
    }

    #[test]
    fn the_trajectory_carries_the_forecast_from_its_latest_value() {
        let at = |s: &str| Date::parse(s).expect("date");
        let t = trajectory(
            &teachers(None),
            2019,
            &[
                (at("2019-03-31"), d("240")),
                (at("2019-04-30"), d("330")),
                (at("2019-05-31"), d("420")),
            ],
        );
        let f = t.forecast.expect("forecast");
        // As forecast::tests computes by hand.
        assert_eq!(f.point.round(2), d("1028.26"));
        assert_eq!(f.last_cutoff, at("2019-05-31"));
        assert!(trajectory(&teachers(None), 2019, &[]).forecast.is_none());
    }

    #[test]
    fn a_stage_indicator_has_no_curve() {
        let mut ind = teachers(None);
        ind.kind = IndicatorKind::Stage;
        let t = trajectory(
            &ind,
            2019,
            &[(Date::parse("2019-05-31").expect("d"), d("2"))],
        );
        assert!(t.plan.is_empty() && t.actual.is_empty());
    }
}

//! The plan curve: where an indicator should be by a cut-off. The quarterly plan
//! (按季度分解) when there is one, else the time schedule (序时进度).

use crate::date::{Date, days_in_year};
use crate::decimal::Decimal;
use crate::indicator::{Indicator, IndicatorKind};

/// Percent of the plan's year elapsed at the end of `cutoff` (序时进度): 41.4 at 31 May 2019.
pub fn time_schedule(year: i32, cutoff: Date) -> Decimal {
    if cutoff.year() < year {
        return Decimal::ZERO;
    }
    if cutoff.year() > year {
        return Decimal::HUNDRED;
    }
    Decimal::from_int(cutoff.ordinal() as i64)
        .percent_of(Decimal::from_int(days_in_year(year) as i64), 4)
        .unwrap_or(Decimal::ZERO)
}

/// Day of the year each quarter ends on.
fn quarter_ends(year: i32) -> [u32; 4] {
    [(3, 31), (6, 30), (9, 30), (12, 31)].map(|(m, d)| {
        Date::new(year, m, d)
            .expect("quarter ends are dates")
            .ordinal()
    })
}

/// The planned cumulative value at `cutoff`, read off the quarterly plan by straight
/// lines between quarter ends, starting from the baseline (or nothing) on 1 January.
/// None without a quarterly plan.
pub fn planned_value(ind: &Indicator, year: i32, cutoff: Date) -> Option<Decimal> {
    let q = ind.quarterly?.0;
    let start = match ind.kind {
        IndicatorKind::Stage => Decimal::ZERO,
        _ => ind.baseline.unwrap_or(Decimal::ZERO),
    };
    if cutoff.year() < year {
        return Some(start);
    }
    if cutoff.year() > year {
        return Some(q[3]);
    }
    let day = cutoff.ordinal() as i64;
    let ends = quarter_ends(year);
    let mut prev_day = 0i64;
    let mut prev_val = start;
    for (end, val) in ends.iter().zip(q) {
        let end = *end as i64;
        if day <= end {
            let span = val.checked_sub(prev_val)?;
            let step = span.mul_div(
                Decimal::from_int(day - prev_day),
                Decimal::from_int(end - prev_day),
            )?;
            return prev_val.checked_add(step);
        }
        prev_day = end;
        prev_val = val;
    }
    Some(q[3])
}

/// The share of the target the plan curve expects by `cutoff`, percent: from the
/// quarterly plan when there is one, else the time schedule.
pub fn planned_share(ind: &Indicator, year: i32, cutoff: Date) -> Decimal {
    let curve = || -> Option<Decimal> {
        let planned = planned_value(ind, year, cutoff)?;
        let target = ind.effective_target()?;
        let start = match ind.kind {
            IndicatorKind::Stage => Decimal::ZERO,
            _ => ind.baseline.unwrap_or(Decimal::ZERO),
        };
        planned
            .checked_sub(start)?
            .percent_of(target.checked_sub(start)?, 4)
    };
    curve().unwrap_or_else(|| time_schedule(year, cutoff))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{IndicatorId, ItemId};
    use crate::indicator::QuarterlyPlan;
    use proptest::prelude::*;

    fn d(v: i64) -> Decimal {
        Decimal::from_int(v)
    }

    fn indicator(quarterly: Option<[i64; 4]>) -> Indicator {
        Indicator {
            id: IndicatorId(1),
            item_id: ItemId(1),
            seq: 1,
            name: "x".into(),
            kind: IndicatorKind::Cumulative,
            unit: "个".into(),
            target: Some(d(100)),
            baseline: None,
            decimals: 0,
            stages: vec![],
            regions: vec![],
            quarterly: quarterly.map(|q| QuarterlyPlan(q.map(d))),
        }
    }

    #[test]
    fn the_end_of_may_is_41_point_4_percent_of_2019() {
        let s = time_schedule(2019, Date::parse("2019-05-31").unwrap());
        assert_eq!(s.round(1).to_string(), "41.4");
        assert_eq!(
            time_schedule(2019, Date::parse("2019-12-31").unwrap()),
            Decimal::HUNDRED
        );
    }

    #[test]
    fn the_quarterly_plan_is_read_between_quarter_ends() {
        let ind = indicator(Some([10, 40, 70, 100]));
        let at = |s: &str| planned_value(&ind, 2019, Date::parse(s).unwrap()).unwrap();
        assert_eq!(at("2019-03-31"), d(10));
        assert_eq!(at("2019-06-30"), d(40));
        // 31 May is day 151; Q2 runs from day 90 to day 181: 61 of 91 days of 30 more.
        assert_eq!(at("2019-05-31").round(2).to_string(), "30.11");
        assert_eq!(
            planned_share(&ind, 2019, Date::parse("2019-06-30").unwrap()),
            d(40)
        );
    }

    #[test]
    fn without_a_quarterly_plan_the_time_schedule_is_the_plan() {
        let ind = indicator(None);
        let c = Date::parse("2019-05-31").unwrap();
        assert_eq!(planned_share(&ind, 2019, c), time_schedule(2019, c));
    }

    proptest! {
        #[test]
        fn the_plan_curve_never_falls_and_ends_on_the_target(
            a in 0i64..50, b in 0i64..50, c in 0i64..50, d1 in 1u32..365, d2 in 1u32..365
        ) {
            let q = [a, a + b, a + b + c, 100.max(a + b + c)];
            let mut ind = indicator(Some(q));
            ind.target = Some(d(q[3]));
            let day = |n: u32| Date::from_days_since_epoch(Date::parse("2019-01-01").unwrap().days_since_epoch() + n as i64 - 1).unwrap();
            let (lo, hi) = (d1.min(d2), d1.max(d2));
            prop_assert!(planned_value(&ind, 2019, day(lo)) <= planned_value(&ind, 2019, day(hi)));
            prop_assert_eq!(planned_value(&ind, 2019, day(365)), Some(d(q[3])));
        }
    }
}

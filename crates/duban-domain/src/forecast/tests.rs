use super::*;
use crate::ids::AreaId;
use crate::ids::{ItemId, PeriodId, PlanId};
use crate::indicator::QuarterlyPlan;
use crate::ledger::{evaluate, evaluate_with};
use crate::period::{FiscalOverview, PeriodLabel, PeriodState};
use crate::plan::{Area, Item, PlanState, Thresholds};
use proptest::prelude::*;

fn d(s: &str) -> Decimal {
    Decimal::parse(s).expect("decimal")
}

fn day(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn teachers(target: &str, quarterly: Option<[&str; 4]>) -> Indicator {
    Indicator {
        id: IndicatorId(1),
        item_id: ItemId(1),
        seq: 1,
        name: "公开招聘教师".into(),
        kind: IndicatorKind::Cumulative,
        unit: "人".into(),
        target: Some(d(target)),
        baseline: None,
        decimals: 0,
        stages: Vec::new(),
        regions: Vec::new(),
        quarterly: quarterly.map(|q| QuarterlyPlan([d(q[0]), d(q[1]), d(q[2]), d(q[3])])),
    }
}

fn month_end(m: u8) -> Date {
    Date::end_of_month(2019, m).expect("month end")
}

/// 240, 330 and 420 of 1200 at the ends of March, April and May 2019.
fn spring() -> Vec<(Date, Decimal)> {
    vec![
        (month_end(3), d("240")),
        (month_end(4), d("330")),
        (month_end(5), d("420")),
    ]
}

#[test]
fn the_forecast_is_the_median_pairwise_slope_from_the_latest_value() {
    // Shares of the year: 24.6575%, 32.8767%, 41.3699%; with (0, 0) six slopes
    // 973.33, 1003.75, 1015.23, 1059.67, 1077.04, 1095.00 per whole year. Median
    // 1037.45 over the 58.6301% left: 420 + 608.26 = 1028.26. Quartiles 1006.62 and
    // 1072.71 give 1010.18 and 1048.93.
    let f = forecast(&teachers("1200", None), 2019, month_end(5), &spring()).expect("forecast");
    assert_eq!(f.point.round(2), d("1028.26"));
    assert_eq!(f.low.round(2), d("1010.18"));
    assert_eq!(f.high.round(2), d("1048.93"));
    assert_eq!((f.last, f.last_cutoff), (d("420"), month_end(5)));
    assert_eq!(f.observations, 3);
    assert!(!f.shaped_by_plan);
    // 780 left over the 7 months June–December; 420 over the 5 months so far.
    assert_eq!(f.months_left, d("7"));
    assert_eq!(f.needed_pace, Some(d("111.4286")));
    assert_eq!(f.pace_so_far, Some(d("84")));
    assert!(f.misses_target);
}

#[test]
fn values_after_the_cut_off_or_of_other_years_are_not_read() {
    let mut v = spring();
    v.push((month_end(6), d("900")));
    v.push((day("2018-12-31"), d("5000")));
    let f = forecast(&teachers("1200", None), 2019, month_end(5), &v).expect("forecast");
    assert_eq!(f.point.round(2), d("1028.26"));
}

#[test]
fn a_series_on_its_quarterly_plan_forecasts_the_target() {
    let ind = teachers("1200", Some(["100", "400", "700", "1200"]));
    let f = forecast(
        &ind,
        2019,
        month_end(6),
        &[(month_end(3), d("100")), (month_end(6), d("400"))],
    )
    .expect("forecast");
    assert!(f.shaped_by_plan);
    assert_eq!(f.point.round(1), d("1200"));
    assert_eq!(f.high.round(1), d("1200"));
    assert!(!f.misses_target);
    // The same 400 by June against the time schedule (49.6%) would be far short.
    let plain = forecast(
        &teachers("1200", None),
        2019,
        month_end(6),
        &[(month_end(3), d("100")), (month_end(6), d("400"))],
    )
    .expect("forecast");
    assert!(plain.misses_target);
}

#[test]
fn a_plan_that_expects_nothing_yet_falls_back_to_the_time_schedule() {
    let ind = teachers("1200", Some(["0", "100", "600", "1200"]));
    let f = forecast(&ind, 2019, month_end(2), &[(month_end(2), d("50"))]).expect("forecast");
    assert!(!f.shaped_by_plan);
    assert_eq!(f.low, f.high);
}

#[test]
fn a_rate_is_never_forecast_past_100_percent() {
    let mut ind = teachers("100", None);
    ind.kind = IndicatorKind::Rate;
    let f = forecast(&ind, 2019, month_end(5), &[(month_end(5), d("90"))]).expect("forecast");
    assert_eq!((f.point, f.high), (d("100"), d("100")));
}

#[test]
fn stages_ceilings_and_empty_histories_have_no_forecast() {
    let mut ind = teachers("1200", None);
    assert_eq!(forecast(&ind, 2019, month_end(5), &[]), None);
    ind.kind = IndicatorKind::Ceiling;
    assert_eq!(forecast(&ind, 2019, month_end(5), &spring()), None);
    ind.kind = IndicatorKind::Stage;
    assert_eq!(forecast(&ind, 2019, month_end(5), &spring()), None);
}

#[test]
fn plans_leaving_more_than_half_the_work_to_the_last_quarter_are_flagged() {
    assert_eq!(
        back_loaded(&teachers("1200", Some(["0", "100", "300", "1200"]))),
        Some(d("75"))
    );
    assert_eq!(
        back_loaded(&teachers("1200", Some(["100", "400", "700", "1200"]))),
        None
    );
    assert_eq!(back_loaded(&teachers("1200", None)), None);
}

#[test]
fn only_on_track_turns_at_risk() {
    let f = forecast(&teachers("1200", None), 2019, month_end(5), &spring()).expect("forecast");
    assert_eq!(with_forecast(Status::OnTrack, Some(&f)), Status::AtRisk);
    for s in Status::ALL.into_iter().filter(|s| *s != Status::OnTrack) {
        assert_eq!(with_forecast(s, Some(&f)), s);
    }
    assert_eq!(with_forecast(Status::OnTrack, None), Status::OnTrack);
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

fn period(m: u8) -> Period {
    Period {
        id: PeriodId(m as i64),
        plan_id: PlanId(1),
        label: PeriodLabel::parse(&format!("2019-{m:02}")).expect("label"),
        cutoff: month_end(m),
        deadline: month_end(m),
        state: PeriodState::Closed,
        fiscal: FiscalOverview::default(),
    }
}

fn fig(v: &str) -> Vec<Figure> {
    vec![Figure {
        indicator_id: IndicatorId(1),
        region_id: None,
        reading: Reading::Value(d(v)),
    }]
}

#[test]
fn an_item_on_track_whose_forecast_misses_is_at_risk_in_the_ledger() {
    let area = Area {
        id: AreaId(1),
        plan_id: PlanId(1),
        seq: 1,
        title: "教育方面".into(),
    };
    let item = Item {
        id: ItemId(1),
        plan_id: PlanId(1),
        area_id: area.id,
        number: 1,
        title: "招聘教师".into(),
        lead_unit_id: UnitId(1),
        co_unit_ids: vec![],
        region_ids: vec![],
        leader: None,
    };
    let inds = [teachers("1200", None)];
    let periods = vec![
        (period(3), fig("240")),
        (period(4), fig("330")),
        (period(5), fig("420")),
    ];
    let history = series(&plan(), &inds, &periods);
    assert_eq!(history[&IndicatorId(1)], spring());
    let args = (
        &plan(),
        std::slice::from_ref(&area),
        std::slice::from_ref(&item),
    );
    // 35% by a schedule of 41.4%: 6.4 points behind, not yet lagging.
    let plain = evaluate(args.0, args.1, args.2, &inds, month_end(5), &fig("420"));
    assert_eq!(plain.items[&ItemId(1)].status, Status::OnTrack);
    let l = evaluate_with(
        args.0,
        args.1,
        args.2,
        &inds,
        month_end(5),
        &fig("420"),
        &history,
    );
    assert_eq!(l.indicators[&IndicatorId(1)].total.status, Status::AtRisk);
    assert_eq!(l.items[&ItemId(1)].status, Status::AtRisk);
    assert_eq!(l.areas[&AreaId(1)].counts.at_risk, 1);
    assert_eq!((l.counts.at_risk, l.counts.on_track), (1, 0));
    assert_eq!(l.forecasts[&IndicatorId(1)].point.round(2), d("1028.26"));
}

#[test]
fn an_item_at_risk_in_one_part_and_not_started_in_another_is_at_risk() {
    use crate::status::combine;
    assert_eq!(
        combine([Status::NotStarted, Status::AtRisk]),
        Status::AtRisk
    );
    assert_eq!(combine([Status::AtRisk, Status::Lagging]), Status::Lagging);
    assert_eq!(combine([Status::Done, Status::AtRisk]), Status::AtRisk);
}

/// Cumulative values at the month ends 1..=n from increments.
fn cumulative(incs: &[u32]) -> Vec<(Date, Decimal)> {
    let mut total = 0i64;
    incs.iter()
        .enumerate()
        .map(|(i, x)| {
            total += *x as i64;
            (month_end(i as u8 + 1), Decimal::from_int(total))
        })
        .collect()
}

proptest! {
    #[test]
    fn the_range_contains_the_point(incs in proptest::collection::vec(0u32..10_000, 1..12),
        falls in proptest::collection::vec(-5000i64..5000, 0..12), t in 1i64..200_000) {
        // Rates may fall: mix falls in too.
        let mut v = cumulative(&incs);
        for (p, f) in v.iter_mut().zip(&falls) {
            p.1 = p.1.checked_add(Decimal::from_int(*f)).expect("small");
        }
        let ind = teachers(&t.to_string(), None);
        let cutoff = v.last().expect("one").0;
        let f = forecast(&ind, 2019, cutoff, &v).expect("forecast");
        prop_assert!(f.low <= f.point && f.point <= f.high);
    }

    #[test]
    fn a_series_that_never_falls_is_never_forecast_to_fall(
        incs in proptest::collection::vec(0u32..10_000, 1..12), t in 1i64..200_000) {
        let v = cumulative(&incs);
        let f = forecast(&teachers(&t.to_string(), None), 2019, v.last().expect("one").0, &v).expect("forecast");
        prop_assert!(f.low >= f.last);
    }

    #[test]
    fn a_higher_latest_value_never_lowers_the_forecast(
        incs in proptest::collection::vec(0u32..10_000, 1..12), more in 0u32..10_000) {
        let v = cumulative(&incs);
        let mut w = v.clone();
        let last = w.last_mut().expect("one");
        last.1 = last.1.checked_add(Decimal::from_int(more as i64)).expect("small");
        let ind = teachers("100000", None);
        let cutoff = v.last().expect("one").0;
        let a = forecast(&ind, 2019, cutoff, &v).expect("forecast");
        let b = forecast(&ind, 2019, cutoff, &w).expect("forecast");
        prop_assert!(b.point >= a.point && b.low >= a.low && b.high >= a.high);
    }

    #[test]
    fn a_series_exactly_on_the_time_schedule_forecasts_the_target(
        t in 1i64..1_000_000, months in proptest::collection::btree_set(1u8..=12, 1..12)) {
        let target = Decimal::from_int(t);
        let v: Vec<(Date, Decimal)> = months.iter().map(|m| {
            let end = month_end(*m);
            (end, target.mul_div(time_schedule(2019, end), Decimal::HUNDRED).expect("fits"))
        }).collect();
        let ind = teachers(&t.to_string(), None);
        let f = forecast(&ind, 2019, v.last().expect("one").0, &v).expect("forecast");
        let off = f.point.checked_sub(target).expect("small").to_f64().abs();
        prop_assert!(off <= 0.01, "forecast {} for target {}", f.point, target);
        prop_assert!(!f.misses_target);
    }
}

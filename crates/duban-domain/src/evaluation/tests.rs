use proptest::prelude::*;

use super::*;

fn d(s: &str) -> Decimal {
    Decimal::parse(s).expect("decimal")
}

fn numeric(completion: &str, schedule: &str, status: Status) -> Progress {
    Progress {
        value: None,
        target: None,
        completion: Some(d(completion)),
        schedule: Some(d(schedule)),
        status,
    }
}

fn judged(status: Status) -> Progress {
    Progress {
        value: None,
        target: None,
        completion: None,
        schedule: None,
        status,
    }
}

/// Unit A of the hand-computed table: every criterion applies.
fn unit_a() -> Facts {
    Facts {
        progress: vec![
            numeric("45", "50", Status::OnTrack),
            numeric("60", "50", Status::OnTrack),
        ],
        reports_due: 4,
        reports_on_time: 3,
        reports_submitted: 4,
        reports_with_warnings: 1,
        problems_due: 2,
        problems_rectified_on_time: 1,
        third_party: Some(d("88")),
        satisfaction: None,
    }
}

/// Unit B: no problem fell due, so 问题整改 drops out and the rest scale to 85 points.
fn unit_b() -> Facts {
    Facts {
        progress: vec![
            judged(Status::OnTrack),
            numeric("30", "50", Status::Lagging),
        ],
        reports_due: 4,
        reports_on_time: 4,
        reports_submitted: 4,
        reports_with_warnings: 0,
        problems_due: 0,
        problems_rectified_on_time: 0,
        third_party: Some(d("90")),
        satisfaction: None,
    }
}

#[test]
fn a_unit_scored_on_every_criterion_matches_the_hand_computed_total() {
    let e = evaluate(&Scheme::standard(), &unit_a());
    let scores: Vec<Option<Decimal>> = e.lines.iter().map(|l| l.measure.score()).collect();
    // progress: (45/50 = 90, 60/50 capped at 100) → 95; on time 3/4; quality 3/4;
    // rectification 1/2; third party 88.
    assert_eq!(
        scores,
        ["95", "75", "75", "50", "88"].map(|s| Some(d(s))).to_vec()
    );
    // (95×40 + 75×15 + 75×15 + 50×15 + 88×15) / 100 = 81.20
    assert_eq!(e.total, Some(d("81.2")));
    assert!(e.complete);
    let weights: Vec<_> = e.lines.iter().map(|l| l.effective_weight).collect();
    assert_eq!(
        weights,
        ["40", "15", "15", "15", "15"].map(|s| Some(d(s))).to_vec()
    );
}

#[test]
fn a_criterion_that_does_not_apply_gives_its_weight_to_the_others() {
    let e = evaluate(&Scheme::standard(), &unit_b());
    let rect = &e.lines[3];
    assert_eq!(rect.criterion, Criterion::Rectification);
    assert!(matches!(rect.measure, Measure::NotApplicable { .. }));
    assert_eq!(rect.effective_weight, None);
    assert_eq!(rect.contribution, None);
    // progress (100 + 30/50 → 60) / 2 = 80; (80×40 + 100×15 + 100×15 + 90×15) / 85
    // = 7550 / 85 = 88.8235… → 88.82, though the rounded contributions add to 88.83.
    assert_eq!(e.total, Some(d("88.82")));
    assert_eq!(e.lines[0].effective_weight, Some(d("47.06")));
    assert_eq!(e.lines[1].effective_weight, Some(d("17.65")));
    let contributions: Vec<_> = e.lines.iter().map(|l| l.contribution).collect();
    assert_eq!(
        contributions,
        vec![
            Some(d("37.65")),
            Some(d("17.65")),
            Some(d("17.65")),
            None,
            Some(d("15.88"))
        ]
    );
}

#[test]
fn a_missing_third_party_score_leaves_the_total_provisional_and_unranked() {
    let mut c = unit_a();
    c.third_party = None;
    let e = evaluate(&Scheme::standard(), &c);
    assert!(!e.complete);
    assert_eq!(e.lines[4].measure, Measure::Pending);
    // Over the 85 points that are known: (3800 + 1125 + 1125 + 750) / 85 = 80.00
    assert_eq!(e.total, Some(d("80")));
    let table = league(vec![
        ("A", evaluate(&Scheme::standard(), &unit_a())),
        ("C", e),
        ("B", evaluate(&Scheme::standard(), &unit_b())),
        ("D", evaluate(&Scheme::standard(), &unit_a())),
    ]);
    let places: Vec<(&str, Option<u32>)> = table.iter().map(|r| (r.subject, r.rank)).collect();
    assert_eq!(
        places,
        vec![("B", Some(1)), ("A", Some(2)), ("D", Some(2)), ("C", None)]
    );
}

#[test]
fn progress_is_judged_by_status_where_no_ratio_is_known() {
    let score = |s| progress_score(&judged(s));
    assert_eq!(score(Status::Done), Some(d("100")));
    assert_eq!(score(Status::AtRisk), Some(d("80")));
    assert_eq!(score(Status::Lagging), Some(d("60")));
    assert_eq!(score(Status::SeriouslyLagging), Some(d("30")));
    assert_eq!(score(Status::Unassessed), None);
    // Not started counts against a unit only once something was due.
    assert_eq!(score(Status::NotStarted), Some(d("100")));
    assert_eq!(
        progress_score(&numeric("0", "25", Status::NotStarted)),
        Some(d("0"))
    );
}

#[test]
fn a_scheme_must_name_known_criteria_once_with_weights_adding_to_100() {
    let parse = |v: &[(&str, i64)]| {
        let owned: Vec<(String, i64)> = v.iter().map(|(c, w)| (c.to_string(), *w)).collect();
        Scheme::parse(&owned).map_err(|e| {
            e.0.into_iter()
                .map(|f| (f.field, f.code))
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(
        parse(&[("progress", 60), ("third_party", 40)]).map(|s| s.weight_of(Criterion::Progress)),
        Ok(Some(60))
    );
    assert_eq!(
        parse(&[("progress", 60), ("third_party", 30)]),
        Err(vec![("criteria".into(), "weights_not_100")])
    );
    assert_eq!(
        parse(&[("progress", 50), ("progress", 50)]),
        Err(vec![("criteria/1/criterion".into(), "duplicate")])
    );
    assert_eq!(
        parse(&[("speed", 50), ("progress", 0)]),
        Err(vec![
            ("criteria/0/criterion".into(), "unknown_criterion"),
            ("criteria/1/weight".into(), "out_of_range")
        ])
    );
    assert_eq!(parse(&[]), Err(vec![("criteria".into(), "required")]));
}

#[test]
fn an_entered_score_is_from_0_to_100_with_two_decimals() {
    assert_eq!(parse_entered("s", d("99.75")), Ok(d("99.75")));
    assert!(parse_entered("s", d("100.01")).is_err());
    assert!(parse_entered("s", d("-1")).is_err());
    assert!(parse_entered("s", d("80.125")).is_err());
}

fn facts() -> impl Strategy<Value = Facts> {
    let progress = prop::collection::vec((0i64..=2000, 0i64..=1000), 0..6).prop_map(|v| {
        v.into_iter()
            .map(|(c, s)| Progress {
                value: None,
                target: None,
                completion: Some(Decimal::from_scaled(c * 1000)),
                schedule: Some(Decimal::from_scaled(s * 1000)),
                status: Status::OnTrack,
            })
            .collect::<Vec<_>>()
    });
    (
        progress,
        (0u32..20, 0u32..20, 0u32..20, 0u32..20),
        (0u32..10, 0u32..10),
        prop::option::of(0i64..=10_000),
        prop::option::of(0i64..=10_000),
    )
        .prop_map(
            |(progress, (due, on, sub, warn), (pd, pr), tp, sat)| Facts {
                progress,
                reports_due: due,
                reports_on_time: on.min(due),
                reports_submitted: sub,
                reports_with_warnings: warn.min(sub),
                problems_due: pd,
                problems_rectified_on_time: pr.min(pd),
                third_party: tp.map(|v| Decimal::from_scaled(v * 100)),
                satisfaction: sat.map(|v| Decimal::from_scaled(v * 100)),
            },
        )
}

fn scheme() -> impl Strategy<Value = Scheme> {
    // Six cut points of 0..=100 give weights that add up to 100; zero weights drop.
    prop::collection::vec(0u32..=100, 5).prop_map(|mut cuts| {
        cuts.push(0);
        cuts.push(100);
        cuts.sort_unstable();
        let weights = Criterion::ALL
            .into_iter()
            .zip(cuts.windows(2))
            .map(|(criterion, w)| Weight {
                criterion,
                weight: w[1] - w[0],
            })
            .filter(|w| w.weight > 0)
            .collect();
        Scheme { weights }
    })
}

proptest! {
    #[test]
    fn a_total_lies_between_the_lowest_and_highest_criterion_scores(
        s in scheme(), f in facts()
    ) {
        let e = evaluate(&s, &f);
        let scores: Vec<Decimal> = e.lines.iter().filter_map(|l| l.measure.score()).collect();
        match (e.total, scores.iter().min(), scores.iter().max()) {
            (Some(t), Some(lo), Some(hi)) => {
                prop_assert!(*lo <= t && t <= *hi, "{t} outside {lo}..{hi}");
                prop_assert!(Decimal::ZERO <= t && t <= Decimal::HUNDRED);
            }
            (None, None, None) => {}
            other => prop_assert!(false, "total and scores disagree: {other:?}"),
        }
        let counted: Vec<Decimal> = e.lines.iter().filter_map(|l| l.effective_weight).collect();
        if !counted.is_empty() {
            let sum = counted.iter().fold(Decimal::ZERO, |a, w| a.checked_add(*w).unwrap_or(a));
            // Each effective weight is rounded to two decimals: a cent per line at most.
            let slack = Decimal::parse("0.06").expect("slack");
            prop_assert!((sum.checked_sub(Decimal::HUNDRED).unwrap_or(sum)).max(
                Decimal::HUNDRED.checked_sub(sum).unwrap_or(sum)) <= slack, "{sum}");
        }
    }

    #[test]
    fn a_league_ranks_only_complete_totals_and_never_ranks_a_lower_total_above_a_higher(
        rows in prop::collection::vec((scheme(), facts()), 0..12)
    ) {
        let table = league(rows.iter().enumerate()
            .map(|(i, (s, f))| (i, evaluate(s, f))).collect());
        prop_assert_eq!(table.len(), rows.len());
        let ranked: Vec<_> = table.iter().take_while(|r| r.rank.is_some()).collect();
        prop_assert!(table[ranked.len()..].iter().all(|r| r.rank.is_none()));
        for w in ranked.windows(2) {
            prop_assert!(w[0].evaluation.total >= w[1].evaluation.total);
            prop_assert_eq!(w[0].evaluation.total == w[1].evaluation.total, w[0].rank == w[1].rank);
        }
        if let Some(first) = ranked.first() {
            prop_assert_eq!(first.rank, Some(1));
        }
    }
}

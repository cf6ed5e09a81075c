use super::*;
use proptest::prelude::*;

fn label(m: u8) -> PeriodLabel {
    PeriodLabel::parse(&format!("2019-{m:02}")).expect("label")
}

fn total(ind: i64, v: i64) -> Figure {
    Figure {
        indicator_id: IndicatorId(ind),
        region_id: None,
        reading: Reading::Value(Decimal::from_int(v)),
    }
}

fn regional(ind: i64, region: i64, v: i64) -> Figure {
    Figure {
        region_id: Some(UnitId(region)),
        ..total(ind, v)
    }
}

fn record(id: i64, unit: i64, item: i64, m: u8, versions: Vec<Vec<Figure>>) -> ReportRecord {
    ReportRecord {
        report_id: id,
        unit_id: UnitId(unit),
        item_id: ItemId(item),
        period: label(m),
        warnings: vec![],
        versions,
    }
}

fn kept(rule: Rule) -> KeptRule {
    KeptRule {
        rule,
        indicator_id: IndicatorId(1),
        reason: "县区补报".into(),
    }
}

fn part(s: &Score, k: PartKind) -> Option<&Part> {
    s.parts.iter().find(|p| p.kind == k)
}

#[test]
fn clean_reports_score_nothing() {
    let rs = vec![
        record(1, 7, 1, 4, vec![vec![total(1, 13)]]),
        record(2, 7, 1, 5, vec![vec![total(1, 27)]]),
    ];
    let all = scores(&rs);
    assert!(all.iter().all(|(_, s)| s.score == 0 && s.parts.is_empty()));
    assert!(spot_checks(&all, 0, 10).is_empty());
}

#[test]
fn a_units_score_adds_each_part_by_its_weight_with_its_evidence() {
    // Unit 7, item 1: April 13 → May 13 copied (5); May kept a last-minute jump (6) and
    // a fall (8). Item 2, May: total edited 40 → 45, regions 20 + 25 = 45 (8).
    let mut may = record(2, 7, 1, 5, vec![vec![total(1, 13)]]);
    may.warnings = vec![kept(Rule::LastMinuteJump), kept(Rule::CumulativeFell)];
    let rs = vec![
        record(1, 7, 1, 4, vec![vec![total(1, 13)]]),
        may,
        record(
            3,
            7,
            2,
            5,
            vec![
                vec![total(2, 40), regional(2, 11, 20), regional(2, 12, 20)],
                vec![total(2, 45), regional(2, 11, 20), regional(2, 12, 25)],
            ],
        ),
    ];
    let all = scores(&rs);
    let unit = &all
        .iter()
        .find(|(s, _)| *s == Subject::Unit(UnitId(7)))
        .expect("unit")
        .1;
    assert_eq!(unit.score, 5 + 6 + 8 + 8);
    assert_eq!(unit.reports, 3);
    let copied = part(unit, PartKind::CopiedForward).expect("copied");
    assert_eq!((copied.weight, copied.count, copied.points), (5, 1, 5));
    assert_eq!(copied.evidence[0].report_id, 2);
    assert_eq!(copied.evidence[0].note, "1个数据与2019-04完全相同");
    let fitted = part(unit, PartKind::FittedRegions).expect("fitted");
    assert_eq!(
        (fitted.count, fitted.points, fitted.evidence[0].report_id),
        (1, 8, 3)
    );
    let jump = part(unit, PartKind::Rule(Rule::LastMinuteJump)).expect("jump");
    assert_eq!(jump.evidence[0].note, "指标1:县区补报");
    assert_eq!(jump.label_zh, "截止前突击达标");
    // Item 2 alone: only the fitted regions.
    let item2 = &all
        .iter()
        .find(|(s, _)| *s == Subject::Item(ItemId(2)))
        .expect("item")
        .1;
    assert_eq!(item2.score, 8);
    // The list: the unit (27), item 1 (19), item 2 (8) is under the default line.
    let list = spot_checks(&all, SPOT_CHECK_FROM, 10);
    let order: Vec<(Subject, u32)> = list.iter().map(|(s, x)| (*s, x.score)).collect();
    assert_eq!(
        order,
        vec![
            (Subject::Unit(UnitId(7)), 27),
            (Subject::Item(ItemId(1)), 19)
        ]
    );
}

#[test]
fn regions_that_add_up_to_an_unedited_total_are_not_suspicious() {
    let rs = vec![record(
        1,
        7,
        2,
        5,
        vec![vec![total(2, 45), regional(2, 11, 20), regional(2, 12, 25)]],
    )];
    assert_eq!(scores(&rs)[0].1.score, 0);
}

#[test]
fn half_or_more_round_figures_of_five_or_more_is_heaping() {
    let figures = vec![
        total(1, 100),
        total(2, 250),
        total(3, 40),
        total(4, 37),
        total(5, 123),
        total(6, 5), // under 20: not judged
    ];
    let s = score(&[&record(1, 7, 1, 5, vec![figures.clone()])], &[]);
    let heap = part(&s, PartKind::RoundNumbers).expect("heaping");
    assert_eq!((heap.points, s.score), (10, 10));
    assert_eq!(heap.evidence[0].note, "5个20以上的数据中3个是10的整数倍");
    let fewer = score(&[&record(1, 7, 1, 5, vec![figures[..4].to_vec()])], &[]);
    assert_eq!(fewer.score, 0, "four figures are too few to judge");
}

fn any_rule() -> impl Strategy<Value = Rule> {
    proptest::sample::select(Rule::ALL.to_vec())
}

proptest! {
    #[test]
    fn the_score_is_the_capped_sum_of_its_parts(rules in proptest::collection::vec(any_rule(), 0..40),
        values in proptest::collection::vec(0i64..1000, 0..12)) {
        let mut r = record(1, 7, 1, 5, vec![values.iter().enumerate().map(|(i, v)| total(i as i64, *v)).collect()]);
        r.warnings = rules.iter().map(|x| kept(*x)).collect();
        let s = score(&[&r], std::slice::from_ref(&r));
        let sum: u32 = s.parts.iter().map(|p| p.points).sum();
        prop_assert_eq!(s.score, sum.min(100));
        prop_assert!(s.score <= 100);
        for p in &s.parts {
            prop_assert_eq!(p.points, p.weight * p.count);
            prop_assert_eq!(p.evidence.len() as u32, p.count);
        }
    }

    #[test]
    fn one_more_kept_warning_never_lowers_the_score(rules in proptest::collection::vec(any_rule(), 0..20),
        extra in any_rule()) {
        let mut r = record(1, 7, 1, 5, vec![vec![total(1, 13)]]);
        r.warnings = rules.iter().map(|x| kept(*x)).collect();
        let before = score(&[&r], &[]).score;
        r.warnings.push(kept(extra));
        let after = score(&[&r], &[]).score;
        prop_assert!(after >= before);
        prop_assert!(after == 100 || after == before + rule_weight(extra));
    }

    #[test]
    fn the_spot_check_list_is_sorted_and_holds_only_scores_over_the_line(
        raw in proptest::collection::vec((0u32..120, 1i64..50), 0..30), from in 0u32..60, limit in 0usize..10) {
        let all: Vec<(Subject, Score)> = raw.iter().enumerate().map(|(i, (sc, _))| {
            (Subject::Unit(UnitId(i as i64)), Score { score: (*sc).min(100), reports: 1, parts: vec![] })
        }).collect();
        let list = spot_checks(&all, from, limit);
        prop_assert!(list.len() <= limit);
        prop_assert!(list.iter().all(|(_, s)| s.score >= from && s.score > 0));
        prop_assert!(list.windows(2).all(|w| w[0].1.score >= w[1].1.score));
    }
}

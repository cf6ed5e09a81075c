use proptest::prelude::*;

use super::*;

fn d(s: &str) -> Decimal {
    Decimal::parse(s).expect("decimal")
}

fn line(source: &str, raised: &str, allocated: &str, spent: &str) -> LineInput {
    LineInput {
        source: source.into(),
        raised: Some(d(raised)),
        allocated: Some(d(allocated)),
        spent: Some(d(spent)),
    }
}

fn errors(r: Result<Vec<FundingLine>, Invalid>) -> Vec<(String, &'static str)> {
    r.err()
        .map(|e| e.0.into_iter().map(|f| (f.field, f.code)).collect())
        .unwrap_or_default()
}

#[test]
fn lines_are_kept_in_source_order_with_absent_amounts_as_zero() {
    let got = parse_lines(&[
        line("social", "300", "120", "80.5"),
        LineInput {
            source: "superior".into(),
            raised: Some(d("1500")),
            ..Default::default()
        },
    ])
    .expect("lines");
    assert_eq!(
        got,
        vec![
            FundingLine {
                source: FundingSource::Superior,
                funds: Funds {
                    raised: d("1500"),
                    allocated: Decimal::ZERO,
                    spent: Decimal::ZERO
                }
            },
            FundingLine {
                source: FundingSource::Social,
                funds: Funds {
                    raised: d("300"),
                    allocated: d("120"),
                    spent: d("80.5")
                }
            },
        ]
    );
}

#[test]
fn a_line_names_each_of_its_errors_by_place() {
    assert_eq!(
        errors(parse_lines(&[
            line("bank", "1", "1", "1"),
            line("city", "100", "120", "10"),
            line("county", "100", "50", "60"),
            line("city", "1", "1", "1"),
            line("other", "-1", "0", "0"),
        ])),
        vec![
            ("funding/0/source".into(), "unknown_source"),
            ("funding/1/allocated".into(), "more_than_raised"),
            ("funding/2/spent".into(), "more_than_allocated"),
            ("funding/3/source".into(), "duplicate"),
            ("funding/4/raised".into(), "negative"),
        ]
    );
}

#[test]
fn a_roll_up_adds_by_source_and_gives_spending_as_a_share_of_the_plan() {
    let a = parse_lines(&[
        line("superior", "1000", "800", "600"),
        line("city", "500", "500", "200"),
    ])
    .expect("a");
    let b = parse_lines(&[line("city", "250", "100", "50")]).expect("b");
    let r = roll_up(a.iter().chain(&b), [Some(d("2000")), Some(d("1000"))]);
    assert_eq!(
        r.by_source[&FundingSource::City],
        Funds {
            raised: d("750"),
            allocated: d("600"),
            spent: d("250")
        }
    );
    assert_eq!(r.total.spent, d("850"));
    // 850 of 3000 planned: 28.3%.
    assert_eq!((r.planned, r.spent_pct), (Some(d("3000")), Some(d("28.3"))));
    // An item without a planned investment leaves no base for the share.
    let partial = roll_up(&a, [Some(d("2000")), None]);
    assert_eq!((partial.planned, partial.spent_pct), (None, None));
}

proptest! {
    #[test]
    fn a_roll_up_total_is_the_sum_of_its_sources(
        amounts in prop::collection::vec((0i64..1_000_000, 0i64..1_000_000, 0i64..1_000_000), 0..20)
    ) {
        let lines: Vec<FundingLine> = amounts
            .iter()
            .enumerate()
            .map(|(i, (a, b, c))| {
                let mut v = [*a, *b, *c];
                v.sort_unstable();
                FundingLine {
                    source: FundingSource::ALL[i % 5],
                    funds: Funds {
                        raised: Decimal::from_scaled(v[2]),
                        allocated: Decimal::from_scaled(v[1]),
                        spent: Decimal::from_scaled(v[0]),
                    },
                }
            })
            .collect();
        let r = roll_up(&lines, []);
        let spent = r.by_source.values().fold(Decimal::ZERO, |a, f| a.checked_add(f.spent).unwrap_or(a));
        prop_assert_eq!(spent, r.total.spent);
        prop_assert!(r.total.spent <= r.total.allocated && r.total.allocated <= r.total.raised);
    }
}

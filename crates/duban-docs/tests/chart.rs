//! The trajectory chart: one point per month of the plan curve, one dot per approved
//! value with its figure, the target line, Chinese labels escaped, the same bytes twice.

use duban_docs::chart::trajectory_svg;
use duban_domain::Decimal;
use duban_domain::trajectory::{Point, Trajectory};

fn d(s: &str) -> Decimal {
    Decimal::parse(s).expect("decimal")
}

fn teachers() -> Trajectory {
    let plan = (0..=12)
        .map(|m| Point {
            day: if m == 0 {
                1
            } else {
                [31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365][m - 1]
            },
            value: Decimal::from_int(100 * m as i64),
        })
        .collect();
    Trajectory {
        year: 2019,
        days: 365,
        target: Some(d("1200")),
        plan,
        actual: vec![
            Point {
                day: 120,
                value: d("300"),
            },
            Point {
                day: 151,
                value: d("650"),
            },
        ],
        forecast: None,
    }
}

#[test]
fn the_chart_draws_the_plan_the_target_and_each_approved_value() {
    let svg = trajectory_svg(&teachers(), "公开招聘教师<人>", "人", "ind-27");
    assert!(svg.starts_with("<svg "), "{svg}");
    let plan = svg
        .split("<polyline points=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("plan");
    assert_eq!(plan.split(' ').count(), 13, "Jan 1 and twelve month ends");
    assert_eq!(svg.matches("<circle ").count(), 2);
    assert!(svg.contains("<title>650人</title>"));
    assert!(svg.contains("目标1200人"));
    assert!(svg.contains("1月") && svg.contains("12月"));
    assert!(
        svg.contains("公开招聘教师&#60;人&#62;"),
        "the title is escaped: {svg}"
    );
    assert!(!svg.contains("href"), "nothing to fetch");
    assert_eq!(
        svg,
        trajectory_svg(&teachers(), "公开招聘教师<人>", "人", "ind-27")
    );
}

#[test]
fn an_indicator_without_target_or_figures_still_gets_its_axes() {
    let empty = Trajectory {
        year: 2019,
        days: 365,
        target: None,
        plan: Vec::new(),
        actual: Vec::new(),
        forecast: None,
    };
    let svg = trajectory_svg(&empty, "暗访摸底县区", "个", "x");
    assert!(!svg.contains("<polyline") && svg.contains("6月"), "{svg}");
}

#[test]
fn status_bars_draw_one_segment_per_status_present_with_its_count() {
    use duban_docs::chart::{Bar, status_bars_svg};
    let bars = [
        Bar {
            label: "特殊群体关爱服务保障方面".into(),
            parts: vec![
                ("done", "已完成", 1),
                ("on_track", "正常推进", 3),
                ("lagging", "进度滞后", 0),
            ],
        },
        Bar {
            label: "化解中小学大班额、解决教师紧缺和学前幼儿“入园难”方面".into(),
            parts: vec![
                ("done", "已完成", 0),
                ("on_track", "正常推进", 2),
                ("lagging", "进度滞后", 1),
            ],
        },
    ];
    let svg = status_bars_svg(&bars, "各方面实事进度状态", "areas");
    assert_eq!(
        svg.matches("<rect x=").count(),
        4 + 3,
        "4 segments and 3 legend keys"
    );
    assert!(svg.contains("<title>正常推进3项</title>") && svg.contains(">4项</text>"));
    assert!(
        svg.contains("化解中小学大班额、解决教…"),
        "a long label is shortened: {svg}"
    );
}

#[test]
fn the_trend_prints_each_completion_breaks_at_a_period_without_one_and_follows_the_plan() {
    use duban_docs::chart::{Sample, trend_svg};
    let sample = |m: u8, c: Option<&str>, p: &str| Sample {
        cutoff: duban_domain::Date::end_of_month(2019, m).expect("a month"),
        completion: c.map(d),
        planned: Some(d(p)),
    };
    let samples = [
        sample(2, Some("10"), "16.2"),
        sample(3, Some("20"), "24.7"),
        sample(4, None, "32.9"),
        sample(5, Some("61.6"), "41.4"),
    ];
    let svg = trend_svg(2019, &samples, "实事平均完成率走势", "trend");
    let lines: Vec<&str> = svg
        .split("<polyline points=\"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .collect();
    // The plan through all four periods; completion in two runs around April.
    assert_eq!(lines.len(), 3, "{svg}");
    assert_eq!(lines[0].split(' ').count(), 4);
    assert_eq!(lines[1].split(' ').count(), 2);
    assert_eq!(lines[2].split(' ').count(), 1);
    assert_eq!(svg.matches("<circle ").count(), 3);
    assert!(svg.contains(">61.6%</text>") && svg.contains("<title>5月 平均完成率61.6%</title>"));
    assert!(
        svg.contains(">100%</text>") && svg.contains(">0%</text>"),
        "{svg}"
    );
    assert!(svg.contains(">平均完成率</text>") && svg.contains(">计划进度</text>"));
    // 100% is the top level line: y = 30; 61.6% of the 180 high plot is 110.9 up.
    assert!(svg.contains("y1=\"30.0\""));
    assert!(svg.contains("cy=\"99.1\""), "{svg}");
    assert!(!svg.contains("http") && !svg.contains("style"));
    assert_eq!(
        svg,
        trend_svg(2019, &samples, "实事平均完成率走势", "trend")
    );
}

#[test]
fn a_chart_prints_the_words_it_is_given_and_keeps_its_legend_inside() {
    use duban_docs::chart::{Bar, Words, status_bars_svg_in};
    let words = Words {
        part: |label, n| format!("{label}: {n}"),
        total: |n| n.to_string(),
        ..Words::ZH
    };
    let parts = [
        ("done", "Completed"),
        ("on_track", "On track"),
        ("lagging", "Behind schedule"),
        ("seriously_lagging", "Seriously behind"),
        ("not_started", "Not started"),
        ("unassessed", "Not yet assessed"),
    ];
    let bars = [Bar {
        label: "医疗保障方面".into(),
        parts: parts.iter().map(|(c, l)| (*c, *l, 2)).collect(),
    }];
    let svg = status_bars_svg_in(&bars, "Projects by status", "areas", &words);
    assert!(svg.contains("<title>On track: 2</title>") && svg.contains(">12</text>"));
    assert!(!svg.contains('项'), "{svg}");
    // Each legend key is coloured as its status; the keys wrap to stay inside.
    assert!(svg.contains("fill=\"#1f4e96\"/><text"), "{svg}");
    let keys: Vec<(f64, &str, &str)> = svg
        .split("<text x=\"")
        .skip(1)
        .filter(|k| k.contains("dx=\"16\""))
        .map(|k| {
            let x = k.split('"').next().unwrap_or("0").parse().unwrap_or(0.0);
            let y = k.split("y=\"").nth(1).and_then(|r| r.split('"').next());
            let label = k.split('>').nth(1).and_then(|r| r.split('<').next());
            (x, y.unwrap_or(""), label.unwrap_or(""))
        })
        .collect();
    assert_eq!(keys.len(), 6, "{svg}");
    for (x, _, label) in &keys {
        assert!(
            x + 16.0 + 7.0 * label.len() as f64 <= 600.0,
            "{label} at {x}"
        );
    }
    let rows: std::collections::BTreeSet<&str> = keys.iter().map(|k| k.1).collect();
    assert!(rows.len() >= 2, "the English legend wraps: {svg}");
}

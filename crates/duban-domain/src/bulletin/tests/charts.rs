//! The charts' numbers: items by status per area from the ledger, the trend's points,
//! each a derived figure listed with the others.

use super::*;
use crate::trend::TrendPoint;

fn point(id: i64, label: &str, completion: Option<&str>, planned: &str) -> TrendPoint {
    let label = PeriodLabel::parse(label).unwrap();
    TrendPoint {
        period_id: PeriodId(id),
        label,
        cutoff: label.end(),
        completion: completion.map(d),
        planned: Some(d(planned)),
    }
}

/// The seed with March and April before May; May's completion is the ledger's:
/// items 1 (36%) and 3 (87.2%) have one, (36 + 87.2) / 2 = 61.6.
fn with_trend() -> DraftInput {
    let mut i = seed();
    assert_eq!(i.ledger.completion, Some(d("61.6")));
    i.trend = vec![
        point(3, "2019-03", Some("20"), "24.7"),
        point(4, "2019-04", None, "32.9"),
        point(5, "2019-05", Some("61.6"), "41.4"),
    ];
    i
}

#[test]
fn each_area_counts_its_items_by_status_as_the_ledger_judged_them() {
    let b = draft(&with_trend());
    let bars: Vec<(&str, Vec<(Status, u32)>)> = b
        .charts
        .status
        .areas
        .iter()
        .map(|a| {
            let counts = a
                .counts
                .iter()
                .map(|c| (c.status, a.count(c.status)))
                .collect();
            (a.title.as_str(), counts)
        })
        .collect();
    assert_eq!(
        bars,
        [
            ("特殊群体关爱服务保障方面", vec![(Status::OnTrack, 3)]),
            ("扶持就业及社会保障方面", vec![(Status::Unassessed, 1)]),
        ]
    );
    assert_eq!(
        b.charts.status.statuses(),
        [Status::OnTrack, Status::Unassessed]
    );
    let c = &b.charts.status.areas[0].counts[0].count;
    assert_eq!(
        c.source.describe_zh(),
        "计算:台账中特殊群体关爱服务保障方面正常推进的事项:第1、2、3项"
    );
    assert_eq!(b.charts.status.areas[1].count(Status::Done), 0);
}

#[test]
fn the_bars_follow_the_print_order_and_count_omitted_items_too() {
    let mut i = with_trend();
    i.edits.area_order = vec![AreaId(2)];
    i.edits.omit_items = [ItemId(1)].into();
    let b = draft(&i);
    let titles: Vec<&str> = b
        .charts
        .status
        .areas
        .iter()
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(
        titles,
        ["扶持就业及社会保障方面", "特殊群体关爱服务保障方面"]
    );
    assert_eq!(b.charts.status.areas[1].count(Status::OnTrack), 3);
}

#[test]
fn each_period_of_the_trend_is_a_derived_figure_listed_after_the_overview() {
    let b = draft(&with_trend());
    let t = &b.charts.trend;
    assert_eq!((t.title.as_str(), t.year), ("实事平均完成率走势", 2019));
    let shown: Vec<(u8, Option<&str>, Option<&str>)> = t
        .points
        .iter()
        .map(|p| {
            (
                p.label.month,
                p.completion.as_ref().map(|f| f.text.as_str()),
                p.planned.as_ref().map(|f| f.text.as_str()),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (3, Some("20"), Some("24.7")),
            (4, None, Some("32.9")),
            (5, Some("61.6"), Some("41.4"))
        ]
    );
    let may = t.points[2].completion.as_ref().unwrap();
    assert_eq!(may.label, "5月份实事平均完成率(%)");
    assert!(may.is_sourced());
    assert!(
        may.source
            .describe_zh()
            .starts_with("计算:截至5月31日各项实事完成率的平均数")
            && may
                .source
                .describe_zh()
                .ends_with("依据2019-05报告期审定通过的填报数据"),
        "{}",
        may.source.describe_zh()
    );
    // Listed after the overview's figures and before section 一's, where they print.
    let figures = b.figures();
    let locs: Vec<&str> = figures.iter().map(|(l, _)| l.as_str()).collect();
    let first = locs.iter().position(|l| l.starts_with("图表")).unwrap();
    let last = locs.iter().rposition(|l| l.starts_with("图表")).unwrap();
    assert_eq!(
        last - first + 1,
        2 + 5,
        "two bars' counts, five trend values"
    );
    assert!(locs[..first].iter().all(|l| *l == "概述"));
    assert!(locs[last + 1].starts_with("一、"));
    assert_eq!(locs[last], "图表 / 实事平均完成率走势 / 5月");
    assert!(b.can_issue(), "{:?}", b.issue_blockers());
}

#[test]
fn a_bulletin_without_charts_reads_and_writes_its_json_unchanged() {
    let b = draft(&with_trend());
    let json = serde_json::to_string(&b).unwrap();
    assert!(json.contains("\"charts\":{\"status\":"));
    let back: Bulletin = serde_json::from_str(&json).unwrap();
    assert_eq!(back, b);
    assert_eq!(
        serde_json::to_string(&back).unwrap(),
        json,
        "the same bytes"
    );
    // Issued before charts existed: no `charts` in its JSON, and none written back.
    let mut old = b.clone();
    old.charts = Charts::default();
    let old_json = serde_json::to_string(&old).unwrap();
    assert!(!old_json.contains("charts"));
    let read: Bulletin = serde_json::from_str(&old_json).unwrap();
    assert!(read.charts.is_empty());
    assert_eq!(serde_json::to_string(&read).unwrap(), old_json);
}

//! Status (进度状态): computed from a reading, the target and the schedule; never entered
//! by hand except as a reviewer's judgement of a qualitative target.

use serde::{Deserialize, Serialize};

use crate::decimal::Decimal;
use crate::indicator::IndicatorKind;
use crate::plan::Thresholds;
use crate::report::Reading;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 超额完成: above the target.
    Exceeded,
    /// 已完成: the target is reached (a ceiling: kept under it for the whole year).
    Done,
    /// 正常推进
    OnTrack,
    /// 有风险: not behind the schedule yet, but the forecast of the year-end value
    /// misses the target (see `forecast`). Only set where a history is known.
    AtRisk,
    /// 进度滞后: behind the schedule by at least the lagging threshold.
    Lagging,
    /// 严重滞后: behind by more than the serious threshold.
    SeriouslyLagging,
    /// 未启动: nothing done yet.
    NotStarted,
    /// 待评估: no approved figure, or no target to judge it against.
    Unassessed,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Exceeded,
        Status::Done,
        Status::OnTrack,
        Status::AtRisk,
        Status::Lagging,
        Status::SeriouslyLagging,
        Status::NotStarted,
        Status::Unassessed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Exceeded => "exceeded",
            Status::Done => "done",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::Lagging => "lagging",
            Status::SeriouslyLagging => "seriously_lagging",
            Status::NotStarted => "not_started",
            Status::Unassessed => "unassessed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Exceeded => "超额完成",
            Status::Done => "已完成",
            Status::OnTrack => "正常推进",
            Status::AtRisk => "有风险",
            Status::Lagging => "进度滞后",
            Status::SeriouslyLagging => "严重滞后",
            Status::NotStarted => "未启动",
            Status::Unassessed => "待评估",
        }
    }

    pub fn is_done(self) -> bool {
        matches!(self, Status::Exceeded | Status::Done)
    }

    /// Higher is worse; used to pick an item's status from its indicators.
    fn severity(self) -> u8 {
        match self {
            Status::Exceeded => 0,
            Status::Done => 1,
            Status::OnTrack => 2,
            Status::NotStarted => 3,
            // Worse than not started: a started item whose pace will not reach the
            // target must not read as on track when another part has not started.
            Status::AtRisk => 4,
            Status::Lagging => 5,
            Status::SeriouslyLagging => 6,
            Status::Unassessed => 0,
        }
    }
}

/// Where a figure stands: its value against its target and the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub value: Option<Decimal>,
    pub target: Option<Decimal>,
    /// Value ÷ target in percent (from the baseline when one is set), one decimal.
    /// Never given for ceilings and qualitative targets.
    pub completion: Option<Decimal>,
    /// The share of the target the plan curve expects by the cut-off, percent.
    pub schedule: Option<Decimal>,
    pub status: Status,
}

/// What a status is judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judge {
    pub thresholds: Thresholds,
    /// The cut-off is the year's last day: a ceiling kept is then done.
    pub year_end: bool,
}

/// Judges one reading of an indicator of `kind`.
pub fn assess(
    kind: IndicatorKind,
    reading: Option<Reading>,
    target: Option<Decimal>,
    baseline: Option<Decimal>,
    schedule: Option<Decimal>,
    judge: Judge,
) -> Progress {
    let mut p = Progress {
        value: reading.and_then(Reading::as_number),
        target,
        completion: None,
        schedule,
        status: Status::Unassessed,
    };
    let Some(reading) = reading else { return p };
    match (kind, reading) {
        (_, Reading::Assessment(s)) => p.status = s,
        (IndicatorKind::Ceiling, Reading::Value(v)) => {
            if let Some(t) = target {
                p.status = match (v <= t, judge.year_end) {
                    (true, true) => Status::Done,
                    (true, false) => Status::OnTrack,
                    (false, _) => Status::Lagging,
                };
            }
        }
        (_, r) => {
            let (Some(v), Some(t)) = (r.as_number(), target) else {
                return p;
            };
            let b = baseline.unwrap_or(Decimal::ZERO);
            let (Some(done), Some(span)) = (v.checked_sub(b), t.checked_sub(b)) else {
                return p;
            };
            let Some(exact) = done.percent_of(span, 4) else {
                return p;
            };
            p.completion = Some(exact.round(1));
            p.status = if v > t {
                Status::Exceeded
            } else if v == t {
                Status::Done
            } else if v <= b {
                Status::NotStarted
            } else {
                behind(exact, schedule, judge.thresholds)
            };
        }
    }
    p
}

/// On track, lagging or seriously lagging by the points behind the schedule.
pub fn behind(completion: Decimal, schedule: Option<Decimal>, th: Thresholds) -> Status {
    let Some(s) = schedule else {
        return Status::OnTrack;
    };
    let gap = s.checked_sub(completion).unwrap_or(Decimal::ZERO);
    if gap < th.lagging {
        Status::OnTrack
    } else if gap <= th.serious {
        Status::Lagging
    } else {
        Status::SeriouslyLagging
    }
}

/// An item's (or any group's) status from the statuses of its parts: done only when
/// every part is judged done (a part without a target cannot vouch for the whole), not
/// started when none has started, else the worst of the judged parts. With no part
/// judged, the whole is not judged either.
pub fn combine(parts: impl IntoIterator<Item = Status>) -> Status {
    let parts: Vec<Status> = parts.into_iter().collect();
    let parts_len = parts.len();
    let judged: Vec<Status> = parts
        .into_iter()
        .filter(|s| *s != Status::Unassessed)
        .collect();
    if judged.is_empty() {
        return Status::Unassessed;
    }
    let all_judged = judged.len() == parts_len;
    if all_judged && judged.iter().all(|s| s.is_done()) {
        return if judged.iter().all(|s| *s == Status::Exceeded) {
            Status::Exceeded
        } else {
            Status::Done
        };
    }
    if judged.iter().all(|s| *s == Status::NotStarted) {
        return Status::NotStarted;
    }
    let worst = judged
        .iter()
        .copied()
        .max_by_key(|s| s.severity())
        .unwrap_or(Status::OnTrack);
    // Some parts started: the whole has started, so "not started" reads as on track.
    if worst == Status::NotStarted || worst.is_done() {
        Status::OnTrack
    } else {
        worst
    }
}

/// The most severe of the judged statuses (unassessed only when none is judged): a
/// region's standing on an item in the cockpit's grid, over the item's indicators.
pub fn worst(parts: impl IntoIterator<Item = Status>) -> Status {
    parts
        .into_iter()
        .filter(|s| *s != Status::Unassessed)
        .max_by_key(|s| s.severity())
        .unwrap_or(Status::Unassessed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    fn judge() -> Judge {
        Judge {
            thresholds: Thresholds::default(),
            year_end: false,
        }
    }

    fn value(v: &str, t: &str, schedule: &str) -> Progress {
        assess(
            IndicatorKind::Cumulative,
            Some(Reading::Value(d(v))),
            Some(d(t)),
            None,
            Some(d(schedule)),
            judge(),
        )
    }

    #[test]
    fn the_seeds_57_hospitals_are_81_point_4_percent_and_on_track() {
        // 57 of 70 by the end of May, when 41.4% of the year has passed.
        let p = value("57", "70", "41.4");
        assert_eq!(p.completion, Some(d("81.4")));
        assert_eq!(p.status, Status::OnTrack);
    }

    #[test]
    fn ten_to_thirty_points_behind_is_lagging_and_more_is_serious() {
        assert_eq!(value("31", "100", "41").status, Status::Lagging);
        assert_eq!(value("11", "100", "41").status, Status::Lagging);
        assert_eq!(value("10", "100", "41").status, Status::SeriouslyLagging);
        assert_eq!(value("32", "100", "41").status, Status::OnTrack);
        assert_eq!(value("0", "100", "41").status, Status::NotStarted);
        assert_eq!(value("100", "100", "41").status, Status::Done);
        assert_eq!(value("101", "100", "41").status, Status::Exceeded);
    }

    #[test]
    fn a_ceiling_is_met_at_or_under_it_and_never_gets_a_ratio() {
        let c = |v: &str, year_end| {
            assess(
                IndicatorKind::Ceiling,
                Some(Reading::Value(d(v))),
                Some(d("4.3")),
                None,
                None,
                Judge {
                    year_end,
                    ..judge()
                },
            )
        };
        assert_eq!(c("4.3", false).status, Status::OnTrack);
        assert_eq!(c("4.3", true).status, Status::Done);
        assert_eq!(c("4.4", true).status, Status::Lagging);
        assert_eq!(c("4.0", true).completion, None);
    }

    #[test]
    fn completion_counts_from_the_baseline() {
        // 150 diseases at the start, 300 wanted, 225 reached: half way.
        let p = assess(
            IndicatorKind::Cumulative,
            Some(Reading::Value(d("225"))),
            Some(d("300")),
            Some(d("150")),
            Some(d("50")),
            judge(),
        );
        assert_eq!(p.completion, Some(d("50")));
        assert_eq!(p.status, Status::OnTrack);
    }

    #[test]
    fn without_a_target_or_a_reading_nothing_is_judged() {
        let p = assess(
            IndicatorKind::Cumulative,
            Some(Reading::Value(d("3.5"))),
            None,
            None,
            Some(d("41.4")),
            judge(),
        );
        assert_eq!(
            (p.value, p.completion, p.status),
            (Some(d("3.5")), None, Status::Unassessed)
        );
        let p = assess(
            IndicatorKind::Rate,
            None,
            Some(d("100")),
            None,
            None,
            judge(),
        );
        assert_eq!(p.status, Status::Unassessed);
    }

    #[test]
    fn an_item_is_as_late_as_its_latest_indicator() {
        use Status::*;
        assert_eq!(combine([Done, Lagging, OnTrack]), Lagging);
        assert_eq!(combine([Done, Exceeded]), Done);
        assert_eq!(combine([Exceeded, Exceeded]), Exceeded);
        assert_eq!(combine([NotStarted, NotStarted, Unassessed]), NotStarted);
        // 改厕 done, 电网 35% with no target: the item is not done.
        assert_eq!(combine([Done, Unassessed]), OnTrack);
        assert_eq!(combine([NotStarted, Done]), OnTrack);
        assert_eq!(combine([Unassessed]), Unassessed);
        assert_eq!(combine([Lagging, SeriouslyLagging]), SeriouslyLagging);
    }

    fn any_status() -> impl Strategy<Value = Status> {
        proptest::sample::select(Status::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn more_progress_never_makes_the_status_worse(
            a in 0i64..2_000_000, b in 0i64..2_000_000, t in 1i64..1_000_000, s in 0i64..1_000_000
        ) {
            let (lo, hi) = (a.min(b), a.max(b));
            let p = |v: i64| value(&Decimal::from_scaled(v).to_string(), &Decimal::from_scaled(t).to_string(),
                &Decimal::from_scaled(s).to_string());
            prop_assert!(p(hi).status.severity() <= p(lo).status.severity() || p(lo).status == Status::NotStarted
                || p(hi).status.is_done());
            prop_assert!(p(hi).completion >= p(lo).completion);
        }

        #[test]
        fn combined_status_is_done_only_when_every_part_is_judged_done(parts in proptest::collection::vec(any_status(), 1..8)) {
            let c = combine(parts.clone());
            let judged: Vec<_> = parts.iter().filter(|s| **s != Status::Unassessed).collect();
            prop_assert_eq!(c.is_done(), judged.len() == parts.len() && judged.iter().all(|s| s.is_done()));
            prop_assert_eq!(c == Status::Unassessed, judged.is_empty());
        }

        #[test]
        fn a_ceiling_kept_is_never_lagging(v in 0i64..100_000, t in 0i64..100_000) {
            let p = assess(IndicatorKind::Ceiling, Some(Reading::Value(Decimal::from_scaled(v))),
                Some(Decimal::from_scaled(t)), None, None, judge());
            prop_assert_eq!(p.status == Status::Lagging, v > t);
        }
    }
}

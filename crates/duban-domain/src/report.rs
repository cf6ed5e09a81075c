//! Progress reports (进展填报): one unit's figures for one item and one period.

use serde::{Deserialize, Serialize};

use crate::decimal::Decimal;
use crate::error::{FieldError, Invalid};
use crate::ids::{IndicatorId, UnitId};
use crate::indicator::{Indicator, IndicatorKind};
use crate::status::Status;

/// Where a report is in its review. Only approved figures count anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    Draft,
    Submitted,
    /// Reviewed and passed by the lead unit, waiting for the office.
    Reviewed,
    Approved,
    /// Sent back with a comment; the reporter edits and submits again.
    Returned,
}

impl ReportState {
    pub const ALL: [ReportState; 5] = [
        ReportState::Draft,
        ReportState::Submitted,
        ReportState::Reviewed,
        ReportState::Approved,
        ReportState::Returned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportState::Draft => "draft",
            ReportState::Submitted => "submitted",
            ReportState::Reviewed => "reviewed",
            ReportState::Approved => "approved",
            ReportState::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<ReportState> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The reporter may change the figures only while the report is with them.
    pub fn is_editable(self) -> bool {
        matches!(self, ReportState::Draft | ReportState::Returned)
    }
}

/// A step of the review (闭环): the reporter submits, the lead unit's reviewer reviews,
/// the office approves; either reviewer may return it with a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewAction {
    Submit,
    Review,
    Approve,
    Return,
}

impl ReviewAction {
    pub const ALL: [ReviewAction; 4] = [
        ReviewAction::Submit,
        ReviewAction::Review,
        ReviewAction::Approve,
        ReviewAction::Return,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewAction::Submit => "submit",
            ReviewAction::Review => "review",
            ReviewAction::Approve => "approve",
            ReviewAction::Return => "return",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ReviewAction::Submit => "报送",
            ReviewAction::Review => "审核",
            ReviewAction::Approve => "确认通过",
            ReviewAction::Return => "退回",
        }
    }

    /// The participle for messages: "cannot be reviewed".
    pub fn done_en(self) -> &'static str {
        match self {
            ReviewAction::Submit => "submitted",
            ReviewAction::Review => "reviewed",
            ReviewAction::Approve => "approved",
            ReviewAction::Return => "returned",
        }
    }

    /// The state a report in `from` moves to, or None when the step is not allowed
    /// there: no step can be skipped. Returning an approved report opens a correction;
    /// its approved version counts until a new one is approved.
    pub fn next(self, from: ReportState) -> Option<ReportState> {
        use ReportState::*;
        match (self, from) {
            (ReviewAction::Submit, Draft | Returned) => Some(Submitted),
            (ReviewAction::Review, Submitted) => Some(Reviewed),
            (ReviewAction::Approve, Reviewed) => Some(Approved),
            (ReviewAction::Return, Submitted | Reviewed | Approved) => Some(Returned),
            _ => None,
        }
    }
}

/// One reported reading of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A cumulative count or amount, a rate, a value under a ceiling.
    Value(Decimal),
    /// The position of the stage reached in the indicator's stage list.
    Stage(usize),
    /// A reviewer's judgement of a qualitative target.
    Assessment(Status),
}

impl Reading {
    /// The reading as a number for comparisons: a stage counts by its position.
    pub fn as_number(self) -> Option<Decimal> {
        match self {
            Reading::Value(v) => Some(v),
            Reading::Stage(i) => Some(Decimal::from_int(i as i64)),
            Reading::Assessment(_) => None,
        }
    }
}

/// One figure of a report: an indicator's reading for the whole city (region none)
/// or for one region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub indicator_id: IndicatorId,
    pub region_id: Option<UnitId>,
    pub reading: Reading,
}

/// A figure as a client sends it.
#[derive(Debug, Clone, Default)]
pub struct FigureInput<'a> {
    pub indicator_id: IndicatorId,
    pub region_id: Option<UnitId>,
    pub value: Option<Decimal>,
    pub stage: Option<&'a str>,
    pub assessment: Option<&'a str>,
}

/// Qualitative judgements a reviewer may give.
pub const ASSESSMENTS: [Status; 5] = [
    Status::Done,
    Status::OnTrack,
    Status::Lagging,
    Status::SeriouslyLagging,
    Status::NotStarted,
];

impl Figure {
    /// Parses a figure against its indicator: a number for numeric kinds, a stage of
    /// the indicator's list, an assessment for qualitative ones, and only regions the
    /// indicator is decomposed over.
    pub fn parse(ind: &Indicator, f: &FigureInput<'_>) -> Result<Figure, Invalid> {
        let mut bad = Invalid::default();
        if let Some(r) = f.region_id
            && !ind.has_region(r)
        {
            bad.push(FieldError::new(
                "region_id",
                "region_not_in_indicator",
                format!("指标“{}”未分解到该区域", ind.name),
                format!("indicator {} is not decomposed over region {r}", ind.id),
            ));
        }
        let extra = |f: &str| {
            FieldError::new(
                f,
                "not_applicable",
                "该类指标不填此项",
                "not used by this kind of indicator",
            )
        };
        let reading = match ind.kind {
            IndicatorKind::Cumulative | IndicatorKind::Ceiling | IndicatorKind::Rate => {
                if f.stage.is_some() {
                    bad.push(extra("stage"));
                }
                if f.assessment.is_some() {
                    bad.push(extra("assessment"));
                }
                match f.value {
                    Some(v) if v < Decimal::ZERO => {
                        bad.push(FieldError::new(
                            "value",
                            "negative",
                            "不能为负数",
                            "must not be negative",
                        ));
                        None
                    }
                    Some(v) => Some(Reading::Value(v)),
                    None => {
                        bad.push(FieldError::new(
                            "value",
                            "required",
                            "请填写数值",
                            "a value is required",
                        ));
                        None
                    }
                }
            }
            IndicatorKind::Stage => {
                if f.value.is_some() {
                    bad.push(extra("value"));
                }
                match f.stage.map(|s| (s, ind.stage_index(s.trim()))) {
                    Some((_, Some(i))) => Some(Reading::Stage(i)),
                    Some((s, None)) => {
                        bad.push(FieldError::new(
                            "stage",
                            "unknown_stage",
                            format!("阶段“{s}”不在该指标的阶段列表中:{}", ind.stages.join("、")),
                            format!("stage is not one of: {}", ind.stages.join(", ")),
                        ));
                        None
                    }
                    None => {
                        bad.push(FieldError::new(
                            "stage",
                            "required",
                            "请选择阶段",
                            "a stage is required",
                        ));
                        None
                    }
                }
            }
            IndicatorKind::Qualitative => {
                if f.value.is_some() {
                    bad.push(extra("value"));
                }
                match f.assessment.map(|a| (a, Status::parse(a))) {
                    Some((_, Some(s))) if ASSESSMENTS.contains(&s) => Some(Reading::Assessment(s)),
                    Some(_) => {
                        bad.push(FieldError::new(
                            "assessment",
                            "unknown_assessment",
                            "评价须为 done、on_track、lagging、seriously_lagging、not_started 之一",
                            "assessment must be one of done, on_track, lagging, seriously_lagging, not_started",
                        ));
                        None
                    }
                    None => {
                        bad.push(FieldError::new(
                            "assessment",
                            "required",
                            "请给出评价",
                            "an assessment is required",
                        ));
                        None
                    }
                }
            }
        };
        match reading {
            Some(reading) if bad.is_empty() => Ok(Figure {
                indicator_id: ind.id,
                region_id: f.region_id,
                reading,
            }),
            _ => Err(bad),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_step_of_the_review_can_be_skipped() {
        use ReportState::*;
        use ReviewAction::*;
        assert_eq!(Submit.next(Draft), Some(Submitted));
        assert_eq!(Review.next(Submitted), Some(Reviewed));
        assert_eq!(Approve.next(Reviewed), Some(Approved));
        assert_eq!(Approve.next(Submitted), None, "the lead unit reviews first");
        assert_eq!(Review.next(Draft), None);
        assert_eq!(Return.next(Approved), Some(Returned));
        assert_eq!(Submit.next(Returned), Some(Submitted));
        // From every state, the only way to approved is through reviewed.
        for from in ReportState::ALL {
            for a in ReviewAction::ALL {
                if a.next(from) == Some(Approved) {
                    assert_eq!((a, from), (Approve, Reviewed));
                }
            }
        }
    }
}

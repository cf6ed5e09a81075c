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

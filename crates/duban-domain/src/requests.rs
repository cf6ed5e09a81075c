//! Requests the office decides on. Once a plan is approved its targets are locked: a
//! change of target, baseline, regional split or quarterly plan is a 目标调整申请 with a
//! reason. Once a period is closed its reports are frozen: fixing one is a 更正申请.
//! Either keeps what was there before.

use serde::{Deserialize, Serialize};

use crate::decimal::Decimal;
use crate::error::{FieldError, Invalid};
use crate::ids::{IndicatorId, ReportId, UserId};
use crate::indicator::{Indicator, IndicatorFields, IndicatorInput, QuarterlyPlan, RegionTarget};
use crate::text;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Pending,
    /// Granted. For a correction: the report is open to be corrected.
    Approved,
    Rejected,
    /// A correction whose corrected version has been approved.
    Done,
}

impl RequestState {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Pending => "pending",
            RequestState::Approved => "approved",
            RequestState::Rejected => "rejected",
            RequestState::Done => "done",
        }
    }

    pub fn parse(s: &str) -> Option<RequestState> {
        [
            RequestState::Pending,
            RequestState::Approved,
            RequestState::Rejected,
            RequestState::Done,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            RequestState::Pending => "待审批",
            RequestState::Approved => "已批准",
            RequestState::Rejected => "未批准",
            RequestState::Done => "已完成",
        }
    }
}

/// An indicator's target fields: what a target change may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetSet {
    pub target: Option<Decimal>,
    pub baseline: Option<Decimal>,
    pub regions: Vec<RegionTarget>,
    pub quarterly: Option<QuarterlyPlan>,
}

impl TargetSet {
    pub fn of(ind: &Indicator) -> TargetSet {
        TargetSet {
            target: ind.target,
            baseline: ind.baseline,
            regions: ind.regions.clone(),
            quarterly: ind.quarterly,
        }
    }
}

/// The target fields a request proposes; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct TargetProposal {
    pub target: Option<Decimal>,
    pub baseline: Option<Decimal>,
    pub regions: Option<Vec<RegionTarget>>,
    pub quarterly: Option<[Decimal; 4]>,
}

/// Checks a proposal against the indicator as it is: the result must be a valid
/// indicator (the same rules as when it was made: regions adding up, a rising
/// quarterly plan…), must differ from now, and needs a reason.
pub fn propose(
    current: &Indicator,
    p: &TargetProposal,
    reason: &str,
) -> Result<(TargetSet, String), Invalid> {
    let mut bad = Invalid::default();
    let reason = bad.take(text::required("reason", reason, 1000));
    let input = IndicatorInput {
        seq: current.seq,
        name: &current.name,
        kind: current.kind.as_str(),
        unit: Some(&current.unit),
        target: p.target.or(current.target),
        baseline: p.baseline.or(current.baseline),
        decimals: Some(i64::from(current.decimals)),
        stages: Some(current.stages.clone()),
        regions: p.regions.clone().unwrap_or_else(|| current.regions.clone()),
        quarterly: p.quarterly.or(current.quarterly.map(|q| q.0)),
    };
    let fields: Option<IndicatorFields> = match IndicatorFields::parse(input) {
        Ok(f) => Some(f),
        Err(e) => {
            bad.0.extend(e.0);
            None
        }
    };
    let after = fields.map(|f| TargetSet {
        target: f.target,
        baseline: f.baseline,
        regions: f.regions,
        quarterly: f.quarterly,
    });
    if after.as_ref() == Some(&TargetSet::of(current)) {
        bad.push(FieldError::new(
            "target",
            "no_change",
            "调整后的目标与现行目标相同",
            "the proposal changes nothing",
        ));
    }
    match (after, reason) {
        (Some(after), Some(reason)) if bad.is_empty() => Ok((after, reason)),
        _ => Err(bad),
    }
}

/// A target change request (目标调整申请).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetChange {
    pub id: i64,
    pub indicator_id: IndicatorId,
    pub reason: String,
    pub before: TargetSet,
    pub after: TargetSet,
    pub state: RequestState,
    pub requested_by: UserId,
    pub requested_at: i64,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<i64>,
    pub decision_note: Option<String>,
}

/// A correction request (更正申请) on a report of a closed period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub id: i64,
    pub report_id: ReportId,
    pub reason: String,
    pub state: RequestState,
    pub requested_by: UserId,
    pub requested_at: i64,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<i64>,
    pub decision_note: Option<String>,
    pub done_at: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{ItemId, UnitId};
    use crate::indicator::IndicatorKind;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    fn roads() -> Indicator {
        Indicator {
            id: IndicatorId(4),
            item_id: ItemId(3),
            seq: 1,
            name: "新建改造农村公路".into(),
            kind: IndicatorKind::Cumulative,
            unit: "公里".into(),
            target: Some(d("1000")),
            baseline: None,
            decimals: 1,
            stages: vec![],
            regions: vec![
                RegionTarget {
                    region_id: UnitId(7),
                    target: Some(d("600")),
                },
                RegionTarget {
                    region_id: UnitId(8),
                    target: Some(d("400")),
                },
            ],
            quarterly: None,
        }
    }

    #[test]
    fn a_proposal_keeps_what_it_does_not_name_and_needs_a_reason() {
        let p = TargetProposal {
            target: Some(d("1200")),
            regions: Some(vec![
                RegionTarget {
                    region_id: UnitId(7),
                    target: Some(d("700")),
                },
                RegionTarget {
                    region_id: UnitId(8),
                    target: Some(d("500")),
                },
            ]),
            ..TargetProposal::default()
        };
        let (after, reason) = propose(&roads(), &p, "省里追加任务").unwrap();
        assert_eq!(after.target, Some(d("1200")));
        assert_eq!(reason, "省里追加任务");
        let err = propose(&roads(), &p, " ").unwrap_err();
        assert_eq!(err.0[0].field, "reason");
    }

    #[test]
    fn a_proposal_must_change_something_and_stay_a_valid_indicator() {
        let same = TargetProposal {
            target: Some(d("1000")),
            ..TargetProposal::default()
        };
        let err = propose(&roads(), &same, "核减").unwrap_err();
        assert_eq!(err.0[0].code, "no_change");
        // The regions no longer add up to the new total.
        let unbalanced = TargetProposal {
            target: Some(d("1200")),
            ..TargetProposal::default()
        };
        assert!(propose(&roads(), &unbalanced, "追加").is_err());
    }
}

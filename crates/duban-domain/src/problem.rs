//! Problems (问题) and their rectification (整改): a finding with an owner unit and a
//! deadline, closed (销号) only once the office has verified the rectification.

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// Where a problem stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemState {
    /// 待整改: raised, the owner has not started.
    Open,
    /// 整改中
    Rectifying,
    /// 已整改: the owner reports the measures taken, for the office to verify.
    Rectified,
    /// 已核实: the office has checked the rectification.
    Verified,
    /// 已销号
    Closed,
}

impl ProblemState {
    pub const ALL: [ProblemState; 5] = [
        ProblemState::Open,
        ProblemState::Rectifying,
        ProblemState::Rectified,
        ProblemState::Verified,
        ProblemState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemState::Open => "open",
            ProblemState::Rectifying => "rectifying",
            ProblemState::Rectified => "rectified",
            ProblemState::Verified => "verified",
            ProblemState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<ProblemState> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ProblemState::Open => "待整改",
            ProblemState::Rectifying => "整改中",
            ProblemState::Rectified => "已整改待核实",
            ProblemState::Verified => "已核实",
            ProblemState::Closed => "已销号",
        }
    }

    /// Still the owner's to finish: counts as overdue once the deadline passes.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            ProblemState::Open | ProblemState::Rectifying | ProblemState::Rectified
        )
    }
}

/// Where a problem came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemSource {
    /// Found by the office (督查发现).
    Office,
    /// Met by a unit and written in its report.
    Report,
    /// A public objection to a published figure.
    Objection,
}

impl ProblemSource {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemSource::Office => "office",
            ProblemSource::Report => "report",
            ProblemSource::Objection => "objection",
        }
    }

    pub fn parse(s: &str) -> Option<ProblemSource> {
        [
            ProblemSource::Office,
            ProblemSource::Report,
            ProblemSource::Objection,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// A step of rectification and who takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemAction {
    /// The owner starts rectifying.
    Start,
    /// The owner reports it rectified, with the measures taken.
    Rectify,
    /// The office checks the rectification and accepts it.
    Verify,
    /// The office finds the rectification wanting: back to rectifying.
    Reject,
    /// The office closes a verified problem (销号).
    Close,
    /// The office reopens a verified or closed problem.
    Reopen,
}

impl ProblemAction {
    pub const ALL: [ProblemAction; 6] = [
        ProblemAction::Start,
        ProblemAction::Rectify,
        ProblemAction::Verify,
        ProblemAction::Reject,
        ProblemAction::Close,
        ProblemAction::Reopen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemAction::Start => "start",
            ProblemAction::Rectify => "rectify",
            ProblemAction::Verify => "verify",
            ProblemAction::Reject => "reject",
            ProblemAction::Close => "close",
            ProblemAction::Reopen => "reopen",
        }
    }

    pub fn parse(s: &str) -> Option<ProblemAction> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ProblemAction::Start => "开始整改",
            ProblemAction::Rectify => "报告整改完成",
            ProblemAction::Verify => "核实",
            ProblemAction::Reject => "核实未通过",
            ProblemAction::Close => "销号",
            ProblemAction::Reopen => "重新打开",
        }
    }

    /// The owner unit takes this step (else the office does).
    pub fn by_owner(self) -> bool {
        matches!(self, ProblemAction::Start | ProblemAction::Rectify)
    }

    /// The step needs a note: the measures taken, or why it is rejected or reopened.
    pub fn needs_note(self) -> bool {
        matches!(
            self,
            ProblemAction::Rectify | ProblemAction::Reject | ProblemAction::Reopen
        )
    }

    /// The state a problem in `from` moves to; None when the step is not allowed there.
    pub fn next(self, from: ProblemState) -> Option<ProblemState> {
        use ProblemState::*;
        match (self, from) {
            (ProblemAction::Start, Open) => Some(Rectifying),
            (ProblemAction::Rectify, Open | Rectifying) => Some(Rectified),
            (ProblemAction::Verify, Rectified) => Some(Verified),
            (ProblemAction::Reject, Rectified) => Some(Rectifying),
            (ProblemAction::Close, Verified) => Some(Closed),
            (ProblemAction::Reopen, Verified | Closed) => Some(Open),
            _ => None,
        }
    }
}

/// Overdue: still pending after its deadline.
pub fn is_overdue(state: ProblemState, deadline: Date, today: Date) -> bool {
    state.is_pending() && today > deadline
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProblemAction::*;
    use ProblemState::*;

    #[test]
    fn a_problem_is_closed_only_after_the_office_verified_its_rectification() {
        let path = [Start, Rectify, Verify, Close];
        let mut s = Open;
        for a in path {
            s = a.next(s).unwrap_or_else(|| panic!("{a:?} from {s:?}"));
        }
        assert_eq!(s, Closed);
        assert_eq!(Close.next(Rectified), None, "no 销号 before verification");
        assert_eq!(Verify.next(Rectifying), None);
        assert_eq!(Reject.next(Rectified), Some(Rectifying));
        assert_eq!(Reopen.next(Closed), Some(Open));
        // From every state, the only way to closed is through verified.
        for from in ProblemState::ALL {
            for a in ProblemAction::ALL {
                if a.next(from) == Some(Closed) {
                    assert_eq!((a, from), (Close, Verified));
                }
            }
        }
    }

    #[test]
    fn only_pending_problems_go_overdue() {
        let d = |s| Date::parse(s).unwrap();
        assert!(is_overdue(Rectifying, d("2019-06-30"), d("2019-07-01")));
        assert!(!is_overdue(Rectifying, d("2019-06-30"), d("2019-06-30")));
        assert!(!is_overdue(Verified, d("2019-06-30"), d("2019-07-01")));
    }
}

/// A problem as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub id: crate::ids::ProblemId,
    pub plan_id: crate::ids::PlanId,
    /// The item it concerns, if one.
    pub item_id: Option<crate::ids::ItemId>,
    /// The unit that must rectify it.
    pub owner_unit_id: crate::ids::UnitId,
    pub title: String,
    pub description: String,
    pub deadline: Date,
    pub source: ProblemSource,
    /// The report it was raised from, when its source is a report.
    pub report_id: Option<crate::ids::ReportId>,
    pub state: ProblemState,
    /// The measures taken, as the owner last reported them.
    pub measures: Option<String>,
}

/// The fields of a problem the office sets, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemFields {
    pub item_id: Option<crate::ids::ItemId>,
    pub owner_unit_id: crate::ids::UnitId,
    pub title: String,
    pub description: String,
    pub deadline: Date,
    pub source: ProblemSource,
    pub report_id: Option<crate::ids::ReportId>,
}

/// Raw problem input.
#[derive(Debug, Clone, Default)]
pub struct ProblemInput<'a> {
    pub item_id: Option<i64>,
    pub owner_unit_id: i64,
    pub title: &'a str,
    pub description: &'a str,
    pub deadline: &'a str,
    pub source: Option<&'a str>,
    pub report_id: Option<i64>,
}

impl ProblemFields {
    pub fn parse(i: ProblemInput<'_>) -> Result<ProblemFields, crate::Invalid> {
        use crate::FieldError;
        let mut bad = crate::Invalid::default();
        let title = bad.take(crate::text::required("title", i.title, 200));
        let description = bad.take(crate::text::required("description", i.description, 5000));
        let deadline = Date::parse(i.deadline);
        if deadline.is_none() {
            bad.push(FieldError::new(
                "deadline",
                "invalid_date",
                "整改期限须为 YYYY-MM-DD 格式的日期",
                "deadline must be a date YYYY-MM-DD",
            ));
        }
        let source = match i.source {
            None => Some(ProblemSource::Office),
            Some(s) => ProblemSource::parse(s),
        };
        if source.is_none() {
            bad.push(FieldError::new(
                "source",
                "unknown_source",
                "来源须为 office、report、objection 之一",
                "source must be one of office, report, objection",
            ));
        }
        if source == Some(ProblemSource::Report) && i.report_id.is_none() {
            bad.push(FieldError::new(
                "report_id",
                "required",
                "来源为填报时须指明填报",
                "a problem from a report names the report",
            ));
        }
        match (title, description, deadline, source) {
            (Some(title), Some(description), Some(deadline), Some(source)) if bad.is_empty() => {
                Ok(ProblemFields {
                    item_id: i.item_id.map(crate::ids::ItemId),
                    owner_unit_id: crate::ids::UnitId(i.owner_unit_id),
                    title,
                    description,
                    deadline,
                    source,
                    report_id: i.report_id.map(crate::ids::ReportId),
                })
            }
            _ => Err(bad),
        }
    }
}

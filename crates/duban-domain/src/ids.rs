//! Typed ids, so an item id is never passed where a unit id is wanted.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$m:meta])* $name:ident),* $(,)?) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A unit: a department, a region (县区, 市本级 included), the office.
    UnitId,
    /// A person's account.
    UserId,
    /// A year's plan (年度计划).
    PlanId,
    /// An area (方面) of a plan.
    AreaId,
    /// An item (实事) of a plan.
    ItemId,
    /// An indicator (指标) of an item.
    IndicatorId,
    /// A reporting period (报告期).
    PeriodId,
    /// A progress report (进展填报): one unit, one item, one period.
    ReportId,
    /// A problem found (问题), tracked until rectified and closed.
    ProblemId,
    /// An evidence file (佐证材料) of a report or of a problem's rectification.
    EvidenceId,
);

//! What an evaluation reads, gathered per subject: the units that answer for a plan
//! (departments for the indicators of the items they lead, regions for their shares),
//! with their reports, problems and the evaluators' entries for one period.

use std::collections::BTreeMap;

use crate::date::Date;
use crate::decimal::Decimal;
use crate::duty::duties;
use crate::ids::{ItemId, UnitId};
use crate::indicator::Indicator;
use crate::ledger::Ledger;
use crate::plan::Item;
use crate::unit::{Unit, UnitKind};

use super::Facts;

/// One unit's report on one item for the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportFact {
    pub unit_id: UnitId,
    pub item_id: ItemId,
    /// The Beijing day it was first submitted; None while never submitted.
    pub submitted_on: Option<Date>,
    /// Its latest submitted version keeps a consistency warning.
    pub kept_warning: bool,
}

/// A problem owned by a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProblemFact {
    pub owner: UnitId,
    pub deadline: Date,
    /// The Beijing day it was first reported rectified.
    pub rectified_on: Option<Date>,
}

/// What an evaluator entered for a subject.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    pub third_party: Option<Decimal>,
    pub satisfaction: Option<Decimal>,
}

/// The plan at the period's cut-off, as the evaluation reads it.
pub struct Source<'a> {
    pub units: &'a [Unit],
    pub items: &'a [Item],
    pub indicators: &'a [Indicator],
    pub ledger: &'a Ledger,
    pub cutoff: Date,
    pub deadline: Date,
}

/// Which league a subject plays in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum League {
    /// 市直部门
    Units,
    /// 县区
    Regions,
}

impl League {
    pub fn as_str(self) -> &'static str {
        match self {
            League::Units => "units",
            League::Regions => "regions",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            League::Units => "市直部门",
            League::Regions => "县区",
        }
    }
}

/// The facts of every active department and region that owes anything in the plan,
/// in unit order.
pub fn gather(
    src: &Source<'_>,
    reports: &[ReportFact],
    problems: &[ProblemFact],
    entries: &BTreeMap<UnitId, Entry>,
) -> Vec<(League, UnitId, Facts)> {
    let mut out = Vec::new();
    for unit in src.units.iter().filter(|u| u.active) {
        let league = match unit.kind {
            UnitKind::Department => League::Units,
            UnitKind::Region => League::Regions,
            _ => continue,
        };
        let owed = duties(unit.id, src.items, src.indicators);
        if owed.is_empty() {
            continue;
        }
        let mut f = Facts {
            progress: progress_of(src, unit.id, league),
            reports_due: owed.len() as u32,
            ..Facts::default()
        };
        for d in &owed {
            let r = reports
                .iter()
                .find(|r| r.unit_id == unit.id && r.item_id == d.item_id);
            let Some(on) = r.and_then(|r| r.submitted_on) else {
                continue;
            };
            f.reports_submitted += 1;
            f.reports_on_time += u32::from(on <= src.deadline);
            f.reports_with_warnings += u32::from(r.is_some_and(|r| r.kept_warning));
        }
        for p in problems
            .iter()
            .filter(|p| p.owner == unit.id && p.deadline <= src.cutoff)
        {
            f.problems_due += 1;
            f.problems_rectified_on_time +=
                u32::from(p.rectified_on.is_some_and(|d| d <= p.deadline));
        }
        let entry = entries.get(&unit.id).cloned().unwrap_or_default();
        f.third_party = entry.third_party;
        f.satisfaction = entry.satisfaction;
        out.push((league, unit.id, f));
    }
    out
}

/// A department answers for the indicators of the items it leads, city-wide; a
/// region for its share of every indicator split over it.
fn progress_of(src: &Source<'_>, unit: UnitId, league: League) -> Vec<crate::status::Progress> {
    src.indicators
        .iter()
        .filter_map(|ind| {
            let judged = src.ledger.indicators.get(&ind.id)?;
            match league {
                League::Units => {
                    let item = src.items.iter().find(|i| i.id == ind.item_id)?;
                    (item.lead_unit_id == unit).then_some(judged.total)
                }
                League::Regions => judged
                    .regions
                    .iter()
                    .find(|r| r.region_id == unit)
                    .map(|r| r.progress),
            }
        })
        .collect()
}

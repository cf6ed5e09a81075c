//! What the API answers with. Domain values keep their own serialisation (decimals are
//! JSON numbers, dates `YYYY-MM-DD`); enums go out as their snake_case codes with a
//! Chinese label beside them where people read them.

use duban_domain::indicator::Indicator;
use duban_domain::rollup::{IndicatorProgress, StatusCounts};
use duban_domain::{Decimal, Period, Plan, Reading, Status, Unit};
use duban_store::Versioned;
use duban_store::users::User;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitView {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// city | region | department | office | third_party
    pub kind: String,
    pub kind_label: String,
    pub parent_id: Option<i64>,
    pub seq: i64,
    pub active: bool,
    pub version: i64,
}

impl From<Versioned<Unit>> for UnitView {
    fn from(v: Versioned<Unit>) -> Self {
        let u = v.value;
        UnitView {
            id: u.id.0,
            code: u.code,
            name: u.name,
            kind: u.kind.as_str().into(),
            kind_label: u.kind.label_zh().into(),
            parent_id: u.parent_id.map(|p| p.0),
            seq: u.seq,
            active: u.active,
            version: v.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// office | reporter | reviewer | leader | evaluator | sysadmin | secadmin | auditadmin
    pub role: String,
    pub role_label: String,
    pub unit_id: Option<i64>,
    pub active: bool,
    /// A demo account of a demo database.
    pub demo: bool,
    /// Where reminders also go by e-mail.
    pub email: Option<String>,
    /// 手机号, in clear: this view goes only to the system administrator and to the
    /// person themselves.
    pub mobile: Option<String>,
    /// 身份证号, in clear, to the same two only.
    pub id_number: Option<String>,
    pub version: i64,
}

impl UserView {
    pub fn of(u: User, version: i64) -> Self {
        UserView {
            id: u.id.0,
            username: u.username,
            display_name: u.display_name,
            role: u.role.as_str().into(),
            role_label: u.role.label_zh().into(),
            unit_id: u.unit_id.map(|x| x.0),
            active: u.active,
            demo: u.demo,
            email: u.email,
            mobile: u.mobile.as_ref().map(|m| m.as_str().to_string()),
            id_number: u.id_number.as_ref().map(|i| i.as_str().to_string()),
            version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodView {
    pub id: i64,
    pub plan_id: i64,
    /// `2019-05`
    pub label: String,
    /// `2019-05-31`
    pub cutoff: String,
    pub deadline: String,
    /// open | closed
    pub state: String,
    /// 民生支出 (亿元) for the span up to the cut-off.
    #[schema(value_type = Option<f64>)]
    pub spending: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub growth_pct: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub share_pct: Option<Decimal>,
    /// Where the fiscal figures come from (市财政局2019年5月财政收支快报); given by the
    /// period routes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_source: Option<String>,
    pub version: i64,
}

impl PeriodView {
    pub fn of(p: &Period, version: i64) -> Self {
        PeriodView {
            id: p.id.0,
            plan_id: p.plan_id.0,
            label: p.label.to_string(),
            cutoff: p.cutoff.to_string(),
            deadline: p.deadline.to_string(),
            state: p.state.as_str().into(),
            spending: p.fiscal.spending,
            growth_pct: p.fiscal.growth_pct,
            share_pct: p.fiscal.share_pct,
            fiscal_source: None,
            version,
        }
    }

    /// The view with the source of its fiscal overview.
    pub fn sourced(mut self, source: Option<String>) -> Self {
        self.fiscal_source = source;
        self
    }
}

/// How many items stand in each status.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountsView {
    pub total: u32,
    pub exceeded: u32,
    pub done: u32,
    pub on_track: u32,
    /// 有风险: on track, but the forecast misses the target.
    pub at_risk: u32,
    pub lagging: u32,
    pub seriously_lagging: u32,
    pub not_started: u32,
    pub unassessed: u32,
}

impl From<StatusCounts> for CountsView {
    fn from(c: StatusCounts) -> Self {
        CountsView {
            total: c.total,
            exceeded: c.exceeded,
            done: c.done,
            on_track: c.on_track,
            at_risk: c.at_risk,
            lagging: c.lagging,
            seriously_lagging: c.seriously_lagging,
            not_started: c.not_started,
            unassessed: c.unassessed,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    pub id: i64,
    pub year: i32,
    pub title: String,
    /// draft | approved
    pub state: String,
    /// Points behind the schedule that count as lagging.
    #[schema(value_type = f64)]
    pub lagging_threshold: Decimal,
    #[schema(value_type = f64)]
    pub serious_threshold: Decimal,
    pub version: i64,
    /// The period the figures below are as of (the latest, unless asked otherwise).
    pub period: Option<PeriodView>,
    pub status: Option<String>,
    pub status_label: Option<String>,
    #[schema(value_type = Option<f64>)]
    pub completion: Option<Decimal>,
    pub counts: Option<CountsView>,
    /// The plan's areas in order with their items; left out with `view=summary`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub areas: Option<Vec<AreaView>>,
}

impl PlanView {
    pub fn summary(p: &Plan, version: i64) -> Self {
        PlanView {
            id: p.id.0,
            year: p.year,
            title: p.title.clone(),
            state: p.state.as_str().into(),
            lagging_threshold: p.thresholds.lagging,
            serious_threshold: p.thresholds.serious,
            version,
            period: None,
            status: None,
            status_label: None,
            completion: None,
            counts: None,
            areas: None,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AreaView {
    pub id: i64,
    pub plan_id: i64,
    pub seq: i64,
    pub title: String,
    pub version: i64,
    pub status: Option<String>,
    pub status_label: Option<String>,
    #[schema(value_type = Option<f64>)]
    pub completion: Option<Decimal>,
    pub counts: Option<CountsView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<ItemView>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemView {
    pub id: i64,
    pub plan_id: i64,
    pub area_id: i64,
    pub number: i64,
    pub title: String,
    pub lead_unit_id: i64,
    pub co_unit_ids: Vec<i64>,
    pub region_ids: Vec<i64>,
    pub leader: Option<String>,
    pub version: i64,
    pub status: Option<String>,
    pub status_label: Option<String>,
    #[schema(value_type = Option<f64>)]
    pub completion: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicators: Option<Vec<IndicatorView>>,
    /// 计划投资, 万元 (on an item's own view).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub planned_investment: Option<Decimal>,
    /// The approved funding by source as of the plan's latest period (on the item's
    /// own view, once the plan has a period).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding: Option<super::funding::RollupView>,
}

impl ItemView {
    pub fn of(i: &duban_domain::Item, version: i64) -> Self {
        ItemView {
            id: i.id.0,
            plan_id: i.plan_id.0,
            area_id: i.area_id.0,
            number: i.number,
            title: i.title.clone(),
            lead_unit_id: i.lead_unit_id.0,
            co_unit_ids: i.co_unit_ids.iter().map(|u| u.0).collect(),
            region_ids: i.region_ids.iter().map(|u| u.0).collect(),
            leader: i.leader.clone(),
            version,
            status: None,
            status_label: None,
            completion: None,
            indicators: None,
            planned_investment: None,
            funding: None,
        }
    }

    pub fn judged(mut self, status: Status, completion: Option<Decimal>) -> Self {
        self.status = Some(status.as_str().into());
        self.status_label = Some(status.label_zh().into());
        self.completion = completion;
        self
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionTargetView {
    pub region_id: i64,
    #[schema(value_type = Option<f64>)]
    pub target: Option<Decimal>,
}

impl RegionTargetView {
    pub fn of(r: &duban_domain::RegionTarget) -> Self {
        RegionTargetView {
            region_id: r.region_id.0,
            target: r.target,
        }
    }
}

/// A figure against its target: value (or stage, or assessment), completion, schedule.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressView {
    #[schema(value_type = Option<f64>)]
    pub value: Option<Decimal>,
    /// For stage indicators: the stage reached.
    pub stage: Option<String>,
    #[schema(value_type = Option<f64>)]
    pub target: Option<Decimal>,
    /// value ÷ target, percent, one decimal; none for ceilings and qualitative targets.
    #[schema(value_type = Option<f64>)]
    pub completion: Option<Decimal>,
    /// Where the plan curve says it should be by the cut-off, percent.
    #[schema(value_type = Option<f64>)]
    pub schedule: Option<Decimal>,
    /// exceeded | done | on_track | at_risk | lagging | seriously_lagging | not_started | unassessed
    pub status: String,
    pub status_label: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionProgressView {
    pub region_id: i64,
    #[serde(flatten)]
    pub progress: ProgressView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorView {
    pub id: i64,
    pub item_id: i64,
    pub seq: i64,
    pub name: String,
    /// cumulative | ceiling | rate | stage | qualitative
    pub kind: String,
    pub unit: String,
    #[schema(value_type = Option<f64>)]
    pub target: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub baseline: Option<Decimal>,
    pub decimals: u8,
    pub stages: Vec<String>,
    pub regions: Vec<RegionTargetView>,
    /// Planned cumulative values at the end of each quarter.
    #[schema(value_type = Option<Vec<f64>>)]
    pub quarterly: Option<[Decimal; 4]>,
    pub version: i64,
    /// Progress at the period asked for; absent when the plan has no period yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<ProgressView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regional: Option<Vec<RegionProgressView>>,
    /// 目标调整: the approved changes of this indicator's targets, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub target_adjustments: Vec<TargetAdjustmentView>,
    /// 年底预测: where the year will end at the pace so far; absent without a history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<ForecastView>,
    /// 计划后置: the share of the year's work (percent) the quarterly plan leaves to
    /// the last quarter, when more than half.
    #[schema(value_type = Option<f64>)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back_loaded: Option<Decimal>,
}

/// An approved target change, shown beside the target it changed.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetAdjustmentView {
    pub change_id: i64,
    pub reason: String,
    #[schema(value_type = Option<f64>)]
    pub target_before: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub target_after: Option<Decimal>,
    /// RFC 3339, UTC.
    pub approved_at: String,
}

impl IndicatorView {
    /// With the approved ones of `changes` (any indicator's) that concern this one and
    /// were decided by `as_of`.
    pub fn adjusted(
        mut self,
        changes: &[duban_store::Versioned<duban_domain::requests::TargetChange>],
        as_of: Option<i64>,
    ) -> Self {
        let mut mine: Vec<_> = changes
            .iter()
            .map(|c| &c.value)
            .filter(|c| c.indicator_id.0 == self.id)
            .filter(|c| c.state == duban_domain::requests::RequestState::Approved)
            .filter_map(|c| {
                let at = c.decided_at?;
                (at <= as_of.unwrap_or(i64::MAX)).then(|| TargetAdjustmentView {
                    change_id: c.id,
                    reason: c.reason.clone(),
                    target_before: c.before.target,
                    target_after: c.after.target,
                    approved_at: duban_domain::date::rfc3339(at),
                })
            })
            .collect();
        mine.sort_by_key(|a| a.change_id);
        self.target_adjustments = mine;
        self
    }

    pub fn of(i: &Indicator, version: i64) -> Self {
        IndicatorView {
            id: i.id.0,
            item_id: i.item_id.0,
            seq: i.seq,
            name: i.name.clone(),
            kind: i.kind.as_str().into(),
            unit: i.unit.clone(),
            target: i.target,
            baseline: i.baseline,
            decimals: i.decimals,
            stages: i.stages.clone(),
            regions: i
                .regions
                .iter()
                .map(|r| RegionTargetView {
                    region_id: r.region_id.0,
                    target: r.target,
                })
                .collect(),
            quarterly: i.quarterly.map(|q| q.0),
            version,
            target_adjustments: Vec::new(),
            progress: None,
            regional: None,
            forecast: None,
            back_loaded: duban_domain::forecast::back_loaded(i),
        }
    }

    /// Adds the progress judged at a period.
    pub fn with_progress(
        mut self,
        i: &Indicator,
        p: &IndicatorProgress,
        readings: &Readings,
    ) -> Self {
        self.progress = Some(progress_view(i, &p.total, readings.total));
        self.regional = Some(
            p.regions
                .iter()
                .map(|r| RegionProgressView {
                    region_id: r.region_id.0,
                    progress: progress_view(i, &r.progress, readings.region(r.region_id)),
                })
                .collect(),
        );
        self
    }
}

/// The forecast of an indicator's year-end value (method: `duban_domain::forecast`):
/// a Theil–Sen line through the cumulative values placed on the plan curve.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForecastView {
    #[schema(value_type = f64)]
    pub point: Decimal,
    #[schema(value_type = f64)]
    pub low: Decimal,
    #[schema(value_type = f64)]
    pub high: Decimal,
    /// The latest approved value and its cut-off (YYYY-MM-DD).
    #[schema(value_type = f64)]
    pub last: Decimal,
    pub last_cutoff: String,
    pub observations: u32,
    /// The quarterly plan shaped the line (else the time schedule did).
    pub shaped_by_plan: bool,
    #[schema(value_type = f64)]
    pub months_left: Decimal,
    /// Per month still needed to reach the target.
    #[schema(value_type = Option<f64>)]
    pub needed_pace: Option<Decimal>,
    /// Per month so far, from the baseline.
    #[schema(value_type = Option<f64>)]
    pub pace_so_far: Option<Decimal>,
    /// Even the high end of the range falls short of the target.
    pub misses_target: bool,
}

impl ForecastView {
    pub fn of(f: &duban_domain::forecast::Forecast) -> Self {
        ForecastView {
            point: f.point,
            low: f.low,
            high: f.high,
            last: f.last,
            last_cutoff: f.last_cutoff.to_string(),
            observations: f.observations,
            shaped_by_plan: f.shaped_by_plan,
            months_left: f.months_left,
            needed_pace: f.needed_pace,
            pace_so_far: f.pace_so_far,
            misses_target: f.misses_target,
        }
    }
}

/// The raw readings of an indicator, to name stages and assessments.
#[derive(Debug, Default)]
pub struct Readings {
    pub total: Option<Reading>,
    pub regional: Vec<(duban_domain::UnitId, Reading)>,
}

impl Readings {
    fn region(&self, r: duban_domain::UnitId) -> Option<Reading> {
        self.regional
            .iter()
            .find(|(id, _)| *id == r)
            .map(|(_, x)| *x)
    }
}

fn progress_view(
    i: &Indicator,
    p: &duban_domain::Progress,
    reading: Option<Reading>,
) -> ProgressView {
    let stage = match reading {
        Some(Reading::Stage(s)) => i.stages.get(s).cloned(),
        _ => None,
    };
    let stage_kind = i.kind == duban_domain::IndicatorKind::Stage;
    ProgressView {
        // A stage's position is not a figure people read: they read the stage's name.
        value: if stage_kind { None } else { p.value },
        stage,
        target: if stage_kind { None } else { p.target },
        completion: p.completion,
        schedule: p.schedule,
        status: p.status.as_str().into(),
        status_label: p.status.label_zh().into(),
    }
}

//! A plan's settings of the consistency checks (数据核验) and automatic reminders.

use axum::extract::State;
use duban_domain::access::{manages_plans, reads_plans};
use duban_domain::settings::{PlanSettings, SettingsInput};
use duban_domain::{Decimal, PlanId};
use duban_store::Change;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Tagged;
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, Problem};
use crate::extract::{IfMatch, Json, PathId};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_settings, update_settings))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SettingsView {
    pub plan_id: i64,
    /// 远超年度目标: above this share of the year's target, percent.
    #[schema(value_type = f64)]
    pub beyond_pct: Decimal,
    /// 多期数据未变: unchanged for this many periods in a row.
    pub unchanged_periods: usize,
    /// 截止前突击达标: reaching the target within this many days of the deadline…
    pub jump_days: i64,
    /// …from below this share of the target, percent.
    #[schema(value_type = f64)]
    pub jump_from_pct: Decimal,
    /// Reminders go out this many days before a deadline.
    pub remind_days_before: i64,
    /// 1 while the plan keeps the defaults.
    pub version: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    #[schema(value_type = Option<f64>)]
    pub beyond_pct: Option<Decimal>,
    pub unchanged_periods: Option<i64>,
    pub jump_days: Option<i64>,
    #[schema(value_type = Option<f64>)]
    pub jump_from_pct: Option<Decimal>,
    pub remind_days_before: Option<i64>,
}

fn view(plan: PlanId, s: PlanSettings, version: i64) -> SettingsView {
    SettingsView {
        plan_id: plan.0,
        beyond_pct: s.checks.beyond_pct,
        unchanged_periods: s.checks.unchanged_periods,
        jump_days: s.checks.jump_days,
        jump_from_pct: s.checks.jump_from_pct,
        remind_days_before: s.reminders.days_before,
        version,
    }
}

/// 核验与催办设置 A plan's settings of the checks and reminders.
#[utoipa::path(get, path = "/api/v1/plans/{id}/settings", tag = "plans", params(("id" = i64, Path)),
    responses((status = 200, body = SettingsView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_settings(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<SettingsView>> {
    auth.require(reads_plans(auth.role()))?;
    let (settings, version) = s.store.plan_settings(PlanId(id)).await?;
    Ok(Tagged::ok(version, view(PlanId(id), settings, version)))
}

/// 修改核验与催办设置 Change a plan's settings (office).
#[utoipa::path(patch, path = "/api/v1/plans/{id}/settings", tag = "plans", request_body = SettingsPatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the settings' ETag")),
    responses((status = 200, body = SettingsView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
              (status = 428, body = Problem)))]
async fn update_settings(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(p): Json<SettingsPatch>,
) -> ApiResult<Tagged<SettingsView>> {
    auth.require(manages_plans(auth.role()))?;
    let (current, _) = s.store.plan_settings(PlanId(id)).await?;
    let next = PlanSettings::parse(
        current,
        SettingsInput {
            beyond_pct: p.beyond_pct,
            unchanged_periods: p.unchanged_periods,
            jump_days: p.jump_days,
            jump_from_pct: p.jump_from_pct,
            remind_days_before: p.remind_days_before,
        },
    )?;
    let v = s
        .store
        .set_plan_settings(PlanId(id), version, &next, Change::now(Some(auth.user.id)))
        .await?;
    Ok(Tagged::ok(v, view(PlanId(id), next, v)))
}

//! Reporting periods (报告期) of a plan.

use axum::extract::State;
use duban_domain::access::{manages_plans, reads_plans};
use duban_domain::period::PeriodFields;
use duban_domain::{Decimal, FieldError, FiscalOverview, Invalid, PeriodId, PeriodState, PlanId};
use duban_store::Change;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::PeriodView;
use super::{List, Tagged};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, Problem};
use crate::extract::{IfMatch, Json, Patch, PathId};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_periods, create_period))
        .routes(routes!(get_period, update_period))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodInput {
    /// `2019-05`
    pub label: String,
    /// Defaults to the month's last day.
    pub cutoff: Option<String>,
    /// Defaults to five days after the month's end.
    pub deadline: Option<String>,
    /// 民生支出, 亿元
    #[schema(value_type = Option<f64>)]
    pub spending: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub growth_pct: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub share_pct: Option<Decimal>,
    /// Where the fiscal figures come from (市财政局2019年5月财政收支快报), 200 characters
    /// at most.
    pub fiscal_source: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodPatch {
    pub cutoff: Option<String>,
    pub deadline: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<f64>)]
    pub spending: Patch<Decimal>,
    #[serde(default)]
    #[schema(value_type = Option<f64>)]
    pub growth_pct: Patch<Decimal>,
    #[serde(default)]
    #[schema(value_type = Option<f64>)]
    pub share_pct: Patch<Decimal>,
    /// null clears it.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub fiscal_source: Patch<String>,
    /// open | closed. A closed period takes no more report changes.
    pub state: Option<String>,
}

/// 报告期列表 List a plan's periods, latest first.
#[utoipa::path(get, path = "/api/v1/plans/{id}/periods", tag = "periods", params(("id" = i64, Path)),
    responses((status = 200, body = List<PeriodView>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn list_periods(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<List<PeriodView>>> {
    auth.require(reads_plans(auth.role()))?;
    s.store.plan(PlanId(id)).await?;
    let mut items: Vec<PeriodView> = Vec::new();
    for p in s.store.periods(PlanId(id)).await? {
        let source = s.store.fiscal_source(p.value.id).await?;
        items.push(PeriodView::of(&p.value, p.version).sourced(source));
    }
    Ok(axum::Json(List::all(items)))
}

/// 开启报告期 Open a period for a plan (office).
#[utoipa::path(post, path = "/api/v1/plans/{id}/periods", tag = "periods", params(("id" = i64, Path)),
    request_body = PeriodInput,
    responses((status = 201, body = PeriodView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_period(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<PeriodInput>,
) -> ApiResult<Tagged<PeriodView>> {
    auth.require(manages_plans(auth.role()))?;
    let plan = s.store.plan(PlanId(id)).await?.value;
    let fiscal = FiscalOverview {
        spending: i.spending,
        growth_pct: i.growth_pct,
        share_pct: i.share_pct,
    };
    let f = PeriodFields::parse(
        plan.year,
        &i.label,
        i.cutoff.as_deref(),
        i.deadline.as_deref(),
        fiscal,
    )
    .and_then(|f| f.with_fiscal_source(i.fiscal_source.as_deref()))?;
    let p = s
        .store
        .create_period(PlanId(id), &f, Change::now(Some(auth.user.id)))
        .await?;
    let loc = format!("/api/v1/periods/{}", p.value.id);
    let source = s.store.fiscal_source(p.value.id).await?;
    Ok(Tagged::created(
        p.version,
        PeriodView::of(&p.value, p.version).sourced(source),
        loc,
    ))
}

/// 报告期详情 Read a period.
#[utoipa::path(get, path = "/api/v1/periods/{id}", tag = "periods", params(("id" = i64, Path)),
    responses((status = 200, body = PeriodView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_period(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<PeriodView>> {
    auth.require(reads_plans(auth.role()))?;
    let p = s.store.period(PeriodId(id)).await?;
    let source = s.store.fiscal_source(p.value.id).await?;
    Ok(Tagged::ok(
        p.version,
        PeriodView::of(&p.value, p.version).sourced(source),
    ))
}

/// 修改报告期 Change a period's dates or fiscal figures, or close it (office); needs If-Match.
#[utoipa::path(patch, path = "/api/v1/periods/{id}", tag = "periods", request_body = PeriodPatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the period's ETag")),
    responses((status = 200, body = PeriodView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_period(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(p): Json<PeriodPatch>,
) -> ApiResult<Tagged<PeriodView>> {
    auth.require(manages_plans(auth.role()))?;
    let cur = s.store.period(PeriodId(id)).await?.value;
    let plan = s.store.plan(cur.plan_id).await?.value;
    let state = match p.state.as_deref() {
        None => cur.state,
        Some(x) => PeriodState::parse(x).ok_or_else(|| {
            Invalid::one(FieldError::new(
                "state",
                "unknown_state",
                "状态须为 open 或 closed",
                "state must be open or closed",
            ))
        })?,
    };
    let fiscal = FiscalOverview {
        spending: p.spending.apply(cur.fiscal.spending),
        growth_pct: p.growth_pct.apply(cur.fiscal.growth_pct),
        share_pct: p.share_pct.apply(cur.fiscal.share_pct),
    };
    let cutoff = p.cutoff.unwrap_or_else(|| cur.cutoff.to_string());
    let deadline = p.deadline.unwrap_or_else(|| cur.deadline.to_string());
    let f = PeriodFields::parse(
        plan.year,
        &cur.label.to_string(),
        Some(&cutoff),
        Some(&deadline),
        fiscal,
    )?;
    let source = match p.fiscal_source {
        Patch::Keep => s.store.fiscal_source(PeriodId(id)).await?,
        Patch::Clear => None,
        Patch::Set(t) => Some(t),
    };
    let f = f.with_fiscal_source(source.as_deref())?;
    let v = s
        .store
        .update_period(
            PeriodId(id),
            version,
            &f,
            state,
            Change::now(Some(auth.user.id)),
        )
        .await?;
    let source = s.store.fiscal_source(v.value.id).await?;
    Ok(Tagged::ok(
        v.version,
        PeriodView::of(&v.value, v.version).sourced(source),
    ))
}

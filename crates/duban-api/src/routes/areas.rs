//! Areas (方面) of a plan.

use axum::extract::State;
use duban_domain::access::{manages_plans, reads_plans};
use duban_domain::plan::AreaFields;
use duban_domain::{Area, AreaId, PlanId};
use duban_store::{Change, Versioned};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::AreaView;
use super::{List, Tagged};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, Problem};
use crate::extract::{IfMatch, Json, PathId};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_areas, create_area))
        .routes(routes!(get_area, update_area))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaInput {
    /// Order in the plan; (一) is 1. Defaults to after the last area.
    pub seq: Option<i64>,
    /// e.g. 特殊群体关爱服务保障方面
    pub title: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaPatch {
    pub seq: Option<i64>,
    pub title: Option<String>,
}

fn view(a: Versioned<Area>) -> AreaView {
    AreaView {
        id: a.value.id.0,
        plan_id: a.value.plan_id.0,
        seq: a.value.seq,
        title: a.value.title,
        version: a.version,
        status: None,
        status_label: None,
        completion: None,
        counts: None,
        items: None,
    }
}

/// 方面列表 List a plan's areas in order.
#[utoipa::path(get, path = "/api/v1/plans/{id}/areas", tag = "areas", params(("id" = i64, Path)),
    responses((status = 200, body = List<AreaView>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn list_areas(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<List<AreaView>>> {
    auth.require(reads_plans(auth.role()))?;
    s.store.plan(PlanId(id)).await?;
    let areas: Vec<AreaView> = s
        .store
        .areas(PlanId(id))
        .await?
        .into_iter()
        .map(view)
        .collect();
    Ok(axum::Json(List::all(areas)))
}

/// 新建方面 Add an area to a plan (office).
#[utoipa::path(post, path = "/api/v1/plans/{id}/areas", tag = "areas", params(("id" = i64, Path)), request_body = AreaInput,
    responses((status = 201, body = AreaView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create_area(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<AreaInput>,
) -> ApiResult<Tagged<AreaView>> {
    let a = create(&s, &auth, PlanId(id), &i).await?;
    let loc = format!("/api/v1/areas/{}", a.value.id);
    Ok(Tagged::created(a.version, view(a), loc))
}

/// Adds an area to a plan: the one path for the API and the set-up page.
pub(crate) async fn create(
    s: &AppState,
    auth: &Auth,
    plan: PlanId,
    i: &AreaInput,
) -> ApiResult<Versioned<Area>> {
    auth.require(manages_plans(auth.role()))?;
    let seq = match i.seq {
        Some(n) => n,
        None => s
            .store
            .areas(plan)
            .await?
            .last()
            .map_or(1, |a| a.value.seq + 1),
    };
    let f = AreaFields::parse(seq, &i.title)?;
    Ok(s.store
        .create_area(plan, &f, Change::now(Some(auth.user.id)))
        .await?)
}

/// 方面详情 Read an area.
#[utoipa::path(get, path = "/api/v1/areas/{id}", tag = "areas", params(("id" = i64, Path)),
    responses((status = 200, body = AreaView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_area(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<AreaView>> {
    auth.require(reads_plans(auth.role()))?;
    let a = s.store.area(AreaId(id)).await?;
    Ok(Tagged::ok(a.version, view(a)))
}

/// 修改方面 Rename or reorder an area (office); needs If-Match.
#[utoipa::path(patch, path = "/api/v1/areas/{id}", tag = "areas", request_body = AreaPatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the area's ETag")),
    responses((status = 200, body = AreaView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
              (status = 428, body = Problem)))]
async fn update_area(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(p): Json<AreaPatch>,
) -> ApiResult<Tagged<AreaView>> {
    let a = update(&s, &auth, AreaId(id), version, &p).await?;
    Ok(Tagged::ok(a.version, view(a)))
}

/// Renames or reorders an area, if still at `version`: the one path for the API and
/// the set-up page.
pub(crate) async fn update(
    s: &AppState,
    auth: &Auth,
    id: AreaId,
    version: i64,
    p: &AreaPatch,
) -> ApiResult<Versioned<Area>> {
    auth.require(manages_plans(auth.role()))?;
    let cur = s.store.area(id).await?.value;
    let f = AreaFields::parse(
        p.seq.unwrap_or(cur.seq),
        p.title.as_deref().unwrap_or(&cur.title),
    )?;
    Ok(s.store
        .update_area(id, version, &f, Change::now(Some(auth.user.id)))
        .await?)
}

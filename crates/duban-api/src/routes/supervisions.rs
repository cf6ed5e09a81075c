//! 挂牌督办: the office lists an item for special supervision (its lead unit is told at
//! once) and lifts the listing (摘牌) when the item is back on track.

use axum::extract::State;
use duban_domain::access::{manages_plans, reads_plans};
use duban_domain::remind::supervision_notice;
use duban_domain::supervision::{Supervision, SupervisionFields};
use duban_domain::{ItemId, PlanId};
use duban_store::{Change, Versioned};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Tagged;
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, Problem};
use crate::extract::{IfMatch, Json, PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_supervisions))
        .routes(routes!(get_supervision))
        .routes(routes!(list_item))
        .routes(routes!(lift))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SupervisionQuery {
    pub plan_id: i64,
    /// Only listings not yet lifted.
    pub active: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupervisionInput {
    /// 督办事由
    pub reason: String,
    /// 督办时限, YYYY-MM-DD.
    pub deadline: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LiftInput {
    /// Why the listing ends (摘牌说明).
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SupervisionView {
    pub id: i64,
    pub item_id: i64,
    pub reason: String,
    pub deadline: Option<String>,
    pub active: bool,
    pub listed_by: i64,
    /// RFC 3339, UTC.
    pub listed_at: String,
    pub lifted_by: Option<i64>,
    pub lifted_at: Option<String>,
    pub lift_note: Option<String>,
    pub version: i64,
}

pub fn view(s: Versioned<Supervision>) -> SupervisionView {
    let v = s.value;
    SupervisionView {
        id: v.id,
        item_id: v.item_id.0,
        active: v.is_active(),
        reason: v.reason,
        deadline: v.deadline.map(|d| d.to_string()),
        listed_by: v.listed_by.0,
        listed_at: duban_domain::date::rfc3339(v.listed_at),
        lifted_by: v.lifted_by.map(|u| u.0),
        lifted_at: v.lifted_at.map(duban_domain::date::rfc3339),
        lift_note: v.lift_note,
        version: s.version,
    }
}

/// 挂牌督办清单 A plan's listings, active ones first.
#[utoipa::path(get, path = "/api/v1/supervisions", tag = "supervisions", params(SupervisionQuery),
    responses((status = 200, body = Vec<SupervisionView>), (status = 400, body = Problem),
              (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_supervisions(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<SupervisionQuery>,
) -> ApiResult<axum::Json<Vec<SupervisionView>>> {
    auth.require(reads_plans(auth.role()))?;
    s.store.plan(PlanId(q.plan_id)).await?;
    let list = s
        .store
        .supervisions(PlanId(q.plan_id), q.active.unwrap_or(false))
        .await?;
    Ok(axum::Json(list.into_iter().map(view).collect()))
}

/// 挂牌督办详情 One listing.
#[utoipa::path(get, path = "/api/v1/supervisions/{id}", tag = "supervisions", params(("id" = i64, Path)),
    responses((status = 200, body = SupervisionView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_supervision(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<SupervisionView>> {
    auth.require(reads_plans(auth.role()))?;
    let v = s.store.supervision(id).await?;
    Ok(Tagged::ok(v.version, view(v)))
}

/// 挂牌督办 List an item for special supervision (office); its lead unit is told.
#[utoipa::path(post, path = "/api/v1/items/{id}/supervision", tag = "supervisions", params(("id" = i64, Path)),
    request_body = SupervisionInput,
    responses((status = 201, body = SupervisionView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn list_item(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<SupervisionInput>,
) -> ApiResult<Tagged<SupervisionView>> {
    auth.require(manages_plans(auth.role()))?;
    let f = SupervisionFields::parse(&i.reason, i.deadline.as_deref())?;
    let item = s.store.item(ItemId(id)).await?.value;
    let v = s
        .store
        .list_for_supervision(
            &item,
            &f,
            |l| supervision_notice(l.id, &item, &l.reason, l.deadline),
            Change::now(Some(auth.user.id)),
        )
        .await?;
    let loc = format!("/api/v1/supervisions/{}", v.value.id);
    Ok(Tagged::created(v.version, view(v), loc))
}

/// 摘牌 Lift a listing (office).
#[utoipa::path(post, path = "/api/v1/supervisions/{id}/lift", tag = "supervisions",
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the listing's ETag")),
    request_body = LiftInput,
    responses((status = 200, body = SupervisionView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn lift(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(i): Json<LiftInput>,
) -> ApiResult<Tagged<SupervisionView>> {
    auth.require(manages_plans(auth.role()))?;
    let note =
        duban_domain::text::required("note", &i.note, 500).map_err(duban_domain::Invalid::one)?;
    let v = s
        .store
        .lift_supervision(id, version, &note, Change::now(Some(auth.user.id)))
        .await?;
    Ok(Tagged::ok(v.version, view(v)))
}

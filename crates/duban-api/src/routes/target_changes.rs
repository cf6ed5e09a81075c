//! 目标调整: once a plan is approved its targets are locked; a change of an indicator's
//! target, baseline, regional split or quarterly plan is asked for with a reason and
//! decided by the office. The indicator's history keeps the targets before.

use axum::extract::State;
use duban_domain::access::{manages_plans, reads_plans, requests_target_change};
use duban_domain::requests::{RequestState, TargetChange, TargetProposal, TargetSet, propose};
use duban_domain::{Decimal, IndicatorId, PlanId};
use duban_store::{Change, Versioned};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Tagged;
use super::indicators::{RegionTargetInput, regions};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{IfMatch, Json, PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(indicator_changes, request_change))
        .routes(routes!(plan_changes))
        .routes(routes!(get_change))
        .routes(routes!(decide_change))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetChangeInput {
    /// 调整理由
    pub reason: String,
    /// The new target; absent keeps it.
    #[schema(value_type = Option<f64>)]
    pub target: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub baseline: Option<Decimal>,
    /// The new regional split, whole; absent keeps it.
    pub regions: Option<Vec<RegionTargetInput>>,
    /// The new quarterly plan; absent keeps it.
    #[schema(value_type = Option<Vec<f64>>)]
    pub quarterly: Option<[Decimal; 4]>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    /// true approves, false rejects.
    pub approve: bool,
    /// 审批意见; required when rejecting.
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    pub plan_id: i64,
    /// pending | approved | rejected | done
    #[param(pattern = "^(pending|approved|rejected|done)$")]
    pub state: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TargetSetView {
    #[schema(value_type = Option<f64>)]
    pub target: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub baseline: Option<Decimal>,
    pub regions: Vec<super::views::RegionTargetView>,
    #[schema(value_type = Option<Vec<f64>>)]
    pub quarterly: Option<[Decimal; 4]>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TargetChangeView {
    pub id: i64,
    pub indicator_id: i64,
    pub reason: String,
    pub before: TargetSetView,
    pub after: TargetSetView,
    /// pending | approved | rejected
    pub state: String,
    pub state_label: String,
    pub requested_by: i64,
    /// RFC 3339, UTC.
    pub requested_at: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<String>,
    pub decision_note: Option<String>,
    pub version: i64,
}

fn set_view(t: TargetSet) -> TargetSetView {
    TargetSetView {
        target: t.target,
        baseline: t.baseline,
        regions: t
            .regions
            .iter()
            .map(super::views::RegionTargetView::of)
            .collect(),
        quarterly: t.quarterly.map(|q| q.0),
    }
}

pub fn view(c: Versioned<TargetChange>) -> TargetChangeView {
    let v = c.value;
    TargetChangeView {
        id: v.id,
        indicator_id: v.indicator_id.0,
        reason: v.reason,
        before: set_view(v.before),
        after: set_view(v.after),
        state: v.state.as_str().into(),
        state_label: v.state.label_zh().into(),
        requested_by: v.requested_by.0,
        requested_at: duban_domain::date::rfc3339(v.requested_at),
        decided_by: v.decided_by.map(|u| u.0),
        decided_at: v.decided_at.map(duban_domain::date::rfc3339),
        decision_note: v.decision_note,
        version: c.version,
    }
}

/// Parses a `state` filter of requests.
pub(super) fn state_filter(s: Option<&str>) -> ApiResult<Option<RequestState>> {
    s.map(|x| {
        RequestState::parse(x).ok_or_else(|| {
            ApiError::bad_request(
                "state 须为 pending、approved、rejected、done 之一",
                "state must be one of pending, approved, rejected, done",
            )
        })
    })
    .transpose()
}

/// A decision's note: required when rejecting.
pub(super) fn decision_note(i: &DecisionInput) -> ApiResult<Option<String>> {
    let note = duban_domain::text::optional("note", i.note.as_deref(), 1000)
        .map_err(duban_domain::Invalid::one)?;
    if !i.approve && note.is_none() {
        return Err(duban_domain::Invalid::one(duban_domain::FieldError::new(
            "note",
            "required",
            "不予批准须说明理由",
            "a rejection needs a note",
        ))
        .into());
    }
    Ok(note)
}

/// 指标目标调整记录 An indicator's target changes, newest first.
#[utoipa::path(get, path = "/api/v1/indicators/{id}/target-changes", tag = "target_changes", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<TargetChangeView>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn indicator_changes(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<TargetChangeView>>> {
    auth.require(reads_plans(auth.role()))?;
    s.store.indicator(IndicatorId(id)).await?;
    let list = s.store.indicator_target_changes(IndicatorId(id)).await?;
    Ok(axum::Json(list.into_iter().map(view).collect()))
}

/// 申请调整目标 Ask for a change of an indicator's targets (the office, or the lead unit).
#[utoipa::path(post, path = "/api/v1/indicators/{id}/target-changes", tag = "target_changes", params(("id" = i64, Path)),
    request_body = TargetChangeInput,
    responses((status = 201, body = TargetChangeView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn request_change(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<TargetChangeInput>,
) -> ApiResult<Tagged<TargetChangeView>> {
    auth.require(!auth.role().is_admin())?;
    let ind = s.store.indicator(IndicatorId(id)).await?.value;
    let item = s.store.item(ind.item_id).await?.value;
    auth.require(requests_target_change(
        auth.role(),
        auth.user.unit_id,
        &item,
    ))?;
    let p = TargetProposal {
        target: i.target,
        baseline: i.baseline,
        regions: i.regions.as_deref().map(regions),
        quarterly: i.quarterly,
    };
    let (after, reason) = propose(&ind, &p, &i.reason)?;
    let c = s
        .store
        .request_target_change(
            ind.id,
            &TargetSet::of(&ind),
            &after,
            &reason,
            Change::now(Some(auth.user.id)),
        )
        .await?;
    let loc = format!("/api/v1/target-changes/{}", c.value.id);
    Ok(Tagged::created(c.version, view(c), loc))
}

/// 目标调整申请列表 A plan's target changes, newest first.
#[utoipa::path(get, path = "/api/v1/target-changes", tag = "target_changes", params(RequestQuery),
    responses((status = 200, body = Vec<TargetChangeView>), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn plan_changes(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<RequestQuery>,
) -> ApiResult<axum::Json<Vec<TargetChangeView>>> {
    auth.require(reads_plans(auth.role()))?;
    let state = state_filter(q.state.as_deref())?;
    s.store.plan(PlanId(q.plan_id)).await?;
    let list = s
        .store
        .plan_target_changes(PlanId(q.plan_id), state)
        .await?;
    Ok(axum::Json(list.into_iter().map(view).collect()))
}

/// 目标调整申请 One target change.
#[utoipa::path(get, path = "/api/v1/target-changes/{id}", tag = "target_changes", params(("id" = i64, Path)),
    responses((status = 200, body = TargetChangeView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_change(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<TargetChangeView>> {
    auth.require(reads_plans(auth.role()))?;
    let c = s.store.target_change(id).await?;
    Ok(Tagged::ok(c.version, view(c)))
}

/// 审批目标调整 Approve (the new targets apply at once) or reject a target change (office;
/// never one's own request).
#[utoipa::path(post, path = "/api/v1/target-changes/{id}/decision", tag = "target_changes",
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the request's ETag")),
    request_body = DecisionInput,
    responses((status = 200, body = TargetChangeView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn decide_change(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(i): Json<DecisionInput>,
) -> ApiResult<Tagged<TargetChangeView>> {
    auth.require(manages_plans(auth.role()))?;
    let note = decision_note(&i)?;
    let c = s
        .store
        .decide_target_change(
            id,
            version,
            i.approve,
            note.as_deref(),
            Change::now(Some(auth.user.id)),
        )
        .await?;
    Ok(Tagged::ok(c.version, view(c)))
}

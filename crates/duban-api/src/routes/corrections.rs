//! 更正申请: a closed period's reports are frozen. A unit asks to correct its approved
//! report with a reason; once the office agrees, the report goes back to the unit and
//! through review again. The approved version counts until the corrected one is
//! approved, and stays readable in the report's versions.

use axum::extract::State;
use duban_domain::access::{manages_plans, writes_report};
use duban_domain::requests::Correction;
use duban_domain::{PlanId, ReportId, Role};
use duban_store::{Change, Versioned};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Tagged;
use super::reports::readable;
use super::target_changes::{DecisionInput, RequestQuery, decision_note, state_filter};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, Problem};
use crate::extract::{IfMatch, Json, PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report_corrections, request_correction))
        .routes(routes!(plan_corrections))
        .routes(routes!(get_correction))
        .routes(routes!(decide_correction))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionInput {
    /// 更正理由
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CorrectionView {
    pub id: i64,
    pub report_id: i64,
    pub reason: String,
    /// pending | approved (open for correction) | rejected | done
    pub state: String,
    pub state_label: String,
    pub requested_by: i64,
    /// RFC 3339, UTC.
    pub requested_at: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<String>,
    pub decision_note: Option<String>,
    pub done_at: Option<String>,
    pub version: i64,
}

fn view(c: Versioned<Correction>) -> CorrectionView {
    let v = c.value;
    CorrectionView {
        id: v.id,
        report_id: v.report_id.0,
        reason: v.reason,
        state: v.state.as_str().into(),
        state_label: v.state.label_zh().into(),
        requested_by: v.requested_by.0,
        requested_at: duban_domain::date::rfc3339(v.requested_at),
        decided_by: v.decided_by.map(|u| u.0),
        decided_at: v.decided_at.map(duban_domain::date::rfc3339),
        decision_note: v.decision_note,
        done_at: v.done_at.map(duban_domain::date::rfc3339),
        version: c.version,
    }
}

/// 更正记录 A report's corrections, newest first (those who read the report).
#[utoipa::path(get, path = "/api/v1/reports/{id}/corrections", tag = "corrections", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CorrectionView>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn report_corrections(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<CorrectionView>>> {
    readable(&s, &auth, id).await?;
    let list = s.store.report_corrections(ReportId(id)).await?;
    Ok(axum::Json(list.into_iter().map(view).collect()))
}

/// 申请更正 Ask to correct an approved report of a closed period (its unit's reporter).
#[utoipa::path(post, path = "/api/v1/reports/{id}/corrections", tag = "corrections", params(("id" = i64, Path)),
    request_body = CorrectionInput,
    responses((status = 201, body = CorrectionView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn request_correction(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<CorrectionInput>,
) -> ApiResult<Tagged<CorrectionView>> {
    let r = readable(&s, &auth, id).await?;
    auth.require(writes_report(
        auth.role(),
        auth.user.unit_id,
        r.value.unit_id,
    ))?;
    let reason = duban_domain::text::required("reason", &i.reason, 1000)
        .map_err(duban_domain::Invalid::one)?;
    let c = s
        .store
        .request_correction(ReportId(id), &reason, Change::now(Some(auth.user.id)))
        .await?;
    let loc = format!("/api/v1/corrections/{}", c.value.id);
    Ok(Tagged::created(c.version, view(c), loc))
}

/// 更正申请列表 A plan's corrections, newest first (office, leaders, evaluators).
#[utoipa::path(get, path = "/api/v1/corrections", tag = "corrections", params(RequestQuery),
    responses((status = 200, body = Vec<CorrectionView>), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn plan_corrections(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<RequestQuery>,
) -> ApiResult<axum::Json<Vec<CorrectionView>>> {
    auth.require(matches!(
        auth.role(),
        Role::Office | Role::Leader | Role::Evaluator
    ))?;
    let state = state_filter(q.state.as_deref())?;
    s.store.plan(PlanId(q.plan_id)).await?;
    let list = s.store.plan_corrections(PlanId(q.plan_id), state).await?;
    Ok(axum::Json(list.into_iter().map(view).collect()))
}

/// 更正申请 One correction (those who read its report).
#[utoipa::path(get, path = "/api/v1/corrections/{id}", tag = "corrections", params(("id" = i64, Path)),
    responses((status = 200, body = CorrectionView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_correction(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<CorrectionView>> {
    auth.require(!auth.role().is_admin())?;
    let c = s.store.correction(id).await?;
    readable(&s, &auth, c.value.report_id.0).await?;
    Ok(Tagged::ok(c.version, view(c)))
}

/// 审批更正 Approve (the report returns to its unit for correction) or reject a
/// correction (office; never one's own request).
#[utoipa::path(post, path = "/api/v1/corrections/{id}/decision", tag = "corrections",
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the request's ETag")),
    request_body = DecisionInput,
    responses((status = 200, body = CorrectionView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn decide_correction(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(i): Json<DecisionInput>,
) -> ApiResult<Tagged<CorrectionView>> {
    auth.require(manages_plans(auth.role()))?;
    let note = decision_note(&i)?;
    let c = s
        .store
        .decide_correction(
            id,
            version,
            i.approve,
            note.as_deref(),
            Change::now(Some(auth.user.id)),
        )
        .await?;
    Ok(Tagged::ok(c.version, view(c)))
}

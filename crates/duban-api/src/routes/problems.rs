//! Problems (问题) and rectification (整改): raised by the office, rectified by the
//! owner unit, verified and closed (销号) by the office.

use axum::extract::State;
use duban_domain::access::manages_plans;
use duban_domain::problem::{
    Problem, ProblemAction, ProblemFields, ProblemInput, ProblemState, is_overdue,
};
use duban_domain::{FieldError, Invalid, ItemId, PlanId, ProblemId, Role, UnitId};
use duban_store::problems::ProblemFilter;
use duban_store::{Change, Versioned};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{List, PageParams, Tagged};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem as ProblemDoc};
use crate::extract::{IfMatch, Json, PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_problems, create_problem))
        .routes(routes!(get_problem, update_problem))
        .routes(routes!(problem_action))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProblemQuery {
    pub plan_id: Option<i64>,
    pub item_id: Option<i64>,
    pub owner_unit_id: Option<i64>,
    /// open | rectifying | rectified | verified | closed
    #[param(pattern = "^(open|rectifying|rectified|verified|closed)$")]
    pub state: Option<String>,
    /// `true`: only problems past their deadline and not yet verified.
    pub overdue: Option<bool>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemCreate {
    pub plan_id: i64,
    pub item_id: Option<i64>,
    /// The unit that must rectify it.
    pub owner_unit_id: i64,
    pub title: String,
    pub description: String,
    /// 整改期限, `YYYY-MM-DD`.
    pub deadline: String,
    /// office (default) | report | objection
    pub source: Option<String>,
    /// The report it comes from, when its source is a report.
    pub report_id: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemPatch {
    pub item_id: Option<i64>,
    pub owner_unit_id: Option<i64>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub deadline: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemActionInput {
    /// start | rectify | verify | reject | close | reopen
    pub action: String,
    /// The measures taken (rectify), or why (reject, reopen); required for those.
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemEventView {
    /// raise | start | rectify | verify | reject | close | reopen
    pub action: String,
    pub actor_id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemView {
    pub id: i64,
    pub plan_id: i64,
    pub item_id: Option<i64>,
    pub owner_unit_id: i64,
    pub title: String,
    pub description: String,
    pub deadline: String,
    /// office | report | objection
    pub source: String,
    pub report_id: Option<i64>,
    /// open | rectifying | rectified | verified | closed
    pub state: String,
    pub state_label: String,
    pub measures: Option<String>,
    /// Past its deadline and not yet verified (today in China Standard Time).
    pub overdue: bool,
    pub version: i64,
    /// What happened to it, in order; only when one problem is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<ProblemEventView>>,
}

fn view(p: Versioned<Problem>, today: duban_domain::Date) -> ProblemView {
    let v = p.value;
    ProblemView {
        id: v.id.0,
        plan_id: v.plan_id.0,
        item_id: v.item_id.map(|x| x.0),
        owner_unit_id: v.owner_unit_id.0,
        title: v.title,
        description: v.description,
        deadline: v.deadline.to_string(),
        source: v.source.as_str().into(),
        report_id: v.report_id.map(|x| x.0),
        state: v.state.as_str().into(),
        state_label: v.state.label_zh().into(),
        measures: v.measures,
        overdue: is_overdue(v.state, v.deadline, today),
        version: p.version,
        events: None,
    }
}

/// Office, leaders and evaluators see every problem; a unit's people see their unit's.
fn scope(auth: &Auth) -> ApiResult<Option<UnitId>> {
    match auth.role() {
        Role::Office | Role::Leader | Role::Evaluator => Ok(None),
        Role::Reporter | Role::Reviewer => auth.user.unit_id.map(Some).ok_or(ApiError::Forbidden),
        _ => Err(ApiError::Forbidden),
    }
}

async fn readable(s: &AppState, auth: &Auth, id: i64) -> ApiResult<Versioned<Problem>> {
    let unit = scope(auth)?;
    let p = s.store.problem(ProblemId(id)).await?;
    if unit.is_some_and(|u| u != p.value.owner_unit_id) {
        return Err(ApiError::Forbidden);
    }
    Ok(p)
}

/// 问题列表 Problems, the most urgent deadline first (the problems board).
#[utoipa::path(get, path = "/api/v1/problems", tag = "problems", params(ProblemQuery),
    responses((status = 200, body = List<ProblemView>), (status = 400, body = ProblemDoc), (status = 401, body = ProblemDoc),
              (status = 403, body = ProblemDoc)))]
async fn list_problems(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<ProblemQuery>,
) -> ApiResult<axum::Json<List<ProblemView>>> {
    let own = scope(&auth)?;
    let state = q
        .state
        .as_deref()
        .map(|x| {
            ProblemState::parse(x).ok_or_else(|| {
                ApiError::bad_request(
                    "state 须为 open、rectifying、rectified、verified、closed 之一",
                    "state must be one of open, rectifying, rectified, verified, closed",
                )
            })
        })
        .transpose()?;
    let page = PageParams {
        page: q.page,
        per_page: q.per_page,
    }
    .page()?;
    let today = s.settings.clock.today();
    let f = ProblemFilter {
        plan_id: q.plan_id.map(PlanId),
        item_id: q.item_id.map(ItemId),
        owner_unit_id: own.or(q.owner_unit_id.map(UnitId)),
        state,
        overdue_on: q.overdue.unwrap_or(false).then_some(today),
    };
    Ok(axum::Json(List::of(
        s.store.problems(&f, page).await?,
        |p| view(p, today),
    )))
}

/// 提出问题 Raise a problem with an owner unit and a deadline (office).
#[utoipa::path(post, path = "/api/v1/problems", tag = "problems", request_body = ProblemCreate,
    responses((status = 201, body = ProblemView), (status = 401, body = ProblemDoc), (status = 403, body = ProblemDoc),
              (status = 404, body = ProblemDoc), (status = 422, body = ProblemDoc)))]
async fn create_problem(
    State(s): State<AppState>,
    auth: Auth,
    Json(i): Json<ProblemCreate>,
) -> ApiResult<Tagged<ProblemView>> {
    auth.require(manages_plans(auth.role()))?;
    let f = ProblemFields::parse(ProblemInput {
        item_id: i.item_id,
        owner_unit_id: i.owner_unit_id,
        title: &i.title,
        description: &i.description,
        deadline: &i.deadline,
        source: i.source.as_deref(),
        report_id: i.report_id,
    })?;
    let p = s
        .store
        .create_problem(PlanId(i.plan_id), &f, Change::now(Some(auth.user.id)))
        .await?;
    let loc = format!("/api/v1/problems/{}", p.value.id);
    Ok(Tagged::created(
        p.version,
        view(p, s.settings.clock.today()),
        loc,
    ))
}

/// 问题详情 A problem with what happened to it.
#[utoipa::path(get, path = "/api/v1/problems/{id}", tag = "problems", params(("id" = i64, Path)),
    responses((status = 200, body = ProblemView), (status = 401, body = ProblemDoc), (status = 403, body = ProblemDoc),
              (status = 404, body = ProblemDoc)))]
async fn get_problem(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<ProblemView>> {
    let p = readable(&s, &auth, id).await?;
    let version = p.version;
    let mut v = view(p, s.settings.clock.today());
    v.events = Some(
        s.store
            .problem_events(ProblemId(id))
            .await?
            .into_iter()
            .map(|e| ProblemEventView {
                action: e.action,
                actor_id: e.actor_id.0,
                at: duban_domain::date::rfc3339(e.at),
                note: e.note,
            })
            .collect(),
    );
    Ok(Tagged::ok(version, v))
}

/// 修改问题 Change a problem's owner, deadline or wording (office); needs If-Match.
#[utoipa::path(patch, path = "/api/v1/problems/{id}", tag = "problems", request_body = ProblemPatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the problem's ETag")),
    responses((status = 200, body = ProblemView), (status = 401, body = ProblemDoc), (status = 403, body = ProblemDoc),
              (status = 404, body = ProblemDoc), (status = 412, body = ProblemDoc), (status = 422, body = ProblemDoc),
              (status = 428, body = ProblemDoc)))]
async fn update_problem(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(p): Json<ProblemPatch>,
) -> ApiResult<Tagged<ProblemView>> {
    auth.require(manages_plans(auth.role()))?;
    let cur = s.store.problem(ProblemId(id)).await?.value;
    let deadline = p.deadline.unwrap_or_else(|| cur.deadline.to_string());
    let f = ProblemFields::parse(ProblemInput {
        item_id: p.item_id.or(cur.item_id.map(|x| x.0)),
        owner_unit_id: p.owner_unit_id.unwrap_or(cur.owner_unit_id.0),
        title: p.title.as_deref().unwrap_or(&cur.title),
        description: p.description.as_deref().unwrap_or(&cur.description),
        deadline: &deadline,
        source: Some(cur.source.as_str()),
        report_id: cur.report_id.map(|x| x.0),
    })?;
    let v = s
        .store
        .update_problem(ProblemId(id), version, &f, Change::now(Some(auth.user.id)))
        .await?;
    Ok(Tagged::ok(v.version, view(v, s.settings.clock.today())))
}

/// 整改流转 A step of rectification: the owner unit starts and reports it rectified;
/// the office verifies (or rejects), closes (销号) and reopens.
#[utoipa::path(post, path = "/api/v1/problems/{id}/actions", tag = "problems", request_body = ProblemActionInput,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the problem's ETag")),
    responses((status = 200, body = ProblemView), (status = 401, body = ProblemDoc), (status = 403, body = ProblemDoc),
              (status = 404, body = ProblemDoc), (status = 409, body = ProblemDoc), (status = 412, body = ProblemDoc),
              (status = 422, body = ProblemDoc), (status = 428, body = ProblemDoc)))]
async fn problem_action(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(b): Json<ProblemActionInput>,
) -> ApiResult<Tagged<ProblemView>> {
    let v = take_step(&s, &auth, id, version, &b.action, b.note.as_deref()).await?;
    Ok(Tagged::ok(v.version, view(v, s.settings.clock.today())))
}

/// Takes one step of rectification: the one path for the API and the problems board.
pub(crate) async fn take_step(
    s: &AppState,
    auth: &Auth,
    id: i64,
    version: i64,
    action: &str,
    note: Option<&str>,
) -> ApiResult<Versioned<Problem>> {
    let Some(action) = ProblemAction::parse(action) else {
        return Err(Invalid::one(FieldError::new(
            "action",
            "unknown_action",
            "操作须为 start、rectify、verify、reject、close、reopen 之一",
            "action must be one of start, rectify, verify, reject, close, reopen",
        ))
        .into());
    };
    let role_may = if action.by_owner() {
        matches!(auth.role(), Role::Reporter | Role::Reviewer)
    } else {
        auth.role() == Role::Office
    };
    auth.require(role_may)?;
    let cur = s.store.problem(ProblemId(id)).await?;
    if action.by_owner() {
        auth.require(auth.user.unit_id == Some(cur.value.owner_unit_id))?;
    }
    let note = duban_domain::text::optional("note", note, 5000).map_err(Invalid::one)?;
    if action.needs_note() && note.is_none() {
        return Err(Invalid::one(FieldError::new(
            "note",
            "required",
            "请写明整改措施或原因",
            "this step needs a note: the measures taken, or why",
        ))
        .into());
    }
    Ok(s.store
        .problem_action(
            ProblemId(id),
            version,
            action,
            note.as_deref(),
            Change::now(Some(auth.user.id)),
        )
        .await?)
}

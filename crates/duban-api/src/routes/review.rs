//! The review of a report (闭环): submit with the consistency checks answered, review by
//! the lead unit, approval by the office, return with a comment.

use std::collections::BTreeMap;

use axum::extract::State;
use duban_domain::access::{approves_report, reviews_report, writes_report};
use duban_domain::checks::{CheckInput, Warning, check};
use duban_domain::{FieldError, Invalid, ReportId, Role};
use duban_store::reports::{Report, ReportAction};
use duban_store::{Change, Versioned};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Tagged;
use super::reports::{ReportView, readable, view};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, Problem};
use crate::extract::{IfMatch, Json, OptionalJson, PathId};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report_checks))
        .routes(routes!(submit_report))
        .routes(routes!(review_report))
        .routes(routes!(approve_report))
        .routes(routes!(return_report))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// Required when returning: what to correct.
    pub comment: Option<String>,
    /// On submit: a reason for each consistency warning, by the warning's `key`.
    pub reasons: Option<BTreeMap<String, String>>,
}

/// A consistency warning on a figure.
#[derive(Debug, Serialize, ToSchema)]
pub struct WarningView {
    /// Give the reason under this key when submitting.
    pub key: String,
    /// cumulative_fell | regions_do_not_add_up | stage_contradicts_figures |
    /// far_beyond_plan | copied_unchanged | last_minute_jump
    pub rule: String,
    pub rule_label: String,
    pub indicator_id: i64,
    pub region_id: Option<i64>,
    pub message: String,
    pub message_en: String,
    /// The reporter's reason, once submitted.
    pub reason: Option<String>,
}

impl WarningView {
    pub fn of(w: Warning, reason: Option<String>) -> Self {
        WarningView {
            key: w.key(),
            rule: w.rule.as_str().into(),
            rule_label: w.rule.label_zh().into(),
            indicator_id: w.indicator_id.0,
            region_id: w.region_id.map(|r| r.0),
            message: w.message_zh,
            message_en: w.message_en,
            reason,
        }
    }
}

/// Today in China Standard Time, the calendar deadlines are kept in.
/// The warnings the report's current figures raise.
pub(crate) async fn warnings_of(s: &AppState, r: &Report) -> ApiResult<Vec<Warning>> {
    let inds: Vec<_> = s
        .store
        .item_indicators(r.item_id)
        .await?
        .into_iter()
        .map(|i| i.value)
        .collect();
    let period = s.store.period(r.period_id).await?.value;
    let (settings, _) = s.store.plan_settings(period.plan_id).await?;
    let earlier = s
        .store
        .earlier_approved(r.item_id, r.unit_id, r.period_id)
        .await?;
    let earlier: Vec<&[duban_domain::Figure]> = earlier.iter().map(Vec::as_slice).collect();
    Ok(check(&CheckInput {
        indicators: &inds,
        figures: &r.figures,
        earlier: &earlier,
        today: s.settings.clock.today(),
        deadline: period.deadline,
        settings: settings.checks,
    }))
}

/// 数据核验 The consistency warnings the report's current figures would raise on submit.
#[utoipa::path(get, path = "/api/v1/reports/{id}/checks", tag = "reports", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<WarningView>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn report_checks(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<WarningView>>> {
    let r = readable(&s, &auth, id).await?;
    let w = warnings_of(&s, &r.value).await?;
    Ok(axum::Json(
        w.into_iter().map(|w| WarningView::of(w, None)).collect(),
    ))
}

async fn act(
    s: &AppState,
    auth: &Auth,
    id: i64,
    version: i64,
    action: ReportAction,
    body: ActionInput,
) -> ApiResult<Tagged<ReportView>> {
    let r = step(s, auth, id, version, action, body).await?;
    let version = r.version;
    Ok(Tagged::ok(version, view(s, r).await?))
}

/// Takes one step of the report's workflow: the one path for the API and the pages.
pub(crate) async fn step(
    s: &AppState,
    auth: &Auth,
    id: i64,
    version: i64,
    action: ReportAction,
    body: ActionInput,
) -> ApiResult<Versioned<Report>> {
    // The role first: who may take no step learns nothing of the report.
    let may_act = match action {
        ReportAction::Submit => auth.role() == Role::Reporter,
        ReportAction::Review => auth.role() == Role::Reviewer,
        ReportAction::Approve => auth.role() == Role::Office,
        ReportAction::Return => matches!(auth.role(), Role::Office | Role::Reviewer),
    };
    auth.require(may_act)?;
    let cur: Versioned<Report> = s.store.report(ReportId(id)).await?;
    let r = &cur.value;
    let item = s.store.item(r.item_id).await?.value;
    let is_author = r.author_id == auth.user.id;
    let allowed = match (action, auth.role()) {
        (ReportAction::Submit, role) => writes_report(role, auth.user.unit_id, r.unit_id),
        (ReportAction::Review, role) | (ReportAction::Return, role @ Role::Reviewer) => {
            reviews_report(role, auth.user.unit_id, &item, is_author)
        }
        (_, role) => approves_report(role, is_author),
    };
    auth.require(allowed)?;
    let comment = duban_domain::text::optional("comment", body.comment.as_deref(), 2000)
        .map_err(Invalid::one)?;
    if action == ReportAction::Return && comment.is_none() {
        return Err(Invalid::one(FieldError::new(
            "comment",
            "required",
            "退回须写明原因",
            "a return needs a comment saying what to correct",
        ))
        .into());
    }
    let warnings = if action == ReportAction::Submit {
        answered(warnings_of(s, r).await?, body.reasons.unwrap_or_default())?
    } else {
        Vec::new()
    };
    let r = s
        .store
        .report_action(
            ReportId(id),
            version,
            action,
            comment.as_deref(),
            &warnings,
            Change::now(Some(auth.user.id)),
        )
        .await?;
    Ok(r)
}

/// Pairs each warning with its reason; a warning without one refuses the submission,
/// listing every warning unanswered (the reporter may still submit, with reasons).
fn answered(
    warnings: Vec<Warning>,
    mut reasons: BTreeMap<String, String>,
) -> ApiResult<Vec<(Warning, String)>> {
    let mut bad = Invalid::default();
    let mut out = Vec::with_capacity(warnings.len());
    for w in warnings {
        let key = w.key();
        let reason = reasons
            .remove(&key)
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        match reason {
            Some(r) if r.chars().count() <= 1000 => out.push((w, r)),
            Some(_) => bad.push(FieldError::new(
                format!("reasons/{key}"),
                "too_long",
                "说明不能超过1000个字符",
                "a reason must be at most 1000 characters",
            )),
            None => bad.push(FieldError::new(
                format!("reasons/{key}"),
                "reason_required",
                format!("{}。请说明原因后再报送", w.message_zh),
                format!("{}. Give a reason to submit anyway", w.message_en),
            )),
        }
    }
    for key in reasons.keys() {
        bad.push(FieldError::new(
            format!("reasons/{key}"),
            "no_such_warning",
            "没有这条提示,无需说明",
            "there is no such warning to answer",
        ));
    }
    bad.into_result()?;
    Ok(out)
}

/// 报送 Submit a draft or returned report (the unit's reporter). Each consistency
/// warning needs a reason in `reasons`, or the submission is refused listing them.
#[utoipa::path(post, path = "/api/v1/reports/{id}/submit", tag = "reports", request_body(content = Option<ActionInput>, description = "optional"),
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the report's ETag")),
    responses((status = 200, body = ReportView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn submit_report(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    OptionalJson(body): OptionalJson<ActionInput>,
) -> ApiResult<Tagged<ReportView>> {
    act(
        &s,
        &auth,
        id,
        version,
        ReportAction::Submit,
        body.unwrap_or_default(),
    )
    .await
}

/// 牵头单位审核 Pass a submitted report on to the office (a reviewer of the item's lead unit).
#[utoipa::path(post, path = "/api/v1/reports/{id}/review", tag = "reports", request_body(content = Option<ActionInput>, description = "optional"),
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the report's ETag")),
    responses((status = 200, body = ReportView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 428, body = Problem)))]
async fn review_report(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    OptionalJson(body): OptionalJson<ActionInput>,
) -> ApiResult<Tagged<ReportView>> {
    act(
        &s,
        &auth,
        id,
        version,
        ReportAction::Review,
        body.unwrap_or_default(),
    )
    .await
}

/// 督查室确认 Approve a reviewed report (office); only approved figures count.
#[utoipa::path(post, path = "/api/v1/reports/{id}/approve", tag = "reports", request_body(content = Option<ActionInput>, description = "optional"),
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the report's ETag")),
    responses((status = 200, body = ReportView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 428, body = Problem)))]
async fn approve_report(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    OptionalJson(body): OptionalJson<ActionInput>,
) -> ApiResult<Tagged<ReportView>> {
    act(
        &s,
        &auth,
        id,
        version,
        ReportAction::Approve,
        body.unwrap_or_default(),
    )
    .await
}

/// 退回 Return a report with a comment (the lead unit's reviewer, or the office).
#[utoipa::path(post, path = "/api/v1/reports/{id}/return", tag = "reports", request_body = ActionInput,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the report's ETag")),
    responses((status = 200, body = ReportView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn return_report(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(b): Json<ActionInput>,
) -> ApiResult<Tagged<ReportView>> {
    act(&s, &auth, id, version, ReportAction::Return, b).await
}

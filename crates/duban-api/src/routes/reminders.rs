//! 催办: the office reminds a unit; everyone reads their reminders in an in-app inbox.

use axum::extract::State;
use axum::http::StatusCode;
use duban_domain::access::manages_plans;
use duban_domain::remind::Audience;
use duban_domain::{FieldError, Invalid, UnitId};
use duban_store::outbox::Message;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{List, PageParams};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, Problem};
use crate::extract::{Json, PathId, Query};
use crate::sweep::SweepOutcome;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(remind))
        .routes(routes!(my_inbox))
        .routes(routes!(mark_read))
        .routes(routes!(due))
        .routes(routes!(run_sweep))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReminderInput {
    /// The unit to remind: each of its reporters and reviewers gets the message.
    pub unit_id: i64,
    /// Defaults to 督办提醒.
    pub subject: Option<String>,
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Queued {
    /// How many messages were queued (one per person).
    pub queued: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InboxView {
    pub id: i64,
    pub subject: String,
    pub body: String,
    /// What caused it: manual, …
    pub cause: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub read: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InboxPatch {
    /// true marks the message read.
    pub read: bool,
}

/// 催办 Remind a unit (office): a message to each of its reporters and reviewers.
#[utoipa::path(post, path = "/api/v1/reminders", tag = "reminders", request_body = ReminderInput,
    responses((status = 202, body = Queued), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn remind(
    State(s): State<AppState>,
    auth: Auth,
    Json(i): Json<ReminderInput>,
) -> ApiResult<(StatusCode, axum::Json<Queued>)> {
    auth.require(manages_plans(auth.role()))?;
    let mut bad = Invalid::default();
    let text = bad.take(duban_domain::text::required("text", &i.text, 2000));
    let subject = bad.take(duban_domain::text::optional(
        "subject",
        i.subject.as_deref(),
        100,
    ));
    bad.into_result()?;
    let (Some(text), Some(subject)) = (text, subject) else {
        return Err(Invalid::one(FieldError::new(
            "text",
            "required",
            "不能为空",
            "must not be empty",
        ))
        .into());
    };
    let at = duban_store::now_ms();
    let key = format!("manual:{}:{}:{at}", i.unit_id, auth.user.id);
    let m = Message {
        subject: subject.as_deref().unwrap_or("督办提醒"),
        body: &text,
        cause: "manual",
        dedupe_key: &key,
    };
    let queued = s.store.remind_unit(UnitId(i.unit_id), &m, at).await?;
    Ok((StatusCode::ACCEPTED, axum::Json(Queued { queued })))
}

/// 我的消息 The caller's inbox, newest first.
#[utoipa::path(get, path = "/api/v1/me/inbox", tag = "reminders", params(PageParams),
    responses((status = 200, body = List<InboxView>), (status = 400, body = Problem), (status = 401, body = Problem)))]
async fn my_inbox(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<PageParams>,
) -> ApiResult<axum::Json<List<InboxView>>> {
    let inbox = s.store.inbox(auth.user.id, q.page()?).await?;
    Ok(axum::Json(List::of(inbox, |m| InboxView {
        id: m.id,
        subject: m.subject,
        body: m.body,
        cause: m.cause,
        created_at: duban_domain::date::rfc3339(m.created_at),
        read: m.read_at.is_some(),
    })))
}

/// 标记已读 Mark one of the caller's messages read.
#[utoipa::path(patch, path = "/api/v1/me/inbox/{id}", tag = "reminders", params(("id" = i64, Path)),
    request_body = InboxPatch,
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn mark_read(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(p): Json<InboxPatch>,
) -> ApiResult<StatusCode> {
    if !p.read {
        return Err(Invalid::one(FieldError::new(
            "read",
            "unsupported",
            "只能标记为已读",
            "a message can only be marked read",
        ))
        .into());
    }
    s.store
        .mark_read(auth.user.id, id, duban_store::now_ms())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DueView {
    /// unit | office
    pub audience: String,
    pub unit_id: Option<i64>,
    pub subject: String,
    pub body: String,
    /// deadline | overdue | lagging | problem_due | problem_overdue
    pub cause: String,
}

/// 待发催办 The automatic reminders due today (office): what the next sweep queues,
/// those already queued included.
#[utoipa::path(get, path = "/api/v1/reminders/due", tag = "reminders",
    responses((status = 200, body = Vec<DueView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn due(State(s): State<AppState>, auth: Auth) -> ApiResult<axum::Json<Vec<DueView>>> {
    auth.require(manages_plans(auth.role()))?;
    let today = s.settings.clock.today();
    let notices = crate::sweep::due_notices(&s.store, today).await?;
    Ok(axum::Json(
        notices
            .into_iter()
            .map(|n| {
                let (audience, unit_id) = match n.to {
                    Audience::Unit(u) => ("unit", Some(u.0)),
                    Audience::Office => ("office", None),
                };
                DueView {
                    audience: audience.into(),
                    unit_id,
                    subject: n.subject,
                    body: n.body,
                    cause: n.cause.into(),
                }
            })
            .collect(),
    ))
}

/// 立即催办 Run the automatic reminder sweep now (office); the worker also runs it on
/// its own. What an earlier sweep queued is not queued again.
#[utoipa::path(post, path = "/api/v1/reminders/sweep", tag = "reminders",
    responses((status = 200, body = SweepOutcome), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn run_sweep(State(s): State<AppState>, auth: Auth) -> ApiResult<axum::Json<SweepOutcome>> {
    auth.require(manages_plans(auth.role()))?;
    let today = s.settings.clock.today();
    Ok(axum::Json(crate::sweep::sweep(&s.store, today).await?))
}

//! A unit's group robot (企业微信 / 钉钉 / generic JSON webhook): reminders for the unit
//! also go there. The office sets it; the secret is written, never read back.

use axum::extract::State;
use axum::http::StatusCode;
use duban_domain::access::manages_plans;
use duban_domain::{FieldError, Invalid, UnitId};
use duban_store::Change;
use duban_store::delivery::UnitWebhook;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, Problem};
use crate::extract::{Json, PathId};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_webhook, put_webhook, delete_webhook))
}

/// The formats a robot takes.
pub const FORMATS: [&str; 3] = ["generic", "wecom", "dingtalk"];

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookInput {
    /// The robot's address, http:// or https://.
    pub url: String,
    /// generic | wecom (企业微信) | dingtalk (钉钉)
    pub format: String,
    /// 钉钉加签 secret, or the HMAC key of the generic format's signature.
    pub secret: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookView {
    pub unit_id: i64,
    pub url: Option<String>,
    pub format: Option<String>,
    /// Whether a secret is set (it is never shown).
    pub has_secret: bool,
}

fn view(unit: UnitId, h: Option<UnitWebhook>) -> WebhookView {
    WebhookView {
        unit_id: unit.0,
        url: h.as_ref().map(|h| h.url.clone()),
        format: h.as_ref().map(|h| h.format.clone()),
        has_secret: h.is_some_and(|h| h.secret.is_some()),
    }
}

/// 单位群机器人 A unit's group robot (office).
#[utoipa::path(get, path = "/api/v1/units/{id}/webhook", tag = "units", params(("id" = i64, Path)),
    responses((status = 200, body = WebhookView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_webhook(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<WebhookView>> {
    auth.require(manages_plans(auth.role()))?;
    let hook = s.store.unit_webhook(UnitId(id)).await?;
    Ok(axum::Json(view(UnitId(id), hook)))
}

/// 设置群机器人 Set a unit's group robot (office).
#[utoipa::path(put, path = "/api/v1/units/{id}/webhook", tag = "units", params(("id" = i64, Path)),
    request_body = WebhookInput,
    responses((status = 200, body = WebhookView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn put_webhook(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<WebhookInput>,
) -> ApiResult<axum::Json<WebhookView>> {
    auth.require(manages_plans(auth.role()))?;
    let mut bad = Invalid::default();
    let url = bad.take(duban_domain::text::url("url", &i.url));
    if !FORMATS.contains(&i.format.as_str()) {
        bad.take::<()>(Err(FieldError::new(
            "format",
            "unknown",
            "须为 generic、wecom 或 dingtalk",
            "must be generic, wecom or dingtalk",
        )));
    }
    let secret = bad.take(duban_domain::text::optional(
        "secret",
        i.secret.as_deref(),
        200,
    ));
    let (url, secret) = match (url, secret) {
        (Some(url), Some(secret)) if bad.is_empty() => (url, secret),
        _ => return Err(bad.into()),
    };
    let hook = UnitWebhook {
        url,
        format: i.format,
        secret,
    };
    s.store
        .set_unit_webhook(UnitId(id), Some(&hook), Change::now(Some(auth.user.id)))
        .await?;
    Ok(axum::Json(view(UnitId(id), Some(hook))))
}

/// 删除群机器人 Remove a unit's group robot (office).
#[utoipa::path(delete, path = "/api/v1/units/{id}/webhook", tag = "units", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn delete_webhook(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    auth.require(manages_plans(auth.role()))?;
    s.store
        .set_unit_webhook(UnitId(id), None, Change::now(Some(auth.user.id)))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

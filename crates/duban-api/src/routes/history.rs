//! The history of plan data: every version of a unit, plan, area, item, indicator or
//! period, with when and by whom.

use axum::extract::{Path, State};
use duban_domain::access::reads_plans;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(entity_history))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntryView {
    pub version: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor_id: Option<i64>,
    /// The entity as it was at this version.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// The entities whose history is readable here; accounts' history is the administrators'.
/// A unit's robot (`unit_webhook`) is left out: its address carries the robot's key.
const ENTITIES: [&str; 12] = [
    "unit",
    "plan",
    "area",
    "item",
    "indicator",
    "period",
    "problem",
    "supervision",
    "bulletin_series",
    "bulletin",
    "indicator_style",
    "item_style",
];

const ENTITY_LIST_ZH: &str = "unit、plan、area、item、indicator、period、problem、supervision、bulletin_series、bulletin、indicator_style、item_style";
const ENTITY_LIST: &str = "unit | plan | area | item | indicator | period | problem | supervision | bulletin_series | bulletin | indicator_style | item_style";

/// 变更历史 Every version of a plan entity, oldest first.
#[utoipa::path(get, path = "/api/v1/history/{entity}/{id}", tag = "history",
    params(("entity" = String, Path, description = ENTITY_LIST,
        pattern = "^(unit|plan|area|item|indicator|period|problem|supervision|bulletin_series|bulletin|indicator_style|item_style)$"),
        ("id" = i64, Path)),
    responses((status = 200, body = Vec<HistoryEntryView>), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn entity_history(
    State(s): State<AppState>,
    auth: Auth,
    Path((entity, id)): Path<(String, String)>,
) -> ApiResult<axum::Json<Vec<HistoryEntryView>>> {
    auth.require(reads_plans(auth.role()))?;
    let entity = ENTITIES.into_iter().find(|e| *e == entity).ok_or_else(|| {
        ApiError::bad_request(
            format!("entity 须为 {ENTITY_LIST_ZH} 之一"),
            format!("entity must be one of {ENTITY_LIST}"),
        )
    })?;
    // A bulletin's drafts are the office's and the leaders' until published.
    if entity == "bulletin" {
        auth.require(duban_domain::access::reads_bulletins(auth.role()))?;
    }
    let id: i64 = id.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
        ApiError::bad_request("编号须为正整数", "the id must be a positive integer")
    })?;
    let h = s.store.history(entity, id).await?;
    if h.is_empty() {
        return Err(ApiError::NotFound { entity, id });
    }
    Ok(axum::Json(
        h.into_iter()
            .map(|e| HistoryEntryView {
                version: e.version,
                at: duban_domain::date::rfc3339(e.at),
                actor_id: e.actor_id,
                data: e.data,
            })
            .collect(),
    ))
}

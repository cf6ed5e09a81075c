//! Units: the office, departments, the city and its regions.

use axum::extract::State;
use duban_domain::access::manages_plans;
use duban_domain::{Unit, UnitFields, UnitId, UnitKind};
use duban_store::units::UnitFilter;
use duban_store::{Change, Versioned};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::UnitView;
use super::{List, PageParams, Tagged};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{IfMatch, Json, PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_units, create_unit))
        .routes(routes!(get_unit, update_unit))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    /// city | region | department | office | third_party
    #[param(pattern = "^(city|region|department|office|third_party)$")]
    pub kind: Option<String>,
    pub parent_id: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitInput {
    pub code: String,
    pub name: String,
    /// city | region | department | office | third_party
    pub kind: String,
    pub parent_id: Option<i64>,
    pub seq: Option<i64>,
    pub active: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitPatch {
    pub code: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
    /// null leaves it; use `clear_parent` to remove the parent.
    pub parent_id: Option<i64>,
    pub clear_parent: Option<bool>,
    pub seq: Option<i64>,
    pub active: Option<bool>,
}

/// 单位列表 List units.
#[utoipa::path(get, path = "/api/v1/units", tag = "units", params(UnitQuery),
    responses((status = 200, body = List<UnitView>), (status = 400, body = Problem), (status = 401, body = Problem)))]
async fn list_units(
    State(s): State<AppState>,
    _auth: Auth,
    Query(q): Query<UnitQuery>,
) -> ApiResult<axum::Json<List<UnitView>>> {
    let kind = match q.kind.as_deref() {
        None => None,
        Some(k) => Some(UnitKind::parse(k).ok_or_else(|| {
            ApiError::bad_request(
                "kind 须为 city、region、department、office、third_party 之一",
                "kind must be one of city, region, department, office, third_party",
            )
        })?),
    };
    let page = PageParams {
        page: q.page,
        per_page: q.per_page,
    }
    .page()?;
    let f = UnitFilter {
        kind,
        parent_id: q.parent_id.map(UnitId),
    };
    Ok(axum::Json(List::of(
        s.store.units(&f, page).await?,
        UnitView::from,
    )))
}

/// 新建单位 Create a unit (office).
#[utoipa::path(post, path = "/api/v1/units", tag = "units", request_body = UnitInput,
    responses((status = 201, body = UnitView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_unit(
    State(s): State<AppState>,
    auth: Auth,
    Json(i): Json<UnitInput>,
) -> ApiResult<Tagged<UnitView>> {
    let u = create(&s, &auth, &i).await?;
    let loc = format!("/api/v1/units/{}", u.value.id);
    Ok(Tagged::created(u.version, UnitView::from(u), loc))
}

/// Creates a unit: the one path for the API and the units page.
pub(crate) async fn create(s: &AppState, auth: &Auth, i: &UnitInput) -> ApiResult<Versioned<Unit>> {
    auth.require(manages_plans(auth.role()))?;
    let f = UnitFields::parse(
        &i.code,
        &i.name,
        &i.kind,
        i.parent_id.map(UnitId),
        i.seq.unwrap_or(1),
        i.active.unwrap_or(true),
    )?;
    Ok(s.store
        .create_unit(&f, Change::now(Some(auth.user.id)))
        .await?)
}

/// 单位详情 Read a unit.
#[utoipa::path(get, path = "/api/v1/units/{id}", tag = "units", params(("id" = i64, Path)),
    responses((status = 200, body = UnitView), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn get_unit(
    State(s): State<AppState>,
    _auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<UnitView>> {
    let u = s.store.unit(UnitId(id)).await?;
    Ok(Tagged::ok(u.version, UnitView::from(u)))
}

/// 修改单位 Change a unit (office); needs If-Match.
#[utoipa::path(patch, path = "/api/v1/units/{id}", tag = "units", request_body = UnitPatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the unit's ETag")),
    responses((status = 200, body = UnitView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_unit(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(p): Json<UnitPatch>,
) -> ApiResult<Tagged<UnitView>> {
    let u = update(&s, &auth, id, version, &p).await?;
    Ok(Tagged::ok(u.version, UnitView::from(u)))
}

/// Changes a unit at `version`: the one path for the API and the unit's page.
pub(crate) async fn update(
    s: &AppState,
    auth: &Auth,
    id: i64,
    version: i64,
    p: &UnitPatch,
) -> ApiResult<Versioned<Unit>> {
    auth.require(manages_plans(auth.role()))?;
    let cur = s.store.unit(UnitId(id)).await?.value;
    let parent = if p.clear_parent == Some(true) {
        None
    } else {
        p.parent_id.map(UnitId).or(cur.parent_id)
    };
    let f = UnitFields::parse(
        p.code.as_deref().unwrap_or(&cur.code),
        p.name.as_deref().unwrap_or(&cur.name),
        p.kind.as_deref().unwrap_or(cur.kind.as_str()),
        parent,
        p.seq.unwrap_or(cur.seq),
        p.active.unwrap_or(cur.active),
    )?;
    Ok(s.store
        .update_unit(UnitId(id), version, &f, Change::now(Some(auth.user.id)))
        .await?)
}

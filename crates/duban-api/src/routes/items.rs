//! Items (实事) of a plan.

use axum::extract::State;
use duban_domain::access::{manages_plans, reads_plans};
use duban_domain::plan::{ItemFields, planned_investment};
use duban_domain::{AreaId, Decimal, FieldError, Invalid, Item, ItemId, PlanId, UnitId};
use duban_store::items::ItemFilter;
use duban_store::{Change, Versioned};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::funding::RollupView;
use super::plans::{judge_part, readings_of};
use super::views::{ForecastView, IndicatorView, ItemView};
use super::{List, PageParams, Tagged};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, Problem};
use crate::extract::{IfMatch, Json, Patch, PathId, Query};
use duban_domain::funding::roll_up;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_items, create_item))
        .routes(routes!(get_item, update_item))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ItemQuery {
    pub plan_id: Option<i64>,
    pub area_id: Option<i64>,
    /// Items this unit leads, shares or carries a regional part of.
    pub unit_id: Option<i64>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemInput {
    pub area_id: i64,
    /// 第N项, unique in the plan.
    pub number: i64,
    pub title: String,
    pub lead_unit_id: i64,
    #[serde(default)]
    pub co_unit_ids: Vec<i64>,
    #[serde(default)]
    pub region_ids: Vec<i64>,
    pub leader: Option<String>,
    /// 计划投资, 万元.
    #[schema(value_type = Option<f64>)]
    pub planned_investment: Option<Decimal>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemPatch {
    pub area_id: Option<i64>,
    pub number: Option<i64>,
    pub title: Option<String>,
    pub lead_unit_id: Option<i64>,
    pub co_unit_ids: Option<Vec<i64>>,
    pub region_ids: Option<Vec<i64>>,
    pub leader: Option<String>,
    /// 计划投资, 万元; null clears it.
    #[serde(default)]
    #[schema(value_type = Option<f64>)]
    pub planned_investment: Patch<Decimal>,
}

/// The item's fields with its planned investment, every error of both together.
fn with_planned(
    f: Result<ItemFields, Invalid>,
    planned: Result<Option<Decimal>, FieldError>,
) -> Result<ItemFields, Invalid> {
    match (f, planned) {
        (Ok(f), Ok(planned_investment)) => Ok(ItemFields {
            planned_investment,
            ..f
        }),
        (f, planned) => {
            let mut bad = f.err().unwrap_or_default();
            bad.0.extend(planned.err());
            Err(bad)
        }
    }
}

fn ids<T>(v: &[i64], f: impl Fn(i64) -> T) -> Vec<T> {
    v.iter().copied().map(f).collect()
}

/// 实事列表 List items with filters.
#[utoipa::path(get, path = "/api/v1/items", tag = "items", params(ItemQuery),
    responses((status = 200, body = List<ItemView>), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem)))]
async fn list_items(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<ItemQuery>,
) -> ApiResult<axum::Json<List<ItemView>>> {
    auth.require(reads_plans(auth.role()))?;
    let page = PageParams {
        page: q.page,
        per_page: q.per_page,
    }
    .page()?;
    let f = ItemFilter {
        plan_id: q.plan_id.map(PlanId),
        area_id: q.area_id.map(AreaId),
        unit_id: q.unit_id.map(UnitId),
    };
    let items = s.store.items(&f, page).await?;
    Ok(axum::Json(List::of(items, |i| {
        ItemView::of(&i.value, i.version)
    })))
}

/// 新建实事 Add an item to an area (office).
#[utoipa::path(post, path = "/api/v1/items", tag = "items", request_body = ItemInput,
    responses((status = 201, body = ItemView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_item(
    State(s): State<AppState>,
    auth: Auth,
    Json(i): Json<ItemInput>,
) -> ApiResult<Tagged<ItemView>> {
    let it = create(&s, &auth, &i).await?;
    let loc = format!("/api/v1/items/{}", it.value.id);
    let mut v = ItemView::of(&it.value, it.version);
    v.planned_investment = s.store.planned_investment(it.value.id).await?;
    Ok(Tagged::created(it.version, v, loc))
}

/// Adds an item to an area: the one path for the API and the set-up page.
pub(crate) async fn create(s: &AppState, auth: &Auth, i: &ItemInput) -> ApiResult<Versioned<Item>> {
    auth.require(manages_plans(auth.role()))?;
    let planned = planned_investment(i.planned_investment);
    let f = ItemFields::parse(
        AreaId(i.area_id),
        i.number,
        &i.title,
        UnitId(i.lead_unit_id),
        ids(&i.co_unit_ids, UnitId),
        ids(&i.region_ids, UnitId),
        i.leader.as_deref(),
    );
    let f = with_planned(f, planned)?;
    Ok(s.store
        .create_item(&f, Change::now(Some(auth.user.id)))
        .await?)
}

/// The item with its indicators judged at the latest period.
pub async fn item_view(s: &AppState, it: &Versioned<Item>) -> ApiResult<ItemView> {
    let inds = s.store.item_indicators(it.value.id).await?;
    let plain: Vec<_> = inds.iter().map(|i| i.value.clone()).collect();
    let judged = judge_part(
        &s.store,
        it.value.plan_id,
        std::slice::from_ref(&it.value),
        &plain,
        None,
    )
    .await?;
    let mut v = ItemView::of(&it.value, it.version);
    v.planned_investment = s.store.planned_investment(it.value.id).await?;
    v.funding = item_funding(s, it).await?;
    if let Some((l, _)) = &judged
        && let Some(st) = l.items.get(&it.value.id)
    {
        v = v.judged(st.status, st.completion);
    }
    let changes = s
        .store
        .plan_target_changes(
            it.value.plan_id,
            Some(duban_domain::requests::RequestState::Approved),
        )
        .await?;
    v.indicators = Some(
        inds.iter()
            .map(|i| {
                let iv = IndicatorView::of(&i.value, i.version).adjusted(&changes, None);
                match &judged {
                    Some((l, figs)) => match l.indicators.get(&i.value.id) {
                        Some(p) => {
                            let mut iv =
                                iv.with_progress(&i.value, p, &readings_of(figs, i.value.id));
                            iv.forecast = l.forecasts.get(&i.value.id).map(ForecastView::of);
                            iv
                        }
                        None => iv,
                    },
                    None => iv,
                }
            })
            .collect(),
    );
    Ok(v)
}

/// The item's approved funding as of the plan's latest period, against its planned
/// investment; none before the plan has a period.
pub(crate) async fn item_funding(
    s: &AppState,
    it: &Versioned<Item>,
) -> ApiResult<Option<RollupView>> {
    let Some(latest) = s.store.periods(it.value.plan_id).await?.into_iter().next() else {
        return Ok(None);
    };
    let approved = s.store.approved_funding(latest.value.id).await?;
    let lines = approved
        .iter()
        .filter(|a| a.item_id == it.value.id)
        .flat_map(|a| a.lines.iter());
    let planned = s.store.planned_investment(it.value.id).await?;
    Ok(Some(RollupView::of(&roll_up(lines, [planned]))))
}

/// 实事详情 Read an item with its indicators and their progress.
#[utoipa::path(get, path = "/api/v1/items/{id}", tag = "items", params(("id" = i64, Path)),
    responses((status = 200, body = ItemView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_item(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<ItemView>> {
    auth.require(reads_plans(auth.role()))?;
    let it = s.store.item(ItemId(id)).await?;
    Ok(Tagged::ok(it.version, item_view(&s, &it).await?))
}

/// 修改实事 Change an item (office); needs If-Match.
#[utoipa::path(patch, path = "/api/v1/items/{id}", tag = "items", request_body = ItemPatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the item's ETag")),
    responses((status = 200, body = ItemView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_item(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(p): Json<ItemPatch>,
) -> ApiResult<Tagged<ItemView>> {
    let it = update(&s, &auth, ItemId(id), version, &p).await?;
    let mut v = ItemView::of(&it.value, it.version);
    v.planned_investment = s.store.planned_investment(it.value.id).await?;
    Ok(Tagged::ok(it.version, v))
}

/// Changes an item, if still at `version`: the one path for the API and the set-up
/// page.
pub(crate) async fn update(
    s: &AppState,
    auth: &Auth,
    id: ItemId,
    version: i64,
    p: &ItemPatch,
) -> ApiResult<Versioned<Item>> {
    auth.require(manages_plans(auth.role()))?;
    let cur = s.store.item(id).await?.value;
    let f = ItemFields::parse(
        p.area_id.map(AreaId).unwrap_or(cur.area_id),
        p.number.unwrap_or(cur.number),
        p.title.as_deref().unwrap_or(&cur.title),
        p.lead_unit_id.map(UnitId).unwrap_or(cur.lead_unit_id),
        p.co_unit_ids
            .as_deref()
            .map(|v| ids(v, UnitId))
            .unwrap_or(cur.co_unit_ids),
        p.region_ids
            .as_deref()
            .map(|v| ids(v, UnitId))
            .unwrap_or(cur.region_ids),
        p.leader.as_deref().or(cur.leader.as_deref()),
    );
    let planned = match p.planned_investment {
        Patch::Keep => Ok(s.store.planned_investment(id).await?),
        Patch::Clear => Ok(None),
        Patch::Set(v) => planned_investment(Some(v)),
    };
    let f = with_planned(f, planned)?;
    Ok(s.store
        .update_item(id, version, &f, Change::now(Some(auth.user.id)))
        .await?)
}

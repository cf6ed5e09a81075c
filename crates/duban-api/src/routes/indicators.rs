//! Indicators (指标) of an item, with their targets, regional split and quarterly plan.

use axum::extract::State;
use duban_domain::access::{manages_plans, reads_plans};
use duban_domain::indicator::{IndicatorFields, IndicatorInput as Raw};
use duban_domain::{Decimal, Indicator, IndicatorId, ItemId, RegionTarget, UnitId};
use duban_store::{Change, Versioned};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::plans::{judge_part, readings_of};
use super::views::IndicatorView;
use super::{List, Tagged};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, Problem};
use crate::extract::{IfMatch, Json, Patch, PathId};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_indicators, create_indicator))
        .routes(routes!(get_indicator, update_indicator))
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionTargetInput {
    pub region_id: i64,
    #[schema(value_type = Option<f64>)]
    pub target: Option<Decimal>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    /// Order within the item; defaults to after the last.
    pub seq: Option<i64>,
    pub name: String,
    /// cumulative | ceiling | rate | stage | qualitative
    pub kind: String,
    /// Unit of measure as printed: 人, 万人, 亿元, 公里, %, …
    pub unit: Option<String>,
    #[schema(value_type = Option<f64>)]
    pub target: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub baseline: Option<Decimal>,
    /// Fractional digits to print, 0 to 4.
    pub decimals: Option<i64>,
    /// Stage indicators: the ordered stages.
    pub stages: Option<Vec<String>>,
    #[serde(default)]
    pub regions: Vec<RegionTargetInput>,
    /// Planned cumulative values at the end of Q1..Q4.
    #[schema(value_type = Option<Vec<f64>>)]
    pub quarterly: Option<[Decimal; 4]>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorPatch {
    pub seq: Option<i64>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub unit: Option<String>,
    /// null clears it.
    #[serde(default)]
    #[schema(value_type = Option<f64>)]
    pub target: Patch<Decimal>,
    #[serde(default)]
    #[schema(value_type = Option<f64>)]
    pub baseline: Patch<Decimal>,
    pub decimals: Option<i64>,
    pub stages: Option<Vec<String>>,
    pub regions: Option<Vec<RegionTargetInput>>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<f64>>)]
    pub quarterly: Patch<[Decimal; 4]>,
}

pub(super) fn regions(v: &[RegionTargetInput]) -> Vec<RegionTarget> {
    v.iter()
        .map(|r| RegionTarget {
            region_id: UnitId(r.region_id),
            target: r.target,
        })
        .collect()
}

/// 指标列表 List an item's indicators.
#[utoipa::path(get, path = "/api/v1/items/{id}/indicators", tag = "indicators", params(("id" = i64, Path)),
    responses((status = 200, body = List<IndicatorView>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn list_indicators(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<List<IndicatorView>>> {
    auth.require(reads_plans(auth.role()))?;
    let item = s.store.item(ItemId(id)).await?;
    let view = super::items::item_view(&s, &item).await?;
    let items = view.indicators.unwrap_or_default();
    Ok(axum::Json(List::all(items)))
}

/// 新建指标 Add an indicator to an item (office).
#[utoipa::path(post, path = "/api/v1/items/{id}/indicators", tag = "indicators", params(("id" = i64, Path)),
    request_body = IndicatorInput,
    responses((status = 201, body = IndicatorView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_indicator(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<IndicatorInput>,
) -> ApiResult<Tagged<IndicatorView>> {
    let ind = create(&s, &auth, ItemId(id), i).await?;
    let loc = format!("/api/v1/indicators/{}", ind.value.id);
    Ok(Tagged::created(
        ind.version,
        IndicatorView::of(&ind.value, ind.version),
        loc,
    ))
}

/// Adds an indicator to an item: the one path for the API and the set-up page.
pub(crate) async fn create(
    s: &AppState,
    auth: &Auth,
    item: ItemId,
    i: IndicatorInput,
) -> ApiResult<Versioned<Indicator>> {
    auth.require(manages_plans(auth.role()))?;
    s.store.item(item).await?;
    let seq = match i.seq {
        Some(n) => n,
        None => s
            .store
            .item_indicators(item)
            .await?
            .last()
            .map_or(1, |x| x.value.seq + 1),
    };
    let f = IndicatorFields::parse(Raw {
        seq,
        name: &i.name,
        kind: &i.kind,
        unit: i.unit.as_deref(),
        target: i.target,
        baseline: i.baseline,
        decimals: i.decimals,
        stages: i.stages,
        regions: regions(&i.regions),
        quarterly: i.quarterly,
    })?;
    Ok(s.store
        .create_indicator(item, &f, Change::now(Some(auth.user.id)))
        .await?)
}

/// 指标详情 Read an indicator with its progress at the latest period.
#[utoipa::path(get, path = "/api/v1/indicators/{id}", tag = "indicators", params(("id" = i64, Path)),
    responses((status = 200, body = IndicatorView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_indicator(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<IndicatorView>> {
    auth.require(reads_plans(auth.role()))?;
    let ind = s.store.indicator(IndicatorId(id)).await?;
    let item = s.store.item(ind.value.item_id).await?.value;
    let judged = judge_part(
        &s.store,
        item.plan_id,
        &[item],
        std::slice::from_ref(&ind.value),
        None,
    )
    .await?;
    let changes = s.store.indicator_target_changes(ind.value.id).await?;
    let mut v = IndicatorView::of(&ind.value, ind.version).adjusted(&changes, None);
    if let Some((l, figs)) = judged
        && let Some(p) = l.indicators.get(&ind.value.id)
    {
        v = v.with_progress(&ind.value, p, &readings_of(&figs, ind.value.id));
        v.forecast = l
            .forecasts
            .get(&ind.value.id)
            .map(super::views::ForecastView::of);
    }
    Ok(Tagged::ok(ind.version, v))
}

/// 修改指标 Change an indicator (office); targets are locked once the plan is approved.
#[utoipa::path(patch, path = "/api/v1/indicators/{id}", tag = "indicators", request_body = IndicatorPatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the indicator's ETag")),
    responses((status = 200, body = IndicatorView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_indicator(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(p): Json<IndicatorPatch>,
) -> ApiResult<Tagged<IndicatorView>> {
    let ind = update(&s, &auth, IndicatorId(id), version, p).await?;
    Ok(Tagged::ok(
        ind.version,
        IndicatorView::of(&ind.value, ind.version),
    ))
}

/// Changes an indicator, if still at `version` (targets are locked once the plan is
/// approved): the one path for the API and the set-up page.
pub(crate) async fn update(
    s: &AppState,
    auth: &Auth,
    id: IndicatorId,
    version: i64,
    p: IndicatorPatch,
) -> ApiResult<Versioned<Indicator>> {
    auth.require(manages_plans(auth.role()))?;
    let cur = s.store.indicator(id).await?.value;
    let kind = p.kind.unwrap_or_else(|| cur.kind.as_str().to_string());
    let f = IndicatorFields::parse(Raw {
        seq: p.seq.unwrap_or(cur.seq),
        name: p.name.as_deref().unwrap_or(&cur.name),
        kind: &kind,
        unit: Some(p.unit.as_deref().unwrap_or(&cur.unit)),
        target: p.target.apply(cur.target),
        baseline: p.baseline.apply(cur.baseline),
        decimals: Some(p.decimals.unwrap_or(cur.decimals as i64)),
        // A kind that has no stages drops the old stage list unless new stages are given.
        stages: p
            .stages
            .or_else(|| (kind == "stage").then(|| cur.stages.clone())),
        regions: p.regions.as_deref().map(regions).unwrap_or(cur.regions),
        quarterly: p.quarterly.apply(cur.quarterly.map(|q| q.0)),
    })?;
    Ok(s.store
        .update_indicator(id, version, &f, Change::now(Some(auth.user.id)))
        .await?)
}

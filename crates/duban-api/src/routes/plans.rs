//! Plans (年度计划): the tree of areas, items and indicators, judged at a period.

use std::collections::HashMap;

use axum::extract::State;
use duban_domain::access::{manages_plans, reads_plans};
use duban_domain::ledger::evaluate_with;
use duban_domain::plan::PlanFields;
use duban_domain::{Decimal, Figure, PeriodLabel, Plan, PlanId, PlanState};
use duban_store::{Change, Store, Versioned};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::{AreaView, CountsView, IndicatorView, ItemView, PeriodView, PlanView, Readings};
use super::{List, PageParams, Tagged, as_of_end};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{IfMatch, Json, PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_plans, create_plan))
        .routes(routes!(get_plan, update_plan))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    pub year: Option<i32>,
    /// `summary` leaves out areas, items and indicators.
    #[param(pattern = "^(full|summary)$")]
    pub view: Option<String>,
    /// The period to judge at, `YYYY-MM`; the latest period when absent.
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub period: Option<String>,
    /// Judge from the figures approved by the end of this day, `YYYY-MM-DD`.
    #[param(format = Date)]
    pub as_of: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanGetQuery {
    #[param(pattern = "^(full|summary)$")]
    pub view: Option<String>,
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub period: Option<String>,
    #[param(format = Date)]
    pub as_of: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    pub year: i64,
    pub title: String,
    #[schema(value_type = Option<f64>)]
    pub lagging_threshold: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub serious_threshold: Option<Decimal>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanPatch {
    pub year: Option<i64>,
    pub title: Option<String>,
    #[schema(value_type = Option<f64>)]
    pub lagging_threshold: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub serious_threshold: Option<Decimal>,
    /// draft | approved. Approving locks the targets.
    pub state: Option<String>,
}

/// How to show a plan.
pub struct Shape {
    pub full: bool,
    pub period: Option<PeriodLabel>,
    pub as_of: Option<i64>,
}

impl Shape {
    fn parse(view: Option<&str>, period: Option<&str>, as_of: Option<&str>) -> ApiResult<Shape> {
        let full = match view {
            None | Some("full") => true,
            Some("summary") => false,
            Some(_) => {
                return Err(ApiError::bad_request(
                    "view 须为 full 或 summary",
                    "view must be full or summary",
                ));
            }
        };
        let period = period
            .map(|p| super::query_period("period", p))
            .transpose()?;
        Ok(Shape {
            full,
            period,
            as_of: as_of_end(as_of)?,
        })
    }
}

/// A plan with its areas, items and indicators, judged at the period asked for (or the
/// latest) from the figures approved by then.
pub async fn plan_view(
    store: &Store,
    plan: &Versioned<Plan>,
    shape: &Shape,
) -> ApiResult<PlanView> {
    let p = &plan.value;
    let mut view = PlanView::summary(p, plan.version);
    let periods = store.periods(p.id).await?;
    let period = match shape.period {
        Some(label) => Some(
            periods
                .iter()
                .find(|x| x.value.label == label)
                .ok_or_else(|| super::unknown_period("period", label))?,
        ),
        None => periods.first(),
    };
    // As of a past day, the tree is read back from history; else the current one.
    let (areas, items, indicators, versions) = match shape.as_of {
        Some(at) => {
            let t = store.plan_tree_as_of(p.id, at).await?;
            let mut versions = HashMap::new();
            versions.extend(t.items.iter().map(|(v, i)| (("item", i.id.0), *v)));
            versions.extend(
                t.indicators
                    .iter()
                    .map(|(v, i)| (("indicator", i.id.0), *v)),
            );
            let areas = t
                .areas
                .into_iter()
                .map(|(version, value)| Versioned {
                    value,
                    version,
                    created_at: 0,
                    updated_at: 0,
                })
                .collect::<Vec<_>>();
            let items = t.items.into_iter().map(|(_, i)| i).collect();
            let indicators = t.indicators.into_iter().map(|(_, i)| i).collect();
            (areas, items, indicators, versions)
        }
        None => {
            let mut versions = HashMap::new();
            if shape.full {
                versions.extend(
                    store
                        .plan_item_versions(p.id)
                        .await?
                        .into_iter()
                        .map(|(id, v)| (("item", id), v)),
                );
                versions.extend(
                    store
                        .plan_indicator_versions(p.id)
                        .await?
                        .into_iter()
                        .map(|(id, v)| (("indicator", id), v)),
                );
            }
            (
                store.areas(p.id).await?,
                store.plan_items(p.id).await?,
                store.plan_indicators(p.id).await?,
                versions,
            )
        }
    };
    let sourced = match period {
        Some(per) => {
            store
                .approved_figures(per.value.id, shape.as_of.unwrap_or(i64::MAX))
                .await?
        }
        None => Vec::new(),
    };
    let figures: Vec<Figure> = sourced.iter().map(|s| s.figure).collect();
    let history = match period {
        Some(per) => {
            store
                .value_history(
                    p,
                    &indicators,
                    per.value.label,
                    shape.as_of.unwrap_or(i64::MAX),
                )
                .await?
        }
        None => Default::default(),
    };
    let ledger = period.map(|per| {
        evaluate_with(
            p,
            &unversion(&areas),
            &items,
            &indicators,
            per.value.cutoff,
            &figures,
            &history,
        )
    });
    if let (Some(per), Some(l)) = (period, &ledger) {
        view.period = Some(PeriodView::of(&per.value, per.version));
        view.status = l.status.map(|s| s.as_str().into());
        view.status_label = l.status.map(|s| s.label_zh().into());
        view.completion = l.completion;
        view.counts = Some(CountsView::from(l.counts));
    }
    if !shape.full {
        return Ok(view);
    }
    let changes = store
        .plan_target_changes(p.id, Some(duban_domain::requests::RequestState::Approved))
        .await?;
    let mut area_views = Vec::with_capacity(areas.len());
    for a in &areas {
        let standing = ledger.as_ref().and_then(|l| l.areas.get(&a.value.id));
        let mut item_views = Vec::new();
        for it in items.iter().filter(|i| i.area_id == a.value.id) {
            let version = versions.get(&("item", it.id.0)).copied().unwrap_or(1);
            let mut iv = ItemView::of(it, version);
            if let Some(st) = ledger.as_ref().and_then(|l| l.items.get(&it.id)) {
                iv = iv.judged(st.status, st.completion);
            }
            let inds = indicators
                .iter()
                .filter(|i| i.item_id == it.id)
                .map(|i| {
                    let v = IndicatorView::of(
                        i,
                        versions.get(&("indicator", i.id.0)).copied().unwrap_or(1),
                    )
                    .adjusted(&changes, shape.as_of);
                    match ledger.as_ref().and_then(|l| l.indicators.get(&i.id)) {
                        Some(prog) => v.with_progress(i, prog, &readings_of(&figures, i.id)),
                        None => v,
                    }
                })
                .collect();
            iv.indicators = Some(inds);
            item_views.push(iv);
        }
        area_views.push(AreaView {
            id: a.value.id.0,
            plan_id: a.value.plan_id.0,
            seq: a.value.seq,
            title: a.value.title.clone(),
            version: a.version,
            status: standing.map(|s| s.status.as_str().into()),
            status_label: standing.map(|s| s.status.label_zh().into()),
            completion: standing.and_then(|s| s.completion),
            counts: standing.map(|s| CountsView::from(s.counts)),
            items: Some(item_views),
        });
    }
    view.areas = Some(area_views);
    Ok(view)
}

fn unversion<T: Clone>(v: &[Versioned<T>]) -> Vec<T> {
    v.iter().map(|x| x.value.clone()).collect()
}

pub fn readings_of(figures: &[Figure], id: duban_domain::IndicatorId) -> Readings {
    let mut r = Readings::default();
    for f in figures.iter().filter(|f| f.indicator_id == id) {
        match f.region_id {
            None => r.total = Some(f.reading),
            Some(reg) => r.regional.push((reg, f.reading)),
        }
    }
    r
}

/// 计划列表 List plans, each with its areas, items and indicators judged at the latest period.
#[utoipa::path(get, path = "/api/v1/plans", tag = "plans", params(PlanQuery),
    responses((status = 200, body = List<PlanView>), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem)))]
async fn list_plans(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<PlanQuery>,
) -> ApiResult<axum::Json<List<PlanView>>> {
    auth.require(reads_plans(auth.role()))?;
    let shape = Shape::parse(q.view.as_deref(), q.period.as_deref(), q.as_of.as_deref())?;
    let page = PageParams {
        page: q.page,
        per_page: q.per_page,
    }
    .page()?;
    let plans = s.store.plans(q.year, page).await?;
    let mut items = Vec::with_capacity(plans.items.len());
    for p in &plans.items {
        // A period named for the list applies to the plans that have it.
        let shape = Shape {
            period: match shape.period {
                Some(l) if l.year == p.value.year => Some(l),
                _ => None,
            },
            ..shape
        };
        items.push(plan_view(&s.store, p, &shape).await?);
    }
    Ok(axum::Json(List {
        items,
        total: plans.total,
        page: plans.page,
        per_page: plans.per_page,
    }))
}

/// 新建计划 Create a plan (office).
#[utoipa::path(post, path = "/api/v1/plans", tag = "plans", request_body = PlanInput,
    responses((status = 201, body = PlanView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
async fn create_plan(
    State(s): State<AppState>,
    auth: Auth,
    Json(i): Json<PlanInput>,
) -> ApiResult<Tagged<PlanView>> {
    let p = create(&s, &auth, &i).await?;
    let loc = format!("/api/v1/plans/{}", p.value.id);
    Ok(Tagged::created(
        p.version,
        PlanView::summary(&p.value, p.version),
        loc,
    ))
}

/// Creates a plan: the one path for the API and the set-up page.
pub(crate) async fn create(s: &AppState, auth: &Auth, i: &PlanInput) -> ApiResult<Versioned<Plan>> {
    auth.require(manages_plans(auth.role()))?;
    let f = PlanFields::parse(i.year, &i.title, i.lagging_threshold, i.serious_threshold)?;
    Ok(s.store
        .create_plan(&f, Change::now(Some(auth.user.id)))
        .await?)
}

/// 计划详情 Read a plan, judged at a period; `as_of` shows it as it stood on that day.
#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "plans", params(("id" = i64, Path), PlanGetQuery),
    responses((status = 200, body = PlanView), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_plan(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<PlanGetQuery>,
) -> ApiResult<Tagged<PlanView>> {
    auth.require(reads_plans(auth.role()))?;
    let shape = Shape::parse(q.view.as_deref(), q.period.as_deref(), q.as_of.as_deref())?;
    let current = s.store.plan(PlanId(id)).await?;
    let plan = match shape.as_of {
        None => current,
        Some(at) => {
            let (version, value) = s
                .store
                .as_of::<Plan>("plan", id, at)
                .await?
                .ok_or(ApiError::NotFound { entity: "plan", id })?;
            Versioned {
                value,
                version,
                ..current
            }
        }
    };
    let view = plan_view(&s.store, &plan, &shape).await?;
    Ok(Tagged::ok(plan.version, view))
}

/// 修改计划 Change a plan or approve it (office); needs If-Match.
#[utoipa::path(patch, path = "/api/v1/plans/{id}", tag = "plans", request_body = PlanPatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the plan's ETag")),
    responses((status = 200, body = PlanView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_plan(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(p): Json<PlanPatch>,
) -> ApiResult<Tagged<PlanView>> {
    let v = update(&s, &auth, PlanId(id), version, &p).await?;
    Ok(Tagged::ok(
        v.version,
        PlanView::summary(&v.value, v.version),
    ))
}

/// Changes a plan or approves it, if still at `version`: the one path for the API and
/// the set-up page.
pub(crate) async fn update(
    s: &AppState,
    auth: &Auth,
    id: PlanId,
    version: i64,
    p: &PlanPatch,
) -> ApiResult<Versioned<Plan>> {
    auth.require(manages_plans(auth.role()))?;
    let cur = s.store.plan(id).await?.value;
    let state = match p.state.as_deref() {
        None => cur.state,
        Some(x) => PlanState::parse(x).ok_or_else(|| {
            duban_domain::Invalid::one(duban_domain::FieldError::new(
                "state",
                "unknown_state",
                "状态须为 draft 或 approved",
                "state must be draft or approved",
            ))
        })?,
    };
    let f = PlanFields::parse(
        p.year.unwrap_or(cur.year as i64),
        p.title.as_deref().unwrap_or(&cur.title),
        Some(p.lagging_threshold.unwrap_or(cur.thresholds.lagging)),
        Some(p.serious_threshold.unwrap_or(cur.thresholds.serious)),
    )?;
    Ok(s.store
        .update_plan(id, version, &f, state, Change::now(Some(auth.user.id)))
        .await?)
}

/// The figures and judgement of some items of a plan at the latest period (or the one
/// named), for pages that show part of a plan.
pub async fn judge_part(
    store: &Store,
    plan_id: PlanId,
    items: &[duban_domain::Item],
    indicators: &[duban_domain::Indicator],
    period: Option<PeriodLabel>,
) -> ApiResult<Option<(duban_domain::ledger::Ledger, Vec<Figure>)>> {
    let plan = store.plan(plan_id).await?.value;
    let periods = store.periods(plan_id).await?;
    let per = match period {
        Some(l) => periods.iter().find(|p| p.value.label == l),
        None => periods.first(),
    };
    let Some(per) = per else { return Ok(None) };
    let figures: Vec<Figure> = store
        .approved_figures(per.value.id, i64::MAX)
        .await?
        .into_iter()
        .map(|s| s.figure)
        .collect();
    let history = store
        .value_history(&plan, indicators, per.value.label, i64::MAX)
        .await?;
    let ledger = evaluate_with(
        &plan,
        &[],
        items,
        indicators,
        per.value.cutoff,
        &figures,
        &history,
    );
    Ok(Some((ledger, figures)))
}

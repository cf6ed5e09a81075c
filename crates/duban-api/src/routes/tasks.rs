//! 一表通: what a unit owes in a period, in one list, prefilled with its last approved
//! figures, beside the state of each report it has started.

use axum::extract::State;
use duban_domain::duty::{Capacity, duties};
use duban_domain::{ItemId, PeriodId, Role, UnitId};
use duban_store::Change;
use duban_store::reports::{ReportAction, ReportContent, ReportFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::reports::{FigureInput, figure_of, parse_figures};
use super::review::warnings_of;
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{OptionalJson, PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(period_tasks))
        .routes(routes!(no_change))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    /// The unit; a unit's own people may leave it out.
    pub unit_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OwedView {
    pub indicator_id: i64,
    pub region_id: Option<i64>,
    pub name: String,
    /// cumulative | ceiling | rate | stage | qualitative
    pub kind: String,
    pub unit: String,
    pub stages: Vec<String>,
    /// The last approved figure (this period's if approved, else the latest earlier
    /// one): what the form is prefilled with.
    pub last_approved: Option<FigureInput>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TaskView {
    pub item_id: i64,
    pub item_number: i64,
    pub item_title: String,
    /// lead | co_unit | region
    pub capacity: String,
    pub capacity_label: String,
    pub figures: Vec<OwedView>,
    /// The unit's report on this item for the period, if started.
    pub report_id: Option<i64>,
    /// missing | draft | submitted | reviewed | approved | returned
    pub state: String,
    pub report_version: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TasksView {
    pub period_id: i64,
    pub label: String,
    pub deadline: String,
    pub unit_id: i64,
    pub tasks: Vec<TaskView>,
    /// How many tasks have no report submitted yet (missing, draft or returned).
    pub outstanding: usize,
}

fn capacity_str(c: Capacity) -> &'static str {
    match c {
        Capacity::Lead => "lead",
        Capacity::CoUnit => "co_unit",
        Capacity::Region => "region",
    }
}

/// 本期任务(一表通) What a unit owes in a period, prefilled with its last approved figures.
#[utoipa::path(get, path = "/api/v1/periods/{id}/tasks", tag = "periods", params(("id" = i64, Path), TaskQuery),
    responses((status = 200, body = TasksView), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn period_tasks(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<TaskQuery>,
) -> ApiResult<axum::Json<TasksView>> {
    let unit = match (auth.role(), q.unit_id.map(UnitId)) {
        (Role::Office | Role::Leader | Role::Evaluator, Some(u)) => u,
        (Role::Reporter | Role::Reviewer, u) if u.is_none() || u == auth.user.unit_id => {
            auth.user.unit_id.ok_or(ApiError::Forbidden)?
        }
        // Required for these roles only, so the document cannot say it: a 422.
        (Role::Office | Role::Leader | Role::Evaluator, None) => {
            return Err(super::unit_required());
        }
        _ => return Err(ApiError::Forbidden),
    };
    Ok(axum::Json(tasks_of(&s, PeriodId(id), unit).await?))
}

/// The unit's tasks in the period, each prefilled and with its report's state.
pub(crate) async fn tasks_of(s: &AppState, period: PeriodId, unit: UnitId) -> ApiResult<TasksView> {
    let period = s.store.period(period).await?.value;
    s.store.unit(unit).await?;
    let items = s.store.plan_items(period.plan_id).await?;
    let indicators = s.store.plan_indicators(period.plan_id).await?;
    let filter = ReportFilter {
        period_id: Some(period.id),
        unit_id: Some(unit),
        ..ReportFilter::default()
    };
    // Every page of them: a unit of a large plan has more reports than a page holds.
    let mut reports = Vec::new();
    for n in 1.. {
        let page = duban_store::Page {
            page: n,
            per_page: duban_store::Page::MAX_PER_PAGE,
        };
        let got = s.store.reports(&filter, page).await?;
        let done = got.items.len() < page.per_page as usize;
        reports.extend(got.items);
        if done || reports.len() as i64 >= got.total {
            break;
        }
    }
    let by_id: std::collections::HashMap<_, _> = indicators.iter().map(|i| (i.id, i)).collect();
    let mut tasks = Vec::new();
    for duty in duties(unit, &items, &indicators) {
        let Some(item) = items.iter().find(|i| i.id == duty.item_id) else {
            continue;
        };
        let report = reports.iter().find(|r| r.value.item_id == item.id);
        // This period's approved figures first, else the latest earlier approved ones.
        let mut sources = Vec::new();
        if let Some(r) = report.filter(|r| r.value.approved_version.is_some()) {
            let v = r.value.approved_version.unwrap_or(r.value.current_version);
            if let Some(ver) = s
                .store
                .report_versions(r.value.id)
                .await?
                .into_iter()
                .find(|x| x.version == v)
            {
                sources.push(ver.figures);
            }
        }
        sources.extend(s.store.earlier_approved(item.id, unit, period.id).await?);
        let figures = duty
            .figures
            .iter()
            .filter_map(|o| {
                let ind = by_id.get(&o.indicator_id)?;
                let last = sources
                    .iter()
                    .find_map(|fs| {
                        fs.iter().find(|f| {
                            f.indicator_id == o.indicator_id && f.region_id == o.region_id
                        })
                    })
                    .map(|f| figure_of(f, Some(ind)));
                Some(OwedView {
                    indicator_id: ind.id.0,
                    region_id: o.region_id.map(|r| r.0),
                    name: ind.name.clone(),
                    kind: ind.kind.as_str().into(),
                    unit: ind.unit.clone(),
                    stages: ind.stages.clone(),
                    last_approved: last,
                })
            })
            .collect();
        tasks.push(TaskView {
            item_id: item.id.0,
            item_number: item.number,
            item_title: item.title.clone(),
            capacity: capacity_str(duty.capacity).into(),
            capacity_label: duty.capacity.label_zh().into(),
            figures,
            report_id: report.map(|r| r.value.id.0),
            state: report.map_or("missing", |r| r.value.state.as_str()).into(),
            report_version: report.map(|r| r.version),
        });
    }
    let outstanding = tasks
        .iter()
        .filter(|t| matches!(t.state.as_str(), "missing" | "draft" | "returned"))
        .count();
    Ok(TasksView {
        period_id: period.id.0,
        label: period.label.to_string(),
        deadline: period.deadline.to_string(),
        unit_id: unit.0,
        tasks,
        outstanding,
    })
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoChangeInput {
    /// The reporter's own unit; may be left out.
    pub unit_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoChangeView {
    /// Reports created with the last approved figures and submitted.
    pub submitted: Vec<i64>,
    /// Reports created but left as drafts: their figures raise consistency warnings,
    /// which need the reporter's reasons (see `/reports/{id}/checks`).
    pub need_reasons: Vec<i64>,
    /// Items with nothing to confirm: no approved figures yet to carry forward.
    pub skipped_items: Vec<i64>,
}

/// 一键确认无变化 Confirm "no change" for every task not yet started: each becomes a
/// report with the last approved figures, submitted (the unit's reporter).
#[utoipa::path(post, path = "/api/v1/periods/{id}/no-change", tag = "periods", params(("id" = i64, Path)),
    request_body(content = Option<NoChangeInput>, description = "optional"),
    responses((status = 200, body = NoChangeView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn no_change(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    OptionalJson(body): OptionalJson<NoChangeInput>,
) -> ApiResult<axum::Json<NoChangeView>> {
    let own = auth.user.unit_id;
    let asked = body.and_then(|b| b.unit_id).map(UnitId);
    auth.require(auth.role() == Role::Reporter && (asked.is_none() || asked == own))?;
    let unit = own.ok_or(ApiError::Forbidden)?;
    let tasks = tasks_of(&s, PeriodId(id), unit).await?;
    let mut out = NoChangeView {
        submitted: Vec::new(),
        need_reasons: Vec::new(),
        skipped_items: Vec::new(),
    };
    for t in tasks.tasks.iter().filter(|t| t.state == "missing") {
        let last: Vec<FigureInput> = t
            .figures
            .iter()
            .filter_map(|f| f.last_approved.clone())
            .collect();
        if last.is_empty() && !t.figures.is_empty() {
            out.skipped_items.push(t.item_id);
            continue;
        }
        let inds = s.store.item_indicators(ItemId(t.item_id)).await?;
        let content = ReportContent {
            figures: parse_figures(&last, &inds)?,
            narrative: Some("本期无新变化".to_string()),
            funding: Vec::new(),
        };
        let change = Change::now(Some(auth.user.id));
        let r = s
            .store
            .create_report(PeriodId(id), ItemId(t.item_id), unit, &content, change)
            .await?;
        if warnings_of(&s, &r.value).await?.is_empty() {
            s.store
                .report_action(
                    r.value.id,
                    r.version,
                    ReportAction::Submit,
                    None,
                    &[],
                    change,
                )
                .await?;
            out.submitted.push(r.value.id.0);
        } else {
            out.need_reasons.push(r.value.id.0);
        }
    }
    Ok(axum::Json(out))
}

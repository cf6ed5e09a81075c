//! 计划结构导出与导入: a plan's areas, items, indicators, regional split and quarterly
//! plan as a workbook (`duban_domain::plan_sheet`), and such a workbook imported —
//! checked in full first (every error by sheet, row and column, nothing written),
//! previewed on a dry run, then written in one transaction by stable keys
//! (`Store::apply_plan_structure`). The office's work.

use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use duban_domain::access::manages_plans;
use duban_domain::plan_sheet::{Action, Changes, plan_workbook, read_plan};
use duban_domain::{FieldError, Invalid, PlanId};
use duban_store::Change;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::exports::{Format, download, encode};
use super::imports::import_errors;
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export_structure, import_structure))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StructureQuery {
    /// Check and preview only; nothing is written.
    pub dry_run: Option<bool>,
}

/// What the import does to one row, by its key.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RowChange {
    /// area | item | indicator
    pub kind: &'static str,
    /// The row's key: an area's 序号, an item's number, `item/序号` for an indicator.
    pub key: String,
    /// create | update | unchanged
    pub action: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StructureView {
    pub dry_run: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rows: Vec<RowChange>,
}

fn action(a: Action) -> &'static str {
    match a {
        Action::Create => "create",
        Action::Update => "update",
        Action::Unchanged => "unchanged",
    }
}

fn view(c: &Changes, dry_run: bool) -> StructureView {
    let rows: Vec<RowChange> = c
        .areas
        .iter()
        .map(|(k, a)| ("area", k.to_string(), *a))
        .chain(c.items.iter().map(|(k, a)| ("item", k.to_string(), *a)))
        .chain(
            c.indicators
                .iter()
                .map(|((i, s), a)| ("indicator", format!("{i}/{s}"), *a)),
        )
        .map(|(kind, key, a)| RowChange {
            kind,
            key,
            action: action(a),
        })
        .collect();
    let count = |a: &str| rows.iter().filter(|r| r.action == a).count();
    StructureView {
        dry_run,
        created: count("create"),
        updated: count("update"),
        unchanged: count("unchanged"),
        rows,
    }
}

/// 导出计划结构 The plan's structure as a workbook of four sheets (领域, 实事, 指标,
/// 分解): the layout the import reads.
#[utoipa::path(get, path = "/api/v1/plans/{id}/structure", tag = "plans",
    params(("id" = i64, Path)),
    responses((status = 200, description = "the workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn export_structure(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Response> {
    auth.require(manages_plans(auth.role()))?;
    let plan = s.store.plan(PlanId(id)).await?.value;
    let structure = s.store.plan_structure(plan.id).await?;
    let units = s.store.all_units().await?;
    let book = plan_workbook(&plan.title, &structure, &units);
    let bytes = encode(&book, Format::Xlsx)?;
    Ok(download(&book, Format::Xlsx, bytes))
}

/// Checks a plan structure workbook and, unless `dry_run`, writes it into `plan`: the
/// one path for the API and the command line.
pub async fn run_structure_import(
    s: &AppState,
    auth: &Auth,
    plan: PlanId,
    bytes: &[u8],
    dry_run: bool,
) -> ApiResult<StructureView> {
    auth.require(manages_plans(auth.role()))?;
    s.store.plan(plan).await?;
    let sheets = duban_docs::xlsx::read_xlsx(bytes).map_err(|e| {
        ApiError::Invalid(Invalid::one(FieldError::new(
            "file",
            "not_xlsx",
            "文件不是可读取的xlsx工作簿",
            format!("the file is not a readable xlsx workbook ({e})"),
        )))
    })?;
    let units = s.store.all_units().await?;
    let structure = read_plan(&sheets, &units).map_err(import_errors)?;
    let changes = if dry_run {
        let current = s.store.plan_structure(plan).await?;
        duban_domain::plan_sheet::changes(&current, &structure)
    } else {
        s.store
            .apply_plan_structure(plan, &structure, Change::now(Some(auth.user.id)))
            .await?
    };
    Ok(view(&changes, dry_run))
}

/// 导入计划结构 Import a plan structure workbook (the file as the body): checked in
/// full, errors by sheet, row and column (422, nothing written); else a preview
/// (`dry_run=true`) or every row created or updated by its key in one transaction.
#[utoipa::path(post, path = "/api/v1/plans/{id}/structure", tag = "plans",
    params(("id" = i64, Path), StructureQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the plan structure xlsx"),
    responses((status = 200, body = StructureView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 413, body = Problem), (status = 422, body = Problem)))]
async fn import_structure(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<StructureQuery>,
    body: Body,
) -> ApiResult<axum::Json<StructureView>> {
    auth.require(manages_plans(auth.role()))?;
    let body = super::imports::workbook_body(body).await?;
    let v = run_structure_import(&s, &auth, PlanId(id), &body, q.dry_run.unwrap_or(false)).await?;
    Ok(axum::Json(v))
}

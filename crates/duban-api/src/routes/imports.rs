//! 填报模板与导入: a unit's fill-in template for a period (xlsx), and a filled one
//! imported — checked in full first (every error by sheet, row and column), then,
//! unless it is a dry run, each item's draft created or revised — checked by the same
//! path as the fill-in form and the reports API (`reports::new_draft_for`,
//! `reports::revision_of`) and written in one transaction (`Store::write_drafts`): all or
//! nothing.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use duban_domain::template::{Expect, ImportError, Owed, fill_template, read_template};
use duban_domain::{
    FieldError, Figure, Indicator, IndicatorId, Invalid, ItemId, PeriodId, Reading, ReportId, Role,
    UnitId,
};
use duban_store::Change;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::exports::{Format, download, encode};
use super::reports::{
    FigureInput, ReportInput, ReportPatch, figure_out, new_draft_for, revision_of,
};
use super::tasks::{TasksView, tasks_of};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{Patch, PathId, Query};
use crate::progress::{Progress, Quiet};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(template))
        .routes(routes!(import))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TemplateQuery {
    /// The unit (the office asks for any; a reporter gets its own).
    pub unit_id: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Check and preview only; nothing is written.
    pub dry_run: Option<bool>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FigureChange {
    pub indicator_id: i64,
    pub region_id: Option<i64>,
    pub before: Option<FigureInput>,
    pub after: FigureInput,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemChange {
    pub item_id: i64,
    pub item_number: i64,
    pub item_title: String,
    /// create | update | unchanged
    pub action: String,
    pub report_id: Option<i64>,
    pub changes: Vec<FigureChange>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportView {
    pub dry_run: bool,
    /// Drafts created and revised (0 in a dry run).
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub items: Vec<ItemChange>,
}

/// Who a template is for: a reporter's own unit, or the unit the office names.
fn unit_for(auth: &Auth, asked: Option<i64>) -> ApiResult<UnitId> {
    match (auth.role(), asked.map(UnitId)) {
        (Role::Reporter, u) if u.is_none() || u == auth.user.unit_id => {
            auth.user.unit_id.ok_or(ApiError::Forbidden)
        }
        (Role::Office, Some(u)) => Ok(u),
        // Required for the office only, so the document cannot say it: a 422.
        (Role::Office, None) => Err(super::unit_required()),
        _ => Err(ApiError::Forbidden),
    }
}

/// What the template and its import are made from: the tasks, the plan's indicators
/// and every unit.
struct Frame {
    tasks: TasksView,
    indicators: Vec<Indicator>,
    units: Vec<duban_domain::Unit>,
}

impl Frame {
    async fn of(s: &AppState, period: PeriodId, unit: UnitId) -> ApiResult<Frame> {
        let tasks = tasks_of(s, period, unit).await?;
        let p = s.store.period(period).await?.value;
        Ok(Frame {
            tasks,
            indicators: s.store.plan_indicators(p.plan_id).await?,
            units: s.store.all_units().await?,
        })
    }

    fn owed(&self) -> Vec<Owed<'_>> {
        let by_id: std::collections::HashMap<_, _> =
            self.indicators.iter().map(|i| (i.id, i)).collect();
        let mut out = Vec::new();
        for t in &self.tasks.tasks {
            for f in &t.figures {
                let Some(ind) = by_id.get(&IndicatorId(f.indicator_id)).copied() else {
                    continue;
                };
                let region = f
                    .region_id
                    .and_then(|r| self.units.iter().find(|u| u.id == UnitId(r)));
                let last = f.last_approved.as_ref().and_then(|l| reading(ind, l));
                out.push(Owed {
                    item_id: ItemId(t.item_id),
                    item_number: t.item_number,
                    item_title: &t.item_title,
                    indicator: ind,
                    region,
                    last,
                });
            }
        }
        out
    }
}

/// A stored figure's reading, parsed back as the API parses it.
fn reading(ind: &Indicator, f: &FigureInput) -> Option<Reading> {
    let raw = duban_domain::report::FigureInput {
        indicator_id: ind.id,
        region_id: f.region_id.map(UnitId),
        value: f.value,
        stage: f.stage.as_deref(),
        assessment: f.assessment.as_deref(),
    };
    Figure::parse(ind, &raw).ok().map(|f| f.reading)
}

/// 填报模板 A unit's fill-in template for the period: prefilled with the last approved
/// figures, structure locked, stages chosen from lists, a hidden key per row.
#[utoipa::path(get, path = "/api/v1/periods/{id}/template", tag = "periods",
    params(("id" = i64, Path), TemplateQuery),
    responses((status = 200, description = "the template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
              (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn template(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<TemplateQuery>,
) -> ApiResult<Response> {
    let unit = unit_for(&auth, q.unit_id)?;
    let frame = Frame::of(&s, PeriodId(id), unit).await?;
    let u = frame
        .units
        .iter()
        .find(|u| u.id == unit)
        .ok_or(ApiError::NotFound {
            entity: "unit",
            id: unit.0,
        })?;
    let book = fill_template(u, &frame.tasks.label, &frame.owed());
    let bytes = encode(&book, Format::Xlsx)?;
    Ok(download(&book, Format::Xlsx, bytes))
}

/// The import's errors as a 422 problem: each names its place (`填报!H5`).
pub fn import_errors(errors: Vec<ImportError>) -> ApiError {
    let mut bad = Invalid::default();
    for e in errors {
        bad.push(FieldError::new(
            e.place(),
            e.code,
            format!("{}:{}", e.place(), e.zh),
            format!("{}: {}", e.place(), e.en),
        ));
    }
    ApiError::Invalid(bad)
}

/// Checks a filled template of `unit` for `period` and, unless `dry_run`, writes it:
/// the one path for the API, the pages and the CLI.
pub async fn run_import(
    s: &AppState,
    auth: &Auth,
    period: PeriodId,
    bytes: &[u8],
    dry_run: bool,
) -> ApiResult<ImportView> {
    run_import_with(s, auth, period, bytes, dry_run, &Quiet).await
}

/// `run_import`, telling `progress` how far it has come (the CLI's progress bars).
pub async fn run_import_with(
    s: &AppState,
    auth: &Auth,
    period: PeriodId,
    bytes: &[u8],
    dry_run: bool,
    progress: &dyn Progress,
) -> ApiResult<ImportView> {
    let view = import_steps(s, auth, period, bytes, dry_run, progress).await;
    progress.finish();
    view
}

async fn import_steps(
    s: &AppState,
    auth: &Auth,
    period: PeriodId,
    bytes: &[u8],
    dry_run: bool,
    progress: &dyn Progress,
) -> ApiResult<ImportView> {
    let unit = unit_for(auth, None)?;
    progress.step("读取任务 reading the tasks", 0);
    let frame = Frame::of(s, period, unit).await?;
    progress.step("读取工作簿 reading the workbook", 0);
    let sheets = duban_docs::xlsx::read_xlsx(bytes).map_err(|e| {
        ApiError::Invalid(Invalid::one(FieldError::new(
            "file",
            "not_xlsx",
            "文件不是可读取的xlsx工作簿",
            format!("the file is not a readable xlsx workbook ({e})"),
        )))
    })?;
    let Some(sheet) = sheets
        .iter()
        .find(|x| x.name == duban_domain::template::SHEET)
    else {
        return Err(ApiError::Invalid(Invalid::one(FieldError::new(
            "file",
            "no_sheet",
            "工作簿中没有“填报”工作表,请使用下载的模板",
            "the workbook has no sheet 填报; use the downloaded template",
        ))));
    };
    let owed = frame.owed();
    let expect = Expect {
        owed: &owed,
        units: &frame.units,
        indicators: &frame.indicators,
    };
    progress.step("检查各行 checking the rows", 0);
    let figures = read_template(sheet, &expect).map_err(import_errors)?;
    let mut by_item: BTreeMap<ItemId, Vec<Figure>> = BTreeMap::new();
    for f in figures {
        by_item.entry(f.item_id).or_default().push(f.figure);
    }
    // Everything is checked before anything is written: the plan of changes first.
    progress.step("核对 checking the items", by_item.len() as u64);
    let mut planned = Vec::new();
    let mut blocked = Invalid::default();
    for (item, imported) in &by_item {
        progress.advance(1);
        let Some(t) = frame.tasks.tasks.iter().find(|t| t.item_id == item.0) else {
            continue;
        };
        let inds = s.store.item_indicators(*item).await?;
        let report = match t.report_id {
            Some(id) => Some(s.store.report(ReportId(id)).await?.value),
            None => None,
        };
        let current: &[Figure] = report.as_ref().map_or(&[], |r| &r.figures);
        let mut merged = current.to_vec();
        let mut changes = Vec::new();
        for f in imported {
            let before = current
                .iter()
                .find(|c| c.indicator_id == f.indicator_id && c.region_id == f.region_id);
            if before.map(|b| b.reading) != Some(f.reading) {
                changes.push(FigureChange {
                    indicator_id: f.indicator_id.0,
                    region_id: f.region_id.map(|r| r.0),
                    before: before.map(|b| figure_out(b, &inds)),
                    after: figure_out(f, &inds),
                });
            }
            match merged
                .iter_mut()
                .find(|c| c.indicator_id == f.indicator_id && c.region_id == f.region_id)
            {
                Some(c) => c.reading = f.reading,
                None => merged.push(*f),
            }
        }
        let action = match (t.report_id, changes.is_empty()) {
            (None, _) => "create",
            (Some(_), true) => "unchanged",
            (Some(_), false) => "update",
        };
        if action == "update" && !matches!(t.state.as_str(), "draft" | "returned") {
            blocked.push(FieldError::new(
                format!("items/{}", t.item_id),
                "wrong_state",
                format!("第{}项的填报已提交,不能再通过导入修改", t.item_number),
                format!(
                    "item {}'s report is already submitted; an import cannot change it",
                    t.item_number
                ),
            ));
        }
        let inputs: Vec<FigureInput> = merged.iter().map(|f| figure_out(f, &inds)).collect();
        planned.push((
            ItemChange {
                item_id: t.item_id,
                item_number: t.item_number,
                item_title: t.item_title.clone(),
                action: action.into(),
                report_id: t.report_id,
                changes,
            },
            t.report_version,
            inputs,
            inds,
            report,
        ));
    }
    blocked.into_result().map_err(ApiError::Invalid)?;
    let mut view = ImportView {
        dry_run,
        created: 0,
        updated: 0,
        unchanged: 0,
        items: Vec::new(),
    };
    // Checked like the form's drafts (a dry run too), then written together: all or
    // nothing.
    let mut writes = Vec::new();
    for (change, version, inputs, inds, report) in planned {
        match (change.action.as_str(), report, version) {
            ("create", ..) => {
                let input = ReportInput {
                    period_id: period.0,
                    item_id: change.item_id,
                    unit_id: None,
                    figures: inputs,
                    narrative: None,
                    funding: None,
                };
                writes.push(new_draft_for(auth, &input, &inds)?);
                view.created += 1;
            }
            ("update", Some(cur), Some(version)) => {
                let patch = ReportPatch {
                    figures: Some(inputs),
                    funding: None,
                    narrative: Patch::Keep,
                };
                writes.push(revision_of(auth, &cur, version, patch, &inds)?);
                view.updated += 1;
            }
            _ => view.unchanged += 1,
        }
        view.items.push(change);
    }
    if dry_run {
        (view.created, view.updated) = (0, 0);
    } else {
        progress.step("写入 writing the drafts", 0);
        s.store
            .write_drafts(&writes, Change::now(Some(auth.user.id)))
            .await?;
    }
    Ok(view)
}

/// 导入填报模板 Import a filled template (the xlsx file as the body): checked in full,
/// errors by sheet, row and column (422, nothing written); else a preview
/// (`dry_run=true`) or the unit's drafts created and revised.
#[utoipa::path(post, path = "/api/v1/periods/{id}/import", tag = "periods",
    params(("id" = i64, Path), ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the filled xlsx template"),
    responses((status = 200, body = ImportView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 413, body = Problem), (status = 422, body = Problem)))]
async fn import(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<ImportQuery>,
    body: Body,
) -> ApiResult<axum::Json<ImportView>> {
    auth.require(auth.role() == Role::Reporter)?;
    let body = workbook_body(body).await?;
    let view = run_import(&s, &auth, PeriodId(id), &body, q.dry_run.unwrap_or(false)).await?;
    Ok(axum::Json(view))
}

/// An uploaded workbook as the request's body: read here rather than by an extractor,
/// so that going over the limit is a problem document like every other refusal; an
/// empty body is a 422 naming the file.
pub async fn workbook_body(body: Body) -> ApiResult<axum::body::Bytes> {
    let body = axum::body::to_bytes(body, crate::BODY_LIMIT)
        .await
        .map_err(|_| ApiError::TooLarge {
            limit_bytes: crate::BODY_LIMIT,
        })?;
    if body.is_empty() {
        return Err(ApiError::Invalid(Invalid::one(FieldError::new(
            "file",
            "empty",
            "文件为空",
            "the file is empty",
        ))));
    }
    Ok(body)
}

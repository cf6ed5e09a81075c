//! 完成情况表导入: the values of a completion table — as the export writes it and the
//! departments send it back — imported by the office for a period. Checked in full first
//! (every error by sheet, row and column, nothing written; `duban_domain::completion_import`),
//! then each value goes to its unit's report for the period: the lead unit's for the
//! 全市 row, the region's own for a region's row, as the reports hold regional figures.
//! Drafts are created or revised through the reports' own figure check and written in
//! one transaction (`Store::write_drafts`), as the template import writes them; a report
//! already submitted or approved is an error placed at the cell.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::State;
use duban_domain::access::imports_completion_tables;
use duban_domain::completion_import::{CompletionValue, Expect, SHEET, read_completion};
use duban_domain::tables::TableKind;
use duban_domain::{FieldError, Figure, Invalid, ItemId, PeriodId, PeriodState, UnitId};
use duban_store::reports::{DraftWrite, Report, ReportContent, ReportFilter};
use duban_store::{Change, Page, Versioned};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::imports::{import_errors, workbook_body};
use super::reports::{FigureInput, figure_out, parse_figures};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_completion_table))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CompletionQuery {
    /// Check and preview only; nothing is written.
    pub dry_run: Option<bool>,
}

/// One value that changes a report: where it was read, and the figure before and after.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CellChange {
    /// The cell, e.g. `完成情况表!C7`.
    pub place: String,
    pub indicator_id: i64,
    pub indicator_name: String,
    pub region_id: Option<i64>,
    pub before: Option<FigureInput>,
    pub after: FigureInput,
}

/// What the import does to one unit's report on one item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportChange {
    pub item_id: i64,
    pub item_number: i64,
    pub item_title: String,
    pub unit_id: i64,
    pub unit_name: String,
    /// create | update | unchanged
    pub action: String,
    pub report_id: Option<i64>,
    pub changes: Vec<CellChange>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompletionView {
    pub dry_run: bool,
    /// Drafts created and revised (0 in a dry run).
    pub created: usize,
    pub updated: usize,
    /// Reports whose figures the table gives as they already are.
    pub unchanged: usize,
    pub reports: Vec<ReportChange>,
}

fn unreadable(e: impl std::fmt::Display) -> ApiError {
    ApiError::Invalid(Invalid::one(FieldError::new(
        "file",
        "not_xlsx",
        "文件不是可读取的xlsx工作簿",
        format!("the file is not a readable xlsx workbook ({e})"),
    )))
}

/// Every report of `period` on `item`, with its current figures.
async fn reports_on(
    s: &AppState,
    period: PeriodId,
    item: ItemId,
) -> ApiResult<Vec<Versioned<Report>>> {
    let filter = ReportFilter {
        period_id: Some(period),
        item_id: Some(item),
        ..ReportFilter::default()
    };
    let mut out = Vec::new();
    for n in 1.. {
        let page = Page {
            page: n,
            per_page: Page::MAX_PER_PAGE,
        };
        let got = s.store.reports(&filter, page).await?;
        let done = got.items.len() < Page::MAX_PER_PAGE as usize;
        out.extend(got.items);
        if done {
            break;
        }
    }
    Ok(out)
}

/// Checks a completion table for `period` and, unless `dry_run`, writes its values as
/// the units' drafts: the one path for the API, the pages and the command line.
pub async fn run_completion_import(
    s: &AppState,
    auth: &Auth,
    period: PeriodId,
    bytes: &[u8],
    dry_run: bool,
) -> ApiResult<CompletionView> {
    auth.require(imports_completion_tables(auth.role()))?;
    let p = s.store.period(period).await?.value;
    let sheets = duban_docs::xlsx::read_xlsx(bytes).map_err(unreadable)?;
    let Some(sheet) = sheets.iter().find(|x| x.name == SHEET) else {
        return Err(ApiError::Invalid(Invalid::one(FieldError::new(
            "file",
            "no_sheet",
            "工作簿中没有“完成情况表”工作表,请使用导出的完成情况表",
            "the workbook has no sheet 完成情况表; use the exported completion table",
        ))));
    };
    // The table as it is exported now: a cell equal to it is what the office has.
    let source = s
        .store
        .table_source(p.plan_id, Some(p.label), i64::MAX)
        .await?;
    let shown = source
        .workbook(TableKind::Completion)
        .and_then(|b| b.sheets.into_iter().next())
        .ok_or_else(|| ApiError::Internal("no completion table for the period".into()))?;
    let expect = Expect {
        data: source.data(),
        shown: &shown,
    };
    let values = read_completion(sheet, &expect).map_err(import_errors)?;
    // The period's reports on each item the values touch, read once.
    let mut item_reports: BTreeMap<ItemId, Vec<Versioned<Report>>> = BTreeMap::new();
    for v in &values {
        if let std::collections::btree_map::Entry::Vacant(e) = item_reports.entry(v.item_id) {
            e.insert(reports_on(s, period, v.item_id).await?);
        }
    }
    // A figure some report of the period already holds stays in that report (a lead
    // unit may report its regions' figures itself): never two of one figure.
    let mut by_report: BTreeMap<(ItemId, UnitId), Vec<CompletionValue>> = BTreeMap::new();
    for mut v in values {
        let holder = item_reports[&v.item_id].iter().find(|r| {
            r.value.figures.iter().any(|f| {
                f.indicator_id == v.figure.indicator_id && f.region_id == v.figure.region_id
            })
        });
        if let Some(r) = holder {
            v.unit_id = r.value.unit_id;
        }
        by_report.entry((v.item_id, v.unit_id)).or_default().push(v);
    }

    // Everything is checked before anything is written: the plan of changes first.
    let mut view = CompletionView {
        dry_run,
        created: 0,
        updated: 0,
        unchanged: 0,
        reports: Vec::new(),
    };
    let mut blocked = Invalid::default();
    let mut writes = Vec::new();
    for ((item_id, unit_id), values) in by_report {
        let item = source
            .items
            .iter()
            .find(|i| i.id == item_id)
            .ok_or_else(|| ApiError::Internal(format!("item {} not in the plan", item_id.0)))?;
        let unit_name = source
            .units
            .iter()
            .find(|u| u.id == unit_id)
            .map_or_else(|| format!("#{}", unit_id.0), |u| u.name.clone());
        let inds = s.store.item_indicators(item_id).await?;
        let report = item_reports[&item_id]
            .iter()
            .find(|r| r.value.unit_id == unit_id)
            .cloned();
        let current: &[Figure] = report.as_ref().map_or(&[], |r| &r.value.figures);
        let mut merged = current.to_vec();
        let mut changes = Vec::new();
        for v in &values {
            let f = v.figure;
            let same = |c: &&Figure| c.indicator_id == f.indicator_id && c.region_id == f.region_id;
            let before = current.iter().find(same);
            if before.map(|b| b.reading) == Some(f.reading) {
                continue;
            }
            changes.push(CellChange {
                place: v.place(),
                indicator_id: f.indicator_id.0,
                indicator_name: inds
                    .iter()
                    .find(|i| i.value.id == f.indicator_id)
                    .map(|i| i.value.name.clone())
                    .unwrap_or_default(),
                region_id: f.region_id.map(|r| r.0),
                before: before.map(|b| figure_out(b, &inds)),
                after: figure_out(&f, &inds),
            });
            match merged.iter_mut().find(|c| same(&&**c)) {
                Some(c) => c.reading = f.reading,
                None => merged.push(f),
            }
        }
        let action = match (&report, changes.is_empty()) {
            (_, true) => "unchanged",
            (None, false) => "create",
            (Some(_), false) => "update",
        };
        if let Some(r) = report.as_ref().filter(|_| action == "update")
            && !r.value.state.is_editable()
        {
            for c in &changes {
                blocked.push(FieldError::new(
                    c.place.clone(),
                    "wrong_state",
                    format!(
                        "{}:{unit_name}第{}项实事的本期填报已报送或已通过,不能通过导入修改",
                        c.place, item.number
                    ),
                    format!(
                        "{}: {unit_name}'s report on item {} is already {}; an import cannot change it",
                        c.place,
                        item.number,
                        r.value.state.as_str()
                    ),
                ));
            }
        }
        // The figures as the form's drafts are checked: the reports' own parse.
        let inputs: Vec<FigureInput> = merged.iter().map(|f| figure_out(f, &inds)).collect();
        match (action, &report) {
            ("create", _) => {
                let figures = parse_figures(&inputs, &inds).map_err(ApiError::Invalid)?;
                writes.push(DraftWrite::Create {
                    period,
                    item: item_id,
                    unit: unit_id,
                    content: ReportContent {
                        figures,
                        narrative: None,
                        funding: Vec::new(),
                    },
                });
                view.created += 1;
            }
            ("update", Some(r)) => {
                let figures = parse_figures(&inputs, &inds).map_err(ApiError::Invalid)?;
                writes.push(DraftWrite::Update {
                    id: r.value.id,
                    expected_version: r.version,
                    // A completion table holds no money: the lines stay as they are.
                    content: ReportContent {
                        figures,
                        narrative: r.value.narrative.clone(),
                        funding: r.value.funding.clone(),
                    },
                });
                view.updated += 1;
            }
            _ => view.unchanged += 1,
        }
        view.reports.push(ReportChange {
            item_id: item_id.0,
            item_number: item.number,
            item_title: item.title.clone(),
            unit_id: unit_id.0,
            unit_name,
            action: action.into(),
            report_id: report.as_ref().map(|r| r.value.id.0),
            changes,
        });
    }
    blocked.into_result().map_err(ApiError::Invalid)?;
    if !writes.is_empty() && p.state != PeriodState::Open {
        return Err(ApiError::Conflict {
            code: "period_closed",
            zh: "报告期已关闭,不能再修改填报".into(),
            en: "the period is closed: its reports cannot change".into(),
        });
    }
    if dry_run {
        (view.created, view.updated) = (0, 0);
    } else if !writes.is_empty() {
        s.store
            .write_drafts(&writes, Change::now(Some(auth.user.id)))
            .await?;
    }
    Ok(view)
}

/// 导入完成情况表 Import the values of a completion table for the period (the xlsx file as
/// the body, as `GET /api/v1/plans/{id}/exports/completion` writes it): checked in full,
/// errors by sheet, row and column (422, nothing written); else a preview
/// (`dry_run=true`) or the units' drafts created and revised in one transaction. Only
/// the 进度 columns are read; a cell as the table shows it now changes nothing.
#[utoipa::path(post, path = "/api/v1/periods/{id}/completion-table", tag = "periods",
    params(("id" = i64, Path), CompletionQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the completion table xlsx"),
    responses((status = 200, body = CompletionView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 413, body = Problem), (status = 422, body = Problem)))]
async fn import_completion_table(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<CompletionQuery>,
    body: Body,
) -> ApiResult<axum::Json<CompletionView>> {
    auth.require(imports_completion_tables(auth.role()))?;
    let body = workbook_body(body).await?;
    let v =
        run_completion_import(&s, &auth, PeriodId(id), &body, q.dry_run.unwrap_or(false)).await?;
    Ok(axum::Json(v))
}

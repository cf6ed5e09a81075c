//! 台账导出: the ledger's tables — the completion table (完成情况表), the item ledger (台账)
//! and the responsibility table (责任分工表) — as xlsx or CSV (UTF-8 with BOM).

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use duban_domain::access::reads_plans;
use duban_domain::sheet::Workbook;
use duban_domain::tables::TableKind;
use duban_domain::{PeriodLabel, PlanId};
use duban_store::Store;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::as_of_end;
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_completion))
        .routes(routes!(export_ledger))
        .routes(routes!(export_responsibility))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// The period, `YYYY-MM`; the latest when absent (the responsibility table has none).
    #[param(pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$")]
    pub period: Option<String>,
    /// xlsx (default) | csv
    #[param(pattern = "^(xlsx|csv)$")]
    pub format: Option<String>,
    /// Figures approved by the end of this day, `YYYY-MM-DD`.
    #[param(format = Date)]
    pub as_of: Option<String>,
}

/// A file format of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    pub fn parse(s: Option<&str>) -> ApiResult<Format> {
        match s {
            None | Some("xlsx") => Ok(Format::Xlsx),
            Some("csv") => Ok(Format::Csv),
            Some(other) => Err(ApiError::bad_request(
                format!("不支持的格式:{other}(可用 xlsx、csv)"),
                format!("unsupported format {other:?} (xlsx, csv)"),
            )),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }
}

/// The table of `plan` at `period` (the latest when `None`), as the store holds it at
/// `as_of`. Shared by the API, the pages and the CLI.
pub async fn workbook(
    store: &Store,
    plan: PlanId,
    kind: TableKind,
    period: Option<PeriodLabel>,
    as_of: i64,
) -> ApiResult<Workbook> {
    let source = store.table_source(plan, period, as_of).await?;
    let last = source.periods.last().map(|(p, _)| p.label);
    if kind.needs_period() {
        match (period, last) {
            (Some(asked), held) if held != Some(asked) => {
                return Err(super::unknown_period("period", asked));
            }
            (None, None) => {
                return Err(ApiError::Conflict {
                    code: "no_period",
                    zh: "计划还没有报告期,无法导出".into(),
                    en: "the plan has no period yet: nothing to export".into(),
                });
            }
            _ => {}
        }
    }
    source
        .workbook(kind)
        .ok_or_else(|| ApiError::Internal("no period for the table".into()))
}

/// The bytes of a workbook in `format`: xlsx, or its first sheet as CSV.
pub fn encode(book: &Workbook, format: Format) -> ApiResult<Vec<u8>> {
    match format {
        Format::Xlsx => {
            duban_docs::xlsx::to_xlsx(book).map_err(|e| ApiError::Internal(format!("xlsx: {e}")))
        }
        Format::Csv => Ok(book
            .sheets
            .first()
            .map(duban_docs::xlsx::to_csv)
            .unwrap_or_default()),
    }
}

/// A download: the bytes with their type and a Chinese file name (RFC 6266 `filename*`).
pub fn download(book: &Workbook, format: Format, bytes: Vec<u8>) -> Response {
    let mime = match format {
        Format::Xlsx => duban_docs::xlsx::XLSX_MIME,
        Format::Csv => duban_docs::xlsx::CSV_MIME,
    };
    let name = format!("{}.{}", book.file_stem, format.extension());
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&duban_domain::evidence::attachment(&name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

async fn export(
    s: &AppState,
    auth: &Auth,
    id: i64,
    kind: TableKind,
    q: &ExportQuery,
) -> ApiResult<Response> {
    auth.require(reads_plans(auth.role()))?;
    let format = Format::parse(q.format.as_deref())?;
    let period = q
        .period
        .as_deref()
        .map(|p| super::query_period("period", p))
        .transpose()?;
    let as_of = as_of_end(q.as_of.as_deref())?.unwrap_or(i64::MAX);
    let book = workbook(&s.store, PlanId(id), kind, period, as_of).await?;
    let bytes = encode(&book, format)?;
    Ok(download(&book, format, bytes))
}

/// 完成情况表 The completion table of a period: one row per region (the city first),
/// per indicator 目标任务 / 进度 / 完成比例(%).
#[utoipa::path(get, path = "/api/v1/plans/{id}/exports/completion", tag = "exports",
    params(("id" = i64, Path), ExportQuery),
    responses((status = 200, description = "the table", content((Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (String = "text/csv"))),
              (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn export_completion(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<ExportQuery>,
) -> ApiResult<Response> {
    export(&s, &auth, id, TableKind::Completion, &q).await
}

/// 台账 The item ledger: one row per item and indicator, the value of each period.
#[utoipa::path(get, path = "/api/v1/plans/{id}/exports/ledger", tag = "exports",
    params(("id" = i64, Path), ExportQuery),
    responses((status = 200, description = "the table", content((Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (String = "text/csv"))),
              (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn export_ledger(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<ExportQuery>,
) -> ApiResult<Response> {
    export(&s, &auth, id, TableKind::Ledger, &q).await
}

/// 责任分工表 The responsibility table: indicators × regions with their targets and
/// the responsible units.
#[utoipa::path(get, path = "/api/v1/plans/{id}/exports/responsibility", tag = "exports",
    params(("id" = i64, Path), ExportQuery),
    responses((status = 200, description = "the table", content((Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (String = "text/csv"))),
              (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn export_responsibility(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<ExportQuery>,
) -> ApiResult<Response> {
    export(&s, &auth, id, TableKind::Responsibility, &q).await
}

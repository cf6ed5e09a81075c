//! Evidence files (佐证材料) of reports and of problems' rectification. A file is the raw
//! request body (no multipart), its kind judged from its bytes; it is downloaded as an
//! attachment only by those who may read what it is attached to.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use duban_domain::access::{
    attaches_problem_evidence, reads_problem, reads_report, withdraws_evidence, writes_report,
};
use duban_domain::evidence::{
    Evidence, EvidenceName, EvidenceParent, FileKind, problem_takes_evidence, report_takes_evidence,
};
use duban_domain::{EvidenceId, Invalid, ProblemId, ReportId, Role};
use duban_store::evidence::{NewEvidence, problem_closed, report_closed};
use duban_store::{Change, Versioned};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{List, Tagged};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_report_evidence, upload_report_evidence))
        .routes(routes!(list_problem_evidence, upload_problem_evidence))
        .routes(routes!(get_evidence, withdraw_evidence))
        .routes(routes!(download_evidence))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's name as the user has it, e.g. `整改报告.pdf`: shown, and offered when
    /// the file is downloaded. A path is cut to its last part.
    pub name: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `true`: withdrawn files too.
    pub include_withdrawn: Option<bool>,
}

/// A file's bytes, as uploaded and downloaded.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct FileBytes(pub Vec<u8>);

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceLinks {
    /// This record.
    #[serde(rename = "self")]
    pub this: String,
    /// The bytes, as an attachment.
    pub file: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceView {
    pub id: i64,
    /// The report it supports, or
    pub report_id: Option<i64>,
    /// the problem whose rectification it shows.
    pub problem_id: Option<i64>,
    /// The name it was uploaded under.
    pub file_name: String,
    /// png | jpeg | gif | webp | pdf | doc | xls | ppt | docx | xlsx | pptx, judged from
    /// the bytes.
    pub kind: String,
    pub mime: String,
    pub size_bytes: i64,
    /// SHA-256 of the bytes, lower-case hex; the download's ETag.
    pub sha256: String,
    pub uploaded_by: i64,
    /// RFC 3339, UTC.
    pub uploaded_at: String,
    /// When it was withdrawn (RFC 3339, UTC); the record and the file stay.
    pub deleted_at: Option<String>,
    pub deleted_by: Option<i64>,
    pub version: i64,
    pub links: EvidenceLinks,
}

fn view(e: Versioned<Evidence>) -> EvidenceView {
    let v = e.value;
    let this = format!("/api/v1/evidence/{}", v.id);
    EvidenceView {
        id: v.id.0,
        report_id: v.report_id.map(|x| x.0),
        problem_id: v.problem_id.map(|x| x.0),
        file_name: v.file_name.to_string(),
        kind: v.kind.as_str().into(),
        mime: v.kind.mime().into(),
        size_bytes: v.size_bytes,
        sha256: v.sha256,
        uploaded_by: v.uploaded_by.0,
        uploaded_at: duban_domain::date::rfc3339(v.uploaded_at),
        deleted_at: v.deleted_at.map(duban_domain::date::rfc3339),
        deleted_by: v.deleted_by.map(|x| x.0),
        version: e.version,
        links: EvidenceLinks {
            file: format!("{this}/file"),
            this,
        },
    }
}

fn created(e: Versioned<Evidence>) -> Tagged<EvidenceView> {
    let loc = format!("/api/v1/evidence/{}", e.value.id);
    Tagged::created(e.version, view(e), loc)
}

/// The file's name (the API's `name` parameter): 422 naming it when missing or unusable.
fn file_name(name: Option<&str>) -> ApiResult<EvidenceName> {
    EvidenceName::parse("name", name.unwrap_or("")).map_err(|e| Invalid::one(e).into())
}

/// Where an uploaded file's bytes come from: the request body itself (the API), or a
/// form's file field (the pages). Both are read by [`read_file`], under one limit.
pub(crate) enum Upload<'a> {
    Body(Body),
    Field(Box<axum::extract::multipart::Field<'a>>),
}

impl Upload<'_> {
    /// The next piece of the file; `None` at its end.
    async fn chunk(&mut self, limit: usize) -> ApiResult<Option<axum::body::Bytes>> {
        use http_body_util::BodyExt;
        let unreadable = || ApiError::bad_request("请求体读取失败", "the body could not be read");
        match self {
            Upload::Body(b) => loop {
                match b.frame().await {
                    None => return Ok(None),
                    Some(Ok(f)) => {
                        if let Ok(d) = f.into_data() {
                            return Ok(Some(d));
                        }
                    }
                    Some(Err(_)) => return Err(unreadable()),
                }
            },
            Upload::Field(f) => match f.chunk().await {
                Ok(c) => Ok(c),
                // The form's own cap on the whole body (the pages set it) was hit.
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    Err(ApiError::TooLarge { limit_bytes: limit })
                }
                Err(_) => Err(unreadable()),
            },
        }
    }
}

/// Reads the file up to `limit` bytes and judges its kind. Over the limit: 413, having
/// read no more than the limit and a piece. Empty: 422. Not an image, a PDF or an
/// Office document: 415 — the media type of the content is what is refused (RFC 9110
/// §15.5.16).
async fn read_file(mut file: Upload<'_>, limit: usize) -> ApiResult<(FileKind, Vec<u8>)> {
    let mut bytes = Vec::new();
    while let Some(piece) = file.chunk(limit).await? {
        if bytes.len() + piece.len() > limit {
            return Err(ApiError::TooLarge { limit_bytes: limit });
        }
        bytes.extend_from_slice(&piece);
    }
    match FileKind::detect(&bytes) {
        Ok(kind) => Ok((kind, bytes)),
        Err(e) if e.code == "empty" => Err(Invalid::one(e).into()),
        Err(e) => Err(ApiError::FileType {
            code: e.code,
            zh: e.message_zh,
            en: e.message_en,
        }),
    }
}

/// The evidence with its parent, if the caller may read the parent. Roles that read no
/// business data are refused (403) before anything is looked up, as for reports. Those
/// who may not read the parent get the same 404 as for evidence that does not exist:
/// an evidence id tells nothing about whose it is, and its answer should not either.
async fn visible(s: &AppState, auth: &Auth, id: i64) -> ApiResult<Versioned<Evidence>> {
    auth.require(!auth.role().is_admin())?;
    let e = s.store.evidence(EvidenceId(id)).await?;
    let (role, unit) = (auth.role(), auth.user.unit_id);
    let readable = match e.value.parent() {
        Some(EvidenceParent::Report(r)) => {
            let report = s.store.report(r).await?.value;
            let item = s.store.item(report.item_id).await?.value;
            reads_report(role, unit, report.unit_id, &item)
        }
        Some(EvidenceParent::Problem(p)) => {
            let problem = s.store.problem(p).await?.value;
            reads_problem(role, unit, problem.owner_unit_id)
        }
        None => return Err(ApiError::Internal(format!("evidence {id} has no parent"))),
    };
    if readable {
        Ok(e)
    } else {
        Err(ApiError::NotFound {
            entity: "evidence",
            id,
        })
    }
}

/// 填报佐证材料 The evidence of a report, in the order it was added.
#[utoipa::path(get, path = "/api/v1/reports/{id}/evidence", tag = "evidence",
    params(("id" = i64, Path), ListQuery),
    responses((status = 200, body = List<EvidenceView>), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_report_evidence(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<ListQuery>,
) -> ApiResult<axum::Json<List<EvidenceView>>> {
    let all = q.include_withdrawn.unwrap_or(false);
    let items = of_report(&s, &auth, id, all).await?;
    Ok(axum::Json(List::all(items.into_iter().map(view).collect())))
}

/// A report's evidence, to whoever may read the report: the API's list and the fill-in
/// form's.
pub(crate) async fn of_report(
    s: &AppState,
    auth: &Auth,
    id: i64,
    include_withdrawn: bool,
) -> ApiResult<Vec<Versioned<Evidence>>> {
    super::reports::readable(s, auth, id).await?;
    let parent = EvidenceParent::Report(ReportId(id));
    Ok(s.store.evidence_of(parent, include_withdrawn).await?)
}

/// 上传填报佐证材料 Attach a file to a report (the unit's reporter, while the report is a
/// draft or returned). The body is the file itself, of any Content-Type: its kind is
/// judged from its bytes (images, PDF, Office documents).
#[utoipa::path(post, path = "/api/v1/reports/{id}/evidence", tag = "evidence",
    params(("id" = i64, Path), UploadQuery),
    request_body(content = FileBytes, content_type = "application/octet-stream",
        description = "the file's bytes; at most the configured limit (20 MiB by default)"),
    responses((status = 201, body = EvidenceView), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn upload_report_evidence(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<UploadQuery>,
    body: Body,
) -> ApiResult<Tagged<EvidenceView>> {
    let e = attach_to_report(&s, &auth, id, q.name.as_deref(), Upload::Body(body)).await?;
    Ok(created(e))
}

/// Attaches a file to a report: the one path for the API and the fill-in form. Who may,
/// and whether the report takes evidence, is settled before a byte of the file is read.
pub(crate) async fn attach_to_report(
    s: &AppState,
    auth: &Auth,
    id: i64,
    name: Option<&str>,
    file: Upload<'_>,
) -> ApiResult<Versioned<Evidence>> {
    // Only reporters write reports: the others learn nothing about this one.
    auth.require(auth.role() == Role::Reporter)?;
    let report = s.store.report(ReportId(id)).await?.value;
    auth.require(writes_report(
        auth.role(),
        auth.user.unit_id,
        report.unit_id,
    ))?;
    // Checked before the body is read, and again by the store while it records.
    if !report_takes_evidence(report.state) {
        return Err(report_closed(report.state).into());
    }
    let name = file_name(name)?;
    let (kind, bytes) = read_file(file, s.settings.max_upload_bytes).await?;
    let new = NewEvidence {
        parent: EvidenceParent::Report(report.id),
        file_name: &name,
        kind,
        only_while_open: true,
    };
    Ok(s.store
        .create_evidence(&s.evidence, &new, bytes, Change::now(Some(auth.user.id)))
        .await?)
}

/// 整改佐证材料 The rectification evidence of a problem, in the order it was added.
#[utoipa::path(get, path = "/api/v1/problems/{id}/evidence", tag = "evidence",
    params(("id" = i64, Path), ListQuery),
    responses((status = 200, body = List<EvidenceView>), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn list_problem_evidence(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<ListQuery>,
) -> ApiResult<axum::Json<List<EvidenceView>>> {
    let all = q.include_withdrawn.unwrap_or(false);
    let items = of_problem(&s, &auth, id, all).await?;
    Ok(axum::Json(List::all(items.into_iter().map(view).collect())))
}

/// A problem's rectification evidence, to whoever may read the problem: the API's list
/// and the problems board's.
pub(crate) async fn of_problem(
    s: &AppState,
    auth: &Auth,
    id: i64,
    include_withdrawn: bool,
) -> ApiResult<Vec<Versioned<Evidence>>> {
    auth.require(!auth.role().is_admin())?;
    let problem = s.store.problem(ProblemId(id)).await?.value;
    auth.require(reads_problem(
        auth.role(),
        auth.user.unit_id,
        problem.owner_unit_id,
    ))?;
    let parent = EvidenceParent::Problem(problem.id);
    Ok(s.store.evidence_of(parent, include_withdrawn).await?)
}

/// 上传整改佐证材料 Attach rectification evidence to a problem: the owner unit's reporters
/// and reviewers while it is open or rectifying, the office at any time. The body is the
/// file itself, as for reports.
#[utoipa::path(post, path = "/api/v1/problems/{id}/evidence", tag = "evidence",
    params(("id" = i64, Path), UploadQuery),
    request_body(content = FileBytes, content_type = "application/octet-stream",
        description = "the file's bytes; at most the configured limit (20 MiB by default)"),
    responses((status = 201, body = EvidenceView), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
async fn upload_problem_evidence(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<UploadQuery>,
    body: Body,
) -> ApiResult<Tagged<EvidenceView>> {
    let e = attach_to_problem(&s, &auth, id, q.name.as_deref(), Upload::Body(body)).await?;
    Ok(created(e))
}

/// Attaches rectification evidence to a problem: the one path for the API and the
/// problems board, settled before a byte of the file is read.
pub(crate) async fn attach_to_problem(
    s: &AppState,
    auth: &Auth,
    id: i64,
    name: Option<&str>,
    file: Upload<'_>,
) -> ApiResult<Versioned<Evidence>> {
    let role = auth.role();
    auth.require(matches!(
        role,
        Role::Office | Role::Reporter | Role::Reviewer
    ))?;
    let problem = s.store.problem(ProblemId(id)).await?.value;
    auth.require(attaches_problem_evidence(
        role,
        auth.user.unit_id,
        problem.owner_unit_id,
    ))?;
    let office = role == Role::Office;
    if !office && !problem_takes_evidence(problem.state) {
        return Err(problem_closed(problem.state).into());
    }
    let name = file_name(name)?;
    let (kind, bytes) = read_file(file, s.settings.max_upload_bytes).await?;
    let new = NewEvidence {
        parent: EvidenceParent::Problem(problem.id),
        file_name: &name,
        kind,
        only_while_open: !office,
    };
    Ok(s.store
        .create_evidence(&s.evidence, &new, bytes, Change::now(Some(auth.user.id)))
        .await?)
}

/// 佐证材料详情 An evidence file's record, withdrawn or not.
#[utoipa::path(get, path = "/api/v1/evidence/{id}", tag = "evidence", params(("id" = i64, Path)),
    responses((status = 200, body = EvidenceView), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn get_evidence(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<EvidenceView>> {
    let e = visible(&s, &auth, id).await?;
    Ok(Tagged::ok(e.version, view(e)))
}

/// 撤回佐证材料 Withdraw an evidence file: its uploader while the report is a draft or
/// returned (or the rectification still open), or the office at any time. The record
/// and the file are kept; lists leave it out. No If-Match: withdrawal is the only change
/// evidence ever takes, so there is no edit to lose.
#[utoipa::path(delete, path = "/api/v1/evidence/{id}", tag = "evidence", params(("id" = i64, Path)),
    responses((status = 204, description = "withdrawn"), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn withdraw_evidence(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<StatusCode> {
    withdraw(&s, &auth, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws an evidence file: the one path for the API and the pages.
pub(crate) async fn withdraw(s: &AppState, auth: &Auth, id: i64) -> ApiResult<Versioned<Evidence>> {
    let e = visible(s, auth, id).await?;
    auth.require(withdraws_evidence(
        auth.role(),
        e.value.uploaded_by == auth.user.id,
    ))?;
    let office = auth.role() == Role::Office;
    Ok(s.store
        .withdraw_evidence(e.value.id, !office, Change::now(Some(auth.user.id)))
        .await?)
}

/// 下载佐证材料 The file's bytes, as an attachment of its detected type, to those who may
/// read its report or problem. The ETag is the SHA-256 of the bytes.
#[utoipa::path(get, path = "/api/v1/evidence/{id}/file", tag = "evidence", params(("id" = i64, Path)),
    responses((status = 200, description = "the file, as an attachment", content_type = "application/octet-stream",
               body = FileBytes),
              (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn download_evidence(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Response> {
    let e = visible(&s, &auth, id).await?.value;
    let bytes = s.evidence.read(&e.stored_name).await?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    let value = |v: &str| {
        HeaderValue::from_str(v).map_err(|_| ApiError::Internal(format!("header value {v:?}")))
    };
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(e.kind.mime()),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        value(&e.file_name.content_disposition(e.kind))?,
    );
    h.insert(header::ETAG, value(&format!("\"{}\"", e.sha256))?);
    // Never rendered in the API's origin: no sniffing, no scripts, no shared caches.
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

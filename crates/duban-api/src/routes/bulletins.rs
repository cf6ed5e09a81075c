//! 督查专报: a plan's series, each issue's draft (the office's edits over the approved
//! data, drafted afresh on every read), issuing (a number from the series, the document
//! frozen), the rendered document, and how each indicator reads.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use duban_domain::access::{manages_plans, reads_bulletins, reads_plans};
use duban_domain::bulletin::{
    Bulletin, DraftInput, IndicatorStyle, NumberStyle, OfficeEdits, Scale, SentenceTemplate,
    TrailingZeros, draft,
};
use duban_domain::{Date, FieldError, IndicatorId, Invalid, PeriodId, PlanId};
use duban_store::bulletins::{Series, StoredBulletin};
use duban_store::{Change, Versioned};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Tagged;
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{IfMatch, Json, PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_series, create_series))
        .routes(routes!(list_bulletins, create_bulletin))
        .routes(routes!(get_bulletin, update_bulletin))
        .routes(routes!(issue_bulletin))
        .routes(routes!(bulletin_document))
        .routes(routes!(set_style))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriesInput {
    /// 督查专报, 督查通报…
    pub name: String,
    /// 市政府督查室
    pub issuer: String,
    /// The number of the series' first issue in duban (default 1).
    pub first_number: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesView {
    pub id: i64,
    pub plan_id: i64,
    pub name: String,
    pub issuer: String,
    pub next_number: i64,
}

fn series_view(s: &Versioned<Series>) -> SeriesView {
    SeriesView {
        id: s.value.id,
        plan_id: s.value.plan_id.0,
        name: s.value.name.clone(),
        issuer: s.value.issuer.clone(),
        next_number: s.value.next_number,
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulletinInput {
    pub period_id: i64,
    /// The date printed on the issue, YYYY-MM-DD.
    pub issue_date: Option<String>,
    /// The office's edits: intro, omit_items, omit_indicators, area_order, item_order,
    /// passages (item id → text, `{1}` keeps the first figure), problems,
    /// recommendations.
    #[schema(value_type = Option<Object>)]
    pub edits: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulletinPatch {
    pub issue_date: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub edits: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BlockerView {
    pub code: String,
    /// Where in the document: 一、工作开展情况 / (二) / 第5项…
    pub location: String,
    pub message: String,
    pub message_en: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulletinView {
    pub id: i64,
    pub series_id: i64,
    pub period_id: i64,
    /// draft | issued
    pub state: String,
    /// The issue's number; for a draft, the number it would get if issued now.
    pub number: i64,
    pub issue_date: Option<String>,
    #[schema(value_type = Object)]
    pub edits: serde_json::Value,
    /// What must be resolved before issuing (figures without an approved source, …).
    pub blockers: Vec<BlockerView>,
    /// The document: drafted now from the approved data, or as issued. Every figure
    /// carries its source.
    #[schema(value_type = Object)]
    pub document: serde_json::Value,
    pub issued_by: Option<i64>,
    pub issued_at: Option<String>,
    pub version: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// md | html | json | docx | pdf (default md)
    #[param(pattern = "^(md|html|json|docx|pdf)$")]
    pub format: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StyleInput {
    /// The sentence, e.g. "已完成方案编制{value}个,占年度计划实施项目的{completion}%";
    /// null for the default of the indicator's kind.
    pub template: Option<String>,
    /// none | wan | yi: print in units, 万 or 亿 of the indicator's unit.
    pub scale: Option<String>,
    /// Decimals printed (0 to 4).
    pub decimals: Option<i64>,
    /// keep | trim: whether 3.50 prints as 3.50 or 3.5.
    pub trailing_zeros: Option<String>,
    /// Decimals of the completion ratio (0 to 4).
    pub completion_decimals: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StyleView {
    pub indicator_id: i64,
    pub template: Option<String>,
    pub scale: String,
    pub decimals: Option<i64>,
    pub trailing_zeros: String,
    pub completion_decimals: Option<i64>,
}

fn invalid(field: &str, code: &'static str, zh: String, en: String) -> ApiError {
    Invalid::one(FieldError::new(field, code, zh, en)).into()
}

fn date(field: &str, s: Option<&str>) -> ApiResult<Option<Date>> {
    s.map(|d| {
        Date::parse(d).ok_or_else(|| {
            invalid(
                field,
                "invalid_date",
                format!("日期格式应为YYYY-MM-DD:{d}"),
                format!("not a date (YYYY-MM-DD): {d}"),
            )
        })
    })
    .transpose()
}

/// The office's edits, parsed once: the shape, and no text beyond 10,000 characters.
pub(crate) fn edits(v: Option<serde_json::Value>) -> ApiResult<OfficeEdits> {
    let Some(v) = v else {
        return Ok(OfficeEdits::default());
    };
    let e: OfficeEdits = serde_json::from_value(v).map_err(|e| {
        invalid(
            "edits",
            "invalid_edits",
            format!("修改内容格式不正确:{e}"),
            format!("the edits do not have the expected shape: {e}"),
        )
    })?;
    let texts = e
        .intro
        .iter()
        .chain(e.passages.values())
        .chain(&e.problems)
        .chain(&e.recommendations);
    for t in texts {
        if t.chars().count() > 10_000 {
            return Err(invalid(
                "edits",
                "too_long",
                "每段文字不能超过10000字".into(),
                "each text must be at most 10,000 characters".into(),
            ));
        }
    }
    Ok(e)
}

/// A document, drafted with the stored bulletin's data, or as it was issued.
pub(crate) async fn document(
    s: &AppState,
    b: &StoredBulletin,
) -> ApiResult<(Bulletin, Option<DraftInput>)> {
    if let Some(doc) = &b.snapshot {
        return Ok((doc.clone(), None));
    }
    let input = s.store.bulletin_input(b, i64::MAX).await?;
    Ok((draft(&input), Some(input)))
}

async fn view(s: &AppState, b: Versioned<StoredBulletin>) -> ApiResult<BulletinView> {
    let (doc, _) = document(s, &b.value).await?;
    let v = b.value;
    let series = s.store.series(v.series_id).await?.value;
    let blockers = if v.snapshot.is_some() {
        Vec::new()
    } else {
        doc.issue_blockers()
            .into_iter()
            .map(|x| BlockerView {
                code: x.code.into(),
                location: x.location,
                message: x.message_zh,
                message_en: x.message_en,
            })
            .collect()
    };
    Ok(BulletinView {
        id: v.id,
        series_id: v.series_id,
        period_id: v.period_id.0,
        state: v.state.as_str().into(),
        number: v.number.unwrap_or(series.next_number),
        issue_date: v.issue_date.map(|d| d.to_string()),
        edits: serde_json::to_value(&v.edits).unwrap_or_default(),
        blockers,
        document: serde_json::to_value(&doc).unwrap_or_default(),
        issued_by: v.issued_by.map(|u| u.0),
        issued_at: v.issued_at.map(duban_domain::date::rfc3339),
        version: b.version,
    })
}

/// 专报系列 A plan's bulletin series.
#[utoipa::path(get, path = "/api/v1/plans/{id}/series", tag = "bulletins", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<SeriesView>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn list_series(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<SeriesView>>> {
    auth.require(reads_plans(auth.role()))?;
    s.store.plan(PlanId(id)).await?;
    let all = s.store.plan_series(PlanId(id)).await?;
    Ok(axum::Json(all.iter().map(series_view).collect()))
}

/// 新建专报系列 Start a series (the office).
#[utoipa::path(post, path = "/api/v1/plans/{id}/series", tag = "bulletins", params(("id" = i64, Path)),
    request_body = SeriesInput,
    responses((status = 201, body = SeriesView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_series(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<SeriesInput>,
) -> ApiResult<Tagged<SeriesView>> {
    auth.require(manages_plans(auth.role()))?;
    let mut bad = Invalid::default();
    let name = bad.take(duban_domain::text::required("name", &i.name, 50));
    let issuer = bad.take(duban_domain::text::required("issuer", &i.issuer, 100));
    let first = i.first_number.unwrap_or(1);
    if !(1..=9999).contains(&first) {
        bad.push(FieldError::new(
            "first_number",
            "out_of_range",
            "起始期号应在1到9999之间",
            "first_number must be between 1 and 9999",
        ));
    }
    bad.into_result()?;
    let (Some(name), Some(issuer)) = (name, issuer) else {
        return Err(ApiError::Internal("validated fields missing".into()));
    };
    let made = s
        .store
        .create_series(
            PlanId(id),
            &name,
            &issuer,
            first,
            Change::now(Some(auth.user.id)),
        )
        .await?;
    let loc = format!("/api/v1/plans/{id}/series");
    Ok(Tagged::created(made.version, series_view(&made), loc))
}

/// 各期专报 A series' issues: issued ones by number, then drafts.
#[utoipa::path(get, path = "/api/v1/series/{id}/bulletins", tag = "bulletins", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<BulletinView>), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn list_bulletins(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<Vec<BulletinView>>> {
    auth.require(reads_bulletins(auth.role()))?;
    s.store.series(id).await?;
    let mut out = Vec::new();
    for b in s.store.series_bulletins(id).await? {
        out.push(view(&s, b).await?);
    }
    Ok(axum::Json(out))
}

/// 起草专报 Start a draft for a period (the office).
#[utoipa::path(post, path = "/api/v1/series/{id}/bulletins", tag = "bulletins", params(("id" = i64, Path)),
    request_body = BulletinInput,
    responses((status = 201, body = BulletinView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_bulletin(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<BulletinInput>,
) -> ApiResult<Tagged<BulletinView>> {
    auth.require(manages_plans(auth.role()))?;
    let issue_date = date("issue_date", i.issue_date.as_deref())?;
    let edits = edits(i.edits)?;
    let b = s
        .store
        .create_bulletin(
            id,
            PeriodId(i.period_id),
            issue_date,
            &edits,
            Change::now(Some(auth.user.id)),
        )
        .await?;
    let loc = format!("/api/v1/bulletins/{}", b.value.id);
    let version = b.version;
    Ok(Tagged::created(version, view(&s, b).await?, loc))
}

/// 专报详情 A draft as drafted now, or an issue as issued, with what blocks issuing.
#[utoipa::path(get, path = "/api/v1/bulletins/{id}", tag = "bulletins", params(("id" = i64, Path)),
    responses((status = 200, body = BulletinView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_bulletin(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<BulletinView>> {
    auth.require(reads_bulletins(auth.role()))?;
    let b = s.store.bulletin(id).await?;
    let version = b.version;
    Ok(Tagged::ok(version, view(&s, b).await?))
}

/// 修改专报 Change a draft's edits and date (the office).
#[utoipa::path(patch, path = "/api/v1/bulletins/{id}", tag = "bulletins", request_body = BulletinPatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the bulletin's ETag")),
    responses((status = 200, body = BulletinView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_bulletin(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(p): Json<BulletinPatch>,
) -> ApiResult<Tagged<BulletinView>> {
    auth.require(manages_plans(auth.role()))?;
    let cur = s.store.bulletin(id).await?.value;
    let issue_date = match p.issue_date.as_deref() {
        Some(d) => date("issue_date", Some(d))?,
        None => cur.issue_date,
    };
    let edits = match p.edits {
        Some(e) => edits(Some(e))?,
        None => cur.edits,
    };
    let b = s
        .store
        .update_bulletin(
            id,
            version,
            issue_date,
            &edits,
            Change::now(Some(auth.user.id)),
        )
        .await?;
    let version = b.version;
    Ok(Tagged::ok(version, view(&s, b).await?))
}

/// 印发 Issue a draft: the series' next number, the document frozen. Refused while a
/// figure has no approved source or the 意见建议 are empty.
#[utoipa::path(post, path = "/api/v1/bulletins/{id}/issue", tag = "bulletins",
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the bulletin's ETag")),
    responses((status = 200, body = BulletinView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 428, body = Problem)))]
async fn issue_bulletin(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
) -> ApiResult<Tagged<BulletinView>> {
    let issued = issue(&s, &auth, id, version).await?;
    let version = issued.version;
    Ok(Tagged::ok(version, view(&s, issued).await?))
}

/// 专报文本 The document rendered: Markdown, HTML, DOCX, PDF, or JSON with every
/// figure's source.
#[utoipa::path(get, path = "/api/v1/bulletins/{id}/document", tag = "bulletins",
    params(("id" = i64, Path), DocumentQuery),
    responses((status = 200, description = "the document in the format asked for",
               content((String = "text/markdown"), (String = "text/html"), (String = "application/json"),
                       (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                       (Vec<u8> = "application/pdf"))),
              (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 503, body = Problem)))]
async fn bulletin_document(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<DocumentQuery>,
) -> ApiResult<Response> {
    auth.require(reads_bulletins(auth.role()))?;
    let format = q.format.as_deref().unwrap_or("md");
    if !matches!(format, "md" | "html" | "json" | "docx" | "pdf") {
        return Err(ApiError::bad_request(
            format!("不支持的格式:{format}(可用 md、html、json、docx、pdf)"),
            format!("unsupported format {format:?} (md, html, json, docx, pdf)"),
        ));
    }
    let b = s.store.bulletin(id).await?;
    let (doc, _) = document(&s, &b.value).await?;
    let (body, kind, file): (Vec<u8>, &'static str, Option<&str>) = match format {
        "json" => (
            serde_json::to_vec_pretty(&doc)
                .map_err(|e| ApiError::Internal(format!("bulletin json: {e}")))?,
            "application/json",
            None,
        ),
        // A document to save and open on its own, with its own styles, which the
        // server's Content-Security-Policy would not let a page of duban apply.
        "html" => (
            duban_docs::html::render(&doc).into_bytes(),
            "text/html; charset=utf-8",
            Some("html"),
        ),
        "docx" => (
            duban_docs::docx::render(&doc),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Some("docx"),
        ),
        "pdf" => {
            let docx = duban_docs::docx::render(&doc);
            let pdf = tokio::task::spawn_blocking(move || duban_docs::pdf::from_docx(&docx))
                .await
                .map_err(|e| ApiError::Internal(format!("pdf task: {e}")))?
                .map_err(|e| match e {
                    duban_docs::pdf::PdfError::Missing(_) => ApiError::MissingProgram {
                        zh: "生成PDF需要 LibreOffice:请安装 Debian 软件包 libreoffice-writer-nogui 和 fonts-noto-cjk".into(),
                        en: "PDF needs LibreOffice: install Debian's libreoffice-writer-nogui and fonts-noto-cjk".into(),
                    },
                    other => ApiError::Internal(other.to_string()),
                })?;
            (pdf, "application/pdf", Some("pdf"))
        }
        _ => (
            duban_docs::markdown::render(&doc).into_bytes(),
            "text/markdown; charset=utf-8",
            None,
        ),
    };
    let mut res = body.into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Some(ext) = file
        && let Ok(v) =
            HeaderValue::from_str(&format!("attachment; filename=\"bulletin-{id}.{ext}\""))
    {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// 指标表述 How an indicator reads in the bulletin: its sentence and number style.
#[utoipa::path(put, path = "/api/v1/indicators/{id}/bulletin-style", tag = "bulletins",
    params(("id" = i64, Path)), request_body = StyleInput,
    responses((status = 200, body = StyleView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn set_style(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<StyleInput>,
) -> ApiResult<axum::Json<StyleView>> {
    auth.require(manages_plans(auth.role()))?;
    let ind = s.store.indicator(IndicatorId(id)).await?.value;
    let style = parse_style(&i, &ind)?;
    s.store
        .set_indicator_style(ind.id, &style, Change::now(Some(auth.user.id)))
        .await?;
    Ok(axum::Json(StyleView {
        indicator_id: id,
        template: style.template.as_ref().map(|t| t.to_string()),
        scale: i.scale.unwrap_or_else(|| "none".into()),
        decimals: i.decimals,
        trailing_zeros: i.trailing_zeros.unwrap_or_else(|| "keep".into()),
        completion_decimals: i.completion_decimals,
    }))
}

/// Every field of a style input checked at once, against the indicator's kind.
fn parse_style(i: &StyleInput, ind: &duban_domain::Indicator) -> ApiResult<IndicatorStyle> {
    let mut bad = Invalid::default();
    let template = match i.template.as_deref() {
        Some(t) => match SentenceTemplate::parse_for(t, ind) {
            Ok(t) => Some(t),
            Err(e) => {
                // The domain names the field `template` already.
                bad.0.extend(e.0);
                None
            }
        },
        None => None,
    };
    let scale = match i.scale.as_deref() {
        None | Some("none") => Some(Scale::None),
        Some("wan") => Some(Scale::Wan),
        Some("yi") => Some(Scale::Yi),
        Some(other) => {
            bad.push(FieldError::new(
                "scale",
                "invalid_choice",
                format!("单位换算应为 none、wan 或 yi,而不是{other}"),
                format!("scale must be none, wan or yi, not {other:?}"),
            ));
            None
        }
    };
    let trailing = match i.trailing_zeros.as_deref() {
        None | Some("keep") => Some(TrailingZeros::Keep),
        Some("trim") => Some(TrailingZeros::Trim),
        Some(other) => {
            bad.push(FieldError::new(
                "trailing_zeros",
                "invalid_choice",
                format!("末尾零应为 keep 或 trim,而不是{other}"),
                format!("trailing_zeros must be keep or trim, not {other:?}"),
            ));
            None
        }
    };
    let digits = |field: &'static str, v: Option<i64>, bad: &mut Invalid| match v {
        None => None,
        Some(d @ 0..=4) => Some(d as u8),
        Some(_) => {
            bad.push(FieldError::new(
                field,
                "out_of_range",
                "小数位数应在0到4之间",
                "decimals must be between 0 and 4",
            ));
            None
        }
    };
    let decimals = digits("decimals", i.decimals, &mut bad);
    let completion_decimals = digits("completion_decimals", i.completion_decimals, &mut bad);
    bad.into_result()?;
    let number = match (scale, decimals, trailing) {
        (Some(Scale::None), None, Some(TrailingZeros::Keep)) => None,
        (Some(scale), d, Some(t)) => {
            let d = d.unwrap_or(ind.decimals);
            Some(NumberStyle::new(scale, d, t).map_err(ApiError::Invalid)?)
        }
        _ => None,
    };
    Ok(IndicatorStyle {
        template,
        number,
        completion_decimals,
    })
}

/// Issues a draft, refused while anything blocks it: the one path for the API and the
/// pages.
pub(crate) async fn issue(
    s: &AppState,
    auth: &Auth,
    id: i64,
    version: i64,
) -> ApiResult<Versioned<StoredBulletin>> {
    auth.require(manages_plans(auth.role()))?;
    let b = s.store.bulletin(id).await?;
    let (doc, input) = document(s, &b.value).await?;
    let Some(input) = input else {
        return Err(ApiError::Conflict {
            code: "bulletin_issued",
            zh: "该期专报已印发,不能再修改;更正请另发一期".into(),
            en: "the bulletin has been issued; issue a new one to correct it".into(),
        });
    };
    let blockers = doc.issue_blockers();
    if let Some(first) = blockers.first() {
        return Err(ApiError::Conflict {
            code: "issue_blocked",
            zh: format!(
                "尚有{}处须处理后才能印发,首处:{}({})",
                blockers.len(),
                first.message_zh,
                first.location
            ),
            en: format!(
                "{} point(s) to resolve before issuing; the first: {} ({})",
                blockers.len(),
                first.message_en,
                first.location
            ),
        });
    }
    // Drafted again with the number the series gives out in the issuing transaction;
    // the data is the same as read above.
    let issued = s
        .store
        .issue_bulletin(
            id,
            version,
            |n| {
                let mut input = input;
                input.issue.number = u32::try_from(n).unwrap_or(0);
                draft(&input)
            },
            Change::now(Some(auth.user.id)),
        )
        .await?;
    Ok(issued)
}

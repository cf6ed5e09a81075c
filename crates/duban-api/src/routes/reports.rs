//! Progress reports (进展填报): a unit's figures on an item for a period, drafted,
//! submitted and approved. Every edit is a new version; the old ones stay readable.

use axum::extract::State;
use duban_domain::access::{reads_report, writes_report};
use duban_domain::funding::FundingLine;
use duban_domain::report::FigureInput as RawFigure;
use duban_domain::{
    Decimal, FieldError, Figure, Indicator, IndicatorId, Invalid, ItemId, PeriodId, PlanId,
    Reading, ReportId, ReportState, Role, UnitId,
};
use duban_store::reports::{DraftWrite, Report, ReportContent, ReportFilter};
use duban_store::{Change, Versioned};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::funding::{FundingInput, funding_out, parse_funding};
use super::{List, PageParams, Tagged};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{IfMatch, Json, Patch, PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_reports, create_report))
        .routes(routes!(get_report, update_report))
        .routes(routes!(report_versions))
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureInput {
    pub indicator_id: i64,
    /// The region the figure is for; absent for the city-wide figure.
    pub region_id: Option<i64>,
    /// Numeric indicators: the cumulative value as of the cut-off.
    #[schema(value_type = Option<f64>)]
    pub value: Option<Decimal>,
    /// Stage indicators: the stage reached, one of the indicator's stages.
    pub stage: Option<String>,
    /// Qualitative indicators: done | on_track | lagging | seriously_lagging | not_started
    pub assessment: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    pub period_id: i64,
    pub item_id: i64,
    /// The reporting unit; defaults to the reporter's own.
    pub unit_id: Option<i64>,
    pub figures: Vec<FigureInput>,
    pub narrative: Option<String>,
    /// 资金: money by source, each source once; absent is none.
    #[serde(default)]
    pub funding: Option<Vec<FundingInput>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportPatch {
    /// Replaces all figures when given.
    pub figures: Option<Vec<FigureInput>>,
    /// Replaces all funding lines when given.
    #[serde(default)]
    pub funding: Option<Vec<FundingInput>>,
    /// null clears it.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub narrative: Patch<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    pub id: i64,
    pub plan_id: i64,
    pub period_id: i64,
    pub item_id: i64,
    pub unit_id: i64,
    /// draft | submitted | reviewed | approved | returned
    pub state: String,
    pub current_version: i64,
    pub approved_version: Option<i64>,
    pub narrative: Option<String>,
    pub author_id: i64,
    pub figures: Vec<FigureInput>,
    /// 资金: money by source, as reported in this version.
    pub funding: Vec<FundingInput>,
    /// The latest reviewer's comment, shown to the reporter after a return.
    pub comment: Option<String>,
    /// The consistency warnings of the current version, with the reporter's reasons:
    /// kept at submission, for the reviewers.
    pub warnings: Vec<super::review::WarningView>,
    pub version: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportVersionView {
    pub version: i64,
    pub narrative: Option<String>,
    pub author_id: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub figures: Vec<FigureInput>,
    pub funding: Vec<FundingInput>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportHistoryView {
    pub versions: Vec<ReportVersionView>,
    pub events: Vec<ReportEventView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportEventView {
    pub version: i64,
    /// create | update | submit | approve | return
    pub action: String,
    pub actor_id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    pub plan_id: Option<i64>,
    pub period_id: Option<i64>,
    pub item_id: Option<i64>,
    pub unit_id: Option<i64>,
    /// draft | submitted | reviewed | approved | returned
    #[param(pattern = "^(draft|submitted|reviewed|approved|returned)$")]
    pub state: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

pub(crate) fn figure_out(f: &Figure, inds: &[Versioned<Indicator>]) -> FigureInput {
    let ind = inds.iter().find(|i| i.value.id == f.indicator_id);
    figure_of(f, ind.map(|i| &i.value))
}

/// A figure as the API gives it, its indicator at hand (a stage is named by it).
pub(crate) fn figure_of(f: &Figure, ind: Option<&Indicator>) -> FigureInput {
    let (value, stage, assessment) = match f.reading {
        Reading::Value(v) => (Some(v), None, None),
        Reading::Stage(s) => (None, ind.and_then(|i| i.stages.get(s).cloned()), None),
        Reading::Assessment(a) => (None, None, Some(a.as_str().to_string())),
    };
    FigureInput {
        indicator_id: f.indicator_id.0,
        region_id: f.region_id.map(|r| r.0),
        value,
        stage,
        assessment,
    }
}

/// Parses figures against the item's indicators, collecting every error.
pub(super) fn parse_figures(
    input: &[FigureInput],
    inds: &[Versioned<Indicator>],
) -> Result<Vec<Figure>, Invalid> {
    let mut bad = Invalid::default();
    let mut out = Vec::with_capacity(input.len());
    for (n, f) in input.iter().enumerate() {
        let here = format!("figures/{n}");
        let Some(ind) = inds
            .iter()
            .find(|i| i.value.id == IndicatorId(f.indicator_id))
        else {
            bad.push(
                FieldError::new(
                    "indicator_id",
                    "indicator_not_in_item",
                    format!("指标{}不属于该实事", f.indicator_id),
                    format!(
                        "indicator {} is not an indicator of this item",
                        f.indicator_id
                    ),
                )
                .under(&here),
            );
            continue;
        };
        let raw = RawFigure {
            indicator_id: ind.value.id,
            region_id: f.region_id.map(UnitId),
            value: f.value,
            stage: f.stage.as_deref(),
            assessment: f.assessment.as_deref(),
        };
        match Figure::parse(&ind.value, &raw) {
            Ok(x) => out.push(x),
            Err(e) => bad.0.extend(e.0.into_iter().map(|e| e.under(&here))),
        }
    }
    if input.len() > 2000 {
        bad.push(FieldError::new(
            "figures",
            "too_many",
            "数值过多(上限2000)",
            "too many figures (2000 at most)",
        ));
    }
    bad.into_result().map(|_| out)
}

fn narrative(s: Option<&str>) -> Result<Option<String>, Invalid> {
    duban_domain::text::optional("narrative", s, 10_000).map_err(Invalid::one)
}

/// What the reviewer asked to correct, while the report is back with its unit.
pub(crate) async fn returned_comment(s: &AppState, r: &Report) -> ApiResult<Option<String>> {
    if r.state != ReportState::Returned {
        return Ok(None);
    }
    Ok(s.store
        .report_events(r.id)
        .await?
        .into_iter()
        .rev()
        .find(|e| e.action == "return" || e.action == "reopen")
        .and_then(|e| e.comment))
}

pub(crate) async fn view(
    s: &AppState,
    r: Versioned<duban_store::reports::Report>,
) -> ApiResult<ReportView> {
    let inds = s.store.item_indicators(r.value.item_id).await?;
    let comment = returned_comment(s, &r.value).await?;
    let v = &r.value;
    Ok(ReportView {
        id: v.id.0,
        plan_id: v.plan_id.0,
        period_id: v.period_id.0,
        item_id: v.item_id.0,
        unit_id: v.unit_id.0,
        state: v.state.as_str().into(),
        current_version: v.current_version,
        approved_version: v.approved_version,
        narrative: v.narrative.clone(),
        author_id: v.author_id.0,
        figures: v.figures.iter().map(|f| figure_out(f, &inds)).collect(),
        funding: v.funding.iter().map(funding_out).collect(),
        comment,
        warnings: s
            .store
            .report_warnings(v.id, v.current_version)
            .await?
            .into_iter()
            .map(|k| super::review::WarningView::of(k.warning, Some(k.reason)))
            .collect(),
        version: r.version,
    })
}

/// Loads a report the caller may read.
pub(crate) async fn readable(
    s: &AppState,
    auth: &Auth,
    id: i64,
) -> ApiResult<Versioned<duban_store::reports::Report>> {
    // Roles that read no report learn nothing, not even whether this one exists.
    auth.require(!auth.role().is_admin())?;
    let r = s.store.report(ReportId(id)).await?;
    let item = s.store.item(r.value.item_id).await?.value;
    auth.require(reads_report(
        auth.role(),
        auth.user.unit_id,
        r.value.unit_id,
        &item,
    ))?;
    Ok(r)
}

/// 填报列表 List reports the caller may read.
#[utoipa::path(get, path = "/api/v1/reports", tag = "reports", params(ReportQuery),
    responses((status = 200, body = List<ReportView>), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem)))]
async fn list_reports(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportQuery>,
) -> ApiResult<axum::Json<List<ReportView>>> {
    let visible_to_unit = match auth.role() {
        Role::Office | Role::Leader | Role::Evaluator => None,
        Role::Reporter | Role::Reviewer => Some(auth.user.unit_id.ok_or(ApiError::Forbidden)?),
        _ => return Err(ApiError::Forbidden),
    };
    let state = q
        .state
        .as_deref()
        .map(|x| {
            ReportState::parse(x).ok_or_else(|| {
                ApiError::bad_request(
                    "state 须为 draft、submitted、reviewed、approved、returned 之一",
                    "state must be one of draft, submitted, reviewed, approved, returned",
                )
            })
        })
        .transpose()?;
    let page = PageParams {
        page: q.page,
        per_page: q.per_page,
    }
    .page()?;
    let f = ReportFilter {
        plan_id: q.plan_id.map(PlanId),
        period_id: q.period_id.map(PeriodId),
        item_id: q.item_id.map(ItemId),
        unit_id: q.unit_id.map(UnitId),
        state,
        visible_to_unit,
    };
    let reports = s.store.reports(&f, page).await?;
    let mut items = Vec::with_capacity(reports.items.len());
    for r in reports.items {
        items.push(view(&s, r).await?);
    }
    Ok(axum::Json(List {
        items,
        total: reports.total,
        page: reports.page,
        per_page: reports.per_page,
    }))
}

/// 新建填报 Start a report as a draft (the unit's reporter).
#[utoipa::path(post, path = "/api/v1/reports", tag = "reports", request_body = ReportInput,
    responses((status = 201, body = ReportView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_report(
    State(s): State<AppState>,
    auth: Auth,
    Json(i): Json<ReportInput>,
) -> ApiResult<Tagged<ReportView>> {
    let r = start(&s, &auth, &i).await?;
    let loc = format!("/api/v1/reports/{}", r.value.id);
    let version = r.version;
    Ok(Tagged::created(version, view(&s, r).await?, loc))
}

/// Starts a report as a draft: the one path for the API and the fill-in page.
pub(crate) async fn start(
    s: &AppState,
    auth: &Auth,
    i: &ReportInput,
) -> ApiResult<Versioned<Report>> {
    let w = new_draft(s, auth, i).await?;
    Ok(s.store
        .write_draft(&w, Change::now(Some(auth.user.id)))
        .await?)
}

/// A new draft, checked but not written: what `start` writes alone and an import
/// writes with the others in one transaction.
pub(crate) async fn new_draft(s: &AppState, auth: &Auth, i: &ReportInput) -> ApiResult<DraftWrite> {
    let unit = i
        .unit_id
        .map(UnitId)
        .or(auth.user.unit_id)
        .ok_or(ApiError::Forbidden)?;
    auth.require(writes_report(auth.role(), auth.user.unit_id, unit))?;
    let inds = match s.store.item_indicators(ItemId(i.item_id)).await {
        Ok(v) if !v.is_empty() => v,
        Ok(_) => s
            .store
            .item(ItemId(i.item_id))
            .await
            .map(|_| Vec::new())
            .map_err(|_| unknown_item(i.item_id))?,
        Err(e) => return Err(e.into()),
    };
    new_draft_for(auth, i, &inds)
}

/// `new_draft` with the item's indicators at hand (an import reads them once).
pub(crate) fn new_draft_for(
    auth: &Auth,
    i: &ReportInput,
    inds: &[Versioned<Indicator>],
) -> ApiResult<DraftWrite> {
    let unit = i
        .unit_id
        .map(UnitId)
        .or(auth.user.unit_id)
        .ok_or(ApiError::Forbidden)?;
    auth.require(writes_report(auth.role(), auth.user.unit_id, unit))?;
    let figures = parse_figures(&i.figures, inds);
    let funding = parse_funding(i.funding.as_deref().unwrap_or_default());
    let narrative = narrative(i.narrative.as_deref());
    Ok(DraftWrite::Create {
        period: PeriodId(i.period_id),
        item: ItemId(i.item_id),
        unit,
        content: content_of(figures, funding, narrative)?,
    })
}

/// A report's content from its parsed parts, with every part's errors together.
fn content_of(
    figures: Result<Vec<Figure>, Invalid>,
    funding: Result<Vec<FundingLine>, Invalid>,
    narrative: Result<Option<String>, Invalid>,
) -> Result<ReportContent, Invalid> {
    match (figures, funding, narrative) {
        (Ok(figures), Ok(funding), Ok(narrative)) => Ok(ReportContent {
            figures,
            narrative,
            funding,
        }),
        (a, b, c) => {
            let mut bad = Invalid::default();
            for e in [a.err(), b.err(), c.err()].into_iter().flatten() {
                bad.0.extend(e.0);
            }
            Err(bad)
        }
    }
}

fn unknown_item(id: i64) -> ApiError {
    ApiError::Invalid(Invalid::one(FieldError::new(
        "item_id",
        "unknown_id",
        format!("实事(编号{id})不存在"),
        format!("no such item {id}"),
    )))
}

/// 填报详情 Read a report.
#[utoipa::path(get, path = "/api/v1/reports/{id}", tag = "reports", params(("id" = i64, Path)),
    responses((status = 200, body = ReportView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_report(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<ReportView>> {
    let r = readable(&s, &auth, id).await?;
    let version = r.version;
    Ok(Tagged::ok(version, view(&s, r).await?))
}

/// 修改填报 Change a draft or returned report: a new version, the old one kept.
#[utoipa::path(patch, path = "/api/v1/reports/{id}", tag = "reports", request_body = ReportPatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the report's ETag")),
    responses((status = 200, body = ReportView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_report(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(p): Json<ReportPatch>,
) -> ApiResult<Tagged<ReportView>> {
    let r = revise(&s, &auth, ReportId(id), version, p).await?;
    let version = r.version;
    Ok(Tagged::ok(version, view(&s, r).await?))
}

/// Changes a draft or returned report: the one path for the API and the fill-in page.
pub(crate) async fn revise(
    s: &AppState,
    auth: &Auth,
    id: ReportId,
    version: i64,
    p: ReportPatch,
) -> ApiResult<Versioned<Report>> {
    let w = revision(s, auth, id, version, p).await?;
    Ok(s.store
        .write_draft(&w, Change::now(Some(auth.user.id)))
        .await?)
}

/// A new version of a report, checked but not written: what `revise` writes alone
/// and an import writes with the others in one transaction.
pub(crate) async fn revision(
    s: &AppState,
    auth: &Auth,
    id: ReportId,
    version: i64,
    p: ReportPatch,
) -> ApiResult<DraftWrite> {
    auth.require(auth.role() == Role::Reporter)?;
    let cur = s.store.report(id).await?.value;
    let inds = s.store.item_indicators(cur.item_id).await?;
    revision_of(auth, &cur, version, p, &inds)
}

/// `revision` with the report and its item's indicators at hand (an import reads them
/// once).
pub(crate) fn revision_of(
    auth: &Auth,
    cur: &Report,
    version: i64,
    p: ReportPatch,
    inds: &[Versioned<Indicator>],
) -> ApiResult<DraftWrite> {
    auth.require(auth.role() == Role::Reporter)?;
    auth.require(writes_report(auth.role(), auth.user.unit_id, cur.unit_id))?;
    let id = cur.id;
    let figures = match &p.figures {
        Some(f) => parse_figures(f, inds),
        None => Ok(cur.figures.clone()),
    };
    let funding = match &p.funding {
        Some(f) => parse_funding(f),
        None => Ok(cur.funding.clone()),
    };
    let narrative = match p.narrative {
        Patch::Keep => Ok(cur.narrative.clone()),
        Patch::Clear => Ok(None),
        Patch::Set(t) => narrative(Some(&t)),
    };
    Ok(DraftWrite::Update {
        id,
        expected_version: version,
        content: content_of(figures, funding, narrative)?,
    })
}

/// 填报历史 Every version of a report and everything that happened to it.
#[utoipa::path(get, path = "/api/v1/reports/{id}/versions", tag = "reports", params(("id" = i64, Path)),
    responses((status = 200, body = ReportHistoryView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn report_versions(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<ReportHistoryView>> {
    let r = readable(&s, &auth, id).await?;
    let inds = s.store.item_indicators(r.value.item_id).await?;
    let versions = s
        .store
        .report_versions(ReportId(id))
        .await?
        .into_iter()
        .map(|v| ReportVersionView {
            version: v.version,
            narrative: v.narrative,
            author_id: v.author_id.0,
            created_at: duban_domain::date::rfc3339(v.created_at),
            figures: v.figures.iter().map(|f| figure_out(f, &inds)).collect(),
            funding: v.funding.iter().map(funding_out).collect(),
        })
        .collect();
    let events = s
        .store
        .report_events(ReportId(id))
        .await?
        .into_iter()
        .map(|e| ReportEventView {
            version: e.version,
            action: e.action,
            actor_id: e.actor_id.0,
            at: duban_domain::date::rfc3339(e.at),
            comment: e.comment,
        })
        .collect();
    Ok(axum::Json(ReportHistoryView { versions, events }))
}

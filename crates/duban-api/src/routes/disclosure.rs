//! 政府信息公开: the office publishes an issued bulletin, or an item's progress page
//! for a period, to the portal (`/gk/`), and
//! settles the public's objections to published figures — dismissed with a note, or
//! turned into a 问题整改 for the unit concerned.

use axum::extract::State;
use duban_domain::access::manages_plans;
use duban_domain::disclosure::{PublicationFields, PublicationInput};
use duban_domain::problem::{ProblemFields, ProblemInput};
use duban_domain::{Date, FieldError, Invalid, ItemId, PeriodId};
use duban_store::disclosure::{Objection, ObjectionState, Publication, Settlement, Subject};
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
        .routes(routes!(publish))
        .routes(routes!(publish_item))
        .routes(routes!(list_objections))
        .routes(routes!(get_objection))
        .routes(routes!(settle))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicationRequest {
    /// 组织机构代码, e.g. 1585729837
    pub org_code: String,
    /// The catalogue's code, e.g. zfb
    pub catalogue_code: String,
    /// 发布机构
    pub publisher: String,
    /// 公开目录
    pub catalogue: String,
    /// 文号
    pub doc_number: Option<String>,
    /// 发布日期, YYYY-MM-DD; the business day when left out.
    pub published_on: Option<String>,
    /// Days the public may object (default 7).
    pub objection_days: Option<i64>,
}

/// An item's progress page to publish: the period, and the catalogue data.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemPublicationRequest {
    /// The reporting period whose approved data the page shows.
    pub period_id: i64,
    pub publication: PublicationRequest,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationView {
    pub id: i64,
    /// The bulletin published, or
    pub bulletin_id: Option<i64>,
    /// the item whose progress page for `period_id` was published.
    pub item_id: Option<i64>,
    pub period_id: Option<i64>,
    /// 索引号
    pub index_number: String,
    pub title: String,
    pub publisher: String,
    pub catalogue: String,
    pub doc_number: Option<String>,
    pub published_on: String,
    /// 主动公开
    pub mode: String,
    pub objection_days: u32,
    /// Where the public reads it.
    pub url: String,
}

pub fn publication_view(p: &Versioned<Publication>) -> PublicationView {
    let v = &p.value;
    let (bulletin_id, item_id, period_id) = match &v.subject {
        Subject::Bulletin { bulletin_id } => (Some(*bulletin_id), None, None),
        Subject::Item {
            item_id, period_id, ..
        } => (None, Some(item_id.0), Some(period_id.0)),
    };
    PublicationView {
        id: v.id,
        bulletin_id,
        item_id,
        period_id,
        index_number: v.index.to_string(),
        title: v.title.clone(),
        publisher: v.fields.publisher.clone(),
        catalogue: v.fields.catalogue.clone(),
        doc_number: v.fields.doc_number.clone(),
        published_on: v.fields.published_on.to_string(),
        mode: "主动公开".into(),
        objection_days: v.fields.objection_days,
        url: format!("/gk/{}", v.id),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ObjectionQuery {
    /// open | dismissed | problem
    #[param(pattern = "^(open|dismissed|problem)$")]
    pub state: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectionView {
    pub id: i64,
    pub publication_id: i64,
    pub figure: Option<String>,
    pub text: String,
    /// For the office only; never published. Stored encrypted (SM4).
    pub contact: Option<String>,
    /// open | dismissed | problem
    pub state: String,
    pub note: Option<String>,
    pub problem_id: Option<i64>,
    pub version: i64,
}

fn objection_view(o: Versioned<Objection>) -> ObjectionView {
    let v = o.value;
    ObjectionView {
        id: v.id,
        publication_id: v.publication_id,
        figure: v.fields.figure,
        text: v.fields.text,
        contact: v.fields.contact.as_ref().map(|c| c.as_str().to_string()),
        state: v.state.as_str().into(),
        note: v.note,
        problem_id: v.problem_id.map(|p| p.0),
        version: o.version,
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RaisedProblem {
    pub owner_unit_id: i64,
    pub item_id: Option<i64>,
    /// YYYY-MM-DD
    pub deadline: String,
    /// By default: 公众异议:<the objection's first words>.
    pub title: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettlementInput {
    /// Dismiss, saying why the figure stands.
    pub dismiss: Option<String>,
    /// Or raise a problem for the unit concerned.
    pub problem: Option<RaisedProblem>,
}

/// 公开 Publish an issued bulletin to the public portal (the office).
#[utoipa::path(post, path = "/api/v1/bulletins/{id}/publication", tag = "disclosure",
    params(("id" = i64, Path)), request_body = PublicationRequest,
    responses((status = 201, body = PublicationView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn publish(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<PublicationRequest>,
) -> ApiResult<Tagged<PublicationView>> {
    let p = bulletin_publication(&s, &auth, id, &i).await?;
    let loc = format!("/gk/{}", p.value.id);
    Ok(Tagged::created(p.version, publication_view(&p), loc))
}

/// The catalogue data of a publication request, the business day by default.
fn publication_fields(s: &AppState, i: &PublicationRequest) -> Result<PublicationFields, Invalid> {
    let published_on = match i.published_on.as_deref() {
        None => s.settings.clock.today(),
        Some(d) => Date::parse(d).ok_or_else(|| {
            Invalid::one(FieldError::new(
                "published_on",
                "invalid_date",
                format!("日期格式应为YYYY-MM-DD:{d}"),
                format!("not a date (YYYY-MM-DD): {d}"),
            ))
        })?,
    };
    PublicationFields::parse(PublicationInput {
        org_code: &i.org_code,
        catalogue_code: &i.catalogue_code,
        publisher: &i.publisher,
        catalogue: &i.catalogue,
        doc_number: i.doc_number.as_deref(),
        published_on,
        objection_days: i.objection_days,
    })
}

/// 公开事项进展 Publish an item's progress page for a period to the public portal (the
/// office): its passage and indicators as drafted from the data approved now.
#[utoipa::path(post, path = "/api/v1/items/{id}/publication", tag = "disclosure",
    params(("id" = i64, Path)), request_body = ItemPublicationRequest,
    responses((status = 201, body = PublicationView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn publish_item(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<ItemPublicationRequest>,
) -> ApiResult<Tagged<PublicationView>> {
    let p = item_publication(&s, &auth, ItemId(id), PeriodId(i.period_id), &i.publication).await?;
    let loc = format!("/gk/{}", p.value.id);
    Ok(Tagged::created(p.version, publication_view(&p), loc))
}

/// Publishes an issued bulletin: the one path for the API and the pages.
pub(crate) async fn bulletin_publication(
    s: &AppState,
    auth: &Auth,
    bulletin: i64,
    i: &PublicationRequest,
) -> ApiResult<Versioned<Publication>> {
    auth.require(manages_plans(auth.role()))?;
    let f = publication_fields(s, i)?;
    Ok(s.store
        .publish_bulletin(bulletin, &f, Change::now(Some(auth.user.id)))
        .await?)
}

/// Publishes `item`'s page for `period`: the one path for the API and the pages.
pub(crate) async fn item_publication(
    s: &AppState,
    auth: &Auth,
    item: ItemId,
    period: PeriodId,
    i: &PublicationRequest,
) -> ApiResult<Versioned<Publication>> {
    auth.require(manages_plans(auth.role()))?;
    let f = publication_fields(s, i).map_err(|e| nest(e, "publication"))?;
    let it = s.store.item(item).await?.value;
    let p =
        s.store.period(period).await.map_err(|e| match e {
            duban_store::StoreError::NotFound { .. } => ApiError::from(Invalid::one(
                FieldError::new("period_id", "unknown", "没有这个报告期", "no such period"),
            )),
            e => e.into(),
        })?;
    if p.value.plan_id != it.plan_id {
        return Err(Invalid::one(FieldError::new(
            "period_id",
            "other_plan",
            "报告期不属于该事项的年度计划",
            "the period belongs to another plan than the item",
        ))
        .into());
    }
    let page = s.store.item_progress(item, period, i64::MAX).await?;
    Ok(s.store
        .publish_item(&page, period, &f, Change::now(Some(auth.user.id)))
        .await?)
}

/// 公众异议 The public's objections to published figures (the office).
#[utoipa::path(get, path = "/api/v1/objections", tag = "disclosure", params(ObjectionQuery),
    responses((status = 200, body = Vec<ObjectionView>), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 403, body = Problem)))]
async fn list_objections(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<ObjectionQuery>,
) -> ApiResult<axum::Json<Vec<ObjectionView>>> {
    auth.require(manages_plans(auth.role()))?;
    let state = match q.state.as_deref() {
        None => None,
        Some(x) => Some(ObjectionState::parse(x).ok_or_else(|| {
            ApiError::bad_request(
                "state 须为 open、dismissed、problem 之一",
                "state must be one of open, dismissed, problem",
            )
        })?),
    };
    let all = s.store.objections(state).await?;
    Ok(axum::Json(all.into_iter().map(objection_view).collect()))
}

/// 异议详情 One objection (the office).
#[utoipa::path(get, path = "/api/v1/objections/{id}", tag = "disclosure", params(("id" = i64, Path)),
    responses((status = 200, body = ObjectionView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_objection(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<ObjectionView>> {
    auth.require(manages_plans(auth.role()))?;
    let o = s.store.objection(id).await?;
    let version = o.version;
    Ok(Tagged::ok(version, objection_view(o)))
}

/// 处理异议 Settle an objection: dismiss it with a note, or raise a problem from it.
#[utoipa::path(post, path = "/api/v1/objections/{id}/settlement", tag = "disclosure",
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the objection's ETag")),
    request_body = SettlementInput,
    responses((status = 200, body = ObjectionView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn settle(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(i): Json<SettlementInput>,
) -> ApiResult<Tagged<ObjectionView>> {
    let settled = settle_one(&s, &auth, id, version, i).await?;
    let version = settled.version;
    Ok(Tagged::ok(version, objection_view(settled)))
}

fn nest(e: Invalid, parent: &str) -> ApiError {
    Invalid(e.0.into_iter().map(|f| f.under(parent)).collect()).into()
}

/// Settles an objection as `i` says: the one path for the API and the office's page.
pub(crate) async fn settle_one(
    s: &AppState,
    auth: &Auth,
    id: i64,
    version: i64,
    i: SettlementInput,
) -> ApiResult<Versioned<Objection>> {
    auth.require(manages_plans(auth.role()))?;
    let o = s.store.objection(id).await?;
    let change = Change::now(Some(auth.user.id));
    let settled = match (i.dismiss.as_deref(), i.problem) {
        (Some(note), None) => {
            let note = duban_domain::text::required("dismiss", note, 1000).map_err(Invalid::one)?;
            s.store
                .settle_objection(id, version, Settlement::Dismissed(&note), change)
                .await?
        }
        (None, Some(p)) => {
            if o.version != version {
                return Err(ApiError::Stale {
                    current: Some(o.version),
                });
            }
            let publication = s.store.publication(o.value.publication_id).await?.value;
            let plan = match publication.subject {
                Subject::Bulletin { bulletin_id } => {
                    let bulletin = s.store.bulletin(bulletin_id).await?.value;
                    s.store.series(bulletin.series_id).await?.value.plan_id
                }
                Subject::Item { item_id, .. } => s.store.item(item_id).await?.value.plan_id,
            };
            let first: String = o.value.fields.text.chars().take(40).collect();
            let title = p.title.unwrap_or_else(|| format!("公众异议:{first}"));
            let description = format!(
                "{}(异议所指:{})",
                o.value.fields.text,
                o.value.fields.figure.as_deref().unwrap_or("未注明")
            );
            let fields = ProblemFields::parse(ProblemInput {
                item_id: p.item_id,
                owner_unit_id: p.owner_unit_id,
                title: &title,
                description: &description,
                deadline: &p.deadline,
                source: Some("objection"),
                report_id: None,
            })
            .map_err(|e| nest(e, "problem"))?;
            // The problem first, then the objection names it: a failure between the two
            // leaves the objection open, to be settled again, and the problem stands.
            let raised = s.store.create_problem(plan, &fields, change).await?;
            s.store
                .settle_objection(id, version, Settlement::Problem(raised.value.id), change)
                .await?
        }
        _ => {
            return Err(Invalid::one(FieldError::new(
                "dismiss",
                "one_of",
                "请二选一:dismiss(说明不予采纳的理由)或 problem(转为整改问题)",
                "give exactly one of dismiss (why the figure stands) or problem",
            ))
            .into());
        }
    };
    Ok(settled)
}

//! 审核: the review queue and one report under review. The lead unit's reviewer passes
//! or returns what its co-units and regions submitted; the office confirms (approves)
//! what the lead units passed. The same workflow step as the API.

use super::i18n::{filters, pick, tr};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::{ReportState, Role, Status};
use duban_store::reports::{ReportAction, ReportFilter};
use serde::Deserialize;

use super::SignedIn;
use super::{message, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::routes::reports::{readable, view};
use crate::routes::review::{ActionInput, step};

struct QueueRow {
    id: i64,
    item_number: i64,
    item_title: String,
    unit: String,
    state_label: &'static str,
}

#[derive(Template)]
#[template(path = "review.html")]
struct QueuePage {
    shell: Option<super::Shell>,
    waiting: &'static str,
    rows: Vec<QueueRow>,
    notice: Option<&'static str>,
}

struct FigureRow {
    label: String,
    value: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    shell: Option<super::Shell>,
    id: i64,
    item_number: i64,
    item_title: String,
    unit: String,
    period: String,
    state_label: &'static str,
    version: i64,
    figures: Vec<FigureRow>,
    /// 资金 by source as reported: (source, raised, allocated, spent), 万元.
    funding: Vec<(&'static str, String, String, String)>,
    narrative: String,
    /// Each consistency warning and the reporting unit's explanation.
    warnings: Vec<(String, String)>,
    comment: String,
    /// The step this reader may take: review (lead unit) or approve (office).
    pass: Option<(&'static str, &'static str)>,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Done {
    ok: Option<String>,
}

/// Who reviews what: the lead units' reviewers take submitted reports, the office the
/// reviewed ones.
fn waiting_state(role: Role) -> Option<ReportState> {
    match role {
        Role::Reviewer => Some(ReportState::Submitted),
        Role::Office => Some(ReportState::Reviewed),
        _ => None,
    }
}

fn refused() -> Result<Response, ApiError> {
    message(
        StatusCode::FORBIDDEN,
        tr("无权访问"),
        tr("审核页供牵头单位审核员和督查室使用。"),
    )
}

pub async fn queue(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(q): Query<Done>,
) -> Result<Response, ApiError> {
    let Some(state) = waiting_state(auth.role()) else {
        return refused();
    };
    let filter = ReportFilter {
        state: Some(state),
        visible_to_unit: auth.user.unit_id.filter(|_| auth.role() == Role::Reviewer),
        ..ReportFilter::default()
    };
    let page = duban_store::Page {
        page: 1,
        per_page: duban_store::Page::MAX_PER_PAGE,
    };
    let units = super::unit_names(&s).await?;
    let mut rows = Vec::new();
    for r in s.store.reports(&filter, page).await?.items {
        let item = s.store.item(r.value.item_id).await?.value;
        // A reviewer sees co-units' reports on items the unit leads, never its own work.
        if auth.role() == Role::Reviewer
            && (Some(item.lead_unit_id) != auth.user.unit_id || r.value.author_id == auth.user.id)
        {
            continue;
        }
        rows.push(QueueRow {
            id: r.value.id.0,
            item_number: item.number,
            item_title: item.title,
            unit: units.get(&r.value.unit_id.0).cloned().unwrap_or_default(),
            state_label: super::tasks::state_label(r.value.state.as_str()),
        });
    }
    rows.sort_by_key(|r| (r.item_number, r.id));
    let notice = match q.ok.as_deref() {
        Some("review") => Some("已审核通过,报督查室确认。"),
        Some("approve") => Some("已确认通过,数据计入台账。"),
        Some("return") => Some("已退回填报单位。"),
        _ => None,
    };
    let page = QueuePage {
        shell: super::Shell::of(&auth),
        waiting: if auth.role() == Role::Office {
            "牵头单位已审核、待督查室确认的填报。"
        } else {
            "已报送、待本单位审核的填报。"
        },
        rows,
        notice,
    };
    render(StatusCode::OK, &page)
}

pub async fn report(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    show(&s, &auth, id, StatusCode::OK, None, String::new()).await
}

async fn show(
    s: &AppState,
    auth: &Auth,
    id: i64,
    status: StatusCode,
    error: Option<String>,
    comment: String,
) -> Result<Response, ApiError> {
    if waiting_state(auth.role()).is_none() {
        return refused();
    }
    let r = match readable(s, auth, id).await {
        Ok(r) => r,
        Err(e) if e.status().is_client_error() => {
            let p = e.problem();
            return message(e.status(), tr("无法查看"), pick(&p.title, &p.title_en));
        }
        Err(e) => return Err(e),
    };
    let item = s.store.item(r.value.item_id).await?.value;
    let period = s.store.period(r.value.period_id).await?.value;
    let inds = s.store.item_indicators(item.id).await?;
    let units = super::unit_names(s).await?;
    let is_author = r.value.author_id == auth.user.id;
    let pass = match (auth.role(), r.value.state) {
        (Role::Reviewer, ReportState::Submitted)
            if Some(item.lead_unit_id) == auth.user.unit_id && !is_author =>
        {
            Some(("review", "审核通过"))
        }
        (Role::Office, ReportState::Reviewed) if !is_author => Some(("approve", "确认通过")),
        _ => None,
    };
    let v = view(s, r).await?;
    let figures = v
        .figures
        .iter()
        .map(|f| {
            let ind = inds.iter().find(|i| i.value.id.0 == f.indicator_id);
            let name = ind.map_or_else(String::new, |i| i.value.name.clone());
            let label = match f.region_id.and_then(|r| units.get(&r)) {
                Some(region) => format!("{name}({region})"),
                None => name,
            };
            let value = f
                .value
                .map(|d| format!("{d}{}", ind.map_or("", |i| i.value.unit.as_str())))
                .or_else(|| f.stage.clone())
                .or_else(|| {
                    f.assessment
                        .as_deref()
                        .and_then(Status::parse)
                        .map(|s| tr(s.label_zh()).to_string())
                })
                .unwrap_or_default();
            FigureRow { label, value }
        })
        .collect();
    let page = ReportPage {
        shell: super::Shell::of(auth),
        id: v.id,
        item_number: item.number,
        item_title: item.title,
        unit: units.get(&v.unit_id).cloned().unwrap_or_default(),
        period: period.label.to_string(),
        state_label: super::tasks::state_label(&v.state),
        version: v.version,
        figures,
        funding: v
            .funding
            .iter()
            .map(|l| {
                let label = duban_domain::funding::FundingSource::parse(&l.source)
                    .map_or("", |s| pick(s.label_zh(), s.label_en()));
                let a = |d: Option<duban_domain::Decimal>| d.unwrap_or_default().to_string();
                (label, a(l.raised), a(l.allocated), a(l.spent))
            })
            .collect(),
        narrative: v.narrative.unwrap_or_default(),
        warnings: v
            .warnings
            .into_iter()
            .map(|w| {
                let message = pick(&w.message, &w.message_en).to_string();
                (message, w.reason.unwrap_or_else(|| "—".into()))
            })
            .collect(),
        comment,
        pass,
        error,
    };
    render(status, &page)
}

#[derive(Debug, Deserialize)]
pub struct Decision {
    /// review | approve | return
    action: String,
    version: i64,
    #[serde(default)]
    comment: String,
}

pub async fn decide(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    Form(d): Form<Decision>,
) -> Result<Response, ApiError> {
    let action = match d.action.as_str() {
        "review" => ReportAction::Review,
        "approve" => ReportAction::Approve,
        "return" => ReportAction::Return,
        _ => return Err(ApiError::bad_request("未知的审核操作", "unknown action")),
    };
    let body = ActionInput {
        comment: Some(d.comment.clone()).filter(|c| !c.trim().is_empty()),
        reasons: None,
    };
    match step(&s, &auth, id, d.version, action, body).await {
        Ok(_) => Ok(Redirect::to(&format!("/review?ok={}", d.action)).into_response()),
        Err(e) if e.status().is_client_error() => {
            let text = super::refusal_text(&e);
            show(&s, &auth, id, e.status(), Some(text), d.comment).await
        }
        Err(e) => Err(e),
    }
}

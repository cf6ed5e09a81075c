//! 绩效考评: a period's league tables with every score's breakdown; evaluators enter
//! their scores on it, the office approves, and everyone who reads it downloads it.
//! Every change goes through the API's one path (`routes::evaluation`).

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::access::{enters_evaluation, manages_plans, reads_evaluation};
use duban_domain::{Decimal, PeriodId};
use serde::Deserialize;

use super::i18n::{filters, tr};
use super::{SignedIn, message, refused, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::routes::evaluation::{
    EntryInput, EvaluationView, approve_one, enter_one, standings, view,
};

#[derive(Template)]
#[template(path = "evaluation.html")]
struct EvaluationPage {
    shell: Option<super::Shell>,
    periods: Vec<(i64, String)>,
    ev: EvaluationView,
    may_enter: bool,
    may_approve: bool,
    notice: Option<&'static str>,
    error: Option<String>,
}

impl EvaluationPage {
    /// A score as printed: two decimals, or a dash.
    fn score(&self, v: &Option<Decimal>) -> String {
        v.map_or_else(|| "—".into(), |v| v.to_fixed(2))
    }

    /// The text in the reader's language, where the API gives both.
    fn pick<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        match super::i18n::lang() {
            super::i18n::Lang::Zh => zh,
            super::i18n::Lang::En => en,
        }
    }

    /// A score as a form field holds it: empty when there is none.
    fn plain(&self, v: &Option<Decimal>) -> String {
        v.map(|v| v.to_string()).unwrap_or_default()
    }
}

#[derive(Debug, Deserialize)]
pub struct Shown {
    period: Option<i64>,
    ok: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct EntryForm {
    period: i64,
    unit_id: i64,
    version: i64,
    third_party: String,
    satisfaction: String,
    comment: String,
}

#[derive(Debug, Deserialize)]
pub struct ApproveForm {
    period: i64,
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(q): Query<Shown>,
) -> Result<Response, ApiError> {
    let notice = match q.ok.as_deref() {
        Some("entry") => Some("已保存评分。"),
        Some("approved") => Some("考评结果已审定。"),
        _ => None,
    };
    show(&s, &auth, q.period, notice, None, StatusCode::OK).await
}

async fn show(
    s: &AppState,
    auth: &Auth,
    period: Option<i64>,
    notice: Option<&'static str>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    if !reads_evaluation(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("绩效考评供督查室、领导和第三方评估查看。"),
        );
    }
    let Some(plan) = super::current_plan(s).await? else {
        return message(StatusCode::OK, tr("绩效考评"), tr("尚未建立年度计划。"));
    };
    let periods = super::period_labels(s, plan.id).await?;
    // The period asked for, else the latest.
    let Some(id) = period
        .filter(|p| periods.iter().any(|(id, _)| id == p))
        .or_else(|| periods.iter().map(|(id, _)| *id).max())
    else {
        return message(StatusCode::OK, tr("绩效考评"), tr("计划还没有报告期。"));
    };
    let ev = view(&standings(s, PeriodId(id)).await?);
    let page = EvaluationPage {
        shell: super::Shell::of(auth),
        periods,
        may_enter: enters_evaluation(auth.role()) && !ev.approved,
        may_approve: manages_plans(auth.role()) && !ev.approved,
        ev,
        notice,
        error,
    };
    render(status, &page)
}

/// A score field: empty is "not given".
fn entered(field: &str, v: &str) -> Result<Option<Decimal>, ApiError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    Decimal::parse(v).map(Some).ok_or_else(|| {
        crate::routes::invalid(
            field,
            "not_a_number",
            "评分须为数字".into(),
            "a score must be a number".into(),
        )
    })
}

pub async fn enter(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(f): Form<EntryForm>,
) -> Result<Response, ApiError> {
    let result = async {
        let input = EntryInput {
            unit_id: f.unit_id,
            third_party: entered("third_party", &f.third_party)?,
            satisfaction: entered("satisfaction", &f.satisfaction)?,
            comment: Some(f.comment.clone()),
        };
        enter_one(&s, &auth, PeriodId(f.period), f.version, &input).await
    }
    .await;
    done(&s, &auth, f.period, result.map(|_| "entry")).await
}

pub async fn approve(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(f): Form<ApproveForm>,
) -> Result<Response, ApiError> {
    let result = approve_one(&s, &auth, PeriodId(f.period)).await;
    done(&s, &auth, f.period, result.map(|_| "approved")).await
}

/// After a form: back to the page with a notice, or the page again with what was
/// refused (a server error stays an error).
async fn done(
    s: &AppState,
    auth: &Auth,
    period: i64,
    result: Result<&'static str, ApiError>,
) -> Result<Response, ApiError> {
    match result {
        Ok(ok) => Ok(Redirect::to(&format!("/evaluation?period={period}&ok={ok}")).into_response()),
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            show(s, auth, Some(period), None, Some(refused::text(&e)), status).await
        }
        Err(e) => Err(e),
    }
}

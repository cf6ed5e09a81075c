//! 数据质量: the office's page of data-quality risk — the proposed spot-check list with
//! each score's parts, weights and evidence, a form to record each check's outcome
//! (through the API's one path), and the checks recorded.

use super::i18n::{filters, tr};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::quality::{Outcome, SPOT_CHECK_FROM, Subject, spot_checks};
use duban_domain::{ItemId, UnitId};
use serde::Deserialize;

use super::SignedIn;
use super::{message, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::routes::quality::{SpotCheckInput, plan_scores, reads_quality, record_one};

struct PartRow {
    label: String,
    weight: u32,
    count: u32,
    points: u32,
    evidence: Vec<String>,
}

struct Proposed {
    kind: &'static str,
    id: i64,
    who: String,
    score: u32,
    parts: Vec<PartRow>,
}

struct Checked {
    who: String,
    score: u32,
    outcome: &'static str,
    note: String,
    at: String,
}

#[derive(Template)]
#[template(path = "quality.html")]
struct QualityPage {
    shell: Option<super::Shell>,
    threshold: u32,
    proposed: Vec<Proposed>,
    checks: Vec<Checked>,
    outcomes: Vec<(&'static str, &'static str)>,
    may_record: bool,
    notice: bool,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Done {
    ok: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Record {
    subject: String,
    subject_id: i64,
    outcome: String,
    note: String,
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(q): Query<Done>,
) -> Result<Response, ApiError> {
    show(&s, &auth, q.ok.is_some(), None, StatusCode::OK).await
}

async fn show(
    s: &AppState,
    auth: &Auth,
    notice: bool,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    if !reads_quality(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("数据质量风险供督查室、领导和第三方评估查看。"),
        );
    }
    let Some(plan) = super::current_plan(s).await? else {
        return message(StatusCode::OK, tr("数据质量"), tr("尚未建立年度计划。"));
    };
    let units = super::unit_names(s).await?;
    let items: std::collections::BTreeMap<ItemId, (i64, String)> = s
        .store
        .plan_items(plan.id)
        .await?
        .into_iter()
        .map(|i| (i.id, (i.number, i.title)))
        .collect();
    let who = |sub: Subject| match sub {
        Subject::Unit(UnitId(u)) => units.get(&u).cloned().unwrap_or_default(),
        Subject::Item(i) => items
            .get(&i)
            .map(|(n, t)| format!("第{n}项 {t}"))
            .unwrap_or_default(),
    };
    let all = plan_scores(s, plan.id).await?;
    let proposed = spot_checks(&all, SPOT_CHECK_FROM, 50)
        .into_iter()
        .map(|(sub, sc)| Proposed {
            kind: sub.kind(),
            id: sub.id(),
            who: who(sub),
            score: sc.score,
            parts: sc
                .parts
                .iter()
                .map(|p| PartRow {
                    label: tr(p.label_zh).to_string(),
                    weight: p.weight,
                    count: p.count,
                    points: p.points,
                    evidence: p
                        .evidence
                        .iter()
                        .map(|e| format!("#{} {} {}", e.report_id, e.period, e.note))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let checks = s
        .store
        .spot_checks(plan.id)
        .await?
        .into_iter()
        .map(|c| Checked {
            who: who(c.value.subject),
            score: c.value.score,
            outcome: c.value.outcome.label_zh(),
            note: c.value.note,
            at: duban_domain::date::beijing_time(c.value.checked_at),
        })
        .collect();
    let page = QualityPage {
        shell: super::Shell::of(auth),
        threshold: SPOT_CHECK_FROM,
        proposed,
        checks,
        outcomes: Outcome::ALL
            .iter()
            .map(|o| (o.as_str(), o.label_zh()))
            .collect(),
        may_record: duban_domain::access::manages_plans(auth.role()),
        notice,
        error,
    };
    render(status, &page)
}

pub async fn record(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(f): Form<Record>,
) -> Result<Response, ApiError> {
    let Some(plan) = super::current_plan(&s).await? else {
        return message(StatusCode::OK, tr("数据质量"), tr("尚未建立年度计划。"));
    };
    let input = SpotCheckInput {
        subject: f.subject,
        subject_id: f.subject_id,
        outcome: f.outcome,
        note: f.note,
    };
    match record_one(&s, &auth, plan.id, &input).await {
        Ok(_) => Ok(Redirect::to("/quality?ok=1").into_response()),
        Err(ApiError::Invalid(inv)) => {
            let text = inv
                .0
                .iter()
                .map(|e| e.message_zh.clone())
                .collect::<Vec<_>>()
                .join(";");
            show(
                &s,
                &auth,
                false,
                Some(text),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

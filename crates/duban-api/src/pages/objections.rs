//! 公众异议: the office's queue of the public's objections to published figures, each
//! with what was published and the contact (never shown in public), settled here —
//! dismissed with the reason the figure stands, or turned into a 问题整改 for a unit —
//! through the API's one path.

use super::i18n::{filters, tr, trf};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::access::manages_plans;
use duban_store::disclosure::ObjectionState;
use serde::Deserialize;

use super::SignedIn;
use super::{message, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::routes::disclosure::{RaisedProblem, SettlementInput, settle_one};

struct Row {
    id: i64,
    version: i64,
    publication: String,
    figure: String,
    text: String,
    contact: String,
}

#[derive(Template)]
#[template(path = "objections.html")]
struct Queue {
    shell: Option<super::Shell>,
    rows: Vec<Row>,
    units: Vec<(i64, String)>,
    notice: bool,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Done {
    ok: Option<String>,
}

pub async fn queue(
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
    if !manages_plans(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("公众异议由督查室处理。"),
        );
    }
    let mut rows = Vec::new();
    for o in s.store.objections(Some(ObjectionState::Open)).await? {
        let p = s.store.publication(o.value.publication_id).await?.value;
        rows.push(Row {
            id: o.value.id,
            version: o.version,
            publication: trf("{}(索引号 {})", &[&p.title, &p.index]),
            figure: o.value.fields.figure.unwrap_or_else(|| tr("未注明").into()),
            text: o.value.fields.text,
            contact: match &o.value.fields.contact {
                Some(c) => c.as_str().to_string(),
                None => tr("未留").into(),
            },
        });
    }
    let units = super::unit_names(s).await?.into_iter().collect();
    let page = Queue {
        shell: super::Shell::of(auth),
        rows,
        units,
        notice,
        error,
    };
    render(status, &page)
}

#[derive(Debug, Deserialize)]
pub struct Settle {
    /// dismiss | problem
    how: String,
    version: i64,
    #[serde(default)]
    note: String,
    #[serde(default)]
    owner_unit_id: Option<i64>,
    #[serde(default)]
    deadline: String,
}

pub async fn settle(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<Settle>,
) -> Result<Response, ApiError> {
    let input = match f.how.as_str() {
        "problem" => SettlementInput {
            dismiss: None,
            problem: Some(RaisedProblem {
                owner_unit_id: f.owner_unit_id.unwrap_or(0),
                item_id: None,
                deadline: f.deadline,
                title: None,
            }),
        },
        _ => SettlementInput {
            dismiss: Some(f.note),
            problem: None,
        },
    };
    match settle_one(&s, &auth, id, f.version, input).await {
        Ok(_) => Ok(Redirect::to("/objections?ok=1").into_response()),
        Err(e) if e.status().is_client_error() => {
            let text = super::refusal_text(&e);
            show(&s, &auth, false, Some(text), e.status()).await
        }
        Err(e) => Err(e),
    }
}

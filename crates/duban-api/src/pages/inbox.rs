//! 消息: everyone's reminders (催办) and notices, newest first; opening the page marks
//! nothing — each message is marked read with its own button, as the API does.

use super::i18n::filters;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::SignedIn;
use super::render;
use crate::AppState;
use crate::error::ApiError;

struct Row {
    id: i64,
    subject: String,
    body: String,
    at: String,
    read: bool,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    shell: Option<super::Shell>,
    unread: usize,
    rows: Vec<Row>,
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    let page = duban_store::Page {
        page: 1,
        per_page: 100,
    };
    let rows: Vec<Row> = s
        .store
        .inbox(auth.user.id, page)
        .await?
        .items
        .into_iter()
        .map(|m| Row {
            id: m.id,
            subject: m.subject,
            body: m.body,
            at: duban_domain::date::beijing_time(m.created_at)
                .chars()
                .take(10)
                .collect(),
            read: m.read_at.is_some(),
        })
        .collect();
    let page = InboxPage {
        shell: super::Shell::of(&auth),
        unread: rows.iter().filter(|r| !r.read).count(),
        rows,
    };
    render(StatusCode::OK, &page)
}

pub async fn mark_read(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    s.store
        .mark_read(auth.user.id, id, duban_store::now_ms())
        .await?;
    Ok(Redirect::to("/inbox").into_response())
}

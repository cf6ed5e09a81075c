//! 问题整改: the problems board — every open problem of the plan for the office and
//! leaders, a unit's own for its people — with the overdue ones marked, each linked
//! to its item — and the steps of rectification each viewer may take on each one: the
//! owner unit starts and reports rectified (with the measures), the office verifies,
//! rejects, closes (销号) and reopens. The same step as the API takes.

use super::i18n::filters;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::Role;
use duban_domain::access::reads_plans;
use duban_domain::problem::{Problem, ProblemAction, ProblemState};
use duban_store::problems::ProblemFilter;
use serde::Deserialize;

use super::SignedIn;
use super::{message, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;

struct Row {
    id: i64,
    version: i64,
    /// The steps this viewer may take now: (action, label).
    actions: Vec<(&'static str, &'static str)>,
    title: String,
    item: Option<(i64, String)>,
    owner: String,
    deadline: String,
    state: &'static str,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "problems.html")]
struct Board {
    shell: Option<super::Shell>,
    scope: String,
    rows: Vec<Row>,
    overdue: usize,
    all: bool,
    notice: bool,
    error: Option<String>,
}

/// The steps `auth` may take on `p` in its state.
fn steps(auth: &Auth, p: &Problem) -> Vec<(&'static str, &'static str)> {
    ProblemAction::ALL
        .into_iter()
        .filter(|a| a.next(p.state).is_some())
        .filter(|a| {
            if a.by_owner() {
                matches!(auth.role(), Role::Reporter | Role::Reviewer)
                    && auth.user.unit_id == Some(p.owner_unit_id)
            } else {
                auth.role() == Role::Office
            }
        })
        .map(|a| (a.as_str(), a.label_zh()))
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct Filter {
    /// Also the closed ones.
    all: Option<String>,
    /// A step was just taken.
    ok: Option<String>,
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(f): Query<Filter>,
) -> Result<Response, ApiError> {
    board(
        &s,
        &auth,
        f.all.is_some(),
        f.ok.is_some(),
        None,
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct Step {
    action: String,
    version: i64,
    #[serde(default)]
    note: String,
}

pub async fn step(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<Step>,
) -> Result<Response, ApiError> {
    let note = Some(f.note.as_str()).filter(|n| !n.trim().is_empty());
    match crate::routes::problems::take_step(&s, &auth, id, f.version, &f.action, note).await {
        Ok(_) => Ok(Redirect::to("/problems?ok=1").into_response()),
        Err(e) if e.status().is_client_error() => {
            let text = super::refusal_text(&e);
            board(&s, &auth, false, false, Some(text), e.status()).await
        }
        Err(e) => Err(e),
    }
}

async fn board(
    s: &AppState,
    auth: &Auth,
    show_all: bool,
    notice: bool,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    if !reads_plans(auth.role()) {
        return message(StatusCode::FORBIDDEN, "无权访问", "管理员不查看业务数据。");
    }
    let Some(plan) = super::current_plan(s).await? else {
        return message(StatusCode::OK, "问题整改", "尚未建立年度计划。");
    };
    let own = match auth.role() {
        Role::Reporter | Role::Reviewer => auth.user.unit_id,
        _ => None,
    };
    let filter = ProblemFilter {
        plan_id: Some(plan.id),
        owner_unit_id: own,
        ..ProblemFilter::default()
    };
    let all_pages = duban_store::Page {
        page: 1,
        per_page: duban_store::Page::MAX_PER_PAGE,
    };
    let units = super::unit_names(s).await?;
    let items = s.store.plan_items(plan.id).await?;
    let today = s.settings.clock.today();
    let rows: Vec<Row> = s
        .store
        .problems(&filter, all_pages)
        .await?
        .items
        .into_iter()
        .filter(|p| show_all || p.value.state != ProblemState::Closed)
        .map(|v| {
            let version = v.version;
            let p = v.value;
            let pending = matches!(
                p.state,
                ProblemState::Open | ProblemState::Rectifying | ProblemState::Rectified
            );
            Row {
                id: p.id.0,
                version,
                actions: steps(auth, &p),
                item: p.item_id.and_then(|i| {
                    items
                        .iter()
                        .find(|x| x.id == i)
                        .map(|x| (x.id.0, format!("第{}项 {}", x.number, x.title)))
                }),
                owner: units.get(&p.owner_unit_id.0).cloned().unwrap_or_default(),
                deadline: p.deadline.to_string(),
                state: p.state.label_zh(),
                overdue: pending && p.deadline < today,
                title: p.title,
            }
        })
        .collect();
    let page = Board {
        shell: super::Shell::of(auth),
        scope: match own {
            Some(u) => format!(
                "{}承担的整改问题",
                units.get(&u.0).cloned().unwrap_or_default()
            ),
            None => format!("{}的整改问题", plan.title),
        },
        overdue: rows.iter().filter(|r| r.overdue).count(),
        rows,
        all: show_all,
        notice,
        error,
    };
    render(status, &page)
}

//! 问题整改: the problems board — every open problem of the plan for the office and
//! leaders, a unit's own for its people — with the overdue ones marked, each linked
//! to its item. The steps of rectification are taken through the API for now.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::Role;
use duban_domain::access::reads_plans;
use duban_domain::problem::ProblemState;
use duban_store::problems::ProblemFilter;
use serde::Deserialize;

use super::{message, render};
use crate::AppState;
use crate::auth::MaybeAuth;
use crate::error::ApiError;

struct Row {
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
}

#[derive(Debug, Deserialize)]
pub struct Filter {
    /// Also the closed ones.
    all: Option<String>,
}

pub async fn page(
    State(s): State<AppState>,
    auth: MaybeAuth,
    Query(f): Query<Filter>,
) -> Result<Response, ApiError> {
    let Some(auth) = auth.0 else {
        return Ok(Redirect::to("/login").into_response());
    };
    if !reads_plans(auth.role()) {
        return message(StatusCode::FORBIDDEN, "无权访问", "管理员不查看业务数据。");
    }
    let Some(plan) = super::current_plan(&s).await? else {
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
    let units = super::unit_names(&s).await?;
    let items = s.store.plan_items(plan.id).await?;
    let today = s.settings.clock.today();
    let show_all = f.all.is_some();
    let rows: Vec<Row> = s
        .store
        .problems(&filter, all_pages)
        .await?
        .items
        .into_iter()
        .map(|p| p.value)
        .filter(|p| show_all || p.state != ProblemState::Closed)
        .map(|p| {
            let pending = matches!(
                p.state,
                ProblemState::Open | ProblemState::Rectifying | ProblemState::Rectified
            );
            Row {
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
        shell: super::Shell::of(&auth),
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
    };
    render(StatusCode::OK, &page)
}

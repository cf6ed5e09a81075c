//! 本期任务: what the caller's unit owes in the open period (一表通), with each report's
//! state. The fill-in form itself follows (issue 5).

use super::i18n::{filters, tr};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use duban_domain::{PeriodState, Role};

use super::SignedIn;
use super::{message, render};
use crate::AppState;
use crate::error::ApiError;
use crate::routes::tasks::{TasksView, tasks_of};

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    shell: Option<super::Shell>,
    unit_name: String,
    plan_title: String,
    tasks: Option<TasksView>,
    /// The reporter may fill the period in from an Excel template (Excel批量填报).
    may_import: bool,
}

impl TasksPage {
    fn state_label(&self, state: &str) -> &'static str {
        state_label(state)
    }
}

/// A report state as the office says it.
pub(super) fn state_label(state: &str) -> &'static str {
    match state {
        "missing" => "未填报",
        "draft" => "草稿",
        "submitted" => "已报送",
        "reviewed" => "牵头单位已审核",
        "approved" => "已通过",
        "returned" => "已退回",
        _ => "—",
    }
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    let unit = match (auth.role(), auth.user.unit_id) {
        (Role::Reporter | Role::Reviewer, Some(u)) => u,
        _ => {
            return message(
                StatusCode::FORBIDDEN,
                tr("无权访问"),
                tr("本期任务供各单位填报员和审核员查看。"),
            );
        }
    };
    let unit_name = s.store.unit(unit).await?.value.name;
    let Some(plan) = super::current_plan(&s).await? else {
        return message(StatusCode::OK, tr("本期任务"), tr("尚未建立年度计划。"));
    };
    let open = s
        .store
        .periods(plan.id)
        .await?
        .into_iter()
        .find(|p| p.value.state == PeriodState::Open);
    let tasks = match open {
        Some(p) => Some(tasks_of(&s, p.value.id, unit).await?),
        None => None,
    };
    let page = TasksPage {
        shell: super::Shell::of(&auth),
        unit_name,
        plan_title: plan.title,
        may_import: auth.role() == Role::Reporter && tasks.is_some(),
        tasks,
    };
    render(StatusCode::OK, &page)
}

//! 我的账号: who is signed in, in which unit and role, and what that role does here.
//! The administrators' first page: their work is accounts, roles and the audit log,
//! never the ledger's business data (三权分立).

use super::i18n::{filters, tr};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use duban_domain::Role;

use super::SignedIn;
use super::render;
use crate::AppState;
use crate::error::ApiError;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    shell: Option<super::Shell>,
    display_name: String,
    username: String,
    role: &'static str,
    unit: String,
    email: String,
    /// In clear: this page is the person's own.
    mobile: String,
    id_number: String,
    duties: &'static str,
    demo: bool,
}

/// What each role does in duban, in the words of the office.
fn duties(role: Role) -> &'static str {
    match role {
        Role::Office => {
            "制定年度计划、开放和关闭报告期、确认各单位填报、督办问题整改、起草和印发督查专报。"
        }
        Role::Reporter => "按期填报本单位承担的民生实事进展,报牵头单位审核。",
        Role::Reviewer => "审核本单位牵头事项中各责任单位和县区报送的数据。",
        Role::Leader => "查看驾驶舱和各项实事进展。",
        Role::Evaluator => "查看进展数据,录入第三方评估意见。",
        Role::SysAdmin => "管理账号和系统设置,不接触业务数据。",
        Role::SecAdmin => "管理角色和安全策略,不接触业务数据。",
        Role::AuditAdmin => "查阅审计日志,不接触业务数据。",
    }
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    let unit = match auth.user.unit_id {
        Some(u) => s.store.unit(u).await?.value.name,
        None => "—".into(),
    };
    let u = &auth.user;
    let page = AccountPage {
        shell: super::Shell::of(&auth),
        display_name: u.display_name.clone(),
        username: u.username.clone(),
        role: u.role.label_zh(),
        unit,
        email: u.email.clone().unwrap_or_else(|| tr("未登记").into()),
        mobile: match &u.mobile {
            Some(m) => m.as_str().to_string(),
            None => tr("未登记").into(),
        },
        id_number: match &u.id_number {
            Some(i) => i.as_str().to_string(),
            None => tr("未登记").into(),
        },
        duties: duties(u.role),
        demo: u.demo,
    };
    render(StatusCode::OK, &page)
}

//! 单位 and 账号: the units (for the office and leaders, whose plan data they are) and
//! the accounts (for the system administrator, who manages them). Read-only here;
//! changes go through the API and `duban user`.

use super::i18n::filters;
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use duban_domain::access::{manages_accounts, reads_plans};

use super::SignedIn;
use super::{message, render};
use crate::AppState;
use crate::error::ApiError;

struct UnitRow {
    code: String,
    name: String,
    kind: &'static str,
    parent: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    shell: Option<super::Shell>,
    rows: Vec<UnitRow>,
}

struct UserRow {
    username: String,
    name: String,
    role: &'static str,
    unit: String,
    email: String,
    active: bool,
    demo: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    shell: Option<super::Shell>,
    rows: Vec<UserRow>,
}

pub async fn units(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    if !reads_plans(auth.role()) {
        return message(StatusCode::FORBIDDEN, "无权访问", "管理员不查看业务数据。");
    }
    let all = s.store.all_units().await?;
    let names: BTreeMap<i64, String> = all.iter().map(|u| (u.id.0, u.name.clone())).collect();
    let rows = all
        .into_iter()
        .map(|u| UnitRow {
            parent: u
                .parent_id
                .and_then(|p| names.get(&p.0).cloned())
                .unwrap_or_else(|| "—".into()),
            code: u.code,
            name: u.name,
            kind: u.kind.label_zh(),
            active: u.active,
        })
        .collect();
    let page = UnitsPage {
        shell: super::Shell::of(&auth),
        rows,
    };
    render(StatusCode::OK, &page)
}

pub async fn users(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    if !manages_accounts(auth.role()) {
        return message(StatusCode::FORBIDDEN, "无权访问", "账号由系统管理员管理。");
    }
    let names = super::unit_names(&s).await?;
    let page = duban_store::Page {
        page: 1,
        per_page: duban_store::Page::MAX_PER_PAGE,
    };
    let rows = s
        .store
        .users(page)
        .await?
        .items
        .into_iter()
        .map(|u| {
            let u = u.value;
            UserRow {
                unit: u
                    .unit_id
                    .and_then(|id| names.get(&id.0).cloned())
                    .unwrap_or_else(|| "—".into()),
                username: u.username,
                name: u.display_name,
                role: u.role.label_zh(),
                email: u.email.unwrap_or_else(|| "—".into()),
                active: u.active,
                demo: u.demo,
            }
        })
        .collect();
    let page = UsersPage {
        shell: super::Shell::of(&auth),
        rows,
    };
    render(StatusCode::OK, &page)
}

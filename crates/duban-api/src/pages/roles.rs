//! 角色分配: the security administrator gives each account its role and unit (never
//! their own), through the API's one path (`routes::users::assign`). The account's
//! sessions end at once.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::access::assigns_roles;
use serde::Deserialize;

use super::directory::{Choice, role_choices, unit_choices};
use super::i18n::{filters, tr};
use super::{SignedIn, message, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::routes::users::RoleInput;

struct Row {
    id: i64,
    username: String,
    name: String,
    role: &'static str,
    unit: String,
    own: bool,
}

#[derive(Template)]
#[template(path = "roles.html")]
struct RolesPage {
    shell: Option<super::Shell>,
    notice: Option<&'static str>,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "role.html")]
struct RolePage {
    shell: Option<super::Shell>,
    id: i64,
    version: i64,
    username: String,
    display_name: String,
    roles: Vec<Choice>,
    units: Vec<Choice>,
    /// Why the last attempt was refused.
    refusal: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Saved {
    ok: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    version: String,
}

fn refuse(auth: &Auth) -> Option<Result<Response, ApiError>> {
    (!assigns_roles(auth.role())).then(|| {
        message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("角色由安全管理员分配。"),
        )
    })
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(q): Query<Saved>,
) -> Result<Response, ApiError> {
    if let Some(r) = refuse(&auth) {
        return r;
    }
    let notice = (q.ok.as_deref() == Some("saved")).then(|| tr("角色已保存,该账号须重新登录。"));
    let names: BTreeMap<i64, String> = s
        .store
        .all_units()
        .await?
        .into_iter()
        .map(|u| (u.id.0, u.name))
        .collect();
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
            Row {
                id: u.id.0,
                own: u.id == auth.user.id,
                username: u.username,
                name: u.display_name,
                role: tr(u.role.label_zh()),
                unit: u
                    .unit_id
                    .and_then(|x| names.get(&x.0).cloned())
                    .unwrap_or_else(|| "—".into()),
            }
        })
        .collect();
    let view = RolesPage {
        shell: super::Shell::of(&auth),
        notice,
        rows,
    };
    render(StatusCode::OK, &view)
}

pub async fn edit(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    role_page(&s, &auth, id, None).await
}

pub async fn save(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> Result<Response, ApiError> {
    let input = RoleInput {
        role: f.role.clone(),
        unit_id: f.unit_id.trim().parse().ok(),
    };
    let version = f.version.trim().parse().unwrap_or(0);
    match crate::routes::users::assign(&s, &auth, id, version, &input).await {
        Ok(_) => Ok(Redirect::to("/roles?ok=saved").into_response()),
        Err(e) if e.status().is_client_error() && e.status() != StatusCode::FORBIDDEN => {
            role_page(&s, &auth, id, Some((f, e))).await
        }
        Err(e) => Err(e),
    }
}

/// One account's form: as stored, or as typed with why it was refused.
async fn role_page(
    s: &AppState,
    auth: &Auth,
    id: i64,
    refused: Option<(RoleForm, ApiError)>,
) -> Result<Response, ApiError> {
    if let Some(r) = refuse(auth) {
        return r;
    }
    let u = s.store.user(duban_domain::UserId(id)).await?;
    let units = s.store.all_units().await?;
    let (role, unit, refusal, status) = match refused {
        Some((f, e)) => (
            f.role,
            f.unit_id,
            Some(super::refused::text(&e)),
            e.status(),
        ),
        None => (
            u.value.role.as_str().to_string(),
            u.value.unit_id.map(|x| x.0.to_string()).unwrap_or_default(),
            None,
            StatusCode::OK,
        ),
    };
    let view = RolePage {
        shell: super::Shell::of(auth),
        id,
        version: u.version,
        username: u.value.username,
        display_name: u.value.display_name,
        roles: role_choices(&role),
        units: unit_choices(&units, &unit),
        refusal,
    };
    render(status, &view)
}

//! Accounts, managed by the system administrator.

use axum::extract::State;
use duban_domain::access::{assigns_roles, manages_accounts, reads_accounts};
use duban_domain::password;
use duban_domain::personal::{IdNumber, Mobile};
use duban_domain::user::parse_username;
use duban_domain::{FieldError, Invalid, Role, UnitId, UserId};
use duban_store::users::{AccountChange, NewUser, User};
use duban_store::{Change, Versioned};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::UserView;
use super::{List, PageParams, Tagged};
use crate::AppState;
use crate::auth::{Auth, hash_password_async};
use crate::error::{ApiResult, Problem};
use crate::extract::{IfMatch, Json, Patch, PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(set_role))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleInput {
    /// office | reporter | reviewer | leader | evaluator | sysadmin | secadmin | auditadmin
    pub role: String,
    /// Required for reporters, reviewers and evaluators; none for administrators.
    pub unit_id: Option<i64>,
}

/// 分配角色 Give an account its role and unit (security administrator; never one's own).
/// Its sessions end at once.
#[utoipa::path(put, path = "/api/v1/users/{id}/role", tag = "users", request_body = RoleInput,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the account's ETag")),
    responses((status = 200, body = UserView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn set_role(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(i): Json<RoleInput>,
) -> ApiResult<Tagged<UserView>> {
    let u = assign(&s, &auth, id, version, &i).await?;
    Ok(Tagged::ok(u.version, UserView::of(u.value, u.version)))
}

/// Gives account `id` at `version` a role: the one path for the API and the roles page.
pub(crate) async fn assign(
    s: &AppState,
    auth: &Auth,
    id: i64,
    version: i64,
    i: &RoleInput,
) -> ApiResult<Versioned<User>> {
    auth.require(assigns_roles(auth.role()))?;
    if auth.user.id == UserId(id) {
        return Err(crate::ApiError::from(duban_store::StoreError::conflict(
            "own_role",
            "不能修改本人的角色",
            "nobody changes their own role",
        )));
    }
    let unit = i.unit_id.map(UnitId);
    let role = Role::parse(&i.role).ok_or_else(|| {
        Invalid::one(FieldError::new(
            "role",
            "unknown_role",
            "角色须为 office、reporter、reviewer、leader、evaluator、sysadmin、secadmin、auditadmin 之一",
            "role must be one of office, reporter, reviewer, leader, evaluator, sysadmin, secadmin, auditadmin",
        ))
    })?;
    duban_domain::user::check_unit(role, unit).map_err(Invalid::one)?;
    Ok(s.store
        .set_user_role(
            UserId(id),
            version,
            role,
            unit,
            Change::now(Some(auth.user.id)),
        )
        .await?)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    /// office | reporter | reviewer | leader | evaluator | sysadmin | secadmin | auditadmin
    pub role: String,
    /// Required for reporters, reviewers and evaluators.
    pub unit_id: Option<i64>,
    /// At least 12 characters.
    pub password: String,
    /// 手机号: 11 digits starting with 1. Stored encrypted (SM4).
    #[serde(default)]
    pub mobile: Option<String>,
    /// 身份证号: 18 characters with the GB 11643 check digit. Stored encrypted (SM4).
    #[serde(default)]
    pub id_number: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    /// false disables the account and ends its sessions at once.
    pub active: Option<bool>,
    /// Sets a new password; every session of the account ends.
    pub password: Option<String>,
    /// Where reminders also go by e-mail; `null` removes it.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub email: Patch<String>,
    /// 手机号; `null` removes it.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub mobile: Patch<String>,
    /// 身份证号; `null` removes it.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub id_number: Patch<String>,
}

/// An account's personal data as typed: each parsed when given (empty means none).
fn parse_personal(
    bad: &mut Invalid,
    mobile: Option<&str>,
    id_number: Option<&str>,
) -> (Option<Mobile>, Option<IdNumber>) {
    let mobile = mobile.map(str::trim).filter(|v| !v.is_empty());
    let id_number = id_number.map(str::trim).filter(|v| !v.is_empty());
    (
        mobile.and_then(|m| bad.take(Mobile::parse("mobile", m))),
        id_number.and_then(|i| bad.take(IdNumber::parse("id_number", i))),
    )
}

/// A patch of a personal field: kept, cleared (also by an empty text), or set.
fn patch_personal<T>(
    bad: &mut Invalid,
    p: &Patch<String>,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Option<Option<T>> {
    match p {
        Patch::Keep => None,
        Patch::Clear => Some(None),
        Patch::Set(v) if v.trim().is_empty() => Some(None),
        Patch::Set(v) => bad.take(parse(v)).map(Some),
    }
}

/// Validates a new account's fields: username, role, unit where the role needs one,
/// password rule.
pub fn parse_new_user(i: &UserInput) -> Result<(String, String, Role, Option<UnitId>), Invalid> {
    let mut bad = Invalid::default();
    let username = bad.take(parse_username(&i.username));
    let name = bad.take(duban_domain::text::required(
        "display_name",
        &i.display_name,
        50,
    ));
    let role = Role::parse(&i.role);
    if role.is_none() {
        bad.push(FieldError::new(
            "role",
            "unknown_role",
            "角色须为 office、reporter、reviewer、leader、evaluator、sysadmin、secadmin、auditadmin 之一",
            "role must be one of office, reporter, reviewer, leader, evaluator, sysadmin, secadmin, auditadmin",
        ));
    }
    if let Some(r) = role {
        bad.take(duban_domain::user::check_unit(r, i.unit_id.map(UnitId)));
    }
    bad.take(password::check(&i.password, &i.username));
    match (username, name, role) {
        (Some(u), Some(n), Some(r)) if bad.is_empty() => Ok((u, n, r, i.unit_id.map(UnitId))),
        _ => Err(bad),
    }
}

/// 用户列表 List accounts (system and security administrators).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(PageParams),
    responses((status = 200, body = List<UserView>), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn list_users(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<PageParams>,
) -> ApiResult<axum::Json<List<UserView>>> {
    auth.require(reads_accounts(auth.role()))?;
    let users = s.store.users(q.page()?).await?;
    Ok(axum::Json(List::of(users, |u| {
        UserView::of(u.value, u.version)
    })))
}

/// 新建用户 Create an account (system administrator).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = UserInput,
    responses((status = 201, body = UserView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_user(
    State(s): State<AppState>,
    auth: Auth,
    Json(i): Json<UserInput>,
) -> ApiResult<Tagged<UserView>> {
    let u = create(&s, &auth, i).await?;
    let loc = format!("/api/v1/users/{}", u.value.id);
    Ok(Tagged::created(
        u.version,
        UserView::of(u.value, u.version),
        loc,
    ))
}

/// Creates an account: the one path for the API and the accounts page.
pub(crate) async fn create(s: &AppState, auth: &Auth, i: UserInput) -> ApiResult<Versioned<User>> {
    auth.require(manages_accounts(auth.role()))?;
    let mut bad = Invalid::default();
    let (mobile, id_number) = parse_personal(&mut bad, i.mobile.as_deref(), i.id_number.as_deref());
    let (username, name, role, unit_id) = match parse_new_user(&i) {
        Ok(parsed) if bad.is_empty() => parsed,
        Ok(_) => return Err(bad.into()),
        Err(mut e) => {
            e.0.extend(bad.0);
            return Err(e.into());
        }
    };
    let hash = hash_password_async(i.password).await?;
    let n = NewUser {
        username: &username,
        display_name: &name,
        role,
        unit_id,
        password_hash: &hash,
        demo: false,
        mobile: mobile.as_ref(),
        id_number: id_number.as_ref(),
    };
    Ok(s.store
        .create_user(&n, Change::now(Some(auth.user.id)))
        .await?)
}

/// 用户详情 Read an account (system and security administrators, or oneself).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = UserView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_user(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<UserView>> {
    auth.require(reads_accounts(auth.role()) || auth.user.id == UserId(id))?;
    let u = s.store.user(UserId(id)).await?;
    Ok(Tagged::ok(u.version, UserView::of(u.value, u.version)))
}

/// 启用、停用、重置密码或设置邮箱、手机号、身份证号 Enable, disable, reset the password of or set the e-mail, mobile or ID number of an account (system administrator).
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", request_body = UserPatch,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the account's ETag")),
    responses((status = 200, body = UserView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
              (status = 428, body = Problem)))]
async fn update_user(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(p): Json<UserPatch>,
) -> ApiResult<Tagged<UserView>> {
    let u = update(&s, &auth, id, version, p).await?;
    Ok(Tagged::ok(u.version, UserView::of(u.value, u.version)))
}

/// Changes an account at `version`: the one path for the API and the account's page.
pub(crate) async fn update(
    s: &AppState,
    auth: &Auth,
    id: i64,
    version: i64,
    p: UserPatch,
) -> ApiResult<Versioned<User>> {
    auth.require(manages_accounts(auth.role()))?;
    let mut bad = Invalid::default();
    if let Some(pw) = &p.password {
        let username = s.store.user(UserId(id)).await?.value.username;
        bad.take(password::check(pw, &username));
    }
    let email = match &p.email {
        Patch::Keep => None,
        Patch::Clear => Some(None),
        Patch::Set(e) => bad.take(duban_domain::text::email("email", e)).map(Some),
    };
    let mobile = patch_personal(&mut bad, &p.mobile, |v| Mobile::parse("mobile", v));
    let id_number = patch_personal(&mut bad, &p.id_number, |v| IdNumber::parse("id_number", v));
    bad.into_result()?;
    let hash = match p.password {
        Some(pw) => Some(hash_password_async(pw).await?),
        None => None,
    };
    let c = AccountChange {
        active: p.active,
        password_hash: hash.as_deref(),
        email: email.as_ref().map(|e| e.as_deref()),
        mobile: mobile.as_ref().map(Option::as_ref),
        id_number: id_number.as_ref().map(Option::as_ref),
    };
    Ok(s.store
        .update_account(
            UserId(id),
            Some(version),
            &c,
            Change::now(Some(auth.user.id)),
        )
        .await?)
}

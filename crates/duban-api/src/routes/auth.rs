//! Logging in and out: a session cookie for pages, a bearer token for API clients.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use duban_store::Change;
use duban_store::users::SessionKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::UserView;
use crate::AppState;
use crate::auth::{Auth, hash_password_async, new_secret, secret_hash, verify_password_async};
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::Json;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(token))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub user: UserView,
    /// The database is a demo: its accounts are demo accounts.
    pub demo: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    /// Send as `Authorization: Bearer <access_token>`. Shown once.
    pub access_token: String,
    pub token_type: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
    pub user: UserView,
}

/// Checks credentials; the same answer whether the account is missing, disabled or the
/// password wrong.
pub(crate) async fn check(
    state: &AppState,
    c: &Credentials,
) -> ApiResult<duban_store::Versioned<duban_store::users::User>> {
    let username = c.username.trim().to_ascii_lowercase();
    if c.password.len() > 1024 || username.len() > 64 {
        return Err(ApiError::BadCredentials);
    }
    // A locked username is refused before its password is looked at; every username
    // is counted, so a lock says nothing of whether the account exists.
    let now = state.settings.clock.now_ms();
    if state.store.login_failures(&username).await?.locked_at(now) {
        return Err(ApiError::LockedOut);
    }
    let found = state.store.user_for_login(&username).await?;
    let (user, hash) = match found {
        Some((u, h)) if u.value.active => (Some(u), Some(h)),
        _ => (None, None),
    };
    let ok = verify_password_async(c.password.clone(), hash).await;
    match user {
        Some(u) if ok => {
            state.store.clear_login_failures(&username).await?;
            Ok(u)
        }
        _ => {
            let after = state.store.record_login_failure(&username, now).await?;
            Err(if after.locked_at(now) {
                ApiError::LockedOut
            } else {
                ApiError::BadCredentials
            })
        }
    }
}

/// 登录(会话Cookie) Log in with a session cookie.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", security(()),
    request_body = Credentials,
    responses((status = 200, body = Me, description = "Logged in; the cookie is set"),
              (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn login(State(state): State<AppState>, Json(c): Json<Credentials>) -> ApiResult<Response> {
    let u = check(&state, &c).await?;
    let cookie = open_session(&state, u.value.id).await?;
    let body = Me {
        user: UserView::of(u.value, u.version),
        demo: state.settings.demo,
    };
    let mut res = axum::Json(body).into_response();
    res.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(res)
}

/// Opens a browser session for `user`; the `Set-Cookie` value that carries it.
pub(crate) async fn open_session(
    state: &AppState,
    user: duban_domain::UserId,
) -> ApiResult<HeaderValue> {
    let secret = new_secret()?;
    let now = state.settings.clock.now_ms();
    state
        .store
        .create_session(
            &secret_hash(&secret),
            user,
            SessionKind::Cookie,
            now,
            now + state.settings.session_ms,
        )
        .await?;
    let s = &state.settings;
    let cookie = format!(
        "{}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        s.cookie_name(),
        s.session_ms / 1000,
        if s.secure_cookies { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&cookie).map_err(|e| ApiError::Internal(e.to_string()))
}

/// 获取访问令牌 Get a bearer token for an API client.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", security(()),
    request_body = Credentials,
    responses((status = 201, body = TokenView), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn token(
    State(state): State<AppState>,
    Json(c): Json<Credentials>,
) -> ApiResult<(StatusCode, axum::Json<TokenView>)> {
    let u = check(&state, &c).await?;
    let secret = new_secret()?;
    let now = state.settings.clock.now_ms();
    let expires_at = now + state.settings.token_ms;
    state
        .store
        .create_session(
            &secret_hash(&secret),
            u.value.id,
            SessionKind::Bearer,
            now,
            expires_at,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(TokenView {
            access_token: secret,
            token_type: "Bearer".into(),
            expires_at: duban_domain::date::rfc3339(expires_at),
            user: UserView::of(u.value, u.version),
        }),
    ))
}

/// 退出 Log out: ends this session or token at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 204), (status = 401, body = Problem)))]
async fn logout(State(state): State<AppState>, auth: Auth) -> ApiResult<Response> {
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, close_session(&state, &auth).await?);
    Ok(res)
}

/// Ends the session `auth` came with; the `Set-Cookie` value that clears it.
pub(crate) async fn close_session(state: &AppState, auth: &Auth) -> ApiResult<HeaderValue> {
    state
        .store
        .revoke_session(&auth.secret_hash, state.settings.clock.now_ms())
        .await?;
    let clear = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        state.settings.cookie_name()
    );
    HeaderValue::from_str(&clear).map_err(|e| ApiError::Internal(e.to_string()))
}

/// 当前用户 Who am I.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = Problem)))]
async fn me(State(state): State<AppState>, auth: Auth) -> ApiResult<axum::Json<Me>> {
    let u = state.store.user(auth.user.id).await?;
    Ok(axum::Json(Me {
        user: UserView::of(u.value, u.version),
        demo: state.settings.demo,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// 修改密码 Change one's own password; every session of the account ends, this one too.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "auth", request_body = PasswordChange,
    responses((status = 204), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn change_password(
    State(state): State<AppState>,
    auth: Auth,
    Json(c): Json<PasswordChange>,
) -> ApiResult<StatusCode> {
    duban_domain::password::check(&c.new_password, &auth.user.username).map_err(|mut e| {
        e.field = "new_password".into();
        duban_domain::Invalid::one(e)
    })?;
    let creds = Credentials {
        username: auth.user.username.clone(),
        password: c.current_password,
    };
    check(&state, &creds).await.map_err(|_| {
        ApiError::Invalid(duban_domain::Invalid::one(duban_domain::FieldError::new(
            "current_password",
            "wrong_password",
            "当前密码不正确",
            "the current password is wrong",
        )))
    })?;
    let hash = hash_password_async(c.new_password).await?;
    state
        .store
        .set_password_hash(auth.user.id, None, &hash, Change::now(Some(auth.user.id)))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

//! Logging in and out: a session cookie for pages, a bearer token for API clients.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use duban_store::users::SessionKind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::UserView;
use crate::AppState;
use crate::auth::{Auth, hash_password_async, new_secret, secret_hash, verify_password_async};
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::Json;
use crate::throttle::ClientAddr;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(token))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
        .merge(super::second_factor::router())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub username: String,
    pub password: String,
    /// The 6-digit code of the account's authenticator app, when it has a second
    /// factor (401 `second_factor_required` without it).
    #[serde(default)]
    pub code: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub user: UserView,
    /// The database is a demo: its accounts are demo accounts.
    pub demo: bool,
    /// What holds this session until it is dealt with: `password_expired` (change the
    /// password) or `second_factor_setup_required` (set up the second factor). Until
    /// then every other route answers 403 with that code. Absent when nothing does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restricted: Option<String>,
    /// When the password expires (RFC 3339, UTC); absent when passwords never do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_expires_at: Option<String>,
    pub second_factor: SecondFactorState,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SecondFactorState {
    /// The role must log in with a second factor.
    pub required: bool,
    /// The account has one: logging in takes its code.
    pub enabled: bool,
}

impl Me {
    pub(crate) fn of(state: &AppState, u: duban_store::Versioned<duban_store::users::User>) -> Me {
        let p = &state.settings.policy;
        let v = &u.value;
        let restricted = p.restriction(
            v.role,
            v.password_set_at,
            v.second_factor,
            state.settings.clock.now_ms(),
        );
        Me {
            restricted: restricted.map(|r| r.code().to_string()),
            password_expires_at: p
                .password_expires_at(v.password_set_at)
                .map(duban_domain::date::rfc3339),
            second_factor: SecondFactorState {
                required: p.needs_second_factor(v.role),
                enabled: v.second_factor,
            },
            demo: state.settings.demo,
            user: UserView::of(u.value, u.version),
        }
    }
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

/// Checks credentials: the password (the same answer whether the account is missing,
/// disabled or the password wrong), then the second factor's code if the account has
/// one. Failures of either count toward the lock; success clears them.
pub(crate) async fn check(
    state: &AppState,
    c: &Credentials,
) -> ApiResult<duban_store::Versioned<duban_store::users::User>> {
    let (username, u) = check_password(state, &c.username, &c.password).await?;
    if u.value.second_factor {
        super::second_factor::check_code(state, &username, u.value.id, c.code.as_deref()).await?;
    }
    state.store.clear_login_failures(&username).await?;
    Ok(u)
}

/// The account `password` is right for, with its lower-cased username; a failure is
/// counted otherwise. Failures are not cleared here: the caller does, once every factor
/// has passed.
pub(crate) async fn check_password(
    state: &AppState,
    username: &str,
    password: &str,
) -> ApiResult<(String, duban_store::Versioned<duban_store::users::User>)> {
    let username = username.trim().to_ascii_lowercase();
    if password.len() > 1024 || username.len() > 64 {
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
    let ok = verify_password_async(password.to_string(), hash).await;
    match user {
        Some(u) if ok => Ok((username, u)),
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
              (status = 401, body = Problem), (status = 422, body = Problem),
              (status = 429, body = Problem, description = "Locked, or too many attempts from this address")))]
async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Json(c): Json<Credentials>,
) -> ApiResult<Response> {
    state.login_limit.attempt(&state, addr)?;
    let u = check(&state, &c).await?;
    let cookie = open_session(&state, u.value.id).await?;
    let body = Me::of(&state, u);
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
    responses((status = 201, body = TokenView), (status = 401, body = Problem), (status = 422, body = Problem),
              (status = 429, body = Problem, description = "Locked, or too many attempts from this address")))]
async fn token(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Json(c): Json<Credentials>,
) -> ApiResult<(StatusCode, axum::Json<TokenView>)> {
    state.login_limit.attempt(&state, addr)?;
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

/// 当前用户 Who am I, and what the login policy holds this session to.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, body = Me), (status = 401, body = Problem)))]
async fn me(State(state): State<AppState>, auth: Auth) -> ApiResult<axum::Json<Me>> {
    let u = state.store.user(auth.user.id).await?;
    Ok(axum::Json(Me::of(&state, u)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// 修改密码 Change one's own password; every session of the account ends, this one too.
/// Open to a session whose password has expired: this is how the expiry is lifted.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "auth", request_body = PasswordChange,
    responses((status = 204), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn change_password(
    State(state): State<AppState>,
    auth: Auth,
    Json(c): Json<PasswordChange>,
) -> ApiResult<StatusCode> {
    change_own_password(&state, &auth, c).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets the caller's new password after checking the current one (the account page's
/// form goes through here too); it counts as set now, by the security rules' clock.
pub(crate) async fn change_own_password(
    state: &AppState,
    auth: &Auth,
    c: PasswordChange,
) -> ApiResult<()> {
    duban_domain::password::check(&c.new_password, &auth.user.username).map_err(|mut e| {
        e.field = "new_password".into();
        duban_domain::Invalid::one(e)
    })?;
    if c.new_password == c.current_password {
        return Err(ApiError::Invalid(duban_domain::Invalid::one(
            duban_domain::FieldError::new(
                "new_password",
                "same_password",
                "新密码不能与当前密码相同",
                "the new password must differ from the current one",
            ),
        )));
    }
    let current = check_password(state, &auth.user.username, &c.current_password).await;
    current.map_err(|_| {
        ApiError::Invalid(duban_domain::Invalid::one(duban_domain::FieldError::new(
            "current_password",
            "wrong_password",
            "当前密码不正确",
            "the current password is wrong",
        )))
    })?;
    state
        .store
        .clear_login_failures(&auth.user.username)
        .await?;
    let hash = hash_password_async(c.new_password).await?;
    let change = state.settings.clock.change(Some(auth.user.id));
    state
        .store
        .set_password_hash(auth.user.id, None, &hash, change)
        .await?;
    Ok(())
}

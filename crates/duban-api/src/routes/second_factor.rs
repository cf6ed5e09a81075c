//! 双因素认证: setting up one's second factor (TOTP, `duban_domain::totp`) and checking
//! its codes when logging in. A code is taken once: the store keeps the last step
//! accepted per account and moves it forward atomically.

use axum::extract::State;
use axum::http::StatusCode;
use duban_domain::UserId;
use duban_domain::totp::{self, SECRET_BYTES, Secret};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::Json;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start))
        .routes(routes!(confirm))
}

/// A second factor being set up: the secret to put into an authenticator app. Shown
/// when it is made; the pages show it again until it is confirmed.
#[derive(Debug, Serialize, ToSchema)]
pub struct Enrolment {
    /// The shared secret in base32, as authenticator apps take it.
    pub secret: String,
    /// The same in groups of four, for typing in by hand.
    pub secret_grouped: String,
    /// `otpauth://totp/duban:USERNAME?secret=…&issuer=duban`, for apps that take a link
    /// (or a QR code made from it).
    pub uri: String,
}

impl Enrolment {
    pub(crate) fn of(secret: &Secret, username: &str) -> Enrolment {
        Enrolment {
            secret: secret.to_base32(),
            secret_grouped: secret.grouped(),
            uri: secret.uri(username),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeInput {
    /// The 6-digit code the app shows now.
    pub code: String,
}

/// 开始启用双因素认证 Start setting up a second factor: a new secret, pending until a
/// code from it is confirmed (starting again replaces a pending one). Refused with 409
/// `second_factor_enabled` once one is set up; the system administrator resets it.
#[utoipa::path(post, path = "/api/v1/me/second-factor", tag = "auth",
    responses((status = 201, body = Enrolment), (status = 401, body = Problem),
              (status = 409, body = Problem)))]
async fn start(
    State(state): State<AppState>,
    auth: Auth,
) -> ApiResult<(StatusCode, axum::Json<Enrolment>)> {
    let e = start_enrolment(&state, &auth).await?;
    Ok((StatusCode::CREATED, axum::Json(e)))
}

/// A new secret for `auth`'s account, stored as pending.
pub(crate) async fn start_enrolment(state: &AppState, auth: &Auth) -> ApiResult<Enrolment> {
    let mut b = [0u8; SECRET_BYTES];
    getrandom::fill(&mut b).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
    let secret = Secret::new(b.to_vec());
    let now = state.settings.clock.now_ms();
    state
        .store
        .start_second_factor(auth.user.id, &secret.to_base32(), now)
        .await?;
    Ok(Enrolment::of(&secret, &auth.user.username))
}

/// 确认启用双因素认证 Confirm the pending second factor with a code from it; from then
/// on logging in takes a code, and a session held until one was set up is free.
#[utoipa::path(post, path = "/api/v1/me/second-factor/confirm", tag = "auth",
    request_body = CodeInput,
    responses((status = 204), (status = 401, body = Problem),
              (status = 409, body = Problem, description = "Nothing pending, or enabled already"),
              (status = 422, body = Problem, description = "The code is wrong")))]
async fn confirm(
    State(state): State<AppState>,
    auth: Auth,
    Json(c): Json<CodeInput>,
) -> ApiResult<StatusCode> {
    confirm_enrolment(&state, &auth, &c.code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Confirms `auth`'s pending second factor with `code`.
pub(crate) async fn confirm_enrolment(state: &AppState, auth: &Auth, code: &str) -> ApiResult<()> {
    let pending = match state.store.second_factor(auth.user.id).await? {
        Some(f) if !f.confirmed() => f,
        Some(_) => {
            return Err(ApiError::Conflict {
                code: "second_factor_enabled",
                zh: "双因素认证已启用".into(),
                en: "the second factor is enabled already".into(),
            });
        }
        None => {
            return Err(ApiError::Conflict {
                code: "no_second_factor_pending",
                zh: "尚未开始启用双因素认证".into(),
                en: "no second factor is being set up".into(),
            });
        }
    };
    let now = state.settings.clock.now_ms();
    let step = Secret::from_base32(&pending.secret)
        .and_then(|s| totp::verify(&s, code, now, pending.last_step))
        .ok_or_else(wrong_code)?;
    // Refused if a new start replaced the secret meanwhile.
    if state
        .store
        .confirm_second_factor(auth.user.id, &pending.secret, step, now)
        .await?
    {
        Ok(())
    } else {
        Err(wrong_code())
    }
}

fn wrong_code() -> ApiError {
    ApiError::Invalid(duban_domain::Invalid::one(duban_domain::FieldError::new(
        "code",
        "wrong_code",
        "验证码不正确,请输入应用当前显示的6位数字",
        "the code is wrong; enter the 6 digits the app shows now",
    )))
}

/// At login, after the right password: `code` must be the account's current code, of a
/// step not taken before. Without one the answer is 401 `second_factor_required` (not a
/// failure: clients ask for the code only then); a wrong or replayed one counts as a
/// failed login toward the lock.
pub(crate) async fn check_code(
    state: &AppState,
    username: &str,
    user: UserId,
    code: Option<&str>,
) -> ApiResult<()> {
    let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
        return Err(ApiError::SecondFactorRequired);
    };
    let now = state.settings.clock.now_ms();
    let step = match state.store.second_factor(user).await? {
        Some(f) if f.confirmed() => {
            Secret::from_base32(&f.secret).and_then(|s| totp::verify(&s, code, now, f.last_step))
        }
        _ => None,
    };
    let taken = match step {
        Some(step) => state.store.use_second_factor_step(user, step).await?,
        None => false,
    };
    if taken {
        return Ok(());
    }
    let after = state.store.record_login_failure(username, now).await?;
    Err(if after.locked_at(now) {
        ApiError::LockedOut
    } else {
        ApiError::BadSecondFactor
    })
}

//! The account page's forms: a new password (which ends every session, so the person
//! signs in again) and the second factor's set-up, each through the API's own core.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::account::{PasswordForm, SecondFactorView, show};
use super::i18n::tr;
use super::{Message, SignedIn, refused, render};
use crate::AppState;
use crate::error::ApiError;
use crate::routes::auth::{PasswordChange, change_own_password};
use crate::routes::second_factor::{confirm_enrolment, start_enrolment};

#[derive(Debug, Deserialize)]
pub struct PasswordFields {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_again: String,
}

/// 修改密码: on success every session ends, this one too; the page says so and the
/// cookie is cleared.
pub async fn change_password(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(f): Form<PasswordFields>,
) -> Result<Response, ApiError> {
    let refused = |field: &str, text: String| {
        let mut form = PasswordForm::default();
        form.errors.insert(field.to_string(), text);
        form
    };
    if f.new_password != f.new_password_again {
        let form = refused(
            "new_password_again",
            tr("两次输入的新密码不一致").to_string(),
        );
        let sf = SecondFactorView::default();
        return show(&s, &auth, form, sf, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let c = PasswordChange {
        current_password: f.current_password,
        new_password: f.new_password,
    };
    match change_own_password(&s, &auth, c).await {
        Ok(()) => {
            let page = Message {
                shell: None,
                title: tr("密码已修改"),
                text: tr("您的所有登录已经结束,请用新密码重新登录。"),
            };
            let mut res = render(StatusCode::OK, &page)?;
            let clear = format!(
                "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
                s.settings.cookie_name()
            );
            let clear =
                HeaderValue::from_str(&clear).map_err(|e| ApiError::Internal(e.to_string()))?;
            res.headers_mut().insert(header::SET_COOKIE, clear);
            Ok(res)
        }
        Err(ApiError::Invalid(bad)) => {
            let form = PasswordForm {
                errors: refused::by_field(&bad),
            };
            let sf = SecondFactorView::default();
            show(&s, &auth, form, sf, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

/// 启用双因素认证: a new secret, shown on the account page until a code confirms it.
pub async fn start_second_factor(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    match start_enrolment(&s, &auth).await {
        Ok(_) => Ok(Redirect::to("/account#second-factor").into_response()),
        Err(e @ ApiError::Conflict { .. }) => {
            let sf = SecondFactorView {
                error: Some(refused::text(&e)),
                ..Default::default()
            };
            show(&s, &auth, PasswordForm::default(), sf, e.status()).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Deserialize)]
pub struct CodeField {
    #[serde(default)]
    code: String,
}

/// 确认启用: the first code from the app turns the second factor on.
pub async fn confirm_second_factor(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(f): Form<CodeField>,
) -> Result<Response, ApiError> {
    let sf = match confirm_enrolment(&s, &auth, &f.code).await {
        Ok(()) => SecondFactorView {
            notice: Some(tr("双因素认证已启用,今后登录须输入动态验证码。")),
            ..Default::default()
        },
        Err(e @ (ApiError::Invalid(_) | ApiError::Conflict { .. })) => {
            let view = SecondFactorView {
                error: Some(refused::text(&e)),
                ..Default::default()
            };
            return show(&s, &auth, PasswordForm::default(), view, e.status()).await;
        }
        Err(e) => return Err(e),
    };
    show(&s, &auth, PasswordForm::default(), sf, StatusCode::OK).await
}

//! 登录 and 退出 from the pages: the same accounts and sessions as the API.

use super::i18n::{filters, tr, trf};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::render;
use crate::AppState;
use crate::auth::MaybeAuth;
use crate::error::ApiError;
use crate::routes::auth::{Credentials, check, close_session, open_session};
use crate::throttle::ClientAddr;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    shell: Option<super::Shell>,
    error: Option<&'a str>,
    username: &'a str,
    demo: bool,
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    /// The second factor's code; only accounts that have one need it.
    #[serde(default)]
    code: String,
}

pub async fn form(State(s): State<AppState>) -> Result<Response, ApiError> {
    let page = LoginPage {
        shell: None,
        error: None,
        username: "",
        demo: s.settings.demo,
    };
    render(StatusCode::OK, &page)
}

pub async fn submit(
    State(s): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Form(f): Form<LoginForm>,
) -> Result<Response, ApiError> {
    let c = Credentials {
        username: f.username,
        password: f.password,
        code: Some(f.code),
    };
    let checked = match s.login_limit.attempt(&s, addr) {
        Ok(()) => check(&s, &c).await,
        Err(e) => Err(e),
    };
    match checked {
        Ok(u) => {
            let cookie = open_session(&s, u.value.id).await?;
            let mut res = Redirect::to("/").into_response();
            res.headers_mut().insert(header::SET_COOKIE, cookie);
            Ok(res)
        }
        Err(
            e @ (ApiError::BadCredentials
            | ApiError::LockedOut
            | ApiError::SecondFactorRequired
            | ApiError::BadSecondFactor
            | ApiError::TooManyAttempts { .. }),
        ) => {
            let error = match &e {
                ApiError::LockedOut => tr("登录失败次数过多,请15分钟后再试").to_string(),
                ApiError::SecondFactorRequired => {
                    tr("该账号已启用双因素认证,请输入验证器应用显示的6位动态验证码").to_string()
                }
                ApiError::BadSecondFactor => {
                    tr("动态验证码错误或已使用,请输入应用当前显示的验证码").to_string()
                }
                ApiError::TooManyAttempts { retry_after_s } => {
                    trf("该地址登录尝试过多,请{}秒后再试", &[retry_after_s])
                }
                _ => tr("用户名或密码不正确").to_string(),
            };
            let page = LoginPage {
                shell: None,
                error: Some(&error),
                username: c.username.trim(),
                demo: s.settings.demo,
            };
            let mut res = render(e.status(), &page)?;
            if let ApiError::TooManyAttempts { retry_after_s } = e {
                res.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_s));
            }
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

pub async fn logout(State(s): State<AppState>, auth: MaybeAuth) -> Result<Response, ApiError> {
    let mut res = Redirect::to("/login").into_response();
    if let Some(a) = auth.0 {
        let clear: HeaderValue = close_session(&s, &a).await?;
        res.headers_mut().insert(header::SET_COOKIE, clear);
    }
    Ok(res)
}

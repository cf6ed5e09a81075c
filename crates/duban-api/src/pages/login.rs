//! 登录 and 退出 from the pages: the same accounts and sessions as the API.

use super::i18n::{filters, tr};
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
    Form(f): Form<LoginForm>,
) -> Result<Response, ApiError> {
    let c = Credentials {
        username: f.username,
        password: f.password,
    };
    match check(&s, &c).await {
        Ok(u) => {
            let cookie = open_session(&s, u.value.id).await?;
            let mut res = Redirect::to("/").into_response();
            res.headers_mut().insert(header::SET_COOKIE, cookie);
            Ok(res)
        }
        Err(e @ (ApiError::BadCredentials | ApiError::LockedOut)) => {
            let error = match e {
                ApiError::LockedOut => "登录失败次数过多,请15分钟后再试",
                _ => "用户名或密码不正确",
            };
            let page = LoginPage {
                shell: None,
                error: Some(tr(error)),
                username: c.username.trim(),
                demo: s.settings.demo,
            };
            render(e.status(), &page)
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

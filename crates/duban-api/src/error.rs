//! The HTTP layer's one error type, rendered as RFC 9457 `application/problem+json`.
//! Every variant documents its status. Messages are Chinese first, English second.
//! Server-side failures are logged once here and never described to the client.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use duban_domain::{FieldError, Invalid};
use duban_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request cannot be read (malformed JSON, a bad query string).
    #[error("bad request: {en}")]
    BadRequest { zh: String, en: String },
    /// 401: not logged in, or the session or token has ended.
    #[error("unauthenticated")]
    Unauthenticated,
    /// 401 on login: wrong username or password (the same answer for both).
    #[error("bad credentials")]
    BadCredentials,
    /// 403: a change sent from another site's page (cross-site request forgery).
    #[error("foreign origin")]
    ForeignOrigin,
    /// 429 on login: too many failures for this username; wait for the lock to end.
    #[error("locked out")]
    LockedOut,
    /// 429 on login: too many attempts from this client address; `Retry-After` says
    /// when to try again.
    #[error("too many attempts")]
    TooManyAttempts { retry_after_s: i64 },
    /// 401 on login: the password was right and the account has a second factor, but
    /// the request carries no code.
    #[error("second factor required")]
    SecondFactorRequired,
    /// 401 on login: the code is wrong or was used already (counted as a failure).
    #[error("bad second factor")]
    BadSecondFactor,
    /// 403: the password has expired; the session may only change it (and log out).
    #[error("password expired")]
    PasswordExpired,
    /// 403: the role needs a second factor the account has not set up; the session may
    /// only set it up (and log out).
    #[error("second factor setup required")]
    SecondFactorSetupRequired,
    /// 403: logged in, but the role or unit may not do this.
    #[error("forbidden")]
    Forbidden,
    /// 404: no such resource, or a route that does not exist.
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: i64 },
    /// 404 for an unknown route.
    #[error("no such route")]
    NoRoute,
    /// 405: the route exists but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 409: the change contradicts the stored state.
    #[error("conflict {code}: {en}")]
    Conflict {
        code: &'static str,
        zh: String,
        en: String,
    },
    /// 412: `If-Match` names a version that is no longer current.
    #[error("stale version")]
    Stale { current: Option<i64> },
    /// 413: the body is over the limit (1 MiB; evidence files have their own).
    #[error("payload too large")]
    TooLarge { limit_bytes: usize },
    /// 415: the body is not JSON.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 415: an uploaded file whose bytes are not of a kind taken (images, PDF, Office).
    #[error("file type not allowed: {en}")]
    FileType {
        code: &'static str,
        zh: String,
        en: String,
    },
    /// 422: the body is JSON of the right shape, but fields are invalid.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// 428: a change without `If-Match`.
    #[error("precondition required")]
    PreconditionRequired,
    /// 503: the database cannot be reached; try again.
    #[error("unavailable")]
    Unavailable,
    /// 507: the disk under the database is full; the change was not saved.
    #[error("storage full")]
    StorageFull,
    /// 503: a program the server needs for this answer is not installed (LibreOffice
    /// for PDF); the detail says what to install.
    #[error("missing program: {en}")]
    MissingProgram { zh: String, en: String },
    /// 500: a fault of ours; logged, not described.
    #[error("internal error: {0}")]
    Internal(String),
}

/// An RFC 9457 problem document, with duban's extensions.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem: `/problems/{code}`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary in Chinese.
    pub title: String,
    /// The same in English.
    pub title_en: String,
    pub status: u16,
    /// What went wrong in this case, Chinese.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail_en: Option<String>,
    /// Stable machine-readable code.
    pub code: String,
    /// Field errors of a 422.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub code: String,
    pub message: String,
    pub message_en: String,
}

impl From<&FieldError> for ProblemField {
    fn from(e: &FieldError) -> Self {
        ProblemField {
            field: e.field.clone(),
            code: e.code.to_string(),
            message: e.message_zh.clone(),
            message_en: e.message_en.clone(),
        }
    }
}

impl ApiError {
    pub fn bad_request(zh: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::BadRequest {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthenticated
            | ApiError::BadCredentials
            | ApiError::SecondFactorRequired
            | ApiError::BadSecondFactor => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden
            | ApiError::PasswordExpired
            | ApiError::SecondFactorSetupRequired => StatusCode::FORBIDDEN,
            ApiError::LockedOut | ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::ForeignOrigin => StatusCode::FORBIDDEN,
            ApiError::NotFound { .. } | ApiError::NoRoute => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::Stale { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType | ApiError::FileType { .. } => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::Unavailable | ApiError::MissingProgram { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::StorageFull => StatusCode::INSUFFICIENT_STORAGE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn problem(&self) -> Problem {
        let (code, title, title_en, detail): (&str, &str, &str, Option<(String, String)>) =
            match self {
                ApiError::BadRequest { zh, en } => (
                    "bad_request",
                    "请求无法解析",
                    "Bad request",
                    Some((zh.clone(), en.clone())),
                ),
                ApiError::Unauthenticated => (
                    "unauthenticated",
                    "请先登录",
                    "Authentication required",
                    None,
                ),
                ApiError::BadCredentials => (
                    "bad_credentials",
                    "用户名或密码错误",
                    "Wrong username or password",
                    None,
                ),
                ApiError::ForeignOrigin => (
                    "foreign_origin",
                    "拒绝来自其他网站的修改请求",
                    "Changes sent from another site are refused",
                    None,
                ),
                ApiError::LockedOut => (
                    "locked_out",
                    "登录失败次数过多,请15分钟后再试",
                    "Too many failed logins; try again in 15 minutes",
                    None,
                ),
                ApiError::TooManyAttempts { retry_after_s } => (
                    "too_many_attempts",
                    "该地址登录尝试过多,请稍后再试",
                    "Too many login attempts from this address; try again later",
                    Some((
                        format!("请{retry_after_s}秒后再试"),
                        format!("try again in {retry_after_s} seconds"),
                    )),
                ),
                ApiError::SecondFactorRequired => (
                    "second_factor_required",
                    "请输入动态验证码",
                    "Enter the code from your authenticator app",
                    None,
                ),
                ApiError::BadSecondFactor => (
                    "bad_second_factor",
                    "动态验证码错误或已使用",
                    "The code is wrong or has been used already",
                    None,
                ),
                ApiError::PasswordExpired => (
                    "password_expired",
                    "密码已过期,请先修改密码",
                    "Your password has expired; change it first",
                    None,
                ),
                ApiError::SecondFactorSetupRequired => (
                    "second_factor_setup_required",
                    "请先启用双因素认证",
                    "Set up the second factor first",
                    None,
                ),
                ApiError::Forbidden => (
                    "forbidden",
                    "无权进行此操作",
                    "Not allowed for your role",
                    None,
                ),
                ApiError::NotFound { entity, id } => (
                    "not_found",
                    "资源不存在",
                    "Not found",
                    Some((
                        format!("{}(编号{id})不存在", entity_zh(entity)),
                        format!("{entity} {id} does not exist"),
                    )),
                ),
                ApiError::NoRoute => ("no_route", "访问的地址不存在", "No such route", None),
                ApiError::MethodNotAllowed => (
                    "method_not_allowed",
                    "该地址不支持此请求方法",
                    "Method not allowed",
                    None,
                ),
                ApiError::Conflict { code, zh, en } => (
                    code,
                    "与现有数据冲突",
                    "Conflict",
                    Some((zh.clone(), en.clone())),
                ),
                ApiError::Stale { current } => (
                    "stale",
                    "数据已被他人修改,请刷新后重试",
                    "The resource has changed; reload and try again",
                    current.map(|c| {
                        (
                            format!("当前版本的ETag为\"v{c}\""),
                            format!("the current ETag is \"v{c}\""),
                        )
                    }),
                ),
                ApiError::TooLarge { limit_bytes } => (
                    "too_large",
                    "请求体过大",
                    "Body too large",
                    Some((
                        format!("上限为{}", size_text(*limit_bytes)),
                        format!("the limit is {}", size_text(*limit_bytes)),
                    )),
                ),
                ApiError::FileType { code, zh, en } => (
                    code,
                    "文件类型不允许",
                    "File type not allowed",
                    Some((zh.clone(), en.clone())),
                ),
                ApiError::UnsupportedMediaType => (
                    "unsupported_media_type",
                    "请求体须为 application/json",
                    "The body must be application/json",
                    None,
                ),
                ApiError::Invalid(_) => ("invalid", "输入有误", "Invalid input", None),
                ApiError::PreconditionRequired => (
                    "precondition_required",
                    "修改须带 If-Match 请求头(资源的ETag)",
                    "Changes need an If-Match header with the resource's ETag",
                    None,
                ),
                ApiError::Unavailable => (
                    "unavailable",
                    "数据库暂时无法访问,请稍后重试",
                    "The database is unavailable; try again shortly",
                    None,
                ),
                ApiError::StorageFull => (
                    "storage_full",
                    "服务器存储空间已满,本次修改未保存,请联系系统管理员",
                    "The server's disk is full: nothing was saved; tell the system administrator",
                    None,
                ),
                ApiError::MissingProgram { zh, en } => (
                    "missing_program",
                    "服务器缺少生成此格式所需的程序",
                    "The server lacks a program this format needs",
                    Some((zh.clone(), en.clone())),
                ),
                ApiError::Internal(_) => {
                    ("internal", "服务器内部错误", "Internal server error", None)
                }
            };
        let errors = match self {
            ApiError::Invalid(i) => i.0.iter().map(ProblemField::from).collect(),
            _ => Vec::new(),
        };
        let (detail, detail_en) = match detail {
            Some((zh, en)) => (Some(zh), Some(en)),
            None => (None, None),
        };
        Problem {
            kind: format!("/problems/{code}"),
            title: title.to_string(),
            title_en: title_en.to_string(),
            status: self.status().as_u16(),
            detail,
            detail_en,
            code: code.to_string(),
            errors,
        }
    }
}

/// A size for messages: whole MiB when it is one, else KiB or bytes.
pub(crate) fn size_text(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

fn entity_zh(e: &str) -> &'static str {
    match e {
        "unit" => "单位",
        "user" => "用户",
        "plan" => "计划",
        "area" => "方面",
        "item" => "实事",
        "indicator" => "指标",
        "period" => "报告期",
        "report" => "填报",
        "problem" => "问题",
        "message" => "消息",
        "evidence" => "佐证材料",
        "supervision" => "挂牌督办",
        "target_change" => "目标调整申请",
        "correction" => "更正申请",
        _ => "资源",
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { entity, id } => ApiError::NotFound { entity, id },
            StoreError::Stale { current, .. } => ApiError::Stale {
                current: Some(current),
            },
            StoreError::Conflict { code, zh, en } => ApiError::Conflict { code, zh, en },
            StoreError::Invalid(i) => ApiError::Invalid(i),
            e if e.is_unavailable() => {
                tracing::warn!(error = %e, "database unavailable");
                ApiError::Unavailable
            }
            e if e.is_storage_full() => {
                tracing::error!(error = %e, "the database's disk is full");
                ApiError::StorageFull
            }
            e => ApiError::Internal(e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            // The one place a server fault is logged; the client sees only "internal".
            tracing::error!(%detail, "request failed");
        }
        let status = self.status();
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut res = (status, body).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json; charset=utf-8"),
        );
        if let ApiError::TooManyAttempts { retry_after_s } = &self {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_s));
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

//! Request extractors whose failures are problem documents: JSON bodies, query strings,
//! path ids and `If-Match`.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, header, request::Parts};
use duban_domain::{FieldError, Invalid};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body. Not JSON: 415. Over the limit: 413. Malformed: 400. Wrong types,
/// missing or unknown fields: 422 naming the field.
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        parse_json(&body_bytes(req, state).await?).map(Json)
    }
}

/// An optional JSON body (report actions may carry a comment): an empty body, or JSON
/// `null`, is None; anything else must be JSON, as for [`Json`].
pub struct OptionalJson<T>(pub Option<T>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for OptionalJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json = is_json(req.headers());
        let bytes = body_bytes(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(None));
        }
        if !json {
            return Err(ApiError::UnsupportedMediaType);
        }
        if bytes.trim_ascii() == b"null" {
            return Ok(OptionalJson(None));
        }
        parse_json(&bytes).map(|v| OptionalJson(Some(v)))
    }
}

fn is_json(h: &HeaderMap) -> bool {
    h.get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            let m = m.trim().to_ascii_lowercase();
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge {
                limit_bytes: crate::BODY_LIMIT,
            }
        } else {
            ApiError::bad_request("请求体读取失败", "the body could not be read")
        }
    })
}

/// Reads a JSON object into `T`. Not well-formed (or trailing data): 400. Not an
/// object: 422. A field missing, unknown or of the wrong type: 422 naming that field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Well-formedness first, so that `{"a":` is a syntax error and not "unknown field a".
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        ApiError::bad_request(
            format!("请求体不是有效的JSON:{e}"),
            format!("the body is not valid JSON: {e}"),
        )
    })?;
    // Derived structs would also take an array by position: only objects are bodies.
    if !value.is_object() {
        return Err(field_error(
            "",
            "not_an_object",
            "请求体须为JSON对象".into(),
            "the body must be a JSON object".into(),
        ));
    }
    serde_path_to_error::deserialize(crate::strict::Strict(value)).map_err(|e| {
        // `figures[0].value` reads as the pointer-like `figures/0/value`.
        let path: String = e
            .path()
            .to_string()
            .chars()
            .filter(|c| *c != ']')
            .map(|c| if c == '.' || c == '[' { '/' } else { c })
            .collect();
        let path = if path == "/" || path == "." {
            String::new()
        } else {
            path
        };
        let msg = e.into_inner().to_string();
        // serde names a missing field in its message, not in the path.
        let (field, code) = match missing_field(&msg) {
            Some(name) if path.is_empty() => (name.to_string(), "required"),
            Some(name) => (format!("{path}/{name}"), "required"),
            None if msg.starts_with("unknown field") => (path, "unknown_field"),
            None => (path, "wrong_type"),
        };
        field_error(
            &field,
            code,
            format!("字段有误:{msg}"),
            format!("wrong field: {msg}"),
        )
    })
}

fn missing_field(msg: &str) -> Option<&str> {
    msg.strip_prefix("missing field `")?.split('`').next()
}

fn field_error(field: &str, code: &'static str, zh: String, en: String) -> ApiError {
    ApiError::Invalid(Invalid::one(FieldError::new(field, code, zh, en)))
}

/// A query string; a bad one is a 400 naming what is wrong.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let q = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded_de(q);
        de.map(Query).map_err(|e| {
            ApiError::bad_request(
                format!("查询参数有误:{e}"),
                format!("bad query parameter: {e}"),
            )
        })
    }
}

fn serde_urlencoded_de<T: DeserializeOwned>(q: &str) -> Result<T, String> {
    axum::extract::Query::<T>::try_from_uri(
        &format!("/?{q}")
            .parse()
            .map_err(|_| "invalid query".to_string())?,
    )
    .map(|axum::extract::Query(v)| v)
    .map_err(|e| e.body_text())
}

/// A numeric id in the path. Not a positive integer: 400, naming what is wrong.
pub struct PathId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| ApiError::NoRoute)?;
        match raw.parse::<i64>() {
            Ok(id) if id > 0 => Ok(PathId(id)),
            _ => Err(ApiError::bad_request(
                "编号须为正整数",
                "the id in the path must be a positive integer",
            )),
        }
    }
}

/// The version named by `If-Match: "v3"`. Missing: 428. Unreadable: 412 (it cannot
/// match any version).
pub struct IfMatch(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        if_match(&parts.headers)
    }
}

pub fn if_match(headers: &HeaderMap) -> Result<IfMatch, ApiError> {
    let v = headers
        .get(header::IF_MATCH)
        .ok_or(ApiError::PreconditionRequired)?;
    let s = v
        .to_str()
        .map_err(|_| ApiError::Stale { current: None })?
        .trim();
    // Weak tags never match under If-Match (RFC 9110 §13.1.1): strong comparison only.
    let version = s
        .strip_prefix("\"v")
        .and_then(|r| r.strip_suffix('"'))
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n > 0);
    version
        .map(IfMatch)
        .ok_or(ApiError::Stale { current: None })
}

/// The strong ETag of a version.
pub fn etag(version: i64) -> String {
    format!("\"v{version}\"")
}

/// A PATCH field that distinguishes absent (keep), `null` (clear) and a value (set).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Patch<T> {
    #[default]
    Keep,
    Clear,
    Set(T),
}

impl<T> Patch<T> {
    pub fn apply(self, current: Option<T>) -> Option<T> {
        match self {
            Patch::Keep => current,
            Patch::Clear => None,
            Patch::Set(v) => Some(v),
        }
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Patch<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Reached only when the field is present: absent fields take the default.
        Ok(match Option::<T>::deserialize(d)? {
            None => Patch::Clear,
            Some(v) => Patch::Set(v),
        })
    }
}

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
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|m| {
                let m = m.trim().to_ascii_lowercase();
                m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else {
                ApiError::bad_request("请求体读取失败", "the body could not be read")
            }
        })?;
        parse_json(&bytes).map(Json)
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string().replace('.', "/");
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            ApiError::bad_request(
                format!("请求体不是有效的JSON:{inner}"),
                format!("the body is not valid JSON: {inner}"),
            )
        } else {
            let field = if path == "/" || path.is_empty() {
                String::new()
            } else {
                path
            };
            ApiError::Invalid(Invalid::one(FieldError::new(
                field,
                "wrong_type",
                format!("字段类型或取值不符:{inner}"),
                format!("wrong type or value: {inner}"),
            )))
        }
    })?;
    // Trailing data after the value is malformed JSON too.
    de.end().map_err(|e| {
        ApiError::bad_request(
            format!("请求体不是有效的JSON:{e}"),
            format!("the body is not valid JSON: {e}"),
        )
    })?;
    Ok(value)
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

/// A numeric id in the path. Not a positive integer: 404, as no such resource exists.
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

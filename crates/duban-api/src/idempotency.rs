//! `Idempotency-Key` on changes: a client that lost the answer to a POST, PUT, PATCH
//! or DELETE sends it again with the same key and gets the first answer again, never
//! a second change (draft-ietf-httpapi-idempotency-key-header).
//!
//! The key belongs to the signed-in account. The store claims it in the same
//! transaction as the change (`duban_store::idempotency`), so they commit together;
//! this layer then keeps the answer. A retry of the same request (same method, path,
//! query and body) gets the kept answer with `Idempotent-Replayed: true`; the same key
//! on a different request is refused (422); a retry while the first is still running
//! in this instance waits its turn (409 with `Retry-After`); a key claimed by a change
//! whose answer was never kept — the server stopped between the commit and the answer
//! — gets 409 `idempotency_answer_lost`: the change was made, once; read its state.
//!
//! Requests without the header, reads, and anonymous requests pass untouched.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, Response, StatusCode, header};
use axum::middleware::Next;
use axum::response::IntoResponse;
use duban_domain::{FieldError, Invalid, UserId};
use duban_store::idempotency::{Answer, Claim, with_claim};
use sm3::{Digest, Sm3};

use crate::error::ApiError;
use crate::{AppState, auth};

pub const HEADER: &str = "idempotency-key";
const REPLAYED: &str = "idempotent-replayed";
/// The answer headers kept and replayed; never `Set-Cookie`.
const KEPT: [HeaderName; 4] = [
    header::CONTENT_TYPE,
    header::ETAG,
    header::LOCATION,
    header::CONTENT_DISPOSITION,
];
/// Answers larger than this are not kept (a change's answer is a small document).
const KEEP_LIMIT: usize = 1 << 20;

/// The keys of requests running in this instance, so that a retry racing its own
/// original is told to wait rather than that the answer was lost.
#[derive(Debug, Default)]
pub struct InFlight(Mutex<HashSet<(i64, String)>>);

impl InFlight {
    fn enter(self: &Arc<Self>, user: UserId, key: &str) -> Option<Entered> {
        let mut set = self.0.lock().unwrap_or_else(|p| p.into_inner());
        set.insert((user.0, key.to_string())).then(|| Entered {
            set: Arc::clone(self),
            id: (user.0, key.to_string()),
        })
    }
}

/// Leaves the in-flight set when the request ends, however it ends.
struct Entered {
    set: Arc<InFlight>,
    id: (i64, String),
}

impl Drop for Entered {
    fn drop(&mut self) {
        let mut set = self.set.0.lock().unwrap_or_else(|p| p.into_inner());
        set.remove(&self.id);
    }
}

/// The layer; see the module's documentation.
pub async fn keyed(State(s): State<AppState>, req: Request, next: Next) -> Response<Body> {
    if matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    ) {
        return next.run(req).await;
    }
    let Some(raw) = req.headers().get(HEADER) else {
        return next.run(req).await;
    };
    let key = match parse_key(raw) {
        Ok(k) => k,
        Err(e) => return e.into_response(),
    };
    let user = match auth::session_user(&s, req.headers()).await {
        Ok(Some((u, _))) => u.id,
        // Not signed in: the route answers 401 (or serves the anonymous) itself.
        Ok(None) => return next.run(req).await,
        Err(e) => return e.into_response(),
    };
    let (parts, body) = req.into_parts();
    let limit = s.settings.max_upload_bytes.max(crate::BODY_LIMIT);
    let body = match axum::body::to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => return ApiError::TooLarge { limit_bytes: limit }.into_response(),
    };
    let fingerprint = fingerprint(&parts.method, &parts.uri, &body);
    let Some(_entered) = s.in_flight.enter(user, &key) else {
        return in_progress();
    };
    match earlier(&s, user, &key, &fingerprint).await {
        Ok(Some(answer)) => return answer,
        Ok(None) => {}
        Err(e) => return e.into_response(),
    }
    let claim = Claim::new(
        user,
        key.clone(),
        fingerprint.clone(),
        s.settings.clock.now_ms(),
    );
    let req = Request::from_parts(parts, Body::from(body));
    let res = with_claim(Arc::clone(&claim), next.run(req)).await;
    if claim.taken() {
        keep(&s, user, &key, res).await
    } else if res.status().is_success() {
        res
    } else {
        // The change failed; if because another instance claimed the key meanwhile,
        // answer as a retry would.
        match earlier(&s, user, &key, &fingerprint).await {
            Ok(Some(answer)) => answer,
            _ => res,
        }
    }
}

/// A key is 1 to 255 visible ASCII characters (a UUID, typically).
fn parse_key(raw: &HeaderValue) -> Result<String, ApiError> {
    let bytes = raw.as_bytes();
    let ok = !bytes.is_empty() && bytes.len() <= 255 && bytes.iter().all(|b| b.is_ascii_graphic());
    if !ok {
        return Err(ApiError::bad_request(
            "Idempotency-Key 须为1至255个可见ASCII字符(如UUID)",
            "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID, say)",
        ));
    }
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// What makes two requests the same: method, path with query, body.
fn fingerprint(method: &Method, uri: &axum::http::Uri, body: &[u8]) -> String {
    let mut h = Sm3::new();
    h.update(method.as_str().as_bytes());
    h.update(b"\n");
    h.update(
        uri.path_and_query()
            .map_or(uri.path(), |p| p.as_str())
            .as_bytes(),
    );
    h.update(b"\n");
    h.update(body);
    duban_domain::audit::to_hex(&h.finalize())
}

/// The answer a retry gets when the key is already claimed; None when it is not.
async fn earlier(
    s: &AppState,
    user: UserId,
    key: &str,
    fingerprint: &str,
) -> Result<Option<Response<Body>>, ApiError> {
    let Some(k) = s.store.keyed(user, key).await? else {
        return Ok(None);
    };
    if k.fingerprint != fingerprint {
        return Err(ApiError::Invalid(Invalid::one(FieldError::new(
            "Idempotency-Key",
            "idempotency_key_reused",
            "该幂等键已用于另一个不同的请求",
            "this Idempotency-Key was used for a different request",
        ))));
    }
    Ok(Some(match k.answer {
        Some(a) => replay(a),
        None => ApiError::Conflict {
            code: "idempotency_answer_lost",
            zh: "该请求已处理(仅处理一次),但服务器在应答前停止,应答未保存;请查询资源的当前状态"
                .into(),
            en: "the request was processed, once, but the server stopped before answering; \
                 read the resource's current state"
                .into(),
        }
        .into_response(),
    }))
}

fn in_progress() -> Response<Body> {
    let mut res = ApiError::Conflict {
        code: "idempotency_in_progress",
        zh: "同一幂等键的请求正在处理,请稍后重试".into(),
        en: "a request with this Idempotency-Key is still being processed; retry shortly".into(),
    }
    .into_response();
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    res
}

/// Keeps the answer of the request that claimed the key, and gives it.
async fn keep(s: &AppState, user: UserId, key: &str, res: Response<Body>) -> Response<Body> {
    let (parts, body) = res.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => return ApiError::Internal(format!("reading an answer: {e}")).into_response(),
    };
    // An answer too large or not text is not kept: a retry hears that it was lost.
    if body.len() <= KEEP_LIMIT
        && let Ok(text) = std::str::from_utf8(&body)
    {
        let headers: Vec<(&str, &str)> = KEPT
            .iter()
            .filter_map(|h| {
                let v = parts.headers.get(h)?.to_str().ok()?;
                Some((h.as_str(), v))
            })
            .collect();
        let answer = Answer {
            status: parts.status.as_u16(),
            headers: serde_json::to_string(&headers).unwrap_or_default(),
            body: text.to_string(),
        };
        if let Err(e) = s.store.keep_answer(user, key, &answer).await {
            tracing::warn!(error = %e, "keeping the answer of a keyed request failed");
        }
    }
    Response::from_parts(parts, Body::from(body))
}

fn replay(a: Answer) -> Response<Body> {
    let status = StatusCode::from_u16(a.status).unwrap_or(StatusCode::OK);
    let mut res = (status, Bytes::from(a.body)).into_response();
    let headers: Vec<(String, String)> = serde_json::from_str(&a.headers).unwrap_or_default();
    for (k, v) in headers {
        if let (Ok(k), Ok(v)) = (
            HeaderName::try_from(k.as_str()),
            HeaderValue::try_from(v.as_str()),
        ) {
            res.headers_mut().insert(k, v);
        }
    }
    res.headers_mut()
        .insert(REPLAYED, HeaderValue::from_static("true"));
    res
}

//! The audit log at the HTTP edge. Changes and logins are recorded by the store in
//! their own transactions; this layer gives every request its client address for
//! those records, and records what only the edge sees: a refusal (403) and a file
//! downloaded or exported by a signed-in person.

use std::cell::Cell;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use duban_domain::UserId;
use duban_domain::audit::{HmacSm3, KEY_BYTES, Signer, outcome};
use duban_store::audit::{Entry, Who, with_address};

use crate::AppState;

/// The key checkpoints are signed with, kept outside the database.
#[derive(Clone)]
pub struct AuditKey(Arc<dyn Signer>);

impl AuditKey {
    pub fn new(signer: Arc<dyn Signer>) -> AuditKey {
        AuditKey(signer)
    }

    /// An HMAC-SM3 key from its 64 hex digits (surrounding white space ignored).
    pub fn from_hex(text: &str) -> Result<AuditKey, &'static str> {
        let bytes = duban_domain::audit::from_hex(text.trim())
            .and_then(|b| <[u8; KEY_BYTES]>::try_from(b).ok())
            .ok_or("审计密钥须为64位十六进制数 / the audit key must be 64 hex digits")?;
        Ok(AuditKey(Arc::new(HmacSm3::new(bytes))))
    }

    /// A new random key, as the hex text a key file holds.
    pub fn generate_hex() -> Result<String, crate::ApiError> {
        crate::auth::new_secret()
    }

    pub fn signer(&self) -> &dyn Signer {
        self.0.as_ref()
    }
}

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuditKey({})", self.0.key_id())
    }
}

tokio::task_local! {
    /// Who the request turned out to be, once the `Auth` extractor knows.
    static SIGNED_IN: Cell<Option<UserId>>;
}

/// Notes the signed-in person of the current request, for the records made here.
pub(crate) fn signed_in(user: UserId) {
    let _ = SIGNED_IN.try_with(|c| c.set(Some(user)));
}

/// The peer's IP address (a proxy in front reports its own; see docs/OPERATIONS).
fn client_address(req: &Request) -> String {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".into(), |c| c.0.ip().to_string())
}

/// The layer; see the module docs.
pub(crate) async fn requests(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let address = client_address(&req);
    let what = format!("{} {}", req.method(), req.uri().path());
    let run = async move {
        let res = next.run(req).await;
        let who = SIGNED_IN.with(Cell::get);
        if let Some((event, result)) = notable(&res, who) {
            let at = state.settings.clock.now_ms();
            let who = who.map_or(Who::Anonymous, Who::User);
            if let Err(e) = state
                .store
                .audit_event(Entry::event(at, who, event, what, result))
                .await
            {
                // The answer stands; the failure is for the operator to see.
                tracing::error!(error = %e, event, "cannot write the audit record");
            }
        }
        res
    };
    with_address(address, SIGNED_IN.scope(Cell::new(None), run)).await
}

/// What of a response the log keeps: refusals, and files taken away by a person.
fn notable(res: &Response, who: Option<UserId>) -> Option<(&'static str, &'static str)> {
    if res.status() == StatusCode::FORBIDDEN {
        return Some(("access.denied", outcome::DENIED));
    }
    let attachment = res
        .headers()
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("attachment"));
    (res.status().is_success() && attachment && who.is_some()).then_some(("download", outcome::OK))
}

//! duban's HTTP layer: the JSON API under `/api/v1`, described by the OpenAPI document
//! it serves at `/api/v1/openapi.json`. Each resource is a module under `routes/` with
//! its own router; the document is built from the same route list that is served.
#![forbid(unsafe_code)]

pub mod audit;
pub mod auth;
pub mod clock;
pub mod error;
pub mod extract;
mod headers;
pub mod idempotency;
pub mod observe;
pub mod openapi;
mod pages;
pub mod progress;
pub mod routes;
mod strict;
pub mod sweep;
pub mod throttle;
pub mod worker;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use duban_store::Store;
use duban_store::evidence::EvidenceDir;
use tokio::net::TcpListener;

pub use error::{ApiError, ApiResult};

/// The largest request body taken: 1 MiB. Evidence uploads have their own limit.
pub const BODY_LIMIT: usize = 1 << 20;

/// The largest evidence file taken unless configured otherwise: 20 MiB.
pub const DEFAULT_MAX_UPLOAD_BYTES: usize = 20 << 20;

/// What a running server is configured with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A demo database: pages and `/api/v1/me` say so.
    pub demo: bool,
    /// Served over TLS (directly or behind a proxy): cookies get `__Host-` and Secure.
    pub secure_cookies: bool,
    /// How long a browser session lasts at most.
    pub session_ms: i64,
    /// How long a bearer token lasts.
    pub token_ms: i64,
    /// Where evidence files are kept: a directory nothing serves.
    pub evidence_dir: PathBuf,
    /// The largest evidence file taken, in bytes.
    pub max_upload_bytes: usize,
    /// The business day deadlines are judged by.
    pub clock: clock::Clock,
    /// Signs the audit log's checkpoints; without it the log is chained but not
    /// sealed, and its check cannot vouch for the signatures.
    pub audit_key: Option<audit::AuditKey>,
    /// Password age, second-factor roles and the per-address login limit.
    pub policy: duban_domain::policy::LoginPolicy,
    /// Behind a reverse proxy: the client's address is the first `X-Forwarded-For`
    /// entry, not the peer's (which is the proxy's).
    pub trusted_proxy: bool,
    /// Who may read `/metrics` besides this host: whoever presents this bearer token
    /// (see `observe`).
    pub metrics_token: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            demo: false,
            secure_cookies: false,
            session_ms: 12 * 3600 * 1000,
            token_ms: 24 * 3600 * 1000,
            evidence_dir: PathBuf::from("evidence"),
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            clock: clock::Clock::default(),
            audit_key: None,
            policy: duban_domain::policy::LoginPolicy::default(),
            trusted_proxy: false,
            metrics_token: None,
        }
    }
}

impl Settings {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            auth::COOKIE_SECURE
        } else {
            auth::COOKIE
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<Settings>,
    /// Where evidence bytes are written and read (`settings.evidence_dir`).
    pub evidence: Arc<EvidenceDir>,
    /// Login attempts per client address, in this instance's memory.
    pub login_limit: Arc<throttle::AddressLimit>,
    /// Keyed changes running in this instance (`Idempotency-Key`).
    pub in_flight: Arc<idempotency::InFlight>,
}

impl AppState {
    /// The state a server starts with; the command line's import uses it too.
    pub fn new(store: Store, settings: Settings) -> AppState {
        AppState {
            store,
            evidence: Arc::new(EvidenceDir::new(settings.evidence_dir.clone())),
            login_limit: Arc::default(),
            in_flight: Arc::default(),
            settings: Arc::new(settings),
        }
    }
}

/// The whole application: API, health check, OpenAPI document.
pub fn app(store: Store, settings: Settings) -> Router {
    let state = AppState::new(store, settings);
    let observe = observe::Observe {
        metrics: Arc::default(),
        trust_request_id: state.settings.trusted_proxy,
    };
    let (api, mut doc) = routes::api().split_for_parts();
    openapi::finish(&mut doc);
    let doc = Arc::new(doc);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .merge(api)
        .merge(pages::router(state.clone()))
        .route("/metrics", get(observe::metrics))
        .route_layer(axum::middleware::from_fn(observe::mark_route))
        .fallback(|| async { ApiError::NoRoute })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            idempotency::keyed,
        ))
        .layer(axum::middleware::from_fn(auth::same_origin_writes))
        // Outside the cross-site check, so that its refusals are recorded too.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            audit::requests,
        ))
        .layer(axum::middleware::map_response_with_state(
            state.clone(),
            headers::security_headers,
        ))
        .layer(axum::Extension(observe.metrics.clone()))
        // Outermost: the request id and span cover everything below.
        .layer(axum::middleware::from_fn_with_state(
            observe,
            observe::requests,
        ))
        .with_state(state)
}

/// Answers without touching anything else: the process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// Answers 200 only when the database answers too: a load balancer sends requests
/// here while this is so, and 503 (a problem document) while it is not.
async fn readyz(
    axum::extract::State(s): axum::extract::State<AppState>,
) -> ApiResult<&'static str> {
    s.store.ping().await?;
    Ok("ready")
}

/// Serves `app` on `listener` until `shutdown` resolves, finishing requests in flight.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

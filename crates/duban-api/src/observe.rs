//! What an operator watches: a request id and a log span around every request, one
//! log line when it is answered, and `/metrics` in the Prometheus text format.
//!
//! - **Request id**: the `X-Request-Id` a trusted proxy sent (`--trusted-proxy`; 1 to
//!   128 letters, digits, `-`, `_`, `.`, `:`), or 128 random bits in hex. It is a field
//!   of the request's span, so every line logged while the request runs carries it
//!   (in JSON logs as `span.request_id`), and it is echoed in the response's
//!   `X-Request-Id`. A client's own id is not trusted without a proxy: it could forge
//!   another request's lines.
//! - **Metrics** are counted in this instance's memory (requests by method, matched
//!   route and status; a latency histogram per route) and read from the store at each
//!   scrape (pools, outbox, failed logins, audit records, `Store::gauges`). Routes are
//!   the router's patterns (`/api/v1/units/{id}`), and a path that matched none is
//!   `unmatched`, so no client can grow the label set.
//! - **Who may read `/metrics`**: with a metrics token configured, whoever presents it
//!   as a bearer token; without one, only a client on this host (a loopback peer)
//!   whose request came through no proxy (no forwarding header). Anything else is a
//!   403, which the audit log records as a refusal.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use crate::{ApiError, AppState};

pub const REQUEST_ID: &str = "x-request-id";

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// This instance's request counts and latencies.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// (method, route, status) → requests.
    requests: BTreeMap<(String, String, u16), u64>,
    /// route → latency histogram.
    latency: BTreeMap<String, Histogram>,
}

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Requests at or under each bound (not cumulative here; summed when written).
    buckets: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let Ok(mut m) = self.inner.lock() else {
            return;
        };
        *m.requests
            .entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
        let h = m.latency.entry(route.to_string()).or_default();
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            h.buckets[i] += 1;
        }
        h.sum += seconds;
        h.count += 1;
    }
}

/// The route a request matched, handed from inside the router to the outer layer.
#[derive(Debug, Clone)]
struct Route(String);

/// Inside the router (a route layer): notes the matched route on the response.
pub(crate) async fn mark_route(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string());
    let mut res = next.run(req).await;
    if let Some(r) = route {
        res.extensions_mut().insert(Route(r));
    }
    res
}

/// What the outer layer needs.
#[derive(Clone)]
pub(crate) struct Observe {
    pub metrics: Arc<Metrics>,
    pub trust_request_id: bool,
}

/// The outermost layer: id, span, log line, counts.
pub(crate) async fn requests(State(o): State<Observe>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| o.trust_request_id && well_formed(v))
        .map(str::to_string)
        .unwrap_or_else(new_id);
    let method = req.method().to_string();
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %method,
        path = %req.uri().path(),
    );
    let mut res = next.run(req).instrument(span.clone()).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = res.status().as_u16();
    let route = res
        .extensions()
        .get::<Route>()
        .map_or_else(|| "unmatched".to_string(), |r| r.0.clone());
    span.in_scope(|| {
        tracing::info!(status, ms = (seconds * 1000.0).round() as u64, route = %route, "answered");
    });
    o.metrics.record(&method, &route, status, seconds);
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    res
}

fn well_formed(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

fn new_id() -> String {
    let mut b = [0u8; 16];
    if getrandom::fill(&mut b).is_err() {
        // Never without an id: the clock and a counter keep it unique in the process.
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        b[..8].copy_from_slice(&duban_store::now_ms().to_be_bytes());
        b[8..].copy_from_slice(&n.to_be_bytes());
    }
    crate::auth::hex(&b)
}

/// `GET /metrics`.
pub(crate) async fn metrics(
    State(s): State<AppState>,
    axum::Extension(m): axum::Extension<Arc<Metrics>>,
    req: Request,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if !may_read(s.settings.metrics_token.as_deref(), req.headers(), peer) {
        return ApiError::Forbidden.into_response();
    }
    let gauges = s.store.gauges().await;
    if let Err(e) = &gauges {
        tracing::warn!(error = %e, "metrics: the store did not answer");
    }
    let body = exposition(&m, gauges.ok());
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

fn may_read(token: Option<&str>, headers: &HeaderMap, peer: Option<std::net::IpAddr>) -> bool {
    match token {
        Some(t) => headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| same(given.trim().as_bytes(), t.as_bytes())),
        None => {
            let proxied = ["x-forwarded-for", "forwarded", "x-real-ip"]
                .iter()
                .any(|h| headers.contains_key(*h));
            peer.is_some_and(|p| p.is_loopback()) && !proxied
        }
    }
}

/// Compares in time that depends on the lengths only.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A label value, escaped as the text format asks.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn exposition(m: &Metrics, gauges: Option<duban_store::gauges::Gauges>) -> String {
    let mut out = String::new();
    let (requests, latency) = match m.inner.lock() {
        Ok(i) => (i.requests.clone(), i.latency.clone()),
        Err(_) => Default::default(),
    };
    out.push_str("# HELP duban_http_requests_total Requests answered by this instance, by method, matched route and status.\n");
    out.push_str("# TYPE duban_http_requests_total counter\n");
    for ((method, route, status), n) in &requests {
        let _ = writeln!(
            out,
            "duban_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
            label(method),
            label(route)
        );
    }
    out.push_str(
        "# HELP duban_http_request_duration_seconds Time to answer a request, by matched route.\n",
    );
    out.push_str("# TYPE duban_http_request_duration_seconds histogram\n");
    for (route, h) in &latency {
        let route = label(route);
        let mut cumulative = 0;
        for (bound, n) in BUCKETS.iter().zip(h.buckets) {
            cumulative += n;
            let _ = writeln!(
                out,
                "duban_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
            );
        }
        let _ = writeln!(
            out,
            "duban_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
            h.count
        );
        let _ = writeln!(
            out,
            "duban_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
            h.sum
        );
        let _ = writeln!(
            out,
            "duban_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            h.count
        );
    }
    out.push_str(
        "# HELP duban_database_up Whether the database answered this scrape (1) or not (0).\n",
    );
    out.push_str("# TYPE duban_database_up gauge\n");
    let _ = writeln!(out, "duban_database_up {}", u8::from(gauges.is_some()));
    if let Some(g) = gauges {
        let mut gauge = |name: &str, help: &str, kind: &str, lines: &[(&str, i64)]| {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} {kind}");
            for (labels, v) in lines {
                let _ = writeln!(out, "{name}{labels} {v}");
            }
        };
        gauge(
            "duban_db_pool_connections",
            "Connections open in the database pools (on PostgreSQL reader and writer are one pool).",
            "gauge",
            &[
                ("{pool=\"read\"}", i64::from(g.pool_size)),
                ("{pool=\"write\"}", i64::from(g.writer_size)),
            ],
        );
        gauge(
            "duban_db_pool_idle_connections",
            "Idle connections in the database pools.",
            "gauge",
            &[
                ("{pool=\"read\"}", i64::from(g.pool_idle)),
                ("{pool=\"write\"}", i64::from(g.writer_idle)),
            ],
        );
        gauge(
            "duban_outbox_queued",
            "Messages (reminders) waiting to be delivered.",
            "gauge",
            &[("", g.outbox_queued)],
        );
        gauge(
            "duban_outbox_failed",
            "Messages given up on after a permanent failure, kept with their reason.",
            "gauge",
            &[("", g.outbox_failed)],
        );
        gauge(
            "duban_login_failures_total",
            "Failed logins recorded in the audit log (all instances).",
            "counter",
            &[("", g.login_failures)],
        );
        gauge(
            "duban_audit_records_total",
            "Records in the audit log.",
            "counter",
            &[("", g.audit_records)],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_id_is_plain_and_bounded() {
        assert!(well_formed("0f3a9c2e-77b1-4c2d-9a55-1e0b2c3d4e5f"));
        assert!(!well_formed(""));
        assert!(!well_formed("a b"));
        assert!(!well_formed("x\r\nSet-Cookie: y"));
        assert!(!well_formed(&"a".repeat(129)));
        assert_eq!(new_id().len(), 32);
        assert_ne!(new_id(), new_id());
    }

    #[test]
    fn metrics_are_read_from_this_host_unproxied_or_with_the_token() {
        let local = Some("127.0.0.1".parse().expect("ip"));
        let remote = Some("10.0.0.7".parse().expect("ip"));
        let none = HeaderMap::new();
        let mut proxied = HeaderMap::new();
        proxied.insert("x-forwarded-for", HeaderValue::from_static("203.0.113.9"));
        let mut bearer = HeaderMap::new();
        bearer.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer s3cret-token-of-metrics"),
        );
        assert!(may_read(None, &none, local));
        assert!(!may_read(None, &none, remote));
        assert!(!may_read(None, &proxied, local));
        assert!(may_read(Some("s3cret-token-of-metrics"), &bearer, remote));
        assert!(!may_read(Some("s3cret-token-of-metrics"), &none, local));
        assert!(!may_read(Some("another-token-of-metric"), &bearer, remote));
    }

    #[test]
    fn the_histogram_is_cumulative_and_labels_are_escaped() {
        let m = Metrics::default();
        m.record("GET", "/a", 200, 0.003);
        m.record("GET", "/a", 200, 0.2);
        m.record("GET", "/a\"b", 500, 99.0);
        let text = exposition(&m, None);
        assert!(
            text.contains(
                "duban_http_requests_total{method=\"GET\",route=\"/a\",status=\"200\"} 2"
            )
        );
        assert!(
            text.contains(
                "duban_http_request_duration_seconds_bucket{route=\"/a\",le=\"0.005\"} 1"
            )
        );
        assert!(
            text.contains("duban_http_request_duration_seconds_bucket{route=\"/a\",le=\"0.25\"} 2")
        );
        assert!(text.contains(
            "duban_http_request_duration_seconds_bucket{route=\"/a\\\"b\",le=\"+Inf\"} 1"
        ));
        assert!(text.contains("duban_database_up 0"));
    }
}

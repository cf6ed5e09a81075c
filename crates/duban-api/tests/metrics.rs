//! `/metrics` and request ids, black-box: what a scraper on this host reads, who else
//! may read it, and the id every answer carries.

mod common;

use common::{TestApp, apps, spawn_app_with};
use duban_store::testing::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::json;

const TOKEN: &str = "metrics-token-for-the-scraper-2019";

/// The value of the sample `name{labels}` (or `name` alone), if present.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|l| {
        l.strip_prefix(series)?
            .strip_prefix(' ')?
            .trim()
            .parse()
            .ok()
    })
}

async fn scrape(app: &TestApp, extra: &[(&str, &str)]) -> common::Answer {
    app.call(Method::GET, "/metrics", None, None, extra).await
}

async fn failed_login(app: &TestApp) {
    let a = app
        .call(
            Method::POST,
            "/api/v1/auth/token",
            None,
            Some(json!({"username": "yibao-tb", "password": "Wrong-Password-2019"})),
            &[],
        )
        .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{a:?}");
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_read_the_pools_outbox_logins_and_audit_log() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let units = app.get("/api/v1/units", &office).await;
        assert_eq!(units.status, StatusCode::OK);
        let _ = app
            .call(Method::GET, "/no/such/page/123", None, None, &[])
            .await;
        let before = scrape(&app, &[]).await;
        assert_eq!(before.status, StatusCode::OK, "{before:?}");
        assert!(
            before.headers["content-type"]
                .to_str()
                .expect("type")
                .starts_with("text/plain; version=0.0.4")
        );
        let t = &before.text;
        assert!(
            sample(
                t,
                "duban_http_requests_total{method=\"GET\",route=\"/api/v1/units\",status=\"200\"}"
            ) >= Some(1.0),
            "{t}"
        );
        assert!(
            sample(
                t,
                "duban_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"
            ) >= Some(1.0),
            "a path no route matches is counted as unmatched, not by its text: {t}"
        );
        assert!(!t.contains("/no/such/page"));
        assert!(
            sample(
                t,
                "duban_http_request_duration_seconds_count{route=\"/api/v1/units\"}"
            ) >= Some(1.0)
        );
        assert!(t.contains(
            "duban_http_request_duration_seconds_bucket{route=\"/api/v1/units\",le=\"+Inf\"}"
        ));
        assert_eq!(sample(t, "duban_database_up"), Some(1.0));
        assert!(sample(t, "duban_db_pool_connections{pool=\"read\"}") >= Some(1.0));
        assert!(sample(t, "duban_db_pool_idle_connections{pool=\"write\"}").is_some());
        assert!(sample(t, "duban_outbox_queued").is_some());
        assert!(sample(t, "duban_outbox_failed").is_some());
        let audit = sample(t, "duban_audit_records_total").expect("audit records");
        assert!(audit > 0.0, "the demo's changes are in the audit log");
        let failures = sample(t, "duban_login_failures_total").expect("failed logins");

        failed_login(&app).await;
        let after = scrape(&app, &[]).await;
        assert_eq!(
            sample(&after.text, "duban_login_failures_total"),
            Some(failures + 1.0),
            "a failed login counts once"
        );
        assert!(sample(&after.text, "duban_audit_records_total") > Some(audit));
    }
}

#[tokio::test]
async fn metrics_are_refused_through_a_proxy_and_elsewhere_without_the_token() {
    for app in apps().await {
        for header in ["x-forwarded-for", "forwarded", "x-real-ip"] {
            let a = scrape(&app, &[(header, "203.0.113.9")]).await;
            assert_eq!(a.status, StatusCode::FORBIDDEN, "{header}: {a:?}");
            assert!(a.is_problem(), "{a:?}");
            assert!(!a.text.contains("duban_"), "nothing leaks");
        }
    }
    for db in TestDb::all().await {
        let app = spawn_app_with(db, |s| s.metrics_token = Some(TOKEN.into())).await;
        let none = scrape(&app, &[]).await;
        assert_eq!(
            none.status,
            StatusCode::FORBIDDEN,
            "with a token set, even this host needs it"
        );
        let wrong = scrape(
            &app,
            &[("authorization", "Bearer metrics-token-for-the-scraper-2020")],
        )
        .await;
        assert_eq!(wrong.status, StatusCode::FORBIDDEN);
        let bearer = format!("Bearer {TOKEN}");
        let right = scrape(
            &app,
            &[("authorization", &bearer), ("x-forwarded-for", "10.1.2.3")],
        )
        .await;
        assert_eq!(right.status, StatusCode::OK, "{right:?}");
        assert!(right.text.contains("duban_database_up 1"));
    }
}

fn id_of(a: &common::Answer) -> String {
    a.headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no X-Request-Id in {a:?}"))
        .to_string()
}

#[tokio::test]
async fn every_answer_carries_a_request_id_taken_from_a_trusted_proxy_only() {
    for app in apps().await {
        let a = app.call(Method::GET, "/healthz", None, None, &[]).await;
        let b = app.call(Method::GET, "/api/v1/me", None, None, &[]).await;
        assert!(b.is_problem());
        let (ia, ib) = (id_of(&a), id_of(&b));
        assert_eq!(ia.len(), 32);
        assert!(ia.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(ia, ib, "each request has its own id");
        let forged = app
            .call(
                Method::GET,
                "/healthz",
                None,
                None,
                &[("x-request-id", "chosen-by-the-client")],
            )
            .await;
        assert_ne!(id_of(&forged), "chosen-by-the-client", "no proxy, no trust");
    }
    for db in TestDb::all().await {
        let app = spawn_app_with(db, |s| s.trusted_proxy = true).await;
        let given = "nginx-7d1f0c2b9e5a4d3c";
        let a = app
            .call(
                Method::GET,
                "/healthz",
                None,
                None,
                &[("x-request-id", given)],
            )
            .await;
        assert_eq!(id_of(&a), given, "a trusted proxy's id is kept");
        let bad = app
            .call(
                Method::GET,
                "/healthz",
                None,
                None,
                &[("x-request-id", "has spaces; and more")],
            )
            .await;
        assert_ne!(
            id_of(&bad),
            "has spaces; and more",
            "a malformed id is replaced"
        );
        assert_eq!(id_of(&bad).len(), 32);
    }
}

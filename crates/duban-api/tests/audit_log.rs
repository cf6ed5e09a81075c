//! The audit log through the API: the audit administrator alone reads it and has the
//! chain checked; logins, refusals, downloads and changes are in it with the client's
//! address; no password, code or token ever is.

mod common;

use common::{TestApp, apps, audit_key};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Every record, newest first.
async fn all_records(app: &TestApp, auditor: &str) -> Vec<Value> {
    let a = app.get("/api/v1/audit?per_page=500", auditor).await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    a.body["items"].as_array().expect("items").clone()
}

fn events(records: &[Value]) -> Vec<&str> {
    records.iter().filter_map(|r| r["event"].as_str()).collect()
}

#[tokio::test]
async fn the_audit_administrator_reads_the_log_and_a_refusal_to_anyone_else_is_in_it() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let refused = app.get("/api/v1/audit", &office).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let auditor = app.token("shenji").await;
        let records = all_records(&app, &auditor).await;
        let denied = records
            .iter()
            .find(|r| r["event"] == "access.denied")
            .expect("the refusal is recorded");
        assert_eq!(denied["actor"], "ducha");
        assert_eq!(denied["role"], "office");
        assert_eq!(denied["object"], "GET /api/v1/audit");
        assert_eq!(denied["outcome"], "denied");
        assert_eq!(denied["address"], "127.0.0.1");
        // Each login is there too, by its account, from the test's address.
        let logins: Vec<_> = records
            .iter()
            .filter(|r| r["event"] == "login.success")
            .map(|r| r["actor"].as_str().unwrap_or(""))
            .collect();
        assert!(logins.starts_with(&["shenji", "ducha"]), "{logins:?}");
    }
}

#[tokio::test]
async fn failures_downloads_and_changes_are_recorded_and_the_chain_checks_out_signed() {
    for app in apps().await {
        let wrong = json!({"username": "lingdao", "password": "Wrong-Password-1"});
        let a = app
            .call(Method::POST, "/api/v1/auth/token", None, Some(wrong), &[])
            .await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        let office = app.token("ducha").await;
        let id = app.issued_bulletin(&office).await;
        let docx = app
            .get(
                &format!("/api/v1/bulletins/{id}/document?format=docx"),
                &office,
            )
            .await;
        assert_eq!(docx.status, StatusCode::OK);

        let auditor = app.token("shenji").await;
        let records = all_records(&app, &auditor).await;
        let ev = events(&records);
        for wanted in [
            "login.failure",
            "bulletin.create",
            "bulletin.update",
            "download",
        ] {
            assert!(ev.contains(&wanted), "{wanted} missing from {ev:?}");
        }
        let download = records
            .iter()
            .find(|r| r["event"] == "download")
            .expect("download");
        assert_eq!(
            download["object"],
            format!("GET /api/v1/bulletins/{id}/document")
        );
        assert_eq!(download["actor"], "ducha");
        // A change keeps the object before and after.
        let update = records
            .iter()
            .find(|r| r["event"] == "bulletin.update")
            .expect("the issue");
        assert!(
            update["before"]
                .as_str()
                .is_some_and(|b| b.contains("draft")),
            "{update}"
        );
        assert!(
            update["after"]
                .as_str()
                .is_some_and(|b| b.contains("issued")),
            "{update}"
        );
        // Filtered by event prefix.
        let failures = app.get("/api/v1/audit?event=login.f", &auditor).await;
        assert_eq!(failures.body["total"], 1, "{failures:?}");
        let bad = app.get("/api/v1/audit?from=2019-13-01", &auditor).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.body["errors"][0]["field"], "from");
        assert!(
            bad.text.contains("from 须为1900年至9999年间的日期"),
            "{bad:?}"
        );

        let check = app.get("/api/v1/audit/verification", &auditor).await;
        assert_eq!(check.body["intact"], true, "{check:?}");
        assert_eq!(check.body["signatures_checked"], true);
        // Sealed now (the server's worker does this every minute): anchored to the head.
        let sealed = app
            .store
            .seal_audit(audit_key().signer(), 0)
            .await
            .expect("seal")
            .expect("a checkpoint");
        let check = app.get("/api/v1/audit/verification", &auditor).await;
        assert_eq!(check.body["intact"], true, "{check:?}");
        assert!(check.body["anchored_to"].as_i64() >= Some(sealed.seq));
    }
}

#[tokio::test]
async fn no_password_token_or_secret_ever_reaches_the_audit_log() {
    for app in apps().await {
        let new_password = "Autumn-Review-2019";
        let office = app.token("ducha").await;
        let changed = app
            .post(
                "/api/v1/me/password",
                &office,
                json!({"current_password": common::password("ducha"), "new_password": new_password}),
            )
            .await;
        assert_eq!(changed.status, StatusCode::NO_CONTENT, "{changed:?}");
        let fresh = app
            .call(
                Method::POST,
                "/api/v1/auth/token",
                None,
                Some(app.credentials("ducha", new_password).await),
                &[],
            )
            .await;
        let token = fresh.body["access_token"]
            .as_str()
            .expect("token")
            .to_string();
        let hook = json!({"url": "http://127.0.0.1:9/robot?key=robot-key-123", "format": "wecom",
                          "secret": "robot-secret-456"});
        let unit = app.unit("yibao");
        let set = app
            .call(
                Method::PUT,
                &format!("/api/v1/units/{unit}/webhook"),
                Some(&token),
                Some(hook),
                &[],
            )
            .await;
        assert!(set.status.is_success(), "{set:?}");

        let auditor = app.token("shenji").await;
        let text = serde_json::to_string(&all_records(&app, &auditor).await).expect("json");
        assert!(text.contains("user.password_set"));
        let secret_hash = duban_api::auth::secret_hash(&token);
        for secret in [
            common::password("ducha"),
            new_password,
            token.as_str(),
            secret_hash.as_str(),
            "argon2",
            "robot-key-123",
            "robot-secret-456",
        ] {
            assert!(!text.contains(secret), "the audit log holds {secret:?}");
        }
    }
}

/// A page's status and HTML, with the session cookie.
async fn page(
    app: &TestApp,
    http: &reqwest::Client,
    path: &str,
    cookie: &str,
) -> (StatusCode, String) {
    let res = common::pages::get(http, app, path, cookie).await;
    (res.status(), res.text().await.expect("html"))
}

#[tokio::test]
async fn the_audit_page_shows_the_chain_whole_and_the_records_to_the_audit_administrator_only() {
    use common::pages::{browser, html_problems, session};
    for app in apps().await {
        let http = browser();
        let office = session(&app, &http, "ducha").await;
        let (status, _) = page(&app, &http, "/audit", &office).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let auditor = session(&app, &http, "shenji").await;
        let (status, html) = page(&app, &http, "/audit", &auditor).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains(r#"href="/audit?check=1""#),
            "the check is a link away"
        );
        let (_, checked) = page(&app, &http, "/audit?check=1", &auditor).await;
        assert!(checked.contains("哈希链完整"), "{checked}");
        assert!(checked.contains("签名检查点已校验至第"));
        assert!(
            html.contains("拒绝访问") && html.contains("GET /audit"),
            "the refusal above is listed"
        );
        assert!(
            html.contains(r#"href="/audit""#),
            "the header links the page"
        );
        assert_eq!(html_problems(&html), Vec::<String>::new());
        let (_, filtered) = page(&app, &http, "/audit?event=access.", &auditor).await;
        assert!(filtered.contains("共 1 条"), "{filtered}");
        let (_, bad) = page(&app, &http, "/audit?from=2019-02-30", &auditor).await;
        assert!(bad.contains("from 须为1900年至9999年间的日期"), "{bad}");
    }
}

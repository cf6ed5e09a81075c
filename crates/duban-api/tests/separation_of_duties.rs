//! 三权分立: the system administrator creates accounts, the security administrator gives
//! them roles (never their own), the audit administrator reads the log; the change of a
//! role ends the account's sessions and is in the audit log with before and after.

mod common;

use common::pages::{browser, html_problems, post_form, session};
use common::{TestApp, apps};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn account(app: &TestApp, reader: &str, username: &str) -> (i64, String) {
    let list = app.get("/api/v1/users?per_page=500", reader).await;
    let id = list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|u| u["username"] == username)
        .and_then(|u| u["id"].as_i64())
        .expect("account");
    let etag = app.get(&format!("/api/v1/users/{id}"), reader).await.etag();
    (id, etag)
}

#[tokio::test]
async fn the_security_administrator_gives_a_role_and_the_accounts_sessions_end_at_once() {
    for app in apps().await {
        let sec = app.token("anquan").await;
        let reporter = app.token("tb-lanshan").await;
        assert_eq!(
            app.get("/api/v1/me", &reporter).await.status,
            StatusCode::OK
        );
        let (id, etag) = account(&app, &sec, "tb-lanshan").await;
        let lanshan = app.unit("lanshan");
        let path = format!("/api/v1/users/{id}/role");
        let made = app
            .change(
                Method::PUT,
                &path,
                &sec,
                &etag,
                json!({"role": "reviewer", "unit_id": lanshan}),
            )
            .await;
        assert_eq!(made.status, StatusCode::OK, "{made:?}");
        assert_eq!(made.body["role"], "reviewer");
        assert_eq!(
            app.get("/api/v1/me", &reporter).await.status,
            StatusCode::UNAUTHORIZED
        );

        // Refused, and nothing changed: a stale version, an administrator with a unit,
        // an unknown role, one's own role, and anyone but the security administrator.
        let again = app
            .change(Method::PUT, &path, &sec, &etag, json!({"role": "leader"}))
            .await;
        assert_eq!(again.status, StatusCode::PRECONDITION_FAILED);
        let now = made.etag();
        let admin = app
            .change(
                Method::PUT,
                &path,
                &sec,
                &now,
                json!({"role": "sysadmin", "unit_id": lanshan}),
            )
            .await;
        assert_eq!(admin.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(admin.text.contains("管理员不属于业务单位"), "{admin:?}");
        let unknown = app
            .change(Method::PUT, &path, &sec, &now, json!({"role": "boss"}))
            .await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        let (own, own_etag) = account(&app, &sec, "anquan").await;
        let mine = app
            .change(
                Method::PUT,
                &format!("/api/v1/users/{own}/role"),
                &sec,
                &own_etag,
                json!({"role": "sysadmin"}),
            )
            .await;
        assert_eq!(mine.status, StatusCode::CONFLICT);
        assert_eq!(mine.body["code"], "own_role");
        let sys = app.token("xitong").await;
        let by_sys = app
            .change(Method::PUT, &path, &sys, &now, json!({"role": "leader"}))
            .await;
        assert_eq!(by_sys.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.get(&format!("/api/v1/users/{id}"), &sec).await.body["role"],
            "reviewer"
        );

        // The audit log has the change with the role before and after.
        let auditor = app.token("shenji").await;
        let log = app.get("/api/v1/audit?event=user.update", &auditor).await;
        let change = &log.body["items"][0];
        assert_eq!(change["object"], format!("user:{id}"));
        assert_eq!(change["actor"], "anquan");
        assert!(
            change["before"]
                .as_str()
                .is_some_and(|b| b.contains("\"reporter\""))
        );
        assert!(
            change["after"]
                .as_str()
                .is_some_and(|a| a.contains("\"reviewer\""))
        );
    }
}

#[tokio::test]
async fn the_roles_page_lets_the_security_administrator_change_a_role_and_says_why_not() {
    for app in apps().await {
        let http = browser();
        let office = session(&app, &http, "ducha").await;
        let refused = common::pages::get(&http, &app, "/roles", &office).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let sec = session(&app, &http, "anquan").await;
        let res = common::pages::get(&http, &app, "/roles", &sec).await;
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.expect("html");
        assert_eq!(html_problems(&html), Vec::<String>::new());
        assert!(html.contains("本人账号"), "one's own row has no link");
        let token = app.token("anquan").await;
        let (id, _) = account(&app, &token, "tb-lanshan").await;
        let version =
            app.get(&format!("/api/v1/users/{id}"), &token).await.body["version"].to_string();
        assert!(html.contains(&format!("href=\"/roles/{id}\"")));
        let form = common::pages::get(&http, &app, &format!("/roles/{id}"), &sec).await;
        assert_eq!(form.status(), StatusCode::OK);
        let form = form.text().await.expect("html");
        assert_eq!(html_problems(&form), Vec::<String>::new());
        assert!(
            form.contains(r#"<option value="reporter" selected>"#),
            "{form}"
        );

        // A reviewer without a unit: refused with the reason, nothing changed.
        let bad = post_form(
            &http,
            &app,
            &format!("/roles/{id}"),
            &sec,
            &[("role", "reviewer"), ("unit_id", ""), ("version", &version)],
        )
        .await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bad.text()
                .await
                .expect("html")
                .contains("该角色须指定所属单位")
        );
        assert_eq!(
            app.get(&format!("/api/v1/users/{id}"), &token).await.body["role"],
            "reporter"
        );

        let ok = post_form(
            &http,
            &app,
            &format!("/roles/{id}"),
            &sec,
            &[("role", "leader"), ("unit_id", ""), ("version", &version)],
        )
        .await;
        assert_eq!(ok.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            app.get(&format!("/api/v1/users/{id}"), &token).await.body["role"],
            "leader"
        );
    }
}

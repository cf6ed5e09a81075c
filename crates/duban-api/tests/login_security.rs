//! Logging in to the level-3 profile: five failures lock a username for fifteen
//! minutes, whether or not an account has it; passwords follow the policy wherever
//! they are set. The lock's time is the server's clock, moved forward here.

mod common;

use common::pages::browser;
use common::{TestApp, apps};
use reqwest::{Method, StatusCode};
use serde_json::json;

const QUARTER_HOUR_MS: i64 = 15 * 60 * 1000;

/// Logs in for a token, with the next code of a demo account's second factor.
async fn log_in(app: &TestApp, username: &str, password: &str) -> common::Answer {
    let body = app.credentials(username, password).await;
    app.call(Method::POST, "/api/v1/auth/token", None, Some(body), &[])
        .await
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_for_fifteen_minutes_even_against_the_right_one() {
    for app in apps().await {
        for _ in 0..4 {
            let a = log_in(&app, "lingdao", "Wrong-Password-1").await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        }
        let fifth = log_in(&app, "lingdao", "Wrong-Password-1").await;
        assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS, "{fifth:?}");
        assert_eq!(fifth.body["code"], "locked_out");
        assert!(fifth.body["title"].as_str().unwrap().contains("15分钟"));
        let right = common::password("lingdao");
        assert_eq!(
            log_in(&app, "lingdao", right).await.status,
            StatusCode::TOO_MANY_REQUESTS
        );
        // Other accounts are not held back.
        assert_eq!(
            log_in(&app, "ducha", common::password("ducha"))
                .await
                .status,
            StatusCode::CREATED
        );

        app.clock.advance_ms(QUARTER_HOUR_MS);
        assert_eq!(
            log_in(&app, "lingdao", right).await.status,
            StatusCode::CREATED
        );
    }
}

#[tokio::test]
async fn an_unknown_username_is_locked_the_same_way_so_the_answers_tell_nothing() {
    for app in apps().await {
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        for _ in 0..6 {
            known.push(log_in(&app, "lingdao", "Wrong-Password-1").await);
            unknown.push(log_in(&app, "no-such-person", "Wrong-Password-1").await);
        }
        for (k, u) in known.iter().zip(&unknown) {
            assert_eq!((k.status, &k.text), (u.status, &u.text));
        }
        assert_eq!(known[5].status, StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test]
async fn a_successful_login_clears_the_count_of_failures() {
    for app in apps().await {
        let right = common::password("lingdao");
        for _ in 0..4 {
            log_in(&app, "lingdao", "Wrong-Password-1").await;
        }
        assert_eq!(
            log_in(&app, "lingdao", right).await.status,
            StatusCode::CREATED
        );
        for _ in 0..4 {
            let a = log_in(&app, "lingdao", "Wrong-Password-1").await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(
            log_in(&app, "lingdao", right).await.status,
            StatusCode::CREATED
        );
    }
}

#[tokio::test]
async fn the_login_form_says_the_account_is_locked() {
    for app in apps().await {
        let http = browser();
        let mut last = None;
        for _ in 0..5 {
            let res = http
                .post(format!("{}/login", app.base))
                .form(&[("username", "ducha"), ("password", "Wrong-Password-1")])
                .send()
                .await
                .unwrap();
            last = Some((res.status(), res.text().await.unwrap()));
        }
        let (status, page) = last.unwrap();
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        assert!(page.contains("登录失败次数过多"), "{page}");
        assert!(page.contains("value=\"ducha\""), "the username is kept");
    }
}

#[tokio::test]
async fn a_new_account_password_must_pass_the_policy_with_the_reason_given() {
    for app in apps().await {
        let admin = app.token("xitong").await;
        let unit = app.unit("yibao");
        let account = |pw: &str| {
            json!({"username": "wang-tb", "display_name": "王填报", "role": "reporter",
                   "unit_id": unit, "password": pw})
        };
        for (pw, says) in [
            ("short-1A", "至少12位"),
            ("onlylowercaseletters", "至少三类"),
            ("Wang-TB-2019-spring", "用户名"),
            ("P@ssw0rd1234", "过于常见"),
        ] {
            let a = app.post("/api/v1/users", &admin, account(pw)).await;
            assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{pw}: {a:?}");
            assert_eq!(a.body["errors"][0]["field"], "password");
            let message = a.body["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains(says), "{pw}: {message}");
        }
        let made = app
            .post("/api/v1/users", &admin, account("Spring-Report-2019"))
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{made:?}");
        assert_eq!(
            log_in(&app, "wang-tb", "Spring-Report-2019").await.status,
            StatusCode::CREATED
        );
    }
}

#[tokio::test]
async fn a_change_sent_from_another_site_is_refused_before_anything_runs_even_without_a_session() {
    for app in apps().await {
        let http = browser();
        let login = [
            ("username", "ducha"),
            ("password", common::password("ducha")),
        ];
        for (header, value) in [
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ] {
            for path in ["/login", "/lang", "/gk/1/objections", "/api/v1/auth/token"] {
                let res = http
                    .post(format!("{}{path}", app.base))
                    .header(header, value)
                    .form(&login)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} {header}");
                let body: serde_json::Value = res.json().await.unwrap();
                assert_eq!(body["code"], "foreign_origin");
            }
        }
        // Our own pages' form passes; so does a client that sends no Origin at all.
        let code = app.login_code("ducha").await.expect("a code");
        let own = http
            .post(format!("{}/login", app.base))
            .header("origin", app.base.as_str())
            .header("sec-fetch-site", "same-origin")
            .form(&[login[0], login[1], ("code", &code)])
            .send()
            .await
            .unwrap();
        assert_eq!(own.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            log_in(&app, "ducha", common::password("ducha"))
                .await
                .status,
            StatusCode::CREATED
        );
    }
}

/// A browser session of a demo account: its cookie.
async fn browser_session(app: &TestApp, who: &str) -> String {
    let body = app.credentials(who, common::password(who)).await;
    let a = app
        .call(Method::POST, "/api/v1/auth/login", None, Some(body), &[])
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    a.headers["set-cookie"]
        .to_str()
        .expect("a cookie")
        .split(';')
        .next()
        .expect("a cookie")
        .to_string()
}

async fn me_with_cookie(app: &TestApp, cookie: &str) -> StatusCode {
    app.call(Method::GET, "/api/v1/me", None, None, &[("cookie", cookie)])
        .await
        .status
}

#[tokio::test]
async fn a_browser_session_ends_after_thirty_idle_minutes_but_not_while_used() {
    const MINUTE: i64 = 60_000;
    for app in apps().await {
        let used = browser_session(&app, "ducha").await;
        let idle = browser_session(&app, "lingdao").await;
        let admin = browser_session(&app, "xitong").await;
        let token = app.token("pinggu").await;
        app.clock.advance_ms(20 * MINUTE);
        assert_eq!(me_with_cookie(&app, &used).await, StatusCode::OK);
        app.clock.advance_ms(20 * MINUTE);
        // 40 minutes since login, 20 since last used: still in.
        assert_eq!(me_with_cookie(&app, &used).await, StatusCode::OK);
        assert_eq!(me_with_cookie(&app, &idle).await, StatusCode::UNAUTHORIZED);
        assert_eq!(me_with_cookie(&app, &admin).await, StatusCode::UNAUTHORIZED);
        // An API client's bearer token is not a browser session: no idle limit.
        assert_eq!(app.get("/api/v1/me", &token).await.status, StatusCode::OK);
    }
}

#[tokio::test]
async fn an_administrator_session_ends_after_fifteen_idle_minutes() {
    const MINUTE: i64 = 60_000;
    for app in apps().await {
        let admin = browser_session(&app, "xitong").await;
        let office = browser_session(&app, "ducha").await;
        app.clock.advance_ms(16 * MINUTE);
        assert_eq!(me_with_cookie(&app, &admin).await, StatusCode::UNAUTHORIZED);
        assert_eq!(me_with_cookie(&app, &office).await, StatusCode::OK);
    }
}

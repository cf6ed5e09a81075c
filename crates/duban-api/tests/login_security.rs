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

const DAY_MS: i64 = 24 * 3600 * 1000;

#[tokio::test]
async fn a_password_older_than_ninety_days_holds_the_session_to_changing_it_until_it_is_changed() {
    for app in apps().await {
        let old = common::password("yibao-tb");
        let fresh = app.token("yibao-tb").await;
        let me = app.get("/api/v1/me", &fresh).await;
        assert!(me.body.get("restricted").is_none(), "{me:?}");
        assert!(me.body["password_expires_at"].is_string(), "{me:?}");

        app.clock.advance_ms(91 * DAY_MS);
        // The right password still logs in, but the session may only change it.
        let token = app.token("yibao-tb").await;
        let me = app.get("/api/v1/me", &token).await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.body["restricted"], "password_expired", "{me:?}");
        for path in [
            "/api/v1/plans",
            "/api/v1/periods/1/tasks",
            "/api/v1/me/inbox",
        ] {
            let a = app.get(path, &token).await;
            assert_eq!(a.status, StatusCode::FORBIDDEN, "{path}: {a:?}");
            assert!(a.is_problem());
            assert_eq!(a.body["code"], "password_expired");
            assert!(a.body["title"].as_str().unwrap().contains("密码已过期"));
            assert!(a.body["title_en"].as_str().unwrap().contains("expired"));
        }
        let same = app
            .post(
                "/api/v1/me/password",
                &token,
                json!({"current_password": old, "new_password": old}),
            )
            .await;
        assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY, "{same:?}");
        assert_eq!(same.body["errors"][0]["code"], "same_password");
        let changed = app
            .post(
                "/api/v1/me/password",
                &token,
                json!({"current_password": old, "new_password": "Spring-Report-2019"}),
            )
            .await;
        assert_eq!(changed.status, StatusCode::NO_CONTENT, "{changed:?}");
        assert_eq!(
            app.get("/api/v1/me", &token).await.status,
            StatusCode::UNAUTHORIZED,
            "the change ends every session"
        );
        let after = log_in(&app, "yibao-tb", "Spring-Report-2019").await;
        let token = after.body["access_token"].as_str().expect("a token");
        assert_eq!(app.get("/api/v1/plans", token).await.status, StatusCode::OK);
        assert!(
            app.get("/api/v1/me", token)
                .await
                .body
                .get("restricted")
                .is_none()
        );
        // Logging out is open to a held session too.
        app.clock.advance_ms(91 * DAY_MS);
        let held = log_in(&app, "yibao-tb", "Spring-Report-2019").await;
        let held = held.body["access_token"].as_str().expect("a token");
        let out = app
            .call(Method::POST, "/api/v1/auth/logout", Some(held), None, &[])
            .await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
    }
}

#[tokio::test]
async fn an_expired_password_sends_every_page_to_the_account_page_which_takes_a_new_one() {
    use common::pages::{cookie_of, get, html_problems, post_form, session, session_with};
    for app in apps().await {
        let http = browser();
        app.clock.advance_ms(91 * DAY_MS);
        let cookie = session(&app, &http, "yibao-tb").await;
        for path in ["/", "/tasks", "/problems", "/inbox"] {
            let res = get(&http, &app, path, &cookie).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
            assert_eq!(res.headers()["location"], "/account", "{path}");
        }
        let res = get(&http, &app, "/account", &cookie).await;
        assert_eq!(res.status(), StatusCode::OK);
        let page = res.text().await.unwrap();
        assert!(page.contains("已经过期"), "{page}");
        assert!(page.contains("action=\"/account/password\""), "{page}");
        assert!(
            !page.contains("href=\"/tasks\""),
            "the header offers nothing else"
        );
        assert_eq!(html_problems(&page), Vec::<String>::new());

        let old = common::password("yibao-tb");
        let typo = [
            ("current_password", old),
            ("new_password", "Spring-Report-2019"),
            ("new_password_again", "Spring-Report-2018"),
        ];
        let res = post_form(&http, &app, "/account/password", &cookie, &typo).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("两次输入的新密码不一致"));
        let wrong = [
            ("current_password", "Not-The-Password-1"),
            ("new_password", "Spring-Report-2019"),
            ("new_password_again", "Spring-Report-2019"),
        ];
        let res = post_form(&http, &app, "/account/password", &cookie, &wrong).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("当前密码不正确"));

        let right = [
            ("current_password", old),
            ("new_password", "Spring-Report-2019"),
            ("new_password_again", "Spring-Report-2019"),
        ];
        let res = post_form(&http, &app, "/account/password", &cookie, &right).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            cookie_of(&res).is_some_and(|c| c.ends_with('=')),
            "the cookie is cleared"
        );
        assert!(res.text().await.unwrap().contains("密码已修改"));
        let res = get(&http, &app, "/tasks", &cookie).await;
        assert_eq!(res.headers()["location"], "/login", "the session has ended");
        let cookie = session_with(&app, "yibao-tb", "Spring-Report-2019")
            .await
            .expect("signs in with the new password");
        let res = get(&http, &app, "/tasks", &cookie).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
}

/// An app whose login limit is `limit` attempts per address in five minutes.
async fn limited_apps(limit: u32, trusted_proxy: bool) -> Vec<TestApp> {
    let mut v = Vec::new();
    for db in duban_store::testing::TestDb::all().await {
        let app = common::spawn_app_with(db, |s| {
            s.policy.attempts_per_address = limit;
            s.policy.address_window_ms = 5 * 60_000;
            s.trusted_proxy = trusted_proxy;
        })
        .await;
        v.push(app);
    }
    v
}

#[tokio::test]
async fn login_attempts_from_one_address_are_limited_until_the_window_ends() {
    for app in limited_apps(3, false).await {
        let http = browser();
        let right = common::password("lingdao");
        // Right or wrong, and whichever username: every attempt counts.
        assert_eq!(
            log_in(&app, "lingdao", right).await.status,
            StatusCode::CREATED
        );
        assert_eq!(
            log_in(&app, "pinggu", "Wrong-Password-1").await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            log_in(&app, "yibao-tb", "x").await.status,
            StatusCode::UNAUTHORIZED
        );
        let refused = log_in(&app, "lingdao", right).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{refused:?}");
        assert!(refused.is_problem());
        assert_eq!(refused.body["code"], "too_many_attempts");
        let wait: i64 = refused.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=300).contains(&wait), "{wait}");
        // A client cannot choose another address when no proxy is trusted.
        let dodging = app
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"username": "lingdao", "password": right})),
                &[("x-forwarded-for", "10.0.0.9")],
            )
            .await;
        assert_eq!(dodging.status, StatusCode::TOO_MANY_REQUESTS);
        let form = http
            .post(format!("{}/login", app.base))
            .form(&[("username", "lingdao"), ("password", right)])
            .send()
            .await
            .unwrap();
        assert_eq!(form.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(form.headers().contains_key("retry-after"));
        assert!(form.text().await.unwrap().contains("该地址登录尝试过多"));

        app.clock.advance_ms(5 * 60_000);
        assert_eq!(
            log_in(&app, "lingdao", right).await.status,
            StatusCode::CREATED
        );
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_limit_counts_the_forwarded_address() {
    for app in limited_apps(1, true).await {
        let right = common::password("lingdao");
        let from = |addr: &'static str| {
            let app = &app;
            async move {
                app.call(
                    Method::POST,
                    "/api/v1/auth/token",
                    None,
                    Some(json!({"username": "lingdao", "password": right})),
                    &[("x-forwarded-for", addr)],
                )
                .await
                .status
            }
        };
        assert_eq!(from("10.0.0.1, 192.168.1.1").await, StatusCode::CREATED);
        assert_eq!(from("10.0.0.1").await, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(from("10.0.0.2, 10.0.0.1").await, StatusCode::CREATED);
    }
}

/// The headers every answer carries; HSTS only when served over TLS.
async fn check_headers(app: &TestApp, hsts: bool) {
    for path in ["/healthz", "/login", "/api/v1/me", "/gk"] {
        let res = reqwest::get(format!("{}{path}", app.base))
            .await
            .expect("get");
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        let csp = h["content-security-policy"].to_str().expect("csp");
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        let ct = h["content-type"].to_str().expect("type");
        assert!(ct.contains("charset=utf-8"), "{path}: {ct}");
        assert_eq!(h.contains_key("strict-transport-security"), hsts, "{path}");
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_hsts_only_when_served_over_tls() {
    for app in apps().await {
        check_headers(&app, false).await;
    }
    for db in duban_store::testing::TestDb::all().await {
        let tls = common::spawn_app_with(db, |s| s.secure_cookies = true).await;
        check_headers(&tls, true).await;
    }
}

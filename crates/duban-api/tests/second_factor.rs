//! The second factor (TOTP, RFC 6238): setting it up, logging in with its code, a code
//! taken once and one step either side of now, wrong codes counting toward the lock,
//! and the roles that need one held until they have it. Time is the server's clock,
//! moved here; codes are computed as an authenticator app would.

mod common;

use common::pages::{browser, get, html_problems, post_form, session};
use common::{Answer, TestApp, apps};
use duban_domain::totp::{STEP_MS, Secret, code_at, step_at};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const DUCHA_SECRET: &str = "MR2WEYLOFVSGK3LPFVSHKY3IMEXC4LRO";

/// Moves the server's clock to a second into the next step, so that no step ends while
/// a test works with the codes around it; the step it is in.
fn step_start(app: &TestApp) -> i64 {
    let now = app.clock.now_ms();
    app.clock
        .advance_ms(STEP_MS - now.rem_euclid(STEP_MS) + 1_000);
    step_at(app.clock.now_ms())
}

fn code(secret: &str, step: i64) -> String {
    code_at(&Secret::from_base32(secret).expect("base32"), step)
}

async fn token_with(app: &TestApp, body: Value) -> Answer {
    app.call(Method::POST, "/api/v1/auth/token", None, Some(body), &[])
        .await
}

/// A new account of `role` made by the system administrator; its username.
async fn new_account(app: &TestApp, username: &str, role: &str, unit: &str) -> String {
    let admin = app.token("xitong").await;
    let made = app
        .post(
            "/api/v1/users",
            &admin,
            json!({"username": username, "display_name": "新同事", "role": role,
                   "unit_id": app.unit(unit), "password": "Spring-Report-2019"}),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{made:?}");
    username.to_string()
}

#[tokio::test]
async fn a_second_factor_is_set_up_with_a_secret_and_turned_on_by_a_code_from_it() {
    for app in apps().await {
        let leader = app.token("lingdao").await;
        let me = app.get("/api/v1/me", &leader).await;
        assert_eq!(
            me.body["second_factor"],
            json!({"required": false, "enabled": false})
        );

        let started = app
            .call(
                Method::POST,
                "/api/v1/me/second-factor",
                Some(&leader),
                None,
                &[],
            )
            .await;
        assert_eq!(started.status, StatusCode::CREATED, "{started:?}");
        let secret = started.body["secret"]
            .as_str()
            .expect("a secret")
            .to_string();
        assert_eq!(secret.len(), 32, "20 random bytes in base32");
        assert_eq!(
            started.body["uri"],
            format!("otpauth://totp/duban:lingdao?secret={secret}&issuer=duban")
        );
        let grouped = started.body["secret_grouped"].as_str().expect("grouped");
        assert_eq!(grouped.replace(' ', ""), secret);
        assert_eq!(grouped.split(' ').count(), 8);

        let s = step_start(&app);
        let confirm = |code: String| {
            let (app, leader) = (&app, &leader);
            async move {
                app.post(
                    "/api/v1/me/second-factor/confirm",
                    leader,
                    json!({"code": code}),
                )
                .await
            }
        };
        let wrong = confirm(code(&secret, s + 3)).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{wrong:?}");
        assert_eq!(wrong.body["errors"][0]["code"], "wrong_code");
        assert_eq!(
            confirm(code(&secret, s)).await.status,
            StatusCode::NO_CONTENT
        );
        let me = app.get("/api/v1/me", &leader).await;
        assert_eq!(me.body["second_factor"]["enabled"], true);

        let again = app
            .call(
                Method::POST,
                "/api/v1/me/second-factor",
                Some(&leader),
                None,
                &[],
            )
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(again.body["code"], "second_factor_enabled");
        assert_eq!(
            confirm(code(&secret, s + 1)).await.status,
            StatusCode::CONFLICT
        );

        // From now on the leader logs in with a code; the confirming one is spent.
        let pw = common::password("lingdao");
        let without = token_with(&app, json!({"username": "lingdao", "password": pw})).await;
        assert_eq!(without.body["code"], "second_factor_required");
        let spent = json!({"username": "lingdao", "password": pw, "code": code(&secret, s)});
        assert_eq!(
            token_with(&app, spent).await.body["code"],
            "bad_second_factor"
        );
        let next = json!({"username": "lingdao", "password": pw, "code": code(&secret, s + 1)});
        assert_eq!(token_with(&app, next).await.status, StatusCode::CREATED);

        // The audit log has the set-up and the spent code, never the secret or a code.
        let auditor = app.token("shenji").await;
        let log = app.get("/api/v1/audit?per_page=500", &auditor).await;
        let events: Vec<&str> = log.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|r| r["actor"] == "lingdao" || r["object"] == "username:lingdao")
            .filter_map(|r| r["event"].as_str())
            .collect();
        for wanted in [
            "second_factor.start",
            "second_factor.confirm",
            "login.failure",
        ] {
            assert!(events.contains(&wanted), "{wanted} missing: {events:?}");
        }
        assert!(
            !log.text.contains(&secret),
            "the secret is in the audit log"
        );
    }
}

#[tokio::test]
async fn the_code_is_asked_for_only_after_the_right_password() {
    for app in apps().await {
        let s = step_start(&app);
        let pw = common::password("ducha");
        let wrong_pw = token_with(
            &app,
            json!({"username": "ducha", "password": "Wrong-Password-1", "code": code(DUCHA_SECRET, s)}),
        )
        .await;
        let unknown = token_with(
            &app,
            json!({"username": "nobody", "password": "Wrong-Password-1", "code": "123456"}),
        )
        .await;
        assert_eq!(wrong_pw.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            (wrong_pw.status, &wrong_pw.text),
            (unknown.status, &unknown.text),
            "a wrong password tells no more than an unknown account"
        );
        assert_eq!(wrong_pw.body["code"], "bad_credentials");

        let without = token_with(&app, json!({"username": "ducha", "password": pw})).await;
        assert_eq!(without.status, StatusCode::UNAUTHORIZED, "{without:?}");
        assert!(without.is_problem());
        assert_eq!(without.body["code"], "second_factor_required");
        let empty = token_with(
            &app,
            json!({"username": "ducha", "password": pw, "code": ""}),
        )
        .await;
        assert_eq!(empty.body["code"], "second_factor_required");
        let bad = token_with(
            &app,
            json!({"username": "ducha", "password": pw, "code": "12345x"}),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
        assert_eq!(bad.body["code"], "bad_second_factor");
        let good = json!({"username": "ducha", "password": pw, "code": code(DUCHA_SECRET, s)});
        let good = token_with(&app, good).await;
        assert_eq!(good.status, StatusCode::CREATED, "{good:?}");
    }
}

#[tokio::test]
async fn a_code_is_taken_one_step_either_side_of_now_but_not_two_and_never_twice() {
    for app in apps().await {
        let s = step_start(&app);
        let pw = common::password("ducha");
        let with = |step: i64| json!({"username": "ducha", "password": pw, "code": code(DUCHA_SECRET, step)});
        for far in [s - 2, s + 2] {
            let a = token_with(&app, with(far)).await;
            assert_eq!(a.body["code"], "bad_second_factor", "step {far}: {a:?}");
        }
        assert_eq!(
            token_with(&app, with(s - 1)).await.status,
            StatusCode::CREATED
        );
        let replayed = token_with(&app, with(s - 1)).await;
        assert_eq!(replayed.status, StatusCode::UNAUTHORIZED);
        assert_eq!(replayed.body["code"], "bad_second_factor");
        assert_eq!(
            token_with(&app, with(s + 1)).await.status,
            StatusCode::CREATED
        );
        for used in [s - 1, s, s + 1] {
            let a = token_with(&app, with(used)).await;
            assert_eq!(a.body["code"], "bad_second_factor", "step {used} after s+1");
        }
        // The API's session login keeps the same rule.
        app.clock.advance_ms(STEP_MS);
        let cookie = app
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(with(s + 2)),
                &[],
            )
            .await;
        assert_eq!(cookie.status, StatusCode::OK, "{cookie:?}");
        assert_eq!(cookie.body["second_factor"]["enabled"], true);
        let again = app
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(with(s + 2)),
                &[],
            )
            .await;
        assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn wrong_codes_count_toward_the_lock_like_wrong_passwords() {
    for app in apps().await {
        let s = step_start(&app);
        let pw = common::password("ducha");
        for _ in 0..4 {
            let a = token_with(
                &app,
                json!({"username": "ducha", "password": pw, "code": "000000"}),
            )
            .await;
            assert_eq!(a.body["code"], "bad_second_factor");
        }
        let fifth = token_with(
            &app,
            json!({"username": "ducha", "password": pw, "code": "000000"}),
        )
        .await;
        assert_eq!(fifth.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(fifth.body["code"], "locked_out");
        let right = json!({"username": "ducha", "password": pw, "code": code(DUCHA_SECRET, s)});
        assert_eq!(token_with(&app, right).await.body["code"], "locked_out");
    }
}

#[tokio::test]
async fn a_role_that_needs_a_second_factor_works_only_once_it_has_one() {
    for app in apps().await {
        let who = new_account(&app, "xin-ducha", "office", "ducha").await;
        let pw = "Spring-Report-2019";
        let first = token_with(&app, json!({"username": who, "password": pw})).await;
        assert_eq!(
            first.status,
            StatusCode::CREATED,
            "no code until one is set up"
        );
        let token = first.body["access_token"]
            .as_str()
            .expect("token")
            .to_string();
        let me = app.get("/api/v1/me", &token).await;
        assert_eq!(me.body["restricted"], "second_factor_setup_required");
        assert_eq!(
            me.body["second_factor"],
            json!({"required": true, "enabled": false})
        );
        let held = app.get("/api/v1/plans", &token).await;
        assert_eq!(held.status, StatusCode::FORBIDDEN);
        assert_eq!(held.body["code"], "second_factor_setup_required");
        assert!(held.body["title"].as_str().unwrap().contains("双因素认证"));

        let started = app
            .call(
                Method::POST,
                "/api/v1/me/second-factor",
                Some(&token),
                None,
                &[],
            )
            .await;
        let secret = started.body["secret"].as_str().expect("secret").to_string();
        let s = step_start(&app);
        let ok = app
            .post(
                "/api/v1/me/second-factor/confirm",
                &token,
                json!({"code": code(&secret, s)}),
            )
            .await;
        assert_eq!(ok.status, StatusCode::NO_CONTENT, "{ok:?}");
        assert_eq!(
            app.get("/api/v1/plans", &token).await.status,
            StatusCode::OK
        );
        let without = token_with(&app, json!({"username": who, "password": pw})).await;
        assert_eq!(without.body["code"], "second_factor_required");

        // A reset (a lost phone) ends its sessions; it logs in held again.
        let id = me.body["user"]["id"].as_i64().expect("id");
        let now = app.clock.now_ms();
        assert!(
            app.store
                .reset_second_factor(duban_domain::UserId(id), now)
                .await
                .expect("reset")
        );
        assert_eq!(
            app.get("/api/v1/me", &token).await.status,
            StatusCode::UNAUTHORIZED
        );
        let again = token_with(&app, json!({"username": who, "password": pw})).await;
        let token = again.body["access_token"].as_str().expect("token");
        let me = app.get("/api/v1/me", token).await;
        assert_eq!(me.body["restricted"], "second_factor_setup_required");
    }
}

#[tokio::test]
async fn the_pages_take_the_code_at_login_and_set_up_a_second_factor_on_the_account_page() {
    for app in apps().await {
        let http = browser();
        let pw = common::password("ducha");
        let form = |code: String| {
            let http = &http;
            let base = &app.base;
            async move {
                http.post(format!("{base}/login"))
                    .form(&[("username", "ducha"), ("password", pw), ("code", &code)])
                    .send()
                    .await
                    .expect("login")
            }
        };
        let s = step_start(&app);
        let res = form(String::new()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("请输入验证器应用显示的6位动态验证码"),
            "{page}"
        );
        assert!(page.contains("id=\"code\""), "{page}");
        assert_eq!(html_problems(&page), Vec::<String>::new());
        let res = form("000000".into()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert!(res.text().await.unwrap().contains("动态验证码错误或已使用"));
        let res = form(code(DUCHA_SECRET, s)).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);

        // A new office account is sent to its account page until it sets one up.
        let who = new_account(&app, "xin-ducha", "office", "ducha").await;
        let cookie = common::pages::session_with(&app, &who, "Spring-Report-2019")
            .await
            .expect("signs in");
        let res = get(&http, &app, "/cockpit", &cookie).await;
        assert_eq!(res.headers()["location"], "/account");
        let page = get(&http, &app, "/account", &cookie)
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("您的角色须使用双因素认证。请先在下方启用"),
            "{page}"
        );
        let res = post_form(&http, &app, "/account/second-factor", &cookie, &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/account#second-factor");
        let page = get(&http, &app, "/account", &cookie)
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(html_problems(&page), Vec::<String>::new());
        let key: String = page
            .split("<dd><code>")
            .nth(1)
            .and_then(|k| k.split('<').next())
            .expect("the key")
            .replace(' ', "");
        let uri = format!("otpauth://totp/duban:{who}?secret={key}&#38;issuer=duban");
        assert!(page.contains(&uri), "{uri} in {page}");
        let s = step_start(&app);
        let res = post_form(
            &http,
            &app,
            "/account/second-factor/confirm",
            &cookie,
            &[("code", "000000")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let code = code(&key, s);
        let res = post_form(
            &http,
            &app,
            "/account/second-factor/confirm",
            &cookie,
            &[("code", &code)],
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
        let page = res.text().await.unwrap();
        assert!(page.contains("双因素认证已启用"), "{page}");
        assert!(
            page.contains("href=\"/cockpit\""),
            "the header is whole again"
        );
        assert_eq!(
            get(&http, &app, "/cockpit", &cookie).await.status(),
            StatusCode::OK
        );
        // The demo's own office account shows its second factor as on.
        let office = session(&app, &http, "ducha").await;
        let page = get(&http, &app, "/account", &office)
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("已启用:登录时除密码外"), "{page}");
    }
}

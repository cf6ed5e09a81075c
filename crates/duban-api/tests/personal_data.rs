//! Personal data (个人信息): an account's mobile number and ID number are set by the
//! system administrator and read in clear by them and by the person only; they are kept
//! sealed (SM4) in the database and in no history snapshot in clear; no other role, no
//! public route and no other view of the OpenAPI document carries them.

mod common;

use common::pages::{browser, get, post_form, session, session_with, value_of};
use common::{Answer, TestApp, apps, spawn_keyless_app};
use duban_store::testing::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sqlx::Connection;

const MOBILE: &str = "13812341234";
const ID_NUMBER: &str = "11010519491231002X";
const PASSWORD: &str = "Spring-Report-2019";

/// Every stored text that could hold personal data, read past the store: the personal
/// columns and every history snapshot.
async fn stored_texts(app: &TestApp) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.db.url)
        .await
        .expect("connect");
    let mut out = Vec::new();
    for sql in [
        "SELECT mobile FROM users WHERE mobile IS NOT NULL",
        "SELECT id_number FROM users WHERE id_number IS NOT NULL",
        "SELECT contact FROM objections WHERE contact IS NOT NULL",
        "SELECT data FROM history",
    ] {
        let v: Vec<String> = sqlx::query_scalar(sql)
            .fetch_all(&mut conn)
            .await
            .expect("read");
        out.extend(v);
    }
    conn.close().await.expect("close");
    out
}

/// The account of `username`, as the system administrator lists it.
async fn account(app: &TestApp, admin: &str, username: &str) -> Value {
    let list = app.get("/api/v1/users?per_page=500", admin).await;
    list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|u| u["username"] == username)
        .unwrap_or_else(|| panic!("no account {username}"))
        .clone()
}

/// The system administrator gives `username` the test's mobile and ID numbers.
async fn give_personal_data(app: &TestApp, admin: &str, username: &str) -> i64 {
    let id = account(app, admin, username).await["id"]
        .as_i64()
        .expect("id");
    let path = format!("/api/v1/users/{id}");
    let etag = app.get(&path, admin).await.etag();
    let a = app
        .change(
            Method::PATCH,
            &path,
            admin,
            &etag,
            json!({"mobile": MOBILE, "id_number": ID_NUMBER}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    id
}

fn field_errors(a: &Answer) -> Vec<(String, String)> {
    a.body["errors"]
        .as_array()
        .map(|v| {
            v.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or("").to_string(),
                        e["message"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn the_system_administrator_sets_a_mobile_and_an_id_number_and_the_person_reads_them_in_clear()
 {
    for app in apps().await {
        let admin = app.token("xitong").await;
        let made = app
            .post(
                "/api/v1/users",
                &admin,
                json!({"username": "wang.li", "display_name": "王丽", "role": "office",
                       "password": PASSWORD, "mobile": "138 1234 1234",
                       "id_number": "11010519491231002x"}),
            )
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{made:?}");
        assert_eq!(
            (&made.body["mobile"], &made.body["id_number"]),
            (&json!(MOBILE), &json!(ID_NUMBER))
        );
        let id = made.body["id"].as_i64().expect("id");
        let path = format!("/api/v1/users/{id}");
        let read = app.get(&path, &admin).await;
        assert_eq!(read.body["mobile"], MOBILE);
        assert_eq!(read.body["id_number"], ID_NUMBER);

        // The person reads their own, by the API and on their account page.
        let login = app
            .call(
                Method::POST,
                "/api/v1/auth/token",
                None,
                Some(json!({"username": "wang.li", "password": PASSWORD})),
                &[],
            )
            .await;
        assert_eq!(login.body["user"]["mobile"], MOBILE, "{login:?}");
        let own = login.body["access_token"].as_str().expect("token");
        let me = app.get("/api/v1/me", own).await;
        assert_eq!(
            (&me.body["user"]["mobile"], &me.body["user"]["id_number"]),
            (&json!(MOBILE), &json!(ID_NUMBER))
        );
        let http = browser();
        let cookie = session_with(&app, "wang.li", PASSWORD)
            .await
            .expect("signs in");
        let page = get(&http, &app, "/account", &cookie)
            .await
            .text()
            .await
            .expect("html");
        assert!(page.contains(MOBILE) && page.contains(ID_NUMBER), "{page}");

        // Changed and removed by the administrator; never in clear in the database.
        let etag = read.etag();
        let changed = app
            .change(
                Method::PATCH,
                &path,
                &admin,
                &etag,
                json!({"mobile": "13999990000", "id_number": null}),
            )
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{changed:?}");
        assert_eq!(changed.body["mobile"], "13999990000");
        assert!(changed.body["id_number"].is_null());
        let stored = stored_texts(&app).await;
        assert!(stored.iter().any(|t| t.starts_with("sm4v1:")));
        for clear in [MOBILE, ID_NUMBER, "13999990000"] {
            assert!(
                stored.iter().all(|t| !t.contains(clear)),
                "{clear} is stored in clear"
            );
        }
    }
}

#[tokio::test]
async fn a_leader_and_the_office_never_see_another_accounts_personal_data() {
    for app in apps().await {
        let admin = app.token("xitong").await;
        let id = give_personal_data(&app, &admin, "yibao-tb").await;
        for who in ["lingdao", "ducha", "pinggu"] {
            let t = app.token(who).await;
            let one = app.get(&format!("/api/v1/users/{id}"), &t).await;
            assert_eq!(one.status, StatusCode::FORBIDDEN, "{who}");
            let all = app.get("/api/v1/users", &t).await;
            assert_eq!(all.status, StatusCode::FORBIDDEN, "{who}");
        }

        // No page a leader or the office reaches shows them.
        let http = browser();
        for who in ["lingdao", "ducha"] {
            let cookie = session(&app, &http, who).await;
            let mut seen = std::collections::BTreeSet::new();
            let mut todo = vec!["/".to_string()];
            while let Some(path) = todo.pop() {
                if !seen.insert(path.clone()) || seen.len() > 120 {
                    continue;
                }
                let res = get(&http, &app, &path, &cookie).await;
                if let Some(to) = res.headers().get("location") {
                    todo.push(to.to_str().expect("location").to_string());
                    continue;
                }
                let text = res.text().await.expect("body");
                assert!(
                    !text.contains(MOBILE) && !text.contains(ID_NUMBER),
                    "{who}: {path} shows personal data"
                );
                todo.extend(
                    text.split("href=\"")
                        .skip(1)
                        .filter_map(|p| p.split('"').next())
                        .filter(|u| u.starts_with('/') && !u.starts_with("/static"))
                        .map(|u| u.split('#').next().unwrap_or(u).replace("&amp;", "&")),
                );
            }
            assert!(seen.len() > 5, "{who}: {seen:?}");
        }

        // The administrator's list shows the mobile masked; the account's form in clear.
        let cookie = session(&app, &http, "xitong").await;
        let list = get(&http, &app, "/users", &cookie)
            .await
            .text()
            .await
            .expect("html");
        assert!(
            list.contains("138****1234") && !list.contains(MOBILE),
            "{list}"
        );
        let form = get(&http, &app, &format!("/users/{id}"), &cookie)
            .await
            .text()
            .await
            .expect("html");
        assert_eq!(value_of(&form, "mobile"), MOBILE);
        assert_eq!(value_of(&form, "id_number"), ID_NUMBER);
    }
}

#[tokio::test]
async fn a_bad_mobile_or_id_number_is_refused_with_its_message_and_nothing_is_written() {
    for app in apps().await {
        let admin = app.token("xitong").await;
        let before = app.get("/api/v1/users?per_page=500", &admin).await.body["total"].clone();
        let refused = app
            .post(
                "/api/v1/users",
                &admin,
                json!({"username": "wang.li", "display_name": "王丽", "role": "office",
                       "password": PASSWORD, "mobile": "23812341234",
                       "id_number": "110105194912310021"}),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.is_problem(), "{refused:?}");
        assert_eq!(
            field_errors(&refused),
            [
                ("mobile".into(), "手机号须为以1开头的11位数字".into()),
                ("id_number".into(), "身份证号校验码不符,请核对".into())
            ]
        );
        let after = app.get("/api/v1/users?per_page=500", &admin).await;
        assert_eq!(after.body["total"], before);

        let id = account(&app, &admin, "yibao-tb").await["id"]
            .as_i64()
            .expect("id");
        let path = format!("/api/v1/users/{id}");
        let etag = app.get(&path, &admin).await.etag();
        let bad = app
            .change(
                Method::PATCH,
                &path,
                &admin,
                &etag,
                json!({"id_number": "1101051949123"}),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            field_errors(&bad),
            [(
                "id_number".into(),
                "身份证号须为18位:17位数字(含有效的出生日期)加1位数字或X".into()
            )]
        );
        assert_eq!(app.get(&path, &admin).await.etag(), etag, "nothing written");

        // The account's form says the same beside the field, and keeps what was typed.
        let http = browser();
        let cookie = session(&app, &http, "xitong").await;
        let form = get(&http, &app, &path.replace("/api/v1", ""), &cookie)
            .await
            .text()
            .await
            .expect("html");
        let version = value_of(&form, "version");
        let res = post_form(
            &http,
            &app,
            &path.replace("/api/v1", ""),
            &cookie,
            &[
                ("active", "1"),
                ("email", ""),
                ("password", ""),
                ("mobile", "1381234"),
                ("id_number", ""),
                ("version", &version),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = res.text().await.expect("html");
        assert!(page.contains("手机号须为以1开头的11位数字"), "{page}");
        assert_eq!(value_of(&page, "mobile"), "1381234");
        assert_eq!(app.get(&path, &admin).await.etag(), etag, "nothing written");
    }
}

#[tokio::test]
async fn without_a_data_key_personal_data_is_refused_and_the_rest_still_works() {
    for db in TestDb::all().await {
        let app = spawn_keyless_app(db).await;
        let admin = app.token("xitong").await;
        let account = json!({"username": "wang.li", "display_name": "王丽", "role": "office",
                             "password": PASSWORD, "mobile": MOBILE});
        let refused = app.post("/api/v1/users", &admin, account.clone()).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.body["errors"][0]["code"], "no_data_key");
        assert_eq!(
            field_errors(&refused),
            [(
                "mobile".into(),
                "本系统未配置数据密钥,不能保存个人信息".into()
            )]
        );
        let mut plain = account;
        plain["mobile"] = json!("");
        let made = app.post("/api/v1/users", &admin, plain).await;
        assert_eq!(made.status, StatusCode::CREATED, "{made:?}");

        // A member of the public's contact is refused too; the objection without one
        // is taken.
        let office = app.token("ducha").await;
        let id = app.issued_bulletin(&office).await;
        let p = app
            .post(
                &format!("/api/v1/bulletins/{id}/publication"),
                &office,
                json!({"org_code": "1585729837", "catalogue_code": "zfb",
                       "publisher": "临沂市人民政府办公室", "catalogue": "督查专报"}),
            )
            .await;
        let gk = p.body["url"].as_str().expect("url").to_string();
        let object = |contact: &'static str| {
            browser()
                .post(format!("{}{gk}/objections", app.base))
                .form(&[("text", "数字与实际不符"), ("contact", contact)])
                .send()
        };
        let res = object("13912345678").await.expect("post");
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = res.text().await.expect("html");
        assert!(
            page.contains("本系统未配置数据密钥,不能保存个人信息"),
            "{page}"
        );
        let res = object("").await.expect("post");
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert!(
            stored_texts(&app)
                .await
                .iter()
                .all(|t| !t.contains("13912345678"))
        );
    }
}

#[tokio::test]
async fn the_portal_never_shows_an_objection_contact_and_the_database_holds_it_sealed() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let id = app.issued_bulletin(&office).await;
        let p = app
            .post(
                &format!("/api/v1/bulletins/{id}/publication"),
                &office,
                json!({"org_code": "1585729837", "catalogue_code": "zfb",
                       "publisher": "临沂市人民政府办公室", "catalogue": "督查专报"}),
            )
            .await;
        let gk = p.body["url"].as_str().expect("url").to_string();
        let res = browser()
            .post(format!("{}{gk}/objections", app.base))
            .form(&[
                ("text", "数字与实际不符"),
                ("contact", "王先生 13912345678"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let pid = gk.trim_start_matches("/gk/");
        for path in [
            gk.clone(),
            "/gk".into(),
            format!("/gk/{pid}/data.json"),
            format!("/gk/{pid}/data.csv"),
            "/gk/feed.atom".into(),
        ] {
            let text = browser()
                .get(format!("{}{path}", app.base))
                .send()
                .await
                .expect("get")
                .text()
                .await
                .expect("body");
            assert!(
                !text.contains("13912345678") && !text.contains("王先生"),
                "{path}"
            );
        }
        let stored = stored_texts(&app).await;
        assert!(stored.iter().all(|t| !t.contains("13912345678")));
        let settled = app.get("/api/v1/objections?state=open", &office).await;
        assert_eq!(settled.body[0]["contact"], "王先生 13912345678");
    }
}

#[tokio::test]
async fn only_the_account_views_of_the_openapi_document_carry_personal_fields() {
    for app in apps().await {
        let doc = app.get("/api/v1/openapi.json", "").await.body;
        let schemas = doc["components"]["schemas"].as_object().expect("schemas");
        let carrying = |field: &str| -> Vec<String> {
            schemas
                .iter()
                .filter(|(_, s)| s["properties"].get(field).is_some())
                .map(|(name, _)| name.clone())
                .collect()
        };
        let accounts = ["UserInput", "UserPatch", "UserView"];
        assert_eq!(carrying("mobile"), accounts);
        assert_eq!(carrying("id_number"), accounts);
        assert_eq!(carrying("contact"), ["ObjectionView"]);
    }
}

//! `Idempotency-Key`: a change sent again with the same key is made once, and the
//! retry gets the first answer; the key is the sender's own and names one request.

mod common;

use common::{Answer, TestApp, apps};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn keyed_post(app: &TestApp, token: &str, key: &str, body: &Value) -> Answer {
    app.call(
        Method::POST,
        "/api/v1/reports",
        Some(token),
        Some(body.clone()),
        &[("idempotency-key", key)],
    )
    .await
}

async fn report_count(app: &TestApp, token: &str) -> i64 {
    app.get("/api/v1/reports?state=draft", token).await.body["total"]
        .as_i64()
        .expect("total")
}

#[tokio::test]
async fn a_retried_creation_makes_one_report_and_gets_the_first_answer_again() {
    for app in apps().await {
        let tb = app.token("tb-jiaoyu").await;
        let body = app.draft_in_new_period().await;
        let before = report_count(&app, &tb).await;
        let first = keyed_post(&app, &tb, "3f2a-first", &body).await;
        assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
        assert!(first.headers.get("idempotent-replayed").is_none());
        let again = keyed_post(&app, &tb, "3f2a-first", &body).await;
        assert_eq!(again.status, StatusCode::CREATED, "{again:?}");
        assert_eq!(again.text, first.text, "the same answer, byte for byte");
        assert_eq!(again.headers["location"], first.headers["location"]);
        assert_eq!(again.headers["etag"], first.headers["etag"]);
        assert_eq!(again.headers["idempotent-replayed"], "true");
        assert_eq!(report_count(&app, &tb).await, before + 1);

        // Without a key the same request is a new one, refused as a duplicate.
        let unkeyed = app.post("/api/v1/reports", &tb, body.clone()).await;
        assert_eq!(unkeyed.status, StatusCode::CONFLICT, "{unkeyed:?}");
    }
}

#[tokio::test]
async fn a_key_used_again_for_another_request_is_refused_and_changes_nothing() {
    for app in apps().await {
        let tb = app.token("tb-jiaoyu").await;
        let body = app.draft_in_new_period().await;
        let first = keyed_post(&app, &tb, "k-1", &body).await;
        assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
        let id = first.body["id"].as_i64().expect("id");
        let path = format!("/api/v1/reports/{id}");
        let tag = first.etag();
        let other = app
            .call(
                Method::PATCH,
                &path,
                Some(&tb),
                Some(json!({"narrative": "另一段说明"})),
                &[("idempotency-key", "k-1"), ("if-match", &tag)],
            )
            .await;
        assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY, "{other:?}");
        assert_eq!(other.body["errors"][0]["code"], "idempotency_key_reused");
        assert_eq!(
            other.body["errors"][0]["message"],
            "该幂等键已用于另一个不同的请求"
        );
        let now = app.get(&path, &tb).await;
        assert_eq!(now.etag(), tag, "the report is unchanged");
        assert_eq!(now.body["narrative"], "各县区特殊教育学校建设按计划推进");
    }
}

#[tokio::test]
async fn keys_belong_to_their_account_and_a_refused_change_leaves_its_key_free() {
    for app in apps().await {
        let tb = app.token("tb-jiaoyu").await;
        let office = app.token("ducha").await;
        let body = app.draft_in_new_period().await;
        // The office may not write a unit's report: refused, and the key stays free.
        let refused = keyed_post(&app, &office, "shared-key", &body).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{refused:?}");
        // The same key from another account is that account's own.
        let made = keyed_post(&app, &tb, "shared-key", &body).await;
        assert_eq!(made.status, StatusCode::CREATED, "{made:?}");
        assert!(made.headers.get("idempotent-replayed").is_none());

        // A change refused for its content does not claim the key either: once
        // corrected, the same key makes it.
        let id = made.body["id"].as_i64().expect("id");
        let path = format!("/api/v1/reports/{id}");
        let tag = made.etag();
        let send = |narrative: Value| {
            let (path, tb, tag) = (path.clone(), tb.clone(), tag.clone());
            let app = &app;
            async move {
                app.call(
                    Method::PATCH,
                    &path,
                    Some(&tb),
                    Some(json!({ "narrative": narrative })),
                    &[("idempotency-key", "fix-1"), ("if-match", &tag)],
                )
                .await
            }
        };
        let bad = send(json!(7)).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        let good = send(json!("已完成选址")).await;
        assert_eq!(good.status, StatusCode::OK, "{good:?}");
        assert!(good.headers.get("idempotent-replayed").is_none());
    }
}

#[tokio::test]
async fn a_malformed_key_is_a_clear_400() {
    for app in apps().await {
        let tb = app.token("tb-jiaoyu").await;
        let body = app.draft_in_new_period().await;
        let before = report_count(&app, &tb).await;
        let long = "x".repeat(256);
        for key in ["", "has space", "中文键", long.as_str()] {
            let a = keyed_post(&app, &tb, key, &body).await;
            assert_eq!(a.status, StatusCode::BAD_REQUEST, "{key:?}: {a:?}");
            assert!(
                a.body["detail"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("Idempotency-Key 须为")),
                "{a:?}"
            );
        }
        assert_eq!(report_count(&app, &tb).await, before);
    }
}

#[tokio::test]
async fn concurrent_sends_of_one_keyed_change_make_it_once() {
    for app in apps().await {
        let tb = app.token("tb-jiaoyu").await;
        let body = app.draft_in_new_period().await;
        let before = report_count(&app, &tb).await;
        let mut sends = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let req = app
                .http
                .post(format!("{}/api/v1/reports", app.base))
                .bearer_auth(&tb)
                .header("idempotency-key", "race-1")
                .json(&body);
            sends.spawn(async move {
                let res = req.send().await.expect("send");
                let replayed = res.headers().contains_key("idempotent-replayed");
                let retry = res.headers().get("retry-after").cloned();
                let status = res.status();
                let body: Value = res.json().await.expect("json");
                (status, replayed, retry, body)
            });
        }
        let mut made = 0;
        for (status, replayed, retry, body) in sends.join_all().await {
            match status {
                StatusCode::CREATED if !replayed => made += 1,
                StatusCode::CREATED => {}
                StatusCode::CONFLICT => {
                    assert_eq!(body["code"], "idempotency_in_progress", "{body}");
                    assert_eq!(retry.expect("retry-after"), "1");
                }
                s => panic!("{s}: {body}"),
            }
        }
        assert_eq!(made, 1);
        assert_eq!(report_count(&app, &tb).await, before + 1);
        let later = keyed_post(&app, &tb, "race-1", &body).await;
        assert_eq!(later.status, StatusCode::CREATED);
        assert_eq!(later.headers["idempotent-replayed"], "true");
    }
}

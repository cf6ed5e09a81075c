//! 催办: a reminder from the office reaches every reporter and reviewer of the unit,
//! through the outbox, into their inbox.

mod common;

use std::time::Duration;

use common::{TestApp, apps};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The inbox once it holds `n` messages (the worker delivers within moments).
async fn inbox_with(app: &TestApp, token: &str, n: usize) -> Value {
    for _ in 0..100 {
        let a = app.get("/api/v1/me/inbox", token).await;
        if a.body["items"].as_array().map(Vec::len) == Some(n) {
            return a.body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{}: the inbox never held {n} message(s)", app.db);
}

#[tokio::test]
async fn an_office_reminder_reaches_each_person_of_the_unit_once() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let sent = app
            .post(
                "/api/v1/reminders",
                &office,
                json!({"unit_id": app.unit("yibao"), "text": "请于6月5日前报送5月进展"}),
            )
            .await;
        assert_eq!(sent.status, StatusCode::ACCEPTED, "{sent:?}");
        // Two demo accounts and one reporter and one reviewer made per unit.
        assert_eq!(sent.body["queued"], 4);
        let reporter = app.token("yibao-tb").await;
        let inbox = inbox_with(&app, &reporter, 1).await;
        let m = &inbox["items"][0];
        assert_eq!(
            (m["subject"].clone(), m["body"].clone()),
            (json!("督办提醒"), json!("请于6月5日前报送5月进展"))
        );
        assert_eq!(m["read"], false);
        let id = m["id"].as_i64().expect("id");
        let path = format!("/api/v1/me/inbox/{id}");
        // Someone else's message is not theirs to mark.
        let other = app.token("yibao-sh").await;
        let denied = app
            .call(
                Method::PATCH,
                &path,
                Some(&other),
                Some(json!({"read": true})),
                &[],
            )
            .await;
        assert_eq!(denied.status, StatusCode::NOT_FOUND);
        let read = app
            .call(
                Method::PATCH,
                &path,
                Some(&reporter),
                Some(json!({"read": true})),
                &[],
            )
            .await;
        assert_eq!(read.status, StatusCode::NO_CONTENT);
        assert_eq!(
            inbox_with(&app, &reporter, 1).await["items"][0]["read"],
            true
        );
        // Delivered once, however often the worker runs; other units got nothing.
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(inbox_with(&app, &other, 1).await["total"], 1);
        let jiaoyu = app.token("tb-jiaoyu").await;
        assert_eq!(app.get("/api/v1/me/inbox", &jiaoyu).await.body["total"], 0);
        assert_eq!(app.store.outbox_pending().await.expect("pending"), 0);
    }
}

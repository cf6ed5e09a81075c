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

/// The causes of the reminders due today, with whom they are for.
async fn due(app: &TestApp, office: &str) -> Vec<(String, Option<i64>, String)> {
    let a = app.get("/api/v1/reminders/due", office).await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    a.body
        .as_array()
        .expect("a list")
        .iter()
        .map(|n| {
            (
                n["cause"].as_str().expect("cause").to_string(),
                n["unit_id"].as_i64(),
                n["subject"].as_str().expect("subject").to_string(),
            )
        })
        .collect()
}

fn day(s: &str) -> Option<duban_domain::Date> {
    duban_domain::Date::parse(s)
}

#[tokio::test]
async fn the_sweep_reminds_before_the_deadline_escalates_after_it_and_never_sends_twice() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let plan = app.get("/api/v1/plans/1", &office).await.body;
        // May closes: its lagging item (第11项) goes to its lead unit; June opens.
        let may = plan["period"]["id"].as_i64().expect("period");
        let cur = app.get(&format!("/api/v1/periods/{may}"), &office).await;
        let closed = app
            .change(
                Method::PATCH,
                &format!("/api/v1/periods/{may}"),
                &office,
                &cur.etag(),
                json!({"state": "closed"}),
            )
            .await;
        assert_eq!(closed.status, StatusCode::OK, "{closed:?}");
        let june = app
            .post(
                "/api/v1/plans/1/periods",
                &office,
                json!({"label": "2019-06", "deadline": "2019-07-05"}),
            )
            .await;
        assert_eq!(june.status, StatusCode::CREATED, "{june:?}");
        let june = june.body["id"].as_i64().expect("id");

        let lagging: Vec<(i64, i64)> = plan["areas"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|a| a["items"].as_array().into_iter().flatten())
            .filter(|i| matches!(i["status"].as_str(), Some("lagging" | "seriously_lagging")))
            .map(|i| {
                (
                    i["number"].as_i64().unwrap_or(0),
                    i["lead_unit_id"].as_i64().unwrap_or(0),
                )
            })
            .collect();
        assert!(!lagging.is_empty(), "the seed has lagging items");

        // Four days before the deadline: only the lagging items.
        app.clock.set(day("2019-07-01"));
        let notices = due(&app, &office).await;
        let mut want: Vec<_> = lagging
            .iter()
            .map(|(n, u)| {
                (
                    "lagging".to_string(),
                    Some(*u),
                    format!("【督办】第{n}项进度滞后"),
                )
            })
            .collect();
        let mut got = notices.clone();
        want.sort();
        got.sort();
        assert_eq!(got, want);
        // The plan's own setting: reminders five days ahead.
        let tag = app.get("/api/v1/plans/1/settings", &office).await.etag();
        let set = app
            .change(
                Method::PATCH,
                "/api/v1/plans/1/settings",
                &office,
                &tag,
                json!({"remind_days_before": 5}),
            )
            .await;
        assert_eq!(set.status, StatusCode::OK, "{set:?}");
        assert!(due(&app, &office).await.iter().any(|n| n.0 == "deadline"));

        // Three days before: every unit that owes June reports is reminded, once.
        app.clock.set(day("2019-07-02"));
        let notices = due(&app, &office).await;
        let yibao = app.unit("yibao");
        assert!(notices.contains(&(
            "deadline".into(),
            Some(yibao),
            "【催报】2019年6月进度将于2019年7月5日截止".into()
        )));
        let swept = app
            .post("/api/v1/reminders/sweep", &office, json!({}))
            .await;
        assert_eq!(swept.status, StatusCode::OK, "{swept:?}");
        assert_eq!(swept.body["due"], notices.len());
        assert!(swept.body["queued"].as_u64() > Some(0));
        let again = app
            .post("/api/v1/reminders/sweep", &office, json!({}))
            .await;
        assert_eq!(again.body["queued"], 0, "a cause is queued once");
        let reporter = app.token("yibao-tb").await;
        let inbox = inbox_with(&app, &reporter, 1).await;
        assert_eq!(inbox["items"][0]["cause"], "deadline");

        // 市医疗保障局 confirms no change; after the deadline the others are overdue and
        // the office hears of each; 市医疗保障局 hears nothing more.
        let confirmed = app
            .post(
                &format!("/api/v1/periods/{june}/no-change"),
                &reporter,
                json!({}),
            )
            .await;
        assert_eq!(confirmed.status, StatusCode::OK, "{confirmed:?}");
        assert!(
            confirmed.body["need_reasons"]
                .as_array()
                .is_some_and(Vec::is_empty),
            "{confirmed:?}"
        );
        app.clock.set(day("2019-07-06"));
        let notices = due(&app, &office).await;
        assert!(
            !notices.iter().any(|(_, u, _)| *u == Some(yibao)),
            "{notices:?}"
        );
        let overdue: Vec<_> = notices.iter().filter(|n| n.0 == "overdue").collect();
        let to_units = overdue.iter().filter(|n| n.1.is_some()).count();
        let to_office = overdue.iter().filter(|n| n.1.is_none()).count();
        assert!(to_units > 0 && to_units == to_office, "{overdue:?}");
        app.post("/api/v1/reminders/sweep", &office, json!({}))
            .await;
        let office_inbox = inbox_with(&app, &office, to_office).await;
        assert!(
            office_inbox["items"][0]["subject"]
                .as_str()
                .is_some_and(|s| s.starts_with("【逾期通报】"))
        );
    }
}

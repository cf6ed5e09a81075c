//! 问题整改: a problem raised by the office is rectified by its owner unit and closed
//! (销号) only after the office verified it.

mod common;

use common::{TestApp, apps};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn step(
    app: &TestApp,
    id: i64,
    token: &str,
    etag: &str,
    action: &str,
    note: Option<&str>,
) -> common::Answer {
    app.change(
        Method::POST,
        &format!("/api/v1/problems/{id}/actions"),
        token,
        etag,
        json!({"action": action, "note": note}),
    )
    .await
}

async fn raise(app: &TestApp, office: &str, deadline: &str) -> Value {
    let a = app
        .post(
            "/api/v1/problems",
            office,
            json!({
                "plan_id": app.loaded.plan_id.0,
                "owner_unit_id": app.unit("yibao"),
                "title": "按病种收付费推进缓慢",
                "description": "新增病种的临床路径论证尚未完成,需加快进度",
                "deadline": deadline,
            }),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    a.body
}

#[tokio::test]
async fn a_problem_is_closed_only_after_its_rectification_is_verified() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let owner = app.token("yibao-tb").await;
        let other = app.token("tb-jiaoyu").await;
        let p = raise(&app, &office, "2099-06-30").await;
        let id = p["id"].as_i64().expect("id");
        assert_eq!(
            (p["state"].clone(), p["overdue"].clone()),
            (json!("open"), json!(false))
        );
        let path = format!("/api/v1/problems/{id}");

        // Only the owner unit rectifies; the office cannot close what is not verified.
        let etag = app.get(&path, &office).await.etag();
        assert_eq!(
            step(&app, id, &other, &etag, "start", None).await.status,
            StatusCode::FORBIDDEN
        );
        let early = step(&app, id, &office, &etag, "close", None).await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{early:?}");
        let started = step(&app, id, &owner, &etag, "start", None).await;
        assert_eq!(started.body["state"], "rectifying", "{started:?}");
        let bare = step(&app, id, &owner, &started.etag(), "rectify", None).await;
        assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bare.body["errors"][0]["field"], "note");
        let done = step(
            &app,
            id,
            &owner,
            &started.etag(),
            "rectify",
            Some("已组织专家论证80个病种"),
        )
        .await;
        assert_eq!(done.body["state"], "rectified");
        assert_eq!(done.body["measures"], "已组织专家论证80个病种");
        // The office finds it wanting, the owner does more, the office verifies and closes.
        let rejected = step(
            &app,
            id,
            &office,
            &done.etag(),
            "reject",
            Some("论证病种数未达计划"),
        )
        .await;
        assert_eq!(rejected.body["state"], "rectifying");
        let again = step(
            &app,
            id,
            &owner,
            &rejected.etag(),
            "rectify",
            Some("150个病种论证完成"),
        )
        .await;
        let verified = step(&app, id, &office, &again.etag(), "verify", None).await;
        assert_eq!(verified.body["state"], "verified");
        let closed = step(&app, id, &office, &verified.etag(), "close", None).await;
        assert_eq!(
            (
                closed.body["state"].clone(),
                closed.body["state_label"].clone()
            ),
            (json!("closed"), json!("已销号"))
        );

        let read = app.get(&path, &owner).await;
        let actions: Vec<&str> = read.body["events"]
            .as_array()
            .expect("events")
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        assert_eq!(
            actions,
            [
                "raise", "start", "rectify", "reject", "rectify", "verify", "close"
            ]
        );
        // Another unit does not see it; a closed problem can be reopened by the office.
        assert_eq!(app.get(&path, &other).await.status, StatusCode::FORBIDDEN);
        let reopened = step(
            &app,
            id,
            &office,
            &closed.etag(),
            "reopen",
            Some("群众反映仍未落实"),
        )
        .await;
        assert_eq!(reopened.body["state"], "open");
    }
}

#[tokio::test]
async fn overdue_problems_are_listed_for_the_office_and_each_unit_sees_its_own() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let late = raise(&app, &office, "2019-06-30").await;
        raise(&app, &office, "2099-12-31").await;
        assert_eq!(late["overdue"], true);
        let overdue = app.get("/api/v1/problems?overdue=true", &office).await;
        let ids: Vec<&Value> = overdue.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|p| &p["id"])
            .collect();
        assert_eq!(ids, [&late["id"]]);
        let all = app.get("/api/v1/problems", &office).await;
        assert_eq!(all.body["total"], 2);
        let owner = app.token("yibao-tb").await;
        assert_eq!(app.get("/api/v1/problems", &owner).await.body["total"], 2);
        let other = app.token("tb-jiaoyu").await;
        assert_eq!(app.get("/api/v1/problems", &other).await.body["total"], 0);
        let bad = app.get("/api/v1/problems?state=bogus", &office).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    }
}

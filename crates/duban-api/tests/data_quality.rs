//! The data-quality risk score and the spot-check list over HTTP: the score of the
//! demo's units and items as the domain computes it from their approved reports, and a
//! spot check the office records, kept with its score and in the entity's history.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn the_office_reads_each_score_with_its_parts_and_the_proposed_list_is_sorted() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let a = app.get("/api/v1/plans/1/data-quality", &office).await;
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
        let scores = a.body["scores"].as_array().expect("scores");
        assert!(!scores.is_empty(), "the demo's approved reports are scored");
        for s in scores {
            let parts = s["parts"].as_array().expect("parts");
            let sum: u64 = parts
                .iter()
                .map(|p| p["points"].as_u64().expect("points"))
                .sum();
            assert_eq!(s["score"].as_u64(), Some(sum.min(100)), "{s}");
            for p in parts {
                assert_eq!(
                    p["points"].as_u64(),
                    Some(p["weight"].as_u64().expect("w") * p["count"].as_u64().expect("n"))
                );
                assert_eq!(
                    p["evidence"].as_array().map(Vec::len),
                    p["count"].as_u64().map(|n| n as usize)
                );
            }
        }
        let threshold = a.body["threshold"].as_u64().expect("threshold");
        let proposed: Vec<u64> = a.body["proposed"]
            .as_array()
            .expect("proposed")
            .iter()
            .map(|s| s["score"].as_u64().expect("score"))
            .collect();
        assert!(proposed.iter().all(|s| *s >= threshold));
        assert!(proposed.windows(2).all(|w| w[0] >= w[1]), "{proposed:?}");

        let unit = app
            .get("/api/v1/plans/1/data-quality", &app.token("yibao-tb").await)
            .await;
        assert_eq!(
            unit.status,
            StatusCode::FORBIDDEN,
            "units do not see each other's scores"
        );
        assert!(unit.is_problem());
    }
}

#[tokio::test]
async fn a_recorded_spot_check_keeps_its_score_and_is_in_history() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let yibao = app.unit("yibao");
        let before: Value = app.get("/api/v1/plans/1/data-quality", &office).await.body;
        let score = before["scores"]
            .as_array()
            .expect("scores")
            .iter()
            .find(|s| s["subject"] == "unit" && s["subject_id"] == yibao)
            .map_or(0, |s| s["score"].as_u64().expect("score"));
        let made = app
            .post(
                "/api/v1/plans/1/spot-checks",
                &office,
                json!({"subject": "unit", "subject_id": yibao, "outcome": "discrepancy",
                       "note": "抽查3家定点医疗机构,1家尚未开通"}),
            )
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{:?}", made.body);
        assert_eq!(made.body["outcome_label"], "发现不实");
        assert_eq!(made.body["score"].as_u64(), Some(score));
        let id = made.body["id"].as_i64().expect("id");
        let after = app.get("/api/v1/plans/1/data-quality", &office).await.body;
        assert_eq!(after["checks"][0]["id"].as_i64(), Some(id));
        // Kept in history (and so in the audit log) as the store's other entities are.
        let h = app.store.history("spot_check", id).await.expect("history");
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].data["outcome"], "discrepancy");

        let bad = app
            .post(
                "/api/v1/plans/1/spot-checks",
                &office,
                json!({"subject": "unit", "subject_id": yibao, "outcome": "fine", "note": ""}),
            )
            .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{:?}",
            bad.body
        );
        let missing = app
            .post(
                "/api/v1/plans/1/spot-checks",
                &office,
                json!({"subject": "item", "subject_id": 999_999, "outcome": "confirmed", "note": "抽查"}),
            )
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{:?}", missing.body);
        let again = app.get("/api/v1/plans/1/data-quality", &office).await.body;
        assert_eq!(
            again["checks"].as_array().map(Vec::len),
            Some(1),
            "bad input changed nothing"
        );
    }
}

#[tokio::test]
async fn the_office_records_a_check_on_the_quality_page_and_units_are_refused_it() {
    use common::pages::{browser, get, html_problems, post_form, session};
    for app in apps().await {
        let http = browser();
        let cookie = session(&app, &http, "ducha").await;
        let res = get(&http, &app, "/quality", &cookie).await;
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.expect("html");
        assert!(html.contains("<h2>抽查清单</h2>"), "{html}");
        assert_eq!(html_problems(&html), Vec::<String>::new());

        let item = app
            .get("/api/v1/plans/1", &app.token("ducha").await)
            .await
            .body["areas"][0]["items"][0]["id"]
            .as_i64()
            .expect("an item");
        let id = item.to_string();
        let res = post_form(
            &http,
            &app,
            "/quality",
            &cookie,
            &[
                ("subject", "item"),
                ("subject_id", &id),
                ("outcome", "confirmed"),
                ("note", "调阅原始台账,数据属实"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let html = get(&http, &app, "/quality?ok=1", &cookie)
            .await
            .text()
            .await
            .expect("html");
        assert!(
            html.contains("已记录抽查结果。") && html.contains("调阅原始台账,数据属实"),
            "{html}"
        );

        let res = post_form(
            &http,
            &app,
            "/quality",
            &cookie,
            &[
                ("subject", "item"),
                ("subject_id", &id),
                ("outcome", "fine"),
                ("note", "x"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.expect("html").contains("抽查结果须为"));

        let unit = session(&app, &http, "yibao-tb").await;
        assert_eq!(
            get(&http, &app, "/quality", &unit).await.status(),
            StatusCode::FORBIDDEN
        );
    }
}

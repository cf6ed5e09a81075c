//! 目标调整 through the API: the lead unit asks, the office approves, and the change is
//! shown wherever the target is shown, with the target before it.

mod common;

use common::apps;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn an_approved_target_change_shows_beside_the_target_in_every_view() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let reporter = app.token("yibao-tb").await;
        let plan = app.get("/api/v1/plans/1", &office).await.body;
        let item = plan["areas"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|a| a["items"].as_array().into_iter().flatten())
            .filter(|i| i["lead_unit_id"] == app.unit("yibao"))
            .find(|i| {
                let ind = &i["indicators"][0];
                ind["regions"] == json!([])
                    && ind["target"].is_number()
                    && ind["quarterly"].is_null()
            })
            .expect("an item of 市医疗保障局 with a plain target")
            .clone();
        let ind = &item["indicators"][0];
        let (id, before) = (ind["id"].as_i64().expect("id"), ind["target"].clone());
        let raised = before.as_f64().expect("a target") + 10.0;
        let asked = app
            .post(
                &format!("/api/v1/indicators/{id}/target-changes"),
                &reporter,
                json!({"target": raised, "reason": "省里追加任务"}),
            )
            .await;
        assert_eq!(asked.status.as_u16(), 201, "{asked:?}");
        assert!(asked.body["after"]["target"].as_f64() == Some(raised));
        // Not shown while it waits.
        let shown = app
            .get(&format!("/api/v1/indicators/{id}"), &office)
            .await
            .body;
        assert!(shown.get("target_adjustments").is_none(), "{shown}");
        let change = asked.body["id"].as_i64().expect("id");
        let decided = app
            .change(
                Method::POST,
                &format!("/api/v1/target-changes/{change}/decision"),
                &office,
                &asked.etag(),
                json!({"approve": true, "note": "同意"}),
            )
            .await;
        assert_eq!(decided.status.as_u16(), 200, "{decided:?}");
        let item_id = item["id"].as_i64().expect("item");
        for path in [
            format!("/api/v1/indicators/{id}"),
            format!("/api/v1/items/{item_id}"),
            "/api/v1/plans/1".to_string(),
        ] {
            let body = app.get(&path, &office).await.body;
            let found = std::iter::once(&body)
                .chain(body["indicators"].as_array().into_iter().flatten())
                .chain(
                    body["areas"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .flat_map(|a| a["items"].as_array().into_iter().flatten())
                        .flat_map(|i| i["indicators"].as_array().into_iter().flatten()),
                )
                .find(|x| x["id"] == id && x.get("target").is_some() && x.get("kind").is_some())
                .unwrap_or_else(|| panic!("{path}: no indicator {id}"));
            assert_eq!(found["target"].as_f64(), Some(raised), "{path}");
            let adj = &found["target_adjustments"][0];
            assert_eq!(
                (&adj["target_before"], adj["target_after"].as_f64()),
                (&before, Some(raised)),
                "{path}"
            );
            assert_eq!(adj["reason"], "省里追加任务", "{path}");
        }
    }
}

//! 一表通: each unit's list of what it owes in a period, prefilled.

mod common;

use common::apps;
use reqwest::StatusCode;
use serde_json::Value;

fn task<'a>(tasks: &'a Value, title: &str) -> &'a Value {
    tasks["tasks"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["item_title"] == title)
        .unwrap_or_else(|| panic!("no task {title} in {tasks}"))
}

#[tokio::test]
async fn a_region_owes_its_share_and_the_lead_unit_the_city_wide_figures() {
    for app in apps().await {
        let period = app.loaded.period_id.0;
        let yishui = app.token("tb-yishui").await;
        let t = app
            .get(&format!("/api/v1/periods/{period}/tasks"), &yishui)
            .await;
        assert_eq!(t.status, StatusCode::OK, "{t:?}");
        assert_eq!(t.body["label"], "2019-05");
        assert_eq!(t.body["unit_id"], app.unit("yishui"));
        let schools = task(&t.body, "特殊教育学校建设");
        assert_eq!(schools["capacity"], "region");
        assert_eq!(schools["state"], "approved");
        let stage = schools["figures"]
            .as_array()
            .expect("figures")
            .iter()
            .find(|f| f["kind"] == "stage")
            .expect("the stage indicator");
        assert_eq!(stage["region_id"], app.unit("yishui"));
        assert_eq!(stage["last_approved"]["stage"], "规划设计");
        assert_eq!(t.body["outstanding"], 0);

        // The lead unit of 异地就医 owes the city-wide figures, prefilled with May's.
        let yibao = app.token("yibao-tb").await;
        let t = app
            .get(&format!("/api/v1/periods/{period}/tasks"), &yibao)
            .await;
        let hosp = task(&t.body, "异地就医联网结算");
        assert_eq!(hosp["capacity"], "lead");
        let first = &hosp["figures"][0];
        assert_eq!(first["region_id"], Value::Null);
        assert_eq!(first["last_approved"]["value"], 57);
    }
}

#[tokio::test]
async fn only_the_units_own_people_and_the_office_see_its_tasks() {
    for app in apps().await {
        let period = app.loaded.period_id.0;
        let yishui = app.unit("yishui");
        let other = app.token("yibao-tb").await;
        let a = app
            .get(
                &format!("/api/v1/periods/{period}/tasks?unit_id={yishui}"),
                &other,
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let office = app.token("ducha").await;
        let a = app
            .get(&format!("/api/v1/periods/{period}/tasks"), &office)
            .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(a.is_problem());
        let a = app
            .get(
                &format!("/api/v1/periods/{period}/tasks?unit_id={yishui}"),
                &office,
            )
            .await;
        assert_eq!(a.status, StatusCode::OK);
        let admin = app.token("xitong").await;
        let a = app
            .get(&format!("/api/v1/periods/{period}/tasks"), &admin)
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_unit_with_nothing_new_confirms_no_change_in_one_step() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let june = app
            .post(
                &format!("/api/v1/plans/{}/periods", app.loaded.plan_id.0),
                &office,
                serde_json::json!({"label": "2019-06"}),
            )
            .await;
        assert_eq!(june.status, StatusCode::CREATED, "{june:?}");
        let june = june.body["id"].as_i64().expect("id");
        let yibao = app.token("yibao-tb").await;
        let path = format!("/api/v1/periods/{june}/no-change");
        let done = app.post(&path, &yibao, serde_json::json!({})).await;
        assert_eq!(done.status, StatusCode::OK, "{done:?}");
        assert_eq!(
            done.body["submitted"].as_array().map(Vec::len),
            Some(5),
            "{done:?}"
        );
        assert_eq!(done.body["need_reasons"], serde_json::json!([]));
        let t = app
            .get(&format!("/api/v1/periods/{june}/tasks"), &yibao)
            .await;
        assert_eq!(t.body["outstanding"], 0);
        let hosp = task(&t.body, "异地就医联网结算");
        assert_eq!(hosp["state"], "submitted");
        let report = app
            .get(&format!("/api/v1/reports/{}", hosp["report_id"]), &yibao)
            .await;
        assert!(
            report.body["figures"]
                .as_array()
                .expect("figures")
                .iter()
                .any(|f| f["value"] == 57)
        );
        assert_eq!(report.body["narrative"], "本期无新变化");
        // Nothing is left to confirm the second time; another unit's reporter may not.
        let again = app.post(&path, &yibao, serde_json::json!({})).await;
        assert_eq!(again.body["submitted"], serde_json::json!([]));
        let other = app.token("tb-jiaoyu").await;
        let denied = app
            .post(
                &path,
                &other,
                serde_json::json!({"unit_id": app.unit("yibao")}),
            )
            .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
    }
}

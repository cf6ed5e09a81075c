//! The cockpit's watch parts over HTTP: the item × region grid, overdue problems and
//! the reports an open period still misses.

mod common;

use common::pages::{browser, session};
use common::{TestApp, apps};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn cockpit(app: &TestApp, cookie: &str) -> String {
    let res = browser()
        .get(format!("{}/cockpit", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.expect("html")
}

/// The text between `start` (included) and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    let rest = &html[from..];
    &rest[..rest.find(end).map_or(rest.len(), |e| e + end.len())]
}

/// The worst judged status of a region's parts, as the cockpit combines them.
fn worst<'a>(parts: &[(&'a str, &'a str)]) -> (&'a str, &'a str) {
    const ORDER: [&str; 6] = [
        "seriously_lagging",
        "lagging",
        "not_started",
        "on_track",
        "done",
        "exceeded",
    ];
    ORDER
        .iter()
        .find_map(|s| parts.iter().find(|(p, _)| p == s).copied())
        .unwrap_or(("unassessed", "待评估"))
}

/// The demo item with this title in the API's plan view.
fn item<'a>(plan: &'a Value, title: &str) -> &'a Value {
    plan["areas"]
        .as_array()
        .expect("areas")
        .iter()
        .flat_map(|a| a["items"].as_array().expect("items"))
        .find(|i| i["title"] == title)
        .unwrap_or_else(|| panic!("no {title}"))
}

#[tokio::test]
async fn the_grid_shows_each_regional_items_status_per_region_as_the_ledger_judges_it() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let plan = app.get("/api/v1/plans/1", &office).await.body;
        let special = item(&plan, "特殊教育学校建设");
        let id = special["id"].as_i64().expect("id");
        // Per region, the statuses of the item's indicators there.
        let mut by_region: std::collections::BTreeMap<i64, Vec<(&str, &str)>> = Default::default();
        for ind in special["indicators"].as_array().expect("indicators") {
            for r in ind["regional"].as_array().expect("regional") {
                by_region
                    .entry(r["region_id"].as_i64().expect("region"))
                    .or_default()
                    .push((
                        r["status"].as_str().expect("status"),
                        r["status_label"].as_str().expect("label"),
                    ));
            }
        }
        assert_eq!(by_region.len(), 5, "{special}");

        let html = cockpit(&app, &session(&app, &browser(), "ducha").await).await;
        let grid = between(&html, "<table class=\"grid\">", "</table>");
        let head = between(grid, "<thead>", "</thead>");
        let columns: Vec<&str> = head
            .split("<th scope=\"col\">")
            .skip(2)
            .map(|c| c.split("</th>").next().expect("th"))
            .collect();
        assert_eq!(columns.first(), Some(&"市本级"), "{head}");
        assert_eq!(columns.len(), 17, "{head}");
        let row = between(grid, &format!("<tr id=\"grid-{id}\">"), "</tr>");
        assert!(row.contains(&format!("<a href=\"/items/{id}\">")), "{row}");
        let cells: Vec<&str> = row
            .split("<td>")
            .skip(1)
            .map(|c| c.split("</td>").next().expect("td"))
            .collect();
        assert_eq!(cells.len(), columns.len());
        assert_eq!(cells.iter().filter(|c| !c.is_empty()).count(), 5, "{row}");
        for (region, parts) in &by_region {
            let name = app
                .get(&format!("/api/v1/units/{region}"), &office)
                .await
                .body["name"]
                .as_str()
                .expect("name")
                .to_string();
            let col = columns
                .iter()
                .position(|c| *c == name)
                .unwrap_or_else(|| panic!("no column {name}"));
            let (class, label) = worst(parts);
            assert_eq!(
                cells[col],
                format!("<span class=\"badge {class}\">{label}</span>"),
                "{name}: {parts:?}"
            );
        }
    }
}

#[tokio::test]
async fn an_overdue_problem_is_listed_with_its_unit_and_deadline() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let cookie = session(&app, &browser(), "ducha").await;
        let title = "特教学校装修进度缓慢";
        let a = app
            .post(
                "/api/v1/problems",
                &office,
                json!({
                    "plan_id": app.loaded.plan_id.0,
                    "owner_unit_id": app.unit("jiaoyu"),
                    "title": title,
                    "description": "装修工程未按计划推进",
                    "deadline": "2019-06-30",
                }),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
        let id = a.body["id"].as_i64().expect("id");
        // On its deadline it is not overdue yet; the day after it is.
        app.clock
            .set(Some(duban_domain::Date::parse("2019-06-30").expect("day")));
        let html = cockpit(&app, &cookie).await;
        assert!(!html.contains(title), "not overdue yet");
        app.clock
            .set(Some(duban_domain::Date::parse("2019-07-01").expect("day")));
        let html = cockpit(&app, &cookie).await;
        let row = between(&html, &format!("<tr id=\"overdue-{id}\">"), "</tr>");
        let unit = app
            .get(&format!("/api/v1/units/{}", app.unit("jiaoyu")), &office)
            .await
            .body["name"]
            .as_str()
            .expect("name")
            .to_string();
        assert!(
            row.contains(&format!("<a href=\"/problems\">{title}</a>"))
                && row.contains(&format!("<td>{unit}</td>"))
                && row.contains("<td>2019-06-30</td>"),
            "{row}"
        );
    }
}

#[tokio::test]
async fn a_new_period_lists_the_missing_reports_until_a_unit_submits() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let cookie = session(&app, &browser(), "ducha").await;
        let plan = app.get("/api/v1/plans/1", &office).await.body;
        let special = item(&plan, "特殊教育学校建设")["id"].as_i64().expect("id");
        let a = app
            .post(
                "/api/v1/plans/1/periods",
                &office,
                json!({"label": "2019-06", "deadline": "2019-07-05"}),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
        let period = a.body["id"].as_i64().expect("id");
        let unit = app
            .get(&format!("/api/v1/units/{}", app.unit("jiaoyu")), &office)
            .await
            .body["name"]
            .as_str()
            .expect("name")
            .to_string();
        let row_of = |html: &str| {
            between(html, &format!("<tr><th scope=\"row\">{unit}</th>"), "</tr>").to_string()
        };
        let link = format!("<a href=\"/items/{special}\">");
        let html = cockpit(&app, &cookie).await;
        let missing = between(&html, "<table class=\"missing\">", "</table>");
        assert!(missing.contains("2019-06") || html.contains("<dd>2019-06</dd>"));
        assert!(row_of(missing).contains(&link), "{missing}");
        // Regions owe their shares of it too.
        assert!(
            missing.matches(&link).count() > 1,
            "the lead unit and the regions: {missing}"
        );

        // 教育局, the lead unit, submits its report on the item: gone from its row.
        let tb = app.token("tb-jiaoyu").await;
        let r = app
            .post(
                "/api/v1/reports",
                &tb,
                json!({"period_id": period, "item_id": special, "figures": [],
                       "narrative": "各县区特殊教育学校建设按计划推进"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let report = r.body["id"].as_i64().expect("id");
        let html = cockpit(&app, &cookie).await;
        assert!(row_of(&html).contains(&link), "a draft is still missing");
        let path = format!("/api/v1/reports/{report}");
        let checks = app.get(&format!("{path}/checks"), &tb).await.body;
        let reasons: serde_json::Map<String, Value> = checks
            .as_array()
            .map(|w| {
                w.iter()
                    .map(|w| (w["key"].as_str().expect("key").to_string(), json!("已核实")))
                    .collect()
            })
            .unwrap_or_default();
        let tag = app.get(&path, &tb).await.etag();
        let s = app
            .call(
                reqwest::Method::POST,
                &format!("{path}/submit"),
                Some(&tb),
                Some(json!({"reasons": reasons})),
                &[("if-match", &tag)],
            )
            .await;
        assert_eq!(s.status, StatusCode::OK, "{s:?}");
        let html = cockpit(&app, &cookie).await;
        let missing = between(&html, "<table class=\"missing\">", "</table>");
        let still = missing
            .find(&format!("<tr><th scope=\"row\">{unit}</th>"))
            .is_some_and(|_| row_of(missing).contains(&link));
        assert!(!still, "{missing}");
        // The regions still owe theirs.
        assert!(missing.contains(&link), "{missing}");
    }
}

//! Optimistic concurrency under load: in 1,000 races of 2 to 16 writers changing one
//! report with the same `If-Match`, exactly one wins each race (200), every other
//! gets 412 naming the new version, and the winner's change is what is stored — no
//! update lost, none applied twice. `DUBAN_RACES` sizes it (1,000 by default).

mod common;

use common::{TestApp, apps};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// 教育局's draft on 特殊教育学校建设 in a fresh period: (path, its ETag).
async fn draft(app: &TestApp, tb: &str) -> (String, String) {
    let body = app.draft_in_new_period().await;
    let r = app.post("/api/v1/reports", tb, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    (format!("/api/v1/reports/{}", r.body["id"]), r.etag())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_race_of_writers_on_one_version_has_exactly_one_winner_and_loses_no_update() {
    let races: usize = std::env::var("DUBAN_RACES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    for app in apps().await {
        let tb = app.token("tb-jiaoyu").await;
        let (path, mut etag) = draft(&app, &tb).await;
        let url = format!("{}{path}", app.base);
        let mut writers_total = 0;
        for race in 0..races {
            let writers = 2 + race % 15;
            writers_total += writers;
            let mut set = tokio::task::JoinSet::new();
            for w in 0..writers {
                let req = app
                    .http
                    .patch(&url)
                    .bearer_auth(&tb)
                    .header("if-match", &etag)
                    .json(&json!({ "narrative": format!("第{race}轮 第{w}人") }));
                set.spawn(async move {
                    let res = req.send().await.expect("send");
                    let status = res.status();
                    let tag = res
                        .headers()
                        .get("etag")
                        .map(|t| t.to_str().expect("etag").to_string());
                    let body: Value = res.json().await.expect("json");
                    (w, status, tag, body)
                });
            }
            let mut winners = Vec::new();
            for (w, status, tag, body) in set.join_all().await {
                match status {
                    StatusCode::OK => winners.push((w, tag.expect("etag"), body)),
                    StatusCode::PRECONDITION_FAILED => {
                        assert_eq!(body["code"], "stale", "{body}");
                    }
                    s => panic!("race {race} writer {w}: {s} {body}"),
                }
            }
            assert_eq!(winners.len(), 1, "race {race}: {winners:?}");
            let (w, tag, _) = winners.remove(0);
            let now = app.get(&path, &tb).await;
            assert_eq!(
                now.etag(),
                tag,
                "race {race}: the winner's version is current"
            );
            assert_eq!(now.body["narrative"], format!("第{race}轮 第{w}人"));
            etag = tag;
        }
        let versions = app.get(&format!("{path}/versions"), &tb).await;
        let n = versions.body["versions"]
            .as_array()
            .expect("versions")
            .len();
        assert_eq!(n, races + 1, "one version per race, after the draft's own");
        println!(
            "{}: {races} races, {writers_total} writers, {races} winners",
            app.db
        );
    }
}

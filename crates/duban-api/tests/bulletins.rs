//! 督查专报 over HTTP: a series numbered from 17, a draft of the demo's May figures,
//! issuing refused until the 意见建议 are written, an issued bulletin frozen while the
//! data moves on, and two clients issuing at once getting consecutive numbers.

mod common;

use common::{TestApp, apps};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A series of the demo plan whose first issue is `first`; its id.
async fn series(app: &TestApp, office: &str, name: &str, first: i64) -> i64 {
    let a = app
        .post(
            "/api/v1/plans/1/series",
            office,
            json!({"name": name, "issuer": "市政府督查室", "first_number": first}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    a.body["id"].as_i64().expect("id")
}

/// A draft of the series for May 2019 with `edits`; its view.
async fn drafted(app: &TestApp, office: &str, series: i64, edits: Value) -> Value {
    let a = app
        .post(
            &format!("/api/v1/series/{series}/bulletins"),
            office,
            json!({"period_id": 1, "issue_date": "2019-07-12", "edits": edits}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    a.body
}

async fn issue(app: &TestApp, office: &str, id: i64) -> common::Answer {
    let etag = app
        .get(&format!("/api/v1/bulletins/{id}"), office)
        .await
        .etag();
    app.call(
        Method::POST,
        &format!("/api/v1/bulletins/{id}/issue"),
        Some(office),
        None,
        &[("if-match", &etag)],
    )
    .await
}

async fn markdown(app: &TestApp, token: &str, id: i64) -> String {
    let a = app
        .get(&format!("/api/v1/bulletins/{id}/document?format=md"), token)
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    assert_eq!(a.headers["content-type"], "text/markdown; charset=utf-8");
    a.text
}

#[tokio::test]
async fn a_draft_is_issued_once_its_suggestions_are_written_and_then_never_changes() {
    for app in apps().await {
        let office = app.token("ducha").await;
        // The demo's series goes on from the seed's issue 17.
        let listed = app.get("/api/v1/plans/1/series", &office).await;
        assert_eq!(listed.body[0]["name"], "督查专报");
        let s = listed.body[0]["id"].as_i64().expect("series");
        let bare = drafted(&app, &office, s, json!({})).await;
        assert_eq!(
            (bare["state"].as_str(), bare["number"].as_i64()),
            (Some("draft"), Some(17))
        );
        assert!(
            bare["blockers"]
                .as_array()
                .expect("blockers")
                .iter()
                .any(|b| b["location"]
                    .as_str()
                    .is_some_and(|l| l.contains("意见建议"))),
            "{}",
            bare["blockers"]
        );
        let refused = issue(&app, &office, bare["id"].as_i64().expect("id")).await;
        assert_eq!(refused.status, StatusCode::CONFLICT);
        assert_eq!(refused.body["code"], "issue_blocked");

        // The office writes its suggestions: nothing blocks, the draft reads like the seed.
        let id = bare["id"].as_i64().expect("id");
        let etag = app
            .get(&format!("/api/v1/bulletins/{id}"), &office)
            .await
            .etag();
        let edited = app
            .change(
                Method::PATCH,
                &format!("/api/v1/bulletins/{id}"),
                &office,
                &etag,
                json!({"edits": {"recommendations": ["加快推进滞后事项,确保年底前全部完成。"]}}),
            )
            .await;
        assert_eq!(edited.status, StatusCode::OK, "{edited:?}");
        assert_eq!(edited.body["blockers"], json!([]));
        let md = markdown(&app, &office, id).await;
        for line in [
            "第17期",
            "(一)特殊群体关爱服务保障方面。",
            "31419人",
            "5.01亿元",
            "三、意见建议",
            "加快推进滞后事项",
        ] {
            assert!(md.contains(line), "{line} missing from {md}");
        }
        let leader = app.token("lingdao").await;
        assert_eq!(
            markdown(&app, &leader, id).await,
            md,
            "the same draft for every reader"
        );

        // Word and PDF, to save: the DOCX is a ZIP, the PDF comes from LibreOffice.
        for (format, magic, kind) in [
            (
                "docx",
                &b"PK\x03\x04"[..],
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            ("pdf", &b"%PDF"[..], "application/pdf"),
        ] {
            let res = app
                .http
                .get(format!(
                    "{}/api/v1/bulletins/{id}/document?format={format}",
                    app.base
                ))
                .bearer_auth(&leader)
                .send()
                .await
                .expect("download");
            assert_eq!(res.status(), StatusCode::OK, "{format}");
            assert_eq!(res.headers()["content-type"], kind);
            assert_eq!(
                res.headers()["content-disposition"],
                format!("attachment; filename=\"bulletin-{id}.{format}\"").as_str()
            );
            let bytes = res.bytes().await.expect("bytes");
            assert!(bytes.starts_with(magic), "{format}");
        }

        // Issued: number 17, the series moves on to 18.
        let issued = issue(&app, &office, id).await;
        assert_eq!(issued.status, StatusCode::OK, "{issued:?}");
        assert_eq!(
            (
                issued.body["state"].as_str(),
                issued.body["number"].as_i64()
            ),
            (Some("issued"), Some(17))
        );
        let listed = app.get("/api/v1/plans/1/series", &office).await;
        assert_eq!(listed.body[0]["next_number"], 18);
        let again = app
            .change(
                Method::PATCH,
                &format!("/api/v1/bulletins/{id}"),
                &office,
                &issued.etag(),
                json!({"issue_date": "2019-07-13"}),
            )
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(again.body["code"], "bulletin_issued");

        // A figure changes afterwards (31419 → 31500 children): the issue keeps what it
        // printed, a new draft prints the new figure.
        let before = markdown(&app, &office, id).await;
        approve_new_figure(&app, &office).await;
        assert_eq!(markdown(&app, &office, id).await, before);
        let next = drafted(&app, &office, s, json!({"recommendations": ["继续推进。"]})).await;
        let md = markdown(&app, &office, next["id"].as_i64().expect("id")).await;
        assert!(md.contains("31500人") && !md.contains("31419人"), "{md}");
        assert!(md.contains("第18期"), "{md}");
    }
}

/// 市教育局 reports 31500 children checked on item 2 (控辍保学), through review and approval.
async fn approve_new_figure(app: &TestApp, office: &str) {
    let token = app.token("tb-jiaoyu").await;
    let task = app.returned_task(&token, 2).await;
    let report = task["report_id"].as_i64().expect("report");
    let path = format!("/api/v1/reports/{report}");
    let mut figures: Vec<Value> = task["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .map(|f| f["last_approved"].clone())
        .collect();
    figures[0]["value"] = json!(31500);
    let etag = app.get(&path, &token).await.etag();
    let a = app
        .change(
            Method::PATCH,
            &path,
            &token,
            &etag,
            json!({"figures": figures}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    for (who, action) in [
        ("tb-jiaoyu", "submit"),
        ("sh-jiaoyu", "review"),
        ("ducha", "approve"),
    ] {
        let t = if who == "ducha" {
            office.to_string()
        } else {
            app.token(who).await
        };
        let etag = app.get(&path, &t).await.etag();
        let a = app
            .change(
                Method::POST,
                &format!("{path}/{action}"),
                &t,
                &etag,
                json!({}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{who} {action}: {a:?}");
    }
}

#[tokio::test]
async fn two_clients_issuing_at_once_get_consecutive_numbers() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let s = series(&app, &office, "督查通报", 5).await;
        let ready = json!({"recommendations": ["加快推进。"]});
        let a = drafted(&app, &office, s, ready.clone()).await["id"]
            .as_i64()
            .expect("id");
        let b = drafted(&app, &office, s, ready).await["id"]
            .as_i64()
            .expect("id");
        let other = app.token("ducha").await;
        let (x, y) = tokio::join!(issue(&app, &office, a), issue(&app, &other, b));
        assert_eq!(
            (x.status, y.status),
            (StatusCode::OK, StatusCode::OK),
            "{x:?} {y:?}"
        );
        let mut numbers = [x.body["number"].as_i64(), y.body["number"].as_i64()];
        numbers.sort_unstable();
        assert_eq!(numbers, [Some(5), Some(6)]);
    }
}

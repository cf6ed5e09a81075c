//! Two `duban serve` processes over one PostgreSQL database serve the same people as
//! one would: a session made on one is good on the other and ends on both; bulletins
//! issued through both at once take each number once, in sequence; reminders queued
//! once are sent once, whichever worker takes them. PostgreSQL only: SQLite is one
//! server's database.

mod common;

use std::collections::BTreeSet;

use duban_notify::testing::SmtpSink;
use duban_store::Store;
use duban_store::outbox::Channels;
use duban_store::testing::TestDb;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// Drafts issued at once, half through each server.
const ISSUES: usize = 8;

async fn get(http: &Client, base: &str, path: &str, token: &str) -> StatusCode {
    http.get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("get")
        .status()
}

/// A draft of the demo's May bulletin with its suggestions written: ready to issue.
/// Its id and ETag.
async fn draft(http: &Client, base: &str, token: &str) -> (i64, String) {
    let answer = http
        .post(format!("{base}/api/v1/series/1/bulletins"))
        .bearer_auth(token)
        .json(&json!({
            "period_id": 1,
            "issue_date": "2019-06-12",
            "edits": {"recommendations": ["加快推进滞后事项,确保年底前全部完成。"]},
        }))
        .send()
        .await
        .expect("draft");
    assert_eq!(answer.status(), StatusCode::CREATED);
    let etag = answer.headers()["etag"].to_str().expect("etag").to_string();
    let b: Value = answer.json().await.expect("json");
    (b["id"].as_i64().expect("id"), etag)
}

#[tokio::test(flavor = "multi_thread")]
async fn two_servers_on_one_postgresql_share_sessions_numbers_and_reminders() {
    let Some(db) = TestDb::postgres().await else {
        println!("skipped: no PostgreSQL (DUBAN_TEST_DATABASE_URL)");
        return;
    };
    common::demo_with_open_june(&db.url).await;
    let store = Store::open(&db.url)
        .await
        .expect("open")
        .with_channels(Channels {
            email: true,
            webhook: false,
        });
    let (unit, addresses) = common::unit_with_reporters(&store, 12).await;
    let sink = SmtpSink::start().await.expect("sink");
    let smtp = sink.url();
    let evidence = std::env::temp_dir().join(format!("duban-two-{}", std::process::id()));
    let a = common::serve(&db.url, &evidence, &common::mailing(&smtp));
    let b = common::serve(&db.url, &evidence, &common::mailing(&smtp));
    let http = Client::new();

    // Sessions: made on A, good on B; ended on B, refused on A.
    let office = common::login(&http, &a.base, "ducha", "ducha-demo-2019").await;
    assert_eq!(get(&http, &b.base, "/api/v1/me", &office).await, 200);
    let leader = common::login(&http, &a.base, "lingdao", "lingdao-demo-2019").await;
    let out = http
        .post(format!("{}/api/v1/auth/logout", b.base))
        .bearer_auth(&leader)
        .send()
        .await
        .expect("logout");
    assert!(out.status().is_success(), "{}", out.status());
    assert_eq!(get(&http, &a.base, "/api/v1/me", &leader).await, 401);
    assert_eq!(get(&http, &b.base, "/api/v1/me", &leader).await, 401);

    // Numbering: drafts made through both, issued through both at once.
    let mut drafts = Vec::new();
    for k in 0..ISSUES {
        let base = if k % 2 == 0 { &a.base } else { &b.base };
        drafts.push((base.clone(), draft(&http, base, &office).await));
    }
    let sends = drafts.into_iter().map(|(base, (id, etag))| {
        let (http, office) = (http.clone(), office.clone());
        tokio::spawn(async move {
            let answer = http
                .post(format!("{base}/api/v1/bulletins/{id}/issue"))
                .bearer_auth(&office)
                .header("If-Match", etag)
                .send()
                .await
                .expect("issue");
            assert_eq!(answer.status(), 200, "issuing {id}");
            let issued: Value = answer.json().await.expect("json");
            issued["number"].as_i64().expect("a number")
        })
    });
    let mut numbers = Vec::new();
    for s in sends {
        numbers.push(s.await.expect("task"));
    }
    let distinct: BTreeSet<i64> = numbers.iter().copied().collect();
    let expected: BTreeSet<i64> = (17..17 + ISSUES as i64).collect();
    assert_eq!(
        distinct, expected,
        "each number once, in sequence: {numbers:?}"
    );

    // Reminders: queued once, both workers polling, each mail sent once.
    common::remind(&store, unit, "two-instances").await;
    let mails = common::settled_mails(&store, &sink, addresses.len()).await;
    assert_eq!(
        mails.len(),
        addresses.len(),
        "each reminder once: {mails:#?}"
    );
    for address in &addresses {
        let got = mails
            .iter()
            .filter(|m| m.to.iter().any(|t| t == address))
            .count();
        assert_eq!(got, 1, "{address}");
    }
    drop((a, b));
    store.close().await;
    let _ = std::fs::remove_dir_all(&evidence);
}

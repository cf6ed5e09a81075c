//! `duban gen`: the same profile and seed make the same data on every database, the
//! data is whole (integrity, audit chain), and a server serves it to the demo accounts.

mod common;

use std::process::{Command, Output};

use duban_store::Store;
use duban_store::testing::TestDb;
use serde_json::{Value, json};

fn duban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(args)
        .env_remove("DUBAN_DATABASE_URL")
        .output()
        .expect("run duban")
}

/// `duban gen` into `url`; what it printed.
fn generate(url: &str, profile: &str, seed: &str) -> String {
    let out = duban(&[
        "gen",
        "--database-url",
        url,
        "--profile",
        profile,
        "--seed",
        seed,
    ]);
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "gen failed: {printed}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    printed
}

/// The counts `duban gen` printed, without the time it took.
fn counts(printed: &str) -> &str {
    printed.split_once(" s:").expect("a summary").1.trim()
}

/// The plan's ledger (台账) as CSV: every item, indicator and period's value.
fn ledger(url: &str) -> Vec<u8> {
    let out = duban(&[
        "export",
        "--database-url",
        url,
        "--table",
        "ledger",
        "--format",
        "csv",
        "--out",
        "-",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

async fn assert_whole(url: &str) {
    let store = Store::open(url).await.expect("open");
    assert_eq!(
        store.check_integrity().await.expect("check"),
        Vec::<String>::new()
    );
    let summary = store
        .verify_audit(None)
        .await
        .expect("verify")
        .expect("the audit chain holds");
    assert!(summary.records > 0);
    store.close().await;
}

#[tokio::test]
async fn the_same_seed_generates_the_same_city_on_every_database() {
    let first = TestDb::sqlite().await;
    let printed = generate(&first.url, "city", "7");
    assert_eq!(
        counts(&printed),
        "1 个计划 plans, 60 个单位 units, 105 个账号 accounts, 60 项实事 items, 180 个指标 indicators, \
         12 个报告期 periods, 2160 份报告 reports, 6480 个数值 figures, 4 个问题 problems"
    );
    let expected = ledger(&first.url);
    assert!(expected.len() > 10_000, "a ledger of 180 indicators");
    assert_whole(&first.url).await;

    let mut again = vec![TestDb::sqlite().await];
    again.extend(TestDb::postgres().await);
    for db in &again {
        assert_eq!(
            counts(&generate(&db.url, "city", "7")),
            counts(&printed),
            "{db}"
        );
        assert!(ledger(&db.url) == expected, "{db}: the same ledger");
        assert_whole(&db.url).await;
    }

    let other = TestDb::sqlite().await;
    generate(&other.url, "city", "8");
    assert!(ledger(&other.url) != expected, "another seed, other data");
}

#[tokio::test]
async fn gen_refuses_a_database_that_holds_a_plan_and_an_unknown_profile() {
    let db = TestDb::sqlite().await;
    generate(&db.url, "demo", "1");
    let out = duban(&["gen", "--database-url", &db.url, "--profile", "city"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("数据库中已有计划"), "{said}");

    let fresh = TestDb::sqlite().await;
    let out = duban(&["gen", "--database-url", &fresh.url, "--profile", "county"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("未知的数据规模"), "{said}");
}

#[tokio::test]
async fn a_generated_city_is_served_to_its_leader_and_its_reporters() {
    let db = TestDb::sqlite().await;
    generate(&db.url, "city", "1");
    let evidence = std::env::temp_dir().join(format!("duban-gen-ev-{}", std::process::id()));
    let server = common::serve(&db.url, &evidence, &[]);
    let http = reqwest::Client::new();
    let base = &server.base;

    let leader = common::login(&http, base, "lingdao", "lingdao-demo-2019").await;
    let plan: serde_json::Value = http
        .get(format!("{base}/api/v1/plans/1?period=2019-12"))
        .bearer_auth(&leader)
        .send()
        .await
        .expect("plan")
        .json()
        .await
        .expect("json");
    let counts = &plan["counts"];
    assert_eq!(counts["total"], 60, "{counts}");
    // About one item in six lags: the cockpit has something to show.
    assert!(
        counts["lagging"].as_u64().unwrap_or(0) + counts["seriously_lagging"].as_u64().unwrap_or(0)
            > 0,
        "{counts}"
    );

    // A department's reporter sees December's tasks, every one approved.
    let reporter = common::reporter_token(&http, base, "tb-jiaoyu").await;
    let tasks = http
        .get(format!("{base}/api/v1/periods/12/tasks"))
        .bearer_auth(&reporter)
        .send()
        .await
        .expect("tasks");
    assert_eq!(tasks.status(), 200);
    drop(server);
    let _ = std::fs::remove_dir_all(&evidence);
}

/// A POST of a workbook; the answer's status and JSON.
async fn upload(http: &reqwest::Client, url: String, token: &str, file: Vec<u8>) -> (u16, Value) {
    let res = http
        .post(url)
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(file)
        .send()
        .await
        .expect("upload");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn download(http: &reqwest::Client, url: String, token: &str) -> Vec<u8> {
    let res = http.get(url).bearer_auth(token).send().await.expect("get");
    assert_eq!(res.status(), 200);
    res.bytes().await.expect("body").to_vec()
}

#[tokio::test]
async fn on_a_generated_city_every_template_and_the_completion_table_go_round_unchanged() {
    let db = TestDb::sqlite().await;
    generate(&db.url, "city", "3");
    let evidence = std::env::temp_dir().join(format!("duban-gen-rt-{}", std::process::id()));
    // Many reporters log in from this one address.
    let server = common::serve(
        &db.url,
        &evidence,
        &["--login-attempts-per-address", "1000"],
    );
    let (http, base) = (reqwest::Client::new(), server.base.clone());
    let office = common::login(&http, &base, "ducha", "ducha-demo-2019").await;
    let ledger = format!("{base}/api/v1/plans/1/exports/ledger?format=csv");
    let before = download(&http, ledger.clone(), &office).await;

    // Every reporting unit's template for December, imported back as it came.
    let store = Store::open(&db.url).await.expect("open");
    let mut codes: Vec<String> = store
        .all_units()
        .await
        .expect("units")
        .into_iter()
        .filter(|u| matches!(u.kind.as_str(), "region" | "department"))
        .map(|u| u.code)
        .collect();
    codes.sort();
    store.close().await;
    // Every third unit, regions and departments both: each login checks a password hash.
    let codes: Vec<String> = codes.into_iter().step_by(3).collect();
    let (mut items, mut regional) = (0, 0);
    for code in &codes {
        let token = common::reporter_token(&http, &base, &format!("tb-{code}")).await;
        let file = download(&http, format!("{base}/api/v1/periods/12/template"), &token).await;
        let (status, done) = upload(
            &http,
            format!("{base}/api/v1/periods/12/import?dry_run=false"),
            &token,
            file,
        )
        .await;
        assert_eq!(status, 200, "tb-{code}: {done}");
        for i in done["items"].as_array().expect("items") {
            assert_eq!(i["action"], "unchanged", "tb-{code}: {i}");
            items += 1;
        }
        if store_is_region(code) {
            regional += done["items"].as_array().map_or(0, Vec::len);
        }
    }
    assert!(items > 0, "reports went round");
    assert!(regional > 0, "regions' reports among them");

    // The office's completion table for December, imported back: nothing changes.
    let table = download(
        &http,
        format!("{base}/api/v1/plans/1/exports/completion?period=2019-12"),
        &office,
    )
    .await;
    let (status, done) = upload(
        &http,
        format!("{base}/api/v1/periods/12/completion-table?dry_run=false"),
        &office,
        table,
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(
        (&done["created"], &done["updated"]),
        (&json!(0), &json!(0)),
        "{done}"
    );
    assert_eq!(
        download(&http, ledger, &office).await,
        before,
        "the ledger is the same"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&evidence);
}

/// The generated regions' codes: the demo's counties, and `qx…` beyond them.
fn store_is_region(code: &str) -> bool {
    code.starts_with("qx")
        || duban_demo::data::demo_data()
            .expect("demo data")
            .regions
            .iter()
            .any(|r| r.code == code)
}

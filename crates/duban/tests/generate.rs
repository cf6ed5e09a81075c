//! `duban gen`: the same profile and seed make the same data on every database, the
//! data is whole (integrity, audit chain), and a server serves it to the demo accounts.

mod common;

use std::process::{Command, Output};

use duban_store::Store;
use duban_store::testing::TestDb;

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

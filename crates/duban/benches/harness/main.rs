//! `duban bench`: one run that makes a profile's data, starts `duban serve` on loopback
//! and measures what a province asks of it, each figure beside the machine's ceiling.
//!
//! ```text
//! cargo bench -p duban --bench harness                      # city, SQLite
//! DUBAN_BENCH_PROFILE=province cargo bench -p duban --bench harness
//! DUBAN_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!     cargo bench -p duban --bench harness                  # SQLite, then PostgreSQL
//! ```
//!
//! Settings (environment): `DUBAN_BENCH_PROFILE` (city | province, default city),
//! `DUBAN_BENCH_SECONDS` (each ceiling's span, default 5), `DUBAN_BENCH_CLIENTS`
//! (reporters at once in the burst, default 64), `DUBAN_BENCH_READERS` (default 8).
//! The figures and how to read them are in docs/PERFORMANCE.md.

mod burst;
#[path = "../../tests/common/mod.rs"]
mod common;
mod load;

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use duban_store::Store;
use duban_store::testing::TestDb;
use load::ms;
use reqwest::Client;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `duban serve` on loopback: the server, and how long until it answered /healthz.
async fn start(http: &Client, url: &str, evidence: &std::path::Path) -> (common::Server, Duration) {
    let started = Instant::now();
    // Every reporter logs in from this one address.
    let server = common::serve(
        url,
        evidence,
        &[
            "--sweep-minutes",
            "0",
            "--login-attempts-per-address",
            "1000000",
        ],
    );
    while !http
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    (server, started.elapsed())
}

struct Row {
    what: String,
    figure: String,
    ceiling: String,
}

fn row(what: impl Into<String>, figure: impl Into<String>, ceiling: impl Into<String>) -> Row {
    Row {
        what: what.into(),
        figure: figure.into(),
        ceiling: ceiling.into(),
    }
}

async fn measure(db: &TestDb, profile: &str) -> Vec<Row> {
    let span = Duration::from_secs(setting("DUBAN_BENCH_SECONDS", 5) as u64);
    let clients = setting("DUBAN_BENCH_CLIENTS", 64);
    let readers = setting("DUBAN_BENCH_READERS", 8);
    let mut rows = Vec::new();

    let at = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["gen", "--database-url", &db.url, "--profile", profile])
        .env_remove("DUBAN_DATABASE_URL")
        .output()
        .expect("gen");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let generated = String::from_utf8_lossy(&out.stdout).trim().to_string();
    rows.push(row(
        "generate (duban gen)",
        format!("{:.1} s", at.elapsed().as_secs_f64()),
        generated,
    ));

    // The storage ceiling, and next year's plan to report into, before serving.
    let store = Store::open(&db.url).await.expect("open");
    let (commits, seconds) = store.probe_commits(span, 16).await.expect("probe");
    let storage = commits as f64 / seconds;
    let (last_plan, period, tasks) = burst::open_next_year(&store).await;
    let reports: usize = tasks.values().map(Vec::len).sum();
    store.close().await;

    let evidence = std::env::temp_dir().join(format!("duban-bench-{}", std::process::id()));
    let http = Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .expect("client");
    let (server, startup) = start(&http, &db.url, &evidence).await;
    let base = server.base.clone();
    rows.push(row(
        "start-up to first /healthz",
        format!("{} ms", ms(startup)),
        "target < 1000 ms",
    ));

    let (health, secs) = load::hammer(&http, &format!("{base}/healthz"), 32, span).await;
    let http_ceiling = health.count() as f64 / secs;
    rows.push(row(
        "HTTP ceiling: /healthz, 32 clients",
        format!(
            "{http_ceiling:.0} req/s, p50 {} ms, p99 {} ms",
            ms(health.quantile(0.5)),
            ms(health.quantile(0.99))
        ),
        "ceiling",
    ));
    rows.push(row(
        "storage ceiling: durable commits",
        format!("{storage:.0} commits/s"),
        "ceiling",
    ));

    // The burst, with readers on the cockpit, an item and a list all the while.
    let reporters = burst::log_in(&http, &base, tasks).await;
    let units = reporters.len();
    let leader = common::login(&http, &base, "lingdao", "lingdao-demo-2019").await;
    let paths = vec![
        format!("/api/v1/plans/{last_plan}?view=summary"),
        "/api/v1/items/1".to_string(),
        format!("/api/v1/reports?period_id={period}&per_page=50"),
    ];
    let stop = Arc::new(AtomicBool::new(false));
    let reading = {
        let (http, base, leader, stop) = (http.clone(), base.clone(), leader.clone(), stop.clone());
        tokio::spawn(
            async move { load::read_until(&http, &base, &leader, paths, readers, stop).await },
        )
    };
    let b = burst::run(&http, &base, period, reporters, clients).await;
    stop.store(true, Ordering::Relaxed);
    let reads = reading.await.expect("readers");
    let submissions = b.submitted.count() as f64 / b.seconds;
    let requests = (b.created.count() + b.submitted.count()) as f64 / b.seconds;
    rows.push(row(
        format!("month-end burst: {reports} reports by {units} units, {clients} at once"),
        format!(
            "{submissions:.0} submissions/s; submit p50 {} ms, p99 {} ms; write p99 {} ms; errors {}",
            ms(b.submitted.quantile(0.5)),
            ms(b.submitted.quantile(0.99)),
            ms(b.created.quantile(0.99)),
            b.created.errors + b.submitted.errors
        ),
        format!(
            "{:.0}% of HTTP ceiling (requests), {:.0}% of storage ceiling (2 commits each); target ≥ 2000/s, p99 < 50 ms",
            100.0 * requests / http_ceiling,
            100.0 * 2.0 * submissions / storage
        ),
    ));
    for (name, t) in ["cockpit (plan summary)", "item", "report list"]
        .iter()
        .zip(&reads)
    {
        rows.push(row(
            format!("{name} during the burst, {readers} readers"),
            format!(
                "p50 {} ms, p99 {} ms, {} answers, errors {}",
                ms(t.quantile(0.5)),
                ms(t.quantile(0.99)),
                t.count(),
                t.errors
            ),
            format!(
                "{:.1}× /healthz p99; target cockpit p99 < 20 ms",
                t.quantile(0.99).as_secs_f64() / health.quantile(0.99).as_secs_f64().max(1e-6)
            ),
        ));
    }
    for why in b.created.why.iter().chain(&b.submitted.why) {
        eprintln!("burst failure: {why}");
    }
    let (rss, peak) = load::memory_mib(server.child.id());
    rows.push(row(
        "server memory after the burst",
        format!("{rss:.0} MiB resident, {peak:.0} MiB peak"),
        "target < 200 MB",
    ));
    drop(server);
    let _ = std::fs::remove_dir_all(&evidence);
    rows
}

fn print(title: &str, rows: &[Row]) {
    println!("\n### {title}\n");
    println!("| measure | figure | beside its ceiling / target |");
    println!("| --- | --- | --- |");
    for r in rows {
        println!("| {} | {} | {} |", r.what, r.figure, r.ceiling);
    }
}

#[tokio::main]
async fn main() {
    let profile = std::env::var("DUBAN_BENCH_PROFILE").unwrap_or_else(|_| "city".into());
    for db in TestDb::all().await {
        let name = match db.dialect() {
            duban_store::Dialect::Sqlite => "SQLite",
            duban_store::Dialect::Postgres => "PostgreSQL",
        };
        let rows = measure(&db, &profile).await;
        print(&format!("{name}, profile {profile}"), &rows);
    }
}

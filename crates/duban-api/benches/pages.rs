//! How fast the pages answer on the demo data: each page requested 200 times in a row
//! by a signed-in user over loopback, against a SQLite file, after a warm-up. Prints
//! p50, p99 and the largest time per page. Run with
//! `cargo bench -p duban-api --bench pages` (a release build).

use std::time::{Duration, Instant};

use duban_api::Settings;
use duban_store::Store;

const RUNS: usize = 200;

async fn log_in(http: &reqwest::Client, base: &str, who: &str, pw: &str) -> String {
    let res = http
        .post(format!("{base}/login"))
        .form(&[("username", who), ("password", pw)])
        .send()
        .await
        .expect("login");
    res.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("cookie")
        .to_string()
}

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let file = std::env::temp_dir().join(format!("duban-bench-pages-{}.db", std::process::id()));
    let url = format!("sqlite://{}", file.display());
    let store = Store::open(&url).await.expect("store");
    let hash = |pw: &str| duban_api::auth::hash_password(pw).unwrap_or_default();
    duban_demo::load(&store, &hash).await.expect("demo data");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let settings = Settings {
        demo: true,
        evidence_dir: std::env::temp_dir().join("duban-bench-evidence"),
        ..Settings::default()
    };
    let app = duban_api::app(store.clone(), settings);
    tokio::spawn(duban_api::serve(listener, app, std::future::pending()));

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let office = log_in(&http, &base, "ducha", "ducha-demo-2019").await;
    let leader = log_in(&http, &base, "lingdao", "lingdao-demo-2019").await;
    let reporter = log_in(
        &http,
        &base,
        "tb-jiaoyu",
        duban_demo::loader::UNIT_REPORTER_PASSWORD,
    )
    .await;
    // A draft bulletin to open in the editor.
    let series = store
        .plan_series(duban_domain::PlanId(1))
        .await
        .expect("series")[0]
        .value
        .id;
    let draft = store
        .create_bulletin(
            series,
            duban_domain::PeriodId(1),
            None,
            &Default::default(),
            duban_store::Change::now(None),
        )
        .await
        .expect("draft")
        .value
        .id;

    let pages = [
        ("/login", None),
        ("/cockpit", Some(&leader)),
        ("/items/1", Some(&leader)),
        ("/tasks", Some(&reporter)),
        ("/tasks/11", Some(&reporter)),
        ("/review", Some(&office)),
        ("/quality", Some(&office)),
        ("/bulletins", Some(&office)),
        (&*format!("/bulletins/{draft}"), Some(&office)),
        ("/gk", None),
    ];
    println!("pages on the demo data (SQLite, {RUNS} sequential requests each, ms)");
    println!(
        "{:<18} {:>8} {:>8} {:>8} {:>9}",
        "page", "p50", "p99", "max", "bytes"
    );
    for (path, cookie) in pages {
        let get = || {
            let mut req = http.get(format!("{base}{path}"));
            if let Some(c) = cookie {
                req = req.header("cookie", c.as_str());
            }
            req.send()
        };
        let mut size = 0;
        for _ in 0..5 {
            let res = get().await.expect("get");
            assert!(res.status().is_success(), "{path}: {}", res.status());
            size = res.bytes().await.expect("body").len();
        }
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let start = Instant::now();
            let res = get().await.expect("get");
            let _ = res.bytes().await.expect("body");
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "{:<18} {:>8} {:>8} {:>8} {:>9}",
            path,
            ms(quantile(&times, 0.5)),
            ms(quantile(&times, 0.99)),
            ms(times[times.len() - 1]),
            size
        );
    }
    store.close().await;
    let _ = std::fs::remove_file(&file);
}

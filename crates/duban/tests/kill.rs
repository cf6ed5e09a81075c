//! Nothing acknowledged is lost, nothing is made twice: reporters send 10,000 report
//! changes (each a new version, with an `Idempotency-Key`) while `duban serve` is
//! killed with SIGKILL 20 times at random moments and started again. Every client
//! retries what it has no answer to, with the same key. Afterwards every acknowledged
//! change is there exactly once, every change is whole (its version, history and
//! audit record), the database's own check passes and the audit chain verifies.
//!
//! `DUBAN_KILL_SUBMISSIONS` and `DUBAN_KILL_TIMES` size it (10,000 and 20 by default).

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use duban_domain::{ItemId, UnitId};
use duban_store::items::ItemFilter;
use duban_store::testing::TestDb;
use duban_store::{Page, Store};

use common::{Server, demo_with_open_june, serve};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// How many report chains run at once: one reporter each, one report each.
const CHAINS: usize = 8;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator (xorshift), so that a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The demo plan, a fresh open period, and one (reporter, item) per chain: the lead
/// unit's reporter on each of the plan's first items.
async fn prepare(url: &str) -> (i64, Vec<(String, ItemId)>) {
    let (loaded, period) = demo_with_open_june(url).await;
    let store = Store::open(url).await.expect("open");
    let code: HashMap<UnitId, &String> = loaded.units.iter().map(|(c, u)| (*u, c)).collect();
    let filter = ItemFilter {
        plan_id: Some(loaded.plan_id),
        ..ItemFilter::default()
    };
    let items = store.items(&filter, Page::default()).await.expect("items");
    let chains: Vec<(String, ItemId)> = items
        .items
        .iter()
        .map(|i| (format!("tb-{}", code[&i.value.lead_unit_id]), i.value.id))
        .take(CHAINS)
        .collect();
    store.close().await;
    assert_eq!(chains.len(), CHAINS, "enough lead units in the demo");
    (period.0, chains)
}

/// Where the server is now; empty while it is down.
type Base = Arc<RwLock<String>>;

/// What one request came to, as a client that retries sees it.
enum Outcome {
    Answered(StatusCode, reqwest::header::HeaderMap, Value),
    /// No answer: the server went away, or is not back yet.
    Gone,
}

async fn send(
    http: &reqwest::Client,
    base: &Base,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Outcome {
    let root = base.read().expect("base").clone();
    if root.is_empty() {
        return Outcome::Gone;
    }
    let mut req = http.request(method, format!("{root}{path}"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    let Ok(res) = req.send().await else {
        return Outcome::Gone;
    };
    let status = res.status();
    let headers = res.headers().clone();
    match res.bytes().await {
        Ok(b) => Outcome::Answered(
            status,
            headers,
            serde_json::from_slice(&b).unwrap_or(Value::Null),
        ),
        Err(_) => Outcome::Gone,
    }
}

/// Sends until the server answers with something other than "not now".
async fn until_answered(
    http: &reqwest::Client,
    base: &Base,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    for _ in 0..6000 {
        match send(http, base, method.clone(), path, token, headers, body).await {
            Outcome::Answered(s, _, b)
                if s == StatusCode::SERVICE_UNAVAILABLE
                    || (s == StatusCode::CONFLICT && b["code"] == "idempotency_in_progress") => {}
            Outcome::Answered(s, h, b) => return (s, h, b),
            Outcome::Gone => {}
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{method} {path}: no answer for two minutes");
}

/// What a chain saw: narratives acknowledged, and those whose answer was lost to a
/// kill but which the server reports made.
#[derive(Default)]
struct Seen {
    acknowledged: Vec<String>,
    made_answer_lost: Vec<String>,
}

async fn chain(
    http: reqwest::Client,
    base: Base,
    (username, item): (String, ItemId),
    period: i64,
    n: usize,
    done: Arc<AtomicUsize>,
) -> (i64, Seen) {
    let login =
        json!({"username": username, "password": duban_demo::loader::UNIT_REPORTER_PASSWORD});
    let post = reqwest::Method::POST;
    let (s, _, b) = until_answered(
        &http,
        &base,
        post.clone(),
        "/api/v1/auth/token",
        None,
        &[],
        Some(&login),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let token = b["access_token"].as_str().expect("token").to_string();
    let draft = json!({"period_id": period, "item_id": item.0, "figures": [], "narrative": format!("{username} 起草")});
    let key = format!("{}-create", item.0);
    let (s, h, b) = until_answered(
        &http,
        &base,
        post,
        "/api/v1/reports",
        Some(&token),
        &[("idempotency-key", &key)],
        Some(&draft),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_i64().expect("id");
    let path = format!("/api/v1/reports/{id}");
    let mut etag = h["etag"].to_str().expect("etag").to_string();
    let mut seen = Seen::default();
    for k in 0..n {
        let narrative = format!("{username} 第{k}次报送");
        let key = format!("{}-{k}", item.0);
        let body = json!({ "narrative": narrative });
        let (s, h, b) = until_answered(
            &http,
            &base,
            reqwest::Method::PATCH,
            &path,
            Some(&token),
            &[("idempotency-key", &key), ("if-match", &etag)],
            Some(&body),
        )
        .await;
        match s {
            StatusCode::OK => {
                etag = h["etag"].to_str().expect("etag").to_string();
                seen.acknowledged.push(narrative);
            }
            StatusCode::CONFLICT if b["code"] == "idempotency_answer_lost" => {
                let (s, h, b) = until_answered(
                    &http,
                    &base,
                    reqwest::Method::GET,
                    &path,
                    Some(&token),
                    &[],
                    None,
                )
                .await;
                assert_eq!(s, StatusCode::OK, "{b}");
                assert_eq!(
                    b["narrative"], narrative,
                    "the change the server says it made"
                );
                etag = h["etag"].to_str().expect("etag").to_string();
                seen.made_answer_lost.push(narrative);
            }
            _ => panic!("{username} #{k}: {s} {b}"),
        }
        done.fetch_add(1, Ordering::SeqCst);
    }
    (id, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_submissions_survive_twenty_kills_exactly_once() {
    let total = setting("DUBAN_KILL_SUBMISSIONS", 10_000);
    let kills = setting("DUBAN_KILL_TIMES", 20);
    for db in TestDb::all().await {
        let (period, chains) = prepare(&db.url).await;
        let evidence = std::env::temp_dir().join(format!("duban-kill-{}", std::process::id()));

        let server = serve(&db.url, &evidence, &["--sweep-minutes", "0"]);
        let root = server.base.clone();
        let server: Arc<Mutex<Option<Server>>> = Arc::new(Mutex::new(Some(server)));
        let base: Base = Arc::new(RwLock::new(root));
        let done = Arc::new(AtomicUsize::new(0));
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client");
        let per_chain = total / CHAINS;
        let mut tasks = tokio::task::JoinSet::new();
        for c in chains {
            tasks.spawn(chain(
                http.clone(),
                base.clone(),
                c,
                period,
                per_chain,
                done.clone(),
            ));
        }

        // Kill at random points of the run: the k-th kill somewhere in the k-th of
        // `kills + 1` equal slices of the submissions.
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let slice = per_chain * CHAINS / (kills + 1);
        let mut killed = 0;
        for k in 0..kills {
            let at = slice * k + rng.below(slice.max(1)) + 1;
            while done.load(Ordering::SeqCst) < at {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            *base.write().expect("base") = String::new();
            drop(server.lock().expect("server").take()); // SIGKILL, then reaped
            killed += 1;
            let next = serve(&db.url, &evidence, &["--sweep-minutes", "0"]);
            *base.write().expect("base") = next.base.clone();
            *server.lock().expect("server") = Some(next);
        }
        let mut results = Vec::new();
        while let Some(r) = tasks.join_next().await {
            results.push(r.expect("chain"));
        }
        drop(server.lock().expect("server").take());
        let _ = std::fs::remove_dir_all(&evidence);

        let store = Store::open(&db.url).await.expect("reopen");
        let mut acknowledged = 0;
        let mut lost_answers = 0;
        for (id, seen) in &results {
            let versions = store
                .report_versions(duban_domain::ReportId(*id))
                .await
                .expect("versions");
            let numbers: Vec<i64> = versions.iter().map(|v| v.version).collect();
            let expected: Vec<i64> = (1..=numbers.len() as i64).collect();
            assert_eq!(
                numbers, expected,
                "report {id}: whole versions, none missing"
            );
            let mut count: HashMap<&str, usize> = HashMap::new();
            for v in versions.iter().skip(1) {
                let n = v.narrative.as_deref().expect("narrative");
                *count.entry(n).or_default() += 1;
            }
            let sent: Vec<&String> = seen
                .acknowledged
                .iter()
                .chain(&seen.made_answer_lost)
                .collect();
            for n in &sent {
                assert_eq!(
                    count.get(n.as_str()),
                    Some(&1),
                    "report {id}: {n} exactly once"
                );
            }
            assert_eq!(
                count.len(),
                sent.len(),
                "report {id}: nothing unacknowledged half there"
            );
            let report = store
                .report(duban_domain::ReportId(*id))
                .await
                .expect("report");
            assert_eq!(report.value.current_version, numbers.len() as i64);
            acknowledged += seen.acknowledged.len();
            lost_answers += seen.made_answer_lost.len();
        }
        assert_eq!(acknowledged + lost_answers, per_chain * CHAINS);
        let audit = store.verify_audit(None).await.expect("verify");
        let summary = audit.unwrap_or_else(|b| panic!("the audit chain breaks: {b:?}"));
        let faults = store.check_integrity().await.expect("integrity");
        assert!(faults.is_empty(), "{faults:?}");
        println!(
            "{}: {} submissions, {killed} kills survived, {acknowledged} acknowledged, \
             {lost_answers} answered again after a kill, 0 lost, 0 twice; audit chain of {} records verifies",
            db,
            per_chain * CHAINS,
            summary.records
        );
        store.close().await;
    }
}

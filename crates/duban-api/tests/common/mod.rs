//! Test harness: the real server on port 0 over a fresh database holding the demo data,
//! and a client that speaks to it over HTTP.
#![allow(dead_code)]

pub mod browser;
pub mod pages;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use duban_api::Settings;
use duban_demo::{DEMO_ACCOUNTS, Loaded};
use duban_store::Store;
use duban_store::cipher::{DataCipher, DataKey, Sm4Cipher};
use duban_store::testing::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// The evidence limit of test apps: small, so that going over it is quick.
pub const UPLOAD_LIMIT: usize = 256 << 10;

pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub loaded: Loaded,
    pub db: TestDb,
    pub http: reqwest::Client,
    /// The app's evidence directory, of its own; removed on drop.
    pub evidence_dir: PathBuf,
    /// The server's business day: tests move it.
    pub clock: duban_api::clock::Clock,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(s) = self.shutdown.take() {
            let _ = s.send(());
        }
        let _ = std::fs::remove_dir_all(&self.evidence_dir);
    }
}

/// A fresh directory name under `<temp>/duban-tests/`, unique in and across processes.
fn fresh_evidence_dir() -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    std::env::temp_dir()
        .join("duban-tests")
        .join(format!("evidence-{}-{n}-{nanos}", std::process::id()))
}

/// Hashing is slow by design; the demo's passwords are hashed once per test binary.
fn hash(pw: &str) -> String {
    static CACHE: OnceLock<std::sync::Mutex<std::collections::HashMap<String, String>>> =
        OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut c = cache.lock().expect("hash cache");
    c.entry(pw.to_string())
        .or_insert_with(|| duban_api::auth::hash_password(pw).expect("hash"))
        .clone()
}

/// The test apps' audit key (a fixed one: tests check signatures with it).
pub fn audit_key() -> duban_api::audit::AuditKey {
    duban_api::audit::AuditKey::from_hex(&"5a".repeat(32)).expect("a 32-byte key")
}

/// The server on a free port over `db`, with the demo data loaded.
pub async fn spawn_app(db: TestDb) -> TestApp {
    spawn_app_with(db, |_| {}).await
}

/// As [`spawn_app`], with settings changed by `tune` (the evidence directory is the
/// test's own, the upload limit [`UPLOAD_LIMIT`] unless tuned).
pub async fn spawn_app_with(db: TestDb, tune: impl FnOnce(&mut Settings)) -> TestApp {
    let worker = duban_api::worker::WorkerSettings {
        every: std::time::Duration::from_millis(50),
        sweep_every: None,
        ..Default::default()
    };
    spawn_app_full(db, tune, duban_api::worker::Outside::default(), worker).await
}

/// As [`spawn_app_with`], with outside channels and the worker paced as given (the
/// sweep runs only when a test asks, unless `worker` says otherwise).
pub async fn spawn_app_full(
    db: TestDb,
    tune: impl FnOnce(&mut Settings),
    outside: duban_api::worker::Outside,
    worker: duban_api::worker::WorkerSettings,
) -> TestApp {
    let key = DataKey::generate().expect("a data key");
    let cipher = std::sync::Arc::new(Sm4Cipher::new(&key));
    spawn(db, tune, outside, worker, Some(cipher)).await
}

/// The server on a free port over `db`, with the demo data, and no data key: as an
/// installation that was never given one.
pub async fn spawn_keyless_app(db: TestDb) -> TestApp {
    let worker = duban_api::worker::WorkerSettings {
        sweep_every: None,
        ..Default::default()
    };
    spawn(db, |_| {}, Default::default(), worker, None).await
}

async fn spawn(
    db: TestDb,
    tune: impl FnOnce(&mut Settings),
    outside: duban_api::worker::Outside,
    worker: duban_api::worker::WorkerSettings,
    cipher: Option<std::sync::Arc<dyn DataCipher>>,
) -> TestApp {
    let mut store = Store::open(&db.url)
        .await
        .unwrap_or_else(|e| panic!("open {db}: {e}"))
        .with_channels(outside.channels());
    if let Some(c) = cipher {
        store = store.with_data_cipher(c);
    }
    let loaded = duban_demo::load(&store, &hash)
        .await
        .unwrap_or_else(|e| panic!("demo data on {db}: {e}"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let evidence_dir = fresh_evidence_dir();
    let mut settings = Settings {
        demo: true,
        evidence_dir: evidence_dir.clone(),
        max_upload_bytes: UPLOAD_LIMIT,
        audit_key: Some(audit_key()),
        ..Settings::default()
    };
    // Every test logs in from 127.0.0.1, many times a second: the per-address limit is
    // out of the way unless a test tunes it (login_security does).
    settings.policy.attempts_per_address = u32::MAX;
    tune(&mut settings);
    let clock = settings.clock.clone();
    let key = settings.audit_key.clone();
    let app = duban_api::app(store.clone(), settings);
    duban_api::worker::spawn_worker(store.clone(), clock.clone(), outside, worker, key);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(duban_api::serve(listener, app, async {
        let _ = rx.await;
    }));
    TestApp {
        base,
        store,
        loaded,
        db,
        http: reqwest::Client::new(),
        evidence_dir,
        clock,
        shutdown: Some(tx),
    }
}

/// The app on every configured database: SQLite, and PostgreSQL when set.
pub async fn apps() -> Vec<TestApp> {
    let mut v = Vec::new();
    for db in TestDb::all().await {
        v.push(spawn_app(db).await);
    }
    v
}

/// An answer: status, headers, JSON body (Null when not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Answer {
    pub fn etag(&self) -> String {
        self.headers
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("no ETag in {self:?}"))
            .to_string()
    }

    pub fn is_problem(&self) -> bool {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.starts_with("application/problem+json"))
            && self.body["status"].as_u64() == Some(self.status.as_u16() as u64)
            && self.body["title"].is_string()
            && self.body["title_en"].is_string()
    }
}

/// The password of a demo account: the named ones', else the per-unit accounts' one.
pub fn password(username: &str) -> &'static str {
    DEMO_ACCOUNTS
        .iter()
        .find(|a| a.username == username)
        .map(|a| a.password)
        .unwrap_or(duban_demo::loader::UNIT_REPORTER_PASSWORD)
}

impl TestApp {
    /// A fresh open period, 2019-06 (the office opens it), and the body of a draft
    /// report in it by 教育局 on 特殊教育学校建设, the item it leads (its reporter is
    /// `tb-jiaoyu`).
    pub async fn draft_in_new_period(&self) -> Value {
        let office = self.token("ducha").await;
        let plan = self.get("/api/v1/plans/1", &office).await.body;
        let item = plan["areas"]
            .as_array()
            .expect("areas")
            .iter()
            .flat_map(|a| a["items"].as_array().expect("items"))
            .find(|i| i["title"] == "特殊教育学校建设")
            .expect("item")["id"]
            .clone();
        let p = self
            .post(
                "/api/v1/plans/1/periods",
                &office,
                serde_json::json!({"label": "2019-06", "deadline": "2019-07-05"}),
            )
            .await;
        assert_eq!(p.status, StatusCode::CREATED, "{p:?}");
        serde_json::json!({"period_id": p.body["id"], "item_id": item, "figures": [],
                           "narrative": "各县区特殊教育学校建设按计划推进"})
    }

    /// The demo's series issues a draft for May with its 意见建议 written, dated
    /// 2019-07-12; the issued bulletin's id.
    pub async fn issued_bulletin(&self, office: &str) -> i64 {
        let series = self.get("/api/v1/plans/1/series", office).await.body[0]["id"].clone();
        let draft = self
            .post(
                &format!("/api/v1/series/{series}/bulletins"),
                office,
                serde_json::json!({"period_id": 1, "issue_date": "2019-07-12",
                       "edits": {"recommendations": ["加快推进滞后事项。"]}}),
            )
            .await;
        let id = draft.body["id"].as_i64().expect("draft");
        let etag = draft.etag();
        let a = self
            .call(
                Method::POST,
                &format!("/api/v1/bulletins/{id}/issue"),
                Some(office),
                None,
                &[("if-match", &etag)],
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        id
    }

    /// The code a demo account with a second factor logs in with next; None for an
    /// account without one. Codes are never taken twice and tests log the same accounts
    /// in many times a minute, so this is the code of the first step not used yet, now's
    /// or the next; when both are used, the app's clock moves on (by up to 30 seconds)
    /// to the step before the one it takes.
    pub async fn login_code(&self, username: &str) -> Option<String> {
        use duban_domain::totp::{self, STEP_MS, Secret};
        let secret = DEMO_ACCOUNTS
            .iter()
            .find(|a| a.username == username)?
            .second_factor?;
        let secret = Secret::from_base32(secret)?;
        let (user, _) = self.store.user_for_login(username).await.expect("read")?;
        let factor = self
            .store
            .second_factor(user.value.id)
            .await
            .expect("read")
            .filter(|f| f.confirmed())?;
        let now = self.clock.now_ms();
        let current = totp::step_at(now);
        let step = (factor.last_step + 1).max(current);
        if step > current + 1 {
            self.clock.advance_ms((step - 1) * STEP_MS - now);
        }
        Some(totp::code_at(&secret, step))
    }

    /// A login body for `username`: its password and, when it has a second factor, the
    /// code it logs in with next.
    pub async fn credentials(&self, username: &str, password: &str) -> Value {
        let mut body = serde_json::json!({"username": username, "password": password});
        if let Some(code) = self.login_code(username).await {
            body["code"] = code.into();
        }
        body
    }

    /// A bearer token for a demo account.
    pub async fn token(&self, username: &str) -> String {
        let body = self.credentials(username, password(username)).await;
        let a = self
            .call(Method::POST, "/api/v1/auth/token", None, Some(body), &[])
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "login {username}: {a:?}");
        a.body["access_token"].as_str().expect("token").to_string()
    }

    /// Sends a request. `token` None is anonymous; `extra` adds headers.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        extra: &[(&str, &str)],
    ) -> Answer {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
            text,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.call(Method::GET, path, Some(token), None, &[]).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(token), Some(body), &[])
            .await
    }

    /// PATCH or POST with `If-Match` set to the ETag the resource has now.
    pub async fn change(
        &self,
        method: Method,
        path: &str,
        token: &str,
        etag: &str,
        body: Value,
    ) -> Answer {
        self.call(method, path, Some(token), Some(body), &[("if-match", etag)])
            .await
    }

    /// The office returns a unit's approved report on item `number` (the demo's are all
    /// approved) so that the unit has something to fill in: the task as the unit's
    /// 一表通 then gives it, state `returned`.
    pub async fn returned_task(&self, unit_token: &str, number: i64) -> Value {
        let office = self.token("ducha").await;
        let task = |tasks: Value| {
            tasks["tasks"]
                .as_array()
                .expect("tasks")
                .iter()
                .find(|t| t["item_number"] == number)
                .unwrap_or_else(|| panic!("item {number} owed: {tasks}"))
                .clone()
        };
        let before = task(self.get("/api/v1/periods/1/tasks", unit_token).await.body);
        let path = format!("/api/v1/reports/{}", before["report_id"]);
        let etag = self.get(&path, &office).await.etag();
        let back = self
            .change(
                Method::POST,
                &format!("{path}/return"),
                &office,
                &etag,
                serde_json::json!({"comment": "请补报最新数据"}),
            )
            .await;
        assert_eq!(back.status, StatusCode::OK, "{back:?}");
        let t = task(self.get("/api/v1/periods/1/tasks", unit_token).await.body);
        assert_eq!(t["state"], "returned");
        t
    }

    pub fn unit(&self, code: &str) -> i64 {
        self.loaded.units[code].0
    }

    /// Sends raw bytes as the body, as a file upload does.
    pub async fn send_bytes(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Vec<u8>,
        extra: &[(&str, &str)],
    ) -> Answer {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let res = req.body(body).send().await.expect("request");
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
            text,
        }
    }

    /// The files in the app's evidence directory (temporary ones included), sorted.
    pub fn evidence_files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.evidence_dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
}

//! What the tests that run the `duban` binary share: starting `duban serve` and
//! reading where it listens, and stopping it however a test ends.

#![allow(dead_code)] // each test file uses its own part

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running `duban serve`; killed (SIGKILL) and reaped when dropped.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Asks the server to stop (SIGTERM), as systemd does.
    pub fn terminate(&self) {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "kill -TERM");
    }
}

/// `duban serve --database-url url --addr 127.0.0.1:0 …extra`, once it listens.
pub fn serve(url: &str, evidence: &std::path::Path, extra: &[&str]) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["serve", "--database-url", url, "--addr", "127.0.0.1:0"])
        .args(extra)
        .env_remove("DUBAN_DATABASE_URL")
        .env("DUBAN_EVIDENCE_DIR", evidence)
        .env("DUBAN_LOG", "error")
        .stdout(Stdio::piped())
        // DUBAN_TEST_SERVER_LOG=FILE keeps the servers' logs, to see why one failed.
        .stderr(match std::env::var_os("DUBAN_TEST_SERVER_LOG") {
            Some(f) => std::fs::File::options()
                .create(true)
                .append(true)
                .open(f)
                .map_or_else(|_| Stdio::null(), Stdio::from),
            None => Stdio::null(),
        })
        .spawn()
        .expect("spawn serve");
    listening(child).0
}

/// Reads a started server's standard output up to the line with its URL; the server
/// and every line printed until then (a banner with accounts, paths, keys).
pub fn listening(mut child: Child) -> (Server, String) {
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut printed = String::new();
    let base = loop {
        match lines.next() {
            Some(Ok(l)) => {
                printed.push_str(&l);
                printed.push('\n');
                if let Some(url) = l.split_whitespace().find(|w| w.starts_with("http://")) {
                    break url.to_string();
                }
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the server stopped before listening:\n{printed}");
            }
        }
    };
    // Keep reading so that the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (Server { child, base }, printed)
}

/// The demo's password hashing, as `duban demo` does it.
pub fn hash(pw: &str) -> String {
    duban_api::auth::hash_password(pw).expect("hash")
}

/// The demo data in the database at `url`, with a fresh open period, 2019-06.
pub async fn demo_with_open_june(
    url: &str,
) -> (duban_demo::loader::Loaded, duban_domain::PeriodId) {
    use duban_domain::period::{FiscalOverview, PeriodFields};
    let store = duban_store::Store::open(url).await.expect("open");
    let loaded = duban_demo::load(&store, &hash).await.expect("demo data");
    let f = PeriodFields::parse(
        2019,
        "2019-06",
        None,
        Some("2019-07-05"),
        FiscalOverview::default(),
    )
    .expect("period");
    let at = duban_store::Change {
        actor: None,
        at: duban_store::now_ms(),
    };
    let period = store
        .create_period(loaded.plan_id, &f, at)
        .await
        .expect("period");
    store.close().await;
    (loaded, period.value.id)
}

/// A bearer token for a unit's demo reporter (`tb-<unit code>`).
pub async fn reporter_token(http: &reqwest::Client, base: &str, username: &str) -> String {
    login(
        http,
        base,
        username,
        duban_demo::loader::UNIT_REPORTER_PASSWORD,
    )
    .await
}

/// A token for a demo account, with its second factor's current code when it has one
/// (so an account should log in once per test: a code is not taken twice).
pub async fn login(http: &reqwest::Client, base: &str, who: &str, pw: &str) -> String {
    use duban_domain::totp::{Secret, code_at, step_at};
    let mut body = serde_json::json!({"username": who, "password": pw});
    let demo = duban_demo::DEMO_ACCOUNTS.iter().find(|a| a.username == who);
    if let Some(secret) = demo.and_then(|a| a.second_factor) {
        let secret = Secret::from_base32(secret).expect("base32");
        body["code"] = code_at(&secret, step_at(duban_store::now_ms())).into();
    }
    let answer: serde_json::Value = http
        .post(format!("{base}/api/v1/auth/token"))
        .json(&body)
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    answer["access_token"].as_str().expect("token").to_string()
}

/// The flags of a server that sends e-mail to `smtp` and lets another worker take a
/// message over one second after a crash; no sweep of its own.
pub fn mailing(smtp: &str) -> [&str; 6] {
    [
        "--smtp-url",
        smtp,
        "--outbox-lease-secs",
        "1",
        "--sweep-minutes",
        "0",
    ]
}

/// A unit with `n` reporters, each with an e-mail address: (unit, addresses).
pub async fn unit_with_reporters(
    store: &duban_store::Store,
    n: usize,
) -> (duban_domain::UnitId, Vec<String>) {
    let at = duban_store::Change {
        actor: None,
        at: duban_store::now_ms(),
    };
    let f = duban_domain::UnitFields::parse("cs", "测试单位", "department", None, 1, true)
        .expect("unit");
    let unit = store.create_unit(&f, at).await.expect("unit").value.id;
    let mut addresses = Vec::new();
    for i in 0..n {
        let username = format!("tb-cs-{i}");
        let u = duban_store::users::NewUser {
            username: &username,
            display_name: &username,
            role: duban_domain::Role::Reporter,
            unit_id: Some(unit),
            password_hash: "$argon2id$v=19$unused",
            demo: false,
            mobile: None,
            id_number: None,
        };
        let user = store.create_user(&u, at).await.expect("user").value.id;
        let email = format!("{username}@example.gov.cn");
        let c = duban_store::users::AccountChange {
            email: Some(Some(&email)),
            ..duban_store::users::AccountChange::default()
        };
        store
            .update_account(user, None, &c, at)
            .await
            .expect("email");
        addresses.push(email);
    }
    (unit, addresses)
}

pub async fn remind(store: &duban_store::Store, unit: duban_domain::UnitId, key: &str) {
    let m = duban_store::outbox::Message {
        subject: "【催报】请按时报送进度",
        body: "请于截止日期前在督办系统中填报。",
        cause: "manual",
        dedupe_key: key,
    };
    store
        .remind_unit(unit, &m, duban_store::now_ms())
        .await
        .expect("queued");
}

/// Every mail the sink got once `n` arrived, the outbox emptied and a lease (one
/// second) went by with nothing more: a mail sent twice would be among them.
pub async fn settled_mails(
    store: &duban_store::Store,
    sink: &duban_notify::testing::SmtpSink,
    n: usize,
) -> Vec<duban_notify::testing::ReceivedMail> {
    let wait = std::time::Duration::from_secs(30);
    sink.wait_for(n, wait).await;
    let end = tokio::time::Instant::now() + wait;
    while store.outbox_counts().await.expect("counts").pending > 0 {
        assert!(
            tokio::time::Instant::now() < end,
            "the outbox never emptied"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    sink.mails()
}

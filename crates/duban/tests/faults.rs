//! Faults an operator meets, on a real `duban serve` process:
//! - the database goes away: requests get a clear 503 problem at once, `/readyz`
//!   says so, and service resumes by itself when it returns;
//! - PostgreSQL restarts under load (every connection dropped): nothing but 200s and
//!   503s meanwhile, and only 200s once it is back;
//! - SIGTERM: the server stops taking connections and finishes the request in flight.
//!
//! The database is reached through a TCP relay on loopback that the test cuts, stalls
//! and restores — the server cannot tell it from a network or a restarting server.
//! PostgreSQL only: a SQLite file does not go away.

mod common;

use std::sync::Arc;
use std::time::Duration;

use duban_store::Store;
use duban_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use common::{demo_with_open_june, hash, reporter_token, serve};

/// What the relay does with connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Pass,
    /// Holds every byte until the mode changes.
    Stall,
    /// Drops every connection, and each new one at once.
    Cut,
}

/// A TCP relay from a loopback port to `upstream`, switched by the test.
struct Relay {
    addr: String,
    mode: watch::Sender<Mode>,
}

impl Relay {
    async fn start(upstream: String) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr").to_string();
        let (mode, rx) = watch::channel(Mode::Pass);
        tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    return;
                };
                let (upstream, rx) = (upstream.clone(), rx.clone());
                tokio::spawn(async move {
                    if *rx.borrow() == Mode::Cut {
                        return;
                    }
                    let Ok(server) = TcpStream::connect(&upstream).await else {
                        return;
                    };
                    let (cr, cw) = client.into_split();
                    let (sr, sw) = server.into_split();
                    tokio::select! {
                        _ = pipe(cr, sw, rx.clone()) => {}
                        _ = pipe(sr, cw, rx) => {}
                    }
                });
            }
        });
        Relay { addr, mode }
    }

    fn set(&self, m: Mode) {
        self.mode.send_replace(m);
    }
}

/// Copies `from` to `to` while the mode allows; returns when either side closes or
/// the relay is cut.
async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    mut mode: watch::Receiver<Mode>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = vec![0u8; 16 << 10];
    loop {
        let n = tokio::select! {
            r = from.read(&mut buf) => match r { Ok(0) | Err(_) => return, Ok(n) => n },
            _ = mode.wait_for(|m| *m == Mode::Cut) => return,
        };
        // Hold the bytes while stalled; drop the connection if cut meanwhile.
        match mode.wait_for(|m| *m != Mode::Stall).await.map(|m| *m) {
            Ok(Mode::Pass) => {}
            _ => return,
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
    }
}

/// `url` with its host and port replaced by `addr`.
fn through(url: &str, addr: &str) -> String {
    let scheme_end = url.find("://").expect("scheme") + 3;
    let rest = &url[scheme_end..];
    let auth_end = rest.find('/').expect("path");
    let authority = &rest[..auth_end];
    let user = authority.rfind('@').map_or("", |at| &authority[..=at]);
    format!("{}{user}{addr}{}", &url[..scheme_end], &rest[auth_end..])
}

fn upstream(url: &str) -> String {
    let rest = &url[url.find("://").expect("scheme") + 3..];
    let authority = &rest[..rest.find('/').expect("path")];
    let host = authority
        .rfind('@')
        .map_or(authority, |at| &authority[at + 1..]);
    if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:5432")
    }
}

async fn get(http: &reqwest::Client, url: &str, token: &str) -> (StatusCode, Value) {
    let res = http
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .expect("answer");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_server_answers_503_while_the_database_is_away_resumes_by_itself_and_drains_on_sigterm()
{
    let Some(db) = TestDb::postgres().await else {
        println!("skipped: no PostgreSQL (DUBAN_TEST_DATABASE_URL)");
        return;
    };
    let store = Store::open(&db.url).await.expect("open");
    duban_demo::load(&store, &hash).await.expect("demo data");
    store.close().await;
    let relay = Relay::start(upstream(&db.url)).await;
    let evidence = std::env::temp_dir().join(format!("duban-faults-{}", std::process::id()));
    let server = serve(
        &through(&db.url, &relay.addr),
        &evidence,
        &["--sweep-minutes", "0"],
    );
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let token = reporter_token(&http, &server.base, "tb-jiaoyu").await;
    let reports = format!("{}/api/v1/reports", server.base);
    assert_eq!(get(&http, &reports, &token).await.0, StatusCode::OK);

    // The database goes away: a clear 503, at once, and /readyz agrees.
    relay.set(Mode::Cut);
    let (status, problem) = get(&http, &reports, &token).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{problem}");
    assert_eq!(problem["code"], "unavailable");
    assert_eq!(problem["title"], "数据库暂时无法访问,请稍后重试");
    let ready = http
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let healthy = http
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .expect("healthz");
    assert_eq!(healthy.status(), StatusCode::OK, "the process itself is up");

    // It returns: service resumes with nobody restarting anything.
    relay.set(Mode::Pass);
    let mut back = false;
    for _ in 0..100 {
        if get(&http, &reports, &token).await.0 == StatusCode::OK {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(back, "service resumed within ten seconds");

    // PostgreSQL restarts under load: every connection dropped twice while four
    // clients read; they see 200s and 503s, never anything else, then 200s again.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut readers = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (http, reports, token, stop) =
            (http.clone(), reports.clone(), token.clone(), stop.clone());
        readers.spawn(async move {
            let mut seen = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                seen.push(get(&http, &reports, &token).await.0);
            }
            seen
        });
    }
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        relay.set(Mode::Cut);
        tokio::time::sleep(Duration::from_millis(500)).await;
        relay.set(Mode::Pass);
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut statuses = Vec::new();
    for seen in readers.join_all().await {
        assert!(
            seen.iter()
                .all(|s| *s == StatusCode::OK || *s == StatusCode::SERVICE_UNAVAILABLE),
            "{seen:?}"
        );
        statuses.extend(seen);
    }
    assert!(
        statuses.contains(&StatusCode::SERVICE_UNAVAILABLE),
        "the restarts were seen"
    );
    for _ in 0..5 {
        assert_eq!(
            get(&http, &reports, &token).await.0,
            StatusCode::OK,
            "reconnected"
        );
    }

    // SIGTERM while a request waits on the database: it is finished, then the server
    // stops and takes no more.
    relay.set(Mode::Stall);
    let in_flight = {
        let (http, reports, token) = (http.clone(), reports.clone(), token.clone());
        tokio::spawn(async move { get(&http, &reports, &token).await.0 })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.terminate();
    tokio::time::sleep(Duration::from_millis(300)).await;
    relay.set(Mode::Pass);
    assert_eq!(
        in_flight.await.expect("join"),
        StatusCode::OK,
        "finished, not dropped"
    );
    let mut server = server;
    let exit = tokio::task::spawn_blocking(move || {
        let status = server.child.wait().expect("wait");
        (status, server)
    })
    .await
    .expect("join");
    assert!(exit.0.success(), "a clean exit: {:?}", exit.0);
    let after = http.get(format!("{}/healthz", exit.1.base)).send().await;
    assert!(after.is_err(), "no longer listening");
    let _ = std::fs::remove_dir_all(&evidence);
    println!(
        "faults: 503 while away, resumed, {} reads through two restarts, SIGTERM drained",
        statuses.len()
    );
}

/// A tmpfs of `mib` MiB mounted at `dir` while alive; None where mounting is not
/// allowed (not root, or in a container without the capability).
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(dir: std::path::PathBuf, mib: u32) -> Option<SmallDisk> {
        std::fs::create_dir_all(&dir).ok()?;
        let size = format!("size={mib}m");
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &size, "tmpfs"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk(dir))
    }

    /// Writes zeros to a file until the disk refuses more.
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let path = self.0.join("filler");
        let mut f = std::fs::File::create(&path).expect("filler");
        let chunk = vec![0u8; 64 << 10];
        while f.write_all(&chunk).is_ok() {}
        // The last partial chunk may still fit byte by byte.
        while f.write_all(&[0]).is_ok() {}
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn patch(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    etag: &str,
    narrative: &str,
) -> (StatusCode, Option<String>, Value) {
    let res = http
        .patch(url)
        .bearer_auth(token)
        .header("if-match", etag)
        .json(&json!({ "narrative": narrative }))
        .send()
        .await
        .expect("answer");
    let status = res.status();
    let tag = res
        .headers()
        .get("etag")
        .map(|t| t.to_str().expect("etag").to_string());
    (status, tag, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_changes_with_507_writes_nothing_half_and_recovers_when_freed() {
    let dir = std::env::temp_dir().join(format!("duban-full-{}", std::process::id()));
    let Some(disk) = SmallDisk::mount(dir.clone(), 48) else {
        println!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    };
    let url = format!("sqlite://{}", dir.join("duban.db").display());
    let (loaded, period) = demo_with_open_june(&url).await;
    let evidence = std::env::temp_dir().join(format!("duban-full-ev-{}", std::process::id()));
    let server = serve(&url, &evidence, &["--sweep-minutes", "0"]);
    let http = reqwest::Client::new();
    let token = reporter_token(&http, &server.base, "tb-jiaoyu").await;
    let jiaoyu = loaded.units["jiaoyu"];
    let store = Store::open(&url).await.expect("open");
    let filter = duban_store::items::ItemFilter {
        unit_id: Some(jiaoyu),
        ..Default::default()
    };
    let item = store
        .items(&filter, duban_store::Page::default())
        .await
        .expect("items")
        .items[0]
        .value
        .id;
    store.close().await;
    let created = http
        .post(format!("{}/api/v1/reports", server.base))
        .bearer_auth(&token)
        .json(
            &json!({"period_id": period.0, "item_id": item.0, "figures": [], "narrative": "起草"}),
        )
        .send()
        .await
        .expect("create");
    assert_eq!(created.status(), StatusCode::CREATED);
    let mut etag = created.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_string();
    let report = created.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let path = format!("{}/api/v1/reports/{report}", server.base);

    // The disk fills up: changes are refused with a clear 507, never half made.
    let filler = disk.fill();
    let long = "进展".repeat(2000);
    let mut refused = None;
    let mut acked = 1;
    for _ in 0..200 {
        let (status, tag, body) = patch(&http, &path, &token, &etag, &long).await;
        match status {
            StatusCode::OK => {
                etag = tag.expect("etag");
                acked += 1;
            }
            StatusCode::INSUFFICIENT_STORAGE => {
                refused = Some(body);
                break;
            }
            s => panic!("{s}: {body}"),
        }
    }
    let problem = refused.expect("the full disk was noticed");
    assert_eq!(problem["code"], "storage_full");
    assert_eq!(
        problem["title"],
        "服务器存储空间已满,本次修改未保存,请联系系统管理员"
    );
    let (status, now) = get(&http, &path, &token).await;
    assert_eq!(status, StatusCode::OK, "reads go on: {now}");
    assert_eq!(
        now["current_version"], acked,
        "the refused change is not there"
    );

    // Space is freed: the same change goes through.
    std::fs::remove_file(filler).expect("free");
    let (status, _, body) = patch(&http, &path, &token, &etag, "空间释放后继续报送").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    drop(server);
    let store = Store::open(&url).await.expect("reopen");
    let faults = store.check_integrity().await.expect("integrity");
    assert!(faults.is_empty(), "{faults:?}");
    let versions = store
        .report_versions(duban_domain::ReportId(report))
        .await
        .expect("versions");
    assert_eq!(versions.len() as i64, acked + 1);
    store.close().await;
    let _ = std::fs::remove_dir_all(&evidence);
    println!("disk full: {acked} versions written, then 507 storage_full; resumed when freed");
}

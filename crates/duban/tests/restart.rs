//! Nothing acknowledged is lost and nothing is sent twice across a crash: `duban serve`
//! is killed (SIGKILL) while the SMTP server holds a reminder it has not yet accepted,
//! then started again. Every reminder reaches the sink exactly once: those accepted
//! before the kill are not sent again, the one in flight is sent again once its claim
//! runs out, and the rest follow.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use duban_domain::{Role, UnitFields, UnitId};
use duban_notify::testing::SmtpSink;
use duban_store::outbox::{Channels, Message};
use duban_store::testing::TestDb;
use duban_store::users::{AccountChange, NewUser};
use duban_store::{Change, Store};

const WAIT: Duration = Duration::from_secs(30);

/// Kills the server when dropped, however the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `duban serve` over `url`, sending e-mail to `smtp`, with a one-second claim.
fn serve(url: &str, smtp: &str, evidence: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["serve", "--database-url", url, "--addr", "127.0.0.1:0"])
        .args([
            "--smtp-url",
            smtp,
            "--outbox-lease-secs",
            "1",
            "--sweep-minutes",
            "0",
        ])
        .env_remove("DUBAN_DATABASE_URL")
        .env("DUBAN_EVIDENCE_DIR", evidence)
        .env("DUBAN_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    loop {
        match lines.next() {
            Some(Ok(l)) if l.contains("http://") => break,
            Some(Ok(_)) => {}
            _ => panic!("serve stopped before listening"),
        }
    }
    // Keep reading so that the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server(child)
}

/// A unit with `n` reporters, each with an e-mail address: (unit, addresses).
async fn unit_with_reporters(store: &Store, n: usize) -> (UnitId, Vec<String>) {
    let at = Change {
        actor: None,
        at: duban_store::now_ms(),
    };
    let f = UnitFields::parse("cs", "测试单位", "department", None, 1, true).expect("unit");
    let unit = store.create_unit(&f, at).await.expect("unit").value.id;
    let mut addresses = Vec::new();
    for i in 0..n {
        let username = format!("tb-cs-{i}");
        let u = NewUser {
            username: &username,
            display_name: &username,
            role: Role::Reporter,
            unit_id: Some(unit),
            password_hash: "$argon2id$v=19$unused",
            demo: false,
            mobile: None,
            id_number: None,
        };
        let user = store.create_user(&u, at).await.expect("user").value.id;
        let email = format!("{username}@example.gov.cn");
        let c = AccountChange {
            email: Some(Some(&email)),
            ..AccountChange::default()
        };
        store
            .update_account(user, None, &c, at)
            .await
            .expect("email");
        addresses.push(email);
    }
    (unit, addresses)
}

async fn remind(store: &Store, unit: UnitId, key: &str) {
    let m = Message {
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

#[tokio::test(flavor = "multi_thread")]
async fn a_server_killed_while_sending_reminders_delivers_each_exactly_once_after_restart() {
    for db in TestDb::all().await {
        let dir = std::env::temp_dir().join(format!(
            "duban-restart-{}-{}",
            std::process::id(),
            db.dialect() as u8
        ));
        std::fs::create_dir_all(&dir).expect("dir");
        let store = Store::open(&db.url)
            .await
            .expect("open")
            .with_channels(Channels {
                email: true,
                webhook: false,
            });
        let (unit, addresses) = unit_with_reporters(&store, 10).await;
        let sink = SmtpSink::start().await.expect("sink");

        // First round: sent and accepted while the server runs.
        let server = serve(&db.url, &sink.url(), &dir);
        remind(&store, unit, "round-1").await;
        let first = sink.wait_for(10, WAIT).await;
        assert_eq!(first.len(), 10, "{db}: the first round arrived");

        // Second round: the sink holds the first mail unanswered; the server dies then.
        sink.hold(true);
        remind(&store, unit, "round-2").await;
        assert!(sink.wait_held(1, WAIT).await, "{db}: a mail was in flight");
        drop(server);
        assert!(
            sink.wait_discarded(1, WAIT).await,
            "{db}: the held mail was never accepted"
        );
        sink.hold(false);
        assert_eq!(
            sink.mails().len(),
            10,
            "{db}: nothing of round 2 was accepted before the kill"
        );

        // Restarted: the claim runs out and the second round arrives, each mail once.
        let server = serve(&db.url, &sink.url(), &dir);
        let all = sink.wait_for(20, WAIT).await;
        let end = tokio::time::Instant::now() + WAIT;
        while store.outbox_counts().await.expect("counts").pending > 0 {
            assert!(
                tokio::time::Instant::now() < end,
                "{db}: the outbox never emptied"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // A duplicate would come right after the last send: give it the time of a lease.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let all = if sink.mails().len() > all.len() {
            sink.mails()
        } else {
            all
        };
        assert_eq!(all.len(), 20, "{db}: each reminder exactly once: {all:#?}");
        let mut ids: Vec<&str> = all.iter().map(|m| m.message_id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 20, "{db}: twenty distinct messages");
        for a in &addresses {
            let got = all.iter().filter(|m| m.to.iter().any(|t| t == a)).count();
            assert_eq!(got, 2, "{db}: {a} got one mail per round");
        }
        let counts = store.outbox_counts().await.expect("counts");
        assert_eq!((counts.failed, counts.pending), (0, 0), "{db}");
        drop(server);
        store.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}

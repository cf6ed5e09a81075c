//! Nothing acknowledged is lost and nothing is sent twice across a crash: `duban serve`
//! is killed (SIGKILL) while the SMTP server holds a reminder it has not yet accepted,
//! then started again. Every reminder reaches the sink exactly once: those accepted
//! before the kill are not sent again, the one in flight is sent again once its claim
//! runs out, and the rest follow.

mod common;

use std::time::Duration;

use common::{remind, unit_with_reporters};
use duban_notify::testing::SmtpSink;
use duban_store::Store;
use duban_store::outbox::Channels;
use duban_store::testing::TestDb;

const WAIT: Duration = Duration::from_secs(30);

/// `duban serve` over `url`, sending e-mail to `smtp`, with a one-second claim.
fn serve(url: &str, smtp: &str, evidence: &std::path::Path) -> common::Server {
    common::serve(url, evidence, &common::mailing(smtp))
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
        let all = common::settled_mails(&store, &sink, 20).await;
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

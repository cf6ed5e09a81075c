//! E-mail through `SmtpChannel` to the loopback `SmtpSink`, over real sockets.

use std::time::Duration;

use duban_notify::testing::SmtpSink;
use duban_notify::{Outgoing, SmtpChannel};

/// Guards against hanging; never a measurement.
const WAIT: Duration = Duration::from_secs(30);
const FROM: &str = "市政府督查室 <ducha@example.gov.cn>";

fn reminder(id: &str) -> Outgoing<'_> {
    Outgoing {
        id,
        subject: "【催办】关于城区学校建设进度滞后的提醒",
        body: "市教育局:\n截至5月底,城区新建学校项目进度滞后序时进度12个百分点,请于6月10日前报送整改措施。\n市政府督查室",
        cause: "deadline:2019-05",
    }
}

async fn sink_and_channel() -> (SmtpSink, SmtpChannel) {
    let sink = SmtpSink::start().await.expect("sink");
    let channel = SmtpChannel::new(&sink.url(), FROM, WAIT).expect("channel");
    (sink, channel)
}

/// A port nothing listens on: bound once, then released.
async fn closed_port() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    l.local_addr().expect("addr").port()
}

#[tokio::test]
async fn a_mail_reaches_the_sink_with_its_chinese_subject_and_message_id() {
    let (sink, channel) = sink_and_channel().await;
    let m = reminder("duban-outbox-42");
    channel
        .send("教育局联络员 <jiaoyu@example.gov.cn>", &m)
        .await
        .unwrap();

    let mails = sink.wait_for(1, WAIT).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.from, "ducha@example.gov.cn");
    assert_eq!(mail.to, ["jiaoyu@example.gov.cn"]);
    assert_eq!(mail.message_id, "<duban-outbox-42@example.gov.cn>");
    assert_eq!(mail.subject, m.subject);
    assert_eq!(mail.body, m.body);
    assert!(
        mail.header("From")
            .unwrap()
            .contains("<ducha@example.gov.cn>")
    );
    assert!(
        mail.header("To")
            .unwrap()
            .contains("<jiaoyu@example.gov.cn>")
    );
    assert!(mail.header("Date").is_some());
    assert!(
        mail.header("Content-Type")
            .unwrap()
            .starts_with("text/plain; charset=utf-8")
    );
    assert_eq!(mail.header("X-Duban-Cause"), Some("deadline:2019-05"));
    assert_eq!(mail.header("Auto-Submitted"), Some("auto-generated"));
}

#[tokio::test]
async fn the_same_outbox_id_gives_the_same_message_id_on_every_attempt() {
    let (sink, channel) = sink_and_channel().await;
    let m = reminder("duban-outbox-7");
    channel.send("a@example.gov.cn", &m).await.unwrap();
    channel.send("a@example.gov.cn", &m).await.unwrap();
    let mails = sink.wait_for(2, WAIT).await;
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[0].message_id, mails[1].message_id);
}

#[tokio::test]
async fn lines_starting_with_a_dot_survive_the_data_transfer() {
    let (sink, channel) = sink_and_channel().await;
    // ASCII, so it travels as 7bit with its dots at line starts, stuffed on the wire.
    let m = Outgoing {
        body: "first\n.\n..two\n.last",
        ..reminder("duban-outbox-1")
    };
    channel.send("a@example.gov.cn", &m).await.unwrap();
    let mails = sink.wait_for(1, WAIT).await;
    assert_eq!(mails[0].header("Content-Transfer-Encoding"), Some("7bit"));
    assert_eq!(mails[0].body, m.body);
}

#[tokio::test]
async fn a_451_is_a_temporary_failure_and_a_550_a_permanent_one() {
    let (sink, channel) = sink_and_channel().await;
    sink.fail_next(1, 451);
    sink.fail_next(1, 550);
    let m = reminder("duban-outbox-3");

    let e = channel.send("a@example.gov.cn", &m).await.unwrap_err();
    assert!(!e.permanent, "{e}");
    assert!(e.detail.contains("451"), "{e}");
    let e = channel.send("a@example.gov.cn", &m).await.unwrap_err();
    assert!(e.permanent, "{e}");
    assert!(e.detail.contains("550"), "{e}");
    assert!(sink.mails().is_empty(), "refused mail is not recorded");

    channel.send("a@example.gov.cn", &m).await.unwrap();
    assert_eq!(sink.wait_for(1, WAIT).await.len(), 1);
}

#[tokio::test]
async fn a_server_that_is_not_there_is_a_temporary_failure() {
    let url = format!("smtp://127.0.0.1:{}", closed_port().await);
    let channel = SmtpChannel::new(&url, FROM, WAIT).unwrap();
    let e = channel
        .send("a@example.gov.cn", &reminder("duban-outbox-4"))
        .await
        .unwrap_err();
    assert!(!e.permanent, "{e}");
}

#[tokio::test]
async fn a_malformed_recipient_is_a_permanent_failure_and_nothing_is_sent() {
    let (sink, channel) = sink_and_channel().await;
    let e = channel
        .send("不是地址", &reminder("duban-outbox-5"))
        .await
        .unwrap_err();
    assert!(e.permanent, "{e}");
    assert!(e.detail.starts_with("收件人地址无效"), "{e}");
    assert!(sink.mails().is_empty());
}

#[tokio::test]
async fn many_mails_sent_at_once_all_arrive() {
    let (sink, channel) = sink_and_channel().await;
    let ids: Vec<String> = (0..20).map(|i| format!("duban-outbox-{i}")).collect();
    let mut tasks = tokio::task::JoinSet::new();
    for id in ids.clone() {
        let channel = channel.clone();
        tasks.spawn(async move { channel.send("a@example.gov.cn", &reminder(&id)).await });
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap().unwrap();
    }
    let mut got: Vec<String> = sink
        .wait_for(20, WAIT)
        .await
        .into_iter()
        .map(|m| m.message_id)
        .collect();
    got.sort();
    let mut want: Vec<String> = ids
        .iter()
        .map(|i| format!("<{i}@example.gov.cn>"))
        .collect();
    want.sort();
    assert_eq!(got, want);
}

#[tokio::test]
async fn a_held_mail_is_recorded_only_when_released() {
    let (sink, channel) = sink_and_channel().await;
    sink.hold(true);
    let sending = tokio::spawn(async move {
        channel
            .send("a@example.gov.cn", &reminder("duban-outbox-8"))
            .await
    });
    assert!(sink.wait_held(1, WAIT).await);
    assert_eq!(sink.held(), 1);
    assert!(sink.mails().is_empty(), "held mail is not yet accepted");

    sink.hold(false);
    sending.await.unwrap().unwrap();
    assert_eq!(sink.wait_for(1, WAIT).await.len(), 1);
    assert_eq!(sink.held(), 0);
}

#[tokio::test]
async fn a_held_mail_whose_sender_goes_away_is_never_recorded() {
    let (sink, channel) = sink_and_channel().await;
    sink.hold(true);
    let sender = channel.clone();
    let sending = tokio::spawn(async move {
        sender
            .send("a@example.gov.cn", &reminder("duban-outbox-9"))
            .await
    });
    assert!(sink.wait_held(1, WAIT).await);

    // The sender dies mid-delivery: its connection closes before any reply.
    sending.abort();
    assert!(sink.wait_discarded(1, WAIT).await);
    sink.hold(false);
    assert_eq!(sink.held(), 0);
    assert!(sink.mails().is_empty());

    // Sent again after the "restart", it arrives once.
    channel
        .send("a@example.gov.cn", &reminder("duban-outbox-9"))
        .await
        .unwrap();
    let mails = sink.wait_for(1, WAIT).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].message_id, "<duban-outbox-9@example.gov.cn>");
}

#[tokio::test]
async fn a_sender_that_gives_up_waiting_gets_a_temporary_failure_and_nothing_is_recorded() {
    let sink = SmtpSink::start().await.unwrap();
    let channel = SmtpChannel::new(&sink.url(), FROM, Duration::from_secs(3)).unwrap();
    sink.hold(true);
    let e = channel
        .send("a@example.gov.cn", &reminder("duban-outbox-10"))
        .await
        .unwrap_err();
    assert!(!e.permanent, "{e}");
    assert!(sink.wait_discarded(1, WAIT).await);
    sink.hold(false);
    assert!(sink.mails().is_empty());
}

#[tokio::test]
async fn an_smtps_server_that_does_not_speak_tls_is_a_temporary_failure() {
    // Exercises lettre's TLS set-up (ring provider, system roots) without a certificate.
    let sink = SmtpSink::start().await.unwrap();
    let url = format!("smtps://{}", sink.addr());
    let channel = SmtpChannel::new(&url, FROM, WAIT).unwrap();
    let e = channel
        .send("a@example.gov.cn", &reminder("duban-outbox-11"))
        .await
        .unwrap_err();
    assert!(!e.permanent, "{e}");
    assert!(sink.mails().is_empty());
}

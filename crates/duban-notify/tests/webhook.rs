//! Webhooks through `WebhookChannel` to the loopback `HttpReceiver`, over real sockets.
//! Signatures are checked here with hmac/sha2/base64 directly, not with the crate's code.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use duban_notify::testing::HttpReceiver;
use duban_notify::{Outgoing, SendError, Webhook, WebhookChannel, WebhookFormat};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::json;
use sha2::Sha256;

/// Guards against hanging; never a measurement.
const WAIT: Duration = Duration::from_secs(30);

const REMINDER: Outgoing<'static> = Outgoing {
    id: "duban-outbox-42",
    subject: "【催办】城区学校建设进度滞后",
    body: "请市教育局于6月10日前报送整改措施。",
    cause: "deadline:2019-05",
};

async fn receiver_and_channel() -> (HttpReceiver, WebhookChannel) {
    let receiver = HttpReceiver::start().await.expect("receiver");
    (receiver, WebhookChannel::new(WAIT).expect("channel"))
}

fn hook(url: String, format: WebhookFormat, secret: Option<&str>) -> Webhook {
    Webhook {
        url,
        format,
        secret: secret.map(str::to_owned),
    }
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sends once to a receiver scripted with one answer; returns the error.
async fn answered(format: WebhookFormat, status: u16, body: &str) -> SendError {
    let (receiver, channel) = receiver_and_channel().await;
    receiver.respond_with(1, status, body);
    let e = channel
        .send(
            &hook(receiver.url("/robot/send?key=k"), format, None),
            &REMINDER,
        )
        .await
        .expect_err("a failure");
    assert_eq!(receiver.wait_for(1, WAIT).await.len(), 1);
    e
}

#[tokio::test]
async fn a_generic_webhook_carries_the_message_the_idempotency_key_and_a_verifiable_signature() {
    let (receiver, channel) = receiver_and_channel().await;
    let h = hook(
        receiver.url("/duban/hook"),
        WebhookFormat::Generic,
        Some("s3cret-密钥"),
    );
    channel.send(&h, &REMINDER).await.unwrap();

    let requests = receiver.wait_for(1, WAIT).await;
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path_and_query, "/duban/hook");
    assert!(r.accepted);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(r.header("idempotency-key"), Some("duban-outbox-42"));
    assert_eq!(
        r.json(),
        json!({
            "id": "duban-outbox-42",
            "subject": REMINDER.subject,
            "body": REMINDER.body,
            "cause": "deadline:2019-05",
        })
    );
    let expected = hex(&hmac_sha256("s3cret-密钥".as_bytes(), r.body.as_bytes()));
    assert_eq!(
        r.header("x-duban-signature"),
        Some(format!("sha256={expected}").as_str())
    );
}

#[tokio::test]
async fn a_generic_webhook_without_a_secret_is_not_signed() {
    let (receiver, channel) = receiver_and_channel().await;
    let h = hook(receiver.url("/hook"), WebhookFormat::Generic, None);
    channel.send(&h, &REMINDER).await.unwrap();
    let r = &receiver.wait_for(1, WAIT).await[0];
    assert_eq!(r.header("x-duban-signature"), None);
    assert_eq!(r.header("idempotency-key"), Some("duban-outbox-42"));
}

#[tokio::test]
async fn a_wecom_robot_gets_a_text_message_with_the_subject_on_its_first_line() {
    let (receiver, channel) = receiver_and_channel().await;
    let h = hook(
        receiver.url("/cgi-bin/webhook/send?key=abc"),
        WebhookFormat::WeCom,
        None,
    );
    channel.send(&h, &REMINDER).await.unwrap();
    let r = &receiver.wait_for(1, WAIT).await[0];
    assert_eq!(r.path_and_query, "/cgi-bin/webhook/send?key=abc");
    assert_eq!(
        r.json(),
        json!({
            "msgtype": "text",
            "text": { "content": format!("{}\n{}", REMINDER.subject, REMINDER.body) },
        })
    );
}

#[tokio::test]
async fn a_wecom_text_longer_than_the_robot_takes_is_cut_at_a_character() {
    let (receiver, channel) = receiver_and_channel().await;
    let long = "督".repeat(1000); // 3000 bytes
    let m = Outgoing {
        body: &long,
        ..REMINDER
    };
    let h = hook(receiver.url("/send?key=abc"), WebhookFormat::WeCom, None);
    channel.send(&h, &m).await.unwrap();
    let r = &receiver.wait_for(1, WAIT).await[0];
    let content = r.json()["text"]["content"].as_str().unwrap().to_owned();
    assert!(content.len() <= 2048, "{}", content.len());
    assert!(content.starts_with(REMINDER.subject));
}

#[tokio::test]
async fn a_wecom_rate_limit_is_temporary_and_another_refusal_permanent() {
    let e = answered(
        WebhookFormat::WeCom,
        200,
        r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#,
    )
    .await;
    assert!(!e.permanent, "{e}");
    assert!(e.detail.contains("45009"), "{e}");
    let e = answered(
        WebhookFormat::WeCom,
        200,
        r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#,
    )
    .await;
    assert!(e.permanent, "{e}");
    assert!(e.detail.contains("93000"), "{e}");
}

#[tokio::test]
async fn http_500_408_and_429_are_temporary_and_404_permanent() {
    for status in [500, 502, 503, 408, 429] {
        let e = answered(WebhookFormat::WeCom, status, "{}").await;
        assert!(!e.permanent, "{status}: {e}");
        assert!(e.detail.contains(&status.to_string()), "{e}");
    }
    for status in [400, 401, 403, 404, 410] {
        let e = answered(WebhookFormat::Generic, status, "{}").await;
        assert!(e.permanent, "{status}: {e}");
    }
}

#[tokio::test]
async fn a_robot_answer_that_is_not_its_json_is_temporary() {
    let e = answered(WebhookFormat::DingTalk, 200, "<html>gateway</html>").await;
    assert!(!e.permanent, "{e}");
}

#[tokio::test]
async fn a_failed_attempt_followed_by_success_reaches_the_receiver_twice_with_one_key() {
    let (receiver, channel) = receiver_and_channel().await;
    receiver.respond_with(1, 500, r#"{"error":"down"}"#);
    let h = hook(receiver.url("/hook"), WebhookFormat::Generic, None);
    assert!(!channel.send(&h, &REMINDER).await.unwrap_err().permanent);
    channel.send(&h, &REMINDER).await.unwrap();
    let all = receiver.wait_for(2, WAIT).await;
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[0].header("idempotency-key"),
        all[1].header("idempotency-key")
    );
    assert_eq!(receiver.accepted().len(), 1);
}

#[tokio::test]
async fn a_signed_dingtalk_request_carries_a_timestamp_and_a_sign_that_verifies() {
    let (receiver, channel) = receiver_and_channel().await;
    let secret = "SEC0123456789abcdef";
    let h = hook(
        receiver.url("/robot/send?access_token=tok"),
        WebhookFormat::DingTalk,
        Some(secret),
    );
    channel.send(&h, &REMINDER).await.unwrap();
    let r = &receiver.wait_for(1, WAIT).await[0];

    assert!(
        r.path_and_query
            .starts_with("/robot/send?access_token=tok&timestamp="),
        "{}",
        r.path_and_query
    );
    assert_eq!(r.query("access_token").as_deref(), Some("tok"));
    let timestamp = r.query("timestamp").unwrap();
    let ms: u128 = timestamp.parse().unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis();
    // DingTalk accepts a timestamp within an hour of its clock.
    assert!(now.abs_diff(ms) < 3_600_000, "{ms} vs {now}");
    let expected = BASE64.encode(hmac_sha256(
        secret.as_bytes(),
        format!("{timestamp}\n{secret}").as_bytes(),
    ));
    assert_eq!(r.query("sign"), Some(expected));
    assert_eq!(
        r.json(),
        json!({
            "msgtype": "text",
            "text": { "content": format!("{}\n{}", REMINDER.subject, REMINDER.body) },
        })
    );
}

#[tokio::test]
async fn a_dingtalk_url_without_a_query_gets_one() {
    let (receiver, channel) = receiver_and_channel().await;
    let h = hook(
        receiver.url("/robot/send"),
        WebhookFormat::DingTalk,
        Some("SECx"),
    );
    channel.send(&h, &REMINDER).await.unwrap();
    let r = &receiver.wait_for(1, WAIT).await[0];
    assert!(
        r.path_and_query.starts_with("/robot/send?timestamp="),
        "{}",
        r.path_and_query
    );
    assert!(r.query("sign").is_some());
}

#[tokio::test]
async fn an_unsigned_dingtalk_request_keeps_its_url() {
    let (receiver, channel) = receiver_and_channel().await;
    let h = hook(
        receiver.url("/robot/send?access_token=tok"),
        WebhookFormat::DingTalk,
        None,
    );
    channel.send(&h, &REMINDER).await.unwrap();
    assert_eq!(
        receiver.wait_for(1, WAIT).await[0].path_and_query,
        "/robot/send?access_token=tok"
    );
}

#[tokio::test]
async fn a_dingtalk_rate_limit_is_temporary_and_another_refusal_permanent() {
    let e = answered(
        WebhookFormat::DingTalk,
        200,
        r#"{"errcode":130101,"errmsg":"send too fast"}"#,
    )
    .await;
    assert!(!e.permanent, "{e}");
    let e = answered(
        WebhookFormat::DingTalk,
        200,
        r#"{"errcode":310000,"errmsg":"sign not match"}"#,
    )
    .await;
    assert!(e.permanent, "{e}");
}

#[tokio::test]
async fn a_receiver_that_is_not_there_is_a_temporary_failure() {
    let port = {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap().port()
    };
    let channel = WebhookChannel::new(WAIT).unwrap();
    let h = hook(
        format!("http://127.0.0.1:{port}/hook"),
        WebhookFormat::Generic,
        None,
    );
    let e = channel.send(&h, &REMINDER).await.unwrap_err();
    assert!(!e.permanent, "{e}");
}

#[tokio::test]
async fn a_malformed_webhook_address_is_permanent_and_keeps_its_key_out_of_the_error() {
    let channel = WebhookChannel::new(WAIT).unwrap();
    for url in [
        "not a url?key=SECRETKEY",
        "ftp://example.com/send?key=SECRETKEY",
    ] {
        let e = channel
            .send(&hook(url.to_owned(), WebhookFormat::WeCom, None), &REMINDER)
            .await
            .unwrap_err();
        assert!(e.permanent, "{url}: {e}");
        assert!(!e.detail.contains("SECRETKEY"), "{e}");
    }
}

#[tokio::test]
async fn a_held_request_whose_sender_goes_away_is_not_recorded() {
    let (receiver, channel) = receiver_and_channel().await;
    receiver.hold(true);
    let h = hook(receiver.url("/hook"), WebhookFormat::Generic, None);
    let (sender, first) = (channel.clone(), h.clone());
    let sending = tokio::spawn(async move { sender.send(&first, &REMINDER).await });
    assert!(receiver.wait_held(1, WAIT).await);
    assert_eq!(receiver.held(), 1);

    sending.abort();
    assert!(receiver.wait_discarded(1, WAIT).await);
    receiver.hold(false);
    assert!(receiver.requests().is_empty());

    channel.send(&h, &REMINDER).await.unwrap();
    assert_eq!(receiver.wait_for_accepted(1, WAIT).await.len(), 1);
    assert_eq!(receiver.requests().len(), 1);
}

#[tokio::test]
async fn a_held_request_is_answered_and_recorded_when_released() {
    let (receiver, channel) = receiver_and_channel().await;
    receiver.hold(true);
    let h = hook(receiver.url("/hook"), WebhookFormat::WeCom, None);
    let sending = tokio::spawn(async move { channel.send(&h, &REMINDER).await });
    assert!(receiver.wait_held(1, WAIT).await);
    assert!(receiver.requests().is_empty());
    receiver.hold(false);
    sending.await.unwrap().unwrap();
    assert_eq!(receiver.wait_for(1, WAIT).await.len(), 1);
}

#[tokio::test]
async fn a_sender_that_gives_up_waiting_gets_a_temporary_failure() {
    let receiver = HttpReceiver::start().await.unwrap();
    let channel = WebhookChannel::new(Duration::from_secs(3)).unwrap();
    receiver.hold(true);
    let h = hook(receiver.url("/hook"), WebhookFormat::Generic, None);
    let e = channel.send(&h, &REMINDER).await.unwrap_err();
    assert!(!e.permanent, "{e}");
    assert!(receiver.wait_discarded(1, WAIT).await);
    receiver.hold(false);
    assert!(receiver.requests().is_empty());
}

#[tokio::test]
async fn an_https_address_whose_server_does_not_speak_tls_is_a_temporary_failure() {
    // Exercises the TLS set-up (ring provider, system roots) without a certificate. The
    // SMTP sink greets in plain text at once, so the handshake fails at once.
    let sink = duban_notify::testing::SmtpSink::start().await.unwrap();
    let channel = WebhookChannel::new(WAIT).unwrap();
    let url = format!("https://{}/hook", sink.addr());
    let e = channel
        .send(&hook(url, WebhookFormat::WeCom, None), &REMINDER)
        .await
        .unwrap_err();
    assert!(!e.permanent, "{e}");
    assert!(e.detail.contains("TLS"), "{e}");
}

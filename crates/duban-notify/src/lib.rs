//! duban's outside channels: the outbox worker hands each queued reminder (催办/督办) to
//! [`SmtpChannel`] or [`WebhookChannel`], which try once and say whether a failure is worth
//! retrying. The worker owns retries, backoff and bookkeeping; this crate knows nothing
//! of duban's database or HTTP server.
//!
//! Delivery is at least once: a peer that accepted a message whose acceptance never
//! reached us gets it again. So every message carries its stable outbox id, as the
//! e-mail's `Message-ID` and as the webhook's `Idempotency-Key`, and a receiver can drop
//! the resend.
//!
//! TLS is rustls with the *ring* provider, checking certificates against the system's
//! roots (`/etc/ssl/certs`, or `SSL_CERT_FILE`/`SSL_CERT_DIR`). The webhook client is a
//! small hyper HTTP/1.1 client rather than reqwest: reqwest 0.13 offers ring only through
//! `rustls-no-provider`, and that feature, unified across the workspace, would make every
//! other crate's `reqwest::Client::new()` panic for want of a process-wide provider.
//!
//! With the `testing` feature, [`testing`] has loopback peers (an SMTP sink and an HTTP
//! receiver) for tests here and in the crates that use this one.

mod http;
mod smtp;
mod webhook;

#[cfg(feature = "testing")]
pub mod testing;

use std::fmt;

pub use smtp::SmtpChannel;
pub use webhook::{Webhook, WebhookChannel, WebhookFormat};

/// A delivery failure. `permanent` ones are not worth retrying (a bad address, a 4xx
/// from a webhook other than 408/429, an SMTP 5xx, a robot's refusal); temporary ones
/// are (connection refused, timeouts, an SMTP 4xx, an HTTP 5xx/408/429, a robot's rate
/// limit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    /// Whether sending the same message again is pointless.
    pub permanent: bool,
    /// What went wrong, Chinese first, for the outbox's last error and the logs.
    pub detail: String,
}

impl SendError {
    /// A failure that a later attempt may not meet.
    pub fn temporary(detail: impl Into<String>) -> Self {
        Self {
            permanent: false,
            detail: detail.into(),
        }
    }

    /// A failure that every later attempt would meet too.
    pub fn permanent(detail: impl Into<String>) -> Self {
        Self {
            permanent: true,
            detail: detail.into(),
        }
    }
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.permanent {
            "永久失败 / permanent failure"
        } else {
            "暂时失败 / temporary failure"
        };
        write!(f, "{kind}: {}", self.detail)
    }
}

impl std::error::Error for SendError {}

/// A channel's configuration is unusable (a bad SMTP URL or sender address). Found when
/// the channel is built, so a misconfigured server fails at start-up, not at first send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// One outgoing message. `id` is stable across retries (e.g. `duban-outbox-42`): it
/// becomes the e-mail's `Message-ID` (`<{id}@{domain of from}>`) and the webhook's
/// `Idempotency-Key` header, so a receiver can recognise a resend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outgoing<'a> {
    /// Stable across retries; letters, digits and `-._` only (it goes into headers).
    pub id: &'a str,
    /// The e-mail subject; the first line of a robot's text.
    pub subject: &'a str,
    /// Plain text.
    pub body: &'a str,
    /// What caused the message, e.g. `deadline:2019-05` (outbox `cause`); sent as
    /// `X-Duban-Cause` in e-mail and as `cause` in the generic webhook's JSON.
    pub cause: &'a str,
}

/// Checks an outgoing id before it goes into a header: a stray `>`, space or line break
/// would break the Message-ID or smuggle in a header of its own.
fn check_id(id: &str) -> Result<(), SendError> {
    let ok = !id.is_empty()
        && id.len() <= 200
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(SendError::permanent(format!(
            "消息编号无效 / invalid message id {id:?}: only letters, digits and -._ are allowed"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_with_header_breaking_characters_is_refused_for_good() {
        assert!(check_id("duban-outbox-42").is_ok());
        for bad in ["", "a b", "a>b", "a\r\nBcc: x", "a@b", "督办-1"] {
            let e = check_id(bad).unwrap_err();
            assert!(e.permanent, "{bad:?}");
        }
    }

    #[test]
    fn a_send_error_says_whether_it_is_worth_retrying() {
        assert_eq!(
            SendError::temporary("x").to_string(),
            "暂时失败 / temporary failure: x"
        );
        assert!(
            SendError::permanent("x")
                .to_string()
                .starts_with("永久失败")
        );
    }
}

//! E-mail over SMTP, through lettre. One connection per message: reminders are few, and
//! a fresh connection leaves nothing half-open behind a worker that is killed.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::transport::smtp::Error as SmtpError;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::{ConfigError, Outgoing, SendError, check_id};

/// Sends [`Outgoing`] messages as plain-text UTF-8 e-mail through one SMTP server.
#[derive(Clone)]
pub struct SmtpChannel {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The right-hand side of every Message-ID: the sender's domain, which is ours.
    domain: String,
    /// Bounds a whole send. lettre's own timeout covers only connecting on tokio, so a
    /// server that stops answering mid-conversation would hold the worker forever.
    timeout: Duration,
}

impl std::fmt::Debug for SmtpChannel {
    // By hand: the transport holds the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpChannel")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl SmtpChannel {
    /// From a URL: `smtp://host:port` (plain, for a relay on the intranet or loopback),
    /// `smtp://host:587?tls=required` (STARTTLS) or `smtps://host:465`, with an optional
    /// `user:password@` (percent-encoded). `from` is a mailbox such as
    /// `市政府督查室 <ducha@example.gov.cn>`. `timeout` bounds each send as a whole.
    pub fn new(url: &str, from: &str, timeout: Duration) -> Result<Self, ConfigError> {
        let invalid = |why: &str| {
            ConfigError(format!(
                "邮件服务器地址无效 / invalid SMTP URL {}: {why}",
                redacted(url)
            ))
        };
        let parsed = url::Url::parse(url).map_err(|e| invalid(&e.to_string()))?;
        let tls = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        match (parsed.scheme(), tls.as_deref()) {
            ("smtp", None | Some("required" | "opportunistic")) | ("smtps", None) => {}
            ("smtp" | "smtps", Some(other)) => {
                return Err(invalid(&format!(
                    "tls={other} (expected tls=required or tls=opportunistic with smtp://)"
                )));
            }
            (other, _) => {
                return Err(invalid(&format!(
                    "scheme {other}: (expected smtp: or smtps:)"
                )));
            }
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(invalid("no host"));
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| invalid(&e.to_string()))?
            .timeout(Some(timeout))
            .build();
        let from: Mailbox = from.parse().map_err(|e| {
            ConfigError(format!(
                "发件人地址无效 / invalid sender address {from:?}: {e}"
            ))
        })?;
        let domain = from.email.domain().to_owned();
        Ok(Self {
            transport,
            from,
            domain,
            timeout,
        })
    }

    /// Sends `m` to `to` (an address, optionally with a display name). `Ok` means the
    /// server answered 250 to the message's data: it has taken responsibility for it.
    pub async fn send(&self, to: &str, m: &Outgoing<'_>) -> Result<(), SendError> {
        check_id(m.id)?;
        let to: Mailbox = to.parse().map_err(|e| {
            SendError::permanent(format!(
                "收件人地址无效 / invalid recipient address {to:?}: {e}"
            ))
        })?;
        let mut message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject)
            .message_id(Some(format!("<{}@{}>", m.id, self.domain)))
            .date_now()
            // Automated mail: tells auto-responders (out-of-office) not to answer it.
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".to_owned(),
            ))
            .header(ContentType::TEXT_PLAIN);
        if !m.cause.is_empty() {
            message = message.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("X-Duban-Cause"),
                m.cause.to_owned(),
            ));
        }
        let message = message.body(m.body.to_owned()).map_err(|e| {
            SendError::permanent(format!("邮件无法生成 / cannot build the e-mail: {e}"))
        })?;
        match tokio::time::timeout(self.timeout, self.transport.send(message)).await {
            Ok(sent) => sent.map(drop).map_err(classify),
            // Dropping the send closes the connection. A server that already had the
            // data may still deliver it (RFC 1047's duplicate problem): the retry keeps
            // the Message-ID, so the recipient can tell.
            Err(_) => Err(SendError::temporary(format!(
                "邮件服务器无应答 / no answer from the SMTP server within {:?}",
                self.timeout
            ))),
        }
    }
}

/// SMTP's own classes decide where the server answered: 5xx is final, 4xx asks us to
/// try later. Everything else (network, timeouts, TLS, a server that lacks STARTTLS or
/// an auth mechanism) is retried: it is the connection or the configuration that fails,
/// not this message, and it fails for every message alike until someone fixes it.
fn classify(e: SmtpError) -> SendError {
    if e.is_permanent() {
        SendError::permanent(format!(
            "邮件服务器拒收 / the SMTP server refused the message: {e}"
        ))
    } else if e.is_transient() {
        SendError::temporary(format!(
            "邮件服务器暂时拒收 / the SMTP server deferred the message: {e}"
        ))
    } else if e.is_timeout() {
        SendError::temporary(format!("邮件服务器无应答 / the SMTP server timed out: {e}"))
    } else {
        SendError::temporary(format!("邮件发送失败 / sending the e-mail failed: {e}"))
    }
}

/// The URL without its password, for error messages.
fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(u) => u.to_string(),
        Err(_) => format!("{url:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Duration = Duration::from_secs(5);
    const FROM: &str = "市政府督查室 <ducha@example.gov.cn>";

    #[test]
    fn the_usual_urls_are_accepted() {
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://relay.example.gov.cn",
            "smtp://user:p%40ss@mail.example.gov.cn:587?tls=required",
            "smtp://mail.example.gov.cn:587?tls=opportunistic",
            "smtps://user:pass@mail.example.gov.cn",
        ] {
            let c = SmtpChannel::new(url, FROM, T).unwrap();
            assert_eq!(c.domain, "example.gov.cn", "{url}");
        }
    }

    #[test]
    fn a_bad_url_is_a_bilingual_config_error_without_the_password() {
        for url in [
            "http://mail.example.gov.cn",
            "smtp://user:secret@mail.example.gov.cn?tls=maybe",
            "smtp:///nohost",
            "not a url",
        ] {
            let e = SmtpChannel::new(url, FROM, T).unwrap_err();
            assert!(
                e.0.starts_with("邮件服务器地址无效 / invalid SMTP URL"),
                "{e}"
            );
            assert!(!e.0.contains("secret"), "{e}");
        }
    }

    #[test]
    fn a_bad_sender_is_a_config_error() {
        let e = SmtpChannel::new("smtp://127.0.0.1:25", "督查室", T).unwrap_err();
        assert!(e.0.starts_with("发件人地址无效"), "{e}");
    }
}

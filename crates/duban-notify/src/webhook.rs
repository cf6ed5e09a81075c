//! Webhooks: a unit's group robot (企业微信, 钉钉) or any receiver of duban's own JSON.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use sha2::Sha256;
use url::Url;

use crate::http::{HttpClient, Response, shown};
use crate::{ConfigError, Outgoing, SendError, check_id};

/// What the receiving end understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WebhookFormat {
    /// duban's own JSON (`id`, `subject`, `body`, `cause`), optionally HMAC-signed.
    Generic,
    /// 企业微信群机器人: a text message; answers `{"errcode":0,...}`.
    WeCom,
    /// 钉钉自定义机器人: a text message, optionally signed (加签); answers `{"errcode":0,...}`.
    DingTalk,
}

impl WebhookFormat {
    /// The name stored in configuration: `generic`, `wecom` or `dingtalk`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generic => "generic",
            Self::WeCom => "wecom",
            Self::DingTalk => "dingtalk",
        }
    }
}

impl fmt::Display for WebhookFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for WebhookFormat {
    type Err = ConfigError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "generic" => Ok(Self::Generic),
            "wecom" => Ok(Self::WeCom),
            "dingtalk" => Ok(Self::DingTalk),
            other => Err(ConfigError(format!(
                "webhook 格式无效 / unknown webhook format {other:?}: expected generic, wecom or dingtalk"
            ))),
        }
    }
}

/// Where and how to post one message.
#[derive(Clone, PartialEq, Eq)]
pub struct Webhook {
    /// The robot's address, key included (`…/send?key=…`, `…/send?access_token=…`).
    pub url: String,
    /// What the receiver understands.
    pub format: WebhookFormat,
    /// Generic: the HMAC key of `X-Duban-Signature`. DingTalk: the 加签 secret (`SEC…`).
    /// WeCom has no signing; a secret there is ignored.
    pub secret: Option<String>,
}

impl fmt::Debug for Webhook {
    // By hand: the URL's query and the secret are credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = Url::parse(&self.url).map_or_else(|_| "<invalid>".to_owned(), |u| shown(&u));
        f.debug_struct("Webhook")
            .field("url", &url)
            .field("format", &self.format)
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .finish()
    }
}

/// Posts [`Outgoing`] messages to webhooks. Build one and share it: it holds the TLS
/// configuration and the timeout that bounds each whole request.
#[derive(Clone)]
pub struct WebhookChannel {
    http: HttpClient,
}

impl fmt::Debug for WebhookChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookChannel").finish_non_exhaustive()
    }
}

/// The generic body; field order as documented.
#[derive(Serialize)]
struct GenericBody<'a> {
    id: &'a str,
    subject: &'a str,
    body: &'a str,
    cause: &'a str,
}

/// The robots' text message.
#[derive(Serialize)]
struct TextMessage<'a> {
    msgtype: &'static str,
    text: Text<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    content: &'a str,
}

/// A robot's answer; only `errcode` matters.
#[derive(serde::Deserialize)]
struct RobotAnswer {
    errcode: i64,
    #[serde(default)]
    errmsg: String,
}

/// 企业微信 caps a text message at 2048 bytes of UTF-8 and refuses a longer one.
const WECOM_MAX_CONTENT: usize = 2048;

impl WebhookChannel {
    /// `timeout` bounds each request as a whole: connecting, TLS, sending, the answer.
    pub fn new(timeout: Duration) -> Result<Self, ConfigError> {
        Ok(Self {
            http: HttpClient::new(timeout)?,
        })
    }

    /// Posts `m` to `hook`. `Ok` means the receiver acknowledged it: a 2xx, and for a
    /// robot also `errcode` 0.
    pub async fn send(&self, hook: &Webhook, m: &Outgoing<'_>) -> Result<(), SendError> {
        check_id(m.id)?;
        // The parse error, not the URL: the URL holds the robot's key.
        let mut url = Url::parse(&hook.url).map_err(|e| {
            SendError::permanent(format!("webhook 地址无效 / invalid webhook URL: {e}"))
        })?;
        let mut headers = vec![("idempotency-key", m.id.to_owned())];
        let body = match hook.format {
            WebhookFormat::Generic => {
                let body = json(&GenericBody {
                    id: m.id,
                    subject: m.subject,
                    body: m.body,
                    cause: m.cause,
                })?;
                if let Some(secret) = &hook.secret {
                    let signature = hex(&hmac_sha256(secret.as_bytes(), &body)?);
                    headers.push(("x-duban-signature", format!("sha256={signature}")));
                }
                body
            }
            WebhookFormat::WeCom => {
                let text = robot_text(m);
                json(&TextMessage {
                    msgtype: "text",
                    text: Text {
                        content: truncate(&text, WECOM_MAX_CONTENT),
                    },
                })?
            }
            WebhookFormat::DingTalk => {
                if let Some(secret) = &hook.secret {
                    let ms = SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .map_or(0, |d| d.as_millis());
                    let sign = dingtalk_sign(secret, ms)?;
                    // Appended as form-encoded pairs: `+`, `/` and `=` of the base64 are
                    // percent-encoded, as the robot's docs' URLEncoder/quote_plus do.
                    url.query_pairs_mut()
                        .append_pair("timestamp", &ms.to_string())
                        .append_pair("sign", &sign);
                }
                json(&TextMessage {
                    msgtype: "text",
                    text: Text {
                        content: &robot_text(m),
                    },
                })?
            }
        };
        let response = self.http.post_json(&url, &headers, body).await?;
        judge(hook.format, &shown(&url), &response)
    }
}

/// A robot shows one text: the subject as its first line.
fn robot_text(m: &Outgoing<'_>) -> String {
    format!("{}\n{}", m.subject, m.body)
}

/// Decides what an answer means. Status first (as for any HTTP API: 408/429/5xx are
/// passing, other non-2xx final), then, for a robot, the `errcode` inside the 200.
fn judge(format: WebhookFormat, shown: &str, r: &Response) -> Result<(), SendError> {
    let snippet = || truncate(&String::from_utf8_lossy(&r.body), 200).to_owned();
    match r.status {
        200..=299 => {}
        408 | 429 | 500..=599 => {
            return Err(SendError::temporary(format!(
                "webhook 暂时不可用 / {shown} answered {}: {}",
                r.status,
                snippet()
            )));
        }
        _ => {
            return Err(SendError::permanent(format!(
                "webhook 拒收 / {shown} answered {}: {}",
                r.status,
                snippet()
            )));
        }
    }
    let (robot, rate_limited) = match format {
        WebhookFormat::Generic => return Ok(()),
        // 45009: 接口调用超过限制 (a robot may send 20 a minute).
        WebhookFormat::WeCom => ("企业微信机器人 / WeCom robot", 45009),
        // 130101: send too fast (20 a minute, then throttled for a while).
        WebhookFormat::DingTalk => ("钉钉机器人 / DingTalk robot", 130101),
    };
    let Ok(answer) = serde_json::from_slice::<RobotAnswer>(&r.body) else {
        // A 200 that is not the robot's JSON is some gateway in between: try again later.
        return Err(SendError::temporary(format!(
            "{robot} 应答无法识别 / unrecognised answer from {shown}: {}",
            snippet()
        )));
    };
    match answer.errcode {
        0 => Ok(()),
        // -1 is both platforms' 系统繁忙 (system busy, try later).
        -1 => Err(SendError::temporary(format!(
            "{robot} 系统繁忙 / busy: errcode -1 {}",
            answer.errmsg
        ))),
        c if c == rate_limited => Err(SendError::temporary(format!(
            "{robot} 发送过快 / rate limited: errcode {c} {}",
            answer.errmsg
        ))),
        c => Err(SendError::permanent(format!(
            "{robot} 拒收 / refused: errcode {c} {}",
            answer.errmsg
        ))),
    }
}

fn json<T: Serialize>(value: &T) -> Result<Vec<u8>, SendError> {
    serde_json::to_vec(value)
        .map_err(|e| SendError::permanent(format!("消息无法编码 / cannot encode the message: {e}")))
}

/// 钉钉加签: base64 of HMAC-SHA256 keyed with the secret over `"{ms}\n{secret}"`.
fn dingtalk_sign(secret: &str, ms: u128) -> Result<String, SendError> {
    let mac = hmac_sha256(secret.as_bytes(), format!("{ms}\n{secret}").as_bytes())?;
    Ok(BASE64.encode(mac))
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Result<Vec<u8>, SendError> {
    // HMAC takes keys of any length; the error arm is there only because the API has one.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .map_err(|e| SendError::permanent(format!("签名密钥无效 / unusable secret: {e}")))?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().to_vec())
}

/// Lower-case hex, as in `sha256=…`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

/// At most `max` bytes of `s`, cut at a character boundary.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_read_and_print_their_configuration_names() {
        for f in [
            WebhookFormat::Generic,
            WebhookFormat::WeCom,
            WebhookFormat::DingTalk,
        ] {
            assert_eq!(f.to_string().parse::<WebhookFormat>().unwrap(), f);
        }
        let e = "feishu".parse::<WebhookFormat>().unwrap_err();
        assert!(e.0.starts_with("webhook 格式无效"), "{e}");
    }

    #[test]
    fn hmac_and_hex_match_the_rfc_4231_vector() {
        // RFC 4231, test case 2.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?").unwrap();
        assert_eq!(
            hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn truncation_never_splits_a_character() {
        assert_eq!(truncate("督办abc", 4), "督");
        assert_eq!(truncate("督办", 6), "督办");
        assert_eq!(truncate("abc", 2), "ab");
    }

    #[test]
    fn a_webhook_debug_shows_neither_key_nor_secret() {
        let hook = Webhook {
            url: "https://oapi.dingtalk.com/robot/send?access_token=TOKEN".into(),
            format: WebhookFormat::DingTalk,
            secret: Some("SECabc".into()),
        };
        let shown = format!("{hook:?}");
        assert!(
            !shown.contains("TOKEN") && !shown.contains("SECabc"),
            "{shown}"
        );
    }
}

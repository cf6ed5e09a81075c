//! An SMTP server on loopback that keeps what it accepts in memory.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::{AbortOnDrop, Gate, find_header, lock, peer_gone, wait_count};

/// Larger messages are refused (552); reminders are small.
const MAX_MESSAGE: usize = 16 * 1024 * 1024;

/// One accepted message, as the sink read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMail {
    /// The envelope sender (`MAIL FROM`), without angle brackets.
    pub from: String,
    /// The envelope recipients (`RCPT TO`), without angle brackets.
    pub to: Vec<String>,
    /// The `Message-ID` header as sent, angle brackets included.
    pub message_id: String,
    /// The `Subject` header with its RFC 2047 encoded words decoded.
    pub subject: String,
    /// The body, decoded from its transfer encoding (quoted-printable or base64), with
    /// CRLF line ends turned into `\n`.
    pub body: String,
    /// Every header (unfolded; values still encoded), in order.
    pub headers: Vec<(String, String)>,
    /// The message as transmitted, after dot-unstuffing.
    pub raw: String,
}

impl ReceivedMail {
    /// The first header of that name (any case), still encoded.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

struct Shared {
    mails: Mutex<Vec<ReceivedMail>>,
    recorded: watch::Sender<usize>,
    /// Reply codes for the next messages' data, instead of 250.
    failures: Mutex<VecDeque<u16>>,
    gate: Gate,
}

/// An SMTP server on `127.0.0.1`: greeting, EHLO/HELO, MAIL, RCPT, DATA (with
/// dot-unstuffing), RSET, NOOP, QUIT; no TLS, no AUTH. A message is recorded only once
/// the sink has written its `250` for the data, SMTP's moment of acceptance.
pub struct SmtpSink {
    addr: SocketAddr,
    shared: Arc<Shared>,
    _server: AbortOnDrop,
}

impl SmtpSink {
    /// Binds `127.0.0.1:0` and starts serving.
    pub async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            mails: Mutex::new(Vec::new()),
            recorded: watch::Sender::new(0),
            failures: Mutex::new(VecDeque::new()),
            gate: Gate::new(),
        });
        let server = tokio::spawn(serve(listener, Arc::clone(&shared)));
        Ok(Self {
            addr,
            shared,
            _server: AbortOnDrop(server),
        })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `smtp://127.0.0.1:PORT`, for [`crate::SmtpChannel::new`].
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Every message accepted so far, in order of acceptance.
    pub fn mails(&self) -> Vec<ReceivedMail> {
        lock(&self.shared.mails).clone()
    }

    /// Waits until `n` messages have been accepted, or `timeout` (a guard against
    /// hanging, not a measurement) has passed; returns what was accepted either way.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<ReceivedMail> {
        wait_count(&self.shared.recorded, n, timeout).await;
        self.mails()
    }

    /// Answers the data of the next `n` messages with `code` (e.g. 451, temporary, or
    /// 550, permanent) instead of 250, and records none of them. Calls add up.
    pub fn fail_next(&self, n: usize, code: u16) {
        lock(&self.shared.failures).extend(std::iter::repeat_n(code, n));
    }

    /// While holding, a message whose data has arrived gets no reply: it stays in
    /// flight. Releasing answers every held message whose sender is still connected;
    /// one whose connection dropped meanwhile is discarded, never recorded.
    pub fn hold(&self, on: bool) {
        self.shared.gate.hold(on);
    }

    /// How many messages are being held now.
    pub fn held(&self) -> usize {
        *self.shared.gate.held.borrow()
    }

    /// Waits until at least `n` messages are being held; `false` if `timeout` passed.
    pub async fn wait_held(&self, n: usize, timeout: Duration) -> bool {
        wait_count(&self.shared.gate.held, n, timeout).await
    }

    /// How many held messages were discarded because their sender went away.
    pub fn discarded(&self) -> usize {
        *self.shared.gate.discarded.borrow()
    }

    /// Waits until at least `n` held messages have been discarded; `false` on timeout.
    pub async fn wait_discarded(&self, n: usize, timeout: Duration) -> bool {
        wait_count(&self.shared.gate.discarded, n, timeout).await
    }
}

impl std::fmt::Debug for SmtpSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSink")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    // Owned here, so aborting this task ends every connection too.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    connections.spawn(session(stream, Arc::clone(&shared)));
                }
            }
            // Reap finished sessions so the set does not grow.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// One SMTP session. Errors end it quietly: the peer went away.
async fn session(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    write.write_all(b"220 duban-sink ESMTP ready\r\n").await?;
    let mut from: Option<String> = None;
    let mut to: Vec<String> = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        let (verb, arg) = text.split_once(' ').unwrap_or((text, ""));
        let reply: &[u8] = match verb.to_ascii_uppercase().as_str() {
            "EHLO" => b"250-duban-sink\r\n250-SIZE 16777216\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" => b"250 duban-sink\r\n",
            "MAIL" => match path_after(arg, "FROM:") {
                Some(path) => {
                    from = Some(path);
                    to.clear();
                    b"250 2.1.0 OK\r\n"
                }
                None => b"501 5.5.4 syntax: MAIL FROM:<address>\r\n",
            },
            "RCPT" => match (&from, path_after(arg, "TO:")) {
                (None, _) => b"503 5.5.1 MAIL first\r\n",
                (Some(_), Some(path)) => {
                    to.push(path);
                    b"250 2.1.5 OK\r\n"
                }
                (Some(_), None) => b"501 5.5.4 syntax: RCPT TO:<address>\r\n",
            },
            "DATA" => {
                let Some(sender) = from.clone().filter(|_| !to.is_empty()) else {
                    write
                        .write_all(b"503 5.5.1 MAIL and RCPT first\r\n")
                        .await?;
                    continue;
                };
                from = None;
                write
                    .write_all(b"354 end data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let Some(raw) = read_data(&mut reader).await? else {
                    return Ok(()); // the connection ended inside the data
                };
                let recipients = std::mem::take(&mut to);
                if raw.len() > MAX_MESSAGE {
                    write.write_all(b"552 5.3.4 message too big\r\n").await?;
                    continue;
                }
                if !shared.gate.pass(peer_gone(&mut reader)).await {
                    return Ok(()); // held, and the sender went away: never accepted
                }
                let failure = lock(&shared.failures).pop_front();
                if let Some(code) = failure {
                    let status = if code < 500 { "4.3.0" } else { "5.7.1" };
                    let reply = format!("{code} {status} duban-sink refuses this message\r\n");
                    write.write_all(reply.as_bytes()).await?;
                    continue;
                }
                write.write_all(b"250 2.0.0 OK accepted\r\n").await?;
                write.flush().await?;
                // Written: from here on the sender may consider the message delivered.
                let mail = parse_mail(sender, recipients, &raw);
                lock(&shared.mails).push(mail);
                shared.recorded.send_modify(|n| *n += 1);
                continue;
            }
            "RSET" => {
                from = None;
                to.clear();
                b"250 2.0.0 OK\r\n"
            }
            "NOOP" => b"250 2.0.0 OK\r\n",
            "QUIT" => {
                write.write_all(b"221 2.0.0 bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 5.5.2 command not implemented\r\n",
        };
        write.write_all(reply).await?;
    }
}

/// The address in `FROM:<a@b> SIZE=…` (after `prefix`, any case), without brackets.
fn path_after(arg: &str, prefix: &str) -> Option<String> {
    let head = arg.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = arg[prefix.len()..].trim_start();
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    Some(inner[..end].to_owned())
}

/// Reads the data up to the line holding a single `.`, undoing dot-stuffing. `None` if
/// the connection ended first. Past the size limit it keeps reading but stops keeping.
async fn read_data<R: tokio::io::AsyncBufRead + Unpin>(
    reader: &mut R,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut raw = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(None);
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(Some(raw));
        }
        let unstuffed = line.strip_prefix(b".").unwrap_or(&line);
        if raw.len() <= MAX_MESSAGE {
            raw.extend_from_slice(unstuffed);
        }
    }
}

fn parse_mail(from: String, to: Vec<String>, raw: &[u8]) -> ReceivedMail {
    let raw = String::from_utf8_lossy(raw).into_owned();
    let (head, body) = match raw.find("\r\n\r\n") {
        Some(i) => (&raw[..i], &raw[i + 4..]),
        None => raw.split_once("\n\n").unwrap_or((raw.as_str(), "")),
    };
    let headers = unfold(head);
    let subject = find_header(&headers, "Subject")
        .map(decode_words)
        .unwrap_or_default();
    let message_id = find_header(&headers, "Message-ID")
        .unwrap_or_default()
        .to_owned();
    // The CRLF before the closing dot ends the last line; it is not part of the body.
    let body = body.strip_suffix("\r\n").unwrap_or(body);
    let encoding = find_header(&headers, "Content-Transfer-Encoding")
        .unwrap_or("7bit")
        .to_ascii_lowercase();
    let decoded = match encoding.as_str() {
        "base64" => {
            let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            BASE64
                .decode(compact)
                .unwrap_or_else(|_| body.as_bytes().to_vec())
        }
        "quoted-printable" => quoted_printable::decode(body, quoted_printable::ParseMode::Robust)
            .unwrap_or_else(|_| body.as_bytes().to_vec()),
        _ => body.as_bytes().to_vec(),
    };
    let body = String::from_utf8_lossy(&decoded).replace("\r\n", "\n");
    ReceivedMail {
        from,
        to,
        message_id,
        subject,
        body,
        headers,
        raw,
    }
}

/// Header lines to (name, value) pairs, continuation lines joined.
fn unfold(head: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push_str(line);
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim_start().to_owned()));
        }
    }
    headers
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`). The bytes of
/// adjacent words are joined before reading them as UTF-8, since an encoder may split a
/// character between words; the whitespace between such words is dropped.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut in_words = false;
    let mut rest = value;
    while let Some(start) = rest.find("=?") {
        let (before, at) = rest.split_at(start);
        match encoded_word(at) {
            Some((len, bytes)) => {
                if !(in_words && before.trim().is_empty()) {
                    out.push_str(&String::from_utf8_lossy(&pending));
                    pending.clear();
                    out.push_str(before);
                }
                pending.extend(bytes);
                in_words = true;
                rest = &at[len..];
            }
            None => {
                out.push_str(&String::from_utf8_lossy(&pending));
                pending.clear();
                in_words = false;
                out.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
            }
        }
    }
    out.push_str(&String::from_utf8_lossy(&pending));
    out.push_str(rest);
    out
}

/// One encoded word at the start of `s`: its length and decoded bytes. The charset is
/// taken to be UTF-8 (or ASCII), which is all lettre writes.
fn encoded_word(s: &str) -> Option<(usize, Vec<u8>)> {
    let inner = s.strip_prefix("=?")?;
    let (_charset, rest) = inner.split_once('?')?;
    let (encoding, rest) = rest.split_once('?')?;
    let end = rest.find("?=")?;
    let text = &rest[..end];
    if text.contains([' ', '\t', '\r', '\n']) {
        return None;
    }
    let bytes = match encoding {
        "b" | "B" => BASE64.decode(text).ok()?,
        "q" | "Q" => {
            let mut out = Vec::new();
            let raw = text.as_bytes();
            let mut i = 0;
            while i < raw.len() {
                match raw[i] {
                    b'_' => out.push(b' '),
                    b'=' => {
                        let hex = text.get(i + 1..i + 3)?;
                        out.push(u8::from_str_radix(hex, 16).ok()?);
                        i += 2;
                    }
                    b => out.push(b),
                }
                i += 1;
            }
            out
        }
        _ => return None,
    };
    // "=?" + charset + "?" + encoding + "?" + text + "?="
    let len = s.len() - rest.len() + end + 2;
    Some((len, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words_are_decoded_across_folds() {
        // "督办提醒" split inside a character between two words.
        let folded = "=?utf-8?b?552j5Yqe5o8=?=\r\n =?utf-8?b?kOmGkg==?=";
        assert_eq!(decode_words(folded), "督办提醒");
        assert_eq!(decode_words("=?UTF-8?Q?a_b=E7=9D=A3?= tail"), "a b督 tail");
        assert_eq!(decode_words("plain =? not a word"), "plain =? not a word");
    }

    #[test]
    fn envelope_paths_lose_their_brackets_and_parameters() {
        assert_eq!(
            path_after("FROM:<a@b.cn> SIZE=10", "FROM:").as_deref(),
            Some("a@b.cn")
        );
        assert_eq!(path_after("to: <c@d.cn>", "TO:").as_deref(), Some("c@d.cn"));
        assert_eq!(path_after("FROM:a@b.cn", "FROM:"), None);
    }
}

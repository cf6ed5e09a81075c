//! An HTTP/1.1 server on loopback that records the requests it answers.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::{AbortOnDrop, Gate, find_header, lock, peer_gone, wait_count};

/// Larger heads or bodies get 413; webhook posts are small.
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 4 * 1024 * 1024;

/// What a robot answers when all is well; the default answer.
const OK_BODY: &str = r#"{"errcode":0,"errmsg":"ok"}"#;

/// One request, recorded after its response was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// `POST`, mostly.
    pub method: String,
    /// The request target as sent, e.g. `/hook?timestamp=…&sign=…`.
    pub path_and_query: String,
    /// Header names in lower case, in order.
    pub headers: Vec<(String, String)>,
    /// The body (lossy UTF-8).
    pub body: String,
    /// The status it was answered with.
    pub status: u16,
    /// Whether the answer told the sender it succeeded: a 2xx whose body is not a robot's
    /// JSON with a non-zero `errcode`.
    pub accepted: bool,
}

impl ReceivedRequest {
    /// The first header of that name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The first query parameter of that name, percent-decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        let (_, query) = self.path_and_query.split_once('?')?;
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    /// The body as JSON (`Null` if it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_default()
    }
}

struct Shared {
    requests: Mutex<Vec<ReceivedRequest>>,
    recorded: watch::Sender<usize>,
    accepted: watch::Sender<usize>,
    /// Answers for the next requests, instead of the default.
    script: Mutex<VecDeque<(u16, String)>>,
    gate: Gate,
}

/// A minimal HTTP/1.1 server on `127.0.0.1`: reads the request line, headers and a
/// `Content-Length` body, answers with `Connection: close`, and only then records the
/// request. By default it answers 200 `{"errcode":0,"errmsg":"ok"}`, which satisfies
/// all three webhook formats.
pub struct HttpReceiver {
    addr: SocketAddr,
    shared: Arc<Shared>,
    _server: AbortOnDrop,
}

impl HttpReceiver {
    /// Binds `127.0.0.1:0` and starts serving.
    pub async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            requests: Mutex::new(Vec::new()),
            recorded: watch::Sender::new(0),
            accepted: watch::Sender::new(0),
            script: Mutex::new(VecDeque::new()),
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

    /// `http://127.0.0.1:PORT{path}`; `path` starts with `/` and may carry a query.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Answers the next `n` requests with `status` and `body` (JSON) instead of the
    /// default, e.g. 500 for an outage or 200 `{"errcode":45009,…}` for a rate limit.
    /// Calls add up.
    pub fn respond_with(&self, n: usize, status: u16, body: &str) {
        lock(&self.shared.script).extend(std::iter::repeat_n((status, body.to_owned()), n));
    }

    /// Every request answered so far, in order, whatever the answer.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// The requests answered with success (see [`ReceivedRequest::accepted`]).
    pub fn accepted(&self) -> Vec<ReceivedRequest> {
        lock(&self.shared.requests)
            .iter()
            .filter(|r| r.accepted)
            .cloned()
            .collect()
    }

    /// Waits until `n` requests have been answered, or `timeout` (a guard against
    /// hanging) has passed; returns [`Self::requests`] either way.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<ReceivedRequest> {
        wait_count(&self.shared.recorded, n, timeout).await;
        self.requests()
    }

    /// Waits until `n` requests have been answered with success; returns
    /// [`Self::accepted`] either way.
    pub async fn wait_for_accepted(&self, n: usize, timeout: Duration) -> Vec<ReceivedRequest> {
        wait_count(&self.shared.accepted, n, timeout).await;
        self.accepted()
    }

    /// While holding, a complete request gets no response: it stays in flight.
    /// Releasing answers every held request whose sender is still connected; one whose
    /// connection dropped meanwhile is discarded, never recorded.
    pub fn hold(&self, on: bool) {
        self.shared.gate.hold(on);
    }

    /// How many requests are being held now.
    pub fn held(&self) -> usize {
        *self.shared.gate.held.borrow()
    }

    /// Waits until at least `n` requests are being held; `false` if `timeout` passed.
    pub async fn wait_held(&self, n: usize, timeout: Duration) -> bool {
        wait_count(&self.shared.gate.held, n, timeout).await
    }

    /// How many held requests were discarded because their sender went away.
    pub fn discarded(&self) -> usize {
        *self.shared.gate.discarded.borrow()
    }

    /// Waits until at least `n` held requests have been discarded; `false` on timeout.
    pub async fn wait_discarded(&self, n: usize, timeout: Duration) -> bool {
        wait_count(&self.shared.gate.discarded, n, timeout).await
    }
}

impl std::fmt::Debug for HttpReceiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpReceiver")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    connections.spawn(exchange(stream, Arc::clone(&shared)));
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// One request and its response; the connection closes after.
async fn exchange(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let Some(head) = read_head(&mut reader).await? else {
        return Ok(());
    };
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return respond(&mut write, 400, r#"{"error":"bad request line"}"#).await;
    };
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    if find_header(&headers, "transfer-encoding").is_some() {
        return respond(&mut write, 501, r#"{"error":"send a Content-Length"}"#).await;
    }
    let length = match find_header(&headers, "content-length").map(str::parse::<usize>) {
        None => 0,
        Some(Ok(n)) if n <= MAX_BODY => n,
        Some(_) => return respond(&mut write, 413, r#"{"error":"bad or large body"}"#).await,
    };
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;

    if !shared.gate.pass(peer_gone(&mut reader)).await {
        return Ok(()); // held, and the sender went away: never answered
    }
    let (status, answer) = lock(&shared.script)
        .pop_front()
        .unwrap_or_else(|| (200, OK_BODY.to_owned()));
    respond(&mut write, status, &answer).await?;
    // Written: from here on the sender may consider the request delivered.
    let accepted = (200..300).contains(&status) && !refuses(&answer);
    lock(&shared.requests).push(ReceivedRequest {
        method: method.to_owned(),
        path_and_query: target.to_owned(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        status,
        accepted,
    });
    shared.recorded.send_modify(|n| *n += 1);
    if accepted {
        shared.accepted.send_modify(|n| *n += 1);
    }
    Ok(())
}

/// Whether a 2xx body is a robot's refusal (`errcode` other than 0).
fn refuses(body: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("errcode").and_then(serde_json::Value::as_i64))
        .is_some_and(|c| c != 0)
}

/// The request line and headers, up to the empty line. `None` if the peer closed first
/// or sent too much.
async fn read_head<R: tokio::io::AsyncBufRead + Unpin>(
    reader: &mut R,
) -> std::io::Result<Option<String>> {
    let mut head = Vec::new();
    loop {
        let before = head.len();
        if reader.read_until(b'\n', &mut head).await? == 0 || head.len() > MAX_HEAD {
            return Ok(None);
        }
        let line = &head[before..];
        if line == b"\r\n" || line == b"\n" {
            return Ok(Some(String::from_utf8_lossy(&head).into_owned()));
        }
    }
}

async fn respond(
    write: &mut tokio::net::tcp::OwnedWriteHalf,
    status: u16,
    body: &str,
) -> std::io::Result<()> {
    let reason = hyper::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Status");
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    write.write_all(response.as_bytes()).await?;
    write.flush().await?;
    // Best effort: the response is out; a peer that already hung up changes nothing.
    let _ = write.shutdown().await;
    Ok(())
}

//! Loopback peers for tests: [`SmtpSink`] speaks enough SMTP to take mail from
//! [`crate::SmtpChannel`], [`HttpReceiver`] enough HTTP/1.1 to take webhook posts. Both
//! bind `127.0.0.1:0`, serve many connections at once, and stop when dropped.
//!
//! They are built for crash tests: a message counts as received only once the peer has
//! written its acceptance (SMTP's `250` after the data, the HTTP response), so a sender
//! killed before that point has delivered nothing. `hold(true)` stops the peer just
//! before that point; a test waits with `wait_held` until a message is in flight, kills
//! the sender, and the held message, whose connection is gone, is discarded.
//!
//! Waits take a timeout only so that a broken test fails instead of hanging; they never
//! measure time.

mod http_receiver;
mod smtp_sink;

use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::io::AsyncBufReadExt;
use tokio::sync::watch;

pub use http_receiver::{HttpReceiver, ReceivedRequest};
pub use smtp_sink::{ReceivedMail, SmtpSink};

/// The hold switch and its counters, shared by both peers.
struct Gate {
    holding: watch::Sender<bool>,
    held: watch::Sender<usize>,
    discarded: watch::Sender<usize>,
}

impl Gate {
    fn new() -> Self {
        Self {
            holding: watch::Sender::new(false),
            held: watch::Sender::new(0),
            discarded: watch::Sender::new(0),
        }
    }

    fn hold(&self, on: bool) {
        self.holding.send_replace(on);
    }

    /// Called with a complete message, before answering it. Returns at once unless
    /// holding; then waits for the release (`true`) or for `gone`, the peer closing
    /// its connection (`false`: the message is to be discarded). A peer that has gone
    /// by the time of the release is still noticed, so a release right after a kill
    /// never answers a dead connection.
    async fn pass(&self, gone: impl Future<Output = ()>) -> bool {
        let mut holding = self.holding.subscribe();
        if !*holding.borrow_and_update() {
            return true;
        }
        self.held.send_modify(|n| *n += 1);
        let released = tokio::select! {
            biased;
            () = gone => false,
            // An error means the sink itself is going away: nobody to answer for.
            r = holding.wait_for(|on| !*on) => r.is_ok(),
        };
        self.held.send_modify(|n| *n -= 1);
        if !released {
            self.discarded.send_modify(|n| *n += 1);
        }
        released
    }
}

/// Resolves when the peer has closed its side (or the connection broke). Bytes sent
/// meanwhile mean the peer is alive; then it never resolves.
async fn peer_gone<R: tokio::io::AsyncBufRead + Unpin>(reader: &mut R) {
    match reader.fill_buf().await {
        Ok([]) | Err(_) => {}
        Ok(_) => std::future::pending().await,
    }
}

/// Waits until the counter reaches `n`; `false` if `timeout` passed first.
async fn wait_count(counter: &watch::Sender<usize>, n: usize, timeout: Duration) -> bool {
    let mut rx = counter.subscribe();
    matches!(
        tokio::time::timeout(timeout, rx.wait_for(|v| *v >= n)).await,
        Ok(Ok(_))
    )
}

/// A poisoned lock only means another test thread panicked; the data is still good.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The header's value, names compared without case.
fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Stops the accept loop (and with it every connection) when a peer is dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

//! The limit on login attempts from one client address (the API's login and token, the
//! login form), beside the per-username lock. Counted in this instance's memory: several
//! instances behind one balancer each take the limit, and a restart forgets the counts.
//! Time is the settings clock's, so tests move it.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use duban_domain::throttle::Window;

use crate::AppState;
use crate::error::ApiError;

/// Beyond this many addresses, ended windows are dropped before a new one is added.
const PRUNE_ABOVE: usize = 10_000;

/// Each address's attempts in its current window.
#[derive(Debug, Default)]
pub struct AddressLimit {
    windows: Mutex<HashMap<IpAddr, Window>>,
}

impl AddressLimit {
    /// Counts one login attempt from `addr`, or refuses it with 429 and when to retry.
    pub fn attempt(&self, state: &AppState, addr: IpAddr) -> Result<(), ApiError> {
        let p = &state.settings.policy;
        let now = state.settings.clock.now_ms();
        let mut windows = self
            .windows
            .lock()
            .map_err(|_| ApiError::Internal("the login limit's lock is poisoned".into()))?;
        if windows.len() > PRUNE_ABOVE {
            windows.retain(|_, w| !w.ended(now, p.address_window_ms));
        }
        let w = windows.entry(addr).or_default();
        match w.attempt(now, p.attempts_per_address, p.address_window_ms) {
            Ok(next) => {
                *w = next;
                Ok(())
            }
            Err(wait_ms) => Err(ApiError::TooManyAttempts {
                retry_after_s: (wait_ms + 999) / 1000,
            }),
        }
    }
}

/// The address a request comes from: the peer's, or behind a proxy the settings trust,
/// the first entry of `X-Forwarded-For` (the client as the proxy saw it).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let forwarded = state
            .settings
            .trusted_proxy
            .then(|| parts.headers.get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|first| first.trim().parse::<IpAddr>().ok());
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        // Served without connection info (never by `serve`), all share one count.
        Ok(ClientAddr(
            forwarded
                .or(peer)
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        ))
    }
}

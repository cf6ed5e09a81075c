//! Who is asking: session cookies for pages, bearer tokens for API clients. Secrets are
//! random, shown once, and stored only as SM3 hashes. Passwords are argon2id.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::{HeaderMap, Method, header, request::Parts};
use duban_domain::Role;
use duban_domain::policy::Restriction;
use duban_store::users::User;
use sm3::{Digest, Sm3};

use crate::AppState;
use crate::error::ApiError;

/// The session cookie. Over TLS it is `__Host-`-prefixed and Secure (see Settings).
pub const COOKIE: &str = "duban_session";
pub const COOKIE_SECURE: &str = "__Host-duban_session";

/// Hashes a password with argon2id and a fresh salt. Slow by design: call it off the
/// async threads.
pub fn hash_password(pw: &str) -> Result<String, ApiError> {
    Argon2::default()
        .hash_password(pw.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(format!("hashing a password: {e}")))
}

pub fn verify_password(pw: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(h) => Argon2::default().verify_password(pw.as_bytes(), &h).is_ok(),
        Err(_) => false,
    }
}

/// Hashes off the async threads.
pub async fn hash_password_async(pw: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || hash_password(&pw))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
}

/// Verifies off the async threads. With no stored hash, verifies against a hash made
/// once with the same parameters, so that an unknown username takes as long as a wrong
/// password.
pub async fn verify_password_async(pw: String, hash: Option<String>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let known = hash.is_some();
    let ok = tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(|| {
            DUMMY
                .get_or_init(|| hash_password("duban-no-such-account").unwrap_or_default())
                .clone()
        });
        verify_password(&pw, &hash)
    })
    .await
    .unwrap_or(false);
    ok && known
}

/// A new random secret: 32 bytes as hex.
pub fn new_secret() -> Result<String, ApiError> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| ApiError::Internal(format!("randomness: {e}")))?;
    Ok(hex(&b))
}

/// What the store keeps of a secret.
pub fn secret_hash(secret: &str) -> String {
    hex(&Sm3::digest(secret.as_bytes()))
}

pub fn hex(b: &[u8]) -> String {
    duban_domain::audit::to_hex(b)
}

/// The logged-in user of a request.
#[derive(Debug, Clone)]
pub struct Auth {
    pub user: User,
    /// The hash of the secret this request came with, to end exactly this session.
    pub secret_hash: String,
    /// What the login policy holds the session to (an expired password, a second
    /// factor to set up); only [`open_while_restricted`] routes get such a session.
    pub restriction: Option<Restriction>,
}

impl Auth {
    pub fn role(&self) -> Role {
        self.user.role
    }

    /// Refuses unless `allowed`.
    pub fn require(&self, allowed: bool) -> Result<(), ApiError> {
        if allowed {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Cross-site request forgery: a change sent by a browser must come from our own
/// pages. A foreign `Origin`, or `Sec-Fetch-Site: cross-site`, is refused with 403
/// before any handler runs — for every state-changing request, logged in or not (the
/// login form, the public's objection form, the language switch). Clients that send
/// neither header (API clients with bearer tokens, old browsers) pass; a browser
/// always sends `Origin` on a cross-site POST.
pub async fn same_origin_writes(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    if same_origin(req.method(), req.headers()) {
        next.run(req).await
    } else {
        ApiError::ForeignOrigin.into_response()
    }
}

fn same_origin(method: &Method, h: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return false;
    }
    match (h.get(header::ORIGIN), h.get(header::HOST)) {
        (None, _) => true,
        (Some(o), Some(host)) => {
            let o = o.to_str().unwrap_or("");
            let host = host.to_str().unwrap_or("-");
            o.strip_prefix("http://")
                .or_else(|| o.strip_prefix("https://"))
                .is_some_and(|rest| rest == host)
        }
        (Some(_), None) => false,
    }
}

/// The account whose live session the request's bearer token or cookie names, with
/// the secret's hash; None when it names none.
pub async fn session_user(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(User, String)>, ApiError> {
    let secret = match bearer(headers) {
        Some(t) => t,
        None => match cookie(headers, state.settings.cookie_name()) {
            Some(c) => c,
            None => return Ok(None),
        },
    };
    if secret.len() != 64 || !secret.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let hash = secret_hash(secret);
    let now = state.settings.clock.now_ms();
    Ok(state
        .store
        .session_user(&hash, now)
        .await?
        .map(|u| (u, hash)))
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (user, hash) = session_user(state, &parts.headers)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        let now = state.settings.clock.now_ms();
        crate::audit::signed_in(user.id);
        let restriction = state.settings.policy.restriction(
            user.role,
            user.password_set_at,
            user.second_factor,
            now,
        );
        if let Some(r) = restriction
            && !open_while_restricted(&parts.method, parts.uri.path())
        {
            return Err(restricted(r));
        }
        Ok(Auth {
            user,
            secret_hash: hash,
            restriction,
        })
    }
}

/// What a session held by the login policy may still ask for: who it is, a new
/// password, a second factor, logging out — on the API and on the pages (whose other
/// addresses send it to the account page).
pub fn open_while_restricted(method: &Method, path: &str) -> bool {
    let get = matches!(*method, Method::GET | Method::HEAD);
    let post = *method == Method::POST;
    match path {
        "/api/v1/me" | "/" | "/account" => get,
        "/api/v1/me/password"
        | "/api/v1/me/second-factor"
        | "/api/v1/me/second-factor/confirm"
        | "/api/v1/auth/logout"
        | "/account/password"
        | "/account/second-factor"
        | "/account/second-factor/confirm"
        | "/logout" => post,
        _ => false,
    }
}

/// The refusal of a restricted session's other requests.
pub fn restricted(r: Restriction) -> ApiError {
    match r {
        Restriction::PasswordExpired => ApiError::PasswordExpired,
        Restriction::SecondFactorSetup => ApiError::SecondFactorSetupRequired,
    }
}

/// The logged-in user if any; anonymous requests pass as None.
pub struct MaybeAuth(pub Option<Auth>);

impl FromRequestParts<AppState> for MaybeAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match Auth::from_request_parts(parts, state).await {
            Ok(a) => Ok(MaybeAuth(Some(a))),
            Err(ApiError::Unauthenticated) => Ok(MaybeAuth(None)),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterY", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn secrets_are_random_and_hashed_with_sm3() {
        let (a, b) = (new_secret().unwrap(), new_secret().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        // GB/T 32905-2016 example: SM3("abc").
        assert_eq!(
            secret_hash("abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }
}

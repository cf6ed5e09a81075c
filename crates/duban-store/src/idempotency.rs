//! Idempotency keys (`Idempotency-Key`): a change sent again after a lost answer is
//! made once. The HTTP layer runs a keyed request inside [`with_claim`]; the first
//! audit record the request writes claims the key in the same transaction
//! ([`claim_in`], called by `audit::append`), so the change and its key commit
//! together or not at all — a crash between them cannot leave one without the other.
//! The answer is stored afterwards ([`Store::keep_answer`]); a retry finds it and
//! gets it again instead of a second change.
//!
//! Every change is audited, so every change claims: the rule lives in one place, not
//! in each write path.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use duban_domain::UserId;
use sqlx::Row;

use crate::rows::Tx;
use crate::{Result, Store, StoreError};

/// How long a key is remembered. Clients retry within minutes; a day is generous.
pub const KEEP_MS: i64 = 24 * 3600 * 1000;

/// A request's key, waiting for its first audited write to claim it.
#[derive(Debug)]
pub struct Claim {
    user: UserId,
    key: String,
    fingerprint: String,
    at: i64,
    taken: AtomicBool,
}

impl Claim {
    pub fn new(user: UserId, key: String, fingerprint: String, at: i64) -> Arc<Claim> {
        Arc::new(Claim {
            user,
            key,
            fingerprint,
            at,
            taken: AtomicBool::new(false),
        })
    }

    /// Whether a write of this request inserted the key (its transaction may still
    /// have failed; the stored row is the truth).
    pub fn taken(&self) -> bool {
        self.taken.load(Ordering::SeqCst)
    }
}

tokio::task_local! {
    static CLAIM: Arc<Claim>;
}

/// Runs `f` with `claim` waiting for the first audited write.
pub async fn with_claim<F: Future>(claim: Arc<Claim>, f: F) -> F::Output {
    CLAIM.scope(claim, f).await
}

/// Claims the request's key inside `tx`, once per request. A key already claimed
/// (another request with it committed first, or is committing now) fails the write:
/// the change must not be made twice.
pub(crate) async fn claim_in(tx: &mut Tx) -> Result<()> {
    let Ok(claim) = CLAIM.try_with(Arc::clone) else {
        return Ok(());
    };
    if claim.taken() {
        return Ok(());
    }
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(claim.user.0)
    .bind(&claim.key)
    .bind(&claim.fingerprint)
    .bind(claim.at)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(StoreError::conflict(
            "idempotency_key_in_use",
            "同一幂等键的请求已在处理或已处理",
            "a request with this Idempotency-Key is being or has been processed",
        ));
    }
    claim.taken.store(true, Ordering::SeqCst);
    Ok(())
}

/// What was answered to a keyed request, to be answered again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// The headers worth repeating (content type, ETag, Location), as JSON pairs.
    pub headers: String,
    pub body: String,
}

/// A claimed key as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyed {
    pub fingerprint: String,
    pub created_at: i64,
    /// None while the request runs, or when the server stopped before answering.
    pub answer: Option<Answer>,
}

impl Store {
    /// The key `key` of `user`, if claimed.
    pub async fn keyed(&self, user: UserId, key: &str) -> Result<Option<Keyed>> {
        let r = sqlx::query(
            "SELECT fingerprint, created_at, status, headers, body FROM idempotency_keys
             WHERE user_id = $1 AND idem_key = $2",
        )
        .bind(user.0)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = r else { return Ok(None) };
        let status: Option<i64> = r.try_get("status")?;
        let answer = match status {
            Some(s) => Some(Answer {
                status: u16::try_from(s)
                    .map_err(|_| StoreError::Corrupt("idempotency status".into()))?,
                headers: r
                    .try_get::<Option<String>, _>("headers")?
                    .unwrap_or_default(),
                body: r.try_get::<Option<String>, _>("body")?.unwrap_or_default(),
            }),
            None => None,
        };
        Ok(Some(Keyed {
            fingerprint: r.try_get("fingerprint")?,
            created_at: r.try_get("created_at")?,
            answer,
        }))
    }

    /// Keeps the answer to the request that claimed `key`; the first answer stays.
    pub async fn keep_answer(&self, user: UserId, key: &str, a: &Answer) -> Result<()> {
        sqlx::query(
            "UPDATE idempotency_keys SET status = $3, headers = $4, body = $5
             WHERE user_id = $1 AND idem_key = $2 AND status IS NULL",
        )
        .bind(user.0)
        .bind(key)
        .bind(i64::from(a.status))
        .bind(&a.headers)
        .bind(&a.body)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Forgets keys claimed before `before`; returns how many.
    pub async fn forget_keys(&self, before: i64) -> Result<u64> {
        Ok(
            sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
                .bind(before)
                .execute(&self.writer)
                .await?
                .rows_affected(),
        )
    }
}

//! Uploads waiting for confirmation: a filled template previewed on the pages, kept
//! until its uploader confirms the import. Each is found only by its random token
//! together with its uploader, is checked against its SHA-256 when read back, and is
//! forgotten after [`KEEP_MS`]. The `basis` is the caller's record of what the preview
//! was made against; the store keeps it and does not read it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use duban_domain::{PeriodId, PlanId, UserId};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::{Result, Store, StoreError};

/// How long a preview can be confirmed: long enough to check it, short enough that
/// no one confirms what they no longer remember.
pub const KEEP_MS: i64 = 2 * 3600 * 1000;

/// What a kept upload is to be imported into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A unit's filled template, for a period.
    Period(PeriodId),
    /// A plan's structure.
    Plan(PlanId),
}

impl Target {
    fn ids(self) -> (Option<i64>, Option<i64>) {
        match self {
            Target::Period(p) => (Some(p.0), None),
            Target::Plan(p) => (None, Some(p.0)),
        }
    }
}

/// An upload to keep.
#[derive(Debug)]
pub struct NewPendingImport<'a> {
    pub user: UserId,
    pub into: Target,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    pub basis: &'a str,
    pub at: i64,
}

/// A kept upload, its bytes as uploaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingImport {
    pub token: String,
    pub user: UserId,
    pub into: Target,
    pub file_name: String,
    pub sha256: String,
    pub bytes: Vec<u8>,
    pub basis: String,
    pub created_at: i64,
}

/// The SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new token: 128 random bits, hex.
fn token() -> Result<String> {
    let mut raw = [0u8; 16];
    getrandom::fill(&mut raw)
        .map_err(|e| StoreError::Corrupt(format!("no randomness for a token: {e}")))?;
    Ok(raw.iter().map(|b| format!("{b:02x}")).collect())
}

impl Store {
    /// Keeps an upload until it is confirmed or forgotten; its token. Uploads past
    /// their time are forgotten here, so the table stays small without a sweeper.
    pub async fn keep_pending_import(&self, n: &NewPendingImport<'_>) -> Result<String> {
        let token = token()?;
        let (period, plan) = n.into.ids();
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM pending_imports WHERE created_at < $1")
            .bind(n.at - KEEP_MS)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO pending_imports
             (token, user_id, period_id, plan_id, file_name, sha256, content, basis, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&token)
        .bind(n.user.0)
        .bind(period)
        .bind(plan)
        .bind(n.file_name)
        .bind(sha256_hex(n.bytes))
        .bind(BASE64.encode(n.bytes))
        .bind(n.basis)
        .bind(n.at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// The upload `token` of `user`, unless it is past its time at `now`. Its bytes are
    /// checked against the SHA-256 taken when it was kept.
    pub async fn pending_import(
        &self,
        token: &str,
        user: UserId,
        now: i64,
    ) -> Result<Option<PendingImport>> {
        let r = sqlx::query(
            "SELECT token, user_id, period_id, plan_id, file_name, sha256, content, basis, created_at
             FROM pending_imports WHERE token = $1 AND user_id = $2 AND created_at >= $3",
        )
        .bind(token)
        .bind(user.0)
        .bind(now - KEEP_MS)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = r else { return Ok(None) };
        let content: String = r.try_get("content")?;
        let bytes = BASE64
            .decode(content)
            .map_err(|e| StoreError::Corrupt(format!("pending import content: {e}")))?;
        let sha256: String = r.try_get("sha256")?;
        if sha256_hex(&bytes) != sha256 {
            return Err(StoreError::Corrupt(
                "a pending import's bytes do not match their SHA-256".into(),
            ));
        }
        Ok(Some(PendingImport {
            token: r.try_get("token")?,
            user: UserId(r.try_get("user_id")?),
            into: match (
                r.try_get::<Option<i64>, _>("period_id")?,
                r.try_get::<Option<i64>, _>("plan_id")?,
            ) {
                (Some(p), _) => Target::Period(PeriodId(p)),
                (None, Some(p)) => Target::Plan(PlanId(p)),
                (None, None) => {
                    return Err(StoreError::Corrupt(
                        "a pending import for neither a period nor a plan".into(),
                    ));
                }
            },
            file_name: r.try_get("file_name")?,
            sha256,
            bytes,
            basis: r.try_get("basis")?,
            created_at: r.try_get("created_at")?,
        }))
    }

    /// Forgets the upload `token` of `user`; whether there was one. Used once
    /// confirmed, so that the same preview cannot be imported twice.
    pub async fn drop_pending_import(&self, token: &str, user: UserId) -> Result<bool> {
        let n = sqlx::query("DELETE FROM pending_imports WHERE token = $1 AND user_id = $2")
            .bind(token)
            .bind(user.0)
            .execute(&self.writer)
            .await?
            .rows_affected();
        Ok(n > 0)
    }
}

//! Delivery over outside channels (e-mail, webhooks): a worker claims due messages for a
//! while, sends each, and records the outcome. A message is marked sent only after the
//! peer accepted it, so a worker that dies mid-send leaves it to be sent again when its
//! claim runs out; one whose acceptance was recorded is never sent again.

use duban_domain::UnitId;
use serde::Serialize;
use sqlx::Row;

use crate::rows::{Change, Tx};
use crate::{Result, Store, StoreError};

/// A message claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub id: i64,
    /// `email` or `webhook`.
    pub channel: String,
    /// The e-mail address (e-mail only).
    pub address: Option<String>,
    /// The unit whose robot gets it (webhook only).
    pub unit_id: Option<UnitId>,
    pub subject: String,
    pub body: String,
    pub cause: String,
    /// Attempts so far, this one included.
    pub attempts: i64,
}

/// A unit's group robot (企业微信 / 钉钉 / generic JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitWebhook {
    pub url: String,
    /// `generic`, `wecom` or `dingtalk`.
    pub format: String,
    /// The signing secret (钉钉加签 or the generic HMAC key).
    pub secret: Option<String>,
}

/// What history keeps of a unit's robot: never the secret.
#[derive(Serialize)]
struct WebhookSnapshot<'a> {
    unit_id: i64,
    url: Option<String>,
    format: Option<&'a str>,
    has_secret: bool,
}

/// How the outbox stands, for monitoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

impl Store {
    /// Claims up to `limit` due e-mail and webhook messages until `now + lease_ms`,
    /// oldest first. Each claim counts as an attempt. Two workers never claim the same
    /// message at once.
    pub async fn claim_outgoing(
        &self,
        now: i64,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<Outgoing>> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM outbox WHERE channel IN ('email', 'webhook') AND sent_at IS NULL AND failed_at IS NULL
             AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
             ORDER BY id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut claimed = Vec::new();
        for id in ids {
            let row = sqlx::query(
                "UPDATE outbox SET claimed_until = $2, attempts = attempts + 1
                 WHERE id = $1 AND sent_at IS NULL AND failed_at IS NULL
                 AND (claimed_until IS NULL OR claimed_until < $3)
                 RETURNING id, channel, address, recipient_unit_id, subject, body, cause, attempts",
            )
            .bind(id)
            .bind(now + lease_ms)
            .bind(now)
            .fetch_optional(&self.writer)
            .await?;
            if let Some(r) = row {
                claimed.push(Outgoing {
                    id: r.try_get("id")?,
                    channel: r.try_get("channel")?,
                    address: r.try_get("address")?,
                    unit_id: r
                        .try_get::<Option<i64>, _>("recipient_unit_id")?
                        .map(UnitId),
                    subject: r.try_get("subject")?,
                    body: r.try_get("body")?,
                    cause: r.try_get("cause")?,
                    attempts: r.try_get("attempts")?,
                });
            }
        }
        Ok(claimed)
    }

    /// Records that the peer accepted message `id`.
    pub async fn mark_sent(&self, id: i64, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET sent_at = $2, claimed_until = NULL, last_error = NULL
             WHERE id = $1 AND sent_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    /// Records a failed attempt: tried again from `retry_at`, or never again when
    /// `retry_at` is `None` (a permanent failure, kept with its reason).
    pub async fn mark_failed(
        &self,
        id: i64,
        now: i64,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<()> {
        let error: String = error.chars().take(500).collect();
        let q = match retry_at {
            Some(at) => sqlx::query(
                "UPDATE outbox SET claimed_until = NULL, last_error = $2, next_attempt_at = $3
                 WHERE id = $1 AND sent_at IS NULL",
            )
            .bind(id)
            .bind(error)
            .bind(at),
            None => sqlx::query(
                "UPDATE outbox SET claimed_until = NULL, last_error = $2, failed_at = $3
                 WHERE id = $1 AND sent_at IS NULL",
            )
            .bind(id)
            .bind(error)
            .bind(now),
        };
        q.execute(&self.writer).await?;
        Ok(())
    }

    /// How many messages are pending, sent and given up, over all channels.
    pub async fn outbox_counts(&self) -> Result<OutboxCounts> {
        let r = sqlx::query(
            "SELECT
                COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0) AS pending,
                COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS sent,
                COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed
             FROM outbox",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(OutboxCounts {
            pending: r.try_get("pending")?,
            sent: r.try_get("sent")?,
            failed: r.try_get("failed")?,
        })
    }

    /// A unit's group robot, if it has one.
    pub async fn unit_webhook(&self, unit: UnitId) -> Result<Option<UnitWebhook>> {
        let r = sqlx::query(
            "SELECT webhook_url, webhook_format, webhook_secret FROM units WHERE id = $1",
        )
        .bind(unit.0)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "unit",
            id: unit.0,
        })?;
        let url: Option<String> = r.try_get("webhook_url")?;
        Ok(match url {
            Some(url) => Some(UnitWebhook {
                url,
                format: r
                    .try_get::<Option<String>, _>("webhook_format")?
                    .unwrap_or_else(|| "generic".into()),
                secret: r.try_get("webhook_secret")?,
            }),
            None => None,
        })
    }

    /// Sets (or with `None` removes) a unit's group robot. History keeps the address
    /// and format, and whether a secret is set, never the secret.
    pub async fn set_unit_webhook(
        &self,
        unit: UnitId,
        hook: Option<&UnitWebhook>,
        change: Change,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE units SET webhook_url = $2, webhook_format = $3, webhook_secret = $4 WHERE id = $1",
        )
        .bind(unit.0)
        .bind(hook.map(|h| h.url.as_str()))
        .bind(hook.map(|h| h.format.as_str()))
        .bind(hook.and_then(|h| h.secret.as_deref()))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                entity: "unit",
                id: unit.0,
            });
        }
        record_webhook(&mut tx, unit, hook, change).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A person's e-mail address for reminders.
    pub async fn user_email(&self, user: duban_domain::UserId) -> Result<Option<String>> {
        let found: Option<Option<String>> =
            sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
                .bind(user.0)
                .fetch_optional(&self.pool)
                .await?;
        found.ok_or(StoreError::NotFound {
            entity: "user",
            id: user.0,
        })
    }
}

/// A robot's address without its query, where 企业微信 and 钉钉 put the robot's key:
/// history and the audit log keep where messages go, never the key.
fn without_query(url: &str) -> String {
    match url.split_once('?') {
        Some((base, _)) => format!("{base}?…"),
        None => url.to_string(),
    }
}

async fn record_webhook(
    tx: &mut Tx,
    unit: UnitId,
    hook: Option<&UnitWebhook>,
    change: Change,
) -> Result<()> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM history WHERE entity = 'unit_webhook' AND entity_id = $1",
    )
    .bind(unit.0)
    .fetch_one(&mut **tx)
    .await?;
    let snap = WebhookSnapshot {
        unit_id: unit.0,
        url: hook.map(|h| without_query(&h.url)),
        format: hook.map(|h| h.format.as_str()),
        has_secret: hook.is_some_and(|h| h.secret.is_some()),
    };
    crate::history::record(tx, "unit_webhook", unit.0, n + 1, change, &snap).await
}

//! The outbox: every message (催办 reminders, 督办 escalations) is written in the same
//! transaction as its cause and delivered later by a worker, so none is lost and none
//! is sent twice. Delivery into the in-app inbox happens in one transaction with
//! marking the message sent.

use duban_domain::{UnitId, UserId};
use serde::Serialize;
use sqlx::Row;

use crate::rows::Tx;
use crate::{Page, Paged, Result, Store, StoreError};

/// A message to queue for every active person of a unit.
#[derive(Debug, Clone)]
pub struct Message<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    /// What caused it, e.g. `manual`, `deadline:2019-05`, `overdue:problem:7`.
    pub cause: &'a str,
    /// The same key queues a message once per recipient, whatever the retries.
    pub dedupe_key: &'a str,
}

/// A message in someone's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InboxMessage {
    pub id: i64,
    pub subject: String,
    pub body: String,
    pub cause: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

impl Store {
    /// Queues `m` for every active reporter and reviewer of `unit` (and its outside
    /// channels); returns how many were queued (already queued ones are not again).
    pub async fn remind_unit(&self, unit: UnitId, m: &Message<'_>, at: i64) -> Result<u64> {
        let mut tx = self.write().await?;
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE id = $1")
            .bind(unit.0)
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Err(crate::units::unknown("unit_id", "单位", unit.0));
        }
        let n = queue_to(&mut tx, self.channels, To::Unit(unit), m, at).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Queues each message for its recipients in one transaction; returns how many
    /// were queued (those queued before under the same key are not queued again).
    pub async fn queue(&self, messages: &[(To, Message<'_>)], at: i64) -> Result<u64> {
        let mut tx = self.write().await?;
        let mut n = 0;
        for (to, m) in messages {
            n += queue_to(&mut tx, self.channels, *to, m, at).await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// Delivers up to `limit` due inbox messages; returns how many.
    pub async fn deliver_inbox(&self, now: i64, limit: i64) -> Result<u64> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM outbox WHERE channel = 'inbox' AND sent_at IS NULL AND next_attempt_at <= $1
             ORDER BY id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut delivered = 0;
        for id in ids {
            let mut tx = self.write().await?;
            // Only a message still unsent is delivered: another instance may have won.
            let done = sqlx::query("UPDATE outbox SET sent_at = $2, attempts = attempts + 1 WHERE id = $1 AND sent_at IS NULL")
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 1 {
                sqlx::query(
                    "INSERT INTO inbox (user_id, outbox_id, subject, body, cause, created_at)
                     SELECT recipient_user_id, id, subject, body, cause, created_at FROM outbox WHERE id = $1",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                delivered += 1;
            }
            tx.commit().await?;
        }
        Ok(delivered)
    }

    /// Messages still to send (neither sent nor given up), for monitoring.
    pub async fn outbox_pending(&self) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// A person's inbox, newest first.
    pub async fn inbox(&self, user: UserId, page: Page) -> Result<Paged<InboxMessage>> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbox WHERE user_id = $1")
            .bind(user.0)
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query(
            "SELECT id, subject, body, cause, created_at, read_at FROM inbox WHERE user_id = $1
             ORDER BY id DESC LIMIT $2 OFFSET $3",
        )
        .bind(user.0)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(InboxMessage {
                    id: r.try_get("id")?,
                    subject: r.try_get("subject")?,
                    body: r.try_get("body")?,
                    cause: r.try_get("cause")?,
                    created_at: r.try_get("created_at")?,
                    read_at: r.try_get("read_at")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(page.of(items, total))
    }

    /// Marks one of the person's messages read (again is harmless).
    pub async fn mark_read(&self, user: UserId, id: i64, at: i64) -> Result<()> {
        let done = sqlx::query(
            "UPDATE inbox SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2",
        )
        .bind(id)
        .bind(user.0)
        .bind(at)
        .execute(&self.writer)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                entity: "message",
                id,
            });
        }
        Ok(())
    }
}

/// The outside channels that are switched on for this installation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Channels {
    /// Each recipient with an e-mail address also gets the message by e-mail.
    pub email: bool,
    /// A unit with a group robot also gets the message there.
    pub webhook: bool,
}

/// Who a message is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum To {
    /// Every active reporter and reviewer of the unit, and its group robot.
    Unit(UnitId),
    /// One person.
    User(UserId),
    /// Every active person of the office (督查室): escalations.
    Office,
}

/// Queues `m` for `to`, in the caller's transaction, so that the message stands or
/// falls with its cause. Returns how many were queued; a message already queued under
/// the same key is not queued again.
pub(crate) async fn queue_to(
    tx: &mut Tx,
    channels: Channels,
    to: To,
    m: &Message<'_>,
    at: i64,
) -> Result<u64> {
    let (users, unit) = match to {
        To::Unit(unit) => (
            sqlx::query_scalar(
                "SELECT id FROM users WHERE unit_id = $1 AND active = 1 AND role IN ('reporter', 'reviewer') ORDER BY id",
            )
            .bind(unit.0)
            .fetch_all(&mut **tx)
            .await?,
            Some(unit),
        ),
        To::User(u) => (vec![u.0], None),
        To::Office => (
            sqlx::query_scalar("SELECT id FROM users WHERE role = 'office' AND active = 1 ORDER BY id")
                .fetch_all(&mut **tx)
                .await?,
            None,
        ),
    };
    let mut n = 0;
    for u in users {
        n += insert(
            tx,
            "inbox",
            Some(u),
            None,
            None,
            m,
            &format!("{}:{u}", m.dedupe_key),
            at,
        )
        .await?;
        if channels.email {
            let email: Option<String> =
                sqlx::query_scalar("SELECT email FROM users WHERE id = $1 AND active = 1")
                    .bind(u)
                    .fetch_optional(&mut **tx)
                    .await?
                    .flatten();
            if let Some(email) = email {
                let key = format!("{}:email:{u}", m.dedupe_key);
                n += insert(tx, "email", Some(u), None, Some(&email), m, &key, at).await?;
            }
        }
    }
    if let (true, Some(unit)) = (channels.webhook, unit) {
        let url: Option<String> = sqlx::query_scalar("SELECT webhook_url FROM units WHERE id = $1")
            .bind(unit.0)
            .fetch_optional(&mut **tx)
            .await?
            .flatten();
        if url.is_some() {
            let key = format!("{}:webhook:{}", m.dedupe_key, unit.0);
            n += insert(tx, "webhook", None, Some(unit.0), None, m, &key, at).await?;
        }
    }
    Ok(n)
}

#[allow(clippy::too_many_arguments)] // one row's columns; a struct would only rename them
async fn insert(
    tx: &mut Tx,
    channel: &str,
    user: Option<i64>,
    unit: Option<i64>,
    address: Option<&str>,
    m: &Message<'_>,
    key: &str,
    at: i64,
) -> Result<u64> {
    let done = sqlx::query(
            "INSERT INTO outbox (channel, recipient_user_id, recipient_unit_id, address, subject, body, cause, dedupe_key, created_at, next_attempt_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(channel)
        .bind(user)
        .bind(unit)
        .bind(address)
        .bind(m.subject)
        .bind(m.body)
        .bind(m.cause)
        .bind(key)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}

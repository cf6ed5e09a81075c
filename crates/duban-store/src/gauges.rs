//! What `/metrics` reads from the store: its connection pools, the outbox's queue,
//! failed logins and the audit log's length. The counts come from the database, so
//! every instance on one PostgreSQL reports the same totals, and a restart keeps them.

use crate::{Result, Store};

/// One reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gauges {
    /// Connections open in the read pool (on PostgreSQL, the one pool), and idle.
    pub pool_size: u32,
    pub pool_idle: u32,
    /// The same of SQLite's one-connection writer (on PostgreSQL, the same pool).
    pub writer_size: u32,
    pub writer_idle: u32,
    /// Messages waiting to be delivered (neither sent nor given up).
    pub outbox_queued: i64,
    /// Messages given up on (a permanent failure, kept with its reason).
    pub outbox_failed: i64,
    /// Failed logins ever recorded (`login.failure` in the audit log).
    pub login_failures: i64,
    /// Records in the audit log (the chain head's sequence number).
    pub audit_records: i64,
}

/// The event the store records for a failed login (`logins.rs`).
const LOGIN_FAILURE: &str = "login.failure";

impl Store {
    pub async fn gauges(&self) -> Result<Gauges> {
        let queued: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL",
        )
        .fetch_one(&self.pool)
        .await?;
        let failed: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL")
                .fetch_one(&self.pool)
                .await?;
        let logins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE event = $1")
            .bind(LOGIN_FAILURE)
            .fetch_one(&self.pool)
            .await?;
        let audit: i64 = sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(Gauges {
            pool_size: self.pool.size(),
            pool_idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            writer_size: self.writer.size(),
            writer_idle: u32::try_from(self.writer.num_idle()).unwrap_or(u32::MAX),
            outbox_queued: queued,
            outbox_failed: failed,
            login_failures: logins,
            audit_records: audit,
        })
    }
}

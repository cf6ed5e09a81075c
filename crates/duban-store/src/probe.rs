//! The storage ceiling for `duban bench`: how many durable commits a second the
//! database takes when nothing else is asked of it — one small row inserted and
//! committed per transaction, with the settings the store itself uses (SQLite in WAL
//! with `synchronous=FULL`, one writer; PostgreSQL with `synchronous_commit` on). duban's
//! own write rates are given as a share of it.
//!
//! It writes into a table of its own, `probe_commits`, made and dropped around the
//! run, so that no figure of duban's own is touched.

use std::time::{Duration, Instant};

use crate::{Dialect, Result, Store};

impl Store {
    /// Durable commits a second, measured for `span` by `writers` concurrent writers
    /// (SQLite has one writer whatever is asked). Returns (commits, seconds).
    pub async fn probe_commits(&self, span: Duration, writers: usize) -> Result<(u64, f64)> {
        sqlx::query("DROP TABLE IF EXISTS probe_commits")
            .execute(&self.writer)
            .await?;
        sqlx::query("CREATE TABLE probe_commits (n BIGINT NOT NULL, at BIGINT NOT NULL)")
            .execute(&self.writer)
            .await?;
        let writers = match self.dialect {
            Dialect::Sqlite => 1,
            Dialect::Postgres => writers.max(1),
        };
        let started = Instant::now();
        let mut tasks = Vec::with_capacity(writers);
        for w in 0..writers {
            let store = self.clone();
            tasks.push(tokio::spawn(async move {
                let mut n: u64 = 0;
                while started.elapsed() < span {
                    let mut tx = store.write().await?;
                    sqlx::query("INSERT INTO probe_commits (n, at) VALUES ($1, $2)")
                        .bind(w as i64)
                        .bind(n as i64)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    n += 1;
                }
                Ok::<u64, crate::StoreError>(n)
            }));
        }
        let mut total = 0;
        for t in tasks {
            total += t
                .await
                .map_err(|e| crate::StoreError::Corrupt(format!("a probe writer failed: {e}")))??;
        }
        let seconds = started.elapsed().as_secs_f64();
        sqlx::query("DROP TABLE probe_commits")
            .execute(&self.writer)
            .await?;
        Ok((total, seconds))
    }
}

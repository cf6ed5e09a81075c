//! Failed logins per username, for locking out (see `duban_domain::lockout`).

use duban_domain::lockout::Failures;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{Entry, Who};
use crate::{Result, Store};
use duban_domain::audit::outcome::DENIED;

const SELECT: &str =
    "SELECT failures, last_at, locked_until FROM login_failures WHERE username = $1";

fn failures(row: Option<AnyRow>) -> Result<Failures> {
    Ok(match row {
        None => Failures::default(),
        Some(r) => Failures {
            count: r.try_get("failures")?,
            last_at: r.try_get("last_at")?,
            locked_until: r.try_get("locked_until")?,
        },
    })
}

impl Store {
    /// The failures recorded against `username` (lower case).
    pub async fn login_failures(&self, username: &str) -> Result<Failures> {
        let row = sqlx::query(SELECT)
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        failures(row)
    }

    /// Counts one more failure against `username` at `now`; the record after it.
    pub async fn record_login_failure(&self, username: &str, now: i64) -> Result<Failures> {
        let mut tx = self.write().await?;
        let row = sqlx::query(SELECT)
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
        let before = failures(row)?;
        let after = before.after_failure(now);
        sqlx::query(
            "INSERT INTO login_failures (username, failures, last_at, locked_until)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (username) DO UPDATE
             SET failures = $2, last_at = $3, locked_until = $4",
        )
        .bind(username)
        .bind(after.count)
        .bind(after.last_at)
        .bind(after.locked_until)
        .execute(&mut *tx)
        .await?;
        let object = format!("username:{username}");
        let failure = Entry::event(now, Who::Anonymous, "login.failure", object.clone(), DENIED);
        crate::audit::append(&mut tx, failure).await?;
        if after.locked_at(now) && !before.locked_at(now) {
            let lock = Entry::event(now, Who::Anonymous, "login.locked", object, DENIED);
            crate::audit::append(&mut tx, lock).await?;
        }
        tx.commit().await?;
        Ok(after)
    }

    /// Forgets `username`'s failures after a successful login.
    pub async fn clear_login_failures(&self, username: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE username = $1")
            .bind(username)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}

//! Accounts' second factors (TOTP): the shared secret, whether it is confirmed, and the
//! last time step accepted. Codes are checked by `duban_domain::totp`; the store only
//! moves the last step forward, atomically, so that a code is taken once even when two
//! logins race with it. Also the date of a password, which the demo sets.

use duban_domain::UserId;
use sqlx::Row;

use crate::audit::{Entry, Who};
use crate::rows::Tx;
use crate::{Result, Store, StoreError};

/// Records a second-factor event about `user`'s account.
async fn audit(tx: &mut Tx, at: i64, who: Who, event: &str, user: UserId) -> Result<()> {
    let e = Entry::event(
        at,
        who,
        event,
        format!("user:{}", user.0),
        duban_domain::audit::outcome::OK,
    );
    crate::audit::append(tx, e).await.map(|_| ())
}

/// The column of the secrets, sealed with the data key where there is one.
const SECRET: &str = "second_factors.secret";

/// An account's second factor as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondFactor {
    /// The shared secret, base32.
    pub secret: String,
    /// When the first code confirmed it; None while pending.
    pub confirmed_at: Option<i64>,
    /// The last time step accepted (0: none yet).
    pub last_step: i64,
}

impl SecondFactor {
    pub fn confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }
}

impl Store {
    /// `user`'s second factor, pending or confirmed, if any.
    pub async fn second_factor(&self, user: UserId) -> Result<Option<SecondFactor>> {
        let r = sqlx::query(
            "SELECT secret, confirmed_at, last_step FROM second_factors WHERE user_id = $1",
        )
        .bind(user.0)
        .fetch_optional(&self.pool)
        .await?;
        r.map(|r| {
            let stored: String = r.try_get("secret")?;
            Ok(SecondFactor {
                secret: self.vault.open_text(SECRET, &stored)?,
                confirmed_at: r.try_get("confirmed_at")?,
                last_step: r.try_get("last_step")?,
            })
        })
        .transpose()
    }

    /// Starts enrolling `user` with a new secret (base32), replacing one still pending;
    /// refused with 409 `second_factor_enabled` once one is confirmed.
    pub async fn start_second_factor(&self, user: UserId, secret: &str, now: i64) -> Result<()> {
        let sealed = self.vault.seal_if_keyed(SECRET, secret)?;
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "INSERT INTO second_factors (user_id, secret, created_at, confirmed_at, last_step)
             VALUES ($1, $2, $3, NULL, 0)
             ON CONFLICT (user_id) DO UPDATE SET secret = $2, created_at = $3, last_step = 0
             WHERE second_factors.confirmed_at IS NULL",
        )
        .bind(user.0)
        .bind(&sealed)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                code: "second_factor_enabled",
                zh: "双因素认证已启用;如需更换,请系统管理员重置".into(),
                en: "the second factor is enabled already; to replace it, ask the system administrator to reset it".into(),
            });
        }
        // The secret itself is never recorded.
        audit(&mut tx, now, Who::User(user), "second_factor.start", user).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Confirms `user`'s pending second factor, if it still has `secret`, with the step
    /// of its first code; whether it did.
    pub async fn confirm_second_factor(
        &self,
        user: UserId,
        secret: &str,
        step: i64,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.write().await?;
        // The secret is compared opened: a sealed one differs at every sealing.
        let stored: Option<String> = sqlx::query_scalar(
            "SELECT secret FROM second_factors WHERE user_id = $1 AND confirmed_at IS NULL",
        )
        .bind(user.0)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(stored) = stored else {
            return Ok(false);
        };
        if self.vault.open_text(SECRET, &stored)? != secret {
            return Ok(false);
        }
        let done = sqlx::query(
            "UPDATE second_factors SET confirmed_at = $3, last_step = $4
             WHERE user_id = $1 AND secret = $2 AND confirmed_at IS NULL",
        )
        .bind(user.0)
        .bind(&stored)
        .bind(now)
        .bind(step)
        .execute(&mut *tx)
        .await?;
        let confirmed = done.rows_affected() == 1;
        if confirmed {
            audit(&mut tx, now, Who::User(user), "second_factor.confirm", user).await?;
        }
        tx.commit().await?;
        Ok(confirmed)
    }

    /// Takes `step` as `user`'s last accepted one if it is later than the last; whether
    /// it was (a code of an earlier or the same step is a replay).
    pub async fn use_second_factor_step(&self, user: UserId, step: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE second_factors SET last_step = $2
             WHERE user_id = $1 AND confirmed_at IS NOT NULL AND last_step < $2",
        )
        .bind(user.0)
        .bind(step)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes `user`'s second factor and ends its sessions, so that it enrols again at
    /// its next login (a lost phone); whether it had one.
    pub async fn reset_second_factor(&self, user: UserId, now: i64) -> Result<bool> {
        let mut tx = self.write().await?;
        let done = sqlx::query("DELETE FROM second_factors WHERE user_id = $1")
            .bind(user.0)
            .execute(&mut *tx)
            .await?;
        crate::users::revoke_all(&mut tx, user, now).await?;
        let had = done.rows_affected() > 0;
        if had {
            audit(&mut tx, now, Who::System, "second_factor.reset", user).await?;
        }
        tx.commit().await?;
        Ok(had)
    }

    /// Records the passwords of every demo account as set at `at`, leaving them as they
    /// are: the demo dates its accounts in 2019 but their passwords from the day it is
    /// loaded.
    pub async fn mark_demo_passwords_set(&self, at: i64) -> Result<()> {
        sqlx::query("UPDATE users SET password_set_at = $1 WHERE demo = 1")
            .bind(at)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}

//! Accounts and their sessions. Passwords arrive here already hashed; session and
//! token secrets arrive as hashes too: the store never sees a secret.

use duban_domain::personal::{IdNumber, Mobile};
use duban_domain::{Role, UnitId, UserId};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{Entry, Who};
use crate::personal::Vault;
use crate::rows::{Change, Versioned, corrupt, missing_or_stale, versioned};
use crate::units::unknown;
use crate::{Page, Paged, Result, Store, StoreError, history};
use duban_domain::audit::outcome::OK;

/// An account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub active: bool,
    /// A demo account: exists only in demo databases.
    pub demo: bool,
    /// Where reminders also go by e-mail, if set.
    pub email: Option<String>,
    /// 手机号 and 身份证号: stored sealed; serialised (into history too) masked.
    pub mobile: Option<Mobile>,
    pub id_number: Option<IdNumber>,
    /// When the password was last set (epoch ms), for its expiry.
    pub password_set_at: i64,
    /// Whether a confirmed second factor guards the login. Kept in its own table, not
    /// part of the account's versions.
    #[serde(skip)]
    pub second_factor: bool,
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub password_hash: &'a str,
    pub demo: bool,
    pub mobile: Option<&'a Mobile>,
    pub id_number: Option<&'a IdNumber>,
}

/// Whether the account of the row `$users` has a confirmed second factor, as a column
/// (a count, which both databases give as an integer).
macro_rules! second_factor {
    ($users:literal) => {
        concat!(
            "(SELECT COUNT(*) FROM second_factors f WHERE f.user_id = ",
            $users,
            ".id AND f.confirmed_at IS NOT NULL) AS second_factor"
        )
    };
}

/// The account columns followed by a literal tail (WHERE, ORDER BY): static SQL only.
macro_rules! select_users {
    ($tail:literal) => {
        concat!(
            "SELECT id, username, display_name, role, unit_id, active, demo, email, mobile, id_number, ",
            "password_hash, password_set_at, ", second_factor!("users"), ", ",
            "version, created_at, updated_at FROM users ",
            $tail
        )
    };
}

fn user(r: &AnyRow, vault: &Vault) -> Result<Versioned<User>> {
    let role: String = r.try_get("role")?;
    let u = User {
        id: UserId(r.try_get("id")?),
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        role: Role::parse(&role).ok_or_else(|| corrupt("role", &role))?,
        unit_id: r.try_get::<Option<i64>, _>("unit_id")?.map(UnitId),
        active: r.try_get::<i64, _>("active")? != 0,
        demo: r.try_get::<i64, _>("demo")? != 0,
        email: r.try_get("email")?,
        mobile: vault.open(r, "users.mobile", |v| Mobile::parse("mobile", v))?,
        id_number: vault.open(r, "users.id_number", |v| IdNumber::parse("id_number", v))?,
        password_set_at: r.try_get("password_set_at")?,
        second_factor: r.try_get::<i64, _>("second_factor")? > 0,
    };
    versioned(r, u)
}

/// What an account change sets; None leaves a field as it is.
#[derive(Debug, Clone, Copy, Default)]
pub struct AccountChange<'a> {
    pub active: Option<bool>,
    /// A new argon2id hash; the store never sees the password.
    pub password_hash: Option<&'a str>,
    /// Sets (`Some(Some(..))`) or clears (`Some(None)`) the e-mail address.
    pub email: Option<Option<&'a str>>,
    /// Sets or clears the mobile number, as `email`.
    pub mobile: Option<Option<&'a Mobile>>,
    /// Sets or clears the resident ID number, as `email`.
    pub id_number: Option<Option<&'a IdNumber>>,
}

/// Which kind of secret a session row is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// A browser's session cookie.
    Cookie,
    /// An API client's bearer token.
    Bearer,
}

impl SessionKind {
    fn as_str(self) -> &'static str {
        match self {
            SessionKind::Cookie => "cookie",
            SessionKind::Bearer => "bearer",
        }
    }
}

impl Store {
    pub async fn create_user(&self, n: &NewUser<'_>, change: Change) -> Result<Versioned<User>> {
        let mobile = match n.mobile {
            Some(m) => Some(self.vault.seal("mobile", "users.mobile", m.as_str())?),
            None => None,
        };
        let id_number = match n.id_number {
            Some(i) => Some(
                self.vault
                    .seal("id_number", "users.id_number", i.as_str())?,
            ),
            None => None,
        };
        let mut tx = self.write().await?;
        if let Some(u) = n.unit_id {
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE id = $1")
                .bind(u.0)
                .fetch_optional(&mut *tx)
                .await?;
            if found.is_none() {
                return Err(unknown("unit_id", "单位", u.0));
            }
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, role, unit_id, password_hash, active, demo,
                mobile, id_number, password_set_at, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 1, $6, $8, $9, $7, 1, $7, $7) RETURNING id",
        )
        .bind(n.username)
        .bind(n.display_name)
        .bind(n.role.as_str())
        .bind(n.unit_id.map(|u| u.0))
        .bind(n.password_hash)
        .bind(n.demo as i64)
        .bind(change.at)
        .bind(mobile)
        .bind(id_number)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            StoreError::unique_as(
                e,
                "duplicate_username",
                format!("用户名“{}”已被使用", n.username),
                format!("username {:?} is already taken", n.username),
            )
        })?;
        let snapshot = User {
            id: UserId(id),
            username: n.username.to_string(),
            display_name: n.display_name.to_string(),
            role: n.role,
            unit_id: n.unit_id,
            active: true,
            demo: n.demo,
            email: None,
            mobile: n.mobile.cloned(),
            id_number: n.id_number.cloned(),
            password_set_at: change.at,
            second_factor: false,
        };
        history::record(&mut tx, "user", id, 1, change, &snapshot).await?;
        tx.commit().await?;
        self.user(UserId(id)).await
    }

    pub async fn user(&self, id: UserId) -> Result<Versioned<User>> {
        let r = sqlx::query(select_users!("WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "user",
                id: id.0,
            })?;
        user(&r, &self.vault)
    }

    /// The account and its password hash, for logging in.
    pub async fn user_for_login(
        &self,
        username: &str,
    ) -> Result<Option<(Versioned<User>, String)>> {
        let r = sqlx::query(select_users!("WHERE username = $1"))
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        match r {
            None => Ok(None),
            Some(r) => Ok(Some((user(&r, &self.vault)?, r.try_get("password_hash")?))),
        }
    }

    pub async fn users(&self, page: Page) -> Result<Paged<Versioned<User>>> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query(select_users!("ORDER BY id LIMIT $1 OFFSET $2"))
            .bind(page.limit())
            .bind(page.offset())
            .fetch_all(&self.pool)
            .await?;
        Ok(page.of(
            rows.iter()
                .map(|r| user(r, &self.vault))
                .collect::<Result<_>>()?,
            total,
        ))
    }

    /// Enables or disables an account; disabling ends its sessions at once.
    pub async fn set_user_active(
        &self,
        id: UserId,
        expected_version: Option<i64>,
        active: bool,
        change: Change,
    ) -> Result<Versioned<User>> {
        let c = AccountChange {
            active: Some(active),
            ..AccountChange::default()
        };
        self.update_account(id, expected_version, &c, change).await
    }

    /// Replaces the password hash; every session of the account ends, the caller's too.
    pub async fn set_password_hash(
        &self,
        id: UserId,
        expected_version: Option<i64>,
        hash: &str,
        change: Change,
    ) -> Result<Versioned<User>> {
        let c = AccountChange {
            password_hash: Some(hash),
            ..AccountChange::default()
        };
        self.update_account(id, expected_version, &c, change).await
    }

    /// Changes an account in one transaction: its version (checked when given), then
    /// what `c` sets. Disabling it or setting a password ends all its sessions; a new
    /// password counts as set at `change.at`.
    pub async fn update_account(
        &self,
        id: UserId,
        expected_version: Option<i64>,
        c: &AccountChange<'_>,
        change: Change,
    ) -> Result<Versioned<User>> {
        let mobile = match c.mobile {
            Some(Some(m)) => Some(self.vault.seal("mobile", "users.mobile", m.as_str())?),
            _ => None,
        };
        let id_number = match c.id_number {
            Some(Some(i)) => Some(
                self.vault
                    .seal("id_number", "users.id_number", i.as_str())?,
            ),
            _ => None,
        };
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE users SET version = version + 1, updated_at = $3,
                active = COALESCE($4, active), password_hash = COALESCE($5, password_hash),
                email = CASE WHEN $6 = 1 THEN $7 ELSE email END,
                mobile = CASE WHEN $8 = 1 THEN $9 ELSE mobile END,
                id_number = CASE WHEN $10 = 1 THEN $11 ELSE id_number END,
                password_set_at = CASE WHEN $12 = 1 THEN $3 ELSE password_set_at END
             WHERE id = $1 AND ($2 IS NULL OR version = $2)",
        )
        .bind(id.0)
        .bind(expected_version)
        .bind(change.at)
        .bind(c.active.map(i64::from))
        .bind(c.password_hash)
        .bind(i64::from(c.email.is_some()))
        .bind(c.email.flatten())
        .bind(i64::from(c.mobile.is_some()))
        .bind(mobile)
        .bind(i64::from(c.id_number.is_some()))
        .bind(id_number)
        .bind(i64::from(c.password_hash.is_some()))
        .execute(&mut *tx)
        .await?;
        let ends_sessions = c.active == Some(false) || c.password_hash.is_some();
        let u = self
            .account_changed(&mut tx, id, done.rows_affected(), ends_sessions, change)
            .await?;
        if c.password_hash.is_some() {
            // The snapshot has no hash; this says the password was set, and by whom.
            let e = Entry::event(
                change.at,
                change.actor.into(),
                "user.password_set",
                format!("user:{}", id.0),
                OK,
            );
            crate::audit::append(&mut tx, e).await?;
        }
        tx.commit().await?;
        Ok(u)
    }

    /// Gives the account `role` (and `unit`), ending its sessions: a person's rights
    /// change the moment the security administrator says so.
    pub async fn set_user_role(
        &self,
        id: UserId,
        expected_version: i64,
        role: Role,
        unit: Option<UnitId>,
        change: Change,
    ) -> Result<Versioned<User>> {
        let mut tx = self.write().await?;
        if let Some(u) = unit {
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE id = $1")
                .bind(u.0)
                .fetch_optional(&mut *tx)
                .await?;
            if found.is_none() {
                return Err(unknown("unit_id", "单位", u.0));
            }
        }
        let done = sqlx::query(
            "UPDATE users SET role = $3, unit_id = $4, version = version + 1, updated_at = $5
             WHERE id = $1 AND version = $2",
        )
        .bind(id.0)
        .bind(expected_version)
        .bind(role.as_str())
        .bind(unit.map(|u| u.0))
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        let u = self
            .account_changed(&mut tx, id, done.rows_affected(), true, change)
            .await?;
        tx.commit().await?;
        Ok(u)
    }

    /// After an account's UPDATE touched `rows`: stale or missing when none; else its
    /// sessions ended if `end_sessions`, and the account as it is now, in its history.
    async fn account_changed(
        &self,
        tx: &mut crate::rows::Tx,
        id: UserId,
        rows: u64,
        end_sessions: bool,
        change: Change,
    ) -> Result<Versioned<User>> {
        if rows == 0 {
            let sql = "SELECT version FROM users WHERE id = $1";
            return Err(missing_or_stale(tx, sql, "user", id.0).await);
        }
        if end_sessions {
            revoke_all(tx, id, change.at).await?;
        }
        let r = sqlx::query(select_users!("WHERE id = $1"))
            .bind(id.0)
            .fetch_one(&mut **tx)
            .await?;
        let u = user(&r, &self.vault)?;
        history::record(tx, "user", id.0, u.version, change, &u.value).await?;
        Ok(u)
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        kind: SessionKind,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, kind, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(kind.as_str())
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        // The log names the kind of session, never its secret or the secret's hash.
        let e = Entry::event(
            now,
            Who::User(user),
            "login.success",
            format!("session:{}", kind.as_str()),
            OK,
        );
        crate::audit::append(&mut tx, e).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The active account a live session belongs to. A browser session unused for
    /// longer than its account's idle limit (`duban_domain::access::idle_limit_ms`)
    /// ends here; a used one is marked as seen, at most once a minute.
    pub async fn session_user(&self, token_hash: &str, now: i64) -> Result<Option<User>> {
        let r = sqlx::query(
 concat!(
            "SELECT u.id, u.username, u.display_name, u.role, u.unit_id, u.active, u.demo, u.email,
                    u.mobile, u.id_number, u.password_set_at, ", second_factor!("u"), ",
                    u.version, u.created_at, u.updated_at, s.kind,
                    COALESCE(s.last_seen_at, s.created_at) AS seen
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.active = 1",
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = r else {
            return Ok(None);
        };
        let u = user(&r, &self.vault)?.value;
        let kind: String = r.try_get("kind")?;
        let seen: i64 = r.try_get("seen")?;
        if kind == SessionKind::Cookie.as_str()
            && now - seen > duban_domain::access::idle_limit_ms(u.role)
        {
            self.revoke_session(token_hash, now).await?;
            return Ok(None);
        }
        if now - seen >= SEEN_EVERY_MS {
            sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
                .bind(token_hash)
                .bind(now)
                .execute(&self.writer)
                .await?;
        }
        Ok(Some(u))
    }

    pub async fn revoke_session(&self, token_hash: &str, now: i64) -> Result<()> {
        let mut tx = self.write().await?;
        let ended = sqlx::query(
            "UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL
             RETURNING user_id, kind",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(r) = ended {
            let who = Who::User(UserId(r.try_get("user_id")?));
            let kind: String = r.try_get("kind")?;
            let e = Entry::event(now, who, "logout", format!("session:{kind}"), OK);
            crate::audit::append(&mut tx, e).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// How stale a session's last-seen mark may get before a request writes it again.
const SEEN_EVERY_MS: i64 = 60_000;

pub(crate) async fn revoke_all(tx: &mut crate::rows::Tx, id: UserId, at: i64) -> Result<()> {
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(id.0)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

//! The storage layer's one error type.

use duban_domain::Invalid;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL scheme {0:?}: use sqlite://FILE or postgres://…")]
    BadUrl(String),
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: i64 },
    /// The caller's version is not the current one: someone changed it since.
    #[error("{entity} {id} has changed: version {current} is current")]
    Stale {
        entity: &'static str,
        id: i64,
        current: i64,
    },
    /// The change contradicts what is stored (a duplicate number, a state that does
    /// not allow it).
    #[error("{zh} / {en}")]
    Conflict {
        code: &'static str,
        zh: String,
        en: String,
    },
    /// The input refers to things that do not exist, or breaks a rule only the stored
    /// data can check.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error("migration {0} failed: {1}")]
    Migration(i64, sqlx::Error),
    /// The evidence directory could not be written or read.
    #[error("evidence file: {0}")]
    Files(std::io::Error),
    /// Personal data could not be sealed or opened: no key, another key, or a sealed
    /// value that was altered. Never a silent empty value.
    #[error(transparent)]
    Cipher(#[from] crate::cipher::CipherError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl StoreError {
    pub fn conflict(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        StoreError::Conflict {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The disk under the database is full: SQLite's SQLITE_FULL (13), PostgreSQL's
    /// disk_full (53100). The transaction was rolled back whole.
    pub fn is_storage_full(&self) -> bool {
        let StoreError::Db(sqlx::Error::Database(e)) = self else {
            return false;
        };
        matches!(e.code().as_deref(), Some("13" | "53100")) || e.message().contains("disk is full")
    }

    /// The database could not be reached (as opposed to refusing a statement).
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Db(
                sqlx::Error::Io(_)
                    | sqlx::Error::PoolTimedOut
                    | sqlx::Error::PoolClosed
                    | sqlx::Error::Tls(_)
                    | sqlx::Error::WorkerCrashed
            )
        )
    }

    /// A database error that broke a unique constraint becomes this conflict; any other
    /// stays what it was.
    pub(crate) fn unique_as(
        e: sqlx::Error,
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> StoreError {
        let e = StoreError::from(e);
        if e.is_unique_violation() {
            StoreError::conflict(code, zh, en)
        } else {
            e
        }
    }

    /// A unique constraint was violated (both databases report it through sqlx).
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Db(sqlx::Error::Database(e)) => e.is_unique_violation(),
            _ => false,
        }
    }
}

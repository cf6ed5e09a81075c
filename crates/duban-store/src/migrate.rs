//! Schema migrations: numbered SQL files per dialect, each applied once in its own
//! transaction and recorded in `schema_migrations`.

use sqlx::AnyPool;

use crate::{Dialect, Result, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
    /// The SQLite script rebuilds a table that others reference (SQLite cannot drop a
    /// NOT NULL any other way), which it must do with foreign keys off; they cannot be
    /// switched inside a transaction, so the runner does it around it and checks every
    /// reference before committing.
    sqlite_rebuilds: bool,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sqlite: include_str!("../migrations/sqlite/0001_init.sql"),
        postgres: include_str!("../migrations/postgres/0001_init.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 2,
        name: "report_warnings",
        sqlite: include_str!("../migrations/sqlite/0002_report_warnings.sql"),
        postgres: include_str!("../migrations/postgres/0002_report_warnings.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 3,
        name: "problems",
        sqlite: include_str!("../migrations/sqlite/0003_problems.sql"),
        postgres: include_str!("../migrations/postgres/0003_problems.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 4,
        name: "outbox",
        sqlite: include_str!("../migrations/sqlite/0004_outbox.sql"),
        postgres: include_str!("../migrations/postgres/0004_outbox.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 5,
        name: "evidence",
        sqlite: include_str!("../migrations/sqlite/0005_evidence.sql"),
        postgres: include_str!("../migrations/postgres/0005_evidence.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 6,
        name: "channels",
        sqlite: include_str!("../migrations/sqlite/0006_channels.sql"),
        postgres: include_str!("../migrations/postgres/0006_channels.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 7,
        name: "requests",
        sqlite: include_str!("../migrations/sqlite/0007_requests.sql"),
        postgres: include_str!("../migrations/postgres/0007_requests.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 8,
        name: "plan_settings",
        sqlite: include_str!("../migrations/sqlite/0008_plan_settings.sql"),
        postgres: include_str!("../migrations/postgres/0008_plan_settings.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 9,
        name: "bulletins",
        sqlite: include_str!("../migrations/sqlite/0009_bulletins.sql"),
        postgres: include_str!("../migrations/postgres/0009_bulletins.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 10,
        name: "disclosure",
        sqlite: include_str!("../migrations/sqlite/0010_disclosure.sql"),
        postgres: include_str!("../migrations/postgres/0010_disclosure.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 11,
        name: "item_pages",
        sqlite: include_str!("../migrations/sqlite/0011_item_pages.sql"),
        postgres: include_str!("../migrations/postgres/0011_item_pages.sql"),
        sqlite_rebuilds: true,
    },
    Migration {
        version: 12,
        name: "login_security",
        sqlite: include_str!("../migrations/sqlite/0012_login_security.sql"),
        postgres: include_str!("../migrations/postgres/0012_login_security.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 13,
        name: "audit_log",
        sqlite: include_str!("../migrations/sqlite/0013_audit_log.sql"),
        postgres: include_str!("../migrations/postgres/0013_audit_log.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 14,
        name: "second_factor",
        sqlite: include_str!("../migrations/sqlite/0014_second_factor.sql"),
        postgres: include_str!("../migrations/postgres/0014_second_factor.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 15,
        name: "personal_data",
        sqlite: include_str!("../migrations/sqlite/0015_personal_data.sql"),
        postgres: include_str!("../migrations/postgres/0015_personal_data.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 16,
        name: "idempotency",
        sqlite: include_str!("../migrations/sqlite/0016_idempotency.sql"),
        postgres: include_str!("../migrations/postgres/0016_idempotency.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 18,
        name: "spot_checks",
        sqlite: include_str!("../migrations/sqlite/0018_spot_checks.sql"),
        postgres: include_str!("../migrations/postgres/0018_spot_checks.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 19,
        name: "audit_event_index",
        sqlite: include_str!("../migrations/sqlite/0019_audit_event_index.sql"),
        postgres: include_str!("../migrations/postgres/0019_audit_event_index.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 20,
        name: "pending_imports",
        sqlite: include_str!("../migrations/sqlite/0020_pending_imports.sql"),
        postgres: include_str!("../migrations/postgres/0020_pending_imports.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 22,
        name: "evaluation",
        sqlite: include_str!("../migrations/sqlite/0022_evaluation.sql"),
        postgres: include_str!("../migrations/postgres/0022_evaluation.sql"),
        sqlite_rebuilds: false,
    },
    Migration {
        version: 23,
        name: "funding",
        sqlite: include_str!("../migrations/sqlite/0023_funding.sql"),
        postgres: include_str!("../migrations/postgres/0023_funding.sql"),
        sqlite_rebuilds: false,
    },
];

pub(crate) async fn run(pool: &AnyPool, dialect: Dialect) -> Result<usize> {
    run_until(pool, dialect, i64::MAX).await
}

/// The last migration this program knows.
pub(crate) fn latest() -> i64 {
    // The largest number, not the last entry: merged lists need not stay in order.
    MIGRATIONS.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Applies the migrations up to and including `last` (a restore loads rows at the
/// schema they were exported from, then migrates the rest).
pub(crate) async fn run_until(pool: &AnyPool, dialect: Dialect, last: i64) -> Result<usize> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at BIGINT NOT NULL
        )",
    )
    .execute(pool)
    .await?;
    let mut applied = 0;
    // One connection throughout: the foreign-key switch is per connection.
    let mut conn = pool.acquire().await?;
    for m in MIGRATIONS.iter().filter(|m| m.version <= last) {
        let rebuild = dialect == Dialect::Sqlite && m.sqlite_rebuilds;
        if rebuild {
            sqlx::query("PRAGMA foreign_keys = OFF")
                .execute(&mut *conn)
                .await?;
        }
        let ran = apply(&mut conn, dialect, m, rebuild).await;
        if rebuild {
            sqlx::query("PRAGMA foreign_keys = ON")
                .execute(&mut *conn)
                .await?;
        }
        if ran? {
            applied += 1;
        }
    }
    Ok(applied)
}

/// Applies `m` unless it is recorded as applied; whether it ran.
async fn apply(
    conn: &mut sqlx::pool::PoolConnection<sqlx::Any>,
    dialect: Dialect,
    m: &Migration,
    check_references: bool,
) -> Result<bool> {
    use sqlx::Connection;
    let mut tx = conn.begin().await?;
    if dialect == Dialect::Postgres {
        // Two instances starting at once must not both migrate.
        sqlx::query("SELECT pg_advisory_xact_lock(7092)")
            .execute(&mut *tx)
            .await?;
    }
    let done: Option<i64> =
        sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
            .bind(m.version)
            .fetch_optional(&mut *tx)
            .await?;
    if done.is_some() {
        return Ok(false);
    }
    let sql = match dialect {
        Dialect::Sqlite => m.sqlite,
        Dialect::Postgres => m.postgres,
    };
    sqlx::raw_sql(sql)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::Migration(m.version, e))?;
    if check_references {
        let broken: Option<String> =
            sqlx::query_scalar("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1")
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(t) = broken {
            return Err(StoreError::Corrupt(format!(
                "migration {} leaves a broken reference in {t}",
                m.version
            )));
        }
    }
    sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
        .bind(m.version)
        .bind(m.name)
        .bind(crate::rows::now_ms())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

//! Schema migrations: numbered SQL files per dialect, each applied once in its own
//! transaction and recorded in `schema_migrations`.

use sqlx::AnyPool;

use crate::{Dialect, Result, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sqlite: include_str!("../migrations/sqlite/0001_init.sql"),
        postgres: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "report_warnings",
        sqlite: include_str!("../migrations/sqlite/0002_report_warnings.sql"),
        postgres: include_str!("../migrations/postgres/0002_report_warnings.sql"),
    },
    Migration {
        version: 3,
        name: "problems",
        sqlite: include_str!("../migrations/sqlite/0003_problems.sql"),
        postgres: include_str!("../migrations/postgres/0003_problems.sql"),
    },
    Migration {
        version: 4,
        name: "outbox",
        sqlite: include_str!("../migrations/sqlite/0004_outbox.sql"),
        postgres: include_str!("../migrations/postgres/0004_outbox.sql"),
    },
    Migration {
        version: 5,
        name: "evidence",
        sqlite: include_str!("../migrations/sqlite/0005_evidence.sql"),
        postgres: include_str!("../migrations/postgres/0005_evidence.sql"),
    },
    Migration {
        version: 6,
        name: "channels",
        sqlite: include_str!("../migrations/sqlite/0006_channels.sql"),
        postgres: include_str!("../migrations/postgres/0006_channels.sql"),
    },
    Migration {
        version: 7,
        name: "requests",
        sqlite: include_str!("../migrations/sqlite/0007_requests.sql"),
        postgres: include_str!("../migrations/postgres/0007_requests.sql"),
    },
    Migration {
        version: 8,
        name: "plan_settings",
        sqlite: include_str!("../migrations/sqlite/0008_plan_settings.sql"),
        postgres: include_str!("../migrations/postgres/0008_plan_settings.sql"),
    },
    Migration {
        version: 9,
        name: "bulletins",
        sqlite: include_str!("../migrations/sqlite/0009_bulletins.sql"),
        postgres: include_str!("../migrations/postgres/0009_bulletins.sql"),
    },
    Migration {
        version: 10,
        name: "disclosure",
        sqlite: include_str!("../migrations/sqlite/0010_disclosure.sql"),
        postgres: include_str!("../migrations/postgres/0010_disclosure.sql"),
    },
];

pub(crate) async fn run(pool: &AnyPool, dialect: Dialect) -> Result<usize> {
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
    for m in MIGRATIONS {
        let mut tx = pool.begin().await?;
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
            continue;
        }
        let sql = match dialect {
            Dialect::Sqlite => m.sqlite,
            Dialect::Postgres => m.postgres,
        };
        sqlx::raw_sql(sql)
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::Migration(m.version, e))?;
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(m.version)
        .bind(m.name)
        .bind(crate::rows::now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        applied += 1;
    }
    Ok(applied)
}

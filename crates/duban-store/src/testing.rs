//! Throw-away databases for tests: a fresh SQLite file always, and a fresh PostgreSQL
//! database when `DUBAN_TEST_DATABASE_URL` names a server to make them on.
//!
//! ```no_run
//! # async fn f() {
//! for db in duban_store::testing::TestDb::all().await {
//!     let store = duban_store::Store::open(&db.url).await.expect("open");
//!     // … the same story on every database …
//! }
//! # }
//! ```
//!
//! Each [`TestDb`] removes its database when dropped. A PostgreSQL database is dropped
//! from a short-lived thread with its own runtime (`DROP DATABASE … WITH (FORCE)`, so
//! connections a test left open do not block it), bounded by a timeout so that a test
//! never hangs on clean-up. Whatever is left behind (a killed test run, an unreachable
//! server) is dropped by `.ci/run`, which removes every `duban_t_%` database first.

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::{Connection, PgConnection};

use crate::Dialect;

/// The variable naming a PostgreSQL server (an admin URL) to make test databases on.
pub const DATABASE_URL_VAR: &str = "DUBAN_TEST_DATABASE_URL";

/// How long creating or dropping a PostgreSQL test database may take.
const PG_TIMEOUT: Duration = Duration::from_secs(20);

/// A database of its own for one test; removed on drop.
#[derive(Debug)]
pub struct TestDb {
    /// What to pass to [`crate::Store::open`].
    pub url: String,
    place: Place,
}

#[derive(Debug)]
enum Place {
    Sqlite { path: PathBuf },
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    /// A fresh SQLite file under `<temp>/duban-tests/`.
    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join("duban-tests");
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let path = dir.join(format!("{}.db", unique_suffix("-")));
        TestDb {
            url: format!("sqlite://{}", path.display()),
            place: Place::Sqlite { path },
        }
    }

    /// A fresh PostgreSQL database on the server `DUBAN_TEST_DATABASE_URL` names, or
    /// None when it is unset. Panics when it is set but the database cannot be made:
    /// a test run asked for PostgreSQL must not quietly skip it.
    pub async fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var(DATABASE_URL_VAR)
            .ok()
            .filter(|u| !u.trim().is_empty())?;
        let name = format!("duban_t_{}", unique_suffix("_"));
        let create = async {
            let mut conn = PgConnection::connect(&admin_url).await?;
            // CREATE DATABASE takes no bind parameter, so the name is written into the
            // statement. It is safe: `name` is "duban_t_" followed by our own decimal
            // numbers and underscores (pid, counter, clock), never input.
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut conn)
                .await?;
            conn.close().await
        };
        match tokio::time::timeout(PG_TIMEOUT, create).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                panic!("{DATABASE_URL_VAR} is set but CREATE DATABASE {name} failed: {e}")
            }
            Err(_) => panic!("{DATABASE_URL_VAR} is set but CREATE DATABASE {name} timed out"),
        }
        Some(TestDb {
            url: with_database(&admin_url, &name),
            place: Place::Postgres { admin_url, name },
        })
    }

    /// SQLite, and PostgreSQL too when `DUBAN_TEST_DATABASE_URL` is set.
    pub async fn all() -> Vec<TestDb> {
        let mut dbs = vec![TestDb::sqlite().await];
        dbs.extend(TestDb::postgres().await);
        dbs
    }

    pub fn dialect(&self) -> Dialect {
        match self.place {
            Place::Sqlite { .. } => Dialect::Sqlite,
            Place::Postgres { .. } => Dialect::Postgres,
        }
    }
}

/// Names the database without its server's credentials: `sqlite /tmp/…/x.db`,
/// `postgres duban_t_…`.
impl fmt::Display for TestDb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Place::Sqlite { path } => write!(f, "sqlite {}", path.display()),
            Place::Postgres { name, .. } => write!(f, "postgres {name}"),
        }
    }
}

impl Drop for TestDb {
    /// Best effort and never panicking (it may run while a failed test unwinds).
    fn drop(&mut self) {
        match &self.place {
            Place::Sqlite { path } => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(p);
                }
            }
            Place::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // A thread of its own: Drop cannot await, and blocking inside the test's
                // runtime on a future of that runtime would deadlock.
                let cleaner = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async {
                        let drop_db = async {
                            let mut conn = PgConnection::connect(&admin_url).await?;
                            // Safe for the same reason as CREATE DATABASE: our own name.
                            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            )))
                            .execute(&mut conn)
                            .await?;
                            conn.close().await
                        };
                        let _ = tokio::time::timeout(PG_TIMEOUT, drop_db).await;
                    });
                });
                let _ = cleaner.join();
            }
        }
    }
}

/// `<pid><sep><counter><sep><nanos>`: digits and `sep` only, unique in this process and,
/// by pid and clock, across processes.
fn unique_suffix(sep: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{}{sep}{n}{sep}{nanos}", std::process::id())
}

/// The admin URL with its database (path) replaced by `name`, query kept.
fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (admin_url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(i) => &base[..authority_start + i],
        None => base,
    };
    match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_database_replaces_the_admin_database_and_keeps_the_options() {
        let n = "duban_t_1_2_3";
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", n),
            "postgres://postgres@127.0.0.1:5432/duban_t_1_2_3"
        );
        assert_eq!(
            with_database("postgresql://u:p@h", n),
            "postgresql://u:p@h/duban_t_1_2_3"
        );
        assert_eq!(
            with_database("postgres://h:5432/x?sslmode=disable", n),
            "postgres://h:5432/duban_t_1_2_3?sslmode=disable"
        );
    }

    #[test]
    fn database_names_are_plain_identifiers() {
        let a = format!("duban_t_{}", unique_suffix("_"));
        let b = format!("duban_t_{}", unique_suffix("_"));
        assert_ne!(a, b);
        assert!(
            a.len() <= 63,
            "PostgreSQL truncates identifiers past 63 bytes"
        );
        assert!(
            a.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        );
    }

    #[tokio::test]
    async fn a_sqlite_test_database_is_removed_with_its_journal_files() {
        let db = TestDb::sqlite().await;
        let Place::Sqlite { path } = &db.place else {
            panic!("not sqlite")
        };
        let path = path.clone();
        let store = crate::Store::open(&db.url).await.expect("open");
        store.ping().await.expect("ping");
        store.close().await;
        assert!(path.exists());
        drop(db);
        assert!(!path.exists());
        assert!(!PathBuf::from(format!("{}-wal", path.display())).exists());
    }
}

//! duban's storage: one [`Store`] over SQLite (the embedded default, one file) or
//! PostgreSQL (shared by several stateless instances), chosen by the URL's scheme.
//!
//! Both databases run the same SQL text through sqlx's `Any` driver, with the column
//! conventions of the migrations (integers, text, epoch milliseconds, scaled decimals).
//! What differs — schema DDL, connection set-up, write serialisation — is per dialect.
//! Every query is parameterised; none is assembled from input.
#![forbid(unsafe_code)]

pub mod audit;
pub mod backup;
mod error;
mod history;
pub mod idempotency;
mod integrity;
mod migrate;
mod rows;

pub mod bulletins;
pub mod cipher;
pub mod delivery;
pub mod disclosure;
mod drafting;
pub mod evaluation;
pub mod evidence;
pub mod gauges;
pub mod generated;
pub mod indicators;
pub mod items;
mod logins;
pub mod outbox;
pub mod pending_imports;
pub mod periods;
mod personal;
pub mod plan_structure;
pub mod plans;
mod probe;
pub mod problems;
pub mod quality;
pub mod reports;
pub mod requests;
pub mod second_factor;
pub mod settings;
pub mod supervisions;
mod tables;
pub mod testing;
mod trend;
pub mod units;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use error::StoreError;
pub use history::{HistoryEntry, TreeAsOf};
pub use rows::{Change, Page, Paged, Versioned, now_ms};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// The one storage interface. Cheap to clone: it holds pools.
#[derive(Clone)]
pub struct Store {
    /// Reads (and, on PostgreSQL, writes).
    pool: AnyPool,
    /// Writes. SQLite takes one writer at a time, so one connection serialises them
    /// in the process instead of failing with SQLITE_BUSY; on PostgreSQL it is `pool`.
    writer: AnyPool,
    dialect: Dialect,
    /// The outside channels messages are queued for besides the inbox.
    channels: outbox::Channels,
    /// Seals and opens personal data; without a key, none can be stored.
    vault: personal::Vault,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dialect", &self.dialect)
            .finish()
    }
}

impl Store {
    /// Opens `sqlite://FILE` (created when missing) or `postgres://…`, without migrating.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let dialect = if url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Dialect::Postgres
        } else {
            return Err(StoreError::BadUrl(url_scheme(url)));
        };
        match dialect {
            Dialect::Sqlite => {
                let url = if url.contains('?') {
                    url.to_string()
                } else {
                    format!("{url}?mode=rwc")
                };
                let opts = AnyConnectOptions::from_str(&url)?;
                let setup = || {
                    AnyPoolOptions::new()
                        .acquire_timeout(Duration::from_secs(10))
                        .after_connect(|conn, _| {
                            Box::pin(async move {
                                // WAL lets readers run beside the writer; synchronous=FULL
                                // makes every acknowledged commit durable across power loss.
                                conn.execute(
                                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; \
                                     PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
                                )
                                .await?;
                                Ok(())
                            })
                        })
                };
                let writer = setup()
                    .max_connections(1)
                    .connect_with(opts.clone())
                    .await?;
                let pool = setup().max_connections(8).connect_with(opts).await?;
                Ok(Store {
                    pool,
                    writer,
                    dialect,
                    channels: outbox::Channels::default(),
                    vault: personal::Vault::default(),
                })
            }
            Dialect::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?;
                Ok(Store {
                    writer: pool.clone(),
                    pool,
                    dialect,
                    channels: outbox::Channels::default(),
                    vault: personal::Vault::default(),
                })
            }
        }
    }

    /// Queues messages for these outside channels too, from now on (for the people and
    /// units that have an address on them).
    pub fn with_channels(mut self, channels: outbox::Channels) -> Store {
        self.channels = channels;
        self
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`): a transaction that reads first and writes later could otherwise
    /// fail at its first write, without waiting, when another process (a second
    /// server, the CLI) wrote in between.
    ///
    /// When SQLite itself ended a transaction (a full disk rolls it back), sqlx's
    /// rollback of it fails and leaves the one writer connection thinking it is still
    /// inside one; every later write would fail. That connection is closed and the
    /// write begun on a fresh one.
    pub(crate) async fn write(&self) -> Result<rows::Tx> {
        Ok(match self.dialect {
            Dialect::Sqlite => match self.writer.begin_with("BEGIN IMMEDIATE").await {
                Err(sqlx::Error::InvalidSavePointStatement | sqlx::Error::BeginFailed) => {
                    tracing::warn!("the SQLite writer was left inside a transaction; reconnecting");
                    self.writer.acquire().await?.close().await?;
                    self.writer.begin_with("BEGIN IMMEDIATE").await?
                }
                r => r?,
            },
            Dialect::Postgres => self.writer.begin().await?,
        })
    }

    /// Opens and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Store> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Applies the migrations not yet applied; returns how many ran.
    pub async fn migrate(&self) -> Result<usize> {
        migrate::run(&self.writer, self.dialect).await
    }

    /// A cheap round trip, for readiness checks.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }
}

/// The scheme of a URL, for an error message that never repeats a password.
fn url_scheme(url: &str) -> String {
    url.split(':')
        .next()
        .unwrap_or("")
        .chars()
        .take(20)
        .collect()
}

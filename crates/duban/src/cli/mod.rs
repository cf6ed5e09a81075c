//! The subcommands.

pub mod bulletin;
pub mod demo;
pub mod login_policy;
pub mod serve;
pub mod user;

use anyhow::Context;
use clap::Args;
use duban_store::Store;

/// Where the database is.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// sqlite://FILE or postgres://USER@HOST/DB
    #[arg(long, env = "DUBAN_DATABASE_URL")]
    pub database_url: String,
}

impl DbArgs {
    pub async fn open(&self) -> anyhow::Result<Store> {
        Store::open(&self.database_url)
            .await
            .with_context(|| "cannot open the database (无法打开数据库)")
    }
}

pub async fn migrate(a: DbArgs) -> anyhow::Result<()> {
    let store = Store::connect(&a.database_url).await?;
    let n = store.migrate().await?;
    println!("已应用 {n} 个迁移 / {n} migration(s) applied");
    store.close().await;
    Ok(())
}

pub fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("DUBAN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// Resolves on Ctrl-C or SIGTERM: stop taking requests, finish those in flight.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

//! The subcommands.

pub mod audit;
pub mod backup;
pub mod bulletin;
pub mod config;
pub mod demo;
pub mod export;
pub mod generate;
pub mod import;
pub mod import_completion;
pub mod import_plan;
pub mod key;
pub mod login_policy;
pub mod progress;
pub mod serve;
pub mod user;

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use duban_store::Store;

/// Where the database is.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// sqlite://FILE or postgres://USER@HOST/DB
    #[arg(long, env = "DUBAN_DATABASE_URL")]
    pub database_url: String,
    /// The data key that seals personal data (mobile and ID numbers, objection
    /// contacts), made by `duban keygen`; kept outside the database and backed up
    /// apart from it. Without one, no personal data can be stored.
    #[arg(long, env = "DUBAN_DATA_KEY_FILE")]
    pub data_key_file: Option<PathBuf>,
}

impl DbArgs {
    pub async fn open(&self) -> anyhow::Result<Store> {
        let store = Store::open(&self.database_url)
            .await
            .with_context(|| "cannot open the database (无法打开数据库)")?;
        Ok(match &self.data_key_file {
            Some(path) => store.with_data_cipher(key::load(path)?),
            None => store,
        })
    }
}

pub async fn migrate(a: DbArgs) -> anyhow::Result<()> {
    let store = Store::connect(&a.database_url).await?;
    let n = store.migrate().await?;
    println!("已应用 {n} 个迁移 / {n} migration(s) applied");
    store.close().await;
    Ok(())
}

/// Before serving: the stored personal data opens with the configured key (or there
/// is none), and contacts kept in clear before sealing existed are sealed now.
pub async fn check_personal_data(store: &Store) -> anyhow::Result<()> {
    let sealed = store.check_personal_data().await.with_context(|| {
        "个人信息与数据密钥不符,未启动 / the personal data does not match the data key; not starting"
    })?;
    if sealed > 0 {
        println!(
            "已加密 {sealed} 条原明文联系方式 / sealed {sealed} contact(s) kept in clear before"
        );
    }
    if !store.seals_personal_data() {
        println!(
            "未配置数据密钥,不能保存个人信息(见 duban keygen)/ no data key (--data-key-file): personal data cannot be stored (see duban keygen)"
        );
    }
    Ok(())
}

/// How log lines are written (to standard error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One readable line per event, with the request's span (`request{request_id=…}`)
    Text,
    /// One JSON object per line: time, level, message, fields, and the request's span
    /// (`span.request_id`), for a log collector
    Json,
}

pub fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("DUBAN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
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

/// An API error as the command line says it: Chinese, then English, and under it
/// each field's problem (an import's rows, a period the plan does not have).
pub fn said(e: duban_api::ApiError) -> anyhow::Error {
    let p = e.problem();
    let mut msg = format!(
        "{} / {}",
        p.detail.unwrap_or(p.title),
        p.detail_en.unwrap_or(p.title_en)
    );
    for f in p.errors {
        msg.push_str(&format!("\n  {} / {}", f.message, f.message_en));
    }
    anyhow::anyhow!(msg)
}

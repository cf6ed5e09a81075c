//! `duban serve`: serve a database.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use duban_api::Settings;
use duban_store::Store;
use duban_store::evidence::EvidenceDir;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: super::DbArgs,
    /// Address to listen on.
    #[arg(long, env = "DUBAN_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Served over TLS (directly or behind a proxy): secure cookies.
    #[arg(long, env = "DUBAN_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Where evidence files (佐证材料) are kept, outside any served folder [default:
    /// `evidence` beside a SQLite database file, else in the working directory]. Several
    /// instances on one PostgreSQL database need one directory they all share.
    #[arg(long, env = "DUBAN_EVIDENCE_DIR")]
    pub evidence_dir: Option<PathBuf>,
    /// The largest evidence file taken, in MiB.
    #[arg(long, env = "DUBAN_MAX_UPLOAD_MIB", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub max_upload_mib: u32,
}

pub async fn run(a: ServeArgs) -> anyhow::Result<()> {
    let store = a.db.open().await?;
    let settings = Settings {
        secure_cookies: a.secure_cookies,
        evidence_dir: a
            .evidence_dir
            .unwrap_or_else(|| default_evidence_dir(&a.db.database_url)),
        max_upload_bytes: (a.max_upload_mib as usize) << 20,
        ..Settings::default()
    };
    listen(store, settings, &a.addr, |_| {}).await
}

/// `evidence` in the directory of a SQLite database file (the data directory), or in
/// the working directory for PostgreSQL and in-memory databases.
pub fn default_evidence_dir(database_url: &str) -> PathBuf {
    let file = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .and_then(|rest| rest.split('?').next())
        .filter(|f| !f.is_empty() && !f.starts_with(':'));
    match file.and_then(|f| Path::new(f).parent()) {
        Some(dir) => dir.join("evidence"),
        None => PathBuf::from("evidence"),
    }
}

/// Binds, reports the URL, serves until a shutdown signal.
pub async fn listen(
    store: Store,
    settings: Settings,
    addr: &str,
    on_bound: impl FnOnce(&str),
) -> anyhow::Result<()> {
    // Made (owner-only) now, so that a directory that cannot be written shows at start.
    EvidenceDir::new(&settings.evidence_dir)
        .ensure()
        .with_context(|| {
            format!(
                "cannot create the evidence directory (无法创建佐证材料目录) {}",
                settings.evidence_dir.display()
            )
        })?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let url = format!("http://{}", listener.local_addr()?);
    on_bound(&url);
    println!(
        "佐证材料目录 / evidence files in {}",
        settings.evidence_dir.display()
    );
    println!("duban 已启动 / listening on {url}");
    let app = duban_api::app(store.clone(), settings);
    let worker = duban_api::worker::spawn_outbox(store.clone(), std::time::Duration::from_secs(2));
    duban_api::serve(listener, app, super::shutdown_signal()).await?;
    worker.abort();
    store.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_kept_beside_a_sqlite_file_or_in_the_working_directory() {
        let d = |url: &str| default_evidence_dir(url);
        assert_eq!(d("sqlite://duban.db"), PathBuf::from("evidence"));
        assert_eq!(
            d("sqlite:///var/lib/duban/duban.db?mode=rwc"),
            PathBuf::from("/var/lib/duban/evidence")
        );
        assert_eq!(d("sqlite:data/duban.db"), PathBuf::from("data/evidence"));
        assert_eq!(d("sqlite::memory:"), PathBuf::from("evidence"));
        assert_eq!(d("postgres://u@h/db"), PathBuf::from("evidence"));
    }
}

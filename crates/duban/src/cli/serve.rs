//! `duban serve`: serve a database.

use clap::Args;
use duban_api::Settings;
use duban_store::Store;

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
}

pub async fn run(a: ServeArgs) -> anyhow::Result<()> {
    let store = a.db.open().await?;
    let settings = Settings {
        secure_cookies: a.secure_cookies,
        ..Settings::default()
    };
    listen(store, settings, &a.addr, |_| {}).await
}

/// Binds, reports the URL, serves until a shutdown signal.
pub async fn listen(
    store: Store,
    settings: Settings,
    addr: &str,
    on_bound: impl FnOnce(&str),
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let url = format!("http://{}", listener.local_addr()?);
    on_bound(&url);
    println!("duban 已启动 / listening on {url}");
    let app = duban_api::app(store.clone(), settings);
    let worker = duban_api::worker::spawn_outbox(store.clone(), std::time::Duration::from_secs(2));
    duban_api::serve(listener, app, super::shutdown_signal()).await?;
    worker.abort();
    store.close().await;
    Ok(())
}

//! `duban serve`: serve a database.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use duban_api::Settings;
use duban_api::clock::Clock;
use duban_api::worker::{Outside, WorkerSettings};
use duban_notify::{SmtpChannel, WebhookChannel};
use duban_store::Store;
use duban_store::evidence::EvidenceDir;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A TOML file of settings (each named as its flag, `max_upload_mib = 20`); flags
    /// and DUBAN_* variables override it.
    #[arg(long, env = "DUBAN_CONFIG")]
    pub config: Option<PathBuf>,
    /// Print the settings in force and where each came from, then exit.
    #[arg(long)]
    pub check_config: bool,
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
    #[command(flatten)]
    pub channels: ChannelArgs,
    #[command(flatten)]
    pub audit: super::audit::KeyArgs,
    #[command(flatten)]
    pub login_policy: super::login_policy::LoginPolicyArgs,
    /// A bearer token (at least 16 characters) that lets a scraper elsewhere read
    /// /metrics; without one, only a client on this host that came through no proxy may.
    #[arg(long, env = "DUBAN_METRICS_TOKEN", hide_env_values = true,
          value_parser = metrics_token)]
    pub metrics_token: Option<String>,
}

fn metrics_token(s: &str) -> Result<String, String> {
    if s.trim().len() >= 16 && s.trim().is_ascii() {
        Ok(s.trim().to_string())
    } else {
        Err("至少16个ASCII字符 / at least 16 ASCII characters".into())
    }
}

/// The outside channels of reminders and how the background worker runs.
#[derive(Debug, Args)]
pub struct ChannelArgs {
    /// Send reminders by e-mail through this server too: `smtp://host:25` (a relay on
    /// the intranet), `smtp://user:password@host:587?tls=required` or `smtps://host:465`.
    #[arg(long, env = "DUBAN_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of reminder e-mails.
    #[arg(
        long,
        env = "DUBAN_MAIL_FROM",
        default_value = "市政府督查室 <duban@localhost>"
    )]
    pub mail_from: String,
    /// Send reminders to the units' group robots (企业微信, 钉钉, generic JSON) too.
    #[arg(long, env = "DUBAN_WEBHOOKS")]
    pub webhooks: bool,
    /// Minutes between automatic reminder sweeps (0: only when the office asks).
    #[arg(long, env = "DUBAN_SWEEP_MINUTES", default_value_t = 10)]
    pub sweep_minutes: u64,
    /// Seconds a message being sent is left to its worker before another may send it
    /// (after a crash, it is sent again once this runs out).
    #[arg(long, env = "DUBAN_OUTBOX_LEASE_SECS", default_value_t = 120,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub outbox_lease_secs: u64,
    /// Fix the business day (业务日期, YYYY-MM-DD) for a drill or a demo of past data;
    /// deadlines and reminders are judged by it.
    #[arg(long, env = "DUBAN_TODAY")]
    pub today: Option<String>,
}

impl ChannelArgs {
    /// The channels, the worker's pace and the clock these options make.
    pub fn build(&self) -> anyhow::Result<(Outside, WorkerSettings, Clock)> {
        let timeout = Duration::from_secs(30);
        let smtp = match &self.smtp_url {
            Some(url) => Some(SmtpChannel::new(url, &self.mail_from, timeout)?),
            None => None,
        };
        let webhooks = match self.webhooks {
            true => Some(WebhookChannel::new(timeout)?),
            false => None,
        };
        let worker = WorkerSettings {
            sweep_every: (self.sweep_minutes > 0)
                .then(|| Duration::from_secs(self.sweep_minutes * 60)),
            lease: Duration::from_secs(self.outbox_lease_secs),
            ..WorkerSettings::default()
        };
        let clock = Clock::default();
        if let Some(day) = &self.today {
            let day = duban_domain::Date::parse(day)
                .with_context(|| format!("--today 须为 YYYY-MM-DD / must be YYYY-MM-DD: {day}"))?;
            clock.set(Some(day));
        }
        Ok((Outside { smtp, webhooks }, worker, clock))
    }
}

pub async fn run(a: ServeArgs) -> anyhow::Result<()> {
    let (outside, worker, clock) = a.channels.build()?;
    let store = a.db.open().await?;
    super::check_personal_data(&store).await?;
    let mut settings = Settings {
        clock,
        secure_cookies: a.secure_cookies,
        evidence_dir: a
            .evidence_dir
            .unwrap_or_else(|| default_evidence_dir(&a.db.database_url)),
        max_upload_bytes: (a.max_upload_mib as usize) << 20,
        audit_key: a.audit.load()?,
        metrics_token: a.metrics_token.clone(),
        ..Settings::default()
    };
    if settings.audit_key.is_none() {
        tracing::warn!(
            "no --audit-key-file: the audit log is chained but its checkpoints are not signed \
             (未配置审计密钥,审计日志检查点不加签)"
        );
    }
    a.login_policy.apply(&mut settings)?;
    listen(store, settings, (outside, worker), &a.addr, |_| {}).await
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
    (outside, worker): (Outside, WorkerSettings),
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
    let store = store.with_channels(outside.channels());
    let clock = settings.clock.clone();
    let key = settings.audit_key.clone();
    let app = duban_api::app(store.clone(), settings);
    let worker = duban_api::worker::spawn_worker(store.clone(), clock, outside, worker, key);
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

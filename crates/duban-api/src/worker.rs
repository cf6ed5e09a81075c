//! The background worker: delivers queued messages into the in-app inbox and over the
//! outside channels (e-mail, group robots), and runs the reminder sweep. Several
//! instances may run it at once against one PostgreSQL: each message is claimed by one.
//!
//! Outside delivery is sequential on purpose: a message is marked sent before the next
//! one is sent, so a worker killed at any moment leaves at most the one message it was
//! sending unrecorded, and that one is sent again once its claim runs out.

use std::time::Duration;

use duban_notify::{Outgoing, SendError, SmtpChannel, Webhook, WebhookChannel, WebhookFormat};
use duban_store::Store;
use duban_store::delivery::Outgoing as Queued;
use duban_store::outbox::Channels;

use crate::clock::Clock;

/// The outside channels this installation has.
#[derive(Clone, Default)]
pub struct Outside {
    pub smtp: Option<SmtpChannel>,
    pub webhooks: Option<WebhookChannel>,
}

impl Outside {
    /// Which channels messages are queued for.
    pub fn channels(&self) -> Channels {
        Channels {
            email: self.smtp.is_some(),
            webhook: self.webhooks.is_some(),
        }
    }
}

/// How the worker paces itself.
#[derive(Debug, Clone, Copy)]
pub struct WorkerSettings {
    /// How often it looks for due messages.
    pub every: Duration,
    /// How often it runs the reminder sweep; `None` leaves it to the office.
    pub sweep_every: Option<Duration>,
    /// How long a claimed message is left to its worker before another may send it.
    pub lease: Duration,
    /// The wait after the first failed attempt; it doubles with each further one, up
    /// to an hour.
    pub retry_base: Duration,
    /// After this many attempts a message is given up (kept, with its last error).
    pub max_attempts: i64,
    /// How often the audit log's head is signed as a checkpoint (when it moved and
    /// there is a key): the longest stretch of records no signature vouches for yet.
    pub seal_every: Duration,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        WorkerSettings {
            every: Duration::from_secs(2),
            sweep_every: Some(Duration::from_secs(600)),
            lease: Duration::from_secs(120),
            retry_base: Duration::from_secs(30),
            max_attempts: 12,
            seal_every: Duration::from_secs(60),
        }
    }
}

impl WorkerSettings {
    /// When to try again after `attempts` failed attempts.
    pub fn retry_after(&self, attempts: i64) -> Duration {
        let doubled = self
            .retry_base
            .saturating_mul(1 << attempts.clamp(1, 20).saturating_sub(1));
        doubled.min(Duration::from_secs(3600))
    }
}

/// Runs the worker until the runtime ends.
pub fn spawn_worker(
    store: Store,
    clock: Clock,
    outside: Outside,
    ws: WorkerSettings,
    audit_key: Option<crate::audit::AuditKey>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(ws.every);
        let mut last_sweep: Option<tokio::time::Instant> = None;
        let mut last_seal: Option<tokio::time::Instant> = None;
        let mut last_forget: Option<tokio::time::Instant> = None;
        loop {
            tick.tick().await;
            if last_forget.is_none_or(|t| t.elapsed() >= ws.seal_every) {
                last_forget = Some(tokio::time::Instant::now());
                let before = clock.now_ms() - duban_store::idempotency::KEEP_MS;
                if let Err(e) = store.forget_keys(before).await {
                    tracing::warn!(error = %e, "forgetting old idempotency keys failed; will retry");
                }
            }
            if let Some(key) = &audit_key
                && last_seal.is_none_or(|t| t.elapsed() >= ws.seal_every)
            {
                last_seal = Some(tokio::time::Instant::now());
                match store.seal_audit(key.signer(), clock.now_ms()).await {
                    Ok(Some(c)) => tracing::debug!(seq = c.seq, "audit log sealed"),
                    Ok(None) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "sealing the audit log failed; will retry")
                    }
                }
            }
            match store.deliver_inbox(duban_store::now_ms(), 200).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(n, "messages delivered to inboxes"),
                Err(e) => tracing::warn!(error = %e, "delivering to inboxes failed; will retry"),
            }
            if let Some(every) = ws.sweep_every
                && last_sweep.is_none_or(|t| t.elapsed() >= every)
            {
                last_sweep = Some(tokio::time::Instant::now());
                match crate::sweep::sweep(&store, clock.today()).await {
                    Ok(o) if o.queued > 0 => tracing::info!(queued = o.queued, "reminders queued"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "the reminder sweep failed; will retry"),
                }
            }
            if let Err(e) = deliver_outside(&store, &outside, &ws).await {
                tracing::warn!(error = %e, "outside delivery failed; will retry");
            }
        }
    })
}

/// Claims due e-mail and robot messages and sends them one by one.
async fn deliver_outside(
    store: &Store,
    outside: &Outside,
    ws: &WorkerSettings,
) -> Result<(), duban_store::StoreError> {
    let lease = i64::try_from(ws.lease.as_millis()).unwrap_or(i64::MAX);
    let claimed = store
        .claim_outgoing(duban_store::now_ms(), lease, 50)
        .await?;
    for m in claimed {
        let outcome = send(store, outside, &m).await;
        let now = duban_store::now_ms();
        match outcome {
            Ok(()) => store.mark_sent(m.id, now).await?,
            Err(e) => {
                let give_up = e.permanent || m.attempts >= ws.max_attempts;
                tracing::warn!(outbox_id = m.id, channel = %m.channel, attempts = m.attempts,
                               permanent = give_up, detail = %e.detail, "a message was not delivered");
                let retry = (!give_up).then(|| {
                    now + i64::try_from(ws.retry_after(m.attempts).as_millis())
                        .unwrap_or(i64::MAX / 2)
                });
                store.mark_failed(m.id, now, &e.detail, retry).await?;
            }
        }
    }
    Ok(())
}

async fn send(store: &Store, outside: &Outside, m: &Queued) -> Result<(), SendError> {
    let id = format!("duban-outbox-{}", m.id);
    let out = Outgoing {
        id: &id,
        subject: &m.subject,
        body: &m.body,
        cause: &m.cause,
    };
    match m.channel.as_str() {
        "email" => {
            let smtp = outside.smtp.as_ref().ok_or_else(|| {
                SendError::permanent("未配置邮件服务器 / no SMTP server configured")
            })?;
            let to = m
                .address
                .as_deref()
                .ok_or_else(|| SendError::permanent("缺少收件地址 / no address"))?;
            smtp.send(to, &out).await
        }
        "webhook" => {
            let client = outside
                .webhooks
                .as_ref()
                .ok_or_else(|| SendError::permanent("未启用群机器人 / webhooks are off"))?;
            let unit = m
                .unit_id
                .ok_or_else(|| SendError::permanent("缺少单位 / no unit"))?;
            let hook = store
                .unit_webhook(unit)
                .await
                .map_err(|e| {
                    SendError::temporary(format!("读取群机器人失败 / reading the robot: {e}"))
                })?
                .ok_or_else(|| {
                    SendError::permanent("单位已删除群机器人 / the unit has no robot now")
                })?;
            let format: WebhookFormat = hook
                .format
                .parse()
                .map_err(|e: duban_notify::ConfigError| SendError::permanent(e.0))?;
            let hook = Webhook {
                url: hook.url,
                format,
                secret: hook.secret,
            };
            client.send(&hook, &out).await
        }
        other => Err(SendError::permanent(format!(
            "未知渠道 / unknown channel {other}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_an_hour() {
        let ws = WorkerSettings::default();
        assert_eq!(ws.retry_after(1), Duration::from_secs(30));
        assert_eq!(ws.retry_after(2), Duration::from_secs(60));
        assert_eq!(ws.retry_after(5), Duration::from_secs(480));
        assert_eq!(ws.retry_after(12), Duration::from_secs(3600));
        assert_eq!(ws.retry_after(1_000), Duration::from_secs(3600));
    }
}

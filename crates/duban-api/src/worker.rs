//! The outbox worker: delivers queued messages in the background. Several instances may
//! run it at once against one PostgreSQL: each message is claimed by one of them.

use std::time::Duration;

use duban_store::Store;

/// Delivers due messages every `every` until the runtime ends.
pub fn spawn_outbox(store: Store, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match store.deliver_inbox(duban_store::now_ms(), 200).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(n, "messages delivered"),
                Err(e) => tracing::warn!(error = %e, "delivering messages failed; will retry"),
            }
        }
    })
}

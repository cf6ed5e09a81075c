//! The history of every entity: each state written is kept as a JSON snapshot with its
//! version, time and author, so any past state can be read as of a date.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::Row;

use crate::rows::{Change, Tx, from_json, json_text};
use crate::{Result, Store};

pub(crate) async fn record<T: Serialize>(
    tx: &mut Tx,
    entity: &'static str,
    id: i64,
    version: i64,
    change: Change,
    value: &T,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO history (entity, entity_id, version, at, actor_id, data)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(entity)
    .bind(id)
    .bind(version)
    .bind(change.at)
    .bind(change.actor.map(|a| a.0))
    .bind(json_text(value))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One past state of an entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub version: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub data: serde_json::Value,
}

impl Store {
    /// The entity's state as it was at `at` (epoch ms), if it existed then.
    pub async fn as_of<T: DeserializeOwned>(
        &self,
        entity: &'static str,
        id: i64,
        at: i64,
    ) -> Result<Option<(i64, T)>> {
        let row = sqlx::query(
            "SELECT version, data FROM history
             WHERE entity = $1 AND entity_id = $2 AND at <= $3
             ORDER BY version DESC LIMIT 1",
        )
        .bind(entity)
        .bind(id)
        .bind(at)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            None => Ok(None),
            Some(r) => {
                let data: String = r.try_get("data")?;
                Ok(Some((r.try_get("version")?, from_json(&data, entity)?)))
            }
        }
    }

    /// Every state the entity has had, oldest first.
    pub async fn history(&self, entity: &'static str, id: i64) -> Result<Vec<HistoryEntry>> {
        let rows = sqlx::query(
            "SELECT version, at, actor_id, data FROM history
             WHERE entity = $1 AND entity_id = $2 ORDER BY version",
        )
        .bind(entity)
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let data: String = r.try_get("data")?;
                Ok(HistoryEntry {
                    version: r.try_get("version")?,
                    at: r.try_get("at")?,
                    actor_id: r.try_get("actor_id")?,
                    data: from_json(&data, entity)?,
                })
            })
            .collect()
    }
}

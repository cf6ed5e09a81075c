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
    let data = json_text(value);
    let before: Option<String> = sqlx::query_scalar(
        "SELECT data FROM history WHERE entity = $1 AND entity_id = $2 AND version < $3
         ORDER BY version DESC LIMIT 1",
    )
    .bind(entity)
    .bind(id)
    .bind(version)
    .fetch_optional(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO history (entity, entity_id, version, at, actor_id, data)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(entity)
    .bind(id)
    .bind(version)
    .bind(change.at)
    .bind(change.actor.map(|a| a.0))
    .bind(&data)
    .execute(&mut **tx)
    .await?;
    // Every state written is also a change in the audit log, in the same transaction.
    let verb = if before.is_some() { "update" } else { "create" };
    crate::audit::append(
        tx,
        crate::audit::Entry {
            at: change.at,
            who: change.actor.into(),
            event: format!("{entity}.{verb}"),
            object: format!("{entity}:{id}"),
            before,
            after: Some(data),
            outcome: duban_domain::audit::outcome::OK,
        },
    )
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
                let data = match from_json(&data, entity)? {
                    // Bulletin styles were once recorded as their column's text, a
                    // string; history is append-only, so such rows are read here as
                    // the objects recorded now.
                    serde_json::Value::String(text) if entity == "item_style" => {
                        serde_json::json!({ "narrative_place": text })
                    }
                    serde_json::Value::String(text) => from_json(&text, entity)?,
                    data => data,
                };
                Ok(HistoryEntry {
                    version: r.try_get("version")?,
                    at: r.try_get("at")?,
                    actor_id: r.try_get("actor_id")?,
                    data,
                })
            })
            .collect()
    }
}

/// The latest snapshot by `$2` (epoch ms) of each `$entity` of plan `$1`, read from the
/// history joined to `$table` for the plan: static SQL, one text per entity.
macro_rules! tree_as_of {
    ($entity:literal, $table:literal) => {
        concat!(
            "SELECT h.version, h.data FROM history h JOIN ",
            $table,
            " e ON e.id = h.entity_id ",
            "WHERE h.entity = '",
            $entity,
            "' AND e.plan_id = $1 AND h.version = ",
            "(SELECT MAX(x.version) FROM history x WHERE x.entity = '",
            $entity,
            "' ",
            "AND x.entity_id = h.entity_id AND x.at <= $2)"
        )
    };
}

/// A plan's areas, items and indicators as they stood at a moment, each with the
/// version it had then.
#[derive(Debug, Clone, Default)]
pub struct TreeAsOf {
    pub areas: Vec<(i64, duban_domain::Area)>,
    pub items: Vec<(i64, duban_domain::Item)>,
    pub indicators: Vec<(i64, duban_domain::Indicator)>,
}

impl Store {
    /// The plan's tree as of `at` (epoch ms), read from history: each entity's latest
    /// version written by then; entities created later are absent.
    pub async fn plan_tree_as_of(&self, plan: duban_domain::PlanId, at: i64) -> Result<TreeAsOf> {
        let mut t = TreeAsOf {
            areas: self
                .snapshots(tree_as_of!("area", "areas"), plan, at)
                .await?,
            items: self
                .snapshots(tree_as_of!("item", "items"), plan, at)
                .await?,
            indicators: self
                .snapshots(tree_as_of!("indicator", "indicators"), plan, at)
                .await?,
        };
        t.areas.sort_by_key(|(_, a)| (a.seq, a.id));
        t.items.sort_by_key(|(_, i)| (i.number, i.id));
        t.indicators.sort_by_key(|(_, i)| (i.item_id, i.seq, i.id));
        Ok(t)
    }

    async fn snapshots<T: DeserializeOwned>(
        &self,
        sql: &'static str,
        plan: duban_domain::PlanId,
        at: i64,
    ) -> Result<Vec<(i64, T)>> {
        let rows = sqlx::query(sql)
            .bind(plan.0)
            .bind(at)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let data: String = r.try_get("data")?;
                Ok((r.try_get("version")?, from_json(&data, "snapshot")?))
            })
            .collect()
    }
}

//! 挂牌督办: listings of items for special supervision. Listing an item queues the
//! notice to its lead unit in the same transaction.

use duban_domain::remind::Notice;
use duban_domain::supervision::{Supervision, SupervisionFields};
use duban_domain::{Date, Item, ItemId, PlanId, UserId};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::outbox::{Message, To, queue_to};
use crate::rows::{Change, Tx, Versioned, corrupt, missing_or_stale, versioned};
use crate::{Result, Store, StoreError, history};

macro_rules! select_supervisions {
    ($tail:literal) => {
        concat!(
            "SELECT s.id, s.item_id, s.reason, s.deadline, s.listed_by, s.listed_at, s.lifted_by, ",
            "s.lifted_at, s.lift_note, s.version, s.created_at, s.updated_at FROM supervisions s ",
            $tail
        )
    };
}

fn supervision(r: &AnyRow) -> Result<Versioned<Supervision>> {
    let deadline: Option<String> = r.try_get("deadline")?;
    let s = Supervision {
        id: r.try_get("id")?,
        item_id: ItemId(r.try_get("item_id")?),
        reason: r.try_get("reason")?,
        deadline: deadline
            .map(|d| Date::parse(&d).ok_or_else(|| corrupt("date", &d)))
            .transpose()?,
        listed_by: UserId(r.try_get("listed_by")?),
        listed_at: r.try_get("listed_at")?,
        lifted_by: r.try_get::<Option<i64>, _>("lifted_by")?.map(UserId),
        lifted_at: r.try_get("lifted_at")?,
        lift_note: r.try_get("lift_note")?,
    };
    versioned(r, s)
}

impl Store {
    pub async fn supervision(&self, id: i64) -> Result<Versioned<Supervision>> {
        let r = sqlx::query(select_supervisions!("WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "supervision",
                id,
            })?;
        supervision(&r)
    }

    /// Listings of a plan's items, the active ones first, newest first; only the
    /// active ones when `active_only`.
    pub async fn supervisions(
        &self,
        plan: PlanId,
        active_only: bool,
    ) -> Result<Vec<Versioned<Supervision>>> {
        let rows = sqlx::query(select_supervisions!(
            "JOIN items i ON i.id = s.item_id WHERE i.plan_id = $1 AND ($2 = 0 OR s.lifted_at IS NULL)
             ORDER BY CASE WHEN s.lifted_at IS NULL THEN 0 ELSE 1 END, s.id DESC"
        ))
        .bind(plan.0)
        .bind(i64::from(active_only))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(supervision).collect()
    }

    /// The item's active listing, if any.
    pub async fn item_supervision(&self, item: ItemId) -> Result<Option<Versioned<Supervision>>> {
        let r = sqlx::query(select_supervisions!(
            "WHERE s.item_id = $1 AND s.lifted_at IS NULL"
        ))
        .bind(item.0)
        .fetch_optional(&self.pool)
        .await?;
        r.as_ref().map(supervision).transpose()
    }

    /// Lists `item` for special supervision and queues `notice(listing)` in the same
    /// transaction. An item is listed at most once at a time.
    pub async fn list_for_supervision(
        &self,
        item: &Item,
        f: &SupervisionFields,
        notice: impl FnOnce(&Supervision) -> Notice,
        change: Change,
    ) -> Result<Versioned<Supervision>> {
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("a listing needs an author".into()))?;
        let mut tx = self.write().await?;
        let active: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM supervisions WHERE item_id = $1 AND lifted_at IS NULL",
        )
        .bind(item.id.0)
        .fetch_optional(&mut *tx)
        .await?;
        if active.is_some() {
            return Err(StoreError::conflict(
                "already_supervised",
                format!("第{}项已在挂牌督办中", item.number),
                format!(
                    "item {} is already listed for special supervision",
                    item.number
                ),
            ));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO supervisions (item_id, reason, deadline, listed_by, listed_at, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 1, $5, $5) RETURNING id",
        )
        .bind(item.id.0)
        .bind(&f.reason)
        .bind(f.deadline.map(|d| d.to_string()))
        .bind(actor.0)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?;
        let s = snapshot(&mut tx, id, change).await?;
        let n = notice(&s.value);
        let to = match n.to {
            duban_domain::remind::Audience::Unit(u) => To::Unit(u),
            duban_domain::remind::Audience::Office => To::Office,
        };
        let m = Message {
            subject: &n.subject,
            body: &n.body,
            cause: n.cause,
            dedupe_key: &n.key,
        };
        queue_to(&mut tx, self.channels, to, &m, change.at).await?;
        tx.commit().await?;
        Ok(s)
    }

    /// Lifts a listing (摘牌) with a note; lifting one already lifted is a conflict.
    pub async fn lift_supervision(
        &self,
        id: i64,
        expected_version: i64,
        note: &str,
        change: Change,
    ) -> Result<Versioned<Supervision>> {
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("lifting needs an author".into()))?;
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE supervisions SET lifted_by = $3, lifted_at = $4, lift_note = $5,
                version = version + 1, updated_at = $4
             WHERE id = $1 AND version = $2 AND lifted_at IS NULL",
        )
        .bind(id)
        .bind(expected_version)
        .bind(actor.0)
        .bind(change.at)
        .bind(note)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let lifted: Option<Option<i64>> =
                sqlx::query_scalar("SELECT lifted_at FROM supervisions WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(Some(_)) = lifted {
                return Err(StoreError::conflict(
                    "already_lifted",
                    "该挂牌督办已摘牌",
                    "the listing has already been lifted",
                ));
            }
            return Err(missing_or_stale(
                &mut tx,
                "SELECT version FROM supervisions WHERE id = $1",
                "supervision",
                id,
            )
            .await);
        }
        let s = snapshot(&mut tx, id, change).await?;
        tx.commit().await?;
        Ok(s)
    }
}

async fn snapshot(tx: &mut Tx, id: i64, change: Change) -> Result<Versioned<Supervision>> {
    let r = sqlx::query(select_supervisions!("WHERE s.id = $1"))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let s = supervision(&r)?;
    history::record(tx, "supervision", id, s.version, change, &s.value).await?;
    Ok(s)
}

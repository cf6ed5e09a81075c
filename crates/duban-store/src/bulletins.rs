//! The bulletin (督查专报): how indicators and items read, the series a plan issues, and
//! each issue. A draft keeps only the office's edits — it is drafted afresh from the
//! approved data whenever it is read — until it is issued: then its number is taken
//! from the series and the document as issued is frozen with it.

use std::collections::BTreeMap;

use duban_domain::bulletin::{Bulletin, IndicatorStyle, NarrativePlace, OfficeEdits};
use duban_domain::{Date, IndicatorId, ItemId, PeriodId, PlanId, UserId};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::rows::{Change, Versioned, corrupt, from_json, json_text, missing_or_stale, versioned};
use crate::{Result, Store, StoreError, history};

/// A series of a plan's bulletins (专报, 通报), numbered on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Series {
    pub id: i64,
    pub plan_id: PlanId,
    /// 督查专报
    pub name: String,
    /// 市政府督查室
    pub issuer: String,
    /// The number the next issue gets.
    pub next_number: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BulletinState {
    Draft,
    Issued,
}

impl BulletinState {
    pub fn as_str(self) -> &'static str {
        match self {
            BulletinState::Draft => "draft",
            BulletinState::Issued => "issued",
        }
    }
}

/// One issue: a draft (edits) or an issued bulletin (number and frozen document).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredBulletin {
    pub id: i64,
    pub series_id: i64,
    pub period_id: PeriodId,
    pub state: BulletinState,
    pub number: Option<i64>,
    pub issue_date: Option<Date>,
    pub edits: OfficeEdits,
    /// The document as issued; none while a draft.
    #[serde(skip)]
    pub snapshot: Option<Bulletin>,
    pub issued_by: Option<UserId>,
    pub issued_at: Option<i64>,
}

/// What history keeps of a bulletin: everything but the (large) issued document,
/// which itself never changes once written.
#[derive(Serialize)]
struct Trace<'a> {
    series_id: i64,
    period_id: i64,
    state: &'static str,
    number: Option<i64>,
    issue_date: Option<String>,
    edits: &'a OfficeEdits,
}

fn trace(b: &StoredBulletin) -> Trace<'_> {
    Trace {
        series_id: b.series_id,
        period_id: b.period_id.0,
        state: b.state.as_str(),
        number: b.number,
        issue_date: b.issue_date.map(|d| d.to_string()),
        edits: &b.edits,
    }
}

macro_rules! select_series {
    ($tail:literal) => {
        concat!(
            "SELECT id, plan_id, name, issuer, next_number, version, created_at, updated_at ",
            "FROM bulletin_series ",
            $tail
        )
    };
}

macro_rules! select_bulletins {
    ($tail:literal) => {
        concat!(
            "SELECT id, series_id, period_id, state, number, issue_date, edits, snapshot, ",
            "issued_by, issued_at, version, created_at, updated_at FROM bulletins ",
            $tail
        )
    };
}

/// The SQL of one style table: the indicator's or the item's.
struct StyleTable {
    entity: &'static str,
    owner: &'static str,
    exists: &'static str,
    version: &'static str,
    delete: &'static str,
    insert: &'static str,
}

const INDICATOR_STYLE: StyleTable = StyleTable {
    entity: "indicator_style",
    owner: "indicator",
    exists: "SELECT id FROM indicators WHERE id = $1",
    version: "SELECT version FROM indicator_styles WHERE indicator_id = $1",
    delete: "DELETE FROM indicator_styles WHERE indicator_id = $1",
    insert: "INSERT INTO indicator_styles (indicator_id, style, version, updated_at) VALUES ($1, $2, $3, $4)",
};

const ITEM_STYLE: StyleTable = StyleTable {
    entity: "item_style",
    owner: "item",
    exists: "SELECT id FROM items WHERE id = $1",
    version: "SELECT version FROM item_styles WHERE item_id = $1",
    delete: "DELETE FROM item_styles WHERE item_id = $1",
    insert: "INSERT INTO item_styles (item_id, narrative_place, version, updated_at) VALUES ($1, $2, $3, $4)",
};

fn series(r: &AnyRow) -> Result<Versioned<Series>> {
    let s = Series {
        id: r.try_get("id")?,
        plan_id: PlanId(r.try_get("plan_id")?),
        name: r.try_get("name")?,
        issuer: r.try_get("issuer")?,
        next_number: r.try_get("next_number")?,
    };
    versioned(r, s)
}

fn bulletin(r: &AnyRow) -> Result<Versioned<StoredBulletin>> {
    let state: String = r.try_get("state")?;
    let state = match state.as_str() {
        "draft" => BulletinState::Draft,
        "issued" => BulletinState::Issued,
        other => return Err(corrupt("bulletin state", other)),
    };
    let date: Option<String> = r.try_get("issue_date")?;
    let edits: String = r.try_get("edits")?;
    let snapshot: Option<String> = r.try_get("snapshot")?;
    let b = StoredBulletin {
        id: r.try_get("id")?,
        series_id: r.try_get("series_id")?,
        period_id: PeriodId(r.try_get("period_id")?),
        state,
        number: r.try_get("number")?,
        issue_date: date
            .map(|d| Date::parse(&d).ok_or_else(|| corrupt("date", &d)))
            .transpose()?,
        edits: from_json(&edits, "bulletin edits")?,
        snapshot: snapshot
            .map(|s| from_json(&s, "bulletin snapshot"))
            .transpose()?,
        issued_by: r.try_get::<Option<i64>, _>("issued_by")?.map(UserId),
        issued_at: r.try_get("issued_at")?,
    };
    versioned(r, b)
}

fn issued_already(id: i64) -> StoreError {
    StoreError::conflict(
        "bulletin_issued",
        "该期专报已印发,不能再修改;更正请另发一期",
        format!("bulletin {id} has been issued and never changes; issue a new one to correct it"),
    )
}

impl Store {
    /// Sets how an indicator reads in the bulletin (replacing what was set).
    pub async fn set_indicator_style(
        &self,
        indicator: IndicatorId,
        style: &IndicatorStyle,
        change: Change,
    ) -> Result<()> {
        let snapshot =
            serde_json::to_value(style).map_err(|e| corrupt("indicator style", &e.to_string()))?;
        self.set_style(
            &INDICATOR_STYLE,
            indicator.0,
            json_text(style),
            snapshot,
            change,
        )
        .await
    }

    /// Replaces one style row (its column's text), keeping each version in history
    /// (as a JSON object).
    async fn set_style(
        &self,
        t: &StyleTable,
        id: i64,
        value: String,
        snapshot: serde_json::Value,
        change: Change,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let found: Option<i64> = sqlx::query_scalar(t.exists)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Err(StoreError::NotFound {
                entity: t.owner,
                id,
            });
        }
        let version: i64 = sqlx::query_scalar::<_, i64>(t.version)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .unwrap_or(0)
            + 1;
        sqlx::query(t.delete).bind(id).execute(&mut *tx).await?;
        sqlx::query(t.insert)
            .bind(id)
            .bind(&value)
            .bind(version)
            .bind(change.at)
            .execute(&mut *tx)
            .await?;
        history::record(&mut tx, t.entity, id, version, change, &snapshot).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The bulletin styles set for a plan's indicators; the rest take the defaults.
    pub async fn indicator_styles(
        &self,
        plan: PlanId,
    ) -> Result<BTreeMap<IndicatorId, IndicatorStyle>> {
        let rows = sqlx::query(
            "SELECT s.indicator_id, s.style FROM indicator_styles s
             JOIN indicators i ON i.id = s.indicator_id
             JOIN items t ON t.id = i.item_id
             WHERE t.plan_id = $1 ORDER BY s.indicator_id",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let style: String = r.try_get("style")?;
                Ok((
                    IndicatorId(r.try_get("indicator_id")?),
                    from_json(&style, "indicator style")?,
                ))
            })
            .collect()
    }

    /// Sets where an item's narrative goes in its passage.
    pub async fn set_narrative_place(
        &self,
        item: ItemId,
        place: NarrativePlace,
        change: Change,
    ) -> Result<()> {
        let text = match place {
            NarrativePlace::Before => "before",
            NarrativePlace::After => "after",
        };
        let snapshot = serde_json::json!({ "narrative_place": text });
        self.set_style(&ITEM_STYLE, item.0, text.into(), snapshot, change)
            .await
    }

    /// Where the narratives of a plan's items go, where set (before, by default).
    pub async fn narrative_places(&self, plan: PlanId) -> Result<BTreeMap<ItemId, NarrativePlace>> {
        let rows = sqlx::query(
            "SELECT s.item_id, s.narrative_place FROM item_styles s
             JOIN items t ON t.id = s.item_id WHERE t.plan_id = $1 ORDER BY s.item_id",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let place: String = r.try_get("narrative_place")?;
                let place = match place.as_str() {
                    "before" => NarrativePlace::Before,
                    "after" => NarrativePlace::After,
                    other => return Err(corrupt("narrative place", other)),
                };
                Ok((ItemId(r.try_get("item_id")?), place))
            })
            .collect()
    }

    /// Starts a series of a plan's bulletins; its first issue gets `first_number` (an
    /// office that has issued 16 this year before using duban starts at 17).
    pub async fn create_series(
        &self,
        plan: PlanId,
        name: &str,
        issuer: &str,
        first_number: i64,
        change: Change,
    ) -> Result<Versioned<Series>> {
        let mut tx = self.write().await?;
        crate::plans::ensure_plan(&mut tx, plan).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO bulletin_series (plan_id, name, issuer, next_number, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
        )
        .bind(plan.0)
        .bind(name)
        .bind(issuer)
        .bind(first_number)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            StoreError::unique_as(
                e,
                "duplicate_series",
                format!("本计划已有名为“{name}”的系列"),
                format!("the plan already has a series named {name:?}"),
            )
        })?;
        let r = sqlx::query(select_series!("WHERE id = $1"))
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let s = series(&r)?;
        history::record(&mut tx, "bulletin_series", id, 1, change, &s.value).await?;
        tx.commit().await?;
        Ok(s)
    }

    pub async fn series(&self, id: i64) -> Result<Versioned<Series>> {
        let r = sqlx::query(select_series!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "bulletin_series",
                id,
            })?;
        series(&r)
    }

    /// A plan's series, in the order they were started.
    pub async fn plan_series(&self, plan: PlanId) -> Result<Vec<Versioned<Series>>> {
        let rows = sqlx::query(select_series!("WHERE plan_id = $1 ORDER BY id"))
            .bind(plan.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(series).collect()
    }

    /// Starts a draft of the series for a period of its plan.
    pub async fn create_bulletin(
        &self,
        series_id: i64,
        period: PeriodId,
        issue_date: Option<Date>,
        edits: &OfficeEdits,
        change: Change,
    ) -> Result<Versioned<StoredBulletin>> {
        let mut tx = self.write().await?;
        let plans: Option<(i64, i64)> = sqlx::query_as(
            "SELECT s.plan_id, p.plan_id FROM bulletin_series s, periods p WHERE s.id = $1 AND p.id = $2",
        )
        .bind(series_id)
        .bind(period.0)
        .fetch_optional(&mut *tx)
        .await?;
        match plans {
            None => {
                let series: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM bulletin_series WHERE id = $1")
                        .bind(series_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                return Err(match series {
                    None => StoreError::NotFound {
                        entity: "bulletin_series",
                        id: series_id,
                    },
                    Some(_) => StoreError::NotFound {
                        entity: "period",
                        id: period.0,
                    },
                });
            }
            Some((a, b)) if a != b => {
                return Err(StoreError::conflict(
                    "period_of_another_plan",
                    "报告期不属于该系列的年度计划",
                    "the period belongs to another plan than the series",
                ));
            }
            Some(_) => {}
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO bulletins (series_id, period_id, state, issue_date, edits, version, created_at, updated_at)
             VALUES ($1, $2, 'draft', $3, $4, 1, $5, $5) RETURNING id",
        )
        .bind(series_id)
        .bind(period.0)
        .bind(issue_date.map(|d| d.to_string()))
        .bind(json_text(edits))
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?;
        let b = read_bulletin(&mut tx, id).await?;
        history::record(&mut tx, "bulletin", id, 1, change, &trace(&b.value)).await?;
        tx.commit().await?;
        Ok(b)
    }

    pub async fn bulletin(&self, id: i64) -> Result<Versioned<StoredBulletin>> {
        let r = sqlx::query(select_bulletins!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "bulletin",
                id,
            })?;
        bulletin(&r)
    }

    /// A series' issues: the issued ones by number, then the drafts, newest first.
    pub async fn series_bulletins(&self, series_id: i64) -> Result<Vec<Versioned<StoredBulletin>>> {
        let rows = sqlx::query(select_bulletins!(
            "WHERE series_id = $1 ORDER BY CASE WHEN number IS NULL THEN 1 ELSE 0 END, number, id DESC"
        ))
        .bind(series_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(bulletin).collect()
    }

    /// Replaces a draft's edits and date, if it is still at `expected_version`.
    pub async fn update_bulletin(
        &self,
        id: i64,
        expected_version: i64,
        issue_date: Option<Date>,
        edits: &OfficeEdits,
        change: Change,
    ) -> Result<Versioned<StoredBulletin>> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE bulletins SET issue_date = $3, edits = $4, version = version + 1, updated_at = $5
             WHERE id = $1 AND version = $2 AND state = 'draft'",
        )
        .bind(id)
        .bind(expected_version)
        .bind(issue_date.map(|d| d.to_string()))
        .bind(json_text(edits))
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(not_updated(&mut tx, id).await);
        }
        let b = read_bulletin(&mut tx, id).await?;
        history::record(&mut tx, "bulletin", id, b.version, change, &trace(&b.value)).await?;
        tx.commit().await?;
        Ok(b)
    }

    /// Issues a draft: takes the series' next number and freezes `document(number)` —
    /// the draft as printed with that number — in one transaction. Concurrent issues of
    /// one series take consecutive numbers: the series row is updated first, so the
    /// second waits for the first to commit.
    pub async fn issue_bulletin(
        &self,
        id: i64,
        expected_version: i64,
        document: impl FnOnce(i64) -> Bulletin,
        change: Change,
    ) -> Result<Versioned<StoredBulletin>> {
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("issuing needs an author".into()))?;
        let mut tx = self.write().await?;
        let series_id: Option<i64> = sqlx::query_scalar(
            "SELECT series_id FROM bulletins WHERE id = $1 AND version = $2 AND state = 'draft'",
        )
        .bind(id)
        .bind(expected_version)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(series_id) = series_id else {
            return Err(not_updated(&mut tx, id).await);
        };
        let number: i64 = sqlx::query_scalar(
            "UPDATE bulletin_series SET next_number = next_number + 1, version = version + 1,
                updated_at = $2
             WHERE id = $1 RETURNING next_number - 1",
        )
        .bind(series_id)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?;
        let doc = document(number);
        sqlx::query(
            "UPDATE bulletins SET state = 'issued', number = $2, snapshot = $3, issued_by = $4,
                issued_at = $5, version = version + 1, updated_at = $5
             WHERE id = $1",
        )
        .bind(id)
        .bind(number)
        .bind(json_text(&doc))
        .bind(actor.0)
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        let b = read_bulletin(&mut tx, id).await?;
        history::record(&mut tx, "bulletin", id, b.version, change, &trace(&b.value)).await?;
        tx.commit().await?;
        Ok(b)
    }
}

async fn read_bulletin(tx: &mut crate::rows::Tx, id: i64) -> Result<Versioned<StoredBulletin>> {
    let r = sqlx::query(select_bulletins!("WHERE id = $1"))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    bulletin(&r)
}

/// Why a draft could not be changed: gone, stale, or issued already.
async fn not_updated(tx: &mut crate::rows::Tx, id: i64) -> StoreError {
    let state: std::result::Result<Option<String>, sqlx::Error> =
        sqlx::query_scalar("SELECT state FROM bulletins WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await;
    match state {
        Ok(Some(s)) if s == "issued" => issued_already(id),
        Ok(_) => {
            missing_or_stale(
                tx,
                "SELECT version FROM bulletins WHERE id = $1",
                "bulletin",
                id,
            )
            .await
        }
        Err(e) => e.into(),
    }
}

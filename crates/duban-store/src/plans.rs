//! Plans (年度计划) and their areas (方面).

use duban_domain::plan::{AreaFields, PlanFields};
use duban_domain::{Area, AreaId, Decimal, Plan, PlanId, PlanState, Thresholds};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::rows::{Change, Tx, Versioned, corrupt, missing_or_stale, versioned};
use crate::units::unknown;
use crate::{Dialect, Page, Paged, Result, Store, StoreError, history};

fn plan(r: &AnyRow) -> Result<Versioned<Plan>> {
    let state: String = r.try_get("state")?;
    let p = Plan {
        id: PlanId(r.try_get("id")?),
        year: r.try_get::<i64, _>("year")? as i32,
        title: r.try_get("title")?,
        state: PlanState::parse(&state).ok_or_else(|| corrupt("plan state", &state))?,
        thresholds: Thresholds {
            lagging: Decimal::from_scaled(r.try_get("lag_threshold")?),
            serious: Decimal::from_scaled(r.try_get("serious_threshold")?),
        },
    };
    versioned(r, p)
}

fn area(r: &AnyRow) -> Result<Versioned<Area>> {
    let a = Area {
        id: AreaId(r.try_get("id")?),
        plan_id: PlanId(r.try_get("plan_id")?),
        seq: r.try_get("seq")?,
        title: r.try_get("title")?,
    };
    versioned(r, a)
}

impl Store {
    pub async fn plan(&self, id: PlanId) -> Result<Versioned<Plan>> {
        let r = sqlx::query(
            "SELECT id, year, title, state, lag_threshold, serious_threshold, version, created_at, updated_at
             FROM plans WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound { entity: "plan", id: id.0 })?;
        plan(&r)
    }

    /// Plans, newest year first.
    pub async fn plans(&self, year: Option<i32>, page: Page) -> Result<Paged<Versioned<Plan>>> {
        let year = year.map(i64::from);
        let total: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM plans WHERE ($1 IS NULL OR year = $1)")
                .bind(year)
                .fetch_one(&self.pool)
                .await?;
        let rows = sqlx::query(
            "SELECT id, year, title, state, lag_threshold, serious_threshold, version, created_at, updated_at
             FROM plans WHERE ($1 IS NULL OR year = $1) ORDER BY year DESC, id LIMIT $2 OFFSET $3",
        )
        .bind(year)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        Ok(page.of(rows.iter().map(plan).collect::<Result<_>>()?, total))
    }

    pub async fn create_plan(&self, f: &PlanFields, change: Change) -> Result<Versioned<Plan>> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO plans (year, title, state, lag_threshold, serious_threshold, version, created_at, updated_at)
             VALUES ($1, $2, 'draft', $3, $4, 1, $5, $5) RETURNING id",
        )
        .bind(f.year as i64)
        .bind(&f.title)
        .bind(f.thresholds.lagging.scaled())
        .bind(f.thresholds.serious.scaled())
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?;
        let p = Plan {
            id: PlanId(id),
            year: f.year,
            title: f.title.clone(),
            state: PlanState::Draft,
            thresholds: f.thresholds,
        };
        history::record(&mut tx, "plan", id, 1, change, &p).await?;
        tx.commit().await?;
        self.plan(PlanId(id)).await
    }

    /// Changes a plan's fields and state. The year of a plan with periods is fixed.
    pub async fn update_plan(
        &self,
        id: PlanId,
        expected_version: i64,
        f: &PlanFields,
        state: PlanState,
        change: Change,
    ) -> Result<Versioned<Plan>> {
        let mut tx = self.write().await?;
        let old: Option<i64> = sqlx::query_scalar("SELECT year FROM plans WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(old) = old
            && old != f.year as i64
        {
            let periods: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM periods WHERE plan_id = $1")
                    .bind(id.0)
                    .fetch_one(&mut *tx)
                    .await?;
            if periods > 0 {
                return Err(StoreError::conflict(
                    "year_fixed",
                    "计划已有报告期,年度不能修改",
                    "the plan has periods: its year cannot change",
                ));
            }
        }
        let done = sqlx::query(
            "UPDATE plans SET year = $3, title = $4, state = $5, lag_threshold = $6, serious_threshold = $7,
                version = version + 1, updated_at = $8
             WHERE id = $1 AND version = $2",
        )
        .bind(id.0)
        .bind(expected_version)
        .bind(f.year as i64)
        .bind(&f.title)
        .bind(state.as_str())
        .bind(f.thresholds.lagging.scaled())
        .bind(f.thresholds.serious.scaled())
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(missing_or_stale(
                &mut tx,
                "SELECT version FROM plans WHERE id = $1",
                "plan",
                id.0,
            )
            .await);
        }
        let p = Plan {
            id,
            year: f.year,
            title: f.title.clone(),
            state,
            thresholds: f.thresholds,
        };
        history::record(&mut tx, "plan", id.0, expected_version + 1, change, &p).await?;
        tx.commit().await?;
        self.plan(id).await
    }

    pub async fn area(&self, id: AreaId) -> Result<Versioned<Area>> {
        let r = sqlx::query(
            "SELECT id, plan_id, seq, title, version, created_at, updated_at FROM areas WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound { entity: "area", id: id.0 })?;
        area(&r)
    }

    /// A plan's areas in plan order.
    pub async fn areas(&self, plan: PlanId) -> Result<Vec<Versioned<Area>>> {
        let rows = sqlx::query(
            "SELECT id, plan_id, seq, title, version, created_at, updated_at
             FROM areas WHERE plan_id = $1 ORDER BY seq, id",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(area).collect()
    }

    pub async fn create_area(
        &self,
        plan: PlanId,
        f: &AreaFields,
        change: Change,
    ) -> Result<Versioned<Area>> {
        let mut tx = self.write().await?;
        let id = create_area_in(&mut tx, plan, f, change).await?;
        tx.commit().await?;
        self.area(id).await
    }

    pub async fn update_area(
        &self,
        id: AreaId,
        expected_version: i64,
        f: &AreaFields,
        change: Change,
    ) -> Result<Versioned<Area>> {
        let mut tx = self.write().await?;
        update_area_in(&mut tx, id, expected_version, f, change).await?;
        tx.commit().await?;
        self.area(id).await
    }
}

pub(crate) async fn ensure_plan(tx: &mut Tx, plan: PlanId) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM plans WHERE id = $1")
        .bind(plan.0)
        .fetch_optional(&mut **tx)
        .await?;
    found.map(|_| ()).ok_or(StoreError::NotFound {
        entity: "plan",
        id: plan.0,
    })
}

/// The plan's state, read so that it cannot change before the transaction ends: on
/// PostgreSQL the row is share-locked (an approval waits for us, or we for it); SQLite
/// has one writer at a time anyway.
pub(crate) async fn plan_state(tx: &mut Tx, dialect: Dialect, plan: PlanId) -> Result<PlanState> {
    let sql = match dialect {
        Dialect::Sqlite => "SELECT state FROM plans WHERE id = $1",
        Dialect::Postgres => "SELECT state FROM plans WHERE id = $1 FOR SHARE",
    };
    let s: Option<String> = sqlx::query_scalar(sql)
        .bind(plan.0)
        .fetch_optional(&mut **tx)
        .await?;
    let s = s.ok_or_else(|| unknown("plan_id", "计划", plan.0))?;
    PlanState::parse(&s).ok_or_else(|| corrupt("plan state", &s))
}

/// Creates an area inside `tx` (one import writes many).
pub(crate) async fn create_area_in(
    tx: &mut Tx,
    plan: PlanId,
    f: &AreaFields,
    change: Change,
) -> Result<AreaId> {
    ensure_plan(tx, plan).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO areas (plan_id, seq, title, version, created_at, updated_at)
         VALUES ($1, $2, $3, 1, $4, $4) RETURNING id",
    )
    .bind(plan.0)
    .bind(f.seq)
    .bind(&f.title)
    .bind(change.at)
    .fetch_one(&mut **tx)
    .await?;
    let a = Area {
        id: AreaId(id),
        plan_id: plan,
        seq: f.seq,
        title: f.title.clone(),
    };
    history::record(tx, "area", id, 1, change, &a).await?;
    Ok(AreaId(id))
}

/// Updates an area inside `tx`, if still at `expected_version`.
pub(crate) async fn update_area_in(
    tx: &mut Tx,
    id: AreaId,
    expected_version: i64,
    f: &AreaFields,
    change: Change,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE areas SET seq = $3, title = $4, version = version + 1, updated_at = $5
         WHERE id = $1 AND version = $2",
    )
    .bind(id.0)
    .bind(expected_version)
    .bind(f.seq)
    .bind(&f.title)
    .bind(change.at)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(
            missing_or_stale(tx, "SELECT version FROM areas WHERE id = $1", "area", id.0).await,
        );
    }
    let plan_id: i64 = sqlx::query_scalar("SELECT plan_id FROM areas WHERE id = $1")
        .bind(id.0)
        .fetch_one(&mut **tx)
        .await?;
    let a = Area {
        id,
        plan_id: PlanId(plan_id),
        seq: f.seq,
        title: f.title.clone(),
    };
    history::record(tx, "area", id.0, expected_version + 1, change, &a).await?;
    Ok(())
}

//! Reporting periods (报告期) of a plan, with the plan's fiscal overview for each.

use duban_domain::period::PeriodFields;
use duban_domain::{Date, FiscalOverview, Period, PeriodId, PeriodLabel, PeriodState, PlanId};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::plans::ensure_plan;
use crate::rows::{Change, Versioned, corrupt, dec, missing_or_stale, scaled, versioned};
use crate::{Result, Store, StoreError, history};

fn period(r: &AnyRow) -> Result<Versioned<Period>> {
    let label: String = r.try_get("label")?;
    let cutoff: String = r.try_get("cutoff")?;
    let deadline: String = r.try_get("deadline")?;
    let state: String = r.try_get("state")?;
    let p = Period {
        id: PeriodId(r.try_get("id")?),
        plan_id: PlanId(r.try_get("plan_id")?),
        label: PeriodLabel::parse(&label).ok_or_else(|| corrupt("period label", &label))?,
        cutoff: Date::parse(&cutoff).ok_or_else(|| corrupt("date", &cutoff))?,
        deadline: Date::parse(&deadline).ok_or_else(|| corrupt("date", &deadline))?,
        state: PeriodState::parse(&state).ok_or_else(|| corrupt("period state", &state))?,
        fiscal: FiscalOverview {
            spending: dec(r, "spending")?,
            growth_pct: dec(r, "growth_pct")?,
            share_pct: dec(r, "share_pct")?,
        },
    };
    versioned(r, p)
}

impl Store {
    pub async fn period(&self, id: PeriodId) -> Result<Versioned<Period>> {
        let r = sqlx::query(
            "SELECT id, plan_id, label, cutoff, deadline, state, spending, growth_pct, share_pct,
                    version, created_at, updated_at
             FROM periods WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound {
            entity: "period",
            id: id.0,
        })?;
        period(&r)
    }

    /// A plan's periods, latest first.
    pub async fn periods(&self, plan: PlanId) -> Result<Vec<Versioned<Period>>> {
        let rows = sqlx::query(
            "SELECT id, plan_id, label, cutoff, deadline, state, spending, growth_pct, share_pct,
                    version, created_at, updated_at
             FROM periods WHERE plan_id = $1 ORDER BY label DESC",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(period).collect()
    }

    /// Where the period's fiscal overview comes from, if the office said.
    pub async fn fiscal_source(&self, id: PeriodId) -> Result<Option<String>> {
        let v: Option<Option<String>> =
            sqlx::query_scalar("SELECT fiscal_source FROM periods WHERE id = $1")
                .bind(id.0)
                .fetch_optional(&self.pool)
                .await?;
        v.ok_or(StoreError::NotFound {
            entity: "period",
            id: id.0,
        })
    }

    pub async fn create_period(
        &self,
        plan: PlanId,
        f: &PeriodFields,
        change: Change,
    ) -> Result<Versioned<Period>> {
        let mut tx = self.write().await?;
        ensure_plan(&mut tx, plan).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO periods (plan_id, label, cutoff, deadline, state, spending, growth_pct, share_pct,
                fiscal_source, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $9, 1, $8, $8) RETURNING id",
        )
        .bind(plan.0)
        .bind(f.label.to_string())
        .bind(f.cutoff.to_string())
        .bind(f.deadline.to_string())
        .bind(scaled(f.fiscal.spending))
        .bind(scaled(f.fiscal.growth_pct))
        .bind(scaled(f.fiscal.share_pct))
        .bind(change.at)
        .bind(&f.fiscal_source)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            StoreError::unique_as(
                e,
                "duplicate_period",
                format!("计划已有报告期{}", f.label),
                format!("the plan already has period {}", f.label),
            )
        })?;
        let p = Period {
            id: PeriodId(id),
            plan_id: plan,
            label: f.label,
            cutoff: f.cutoff,
            deadline: f.deadline,
            state: PeriodState::Open,
            fiscal: f.fiscal,
        };
        history::record(&mut tx, "period", id, 1, change, &p).await?;
        tx.commit().await?;
        self.period(PeriodId(id)).await
    }

    /// Changes a period's dates, fiscal figures and state (open or closed).
    pub async fn update_period(
        &self,
        id: PeriodId,
        expected_version: i64,
        f: &PeriodFields,
        state: PeriodState,
        change: Change,
    ) -> Result<Versioned<Period>> {
        let current = self.period(id).await?;
        if current.value.label != f.label {
            return Err(StoreError::conflict(
                "label_fixed",
                "报告期名称不能修改",
                "a period's label cannot change",
            ));
        }
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE periods SET cutoff = $3, deadline = $4, state = $5, spending = $6, growth_pct = $7,
                share_pct = $8, fiscal_source = $10, version = version + 1, updated_at = $9
             WHERE id = $1 AND version = $2",
        )
        .bind(id.0)
        .bind(expected_version)
        .bind(f.cutoff.to_string())
        .bind(f.deadline.to_string())
        .bind(state.as_str())
        .bind(scaled(f.fiscal.spending))
        .bind(scaled(f.fiscal.growth_pct))
        .bind(scaled(f.fiscal.share_pct))
        .bind(change.at)
        .bind(&f.fiscal_source)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(missing_or_stale(
                &mut tx,
                "SELECT version FROM periods WHERE id = $1",
                "period",
                id.0,
            )
            .await);
        }
        let p = Period {
            state,
            cutoff: f.cutoff,
            deadline: f.deadline,
            fiscal: f.fiscal,
            ..current.value
        };
        history::record(&mut tx, "period", id.0, expected_version + 1, change, &p).await?;
        tx.commit().await?;
        self.period(id).await
    }
}

//! A plan's settings of the checks and reminders; the defaults when it has none.

use duban_domain::settings::PlanSettings;
use duban_domain::{Decimal, PlanId};
use serde::Serialize;
use sqlx::Row;

use crate::rows::Change;
use crate::{Result, Store, StoreError, history};

/// What history keeps of a plan's settings.
#[derive(Serialize)]
struct Snapshot {
    plan_id: i64,
    beyond_pct: Decimal,
    unchanged_periods: usize,
    jump_days: i64,
    jump_from_pct: Decimal,
    remind_days_before: i64,
}

impl Store {
    /// The plan's settings and their version: 1 is the defaults, which every plan
    /// starts with; each change of them makes the next.
    pub async fn plan_settings(&self, plan: PlanId) -> Result<(PlanSettings, i64)> {
        self.plan(plan).await?;
        let r = sqlx::query(
            "SELECT beyond_pct, unchanged_periods, jump_days, jump_from_pct, remind_days_before, version
             FROM plan_settings WHERE plan_id = $1",
        )
        .bind(plan.0)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = r else {
            return Ok((PlanSettings::default(), 1));
        };
        let mut s = PlanSettings::default();
        s.checks.beyond_pct = Decimal::from_scaled(r.try_get("beyond_pct")?);
        s.checks.unchanged_periods = r.try_get::<i64, _>("unchanged_periods")? as usize;
        s.checks.jump_days = r.try_get("jump_days")?;
        s.checks.jump_from_pct = Decimal::from_scaled(r.try_get("jump_from_pct")?);
        s.reminders.days_before = r.try_get("remind_days_before")?;
        Ok((s, r.try_get("version")?))
    }

    /// Replaces the plan's settings, if they are still at `expected_version`.
    pub async fn set_plan_settings(
        &self,
        plan: PlanId,
        expected_version: i64,
        s: &PlanSettings,
        change: Change,
    ) -> Result<i64> {
        let mut tx = self.write().await?;
        crate::plans::ensure_plan(&mut tx, plan).await?;
        let current: i64 =
            sqlx::query_scalar("SELECT version FROM plan_settings WHERE plan_id = $1")
                .bind(plan.0)
                .fetch_optional(&mut *tx)
                .await?
                .unwrap_or(1);
        if current != expected_version {
            return Err(StoreError::Stale {
                entity: "plan_settings",
                id: plan.0,
                current,
            });
        }
        let c = &s.checks;
        let args = (
            c.beyond_pct.scaled(),
            c.unchanged_periods as i64,
            c.jump_days,
            c.jump_from_pct.scaled(),
            s.reminders.days_before,
        );
        let sql = if current == 1 {
            "INSERT INTO plan_settings (plan_id, beyond_pct, unchanged_periods, jump_days, jump_from_pct,
                remind_days_before, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 2, $7, $7)"
        } else {
            "UPDATE plan_settings SET beyond_pct = $2, unchanged_periods = $3, jump_days = $4,
                jump_from_pct = $5, remind_days_before = $6, version = version + 1, updated_at = $7
             WHERE plan_id = $1"
        };
        sqlx::query(sql)
            .bind(plan.0)
            .bind(args.0)
            .bind(args.1)
            .bind(args.2)
            .bind(args.3)
            .bind(args.4)
            .bind(change.at)
            .execute(&mut *tx)
            .await?;
        let snap = Snapshot {
            plan_id: plan.0,
            beyond_pct: c.beyond_pct,
            unchanged_periods: c.unchanged_periods,
            jump_days: c.jump_days,
            jump_from_pct: c.jump_from_pct,
            remind_days_before: s.reminders.days_before,
        };
        history::record(&mut tx, "plan_settings", plan.0, current + 1, change, &snap).await?;
        tx.commit().await?;
        Ok(current + 1)
    }
}

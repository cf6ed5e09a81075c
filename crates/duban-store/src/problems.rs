//! Problems (问题) and their rectification (整改).

use duban_domain::audit::outcome::OK;
use duban_domain::problem::{Problem, ProblemAction, ProblemFields, ProblemSource, ProblemState};
use duban_domain::{Date, ItemId, PlanId, ProblemId, ReportId, UnitId, UserId};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::rows::{Change, Tx, Versioned, corrupt, missing_or_stale, versioned};
use crate::units::unknown;
use crate::{Page, Paged, Result, Store, StoreError, history};

macro_rules! select_problems {
    ($tail:literal) => {
        concat!(
            "SELECT id, plan_id, item_id, owner_unit_id, title, description, deadline, source, ",
            "report_id, state, measures, version, created_at, updated_at FROM problems ",
            $tail
        )
    };
}

fn problem(r: &AnyRow) -> Result<Versioned<Problem>> {
    let deadline: String = r.try_get("deadline")?;
    let source: String = r.try_get("source")?;
    let state: String = r.try_get("state")?;
    let p = Problem {
        id: ProblemId(r.try_get("id")?),
        plan_id: PlanId(r.try_get("plan_id")?),
        item_id: r.try_get::<Option<i64>, _>("item_id")?.map(ItemId),
        owner_unit_id: UnitId(r.try_get("owner_unit_id")?),
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        deadline: Date::parse(&deadline).ok_or_else(|| corrupt("date", &deadline))?,
        source: ProblemSource::parse(&source).ok_or_else(|| corrupt("problem source", &source))?,
        report_id: r.try_get::<Option<i64>, _>("report_id")?.map(ReportId),
        state: ProblemState::parse(&state).ok_or_else(|| corrupt("problem state", &state))?,
        measures: r.try_get("measures")?,
    };
    versioned(r, p)
}

/// Filters for listing problems.
#[derive(Debug, Clone, Default)]
pub struct ProblemFilter {
    pub plan_id: Option<PlanId>,
    pub item_id: Option<ItemId>,
    pub owner_unit_id: Option<UnitId>,
    pub state: Option<ProblemState>,
    /// Only problems still pending with a deadline before this day.
    pub overdue_on: Option<Date>,
}

/// Something that happened to a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProblemEvent {
    pub action: String,
    pub actor_id: UserId,
    pub at: i64,
    pub note: Option<String>,
}

impl Store {
    pub async fn problem(&self, id: ProblemId) -> Result<Versioned<Problem>> {
        let r = sqlx::query(select_problems!("WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "problem",
                id: id.0,
            })?;
        problem(&r)
    }

    /// Problems by deadline, the most urgent first.
    pub async fn problems(
        &self,
        f: &ProblemFilter,
        page: Page,
    ) -> Result<Paged<Versioned<Problem>>> {
        let a = (
            f.plan_id.map(|x| x.0),
            f.item_id.map(|x| x.0),
            f.owner_unit_id.map(|x| x.0),
            f.state.map(ProblemState::as_str),
            f.overdue_on.map(|d| d.to_string()),
        );
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM problems
             WHERE ($1 IS NULL OR plan_id = $1) AND ($2 IS NULL OR item_id = $2)
               AND ($3 IS NULL OR owner_unit_id = $3) AND ($4 IS NULL OR state = $4)
               AND ($5 IS NULL OR (deadline < $5 AND state IN ('open', 'rectifying', 'rectified')))",
        )
        .bind(a.0)
        .bind(a.1)
        .bind(a.2)
        .bind(a.3)
        .bind(a.4.clone())
        .fetch_one(&self.pool)
        .await?;
        let rows = sqlx::query(select_problems!(
            "WHERE ($1 IS NULL OR plan_id = $1) AND ($2 IS NULL OR item_id = $2)
               AND ($3 IS NULL OR owner_unit_id = $3) AND ($4 IS NULL OR state = $4)
               AND ($5 IS NULL OR (deadline < $5 AND state IN ('open', 'rectifying', 'rectified')))
             ORDER BY deadline, id LIMIT $6 OFFSET $7"
        ))
        .bind(a.0)
        .bind(a.1)
        .bind(a.2)
        .bind(a.3)
        .bind(a.4)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        Ok(page.of(rows.iter().map(problem).collect::<Result<_>>()?, total))
    }

    pub async fn create_problem(
        &self,
        plan: PlanId,
        f: &ProblemFields,
        change: Change,
    ) -> Result<Versioned<Problem>> {
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("a problem needs an author".into()))?;
        let mut tx = self.write().await?;
        crate::plans::ensure_plan(&mut tx, plan).await?;
        check_refs(&mut tx, plan, f).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO problems (plan_id, item_id, owner_unit_id, title, description, deadline, source,
                report_id, state, measures, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', NULL, 1, $9, $9) RETURNING id",
        )
        .bind(plan.0)
        .bind(f.item_id.map(|x| x.0))
        .bind(f.owner_unit_id.0)
        .bind(&f.title)
        .bind(&f.description)
        .bind(f.deadline.to_string())
        .bind(f.source.as_str())
        .bind(f.report_id.map(|x| x.0))
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?;
        event(&mut tx, id, "raise", actor, change.at, None).await?;
        let p = snapshot(&mut tx, id, change).await?;
        tx.commit().await?;
        Ok(p)
    }

    /// Changes what the office set (owner, deadline, wording); the state stays.
    pub async fn update_problem(
        &self,
        id: ProblemId,
        expected_version: i64,
        f: &ProblemFields,
        change: Change,
    ) -> Result<Versioned<Problem>> {
        let cur = self.problem(id).await?.value;
        let mut tx = self.write().await?;
        check_refs(&mut tx, cur.plan_id, f).await?;
        let done = sqlx::query(
            "UPDATE problems SET item_id = $3, owner_unit_id = $4, title = $5, description = $6,
                deadline = $7, source = $8, report_id = $9, version = version + 1, updated_at = $10
             WHERE id = $1 AND version = $2",
        )
        .bind(id.0)
        .bind(expected_version)
        .bind(f.item_id.map(|x| x.0))
        .bind(f.owner_unit_id.0)
        .bind(&f.title)
        .bind(&f.description)
        .bind(f.deadline.to_string())
        .bind(f.source.as_str())
        .bind(f.report_id.map(|x| x.0))
        .bind(change.at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(missing_or_stale(
                &mut tx,
                "SELECT version FROM problems WHERE id = $1",
                "problem",
                id.0,
            )
            .await);
        }
        let p = snapshot(&mut tx, id.0, change).await?;
        tx.commit().await?;
        Ok(p)
    }

    /// Takes one step of rectification, as `ProblemAction::next` allows. The note of a
    /// `rectify` becomes the problem's measures.
    pub async fn problem_action(
        &self,
        id: ProblemId,
        expected_version: i64,
        action: ProblemAction,
        note: Option<&str>,
        change: Change,
    ) -> Result<Versioned<Problem>> {
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("an action needs an actor".into()))?;
        let cur = self.problem(id).await?.value;
        let Some(to) = action.next(cur.state) else {
            return Err(StoreError::conflict(
                "wrong_state",
                format!(
                    "问题当前状态为“{}”,不能{}",
                    cur.state.label_zh(),
                    action.label_zh()
                ),
                format!(
                    "a problem that is {} cannot take the step {}",
                    cur.state.as_str(),
                    action.as_str()
                ),
            ));
        };
        let measures = if action == ProblemAction::Rectify {
            note
        } else {
            None
        };
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE problems SET state = $3, measures = COALESCE($4, measures), version = version + 1,
                updated_at = $5
             WHERE id = $1 AND version = $2 AND state = $6",
        )
        .bind(id.0)
        .bind(expected_version)
        .bind(to.as_str())
        .bind(measures)
        .bind(change.at)
        .bind(cur.state.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(missing_or_stale(
                &mut tx,
                "SELECT version FROM problems WHERE id = $1",
                "problem",
                id.0,
            )
            .await);
        }
        event(&mut tx, id.0, action.as_str(), actor, change.at, note).await?;
        let p = snapshot(&mut tx, id.0, change).await?;
        tx.commit().await?;
        Ok(p)
    }

    /// What happened to a problem, in order.
    pub async fn problem_events(&self, id: ProblemId) -> Result<Vec<ProblemEvent>> {
        let rows = sqlx::query(
            "SELECT action, actor_id, at, note FROM problem_events WHERE problem_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ProblemEvent {
                    action: r.try_get("action")?,
                    actor_id: UserId(r.try_get("actor_id")?),
                    at: r.try_get("at")?,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }
}

/// Reads the row back and records it in history.
async fn snapshot(tx: &mut Tx, id: i64, change: Change) -> Result<Versioned<Problem>> {
    let r = sqlx::query(select_problems!("WHERE id = $1"))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let p = problem(&r)?;
    history::record(tx, "problem", id, p.version, change, &p.value).await?;
    Ok(p)
}

/// The owner must be a unit, the item and the report of the same plan.
async fn check_refs(tx: &mut Tx, plan: PlanId, f: &ProblemFields) -> Result<()> {
    let owner: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE id = $1")
        .bind(f.owner_unit_id.0)
        .fetch_optional(&mut **tx)
        .await?;
    if owner.is_none() {
        return Err(unknown("owner_unit_id", "责任单位", f.owner_unit_id.0));
    }
    if let Some(item) = f.item_id {
        let p: Option<i64> = sqlx::query_scalar("SELECT plan_id FROM items WHERE id = $1")
            .bind(item.0)
            .fetch_optional(&mut **tx)
            .await?;
        if p != Some(plan.0) {
            return Err(unknown("item_id", "本计划的实事", item.0));
        }
    }
    if let Some(report) = f.report_id {
        let p: Option<i64> = sqlx::query_scalar("SELECT plan_id FROM reports WHERE id = $1")
            .bind(report.0)
            .fetch_optional(&mut **tx)
            .await?;
        if p != Some(plan.0) {
            return Err(unknown("report_id", "本计划的填报", report.0));
        }
    }
    Ok(())
}

async fn event(
    tx: &mut Tx,
    id: i64,
    action: &str,
    actor: UserId,
    at: i64,
    note: Option<&str>,
) -> Result<()> {
    sqlx::query("INSERT INTO problem_events (problem_id, action, actor_id, at, note) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(action)
        .bind(actor.0)
        .bind(at)
        .bind(note)
        .execute(&mut **tx)
        .await?;
    let (event, object) = (format!("problem.{action}"), format!("problem:{id}"));
    let e = crate::audit::Entry::event(at, crate::audit::Who::User(actor), &event, object, OK);
    let after = serde_json::json!({ "note": note }).to_string();
    crate::audit::append(tx, e.with_after(after)).await?;
    Ok(())
}

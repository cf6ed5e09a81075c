//! Performance evaluation (绩效考评): a plan's scheme, the scores evaluators enter per
//! unit and period, what the evaluation reads of reports and problems, and the office's
//! approval that freezes a period's league tables. Every write is in history and the
//! audit log.

use duban_domain::date::beijing_day;
use duban_domain::evaluation::{Approved, Entry, ProblemFact, ReportFact, Scheme};
use duban_domain::{Date, Decimal, ItemId, PeriodId, PlanId, UnitId, UserId};
use serde::Serialize;
use sqlx::Row;

use crate::rows::{Change, corrupt};
use crate::{Result, Store, StoreError, history};

/// A scheme as stored: `progress=40,on_time=15,…`.
fn scheme_text(s: &Scheme) -> String {
    s.weights
        .iter()
        .map(|w| format!("{}={}", w.criterion.as_str(), w.weight))
        .collect::<Vec<_>>()
        .join(",")
}

fn scheme_of(text: &str) -> Result<Scheme> {
    let pairs: Option<Vec<(String, i64)>> = text
        .split(',')
        .map(|p| {
            let (c, w) = p.split_once('=')?;
            Some((c.to_string(), w.parse().ok()?))
        })
        .collect();
    pairs
        .and_then(|p| Scheme::parse(&p).ok())
        .ok_or_else(|| corrupt("evaluation scheme", text))
}

/// An evaluator's entry for a unit and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryRow {
    pub unit_id: UnitId,
    #[serde(flatten)]
    pub entry: EntryScores,
    pub comment: String,
    pub entered_by: UserId,
    pub version: i64,
}

/// The scores of an entry, as history keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct EntryScores {
    pub third_party: Option<Decimal>,
    pub satisfaction: Option<Decimal>,
}

impl From<&EntryScores> for Entry {
    fn from(e: &EntryScores) -> Entry {
        Entry {
            third_party: e.third_party,
            satisfaction: e.satisfaction,
        }
    }
}

/// A period's approval: who, when, and the scheme and tables as they were approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub approved_by: UserId,
    pub approved_at: i64,
    pub approved: Approved,
}

#[derive(Serialize)]
struct SchemeSnapshot<'a> {
    plan_id: i64,
    criteria: &'a str,
}

#[derive(Serialize)]
struct EntrySnapshot<'a> {
    period_id: i64,
    #[serde(flatten)]
    row: &'a EntryRow,
}

impl Store {
    /// The plan's scheme and its version; the standard scheme at version 1 until the
    /// office sets one.
    pub async fn evaluation_scheme(&self, plan: PlanId) -> Result<(Scheme, i64)> {
        self.plan(plan).await?;
        let r = sqlx::query("SELECT criteria, version FROM evaluation_schemes WHERE plan_id = $1")
            .bind(plan.0)
            .fetch_optional(&self.pool)
            .await?;
        match r {
            None => Ok((Scheme::standard(), 1)),
            Some(r) => Ok((
                scheme_of(&r.try_get::<String, _>("criteria")?)?,
                r.try_get("version")?,
            )),
        }
    }

    /// Replaces the plan's scheme, if it is still at `expected_version`.
    pub async fn set_evaluation_scheme(
        &self,
        plan: PlanId,
        expected_version: i64,
        scheme: &Scheme,
        change: Change,
    ) -> Result<i64> {
        let mut tx = self.write().await?;
        crate::plans::ensure_plan(&mut tx, plan).await?;
        let current: i64 =
            sqlx::query_scalar("SELECT version FROM evaluation_schemes WHERE plan_id = $1")
                .bind(plan.0)
                .fetch_optional(&mut *tx)
                .await?
                .unwrap_or(1);
        if current != expected_version {
            return Err(StoreError::Stale {
                entity: "evaluation_scheme",
                id: plan.0,
                current,
            });
        }
        let text = scheme_text(scheme);
        let sql = if current == 1 {
            "INSERT INTO evaluation_schemes (plan_id, criteria, version, created_at, updated_at)
             VALUES ($1, $2, 2, $3, $3)"
        } else {
            "UPDATE evaluation_schemes SET criteria = $2, version = version + 1, updated_at = $3
             WHERE plan_id = $1"
        };
        sqlx::query(sql)
            .bind(plan.0)
            .bind(&text)
            .bind(change.at)
            .execute(&mut *tx)
            .await?;
        let snap = SchemeSnapshot {
            plan_id: plan.0,
            criteria: &text,
        };
        history::record(
            &mut tx,
            "evaluation_scheme",
            plan.0,
            current + 1,
            change,
            &snap,
        )
        .await?;
        tx.commit().await?;
        Ok(current + 1)
    }

    /// The evaluators' entries for a period, in unit order.
    pub async fn evaluation_entries(&self, period: PeriodId) -> Result<Vec<EntryRow>> {
        let rows = sqlx::query(
            "SELECT unit_id, third_party, satisfaction, comment, entered_by, version
             FROM evaluation_entries WHERE period_id = $1 ORDER BY unit_id",
        )
        .bind(period.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let score = |c: &str| -> Result<Option<Decimal>> {
                    Ok(r.try_get::<Option<i64>, _>(c)?.map(Decimal::from_scaled))
                };
                Ok(EntryRow {
                    unit_id: UnitId(r.try_get("unit_id")?),
                    entry: EntryScores {
                        third_party: score("third_party")?,
                        satisfaction: score("satisfaction")?,
                    },
                    comment: r.try_get("comment")?,
                    entered_by: UserId(r.try_get("entered_by")?),
                    version: r.try_get("version")?,
                })
            })
            .collect()
    }

    /// Sets an evaluator's entry for a unit, if it is still at `expected_version` (1
    /// before the first entry). Refused once the period's evaluation is approved.
    pub async fn set_evaluation_entry(
        &self,
        period: PeriodId,
        unit: UnitId,
        expected_version: i64,
        scores: &EntryScores,
        comment: &str,
        change: Change,
    ) -> Result<i64> {
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("an evaluation entry needs an author".into()))?;
        let mut tx = self.write().await?;
        let unit_found: Option<i64> = sqlx::query_scalar("SELECT id FROM units WHERE id = $1")
            .bind(unit.0)
            .fetch_optional(&mut *tx)
            .await?;
        if unit_found.is_none() {
            return Err(StoreError::NotFound {
                entity: "unit",
                id: unit.0,
            });
        }
        refuse_if_approved(&mut tx, period).await?;
        let found = sqlx::query(
            "SELECT id, version FROM evaluation_entries WHERE period_id = $1 AND unit_id = $2",
        )
        .bind(period.0)
        .bind(unit.0)
        .fetch_optional(&mut *tx)
        .await?;
        let current: i64 = found.as_ref().map_or(Ok(1), |r| r.try_get("version"))?;
        if current != expected_version {
            return Err(StoreError::Stale {
                entity: "evaluation_entry",
                id: unit.0,
                current,
            });
        }
        let sql = if current == 1 {
            "INSERT INTO evaluation_entries (period_id, unit_id, third_party, satisfaction, comment,
                 entered_by, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 2, $7, $7) RETURNING id"
        } else {
            "UPDATE evaluation_entries SET third_party = $3, satisfaction = $4, comment = $5,
                 entered_by = $6, version = version + 1, updated_at = $7
             WHERE period_id = $1 AND unit_id = $2 RETURNING id"
        };
        let id: i64 = sqlx::query_scalar(sql)
            .bind(period.0)
            .bind(unit.0)
            .bind(scores.third_party.map(Decimal::scaled))
            .bind(scores.satisfaction.map(Decimal::scaled))
            .bind(comment)
            .bind(actor.0)
            .bind(change.at)
            .fetch_one(&mut *tx)
            .await?;
        let row = EntryRow {
            unit_id: unit,
            entry: scores.clone(),
            comment: comment.to_string(),
            entered_by: actor,
            version: current + 1,
        };
        let snap = EntrySnapshot {
            period_id: period.0,
            row: &row,
        };
        history::record(&mut tx, "evaluation_entry", id, current + 1, change, &snap).await?;
        tx.commit().await?;
        Ok(current + 1)
    }

    /// What the evaluation reads of a period: each report's first submission (as a
    /// Beijing day) and whether its latest version keeps a warning; and every problem
    /// of the plan with its deadline and first report of rectification.
    pub async fn evaluation_facts(
        &self,
        plan: PlanId,
        period: PeriodId,
    ) -> Result<(Vec<ReportFact>, Vec<ProblemFact>)> {
        let reports = sqlx::query(
            "SELECT r.unit_id, r.item_id,
                    (SELECT MIN(e.at) FROM report_events e
                      WHERE e.report_id = r.id AND e.action = 'submit') AS submitted_at,
                    (SELECT COUNT(*) FROM report_warnings w
                      WHERE w.report_id = r.id
                        AND w.version = COALESCE(r.approved_version, r.current_version)) AS warnings
             FROM reports r WHERE r.period_id = $1 ORDER BY r.id",
        )
        .bind(period.0)
        .fetch_all(&self.pool)
        .await?;
        let reports = reports
            .iter()
            .map(|r| {
                Ok(ReportFact {
                    unit_id: UnitId(r.try_get("unit_id")?),
                    item_id: ItemId(r.try_get("item_id")?),
                    submitted_on: r
                        .try_get::<Option<i64>, _>("submitted_at")?
                        .and_then(beijing_day),
                    kept_warning: r.try_get::<i64, _>("warnings")? > 0,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let problems = sqlx::query(
            "SELECT p.owner_unit_id, p.deadline,
                    (SELECT MIN(e.at) FROM problem_events e
                      WHERE e.problem_id = p.id AND e.action = 'rectify') AS rectified_at
             FROM problems p WHERE p.plan_id = $1 ORDER BY p.id",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        let problems = problems
            .iter()
            .map(|r| {
                let deadline: String = r.try_get("deadline")?;
                Ok(ProblemFact {
                    owner: UnitId(r.try_get("owner_unit_id")?),
                    deadline: Date::parse(&deadline)
                        .ok_or_else(|| corrupt("deadline", &deadline))?,
                    rectified_on: r
                        .try_get::<Option<i64>, _>("rectified_at")?
                        .and_then(beijing_day),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((reports, problems))
    }

    /// The period's approval, if the office has approved its evaluation.
    pub async fn evaluation_approval(&self, period: PeriodId) -> Result<Option<Approval>> {
        let r = sqlx::query(
            "SELECT approved_by, approved_at, tables FROM evaluation_approvals WHERE period_id = $1",
        )
        .bind(period.0)
        .fetch_optional(&self.pool)
        .await?;
        r.map(|r| {
            let tables: String = r.try_get("tables")?;
            Ok(Approval {
                approved_by: UserId(r.try_get("approved_by")?),
                approved_at: r.try_get("approved_at")?,
                approved: serde_json::from_str(&tables)
                    .map_err(|e| StoreError::Corrupt(format!("approved evaluation: {e}")))?,
            })
        })
        .transpose()
    }

    /// Approves the period's evaluation with its scheme and tables as computed now;
    /// from then on they are what is shown, and entries are closed.
    pub async fn approve_evaluation(
        &self,
        period: PeriodId,
        approved: &Approved,
        change: Change,
    ) -> Result<()> {
        let tables = crate::rows::json_text(approved);
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("an approval needs an author".into()))?;
        let mut tx = self.write().await?;
        refuse_if_approved(&mut tx, period).await?;
        sqlx::query(
            "INSERT INTO evaluation_approvals (period_id, approved_by, approved_at, tables)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(period.0)
        .bind(actor.0)
        .bind(change.at)
        .bind(&tables)
        .execute(&mut *tx)
        .await?;
        history::record(
            &mut tx,
            "evaluation_approval",
            period.0,
            1,
            change,
            approved,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn refuse_if_approved(tx: &mut crate::rows::Tx, period: PeriodId) -> Result<()> {
    let approved: Option<i64> =
        sqlx::query_scalar("SELECT period_id FROM evaluation_approvals WHERE period_id = $1")
            .bind(period.0)
            .fetch_optional(&mut **tx)
            .await?;
    match approved {
        Some(_) => Err(StoreError::Conflict {
            code: "evaluation_approved",
            zh: "本期考评结果已审定,不能再修改".into(),
            en: "this period's evaluation is approved and can no longer change".into(),
        }),
        None => Ok(()),
    }
}

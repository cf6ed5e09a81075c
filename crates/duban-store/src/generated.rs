//! Generated data (`duban gen`): a period's reports written as approved, many rows to a
//! statement, in one transaction. A province's five years hold about a million
//! reports; written one change at a time, with an audit record per step, they would
//! take hours. The rows are those the review would have left (a version, its figures,
//! the four events, the report approved at version 1), and one audit record says what
//! was loaded, by whom, and how much.

use std::collections::HashMap;

use duban_domain::audit::outcome::OK;
use duban_domain::{Figure, ItemId, PeriodId, Reading, UnitId, UserId};
use sqlx::Row;

use crate::audit::{Entry, Who};
use crate::reports::INSERT_FIGURES;
use crate::rows::{Tx, insert_rows_sql};
use crate::{Result, Store, StoreError};

/// A report as the review would have left it: reported, reviewed, approved.
#[derive(Debug, Clone)]
pub struct ApprovedReport {
    pub item: ItemId,
    pub unit: UnitId,
    pub figures: Vec<Figure>,
    pub narrative: Option<String>,
    pub reporter: UserId,
    pub reviewer: UserId,
    pub approver: UserId,
    /// When it was written and submitted, reviewed, approved (epoch ms).
    pub submitted_at: i64,
    pub reviewed_at: i64,
    pub approved_at: i64,
}

/// Rows to one INSERT: under either database's parameter limit at 7 columns.
const ROWS_PER_INSERT: usize = 500;

const INSERT_REPORTS: &str = "INSERT INTO reports (plan_id, period_id, item_id, unit_id, state, \
     current_version, approved_version, version, created_at, updated_at) VALUES ";
const INSERT_VERSIONS: &str =
    "INSERT INTO report_versions (report_id, version, narrative, author_id, created_at) VALUES ";
const INSERT_EVENTS: &str =
    "INSERT INTO report_events (report_id, version, action, actor_id, at, comment) VALUES ";

impl Store {
    /// Writes `reports` into `period` as approved, all or nothing. The period must have
    /// no report yet from any of the (item, unit) pairs given (the unique key refuses a
    /// second). `actor` is who loaded them, for the audit record.
    pub async fn load_approved_reports(
        &self,
        period: PeriodId,
        reports: &[ApprovedReport],
        actor: Option<UserId>,
        at: i64,
    ) -> Result<()> {
        let mut tx = self.write().await?;
        let plan: i64 = sqlx::query_scalar("SELECT plan_id FROM periods WHERE id = $1")
            .bind(period.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| crate::units::unknown("period_id", "报告期", period.0))?;
        for chunk in reports.chunks(ROWS_PER_INSERT / 2) {
            let sql = insert_rows_sql(INSERT_REPORTS, 10, chunk.len());
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for r in chunk {
                q = q
                    .bind(plan)
                    .bind(period.0)
                    .bind(r.item.0)
                    .bind(r.unit.0)
                    .bind("approved")
                    .bind(1_i64)
                    .bind(1_i64)
                    // The row's version after create, submit, review and approve.
                    .bind(4_i64)
                    .bind(r.submitted_at)
                    .bind(r.approved_at);
            }
            q.execute(&mut *tx).await.map_err(|e| {
                StoreError::unique_as(
                    e,
                    "duplicate_report",
                    "该单位本期已有此项实事的填报",
                    "the unit already has a report on this item for this period",
                )
            })?;
        }
        let ids = report_ids(&mut tx, period).await?;
        let id_of = |r: &ApprovedReport| ids[&(r.item.0, r.unit.0)];

        for chunk in reports.chunks(ROWS_PER_INSERT) {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(insert_rows_sql(
                INSERT_VERSIONS,
                5,
                chunk.len(),
            )));
            for r in chunk {
                q = q
                    .bind(id_of(r))
                    .bind(1_i64)
                    .bind(&r.narrative)
                    .bind(r.reporter.0)
                    .bind(r.submitted_at);
            }
            q.execute(&mut *tx).await?;
        }

        let figures: Vec<(i64, &Figure)> = reports
            .iter()
            .flat_map(|r| r.figures.iter().map(move |f| (id_of(r), f)))
            .collect();
        for chunk in figures.chunks(ROWS_PER_INSERT) {
            let sql = insert_rows_sql(INSERT_FIGURES, 7, chunk.len());
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, f) in chunk {
                let (value, stage, assessment) = match f.reading {
                    Reading::Value(v) => (Some(v.scaled()), None, None),
                    Reading::Stage(s) => (None, Some(s as i64), None),
                    Reading::Assessment(a) => (None, None, Some(a.as_str())),
                };
                q = q
                    .bind(*id)
                    .bind(1_i64)
                    .bind(f.indicator_id.0)
                    .bind(f.region_id.map_or(0, |r| r.0))
                    .bind(value)
                    .bind(stage)
                    .bind(assessment);
            }
            q.execute(&mut *tx).await?;
        }

        let events: Vec<(i64, &'static str, UserId, i64)> = reports
            .iter()
            .flat_map(|r| {
                let id = id_of(r);
                [
                    (id, "create", r.reporter, r.submitted_at),
                    (id, "submit", r.reporter, r.submitted_at),
                    (id, "review", r.reviewer, r.reviewed_at),
                    (id, "approve", r.approver, r.approved_at),
                ]
            })
            .collect();
        for chunk in events.chunks(ROWS_PER_INSERT) {
            let sql = insert_rows_sql(INSERT_EVENTS, 6, chunk.len());
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, action, actor, at) in chunk {
                q = q
                    .bind(*id)
                    .bind(1_i64)
                    .bind(*action)
                    .bind(actor.0)
                    .bind(*at)
                    .bind(None::<String>);
            }
            q.execute(&mut *tx).await?;
        }

        let after = serde_json::json!({
            "reports": reports.len(),
            "figures": figures.len(),
        });
        let e = Entry::event(
            at,
            actor.map_or(Who::System, Who::User),
            "generate.reports",
            format!("period:{}", period.0),
            OK,
        );
        crate::audit::append(&mut tx, e.with_after(after.to_string())).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The period's reports' ids by (item, unit): read back after a many-row INSERT, whose
/// RETURNING order neither database promises.
async fn report_ids(tx: &mut Tx, period: PeriodId) -> Result<HashMap<(i64, i64), i64>> {
    let rows = sqlx::query("SELECT id, item_id, unit_id FROM reports WHERE period_id = $1")
        .bind(period.0)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                (r.try_get("item_id")?, r.try_get("unit_id")?),
                r.try_get("id")?,
            ))
        })
        .collect()
}

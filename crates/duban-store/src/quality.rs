//! Data-quality risk (数据质量风险): what the score reads — every approved report of a
//! plan with each version's figures and the warnings kept on its approved version —
//! and the spot checks (抽查) the office records, each in history and the audit log.

use std::collections::BTreeMap;

use duban_domain::checks::Rule;
use duban_domain::quality::{KeptRule, Outcome, ReportRecord, SpotCheck, SpotCheckFields, Subject};
use duban_domain::{Figure, IndicatorId, ItemId, PeriodLabel, PlanId, UnitId, UserId};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::reports::figure;
use crate::rows::{Change, Tx, Versioned, corrupt, versioned};
use crate::{Result, Store, StoreError, history};

macro_rules! select_checks {
    ($tail:literal) => {
        concat!(
            "SELECT id, plan_id, subject_kind, subject_id, score, outcome, note, ",
            "checked_by, checked_at, version, created_at, updated_at FROM spot_checks ",
            $tail
        )
    };
}

fn spot_check(r: &AnyRow) -> Result<Versioned<SpotCheck>> {
    let kind: String = r.try_get("subject_kind")?;
    let id: i64 = r.try_get("subject_id")?;
    let outcome: String = r.try_get("outcome")?;
    let c = SpotCheck {
        id: r.try_get("id")?,
        plan_id: PlanId(r.try_get("plan_id")?),
        subject: Subject::parse(&kind, id).ok_or_else(|| corrupt("subject_kind", &kind))?,
        score: u32::try_from(r.try_get::<i64, _>("score")?).unwrap_or(0),
        outcome: Outcome::parse(&outcome).ok_or_else(|| corrupt("outcome", &outcome))?,
        note: r.try_get("note")?,
        checked_by: UserId(r.try_get("checked_by")?),
        checked_at: r.try_get("checked_at")?,
    };
    versioned(r, c)
}

impl Store {
    /// Every report of `plan` with an approved version: its figures at each version up
    /// to the approved one, oldest first, and the warnings kept on the approved one.
    /// Three queries for the whole plan.
    pub async fn quality_records(&self, plan: PlanId) -> Result<Vec<ReportRecord>> {
        let reports = sqlx::query(
            "SELECT r.id, r.unit_id, r.item_id, r.approved_version, p.label
             FROM reports r JOIN periods p ON p.id = r.period_id
             WHERE r.plan_id = $1 AND r.approved_version IS NOT NULL
             ORDER BY r.id",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        let figures = sqlx::query(
            "SELECT f.report_id, f.version, f.indicator_id, f.region_id, f.value, f.stage, f.assessment
             FROM report_figures f JOIN reports r ON r.id = f.report_id
             WHERE r.plan_id = $1 AND r.approved_version IS NOT NULL AND f.version <= r.approved_version
             ORDER BY f.report_id, f.version, f.indicator_id, f.region_id",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        let warnings = sqlx::query(
            "SELECT w.report_id, w.rule, w.indicator_id, w.reason
             FROM report_warnings w JOIN reports r ON r.id = w.report_id
             WHERE r.plan_id = $1 AND w.version = r.approved_version
             ORDER BY w.report_id, w.rule, w.indicator_id, w.region_id",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        let mut versions: BTreeMap<i64, BTreeMap<i64, Vec<Figure>>> = BTreeMap::new();
        for r in &figures {
            versions
                .entry(r.try_get("report_id")?)
                .or_default()
                .entry(r.try_get("version")?)
                .or_default()
                .push(figure(r)?);
        }
        let mut kept: BTreeMap<i64, Vec<KeptRule>> = BTreeMap::new();
        for r in &warnings {
            let rule: String = r.try_get("rule")?;
            kept.entry(r.try_get("report_id")?)
                .or_default()
                .push(KeptRule {
                    rule: Rule::parse(&rule).ok_or_else(|| corrupt("rule", &rule))?,
                    indicator_id: IndicatorId(r.try_get("indicator_id")?),
                    reason: r.try_get("reason")?,
                });
        }
        reports
            .iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                let label: String = r.try_get("label")?;
                Ok(ReportRecord {
                    report_id: id,
                    unit_id: UnitId(r.try_get("unit_id")?),
                    item_id: ItemId(r.try_get("item_id")?),
                    period: PeriodLabel::parse(&label).ok_or_else(|| corrupt("label", &label))?,
                    warnings: kept.remove(&id).unwrap_or_default(),
                    versions: versions
                        .remove(&id)
                        .map(|v| v.into_values().collect())
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    /// The spot checks recorded on `plan`, newest first.
    pub async fn spot_checks(&self, plan: PlanId) -> Result<Vec<Versioned<SpotCheck>>> {
        let rows = sqlx::query(select_checks!(
            "WHERE plan_id = $1 ORDER BY checked_at DESC, id DESC"
        ))
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(spot_check).collect()
    }

    /// Records a spot check's outcome on `plan`; the subject must exist.
    pub async fn record_spot_check(
        &self,
        plan: PlanId,
        f: &SpotCheckFields,
        change: Change,
    ) -> Result<Versioned<SpotCheck>> {
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("a spot check needs an author".into()))?;
        let mut tx = self.write().await?;
        let exists: Option<i64> = match f.subject {
            Subject::Unit(u) => {
                sqlx::query_scalar("SELECT id FROM units WHERE id = $1")
                    .bind(u.0)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            Subject::Item(i) => {
                sqlx::query_scalar("SELECT id FROM items WHERE id = $1 AND plan_id = $2")
                    .bind(i.0)
                    .bind(plan.0)
                    .fetch_optional(&mut *tx)
                    .await?
            }
        };
        if exists.is_none() {
            return Err(StoreError::NotFound {
                entity: f.subject.kind(),
                id: f.subject.id(),
            });
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO spot_checks (plan_id, subject_kind, subject_id, score, outcome, note,
                 checked_by, checked_at, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $8, $8) RETURNING id",
        )
        .bind(plan.0)
        .bind(f.subject.kind())
        .bind(f.subject.id())
        .bind(i64::from(f.score))
        .bind(f.outcome.as_str())
        .bind(&f.note)
        .bind(actor.0)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?;
        let c = snapshot(&mut tx, id, change).await?;
        tx.commit().await?;
        Ok(c)
    }
}

async fn snapshot(tx: &mut Tx, id: i64, change: Change) -> Result<Versioned<SpotCheck>> {
    let r = sqlx::query(select_checks!("WHERE id = $1"))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let c = spot_check(&r)?;
    history::record(tx, "spot_check", id, c.version, change, &c.value).await?;
    Ok(c)
}

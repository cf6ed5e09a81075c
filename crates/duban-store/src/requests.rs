//! Requests the office decides on: target changes of an approved plan (目标调整) and
//! corrections of reports in a closed period (更正). Deciding one changes its subject in
//! the same transaction; the subject's earlier state stays in its history.

use duban_domain::requests::{Correction, RequestState, TargetChange, TargetSet};
use duban_domain::{IndicatorId, PlanId, ReportId, ReportState, UserId};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::rows::{
    Change, Tx, Versioned, corrupt, from_json, json_text, missing_or_stale, scaled, versioned,
};
use crate::{Result, Store, StoreError, history};

macro_rules! select_changes {
    ($tail:literal) => {
        concat!(
            "SELECT id, indicator_id, reason, before_json, after_json, state, requested_by, requested_at, ",
            "decided_by, decided_at, decision_note, version, created_at, updated_at FROM target_changes ",
            $tail
        )
    };
}

macro_rules! select_corrections {
    ($tail:literal) => {
        concat!(
            "SELECT id, report_id, reason, state, requested_by, requested_at, decided_by, decided_at, ",
            "decision_note, done_at, version, created_at, updated_at FROM corrections ",
            $tail
        )
    };
}

fn state(r: &AnyRow) -> Result<RequestState> {
    let s: String = r.try_get("state")?;
    RequestState::parse(&s).ok_or_else(|| corrupt("request state", &s))
}

fn target_change(r: &AnyRow) -> Result<Versioned<TargetChange>> {
    let before: String = r.try_get("before_json")?;
    let after: String = r.try_get("after_json")?;
    let c = TargetChange {
        id: r.try_get("id")?,
        indicator_id: IndicatorId(r.try_get("indicator_id")?),
        reason: r.try_get("reason")?,
        before: from_json(&before, "targets before")?,
        after: from_json(&after, "targets after")?,
        state: state(r)?,
        requested_by: UserId(r.try_get("requested_by")?),
        requested_at: r.try_get("requested_at")?,
        decided_by: r.try_get::<Option<i64>, _>("decided_by")?.map(UserId),
        decided_at: r.try_get("decided_at")?,
        decision_note: r.try_get("decision_note")?,
    };
    versioned(r, c)
}

fn correction(r: &AnyRow) -> Result<Versioned<Correction>> {
    let c = Correction {
        id: r.try_get("id")?,
        report_id: ReportId(r.try_get("report_id")?),
        reason: r.try_get("reason")?,
        state: state(r)?,
        requested_by: UserId(r.try_get("requested_by")?),
        requested_at: r.try_get("requested_at")?,
        decided_by: r.try_get::<Option<i64>, _>("decided_by")?.map(UserId),
        decided_at: r.try_get("decided_at")?,
        decision_note: r.try_get("decision_note")?,
        done_at: r.try_get("done_at")?,
    };
    versioned(r, c)
}

fn actor_of(change: Change) -> Result<UserId> {
    change
        .actor
        .ok_or_else(|| StoreError::Corrupt("a request needs a person".into()))
}

/// Who decides: someone other than the requester, of a request still pending.
fn decidable(state: RequestState, requested_by: UserId, change: Change) -> Result<UserId> {
    let actor = actor_of(change)?;
    if state != RequestState::Pending {
        return Err(StoreError::conflict(
            "already_decided",
            "该申请已处理",
            "the request has already been decided",
        ));
    }
    if requested_by == actor {
        return Err(StoreError::conflict(
            "own_request",
            "不能审批本人提出的申请",
            "nobody decides their own request",
        ));
    }
    Ok(actor)
}

/// The two kinds of request; each has its table (the SQL stays literal).
#[derive(Clone, Copy)]
enum Kind {
    TargetChange,
    Correction,
}

struct Decision<'a> {
    id: i64,
    expected_version: i64,
    approve: bool,
    actor: UserId,
    at: i64,
    note: Option<&'a str>,
}

/// Records the decision on a pending request at the expected version.
async fn decide(tx: &mut Tx, kind: Kind, d: &Decision<'_>) -> Result<()> {
    macro_rules! decide_sql {
        ($table:literal) => {
            concat!(
                "UPDATE ",
                $table,
                " SET state = $3, decided_by = $4, decided_at = $5, ",
                "decision_note = $6, version = version + 1, updated_at = $5 ",
                "WHERE id = $1 AND version = $2 AND state = 'pending'"
            )
        };
    }
    let (sql, version_sql, entity) = match kind {
        Kind::TargetChange => (
            decide_sql!("target_changes"),
            "SELECT version FROM target_changes WHERE id = $1",
            "target_change",
        ),
        Kind::Correction => (
            decide_sql!("corrections"),
            "SELECT version FROM corrections WHERE id = $1",
            "correction",
        ),
    };
    let to = if d.approve { "approved" } else { "rejected" };
    let done = sqlx::query(sql)
        .bind(d.id)
        .bind(d.expected_version)
        .bind(to)
        .bind(d.actor.0)
        .bind(d.at)
        .bind(d.note)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(missing_or_stale(tx, version_sql, entity, d.id).await);
    }
    Ok(())
}

impl Store {
    pub async fn target_change(&self, id: i64) -> Result<Versioned<TargetChange>> {
        let r = sqlx::query(select_changes!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "target_change",
                id,
            })?;
        target_change(&r)
    }

    /// An indicator's target changes, newest first.
    pub async fn indicator_target_changes(
        &self,
        indicator: IndicatorId,
    ) -> Result<Vec<Versioned<TargetChange>>> {
        let rows = sqlx::query(select_changes!("WHERE indicator_id = $1 ORDER BY id DESC"))
            .bind(indicator.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(target_change).collect()
    }

    /// A plan's target changes, newest first, of one state if given.
    pub async fn plan_target_changes(
        &self,
        plan: PlanId,
        state: Option<RequestState>,
    ) -> Result<Vec<Versioned<TargetChange>>> {
        let rows = sqlx::query(select_changes!(
            "WHERE plan_id = $1 AND ($2 IS NULL OR state = $2) ORDER BY id DESC"
        ))
        .bind(plan.0)
        .bind(state.map(RequestState::as_str))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(target_change).collect()
    }

    /// Files a target change of `indicator` from `before` (its targets now) to `after`.
    /// One request per indicator waits at a time.
    pub async fn request_target_change(
        &self,
        indicator: IndicatorId,
        before: &TargetSet,
        after: &TargetSet,
        reason: &str,
        change: Change,
    ) -> Result<Versioned<TargetChange>> {
        let actor = actor_of(change)?;
        let mut tx = self.write().await?;
        let row = sqlx::query("SELECT plan_id, item_id FROM indicators WHERE id = $1")
            .bind(indicator.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "indicator",
                id: indicator.0,
            })?;
        let plan: i64 = row.try_get("plan_id")?;
        let item = duban_domain::ItemId(row.try_get("item_id")?);
        crate::indicators::check_regions(&mut tx, item, &after.regions).await?;
        let waiting: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM target_changes WHERE indicator_id = $1 AND state = 'pending'",
        )
        .bind(indicator.0)
        .fetch_optional(&mut *tx)
        .await?;
        if waiting.is_some() {
            return Err(StoreError::conflict(
                "change_pending",
                "该指标已有待审批的目标调整申请",
                "a target change of this indicator is already waiting for a decision",
            ));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO target_changes (indicator_id, plan_id, reason, before_json, after_json, state,
                requested_by, requested_at, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, 1, $7, $7) RETURNING id",
        )
        .bind(indicator.0)
        .bind(plan)
        .bind(reason)
        .bind(json_text(before))
        .bind(json_text(after))
        .bind(actor.0)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?;
        let c = change_snapshot(&mut tx, id, change).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Approves (applying the new targets to the indicator, past the lock) or rejects a
    /// target change. The indicator's targets must still be those the request started
    /// from; its requester does not decide it.
    pub async fn decide_target_change(
        &self,
        id: i64,
        expected_version: i64,
        approve: bool,
        note: Option<&str>,
        change: Change,
    ) -> Result<Versioned<TargetChange>> {
        let current = self.target_change(id).await?;
        let c = &current.value;
        let actor = decidable(c.state, c.requested_by, change)?;
        let mut tx = self.write().await?;
        let d = Decision {
            id,
            expected_version,
            approve,
            actor,
            at: change.at,
            note,
        };
        decide(&mut tx, Kind::TargetChange, &d).await?;
        if approve {
            let now = self.indicator(c.indicator_id).await?;
            if TargetSet::of(&now.value) != c.before {
                return Err(StoreError::conflict(
                    "targets_moved",
                    "指标目标在申请后已发生变化,请重新提出申请",
                    "the indicator's targets changed since the request was made",
                ));
            }
            let a = &c.after;
            sqlx::query(
                "UPDATE indicators SET target = $2, baseline = $3, quarterly = $4, version = version + 1,
                    updated_at = $5 WHERE id = $1",
            )
            .bind(c.indicator_id.0)
            .bind(scaled(a.target))
            .bind(scaled(a.baseline))
            .bind(a.quarterly.as_ref().map(json_text))
            .bind(change.at)
            .execute(&mut *tx)
            .await?;
            crate::indicators::replace_region_targets(&mut tx, c.indicator_id, &a.regions).await?;
            let mut snapshot = now.value;
            snapshot.target = a.target;
            snapshot.baseline = a.baseline;
            snapshot.regions = a.regions.clone();
            snapshot.quarterly = a.quarterly;
            history::record(
                &mut tx,
                "indicator",
                c.indicator_id.0,
                now.version + 1,
                change,
                &snapshot,
            )
            .await?;
        }
        let v = change_snapshot(&mut tx, id, change).await?;
        tx.commit().await?;
        Ok(v)
    }

    pub async fn correction(&self, id: i64) -> Result<Versioned<Correction>> {
        let r = sqlx::query(select_corrections!("WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "correction",
                id,
            })?;
        correction(&r)
    }

    /// A report's corrections, newest first.
    pub async fn report_corrections(&self, report: ReportId) -> Result<Vec<Versioned<Correction>>> {
        let rows = sqlx::query(select_corrections!("WHERE report_id = $1 ORDER BY id DESC"))
            .bind(report.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(correction).collect()
    }

    /// A plan's corrections, newest first, of one state if given.
    pub async fn plan_corrections(
        &self,
        plan: PlanId,
        state: Option<RequestState>,
    ) -> Result<Vec<Versioned<Correction>>> {
        let rows = sqlx::query(select_corrections!(
            "WHERE report_id IN (SELECT id FROM reports WHERE plan_id = $1) AND ($2 IS NULL OR state = $2)
             ORDER BY id DESC"
        ))
        .bind(plan.0)
        .bind(state.map(RequestState::as_str))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(correction).collect()
    }

    /// Asks to correct an approved report of a closed period. One correction of a
    /// report is under way at a time.
    pub async fn request_correction(
        &self,
        report: ReportId,
        reason: &str,
        change: Change,
    ) -> Result<Versioned<Correction>> {
        let actor = actor_of(change)?;
        let r = self.report(report).await?.value;
        let mut tx = self.write().await?;
        let period: String = sqlx::query_scalar("SELECT state FROM periods WHERE id = $1")
            .bind(r.period_id.0)
            .fetch_one(&mut *tx)
            .await?;
        if period != "closed" || r.state != ReportState::Approved {
            return Err(StoreError::conflict(
                "not_correctable",
                "只有已关闭报告期中已通过的填报才需申请更正",
                "only an approved report of a closed period is corrected by request",
            ));
        }
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM corrections WHERE report_id = $1 AND state IN ('pending', 'approved')",
        )
        .bind(report.0)
        .fetch_optional(&mut *tx)
        .await?;
        if open.is_some() {
            return Err(StoreError::conflict(
                "correction_open",
                "该填报已有未完成的更正申请",
                "a correction of this report is already under way",
            ));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO corrections (report_id, reason, state, requested_by, requested_at, version,
                created_at, updated_at)
             VALUES ($1, $2, 'pending', $3, $4, 1, $4, $4) RETURNING id",
        )
        .bind(report.0)
        .bind(reason)
        .bind(actor.0)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await?;
        let c = correction_snapshot(&mut tx, id, change).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Approves a correction (the report is returned to its unit to correct, though its
    /// period is closed; its approved version keeps counting until the corrected one is
    /// approved) or rejects it.
    pub async fn decide_correction(
        &self,
        id: i64,
        expected_version: i64,
        approve: bool,
        note: Option<&str>,
        change: Change,
    ) -> Result<Versioned<Correction>> {
        let current = self.correction(id).await?;
        let c = &current.value;
        let actor = decidable(c.state, c.requested_by, change)?;
        let mut tx = self.write().await?;
        let d = Decision {
            id,
            expected_version,
            approve,
            actor,
            at: change.at,
            note,
        };
        decide(&mut tx, Kind::Correction, &d).await?;
        if approve {
            let comment = format!("同意更正:{}", c.reason);
            crate::reports::reopen_for_correction(&mut tx, c.report_id, actor, change.at, &comment)
                .await?;
        }
        let v = correction_snapshot(&mut tx, id, change).await?;
        tx.commit().await?;
        Ok(v)
    }
}

/// Whether the report has an approved correction under way: it may then change though
/// its period is closed.
pub(crate) async fn correcting(tx: &mut Tx, report: ReportId) -> Result<bool> {
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM corrections WHERE report_id = $1 AND state = 'approved'",
    )
    .bind(report.0)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(open.is_some())
}

/// The corrected version was approved: the correction is done.
pub(crate) async fn finish_correction(tx: &mut Tx, report: ReportId, change: Change) -> Result<()> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM corrections WHERE report_id = $1 AND state = 'approved'",
    )
    .bind(report.0)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = id {
        sqlx::query(
            "UPDATE corrections SET state = 'done', done_at = $2, version = version + 1, updated_at = $2
             WHERE id = $1",
        )
        .bind(id)
        .bind(change.at)
        .execute(&mut **tx)
        .await?;
        correction_snapshot(tx, id, change).await?;
    }
    Ok(())
}

async fn change_snapshot(tx: &mut Tx, id: i64, change: Change) -> Result<Versioned<TargetChange>> {
    let r = sqlx::query(select_changes!("WHERE id = $1"))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let c = target_change(&r)?;
    history::record(tx, "target_change", id, c.version, change, &c.value).await?;
    Ok(c)
}

async fn correction_snapshot(
    tx: &mut Tx,
    id: i64,
    change: Change,
) -> Result<Versioned<Correction>> {
    let r = sqlx::query(select_corrections!("WHERE id = $1"))
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let c = correction(&r)?;
    history::record(tx, "correction", id, c.version, change, &c.value).await?;
    Ok(c)
}

//! Indicators (指标) with their regional decomposition and quarterly plan.

use duban_domain::indicator::IndicatorFields;
use duban_domain::{
    Decimal, FieldError, Indicator, IndicatorId, IndicatorKind, Invalid, ItemId, PlanId, PlanState,
    QuarterlyPlan, RegionTarget, UnitId, UnitKind,
};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::plans::plan_state;
use crate::rows::{
    Change, Tx, Versioned, corrupt, dec, from_json, json_text, missing_or_stale, scaled, versioned,
};
use crate::units::unknown;
use crate::{Dialect, Result, Store, StoreError, history};

fn indicator(r: &AnyRow, regions: Vec<RegionTarget>) -> Result<Versioned<Indicator>> {
    let kind: String = r.try_get("kind")?;
    let stages: String = r.try_get("stages")?;
    let quarterly: Option<String> = r.try_get("quarterly")?;
    let i = Indicator {
        id: IndicatorId(r.try_get("id")?),
        item_id: ItemId(r.try_get("item_id")?),
        seq: r.try_get("seq")?,
        name: r.try_get("name")?,
        kind: IndicatorKind::parse(&kind).ok_or_else(|| corrupt("indicator kind", &kind))?,
        unit: r.try_get("unit")?,
        target: dec(r, "target")?,
        baseline: dec(r, "baseline")?,
        decimals: r.try_get::<i64, _>("decimals")? as u8,
        stages: from_json(&stages, "stages")?,
        regions,
        quarterly: quarterly
            .map(|q| from_json::<QuarterlyPlan>(&q, "quarterly"))
            .transpose()?,
    };
    versioned(r, i)
}

fn region_rows(rows: &[AnyRow]) -> Result<Vec<(i64, RegionTarget)>> {
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("indicator_id")?,
                RegionTarget {
                    region_id: UnitId(r.try_get("region_id")?),
                    target: dec(r, "target")?,
                },
            ))
        })
        .collect()
}

fn assemble(
    rows: &[AnyRow],
    regions: Vec<(i64, RegionTarget)>,
) -> Result<Vec<Versioned<Indicator>>> {
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let mine = regions
                .iter()
                .filter(|(i, _)| *i == id)
                .map(|(_, t)| t.clone())
                .collect();
            indicator(r, mine)
        })
        .collect()
}

impl Store {
    pub async fn indicator(&self, id: IndicatorId) -> Result<Versioned<Indicator>> {
        let row = sqlx::query(
            "SELECT id, item_id, seq, name, kind, unit, target, baseline, decimals, stages, quarterly,
                    version, created_at, updated_at
             FROM indicators WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound { entity: "indicator", id: id.0 })?;
        let regions = sqlx::query(
            "SELECT indicator_id, region_id, target FROM indicator_regions WHERE indicator_id = $1 ORDER BY seq",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        let mut v = assemble(std::slice::from_ref(&row), region_rows(&regions)?)?;
        v.pop().ok_or(StoreError::NotFound {
            entity: "indicator",
            id: id.0,
        })
    }

    /// An item's indicators in order.
    pub async fn item_indicators(&self, item: ItemId) -> Result<Vec<Versioned<Indicator>>> {
        let rows = sqlx::query(
            "SELECT id, item_id, seq, name, kind, unit, target, baseline, decimals, stages, quarterly,
                    version, created_at, updated_at
             FROM indicators WHERE item_id = $1 ORDER BY seq, id",
        )
        .bind(item.0)
        .fetch_all(&self.pool)
        .await?;
        let regions = sqlx::query(
            "SELECT r.indicator_id, r.region_id, r.target FROM indicator_regions r
             JOIN indicators i ON i.id = r.indicator_id WHERE i.item_id = $1 ORDER BY r.indicator_id, r.seq",
        )
        .bind(item.0)
        .fetch_all(&self.pool)
        .await?;
        assemble(&rows, region_rows(&regions)?)
    }

    /// Every indicator of a plan, by item and order.
    pub async fn plan_indicators(&self, plan: PlanId) -> Result<Vec<Indicator>> {
        let rows = sqlx::query(
            "SELECT id, item_id, seq, name, kind, unit, target, baseline, decimals, stages, quarterly,
                    version, created_at, updated_at
             FROM indicators WHERE plan_id = $1 ORDER BY item_id, seq, id",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        let regions = sqlx::query(
            "SELECT r.indicator_id, r.region_id, r.target FROM indicator_regions r
             JOIN indicators i ON i.id = r.indicator_id WHERE i.plan_id = $1 ORDER BY r.indicator_id, r.seq",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(assemble(&rows, region_rows(&regions)?)?
            .into_iter()
            .map(|v| v.value)
            .collect())
    }

    pub async fn create_indicator(
        &self,
        item: ItemId,
        f: &IndicatorFields,
        change: Change,
    ) -> Result<Versioned<Indicator>> {
        let mut tx = self.write().await?;
        let id = create_indicator_in(&mut tx, item, f, change).await?;
        tx.commit().await?;
        self.indicator(id).await
    }

    /// Changes an indicator. Once its plan is approved, its targets (target, baseline,
    /// regional targets, quarterly plan, kind, stages) are locked.
    pub async fn update_indicator(
        &self,
        id: IndicatorId,
        expected_version: i64,
        f: &IndicatorFields,
        change: Change,
    ) -> Result<Versioned<Indicator>> {
        let current = self.indicator(id).await?;
        let mut tx = self.write().await?;
        update_indicator_in(
            &mut tx,
            self.dialect,
            &current.value,
            expected_version,
            f,
            change,
        )
        .await?;
        tx.commit().await?;
        self.indicator(id).await
    }
}

fn fields_indicator(id: IndicatorId, item: ItemId, f: &IndicatorFields) -> Indicator {
    Indicator {
        id,
        item_id: item,
        seq: f.seq,
        name: f.name.clone(),
        kind: f.kind,
        unit: f.unit.clone(),
        target: f.target,
        baseline: f.baseline,
        decimals: f.decimals,
        stages: f.stages.clone(),
        regions: f.regions.clone(),
        quarterly: f.quarterly,
    }
}

/// Regions of an indicator must be regions of its item.
pub(crate) async fn check_regions(
    tx: &mut Tx,
    item: ItemId,
    regions: &[RegionTarget],
) -> Result<()> {
    let mut bad = Invalid::default();
    for (n, r) in regions.iter().enumerate() {
        let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM units WHERE id = $1")
            .bind(r.region_id.0)
            .fetch_optional(&mut **tx)
            .await?;
        let linked: Option<i64> = sqlx::query_scalar(
            "SELECT unit_id FROM item_units WHERE item_id = $1 AND relation = 'region' AND unit_id = $2",
        )
        .bind(item.0)
        .bind(r.region_id.0)
        .fetch_optional(&mut **tx)
        .await?;
        if kind.as_deref().and_then(UnitKind::parse) != Some(UnitKind::Region) || linked.is_none() {
            bad.push(FieldError::new(
                format!("regions/{n}/region_id"),
                "region_not_in_item",
                format!("区域{}不是该实事涉及的县区", r.region_id),
                format!("region {} is not one of the item's regions", r.region_id),
            ));
        }
    }
    bad.into_result().map_err(Into::into)
}

/// Replaces an indicator's regional targets (an approved target change).
pub(crate) async fn replace_region_targets(
    tx: &mut Tx,
    id: IndicatorId,
    regions: &[RegionTarget],
) -> Result<()> {
    sqlx::query("DELETE FROM indicator_regions WHERE indicator_id = $1")
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    write_regions(tx, id.0, regions).await
}

async fn write_regions(tx: &mut Tx, id: i64, regions: &[RegionTarget]) -> Result<()> {
    for (seq, r) in regions.iter().enumerate() {
        sqlx::query("INSERT INTO indicator_regions (indicator_id, region_id, seq, target) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(r.region_id.0)
            .bind(seq as i64)
            .bind(r.target.map(Decimal::scaled))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

impl Store {
    /// Each indicator's version (its ETag) in a plan, by indicator id.
    pub async fn plan_indicator_versions(
        &self,
        plan: PlanId,
    ) -> Result<std::collections::HashMap<i64, i64>> {
        let rows = sqlx::query("SELECT id, version FROM indicators WHERE plan_id = $1")
            .bind(plan.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("version")?)))
            .collect()
    }
}

/// Creates an indicator inside `tx` (one import writes many).
pub(crate) async fn create_indicator_in(
    tx: &mut Tx,
    item: ItemId,
    f: &IndicatorFields,
    change: Change,
) -> Result<IndicatorId> {
    let plan: Option<i64> = sqlx::query_scalar("SELECT plan_id FROM items WHERE id = $1")
        .bind(item.0)
        .fetch_optional(&mut **tx)
        .await?;
    let plan = plan.ok_or_else(|| unknown("item_id", "实事", item.0))?;
    check_regions(tx, item, &f.regions).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO indicators (plan_id, item_id, seq, name, kind, unit, target, baseline, decimals,
            stages, quarterly, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $12) RETURNING id",
    )
    .bind(plan)
    .bind(item.0)
    .bind(f.seq)
    .bind(&f.name)
    .bind(f.kind.as_str())
    .bind(&f.unit)
    .bind(scaled(f.target))
    .bind(scaled(f.baseline))
    .bind(f.decimals as i64)
    .bind(json_text(&f.stages))
    .bind(f.quarterly.as_ref().map(json_text))
    .bind(change.at)
    .fetch_one(&mut **tx)
    .await?;
    write_regions(tx, id, &f.regions).await?;
    history::record(
        tx,
        "indicator",
        id,
        1,
        change,
        &fields_indicator(IndicatorId(id), item, f),
    )
    .await?;
    Ok(IndicatorId(id))
}

/// Updates an indicator inside `tx`, if still at `expected_version`; `c` is its
/// current state, read before.
pub(crate) async fn update_indicator_in(
    tx: &mut Tx,
    dialect: Dialect,
    c: &Indicator,
    expected_version: i64,
    f: &IndicatorFields,
    change: Change,
) -> Result<()> {
    let id = c.id;
    let plan: i64 = sqlx::query_scalar("SELECT plan_id FROM indicators WHERE id = $1")
        .bind(id.0)
        .fetch_one(&mut **tx)
        .await?;
    let targets_change = c.kind != f.kind
        || c.target != f.target
        || c.baseline != f.baseline
        || c.regions != f.regions
        || c.quarterly != f.quarterly
        || c.stages != f.stages;
    if targets_change && plan_state(tx, dialect, PlanId(plan)).await? == PlanState::Approved {
        return Err(StoreError::conflict(
            "targets_locked",
            "计划已批准,目标任务已锁定,调整须提出变更申请",
            "the plan is approved: targets are locked and change only by a change request",
        ));
    }
    check_regions(tx, c.item_id, &f.regions).await?;
    let done = sqlx::query(
        "UPDATE indicators SET seq = $3, name = $4, kind = $5, unit = $6, target = $7, baseline = $8,
            decimals = $9, stages = $10, quarterly = $11, version = version + 1, updated_at = $12
         WHERE id = $1 AND version = $2",
    )
    .bind(id.0)
    .bind(expected_version)
    .bind(f.seq)
    .bind(&f.name)
    .bind(f.kind.as_str())
    .bind(&f.unit)
    .bind(scaled(f.target))
    .bind(scaled(f.baseline))
    .bind(f.decimals as i64)
    .bind(json_text(&f.stages))
    .bind(f.quarterly.as_ref().map(json_text))
    .bind(change.at)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(missing_or_stale(
            tx,
            "SELECT version FROM indicators WHERE id = $1",
            "indicator",
            id.0,
        )
        .await);
    }
    sqlx::query("DELETE FROM indicator_regions WHERE indicator_id = $1")
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    write_regions(tx, id.0, &f.regions).await?;
    let snapshot = fields_indicator(id, c.item_id, f);
    history::record(
        tx,
        "indicator",
        id.0,
        expected_version + 1,
        change,
        &snapshot,
    )
    .await?;
    Ok(())
}

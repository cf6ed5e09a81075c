//! Items (实事): numbered commitments with a lead unit, co-units and regions.

use duban_domain::plan::ItemFields;
use duban_domain::{AreaId, Decimal, FieldError, Invalid, Item, ItemId, PlanId, UnitId, UnitKind};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::rows::{Change, Tx, Versioned, dec, missing_or_stale, scaled, versioned};
use crate::units::unknown;
use crate::{Page, Paged, Result, Store, StoreError, history};

/// Filters for listing items.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub plan_id: Option<PlanId>,
    pub area_id: Option<AreaId>,
    /// Items this unit leads, shares or carries a regional part of.
    pub unit_id: Option<UnitId>,
}

/// An item's planned investment (计划投资, 万元) and the area it counts under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedInvestment {
    pub item_id: ItemId,
    pub area_id: AreaId,
    pub planned: Option<Decimal>,
}

fn item(r: &AnyRow, links: &[(i64, String, i64)]) -> Result<Versioned<Item>> {
    let id: i64 = r.try_get("id")?;
    let of = |rel: &str| {
        links
            .iter()
            .filter(|(i, r, _)| *i == id && r == rel)
            .map(|(_, _, u)| UnitId(*u))
            .collect()
    };
    let it = Item {
        id: ItemId(id),
        plan_id: PlanId(r.try_get("plan_id")?),
        area_id: AreaId(r.try_get("area_id")?),
        number: r.try_get("number")?,
        title: r.try_get("title")?,
        lead_unit_id: UnitId(r.try_get("lead_unit_id")?),
        co_unit_ids: of("co"),
        region_ids: of("region"),
        leader: r.try_get("leader")?,
    };
    versioned(r, it)
}

impl Store {
    pub async fn item(&self, id: ItemId) -> Result<Versioned<Item>> {
        let r = sqlx::query(
            "SELECT id, plan_id, area_id, number, title, lead_unit_id, leader, version, created_at, updated_at
             FROM items WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound { entity: "item", id: id.0 })?;
        let links = self.item_links_of(&[id.0]).await?;
        item(&r, &links)
    }

    pub async fn items(&self, f: &ItemFilter, page: Page) -> Result<Paged<Versioned<Item>>> {
        let (plan, area, unit) = (
            f.plan_id.map(|p| p.0),
            f.area_id.map(|a| a.0),
            f.unit_id.map(|u| u.0),
        );
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM items i
             WHERE ($1 IS NULL OR i.plan_id = $1) AND ($2 IS NULL OR i.area_id = $2)
               AND ($3 IS NULL OR i.lead_unit_id = $3
                    OR EXISTS (SELECT 1 FROM item_units l WHERE l.item_id = i.id AND l.unit_id = $3))",
        )
        .bind(plan)
        .bind(area)
        .bind(unit)
        .fetch_one(&self.pool)
        .await?;
        let rows = sqlx::query(
            "SELECT i.id, i.plan_id, i.area_id, i.number, i.title, i.lead_unit_id, i.leader,
                    i.version, i.created_at, i.updated_at
             FROM items i
             WHERE ($1 IS NULL OR i.plan_id = $1) AND ($2 IS NULL OR i.area_id = $2)
               AND ($3 IS NULL OR i.lead_unit_id = $3
                    OR EXISTS (SELECT 1 FROM item_units l WHERE l.item_id = i.id AND l.unit_id = $3))
             ORDER BY i.plan_id, i.number LIMIT $4 OFFSET $5",
        )
        .bind(plan)
        .bind(area)
        .bind(unit)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        let ids: Vec<i64> = rows
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
        let links = self.item_links_of(&ids).await?;
        Ok(page.of(
            rows.iter()
                .map(|r| item(r, &links))
                .collect::<Result<_>>()?,
            total,
        ))
    }

    /// All items of a plan in number order.
    pub async fn plan_items(&self, plan: PlanId) -> Result<Vec<Item>> {
        let rows = sqlx::query(
            "SELECT id, plan_id, area_id, number, title, lead_unit_id, leader, version, created_at, updated_at
             FROM items WHERE plan_id = $1 ORDER BY number",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        let links: Vec<(i64, String, i64)> = sqlx::query(
            "SELECT l.item_id, l.relation, l.unit_id FROM item_units l JOIN items i ON i.id = l.item_id
             WHERE i.plan_id = $1 ORDER BY l.item_id, l.relation, l.seq",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("item_id")?, r.try_get("relation")?, r.try_get("unit_id")?)))
        .collect::<Result<_>>()?;
        rows.iter()
            .map(|r| item(r, &links).map(|v| v.value))
            .collect()
    }

    async fn item_links_of(&self, ids: &[i64]) -> Result<Vec<(i64, String, i64)>> {
        let mut out = Vec::new();
        // One query per item keeps the SQL static; pages are at most 500 items.
        for id in ids {
            let rows = sqlx::query(
                "SELECT item_id, relation, unit_id FROM item_units WHERE item_id = $1 ORDER BY relation, seq",
            )
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
            for r in &rows {
                out.push((
                    r.try_get("item_id")?,
                    r.try_get("relation")?,
                    r.try_get("unit_id")?,
                ));
            }
        }
        Ok(out)
    }

    /// An item's planned investment (计划投资, 万元), if the office set one.
    pub async fn planned_investment(&self, id: ItemId) -> Result<Option<Decimal>> {
        let r = sqlx::query("SELECT planned_investment FROM items WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "item",
                id: id.0,
            })?;
        dec(&r, "planned_investment")
    }

    /// Every item of a plan with its area and planned investment, by number.
    pub async fn planned_investments(&self, plan: PlanId) -> Result<Vec<PlannedInvestment>> {
        let rows = sqlx::query(
            "SELECT id, area_id, planned_investment FROM items WHERE plan_id = $1 ORDER BY number",
        )
        .bind(plan.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PlannedInvestment {
                    item_id: ItemId(r.try_get("id")?),
                    area_id: AreaId(r.try_get("area_id")?),
                    planned: dec(r, "planned_investment")?,
                })
            })
            .collect()
    }

    pub async fn create_item(&self, f: &ItemFields, change: Change) -> Result<Versioned<Item>> {
        let mut tx = self.write().await?;
        let id = create_item_in(&mut tx, f, change).await?;
        tx.commit().await?;
        self.item(id).await
    }

    /// Changes an item; it may move to another area of the same plan.
    pub async fn update_item(
        &self,
        id: ItemId,
        expected_version: i64,
        f: &ItemFields,
        change: Change,
    ) -> Result<Versioned<Item>> {
        let mut tx = self.write().await?;
        update_item_in(&mut tx, id, expected_version, f, change).await?;
        tx.commit().await?;
        self.item(id).await
    }
}

/// An item as history keeps it: with its planned investment, which `Item` leaves out.
#[derive(serde::Serialize)]
struct ItemRecord {
    #[serde(flatten)]
    item: Item,
    planned_investment: Option<Decimal>,
}

fn fields_item(id: ItemId, plan: PlanId, f: &ItemFields) -> ItemRecord {
    let item = Item {
        id,
        plan_id: plan,
        area_id: f.area_id,
        number: f.number,
        title: f.title.clone(),
        lead_unit_id: f.lead_unit_id,
        co_unit_ids: f.co_unit_ids.clone(),
        region_ids: f.region_ids.clone(),
        leader: f.leader.clone(),
    };
    ItemRecord {
        item,
        planned_investment: f.planned_investment,
    }
}

async fn area_plan(tx: &mut Tx, area: AreaId) -> Result<PlanId> {
    let p: Option<i64> = sqlx::query_scalar("SELECT plan_id FROM areas WHERE id = $1")
        .bind(area.0)
        .fetch_optional(&mut **tx)
        .await?;
    p.map(PlanId)
        .ok_or_else(|| unknown("area_id", "方面", area.0))
}

/// The lead and co-units must exist and be departments or regions; the regions must be
/// regions.
async fn check_units(tx: &mut Tx, f: &ItemFields) -> Result<()> {
    let mut bad = Invalid::default();
    let wanted = std::iter::once(("lead_unit_id", f.lead_unit_id))
        .chain(f.co_unit_ids.iter().map(|u| ("co_unit_ids", *u)))
        .chain(f.region_ids.iter().map(|u| ("region_ids", *u)));
    for (field, u) in wanted {
        let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM units WHERE id = $1")
            .bind(u.0)
            .fetch_optional(&mut **tx)
            .await?;
        let kind = kind.as_deref().and_then(UnitKind::parse);
        let ok = match (field, kind) {
            (_, None) => {
                if let StoreError::Invalid(i) = unknown(field, "单位", u.0) {
                    bad.0.extend(i.0);
                }
                continue;
            }
            ("region_ids", Some(k)) => k == UnitKind::Region,
            (_, Some(k)) => matches!(k, UnitKind::Department | UnitKind::Region),
        };
        if !ok {
            bad.push(FieldError::new(
                field,
                "wrong_unit_kind",
                format!("单位{u}的类型不符:区域须为县区,牵头和责任单位须为部门或县区"),
                format!("unit {u} is of the wrong kind: regions must be regions, responsible units departments or regions"),
            ));
        }
    }
    bad.into_result().map_err(Into::into)
}

async fn write_links(tx: &mut Tx, item: i64, f: &ItemFields) -> Result<()> {
    let links = f
        .co_unit_ids
        .iter()
        .map(|u| ("co", u))
        .chain(f.region_ids.iter().map(|u| ("region", u)));
    for (seq, (rel, u)) in links.enumerate() {
        sqlx::query(
            "INSERT INTO item_units (item_id, relation, unit_id, seq) VALUES ($1, $2, $3, $4)",
        )
        .bind(item)
        .bind(rel)
        .bind(u.0)
        .bind(seq as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn duplicate_number(e: sqlx::Error, number: i64) -> StoreError {
    StoreError::unique_as(
        e,
        "duplicate_number",
        format!("计划中已有第{number}项"),
        format!("the plan already has an item number {number}"),
    )
}

impl Store {
    /// Each item's version (its ETag) in a plan, by item id.
    pub async fn plan_item_versions(
        &self,
        plan: PlanId,
    ) -> Result<std::collections::HashMap<i64, i64>> {
        let rows = sqlx::query("SELECT id, version FROM items WHERE plan_id = $1")
            .bind(plan.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("version")?)))
            .collect()
    }
}

/// Creates an item inside `tx` (one import writes many).
pub(crate) async fn create_item_in(tx: &mut Tx, f: &ItemFields, change: Change) -> Result<ItemId> {
    let plan = area_plan(tx, f.area_id).await?;
    check_units(tx, f).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO items (plan_id, area_id, number, title, lead_unit_id, leader, planned_investment,
            version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $8, 1, $7, $7) RETURNING id",
    )
    .bind(plan.0)
    .bind(f.area_id.0)
    .bind(f.number)
    .bind(&f.title)
    .bind(f.lead_unit_id.0)
    .bind(&f.leader)
    .bind(change.at)
    .bind(scaled(f.planned_investment))
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| duplicate_number(e, f.number))?;
    write_links(tx, id, f).await?;
    history::record(tx, "item", id, 1, change, &fields_item(ItemId(id), plan, f)).await?;
    Ok(ItemId(id))
}

/// Updates an item inside `tx`, if still at `expected_version`.
pub(crate) async fn update_item_in(
    tx: &mut Tx,
    id: ItemId,
    expected_version: i64,
    f: &ItemFields,
    change: Change,
) -> Result<()> {
    let current_plan: Option<i64> = sqlx::query_scalar("SELECT plan_id FROM items WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
    let current_plan = current_plan.ok_or(StoreError::NotFound {
        entity: "item",
        id: id.0,
    })?;
    let plan = area_plan(tx, f.area_id).await?;
    if plan.0 != current_plan {
        return Err(Invalid::one(FieldError::new(
            "area_id",
            "other_plan",
            "不能移到其他计划的方面",
            "an item cannot move to an area of another plan",
        ))
        .into());
    }
    check_units(tx, f).await?;
    let done = sqlx::query(
        "UPDATE items SET area_id = $3, number = $4, title = $5, lead_unit_id = $6, leader = $7,
            planned_investment = $9, version = version + 1, updated_at = $8
         WHERE id = $1 AND version = $2",
    )
    .bind(id.0)
    .bind(expected_version)
    .bind(f.area_id.0)
    .bind(f.number)
    .bind(&f.title)
    .bind(f.lead_unit_id.0)
    .bind(&f.leader)
    .bind(change.at)
    .bind(scaled(f.planned_investment))
    .execute(&mut **tx)
    .await
    .map_err(|e| duplicate_number(e, f.number))?;
    if done.rows_affected() == 0 {
        return Err(
            missing_or_stale(tx, "SELECT version FROM items WHERE id = $1", "item", id.0).await,
        );
    }
    sqlx::query("DELETE FROM item_units WHERE item_id = $1")
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    write_links(tx, id.0, f).await?;
    history::record(
        tx,
        "item",
        id.0,
        expected_version + 1,
        change,
        &fields_item(id, plan, f),
    )
    .await?;
    Ok(())
}

/// The planned investment an item has now, inside `tx` (a structure import keeps it).
pub(crate) async fn planned_in(tx: &mut Tx, id: ItemId) -> Result<Option<Decimal>> {
    let v: Option<Option<i64>> =
        sqlx::query_scalar("SELECT planned_investment FROM items WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(v.flatten().map(Decimal::from_scaled))
}

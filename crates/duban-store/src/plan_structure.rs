//! 计划结构导入: a plan's areas, items and indicators written from an imported
//! structure in one transaction — each row created or updated by its stable key (an
//! area's 序号, an item's number, an indicator's item and 序号), with the same checks,
//! history and audit records as one change at a time. Rows the structure does not
//! name are left as they are. Any failure (a row changed meanwhile, targets locked by
//! an approved plan) undoes the whole import.

use std::collections::HashMap;

use duban_domain::plan::{AreaFields, ItemFields};
use duban_domain::plan_sheet::{Action, Changes, PlanStructure, changes};
use duban_domain::{AreaId, Indicator, ItemId, PlanId};
use sqlx::Row;

use crate::indicators::{create_indicator_in, update_indicator_in};
use crate::items::{create_item_in, planned_in, update_item_in};
use crate::plans::{create_area_in, update_area_in};
use crate::rows::Change;
use crate::{Result, Store};

/// A plan's rows as read before writing: content and versions.
struct Current {
    structure: PlanStructure,
    areas: HashMap<i64, (AreaId, i64)>,
    items: HashMap<i64, (ItemId, i64)>,
    indicators: HashMap<(i64, i64), (Indicator, i64)>,
}

impl Store {
    /// The plan's structure as the plan-structure workbook keys it.
    pub async fn plan_structure(&self, plan: PlanId) -> Result<PlanStructure> {
        Ok(self.current_structure(plan).await?.structure)
    }

    async fn current_structure(&self, plan: PlanId) -> Result<Current> {
        let areas = self.areas(plan).await?;
        let items = self.plan_items(plan).await?;
        let indicators = self.plan_indicators(plan).await?;
        let versions = |table: &'static str| async move {
            let sql = match table {
                "items" => "SELECT id, version FROM items WHERE plan_id = $1",
                _ => "SELECT id, version FROM indicators WHERE plan_id = $1",
            };
            let rows = sqlx::query(sql).bind(plan.0).fetch_all(&self.pool).await?;
            rows.iter()
                .map(|r| Ok((r.try_get::<i64, _>("id")?, r.try_get::<i64, _>("version")?)))
                .collect::<Result<HashMap<i64, i64>>>()
        };
        let item_versions = versions("items").await?;
        let indicator_versions = versions("indicators").await?;
        let plain: Vec<_> = areas.iter().map(|a| a.value.clone()).collect();
        let number: HashMap<ItemId, i64> = items.iter().map(|i| (i.id, i.number)).collect();
        Ok(Current {
            structure: PlanStructure::of(&plain, &items, &indicators),
            areas: areas
                .iter()
                .map(|a| (a.value.seq, (a.value.id, a.version)))
                .collect(),
            items: items
                .iter()
                .map(|i| {
                    let v = item_versions.get(&i.id.0).copied().unwrap_or(1);
                    (i.number, (i.id, v))
                })
                .collect(),
            indicators: indicators
                .iter()
                .filter_map(|x| {
                    let n = *number.get(&x.item_id)?;
                    let v = indicator_versions.get(&x.id.0).copied().unwrap_or(1);
                    Some(((n, x.seq), (x.clone(), v)))
                })
                .collect(),
        })
    }

    /// Writes `new` into `plan` in one transaction; what it changed, row by row.
    /// Importing the same structure again changes nothing and writes nothing.
    pub async fn apply_plan_structure(
        &self,
        plan: PlanId,
        new: &PlanStructure,
        change: Change,
    ) -> Result<Changes> {
        let cur = self.current_structure(plan).await?;
        let c = changes(&cur.structure, new);
        if c.is_empty() {
            return Ok(c);
        }
        let mut tx = self.write().await?;
        let mut area_ids: HashMap<i64, AreaId> =
            cur.areas.iter().map(|(seq, (id, _))| (*seq, *id)).collect();
        for (a, (seq, action)) in new.areas.iter().zip(&c.areas) {
            let f = AreaFields {
                seq: a.seq,
                title: a.title.clone(),
            };
            match (action, cur.areas.get(seq)) {
                (Action::Create, _) => {
                    let id = create_area_in(&mut tx, plan, &f, change).await?;
                    area_ids.insert(*seq, id);
                }
                (Action::Update, Some((id, v))) => {
                    update_area_in(&mut tx, *id, *v, &f, change).await?;
                }
                _ => {}
            }
        }
        let mut item_ids: HashMap<i64, ItemId> =
            cur.items.iter().map(|(n, (id, _))| (*n, *id)).collect();
        for (i, (number, action)) in new.items.iter().zip(&c.items) {
            let Some(area_id) = area_ids.get(&i.area_seq).copied() else {
                continue;
            };
            let mut f = ItemFields {
                area_id,
                number: i.number,
                title: i.title.clone(),
                lead_unit_id: i.lead_unit_id,
                co_unit_ids: i.co_unit_ids.clone(),
                region_ids: i.region_ids.clone(),
                leader: i.leader.clone(),
                planned_investment: None,
            };
            match (action, cur.items.get(number)) {
                (Action::Create, _) => {
                    let id = create_item_in(&mut tx, &f, change).await?;
                    item_ids.insert(*number, id);
                }
                (Action::Update, Some((id, v))) => {
                    // The workbook carries no investment: the item keeps its own.
                    f.planned_investment = planned_in(&mut tx, *id).await?;
                    update_item_in(&mut tx, *id, *v, &f, change).await?;
                }
                _ => {}
            }
        }
        for (x, (key, action)) in new.indicators.iter().zip(&c.indicators) {
            match (action, cur.indicators.get(key)) {
                (Action::Create, _) => {
                    if let Some(item) = item_ids.get(&x.item_number) {
                        create_indicator_in(&mut tx, *item, &x.fields, change).await?;
                    }
                }
                (Action::Update, Some((current, v))) => {
                    update_indicator_in(&mut tx, self.dialect, current, *v, &x.fields, change)
                        .await?;
                }
                _ => {}
            }
        }
        tx.commit().await?;
        Ok(c)
    }
}

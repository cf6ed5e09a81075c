//! Plans (年度计划), areas (方面) and items (实事).

use serde::{Deserialize, Serialize};

use crate::decimal::Decimal;
use crate::error::{FieldError, Invalid};
use crate::ids::{AreaId, ItemId, PlanId, UnitId};
use crate::text;

/// How far behind the schedule, in percentage points, counts as lagging (进度滞后) and
/// as seriously lagging (严重滞后). A plan setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Behind by at least this many points: lagging. Default 10.
    pub lagging: Decimal,
    /// Behind by more than this many points: seriously lagging. Default 30.
    pub serious: Decimal,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            lagging: Decimal::from_int(10),
            serious: Decimal::from_int(30),
        }
    }
}

impl Thresholds {
    pub fn new(lagging: Decimal, serious: Decimal) -> Result<Thresholds, FieldError> {
        if lagging <= Decimal::ZERO || serious < lagging || serious > Decimal::HUNDRED {
            return Err(FieldError::new(
                "thresholds",
                "invalid_thresholds",
                "滞后阈值须大于0,且严重滞后阈值不小于滞后阈值、不大于100",
                "lagging must be above 0 and serious between lagging and 100",
            ));
        }
        Ok(Thresholds { lagging, serious })
    }
}

/// A plan is drafted, then approved by the office; targets are locked once approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanState {
    Draft,
    Approved,
}

impl PlanState {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanState::Draft => "draft",
            PlanState::Approved => "approved",
        }
    }

    pub fn parse(s: &str) -> Option<PlanState> {
        match s {
            "draft" => Some(PlanState::Draft),
            "approved" => Some(PlanState::Approved),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub id: PlanId,
    pub year: i32,
    /// e.g. 2019年20项重点民生实事
    pub title: String,
    pub state: PlanState,
    pub thresholds: Thresholds,
}

/// The fields a plan is made of, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFields {
    pub year: i32,
    pub title: String,
    pub thresholds: Thresholds,
}

impl PlanFields {
    pub fn parse(
        year: i64,
        title: &str,
        lagging: Option<Decimal>,
        serious: Option<Decimal>,
    ) -> Result<PlanFields, Invalid> {
        let mut bad = Invalid::default();
        let year = bad.take(parse_year(year));
        let title = bad.take(text::required("title", title, 200));
        let d = Thresholds::default();
        let thresholds = bad.take(Thresholds::new(
            lagging.unwrap_or(d.lagging),
            serious.unwrap_or(d.serious),
        ));
        match (year, title, thresholds) {
            (Some(year), Some(title), Some(thresholds)) if bad.is_empty() => Ok(PlanFields {
                year,
                title,
                thresholds,
            }),
            _ => Err(bad),
        }
    }
}

pub fn parse_year(y: i64) -> Result<i32, FieldError> {
    if (2000..=2100).contains(&y) {
        Ok(y as i32)
    } else {
        Err(FieldError::new(
            "year",
            "out_of_range",
            "年度须在2000至2100之间",
            "year must be between 2000 and 2100",
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    pub id: AreaId,
    pub plan_id: PlanId,
    /// Order in the plan: 1 prints as (一).
    pub seq: i64,
    /// e.g. 特殊群体关爱服务保障
    pub title: String,
}

/// The fields an area is made of, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaFields {
    pub seq: i64,
    pub title: String,
}

impl AreaFields {
    pub fn parse(seq: i64, title: &str) -> Result<AreaFields, Invalid> {
        let mut bad = Invalid::default();
        let seq = bad.take(parse_seq("seq", seq));
        let title = bad.take(text::required("title", title, 200));
        match (seq, title) {
            (Some(seq), Some(title)) => Ok(AreaFields { seq, title }),
            _ => Err(bad),
        }
    }
}

pub fn parse_seq(field: &str, v: i64) -> Result<i64, FieldError> {
    if (1..=100_000).contains(&v) {
        Ok(v)
    } else {
        Err(FieldError::new(
            field,
            "out_of_range",
            "序号须在1至100000之间",
            "must be between 1 and 100000",
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: ItemId,
    pub plan_id: PlanId,
    pub area_id: AreaId,
    /// The item's number in the plan (第N项), unique within the plan.
    pub number: i64,
    pub title: String,
    /// 牵头单位
    pub lead_unit_id: UnitId,
    /// 责任单位, besides the lead unit.
    pub co_unit_ids: Vec<UnitId>,
    /// Regions (县区) that carry a share of the item.
    pub region_ids: Vec<UnitId>,
    /// The responsible leader (责任领导), by name and post.
    pub leader: Option<String>,
}

impl Item {
    /// Units that owe reports on this item: the lead unit, the co-units and the regions.
    pub fn responsible_units(&self) -> impl Iterator<Item = UnitId> + '_ {
        std::iter::once(self.lead_unit_id)
            .chain(self.co_unit_ids.iter().copied())
            .chain(self.region_ids.iter().copied())
    }
}

/// The fields an item is made of, validated (ids are checked against the store later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFields {
    pub area_id: AreaId,
    pub number: i64,
    pub title: String,
    pub lead_unit_id: UnitId,
    pub co_unit_ids: Vec<UnitId>,
    pub region_ids: Vec<UnitId>,
    pub leader: Option<String>,
    /// 计划投资, 万元; set by the office with the plan's structure (none from `parse`).
    pub planned_investment: Option<Decimal>,
}

impl ItemFields {
    pub fn parse(
        area_id: AreaId,
        number: i64,
        title: &str,
        lead_unit_id: UnitId,
        co_unit_ids: Vec<UnitId>,
        region_ids: Vec<UnitId>,
        leader: Option<&str>,
    ) -> Result<ItemFields, Invalid> {
        let mut bad = Invalid::default();
        let number = bad.take(parse_seq("number", number));
        let title = bad.take(text::required("title", title, 500));
        let leader = bad.take(text::optional("leader", leader, 100));
        bad.take(distinct("co_unit_ids", &co_unit_ids));
        bad.take(distinct("region_ids", &region_ids));
        if co_unit_ids.contains(&lead_unit_id) {
            bad.push(FieldError::new(
                "co_unit_ids",
                "contains_lead_unit",
                "责任单位不能包含牵头单位",
                "co-responsible units must not include the lead unit",
            ));
        }
        match (number, title, leader) {
            (Some(number), Some(title), Some(leader)) if bad.is_empty() => Ok(ItemFields {
                area_id,
                number,
                title,
                lead_unit_id,
                co_unit_ids,
                region_ids,
                leader,
                planned_investment: None,
            }),
            _ => Err(bad),
        }
    }
}

/// A planned investment as entered: not negative (万元).
pub fn planned_investment(v: Option<Decimal>) -> Result<Option<Decimal>, FieldError> {
    match v {
        Some(d) if d < Decimal::ZERO => Err(FieldError::new(
            "planned_investment",
            "negative",
            "计划投资不能为负数",
            "the planned investment cannot be negative",
        )),
        _ => Ok(v),
    }
}

pub fn distinct<T: PartialEq>(field: &str, v: &[T]) -> Result<(), FieldError> {
    let dup = v.iter().enumerate().any(|(i, a)| v[..i].contains(a));
    if dup {
        Err(FieldError::new(
            field,
            "duplicate",
            "不能重复",
            "must not repeat",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_planned_investment_may_be_absent_or_zero_but_never_negative() {
        assert_eq!(planned_investment(None), Ok(None));
        assert_eq!(
            planned_investment(Some(Decimal::ZERO)),
            Ok(Some(Decimal::ZERO))
        );
        let e = planned_investment(Decimal::parse("-0.5")).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("planned_investment", "negative")
        );
    }
}

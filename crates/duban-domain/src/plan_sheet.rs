//! 计划结构 as a workbook: a plan's areas, items, indicators (kind, unit, target,
//! stages, quarterly plan) and regional split, exported as four sheets and read back.
//! The export defines the layout, so that exporting a plan and importing the file into
//! an empty plan gives the same structure.
//!
//! Rows are matched by stable keys — an area by its 序号, an item by its number, an
//! indicator by its item's number and its own 序号, a regional target by those and the
//! region — so importing a file again updates what it names and creates nothing twice.
//! Units are written by name and read by name or code. Reading checks everything and
//! collects every error by sheet, row and column, in Chinese and English; the
//! structure comes back only when there is none.

use std::collections::HashMap;

use crate::decimal::Decimal;
use crate::ids::{AreaId, UnitId};
use crate::indicator::{Indicator, IndicatorFields, IndicatorKind, QuarterlyPlan, RegionTarget};
use crate::plan::{Area, Item};
use crate::sheet::{Cell, Column, HeaderCell, Sheet, Workbook};
use crate::template::{ImportError, ReadSheet};
use crate::unit::Unit;

/// The sheets, in order, and their headings.
pub const AREAS: &str = "领域";
pub const ITEMS: &str = "实事";
pub const INDICATORS: &str = "指标";
pub const SPLIT: &str = "分解";
const AREA_HEADS: [&str; 2] = ["序号", "领域"];
const ITEM_HEADS: [&str; 7] = [
    "序号",
    "领域序号",
    "实事",
    "牵头单位",
    "责任单位",
    "涉及地区",
    "责任领导",
];
const INDICATOR_HEADS: [&str; 13] = [
    "实事序号",
    "指标序号",
    "指标",
    "类型",
    "计量单位",
    "目标",
    "基数",
    "小数位",
    "阶段",
    "一季度",
    "二季度",
    "三季度",
    "四季度",
];
const SPLIT_HEADS: [&str; 4] = ["实事序号", "指标序号", "地区", "目标"];
/// Lists of units and of stages are written with this between names.
const SEP: &str = "、";

/// An area as the file has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaRow {
    pub seq: i64,
    pub title: String,
}

/// An item as the file has it: its area by 序号.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub number: i64,
    pub area_seq: i64,
    pub title: String,
    pub lead_unit_id: UnitId,
    pub co_unit_ids: Vec<UnitId>,
    pub region_ids: Vec<UnitId>,
    pub leader: Option<String>,
}

/// An indicator as the file has it: its item by number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorRow {
    pub item_number: i64,
    pub fields: IndicatorFields,
}

/// A plan's structure, keyed as the file keys it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanStructure {
    pub areas: Vec<AreaRow>,
    pub items: Vec<ItemRow>,
    pub indicators: Vec<IndicatorRow>,
}

impl PlanStructure {
    /// The structure of a stored plan.
    pub fn of(areas: &[Area], items: &[Item], indicators: &[Indicator]) -> PlanStructure {
        let area_seq: HashMap<AreaId, i64> = areas.iter().map(|a| (a.id, a.seq)).collect();
        let number: HashMap<_, i64> = items.iter().map(|i| (i.id, i.number)).collect();
        let mut s = PlanStructure {
            areas: areas
                .iter()
                .map(|a| AreaRow {
                    seq: a.seq,
                    title: a.title.clone(),
                })
                .collect(),
            items: items
                .iter()
                .map(|i| ItemRow {
                    number: i.number,
                    area_seq: area_seq.get(&i.area_id).copied().unwrap_or(0),
                    title: i.title.clone(),
                    lead_unit_id: i.lead_unit_id,
                    co_unit_ids: i.co_unit_ids.clone(),
                    region_ids: i.region_ids.clone(),
                    leader: i.leader.clone(),
                })
                .collect(),
            indicators: indicators
                .iter()
                .filter_map(|x| {
                    Some(IndicatorRow {
                        item_number: *number.get(&x.item_id)?,
                        fields: IndicatorFields {
                            seq: x.seq,
                            name: x.name.clone(),
                            kind: x.kind,
                            unit: x.unit.clone(),
                            target: x.target,
                            baseline: x.baseline,
                            decimals: x.decimals,
                            stages: x.stages.clone(),
                            regions: x.regions.clone(),
                            quarterly: x.quarterly,
                        },
                    })
                })
                .collect(),
        };
        s.sort();
        s
    }

    /// Areas, items and indicators in key order, as the file lists them.
    fn sort(&mut self) {
        self.areas.sort_by_key(|a| a.seq);
        self.items.sort_by_key(|i| i.number);
        self.indicators
            .sort_by_key(|x| (x.item_number, x.fields.seq));
    }
}

/// A kind as the file names it.
pub fn kind_label(k: IndicatorKind) -> &'static str {
    match k {
        IndicatorKind::Cumulative => "累计值",
        IndicatorKind::Ceiling => "控制上限",
        IndicatorKind::Rate => "比率",
        IndicatorKind::Stage => "阶段",
        IndicatorKind::Qualitative => "定性",
    }
}

fn kind_of(s: &str) -> Option<IndicatorKind> {
    IndicatorKind::ALL
        .into_iter()
        .find(|k| kind_label(*k) == s || k.as_str() == s)
}

/// A value with the fractional digits it needs, so that it reads back exactly.
fn exact(v: Decimal) -> Cell {
    let mut s = v.scaled().rem_euclid(crate::decimal::SCALE);
    let mut d = if s == 0 { 0 } else { 4 };
    while s != 0 && s % 10 == 0 {
        s /= 10;
        d -= 1;
    }
    Cell::number(v, d)
}

fn opt(v: Option<Decimal>) -> Cell {
    v.map_or(Cell::Empty, exact)
}

fn int(v: i64) -> Cell {
    Cell::number(Decimal::from_int(v), 0)
}

fn sheet(name: &str, title: String, heads: &[&str], widths: &[u16]) -> Sheet {
    let columns = widths
        .iter()
        .map(|&width| Column {
            width,
            hidden: false,
        })
        .collect();
    let mut s = Sheet::new(name, title, columns);
    s.header = heads
        .iter()
        .enumerate()
        .map(|(c, t)| HeaderCell {
            row: 0,
            col: c as u16,
            rows: 1,
            cols: 1,
            text: (*t).to_string(),
        })
        .collect();
    s
}

/// The plan's structure as a workbook of four sheets: 领域, 实事, 指标, 分解.
pub fn plan_workbook(title: &str, s: &PlanStructure, units: &[Unit]) -> Workbook {
    let name = |id: &UnitId| {
        units
            .iter()
            .find(|u| u.id == *id)
            .map_or_else(|| id.0.to_string(), |u| u.name.clone())
    };
    let names = |ids: &[UnitId]| ids.iter().map(name).collect::<Vec<_>>().join(SEP);
    let mut areas = sheet(AREAS, format!("{title}·领域"), &AREA_HEADS, &[6, 30]);
    areas.rows = s
        .areas
        .iter()
        .map(|a| vec![int(a.seq), Cell::text(a.title.clone())])
        .collect();
    let mut items = sheet(
        ITEMS,
        format!("{title}·实事"),
        &ITEM_HEADS,
        &[6, 8, 40, 20, 30, 30, 20],
    );
    items.rows = s
        .items
        .iter()
        .map(|i| {
            vec![
                int(i.number),
                int(i.area_seq),
                Cell::text(i.title.clone()),
                Cell::text(name(&i.lead_unit_id)),
                Cell::text(names(&i.co_unit_ids)),
                Cell::text(names(&i.region_ids)),
                i.leader.clone().map_or(Cell::Empty, Cell::text),
            ]
        })
        .collect();
    let mut indicators = sheet(
        INDICATORS,
        format!("{title}·指标"),
        &INDICATOR_HEADS,
        &[8, 8, 30, 10, 8, 10, 10, 6, 30, 10, 10, 10, 10],
    );
    let mut split = sheet(
        SPLIT,
        format!("{title}·区域分解"),
        &SPLIT_HEADS,
        &[8, 8, 14, 10],
    );
    for x in &s.indicators {
        let f = &x.fields;
        let mut row = vec![
            int(x.item_number),
            int(f.seq),
            Cell::text(f.name.clone()),
            Cell::text(kind_label(f.kind)),
            Cell::text(f.unit.clone()),
            opt(f.target),
            opt(f.baseline),
            int(i64::from(f.decimals)),
            Cell::text(f.stages.join(SEP)),
        ];
        match f.quarterly {
            Some(QuarterlyPlan(q)) => row.extend(q.map(exact)),
            None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]),
        }
        indicators.rows.push(row);
        for r in &f.regions {
            split.rows.push(vec![
                int(x.item_number),
                int(f.seq),
                Cell::text(name(&r.region_id)),
                opt(r.target),
            ]);
        }
    }
    Workbook {
        file_stem: format!("{title}-计划结构"),
        sheets: vec![areas, items, indicators, split],
    }
}

/// What importing a structure does to each row: create what is new, update what
/// differs; rows the file does not name are left as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    pub areas: Vec<(i64, Action)>,
    pub items: Vec<(i64, Action)>,
    pub indicators: Vec<((i64, i64), Action)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Unchanged,
}

impl Changes {
    /// Nothing would be created or updated.
    pub fn is_empty(&self) -> bool {
        self.areas
            .iter()
            .map(|x| x.1)
            .chain(self.items.iter().map(|x| x.1))
            .chain(self.indicators.iter().map(|x| x.1))
            .all(|a| a == Action::Unchanged)
    }
}

/// What importing `new` over `current` changes, row by row.
pub fn changes(current: &PlanStructure, new: &PlanStructure) -> Changes {
    fn act<T: PartialEq>(old: Option<&T>, new: &T) -> Action {
        match old {
            None => Action::Create,
            Some(o) if o == new => Action::Unchanged,
            Some(_) => Action::Update,
        }
    }
    Changes {
        areas: new
            .areas
            .iter()
            .map(|a| (a.seq, act(current.areas.iter().find(|c| c.seq == a.seq), a)))
            .collect(),
        items: new
            .items
            .iter()
            .map(|i| {
                (
                    i.number,
                    act(current.items.iter().find(|c| c.number == i.number), i),
                )
            })
            .collect(),
        indicators: new
            .indicators
            .iter()
            .map(|x| {
                let key = (x.item_number, x.fields.seq);
                let old = current
                    .indicators
                    .iter()
                    .find(|c| (c.item_number, c.fields.seq) == key);
                (key, act(old, x))
            })
            .collect(),
    }
}

mod read;
pub use read::read_plan;

#[cfg(test)]
mod tests;

//! The ledger's tables as offices publish and exchange them: the completion table
//! (完成情况表), the item ledger (台账) and the responsibility table (责任分工表).
//!
//! Every figure is read off an evaluated [`Ledger`], so the tables show exactly what the
//! pages and the bulletin show; nothing is judged here a second time.

use std::collections::HashMap;

use crate::decimal::Decimal;
use crate::ids::UnitId;
use crate::indicator::{Indicator, IndicatorKind};
use crate::ledger::Ledger;
use crate::period::Period;
use crate::plan::{Area, Item, Plan};
use crate::sheet::{Cell, Column, HeaderCell, Sheet, Workbook};
use crate::status::{Progress, Status};
use crate::unit::{Unit, UnitKind};

/// The plan whose tables are drawn, with the units they name.
#[derive(Debug, Clone, Copy)]
pub struct PlanData<'a> {
    pub plan: &'a Plan,
    pub areas: &'a [Area],
    pub items: &'a [Item],
    pub indicators: &'a [Indicator],
    pub units: &'a [Unit],
}

/// The printed label of the row for the whole city in the completion table.
pub const CITY_ROW: &str = "全市";

impl<'a> PlanData<'a> {
    /// Indicators in the plan's printed order: by area, item number, then their own order.
    pub fn ordered(&self) -> Vec<(&'a Item, &'a Indicator)> {
        let area_seq: HashMap<_, _> = self.areas.iter().map(|a| (a.id, a.seq)).collect();
        let mut items: Vec<&Item> = self.items.iter().collect();
        items.sort_by_key(|i| (area_seq.get(&i.area_id).copied(), i.number, i.id));
        let mut out = Vec::new();
        for item in items {
            let mut inds: Vec<&Indicator> = self
                .indicators
                .iter()
                .filter(|i| i.item_id == item.id)
                .collect();
            inds.sort_by_key(|i| (i.seq, i.id));
            out.extend(inds.into_iter().map(|i| (item, i)));
        }
        out
    }

    /// The city (the whole), then its regions — 市本级 and each county — in the order
    /// the city prints them. Inactive regions stay when an indicator names them.
    pub fn regions(&self) -> (Option<&'a Unit>, Vec<&'a Unit>) {
        let city = self.units.iter().find(|u| u.kind == UnitKind::City);
        let mut regions: Vec<&Unit> = self
            .units
            .iter()
            .filter(|u| u.kind == UnitKind::Region)
            .filter(|u| u.active || self.indicators.iter().any(|i| i.has_region(u.id)))
            .collect();
        regions.sort_by_key(|u| (u.seq, u.id));
        (city, regions)
    }

    fn unit_name(&self, id: UnitId) -> String {
        self.units
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| format!("#{}", id.0))
    }

    fn area_title(&self, item: &Item) -> String {
        self.areas
            .iter()
            .find(|a| a.id == item.area_id)
            .map(|a| a.title.clone())
            .unwrap_or_default()
    }
}

/// How an indicator kind is named in the tables.
pub fn kind_label(kind: IndicatorKind) -> &'static str {
    match kind {
        IndicatorKind::Cumulative => "累计",
        IndicatorKind::Ceiling => "控制上限",
        IndicatorKind::Rate => "比率",
        IndicatorKind::Stage => "阶段",
        IndicatorKind::Qualitative => "定性",
    }
}

/// A qualitative target's target cell: it has no figure.
pub const QUALITATIVE_TARGET: &str = "定性目标";
/// A ceiling kept or broken: its completion cell, never a ratio.
pub const CEILING_KEPT: &str = "达标";
pub const CEILING_BROKEN: &str = "未达标";

/// The target of one reading as printed: a ceiling as `≤` its figure, a stage as its
/// last stage, a qualitative target as such.
fn target_cell(ind: &Indicator, target: Option<Decimal>) -> Cell {
    match ind.kind {
        IndicatorKind::Qualitative => Cell::text(QUALITATIVE_TARGET),
        IndicatorKind::Stage => ind
            .stages
            .last()
            .map_or(Cell::Empty, |s| Cell::text(s.clone())),
        IndicatorKind::Ceiling => target.map_or(Cell::Empty, |value| Cell::Number {
            value,
            decimals: ind.decimals,
            prefix: "≤",
        }),
        _ => target.map_or(Cell::Empty, |v| Cell::number(v, ind.decimals)),
    }
}

/// A reading's value as printed: a stage by its name, a judgement by its label.
fn value_cell(ind: &Indicator, p: &Progress) -> Cell {
    match ind.kind {
        IndicatorKind::Qualitative => match p.status {
            Status::Unassessed => Cell::Empty,
            s => Cell::text(s.label_zh()),
        },
        IndicatorKind::Stage => p
            .value
            .and_then(|v| usize::try_from(v.scaled() / crate::decimal::SCALE).ok())
            .and_then(|i| ind.stages.get(i))
            .map_or(Cell::Empty, |s| Cell::text(s.clone())),
        _ => p
            .value
            .map_or(Cell::Empty, |v| Cell::number(v, ind.decimals)),
    }
}

/// A reading's completion as printed: a percentage, except for ceilings (kept or
/// broken) and qualitative targets (none).
fn completion_cell(ind: &Indicator, p: &Progress) -> Cell {
    match ind.kind {
        IndicatorKind::Qualitative => Cell::Empty,
        IndicatorKind::Ceiling => match (p.value, p.status) {
            (None, _) | (_, Status::Unassessed) => Cell::Empty,
            (Some(_), Status::Lagging) => Cell::text(CEILING_BROKEN),
            _ => Cell::text(CEILING_KEPT),
        },
        _ => p.completion.map_or(Cell::Empty, Cell::Percent),
    }
}

pub(crate) fn col(width: u16) -> Column {
    Column {
        width,
        hidden: false,
    }
}

pub(crate) fn head(
    row: u16,
    col: u16,
    rows: u16,
    cols: u16,
    text: impl Into<String>,
) -> HeaderCell {
    HeaderCell {
        row,
        col,
        rows,
        cols,
        text: text.into(),
    }
}

/// The file stem of a table: plan title, table, period.
fn stem(plan: &Plan, table: &str, period: Option<&Period>) -> String {
    match period {
        Some(p) => format!("{}-{table}-{}", plan.title, p.label),
        None => format!("{}-{table}", plan.title),
    }
}

/// 完成情况表: one row per region (the city first, then 市本级 and each county), and per
/// indicator the group 目标任务 / 进度 / 完成比例(%), headed by the indicator, its unit
/// and its lead unit.
pub fn completion_table(data: &PlanData<'_>, period: &Period, ledger: &Ledger) -> Workbook {
    let ordered = data.ordered();
    let (_, regions) = data.regions();
    let mut columns = vec![col(12)];
    columns.extend(std::iter::repeat_n(col(11), ordered.len() * 3));
    let title = format!(
        "{}完成情况表(截至{}月{}日)",
        data.plan.title,
        period.cutoff.month(),
        period.cutoff.day()
    );
    let mut sheet = Sheet::new("完成情况表", title, columns);
    sheet.header_rows = 3;
    sheet.freeze_cols = 1;
    sheet.header.push(head(0, 0, 3, 1, "地区"));
    for (n, (item, ind)) in ordered.iter().enumerate() {
        let c = 1 + 3 * n as u16;
        sheet.header.push(head(
            0,
            c,
            1,
            3,
            format!("{}.{}:{}", item.number, item.title, ind.name),
        ));
        let unit = if ind.unit.is_empty() {
            "—"
        } else {
            ind.unit.as_str()
        };
        sheet.header.push(head(
            1,
            c,
            1,
            3,
            format!("单位:{unit};牵头单位:{}", data.unit_name(item.lead_unit_id)),
        ));
        for (k, t) in ["目标任务", "进度", "完成比例(%)"].into_iter().enumerate() {
            sheet.header.push(head(2, c + k as u16, 1, 1, t));
        }
    }
    let mut row = vec![Cell::text(CITY_ROW)];
    for (_, ind) in &ordered {
        match ledger.indicators.get(&ind.id) {
            Some(p) => row.extend([
                target_cell(ind, p.total.target),
                value_cell(ind, &p.total),
                completion_cell(ind, &p.total),
            ]),
            None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
        }
    }
    sheet.rows.push(row);
    for region in regions {
        let mut row = vec![Cell::text(region.name.clone())];
        for (_, ind) in &ordered {
            let rp = ledger
                .indicators
                .get(&ind.id)
                .and_then(|p| p.regions.iter().find(|r| r.region_id == region.id));
            match rp {
                Some(r) => row.extend([
                    target_cell(ind, r.progress.target),
                    value_cell(ind, &r.progress),
                    completion_cell(ind, &r.progress),
                ]),
                None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
            }
        }
        sheet.rows.push(row);
    }
    Workbook {
        file_stem: stem(data.plan, "完成情况表", Some(period)),
        sheets: vec![sheet],
    }
}

/// 台账: one row per item and indicator, with the target, the city-wide value of each
/// period up to the last one given, and the completion and status at the last.
/// `periods` are in time order, each with its ledger.
pub fn item_ledger(data: &PlanData<'_>, periods: &[(&Period, &Ledger)]) -> Workbook {
    let ordered = data.ordered();
    let fixed = ["序号", "方面", "实事", "指标", "类型", "单位", "年度目标"];
    let tail = [
        "完成比例(%)",
        "进度状态",
        "牵头单位",
        "责任单位",
        "责任领导",
    ];
    let np = periods.len() as u16;
    let mut columns: Vec<Column> = [6, 18, 24, 28, 8, 8, 10].into_iter().map(col).collect();
    columns.extend(std::iter::repeat_n(col(10), periods.len()));
    columns.extend([10, 10, 14, 24, 16].into_iter().map(col));
    let last = periods.last().map(|(p, _)| *p);
    let title = match last {
        Some(p) => format!("{}台账(截至{})", data.plan.title, p.cutoff),
        None => format!("{}台账", data.plan.title),
    };
    let mut sheet = Sheet::new("台账", title, columns);
    sheet.header_rows = 2;
    sheet.freeze_cols = 4;
    for (c, t) in fixed.iter().enumerate() {
        sheet.header.push(head(0, c as u16, 2, 1, *t));
    }
    let pc = fixed.len() as u16;
    if np > 0 {
        sheet.header.push(head(0, pc, 1, np, "各期累计进度"));
    }
    for (k, (p, _)) in periods.iter().enumerate() {
        sheet.header.push(head(
            1,
            pc + k as u16,
            1,
            1,
            format!("截至{}月底", p.label.month),
        ));
    }
    for (k, t) in tail.iter().enumerate() {
        sheet.header.push(head(0, pc + np + k as u16, 2, 1, *t));
    }
    for (item, ind) in ordered {
        let mut row = vec![
            Cell::number(Decimal::from_int(item.number), 0),
            Cell::text(data.area_title(item)),
            Cell::text(item.title.clone()),
            Cell::text(ind.name.clone()),
            Cell::text(kind_label(ind.kind)),
            Cell::text(ind.unit.clone()),
            target_cell(ind, crate::rollup::total_target(ind)),
        ];
        for (_, l) in periods {
            row.push(
                l.indicators
                    .get(&ind.id)
                    .map_or(Cell::Empty, |p| value_cell(ind, &p.total)),
            );
        }
        let at_last = last
            .and_then(|_| periods.last())
            .and_then(|(_, l)| l.indicators.get(&ind.id));
        row.push(at_last.map_or(Cell::Empty, |p| completion_cell(ind, &p.total)));
        row.push(at_last.map_or(Cell::Empty, |p| Cell::text(p.total.status.label_zh())));
        row.push(Cell::text(data.unit_name(item.lead_unit_id)));
        row.push(Cell::text(
            item.co_unit_ids
                .iter()
                .map(|u| data.unit_name(*u))
                .collect::<Vec<_>>()
                .join("、"),
        ));
        row.push(Cell::text(item.leader.clone().unwrap_or_default()));
        sheet.rows.push(row);
    }
    Workbook {
        file_stem: stem(data.plan, "台账", last),
        sheets: vec![sheet],
    }
}

/// 责任分工表: one row per indicator with its city-wide target, each region's target
/// (`承担` where a region takes part without a figure of its own), and who answers for it.
pub fn responsibility_table(data: &PlanData<'_>) -> Workbook {
    let ordered = data.ordered();
    let (_, regions) = data.regions();
    let nr = regions.len() as u16;
    let mut columns: Vec<Column> = [6, 24, 28, 8, 10].into_iter().map(col).collect();
    columns.extend(std::iter::repeat_n(col(8), regions.len()));
    columns.extend([14, 24, 16].into_iter().map(col));
    let mut sheet = Sheet::new(
        "责任分工表",
        format!("{}责任分工表", data.plan.title),
        columns,
    );
    sheet.header_rows = 2;
    sheet.freeze_cols = 3;
    for (c, t) in ["序号", "实事", "指标", "单位", "全市目标"]
        .iter()
        .enumerate()
    {
        sheet.header.push(head(0, c as u16, 2, 1, *t));
    }
    if nr > 0 {
        sheet.header.push(head(0, 5, 1, nr, "区域分解目标"));
    }
    for (k, r) in regions.iter().enumerate() {
        sheet
            .header
            .push(head(1, 5 + k as u16, 1, 1, r.name.clone()));
    }
    for (k, t) in ["牵头单位", "责任单位", "责任领导"].iter().enumerate() {
        sheet.header.push(head(0, 5 + nr + k as u16, 2, 1, *t));
    }
    for (item, ind) in ordered {
        let mut row = vec![
            Cell::number(Decimal::from_int(item.number), 0),
            Cell::text(item.title.clone()),
            Cell::text(ind.name.clone()),
            Cell::text(ind.unit.clone()),
            target_cell(ind, crate::rollup::total_target(ind)),
        ];
        for r in &regions {
            row.push(if !ind.has_region(r.id) {
                Cell::Empty
            } else {
                match (ind.kind, ind.region_target(r.id)) {
                    (IndicatorKind::Cumulative | IndicatorKind::Rate, Some(t))
                    | (IndicatorKind::Ceiling, Some(t)) => target_cell(ind, Some(t)),
                    _ => Cell::text("承担"),
                }
            });
        }
        row.push(Cell::text(data.unit_name(item.lead_unit_id)));
        row.push(Cell::text(
            item.co_unit_ids
                .iter()
                .map(|u| data.unit_name(*u))
                .collect::<Vec<_>>()
                .join("、"),
        ));
        row.push(Cell::text(item.leader.clone().unwrap_or_default()));
        sheet.rows.push(row);
    }
    Workbook {
        file_stem: stem(data.plan, "责任分工表", None),
        sheets: vec![sheet],
    }
}

/// Which table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// 完成情况表
    Completion,
    /// 台账
    Ledger,
    /// 责任分工表
    Responsibility,
}

impl TableKind {
    pub const ALL: [TableKind; 3] = [
        TableKind::Completion,
        TableKind::Ledger,
        TableKind::Responsibility,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Completion => "completion",
            TableKind::Ledger => "ledger",
            TableKind::Responsibility => "responsibility",
        }
    }

    pub fn parse(s: &str) -> Option<TableKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            TableKind::Completion => "完成情况表",
            TableKind::Ledger => "台账",
            TableKind::Responsibility => "责任分工表",
        }
    }

    /// Whether the table shows figures of a period (and so needs one).
    pub fn needs_period(self) -> bool {
        self != TableKind::Responsibility
    }
}

/// Everything a table is drawn from, as read from the store: the plan and its units,
/// and its periods up to the one asked for (time order), each with its approved figures.
#[derive(Debug, Clone)]
pub struct TableSource {
    pub plan: Plan,
    pub areas: Vec<Area>,
    pub items: Vec<Item>,
    pub indicators: Vec<Indicator>,
    pub units: Vec<Unit>,
    pub periods: Vec<(Period, Vec<crate::report::Figure>)>,
}

impl TableSource {
    pub fn data(&self) -> PlanData<'_> {
        PlanData {
            plan: &self.plan,
            areas: &self.areas,
            items: &self.items,
            indicators: &self.indicators,
            units: &self.units,
        }
    }

    /// Each period judged from its own approved figures at its own cut-off, as the
    /// pages and the bulletin judge it.
    pub fn ledgers(&self) -> Vec<Ledger> {
        self.periods
            .iter()
            .map(|(p, figures)| {
                crate::ledger::evaluate(
                    &self.plan,
                    &self.areas,
                    &self.items,
                    &self.indicators,
                    p.cutoff,
                    figures,
                )
            })
            .collect()
    }

    /// The table: a period's tables are drawn at the last period held; `None` when such
    /// a table is asked for and the plan has no period.
    pub fn workbook(&self, kind: TableKind) -> Option<Workbook> {
        let data = self.data();
        if !kind.needs_period() {
            return Some(responsibility_table(&data));
        }
        let ledgers = self.ledgers();
        let (period, _) = self.periods.last()?;
        let ledger = ledgers.last()?;
        Some(match kind {
            TableKind::Completion => completion_table(&data, period, ledger),
            _ => {
                let pairs: Vec<(&Period, &Ledger)> =
                    self.periods.iter().map(|(p, _)| p).zip(&ledgers).collect();
                item_ledger(&data, &pairs)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::ids::{AreaId, IndicatorId, ItemId, PeriodId, PlanId};
    use crate::indicator::RegionTarget;
    use crate::period::{FiscalOverview, PeriodLabel, PeriodState};
    use crate::plan::{PlanState, Thresholds};
    use crate::report::{Figure, Reading};

    fn unit(id: i64, name: &str, kind: UnitKind, seq: i64) -> Unit {
        Unit {
            id: UnitId(id),
            code: format!("u{id}"),
            name: name.into(),
            kind,
            parent_id: None,
            seq,
            active: true,
        }
    }

    fn indicator(id: i64, kind: IndicatorKind, target: i64, regions: &[(i64, i64)]) -> Indicator {
        Indicator {
            id: IndicatorId(id),
            item_id: ItemId(1),
            seq: id,
            name: format!("指标{id}"),
            kind,
            unit: "个".into(),
            // 0 stands for no target of its own.
            target: (target != 0).then(|| Decimal::from_int(target)),
            baseline: None,
            decimals: 0,
            stages: vec![],
            regions: regions
                .iter()
                .map(|(r, t)| RegionTarget {
                    region_id: UnitId(*r),
                    target: Some(Decimal::from_int(*t)),
                })
                .collect(),
            quarterly: None,
        }
    }

    #[test]
    fn the_completion_table_puts_the_city_first_and_shows_ceilings_and_qualitative_targets_as_such()
    {
        let source = TableSource {
            plan: Plan {
                id: PlanId(1),
                year: 2019,
                title: "民生实事".into(),
                state: PlanState::Approved,
                thresholds: Thresholds::default(),
            },
            areas: vec![Area {
                id: AreaId(1),
                plan_id: PlanId(1),
                seq: 1,
                title: "方面".into(),
            }],
            items: vec![Item {
                id: ItemId(1),
                plan_id: PlanId(1),
                area_id: AreaId(1),
                number: 1,
                title: "实事".into(),
                lead_unit_id: UnitId(9),
                co_unit_ids: vec![],
                region_ids: vec![],
                leader: None,
            }],
            indicators: vec![
                indicator(1, IndicatorKind::Cumulative, 0, &[(3, 6), (2, 4)]),
                indicator(2, IndicatorKind::Ceiling, 4, &[]),
                indicator(3, IndicatorKind::Qualitative, 0, &[]),
            ],
            units: vec![
                unit(1, "临沂市", UnitKind::City, 0),
                unit(3, "兰山区", UnitKind::Region, 2),
                unit(2, "市本级", UnitKind::Region, 1),
                unit(9, "市教育局", UnitKind::Department, 1),
            ],
            periods: vec![(
                Period {
                    id: PeriodId(1),
                    plan_id: PlanId(1),
                    label: PeriodLabel {
                        year: 2019,
                        month: 5,
                    },
                    cutoff: Date::parse("2019-05-31").unwrap(),
                    deadline: Date::parse("2019-06-05").unwrap(),
                    state: PeriodState::Closed,
                    fiscal: FiscalOverview::default(),
                },
                vec![
                    Figure {
                        indicator_id: IndicatorId(1),
                        region_id: Some(UnitId(2)),
                        reading: Reading::Value(Decimal::from_int(3)),
                    },
                    Figure {
                        indicator_id: IndicatorId(1),
                        region_id: Some(UnitId(3)),
                        reading: Reading::Value(Decimal::from_int(2)),
                    },
                    Figure {
                        indicator_id: IndicatorId(2),
                        region_id: None,
                        reading: Reading::Value(Decimal::from_int(5)),
                    },
                    Figure {
                        indicator_id: IndicatorId(3),
                        region_id: None,
                        reading: Reading::Assessment(Status::OnTrack),
                    },
                ],
            )],
        };
        let book = source.workbook(TableKind::Completion).unwrap();
        let s = &book.sheets[0];
        let printed: Vec<Vec<String>> = s
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::printed).collect())
            .collect();
        let row = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // The city sums its regions: 5 of 10 is 50%; the ceiling of 4 is broken by 5.
        assert_eq!(
            printed[0],
            row(&[
                "全市",
                "10",
                "5",
                "50.0",
                "≤4",
                "5",
                "未达标",
                "定性目标",
                "正常推进",
                ""
            ])
        );
        assert_eq!(printed[1][..4], row(&["市本级", "4", "3", "75.0"]));
        assert_eq!(printed[2][..4], row(&["兰山区", "6", "2", "33.3"]));
        assert_eq!(s.header_grid()[1][1], "单位:个;牵头单位:市教育局");
        assert_eq!(book.file_stem, "民生实事-完成情况表-2019-05");
    }
}

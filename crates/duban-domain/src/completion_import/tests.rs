use super::*;
use crate::date::Date;
use crate::ids::{AreaId, PeriodId, PlanId};
use crate::indicator::RegionTarget;
use crate::ledger::{Ledger, evaluate};
use crate::period::{FiscalOverview, Period, PeriodLabel, PeriodState};
use crate::plan::{Area, Plan, PlanState, Thresholds};
use crate::status::Status;
use crate::tables::completion_table;
use crate::unit::UnitKind;

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

fn indicator(
    id: i64,
    kind: IndicatorKind,
    target: Option<i64>,
    regions: &[(i64, i64)],
) -> Indicator {
    Indicator {
        id: IndicatorId(id),
        item_id: ItemId(1),
        seq: id,
        name: format!("指标{id}"),
        kind,
        unit: "个".into(),
        target: target.map(Decimal::from_int),
        baseline: None,
        decimals: 0,
        stages: if kind == IndicatorKind::Stage {
            vec!["立项".into(), "施工".into(), "完工".into()]
        } else {
            vec![]
        },
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

/// A plan of one item led by unit 9 over 市本级 (2) and 兰山区 (3): a cumulative
/// indicator split over both, a ceiling, a qualitative target and a stage indicator.
struct Fixture {
    plan: Plan,
    areas: Vec<Area>,
    items: Vec<Item>,
    indicators: Vec<Indicator>,
    units: Vec<Unit>,
    period: Period,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture {
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
                region_ids: vec![UnitId(2), UnitId(3)],
                leader: None,
            }],
            indicators: vec![
                indicator(1, IndicatorKind::Cumulative, None, &[(3, 6), (2, 4)]),
                indicator(2, IndicatorKind::Ceiling, Some(4), &[]),
                indicator(3, IndicatorKind::Qualitative, None, &[]),
                indicator(4, IndicatorKind::Stage, None, &[]),
            ],
            units: vec![
                unit(1, "临沂市", UnitKind::City, 0),
                unit(3, "兰山区", UnitKind::Region, 2),
                unit(2, "市本级", UnitKind::Region, 1),
                unit(4, "河东区", UnitKind::Region, 3),
                unit(9, "市教育局", UnitKind::Department, 1),
            ],
            period: Period {
                id: PeriodId(1),
                plan_id: PlanId(1),
                label: PeriodLabel {
                    year: 2019,
                    month: 5,
                },
                cutoff: Date::parse("2019-05-31").unwrap(),
                deadline: Date::parse("2019-06-05").unwrap(),
                state: PeriodState::Open,
                fiscal: FiscalOverview::default(),
            },
        }
    }

    fn data(&self) -> PlanData<'_> {
        PlanData {
            plan: &self.plan,
            areas: &self.areas,
            items: &self.items,
            indicators: &self.indicators,
            units: &self.units,
        }
    }

    fn ledger(&self) -> Ledger {
        let f = |ind: i64, region: Option<i64>, reading| Figure {
            indicator_id: IndicatorId(ind),
            region_id: region.map(UnitId),
            reading,
        };
        let figures = vec![
            f(1, Some(2), Reading::Value(Decimal::from_int(3))),
            f(1, Some(3), Reading::Value(Decimal::from_int(2))),
            f(2, None, Reading::Value(Decimal::from_int(5))),
            f(3, None, Reading::Assessment(Status::OnTrack)),
            f(4, None, Reading::Stage(1)),
        ];
        evaluate(
            &self.plan,
            &self.areas,
            &self.items,
            &self.indicators,
            self.period.cutoff,
            &figures,
        )
    }

    fn shown(&self) -> Sheet {
        completion_table(&self.data(), &self.period, &self.ledger())
            .sheets
            .remove(0)
    }

    fn read(&self, sheet: &ReadSheet) -> Result<Vec<CompletionValue>, Vec<ImportError>> {
        let shown = self.shown();
        read_completion(
            sheet,
            &Expect {
                data: self.data(),
                shown: &shown,
            },
        )
    }
}

/// The exported sheet as a reader sees the xlsx: the title, the header grid, the data.
fn as_read(s: &Sheet) -> ReadSheet {
    let mut rows = vec![vec![ReadCell::Text(s.title.clone())]];
    for h in s.header_grid() {
        rows.push(
            h.into_iter()
                .map(|t| {
                    if t.is_empty() {
                        ReadCell::Empty
                    } else {
                        ReadCell::Text(t)
                    }
                })
                .collect(),
        );
    }
    for r in &s.rows {
        rows.push(
            r.iter()
                .map(|c| match c {
                    Cell::Empty => ReadCell::Empty,
                    Cell::Text(t) => ReadCell::Text(t.clone()),
                    Cell::Number { value, .. } => ReadCell::Number(value.to_f64()),
                    Cell::Percent(p) => ReadCell::Number(p.to_f64()),
                })
                .collect(),
        );
    }
    ReadSheet {
        name: SHEET.into(),
        rows,
        merged: vec![(0, 0, 0, 12), (1, 1, 1, 3)],
    }
}

/// Row of 全市, 市本级, 兰山区, 河东区 in the read sheet; the 进度 column of indicator n (0-based).
const CITY: usize = 4;
const SHIBENJI: usize = 5;
const LANSHAN: usize = 6;
const HEDONG: usize = 7;
fn value_col(n: usize) -> usize {
    2 + 3 * n
}

fn errors(
    r: Result<Vec<CompletionValue>, Vec<ImportError>>,
) -> Vec<(String, &'static str, String, String)> {
    r.expect_err("errors")
        .into_iter()
        .map(|e| (e.place(), e.code, e.zh, e.en))
        .collect()
}

#[test]
fn a_completion_table_read_back_as_exported_changes_nothing() {
    let fx = Fixture::new();
    let read = as_read(&fx.shown());
    assert_eq!(fx.read(&read), Ok(vec![]));
}

#[test]
fn changed_progress_cells_become_exactly_those_figures_of_the_lead_unit_or_the_region() {
    let fx = Fixture::new();
    let mut read = as_read(&fx.shown());
    read.rows[LANSHAN][value_col(0)] = ReadCell::Number(4.0);
    read.rows[CITY][value_col(1)] = ReadCell::Text("3.5".into());
    read.rows[CITY][value_col(2)] = ReadCell::Text("已完成".into());
    read.rows[CITY][value_col(3)] = ReadCell::Text("完工".into());
    // Targets and ratios are computed: changed, they are ignored.
    read.rows[CITY][1] = ReadCell::Number(99.0);
    read.rows[SHIBENJI][value_col(0) + 1] = ReadCell::Number(12.0);
    let got = fx.read(&read).expect("values");
    let short: Vec<(String, UnitId, Option<UnitId>, Reading)> = got
        .iter()
        .map(|v| (v.place(), v.unit_id, v.figure.region_id, v.figure.reading))
        .collect();
    assert_eq!(
        short,
        vec![
            (
                "完成情况表!C7".into(),
                UnitId(3),
                Some(UnitId(3)),
                Reading::Value(Decimal::from_int(4))
            ),
            (
                "完成情况表!F5".into(),
                UnitId(9),
                None,
                Reading::Value(Decimal::parse("3.5").unwrap())
            ),
            (
                "完成情况表!I5".into(),
                UnitId(9),
                None,
                Reading::Assessment(Status::Done)
            ),
            ("完成情况表!L5".into(), UnitId(9), None, Reading::Stage(2)),
        ]
    );
}

#[test]
fn the_city_total_of_an_indicator_split_over_regions_is_their_sum_and_is_not_read() {
    let fx = Fixture::new();
    let mut read = as_read(&fx.shown());
    read.rows[CITY][value_col(0)] = ReadCell::Number(42.0);
    assert_eq!(fx.read(&read), Ok(vec![]));
    // With no region's value in the table, it is the lead unit's city-wide figure.
    read.rows[SHIBENJI][value_col(0)] = ReadCell::Empty;
    read.rows[LANSHAN][value_col(0)] = ReadCell::Empty;
    let got = fx.read(&read).expect("values");
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].unit_id, got[0].figure.region_id), (UnitId(9), None));
}

#[test]
fn columns_may_be_left_out_or_moved_and_are_found_by_their_heading() {
    let fx = Fixture::new();
    let mut read = as_read(&fx.shown());
    // Keep only the ceiling's group, moved to the first columns.
    for row in &mut read.rows {
        let ceiling: Vec<ReadCell> = row.get(4..7).map(<[_]>::to_vec).unwrap_or_default();
        row.truncate(1);
        row.extend(ceiling);
    }
    read.rows[CITY][2] = ReadCell::Number(3.0);
    let got = fx.read(&read).expect("values");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].place(), "完成情况表!C5");
    assert_eq!(got[0].figure.indicator_id, IndicatorId(2));
}

#[test]
fn every_error_kind_is_placed_with_its_message_in_both_languages() {
    let fx = Fixture::new();
    let mut read = as_read(&fx.shown());
    read.rows[1][10] = ReadCell::Text("1.实事:指标9".into());
    read.rows[CITY][value_col(1)] = ReadCell::Text("五".into());
    read.rows[SHIBENJI][value_col(1)] = ReadCell::Number(2.0);
    read.rows[LANSHAN][value_col(0)] = ReadCell::Formula("C5+1".into());
    read.rows[HEDONG][0] = ReadCell::Text("罗庄区".into());
    let mut dup = read.rows[SHIBENJI].clone();
    dup[value_col(1)] = ReadCell::Empty;
    read.rows.push(dup);
    read.merged.push((8, 3, 9, 3));
    let got = errors(fx.read(&read));
    let want: Vec<(&str, &str, &str, &str)> = vec![
        (
            "完成情况表!K2",
            "unknown_indicator",
            "表头“1.实事:指标9”不是本计划的指标,请使用导出的完成情况表",
            "the heading \"1.实事:指标9\" names no indicator of this plan; use the exported completion table",
        ),
        (
            "完成情况表!F5",
            "wrong_type",
            "“五”不是数字,请填写数字(最多四位小数)",
            "\"五\" is not a number; enter a number (at most four decimals)",
        ),
        (
            "完成情况表!F6",
            "region_not_in_indicator",
            "指标“指标2”未分解到“市本级”",
            "indicator \"指标2\" is not decomposed over \"市本级\"",
        ),
        (
            "完成情况表!C7",
            "formula",
            "不能使用公式(=C5+1),请填写数值",
            "formulas are not taken (=C5+1); enter the value",
        ),
        (
            "完成情况表!A8",
            "unknown_region",
            "地区“罗庄区”不存在,请填写“全市”、市本级或县区的名称",
            "no region \"罗庄区\": name 全市, 市本级 or a county",
        ),
        (
            "完成情况表!A9",
            "duplicate_row",
            "与第6行重复",
            "repeats row 6",
        ),
        (
            "完成情况表!D9",
            "merged_cells",
            "数据行中不能有合并单元格,请取消合并",
            "data rows must not contain merged cells; unmerge them",
        ),
    ];
    let want: Vec<(String, &str, String, String)> = want
        .into_iter()
        .map(|(p, c, z, e)| (p.to_string(), c, z.to_string(), e.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn a_value_the_form_refuses_is_refused_here_with_the_forms_message() {
    let fx = Fixture::new();
    let mut read = as_read(&fx.shown());
    read.rows[CITY][value_col(3)] = ReadCell::Text("验收".into());
    read.rows[CITY][value_col(1)] = ReadCell::Number(-1.0);
    let got = errors(fx.read(&read));
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|e| e.1 == "invalid_value"), "{got:?}");
    assert_eq!(got[0].0, "完成情况表!F5");
    assert_eq!(got[1].0, "完成情况表!L5");
}

use super::*;
use crate::ids::{IndicatorId, ItemId, PlanId};
use crate::template::ReadCell;
use crate::unit::UnitKind;

fn unit(id: i64, code: &str, name: &str, kind: UnitKind) -> Unit {
    Unit {
        id: UnitId(id),
        code: code.into(),
        name: name.into(),
        kind,
        parent_id: None,
        seq: id,
        active: true,
    }
}

fn units() -> Vec<Unit> {
    vec![
        unit(1, "hrss", "市人力资源社会保障局", UnitKind::Department),
        unit(2, "health", "市卫生健康委", UnitKind::Department),
        unit(3, "lanshan", "兰山区", UnitKind::Region),
        unit(4, "luozhuang", "罗庄区", UnitKind::Region),
        unit(5, "yishui", "沂水县", UnitKind::Region),
    ]
}

fn d(s: &str) -> Decimal {
    Decimal::parse(s).expect("decimal")
}

fn indicator(id: i64, item: i64, seq: i64, name: &str, kind: IndicatorKind) -> Indicator {
    Indicator {
        id: IndicatorId(id),
        item_id: ItemId(item),
        seq,
        name: name.into(),
        kind,
        unit: String::new(),
        target: None,
        baseline: None,
        decimals: 0,
        stages: Vec::new(),
        regions: Vec::new(),
        quarterly: None,
    }
}

/// A plan of two areas and two items: jobs (split over two regions, with a quarterly
/// plan, a stage indicator and a qualitative one) and roads (city-wide).
fn plan() -> PlanStructure {
    let areas = vec![
        Area {
            id: AreaId(10),
            plan_id: PlanId(1),
            seq: 1,
            title: "就业和社会保障".into(),
        },
        Area {
            id: AreaId(11),
            plan_id: PlanId(1),
            seq: 2,
            title: "城乡基础设施".into(),
        },
    ];
    let items = vec![
        Item {
            id: ItemId(20),
            plan_id: PlanId(1),
            area_id: AreaId(10),
            number: 1,
            title: "稳定和扩大就业".into(),
            lead_unit_id: UnitId(1),
            co_unit_ids: vec![UnitId(2)],
            region_ids: vec![UnitId(3), UnitId(4)],
            leader: Some("张三 副市长".into()),
        },
        Item {
            id: ItemId(21),
            plan_id: PlanId(1),
            area_id: AreaId(11),
            number: 2,
            title: "农村公路".into(),
            lead_unit_id: UnitId(2),
            co_unit_ids: vec![],
            region_ids: vec![],
            leader: None,
        },
    ];
    let mut jobs = indicator(30, 20, 1, "城镇新增就业", IndicatorKind::Cumulative);
    jobs.unit = "万人".into();
    jobs.target = Some(d("5.01"));
    jobs.decimals = 2;
    jobs.regions = vec![
        RegionTarget {
            region_id: UnitId(3),
            target: Some(d("2.5")),
        },
        RegionTarget {
            region_id: UnitId(4),
            target: Some(d("2.51")),
        },
    ];
    jobs.quarterly = Some(QuarterlyPlan([d("1.2"), d("2.5"), d("3.8"), d("5.01")]));
    let mut schools = indicator(31, 20, 2, "培训基地建设", IndicatorKind::Stage);
    schools.stages = vec!["规划设计".into(), "在建".into(), "已完成".into()];
    let care = indicator(32, 20, 3, "困难群众应补尽补", IndicatorKind::Qualitative);
    let mut roads = indicator(33, 21, 1, "新改建农村公路", IndicatorKind::Cumulative);
    roads.unit = "公里".into();
    roads.target = Some(d("239.1"));
    roads.decimals = 1;
    PlanStructure::of(&areas, &items, &[roads, jobs, schools, care])
}

/// The workbook as a reader of the xlsx sees it: each printed number a number.
fn as_read(book: &Workbook) -> Vec<ReadSheet> {
    book.sheets
        .iter()
        .map(|s| {
            let mut rows = vec![vec![ReadCell::Text(s.title.clone())]];
            rows.extend(
                s.header_grid()
                    .into_iter()
                    .map(|r| r.into_iter().map(ReadCell::Text).collect()),
            );
            rows.extend(s.rows.iter().map(|r| {
                r.iter()
                    .map(|c| match c {
                        Cell::Empty => ReadCell::Empty,
                        Cell::Text(t) if t.is_empty() => ReadCell::Empty,
                        Cell::Text(t) => ReadCell::Text(t.clone()),
                        other => ReadCell::Number(other.printed().parse().expect("number")),
                    })
                    .collect()
            }));
            ReadSheet {
                name: s.name.clone(),
                rows,
                merged: Vec::new(),
            }
        })
        .collect()
}

fn exported() -> Vec<ReadSheet> {
    as_read(&plan_workbook("2019年民生实事", &plan(), &units()))
}

fn sheet_mut<'a>(sheets: &'a mut [ReadSheet], name: &str) -> &'a mut ReadSheet {
    sheets.iter_mut().find(|s| s.name == name).expect("sheet")
}

/// The errors of reading `sheets`, as (place, Chinese message).
fn errors(sheets: &[ReadSheet]) -> Vec<(String, String)> {
    read_plan(sheets, &units())
        .expect_err("refused")
        .into_iter()
        .map(|e| (e.place(), e.zh))
        .collect()
}

#[test]
fn an_exported_plan_structure_reads_back_as_the_same_structure() {
    let read = read_plan(&exported(), &units()).expect("reads");
    assert_eq!(read, plan());
    assert_eq!(read.indicators.len(), 4);
    assert_eq!(read.indicators[0].fields.regions.len(), 2);
}

#[test]
fn the_export_has_four_sheets_with_units_by_name_and_kinds_in_chinese() {
    let book = plan_workbook("2019年民生实事", &plan(), &units());
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, [AREAS, ITEMS, INDICATORS, SPLIT]);
    let items = &book.sheets[1].rows[0];
    assert_eq!(items[3], Cell::text("市人力资源社会保障局"));
    assert_eq!(items[5], Cell::text("兰山区、罗庄区"));
    assert_eq!(book.sheets[2].rows[1][3], Cell::text("阶段"));
    assert_eq!(book.sheets[3].rows.len(), 2);
}

#[test]
fn importing_the_same_structure_again_changes_nothing() {
    let read = read_plan(&exported(), &units()).expect("reads");
    let c = changes(&plan(), &read);
    assert!(c.is_empty(), "{c:?}");
    // Into an empty plan everything is new.
    let fresh = changes(&PlanStructure::default(), &read);
    assert!(fresh.areas.iter().all(|a| a.1 == Action::Create));
    assert_eq!(fresh.indicators.len(), 4);
}

#[test]
fn a_changed_target_updates_its_indicator_and_a_new_item_is_created() {
    let mut sheets = exported();
    // 指标 row 3 is item 1's first indicator: its target (F) changes.
    sheet_mut(&mut sheets, INDICATORS).rows[2][5] = ReadCell::Number(6.0);
    let items = sheet_mut(&mut sheets, ITEMS);
    let mut new = items.rows[3].clone();
    new[0] = ReadCell::Number(3.0);
    new[2] = ReadCell::Text("城乡供水".into());
    items.rows.push(new);
    // A target of 6 no longer adds up to the regions' 5.01, nor meets the fourth
    // quarter's plan: the domain's rules apply, at their columns.
    let bad = errors(&sheets);
    let places: Vec<&str> = bad.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(places, ["指标!F3", "指标!J3"], "{bad:?}");
    sheet_mut(&mut sheets, INDICATORS).rows[2][5] = ReadCell::Number(5.01);
    sheet_mut(&mut sheets, INDICATORS).rows[2][2] = ReadCell::Text("城镇新增就业人数".into());
    let read = read_plan(&sheets, &units()).expect("reads");
    let c = changes(&plan(), &read);
    assert_eq!(c.items.last(), Some(&(3, Action::Create)));
    assert_eq!(c.indicators[0], ((1, 1), Action::Update));
    assert!(c.indicators[1..].iter().all(|x| x.1 == Action::Unchanged));
}

#[test]
fn each_kind_of_error_is_placed_with_its_message_and_nothing_is_returned() {
    type Case = (
        &'static str,
        fn(&mut Vec<ReadSheet>),
        &'static str,
        &'static str,
    );
    let cases: [Case; 8] = [
        (
            "unknown unit",
            |s| sheet_mut(s, ITEMS).rows[2][3] = ReadCell::Text("市财政局".into()),
            "实事!D3",
            "单位“市财政局”不存在",
        ),
        (
            "wrong type",
            |s| sheet_mut(s, INDICATORS).rows[2][5] = ReadCell::Text("很多".into()),
            "指标!F3",
            "“目标”的值“很多”不是数字",
        ),
        (
            "unknown kind",
            |s| sheet_mut(s, INDICATORS).rows[2][3] = ReadCell::Text("数量".into()),
            "指标!D3",
            "“类型”的值“数量”不是指标类型",
        ),
        (
            "missing required cell",
            |s| sheet_mut(s, ITEMS).rows[2][2] = ReadCell::Empty,
            "实事!C3",
            "缺少必填的“实事”",
        ),
        (
            "duplicate row",
            |s| {
                let a = sheet_mut(s, AREAS);
                let again = a.rows[2].clone();
                a.rows.push(again);
            },
            "领域!A5",
            "与第3行重复",
        ),
        (
            "a region the item does not have",
            |s| sheet_mut(s, SPLIT).rows[2][2] = ReadCell::Text("沂水县".into()),
            "分解!C3",
            "第1项不涉及“沂水县”,不能分解到该地区",
        ),
        (
            "formula cell",
            |s| sheet_mut(s, INDICATORS).rows[2][5] = ReadCell::Formula("2+3".into()),
            "指标!F3",
            "不能使用公式(=2+3),请填写数值",
        ),
        (
            "merged cells in data rows",
            |s| sheet_mut(s, ITEMS).merged.push((2, 4, 3, 4)),
            "实事!E3",
            "数据行中不能有合并单元格,请取消合并",
        ),
    ];
    for (what, spoil, place, message) in cases {
        let mut sheets = exported();
        spoil(&mut sheets);
        let bad = errors(&sheets);
        assert!(
            bad.iter()
                .any(|(p, m)| p == place && m.starts_with(message)),
            "{what}: {bad:?}"
        );
    }
    // A missing sheet is named.
    let mut sheets = exported();
    sheets.retain(|s| s.name != SPLIT);
    assert_eq!(
        errors(&sheets),
        [(
            "分解!A1".to_string(),
            "工作簿中没有“分解”工作表,请使用导出的计划结构表".to_string()
        )]
    );
}

#[test]
fn errors_come_in_both_languages() {
    let mut sheets = exported();
    sheet_mut(&mut sheets, ITEMS).rows[2][3] = ReadCell::Text("市财政局".into());
    let e = read_plan(&sheets, &units()).expect_err("refused");
    assert_eq!(e[0].code, "unknown_unit");
    assert_eq!(e[0].en, "no such unit \"市财政局\"");
}

//! Drafting, end to end, on small hand-built plans: the seed's own clauses, headings,
//! sources, the office's edits, determinism.

use std::collections::BTreeMap;

use super::*;
use crate::date::Date;
use crate::decimal::Decimal;
use crate::ids::*;
use crate::indicator::{DEFAULT_STAGES, Indicator, IndicatorKind, RegionTarget};
use crate::ledger::evaluate;
use crate::period::{FiscalOverview, Period, PeriodLabel, PeriodState};
use crate::plan::{Area, Item, Plan, PlanState, Thresholds};
use crate::problem::{Problem, ProblemSource, ProblemState};
use crate::report::{Figure as Reading, Reading as R};
use crate::status::Status;
use crate::unit::{Unit, UnitKind};

// Units: regions 1xx in print order, departments 2xx.
const SHIBENJI: i64 = 101;
const YISHUI: i64 = 107;
const PINGYI: i64 = 110;
const MENGYIN: i64 = 112;
const LINSHU: i64 = 113;
const JIAOYU: i64 = 201;
const FUPIN: i64 = 202;
const RENSHE: i64 = 203;

fn d(s: &str) -> Decimal {
    Decimal::parse(s).unwrap()
}

fn units() -> Vec<Unit> {
    let u = |id: i64, name: &str, kind, seq| Unit {
        id: UnitId(id),
        code: format!("u{id}"),
        name: name.into(),
        kind,
        parent_id: None,
        seq,
        active: true,
    };
    vec![
        u(SHIBENJI, "市本级", UnitKind::Region, 1),
        u(YISHUI, "沂水县", UnitKind::Region, 7),
        u(PINGYI, "平邑县", UnitKind::Region, 10),
        u(MENGYIN, "蒙阴县", UnitKind::Region, 12),
        u(LINSHU, "临沭县", UnitKind::Region, 13),
        u(JIAOYU, "市教育局", UnitKind::Department, 1),
        u(FUPIN, "市扶贫开发领导小组办公室", UnitKind::Department, 2),
        u(RENSHE, "市人力资源和社会保障局", UnitKind::Department, 3),
    ]
}

fn area(id: i64, seq: i64, title: &str) -> Area {
    Area {
        id: AreaId(id),
        plan_id: PlanId(1),
        seq,
        title: title.into(),
    }
}

fn item(id: i64, area: i64, title: &str, lead: i64) -> Item {
    Item {
        id: ItemId(id),
        plan_id: PlanId(1),
        area_id: AreaId(area),
        number: id,
        title: title.into(),
        lead_unit_id: UnitId(lead),
        co_unit_ids: vec![],
        region_ids: vec![],
        leader: None,
    }
}

/// A cumulative count; the indicator id also orders it within its item.
fn count(id: i64, item: i64, name: &str, unit: &str, target: Option<&str>) -> Indicator {
    Indicator {
        id: IndicatorId(id),
        item_id: ItemId(item),
        seq: id,
        name: name.into(),
        kind: IndicatorKind::Cumulative,
        unit: unit.into(),
        target: target.map(d),
        baseline: None,
        decimals: 0,
        stages: vec![],
        regions: vec![],
        quarterly: None,
    }
}

fn by_region(mut ind: Indicator, regions: &[(i64, Option<&str>)]) -> Indicator {
    ind.regions = regions
        .iter()
        .map(|(r, t)| RegionTarget {
            region_id: UnitId(*r),
            target: t.map(d),
        })
        .collect();
    ind
}

fn stage(id: i64, item: i64, name: &str, stages: &[&str], regions: &[i64]) -> Indicator {
    let ind = Indicator {
        kind: IndicatorKind::Stage,
        unit: String::new(),
        stages: stages.iter().map(|s| s.to_string()).collect(),
        ..count(id, item, name, "", None)
    };
    by_region(ind, &regions.iter().map(|r| (*r, None)).collect::<Vec<_>>())
}

fn qualitative(id: i64, item: i64, name: &str) -> Indicator {
    Indicator {
        kind: IndicatorKind::Qualitative,
        unit: String::new(),
        ..count(id, item, name, "", None)
    }
}

/// An approved figure, reported by `unit` in report `id × 10 + region`.
fn approved(ind: i64, region: Option<i64>, reading: R, unit: i64) -> ApprovedFigure {
    let name = units()
        .into_iter()
        .find(|u| u.id == UnitId(unit))
        .map(|u| u.name)
        .unwrap_or_default();
    ApprovedFigure {
        figure: Reading {
            indicator_id: IndicatorId(ind),
            region_id: region.map(UnitId),
            reading,
        },
        source: ReportSource {
            report_id: ReportId(ind * 10 + region.unwrap_or(0)),
            version: 1,
            unit_id: UnitId(unit),
            unit_name: name,
            approver_id: UserId(9),
            approver_name: "王督查".into(),
            approved_at: 1_559_782_800_000,
        },
    }
}

fn value(ind: i64, v: &str, unit: i64) -> ApprovedFigure {
    approved(ind, None, R::Value(d(v)), unit)
}

fn template(ind: i64, s: &str) -> (IndicatorId, IndicatorStyle) {
    (
        IndicatorId(ind),
        IndicatorStyle {
            template: Some(SentenceTemplate::parse(s).unwrap()),
            ..Default::default()
        },
    )
}

fn narrative(item: i64, text: &str, place: NarrativePlace) -> (ItemId, Narrative) {
    (
        ItemId(item),
        Narrative {
            text: text.into(),
            place,
        },
    )
}

/// The input for a plan: the ledger evaluated at the end of May 2019 from `figures`.
fn input(
    areas: Vec<Area>,
    items: Vec<Item>,
    indicators: Vec<Indicator>,
    figures: Vec<ApprovedFigure>,
) -> DraftInput {
    let plan = Plan {
        id: PlanId(1),
        year: 2019,
        title: "2019年20项重点民生实事".into(),
        state: PlanState::Approved,
        thresholds: Thresholds::default(),
    };
    let label = PeriodLabel::parse("2019-05").unwrap();
    let period = Period {
        id: PeriodId(5),
        plan_id: plan.id,
        label,
        cutoff: label.end(),
        deadline: Date::parse("2019-06-05").unwrap(),
        state: PeriodState::Closed,
        fiscal: FiscalOverview {
            spending: Some(d("248.2")),
            growth_pct: Some(d("3.6")),
            share_pct: Some(d("81.4")),
        },
    };
    let readings: Vec<Reading> = figures.iter().map(|f| f.figure).collect();
    let ledger = evaluate(&plan, &areas, &items, &indicators, period.cutoff, &readings);
    DraftInput {
        issue: IssueInfo {
            date: Date::parse("2019-06-20"),
            ..IssueInfo::new(17)
        },
        plan,
        areas,
        items,
        indicators,
        units: units(),
        period,
        ledger,
        figures,
        trend: vec![],
        problems: vec![],
        narratives: BTreeMap::new(),
        styles: BTreeMap::new(),
        previous: None,
        edits: OfficeEdits {
            recommendations: vec!["一是压实工作责任。".into()],
            ..Default::default()
        },
        evaluation: None,
    }
}

/// Four items of the seed's sections (一) and (二), with their May figures.
fn seed() -> DraftInput {
    let schools = [SHIBENJI, YISHUI, PINGYI, MENGYIN, LINSHU];
    let stages = ["未启动", "规划设计", "招标", "装修", "完工", "已完成"];
    let mut i = input(
        vec![
            area(1, 1, "特殊群体关爱服务保障方面"),
            area(2, 2, "扶持就业及社会保障方面"),
        ],
        vec![
            item(1, 1, "特殊教育学校建设", JIAOYU),
            item(2, 1, "控辍保学", JIAOYU),
            item(3, 1, "产业扶贫项目", FUPIN),
            item(5, 2, "稳定和扩大就业", RENSHE),
        ],
        vec![
            by_region(
                count(11, 1, "新建、改扩建特殊教育学校", "处", Some("5")),
                &schools.map(|r| (r, Some("1"))),
            ),
            stage(12, 1, "特殊教育学校建设进度", &stages, &schools),
            count(21, 2, "核查摸排疑似失学辍学儿童", "人", None),
            qualitative(22, 2, "落实安置措施"),
            count(31, 3, "产业扶贫项目方案编制", "个", Some("125")),
            count(32, 3, "产业扶贫项目县级审批完成", "个", None),
            count(51, 5, "新增城镇就业", "人", None),
            count(52, 5, "农村劳动力转移就业", "人", None),
        ],
        vec![
            approved(12, Some(SHIBENJI), R::Stage(1), SHIBENJI),
            approved(12, Some(YISHUI), R::Stage(1), YISHUI),
            approved(12, Some(PINGYI), R::Stage(1), PINGYI),
            approved(12, Some(MENGYIN), R::Stage(3), MENGYIN),
            approved(12, Some(LINSHU), R::Stage(3), LINSHU),
            value(21, "31419", JIAOYU),
            approved(22, None, R::Assessment(Status::Done), JIAOYU),
            value(31, "109", FUPIN),
            value(32, "91", FUPIN),
            value(51, "35000", RENSHE),
            value(52, "42000", RENSHE),
        ],
    );
    i.narratives = BTreeMap::from([
        narrative(2, "保障其接受义务教育的权利", NarrativePlace::After),
        narrative(3, "加大产业扶贫项目推进力度", NarrativePlace::Before),
        narrative(
            5,
            "制定印发《临沂市人民政府关于进一步稳定和扩大就业的实施意见》(临政发〔2019〕4号)",
            NarrativePlace::Before,
        ),
    ]);
    i
}

/// The seed's clauses as templates: each `seed_text` with its figure replaced.
fn seed_templates(i: &mut DraftInput) {
    let wan = NumberStyle::new(Scale::Wan, 1, TrailingZeros::Keep).unwrap();
    i.styles = BTreeMap::from([
        template(11, "2019年计划新建、改扩建{target}处特殊教育学校"),
        template(
            21,
            "对建档立卡贫困家庭儿童、6-14岁残疾儿童、农村留守儿童、贫困低保儿童等疑似失学、辍学的{value}人",
        ),
        template(22, "已核查摸排完毕并落实安置措施"),
        template(
            31,
            "已完成方案编制{value}个,占年度计划实施项目的{completion}%",
        ),
        template(32, "县级审批完成{value}个"),
    ]);
    for (id, s) in [
        (51, "全市新增城镇就业{value}{unit}"),
        (52, "实现农村劳动力转移就业{value}{unit}"),
    ] {
        let (k, mut st) = template(id, s);
        st.number = Some(wan);
        i.styles.insert(k, st);
    }
}

fn passage_text(b: &Bulletin, item: i64) -> String {
    b.progress
        .areas
        .iter()
        .flat_map(|a| &a.passages)
        .find(|p| p.item_id == ItemId(item))
        .map(|p| p.body.plain())
        .unwrap_or_default()
}

#[test]
fn templates_made_from_the_seeds_clauses_reproduce_the_seeds_sentences() {
    let mut i = seed();
    seed_templates(&mut i);
    let b = draft(&i);
    // Verbatim from the seed, section 一.
    assert_eq!(
        passage_text(&b, 2),
        "对建档立卡贫困家庭儿童、6-14岁残疾儿童、农村留守儿童、贫困低保儿童等疑似失学、辍学的31419人,已核查摸排完毕并落实安置措施,保障其接受义务教育的权利"
    );
    assert_eq!(
        passage_text(&b, 3),
        "加大产业扶贫项目推进力度,已完成方案编制109个,占年度计划实施项目的87%,县级审批完成91个"
    );
    assert_eq!(
        passage_text(&b, 5),
        "制定印发《临沂市人民政府关于进一步稳定和扩大就业的实施意见》(临政发〔2019〕4号),全市新增城镇就业3.5万人,实现农村劳动力转移就业4.2万人"
    );
    // 87% is 109 of the plan's 125, computed and traced to both.
    let p3 = &b.progress.areas[0].passages[2];
    let completion = p3.body.figures().find(|f| f.text == "87").unwrap();
    let Source::Derived { formula, inputs } = &completion.source else {
        panic!("completion is derived")
    };
    assert_eq!(formula, "完成值 ÷ 年度目标 × 100%");
    assert!(
        matches!(&inputs[0].source, Source::Report(r) if r.report_id == ReportId(310) && r.unit_name == "市扶贫开发领导小组办公室")
    );
    assert!(matches!(&inputs[1].source, Source::Plan { .. }));
    assert!(b.can_issue(), "{:?}", b.issue_blockers());
}

#[test]
fn stage_indicators_read_region_by_region_least_advanced_first() {
    let b = draft(&seed());
    assert!(
        passage_text(&b, 1)
            .ends_with("市本级、沂水县和平邑县处于规划设计阶段,蒙阴县和临沭县处于装修阶段")
    );
    // Three regions at one stage: one figure, traced to each region's report.
    let fig = b.progress.areas[0].passages[0]
        .body
        .figures()
        .find(|f| f.text == "规划设计")
        .unwrap();
    let Source::Derived { inputs, .. } = &fig.source else {
        panic!("grouped stages are derived")
    };
    assert_eq!(inputs.len(), 3);
}

#[test]
fn headings_follow_the_seeds_numbering() {
    let mut i = seed();
    i.edits.omit_items.insert(ItemId(5));
    i.areas.push(area(3, 3, "医疗保障方面"));
    i.items.push(item(6, 3, "医疗救助", JIAOYU));
    i.indicators.push(qualitative(61, 6, "特医食品纳入救助"));
    let b = draft(&i);
    assert_eq!(b.header.number_label, "第17期");
    assert_eq!(b.progress.heading, "一、工作开展情况");
    assert_eq!(b.problems.heading, "二、存在的问题");
    assert_eq!(b.recommendations.heading, "三、意见建议");
    // Area 2 has nothing left to say: area 3 moves up to (二).
    let heads: Vec<&str> = b
        .progress
        .areas
        .iter()
        .map(|a| a.heading.as_str())
        .collect();
    assert_eq!(
        heads,
        ["(一)特殊群体关爱服务保障方面。", "(二)医疗保障方面。"]
    );
    // Passages of an area are joined with ";" and the last closes with "。".
    let ends: Vec<&str> = b.progress.areas[0]
        .passages
        .iter()
        .map(|p| p.end.as_str())
        .collect();
    assert_eq!(ends, [";", ";", "。"]);
    assert!(b.problems.paragraphs[0].plain().starts_with("一是"));
}

#[test]
fn the_office_can_reorder_areas_and_items() {
    let mut i = seed();
    i.edits.area_order = vec![AreaId(2)];
    i.edits.item_order = vec![ItemId(3)];
    let b = draft(&i);
    assert_eq!(b.progress.areas[0].heading, "(一)扶持就业及社会保障方面。");
    let order: Vec<i64> = b.progress.areas[1]
        .passages
        .iter()
        .map(|p| p.item_number)
        .collect();
    assert_eq!(order, [3, 1, 2]);
}

#[test]
fn a_figure_without_an_approved_source_is_marked_and_blocks_issue() {
    let mut i = seed();
    // Item 3's first figure is in the ledger, but no approved report carries it.
    i.figures
        .retain(|f| f.figure.indicator_id != IndicatorId(31));
    let b = draft(&i);
    let fig = b.progress.areas[0].passages[2]
        .body
        .figures()
        .find(|f| f.text == "109")
        .unwrap();
    assert!(matches!(fig.source, Source::Unsourced { .. }));
    let blockers = b.issue_blockers();
    assert!(!b.can_issue());
    assert!(
        blockers
            .iter()
            .any(|x| x.code == "unsourced_figure" && x.message_zh.contains("“109”")),
        "{blockers:?}"
    );
    // The completion computed from it is blocked too, through its input.
    assert!(blockers.iter().any(|x| x.message_zh.contains("完成率")));
}

#[test]
fn a_missing_figure_prints_as_crosses_and_blocks_issue() {
    let mut i = seed();
    i.figures
        .retain(|f| f.figure.indicator_id != IndicatorId(32));
    let readings: Vec<_> = i.figures.iter().map(|f| f.figure).collect();
    i.ledger = evaluate(
        &i.plan,
        &i.areas,
        &i.items,
        &i.indicators,
        i.period.cutoff,
        &readings,
    );
    let b = draft(&i);
    assert!(passage_text(&b, 3).ends_with("产业扶贫项目县级审批完成××个"));
    assert!(
        b.issue_blockers()
            .iter()
            .any(|x| x.message_zh.contains("本期无审定数据"))
    );
}

#[test]
fn no_recommendations_block_issue() {
    let mut i = seed();
    i.edits.recommendations.clear();
    let b = draft(&i);
    assert_eq!(b.issue_blockers()[0].code, "no_recommendations");
}

#[test]
fn omitting_an_item_removes_it_from_the_text_and_the_annex_but_not_the_counts() {
    let mut i = seed();
    let before = draft(&i);
    i.edits.omit_items.insert(ItemId(3));
    i.edits.omit_indicators.insert(IndicatorId(52));
    let b = draft(&i);
    assert_eq!(passage_text(&b, 3), "");
    assert!(b.annex.rows.iter().all(|r| r.item_id != ItemId(3)));
    assert!(!passage_text(&b, 5).contains("转移就业"));
    assert!(
        b.annex
            .rows
            .iter()
            .all(|r| r.indicator_id != IndicatorId(52))
    );
    assert_eq!(before.annex.rows.len(), 8);
    assert_eq!(b.annex.rows.len(), 5);
    assert_eq!(b.overview.status, before.overview.status);
}

#[test]
fn the_same_input_gives_the_same_bulletin_to_the_byte() {
    let mut i = seed();
    seed_templates(&mut i);
    let a = serde_json::to_string(&draft(&i)).unwrap();
    let b = serde_json::to_string(&draft(&i.clone())).unwrap();
    assert_eq!(a, b);
    // And the JSON form reads back to the same bulletin, sources and all.
    let back: Bulletin = serde_json::from_str(&a).unwrap();
    assert_eq!(back, draft(&i));
    assert!(a.contains(r#""kind":"report""#) && a.contains(r#""approver_name":"王督查""#));
}

#[test]
fn the_overview_prints_the_fiscal_figures_and_shares_that_add_up() {
    let b = draft(&seed());
    assert_eq!(
        b.overview.fiscal.as_ref().unwrap().plain(),
        "1-5月份全市民生支出248.2亿元,增长3.6%,占财政支出比重达81.4%。"
    );
    let total: Decimal = b
        .overview
        .shares
        .iter()
        .map(|s| s.share.value.unwrap())
        .fold(Decimal::ZERO, |a, b| a.checked_add(b).unwrap());
    assert_eq!(total, Decimal::HUNDRED);
    let counted: u32 = b
        .overview
        .shares
        .iter()
        .map(|s| s.count.text.parse::<u32>().unwrap())
        .sum();
    assert_eq!(counted, 4);
    assert!(
        b.overview
            .status
            .plain()
            .starts_with("截至5月底,2019年20项重点民生实事中,共4项,")
    );
}

#[test]
fn changes_since_the_previous_issue_are_traced_to_it() {
    let mut i = seed();
    i.previous = Some(PreviousIssue {
        number: 16,
        values: BTreeMap::from([(IndicatorId(31), d("100")), (IndicatorId(32), d("91"))]),
        counts: Some(crate::rollup::StatusCounts::of([Status::OnTrack; 4])),
    });
    i.styles.insert(
        IndicatorId(31),
        template(31, "方案编制{value}个,比上期{change}").1,
    );
    let b = draft(&i);
    assert!(passage_text(&b, 3).contains("方案编制109个,比上期增加9个"));
    let row = b
        .annex
        .rows
        .iter()
        .find(|r| r.indicator_id == IndicatorId(32))
        .unwrap();
    assert_eq!(row.change.as_ref().unwrap().text, "持平");
    let Source::Derived { inputs, .. } = &row.change.as_ref().unwrap().source else {
        panic!()
    };
    assert_eq!(inputs[1].source, Source::PreviousIssue { number: 16 });
    assert!(b.overview.status.plain().contains("比上期"));
}

#[test]
fn a_rewritten_passage_keeps_referenced_figures_and_marks_typed_numbers() {
    let mut i = seed();
    seed_templates(&mut i);
    i.edits.passages.insert(
        ItemId(3),
        "产业扶贫项目方案编制{1}个,审批完成９2个。".into(),
    );
    let b = draft(&i);
    let p = &b.progress.areas[0].passages[2];
    assert!(p.edited);
    assert_eq!(p.body.plain(), "产业扶贫项目方案编制109个,审批完成９2个");
    let figs: Vec<&Figure> = p.body.figures().collect();
    assert!(matches!(figs[0].source, Source::Report(_)));
    assert!(matches!(figs[1].source, Source::Unsourced { .. }));
    assert_eq!(figs[1].value, Some(d("92")));
    assert!(!b.can_issue());
}

#[test]
fn lagging_items_are_listed_by_region_and_by_lead_unit() {
    let mut i = input(
        vec![area(1, 1, "特殊群体关爱服务保障方面")],
        vec![
            item(1, 1, "校舍建设", JIAOYU),
            item(2, 1, "幼儿园建设", JIAOYU),
        ],
        vec![
            // 20 of 100 by the end of May (41.4% of the year): lagging.
            count(11, 1, "校舍", "所", Some("100")),
            // 1 of 10 in 沂水县 is seriously behind; 10 of 10 in 平邑县 is done.
            by_region(
                count(21, 2, "幼儿园", "处", None),
                &[(YISHUI, Some("10")), (PINGYI, Some("10"))],
            ),
        ],
        vec![
            value(11, "20", JIAOYU),
            approved(21, Some(YISHUI), R::Value(d("1")), YISHUI),
            approved(21, Some(PINGYI), R::Value(d("10")), PINGYI),
        ],
    );
    i.problems.push(Problem {
        id: ProblemId(7),
        plan_id: PlanId(1),
        item_id: Some(ItemId(1)),
        owner_unit_id: UnitId(JIAOYU),
        title: "校舍建设资金未到位".into(),
        description: "…".into(),
        deadline: Date::parse("2019-06-15").unwrap(),
        source: ProblemSource::Office,
        report_id: None,
        state: ProblemState::Rectifying,
        measures: None,
    });
    i.edits.problems = vec!["民生保障压力大。".into()];
    let b = draft(&i);
    let paras: Vec<String> = b.problems.paragraphs.iter().map(Paragraph::plain).collect();
    assert_eq!(paras[0], "一是民生保障压力大。");
    assert_eq!(
        paras[1],
        "二是部分事项推进缓慢。推进缓慢的有1项(校舍建设);分县区看:沂水县1项(幼儿园建设);分牵头单位看:市教育局1项(校舍建设)。"
    );
    assert_eq!(
        paras[2],
        "三是部分问题尚未整改到位。尚未整改销号的问题1个,其中逾期1个;分责任单位看:市教育局1个(校舍建设资金未到位)。"
    );
    // The regional total is the sum of the regions' approved figures.
    let row = b
        .annex
        .rows
        .iter()
        .find(|r| r.indicator_id == IndicatorId(21))
        .unwrap();
    let v = row.value.as_ref().unwrap();
    assert_eq!(v.text, "11");
    assert!(matches!(&v.source, Source::Derived { inputs, .. } if inputs.len() == 2));
    assert_eq!(row.target.as_ref().unwrap().text, "20");
}

#[test]
fn default_templates_read_every_kind() {
    let i = input(
        vec![area(1, 1, "医疗保障方面")],
        vec![item(1, 1, "异地就医", JIAOYU)],
        vec![
            count(11, 1, "跨省住院联网结算定点医疗机构", "家", Some("70")),
            count(12, 1, "定点药店", "家", None),
            Indicator {
                kind: IndicatorKind::Rate,
                decimals: 0,
                ..count(13, 1, "农村电网升级改造工程竣工率", "%", None)
            },
            Indicator {
                stages: DEFAULT_STAGES.iter().map(|s| s.to_string()).collect(),
                kind: IndicatorKind::Stage,
                unit: String::new(),
                ..count(14, 1, "病种论证", "", None)
            },
            qualitative(15, 1, "特医食品纳入救助"),
            count(16, 1, "新增病种", "个", Some("150")),
        ],
        vec![
            value(11, "57", JIAOYU),
            value(12, "231", JIAOYU),
            value(13, "35", JIAOYU),
            approved(14, None, R::Stage(2), JIAOYU),
            approved(15, None, R::Assessment(Status::Done), JIAOYU),
        ],
    );
    let b = draft(&i);
    assert_eq!(
        passage_text(&b, 1),
        "跨省住院联网结算定点医疗机构57家,完成年度目标的81%,定点药店231家,农村电网升级改造工程竣工率35%,病种论证处于招标阶段,特医食品纳入救助已完成,计划新增病种150个"
    );
    assert!(b.can_issue(), "{:?}", b.issue_blockers());
}
mod charts;
mod item_page;

#[test]
fn an_item_at_risk_is_named_in_section_two_with_its_forecast_sourced() {
    use crate::forecast::Series;
    use crate::ledger::evaluate_with;
    // 产业扶贫项目方案编制 109 of a raised 300 by the end of May: 36.3% by a schedule of
    // 41.4% is on track, but 109 ÷ 41.3699% = 263.5 by the year's end misses 300.
    let mut i = seed();
    let ind = i
        .indicators
        .iter_mut()
        .find(|x| x.id == IndicatorId(31))
        .expect("indicator 31");
    ind.target = Some(d("300"));
    let readings: Vec<_> = i.figures.iter().map(|f| f.figure).collect();
    let history = Series::from([(IndicatorId(31), vec![(i.period.cutoff, d("109"))])]);
    i.ledger = evaluate_with(
        &i.plan,
        &i.areas,
        &i.items,
        &i.indicators,
        i.period.cutoff,
        &readings,
        &history,
    );
    let b = draft(&i);
    let para = b
        .problems
        .paragraphs
        .iter()
        .find(|p| p.plain().contains("完不成年度目标的风险"))
        .expect("an at-risk paragraph");
    assert_eq!(
        para.plain(),
        "二是部分事项存在完不成年度目标的风险。按目前进度预测年底达不到目标的有1项(产业扶贫项目):\
         产业扶贫项目方案编制预测年底263个(区间263至263个),目标300个,尚需每月27.3个。"
    );
    for f in para.figures() {
        assert!(
            matches!(f.source, Source::Derived { .. } | Source::Plan { .. }),
            "{f:?}"
        );
    }
    // The overview counts it among the items by status.
    let status = b.overview.status.plain();
    assert!(status.contains("有风险1项"), "{status}");
}

#[test]
fn an_approved_evaluation_names_each_leagues_top_and_last_place_with_sourced_totals() {
    use crate::evaluation::{Approved, Facts, League, Named, Scheme, Table, evaluate, league};
    let scheme = Scheme::parse(&[("third_party".into(), 100)]).expect("scheme");
    let scored = |name: &str, id: i64, score: &str| {
        let facts = Facts {
            third_party: Some(d(score)),
            ..Facts::default()
        };
        (
            Named {
                unit_id: UnitId(id),
                name: name.into(),
            },
            evaluate(&scheme, &facts),
        )
    };
    let mut i = seed();
    assert!(
        !draft(&i)
            .problems
            .paragraphs
            .iter()
            .any(|p| p.plain().contains("绩效考评")),
        "nothing before approval"
    );
    i.evaluation = Some(Approved {
        scheme: scheme.clone(),
        tables: vec![
            Table {
                league: League::Units,
                rows: league(vec![
                    scored("市教育局", 20, "91"),
                    scored("市民政局", 21, "95.5"),
                    scored("市交通运输局", 22, "88"),
                    scored("市医疗保障局", 23, "90"),
                    scored("市水利局", 24, "72.25"),
                ]),
            },
            Table {
                league: League::Regions,
                rows: league(vec![scored("兰山区", 3, "86")]),
            },
        ],
    });
    let b = draft(&i);
    let para = b
        .problems
        .paragraphs
        .iter()
        .find(|p| p.plain().contains("绩效考评"))
        .expect("an evaluation paragraph");
    assert!(
        para.plain().ends_with(
            "绩效考评结果已审定:市直部门得分居前的是市民政局(95.50分)、市教育局(91.00分)、\
             市医疗保障局(90.00分),得分末位的是市水利局(72.25分);县区得分居前的是兰山区(86.00分)。"
        ),
        "{}",
        para.plain()
    );
    let first = para.figures().next().expect("a figure");
    assert_eq!(first.label, "市民政局考评总分");
    assert!(
        matches!(&first.source, Source::Derived { formula, .. }
            if formula == "2019-05绩效考评(已审定):第三方评估95.50分×100.00%"),
        "{first:?}"
    );
}

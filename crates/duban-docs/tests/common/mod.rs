//! A small drafted bulletin, the renderers' fixture: two areas of the seed, a figure
//! with an approved source, one computed from it, and one without a source.
#![allow(dead_code)]

use std::collections::BTreeMap;

use duban_domain::bulletin::{
    ApprovedFigure, DraftInput, IndicatorStyle, IssueInfo, Narrative, NarrativePlace, OfficeEdits,
    ReportSource, SentenceTemplate, draft,
};
use duban_domain::ledger::evaluate;
use duban_domain::report::{Figure, Reading};
use duban_domain::trend::TrendPoint;
use duban_domain::*;

fn d(s: &str) -> Decimal {
    Decimal::parse(s).expect("a decimal")
}

fn unit(id: i64, name: &str, kind: UnitKind) -> Unit {
    Unit {
        id: UnitId(id),
        code: format!("u{id}"),
        name: name.into(),
        kind,
        parent_id: None,
        seq: id,
        active: true,
    }
}

fn item(id: i64, title: &str) -> Item {
    Item {
        id: ItemId(id),
        plan_id: PlanId(1),
        area_id: AreaId(1),
        number: id,
        title: title.into(),
        lead_unit_id: UnitId(2),
        co_unit_ids: vec![],
        region_ids: vec![],
        leader: None,
    }
}

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

fn approved(ind: i64, v: &str) -> ApprovedFigure {
    ApprovedFigure {
        figure: Figure {
            indicator_id: IndicatorId(ind),
            region_id: None,
            reading: Reading::Value(d(v)),
        },
        source: ReportSource {
            report_id: ReportId(ind),
            version: 2,
            unit_id: UnitId(2),
            unit_name: "市扶贫开发领导小组办公室".into(),
            approver_id: UserId(9),
            approver_name: "王督查".into(),
            approved_at: 1_559_782_800_000,
        },
    }
}

/// March and April before the bulletin's May, whose completion is the ledger's.
fn trend(may: &Period, completion: Option<Decimal>) -> Vec<TrendPoint> {
    let point = |id: i64, label: &str, completion: Option<Decimal>, planned: &str| {
        let label = PeriodLabel::parse(label).expect("a month");
        TrendPoint {
            period_id: PeriodId(id),
            label,
            cutoff: label.end(),
            completion,
            planned: Some(d(planned)),
        }
    };
    vec![
        point(3, "2019-03", Some(d("20")), "24.7"),
        point(4, "2019-04", None, "32.9"),
        TrendPoint {
            completion,
            ..point(may.id.0, "2019-05", None, "41.4")
        },
    ]
}

/// 产业扶贫 from the seed, a second item whose figure is in the ledger but in no
/// approved report, a third in another area, and the trend of three months.
pub fn bulletin() -> duban_domain::bulletin::Bulletin {
    let plan = Plan {
        id: PlanId(1),
        year: 2019,
        title: "2019年20项重点民生实事".into(),
        state: PlanState::Approved,
        thresholds: Thresholds::default(),
    };
    let area = |id: i64, title: &str| Area {
        id: AreaId(id),
        plan_id: plan.id,
        seq: id,
        title: title.into(),
    };
    let areas = vec![
        area(1, "特殊群体关爱服务保障方面"),
        area(2, "扶持就业及社会保障方面"),
    ];
    // An item with nothing to report yet: only the status chart shows its area.
    let jobs = Item {
        area_id: AreaId(2),
        ..item(5, "稳定和扩大就业")
    };
    let items = vec![item(3, "产业扶贫项目"), item(4, "贫困户危房改造摸底"), jobs];
    let indicators = vec![
        count(31, 3, "产业扶贫项目方案编制", "个", Some("125")),
        count(32, 3, "产业扶贫项目县级审批完成", "个", None),
        count(41, 4, "暗访摸底县区", "个", None),
    ];
    let label = PeriodLabel::parse("2019-05").expect("a month");
    let period = Period {
        id: PeriodId(5),
        plan_id: plan.id,
        label,
        cutoff: label.end(),
        deadline: Date::parse("2019-06-05").expect("a date"),
        state: PeriodState::Closed,
        fiscal: FiscalOverview {
            spending: Some(d("248.2")),
            growth_pct: Some(d("3.6")),
            share_pct: Some(d("81.4")),
        },
    };
    let mut figures = vec![approved(31, "109"), approved(32, "91"), approved(41, "16")];
    let readings: Vec<Figure> = figures.iter().map(|f| f.figure).collect();
    let ledger = evaluate(&plan, &areas, &items, &indicators, period.cutoff, &readings);
    let trend = trend(&period, ledger.completion);
    // The report behind 16 is withdrawn after the ledger was evaluated.
    figures.pop();
    let tpl = |s: &str| IndicatorStyle {
        template: Some(SentenceTemplate::parse(s).expect("a template")),
        ..Default::default()
    };
    draft(&DraftInput {
        issue: IssueInfo {
            date: Date::parse("2019-06-20"),
            ..IssueInfo::new(17)
        },
        plan,
        areas,
        items,
        indicators,
        units: vec![
            unit(1, "市政府督查室", UnitKind::Office),
            unit(2, "市扶贫开发领导小组办公室", UnitKind::Department),
        ],
        period,
        ledger,
        figures,
        trend,
        problems: vec![],
        narratives: BTreeMap::from([(
            ItemId(3),
            Narrative {
                text: "加大产业扶贫项目推进力度".into(),
                place: NarrativePlace::Before,
            },
        )]),
        styles: BTreeMap::from([
            (
                IndicatorId(31),
                tpl("已完成方案编制{value}个,占年度计划实施项目的{completion}%"),
            ),
            (IndicatorId(32), tpl("县级审批完成{value}个")),
            (
                IndicatorId(41),
                tpl("派出多个工作小组到{value}个县区暗访摸底"),
            ),
        ]),
        previous: None,
        edits: OfficeEdits {
            intro: Some("今年以来,全市各级各部门紧紧围绕省、市部署要求。".into()),
            recommendations: vec!["一是压实工作责任。".into()],
            ..Default::default()
        },
        evaluation: None,
    })
}

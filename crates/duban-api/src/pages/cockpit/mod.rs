//! 驾驶舱: the plan at a glance for the office and leaders — items by status, the plan's
//! completion over the periods beside the plan curve, by area, the lagging ones with
//! who is responsible, and every item — from approved figures only.

mod grid;
mod watch;

use super::i18n::{filters, tr, trf};
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use duban_docs::chart::{Sample, trend_svg_in};
use duban_domain::ledger::evaluate_with;
use duban_domain::rollup::StatusCounts;
use duban_domain::{Decimal, Role, Status, UnitId};

use super::SignedIn;
use super::{message, render};
use crate::AppState;
use crate::error::ApiError;

struct Count {
    class: &'static str,
    label: &'static str,
    n: u32,
    share: String,
}

struct AreaRow {
    title: String,
    total: u32,
    done: u32,
    on_track: u32,
    at_risk: u32,
    behind: u32,
    completion: String,
}

/// One period of the completion trend, the chart's text alternative.
struct TrendRow {
    label: String,
    cutoff: String,
    completion: String,
    planned: String,
}

struct ItemRow {
    id: i64,
    number: i64,
    title: String,
    lead: String,
    class: &'static str,
    status: &'static str,
    completion: String,
    /// After a lagging item's name: its status, completion and lead unit.
    note: String,
}

/// An item at risk (有风险) and, per indicator whose forecast misses, the forecast
/// range against the target and the monthly pace needed.
struct RiskRow {
    id: i64,
    number: i64,
    title: String,
    lead: String,
    why: Vec<String>,
}

#[derive(Template)]
#[template(path = "cockpit.html")]
struct Cockpit {
    shell: Option<super::Shell>,
    plan_title: String,
    period: Option<String>,
    counts: Vec<Count>,
    areas: Vec<AreaRow>,
    /// Items by status per area, as SVG written by duban-docs' escaping template.
    area_chart: String,
    /// The plan's completion per period (SVG, likewise) and its numbers.
    trend_chart: String,
    trend: Vec<TrendRow>,
    lagging: Vec<ItemRow>,
    /// Items on track whose forecast misses the target, with the figures why.
    at_risk: Vec<RiskRow>,
    items: Vec<ItemRow>,
    /// Each regional item's status per region.
    grid: grid::Grid,
    /// Overdue problems and the open period's missing reports.
    watch: watch::Watch,
}

fn pct(c: Option<Decimal>) -> String {
    c.map_or_else(|| "—".to_string(), |c| format!("{}%", c.round(1)))
}

fn counts(c: &StatusCounts) -> Vec<Count> {
    let share = |n: u32| match c.total {
        0 => "—".to_string(),
        t => trf(
            "占{}%",
            &[&Decimal::from_int(n.into())
                .percent_of(Decimal::from_int(t.into()), 1)
                .map_or(Decimal::ZERO, |d| d.round(1))],
        ),
    };
    [
        ("done", "已完成", c.done + c.exceeded),
        ("on_track", "正常推进", c.on_track),
        ("at_risk", "有风险", c.at_risk),
        ("lagging", "进度滞后", c.lagging),
        ("seriously_lagging", "严重滞后", c.seriously_lagging),
        ("not_started", "未启动", c.not_started),
        ("unassessed", "待评估", c.unassessed),
    ]
    .into_iter()
    .map(|(class, label, n)| Count {
        class,
        label,
        n,
        share: share(n),
    })
    .collect()
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    if !matches!(auth.role(), Role::Office | Role::Leader | Role::Evaluator) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("驾驶舱供督查室、领导和第三方评估查看。"),
        );
    }
    let Some(plan) = super::current_plan(&s).await? else {
        return message(StatusCode::OK, tr("驾驶舱"), tr("尚未建立年度计划。"));
    };
    let areas: Vec<_> = s
        .store
        .areas(plan.id)
        .await?
        .into_iter()
        .map(|a| a.value)
        .collect();
    let items = s.store.plan_items(plan.id).await?;
    let indicators = s.store.plan_indicators(plan.id).await?;
    let units: BTreeMap<UnitId, String> = s
        .store
        .all_units()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let period = s
        .store
        .periods(plan.id)
        .await?
        .into_iter()
        .next()
        .map(|p| p.value);
    let figures = match &period {
        Some(p) => s
            .store
            .approved_figures(p.id, i64::MAX)
            .await?
            .into_iter()
            .map(|f| f.figure)
            .collect(),
        None => Vec::new(),
    };
    let cutoff = period
        .as_ref()
        .map_or_else(|| s.settings.clock.today(), |p| p.cutoff);
    let history = match &period {
        Some(p) => {
            s.store
                .value_history(&plan, &indicators, p.label, i64::MAX)
                .await?
        }
        None => Default::default(),
    };
    let ledger = evaluate_with(
        &plan,
        &areas,
        &items,
        &indicators,
        cutoff,
        &figures,
        &history,
    );
    let row = |i: &duban_domain::Item| {
        let st = ledger.items.get(&i.id);
        let status = st.map_or(Status::Unassessed, |s| s.status);
        ItemRow {
            id: i.id.0,
            number: i.number,
            title: i.title.clone(),
            lead: units.get(&i.lead_unit_id).cloned().unwrap_or_default(),
            class: status.as_str(),
            status: status.label_zh(),
            completion: pct(st.and_then(|s| s.completion)),
            note: String::new(),
        }
    };
    let all: Vec<ItemRow> = items.iter().map(row).collect();
    let lagging = all
        .iter()
        .filter(|r| matches!(r.class, "lagging" | "seriously_lagging"))
        .map(|r| ItemRow {
            title: r.title.clone(),
            lead: r.lead.clone(),
            completion: r.completion.clone(),
            note: trf(
                ":{}(完成率{}),牵头单位 {}",
                &[&tr(r.status), &r.completion, &r.lead],
            ),
            ..*r
        })
        .collect();
    let at_risk = items
        .iter()
        .filter(|i| ledger.items.get(&i.id).map(|s| s.status) == Some(Status::AtRisk))
        .map(|i| RiskRow {
            id: i.id.0,
            number: i.number,
            title: i.title.clone(),
            lead: units.get(&i.lead_unit_id).cloned().unwrap_or_default(),
            why: indicators
                .iter()
                .filter(|ind| ind.item_id == i.id)
                .filter(|ind| {
                    ledger.indicators.get(&ind.id).map(|p| p.total.status) == Some(Status::AtRisk)
                })
                .filter_map(|ind| {
                    let f = ledger.forecasts.get(&ind.id)?;
                    Some(super::item::forecast_line(ind, f))
                })
                .collect(),
        })
        .collect();
    let area_rows = areas
        .iter()
        .filter_map(|a| {
            let st = ledger.areas.get(&a.id)?;
            let c = &st.counts;
            Some(AreaRow {
                title: a.title.clone(),
                total: c.total,
                done: c.done + c.exceeded,
                on_track: c.on_track,
                at_risk: c.at_risk,
                behind: c.lagging + c.seriously_lagging,
                completion: pct(st.completion),
            })
        })
        .collect();
    let bars: Vec<duban_docs::chart::Bar> = areas
        .iter()
        .filter_map(|a| {
            let c = &ledger.areas.get(&a.id)?.counts;
            Some(duban_docs::chart::Bar {
                label: a.title.clone(),
                parts: vec![
                    ("done", tr("已完成"), c.done + c.exceeded),
                    ("on_track", tr("正常推进"), c.on_track),
                    ("at_risk", tr("有风险"), c.at_risk),
                    ("lagging", tr("进度滞后"), c.lagging),
                    ("seriously_lagging", tr("严重滞后"), c.seriously_lagging),
                    ("not_started", tr("未启动"), c.not_started),
                    ("unassessed", tr("待评估"), c.unassessed),
                ],
            })
        })
        .collect();
    let area_chart = duban_docs::chart::status_bars_svg_in(
        &bars,
        tr("各方面实事进度状态"),
        "areas",
        &super::chart_words(),
    );
    let points = match &period {
        Some(p) => {
            let tree = (&areas[..], &items[..], &indicators[..]);
            s.store
                .completion_trend(&plan, tree, p.label, i64::MAX)
                .await?
        }
        None => Vec::new(),
    };
    let samples: Vec<Sample> = points
        .iter()
        .map(|p| Sample {
            cutoff: p.cutoff,
            completion: p.completion,
            planned: p.planned,
        })
        .collect();
    let trend_chart = trend_svg_in(
        plan.year,
        &samples,
        tr("实事平均完成率走势"),
        "trend",
        &super::chart_words(),
    );
    let trend = points
        .iter()
        .map(|p| TrendRow {
            label: format!("{}年{}月", p.label.year, p.label.month),
            cutoff: p.cutoff.to_string(),
            completion: pct(p.completion),
            planned: pct(p.planned),
        })
        .collect();
    let grid = grid::grid(&s, &ledger, &items, &indicators).await?;
    let watch = watch::watch(&s, &plan, &items, &indicators).await?;
    let page = Cockpit {
        shell: super::Shell::of(&auth),
        plan_title: plan.title.clone(),
        period: period.map(|p| p.cutoff.to_string()),
        counts: counts(&ledger.counts),
        areas: area_rows,
        area_chart,
        trend_chart,
        trend,
        lagging,
        at_risk,
        items: all,
        grid,
        watch,
    };
    render(StatusCode::OK, &page)
}

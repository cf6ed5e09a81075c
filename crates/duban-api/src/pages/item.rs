//! 实事详情: an item with its indicators — target, value, completion, status, the
//! regional breakdown and the trajectory chart — its reports and its problems. Every
//! reader of the plan may open it; the cockpit links each item here.

use super::i18n::{filters, pick, tr};
use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use duban_domain::access::reads_plans;
use duban_domain::forecast::{Forecast, back_loaded};
use duban_domain::trajectory::trajectory;
use duban_domain::{Decimal, ItemId};
use duban_store::problems::ProblemFilter;
use duban_store::reports::ReportFilter;

use super::SignedIn;
use super::{message, render};
use crate::AppState;
use crate::error::ApiError;
use crate::routes::items::item_view;

struct RegionRow {
    name: String,
    value: String,
    target: String,
    completion: String,
    status: String,
    class: String,
}

struct IndicatorBlock {
    name: String,
    target: String,
    value: String,
    completion: String,
    schedule: String,
    status: String,
    class: String,
    regions: Vec<RegionRow>,
    /// The trajectory as SVG, written by duban-docs' escaping template.
    chart: Option<String>,
    /// The year-end forecast, its range and the monthly pace needed, in words.
    forecast: Option<String>,
    /// The quarterly plan leaves most of the work to the last quarter.
    back_loaded: Option<String>,
}

struct ReportRow {
    period: String,
    unit: String,
    state: &'static str,
    version: i64,
}

struct ProblemRow {
    title: String,
    owner: String,
    deadline: String,
    state: &'static str,
}

#[derive(Template)]
#[template(path = "item.html")]
struct ItemPage {
    shell: Option<super::Shell>,
    id: i64,
    /// The office may publish the item's progress to the portal.
    may_publish: bool,
    number: i64,
    title: String,
    area: String,
    lead: String,
    co: String,
    leader: String,
    status: String,
    class: String,
    completion: String,
    indicators: Vec<IndicatorBlock>,
    /// 计划投资 (万元), or a dash.
    planned: String,
    /// The approved funding by source and its total, as of the latest period.
    funding: Vec<super::funding::FundsRow>,
    reports: Vec<ReportRow>,
    problems: Vec<ProblemRow>,
}

fn num(v: Option<Decimal>, unit: &str) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v}{unit}"))
}

fn pct(v: Option<Decimal>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{}%", v.round(1)))
}

/// An indicator's forecast in a sentence: 预测年底1028人(区间1010至1049人),目标1200人,
/// 尚需每月111.4人. Figures at the indicator's precision, the pace one place finer.
pub(super) fn forecast_line(ind: &duban_domain::Indicator, f: &Forecast) -> String {
    let dp = u32::from(ind.decimals);
    let v = |x: Decimal| format!("{}{}", x.round(dp), ind.unit);
    let mut out = super::i18n::trf(
        "{}:预测年底{}(区间{}至{})",
        &[&ind.name, &v(f.point), &v(f.low), &v(f.high)],
    );
    if let Some(t) = f.target {
        out.push_str(&super::i18n::trf(",目标{}", &[&v(t)]));
    }
    if let Some(p) = f.needed_pace {
        out.push_str(&super::i18n::trf(
            ",尚需每月{}",
            &[&format!("{}{}", p.round(dp + 1), ind.unit)],
        ));
    }
    out
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    if !reads_plans(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("管理员不查看业务数据。"),
        );
    }
    let it = match s.store.item(ItemId(id)).await {
        Ok(it) => it,
        Err(duban_store::StoreError::NotFound { .. }) => {
            return message(
                StatusCode::NOT_FOUND,
                tr("实事不存在"),
                tr("没有这项实事。"),
            );
        }
        Err(e) => return Err(e.into()),
    };
    let item = it.value.clone();
    let view = item_view(&s, &it).await?;
    let units = super::unit_names(&s).await?;
    let name = |id: i64| units.get(&id).cloned().unwrap_or_default();
    let plan = s.store.plan(item.plan_id).await?.value;
    let area = s.store.area(item.area_id).await?.value.title;
    let inds: Vec<_> = s
        .store
        .item_indicators(item.id)
        .await?
        .into_iter()
        .map(|i| i.value)
        .collect();

    // The approved value of each indicator at each period's cut-off, oldest first,
    // as the ledger judges it: one query for all periods.
    let periods = s.store.periods(item.plan_id).await?;
    let series = match periods.first() {
        Some(latest) => {
            s.store
                .value_history(&plan, &inds, latest.value.label, i64::MAX)
                .await?
        }
        None => Default::default(),
    };

    let indicators = view
        .indicators
        .iter()
        .flatten()
        .map(|iv| {
            let ind = inds.iter().find(|i| i.id.0 == iv.id);
            let prog = iv.progress.as_ref();
            let chart = ind.and_then(|ind| {
                let t = trajectory(
                    ind,
                    plan.year,
                    series
                        .get(&duban_domain::IndicatorId(iv.id))
                        .map(Vec::as_slice)
                        .unwrap_or(&[]),
                );
                (!t.plan.is_empty() || !t.actual.is_empty()).then(|| {
                    let words = t.forecast.as_ref().map(|f| forecast_line(ind, f));
                    let svg = duban_docs::chart::trajectory_svg_in(
                        &t,
                        &iv.name,
                        &iv.unit,
                        &format!("ind-{}", iv.id),
                        &super::chart_words(),
                    );
                    (svg, words)
                })
            });
            let (chart, forecast) = match chart {
                Some((svg, words)) => (Some(svg), words),
                None => (None, None),
            };
            let back_loaded = ind.and_then(back_loaded).map(|share| {
                super::i18n::trf("季度计划把全年{}%的任务放在第四季度,计划后置。", &[&share])
            });
            IndicatorBlock {
                name: iv.name.clone(),
                target: num(iv.target, &iv.unit),
                value: prog
                    .and_then(|p| p.stage.clone())
                    .unwrap_or_else(|| num(prog.and_then(|p| p.value), &iv.unit)),
                completion: pct(prog.and_then(|p| p.completion)),
                schedule: pct(prog.and_then(|p| p.schedule)),
                status: prog.map_or_else(|| "待评估".into(), |p| p.status_label.clone()),
                class: prog.map_or_else(|| "unassessed".into(), |p| p.status.clone()),
                regions: iv
                    .regional
                    .iter()
                    .flatten()
                    .map(|r| RegionRow {
                        name: name(r.region_id),
                        value: r
                            .progress
                            .stage
                            .clone()
                            .unwrap_or_else(|| num(r.progress.value, &iv.unit)),
                        target: num(r.progress.target, &iv.unit),
                        completion: pct(r.progress.completion),
                        status: r.progress.status_label.clone(),
                        class: r.progress.status.clone(),
                    })
                    .collect(),
                chart,
                forecast,
                back_loaded,
            }
        })
        .collect();

    let all = duban_store::Page {
        page: 1,
        per_page: duban_store::Page::MAX_PER_PAGE,
    };
    let filter = ReportFilter {
        item_id: Some(item.id),
        ..ReportFilter::default()
    };
    let labels: BTreeMap<i64, String> = periods
        .iter()
        .map(|p| (p.value.id.0, p.value.label.to_string()))
        .collect();
    let reports = s
        .store
        .reports(&filter, all)
        .await?
        .items
        .into_iter()
        .map(|r| ReportRow {
            period: labels
                .get(&r.value.period_id.0)
                .cloned()
                .unwrap_or_default(),
            unit: name(r.value.unit_id.0),
            state: super::tasks::state_label(r.value.state.as_str()),
            version: r.value.current_version,
        })
        .collect();
    let pf = ProblemFilter {
        item_id: Some(item.id),
        ..ProblemFilter::default()
    };
    let problems = s
        .store
        .problems(&pf, all)
        .await?
        .items
        .into_iter()
        .map(|p| ProblemRow {
            title: p.value.title,
            owner: name(p.value.owner_unit_id.0),
            deadline: p.value.deadline.to_string(),
            state: p.value.state.label_zh(),
        })
        .collect();
    let page = ItemPage {
        shell: super::Shell::of(&auth),
        id: item.id.0,
        may_publish: duban_domain::access::manages_plans(auth.role()),
        number: item.number,
        title: item.title.clone(),
        area,
        lead: name(item.lead_unit_id.0),
        co: item
            .co_unit_ids
            .iter()
            .map(|u| name(u.0))
            .collect::<Vec<_>>()
            .join(pick("、", ", ")),
        leader: item.leader.clone().unwrap_or_else(|| "—".into()),
        status: view.status_label.clone().unwrap_or_else(|| "待评估".into()),
        class: view.status.clone().unwrap_or_else(|| "unassessed".into()),
        completion: pct(view.completion),
        indicators,
        planned: num(view.planned_investment, pick("万元", " (10,000 yuan)")),
        funding: view
            .funding
            .as_ref()
            .map(super::funding::source_rows)
            .unwrap_or_default(),
        reports,
        problems,
    };
    render(StatusCode::OK, &page)
}

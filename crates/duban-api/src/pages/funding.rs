//! 资金: a period's approved funding by source, by area and by region, the plan's total
//! against its planned investment, and the period's fiscal overview with its source.
//! The figures are the API's own roll-up (`routes::funding::rollup_of`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use duban_domain::access::reads_plans;
use duban_domain::funding::FundingSource;
use duban_domain::{Decimal, PeriodId};
use serde::Deserialize;

use super::i18n::{filters, pick, tr};
use super::{SignedIn, message, render};
use crate::AppState;
use crate::error::ApiError;
use crate::routes::funding::{FundingRollupView, FundsView, RollupView, rollup_of};

/// One row of a money table: what it adds up, and its amounts as printed (万元).
pub(super) struct FundsRow {
    pub label: String,
    pub raised: String,
    pub allocated: String,
    pub spent: String,
    pub planned: String,
    pub spent_pct: String,
}

fn amount(v: Decimal) -> String {
    v.to_string()
}

fn maybe(v: Option<Decimal>, unit: &str) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v}{unit}"))
}

fn row(label: String, f: &FundsView, planned: Option<Decimal>, pct: Option<Decimal>) -> FundsRow {
    FundsRow {
        label,
        raised: amount(f.raised),
        allocated: amount(f.allocated),
        spent: amount(f.spent),
        planned: maybe(planned, ""),
        spent_pct: maybe(pct, "%"),
    }
}

/// A roll-up by source, one row each, then the total against the planned investment.
pub(super) fn source_rows(r: &RollupView) -> Vec<FundsRow> {
    let mut rows: Vec<FundsRow> = r
        .by_source
        .iter()
        .map(|s| {
            let label = FundingSource::parse(&s.source)
                .map_or(s.label_zh.as_str(), |f| pick(f.label_zh(), f.label_en()));
            row(label.to_string(), &s.funds, None, None)
        })
        .collect();
    // Picked, not translated: 合计 and 万元 are also the record's words (units, rows).
    rows.push(row(
        pick("合计", "Total").to_string(),
        &r.total,
        r.planned,
        r.spent_pct,
    ));
    rows
}

#[derive(Template)]
#[template(path = "funding.html")]
struct FundingPage {
    shell: Option<super::Shell>,
    periods: Vec<(i64, String)>,
    period_id: i64,
    label: String,
    sources: Vec<FundsRow>,
    areas: Vec<FundsRow>,
    regions: Vec<FundsRow>,
    spending: String,
    growth: String,
    share: String,
    fiscal_source: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Shown {
    period: Option<i64>,
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(q): Query<Shown>,
) -> Result<Response, ApiError> {
    if !reads_plans(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("资金情况供督查室、领导、第三方评估和各单位查看。"),
        );
    }
    let Some(plan) = super::current_plan(&s).await? else {
        return message(StatusCode::OK, tr("资金"), tr("尚未建立年度计划。"));
    };
    let periods = super::period_labels(&s, plan.id).await?;
    // The period asked for, else the latest.
    let Some(id) = q
        .period
        .filter(|p| periods.iter().any(|(id, _)| id == p))
        .or_else(|| periods.iter().map(|(id, _)| *id).max())
    else {
        return message(StatusCode::OK, tr("资金"), tr("计划还没有报告期。"));
    };
    let v: FundingRollupView = rollup_of(&s, PeriodId(id)).await?;
    let page = FundingPage {
        shell: super::Shell::of(&auth),
        periods,
        period_id: v.period_id,
        label: v.label.clone(),
        sources: source_rows(&v.total),
        areas: v
            .by_area
            .iter()
            .map(|a| {
                let r = &a.rollup;
                row(a.title.clone(), &r.total, r.planned, r.spent_pct)
            })
            .collect(),
        regions: v
            .by_region
            .iter()
            .map(|a| row(a.name.clone(), &a.rollup.total, None, None))
            .collect(),
        spending: maybe(v.fiscal.spending, ""),
        growth: maybe(v.fiscal.growth_pct, "%"),
        share: maybe(v.fiscal.share_pct, "%"),
        fiscal_source: v.fiscal.source.clone(),
    };
    render(StatusCode::OK, &page)
}

//! 资金: a period's approved funding rolled up by source, by area and by region, with
//! the plan's total against its planned investment and the period's fiscal overview.

use std::collections::BTreeMap;

use axum::extract::State;
use duban_domain::access::reads_plans;
use duban_domain::funding::{FundingLine, FundingSource, Funds, LineInput, Rollup, roll_up};
use duban_domain::{Decimal, Invalid, PeriodId, UnitKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, Problem};
use crate::extract::PathId;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(period_funding))
}

/// One source's money on a report, as sent and as shown (万元, year to date).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingInput {
    /// superior (上级补助) | city (市本级) | county (县区) | social (社会资本) | other (其他)
    pub source: String,
    /// 筹集; absent is zero.
    #[schema(value_type = Option<f64>)]
    pub raised: Option<Decimal>,
    /// 拨付: no more than raised.
    #[schema(value_type = Option<f64>)]
    pub allocated: Option<Decimal>,
    /// 支出: no more than allocated.
    #[schema(value_type = Option<f64>)]
    pub spent: Option<Decimal>,
}

/// Parses a report's funding lines; errors are named `funding/{n}/{field}`.
pub(crate) fn parse_funding(input: &[FundingInput]) -> Result<Vec<FundingLine>, Invalid> {
    let lines: Vec<LineInput> = input
        .iter()
        .map(|l| LineInput {
            source: l.source.clone(),
            raised: l.raised,
            allocated: l.allocated,
            spent: l.spent,
        })
        .collect();
    duban_domain::funding::parse_lines(&lines)
}

pub(crate) fn funding_out(l: &FundingLine) -> FundingInput {
    FundingInput {
        source: l.source.as_str().into(),
        raised: Some(l.funds.raised),
        allocated: Some(l.funds.allocated),
        spent: Some(l.funds.spent),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FundsView {
    #[schema(value_type = f64)]
    pub raised: Decimal,
    #[schema(value_type = f64)]
    pub allocated: Decimal,
    #[schema(value_type = f64)]
    pub spent: Decimal,
}

impl FundsView {
    fn of(f: Funds) -> FundsView {
        FundsView {
            raised: f.raised,
            allocated: f.allocated,
            spent: f.spent,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SourceFundsView {
    pub source: String,
    pub label_zh: String,
    #[serde(flatten)]
    pub funds: FundsView,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RollupView {
    /// Every source, in the fixed order, zero where nothing was reported.
    pub by_source: Vec<SourceFundsView>,
    pub total: FundsView,
    /// The planned investment of the items added up (万元); null when any has none.
    #[schema(value_type = Option<f64>)]
    pub planned: Option<Decimal>,
    /// Spent as a share of the planned investment, percent, one decimal.
    #[schema(value_type = Option<f64>)]
    pub spent_pct: Option<Decimal>,
}

impl RollupView {
    pub(crate) fn of(r: &Rollup) -> RollupView {
        RollupView {
            by_source: FundingSource::ALL
                .iter()
                .map(|s| SourceFundsView {
                    source: s.as_str().into(),
                    label_zh: s.label_zh().into(),
                    funds: FundsView::of(r.by_source.get(s).copied().unwrap_or_default()),
                })
                .collect(),
            total: FundsView::of(r.total),
            planned: r.planned,
            spent_pct: r.spent_pct,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaFundingView {
    pub area_id: i64,
    pub title: String,
    #[serde(flatten)]
    pub rollup: RollupView,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionFundingView {
    pub unit_id: i64,
    pub name: String,
    #[serde(flatten)]
    pub rollup: RollupView,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FiscalView {
    /// 民生支出, 亿元
    #[schema(value_type = Option<f64>)]
    pub spending: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub growth_pct: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub share_pct: Option<Decimal>,
    /// Where the figures come from (市财政局2019年5月财政收支快报).
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FundingRollupView {
    pub plan_id: i64,
    pub period_id: i64,
    /// `2019-05`
    pub label: String,
    /// The whole plan: every approved line against every item's planned investment.
    pub total: RollupView,
    pub by_area: Vec<AreaFundingView>,
    /// What regions (县区) reported themselves; no planned investment is split by region.
    pub by_region: Vec<RegionFundingView>,
    pub fiscal: FiscalView,
}

/// The roll-up of a period: the one computation for the API and the funding page.
pub(crate) async fn rollup_of(s: &AppState, period: PeriodId) -> ApiResult<FundingRollupView> {
    let p = s.store.period(period).await?.value;
    let fiscal_source = s.store.fiscal_source(period).await?;
    let approved = s.store.approved_funding(period).await?;
    let items = s.store.planned_investments(p.plan_id).await?;
    let areas = s.store.areas(p.plan_id).await?;
    let units = s.store.all_units().await?;
    let all_lines = || approved.iter().flat_map(|a| a.lines.iter());
    let total = roll_up(all_lines(), items.iter().map(|i| i.planned));
    let by_area = areas
        .iter()
        .map(|a| {
            let in_area = |id| {
                items
                    .iter()
                    .any(|i| i.item_id == id && i.area_id == a.value.id)
            };
            let lines = approved
                .iter()
                .filter(|x| in_area(x.item_id))
                .flat_map(|x| x.lines.iter());
            let planned = items
                .iter()
                .filter(|i| i.area_id == a.value.id)
                .map(|i| i.planned);
            AreaFundingView {
                area_id: a.value.id.0,
                title: a.value.title.clone(),
                rollup: RollupView::of(&roll_up(lines, planned)),
            }
        })
        .collect();
    let mut regions: BTreeMap<(i64, i64), (i64, String)> = BTreeMap::new();
    for a in &approved {
        if let Some(u) = units
            .iter()
            .find(|u| u.id == a.unit_id && u.kind == UnitKind::Region)
        {
            regions.insert((u.seq, u.id.0), (u.id.0, u.name.clone()));
        }
    }
    let by_region = regions
        .into_values()
        .map(|(id, name)| {
            let lines = approved
                .iter()
                .filter(|x| x.unit_id.0 == id)
                .flat_map(|x| x.lines.iter());
            RegionFundingView {
                unit_id: id,
                name,
                // A region's share of the planned investment is not known.
                rollup: RollupView::of(&roll_up(lines, [None])),
            }
        })
        .collect();
    Ok(FundingRollupView {
        plan_id: p.plan_id.0,
        period_id: p.id.0,
        label: p.label.to_string(),
        total: RollupView::of(&total),
        by_area,
        by_region,
        fiscal: FiscalView {
            spending: p.fiscal.spending,
            growth_pct: p.fiscal.growth_pct,
            share_pct: p.fiscal.share_pct,
            source: fiscal_source,
        },
    })
}

/// 资金汇总 A period's approved funding by source, area and region, and the plan's total.
#[utoipa::path(get, path = "/api/v1/periods/{id}/funding", tag = "funding", params(("id" = i64, Path)),
    responses((status = 200, body = FundingRollupView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn period_funding(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<FundingRollupView>> {
    auth.require(reads_plans(auth.role()))?;
    Ok(axum::Json(rollup_of(&s, PeriodId(id)).await?))
}

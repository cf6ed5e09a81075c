//! What the plan's completion trend reads: every period of the plan up to one, each
//! with the figures approved in it by a moment. The domain (`trend::completion_trend`)
//! judges each period from them; the bulletin's draft and the cockpit draw the result.

use std::collections::BTreeMap;

use duban_domain::forecast::{Series, series};
use duban_domain::trend::{TrendPoint, completion_trend};
use duban_domain::{Area, Figure, Indicator, Item, Period, PeriodId, PeriodLabel, Plan, PlanId};
use sqlx::Row;

use crate::reports::figure;
use crate::{Result, Store};

impl Store {
    /// The plan's periods up to `upto`, in time order, each with the figures of the
    /// report versions last approved in it by `as_of` (epoch ms; `i64::MAX` for now),
    /// as [`Store::approved_figures`] gives one period's: one query for them all.
    pub async fn approved_by_period(
        &self,
        plan: PlanId,
        upto: PeriodLabel,
        as_of: i64,
    ) -> Result<Vec<(Period, Vec<Figure>)>> {
        let rows = sqlx::query(
            "SELECT r.period_id, f.indicator_id, f.region_id, f.value, f.stage, f.assessment
             FROM reports r
             JOIN periods p ON p.id = r.period_id
             JOIN report_events a ON a.report_id = r.id AND a.action = 'approve'
             JOIN report_figures f ON f.report_id = r.id AND f.version = a.version
             WHERE p.plan_id = $1 AND p.label <= $2 AND a.at <= $3
               AND a.id = (SELECT MAX(b.id) FROM report_events b
                           WHERE b.report_id = r.id AND b.action = 'approve' AND b.at <= $3)
             ORDER BY r.period_id, f.indicator_id, f.region_id, a.at",
        )
        .bind(plan.0)
        .bind(upto.to_string())
        .bind(as_of)
        .fetch_all(&self.pool)
        .await?;
        let mut by_period: BTreeMap<PeriodId, Vec<Figure>> = BTreeMap::new();
        for r in &rows {
            by_period
                .entry(PeriodId(r.try_get("period_id")?))
                .or_default()
                .push(figure(r)?);
        }
        let mut periods: Vec<(Period, Vec<Figure>)> = self
            .periods(plan)
            .await?
            .into_iter()
            .map(|p| p.value)
            .filter(|p| p.label <= upto)
            .map(|p| {
                let figures = by_period.remove(&p.id).unwrap_or_default();
                (p, figures)
            })
            .collect();
        periods.sort_by_key(|(p, _)| p.label);
        Ok(periods)
    }

    /// The plan's completion at each of its periods up to `upto`, judged from the
    /// figures approved by `as_of`, for the plan tree the caller has read.
    pub async fn completion_trend(
        &self,
        plan: &Plan,
        (areas, items, indicators): (&[Area], &[Item], &[Indicator]),
        upto: PeriodLabel,
        as_of: i64,
    ) -> Result<Vec<TrendPoint>> {
        let periods = self.approved_by_period(plan.id, upto, as_of).await?;
        Ok(completion_trend(
            plan, areas, items, indicators, &periods, upto,
        ))
    }

    /// The approved city-wide value of each of `indicators` at every period of the
    /// plan up to `upto`, as approved by `as_of`: the history the ledger forecasts
    /// from (`ledger::evaluate_with`).
    pub async fn value_history(
        &self,
        plan: &Plan,
        indicators: &[Indicator],
        upto: PeriodLabel,
        as_of: i64,
    ) -> Result<Series> {
        let periods = self.approved_by_period(plan.id, upto, as_of).await?;
        Ok(series(plan, indicators, &periods))
    }
}

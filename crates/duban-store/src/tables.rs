//! What the ledger's tables (完成情况表, 台账, 责任分工表) are drawn from: the plan's tree
//! and units, and its periods with their approved figures, read with the queries the
//! pages and the bulletin use.

use duban_domain::tables::TableSource;
use duban_domain::{PeriodLabel, PlanId};

use crate::{Result, Store};

impl Store {
    /// The plan with its periods up to `upto` (the latest when `None`), each with the
    /// figures approved in it by `as_of` (epoch ms; `i64::MAX` for now).
    pub async fn table_source(
        &self,
        plan: PlanId,
        upto: Option<PeriodLabel>,
        as_of: i64,
    ) -> Result<TableSource> {
        let p = self.plan(plan).await?.value;
        let latest = self
            .periods(plan)
            .await?
            .iter()
            .map(|p| p.value.label)
            .max();
        let periods = match upto.or(latest) {
            Some(label) => self.approved_by_period(plan, label, as_of).await?,
            None => Vec::new(),
        };
        Ok(TableSource {
            areas: self
                .areas(plan)
                .await?
                .into_iter()
                .map(|a| a.value)
                .collect(),
            items: self.plan_items(plan).await?,
            indicators: self.plan_indicators(plan).await?,
            units: self.all_units().await?,
            plan: p,
            periods,
        })
    }
}

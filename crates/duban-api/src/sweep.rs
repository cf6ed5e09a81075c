//! The reminder sweep (自动催办): looks at every plan on the business day and queues what
//! is due — reports owed near or past their deadline, items lagging in the last closed
//! period, problems near or past their rectification deadline. Every notice has a key
//! naming its cause, so the sweep can run every few minutes and on several instances
//! and still queue each message once.

use std::collections::BTreeMap;

use duban_domain::duty::outstanding;
use duban_domain::ledger::evaluate;
use duban_domain::problem::ProblemState;
use duban_domain::remind::{
    Audience, Notice, ReminderSettings, lagging_notice, problem_notices, report_notices,
};
use duban_domain::{Date, Figure, ItemId, PeriodState, ReportState, UnitId};
use duban_store::outbox::{Message, To};
use duban_store::problems::ProblemFilter;
use duban_store::reports::{Report, ReportFilter};
use duban_store::{Page, Store, StoreError};

/// What a sweep found and queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct SweepOutcome {
    /// Notices due on the day (each to one unit or to the office).
    pub due: usize,
    /// Messages newly queued, over all recipients and channels; notices queued by an
    /// earlier sweep are not queued again.
    pub queued: u64,
}

/// Runs the sweep for `today` and queues what is due.
pub async fn sweep(store: &Store, today: Date) -> Result<SweepOutcome, StoreError> {
    let notices = due_notices(store, today).await?;
    let messages: Vec<(To, Message<'_>)> = notices
        .iter()
        .map(|n| {
            let to = match n.to {
                Audience::Unit(u) => To::Unit(u),
                Audience::Office => To::Office,
            };
            let m = Message {
                subject: &n.subject,
                body: &n.body,
                cause: n.cause,
                dedupe_key: &n.key,
            };
            (to, m)
        })
        .collect();
    let queued = store.queue(&messages, duban_store::now_ms()).await?;
    Ok(SweepOutcome {
        due: notices.len(),
        queued,
    })
}

/// Every notice due on `today`, over all plans, each plan by its own settings.
pub async fn due_notices(store: &Store, today: Date) -> Result<Vec<Notice>, StoreError> {
    let units: BTreeMap<UnitId, String> = store
        .all_units()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut out = Vec::new();
    let mut page = Page {
        page: 1,
        per_page: Page::MAX_PER_PAGE,
    };
    loop {
        let plans = store.plans(None, page).await?;
        for plan in &plans.items {
            let plan = &plan.value;
            let settings = store.plan_settings(plan.id).await?.0.reminders;
            let items = store.plan_items(plan.id).await?;
            let indicators = store.plan_indicators(plan.id).await?;
            let periods = store.periods(plan.id).await?;
            for period in periods
                .iter()
                .filter(|p| p.value.state == PeriodState::Open)
            {
                let period = &period.value;
                let reports = period_report_states(store, period.id).await?;
                for (&unit, unit_name) in &units {
                    let owed: Vec<(i64, &str)> = outstanding(unit, &items, &indicators, &reports)
                        .into_iter()
                        .map(|i| (i.number, i.title.as_str()))
                        .collect();
                    out.extend(report_notices(
                        today, period, unit, unit_name, &owed, settings,
                    ));
                }
            }
            // Lagging items, judged from the latest closed period's approved figures.
            if let Some(closed) = periods
                .iter()
                .find(|p| p.value.state == PeriodState::Closed)
            {
                let closed = &closed.value;
                let figures: Vec<Figure> = store
                    .approved_figures(closed.id, i64::MAX)
                    .await?
                    .into_iter()
                    .map(|s| s.figure)
                    .collect();
                let areas: Vec<_> = store
                    .areas(plan.id)
                    .await?
                    .into_iter()
                    .map(|a| a.value)
                    .collect();
                let ledger = evaluate(plan, &areas, &items, &indicators, closed.cutoff, &figures);
                for item in &items {
                    if let Some(standing) = ledger.items.get(&item.id) {
                        out.extend(lagging_notice(closed, item, standing));
                    }
                }
            }
            out.extend(plan_problem_notices(store, plan.id, today, settings, &units).await?);
        }
        if plans.items.len() < page.per_page as usize {
            break;
        }
        page.page += 1;
    }
    Ok(out)
}

async fn plan_problem_notices(
    store: &Store,
    plan: duban_domain::PlanId,
    today: Date,
    settings: ReminderSettings,
    units: &BTreeMap<UnitId, String>,
) -> Result<Vec<Notice>, StoreError> {
    let mut out = Vec::new();
    for state in [
        ProblemState::Open,
        ProblemState::Rectifying,
        ProblemState::Rectified,
    ] {
        let f = ProblemFilter {
            plan_id: Some(plan),
            state: Some(state),
            ..ProblemFilter::default()
        };
        let mut page = Page {
            page: 1,
            per_page: Page::MAX_PER_PAGE,
        };
        loop {
            let problems = store.problems(&f, page).await?;
            for p in &problems.items {
                let owner = units.get(&p.value.owner_unit_id).map_or("", String::as_str);
                out.extend(problem_notices(today, &p.value, owner, settings));
            }
            if problems.items.len() < page.per_page as usize {
                break;
            }
            page.page += 1;
        }
    }
    Ok(out)
}

/// Every report of a period as (item, unit, state): what `duty::outstanding` reads.
pub(crate) async fn period_report_states(
    store: &Store,
    period: duban_domain::PeriodId,
) -> Result<Vec<(ItemId, UnitId, ReportState)>, StoreError> {
    Ok(period_reports(store, period)
        .await?
        .into_iter()
        .map(|r| (r.item_id, r.unit_id, r.state))
        .collect())
}

/// Every report of a period, page by page.
async fn period_reports(
    store: &Store,
    period: duban_domain::PeriodId,
) -> Result<Vec<Report>, StoreError> {
    let f = ReportFilter {
        period_id: Some(period),
        ..ReportFilter::default()
    };
    let mut page = Page {
        page: 1,
        per_page: Page::MAX_PER_PAGE,
    };
    let mut out = Vec::new();
    loop {
        let got = store.reports(&f, page).await?;
        let n = got.items.len();
        out.extend(got.items.into_iter().map(|r| r.value));
        if n < page.per_page as usize {
            return Ok(out);
        }
        page.page += 1;
    }
}

//! What needs chasing: problems past their rectification deadline, and the reports
//! the open period still misses, unit by unit (the reminder sweep's rule).

use duban_domain::duty::outstanding;
use duban_domain::problem::is_overdue;
use duban_domain::{Indicator, Item, PeriodState, Plan, UnitId};
use duban_store::Page;
use duban_store::problems::ProblemFilter;
use std::collections::BTreeMap;

use crate::AppState;
use crate::error::ApiError;

pub struct Watch {
    /// The business day the problems are judged on.
    pub today: String,
    pub overdue: Vec<Overdue>,
    /// The open period, if any, and who still owes what in it.
    pub open: Option<OpenPeriod>,
}

pub struct Overdue {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub deadline: String,
}

pub struct OpenPeriod {
    pub label: String,
    pub deadline: String,
    pub units: Vec<Missing>,
}

/// A unit and the items it has not yet handed a report in on.
pub struct Missing {
    pub unit: String,
    pub items: Vec<MissingItem>,
}

pub struct MissingItem {
    pub id: i64,
    pub number: i64,
    pub title: String,
}

pub async fn watch(
    s: &AppState,
    plan: &Plan,
    items: &[Item],
    indicators: &[Indicator],
) -> Result<Watch, ApiError> {
    let today = s.settings.clock.today();
    let units = s.store.all_units().await?;
    let names: BTreeMap<UnitId, &str> = units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let f = ProblemFilter {
        plan_id: Some(plan.id),
        overdue_on: Some(today),
        ..ProblemFilter::default()
    };
    let mut page = Page {
        page: 1,
        per_page: Page::MAX_PER_PAGE,
    };
    let mut problems = Vec::new();
    loop {
        let got = s.store.problems(&f, page).await?;
        let n = got.items.len();
        problems.extend(
            got.items
                .into_iter()
                .map(|p| p.value)
                .filter(|p| is_overdue(p.state, p.deadline, today)),
        );
        if n < page.per_page as usize {
            break;
        }
        page.page += 1;
    }
    problems.sort_by_key(|p| (p.deadline, p.id));
    let overdue = problems
        .into_iter()
        .map(|p| Overdue {
            id: p.id.0,
            title: p.title,
            owner: names
                .get(&p.owner_unit_id)
                .map_or_else(String::new, |n| n.to_string()),
            deadline: p.deadline.to_string(),
        })
        .collect();
    let period = s
        .store
        .periods(plan.id)
        .await?
        .into_iter()
        .map(|p| p.value)
        .find(|p| p.state == PeriodState::Open);
    let open = match period {
        Some(p) => {
            let reports = crate::sweep::period_report_states(&s.store, p.id).await?;
            let units = units
                .iter()
                .filter_map(|u| {
                    let owed = outstanding(u.id, items, indicators, &reports);
                    (!owed.is_empty()).then(|| Missing {
                        unit: u.name.clone(),
                        items: owed
                            .into_iter()
                            .map(|i| MissingItem {
                                id: i.id.0,
                                number: i.number,
                                title: i.title.clone(),
                            })
                            .collect(),
                    })
                })
                .collect();
            Some(OpenPeriod {
                label: p.label.to_string(),
                deadline: p.deadline.to_string(),
                units,
            })
        }
        None => None,
    };
    Ok(Watch {
        today: today.to_string(),
        overdue,
        open,
    })
}

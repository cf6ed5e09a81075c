//! What drafting a bulletin reads: everything [`DraftInput`] holds, from the approved
//! data of one period as it stood at a moment. The API and the CLI draft through here.

use std::collections::BTreeMap;

use duban_domain::bulletin::{
    ApprovedFigure, DraftInput, IssueInfo, ItemProgress, Narrative, OfficeEdits, PreviousIssue,
    ReportSource,
};
use duban_domain::forecast::series;
use duban_domain::ledger::evaluate_with;
use duban_domain::trend::completion_trend;
use duban_domain::{ItemId, PeriodId, PlanId, UnitId, UserId};
use sqlx::Row;

use crate::bulletins::{BulletinState, StoredBulletin};
use crate::problems::ProblemFilter;
use crate::{Page, Result, Store, StoreError};

/// An approved report's narrative: the words besides its figures.
struct ApprovedNarrative {
    item: ItemId,
    unit: UnitId,
    text: String,
}

impl Store {
    /// The input of a stored bulletin's draft: its series, number (the next one while a
    /// draft), date, period and edits, over the data approved by `as_of` (epoch ms;
    /// `i64::MAX` for now).
    pub async fn bulletin_input(&self, b: &StoredBulletin, as_of: i64) -> Result<DraftInput> {
        let series = self.series(b.series_id).await?.value;
        let number = b.number.unwrap_or(series.next_number);
        let issue = IssueInfo {
            series: series.name.clone(),
            number: u32::try_from(number).unwrap_or(0),
            issuer: series.issuer.clone(),
            date: b.issue_date,
            title: None,
            share_decimals: 0,
        };
        let previous = self.previous_issue(b.series_id, number).await?;
        let mut input = self
            .draft_input(series.plan_id, b.period_id, issue, b.edits.clone(), as_of)
            .await?;
        input.previous = previous;
        Ok(input)
    }

    /// `item`'s progress page for `period`: cut from the period's draft over the data
    /// approved by `as_of`, with the office's sentences but none of a bulletin's edits.
    pub async fn item_progress(
        &self,
        item: ItemId,
        period: PeriodId,
        as_of: i64,
    ) -> Result<ItemProgress> {
        let it = self.item(item).await?.value;
        // The masthead of this draft is never shown; only the item's part is kept.
        let issue = IssueInfo::new(0);
        let input = self
            .draft_input(it.plan_id, period, issue, OfficeEdits::default(), as_of)
            .await?;
        let draft = duban_domain::bulletin::draft(&input);
        ItemProgress::of(&draft, item, input.period.label).ok_or_else(|| {
            StoreError::Corrupt(format!("item {} is missing from its plan's draft", item.0))
        })
    }

    /// The input of a draft of `plan` for `period`, with no stored bulletin behind it.
    pub async fn draft_input(
        &self,
        plan: PlanId,
        period: PeriodId,
        issue: IssueInfo,
        edits: OfficeEdits,
        as_of: i64,
    ) -> Result<DraftInput> {
        let plan = self.plan(plan).await?.value;
        let period = self.period(period).await?.value;
        if period.plan_id != plan.id {
            return Err(StoreError::conflict(
                "period_of_another_plan",
                "报告期不属于该年度计划",
                "the period belongs to another plan",
            ));
        }
        let areas: Vec<_> = self
            .areas(plan.id)
            .await?
            .into_iter()
            .map(|a| a.value)
            .collect();
        let items = self.plan_items(plan.id).await?;
        let indicators = self.plan_indicators(plan.id).await?;
        let units = self.all_units().await?;
        let sourced = self.approved_figures(period.id, as_of).await?;
        let readings: Vec<_> = sourced.iter().map(|f| f.figure).collect();
        let mut earlier = self
            .approved_by_period(plan.id, period.label, as_of)
            .await?;
        // This period's figures as the ledger read them, so its point is the ledger's.
        for (p, figures) in &mut earlier {
            if p.id == period.id {
                figures.clone_from(&readings);
            }
        }
        // The same history forecasts each indicator, so 有风险 is as the cockpit has it.
        let history = series(&plan, &indicators, &earlier);
        let ledger = evaluate_with(
            &plan,
            &areas,
            &items,
            &indicators,
            period.cutoff,
            &readings,
            &history,
        );
        let trend = completion_trend(&plan, &areas, &items, &indicators, &earlier, period.label);
        let unit_name = |id: UnitId| {
            units
                .iter()
                .find(|u| u.id == id)
                .map(|u| u.name.clone())
                .unwrap_or_default()
        };
        let mut approvers: BTreeMap<UserId, String> = BTreeMap::new();
        let mut figures = Vec::with_capacity(sourced.len());
        for f in sourced {
            if let std::collections::btree_map::Entry::Vacant(e) = approvers.entry(f.approved_by) {
                e.insert(self.user(f.approved_by).await?.value.display_name);
            }
            figures.push(ApprovedFigure {
                source: ReportSource {
                    report_id: f.report_id,
                    version: f.version,
                    unit_id: f.unit_id,
                    unit_name: unit_name(f.unit_id),
                    approver_id: f.approved_by,
                    approver_name: approvers[&f.approved_by].clone(),
                    approved_at: f.approved_at,
                },
                figure: f.figure,
            });
        }
        let all = Page {
            page: 1,
            per_page: Page::MAX_PER_PAGE,
        };
        let filter = ProblemFilter {
            plan_id: Some(plan.id),
            ..ProblemFilter::default()
        };
        let problems = self
            .problems(&filter, all)
            .await?
            .items
            .into_iter()
            .map(|p| p.value)
            .collect();
        // An item's narrative is what its lead unit wrote in the approved report.
        let places = self.narrative_places(plan.id).await?;
        let mut narratives = BTreeMap::new();
        for n in self.approved_narratives(period.id, as_of).await? {
            let leads = items
                .iter()
                .any(|i| i.id == n.item && i.lead_unit_id == n.unit);
            if leads {
                let place = places.get(&n.item).copied().unwrap_or_default();
                narratives.insert(
                    n.item,
                    Narrative {
                        text: n.text,
                        place,
                    },
                );
            }
        }
        let styles = self.indicator_styles(plan.id).await?;
        // Scores are printed only once approved, and only as they stood by `as_of`.
        let evaluation = self
            .evaluation_approval(period.id)
            .await?
            .filter(|a| a.approved_at <= as_of)
            .map(|a| a.approved);
        Ok(DraftInput {
            issue,
            plan,
            areas,
            items,
            indicators,
            units,
            period,
            ledger,
            figures,
            trend,
            problems,
            narratives,
            styles,
            previous: None,
            edits,
            evaluation,
        })
    }

    /// What the series' last issue before `number` printed, for "比上期…".
    async fn previous_issue(&self, series: i64, number: i64) -> Result<Option<PreviousIssue>> {
        let last = self
            .series_bulletins(series)
            .await?
            .into_iter()
            .filter(|b| b.value.state == BulletinState::Issued)
            .filter(|b| b.value.number.is_some_and(|n| n < number))
            .filter_map(|b| b.value.snapshot.map(|s| (b.value.number, s)))
            .next_back();
        Ok(last.map(|(n, doc)| PreviousIssue {
            number: n.and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
            values: doc
                .annex
                .rows
                .iter()
                .filter_map(|r| Some((r.indicator_id, r.value.as_ref()?.value?)))
                .collect(),
            counts: None,
        }))
    }

    /// The narratives of the report versions approved in a period by `as_of`.
    async fn approved_narratives(
        &self,
        period: PeriodId,
        as_of: i64,
    ) -> Result<Vec<ApprovedNarrative>> {
        let rows = sqlx::query(
            "SELECT r.item_id, r.unit_id, v.narrative
             FROM reports r
             JOIN report_events a ON a.report_id = r.id AND a.action = 'approve'
             JOIN report_versions v ON v.report_id = r.id AND v.version = a.version
             WHERE r.period_id = $1 AND a.at <= $2 AND v.narrative IS NOT NULL
               AND a.id = (SELECT MAX(b.id) FROM report_events b
                           WHERE b.report_id = r.id AND b.action = 'approve' AND b.at <= $2)
             ORDER BY r.item_id, r.unit_id",
        )
        .bind(period.0)
        .bind(as_of)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ApprovedNarrative {
                    item: ItemId(r.try_get("item_id")?),
                    unit: UnitId(r.try_get("unit_id")?),
                    text: r.try_get("narrative")?,
                })
            })
            .collect()
    }
}

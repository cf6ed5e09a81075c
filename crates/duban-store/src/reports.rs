//! Progress reports (进展填报). A report's content is versioned: every edit writes a new
//! version and keeps the old; submit, approve and return are events. Only the approved
//! version counts.

use duban_domain::audit::outcome::OK;
use duban_domain::checks::{Rule, Warning};
use duban_domain::funding::{FundingLine, FundingSource, Funds};
use duban_domain::{
    Decimal, FieldError, Figure, IndicatorId, Invalid, ItemId, PeriodId, PeriodState, PlanId,
    Reading, ReportId, ReportState, Status, UnitId, UnitKind, UserId,
};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{Entry, Who};
use crate::rows::{Change, Tx, Versioned, corrupt, missing_or_stale, versioned};
use crate::units::unknown;
use crate::{Page, Paged, Result, Store, StoreError};

/// A report with its current content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub id: ReportId,
    pub plan_id: PlanId,
    pub period_id: PeriodId,
    pub item_id: ItemId,
    pub unit_id: UnitId,
    pub state: ReportState,
    /// The version of the content now being worked on.
    pub current_version: i64,
    /// The version that counts, if any was approved.
    pub approved_version: Option<i64>,
    pub narrative: Option<String>,
    pub author_id: UserId,
    #[serde(skip)]
    pub figures: Vec<Figure>,
    /// The current version's money by source (资金).
    #[serde(skip)]
    pub funding: Vec<FundingLine>,
}

/// One version of a report's content, as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportVersion {
    pub version: i64,
    pub narrative: Option<String>,
    pub author_id: UserId,
    pub created_at: i64,
    #[serde(skip)]
    pub figures: Vec<Figure>,
    #[serde(skip)]
    pub funding: Vec<FundingLine>,
}

/// Something that happened to a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportEvent {
    pub version: i64,
    pub action: String,
    pub actor_id: UserId,
    pub at: i64,
    pub comment: Option<String>,
}

/// An approved figure and where it came from: the report version, its unit and author,
/// and who approved it when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourcedFigure {
    #[serde(skip)]
    pub figure: Figure,
    pub report_id: ReportId,
    pub version: i64,
    pub item_id: ItemId,
    pub unit_id: UnitId,
    pub author_id: UserId,
    pub approved_by: UserId,
    pub approved_at: i64,
}

/// What a report is made of: figures, money by source and a narrative.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportContent {
    pub figures: Vec<Figure>,
    pub narrative: Option<String>,
    /// At most one line per source (as `funding::parse_lines` gives them).
    pub funding: Vec<FundingLine>,
}

/// An approved report's funding lines, and whose they are: what roll-ups add up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedFunding {
    pub report_id: ReportId,
    pub item_id: ItemId,
    pub unit_id: UnitId,
    /// The period the approved report is for (an earlier one when the unit has not
    /// reported since).
    pub period_id: PeriodId,
    pub lines: Vec<FundingLine>,
}

#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub plan_id: Option<PlanId>,
    pub period_id: Option<PeriodId>,
    pub item_id: Option<ItemId>,
    pub unit_id: Option<UnitId>,
    pub state: Option<ReportState>,
    /// Reports of units on items this unit leads, or of this unit itself.
    pub visible_to_unit: Option<UnitId>,
}

pub(crate) fn figure(r: &AnyRow) -> Result<Figure> {
    let region: i64 = r.try_get("region_id")?;
    let value: Option<i64> = r.try_get("value")?;
    let stage: Option<i64> = r.try_get("stage")?;
    let assessment: Option<String> = r.try_get("assessment")?;
    let reading = match (value, stage, assessment) {
        (Some(v), None, None) => Reading::Value(Decimal::from_scaled(v)),
        (None, Some(s), None) => Reading::Stage(s as usize),
        (None, None, Some(a)) => {
            Reading::Assessment(Status::parse(&a).ok_or_else(|| corrupt("assessment", &a))?)
        }
        _ => {
            return Err(StoreError::Corrupt(
                "a figure holds not exactly one reading".into(),
            ));
        }
    };
    Ok(Figure {
        indicator_id: IndicatorId(r.try_get("indicator_id")?),
        region_id: (region != 0).then_some(UnitId(region)),
        reading,
    })
}

fn report(
    r: &AnyRow,
    figures: Vec<Figure>,
    funding: Vec<FundingLine>,
) -> Result<Versioned<Report>> {
    let state: String = r.try_get("state")?;
    let rep = Report {
        id: ReportId(r.try_get("id")?),
        plan_id: PlanId(r.try_get("plan_id")?),
        period_id: PeriodId(r.try_get("period_id")?),
        item_id: ItemId(r.try_get("item_id")?),
        unit_id: UnitId(r.try_get("unit_id")?),
        state: ReportState::parse(&state).ok_or_else(|| corrupt("report state", &state))?,
        current_version: r.try_get("current_version")?,
        approved_version: r.try_get("approved_version")?,
        narrative: r.try_get("narrative")?,
        author_id: UserId(r.try_get("author_id")?),
        figures,
        funding,
    };
    versioned(r, rep)
}

macro_rules! select_reports {
    ($tail:literal) => {
        concat!(
            "SELECT r.id, r.plan_id, r.period_id, r.item_id, r.unit_id, r.state, r.current_version, ",
            "r.approved_version, r.version, r.created_at, r.updated_at, v.narrative, v.author_id ",
            "FROM reports r JOIN report_versions v ON v.report_id = r.id AND v.version = r.current_version ",
            $tail
        )
    };
}

impl Store {
    pub async fn report(&self, id: ReportId) -> Result<Versioned<Report>> {
        let r = sqlx::query(select_reports!("WHERE r.id = $1"))
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound {
                entity: "report",
                id: id.0,
            })?;
        let current: i64 = r.try_get("current_version")?;
        let figures = self.figures_of(id, current).await?;
        let funding = self.funding_of(id, current).await?;
        report(&r, figures, funding)
    }

    async fn funding_of(&self, id: ReportId, version: i64) -> Result<Vec<FundingLine>> {
        let rows = sqlx::query(
            "SELECT source, raised, allocated, spent FROM report_funding
             WHERE report_id = $1 AND version = $2",
        )
        .bind(id.0)
        .bind(version)
        .fetch_all(&self.pool)
        .await?;
        let mut out = rows.iter().map(funding_line).collect::<Result<Vec<_>>>()?;
        out.sort_by_key(|l| l.source);
        Ok(out)
    }

    /// The approved funding lines of a plan's reports as of `period`: for every unit
    /// and item, those of its latest approved report in this period or an earlier one
    /// (the amounts are year to date, so the latest stands for the year so far).
    pub async fn approved_funding(&self, period: PeriodId) -> Result<Vec<ApprovedFunding>> {
        let rows = sqlx::query(
            "SELECT r.id, r.item_id, r.unit_id, r.period_id, r.approved_version FROM reports r
             JOIN periods p ON p.id = r.period_id
             JOIN periods cur ON cur.id = $1 AND cur.plan_id = p.plan_id
             WHERE p.label <= cur.label AND r.approved_version IS NOT NULL
             ORDER BY r.item_id, r.unit_id, p.label DESC",
        )
        .bind(period.0)
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<ApprovedFunding> = Vec::new();
        for r in &rows {
            let (item_id, unit_id) = (ItemId(r.try_get("item_id")?), UnitId(r.try_get("unit_id")?));
            if out
                .last()
                .is_some_and(|a| a.item_id == item_id && a.unit_id == unit_id)
            {
                continue;
            }
            let report_id = ReportId(r.try_get("id")?);
            let lines = self
                .funding_of(report_id, r.try_get("approved_version")?)
                .await?;
            out.push(ApprovedFunding {
                report_id,
                item_id,
                unit_id,
                period_id: PeriodId(r.try_get("period_id")?),
                lines,
            });
        }
        Ok(out)
    }

    async fn figures_of(&self, id: ReportId, version: i64) -> Result<Vec<Figure>> {
        let rows = sqlx::query(
            "SELECT indicator_id, region_id, value, stage, assessment FROM report_figures
             WHERE report_id = $1 AND version = $2 ORDER BY indicator_id, region_id",
        )
        .bind(id.0)
        .bind(version)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(figure).collect()
    }

    /// Every version of a report's content, oldest first.
    pub async fn report_versions(&self, id: ReportId) -> Result<Vec<ReportVersion>> {
        let rows = sqlx::query(
            "SELECT version, narrative, author_id, created_at FROM report_versions
             WHERE report_id = $1 ORDER BY version",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let version: i64 = r.try_get("version")?;
            out.push(ReportVersion {
                version,
                narrative: r.try_get("narrative")?,
                author_id: UserId(r.try_get("author_id")?),
                created_at: r.try_get("created_at")?,
                figures: self.figures_of(id, version).await?,
                funding: self.funding_of(id, version).await?,
            });
        }
        Ok(out)
    }

    pub async fn report_events(&self, id: ReportId) -> Result<Vec<ReportEvent>> {
        let rows = sqlx::query(
            "SELECT version, action, actor_id, at, comment FROM report_events WHERE report_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReportEvent {
                    version: r.try_get("version")?,
                    action: r.try_get("action")?,
                    actor_id: UserId(r.try_get("actor_id")?),
                    at: r.try_get("at")?,
                    comment: r.try_get("comment")?,
                })
            })
            .collect()
    }

    pub async fn reports(&self, f: &ReportFilter, page: Page) -> Result<Paged<Versioned<Report>>> {
        let args = (
            f.plan_id.map(|v| v.0),
            f.period_id.map(|v| v.0),
            f.item_id.map(|v| v.0),
            f.unit_id.map(|v| v.0),
            f.state.map(ReportState::as_str),
            f.visible_to_unit.map(|v| v.0),
        );
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM reports r
             WHERE ($1 IS NULL OR r.plan_id = $1) AND ($2 IS NULL OR r.period_id = $2)
               AND ($3 IS NULL OR r.item_id = $3) AND ($4 IS NULL OR r.unit_id = $4)
               AND ($5 IS NULL OR r.state = $5)
               AND ($6 IS NULL OR r.unit_id = $6
                    OR EXISTS (SELECT 1 FROM items i WHERE i.id = r.item_id AND i.lead_unit_id = $6))",
        )
        .bind(args.0)
        .bind(args.1)
        .bind(args.2)
        .bind(args.3)
        .bind(args.4)
        .bind(args.5)
        .fetch_one(&self.pool)
        .await?;
        let rows = sqlx::query(select_reports!(
            "WHERE ($1 IS NULL OR r.plan_id = $1) AND ($2 IS NULL OR r.period_id = $2)
               AND ($3 IS NULL OR r.item_id = $3) AND ($4 IS NULL OR r.unit_id = $4)
               AND ($5 IS NULL OR r.state = $5)
               AND ($6 IS NULL OR r.unit_id = $6
                    OR EXISTS (SELECT 1 FROM items i WHERE i.id = r.item_id AND i.lead_unit_id = $6))
             ORDER BY r.id LIMIT $7 OFFSET $8"
        ))
        .bind(args.0)
        .bind(args.1)
        .bind(args.2)
        .bind(args.3)
        .bind(args.4)
        .bind(args.5)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        for r in &rows {
            let (id, current) = (ReportId(r.try_get("id")?), r.try_get("current_version")?);
            let figures = self.figures_of(id, current).await?;
            let funding = self.funding_of(id, current).await?;
            items.push(report(r, figures, funding)?);
        }
        Ok(page.of(items, total))
    }

    /// Starts a unit's report on an item for a period, as a draft.
    pub async fn create_report(
        &self,
        period: PeriodId,
        item: ItemId,
        unit: UnitId,
        content: &ReportContent,
        change: Change,
    ) -> Result<Versioned<Report>> {
        let author = author_of(change)?;
        let mut tx = self.write().await?;
        let id = create_in(&mut tx, period, item, unit, content, author, change.at).await?;
        tx.commit().await?;
        self.report(id).await
    }

    /// Writes a new version of a draft or returned report's content; it becomes a draft.
    pub async fn update_report(
        &self,
        id: ReportId,
        expected_version: i64,
        content: &ReportContent,
        change: Change,
    ) -> Result<Versioned<Report>> {
        let author = author_of(change)?;
        let mut tx = self.write().await?;
        update_in(&mut tx, id, expected_version, content, author, change.at).await?;
        tx.commit().await?;
        self.report(id).await
    }

    /// Writes one draft, as `create_report` or `update_report` would.
    pub async fn write_draft(&self, w: &DraftWrite, change: Change) -> Result<Versioned<Report>> {
        let id = self.write_drafts(std::slice::from_ref(w), change).await?[0];
        self.report(id).await
    }

    /// Writes many drafts in one transaction, all or nothing (an import): each with
    /// the same checks, versions, events and audit records as one written alone.
    /// Returns the reports' ids in the order given.
    pub async fn write_drafts(
        &self,
        writes: &[DraftWrite],
        change: Change,
    ) -> Result<Vec<ReportId>> {
        let author = author_of(change)?;
        let mut tx = self.write().await?;
        let mut ids = Vec::with_capacity(writes.len());
        for w in writes {
            ids.push(match w {
                DraftWrite::Create {
                    period,
                    item,
                    unit,
                    content,
                } => create_in(&mut tx, *period, *item, *unit, content, author, change.at).await?,
                DraftWrite::Update {
                    id,
                    expected_version,
                    content,
                } => {
                    update_in(&mut tx, *id, *expected_version, content, author, change.at).await?;
                    *id
                }
            });
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// Moves a report one step through its review, as `ReviewAction::next` allows:
    /// submit, review (the lead unit), approve (the office), return. Nobody but the
    /// reporter acts on their own version. A submission keeps its warnings with the
    /// reasons given, in the same transaction; submitting a returned version again
    /// replaces the warnings its earlier submission kept.
    pub async fn report_action(
        &self,
        id: ReportId,
        expected_version: i64,
        action: ReportAction,
        comment: Option<&str>,
        warnings: &[(Warning, String)],
        change: Change,
    ) -> Result<Versioned<Report>> {
        let actor = change
            .actor
            .ok_or_else(|| StoreError::Corrupt("an action needs an actor".into()))?;
        let current = self.report(id).await?;
        let r = &current.value;
        let Some(to) = action.next(r.state) else {
            return Err(not_now(r.state, action.label_zh(), action.done_en()));
        };
        if action != ReportAction::Submit && r.author_id == actor {
            return Err(StoreError::conflict(
                "own_report",
                "不能审核本人填报的内容",
                "nobody reviews their own submission",
            ));
        }
        let mut tx = self.write().await?;
        writable(&mut tx, id, r.period_id).await?;
        let approved = (action == ReportAction::Approve).then_some(r.current_version);
        if action == ReportAction::Approve {
            crate::requests::finish_correction(&mut tx, id, change).await?;
        }
        bump(
            &mut tx,
            id,
            expected_version,
            Some(r.state),
            to.as_str(),
            r.current_version,
            approved,
            change.at,
        )
        .await?;
        if action == ReportAction::Submit {
            // A returned version submitted again unchanged: its warnings are those of
            // this submission, with the reasons given now (the key has no submission).
            sqlx::query("DELETE FROM report_warnings WHERE report_id = $1 AND version = $2")
                .bind(id.0)
                .bind(r.current_version)
                .execute(&mut *tx)
                .await?;
        }
        for (w, reason) in warnings {
            sqlx::query(
                "INSERT INTO report_warnings (report_id, version, rule, indicator_id, region_id,
                    message_zh, message_en, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id.0)
            .bind(r.current_version)
            .bind(w.rule.as_str())
            .bind(w.indicator_id.0)
            .bind(w.region_id.map_or(0, |x| x.0))
            .bind(&w.message_zh)
            .bind(&w.message_en)
            .bind(reason)
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                StoreError::unique_as(
                    e,
                    "duplicate_warning",
                    "同一提示重复",
                    "a warning given twice",
                )
            })?;
        }
        event(
            &mut tx,
            id.0,
            r.current_version,
            action.as_str(),
            actor,
            change.at,
            comment,
        )
        .await?;
        tx.commit().await?;
        self.report(id).await
    }

    /// The approved figures of a period as they stood at `as_of` (epoch ms; `i64::MAX` for
    /// now), each with its source.
    pub async fn approved_figures(
        &self,
        period: PeriodId,
        as_of: i64,
    ) -> Result<Vec<SourcedFigure>> {
        let rows = sqlx::query(
            "SELECT r.id AS report_id, r.item_id, r.unit_id, a.version, a.actor_id AS approved_by,
                    a.at AS approved_at, v.author_id, f.indicator_id, f.region_id, f.value, f.stage, f.assessment
             FROM reports r
             JOIN report_events a ON a.report_id = r.id AND a.action = 'approve'
             JOIN report_versions v ON v.report_id = r.id AND v.version = a.version
             JOIN report_figures f ON f.report_id = r.id AND f.version = a.version
             WHERE r.period_id = $1 AND a.at <= $2
               AND a.id = (SELECT MAX(b.id) FROM report_events b
                           WHERE b.report_id = r.id AND b.action = 'approve' AND b.at <= $2)
             ORDER BY f.indicator_id, f.region_id, a.at",
        )
        .bind(period.0)
        .bind(as_of)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SourcedFigure {
                    figure: figure(r)?,
                    report_id: ReportId(r.try_get("report_id")?),
                    version: r.try_get("version")?,
                    item_id: ItemId(r.try_get("item_id")?),
                    unit_id: UnitId(r.try_get("unit_id")?),
                    author_id: UserId(r.try_get("author_id")?),
                    approved_by: UserId(r.try_get("approved_by")?),
                    approved_at: r.try_get("approved_at")?,
                })
            })
            .collect()
    }
}

/// The review steps, as the domain defines them.
pub use duban_domain::ReviewAction as ReportAction;

fn not_now(state: ReportState, zh: &str, en: &str) -> StoreError {
    StoreError::conflict(
        "wrong_state",
        format!("填报当前状态为“{}”,不能{zh}", state_zh(state)),
        format!("a report that is {} cannot be {en}", state.as_str()),
    )
}

fn state_zh(s: ReportState) -> &'static str {
    match s {
        ReportState::Draft => "草稿",
        ReportState::Submitted => "已报送",
        ReportState::Reviewed => "牵头单位已审核",
        ReportState::Approved => "已通过",
        ReportState::Returned => "已退回",
    }
}

/// One draft to write: a new report, or a new version of a draft or returned one.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftWrite {
    Create {
        period: PeriodId,
        item: ItemId,
        unit: UnitId,
        content: ReportContent,
    },
    Update {
        id: ReportId,
        expected_version: i64,
        content: ReportContent,
    },
}

fn author_of(change: Change) -> Result<UserId> {
    change
        .actor
        .ok_or_else(|| StoreError::Corrupt("a report needs an author".into()))
}

async fn create_in(
    tx: &mut Tx,
    period: PeriodId,
    item: ItemId,
    unit: UnitId,
    content: &ReportContent,
    author: UserId,
    at: i64,
) -> Result<ReportId> {
    let plan = open_period_plan(tx, period).await?;
    let item_plan: Option<i64> = sqlx::query_scalar("SELECT plan_id FROM items WHERE id = $1")
        .bind(item.0)
        .fetch_optional(&mut **tx)
        .await?;
    match item_plan {
        None => return Err(unknown("item_id", "实事", item.0)),
        Some(p) if p != plan => {
            return Err(StoreError::conflict(
                "item_not_in_plan",
                "该实事不属于该报告期的计划",
                "the item is not part of the period's plan",
            ));
        }
        Some(_) => {}
    }
    check_reporter(tx, item, unit, &content.figures).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO reports (plan_id, period_id, item_id, unit_id, state, current_version, version,
            created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'draft', 1, 1, $5, $5) RETURNING id",
    )
    .bind(plan)
    .bind(period.0)
    .bind(item.0)
    .bind(unit.0)
    .bind(at)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| {
        StoreError::unique_as(
            e,
            "duplicate_report",
            "该单位本期已有此项实事的填报,请修改原填报",
            "the unit already has a report on this item for this period: change that one",
        )
    })?;
    write_version(tx, id, 1, author, content, at).await?;
    event(tx, id, 1, "create", author, at, None).await?;
    Ok(ReportId(id))
}

async fn update_in(
    tx: &mut Tx,
    id: ReportId,
    expected_version: i64,
    content: &ReportContent,
    author: UserId,
    at: i64,
) -> Result<()> {
    let row = sqlx::query(
        "SELECT period_id, item_id, unit_id, state, current_version FROM reports WHERE id = $1",
    )
    .bind(id.0)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(StoreError::NotFound {
        entity: "report",
        id: id.0,
    })?;
    let state: String = row.try_get("state")?;
    let state = ReportState::parse(&state).ok_or_else(|| corrupt("state", &state))?;
    if !state.is_editable() {
        return Err(not_now(state, "修改", "changed"));
    }
    let period = PeriodId(row.try_get("period_id")?);
    let (item, unit) = (
        ItemId(row.try_get("item_id")?),
        UnitId(row.try_get("unit_id")?),
    );
    writable(tx, id, period).await?;
    check_reporter(tx, item, unit, &content.figures).await?;
    let next = row.try_get::<i64, _>("current_version")? + 1;
    bump(
        tx,
        id,
        expected_version,
        Some(state),
        "draft",
        next,
        None,
        at,
    )
    .await?;
    write_version(tx, id.0, next, author, content, at).await?;
    event(tx, id.0, next, "update", author, at, None).await?;
    Ok(())
}

/// A report may change while its period is open, or while a correction of it that the
/// office approved is under way.
async fn writable(tx: &mut Tx, id: ReportId, period: PeriodId) -> Result<()> {
    match open_period_plan(tx, period).await {
        Err(StoreError::Conflict {
            code: "period_closed",
            ..
        }) if crate::requests::correcting(tx, id).await? => Ok(()),
        other => other.map(|_| ()),
    }
}

/// An approved report of a closed period goes back to its unit to correct: returned,
/// with the office's comment; its approved version keeps counting meanwhile.
pub(crate) async fn reopen_for_correction(
    tx: &mut Tx,
    id: ReportId,
    actor: UserId,
    at: i64,
    comment: &str,
) -> Result<()> {
    let row = sqlx::query(
        "SELECT version, current_version FROM reports WHERE id = $1 AND state = 'approved'",
    )
    .bind(id.0)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| {
        StoreError::conflict(
            "not_correctable",
            "只有已通过的填报才能更正",
            "only an approved report is corrected",
        )
    })?;
    let (version, current): (i64, i64) = (row.try_get("version")?, row.try_get("current_version")?);
    bump(
        tx,
        id,
        version,
        Some(ReportState::Approved),
        "returned",
        current,
        None,
        at,
    )
    .await?;
    event(tx, id.0, current, "reopen", actor, at, Some(comment)).await
}

/// The plan of an open period; closed periods take no changes.
async fn open_period_plan(tx: &mut Tx, period: PeriodId) -> Result<i64> {
    let row = sqlx::query("SELECT plan_id, state FROM periods WHERE id = $1")
        .bind(period.0)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| unknown("period_id", "报告期", period.0))?;
    let state: String = row.try_get("state")?;
    if PeriodState::parse(&state) != Some(PeriodState::Open) {
        return Err(StoreError::conflict(
            "period_closed",
            "报告期已关闭,不能再修改填报",
            "the period is closed: its reports cannot change",
        ));
    }
    Ok(row.try_get("plan_id")?)
}

/// The unit must be responsible for the item; a region reports only its own figures.
async fn check_reporter(tx: &mut Tx, item: ItemId, unit: UnitId, figures: &[Figure]) -> Result<()> {
    let row = sqlx::query(
        "SELECT u.kind,
                (SELECT COUNT(*) FROM items i WHERE i.id = $1 AND i.lead_unit_id = u.id)
              + (SELECT COUNT(*) FROM item_units l WHERE l.item_id = $1 AND l.unit_id = u.id) AS responsible
         FROM units u WHERE u.id = $2",
    )
    .bind(item.0)
    .bind(unit.0)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| unknown("unit_id", "单位", unit.0))?;
    let responsible: i64 = row.try_get("responsible")?;
    if responsible == 0 {
        return Err(StoreError::conflict(
            "unit_not_responsible",
            "该单位不是此项实事的牵头、责任单位或涉及县区",
            "the unit is neither lead, co-responsible nor a region of this item",
        ));
    }
    let kind: String = row.try_get("kind")?;
    if UnitKind::parse(&kind) == Some(UnitKind::Region)
        && figures.iter().any(|f| f.region_id != Some(unit))
    {
        return Err(StoreError::conflict(
            "other_region",
            "县区只能填报本区域的数据",
            "a region reports only its own figures",
        ));
    }
    // The API parses figures against the item's indicators; the store checks again so
    // that no caller can file one item's figures under another.
    let allowed: Vec<(i64, Option<i64>)> = sqlx::query(
        "SELECT i.id, r.region_id FROM indicators i
         LEFT JOIN indicator_regions r ON r.indicator_id = i.id WHERE i.item_id = $1",
    )
    .bind(item.0)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("region_id")?)))
    .collect::<Result<_>>()?;
    let mut bad = Invalid::default();
    for (n, f) in figures.iter().enumerate() {
        let ok = allowed.iter().any(|(i, r)| {
            *i == f.indicator_id.0 && (f.region_id.is_none() || *r == f.region_id.map(|x| x.0))
        });
        if !ok {
            bad.push(FieldError::new(
                format!("figures/{n}/indicator_id"),
                "indicator_not_in_item",
                "该指标(或其区域)不属于此项实事",
                "the indicator, or its region, is not part of this item",
            ));
        }
    }
    bad.into_result()?;
    for (n, f) in figures.iter().enumerate() {
        if figures[..n]
            .iter()
            .any(|g| g.indicator_id == f.indicator_id && g.region_id == f.region_id)
        {
            return Err(StoreError::conflict(
                "duplicate_figure",
                "同一指标、同一区域只能填报一个数值",
                "one figure per indicator and region",
            ));
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn bump(
    tx: &mut Tx,
    id: ReportId,
    expected: i64,
    from: Option<ReportState>,
    to: &str,
    current_version: i64,
    approved_version: Option<i64>,
    at: i64,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE reports SET state = $3, current_version = $4,
            approved_version = COALESCE($5, approved_version), version = version + 1, updated_at = $6
         WHERE id = $1 AND version = $2 AND ($7 IS NULL OR state = $7)",
    )
    .bind(id.0)
    .bind(expected)
    .bind(to)
    .bind(current_version)
    .bind(approved_version)
    .bind(at)
    .bind(from.map(ReportState::as_str))
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(missing_or_stale(
            tx,
            "SELECT version FROM reports WHERE id = $1",
            "report",
            id.0,
        )
        .await);
    }
    Ok(())
}

/// Figures to one INSERT: 7 parameters each, well under either database's limit.
const FIGURES_PER_INSERT: usize = 200;

/// The head of the figures' many-row INSERT.
pub(crate) const INSERT_FIGURES: &str = "INSERT INTO report_figures (report_id, version, indicator_id, region_id, value, stage, assessment) VALUES ";

async fn write_version(
    tx: &mut Tx,
    id: i64,
    version: i64,
    author: UserId,
    c: &ReportContent,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO report_versions (report_id, version, narrative, author_id, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(version)
    .bind(&c.narrative)
    .bind(author.0)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    // Many rows to a statement: an import writes thousands of figures at once.
    for chunk in c.figures.chunks(FIGURES_PER_INSERT) {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(crate::rows::insert_rows_sql(
            INSERT_FIGURES,
            7,
            chunk.len(),
        )));
        for f in chunk {
            let (value, stage, assessment) = match f.reading {
                Reading::Value(v) => (Some(v.scaled()), None, None),
                Reading::Stage(s) => (None, Some(s as i64), None),
                Reading::Assessment(a) => (None, None, Some(a.as_str())),
            };
            q = q
                .bind(id)
                .bind(version)
                .bind(f.indicator_id.0)
                .bind(f.region_id.map_or(0, |r| r.0))
                .bind(value)
                .bind(stage)
                .bind(assessment);
        }
        q.execute(&mut **tx).await?;
    }
    for l in &c.funding {
        sqlx::query(
            "INSERT INTO report_funding (report_id, version, source, raised, allocated, spent)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(version)
        .bind(l.source.as_str())
        .bind(l.funds.raised.scaled())
        .bind(l.funds.allocated.scaled())
        .bind(l.funds.spent.scaled())
        .execute(&mut **tx)
        .await
        .map_err(|e| {
            StoreError::unique_as(
                e,
                "duplicate_source",
                "同一资金来源只能填报一行",
                "one line per funding source",
            )
        })?;
    }
    let after = serde_json::json!({
        "version": version,
        "narrative": c.narrative,
        "figures": c.figures.iter().map(figure_json).collect::<Vec<_>>(),
        "funding": c.funding,
    });
    let object = format!("report:{id}");
    let e = Entry::event(at, Who::User(author), "report.version", object, OK);
    crate::audit::append(tx, e.with_after(after.to_string())).await?;
    Ok(())
}

fn funding_line(r: &AnyRow) -> Result<FundingLine> {
    let source: String = r.try_get("source")?;
    let amount = |c: &str| -> Result<Decimal> { Ok(Decimal::from_scaled(r.try_get(c)?)) };
    Ok(FundingLine {
        source: FundingSource::parse(&source).ok_or_else(|| corrupt("funding source", &source))?,
        funds: Funds {
            raised: amount("raised")?,
            allocated: amount("allocated")?,
            spent: amount("spent")?,
        },
    })
}

/// A figure as the audit log keeps it.
fn figure_json(f: &Figure) -> serde_json::Value {
    let reading = match f.reading {
        Reading::Value(v) => serde_json::json!({ "value": v.to_string() }),
        Reading::Stage(s) => serde_json::json!({ "stage": s as i64 }),
        Reading::Assessment(a) => serde_json::json!({ "assessment": a.as_str() }),
    };
    serde_json::json!({
        "indicator": f.indicator_id.0,
        "region": f.region_id.map(|r| r.0),
        "reading": reading,
    })
}

async fn event(
    tx: &mut Tx,
    id: i64,
    version: i64,
    action: &str,
    actor: UserId,
    at: i64,
    comment: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO report_events (report_id, version, action, actor_id, at, comment)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(version)
    .bind(action)
    .bind(actor.0)
    .bind(at)
    .bind(comment)
    .execute(&mut **tx)
    .await?;
    let after = serde_json::json!({ "version": version, "comment": comment });
    let (event, object) = (format!("report.{action}"), format!("report:{id}"));
    let e = Entry::event(at, Who::User(actor), &event, object, OK);
    crate::audit::append(tx, e.with_after(after.to_string())).await?;
    Ok(())
}

/// A warning kept with a submitted version, and the reason the reporter gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptWarning {
    pub warning: Warning,
    pub reason: String,
}

impl Store {
    /// The warnings raised when `version` of the report was submitted.
    pub async fn report_warnings(&self, id: ReportId, version: i64) -> Result<Vec<KeptWarning>> {
        let rows = sqlx::query(
            "SELECT rule, indicator_id, region_id, message_zh, message_en, reason FROM report_warnings
             WHERE report_id = $1 AND version = $2 ORDER BY rule, indicator_id, region_id",
        )
        .bind(id.0)
        .bind(version)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let rule: String = r.try_get("rule")?;
                let region: i64 = r.try_get("region_id")?;
                Ok(KeptWarning {
                    warning: Warning {
                        rule: Rule::parse(&rule).ok_or_else(|| corrupt("rule", &rule))?,
                        indicator_id: IndicatorId(r.try_get("indicator_id")?),
                        region_id: (region != 0).then_some(UnitId(region)),
                        message_zh: r.try_get("message_zh")?,
                        message_en: r.try_get("message_en")?,
                    },
                    reason: r.try_get("reason")?,
                })
            })
            .collect()
    }

    /// The unit's approved figures on the item in the plan's periods before `period`,
    /// the most recent first (periods without an approved report are skipped).
    pub async fn earlier_approved(
        &self,
        item: ItemId,
        unit: UnitId,
        period: PeriodId,
    ) -> Result<Vec<Vec<Figure>>> {
        let rows = sqlx::query(
            "SELECT r.id, r.approved_version FROM reports r
             JOIN periods p ON p.id = r.period_id
             JOIN periods cur ON cur.id = $3 AND cur.plan_id = p.plan_id
             WHERE r.item_id = $1 AND r.unit_id = $2 AND p.label < cur.label
               AND r.approved_version IS NOT NULL
             ORDER BY p.label DESC",
        )
        .bind(item.0)
        .bind(unit.0)
        .bind(period.0)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let version: i64 = r.try_get("approved_version")?;
            out.push(self.figures_of(ReportId(r.try_get("id")?), version).await?);
        }
        Ok(out)
    }
}

//! 数据质量风险: each unit's and item's data-quality risk score with its parts, the
//! proposed spot-check list (抽查清单), and the outcomes the office records.

use axum::extract::State;
use duban_domain::access::manages_plans;
use duban_domain::quality::{
    Part, SPOT_CHECK_FROM, Score, SpotCheck, SpotCheckFields, Subject, scores, spot_checks,
};
use duban_domain::{PlanId, Role};
use duban_store::{Change, Versioned};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Tagged;
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiResult, Problem};
use crate::extract::{Json, PathId};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(data_quality))
        .routes(routes!(record_check))
}

/// Data quality is the office's to judge; leaders and evaluators read it too. Units
/// do not see one another's scores.
pub fn reads_quality(role: Role) -> bool {
    matches!(role, Role::Office | Role::Leader | Role::Evaluator)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceView {
    pub report_id: i64,
    /// The report's period, YYYY-MM; empty for a pattern over all reports.
    pub period: String,
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PartView {
    /// A rule's name (`checks::Rule`), or copied_forward | fitted_regions | round_numbers.
    pub kind: String,
    pub label_zh: String,
    pub label_en: String,
    pub weight: u32,
    pub count: u32,
    pub points: u32,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreView {
    /// unit | item
    pub subject: String,
    pub subject_id: i64,
    /// 0–100: the sum of the parts' points, capped.
    pub score: u32,
    /// Approved reports read.
    pub reports: u32,
    pub parts: Vec<PartView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SpotCheckView {
    pub id: i64,
    pub subject: String,
    pub subject_id: i64,
    /// The score when the check was recorded.
    pub score: u32,
    /// confirmed | discrepancy | corrected
    pub outcome: String,
    pub outcome_label: String,
    pub note: String,
    pub checked_by: i64,
    /// RFC 3339, UTC.
    pub checked_at: String,
    pub version: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DataQualityView {
    /// Every unit and item with an approved report, units first.
    pub scores: Vec<ScoreView>,
    /// The proposed spot-check list: scores of at least `threshold`, highest first.
    pub proposed: Vec<ScoreView>,
    pub threshold: u32,
    /// The checks recorded on the plan, newest first.
    pub checks: Vec<SpotCheckView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpotCheckInput {
    /// unit | item
    pub subject: String,
    pub subject_id: i64,
    /// confirmed | discrepancy | corrected
    pub outcome: String,
    /// What was checked and found.
    pub note: String,
}

fn part_kind(p: &Part) -> String {
    use duban_domain::quality::PartKind;
    match p.kind {
        PartKind::Rule(r) => r.as_str().into(),
        PartKind::CopiedForward => "copied_forward".into(),
        PartKind::FittedRegions => "fitted_regions".into(),
        PartKind::RoundNumbers => "round_numbers".into(),
    }
}

pub fn score_view(subject: Subject, s: &Score) -> ScoreView {
    ScoreView {
        subject: subject.kind().into(),
        subject_id: subject.id(),
        score: s.score,
        reports: s.reports,
        parts: s
            .parts
            .iter()
            .map(|p| PartView {
                kind: part_kind(p),
                label_zh: p.label_zh.into(),
                label_en: p.label_en.into(),
                weight: p.weight,
                count: p.count,
                points: p.points,
                evidence: p
                    .evidence
                    .iter()
                    .map(|e| EvidenceView {
                        report_id: e.report_id,
                        period: e.period.clone(),
                        note: e.note.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub fn check_view(c: Versioned<SpotCheck>) -> SpotCheckView {
    let v = c.value;
    SpotCheckView {
        id: v.id,
        subject: v.subject.kind().into(),
        subject_id: v.subject.id(),
        score: v.score,
        outcome: v.outcome.as_str().into(),
        outcome_label: v.outcome.label_zh().into(),
        note: v.note,
        checked_by: v.checked_by.0,
        checked_at: duban_domain::date::rfc3339(v.checked_at),
        version: c.version,
    }
}

/// Every unit's and item's score over the plan's approved reports.
pub async fn plan_scores(s: &AppState, plan: PlanId) -> ApiResult<Vec<(Subject, Score)>> {
    let records = s.store.quality_records(plan).await?;
    Ok(scores(&records))
}

/// 数据质量风险 Each unit's and item's data-quality risk score with its parts and
/// evidence, the proposed spot-check list and the checks recorded.
#[utoipa::path(get, path = "/api/v1/plans/{id}/data-quality", tag = "data-quality", params(("id" = i64, Path)),
    responses((status = 200, body = DataQualityView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn data_quality(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<DataQualityView>> {
    auth.require(reads_quality(auth.role()))?;
    let plan = PlanId(id);
    s.store.plan(plan).await?;
    let all = plan_scores(&s, plan).await?;
    let proposed = spot_checks(&all, SPOT_CHECK_FROM, 50);
    let checks = s.store.spot_checks(plan).await?;
    Ok(axum::Json(DataQualityView {
        scores: all.iter().map(|(sub, sc)| score_view(*sub, sc)).collect(),
        proposed: proposed
            .iter()
            .map(|(sub, sc)| score_view(*sub, sc))
            .collect(),
        threshold: SPOT_CHECK_FROM,
        checks: checks.into_iter().map(check_view).collect(),
    }))
}

/// 记录抽查结果 Record the outcome of a spot check on a unit or an item (office); the
/// score it had is kept with it.
#[utoipa::path(post, path = "/api/v1/plans/{id}/spot-checks", tag = "data-quality", params(("id" = i64, Path)),
    request_body = SpotCheckInput,
    responses((status = 201, body = SpotCheckView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn record_check(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Json(i): Json<SpotCheckInput>,
) -> ApiResult<Tagged<SpotCheckView>> {
    let c = record_one(&s, &auth, PlanId(id), &i).await?;
    let loc = format!("/api/v1/plans/{id}/data-quality");
    Ok(Tagged::created(c.version, check_view(c), loc))
}

/// Records a spot check as the API and the office's page both do.
pub async fn record_one(
    s: &AppState,
    auth: &Auth,
    plan: PlanId,
    i: &SpotCheckInput,
) -> ApiResult<Versioned<SpotCheck>> {
    auth.require(manages_plans(auth.role()))?;
    // Parsed first, so that bad input is refused before anything is read.
    SpotCheckFields::parse(&i.subject, i.subject_id, 0, &i.outcome, &i.note)?;
    s.store.plan(plan).await?;
    let all = plan_scores(s, plan).await?;
    let score = Subject::parse(&i.subject, i.subject_id)
        .and_then(|sub| all.iter().find(|(x, _)| *x == sub))
        .map_or(0, |(_, sc)| sc.score);
    let f = SpotCheckFields::parse(
        &i.subject,
        i.subject_id,
        i64::from(score),
        &i.outcome,
        &i.note,
    )?;
    Ok(s.store
        .record_spot_check(plan, &f, Change::now(Some(auth.user.id)))
        .await?)
}

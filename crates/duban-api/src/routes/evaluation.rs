//! 绩效考评: a plan's scheme of weighted criteria, a period's league tables for
//! departments and regions with every score's breakdown, the evaluators' entries, the
//! office's approval that freezes the tables, and their download.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use duban_domain::access::{enters_evaluation, manages_plans, reads_evaluation, reads_plans};
use duban_domain::evaluation::{
    Approved, Entry, Measure, Scheme, Source, Table, parse_entered, tables, workbook,
};
use duban_domain::{Decimal, FieldError, Invalid, Period, PeriodId, Plan, PlanId, UnitId};
use duban_store::Change;
use duban_store::evaluation::{Approval, EntryRow, EntryScores};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::Tagged;
use super::exports::{Format, download, encode};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{IfMatch, Json, PathId, Query};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_scheme, set_scheme))
        .routes(routes!(get_evaluation))
        .routes(routes!(enter))
        .routes(routes!(approve))
        .routes(routes!(export))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionView {
    /// progress | on_time | data_quality | rectification | third_party | satisfaction
    pub criterion: String,
    pub label_zh: String,
    pub label_en: String,
    pub weight: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SchemeView {
    pub plan_id: i64,
    pub criteria: Vec<CriterionView>,
    pub version: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeightInput {
    pub criterion: String,
    #[schema(minimum = 1, maximum = 100)]
    pub weight: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemeInput {
    /// Each criterion once; whole weights adding up to 100.
    pub criteria: Vec<WeightInput>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LineView {
    pub criterion: String,
    pub label_zh: String,
    pub label_en: String,
    /// The scheme's weight.
    pub weight: u32,
    /// The weight after criteria that do not apply dropped out (points of 100).
    #[schema(value_type = Option<f64>)]
    pub effective_weight: Option<Decimal>,
    /// scored | not_applicable | pending
    pub kind: String,
    #[schema(value_type = Option<f64>)]
    pub score: Option<Decimal>,
    /// What the score was computed from, or why it does not apply.
    pub basis_zh: String,
    pub basis_en: String,
    #[schema(value_type = Option<f64>)]
    pub contribution: Option<Decimal>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RowView {
    pub unit_id: i64,
    pub unit_name: String,
    /// 1-based, shared on ties; absent while the total is provisional.
    pub rank: Option<u32>,
    #[schema(value_type = Option<f64>)]
    pub total: Option<Decimal>,
    /// False while an evaluator's score is pending.
    pub complete: bool,
    pub lines: Vec<LineView>,
    /// The evaluator's comment.
    pub comment: String,
    /// The version of the unit's entry, for `If-Match` (1 before the first).
    pub entry_version: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TableView {
    /// units (市直部门) | regions (县区)
    pub league: String,
    pub label_zh: String,
    pub rows: Vec<RowView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationView {
    pub period_id: i64,
    /// YYYY-MM
    pub period: String,
    /// Approved by the office: the tables are frozen as they were then.
    pub approved: bool,
    pub approved_by: Option<i64>,
    pub approved_at: Option<String>,
    pub criteria: Vec<CriterionView>,
    pub tables: Vec<TableView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryInput {
    /// The department or region scored.
    pub unit_id: i64,
    /// 第三方评估 score, 0–100 with two decimals at most; null while not scored.
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 100)]
    pub third_party: Option<Decimal>,
    /// 群众满意度 where a survey was held, 0–100; null where none was.
    #[schema(value_type = Option<f64>, minimum = 0, maximum = 100)]
    pub satisfaction: Option<Decimal>,
    #[schema(max_length = 1000)]
    pub comment: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntryView {
    pub period_id: i64,
    pub unit_id: i64,
    #[schema(value_type = Option<f64>)]
    pub third_party: Option<Decimal>,
    #[schema(value_type = Option<f64>)]
    pub satisfaction: Option<Decimal>,
    pub comment: String,
    pub version: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// xlsx (default) | csv (the departments' table)
    #[param(pattern = "^(xlsx|csv)$")]
    pub format: Option<String>,
}

/// A period's evaluation as the API, the pages and the downloads show it.
pub struct Standings {
    pub period: Period,
    pub plan: Plan,
    pub scheme: Scheme,
    pub tables: Vec<Table>,
    pub approval: Option<Approval>,
    pub entries: Vec<EntryRow>,
}

fn criteria(scheme: &Scheme) -> Vec<CriterionView> {
    scheme
        .weights
        .iter()
        .map(|w| CriterionView {
            criterion: w.criterion.as_str().into(),
            label_zh: w.criterion.label_zh().into(),
            label_en: w.criterion.label_en().into(),
            weight: w.weight,
        })
        .collect()
}

/// The period's tables: as approved, or computed now from the plan at its cut-off.
pub async fn standings(s: &AppState, period: PeriodId) -> ApiResult<Standings> {
    let period = s.store.period(period).await?.value;
    let plan_id = period.plan_id;
    let approval = s.store.evaluation_approval(period.id).await?;
    let entries = s.store.evaluation_entries(period.id).await?;
    let plan = s.store.plan(plan_id).await?.value;
    if let Some(a) = &approval {
        return Ok(Standings {
            period,
            plan,
            scheme: a.approved.scheme.clone(),
            tables: a.approved.tables.clone(),
            approval,
            entries,
        });
    }
    let (scheme, _) = s.store.evaluation_scheme(plan_id).await?;
    let items = s.store.plan_items(plan_id).await?;
    let indicators = s.store.plan_indicators(plan_id).await?;
    let units = s.store.all_units().await?;
    let ledger =
        super::plans::judge_part(&s.store, plan_id, &items, &indicators, Some(period.label))
            .await?
            .map(|(l, _)| l)
            .unwrap_or_default();
    let (reports, problems) = s.store.evaluation_facts(plan_id, period.id).await?;
    let by_unit: BTreeMap<UnitId, Entry> = entries
        .iter()
        .map(|e| (e.unit_id, Entry::from(&e.entry)))
        .collect();
    let src = Source {
        units: &units,
        items: &items,
        indicators: &indicators,
        ledger: &ledger,
        cutoff: period.cutoff,
        deadline: period.deadline,
    };
    let tables = tables(&scheme, &src, &reports, &problems, &by_unit);
    Ok(Standings {
        period,
        plan,
        scheme,
        tables,
        approval,
        entries,
    })
}

fn line_view(l: &duban_domain::evaluation::Line) -> LineView {
    let (kind, score, zh, en) = match &l.measure {
        Measure::Scored {
            score,
            basis_zh,
            basis_en,
        } => ("scored", Some(*score), basis_zh.clone(), basis_en.clone()),
        Measure::NotApplicable { why_zh, why_en } => {
            ("not_applicable", None, why_zh.clone(), why_en.clone())
        }
        Measure::Pending => (
            "pending",
            None,
            "待评估单位评分".to_string(),
            "waiting for the evaluator's score".to_string(),
        ),
    };
    LineView {
        criterion: l.criterion.as_str().into(),
        label_zh: l.criterion.label_zh().into(),
        label_en: l.criterion.label_en().into(),
        weight: l.weight,
        effective_weight: l.effective_weight,
        kind: kind.into(),
        score,
        basis_zh: zh,
        basis_en: en,
        contribution: l.contribution,
    }
}

pub fn view(st: &Standings) -> EvaluationView {
    let entry = |u: UnitId| st.entries.iter().find(|e| e.unit_id == u);
    EvaluationView {
        period_id: st.period.id.0,
        period: st.period.label.to_string(),
        approved: st.approval.is_some(),
        approved_by: st.approval.as_ref().map(|a| a.approved_by.0),
        approved_at: st
            .approval
            .as_ref()
            .map(|a| duban_domain::date::rfc3339(a.approved_at)),
        criteria: criteria(&st.scheme),
        tables: st
            .tables
            .iter()
            .map(|t| TableView {
                league: t.league.as_str().into(),
                label_zh: t.league.label_zh().into(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| RowView {
                        unit_id: r.subject.unit_id.0,
                        unit_name: r.subject.name.clone(),
                        rank: r.rank,
                        total: r.evaluation.total,
                        complete: r.evaluation.complete,
                        lines: r.evaluation.lines.iter().map(line_view).collect(),
                        comment: entry(r.subject.unit_id)
                            .map(|e| e.comment.clone())
                            .unwrap_or_default(),
                        entry_version: entry(r.subject.unit_id).map_or(1, |e| e.version),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// 考评方案 The plan's evaluation scheme: its criteria and weights (the standard
/// scheme until the office sets one).
#[utoipa::path(get, path = "/api/v1/plans/{id}/evaluation-scheme", tag = "evaluation", params(("id" = i64, Path)),
    responses((status = 200, body = SchemeView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_scheme(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<Tagged<SchemeView>> {
    auth.require(reads_plans(auth.role()))?;
    let (scheme, version) = s.store.evaluation_scheme(PlanId(id)).await?;
    Ok(Tagged::ok(
        version,
        SchemeView {
            plan_id: id,
            criteria: criteria(&scheme),
            version,
        },
    ))
}

/// 设置考评方案 Replace the plan's scheme (office): known criteria, each once, whole
/// weights adding up to 100.
#[utoipa::path(put, path = "/api/v1/plans/{id}/evaluation-scheme", tag = "evaluation", request_body = SchemeInput,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the scheme's ETag")),
    responses((status = 200, body = SchemeView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
              (status = 428, body = Problem)))]
async fn set_scheme(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(i): Json<SchemeInput>,
) -> ApiResult<Tagged<SchemeView>> {
    auth.require(manages_plans(auth.role()))?;
    let pairs: Vec<(String, i64)> = i
        .criteria
        .into_iter()
        .map(|w| (w.criterion, w.weight))
        .collect();
    let scheme = Scheme::parse(&pairs)?;
    let v = s
        .store
        .set_evaluation_scheme(
            PlanId(id),
            version,
            &scheme,
            Change::now(Some(auth.user.id)),
        )
        .await?;
    Ok(Tagged::ok(
        v,
        SchemeView {
            plan_id: id,
            criteria: criteria(&scheme),
            version: v,
        },
    ))
}

/// 考评排名 A period's league tables for departments and regions, each score with its
/// breakdown; frozen as approved once the office has approved them.
#[utoipa::path(get, path = "/api/v1/periods/{id}/evaluation", tag = "evaluation", params(("id" = i64, Path)),
    responses((status = 200, body = EvaluationView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn get_evaluation(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<EvaluationView>> {
    auth.require(reads_evaluation(auth.role()))?;
    Ok(axum::Json(view(&standings(&s, PeriodId(id)).await?)))
}

/// Checks and records an evaluator's entry, as the API and the page both do.
pub async fn enter_one(
    s: &AppState,
    auth: &Auth,
    period: PeriodId,
    version: i64,
    i: &EntryInput,
) -> ApiResult<EntryView> {
    auth.require(enters_evaluation(auth.role()))?;
    let mut bad = Invalid::default();
    let third_party = i
        .third_party
        .and_then(|v| bad.take(parse_entered("third_party", v)));
    let satisfaction = i
        .satisfaction
        .and_then(|v| bad.take(parse_entered("satisfaction", v)));
    let comment = i.comment.as_deref().unwrap_or("").trim().to_string();
    if comment.chars().count() > 1000 {
        bad.push(FieldError::new(
            "comment",
            "too_long",
            "评语不超过1000字",
            "a comment has at most 1000 characters",
        ));
    }
    bad.into_result()?;
    let st = standings(s, period).await?;
    let scored = st
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .any(|r| r.subject.unit_id.0 == i.unit_id);
    if !scored && st.approval.is_none() {
        return Err(super::invalid(
            "unit_id",
            "not_evaluated",
            format!("单位{}不在本期考评范围内", i.unit_id),
            format!("unit {} is not evaluated in this period", i.unit_id),
        ));
    }
    let scores = EntryScores {
        third_party,
        satisfaction,
    };
    let v = s
        .store
        .set_evaluation_entry(
            period,
            UnitId(i.unit_id),
            version,
            &scores,
            &comment,
            Change::now(Some(auth.user.id)),
        )
        .await?;
    Ok(EntryView {
        period_id: period.0,
        unit_id: i.unit_id,
        third_party,
        satisfaction,
        comment,
        version: v,
    })
}

/// 录入评分 An evaluator's third-party score, satisfaction score and comment for one
/// department or region (`If-Match`: the entry's version, "v1" before the first).
#[utoipa::path(post, path = "/api/v1/periods/{id}/evaluation/entries", tag = "evaluation", request_body = EntryInput,
    params(("id" = i64, Path), ("If-Match" = String, Header, description = "the entry's ETag (\"v1\" before the first)")),
    responses((status = 200, body = EntryView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 412, body = Problem),
              (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn enter(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    IfMatch(version): IfMatch,
    Json(i): Json<EntryInput>,
) -> ApiResult<Tagged<EntryView>> {
    let e = enter_one(&s, &auth, PeriodId(id), version, &i).await?;
    Ok(Tagged::ok(e.version, e))
}

/// Approves a period's evaluation, as the API and the page both do.
pub async fn approve_one(s: &AppState, auth: &Auth, period: PeriodId) -> ApiResult<Standings> {
    auth.require(manages_plans(auth.role()))?;
    let st = standings(s, period).await?;
    if st.approval.is_some() {
        return Err(ApiError::Conflict {
            code: "evaluation_approved",
            zh: "本期考评结果已审定".into(),
            en: "this period's evaluation is already approved".into(),
        });
    }
    let pending: Vec<&str> = st
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .filter(|r| !r.evaluation.complete)
        .map(|r| r.subject.name.as_str())
        .collect();
    if !pending.is_empty() {
        return Err(ApiError::Conflict {
            code: "evaluation_incomplete",
            zh: format!("以下单位尚待评分,不能审定:{}", pending.join("、")),
            en: format!(
                "{} unit(s) still wait for the evaluator's score",
                pending.len()
            ),
        });
    }
    let approved = Approved {
        scheme: st.scheme.clone(),
        tables: st.tables.clone(),
    };
    let change = Change::now(Some(auth.user.id));
    s.store
        .approve_evaluation(period, &approved, change)
        .await?;
    // What was approved is what was just computed: no need to read and judge it again.
    Ok(Standings {
        approval: Some(Approval {
            approved_by: auth.user.id,
            approved_at: change.at,
            approved,
        }),
        ..st
    })
}

/// 审定考评结果 Approve the period's league tables (office): every score must be in;
/// from then on the tables are shown as approved and entries are closed.
#[utoipa::path(post, path = "/api/v1/periods/{id}/evaluation/approval", tag = "evaluation", params(("id" = i64, Path)),
    responses((status = 200, body = EvaluationView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn approve(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
) -> ApiResult<axum::Json<EvaluationView>> {
    Ok(axum::Json(view(
        &approve_one(&s, &auth, PeriodId(id)).await?,
    )))
}

/// The league tables as a workbook, for the API and the pages.
pub fn book(st: &Standings) -> duban_domain::sheet::Workbook {
    workbook(
        &st.plan.title,
        &st.period.label.to_string(),
        &st.scheme,
        &st.tables,
    )
}

/// 导出考评排名表 The league tables as xlsx (a sheet per league) or CSV (the first).
#[utoipa::path(get, path = "/api/v1/periods/{id}/evaluation/export", tag = "evaluation",
    params(("id" = i64, Path), ExportQuery),
    responses((status = 200, description = "the league tables", content((Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (String = "text/csv"))),
              (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem)))]
async fn export(
    State(s): State<AppState>,
    auth: Auth,
    PathId(id): PathId,
    Query(q): Query<ExportQuery>,
) -> ApiResult<Response> {
    auth.require(reads_evaluation(auth.role()))?;
    let format = Format::parse(q.format.as_deref())?;
    let st = standings(&s, PeriodId(id)).await?;
    let b = book(&st);
    let bytes = encode(&b, format)?;
    Ok(download(&b, format, bytes))
}

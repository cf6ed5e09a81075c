//! 填报: the one fill-in form for a unit's report on an item in the open period. It is
//! prefilled (the draft's figures, else the last approved ones), checked by the same
//! code as the API — every error is shown beside its field — and asks a reason for each
//! consistency warning before the report goes to review. Its evidence files
//! (佐证材料) are listed beneath it, uploaded and withdrawn there, through the API's own
//! evidence code.

use super::i18n::{filters, tr};
use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::access::writes_report;
use duban_domain::evidence::report_takes_evidence;
use duban_domain::funding::FundingSource;
use duban_domain::{Decimal, FieldError, Invalid, ItemId, PeriodState, ReportId, Role, Status};
use duban_store::reports::ReportAction;
use serde::Deserialize;

use super::SignedIn;
use super::evidence::Files;
use super::{message, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Patch;
use crate::routes::funding::{FundingInput, funding_out};
use crate::routes::reports::{
    FigureInput, ReportInput, ReportPatch, figure_out, returned_comment, revise, start,
};
use crate::routes::review::{ActionInput, step, warnings_of};
use crate::routes::tasks::{OwedView, TaskView, tasks_of};

/// One figure the unit owes, as the form shows it.
struct Field {
    indicator_id: i64,
    region_id: Option<i64>,
    label: String,
    /// value | stage | assessment: which input it gets.
    input: &'static str,
    unit: String,
    text: String,
    options: Vec<Choice>,
    last: String,
    error: Option<String>,
}

/// One funding source's row of the 资金 section: raised, allocated, spent (万元).
struct FundingField {
    source: &'static str,
    label: &'static str,
    raised: String,
    allocated: String,
    spent: String,
    error: Option<String>,
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

struct WarningRow {
    key: String,
    message: String,
    reason: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "fill.html")]
struct FillPage {
    shell: Option<super::Shell>,
    period_label: String,
    deadline: String,
    item_id: i64,
    /// 第N项.
    item_label: String,
    item_title: String,
    capacity_label: String,
    state: String,
    state_label: &'static str,
    editable: bool,
    version: String,
    fields: Vec<Field>,
    narrative: String,
    narrative_error: Option<String>,
    /// 资金: one row per source, in the fixed order.
    funding: Vec<FundingField>,
    /// Why the report was returned, while it is.
    returned: Option<String>,
    warnings: Vec<WarningRow>,
    notice: Option<&'static str>,
    errors: Vec<String>,
    /// The report's evidence files; none before the report is first saved.
    evidence: Option<Files>,
    /// Why the last upload or withdrawal was refused.
    evidence_error: Option<String>,
}

/// What the form sent, by field name (`figures/0/value`, `reasons/<key>`, …).
type Posted = BTreeMap<String, String>;

#[derive(Debug, Deserialize)]
pub struct Done {
    /// saved | submitted: what the last POST did.
    ok: Option<String>,
}

/// What the page says beside the figures: field errors, a refusal, or what was done.
#[derive(Default)]
struct Shown {
    bad: Invalid,
    refusal: Option<(StatusCode, String)>,
    notice: Option<&'static str>,
    /// A refused upload or withdrawal of evidence.
    evidence: Option<(StatusCode, String)>,
}

impl Shown {
    fn failed(bad: Invalid, refusal: Option<(StatusCode, String)>) -> Self {
        Shown {
            bad,
            refusal,
            ..Shown::default()
        }
    }

    fn evidence_refused(e: &ApiError) -> Self {
        Shown {
            evidence: Some((e.status(), super::refused::text(e))),
            ..Shown::default()
        }
    }
}

pub async fn form(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(item): Path<i64>,
    Query(q): Query<Done>,
) -> Result<Response, ApiError> {
    let notice = match q.ok.as_deref() {
        Some("saved") => Some(tr("草稿已保存。")),
        Some("submitted") => Some(tr("已报送,等待牵头单位审核。")),
        Some("uploaded") => Some(tr("佐证材料已上传。")),
        Some("withdrawn") => Some(tr("佐证材料已撤回。")),
        _ => None,
    };
    let shown = Shown {
        notice,
        ..Shown::default()
    };
    show(&s, &auth, ItemId(item), None, shown).await
}

pub async fn submit(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(item): Path<i64>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let posted: Posted = posted.into_iter().collect();
    let item = ItemId(item);
    match save(&s, &auth, item, &posted).await {
        Ok(submitted) => {
            let ok = if submitted { "submitted" } else { "saved" };
            Ok(Redirect::to(&format!("/tasks/{}?ok={ok}", item.0)).into_response())
        }
        Err(ApiError::Invalid(bad)) => {
            let shown = Shown::failed(bad, None);
            show(&s, &auth, item, Some(&posted), shown).await
        }
        Err(e) if e.status().is_client_error() => {
            let refusal = (e.status(), super::refusal_text(&e));
            let shown = Shown::failed(Invalid::default(), Some(refusal));
            show(&s, &auth, item, Some(&posted), shown).await
        }
        Err(e) => Err(e),
    }
}

/// The unit's task on the item in the open period.
async fn task(
    s: &AppState,
    auth: &Auth,
    item: ItemId,
) -> Result<Result<(TaskView, String, String, i64), Response>, ApiError> {
    let unit = match (auth.role(), auth.user.unit_id) {
        (Role::Reporter | Role::Reviewer, Some(u)) => u,
        _ => {
            return message(
                StatusCode::FORBIDDEN,
                tr("无权访问"),
                tr("填报页供各单位填报员和审核员使用。"),
            )
            .map(Err);
        }
    };
    let item_row = match s.store.item(item).await {
        Ok(i) => i.value,
        Err(duban_store::StoreError::NotFound { .. }) => {
            return message(
                StatusCode::NOT_FOUND,
                tr("实事不存在"),
                tr("没有这项实事。"),
            )
            .map(Err);
        }
        Err(e) => return Err(e.into()),
    };
    let open = s
        .store
        .periods(item_row.plan_id)
        .await?
        .into_iter()
        .find(|p| p.value.state == PeriodState::Open);
    let Some(period) = open else {
        return message(
            StatusCode::CONFLICT,
            tr("没有开放的报告期"),
            tr("当前没有开放的报告期。"),
        )
        .map(Err);
    };
    let tasks = tasks_of(s, period.value.id, unit).await?;
    let Some(t) = tasks.tasks.into_iter().find(|t| t.item_id == item.0) else {
        return message(
            StatusCode::NOT_FOUND,
            tr("无需填报"),
            tr("本单位本期没有这项实事的填报任务。"),
        )
        .map(Err);
    };
    Ok(Ok((t, tasks.label, tasks.deadline, tasks.period_id)))
}

async fn show(
    s: &AppState,
    auth: &Auth,
    item: ItemId,
    posted: Option<&Posted>,
    shown: Shown,
) -> Result<Response, ApiError> {
    let Shown {
        bad,
        refusal,
        notice,
        evidence: evidence_refusal,
    } = shown;
    let (t, period_label, deadline, _) = match task(s, auth, item).await? {
        Ok(x) => x,
        Err(page) => return Ok(page),
    };
    let units = super::unit_names(s).await?;
    // The figures shown: the draft's, else the last approved ones; a failed POST's over both.
    let report = match t.report_id {
        Some(id) => Some(s.store.report(ReportId(id)).await?.value),
        None => None,
    };
    let inds = s.store.item_indicators(item).await?;
    let drafted: Vec<FigureInput> = report
        .as_ref()
        .map(|r| r.figures.iter().map(|f| figure_out(f, &inds)).collect())
        .unwrap_or_default();
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    for e in &bad.0 {
        errors
            .entry(e.field.clone())
            .or_insert_with(|| e.message_zh.clone());
    }
    let fields = t
        .figures
        .iter()
        .enumerate()
        .map(|(n, o)| {
            let mine = drafted
                .iter()
                .find(|f| f.indicator_id == o.indicator_id && f.region_id == o.region_id)
                .or(o.last_approved.as_ref());
            field(n, o, mine, posted, &units, &errors)
        })
        .collect();
    let warnings = match &report {
        Some(r) if posted.is_none() || bad.0.iter().any(|e| e.field.starts_with("reasons/")) => {
            warnings_of(s, r)
                .await?
                .into_iter()
                .map(|w| {
                    let key = w.key();
                    let name = format!("reasons/{key}");
                    WarningRow {
                        reason: posted
                            .and_then(|p| p.get(&name))
                            .cloned()
                            .unwrap_or_default(),
                        error: errors.get(&name).cloned(),
                        message: w.message_zh,
                        key,
                    }
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let funding = funding_fields(report.as_ref(), posted, &errors);
    let mut shown_fields: Vec<String> = t
        .figures
        .iter()
        .enumerate()
        .map(|(n, _)| format!("figures/{n}/"))
        .collect();
    shown_fields.extend((0..funding.len()).map(|k| format!("funding/{k}/")));
    // Errors that no field on the page shows are listed at the top.
    let mut loose: Vec<String> = refusal.iter().map(|(_, t)| t.clone()).collect();
    loose.extend(
        bad.0
            .iter()
            .filter(|e| {
                e.field != "narrative"
                    && !e.field.starts_with("reasons/")
                    && !shown_fields.iter().any(|p| e.field.starts_with(p.as_str()))
            })
            .map(|e| e.message_zh.clone()),
    );
    let narrative = match posted {
        Some(p) => p.get("narrative").cloned().unwrap_or_default(),
        None => report
            .as_ref()
            .and_then(|r| r.narrative.clone())
            .unwrap_or_default(),
    };
    let returned = match &report {
        Some(r) => returned_comment(s, r).await?,
        None => None,
    };
    let editable = auth.role() == Role::Reporter
        && matches!(t.state.as_str(), "missing" | "draft" | "returned");
    let evidence = match &report {
        Some(r) => {
            let files = crate::routes::evidence::of_report(s, auth, r.id.0, false).await?;
            let open = report_takes_evidence(r.state);
            let may = open && writes_report(auth.role(), auth.user.unit_id, r.unit_id);
            Some(Files {
                rows: super::evidence::rows(files, auth, open),
                upload: may.then(|| format!("/tasks/{}/evidence", t.item_id)),
                withdraw: format!("/tasks/{}/evidence/", t.item_id),
                file_id: "evidence-file".into(),
                hint: super::evidence::hint(s),
                accept: super::evidence::ACCEPT,
            })
        }
        None => None,
    };
    let status = match (&refusal, &evidence_refusal, bad.is_empty()) {
        (Some((status, _)), _, _) | (None, Some((status, _)), _) => *status,
        (None, None, true) => StatusCode::OK,
        (None, None, false) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let page = FillPage {
        shell: super::Shell::of(auth),
        period_label,
        deadline,
        item_id: t.item_id,
        item_label: tr("第{}项").replace("{}", &t.item_number.to_string()),
        item_title: t.item_title.clone(),
        capacity_label: t.capacity_label.clone(),
        state_label: tr(super::tasks::state_label(&t.state)),
        state: t.state.clone(),
        editable,
        version: t.report_version.map(|v| v.to_string()).unwrap_or_default(),
        fields,
        narrative_error: errors.get("narrative").cloned(),
        narrative,
        funding,
        returned,
        warnings,
        notice,
        errors: loose,
        evidence,
        evidence_error: evidence_refusal.map(|(_, text)| text),
    };
    render(status, &page)
}

/// The 资金 rows: what was posted, else the draft's lines; each with its error.
fn funding_fields(
    report: Option<&duban_store::reports::Report>,
    posted: Option<&Posted>,
    errors: &BTreeMap<String, String>,
) -> Vec<FundingField> {
    FundingSource::ALL
        .iter()
        .enumerate()
        .map(|(k, src)| {
            let line = report.and_then(|r| r.funding.iter().find(|l| l.source == *src));
            let text = |name: &str, stored: Option<Decimal>| match posted {
                Some(p) => p
                    .get(&format!("funding/{k}/{name}"))
                    .cloned()
                    .unwrap_or_default(),
                None => stored.map(|v| v.to_string()).unwrap_or_default(),
            };
            let prefix = format!("funding/{k}/");
            FundingField {
                source: src.as_str(),
                label: super::i18n::pick(src.label_zh(), src.label_en()),
                raised: text("raised", line.map(|l| l.funds.raised)),
                allocated: text("allocated", line.map(|l| l.funds.allocated)),
                spent: text("spent", line.map(|l| l.funds.spent)),
                error: errors
                    .iter()
                    .find(|(k, _)| k.starts_with(&prefix))
                    .map(|(_, v)| v.clone()),
            }
        })
        .collect()
}

fn field(
    n: usize,
    o: &OwedView,
    mine: Option<&FigureInput>,
    posted: Option<&Posted>,
    units: &BTreeMap<i64, String>,
    errors: &BTreeMap<String, String>,
) -> Field {
    let input = match o.kind.as_str() {
        "stage" => "stage",
        "qualitative" => "assessment",
        _ => "value",
    };
    let name = format!("figures/{n}/{input}");
    let stored = mine.and_then(|f| match input {
        "stage" => f.stage.clone(),
        "assessment" => f.assessment.clone(),
        _ => f.value.map(|v| v.to_string()),
    });
    let text = match posted {
        Some(p) => p.get(&name).cloned().unwrap_or_default(),
        None => stored.unwrap_or_default(),
    };
    let options = match input {
        "stage" => o
            .stages
            .iter()
            .map(|st| Choice {
                value: st.clone(),
                label: st.clone(),
                selected: *st == text,
            })
            .collect(),
        "assessment" => Status::ALL
            .into_iter()
            .filter(|st| !matches!(st, Status::Exceeded | Status::AtRisk | Status::Unassessed))
            .map(|st| Choice {
                value: st.as_str().into(),
                label: tr(st.label_zh()).into(),
                selected: st.as_str() == text,
            })
            .collect(),
        _ => Vec::new(),
    };
    let last = o.last_approved.as_ref().map_or_else(
        || tr("无").to_string(),
        |f| {
            f.value
                .map(|v| format!("{v}{}", o.unit))
                .or_else(|| f.stage.clone())
                .or_else(|| {
                    f.assessment
                        .as_deref()
                        .and_then(Status::parse)
                        .map(|s| tr(s.label_zh()).to_string())
                })
                .unwrap_or_else(|| tr("无").into())
        },
    );
    let label = match o.region_id.and_then(|r| units.get(&r)) {
        Some(region) => format!("{}({region})", o.name),
        None => o.name.clone(),
    };
    let prefix = format!("figures/{n}/");
    Field {
        indicator_id: o.indicator_id,
        region_id: o.region_id,
        label,
        input,
        unit: o.unit.clone(),
        text,
        options,
        last,
        error: errors
            .iter()
            .find(|(k, _)| k.starts_with(&prefix))
            .map(|(_, v)| v.clone()),
    }
}

/// Saves the posted form as the draft (a new version only when something changed) and
/// submits it when asked. Returns whether it was submitted.
async fn save(s: &AppState, auth: &Auth, item: ItemId, posted: &Posted) -> Result<bool, ApiError> {
    let (t, _, _, period_id) = match task(s, auth, item).await? {
        Ok(x) => x,
        Err(_) => return Err(ApiError::Forbidden),
    };
    let (figures, narrative, rows) = read_form(posted)?;
    let (funding, funding_rows) = read_funding(posted)?;
    let rows = FormRows {
        figures: rows,
        funding: funding_rows,
    };
    let submit = posted.get("action").map(String::as_str) == Some("submit");
    let version = match posted.get("version").map(|v| v.trim()) {
        Some("") | None => None,
        Some(v) => Some(v.parse::<i64>().map_err(|_| {
            ApiError::bad_request("表单版本号无效", "the form's version is not a number")
        })?),
    };
    let saved = match t.report_id {
        None => {
            let input = ReportInput {
                period_id,
                item_id: item.0,
                unit_id: None,
                figures,
                narrative,
                funding: Some(funding),
            };
            start(s, auth, &input).await
        }
        Some(id) => {
            let cur = s.store.report(ReportId(id)).await?;
            let inds = s.store.item_indicators(item).await?;
            let stored: Vec<FigureInput> = cur
                .value
                .figures
                .iter()
                .map(|f| figure_out(f, &inds))
                .collect();
            let stored_funding: Vec<FundingInput> =
                cur.value.funding.iter().map(funding_out).collect();
            let version = version.ok_or(ApiError::PreconditionRequired)?;
            if stored == figures
                && stored_funding == funding
                && cur.value.narrative == narrative
                && version == cur.version
            {
                Ok(cur)
            } else {
                let patch = ReportPatch {
                    figures: Some(figures),
                    funding: Some(funding),
                    narrative: narrative.map_or(Patch::Clear, Patch::Set),
                };
                revise(s, auth, cur.value.id, version, patch).await
            }
        }
    };
    let r = saved.map_err(|e| on_form_rows(e, &rows))?;
    if submit {
        let reasons = posted
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("reasons/")?.to_string(), v.clone())))
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        let body = ActionInput {
            comment: None,
            reasons: Some(reasons),
        };
        step(s, auth, r.value.id.0, r.version, ReportAction::Submit, body).await?;
    }
    Ok(submit)
}

/// The form row of each figure and funding line sent: rows left empty are not sent.
struct FormRows {
    figures: Vec<usize>,
    funding: Vec<usize>,
}

/// Errors about the n-th figure (or funding line) sent are about the form's row
/// `rows[n]`.
fn on_form_rows(e: ApiError, rows: &FormRows) -> ApiError {
    let ApiError::Invalid(mut bad) = e else {
        return e;
    };
    for err in &mut bad.0 {
        for (list, sent) in [("figures/", &rows.figures), ("funding/", &rows.funding)] {
            let Some(rest) = err.field.strip_prefix(list) else {
                continue;
            };
            let (n, tail) = rest.split_once('/').unwrap_or((rest, ""));
            if let Some(row) = n.parse::<usize>().ok().and_then(|n| sent.get(n)) {
                err.field = format!("{list}{row}/{tail}");
            }
        }
    }
    ApiError::Invalid(bad)
}

/// The 资金 rows sent: a row left empty is no line; an amount left empty in a row
/// that has one is zero. With the form row of each line.
fn read_funding(posted: &Posted) -> Result<(Vec<FundingInput>, Vec<usize>), ApiError> {
    let mut bad = Invalid::default();
    let mut lines = Vec::new();
    let mut rows = Vec::new();
    for (k, src) in FundingSource::ALL.iter().enumerate() {
        let mut amounts = [None; 3];
        let mut any = false;
        for (slot, name) in amounts.iter_mut().zip(["raised", "allocated", "spent"]) {
            let field = format!("funding/{k}/{name}");
            let v = posted.get(&field).map(|v| v.trim()).unwrap_or_default();
            if v.is_empty() {
                continue;
            }
            any = true;
            match Decimal::parse(v) {
                Some(d) => *slot = Some(d),
                None => bad.push(FieldError::new(
                    field,
                    "not_a_number",
                    "请填写数字(最多四位小数)",
                    "enter a number (at most four decimals)",
                )),
            }
        }
        if !any {
            continue;
        }
        let [raised, allocated, spent] = amounts.map(|a| Some(a.unwrap_or(Decimal::ZERO)));
        lines.push(FundingInput {
            source: src.as_str().into(),
            raised,
            allocated,
            spent,
        });
        rows.push(k);
    }
    bad.into_result()?;
    Ok((lines, rows))
}

/// What the form sent: the figures (a row left empty is not reported), the form row of
/// each, and the narrative.
type FormReport = (Vec<FigureInput>, Option<String>, Vec<usize>);

fn read_form(posted: &Posted) -> Result<FormReport, ApiError> {
    let mut bad = Invalid::default();
    let mut figures = Vec::new();
    let mut rows = Vec::new();
    for n in 0.. {
        let at = |k: &str| posted.get(&format!("figures/{n}/{k}")).map(|v| v.trim());
        let Some(indicator) = at("indicator_id") else {
            break;
        };
        let Ok(indicator_id) = indicator.parse::<i64>() else {
            return Err(ApiError::bad_request(
                "表单指标编号无效",
                "bad indicator id",
            ));
        };
        let region_id = match at("region_id") {
            None | Some("") => None,
            Some(r) => Some(
                r.parse::<i64>()
                    .map_err(|_| ApiError::bad_request("表单地区编号无效", "bad region id"))?,
            ),
        };
        let value = match at("value") {
            None | Some("") => None,
            Some(v) => match Decimal::parse(v) {
                Some(d) => Some(d),
                None => {
                    bad.push(FieldError::new(
                        format!("figures/{n}/value"),
                        "not_a_number",
                        "请填写数字(最多四位小数)",
                        "enter a number (at most four decimals)",
                    ));
                    continue;
                }
            },
        };
        let stage = at("stage").filter(|v| !v.is_empty()).map(String::from);
        let assessment = at("assessment").filter(|v| !v.is_empty()).map(String::from);
        if value.is_none() && stage.is_none() && assessment.is_none() {
            continue;
        }
        figures.push(FigureInput {
            indicator_id,
            region_id,
            value,
            stage,
            assessment,
        });
        rows.push(n);
    }
    bad.into_result()?;
    let narrative = posted
        .get("narrative")
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .map(String::from);
    Ok((figures, narrative, rows))
}

/// `POST /tasks/{item}/evidence`: the unit's reporter attaches a file to the report
/// being filled in, by the API's own upload code (`routes::evidence::attach_to_report`).
pub async fn upload(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(item): Path<i64>,
    req: Request,
) -> Result<Response, ApiError> {
    let item = ItemId(item);
    let (t, ..) = match task(&s, &auth, item).await? {
        Ok(x) => x,
        Err(page) => return Ok(page),
    };
    let mut form = match super::evidence::form(&s, req).await {
        Ok(f) => f,
        Err(e) => return show(&s, &auth, item, None, Shown::evidence_refused(&e)).await,
    };
    let done = match t.report_id {
        None => Err(ApiError::Conflict {
            code: "no_report",
            zh: "请先保存草稿,再上传佐证材料".into(),
            en: "save the draft first, then upload evidence".into(),
        }),
        Some(id) => match super::evidence::file(&mut form).await {
            Ok((file, name)) => {
                let file = crate::routes::evidence::Upload::Field(Box::new(file));
                crate::routes::evidence::attach_to_report(&s, &auth, id, Some(&name), file)
                    .await
                    .map(|_| ())
            }
            Err(e) => Err(e),
        },
    };
    match done {
        Ok(()) => {
            Ok(Redirect::to(&format!("/tasks/{}?ok=uploaded#evidence", item.0)).into_response())
        }
        Err(e) => {
            super::evidence::drain(form).await;
            if !e.status().is_client_error() {
                return Err(e);
            }
            show(&s, &auth, item, None, Shown::evidence_refused(&e)).await
        }
    }
}

/// `POST /tasks/{item}/evidence/{file}/withdraw`: its uploader withdraws a file while
/// the report is still theirs, by the API's own code (`routes::evidence::withdraw`).
pub async fn withdraw(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((item, file)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    match crate::routes::evidence::withdraw(&s, &auth, file).await {
        Ok(_) => Ok(Redirect::to(&format!("/tasks/{item}?ok=withdrawn#evidence")).into_response()),
        Err(e) if e.status().is_client_error() => {
            show(&s, &auth, ItemId(item), None, Shown::evidence_refused(&e)).await
        }
        Err(e) => Err(e),
    }
}

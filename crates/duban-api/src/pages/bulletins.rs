//! 督查专报 in the pages: the plan's series and issues, and the editor — the draft as it
//! prints now (every figure linked to its source), what blocks issuing, the office's
//! text, and the issue button. Leaders read; the office writes.

use super::i18n::{filters, pick, tr, trf};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::access::{manages_plans, reads_bulletins};
use duban_domain::bulletin::OfficeEdits;
use duban_domain::{Date, PeriodId};
use duban_store::Change;
use serde::Deserialize;

use super::SignedIn;
use super::{message, render};
use crate::AppState;
use crate::auth::{Auth, MaybeAuth};
use crate::error::ApiError;
use crate::routes::bulletins::{document, issue};

struct IssueRow {
    id: i64,
    label: String,
    period: String,
    state: &'static str,
}

struct SeriesBlock {
    id: i64,
    name: String,
    issuer: String,
    next_number: i64,
    issues: Vec<IssueRow>,
}

#[derive(Template)]
#[template(path = "bulletins.html")]
struct ListPage {
    shell: Option<super::Shell>,
    series: Vec<SeriesBlock>,
    periods: Vec<(i64, String)>,
    may_write: bool,
}

#[derive(Template)]
#[template(path = "bulletin.html")]
struct EditorPage {
    shell: Option<super::Shell>,
    id: i64,
    title: String,
    draft: bool,
    may_write: bool,
    version: i64,
    issue_date: String,
    intro: String,
    problems: String,
    recommendations: String,
    blockers: Vec<String>,
    /// The document as an `<article>`, written by duban-docs' escaping template.
    document: String,
    notice: Option<&'static str>,
    error: Option<String>,
}

fn refused() -> Result<Response, ApiError> {
    message(
        StatusCode::FORBIDDEN,
        tr("无权访问"),
        tr("督查专报供督查室和领导查看。"),
    )
}

pub async fn list(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    if !reads_bulletins(auth.role()) {
        return refused();
    }
    let Some(plan) = super::current_plan(&s).await? else {
        return message(StatusCode::OK, tr("督查专报"), tr("尚未建立年度计划。"));
    };
    let periods = super::period_labels(&s, plan.id).await?;
    let mut series = Vec::new();
    for sr in s.store.plan_series(plan.id).await? {
        let v = sr.value;
        let issues = s
            .store
            .series_bulletins(v.id)
            .await?
            .into_iter()
            .map(|b| {
                let b = b.value;
                IssueRow {
                    id: b.id,
                    label: match b.number {
                        Some(n) => trf("第{}期", &[&n]),
                        None => tr("草稿").into(),
                    },
                    period: periods
                        .iter()
                        .find(|(id, _)| *id == b.period_id.0)
                        .map(|(_, l)| l.clone())
                        .unwrap_or_default(),
                    state: if b.number.is_some() {
                        "已印发"
                    } else {
                        "起草中"
                    },
                }
            })
            .collect();
        series.push(SeriesBlock {
            id: v.id,
            name: v.name,
            issuer: v.issuer,
            next_number: v.next_number,
            issues,
        });
    }
    let page = ListPage {
        shell: super::Shell::of(&auth),
        series,
        periods,
        may_write: manages_plans(auth.role()),
    };
    render(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub struct NewDraft {
    series_id: i64,
    period_id: i64,
}

pub async fn start(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(f): Form<NewDraft>,
) -> Result<Response, ApiError> {
    auth.require(manages_plans(auth.role()))?;
    let b = s
        .store
        .create_bulletin(
            f.series_id,
            PeriodId(f.period_id),
            None,
            &OfficeEdits::default(),
            Change::now(Some(auth.user.id)),
        )
        .await?;
    Ok(Redirect::to(&format!("/bulletins/{}", b.value.id)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct Done {
    ok: Option<String>,
}

pub async fn editor(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    Query(q): Query<Done>,
) -> Result<Response, ApiError> {
    let notice = match q.ok.as_deref() {
        Some("saved") => Some("已保存,下方为按最新审定数据起草的稿件。"),
        Some("issued") => Some("已印发。印发后的专报不再改变。"),
        _ => None,
    };
    show(&s, &auth, id, None, notice, StatusCode::OK).await
}

/// The office's text as the form holds it: paragraphs one per line.
fn lines(v: &[String]) -> String {
    v.join("\n")
}

fn paragraphs(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

async fn show(
    s: &AppState,
    auth: &Auth,
    id: i64,
    error: Option<String>,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    if !reads_bulletins(auth.role()) {
        return refused();
    }
    let b = match s.store.bulletin(id).await {
        Ok(b) => b,
        Err(duban_store::StoreError::NotFound { .. }) => {
            return message(
                StatusCode::NOT_FOUND,
                tr("专报不存在"),
                tr("没有这期专报。"),
            );
        }
        Err(e) => return Err(e.into()),
    };
    let (doc, _) = document(s, &b.value).await?;
    let draft = b.value.snapshot.is_none();
    let blockers = if draft {
        doc.issue_blockers()
            .into_iter()
            .map(|x| {
                let m = pick(&x.message_zh, &x.message_en);
                format!("{}{}{m}", x.location, pick(":", ": "))
            })
            .collect()
    } else {
        Vec::new()
    };
    let e = &b.value.edits;
    let page = EditorPage {
        shell: super::Shell::of(auth),
        id,
        title: format!("{} {}", doc.header.series, doc.header.number_label),
        draft,
        may_write: manages_plans(auth.role()),
        version: b.version,
        issue_date: b
            .value
            .issue_date
            .map(|d| d.to_string())
            .unwrap_or_default(),
        intro: e.intro.clone().unwrap_or_default(),
        problems: lines(&e.problems),
        recommendations: lines(&e.recommendations),
        blockers,
        document: duban_docs::html::render_fragment(&doc),
        notice,
        error,
    };
    render(status, &page)
}

#[derive(Debug, Deserialize)]
pub struct EditForm {
    /// save | issue
    #[serde(default)]
    action: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    issue_date: String,
    #[serde(default)]
    intro: String,
    #[serde(default)]
    problems: String,
    #[serde(default)]
    recommendations: String,
}

pub async fn save(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<EditForm>,
) -> Result<Response, ApiError> {
    let done = match f.action.as_str() {
        "issue" => issue(&s, &auth, id, f.version).await.map(|_| "issued"),
        _ => keep_edits(&s, &auth, id, &f).await.map(|_| "saved"),
    };
    match done {
        Ok(ok) => Ok(Redirect::to(&format!("/bulletins/{id}?ok={ok}")).into_response()),
        Err(e) if e.status().is_client_error() => {
            let text = super::refusal_text(&e);
            show(&s, &auth, id, Some(text), None, e.status()).await
        }
        Err(e) => Err(e),
    }
}

/// The draft as it would print with the form's text, not saved: the editor's live
/// preview asks for it as the office types.
pub async fn preview(
    State(s): State<AppState>,
    auth: MaybeAuth,
    Path(id): Path<i64>,
    Form(f): Form<EditForm>,
) -> Result<Response, ApiError> {
    let Some(auth) = auth.0 else {
        return Err(ApiError::Unauthenticated);
    };
    auth.require(manages_plans(auth.role()))?;
    let b = s.store.bulletin(id).await?.value;
    if b.snapshot.is_some() {
        return Err(ApiError::Conflict {
            code: "bulletin_issued",
            zh: "该期专报已印发,不能再修改".into(),
            en: "the bulletin has been issued".into(),
        });
    }
    let (date, edits) = form_edits(&b.edits, &f)?;
    let mut shown = b.clone();
    shown.edits = edits;
    shown.issue_date = date;
    let input = s.store.bulletin_input(&shown, i64::MAX).await?;
    let doc = duban_domain::bulletin::draft(&input);
    Ok(axum::response::Html(duban_docs::html::render_fragment(&doc)).into_response())
}

/// The form's date and text over the draft's other edits (omitted items, order,
/// rewritten passages), checked by the API's parser so the same limits hold.
fn form_edits(kept: &OfficeEdits, f: &EditForm) -> Result<(Option<Date>, OfficeEdits), ApiError> {
    let date = match f.issue_date.trim() {
        "" => None,
        d => Some(Date::parse(d).ok_or_else(|| {
            ApiError::Invalid(duban_domain::Invalid::one(duban_domain::FieldError::new(
                "issue_date",
                "invalid_date",
                format!("日期格式应为YYYY-MM-DD:{d}"),
                format!("not a date (YYYY-MM-DD): {d}"),
            )))
        })?),
    };
    let mut edits = kept.clone();
    edits.intro = Some(f.intro.trim().to_string()).filter(|t| !t.is_empty());
    edits.problems = paragraphs(&f.problems);
    edits.recommendations = paragraphs(&f.recommendations);
    let edits = crate::routes::bulletins::edits(Some(
        serde_json::to_value(&edits).map_err(|e| ApiError::Internal(e.to_string()))?,
    ))?;
    Ok((date, edits))
}

/// Saves the office's text into the draft's edits, keeping the edits the form does not
/// show (omitted items, order, rewritten passages).
async fn keep_edits(s: &AppState, auth: &Auth, id: i64, f: &EditForm) -> Result<(), ApiError> {
    auth.require(manages_plans(auth.role()))?;
    let cur = s.store.bulletin(id).await?.value;
    let (date, edits) = form_edits(&cur.edits, f)?;
    s.store
        .update_bulletin(id, f.version, date, &edits, Change::now(Some(auth.user.id)))
        .await?;
    Ok(())
}

//! 问题整改: the problems board — every open problem of the plan for the office and
//! leaders, a unit's own for its people — with the overdue ones marked, each linked
//! to its item — and the steps of rectification each viewer may take on each one: the
//! owner unit starts and reports rectified (with the measures), the office verifies,
//! rejects, closes (销号) and reopens. The same step as the API takes. Each problem
//! carries its rectification evidence (整改佐证材料), which the owner unit (and the
//! office) upload and withdraw here through the API's own evidence code.

use super::i18n::{filters, tr};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::Role;
use duban_domain::access::{attaches_problem_evidence, reads_plans};
use duban_domain::evidence::problem_takes_evidence;
use duban_domain::problem::{Problem, ProblemAction, ProblemState};
use duban_store::problems::ProblemFilter;
use serde::Deserialize;

use super::SignedIn;
use super::evidence::Files;
use super::{message, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;

struct Row {
    id: i64,
    version: i64,
    /// The steps this viewer may take now: (action, label).
    actions: Vec<(&'static str, &'static str)>,
    /// Its rectification evidence.
    files: Files,
    title: String,
    item: Option<(i64, String)>,
    owner: String,
    deadline: String,
    state: &'static str,
    overdue: bool,
}

#[derive(Template)]
#[template(path = "problems.html")]
struct Board {
    shell: Option<super::Shell>,
    scope: String,
    rows: Vec<Row>,
    overdue: String,
    all: bool,
    notice: Option<&'static str>,
    error: Option<String>,
}

/// The steps `auth` may take on `p` in its state.
fn steps(auth: &Auth, p: &Problem) -> Vec<(&'static str, &'static str)> {
    ProblemAction::ALL
        .into_iter()
        .filter(|a| a.next(p.state).is_some())
        .filter(|a| {
            if a.by_owner() {
                matches!(auth.role(), Role::Reporter | Role::Reviewer)
                    && auth.user.unit_id == Some(p.owner_unit_id)
            } else {
                auth.role() == Role::Office
            }
        })
        .map(|a| (a.as_str(), tr(a.label_zh())))
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct Filter {
    /// Also the closed ones.
    all: Option<String>,
    /// A step was just taken.
    ok: Option<String>,
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(f): Query<Filter>,
) -> Result<Response, ApiError> {
    let notice = match f.ok.as_deref() {
        None => None,
        Some("uploaded") => Some(tr("佐证材料已上传。")),
        Some("withdrawn") => Some(tr("佐证材料已撤回。")),
        Some(_) => Some(tr("已办理。")),
    };
    board(&s, &auth, f.all.is_some(), notice, None, StatusCode::OK).await
}

#[derive(Debug, Deserialize)]
pub struct Step {
    action: String,
    version: i64,
    #[serde(default)]
    note: String,
}

pub async fn step(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<Step>,
) -> Result<Response, ApiError> {
    let note = Some(f.note.as_str()).filter(|n| !n.trim().is_empty());
    match crate::routes::problems::take_step(&s, &auth, id, f.version, &f.action, note).await {
        Ok(_) => Ok(Redirect::to("/problems?ok=1").into_response()),
        Err(e) if e.status().is_client_error() => {
            let text = super::refusal_text(&e);
            board(&s, &auth, false, None, Some(text), e.status()).await
        }
        Err(e) => Err(e),
    }
}

async fn board(
    s: &AppState,
    auth: &Auth,
    show_all: bool,
    notice: Option<&'static str>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    if !reads_plans(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("管理员不查看业务数据。"),
        );
    }
    let Some(plan) = super::current_plan(s).await? else {
        return message(StatusCode::OK, tr("问题整改"), tr("尚未建立年度计划。"));
    };
    let own = match auth.role() {
        Role::Reporter | Role::Reviewer => auth.user.unit_id,
        _ => None,
    };
    let filter = ProblemFilter {
        plan_id: Some(plan.id),
        owner_unit_id: own,
        ..ProblemFilter::default()
    };
    let all_pages = duban_store::Page {
        page: 1,
        per_page: duban_store::Page::MAX_PER_PAGE,
    };
    let units = super::unit_names(s).await?;
    let items = s.store.plan_items(plan.id).await?;
    let today = s.settings.clock.today();
    let problems = s.store.problems(&filter, all_pages).await?.items;
    let mut rows: Vec<Row> = Vec::new();
    for v in problems {
        if !show_all && v.value.state == ProblemState::Closed {
            continue;
        }
        let version = v.version;
        let p = v.value;
        let pending = matches!(
            p.state,
            ProblemState::Open | ProblemState::Rectifying | ProblemState::Rectified
        );
        let files = files(s, auth, &p).await?;
        rows.push(Row {
            id: p.id.0,
            version,
            actions: steps(auth, &p),
            files,
            item: p.item_id.and_then(|i| {
                items.iter().find(|x| x.id == i).map(|x| {
                    let n = tr("第{}项").replace("{}", &x.number.to_string());
                    (x.id.0, format!("{n} {}", x.title))
                })
            }),
            owner: units.get(&p.owner_unit_id.0).cloned().unwrap_or_default(),
            deadline: p.deadline.to_string(),
            state: tr(p.state.label_zh()),
            overdue: pending && p.deadline < today,
            title: p.title,
        });
    }
    let page = Board {
        shell: super::Shell::of(auth),
        scope: match own {
            Some(u) => tr("{unit}承担的整改问题")
                .replace("{unit}", &units.get(&u.0).cloned().unwrap_or_default()),
            None => tr("{plan}的整改问题").replace("{plan}", &plan.title),
        },
        overdue: tr("逾期未整改 {n} 项").replace(
            "{n}",
            &rows.iter().filter(|r| r.overdue).count().to_string(),
        ),
        rows,
        all: show_all,
        notice,
        error,
    };
    render(status, &page)
}

/// A problem's rectification evidence as the board shows it to `auth`: the upload form
/// where the API would take a file from them now (the owner unit while the
/// rectification is open, the office always).
async fn files(s: &AppState, auth: &Auth, p: &Problem) -> Result<Files, ApiError> {
    let list = crate::routes::evidence::of_problem(s, auth, p.id.0, false).await?;
    let open = problem_takes_evidence(p.state);
    let office = auth.role() == Role::Office;
    let may = attaches_problem_evidence(auth.role(), auth.user.unit_id, p.owner_unit_id)
        && (office || open);
    let id = p.id.0;
    Ok(Files {
        rows: super::evidence::rows(list, auth, open),
        upload: may.then(|| format!("/problems/{id}/evidence")),
        withdraw: format!("/problems/{id}/evidence/"),
        file_id: format!("file-{id}"),
        hint: super::evidence::hint(s),
        accept: super::evidence::ACCEPT,
    })
}

/// `POST /problems/{id}/evidence`: rectification evidence from the board, by the API's
/// own upload code (`routes::evidence::attach_to_problem`).
pub async fn upload(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    req: Request,
) -> Result<Response, ApiError> {
    let mut form = match super::evidence::form(&s, req).await {
        Ok(f) => f,
        Err(e) => return refused(&s, &auth, e).await,
    };
    let done = match super::evidence::file(&mut form).await {
        Ok((file, name)) => {
            let file = crate::routes::evidence::Upload::Field(Box::new(file));
            crate::routes::evidence::attach_to_problem(&s, &auth, id, Some(&name), file)
                .await
                .map(|_| ())
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Ok(Redirect::to("/problems?ok=uploaded").into_response()),
        Err(e) => {
            super::evidence::drain(form).await;
            refused(&s, &auth, e).await
        }
    }
}

/// `POST /problems/{id}/evidence/{file}/withdraw`, by the API's own code.
pub async fn withdraw(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path((_, file)): Path<(i64, i64)>,
) -> Result<Response, ApiError> {
    match crate::routes::evidence::withdraw(&s, &auth, file).await {
        Ok(_) => Ok(Redirect::to("/problems?ok=withdrawn").into_response()),
        Err(e) => refused(&s, &auth, e).await,
    }
}

/// The board again, saying why an upload or withdrawal was refused.
async fn refused(s: &AppState, auth: &Auth, e: ApiError) -> Result<Response, ApiError> {
    if !e.status().is_client_error() {
        return Err(e);
    }
    let text = format!("{}{}", tr("佐证材料未能办理:"), super::refused::text(&e));
    board(s, auth, false, None, Some(text), e.status()).await
}

//! 完成情况表导入 on the pages: the office downloads the open period's completion table,
//! uploads the one a department sent back, sees each value it would write (or every
//! error by sheet, row and column), and confirms. Checking and writing are the API's
//! own (`routes::completion_import::run_completion_import`); the previewed file is kept
//! as the other imports keep theirs (`Store::keep_pending_import`), so the
//! confirmation imports exactly it, once, and is refused if what it would do changed
//! since the preview (a report saved, submitted or approved in between).

use askama::Template;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use duban_domain::access::imports_completion_tables;
use duban_domain::{PeriodId, PeriodState};
use duban_store::pending_imports::{NewPendingImport, Target, sha256_hex};

use super::i18n::{filters, tr, trf};
use super::import::{ErrorRow, error_row, read_upload};
use super::{SignedIn, message, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::routes::completion_import::{CompletionView, run_completion_import};
use crate::routes::reports::FigureInput;

#[derive(Template)]
#[template(path = "completion_import.html")]
struct CompletionPage {
    shell: Option<super::Shell>,
    plan_title: String,
    period_label: String,
    export_href: String,
    file_name: Option<String>,
    errors: Vec<ErrorRow>,
    refusal: Option<String>,
    preview: Option<Preview>,
    done: Option<String>,
}

struct Preview {
    token: String,
    summary: String,
    rows: Vec<ChangeShown>,
}

struct ChangeShown {
    place: String,
    unit: String,
    item: String,
    indicator: String,
    before: String,
    after: String,
    action: &'static str,
}

/// The open period of the current plan, for the office; or the page that says why not.
struct Context {
    plan_id: i64,
    plan_title: String,
    period: PeriodId,
    period_label: String,
}

impl CompletionPage {
    fn of(auth: &Auth, c: &Context) -> CompletionPage {
        CompletionPage {
            shell: super::Shell::of(auth),
            plan_title: c.plan_title.clone(),
            period_label: c.period_label.clone(),
            export_href: format!(
                "/api/v1/plans/{}/exports/completion?period={}",
                c.plan_id, c.period_label
            ),
            file_name: None,
            errors: Vec::new(),
            refusal: None,
            preview: None,
            done: None,
        }
    }

    fn refused(mut self, e: &ApiError) -> (StatusCode, CompletionPage) {
        match e {
            ApiError::Invalid(bad) => self.errors = bad.0.iter().map(error_row).collect(),
            _ => self.refusal = Some(super::refused::text(e)),
        }
        (e.status(), self)
    }
}

async fn context(s: &AppState, auth: &Auth) -> Result<Result<Context, Response>, ApiError> {
    if !imports_completion_tables(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("完成情况表导入供督查室使用。"),
        )
        .map(Err);
    }
    let found = match super::current_plan(s).await? {
        Some(plan) => s
            .store
            .periods(plan.id)
            .await?
            .into_iter()
            .find(|p| p.value.state == PeriodState::Open)
            .map(|p| (plan, p.value)),
        None => None,
    };
    let Some((plan, period)) = found else {
        return message(
            StatusCode::OK,
            tr("完成情况表导入(Excel)"),
            tr("当前没有开放的报告期。"),
        )
        .map(Err);
    };
    Ok(Ok(Context {
        plan_id: plan.id.0,
        plan_title: plan.title,
        period: period.id,
        period_label: period.label.to_string(),
    }))
}

/// What a preview promises: the changes it shows. Confirming re-checks the kept file,
/// and imports only if they are still the same.
fn basis(v: &CompletionView) -> String {
    let shown: Vec<String> = v
        .reports
        .iter()
        .map(|r| {
            format!(
                "{:?}",
                (
                    r.item_id,
                    r.unit_id,
                    &r.action,
                    r.report_id,
                    &r.changes.len()
                )
            )
        })
        .chain(v.reports.iter().flat_map(|r| {
            r.changes
                .iter()
                .map(|c| format!("{}={:?}>{:?}", c.place, c.before, c.after))
        }))
        .collect();
    sha256_hex(shown.join("\n").as_bytes())
}

/// `GET /setup/completion`: the table to download and the upload form.
pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    let c = match context(&s, &auth).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    render(StatusCode::OK, &CompletionPage::of(&auth, &c))
}

/// `POST /setup/completion`: the file checked in full and previewed; kept when good.
pub async fn upload(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    req: Request,
) -> Result<Response, ApiError> {
    let c = match context(&s, &auth).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let mut page = CompletionPage::of(&auth, &c);
    let checked = match read_upload(&s, req).await {
        Ok((name, bytes)) => {
            page.file_name = Some(name.clone());
            run_completion_import(&s, &auth, c.period, &bytes, true)
                .await
                .map(|v| (name, bytes, v))
        }
        Err(e) => Err(e),
    };
    let (name, bytes, view) = match checked {
        Ok(x) => x,
        Err(e) if e.status().is_client_error() => {
            let (status, page) = page.refused(&e);
            return render(status, &page);
        }
        Err(e) => return Err(e),
    };
    let token = s
        .store
        .keep_pending_import(&NewPendingImport {
            user: auth.user.id,
            into: Target::Period(c.period),
            file_name: &name,
            bytes: &bytes,
            basis: &basis(&view),
            at: s.settings.clock.now_ms(),
        })
        .await?;
    page.preview = Some(preview(token, &name, &view));
    render(StatusCode::OK, &page)
}

/// `POST /setup/completion/{token}`: the previewed file imported, once, if it would
/// still do what the preview showed.
pub async fn confirm(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let c = match context(&s, &auth).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let page = CompletionPage::of(&auth, &c);
    let gone = ApiError::Conflict {
        code: "preview_gone",
        zh: "该预览已导入或已过期,请重新上传文件".into(),
        en: "this preview was already imported or has expired; upload the file again".into(),
    };
    let now = s.settings.clock.now_ms();
    let kept = s.store.pending_import(&token, auth.user.id, now).await?;
    let Some(kept) = kept.filter(|k| k.into == Target::Period(c.period)) else {
        let (status, page) = page.refused(&gone);
        return render(status, &page);
    };
    let still = run_completion_import(&s, &auth, c.period, &kept.bytes, true).await;
    if !still.is_ok_and(|v| basis(&v) == kept.basis) {
        s.store.drop_pending_import(&token, auth.user.id).await?;
        let changed = ApiError::Conflict {
            code: "changed_since_preview",
            zh: "预览之后相关填报已有变化,未导入;请重新上传文件预览".into(),
            en: "the reports changed after the preview; nothing was imported. Upload the file again to preview it".into(),
        };
        let (status, page) = page.refused(&changed);
        return render(status, &page);
    }
    // Claimed by deleting it: of two confirmations sent together, one imports.
    if !s.store.drop_pending_import(&token, auth.user.id).await? {
        let (status, page) = page.refused(&gone);
        return render(status, &page);
    }
    match run_completion_import(&s, &auth, c.period, &kept.bytes, false).await {
        Ok(v) => {
            let mut page = page;
            page.done = Some(trf(
                "导入完成:新建草稿 {} 项,修改 {} 项,无变化 {} 项。",
                &[&v.created, &v.updated, &v.unchanged],
            ));
            render(StatusCode::OK, &page)
        }
        Err(e) if e.status().is_client_error() => {
            let (status, page) = page.refused(&e);
            render(status, &page)
        }
        Err(e) => Err(e),
    }
}

/// A figure as the table shows it: a number, a stage, a judgement's label.
fn shown(f: &FigureInput) -> String {
    if let Some(v) = f.value {
        return v.to_string();
    }
    if let Some(s) = &f.stage {
        return s.clone();
    }
    f.assessment
        .as_deref()
        .and_then(duban_domain::Status::parse)
        .map_or_else(String::new, |s| s.label_zh().to_string())
}

fn preview(token: String, file_name: &str, v: &CompletionView) -> Preview {
    let count = |a: &str| v.reports.iter().filter(|r| r.action == a).count();
    let summary = trf(
        "文件 {} 检查无误:将新建草稿 {} 项,修改 {} 项,{} 项无变化。确认后才会写入。",
        &[&file_name, &count("create"), &count("update"), &v.unchanged],
    );
    let rows = v
        .reports
        .iter()
        .filter(|r| r.action != "unchanged")
        .flat_map(|r| {
            r.changes.iter().map(move |c| ChangeShown {
                place: c.place.clone(),
                unit: r.unit_name.clone(),
                item: format!("{}. {}", r.item_number, r.item_title),
                indicator: c.indicator_name.clone(),
                before: c.before.as_ref().map(shown).unwrap_or_default(),
                after: shown(&c.after),
                action: if r.action == "create" {
                    "新建草稿"
                } else {
                    "修改草稿"
                },
            })
        })
        .collect();
    Preview {
        token,
        summary,
        rows,
    }
}

//! 计划结构导出与导入 on the pages: the office downloads the current plan's structure,
//! uploads a structure workbook, sees each row it would create or update (or every
//! error by sheet, row and column), and confirms. Checking and writing are the API's
//! own (`routes::plan_import::run_structure_import`); the previewed file is kept as the
//! Excel fill-in keeps its file (`pages::import`), so the confirmation imports exactly
//! it, once, and is refused if the plan's structure changed since the preview.

use askama::Template;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use duban_domain::PlanId;
use duban_domain::access::manages_plans;
use duban_store::pending_imports::{NewPendingImport, Target, sha256_hex};

use super::i18n::{filters, tr, trf};
use super::import::{ErrorRow, error_row, read_upload};
use super::{SignedIn, message, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::routes::plan_import::{StructureView, run_structure_import};

#[derive(Template)]
#[template(path = "structure.html")]
struct StructurePage {
    shell: Option<super::Shell>,
    plan_id: i64,
    plan_title: String,
    file_name: Option<String>,
    errors: Vec<ErrorRow>,
    refusal: Option<String>,
    preview: Option<Preview>,
    done: Option<String>,
}

struct Preview {
    token: String,
    summary: String,
    /// The rows created or updated; unchanged ones are only counted.
    rows: Vec<RowShown>,
}

struct RowShown {
    sheet: &'static str,
    key: String,
    action: &'static str,
}

impl StructurePage {
    fn of(auth: &Auth, plan: &duban_domain::Plan) -> StructurePage {
        StructurePage {
            shell: super::Shell::of(auth),
            plan_id: plan.id.0,
            plan_title: plan.title.clone(),
            file_name: None,
            errors: Vec::new(),
            refusal: None,
            preview: None,
            done: None,
        }
    }

    fn refused(mut self, e: &ApiError) -> (StatusCode, StructurePage) {
        match e {
            ApiError::Invalid(bad) => self.errors = bad.0.iter().map(error_row).collect(),
            _ => self.refusal = Some(super::refused::text(e)),
        }
        (e.status(), self)
    }
}

/// The current plan, for the office; or the page that says why not.
async fn plan_of(
    s: &AppState,
    auth: &Auth,
) -> Result<Result<duban_domain::Plan, Response>, ApiError> {
    if !manages_plans(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("计划结构导入供督查室使用。"),
        )
        .map(Err);
    }
    match super::current_plan(s).await? {
        Some(p) => Ok(Ok(p)),
        None => message(
            StatusCode::OK,
            tr("计划结构导出与导入(Excel)"),
            tr("尚未建立年度计划。"),
        )
        .map(Err),
    }
}

/// What a preview is made against: the plan's structure as it is now.
async fn basis(s: &AppState, plan: PlanId) -> Result<String, ApiError> {
    let now = s.store.plan_structure(plan).await?;
    Ok(sha256_hex(format!("{now:?}").as_bytes()))
}

/// `GET /setup/structure`: the export to download and the upload form.
pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    let plan = match plan_of(&s, &auth).await? {
        Ok(p) => p,
        Err(page) => return Ok(page),
    };
    render(StatusCode::OK, &StructurePage::of(&auth, &plan))
}

/// `POST /setup/structure`: the file checked in full and previewed; kept when good.
pub async fn upload(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    req: Request,
) -> Result<Response, ApiError> {
    let plan = match plan_of(&s, &auth).await? {
        Ok(p) => p,
        Err(page) => return Ok(page),
    };
    let mut page = StructurePage::of(&auth, &plan);
    let checked = match read_upload(&s, req).await {
        Ok((name, bytes)) => {
            page.file_name = Some(name.clone());
            run_structure_import(&s, &auth, plan.id, &bytes, true)
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
            into: Target::Plan(plan.id),
            file_name: &name,
            bytes: &bytes,
            basis: &basis(&s, plan.id).await?,
            at: s.settings.clock.now_ms(),
        })
        .await?;
    page.preview = Some(preview(token, &name, &view));
    render(StatusCode::OK, &page)
}

/// `POST /setup/structure/{token}`: the previewed file imported, once, if the plan's
/// structure is as it was at the preview.
pub async fn confirm(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let plan = match plan_of(&s, &auth).await? {
        Ok(p) => p,
        Err(page) => return Ok(page),
    };
    let page = StructurePage::of(&auth, &plan);
    let gone = ApiError::Conflict {
        code: "preview_gone",
        zh: "该预览已导入或已过期,请重新上传文件".into(),
        en: "this preview was already imported or has expired; upload the file again".into(),
    };
    let now = s.settings.clock.now_ms();
    let kept = s.store.pending_import(&token, auth.user.id, now).await?;
    let Some((kept, target)) = kept.and_then(|k| match k.into {
        Target::Plan(p) => Some((k, p)),
        Target::Period(_) => None,
    }) else {
        let (status, page) = page.refused(&gone);
        return render(status, &page);
    };
    if basis(&s, target).await? != kept.basis {
        s.store.drop_pending_import(&token, auth.user.id).await?;
        let changed = ApiError::Conflict {
            code: "changed_since_preview",
            zh: "预览之后计划结构已有变化,未导入;请重新上传文件预览".into(),
            en: "the plan's structure changed after the preview; nothing was imported. Upload the file again to preview it".into(),
        };
        let (status, page) = page.refused(&changed);
        return render(status, &page);
    }
    // Claimed by deleting it: of two confirmations sent together, one imports.
    if !s.store.drop_pending_import(&token, auth.user.id).await? {
        let (status, page) = page.refused(&gone);
        return render(status, &page);
    }
    match run_structure_import(&s, &auth, target, &kept.bytes, false).await {
        Ok(v) => {
            let mut page = page;
            page.done = Some(trf(
                "导入完成:新增 {} 行,更新 {} 行,{} 行无变化。",
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

fn preview(token: String, file_name: &str, v: &StructureView) -> Preview {
    let summary = trf(
        "文件 {} 检查无误:将新增 {} 行,更新 {} 行,{} 行无变化。确认后才会写入。",
        &[&file_name, &v.created, &v.updated, &v.unchanged],
    );
    let rows = v
        .rows
        .iter()
        .filter(|r| r.action != "unchanged")
        .map(|r| RowShown {
            sheet: match r.kind {
                "area" => "领域",
                "item" => "实事",
                _ => "指标",
            },
            key: r.key.clone(),
            action: if r.action == "create" {
                "新增"
            } else {
                "更新"
            },
        })
        .collect();
    Preview {
        token,
        summary,
        rows,
    }
}

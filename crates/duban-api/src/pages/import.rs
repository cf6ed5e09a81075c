//! Excel批量填报: a unit's reporter downloads the period's fill-in template, uploads it
//! filled, sees a preview of what would change (or every error by sheet, row and
//! column), and confirms. Checking and writing are the API's own
//! (`routes::imports::run_import`); this module keeps the previewed file between the
//! two steps (`duban_store::pending_imports`) so that the confirmation imports exactly
//! that file, and refuses it when the unit's reports changed since the preview.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use duban_domain::{PeriodId, PeriodState, Role, Status, UnitId};
use duban_store::pending_imports::{NewPendingImport, Target};

use super::i18n::{filters, tr, trf};
use super::{SignedIn, message, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::routes::imports::{ImportView, run_import};
use crate::routes::reports::FigureInput;
use crate::routes::tasks::{TasksView, tasks_of};

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    shell: Option<super::Shell>,
    unit_name: String,
    period_id: i64,
    period_label: String,
    file_name: Option<String>,
    errors: Vec<ErrorRow>,
    refusal: Option<String>,
    preview: Option<Preview>,
    /// What the confirmed import did.
    done: Option<String>,
}

/// One error of the file, at its place when it has one.
pub(super) struct ErrorRow {
    pub sheet: String,
    pub row: String,
    pub column: String,
    pub text: String,
}

struct Preview {
    token: String,
    summary: String,
    items: Vec<ItemRow>,
}

struct ItemRow {
    number: i64,
    title: String,
    /// 新建草稿 | 修改草稿 | 无变化
    action: &'static str,
    changes: Vec<ChangeRow>,
}

struct ChangeRow {
    label: String,
    before: String,
    after: String,
}

/// Whose import it is: the reporter's unit and the open period of the current plan.
struct Context {
    unit: UnitId,
    unit_name: String,
    period: PeriodId,
    period_label: String,
}

impl ImportPage {
    fn of(auth: &Auth, c: &Context) -> ImportPage {
        ImportPage {
            shell: super::Shell::of(auth),
            unit_name: c.unit_name.clone(),
            period_id: c.period.0,
            period_label: c.period_label.clone(),
            file_name: None,
            errors: Vec::new(),
            refusal: None,
            preview: None,
            done: None,
        }
    }

    /// The page for a refused check or import: every error of the file in the table,
    /// any other refusal as one sentence.
    fn refused(mut self, e: &ApiError) -> (StatusCode, ImportPage) {
        match e {
            ApiError::Invalid(bad) => self.errors = bad.0.iter().map(error_row).collect(),
            _ => self.refusal = Some(super::refused::text(e)),
        }
        (e.status(), self)
    }
}

/// The reporter's context, or the page that says why there is none.
async fn context(s: &AppState, auth: &Auth) -> Result<Result<Context, Response>, ApiError> {
    let unit = match (auth.role(), auth.user.unit_id) {
        (Role::Reporter, Some(u)) => u,
        _ => {
            return message(
                StatusCode::FORBIDDEN,
                tr("无权访问"),
                tr("Excel批量填报供各单位填报员使用。"),
            )
            .map(Err);
        }
    };
    let open = match super::current_plan(s).await? {
        Some(plan) => s
            .store
            .periods(plan.id)
            .await?
            .into_iter()
            .find(|p| p.value.state == PeriodState::Open),
        None => None,
    };
    let Some(period) = open else {
        return message(
            StatusCode::OK,
            tr("Excel批量填报"),
            tr("当前没有开放的报告期。"),
        )
        .map(Err);
    };
    Ok(Ok(Context {
        unit,
        unit_name: s.store.unit(unit).await?.value.name,
        period: period.value.id,
        period_label: period.value.label.to_string(),
    }))
}

/// `GET /tasks/import`: the template to download and the upload form.
pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    let c = match context(&s, &auth).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    render(StatusCode::OK, &ImportPage::of(&auth, &c))
}

/// `POST /tasks/import`: the uploaded file checked in full and previewed; kept for the
/// confirmation when it is good.
pub async fn upload(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    req: Request,
) -> Result<Response, ApiError> {
    let c = match context(&s, &auth).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let mut page = ImportPage::of(&auth, &c);
    let (name, bytes) = match read_upload(&s, req).await {
        Ok(x) => x,
        Err(e) if e.status().is_client_error() => {
            let (status, page) = page.refused(&e);
            return render(status, &page);
        }
        Err(e) => return Err(e),
    };
    page.file_name = Some(name.clone());
    let view = match run_import(&s, &auth, c.period, &bytes, true).await {
        Ok(v) => v,
        Err(e) if e.status().is_client_error() => {
            let (status, page) = page.refused(&e);
            return render(status, &page);
        }
        Err(e) => return Err(e),
    };
    let tasks = tasks_of(&s, c.period, c.unit).await?;
    let basis = basis(&tasks);
    let token = s
        .store
        .keep_pending_import(&NewPendingImport {
            user: auth.user.id,
            into: Target::Period(c.period),
            file_name: &name,
            bytes: &bytes,
            basis: &basis,
            at: s.settings.clock.now_ms(),
        })
        .await?;
    let units = super::unit_names(&s).await?;
    page.preview = Some(preview(token, &name, &view, &tasks, &units));
    render(StatusCode::OK, &page)
}

/// `POST /tasks/import/{token}`: the previewed file imported, once, if the unit's
/// reports are as they were when it was previewed.
pub async fn confirm(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    let c = match context(&s, &auth).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let page = ImportPage::of(&auth, &c);
    let now = s.settings.clock.now_ms();
    let gone = || ApiError::Conflict {
        code: "preview_gone",
        zh: "该预览已导入或已过期,请重新上传文件".into(),
        en: "this preview was already imported or has expired; upload the file again".into(),
    };
    let Some(kept) = s.store.pending_import(&token, auth.user.id, now).await? else {
        let (status, page) = page.refused(&gone());
        return render(status, &page);
    };
    let Target::Period(period) = kept.into else {
        let (status, page) = page.refused(&gone());
        return render(status, &page);
    };
    let tasks = tasks_of(&s, period, c.unit).await?;
    if basis(&tasks) != kept.basis {
        s.store.drop_pending_import(&token, auth.user.id).await?;
        let changed = ApiError::Conflict {
            code: "changed_since_preview",
            zh: "预览之后本单位的填报已有变化,未导入;请重新上传文件预览".into(),
            en: "the unit's reports changed after the preview; nothing was imported. Upload the file again to preview it".into(),
        };
        let (status, page) = page.refused(&changed);
        return render(status, &page);
    }
    // Claimed by deleting it: of two confirmations sent together, one imports.
    if !s.store.drop_pending_import(&token, auth.user.id).await? {
        let (status, page) = page.refused(&gone());
        return render(status, &page);
    }
    match run_import(&s, &auth, period, &kept.bytes, false).await {
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

/// The file of the upload form and its name, read whole under the API's body limit.
pub(super) async fn read_upload(s: &AppState, req: Request) -> Result<(String, Vec<u8>), ApiError> {
    let mut form = super::evidence::form(s, req).await?;
    let read = async {
        let (mut field, name) = super::evidence::file(&mut form).await?;
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > crate::BODY_LIMIT {
                        return Err(ApiError::TooLarge {
                            limit_bytes: crate::BODY_LIMIT,
                        });
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(_) => {
                    return Err(ApiError::bad_request(
                        "上传表单无法读取",
                        "the upload form could not be read",
                    ));
                }
            }
        }
        Ok((name, bytes))
    }
    .await;
    if read.is_err() {
        super::evidence::drain(form).await;
    }
    let (name, bytes) = read?;
    if bytes.is_empty() {
        return Err(ApiError::Invalid(duban_domain::Invalid::one(
            duban_domain::FieldError::new("file", "empty", "文件为空", "the file is empty"),
        )));
    }
    Ok((name, bytes))
}

/// The state of the unit's reports a preview is made against: each task's report, its
/// version and state. Any save, submission or review in between changes it.
fn basis(tasks: &TasksView) -> String {
    let mut parts: Vec<String> = tasks
        .tasks
        .iter()
        .map(|t| {
            format!(
                "{}:{}:{}:{}",
                t.item_id,
                t.report_id.unwrap_or(0),
                t.report_version.unwrap_or(0),
                t.state
            )
        })
        .collect();
    parts.sort();
    format!("{}|{}", tasks.period_id, parts.join(";"))
}

/// An error of the file as a row of the table: `填报!H5` is sheet 填报, column H,
/// row 5; the message without the place it starts with.
pub(super) fn error_row(e: &duban_domain::FieldError) -> ErrorRow {
    let text = super::refused::message(e);
    let Some((sheet, cell)) = e.field.split_once('!') else {
        return ErrorRow {
            sheet: String::new(),
            row: String::new(),
            column: String::new(),
            text,
        };
    };
    let column: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let row = cell[column.len()..].to_string();
    let text = text
        .strip_prefix(&e.field)
        .map(|t| t.trim_start_matches([':', ':', ' ']).to_string())
        .unwrap_or(text);
    ErrorRow {
        sheet: sheet.to_string(),
        row,
        column,
        text,
    }
}

/// What the preview shows: per item its action and each figure before and after.
fn preview(
    token: String,
    file_name: &str,
    view: &ImportView,
    tasks: &TasksView,
    units: &BTreeMap<i64, String>,
) -> Preview {
    let count = |a: &str| view.items.iter().filter(|i| i.action == a).count();
    let summary = trf(
        "文件 {} 检查无误:将新建草稿 {} 项,修改 {} 项,{} 项无变化。确认后才会写入。",
        &[
            &file_name,
            &count("create"),
            &count("update"),
            &count("unchanged"),
        ],
    );
    let items = view
        .items
        .iter()
        .map(|i| {
            let owed = tasks
                .tasks
                .iter()
                .find(|t| t.item_id == i.item_id)
                .map(|t| t.figures.as_slice())
                .unwrap_or_default();
            let changes = i
                .changes
                .iter()
                .map(|c| {
                    let o = owed
                        .iter()
                        .find(|o| o.indicator_id == c.indicator_id && o.region_id == c.region_id);
                    let name = o.map_or_else(|| c.indicator_id.to_string(), |o| o.name.clone());
                    let unit = o.map_or("", |o| o.unit.as_str());
                    let label = match c.region_id.and_then(|r| units.get(&r)) {
                        Some(region) => format!("{name}({region})"),
                        None => name,
                    };
                    ChangeRow {
                        label,
                        before: c
                            .before
                            .as_ref()
                            .map_or_else(|| "—".to_string(), |f| figure_text(f, unit)),
                        after: figure_text(&c.after, unit),
                    }
                })
                .collect();
            ItemRow {
                number: i.item_number,
                title: i.item_title.clone(),
                action: match i.action.as_str() {
                    "create" => "新建草稿",
                    "update" => "修改草稿",
                    _ => "无变化",
                },
                changes,
            }
        })
        .collect();
    Preview {
        token,
        summary,
        items,
    }
}

/// A figure as the fill-in form prints it: the value with its unit, the stage, or the
/// assessment's label.
fn figure_text(f: &FigureInput, unit: &str) -> String {
    f.value
        .map(|v| format!("{v}{unit}"))
        .or_else(|| f.stage.clone())
        .or_else(|| {
            f.assessment
                .as_deref()
                .and_then(Status::parse)
                .map(|s| tr(s.label_zh()).to_string())
        })
        .unwrap_or_else(|| "—".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_at_a_cell_is_split_into_sheet_row_and_column_without_its_place() {
        let e = duban_domain::FieldError::new(
            "填报!H15",
            "not_a_number",
            "填报!H15:“很多”不是数字",
            "填报!H15: “很多” is not a number",
        );
        let r = error_row(&e);
        assert_eq!(
            (r.sheet.as_str(), r.row.as_str(), r.column.as_str()),
            ("填报", "15", "H")
        );
        assert_eq!(r.text, "“很多”不是数字");
    }

    #[test]
    fn an_error_without_a_place_keeps_its_whole_message() {
        let e = duban_domain::FieldError::new("file", "empty", "文件为空", "the file is empty");
        let r = error_row(&e);
        assert_eq!((r.sheet.as_str(), r.text.as_str()), ("", "文件为空"));
    }
}

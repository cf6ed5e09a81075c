//! 佐证材料 on the pages: the files of the report being filled in and of each problem on
//! the board, and their upload forms. Uploads are ordinary `multipart/form-data` forms
//! (no script); the file is read, checked and stored by the API's own code
//! (`routes::evidence`), under the same limit.

use axum::body::Body;
use axum::extract::multipart::{Field, Multipart};
use axum::extract::{FromRequest, Request};
use duban_domain::Role;
use duban_domain::access::withdraws_evidence;
use duban_domain::evidence::Evidence;
use duban_domain::{FieldError, Invalid};
use duban_store::Versioned;

use super::i18n::tr;
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;

/// The evidence of one report or problem as a page shows it.
pub(super) struct Files {
    pub rows: Vec<FileRow>,
    /// Where the upload form posts, when the viewer may attach a file now.
    pub upload: Option<String>,
    /// Where withdrawals post: this, the file's id, then `/withdraw`.
    pub withdraw: String,
    /// The id of the upload form's file input, unique on its page.
    pub file_id: String,
    /// What the upload form takes.
    pub hint: String,
    pub accept: &'static str,
}

/// One file as a page lists it.
pub(super) struct FileRow {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub size: String,
    /// When it was uploaded, China Standard Time.
    pub at: String,
    /// The viewer may withdraw it now.
    pub withdrawable: bool,
}

/// The rows of `files`; `open`: the report or rectification still takes evidence.
pub(super) fn rows(files: Vec<Versioned<Evidence>>, auth: &Auth, open: bool) -> Vec<FileRow> {
    let office = auth.role() == Role::Office;
    files
        .into_iter()
        .map(|v| {
            let e = v.value;
            let mine = e.uploaded_by == auth.user.id;
            FileRow {
                id: e.id.0,
                name: e.file_name.to_string(),
                kind: tr(e.kind.label_zh()),
                size: size(e.size_bytes),
                at: china_time(e.uploaded_at),
                withdrawable: withdraws_evidence(auth.role(), mine) && (office || open),
            }
        })
        .collect()
}

/// What an upload form tells the reader about the files it takes.
pub(super) fn hint(s: &AppState) -> String {
    tr("仅接受图片(PNG、JPEG、GIF、WebP)、PDF 和 Office 文档(Word、Excel、PowerPoint),单个文件不超过 {limit}。")
        .replace("{limit}", &crate::error::size_text(s.settings.max_upload_bytes))
}

/// The extensions the file picker offers first; the server judges the bytes anyway.
pub(super) const ACCEPT: &str =
    ".png,.jpg,.jpeg,.gif,.webp,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.dps";

fn size(bytes: i64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1 << 20 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / f64::from(1 << 20)),
    }
}

/// `YYYY-MM-DD HH:MM` in China Standard Time (UTC+8, no daylight saving).
fn china_time(ms: i64) -> String {
    let t = duban_domain::date::rfc3339(ms + 8 * 3600 * 1000);
    t.chars().take(16).collect::<String>().replace('T', " ")
}

/// The upload form's body as a multipart stream. The file in it has the API's limit
/// (checked as it is read); the whole body is capped at twice that and a little, so
/// that a file somewhat over the limit is read to its end and the reader gets the page
/// that says so, rather than a connection cut mid-upload.
pub(super) async fn form(s: &AppState, req: Request) -> Result<Multipart, ApiError> {
    let cap = s
        .settings
        .max_upload_bytes
        .saturating_mul(2)
        .saturating_add(64 << 10);
    let req = req.map(|b| Body::new(http_body_util::Limited::new(b, cap)));
    Multipart::from_request(req, s).await.map_err(|_| {
        ApiError::bad_request(
            "上传表单须以 multipart/form-data 提交",
            "the upload form must be sent as multipart/form-data",
        )
    })
}

/// The form's file (its first part, named `file`) and the name it was chosen under.
/// No file chosen: 422 naming `file`.
pub(super) async fn file(form: &mut Multipart) -> Result<(Field<'_>, String), ApiError> {
    let none = || {
        ApiError::from(Invalid::one(FieldError::new(
            "file",
            "required",
            "请选择要上传的文件",
            "choose a file to upload",
        )))
    };
    match form.next_field().await {
        Ok(Some(f)) if f.name() == Some("file") => {
            let name = f.file_name().unwrap_or_default().to_string();
            if name.is_empty() {
                Err(none())
            } else {
                Ok((f, name))
            }
        }
        Ok(_) => Err(none()),
        Err(_) => Err(ApiError::bad_request(
            "上传表单无法读取",
            "the upload form could not be read",
        )),
    }
}

/// Reads what is left of a refused upload, up to the form's cap, so that the answer
/// reaches the browser before the connection closes.
pub(super) async fn drain(mut form: Multipart) {
    while let Ok(Some(_)) = form.next_field().await {}
}

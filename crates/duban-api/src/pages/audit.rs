//! 审计日志: the audit administrator's page — is the chain whole, and who did what,
//! when and from where, newest first, filtered by event and day.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use duban_domain::access::reads_audit;
use duban_domain::date::beijing_time;
use duban_store::Page;

use super::i18n::{filters, tr};
use super::{SignedIn, message, render};
use crate::AppState;
use crate::error::ApiError;
use crate::routes::audit::{AuditQuery, VerificationView};

const PER_PAGE: i64 = 100;

#[derive(Debug, Default, serde::Deserialize)]
pub struct AuditForm {
    #[serde(default)]
    event: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    page: Option<i64>,
    /// Set (`check=1`) to check the whole chain: it reads every record, so it runs
    /// when asked for, not on every view of the list.
    #[serde(default)]
    check: Option<String>,
}

struct Row {
    seq: i64,
    at: String,
    who: String,
    role: String,
    address: String,
    event: String,
    label: &'static str,
    object: String,
    denied: bool,
    before: Option<String>,
    after: Option<String>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    shell: Option<super::Shell>,
    /// The chain's check, when asked for.
    check: Option<VerificationView>,
    event: String,
    from_day: String,
    to_day: String,
    problem: Option<String>,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    /// The query string without its page, for the paging links.
    query: String,
}

/// What the security events are called in the office's words; changes keep their code.
fn label(event: &str) -> &'static str {
    match event {
        "login.success" => "登录成功",
        "login.failure" => "登录失败",
        "login.locked" => "账号锁定",
        "logout" => "退出登录",
        "access.denied" => "拒绝访问",
        "download" => "下载导出",
        "user.password_set" => "设置密码",
        e if e.ends_with(".create") => "新建",
        e if e.ends_with(".update") => "修改",
        _ => "",
    }
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(f): Query<AuditForm>,
) -> Result<Response, ApiError> {
    if !reads_audit(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("审计日志仅由审计管理员查阅。"),
        );
    }
    let key = s.settings.audit_key.as_ref();
    let check = match f.check.as_deref() {
        Some(_) => Some(VerificationView::of(
            s.store.verify_audit(key.map(|k| k.signer())).await?,
            key.is_some(),
        )),
        None => None,
    };
    let some = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let q = AuditQuery {
        event: some(&f.event),
        actor_id: None,
        from: some(&f.from),
        to: some(&f.to),
    };
    let page = f.page.unwrap_or(1).max(1);
    let (records, problem) = match q.filter() {
        Ok(filter) => {
            let p = Page {
                page,
                per_page: PER_PAGE,
            };
            (s.store.audit_records(&filter, p).await?, None)
        }
        Err(e) => (
            duban_store::Paged {
                items: vec![],
                total: 0,
                page: 1,
                per_page: PER_PAGE,
            },
            Some(super::refused::text(&e)),
        ),
    };
    let rows = records
        .items
        .into_iter()
        .map(|st| {
            let r = st.record;
            Row {
                seq: r.seq,
                at: beijing_time(r.at),
                who: if r.actor.is_empty() {
                    "—".into()
                } else {
                    r.actor
                },
                role: r.role,
                address: r.address,
                label: label(&r.event),
                event: r.event,
                object: r.object,
                denied: r.outcome != duban_domain::audit::outcome::OK,
                before: r.before,
                after: r.after,
            }
        })
        .collect();
    let query = query_of(&[("event", &f.event), ("from", &f.from), ("to", &f.to)]);
    let view = AuditPage {
        shell: super::Shell::of(&auth),
        check,
        event: f.event,
        from_day: f.from,
        to_day: f.to,
        problem,
        rows,
        total: records.total,
        page,
        pages: (records.total + PER_PAGE - 1) / PER_PAGE,
        query,
    };
    render(StatusCode::OK, &view)
}

/// `k=v&…` of the non-empty filters, percent-encoded.
fn query_of(pairs: &[(&str, &String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}&", url_escape(v.trim())))
        .collect()
}

fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

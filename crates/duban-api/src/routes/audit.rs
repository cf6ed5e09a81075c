//! The audit log for the audit administrator (审计管理员): the records, newest first,
//! and a check of the whole chain.

use axum::extract::State;

use crate::extract::Query;
use duban_domain::access::reads_audit;
use duban_domain::audit::{Broken, Fault};
use duban_domain::date::rfc3339;
use duban_store::audit::{Filter, Stored};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{List, PageParams};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult, Problem};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_audit))
        .routes(routes!(verify_audit))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditRecordView {
    pub seq: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor_id: Option<i64>,
    /// Username then; empty for the system and for someone not logged in.
    pub actor: String,
    /// Role then, or `system` / `anonymous`.
    pub role: String,
    pub address: String,
    /// `object_kind.verb`: `user.update`, `login.failure`, `access.denied`, `download`…
    pub event: String,
    pub object: String,
    /// JSON text of the object before the change, for changes.
    pub before: Option<String>,
    pub after: Option<String>,
    /// `ok` or `denied`.
    pub outcome: String,
    /// SM3 chain hash, hex.
    pub hash: String,
}

impl From<Stored> for AuditRecordView {
    fn from(s: Stored) -> Self {
        let r = s.record;
        AuditRecordView {
            seq: r.seq,
            at: rfc3339(r.at),
            actor_id: r.actor_id,
            actor: r.actor,
            role: r.role,
            address: r.address,
            event: r.event,
            object: r.object,
            before: r.before,
            after: r.after,
            outcome: r.outcome,
            hash: s.hash,
        }
    }
}

/// Which records: all optional.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Events starting with this: `login.` gives every login event.
    pub event: Option<String>,
    pub actor_id: Option<i64>,
    /// From this day (YYYY-MM-DD, China Standard Time), inclusive.
    #[param(format = Date)]
    pub from: Option<String>,
    /// To this day (YYYY-MM-DD, China Standard Time), inclusive.
    #[param(format = Date)]
    pub to: Option<String>,
}

/// Midnight of `day` in China Standard Time (UTC+8), epoch milliseconds.
fn beijing_midnight(field: &str, day: &str) -> Result<i64, ApiError> {
    let d = super::query_date(field, day)?;
    Ok(d.days_since_epoch() * 86_400_000 - 8 * 3_600_000)
}

impl AuditQuery {
    pub(crate) fn filter(&self) -> Result<Filter, ApiError> {
        let event = self
            .event
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        if event.is_some_and(|e| e.chars().count() > 64) {
            return Err(ApiError::bad_request(
                "event 不超过64个字符",
                "event must be at most 64 characters",
            ));
        }
        let from = self
            .from
            .as_deref()
            .map(|d| beijing_midnight("from", d))
            .transpose()?;
        let to = self
            .to
            .as_deref()
            .map(|d| beijing_midnight("to", d).map(|t| t + 86_400_000))
            .transpose()?;
        Ok(Filter {
            event: event.map(str::to_string),
            actor_id: self.actor_id,
            from,
            to,
        })
    }
}

/// 审计日志 The audit log, newest first (audit administrator).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(PageParams, AuditQuery),
    responses((status = 200, body = List<AuditRecordView>), (status = 400, body = Problem),
              (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn list_audit(
    State(s): State<AppState>,
    auth: Auth,
    Query(p): Query<PageParams>,
    Query(q): Query<AuditQuery>,
) -> ApiResult<axum::Json<List<AuditRecordView>>> {
    auth.require(reads_audit(auth.role()))?;
    let records = s.store.audit_records(&q.filter()?, p.page()?).await?;
    Ok(axum::Json(List::of(records, AuditRecordView::from)))
}

/// The first record that does not fit.
#[derive(Debug, Serialize, ToSchema)]
pub struct BrokenView {
    pub seq: i64,
    /// `changed`, `missing`, `beyond_head`, `out_of_order`, `checkpoint_mismatch`,
    /// `bad_signature`.
    pub fault: String,
    /// Chinese, then English.
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationView {
    /// The chain holds from the first record to the head.
    pub intact: bool,
    pub records: i64,
    pub checkpoints: usize,
    /// Whether the checkpoints' signatures were checked (the server has the key).
    pub signatures_checked: bool,
    /// The last record a signed checkpoint vouches for.
    pub anchored_to: i64,
    pub first_bad: Option<BrokenView>,
}

pub(crate) fn fault_code(f: &Fault) -> &'static str {
    match f {
        Fault::Changed => "changed",
        Fault::Missing => "missing",
        Fault::BeyondHead => "beyond_head",
        Fault::OutOfOrder => "out_of_order",
        Fault::CheckpointMismatch => "checkpoint_mismatch",
        Fault::BadSignature => "bad_signature",
    }
}

impl VerificationView {
    pub(crate) fn of(r: Result<duban_domain::audit::Summary, Broken>, keyed: bool) -> Self {
        match r {
            Ok(s) => VerificationView {
                intact: true,
                records: s.records,
                checkpoints: s.checkpoints,
                signatures_checked: s.signatures_checked,
                anchored_to: s.anchored_to,
                first_bad: None,
            },
            Err(b) => VerificationView {
                intact: false,
                records: 0,
                checkpoints: 0,
                signatures_checked: keyed,
                anchored_to: 0,
                first_bad: Some(BrokenView {
                    seq: b.seq,
                    fault: fault_code(&b.fault).into(),
                    message: b.describe(),
                }),
            },
        }
    }
}

/// 审计日志校验 Checks the whole chain and the signed checkpoints (audit administrator).
#[utoipa::path(get, path = "/api/v1/audit/verification", tag = "audit",
    responses((status = 200, body = VerificationView), (status = 401, body = Problem), (status = 403, body = Problem)))]
async fn verify_audit(
    State(s): State<AppState>,
    auth: Auth,
) -> ApiResult<axum::Json<VerificationView>> {
    auth.require(reads_audit(auth.role()))?;
    let key = s.settings.audit_key.as_ref();
    let r = s.store.verify_audit(key.map(|k| k.signer())).await?;
    Ok(axum::Json(VerificationView::of(r, key.is_some())))
}

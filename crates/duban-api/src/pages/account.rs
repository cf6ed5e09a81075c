//! 我的账号: who is signed in, in which unit and role, and what that role does here;
//! changing one's password and setting up the second factor (`account_security.rs`).
//! The administrators' first page: their work is accounts, roles and the audit log,
//! never the ledger's business data (三权分立). A session the login policy holds (an
//! expired password, a second factor to set up) is sent here and told why.

use std::collections::BTreeMap;

use super::i18n::{filters, tr, trf};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use duban_domain::Role;
use duban_domain::policy::Restriction;
use duban_domain::totp::Secret;

use super::SignedIn;
use super::render;
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::routes::second_factor::Enrolment;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    shell: Option<super::Shell>,
    display_name: String,
    username: String,
    role: &'static str,
    unit: String,
    email: String,
    /// In clear: this page is the person's own.
    mobile: String,
    id_number: String,
    duties: &'static str,
    demo: bool,
    /// Why the session is held, if it is.
    restriction: Option<String>,
    /// The day the password expires, China Standard Time.
    password_expires: Option<String>,
    password: PasswordForm,
    second_factor: SecondFactorView,
}

/// The change-password form's messages (never what was typed).
#[derive(Default)]
pub(super) struct PasswordForm {
    pub errors: BTreeMap<String, String>,
}

/// The second factor's part of the page.
#[derive(Default)]
pub(super) struct SecondFactorView {
    pub required: bool,
    pub enabled: bool,
    /// A secret waiting for its first code.
    pub pending: Option<Enrolment>,
    pub notice: Option<&'static str>,
    pub error: Option<String>,
}

/// What each role does in duban, in the words of the office.
fn duties(role: Role) -> &'static str {
    match role {
        Role::Office => {
            "制定年度计划、开放和关闭报告期、确认各单位填报、督办问题整改、起草和印发督查专报。"
        }
        Role::Reporter => "按期填报本单位承担的民生实事进展,报牵头单位审核。",
        Role::Reviewer => "审核本单位牵头事项中各责任单位和县区报送的数据。",
        Role::Leader => "查看驾驶舱和各项实事进展。",
        Role::Evaluator => "查看进展数据,录入第三方评估意见。",
        Role::SysAdmin => "管理账号和系统设置,不接触业务数据。",
        Role::SecAdmin => "管理角色和安全策略,不接触业务数据。",
        Role::AuditAdmin => "查阅审计日志,不接触业务数据。",
    }
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    show(
        &s,
        &auth,
        PasswordForm::default(),
        SecondFactorView::default(),
        StatusCode::OK,
    )
    .await
}

/// The page with the forms' messages; the account and its second factor read afresh,
/// so that what a form just changed shows.
pub(super) async fn show(
    s: &AppState,
    auth: &Auth,
    password: PasswordForm,
    mut second_factor: SecondFactorView,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let u = s.store.user(auth.user.id).await?.value;
    let unit = match u.unit_id {
        Some(id) => s.store.unit(id).await?.value.name,
        None => "—".into(),
    };
    let policy = &s.settings.policy;
    let now = s.settings.clock.now_ms();
    let held = policy.restriction(u.role, u.password_set_at, u.second_factor, now);
    // The header as the session stands now: a form may just have freed it.
    let fresh = Auth {
        restriction: held,
        ..auth.clone()
    };
    let restriction = held.map(|r| match r {
        Restriction::PasswordExpired => trf(
            "您的密码已超过{}天未更换,已经过期。请先修改密码;修改后请用新密码重新登录。",
            &[&policy.password_max_age_days],
        ),
        Restriction::SecondFactorSetup => {
            tr("您的角色须使用双因素认证。请先在下方启用,启用后即可继续使用。").to_string()
        }
    });
    second_factor.required = policy.needs_second_factor(u.role);
    second_factor.enabled = u.second_factor;
    if !u.second_factor {
        second_factor.pending = s
            .store
            .second_factor(u.id)
            .await?
            .filter(|f| !f.confirmed())
            .and_then(|f| Secret::from_base32(&f.secret))
            .map(|secret| Enrolment::of(&secret, &u.username));
    }
    let page = AccountPage {
        shell: super::Shell::of(&fresh),
        display_name: u.display_name.clone(),
        username: u.username.clone(),
        role: u.role.label_zh(),
        unit,
        email: u.email.clone().unwrap_or_else(|| tr("未登记").into()),
        mobile: match &u.mobile {
            Some(m) => m.as_str().to_string(),
            None => tr("未登记").into(),
        },
        id_number: match &u.id_number {
            Some(i) => i.as_str().to_string(),
            None => tr("未登记").into(),
        },
        duties: duties(u.role),
        demo: u.demo,
        restriction,
        password_expires: policy.password_expires_at(u.password_set_at).map(china_day),
        password,
        second_factor,
    };
    render(status, &page)
}

/// The day (China Standard Time) an instant falls on.
fn china_day(ms: i64) -> String {
    duban_domain::Date::from_days_since_epoch((ms + 8 * 3_600_000).div_euclid(86_400_000))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

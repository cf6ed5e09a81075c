//! 单位 and 账号: the units (read by the office and leaders, whose plan data they are;
//! created and changed by the office) and the accounts (for the system administrator,
//! who creates and changes them). Every change goes through the API's own handler core
//! (`routes::units::{create, update}`, `routes::users::{create, update}`), so the pages
//! keep exactly the API's rules, role checks and If-Match versions.

use super::i18n::{filters, tr};
use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::access::{manages_accounts, manages_plans, reads_plans};
use duban_domain::user::ALL_ROLES;
use duban_domain::{FieldError, Invalid, Unit, UnitKind};
use duban_store::Versioned;
use duban_store::users::User;
use serde::Deserialize;

use super::SignedIn;
use super::{message, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::Patch;
use crate::routes::units::{UnitInput, UnitPatch};
use crate::routes::users::{UserInput, UserPatch};

const KINDS: [UnitKind; 5] = [
    UnitKind::City,
    UnitKind::Region,
    UnitKind::Department,
    UnitKind::Office,
    UnitKind::ThirdParty,
];

/// One option of a select.
pub(super) struct Choice {
    pub(super) value: String,
    pub(super) label: String,
    pub(super) selected: bool,
}

#[derive(Debug, Deserialize)]
pub struct Done {
    /// created | saved: what the last POST did.
    ok: Option<String>,
}

fn notice(q: &Done, created: &'static str, saved: &'static str) -> Option<&'static str> {
    match q.ok.as_deref() {
        Some("created") => Some(tr(created)),
        Some("saved") => Some(tr(saved)),
        _ => None,
    }
}

/// What the form's version field says: the version the form was read at. Missing is
/// the API's 428, as a change without If-Match.
fn version(v: &str) -> Result<i64, ApiError> {
    match v.trim() {
        "" => Err(ApiError::PreconditionRequired),
        t => t.parse().map_err(|_| {
            ApiError::bad_request("表单版本号无效", "the form's version is not a number")
        }),
    }
}

/// An optional id chosen in a select: empty is none.
fn chosen_id(v: &str, what: &'static str) -> Result<Option<i64>, ApiError> {
    match v.trim() {
        "" => Ok(None),
        t => t.parse().map(Some).map_err(|_| {
            ApiError::bad_request(format!("{what}选择无效"), format!("bad {what} choice"))
        }),
    }
}

/// Splits a refusal into the fields' messages and the sentence for the rest.
fn refusal(e: &ApiError) -> (BTreeMap<String, String>, Option<String>) {
    match e {
        ApiError::Invalid(bad) => (super::refused::by_field(bad), None),
        _ => (BTreeMap::new(), Some(super::refused::text(e))),
    }
}

// ---------------------------------------------------------------- units

struct UnitRow {
    id: i64,
    code: String,
    name: String,
    kind: &'static str,
    parent: String,
    active: bool,
}

/// A unit's form, as posted or as stored.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UnitForm {
    code: String,
    name: String,
    kind: String,
    parent_id: String,
    seq: String,
    /// A checkbox: present when ticked.
    active: Option<String>,
    version: String,
}

impl UnitForm {
    fn of(u: &Versioned<Unit>) -> UnitForm {
        let v = &u.value;
        UnitForm {
            code: v.code.clone(),
            name: v.name.clone(),
            kind: v.kind.as_str().into(),
            parent_id: v.parent_id.map(|p| p.0.to_string()).unwrap_or_default(),
            seq: v.seq.to_string(),
            active: v.active.then(|| "1".into()),
            version: u.version.to_string(),
        }
    }

    /// A new unit's form: in use, first in order.
    fn blank() -> UnitForm {
        UnitForm {
            kind: UnitKind::Department.as_str().into(),
            seq: "1".into(),
            active: Some("1".into()),
            ..UnitForm::default()
        }
    }

    /// The order among siblings: empty leaves it to the API (1 for a new unit, the
    /// current one for a change).
    fn seq(&self) -> Result<Option<i64>, ApiError> {
        match self.seq.trim() {
            "" => Ok(None),
            t => t.parse().map(Some).map_err(|_| {
                Invalid::one(FieldError::new(
                    "seq",
                    "not_a_number",
                    "排序须为整数",
                    "the order must be a whole number",
                ))
                .into()
            }),
        }
    }

    fn input(&self) -> Result<UnitInput, ApiError> {
        Ok(UnitInput {
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            parent_id: chosen_id(&self.parent_id, "上级单位")?,
            seq: self.seq()?,
            active: Some(self.active.is_some()),
        })
    }

    /// Every field the form shows, so that what is sent is what is stored.
    fn patch(&self) -> Result<UnitPatch, ApiError> {
        let parent = chosen_id(&self.parent_id, "上级单位")?;
        Ok(UnitPatch {
            code: Some(self.code.clone()),
            name: Some(self.name.clone()),
            kind: Some(self.kind.clone()),
            parent_id: parent,
            clear_parent: Some(parent.is_none()),
            seq: self.seq()?,
            active: Some(self.active.is_some()),
        })
    }
}

/// The unit form with its choices and what a refusal said.
struct UnitEditor {
    action: String,
    values: UnitForm,
    kinds: Vec<Choice>,
    parents: Vec<Choice>,
    errors: BTreeMap<String, String>,
    refusal: Option<String>,
    submit: &'static str,
}

impl UnitEditor {
    fn new(action: String, values: UnitForm, all: &[Unit], own: Option<i64>) -> UnitEditor {
        let kinds = KINDS
            .into_iter()
            .map(|k| Choice {
                value: k.as_str().into(),
                label: tr(k.label_zh()).into(),
                selected: values.kind == k.as_str(),
            })
            .collect();
        let mut parents = vec![Choice {
            value: String::new(),
            label: tr("(无上级)").into(),
            selected: values.parent_id.trim().is_empty(),
        }];
        // A unit cannot be its own parent: it is not offered.
        parents.extend(all.iter().filter(|u| Some(u.id.0) != own).map(|u| Choice {
            value: u.id.0.to_string(),
            label: format!("{}({})", u.name, u.code),
            selected: values.parent_id.trim() == u.id.0.to_string(),
        }));
        let submit = if own.is_some() {
            tr("保存修改")
        } else {
            tr("新增单位")
        };
        UnitEditor {
            action,
            values,
            kinds,
            parents,
            errors: BTreeMap::new(),
            refusal: None,
            submit,
        }
    }

    fn refused(mut self, e: &ApiError) -> UnitEditor {
        (self.errors, self.refusal) = refusal(e);
        self
    }
}

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    shell: Option<super::Shell>,
    count: String,
    rows: Vec<UnitRow>,
    /// The office's: the rows link to their forms, and a new unit's form follows.
    editor: Option<UnitEditor>,
    notice: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    shell: Option<super::Shell>,
    id: i64,
    // Not `name`: base.html has a local of that name (the language switch's).
    unit_name: String,
    editor: UnitEditor,
}

pub async fn units(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(q): Query<Done>,
) -> Result<Response, ApiError> {
    let notice = notice(&q, "单位已新增。", "单位已保存。");
    units_page(&s, &auth, None, notice).await
}

/// The list, with the new unit's form for the office: blank, or as sent and refused.
async fn units_page(
    s: &AppState,
    auth: &Auth,
    refused: Option<(UnitForm, ApiError)>,
    notice: Option<&'static str>,
) -> Result<Response, ApiError> {
    if !reads_plans(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("管理员不查看业务数据。"),
        );
    }
    let all = s.store.all_units().await?;
    let names: BTreeMap<i64, String> = all.iter().map(|u| (u.id.0, u.name.clone())).collect();
    let editor = manages_plans(auth.role()).then(|| {
        let action = "/units".to_string();
        match &refused {
            Some((f, e)) => UnitEditor::new(action, f.clone(), &all, None).refused(e),
            None => UnitEditor::new(action, UnitForm::blank(), &all, None),
        }
    });
    let rows: Vec<UnitRow> = all
        .into_iter()
        .map(|u| UnitRow {
            id: u.id.0,
            parent: u
                .parent_id
                .and_then(|p| names.get(&p.0).cloned())
                .unwrap_or_else(|| "—".into()),
            code: u.code,
            name: u.name,
            kind: tr(u.kind.label_zh()),
            active: u.active,
        })
        .collect();
    let status = refused.as_ref().map_or(StatusCode::OK, |(_, e)| e.status());
    let page = UnitsPage {
        shell: super::Shell::of(auth),
        count: tr("共 {n} 个单位。").replace("{n}", &rows.len().to_string()),
        rows,
        editor,
        notice,
    };
    render(status, &page)
}

/// `POST /units`: the office creates a unit, as `POST /api/v1/units` does.
pub async fn create_unit(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(f): Form<UnitForm>,
) -> Result<Response, ApiError> {
    let done = match f.input() {
        Ok(i) => crate::routes::units::create(&s, &auth, &i).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => Ok(Redirect::to("/units?ok=created").into_response()),
        Err(e) if e.status().is_client_error() => units_page(&s, &auth, Some((f, e)), None).await,
        Err(e) => Err(e),
    }
}

/// `GET /units/{id}`: the unit's form, for the office.
pub async fn unit(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    if !manages_plans(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("单位由督查室维护。"),
        );
    }
    let u = match s.store.unit(duban_domain::UnitId(id)).await {
        Ok(u) => u,
        Err(duban_store::StoreError::NotFound { .. }) => {
            return message(
                StatusCode::NOT_FOUND,
                tr("单位不存在"),
                tr("没有这个单位。"),
            );
        }
        Err(e) => return Err(e.into()),
    };
    unit_page(&s, &auth, id, u.value.name.clone(), UnitForm::of(&u), None).await
}

async fn unit_page(
    s: &AppState,
    auth: &Auth,
    id: i64,
    name: String,
    values: UnitForm,
    refused: Option<ApiError>,
) -> Result<Response, ApiError> {
    let all = s.store.all_units().await?;
    let mut editor = UnitEditor::new(format!("/units/{id}"), values, &all, Some(id));
    let mut status = StatusCode::OK;
    if let Some(e) = refused {
        status = e.status();
        editor = editor.refused(&e);
    }
    let page = UnitPage {
        shell: super::Shell::of(auth),
        id,
        unit_name: name,
        editor,
    };
    render(status, &page)
}

/// `POST /units/{id}`: the office changes a unit at the version its form was read at,
/// as `PATCH /api/v1/units/{id}` with If-Match does; a stale form changes nothing.
pub async fn save_unit(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<UnitForm>,
) -> Result<Response, ApiError> {
    let done = match (version(&f.version), f.patch()) {
        (Ok(v), Ok(p)) => crate::routes::units::update(&s, &auth, id, v, &p).await,
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match done {
        Ok(_) => Ok(Redirect::to("/units?ok=saved").into_response()),
        Err(ApiError::Forbidden) => message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("单位由督查室维护。"),
        ),
        Err(e) if e.status().is_client_error() => {
            let name = match s.store.unit(duban_domain::UnitId(id)).await {
                Ok(u) => u.value.name,
                Err(duban_store::StoreError::NotFound { .. }) => {
                    return message(
                        StatusCode::NOT_FOUND,
                        tr("单位不存在"),
                        tr("没有这个单位。"),
                    );
                }
                Err(e) => return Err(e.into()),
            };
            unit_page(&s, &auth, id, name, f, Some(e)).await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------- accounts

struct UserRow {
    id: i64,
    username: String,
    name: String,
    role: &'static str,
    unit: String,
    email: String,
    /// Masked: the list shows only that one is registered (138****1234).
    mobile: String,
    active: bool,
    demo: bool,
}

/// A new account's form. The password is never printed back.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewUserForm {
    username: String,
    display_name: String,
    role: String,
    unit_id: String,
    password: String,
    mobile: String,
    id_number: String,
}

impl NewUserForm {
    fn input(&self) -> Result<UserInput, ApiError> {
        Ok(UserInput {
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role.clone(),
            unit_id: chosen_id(&self.unit_id, "单位")?,
            password: self.password.clone(),
            mobile: Some(self.mobile.clone()),
            id_number: Some(self.id_number.clone()),
        })
    }
}

struct NewUserEditor {
    values: NewUserForm,
    roles: Vec<Choice>,
    units: Vec<Choice>,
    errors: BTreeMap<String, String>,
    refusal: Option<String>,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    shell: Option<super::Shell>,
    count: String,
    rows: Vec<UserRow>,
    editor: NewUserEditor,
    notice: Option<&'static str>,
}

/// The units an account may belong to, the chosen one marked.
/// Every role, `chosen` selected.
pub(super) fn role_choices(chosen: &str) -> Vec<Choice> {
    ALL_ROLES
        .into_iter()
        .map(|r| Choice {
            value: r.as_str().into(),
            label: tr(r.label_zh()).into(),
            selected: chosen == r.as_str(),
        })
        .collect()
}

pub(super) fn unit_choices(all: &[Unit], chosen: &str) -> Vec<Choice> {
    let mut v = vec![Choice {
        value: String::new(),
        label: tr("(不属于单位)").into(),
        selected: chosen.trim().is_empty(),
    }];
    v.extend(all.iter().map(|u| Choice {
        value: u.id.0.to_string(),
        label: if u.active {
            u.name.clone()
        } else {
            format!("{}({})", u.name, tr("停用"))
        },
        selected: chosen.trim() == u.id.0.to_string(),
    }));
    v
}

pub async fn users(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(q): Query<Done>,
) -> Result<Response, ApiError> {
    let notice = notice(&q, "账号已新增。", "账号已保存。");
    users_page(&s, &auth, None, notice).await
}

async fn users_page(
    s: &AppState,
    auth: &Auth,
    refused: Option<(NewUserForm, ApiError)>,
    notice: Option<&'static str>,
) -> Result<Response, ApiError> {
    if !manages_accounts(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("账号由系统管理员管理。"),
        );
    }
    let all = s.store.all_units().await?;
    let names: BTreeMap<i64, String> = all.iter().map(|u| (u.id.0, u.name.clone())).collect();
    let page = duban_store::Page {
        page: 1,
        per_page: duban_store::Page::MAX_PER_PAGE,
    };
    let rows: Vec<UserRow> = s
        .store
        .users(page)
        .await?
        .items
        .into_iter()
        .map(|u| {
            let u = u.value;
            UserRow {
                id: u.id.0,
                unit: u
                    .unit_id
                    .and_then(|id| names.get(&id.0).cloned())
                    .unwrap_or_else(|| "—".into()),
                username: u.username,
                name: u.display_name,
                role: tr(u.role.label_zh()),
                email: u.email.unwrap_or_else(|| "—".into()),
                mobile: u.mobile.map_or_else(|| "—".into(), |m| m.masked()),
                active: u.active,
                demo: u.demo,
            }
        })
        .collect();
    let (values, errors, refusal, status) = match refused {
        Some((f, e)) => {
            let (errors, text) = refusal(&e);
            // The password typed is not printed back into the page.
            let values = NewUserForm {
                password: String::new(),
                ..f
            };
            (values, errors, text, e.status())
        }
        None => (
            NewUserForm {
                role: duban_domain::Role::Reporter.as_str().into(),
                ..NewUserForm::default()
            },
            BTreeMap::new(),
            None,
            StatusCode::OK,
        ),
    };
    let roles = role_choices(&values.role);
    let editor = NewUserEditor {
        units: unit_choices(&all, &values.unit_id),
        values,
        roles,
        errors,
        refusal,
    };
    let page = UsersPage {
        shell: super::Shell::of(auth),
        count: tr("共 {n} 个账号。").replace("{n}", &rows.len().to_string()),
        rows,
        editor,
        notice,
    };
    render(status, &page)
}

/// `POST /users`: the system administrator creates an account, as `POST /api/v1/users`.
pub async fn create_user(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Form(f): Form<NewUserForm>,
) -> Result<Response, ApiError> {
    let done = match f.input() {
        Ok(i) => crate::routes::users::create(&s, &auth, i).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => Ok(Redirect::to("/users?ok=created").into_response()),
        Err(e) if e.status().is_client_error() => users_page(&s, &auth, Some((f, e)), None).await,
        Err(e) => Err(e),
    }
}

/// What may change of an account: whether it is enabled, its e-mail, its password.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AccountForm {
    /// A checkbox: present when ticked.
    active: Option<String>,
    email: String,
    /// A new password; empty keeps the current one.
    password: String,
    /// Empty removes it, as the e-mail.
    mobile: String,
    id_number: String,
    version: String,
}

impl AccountForm {
    fn patch(&self) -> UserPatch {
        let email = self.email.trim();
        let set = |v: &str| Patch::Set(v.to_string());
        UserPatch {
            active: Some(self.active.is_some()),
            password: Some(self.password.clone()).filter(|p| !p.is_empty()),
            email: if email.is_empty() {
                Patch::Clear
            } else {
                Patch::Set(email.to_string())
            },
            // An empty field clears it (the API takes "" as null for these two).
            mobile: set(&self.mobile),
            id_number: set(&self.id_number),
        }
    }
}

#[derive(Template)]
#[template(path = "user.html")]
struct AccountPage {
    shell: Option<super::Shell>,
    id: i64,
    username: String,
    display_name: String,
    role: &'static str,
    unit: String,
    demo: bool,
    values: AccountForm,
    errors: BTreeMap<String, String>,
    refusal: Option<String>,
}

/// `GET /users/{id}`: an account's form, for the system administrator.
pub async fn user(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    account_page(&s, &auth, id, None).await
}

async fn account_page(
    s: &AppState,
    auth: &Auth,
    id: i64,
    refused: Option<(AccountForm, ApiError)>,
) -> Result<Response, ApiError> {
    if !manages_accounts(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("账号由系统管理员管理。"),
        );
    }
    let u: Versioned<User> = match s.store.user(duban_domain::UserId(id)).await {
        Ok(u) => u,
        Err(duban_store::StoreError::NotFound { .. }) => {
            return message(
                StatusCode::NOT_FOUND,
                tr("账号不存在"),
                tr("没有这个账号。"),
            );
        }
        Err(e) => return Err(e.into()),
    };
    let unit = match u.value.unit_id {
        Some(id) => s.store.unit(id).await?.value.name,
        None => "—".into(),
    };
    let (values, errors, refusal, status) = match refused {
        Some((f, e)) => {
            let (errors, text) = refusal(&e);
            let values = AccountForm {
                password: String::new(),
                ..f
            };
            (values, errors, text, e.status())
        }
        None => (
            AccountForm {
                active: u.value.active.then(|| "1".into()),
                email: u.value.email.clone().unwrap_or_default(),
                password: String::new(),
                mobile: u
                    .value
                    .mobile
                    .as_ref()
                    .map(|m| m.as_str().to_string())
                    .unwrap_or_default(),
                id_number: u
                    .value
                    .id_number
                    .as_ref()
                    .map(|i| i.as_str().to_string())
                    .unwrap_or_default(),
                version: u.version.to_string(),
            },
            BTreeMap::new(),
            None,
            StatusCode::OK,
        ),
    };
    let page = AccountPage {
        shell: super::Shell::of(auth),
        id,
        username: u.value.username,
        display_name: u.value.display_name,
        role: tr(u.value.role.label_zh()),
        unit,
        demo: u.value.demo,
        values,
        errors,
        refusal,
    };
    render(status, &page)
}

/// `POST /users/{id}`: the system administrator enables or disables an account, sets
/// its e-mail or a new password, at the version the form was read at, as
/// `PATCH /api/v1/users/{id}` with If-Match does.
pub async fn save_user(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<AccountForm>,
) -> Result<Response, ApiError> {
    let done = match version(&f.version) {
        Ok(v) => crate::routes::users::update(&s, &auth, id, v, f.patch()).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(_) => Ok(Redirect::to("/users?ok=saved").into_response()),
        Err(e) if e.status().is_client_error() => account_page(&s, &auth, id, Some((f, e))).await,
        Err(e) => Err(e),
    }
}

//! The web pages: server-rendered HTML (askama templates, which escape everything they
//! print), one stylesheet, no script yet. Chinese first. This first slice has logging
//! in and out and the cockpit (驾驶舱); the other pages follow (issue 5).

mod account;
mod account_security;
mod audit;
mod bulletins;
mod cockpit;
mod completion;
mod directory;
mod evaluation;
mod evidence;
mod fill;
mod funding;
pub(crate) mod i18n;
mod import;
mod inbox;
mod item;
mod login;
mod objections;
mod plan;
mod portal;
mod problems;
mod publish;
mod quality;
mod refused;
mod review;
mod roles;
mod setup;
mod structure;
mod tasks;

use askama::Template;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use i18n::filters;

use crate::AppState;
use crate::error::ApiError;

pub fn router(state: AppState) -> Router<AppState> {
    routes().layer(axum::middleware::from_fn_with_state(
        state,
        i18n::middleware,
    ))
}

fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", axum::routing::post(login::logout))
        .route("/account", get(account::page))
        .route(
            "/account/password",
            axum::routing::post(account_security::change_password),
        )
        .route(
            "/account/second-factor",
            axum::routing::post(account_security::start_second_factor),
        )
        .route(
            "/account/second-factor/confirm",
            axum::routing::post(account_security::confirm_second_factor),
        )
        .route("/cockpit", get(cockpit::page))
        .route("/bulletins", get(bulletins::list).post(bulletins::start))
        .route(
            "/bulletins/{id}",
            get(bulletins::editor).post(bulletins::save),
        )
        .route("/inbox", get(inbox::page))
        .route("/inbox/{id}/read", axum::routing::post(inbox::mark_read))
        .route("/items/{id}", get(item::page))
        .route(
            "/items/{id}/publish",
            get(publish::item_form).post(publish::item_submit),
        )
        .route(
            "/bulletins/{id}/publish",
            get(publish::bulletin_form).post(publish::bulletin_submit),
        )
        .route(
            "/bulletins/{id}/preview",
            axum::routing::post(bulletins::preview),
        )
        .route("/objections", get(objections::queue))
        .route("/objections/{id}", axum::routing::post(objections::settle))
        .route("/plan", get(plan::page))
        .route("/quality", get(quality::page).post(quality::record))
        .route("/evaluation", get(evaluation::page))
        .route("/funding", get(funding::page))
        .route(
            "/evaluation/entries",
            axum::routing::post(evaluation::enter),
        )
        .route(
            "/evaluation/approve",
            axum::routing::post(evaluation::approve),
        )
        .route("/units", get(directory::units).post(directory::create_unit))
        .route(
            "/units/{id}",
            get(directory::unit).post(directory::save_unit),
        )
        .route("/users", get(directory::users).post(directory::create_user))
        .route("/audit", get(audit::page))
        .route("/roles", get(roles::page))
        .route("/roles/{id}", get(roles::edit).post(roles::save))
        .route(
            "/users/{id}",
            get(directory::user).post(directory::save_user),
        )
        .route("/setup", get(setup::page))
        .route(
            "/setup/structure",
            get(structure::page)
                .post(structure::upload)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/setup/structure/{token}",
            axum::routing::post(structure::confirm),
        )
        .route(
            "/setup/completion",
            get(completion::page)
                .post(completion::upload)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/setup/completion/{token}",
            axum::routing::post(completion::confirm),
        )
        .route("/setup/plans", axum::routing::post(setup::create_plan))
        .route("/setup/plans/{id}", axum::routing::post(setup::update_plan))
        .route(
            "/setup/plans/{id}/areas",
            axum::routing::post(setup::create_area),
        )
        .route("/setup/areas/{id}", axum::routing::post(setup::update_area))
        .route("/setup/items", axum::routing::post(setup::create_item))
        .route(
            "/setup/items/{id}",
            get(setup::item_page).post(setup::update_item),
        )
        .route(
            "/setup/items/{id}/indicators",
            axum::routing::post(setup::create_indicator),
        )
        .route(
            "/setup/indicators/{id}",
            axum::routing::post(setup::update_indicator),
        )
        .route("/problems", get(problems::page))
        .route("/problems/{id}", axum::routing::post(problems::step))
        // Upload forms read the file under the evidence limit themselves (pages::evidence).
        .route(
            "/problems/{id}/evidence",
            axum::routing::post(problems::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/problems/{id}/evidence/{file}/withdraw",
            axum::routing::post(problems::withdraw),
        )
        .route("/tasks", get(tasks::page))
        .route(
            "/tasks/import",
            get(import::page)
                .post(import::upload)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/tasks/import/{token}",
            axum::routing::post(import::confirm),
        )
        .route("/tasks/{item}", get(fill::form).post(fill::submit))
        .route(
            "/tasks/{item}/evidence",
            axum::routing::post(fill::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/tasks/{item}/evidence/{file}/withdraw",
            axum::routing::post(fill::withdraw),
        )
        .route("/review", get(review::queue))
        .route("/review/{id}", get(review::report).post(review::decide))
        .route("/gk", get(portal::list))
        .route("/gk/", get(portal::index))
        .route("/gk/feed.atom", get(portal::feed))
        .route("/gk/{id}", get(portal::show))
        .route("/gk/{id}/objections", axum::routing::post(portal::object))
        .route("/gk/{id}/data.csv", get(portal::data_csv))
        .route("/gk/{id}/data.json", get(portal::data_json))
        .route("/static/duban.css", get(stylesheet))
        .route("/static/duban.js", get(script))
        .route("/lang", axum::routing::post(i18n::switch))
}

/// Each role's first page: the cockpit for the office, leaders and evaluators, the
/// period's tasks for the units' people.
async fn home(auth: crate::auth::MaybeAuth) -> Redirect {
    use duban_domain::Role;
    if auth.0.as_ref().is_some_and(|a| a.restriction.is_some()) {
        return Redirect::to("/account");
    }
    match auth.0.map(|a| a.role()) {
        None => Redirect::to("/login"),
        Some(Role::Reporter | Role::Reviewer) => Redirect::to("/tasks"),
        Some(Role::Office | Role::Leader | Role::Evaluator) => Redirect::to("/cockpit"),
        Some(Role::SysAdmin | Role::SecAdmin | Role::AuditAdmin) => Redirect::to("/account"),
    }
}

/// The person signed in; a page asked for without a session sends the browser to the
/// login form instead, and one the login policy holds to the account page.
pub(super) struct SignedIn(pub crate::auth::Auth);

impl axum::extract::FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Response> {
        match crate::auth::MaybeAuth::from_request_parts(parts, state).await {
            Ok(crate::auth::MaybeAuth(Some(a))) => Ok(SignedIn(a)),
            Ok(crate::auth::MaybeAuth(None)) => Err(Redirect::to("/login").into_response()),
            Err(ApiError::PasswordExpired | ApiError::SecondFactorSetupRequired) => {
                Err(Redirect::to("/account").into_response())
            }
            Err(e) => Err(e.into_response()),
        }
    }
}

/// The stylesheet, compiled in: nothing is read from disk or fetched from elsewhere.
async fn stylesheet() -> Response {
    let mut res = include_str!("../../static/duban.css").into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}

/// duban's own script, compiled in: the bulletin editor's live preview.
async fn script() -> Response {
    let mut res = include_str!("../../static/duban.js").into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}

/// Renders a template with a status.
fn render(status: StatusCode, t: &impl Template) -> Result<Response, ApiError> {
    let body = t
        .render()
        .map_err(|e| ApiError::Internal(format!("template: {e}")))?;
    Ok((status, Html(body)).into_response())
}

#[derive(Template)]
#[template(path = "message.html")]
struct Message<'a> {
    shell: Option<Shell>,
    title: &'a str,
    text: &'a str,
}

/// The header of every signed-in page: who is signed in, and the pages of their role.
pub(super) struct Shell {
    who: String,
    links: Vec<(&'static str, &'static str)>,
}

impl Shell {
    fn of(auth: &crate::auth::Auth) -> Option<Shell> {
        use duban_domain::Role;
        let links = match auth.role() {
            Role::Office => vec![
                ("/cockpit", "驾驶舱"),
                ("/plan", "年度计划"),
                ("/setup", "计划设置"),
                ("/review", "待确认"),
                ("/problems", "问题整改"),
                ("/bulletins", "督查专报"),
                ("/objections", "公众异议"),
                ("/quality", "数据质量"),
                ("/evaluation", "绩效考评"),
                ("/funding", "资金"),
                ("/units", "单位"),
            ],
            Role::Leader => vec![
                ("/cockpit", "驾驶舱"),
                ("/plan", "年度计划"),
                ("/problems", "问题整改"),
                ("/bulletins", "督查专报"),
                ("/evaluation", "绩效考评"),
                ("/funding", "资金"),
            ],
            Role::Evaluator => vec![
                ("/cockpit", "驾驶舱"),
                ("/evaluation", "绩效考评"),
                ("/problems", "问题整改"),
            ],
            Role::Reporter => vec![("/tasks", "本期任务"), ("/problems", "问题整改")],
            Role::Reviewer => vec![
                ("/tasks", "本期任务"),
                ("/review", "待审核"),
                ("/problems", "问题整改"),
            ],
            Role::SysAdmin => vec![("/users", "账号")],
            Role::AuditAdmin => vec![("/audit", "审计日志")],
            Role::SecAdmin => vec![("/roles", "角色分配")],
        };
        // A held session reaches nothing but its account page.
        let links = if auth.restriction.is_some() {
            Vec::new()
        } else {
            links
        };
        let mut links = links;
        if auth.restriction.is_none() {
            links.push(("/inbox", "消息"));
        }
        links.push(("/account", "我的账号"));
        Some(Shell {
            who: format!(
                "{}({})",
                auth.user.display_name,
                i18n::tr(auth.role().label_zh())
            ),
            links,
        })
    }
}

/// The charts' own words in the reader's language.
fn chart_words() -> duban_docs::chart::Words<'static> {
    use duban_docs::chart::Words;
    use i18n::{tr, trf};
    Words {
        plan: tr(Words::ZH.plan),
        actual: tr(Words::ZH.actual),
        shows: tr(Words::ZH.shows),
        mean: tr(Words::ZH.mean),
        months: Words::ZH.months.map(tr),
        target: |v| trf("目标{}", &[&v]),
        mean_at: |month, v| trf("{} 平均完成率{}", &[&month, &v]),
        part: |label, n| trf("{}{}项", &[&label, &n]),
        total: |n| trf("{}项", &[&n]),
        forecast: tr(Words::ZH.forecast),
        forecast_at: |p, lo, hi| trf("年底预测{}(区间{}至{})", &[&p, &lo, &hi]),
    }
}

/// A plan's periods as (id, YYYY-MM), for pages that choose one.
async fn period_labels(
    s: &AppState,
    plan: duban_domain::PlanId,
) -> Result<Vec<(i64, String)>, ApiError> {
    Ok(s.store
        .periods(plan)
        .await?
        .into_iter()
        .map(|p| (p.value.id.0, p.value.label.to_string()))
        .collect())
}

/// The plan the pages show: the newest.
async fn current_plan(s: &AppState) -> Result<Option<duban_domain::Plan>, ApiError> {
    let page = duban_store::Page {
        page: 1,
        per_page: 1,
    };
    Ok(s.store
        .plans(None, page)
        .await?
        .items
        .into_iter()
        .next()
        .map(|p| p.value))
}

/// Every unit's name by id, for the pages to print.
async fn unit_names(s: &AppState) -> Result<std::collections::BTreeMap<i64, String>, ApiError> {
    Ok(s.store
        .all_units()
        .await?
        .into_iter()
        .map(|u| (u.id.0, u.name))
        .collect())
}

/// What a refused request says on the page, in the reader's language: each field's
/// message, or the problem's.
fn refusal_text(e: &ApiError) -> String {
    match e {
        ApiError::Invalid(bad) => field_messages(&bad.0),
        _ => problem_text(e),
    }
}

/// Field errors as one line, in the reader's language.
fn field_messages(errors: &[duban_domain::FieldError]) -> String {
    errors
        .iter()
        .map(|x| i18n::pick(&x.message_zh, &x.message_en))
        .collect::<Vec<_>>()
        .join(i18n::pick(";", "; "))
}

/// A problem's detail, or its title, in the reader's language.
fn problem_text(e: &ApiError) -> String {
    let p = e.problem();
    match i18n::lang() {
        i18n::Lang::Zh => p.detail.unwrap_or(p.title),
        i18n::Lang::En => p.detail_en.unwrap_or(p.title_en),
    }
}

/// A short page that says why something cannot be shown.
fn message(status: StatusCode, title: &str, text: &str) -> Result<Response, ApiError> {
    render(
        status,
        &Message {
            shell: None,
            title,
            text,
        },
    )
}

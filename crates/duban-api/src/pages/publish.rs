//! 公开 from the pages: the office publishes an issued bulletin, or an item's progress
//! page for a period, to the portal (`/gk/`). The form starts from the catalogue data
//! of the last publication (a clerk publishes under the same body and catalogue month
//! after month) and goes through the API's one path; a refusal keeps what was typed.

use super::i18n::filters;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::access::manages_plans;
use duban_domain::period::PeriodState;
use duban_domain::{FieldError, Invalid, ItemId, PeriodId};
use duban_store::Page;
use serde::Deserialize;

use super::{SignedIn, message, refusal_text, render};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::routes::disclosure::{PublicationRequest, bulletin_publication, item_publication};

/// What the form holds, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    org_code: String,
    #[serde(default)]
    catalogue_code: String,
    #[serde(default)]
    publisher: String,
    #[serde(default)]
    catalogue: String,
    #[serde(default)]
    doc_number: String,
    #[serde(default)]
    published_on: String,
    #[serde(default)]
    objection_days: String,
    /// Only for an item's page.
    #[serde(default)]
    period_id: Option<i64>,
}

impl PublishForm {
    fn request(&self) -> Result<PublicationRequest, ApiError> {
        let days = self.objection_days.trim();
        let objection_days = if days.is_empty() {
            None
        } else {
            Some(days.parse::<i64>().map_err(|_| {
                Invalid::one(FieldError::new(
                    "objection_days",
                    "not_a_number",
                    format!("异议期应为天数:{days}"),
                    format!("the objection window is a number of days: {days}"),
                ))
            })?)
        };
        let optional = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        Ok(PublicationRequest {
            org_code: self.org_code.clone(),
            catalogue_code: self.catalogue_code.clone(),
            publisher: self.publisher.clone(),
            catalogue: self.catalogue.clone(),
            doc_number: optional(&self.doc_number),
            published_on: optional(&self.published_on),
            objection_days,
        })
    }
}

#[derive(Template)]
#[template(path = "publish.html")]
struct PublishPage {
    shell: Option<super::Shell>,
    /// What is published, as the office names it.
    what: String,
    action: String,
    back: String,
    f: PublishForm,
    /// For an item's page: the periods to choose from, with the chosen one.
    periods: Vec<(i64, String, bool)>,
    error: Option<String>,
}

/// The last publication's catalogue data, today's date and the default window.
async fn prefilled(s: &AppState) -> Result<PublishForm, ApiError> {
    let last = Page {
        page: 1,
        per_page: 1,
    };
    let newest = s
        .store
        .publications(None, last)
        .await?
        .items
        .into_iter()
        .next();
    let mut f = PublishForm {
        published_on: s.settings.clock.today().to_string(),
        objection_days: duban_domain::disclosure::DEFAULT_OBJECTION_DAYS.to_string(),
        ..PublishForm::default()
    };
    if let Some(p) = newest {
        let v = p.value.fields;
        f.org_code = v.org_code;
        f.catalogue_code = v.catalogue_code;
        f.publisher = v.publisher;
        f.catalogue = v.catalogue;
    }
    Ok(f)
}

fn refused() -> Result<Response, ApiError> {
    message(StatusCode::FORBIDDEN, "无权访问", "公开由督查室办理。")
}

/// What is being published: its name, the form's address and the page to go back to.
enum Target {
    Bulletin(i64),
    Item(ItemId),
}

impl Target {
    async fn page(
        &self,
        s: &AppState,
        auth: &Auth,
        f: PublishForm,
        error: Option<String>,
        status: StatusCode,
    ) -> Result<Response, ApiError> {
        let (what, action, back, periods) = match self {
            Target::Bulletin(id) => {
                let b = s.store.bulletin(*id).await?.value;
                let Some(doc) = b.snapshot else {
                    return message(StatusCode::CONFLICT, "尚未印发", "专报印发后才能公开。");
                };
                let what = format!(
                    "{}({}{})",
                    doc.title, doc.header.series, doc.header.number_label
                );
                (
                    what,
                    format!("/bulletins/{id}/publish"),
                    format!("/bulletins/{id}"),
                    Vec::new(),
                )
            }
            Target::Item(id) => {
                let it = s.store.item(*id).await?.value;
                let what = format!("第{}项 {}", it.number, it.title);
                let all = s.store.periods(it.plan_id).await?;
                // By default the latest closed period: its data are final.
                let chosen = f.period_id.or_else(|| {
                    all.iter()
                        .find(|p| p.value.state == PeriodState::Closed)
                        .or(all.first())
                        .map(|p| p.value.id.0)
                });
                let periods = all
                    .iter()
                    .map(|p| {
                        let id = p.value.id.0;
                        (id, p.value.label.to_string(), Some(id) == chosen)
                    })
                    .collect();
                let id = id.0;
                (
                    what,
                    format!("/items/{id}/publish"),
                    format!("/items/{id}"),
                    periods,
                )
            }
        };
        let page = PublishPage {
            shell: super::Shell::of(auth),
            what,
            action,
            back,
            f,
            periods,
            error,
        };
        render(status, &page)
    }

    async fn publish(&self, s: &AppState, auth: &Auth, f: &PublishForm) -> Result<i64, ApiError> {
        let request = f.request()?;
        let p = match self {
            Target::Bulletin(id) => bulletin_publication(s, auth, *id, &request).await?,
            Target::Item(id) => {
                let period = f.period_id.ok_or_else(|| {
                    Invalid::one(FieldError::new(
                        "period_id",
                        "required",
                        "请选择报告期",
                        "choose a period",
                    ))
                })?;
                item_publication(s, auth, *id, PeriodId(period), &request).await?
            }
        };
        Ok(p.value.id)
    }
}

async fn form(s: &AppState, auth: &Auth, t: Target) -> Result<Response, ApiError> {
    if !manages_plans(auth.role()) {
        return refused();
    }
    let f = prefilled(s).await?;
    t.page(s, auth, f, None, StatusCode::OK).await
}

async fn submit(
    s: &AppState,
    auth: &Auth,
    t: Target,
    f: PublishForm,
) -> Result<Response, ApiError> {
    if !manages_plans(auth.role()) {
        return refused();
    }
    match t.publish(s, auth, &f).await {
        Ok(id) => Ok(Redirect::to(&format!("/gk/{id}")).into_response()),
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            t.page(s, auth, f, Some(refusal_text(&e)), status).await
        }
        Err(e) => Err(e),
    }
}

pub async fn bulletin_form(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    form(&s, &auth, Target::Bulletin(id)).await
}

pub async fn bulletin_submit(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<PublishForm>,
) -> Result<Response, ApiError> {
    submit(&s, &auth, Target::Bulletin(id), f).await
}

pub async fn item_form(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    form(&s, &auth, Target::Item(ItemId(id))).await
}

pub async fn item_submit(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<PublishForm>,
) -> Result<Response, ApiError> {
    submit(&s, &auth, Target::Item(ItemId(id)), f).await
}

//! An item's set-up page: the item's fields, each indicator's form (`indicator.rs`) and
//! a form to add one.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::access::manages_plans;
use duban_domain::{Indicator, IndicatorId, ItemId};
use duban_store::{StoreError, Versioned};

use super::form::{Form, Posted, Reader, Refusal, same};
use super::indicator::{
    indicator_field, indicator_form, indicator_posted, read_indicator, sent_regions, split_rows,
};
use super::{Done, FormBody, area_choices, item_fields, item_posted, notice, read_item, refused};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::pages::i18n::filters;
use crate::pages::i18n::tr;
use crate::pages::{Shell, SignedIn, message, render};
use crate::routes::items::ItemPatch;

#[derive(Template)]
#[template(path = "setup_item.html")]
struct ItemSetupPage {
    shell: Option<Shell>,
    notice: Option<String>,
    id: i64,
    label: String,
    title: String,
    approved: bool,
    item: Form,
    indicators: Vec<Form>,
    new_indicator: Form,
}

/// The forms of an item's page, to say which one came back refused.
#[derive(PartialEq, Clone, Copy)]
enum Which {
    Item,
    Indicator(i64),
    NewIndicator,
}

/// `GET /setup/items/{id}`.
pub async fn item_page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    Query(d): Query<Done>,
) -> Result<Response, ApiError> {
    show(&s, &auth, id, notice(&d), None, StatusCode::OK).await
}

async fn show(
    s: &AppState,
    auth: &Auth,
    id: i64,
    notice: Option<String>,
    failed: Option<super::Failed<Which>>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    if !manages_plans(auth.role()) {
        return refused();
    }
    let it = match s.store.item(ItemId(id)).await {
        Ok(it) => it,
        Err(StoreError::NotFound { .. }) => {
            return message(StatusCode::NOT_FOUND, "实事不存在", "没有这项实事。");
        }
        Err(e) => return Err(e.into()),
    };
    let item = &it.value;
    let plan = s.store.plan(item.plan_id).await?.value;
    let areas = s.store.areas(item.plan_id).await?;
    let units = s.store.all_units().await?;
    let names = |u: i64| {
        units
            .iter()
            .find(|x| x.id.0 == u)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| u.to_string())
    };

    let (p, refusal) = super::source(&failed, Which::Item, || item_posted(item));
    let mut item_form = Form::new(
        "item".into(),
        tr("实事信息").into(),
        format!("/setup/items/{id}"),
        tr("保存实事"),
    );
    item_form.version = Some(it.version);
    item_form.fields = item_fields("item-", &p, &area_choices(&areas), &units);
    if let Some(r) = refusal {
        r.apply(&mut item_form, same);
    }

    let inds: Vec<Versioned<Indicator>> = s.store.item_indicators(item.id).await?;
    let mut forms = Vec::new();
    for ind in &inds {
        let iid = ind.value.id.0;
        let rows = split_rows(Some(&ind.value), item);
        let (p, refusal) = super::source(&failed, Which::Indicator(iid), || {
            indicator_posted(&ind.value)
        });
        let mut f = Form::new(
            format!("ind-{iid}"),
            ind.value.name.clone(),
            format!("/setup/indicators/{iid}"),
            tr("保存指标"),
        );
        f.version = Some(ind.version);
        let mut f = indicator_form(f, &format!("ind{iid}-"), &p, &rows, &names);
        if let Some(r) = refusal {
            r.apply(&mut f, indicator_field(&sent_regions(&p, &rows)));
        }
        forms.push(f);
    }

    let rows = split_rows(None, item);
    let (p, refusal) = super::source(&failed, Which::NewIndicator, || {
        let mut p = Posted::default();
        p.set("kind", "cumulative");
        p
    });
    let f = Form::new(
        "new-indicator".into(),
        tr("新增指标").into(),
        format!("/setup/items/{id}/indicators"),
        tr("新增指标"),
    );
    let mut new_indicator = indicator_form(f, "new-ind-", &p, &rows, &names);
    if let Some(r) = refusal {
        r.apply(
            &mut new_indicator,
            indicator_field(&sent_regions(&p, &rows)),
        );
    }

    let page = ItemSetupPage {
        shell: Shell::of(auth),
        notice,
        id,
        label: super::number_label(item.number),
        title: item.title.clone(),
        approved: plan.state == duban_domain::PlanState::Approved,
        item: item_form,
        indicators: forms,
        new_indicator,
    };
    render(status, &page)
}

/// After a form is refused: the item's page again, that form as the refusal says.
async fn again(
    s: &AppState,
    auth: &Auth,
    item: i64,
    which: Which,
    posted: Posted,
    e: ApiError,
) -> Result<Response, ApiError> {
    let refusal = Refusal::of(e)?;
    let status = refusal.status;
    let failed = super::Failed {
        which,
        posted,
        refusal,
    };
    show(s, auth, item, None, Some(failed), status).await
}

/// `POST /setup/items/{id}`: the item's fields.
pub async fn update_item(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    axum::Form(posted): FormBody,
) -> Result<Response, ApiError> {
    if !manages_plans(auth.role()) {
        return refused();
    }
    let p = Posted(posted);
    let done = async {
        let version = Reader::default().version(&p)?;
        let i = read_item(&p)?;
        let patch = ItemPatch {
            area_id: Some(i.area_id),
            number: Some(i.number),
            title: Some(i.title),
            lead_unit_id: Some(i.lead_unit_id),
            co_unit_ids: Some(i.co_unit_ids),
            region_ids: Some(i.region_ids),
            leader: i.leader,
            planned_investment: crate::extract::Patch::Keep,
        };
        crate::routes::items::update(&s, &auth, ItemId(id), version, &patch).await
    }
    .await;
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/setup/items/{id}?ok=1#item")).into_response()),
        Err(e) => again(&s, &auth, id, Which::Item, p, e).await,
    }
}

/// `POST /setup/items/{id}/indicators`: a new indicator of the item.
pub async fn create_indicator(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    axum::Form(posted): FormBody,
) -> Result<Response, ApiError> {
    if !manages_plans(auth.role()) {
        return refused();
    }
    let p = Posted(posted);
    let done = async {
        let item = s.store.item(ItemId(id)).await?.value;
        let i = read_indicator(&p, &split_rows(None, &item))?;
        crate::routes::indicators::create(&s, &auth, ItemId(id), i.input()).await
    }
    .await;
    match done {
        Ok(ind) => Ok(
            Redirect::to(&format!("/setup/items/{id}?ok=1#ind-{}", ind.value.id.0)).into_response(),
        ),
        Err(e) => again(&s, &auth, id, Which::NewIndicator, p, e).await,
    }
}

/// `POST /setup/indicators/{id}`: an indicator's fields, split and quarterly plan.
pub async fn update_indicator(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(id): Path<i64>,
    axum::Form(posted): FormBody,
) -> Result<Response, ApiError> {
    if !manages_plans(auth.role()) {
        return refused();
    }
    let p = Posted(posted);
    let cur = match s.store.indicator(IndicatorId(id)).await {
        Ok(c) => c.value,
        Err(StoreError::NotFound { .. }) => {
            return message(StatusCode::NOT_FOUND, "指标不存在", "没有这项指标。");
        }
        Err(e) => return Err(e.into()),
    };
    let item = cur.item_id.0;
    let done = async {
        let version = Reader::default().version(&p)?;
        let it = s.store.item(cur.item_id).await?.value;
        let i = read_indicator(&p, &split_rows(Some(&cur), &it))?;
        crate::routes::indicators::update(&s, &auth, IndicatorId(id), version, i.patch()).await
    }
    .await;
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/setup/items/{item}?ok=1#ind-{id}")).into_response()),
        Err(e) => again(&s, &auth, item, Which::Indicator(id), p, e).await,
    }
}

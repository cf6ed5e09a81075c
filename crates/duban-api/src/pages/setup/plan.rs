//! The set-up page: the plan (or a new one), its areas in order with their items, a new
//! area and a new item.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use duban_domain::access::manages_plans;
use duban_domain::{AreaId, Plan, PlanId};

use super::form::{Field, Form, Posted, Reader, Refusal, same};
use super::{
    Done, Failed, FormBody, area_choices, heading, item_fields, notice, number_label, read_item,
    refused, saved, source,
};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::pages::i18n::filters;
use crate::pages::i18n::tr;
use crate::pages::{Shell, SignedIn, render};
use crate::routes::areas::{AreaInput, AreaPatch};
use crate::routes::plans::{PlanInput, PlanPatch};

struct ItemLink {
    id: i64,
    label: String,
    lead: String,
}

struct AreaBlock {
    heading: String,
    form: Form,
    items: Vec<ItemLink>,
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    shell: Option<Shell>,
    notice: Option<String>,
    plan_title: Option<String>,
    approved: bool,
    plan: Form,
    areas: Vec<AreaBlock>,
    new_area: Option<Form>,
    new_item: Option<Form>,
}

/// The forms of the set-up page, to say which one came back refused.
#[derive(PartialEq, Clone, Copy)]
enum Which {
    NewPlan,
    Plan,
    Area(i64),
    NewArea,
    NewItem,
}

/// The API's names of the plan's fields are the form's, but for the thresholds' pair.
fn plan_field(api: &str) -> String {
    match api {
        "thresholds" => "serious_threshold".into(),
        other => other.into(),
    }
}

fn plan_posted(p: &Plan) -> Posted {
    let mut out = Posted::default();
    out.set("title", &p.title);
    out.set("year", p.year);
    out.set("lagging_threshold", p.thresholds.lagging);
    out.set("serious_threshold", p.thresholds.serious);
    out.set("state", p.state.as_str());
    out
}

fn plan_fields(prefix: &str, p: &Posted, with_state: bool) -> Vec<Field> {
    let mut v = vec![
        Field::text(prefix, "title", tr("计划名称"), p).hint(tr("例如:2019年20项重点民生实事")),
        Field::integer(prefix, "year", tr("计划年度"), p)
            .hint(tr("计划已有报告期的,年度不能修改。")),
        Field::decimal(prefix, "lagging_threshold", tr("滞后阈值(百分点)"), p)
            .hint(tr("完成率落后序时进度达到此数即为进度滞后,默认10。")),
        Field::decimal(prefix, "serious_threshold", tr("严重滞后阈值(百分点)"), p)
            .hint(tr("落后超过此数即为严重滞后,默认30。")),
    ];
    if with_state {
        let states = [
            ("draft".to_string(), tr("草案:目标可以修改").to_string()),
            (
                "approved".to_string(),
                tr("已批准:目标锁定,调整须经目标调整申请").to_string(),
            ),
        ];
        v.push(Field::select(prefix, "state", tr("计划状态"), &states, p));
    }
    v
}

/// `GET /setup`.
pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Query(d): Query<Done>,
) -> Result<Response, ApiError> {
    setup_page(&s, &auth, notice(&d), None, StatusCode::OK).await
}

async fn setup_page(
    s: &AppState,
    auth: &Auth,
    notice: Option<String>,
    failed: Option<Failed<Which>>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    if !manages_plans(auth.role()) {
        return refused();
    }
    let Some(plan) = crate::pages::current_plan(s).await? else {
        let year = s.settings.clock.today().year();
        let (p, refusal) = source(&failed, Which::NewPlan, || {
            let mut p = Posted::default();
            p.set("year", year);
            p.set("lagging_threshold", 10);
            p.set("serious_threshold", 30);
            p
        });
        let mut f = Form::new(
            "plan".into(),
            tr("新建年度计划").into(),
            "/setup/plans".into(),
            tr("建立计划"),
        );
        f.fields = plan_fields("plan-", &p, false);
        if let Some(r) = refusal {
            r.apply(&mut f, plan_field);
        }
        let page = SetupPage {
            shell: Shell::of(auth),
            notice,
            plan_title: None,
            approved: false,
            plan: f,
            areas: Vec::new(),
            new_area: None,
            new_item: None,
        };
        return render(status, &page);
    };
    let versioned = s.store.plan(plan.id).await?;
    let (p, refusal) = source(&failed, Which::Plan, || plan_posted(&versioned.value));
    let mut plan_form = Form::new(
        "plan".into(),
        tr("计划信息").into(),
        format!("/setup/plans/{}", plan.id.0),
        tr("保存计划"),
    );
    plan_form.version = Some(versioned.version);
    plan_form.fields = plan_fields("plan-", &p, true);
    if let Some(r) = refusal {
        r.apply(&mut plan_form, plan_field);
    }

    let areas = s.store.areas(plan.id).await?;
    let items = s.store.plan_items(plan.id).await?;
    let units = s.store.all_units().await?;
    let name = |id: i64| {
        units
            .iter()
            .find(|u| u.id.0 == id)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    let mut blocks = Vec::new();
    for (k, a) in areas.iter().enumerate() {
        let id = a.value.id.0;
        let (p, refusal) = source(&failed, Which::Area(id), || {
            let mut p = Posted::default();
            p.set("seq", a.value.seq);
            p.set("title", &a.value.title);
            p
        });
        let mut f = Form::new(
            format!("area-{id}"),
            heading(k, &a.value.title),
            format!("/setup/areas/{id}"),
            tr("保存方面"),
        );
        f.version = Some(a.version);
        f.fields = area_fields(&format!("area{id}-"), &p);
        if let Some(r) = refusal {
            r.apply(&mut f, same);
        }
        blocks.push(AreaBlock {
            heading: f.heading.clone(),
            form: f,
            items: items
                .iter()
                .filter(|i| i.area_id == a.value.id)
                .map(|i| ItemLink {
                    id: i.id.0,
                    label: format!("{} {}", number_label(i.number), i.title),
                    lead: name(i.lead_unit_id.0),
                })
                .collect(),
        });
    }

    let (p, refusal) = source(&failed, Which::NewArea, Posted::default);
    let mut new_area = Form::new(
        "new-area".into(),
        tr("新增方面").into(),
        format!("/setup/plans/{}/areas", plan.id.0),
        tr("新增方面"),
    );
    new_area.fields = area_fields("new-area-", &p);
    new_area.fields[0].hint = tr("留空则排在最后。").into();
    if let Some(r) = refusal {
        r.apply(&mut new_area, same);
    }

    let new_item = if areas.is_empty() {
        None
    } else {
        let next = items.iter().map(|i| i.number).max().unwrap_or(0) + 1;
        let (p, refusal) = source(&failed, Which::NewItem, || {
            let mut p = Posted::default();
            p.set("number", next);
            p
        });
        let area_choices = area_choices(&areas);
        let mut f = Form::new(
            "new-item".into(),
            tr("新增实事").into(),
            "/setup/items".into(),
            tr("新增实事"),
        );
        f.fields = item_fields("new-item-", &p, &area_choices, &units);
        if let Some(r) = refusal {
            r.apply(&mut f, same);
        }
        Some(f)
    };

    let page = SetupPage {
        shell: Shell::of(auth),
        notice,
        plan_title: Some(plan.title.clone()),
        approved: plan.state == duban_domain::PlanState::Approved,
        plan: plan_form,
        areas: blocks,
        new_area: Some(new_area),
        new_item,
    };
    render(status, &page)
}

fn area_fields(prefix: &str, p: &Posted) -> Vec<Field> {
    vec![
        Field::integer(prefix, "seq", tr("排列序号"), p)
            .hint(tr("按序号从小到大排列,(一)在最前。")),
        Field::text(prefix, "title", tr("方面名称"), p),
    ]
}

/// After a form is refused: the page again, the refused form as the refusal says.
async fn again(
    s: &AppState,
    auth: &Auth,
    which: Which,
    posted: Posted,
    e: ApiError,
) -> Result<Response, ApiError> {
    let refusal = Refusal::of(e)?;
    let status = refusal.status;
    let failed = Failed {
        which,
        posted,
        refusal,
    };
    setup_page(s, auth, None, Some(failed), status).await
}

/// `POST /setup/plans`: a new plan.
pub async fn create_plan(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    axum::Form(posted): FormBody,
) -> Result<Response, ApiError> {
    if !manages_plans(auth.role()) {
        return refused();
    }
    let p = Posted(posted);
    let done = async {
        let mut r = Reader::default();
        let year = r.required_integer(&p, "year");
        let lagging = r.decimal(&p, "lagging_threshold");
        let serious = r.decimal(&p, "serious_threshold");
        r.finish()?;
        let input = PlanInput {
            year,
            title: p.get("title").to_string(),
            lagging_threshold: lagging,
            serious_threshold: serious,
        };
        crate::routes::plans::create(&s, &auth, &input).await
    }
    .await;
    match done {
        Ok(_) => Ok(saved("/setup?ok=1")),
        Err(e) => again(&s, &auth, Which::NewPlan, p, e).await,
    }
}

/// `POST /setup/plans/{id}`: the plan's name, year, thresholds and state.
pub async fn update_plan(
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
        let mut r = Reader::default();
        let version = r.version(&p)?;
        let year = r.required_integer(&p, "year");
        let lagging = r.decimal(&p, "lagging_threshold");
        let serious = r.decimal(&p, "serious_threshold");
        r.finish()?;
        let patch = PlanPatch {
            year: Some(year),
            title: Some(p.get("title").to_string()),
            lagging_threshold: lagging,
            serious_threshold: serious,
            state: Some(p.get("state").to_string()),
        };
        crate::routes::plans::update(&s, &auth, PlanId(id), version, &patch).await
    }
    .await;
    match done {
        Ok(_) => Ok(saved("/setup?ok=1#plan")),
        Err(e) => again(&s, &auth, Which::Plan, p, e).await,
    }
}

/// `POST /setup/plans/{id}/areas`: a new area.
pub async fn create_area(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    Path(plan): Path<i64>,
    axum::Form(posted): FormBody,
) -> Result<Response, ApiError> {
    if !manages_plans(auth.role()) {
        return refused();
    }
    let p = Posted(posted);
    let done = async {
        let mut r = Reader::default();
        let seq = r.integer(&p, "seq");
        r.finish()?;
        let input = AreaInput {
            seq,
            title: p.get("title").to_string(),
        };
        crate::routes::areas::create(&s, &auth, PlanId(plan), &input).await
    }
    .await;
    match done {
        Ok(a) => Ok(saved(&format!("/setup?ok=1#area-{}", a.value.id.0))),
        Err(e) => again(&s, &auth, Which::NewArea, p, e).await,
    }
}

/// `POST /setup/areas/{id}`: an area renamed or moved.
pub async fn update_area(
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
        let mut r = Reader::default();
        let version = r.version(&p)?;
        let seq = r.required_integer(&p, "seq");
        r.finish()?;
        let patch = AreaPatch {
            seq: Some(seq),
            title: Some(p.get("title").to_string()),
        };
        crate::routes::areas::update(&s, &auth, AreaId(id), version, &patch).await
    }
    .await;
    match done {
        Ok(_) => Ok(saved(&format!("/setup?ok=1#area-{id}"))),
        Err(e) => again(&s, &auth, Which::Area(id), p, e).await,
    }
}

/// `POST /setup/items`: a new item; its page opens for its indicators.
pub async fn create_item(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
    axum::Form(posted): FormBody,
) -> Result<Response, ApiError> {
    if !manages_plans(auth.role()) {
        return refused();
    }
    let p = Posted(posted);
    let done = async {
        let input = read_item(&p)?;
        crate::routes::items::create(&s, &auth, &input).await
    }
    .await;
    match done {
        Ok(it) => Ok(saved(&format!("/setup/items/{}?ok=1", it.value.id.0))),
        Err(e) => again(&s, &auth, Which::NewItem, p, e).await,
    }
}

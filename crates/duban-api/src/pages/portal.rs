//! 政府信息公开 (`/gk/`): what the office has published, for anyone — the list with a
//! search, each publication with its catalogue data, the bulletin or the item's
//! progress page as the public reads it (no person named), its figures as open data (CSV, JSON), an Atom feed, and a
//! form to object to a figure within the window. Nothing unpublished is reachable here.

use super::i18n::{filters, tr};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::bulletin::{AnnexRow, Bulletin, Figure, ItemProgress};
use duban_domain::disclosure::ObjectionFields;
use duban_store::disclosure::{Publication, Subject};
use duban_store::{Page, Versioned};
use serde::{Deserialize, Serialize};

use super::{message, render};
use crate::AppState;
use crate::error::ApiError;

struct Listed {
    id: i64,
    title: String,
    index: String,
    publisher: String,
    date: String,
}

#[derive(Template)]
#[template(path = "portal_list.html")]
struct ListPage {
    shell: Option<super::Shell>,
    q: String,
    total: i64,
    items: Vec<Listed>,
}

#[derive(Template)]
#[template(path = "portal_show.html")]
struct ShowPage {
    shell: Option<super::Shell>,
    id: i64,
    title: String,
    index: String,
    publisher: String,
    catalogue: String,
    doc_number: String,
    date: String,
    open: bool,
    window_end: String,
    document: String,
    notice: bool,
    error: Option<String>,
    figure: String,
    text: String,
}

#[derive(Template)]
#[template(path = "feed.atom", escape = "html")]
struct Feed {
    updated: String,
    entries: Vec<Listed>,
}

#[derive(Debug, Deserialize)]
pub struct Search {
    q: Option<String>,
    ok: Option<String>,
}

fn listed(p: &Versioned<Publication>) -> Listed {
    let v = &p.value;
    Listed {
        id: v.id,
        title: v.title.clone(),
        index: v.index.to_string(),
        publisher: v.fields.publisher.clone(),
        date: v.fields.published_on.to_string(),
    }
}

pub async fn list(
    State(s): State<AppState>,
    Query(q): Query<Search>,
) -> Result<Response, ApiError> {
    let query =
        q.q.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.chars().count() <= 50);
    let found = s.store.publications(query, Page::default()).await?;
    let page = ListPage {
        shell: None,
        q: query.unwrap_or_default().to_string(),
        total: found.total,
        items: found.items.iter().map(listed).collect(),
    };
    render(StatusCode::OK, &page)
}

/// What a publication shows the public.
enum Shown {
    Bulletin(Box<Bulletin>),
    Item(Box<ItemProgress>),
}

impl Shown {
    fn html(&self) -> String {
        match self {
            Shown::Bulletin(b) => duban_docs::html::render_fragment(b),
            Shown::Item(p) => duban_docs::item_page::render_fragment(p),
        }
    }

    fn annex(&self) -> &[AnnexRow] {
        match self {
            Shown::Bulletin(b) => &b.annex.rows,
            Shown::Item(p) => &p.rows,
        }
    }
}

/// A publication and what it shows, as the public reads it.
async fn published(s: &AppState, id: i64) -> Result<Option<(Publication, Shown)>, ApiError> {
    let p = match s.store.publication(id).await {
        Ok(p) => p.value,
        Err(duban_store::StoreError::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let shown = match &p.subject {
        Subject::Bulletin { bulletin_id } => {
            let b = s.store.bulletin(*bulletin_id).await?.value;
            let Some(doc) = b.snapshot else {
                return Err(ApiError::Internal(format!(
                    "publication {id} of an unissued bulletin"
                )));
            };
            Shown::Bulletin(Box::new(doc.for_the_public()))
        }
        Subject::Item { page, .. } => {
            Shown::Item(Box::new(page.for_the_public(&p.fields.publisher)))
        }
    };
    Ok(Some((p, shown)))
}

fn not_found() -> Result<Response, ApiError> {
    message(
        StatusCode::NOT_FOUND,
        tr("未找到"),
        tr("没有这条公开信息。"),
    )
}

pub async fn show(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<Search>,
) -> Result<Response, ApiError> {
    let Some((p, doc)) = published(&s, id).await? else {
        return not_found();
    };
    let page = show_page(
        &s,
        p,
        &doc,
        q.ok.is_some(),
        None,
        (String::new(), String::new()),
    );
    render(StatusCode::OK, &page)
}

fn show_page(
    s: &AppState,
    p: Publication,
    doc: &Shown,
    notice: bool,
    error: Option<String>,
    (figure, text): (String, String),
) -> ShowPage {
    let f = &p.fields;
    let end = duban_domain::Date::from_days_since_epoch(
        f.published_on.days_since_epoch() + i64::from(f.objection_days),
    );
    ShowPage {
        shell: None,
        id: p.id,
        title: p.title.clone(),
        index: p.index.to_string(),
        publisher: f.publisher.clone(),
        catalogue: f.catalogue.clone(),
        doc_number: f.doc_number.clone().unwrap_or_else(|| "—".into()),
        date: f.published_on.to_string(),
        open: f.objections_open(s.settings.clock.today()),
        window_end: end.map(|d| d.to_string()).unwrap_or_default(),
        document: doc.html(),
        notice,
        error,
        figure,
        text,
    }
}

#[derive(Debug, Deserialize)]
pub struct ObjectionForm {
    #[serde(default)]
    figure: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    contact: String,
}

pub async fn object(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<ObjectionForm>,
) -> Result<Response, ApiError> {
    let Some((p, doc)) = published(&s, id).await? else {
        return not_found();
    };
    let kept = (f.figure.clone(), f.text.clone());
    if !p.fields.objections_open(s.settings.clock.today()) {
        let page = show_page(
            &s,
            p,
            &doc,
            false,
            Some(tr("异议期已过,不再受理。").into()),
            kept,
        );
        return render(StatusCode::CONFLICT, &page);
    }
    let contact = Some(f.contact.as_str()).filter(|c| !c.trim().is_empty());
    let bad = match ObjectionFields::parse(Some(&f.figure), &f.text, contact) {
        Ok(o) => match s.store.add_objection(id, &o, duban_store::now_ms()).await {
            Ok(_) => return Ok(Redirect::to(&format!("/gk/{id}?ok=1")).into_response()),
            // A contact where no data key is configured: refused, never kept in clear.
            Err(duban_store::StoreError::Invalid(bad)) => bad,
            Err(e) => return Err(e.into()),
        },
        Err(bad) => bad,
    };
    let text = super::field_messages(&bad.0);
    let page = show_page(&s, p, &doc, false, Some(text), kept);
    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// One published figure as open data.
#[derive(Debug, Serialize)]
struct Row {
    item_number: i64,
    item: String,
    indicator: String,
    unit: String,
    target: Option<String>,
    value: Option<String>,
    completion_pct: Option<String>,
    status: String,
    lead_unit: String,
}

fn text_of(f: &Option<Figure>) -> Option<String> {
    f.as_ref().map(|f| f.text.clone())
}

fn rows(doc: &Shown) -> Vec<Row> {
    doc.annex()
        .iter()
        .map(|r: &AnnexRow| Row {
            item_number: r.item_number,
            item: r.item_title.clone(),
            indicator: r.indicator_name.clone(),
            unit: r.unit.clone(),
            target: text_of(&r.target),
            value: text_of(&r.value),
            completion_pct: text_of(&r.completion),
            status: r.status_label.clone(),
            lead_unit: r.lead_unit.clone(),
        })
        .collect()
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn with_type(body: impl IntoResponse, kind: &'static str, file: Option<String>) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Some(name) = file
        && let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

pub async fn data_csv(
    State(s): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let Some((_, doc)) = published(&s, id).await? else {
        return not_found();
    };
    // UTF-8 with a BOM, so that Excel opens the Chinese right.
    let mut out =
        String::from("\u{feff}序号,事项,指标,单位,年度目标,完成值,完成率(%),状态,牵头单位\r\n");
    for r in rows(&doc) {
        let cells = [
            r.item_number.to_string(),
            r.item,
            r.indicator,
            r.unit,
            r.target.unwrap_or_default(),
            r.value.unwrap_or_default(),
            r.completion_pct.unwrap_or_default(),
            r.status,
            r.lead_unit,
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    Ok(with_type(
        out,
        "text/csv; charset=utf-8",
        Some(format!("gk-{id}.csv")),
    ))
}

pub async fn data_json(
    State(s): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let Some((p, doc)) = published(&s, id).await? else {
        return not_found();
    };
    let body = serde_json::json!({
        "index_number": p.index.to_string(),
        "title": p.title,
        "publisher": p.fields.publisher,
        "published_on": p.fields.published_on.to_string(),
        "figures": rows(&doc),
    });
    let text = serde_json::to_string_pretty(&body)
        .map_err(|e| ApiError::Internal(format!("open data: {e}")))?;
    Ok(with_type(text, "application/json", None))
}

pub async fn feed(State(s): State<AppState>) -> Result<Response, ApiError> {
    let found = s.store.publications(None, Page::default()).await?;
    let entries: Vec<Listed> = found.items.iter().map(listed).collect();
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01".to_string(), |e| e.date.clone());
    let feed = Feed { updated, entries };
    let body = feed
        .render()
        .map_err(|e| ApiError::Internal(format!("feed: {e}")))?;
    Ok(with_type(body, "application/atom+xml; charset=utf-8", None))
}

pub async fn index() -> Redirect {
    Redirect::permanent("/gk")
}

//! The API's resources, one module each, merged into one router and one document.

pub mod areas;
pub mod audit;
pub mod auth;
pub mod bulletins;
pub mod completion_import;
pub mod corrections;
pub mod disclosure;
pub mod evaluation;
pub mod evidence;
pub mod exports;
pub mod funding;
pub mod history;
pub mod imports;
pub mod indicators;
pub mod items;
pub mod periods;
pub mod plan_import;
pub mod plans;
pub mod problems;
pub mod quality;
pub mod reminders;
pub mod reports;
pub mod review;
pub mod second_factor;
pub mod settings;
pub mod supervisions;
pub mod target_changes;
pub mod tasks;
pub mod units;
pub mod users;
mod views;
pub mod webhooks;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use duban_store::{Page, Paged};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;

use crate::error::ApiError;
use crate::extract::etag;
use crate::{AppState, openapi::ApiDoc};

pub fn api() -> OpenApiRouter<AppState> {
    use utoipa::OpenApi;
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(auth::router())
        .merge(units::router())
        .merge(webhooks::router())
        .merge(users::router())
        .merge(plans::router())
        .merge(exports::router())
        .merge(evaluation::router())
        .merge(imports::router())
        .merge(plan_import::router())
        .merge(completion_import::router())
        .merge(settings::router())
        .merge(problems::router())
        .merge(evidence::router())
        .merge(areas::router())
        .merge(items::router())
        .merge(indicators::router())
        .merge(periods::router())
        .merge(funding::router())
        .merge(reminders::router())
        .merge(reports::router())
        .merge(review::router())
        .merge(supervisions::router())
        .merge(tasks::router())
        .merge(target_changes::router())
        .merge(corrections::router())
        .merge(bulletins::router())
        .merge(disclosure::router())
        .merge(history::router())
        .merge(audit::router())
        .merge(quality::router())
}

/// Paging of lists: `page` from 1, `per_page` from 1 to 500 (default 50).
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    #[param(minimum = 1)]
    pub page: Option<i64>,
    #[param(minimum = 1, maximum = 500)]
    pub per_page: Option<i64>,
}

impl PageParams {
    pub fn page(&self) -> Result<Page, ApiError> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(50);
        if page < 1 || !(1..=Page::MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::bad_request(
                "分页参数有误:page 须不小于1,per_page 须在1至500之间",
                "page must be at least 1 and per_page between 1 and 500",
            ));
        }
        Ok(Page { page, per_page })
    }
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct List<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> List<T> {
    /// A list short enough to come whole (a plan's areas, an item's indicators).
    pub fn all(items: Vec<T>) -> List<T> {
        let n = items.len() as i64;
        List {
            items,
            total: n,
            page: 1,
            per_page: n.max(1),
        }
    }

    pub fn of<S>(p: Paged<S>, f: impl FnMut(S) -> T) -> List<T> {
        List {
            items: p.items.into_iter().map(f).collect(),
            total: p.total,
            page: p.page,
            per_page: p.per_page,
        }
    }
}

/// A JSON response with the ETag of the version it shows, and a Location when created.
pub struct Tagged<T> {
    pub status: StatusCode,
    pub version: i64,
    pub body: T,
    pub location: Option<String>,
}

impl<T: Serialize> Tagged<T> {
    pub fn ok(version: i64, body: T) -> Self {
        Tagged {
            status: StatusCode::OK,
            version,
            body,
            location: None,
        }
    }

    pub fn created(version: i64, body: T, location: String) -> Self {
        Tagged {
            status: StatusCode::CREATED,
            version,
            body,
            location: Some(location),
        }
    }
}

impl<T: Serialize> IntoResponse for Tagged<T> {
    fn into_response(self) -> Response {
        let mut res = (self.status, axum::Json(self.body)).into_response();
        let h = res.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&etag(self.version)) {
            h.insert(header::ETAG, v);
        }
        if let Some(l) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            h.insert(header::LOCATION, l);
        }
        res
    }
}

/// Reads `as_of=YYYY-MM-DD` into the last millisecond of that day in China Standard
/// Time (UTC+8), the offices' own calendar, as epoch ms.
/// A field's 422: well-formed input that breaks a rule (docs/API-DESIGN.md).
pub fn invalid(field: &str, code: &'static str, zh: String, en: String) -> ApiError {
    ApiError::Invalid(duban_domain::Invalid::one(duban_domain::FieldError::new(
        field, code, zh, en,
    )))
}

/// A period in the query string: a 422 naming the parameter when it is no month of
/// 1900 to 9999 written YYYY-MM.
pub fn query_period(field: &str, s: &str) -> Result<duban_domain::period::PeriodLabel, ApiError> {
    duban_domain::period::PeriodLabel::parse(s).ok_or_else(|| {
        invalid(
            field,
            "invalid_label",
            format!("{field} 须为1900年至9999年间的月份,格式 YYYY-MM"),
            format!("{field} must be a month of 1900 to 9999 written YYYY-MM"),
        )
    })
}

/// The plan has no period `label`: a 422 naming the parameter.
pub fn unknown_period(field: &str, label: impl std::fmt::Display) -> ApiError {
    invalid(
        field,
        "unknown_period",
        format!("计划没有报告期{label}"),
        format!("the plan has no period {label}"),
    )
}

/// A unit the caller's role must name: a 422 naming `unit_id`.
pub fn unit_required() -> ApiError {
    invalid(
        "unit_id",
        "required",
        "请指定 unit_id(查看哪个单位的)".into(),
        "unit_id is required: which unit's".into(),
    )
}

/// A date in the query string: a 422 naming the parameter when it is not a real day
/// of 1900 to 9999 written YYYY-MM-DD.
pub fn query_date(field: &str, s: &str) -> Result<duban_domain::Date, ApiError> {
    duban_domain::Date::parse(s).ok_or_else(|| {
        invalid(
            field,
            "invalid_date",
            format!("{field} 须为1900年至9999年间的日期,格式 YYYY-MM-DD"),
            format!("{field} must be a day of 1900 to 9999 written YYYY-MM-DD"),
        )
    })
}

pub fn as_of_end(as_of: Option<&str>) -> Result<Option<i64>, ApiError> {
    let Some(s) = as_of else { return Ok(None) };
    let d = query_date("as_of", s)?;
    const CST_OFFSET_MS: i64 = 8 * 3_600_000;
    Ok(Some(
        (d.days_since_epoch() + 1) * 86_400_000 - CST_OFFSET_MS - 1,
    ))
}

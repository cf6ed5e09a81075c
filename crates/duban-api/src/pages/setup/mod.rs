//! 计划设置: the office sets the plan up in the browser — on the set-up page the plan's
//! name, year, thresholds and state, its areas in order, and a new item (`plan.rs`); on
//! each item's page the item and its indicators (`item.rs`, `indicator.rs`). Every form
//! saves through the API's own core (`routes::{plans, areas, items, indicators}::
//! {create, update}`), with the version it was drawn at as If-Match, so the rules and
//! the stale-form refusal are the API's.

mod form;
mod indicator;
mod item;
mod plan;

pub use item::{create_indicator, item_page, update_indicator, update_item};
pub use plan::{create_area, create_item, create_plan, page, update_area, update_plan};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use duban_domain::{Item, Unit, UnitKind};
use duban_store::Versioned;
use serde::Deserialize;

use self::form::{Choices, Field, Posted, Reader, Refusal};
use super::message;
use crate::error::ApiError;
use crate::pages::i18n::tr;
use crate::routes::items::ItemInput;

/// What a form posts, as axum reads it: every pair, in order.
type FormBody = axum::Form<Vec<(String, String)>>;

/// Only the office sets a plan up; everyone else is told so, as on its other pages.
fn refused() -> Result<Response, ApiError> {
    message(StatusCode::FORBIDDEN, "无权访问", "计划设置由督查室负责。")
}

#[derive(Debug, Deserialize)]
pub struct Done {
    /// Something was just saved.
    ok: Option<String>,
}

fn notice(d: &Done) -> Option<String> {
    d.ok.as_ref().map(|_| tr("已保存。").to_string())
}

/// The numeral an area is printed with: (一), (二), …
fn heading(k: usize, title: &str) -> String {
    const N: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match N.get(k) {
        Some(n) => format!("({n}){title}"),
        None => format!("({}){title}", k + 1),
    }
}

/// "第3项" in the reader's language.
fn number_label(n: i64) -> String {
    tr("第{n}项").replace("{n}", &n.to_string())
}

/// A form that was refused: what the clerk posted, and why.
struct Failed<W> {
    which: W,
    posted: Posted,
    refusal: Refusal,
}

/// The values a form is drawn with: the clerk's, when it is the one refused (and not
/// stale), else the stored ones; and its refusal.
fn source<W: PartialEq + Copy>(
    failed: &Option<Failed<W>>,
    which: W,
    stored: impl FnOnce() -> Posted,
) -> (Posted, Option<&Refusal>) {
    match failed {
        Some(f) if f.which == which => {
            let p = if f.refusal.keep_values {
                f.posted.clone()
            } else {
                stored()
            };
            (p, Some(&f.refusal))
        }
        _ => (stored(), None),
    }
}

/// The lead and co-units an item may have (departments and regions), and the regions:
/// the active ones, and any the form already names.
fn unit_choices(units: &[Unit], p: &Posted) -> (Choices, Choices) {
    let named = |id: &str| {
        ["lead_unit_id", "co_unit_ids", "region_ids"]
            .iter()
            .any(|f| p.all(f).any(|v| v == id))
    };
    let of = |k: UnitKind| {
        units
            .iter()
            .filter(|u| u.kind == k)
            .map(|u| (u.id.0.to_string(), u))
            .filter(|(id, u)| u.active || named(id))
            .map(|(id, u)| (id, u.name.clone()))
            .collect::<Vec<_>>()
    };
    // Departments first: they lead most items.
    let mut leads = of(UnitKind::Department);
    leads.extend(of(UnitKind::Region));
    (leads, of(UnitKind::Region))
}

fn item_posted(i: &Item) -> Posted {
    let mut out = Posted::default();
    out.set("area_id", i.area_id.0);
    out.set("number", i.number);
    out.set("title", &i.title);
    out.set("lead_unit_id", i.lead_unit_id.0);
    for u in &i.co_unit_ids {
        out.set("co_unit_ids", u.0);
    }
    for u in &i.region_ids {
        out.set("region_ids", u.0);
    }
    out.set("leader", i.leader.as_deref().unwrap_or(""));
    out
}

/// The fields of an item, for adding one and for changing it.
fn item_fields(prefix: &str, p: &Posted, areas: &[(String, String)], units: &[Unit]) -> Vec<Field> {
    let (leads, regions) = unit_choices(units, p);
    let mut lead_choices = vec![(String::new(), tr("—选择牵头单位—").to_string())];
    lead_choices.extend(leads.iter().cloned());
    vec![
        Field::select(prefix, "area_id", tr("所属方面"), areas, p),
        Field::integer(prefix, "number", tr("实事序号(第几项)"), p)
            .hint(tr("在本计划中不能重复。")),
        Field::text(prefix, "title", tr("实事名称"), p).max(500),
        Field::select(prefix, "lead_unit_id", tr("牵头单位"), &lead_choices, p),
        Field::checks(
            prefix,
            "co_unit_ids",
            tr("责任单位(牵头单位以外)"),
            &leads,
            p,
        ),
        Field::checks(prefix, "region_ids", tr("涉及县区"), &regions, p)
            .hint(tr("指标的区域分解只能在这些县区中选择。")),
        Field::text(prefix, "leader", tr("责任领导"), p)
            .max(100)
            .hint(tr("姓名和职务;留空表示未定。")),
    ]
}

/// An item as the form sent it.
fn read_item(p: &Posted) -> Result<ItemInput, ApiError> {
    let mut r = Reader::default();
    let area_id = r.required_integer(p, "area_id");
    let number = r.required_integer(p, "number");
    let lead_unit_id = r.required_integer(p, "lead_unit_id");
    let mut ids = |name: &str| -> Vec<i64> {
        p.all(name)
            .filter_map(|v| match v.parse() {
                Ok(n) => Some(n),
                Err(_) => {
                    r.bad.push(duban_domain::FieldError::new(
                        name,
                        "not_an_integer",
                        "单位编号无效",
                        "not a unit id",
                    ));
                    None
                }
            })
            .collect()
    };
    let co_unit_ids = ids("co_unit_ids");
    let region_ids = ids("region_ids");
    r.finish()?;
    Ok(ItemInput {
        area_id,
        number,
        title: p.get("title").to_string(),
        lead_unit_id,
        co_unit_ids,
        region_ids,
        leader: Some(p.get("leader").to_string()),
        planned_investment: None,
    })
}

/// The plan's areas as choices of a select.
fn area_choices(areas: &[Versioned<duban_domain::Area>]) -> Choices {
    areas
        .iter()
        .enumerate()
        .map(|(k, a)| (a.value.id.0.to_string(), heading(k, &a.value.title)))
        .collect()
}

fn saved(to: &str) -> Response {
    Redirect::to(to).into_response()
}

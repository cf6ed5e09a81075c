//! 年度计划: the tree of the plan — areas in order, their items with lead unit, status
//! and completion, and each item's indicators with their targets — as of the latest
//! period, from approved figures. Each item links to its page.

use super::i18n::{Lang, filters, lang, tr};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use duban_domain::Decimal;
use duban_domain::access::reads_plans;

use super::SignedIn;
use super::{message, render};
use crate::AppState;
use crate::error::ApiError;
use crate::routes::plans::{Shape, plan_view};

struct IndicatorLine {
    name: String,
    target: String,
}

struct ItemLine {
    id: i64,
    number: i64,
    title: String,
    lead: String,
    status: String,
    class: String,
    completion: String,
    indicators: Vec<IndicatorLine>,
}

struct AreaBlock {
    heading: String,
    items: Vec<ItemLine>,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    shell: Option<super::Shell>,
    title: String,
    state: &'static str,
    period: String,
    areas: Vec<AreaBlock>,
    /// The office may set the plan up.
    may_set_up: bool,
    /// The tables to download (完成情况表, 台账, 责任分工表), each as xlsx and CSV.
    exports: Vec<ExportLink>,
}

/// A table to download: its name and its two addresses.
struct ExportLink {
    label: &'static str,
    xlsx: String,
    csv: String,
}

/// The plan's tables at `period` (none without one but the responsibility table).
fn export_links(plan: i64, period: Option<&str>) -> Vec<ExportLink> {
    duban_domain::tables::TableKind::ALL
        .into_iter()
        .filter_map(|k| {
            let query = match (k.needs_period(), period) {
                (false, _) => String::new(),
                (true, Some(p)) => format!("period={p}&"),
                (true, None) => return None,
            };
            let at = format!("/api/v1/plans/{plan}/exports/{}?{query}format=", k.as_str());
            Some(ExportLink {
                label: k.label_zh(),
                xlsx: format!("{at}xlsx"),
                csv: format!("{at}csv"),
            })
        })
        .collect()
}

fn pct(v: Option<Decimal>) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{}%", v.round(1)))
}

pub async fn page(
    State(s): State<AppState>,
    SignedIn(auth): SignedIn,
) -> Result<Response, ApiError> {
    if !reads_plans(auth.role()) {
        return message(
            StatusCode::FORBIDDEN,
            tr("无权访问"),
            tr("管理员不查看业务数据。"),
        );
    }
    let Some(plan) = super::current_plan(&s).await? else {
        return message(StatusCode::OK, tr("年度计划"), tr("尚未建立年度计划。"));
    };
    let versioned = s.store.plan(plan.id).await?;
    let shape = Shape {
        full: true,
        period: None,
        as_of: None,
    };
    let view = plan_view(&s.store, &versioned, &shape).await?;
    let units = super::unit_names(&s).await?;
    let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let areas = view
        .areas
        .iter()
        .flatten()
        .enumerate()
        .map(|(k, a)| AreaBlock {
            heading: match (lang(), numerals.get(k)) {
                (Lang::En, _) => format!("{}. {}", k + 1, a.title),
                (Lang::Zh, Some(n)) => format!("({n}){}", a.title),
                (Lang::Zh, None) => a.title.clone(),
            },
            items: a
                .items
                .iter()
                .flatten()
                .map(|i| ItemLine {
                    id: i.id,
                    number: i.number,
                    title: i.title.clone(),
                    lead: units.get(&i.lead_unit_id).cloned().unwrap_or_default(),
                    status: i.status_label.clone().unwrap_or_else(|| "待评估".into()),
                    class: i.status.clone().unwrap_or_else(|| "unassessed".into()),
                    completion: pct(i.completion),
                    indicators: i
                        .indicators
                        .iter()
                        .flatten()
                        .map(|x| IndicatorLine {
                            name: x.name.clone(),
                            target: x
                                .target
                                .map_or_else(|| "—".into(), |t| format!("{t}{}", x.unit)),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let page = PlanPage {
        shell: super::Shell::of(&auth),
        title: view.title.clone(),
        state: if view.state == "approved" {
            "已批准(目标已锁定)"
        } else {
            "草案"
        },
        period: view
            .period
            .as_ref()
            .map(|p| p.label.clone())
            .unwrap_or_else(|| "—".into()),
        areas,
        may_set_up: duban_domain::access::manages_plans(auth.role()),
        exports: export_links(view.id, view.period.as_ref().map(|p| p.label.as_str())),
    };
    render(StatusCode::OK, &page)
}

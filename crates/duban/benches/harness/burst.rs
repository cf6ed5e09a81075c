//! The month-end burst: next year's plan opened (the last plan's structure again, its
//! January open), then every reporting unit's reporter writing and submitting each of
//! its reports at once, as at a deadline.

use std::collections::BTreeMap;
use std::time::Instant;

use duban_domain::period::PeriodFields;
use duban_domain::plan::PlanFields;
use duban_domain::{Indicator, IndicatorKind, PlanState};
use duban_store::{Change, Page, Store};
use reqwest::Client;
use serde_json::{Value, json};

use crate::load::Timings;

/// One report to write: its item, its unit and its figures.
pub struct Task {
    pub item: i64,
    pub unit: i64,
    pub figures: Vec<Value>,
}

/// The newest plan, and next year's (its structure again, January open) with each
/// unit's reports to write there, by unit code.
pub async fn open_next_year(store: &Store) -> (i64, i64, BTreeMap<String, Vec<Task>>) {
    let plans = store.plans(None, Page::default()).await.expect("plans");
    let last = plans
        .items
        .iter()
        .max_by_key(|p| p.value.year)
        .expect("a plan");
    let structure = store
        .plan_structure(last.value.id)
        .await
        .expect("structure");
    let office = Change::now(None);
    let year = last.value.year + 1;
    let fields = PlanFields::parse(
        i64::from(year),
        &format!("{year}年重点民生实事"),
        None,
        None,
    )
    .expect("plan");
    let plan = store.create_plan(&fields, office).await.expect("plan");
    store
        .apply_plan_structure(plan.value.id, &structure, office)
        .await
        .expect("structure");
    store
        .update_plan(
            plan.value.id,
            plan.version,
            &fields,
            PlanState::Approved,
            office,
        )
        .await
        .expect("approve");
    let pf = PeriodFields::parse(year, &format!("{year}-01"), None, None, Default::default())
        .expect("period");
    let period = store
        .create_period(plan.value.id, &pf, office)
        .await
        .expect("period");

    let code: BTreeMap<i64, String> = store
        .all_units()
        .await
        .expect("units")
        .into_iter()
        .map(|u| (u.id.0, u.code))
        .collect();
    let items = store.plan_items(plan.value.id).await.expect("items");
    let indicators = store
        .plan_indicators(plan.value.id)
        .await
        .expect("indicators");
    let mut tasks: BTreeMap<String, Vec<Task>> = BTreeMap::new();
    for item in &items {
        let inds: Vec<&Indicator> = indicators.iter().filter(|i| i.item_id == item.id).collect();
        tasks
            .entry(code[&item.lead_unit_id.0].clone())
            .or_default()
            .push(Task {
                item: item.id.0,
                unit: item.lead_unit_id.0,
                figures: inds.iter().map(|i| figure(i, None)).collect(),
            });
        for region in &item.region_ids {
            let own: Vec<Value> = inds
                .iter()
                .filter(|i| i.regions.iter().any(|r| r.region_id == *region))
                .map(|i| figure(i, Some(region.0)))
                .collect();
            tasks
                .entry(code[&region.0].clone())
                .or_default()
                .push(Task {
                    item: item.id.0,
                    unit: region.0,
                    figures: own,
                });
        }
    }
    (last.value.id.0, period.value.id.0, tasks)
}

/// A January figure: a twelfth of the way.
fn figure(ind: &Indicator, region: Option<i64>) -> Value {
    let target = region
        .and_then(|r| ind.regions.iter().find(|t| t.region_id.0 == r))
        .and_then(|t| t.target)
        .or(ind.target)
        .map_or(0.0, |t| t.to_f64());
    let base = ind.baseline.map_or(0.0, |b| b.to_f64());
    let mut f = json!({"indicator_id": ind.id.0, "region_id": region});
    match ind.kind {
        IndicatorKind::Cumulative => f["value"] = json!((target / 12.0).round()),
        IndicatorKind::Rate => f["value"] = json!((base + (target - base) / 12.0).round()),
        IndicatorKind::Ceiling => f["value"] = json!((target * 0.9 * 10.0).round() / 10.0),
        IndicatorKind::Stage => f["stage"] = json!(ind.stages[0]),
        IndicatorKind::Qualitative => f["assessment"] = json!("on_track"),
    }
    f
}

/// What the burst did.
#[derive(Default)]
pub struct Burst {
    pub created: Timings,
    pub submitted: Timings,
    pub seconds: f64,
}

/// Every unit's reporter at once (at most `clients` at a time), each writing and
/// submitting its reports one after another.
pub async fn run(
    http: &Client,
    base: &str,
    period: i64,
    tokens: Vec<(String, Vec<Task>)>,
    clients: usize,
) -> Burst {
    let started = Instant::now();
    let queue = std::sync::Arc::new(tokio::sync::Mutex::new(tokens));
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, base, queue) = (http.clone(), base.to_string(), queue.clone());
        tasks.push(tokio::spawn(async move {
            let mut b = Burst::default();
            loop {
                let Some((token, work)) = queue.lock().await.pop() else {
                    break;
                };
                for t in work {
                    report(&http, &base, &token, period, &t, &mut b).await;
                }
            }
            b
        }));
    }
    let mut all = Burst::default();
    for t in tasks {
        let b = t.await.expect("reporter");
        all.created.add(b.created);
        all.submitted.add(b.submitted);
    }
    all.seconds = started.elapsed().as_secs_f64();
    all
}

async fn report(http: &Client, base: &str, token: &str, period: i64, t: &Task, b: &mut Burst) {
    let body =
        json!({"period_id": period, "item_id": t.item, "unit_id": t.unit, "figures": t.figures});
    let at = Instant::now();
    let created = http
        .post(format!("{base}/api/v1/reports"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await;
    let created = match created {
        Ok(r) if r.status().is_success() => r,
        Ok(r) => {
            let why = format!(
                "create {}: {}",
                r.status(),
                r.text().await.unwrap_or_default()
            );
            b.created.fail(why);
            return;
        }
        Err(e) => {
            b.created.fail(format!("create: {e}"));
            return;
        }
    };
    b.created.times.push(at.elapsed());
    let etag = created.headers()["etag"]
        .to_str()
        .unwrap_or_default()
        .to_string();
    let id = created
        .json::<Value>()
        .await
        .map_or(0, |r| r["id"].as_i64().unwrap_or(0));
    let mut reasons = json!({});
    let mut last = String::new();
    // A submission with warnings is refused listing them; the reporter explains each.
    for _ in 0..2 {
        let at = Instant::now();
        let res = http
            .post(format!("{base}/api/v1/reports/{id}/submit"))
            .bearer_auth(token)
            .header("If-Match", &etag)
            .json(&json!({"reasons": reasons}))
            .send()
            .await;
        let elapsed = at.elapsed();
        match res {
            Ok(r) if r.status().is_success() => {
                b.submitted.times.push(elapsed);
                return;
            }
            Ok(r) if r.status() == 422 => {
                let problem: Value = r.json().await.unwrap_or_default();
                last = format!("sent {reasons}, got {problem}");
                for e in problem["errors"].as_array().into_iter().flatten() {
                    if let Some(key) = e["field"].as_str().and_then(|f| f.strip_prefix("reasons/"))
                    {
                        reasons[key] = json!("基数调整,已核实");
                    }
                }
            }
            Ok(r) => {
                let why = format!(
                    "submit {}: {}",
                    r.status(),
                    r.text().await.unwrap_or_default()
                );
                b.submitted.fail(why);
                return;
            }
            Err(e) => {
                b.submitted.fail(format!("submit: {e}"));
                return;
            }
        }
    }
    b.submitted.fail(format!(
        "submit: warnings left after giving reasons: {last}"
    ));
}

/// Tokens for the units' reporters, a few logins at a time (each checks a password
/// hash, slow on purpose).
pub async fn log_in(
    http: &Client,
    base: &str,
    tasks: BTreeMap<String, Vec<Task>>,
) -> Vec<(String, Vec<Task>)> {
    let mut out = Vec::new();
    let mut pending: Vec<(String, Vec<Task>)> = tasks.into_iter().collect();
    while !pending.is_empty() {
        let batch: Vec<_> = pending.drain(..pending.len().min(4)).collect();
        let mut joins = Vec::new();
        for (code, work) in batch {
            let (http, base) = (http.clone(), base.to_string());
            joins.push(tokio::spawn(async move {
                let token = crate::common::login(
                    &http,
                    &base,
                    &format!("tb-{code}"),
                    duban_demo::loader::UNIT_REPORTER_PASSWORD,
                )
                .await;
                (token, work)
            }));
        }
        for j in joins {
            out.push(j.await.expect("login"));
        }
    }
    out
}

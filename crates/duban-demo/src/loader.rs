//! Loads the demo data into a store: units, the demo accounts, the plan with its areas,
//! items and indicators, the May period, and the seed's figures as approved reports.

use std::collections::HashMap;

use duban_domain::bulletin::{IndicatorStyle, NumberStyle, SentenceTemplate, TrailingZeros};
use duban_domain::indicator::{IndicatorFields, IndicatorInput};
use duban_domain::period::PeriodFields;
use duban_domain::plan::{AreaFields, ItemFields, PlanFields};
use duban_domain::report::FigureInput;
use duban_domain::{
    Decimal, Figure, FiscalOverview, Indicator, Invalid, ItemId, PlanState, RegionTarget, Role,
    UnitFields, UnitId, UserId,
};
use duban_store::reports::{ReportAction, ReportContent};
use duban_store::users::NewUser;
use duban_store::{Change, Store, StoreError};

use crate::data::{Directory, FigureSpec, demo_data};

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo data does not parse: {0}")]
    Data(#[from] serde_json::Error),
    #[error("demo data is invalid at {at}: {source:?}")]
    Invalid { at: String, source: Invalid },
    #[error("demo data names an unknown {0}")]
    Unknown(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A demo account: shown at start so that each role can be tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub username: &'static str,
    pub password: &'static str,
    pub role: Role,
    /// The unit code of a unit role.
    pub unit: Option<&'static str>,
    pub display_name: &'static str,
    /// The second factor's secret (base32) of the roles that need one: as public as the
    /// password, and as confined to demo databases (docs/DEMO-DATA.md).
    pub second_factor: Option<&'static str>,
}

/// One account per role. The passwords are public: they exist only in demo databases,
/// which say so on every page and in `/api/v1/me`.
pub const DEMO_ACCOUNTS: [DemoAccount; 8] = [
    DemoAccount {
        username: "ducha",
        password: "ducha-demo-2019",
        role: Role::Office,
        unit: Some("ducha"),
        display_name: "督查室工作人员(演示)",
        second_factor: Some("MR2WEYLOFVSGK3LPFVSHKY3IMEXC4LRO"),
    },
    DemoAccount {
        username: "yibao-tb",
        password: "yibao-demo-2019",
        role: Role::Reporter,
        unit: Some("yibao"),
        display_name: "市医疗保障局填报员(演示)",
        second_factor: None,
    },
    DemoAccount {
        username: "yibao-sh",
        password: "yibao-review-2019",
        role: Role::Reviewer,
        unit: Some("yibao"),
        display_name: "市医疗保障局审核员(演示)",
        second_factor: None,
    },
    DemoAccount {
        username: "lingdao",
        password: "lingdao-demo-2019",
        role: Role::Leader,
        unit: None,
        display_name: "市领导(演示)",
        second_factor: None,
    },
    DemoAccount {
        username: "pinggu",
        password: "pinggu-demo-2019",
        role: Role::Evaluator,
        unit: Some("disanfang"),
        display_name: "第三方评估(演示)",
        second_factor: None,
    },
    DemoAccount {
        username: "xitong",
        password: "xitong-demo-2019",
        role: Role::SysAdmin,
        unit: None,
        display_name: "系统管理员(演示)",
        second_factor: Some("MR2WEYLOFVSGK3LPFV4GS5DPNZTS4LRO"),
    },
    DemoAccount {
        username: "anquan",
        password: "anquan-demo-2019",
        role: Role::SecAdmin,
        unit: None,
        display_name: "安全管理员(演示)",
        second_factor: Some("MR2WEYLOFVSGK3LPFVQW44LVMFXC4LRO"),
    },
    DemoAccount {
        username: "shenji",
        password: "shenji-demo-2019",
        role: Role::AuditAdmin,
        unit: None,
        display_name: "审计管理员(演示)",
        second_factor: Some("MR2WEYLOFVSGK3LPFVZWQZLONJUS4LRO"),
    },
];

/// How an indicator reads in the demo's bulletin: its sentence from the seed, checked
/// against its kind as the API checks the office's.
fn bulletin_style(
    spec: &crate::data::IndicatorSpec,
    ind: &duban_domain::Indicator,
) -> Result<IndicatorStyle, DemoError> {
    let template = spec
        .sentence
        .as_deref()
        .map(|t| SentenceTemplate::parse_for(t, ind))
        .transpose()
        .map_err(|e| invalid(&spec.name, e))?;
    let number = spec
        .scale
        .map(|scale| NumberStyle::new(scale, ind.decimals, TrailingZeros::Keep))
        .transpose()
        .map_err(|e| invalid(&spec.name, e))?;
    Ok(IndicatorStyle {
        template,
        number,
        completion_decimals: spec.completion_decimals,
    })
}

/// The seed bulletin's series, issuer and issue number.
pub const SEED_SERIES: &str = "督查专报";
pub const SEED_ISSUER: &str = "市政府督查室";
pub const SEED_ISSUE: i64 = 17;

/// The password of the reporter account made for each reporting unit, `tb-<code>`, and
/// of the reviewer account of each department, `sh-<code>`.
pub const UNIT_REPORTER_PASSWORD: &str = "tianbao-demo-2019";

/// What the loader made, for tests and for printing.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub plan_id: duban_domain::PlanId,
    pub period_id: duban_domain::PeriodId,
    pub units: HashMap<String, UnitId>,
    pub accounts: HashMap<String, UserId>,
}

/// Whether the store already holds a plan (the demo loads only into an empty database).
pub async fn is_empty(store: &Store) -> Result<bool, StoreError> {
    Ok(store.plans(None, duban_store::Page::default()).await?.total == 0)
}

/// Loads the demo data. `hash` turns a password into its stored hash (argon2id in the
/// binary; the loader itself knows no cryptography). The clock is fixed to the seed's
/// days, so the history reads as the office lived it: the plan set up in January,
/// figures approved in early June 2019.
pub async fn load(
    store: &Store,
    hash: &(dyn Fn(&str) -> String + Sync),
) -> Result<Loaded, DemoError> {
    let d = demo_data()?;
    let at = |y: i32, m: u8, day: u8| {
        let days = duban_domain::Date::new(y, m, day).map_or(0, |x| x.days_since_epoch());
        days * 86_400_000 + 9 * 3_600_000 - 8 * 3_600_000
    };
    let setup = Change {
        actor: None,
        at: at(2019, 1, 10),
    };
    let units = load_units(store, &d.directory(), setup).await?;
    let accounts = load_accounts(store, &d.directory(), &units, hash, setup).await?;
    let office = Change {
        actor: Some(accounts["ducha"]),
        at: at(2019, 1, 15),
    };

    let plan_fields = PlanFields::parse(d.plan.year as i64, &d.plan.title, None, None)
        .map_err(|e| invalid("plan", e))?;
    let plan = store.create_plan(&plan_fields, office).await?;
    let plan_id = plan.value.id;
    let mut indicators: Vec<(ItemId, String, Indicator, &crate::data::IndicatorSpec)> = Vec::new();
    for (n, a) in d.areas.iter().enumerate() {
        let af = AreaFields::parse(n as i64 + 1, &a.title).map_err(|e| invalid(&a.title, e))?;
        let area = store.create_area(plan_id, &af, office).await?;
        for it in &a.items {
            let unit = |c: &String| {
                units
                    .get(c)
                    .copied()
                    .ok_or_else(|| DemoError::Unknown(format!("unit {c}")))
            };
            let mut regions: Vec<UnitId> = Vec::new();
            for ind in &it.indicators {
                for r in ind
                    .regions
                    .iter()
                    .map(|r| &r.region)
                    .chain(ind.may_regions.iter().map(|r| &r.region))
                {
                    let id = unit(r)?;
                    if !regions.contains(&id) {
                        regions.push(id);
                    }
                }
            }
            let co = it.co.iter().map(unit).collect::<Result<Vec<_>, _>>()?;
            let f = ItemFields::parse(
                area.value.id,
                it.number,
                &it.title,
                unit(&it.lead)?,
                co,
                regions,
                it.leader.as_deref(),
            )
            .map_err(|e| invalid(&it.title, e))?;
            let item = store.create_item(&f, office).await?;
            // The office's bulletin settings: where the narrative goes, how each
            // indicator reads.
            store
                .set_narrative_place(item.value.id, it.narrative_place.into(), office)
                .await?;
            for (k, spec) in it.indicators.iter().enumerate() {
                let parse = |s: &Option<String>| s.as_deref().map(dec).transpose();
                let regions = spec
                    .regions
                    .iter()
                    .map(|r| {
                        Ok(RegionTarget {
                            region_id: unit(&r.region)?,
                            target: parse(&r.target)?,
                        })
                    })
                    .collect::<Result<Vec<_>, DemoError>>()?;
                let f = IndicatorFields::parse(IndicatorInput {
                    seq: k as i64 + 1,
                    name: &spec.name,
                    kind: &spec.kind,
                    unit: spec.unit.as_deref(),
                    target: parse(&spec.target)?,
                    baseline: parse(&spec.baseline)?,
                    decimals: spec.decimals,
                    stages: spec.stages.clone(),
                    regions,
                    quarterly: None,
                })
                .map_err(|e| invalid(&spec.name, e))?;
                let ind = store.create_indicator(item.value.id, &f, office).await?;
                let style = bulletin_style(spec, &ind.value)?;
                if style != IndicatorStyle::default() {
                    store
                        .set_indicator_style(ind.value.id, &style, office)
                        .await?;
                }
                indicators.push((item.value.id, it.lead.clone(), ind.value, spec));
            }
        }
    }
    let approved = store.plan(plan_id).await?;
    store
        .update_plan(
            plan_id,
            approved.version,
            &plan_fields,
            PlanState::Approved,
            Change {
                at: at(2019, 1, 20),
                ..office
            },
        )
        .await?;

    let fiscal = FiscalOverview {
        spending: Some(dec(&d.period.fiscal.spending)?),
        growth_pct: Some(dec(&d.period.fiscal.growth_pct)?),
        share_pct: Some(dec(&d.period.fiscal.share_pct)?),
    };
    let pf = PeriodFields::parse(
        d.plan.year,
        &d.period.label,
        Some(&d.period.cutoff),
        Some(&d.period.deadline),
        fiscal,
    )
    .map_err(|e| invalid("period", e))?;
    let period = store
        .create_period(
            plan_id,
            &pf,
            Change {
                at: at(2019, 5, 25),
                ..office
            },
        )
        .await?;
    // The seed is issue 17 of the office's 督查专报 for 2019: the demo's series goes on
    // from there, so that its first draft is 第17期 like the seed.
    store
        .create_series(
            plan_id,
            SEED_SERIES,
            SEED_ISSUER,
            SEED_ISSUE,
            Change {
                at: at(2019, 1, 20),
                ..office
            },
        )
        .await?;

    // One report per item and reporting unit: the lead unit's city-wide figures, and
    // each region's own.
    let mut reports: Vec<((ItemId, String), Vec<Figure>)> = Vec::new();
    let mut add =
        |key: (ItemId, String), f: Figure| match reports.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(f),
            None => reports.push((key, vec![f])),
        };
    for (item, lead, ind, spec) in &indicators {
        if let Some(m) = &spec.may {
            add((*item, lead.clone()), figure(ind, None, m)?);
        }
        for r in &spec.may_regions {
            let region = units[&r.region];
            let m = FigureSpec {
                value: r.value.clone(),
                stage: r.stage.clone(),
                assessment: r.assessment.clone(),
            };
            add((*item, r.region.clone()), figure(ind, Some(region), &m)?);
        }
    }
    let narratives: HashMap<i64, Option<String>> = d
        .areas
        .iter()
        .flat_map(|a| a.items.iter())
        .map(|i| (i.number, i.narrative.clone()))
        .collect();
    let numbers: HashMap<ItemId, i64> = store
        .plan_items(plan_id)
        .await?
        .into_iter()
        .map(|i| (i.id, i.number))
        .collect();
    let lead_of: HashMap<ItemId, String> = indicators
        .iter()
        .map(|(item, lead, _, _)| (*item, lead.clone()))
        .collect();
    for ((item, code), figures) in reports {
        let reporter = Change {
            actor: Some(accounts[&format!("tb-{code}")]),
            at: at(2019, 6, 3),
        };
        let lead_report = d
            .areas
            .iter()
            .flat_map(|a| &a.items)
            .any(|i| i.lead == code && numbers.get(&item) == Some(&i.number));
        let narrative = if lead_report {
            numbers.get(&item).and_then(|n| narratives[n].clone())
        } else {
            None
        };
        let content = ReportContent {
            figures,
            narrative,
            funding: Vec::new(),
        };
        let r = store
            .create_report(period.value.id, item, units[&code], &content, reporter)
            .await?;
        let lead = lead_of[&item].as_str();
        let reviewer = Change {
            actor: Some(accounts[&format!("sh-{lead}")]),
            at: at(2019, 6, 5),
        };
        let approver = Change {
            at: at(2019, 6, 6),
            ..office
        };
        let mut r = r;
        for (action, by) in [
            (ReportAction::Submit, reporter),
            (ReportAction::Review, reviewer),
            (ReportAction::Approve, approver),
        ] {
            r = store
                .report_action(r.value.id, r.version, action, None, &[], by)
                .await?;
        }
    }
    Ok(Loaded {
        plan_id,
        period_id: period.value.id,
        units,
        accounts,
    })
}

pub(crate) async fn load_units(
    store: &Store,
    d: &Directory<'_>,
    change: Change,
) -> Result<HashMap<String, UnitId>, DemoError> {
    let mut units = HashMap::new();
    let make = async |code: &str,
                      name: &str,
                      kind: &str,
                      parent: Option<UnitId>,
                      seq: i64|
           -> Result<UnitId, DemoError> {
        let f =
            UnitFields::parse(code, name, kind, parent, seq, true).map_err(|e| invalid(name, e))?;
        Ok(store.create_unit(&f, change).await?.value.id)
    };
    let city = make(&d.city.code, &d.city.name, "city", None, 1).await?;
    units.insert(d.city.code.clone(), city);
    let office = make(&d.office.code, &d.office.name, "office", Some(city), 2).await?;
    units.insert(d.office.code.clone(), office);
    for (n, r) in d.regions.iter().enumerate() {
        let id = make(&r.code, &r.name, "region", Some(city), 100 + n as i64).await?;
        units.insert(r.code.clone(), id);
    }
    for (n, r) in d.departments.iter().enumerate() {
        let id = make(&r.code, &r.name, "department", Some(city), 200 + n as i64).await?;
        units.insert(r.code.clone(), id);
    }
    let third = make(
        "disanfang",
        "第三方评估机构(演示)",
        "third_party",
        None,
        900,
    )
    .await?;
    units.insert("disanfang".into(), third);
    Ok(units)
}

pub(crate) async fn load_accounts(
    store: &Store,
    d: &Directory<'_>,
    units: &HashMap<String, UnitId>,
    hash: &(dyn Fn(&str) -> String + Sync),
    change: Change,
) -> Result<HashMap<String, UserId>, DemoError> {
    let mut accounts = HashMap::new();
    for a in &DEMO_ACCOUNTS {
        let n = NewUser {
            username: a.username,
            display_name: a.display_name,
            role: a.role,
            unit_id: a.unit.map(|u| units[u]),
            password_hash: &hash(a.password),
            demo: true,
            mobile: None,
            id_number: None,
        };
        let id = store.create_user(&n, change).await?.value.id;
        if let Some(secret) = a.second_factor {
            store.start_second_factor(id, secret, change.at).await?;
            store
                .confirm_second_factor(id, secret, 0, change.at)
                .await?;
        }
        accounts.insert(a.username.to_string(), id);
    }
    // Every unit that reports gets a reporter account, so that each figure's source
    // names a person of the unit that sent it. One hash serves them all: hashing is slow.
    let shared = hash(UNIT_REPORTER_PASSWORD);
    let reporting = d.regions.iter().chain(d.departments.iter());
    for u in reporting {
        let username = format!("tb-{}", u.code);
        let name = format!("{}填报员(演示)", u.name);
        let n = NewUser {
            username: &username,
            display_name: &name,
            role: Role::Reporter,
            unit_id: Some(units[&u.code]),
            password_hash: &shared,
            demo: true,
            mobile: None,
            id_number: None,
        };
        accounts.insert(
            username.clone(),
            store.create_user(&n, change).await?.value.id,
        );
    }
    // Each department reviews what it and its co-units report on the items it leads.
    for u in d.departments {
        let username = format!("sh-{}", u.code);
        let name = format!("{}审核员(演示)", u.name);
        let n = NewUser {
            username: &username,
            display_name: &name,
            role: Role::Reviewer,
            unit_id: Some(units[&u.code]),
            password_hash: &shared,
            demo: true,
            mobile: None,
            id_number: None,
        };
        accounts.insert(
            username.clone(),
            store.create_user(&n, change).await?.value.id,
        );
    }
    // The accounts are dated with the plan, in 2019; their passwords from today, or
    // every one would have expired (90 days) before anyone logged in.
    store.mark_demo_passwords_set(duban_store::now_ms()).await?;
    Ok(accounts)
}

fn figure(ind: &Indicator, region: Option<UnitId>, m: &FigureSpec) -> Result<Figure, DemoError> {
    let raw = FigureInput {
        indicator_id: ind.id,
        region_id: region,
        value: m.value.as_deref().map(dec).transpose()?,
        stage: m.stage.as_deref(),
        assessment: m.assessment.as_deref(),
    };
    Figure::parse(ind, &raw).map_err(|e| invalid(&ind.name, e))
}

fn dec(s: &str) -> Result<Decimal, DemoError> {
    Decimal::parse(s).ok_or_else(|| DemoError::Unknown(format!("number {s:?}")))
}

pub(crate) fn invalid(at: &str, source: Invalid) -> DemoError {
    DemoError::Invalid {
        at: at.to_string(),
        source,
    }
}

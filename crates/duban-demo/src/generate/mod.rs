//! `duban gen`: deterministic synthetic data at a city's or a province's scale, for
//! trying duban at size and for measuring it (issue 9). The same profile and seed give
//! the same data.
//!
//! Units, accounts, plans and their structure are written through the store's ordinary
//! changes (history and audit records included; a plan's structure in one transaction,
//! as its import does). The reports — a million at a province's scale — are written as
//! the review leaves them, a period at a time (`Store::load_approved_reports`).

mod figures;
mod names;
mod rng;

use std::collections::HashMap;

use duban_domain::indicator::{IndicatorFields, IndicatorInput};
use duban_domain::period::PeriodFields;
use duban_domain::plan::PlanFields;
use duban_domain::plan_sheet::{AreaRow, IndicatorRow, ItemRow, PlanStructure};
use duban_domain::problem::{ProblemFields, ProblemSource};
use duban_domain::progress::Progress;
use duban_domain::{
    Date, Decimal, FiscalOverview, Indicator, ItemId, PlanId, PlanState, RegionTarget, UnitId,
    UserId,
};
use duban_store::generated::ApprovedReport;
use duban_store::{Change, Store};

use crate::data::{Directory, UnitSpec, demo_data};
use crate::loader::{DemoError, load_accounts, load_units};
use figures::Pace;
use rng::Rng;

/// How much to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The seed's city and plan, as `duban demo` loads it.
    Demo,
    /// One city: its 17 regions, 40 departments, a year of 60 items.
    City,
    /// A province: 200 regions, 400 units, five years of 4,000 items each.
    Province,
}

impl Profile {
    pub fn parse(s: &str) -> Option<Profile> {
        match s {
            "demo" => Some(Profile::Demo),
            "city" => Some(Profile::City),
            "province" => Some(Profile::Province),
            _ => None,
        }
    }

    pub fn sizes(self) -> Option<Sizes> {
        match self {
            Profile::Demo => None,
            Profile::City => Some(Sizes {
                regions: 17,
                departments: 40,
                years: 1,
                areas: 6,
                items: 60,
                regions_per_item: 6,
                months: 12,
            }),
            Profile::Province => Some(Sizes {
                regions: 200,
                departments: 198,
                years: 5,
                areas: 10,
                items: 4_000,
                regions_per_item: 12,
                months: 12,
            }),
        }
    }
}

/// The sizes of a generated profile. Every item has three indicators; every third item
/// is decomposed over `regions_per_item` regions (a third of the indicators).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub regions: usize,
    pub departments: usize,
    /// Plans, one a year from 2019.
    pub years: usize,
    /// Areas per plan.
    pub areas: usize,
    /// Items per plan.
    pub items: usize,
    pub regions_per_item: usize,
    /// Monthly periods per plan, from January.
    pub months: u8,
}

/// What was made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    pub plans: Vec<PlanId>,
    pub units: usize,
    pub accounts: usize,
    pub items: usize,
    pub indicators: usize,
    pub periods: usize,
    pub reports: usize,
    pub figures: usize,
    pub problems: usize,
}

const FIRST_YEAR: i32 = 2019;
const INDICATORS_PER_ITEM: i64 = 3;

/// Makes the profile's data in an empty store.
pub async fn generate(
    store: &Store,
    profile: Profile,
    seed: u64,
    hash: &(dyn Fn(&str) -> String + Sync),
    progress: &dyn Progress,
) -> Result<Generated, DemoError> {
    let Some(sizes) = profile.sizes() else {
        progress.step("载入演示数据 / loading the demo data", 0);
        let loaded = crate::load(store, hash).await?;
        progress.finish();
        return Ok(Generated {
            plans: vec![loaded.plan_id],
            units: loaded.units.len(),
            accounts: loaded.accounts.len(),
            periods: 1,
            ..Generated::default()
        });
    };
    let demo = demo_data()?;
    let (regions, departments) = directory(&demo.regions, &demo.departments, sizes);
    let dir = Directory {
        city: &demo.city,
        office: &demo.office,
        regions: &regions,
        departments: &departments,
    };
    progress.step("单位与账号 / units and accounts", 0);
    let setup = Change {
        actor: None,
        at: at(Date::new(FIRST_YEAR, 1, 10)),
    };
    let units = load_units(store, &dir, setup).await?;
    let accounts = load_accounts(store, &dir, &units, hash, setup).await?;
    let mut made = Generated {
        units: units.len(),
        accounts: accounts.len(),
        ..Generated::default()
    };
    let ids = |specs: &[UnitSpec]| specs.iter().map(|u| units[&u.code]).collect::<Vec<_>>();
    let people = People {
        region_ids: ids(&regions),
        department_ids: ids(&departments),
        code: units.iter().map(|(code, id)| (*id, code.clone())).collect(),
        accounts,
    };
    let root = Rng::new(seed);
    for y in 0..sizes.years {
        let year = FIRST_YEAR + y as i32;
        let mut rng = root.fork(y as u64 + 1);
        let plan = make_plan(store, &people, sizes, year, &mut rng, progress, &mut made).await?;
        made.plans.push(plan);
        load_months(store, &people, sizes, plan, year, seed, progress, &mut made).await?;
    }
    progress.finish();
    Ok(made)
}

/// The demo's regions and departments first (so that its accounts, tb-jiaoyu and the
/// rest, work on generated data too), then generated ones up to the sizes.
fn directory(
    regions: &[UnitSpec],
    departments: &[UnitSpec],
    sizes: Sizes,
) -> (Vec<UnitSpec>, Vec<UnitSpec>) {
    let extend = |known: &[UnitSpec], n: usize, prefix: &str, name: fn(usize) -> String| {
        let mut all: Vec<UnitSpec> = known.iter().take(n).cloned().collect();
        for k in all.len()..n {
            all.push(UnitSpec {
                code: format!("{prefix}{k:03}"),
                name: name(k - known.len().min(n)),
            });
        }
        all
    };
    (
        extend(regions, sizes.regions, "qx", names::region),
        extend(departments, sizes.departments, "bm", names::department),
    )
}

struct People {
    region_ids: Vec<UnitId>,
    department_ids: Vec<UnitId>,
    code: HashMap<UnitId, String>,
    accounts: HashMap<String, UserId>,
}

impl People {
    fn account(&self, prefix: &str, unit: UnitId) -> UserId {
        self.accounts[&format!("{prefix}-{}", self.code[&unit])]
    }

    fn office(&self) -> UserId {
        self.accounts["ducha"]
    }
}

/// Epoch ms of 09:00 Beijing time on a day.
fn at(d: Option<Date>) -> i64 {
    d.map_or(0, |d| d.days_since_epoch() * 86_400_000 + 3_600_000)
}

async fn make_plan(
    store: &Store,
    people: &People,
    sizes: Sizes,
    year: i32,
    rng: &mut Rng,
    progress: &dyn Progress,
    made: &mut Generated,
) -> Result<PlanId, DemoError> {
    progress.step(
        &format!("{year}年计划结构 / the {year} plan's structure"),
        0,
    );
    let office = Change {
        actor: Some(people.office()),
        at: at(Date::new(year, 1, 15)),
    };
    let fields = PlanFields::parse(
        i64::from(year),
        &format!("{year}年重点民生实事"),
        None,
        None,
    )
    .map_err(|e| crate::loader::invalid("plan", e))?;
    let plan = store.create_plan(&fields, office).await?;
    let structure = structure(people, sizes, rng)?;
    store
        .apply_plan_structure(plan.value.id, &structure, office)
        .await?;
    let approve = Change {
        at: at(Date::new(year, 1, 20)),
        ..office
    };
    store
        .update_plan(
            plan.value.id,
            plan.version,
            &fields,
            PlanState::Approved,
            approve,
        )
        .await?;
    store
        .create_series(plan.value.id, "督查专报", "市政府督查室", 1, approve)
        .await?;
    made.items += structure.items.len();
    made.indicators += structure.indicators.len();
    Ok(plan.value.id)
}

fn structure(people: &People, sizes: Sizes, rng: &mut Rng) -> Result<PlanStructure, DemoError> {
    let areas = (0..sizes.areas)
        .map(|a| AreaRow {
            seq: a as i64 + 1,
            title: names::AREAS[a % names::AREAS.len()].to_string(),
        })
        .collect();
    let mut items = Vec::with_capacity(sizes.items);
    let mut indicators = Vec::with_capacity(sizes.items * 3);
    for i in 0..sizes.items {
        let number = i as i64 + 1;
        let (title, first, unit) = names::work(rng);
        let lead = *rng.pick(&people.department_ids);
        let co: Vec<UnitId> = (0..rng.below(3))
            .map(|_| *rng.pick(&people.department_ids))
            .filter(|u| *u != lead)
            .fold(Vec::new(), |mut v, u| {
                if !v.contains(&u) {
                    v.push(u);
                }
                v
            });
        let regions = if i % 3 == 0 {
            pick_regions(&people.region_ids, sizes.regions_per_item, rng)
        } else {
            Vec::new()
        };
        items.push(ItemRow {
            number,
            area_seq: (i * sizes.areas / sizes.items) as i64 + 1,
            title,
            lead_unit_id: lead,
            co_unit_ids: co,
            region_ids: regions.clone(),
            leader: Some(format!("{}副市长", rng.pick(&names::LEADERS))),
        });
        for seq in 1..=INDICATORS_PER_ITEM {
            let fields = indicator(seq, &first, unit, &regions, rng)?;
            indicators.push(IndicatorRow {
                item_number: number,
                fields,
            });
        }
    }
    Ok(PlanStructure {
        areas,
        items,
        indicators,
    })
}

fn pick_regions(all: &[UnitId], n: usize, rng: &mut Rng) -> Vec<UnitId> {
    let n = n.min(all.len());
    let mut pool = all.to_vec();
    (0..n)
        .map(|_| {
            let k = rng.below(pool.len());
            pool.swap_remove(k)
        })
        .collect()
}

/// An indicator of a generated item: the first counts the item's work; the others are
/// a rate, a ceiling, a stage or a qualitative target, or, for a decomposed item, a
/// second count and a rate over the same regions.
fn indicator(
    seq: i64,
    first: &str,
    unit: &str,
    regions: &[UnitId],
    rng: &mut Rng,
) -> Result<IndicatorFields, DemoError> {
    let int = |x: f64| Decimal::from_int(x.round() as i64);
    let kind = match (seq, regions.is_empty()) {
        (1, _) | (2, false) => "cumulative",
        (3, false) => "rate",
        (2, true) => *rng.pick(&["rate", "ceiling", "stage"]),
        _ if rng.chance(0.75) => "cumulative",
        _ => "qualitative",
    };
    let (name, unit, target, baseline, decimals, stages) = match kind {
        "cumulative" if seq == 1 => (
            first.to_string(),
            unit,
            int(rng.between(50.0, 5000.0)),
            None,
            0,
            None,
        ),
        "cumulative" => (
            format!("{first}(续建)"),
            unit,
            int(rng.between(20.0, 800.0)),
            None,
            0,
            None,
        ),
        "rate" => (
            rng.pick(&names::RATES).to_string(),
            "%",
            Decimal::from_int(rng.below(10) as i64 + 90),
            Some(Decimal::from_int(rng.below(25) as i64 + 60)),
            1,
            None,
        ),
        "ceiling" => (
            rng.pick(&names::CEILINGS).to_string(),
            "%",
            Decimal::from_int(rng.below(4) as i64 + 3),
            None,
            1,
            None,
        ),
        "stage" => (
            format!("{first}项目建设进度"),
            "",
            Decimal::ZERO,
            None,
            0,
            Some(names::STAGES.iter().map(|s| s.to_string()).collect()),
        ),
        _ => (format!("{first}政策落实"), "", Decimal::ZERO, None, 0, None),
    };
    let target = matches!(kind, "cumulative" | "rate" | "ceiling").then_some(target);
    let regions = regional_targets(kind, target, regions, rng);
    // A quarter of the plain counts have a quarterly plan; some put the work late.
    let quarterly = match (kind, regions.is_empty(), target) {
        ("cumulative", true, Some(t)) if rng.chance(0.25) => {
            let shape = if rng.chance(0.3) {
                [0.05, 0.1, 0.3]
            } else {
                [0.2, 0.45, 0.75]
            };
            let part = |s: f64| int(t.to_f64() * s);
            Some([part(shape[0]), part(shape[1]), part(shape[2]), t])
        }
        _ => None,
    };
    IndicatorFields::parse(IndicatorInput {
        seq,
        name: &name,
        kind,
        unit: (!unit.is_empty()).then_some(unit),
        target,
        baseline,
        decimals: Some(decimals),
        stages,
        regions,
        quarterly,
    })
    .map_err(|e| crate::loader::invalid(&name, e))
}

/// Region targets: a count split over the regions by weight, a rate the same
/// everywhere.
fn regional_targets(
    kind: &str,
    target: Option<Decimal>,
    regions: &[UnitId],
    rng: &mut Rng,
) -> Vec<RegionTarget> {
    if regions.is_empty() || !matches!(kind, "cumulative" | "rate") {
        return Vec::new();
    }
    let total = target.map_or(0, |t| t.to_f64() as i64);
    let weights: Vec<f64> = regions.iter().map(|_| rng.between(0.5, 1.5)).collect();
    let sum: f64 = weights.iter().sum();
    // Each region's share is the step of the rounded running total: never negative,
    // and the shares add up to the target exactly however small it is.
    let mut seen = 0.0;
    let mut before = 0;
    regions
        .iter()
        .zip(&weights)
        .map(|(r, w)| {
            seen += w;
            let upto = (total as f64 * seen / sum).round() as i64;
            let share = if kind == "rate" { total } else { upto - before };
            before = upto;
            RegionTarget {
                region_id: *r,
                target: Some(Decimal::from_int(share)),
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn load_months(
    store: &Store,
    people: &People,
    sizes: Sizes,
    plan: PlanId,
    year: i32,
    seed: u64,
    progress: &dyn Progress,
    made: &mut Generated,
) -> Result<(), DemoError> {
    let items = store.plan_items(plan).await?;
    let indicators = store.plan_indicators(plan).await?;
    let mut of_item: HashMap<ItemId, Vec<&Indicator>> = HashMap::new();
    for ind in &indicators {
        of_item.entry(ind.item_id).or_default().push(ind);
    }
    let mut pace_rng = Rng::new(seed).fork(0x5041_4345 + year as u64);
    let paces: HashMap<ItemId, Pace> = items
        .iter()
        .map(|i| (i.id, Pace::draw(&mut pace_rng)))
        .collect();
    progress.step(
        &format!("{year}年报告 / the {year} reports"),
        u64::from(sizes.months),
    );
    for month in 1..=sizes.months {
        let fiscal = FiscalOverview {
            spending: Decimal::from_f64(f64::from(month) * 52.3),
            growth_pct: Decimal::from_f64(6.5),
            share_pct: Decimal::from_f64(79.4),
        };
        let label = format!("{year}-{month:02}");
        let pf = PeriodFields::parse(year, &label, None, None, fiscal)
            .map_err(|e| crate::loader::invalid(&label, e))?;
        let deadline = pf.deadline;
        let opened = Change {
            actor: Some(people.office()),
            at: at(Date::new(year, month, 20)),
        };
        let period = store.create_period(plan, &pf, opened).await?;
        let day = |back: i64| {
            at(Date::from_days_since_epoch(
                deadline.days_since_epoch() + back,
            ))
        };
        let mut reports = Vec::new();
        for item in &items {
            let inds = &of_item[&item.id];
            let pace = paces[&item.id];
            let report = |unit: UnitId, figures: Vec<_>, n: i64| ApprovedReport {
                item: item.id,
                unit,
                figures,
                narrative: None,
                reporter: people.account("tb", unit),
                reviewer: people.account("sh", item.lead_unit_id),
                approver: people.office(),
                submitted_at: day(-2) + n * 60_000,
                reviewed_at: day(-1) + n * 60_000,
                approved_at: day(1) + n * 60_000,
            };
            let lead = inds
                .iter()
                .map(|ind| figures::figure(ind, None, pace, month, seed))
                .collect();
            reports.push(report(item.lead_unit_id, lead, 0));
            for (n, region) in item.region_ids.iter().enumerate() {
                let own = inds
                    .iter()
                    .filter(|ind| ind.regions.iter().any(|r| r.region_id == *region))
                    .map(|ind| figures::figure(ind, Some(*region), pace, month, seed))
                    .collect();
                reports.push(report(*region, own, n as i64 + 1));
            }
        }
        made.reports += reports.len();
        made.figures += reports.iter().map(|r| r.figures.len()).sum::<usize>();
        store
            .load_approved_reports(period.value.id, &reports, Some(people.office()), day(1))
            .await?;
        made.periods += 1;
        // At each quarter's end the office raises a problem on a few lagging items.
        if month % 3 == 0 {
            made.problems += raise_problems(store, people, plan, &items, &paces, deadline).await?;
        }
        progress.advance(1);
    }
    Ok(())
}

async fn raise_problems(
    store: &Store,
    people: &People,
    plan: PlanId,
    items: &[duban_domain::Item],
    paces: &HashMap<ItemId, Pace>,
    deadline: Date,
) -> Result<usize, DemoError> {
    let change = Change {
        actor: Some(people.office()),
        at: at(Some(deadline)),
    };
    let due = Date::from_days_since_epoch(deadline.days_since_epoch() + 30).unwrap_or(deadline);
    let mut n = 0;
    // One lagging item in twenty, at most one problem per twenty items.
    for item in items.iter().filter(|i| paces[&i.id].lags()).step_by(20) {
        let f = ProblemFields {
            item_id: Some(item.id),
            owner_unit_id: item.lead_unit_id,
            title: format!("{}进度滞后", item.title),
            description: "序时进度未达要求,请制定整改措施,明确完成时限。".to_string(),
            deadline: due,
            source: ProblemSource::Office,
            report_id: None,
        };
        store.create_problem(plan, &f, change).await?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_targets_add_up_to_the_target_however_small_and_none_is_negative() {
        let regions: Vec<UnitId> = (1..=12).map(UnitId).collect();
        let mut rng = Rng::new(5);
        for total in 0..60 {
            let t = regional_targets(
                "cumulative",
                Some(Decimal::from_int(total)),
                &regions,
                &mut rng,
            );
            let shares: Vec<i64> = t
                .iter()
                .map(|r| r.target.map_or(-1, |d| d.to_f64() as i64))
                .collect();
            assert_eq!(shares.iter().sum::<i64>(), total, "{shares:?}");
            assert!(shares.iter().all(|s| *s >= 0), "{shares:?}");
        }
    }
}

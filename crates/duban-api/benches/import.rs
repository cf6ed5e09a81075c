//! How fast a large filled template imports: a generated plan whose one lead unit owes
//! 100,000 figures (1,000 items × 100 city-wide indicators: a unit owes one figure per
//! indicator, its region's or, as the lead unit, the city's), its template written
//! filled in, then imported through `run_import` (the path of the API,
//! the pages and the CLI) into a fresh SQLite file and, when `DUBAN_TEST_DATABASE_URL`
//! names a server, a fresh PostgreSQL database. Prints rows, seconds, rows/s and the
//! peak resident memory of each step. Run with
//! `cargo bench -p duban-api --bench import` (a release build); see docs/PERFORMANCE.md.

use std::time::Instant;

use duban_api::auth::Auth;
use duban_api::routes::imports::run_import;
use duban_api::{AppState, Settings};
use duban_domain::indicator::{IndicatorFields, IndicatorInput};
use duban_domain::period::PeriodFields;
use duban_domain::plan::{AreaFields, ItemFields, PlanFields};
use duban_domain::template::{Owed, fill_template};
use duban_domain::{
    Decimal, FiscalOverview, PeriodId, Reading, Role, UnitFields, UnitId, UnitKind,
};
use duban_store::testing::TestDb;
use duban_store::users::NewUser;
use duban_store::{Change, Store};

const ITEMS: i64 = 1_000;
const INDICATORS: i64 = 100;

/// The process's peak resident set (VmHWM) in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn unit(code: &str, name: &str, kind: UnitKind, parent: Option<UnitId>, seq: i64) -> UnitFields {
    UnitFields::parse(code, name, kind.as_str(), parent, seq, true).expect("unit")
}

/// The plan, its units and accounts: the lead unit's reporter and its period.
async fn generate(store: &Store) -> (String, PeriodId) {
    let ch = Change::now(None);
    let add = |f: UnitFields| async move { store.create_unit(&f, ch).await.expect("unit") };
    let city = add(unit("bench-city", "样例市", UnitKind::City, None, 1))
        .await
        .value
        .id;
    let lead = add(unit(
        "bench-dept",
        "样例局",
        UnitKind::Department,
        Some(city),
        50,
    ))
    .await
    .value
    .id;
    let office_unit = add(unit(
        "bench-office",
        "督查室",
        UnitKind::Office,
        Some(city),
        60,
    ))
    .await
    .value
    .id;
    let user = |username: &'static str, role, unit_id| NewUser {
        username,
        display_name: username,
        role,
        unit_id: Some(unit_id),
        password_hash: "$argon2id$v=19$bench",
        demo: false,
        mobile: None,
        id_number: None,
    };
    let office = store
        .create_user(&user("bench-office", Role::Office, office_unit), ch)
        .await
        .expect("office")
        .value
        .id;
    store
        .create_user(
            &user("bench-tianbao", Role::Reporter, lead),
            Change::now(Some(office)),
        )
        .await
        .expect("reporter");
    let ch = Change::now(Some(office));
    let plan = PlanFields::parse(2019, "基准计划", None, None).expect("plan");
    let plan = store.create_plan(&plan, ch).await.expect("plan").value.id;
    let area = AreaFields::parse(1, "基准领域").expect("area");
    let area = store
        .create_area(plan, &area, ch)
        .await
        .expect("area")
        .value
        .id;
    let d = |s: &str| Decimal::parse(s).expect("decimal");
    for n in 1..=ITEMS {
        let title = format!("基准实事{n}");
        let f = ItemFields::parse(area, n, &title, lead, vec![], vec![], None).expect("item");
        let item = store.create_item(&f, ch).await.expect("item").value.id;
        for seq in 1..=INDICATORS {
            let name = format!("指标{seq}");
            let f = IndicatorFields::parse(IndicatorInput {
                seq,
                name: &name,
                kind: "cumulative",
                unit: Some("个"),
                target: Some(d("900")),
                decimals: Some(2),
                ..Default::default()
            })
            .expect("indicator");
            store
                .create_indicator(item, &f, ch)
                .await
                .expect("indicator");
        }
    }
    let fiscal = FiscalOverview {
        spending: None,
        growth_pct: None,
        share_pct: None,
    };
    let period = PeriodFields::parse(2019, "2019-06", None, None, fiscal).expect("period");
    let period = store
        .create_period(plan, &period, ch)
        .await
        .expect("period");
    ("bench-tianbao".into(), period.value.id)
}

/// The lead unit's template for the period, filled in: every figure it owes, with a
/// value of its own.
async fn filled_template(store: &Store, period: PeriodId) -> (Vec<u8>, usize) {
    let p = store.period(period).await.expect("period").value;
    let units = store.all_units().await.expect("units");
    let items = store.plan_items(p.plan_id).await.expect("items");
    let indicators = store.plan_indicators(p.plan_id).await.expect("indicators");
    let lead = units.iter().find(|u| u.code == "bench-dept").expect("lead");
    let mut owed = Vec::new();
    for ind in &indicators {
        let item = items.iter().find(|i| i.id == ind.item_id).expect("item");
        let v = Decimal::parse(&format!("{}.{:02}", ind.seq, ind.id.0 % 100)).expect("value");
        owed.push(Owed {
            item_id: item.id,
            item_number: item.number,
            item_title: &item.title,
            indicator: ind,
            region: None,
            last: Some(Reading::Value(v)),
        });
    }
    let book = fill_template(lead, &p.label.to_string(), &owed);
    let bytes = duban_docs::xlsx::to_xlsx(&book).expect("xlsx");
    (bytes, owed.len())
}

/// One step in a process of its own, so that its peak memory is its own: writes the
/// template to `file`, or imports it (a dry run, the import, the import again).
async fn step(what: &str, url: &str, period: PeriodId, file: &str) {
    let store = Store::open(url).await.expect("store");
    let started = Instant::now();
    if what == "template" {
        let (bytes, rows) = filled_template(&store, period).await;
        std::fs::write(file, &bytes).expect("write the template");
        let took = started.elapsed().as_secs_f64();
        println!(
            "  template written: {rows} rows, {:.1} MiB, {took:.2} s, {:.0} rows/s, peak {:.0} MiB",
            bytes.len() as f64 / 1_048_576.0,
            rows as f64 / took,
            peak_mib()
        );
        store.close().await;
        return;
    }
    let (user, _) = store
        .user_for_login("bench-tianbao")
        .await
        .expect("user")
        .expect("reporter");
    let auth = Auth {
        user: user.value,
        secret_hash: String::new(),
        restriction: None,
    };
    let state = AppState::new(store.clone(), Settings::default());
    // The file is read as the CLI reads it, within the step.
    let bytes = std::fs::read(file).expect("read the template");
    let view = run_import(&state, &auth, period, &bytes, what == "dry-run")
        .await
        .unwrap_or_else(|e| panic!("{what}: {e:?}"));
    let took = started.elapsed().as_secs_f64();
    let rows = view.items.iter().map(|i| i.changes.len()).sum::<usize>();
    println!(
        "  {what}: {} items, {rows} figures changed, {took:.2} s, {:.0} rows/s, peak {:.0} MiB \
         ({} created, {} updated, {} unchanged)",
        view.items.len(),
        ROWS as f64 / took,
        peak_mib(),
        view.created,
        view.updated,
        view.unchanged
    );
    store.close().await;
}

const ROWS: i64 = ITEMS * INDICATORS;

async fn bench(db: &TestDb) {
    // Generating the plan takes minutes: a SQLite copy of it may be kept and reused.
    let seed = std::env::var_os("DUBAN_BENCH_SEED").map(std::path::PathBuf::from);
    let file = db
        .url
        .strip_prefix("sqlite://")
        .map(std::path::PathBuf::from);
    let store = Store::open(&db.url).await.expect("store");
    let period = match (&seed, &file) {
        (Some(seed), Some(file)) if seed.exists() => {
            store.close().await;
            std::fs::copy(seed, file).expect("copy the seed");
            let store = Store::open(&db.url).await.expect("store");
            let plan = store.plans(None, Default::default()).await.expect("plans");
            let plan = plan.items.first().expect("a plan").value.id;
            let period = store.periods(plan).await.expect("periods")[0].value.id;
            store.close().await;
            println!("{db}: plan copied from {}", seed.display());
            period
        }
        _ => {
            let started = Instant::now();
            let (_, period) = generate(&store).await;
            println!(
                "{db}: plan of {ROWS} figures generated in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            store.close().await;
            if let (Some(seed), Some(file)) = (&seed, &file) {
                std::fs::copy(file, seed).expect("keep the seed");
            }
            period
        }
    };
    let xlsx = std::env::temp_dir().join(format!("duban-bench-import-{}.xlsx", std::process::id()));
    let exe = std::env::current_exe().expect("this program");
    for what in ["template", "dry-run", "import", "re-import"] {
        let ok = std::process::Command::new(&exe)
            .args(["step", what, &db.url, &period.0.to_string()])
            .arg(&xlsx)
            .status()
            .expect("run a step");
        assert!(ok.success(), "{what} failed");
    }
    let _ = std::fs::remove_file(&xlsx);
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, s, what, url, period, file] = &args[..]
        && s == "step"
    {
        let period = PeriodId(period.parse().expect("period"));
        return step(what, url, period, file).await;
    }
    for db in TestDb::all().await {
        bench(&db).await;
    }
}

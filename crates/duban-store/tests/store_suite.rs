//! The store's story tests. Every test runs unchanged on SQLite and, when
//! `DUBAN_TEST_DATABASE_URL` is set, on PostgreSQL too, each in a fresh database of its
//! own (see `duban_store::testing`). Times are explicit (`Change { actor, at }`), so
//! "as of" questions have exact answers.

use std::fmt::Debug;
use std::ops::Deref;

use duban_domain::checks::{Rule, Warning};
use duban_domain::funding::{FundingLine, FundingSource, Funds};
use duban_domain::indicator::{IndicatorFields, IndicatorInput};
use duban_domain::period::PeriodFields;
use duban_domain::plan::{AreaFields, ItemFields, PlanFields};
use duban_domain::{
    AreaId, Date, Decimal, Figure, FiscalOverview, Indicator, IndicatorId, Item, ItemId, PeriodId,
    PeriodState, PlanId, PlanState, QuarterlyPlan, Reading, RegionTarget, ReportId, ReportState,
    Role, Status, Thresholds, Unit, UnitFields, UnitId, UnitKind, UserId,
};
use duban_store::cipher::{DataCipher, DataKey, Sm4Cipher};
use duban_store::items::ItemFilter;
use duban_store::reports::{DraftWrite, ReportAction, ReportContent, ReportFilter, SourcedFigure};
use duban_store::testing::TestDb;
use duban_store::units::UnitFilter;
use duban_store::users::{NewUser, SessionKind};
use duban_store::{Change, Dialect, Page, Store, StoreError};
use serde_json::json;
use sqlx::Connection;

// ---------------------------------------------------------------------------------
// Running one story on every database
// ---------------------------------------------------------------------------------

/// An open store on one test database. Says which database a failure happened on.
struct Case {
    store: Store,
    db: TestDb,
}

impl Case {
    async fn open(db: TestDb) -> Case {
        println!("-- running on {db}");
        let store = Store::open(&db.url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {db}: {e}"))
            .with_data_cipher(data_cipher());
        Case { store, db }
    }
}

/// A cipher with a new random key, as `duban keygen` makes.
fn data_cipher() -> std::sync::Arc<dyn DataCipher> {
    std::sync::Arc::new(Sm4Cipher::new(&ok(DataKey::generate())))
}

impl Deref for Case {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("!! the failure above happened on {}", self.db);
        }
    }
}

// ---------------------------------------------------------------------------------
// Clock, values and assertions
// ---------------------------------------------------------------------------------

/// 2019-06-01T00:00:00Z: fixtures are written at T0, story steps minutes later.
const T0: i64 = 1_559_347_200_000;

/// `minute` minutes after T0.
fn t(minute: i64) -> i64 {
    T0 + minute * 60_000
}

/// A change by `actor` at `minute`.
fn by(actor: UserId, minute: i64) -> Change {
    Change {
        actor: Some(actor),
        at: t(minute),
    }
}

/// A change by nobody in particular (bootstrap) at `minute`.
fn sys(minute: i64) -> Change {
    Change {
        actor: None,
        at: t(minute),
    }
}

fn d(s: &str) -> Decimal {
    Decimal::parse(s).unwrap_or_else(|| panic!("bad decimal literal {s:?}"))
}

const UNKNOWN: i64 = 999_999;

#[track_caller]
fn ok<T, E: Debug>(r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("unexpected error: {e:?}"),
    }
}

#[track_caller]
fn assert_conflict<T: Debug>(r: Result<T, StoreError>, code: &str) {
    match r {
        Err(StoreError::Conflict { code: c, zh, en }) if c == code => {
            assert!(
                !zh.is_empty() && !en.is_empty(),
                "conflict {code} needs both messages"
            );
        }
        other => panic!("expected conflict {code:?}, got {other:?}"),
    }
}

#[track_caller]
fn assert_stale<T: Debug>(r: Result<T, StoreError>, entity: &str, current: i64) {
    match r {
        Err(StoreError::Stale {
            entity: e,
            current: c,
            ..
        }) if e == entity && c == current => {}
        other => panic!("expected {entity} stale at version {current}, got {other:?}"),
    }
}

#[track_caller]
fn assert_not_found<T: Debug>(r: Result<T, StoreError>, entity: &str) {
    match r {
        Err(StoreError::NotFound { entity: e, id }) if e == entity && id == UNKNOWN => {}
        other => panic!("expected {entity} {UNKNOWN} not found, got {other:?}"),
    }
}

#[track_caller]
fn assert_invalid<T: Debug>(r: Result<T, StoreError>, field: &str, code: &str) {
    match r {
        Err(StoreError::Invalid(inv))
            if inv.0.iter().any(|e| e.field == field && e.code == code) => {}
        other => panic!("expected invalid {field}: {code}, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------
// Fixtures: a city, its people, a plan
// ---------------------------------------------------------------------------------

struct City {
    city: UnitId,
    lanshan: UnitId,
    luozhuang: UnitId,
    /// 市人社局: leads the jobs item.
    hrss: UnitId,
    /// 市卫健委: co-responsible for the jobs item.
    health: UnitId,
    /// 市交通运输局: leads the roads item, nothing to do with jobs.
    transport: UnitId,
    office: UnitId,
}

fn unit_fields(
    code: &str,
    name: &str,
    kind: UnitKind,
    parent: Option<UnitId>,
    seq: i64,
) -> UnitFields {
    ok(UnitFields::parse(
        code,
        name,
        kind.as_str(),
        parent,
        seq,
        true,
    ))
}

async fn add_unit(
    s: &Store,
    code: &str,
    name: &str,
    kind: UnitKind,
    parent: Option<UnitId>,
    seq: i64,
) -> UnitId {
    ok(
        s.create_unit(&unit_fields(code, name, kind, parent, seq), sys(0))
            .await,
    )
    .value
    .id
}

async fn city(s: &Store) -> City {
    let city = add_unit(s, "linyi", "临沂市", UnitKind::City, None, 1).await;
    let p = Some(city);
    City {
        city,
        lanshan: add_unit(s, "lanshan", "兰山区", UnitKind::Region, p, 2).await,
        luozhuang: add_unit(s, "luozhuang", "罗庄区", UnitKind::Region, p, 3).await,
        hrss: add_unit(
            s,
            "hrss",
            "市人力资源社会保障局",
            UnitKind::Department,
            p,
            10,
        )
        .await,
        health: add_unit(s, "health", "市卫生健康委", UnitKind::Department, p, 11).await,
        transport: add_unit(s, "transport", "市交通运输局", UnitKind::Department, p, 12).await,
        office: add_unit(s, "office", "市政府督查室", UnitKind::Office, p, 20).await,
    }
}

struct People {
    /// 督查室: reviews and approves.
    office: UserId,
    /// The jobs item's lead unit's reporter.
    hrss: UserId,
    lanshan: UserId,
    transport: UserId,
}

async fn add_user(
    s: &Store,
    username: &str,
    role: Role,
    unit: UnitId,
    actor: Option<UserId>,
) -> UserId {
    let n = NewUser {
        username,
        display_name: username,
        role,
        unit_id: Some(unit),
        password_hash: "$argon2id$v=19$fixture",
        demo: false,
        mobile: None,
        id_number: None,
    };
    ok(s.create_user(&n, Change { actor, at: t(0) }).await)
        .value
        .id
}

async fn people(s: &Store, c: &City) -> People {
    let office = add_user(s, "duchashi", Role::Office, c.office, None).await;
    People {
        office,
        hrss: add_user(s, "hrss.tianbao", Role::Reporter, c.hrss, Some(office)).await,
        lanshan: add_user(
            s,
            "lanshan.tianbao",
            Role::Reporter,
            c.lanshan,
            Some(office),
        )
        .await,
        transport: add_user(
            s,
            "jiaotong.tianbao",
            Role::Reporter,
            c.transport,
            Some(office),
        )
        .await,
    }
}

struct PlanFx {
    plan: PlanId,
    areas: [AreaId; 2],
    /// 第1项 稳定和扩大就业: lead hrss, co health, regions lanshan and luozhuang.
    jobs_item: ItemId,
    /// 第2项 农村公路: lead transport, city-wide.
    roads_item: ItemId,
    /// Cumulative 5.01万人, split 2.5 + 2.51 over the regions, with a quarterly plan.
    jobs: IndicatorId,
    /// Stage indicator over both regions.
    schools: IndicatorId,
    /// Qualitative.
    care: IndicatorId,
    /// Cumulative 239.1公里 with a quarterly plan.
    roads: IndicatorId,
    /// 2019-05, open.
    period: PeriodId,
}

fn plan_fields(year: i32, title: &str) -> PlanFields {
    ok(PlanFields::parse(year.into(), title, None, None))
}

fn jobs_item_fields(area: AreaId, c: &City) -> ItemFields {
    ok(ItemFields::parse(
        area,
        1,
        "稳定和扩大就业",
        c.hrss,
        vec![c.health],
        vec![c.lanshan, c.luozhuang],
        Some("分管副市长"),
    ))
}

fn roads_item_fields(area: AreaId, c: &City) -> ItemFields {
    ok(ItemFields::parse(
        area,
        2,
        "新改建农村公路",
        c.transport,
        vec![],
        vec![],
        None,
    ))
}

/// The jobs indicator with a total target split over the two regions; the quarterly
/// plan ends on the target.
fn jobs_fields(c: &City, target: &str, lanshan: &str, luozhuang: &str) -> IndicatorFields {
    ok(IndicatorFields::parse(IndicatorInput {
        seq: 1,
        name: "城镇新增就业",
        kind: "cumulative",
        unit: Some("万人"),
        target: Some(d(target)),
        decimals: Some(2),
        regions: vec![
            RegionTarget {
                region_id: c.lanshan,
                target: Some(d(lanshan)),
            },
            RegionTarget {
                region_id: c.luozhuang,
                target: Some(d(luozhuang)),
            },
        ],
        quarterly: Some([d("1.2"), d("2.5"), d("3.8"), d(target)]),
        ..Default::default()
    }))
}

fn schools_fields(c: &City) -> IndicatorFields {
    ok(IndicatorFields::parse(IndicatorInput {
        seq: 2,
        name: "特殊教育学校建设",
        kind: "stage",
        unit: Some("所"),
        regions: vec![
            RegionTarget {
                region_id: c.lanshan,
                target: None,
            },
            RegionTarget {
                region_id: c.luozhuang,
                target: None,
            },
        ],
        ..Default::default()
    }))
}

fn care_fields() -> IndicatorFields {
    ok(IndicatorFields::parse(IndicatorInput {
        seq: 3,
        name: "困难群众应补尽补",
        kind: "qualitative",
        ..Default::default()
    }))
}

fn roads_fields() -> IndicatorFields {
    ok(IndicatorFields::parse(IndicatorInput {
        seq: 1,
        name: "新改建农村公路",
        kind: "cumulative",
        unit: Some("公里"),
        target: Some(d("239.1")),
        quarterly: Some([d("50"), d("120.5"), d("180"), d("239.1")]),
        ..Default::default()
    }))
}

fn period_fields(label: &str) -> PeriodFields {
    let fiscal = FiscalOverview {
        spending: Some(d("248.2")),
        growth_pct: Some(d("3.6")),
        share_pct: Some(d("81.4")),
    };
    ok(PeriodFields::parse(2019, label, None, None, fiscal))
}

async fn plan(s: &Store, c: &City, office: UserId) -> PlanFx {
    let ch = by(office, 0);
    let plan = ok(s
        .create_plan(&plan_fields(2019, "2019年20项重点民生实事"), ch)
        .await)
    .value
    .id;
    let area = |seq, title| ok(AreaFields::parse(seq, title));
    let a1 = ok(s.create_area(plan, &area(1, "就业和社会保障"), ch).await)
        .value
        .id;
    let a2 = ok(s.create_area(plan, &area(2, "城乡基础设施"), ch).await)
        .value
        .id;
    let jobs_item = ok(s.create_item(&jobs_item_fields(a1, c), ch).await)
        .value
        .id;
    let roads_item = ok(s.create_item(&roads_item_fields(a2, c), ch).await)
        .value
        .id;
    let jobs = ok(s
        .create_indicator(jobs_item, &jobs_fields(c, "5.01", "2.5", "2.51"), ch)
        .await);
    let schools = ok(s.create_indicator(jobs_item, &schools_fields(c), ch).await);
    let care = ok(s.create_indicator(jobs_item, &care_fields(), ch).await);
    let roads = ok(s.create_indicator(roads_item, &roads_fields(), ch).await);
    let period = ok(s.create_period(plan, &period_fields("2019-05"), ch).await);
    PlanFx {
        plan,
        areas: [a1, a2],
        jobs_item,
        roads_item,
        jobs: jobs.value.id,
        schools: schools.value.id,
        care: care.value.id,
        roads: roads.value.id,
        period: period.value.id,
    }
}

struct World {
    c: City,
    u: People,
    p: PlanFx,
}

async fn world(s: &Store) -> World {
    let c = city(s).await;
    let u = people(s, &c).await;
    let p = plan(s, &c, u.office).await;
    World { c, u, p }
}

fn as_indicator(id: IndicatorId, item: ItemId, f: &IndicatorFields) -> Indicator {
    Indicator {
        id,
        item_id: item,
        seq: f.seq,
        name: f.name.clone(),
        kind: f.kind,
        unit: f.unit.clone(),
        target: f.target,
        baseline: f.baseline,
        decimals: f.decimals,
        stages: f.stages.clone(),
        regions: f.regions.clone(),
        quarterly: f.quarterly,
    }
}

fn value(ind: IndicatorId, region: Option<UnitId>, v: &str) -> Figure {
    Figure {
        indicator_id: ind,
        region_id: region,
        reading: Reading::Value(d(v)),
    }
}

fn content(figures: Vec<Figure>, narrative: &str) -> ReportContent {
    ReportContent {
        figures,
        narrative: Some(narrative.to_string()),
        funding: Vec::new(),
    }
}

/// Figures in the order the store returns them: by indicator, then region (city-wide
/// first).
fn sorted(mut figures: Vec<Figure>) -> Vec<Figure> {
    figures.sort_by_key(|f| (f.indicator_id, f.region_id.map_or(0, |r| r.0)));
    figures
}

fn figures_of(sourced: &[SourcedFigure]) -> Vec<Figure> {
    sourced.iter().map(|f| f.figure).collect()
}

/// The jobs lead unit's report as first written, and as revised.
fn hrss_v1(p: &PlanFx) -> ReportContent {
    content(vec![value(p.jobs, None, "2.3")], "1-5月城镇新增就业2.3万人")
}

fn hrss_v2(p: &PlanFx) -> ReportContent {
    content(
        vec![
            value(p.jobs, None, "2.35"),
            Figure {
                indicator_id: p.care,
                region_id: None,
                reading: Reading::Assessment(Status::OnTrack),
            },
        ],
        "1-5月城镇新增就业2.35万人,困难群众应补尽补",
    )
}

/// Creates, submits, reviews and (by the office) approves the lead unit's report with
/// `hrss_v2`'s figures as its content version 1: created at minute 10, submitted at 11,
/// reviewed and approved at 12 by the office (the store leaves roles to the API). The
/// report is then at version 4.
async fn approved_hrss_report(s: &Store, w: &World) -> ReportId {
    let r = ok(s
        .create_report(
            w.p.period,
            w.p.jobs_item,
            w.c.hrss,
            &hrss_v2(&w.p),
            by(w.u.hrss, 10),
        )
        .await);
    let id = r.value.id;
    ok(
        s.report_action(id, 1, ReportAction::Submit, None, &[], by(w.u.hrss, 11))
            .await,
    );
    ok(
        s.report_action(id, 2, ReportAction::Review, None, &[], by(w.u.office, 12))
            .await,
    );
    ok(
        s.report_action(id, 3, ReportAction::Approve, None, &[], by(w.u.office, 12))
            .await,
    );
    id
}

// ---------------------------------------------------------------------------------
// Opening and migrating
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn migrating_an_up_to_date_database_again_changes_nothing() {
    for db in TestDb::all().await {
        let fresh = ok(Store::connect(&db.url).await);
        assert_eq!(fresh.dialect(), db.dialect());
        assert_eq!(
            ok(fresh.migrate().await),
            21,
            "a fresh database takes every migration"
        );
        assert_eq!(ok(fresh.migrate().await), 0);
        fresh.close().await;

        let s = Case::open(db).await;
        ok(s.ping().await);
        assert_eq!(ok(s.migrate().await), 0);
        let lanshan = add_unit(&s, "lanshan", "兰山区", UnitKind::Region, None, 1).await;

        // Opening again (another instance starting) migrates nothing and keeps the data.
        let again = ok(Store::open(&s.db.url).await);
        assert_eq!(ok(again.migrate().await), 0);
        assert_eq!(ok(again.unit(lanshan).await).value.name, "兰山区");
        assert_eq!(ok(again.history("unit", lanshan.0).await).len(), 1);
        again.close().await;
    }
}

#[tokio::test]
async fn each_database_is_the_dialect_its_url_names() {
    for db in TestDb::all().await {
        let expected = if db.url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else {
            Dialect::Postgres
        };
        let s = Case::open(db).await;
        assert_eq!(s.dialect(), expected);
    }
}

#[tokio::test]
async fn an_unknown_url_scheme_is_refused_without_repeating_the_password() {
    let e = Store::connect("mysql://root:hunter2@db.example/duban")
        .await
        .expect_err("mysql is not supported");
    assert!(matches!(&e, StoreError::BadUrl(s) if s == "mysql"), "{e:?}");
    assert!(!e.to_string().contains("hunter2"), "{e}");
}

#[tokio::test]
async fn a_closed_store_reports_its_database_unavailable() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        ok(s.ping().await);
        s.close().await;
        let e = s.ping().await.expect_err("a closed pool refuses");
        assert!(e.is_unavailable(), "{e:?}");
    }
}

// ---------------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn units_are_created_read_listed_by_kind_and_parent_and_paged() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;

        let lanshan = ok(s.unit(c.lanshan).await);
        assert_eq!(
            lanshan.value,
            Unit {
                id: c.lanshan,
                code: "lanshan".into(),
                name: "兰山区".into(),
                kind: UnitKind::Region,
                parent_id: Some(c.city),
                seq: 2,
                active: true,
            }
        );
        assert_eq!(
            (lanshan.version, lanshan.created_at, lanshan.updated_at),
            (1, t(0), t(0))
        );
        assert_eq!(
            ok(s.unit_by_code("lanshan").await).map(|u| u.value.id),
            Some(c.lanshan)
        );
        assert_eq!(ok(s.unit_by_code("nowhere").await), None);
        assert_not_found(s.unit(UnitId(UNKNOWN)).await, "unit");

        let ids = |p: duban_store::Paged<duban_store::Versioned<Unit>>| {
            (
                p.items.iter().map(|u| u.value.id).collect::<Vec<_>>(),
                p.total,
            )
        };
        let regions = UnitFilter {
            kind: Some(UnitKind::Region),
            parent_id: None,
        };
        assert_eq!(
            ids(ok(s.units(&regions, Page::default()).await)),
            (vec![c.lanshan, c.luozhuang], 2)
        );
        let under_city = UnitFilter {
            kind: None,
            parent_id: Some(c.city),
        };
        assert_eq!(ok(s.units(&under_city, Page::default()).await).total, 6);
        let departments_under_city = UnitFilter {
            kind: Some(UnitKind::Department),
            parent_id: Some(c.city),
        };
        assert_eq!(
            ids(ok(s.units(&departments_under_city, Page::default()).await)),
            (vec![c.hrss, c.health, c.transport], 3)
        );

        // Pages of two, in display order (by seq).
        let all = UnitFilter::default();
        let page = |n| Page {
            page: n,
            per_page: 2,
        };
        let p1 = ok(s.units(&all, page(1)).await);
        assert_eq!((p1.page, p1.per_page), (1, 2));
        assert_eq!(ids(p1), (vec![c.city, c.lanshan], 7));
        assert_eq!(
            ids(ok(s.units(&all, page(2)).await)),
            (vec![c.luozhuang, c.hrss], 7)
        );
        assert_eq!(ids(ok(s.units(&all, page(4)).await)), (vec![c.office], 7));
        assert_eq!(ids(ok(s.units(&all, page(5)).await)), (vec![], 7));
        // Out-of-range paging is clamped rather than refused.
        let clamped = ok(s
            .units(
                &all,
                Page {
                    page: 0,
                    per_page: 0,
                },
            )
            .await);
        assert_eq!(
            (clamped.page, clamped.per_page, clamped.items.len()),
            (1, 1, 1)
        );
        let huge = ok(s
            .units(
                &all,
                Page {
                    page: 1,
                    per_page: 1_000_000,
                },
            )
            .await);
        assert_eq!((huge.per_page, huge.items.len()), (Page::MAX_PER_PAGE, 7));

        let everything = ok(s.all_units().await);
        assert_eq!(everything.len(), 7);
        assert_eq!(everything[0].id, c.city);
        assert_eq!(everything[6].id, c.office);
    }
}

#[tokio::test]
async fn a_unit_update_with_the_current_version_bumps_it_and_a_stale_one_changes_nothing() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let renamed = unit_fields(
            "lanshan",
            "兰山区(含开发区)",
            UnitKind::Region,
            Some(c.city),
            2,
        );
        let v2 = ok(s.update_unit(c.lanshan, 1, &renamed, sys(5)).await);
        assert_eq!(v2.value.name, "兰山区(含开发区)");
        assert_eq!((v2.version, v2.created_at, v2.updated_at), (2, t(0), t(5)));

        let other = unit_fields("lanshan", "别的名字", UnitKind::Region, Some(c.city), 2);
        assert_stale(s.update_unit(c.lanshan, 1, &other, sys(6)).await, "unit", 2);
        let now = ok(s.unit(c.lanshan).await);
        assert_eq!(
            (now.version, now.value.name.as_str()),
            (2, "兰山区(含开发区)")
        );
        assert_eq!(ok(s.history("unit", c.lanshan.0).await).len(), 2);

        assert_not_found(
            s.update_unit(UnitId(UNKNOWN), 1, &other, sys(7)).await,
            "unit",
        );
    }
}

#[tokio::test]
async fn unit_codes_are_unique_and_a_parent_must_exist_and_be_another_unit() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let dup = unit_fields("lanshan", "另一个兰山", UnitKind::Region, Some(c.city), 9);
        assert_conflict(s.create_unit(&dup, sys(1)).await, "duplicate_code");
        let taking = unit_fields("lanshan", "罗庄区", UnitKind::Region, Some(c.city), 3);
        assert_conflict(
            s.update_unit(c.luozhuang, 1, &taking, sys(1)).await,
            "duplicate_code",
        );
        assert_eq!(ok(s.unit(c.luozhuang).await).value.code, "luozhuang");

        let orphan = unit_fields(
            "hedong",
            "河东区",
            UnitKind::Region,
            Some(UnitId(UNKNOWN)),
            4,
        );
        assert_invalid(
            s.create_unit(&orphan, sys(1)).await,
            "parent_id",
            "unknown_id",
        );
        let own = unit_fields("lanshan", "兰山区", UnitKind::Region, Some(c.lanshan), 2);
        assert_conflict(
            s.update_unit(c.lanshan, 1, &own, sys(1)).await,
            "own_parent",
        );
        assert_eq!(ok(s.all_units().await).len(), 7);
    }
}

#[tokio::test]
async fn every_unit_version_is_in_its_history_and_readable_as_of_a_past_time() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let admin = add_user(&s, "admin", Role::SysAdmin, c.office, None).await;
        let f = |name: &str, active| UnitFields {
            active,
            ..unit_fields("lanshan", name, UnitKind::Region, Some(c.city), 2)
        };
        ok(
            s.update_unit(c.lanshan, 1, &f("兰山区政府", true), by(admin, 10))
                .await,
        );
        ok(
            s.update_unit(c.lanshan, 2, &f("兰山区政府", false), by(admin, 20))
                .await,
        );

        let h = ok(s.history("unit", c.lanshan.0).await);
        let rows: Vec<_> = h.iter().map(|e| (e.version, e.at, e.actor_id)).collect();
        assert_eq!(
            rows,
            vec![
                (1, t(0), None),
                (2, t(10), Some(admin.0)),
                (3, t(20), Some(admin.0))
            ]
        );
        assert_eq!(h[0].data["name"], "兰山区");
        assert_eq!(h[2].data["active"], false);
        assert!(ok(s.history("unit", UNKNOWN).await).is_empty());

        let at = |ms| s.as_of::<Unit>("unit", c.lanshan.0, ms);
        assert_eq!(ok(at(t(0) - 1).await), None, "it did not exist yet");
        let (v, u) = ok(at(t(0)).await).expect("created at t0");
        assert_eq!((v, u.name.as_str(), u.active), (1, "兰山区", true));
        let (v, u) = ok(at(t(15)).await).expect("renamed");
        assert_eq!((v, u.name.as_str(), u.active), (2, "兰山区政府", true));
        let (v, u) = ok(at(i64::MAX).await).expect("now");
        assert_eq!((v, u.active), (3, false));
        assert_eq!(u, ok(s.unit(c.lanshan).await).value);
    }
}

// ---------------------------------------------------------------------------------
// Plans and areas
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn plans_are_created_listed_newest_first_and_updated_with_versions() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let off = people(&s, &c).await.office;
        let p19 = ok(s
            .create_plan(&plan_fields(2019, "2019年20项重点民生实事"), by(off, 1))
            .await);
        assert_eq!(
            (p19.value.state, p19.value.thresholds, p19.version),
            (PlanState::Draft, Thresholds::default(), 1)
        );
        let f20 = ok(PlanFields::parse(
            2020,
            "2020年重点民生实事",
            Some(d("12.5")),
            Some(d("35")),
        ));
        let p20 = ok(s.create_plan(&f20, by(off, 2)).await);
        assert_eq!(p20.value.thresholds.lagging, d("12.5"));
        assert_eq!(
            ok(s.plan(p20.value.id).await).value.thresholds.serious,
            d("35")
        );
        assert_not_found(s.plan(PlanId(UNKNOWN)).await, "plan");

        let years = |p: duban_store::Paged<duban_store::Versioned<duban_domain::Plan>>| {
            (
                p.items.iter().map(|p| p.value.year).collect::<Vec<_>>(),
                p.total,
            )
        };
        assert_eq!(
            years(ok(s.plans(None, Page::default()).await)),
            (vec![2020, 2019], 2)
        );
        assert_eq!(
            years(ok(s.plans(Some(2019), Page::default()).await)),
            (vec![2019], 1)
        );
        assert_eq!(
            years(ok(s.plans(Some(2021), Page::default()).await)),
            (vec![], 0)
        );
        assert_eq!(
            years(ok(s
                .plans(
                    None,
                    Page {
                        page: 2,
                        per_page: 1
                    }
                )
                .await)),
            (vec![2019], 2)
        );

        let retitled = plan_fields(2019, "临沂市2019年20项重点民生实事");
        let v2 = ok(s
            .update_plan(p19.value.id, 1, &retitled, PlanState::Draft, by(off, 5))
            .await);
        assert_eq!(
            (v2.version, v2.value.title.as_str()),
            (2, "临沂市2019年20项重点民生实事")
        );
        assert_eq!((v2.created_at, v2.updated_at), (t(1), t(5)));
        assert_stale(
            s.update_plan(
                p19.value.id,
                1,
                &plan_fields(2019, "x"),
                PlanState::Draft,
                by(off, 6),
            )
            .await,
            "plan",
            2,
        );
        assert_eq!(
            ok(s.plan(p19.value.id).await).value.title,
            "临沂市2019年20项重点民生实事"
        );
        assert_not_found(
            s.update_plan(PlanId(UNKNOWN), 1, &retitled, PlanState::Draft, by(off, 6))
                .await,
            "plan",
        );

        let h = ok(s.history("plan", p19.value.id.0).await);
        assert_eq!(h.iter().map(|e| e.version).collect::<Vec<_>>(), vec![1, 2]);
        let (v, old) = ok(s
            .as_of::<duban_domain::Plan>("plan", p19.value.id.0, t(4))
            .await)
        .expect("existed");
        assert_eq!((v, old.title.as_str()), (1, "2019年20项重点民生实事"));
    }
}

#[tokio::test]
async fn a_plan_with_periods_keeps_its_year() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let moved = plan_fields(2020, "2019年20项重点民生实事");
        assert_conflict(
            s.update_plan(w.p.plan, 1, &moved, PlanState::Draft, by(w.u.office, 5))
                .await,
            "year_fixed",
        );
        assert_eq!(ok(s.plan(w.p.plan).await).value.year, 2019);
        // Without periods the year may still change.
        let other = ok(s
            .create_plan(&plan_fields(2020, "草案"), by(w.u.office, 5))
            .await);
        let v2 = ok(s
            .update_plan(
                other.value.id,
                1,
                &plan_fields(2021, "草案"),
                PlanState::Draft,
                by(w.u.office, 6),
            )
            .await);
        assert_eq!(v2.value.year, 2021);
    }
}

#[tokio::test]
async fn areas_are_listed_in_plan_order_and_updated_with_versions() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let off = people(&s, &c).await.office;
        let plan = ok(s.create_plan(&plan_fields(2019, "计划"), by(off, 1)).await)
            .value
            .id;
        let f = |seq, title| ok(AreaFields::parse(seq, title));
        let second = ok(s.create_area(plan, &f(2, "城乡基础设施"), by(off, 2)).await);
        let first = ok(s
            .create_area(plan, &f(1, "就业和社会保障"), by(off, 3))
            .await);
        assert_eq!(second.value.plan_id, plan);
        let order: Vec<_> = ok(s.areas(plan).await).iter().map(|a| a.value.id).collect();
        assert_eq!(order, vec![first.value.id, second.value.id]);
        assert_eq!(
            ok(s.area(first.value.id).await).value.title,
            "就业和社会保障"
        );
        assert_not_found(s.area(AreaId(UNKNOWN)).await, "area");
        assert_not_found(
            s.create_area(PlanId(UNKNOWN), &f(1, "x"), by(off, 3)).await,
            "plan",
        );

        let v2 = ok(s
            .update_area(second.value.id, 1, &f(3, "城乡基础设施建设"), by(off, 4))
            .await);
        assert_eq!((v2.version, v2.value.seq, v2.value.plan_id), (2, 3, plan));
        assert_stale(
            s.update_area(second.value.id, 1, &f(4, "x"), by(off, 5))
                .await,
            "area",
            2,
        );
        assert_not_found(
            s.update_area(AreaId(UNKNOWN), 1, &f(4, "x"), by(off, 5))
                .await,
            "area",
        );
        assert_eq!(
            ok(s.area(second.value.id).await).value.title,
            "城乡基础设施建设"
        );
        let h = ok(s.history("area", second.value.id.0).await);
        assert_eq!(
            h.iter().map(|e| (e.version, e.at)).collect::<Vec<_>>(),
            vec![(1, t(2)), (2, t(4))]
        );
    }
}

// ---------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn items_keep_their_units_in_order_and_are_found_by_plan_area_and_unit() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p) = (&w.c, &w.p);
        let jobs = ok(s.item(p.jobs_item).await);
        assert_eq!(
            jobs.value,
            Item {
                id: p.jobs_item,
                plan_id: p.plan,
                area_id: p.areas[0],
                number: 1,
                title: "稳定和扩大就业".into(),
                lead_unit_id: c.hrss,
                co_unit_ids: vec![c.health],
                region_ids: vec![c.lanshan, c.luozhuang],
                leader: Some("分管副市长".into()),
            }
        );
        assert_eq!(jobs.version, 1);
        assert_not_found(s.item(ItemId(UNKNOWN)).await, "item");

        let st: &Store = &s;
        let found = move |f: ItemFilter, page: Page| async move {
            let r = ok(st.items(&f, page).await);
            (
                r.items.iter().map(|i| i.value.id).collect::<Vec<_>>(),
                r.total,
            )
        };
        let all = Page::default();
        let both = vec![p.jobs_item, p.roads_item];
        let plan_f = ItemFilter {
            plan_id: Some(p.plan),
            ..Default::default()
        };
        assert_eq!(found(plan_f.clone(), all).await, (both.clone(), 2));
        let area_f = ItemFilter {
            area_id: Some(p.areas[1]),
            ..Default::default()
        };
        assert_eq!(found(area_f, all).await, (vec![p.roads_item], 1));
        for (unit, expected) in [
            (c.hrss, vec![p.jobs_item]),
            (c.health, vec![p.jobs_item]),
            (c.luozhuang, vec![p.jobs_item]),
            (c.transport, vec![p.roads_item]),
            (c.office, vec![]),
        ] {
            let f = ItemFilter {
                unit_id: Some(unit),
                ..Default::default()
            };
            let n = expected.len() as i64;
            assert_eq!(found(f, all).await, (expected, n), "items of unit {unit}");
        }
        let one = |n| Page {
            page: n,
            per_page: 1,
        };
        assert_eq!(found(plan_f.clone(), one(1)).await, (vec![p.jobs_item], 2));
        assert_eq!(found(plan_f, one(2)).await, (vec![p.roads_item], 2));

        let listed = ok(s.plan_items(p.plan).await);
        assert_eq!(listed.iter().map(|i| i.id).collect::<Vec<_>>(), both);
        assert_eq!(listed[0], jobs.value);
        assert!(ok(s.plan_items(PlanId(UNKNOWN)).await).is_empty());
    }
}

#[tokio::test]
async fn item_numbers_are_unique_within_a_plan_but_not_across_plans() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, off) = (&w.c, &w.p, w.u.office);
        let again = ItemFields {
            title: "另一项".into(),
            ..jobs_item_fields(p.areas[1], c)
        };
        assert_conflict(s.create_item(&again, by(off, 5)).await, "duplicate_number");
        let renumbered = ItemFields {
            number: 1,
            ..roads_item_fields(p.areas[1], c)
        };
        assert_conflict(
            s.update_item(p.roads_item, 1, &renumbered, by(off, 5))
                .await,
            "duplicate_number",
        );
        assert_eq!(ok(s.item(p.roads_item).await).value.number, 2);

        let next = ok(s
            .create_plan(&plan_fields(2020, "2020年"), by(off, 6))
            .await)
        .value
        .id;
        let area = ok(s
            .create_area(next, &ok(AreaFields::parse(1, "就业")), by(off, 6))
            .await)
        .value
        .id;
        let same_number = ok(s.create_item(&jobs_item_fields(area, c), by(off, 6)).await);
        assert_eq!(
            (same_number.value.plan_id, same_number.value.number),
            (next, 1)
        );
    }
}

#[tokio::test]
async fn an_item_update_bumps_the_version_replaces_its_units_and_stays_in_its_plan() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, off) = (&w.c, &w.p, w.u.office);
        let moved = ItemFields {
            area_id: p.areas[1],
            title: "稳定和扩大城乡就业".into(),
            co_unit_ids: vec![],
            region_ids: vec![c.luozhuang, c.lanshan],
            ..jobs_item_fields(p.areas[0], c)
        };
        let v2 = ok(s.update_item(p.jobs_item, 1, &moved, by(off, 5)).await);
        assert_eq!(v2.version, 2);
        assert_eq!(v2.value.area_id, p.areas[1]);
        assert_eq!(v2.value.co_unit_ids, vec![]);
        assert_eq!(
            v2.value.region_ids,
            vec![c.luozhuang, c.lanshan],
            "regions keep the given order"
        );
        let health_f = ItemFilter {
            unit_id: Some(c.health),
            ..Default::default()
        };
        assert_eq!(
            ok(s.items(&health_f, Page::default()).await).total,
            0,
            "co-unit link removed"
        );

        assert_stale(
            s.update_item(p.jobs_item, 1, &moved, by(off, 6)).await,
            "item",
            2,
        );
        assert_not_found(
            s.update_item(ItemId(UNKNOWN), 1, &moved, by(off, 6)).await,
            "item",
        );

        let elsewhere = ok(s
            .create_plan(&plan_fields(2020, "2020年"), by(off, 6))
            .await)
        .value
        .id;
        let foreign = ok(s
            .create_area(elsewhere, &ok(AreaFields::parse(1, "x")), by(off, 6))
            .await)
        .value
        .id;
        let leave = ItemFields {
            area_id: foreign,
            ..moved.clone()
        };
        assert_invalid(
            s.update_item(p.jobs_item, 2, &leave, by(off, 7)).await,
            "area_id",
            "other_plan",
        );
        let nowhere = ItemFields {
            area_id: AreaId(UNKNOWN),
            ..moved.clone()
        };
        assert_invalid(
            s.update_item(p.jobs_item, 2, &nowhere, by(off, 7)).await,
            "area_id",
            "unknown_id",
        );
        assert_invalid(
            s.create_item(&nowhere, by(off, 7)).await,
            "area_id",
            "unknown_id",
        );
        let dept_as_region = ItemFields {
            region_ids: vec![c.health],
            ..moved.clone()
        };
        assert_invalid(
            s.update_item(p.jobs_item, 2, &dept_as_region, by(off, 7))
                .await,
            "region_ids",
            "wrong_unit_kind",
        );
        let office_leads = ItemFields {
            lead_unit_id: c.office,
            ..moved.clone()
        };
        assert_invalid(
            s.update_item(p.jobs_item, 2, &office_leads, by(off, 7))
                .await,
            "lead_unit_id",
            "wrong_unit_kind",
        );
        let ghost_lead = ItemFields {
            lead_unit_id: UnitId(UNKNOWN),
            ..moved.clone()
        };
        assert_invalid(
            s.create_item(&ghost_lead, by(off, 7)).await,
            "lead_unit_id",
            "unknown_id",
        );
        assert_eq!(
            ok(s.item(p.jobs_item).await),
            v2,
            "refused changes change nothing"
        );

        let h = ok(s.history("item", p.jobs_item.0).await);
        assert_eq!(h.iter().map(|e| e.version).collect::<Vec<_>>(), vec![1, 2]);
        let (v, before) = ok(s.as_of::<Item>("item", p.jobs_item.0, t(4)).await).expect("existed");
        assert_eq!(
            (v, before.co_unit_ids, before.area_id),
            (1, vec![c.health], p.areas[0])
        );
    }
}

// ---------------------------------------------------------------------------------
// Indicators
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn regional_decomposition_and_quarterly_plans_round_trip_exactly() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p) = (&w.c, &w.p);

        let jobs = ok(s.indicator(p.jobs).await);
        assert_eq!(
            jobs.value,
            as_indicator(p.jobs, p.jobs_item, &jobs_fields(c, "5.01", "2.5", "2.51"))
        );
        assert_eq!(jobs.value.target.map(Decimal::scaled), Some(50_100));
        assert_eq!(
            jobs.value
                .regions
                .iter()
                .map(|r| r.target.map(Decimal::scaled))
                .collect::<Vec<_>>(),
            vec![Some(25_000), Some(25_100)]
        );
        assert_eq!(
            jobs.value.quarterly,
            Some(QuarterlyPlan([d("1.2"), d("2.5"), d("3.8"), d("5.01")]))
        );
        let roads = ok(s.indicator(p.roads).await).value;
        assert_eq!(roads, as_indicator(p.roads, p.roads_item, &roads_fields()));
        assert_eq!(roads.target.map(Decimal::scaled), Some(2_391_000));
        assert_eq!(
            roads.quarterly.map(|q| q.0[1].to_string()),
            Some("120.5".into())
        );
        let schools = ok(s.indicator(p.schools).await).value;
        assert_eq!(
            schools,
            as_indicator(p.schools, p.jobs_item, &schools_fields(c))
        );
        assert_eq!(schools.stages.len(), 6);
        assert_eq!(schools.regions[1].target, None);
        assert_not_found(s.indicator(IndicatorId(UNKNOWN)).await, "indicator");

        let of_item: Vec<_> = ok(s.item_indicators(p.jobs_item).await)
            .into_iter()
            .map(|v| v.value)
            .collect();
        assert_eq!(
            of_item.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![p.jobs, p.schools, p.care]
        );
        assert_eq!(of_item[0], jobs.value);
        let of_plan = ok(s.plan_indicators(p.plan).await);
        assert_eq!(
            of_plan.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![p.jobs, p.schools, p.care, p.roads]
        );
        assert_eq!(of_plan[3], roads);

        // The history snapshot reads back to the very same decimals.
        let (v, snap) =
            ok(s.as_of::<Indicator>("indicator", p.jobs.0, i64::MAX).await).expect("exists");
        assert_eq!((v, snap), (1, jobs.value));
    }
}

#[tokio::test]
async fn an_indicator_is_decomposed_only_over_its_items_regions() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, off) = (&w.c, &w.p, w.u.office);
        // The roads item has no regions.
        let f = jobs_fields(c, "5.01", "2.5", "2.51");
        assert_invalid(
            s.create_indicator(p.roads_item, &f, by(off, 5)).await,
            "regions/0/region_id",
            "region_not_in_item",
        );
        let mut dept = f.clone();
        dept.regions[1].region_id = c.health;
        assert_invalid(
            s.update_indicator(p.jobs, 1, &dept, by(off, 5)).await,
            "regions/1/region_id",
            "region_not_in_item",
        );
        assert_invalid(
            s.create_indicator(ItemId(UNKNOWN), &care_fields(), by(off, 5))
                .await,
            "item_id",
            "unknown_id",
        );
        assert_eq!(ok(s.item_indicators(p.roads_item).await).len(), 1);
    }
}

#[tokio::test]
async fn once_the_plan_is_approved_indicator_targets_are_locked_but_names_may_change() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, off) = (&w.c, &w.p, w.u.office);

        // While the plan is a draft, targets change freely.
        let raised = jobs_fields(c, "5.2", "2.6", "2.6");
        let v2 = ok(s.update_indicator(p.jobs, 1, &raised, by(off, 5)).await);
        assert_eq!((v2.version, v2.value.target), (2, Some(d("5.2"))));

        let plan = ok(s.plan(p.plan).await);
        let keep = PlanFields {
            year: plan.value.year,
            title: plan.value.title.clone(),
            thresholds: plan.value.thresholds,
        };
        let approved = ok(s
            .update_plan(p.plan, plan.version, &keep, PlanState::Approved, by(off, 6))
            .await);
        assert_eq!(approved.value.state, PlanState::Approved);

        let back = jobs_fields(c, "5.01", "2.5", "2.51");
        assert_conflict(
            s.update_indicator(p.jobs, 2, &back, by(off, 7)).await,
            "targets_locked",
        );
        let mut regions_only = raised.clone();
        regions_only.regions[0].target = Some(d("2.7"));
        regions_only.regions[1].target = Some(d("2.5"));
        assert_conflict(
            s.update_indicator(p.jobs, 2, &regions_only, by(off, 7))
                .await,
            "targets_locked",
        );
        let mut quarterly_only = raised.clone();
        quarterly_only.quarterly = Some(QuarterlyPlan([d("1"), d("2"), d("3"), d("5.2")]));
        assert_conflict(
            s.update_indicator(p.jobs, 2, &quarterly_only, by(off, 7))
                .await,
            "targets_locked",
        );
        let mut baseline_only = raised.clone();
        baseline_only.baseline = Some(d("0.1"));
        assert_conflict(
            s.update_indicator(p.jobs, 2, &baseline_only, by(off, 7))
                .await,
            "targets_locked",
        );
        let mut roads_target = roads_fields();
        roads_target.target = Some(d("240"));
        assert_conflict(
            s.update_indicator(p.roads, 1, &roads_target, by(off, 7))
                .await,
            "targets_locked",
        );
        assert_eq!(
            ok(s.indicator(p.jobs).await),
            v2,
            "a refused change changes nothing"
        );

        let renamed = IndicatorFields {
            name: "城镇新增就业人数".into(),
            ..raised.clone()
        };
        let v3 = ok(s.update_indicator(p.jobs, 2, &renamed, by(off, 8)).await);
        assert_eq!(
            (v3.version, v3.value.name.as_str(), v3.value.target),
            (3, "城镇新增就业人数", Some(d("5.2")))
        );
        assert_stale(
            s.update_indicator(p.jobs, 2, &renamed, by(off, 9)).await,
            "indicator",
            3,
        );
        assert_not_found(
            s.update_indicator(IndicatorId(UNKNOWN), 1, &renamed, by(off, 9))
                .await,
            "indicator",
        );

        let h = ok(s.history("indicator", p.jobs.0).await);
        assert_eq!(
            h.iter().map(|e| (e.version, e.at)).collect::<Vec<_>>(),
            vec![(1, t(0)), (2, t(5)), (3, t(8))]
        );
        let (_, first) =
            ok(s.as_of::<Indicator>("indicator", p.jobs.0, t(4)).await).expect("existed");
        assert_eq!(first.target, Some(d("5.01")));
        assert_eq!(first.regions[1].target, Some(d("2.51")));
    }
}

// ---------------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn periods_are_listed_latest_first_and_updated_with_versions() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (p, off) = (&w.p, w.u.office);

        let may = ok(s.period(p.period).await);
        assert_eq!(may.value.label.to_string(), "2019-05");
        assert_eq!(may.value.cutoff, Date::parse("2019-05-31").expect("date"));
        assert_eq!(may.value.deadline, Date::parse("2019-06-05").expect("date"));
        assert_eq!(may.value.state, PeriodState::Open);
        assert_eq!(may.value.fiscal, period_fields("2019-05").fiscal);
        assert_eq!(
            may.value.fiscal.spending.map(Decimal::scaled),
            Some(2_482_000)
        );
        assert_not_found(s.period(PeriodId(UNKNOWN)).await, "period");

        let april = ok(s
            .create_period(p.plan, &period_fields("2019-04"), by(off, 1))
            .await);
        let june = ok(s
            .create_period(p.plan, &period_fields("2019-06"), by(off, 1))
            .await);
        let order: Vec<_> = ok(s.periods(p.plan).await)
            .iter()
            .map(|v| v.value.id)
            .collect();
        assert_eq!(order, vec![june.value.id, p.period, april.value.id]);
        assert_conflict(
            s.create_period(p.plan, &period_fields("2019-05"), by(off, 2))
                .await,
            "duplicate_period",
        );
        assert_not_found(
            s.create_period(PlanId(UNKNOWN), &period_fields("2019-05"), by(off, 2))
                .await,
            "plan",
        );

        let later = ok(PeriodFields::parse(
            2019,
            "2019-05",
            None,
            Some("2019-06-07"),
            FiscalOverview::default(),
        ));
        let v2 = ok(s
            .update_period(p.period, 1, &later, PeriodState::Open, by(off, 5))
            .await);
        assert_eq!(
            (v2.version, v2.value.deadline.to_string()),
            (2, "2019-06-07".to_string())
        );
        assert_eq!(v2.value.fiscal, FiscalOverview::default());
        assert_conflict(
            s.update_period(
                p.period,
                2,
                &period_fields("2019-07"),
                PeriodState::Open,
                by(off, 6),
            )
            .await,
            "label_fixed",
        );
        assert_stale(
            s.update_period(p.period, 1, &later, PeriodState::Closed, by(off, 6))
                .await,
            "period",
            2,
        );
        assert_not_found(
            s.update_period(PeriodId(UNKNOWN), 1, &later, PeriodState::Open, by(off, 6))
                .await,
            "period",
        );
        let closed = ok(s
            .update_period(p.period, 2, &later, PeriodState::Closed, by(off, 7))
            .await);
        assert_eq!(
            (closed.version, closed.value.state),
            (3, PeriodState::Closed)
        );

        let h = ok(s.history("period", p.period.0).await);
        assert_eq!(
            h.iter().map(|e| e.version).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        let (_, first) = ok(s
            .as_of::<duban_domain::Period>("period", p.period.0, t(4))
            .await)
        .expect("existed");
        assert_eq!(
            (first.deadline.to_string(), first.fiscal),
            ("2019-06-05".to_string(), may.value.fiscal)
        );
    }
}

// ---------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn a_report_is_drafted_revised_submitted_and_approved_by_someone_else() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, rep, off) = (&w.c, &w.p, w.u.hrss, w.u.office);

        let v1 = hrss_v1(p);
        let r = ok(s
            .create_report(p.period, p.jobs_item, c.hrss, &v1, by(rep, 10))
            .await);
        let id = r.value.id;
        assert_eq!(r.value.state, ReportState::Draft);
        assert_eq!(
            (
                r.value.plan_id,
                r.value.period_id,
                r.value.item_id,
                r.value.unit_id
            ),
            (p.plan, p.period, p.jobs_item, c.hrss)
        );
        assert_eq!(
            (r.value.current_version, r.value.approved_version, r.version),
            (1, None, 1)
        );
        assert_eq!(
            (r.value.author_id, r.value.figures.clone()),
            (rep, v1.figures.clone())
        );
        assert_eq!(r.value.narrative, v1.narrative);
        assert_eq!((r.created_at, r.updated_at), (t(10), t(10)));
        assert_not_found(s.report(ReportId(UNKNOWN)).await, "report");

        let v2 = hrss_v2(p);
        let r = ok(s.update_report(id, 1, &v2, by(rep, 11)).await);
        assert_eq!(
            (r.value.state, r.value.current_version, r.version),
            (ReportState::Draft, 2, 2)
        );
        assert_eq!(r.value.figures, sorted(v2.figures.clone()));
        let versions = ok(s.report_versions(id).await);
        assert_eq!(versions.len(), 2);
        assert_eq!(
            (
                versions[0].version,
                versions[0].figures.clone(),
                versions[0].narrative.clone()
            ),
            (1, v1.figures.clone(), v1.narrative.clone())
        );
        assert_eq!(
            (versions[1].version, versions[1].figures.clone()),
            (2, sorted(v2.figures.clone()))
        );
        assert_eq!(
            (
                versions[0].author_id,
                versions[0].created_at,
                versions[1].created_at
            ),
            (rep, t(10), t(11))
        );

        // A draft is not approved; it is submitted first.
        assert_conflict(
            s.report_action(id, 2, ReportAction::Approve, None, &[], by(off, 12))
                .await,
            "wrong_state",
        );
        let r = ok(s
            .report_action(id, 2, ReportAction::Submit, None, &[], by(rep, 13))
            .await);
        assert_eq!((r.value.state, r.version), (ReportState::Submitted, 3));
        assert_conflict(
            s.update_report(id, 3, &v1, by(rep, 14)).await,
            "wrong_state",
        );
        assert_conflict(
            s.report_action(id, 3, ReportAction::Review, None, &[], by(rep, 14))
                .await,
            "own_report",
        );
        // No step is skipped: a submitted report is reviewed before it is approved.
        assert_conflict(
            s.report_action(id, 3, ReportAction::Approve, None, &[], by(off, 14))
                .await,
            "wrong_state",
        );
        assert_conflict(
            s.report_action(
                id,
                3,
                ReportAction::Return,
                Some("自己退回"),
                &[],
                by(rep, 14),
            )
            .await,
            "own_report",
        );
        assert_eq!(ok(s.report(id).await).value.state, ReportState::Submitted);

        let r = ok(s
            .report_action(id, 3, ReportAction::Review, None, &[], by(off, 14))
            .await);
        assert_eq!((r.value.state, r.version), (ReportState::Reviewed, 4));
        let r = ok(s
            .report_action(id, 4, ReportAction::Approve, None, &[], by(off, 15))
            .await);
        assert_eq!(
            (
                r.value.state,
                r.value.approved_version,
                r.value.current_version,
                r.version
            ),
            (ReportState::Approved, Some(2), 2, 5)
        );
        let again = s
            .report_action(id, 5, ReportAction::Approve, None, &[], by(off, 16))
            .await;
        assert!(
            matches!(&again, Err(StoreError::Conflict { en, .. }) if en == "a report that is approved cannot be approved"),
            "{again:?}"
        );
        assert_conflict(again, "wrong_state");
        assert_conflict(
            s.report_action(id, 5, ReportAction::Submit, None, &[], by(rep, 16))
                .await,
            "wrong_state",
        );
        assert_conflict(
            s.update_report(id, 5, &v1, by(rep, 16)).await,
            "wrong_state",
        );

        let events: Vec<_> = ok(s.report_events(id).await)
            .into_iter()
            .map(|e| (e.action, e.version, e.actor_id, e.at))
            .collect();
        assert_eq!(
            events,
            vec![
                ("create".to_string(), 1, rep, t(10)),
                ("update".to_string(), 2, rep, t(11)),
                ("submit".to_string(), 2, rep, t(13)),
                ("review".to_string(), 2, off, t(14)),
                ("approve".to_string(), 2, off, t(15)),
            ]
        );
    }
}

#[tokio::test]
async fn approving_a_submitted_report_the_lead_unit_has_not_reviewed_is_refused_and_changes_nothing()
 {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, rep, off) = (&w.c, &w.p, w.u.hrss, w.u.office);
        // The lead unit's reviewer (审核员).
        let reviewer = add_user(&s, "hrss.shenhe", Role::Reviewer, c.hrss, Some(off)).await;
        let id = ok(s
            .create_report(p.period, p.jobs_item, c.hrss, &hrss_v1(p), by(rep, 10))
            .await)
        .value
        .id;
        let submitted = ok(s
            .report_action(id, 1, ReportAction::Submit, None, &[], by(rep, 11))
            .await);
        assert_eq!(
            (submitted.value.state, submitted.version),
            (ReportState::Submitted, 2)
        );

        let refused = s
            .report_action(id, 2, ReportAction::Approve, None, &[], by(off, 12))
            .await;
        assert!(
            matches!(&refused, Err(StoreError::Conflict { en, .. }) if en == "a report that is submitted cannot be approved"),
            "{refused:?}"
        );
        assert_conflict(refused, "wrong_state");
        assert_eq!(ok(s.report(id).await), submitted);
        assert_eq!(ok(s.report_events(id).await).len(), 2);
        assert!(ok(s.approved_figures(p.period, i64::MAX).await).is_empty());

        // Reviewed by the lead unit, then the office approves.
        let r = ok(s
            .report_action(id, 2, ReportAction::Review, None, &[], by(reviewer, 13))
            .await);
        assert_eq!((r.value.state, r.version), (ReportState::Reviewed, 3));
        let r = ok(s
            .report_action(id, 3, ReportAction::Approve, None, &[], by(off, 14))
            .await);
        assert_eq!(
            (r.value.state, r.value.approved_version, r.version),
            (ReportState::Approved, Some(1), 4)
        );
        let steps: Vec<_> = ok(s.report_events(id).await)
            .into_iter()
            .map(|e| (e.action, e.actor_id))
            .collect();
        assert_eq!(
            steps,
            vec![
                ("create".to_string(), rep),
                ("submit".to_string(), rep),
                ("review".to_string(), reviewer),
                ("approve".to_string(), off),
            ]
        );
    }
}

#[tokio::test]
async fn only_approved_figures_count_each_with_its_source() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, off) = (&w.c, &w.p, w.u.office);
        assert!(ok(s.approved_figures(p.period, i64::MAX).await).is_empty());

        let hrss = approved_hrss_report(&s, &w).await;
        // The region's report is submitted but not yet approved: it does not count.
        let lanshan_figures = vec![
            value(p.jobs, Some(c.lanshan), "1.2"),
            Figure {
                indicator_id: p.schools,
                region_id: Some(c.lanshan),
                reading: Reading::Stage(3),
            },
        ];
        let lanshan = ok(s
            .create_report(
                p.period,
                p.jobs_item,
                c.lanshan,
                &content(lanshan_figures.clone(), "兰山区"),
                by(w.u.lanshan, 13),
            )
            .await)
        .value
        .id;
        ok(s.report_action(
            lanshan,
            1,
            ReportAction::Submit,
            None,
            &[],
            by(w.u.lanshan, 14),
        )
        .await);
        // A draft does not count either.
        ok(s.create_report(
            p.period,
            p.roads_item,
            c.transport,
            &content(vec![value(p.roads, None, "96.4")], "草稿"),
            by(w.u.transport, 14),
        )
        .await);

        let now = ok(s.approved_figures(p.period, i64::MAX).await);
        assert_eq!(figures_of(&now), sorted(hrss_v2(p).figures));
        for f in &now {
            assert_eq!(
                (
                    f.report_id,
                    f.version,
                    f.item_id,
                    f.unit_id,
                    f.author_id,
                    f.approved_by,
                    f.approved_at
                ),
                (hrss, 1, p.jobs_item, c.hrss, w.u.hrss, off, t(12))
            );
        }
        assert!(
            ok(s.approved_figures(p.period, t(12) - 1).await).is_empty(),
            "not approved yet then"
        );
        assert_eq!(ok(s.approved_figures(p.period, t(12)).await), now);

        ok(
            s.report_action(lanshan, 2, ReportAction::Review, None, &[], by(off, 19))
                .await,
        );
        assert_eq!(
            ok(s.approved_figures(p.period, i64::MAX).await),
            now,
            "reviewed is not yet approved"
        );
        ok(
            s.report_action(lanshan, 3, ReportAction::Approve, None, &[], by(off, 20))
                .await,
        );
        let both = ok(s.approved_figures(p.period, i64::MAX).await);
        let mut expected = hrss_v2(p).figures;
        expected.extend(lanshan_figures.iter().copied());
        assert_eq!(figures_of(&both), sorted(expected));
        let from_lanshan: Vec<_> = both.iter().filter(|f| f.report_id == lanshan).collect();
        assert_eq!(from_lanshan.len(), 2);
        assert!(from_lanshan.iter().all(|f| (f.unit_id, f.author_id, f.approved_at) == (c.lanshan, w.u.lanshan, t(20))));
        assert_eq!(ok(s.approved_figures(p.period, t(19)).await), now);

        let june = ok(s
            .create_period(p.plan, &period_fields("2019-06"), by(off, 21))
            .await)
        .value
        .id;
        assert!(
            ok(s.approved_figures(june, i64::MAX).await).is_empty(),
            "another period"
        );
        assert!(ok(s.approved_figures(PeriodId(UNKNOWN), i64::MAX).await).is_empty());
    }
}

#[tokio::test]
async fn a_correction_counts_from_its_approval_and_the_old_approved_version_stays_readable() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (p, rep, off) = (&w.p, w.u.hrss, w.u.office);
        let id = approved_hrss_report(&s, &w).await;
        let approved_then = ok(s.approved_figures(p.period, i64::MAX).await);

        let r = ok(s
            .report_action(
                id,
                4,
                ReportAction::Return,
                Some("数字有误,请核实"),
                &[],
                by(off, 20),
            )
            .await);
        assert_eq!(
            (r.value.state, r.value.approved_version),
            (ReportState::Returned, Some(1))
        );
        // While it is being corrected, the approved version still counts.
        assert_eq!(
            ok(s.approved_figures(p.period, i64::MAX).await),
            approved_then
        );

        let corrected = content(
            vec![value(p.jobs, None, "2.41")],
            "更正:城镇新增就业2.41万人",
        );
        let r = ok(s.update_report(id, 5, &corrected, by(rep, 21)).await);
        assert_eq!(
            (
                r.value.state,
                r.value.current_version,
                r.value.approved_version
            ),
            (ReportState::Draft, 2, Some(1))
        );
        ok(
            s.report_action(id, 6, ReportAction::Submit, None, &[], by(rep, 22))
                .await,
        );
        ok(
            s.report_action(id, 7, ReportAction::Review, None, &[], by(off, 22))
                .await,
        );
        assert_eq!(
            ok(s.approved_figures(p.period, i64::MAX).await),
            approved_then
        );
        let r = ok(s
            .report_action(id, 8, ReportAction::Approve, None, &[], by(off, 23))
            .await);
        assert_eq!(
            (r.value.state, r.value.approved_version, r.version),
            (ReportState::Approved, Some(2), 9)
        );

        let now = ok(s.approved_figures(p.period, i64::MAX).await);
        assert_eq!(figures_of(&now), corrected.figures);
        assert_eq!((now[0].version, now[0].approved_at), (2, t(23)));
        // As of before the correction's approval, the old approved figures are the answer.
        assert_eq!(ok(s.approved_figures(p.period, t(22)).await), approved_then);
        assert_eq!(approved_then[0].version, 1);
        // And the old version itself is kept as written.
        let versions = ok(s.report_versions(id).await);
        assert_eq!(
            versions.iter().map(|v| v.version).collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert_eq!(versions[0].figures, sorted(hrss_v2(p).figures));
        assert_eq!(versions[1].figures, corrected.figures);

        let events: Vec<_> = ok(s.report_events(id).await)
            .into_iter()
            .map(|e| (e.action, e.version, e.comment))
            .collect();
        let ev = |a: &str, v, c: Option<&str>| (a.to_string(), v, c.map(String::from));
        assert_eq!(
            events,
            vec![
                ev("create", 1, None),
                ev("submit", 1, None),
                ev("review", 1, None),
                ev("approve", 1, None),
                ev("return", 1, Some("数字有误,请核实")),
                ev("update", 2, None),
                ev("submit", 2, None),
                ev("review", 2, None),
                ev("approve", 2, None),
            ]
        );
    }
}

#[tokio::test]
async fn a_region_reports_only_its_own_figures() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, rep) = (&w.c, &w.p, w.u.lanshan);
        let st: &Store = &s;
        let report = move |figures: Vec<Figure>| async move {
            st.create_report(
                p.period,
                p.jobs_item,
                c.lanshan,
                &content(figures, "兰山区"),
                by(rep, 10),
            )
            .await
        };
        assert_conflict(
            report(vec![value(p.jobs, Some(c.luozhuang), "1.1")]).await,
            "other_region",
        );
        assert_conflict(
            report(vec![value(p.jobs, None, "2.3")]).await,
            "other_region",
        );
        assert_conflict(
            report(vec![
                value(p.jobs, Some(c.lanshan), "1.2"),
                value(p.jobs, Some(c.luozhuang), "1.1"),
            ])
            .await,
            "other_region",
        );
        let r = ok(report(vec![value(p.jobs, Some(c.lanshan), "1.2")]).await);
        assert_conflict(
            s.update_report(
                r.value.id,
                1,
                &content(vec![value(p.jobs, Some(c.luozhuang), "1")], "x"),
                by(rep, 11),
            )
            .await,
            "other_region",
        );
        assert_eq!(ok(s.report(r.value.id).await).version, 1);
    }
}

#[tokio::test]
async fn only_units_responsible_for_an_item_report_on_it_once_per_period() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, u) = (&w.c, &w.p, &w.u);
        let jobs = content(vec![value(p.jobs, None, "2.3")], "x");
        let st: &Store = &s;
        let create = move |item: ItemId, unit: UnitId, content: ReportContent, actor: UserId| async move {
            st.create_report(p.period, item, unit, &content, by(actor, 10))
                .await
        };
        assert_conflict(
            create(p.jobs_item, c.transport, jobs.clone(), u.transport).await,
            "unit_not_responsible",
        );
        assert_conflict(
            create(p.jobs_item, c.office, jobs.clone(), u.office).await,
            "unit_not_responsible",
        );
        assert_conflict(
            create(p.roads_item, c.hrss, jobs.clone(), u.hrss).await,
            "unit_not_responsible",
        );
        // The lead unit, a co-unit and a region of the item may.
        ok(create(p.jobs_item, c.hrss, jobs.clone(), u.hrss).await);
        ok(create(p.jobs_item, c.health, jobs.clone(), u.hrss).await);
        ok(create(
            p.jobs_item,
            c.luozhuang,
            content(vec![value(p.jobs, Some(c.luozhuang), "1")], "x"),
            u.lanshan,
        )
        .await);
        // Once per unit, item and period.
        assert_conflict(
            create(p.jobs_item, c.hrss, jobs.clone(), u.hrss).await,
            "duplicate_report",
        );
        // One figure per indicator and region.
        let twice = content(
            vec![value(p.roads, None, "1"), value(p.roads, None, "2")],
            "x",
        );
        assert_conflict(
            create(p.roads_item, c.transport, twice, u.transport).await,
            "duplicate_figure",
        );

        assert_invalid(
            create(p.jobs_item, UnitId(UNKNOWN), jobs.clone(), u.hrss).await,
            "unit_id",
            "unknown_id",
        );
        assert_invalid(
            create(ItemId(UNKNOWN), c.hrss, jobs.clone(), u.hrss).await,
            "item_id",
            "unknown_id",
        );
        assert_invalid(
            s.create_report(
                PeriodId(UNKNOWN),
                p.jobs_item,
                c.hrss,
                &jobs,
                by(u.hrss, 10),
            )
            .await,
            "period_id",
            "unknown_id",
        );
        // An item of another plan is not reported in this plan's period.
        let other = ok(s
            .create_plan(&plan_fields(2019, "另一计划"), by(u.office, 10))
            .await)
        .value
        .id;
        let area = ok(s
            .create_area(other, &ok(AreaFields::parse(1, "x")), by(u.office, 10))
            .await)
        .value
        .id;
        let foreign = ok(s
            .create_item(&jobs_item_fields(area, c), by(u.office, 10))
            .await)
        .value
        .id;
        assert_conflict(
            create(foreign, c.hrss, jobs.clone(), u.hrss).await,
            "item_not_in_plan",
        );

        let reports = ok(s.reports(&ReportFilter::default(), Page::default()).await);
        assert_eq!(reports.total, 3);
    }
}

#[tokio::test]
async fn drafts_written_together_are_all_written_or_none_when_a_later_one_fails() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, u) = (&w.c, &w.p, &w.u);
        let draft = ok(s
            .create_report(p.period, p.jobs_item, c.hrss, &hrss_v1(p), by(u.hrss, 10))
            .await);
        let audit = duban_store::audit::Filter::default();
        let logged = ok(s.audit_records(&audit, Page::default()).await).total;
        let revised = DraftWrite::Update {
            id: draft.value.id,
            expected_version: draft.version,
            content: hrss_v2(p),
        };
        let new = |unit: UnitId, v: &str| DraftWrite::Create {
            period: p.period,
            item: p.jobs_item,
            unit,
            content: content(vec![value(p.jobs, Some(unit), v)], "x"),
        };
        // The third write passes every check and fails at its insert: the unit has a
        // report on the item already.
        let third = DraftWrite::Create {
            period: p.period,
            item: p.jobs_item,
            unit: c.hrss,
            content: hrss_v1(p),
        };
        let batch = [revised.clone(), new(c.luozhuang, "1"), third];
        assert_conflict(
            s.write_drafts(&batch, by(u.hrss, 11)).await,
            "duplicate_report",
        );
        let after = ok(s.report(draft.value.id).await);
        assert_eq!(after, draft, "the first write was undone");
        assert_eq!(
            ok(s.reports(&ReportFilter::default(), Page::default()).await).total,
            1
        );
        assert_eq!(ok(s.report_versions(draft.value.id).await).len(), 1);
        assert_eq!(
            ok(s.audit_records(&audit, Page::default()).await).total,
            logged,
            "no audit record of what was undone"
        );
        // Without the failing one, both are written, each with its version and event.
        let ids = ok(s
            .write_drafts(&[revised, new(c.luozhuang, "1")], by(u.hrss, 12))
            .await);
        assert_eq!(ids[0], draft.value.id);
        assert_eq!(ok(s.report(ids[0]).await).value.current_version, 2);
        assert_eq!(ok(s.report(ids[1]).await).value.unit_id, c.luozhuang);
        let events = ok(s.report_events(ids[1]).await);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].action, "create");
    }
}

#[tokio::test]
async fn a_closed_period_takes_no_report_changes() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, rep, off) = (&w.c, &w.p, w.u.hrss, w.u.office);
        let draft = ok(s
            .create_report(p.period, p.jobs_item, c.hrss, &hrss_v1(p), by(rep, 10))
            .await);
        let submitted = ok(s
            .create_report(
                p.period,
                p.jobs_item,
                c.lanshan,
                &content(vec![value(p.jobs, Some(c.lanshan), "1")], "x"),
                by(w.u.lanshan, 10),
            )
            .await);
        let submitted = ok(s
            .report_action(
                submitted.value.id,
                1,
                ReportAction::Submit,
                None,
                &[],
                by(w.u.lanshan, 11),
            )
            .await);

        let f = period_fields("2019-05");
        ok(
            s.update_period(p.period, 1, &f, PeriodState::Closed, by(off, 20))
                .await,
        );
        assert_conflict(
            s.create_report(p.period, p.jobs_item, c.health, &hrss_v1(p), by(rep, 21))
                .await,
            "period_closed",
        );
        assert_conflict(
            s.update_report(draft.value.id, 1, &hrss_v2(p), by(rep, 21))
                .await,
            "period_closed",
        );
        assert_conflict(
            s.report_action(
                draft.value.id,
                1,
                ReportAction::Submit,
                None,
                &[],
                by(rep, 21),
            )
            .await,
            "period_closed",
        );
        assert_conflict(
            s.report_action(
                submitted.value.id,
                2,
                ReportAction::Review,
                None,
                &[],
                by(off, 21),
            )
            .await,
            "period_closed",
        );
        assert_conflict(
            s.report_action(
                submitted.value.id,
                2,
                ReportAction::Return,
                Some("x"),
                &[],
                by(off, 21),
            )
            .await,
            "period_closed",
        );
        assert_eq!(ok(s.report(draft.value.id).await), draft);
        assert_eq!(ok(s.report(submitted.value.id).await), submitted);
        assert_eq!(ok(s.report_versions(draft.value.id).await).len(), 1);
        assert_eq!(ok(s.report_events(submitted.value.id).await).len(), 2);
        assert_eq!(
            ok(s.reports(&ReportFilter::default(), Page::default()).await).total,
            2
        );

        // Reopened, it takes changes again.
        ok(
            s.update_period(p.period, 2, &f, PeriodState::Open, by(off, 30))
                .await,
        );
        ok(s.update_report(draft.value.id, 1, &hrss_v2(p), by(rep, 31))
            .await);
    }
}

#[tokio::test]
async fn a_stale_report_version_is_refused_and_changes_nothing() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, rep, off) = (&w.c, &w.p, w.u.hrss, w.u.office);
        let id = ok(s
            .create_report(p.period, p.jobs_item, c.hrss, &hrss_v1(p), by(rep, 10))
            .await)
        .value
        .id;
        ok(s.update_report(id, 1, &hrss_v2(p), by(rep, 11)).await);
        assert_stale(
            s.update_report(id, 1, &hrss_v1(p), by(rep, 12)).await,
            "report",
            2,
        );
        assert_stale(
            s.report_action(id, 1, ReportAction::Submit, None, &[], by(rep, 12))
                .await,
            "report",
            2,
        );
        ok(
            s.report_action(id, 2, ReportAction::Submit, None, &[], by(rep, 13))
                .await,
        );
        assert_stale(
            s.report_action(id, 2, ReportAction::Review, None, &[], by(off, 14))
                .await,
            "report",
            3,
        );
        let r = ok(s.report(id).await);
        assert_eq!(
            (r.version, r.value.state, r.value.current_version),
            (3, ReportState::Submitted, 2)
        );
        assert_eq!(ok(s.report_versions(id).await).len(), 2);
        assert_eq!(ok(s.report_events(id).await).len(), 3);

        assert_not_found(
            s.update_report(ReportId(UNKNOWN), 1, &hrss_v1(p), by(rep, 15))
                .await,
            "report",
        );
        assert_not_found(
            s.report_action(
                ReportId(UNKNOWN),
                1,
                ReportAction::Submit,
                None,
                &[],
                by(rep, 15),
            )
            .await,
            "report",
        );
        assert!(ok(s.report_versions(ReportId(UNKNOWN)).await).is_empty());
        assert!(ok(s.report_events(ReportId(UNKNOWN)).await).is_empty());
    }
}

#[tokio::test]
async fn reports_are_listed_by_plan_period_item_unit_state_and_visibility() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, u) = (&w.c, &w.p, &w.u);
        let hrss = ok(s
            .create_report(p.period, p.jobs_item, c.hrss, &hrss_v1(p), by(u.hrss, 10))
            .await)
        .value
        .id;
        let lanshan = ok(s
            .create_report(
                p.period,
                p.jobs_item,
                c.lanshan,
                &content(vec![value(p.jobs, Some(c.lanshan), "1.2")], "x"),
                by(u.lanshan, 11),
            )
            .await)
        .value
        .id;
        ok(s.report_action(
            lanshan,
            1,
            ReportAction::Submit,
            None,
            &[],
            by(u.lanshan, 12),
        )
        .await);
        let roads = ok(s
            .create_report(
                p.period,
                p.roads_item,
                c.transport,
                &content(vec![value(p.roads, None, "96.4")], "x"),
                by(u.transport, 13),
            )
            .await)
        .value
        .id;

        let st: &Store = &s;
        let found = move |f: ReportFilter, page: Page| async move {
            let r = ok(st.reports(&f, page).await);
            (
                r.items.iter().map(|r| r.value.id).collect::<Vec<_>>(),
                r.total,
            )
        };
        let all = Page::default();
        let f = ReportFilter::default;
        assert_eq!(found(f(), all).await, (vec![hrss, lanshan, roads], 3));
        assert_eq!(
            found(
                ReportFilter {
                    plan_id: Some(p.plan),
                    ..f()
                },
                all
            )
            .await
            .1,
            3
        );
        assert_eq!(
            found(
                ReportFilter {
                    plan_id: Some(PlanId(UNKNOWN)),
                    ..f()
                },
                all
            )
            .await
            .1,
            0
        );
        assert_eq!(
            found(
                ReportFilter {
                    period_id: Some(p.period),
                    ..f()
                },
                all
            )
            .await
            .1,
            3
        );
        assert_eq!(
            found(
                ReportFilter {
                    item_id: Some(p.jobs_item),
                    ..f()
                },
                all
            )
            .await,
            (vec![hrss, lanshan], 2)
        );
        assert_eq!(
            found(
                ReportFilter {
                    unit_id: Some(c.lanshan),
                    ..f()
                },
                all
            )
            .await,
            (vec![lanshan], 1)
        );
        assert_eq!(
            found(
                ReportFilter {
                    state: Some(ReportState::Submitted),
                    ..f()
                },
                all
            )
            .await,
            (vec![lanshan], 1)
        );
        assert_eq!(
            found(
                ReportFilter {
                    state: Some(ReportState::Draft),
                    item_id: Some(p.jobs_item),
                    ..f()
                },
                all
            )
            .await,
            (vec![hrss], 1)
        );
        // The lead unit sees every report on its items; others see their own.
        assert_eq!(
            found(
                ReportFilter {
                    visible_to_unit: Some(c.hrss),
                    ..f()
                },
                all
            )
            .await,
            (vec![hrss, lanshan], 2)
        );
        assert_eq!(
            found(
                ReportFilter {
                    visible_to_unit: Some(c.lanshan),
                    ..f()
                },
                all
            )
            .await,
            (vec![lanshan], 1)
        );
        assert_eq!(
            found(
                ReportFilter {
                    visible_to_unit: Some(c.health),
                    ..f()
                },
                all
            )
            .await,
            (vec![], 0)
        );
        let two = |n| Page {
            page: n,
            per_page: 2,
        };
        assert_eq!(found(f(), two(1)).await, (vec![hrss, lanshan], 3));
        assert_eq!(found(f(), two(2)).await, (vec![roads], 3));

        // Listed reports carry their current content.
        let listed = ok(s
            .reports(
                &ReportFilter {
                    unit_id: Some(c.lanshan),
                    ..f()
                },
                all,
            )
            .await);
        assert_eq!(listed.items[0], ok(s.report(lanshan).await));
        assert_eq!(
            listed.items[0].value.figures,
            vec![value(p.jobs, Some(c.lanshan), "1.2")]
        );
    }
}

// ---------------------------------------------------------------------------------
// Accounts and sessions
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn accounts_are_created_found_for_login_and_listed() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let u = people(&s, &c).await;
        let admin = ok(s
            .create_user(
                &NewUser {
                    username: "sysadmin",
                    display_name: "系统管理员",
                    role: Role::SysAdmin,
                    unit_id: None,
                    password_hash: "$argon2id$admin",
                    demo: true,
                    mobile: None,
                    id_number: None,
                },
                sys(1),
            )
            .await);
        assert_eq!(admin.version, 1);
        let a = &admin.value;
        assert_eq!(
            (
                a.username.as_str(),
                a.display_name.as_str(),
                a.role,
                a.unit_id,
                a.active,
                a.demo
            ),
            ("sysadmin", "系统管理员", Role::SysAdmin, None, true, true)
        );
        assert_eq!(ok(s.user(a.id).await), admin);
        assert_not_found(s.user(UserId(UNKNOWN)).await, "user");

        let (found, hash) = ok(s.user_for_login("sysadmin").await).expect("exists");
        assert_eq!((found, hash.as_str()), (admin.clone(), "$argon2id$admin"));
        assert_eq!(ok(s.user_for_login("nobody").await), None);
        let (rep, _) = ok(s.user_for_login("hrss.tianbao").await).expect("exists");
        assert_eq!(
            (rep.value.id, rep.value.role, rep.value.unit_id),
            (u.hrss, Role::Reporter, Some(c.hrss))
        );

        let dup = NewUser {
            username: "sysadmin",
            display_name: "重复",
            role: Role::Office,
            unit_id: None,
            password_hash: "h",
            demo: false,
            mobile: None,
            id_number: None,
        };
        assert_conflict(s.create_user(&dup, sys(2)).await, "duplicate_username");
        let homeless = NewUser {
            username: "ghost",
            unit_id: Some(UnitId(UNKNOWN)),
            ..dup
        };
        assert_invalid(
            s.create_user(&homeless, sys(2)).await,
            "unit_id",
            "unknown_id",
        );

        let page = |n| Page {
            page: n,
            per_page: 3,
        };
        let first = ok(s.users(page(1)).await);
        assert_eq!(first.total, 5);
        assert_eq!(
            first.items.iter().map(|u| u.value.id).collect::<Vec<_>>(),
            vec![u.office, u.hrss, u.lanshan]
        );
        let second = ok(s.users(page(2)).await);
        assert_eq!(
            second.items.iter().map(|u| u.value.id).collect::<Vec<_>>(),
            vec![u.transport, a.id]
        );

        let h = ok(s.history("user", u.hrss.0).await);
        assert_eq!((h.len(), h[0].actor_id), (1, Some(u.office.0)));
        assert!(
            h[0].data.get("password_hash").is_none(),
            "history never holds a password hash"
        );
    }
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions_and_enabling_it_does_not_revive_them() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let u = people(&s, &c).await;
        ok(
            s.create_session("cookie-hash", u.hrss, SessionKind::Cookie, t(1), t(600))
                .await,
        );
        ok(
            s.create_session("token-hash", u.hrss, SessionKind::Bearer, t(1), t(600))
                .await,
        );
        ok(
            s.create_session("other-hash", u.lanshan, SessionKind::Cookie, t(1), t(600))
                .await,
        );
        let me = ok(s.user(u.hrss).await).value;
        assert_eq!(
            ok(s.session_user("cookie-hash", t(2)).await),
            Some(me.clone())
        );
        assert_eq!(ok(s.session_user("token-hash", t(2)).await), Some(me));

        let off = ok(s
            .set_user_active(u.hrss, Some(1), false, by(u.office, 3))
            .await);
        assert_eq!(
            (off.version, off.value.active, off.updated_at),
            (2, false, t(3))
        );
        assert_eq!(ok(s.session_user("cookie-hash", t(4)).await), None);
        assert_eq!(ok(s.session_user("token-hash", t(4)).await), None);
        assert!(
            ok(s.session_user("other-hash", t(4)).await).is_some(),
            "other accounts keep theirs"
        );
        // Even a session made while disabled does not let the account in.
        ok(
            s.create_session("late-hash", u.hrss, SessionKind::Cookie, t(4), t(600))
                .await,
        );
        assert_eq!(ok(s.session_user("late-hash", t(5)).await), None);
        assert_stale(
            s.set_user_active(u.hrss, Some(1), true, by(u.office, 5))
                .await,
            "user",
            2,
        );
        assert_not_found(
            s.set_user_active(UserId(UNKNOWN), None, true, by(u.office, 5))
                .await,
            "user",
        );

        let on = ok(s.set_user_active(u.hrss, None, true, by(u.office, 6)).await);
        assert_eq!((on.version, on.value.active), (3, true));
        assert_eq!(
            ok(s.session_user("cookie-hash", t(7)).await),
            None,
            "ended sessions stay ended"
        );
        assert_eq!(ok(s.session_user("token-hash", t(7)).await), None);
        ok(
            s.create_session("fresh-hash", u.hrss, SessionKind::Cookie, t(7), t(600))
                .await,
        );
        assert_eq!(
            ok(s.session_user("fresh-hash", t(8)).await).map(|u| u.id),
            Some(u.hrss)
        );

        let h = ok(s.history("user", u.hrss.0).await);
        let states: Vec<_> = h
            .iter()
            .map(|e| (e.version, e.data["active"].clone(), e.actor_id))
            .collect();
        let office = Some(u.office.0);
        assert_eq!(
            states,
            vec![
                (1, json!(true), office),
                (2, json!(false), office),
                (3, json!(true), office)
            ]
        );
    }
}

#[tokio::test]
async fn a_new_password_hash_ends_every_session_of_the_account() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let u = people(&s, &c).await;
        ok(
            s.create_session("cookie-hash", u.hrss, SessionKind::Cookie, t(1), t(600))
                .await,
        );
        ok(
            s.create_session("token-hash", u.hrss, SessionKind::Bearer, t(1), t(600))
                .await,
        );

        let v2 = ok(s
            .set_password_hash(u.hrss, Some(1), "$argon2id$new", by(u.hrss, 2))
            .await);
        assert_eq!(v2.version, 2);
        let (_, hash) = ok(s.user_for_login("hrss.tianbao").await).expect("exists");
        assert_eq!(hash, "$argon2id$new");
        assert_eq!(ok(s.session_user("cookie-hash", t(3)).await), None);
        assert_eq!(ok(s.session_user("token-hash", t(3)).await), None);
        assert_stale(
            s.set_password_hash(u.hrss, Some(1), "$argon2id$x", by(u.hrss, 4))
                .await,
            "user",
            2,
        );
        assert_eq!(
            ok(s.user_for_login("hrss.tianbao").await)
                .expect("exists")
                .1,
            "$argon2id$new"
        );
        assert_not_found(
            s.set_password_hash(UserId(UNKNOWN), None, "h", by(u.hrss, 4))
                .await,
            "user",
        );
        let v3 = ok(s
            .set_password_hash(u.hrss, None, "$argon2id$newer", by(u.hrss, 5))
            .await);
        assert_eq!(v3.version, 3);
        let h = ok(s.history("user", u.hrss.0).await);
        assert_eq!(h.len(), 3);
        assert!(
            h.iter().all(|e| !e.data.to_string().contains("argon2")),
            "history never holds a hash"
        );
    }
}

#[tokio::test]
async fn sessions_expire_and_can_be_revoked() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let u = people(&s, &c).await;
        ok(
            s.create_session("short-hash", u.hrss, SessionKind::Cookie, t(0), t(10))
                .await,
        );
        assert!(ok(s.session_user("short-hash", t(10) - 1).await).is_some());
        assert_eq!(
            ok(s.session_user("short-hash", t(10)).await),
            None,
            "expired at its expiry time"
        );
        assert_eq!(ok(s.session_user("short-hash", t(11)).await), None);
        assert_eq!(ok(s.session_user("never-issued", t(1)).await), None);

        ok(
            s.create_session("token-hash", u.hrss, SessionKind::Bearer, t(0), t(600))
                .await,
        );
        assert!(ok(s.session_user("token-hash", t(1)).await).is_some());
        ok(s.revoke_session("token-hash", t(2)).await);
        assert_eq!(ok(s.session_user("token-hash", t(3)).await), None);
        ok(s.revoke_session("token-hash", t(4)).await); // twice is harmless
        ok(s.revoke_session("never-issued", t(4)).await);

        // A token hash is one session: issuing it again is refused.
        assert!(
            s.create_session("token-hash", u.lanshan, SessionKind::Bearer, t(5), t(600))
                .await
                .is_err()
        );
    }
}

#[tokio::test]
async fn a_password_counts_as_set_when_the_account_is_made_and_at_each_new_one_and_the_demo_dates_its_own()
 {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let u = people(&s, &c).await;
        assert_eq!(ok(s.user(u.hrss).await).value.password_set_at, t(0));
        ok(s.set_user_active(u.hrss, None, true, by(u.office, 3)).await);
        assert_eq!(
            ok(s.user(u.hrss).await).value.password_set_at,
            t(0),
            "only a password moves it"
        );
        let v = ok(s
            .set_password_hash(u.hrss, None, "$argon2id$new", by(u.hrss, 5))
            .await);
        assert_eq!(v.value.password_set_at, t(5));
        let demo = NewUser {
            username: "demo.tianbao",
            display_name: "演示",
            role: Role::Reporter,
            unit_id: Some(c.hrss),
            password_hash: "$argon2id$demo",
            demo: true,
            mobile: None,
            id_number: None,
        };
        let demo = ok(s.create_user(&demo, sys(1)).await).value.id;
        ok(s.mark_demo_passwords_set(t(9)).await);
        assert_eq!(
            ok(s.user(u.hrss).await).value.password_set_at,
            t(5),
            "only demo accounts'"
        );
        ok(
            s.create_session("cookie-hash", demo, SessionKind::Cookie, t(10), t(600))
                .await,
        );
        let seen = ok(s.session_user("cookie-hash", t(11)).await).expect("a session");
        assert_eq!(seen.password_set_at, t(9));
        assert_eq!(ok(s.user(demo).await).value, seen);
    }
}

#[tokio::test]
async fn a_second_factor_is_pending_until_confirmed_and_takes_each_time_step_once() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let u = people(&s, &c).await;
        assert_eq!(ok(s.second_factor(u.office).await), None);
        ok(s.start_second_factor(u.office, "FIRSTSECRET", t(1)).await);
        ok(s.start_second_factor(u.office, "SECONDSECRET", t(2)).await);
        let pending = ok(s.second_factor(u.office).await).expect("pending");
        assert_eq!(
            (
                pending.secret.as_str(),
                pending.confirmed(),
                pending.last_step
            ),
            ("SECONDSECRET", false, 0),
            "a new start replaces a pending secret"
        );
        // Stored sealed with the data key, never in clear.
        let mut conn = ok(sqlx::AnyConnection::connect(&s.db.url).await);
        let stored: String = ok(sqlx::query_scalar(
            "SELECT secret FROM second_factors WHERE user_id = $1",
        )
        .bind(u.office.0)
        .fetch_one(&mut conn)
        .await);
        ok(conn.close().await);
        assert!(
            stored.starts_with("sm4v1:") && !stored.contains("SECONDSECRET"),
            "{stored}"
        );
        assert!(!ok(s.user(u.office).await).value.second_factor);
        assert!(
            !ok(s.use_second_factor_step(u.office, 10).await),
            "a pending factor takes no login code"
        );
        assert!(
            !ok(s
                .confirm_second_factor(u.office, "FIRSTSECRET", 50, t(3))
                .await),
            "only the secret shown last is confirmed"
        );
        assert!(ok(s
            .confirm_second_factor(u.office, "SECONDSECRET", 50, t(3))
            .await));
        assert!(!ok(s
            .confirm_second_factor(u.office, "SECONDSECRET", 51, t(3))
            .await));
        let on = ok(s.second_factor(u.office).await).expect("confirmed");
        assert_eq!((on.confirmed_at, on.last_step), (Some(t(3)), 50));
        assert!(ok(s.user(u.office).await).value.second_factor);
        assert!(!ok(s.user(u.hrss).await).value.second_factor);
        assert_conflict(
            s.start_second_factor(u.office, "THIRDSECRET", t(4)).await,
            "second_factor_enabled",
        );

        assert!(
            !ok(s.use_second_factor_step(u.office, 50).await),
            "the confirming code"
        );
        assert!(ok(s.use_second_factor_step(u.office, 52).await));
        assert!(
            !ok(s.use_second_factor_step(u.office, 52).await),
            "replayed"
        );
        assert!(!ok(s.use_second_factor_step(u.office, 51).await), "earlier");
        assert!(ok(s.use_second_factor_step(u.office, 53).await));

        ok(
            s.create_session("office-hash", u.office, SessionKind::Bearer, t(5), t(600))
                .await,
        );
        assert!(
            ok(s.session_user("office-hash", t(6)).await)
                .expect("in")
                .second_factor
        );
        assert!(ok(s.reset_second_factor(u.office, t(7)).await));
        assert_eq!(ok(s.second_factor(u.office).await), None);
        assert_eq!(
            ok(s.session_user("office-hash", t(8)).await),
            None,
            "a reset ends the account's sessions"
        );
        assert!(!ok(s.reset_second_factor(u.office, t(8)).await));
        assert!(!ok(s.user(u.office).await).value.second_factor);
        ok(s.start_second_factor(u.office, "AFRESH", t(9)).await);
    }
}

// ---------------------------------------------------------------------------------
// Append-only tables
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn the_history_table_refuses_raw_updates_and_deletes() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let report = ok(s
            .create_report(
                w.p.period,
                w.p.jobs_item,
                w.c.hrss,
                &hrss_v2(&w.p),
                by(w.u.hrss, 10),
            )
            .await);
        let before = ok(s.history("unit", w.c.lanshan.0).await);

        // A second connection of its own, as an operator with SQL access would have.
        sqlx::any::install_default_drivers();
        let mut conn = ok(sqlx::AnyConnection::connect(&s.db.url).await);
        let count = "SELECT COUNT(*) FROM history";
        let rows: i64 = ok(sqlx::query_scalar(count).fetch_one(&mut conn).await);
        assert!(rows > 10);
        for sql in [
            "UPDATE history SET data = '{}'",
            "UPDATE history SET at = 0 WHERE entity = 'unit'",
            "DELETE FROM history",
            "DELETE FROM history WHERE entity = 'unit'",
            "UPDATE report_versions SET narrative = 'rewritten'",
            "UPDATE report_figures SET value = 0",
        ] {
            let e = match sqlx::raw_sql(sql).execute(&mut conn).await {
                Ok(done) => panic!("{sql} was allowed: {done:?}"),
                Err(e) => e,
            };
            assert!(e.to_string().contains("append-only"), "{sql}: {e}");
        }
        let after: i64 = ok(sqlx::query_scalar(count).fetch_one(&mut conn).await);
        assert_eq!(after, rows);
        ok(conn.close().await);
        assert_eq!(ok(s.history("unit", w.c.lanshan.0).await), before);
        let versions = ok(s.report_versions(report.value.id).await);
        assert_eq!(versions[0].narrative, hrss_v2(&w.p).narrative);
    }
}

fn warning(rule: Rule, ind: IndicatorId, zh: &str) -> Warning {
    Warning {
        rule,
        indicator_id: ind,
        region_id: None,
        message_zh: zh.to_string(),
        message_en: format!("{zh} (en)"),
    }
}

#[tokio::test]
async fn a_submission_keeps_its_warnings_with_the_reasons_given_and_nothing_when_refused() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, rep, off) = (&w.c, &w.p, w.u.hrss, w.u.office);
        let id = ok(s
            .create_report(p.period, p.jobs_item, c.hrss, &hrss_v2(p), by(rep, 10))
            .await)
        .value
        .id;
        let beyond = warning(Rule::FarBeyondPlan, p.jobs, "远超年度目标");
        let fell = warning(Rule::CumulativeFell, p.jobs, "低于上期");
        // The same warning twice: refused, and nothing is written.
        let twice = [
            (beyond.clone(), "原因一".to_string()),
            (beyond.clone(), "原因二".to_string()),
        ];
        assert_conflict(
            s.report_action(id, 1, ReportAction::Submit, None, &twice, by(rep, 11))
                .await,
            "duplicate_warning",
        );
        let r = ok(s.report(id).await);
        assert_eq!((r.version, r.value.state), (1, ReportState::Draft));
        assert!(ok(s.report_warnings(id, 1).await).is_empty());
        assert_eq!(ok(s.report_events(id).await).len(), 1, "only the create");

        let answered = [
            (beyond.clone(), "含上年结转项目".to_string()),
            (fell.clone(), "上期数据有误已更正".to_string()),
        ];
        let r = ok(s
            .report_action(id, 1, ReportAction::Submit, None, &answered, by(rep, 12))
            .await);
        assert_eq!((r.version, r.value.state), (2, ReportState::Submitted));
        let kept = ok(s.report_warnings(id, 1).await);
        let got: Vec<_> = kept
            .iter()
            .map(|k| (k.warning.clone(), k.reason.clone()))
            .collect();
        let mut want = answered.to_vec();
        want.sort_by_key(|(w, _)| w.rule.as_str());
        assert_eq!(got, want);
        assert!(ok(s.report_warnings(id, 2).await).is_empty());

        // Returned and revised: the new version has none of the old version's warnings,
        // and the old version keeps its own.
        ok(s.report_action(
            id,
            2,
            ReportAction::Return,
            Some("请核实"),
            &[],
            by(off, 13),
        )
        .await);
        ok(s.update_report(id, 3, &hrss_v1(p), by(rep, 14)).await);
        assert!(ok(s.report_warnings(id, 2).await).is_empty());
        assert_eq!(ok(s.report_warnings(id, 1).await), kept);
        assert!(ok(s.report_warnings(ReportId(UNKNOWN), 1).await).is_empty());
    }
}

#[tokio::test]
async fn a_returned_report_submitted_again_unchanged_keeps_the_reasons_of_its_latest_submission() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, rep, off) = (&w.c, &w.p, w.u.hrss, w.u.office);
        let id = ok(s
            .create_report(p.period, p.jobs_item, c.hrss, &hrss_v2(p), by(rep, 10))
            .await)
        .value
        .id;
        let beyond = warning(Rule::FarBeyondPlan, p.jobs, "远超年度目标");
        ok(s.report_action(
            id,
            1,
            ReportAction::Submit,
            None,
            &[(beyond.clone(), "含结转".to_string())],
            by(rep, 11),
        )
        .await);
        ok(s.report_action(
            id,
            2,
            ReportAction::Return,
            Some("请详细说明超出目标的原因"),
            &[],
            by(off, 12),
        )
        .await);
        // The figures stand; the reporter submits the same version with a better reason.
        let r = ok(s
            .report_action(
                id,
                3,
                ReportAction::Submit,
                None,
                &[(beyond.clone(), "含上年结转项目0.4万人".to_string())],
                by(rep, 13),
            )
            .await);
        assert_eq!(
            (r.version, r.value.state, r.value.current_version),
            (4, ReportState::Submitted, 1)
        );
        let kept = ok(s.report_warnings(id, 1).await);
        assert_eq!(kept.len(), 1);
        assert_eq!(
            (&kept[0].warning, kept[0].reason.as_str()),
            (&beyond, "含上年结转项目0.4万人")
        );
    }
}

#[tokio::test]
async fn the_report_warnings_table_refuses_raw_updates() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, rep) = (&w.c, &w.p, w.u.hrss);
        let id = ok(s
            .create_report(p.period, p.jobs_item, c.hrss, &hrss_v2(p), by(rep, 10))
            .await)
        .value
        .id;
        let given = [(
            warning(Rule::FarBeyondPlan, p.jobs, "远超年度目标"),
            "含上年结转项目".to_string(),
        )];
        ok(
            s.report_action(id, 1, ReportAction::Submit, None, &given, by(rep, 11))
                .await,
        );
        let before = ok(s.report_warnings(id, 1).await);
        assert_eq!(before.len(), 1);

        // A second connection of its own, as an operator with SQL access would have.
        sqlx::any::install_default_drivers();
        let mut conn = ok(sqlx::AnyConnection::connect(&s.db.url).await);
        for sql in [
            "UPDATE report_warnings SET reason = 'rewritten'",
            "UPDATE report_warnings SET message_zh = 'x' WHERE rule = 'far_beyond_plan'",
        ] {
            let e = match sqlx::raw_sql(sql).execute(&mut conn).await {
                Ok(done) => panic!("{sql} was allowed: {done:?}"),
                Err(e) => e,
            };
            assert!(e.to_string().contains("append-only"), "{sql}: {e}");
        }
        ok(conn.close().await);
        assert_eq!(ok(s.report_warnings(id, 1).await), before);
    }
}

#[tokio::test]
async fn earlier_approved_figures_come_most_recent_first_from_earlier_periods_only() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, rep, off) = (&w.c, &w.p, w.u.hrss, w.u.office);
        let april = ok(s
            .create_period(p.plan, &period_fields("2019-04"), by(off, 1))
            .await)
        .value
        .id;
        let march = ok(s
            .create_period(p.plan, &period_fields("2019-03"), by(off, 1))
            .await)
        .value
        .id;
        // March: approved. April: approved. May (the fixture's period): approved too,
        // but it is the period asked about and does not count as earlier.
        for (period, v, minute) in [(march, "1.1", 2), (april, "1.8", 3)] {
            let id = ok(s
                .create_report(
                    period,
                    p.jobs_item,
                    c.hrss,
                    &content(vec![value(p.jobs, None, v)], v),
                    by(rep, minute),
                )
                .await)
            .value
            .id;
            for (n, action, who) in [
                (1, ReportAction::Submit, rep),
                (2, ReportAction::Review, off),
                (3, ReportAction::Approve, off),
            ] {
                ok(s.report_action(id, n, action, None, &[], by(who, minute))
                    .await);
            }
        }
        approved_hrss_report(&s, &w).await;
        let earlier = ok(s.earlier_approved(p.jobs_item, c.hrss, p.period).await);
        let firsts: Vec<_> = earlier.iter().map(|f| f[0].reading).collect();
        assert_eq!(firsts, [Reading::Value(d("1.8")), Reading::Value(d("1.1"))]);
        let before_april = ok(s.earlier_approved(p.jobs_item, c.hrss, april).await);
        assert_eq!(before_april.len(), 1);
        // Asked from June, May counts too; another unit has none.
        let june = ok(s
            .create_period(p.plan, &period_fields("2019-06"), by(off, 30))
            .await)
        .value
        .id;
        assert_eq!(
            ok(s.earlier_approved(p.jobs_item, c.hrss, june).await).len(),
            3
        );
        assert!(ok(s.earlier_approved(p.jobs_item, c.lanshan, june).await).is_empty());
    }
}

#[tokio::test]
async fn earlier_approved_gives_last_periods_approved_figures_but_not_this_periods_or_unapproved_ones()
 {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, u, off) = (&w.c, &w.p, &w.u, w.u.office);
        let april = ok(s
            .create_period(p.plan, &period_fields("2019-04"), by(off, 1))
            .await)
        .value
        .id;
        let st: &Store = &s;
        // Creates a report and takes it through `steps` (submit, review, approve).
        let report = move |period: PeriodId,
                           unit: UnitId,
                           figures: Vec<Figure>,
                           author: UserId,
                           steps: usize,
                           minute: i64| async move {
            let id = ok(st
                .create_report(
                    period,
                    p.jobs_item,
                    unit,
                    &content(figures, "x"),
                    by(author, minute),
                )
                .await)
            .value
            .id;
            let all = [
                (ReportAction::Submit, author),
                (ReportAction::Review, off),
                (ReportAction::Approve, off),
            ];
            for (n, (action, who)) in all.into_iter().take(steps).enumerate() {
                ok(st
                    .report_action(id, n as i64 + 1, action, None, &[], by(who, minute))
                    .await);
            }
            id
        };
        // April: the lead unit's report is approved; the region's is only reviewed.
        let april_hrss = sorted(vec![
            value(p.jobs, None, "1.8"),
            Figure {
                indicator_id: p.care,
                region_id: None,
                reading: Reading::Assessment(Status::Lagging),
            },
        ]);
        report(april, c.hrss, april_hrss.clone(), u.hrss, 3, 2).await;
        let lanshan_april = vec![value(p.jobs, Some(c.lanshan), "0.9")];
        report(april, c.lanshan, lanshan_april, u.lanshan, 2, 2).await;
        // May (the fixture's period): both approved.
        approved_hrss_report(&s, &w).await;
        let lanshan_may = vec![value(p.jobs, Some(c.lanshan), "1.2")];
        report(p.period, c.lanshan, lanshan_may, u.lanshan, 3, 13).await;

        // Asked for May: April's approved figures, not May's own.
        assert_eq!(
            ok(s.earlier_approved(p.jobs_item, c.hrss, p.period).await),
            vec![april_hrss]
        );
        // The region's April report was never approved: skipped, and May is not earlier.
        assert!(ok(s.earlier_approved(p.jobs_item, c.lanshan, p.period).await).is_empty());
        // Asked for April, nothing is earlier; nor on another item.
        assert!(ok(s.earlier_approved(p.jobs_item, c.hrss, april).await).is_empty());
        assert!(ok(s.earlier_approved(p.roads_item, c.hrss, p.period).await).is_empty());
    }
}

/// Creates a report of the jobs item's lead unit in `period` with `figures` and takes
/// it through `steps` of submit, review and approve, all at `minute`.
async fn hrss_report(
    s: &Store,
    w: &World,
    period: PeriodId,
    figures: Vec<Figure>,
    steps: usize,
    minute: i64,
) {
    let (rep, off) = (w.u.hrss, w.u.office);
    let id = ok(s
        .create_report(
            period,
            w.p.jobs_item,
            w.c.hrss,
            &content(figures, "x"),
            by(rep, minute),
        )
        .await)
    .value
    .id;
    let all = [
        (ReportAction::Submit, rep),
        (ReportAction::Review, off),
        (ReportAction::Approve, off),
    ];
    for (n, (action, who)) in all.into_iter().take(steps).enumerate() {
        ok(
            s.report_action(id, n as i64 + 1, action, None, &[], by(who, minute))
                .await,
        );
    }
}

#[tokio::test]
async fn the_completion_trend_judges_each_period_up_to_one_from_its_own_approved_figures() {
    use duban_domain::bulletin::{IssueInfo, OfficeEdits};
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (p, off) = (&w.p, w.u.office);
        let period = |label: &'static str| {
            let st: &Store = &s;
            async move {
                ok(st
                    .create_period(p.plan, &period_fields(label), by(off, 1))
                    .await)
                .value
            }
        };
        let march = period("2019-03").await;
        let april = period("2019-04").await;
        let june = period("2019-06").await;
        // March approved at minute 2; April only submitted; May approved (the
        // fixture's report, 2.35万人); June approved but after May.
        hrss_report(&s, &w, march.id, vec![value(p.jobs, None, "1.1")], 3, 2).await;
        hrss_report(&s, &w, april.id, vec![value(p.jobs, None, "1.8")], 1, 3).await;
        approved_hrss_report(&s, &w).await;
        hrss_report(&s, &w, june.id, vec![value(p.jobs, None, "3")], 3, 20).await;

        let may = ok(s.period(p.period).await).value;
        let got = ok(s.approved_by_period(p.plan, may.label, i64::MAX).await);
        let shown: Vec<(String, Vec<Figure>)> = got
            .iter()
            .map(|(q, f)| (q.label.to_string(), sorted(f.clone())))
            .collect();
        let may_figures = sorted(hrss_v2(p).figures);
        assert_eq!(
            shown,
            [
                ("2019-03".to_string(), vec![value(p.jobs, None, "1.1")]),
                ("2019-04".to_string(), vec![]),
                ("2019-05".to_string(), may_figures.clone()),
            ]
        );
        // Each period's figures are those `approved_figures` gives for it.
        for (q, f) in &got {
            let one = figures_of(&ok(s.approved_figures(q.id, i64::MAX).await));
            assert_eq!(sorted(f.clone()), sorted(one), "{}", q.label);
        }
        // Before March's approval, March had nothing approved.
        let early = ok(s.approved_by_period(p.plan, may.label, t(1)).await);
        assert!(early.iter().all(|(_, f)| f.is_empty()));

        // 1.1 and 2.35 of 5.01万人: 22.0% and 46.9%; the jobs item alone has a
        // completion, so it is the plan's.
        let plan = ok(s.plan(p.plan).await).value;
        let areas: Vec<_> = ok(s.areas(p.plan).await)
            .into_iter()
            .map(|a| a.value)
            .collect();
        let items = ok(s.plan_items(p.plan).await);
        let indicators = ok(s.plan_indicators(p.plan).await);
        let tree = (&areas[..], &items[..], &indicators[..]);
        let trend = ok(s.completion_trend(&plan, tree, may.label, i64::MAX).await);
        let completions: Vec<Option<String>> = trend
            .iter()
            .map(|x| x.completion.map(|v| v.to_string()))
            .collect();
        assert_eq!(completions, [Some("22".into()), None, Some("46.9".into())]);
        for x in &trend {
            assert_eq!(
                x.planned,
                duban_domain::trend::planned_completion(2019, &items, &indicators, x.cutoff)
            );
        }

        // The draft carries the same trend; its last point is its ledger's completion.
        let input = ok(s
            .draft_input(
                p.plan,
                p.period,
                IssueInfo::new(1),
                OfficeEdits::default(),
                i64::MAX,
            )
            .await);
        assert_eq!(input.trend, trend);
        assert_eq!(input.trend[2].completion, input.ledger.completion);
        let drafted = duban_domain::bulletin::draft(&input);
        assert_eq!(drafted.charts.trend.points.len(), 3);
        assert_eq!(drafted.charts.status.areas.len(), 2);
    }
}

#[tokio::test]
async fn a_problem_moves_only_as_rectification_allows_and_keeps_every_step() {
    use duban_domain::problem::{ProblemAction, ProblemFields, ProblemInput, ProblemState};
    use duban_store::problems::ProblemFilter;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, rep, off) = (&w.c, &w.p, w.u.hrss, w.u.office);
        let fields = |deadline: &str| {
            ok(ProblemFields::parse(ProblemInput {
                item_id: Some(p.jobs_item.0),
                owner_unit_id: c.hrss.0,
                title: "就业数据口径不一",
                description: "各县区统计口径不统一",
                deadline,
                ..Default::default()
            }))
        };
        let id = ok(s
            .create_problem(p.plan, &fields("2019-06-30"), by(off, 1))
            .await)
        .value
        .id;
        assert_conflict(
            s.problem_action(id, 1, ProblemAction::Close, None, by(off, 2))
                .await,
            "wrong_state",
        );
        assert_stale(
            s.problem_action(id, 9, ProblemAction::Start, None, by(rep, 2))
                .await,
            "problem",
            1,
        );
        let steps = [
            (1, ProblemAction::Start, rep, None, ProblemState::Rectifying),
            (
                2,
                ProblemAction::Rectify,
                rep,
                Some("统一口径"),
                ProblemState::Rectified,
            ),
            (3, ProblemAction::Verify, off, None, ProblemState::Verified),
            (4, ProblemAction::Close, off, None, ProblemState::Closed),
        ];
        for (v, action, who, note, state) in steps {
            let got = ok(s.problem_action(id, v, action, note, by(who, 10 + v)).await);
            assert_eq!((got.value.state, got.version), (state, v + 1));
        }
        let now = ok(s.problem(id).await);
        assert_eq!(now.value.measures.as_deref(), Some("统一口径"));
        let actions: Vec<_> = ok(s.problem_events(id).await)
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(actions, ["raise", "start", "rectify", "verify", "close"]);
        assert_eq!(ok(s.history("problem", id.0).await).len(), 5);
        // Overdue: pending past its deadline; a closed one never is.
        let late = ok(s
            .create_problem(p.plan, &fields("2019-06-30"), by(off, 20))
            .await)
        .value
        .id;
        let july = Date::parse("2019-07-01");
        let f = ProblemFilter {
            overdue_on: july,
            ..Default::default()
        };
        let overdue = ok(s.problems(&f, Page::default()).await);
        assert_eq!(
            overdue.items.iter().map(|x| x.value.id).collect::<Vec<_>>(),
            [late]
        );
        // An unknown owner is refused and writes nothing.
        let mut bad = fields("2019-06-30");
        bad.owner_unit_id = UnitId(UNKNOWN);
        assert_invalid(
            s.create_problem(p.plan, &bad, by(off, 30)).await,
            "owner_unit_id",
            "unknown_id",
        );
        assert_eq!(
            ok(s.problems(&ProblemFilter::default(), Page::default()).await).total,
            2
        );
    }
}

#[tokio::test]
async fn a_queued_message_is_delivered_once_even_by_two_workers_at_once() {
    use duban_store::outbox::Message;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let m = Message {
            subject: "督办提醒",
            body: "请按时报送",
            cause: "manual",
            dedupe_key: "manual:test",
        };
        let queued = ok(s.remind_unit(w.c.hrss, &m, t(1)).await);
        assert!(queued >= 1);
        // The same cause again queues nothing.
        assert_eq!(ok(s.remind_unit(w.c.hrss, &m, t(2)).await), 0);
        assert_eq!(ok(s.outbox_pending().await), queued as i64);
        // Not due before its time; then two workers race and deliver each once.
        assert_eq!(ok(s.deliver_inbox(t(1) - 1, 100).await), 0);
        let other = ok(Store::connect(&s.db.url).await);
        let (a, b) = tokio::join!(s.deliver_inbox(t(3), 100), other.deliver_inbox(t(3), 100));
        assert_eq!(ok(a) + ok(b), queued);
        assert_eq!(ok(s.outbox_pending().await), 0);
        let inbox = ok(s.inbox(w.u.hrss, Page::default()).await);
        assert_eq!(inbox.total, 1);
        let msg = &inbox.items[0];
        assert_eq!((msg.subject.as_str(), msg.read_at), ("督办提醒", None));
        // Only its reader marks it read.
        assert!(matches!(
            s.mark_read(w.u.office, msg.id, t(4)).await,
            Err(StoreError::NotFound { .. })
        ));
        ok(s.mark_read(w.u.hrss, msg.id, t(4)).await);
        ok(s.mark_read(w.u.hrss, msg.id, t(5)).await);
        assert_eq!(
            ok(s.inbox(w.u.hrss, Page::default()).await).items[0].read_at,
            Some(t(4))
        );
        other.close().await;
    }
}

// ---------------------------------------------------------------------------------
// Evidence files
// ---------------------------------------------------------------------------------

/// A PNG header, enough for the kind to be known.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

/// An evidence directory of its own for one test; removed on drop.
struct Files(duban_store::evidence::EvidenceDir);

impl Files {
    fn new() -> Files {
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let root = std::env::temp_dir().join("duban-tests").join(format!(
            "evidence-{}-{n}-{}",
            std::process::id(),
            t(0)
        ));
        Files(duban_store::evidence::EvidenceDir::new(root))
    }

    /// The names in the directory, temporary files included.
    fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = match std::fs::read_dir(self.0.root()) {
            Ok(entries) => entries
                .map(|e| ok(e).file_name().to_string_lossy().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        };
        v.sort();
        v
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.0.root());
    }
}

fn sha256_hex(b: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

fn evidence_name(s: &str) -> duban_domain::evidence::EvidenceName {
    ok(duban_domain::evidence::EvidenceName::parse("name", s))
}

/// A draft report of the jobs item by its lead unit, and an open problem of that unit.
async fn evidence_parents(s: &Store, w: &World) -> (ReportId, duban_domain::ProblemId) {
    use duban_domain::problem::{ProblemFields, ProblemInput};
    let report = ok(s
        .create_report(
            w.p.period,
            w.p.jobs_item,
            w.c.hrss,
            &hrss_v1(&w.p),
            by(w.u.hrss, 10),
        )
        .await)
    .value
    .id;
    let fields = ok(ProblemFields::parse(ProblemInput {
        owner_unit_id: w.c.hrss.0,
        title: "就业数据口径不一",
        description: "各县区统计口径不统一",
        deadline: "2019-06-30",
        ..Default::default()
    }));
    let problem = ok(s
        .create_problem(w.p.plan, &fields, by(w.u.office, 10))
        .await)
    .value
    .id;
    (report, problem)
}

#[tokio::test]
async fn evidence_is_kept_on_disk_under_a_generated_name_with_its_checksum() {
    use duban_domain::evidence::{EvidenceParent, FileKind};
    use duban_store::evidence::NewEvidence;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let files = Files::new();
        let w = world(&s).await;
        let (report, problem) = evidence_parents(&s, &w).await;
        let name = evidence_name("C:\\材料\\现场照片.png");
        let photo = NewEvidence {
            parent: EvidenceParent::Report(report),
            file_name: &name,
            kind: FileKind::Png,
            only_while_open: true,
        };
        let e = ok(s
            .create_evidence(&files.0, &photo, PNG.to_vec(), by(w.u.hrss, 11))
            .await);
        let v = &e.value;
        assert_eq!(e.version, 1);
        assert_eq!(
            (v.report_id, v.problem_id, v.file_name.as_str(), v.kind),
            (Some(report), None, "现场照片.png", FileKind::Png)
        );
        assert_eq!(
            (v.size_bytes, v.sha256.as_str()),
            (PNG.len() as i64, sha256_hex(PNG).as_str())
        );
        assert_eq!(
            (v.uploaded_by, v.uploaded_at, v.deleted_at),
            (w.u.hrss, t(11), None)
        );
        // The generated name: 128 random bits in hex and the kind's extension.
        let (stem, ext) = v.stored_name.split_once('.').expect("an extension");
        assert_eq!((stem.len(), ext), (32, "png"));
        assert_eq!(files.names(), [v.stored_name.as_str()]);
        assert_eq!(ok(files.0.read(&v.stored_name).await), PNG);
        assert_eq!(ok(s.evidence(v.id).await), e);

        let scan = evidence_name("整改报告.pdf");
        let rectified = NewEvidence {
            parent: EvidenceParent::Problem(problem),
            file_name: &scan,
            kind: FileKind::Pdf,
            only_while_open: true,
        };
        let second = ok(s
            .create_evidence(&files.0, &rectified, PDF.to_vec(), by(w.u.hrss, 12))
            .await);
        let again = ok(s
            .create_evidence(&files.0, &photo, PNG.to_vec(), by(w.u.hrss, 13))
            .await);
        // The same bytes twice are two files with the same checksum.
        assert_ne!(again.value.stored_name, v.stored_name);
        assert_eq!(again.value.sha256, v.sha256);
        assert_eq!(files.names().len(), 3);

        let listed = ok(s.evidence_of(EvidenceParent::Report(report), false).await);
        assert_eq!(
            listed.iter().map(|x| x.value.id).collect::<Vec<_>>(),
            [v.id, again.value.id]
        );
        let listed = ok(s.evidence_of(EvidenceParent::Problem(problem), false).await);
        assert_eq!(listed, std::slice::from_ref(&second));
        assert_eq!(second.value.problem_id, Some(problem));
        assert_eq!(ok(s.history("evidence", v.id.0).await).len(), 1);
        assert_not_found(
            s.evidence(duban_domain::EvidenceId(UNKNOWN)).await,
            "evidence",
        );
    }
}

#[tokio::test]
async fn a_failed_insert_leaves_no_file_behind() {
    use duban_domain::evidence::{EvidenceParent, FileKind};
    use duban_store::evidence::NewEvidence;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let files = Files::new();
        let w = world(&s).await;
        let (report, _) = evidence_parents(&s, &w).await;
        let name = evidence_name("现场照片.png");
        let to = |parent| NewEvidence {
            parent,
            file_name: &name,
            kind: FileKind::Png,
            only_while_open: true,
        };
        let unknown = to(EvidenceParent::Report(ReportId(UNKNOWN)));
        assert_not_found(
            s.create_evidence(&files.0, &unknown, PNG.to_vec(), by(w.u.hrss, 11))
                .await,
            "report",
        );
        let unknown = to(EvidenceParent::Problem(duban_domain::ProblemId(UNKNOWN)));
        assert_not_found(
            s.create_evidence(&files.0, &unknown, PNG.to_vec(), by(w.u.hrss, 11))
                .await,
            "problem",
        );
        // The insert itself fails: the uploader is no account.
        let r = s
            .create_evidence(
                &files.0,
                &to(EvidenceParent::Report(report)),
                PNG.to_vec(),
                by(UserId(UNKNOWN), 11),
            )
            .await;
        assert!(matches!(r, Err(StoreError::Db(_))), "{r:?}");
        assert_eq!(
            files.names(),
            Vec::<String>::new(),
            "no file, not even a temporary one"
        );
        assert!(ok(s.evidence_of(EvidenceParent::Report(report), true).await).is_empty());
    }
}

#[tokio::test]
async fn withdrawn_evidence_keeps_its_record_its_history_and_its_file() {
    use duban_domain::evidence::{EvidenceParent, FileKind};
    use duban_store::evidence::NewEvidence;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let files = Files::new();
        let w = world(&s).await;
        let (report, _) = evidence_parents(&s, &w).await;
        let name = evidence_name("整改报告.pdf");
        let new = NewEvidence {
            parent: EvidenceParent::Report(report),
            file_name: &name,
            kind: FileKind::Pdf,
            only_while_open: true,
        };
        let e = ok(s
            .create_evidence(&files.0, &new, PDF.to_vec(), by(w.u.hrss, 11))
            .await);
        let id = e.value.id;
        let gone = ok(s.withdraw_evidence(id, true, by(w.u.hrss, 12)).await);
        assert_eq!(gone.version, 2);
        assert_eq!(
            (gone.value.deleted_at, gone.value.deleted_by),
            (Some(t(12)), Some(w.u.hrss))
        );
        assert_eq!(gone.updated_at, t(12));
        assert_eq!(
            (gone.value.sha256.as_str(), gone.value.stored_name.as_str()),
            (e.value.sha256.as_str(), e.value.stored_name.as_str())
        );
        assert_conflict(
            s.withdraw_evidence(id, false, by(w.u.office, 13)).await,
            "already_withdrawn",
        );
        // Out of the list, but readable by id and on disk.
        let parent = EvidenceParent::Report(report);
        assert!(ok(s.evidence_of(parent, false).await).is_empty());
        assert_eq!(
            ok(s.evidence_of(parent, true).await),
            std::slice::from_ref(&gone)
        );
        assert_eq!(ok(files.0.read(&e.value.stored_name).await), PDF);
        let h = ok(s.history("evidence", id.0).await);
        assert_eq!(
            h.iter()
                .map(|x| (x.version, x.actor_id))
                .collect::<Vec<_>>(),
            [(1, Some(w.u.hrss.0)), (2, Some(w.u.hrss.0))]
        );
        assert_eq!(h[1].data["deleted_at"], json!(t(12)));
        assert_not_found(
            s.withdraw_evidence(duban_domain::EvidenceId(UNKNOWN), false, by(w.u.office, 14))
                .await,
            "evidence",
        );
    }
}

#[tokio::test]
async fn evidence_comes_and_goes_only_while_its_report_or_rectification_is_open() {
    use duban_domain::evidence::{EvidenceParent, FileKind};
    use duban_domain::problem::ProblemAction;
    use duban_store::evidence::NewEvidence;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let files = Files::new();
        let w = world(&s).await;
        let (report, problem) = evidence_parents(&s, &w).await;
        let name = evidence_name("现场照片.png");
        let new = |parent, only_while_open| NewEvidence {
            parent,
            file_name: &name,
            kind: FileKind::Png,
            only_while_open,
        };
        let (to_report, to_problem) = (
            EvidenceParent::Report(report),
            EvidenceParent::Problem(problem),
        );
        let early = ok(s
            .create_evidence(
                &files.0,
                &new(to_report, true),
                PNG.to_vec(),
                by(w.u.hrss, 11),
            )
            .await);
        ok(
            s.report_action(report, 1, ReportAction::Submit, None, &[], by(w.u.hrss, 12))
                .await,
        );
        assert_conflict(
            s.create_evidence(
                &files.0,
                &new(to_report, true),
                PNG.to_vec(),
                by(w.u.hrss, 13),
            )
            .await,
            "wrong_state",
        );
        assert_conflict(
            s.withdraw_evidence(early.value.id, true, by(w.u.hrss, 13))
                .await,
            "wrong_state",
        );
        assert_eq!(files.names(), [early.value.stored_name.as_str()]);
        // Returned, the report takes evidence again.
        ok(s.report_action(
            report,
            2,
            ReportAction::Return,
            Some("请补充佐证"),
            &[],
            by(w.u.office, 14),
        )
        .await);
        ok(s.create_evidence(
            &files.0,
            &new(to_report, true),
            PNG.to_vec(),
            by(w.u.hrss, 15),
        )
        .await);

        // A problem takes its owner's evidence while open or rectifying, the office's always.
        ok(s.create_evidence(
            &files.0,
            &new(to_problem, true),
            PNG.to_vec(),
            by(w.u.hrss, 16),
        )
        .await);
        ok(s.problem_action(
            problem,
            1,
            ProblemAction::Rectify,
            Some("已统一口径"),
            by(w.u.hrss, 17),
        )
        .await);
        assert_conflict(
            s.create_evidence(
                &files.0,
                &new(to_problem, true),
                PNG.to_vec(),
                by(w.u.hrss, 18),
            )
            .await,
            "wrong_state",
        );
        ok(s.create_evidence(
            &files.0,
            &new(to_problem, false),
            PNG.to_vec(),
            by(w.u.office, 18),
        )
        .await);
        assert_eq!(ok(s.evidence_of(to_problem, false).await).len(), 2);
        assert_eq!(files.names().len(), 4);
        // Holding the parent changed nothing about it.
        assert_eq!(ok(s.problem(problem).await).version, 2);
        assert_eq!(ok(s.report(report).await).version, 3);

        // Once the period is closed, its reports take no more evidence, as no more figures.
        let f = period_fields("2019-05");
        ok(
            s.update_period(w.p.period, 1, &f, PeriodState::Closed, by(w.u.office, 19))
                .await,
        );
        assert_conflict(
            s.create_evidence(
                &files.0,
                &new(to_report, true),
                PNG.to_vec(),
                by(w.u.hrss, 20),
            )
            .await,
            "period_closed",
        );
        assert_eq!(files.names().len(), 4);
    }
}

#[tokio::test]
async fn the_evidence_table_refuses_raw_deletes_and_changes_other_than_a_withdrawal() {
    use duban_domain::evidence::{EvidenceParent, FileKind};
    use duban_store::evidence::NewEvidence;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let files = Files::new();
        let w = world(&s).await;
        let (report, _) = evidence_parents(&s, &w).await;
        let name = evidence_name("整改报告.pdf");
        let new = NewEvidence {
            parent: EvidenceParent::Report(report),
            file_name: &name,
            kind: FileKind::Pdf,
            only_while_open: true,
        };
        let e = ok(s
            .create_evidence(&files.0, &new, PDF.to_vec(), by(w.u.hrss, 11))
            .await);

        // A second connection of its own, as an operator with SQL access would have.
        sqlx::any::install_default_drivers();
        let mut conn = ok(sqlx::AnyConnection::connect(&s.db.url).await);
        for (sql, says) in [
            ("DELETE FROM evidence", "never deleted"),
            (
                "UPDATE evidence SET sha256 = 'forged'",
                "only by its withdrawal",
            ),
            (
                "UPDATE evidence SET stored_name = 'x.pdf'",
                "only by its withdrawal",
            ),
            (
                "UPDATE evidence SET report_id = NULL, problem_id = 1",
                "only by its withdrawal",
            ),
        ] {
            let e = match sqlx::raw_sql(sql).execute(&mut conn).await {
                Ok(done) => panic!("{sql} was allowed: {done:?}"),
                Err(e) => e,
            };
            assert!(e.to_string().contains(says), "{sql}: {e}");
        }
        // Both parents, or neither, is refused by the table itself.
        for sql in [
            "INSERT INTO evidence (report_id, problem_id, file_name, kind, mime, size_bytes,
                sha256, stored_name, uploaded_by, uploaded_at, version)
             SELECT report_id, (SELECT MIN(id) FROM problems), 'x', 'pdf', 'application/pdf',
                1, 'x', 'y.pdf', uploaded_by, 0, 1 FROM evidence",
            "INSERT INTO evidence (report_id, problem_id, file_name, kind, mime, size_bytes,
                sha256, stored_name, uploaded_by, uploaded_at, version)
             SELECT NULL, NULL, 'x', 'pdf', 'application/pdf', 1, 'x', 'z.pdf', uploaded_by, 0, 1
             FROM evidence",
        ] {
            assert!(
                sqlx::raw_sql(sql).execute(&mut conn).await.is_err(),
                "{sql}"
            );
        }
        ok(s.withdraw_evidence(e.value.id, true, by(w.u.hrss, 12))
            .await);
        let e2 = "UPDATE evidence SET deleted_at = NULL";
        assert!(
            sqlx::raw_sql(e2).execute(&mut conn).await.is_err(),
            "a withdrawal is final"
        );
        ok(conn.close().await);
        assert_eq!(
            ok(s.evidence(e.value.id).await).value.sha256,
            sha256_hex(PDF)
        );
    }
}

// ---------------------------------------------------------------------------------
// Outside channels (e-mail, robots) and 挂牌督办
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn outside_channels_get_a_copy_only_for_people_with_an_address_and_units_with_a_robot() {
    use duban_store::delivery::UnitWebhook;
    use duban_store::outbox::{Channels, Message};
    use duban_store::users::AccountChange;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let on = s.store.clone().with_channels(Channels {
            email: true,
            webhook: true,
        });
        let email = AccountChange {
            email: Some(Some("hrss@example.gov.cn")),
            ..AccountChange::default()
        };
        let u = ok(on
            .update_account(w.u.hrss, None, &email, by(w.u.office, 1))
            .await);
        assert_eq!(u.value.email.as_deref(), Some("hrss@example.gov.cn"));
        let hook = UnitWebhook {
            url: "http://127.0.0.1:9/robot?key=robot-key".into(),
            format: "wecom".into(),
            secret: Some("robot-secret".into()),
        };
        ok(on
            .set_unit_webhook(w.c.hrss, Some(&hook), by(w.u.office, 1))
            .await);
        assert_eq!(ok(on.unit_webhook(w.c.hrss).await), Some(hook.clone()));
        assert_eq!(ok(on.unit_webhook(w.c.transport).await), None);
        // History knows a secret is set, never the secret itself.
        let h = ok(on.history("unit_webhook", w.c.hrss.0).await);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].data["has_secret"], json!(true));
        assert!(!h[0].data.to_string().contains("robot-secret"));
        // Nor the key in the robot's address, here or in the audit log.
        assert_eq!(h[0].data["url"], json!("http://127.0.0.1:9/robot?…"));
        let log = ok(on
            .audit_records(&duban_store::audit::Filter::default(), Page::default())
            .await);
        assert!(
            log.items
                .iter()
                .all(|r| !format!("{:?}", r.record).contains("robot-key"))
        );

        let m = Message {
            subject: "【催报】",
            body: "请按时报送",
            cause: "deadline",
            dedupe_key: "deadline:1:hrss",
        };
        // The unit's one person gets an inbox copy and an e-mail; the unit's robot one.
        assert_eq!(ok(on.remind_unit(w.c.hrss, &m, t(2)).await), 3);
        assert_eq!(ok(on.remind_unit(w.c.hrss, &m, t(3)).await), 0);
        // A store without outside channels queues only the inbox copy.
        let m2 = Message {
            dedupe_key: "deadline:1:transport",
            ..m.clone()
        };
        assert_eq!(ok(s.remind_unit(w.c.transport, &m2, t(2)).await), 1);

        // Claimed for a minute: a second worker gets nothing meanwhile.
        let got = ok(on.claim_outgoing(t(4), 60_000, 10).await);
        let channels: Vec<_> = got.iter().map(|o| o.channel.as_str()).collect();
        assert_eq!(channels, ["email", "webhook"]);
        assert_eq!(got[0].address.as_deref(), Some("hrss@example.gov.cn"));
        assert_eq!(got[1].unit_id, Some(w.c.hrss));
        assert!(got.iter().all(|o| o.attempts == 1));
        assert!(ok(on.claim_outgoing(t(4) + 1, 60_000, 10).await).is_empty());
        // A worker that died: the claim runs out and the message is claimed again.
        let again = ok(on.claim_outgoing(t(6), 60_000, 10).await);
        assert_eq!(again.len(), 2);
        assert!(again.iter().all(|o| o.attempts == 2));
        let (mail, robot) = (again[0].id, again[1].id);
        ok(on.mark_sent(mail, t(6)).await);
        // A temporary failure waits for its retry time; a permanent one is kept, never retried.
        ok(on.mark_failed(robot, t(6), "HTTP 502", Some(t(10))).await);
        assert!(ok(on.claim_outgoing(t(9), 60_000, 10).await).is_empty());
        let retry = ok(on.claim_outgoing(t(10), 60_000, 10).await);
        assert_eq!(retry.iter().map(|o| o.id).collect::<Vec<_>>(), [robot]);
        ok(on.mark_failed(robot, t(10), "errcode 93000", None).await);
        assert!(ok(on.claim_outgoing(t(100), 60_000, 10).await).is_empty());
        // Sent is sent: a late failure report of the sent message changes nothing.
        ok(on.mark_failed(mail, t(11), "late", None).await);
        let counts = ok(on.outbox_counts().await);
        assert_eq!((counts.sent, counts.failed), (1, 1));
        assert_eq!(
            counts.pending, 2,
            "the two inbox copies await the inbox worker"
        );

        ok(on
            .set_unit_webhook(w.c.hrss, None, by(w.u.office, 12))
            .await);
        assert_eq!(ok(on.unit_webhook(w.c.hrss).await), None);
    }
}

#[tokio::test]
async fn listing_an_item_for_supervision_tells_its_lead_unit_at_once_and_only_once_at_a_time() {
    use duban_domain::remind::supervision_notice;
    use duban_domain::supervision::SupervisionFields;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let item = ok(s.item(w.p.jobs_item).await).value;
        let f = ok(SupervisionFields::parse(
            "连续两月严重滞后",
            Some("2019-07-15"),
        ));
        let notice = |l: &duban_domain::supervision::Supervision| {
            supervision_notice(l.id, &item, &l.reason, l.deadline)
        };
        let listed = ok(s
            .list_for_supervision(&item, &f, notice, by(w.u.office, 1))
            .await);
        assert!(listed.value.is_active());
        assert_eq!(listed.value.listed_by, w.u.office);
        // The lead unit's reporter has the notice queued, in the same transaction.
        ok(s.deliver_inbox(t(2), 100).await);
        let inbox = ok(s.inbox(w.u.hrss, Page::default()).await);
        assert_eq!(inbox.total, 1);
        assert!(inbox.items[0].subject.starts_with("【挂牌督办】"));
        // Listed once at a time.
        assert_conflict(
            s.list_for_supervision(&item, &f, notice, by(w.u.office, 3))
                .await,
            "already_supervised",
        );
        assert_eq!(
            ok(s.item_supervision(w.p.jobs_item).await).map(|v| v.value.id),
            Some(listed.value.id)
        );
        // Lifting needs the current version, and happens once.
        assert!(matches!(
            s.lift_supervision(listed.value.id, 9, "已恢复", by(w.u.office, 4))
                .await,
            Err(StoreError::Stale { .. })
        ));
        let lifted = ok(s
            .lift_supervision(listed.value.id, 1, "已恢复正常推进", by(w.u.office, 4))
            .await);
        assert_eq!(lifted.value.lift_note.as_deref(), Some("已恢复正常推进"));
        assert_conflict(
            s.lift_supervision(listed.value.id, 2, "再次", by(w.u.office, 5))
                .await,
            "already_lifted",
        );
        assert!(ok(s.item_supervision(w.p.jobs_item).await).is_none());
        // Listed again after lifting: a new listing, a new notice.
        let again = ok(s
            .list_for_supervision(&item, &f, notice, by(w.u.office, 6))
            .await);
        assert_ne!(again.value.id, listed.value.id);
        let all = ok(s.supervisions(w.p.plan, false).await);
        assert_eq!(
            all.iter().map(|v| v.value.id).collect::<Vec<_>>(),
            [again.value.id, listed.value.id]
        );
        assert_eq!(ok(s.supervisions(w.p.plan, true).await).len(), 1);
        assert_eq!(ok(s.history("supervision", listed.value.id).await).len(), 2);
    }
}

// ---------------------------------------------------------------------------------
// Requests the office decides: target changes and corrections
// ---------------------------------------------------------------------------------

/// Approves the world's plan (its targets lock), as the office at `minute`.
async fn approve_plan(s: &Store, w: &World, minute: i64) {
    let plan = ok(s.plan(w.p.plan).await);
    let keep = PlanFields {
        year: plan.value.year,
        title: plan.value.title.clone(),
        thresholds: plan.value.thresholds,
    };
    ok(s.update_plan(
        w.p.plan,
        plan.version,
        &keep,
        PlanState::Approved,
        by(w.u.office, minute),
    )
    .await);
}

#[tokio::test]
async fn an_approved_target_change_applies_past_the_lock_and_history_keeps_the_old_targets() {
    use duban_domain::requests::{RequestState, TargetSet};
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        approve_plan(&s, &w, 1).await;
        let before = ok(s.indicator(w.p.jobs).await);
        let raised = jobs_fields(&w.c, "5.2", "2.6", "2.6");
        let after = TargetSet {
            target: raised.target,
            baseline: raised.baseline,
            regions: raised.regions.clone(),
            quarterly: raised.quarterly,
        };
        let from = TargetSet::of(&before.value);
        let asked = ok(s
            .request_target_change(w.p.jobs, &from, &after, "省里追加任务", by(w.u.hrss, 2))
            .await);
        assert_eq!(asked.value.state, RequestState::Pending);
        // One waits at a time; the requester does not decide; a stale version changes nothing.
        assert_conflict(
            s.request_target_change(w.p.jobs, &from, &after, "再次", by(w.u.hrss, 3))
                .await,
            "change_pending",
        );
        assert_conflict(
            s.decide_target_change(asked.value.id, 1, true, None, by(w.u.hrss, 3))
                .await,
            "own_request",
        );
        assert!(matches!(
            s.decide_target_change(asked.value.id, 7, true, None, by(w.u.office, 3))
                .await,
            Err(StoreError::Stale { .. })
        ));
        assert_eq!(
            ok(s.indicator(w.p.jobs).await).value.target,
            Some(d("5.01"))
        );

        let done = ok(s
            .decide_target_change(asked.value.id, 1, true, Some("同意"), by(w.u.office, 4))
            .await);
        assert_eq!(
            (done.value.state, done.value.decided_by),
            (RequestState::Approved, Some(w.u.office))
        );
        let now = ok(s.indicator(w.p.jobs).await);
        assert_eq!(now.version, before.version + 1);
        assert_eq!(TargetSet::of(&now.value), after);
        // The indicator as of before the decision still has the old targets.
        let (_, then): (i64, Indicator) =
            ok(s.as_of("indicator", w.p.jobs.0, t(3)).await).expect("existed");
        assert_eq!(then.target, Some(d("5.01")));
        assert_conflict(
            s.decide_target_change(asked.value.id, 2, false, Some("x"), by(w.u.office, 5))
                .await,
            "already_decided",
        );

        // A rejected request changes nothing; one made from targets since moved is refused.
        let back = ok(s
            .request_target_change(w.p.jobs, &after, &from, "核减", by(w.u.hrss, 6))
            .await);
        let no = ok(s
            .decide_target_change(
                back.value.id,
                1,
                false,
                Some("理由不充分"),
                by(w.u.office, 7),
            )
            .await);
        assert_eq!(no.value.state, RequestState::Rejected);
        assert_eq!(ok(s.indicator(w.p.jobs).await).value.target, Some(d("5.2")));
        let stale = ok(s
            .request_target_change(w.p.jobs, &from, &after, "按旧目标", by(w.u.hrss, 8))
            .await);
        assert_conflict(
            s.decide_target_change(stale.value.id, 1, true, None, by(w.u.office, 9))
                .await,
            "targets_moved",
        );
        let listed = ok(s
            .plan_target_changes(w.p.plan, Some(RequestState::Approved))
            .await);
        assert_eq!(
            listed.iter().map(|c| c.value.id).collect::<Vec<_>>(),
            [asked.value.id]
        );
        assert_eq!(ok(s.indicator_target_changes(w.p.jobs).await).len(), 3);
    }
}

#[tokio::test]
async fn a_closed_periods_report_is_corrected_only_through_an_approved_request() {
    use duban_domain::requests::RequestState;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let report = approved_hrss_report(&s, &w).await;
        // While the period is open, a report is simply returned: no request.
        assert_conflict(
            s.request_correction(report, "数据有误", by(w.u.hrss, 13))
                .await,
            "not_correctable",
        );
        let period = ok(s.period(w.p.period).await);
        let f = ok(PeriodFields::parse(
            2019,
            "2019-05",
            None,
            None,
            FiscalOverview::default(),
        ));
        ok(s.update_period(
            w.p.period,
            period.version,
            &f,
            PeriodState::Closed,
            by(w.u.office, 14),
        )
        .await);
        let approved_before = ok(s.approved_figures(w.p.period, i64::MAX).await);
        // Frozen: not even the office returns it without a correction.
        assert_conflict(
            s.report_action(
                report,
                4,
                ReportAction::Return,
                Some("x"),
                &[],
                by(w.u.office, 15),
            )
            .await,
            "period_closed",
        );
        let asked = ok(s
            .request_correction(report, "漏报罗庄区数据", by(w.u.hrss, 15))
            .await);
        assert_conflict(
            s.request_correction(report, "再次", by(w.u.hrss, 15)).await,
            "correction_open",
        );
        // Still frozen while the request waits.
        assert_conflict(
            s.report_action(
                report,
                4,
                ReportAction::Return,
                Some("x"),
                &[],
                by(w.u.office, 16),
            )
            .await,
            "period_closed",
        );
        let granted = ok(s
            .decide_correction(asked.value.id, 1, true, None, by(w.u.office, 17))
            .await);
        assert_eq!(granted.value.state, RequestState::Approved);
        let reopened = ok(s.report(report).await);
        assert_eq!(reopened.value.state, ReportState::Returned);
        // The approved version counts until the corrected one is approved.
        assert_eq!(
            ok(s.approved_figures(w.p.period, i64::MAX).await),
            approved_before
        );
        let v = ok(s
            .update_report(report, reopened.version, &hrss_v1(&w.p), by(w.u.hrss, 18))
            .await);
        let v = ok(s
            .report_action(
                report,
                v.version,
                ReportAction::Submit,
                None,
                &[],
                by(w.u.hrss, 19),
            )
            .await);
        let v = ok(s
            .report_action(
                report,
                v.version,
                ReportAction::Review,
                None,
                &[],
                by(w.u.office, 20),
            )
            .await);
        ok(s.report_action(
            report,
            v.version,
            ReportAction::Approve,
            None,
            &[],
            by(w.u.office, 21),
        )
        .await);
        let done = ok(s.correction(asked.value.id).await);
        assert_eq!(
            (done.value.state, done.value.done_at),
            (RequestState::Done, Some(t(21)))
        );
        let now = ok(s.approved_figures(w.p.period, i64::MAX).await);
        assert_ne!(now, approved_before);
        assert_eq!(
            ok(s.approved_figures(w.p.period, t(20)).await),
            approved_before
        );
        // Frozen again.
        let r = ok(s.report(report).await);
        assert_conflict(
            s.report_action(
                report,
                r.version,
                ReportAction::Return,
                Some("x"),
                &[],
                by(w.u.office, 22),
            )
            .await,
            "period_closed",
        );
        // A rejected request leaves the report as it was.
        let again = ok(s
            .request_correction(report, "再改一次", by(w.u.hrss, 23))
            .await);
        ok(s.decide_correction(
            again.value.id,
            1,
            false,
            Some("无需更正"),
            by(w.u.office, 24),
        )
        .await);
        assert_eq!(
            ok(s.report(report).await).value.state,
            ReportState::Approved
        );
        assert_eq!(ok(s.report_corrections(report).await).len(), 2);
        assert_eq!(
            ok(s.plan_corrections(w.p.plan, Some(RequestState::Done)).await).len(),
            1
        );
    }
}

#[tokio::test]
async fn a_plan_keeps_the_default_settings_until_the_office_sets_its_own() {
    use duban_domain::settings::PlanSettings;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        assert_eq!(
            ok(s.plan_settings(w.p.plan).await),
            (PlanSettings::default(), 1)
        );
        let mut mine = PlanSettings::default();
        mine.checks.beyond_pct = d("200");
        mine.reminders.days_before = 5;
        assert!(matches!(
            s.set_plan_settings(w.p.plan, 2, &mine, by(w.u.office, 1))
                .await,
            Err(StoreError::Stale { current: 1, .. })
        ));
        assert_eq!(
            ok(s.set_plan_settings(w.p.plan, 1, &mine, by(w.u.office, 1))
                .await),
            2
        );
        assert_eq!(ok(s.plan_settings(w.p.plan).await), (mine, 2));
        mine.checks.unchanged_periods = 4;
        assert_eq!(
            ok(s.set_plan_settings(w.p.plan, 2, &mine, by(w.u.office, 2))
                .await),
            3
        );
        assert_eq!(
            ok(s.plan_settings(w.p.plan).await)
                .0
                .checks
                .unchanged_periods,
            4
        );
        assert_eq!(ok(s.history("plan_settings", w.p.plan.0).await).len(), 2);
        assert!(matches!(
            s.plan_settings(PlanId(999_999)).await,
            Err(StoreError::NotFound { .. })
        ));
    }
}

/// A bulletin document as issued: only its header matters to the store.
fn issued_doc(number: i64) -> duban_domain::bulletin::Bulletin {
    use duban_domain::bulletin::*;
    let text = |t: &str| Paragraph(vec![Span::Text(t.into())]);
    Bulletin {
        header: Header {
            series: "督查专报".into(),
            year: 2019,
            number: number as u32,
            number_label: format!("第{number}期"),
            issuer: "市政府督查室".into(),
            date: None,
        },
        title: "进展情况".into(),
        overview: Overview {
            intro: None,
            fiscal: None,
            status: text("共2项。"),
            shares: Vec::new(),
        },
        charts: Charts::default(),
        progress: ProgressSection {
            heading: "一、工作开展情况".into(),
            areas: Vec::new(),
        },
        problems: ProblemsSection {
            heading: "二、存在的问题".into(),
            paragraphs: Vec::new(),
        },
        recommendations: RecommendationsSection {
            heading: "三、意见建议".into(),
            paragraphs: vec!["加快推进。".into()],
        },
        annex: Annex {
            title: "附件".into(),
            rows: Vec::new(),
        },
    }
}

#[tokio::test]
async fn a_bulletin_draft_keeps_its_edits_until_issued_and_then_never_changes() {
    use duban_domain::bulletin::OfficeEdits;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let office = w.u.office;
        let series = ok(s
            .create_series(w.p.plan, "督查专报", "市政府督查室", 17, by(office, 1))
            .await);
        assert_eq!(series.value.next_number, 17);
        assert_conflict(
            s.create_series(w.p.plan, "督查专报", "市政府督查室", 1, by(office, 1))
                .await,
            "duplicate_series",
        );
        let edits = OfficeEdits {
            recommendations: vec!["加快推进滞后事项。".into()],
            ..OfficeEdits::default()
        };
        let draft = ok(s
            .create_bulletin(series.value.id, w.p.period, None, &edits, by(office, 2))
            .await);
        assert_eq!(draft.value.edits, edits);
        assert_eq!(draft.value.number, None);
        let more = OfficeEdits {
            omit_items: [w.p.roads_item].into(),
            ..edits.clone()
        };
        assert_stale(
            s.update_bulletin(draft.value.id, 9, None, &more, by(office, 3))
                .await,
            "bulletin",
            1,
        );
        let d = duban_domain::Date::parse("2019-07-12");
        let draft = ok(s
            .update_bulletin(draft.value.id, 1, d, &more, by(office, 3))
            .await);
        assert_eq!((draft.version, draft.value.issue_date), (2, d));

        // Issued: number 17 from the series, the document frozen with it.
        let doc = |n: i64| issued_doc(n);
        let issued = ok(s
            .issue_bulletin(draft.value.id, 2, doc, by(office, 4))
            .await);
        assert_eq!(issued.value.number, Some(17));
        assert_eq!(issued.value.snapshot, Some(doc(17)));
        assert_eq!(ok(s.series(series.value.id).await).value.next_number, 18);
        assert_conflict(
            s.update_bulletin(issued.value.id, issued.version, d, &edits, by(office, 5))
                .await,
            "bulletin_issued",
        );
        assert_conflict(
            s.issue_bulletin(issued.value.id, issued.version, doc, by(office, 5))
                .await,
            "bulletin_issued",
        );
        assert_eq!(ok(s.bulletin(issued.value.id).await), issued);
        assert_eq!(ok(s.history("bulletin", issued.value.id).await).len(), 3);
    }
}

#[tokio::test]
async fn drafts_issued_at_once_take_consecutive_numbers() {
    use duban_domain::bulletin::OfficeEdits;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let office = w.u.office;
        let series = ok(s
            .create_series(w.p.plan, "督查专报", "市政府督查室", 1, by(office, 1))
            .await)
        .value
        .id;
        let mut drafts = Vec::new();
        for _ in 0..8 {
            let b = ok(s
                .create_bulletin(
                    series,
                    w.p.period,
                    None,
                    &OfficeEdits::default(),
                    by(office, 2),
                )
                .await);
            drafts.push(b.value.id);
        }
        let issues = drafts.iter().map(|&id| {
            let s = s.store.clone();
            tokio::spawn(async move { s.issue_bulletin(id, 1, issued_doc, by(office, 3)).await })
        });
        let mut numbers = Vec::new();
        for h in issues.collect::<Vec<_>>() {
            numbers.push(ok(h.await.expect("join")).value.number.expect("number"));
        }
        numbers.sort_unstable();
        assert_eq!(numbers, (1..=8).collect::<Vec<i64>>());
    }
}

#[tokio::test]
async fn bulletin_styles_of_indicators_and_items_round_trip() {
    use duban_domain::bulletin::{
        IndicatorStyle, NarrativePlace, NumberStyle, Scale, SentenceTemplate, TrailingZeros,
    };
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let office = w.u.office;
        let style = IndicatorStyle {
            template: Some(ok(SentenceTemplate::parse("城镇新增就业{value}"))),
            number: Some(ok(NumberStyle::new(Scale::Wan, 1, TrailingZeros::Keep))),
            completion_decimals: Some(1),
        };
        ok(s.set_indicator_style(w.p.jobs, &style, by(office, 1)).await);
        ok(s.set_indicator_style(w.p.jobs, &style, by(office, 2)).await);
        ok(
            s.set_narrative_place(w.p.jobs_item, NarrativePlace::After, by(office, 1))
                .await,
        );
        assert_eq!(
            ok(s.indicator_styles(w.p.plan).await),
            [(w.p.jobs, style)].into()
        );
        assert_eq!(
            ok(s.narrative_places(w.p.plan).await),
            [(w.p.jobs_item, NarrativePlace::After)].into()
        );
        assert_eq!(ok(s.history("indicator_style", w.p.jobs.0).await).len(), 2);
        assert_not_found(
            s.set_narrative_place(ItemId(999_999), NarrativePlace::After, by(office, 1))
                .await,
            "item",
        );
    }
}

#[tokio::test]
async fn issued_bulletins_are_published_with_serials_and_objections_are_settled_once() {
    use duban_domain::bulletin::OfficeEdits;
    use duban_domain::disclosure::{ObjectionFields, PublicationFields, PublicationInput};
    use duban_store::disclosure::{ObjectionState, Settlement};
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let office = w.u.office;
        let series = ok(s
            .create_series(w.p.plan, "督查专报", "市政府督查室", 17, by(office, 1))
            .await)
        .value
        .id;
        let mut issued = Vec::new();
        for _ in 0..2 {
            let b = ok(s
                .create_bulletin(
                    series,
                    w.p.period,
                    None,
                    &OfficeEdits::default(),
                    by(office, 2),
                )
                .await);
            issued.push(ok(s
                .issue_bulletin(b.value.id, 1, issued_doc, by(office, 3))
                .await));
        }
        let draft = ok(s
            .create_bulletin(
                series,
                w.p.period,
                None,
                &OfficeEdits::default(),
                by(office, 2),
            )
            .await);
        let fields = ok(PublicationFields::parse(PublicationInput {
            org_code: "1585729837",
            catalogue_code: "zfb",
            publisher: "临沂市人民政府办公室",
            catalogue: "政府信息公开目录/督查专报",
            doc_number: None,
            published_on: duban_domain::Date::parse("2019-07-12").expect("date"),
            objection_days: None,
        }));
        assert_conflict(
            s.publish_bulletin(draft.value.id, &fields, by(office, 4))
                .await,
            "not_issued",
        );
        let first = ok(s
            .publish_bulletin(issued[0].value.id, &fields, by(office, 4))
            .await);
        let second = ok(s
            .publish_bulletin(issued[1].value.id, &fields, by(office, 5))
            .await);
        assert_eq!(first.value.index.to_string(), "1585729837/zfb/2019-0000001");
        assert_eq!(second.value.index.serial, 2);
        assert_eq!(first.value.title, "进展情况(督查专报第17期)");
        assert_conflict(
            s.publish_bulletin(issued[0].value.id, &fields, by(office, 6))
                .await,
            "already_published",
        );

        // An item's progress page is held back while a figure on it has no approved
        // source.
        let unapproved = ok(s.item_progress(w.p.jobs_item, w.p.period, t(6)).await);
        assert!(!unapproved.publish_blockers().is_empty());
        assert_conflict(
            s.publish_item(&unapproved, w.p.period, &fields, by(office, 6))
                .await,
            "unsourced_figure",
        );
        // Approving one report does not source the unapproved plan's targets: still
        // held back (the API tests publish a page of the demo's approved plan).
        approved_hrss_report(&s, &w).await;
        let page = ok(s.item_progress(w.p.jobs_item, w.p.period, t(13)).await);
        assert!(page.passage.figures().any(|f| f.text == "2.35"), "{page:?}");
        assert_conflict(
            s.publish_item(&page, w.p.period, &fields, by(office, 13))
                .await,
            "unsourced_figure",
        );
        assert_eq!(ok(s.publications(None, Page::default()).await).total, 2);
        let listed = ok(s.publications(Some("第18期"), Page::default()).await);
        assert_eq!(listed.items.len(), 1);
        assert_eq!(listed.items[0].value.id, second.value.id);
        assert_eq!(
            ok(s.publications(Some("100%"), Page::default()).await).total,
            0
        );

        let objection = ok(ObjectionFields::parse(
            Some("第1项"),
            "数字偏高",
            Some("王先生"),
        ));
        let id = ok(s.add_objection(first.value.id, &objection, t(7)).await);
        assert_eq!(ok(s.objections(Some(ObjectionState::Open)).await).len(), 1);
        // The contact is sealed in its column and read back clear by the office.
        sqlx::any::install_default_drivers();
        let mut conn = ok(sqlx::AnyConnection::connect(&s.db.url).await);
        let stored: String = ok(
            sqlx::query_scalar("SELECT contact FROM objections WHERE id = $1")
                .bind(id)
                .fetch_one(&mut conn)
                .await,
        );
        assert!(
            stored.starts_with("sm4v1:") && !stored.contains("王先生"),
            "{stored}"
        );
        let read = ok(s.objection(id).await).value.fields.contact;
        assert_eq!(read.as_ref().map(|c| c.as_str()), Some("王先生"));
        // A contact written in clear before sealing existed is sealed at the next start.
        let legacy: i64 = ok(sqlx::query_scalar(
            "INSERT INTO objections (publication_id, body, contact, state, version, created_at, updated_at)
             VALUES ($1, '数字偏低', '李女士 13912345678', 'open', 1, 0, 0) RETURNING id",
        )
        .bind(first.value.id)
        .fetch_one(&mut conn)
        .await);
        assert_eq!(ok(s.check_personal_data().await), 1);
        assert_eq!(ok(s.check_personal_data().await), 0);
        let sealed: String = ok(
            sqlx::query_scalar("SELECT contact FROM objections WHERE id = $1")
                .bind(legacy)
                .fetch_one(&mut conn)
                .await,
        );
        assert!(sealed.starts_with("sm4v1:"), "{sealed}");
        let read = ok(s.objection(legacy).await).value.fields.contact;
        assert_eq!(
            read.as_ref().map(|c| c.as_str()),
            Some("李女士 13912345678")
        );
        ok(conn.close().await);
        let settled = ok(s
            .settle_objection(
                id,
                1,
                Settlement::Dismissed("经核实数据无误"),
                by(office, 8),
            )
            .await);
        assert_eq!(settled.value.state, ObjectionState::Dismissed);
        let h = ok(s.history("objection", id).await);
        assert_eq!(h[0].data["fields"]["contact"], "王***", "masked in history");
        assert_conflict(
            s.settle_objection(id, 2, Settlement::Dismissed("again"), by(office, 9))
                .await,
            "objection_settled",
        );
        let open = ok(s.objections(Some(ObjectionState::Open)).await);
        assert_eq!(
            open.iter().map(|o| o.value.id).collect::<Vec<_>>(),
            [legacy]
        );
    }
}

#[tokio::test]
async fn failed_logins_are_counted_per_username_until_cleared() {
    use duban_domain::lockout::{LOCK_MS, MAX_FAILURES};
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        assert_eq!(ok(s.login_failures("nobody").await).count, 0);
        let mut last = Default::default();
        for i in 0..MAX_FAILURES {
            last = ok(s.record_login_failure("nobody", t(i)).await);
        }
        assert_eq!(last.count, MAX_FAILURES);
        assert_eq!(last.locked_until, Some(t(MAX_FAILURES - 1) + LOCK_MS));
        assert_eq!(ok(s.login_failures("nobody").await), last);
        assert_eq!(ok(s.login_failures("somebody").await).count, 0);
        ok(s.clear_login_failures("nobody").await);
        assert_eq!(ok(s.login_failures("nobody").await).count, 0);
    }
}

#[tokio::test]
async fn a_browser_session_idles_out_after_its_roles_limit_from_its_last_use() {
    use duban_store::users::SessionKind;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let u = people(&s, &c).await;
        ok(
            s.create_session("cookie", u.hrss, SessionKind::Cookie, t(0), t(24 * 60))
                .await,
        );
        ok(
            s.create_session("bearer", u.hrss, SessionKind::Bearer, t(0), t(24 * 60))
                .await,
        );
        // Used at 29 minutes, so the idle half hour starts again from there.
        assert!(ok(s.session_user("cookie", t(29)).await).is_some());
        assert!(ok(s.session_user("cookie", t(58)).await).is_some());
        assert!(ok(s.session_user("cookie", t(89)).await).is_none());
        // Ended for good, not only while idle.
        assert!(ok(s.session_user("cookie", t(90)).await).is_none());
        assert!(ok(s.session_user("bearer", t(89)).await).is_some());
    }
}

// ---------------------------------------------------------------------------------
// Personal data, sealed with SM4
// ---------------------------------------------------------------------------------

const MOBILE: &str = "13812341234";
const ID_NUMBER: &str = "11010519491231002X";

fn mobile(s: &str) -> duban_domain::personal::Mobile {
    ok(duban_domain::personal::Mobile::parse("mobile", s))
}

fn id_number(s: &str) -> duban_domain::personal::IdNumber {
    ok(duban_domain::personal::IdNumber::parse("id_number", s))
}

/// The stored text of `column` of account `id`, read past the store.
async fn raw_user_column(s: &Case, column: &str, id: UserId) -> Option<String> {
    sqlx::any::install_default_drivers();
    let mut conn = ok(sqlx::AnyConnection::connect(&s.db.url).await);
    let sql = match column {
        "mobile" => "SELECT mobile FROM users WHERE id = $1",
        _ => "SELECT id_number FROM users WHERE id = $1",
    };
    let v = ok(sqlx::query_scalar(sql)
        .bind(id.0)
        .fetch_one(&mut conn)
        .await);
    ok(conn.close().await);
    v
}

/// Every history snapshot, as stored text.
async fn raw_history(s: &Case) -> Vec<String> {
    let mut conn = ok(sqlx::AnyConnection::connect(&s.db.url).await);
    let v = ok(sqlx::query_scalar("SELECT data FROM history")
        .fetch_all(&mut conn)
        .await);
    ok(conn.close().await);
    v
}

#[tokio::test]
async fn a_mobile_and_an_id_number_are_stored_sealed_read_back_clear_and_kept_masked_in_history() {
    use duban_store::users::AccountChange;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let u = people(&s, &c).await;
        let (m, id) = (mobile(MOBILE), id_number(ID_NUMBER));
        let made = ok(s
            .create_user(
                &NewUser {
                    username: "wang.li",
                    display_name: "王丽",
                    role: Role::Office,
                    unit_id: None,
                    password_hash: "h",
                    demo: false,
                    mobile: Some(&m),
                    id_number: Some(&id),
                },
                by(u.office, 1),
            )
            .await);
        let who = made.value.id;
        assert_eq!(made.value.mobile.as_ref().map(|m| m.as_str()), Some(MOBILE));
        let read = ok(s.user(who).await).value;
        assert_eq!(read.mobile.as_ref().map(|m| m.as_str()), Some(MOBILE));
        assert_eq!(read.id_number.as_ref().map(|i| i.as_str()), Some(ID_NUMBER));
        for (column, clear) in [("mobile", MOBILE), ("id_number", ID_NUMBER)] {
            let stored = raw_user_column(&s, column, who).await.expect("stored");
            assert!(stored.starts_with("sm4v1:"), "{column}: {stored}");
            assert!(!stored.contains(clear) && !stored.contains(&clear[3..]));
        }

        // Changed and cleared; the other fields stay as they were.
        let other = mobile("13999990000");
        let changed = ok(s
            .update_account(
                who,
                Some(1),
                &AccountChange {
                    mobile: Some(Some(&other)),
                    id_number: Some(None),
                    ..AccountChange::default()
                },
                by(u.office, 2),
            )
            .await);
        assert_eq!(changed.value.mobile, Some(other.clone()));
        assert_eq!(changed.value.id_number, None);
        assert_eq!(raw_user_column(&s, "id_number", who).await, None);
        let kept = ok(s.set_user_active(who, None, true, by(u.office, 3)).await);
        assert_eq!(kept.value.mobile, Some(other));

        let h = ok(s.history("user", who.0).await);
        assert_eq!(h[0].data["mobile"], "138****1234");
        assert_eq!(h[0].data["id_number"], "110***********002X");
        assert_eq!(h[1].data["mobile"], "139****0000");
        assert!(h[1].data["id_number"].is_null());
        for data in raw_history(&s).await {
            for clear in [MOBILE, ID_NUMBER, "13999990000"] {
                assert!(!data.contains(clear), "history holds {clear}: {data}");
            }
        }
    }
}

#[tokio::test]
async fn a_tampered_sealed_value_fails_to_open_and_a_store_without_its_key_says_so() {
    use duban_store::cipher::CipherError;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let u = people(&s, &c).await;
        let m = mobile(MOBILE);
        ok(s.update_account(
            u.office,
            None,
            &duban_store::users::AccountChange {
                mobile: Some(Some(&m)),
                ..Default::default()
            },
            by(u.office, 1),
        )
        .await);
        assert_eq!(ok(s.check_personal_data().await), 0);

        // Another server's key, or none: the values are named, never read as empty.
        let other = ok(Store::open(&s.db.url).await).with_data_cipher(data_cipher());
        assert!(matches!(
            other.user(u.office).await,
            Err(StoreError::Cipher(CipherError::UnknownKey(_)))
        ));
        assert!(matches!(
            other.check_personal_data().await,
            Err(StoreError::Cipher(CipherError::UnknownKey(_)))
        ));
        let keyless = ok(Store::open(&s.db.url).await);
        assert!(!keyless.seals_personal_data());
        assert!(matches!(
            keyless.user(u.office).await,
            Err(StoreError::Cipher(CipherError::NoKey))
        ));
        assert!(matches!(
            keyless.check_personal_data().await,
            Err(StoreError::Cipher(CipherError::NoKey))
        ));
        other.close().await;
        keyless.close().await;

        // One character of the ciphertext changed in the database: it does not open.
        let stored = raw_user_column(&s, "mobile", u.office)
            .await
            .expect("stored");
        // (A character in the middle: the last one of unpadded base64 also carries
        // filler bits, and changing those makes the text malformed rather than forged.)
        let at = stored.len() - 20;
        let flipped = if &stored[at..=at] == "A" { "B" } else { "A" };
        let forged = format!("{}{flipped}{}", &stored[..at], &stored[at + 1..]);
        let mut conn = ok(sqlx::AnyConnection::connect(&s.db.url).await);
        ok(sqlx::query("UPDATE users SET mobile = $2 WHERE id = $1")
            .bind(u.office.0)
            .bind(&forged)
            .execute(&mut conn)
            .await);
        // The same sealed value moved to another column does not open there either.
        ok(sqlx::query("UPDATE users SET id_number = $2 WHERE id = $1")
            .bind(u.hrss.0)
            .bind(&stored)
            .execute(&mut conn)
            .await);
        ok(conn.close().await);
        for who in [u.office, u.hrss] {
            assert!(
                matches!(
                    s.user(who).await,
                    Err(StoreError::Cipher(CipherError::Forged))
                ),
                "{who:?}"
            );
        }
    }
}

#[tokio::test]
async fn without_a_data_key_personal_data_is_refused_and_nothing_is_written() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let u = people(&s, &c).await;
        let keyless = ok(Store::open(&s.db.url).await);
        let (m, id) = (mobile(MOBILE), id_number(ID_NUMBER));
        let before = ok(keyless.users(Page::default()).await).total;
        let n = NewUser {
            username: "wang.li",
            display_name: "王丽",
            role: Role::Office,
            unit_id: None,
            password_hash: "h",
            demo: false,
            mobile: Some(&m),
            id_number: None,
        };
        assert_invalid(
            keyless.create_user(&n, sys(1)).await,
            "mobile",
            "no_data_key",
        );
        let change = duban_store::users::AccountChange {
            id_number: Some(Some(&id)),
            ..Default::default()
        };
        assert_invalid(
            keyless
                .update_account(u.office, Some(1), &change, sys(1))
                .await,
            "id_number",
            "no_data_key",
        );
        assert_eq!(ok(keyless.users(Page::default()).await).total, before);
        assert_eq!(ok(keyless.user(u.office).await).version, 1);
        // Accounts without personal data work as before.
        let plain = NewUser { mobile: None, ..n };
        ok(keyless.create_user(&plain, sys(2)).await);
        assert_eq!(ok(keyless.check_personal_data().await), 0);
        keyless.close().await;
    }
}

#[tokio::test]
async fn an_idempotency_key_is_claimed_with_its_change_once_and_keeps_its_first_answer() {
    use duban_store::idempotency::{Answer, Claim, with_claim};
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let c = city(&s).await;
        let office = add_user(&s, "duchashi", Role::Office, c.office, None).await;
        let claim = || Claim::new(office, "key-1".into(), "fp-1".into(), t(1));
        assert_eq!(ok(s.keyed(office, "key-1").await), None);

        // The first audited write of the request claims the key, in its transaction.
        let first = claim();
        with_claim(
            first.clone(),
            add_unit(&s, "k1", "新单位一", UnitKind::Department, None, 9),
        )
        .await;
        assert!(first.taken());
        let k = ok(s.keyed(office, "key-1").await).expect("claimed");
        assert_eq!(
            (k.fingerprint.as_str(), k.created_at, k.answer),
            ("fp-1", t(1), None)
        );

        // Another request with the same key cannot make its change: it is undone.
        let second = claim();
        let dup = with_claim(
            second.clone(),
            s.create_unit(
                &unit_fields("k2", "新单位二", UnitKind::Department, None, 10),
                sys(2),
            ),
        )
        .await;
        assert_conflict(dup, "idempotency_key_in_use");
        assert!(!second.taken());
        let units = ok(s.units(&UnitFilter::default(), Page::default()).await);
        let codes: Vec<String> = units
            .items
            .iter()
            .map(|u| u.value.code.to_string())
            .collect();
        assert!(
            codes.contains(&"k1".into()) && !codes.contains(&"k2".into()),
            "{codes:?}"
        );

        // The first answer is kept; a second one does not replace it.
        let answer = |status| Answer {
            status,
            headers: "[]".into(),
            body: "{}".into(),
        };
        ok(s.keep_answer(office, "key-1", &answer(201)).await);
        ok(s.keep_answer(office, "key-1", &answer(500)).await);
        let k = ok(s.keyed(office, "key-1").await).expect("claimed");
        assert_eq!(k.answer, Some(answer(201)));

        // Keys are forgotten after their time.
        assert_eq!(ok(s.forget_keys(t(1)).await), 0);
        assert_eq!(ok(s.forget_keys(t(2)).await), 1);
        assert_eq!(ok(s.keyed(office, "key-1").await), None);
    }
}

// ---------------------------------------------------------------------------------
// Evaluation (绩效考评)

#[tokio::test]
async fn an_evaluation_keeps_its_scheme_entries_and_facts_and_freezes_once_approved() {
    use duban_domain::evaluation::{Criterion, Scheme};
    use duban_domain::problem::{ProblemAction, ProblemFields, ProblemInput};
    use duban_store::evaluation::EntryScores;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let off = w.u.office;
        assert_eq!(
            ok(s.evaluation_scheme(w.p.plan).await),
            (Scheme::standard(), 1)
        );
        let mine = ok(Scheme::parse(&[
            ("progress".into(), 70),
            ("third_party".into(), 30),
        ]));
        assert_stale(
            s.set_evaluation_scheme(w.p.plan, 2, &mine, by(off, 1))
                .await,
            "evaluation_scheme",
            1,
        );
        assert_eq!(
            ok(s.set_evaluation_scheme(w.p.plan, 1, &mine, by(off, 1))
                .await),
            2
        );
        let (got, v) = ok(s.evaluation_scheme(w.p.plan).await);
        assert_eq!((got.weight_of(Criterion::Progress), v), (Some(70), 2));

        // Entries: created at version 2, revised at 3, stale versions refused.
        let scores = EntryScores {
            third_party: Some(d("88.5")),
            satisfaction: None,
        };
        assert_eq!(
            ok(
                s.set_evaluation_entry(w.p.period, w.c.hrss, 1, &scores, "资料齐全", by(off, 2))
                    .await
            ),
            2
        );
        assert_stale(
            s.set_evaluation_entry(w.p.period, w.c.hrss, 1, &scores, "", by(off, 3))
                .await,
            "evaluation_entry",
            2,
        );
        let better = EntryScores {
            third_party: Some(d("90")),
            satisfaction: Some(d("95.25")),
        };
        ok(
            s.set_evaluation_entry(w.p.period, w.c.hrss, 2, &better, "复核后调整", by(off, 3))
                .await,
        );
        assert_not_found(
            s.set_evaluation_entry(w.p.period, UnitId(999_999), 1, &better, "", by(off, 3))
                .await,
            "unit",
        );
        let entries = ok(s.evaluation_entries(w.p.period).await);
        assert_eq!(entries.len(), 1);
        assert_eq!(
            (
                entries[0].unit_id,
                &entries[0].entry,
                entries[0].comment.as_str(),
                entries[0].version
            ),
            (w.c.hrss, &better, "复核后调整", 3)
        );

        // Facts: the lead unit's report submitted at minute 11 (2019-06-01 in Beijing);
        // a problem due 2019-06-30 reported rectified the same day.
        approved_hrss_report(&s, &w).await;
        let problem = ok(s
            .create_problem(
                w.p.plan,
                &ok(ProblemFields::parse(ProblemInput {
                    owner_unit_id: w.c.transport.0,
                    title: "路面质量",
                    description: "部分路段未达标",
                    deadline: "2019-06-30",
                    ..Default::default()
                })),
                by(off, 4),
            )
            .await)
        .value
        .id;
        ok(
            s.problem_action(problem, 1, ProblemAction::Start, None, by(w.u.transport, 5))
                .await,
        );
        ok(s.problem_action(
            problem,
            2,
            ProblemAction::Rectify,
            Some("返工"),
            by(w.u.transport, 6),
        )
        .await);
        let (reports, problems) = ok(s.evaluation_facts(w.p.plan, w.p.period).await);
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].unit_id, w.c.hrss);
        assert_eq!(
            reports[0].submitted_on,
            duban_domain::Date::parse("2019-06-01")
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].owner, w.c.transport);
        assert_eq!(
            problems[0].rectified_on,
            duban_domain::Date::parse("2019-06-01")
        );

        // Approval freezes the tables and closes the entries, once.
        assert_eq!(ok(s.evaluation_approval(w.p.period).await), None);
        let approved = duban_domain::evaluation::Approved {
            scheme: mine.clone(),
            tables: vec![],
        };
        ok(s.approve_evaluation(w.p.period, &approved, by(off, 7))
            .await);
        let a = ok(s.evaluation_approval(w.p.period).await).expect("approved");
        assert_eq!(
            (a.approved_by, a.approved_at, &a.approved),
            (off, t(7), &approved)
        );
        assert_conflict(
            s.approve_evaluation(w.p.period, &approved, by(off, 8))
                .await,
            "evaluation_approved",
        );
        assert_conflict(
            s.set_evaluation_entry(w.p.period, w.c.hrss, 3, &scores, "", by(off, 8))
                .await,
            "evaluation_approved",
        );
        // A bulletin drafted as of the approval prints it; one drafted before, not.
        use duban_domain::bulletin::{IssueInfo, OfficeEdits};
        let drafted = |as_of| {
            s.draft_input(
                w.p.plan,
                w.p.period,
                IssueInfo::new(1),
                OfficeEdits::default(),
                as_of,
            )
        };
        assert_eq!(ok(drafted(t(7)).await).evaluation, Some(approved.clone()));
        assert_eq!(ok(drafted(t(6)).await).evaluation, None);
    }
}

#[tokio::test]
async fn a_pending_import_is_found_only_by_its_uploader_until_confirmed_or_past_its_time() {
    use duban_store::pending_imports::{KEEP_MS, NewPendingImport, Target, sha256_hex};
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let bytes: Vec<u8> = (0..=255u8).chain(b"PK\x03\x04".iter().copied()).collect();
        let new = |at| NewPendingImport {
            user: w.u.hrss,
            into: Target::Period(w.p.period),
            file_name: "填报模板.xlsx",
            bytes: &bytes,
            basis: "1:2:3:draft",
            at,
        };
        let token = ok(s.keep_pending_import(&new(t(1))).await);
        assert_eq!(token.len(), 32);

        // Its uploader reads back exactly the bytes kept, with their hash and basis.
        let p = ok(s.pending_import(&token, w.u.hrss, t(2)).await).expect("kept");
        assert_eq!(p.bytes, bytes);
        assert_eq!(p.sha256, sha256_hex(&bytes));
        assert_eq!(
            (p.user, p.into, p.file_name.as_str(), p.basis.as_str()),
            (
                w.u.hrss,
                Target::Period(w.p.period),
                "填报模板.xlsx",
                "1:2:3:draft"
            )
        );
        // Nobody else finds it, and an unknown token finds nothing.
        assert_eq!(ok(s.pending_import(&token, w.u.lanshan, t(2)).await), None);
        assert_eq!(ok(s.pending_import("0000", w.u.hrss, t(2)).await), None);
        assert!(!ok(s.drop_pending_import(&token, w.u.lanshan).await));
        // Past its time it is gone.
        assert_eq!(
            ok(s.pending_import(&token, w.u.hrss, t(1) + KEEP_MS + 1).await),
            None
        );

        // Confirmed once, it cannot be confirmed again.
        assert!(ok(s.drop_pending_import(&token, w.u.hrss).await));
        assert!(!ok(s.drop_pending_import(&token, w.u.hrss).await));
        assert_eq!(ok(s.pending_import(&token, w.u.hrss, t(2)).await), None);

        // Keeping a new one forgets those past their time.
        let old = ok(s.keep_pending_import(&new(t(1))).await);
        let later = t(1) + KEEP_MS + 1;
        let fresh = ok(s.keep_pending_import(&new(later)).await);
        assert_ne!(old, fresh);
        assert_eq!(ok(s.pending_import(&old, w.u.hrss, t(2)).await), None);
        assert!(ok(s.pending_import(&fresh, w.u.hrss, later).await).is_some());

        // A plan's structure is kept the same way.
        let plan = ok(s
            .keep_pending_import(&NewPendingImport {
                into: Target::Plan(w.p.plan),
                ..new(later)
            })
            .await);
        let p = ok(s.pending_import(&plan, w.u.hrss, later).await).expect("kept");
        assert_eq!(p.into, Target::Plan(w.p.plan));
    }
}

#[tokio::test]
async fn a_plan_structure_applied_to_an_empty_plan_copies_it_and_applied_again_writes_nothing() {
    use duban_domain::plan_sheet::Action;
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let original = ok(s.plan_structure(w.p.plan).await);
        assert_eq!(original.items.len(), 2);
        assert_eq!(original.indicators.len(), 4);

        let copy = ok(s
            .create_plan(&plan_fields(2020, "副本"), by(w.u.office, 2))
            .await)
        .value
        .id;
        let done = ok(s
            .apply_plan_structure(copy, &original, by(w.u.office, 3))
            .await);
        assert!(done.indicators.iter().all(|x| x.1 == Action::Create));
        assert_eq!(ok(s.plan_structure(copy).await), original);

        // Again: nothing changes, no version is written.
        let before = ok(s
            .history("area", ok(s.areas(copy).await)[0].value.id.0)
            .await)
        .len();
        let again = ok(s
            .apply_plan_structure(copy, &original, by(w.u.office, 4))
            .await);
        assert!(again.is_empty(), "{again:?}");
        let after = ok(s
            .history("area", ok(s.areas(copy).await)[0].value.id.0)
            .await)
        .len();
        assert_eq!(before, after);

        // A changed title updates its row, by its key, without a duplicate.
        let mut changed = original.clone();
        changed.areas[0].title = "就业与社会保障".into();
        let c = ok(s
            .apply_plan_structure(copy, &changed, by(w.u.office, 5))
            .await);
        assert_eq!(c.areas[0].1, Action::Update);
        let areas = ok(s.areas(copy).await);
        assert_eq!(areas.len(), 2);
        assert_eq!(areas[0].value.title, "就业与社会保障");

        // One bad row undoes the whole import: the new area is not kept.
        let mut bad = changed.clone();
        bad.areas.push(duban_domain::plan_sheet::AreaRow {
            seq: 3,
            title: "新领域".into(),
        });
        bad.items[0].lead_unit_id = UnitId(999_999);
        assert!(
            s.apply_plan_structure(copy, &bad, by(w.u.office, 6))
                .await
                .is_err()
        );
        assert_eq!(ok(s.areas(copy).await).len(), 2);
    }
}

// ---------------------------------------------------------------------------------
// Generated data
// ---------------------------------------------------------------------------------

#[tokio::test]
async fn generated_reports_read_as_reviewed_ones_and_a_second_load_of_a_pair_writes_nothing() {
    for db in TestDb::all().await {
        let s = ok(Store::open(&db.url).await);
        let w = world(&s).await;
        let figures = hrss_v2(&w.p).figures;
        let generated = duban_store::generated::ApprovedReport {
            item: w.p.jobs_item,
            unit: w.c.hrss,
            figures: figures.clone(),
            narrative: Some("按序时推进".into()),
            reporter: w.u.hrss,
            reviewer: w.u.office,
            approver: w.u.office,
            submitted_at: t(10),
            reviewed_at: t(11),
            approved_at: t(12),
        };
        ok(
            s.load_approved_reports(w.p.period, std::slice::from_ref(&generated), None, t(13))
                .await,
        );

        let approved = ok(s.approved_figures(w.p.period, i64::MAX).await);
        assert_eq!(sorted(figures_of(&approved)), sorted(figures), "{db}");
        let id = approved[0].report_id;
        assert_eq!(approved[0].approved_by, w.u.office, "{db}");
        let r = ok(s.report(id).await);
        assert_eq!(r.value.state, ReportState::Approved, "{db}");
        assert_eq!(r.version, 4, "{db}: created, submitted, reviewed, approved");
        let actions: Vec<String> = ok(s.report_events(id).await)
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(actions, ["create", "submit", "review", "approve"], "{db}");

        // The same item and unit again: refused whole, nothing added.
        let again = s
            .load_approved_reports(w.p.period, &[generated], None, t(14))
            .await;
        assert_conflict(again, "duplicate_report");
        assert_eq!(
            ok(s.approved_figures(w.p.period, i64::MAX).await).len(),
            approved.len()
        );
        assert_eq!(ok(s.check_integrity().await), Vec::<String>::new(), "{db}");
        assert!(ok(s.verify_audit(None).await).is_ok(), "{db}");
    }
}

// ---------------------------------------------------------------------------------
// Funding (资金)
// ---------------------------------------------------------------------------------

fn line(source: FundingSource, raised: &str, allocated: &str, spent: &str) -> FundingLine {
    FundingLine {
        source,
        funds: Funds {
            raised: d(raised),
            allocated: d(allocated),
            spent: d(spent),
        },
    }
}

fn with_funding(mut c: ReportContent, funding: Vec<FundingLine>) -> ReportContent {
    c.funding = funding;
    c
}

#[tokio::test]
async fn funding_lines_are_kept_per_report_version_and_only_the_approved_ones_count_as_of_a_period()
{
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, off, rep) = (&w.c, &w.p, w.u.office, w.u.hrss);
        let v1 = vec![
            line(FundingSource::Superior, "100", "80", "50"),
            line(FundingSource::City, "40", "40", "10"),
        ];
        let r = ok(s
            .create_report(
                p.period,
                p.jobs_item,
                c.hrss,
                &with_funding(hrss_v2(p), v1.clone()),
                by(rep, 10),
            )
            .await);
        assert_eq!(r.value.funding, v1);
        let id = r.value.id;
        assert!(
            ok(s.approved_funding(p.period).await).is_empty(),
            "a draft does not count"
        );
        ok(
            s.report_action(id, 1, ReportAction::Submit, None, &[], by(rep, 11))
                .await,
        );
        ok(
            s.report_action(id, 2, ReportAction::Review, None, &[], by(off, 12))
                .await,
        );
        ok(
            s.report_action(id, 3, ReportAction::Approve, None, &[], by(off, 12))
                .await,
        );
        let approved = ok(s.approved_funding(p.period).await);
        assert_eq!(approved.len(), 1);
        assert_eq!(
            (
                approved[0].report_id,
                approved[0].item_id,
                approved[0].unit_id
            ),
            (id, p.jobs_item, c.hrss)
        );
        assert_eq!(approved[0].lines, v1);

        // A correction writes a new version; until it is approved, version 1 counts.
        ok(
            s.report_action(id, 4, ReportAction::Return, Some("补充"), &[], by(off, 13))
                .await,
        );
        let v2 = vec![line(FundingSource::Social, "5", "0", "0")];
        let r = ok(s
            .update_report(id, 5, &with_funding(hrss_v2(p), v2.clone()), by(rep, 14))
            .await);
        assert_eq!(r.value.funding, v2);
        assert_eq!(ok(s.approved_funding(p.period).await)[0].lines, v1);
        let versions = ok(s.report_versions(id).await);
        assert_eq!(
            versions
                .iter()
                .map(|v| v.funding.clone())
                .collect::<Vec<_>>(),
            vec![v1.clone(), v2.clone()]
        );

        // A later period without a report of the unit shows its latest approved lines.
        let june = ok(s
            .create_period(p.plan, &period_fields("2019-06"), by(off, 15))
            .await)
        .value
        .id;
        let as_of_june = ok(s.approved_funding(june).await);
        assert_eq!(as_of_june.len(), 1);
        assert_eq!(
            (as_of_june[0].period_id, &as_of_june[0].lines),
            (p.period, &v1)
        );
    }
}

#[tokio::test]
async fn the_commit_probe_counts_durable_commits_and_leaves_no_table_behind() {
    for db in TestDb::all().await {
        let s = ok(Store::open(&db.url).await);
        let (commits, seconds) = ok(s
            .probe_commits(std::time::Duration::from_millis(200), 2)
            .await);
        assert!(
            commits > 0 && seconds >= 0.2,
            "{db}: {commits} in {seconds}"
        );
        // Its table is gone: a second run makes it again.
        assert!(
            ok(s.probe_commits(std::time::Duration::ZERO, 1).await).0 <= 2,
            "{db}"
        );
        assert_eq!(ok(s.check_integrity().await), Vec::<String>::new(), "{db}");
    }
}

#[tokio::test]
async fn the_report_funding_table_refuses_raw_updates_and_impossible_amounts() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, rep) = (&w.c, &w.p, w.u.hrss);
        let lines = vec![line(FundingSource::County, "10", "8", "2")];
        let id = ok(s
            .create_report(
                p.period,
                p.jobs_item,
                c.hrss,
                &with_funding(hrss_v2(p), lines.clone()),
                by(rep, 10),
            )
            .await)
        .value
        .id;
        sqlx::any::install_default_drivers();
        let mut conn = ok(sqlx::AnyConnection::connect(&s.db.url).await);
        let e = match sqlx::raw_sql("UPDATE report_funding SET spent = 0")
            .execute(&mut conn)
            .await
        {
            Ok(done) => panic!("the update was allowed: {done:?}"),
            Err(e) => e,
        };
        assert!(e.to_string().contains("append-only"), "{e}");
        // More spent than allocated never reaches the table, whoever writes it.
        let sql = format!(
            "INSERT INTO report_funding (report_id, version, source, raised, allocated, spent)
             VALUES ({}, 1, 'other', 10, 5, 6)",
            id.0
        );
        assert!(
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut conn)
                .await
                .is_err()
        );
        ok(conn.close().await);
        assert_eq!(ok(s.report(id).await).value.funding, lines);
    }
}

#[tokio::test]
async fn an_items_planned_investment_is_set_changed_cleared_and_kept_in_its_history() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (c, p, off) = (&w.c, &w.p, w.u.office);
        assert_eq!(ok(s.planned_investment(p.jobs_item).await), None);
        let f = ItemFields {
            planned_investment: Some(d("1200.5")),
            ..jobs_item_fields(p.areas[0], c)
        };
        let it = ok(s.update_item(p.jobs_item, 1, &f, by(off, 5)).await);
        assert_eq!(it.version, 2);
        assert_eq!(
            ok(s.planned_investment(p.jobs_item).await),
            Some(d("1200.5"))
        );
        let all = ok(s.planned_investments(p.plan).await);
        assert_eq!(
            all.iter()
                .map(|i| (i.item_id, i.area_id, i.planned))
                .collect::<Vec<_>>(),
            vec![
                (p.jobs_item, p.areas[0], Some(d("1200.5"))),
                (p.roads_item, p.areas[1], None)
            ]
        );
        let history = ok(s.history("item", p.jobs_item.0).await);
        assert_eq!(
            history.last().unwrap().data["planned_investment"],
            json!(1200.5),
            "{history:?}"
        );
        let cleared = ItemFields {
            planned_investment: None,
            ..f
        };
        ok(s.update_item(p.jobs_item, 2, &cleared, by(off, 6)).await);
        assert_eq!(ok(s.planned_investment(p.jobs_item).await), None);
        assert_not_found(s.planned_investment(ItemId(UNKNOWN)).await, "item");
    }
}

#[tokio::test]
async fn a_periods_fiscal_source_is_kept_changed_and_cleared() {
    for db in TestDb::all().await {
        let s = Case::open(db).await;
        let w = world(&s).await;
        let (p, off) = (&w.p, w.u.office);
        assert_eq!(ok(s.fiscal_source(p.period).await), None);
        let f =
            ok(period_fields("2019-06").with_fiscal_source(Some("市财政局2019年6月财政收支快报")));
        let june = ok(s.create_period(p.plan, &f, by(off, 5)).await);
        assert_eq!(
            ok(s.fiscal_source(june.value.id).await).as_deref(),
            Some("市财政局2019年6月财政收支快报")
        );
        let g = ok(period_fields("2019-06").with_fiscal_source(Some("市财政局快报")));
        ok(
            s.update_period(june.value.id, 1, &g, PeriodState::Open, by(off, 6))
                .await,
        );
        assert_eq!(
            ok(s.fiscal_source(june.value.id).await).as_deref(),
            Some("市财政局快报")
        );
        ok(s.update_period(
            june.value.id,
            2,
            &period_fields("2019-06"),
            PeriodState::Open,
            by(off, 7),
        )
        .await);
        assert_eq!(ok(s.fiscal_source(june.value.id).await), None);
        assert_not_found(s.fiscal_source(PeriodId(UNKNOWN)).await, "period");
    }
}

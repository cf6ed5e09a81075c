//! 绩效考评 over HTTP on a hand-made period: a small plan of two items, four units
//! and one month, whose league tables are worked out by hand below; evaluators enter
//! their scores, the office approves and the tables freeze; the scheme is the office's.

mod common;

use common::*;
use duban_domain::checks::{Rule, Warning};
use duban_domain::indicator::{IndicatorFields, IndicatorInput};
use duban_domain::period::PeriodFields;
use duban_domain::plan::{AreaFields, ItemFields, PlanFields};
use duban_domain::problem::{ProblemAction, ProblemFields, ProblemInput};
use duban_domain::{
    Date, Decimal, Figure, FiscalOverview, IndicatorId, ItemId, PeriodId, PlanId, Reading,
    RegionTarget, UnitId, UserId,
};
use duban_store::Change;
use duban_store::reports::{ReportAction, ReportContent};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn d(s: &str) -> Decimal {
    Decimal::parse(s).expect("decimal")
}

/// Epoch ms of `hour` o'clock Beijing time on `day`.
fn beijing(day: &str, hour: i64) -> i64 {
    let days = Date::parse(day).expect("date").days_since_epoch();
    days * 86_400_000 + (hour - 8) * 3_600_000
}

struct Fixture {
    plan: PlanId,
    period: PeriodId,
    jiaotong: UnitId,
    jiaoyu: UnitId,
    lanshan: UnitId,
    luozhuang: UnitId,
}

async fn user(app: &TestApp, username: &str) -> UserId {
    app.store
        .user_for_login(username)
        .await
        .expect("user")
        .expect("demo account")
        .0
        .value
        .id
}

/// A cumulative indicator with a quarterly plan reaching `q2` by the end of June.
fn cumulative(target: &str, q: [&str; 4], regions: Vec<RegionTarget>) -> IndicatorFields {
    IndicatorFields::parse(IndicatorInput {
        seq: 1,
        name: "完成量",
        kind: "cumulative",
        unit: Some("个"),
        target: Some(d(target)),
        decimals: Some(0),
        regions,
        quarterly: Some(q.map(d)),
        ..Default::default()
    })
    .expect("indicator")
}

/// A unit's report with `figures` by its reporter (`tb-<code>`), submitted at
/// `submitted` (with a warning kept when `warned`), then reviewed and approved by the
/// office.
async fn approved(
    app: &TestApp,
    f: &Fixture,
    item: ItemId,
    code: &str,
    figures: Vec<Figure>,
    submitted: i64,
    warned: Option<IndicatorId>,
) {
    let unit = UnitId(app.unit(code));
    let office = user(app, "ducha").await;
    let reporter = user(app, &format!("tb-{code}")).await;
    let s = &app.store;
    let by = |who, t| Change {
        actor: Some(who),
        at: t,
    };
    let content = ReportContent {
        figures,
        narrative: Some("按计划推进".into()),
        funding: Vec::new(),
    };
    let r = s
        .create_report(
            f.period,
            item,
            unit,
            &content,
            by(reporter, submitted - 60_000),
        )
        .await
        .expect("report");
    let warnings: Vec<(Warning, String)> = warned
        .map(|ind| {
            let w = Warning {
                rule: Rule::CumulativeFell,
                indicator_id: ind,
                region_id: Some(unit),
                message_zh: "累计值低于上期".into(),
                message_en: "the cumulative value fell".into(),
            };
            (w, "统计口径调整".to_string())
        })
        .into_iter()
        .collect();
    let id = r.value.id;
    s.report_action(
        id,
        1,
        ReportAction::Submit,
        None,
        &warnings,
        by(reporter, submitted),
    )
    .await
    .expect("submit");
    for (v, a) in [(2, ReportAction::Review), (3, ReportAction::Approve)] {
        s.report_action(id, v, a, None, &[], by(office, submitted + 60_000))
            .await
            .expect("review");
    }
}

/// A problem of `owner` due on `deadline`, reported rectified on `rectified`.
async fn problem(app: &TestApp, f: &Fixture, owner: UnitId, deadline: &str, rectified: &str) {
    let office = user(app, "ducha").await;
    let s = &app.store;
    let fields = ProblemFields::parse(ProblemInput {
        owner_unit_id: owner.0,
        title: "进度核查发现的问题",
        description: "部分工程未按期开工",
        deadline,
        ..Default::default()
    })
    .expect("problem");
    let ch = |t| Change {
        actor: Some(office),
        at: t,
    };
    let p = s
        .create_problem(f.plan, &fields, ch(beijing("2019-06-01", 9)))
        .await
        .expect("problem");
    let id = p.value.id;
    s.problem_action(
        id,
        1,
        ProblemAction::Start,
        None,
        ch(beijing("2019-06-02", 9)),
    )
    .await
    .expect("start");
    s.problem_action(
        id,
        2,
        ProblemAction::Rectify,
        Some("已整改"),
        ch(beijing(rectified, 9)),
    )
    .await
    .expect("rectify");
}

/// The hand-made plan and its June:
/// - item 1, led by 市交通运输局: 100 by the year's end, 50 by June; it reports 45
///   on 3 July (on time), and rectified its problem due 20 June only on 25 June;
/// - item 2, led by 市教育局, split 100 + 100 over 兰山区 and 罗庄区: 100 by June; 兰山
///   reports 60 on 2 July, 罗庄 40 on 4 July keeping a warning, and 教育局 (which owes
///   the item's report, its figures coming from the regions) reports on 8 July, late;
///   its problem due 15 June was rectified on 10 June.
async fn hand_made(app: &TestApp) -> Fixture {
    let office = user(app, "ducha").await;
    let ch = Change {
        actor: Some(office),
        at: beijing("2019-06-01", 8),
    };
    let s = &app.store;
    let unit = |code| UnitId(app.unit(code));
    let (jiaotong, jiaoyu, lanshan, luozhuang) = (
        unit("jiaotong"),
        unit("jiaoyu"),
        unit("lanshan"),
        unit("luozhuang"),
    );
    let plan = s
        .create_plan(
            &PlanFields::parse(2019, "考评测试计划", None, None).expect("plan"),
            ch,
        )
        .await
        .expect("plan")
        .value
        .id;
    let area = s
        .create_area(plan, &AreaFields::parse(1, "测试领域").expect("area"), ch)
        .await
        .expect("area")
        .value
        .id;
    let item = |n, title, lead, regions| {
        ItemFields::parse(area, n, title, lead, vec![], regions, None).expect("item")
    };
    let roads = s
        .create_item(&item(1, "道路建设", jiaotong, vec![]), ch)
        .await
        .expect("item")
        .value
        .id;
    let schools = s
        .create_item(&item(2, "学校建设", jiaoyu, vec![lanshan, luozhuang]), ch)
        .await
        .expect("item")
        .value
        .id;
    let road_km = s
        .create_indicator(
            roads,
            &cumulative("100", ["20", "50", "75", "100"], vec![]),
            ch,
        )
        .await
        .expect("indicator")
        .value
        .id;
    let share = |r| RegionTarget {
        region_id: r,
        target: Some(d("100")),
    };
    let classrooms = s
        .create_indicator(
            schools,
            &cumulative(
                "200",
                ["40", "100", "150", "200"],
                vec![share(lanshan), share(luozhuang)],
            ),
            ch,
        )
        .await
        .expect("indicator")
        .value
        .id;
    let fiscal = FiscalOverview {
        spending: None,
        growth_pct: None,
        share_pct: None,
    };
    let period = s
        .create_period(
            plan,
            &PeriodFields::parse(2019, "2019-06", None, None, fiscal).expect("period"),
            ch,
        )
        .await
        .expect("period")
        .value
        .id;
    let f = Fixture {
        plan,
        period,
        jiaotong,
        jiaoyu,
        lanshan,
        luozhuang,
    };
    let value = |ind, region, v: &str| Figure {
        indicator_id: ind,
        region_id: region,
        reading: Reading::Value(d(v)),
    };
    approved(
        app,
        &f,
        roads,
        "jiaotong",
        vec![value(road_km, None, "45")],
        beijing("2019-07-03", 10),
        None,
    )
    .await;
    approved(
        app,
        &f,
        schools,
        "lanshan",
        vec![value(classrooms, Some(lanshan), "60")],
        beijing("2019-07-02", 10),
        None,
    )
    .await;
    approved(
        app,
        &f,
        schools,
        "luozhuang",
        vec![value(classrooms, Some(luozhuang), "40")],
        beijing("2019-07-04", 10),
        Some(classrooms),
    )
    .await;
    approved(
        app,
        &f,
        schools,
        "jiaoyu",
        vec![],
        beijing("2019-07-08", 10),
        None,
    )
    .await;
    problem(app, &f, jiaotong, "2019-06-20", "2019-06-25").await;
    problem(app, &f, jiaoyu, "2019-06-15", "2019-06-10").await;
    f
}

/// A league table as (unit, rank, total, each criterion's score or its kind); numbers
/// as floats, so that 100 and 100.0 compare equal.
fn table(view: &Value, league: &str) -> Vec<(i64, Value, Value, Vec<Value>)> {
    view["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .find(|t| t["league"] == league)
        .unwrap_or_else(|| panic!("no {league} in {view}"))["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            let lines = r["lines"]
                .as_array()
                .expect("lines")
                .iter()
                .map(|l| match l["kind"].as_str() {
                    Some("scored") => json!(l["score"].as_f64()),
                    other => json!(other),
                })
                .collect();
            (
                r["unit_id"].as_i64().expect("unit"),
                r["rank"].clone(),
                json!(r["total"].as_f64()),
                lines,
            )
        })
        .collect()
}

async fn enter(app: &TestApp, token: &str, period: PeriodId, unit: UnitId, score: f64) -> Value {
    let a = app
        .change(
            Method::POST,
            &format!("/api/v1/periods/{}/evaluation/entries", period.0),
            token,
            "\"v1\"",
            json!({"unit_id": unit.0, "third_party": score, "comment": "现场核查"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    a.body
}

#[tokio::test]
async fn a_hand_made_period_is_scored_and_ranked_as_worked_out_by_hand() {
    for app in apps().await {
        let f = hand_made(&app).await;
        let evaluator = app.token("pinggu").await;
        let path = format!("/api/v1/periods/{}/evaluation", f.period.0);
        for (who, score) in [(f.jiaotong, 80.0), (f.jiaoyu, 90.0), (f.lanshan, 85.0)] {
            enter(&app, &evaluator, f.period, who, score).await;
        }
        let office = app.token("ducha").await;
        let v = app.get(&path, &office).await;
        assert_eq!(v.status, StatusCode::OK, "{v:?}");
        // Standard scheme: progress 40, on time 15, quality 15, rectification 15,
        // third party 15.
        // 教育局: progress (60 + 40) / 100 by a schedule of 50% → 100; on time 0/1;
        // quality 1/1; rectified 1/1; third party 90 → (4000 + 0 + 1500 + 1500 +
        // 1350) / 100 = 83.50.
        // 交通运输局: 45% by 50% → 90; 1/1; 1/1; 0/1; 80 → (3600 + 1500 + 1500 + 0 +
        // 1200) / 100 = 78.00.
        assert_eq!(
            table(&v.body, "units"),
            vec![
                (
                    f.jiaoyu.0,
                    json!(1),
                    json!(83.5),
                    vec![
                        json!(100.0),
                        json!(0.0),
                        json!(100.0),
                        json!(100.0),
                        json!(90.0)
                    ]
                ),
                (
                    f.jiaotong.0,
                    json!(2),
                    json!(78.0),
                    vec![
                        json!(90.0),
                        json!(100.0),
                        json!(100.0),
                        json!(0.0),
                        json!(80.0)
                    ]
                ),
            ]
        );
        // 兰山区: 60% by 50% → 100 (capped); 1/1; 1/1; no problem due, so its 15
        // points go to the rest: (4000 + 1500 + 1500 + 1275) / 85 = 97.35.
        // 罗庄区: 40% by 50% → 80; 1/1; a warning kept → 0; no problem; no score yet:
        // provisional (3200 + 1500 + 0) / 70 = 67.14, unranked.
        assert_eq!(
            table(&v.body, "regions"),
            vec![
                (
                    f.lanshan.0,
                    json!(1),
                    json!(97.35),
                    vec![
                        json!(100.0),
                        json!(100.0),
                        json!(100.0),
                        json!("not_applicable"),
                        json!(85.0)
                    ]
                ),
                (
                    f.luozhuang.0,
                    Value::Null,
                    json!(67.14),
                    vec![
                        json!(80.0),
                        json!(100.0),
                        json!(0.0),
                        json!("not_applicable"),
                        json!("pending")
                    ]
                ),
            ]
        );
        let lanshan = &v.body["tables"][1]["rows"][0];
        assert_eq!(lanshan["lines"][0]["effective_weight"], json!(47.06));
        assert_eq!(lanshan["comment"], "现场核查");

        // Approval waits for every score; then the tables freeze.
        let approve = format!("/api/v1/periods/{}/evaluation/approval", f.period.0);
        let early = app.post(&approve, &office, json!({})).await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{early:?}");
        assert!(early.text.contains("罗庄区"), "{}", early.text);
        let luozhuang = enter(&app, &evaluator, f.period, f.luozhuang, 70.0).await;
        assert_eq!(luozhuang["version"], 2);
        let done = app.post(&approve, &office, json!({})).await;
        assert_eq!(done.status, StatusCode::OK, "{done:?}");
        assert_eq!(done.body["approved"], true);
        // (3200 + 1500 + 0 + 1050) / 85 = 67.65, second.
        assert_eq!(
            table(&done.body, "regions")[1],
            (
                f.luozhuang.0,
                json!(2),
                json!(67.65),
                vec![
                    json!(80.0),
                    json!(100.0),
                    json!(0.0),
                    json!("not_applicable"),
                    json!(70.0)
                ]
            )
        );
        let again = app
            .change(
                Method::POST,
                &format!("/api/v1/periods/{}/evaluation/entries", f.period.0),
                &evaluator,
                "\"v2\"",
                json!({"unit_id": f.luozhuang.0, "third_party": 99}),
            )
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{again:?}");
        // A new scheme does not change what was approved.
        let scheme_path = format!("/api/v1/plans/{}/evaluation-scheme", f.plan.0);
        let scheme = app.get(&scheme_path, &office).await;
        let set = app
            .call(
                Method::PUT,
                &scheme_path,
                Some(&office),
                Some(json!({"criteria": [{"criterion": "progress", "weight": 100}]})),
                &[("if-match", &scheme.etag())],
            )
            .await;
        assert_eq!(set.status, StatusCode::OK, "{set:?}");
        let after = app.get(&path, &app.token("lingdao").await).await;
        assert_eq!(table(&after.body, "units"), table(&done.body, "units"));
        assert_eq!(after.body["criteria"].as_array().map(Vec::len), Some(5));

        // The tables download as a workbook whose CSV carries the same totals.
        let csv = app
            .get(
                &format!(
                    "/api/v1/periods/{}/evaluation/export?format=csv",
                    f.period.0
                ),
                &office,
            )
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(
            csv.text
                .contains("市教育局,100.00,0.00,100.00,100.00,90.00,83.50,已评定"),
            "{}",
            csv.text
        );
    }
}

#[tokio::test]
async fn only_the_office_sets_the_scheme_only_evaluators_enter_scores_and_bad_scores_change_nothing()
 {
    for app in apps().await {
        let f = hand_made(&app).await;
        let entries = format!("/api/v1/periods/{}/evaluation/entries", f.period.0);
        let body = json!({"unit_id": f.lanshan.0, "third_party": 88});
        let office = app.token("ducha").await;
        let a = app
            .change(Method::POST, &entries, &office, "\"v1\"", body.clone())
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let reporter = app.token("tb-jiaotong").await;
        let a = app
            .get(
                &format!("/api/v1/periods/{}/evaluation", f.period.0),
                &reporter,
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let evaluator = app.token("pinggu").await;
        for (wrong, field) in [
            (
                json!({"unit_id": f.lanshan.0, "third_party": 100.5}),
                "third_party",
            ),
            (
                json!({"unit_id": f.lanshan.0, "satisfaction": -1}),
                "satisfaction",
            ),
            (
                json!({"unit_id": f.lanshan.0, "third_party": 80.125}),
                "third_party",
            ),
            (
                json!({"unit_id": app.unit("caizheng"), "third_party": 80}),
                "unit_id",
            ),
        ] {
            let a = app
                .change(Method::POST, &entries, &evaluator, "\"v1\"", wrong)
                .await;
            assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{a:?}");
            assert!(a.is_problem());
            assert!(a.text.contains(field), "{}", a.text);
        }
        let v = app
            .get(
                &format!("/api/v1/periods/{}/evaluation", f.period.0),
                &evaluator,
            )
            .await;
        assert!(
            v.body["tables"][1]["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .all(|r| r["entry_version"] == 1 && r["complete"] == false),
            "nothing was entered: {}",
            v.body
        );
        let scheme_path = format!("/api/v1/plans/{}/evaluation-scheme", f.plan.0);
        let scheme = app.get(&scheme_path, &evaluator).await;
        assert_eq!(scheme.body["criteria"].as_array().map(Vec::len), Some(5));
        let put = |token: String, body: Value| {
            let (app, path, tag) = (&app, scheme_path.clone(), scheme.etag());
            async move {
                app.call(
                    Method::PUT,
                    &path,
                    Some(&token),
                    Some(body),
                    &[("if-match", &tag)],
                )
                .await
            }
        };
        let a = put(
            evaluator.clone(),
            json!({"criteria": [{"criterion": "progress", "weight": 100}]}),
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let a = put(
            office.clone(),
            json!({"criteria": [{"criterion": "progress", "weight": 60}, {"criterion": "speed", "weight": 40}]}),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{a:?}");
        assert!(a.text.contains("criteria/1/criterion"), "{}", a.text);
        let unchanged = app.get(&scheme_path, &office).await;
        assert_eq!(unchanged.body["version"], 1);
    }
}

#[tokio::test]
async fn the_evaluator_scores_a_unit_on_the_page_and_the_office_cannot_approve_an_incomplete_period()
 {
    use common::pages::{browser, get, html_problems, post_form, session};
    for app in apps().await {
        let http = browser();
        let evaluator = session(&app, &http, "pinggu").await;
        let res = get(&http, &app, "/evaluation", &evaluator).await;
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.expect("html");
        assert!(html.contains("绩效考评 · 2019-05"), "{html}");
        assert!(
            html.contains("市直部门排名") && html.contains("县区排名"),
            "{html}"
        );
        assert_eq!(html_problems(&html), Vec::<String>::new());
        let yibao = app.unit("yibao").to_string();
        let period = app
            .get("/api/v1/plans/1/periods", &app.token("ducha").await)
            .await
            .body["items"][0]["id"]
            .as_i64()
            .expect("period")
            .to_string();
        let enter_on_page = |score: &'static str| {
            let fields = [
                ("period", period.as_str()),
                ("unit_id", yibao.as_str()),
                ("version", "1"),
                ("third_party", score),
                ("satisfaction", ""),
                ("comment", "台账规范"),
            ];
            let (http, app, evaluator) = (&http, &app, &evaluator);
            async move { post_form(http, app, "/evaluation/entries", evaluator, &fields).await }
        };
        let res = enter_on_page("101").await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let refused = res.text().await.expect("html");
        assert!(refused.contains("评分应在0到100之间"), "{refused}");
        let res = enter_on_page("88.5").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let html = get(
            &http,
            &app,
            &format!("/evaluation?period={period}&ok=entry"),
            &evaluator,
        )
        .await
        .text()
        .await
        .expect("html");
        assert!(
            html.contains("已保存评分。") && html.contains("台账规范"),
            "{html}"
        );
        assert!(html.contains("value=\"88.5\""), "{html}");

        let office = session(&app, &http, "ducha").await;
        let res = post_form(
            &http,
            &app,
            "/evaluation/approve",
            &office,
            &[("period", &period)],
        )
        .await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        assert!(res.text().await.expect("html").contains("尚待评分"));
        let reporter = session(&app, &http, "yibao-tb").await;
        assert_eq!(
            get(&http, &app, "/evaluation", &reporter).await.status(),
            StatusCode::FORBIDDEN
        );
    }
}

//! 资金 over HTTP on a hand-made plan: two items in two areas with planned investments,
//! units reporting money by source with their figures, and the period's roll-up by
//! source, area and region worked out by hand below. Bad lines change nothing; roles
//! that may not write or read are refused.

mod common;

use common::pages::{browser, get, html_problems, post_form, session};
use common::*;
use duban_domain::period::PeriodFields;
use duban_domain::plan::{AreaFields, ItemFields, PlanFields};
use duban_domain::{Decimal, FiscalOverview, ItemId, PeriodId, ReportId, UnitId, UserId};
use duban_store::Change;
use duban_store::reports::ReportAction;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn d(s: &str) -> Decimal {
    Decimal::parse(s).expect("decimal")
}

struct Fixture {
    period: PeriodId,
    roads: ItemId,
    schools: ItemId,
    areas: [i64; 2],
    lanshan: UnitId,
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

/// The hand-made plan, for 2020 so that the pages show it as the newest: 道路建设 (area 1, led by 市交通运输局, 1000万元 planned) and
/// 学校建设 (area 2, led by 市教育局 over 兰山区 and 罗庄区, 500万元 planned), and its
/// June. No indicators: the reports carry money only.
async fn hand_made(app: &TestApp) -> Fixture {
    let office = user(app, "ducha").await;
    let ch = Change {
        actor: Some(office),
        at: 1_559_347_200_000,
    };
    let s = &app.store;
    let unit = |code| UnitId(app.unit(code));
    let plan = s
        .create_plan(
            &PlanFields::parse(2020, "资金测试计划", None, None).expect("plan"),
            ch,
        )
        .await
        .expect("plan")
        .value
        .id;
    let mut areas = [0; 2];
    for (k, title) in ["城乡建设", "教育"].into_iter().enumerate() {
        areas[k] = s
            .create_area(
                plan,
                &AreaFields::parse(k as i64 + 1, title).expect("area"),
                ch,
            )
            .await
            .expect("area")
            .value
            .id
            .0;
    }
    let item = |area: i64, n, title, lead, regions, planned: &str| ItemFields {
        planned_investment: Some(d(planned)),
        ..ItemFields::parse(
            duban_domain::AreaId(area),
            n,
            title,
            lead,
            vec![],
            regions,
            None,
        )
        .expect("item")
    };
    let roads = s
        .create_item(
            &item(areas[0], 1, "道路建设", unit("jiaotong"), vec![], "1000"),
            ch,
        )
        .await
        .expect("item")
        .value
        .id;
    let schools = s
        .create_item(
            &item(
                areas[1],
                2,
                "学校建设",
                unit("jiaoyu"),
                vec![unit("lanshan"), unit("luozhuang")],
                "500",
            ),
            ch,
        )
        .await
        .expect("item")
        .value
        .id;
    let period = s
        .create_period(
            plan,
            &PeriodFields::parse(2020, "2020-06", None, None, FiscalOverview::default())
                .expect("period"),
            ch,
        )
        .await
        .expect("period")
        .value
        .id;
    Fixture {
        period,
        roads,
        schools,
        areas,
        lanshan: unit("lanshan"),
    }
}

/// A unit's report on `item` with `funding`, written over HTTP by its reporter.
async fn report(app: &TestApp, f: &Fixture, item: ItemId, code: &str, funding: Value) -> ReportId {
    let token = app.token(&format!("tb-{code}")).await;
    let a = app
        .post(
            "/api/v1/reports",
            &token,
            json!({"period_id": f.period.0, "item_id": item.0, "figures": [], "funding": funding}),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{a:?}");
    ReportId(a.body["id"].as_i64().expect("id"))
}

/// Submits the report, and unless `only_submit`, has it reviewed and approved.
async fn through_review(app: &TestApp, id: ReportId, code: &str, only_submit: bool) {
    let reporter = user(app, &format!("tb-{code}")).await;
    let office = user(app, "ducha").await;
    let by = |who| Change {
        actor: Some(who),
        at: duban_store::now_ms(),
    };
    let s = &app.store;
    s.report_action(id, 1, ReportAction::Submit, None, &[], by(reporter))
        .await
        .expect("submit");
    if only_submit {
        return;
    }
    for (v, a) in [(2, ReportAction::Review), (3, ReportAction::Approve)] {
        s.report_action(id, v, a, None, &[], by(office))
            .await
            .expect("review");
    }
}

fn line(source: &str, raised: i64, allocated: i64, spent: i64) -> Value {
    json!({"source": source, "raised": raised, "allocated": allocated, "spent": spent})
}

/// An area's roll-up: its id, its funds, its planned investment and the share spent.
type AreaRow = (i64, (f64, f64, f64), Option<f64>, Option<f64>);

/// Raised, allocated and spent of a roll-up part, as floats.
fn funds(v: &Value) -> (f64, f64, f64) {
    let n = |k: &str| v[k].as_f64().unwrap_or_else(|| panic!("no {k} in {v}"));
    (n("raised"), n("allocated"), n("spent"))
}

/// The hand-made reports:
/// - 交通运输局 on 道路建设: 上级补助 300/200/150, 市本级 100/100/50 — approved;
/// - 教育局 on 学校建设: 市本级 200/150/100 — approved;
/// - 兰山区 on 学校建设: 县区 80/60/30, 社会资本 50/50/20 — approved;
/// - 罗庄区 on 学校建设: 县区 40/40/40 — submitted only, so it does not count.
async fn reported(app: &TestApp, f: &Fixture) {
    let roads = report(
        app,
        f,
        f.roads,
        "jiaotong",
        json!([line("superior", 300, 200, 150), line("city", 100, 100, 50)]),
    )
    .await;
    through_review(app, roads, "jiaotong", false).await;
    let jiaoyu = report(
        app,
        f,
        f.schools,
        "jiaoyu",
        json!([line("city", 200, 150, 100)]),
    )
    .await;
    through_review(app, jiaoyu, "jiaoyu", false).await;
    let lanshan = report(
        app,
        f,
        f.schools,
        "lanshan",
        json!([line("social", 50, 50, 20), line("county", 80, 60, 30)]),
    )
    .await;
    through_review(app, lanshan, "lanshan", false).await;
    let luozhuang = report(
        app,
        f,
        f.schools,
        "luozhuang",
        json!([line("county", 40, 40, 40)]),
    )
    .await;
    through_review(app, luozhuang, "luozhuang", true).await;
}

#[tokio::test]
async fn a_periods_funding_is_rolled_up_by_source_area_and_region_as_worked_out_by_hand() {
    for app in apps().await {
        let f = hand_made(&app).await;
        reported(&app, &f).await;
        let office = app.token("ducha").await;
        let path = format!("/api/v1/periods/{}/funding", f.period.0);
        let v = app.get(&path, &office).await;
        assert_eq!(v.status, StatusCode::OK, "{v:?}");
        let b = &v.body;
        // By source, over the three approved reports (罗庄区's is only submitted).
        let by_source: Vec<(String, (f64, f64, f64))> = b["total"]["by_source"]
            .as_array()
            .expect("by_source")
            .iter()
            .map(|s| (s["source"].as_str().expect("source").to_string(), funds(s)))
            .collect();
        assert_eq!(
            by_source,
            vec![
                ("superior".into(), (300.0, 200.0, 150.0)),
                ("city".into(), (300.0, 250.0, 150.0)),
                ("county".into(), (80.0, 60.0, 30.0)),
                ("social".into(), (50.0, 50.0, 20.0)),
                ("other".into(), (0.0, 0.0, 0.0)),
            ]
        );
        assert_eq!(b["total"]["by_source"][0]["label_zh"], "上级补助");
        // The plan: 730 raised, 560 allocated, 350 spent of 1500 planned: 23.3%.
        assert_eq!(funds(&b["total"]["total"]), (730.0, 560.0, 350.0));
        assert_eq!(b["total"]["planned"].as_f64(), Some(1500.0));
        assert_eq!(b["total"]["spent_pct"].as_f64(), Some(23.3));
        // 城乡建设: 道路建设 alone, 200 spent of 1000: 20%. 教育: 150 of 500: 30%.
        let areas: Vec<AreaRow> = b["by_area"]
            .as_array()
            .expect("by_area")
            .iter()
            .map(|a| {
                (
                    a["area_id"].as_i64().expect("area"),
                    funds(&a["total"]),
                    a["planned"].as_f64(),
                    a["spent_pct"].as_f64(),
                )
            })
            .collect();
        assert_eq!(
            areas,
            vec![
                (f.areas[0], (400.0, 300.0, 200.0), Some(1000.0), Some(20.0)),
                (f.areas[1], (330.0, 260.0, 150.0), Some(500.0), Some(30.0)),
            ]
        );
        // Regions: 兰山区's own lines; no share of a planned investment to compare with.
        let regions = b["by_region"].as_array().expect("by_region");
        assert_eq!(regions.len(), 1, "{regions:?}");
        assert_eq!(regions[0]["unit_id"].as_i64(), Some(f.lanshan.0));
        assert_eq!(regions[0]["name"], "兰山区");
        assert_eq!(funds(&regions[0]["total"]), (130.0, 110.0, 50.0));
        assert_eq!(regions[0]["planned"], Value::Null);
        assert_eq!(regions[0]["spent_pct"], Value::Null);

        // The item's own view: its planned investment and approved money by source.
        let item = app
            .get(&format!("/api/v1/items/{}", f.schools.0), &office)
            .await;
        assert_eq!(item.status, StatusCode::OK, "{item:?}");
        assert_eq!(item.body["planned_investment"].as_f64(), Some(500.0));
        assert_eq!(funds(&item.body["funding"]["total"]), (330.0, 260.0, 150.0));
        assert_eq!(item.body["funding"]["spent_pct"].as_f64(), Some(30.0));
    }
}

#[tokio::test]
async fn the_office_sets_an_items_planned_investment_and_a_periods_fiscal_source() {
    for app in apps().await {
        let f = hand_made(&app).await;
        let office = app.token("ducha").await;
        let item = format!("/api/v1/items/{}", f.roads.0);
        let etag = app.get(&item, &office).await.etag();
        let a = app
            .change(
                Method::PATCH,
                &item,
                &office,
                &etag,
                json!({"planned_investment": 1250.5}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        assert_eq!(a.body["planned_investment"].as_f64(), Some(1250.5));
        let v = app
            .get(&format!("/api/v1/periods/{}/funding", f.period.0), &office)
            .await;
        assert_eq!(v.body["total"]["planned"].as_f64(), Some(1750.5));
        assert_eq!(v.body["total"]["spent_pct"].as_f64(), Some(0.0));

        let period = format!("/api/v1/periods/{}", f.period.0);
        let etag = app.get(&period, &office).await.etag();
        let source = "市财政局2020年6月财政收支快报";
        let a = app
            .change(
                Method::PATCH,
                &period,
                &office,
                &etag,
                json!({"spending": 248.2, "growth_pct": 3.6, "share_pct": 81.4,
                       "fiscal_source": source}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        assert_eq!(a.body["fiscal_source"], source);
        let v = app
            .get(&format!("/api/v1/periods/{}/funding", f.period.0), &office)
            .await;
        assert_eq!(v.body["fiscal"]["source"], source);
        assert_eq!(v.body["fiscal"]["spending"].as_f64(), Some(248.2));
        assert_eq!(v.body["fiscal"]["share_pct"].as_f64(), Some(81.4));

        // A reporter changes neither.
        let reporter = app.token("tb-jiaotong").await;
        let etag = app.get(&item, &office).await.etag();
        let a = app
            .change(
                Method::PATCH,
                &item,
                &reporter,
                &etag,
                json!({"planned_investment": 1}),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{a:?}");
        let got = app.get(&item, &office).await;
        assert_eq!(got.body["planned_investment"].as_f64(), Some(1250.5));
    }
}

#[tokio::test]
async fn bad_funding_lines_are_refused_naming_each_and_change_nothing() {
    for app in apps().await {
        let f = hand_made(&app).await;
        let token = app.token("tb-jiaotong").await;
        let body = |funding: Value| json!({"period_id": f.period.0, "item_id": f.roads.0, "figures": [], "funding": funding});
        let bad = body(json!([
            line("city", 10, 5, 6),
            {"source": "bank", "raised": 1},
            line("superior", 10, 12, 0),
            {"source": "social", "raised": -1},
            line("city", 1, 1, 1),
        ]));
        let a = app.post("/api/v1/reports", &token, bad).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{a:?}");
        assert!(a.is_problem(), "{a:?}");
        let mut fields: Vec<&str> = a.body["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| e["field"].as_str().expect("field"))
            .collect();
        fields.sort();
        assert_eq!(
            fields,
            vec![
                "funding/0/spent",
                "funding/1/source",
                "funding/2/allocated",
                "funding/3/raised",
                "funding/4/source",
            ]
        );
        let office = app.token("ducha").await;
        let list = format!("/api/v1/reports?period_id={}", f.period.0);
        assert_eq!(app.get(&list, &office).await.body["total"], 0);

        // A good report, then a bad revision: the report keeps its version and lines.
        let good = app
            .post(
                "/api/v1/reports",
                &token,
                body(json!([line("city", 10, 5, 2)])),
            )
            .await;
        assert_eq!(good.status, StatusCode::CREATED, "{good:?}");
        assert_eq!(
            good.body["funding"],
            json!([line("city", 10, 5, 2)]),
            "{good:?}"
        );
        let at = format!("/api/v1/reports/{}", good.body["id"]);
        let etag = good.etag();
        let a = app
            .change(
                Method::PATCH,
                &at,
                &token,
                &etag,
                json!({"funding": [line("city", 10, 11, 2)]}),
            )
            .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{a:?}");
        assert_eq!(a.body["errors"][0]["field"], "funding/0/allocated");
        let now = app.get(&at, &token).await;
        assert_eq!(now.etag(), etag);
        assert_eq!(now.body["funding"], json!([line("city", 10, 5, 2)]));

        // A good revision is a new version; the old one keeps its lines.
        let a = app
            .change(
                Method::PATCH,
                &at,
                &token,
                &etag,
                json!({"funding": [line("other", 3, 0, 0)]}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        let h = app.get(&format!("{at}/versions"), &token).await;
        assert_eq!(
            h.body["versions"][0]["funding"],
            json!([line("city", 10, 5, 2)])
        );
        assert_eq!(
            h.body["versions"][1]["funding"],
            json!([line("other", 3, 0, 0)])
        );
    }
}

#[tokio::test]
async fn only_a_units_reporter_writes_its_funding_and_administrators_read_no_roll_up() {
    for app in apps().await {
        let f = hand_made(&app).await;
        let body = json!({"period_id": f.period.0, "item_id": f.roads.0, "figures": [],
                          "unit_id": app.unit("jiaotong"),
                          "funding": [line("city", 10, 5, 2)]});
        for who in ["ducha", "tb-jiaoyu", "lingdao", "pinggu"] {
            let token = app.token(who).await;
            let a = app.post("/api/v1/reports", &token, body.clone()).await;
            assert_eq!(a.status, StatusCode::FORBIDDEN, "{who}: {a:?}");
        }
        let path = format!("/api/v1/periods/{}/funding", f.period.0);
        for who in ["xitong", "anquan", "shenji"] {
            let token = app.token(who).await;
            assert_eq!(
                app.get(&path, &token).await.status,
                StatusCode::FORBIDDEN,
                "{who}"
            );
        }
        let anonymous = app.call(Method::GET, &path, None, None, &[]).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        let reporter = app.token("tb-jiaotong").await;
        assert_eq!(app.get(&path, &reporter).await.status, StatusCode::OK);
        let office = app.token("ducha").await;
        let missing = app.get("/api/v1/periods/999999/funding", &office).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_fill_in_form_takes_funding_by_source_and_the_funding_page_rolls_it_up() {
    for app in apps().await {
        let f = hand_made(&app).await;
        let http = browser();
        let cookie = session(&app, &http, "tb-jiaotong").await;
        let path = format!("/tasks/{}", f.roads.0);
        let form = get(&http, &app, &path, &cookie).await;
        assert_eq!(form.status(), StatusCode::OK);
        let html = form.text().await.expect("html");
        assert_eq!(html_problems(&html), Vec::<String>::new());
        assert!(
            html.contains("name=\"funding/0/raised\"") && html.contains("上级补助"),
            "{html}"
        );

        // More allocated than raised: the form again with the reason beside the row.
        let bad = post_form(
            &http,
            &app,
            &path,
            &cookie,
            &[
                ("version", ""),
                ("funding/0/source", "superior"),
                ("funding/0/raised", "10"),
                ("funding/0/allocated", "12"),
                ("action", "save"),
            ],
        )
        .await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = bad.text().await.expect("html");
        assert!(
            html.contains("上级补助拨付资金不能多于筹集资金") && html.contains("value=\"12\""),
            "{html}"
        );
        let token = app.token("tb-jiaotong").await;
        let list = format!("/api/v1/reports?period_id={}", f.period.0);
        assert_eq!(app.get(&list, &token).await.body["total"], 0);

        // Saved: the city's row becomes the report's one line, the rest stay empty.
        let ok = post_form(
            &http,
            &app,
            &path,
            &cookie,
            &[
                ("version", ""),
                ("funding/1/source", "city"),
                ("funding/1/raised", "40"),
                ("funding/1/allocated", "40"),
                ("funding/1/spent", "10"),
                ("action", "save"),
            ],
        )
        .await;
        assert!(ok.status().is_redirection(), "{}", ok.status());
        let reports = app.get(&list, &token).await.body;
        assert_eq!(
            reports["items"][0]["funding"],
            json!([line("city", 40, 40, 10)])
        );
        let html = get(&http, &app, &path, &cookie)
            .await
            .text()
            .await
            .expect("html");
        assert!(
            html.contains("name=\"funding/1/raised\" value=\"40\""),
            "{html}"
        );

        // Approved, it shows on the funding page and the item's page.
        let id = ReportId(reports["items"][0]["id"].as_i64().expect("id"));
        through_review(&app, id, "jiaotong", false).await;
        let office = session(&app, &http, "ducha").await;
        let review = get(&http, &app, &format!("/review/{}", id.0), &office)
            .await
            .text()
            .await
            .expect("html");
        assert!(
            review.contains("市本级") && review.contains("<td>40</td>"),
            "{review}"
        );
        let page = get(&http, &app, "/funding", &office).await;
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.expect("html");
        assert_eq!(html_problems(&html), Vec::<String>::new());
        assert!(
            html.contains("2020-06") && html.contains("<td>40</td>") && html.contains("城乡建设"),
            "{html}"
        );
        let item = get(&http, &app, &format!("/items/{}", f.roads.0), &office)
            .await
            .text()
            .await
            .expect("html");
        assert!(
            item.contains("1000万元") && item.contains("<td>10</td>"),
            "{item}"
        );
    }
}

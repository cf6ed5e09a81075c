//! 计划设置 in the pages: the office sets up areas, items and indicators with forms that
//! save through the API's own path, bad input comes back beside its field with nothing
//! changed, a stale form is refused, and only the office gets in.

mod common;

use common::pages::{browser, get, html_problems, post_form, session};
use common::{TestApp, apps};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Where a redirect goes.
fn location(res: &reqwest::Response) -> String {
    res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string()
}

/// The id in a path such as `/setup/items/7?ok=1` or `/setup?ok=1#area-7`.
fn id_after(loc: &str, prefix: &str) -> i64 {
    let rest = loc
        .split(prefix)
        .nth(1)
        .unwrap_or_else(|| panic!("{prefix} in {loc}"));
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or_else(|_| panic!("an id in {loc}"))
}

/// The version an ETag such as `"v3"` carries.
fn version_of(etag: &str) -> String {
    etag.trim_matches('"').trim_start_matches('v').to_string()
}

async fn plan_id(app: &TestApp, token: &str) -> i64 {
    let plans = app.get("/api/v1/plans?view=summary", token).await;
    plans.body["items"][0]["id"].as_i64().expect("a plan")
}

/// The part of a page from an element's `id="…"` on (to the end of the page).
fn from_id<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in {html}"));
    &html[at..]
}

#[tokio::test]
async fn the_office_sets_up_an_area_an_item_and_a_regional_indicator_with_a_quarterly_plan() {
    for app in apps().await {
        let http = browser();
        let cookie = session(&app, &http, "ducha").await;
        let token = app.token("ducha").await;
        let plan = plan_id(&app, &token).await;

        // The office finds the page from its header and from the plan page.
        let cockpit = get(&http, &app, "/cockpit", &cookie)
            .await
            .text()
            .await
            .unwrap();
        assert!(cockpit.contains("href=\"/setup\""), "{cockpit}");
        let plan_page = get(&http, &app, "/plan", &cookie)
            .await
            .text()
            .await
            .unwrap();
        assert!(plan_page.contains("href=\"/setup\""));

        // An area, put after the last.
        let areas_before = app
            .get(&format!("/api/v1/plans/{plan}/areas"), &token)
            .await;
        let last_seq = areas_before.body["items"]
            .as_array()
            .expect("areas")
            .iter()
            .filter_map(|a| a["seq"].as_i64())
            .max()
            .expect("areas");
        let res = post_form(
            &http,
            &app,
            &format!("/setup/plans/{plan}/areas"),
            &cookie,
            &[("seq", ""), ("title", "城乡环境整治方面")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let area = id_after(&location(&res), "#area-");
        let a = app.get(&format!("/api/v1/areas/{area}"), &token).await;
        assert_eq!(a.body["title"], "城乡环境整治方面");
        assert_eq!(a.body["seq"], last_seq + 1);
        let page = get(&http, &app, "/setup?ok=1", &cookie)
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("已保存。"));
        assert!(page.contains("城乡环境整治方面"));

        // An item in it, with every field the API takes.
        let (jiaoyu, canlian) = (app.unit("jiaoyu"), app.unit("canlian"));
        let (shibenji, lanshan) = (app.unit("shibenji"), app.unit("lanshan"));
        let res = post_form(
            &http,
            &app,
            "/setup/items",
            &cookie,
            &[
                ("area_id", &area.to_string()),
                ("number", "21"),
                ("title", "农村公厕改造"),
                ("lead_unit_id", &jiaoyu.to_string()),
                ("co_unit_ids", &canlian.to_string()),
                ("region_ids", &shibenji.to_string()),
                ("region_ids", &lanshan.to_string()),
                ("leader", "张三 副市长"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let loc = location(&res);
        assert!(loc.starts_with("/setup/items/"), "{loc}");
        let item = id_after(&loc, "/setup/items/");
        let it = app.get(&format!("/api/v1/items/{item}"), &token).await;
        assert_eq!(it.body["area_id"], area);
        assert_eq!(it.body["number"], 21);
        assert_eq!(it.body["title"], "农村公厕改造");
        assert_eq!(it.body["lead_unit_id"], jiaoyu);
        assert_eq!(it.body["co_unit_ids"], json!([canlian]));
        assert_eq!(it.body["region_ids"], json!([shibenji, lanshan]));
        assert_eq!(it.body["leader"], "张三 副市长");

        // Its page offers the item's regions for the split.
        let page = get(&http, &app, &loc, &cookie).await.text().await.unwrap();
        assert_eq!(html_problems(&page), Vec::<String>::new());
        let new_form = from_id(&page, "new-indicator");
        assert!(new_form.contains(&format!("name=\"region/{shibenji}\"")));
        assert!(new_form.contains(&format!("name=\"region/{lanshan}/target\"")));

        // A regional indicator with a quarterly plan.
        let (sb, ls) = (format!("region/{shibenji}"), format!("region/{lanshan}"));
        let (sbt, lst) = (format!("{sb}/target"), format!("{ls}/target"));
        let res = post_form(
            &http,
            &app,
            &format!("/setup/items/{item}/indicators"),
            &cookie,
            &[
                ("name", "改造农村公厕"),
                ("kind", "cumulative"),
                ("unit", "座"),
                ("target", "1000"),
                ("baseline", "100"),
                ("decimals", "0"),
                ("stages", ""),
                ("seq", ""),
                (&sb, "1"),
                (&sbt, "400"),
                (&ls, "1"),
                (&lst, "600"),
                ("q1", "200"),
                ("q2", "500"),
                ("q3", "800"),
                ("q4", "1000"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let loc = location(&res);
        let ind = id_after(&loc, "#ind-");
        let x = app.get(&format!("/api/v1/indicators/{ind}"), &token).await;
        assert_eq!(x.body["item_id"], item);
        assert_eq!(x.body["name"], "改造农村公厕");
        assert_eq!(x.body["kind"], "cumulative");
        assert_eq!(x.body["unit"], "座");
        assert_eq!(x.body["target"], 1000.0);
        assert_eq!(x.body["baseline"], 100.0);
        assert_eq!(x.body["decimals"], 0);
        assert_eq!(x.body["seq"], 1);
        let regions: Vec<(i64, f64)> = x.body["regions"]
            .as_array()
            .expect("regions")
            .iter()
            .map(|r| {
                (
                    r["region_id"].as_i64().unwrap(),
                    r["target"].as_f64().unwrap(),
                )
            })
            .collect();
        assert_eq!(regions, vec![(shibenji, 400.0), (lanshan, 600.0)]);
        assert_eq!(x.body["quarterly"], json!([200, 500, 800, 1000]));

        // The page shows it as stored, ready to change.
        let page = get(&http, &app, &loc, &cookie).await.text().await.unwrap();
        let form = from_id(&page, &format!("ind-{ind}"));
        assert!(
            form.contains(&format!("name=\"{lst}\" value=\"600\"")),
            "{form}"
        );
        assert!(form.contains("name=\"q2\" value=\"500\""));

        // The demo's plan is approved, its targets locked: back to a draft with the form.
        let p = app
            .get(&format!("/api/v1/plans/{plan}?view=summary"), &token)
            .await;
        let year = p.body["year"].to_string();
        let res = post_form(
            &http,
            &app,
            &format!("/setup/plans/{plan}"),
            &cookie,
            &[
                ("version", &version_of(&p.etag())),
                ("title", p.body["title"].as_str().unwrap()),
                ("year", &year),
                ("lagging_threshold", "10"),
                ("serious_threshold", "30"),
                ("state", "draft"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);

        // Changed with the form: 兰山区 drops out, 市本级 carries it all, no quarterly plan.
        let res = post_form(
            &http,
            &app,
            &format!("/setup/indicators/{ind}"),
            &cookie,
            &[
                ("version", &version_of(&x.etag())),
                ("name", "改造农村公厕(座)"),
                ("kind", "cumulative"),
                ("unit", "座"),
                ("target", "1000"),
                ("baseline", ""),
                ("decimals", "0"),
                ("seq", "1"),
                (&sb, "1"),
                (&sbt, "1000"),
                ("q1", ""),
                ("q2", ""),
                ("q3", ""),
                ("q4", ""),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let y = app.get(&format!("/api/v1/indicators/{ind}"), &token).await;
        assert_eq!(y.body["name"], "改造农村公厕(座)");
        assert_eq!(y.body["baseline"], Value::Null);
        assert_eq!(y.body["quarterly"], Value::Null);
        assert_eq!(y.body["regions"].as_array().map(Vec::len), Some(1));
        assert_eq!(y.body["regions"][0]["target"], 1000.0);

        // The area renamed and moved first; the item's leader cleared.
        let res = post_form(
            &http,
            &app,
            &format!("/setup/areas/{area}"),
            &cookie,
            &[
                ("version", &version_of(&a.etag())),
                ("seq", "0"),
                ("title", "城乡环境"),
            ],
        )
        .await;
        // Order numbers start at 1: refused beside the field, nothing changed.
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(from_id(&html, &format!("area{area}-seq-error")).contains("序号须在1至100000之间"));
        assert_eq!(
            app.get(&format!("/api/v1/areas/{area}"), &token).await.body["title"],
            "城乡环境整治方面"
        );
        let res = post_form(
            &http,
            &app,
            &format!("/setup/areas/{area}"),
            &cookie,
            &[
                ("version", &version_of(&a.etag())),
                ("seq", "1"),
                ("title", "城乡环境"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let a2 = app.get(&format!("/api/v1/areas/{area}"), &token).await;
        assert_eq!(
            (a2.body["seq"].as_i64(), a2.body["title"].as_str()),
            (Some(1), Some("城乡环境"))
        );

        let res = post_form(
            &http,
            &app,
            &format!("/setup/items/{item}"),
            &cookie,
            &[
                ("version", &version_of(&it.etag())),
                ("area_id", &area.to_string()),
                ("number", "21"),
                ("title", "农村公厕改造提升"),
                ("lead_unit_id", &jiaoyu.to_string()),
                ("region_ids", &shibenji.to_string()),
                ("leader", ""),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let it2 = app.get(&format!("/api/v1/items/{item}"), &token).await;
        assert_eq!(it2.body["title"], "农村公厕改造提升");
        assert_eq!(it2.body["co_unit_ids"], json!([]));
        assert_eq!(it2.body["region_ids"], json!([shibenji]));
        assert_eq!(it2.body["leader"], Value::Null);
    }
}

#[tokio::test]
async fn a_bad_target_comes_back_beside_its_field_with_the_clerks_values_and_nothing_changes() {
    for app in apps().await {
        let http = browser();
        let cookie = session(&app, &http, "ducha").await;
        let token = app.token("ducha").await;
        // Item 1 (特殊教育学校建设) splits its first indicator over five regions.
        let items = app.get("/api/v1/items?per_page=100", &token).await;
        let item = items.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["number"] == 1)
            .expect("item 1")["id"]
            .as_i64()
            .unwrap();
        let before = app
            .get(&format!("/api/v1/items/{item}/indicators"), &token)
            .await;
        let count = before.body["items"].as_array().map(Vec::len);
        let shibenji = app.unit("shibenji");
        let (sb, sbt) = (
            format!("region/{shibenji}"),
            format!("region/{shibenji}/target"),
        );

        // Not a number: refused beside the target, the typed values shown again.
        let res = post_form(
            &http,
            &app,
            &format!("/setup/items/{item}/indicators"),
            &cookie,
            &[
                ("name", "新增学位"),
                ("kind", "cumulative"),
                ("unit", "个"),
                ("target", "五千"),
                (&sb, "1"),
                (&sbt, "5000"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert_eq!(html_problems(&html), Vec::<String>::new());
        let form = from_id(&html, "new-indicator");
        assert!(form.contains("未能保存"), "{form}");
        assert!(form.contains("name=\"target\" value=\"五千\""));
        assert!(form.contains("name=\"name\" value=\"新增学位\""));
        assert!(
            from_id(form, "new-ind-target-error").contains("请填写数字"),
            "{form}"
        );
        assert!(form.contains("aria-invalid=\"true\""));

        // A target the regions do not add up to: the domain's message, with the split.
        let res = post_form(
            &http,
            &app,
            &format!("/setup/items/{item}/indicators"),
            &cookie,
            &[
                ("name", "新增学位"),
                ("kind", "cumulative"),
                ("unit", "个"),
                ("target", "6000"),
                (&sb, "1"),
                (&sbt, "5000"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        let split = from_id(&html, "new-ind-regions-error");
        assert!(
            split.contains("各区域目标之和(5000)不等于总目标(6000)"),
            "{split}"
        );
        assert!(
            from_id(&html, "new-indicator").contains(&format!("name=\"{sbt}\" value=\"5000\""))
        );

        // A negative target on a stored indicator: refused, its version unchanged.
        let first = &before.body["items"][0];
        let id = first["id"].as_i64().unwrap();
        let etag = app
            .get(&format!("/api/v1/indicators/{id}"), &token)
            .await
            .etag();
        let res = post_form(
            &http,
            &app,
            &format!("/setup/indicators/{id}"),
            &cookie,
            &[
                ("version", &version_of(&etag)),
                ("name", first["name"].as_str().unwrap()),
                ("kind", "cumulative"),
                ("target", "-5"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(from_id(&html, &format!("ind{id}-target-error")).contains("不能为负数"));
        assert!(from_id(&html, &format!("ind-{id}")).contains("name=\"target\" value=\"-5\""));

        let after = app
            .get(&format!("/api/v1/items/{item}/indicators"), &token)
            .await;
        assert_eq!(after.body["items"].as_array().map(Vec::len), count);
        assert_eq!(after.body["items"][0], before.body["items"][0]);
        assert_eq!(
            app.get(&format!("/api/v1/indicators/{id}"), &token)
                .await
                .etag(),
            etag
        );

        // The plan is approved: a target changed by the form is refused as the API does.
        let res = post_form(
            &http,
            &app,
            &format!("/setup/indicators/{id}"),
            &cookie,
            &[
                ("version", &version_of(&etag)),
                ("name", first["name"].as_str().unwrap()),
                ("kind", "cumulative"),
                ("unit", first["unit"].as_str().unwrap()),
                ("target", "6"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let html = res.text().await.unwrap();
        assert!(from_id(&html, &format!("ind-{id}")).contains("目标任务已锁定"));
        assert_eq!(
            app.get(&format!("/api/v1/indicators/{id}"), &token)
                .await
                .etag(),
            etag
        );
    }
}

#[tokio::test]
async fn a_form_drawn_before_someone_else_saved_is_refused_and_shows_what_is_stored_now() {
    for app in apps().await {
        let http = browser();
        let cookie = session(&app, &http, "ducha").await;
        let token = app.token("ducha").await;
        let plan = plan_id(&app, &token).await;
        let areas = app
            .get(&format!("/api/v1/plans/{plan}/areas"), &token)
            .await;
        let area = areas.body["items"][0]["id"].as_i64().unwrap();
        let path = format!("/api/v1/areas/{area}");
        let drawn = app.get(&path, &token).await;

        // Someone changes the area through the API after the clerk opened the page.
        let other = app
            .change(
                Method::PATCH,
                &path,
                &token,
                &drawn.etag(),
                json!({"title": "他人改后的方面"}),
            )
            .await;
        assert_eq!(other.status, StatusCode::OK);

        let res = post_form(
            &http,
            &app,
            &format!("/setup/areas/{area}"),
            &cookie,
            &[
                ("version", &version_of(&drawn.etag())),
                ("seq", "1"),
                ("title", "我改的方面"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED);
        let html = res.text().await.unwrap();
        let form = from_id(&html, &format!("area-{area}"));
        assert!(form.contains("已有他人修改了这项内容"), "{form}");
        assert!(form.contains("value=\"他人改后的方面\""));
        assert!(form.contains(&format!(
            "name=\"version\" value=\"{}\"",
            version_of(&other.etag())
        )));
        assert_eq!(app.get(&path, &token).await.body["title"], "他人改后的方面");

        // The same for the plan.
        let p = app
            .get(&format!("/api/v1/plans/{plan}?view=summary"), &token)
            .await;
        let stale = version_of(&p.etag());
        app.change(
            Method::PATCH,
            &format!("/api/v1/plans/{plan}"),
            &token,
            &p.etag(),
            json!({"lagging_threshold": 12}),
        )
        .await;
        let res = post_form(
            &http,
            &app,
            &format!("/setup/plans/{plan}"),
            &cookie,
            &[
                ("version", &stale),
                ("title", "改名"),
                ("year", "2019"),
                ("lagging_threshold", "10"),
                ("serious_threshold", "30"),
                ("state", "approved"),
            ],
        )
        .await;
        assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED);
        let now = app
            .get(&format!("/api/v1/plans/{plan}?view=summary"), &token)
            .await;
        assert_eq!(now.body["title"], p.body["title"]);
    }
}

#[tokio::test]
async fn the_office_changes_the_plans_thresholds_and_a_year_fixed_by_its_periods_is_refused_beside_it()
 {
    for app in apps().await {
        let http = browser();
        let cookie = session(&app, &http, "ducha").await;
        let token = app.token("ducha").await;
        let plan = plan_id(&app, &token).await;
        let path = format!("/api/v1/plans/{plan}?view=summary");
        let p = app.get(&path, &token).await;
        let fields = |year: &'static str, version: String| {
            vec![
                ("version", version),
                ("title", "2019年20项重点民生实事".to_string()),
                ("year", year.to_string()),
                ("lagging_threshold", "12.5".to_string()),
                ("serious_threshold", "35".to_string()),
                ("state", "approved".to_string()),
            ]
        };
        let body = fields("2020", version_of(&p.etag()));
        let pairs: Vec<(&str, &str)> = body.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = post_form(
            &http,
            &app,
            &format!("/setup/plans/{plan}"),
            &cookie,
            &pairs,
        )
        .await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let html = res.text().await.unwrap();
        assert!(
            from_id(&html, "plan-year-error").contains("年度不能修改"),
            "{html}"
        );
        assert!(from_id(&html, "plan").contains("name=\"year\" value=\"2020\""));
        assert_eq!(app.get(&path, &token).await.etag(), p.etag());

        let body = fields("2019", version_of(&p.etag()));
        let pairs: Vec<(&str, &str)> = body.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = post_form(
            &http,
            &app,
            &format!("/setup/plans/{plan}"),
            &cookie,
            &pairs,
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let now = app.get(&format!("/api/v1/plans/{plan}"), &token).await;
        assert_eq!(now.body["lagging_threshold"], 12.5, "{}", now.body);
        assert_eq!(now.body["serious_threshold"], 35.0);
        assert_eq!(now.body["state"], "approved");
    }
}

#[tokio::test]
async fn nobody_but_the_office_can_use_the_set_up_pages() {
    for app in apps().await {
        let http = browser();
        let token = app.token("ducha").await;
        let plan = plan_id(&app, &token).await;
        let areas = |b: Value| b["items"].as_array().map(Vec::len);
        let before = areas(
            app.get(&format!("/api/v1/plans/{plan}/areas"), &token)
                .await
                .body,
        );
        for who in ["tb-jiaoyu", "lingdao", "pinggu", "xitong"] {
            let cookie = session(&app, &http, who).await;
            let res = get(&http, &app, "/setup", &cookie).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}");
            assert!(res.text().await.unwrap().contains("计划设置由督查室负责"));
            let res = get(&http, &app, "/setup/items/1", &cookie).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}");
            let res = post_form(
                &http,
                &app,
                &format!("/setup/plans/{plan}/areas"),
                &cookie,
                &[("title", "不该有的方面")],
            )
            .await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}");
            let home = get(&http, &app, "/account", &cookie)
                .await
                .text()
                .await
                .unwrap();
            assert!(!home.contains("href=\"/setup\""), "{who}");
        }
        let after = areas(
            app.get(&format!("/api/v1/plans/{plan}/areas"), &token)
                .await
                .body,
        );
        assert_eq!(after, before);

        // Without a session: the login form.
        let res = http
            .get(format!("{}/setup", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&res), "/login");
    }
}

#[tokio::test]
async fn every_set_up_page_passes_the_html_check_and_reads_in_english_when_asked() {
    for app in apps().await {
        let http = browser();
        let cookie = session(&app, &http, "ducha").await;
        let page = get(&http, &app, "/setup", &cookie).await;
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert_eq!(html_problems(&html), Vec::<String>::new());
        let items: Vec<String> = html
            .split("href=\"/setup/items/")
            .skip(1)
            .filter_map(|p| p.split('"').next())
            .map(|id| format!("/setup/items/{id}"))
            .collect();
        assert_eq!(items.len(), 20, "the demo's twenty items");
        for path in &items {
            let res = get(&http, &app, path, &cookie).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            let html = res.text().await.unwrap();
            assert_eq!(html_problems(&html), Vec::<String>::new(), "{path}");
        }

        let english = format!("{cookie}; lang=en");
        let html = get(&http, &app, &items[0], &english)
            .await
            .text()
            .await
            .unwrap();
        for text in [
            "Item set-up",
            "Regional split",
            "End of Q1",
            "Save the indicator",
        ] {
            assert!(html.contains(text), "{text} in {html}");
        }
        let html = get(&http, &app, "/setup", &english)
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("Plan set-up") && html.contains("Add an area"));
    }
}

//! The foundation's story through the API, on SQLite and on PostgreSQL: the demo plan
//! as the seed gives it, a month's report filled, approved and corrected, and history
//! read as of a date.

mod common;

use common::{TestApp, apps};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn indicator<'a>(plan: &'a Value, name: &str) -> &'a Value {
    plan["areas"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|a| a["items"].as_array().into_iter().flatten())
        .flat_map(|i| i["indicators"].as_array().into_iter().flatten())
        .find(|i| i["name"] == name)
        .unwrap_or_else(|| panic!("no indicator {name}"))
}

async fn the_plan(app: &TestApp, token: &str) -> Value {
    let a = app.get("/api/v1/plans", token).await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    a.body["items"][0].clone()
}

#[tokio::test]
async fn the_demo_plan_lists_six_areas_twenty_items_and_judged_indicators() {
    for app in apps().await {
        let t = app.token("lingdao").await;
        let a = app.get("/api/v1/plans", &t).await;
        assert_eq!(a.body["total"], 1, "{}", app.db);
        let plan = &a.body["items"][0];
        assert_eq!(plan["title"], "2019年20项重点民生实事");
        assert_eq!(plan["period"]["label"], "2019-05");
        assert_eq!(plan["period"]["spending"], 248.2);
        let areas = plan["areas"].as_array().expect("areas");
        let titles: Vec<&str> = areas
            .iter()
            .map(|a| a["title"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(
            titles,
            [
                "特殊群体关爱服务保障方面",
                "扶持就业及社会保障方面",
                "化解中小学大班额、解决教师紧缺和学前幼儿“入园难”方面",
                "医疗保障方面",
                "计划生育及乡村医生保障落实方面",
                "农村“七改”方面"
            ]
        );
        let items: Vec<&Value> = areas
            .iter()
            .flat_map(|a| a["items"].as_array().into_iter().flatten())
            .collect();
        assert_eq!(items.len(), 20);
        assert_eq!(plan["counts"]["total"], 20);
        for i in items
            .iter()
            .flat_map(|i| i["indicators"].as_array().into_iter().flatten())
        {
            let p = &i["progress"];
            for key in ["value", "target", "completion", "status"] {
                assert!(p.get(key).is_some(), "{} lacks {key}: {i}", i["name"]);
            }
        }
        // The seed's figures, computed back: 57 of 70 is 81.4%, 109 of 125 is 87.2%.
        let hospitals = indicator(plan, "跨省住院联网结算定点医疗机构");
        assert_eq!(hospitals["progress"]["value"], 57);
        assert_eq!(hospitals["progress"]["target"], 70);
        assert_eq!(hospitals["progress"]["completion"], 81.4);
        assert_eq!(hospitals["progress"]["status"], "on_track");
        let plans_made = indicator(plan, "产业扶贫项目方案编制");
        assert_eq!(plans_made["progress"]["completion"], 87.2);
        assert_eq!(
            indicator(plan, "中小学校舍建设“双百工程”已投资")["progress"]["value"],
            5.01
        );
        assert_eq!(
            indicator(plan, "农村公路提档升级、自然村庄通达、路网改善大中修")["progress"]["value"],
            239.1
        );
        // A rate without a target is shown, not judged.
        let grid = indicator(plan, "农村电网升级改造工程竣工率");
        assert_eq!(
            (
                grid["progress"]["value"].clone(),
                grid["progress"]["status"].clone()
            ),
            (json!(35), json!("unassessed"))
        );
        // Regional stages: the five special-education schools.
        let schools = indicator(plan, "特殊教育学校建设进度");
        let regional = schools["regional"].as_array().expect("regional");
        assert_eq!(regional.len(), 5);
        let yishui = app.unit("yishui");
        let r = regional
            .iter()
            .find(|r| r["region_id"] == yishui)
            .expect("yishui");
        assert_eq!(r["stage"], "规划设计");
    }
}

#[tokio::test]
async fn an_approved_correction_changes_the_figure_and_keeps_the_old_version() {
    for app in apps().await {
        let reporter = app.token("yibao-tb").await;
        let office = app.token("ducha").await;
        let leader = app.token("lingdao").await;
        let plan = the_plan(&app, &leader).await;
        let hospitals = indicator(&plan, "跨省住院联网结算定点医疗机构");
        let item_id = hospitals["item_id"].as_i64().expect("item");
        let ind_id = hospitals["id"].as_i64().expect("id");
        // The May report of 市医疗保障局 on this item, approved by the loader.
        let list = app
            .get(&format!("/api/v1/reports?item_id={item_id}"), &reporter)
            .await;
        assert_eq!(list.status, StatusCode::OK, "{list:?}");
        let report = &list.body["items"][0];
        let id = report["id"].as_i64().expect("report id");
        let path = format!("/api/v1/reports/{id}");
        let r = app.get(&path, &reporter).await;
        // The office reopens it for correction; the reporter corrects 57 to 60.
        let ret = app
            .change(
                Method::POST,
                &format!("{path}/return"),
                &office,
                &r.etag(),
                json!({"comment": "请核实定点医疗机构数"}),
            )
            .await;
        assert_eq!(ret.status, StatusCode::OK, "{ret:?}");
        assert_eq!(ret.body["state"], "returned");
        assert_eq!(ret.body["comment"], "请核实定点医疗机构数");
        let mut figures = ret.body["figures"].as_array().expect("figures").clone();
        for f in &mut figures {
            if f["indicator_id"] == ind_id {
                f["value"] = json!(60);
            }
        }
        let upd = app
            .change(
                Method::PATCH,
                &path,
                &reporter,
                &ret.etag(),
                json!({"figures": figures}),
            )
            .await;
        assert_eq!(upd.status, StatusCode::OK, "{upd:?}");
        // Until approved, the old figure still counts.
        let before = the_plan(&app, &leader).await;
        assert_eq!(
            indicator(&before, "跨省住院联网结算定点医疗机构")["progress"]["value"],
            57
        );
        let sub = app
            .change(
                Method::POST,
                &format!("{path}/submit"),
                &reporter,
                &upd.etag(),
                json!({}),
            )
            .await;
        assert_eq!(sub.status, StatusCode::OK, "{sub:?}");
        // The author cannot approve; the office cannot before the lead unit reviewed.
        let own = app
            .change(
                Method::POST,
                &format!("{path}/approve"),
                &reporter,
                &sub.etag(),
                json!({}),
            )
            .await;
        assert_eq!(own.status, StatusCode::FORBIDDEN);
        let early = app
            .change(
                Method::POST,
                &format!("{path}/approve"),
                &office,
                &sub.etag(),
                json!({}),
            )
            .await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{early:?}");
        assert_eq!(early.body["code"], "wrong_state");
        let reviewer = app.token("yibao-sh").await;
        let reviewed = app
            .change(
                Method::POST,
                &format!("{path}/review"),
                &reviewer,
                &sub.etag(),
                json!({}),
            )
            .await;
        assert_eq!(reviewed.status, StatusCode::OK, "{reviewed:?}");
        assert_eq!(reviewed.body["state"], "reviewed");
        let ok = app
            .change(
                Method::POST,
                &format!("{path}/approve"),
                &office,
                &reviewed.etag(),
                json!({}),
            )
            .await;
        assert_eq!(ok.status, StatusCode::OK, "{ok:?}");
        let after = the_plan(&app, &leader).await;
        let h = indicator(&after, "跨省住院联网结算定点医疗机构");
        assert_eq!(h["progress"]["value"], 60);
        assert_eq!(h["progress"]["completion"], 85.7);
        // Nothing else moved.
        assert_eq!(
            indicator(&after, "省内异地就医购药“一卡通行”定点药店")["progress"]["value"],
            231
        );
        // Both versions are kept, with the events in order.
        let hist = app.get(&format!("{path}/versions"), &office).await;
        let versions = hist.body["versions"].as_array().expect("versions");
        assert_eq!(versions.len(), 2);
        let actions: Vec<&str> = hist.body["events"]
            .as_array()
            .expect("events")
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        assert_eq!(
            actions,
            [
                "create", "submit", "review", "approve", "return", "update", "submit", "review",
                "approve"
            ]
        );
        // As of the day the seed's figures were approved, the plan still shows 57.
        let then = app
            .get(
                &format!("/api/v1/plans/{}?as_of=2019-06-30", plan["id"]),
                &leader,
            )
            .await;
        assert_eq!(
            indicator(&then.body, "跨省住院联网结算定点医疗机构")["progress"]["value"],
            57
        );
    }
}

#[tokio::test]
async fn plan_entities_keep_every_version_and_read_back_as_of_a_date() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let plan = the_plan(&app, &office).await;
        let area_id = plan["areas"][0]["id"].as_i64().expect("area");
        let path = format!("/api/v1/areas/{area_id}");
        let a = app.get(&path, &office).await;
        let renamed = app
            .change(
                Method::PATCH,
                &path,
                &office,
                &a.etag(),
                json!({"title": "特殊群体关爱方面"}),
            )
            .await;
        assert_eq!(renamed.status, StatusCode::OK, "{renamed:?}");
        assert_eq!(renamed.etag(), "\"v2\"");
        let h = app
            .get(&format!("/api/v1/history/area/{area_id}"), &office)
            .await;
        let titles: Vec<&str> = h
            .body
            .as_array()
            .expect("history")
            .iter()
            .filter_map(|e| e["data"]["title"].as_str())
            .collect();
        assert_eq!(titles, ["特殊群体关爱服务保障方面", "特殊群体关爱方面"]);
        // The plan approved in January 2019 reads back as a draft as of 2019-01-16.
        let p = app
            .get(
                &format!("/api/v1/plans/{}?as_of=2019-01-16&view=summary", plan["id"]),
                &office,
            )
            .await;
        assert_eq!(p.body["state"], "draft", "{p:?}");
        let p = app
            .get(
                &format!("/api/v1/plans/{}?view=summary", plan["id"]),
                &office,
            )
            .await;
        assert_eq!(p.body["state"], "approved");
    }
}

#[tokio::test]
async fn targets_of_an_approved_plan_are_locked() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let plan = the_plan(&app, &office).await;
        let id = indicator(&plan, "跨省住院联网结算定点医疗机构")["id"]
            .as_i64()
            .expect("id");
        let path = format!("/api/v1/indicators/{id}");
        let cur = app.get(&path, &office).await;
        let locked = app
            .change(
                Method::PATCH,
                &path,
                &office,
                &cur.etag(),
                json!({"target": 80}),
            )
            .await;
        assert_eq!(locked.status, StatusCode::CONFLICT, "{locked:?}");
        assert_eq!(locked.body["code"], "targets_locked");
        let renamed = app
            .change(
                Method::PATCH,
                &path,
                &office,
                &cur.etag(),
                json!({"name": "跨省住院联网结算医疗机构"}),
            )
            .await;
        assert_eq!(renamed.status, StatusCode::OK, "{renamed:?}");
        // The whole tree reads back as it stood: the old name as of mid-2019.
        let now = the_plan(&app, &office).await;
        assert_eq!(indicator(&now, "跨省住院联网结算医疗机构")["version"], 2);
        let then = app
            .get(
                &format!("/api/v1/plans/{}?as_of=2019-06-30", plan["id"]),
                &office,
            )
            .await;
        let old = indicator(&then.body, "跨省住院联网结算定点医疗机构");
        assert_eq!(old["version"], 1);
        assert_eq!(old["progress"]["value"], 57);
    }
}

#[tokio::test]
async fn logging_out_ends_the_token_at_once() {
    for app in apps().await {
        let t = app.token("lingdao").await;
        assert_eq!(app.get("/api/v1/me", &t).await.status, StatusCode::OK);
        let out = app
            .call(Method::POST, "/api/v1/auth/logout", Some(&t), None, &[])
            .await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        let after = app.get("/api/v1/me", &t).await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);
        assert!(after.is_problem());
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    for app in apps().await {
        let wrong = app
            .call(
                Method::POST,
                "/api/v1/auth/token",
                None,
                Some(json!({"username": "lingdao", "password": "not-the-password"})),
                &[],
            )
            .await;
        let unknown = app
            .call(
                Method::POST,
                "/api/v1/auth/token",
                None,
                Some(json!({"username": "nobody", "password": "not-the-password"})),
                &[],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(wrong.text, unknown.text);
    }
}

#[tokio::test]
async fn a_session_cookie_logs_a_browser_in_and_a_foreign_origin_is_refused() {
    for app in apps().await {
        let login = app
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(app.credentials("ducha", "ducha-demo-2019").await),
                &[],
            )
            .await;
        assert_eq!(login.status, StatusCode::OK, "{login:?}");
        let set = login
            .headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .expect("cookie")
            .to_string();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax"),
            "{set}"
        );
        let cookie = set.split(';').next().expect("pair").to_string();
        let me = app
            .call(
                Method::GET,
                "/api/v1/me",
                None,
                None,
                &[("cookie", &cookie)],
            )
            .await;
        assert_eq!(me.body["user"]["username"], "ducha");
        assert_eq!(me.body["demo"], true);
        let body = json!({"code": "evil", "name": "外站", "kind": "department"});
        let foreign = app
            .call(
                Method::POST,
                "/api/v1/units",
                None,
                Some(body.clone()),
                &[("cookie", &cookie), ("origin", "http://evil.example")],
            )
            .await;
        assert_eq!(foreign.status, StatusCode::FORBIDDEN);
        let own_origin = app.base.clone();
        let ours = app
            .call(
                Method::POST,
                "/api/v1/units",
                None,
                Some(body),
                &[("cookie", &cookie), ("origin", &own_origin)],
            )
            .await;
        assert_eq!(ours.status, StatusCode::CREATED, "{ours:?}");
    }
}

#[tokio::test]
async fn a_submission_with_a_warning_needs_a_reason_the_reviewer_then_sees() {
    for app in apps().await {
        let reporter = app.token("yibao-tb").await;
        let office = app.token("ducha").await;
        let reviewer = app.token("yibao-sh").await;
        let plan = the_plan(&app, &office).await;
        let hospitals = indicator(&plan, "跨省住院联网结算定点医疗机构");
        let (item, ind) = (hospitals["item_id"].clone(), hospitals["id"].clone());
        let list = app
            .get(&format!("/api/v1/reports?item_id={item}"), &reporter)
            .await;
        let path = format!("/api/v1/reports/{}", list.body["items"][0]["id"]);
        let cur = app.get(&path, &reporter).await;
        let back = app
            .change(
                Method::POST,
                &format!("{path}/return"),
                &office,
                &cur.etag(),
                json!({"comment": "请复核"}),
            )
            .await;
        // 120 of a target of 70 is 171%: far beyond the plan.
        let mut figures = back.body["figures"].as_array().expect("figures").clone();
        for f in &mut figures {
            if f["indicator_id"] == ind {
                f["value"] = json!(120);
            }
        }
        let upd = app
            .change(
                Method::PATCH,
                &path,
                &reporter,
                &back.etag(),
                json!({"figures": figures}),
            )
            .await;
        assert_eq!(upd.status, StatusCode::OK, "{upd:?}");
        let checks = app.get(&format!("{path}/checks"), &reporter).await;
        let warnings = checks.body.as_array().expect("warnings");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0]["rule"], "far_beyond_plan");
        let key = warnings[0]["key"].as_str().expect("key").to_string();

        let bare = app
            .change(
                Method::POST,
                &format!("{path}/submit"),
                &reporter,
                &upd.etag(),
                json!({}),
            )
            .await;
        assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY, "{bare:?}");
        assert_eq!(bare.body["errors"][0]["field"], format!("reasons/{key}"));
        assert!(
            bare.body["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("171")),
            "{bare:?}"
        );

        let reason = "含上年结转的13家定点医疗机构";
        let sent = app
            .change(
                Method::POST,
                &format!("{path}/submit"),
                &reporter,
                &upd.etag(),
                json!({"reasons": {key.clone(): reason}}),
            )
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{sent:?}");
        let seen = app.get(&path, &reviewer).await;
        assert_eq!(seen.body["state"], "submitted");
        assert_eq!(seen.body["warnings"][0]["key"], key.as_str());
        assert_eq!(seen.body["warnings"][0]["reason"], reason);
    }
}

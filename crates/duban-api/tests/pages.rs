//! The pages over HTTP: logging in with the form, the cockpit from approved figures,
//! and an HTML check of every page — labels on fields, no address outside duban, and
//! under 200 KB.

mod common;

use common::pages::{browser, cookie_of, crawl, get, html_problems, post_owned, session, value_of};
use common::{TestApp, apps};
use reqwest::StatusCode;

async fn log_in(
    app: &TestApp,
    http: &reqwest::Client,
    who: &str,
    password: &str,
) -> reqwest::Response {
    // The demo's usernames, passwords and codes need no percent-encoding.
    let code = app.login_code(who).await.unwrap_or_default();
    let body = format!("username={who}&password={password}&code={code}");
    http.post(format!("{}/login", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("login")
}

#[tokio::test]
async fn the_office_logs_in_with_the_form_and_sees_the_cockpit_from_approved_figures() {
    for app in apps().await {
        let http = browser();
        // Anonymous: sent to the login page, which passes the HTML check.
        let res = http
            .get(format!("{}/cockpit", app.base))
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/login");
        let login = http
            .get(format!("{}/login", app.base))
            .send()
            .await
            .expect("get");
        assert_eq!(login.status(), StatusCode::OK);
        let html = login.text().await.expect("html");
        assert!(
            html.contains("<label for=\"password\">密码</label>"),
            "{html}"
        );
        assert_eq!(html_problems(&html), Vec::<String>::new());

        // A wrong password: the form again, with the reason, and no session.
        let bad = log_in(&app, &http, "ducha", "not-the-password").await;
        assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
        assert!(cookie_of(&bad).is_none());
        let html = bad.text().await.expect("html");
        assert!(
            html.contains("用户名或密码不正确") && html.contains("value=\"ducha\""),
            "{html}"
        );

        // The office: a session, then the cockpit.
        let ok = log_in(&app, &http, "ducha", "ducha-demo-2019").await;
        assert_eq!(ok.status(), StatusCode::SEE_OTHER);
        assert_eq!(ok.headers()["location"], "/");
        let home = get(&http, &app, "/", &cookie_of(&ok).expect("cookie")).await;
        assert_eq!(home.headers()["location"], "/cockpit");
        let cookie = cookie_of(&ok).expect("a session cookie");
        let page = get(&http, &app, "/cockpit", &cookie).await;
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.expect("html");
        assert_eq!(html_problems(&html), Vec::<String>::new());
        assert!(html.contains("驾驶舱 · 2019年20项重点民生实事"), "{html}");
        // The same counts and lagging items as the API's plan view.
        let office = app.token("ducha").await;
        let plan = app.get("/api/v1/plans/1", &office).await.body;
        let on_track = plan["counts"]["on_track"].as_u64().expect("count");
        assert!(
            html.contains(&format!(
                "<span class=\"n\">{on_track}</span><span class=\"l\">正常推进</span>"
            )),
            "{html}"
        );
        for item in plan["areas"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|a| a["items"].as_array().into_iter().flatten())
        {
            let title = item["title"].as_str().expect("title");
            assert!(html.contains(title), "{title} missing");
            if item["status"] == "lagging" {
                assert!(
                    html.contains(&format!("第{}项 {title}</a>:进度滞后", item["number"])),
                    "{html}"
                );
            }
        }
        // The stylesheet is duban's own.
        let css = http
            .get(format!("{}/static/duban.css", app.base))
            .send()
            .await
            .expect("css");
        assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
        assert!(!css.text().await.expect("css").contains("http"));

        // Logging out ends the session.
        let out = http
            .post(format!("{}/logout", app.base))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("logout");
        assert_eq!(out.status(), StatusCode::SEE_OTHER);
        let after = get(&http, &app, "/cockpit", &cookie).await;
        assert_eq!(after.headers()["location"], "/login");
    }
}

#[tokio::test]
async fn a_reporter_is_told_the_cockpit_is_not_theirs() {
    for app in apps().await {
        let http = browser();
        let ok = log_in(&app, &http, "yibao-tb", "yibao-demo-2019").await;
        let cookie = cookie_of(&ok).unwrap_or_else(|| panic!("a session: {:?}", ok.status()));
        let page = get(&http, &app, "/cockpit", &cookie).await;
        assert_eq!(page.status(), StatusCode::FORBIDDEN);
        let html = page.text().await.expect("html");
        assert!(html.contains("无权访问"));
        assert_eq!(html_problems(&html), Vec::<String>::new());
        // Their first page is their unit's tasks for the open period.
        let home = get(&http, &app, "/", &cookie).await;
        assert_eq!(home.headers()["location"], "/tasks");
        let tasks = get(&http, &app, "/tasks", &cookie).await;
        assert_eq!(tasks.status(), StatusCode::OK);
        let html = tasks.text().await.expect("html");
        assert_eq!(html_problems(&html), Vec::<String>::new());
        let token = app.token("yibao-tb").await;
        let api = app.get("/api/v1/periods/1/tasks", &token).await.body;
        for t in api["tasks"].as_array().expect("tasks") {
            let title = t["item_title"].as_str().expect("title");
            assert!(html.contains(title), "{title} missing from {html}");
        }
        assert!(
            html.contains(&format!("尚有 {} 项未报送", api["outstanding"])),
            "{html}"
        );
        assert!(html.contains("市医疗保障局"), "{html}");
    }
}

/// The fill-in form's fields for a task from the API's 一表通, each figure given by `value`.
fn filled(
    task: &serde_json::Value,
    value: impl Fn(&serde_json::Value) -> String,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(v) = task["report_version"].as_i64() {
        out.push(("version".to_string(), v.to_string()));
    }
    for (n, f) in task["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .enumerate()
    {
        out.push((
            format!("figures/{n}/indicator_id"),
            f["indicator_id"].to_string(),
        ));
        if let Some(r) = f["region_id"].as_i64() {
            out.push((format!("figures/{n}/region_id"), r.to_string()));
        }
        let input = match f["kind"].as_str() {
            Some("stage") => "stage",
            Some("qualitative") => "assessment",
            _ => "value",
        };
        out.push((format!("figures/{n}/{input}"), value(f)));
    }
    out
}

/// A plain answer for every figure: a small number, the first stage, or 正常推进.
fn modest(f: &serde_json::Value) -> String {
    match f["kind"].as_str() {
        Some("stage") => f["stages"][1].as_str().expect("a stage").to_string(),
        Some("qualitative") => "on_track".into(),
        _ => "1".into(),
    }
}

fn with(mut fields: Vec<(String, String)>, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    fields.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    fields
}

#[tokio::test]
async fn a_unit_fills_in_the_form_the_lead_unit_passes_it_and_the_office_confirms_it() {
    for app in apps().await {
        let http = browser();
        let token = app.token("tb-jiaoyu").await;
        let task = app.returned_task(&token, 11).await;
        let item = task["item_id"].as_i64().expect("item");
        let path = format!("/tasks/{item}");
        let cookie = session(&app, &http, "tb-jiaoyu").await;
        let list = get(&http, &app, "/tasks", &cookie)
            .await
            .text()
            .await
            .expect("html");
        assert!(list.contains(&format!("href=\"{path}\"")), "{list}");
        let form = get(&http, &app, &path, &cookie).await;
        assert_eq!(form.status(), StatusCode::OK);
        let html = form.text().await.expect("html");
        assert_eq!(html_problems(&html), Vec::<String>::new());
        assert!(
            html.contains("报送审核") && html.contains("上次审核通过"),
            "{html}"
        );

        // Not a number: the form again with the reason beside the field; nothing saved.
        let fields = filled(&task, |f| match f["kind"].as_str() {
            Some("stage" | "qualitative") => modest(f),
            _ => "三个".into(),
        });
        let bad = post_owned(
            &http,
            &app,
            &path,
            &cookie,
            &with(fields, &[("action", "submit")]),
        )
        .await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = bad.text().await.expect("html");
        assert!(
            html.contains("请填写数字") && html.contains("value=\"三个\""),
            "{html}"
        );
        let again = app.get("/api/v1/periods/1/tasks", &token).await.body;
        let state = again["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .find(|t| t["item_id"] == item)
            .map(|t| (t["state"].clone(), t["report_version"].clone()));
        assert_eq!(
            state,
            Some(("returned".into(), task["report_version"].clone()))
        );

        // Filled in: saved and submitted in one step, then shown as such.
        let fields = with(
            filled(&task, modest),
            &[("narrative", "已对接教育部门。"), ("action", "submit")],
        );
        let ok = post_owned(&http, &app, &path, &cookie, &fields).await;
        assert_eq!(
            ok.status(),
            StatusCode::SEE_OTHER,
            "{}",
            ok.text().await.unwrap_or_default()
        );
        assert_eq!(ok.headers()["location"], format!("{path}?ok=submitted"));
        let shown = get(&http, &app, &format!("{path}?ok=submitted"), &cookie)
            .await
            .text()
            .await
            .expect("html");
        assert!(
            shown.contains("已报送,等待牵头单位审核") && !shown.contains("报送审核</button>"),
            "{shown}"
        );

        // The lead unit's reviewer passes it from the queue.
        let reviewer = session(&app, &http, "sh-jiaoyu").await;
        let queue = get(&http, &app, "/review", &reviewer)
            .await
            .text()
            .await
            .expect("html");
        assert_eq!(html_problems(&queue), Vec::<String>::new());
        let report = queue
            .split("href=\"/review/")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("a report in the queue")
            .to_string();
        assert!(queue.contains("<td>市教育局</td>"), "{queue}");
        let page = get(&http, &app, &format!("/review/{report}"), &reviewer)
            .await
            .text()
            .await
            .expect("html");
        assert_eq!(html_problems(&page), Vec::<String>::new());
        assert!(page.contains("已对接教育部门。"), "{page}");
        let version = value_of(&page, "version");
        // Returning needs a reason: refused, the page says so, nothing changes.
        let no_reason = post_owned(
            &http,
            &app,
            &format!("/review/{report}"),
            &reviewer,
            &[
                ("action".into(), "return".into()),
                ("version".into(), version.clone()),
            ],
        )
        .await;
        assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            no_reason
                .text()
                .await
                .expect("html")
                .contains("退回须写明原因")
        );
        let passed = post_owned(
            &http,
            &app,
            &format!("/review/{report}"),
            &reviewer,
            &[
                ("action".into(), "review".into()),
                ("version".into(), version),
            ],
        )
        .await;
        assert_eq!(passed.status(), StatusCode::SEE_OTHER);
        assert_eq!(passed.headers()["location"], "/review?ok=review");

        // The office confirms it: the report is approved.
        let office = session(&app, &http, "ducha").await;
        let page = get(&http, &app, &format!("/review/{report}"), &office)
            .await
            .text()
            .await
            .expect("html");
        let version = value_of(&page, "version");
        let approved = post_owned(
            &http,
            &app,
            &format!("/review/{report}"),
            &office,
            &[
                ("action".into(), "approve".into()),
                ("version".into(), version),
            ],
        )
        .await;
        assert_eq!(approved.status(), StatusCode::SEE_OTHER);
        let office_token = app.token("ducha").await;
        let r = app
            .get(&format!("/api/v1/reports/{report}"), &office_token)
            .await
            .body;
        assert_eq!(r["state"], "approved", "{r}");
        assert_eq!(r["narrative"], "已对接教育部门。");
    }
}

#[tokio::test]
async fn a_figure_far_beyond_its_target_is_submitted_only_with_a_reason() {
    for app in apps().await {
        let http = browser();
        let token = app.token("tb-jiaoyu").await;
        let task = app.returned_task(&token, 11).await;
        let item = task["item_id"].as_i64().expect("item");
        let path = format!("/tasks/{item}");
        let cookie = session(&app, &http, "tb-jiaoyu").await;
        // 4000 teachers planned; 10000 hired is far beyond the plan.
        let fields = with(
            filled(&task, |f| match f["kind"].as_str() {
                Some("cumulative") => "10000".into(),
                _ => modest(f),
            }),
            &[("action", "submit")],
        );
        let asked = post_owned(&http, &app, &path, &cookie, &fields).await;
        assert_eq!(asked.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = asked.text().await.expect("html");
        assert_eq!(html_problems(&html), Vec::<String>::new());
        assert!(
            html.contains("一致性提示") && html.contains("请说明原因后再报送"),
            "{html}"
        );
        let key = html
            .split("name=\"reasons/")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("a reason field")
            .to_string();
        // The draft was kept: the second POST carries its version and the reason.
        let version = value_of(&html, "version");
        assert!(!version.is_empty());
        let reason = format!("reasons/{key}");
        let fields = with(
            fields,
            &[("version", &version), (&reason, "含在建续建学校,已核实。")],
        );
        let ok = post_owned(&http, &app, &path, &cookie, &fields).await;
        assert_eq!(
            ok.status(),
            StatusCode::SEE_OTHER,
            "{}",
            ok.text().await.unwrap_or_default()
        );
        let reviewer = app.token("sh-jiaoyu").await;
        let listed = app
            .get(
                &format!("/api/v1/reports?item_id={item}&state=submitted"),
                &reviewer,
            )
            .await
            .body;
        let warnings = &listed["items"][0]["warnings"];
        assert_eq!(warnings[0]["reason"], "含在建续建学校,已核实。", "{listed}");
    }
}

#[tokio::test]
async fn every_page_each_role_can_reach_passes_the_html_check_and_no_link_is_broken() {
    for app in apps().await {
        let http = browser();
        for a in duban_demo::DEMO_ACCOUNTS {
            let cookie = session(&app, &http, a.username).await;
            let seen = crawl(&app, &http, &cookie, "/").await;
            for v in seen
                .iter()
                .filter(|v| v.content_type.starts_with("text/html"))
            {
                assert_eq!(
                    html_problems(&v.body),
                    Vec::<String>::new(),
                    "{}: {}",
                    a.username,
                    v.path
                );
            }
            assert!(seen.len() > 2, "{}: {} paths", a.username, seen.len());
        }
    }
}

#[tokio::test]
async fn the_office_drafts_a_bulletin_in_the_pages_writes_its_suggestions_and_issues_it() {
    for app in apps().await {
        let http = browser();
        let office = session(&app, &http, "ducha").await;
        let list = get(&http, &app, "/bulletins", &office).await;
        assert_eq!(list.status(), StatusCode::OK);
        let html = list.text().await.expect("html");
        assert!(
            html.contains("督查专报(市政府督查室)") && html.contains("下一期为第17期"),
            "{html}"
        );
        let series = value_of(&html, "series_id");
        let started = post_owned(
            &http,
            &app,
            "/bulletins",
            &office,
            &[
                ("series_id".into(), series),
                ("period_id".into(), "1".into()),
            ],
        )
        .await;
        assert_eq!(started.status(), StatusCode::SEE_OTHER);
        let editor = started.headers()["location"]
            .to_str()
            .expect("location")
            .to_string();
        let page = get(&http, &app, &editor, &office)
            .await
            .text()
            .await
            .expect("html");
        assert_eq!(html_problems(&page), Vec::<String>::new());
        assert!(
            page.contains("印发前须处理") && page.contains("意见建议尚未填写"),
            "{page}"
        );
        assert!(
            page.contains("(一)特殊群体关爱服务保障方面。") && page.contains("href=\"#src-1\"")
        );
        let version = value_of(&page, "version");
        let field = |k: &str, v: &str| (k.to_string(), v.to_string());
        // The live preview drafts with the typed text and saves nothing.
        let preview = post_owned(
            &http,
            &app,
            &format!("{editor}/preview"),
            &office,
            &[field("recommendations", "试写一段意见。")],
        )
        .await;
        assert_eq!(preview.status(), StatusCode::OK);
        assert!(
            preview
                .text()
                .await
                .expect("html")
                .contains("<p>试写一段意见。</p>")
        );
        let unchanged = get(&http, &app, &editor, &office)
            .await
            .text()
            .await
            .expect("html");
        assert!(!unchanged.contains("试写一段意见"), "nothing saved");
        // Issuing before the suggestions are written is refused, and says why.
        let early = post_owned(
            &http,
            &app,
            &editor,
            &office,
            &[field("action", "issue"), field("version", &version)],
        )
        .await;
        assert_eq!(early.status(), StatusCode::CONFLICT);
        assert!(
            early
                .text()
                .await
                .expect("html")
                .contains("意见建议尚未填写")
        );
        let saved = post_owned(
            &http,
            &app,
            &editor,
            &office,
            &[
                field("action", "save"),
                field("version", &version),
                field("issue_date", "2019-07-12"),
                field("intro", ""),
                field("problems", "个别事项推进缓慢。"),
                field("recommendations", "加快推进滞后事项。\n加强督导检查。"),
            ],
        )
        .await;
        assert_eq!(saved.status(), StatusCode::SEE_OTHER);
        let page = get(&http, &app, &editor, &office)
            .await
            .text()
            .await
            .expect("html");
        assert!(
            page.contains("可以印发") && page.contains("<p>加强督导检查。</p>"),
            "{page}"
        );
        assert!(page.contains("2019年7月12日"), "{page}");
        let version = value_of(&page, "version");
        let issued = post_owned(
            &http,
            &app,
            &editor,
            &office,
            &[field("action", "issue"), field("version", &version)],
        )
        .await;
        assert_eq!(issued.status(), StatusCode::SEE_OTHER);
        // The leader reads the issue; the form is gone, the downloads are there.
        let leader = session(&app, &http, "lingdao").await;
        let read = get(&http, &app, &editor, &leader)
            .await
            .text()
            .await
            .expect("html");
        assert!(
            read.contains("第17期(已印发)") && !read.contains("name=\"action\""),
            "{read}"
        );
        let id = editor.rsplit('/').next().expect("id");
        let md = get(
            &http,
            &app,
            &format!("/api/v1/bulletins/{id}/document?format=md"),
            &leader,
        )
        .await;
        assert_eq!(md.status(), StatusCode::OK);
        assert!(md.text().await.expect("md").contains("加强督导检查。"));
        assert!(!read.contains("/publish\""), "only the office publishes");
        // The office publishes the issue from its page.
        let issued_page = get(&http, &app, &editor, &office)
            .await
            .text()
            .await
            .unwrap();
        let publish = format!("{editor}/publish");
        assert!(issued_page.contains(&format!("href=\"{publish}\"")));
        let published = post_owned(
            &http,
            &app,
            &publish,
            &office,
            &[
                field("org_code", "1585729837"),
                field("catalogue_code", "zfb"),
                field("publisher", "临沂市人民政府办公室"),
                field("catalogue", "政府信息公开目录/督查专报"),
                field("doc_number", "临督专〔2019〕17号"),
                field("published_on", "2019-07-12"),
                field("objection_days", "7"),
            ],
        )
        .await;
        assert_eq!(published.status(), StatusCode::SEE_OTHER);
        let gk = published.headers()["location"]
            .to_str()
            .unwrap()
            .to_string();
        let public = browser()
            .get(format!("{}{gk}", app.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(public.contains("临督专〔2019〕17号") && public.contains("第17期"));
        // The next publication's form starts from this one's catalogue data.
        let next = get(&http, &app, "/items/1/publish", &office)
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(value_of(&next, "catalogue_code"), "zfb");
        assert_eq!(value_of(&next, "publisher"), "临沂市人民政府办公室");
        // A reporter is not shown the office's drafts.
        let reporter = session(&app, &http, "yibao-tb").await;
        assert_eq!(
            get(&http, &app, &editor, &reporter).await.status(),
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn an_item_page_shows_each_indicator_with_its_trajectory_and_regional_breakdown() {
    for app in apps().await {
        let http = browser();
        let leader = session(&app, &http, "lingdao").await;
        let office = app.token("ducha").await;
        let plan = app.get("/api/v1/plans/1", &office).await.body;
        let item = plan["areas"][0]["items"][0].clone();
        let id = item["id"].as_i64().expect("id");
        let cockpit = get(&http, &app, "/cockpit", &leader)
            .await
            .text()
            .await
            .expect("html");
        assert!(
            cockpit.contains(&format!("href=\"/items/{id}\"")),
            "the cockpit links down"
        );
        let page = get(&http, &app, &format!("/items/{id}"), &leader).await;
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.expect("html");
        assert_eq!(html_problems(&html), Vec::<String>::new());
        // 特殊教育学校建设: 5 schools planned, split over five regions, with a chart.
        assert!(html.contains("第1项 特殊教育学校建设"), "{html}");
        assert!(
            html.contains("5处") && html.contains("分县区") && html.contains("沂水县"),
            "{html}"
        );
        assert!(
            html.contains("<svg ") && html.contains("计划进度"),
            "{html}"
        );
        assert!(
            html.contains("规划设计"),
            "the stage each region reached: {html}"
        );
        let admin = session(&app, &http, "xitong").await;
        assert_eq!(
            get(&http, &app, &format!("/items/{id}"), &admin)
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn a_unit_sees_its_overdue_problem_on_the_board_and_its_reminder_in_the_inbox() {
    for app in apps().await {
        let http = browser();
        let office = app.token("ducha").await;
        let yibao = app.unit("yibao");
        let p = app
            .post(
                "/api/v1/problems",
                &office,
                serde_json::json!({"plan_id": 1, "owner_unit_id": yibao, "title": "异地结算备案滞后",
                       "description": "需加快备案", "deadline": "2019-06-30"}),
            )
            .await;
        assert_eq!(p.status, StatusCode::CREATED, "{p:?}");
        let other = app
            .post(
                "/api/v1/problems",
                &office,
                serde_json::json!({"plan_id": 1, "owner_unit_id": app.unit("jiaoyu"), "title": "校舍开工偏慢",
                       "description": "需加快", "deadline": "2099-06-30"}),
            )
            .await;
        assert_eq!(other.status, StatusCode::CREATED);
        let sent = app
            .post(
                "/api/v1/reminders",
                &office,
                serde_json::json!({"unit_id": yibao, "text": "请于6月5日前报送5月进展"}),
            )
            .await;
        assert_eq!(sent.status, StatusCode::ACCEPTED);
        app.store
            .deliver_inbox(duban_store::now_ms(), 100)
            .await
            .expect("delivered");

        let cookie = session(&app, &http, "yibao-tb").await;
        let board = get(&http, &app, "/problems", &cookie)
            .await
            .text()
            .await
            .expect("html");
        assert_eq!(html_problems(&board), Vec::<String>::new());
        assert!(
            board.contains("异地结算备案滞后") && board.contains("逾期"),
            "{board}"
        );
        assert!(
            !board.contains("校舍开工偏慢"),
            "another unit's problem is not on its board"
        );
        let office_board = get(
            &http,
            &app,
            "/problems",
            &session(&app, &http, "ducha").await,
        )
        .await
        .text()
        .await
        .expect("html");
        assert!(office_board.contains("校舍开工偏慢") && office_board.contains("异地结算备案滞后"));

        // The unit takes its steps on the board: reporting it rectified needs the
        // measures; then the office verifies and closes it (销号).
        let id = p.body["id"].as_i64().expect("problem");
        let path = format!("/problems/{id}");
        let field = |k: &str, v: &str| (k.to_string(), v.to_string());
        let version = |html: &str| {
            html.split(&format!("action=\"/problems/{id}\""))
                .nth(1)
                .map(|rest| value_of(rest, "version"))
                .expect("a form for the problem")
        };
        assert!(
            board.contains("报告整改完成") && !board.contains(">销号<"),
            "{board}"
        );
        let bare = post_owned(
            &http,
            &app,
            &path,
            &cookie,
            &[
                field("action", "rectify"),
                field("version", &version(&board)),
                field("note", ""),
            ],
        )
        .await;
        assert_eq!(bare.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            bare.text()
                .await
                .expect("html")
                .contains("请写明整改措施或原因")
        );
        let done = post_owned(
            &http,
            &app,
            &path,
            &cookie,
            &[
                field("action", "rectify"),
                field("version", &version(&board)),
                field("note", "已完成备案"),
            ],
        )
        .await;
        assert_eq!(done.status(), StatusCode::SEE_OTHER);
        let ducha = session(&app, &http, "ducha").await;
        for step in ["verify", "close"] {
            let html = get(&http, &app, "/problems", &ducha)
                .await
                .text()
                .await
                .expect("html");
            let ok = post_owned(
                &http,
                &app,
                &path,
                &ducha,
                &[
                    field("action", step),
                    field("version", &version(&html)),
                    field("note", ""),
                ],
            )
            .await;
            assert_eq!(ok.status(), StatusCode::SEE_OTHER, "{step}");
        }
        let closed = app
            .get(&format!("/api/v1/problems/{id}"), &office)
            .await
            .body;
        assert_eq!(closed["state"], "closed", "{closed}");

        let inbox = get(&http, &app, "/inbox", &cookie)
            .await
            .text()
            .await
            .expect("html");
        assert_eq!(html_problems(&inbox), Vec::<String>::new());
        assert!(
            inbox.contains("请于6月5日前报送5月进展") && inbox.contains("1 条未读"),
            "{inbox}"
        );
        let id = inbox
            .split("action=\"/inbox/")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .expect("a message")
            .to_string();
        let read = post_owned(&http, &app, &format!("/inbox/{id}/read"), &cookie, &[]).await;
        assert_eq!(read.status(), StatusCode::SEE_OTHER);
        let inbox = get(&http, &app, "/inbox", &cookie)
            .await
            .text()
            .await
            .expect("html");
        assert!(inbox.contains("0 条未读"), "{inbox}");
    }
}

#[tokio::test]
async fn the_plan_page_shows_the_tree_with_every_item_linked_and_its_targets() {
    for app in apps().await {
        let http = browser();
        let leader = session(&app, &http, "lingdao").await;
        let page = get(&http, &app, "/plan", &leader).await;
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.expect("html");
        assert_eq!(html_problems(&html), Vec::<String>::new());
        assert_eq!(html.matches("<h2>(").count(), 6, "six areas: {html}");
        assert!(
            html.contains("<h2>(一)特殊群体关爱服务保障方面</h2>"),
            "{html}"
        );
        assert_eq!(
            html.matches("<td><a href=\"/items/").count(),
            20,
            "twenty items"
        );
        assert!(
            html.contains("新建、改扩建特殊教育学校(5处)") && html.contains("已批准(目标已锁定)")
        );
    }
}

#[tokio::test]
async fn the_office_reads_the_units_and_the_system_administrator_the_accounts() {
    for app in apps().await {
        let http = browser();
        let office = session(&app, &http, "ducha").await;
        let units = get(&http, &app, "/units", &office).await;
        assert_eq!(units.status(), StatusCode::OK);
        let html = units.text().await.expect("html");
        assert!(
            html.contains("<td>yishui</td><td>沂水县</td><td>县区</td>"),
            "{html}"
        );
        assert_eq!(
            get(&http, &app, "/users", &office).await.status(),
            StatusCode::FORBIDDEN
        );
        let admin = session(&app, &http, "xitong").await;
        let users = get(&http, &app, "/users", &admin).await;
        assert_eq!(users.status(), StatusCode::OK);
        let html = users.text().await.expect("html");
        assert!(
            html.contains("<td>tb-jiaoyu</td>") && html.contains("(演示)"),
            "{html}"
        );
        assert_eq!(
            get(&http, &app, "/units", &admin).await.status(),
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn the_language_switch_turns_the_pages_into_english_and_back() {
    for app in apps().await {
        let http = browser();
        let cookie = session(&app, &http, "ducha").await;
        let cockpit = get(&http, &app, "/cockpit", &cookie)
            .await
            .text()
            .await
            .unwrap();
        assert!(cockpit.contains("<html lang=\"zh-CN\">"));
        assert!(cockpit.contains(">驾驶舱</a>"));
        assert!(
            cockpit.contains("class=\"demo-banner\""),
            "a demo database says so"
        );

        let to_english = vec![
            ("to".to_string(), "en".to_string()),
            ("back".to_string(), "/cockpit".to_string()),
        ];
        let res = post_owned(&http, &app, "/lang", &cookie, &to_english).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/cockpit");
        let lang = cookie_of(&res).expect("the choice is remembered");
        assert_eq!(lang, "lang=en");

        let both = format!("{cookie}; {lang}");
        let english = get(&http, &app, "/cockpit", &both)
            .await
            .text()
            .await
            .unwrap();
        assert!(english.contains("<html lang=\"en\">"), "{english}");
        assert!(english.contains(">Cockpit</a>"));
        assert!(
            english.contains("value=\"zh\""),
            "the switch offers Chinese back"
        );

        // Only a path on this site is followed back.
        let away = vec![
            ("to".to_string(), "zh".to_string()),
            ("back".to_string(), "//example.org/".to_string()),
        ];
        let res = post_owned(&http, &app, "/lang", &both, &away).await;
        assert_eq!(res.headers()["location"], "/");
        assert_eq!(cookie_of(&res).as_deref(), Some("lang=zh"));
    }
}

#[tokio::test]
async fn the_cockpit_draws_the_plans_completion_over_the_periods_with_its_numbers_beside() {
    for app in apps().await {
        // April, before the demo's May, with nothing approved in it.
        let office = app.token("ducha").await;
        let april = app
            .post(
                "/api/v1/plans/1/periods",
                &office,
                serde_json::json!({"label": "2019-04"}),
            )
            .await;
        assert_eq!(april.status, StatusCode::CREATED, "{april:?}");
        // May's point is the plan's completion as the API judges it.
        let plan = app.get("/api/v1/plans/1", &office).await.body;
        let c = plan["completion"].as_f64().expect("a completion");
        let may = if c.fract() == 0.0 {
            format!("{c:.0}%")
        } else {
            format!("{c}%")
        };

        let http = browser();
        let ok = log_in(&app, &http, "ducha", "ducha-demo-2019").await;
        let cookie = cookie_of(&ok).expect("a session cookie");
        let page = get(&http, &app, "/cockpit", &cookie).await;
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.expect("html");
        assert_eq!(html_problems(&html), Vec::<String>::new());
        let svg = html
            .split("aria-labelledby=\"trend-title\"")
            .nth(1)
            .unwrap_or_else(|| panic!("no trend chart:\n{html}"));
        let svg = &svg[..svg.find("</svg>").expect("the chart's end")];
        assert_eq!(
            svg.matches("<circle ").count(),
            1,
            "April has no point: {svg}"
        );
        assert!(svg.contains(&format!(">{may}</text>")), "{may}: {svg}");
        assert!(svg.contains(">计划进度</text>") && !svg.contains("style="));
        // The text alternative: a row per period, the chart described by it.
        assert!(html.contains("aria-describedby=\"trend-table-caption\""));
        assert!(
            html.contains("<tr><th scope=\"row\">2019年4月</th><td>2019-04-30</td><td>—</td>"),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                "<tr><th scope=\"row\">2019年5月</th><td>2019-05-31</td><td>{may}</td>"
            )),
            "{html}"
        );
    }
}

//! The pages in a real browser: Debian's Chromium, headless, through chromedriver. Each
//! step saves a screenshot under `target/e2e/`.

mod common;

use common::browser::{Browser, Window};
use common::{TestApp, apps, password};
use duban_demo::DEMO_ACCOUNTS;

/// `name-sqlite` or `name-postgres`: one screenshot per database.
fn shot(app: &TestApp, name: &str) -> String {
    format!("{name}-{:?}", app.db.dialect()).to_lowercase()
}

#[tokio::test]
async fn every_demo_role_logs_in_and_lands_on_its_first_page() {
    for app in apps().await {
        let b = Browser::start(Window::Desktop).await;
        for a in DEMO_ACCOUNTS {
            b.log_in(&app, a.username, a.password).await;
            let (first, heading) = match a.role {
                duban_domain::Role::Office
                | duban_domain::Role::Leader
                | duban_domain::Role::Evaluator => ("/cockpit", "驾驶舱"),
                duban_domain::Role::Reporter | duban_domain::Role::Reviewer => {
                    ("/tasks", "本期任务")
                }
                _ => ("/account", "我的账号"),
            };
            assert_eq!(b.wait_for_path(first).await, first, "{}", a.username);
            assert!(b.text("h1").await.starts_with(heading), "{}", a.username);
            assert!(
                b.text("form.who span").await.contains(a.role.label_zh()),
                "{}",
                a.username
            );
            b.screenshot(&shot(&app, &format!("role-{}", a.username)))
                .await;
            b.log_out().await;
            assert_eq!(b.path().await, "/login");
        }
        b.close().await;
    }
}

#[tokio::test]
async fn a_reporter_fills_in_on_a_phone_the_lead_unit_and_office_pass_it_and_the_cockpit_shows_it()
{
    for app in apps().await {
        let token = app.token("tb-jiaoyu").await;
        let task = app.returned_task(&token, 11).await;
        let item = task["item_id"].as_i64().expect("item");
        let office = app.token("ducha").await;
        let before = app
            .get(&format!("/api/v1/items/{item}"), &office)
            .await
            .body;

        // 市教育局's reporter, on a phone: 2000 of the 4000 teachers hired.
        let phone = Browser::start(Window::Phone).await;
        phone.log_in(&app, "tb-jiaoyu", password("tb-jiaoyu")).await;
        assert_eq!(phone.wait_for_path("/tasks").await, "/tasks");
        phone.click(&format!("a[href='/tasks/{item}']")).await;
        assert!(phone.source().await.contains("请补报最新数据"));
        phone.fill("[name='figures/0/value']", "2000").await;
        phone.fill("#narrative", "已完成笔试,正在组织面试。").await;
        phone.screenshot(&shot(&app, "fill-phone")).await;
        assert!(
            phone.scroll_width().await <= 360,
            "the form fits a 360 px phone without sideways scrolling"
        );
        phone.click("button[value=submit]").await;
        let done = format!("/tasks/{item}?ok=submitted");
        assert_eq!(phone.wait_for_path(&done).await, done);
        assert!(phone.text("[role=status]").await.contains("已报送"));
        phone.screenshot(&shot(&app, "fill-phone-submitted")).await;
        phone.close().await;

        // The lead unit's reviewer passes it, then the office confirms it.
        let desk = Browser::start(Window::Desktop).await;
        for (who, button, done) in [
            ("sh-jiaoyu", "review", "/review?ok=review"),
            ("ducha", "approve", "/review?ok=approve"),
        ] {
            desk.log_in(&app, who, password(who)).await;
            desk.wait_for_path(if who == "ducha" { "/cockpit" } else { "/tasks" })
                .await;
            desk.goto(&format!("{}/review", app.base)).await;
            desk.click("a[href^='/review/']").await;
            assert!(desk.source().await.contains("2000人"), "{who}");
            desk.screenshot(&shot(&app, &format!("review-{who}"))).await;
            desk.click(&format!("button[value={button}]")).await;
            assert_eq!(desk.wait_for_path(done).await, done);
            desk.log_out().await;
        }

        // The cockpit shows the item with the new figure counted.
        desk.log_in(&app, "lingdao", password("lingdao")).await;
        desk.wait_for_path("/cockpit").await;
        let after = app
            .get(&format!("/api/v1/items/{item}"), &office)
            .await
            .body;
        assert_ne!(after["completion"], before["completion"], "{after}");
        let row = desk.text(&format!("#item-{item}")).await;
        let pct = after["completion"].as_f64().expect("completion");
        assert!(
            row.contains(&format!("{}%", (pct * 10.0).round() / 10.0)),
            "{row} / {after}"
        );
        desk.screenshot(&shot(&app, "cockpit-after")).await;
        // Down to the item: the new figure beside its target, on the chart.
        desk.click(&format!("#item-{item} a")).await;
        desk.wait_for_path(&format!("/items/{item}")).await;
        let page = desk.source().await;
        assert!(page.contains("2000人") && page.contains("<svg"), "{page}");
        desk.screenshot(&shot(&app, "item-after")).await;
        desk.close().await;
    }
}

#[tokio::test]
async fn the_office_drafts_writes_issues_and_downloads_a_bulletin() {
    for app in apps().await {
        let b = Browser::start(Window::Desktop).await;
        b.log_in(&app, "ducha", password("ducha")).await;
        b.wait_for_path("/cockpit").await;
        b.click("nav a[href='/bulletins']").await;
        b.wait_for_path("/bulletins").await;
        b.click("form[action='/bulletins'] button[type=submit]")
            .await;
        for _ in 0..50 {
            if b.path().await.starts_with("/bulletins/") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let editor = b.path().await;
        assert!(editor.starts_with("/bulletins/"), "{editor}");
        assert!(b.source().await.contains("意见建议尚未填写"));
        b.fill("#issue_date", "2019-07-12").await;
        b.fill("#recommendations", "加快推进滞后事项,确保按期完成。")
            .await;
        // The live preview drafts with the new text before anything is saved.
        let mut previewed = false;
        for _ in 0..50 {
            if b.text(".preview")
                .await
                .contains("加快推进滞后事项,确保按期完成。")
            {
                previewed = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(previewed, "the preview shows the suggestions as typed");
        b.click("button[value=save]").await;
        b.wait_for_path(&format!("{editor}?ok=saved")).await;
        assert!(b.text("[role=status]").await.contains("已保存"));
        b.screenshot(&shot(&app, "bulletin-draft")).await;
        b.click("button[value=issue]").await;
        b.wait_for_path(&format!("{editor}?ok=issued")).await;
        assert!(b.text("h1").await.contains("第17期(已印发)"));
        b.screenshot(&shot(&app, "bulletin-issued")).await;
        // The Markdown download, as the browser gets it.
        b.click("a[href$='format=md']").await;
        let id = editor.trim_start_matches("/bulletins/");
        b.wait_for_path(&format!("/api/v1/bulletins/{id}/document?format=md"))
            .await;
        let md = b.source().await;
        assert!(
            md.contains("第17期") && md.contains("加快推进滞后事项"),
            "{md}"
        );
        b.close().await;
    }
}

#[tokio::test]
async fn the_public_portal_shows_a_published_bulletin_to_anyone() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let series = app.get("/api/v1/plans/1/series", &office).await.body[0]["id"].clone();
        let draft = app
            .post(
                &format!("/api/v1/series/{series}/bulletins"),
                &office,
                serde_json::json!({"period_id": 1, "edits": {"recommendations": ["加快推进。"]}}),
            )
            .await;
        let id = draft.body["id"].as_i64().expect("draft");
        let issued = app
            .call(
                reqwest::Method::POST,
                &format!("/api/v1/bulletins/{id}/issue"),
                Some(&office),
                None,
                &[("if-match", &draft.etag())],
            )
            .await;
        assert!(issued.status.is_success(), "{issued:?}");
        let published = app
            .post(
                &format!("/api/v1/bulletins/{id}/publication"),
                &office,
                serde_json::json!({"org_code": "1585729837", "catalogue_code": "zfb",
                    "publisher": "临沂市人民政府办公室", "catalogue": "政府信息公开目录/督查专报"}),
            )
            .await;
        let gk = published.body["url"].as_str().expect("url").to_string();

        // Anyone, on a phone, without logging in.
        let b = Browser::start(Window::Phone).await;
        b.goto(&format!("{}/gk", app.base)).await;
        b.click(&format!("a[href='{gk}']")).await;
        b.wait_for_path(&gk).await;
        let page = b.source().await;
        assert!(
            page.contains("1585729837/zfb/") && page.contains("第17期"),
            "{page}"
        );
        assert!(page.contains("(一)特殊群体关爱服务保障方面。"));
        b.screenshot(&shot(&app, "portal-phone")).await;
        b.close().await;
    }
}

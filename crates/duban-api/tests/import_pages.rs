//! Excel批量填报 in the pages: a reporter downloads the template from the page, uploads
//! it filled, sees what would change, and confirms; a wrong file gets every error by
//! sheet, row and column and writes nothing; a preview overtaken by a change to the
//! unit's reports is refused.

mod common;

use common::pages::{browser, get, html_problems, post_file, post_form, session};
use common::{TestApp, apps};
use reqwest::StatusCode;
use rust_xlsxwriter::Workbook;
use serde_json::json;

/// A new open period (2019-06) of the demo plan, so that the unit owes everything.
async fn june(app: &TestApp) {
    let office = app.token("ducha").await;
    let p = app
        .post(
            &format!("/api/v1/plans/{}/periods", app.loaded.plan_id.0),
            &office,
            json!({"label": "2019-06"}),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{p:?}");
}

/// The import page, and the period its template link is for.
async fn import_page(app: &TestApp, cookie: &str) -> (String, i64) {
    let res = get(&browser(), app, "/tasks/import", cookie).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.expect("page");
    assert_eq!(html_problems(&html), Vec::<String>::new());
    let period = html
        .split("href=\"/api/v1/periods/")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no template link in {html}"));
    (html, period)
}

/// The states of the unit's tasks in the period.
async fn states(app: &TestApp, token: &str, period: i64) -> Vec<String> {
    let t = app
        .get(&format!("/api/v1/periods/{period}/tasks"), token)
        .await;
    t.body["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| t["state"].as_str().expect("state").to_string())
        .collect()
}

/// The address the preview's confirmation posts to.
fn confirm_path(html: &str) -> String {
    let token = html
        .split("action=\"/tasks/import/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no confirmation in {html}"));
    format!("/tasks/import/{token}")
}

/// The key of a city-wide numeric figure the unit owes (`item/indicator/-`).
async fn numeric_key(app: &TestApp, token: &str, period: i64) -> String {
    let t = app
        .get(&format!("/api/v1/periods/{period}/tasks"), token)
        .await;
    for task in t.body["tasks"].as_array().expect("tasks") {
        for f in task["figures"].as_array().expect("figures") {
            if f["kind"] == "cumulative" && f["region_id"].is_null() {
                return format!("{}/{}/-", task["item_id"], f["indicator_id"]);
            }
        }
    }
    panic!("no city-wide cumulative figure owed: {}", t.body)
}

/// A filled template with one row: `key`, and a word where the figure goes.
fn with_a_word_for_a_number(key: &str) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("填报").expect("name");
    ws.write_string(0, 0, "模板").expect("title");
    let heads = [
        "键",
        "序号",
        "实事",
        "指标",
        "地区",
        "单位",
        "上期审核值",
        "本期填报",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string(1, c as u16, *h).expect("heading");
    }
    ws.write_string(2, 0, key).expect("key");
    ws.write_string(2, 7, "很多").expect("figure");
    wb.save_to_buffer().expect("xlsx")
}

#[tokio::test]
async fn a_reporter_uploads_the_template_sees_the_changes_and_confirms_them_into_drafts() {
    for app in apps().await {
        june(&app).await;
        let http = browser();
        let cookie = session(&app, &http, "yibao-tb").await;
        let token = app.token("yibao-tb").await;
        let tasks = get(&http, &app, "/tasks", &cookie).await;
        let tasks = tasks.text().await.expect("tasks");
        assert!(tasks.contains("href=\"/tasks/import\""), "{tasks}");

        let (_, period) = import_page(&app, &cookie).await;
        let template = get(
            &http,
            &app,
            &format!("/api/v1/periods/{period}/template"),
            &cookie,
        )
        .await;
        assert_eq!(template.status(), StatusCode::OK);
        let xlsx = template.bytes().await.expect("template").to_vec();
        assert!(
            states(&app, &token, period)
                .await
                .iter()
                .all(|s| s == "missing")
        );

        // The preview lists each item to create and each figure before and after.
        let res = post_file(&app, "/tasks/import", &cookie, "填报模板.xlsx", &xlsx).await;
        assert_eq!(res.status(), StatusCode::OK);
        let preview = res.text().await.expect("preview");
        assert_eq!(html_problems(&preview), Vec::<String>::new());
        assert!(preview.contains("导入预览"), "{preview}");
        assert!(preview.contains("新建草稿"), "{preview}");
        assert!(preview.contains("填报模板.xlsx"), "{preview}");
        assert!(
            states(&app, &token, period)
                .await
                .iter()
                .all(|s| s == "missing"),
            "a preview writes nothing"
        );

        // Confirmed, the file previewed becomes the unit's drafts, once.
        let confirm = confirm_path(&preview);
        let res = post_form(&http, &app, &confirm, &cookie, &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let done = res.text().await.expect("done");
        assert!(done.contains("导入完成"), "{done}");
        let after = states(&app, &token, period).await;
        assert!(after.iter().any(|s| s == "draft"), "{after:?}");
        assert!(after.iter().all(|s| s == "draft" || s == "missing"));

        let res = post_form(&http, &app, &confirm, &cookie, &[]).await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let again = res.text().await.expect("again");
        assert!(again.contains("该预览已导入或已过期"), "{again}");
    }
}

#[tokio::test]
async fn a_wrong_file_lists_each_error_by_sheet_row_and_column_and_writes_nothing() {
    for app in apps().await {
        june(&app).await;
        let http = browser();
        let cookie = session(&app, &http, "yibao-tb").await;
        let token = app.token("yibao-tb").await;
        let (_, period) = import_page(&app, &cookie).await;
        let key = numeric_key(&app, &token, period).await;

        let bad = with_a_word_for_a_number(&key);
        let res = post_file(&app, "/tasks/import", &cookie, "bad.xlsx", &bad).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.expect("errors");
        assert_eq!(html_problems(&html), Vec::<String>::new());
        assert!(html.contains("文件有误,未导入任何数据"), "{html}");
        assert!(
            html.contains("<td>填报</td><td>3</td><td>H</td><td>“很多”不是数字"),
            "{html}"
        );
        assert!(!html.contains("action=\"/tasks/import/"), "no confirmation");

        // Not a workbook at all: said so, without a place.
        let res = post_file(&app, "/tasks/import", &cookie, "notes.txt", b"hello").await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.expect("errors");
        assert!(html.contains("文件不是可读取的xlsx工作簿"), "{html}");
        assert!(
            states(&app, &token, period)
                .await
                .iter()
                .all(|s| s == "missing")
        );
    }
}

#[tokio::test]
async fn a_preview_overtaken_by_a_change_to_the_units_reports_is_not_imported() {
    for app in apps().await {
        june(&app).await;
        let http = browser();
        let cookie = session(&app, &http, "yibao-tb").await;
        let token = app.token("yibao-tb").await;
        let (_, period) = import_page(&app, &cookie).await;
        let path = format!("/api/v1/periods/{period}/template");
        let xlsx = get(&http, &app, &path, &cookie)
            .await
            .bytes()
            .await
            .expect("template")
            .to_vec();
        let res = post_file(&app, "/tasks/import", &cookie, "t.xlsx", &xlsx).await;
        assert_eq!(res.status(), StatusCode::OK);
        let confirm = confirm_path(&res.text().await.expect("preview"));

        // The same file imported through the API meanwhile: the drafts now exist.
        let direct = app
            .http
            .post(format!("{}/api/v1/periods/{period}/import", app.base))
            .bearer_auth(&token)
            .header("content-type", "application/octet-stream")
            .body(xlsx)
            .send()
            .await
            .expect("import");
        assert_eq!(direct.status(), StatusCode::OK);
        let drafts = states(&app, &token, period).await;

        let res = post_form(&http, &app, &confirm, &cookie, &[]).await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let html = res.text().await.expect("refused");
        assert!(html.contains("预览之后本单位的填报已有变化"), "{html}");
        assert_eq!(states(&app, &token, period).await, drafts);
    }
}

//! 计划结构导出与导入 over HTTP: the demo plan's structure exported and imported into
//! an empty plan is the same structure, and imported again changes nothing; a wrong
//! file is refused with each error's place, and nothing is written. The same in the
//! pages: upload, preview, confirm.

mod common;

use common::pages::{browser, get, html_problems, post_file, post_form, session};
use common::{Answer, TestApp, apps};
use reqwest::{Method, StatusCode};
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};

async fn bytes(app: &TestApp, token: &str, path: &str) -> (StatusCode, Vec<u8>) {
    let res = app
        .http
        .get(format!("{}{path}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    (res.status(), res.bytes().await.expect("body").to_vec())
}

/// Posts a structure workbook to a plan; the answer.
async fn import(app: &TestApp, token: &str, plan: i64, file: Vec<u8>, dry: bool) -> Answer {
    let res = app
        .http
        .post(format!(
            "{}/api/v1/plans/{plan}/structure?dry_run={dry}",
            app.base
        ))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(file)
        .send()
        .await
        .expect("request");
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.expect("body");
    Answer {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
        text,
    }
}

/// A new, empty plan; its id.
async fn empty_plan(app: &TestApp, office: &str) -> i64 {
    let p = app
        .post(
            "/api/v1/plans",
            office,
            json!({"year": 2020, "title": "导入计划"}),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{p:?}");
    p.body["id"].as_i64().expect("id")
}

async fn area_count(app: &TestApp, office: &str, plan: i64) -> usize {
    let a = app
        .get(&format!("/api/v1/plans/{plan}/areas"), office)
        .await;
    a.body["items"].as_array().map_or(0, Vec::len)
}

fn count(a: &Answer, key: &str) -> u64 {
    a.body[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key}: {a:?}"))
}

#[tokio::test]
async fn the_demo_plan_exported_and_imported_into_an_empty_plan_is_the_same_and_again_changes_nothing()
 {
    for app in apps().await {
        let office = app.token("ducha").await;
        let demo = app.loaded.plan_id.0;
        let (status, xlsx) = bytes(&app, &office, &format!("/api/v1/plans/{demo}/structure")).await;
        assert_eq!(status, StatusCode::OK);
        let names: Vec<String> = duban_docs::xlsx::read_xlsx(&xlsx)
            .expect("readable")
            .into_iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["领域", "实事", "指标", "分解"]);

        // Imported over the plan it came from: nothing to do.
        let same = import(&app, &office, demo, xlsx.clone(), true).await;
        assert_eq!(same.status, StatusCode::OK, "{same:?}");
        assert_eq!((count(&same, "created"), count(&same, "updated")), (0, 0));

        let plan = empty_plan(&app, &office).await;
        let preview = import(&app, &office, plan, xlsx.clone(), true).await;
        assert_eq!(preview.status, StatusCode::OK, "{preview:?}");
        let rows = count(&preview, "created");
        assert!(rows > 0);
        assert_eq!(
            area_count(&app, &office, plan).await,
            0,
            "a dry run writes nothing"
        );

        let done = import(&app, &office, plan, xlsx.clone(), false).await;
        assert_eq!(done.status, StatusCode::OK, "{done:?}");
        assert_eq!(count(&done, "created"), rows);
        assert!(area_count(&app, &office, plan).await > 0);

        // The copy exports as the same structure: imported over the original, it is
        // all unchanged; and the file imported again into the copy changes nothing.
        let (_, copy) = bytes(&app, &office, &format!("/api/v1/plans/{plan}/structure")).await;
        let back = import(&app, &office, demo, copy, true).await;
        assert_eq!((count(&back, "created"), count(&back, "updated")), (0, 0));
        let again = import(&app, &office, plan, xlsx, false).await;
        assert_eq!(again.status, StatusCode::OK, "{again:?}");
        assert_eq!((count(&again, "created"), count(&again, "updated")), (0, 0));
        assert_eq!(count(&again, "unchanged"), rows);
    }
}

#[tokio::test]
async fn a_wrong_plan_structure_is_refused_with_each_errors_place_and_nothing_is_written() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let plan = empty_plan(&app, &office).await;
        let mut wb = Workbook::new();
        let sheets: [(&str, &[&str]); 4] = [
            ("领域", &["1", "就业"]),
            ("实事", &["1", "1", "稳定就业", "不存在的单位"]),
            ("指标", &[]),
            ("分解", &[]),
        ];
        for (name, row) in sheets {
            let ws = wb.add_worksheet();
            ws.set_name(name).expect("sheet");
            for (c, v) in row.iter().enumerate() {
                match v.parse::<f64>() {
                    Ok(n) => ws.write_number(2, c as u16, n).map(|_| ()),
                    Err(_) => ws.write_string(2, c as u16, *v).map(|_| ()),
                }
                .expect("cell");
            }
        }
        let file = wb.save_to_buffer().expect("xlsx");
        let a = import(&app, &office, plan, file, false).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{a:?}");
        assert_eq!(a.body["errors"][0]["field"], "实事!D3", "{a:?}");
        assert_eq!(
            a.body["errors"][0]["message"],
            "实事!D3:单位“不存在的单位”不存在"
        );
        assert_eq!(area_count(&app, &office, plan).await, 0, "nothing written");

        let reporter = app.token("yibao-tb").await;
        let (status, _) = bytes(&app, &reporter, &format!("/api/v1/plans/{plan}/structure")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn the_office_imports_a_structure_in_the_pages_after_a_preview_and_a_wrong_file_writes_nothing()
 {
    for app in apps().await {
        let office = app.token("ducha").await;
        let demo = app.loaded.plan_id.0;
        let (_, xlsx) = bytes(&app, &office, &format!("/api/v1/plans/{demo}/structure")).await;
        // The newest plan is the one the pages set up.
        let plan = empty_plan(&app, &office).await;
        let http = browser();
        let cookie = session(&app, &http, "ducha").await;
        let setup = get(&http, &app, "/setup", &cookie).await;
        let setup = setup.text().await.expect("setup");
        assert!(setup.contains("href=\"/setup/structure\""), "{setup}");
        let page = get(&http, &app, "/setup/structure", &cookie).await;
        assert_eq!(page.status(), StatusCode::OK);
        let page = page.text().await.expect("page");
        assert_eq!(html_problems(&page), Vec::<String>::new());
        assert!(page.contains(&format!("href=\"/api/v1/plans/{plan}/structure\"")));

        // A wrong file: its errors in the table, no confirmation, nothing written.
        let res = post_file(
            &app,
            "/setup/structure",
            &cookie,
            "x.xlsx",
            b"not a workbook",
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.expect("errors");
        assert!(html.contains("文件不是可读取的xlsx工作簿"), "{html}");
        assert!(!html.contains("action=\"/setup/structure/"));

        let res = post_file(&app, "/setup/structure", &cookie, "结构.xlsx", &xlsx).await;
        assert_eq!(res.status(), StatusCode::OK);
        let preview = res.text().await.expect("preview");
        assert_eq!(html_problems(&preview), Vec::<String>::new());
        assert!(preview.contains("新增"), "{preview}");
        assert_eq!(
            area_count(&app, &office, plan).await,
            0,
            "a preview writes nothing"
        );
        let token = preview
            .split("action=\"/setup/structure/")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("confirmation");
        let confirm = format!("/setup/structure/{token}");
        let res = post_form(&http, &app, &confirm, &cookie, &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.text().await.expect("done").contains("导入完成"));
        assert!(area_count(&app, &office, plan).await > 0);
        let again = post_form(&http, &app, &confirm, &cookie, &[]).await;
        assert_eq!(again.status(), StatusCode::CONFLICT);

        // A preview overtaken by a change to the plan is not imported.
        let res = post_file(&app, "/setup/structure", &cookie, "结构.xlsx", &xlsx).await;
        let preview = res.text().await.expect("preview");
        let token = preview
            .split("action=\"/setup/structure/")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("confirmation");
        let areas = app
            .get(&format!("/api/v1/plans/{plan}/areas"), &office)
            .await;
        let first = areas.body["items"][0]["id"].as_i64().expect("area");
        let area = format!("/api/v1/areas/{first}");
        let etag = app.get(&area, &office).await.etag();
        let renamed = app
            .call(
                Method::PATCH,
                &area,
                Some(&office),
                Some(json!({"title": "改过的领域"})),
                &[("if-match", &etag)],
            )
            .await;
        assert_eq!(renamed.status, StatusCode::OK, "{renamed:?}");
        let res = post_form(
            &http,
            &app,
            &format!("/setup/structure/{token}"),
            &cookie,
            &[],
        )
        .await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        assert!(
            res.text()
                .await
                .expect("refused")
                .contains("预览之后计划结构已有变化")
        );
    }
}

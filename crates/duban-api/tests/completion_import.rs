//! 完成情况表导入 over HTTP: the demo plan's completion table exported and imported back
//! changes nothing; changed 进度 cells become exactly those drafts of the lead unit (全市)
//! or the region, and again change nothing; a report already approved, and every kind
//! of bad cell, is refused with its place and message, and nothing is written.

mod common;

use common::{Answer, TestApp, apps};
use duban_domain::template::{ReadCell, ReadSheet};
use reqwest::{Method, StatusCode};
use rust_xlsxwriter::{Format, Formula, Workbook};
use serde_json::{Value, json};

/// The completion table of the demo plan for `label`, as xlsx.
async fn export(app: &TestApp, token: &str, label: &str) -> Vec<u8> {
    let res = app
        .http
        .get(format!(
            "{}/api/v1/plans/{}/exports/completion?period={label}",
            app.base, app.loaded.plan_id.0
        ))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    res.bytes().await.expect("body").to_vec()
}

async fn import(app: &TestApp, token: &str, period: i64, file: Vec<u8>, dry: bool) -> Answer {
    app.send_bytes(
        Method::POST,
        &format!("/api/v1/periods/{period}/completion-table?dry_run={dry}"),
        Some(token),
        file,
        &[("content-type", "application/octet-stream")],
    )
    .await
}

/// A new open period (2019-06) of the demo plan; its id.
async fn june(app: &TestApp, office: &str) -> i64 {
    let p = app
        .post(
            &format!("/api/v1/plans/{}/periods", app.loaded.plan_id.0),
            office,
            json!({"label": "2019-06"}),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{p:?}");
    p.body["id"].as_i64().expect("id")
}

/// Every report of the period with its state, version and figures: what an import
/// must leave alone when it refuses.
async fn reports(app: &TestApp, office: &str, period: i64) -> Vec<Value> {
    let a = app
        .get(
            &format!("/api/v1/reports?period_id={period}&per_page=200"),
            office,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    a.body["items"].as_array().expect("items").clone()
}

/// The exported sheet as read.
fn sheet(xlsx: &[u8]) -> ReadSheet {
    duban_docs::xlsx::read_xlsx(xlsx)
        .expect("xlsx")
        .into_iter()
        .find(|s| s.name == "完成情况表")
        .expect("sheet")
}

/// The sheet written again as a clerk's workbook would hold it; `merge` merges a range.
fn write(s: &ReadSheet, merge: Option<(u32, u16, u32, u16)>) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(&s.name).expect("name");
    for (r, row) in s.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                ReadCell::Empty => Ok(()),
                ReadCell::Text(t) => ws.write_string(r, c, t).map(|_| ()),
                ReadCell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                ReadCell::Formula(f) => ws.write_formula(r, c, Formula::new(f)).map(|_| ()),
            }
            .expect("cell");
        }
    }
    if let Some((r1, c1, r2, c2)) = merge {
        ws.merge_range(r1, c1, r2, c2, "", &Format::new())
            .expect("merge");
    }
    wb.save_to_buffer().expect("xlsx")
}

fn set(s: &mut ReadSheet, r: usize, c: usize, v: ReadCell) {
    if s.rows[r].len() <= c {
        s.rows[r].resize(c + 1, ReadCell::Empty);
    }
    s.rows[r][c] = v;
}

/// The row of a region (or 全市) by its name.
fn row_of(s: &ReadSheet, name: &str) -> usize {
    s.rows
        .iter()
        .position(|r| matches!(r.first(), Some(ReadCell::Text(t)) if t == name))
        .unwrap_or_else(|| panic!("no row {name}"))
}

/// The 进度 column of the indicator whose heading ends with `:name`.
fn value_col(s: &ReadSheet, name: &str) -> usize {
    let c = s.rows[1]
        .iter()
        .position(|x| matches!(x, ReadCell::Text(t) if t.ends_with(&format!(":{name}"))))
        .unwrap_or_else(|| panic!("no heading {name}"));
    c + 1
}

/// A cell's place as the errors name it.
fn place(r: usize, c: usize) -> String {
    let mut n = c + 1;
    let mut col = Vec::new();
    while n > 0 {
        col.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    col.reverse();
    format!(
        "完成情况表!{}{}",
        String::from_utf8(col).expect("letters"),
        r + 1
    )
}

/// A report's unit and its figures (region, value or stage).
type UnitFigures = (i64, Vec<(Option<i64>, Value)>);
/// A change making a file bad, a range to merge, and the error's place, code and message.
type BadCase = (
    Box<dyn Fn(&mut ReadSheet)>,
    Option<(u32, u16, u32, u16)>,
    String,
    &'static str,
    String,
);

const CHILDREN: &str = "核查摸排疑似失学辍学儿童";
const SCHOOLS: &str = "新建、改扩建特殊教育学校";
const BUILDING: &str = "特殊教育学校建设进度";

#[tokio::test]
async fn the_demo_completion_table_exported_and_imported_back_changes_nothing() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let may = app.loaded.period_id.0;
        let before = reports(&app, &office, may).await;
        let file = export(&app, &office, "2019-05").await;
        for dry in [true, false] {
            let a = import(&app, &office, may, file.clone(), dry).await;
            assert_eq!(a.status, StatusCode::OK, "{a:?}");
            assert_eq!(a.body["dry_run"], dry);
            assert_eq!(
                (&a.body["created"], &a.body["updated"]),
                (&json!(0), &json!(0))
            );
            assert_eq!(a.body["reports"], json!([]), "{a:?}");
        }
        assert_eq!(reports(&app, &office, may).await, before);
        // The exported file again is the same file.
        assert_eq!(export(&app, &office, "2019-05").await, file);
    }
}

#[tokio::test]
async fn a_changed_value_of_an_approved_report_is_refused_at_its_cell_and_of_a_returned_one_revises_it()
 {
    for app in apps().await {
        let office = app.token("ducha").await;
        let may = app.loaded.period_id.0;
        let mut s = sheet(&export(&app, &office, "2019-05").await);
        let (r, c) = (row_of(&s, "全市"), value_col(&s, CHILDREN));
        assert_eq!(s.rows[r][c], ReadCell::Number(31419.0));
        set(&mut s, r, c, ReadCell::Number(31500.0));
        let before = reports(&app, &office, may).await;
        let a = import(&app, &office, may, write(&s, None), false).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{a:?}");
        let lead = app
            .get(&format!("/api/v1/units/{}", app.unit("jiaoyu")), &office)
            .await
            .body["name"]
            .as_str()
            .expect("name")
            .to_string();
        let at = place(r, c);
        assert_eq!(
            a.body["errors"],
            json!([{
                "field": at,
                "code": "wrong_state",
                "message": format!("{at}:{lead}第2项实事的本期填报已报送或已通过,不能通过导入修改"),
                "message_en": format!("{at}: {lead}'s report on item 2 is already approved; an import cannot change it"),
            }])
        );
        assert_eq!(reports(&app, &office, may).await, before);

        // Returned to its unit, the report takes the value as a new draft version.
        let reporter = app.token("tb-jiaoyu").await;
        let task = app.returned_task(&reporter, 2).await;
        let id = task["report_id"].as_i64().expect("report");
        let version = app
            .get(&format!("/api/v1/reports/{id}"), &office)
            .await
            .body["current_version"]
            .as_i64()
            .expect("version");
        let a = import(&app, &office, may, write(&s, None), false).await;
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        assert_eq!(a.body["updated"], 1, "{a:?}");
        let rep = &a.body["reports"][0];
        assert_eq!(rep["action"], "update");
        assert_eq!(rep["report_id"], id);
        assert_eq!(rep["changes"][0]["place"], at);
        assert_eq!(rep["changes"][0]["before"]["value"], 31419.0);
        assert_eq!(rep["changes"][0]["after"]["value"], 31500.0);
        let now = app
            .get(&format!("/api/v1/reports/{id}"), &office)
            .await
            .body;
        assert_eq!(now["state"], "draft");
        assert_eq!(now["current_version"], version + 1);
        // The same file again changes nothing.
        let again = import(&app, &office, may, write(&s, None), false).await;
        assert_eq!(again.status, StatusCode::OK, "{again:?}");
        assert_eq!(
            (&again.body["updated"], &again.body["unchanged"]),
            (&json!(0), &json!(1))
        );
        let same = app
            .get(&format!("/api/v1/reports/{id}"), &office)
            .await
            .body;
        assert_eq!(same["current_version"], version + 1);
    }
}

#[tokio::test]
async fn changed_progress_cells_of_a_new_period_become_exactly_those_drafts_and_again_change_nothing()
 {
    for app in apps().await {
        let office = app.token("ducha").await;
        let period = june(&app, &office).await;
        let file = export(&app, &office, "2019-06").await;
        let a = import(&app, &office, period, file.clone(), false).await;
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        assert_eq!(a.body["reports"], json!([]));

        let mut s = sheet(&file);
        let city = row_of(&s, "全市");
        let yishui = row_of(&s, "沂水县");
        let (children, schools, building) = (
            value_col(&s, CHILDREN),
            value_col(&s, SCHOOLS),
            value_col(&s, BUILDING),
        );
        set(&mut s, city, children, ReadCell::Number(100.0));
        set(&mut s, yishui, schools, ReadCell::Number(1.0));
        set(&mut s, yishui, building, ReadCell::Text("招标".into()));
        // The city's sum of a split indicator and every target are not read.
        set(&mut s, city, schools, ReadCell::Number(7.0));
        set(&mut s, city, children - 1, ReadCell::Number(1.0));
        let changed = write(&s, None);

        let dry = import(&app, &office, period, changed.clone(), true).await;
        assert_eq!(dry.status, StatusCode::OK, "{dry:?}");
        assert_eq!(dry.body["created"], 0);
        let planned: Vec<(Value, Value, usize)> = dry.body["reports"]
            .as_array()
            .expect("reports")
            .iter()
            .map(|r| {
                (
                    r["item_number"].clone(),
                    r["action"].clone(),
                    r["changes"].as_array().map_or(0, Vec::len),
                )
            })
            .collect();
        assert_eq!(
            planned,
            vec![
                (json!(1), json!("create"), 2),
                (json!(2), json!("create"), 1)
            ]
        );
        assert_eq!(reports(&app, &office, period).await, Vec::<Value>::new());

        let done = import(&app, &office, period, changed.clone(), false).await;
        assert_eq!(done.status, StatusCode::OK, "{done:?}");
        assert_eq!(done.body["created"], 2);
        let mut got: Vec<UnitFigures> = reports(&app, &office, period)
            .await
            .iter()
            .map(|r| {
                assert_eq!(r["state"], "draft");
                let figs = r["figures"]
                    .as_array()
                    .expect("figures")
                    .iter()
                    .map(|f| {
                        let v = if f["stage"].is_null() {
                            f["value"].clone()
                        } else {
                            f["stage"].clone()
                        };
                        (f["region_id"].as_i64(), v)
                    })
                    .collect();
                (r["unit_id"].as_i64().expect("unit"), figs)
            })
            .collect();
        got.sort_by_key(|g| g.0);
        let yishui_id = app.unit("yishui");
        let mut want = vec![
            (app.unit("jiaoyu"), vec![(None, json!(100))]),
            (
                yishui_id,
                vec![
                    (Some(yishui_id), json!(1)),
                    (Some(yishui_id), json!("招标")),
                ],
            ),
        ];
        want.sort_by_key(|w| w.0);
        assert_eq!(got, want);

        let before = reports(&app, &office, period).await;
        let again = import(&app, &office, period, changed, false).await;
        assert_eq!(again.status, StatusCode::OK, "{again:?}");
        assert_eq!(
            (
                &again.body["created"],
                &again.body["updated"],
                &again.body["unchanged"]
            ),
            (&json!(0), &json!(0), &json!(2))
        );
        assert_eq!(reports(&app, &office, period).await, before);
    }
}

#[tokio::test]
async fn every_kind_of_bad_cell_is_refused_with_its_place_and_message_and_nothing_is_written() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let period = june(&app, &office).await;
        let s = sheet(&export(&app, &office, "2019-06").await);
        let city = row_of(&s, "全市");
        let lanshan = row_of(&s, "兰山区");
        let children = value_col(&s, CHILDREN);
        let schools = value_col(&s, SCHOOLS);
        let last = s.rows.len();
        let cases: Vec<BadCase> = vec![
            (
                Box::new(move |s| set(s, lanshan, 0, ReadCell::Text("兰山新区".into()))),
                None,
                place(lanshan, 0),
                "unknown_region",
                "地区“兰山新区”不存在,请填写“全市”、市本级或县区的名称".into(),
            ),
            (
                Box::new(move |s| {
                    set(
                        s,
                        1,
                        children - 1,
                        ReadCell::Text("2.控辍保学:辍学人数".into()),
                    )
                }),
                None,
                place(1, children - 1),
                "unknown_indicator",
                "表头“2.控辍保学:辍学人数”不是本计划的指标,请使用导出的完成情况表".into(),
            ),
            (
                Box::new(move |s| set(s, city, children, ReadCell::Text("三万".into()))),
                None,
                place(city, children),
                "wrong_type",
                "“三万”不是数字,请填写数字(最多四位小数)".into(),
            ),
            (
                Box::new(move |s| set(s, lanshan, schools, ReadCell::Number(1.0))),
                None,
                place(lanshan, schools),
                "region_not_in_indicator",
                format!("指标“{SCHOOLS}”未分解到“兰山区”"),
            ),
            (
                Box::new(move |s| {
                    let dup = s.rows[lanshan].clone();
                    s.rows.push(dup);
                }),
                None,
                place(last, 0),
                "duplicate_row",
                format!("与第{}行重复", lanshan + 1),
            ),
            (
                Box::new(move |s| set(s, city, children, ReadCell::Formula("1+1".into()))),
                None,
                place(city, children),
                "formula",
                "不能使用公式(=1+1),请填写数值".into(),
            ),
            (
                Box::new(|_| {}),
                Some((lanshan as u32, 1, lanshan as u32, 3)),
                place(lanshan, 1),
                "merged_cells",
                "数据行中不能有合并单元格,请取消合并".into(),
            ),
        ];
        for (edit, merge, at, code, zh) in cases {
            let mut bad = s.clone();
            edit(&mut bad);
            let a = import(&app, &office, period, write(&bad, merge), false).await;
            assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{code}: {a:?}");
            let errors = a.body["errors"].as_array().expect("errors");
            assert_eq!(errors.len(), 1, "{code}: {a:?}");
            assert_eq!(errors[0]["field"], at.as_str(), "{a:?}");
            assert_eq!(errors[0]["code"], code, "{a:?}");
            assert_eq!(errors[0]["message"], format!("{at}:{zh}"), "{a:?}");
            assert!(
                errors[0]["message_en"]
                    .as_str()
                    .is_some_and(|m| m.starts_with(&format!("{at}: "))),
                "{a:?}"
            );
        }
        let not_xlsx = import(&app, &office, period, b"not a workbook".to_vec(), false).await;
        assert_eq!(not_xlsx.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(not_xlsx.body["errors"][0]["code"], "not_xlsx");
        let mut other = s.clone();
        other.name = "Sheet1".into();
        let no_sheet = import(&app, &office, period, write(&other, None), false).await;
        assert_eq!(
            no_sheet.body["errors"][0]["code"], "no_sheet",
            "{no_sheet:?}"
        );
        assert_eq!(reports(&app, &office, period).await, Vec::<Value>::new());
        // Only the office imports completion tables.
        let reporter = app.token("tb-jiaoyu").await;
        let refused = import(&app, &reporter, period, write(&s, None), false).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
}

/// The confirmation's token in a preview page.
fn token_in(preview: &str) -> String {
    preview
        .split("action=\"/setup/completion/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("confirmation")
        .to_string()
}

#[tokio::test]
async fn the_office_imports_a_completion_table_in_the_pages_after_a_preview_once() {
    use common::pages::{browser, get, html_problems, post_file, post_form, session};
    for app in apps().await {
        let office = app.token("ducha").await;
        let may = app.loaded.period_id.0;
        let http = browser();
        let cookie = session(&app, &http, "ducha").await;
        let setup = get(&http, &app, "/setup", &cookie).await;
        assert!(
            setup
                .text()
                .await
                .expect("setup")
                .contains("href=\"/setup/completion\"")
        );
        let page = get(&http, &app, "/setup/completion", &cookie).await;
        assert_eq!(page.status(), StatusCode::OK);
        let page = page.text().await.expect("page");
        assert_eq!(html_problems(&page), Vec::<String>::new());
        assert!(page.contains(&format!(
            "href=\"/api/v1/plans/{}/exports/completion?period=2019-05\"",
            app.loaded.plan_id.0
        )));

        // A wrong cell: the errors table, no confirmation, nothing written.
        let mut s = sheet(&export(&app, &office, "2019-05").await);
        let (r, c) = (row_of(&s, "全市"), value_col(&s, CHILDREN));
        set(&mut s, r, c, ReadCell::Text("很多".into()));
        let res = post_file(
            &app,
            "/setup/completion",
            &cookie,
            "完成情况表.xlsx",
            &write(&s, None),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.expect("errors");
        assert!(html.contains("“很多”不是数字"), "{html}");
        assert!(!html.contains("action=\"/setup/completion/"));

        // A returned report takes the changed value after the preview and confirmation.
        let reporter = app.token("tb-jiaoyu").await;
        let task = app.returned_task(&reporter, 2).await;
        let id = task["report_id"].as_i64().expect("report");
        set(&mut s, r, c, ReadCell::Number(31500.0));
        let file = write(&s, None);
        let before = reports(&app, &office, may).await;
        let res = post_file(&app, "/setup/completion", &cookie, "完成情况表.xlsx", &file).await;
        assert_eq!(res.status(), StatusCode::OK);
        let preview = res.text().await.expect("preview");
        assert_eq!(html_problems(&preview), Vec::<String>::new());
        assert!(
            preview.contains(CHILDREN) && preview.contains("31500"),
            "{preview}"
        );
        assert_eq!(
            reports(&app, &office, may).await,
            before,
            "a preview writes nothing"
        );
        let confirm = format!("/setup/completion/{}", token_in(&preview));
        let res = post_form(&http, &app, &confirm, &cookie, &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.text().await.expect("done").contains("导入完成"));
        let now = app
            .get(&format!("/api/v1/reports/{id}"), &office)
            .await
            .body;
        assert_eq!(now["state"], "draft");
        let again = post_form(&http, &app, &confirm, &cookie, &[]).await;
        assert_eq!(again.status(), StatusCode::CONFLICT);

        // A preview overtaken by a change to the report is not imported.
        set(&mut s, r, c, ReadCell::Number(31600.0));
        let res = post_file(
            &app,
            "/setup/completion",
            &cookie,
            "完成情况表.xlsx",
            &write(&s, None),
        )
        .await;
        let confirm = format!(
            "/setup/completion/{}",
            token_in(&res.text().await.expect("preview"))
        );
        let etag = app
            .get(&format!("/api/v1/reports/{id}"), &reporter)
            .await
            .etag();
        let submitted = app
            .change(
                Method::POST,
                &format!("/api/v1/reports/{id}/submit"),
                &reporter,
                &etag,
                json!({"reasons": {}}),
            )
            .await;
        assert_eq!(submitted.status, StatusCode::OK, "{submitted:?}");
        let res = post_form(&http, &app, &confirm, &cookie, &[]).await;
        assert_eq!(res.status(), StatusCode::CONFLICT);
        let after = app
            .get(&format!("/api/v1/reports/{id}"), &office)
            .await
            .body;
        assert_eq!(after["figures"], now["figures"]);
    }
}

#[tokio::test]
async fn a_region_figure_the_lead_unit_already_reports_is_revised_in_its_report_never_held_twice() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let period = june(&app, &office).await;
        let schools = app
            .store
            .plan_indicators(app.loaded.plan_id)
            .await
            .expect("indicators")
            .into_iter()
            .find(|i| i.name == SCHOOLS)
            .expect("indicator");
        let yishui = app.unit("yishui");
        let reporter = app.token("tb-jiaoyu").await;
        let made = app
            .post(
                "/api/v1/reports",
                &reporter,
                json!({"period_id": period, "item_id": schools.item_id.0, "figures": [
                    {"indicator_id": schools.id.0, "region_id": yishui, "value": 0}
                ]}),
            )
            .await;
        assert_eq!(made.status, StatusCode::CREATED, "{made:?}");
        let id = made.body["id"].as_i64().expect("report");

        let mut s = sheet(&export(&app, &office, "2019-06").await);
        let (r, c) = (row_of(&s, "沂水县"), value_col(&s, SCHOOLS));
        set(&mut s, r, c, ReadCell::Number(1.0));
        let a = import(&app, &office, period, write(&s, None), false).await;
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        assert_eq!(
            (&a.body["created"], &a.body["updated"]),
            (&json!(0), &json!(1))
        );
        assert_eq!(a.body["reports"][0]["report_id"], id);
        let all = reports(&app, &office, period).await;
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0]["figures"][0]["value"], 1.0);
    }
}

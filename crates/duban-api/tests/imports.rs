//! 填报模板与导入 over HTTP: a unit's template for a new period, prefilled and locked;
//! imported, it becomes the unit's drafts through the reports' own path, and imported
//! again it changes nothing; every kind of bad row is refused with its place and
//! message, and nothing is written.

mod common;

use common::{TestApp, apps};
use reqwest::StatusCode;
use rust_xlsxwriter::{Format, Formula, Workbook};
use serde_json::{Value, json};
use sqlx::Connection;

/// A new open period (2019-06) of the demo plan; its id.
async fn june(app: &TestApp) -> i64 {
    let office = app.token("ducha").await;
    let p = app
        .post(
            &format!("/api/v1/plans/{}/periods", app.loaded.plan_id.0),
            &office,
            json!({"label": "2019-06"}),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{p:?}");
    p.body["id"].as_i64().expect("id")
}

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

/// Posts a file to the import; the answer.
async fn import(
    app: &TestApp,
    token: &str,
    period: i64,
    file: Vec<u8>,
    dry: bool,
) -> common::Answer {
    let res = app
        .http
        .post(format!(
            "{}/api/v1/periods/{period}/import?dry_run={dry}",
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
    common::Answer {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
        text,
    }
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

/// A cell of a hand-made filled template.
enum C {
    T(&'static str),
    S(String),
    N(f64),
    F(&'static str),
    E,
}

/// A workbook like the template: a sheet 填报 with a title row, a heading row and the
/// rows given (key in A, the figure in H); `merge` merges a range of data cells.
fn filled(rows: &[Vec<C>], merge: Option<(u32, u16, u32, u16)>) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("填报").expect("name");
    ws.write_string(0, 0, "模板").expect("title");
    for (c, h) in [
        "键",
        "序号",
        "实事",
        "指标",
        "地区",
        "单位",
        "上期审核值",
        "本期填报",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h).expect("heading");
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                C::T(t) => ws.write_string(r, c, *t).map(|_| ()),
                C::S(t) => ws.write_string(r, c, t).map(|_| ()),
                C::N(n) => ws.write_number(r, c, *n).map(|_| ()),
                C::F(f) => ws.write_formula(r, c, Formula::new(*f)).map(|_| ()),
                C::E => Ok(()),
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

/// A row with `key` and `value` in the key and figure columns.
fn row(key: String, value: C) -> Vec<C> {
    vec![C::S(key), C::E, C::E, C::E, C::E, C::E, C::E, value]
}

/// The key of the first city-wide cumulative figure the unit owes, and its item.
async fn first_numeric_key(app: &TestApp, token: &str, period: i64) -> (String, i64, i64) {
    let t = app
        .get(&format!("/api/v1/periods/{period}/tasks"), token)
        .await;
    for task in t.body["tasks"].as_array().expect("tasks") {
        for f in task["figures"].as_array().expect("figures") {
            if f["kind"] == "cumulative" && f["region_id"].is_null() {
                let (item, ind) = (
                    task["item_id"].as_i64().expect("item"),
                    f["indicator_id"].as_i64().expect("ind"),
                );
                return (format!("{item}/{ind}/-"), item, ind);
            }
        }
    }
    panic!("no city-wide cumulative figure owed: {}", t.body)
}

#[tokio::test]
async fn a_template_imported_as_downloaded_becomes_the_units_drafts_and_again_changes_nothing() {
    for app in apps().await {
        let period = june(&app).await;
        let yibao = app.token("yibao-tb").await;
        let (status, xlsx) =
            bytes(&app, &yibao, &format!("/api/v1/periods/{period}/template")).await;
        assert_eq!(status, StatusCode::OK);
        // Prefilled with the last approved figures: 本期填报 starts as 上期审核值.
        let sheets = duban_docs::xlsx::read_xlsx(&xlsx).expect("readable");
        let sheet = &sheets[0];
        assert_eq!(sheet.name, "填报");
        let data = &sheet.rows[2..];
        assert!(!data.is_empty());
        assert!(data.iter().all(|r| r[6] == r[7]), "prefilled");
        assert!(
            data.iter()
                .any(|r| r[7] != duban_domain::template::ReadCell::Empty)
        );
        // Locked structure, a hidden key column, drop-down lists where stages are owed.
        let dir = std::env::temp_dir().join(format!("duban-tpl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("t.xlsx");
        std::fs::write(&file, &xlsx).expect("write");
        if let Ok(out) = std::process::Command::new("unzip")
            .arg("-p")
            .arg(&file)
            .arg("xl/worksheets/sheet1.xml")
            .output()
        {
            let xml = String::from_utf8_lossy(&out.stdout);
            assert!(xml.contains("<sheetProtection"), "locked");
            assert!(xml.contains("hidden=\"1\""), "the key column is hidden");
            assert!(xml.contains("<pane "), "frozen panes");
        }
        let _ = std::fs::remove_dir_all(&dir);

        assert!(
            states(&app, &yibao, period)
                .await
                .iter()
                .all(|s| s == "missing")
        );
        let preview = import(&app, &yibao, period, xlsx.clone(), true).await;
        assert_eq!(preview.status, StatusCode::OK, "{preview:?}");
        let creates = preview.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|i| i["action"] == "create")
            .count();
        assert!(creates > 0, "{preview:?}");
        assert_eq!(preview.body["created"], 0, "a dry run writes nothing");
        assert!(
            states(&app, &yibao, period)
                .await
                .iter()
                .all(|s| s == "missing")
        );

        let done = import(&app, &yibao, period, xlsx.clone(), false).await;
        assert_eq!(done.status, StatusCode::OK, "{done:?}");
        assert_eq!(done.body["created"], creates);
        let after = states(&app, &yibao, period).await;
        assert_eq!(
            after.iter().filter(|s| *s == "draft").count(),
            creates,
            "{after:?}"
        );

        let again = import(&app, &yibao, period, xlsx, false).await;
        assert_eq!(again.status, StatusCode::OK, "{again:?}");
        assert_eq!(
            (
                again.body["created"].as_u64(),
                again.body["updated"].as_u64()
            ),
            (Some(0), Some(0))
        );
        assert_eq!(again.body["unchanged"], creates);

        // A changed figure revises its draft: one new version, the rest untouched.
        let (key, item, _) = first_numeric_key(&app, &yibao, period).await;
        let changed = import(
            &app,
            &yibao,
            period,
            filled(&[row(key, C::N(123456.0))], None),
            false,
        )
        .await;
        assert_eq!(changed.status, StatusCode::OK, "{changed:?}");
        assert_eq!(changed.body["updated"], 1, "{changed:?}");
        assert_eq!(changed.body["items"][0]["item_id"], item);
    }
}

/// Makes the database refuse, at insert time, any report on the items listed in a
/// table of faults: a write failing after every check has passed.
async fn fail_reports_on(app: &TestApp, items: &[i64]) {
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&app.db.url)
        .await
        .expect("connect");
    let ddl: &[&'static str] = match app.db.dialect() {
        duban_store::Dialect::Sqlite => &[
            "CREATE TABLE fault_items (item_id BIGINT NOT NULL)",
            "CREATE TRIGGER fault_reports BEFORE INSERT ON reports
             WHEN NEW.item_id IN (SELECT item_id FROM fault_items)
             BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
        ],
        duban_store::Dialect::Postgres => &[
            "CREATE TABLE fault_items (item_id BIGINT NOT NULL)",
            "CREATE FUNCTION fault_reports() RETURNS trigger AS $f$
             BEGIN
               IF NEW.item_id IN (SELECT item_id FROM fault_items) THEN
                 RAISE EXCEPTION 'injected fault';
               END IF;
               RETURN NEW;
             END $f$ LANGUAGE plpgsql",
            "CREATE TRIGGER fault_reports BEFORE INSERT ON reports
             FOR EACH ROW EXECUTE FUNCTION fault_reports()",
        ],
    };
    for sql in ddl {
        sqlx::query(*sql).execute(&mut conn).await.expect("fault");
    }
    for item in items {
        sqlx::query("INSERT INTO fault_items (item_id) VALUES ($1)")
            .bind(*item)
            .execute(&mut conn)
            .await
            .expect("fault item");
    }
    conn.close().await.expect("close");
}

#[tokio::test]
async fn an_import_whose_later_item_fails_at_write_time_leaves_nothing_written() {
    for app in apps().await {
        let period = june(&app).await;
        let yibao = app.token("yibao-tb").await;
        let (_, xlsx) = bytes(&app, &yibao, &format!("/api/v1/periods/{period}/template")).await;
        let preview = import(&app, &yibao, period, xlsx.clone(), true).await;
        assert_eq!(preview.status, StatusCode::OK, "{preview:?}");
        let items: Vec<i64> = preview.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|i| i["action"] == "create")
            .map(|i| i["item_id"].as_i64().expect("item"))
            .collect();
        assert!(items.len() >= 2, "{preview:?}");
        // The last item's draft fails when written, after the others were.
        fail_reports_on(&app, &items[items.len() - 1..]).await;
        let done = import(&app, &yibao, period, xlsx.clone(), false).await;
        assert!(done.status.is_server_error(), "{done:?}");
        assert!(
            states(&app, &yibao, period)
                .await
                .iter()
                .all(|s| s == "missing"),
            "no draft of the items before it"
        );
        let drafts = app
            .get(&format!("/api/v1/reports?period_id={period}"), &yibao)
            .await;
        assert_eq!(drafts.body["total"], 0, "{drafts:?}");
    }
}

#[tokio::test]
async fn on_the_demo_plan_every_units_template_imported_back_changes_no_figure_and_no_ledger_cell()
{
    for app in apps().await {
        let office = app.token("ducha").await;
        let ledger = format!(
            "/api/v1/plans/{}/exports/ledger?format=csv",
            app.loaded.plan_id.0
        );
        let (status, before) = bytes(&app, &office, &ledger).await;
        assert_eq!(status, StatusCode::OK);
        let period = app.loaded.period_id.0;
        let mut reporters: Vec<&String> = app
            .loaded
            .accounts
            .keys()
            // Every unit's reporter (`tb-<code>`), the regions' among them, and 医保局's.
            .filter(|k| k.starts_with("tb-") || *k == "yibao-tb")
            .collect();
        reporters.sort();
        assert!(!reporters.is_empty());
        let (mut items, mut regional) = (0, 0);
        for who in reporters {
            let token = app.token(who).await;
            let (status, xlsx) =
                bytes(&app, &token, &format!("/api/v1/periods/{period}/template")).await;
            assert_eq!(status, StatusCode::OK, "{who}");
            let sheets = duban_docs::xlsx::read_xlsx(&xlsx).expect("readable");
            regional += sheets[0].rows[2..]
                .iter()
                .filter(|r| match &r[0] {
                    duban_domain::template::ReadCell::Text(k) => !k.ends_with("/-"),
                    _ => false,
                })
                .count();
            let done = import(&app, &token, period, xlsx, false).await;
            assert_eq!(done.status, StatusCode::OK, "{who}: {done:?}");
            for i in done.body["items"].as_array().expect("items") {
                assert_eq!(i["action"], "unchanged", "{who}: {i}");
                assert_eq!(i["changes"], json!([]), "{who}: {i}");
                items += 1;
            }
            assert_eq!(
                (&done.body["created"], &done.body["updated"]),
                (&json!(0), &json!(0)),
                "{who}"
            );
        }
        assert!(items > 0, "some figures went round");
        assert!(regional > 0, "regional figures among them");
        let (_, after) = bytes(&app, &office, &ledger).await;
        assert_eq!(
            String::from_utf8_lossy(&after),
            String::from_utf8_lossy(&before),
            "the ledger is the same"
        );
    }
}

#[tokio::test]
async fn each_kind_of_bad_row_is_refused_with_its_place_and_message_and_nothing_is_written() {
    for app in apps().await {
        let period = june(&app).await;
        let yibao = app.token("yibao-tb").await;
        let (key, item, ind) = first_numeric_key(&app, &yibao, period).await;
        let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
            (
                "unknown unit",
                filled(&[row(format!("{item}/{ind}/nowhere"), C::N(1.0))], None),
                "填报!A3",
                "填报!A3:单位“nowhere”不存在",
            ),
            (
                "wrong type",
                filled(&[row(key.clone(), C::T("很多"))], None),
                "填报!H3",
                "填报!H3:“很多”不是数字,请填写数字(最多四位小数)",
            ),
            (
                "missing required cell",
                filled(
                    &[vec![
                        C::E,
                        C::T("1"),
                        C::E,
                        C::E,
                        C::E,
                        C::E,
                        C::E,
                        C::N(1.0),
                    ]],
                    None,
                ),
                "填报!A3",
                "填报!A3:缺少必填的“键”列,请勿删改模板的结构列",
            ),
            (
                "a region the indicator does not have",
                filled(&[row(format!("{item}/{ind}/yishui"), C::N(1.0))], None),
                "填报!A3",
                "填报!A3:指标",
            ),
            (
                "duplicate row",
                filled(
                    &[row(key.clone(), C::N(1.0)), row(key.clone(), C::N(2.0))],
                    None,
                ),
                "填报!A4",
                "填报!A4:与第3行重复",
            ),
            (
                "formula cell",
                filled(&[row(key.clone(), C::F("=1+1"))], None),
                "填报!H3",
                "填报!H3:不能使用公式(=1+1),请填写数值",
            ),
            (
                "merged cells in data rows",
                filled(
                    &[row(key.clone(), C::N(1.0)), row(key.clone(), C::E)],
                    Some((2, 1, 3, 2)),
                ),
                "填报!B3",
                "填报!B3:数据行中不能有合并单元格,请取消合并",
            ),
        ];
        for (what, file, place, message) in cases {
            let a = import(&app, &yibao, period, file, false).await;
            assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {a:?}");
            assert!(a.is_problem(), "{what}");
            let e = &a.body["errors"][0];
            assert_eq!(e["field"], place, "{what}: {a:?}");
            let m = e["message"].as_str().expect("message");
            assert!(m.starts_with(message), "{what}: {m}");
            assert!(
                e["message_en"].as_str().expect("en").starts_with(place),
                "{what}"
            );
            assert!(
                states(&app, &yibao, period)
                    .await
                    .iter()
                    .all(|s| s == "missing"),
                "{what}: nothing written"
            );
        }
        // The region case names the indicator and the region exactly.
        let a = import(
            &app,
            &yibao,
            period,
            filled(&[row(format!("{item}/{ind}/yishui"), C::N(1.0))], None),
            false,
        )
        .await;
        let m = a.body["errors"][0]["message"].as_str().expect("message");
        assert!(m.ends_with("未分解到“沂水县”"), "{m}");
        // One bad row among good ones: still nothing written.
        let a = import(
            &app,
            &yibao,
            period,
            filled(&[row(key.clone(), C::N(5.0)), row(key, C::T("x"))], None),
            false,
        )
        .await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            states(&app, &yibao, period)
                .await
                .iter()
                .all(|s| s == "missing")
        );
    }
}

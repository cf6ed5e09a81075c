//! 台账导出 over HTTP: the completion table, the item ledger and the responsibility
//! table of the demo plan as xlsx and CSV; the xlsx opened by LibreOffice carries the
//! same figures as the plan's own reading and as the CSV.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TestApp, apps};
use reqwest::StatusCode;
use serde_json::Value;

/// The bytes and headers of a download.
async fn download(
    app: &TestApp,
    token: &str,
    path: &str,
) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let res = app
        .http
        .get(format!("{}{path}", app.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    let status = res.status();
    let headers = res.headers().clone();
    (status, headers, res.bytes().await.expect("body").to_vec())
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join("duban-tests").join(format!(
        "xlsx-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

/// LibreOffice's CSV of an xlsx file, as UTF-8; None (with the reason printed) when
/// LibreOffice is not installed.
fn libreoffice_csv(xlsx: &Path) -> Option<String> {
    let dir = xlsx.parent().expect("dir");
    let profile = dir.join("profile");
    let run = Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
        ])
        .arg(dir)
        .arg(xlsx)
        .output();
    match run {
        Err(e) => {
            println!("skipped: libreoffice is not installed ({e}); install libreoffice-calc-nogui");
            None
        }
        Ok(out) => {
            assert!(out.status.success(), "libreoffice failed: {out:?}");
            let csv = xlsx.with_extension("csv");
            Some(std::fs::read_to_string(&csv).expect("converted csv"))
        }
    }
}

/// A minimal RFC 4180 reader: rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The plan's indicators as the API judges them at 2019-05, by their completion-table
/// heading `{number}.{item}:{indicator}`.
async fn judged(app: &TestApp, token: &str) -> HashMap<String, Value> {
    let plan = app.get("/api/v1/plans/1?period=2019-05", token).await;
    assert_eq!(plan.status, StatusCode::OK, "{plan:?}");
    let mut out = HashMap::new();
    for area in plan.body["areas"].as_array().expect("areas") {
        for item in area["items"].as_array().expect("items") {
            for ind in item["indicators"].as_array().expect("indicators") {
                let key = format!(
                    "{}.{}:{}",
                    item["number"],
                    item["title"].as_str().expect("title"),
                    ind["name"].as_str().expect("name")
                );
                out.insert(key, ind.clone());
            }
        }
    }
    out
}

fn fixed(v: &Value, decimals: u64) -> String {
    format!("{:.*}", decimals as usize, v.as_f64().expect("number"))
}

#[tokio::test]
async fn the_completion_table_opens_in_libreoffice_with_the_totals_the_plan_computes() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let (status, headers, xlsx) = download(
            &app,
            &office,
            "/api/v1/plans/1/exports/completion?period=2019-05&format=xlsx",
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let cd = headers["content-disposition"].to_str().expect("ascii");
        assert!(cd.starts_with("attachment; filename=\""), "{cd}");
        // 完成情况表 in UTF-8, percent-encoded (RFC 8187).
        assert!(
            cd.contains("%E5%AE%8C%E6%88%90%E6%83%85%E5%86%B5%E8%A1%A8-2019-05.xlsx"),
            "{cd}"
        );
        let dir = scratch("completion");
        let file = dir.join("completion.xlsx");
        std::fs::write(&file, &xlsx).expect("write");
        let Some(lo) = libreoffice_csv(&file) else {
            continue;
        };
        let lo = parse_csv(&lo);
        // Title, three header rows, then 全市 and the regions.
        assert_eq!(lo[0][0], "2019年20项重点民生实事完成情况表(截至5月31日)");
        let heads = &lo[1];
        let city = &lo[4];
        assert_eq!(city[0], "全市");
        assert_eq!(lo[5][0], "市本级");
        let judged = judged(&app, &office).await;
        let mut compared = 0;
        for (n, head) in heads.iter().enumerate().skip(1).step_by(3) {
            let ind = &judged[head];
            let p = &ind["progress"];
            let decimals = ind["decimals"].as_u64().expect("decimals");
            match ind["kind"].as_str().expect("kind") {
                "cumulative" | "rate" => {
                    if !p["value"].is_null() {
                        assert_eq!(city[n + 1], fixed(&p["value"], decimals), "{head}");
                        compared += 1;
                    }
                    if !p["completion"].is_null() {
                        assert_eq!(city[n + 2], fixed(&p["completion"], 1), "{head}");
                    }
                }
                "ceiling" => {
                    assert!(
                        city[n].starts_with('≤'),
                        "{head}: a ceiling reads as one: {}",
                        city[n]
                    );
                    assert!(
                        ["达标", "未达标", ""].contains(&city[n + 2].as_str()),
                        "{head}: never a ratio"
                    );
                }
                "qualitative" => assert_eq!(city[n], "定性目标", "{head}"),
                _ => {}
            }
            // A cumulative indicator's city figure is the sum of its regions'.
            if ind["kind"] == "cumulative"
                && !ind["regions"].as_array().expect("regions").is_empty()
                && !p["value"].is_null()
            {
                let sum: f64 = lo[5..]
                    .iter()
                    .filter_map(|r| r.get(n + 1))
                    .filter_map(|v| v.parse::<f64>().ok())
                    .sum();
                assert!(
                    (sum - p["value"].as_f64().expect("value")).abs() < 1e-6,
                    "{head}: {sum}"
                );
            }
        }
        assert!(compared > 10, "only {compared} figures compared");

        // The CSV carries the same rows as the xlsx, starting with a byte-order mark.
        let (status, headers, csv) = download(
            &app,
            &office,
            "/api/v1/plans/1/exports/completion?period=2019-05&format=csv",
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
        assert!(csv.starts_with("\u{feff}".as_bytes()));
        let ours = parse_csv(std::str::from_utf8(&csv).expect("utf-8"));
        assert_eq!(ours[3..], lo[4..], "the CSV's data rows are the xlsx's");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[tokio::test]
async fn the_ledger_and_the_responsibility_table_open_in_libreoffice() {
    for app in apps().await {
        let leader = app.token("lingdao").await;
        for (table, first_head) in [("ledger", "序号"), ("responsibility", "序号")] {
            let (status, _, xlsx) = download(
                &app,
                &leader,
                &format!("/api/v1/plans/1/exports/{table}?format=xlsx"),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{table}");
            let dir = scratch(table);
            let file = dir.join(format!("{table}.xlsx"));
            std::fs::write(&file, &xlsx).expect("write");
            let Some(lo) = libreoffice_csv(&file) else {
                continue;
            };
            let lo = parse_csv(&lo);
            assert_eq!(lo[1][0], first_head, "{table}");
            // 20 items, one row per indicator after the title and two header rows.
            assert!(lo.len() > 3 + 20, "{table}: {} rows", lo.len());
            assert_eq!(lo[3][0], "1", "{table}: the first item first");
            let (_, _, csv) = download(
                &app,
                &leader,
                &format!("/api/v1/plans/1/exports/{table}?format=csv"),
            )
            .await;
            let ours = parse_csv(std::str::from_utf8(&csv).expect("utf-8"));
            assert_eq!(ours[2..], lo[3..], "{table}: the CSV's rows are the xlsx's");
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[tokio::test]
async fn an_export_refuses_an_unknown_format_or_period_with_a_problem() {
    for app in apps().await {
        let office = app.token("ducha").await;
        for (path, status) in [
            (
                "/api/v1/plans/1/exports/completion?format=pdf",
                StatusCode::BAD_REQUEST,
            ),
            (
                "/api/v1/plans/1/exports/completion?period=2019-13",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "/api/v1/plans/1/exports/completion?period=2019-11",
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "/api/v1/plans/1/exports/ledger?colour=red",
                StatusCode::BAD_REQUEST,
            ),
            (
                "/api/v1/plans/99/exports/responsibility",
                StatusCode::NOT_FOUND,
            ),
        ] {
            let a = app.get(path, &office).await;
            assert_eq!(a.status, status, "{path}: {a:?}");
            assert!(a.is_problem(), "{path}: {a:?}");
        }
        let a = app
            .get("/api/v1/plans/1/exports/completion?period=2019-11", &office)
            .await;
        assert_eq!(a.body["errors"][0]["field"], "period");
        assert_eq!(a.body["errors"][0]["message"], "计划没有报告期2019-11");
    }
}

#[tokio::test]
async fn the_plan_page_links_each_table_as_xlsx_and_csv() {
    use common::pages::{browser, get, session};
    for app in apps().await {
        let http = browser();
        let cookie = session(&app, &http, "lingdao").await;
        let html = get(&http, &app, "/plan", &cookie)
            .await
            .text()
            .await
            .expect("page");
        // The template escapes `&` as `&#38;`, which a browser reads back as `&`.
        let exports: Vec<String> = html
            .split("href=\"")
            .skip(1)
            .filter_map(|p| p.split('"').next())
            .filter(|l| l.contains("/exports/"))
            .map(|l| l.replace("&#38;", "&").replace("&amp;", "&"))
            .collect();
        assert_eq!(
            exports,
            [
                "/api/v1/plans/1/exports/completion?period=2019-05&format=xlsx",
                "/api/v1/plans/1/exports/completion?period=2019-05&format=csv",
                "/api/v1/plans/1/exports/ledger?period=2019-05&format=xlsx",
                "/api/v1/plans/1/exports/ledger?period=2019-05&format=csv",
                "/api/v1/plans/1/exports/responsibility?format=xlsx",
                "/api/v1/plans/1/exports/responsibility?format=csv",
            ]
        );
        for link in exports {
            let res = get(&http, &app, &link, &cookie).await;
            assert_eq!(res.status(), StatusCode::OK, "{link}");
        }
    }
}

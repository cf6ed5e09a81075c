//! Every text a person types is printed as text: a string that would open a script or
//! break out of an attribute goes through every kind of text field, and every page
//! each role reaches, every bulletin format, the portal's open data and its feed show
//! it escaped for their format.

mod common;

use common::pages::{browser, crawl, session};
use common::{TestApp, apps};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Opens a script and breaks out of a quoted attribute either way, if printed raw.
const HOSTILE: &str = "\"'><script>x()</script>";

/// What must never appear in HTML, XML or Markdown output.
const RAW: &str = "<script>";

/// `path`'s `field` set to `value` with the current ETag; the answer must be a success.
async fn patch_text(app: &TestApp, token: &str, path: &str, field: &str, value: &str) {
    let etag = app.get(path, token).await.etag();
    let a = app
        .change(Method::PATCH, path, token, &etag, json!({ field: value }))
        .await;
    assert!(a.status.is_success(), "{path} {field}: {a:?}");
}

fn ok(a: &common::Answer, what: &str) -> Value {
    assert!(a.status.is_success(), "{what}: {a:?}");
    a.body.clone()
}

/// Percent-encodes a query value.
fn encoded(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Puts the hostile text into every kind of text field the office, a unit, the system
/// administrator and the public can fill in; the portal path of the published bulletin.
async fn hostile_everywhere(app: &TestApp) -> String {
    let office = app.token("ducha").await;
    let yibao = app.unit("yibao");
    patch_text(
        app,
        &office,
        &format!("/api/v1/units/{yibao}"),
        "name",
        &format!("市医疗保障局{HOSTILE}"),
    )
    .await;
    patch_text(
        app,
        &office,
        "/api/v1/plans/1",
        "title",
        &format!("民生实事{HOSTILE}"),
    )
    .await;
    let plan = ok(&app.get("/api/v1/plans/1", &office).await, "plan");
    let area = plan["areas"][0]["id"].as_i64().expect("area");
    patch_text(
        app,
        &office,
        &format!("/api/v1/areas/{area}"),
        "title",
        &format!("方面{HOSTILE}"),
    )
    .await;
    let item = plan["areas"][0]["items"][0].clone();
    patch_text(
        app,
        &office,
        &format!("/api/v1/items/{}", item["id"]),
        "title",
        &format!("实事{HOSTILE}"),
    )
    .await;
    let indicator = item["indicators"][0]["id"].as_i64().expect("indicator");
    patch_text(
        app,
        &office,
        &format!("/api/v1/indicators/{indicator}"),
        "name",
        &format!("指标{HOSTILE}"),
    )
    .await;

    let problem = ok(
        &app.post(
            "/api/v1/problems",
            &office,
            json!({"plan_id": 1, "owner_unit_id": yibao, "title": format!("问题{HOSTILE}"),
                   "description": HOSTILE, "deadline": "2099-06-30"}),
        )
        .await,
        "problem",
    );
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec();
    let evidence = app
        .send_bytes(
            Method::POST,
            &format!(
                "/api/v1/problems/{}/evidence?name={}",
                problem["id"],
                encoded(&format!("{HOSTILE}.png"))
            ),
            Some(&office),
            png,
            &[],
        )
        .await;
    ok(&evidence, "evidence");
    ok(
        &app.post(
            "/api/v1/reminders",
            &office,
            json!({"unit_id": yibao, "text": format!("催办{HOSTILE}")}),
        )
        .await,
        "reminder",
    );
    let other_item = plan["areas"][0]["items"][1]["id"].clone();
    ok(
        &app.post(
            &format!("/api/v1/items/{other_item}/supervision"),
            &office,
            json!({"reason": format!("挂牌{HOSTILE}"), "deadline": "2099-07-15"}),
        )
        .await,
        "supervision",
    );
    // A report of 市医疗保障局's (item 16, 异地就医联网结算) returned, then revised.
    let task = app.returned_task(&app.token("yibao-tb").await, 16).await;
    let reporter = app.token("yibao-tb").await;
    let path = format!("/api/v1/reports/{}", task["report_id"]);
    patch_text(
        app,
        &reporter,
        &path,
        "narrative",
        &format!("进展{HOSTILE}"),
    )
    .await;

    let admin = app.token("xitong").await;
    ok(
        &app.post(
            "/api/v1/users",
            &admin,
            json!({"username": "escaped", "display_name": format!("张{HOSTILE}"), "role": "leader",
                   "password": "Spring-Report-2019"}),
        )
        .await,
        "user",
    );

    // A bulletin with the office's words, issued, published, objected to.
    let series = app.get("/api/v1/plans/1/series", &office).await.body[0]["id"].clone();
    let draft = ok(
        &app.post(
            &format!("/api/v1/series/{series}/bulletins"),
            &office,
            json!({"period_id": 1, "issue_date": "2019-07-12",
                   "edits": {"recommendations": [format!("建议{HOSTILE}")]}}),
        )
        .await,
        "draft",
    );
    let id = draft["id"].as_i64().expect("id");
    let etag = app
        .get(&format!("/api/v1/bulletins/{id}"), &office)
        .await
        .etag();
    let issued = app
        .call(
            Method::POST,
            &format!("/api/v1/bulletins/{id}/issue"),
            Some(&office),
            None,
            &[("if-match", &etag)],
        )
        .await;
    ok(&issued, "issue");
    let p = app
        .post(
            &format!("/api/v1/bulletins/{id}/publication"),
            &office,
            json!({"org_code": "1585729837", "catalogue_code": "zfb",
                   "publisher": format!("临沂市人民政府办公室{HOSTILE}"),
                   "catalogue": format!("督查专报{HOSTILE}")}),
        )
        .await;
    let url = ok(&p, "publication")["url"]
        .as_str()
        .expect("url")
        .to_string();
    let form = [
        ("text", format!("异议{HOSTILE}")),
        ("figure", format!("第1项{HOSTILE}")),
        ("contact", HOSTILE.to_string()),
    ];
    let res = app
        .http
        .post(format!("{}{url}/objections", app.base))
        .form(&form)
        .send()
        .await
        .expect("objection");
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    // The bulletin's formats, read as the office would download them.
    for format in ["md", "html", "json", "docx"] {
        let a = app
            .get(
                &format!("/api/v1/bulletins/{id}/document?format={format}"),
                &office,
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{format}");
        match format {
            "json" => {
                let text = serde_json::to_string(&a.body).expect("json");
                assert!(
                    text.contains("<script>x()"),
                    "JSON keeps the text as text: {text:.200}"
                );
            }
            "docx" => {
                // Stored ZIP entries: the XML is readable in the bytes.
                assert!(!a.text.contains(RAW), "DOCX XML holds a raw tag");
                let near = a.text.find("script").map(|i| {
                    let from = a.text.floor_char_boundary(i.saturating_sub(60));
                    &a.text[from..a.text.ceil_char_boundary(i + 40)]
                });
                assert!(
                    a.text.contains("&#60;script&#62;") || a.text.contains("&lt;script&gt;"),
                    "the DOCX holds the text escaped: {near:?}"
                );
            }
            _ => assert!(!a.text.contains(RAW), "{format}: {}", a.text),
        }
    }
    url
}

#[tokio::test]
async fn a_hostile_text_in_every_field_is_printed_escaped_on_every_page_and_in_every_format() {
    for app in apps().await {
        let publication = hostile_everywhere(&app).await;
        let http = browser();
        let mut pages = 0;
        let mut who: Vec<Option<&str>> = duban_demo::DEMO_ACCOUNTS
            .iter()
            .map(|a| Some(a.username))
            .collect();
        who.push(None);
        for account in who {
            let cookie = match account {
                Some(name) => session(&app, &http, name).await,
                None => String::new(),
            };
            let start = if account.is_some() { "/" } else { "/gk" };
            for v in crawl(&app, &http, &cookie, start).await {
                let name = account.unwrap_or("anonymous");
                if v.content_type.starts_with("text/html") || v.content_type.contains("xml") {
                    assert!(!v.body.contains(RAW), "{name}: {} prints a raw tag", v.path);
                    pages += 1;
                }
            }
        }
        assert!(pages > 40, "{pages} pages crawled");
        // The published bulletin, its open data and the feed.
        let page = http
            .get(format!("{}{publication}", app.base))
            .send()
            .await
            .expect("page");
        let html = page.text().await.expect("html");
        assert!(
            html.contains("&#60;script&#62;x()") || html.contains("&lt;script&gt;x()"),
            "the portal shows the text, escaped"
        );
        // Open data: the CSV quotes the text and doubles its quote; the JSON parses.
        let csv = http
            .get(format!("{}{publication}/data.csv", app.base))
            .send()
            .await
            .expect("csv");
        let csv = csv.text().await.expect("csv");
        assert!(
            csv.contains("\"实事\"\"'><script>x()</script>"),
            "{csv:.300}"
        );
        let data = http
            .get(format!("{}{publication}/data.json", app.base))
            .send()
            .await
            .expect("json");
        let data: Value =
            serde_json::from_str(&data.text().await.expect("json")).expect("valid JSON");
        assert!(data.to_string().contains("<script>x()"));
        let feed = http
            .get(format!("{}/gk/feed.atom", app.base))
            .send()
            .await
            .expect("feed");
        assert!(!feed.text().await.expect("feed").contains(RAW));
    }
}

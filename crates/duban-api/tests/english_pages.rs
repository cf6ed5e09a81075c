//! The pages in English: every page each demo role can reach with `lang=en` is marked
//! English and prints none of the pages' own Chinese texts. Only the record stays
//! Chinese: names, figures, the office's words and the bulletin document itself.

mod common;

use std::collections::BTreeSet;

use common::pages::{browser, session};
use common::{TestApp, apps};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// A GET with the cookies given: (status, location or body).
async fn get(
    http: &reqwest::Client,
    app: &TestApp,
    path: &str,
    cookie: &str,
) -> (StatusCode, String, bool) {
    let res = http
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .expect("get");
    let status = res.status();
    if status.is_redirection() {
        let to = res.headers()["location"].to_str().expect("location");
        return (status, to.to_string(), false);
    }
    let html = res
        .headers()
        .get("content-type")
        .is_some_and(|c| c.to_str().unwrap_or("").starts_with("text/html"));
    (status, res.text().await.expect("body"), html)
}

fn is_chinese(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c)
}

/// The tables' entries, (Chinese, English), read from their sources.
fn table_texts() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/pages/i18n/en");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("tables") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("table");
        // Each entry is `("中文", "English")`, perhaps over several lines.
        for part in text.split('(').skip(1) {
            let Some((zh, rest)) = literal(part) else {
                continue;
            };
            let Some(rest) = rest.trim_start().strip_prefix(',') else {
                continue;
            };
            if let Some((en, _)) = literal(rest)
                && zh.chars().any(is_chinese)
            {
                out.push((zh.to_string(), en.to_string()));
            }
        }
    }
    assert!(out.len() > 100, "the tables are read: {out:?}");
    out
}

/// A string literal at the start of `s` (after blanks), and what follows it.
fn literal(s: &str) -> Option<(&str, &str)> {
    let lit = s.trim_start().strip_prefix('"')?;
    let end = lit.find('"')?;
    Some((&lit[..end], &lit[end + 1..]))
}

/// The record's words that are page texts too: the demo's bulletin series is called
/// 督查专报, and its issues' titles (督查专报 第18期) are the document's own. Still
/// caught when they stand alone, as a heading or link would.
const RECORD: [&str; 1] = ["督查专报"];

/// What a Chinese text leaves on a page when it was not translated: the text itself,
/// and its runs between values and ASCII (`完成率 45%` leaves `完成率`) — but not the
/// runs the English keeps (an example of the record, such as `方案编制`).
fn traces(texts: &[(String, String)]) -> (BTreeSet<String>, BTreeSet<String>) {
    let whole = texts
        .iter()
        .map(|(zh, _)| zh)
        .filter(|t| !t.contains("{}"))
        .cloned()
        .collect();
    let kept: BTreeSet<String> = texts.iter().flat_map(|(_, en)| runs_of(en)).collect();
    let runs = texts
        .iter()
        .flat_map(|(zh, _)| runs_of(zh))
        .filter(|r| r.chars().count() >= 2 && !kept.contains(r) && !RECORD.contains(&r.as_str()))
        .collect();
    (whole, runs)
}

/// The parts of `s` between letters, digits, blanks and the punctuation around values,
/// that hold Chinese. Brackets stay: `督查专报(市政府督查室)` is a name, not `督查专报`.
fn runs_of(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_ascii_alphanumeric() || c.is_whitespace() || "%.,:;/-·—".contains(c))
        .filter(|r| r.chars().any(is_chinese))
        .map(String::from)
        .collect()
}

/// What a reader sees of a page: its text between tags, and its `aria-label`,
/// `placeholder` and `title` attributes; not the bulletin document (`<article>`),
/// which stays Chinese.
fn visible_texts(html: &str) -> Vec<String> {
    let mut page = html.to_string();
    // The bulletin document, what a form field holds for editing, and the audit log's
    // copies of objects before and after a change are the record.
    for (open, close) in [
        ("<article", "</article>"),
        ("<textarea", "</textarea>"),
        ("<pre", "</pre>"),
    ] {
        while let (Some(a), Some(b)) = (page.find(open), page.find(close)) {
            if b < a {
                break;
            }
            page.replace_range(a..b + close.len(), "");
        }
    }
    let mut out = Vec::new();
    for part in page.split('<').skip(1) {
        let (tag, text) = part.split_once('>').unwrap_or((part, ""));
        for attr in ["aria-label=\"", "placeholder=\"", "title=\""] {
            if let Some(v) = tag.split(attr).nth(1).and_then(|v| v.split('"').next()) {
                out.push(v.to_string());
            }
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            out.push(text);
        }
    }
    out
}

/// The pages' own Chinese left on an English page.
fn chinese_left(html: &str, whole: &BTreeSet<String>, runs: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for text in visible_texts(html) {
        if whole.contains(&text) {
            out.push(text);
            continue;
        }
        if let Some(r) = runs_of(&text).into_iter().find(|r| runs.contains(r)) {
            out.push(format!("{r} in “{text}”"));
        }
    }
    out
}

/// The office issues a bulletin and publishes it; its publication's path on the portal.
async fn published(app: &TestApp, office: &str) -> String {
    let id = app.issued_bulletin(office).await;
    let series = app.get("/api/v1/plans/1/series", office).await.body[0]["id"].clone();
    let p = app
        .post(
            &format!("/api/v1/bulletins/{id}/publication"),
            office,
            json!({"org_code": "1585729837", "catalogue_code": "zfb",
                   "publisher": "临沂市人民政府办公室",
                   "catalogue": "政府信息公开目录/督查专报"}),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{p:?}");
    // And a draft of the next issue, for the editor.
    let next = app
        .post(
            &format!("/api/v1/series/{series}/bulletins"),
            office,
            json!({"period_id": 1}),
        )
        .await;
    assert_eq!(next.status, StatusCode::CREATED, "{next:?}");
    p.body["url"].as_str().expect("url").to_string()
}

/// 市医疗保障局 resubmits its report on hospitals with a figure far beyond the plan and
/// its reason, so that its reviewer has a report with a warning to review; its path.
async fn submitted_with_a_warning(app: &TestApp) -> String {
    let reporter = app.token("yibao-tb").await;
    let office = app.token("ducha").await;
    let plan = app.get("/api/v1/plans", &office).await.body["items"][0].clone();
    let hospitals = plan["areas"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|a| a["items"].as_array().into_iter().flatten())
        .flat_map(|i| i["indicators"].as_array().into_iter().flatten())
        .find(|i| i["name"] == "跨省住院联网结算定点医疗机构")
        .expect("indicator")
        .clone();
    let list = app
        .get(
            &format!("/api/v1/reports?item_id={}", hospitals["item_id"]),
            &reporter,
        )
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
    let mut figures = back.body["figures"].as_array().expect("figures").clone();
    for f in &mut figures {
        if f["indicator_id"] == hospitals["id"] {
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
    let checks = app.get(&format!("{path}/checks"), &reporter).await;
    let key = checks.body[0]["key"]
        .as_str()
        .expect("a warning")
        .to_string();
    let sent = app
        .change(
            Method::POST,
            &format!("{path}/submit"),
            &reporter,
            &upd.etag(),
            json!({"reasons": {key: "含上年结转的13家定点医疗机构"}}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{sent:?}");
    path
}

/// Crawls what `who` can reach from `/` in English and checks each page; the paths
/// seen. The API's answers it passes (documents, data) are not pages.
async fn crawl(
    app: &TestApp,
    http: &reqwest::Client,
    who: &str,
    texts: &(BTreeSet<String>, BTreeSet<String>),
) -> BTreeSet<String> {
    let cookie = format!("{}; lang=en", session(app, http, who).await);
    let mut seen = BTreeSet::new();
    for v in common::pages::crawl(app, http, &cookie, "/").await {
        if v.path.starts_with("/api/") {
            continue;
        }
        seen.insert(v.path.clone());
        if !v.content_type.starts_with("text/html") {
            continue;
        }
        let path = &v.path;
        assert!(
            v.body.contains("<html lang=\"en\">"),
            "{who}: {path} is not marked English"
        );
        assert_eq!(
            chinese_left(&v.body, &texts.0, &texts.1),
            Vec::<String>::new(),
            "{who}: {path}"
        );
    }
    seen
}

#[tokio::test]
async fn every_page_each_role_can_reach_reads_in_english_but_the_record() {
    let texts = traces(&table_texts());
    for app in apps().await {
        let http = browser();
        let office = app.token("ducha").await;
        let gk = published(&app, &office).await;
        let objection = [
            ("figure", "第3项 方案编制109个"),
            ("text", "实际只有100个。"),
            ("contact", "王先生"),
        ];
        let res = http
            .post(format!("{}{gk}/objections", app.base))
            .form(&objection)
            .send()
            .await
            .expect("object");
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let report = submitted_with_a_warning(&app).await;

        let mut everywhere = BTreeSet::new();
        // Everyone but the office first: the reviewer sees the report submitted.
        for a in duban_demo::DEMO_ACCOUNTS
            .iter()
            .filter(|a| a.username != "ducha")
        {
            let seen = crawl(&app, &http, a.username, &texts).await;
            assert!(seen.len() > 2, "{}: {seen:?}", a.username);
            everywhere.extend(seen);
        }
        // The reviewer passes it, and the office has it to confirm.
        let reviewer = app.token("yibao-sh").await;
        let etag = app.get(&report, &reviewer).await.etag();
        let passed = app
            .change(
                Method::POST,
                &format!("{report}/review"),
                &reviewer,
                &etag,
                json!({}),
            )
            .await;
        assert_eq!(passed.status, StatusCode::OK, "{passed:?}");
        everywhere.extend(crawl(&app, &http, "ducha", &texts).await);

        // Every page of this branch's templates was checked at least once.
        for want in [
            "/account",
            "/bulletins",
            "/cockpit",
            "/inbox",
            "/items/1",
            "/objections",
            "/plan",
            "/review",
            "/tasks",
        ] {
            assert!(everywhere.contains(want), "{want} not reached");
        }
        for prefix in ["/bulletins/", "/review/"] {
            assert!(
                everywhere.iter().any(|p| p.starts_with(prefix)),
                "no {prefix}… reached"
            );
        }

        // The public portal and the pages that refuse.
        let en = "lang=en";
        let reporter = format!("{}; {en}", session(&app, &http, "yibao-tb").await);
        let admin = format!("{}; {en}", session(&app, &http, "xitong").await);
        for (path, cookie, status) in [
            ("/gk", en, StatusCode::OK),
            ("/gk?q=%E6%B2%A1%E6%9C%89", en, StatusCode::OK),
            (gk.as_str(), en, StatusCode::OK),
            ("/gk/99999", en, StatusCode::NOT_FOUND),
            ("/login", en, StatusCode::OK),
            ("/cockpit", reporter.as_str(), StatusCode::FORBIDDEN),
            ("/bulletins", reporter.as_str(), StatusCode::FORBIDDEN),
            ("/objections", reporter.as_str(), StatusCode::FORBIDDEN),
            ("/review", admin.as_str(), StatusCode::FORBIDDEN),
            ("/plan", admin.as_str(), StatusCode::FORBIDDEN),
            ("/items/1", admin.as_str(), StatusCode::FORBIDDEN),
            ("/items/99999", reporter.as_str(), StatusCode::NOT_FOUND),
            ("/tasks", admin.as_str(), StatusCode::FORBIDDEN),
        ] {
            let (got, html, _) = get(&http, &app, path, cookie).await;
            assert_eq!(got, status, "{path}");
            assert!(html.contains("<html lang=\"en\">"), "{path}");
            assert_eq!(
                chinese_left(&html, &texts.0, &texts.1),
                Vec::<String>::new(),
                "{path}"
            );
        }

        // A refused objection and a failed login say why in English.
        let res = http
            .post(format!("{}{gk}/objections", app.base))
            .header("cookie", en)
            .form(&[("figure", ""), ("text", ""), ("contact", "")])
            .send()
            .await
            .expect("object");
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.expect("html");
        let error = html
            .split("role=\"alert\">")
            .nth(1)
            .and_then(|e| e.split('<').next())
            .expect("an error");
        assert!(!error.chars().any(is_chinese), "{error}");
        let res = http
            .post(format!("{}/login", app.base))
            .header("cookie", en)
            .form(&[("username", "ducha"), ("password", "wrong")])
            .send()
            .await
            .expect("login");
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let html = res.text().await.expect("html");
        assert!(html.contains("Wrong username or password"), "{html}");
    }
}

#[tokio::test]
async fn the_portal_list_in_english_says_so_and_in_chinese_by_default() {
    for app in apps().await {
        let http = browser();
        let (status, english, _) = get(&http, &app, "/gk", "lang=en").await;
        assert_eq!(status, StatusCode::OK);
        assert!(english.contains("<html lang=\"en\">"), "{english}");
        assert!(
            english
                .contains("<h1>Government information disclosure · Key livelihood projects</h1>"),
            "{english}"
        );
        assert!(english.contains(">Search titles</label>"));
        assert!(english.contains("0 in all"), "{english}");
        assert!(
            english.contains("value=\"zh\""),
            "the switch offers Chinese back"
        );
        assert!(!english.contains("政府信息公开"));

        let (_, chinese, _) = get(&http, &app, "/gk", "").await;
        assert!(chinese.contains("<html lang=\"zh-CN\">"));
        assert!(chinese.contains("<h1>政府信息公开 · 重点民生实事</h1>"));
        assert!(chinese.contains("共 0 条"));
    }
}

/// The check itself: a page that prints a table's Chinese is caught, whole or around a
/// value; the record is not.
#[test]
fn the_check_finds_a_page_text_left_in_chinese_and_passes_the_record() {
    let texts = traces(&table_texts());
    let left = |html: &str| chinese_left(html, &texts.0, &texts.1);
    assert_eq!(left("<th>状态</th>"), vec!["状态".to_string()]);
    assert_eq!(left("<p>完成率 45%</p>").len(), 1);
    assert_eq!(
        left("<p class=\"sub\">数据截至 2019-05-31,仅计审核通过的数据。</p>").len(),
        1
    );
    assert_eq!(
        left("<section aria-label=\"进度状态统计\"></section>").len(),
        1
    );
    assert_eq!(
        left("<td>产业扶贫项目</td><td>市教育局</td><article><td>正常推进</td></article>"),
        Vec::<String>::new()
    );
}

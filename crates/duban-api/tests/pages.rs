//! The pages over HTTP: logging in with the form, the cockpit from approved figures,
//! and an HTML check of every page — labels on fields, no address outside duban, and
//! under 200 KB.

mod common;

use common::{TestApp, apps};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

/// A client that does not follow redirects, so that each answer is seen.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("client")
}

/// What is wrong with a page: fields without a label, addresses outside duban, size.
fn html_problems(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    if html.len() > 200 * 1024 {
        out.push(format!("{} bytes, over 200 KB", html.len()));
    }
    if !html.contains("<html lang=\"zh-CN\">") {
        out.push("not marked as Chinese".into());
    }
    for attr in ["href=\"", "src=\"", "action=\""] {
        for part in html.split(attr).skip(1) {
            let url = part.split('"').next().unwrap_or("");
            if !url.starts_with('/') {
                out.push(format!("{attr}{url}\" leaves duban"));
            }
        }
    }
    for tag in html.split("<input").skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        if tag.contains("type=\"hidden\"") {
            continue;
        }
        let id = tag.split("id=\"").nth(1).and_then(|r| r.split('"').next());
        match id {
            Some(id) if html.contains(&format!("<label for=\"{id}\"")) => {}
            _ => out.push(format!("an input without a label: <input{tag}>")),
        }
    }
    out
}

async fn log_in(
    app: &TestApp,
    http: &reqwest::Client,
    who: &str,
    password: &str,
) -> reqwest::Response {
    // The demo's usernames and passwords need no percent-encoding.
    let body = format!("username={who}&password={password}");
    http.post(format!("{}/login", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("login")
}

/// A GET with the session cookie.
async fn get(http: &reqwest::Client, app: &TestApp, path: &str, cookie: &str) -> reqwest::Response {
    http.get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .expect("get")
}

fn cookie_of(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(String::from)
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
                    html.contains(&format!("第{}项 {title}:进度滞后", item["number"])),
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

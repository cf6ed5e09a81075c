//! Driving the pages as a browser does without one: a client that shows each redirect,
//! logging in with the form, GETs and form POSTs with the session cookie, and the HTML
//! check every page must pass (the same as the crawl in `tests/pages.rs`).

use reqwest::redirect::Policy;

use super::TestApp;

/// A client that does not follow redirects, so that each answer is seen.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("client")
}

/// Logs an account in with the form (with the code of a demo account's second factor);
/// its session cookie, if it got one.
pub async fn session_with(app: &TestApp, who: &str, password: &str) -> Option<String> {
    let code = app.login_code(who).await.unwrap_or_default();
    let res = browser()
        .post(format!("{}/login", app.base))
        .form(&[("username", who), ("password", password), ("code", &code)])
        .send()
        .await
        .expect("login");
    cookie_of(&res)
}

/// Logs a demo account in with the form and returns its session cookie.
pub async fn session(app: &TestApp, _http: &reqwest::Client, who: &str) -> String {
    session_with(app, who, super::password(who))
        .await
        .unwrap_or_else(|| panic!("{who} logs in"))
}

/// The cookie a response sets (`name=value`).
pub fn cookie_of(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(String::from)
}

/// The value a form field is given in the page (`name="…" value="…"`).
pub fn value_of(html: &str, name: &str) -> String {
    html.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no field {name} in {html}"))
        .to_string()
}

/// A GET with the session cookie.
pub async fn get(
    http: &reqwest::Client,
    app: &TestApp,
    path: &str,
    cookie: &str,
) -> reqwest::Response {
    http.get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .expect("get")
}

/// A form POST with the session cookie.
pub async fn post_form(
    http: &reqwest::Client,
    app: &TestApp,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    http.post(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .form(fields)
        .send()
        .await
        .expect("post")
}

/// A file sent as a browser sends an upload form: `multipart/form-data`, field `file`,
/// with the session cookie.
pub async fn post_file(
    app: &TestApp,
    path: &str,
    cookie: &str,
    name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let boundary = "----dubanTestBoundary7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    browser()
        .post(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("upload")
}

/// [`post_form`] with fields built as owned strings.
pub async fn post_owned(
    http: &reqwest::Client,
    app: &TestApp,
    path: &str,
    cookie: &str,
    fields: &[(String, String)],
) -> reqwest::Response {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    post_form(http, app, path, cookie, &borrowed).await
}

/// What is wrong with a page: fields without a label, addresses outside duban, size.
pub fn html_problems(html: &str) -> Vec<String> {
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
            if !url.starts_with('/') && !url.starts_with('#') {
                out.push(format!("{attr}{url}\" leaves duban"));
            }
        }
    }
    let fields = ["<input", "<select", "<textarea"]
        .into_iter()
        .flat_map(|t| html.split(t).skip(1));
    for tag in fields {
        let tag = tag.split('>').next().unwrap_or("");
        if tag.contains("type=\"hidden\"") {
            continue;
        }
        let id = tag.split("id=\"").nth(1).and_then(|r| r.split('"').next());
        match id {
            Some(id) if html.contains(&format!("<label for=\"{id}\"")) => {}
            _ => out.push(format!("a field without a label: {tag}")),
        }
    }
    out
}

/// Every internal link on a page (`href="/…"`), without its fragment.
pub fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|p| p.split('"').next())
        .filter(|u| u.starts_with('/'))
        .map(|u| u.split('#').next().unwrap_or(u).replace("&amp;", "&"))
        .collect()
}

/// One answer a crawl came to.
pub struct Visited {
    pub path: String,
    pub content_type: String,
    pub body: String,
}

/// Everything reachable from `start` with `cookie` by the internal links of HTML pages,
/// redirects followed, up to 300 paths; each must answer with a success.
pub async fn crawl(
    app: &TestApp,
    http: &reqwest::Client,
    cookie: &str,
    start: &str,
) -> Vec<Visited> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    let mut todo = vec![start.to_string()];
    while let Some(path) = todo.pop() {
        if !seen.insert(path.clone()) || seen.len() > 300 {
            continue;
        }
        let res = get(http, app, &path, cookie).await;
        let status = res.status();
        if status.is_redirection() {
            let to = res.headers()["location"].to_str().expect("location");
            todo.push(to.to_string());
            continue;
        }
        assert!(status.is_success(), "{cookie}: {path} answers {status}");
        let content_type = res
            .headers()
            .get("content-type")
            .and_then(|c| c.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = String::from_utf8_lossy(&res.bytes().await.expect("body")).into_owned();
        if content_type.starts_with("text/html") {
            todo.extend(links(&body));
        }
        out.push(Visited {
            path,
            content_type,
            body,
        });
    }
    out
}

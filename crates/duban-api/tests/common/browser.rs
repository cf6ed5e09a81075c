//! A real browser for page tests: Debian's Chromium, headless, driven by chromedriver
//! over the W3C WebDriver protocol (JSON over HTTP; the few commands the tests need).
//! `.ci/run` installs the packages `chromium` and `chromium-driver`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};

/// The key WebDriver names element references by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
}

/// A phone (360 px wide) or a desktop window.
#[derive(Debug, Clone, Copy)]
pub enum Window {
    Phone,
    Desktop,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session closes Chromium; killing the driver ends anything left.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("addr").port()
}

impl Browser {
    /// Starts chromedriver and a headless Chromium in a window of the given size.
    pub async fn start(window: Window) -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (Debian's chromium-driver package; .ci/run installs it)");
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            let ready = http.get(format!("{base}/status")).send().await;
            if let Ok(r) = ready
                && let Ok(v) = r.json::<Value>().await
                && v["value"]["ready"] == true
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let (w, h) = match window {
            Window::Phone => (360, 740),
            Window::Desktop => (1280, 900),
        };
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--lang=zh-CN",
                         format!("--window-size={w},{h}")]
            }
        }}});
        let res: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .expect("session json");
        let session = res["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {res}"))
            .to_string();
        let b = Browser {
            driver,
            base,
            session,
            http,
        };
        // Headless Chromium takes the window size as the screen, not the viewport.
        b.cmd("POST", "/window/rect", json!({"width": w, "height": h}))
            .await;
        b
    }

    async fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let req = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body),
        };
        let res: Value = req
            .send()
            .await
            .expect("webdriver")
            .json()
            .await
            .expect("webdriver json");
        if let Some(err) = res["value"]["error"].as_str() {
            panic!(
                "webdriver {method} {path}: {err}: {}",
                res["value"]["message"]
            );
        }
        res["value"].clone()
    }

    pub async fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url })).await;
    }

    pub async fn url(&self) -> String {
        self.cmd("GET", "/url", Value::Null)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The page's HTML as the browser has it now.
    pub async fn source(&self) -> String {
        self.cmd("GET", "/source", Value::Null)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .cmd(
                "POST",
                "/element",
                json!({"using": "css selector", "value": css}),
            )
            .await;
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    /// Clears a field and types into it, as a person would.
    pub async fn fill(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.cmd("POST", &format!("/element/{e}/clear"), json!({}))
            .await;
        self.cmd(
            "POST",
            &format!("/element/{e}/value"),
            json!({ "text": text }),
        )
        .await;
    }

    pub async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.cmd("POST", &format!("/element/{e}/click"), json!({}))
            .await;
    }

    /// The visible text of an element.
    pub async fn text(&self, css: &str) -> String {
        let e = self.find(css).await;
        self.cmd("GET", &format!("/element/{e}/text"), Value::Null)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The page's width as laid out: wider than the window means sideways scrolling.
    pub async fn scroll_width(&self) -> i64 {
        self.cmd(
            "POST",
            "/execute/sync",
            json!({"script": "return document.documentElement.scrollWidth", "args": []}),
        )
        .await
        .as_i64()
        .unwrap_or_default()
    }

    /// Saves a screenshot as `target/e2e/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.cmd("GET", "/screenshot", Value::Null).await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().expect("base64 png"))
            .expect("png");
        let dir = e2e_dir();
        std::fs::create_dir_all(&dir).expect("target/e2e");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, bytes).expect("screenshot");
        path
    }

    /// Logs in with the login form, typing the code of a demo account's second factor.
    pub async fn log_in(&self, app: &super::TestApp, who: &str, password: &str) {
        self.goto(&format!("{}/login", app.base)).await;
        self.fill("#username", who).await;
        self.fill("#password", password).await;
        if let Some(code) = app.login_code(who).await {
            self.fill("#code", &code).await;
        }
        self.click("form[action='/login'] button[type=submit]")
            .await;
    }

    /// Logs out with the header's button, and waits for the login page.
    pub async fn log_out(&self) {
        self.click("form.who button[type=submit]").await;
        self.wait_for_path("/login").await;
    }

    /// The path (and query) of the page shown, without the server.
    pub async fn path(&self) -> String {
        let url = self.url().await;
        let rest = url.splitn(4, '/').nth(3).unwrap_or_default();
        format!("/{rest}")
    }

    /// Waits until a click's navigation has landed on `path`; a click may return
    /// before the page it leads to is shown. Returns the path shown at the end.
    pub async fn wait_for_path(&self, path: &str) -> String {
        let mut now = self.path().await;
        for _ in 0..50 {
            if now == path {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            now = self.path().await;
        }
        now
    }

    pub async fn close(self) {
        self.cmd("DELETE", "", Value::Null).await;
    }
}

/// `target/e2e` of the workspace (or of `CARGO_TARGET_DIR`).
fn e2e_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("e2e")
}

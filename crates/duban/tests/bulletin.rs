//! `duban bulletin` on the demo data for May 2019, the seed's own period, with no
//! setting at all: section 一 carries every figure the seed prints there, area by area
//! in the seed's order; and a figure changed through the API (a new approved report)
//! changes in the next draft, and nothing else does.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::login;
use duban_demo::seed::{SECTION_ONE_FIGURES, SEED_AREAS};
use duban_store::Store;
use serde_json::{Value, json};

/// A fresh SQLite file with the demo data loaded.
async fn demo_db(name: &str) -> (PathBuf, Store) {
    let dir = std::env::temp_dir().join(format!("duban-bulletin-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("demo.db");
    let store = Store::open(&format!("sqlite://{}", file.display()))
        .await
        .expect("store");
    let hash = |pw: &str| duban_api::auth::hash_password(pw).unwrap_or_default();
    duban_demo::load(&store, &hash).await.expect("demo data");
    (file, store)
}

/// `duban bulletin … --format md` on the file: the Markdown it prints.
fn draft(file: &std::path::Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["bulletin", "--database-url"])
        .arg(format!("sqlite://{}", file.display()))
        .args(["--period", "2019-05", "--format", "md"])
        .env("DUBAN_LOG", "warn")
        .output()
        .expect("run duban bulletin");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Whether `figure` stands in `text` as a number of its own (not part of a longer one).
fn has_number(text: &str, figure: &str) -> bool {
    let digit = |c: char| c.is_ascii_digit() || c == '.';
    text.match_indices(figure).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + figure.len()..].chars().next();
        !before.is_some_and(digit) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

#[tokio::test]
async fn the_demo_draft_of_may_2019_carries_every_figure_of_the_seeds_section_one() {
    let (file, store) = demo_db("figures").await;
    store.close().await;

    // As PDF (DOCX laid out by LibreOffice), read back by poppler: the same figures.
    let pdf = file.with_file_name("bulletin.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_duban"))
        .args(["bulletin", "--database-url"])
        .arg(format!("sqlite://{}", file.display()))
        .args(["--period", "2019-05", "--format", "pdf", "--out"])
        .arg(&pdf)
        .env("DUBAN_LOG", "warn")
        .output()
        .expect("run duban bulletin");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let flat: String = String::from_utf8_lossy(&text.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for want in [
        "督查专报",
        "第17期",
        "(一)特殊群体关爱服务保障方面。",
        "31419",
        "5.01亿元",
        "115820",
    ] {
        assert!(flat.contains(want), "{want} missing from the PDF");
    }

    let md = draft(&file);
    assert!(
        md.contains("第17期"),
        "the demo goes on from the seed's issue"
    );
    let section = md
        .split("## 一、工作开展情况")
        .nth(1)
        .and_then(|s| s.split("## 二、").next())
        .expect("section 一");
    let paragraphs: Vec<&str> = section.lines().filter(|l| l.starts_with("**(")).collect();
    assert_eq!(paragraphs.len(), SEED_AREAS.len(), "{section}");
    for (heading, p) in SEED_AREAS.iter().zip(&paragraphs) {
        assert!(p.starts_with(&format!("**{heading}**")), "{heading}: {p}");
    }
    // Each figure, by its number (the seed's 余 and units are the sentences' words).
    let missing: Vec<&&str> = SECTION_ONE_FIGURES
        .iter()
        .filter(|f| {
            let end = f
                .find(|c: char| !c.is_ascii_digit() && c != '.')
                .unwrap_or(f.len());
            !has_number(section, &f[..end])
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{missing:?} missing from section 一:\n{section}"
    );
}

/// A POST or PATCH with the resource's current ETag; the answer's status and body.
async fn change(
    http: &reqwest::Client,
    base: &str,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Value,
) -> (u16, Value) {
    let read = format!(
        "{base}/api/v1/reports/{}",
        path.split('/').nth(4).expect("id")
    );
    let etag = http
        .get(&read)
        .bearer_auth(token)
        .send()
        .await
        .expect("get")
        .headers()["etag"]
        .to_str()
        .expect("etag")
        .to_string();
    let res = http
        .request(method, format!("{base}{path}"))
        .bearer_auth(token)
        .header("if-match", etag)
        .json(&body)
        .send()
        .await
        .expect("send");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_figure_changed_through_the_api_changes_in_the_next_draft_and_nowhere_else() {
    let (file, store) = demo_db("change").await;
    let before = draft(&file);

    // The server over the same file; 市教育局 corrects 31419 children to 31500.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let settings = duban_api::Settings {
        demo: true,
        evidence_dir: file.with_file_name("evidence"),
        ..duban_api::Settings::default()
    };
    let app = duban_api::app(store.clone(), settings);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(duban_api::serve(listener, app, async {
        let _ = stopped.await;
    }));
    let http = reqwest::Client::new();
    let unit_pw = duban_demo::loader::UNIT_REPORTER_PASSWORD;
    let office = login(&http, &base, "ducha", "ducha-demo-2019").await;
    let reporter = login(&http, &base, "tb-jiaoyu", unit_pw).await;
    let reviewer = login(&http, &base, "sh-jiaoyu", unit_pw).await;
    let tasks: Value = http
        .get(format!("{base}/api/v1/periods/1/tasks"))
        .bearer_auth(&reporter)
        .send()
        .await
        .expect("tasks")
        .json()
        .await
        .expect("json");
    let task = tasks["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["item_number"] == 2)
        .expect("item 2")
        .clone();
    let report = format!("/api/v1/reports/{}", task["report_id"]);
    let post = reqwest::Method::POST;
    let (s, _) = change(
        &http,
        &base,
        post.clone(),
        &format!("{report}/return"),
        &office,
        json!({"comment": "请核实摸排人数"}),
    )
    .await;
    assert_eq!(s, 200);
    let mut figures: Vec<Value> = task["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .map(|f| f["last_approved"].clone())
        .collect();
    assert_eq!(figures[0]["value"], json!(31419));
    figures[0]["value"] = json!(31500);
    let (s, body) = change(
        &http,
        &base,
        reqwest::Method::PATCH,
        &report,
        &reporter,
        json!({"figures": figures}),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    for (action, who) in [
        ("submit", &reporter),
        ("review", &reviewer),
        ("approve", &office),
    ] {
        let (s, body) = change(
            &http,
            &base,
            post.clone(),
            &format!("{report}/{action}"),
            who,
            json!({}),
        )
        .await;
        assert_eq!(s, 200, "{action}: {body}");
    }
    let _ = stop.send(());
    let _ = server.await;
    store.close().await;

    let after = draft(&file);
    assert_eq!(before.lines().count(), after.lines().count());
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert!(!changed.is_empty(), "the new figure is drafted");
    // Lines printing the figure change; so do the source lines of the report's other
    // figures, which now come from its new approved version.
    let source = format!("(填报编号{},", task["report_id"]);
    for (old, new) in &changed {
        let the_figure =
            has_number(old, "31419") && has_number(new, "31500") && !has_number(new, "31419");
        let its_report = old.contains(&source) && new.contains(&source);
        assert!(
            the_figure || its_report,
            "only the figure and its report's sources change:\n- {old}\n+ {new}"
        );
    }
    let section = |md: &str| md.split("## 二、").next().unwrap_or_default().to_string();
    assert_eq!(
        section(&before).replace("31419", "31500"),
        section(&after),
        "in the text, the figure and nothing else"
    );
}

//! A whole month of the office's loop (闭环运行) through the API, on every database: a
//! period opens, three units fill (one late, one with a consistency warning), the lead
//! units and the office review (with one return), reminders reach a real SMTP sink and
//! real group robots on loopback, a problem is raised and closed, the period closes —
//! and the ledger then says what a clerk works out by hand.

mod common;

use std::time::Duration;

use common::{TestApp, spawn_app_full};
use duban_api::worker::{Outside, WorkerSettings};
use duban_notify::testing::{HttpReceiver, ReceivedMail, SmtpSink};
use duban_notify::{SmtpChannel, WebhookChannel};
use duban_store::testing::TestDb;
use reqwest::Method;
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);

fn day(s: &str) -> Option<duban_domain::Date> {
    duban_domain::Date::parse(s)
}

/// A request that must answer `want`; its body and ETag.
async fn must(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    etag: Option<&str>,
    body: Value,
    want: u16,
) -> (Value, String) {
    let tag: Vec<(&str, &str)> = etag.map(|e| ("if-match", e)).into_iter().collect();
    let a = app
        .call(method.clone(), path, Some(token), Some(body), &tag)
        .await;
    assert_eq!(
        a.status.as_u16(),
        want,
        "{}: {method} {path}: {a:?}",
        app.db
    );
    let e = if a.headers.contains_key("etag") {
        a.etag()
    } else {
        String::new()
    };
    (a.body, e)
}

async fn created(app: &TestApp, path: &str, token: &str, body: Value) -> i64 {
    let (b, _) = must(app, Method::POST, path, token, None, body, 201).await;
    b["id"].as_i64().expect("an id")
}

/// A report moved one step (`submit`, `review`, `approve`, `return`) with its ETag.
async fn act(
    app: &TestApp,
    report: i64,
    action: &str,
    token: &str,
    body: Value,
    want: u16,
) -> Value {
    let path = format!("/api/v1/reports/{report}");
    let tag = app.get(&path, token).await.etag();
    must(
        app,
        Method::POST,
        &format!("{path}/{action}"),
        token,
        Some(&tag),
        body,
        want,
    )
    .await
    .0
}

/// The June mails each address got, by subject.
fn june(mails: &[ReceivedMail], to: &str) -> Vec<String> {
    mails
        .iter()
        .filter(|m| m.to.iter().any(|t| t == to) && m.subject.contains("2019年6月"))
        .map(|m| m.subject.clone())
        .collect()
}

/// Waits until `f` holds of the sink's mails.
async fn mails_until(
    sink: &SmtpSink,
    what: &str,
    f: impl Fn(&[ReceivedMail]) -> bool,
) -> Vec<ReceivedMail> {
    let end = tokio::time::Instant::now() + WAIT;
    loop {
        let m = sink.mails();
        if f(&m) {
            return m;
        }
        assert!(
            tokio::time::Instant::now() < end,
            "never: {what}; mails: {m:#?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The first lines (subjects) of the texts a robot at `path` accepted about this plan
/// (its items are numbered 1 to 3 and its only period is June).
fn robot_subjects(receiver: &HttpReceiver, path: &str) -> Vec<String> {
    receiver
        .accepted()
        .iter()
        .filter(|r| r.path_and_query.starts_with(path))
        .filter_map(|r| r.json()["text"]["content"].as_str().map(String::from))
        .filter_map(|t| t.lines().next().map(String::from))
        .filter(|s| {
            s.contains("2019年6月")
                || ["1", "2", "3"]
                    .iter()
                    .any(|n| s.starts_with(&format!("【督办】第{n}项")))
        })
        .collect()
}

async fn sweep(app: &TestApp, office: &str) {
    // Twice: the second queues nothing new.
    must(
        app,
        Method::POST,
        "/api/v1/reminders/sweep",
        office,
        None,
        json!({}),
        200,
    )
    .await;
    let (b, _) = must(
        app,
        Method::POST,
        "/api/v1/reminders/sweep",
        office,
        None,
        json!({}),
        200,
    )
    .await;
    assert_eq!(b["queued"], 0, "a cause is queued once");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_month_runs_from_opening_to_closing_and_the_ledger_matches_the_hand_count() {
    for db in TestDb::all().await {
        run_month(db).await;
    }
}

async fn run_month(db: TestDb) {
    let sink = SmtpSink::start().await.expect("an SMTP sink");
    let robots = HttpReceiver::start().await.expect("an HTTP receiver");
    let outside = Outside {
        smtp: Some(
            SmtpChannel::new(&sink.url(), "市政府督查室 <ducha@example.gov.cn>", WAIT)
                .expect("smtp"),
        ),
        webhooks: Some(WebhookChannel::new(WAIT).expect("webhooks")),
    };
    let worker = WorkerSettings {
        every: Duration::from_millis(50),
        sweep_every: None,
        retry_base: Duration::from_millis(100),
        ..WorkerSettings::default()
    };
    let app = spawn_app_full(db, |_| {}, outside, worker).await;
    let office = app.token("ducha").await;
    let admin = app.token("xitong").await;
    let (yibao, minzheng, jiaoyu) = (app.unit("yibao"), app.unit("minzheng"), app.unit("jiaoyu"));
    let tb = |u: &str| format!("tb-{u}");
    let mut tokens = std::collections::HashMap::new();
    for who in [
        "tb-yibao",
        "tb-minzheng",
        "tb-jiaoyu",
        "sh-yibao",
        "sh-minzheng",
        "sh-jiaoyu",
    ] {
        tokens.insert(who, app.token(who).await);
    }
    app.clock.set(day("2019-07-01"));

    // The demo's May closes first, so that only this month's reminders are about June.
    let (may, tag) = must(
        &app,
        Method::GET,
        "/api/v1/periods/1",
        &office,
        None,
        Value::Null,
        200,
    )
    .await;
    assert_eq!(may["label"], "2019-05");
    must(
        &app,
        Method::PATCH,
        "/api/v1/periods/1",
        &office,
        Some(&tag),
        json!({"state": "closed"}),
        200,
    )
    .await;

    // The office sets up a plan of three items, one led by each unit, target 1000 each.
    let plan = created(
        &app,
        "/api/v1/plans",
        &office,
        json!({"year": 2019, "title": "2019年督办演练"}),
    )
    .await;
    let area = created(
        &app,
        &format!("/api/v1/plans/{plan}/areas"),
        &office,
        json!({"title": "演练方面"}),
    )
    .await;
    let mut items = Vec::new();
    for (n, (lead, title)) in [
        (yibao, "医保惠民"),
        (minzheng, "困难群众救助"),
        (jiaoyu, "校舍改造"),
    ]
    .iter()
    .enumerate()
    {
        let item = created(
            &app,
            "/api/v1/items",
            &office,
            json!({"area_id": area, "number": n + 1, "title": title, "lead_unit_id": lead}),
        )
        .await;
        let ind = created(
            &app,
            &format!("/api/v1/items/{item}/indicators"),
            &office,
            json!({"name": format!("{title}人数"), "kind": "cumulative", "unit": "人", "target": 1000}),
        )
        .await;
        items.push((item, ind));
    }
    let period = created(
        &app,
        &format!("/api/v1/plans/{plan}/periods"),
        &office,
        json!({"label": "2019-06", "deadline": "2019-07-05"}),
    )
    .await;
    // Reporters have e-mail addresses; 民政局 and 教育局 have group robots.
    for u in ["yibao", "minzheng", "jiaoyu"] {
        let id = app.loaded.accounts[&tb(u)].0;
        let path = format!("/api/v1/users/{id}");
        let tag = app.get(&path, &admin).await.etag();
        must(
            &app,
            Method::PATCH,
            &path,
            &admin,
            Some(&tag),
            json!({"email": format!("{}@example.gov.cn", tb(u))}),
            200,
        )
        .await;
    }
    must(&app, Method::PUT, &format!("/api/v1/units/{minzheng}/webhook"), &office, None,
         json!({"url": robots.url("/dingtalk?access_token=t"), "format": "dingtalk", "secret": "SEC-minzheng"}), 200).await;
    must(
        &app,
        Method::PUT,
        &format!("/api/v1/units/{jiaoyu}/webhook"),
        &office,
        None,
        json!({"url": robots.url("/wecom?key=k"), "format": "wecom"}),
        200,
    )
    .await;

    // Four days before the deadline: nothing about June yet.
    sweep(&app, &office).await;

    // 7月2日: 医保局 reports 600 on time; the others are reminded, once each.
    app.clock.set(day("2019-07-02"));
    let (item1, ind1) = items[0];
    let r1 = created(&app, "/api/v1/reports", &tokens["tb-yibao"],
        json!({"period_id": period, "item_id": item1, "figures": [{"indicator_id": ind1, "value": 600}]})).await;
    act(&app, r1, "submit", &tokens["tb-yibao"], json!({}), 200).await;
    sweep(&app, &office).await;
    let deadline = "【催报】2019年6月进度将于2019年7月5日截止";
    let mails = mails_until(&sink, "two deadline reminders", |m| {
        june(m, "tb-minzheng@example.gov.cn").len() == 1
            && june(m, "tb-jiaoyu@example.gov.cn").len() == 1
    })
    .await;
    assert_eq!(june(&mails, "tb-minzheng@example.gov.cn"), [deadline]);
    assert!(
        june(&mails, "tb-yibao@example.gov.cn").is_empty(),
        "医保局 had reported"
    );

    // 民政局 reports 2000 — twice the year's target: a warning that needs a reason.
    let (item2, ind2) = items[1];
    let r2 = created(&app, "/api/v1/reports", &tokens["tb-minzheng"],
        json!({"period_id": period, "item_id": item2, "figures": [{"indicator_id": ind2, "value": 2000}]})).await;
    let checks = app
        .get(
            &format!("/api/v1/reports/{r2}/checks"),
            &tokens["tb-minzheng"],
        )
        .await
        .body;
    let warnings = checks.as_array().expect("warnings");
    assert!(
        warnings.iter().any(|w| w["rule"] == "far_beyond_plan"),
        "{checks}"
    );
    act(&app, r2, "submit", &tokens["tb-minzheng"], json!({}), 422).await;
    let reasons: serde_json::Map<String, Value> = warnings
        .iter()
        .map(|w| {
            (
                w["key"].as_str().expect("key").to_string(),
                json!("含上年结转救助人数"),
            )
        })
        .collect();
    let reasons = json!({"reasons": reasons});
    act(&app, r2, "submit", &tokens["tb-minzheng"], reasons, 200).await;

    // Review: 医保局's passes; 民政局's is returned by the office and corrected to 350.
    act(&app, r1, "review", &tokens["sh-yibao"], json!({}), 200).await;
    act(&app, r1, "approve", &office, json!({}), 200).await;
    act(&app, r2, "review", &tokens["sh-minzheng"], json!({}), 200).await;
    act(
        &app,
        r2,
        "return",
        &office,
        json!({"comment": "数值明显偏高,请核实"}),
        200,
    )
    .await;
    let back = app
        .get(&format!("/api/v1/reports/{r2}"), &tokens["tb-minzheng"])
        .await;
    assert_eq!(back.body["state"], "returned");
    must(
        &app,
        Method::PATCH,
        &format!("/api/v1/reports/{r2}"),
        &tokens["tb-minzheng"],
        Some(&back.etag()),
        json!({"figures": [{"indicator_id": ind2, "value": 350}], "narrative": "已剔除上年结转"}),
        200,
    )
    .await;
    act(&app, r2, "submit", &tokens["tb-minzheng"], json!({}), 200).await;
    act(&app, r2, "review", &tokens["sh-minzheng"], json!({}), 200).await;
    act(&app, r2, "approve", &office, json!({}), 200).await;

    // 7月6日: 教育局 is overdue: it is told, its robot is told, the office is told.
    app.clock.set(day("2019-07-06"));
    sweep(&app, &office).await;
    let overdue = "【逾期未报】2019年6月进度已逾期";
    let mails = mails_until(&sink, "the overdue notice", |m| {
        june(m, "tb-jiaoyu@example.gov.cn").len() == 2
    })
    .await;
    assert_eq!(
        june(&mails, "tb-jiaoyu@example.gov.cn"),
        [deadline, overdue]
    );
    let inbox = app.get("/api/v1/me/inbox?per_page=500", &office).await.body;
    let escalated = inbox["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["subject"] == "【逾期通报】市教育局2019年6月进度逾期未报")
        .count();
    assert_eq!(escalated, 1, "{inbox}");

    // 教育局 reports late: 100.
    let (item3, ind3) = items[2];
    let r3 = created(&app, "/api/v1/reports", &tokens["tb-jiaoyu"],
        json!({"period_id": period, "item_id": item3, "figures": [{"indicator_id": ind3, "value": 100}]})).await;
    act(&app, r3, "submit", &tokens["tb-jiaoyu"], json!({}), 200).await;
    act(&app, r3, "review", &tokens["sh-jiaoyu"], json!({}), 200).await;
    act(&app, r3, "approve", &office, json!({}), 200).await;

    // A problem on 校舍改造 is raised, rectified, verified and closed (销号).
    let problem = created(
        &app,
        "/api/v1/problems",
        &office,
        json!({
        "plan_id": plan, "item_id": item3, "owner_unit_id": jiaoyu, "title": "开工滞后",
        "description": "3所学校尚未开工", "deadline": "2019-07-20"}),
    )
    .await;
    for (who, action, note) in [
        (&tokens["tb-jiaoyu"], "start", None),
        (
            &tokens["tb-jiaoyu"],
            "rectify",
            Some("已完成招标,3所学校全部开工"),
        ),
        (&office, "verify", None),
        (&office, "close", None),
    ] {
        let path = format!("/api/v1/problems/{problem}");
        let tag = app.get(&path, who).await.etag();
        must(
            &app,
            Method::POST,
            &format!("{path}/actions"),
            who,
            Some(&tag),
            json!({"action": action, "note": note}),
            200,
        )
        .await;
    }
    let closed = app
        .get(&format!("/api/v1/problems/{problem}"), &office)
        .await
        .body;
    assert_eq!(closed["state"], "closed");

    // The period closes; the lagging items' lead units are told once.
    let path = format!("/api/v1/periods/{period}");
    let tag = app.get(&path, &office).await.etag();
    must(
        &app,
        Method::PATCH,
        &path,
        &office,
        Some(&tag),
        json!({"state": "closed"}),
        200,
    )
    .await;
    sweep(&app, &office).await;
    let mails = mails_until(&sink, "the lagging notices", |m| {
        m.iter().any(|x| x.subject == "【督办】第3项严重滞后")
            && m.iter().any(|x| x.subject == "【督办】第2项进度滞后")
    })
    .await;

    // The ledger, by hand: 序时进度 at 6月30日 is 181/365 = 49.6%; lagging from 10 points
    // behind, seriously lagging beyond 30.
    //   第1项 600/1000 = 60.0%  ahead              → 正常推进
    //   第2项 350/1000 = 35.0%  14.6 points behind → 进度滞后
    //   第3项 100/1000 = 10.0%  39.6 points behind → 严重滞后
    //   plan: mean 35.0%, one of each.
    let ledger = app
        .get(&format!("/api/v1/plans/{plan}?period=2019-06"), &office)
        .await
        .body;
    let got: Vec<(i64, String, f64)> = ledger["areas"][0]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["number"].as_i64().unwrap_or(0),
                i["status"].as_str().unwrap_or("").to_string(),
                i["completion"].as_f64().unwrap_or(-1.0),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, "on_track".to_string(), 60.0),
            (2, "lagging".to_string(), 35.0),
            (3, "seriously_lagging".to_string(), 10.0),
        ],
        "{ledger}"
    );
    assert_eq!(ledger["completion"].as_f64(), Some(35.0), "{ledger}");
    let c = &ledger["counts"];
    assert_eq!(
        (
            c["total"].as_u64(),
            c["on_track"].as_u64(),
            c["lagging"].as_u64(),
            c["seriously_lagging"].as_u64()
        ),
        (Some(3), Some(1), Some(1), Some(1)),
        "{ledger}"
    );

    // Every reminder arrived exactly once, each with its own Message-ID.
    assert_eq!(june(&mails, "tb-minzheng@example.gov.cn"), [deadline]);
    assert_eq!(
        june(&mails, "tb-jiaoyu@example.gov.cn"),
        [deadline, overdue]
    );
    assert!(june(&mails, "tb-yibao@example.gov.cn").is_empty());
    let mut ids: Vec<&str> = mails.iter().map(|m| m.message_id.as_str()).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "a mail arrived twice");
    assert_eq!(
        robot_subjects(&robots, "/wecom"),
        [deadline, overdue, "【督办】第3项严重滞后"]
    );
    let ding: Vec<_> = robots
        .accepted()
        .into_iter()
        .filter(|r| r.path_and_query.starts_with("/dingtalk"))
        .collect();
    assert!(
        ding.iter()
            .all(|r| r.query("timestamp").is_some() && r.query("sign").is_some()),
        "signed: {ding:?}"
    );
    assert_eq!(
        robot_subjects(&robots, "/dingtalk"),
        [deadline, "【督办】第2项进度滞后"]
    );
}

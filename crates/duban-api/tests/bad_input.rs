//! Bad input to any write route gets a 4xx problem document and changes nothing:
//! malformed JSON, JSON of the wrong type, unknown ids in the path or the body, bodies
//! over 1 MiB, bodies that are not JSON, and a missing, stale or unreadable `If-Match`.
//! Routes that take a file as the body (evidence) get files that are empty, disguised
//! or over the upload limit, and a missing or empty `name`.
//!
//! The write routes are taken from the served OpenAPI document; one the table below does
//! not cover fails the test. Each route is tried on a fresh database by the actor allowed
//! to use it, on an object that exists, and each bad request differs from a request the
//! route accepts in one thing only. Everything readable is compared before and after,
//! and then the good request is sent, to prove the route would have accepted it.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use common::{Answer, TestApp, UPLOAD_LIMIT, apps, spawn_app};
use duban_store::Dialect;
use duban_store::testing::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// An id no row has.
const UNKNOWN: i64 = 999_999;

/// Ids in the path that are not ids at all.
const NOT_IDS: [&str; 4] = ["0", "-1", "abc", "99999999999999999999"];

/// Write routes with checks of their own: logging in and out, and confirming a second
/// factor (whose good body is a code of the moment). Login, token and confirming get the
/// body checks here; logout takes no body.
const AUTH_WRITES: [(&str, &str); 4] = [
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/token"),
    ("POST", "/api/v1/auth/logout"),
    ("POST", "/api/v1/me/second-factor/confirm"),
];

/// The demo accounts the table uses.
const OFFICE: &str = "ducha";
const REPORTER: &str = "yibao-tb";
/// The reviewer of 市医疗保障局, the lead unit of the reporter's items.
const REVIEWER: &str = "yibao-sh";
const ADMIN: &str = "xitong";
/// Gives accounts their roles.
const SECADMIN: &str = "anquan";
/// Changes its own password.
const LEADER: &str = "lingdao";
/// Enters evaluation scores (第三方评估).
const EVALUATOR: &str = "pinggu";

// ---------------------------------------------------------------------------------------
// The objects the routes act on.

/// The demo objects the routes act on, put in the states the actions need.
struct Fixture {
    plan: i64,
    /// The seed's period, May 2019.
    period: i64,
    /// June 2019, opened here, where 市医疗保障局 has no report yet.
    new_period: i64,
    /// 医疗保障方面, with 市医疗保障局's items.
    area: i64,
    /// 异地就医联网结算 and its first (numeric) indicator.
    item: i64,
    numeric_indicator: i64,
    /// 特殊教育学校建设, an item with regions, and one of them.
    regional_item: i64,
    region: i64,
    /// A draft plan made here, whose targets may still change, and its regional
    /// indicator.
    draft_plan: i64,
    /// A period of a plan without items, whose evaluation nothing holds up.
    empty_period: i64,
    /// The draft plan's structure as exported (计划结构): importing it changes nothing.
    draft_structure: &'static [u8],
    draft_indicator: i64,
    /// Reports of 市医疗保障局: one returned (to edit and submit), on an item with a
    /// stage indicator; one reviewed (to approve); two submitted (to review, to return).
    returned: i64,
    returned_item: i64,
    returned_figures: Value,
    to_approve: i64,
    to_review: i64,
    to_return: i64,
    /// The unit whose reporter is `REPORTER`.
    yibao: i64,
    /// A unit to rename.
    unit: i64,
    /// An account to disable.
    account: i64,
    /// An open problem of 市医疗保障局's, to change and to start rectifying.
    problem: i64,
    /// A message in the reporter's inbox.
    message: i64,
    /// An evidence file the reporter attached to `returned`.
    evidence: i64,
    /// An item listed for special supervision (挂牌督办), to lift.
    supervision: i64,
    /// A target change waiting for the office's decision.
    target_change: i64,
    /// Two approved reports of a closed period (in the draft plan): one to ask a
    /// correction of, one with a correction waiting for the office's decision.
    closed_report: i64,
    correction: i64,
    /// A bulletin series of the demo plan, and a draft in it ready to issue.
    series: i64,
    bulletin: i64,
    /// An issued bulletin not yet published, and a public objection to another one.
    issued: i64,
    objection: i64,
}

impl Fixture {
    /// The objects the routes target, whose history must not move.
    fn touched(&self) -> Vec<(&'static str, i64)> {
        vec![
            ("unit", self.unit),
            ("unit", self.yibao),
            ("plan", self.plan),
            ("plan", self.draft_plan),
            ("area", self.area),
            ("item", self.item),
            ("item", self.regional_item),
            ("item", self.returned_item),
            ("indicator", self.numeric_indicator),
            ("indicator", self.draft_indicator),
            ("period", self.period),
            ("period", self.new_period),
            ("supervision", self.supervision),
            ("bulletin_series", self.series),
            ("bulletin", self.bulletin),
            ("bulletin", self.issued),
        ]
    }
}

/// Bearer tokens of the demo accounts the table uses, logged in once per app.
type Tokens = HashMap<&'static str, String>;

async fn log_in(app: &TestApp) -> Tokens {
    let mut t = HashMap::new();
    for who in [
        OFFICE, REPORTER, REVIEWER, ADMIN, SECADMIN, LEADER, EVALUATOR,
    ] {
        t.insert(who, app.token(who).await);
    }
    t
}

fn items_of(plan: &Value) -> impl Iterator<Item = &Value> {
    plan["areas"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|a| a["items"].as_array().into_iter().flatten())
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("no id in {v}"))
}

/// A POST that must create; what it made.
async fn created(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let a = app.post(path, token, body).await;
    assert_eq!(a.status, StatusCode::CREATED, "POST {path}: {a:?}");
    a.body
}

/// Finds the demo objects; returns, resubmits and opens what the actions need; makes a
/// draft plan. All of it happens before the first snapshot.
async fn fixture(app: &TestApp, t: &Tokens) -> Fixture {
    let (office, reporter) = (&t[OFFICE], &t[REPORTER]);
    let plans = read(app, "/api/v1/plans", office).await;
    let plan = &plans["items"][0];
    let titled = |title: &str| {
        items_of(plan)
            .find(|i| i["title"] == title)
            .unwrap_or_else(|| panic!("no item {title}"))
            .clone()
    };
    let item = titled("异地就医联网结算");
    let regional_item = titled("特殊教育学校建设");
    let region = regional_item["region_ids"][0].as_i64().expect("region");
    let yibao = app.unit("yibao");
    let opened = created(
        app,
        &format!("/api/v1/plans/{}/periods", id(plan)),
        office,
        json!({"label": "2019-06"}),
    )
    .await;
    let problem = id(&created(
        app,
        "/api/v1/problems",
        office,
        json!({"plan_id": id(plan), "owner_unit_id": yibao, "title": "进度滞后",
               "description": "需加快推进", "deadline": "2099-06-30"}),
    )
    .await);
    let reminded = app
        .post(
            "/api/v1/reminders",
            office,
            json!({"unit_id": yibao, "text": "请按时报送"}),
        )
        .await;
    assert_eq!(reminded.status, StatusCode::ACCEPTED, "{reminded:?}");
    app.store
        .deliver_inbox(duban_store::now_ms(), 100)
        .await
        .expect("delivered");
    let inbox = read(app, "/api/v1/me/inbox", reporter).await;
    let message = id(&inbox["items"][0]);
    let draft = created(
        app,
        "/api/v1/plans",
        office,
        json!({"year": 2020, "title": "2020年重点民生实事(草案)"}),
    )
    .await;
    let draft_area = created(
        app,
        &format!("/api/v1/plans/{}/areas", id(&draft)),
        office,
        json!({"title": "医疗保障方面"}),
    )
    .await;
    let draft_item = created(
        app,
        "/api/v1/items",
        office,
        json!({"area_id": id(&draft_area), "number": 1, "title": "县域医共体建设",
               "lead_unit_id": yibao, "region_ids": [region]}),
    )
    .await;
    let draft_indicator = created(
        app,
        &format!("/api/v1/items/{}/indicators", id(&draft_item)),
        office,
        json!({"name": "医共体覆盖县区", "kind": "cumulative", "unit": "个", "target": 1,
               "regions": [{"region_id": region, "target": 1}]}),
    )
    .await;

    let supervision = id(&created(
        app,
        &format!("/api/v1/items/{}/supervision", id(&regional_item)),
        office,
        json!({"reason": "进度滞后"}),
    )
    .await);

    let series = id(&read(app, &format!("/api/v1/plans/{}/series", id(plan)), office).await[0]);
    let bulletin = id(&created(
        app,
        &format!("/api/v1/series/{series}/bulletins"),
        office,
        json!({"period_id": plan["period"]["id"], "edits": {"recommendations": ["加快推进。"]}}),
    )
    .await);

    let issued = issued_bulletin(app, office, series, plan["period"]["id"].clone()).await;
    let published = issued_bulletin(app, office, series, plan["period"]["id"].clone()).await;
    let publication = id(&created(
        app,
        &format!("/api/v1/bulletins/{published}/publication"),
        office,
        json!({"org_code": "1585729837", "catalogue_code": "zfb",
               "publisher": "临沂市人民政府办公室", "catalogue": "督查专报"}),
    )
    .await);
    let objected = app
        .http
        .post(format!("{}/gk/{publication}/objections", app.base))
        .form(&[("text", "数字与实际不符")])
        .send()
        .await
        .expect("objection");
    assert!(objected.status().is_success(), "{}", objected.status());
    let objection = id(&read(app, "/api/v1/objections?state=open", office).await[0]);

    let target_change = id(&created(
        app,
        &format!(
            "/api/v1/indicators/{}/target-changes",
            id(&item["indicators"][0])
        ),
        reporter,
        json!({"target": 99, "reason": "追加任务"}),
    )
    .await);
    let closed = closed_reports(app, t, id(&draft), id(&draft_area), region).await;
    let correction = id(&created(
        app,
        &format!("/api/v1/reports/{}/corrections", closed[1]),
        reporter,
        json!({"reason": "漏报数据"}),
    )
    .await);

    // The reporter's reports on its five items, all approved by the seed.
    let mine = read(app, "/api/v1/reports?per_page=500", reporter).await;
    let mine = mine["items"].as_array().expect("reports").clone();
    let having = |key: &str| -> Vec<Value> {
        mine.iter()
            .filter(|r| {
                r["figures"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|f| !f[key].is_null())
            })
            .cloned()
            .collect()
    };
    let staged = having("stage");
    let judged = having("assessment");
    assert!(
        !staged.is_empty() && judged.len() >= 3,
        "the seed's reports changed"
    );
    let returned = id(&staged[0]);
    let (to_approve, to_return, to_review) = (id(&judged[0]), id(&judged[1]), id(&judged[2]));
    let reviewer = &app.token(REVIEWER).await;
    for r in [returned, to_approve, to_return, to_review] {
        let path = format!("/api/v1/reports/{r}");
        let cur = app.get(&path, office).await;
        let back = app
            .change(
                Method::POST,
                &format!("{path}/return"),
                office,
                &cur.etag(),
                json!({"comment": "请核实"}),
            )
            .await;
        assert_eq!(back.status, StatusCode::OK, "return {r}: {back:?}");
        if r != returned {
            let sent = app
                .change(
                    Method::POST,
                    &format!("{path}/submit"),
                    reporter,
                    &back.etag(),
                    json!({}),
                )
                .await;
            assert_eq!(sent.status, StatusCode::OK, "submit {r}: {sent:?}");
            if r == to_approve {
                let passed = app
                    .change(
                        Method::POST,
                        &format!("{path}/review"),
                        reviewer,
                        &sent.etag(),
                        json!({}),
                    )
                    .await;
                assert_eq!(passed.status, StatusCode::OK, "review {r}: {passed:?}");
            }
        }
    }
    let attached = app
        .send_bytes(
            Method::POST,
            &format!("/api/v1/reports/{returned}/evidence?name=photo.png"),
            Some(reporter),
            PNG.to_vec(),
            &[],
        )
        .await;
    assert_eq!(attached.status, StatusCode::CREATED, "{attached:?}");
    let evidence = id(&attached.body);
    let exported = app
        .http
        .get(format!(
            "{}/api/v1/plans/{}/structure",
            app.base,
            id(&draft)
        ))
        .bearer_auth(office)
        .send()
        .await
        .expect("export the structure");
    assert_eq!(exported.status(), StatusCode::OK, "{exported:?}");
    let draft_structure: &'static [u8] =
        Vec::leak(exported.bytes().await.expect("structure").to_vec());
    let empty = created(
        app,
        "/api/v1/plans",
        office,
        json!({"year": 2019, "title": "考评用空计划"}),
    )
    .await;
    let empty_period = id(&created(
        app,
        &format!("/api/v1/plans/{}/periods", id(&empty)),
        office,
        json!({"label": "2019-06"}),
    )
    .await);
    Fixture {
        plan: id(plan),
        period: plan["period"]["id"].as_i64().expect("period"),
        new_period: id(&opened),
        area: item["area_id"].as_i64().expect("area"),
        item: id(&item),
        numeric_indicator: id(&item["indicators"][0]),
        regional_item: id(&regional_item),
        region,
        draft_plan: id(&draft),
        empty_period,
        draft_structure,
        draft_indicator: id(&draft_indicator),
        returned,
        returned_item: staged[0]["item_id"].as_i64().expect("item"),
        returned_figures: staged[0]["figures"].clone(),
        to_approve,
        to_review,
        to_return,
        yibao,
        unit: app.unit("disanfang"),
        account: app.loaded.accounts["yibao-sh"].0,
        problem,
        message,
        evidence,
        supervision,
        target_change,
        closed_report: closed[0],
        correction,
        series,
        bulletin,
        issued,
        objection,
    }
}

/// A draft of `series` with its 意见建议 written, issued; its id.
async fn issued_bulletin(app: &TestApp, office: &str, series: i64, period: Value) -> i64 {
    let b = id(&created(
        app,
        &format!("/api/v1/series/{series}/bulletins"),
        office,
        json!({"period_id": period, "edits": {"recommendations": ["加快推进。"]}}),
    )
    .await);
    let path = format!("/api/v1/bulletins/{b}");
    let etag = app.get(&path, office).await.etag();
    let a = app
        .call(
            Method::POST,
            &format!("{path}/issue"),
            Some(office),
            None,
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "issue: {a:?}");
    b
}

/// Two reports of 市医疗保障局, approved in a period of `plan` that is then closed.
async fn closed_reports(app: &TestApp, t: &Tokens, plan: i64, area: i64, region: i64) -> [i64; 2] {
    let (office, reporter, reviewer) = (&t[OFFICE], &t[REPORTER], &app.token(REVIEWER).await);
    let period = id(&created(
        app,
        &format!("/api/v1/plans/{plan}/periods"),
        office,
        json!({"label": "2020-05"}),
    )
    .await);
    let mut out = [0; 2];
    for (n, slot) in out.iter_mut().enumerate() {
        let item = id(&created(
            app,
            "/api/v1/items",
            office,
            json!({"area_id": area, "number": 10 + n, "title": format!("更正用实事{n}"),
                   "lead_unit_id": app.unit("yibao"), "region_ids": [region]}),
        )
        .await);
        let indicator = id(&created(
            app,
            &format!("/api/v1/items/{item}/indicators"),
            office,
            json!({"name": "更正用指标", "kind": "cumulative", "unit": "个", "target": 10}),
        )
        .await);
        let r = created(
            app,
            "/api/v1/reports",
            reporter,
            json!({"period_id": period, "item_id": item, "figures": [{"indicator_id": indicator, "value": 1}]}),
        )
        .await;
        let path = format!("/api/v1/reports/{}", id(&r));
        let mut tag = app.get(&path, office).await.etag();
        for (action, who) in [
            ("submit", reporter),
            ("review", reviewer),
            ("approve", office),
        ] {
            let a = app
                .change(
                    Method::POST,
                    &format!("{path}/{action}"),
                    who,
                    &tag,
                    json!({}),
                )
                .await;
            assert_eq!(a.status, StatusCode::OK, "{action}: {a:?}");
            tag = a.etag();
        }
        *slot = id(&r);
    }
    let path = format!("/api/v1/periods/{period}");
    let tag = app.get(&path, office).await.etag();
    let a = app
        .change(
            Method::PATCH,
            &path,
            office,
            &tag,
            json!({"state": "closed"}),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "close: {a:?}");
    out
}

// ---------------------------------------------------------------------------------------
// The table of write routes.

/// A write route: who may use it, on what, and what it accepts.
struct Route {
    method: Method,
    /// The path as the OpenAPI document spells it.
    template: &'static str,
    /// The demo account allowed to make the request.
    actor: &'static str,
    /// The existing object put for `{id}`.
    id: Option<i64>,
    /// Where the target's ETag is read, for routes that need `If-Match`.
    etag_of: Option<Tagging>,
    /// What the route takes as its body: JSON (`valid`), a file, or nothing.
    payload: Payload,
    /// A body the route accepts as things stand.
    valid: Value,
    /// Bodies with a field of the wrong type, and the field the 422 must name.
    wrong: Vec<(Value, &'static str)>,
    /// Bodies naming an id that does not exist, and the field.
    unknown: Vec<(Value, &'static str)>,
    /// Like `unknown`, for a unit the actor may not act for anyway: 403 is right too.
    stranger: Vec<(Value, &'static str)>,
}

/// What a route takes as its body.
#[derive(Clone)]
enum Payload {
    Json,
    /// A file: these bytes are accepted, sent after `?name=`.
    File(&'static [u8]),
    /// An xlsx workbook as the body (a filled template): these bytes are accepted.
    Workbook(&'static [u8]),
    Nothing,
}

/// A file the evidence routes accept: the header of a PNG.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// The name the good file is uploaded under.
const FILE_NAME: &str = "?name=photo.png";

fn post(template: &'static str, actor: &'static str, valid: Value) -> Route {
    Route {
        method: Method::POST,
        template,
        actor,
        payload: Payload::Json,
        id: None,
        etag_of: None,
        valid,
        wrong: Vec::new(),
        unknown: Vec::new(),
        stranger: Vec::new(),
    }
}

fn patch(template: &'static str, actor: &'static str, valid: Value) -> Route {
    Route {
        method: Method::PATCH,
        ..post(template, actor, valid)
    }
}

/// A POST whose body is a file.
fn upload(template: &'static str, actor: &'static str) -> Route {
    Route {
        payload: Payload::File(PNG),
        ..post(template, actor, Value::Null)
    }
}

/// A POST whose body is an xlsx workbook: the good one is a template with no rows.
fn workbook(template: &'static str, actor: &'static str) -> Route {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("填报").expect("sheet");
    ws.write_string(1, 0, "键").expect("heading");
    let good: &'static [u8] = Vec::leak(wb.save_to_buffer().expect("xlsx"));
    Route {
        payload: Payload::Workbook(good),
        ..post(template, actor, Value::Null)
    }
}

/// A completion table (完成情况表) without rows: checked, nothing to write.
fn empty_completion_table() -> &'static [u8] {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("完成情况表").expect("sheet");
    Vec::leak(wb.save_to_buffer().expect("xlsx"))
}

/// A DELETE, with no body.
fn delete(template: &'static str, actor: &'static str) -> Route {
    Route {
        method: Method::DELETE,
        payload: Payload::Nothing,
        ..post(template, actor, Value::Null)
    }
}

fn put(template: &'static str, actor: &'static str, valid: Value) -> Route {
    Route {
        method: Method::PUT,
        ..post(template, actor, valid)
    }
}

/// A POST with no body: it only sets something going.
fn trigger(template: &'static str, actor: &'static str) -> Route {
    Route {
        payload: Payload::Nothing,
        ..post(template, actor, Value::Null)
    }
}

/// Where a route's good `If-Match` comes from.
#[derive(Debug, Clone)]
enum Tagging {
    /// The ETag read at this path just before.
    Read(String),
    /// A fixed tag: an object the route makes on first write ("v1" before it exists).
    Fixed(&'static str),
}

impl Route {
    /// The target in the path.
    fn on(mut self, id: i64) -> Route {
        self.id = Some(id);
        self
    }

    /// The route needs `If-Match` with the ETag read at `path`.
    fn if_match(mut self, path: String) -> Route {
        self.etag_of = Some(Tagging::Read(path));
        self
    }

    /// The route needs `If-Match`, and `tag` is the good one.
    fn if_match_fixed(mut self, tag: &'static str) -> Route {
        self.etag_of = Some(Tagging::Fixed(tag));
        self
    }

    /// The target is `id`, and `If-Match` takes its ETag as read at the route's path.
    fn at(self, id: i64) -> Route {
        let read = self.template.replace("{id}", &id.to_string());
        self.on(id).if_match(read)
    }

    fn wrong(mut self, body: Value, field: &'static str) -> Route {
        self.wrong.push((body, field));
        self
    }

    fn unknown(mut self, body: Value, field: &'static str) -> Route {
        self.unknown.push((body, field));
        self
    }

    fn stranger(mut self, body: Value, field: &'static str) -> Route {
        self.stranger.push((body, field));
        self
    }

    fn key(&self) -> (String, String) {
        (self.method.to_string(), self.template.to_string())
    }

    /// The path with `id`, and the good file's name for uploads.
    fn path(&self, id: &str) -> String {
        let path = self.template.replace("{id}", id);
        match self.payload {
            Payload::File(_) => format!("{path}{FILE_NAME}"),
            _ => path,
        }
    }

    /// The good request's body and Content-Type.
    fn good_body(&self) -> (Vec<u8>, Option<&'static str>) {
        match self.payload {
            Payload::Json => (
                serde_json::to_vec(&self.valid).expect("json"),
                Some("application/json"),
            ),
            Payload::File(b) | Payload::Workbook(b) => {
                (b.to_vec(), Some("application/octet-stream"))
            }
            Payload::Nothing => (Vec::new(), None),
        }
    }

    /// The good request sent to `path`, expected to get one of `want`.
    fn good_case(&self, name: impl Into<String>, path: &str, want: &'static [u16]) -> Case {
        let (body, content_type) = self.good_body();
        Case::raw(name, path, body, want).typed(content_type)
    }

    fn target(&self) -> String {
        self.path(&self.id.map(|i| i.to_string()).unwrap_or_default())
    }

    fn name(&self) -> String {
        format!("{} {}", self.method, self.template)
    }
}

/// `base` with `extra`'s fields set on it.
fn with(base: &Value, extra: Value) -> Value {
    let mut v = base.clone();
    if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        for (k, x) in e {
            o.insert(k.clone(), x.clone());
        }
    }
    v
}

/// `base` without the field `name`.
fn without(base: &Value, name: &str) -> Value {
    let mut v = base.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove(name);
    }
    v
}

/// Every write route but logging in and out. A number written as a string is a wrong
/// type: the document says number.
fn routes(f: &Fixture) -> Vec<Route> {
    let u = UNKNOWN;
    let unit = json!({"code": "shenji", "name": "市审计局", "kind": "department"});
    let user = json!({
        "username": "shenji-tb", "display_name": "市审计局填报员", "role": "reporter",
        "unit_id": f.yibao, "password": "shenji-demo-2019",
    });
    let plan = json!({"year": 2021, "title": "2021年重点民生实事"});
    let item = json!({
        "area_id": f.area, "number": 21, "title": "医保电子凭证推广", "lead_unit_id": f.yibao,
    });
    let indicator = json!({"name": "新增学位", "kind": "cumulative", "unit": "个", "target": 500});
    let period = json!({"label": "2019-07"});
    let report = json!({
        "period_id": f.new_period, "item_id": f.item,
        "figures": [{"indicator_id": f.numeric_indicator, "value": 60}],
        "funding": [{"source": "city", "raised": 10, "allocated": 5, "spent": 2}],
    });
    let funding = |x: Value| json!({"funding": [x]});
    let figure = |x: Value| json!({"figures": [x]});
    let first_figure = &f.returned_figures[0];
    let report_at = |id: i64| format!("/api/v1/reports/{id}");
    let password =
        json!({"current_password": "lingdao-demo-2019", "new_password": "Changed-Pass-2019"});
    let problem = json!({
        "plan_id": f.plan, "owner_unit_id": f.yibao, "title": "资金拨付滞后",
        "description": "上级补助资金未及时拨付", "deadline": "2099-06-30",
    });
    vec![
        post("/api/v1/units", OFFICE, unit.clone())
            .wrong(with(&unit, json!({"code": 7})), "code")
            .wrong(with(&unit, json!({"seq": "1"})), "seq")
            .wrong(with(&unit, json!({"active": 1})), "active")
            .unknown(with(&unit, json!({"parent_id": u})), "parent_id"),
        patch(
            "/api/v1/units/{id}",
            OFFICE,
            json!({"name": "第三方评估机构"}),
        )
        .at(f.unit)
        .wrong(json!({"name": ["第三方"]}), "name")
        .wrong(json!({"seq": 1.5}), "seq")
        .wrong(json!({"clear_parent": "yes"}), "clear_parent")
        .unknown(json!({"parent_id": u}), "parent_id"),
        post("/api/v1/users", ADMIN, user.clone())
            .wrong(with(&user, json!({"username": 7})), "username")
            .wrong(with(&user, json!({"unit_id": "22"})), "unit_id")
            .wrong(
                with(&user, json!({"password": 123_456_789_012_i64})),
                "password",
            )
            .wrong(with(&user, json!({"mobile": 13_812_341_234_i64})), "mobile")
            .unknown(with(&user, json!({"unit_id": u})), "unit_id"),
        patch("/api/v1/users/{id}", ADMIN, json!({"active": false}))
            .at(f.account)
            .wrong(json!({"active": "no"}), "active")
            .wrong(json!({"password": 123_456_789_012_i64}), "password")
            .wrong(json!({"id_number": ["11010519491231002X"]}), "id_number"),
        put("/api/v1/users/{id}/role", SECADMIN, json!({"role": "leader"}))
            .on(f.account)
            .if_match(format!("/api/v1/users/{}", f.account))
            .wrong(json!({"role": 7}), "role")
            .wrong(json!({"role": "boss"}), "role")
            .wrong(json!({"role": "sysadmin", "unit_id": "1"}), "unit_id")
            .unknown(json!({"role": "reporter", "unit_id": 99_999_999}), "unit_id"),
        post("/api/v1/plans", OFFICE, plan.clone())
            .wrong(with(&plan, json!({"year": "2021"})), "year")
            .wrong(with(&plan, json!({"title": 2021})), "title")
            .wrong(
                with(&plan, json!({"lagging_threshold": "10"})),
                "lagging_threshold",
            ),
        patch(
            "/api/v1/plans/{id}",
            OFFICE,
            json!({"title": "2019年重点民生实事(修订)"}),
        )
        .on(f.plan)
        .if_match(format!("/api/v1/plans/{}?view=summary", f.plan))
        .wrong(json!({"year": "2019"}), "year")
        .wrong(json!({"state": 1}), "state")
        .wrong(json!({"serious_threshold": true}), "serious_threshold"),
        post(
            "/api/v1/plans/{id}/areas",
            OFFICE,
            json!({"title": "住房保障方面"}),
        )
        .on(f.plan)
        .wrong(json!({"title": 7}), "title")
        .wrong(json!({"seq": "7", "title": "住房保障方面"}), "seq"),
        patch("/api/v1/areas/{id}", OFFICE, json!({"title": "医疗保障"}))
            .at(f.area)
            .wrong(json!({"seq": 1.5}), "seq")
            .wrong(json!({"title": {"zh": "医疗保障"}}), "title"),
        post("/api/v1/items", OFFICE, item.clone())
            .wrong(with(&item, json!({"number": "21"})), "number")
            .wrong(with(&item, json!({"co_unit_ids": f.yibao})), "co_unit_ids")
            .wrong(
                with(&item, json!({"region_ids": [f.region.to_string()]})),
                "region_ids/0",
            )
            .wrong(
                with(&item, json!({"planned_investment": -5})),
                "planned_investment",
            )
            .unknown(with(&item, json!({"area_id": u})), "area_id")
            .unknown(with(&item, json!({"lead_unit_id": u})), "lead_unit_id")
            .unknown(with(&item, json!({"co_unit_ids": [u]})), "co_unit_ids")
            .unknown(with(&item, json!({"region_ids": [u]})), "region_ids"),
        patch(
            "/api/v1/items/{id}",
            OFFICE,
            json!({"leader": "分管副市长"}),
        )
        .at(f.item)
        .wrong(json!({"number": true}), "number")
        .wrong(json!({"leader": 1}), "leader")
        .wrong(json!({"co_unit_ids": [true]}), "co_unit_ids/0")
        .wrong(json!({"planned_investment": "100"}), "planned_investment")
        .wrong(json!({"planned_investment": -1}), "planned_investment")
        .unknown(json!({"area_id": u}), "area_id")
        .unknown(json!({"lead_unit_id": u}), "lead_unit_id")
        .unknown(json!({"co_unit_ids": [u]}), "co_unit_ids")
        .unknown(json!({"region_ids": [u]}), "region_ids"),
        post("/api/v1/items/{id}/indicators", OFFICE, indicator.clone())
            .on(f.regional_item)
            .wrong(with(&indicator, json!({"target": "500"})), "target")
            .wrong(with(&indicator, json!({"decimals": "2"})), "decimals")
            .wrong(
                with(&indicator, json!({"regions": [[f.region, 500]]})),
                "regions/0",
            )
            .wrong(
                with(&indicator, json!({"quarterly": [1, 2, 3]})),
                "quarterly",
            )
            .wrong(
                with(
                    &indicator,
                    json!({"regions": [{"region_id": f.region.to_string()}]}),
                ),
                "regions/0/region_id",
            )
            .unknown(
                with(
                    &indicator,
                    json!({"regions": [{"region_id": u, "target": 500}]}),
                ),
                "regions/0/region_id",
            ),
        patch(
            "/api/v1/indicators/{id}",
            OFFICE,
            json!({"name": "医共体覆盖县(区)"}),
        )
        .at(f.draft_indicator)
        .wrong(json!({"stages": "规划设计"}), "stages")
        .wrong(json!({"regions": [[f.region, 1]]}), "regions/0")
        .wrong(json!({"decimals": 1.5}), "decimals")
        .wrong(json!({"target": "5"}), "target")
        .wrong(
            json!({"regions": [{"region_id": f.region.to_string()}]}),
            "regions/0/region_id",
        )
        .unknown(
            json!({"regions": [{"region_id": u, "target": 1}]}),
            "regions/0/region_id",
        ),
        post("/api/v1/plans/{id}/periods", OFFICE, period.clone())
            .on(f.plan)
            .wrong(json!({"label": 201_907}), "label")
            .wrong(with(&period, json!({"spending": "248.2"})), "spending")
            .wrong(with(&period, json!({"cutoff": 20_190_731})), "cutoff")
            .wrong(with(&period, json!({"fiscal_source": 5})), "fiscal_source"),
        patch("/api/v1/periods/{id}", OFFICE, json!({"spending": 250}))
            .at(f.period)
            .wrong(json!({"state": false}), "state")
            .wrong(json!({"deadline": 20_190_605}), "deadline")
            .wrong(json!({"growth_pct": [8]}), "growth_pct")
            .wrong(json!({"fiscal_source": ["市财政局"]}), "fiscal_source"),
        post("/api/v1/reports", REPORTER, report.clone())
            .wrong(with(&report, json!({"period_id": "6"})), "period_id")
            .wrong(with(&report, json!({"figures": {}})), "figures")
            .wrong(
                with(
                    &report,
                    json!({"figures": [[f.numeric_indicator, null, 60, null, null]]}),
                ),
                "figures/0",
            )
            .wrong(
                with(
                    &report,
                    figure(json!({"indicator_id": f.numeric_indicator, "value": "60"})),
                ),
                "figures/0/value",
            )
            .wrong(with(&report, json!({"narrative": 5})), "narrative")
            .wrong(with(&report, json!({"funding": {"source": "city"}})), "funding")
            .wrong(
                with(&report, funding(json!({"source": "bank", "raised": 1}))),
                "funding/0/source",
            )
            .wrong(
                with(
                    &report,
                    funding(json!({"source": "city", "raised": 10, "allocated": 5, "spent": 6})),
                ),
                "funding/0/spent",
            )
            .unknown(with(&report, json!({"period_id": u})), "period_id")
            .unknown(with(&report, json!({"item_id": u})), "item_id")
            .unknown(
                with(&report, figure(json!({"indicator_id": u, "value": 60}))),
                "figures/0/indicator_id",
            )
            .unknown(
                with(
                    &report,
                    figure(json!({"indicator_id": f.numeric_indicator, "region_id": u,
                                  "value": 60})),
                ),
                "figures/0/region_id",
            )
            .stranger(with(&report, json!({"unit_id": u})), "unit_id"),
        patch(
            "/api/v1/reports/{id}",
            REPORTER,
            json!({"figures": f.returned_figures, "narrative": "已核实"}),
        )
        .at(f.returned)
        .wrong(json!({"narrative": 1}), "narrative")
        .wrong(
            funding(json!({"source": "social", "raised": -1})),
            "funding/0/raised",
        )
        .wrong(
            funding(json!({"source": "city", "raised": 5, "allocated": 6})),
            "funding/0/allocated",
        )
        .wrong(
            figure(json!({"indicator_id": "40"})),
            "figures/0/indicator_id",
        )
        .unknown(
            figure(with(first_figure, json!({"indicator_id": u}))),
            "figures/0/indicator_id",
        )
        .unknown(
            figure(with(first_figure, json!({"region_id": u}))),
            "figures/0/region_id",
        ),
        post("/api/v1/reports/{id}/submit", REPORTER, json!({}))
            .on(f.returned)
            .if_match(report_at(f.returned))
            .wrong(json!({"comment": 1}), "comment")
            .wrong(json!({"reasons": ["原因"]}), "reasons")
            .wrong(
                json!({"reasons": {"far_beyond_plan:1": 2}}),
                "reasons/far_beyond_plan:1",
            ),
        post("/api/v1/reports/{id}/review", REVIEWER, json!({}))
            .on(f.to_review)
            .if_match(report_at(f.to_review))
            .wrong(json!({"comment": 1}), "comment"),
        post(
            "/api/v1/reports/{id}/approve",
            OFFICE,
            json!({"comment": "同意"}),
        )
        .on(f.to_approve)
        .if_match(report_at(f.to_approve))
        .wrong(json!({"comment": ["同意"]}), "comment"),
        post(
            "/api/v1/reports/{id}/return",
            OFFICE,
            json!({"comment": "请补充说明"}),
        )
        .on(f.to_return)
        .if_match(report_at(f.to_return))
        .wrong(json!({"comment": 1}), "comment"),
        post(
            "/api/v1/periods/{id}/no-change",
            REPORTER,
            json!({"unit_id": f.yibao}),
        )
        .on(f.new_period)
        .wrong(json!({"unit_id": "yibao"}), "unit_id"),
        post(
            "/api/v1/reminders",
            OFFICE,
            json!({"unit_id": f.yibao, "text": "请按时报送"}),
        )
        .wrong(json!({"unit_id": f.yibao, "text": 1}), "text")
        .wrong(json!({"unit_id": "yibao", "text": "请按时报送"}), "unit_id")
        .unknown(json!({"unit_id": u, "text": "请按时报送"}), "unit_id"),
        // Marking read takes no If-Match: it only ever sets one flag of one's own.
        patch("/api/v1/me/inbox/{id}", REPORTER, json!({"read": true}))
            .on(f.message)
            .wrong(json!({"read": "yes"}), "read"),
        post("/api/v1/problems", OFFICE, problem.clone())
            .wrong(with(&problem, json!({"deadline": 20190630})), "deadline")
            .wrong(with(&problem, json!({"plan_id": "1"})), "plan_id")
            .unknown(with(&problem, json!({"owner_unit_id": u})), "owner_unit_id")
            .unknown(with(&problem, json!({"item_id": u})), "item_id"),
        patch(
            "/api/v1/problems/{id}",
            OFFICE,
            json!({"deadline": "2099-07-31"}),
        )
        .at(f.problem)
        .wrong(json!({"title": ["进度滞后"]}), "title")
        .unknown(json!({"owner_unit_id": u}), "owner_unit_id"),
        post(
            "/api/v1/problems/{id}/actions",
            REPORTER,
            json!({"action": "start"}),
        )
        .on(f.problem)
        .if_match(format!("/api/v1/problems/{}", f.problem))
        .wrong(json!({"action": 1}), "action")
        .wrong(json!({"action": "start", "note": 2}), "note"),
        upload("/api/v1/reports/{id}/evidence", REPORTER).on(f.returned),
        upload("/api/v1/problems/{id}/evidence", REPORTER).on(f.problem),
        workbook("/api/v1/periods/{id}/import", REPORTER).on(f.new_period),
        Route {
            payload: Payload::Workbook(f.draft_structure),
            ..workbook("/api/v1/plans/{id}/structure", OFFICE)
        }
        .on(f.draft_plan),
        Route {
            payload: Payload::Workbook(empty_completion_table()),
            ..workbook("/api/v1/periods/{id}/completion-table", OFFICE)
        }
        .on(f.new_period),
        delete("/api/v1/evidence/{id}", REPORTER).on(f.evidence),
        put(
            "/api/v1/units/{id}/webhook",
            OFFICE,
            json!({"url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "format": "wecom"}),
        )
        .on(f.yibao)
        .wrong(json!({"url": 1, "format": "wecom"}), "url")
        .wrong(json!({"url": "https://x.cn/h", "format": "wecom", "secret": 5}), "secret"),
        delete("/api/v1/units/{id}/webhook", OFFICE).on(f.yibao),
        trigger("/api/v1/reminders/sweep", OFFICE),
        post(
            "/api/v1/plans/{id}/series",
            OFFICE,
            json!({"name": "督查通报", "issuer": "市政府督查室", "first_number": 3}),
        )
        .on(f.plan)
        .wrong(json!({"name": 1, "issuer": "市政府督查室"}), "name")
        .wrong(json!({"name": "通报", "issuer": ""}), "issuer")
        .wrong(
            json!({"name": "通报", "issuer": "督查室", "first_number": 0}),
            "first_number",
        ),
        post(
            "/api/v1/series/{id}/bulletins",
            OFFICE,
            json!({"period_id": f.period, "issue_date": "2019-07-12"}),
        )
        .on(f.series)
        .wrong(json!({"period_id": f.period, "issue_date": "7月12日"}), "issue_date")
        .wrong(json!({"period_id": f.period, "edits": {"omit_items": "全部"}}), "edits")
        .wrong(json!({"period_id": f.period, "edits": {"colour": "red"}}), "edits")
        .unknown(json!({"period_id": f.unit}), "period_id"),
        patch(
            "/api/v1/bulletins/{id}",
            OFFICE,
            json!({"edits": {"recommendations": ["加快推进滞后事项。"]}}),
        )
        .at(f.bulletin)
        .wrong(json!({"issue_date": 20190712}), "issue_date")
        .wrong(json!({"edits": {"passages": {"1": 5}}}), "edits"),
        trigger("/api/v1/bulletins/{id}/issue", OFFICE)
            .on(f.bulletin)
            .if_match(format!("/api/v1/bulletins/{}", f.bulletin)),
        post(
            "/api/v1/bulletins/{id}/publication",
            OFFICE,
            json!({"org_code": "1585729837", "catalogue_code": "zfb",
                   "publisher": "临沂市人民政府办公室", "catalogue": "督查专报",
                   "published_on": "2019-07-12"}),
        )
        .on(f.issued)
        .wrong(json!({"org_code": "临沂", "catalogue_code": "zfb", "publisher": "市政府办公室", "catalogue": "专报"}), "org_code")
        .wrong(json!({"org_code": "1585729837", "catalogue_code": "zfb", "publisher": "", "catalogue": "专报"}), "publisher")
        .wrong(json!({"org_code": "1585729837", "catalogue_code": "zfb", "publisher": "办公室", "catalogue": "专报", "published_on": "7月12日"}), "published_on")
        .wrong(json!({"org_code": "1585729837", "catalogue_code": "zfb", "publisher": "办公室", "catalogue": "专报", "objection_days": 90}), "objection_days"),
        post(
            "/api/v1/items/{id}/publication",
            OFFICE,
            json!({"period_id": f.period,
                   "publication": {"org_code": "1585729837", "catalogue_code": "zfb",
                                   "publisher": "临沂市人民政府办公室", "catalogue": "民生实事"}}),
        )
        .on(f.regional_item)
        .wrong(json!({"period_id": f.period, "publication": {"org_code": "临沂", "catalogue_code": "zfb", "publisher": "办公室", "catalogue": "民生实事"}}), "publication/org_code")
        .wrong(json!({"period_id": "五月", "publication": {"org_code": "1585729837", "catalogue_code": "zfb", "publisher": "办公室", "catalogue": "民生实事"}}), "period_id")
        .unknown(json!({"period_id": f.unit, "publication": {"org_code": "1585729837", "catalogue_code": "zfb", "publisher": "办公室", "catalogue": "民生实事"}}), "period_id"),
        post(
            "/api/v1/objections/{id}/settlement",
            OFFICE,
            json!({"dismiss": "经核实数据无误"}),
        )
        .on(f.objection)
        .if_match(format!("/api/v1/objections/{}", f.objection))
        .wrong(json!({}), "dismiss")
        .wrong(json!({"dismiss": ""}), "dismiss")
        .wrong(json!({"problem": {"owner_unit_id": f.yibao, "deadline": "下月"}}), "problem/deadline"),
        put(
            "/api/v1/indicators/{id}/bulletin-style",
            OFFICE,
            json!({"template": "{name}{value}{unit}", "scale": "wan", "decimals": 1}),
        )
        .on(f.numeric_indicator)
        .wrong(json!({"template": "{nmae}{value}"}), "template")
        .wrong(json!({"template": "{value"}), "template")
        .wrong(json!({"scale": "qian"}), "scale")
        .wrong(json!({"decimals": 9}), "decimals"),
        post(
            "/api/v1/items/{id}/supervision",
            OFFICE,
            json!({"reason": "连续两月进度滞后", "deadline": "2019-07-15"}),
        )
        .on(f.item)
        .wrong(json!({"reason": 1}), "reason")
        .wrong(json!({"reason": "滞后", "deadline": 20190715}), "deadline"),
        put(
            "/api/v1/plans/{id}/evaluation-scheme",
            OFFICE,
            json!({"criteria": [{"criterion": "progress", "weight": 70},
                                {"criterion": "third_party", "weight": 30}]}),
        )
        .at(f.plan)
        .wrong(json!({"criteria": [{"criterion": "progress", "weight": 90}]}), "criteria")
        .wrong(json!({"criteria": [{"criterion": "speed", "weight": 100}]}), "criteria/0/criterion")
        .wrong(json!({"criteria": [{"criterion": "progress", "weight": "100"}]}), "criteria/0/weight"),
        post(
            "/api/v1/periods/{id}/evaluation/entries",
            EVALUATOR,
            json!({"unit_id": f.yibao, "third_party": 88, "comment": "资料齐全"}),
        )
        .on(f.period)
        .if_match_fixed("\"v1\"")
        .wrong(json!({"unit_id": f.yibao, "third_party": 100.5}), "third_party")
        .wrong(json!({"unit_id": f.yibao, "satisfaction": "90"}), "satisfaction")
        .unknown(json!({"unit_id": UNKNOWN, "third_party": 88}), "unit_id"),
        trigger("/api/v1/periods/{id}/evaluation/approval", OFFICE).on(f.empty_period),
        post(
            "/api/v1/plans/{id}/spot-checks",
            OFFICE,
            json!({"subject": "unit", "subject_id": f.yibao, "outcome": "confirmed",
                   "note": "抽查原始台账,数据属实"}),
        )
        .on(f.plan)
        .wrong(json!({"subject": "region", "subject_id": f.yibao, "outcome": "confirmed", "note": "抽查"}), "subject")
        .wrong(json!({"subject": "unit", "subject_id": f.yibao, "outcome": "fine", "note": "抽查"}), "outcome")
        .wrong(json!({"subject": "unit", "subject_id": f.yibao, "outcome": "confirmed", "note": " "}), "note"),
        post(
            "/api/v1/supervisions/{id}/lift",
            OFFICE,
            json!({"note": "已恢复正常推进"}),
        )
        .on(f.supervision)
        .if_match(format!("/api/v1/supervisions/{}", f.supervision))
        .wrong(json!({"note": ["已恢复"]}), "note"),
        post(
            "/api/v1/indicators/{id}/target-changes",
            OFFICE,
            json!({"target": 2, "regions": [{"region_id": f.region, "target": 2}],
                   "reason": "省里追加任务"}),
        )
        .on(f.draft_indicator)
        .wrong(json!({"target": "2", "reason": "追加"}), "target")
        .wrong(json!({"target": 2, "reason": 1}), "reason")
        .unknown(
            json!({"regions": [{"region_id": u, "target": 1}], "reason": "调整"}),
            "regions/0/region_id",
        ),
        post(
            "/api/v1/target-changes/{id}/decision",
            OFFICE,
            json!({"approve": true, "note": "同意"}),
        )
        .on(f.target_change)
        .if_match(format!("/api/v1/target-changes/{}", f.target_change))
        .wrong(json!({"approve": "yes"}), "approve")
        .wrong(json!({"approve": false, "note": 1}), "note"),
        post(
            "/api/v1/reports/{id}/corrections",
            REPORTER,
            json!({"reason": "漏报罗庄区数据"}),
        )
        .on(f.closed_report)
        .wrong(json!({"reason": ["漏报"]}), "reason"),
        post(
            "/api/v1/corrections/{id}/decision",
            OFFICE,
            json!({"approve": true}),
        )
        .on(f.correction)
        .if_match(format!("/api/v1/corrections/{}", f.correction))
        .wrong(json!({"approve": 1}), "approve"),
        patch(
            "/api/v1/plans/{id}/settings",
            OFFICE,
            json!({"beyond_pct": 200, "remind_days_before": 5}),
        )
        .at(f.plan)
        .wrong(json!({"beyond_pct": "200"}), "beyond_pct")
        .wrong(json!({"unchanged_periods": 2.5}), "unchanged_periods"),
        post("/api/v1/me/password", LEADER, password.clone())
            .wrong(
                with(&password, json!({"current_password": 2019})),
                "current_password",
            )
            .wrong(
                with(&password, json!({"new_password": null})),
                "new_password",
            ),
        trigger("/api/v1/me/second-factor", LEADER),
    ]
}

// ---------------------------------------------------------------------------------------
// The bad requests.

/// What a bad request carries as `If-Match`.
#[derive(Clone, Copy)]
enum Tag {
    /// The target's ETag as it is now (none for routes without `If-Match`).
    Current,
    Missing,
    /// `W/` and the current ETag: weak tags never match under `If-Match`.
    Weak,
    Given(&'static str),
}

/// One bad request and the answers that are right for it.
struct Case {
    name: String,
    path: String,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    tag: Tag,
    /// The statuses that are right.
    want: &'static [u16],
    /// A 422 must name this field.
    field: Option<String>,
}

impl Case {
    fn json(name: impl Into<String>, path: &str, body: &Value, want: &'static [u16]) -> Case {
        Case::raw(name, path, serde_json::to_vec(body).expect("json"), want)
    }

    fn raw(name: impl Into<String>, path: &str, body: Vec<u8>, want: &'static [u16]) -> Case {
        Case {
            name: name.into(),
            path: path.to_string(),
            content_type: Some("application/json"),
            body,
            tag: Tag::Current,
            want,
            field: None,
        }
    }

    fn naming(mut self, field: &str) -> Case {
        self.field = Some(field.to_string());
        self
    }

    fn typed(mut self, content_type: Option<&'static str>) -> Case {
        self.content_type = content_type;
        self
    }

    fn tagged(mut self, tag: Tag) -> Case {
        self.tag = tag;
        self
    }
}

/// A body over the limit that is otherwise the good body: leading whitespace is JSON.
fn oversized(valid: &Value) -> Vec<u8> {
    let mut b = vec![b' '; duban_api::BODY_LIMIT + 1];
    b.extend(serde_json::to_vec(valid).expect("json"));
    b
}

/// The good body cut in half.
fn truncated(valid: &Value) -> Vec<u8> {
    let b = serde_json::to_string(valid).expect("json");
    let cut = b
        .char_indices()
        .map(|(i, _)| i)
        .find(|i| *i >= b.len() / 2)
        .unwrap_or(1)
        .max(1);
    b.as_bytes()[..cut].to_vec()
}

/// The operation in the document.
fn operation<'a>(doc: &'a Value, method: &str, path: &str) -> &'a Value {
    &doc["paths"][path][method.to_ascii_lowercase()]
}

/// The request body's schema in the document.
fn body_schema<'a>(doc: &'a Value, method: &str, path: &str) -> Option<&'a Value> {
    let s = &operation(doc, method, path)["requestBody"]["content"]["application/json"];
    let name = s["schema"]["$ref"].as_str()?.rsplit('/').next()?;
    doc["components"]["schemas"].get(name)
}

/// Whether the document says the route needs `If-Match`.
fn documents_if_match(doc: &Value, method: &str, path: &str) -> bool {
    operation(doc, method, path)["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|p| p["in"] == "header" && p["name"].as_str() == Some("If-Match"))
}

/// The body checks every JSON route gets: syntax, the body's own type, unknown and
/// missing fields. `required` and `fields` come from the body's schema.
fn body_cases(path: &str, valid: &Value, required: &[String], fields: usize) -> Vec<Case> {
    let mut v = vec![
        Case::raw("malformed JSON {\"a\":", path, b"{\"a\":".to_vec(), &[400]),
        Case::raw("the good body cut in half", path, truncated(valid), &[400]),
        Case::raw(
            "trailing garbage",
            path,
            {
                let mut b = serde_json::to_vec(valid).expect("json");
                b.extend(b"}x");
                b
            },
            &[400],
        ),
        Case::json("an empty array for the object", path, &json!([]), &[422]),
        Case::json(
            "an array of nulls for the object",
            path,
            &Value::Array(vec![Value::Null; fields.max(1)]),
            &[422],
        ),
        Case::json("a string for the object", path, &json!("{}"), &[422]),
        Case::json("a number for the object", path, &json!(42), &[422]),
        Case::json(
            "an unknown field",
            path,
            &with(valid, json!({"bogus": 1})),
            &[422],
        )
        .naming("bogus"),
    ];
    for field in required.iter().filter(|f| valid.get(f.as_str()).is_some()) {
        v.push(
            Case::json(
                format!("missing {field}"),
                path,
                &without(valid, field),
                &[422],
            )
            .naming(field),
        );
    }
    v.push(Case::raw(
        "a body over 1 MiB",
        path,
        oversized(valid),
        &[413],
    ));
    for ct in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let name = format!("content-type {}", ct.unwrap_or("absent"));
        v.push(Case::json(name, path, valid, &[415]).typed(ct));
    }
    v
}

/// The checks every file route gets: the file empty, of a kind not taken (whatever its
/// name and Content-Type say), over the upload limit; its name missing or empty.
fn file_cases(r: &Route, good: &[u8]) -> Vec<Case> {
    let path = r.target();
    let bare = r
        .template
        .replace("{id}", &r.id.unwrap_or_default().to_string());
    let octets = Some("application/octet-stream");
    let mut over = good.to_vec();
    over.resize(UPLOAD_LIMIT + 1, 0);
    vec![
        Case::raw("an empty file", &path, Vec::new(), &[422])
            .typed(octets)
            .naming("file"),
        Case::raw(
            "an executable named and typed as a PDF",
            &format!("{bare}?name=report.pdf"),
            b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0".to_vec(),
            &[415],
        )
        .typed(Some("application/pdf")),
        Case::raw(
            "an HTML page",
            &path,
            b"<!DOCTYPE html><script>alert(1)</script>".to_vec(),
            &[415],
        )
        .typed(Some("text/html")),
        Case::raw("a file over the upload limit", &path, over, &[413]).typed(octets),
        Case::raw("no name", &bare, good.to_vec(), &[422])
            .typed(octets)
            .naming("name"),
        Case::raw(
            "an empty name",
            &format!("{bare}?name=%20"),
            good.to_vec(),
            &[422],
        )
        .typed(octets)
        .naming("name"),
    ]
}

/// The checks a workbook route gets: the file empty, not a workbook, over 1 MiB.
fn workbook_cases(path: &str, good: &[u8]) -> Vec<Case> {
    let octets = Some("application/octet-stream");
    let mut over = good.to_vec();
    over.resize((1 << 20) + 1, 0);
    vec![
        Case::raw("an empty file", path, Vec::new(), &[422])
            .typed(octets)
            .naming("file"),
        Case::raw(
            "an HTML page",
            path,
            b"<!DOCTYPE html><script>alert(1)</script>".to_vec(),
            &[422],
        )
        .typed(octets)
        .naming("file"),
        Case::raw("a file over 1 MiB", path, over, &[413]).typed(octets),
    ]
}

/// Every bad request for a route, each differing from the good one in one thing.
fn cases(r: &Route, doc: &Value) -> Vec<Case> {
    let m = r.method.as_str();
    let path = r.target();
    let schema = body_schema(doc, m, r.template);
    let required: Vec<String> = schema
        .and_then(|s| s["required"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str().map(String::from))
        .collect();
    let fields = schema
        .and_then(|s| s["properties"].as_object())
        .map_or(1, |p| p.len());
    let mut v = match r.payload {
        Payload::Json => body_cases(&path, &r.valid, &required, fields),
        Payload::File(good) => file_cases(r, good),
        Payload::Workbook(good) => workbook_cases(&path, good),
        Payload::Nothing => Vec::new(),
    };
    for (body, field) in &r.wrong {
        v.push(Case::json(format!("wrong type of {field}"), &path, body, &[422]).naming(field));
    }
    for (body, field) in &r.unknown {
        v.push(
            Case::json(format!("unknown id in {field}"), &path, body, &[404, 422]).naming(field),
        );
    }
    for (body, field) in &r.stranger {
        v.push(
            Case::json(
                format!("unknown id in {field}"),
                &path,
                body,
                &[403, 404, 422],
            )
            .naming(field),
        );
    }
    if r.id.is_some() {
        let unknown = r.path(&UNKNOWN.to_string());
        v.push(r.good_case("unknown id in the path", &unknown, &[404]));
        for bad in NOT_IDS {
            let name = format!("path id {bad}");
            v.push(r.good_case(name, &r.path(bad), &[400, 404]));
        }
    }
    if r.etag_of.is_some() {
        let tags = [
            ("no If-Match", Tag::Missing, &[428][..]),
            ("stale If-Match \"v999\"", Tag::Given("\"v999\""), &[412]),
            ("garbage If-Match abc", Tag::Given("abc"), &[412]),
            ("unquoted If-Match v1", Tag::Given("v1"), &[412]),
            ("weak If-Match", Tag::Weak, &[412]),
        ];
        for (name, tag, want) in tags {
            v.push(r.good_case(name, &path, want).tagged(tag));
        }
    }
    v
}

// ---------------------------------------------------------------------------------------
// Sending and judging.

/// Sends raw bytes with the headers asked for.
async fn send(
    app: &TestApp,
    method: &Method,
    path: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: Vec<u8>,
    if_match: Option<&str>,
) -> Answer {
    let mut req = app
        .http
        .request(method.clone(), format!("{}{path}", app.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    if let Some(m) = if_match {
        req = req.header("if-match", m);
    }
    if !body.is_empty() {
        req = req.body(body);
    }
    let res = req
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
        text,
    }
}

/// A GET that must succeed; its body.
async fn read(app: &TestApp, path: &str, token: &str) -> Value {
    let a = app.get(path, token).await;
    assert_eq!(a.status, StatusCode::OK, "GET {path}: {a:?}");
    a.body
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn has_english(s: &str) -> bool {
    s.split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w.len() >= 2)
}

/// The fields a 422 names.
fn named(a: &Answer) -> Vec<String> {
    a.body["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str().map(String::from))
        .collect()
}

/// Why an answer to a bad request is wrong, if it is: the status is not one of `want`,
/// it is not a problem document in Chinese and English, or a 422 does not name `field`
/// (itself, or a path inside it).
fn judge(a: &Answer, want: &[u16], field: Option<&str>) -> Option<String> {
    let status = a.status.as_u16();
    if !want.contains(&status) {
        return Some(format!("wanted {want:?}"));
    }
    if !a.is_problem() {
        return Some("not a problem document".into());
    }
    let title = a.body["title"].as_str().unwrap_or("");
    let title_en = a.body["title_en"].as_str().unwrap_or("");
    if !has_chinese(title) || !has_english(title_en) {
        return Some("title not in Chinese and English".into());
    }
    if status != 422 {
        return None;
    }
    let errors = a.body["errors"].as_array().cloned().unwrap_or_default();
    if errors.is_empty() {
        return Some("a 422 without field errors".into());
    }
    for e in &errors {
        let message = e["message"].as_str().unwrap_or("");
        let message_en = e["message_en"].as_str().unwrap_or("");
        if !e["field"].is_string() || !e["code"].is_string() {
            return Some(format!("a field error without field or code: {e}"));
        }
        if !has_chinese(message) || !has_english(message_en) {
            return Some(format!("a field error not in Chinese and English: {e}"));
        }
    }
    let names = named(a);
    match field {
        Some(f)
            if !names
                .iter()
                .any(|n| n == f || n.starts_with(&format!("{f}/"))) =>
        {
            Some(format!("names {names:?}, not {f:?}"))
        }
        _ => None,
    }
}

/// A line of the failure report.
fn finding(db: &str, method: &str, path: &str, case: &str, a: &Answer, why: &str) -> String {
    let text: String = a.text.chars().take(300).collect();
    format!(
        "[{db}] {method} {path} — {case}: {why}; answered {} {text}",
        a.status.as_u16()
    )
}

/// The ETag the target has now.
async fn current_etag(app: &TestApp, r: &Route, token: &str) -> Option<String> {
    let path = match r.etag_of.as_ref()? {
        Tagging::Read(path) => path,
        Tagging::Fixed(tag) => return Some(tag.to_string()),
    };
    let a = app.get(path, token).await;
    assert_eq!(a.status, StatusCode::OK, "GET {path}: {a:?}");
    Some(a.etag())
}

/// Sends one bad request, with the `If-Match` it asks for.
async fn try_case(app: &TestApp, r: &Route, c: Case, token: &str) -> Answer {
    let current = current_etag(app, r, token).await;
    let tag = match (c.tag, &current) {
        (_, None) | (Tag::Missing, _) => None,
        (Tag::Current, Some(e)) => Some(e.clone()),
        (Tag::Weak, Some(e)) => Some(format!("W/{e}")),
        (Tag::Given(g), Some(_)) => Some(g.to_string()),
    };
    send(
        app,
        &r.method,
        &c.path,
        Some(token),
        c.content_type,
        c.body,
        tag.as_deref(),
    )
    .await
}

// ---------------------------------------------------------------------------------------
// Snapshots.

/// Everything readable that a write could change: the plans with their whole tree and
/// periods, items, units, reports with every version, accounts, and the history of
/// `touched`.
async fn snapshot(app: &TestApp, t: &Tokens, touched: &[(&str, i64)]) -> BTreeMap<String, Value> {
    let (office, admin) = (&t[OFFICE], &t[ADMIN]);
    let mut s = BTreeMap::new();
    let plans = read(app, "/api/v1/plans?per_page=500", office).await;
    for p in plans["items"].as_array().into_iter().flatten() {
        let path = format!("/api/v1/plans/{}/periods", id(p));
        s.insert(path.clone(), read(app, &path, office).await);
    }
    s.insert("/api/v1/plans".into(), plans);
    let reports = read(app, "/api/v1/reports?per_page=500", office).await;
    for r in reports["items"].as_array().into_iter().flatten() {
        let path = format!("/api/v1/reports/{}/versions", id(r));
        s.insert(path.clone(), read(app, &path, office).await);
    }
    for r in reports["items"].as_array().into_iter().flatten() {
        let path = format!("/api/v1/reports/{}/evidence?include_withdrawn=true", id(r));
        s.insert(path.clone(), read(app, &path, office).await);
    }
    s.insert("/api/v1/reports".into(), reports);
    let problems = read(app, "/api/v1/problems?per_page=500", office).await;
    for p in problems["items"].as_array().into_iter().flatten() {
        let path = format!("/api/v1/problems/{}/evidence?include_withdrawn=true", id(p));
        s.insert(path.clone(), read(app, &path, office).await);
    }
    s.insert("evidence files".into(), json!(app.evidence_files()));
    for path in [
        "/api/v1/units?per_page=500",
        "/api/v1/items?per_page=500",
        "/api/v1/problems?per_page=500",
    ] {
        s.insert(path.into(), read(app, path, office).await);
    }
    let users = "/api/v1/users?per_page=500";
    s.insert(users.into(), read(app, users, admin).await);
    for (entity, n) in touched {
        let path = format!("/api/v1/history/{entity}/{n}");
        s.insert(path.clone(), read(app, &path, office).await);
    }
    s
}

/// Where two JSON values differ, as paths, at most `limit` of them.
fn differences(a: &Value, b: &Value, at: &str, out: &mut Vec<String>, limit: usize) {
    if out.len() >= limit || a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let p = x.get(k).unwrap_or(&Value::Null);
                let q = y.get(k).unwrap_or(&Value::Null);
                differences(p, q, &format!("{at}/{k}"), out, limit);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (n, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, &format!("{at}/{n}"), out, limit);
            }
        }
        _ => {
            let short = |v: &Value| v.to_string().chars().take(100).collect::<String>();
            out.push(format!("{at}: {} → {}", short(a), short(b)));
        }
    }
}

/// What differs between two snapshots.
fn changes(before: &BTreeMap<String, Value>, after: &BTreeMap<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for k in keys {
        let a = before.get(k).unwrap_or(&Value::Null);
        let b = after.get(k).unwrap_or(&Value::Null);
        differences(a, b, k, &mut out, 12);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Running the table.

/// An app of `db`'s kind on a fresh database.
async fn fresh_like(db: &TestDb) -> TestApp {
    let db = match db.dialect() {
        Dialect::Sqlite => TestDb::sqlite().await,
        Dialect::Postgres => TestDb::postgres().await.expect("PostgreSQL is configured"),
    };
    spawn_app(db).await
}

/// An app with its fixture, tokens, and a snapshot taken before anything is tried.
struct Bench {
    app: TestApp,
    f: Fixture,
    tokens: Tokens,
    before: BTreeMap<String, Value>,
}

impl Bench {
    async fn on(app: TestApp) -> Bench {
        let tokens = log_in(&app).await;
        let f = fixture(&app, &tokens).await;
        let before = snapshot(&app, &tokens, &f.touched()).await;
        Bench {
            app,
            f,
            tokens,
            before,
        }
    }

    /// The `n`th route of the table, as this bench's fixture fills it.
    fn route(&self, n: usize) -> Route {
        routes(&self.f).swap_remove(n)
    }

    /// What changed since the bench was set up.
    async fn changes(&self) -> Vec<String> {
        changes(
            &self.before,
            &snapshot(&self.app, &self.tokens, &self.f.touched()).await,
        )
    }
}

/// The `n`th route of the table on a fresh database like `app`'s: every bad request,
/// then the snapshot, then the good request. A bad request that is accepted may have
/// written, so the rest of the route goes on on a fresh database.
async fn try_route(app: TestApp, n: usize, doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut bench = Bench::on(app).await;
    let count = cases(&bench.route(n), doc).len();
    for k in 0..count {
        let r = bench.route(n);
        let c = cases(&r, doc).swap_remove(k);
        let (name, path, want, field) = (c.name.clone(), c.path.clone(), c.want, c.field.clone());
        let a = try_case(&bench.app, &r, c, &bench.tokens[r.actor]).await;
        let (db, m) = (bench.app.db.to_string(), r.method.as_str());
        if let Some(why) = judge(&a, want, field.as_deref()) {
            out.push(finding(&db, m, &path, &name, &a, &why));
        }
        if a.status.is_success() {
            let changed = bench.changes().await;
            if !changed.is_empty() {
                let what = format!("accepted, and it wrote:\n    {}", changed.join("\n    "));
                out.push(finding(&db, m, &path, &name, &a, &what));
            }
            bench = Bench::on(fresh_like(&bench.app.db).await).await;
        }
    }
    let (r, db) = (bench.route(n), bench.app.db.to_string());
    let changed = bench.changes().await;
    if !changed.is_empty() {
        out.push(format!(
            "[{db}] bad input to {} changed what is stored:\n    {}",
            r.name(),
            changed.join("\n    ")
        ));
        return out;
    }
    // The good request is accepted: each bad one was refused for its one fault.
    let token = &bench.tokens[r.actor];
    let tag = current_etag(&bench.app, &r, token).await;
    let (body, content_type) = r.good_body();
    let a = send(
        &bench.app,
        &r.method,
        &r.target(),
        Some(token),
        content_type,
        body,
        tag.as_deref(),
    )
    .await;
    if !a.status.is_success() {
        let why = "the table's good request is refused";
        out.push(finding(
            &db,
            r.method.as_str(),
            &r.target(),
            "the good request",
            &a,
            why,
        ));
    }
    out
}

/// Login and token: only their bodies are checked here.
async fn try_login(app: &TestApp, path: &str) -> Vec<String> {
    let db = app.db.to_string();
    let valid = json!({"username": "lingdao", "password": "lingdao-demo-2019"});
    let required = ["username".to_string(), "password".to_string()];
    let mut cases = body_cases(path, &valid, &required, 2);
    cases.push(
        Case::json(
            "a number for the username",
            path,
            &with(&valid, json!({"username": 1})),
            &[422],
        )
        .naming("username"),
    );
    cases.push(
        Case::json(
            "a list for the password",
            path,
            &with(&valid, json!({"password": ["x"]})),
            &[422],
        )
        .naming("password"),
    );
    cases.push(Case::json(
        "the credentials as an array",
        path,
        &json!(["lingdao", "lingdao-demo-2019"]),
        &[422],
    ));
    let mut out = Vec::new();
    for c in cases {
        let (name, want, field) = (c.name.clone(), c.want, c.field.clone());
        let a = send(app, &Method::POST, path, None, c.content_type, c.body, None).await;
        if let Some(why) = judge(&a, want, field.as_deref()) {
            out.push(finding(&db, "POST", path, &name, &a, &why));
        }
    }
    out
}

/// Confirming a second factor: the body checks, then a code of the secret just given,
/// which is taken.
async fn try_confirm(app: &TestApp) -> Vec<String> {
    use duban_domain::totp::{Secret, code_at, step_at};
    let db = app.db.to_string();
    let path = "/api/v1/me/second-factor/confirm";
    let token = app.token("pinggu").await;
    let started = app
        .call(
            Method::POST,
            "/api/v1/me/second-factor",
            Some(&token),
            None,
            &[],
        )
        .await;
    let Some(secret) = started.body["secret"]
        .as_str()
        .and_then(Secret::from_base32)
    else {
        return vec![format!("[{db}] no second factor to confirm: {started:?}")];
    };
    let valid = json!({"code": "123456"});
    let mut cases = body_cases(path, &valid, &["code".to_string()], 1);
    cases.push(
        Case::json(
            "a number for the code",
            path,
            &json!({"code": 123_456}),
            &[422],
        )
        .naming("code"),
    );
    cases.push(Case::json("a wrong code", path, &valid, &[422]).naming("code"));
    let mut out = Vec::new();
    for c in cases {
        let (name, want, field) = (c.name.clone(), c.want, c.field.clone());
        let a = send(
            app,
            &Method::POST,
            path,
            Some(&token),
            c.content_type,
            c.body,
            None,
        )
        .await;
        if let Some(why) = judge(&a, want, field.as_deref()) {
            out.push(finding(&db, "POST", path, &name, &a, &why));
        }
    }
    let good = json!({"code": code_at(&secret, step_at(app.clock.now_ms()))});
    let a = app.post(path, &token, good).await;
    if a.status != StatusCode::NO_CONTENT {
        out.push(finding(
            &db,
            "POST",
            path,
            "the good request",
            &a,
            "refused",
        ));
    }
    out
}

/// The write routes the document lists that the table does not cover, the table's
/// routes the document does not list, and routes whose `If-Match` the two disagree on.
fn coverage(doc: &Value, table: &[Route]) -> Vec<String> {
    let mut documented = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for method in ops.as_object().expect("operations").keys() {
            if ["post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    let auth = AUTH_WRITES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()));
    let covered: BTreeSet<(String, String)> = table.iter().map(Route::key).chain(auth).collect();
    let mut out: Vec<String> = documented
        .difference(&covered)
        .map(|(m, p)| format!("{m} {p} is a write route the table does not cover"))
        .collect();
    out.extend(
        covered
            .difference(&documented)
            .map(|(m, p)| format!("{m} {p} is in the table but not in the document")),
    );
    for r in table {
        let (m, p) = r.key();
        if documents_if_match(doc, &m, &p) != r.etag_of.is_some() {
            out.push(format!(
                "{m} {p}: the document and the table disagree on If-Match"
            ));
        }
    }
    out
}

fn fail_with(findings: &[String]) {
    assert!(
        findings.is_empty(),
        "{} finding(s):\n{}",
        findings.len(),
        findings.join("\n")
    );
}

async fn openapi(app: &TestApp) -> Value {
    let a = app
        .call(Method::GET, "/api/v1/openapi.json", None, None, &[])
        .await;
    assert_eq!(a.status, StatusCode::OK, "{a:?}");
    a.body
}

// ---------------------------------------------------------------------------------------
// The tests.

/// How many routes are tried at once, each on databases of its own.
const LANES: usize = 3;

#[tokio::test(flavor = "multi_thread")]
async fn malformed_or_wrong_input_to_any_write_route_is_refused_and_changes_nothing() {
    let mut findings = Vec::new();
    let mut doc = Value::Null;
    let mut count = 0;
    for app in apps().await {
        doc = openapi(&app).await;
        let f = fixture(&app, &log_in(&app).await).await;
        let table = routes(&f);
        count = table.len();
        let db = &app.db;
        findings.extend(coverage(&doc, &table).iter().map(|x| format!("[{db}] {x}")));
        for path in ["/api/v1/auth/login", "/api/v1/auth/token"] {
            findings.extend(try_login(&app, path).await);
        }
        findings.extend(try_confirm(&app).await);
    }
    let doc = Arc::new(doc);
    let lanes = Arc::new(Semaphore::new(LANES));
    let mut tasks = JoinSet::new();
    for n in 0..count {
        let (doc, lanes) = (doc.clone(), lanes.clone());
        tasks.spawn(async move {
            let _lane = lanes.acquire_owned().await.expect("lanes stay open");
            let mut out = Vec::new();
            for app in apps().await {
                out.extend(try_route(app, n, &doc).await);
            }
            out
        });
    }
    while let Some(done) = tasks.join_next().await {
        findings.extend(done.expect("a route's task panicked"));
    }
    findings.sort();
    fail_with(&findings);
}

/// One input the domain refuses, and the fields its 422 must name.
struct Refusal {
    who: &'static str,
    method: Method,
    path: String,
    /// Where the target's ETag is read, for changes.
    etag_of: Option<String>,
    body: Value,
    fields: Vec<&'static str>,
}

fn refusal(who: &'static str, path: String, body: Value, fields: &[&'static str]) -> Refusal {
    Refusal {
        who,
        method: Method::POST,
        path,
        etag_of: None,
        body,
        fields: fields.to_vec(),
    }
}

impl Refusal {
    fn changing(mut self, method: Method, etag_of: String) -> Refusal {
        self.method = method;
        self.etag_of = Some(etag_of);
        self
    }

    /// Why the answer is wrong, if it is: not the invalid-input problem, or its errors
    /// do not name exactly `fields` in Chinese and English.
    async fn check(&self, app: &TestApp, t: &Tokens) -> Option<String> {
        let token = &t[self.who];
        let tag = match &self.etag_of {
            Some(p) => Some(app.get(p, token).await.etag()),
            None => None,
        };
        let body = serde_json::to_vec(&self.body).expect("json");
        let json = Some("application/json");
        let a = send(
            app,
            &self.method,
            &self.path,
            Some(token),
            json,
            body,
            tag.as_deref(),
        )
        .await;
        let mut names = named(&a);
        let mut wanted: Vec<String> = self.fields.iter().map(|f| f.to_string()).collect();
        names.sort();
        wanted.sort();
        let why = judge(&a, &[422], self.fields.first().copied())
            .or_else(|| (names != wanted).then(|| format!("names {names:?}, wanted {wanted:?}")))
            .or_else(|| {
                (a.body["code"] != "invalid"
                    || a.body["title"] != "输入有误"
                    || a.body["title_en"] != "Invalid input")
                    .then(|| "not the invalid-input problem".to_string())
            })?;
        let db = app.db.to_string();
        let case = self.body.to_string();
        Some(finding(
            &db,
            self.method.as_str(),
            &self.path,
            &case,
            &a,
            &why,
        ))
    }
}

#[tokio::test]
async fn validation_errors_name_the_field_in_chinese_and_english() {
    let mut findings = Vec::new();
    for app in apps().await {
        let t = log_in(&app).await;
        let f = fixture(&app, &t).await;
        let before = snapshot(&app, &t, &f.touched()).await;
        let indicators = format!("/api/v1/items/{}/indicators", f.regional_item);
        let periods = format!("/api/v1/plans/{}/periods", f.plan);
        let stage = f.returned_figures[0]["indicator_id"].clone();
        let to_return = format!("/api/v1/reports/{}", f.to_return);
        let checks = [
            refusal(
                OFFICE,
                indicators.clone(),
                json!({"name": "新指标", "kind": "bogus"}),
                &["kind"],
            ),
            refusal(
                OFFICE,
                indicators.clone(),
                json!({"name": " ", "kind": "bogus", "decimals": 9}),
                &["name", "kind", "decimals"],
            ),
            refusal(
                OFFICE,
                indicators,
                json!({"name": "新指标", "kind": "cumulative", "target": -1}),
                &["target"],
            ),
            refusal(
                OFFICE,
                periods.clone(),
                json!({"label": "2019-13"}),
                &["label"],
            ),
            refusal(
                OFFICE,
                periods,
                json!({"label": "2019-07", "cutoff": "2019-02-30"}),
                &["cutoff"],
            ),
            refusal(
                REPORTER,
                "/api/v1/reports".into(),
                json!({"period_id": f.new_period, "item_id": f.returned_item,
                       "figures": [{"indicator_id": stage, "stage": "不在阶段表中"}]}),
                &["figures/0/stage"],
            ),
            refusal(
                REPORTER,
                format!("/api/v1/reports/{}", f.returned),
                json!({"figures": [{"indicator_id": stage, "value": 3}]}),
                &["figures/0/value", "figures/0/stage"],
            )
            .changing(Method::PATCH, format!("/api/v1/reports/{}", f.returned)),
            refusal(
                OFFICE,
                format!("{to_return}/return"),
                json!({}),
                &["comment"],
            )
            .changing(Method::POST, to_return),
            refusal(
                OFFICE,
                "/api/v1/plans".into(),
                json!({"year": 1999, "title": "1999年"}),
                &["year"],
            ),
            refusal(
                OFFICE,
                "/api/v1/units".into(),
                json!({"code": "new-unit", "name": "新单位", "kind": "bogus"}),
                &["kind"],
            ),
            refusal(
                OFFICE,
                "/api/v1/items".into(),
                json!({"area_id": f.area, "number": 21, "title": "新实事",
                       "lead_unit_id": f.yibao, "region_ids": [f.yibao]}),
                &["region_ids"],
            ),
            refusal(
                ADMIN,
                "/api/v1/users".into(),
                json!({"username": "new-user", "display_name": "新用户", "role": "bogus",
                       "password": "short"}),
                &["role", "password"],
            ),
            refusal(
                ADMIN,
                "/api/v1/users".into(),
                json!({"username": "new-user", "display_name": "新用户", "role": "office",
                       "password": "Spring-Report-2019", "mobile": "1381234123",
                       "id_number": "110105194912310021"}),
                &["mobile", "id_number"],
            ),
            refusal(
                LEADER,
                "/api/v1/me/password".into(),
                json!({"current_password": "lingdao-demo-2019", "new_password": "short"}),
                &["new_password"],
            ),
        ];
        for c in &checks {
            findings.extend(c.check(&app, &t).await);
        }
        let changed = changes(&before, &snapshot(&app, &t, &f.touched()).await);
        if !changed.is_empty() {
            findings.push(format!(
                "[{}] refused input changed what is stored:\n    {}",
                app.db,
                changed.join("\n    ")
            ));
        }
    }
    fail_with(&findings);
}

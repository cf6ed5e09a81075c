//! Bad input to any write route gets a 4xx problem document and changes nothing:
//! malformed JSON, JSON of the wrong type, unknown ids in the path or the body, bodies
//! over 1 MiB, bodies that are not JSON, and a missing, stale or unreadable `If-Match`.
//!
//! The write routes are taken from the served OpenAPI document; one the table below does
//! not cover fails the test. Each route is tried by the actor allowed to use it, on an
//! object that exists, and every bad request differs from a request the route accepts in
//! one thing only. After the barrage everything readable is compared with before, and
//! then the good requests are sent once, to prove they would have been accepted.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use common::{Answer, TestApp, apps};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// An id no row has.
const UNKNOWN: i64 = 999_999;

/// Ids in the path that are not ids at all.
const NOT_IDS: [&str; 4] = ["0", "-1", "abc", "99999999999999999999"];

/// Write routes with checks of their own: logging in and out. Login and token get the
/// body checks here; logout takes no body.
const AUTH_WRITES: [(&str, &str); 3] = [
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/token"),
    ("POST", "/api/v1/auth/logout"),
];

/// The demo accounts the table uses, by role.
const OFFICE: &str = "ducha";
const REPORTER: &str = "yibao-tb";
const ADMIN: &str = "xitong";
/// Changes its own password; nobody else in these tests logs in as it.
const LEADER: &str = "lingdao";

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
    etag_of: Option<String>,
    /// A body the route accepts as things stand.
    valid: Value,
    /// Bodies with a field of the wrong type, and the field the 422 must name.
    wrong: Vec<(Value, &'static str)>,
    /// Bodies naming an id that does not exist, and the field.
    unknown: Vec<(Value, &'static str)>,
    /// Like `unknown`, for a unit the actor may not act for anyway: 403 is right too.
    stranger: Vec<(Value, &'static str)>,
}

impl Route {
    fn new(method: Method, template: &'static str, actor: &'static str, valid: Value) -> Route {
        Route {
            method,
            template,
            actor,
            id: None,
            etag_of: None,
            valid,
            wrong: Vec::new(),
            unknown: Vec::new(),
            stranger: Vec::new(),
        }
    }

    /// The target in the path.
    fn on(mut self, id: i64) -> Route {
        self.id = Some(id);
        self
    }

    /// The route needs `If-Match` with the ETag read at `path`.
    fn if_match(mut self, path: String) -> Route {
        self.etag_of = Some(path);
        self
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

    fn path(&self, id: &str) -> String {
        self.template.replace("{id}", id)
    }

    fn target(&self) -> String {
        self.path(&self.id.map(|i| i.to_string()).unwrap_or_default())
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
    /// 特殊教育学校建设: an item with regions, and its regional stage indicator.
    regional_item: i64,
    regional_indicator: i64,
    /// One of the regional item's regions.
    region: i64,
    /// Reports of 市医疗保障局: one returned (for editing and submitting), two
    /// submitted (one to approve, one to return).
    returned: i64,
    returned_figures: Value,
    to_approve: i64,
    to_return: i64,
    /// The unit whose reporter is `REPORTER`.
    yibao: i64,
    /// A unit to rename.
    unit: i64,
    /// An account to disable.
    account: i64,
}

impl Fixture {
    /// The plan objects the routes target, whose history must not move.
    fn touched(&self) -> Vec<(&'static str, i64)> {
        vec![
            ("unit", self.unit),
            ("unit", self.yibao),
            ("plan", self.plan),
            ("area", self.area),
            ("item", self.item),
            ("item", self.regional_item),
            ("indicator", self.regional_indicator),
            ("indicator", self.numeric_indicator),
            ("period", self.period),
            ("period", self.new_period),
        ]
    }
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

/// Finds the demo objects, and returns, resubmits and opens what the actions need. All
/// of it happens before the first snapshot.
async fn fixture(app: &TestApp) -> Fixture {
    let office = app.token(OFFICE).await;
    let reporter = app.token(REPORTER).await;
    let plans = read(app, "/api/v1/plans", &office).await;
    let plan = &plans["items"][0];
    let item_titled = |title: &str| {
        items_of(plan)
            .find(|i| i["title"] == title)
            .unwrap_or_else(|| panic!("no item {title}"))
            .clone()
    };
    let item = item_titled("异地就医联网结算");
    let regional_item = item_titled("特殊教育学校建设");
    let regional_indicator = regional_item["indicators"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["regions"].as_array().is_some_and(|r| !r.is_empty()))
        .expect("a regional indicator")
        .clone();
    let opened = app
        .post(
            &format!("/api/v1/plans/{}/periods", id(plan)),
            &office,
            json!({"label": "2019-06"}),
        )
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{opened:?}");

    // The reporter's reports on its five items, all approved by the seed.
    let mine = read(app, "/api/v1/reports?per_page=500", &reporter).await;
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
        !staged.is_empty() && judged.len() >= 2,
        "the seed's reports changed"
    );
    let returned = id(&staged[0]);
    let (to_approve, to_return) = (id(&judged[0]), id(&judged[1]));
    for r in [returned, to_approve, to_return] {
        let path = format!("/api/v1/reports/{r}");
        let cur = app.get(&path, &office).await;
        let back = app
            .change(
                Method::POST,
                &format!("{path}/return"),
                &office,
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
                    &reporter,
                    &back.etag(),
                    json!({}),
                )
                .await;
            assert_eq!(sent.status, StatusCode::OK, "submit {r}: {sent:?}");
        }
    }
    let returned_figures = app
        .get(&format!("/api/v1/reports/{returned}"), &reporter)
        .await
        .body["figures"]
        .clone();
    Fixture {
        plan: id(plan),
        period: plan["period"]["id"].as_i64().expect("period"),
        new_period: id(&opened.body),
        area: item["area_id"].as_i64().expect("area"),
        item: id(&item),
        numeric_indicator: id(&item["indicators"][0]),
        regional_item: id(&regional_item),
        regional_indicator: id(&regional_indicator),
        region: regional_item["region_ids"][0].as_i64().expect("region"),
        returned,
        returned_figures,
        to_approve,
        to_return,
        yibao: app.unit("yibao"),
        unit: app.unit("disanfang"),
        account: app.loaded.accounts["yibao-sh"].0,
    }
}

/// Every write route but logging in and out, in the order the good requests can be sent.
fn routes(f: &Fixture) -> Vec<Route> {
    let u = UNKNOWN;
    let unit = json!({"code": "shenji", "name": "市审计局", "kind": "department"});
    let user = json!({
        "username": "shenji-tb", "display_name": "市审计局填报员", "role": "reporter",
        "unit_id": f.yibao, "password": "shenji-demo-2019",
    });
    let item = json!({
        "area_id": f.area, "number": 21, "title": "医保电子凭证推广", "lead_unit_id": f.yibao,
    });
    let indicator =
        json!({"name": "新增特殊教育学位", "kind": "cumulative", "unit": "个", "target": 500});
    let report = json!({
        "period_id": f.new_period, "item_id": f.item,
        "figures": [{"indicator_id": f.numeric_indicator, "value": 60}],
    });
    let figure = |x: Value| json!({"figures": [x]});
    vec![
        Route::new(Method::POST, "/api/v1/units", OFFICE, unit.clone())
            .wrong(with(&unit, json!({"code": 7})), "code")
            .wrong(with(&unit, json!({"seq": "1"})), "seq")
            .wrong(with(&unit, json!({"active": 1})), "active")
            .unknown(with(&unit, json!({"parent_id": u})), "parent_id"),
        Route::new(
            Method::PATCH,
            "/api/v1/units/{id}",
            OFFICE,
            json!({"name": "第三方评估机构"}),
        )
        .on(f.unit)
        .if_match(format!("/api/v1/units/{}", f.unit))
        .wrong(json!({"name": ["第三方"]}), "name")
        .wrong(json!({"seq": 1.5}), "seq")
        .wrong(json!({"clear_parent": "yes"}), "clear_parent")
        .unknown(json!({"parent_id": u}), "parent_id"),
        Route::new(Method::POST, "/api/v1/users", ADMIN, user.clone())
            .wrong(with(&user, json!({"username": 7})), "username")
            .wrong(with(&user, json!({"unit_id": f.yibao.to_string()})), "unit_id")
            .wrong(with(&user, json!({"password": 123_456_789_012_i64})), "password")
            .unknown(with(&user, json!({"unit_id": u})), "unit_id"),
        Route::new(
            Method::PATCH,
            "/api/v1/users/{id}",
            ADMIN,
            json!({"active": false}),
        )
        .on(f.account)
        .if_match(format!("/api/v1/users/{}", f.account))
        .wrong(json!({"active": "no"}), "active")
        .wrong(json!({"password": 123_456_789_012_i64}), "password"),
        Route::new(
            Method::POST,
            "/api/v1/plans",
            OFFICE,
            json!({"year": 2020, "title": "2020年重点民生实事"}),
        )
        .wrong(json!({"year": "2020", "title": "2020年重点民生实事"}), "year")
        .wrong(json!({"year": 2020, "title": 2020}), "title")
        .wrong(
            json!({"year": 2020, "title": "2020年", "lagging_threshold": "10"}),
            "lagging_threshold",
        ),
        Route::new(
            Method::PATCH,
            "/api/v1/plans/{id}",
            OFFICE,
            json!({"title": "2019年20项重点民生实事(修订)"}),
        )
        .on(f.plan)
        .if_match(format!("/api/v1/plans/{}?view=summary", f.plan))
        .wrong(json!({"year": "2019"}), "year")
        .wrong(json!({"state": 1}), "state")
        .wrong(json!({"serious_threshold": true}), "serious_threshold"),
        Route::new(
            Method::POST,
            "/api/v1/plans/{id}/areas",
            OFFICE,
            json!({"title": "住房保障方面"}),
        )
        .on(f.plan)
        .wrong(json!({"title": 7}), "title")
        .wrong(json!({"seq": "7", "title": "住房保障方面"}), "seq"),
        Route::new(
            Method::PATCH,
            "/api/v1/areas/{id}",
            OFFICE,
            json!({"title": "医疗保障"}),
        )
        .on(f.area)
        .if_match(format!("/api/v1/areas/{}", f.area))
        .wrong(json!({"seq": 1.5}), "seq")
        .wrong(json!({"title": {"zh": "医疗保障"}}), "title"),
        Route::new(Method::POST, "/api/v1/items", OFFICE, item.clone())
            .wrong(with(&item, json!({"number": "21"})), "number")
            .wrong(with(&item, json!({"co_unit_ids": f.yibao})), "co_unit_ids")
            .wrong(
                with(&item, json!({"region_ids": [f.region.to_string()]})),
                "region_ids/0",
            )
            .unknown(with(&item, json!({"area_id": u})), "area_id")
            .unknown(with(&item, json!({"lead_unit_id": u})), "lead_unit_id")
            .unknown(with(&item, json!({"co_unit_ids": [u]})), "co_unit_ids")
            .unknown(with(&item, json!({"region_ids": [u]})), "region_ids"),
        Route::new(
            Method::PATCH,
            "/api/v1/items/{id}",
            OFFICE,
            json!({"leader": "分管副市长"}),
        )
        .on(f.item)
        .if_match(format!("/api/v1/items/{}", f.item))
        .wrong(json!({"number": true}), "number")
        .wrong(json!({"leader": 1}), "leader")
        .wrong(json!({"co_unit_ids": [true]}), "co_unit_ids/0")
        .unknown(json!({"area_id": u}), "area_id")
        .unknown(json!({"lead_unit_id": u}), "lead_unit_id")
        .unknown(json!({"co_unit_ids": [u]}), "co_unit_ids")
        .unknown(json!({"region_ids": [u]}), "region_ids"),
        Route::new(
            Method::POST,
            "/api/v1/items/{id}/indicators",
            OFFICE,
            indicator.clone(),
        )
        .on(f.regional_item)
        .wrong(with(&indicator, json!({"target": "500"})), "target")
        .wrong(with(&indicator, json!({"decimals": "2"})), "decimals")
        .wrong(with(&indicator, json!({"quarterly": [1, 2, 3]})), "quarterly")
        .wrong(
            with(&indicator, json!({"regions": [{"region_id": f.region.to_string()}]})),
            "regions/0/region_id",
        )
        .unknown(
            with(&indicator, json!({"regions": [{"region_id": u, "target": 500}]})),
            "regions/0/region_id",
        ),
        Route::new(
            Method::PATCH,
            "/api/v1/indicators/{id}",
            OFFICE,
            json!({"name": "特殊教育学校建设进度(含改扩建)"}),
        )
        .on(f.regional_indicator)
        .if_match(format!("/api/v1/indicators/{}", f.regional_indicator))
        .wrong(json!({"stages": "规划设计"}), "stages")
        .wrong(json!({"decimals": 1.5}), "decimals")
        .wrong(json!({"target": "5"}), "target")
        .wrong(json!({"regions": [{"region_id": "3"}]}), "regions/0/region_id")
        .unknown(json!({"regions": [{"region_id": u}]}), "regions/0/region_id"),
        Route::new(
            Method::POST,
            "/api/v1/plans/{id}/periods",
            OFFICE,
            json!({"label": "2019-07"}),
        )
        .on(f.plan)
        .wrong(json!({"label": 201_907}), "label")
        .wrong(json!({"label": "2019-07", "spending": "248.2"}), "spending")
        .wrong(json!({"label": "2019-07", "cutoff": 20_190_731}), "cutoff"),
        Route::new(
            Method::PATCH,
            "/api/v1/periods/{id}",
            OFFICE,
            json!({"spending": 250}),
        )
        .on(f.period)
        .if_match(format!("/api/v1/periods/{}", f.period))
        .wrong(json!({"state": false}), "state")
        .wrong(json!({"deadline": 20_190_605}), "deadline")
        .wrong(json!({"growth_pct": [8]}), "growth_pct"),
        Route::new(Method::POST, "/api/v1/reports", REPORTER, report.clone())
            .wrong(with(&report, json!({"period_id": "6"})), "period_id")
            .wrong(with(&report, json!({"figures": {}})), "figures")
            .wrong(
                with(
                    &report,
                    figure(json!({"indicator_id": f.numeric_indicator, "value": "60"})),
                ),
                "figures/0/value",
            )
            .wrong(with(&report, json!({"narrative": 5})), "narrative")
            .unknown(with(&report, json!({"period_id": u})), "period_id")
            .unknown(with(&report, json!({"item_id": u})), "item_id")
            .unknown(
                with(&report, figure(json!({"indicator_id": u, "value": 60}))),
                "figures/0/indicator_id",
            )
            .unknown(
                with(
                    &report,
                    figure(json!({"indicator_id": f.numeric_indicator, "region_id": u, "value": 60})),
                ),
                "figures/0/region_id",
            )
            .stranger(with(&report, json!({"unit_id": u})), "unit_id"),
        Route::new(
            Method::PATCH,
            "/api/v1/reports/{id}",
            REPORTER,
            json!({"figures": f.returned_figures, "narrative": "已核实"}),
        )
        .on(f.returned)
        .if_match(format!("/api/v1/reports/{}", f.returned))
        .wrong(json!({"narrative": 1}), "narrative")
        .wrong(
            figure(json!({"indicator_id": f.returned_figures[0]["indicator_id"].to_string()})),
            "figures/0/indicator_id",
        )
        .unknown(
            figure(json!({"indicator_id": u, "stage": "x"})),
            "figures/0/indicator_id",
        )
        .unknown(
            figure(with(&f.returned_figures[0], json!({"region_id": u}))),
            "figures/0/region_id",
        ),
        Route::new(
            Method::POST,
            "/api/v1/reports/{id}/submit",
            REPORTER,
            json!({}),
        )
        .on(f.returned)
        .if_match(format!("/api/v1/reports/{}", f.returned))
        .wrong(json!({"comment": 1}), "comment"),
        Route::new(
            Method::POST,
            "/api/v1/reports/{id}/approve",
            OFFICE,
            json!({"comment": "同意"}),
        )
        .on(f.to_approve)
        .if_match(format!("/api/v1/reports/{}", f.to_approve))
        .wrong(json!({"comment": ["同意"]}), "comment"),
        Route::new(
            Method::POST,
            "/api/v1/reports/{id}/return",
            OFFICE,
            json!({"comment": "请补充说明"}),
        )
        .on(f.to_return)
        .if_match(format!("/api/v1/reports/{}", f.to_return))
        .wrong(json!({"comment": 1}), "comment"),
        Route::new(
            Method::POST,
            "/api/v1/me/password",
            LEADER,
            json!({"current_password": "lingdao-demo-2019", "new_password": "lingdao-changed-2019"}),
        )
        .wrong(
            json!({"current_password": 2019, "new_password": "lingdao-changed-2019"}),
            "current_password",
        )
        .wrong(
            json!({"current_password": "lingdao-demo-2019", "new_password": null}),
            "new_password",
        ),
    ]
}

// ---------------------------------------------------------------------------------------
// Sending requests and judging answers.

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

/// The request body's schema in the document.
fn body_schema<'a>(doc: &'a Value, method: &str, path: &str) -> Option<&'a Value> {
    let op = &doc["paths"][path][method.to_ascii_lowercase()];
    let r = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str()?;
    doc["components"]["schemas"].get(r.rsplit('/').next()?)
}

/// Whether the document says the route needs `If-Match`.
fn documents_if_match(doc: &Value, method: &str, path: &str) -> bool {
    doc["paths"][path][method.to_ascii_lowercase()]["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|p| p["in"] == "header" && p["name"].as_str() == Some("If-Match"))
}

/// Every bad request for a route, each differing from the good one in one thing.
fn cases(r: &Route, doc: &Value) -> Vec<Case> {
    let m = r.method.as_str();
    let path = r.target();
    let schema = body_schema(doc, m, r.template);
    let fields = schema
        .and_then(|s| s["properties"].as_object())
        .map_or(1, |p| p.len().max(1));
    let mut v = vec![
        Case::raw("malformed JSON", &path, b"{\"a\":".to_vec(), &[400]),
        Case::raw(
            "trailing garbage",
            &path,
            {
                let mut b = serde_json::to_vec(&r.valid).expect("json");
                b.extend(b"}x");
                b
            },
            &[400],
        ),
        Case::json("an empty array for the object", &path, &json!([]), &[422]),
        Case::json(
            "an array of nulls for the object",
            &path,
            &Value::Array(vec![Value::Null; fields]),
            &[422],
        ),
        Case::json("a string for the object", &path, &json!("{}"), &[422]),
        Case::json("a number for the object", &path, &json!(42), &[422]),
        Case::json(
            "an unknown field",
            &path,
            &with(&r.valid, json!({"bogus": 1})),
            &[422],
        )
        .naming("bogus"),
    ];
    for (body, field) in &r.wrong {
        v.push(Case::json(format!("wrong type of {field}"), &path, body, &[422]).naming(field));
    }
    let required = schema
        .and_then(|s| s["required"].as_array())
        .into_iter()
        .flatten()
        .filter_map(Value::as_str);
    for field in required {
        if r.valid.get(field).is_some() {
            v.push(
                Case::json(
                    format!("missing {field}"),
                    &path,
                    &without(&r.valid, field),
                    &[422],
                )
                .naming(field),
            );
        }
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
        v.push(Case::json(
            "unknown id in the path",
            &r.path(&UNKNOWN.to_string()),
            &r.valid,
            &[404],
        ));
        for bad in NOT_IDS {
            v.push(Case::json(
                format!("path id {bad}"),
                &r.path(bad),
                &r.valid,
                &[400, 404],
            ));
        }
    }
    v.push(Case::raw(
        "a body over 1 MiB",
        &path,
        oversized(&r.valid),
        &[413],
    ));
    v.push(
        Case::json("content-type text/plain", &path, &r.valid, &[415]).typed(Some("text/plain")),
    );
    v.push(Case::json("no content-type", &path, &r.valid, &[415]).typed(None));
    v.push(
        Case::json("content-type form", &path, &r.valid, &[415])
            .typed(Some("application/x-www-form-urlencoded")),
    );
    if r.etag_of.is_some() {
        v.push(Case::json("no If-Match", &path, &r.valid, &[428]).tagged(Tag::Missing));
        v.push(
            Case::json("stale If-Match \"v999\"", &path, &r.valid, &[412])
                .tagged(Tag::Given("\"v999\"")),
        );
        v.push(
            Case::json("garbage If-Match abc", &path, &r.valid, &[412]).tagged(Tag::Given("abc")),
        );
        v.push(
            Case::json("unquoted If-Match v1", &path, &r.valid, &[412]).tagged(Tag::Given("v1")),
        );
        v.push(Case::json("weak If-Match", &path, &r.valid, &[412]).tagged(Tag::Weak));
    }
    v
}

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

/// Why an answer to a bad request is wrong, if it is: the status is not one of `want`,
/// it is not a bilingual problem document, or a 422 does not name `field`.
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
            return Some(format!("field error without field or code: {e}"));
        }
        if !has_chinese(message) || !has_english(message_en) {
            return Some(format!("field error not in Chinese and English: {e}"));
        }
    }
    let named: Vec<&str> = errors.iter().filter_map(|e| e["field"].as_str()).collect();
    match field {
        Some(f)
            if !named
                .iter()
                .any(|n| *n == f || n.starts_with(&format!("{f}/"))) =>
        {
            Some(format!("names {named:?}, not {f:?}"))
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
    let path = r.etag_of.as_ref()?;
    let a = app.get(path, token).await;
    assert_eq!(a.status, StatusCode::OK, "GET {path}: {a:?}");
    Some(a.etag())
}

/// Sends every bad request for a route; what went wrong.
async fn barrage(app: &TestApp, r: &Route, token: &str, doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let db = app.db.to_string();
    for c in cases(r, doc) {
        let current = current_etag(app, r, token).await;
        let tag = match (c.tag, &current) {
            (_, None) | (Tag::Missing, _) => None,
            (Tag::Current, Some(e)) => Some(e.clone()),
            (Tag::Weak, Some(e)) => Some(format!("W/{e}")),
            (Tag::Given(g), Some(_)) => Some(g.to_string()),
        };
        let a = send(
            app,
            &r.method,
            &c.path,
            Some(token),
            c.content_type,
            c.body,
            tag.as_deref(),
        )
        .await;
        if let Some(why) = judge(&a, c.want, c.field.as_deref()) {
            out.push(finding(&db, r.method.as_str(), &c.path, &c.name, &a, &why));
        }
    }
    out
}

/// Login and token: only their bodies are checked here.
async fn auth_barrage(app: &TestApp, path: &str) -> Vec<String> {
    let db = app.db.to_string();
    let valid = json!({"username": "lingdao", "password": "lingdao-demo-2019"});
    let cases = [
        Case::raw("malformed JSON", path, b"{\"username\":".to_vec(), &[400]),
        Case::json("an empty array", path, &json!([]), &[422]),
        Case::json(
            "an array of strings",
            path,
            &json!(["lingdao", "lingdao-demo-2019"]),
            &[422],
        ),
        Case::json(
            "a number for the username",
            path,
            &json!({"username": 1, "password": "lingdao-demo-2019"}),
            &[422],
        )
        .naming("username"),
        Case::json(
            "a list for the password",
            path,
            &json!({"username": "lingdao", "password": ["lingdao-demo-2019"]}),
            &[422],
        )
        .naming("password"),
        Case::json(
            "missing password",
            path,
            &without(&valid, "password"),
            &[422],
        )
        .naming("password"),
        Case::json(
            "an unknown field",
            path,
            &with(&valid, json!({"bogus": 1})),
            &[422],
        )
        .naming("bogus"),
        Case::raw("a body over 1 MiB", path, oversized(&valid), &[413]),
        Case::json("content-type text/plain", path, &valid, &[415]).typed(Some("text/plain")),
        Case::json("no content-type", path, &valid, &[415]).typed(None),
    ];
    let mut out = Vec::new();
    for c in cases {
        let a = send(app, &Method::POST, path, None, c.content_type, c.body, None).await;
        if let Some(why) = judge(&a, c.want, c.field.as_deref()) {
            out.push(finding(&db, "POST", path, &c.name, &a, &why));
        }
    }
    out
}

/// The write routes the document lists that the table does not cover, and the table's
/// routes the document does not list; and routes whose `If-Match` the two disagree on.
fn coverage(doc: &Value, table: &[Route]) -> Vec<String> {
    let mut documented = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for method in ops.as_object().expect("operations").keys() {
            if ["post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    let covered: BTreeSet<(String, String)> = table
        .iter()
        .map(Route::key)
        .chain(
            AUTH_WRITES
                .iter()
                .map(|(m, p)| (m.to_string(), p.to_string())),
        )
        .collect();
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

// ---------------------------------------------------------------------------------------
// Snapshots.

/// Everything readable that a write could change: the plans with their whole tree and
/// periods, items, units, reports with every version, accounts, and the history of the
/// objects the routes target.
async fn snapshot(app: &TestApp, touched: &[(&str, i64)]) -> BTreeMap<String, Value> {
    let office = app.token(OFFICE).await;
    let admin = app.token(ADMIN).await;
    let mut s = BTreeMap::new();
    let plans = read(app, "/api/v1/plans?per_page=500", &office).await;
    for p in plans["items"].as_array().into_iter().flatten() {
        let path = format!("/api/v1/plans/{}/periods", id(p));
        s.insert(path.clone(), read(app, &path, &office).await);
    }
    s.insert("plans".into(), plans);
    let reports = read(app, "/api/v1/reports?per_page=500", &office).await;
    for r in reports["items"].as_array().into_iter().flatten() {
        let path = format!("/api/v1/reports/{}/versions", id(r));
        s.insert(path.clone(), read(app, &path, &office).await);
    }
    s.insert("reports".into(), reports);
    for path in ["/api/v1/units?per_page=500", "/api/v1/items?per_page=500"] {
        s.insert(path.into(), read(app, path, &office).await);
    }
    let users = "/api/v1/users?per_page=500";
    s.insert(users.into(), read(app, users, &admin).await);
    for (entity, n) in touched {
        let path = format!("/api/v1/history/{entity}/{n}");
        s.insert(path.clone(), read(app, &path, &office).await);
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
                let (p, q) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                differences(p, q, &format!("{at}/{k}"), out, limit);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (n, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, &format!("{at}/{n}"), out, limit);
            }
        }
        _ => {
            let short = |v: &Value| v.to_string().chars().take(120).collect::<String>();
            out.push(format!("{at}: {} → {}", short(a), short(b)));
        }
    }
}

fn changes(before: &BTreeMap<String, Value>, after: &BTreeMap<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for k in keys {
        let (a, b) = (
            before.get(k).unwrap_or(&Value::Null),
            after.get(k).unwrap_or(&Value::Null),
        );
        differences(a, b, k, &mut out, 40);
    }
    out
}

async fn tokens(app: &TestApp) -> HashMap<&'static str, String> {
    let mut t = HashMap::new();
    for who in [OFFICE, REPORTER, ADMIN, LEADER] {
        t.insert(who, app.token(who).await);
    }
    t
}

fn fail_with(findings: &[String]) {
    assert!(
        findings.is_empty(),
        "{} finding(s):\n{}",
        findings.len(),
        findings.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// The tests.

#[tokio::test]
async fn malformed_or_wrong_input_to_any_write_route_is_refused_and_changes_nothing() {
    let mut findings = Vec::new();
    for app in apps().await {
        let db = app.db.to_string();
        let t = tokens(&app).await;
        let doc = read(&app, "/api/v1/openapi.json", &t[OFFICE]).await;
        let f = fixture(&app).await;
        let table = routes(&f);
        findings.extend(
            coverage(&doc, &table)
                .into_iter()
                .map(|x| format!("[{db}] {x}")),
        );
        let before = snapshot(&app, &f.touched()).await;
        for r in &table {
            findings.extend(barrage(&app, r, &t[r.actor], &doc).await);
        }
        for path in ["/api/v1/auth/login", "/api/v1/auth/token"] {
            findings.extend(auth_barrage(&app, path).await);
        }
        let after = snapshot(&app, &f.touched()).await;
        let changed = changes(&before, &after);
        if !changed.is_empty() {
            findings.push(format!(
                "[{db}] bad input changed what is stored:\n  {}",
                changed.join("\n  ")
            ));
            continue;
        }
        // The good requests are accepted: each bad one was refused for its one fault.
        for r in &table {
            let token = &t[r.actor];
            let tag = current_etag(&app, r, token).await;
            let a = send(
                &app,
                &r.method,
                &r.target(),
                Some(token),
                Some("application/json"),
                serde_json::to_vec(&r.valid).expect("json"),
                tag.as_deref(),
            )
            .await;
            if !a.status.is_success() {
                findings.push(finding(
                    &db,
                    r.method.as_str(),
                    &r.target(),
                    "the good request",
                    &a,
                    "the table's good request is refused",
                ));
            }
        }
    }
    fail_with(&findings);
}

/// Sends `body` to `path` as `who` and checks it is a 422 whose errors name exactly
/// `fields`, in Chinese and English.
async fn refused(
    app: &TestApp,
    who: &str,
    method: Method,
    path: &str,
    body: Value,
    fields: &[&str],
) -> Vec<String> {
    let token = app.token(who).await;
    let a = send(
        app,
        &method,
        path,
        Some(&token),
        Some("application/json"),
        serde_json::to_vec(&body).expect("json"),
        None,
    )
    .await;
    let db = app.db.to_string();
    let case = format!("{body}");
    let mut out = Vec::new();
    if let Some(why) = judge(&a, &[422], fields.first().copied()) {
        out.push(finding(&db, method.as_str(), path, &case, &a, &why));
        return out;
    }
    let named: Vec<&str> = a.body["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str())
        .collect();
    if named != fields {
        out.push(finding(
            &db,
            method.as_str(),
            path,
            &case,
            &a,
            &format!("errors name {named:?}, wanted {fields:?}"),
        ));
    }
    if a.body["code"] != "invalid"
        || a.body["title"] != "输入有误"
        || a.body["title_en"] != "Invalid input"
    {
        out.push(finding(
            &db,
            method.as_str(),
            path,
            &case,
            &a,
            "not the invalid-input problem",
        ));
    }
    out
}

#[tokio::test]
async fn validation_errors_name_the_field_in_chinese_and_english() {
    let mut findings = Vec::new();
    for app in apps().await {
        let office = app.token(OFFICE).await;
        let plans = read(&app, "/api/v1/plans", &office).await;
        let plan = &plans["items"][0];
        let plan_id = id(plan);
        let yibao = app.unit("yibao");
        let staged = items_of(plan)
            .filter(|i| i["lead_unit_id"] == yibao)
            .flat_map(|i| i["indicators"].as_array().into_iter().flatten())
            .find(|i| i["kind"] == "stage" && i["regions"].as_array().is_some_and(Vec::is_empty))
            .expect("a city-wide stage indicator of 市医疗保障局")
            .clone();
        let staged_item = staged["item_id"].as_i64().expect("item");
        let any_item = items_of(plan).next().map(id).expect("an item");
        let period = plan["period"]["id"].as_i64().expect("period");
        let touched = [
            ("plan", plan_id),
            ("item", any_item),
            ("item", staged_item),
            ("period", period),
        ];
        let before = snapshot(&app, &touched).await;
        let indicators = format!("/api/v1/items/{any_item}/indicators");
        let checks: Vec<(&str, Method, String, Value, Vec<&str>)> = vec![
            (
                OFFICE,
                Method::POST,
                indicators.clone(),
                json!({"name": "新指标", "kind": "bogus"}),
                vec!["kind"],
            ),
            (
                OFFICE,
                Method::POST,
                indicators.clone(),
                json!({"name": " ", "kind": "bogus", "decimals": 9}),
                vec!["name", "kind", "decimals"],
            ),
            (
                OFFICE,
                Method::POST,
                indicators,
                json!({"name": "新指标", "kind": "cumulative", "target": -1}),
                vec!["target"],
            ),
            (
                OFFICE,
                Method::POST,
                format!("/api/v1/plans/{plan_id}/periods"),
                json!({"label": "2019-13"}),
                vec!["label"],
            ),
            (
                OFFICE,
                Method::POST,
                format!("/api/v1/plans/{plan_id}/periods"),
                json!({"label": "2019-07", "cutoff": "2019-02-30"}),
                vec!["cutoff"],
            ),
            (
                REPORTER,
                Method::POST,
                "/api/v1/reports".into(),
                json!({"period_id": period, "item_id": staged_item,
                       "figures": [{"indicator_id": id(&staged), "stage": "不在阶段表中"}]}),
                vec!["figures/0/stage"],
            ),
            (
                OFFICE,
                Method::POST,
                "/api/v1/plans".into(),
                json!({"year": 1999, "title": "1999年"}),
                vec!["year"],
            ),
            (
                OFFICE,
                Method::POST,
                "/api/v1/units".into(),
                json!({"code": "new-unit", "name": "新单位", "kind": "bogus"}),
                vec!["kind"],
            ),
            (
                ADMIN,
                Method::POST,
                "/api/v1/users".into(),
                json!({"username": "new-user", "display_name": "新用户", "role": "bogus", "password": "short"}),
                vec!["role", "password"],
            ),
            (
                LEADER,
                Method::POST,
                "/api/v1/me/password".into(),
                json!({"current_password": "lingdao-demo-2019", "new_password": "short"}),
                vec!["new_password"],
            ),
        ];
        for (who, method, path, body, fields) in checks {
            findings.extend(refused(&app, who, method, &path, body, &fields).await);
        }
        let changed = changes(&before, &snapshot(&app, &touched).await);
        if !changed.is_empty() {
            findings.push(format!(
                "[{}] refused input changed what is stored:\n  {}",
                app.db,
                changed.join("\n  ")
            ));
        }
    }
    fail_with(&findings);
}

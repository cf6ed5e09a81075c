//! Units, accounts and evidence in the pages: the office creates and edits units, the
//! system administrator accounts, units attach evidence to their reports and problems —
//! all through forms, by the API's own rules, which the API then shows.

mod common;

use common::pages::{browser, post_file, session, session_with, value_of};
use common::{TestApp, UPLOAD_LIMIT, apps};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n";
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// A page: status and HTML.
async fn page(app: &TestApp, path: &str, cookie: &str) -> (StatusCode, String) {
    let res = browser()
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .expect("get");
    (res.status(), res.text().await.expect("html"))
}

/// A form POST: status, where it sends the browser, and the page.
async fn post(
    app: &TestApp,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let res = browser()
        .post(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .form(fields)
        .send()
        .await
        .expect("post");
    answer(res).await
}

async fn answer(res: reqwest::Response) -> (StatusCode, String, String) {
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, location, res.text().await.expect("body"))
}

/// A file sent as a browser sends an upload form.
async fn upload(
    app: &TestApp,
    path: &str,
    cookie: &str,
    name: &str,
    bytes: &[u8],
) -> (StatusCode, String, String) {
    answer(post_file(app, path, cookie, name, bytes).await).await
}

/// Every unit, as the API lists them.
async fn api_units(app: &TestApp, token: &str) -> Vec<Value> {
    let list = app.get("/api/v1/units?per_page=500", token).await;
    assert_eq!(list.status, StatusCode::OK, "{list:?}");
    list.body["items"].as_array().expect("units").clone()
}

async fn api_unit(app: &TestApp, token: &str, code: &str) -> Option<Value> {
    api_units(app, token)
        .await
        .into_iter()
        .find(|u| u["code"] == code)
}

async fn api_users(app: &TestApp, token: &str) -> Vec<Value> {
    let list = app.get("/api/v1/users?per_page=500", token).await;
    assert_eq!(list.status, StatusCode::OK, "{list:?}");
    list.body["items"].as_array().expect("users").clone()
}

/// Whether `who` can get a token with `password`.
async fn logs_in(app: &TestApp, who: &str, password: &str) -> StatusCode {
    let body = app.credentials(who, password).await;
    app.call(
        reqwest::Method::POST,
        "/api/v1/auth/token",
        None,
        Some(body),
        &[],
    )
    .await
    .status
}

#[tokio::test]
async fn the_office_creates_and_edits_a_unit_in_the_pages_and_the_api_returns_it() {
    for app in apps().await {
        let office = session(&app, &browser(), "ducha").await;
        let token = app.token("ducha").await;
        let (status, list) = page(&app, "/units", &office).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            list.contains("<label for=\"unit-code\">单位代码</label>")
                && list.contains("action=\"/units\""),
            "{list}"
        );
        let city = app.unit("linyi").to_string();
        let (status, to, _) = post(
            &app,
            "/units",
            &office,
            &[
                ("code", "shuiwu"),
                ("name", "市水务局"),
                ("kind", "department"),
                ("parent_id", &city),
                ("seq", "7"),
                ("active", "1"),
                ("version", ""),
            ],
        )
        .await;
        assert_eq!(
            (status, to.as_str()),
            (StatusCode::SEE_OTHER, "/units?ok=created")
        );
        let made = api_unit(&app, &token, "shuiwu").await.expect("created");
        assert_eq!(made["name"], "市水务局");
        assert_eq!(made["kind"], "department");
        assert_eq!(made["parent_id"].to_string(), city);
        assert_eq!(
            (made["seq"].as_i64(), made["active"].as_bool()),
            (Some(7), Some(true))
        );
        let (_, list) = page(&app, "/units?ok=created", &office).await;
        assert!(
            list.contains("单位已新增。") && list.contains("<td>shuiwu</td><td>市水务局</td>"),
            "{list}"
        );

        // Its form: the stored values and version; a change without a parent, out of use.
        let id = made["id"].as_i64().expect("id");
        let path = format!("/units/{id}");
        assert!(list.contains(&format!("href=\"{path}\"")));
        let (status, form) = page(&app, &path, &office).await;
        assert_eq!(status, StatusCode::OK);
        assert!(form.contains("value=\"市水务局\""), "{form}");
        let version = value_of(&form, "version");
        assert_eq!(version, "1");
        let (status, to, _) = post(
            &app,
            &path,
            &office,
            &[
                ("code", "shuiwu"),
                ("name", "临沂市水利局"),
                ("kind", "department"),
                ("parent_id", ""),
                ("seq", "8"),
                ("version", &version),
            ],
        )
        .await;
        assert_eq!(
            (status, to.as_str()),
            (StatusCode::SEE_OTHER, "/units?ok=saved")
        );
        let a = app.get(&format!("/api/v1/units/{id}"), &token).await;
        assert_eq!(a.body["name"], "临沂市水利局");
        assert_eq!(a.body["parent_id"], Value::Null);
        assert_eq!(a.body["active"], false, "the box left unticked: out of use");
        assert_eq!(a.etag(), "\"v2\"");

        // A leader reads the units, without forms, and may not post one.
        let leader = session(&app, &browser(), "lingdao").await;
        let (status, list) = page(&app, "/units", &leader).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            list.contains("临沂市水利局") && !list.contains("action=\"/units\""),
            "{list}"
        );
        let (status, _, _) = post(
            &app,
            "/units",
            &leader,
            &[("code", "x1"), ("name", "某单位"), ("kind", "department")],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(page(&app, &path, &leader).await.0, StatusCode::FORBIDDEN);
        assert!(api_unit(&app, &token, "x1").await.is_none());
    }
}

#[tokio::test]
async fn bad_input_re_renders_the_form_with_each_fields_message_and_changes_nothing() {
    for app in apps().await {
        let office = session(&app, &browser(), "ducha").await;
        let token = app.token("ducha").await;
        let before = api_units(&app, &token).await.len();
        let (status, _, html) = post(
            &app,
            "/units",
            &office,
            &[
                ("code", "坏 代码"),
                ("name", "  "),
                ("kind", "region"),
                ("parent_id", ""),
                ("seq", "三"),
                ("active", "1"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("排序须为整数"), "{html}");
        assert!(html.contains("value=\"坏 代码\"") && html.contains("value=\"三\""));
        // The order fixed, the domain's rules speak for the other fields.
        let (status, _, html) = post(
            &app,
            "/units",
            &office,
            &[
                ("code", "坏 代码"),
                ("name", ""),
                ("kind", "region"),
                ("seq", "2"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            html.contains("单位代码须为1至40位字母、数字、_ 或 -") && html.contains("不能为空"),
            "{html}"
        );
        assert!(
            html.contains("<option value=\"region\" selected>县区</option>"),
            "the kind chosen is kept: {html}"
        );
        // A code already taken: the API's conflict, in words.
        let (status, _, html) = post(
            &app,
            "/units",
            &office,
            &[("code", "yishui"), ("name", "重复的县"), ("kind", "region")],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(
            html.contains("未能保存") && html.contains("yishui"),
            "{html}"
        );
        assert_eq!(api_units(&app, &token).await.len(), before);

        // An account: a short password and a reporter without a unit.
        let admin = session(&app, &browser(), "xitong").await;
        let admin_token = app.token("xitong").await;
        let users = api_users(&app, &admin_token).await.len();
        let (status, _, html) = post(
            &app,
            "/users",
            &admin,
            &[
                ("username", "xin-tianbao"),
                ("display_name", "新填报员"),
                ("role", "reporter"),
                ("unit_id", ""),
                ("password", "duan-mima"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            html.contains("密码长度至少12位") && html.contains("该角色须指定所属单位"),
            "{html}"
        );
        assert!(html.contains("value=\"xin-tianbao\"") && html.contains("value=\"新填报员\""));
        assert!(
            !html.contains("duan-mima"),
            "the password is not printed back"
        );
        assert_eq!(api_users(&app, &admin_token).await.len(), users);
        assert_eq!(
            logs_in(&app, "xin-tianbao", "duan-mima").await,
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn the_system_administrator_creates_an_account_that_logs_in_and_disables_it_so_it_cannot() {
    for app in apps().await {
        let admin = session(&app, &browser(), "xitong").await;
        let token = app.token("xitong").await;
        let (status, list) = page(&app, "/users", &admin).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            list.contains("<label for=\"user-password\">初始密码</label>"),
            "{list}"
        );
        let unit = app.unit("jiaoyu").to_string();
        let password = "jiaoyu-xin-2019-mima";
        let (status, to, _) = post(
            &app,
            "/users",
            &admin,
            &[
                ("username", "tb2-jiaoyu"),
                ("display_name", "教育局第二填报员"),
                ("role", "reporter"),
                ("unit_id", &unit),
                ("password", password),
            ],
        )
        .await;
        assert_eq!(
            (status, to.as_str()),
            (StatusCode::SEE_OTHER, "/users?ok=created")
        );
        let made = api_users(&app, &token)
            .await
            .into_iter()
            .find(|u| u["username"] == "tb2-jiaoyu")
            .expect("created");
        assert_eq!(made["role"], "reporter");
        assert_eq!(made["unit_id"].to_string(), unit);
        // It signs in to its unit's tasks.
        let own = session_with(&app, "tb2-jiaoyu", password)
            .await
            .expect("the new account signs in");
        let (status, tasks) = page(&app, "/tasks", &own).await;
        assert_eq!(status, StatusCode::OK, "{tasks}");

        // Disabled on its page: its session ends and it cannot sign in again.
        let id = made["id"].as_i64().expect("id");
        let path = format!("/users/{id}");
        let (status, form) = page(&app, &path, &admin).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            form.contains("id=\"account-active\" name=\"active\""),
            "{form}"
        );
        let version = value_of(&form, "version");
        let (status, to, _) = post(
            &app,
            &path,
            &admin,
            &[("email", ""), ("password", ""), ("version", &version)],
        )
        .await;
        assert_eq!(
            (status, to.as_str()),
            (StatusCode::SEE_OTHER, "/users?ok=saved")
        );
        assert_eq!(
            logs_in(&app, "tb2-jiaoyu", password).await,
            StatusCode::UNAUTHORIZED
        );
        let (status, _) = page(&app, "/tasks", &own).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "its session has ended");
        let (_, list) = page(&app, "/users", &admin).await;
        assert!(list.contains("<td>tb2-jiaoyu</td>"), "{list}");

        // The office manages no accounts, the administrator no units.
        let office = session(&app, &browser(), "ducha").await;
        assert_eq!(page(&app, &path, &office).await.0, StatusCode::FORBIDDEN);
        let (status, _, _) = post(
            &app,
            "/users",
            &office,
            &[
                ("username", "sneaky"),
                ("display_name", "某人"),
                ("role", "office"),
                ("password", password),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(
            logs_in(&app, "sneaky", password).await,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(page(&app, "/units", &admin).await.0, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_stale_form_is_refused_and_changes_nothing() {
    for app in apps().await {
        let office = session(&app, &browser(), "ducha").await;
        let token = app.token("ducha").await;
        let id = app.unit("yishui");
        let path = format!("/units/{id}");
        let (_, form) = page(&app, &path, &office).await;
        let version = value_of(&form, "version");
        let fields = |name: &'static str| {
            vec![
                ("code", "yishui"),
                ("name", name),
                ("kind", "region"),
                ("parent_id", ""),
                ("seq", "3"),
                ("active", "1"),
            ]
        };
        // Someone else saves first…
        let mut first = fields("沂水县(甲)");
        first.push(("version", &version));
        let (status, _, _) = post(&app, &path, &office, &first).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // …then the form read before is refused, keeping what was typed.
        let mut second = fields("沂水县(乙)");
        second.push(("version", &version));
        let (status, _, html) = post(&app, &path, &office, &second).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);
        assert!(
            html.contains("数据已被他人修改,请重新打开页面后再改。")
                && html.contains("value=\"沂水县(乙)\""),
            "{html}"
        );
        let a = app.get(&format!("/api/v1/units/{id}"), &token).await;
        assert_eq!(a.body["name"], "沂水县(甲)");
        // No version at all is the API's 428.
        let (status, _, _) = post(&app, &path, &office, &fields("沂水县(丙)")).await;
        assert_eq!(status, StatusCode::PRECONDITION_REQUIRED);

        // The same for an account.
        let admin = session(&app, &browser(), "xitong").await;
        let admin_token = app.token("xitong").await;
        let user = api_users(&app, &admin_token)
            .await
            .into_iter()
            .find(|u| u["username"] == "yibao-tb")
            .expect("demo reporter");
        let path = format!("/users/{}", user["id"]);
        let (_, form) = page(&app, &path, &admin).await;
        let version = value_of(&form, "version");
        let saved = [
            ("active", "1"),
            ("email", "tb@yibao.example"),
            ("version", &version),
        ];
        assert_eq!(
            post(&app, &path, &admin, &saved).await.0,
            StatusCode::SEE_OTHER
        );
        let stale = [("email", ""), ("version", &version)];
        let (status, _, html) = post(&app, &path, &admin, &stale).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);
        assert!(html.contains("数据已被他人修改"), "{html}");
        assert_eq!(
            logs_in(&app, "yibao-tb", common::password("yibao-tb")).await,
            StatusCode::CREATED,
            "still enabled"
        );
        let a = app
            .get(&format!("/api/v1/users/{}", user["id"]), &admin_token)
            .await;
        assert_eq!(a.body["email"], "tb@yibao.example");
    }
}

#[tokio::test]
async fn a_reporter_uploads_a_file_in_the_fill_form_downloads_it_and_withdraws_it() {
    for app in apps().await {
        let token = app.token("tb-jiaoyu").await;
        let task = app.returned_task(&token, 11).await;
        let item = task["item_id"].as_i64().expect("item");
        let report = task["report_id"].as_i64().expect("report");
        let path = format!("/tasks/{item}");
        let cookie = session(&app, &browser(), "tb-jiaoyu").await;
        let (status, form) = page(&app, &path, &cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            form.contains("尚未上传佐证材料")
                && form.contains(&format!(
                    "action=\"{path}/evidence\" enctype=\"multipart/form-data\""
                ))
                && form.contains("<label for=\"evidence-file\">选择文件</label>"),
            "{form}"
        );

        let (status, to, _) = upload(
            &app,
            &format!("{path}/evidence"),
            &cookie,
            "教师招聘公告.pdf",
            PDF,
        )
        .await;
        assert_eq!(
            (status, to.as_str()),
            (
                StatusCode::SEE_OTHER,
                format!("{path}?ok=uploaded#evidence").as_str()
            )
        );
        let listed = app
            .get(&format!("/api/v1/reports/{report}/evidence"), &token)
            .await;
        let file = listed.body["items"][0].clone();
        assert_eq!(file["file_name"], "教师招聘公告.pdf", "{listed:?}");
        let id = file["id"].as_i64().expect("id");

        // Listed on the form, linked to its download, with a withdraw button.
        let (_, form) = page(&app, &format!("{path}?ok=uploaded"), &cookie).await;
        let link = format!("/api/v1/evidence/{id}/file");
        assert!(
            form.contains("佐证材料已上传。")
                && form.contains(&format!("href=\"{link}\""))
                && form.contains("教师招聘公告.pdf")
                && form.contains("PDF文档"),
            "{form}"
        );
        let withdraw = format!("{path}/evidence/{id}/withdraw");
        assert!(form.contains(&format!("action=\"{withdraw}\"")), "{form}");
        let got = browser()
            .get(format!("{}{link}", app.base))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("download");
        assert_eq!(got.status(), StatusCode::OK);
        assert!(
            got.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment"),
        );
        assert_eq!(got.bytes().await.expect("bytes").as_ref(), PDF);
        // The lead unit's reviewer sees it too, without the buttons.
        let reviewer = session(&app, &browser(), "sh-jiaoyu").await;
        let (_, theirs) = page(&app, &path, &reviewer).await;
        assert!(
            theirs.contains(&format!("href=\"{link}\"")) && !theirs.contains("withdraw\""),
            "{theirs}"
        );

        let (status, to, _) = post(&app, &withdraw, &cookie, &[]).await;
        assert_eq!(
            (status, to.as_str()),
            (
                StatusCode::SEE_OTHER,
                format!("{path}?ok=withdrawn#evidence").as_str()
            )
        );
        let (_, form) = page(&app, &path, &cookie).await;
        assert!(
            form.contains("尚未上传佐证材料") && !form.contains(&link),
            "{form}"
        );
        let all = app
            .get(
                &format!("/api/v1/reports/{report}/evidence?include_withdrawn=true"),
                &token,
            )
            .await;
        assert!(
            all.body["items"][0]["deleted_at"].is_string(),
            "kept, withdrawn: {all:?}"
        );
        // Twice is refused, in words.
        let (status, _, html) = post(&app, &withdraw, &cookie, &[]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(html.contains("未能办理"), "{html}");
    }
}

#[tokio::test]
async fn an_oversized_or_disguised_file_is_refused_on_the_page_with_a_message() {
    for app in apps().await {
        let token = app.token("tb-jiaoyu").await;
        let task = app.returned_task(&token, 11).await;
        let item = task["item_id"].as_i64().expect("item");
        let report = task["report_id"].as_i64().expect("report");
        let cookie = session(&app, &browser(), "tb-jiaoyu").await;
        let at = format!("/tasks/{item}/evidence");
        let mut big = PNG.to_vec();
        big.resize(UPLOAD_LIMIT + 1, 0);
        let (status, _, html) = upload(&app, &at, &cookie, "现场.png", &big).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(
            html.contains("文件过大,单个文件不能超过 256 KiB。"),
            "{html}"
        );
        assert!(html.contains("<h1>"), "the form again, not a bare error");
        let (status, _, html) = upload(&app, &at, &cookie, "报告.pdf", b"MZ\x90\0\x03\0\0\0").await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(html.contains("文件类型不允许"), "{html}");
        let (status, _, html) = upload(&app, &at, &cookie, "", b"").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("请选择要上传的文件"), "{html}");
        let listed = app
            .get(
                &format!("/api/v1/reports/{report}/evidence?include_withdrawn=true"),
                &token,
            )
            .await;
        assert_eq!(listed.body["items"], json!([]));
        assert_eq!(app.evidence_files(), Vec::<String>::new());

        // In English, the same refusal reads in English.
        let english = format!("{cookie}; lang=en");
        let (status, _, html) = upload(&app, &at, &english, "现场.png", &big).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(
            html.contains("The file is too large: at most 256 KiB a file."),
            "{html}"
        );
        assert!(
            html.contains(">Evidence</h2>") && html.contains(">Choose a file</label>"),
            "{html}"
        );
    }
}

#[tokio::test]
async fn a_unit_attaches_rectification_evidence_to_its_problem_on_the_board() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let p = app
            .post(
                "/api/v1/problems",
                &office,
                json!({"plan_id": 1, "owner_unit_id": app.unit("yibao"), "title": "异地结算备案滞后",
                       "description": "需加快备案", "deadline": "2099-06-30"}),
            )
            .await;
        assert_eq!(p.status, StatusCode::CREATED, "{p:?}");
        let id = p.body["id"].as_i64().expect("problem");
        let cookie = session(&app, &browser(), "yibao-tb").await;
        let (status, board) = page(&app, "/problems", &cookie).await;
        assert_eq!(status, StatusCode::OK);
        let at = format!("/problems/{id}/evidence");
        assert!(
            board.contains(&format!("action=\"{at}\""))
                && board.contains(&format!("<label for=\"file-{id}\">")),
            "{board}"
        );
        // Another unit neither sees the problem nor may attach to it.
        let other = session(&app, &browser(), "tb-jiaoyu").await;
        let (_, theirs) = page(&app, "/problems", &other).await;
        assert!(!theirs.contains("异地结算备案滞后"));
        let (status, _, _) = upload(&app, &at, &other, "整改.png", PNG).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let (status, to, _) = upload(&app, &at, &cookie, "整改报告.pdf", PDF).await;
        assert_eq!(
            (status, to.as_str()),
            (StatusCode::SEE_OTHER, "/problems?ok=uploaded")
        );
        let listed = app
            .get(&format!("/api/v1/problems/{id}/evidence"), &office)
            .await;
        assert_eq!(
            listed.body["items"].as_array().map(Vec::len),
            Some(1),
            "{listed:?}"
        );
        assert_eq!(listed.body["items"][0]["file_name"], "整改报告.pdf");
        let file = listed.body["items"][0]["id"].as_i64().expect("id");
        let (_, board) = page(&app, "/problems?ok=uploaded", &cookie).await;
        assert!(
            board.contains("佐证材料已上传。")
                && board.contains("整改佐证材料(1)")
                && board.contains(&format!("href=\"/api/v1/evidence/{file}/file\"")),
            "{board}"
        );
        // The office reads it on its board; once the problem is closed the unit can
        // no longer add to it.
        let ducha = session(&app, &browser(), "ducha").await;
        let (_, theirs) = page(&app, "/problems", &ducha).await;
        assert!(theirs.contains("整改报告.pdf"), "{theirs}");
        let mut etag = app
            .get(&format!("/api/v1/problems/{id}"), &office)
            .await
            .etag();
        for (token, action, note) in [
            (app.token("yibao-tb").await, "rectify", "已完成备案"),
            (office.clone(), "verify", ""),
            (office.clone(), "close", ""),
        ] {
            let a = app
                .change(
                    reqwest::Method::POST,
                    &format!("/api/v1/problems/{id}/actions"),
                    &token,
                    &etag,
                    json!({"action": action, "note": note}),
                )
                .await;
            assert_eq!(a.status, StatusCode::OK, "{action}: {a:?}");
            etag = a.etag();
        }
        let (_, board) = page(&app, "/problems?all=1", &cookie).await;
        assert!(!board.contains(&format!("action=\"{at}\"")), "{board}");
        let (status, _, html) = upload(&app, &at, &cookie, "补充.pdf", PDF).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(html.contains("佐证材料未能办理"), "{html}");
    }
}

//! The public portal (/gk/): only what was published is there, with its index number
//! and catalogue data; the bulletin names no person; open data in CSV and JSON; an Atom
//! feed; objections within the window reach the office, which can raise a problem from
//! one. No public answer carries a phone or ID-card number.

mod common;

use common::pages::{browser, session};
use common::{TestApp, apps};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// An anonymous GET: status and body.
async fn public(app: &TestApp, path: &str) -> (StatusCode, String, reqwest::header::HeaderMap) {
    let res = browser()
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .expect("get");
    let status = res.status();
    let headers = res.headers().clone();
    (status, res.text().await.expect("body"), headers)
}

/// Runs of digits shaped like a mainland mobile number or an ID-card number.
fn personal_numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || chars[i] == 'X' || chars[i] == 'x')
            {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let phone =
                run.len() == 11 && run.starts_with('1') && run.chars().all(|c| c.is_ascii_digit());
            let id_card = run.len() == 18 && run[..17].chars().all(|c| c.is_ascii_digit());
            if phone || id_card {
                out.push(run);
            }
        } else {
            i += 1;
        }
    }
    out
}

#[tokio::test]
async fn a_published_bulletin_is_public_with_its_catalogue_data_and_names_no_person() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let unpublished = app.issued_bulletin(&office).await;
        let id = app.issued_bulletin(&office).await;
        let p = app
            .post(
                &format!("/api/v1/bulletins/{id}/publication"),
                &office,
                json!({"org_code": "1585729837", "catalogue_code": "zfb",
                       "publisher": "临沂市人民政府办公室", "catalogue": "政府信息公开目录/督查专报",
                       "published_on": "2019-07-12", "doc_number": "临督专〔2019〕17号"}),
            )
            .await;
        assert_eq!(p.status, StatusCode::CREATED, "{p:?}");
        assert_eq!(p.body["index_number"], "1585729837/zfb/2019-0000001");
        let again = app
            .post(
                &format!("/api/v1/bulletins/{id}/publication"),
                &office,
                json!({"org_code": "1585729837", "catalogue_code": "zfb",
                       "publisher": "临沂市人民政府办公室", "catalogue": "督查专报"}),
            )
            .await;
        assert_eq!(again.body["code"], "already_published");
        let gk = p.body["url"].as_str().expect("url").to_string();

        let mut answers = Vec::new();
        let (status, list, _) = public(&app, "/gk").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            list.contains(&format!("href=\"{gk}\""))
                && list.contains("1585729837/zfb/2019-0000001"),
            "{list}"
        );
        assert_eq!(
            list.matches("<td><a href=\"/gk/").count(),
            1,
            "only what was published: {list}"
        );
        let (_, found, _) = public(&app, "/gk?q=%E7%AC%AC18%E6%9C%9F").await;
        assert!(found.contains(&gk), "searching 第18期 finds it");
        let (_, none, _) = public(&app, "/gk?q=%E6%B2%A1%E6%9C%89").await;
        assert!(!none.contains(&gk), "searching 没有 finds nothing");
        answers.push(list);

        let (status, page, _) = public(&app, &gk).await;
        assert_eq!(status, StatusCode::OK);
        for want in [
            "索引号",
            "1585729837/zfb/2019-0000001",
            "临沂市人民政府办公室",
            "主动公开",
            "临督专〔2019〕17号",
            "(一)特殊群体关爱服务保障方面。",
            "31419",
        ] {
            assert!(page.contains(want), "{want} missing");
        }
        let office_name = app.get("/api/v1/me", &office).await.body["user"]["display_name"]
            .as_str()
            .expect("name")
            .to_string();
        assert!(
            !page.contains(&office_name),
            "the approver is not named in public"
        );
        assert!(
            page.contains("市政府督查室于"),
            "approved by the office: {page}"
        );
        answers.push(page);

        let (status, csv, headers) = public(&app, &format!("{gk}/data.csv")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
        assert!(csv.starts_with(
            "\u{feff}序号,事项,指标,单位,年度目标,完成值,完成率(%),状态,牵头单位\r\n"
        ));
        assert!(
            csv.contains("3,产业扶贫项目,产业扶贫项目方案编制,个,125,109,87,正常推进,"),
            "{csv}"
        );
        let (_, json_text, _) = public(&app, &format!("{gk}/data.json")).await;
        let data: Value = serde_json::from_str(&json_text).expect("json");
        assert_eq!(data["index_number"], "1585729837/zfb/2019-0000001");
        assert!(data["figures"].as_array().expect("figures").len() > 40);
        let (_, atom, headers) = public(&app, "/gk/feed.atom").await;
        assert_eq!(
            headers["content-type"],
            "application/atom+xml; charset=utf-8"
        );
        assert!(atom.contains(&format!("<link href=\"{gk}\"/>")), "{atom}");
        answers.extend([csv, json_text, atom]);

        // The unpublished issue and drafts are nowhere public.
        let (status, _, _) = public(&app, &format!("/gk/{}", unpublished + 1000)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        for answer in &answers {
            assert_eq!(personal_numbers(answer), Vec::<String>::new());
        }
    }
}

#[tokio::test]
async fn an_objection_within_the_window_reaches_the_office_and_can_become_a_problem() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let today = app.clock.today();
        let id = app.issued_bulletin(&office).await;
        let p = app
            .post(
                &format!("/api/v1/bulletins/{id}/publication"),
                &office,
                json!({"org_code": "1585729837", "catalogue_code": "zfb",
                       "publisher": "临沂市人民政府办公室", "catalogue": "督查专报"}),
            )
            .await;
        assert_eq!(p.body["published_on"], today.to_string());
        let gk = p.body["url"].as_str().expect("url").to_string();
        let http = browser();
        let send = |text: &'static str| {
            let http = http.clone();
            let url = format!("{}{gk}/objections", app.base);
            async move {
                http.post(url)
                    .form(&[
                        ("figure", "第2项 31419人"),
                        ("text", text),
                        ("contact", "13912345678"),
                    ])
                    .send()
                    .await
                    .expect("post")
            }
        };
        let empty = send("  ").await;
        assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let ok = send("该县实际摸排人数与公布数字不符").await;
        assert_eq!(ok.status(), StatusCode::SEE_OTHER);
        let (_, page, _) = public(&app, &gk).await;
        assert!(!page.contains("13912345678"), "the contact is never shown");

        // The office's queue shows it with the contact, and a form to settle it.
        let code = app.login_code("ducha").await.expect("a code");
        let login = http
            .post(format!("{}/login", app.base))
            .form(&[
                ("username", "ducha"),
                ("password", "ducha-demo-2019"),
                ("code", &code),
            ])
            .send()
            .await
            .expect("login");
        let cookie = login.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .split(';')
            .next()
            .expect("cookie")
            .to_string();
        let queue = http
            .get(format!("{}/objections", app.base))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("queue")
            .text()
            .await
            .expect("html");
        assert!(
            queue.contains("该县实际摸排人数与公布数字不符") && queue.contains("13912345678"),
            "{queue}"
        );
        assert!(queue.contains("转为整改问题"));

        let list = app.get("/api/v1/objections?state=open", &office).await;
        let objection = list.body[0].clone();
        assert_eq!(
            objection["contact"], "13912345678",
            "the office reads the contact"
        );
        let oid = objection["id"].as_i64().expect("id");
        let etag = app
            .get(&format!("/api/v1/objections/{oid}"), &office)
            .await
            .etag();
        let settled = app
            .change(
                Method::POST,
                &format!("/api/v1/objections/{oid}/settlement"),
                &office,
                &etag,
                json!({"problem": {"owner_unit_id": app.unit("jiaoyu"), "deadline": "2099-08-31"}}),
            )
            .await;
        assert_eq!(settled.status, StatusCode::OK, "{settled:?}");
        let problem = settled.body["problem_id"].as_i64().expect("a problem");
        let raised = app
            .get(&format!("/api/v1/problems/{problem}"), &office)
            .await;
        assert_eq!(raised.body["source"], "objection");
        assert!(
            raised.body["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("公众异议:"))
        );

        // After the window (7 days), objections are refused.
        app.clock.set(duban_domain::Date::from_days_since_epoch(
            today.days_since_epoch() + 8,
        ));
        let late = send("再提一次").await;
        assert_eq!(late.status(), StatusCode::CONFLICT);
        assert_eq!(
            app.get("/api/v1/objections?state=open", &office).await.body,
            json!([])
        );
    }
}

#[tokio::test]
async fn the_office_publishes_an_item_progress_page_from_the_item_page_and_the_public_reads_it() {
    for app in apps().await {
        let http = browser();
        let cookie = session(&app, &http, "ducha").await;
        let item = app.get("/api/v1/items/1", &app.token("ducha").await).await;
        let title = item.body["title"].as_str().expect("title").to_string();

        let page = http
            .get(format!("{}/items/1", app.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("href=\"/items/1/publish\""), "{page}");
        let form = http
            .get(format!("{}/items/1/publish", app.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(form.contains("name=\"period_id\"") && form.contains("2019-05"));

        let fields = [
            ("period_id", "1"),
            ("org_code", "1585729837"),
            ("catalogue_code", "zfb"),
            ("publisher", "临沂市人民政府办公室"),
            ("catalogue", "政府信息公开目录/民生实事"),
            ("doc_number", ""),
            ("published_on", "2019-07-12"),
            ("objection_days", "7"),
        ];
        let post = |f: Vec<(&'static str, &'static str)>| {
            let http = http.clone();
            let cookie = cookie.clone();
            let url = format!("{}/items/1/publish", app.base);
            async move {
                http.post(url)
                    .header("cookie", cookie)
                    .form(&f)
                    .send()
                    .await
                    .expect("post")
            }
        };
        let done = post(fields.to_vec()).await;
        assert_eq!(done.status(), StatusCode::SEE_OTHER);
        let gk = done.headers()["location"].to_str().unwrap().to_string();

        let (status, public_page, _) = public(&app, &gk).await;
        assert_eq!(status, StatusCode::OK);
        for want in [
            title.as_str(),
            "进展情况(2019年1-5月)",
            "1585729837/zfb/2019-0000001",
            "指标完成情况",
            "数据来源",
        ] {
            assert!(public_page.contains(want), "{want} missing: {public_page}");
        }
        assert!(
            !public_page.contains("督查室工作人员(演示)"),
            "no person named"
        );
        assert!(personal_numbers(&public_page).is_empty());
        let (_, csv, _) = public(&app, &format!("{gk}/data.csv")).await;
        let lines: Vec<&str> = csv.lines().skip(1).collect();
        assert!(!lines.is_empty());
        assert!(
            lines.iter().all(|l| l.starts_with("1,")),
            "only item 1's indicators: {csv}"
        );
        let (_, list, _) = public(&app, "/gk").await;
        assert!(list.contains(&gk));

        // The same figures again: refused, the form kept with the reason.
        let again = post(fields.to_vec()).await;
        assert_eq!(again.status(), StatusCode::CONFLICT);
        let text = again.text().await.unwrap();
        assert!(text.contains("已按现有数据公开") && text.contains("value=\"zfb\""));

        // A bad window: the field's message, nothing published.
        let mut bad = fields.to_vec();
        bad[7] = ("objection_days", "七");
        let refused = post(bad).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.text().await.unwrap().contains("异议期应为天数"));
        assert_eq!(public(&app, "/gk/2").await.0, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn an_item_page_is_published_through_the_api_for_a_period_of_its_own_plan_only() {
    for app in apps().await {
        let office = app.token("ducha").await;
        let catalogue = json!({"org_code": "1585729837", "catalogue_code": "zfb",
                               "publisher": "临沂市人民政府办公室", "catalogue": "民生实事"});
        let p = app
            .post(
                "/api/v1/items/2/publication",
                &office,
                json!({"period_id": 1, "publication": catalogue}),
            )
            .await;
        assert_eq!(p.status, StatusCode::CREATED, "{p:?}");
        assert_eq!(p.body["item_id"], 2);
        assert_eq!(p.body["period_id"], 1);
        assert!(p.body["bulletin_id"].is_null());

        let unknown = app
            .post(
                "/api/v1/items/2/publication",
                &office,
                json!({"period_id": 999, "publication": catalogue}),
            )
            .await;
        assert_eq!(
            unknown.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{unknown:?}"
        );
        assert_eq!(unknown.body["errors"][0]["field"], "period_id");

        let reporter = app.token("yibao-tb").await;
        let refused = app
            .post(
                "/api/v1/items/2/publication",
                &reporter,
                json!({"period_id": 1, "publication": catalogue}),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
}
